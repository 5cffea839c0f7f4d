"""analysis.findings: the finding sentences, worded from small hand-made tables."""

import pandas as pd

from analysis import findings


def _means(rows):
    return pd.DataFrame(rows, columns=["outlet", "value", "ci_low", "ci_high", "n", "n_articles"])


def test_tone_by_outlet_names_the_range_and_whether_intervals_overlap():
    apart = _means([("A", 0.2, 0.15, 0.25, 30, 3), ("B", -0.1, -0.2, 0.0, 20, 2)])
    assert findings.tone_by_outlet(apart, "TextBlob") == (
        "Mean sentence polarity (TextBlob) ranges from -0.100 at B to +0.200 at A. "
        "Their 95% intervals do not overlap."
    )
    overlap = _means([("A", 0.2, 0.0, 0.3, 30, 3), ("B", 0.1, -0.1, 0.25, 20, 2)])
    assert findings.tone_by_outlet(overlap, "VADER").endswith("so the difference is not clear.")
    single = _means([("A", 0.2, float("nan"), float("nan"), 5, 1), ("B", 0.1, 0.0, 0.2, 9, 2)])
    assert "single articles" in findings.tone_by_outlet(single, "TextBlob")
    one = _means([("A", 0.25, 0.1, 0.3, 12, 2)])
    assert findings.tone_by_outlet(one, "TextBlob") == (
        "Mean sentence polarity (TextBlob) at A is +0.250 over 12 sentences."
    )


def test_domain_effect_counts_direction_and_largest_change():
    both = pd.DataFrame(
        {
            "outlet": ["A", "B", "C"],
            "polarity": [0.1, 0.2, 0.0],
            "polarity_domain": [0.05, 0.3, 0.0],
        }
    )
    both["change"] = both["polarity_domain"] - both["polarity"]
    text = findings.domain_effect(both)
    assert text.startswith("The domain lexicon lowers the mean polarity at 1 and raises it at 1")
    assert "the largest change is at B: +0.200 unaltered, +0.300 with" in text


def test_stance_and_prominence_name_the_leaders():
    data = pd.DataFrame({"actor": ["P", "T"], "value": [0.5, 0.5], "n": [4, 2]})
    verbs = pd.DataFrame(
        {"actor": ["P", "P"], "verb_class": ["distancing", "neutral"], "verbs": ["claim", "say"]}
    )
    assert findings.stance(data, verbs) == (
        "Reporting verbs distance the reporter most from P and T: stance +0.50 over 4 "
        "attributed statements (distancing verbs: claim)."
    )
    assert findings.prominence(data) == (
        "Most prominent: P and T, named in the headline, standfirst or lead of 50% of the "
        "articles that mention them."
    )


def test_scope_note_names_the_rewrites_pooled_numbers_count_once():
    arts = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "Y"], "rewrite_of": ["", "a"]})
    from analysis.scope import counted_once

    assert findings.scope_note(counted_once(arts, "once")) == (
        " Whole-corpus numbers count shared text once: 1 article that rewrites another article"
        " of the corpus (b (Y)) is left out of them (rewrites: once); per-outlet numbers keep"
        " every article."
    )
    assert findings.scope_note(counted_once(arts, "all")) == ""


def test_rewrites_counts_articles_not_pairs_and_accounting_names_lost_outlets():
    flagged = pd.DataFrame(
        {
            "article_id": ["c", "c", "d"],
            "source_id": ["a", "b", "a"],
            "n_aligned": [5, 4, 6],
            "n_sentences": [6, 6, 7],
            "coverage": [0.8, 0.7, 0.9],
            "mean_similarity": [0.6, 0.5, 0.7],
        }
    )
    outlet_of = pd.Series({"a": "X", "b": "Y", "c": "Z", "d": "W"})
    text = findings.rewrites(flagged, outlet_of, "once")
    assert text.startswith("2 articles are flagged as a rewrite (3 article pairs): ")
    acc = pd.DataFrame({"status": ["analysed", "excluded"], "reason": ["", "empty"]})
    outlets = pd.DataFrame(
        {"outlet": ["X", "Q"], "status": ["analysed", "excluded"], "reason": ["", "empty"]}
    )
    assert findings.accounting(acc, outlets).endswith(
        " 1 outlet of the input has no analysed article: Q (empty)."
    )


def test_small_text_helpers():
    assert findings.join_names(["A"]) == "A"
    assert findings.join_names(["A", "B"]) == "A and B"
    assert findings.join_names(["A", "B", "C", "D", "E"]) == "A, B, C and 2 more"
    assert findings.plural(1, "span") == "1 span" and findings.plural(2, "span") == "2 spans"


def test_word_findings_say_when_nothing_is_significant():
    note = findings.significance_note
    assert note(pd.DataFrame({"z": [1.2, -0.5]})).startswith(" None of these")
    assert note(pd.DataFrame({"z": [2.1, 0.3]})) == ""
    assert note(pd.DataFrame({"z": [-1.97]})) == ""


def test_frame_decisions_finding():
    # outlet A: 2 articles, B: 1; conflict present in 2 of 3 articles, economic in 1 of 3
    presence = pd.DataFrame(
        {
            "outlet": ["A", "A", "B", "B"],
            "frame": ["conflict", "economic_consequences"] * 2,
            "n_articles": [2, 2, 1, 1],
            "n_present": [1, 1, 1, 0],
            "share_present": [0.5, 0.5, 1.0, 0.0],
            "n_dominant": [1, 1, 1, 0],
        }
    )
    assert findings.frame_decisions(presence) == (
        "Across 3 articles the frame model finds the conflict frame most often (67% of "
        "articles); the most common dominant frame (weighted to the headline and lead) is "
        "conflict (2 of 3)."
    )
    none = presence.assign(n_present=0, n_dominant=0)
    assert findings.frame_decisions(none) == (
        "The frame model finds none of its frames in the 3 articles."
    )


def test_over_time_findings_name_busiest_bin_range_and_undated():
    corpus = pd.DataFrame(
        {
            "bin": "week",
            "period": ["2024-01-01", "2024-01-08", "2024-01-15"],
            "period_end": ["2024-01-07", "2024-01-14", "2024-01-21"],
            "n_articles": [2, 0, 3],
        }
    )
    text = findings.coverage_over_time(corpus, 1, "each outlet")
    assert text.startswith("5 dated articles from 2024-01-01 to 2024-01-21, counted per week")
    assert "(3 weeks, 1 without an article)" in text
    assert "busiest week starts 2024-01-15 with 3 articles" in text
    assert "1 article without a date is in no week" in text
    tone = pd.DataFrame(
        {
            "bin": "month",
            "period": ["2024-01-01", "2024-02-01"],
            "value": [-0.2, 0.1],
            "ci_low": [-0.3, 0.05],
            "ci_high": [-0.1, 0.2],
            "n": [10, 12],
            "n_articles": [3, 4],
        }
    )
    text = findings.tone_over_time(tone, "TextBlob")
    assert "from -0.200 (month of 2024-01-01, 3 articles) to +0.100" in text
    assert "do not overlap" in text
    shares = pd.DataFrame(
        {"bin": "day", "actor": ["A", "A"], "period": ["2024-01-01", "2024-01-02"],
         "value": [0.5, 1.0], "n_articles": [2, 1]}
    )  # fmt: skip
    assert findings.attention_over_time(shares) == (
        "Share of articles naming each actor: A peaks in the day of 2024-01-02 (100% of 1 article)."
    )
    assert "2 days" in findings.no_time_axis(2)


def test_topic_words_names_words_rule_and_lexicon_lines():
    topic = pd.DataFrame(
        {"word": ["warming"], "outlets_top": [3], "outlets": [4], "lexicon_line": ["warming,0,0"]}
    )
    both = pd.DataFrame(
        {"outlet": ["X", "Y"], "polarity": [-0.1, 0.05], "polarity_topic_neutral": [0.02, 0.05],
         "change": [0.12, 0.0]}
    )  # fmt: skip
    text = findings.topic_words(topic, both, 10, 0.5)
    assert text.startswith("'warming' (3 of 4 outlets) is among the 10 strongest tone drivers")
    assert "most at X: -0.100 unaltered, +0.020 with them neutral" in text
    assert text.endswith("warming,0,0.")
    assert "No single word" in findings.topic_words(topic.iloc[:0], both, 10, 0.5)


def test_actor_tone_over_time_takes_extremes_with_an_interval_only():
    tone = pd.DataFrame(
        {"bin": "month", "actor": ["A", "B"], "period": ["2024-01-01", "2024-02-01"],
         "value": [-0.9, -0.2], "ci_low": [float("nan"), -0.3], "ci_high": [float("nan"), -0.1],
         "n": [1, 6], "n_articles": [1, 3]}
    )  # fmt: skip
    text = findings.actor_tone_over_time(tone, "toward each mention")
    assert "B, -0.200 in the month of 2024-02-01 (6 readings, 3 articles" in text
    one = tone.iloc[:1]
    assert "rests on a single article" in findings.actor_tone_over_time(one, "x")

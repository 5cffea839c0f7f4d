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
    assert text.endswith("The unaltered score stays the reference.")
    # the per-group sentence follows the per-outlet one: the closing sentence is said once
    grouped = findings.domain_effect(both, "region groups", closing=False)
    assert grouped.endswith("+0.300 with the domain lexicon.")
    assert "at 1 of 3 region groups" in grouped


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
    # 3 articles; conflict present in 2 of them, economic in 1 (frame_presence)
    presence = pd.DataFrame(
        {
            "frame": ["conflict", "economic_consequences"],
            "n_articles": [3, 3],
            "n_present": [2, 1],
            "share_present": [0.666667, 0.333333],
            "n_dominant": [2, 1],
        }
    )
    assert findings.frame_decisions(presence) == (
        "Across 3 articles the frame model finds the conflict frame most often (67% of "
        "articles); the most common dominant frame (weighted to the headline and lead) is "
        "conflict (2 of 3)."
    )
    none = presence.assign(n_present=0, share_present=0.0, n_dominant=0)
    assert findings.frame_decisions(none) == (
        "The frame model finds none of its frames in the 3 articles."
    )


def test_findings_over_many_outlets_name_the_extremes_and_the_spread():
    # share of voice, 5 outlets: P leads at A, B (tie), C; Q at B (tie), D, E: 3 each, the
    # first name wins the tie.
    # Top shares: A 0.6, B 0.5, C 0.9 (2 quotes only), D 0.7, E 0.4
    mat = pd.DataFrame(
        {"P": [0.6, 0.5, 0.9, 0.3, 0.2], "Q": [0.4, 0.5, 0.1, 0.7, 0.4]},
        index=["A", "B", "C", "D", "E"],
    )
    quotes = pd.Series({"A": 10, "B": 8, "C": 2, "D": 5, "E": 6})
    assert findings.share_of_voice(mat, quotes, 3) == (
        "P is the most quoted speaker at 3 of 5 outlets. The share of quoted words an outlet "
        "gives its most quoted speaker ranges from 40% at E to 70% at D among the outlets with "
        "at least 3 quotes; every outlet is in the table."
    )
    # up to three outlets: one sentence each, as before
    assert findings.share_of_voice(mat.head(2)) == (
        "A quotes P most: 60% of its quoted words. B quotes P and Q most: 50% of its quoted "
        "words each."
    )
    # frames, 4 outlets: conflict leads at A, B, C; its shares 0.5, 0.4, 0.3, 0.1 (D)
    frames = pd.DataFrame(
        {"conflict": [0.5, 0.4, 0.3, 0.1], "economic": [0.1, 0.2, 0.2, 0.6]},
        index=["A", "B", "C", "D"],
    )
    assert findings.frame_shares(frames) == (
        "The conflict frame is the most used at 3 of 4 outlets; its share of sentences ranges "
        "from 10% at D to 50% at A. Every outlet and frame is in the table."
    )
    # distinctive words of 5 outlets: the 3 with the highest z, then how many more
    top = pd.DataFrame(
        {
            "outlet": list("ABCDE"),
            "term": ["a1", "b1", "c1", "d1", "e1"],
            "z": [2.0, 5.0, 3.0, 1.0, 4.0],
            "count_group": [3, 9, 4, 2, 6],
            "count_rest": [1, 0, 1, 2, 0],
        }
    )
    text = findings.distinctive_words(top)
    assert text.startswith("The most distinctive word of each outlet: B: 'b1' (z = 5.0; 9 uses")
    assert "E: 'e1'" in text and "C: 'c1'" in text and "A: 'a1'" not in text
    assert "; and 2 more outlets in the table." in text
    near = findings.words_near_actor("X", top)
    assert near.startswith("Near X, the word most typical of each outlet: B: 'b1' (z = 5.0);")
    assert near.endswith("; and 2 more outlets in the table.")


def test_rewrites_name_three_pairs_and_count_the_rest():
    flagged = pd.DataFrame(
        {
            "article_id": list("fghij"),
            "source_id": ["a"] * 5,
            "n_aligned": [5] * 5,
            "n_sentences": [6] * 5,
            "coverage": [0.8] * 5,
            "mean_similarity": [0.6] * 5,
        }
    )
    outlet_of = pd.Series({k: k.upper() for k in "afghij"})
    text = findings.rewrites(flagged, outlet_of, "once")
    assert text.startswith("5 articles are flagged as a rewrite: f (F) rewrites a (A)")
    assert "h (H) rewrites a (A)" in text and "i (I)" not in text
    assert "; and 2 more pairs in the table." in text


def test_tone_extremes_leave_out_outlets_with_too_few_sentences():
    means = _means(
        [("A", 0.9, float("nan"), float("nan"), 2, 1), ("B", 0.2, 0.15, 0.25, 30, 3),
         ("C", -0.1, -0.2, 0.0, 20, 2), ("D", -0.8, float("nan"), float("nan"), 1, 1)]
    )  # fmt: skip
    assert findings.tone_by_outlet(means, "TextBlob", 3) == (
        "Mean sentence polarity (TextBlob) ranges from -0.100 at C to +0.200 at B. "
        "Their 95% intervals do not overlap. (Outlets with at least 3 sentences; 2 outlets "
        "with fewer are in the table.)"
    )


def test_cleaning_summary_reads_the_totals_table():
    by = pd.DataFrame(
        {"category": ["boilerplate", "normalize"], "action": ["removed", "replaced"],
         "spans": [3, 1], "chars": [150, 3], "articles": [2, 1]}
    )  # fmt: skip
    totals = pd.DataFrame(
        {"action": ["removed", "replaced"], "spans": [3, 1], "chars": [150, 3],
         "articles": [2, 1], "input_chars": [1500, 1500]}
    )  # fmt: skip
    assert findings.cleaning_summary(by, totals) == (
        "Cleaning removed 150 characters (10.0% of the decoded input) in 3 spans from 2 "
        "articles; the largest category is boilerplate (150 characters in 3 spans)."
    )


def test_tone_readings_states_the_counts_given():
    text = findings.tone_readings(40, 7, 2, "TextBlob")
    assert text.startswith(
        "Of 40 mentions of the focus actors that tone about counts, the tone toward the mention "
        "and the tone of its whole sentence (TextBlob) put 7 in different classes"
    )
    assert "2 of them in opposite directions" in text


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


def test_group_range_names_the_extremes_among_groups_with_enough():
    rows = pd.DataFrame(
        {"group": ["left", "right", "centre"], "value": [0.1, -0.2, 0.4],
         "ci_low": [0.0, -0.3, float("nan")], "ci_high": [0.2, -0.1, float("nan")],
         "n": [40, 30, 2]}
    )  # fmt: skip
    # centre rests on 2 < min_n 3: the extremes among left and right; their intervals are apart
    assert findings.group_range(rows, "side", "mean polarity", min_n=3) == (
        "By side: mean polarity ranges from -0.200 at right to +0.100 at left (95% intervals "
        "apart)."
    )
    # with centre: its missing interval is said
    assert findings.group_range(rows, "side", "mean polarity").endswith(
        "+0.400 at centre (one of them rests on a single article: no interval)."
    )
    one = findings.group_range(rows[:1], "side", "tone", findings.pct)
    assert one == "By side: tone is 10% at left."
    assert findings.group_range(rows[:0], "side", "tone") == ""


def test_topic_words_by_group_names_the_groups_own_words():
    topic = pd.DataFrame(
        {"group": ["L", "L", "R"], "word": ["storm", "clean", "tax"], "outlets_top": [3, 4, 5],
         "outlets": [4, 4, 6], "corpus_topic": [True, False, False]}
    )  # fmt: skip
    assert findings.topic_words_by_group(topic, "side") == (
        "Words that drive the tone of most outlets of one side but not of most outlets: 'tax' "
        "at R (5 of 6 outlets) and 'clean' at L (4 of 4 outlets)."
    )
    assert "no group has" in findings.topic_words_by_group(topic[:1], "side")
    assert findings.topic_words_by_group(topic[:0], "side").startswith("No side has")


def test_prominence_structure_says_when_paragraph_breaks_are_missing():
    assert findings.prominence_structure(None) == ""
    assert findings.prominence_structure(0.5, 5, 10) == ""
    assert findings.prominence_structure(0.0, 0, 60).startswith(
        "No analysed article has more than one body paragraph"
    )
    few = findings.prominence_structure(0.1, 6, 60)
    assert few.startswith("Only 10% of the analysed articles (6 of 60) have more than one body")

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

"""analysis.sentence_tone: mean sentence tone per outlet with its interval; worked out by hand."""

import math

import pandas as pd
import pytest

from analysis.sentence_tone import (
    DRIVER_COLUMNS,
    TONE_COLUMNS,
    _holds,
    drivers_by_group,
    parse_drivers,
    tone_by_group,
)


def _scores() -> pd.DataFrame:
    rows = [  # article, sentence, instrument, polarity, polarity_domain
        ("a1", 0, "textblob", 0.2, 0.1),
        ("a1", 1, "textblob", 0.4, 0.4),
        ("a2", 0, "textblob", -0.6, float("nan")),
        ("b1", 0, "textblob", 0.5, 0.5),
        ("a1", 0, "vader", 0.0, float("nan")),
    ]
    cols = ["article_id", "sentence_index", "instrument", "polarity", "polarity_domain"]
    return pd.DataFrame(rows, columns=cols)


ARTS = pd.DataFrame({"article_id": ["a1", "a2", "b1"], "outlet": ["X", "X", "Y"]})


def test_mean_per_outlet_interval_and_counts():
    t = tone_by_group(_scores(), ARTS, n_boot=500, seed=1)
    assert list(t.columns) == ["outlet", *TONE_COLUMNS]
    cell = t.set_index(["outlet", "instrument", "score"])
    x = cell.loc[("X", "textblob", "polarity")]
    # (0.2 + 0.4 - 0.6) / 3 sentences; resamples: a1+a1 = 0.3, a2+a2 = -0.6, mixed = 0.0
    assert (x.value, x.n, x.n_articles) == (0.0, 3, 2)
    assert (x.ci_low, x.ci_high) == (-0.6, 0.3)
    y = cell.loc[("Y", "textblob", "polarity")]
    assert y.value == 0.5 and math.isnan(y.ci_low)  # one article: no interval
    dom = cell.loc[("X", "textblob", "polarity_domain")]
    assert dom.value == pytest.approx(0.25) and dom.n == 2  # a NaN sentence is left out
    assert ("X", "vader", "polarity_domain") not in cell.index  # nothing scored: no row
    assert cell.loc[("X", "vader", "polarity")].n_articles == 1


def test_no_scores_gives_the_columns():
    empty = tone_by_group(_scores().iloc[0:0], ARTS)
    assert empty.empty and list(empty.columns) == ["outlet", *TONE_COLUMNS]


def test_drivers_per_outlet_word():
    scores = _scores().assign(
        drivers=["good:0.7;Crisis:-0.5", "good:0.1", "crisis:-0.6", "", "x:bad"],
        drivers_domain=["good:0.7", "", "", "", ""],
    )
    t = drivers_by_group(scores, ARTS)
    assert list(t.columns) == ["outlet", *DRIVER_COLUMNS]
    x = t[(t.outlet == "X") & (t.instrument == "textblob") & (t.drivers == "drivers")]
    rows = {r.word: (r.sentences, r.total, r["mean"]) for _, r in x.iterrows()}
    # crisis: a1 -0.5 and a2 -0.6 (lower-cased together); good: 0.7 and 0.1 in a1
    assert rows == {"crisis": (2, -1.1, -0.55), "good": (2, 0.8, 0.4)}
    dom = t[(t.drivers == "drivers_domain")]
    assert list(zip(dom.outlet, dom.word, dom.sentences, strict=True)) == [("X", "good", 1)]
    assert t[t.instrument == "vader"].empty  # "x:bad" is not a number: no driver


def test_parse_drivers():
    assert parse_drivers("crisis:-0.78;not good:-0.35;odd") == [
        ("crisis", -0.78),
        ("not good", -0.35),
    ]


def test_drivers_overall_adds_up_the_outlets():
    from analysis.sentence_tone import drivers_overall

    drivers = pd.DataFrame(
        {
            "outlet": ["X", "Y", "Y"],
            "instrument": ["textblob"] * 3,
            "drivers": ["drivers"] * 3,
            "word": ["cold", "cold", "good"],
            "sentences": [2, 1, 1],
            "total": [-1.2, -0.6, 0.7],
            "mean": [-0.6, -0.6, 0.7],
        }
    )
    got = drivers_overall(drivers)
    assert got.values.tolist() == [
        ["textblob", "drivers", "cold", 3, -1.8],  # -1.2 + -0.6, rounded: not -1.7999999999
        ["textblob", "drivers", "good", 1, 0.7],
    ]


def test_domain_effect_puts_both_scores_side_by_side_with_the_change():
    from analysis.sentence_tone import domain_effect

    row = {"instrument": "textblob", "ci_low": 0.0, "ci_high": 0.2, "n": 4, "n_articles": 2}
    tone = pd.DataFrame(
        [
            {**row, "outlet": "X", "score": "polarity", "value": 0.1},
            {**row, "outlet": "X", "score": "polarity_domain", "value": -0.15},
            {**row, "outlet": "X", "score": "polarity", "value": 0.9, "instrument": "vader"},
        ]
    )
    got = domain_effect(tone)
    assert len(got) == 1 and got.loc[0, "outlet"] == "X"
    assert (got.loc[0, "polarity"], got.loc[0, "polarity_domain"]) == (0.1, -0.15)
    assert got.loc[0, "change"] == -0.25
    assert domain_effect(tone[tone.score == "polarity"]).empty  # domain lexicon off


# --- topic words (#17 item 5) --------------------------------------------------------------------


def _driver_rows(outlet: str, words: dict[str, float]) -> list[dict]:
    return [
        {"outlet": outlet, "instrument": "textblob", "drivers": "drivers", "word": w,
         "sentences": 2, "total": t, "mean": t / 2}
        for w, t in words.items()
    ]  # fmt: skip


def test_topic_drivers_rule_most_outlets_top_words():
    from analysis.sentence_tone import topic_drivers

    rows = [
        *_driver_rows("O1", {"warming": -0.9, "good": 0.5, "cold": -0.1}),
        *_driver_rows("O2", {"warming": -0.8, "bad": -0.7, "good": 0.1, "not good": -0.9}),
        *_driver_rows("O3", {"warming": -0.5, "storm": -0.6, "nice": 0.2}),
        *_driver_rows("O4", {"hope": 0.9, "good": 0.8, "warming": -0.1}),
    ]
    drivers = pd.DataFrame(rows)
    # top 2 per outlet (|total|; "not good" is a phrase, never a topic word): O1 warming, good;
    # O2 warming, bad; O3 storm, warming; O4 hope, good. warming is in 3 of 4 (> half, >= 3);
    # good in 2 of 4 (not more than half)
    out = topic_drivers(drivers, top=2)
    assert out["word"].tolist() == ["warming"]
    r = out.iloc[0]
    assert (r["outlets_top"], r["outlets"], r["share_outlets"]) == (3, 4, 0.75)
    assert r["total"] == pytest.approx(-2.3) and r["sentences"] == 8
    assert r["lexicon_line"] == "warming,0,0"
    # with min_groups 4 nothing qualifies; with top 3, warming is in all 4 tops and good in 3
    # (O1, O2, O4), most outlets first
    assert topic_drivers(drivers, top=2, min_groups=4).empty
    top3 = topic_drivers(drivers, top=3)
    assert list(zip(top3["word"], top3["outlets_top"], strict=True)) == [
        ("warming", 4),
        ("good", 3),
    ]
    # the domain-lexicon drivers are not read
    assert topic_drivers(drivers.assign(drivers="drivers_domain")).empty


def test_topic_neutral_tone_rescores_only_sentences_with_the_word():
    from analysis.sentence_tone import topic_neutral_tone
    from analysis.sentiment import score_sentences

    sentences = pd.DataFrame(
        {
            "article_id": ["a", "a", "b"],
            "sentence_index": [0, 1, 0],
            "start": [0, 26, 0],
            "end": [25, 44, 25],
            "text": [
                "The cold winter was good.",
                "It was a nice day.",
                "The cold winter was good.",
            ],
        }
    )
    scores = score_sentences(sentences, ["textblob"], False)
    articles = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "Y"]})
    out = topic_neutral_tone(scores, sentences, articles, ["cold"], None, n_boot=50)
    got = dict(zip(out["outlet"], out["value"], strict=True))
    # "cold" (-0.6) read as 0: (0 + 0.7) / 2 = 0.35 for the first sentence; "nice" 0.6 unchanged
    assert got["X"] == pytest.approx((0.35 + 0.6) / 2)
    assert got["Y"] == pytest.approx(0.35)
    assert set(out["score"]) == {"polarity_topic_neutral"}
    assert out["n"].tolist() == [2, 1]
    assert topic_neutral_tone(scores, sentences, articles, [], None).empty
    # topic_effect: the unaltered mean beside it; X: (0.05 + 0.6) / 2 = 0.325 unaltered ("cold"
    # -0.6 and "good" 0.7 average to 0.05), 0.475 neutral, change +0.15
    from analysis.sentence_tone import TOPIC_EFFECT_COLUMNS, topic_effect

    tone = tone_by_group(scores, articles, ("outlet",), 50, 0)
    eff = topic_effect(tone, scores, sentences, articles, ["cold"], None, 50, 0)
    x = eff.set_index("outlet").loc["X"]
    assert list(eff.columns) == TOPIC_EFFECT_COLUMNS
    assert x["polarity"] == pytest.approx(0.325) and x["change"] == pytest.approx(0.15)
    assert topic_effect(tone, scores, sentences, articles, [], None).empty


# --- per outlet group (#17 item 2) ---------------------------------------------------------------


def test_drivers_parsed_once_give_the_same_table_per_outlet_and_per_group():
    from analysis.sentence_tone import driver_rows

    scores = _scores().assign(
        drivers=["good:0.7;Crisis:-0.5", "good:0.1", "crisis:-0.6", "", "x:bad"],
        drivers_domain=["good:0.7", "", "", "", ""],
    )
    parsed = driver_rows(scores)
    # contributions: sentence (a1, 0) good and crisis, (a1, 1) good, (a2, 0) crisis, and
    # good in (a1, 0)'s domain column; "x:bad" is not a number
    assert len(parsed) == 5
    assert drivers_by_group(scores, ARTS, "outlet", parsed).equals(drivers_by_group(scores, ARTS))
    arts = ARTS.assign(group=["g", "g", "g"])
    by_group = drivers_by_group(scores, arts, "group", parsed)
    g = by_group[by_group.drivers == "drivers"].set_index("word")
    # one group holds X and Y: crisis -0.5 (a1) and -0.6 (a2); good 0.7 and 0.1
    assert g.loc["crisis", "total"] == pytest.approx(-1.1) and g.loc["good", "sentences"] == 2


def _topic_fixture():
    # one article and one sentence per outlet; G1: o1, o2, o3 (storm in every one's drivers,
    # calm and sunny in one each); G2: o4, o5 (two outlets: fewer than TOPIC_MIN_GROUPS = 3)
    drivers = ["storm:-0.5;calm:0.3", "storm:-0.4", "storm:-0.2;sunny:0.5", "storm:-0.1",
               "hot:-0.3"]  # fmt: skip
    ids = ["a1", "a2", "a3", "a4", "a5"]
    scores = pd.DataFrame(
        {"article_id": ids, "sentence_index": 0, "instrument": "textblob",
         "polarity": [0.0] * 5, "drivers": drivers}
    )  # fmt: skip
    arts = pd.DataFrame(
        {"article_id": ids, "outlet": ["o1", "o2", "o3", "o4", "o5"],
         "group": ["G1", "G1", "G1", "G2", "G2"]}
    )  # fmt: skip
    return scores, arts


def test_topic_drivers_by_group_most_of_the_groups_outlets():
    from analysis.sentence_tone import TOPIC_GROUP_COLUMNS, topic_drivers_by_group

    scores, arts = _topic_fixture()
    out = topic_drivers_by_group(scores, arts, ["storm"])
    assert list(out.columns) == TOPIC_GROUP_COLUMNS
    # G1: storm in the top of 3 of 3 outlets (> half, >= 3); calm, sunny in 1 of 3: not topic.
    # G2: two outlets only, so no word can reach 3: no row
    assert len(out) == 1
    r = out.iloc[0]
    assert (r.group, r.word, r.outlets_top, r.outlets, r.share_outlets) == (
        "G1",
        "storm",
        3,
        3,
        1.0,
    )
    # summed over the group's outlets: -0.5 - 0.4 - 0.2 = -1.1 in 3 sentences, mean -0.3667
    assert (r.sentences, r.total, r["mean"]) == (3, -1.1, -0.3667)
    assert r.lexicon_line == "storm,0,0" and bool(r.corpus_topic)
    # without storm among the corpus's topic words it is G1's own vocabulary
    assert not topic_drivers_by_group(scores, arts, [])["corpus_topic"].any()
    # with min_groups 2, G2's storm (o4) is in 1 of 2 outlets: not more than half: still none
    two = topic_drivers_by_group(scores, arts, ["storm"], min_groups=2)
    assert set(two.group) == {"G1"}


def test_domain_and_topic_effect_per_group():
    from analysis.sentence_tone import domain_effect, topic_effect
    from analysis.sentiment import score_sentences

    tone = pd.DataFrame(
        {"group": ["g", "g"], "instrument": "textblob", "score": ["polarity", "polarity_domain"],
         "value": [0.2, 0.1], "ci_low": [0.1, 0.0], "ci_high": [0.3, 0.2], "n": [4, 4],
         "n_articles": [2, 2], "unit": "mean sentence polarity"}
    )  # fmt: skip
    eff = domain_effect(tone, by="group")
    assert eff.columns[0] == "group"
    assert eff.iloc[0]["change"] == pytest.approx(-0.1)  # 0.1 - 0.2
    # the topic word's effect per group, the sentences of test_topic_neutral_tone_...: both
    # articles in one group: unaltered (0.05 + 0.6 + 0.05) / 3, neutral (0.35 + 0.6 + 0.35) / 3
    sentences = pd.DataFrame(
        {"article_id": ["a", "a", "b"], "sentence_index": [0, 1, 0], "start": [0, 26, 0],
         "end": [25, 44, 25],
         "text": ["The cold winter was good.", "It was a nice day.", "The cold winter was good."]}
    )  # fmt: skip
    scores = score_sentences(sentences, ["textblob"], False)
    articles = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "Y"], "group": "g"})
    tone = tone_by_group(scores, articles, ("group",), 50, 0)
    out = topic_effect(tone, scores, sentences, articles, ["cold"], None, 50, 0, by="group")
    g = out.set_index("group").loc["g"]
    assert g["polarity"] == pytest.approx(0.7 / 3, abs=1e-6)  # values rounded to 6 decimals
    assert g["polarity_topic_neutral"] == pytest.approx(1.3 / 3, abs=1e-6)
    assert g["change"] == pytest.approx(0.2, abs=1e-6) and g["n"] == 3


def test_holds_matches_parsing_every_driver() -> None:
    # the ASCII shortcut (no chosen word in the string: not parsed) gives what parsing gives
    chosen = {"crisis", "good"}
    cases = {
        "": False,
        "crisis:-0.78;not good:-0.35": True,
        "Crisis:-0.5": True,  # words are lower-cased
        "crises:-0.5": False,
        "goodness:0.4": False,  # a substring, not a word
        "very good:0.9": True,  # a part of a multi-word driver
        "crisis": False,  # no value: not a driver
        "ΚΡΊΣΗ:-0.3;good:0.2": True,  # not ASCII: parsed
    }
    for text, expected in cases.items():
        parsed = any(t in chosen for w, _ in parse_drivers(text) for t in w.lower().split())
        assert _holds(text, chosen) is expected is parsed, text

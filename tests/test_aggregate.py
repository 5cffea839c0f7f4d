"""Tests for analysis.aggregate on a hand-made fixture; expected values worked out by hand.

Fixture: outlet X has articles A1 and A2, outlet Y has B1, and R1 (outlet Z) is a rewrite of A1.
Words: A1 10+20+10 = 40, A2 30+20 = 50, B1 40, R1 10.
"""

import math

import numpy as np
import pandas as pd
import pytest

from analysis import scope
from analysis.aggregate import (
    MEASURES,
    ActorInputs,
    actor_evidence,
    actor_measures,
    article_denominators,
    dense,
    dense_matrix,
    evidence,
    per_article,
    summarize,
    summarize_actors,
    tone_comparison,
)
from analysis.params import Params

P, T = "Vladimir Putin", "Donald Trump"


def _inputs(rewrites: str = "once", mention_tone: pd.DataFrame | None = None) -> ActorInputs:
    """The fixture as the pipeline hands it over: scoped by analysis.scope (``rewrites``)."""
    articles = pd.DataFrame(
        {
            "article_id": ["A1", "A2", "B1", "R1"],
            "outlet": ["X", "X", "Y", "Z"],
            "rewrite_of": ["", "", "", "A1"],
        }
    )
    sentences = pd.DataFrame(
        [
            ("A1", 0, 10, "Putin meets Trump", 0, 17),
            ("A1", 1, 20, "Putin spoke.", 18, 30),
            ("A1", 2, 10, "Trump claimed “...”", 31, 50),
            ("A2", 0, 30, "A so-called “deal”, Trump's “big win”.", 0, 38),
            ("A2", 1, 20, "Putin confirmed and said “...”", 39, 69),
            ("B1", 0, 40, "Trump said “...” and confirmed nothing.", 0, 40),
            ("R1", 0, 10, "Putin again.", 0, 12),
        ],
        columns=["article_id", "sentence_index", "n_words", "text", "start", "end"],
    )

    def mention(art, si, actor, start, headline=False, lead=False):
        return (art, si, actor, actor.split()[-1], "name", start, start + 5, headline, False, lead)

    mentions = pd.DataFrame(
        [
            mention("A1", 0, P, 0, headline=True),
            mention("A1", 0, T, 12, headline=True),
            mention("A1", 1, P, 18, lead=True),
            mention("A1", 2, T, 31),
            mention("A2", 1, P, 39),
            mention("B1", 0, T, 0, lead=True),
            mention("R1", 0, P, 0, lead=True),
        ],
        columns=[
            "article_id",
            "sentence_index",
            "actor",
            "surface",
            "kind",
            "start",
            "end",
            "is_headline",
            "is_standfirst",
            "is_lead",
        ],
    )
    quotes = pd.DataFrame(
        [
            ("A1", 0, T, "statement", 8, 2, 2, 46, 49, "...", "claimed"),
            ("A2", 0, P, "statement", 6, 1, 1, 65, 68, "...", "said"),
            ("A2", 1, "", "scare", 2, 0, 0, 12, 16, "deal", ""),
            ("A2", 2, T, "fragment", 2, 0, 0, 28, 35, "big win", ""),
            ("B1", 0, T, "statement", 10, 0, 0, 12, 15, "...", "said"),
        ],
        columns=[
            "article_id",
            "quote_index",
            "speaker",
            "kind",
            "n_words",
            "sentence_start_index",
            "sentence_end_index",
            "start",
            "end",
            "text",
            "cue",
        ],
    )
    attributions = pd.DataFrame(
        [
            ("A1", 2, T, "claimed", "distancing", False, 37, 44),
            ("A2", 1, P, "confirmed", "endorsing", False, 45, 54),
            ("A2", 1, P, "said", "neutral", False, 59, 63),
            ("B1", 0, T, "confirmed", "endorsing", True, 22, 31),
        ],
        columns=[
            "article_id",
            "sentence_index",
            "actor",
            "verb",
            "verb_class",
            "negated",
            "start",
            "end",
        ],
    )
    tb = {
        ("A1", 0): 0.5,
        ("A1", 1): -0.2,
        ("A1", 2): 0.4,
        ("A2", 0): 0.0,
        ("A2", 1): -0.6,
        ("B1", 0): 0.1,
        ("R1", 0): 0.9,
    }
    sent_scores = pd.DataFrame(
        [
            (a, i, inst, v if inst == "textblob" else -v, f"w:{v}")
            for (a, i), v in tb.items()
            for inst in ("textblob", "vader")
        ],
        columns=["article_id", "sentence_index", "instrument", "polarity", "drivers"],
    )
    sent_scores["polarity_domain"] = sent_scores["polarity"] - 0.1
    sent_scores["drivers_domain"] = "d"
    qv = {("A1", 0): 0.3, ("A2", 0): -0.5, ("A2", 1): 0.7, ("A2", 2): 0.2, ("B1", 0): 0.0}
    quote_scores = pd.DataFrame(
        [
            (a, i, inst, v if inst == "textblob" else -v, "q")
            for (a, i), v in qv.items()
            for inst in ("textblob", "vader")
        ],
        columns=["article_id", "quote_index", "instrument", "polarity", "drivers"],
    )
    quote_scores["polarity_domain"] = quote_scores["polarity"]
    quote_scores["drivers_domain"] = "d"
    tables = ActorInputs(
        articles, sentences, mentions, quotes, attributions, sent_scores, quote_scores
    )._asdict()
    if mention_tone is not None:
        tables["mention_tone"] = mention_tone
    else:
        del tables["mention_tone"]
    return ActorInputs(**scope.count(tables, Params(rewrites=rewrites)).counted)


def _cell(table, measure, actor, **where):
    rows = table[(table.measure == measure) & (table.actor == actor)]
    for col, val in where.items():
        rows = rows[rows[col] == val]
    assert len(rows) == 1, (measure, actor, where)
    return rows.iloc[0]


EXPECTED_X = {  # outlet X = A1 + A2 (words 90, speech words 8 + 6 + 2 = 16)
    ("mentions_per_1000_words", P): (1000 * 3 / 90, 3),
    ("mentions_per_1000_words", T): (1000 * 2 / 90, 2),
    ("share_articles_mentioning", P): (1.0, 2),
    ("share_articles_mentioning", T): (0.5, 1),
    ("prominence", P): (0.5, 2),  # A1 headline/lead yes, A2 body only; n = mentioning articles
    ("prominence", T): (1.0, 1),
    ("share_of_voice", P): (6 / 16, 1),
    ("share_of_voice", T): (10 / 16, 2),  # statement 8 + fragment 2; the scare quote is no speech
    ("tone_about", P): ((0.5 - 0.2) / 2, 2),  # A2 s1 holds Putin's own quote: left out
    ("tone_about_single", P): (-0.2, 1),  # A1 s0 names Trump too
    ("tone_about", T): (0.5, 1),  # A1 s2 holds Trump's own quote
    ("tone_of_voice", P): (-0.5, 1),
    ("tone_of_voice", T): ((0.3 + 0.2) / 2, 2),
    ("stance_index", T): (1.0, 1),  # claimed: distancing
    ("stance_index", P): (-0.5, 2),  # confirmed (-1) + said (0) over 2
}
EXPECTED_Y = {  # outlet Y = B1 (words 40, speech words 10)
    ("mentions_per_1000_words", T): (25.0, 1),
    ("mentions_per_1000_words", P): (0.0, 0),
    ("share_articles_mentioning", P): (0.0, 0),
    ("prominence", T): (1.0, 1),
    ("share_of_voice", T): (1.0, 1),
    ("share_of_voice", P): (0.0, 0),
    ("tone_of_voice", T): (0.0, 1),
    ("stance_index", T): (0.0, 1),  # "did not confirm" is not endorsement
}


def test_values_per_outlet_by_hand():
    table = actor_measures(_inputs(), tone="sentence", by=("outlet",), n_boot=200, seed=1)
    assert sorted(table.outlet.unique()) == ["X", "Y"]  # R1 is a rewrite: counted once
    for outlet, expected in (("X", EXPECTED_X), ("Y", EXPECTED_Y)):
        for (measure, actor), (value, n) in expected.items():
            row = _cell(table, measure, actor, outlet=outlet)
            assert row["value"] == pytest.approx(value, abs=1e-6), (outlet, measure, actor)
            assert row["n"] == n, (outlet, measure, actor)
    # nothing to average: NaN, not 0
    assert math.isnan(_cell(table, "prominence", P, outlet="Y")["value"])
    assert math.isnan(_cell(table, "tone_about", T, outlet="Y")["value"])  # only own quote
    assert math.isnan(_cell(table, "tone_about_single", T, outlet="X")["value"])


def test_whole_corpus_and_rewrite_switch():
    once = actor_measures(_inputs(), tone="sentence", by=(), n_boot=50)
    assert _cell(once, "mentions_per_1000_words", P)["value"] == pytest.approx(3000 / 130)
    assert _cell(once, "share_articles_mentioning", P)["value"] == pytest.approx(2 / 3)
    every = actor_measures(_inputs("all"), tone="sentence", by=("outlet",), n_boot=50)
    assert _cell(every, "mentions_per_1000_words", P, outlet="Z")["value"] == 100.0
    assert _cell(every, "tone_about", P, outlet="Z")["value"] == pytest.approx(0.9)
    assert list(_inputs("all").articles.article_id) == ["A1", "A2", "B1", "R1"]
    assert list(_inputs("once").articles.article_id) == ["A1", "A2", "B1"]


def test_instrument_and_domain_score_are_selectable():
    vader = actor_measures(
        _inputs(), tone="sentence", by=("outlet",), instrument="vader", n_boot=50
    )
    assert _cell(vader, "tone_about", P, outlet="X")["value"] == pytest.approx(-0.15)
    dom = actor_measures(
        _inputs(), tone="sentence", by=("outlet",), score="polarity_domain", n_boot=50
    )
    assert _cell(dom, "tone_about", P, outlet="X")["value"] == pytest.approx(0.05)
    with pytest.raises(ValueError, match="unknown score column"):
        actor_measures(_inputs(), tone="sentence", score="nope")


def test_intervals_are_seeded_and_honest_about_small_samples():
    a = actor_measures(_inputs(), tone="sentence", by=("outlet",), n_boot=300, seed=7)
    b = actor_measures(_inputs(), tone="sentence", by=("outlet",), n_boot=300, seed=7)
    pd.testing.assert_frame_equal(a, b)
    ok = a.dropna(subset=["ci_low"])
    assert (ok.ci_low <= ok.value + 1e-9).all() and (ok.value <= ok.ci_high + 1e-9).all()
    # two contributing articles: an interval; one article: none
    x_mentions = _cell(a, "mentions_per_1000_words", P, outlet="X")
    assert x_mentions["n_articles"] == 2 and not math.isnan(x_mentions["ci_low"])
    y = _cell(a, "mentions_per_1000_words", T, outlet="Y")
    assert y["n_articles"] == 1 and math.isnan(y["ci_low"]) and math.isnan(y["ci_high"])
    # resampling {A1: 3 mentions/40 words, A2: 0... } can only give ratios between the articles'
    lo, hi = 1000 * 1 / 50, 1000 * 2 / 40
    assert lo - 1e-9 <= x_mentions["ci_low"] <= x_mentions["ci_high"] <= hi + 1e-9


def test_every_tone_and_stance_figure_is_the_sum_of_its_evidence():
    inputs = _inputs()
    ev = actor_evidence(inputs, tone="sentence")
    table = summarize(per_article(inputs, ev), inputs.articles, ("outlet",), n_boot=20)
    for row in table[
        table.measure.isin(["tone_about", "tone_of_voice", "stance_index"])
    ].itertuples():
        rows = evidence(ev, row.measure, row.actor, inputs.articles, outlet=row.outlet)
        assert len(rows) == row.n
        if row.n:
            assert rows.numerator.sum() / rows.denominator.sum() == pytest.approx(row.value)
    tone = evidence(ev, "tone_about", P, inputs.articles, outlet="X")
    assert tone[["article_id", "sentence_index"]].values.tolist() == [["A1", 0], ["A1", 1]]
    assert tone.multi_actor.tolist() == [True, False]
    assert tone.text.tolist() == ["Putin meets Trump", "Putin spoke."]
    with pytest.raises(ValueError, match="unknown measure"):
        evidence(ev, "fame", P)


def test_per_article_has_rows_only_where_the_actor_has_evidence():
    """B1 never names, quotes or attributes Putin: no (B1, Putin) rows. What the dense table
    held there, worked out by hand: numerator 0 and n 0 in every measure, denominator B1's
    words (40), 1, B1's quoted words (10) in the three shared measures, 0 in the others; with
    those rows put back, summarize gives what the sparse tables give."""
    inputs = _inputs()
    table = per_article(inputs, actor_evidence(inputs, tone="sentence"))
    pairs = list(dict.fromkeys(zip(table.article_id, table.actor, strict=True)))
    assert pairs == [("A1", T), ("A1", P), ("A2", T), ("A2", P), ("B1", T)]
    assert list(table.measure) == list(MEASURES) * 5
    row = table.set_index(["article_id", "actor", "measure"])
    # Trump in A2: only the fragment "big win" (2 of A2's 8 quoted words); never mentioned
    assert row.loc[("A2", T, "share_of_voice")].tolist() == [2.0, 8.0, 1]
    assert row.loc[("A2", T, "mentions_per_1000_words")].tolist() == [0.0, 50.0, 0]
    assert row.loc[("A2", T, "share_articles_mentioning")].tolist() == [0.0, 1.0, 0]
    assert row.loc[("A2", T, "prominence")].tolist() == [0.0, 0.0, 0]
    den = article_denominators(inputs)
    assert den.values.tolist() == [
        [a, m, v]
        for a, vals in (("A1", (40, 1, 8)), ("A2", (50, 1, 8)), ("B1", (40, 1, 10)))
        for m, v in zip(
            ["mentions_per_1000_words", "share_articles_mentioning", "share_of_voice"],
            vals,
            strict=True,
        )
    ]
    by_hand = {"mentions_per_1000_words": 40.0, "share_articles_mentioning": 1.0,
               "share_of_voice": 10.0}  # fmt: skip
    b1_putin = pd.DataFrame(
        [("B1", P, m, 0.0, by_hand.get(m, 0.0), 0) for m in MEASURES], columns=table.columns
    )
    full = pd.concat([table, b1_putin], ignore_index=True)
    for by in ((), ("outlet",)):
        want = summarize(full, inputs.articles, by, n_boot=200, seed=3)
        got = summarize_actors(table, den, inputs.articles, by, n_boot=200, seed=3)
        pd.testing.assert_frame_equal(dense(got.cells, got.absent, by, [P, T]), want)
    # outlet Y (B1) has no Putin row; his cell there is Y's absent row: 0 mentions per 1,000
    # words, in 0 of 1 article, no prominence or tone to compute
    assert set(got.cells[got.cells.outlet == "Y"].actor) == {T}
    y = got.absent[got.absent.outlet == "Y"].set_index("measure")
    assert y.loc["mentions_per_1000_words", "value"] == 0.0
    assert y.loc["share_articles_mentioning", "n_articles"] == 1
    assert math.isnan(y.loc["prominence", "value"]) and math.isnan(y.loc["tone_about", "value"])


# --- tone toward each mention (tone="target", the default) --------------------------------------


def _mention_tone() -> pd.DataFrame:
    """Hand-made readings per mention (as analysis.tone.score_mentions gives them); A1 s1 holds
    a second Putin mention, so every mention, not only the first, must count."""
    rows = [
        ("A1", 0, P, "Putin", 0, 5, 0.6, "positive"),
        ("A1", 0, T, "Trump", 12, 17, -0.8, "negative"),
        ("A1", 1, P, "Putin", 18, 23, 0.2, "neutral"),
        ("A1", 1, P, "he", 26, 28, -0.6, "negative"),
        ("A1", 2, T, "Trump", 31, 36, 0.9, "positive"),  # own quote: left out
        ("A2", 1, P, "Putin", 39, 44, 0.9, "positive"),  # own quote: left out
        ("B1", 0, T, "Trump", 0, 5, 0.9, "positive"),  # own quote: left out
        ("R1", 0, P, "Putin", 0, 5, 0.9, "positive"),  # rewrite: counted once
    ]
    df = pd.DataFrame(
        rows,
        columns=["article_id", "sentence_index", "actor", "surface", "start", "end", "tone",
                 "tone_class"],
    )  # fmt: skip
    df["p_negative"] = df["p_neutral"] = df["p_positive"] = 1 / 3
    return df


def test_target_tone_reads_every_mention_and_keeps_the_sentence_reading_beside_it():
    inputs = _inputs(mention_tone=_mention_tone())
    table = actor_measures(inputs, by=("outlet",), n_boot=50)
    expected = {
        ("tone_about", P): ((0.6 + 0.2 - 0.6) / 3, 3),
        ("tone_about_single", P): ((0.2 - 0.6) / 2, 2),
        ("tone_about", T): (-0.8, 1),  # sentence tone would say +0.5: opposite
        ("tone_about_sentence", P): ((0.5 - 0.2) / 2, 2),
        ("tone_about_sentence", T): (0.5, 1),
    }
    for (measure, actor), (value, n) in expected.items():
        row = _cell(table, measure, actor, outlet="X")
        assert row["value"] == pytest.approx(value, abs=1e-6), (measure, actor)
        assert row["n"] == n, (measure, actor)
    ev = actor_evidence(inputs)
    rows = evidence(ev, "tone_about", P, inputs.articles, outlet="X")
    assert rows[["sentence_index", "start", "end"]].values.tolist() == [
        [0, 0, 5], [1, 18, 23], [1, 26, 28]
    ]  # fmt: skip
    assert rows.detail.iloc[2].startswith("he: negative")
    cmp = tone_comparison(inputs, ev)
    got = cmp[["sentence_index", "actor", "class_target", "class_sentence", "disagree",
               "opposite"]].values.tolist()  # fmt: skip
    assert got == [
        [0, P, "positive", "positive", False, False],
        [0, T, "negative", "positive", True, True],
        [1, P, "neutral", "negative", True, False],
        [1, P, "negative", "negative", False, False],
    ]
    assert cmp.text.tolist()[1] == "Putin meets Trump"
    with pytest.raises(ValueError, match="mention_tone"):
        actor_evidence(_inputs())
    with pytest.raises(ValueError, match="tone must be"):
        actor_evidence(inputs, tone="nope")


def test_target_tone_with_no_mentions_read():
    ev = actor_evidence(_inputs(mention_tone=_mention_tone().iloc[:0]))
    assert not ev.measure.isin(["tone_about", "tone_about_single"]).any()
    assert ev.measure.eq("tone_about_sentence").any()


def test_stance_verbs_count_attributions_and_list_lemmas_per_actor_and_class():
    from analysis.aggregate import stance_verbs

    attr = pd.DataFrame(
        {
            "actor": ["A", "A", "A", "B", ""],
            "verb_class": ["distancing", "distancing", "neutral", "endorsing", "neutral"],
            "lemma": ["claim", "allege", "say", "confirm", "say"],
        }
    )
    got = stance_verbs(attr)
    assert got.values.tolist() == [
        ["A", "distancing", 2, "allege, claim"],
        ["A", "neutral", 1, "say"],
        ["B", "endorsing", 1, "confirm"],
    ]
    assert stance_verbs(attr.iloc[:0]).columns.tolist() == [
        "actor", "verb_class", "attributions", "verbs",
    ]  # fmt: skip


def test_dense_matrix_is_the_pivot_of_dense_without_the_long_table():
    # share_of_voice cells of outlets X, Y, Z; X has a row of A and a NaN row of B, Y of B,
    # Z of A but no absent row; W has an absent row only; C has no row anywhere
    unit = "share of quoted words"
    rows = [("X", "A", "share_of_voice", 0.5, 2), ("X", "B", "share_of_voice", float("nan"), 1),
            ("Y", "B", "share_of_voice", 0.25, 1), ("Z", "A", "share_of_voice", 1.0, 3),
            ("X", "A", "tone_about", 0.1, 4)]  # fmt: skip
    cells = pd.DataFrame(
        [(o, a, m, v, v, v, n, 1, unit) for o, a, m, v, n in rows],
        columns=["outlet", "actor", "measure", "value", "ci_low", "ci_high", "n", "n_articles",
                 "unit"],
    )  # fmt: skip
    absent = pd.DataFrame(
        [(o, m, v, v, v, 0, 1, unit) for o, m, v in
         [("W", "share_of_voice", float("nan")), ("X", "share_of_voice", 0.0),
          ("Y", "share_of_voice", 0.0), ("X", "tone_about", float("nan"))]],
        columns=["outlet", "measure", "value", "ci_low", "ci_high", "n", "n_articles", "unit"],
    )  # fmt: skip
    actors = ["C", "B", "A"]
    value = dense_matrix(cells, absent, "outlet", actors, "share_of_voice")
    nan = float("nan")
    assert value.index.tolist() == ["W", "X", "Y", "Z"]
    assert value.columns.tolist() == ["A", "B", "C"]
    by_hand = [[nan, nan, nan], [0.5, nan, 0.0], [0.0, 0.25, 0.0], [1.0, nan, nan]]
    np.testing.assert_array_equal(value.to_numpy(), by_hand)
    n = dense_matrix(cells, absent, "outlet", actors, "share_of_voice", "n")
    np.testing.assert_array_equal(n.to_numpy(), [[0, 0, 0], [2, 1, 0], [0, 1, 0], [3, nan, nan]])
    long = dense(cells, absent, ("outlet",), actors, ["share_of_voice"])
    for col, got in (("value", value), ("n", n)):
        want = long.pivot(index="outlet", columns="actor", values=col)
        pd.testing.assert_frame_equal(got, want, check_dtype=False)
    # every outlet with an absent row: n stays integer, as in the pivot
    xy = cells[cells["outlet"] != "Z"]
    got = dense_matrix(xy, absent, "outlet", actors, "share_of_voice", "n")
    want = dense(xy, absent, ("outlet",), actors, ["share_of_voice"]).pivot(
        index="outlet", columns="actor", values="n"
    )
    pd.testing.assert_frame_equal(got, want)

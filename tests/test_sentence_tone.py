"""analysis.sentence_tone: mean sentence tone per outlet with its interval; worked out by hand."""

import math

import pandas as pd
import pytest

from analysis.sentence_tone import (
    DRIVER_COLUMNS,
    TONE_COLUMNS,
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

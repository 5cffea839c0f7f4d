"""analysis.timeline: the bin rule, counts per bin and the intervals, on hand-made tables whose
right answers are worked out in the comments."""

import math

import pandas as pd
import pytest

from analysis import timeline
from analysis.aggregate import MEASURES


def _days(*values: str) -> pd.Series:
    return timeline.dates(pd.DataFrame({"published": list(values)}))


def test_bin_rule_from_the_span_of_the_dates():
    assert timeline.choose_bin(_days("2024-01-01", "2024-01-01", "")) is None  # one day
    assert timeline.choose_bin(_days("", "")) is None
    assert timeline.choose_bin(_days("2024-01-01", "2024-02-01")) == "day"  # 31 days
    assert timeline.choose_bin(_days("2024-01-01", "2024-02-02")) == "week"  # 32 days
    assert timeline.choose_bin(_days("2024-01-01", "2024-07-01")) == "week"  # 182 days
    assert timeline.choose_bin(_days("2024-01-01", "2024-07-02")) == "month"  # 183 days
    # forced, but still nothing on a single day
    assert timeline.choose_bin(_days("2024-01-01", "2024-01-02"), "month") == "month"
    assert timeline.choose_bin(_days("2024-01-01"), "day") is None
    with pytest.raises(ValueError, match="time_bin"):
        timeline.choose_bin(_days("2024-01-01", "2024-01-02"), "year")


def test_periods_week_and_month_boundaries():
    arts = pd.DataFrame({"published": ["2024-01-03", "2024-01-15"]})  # Wednesday, Monday
    weeks = timeline.periods(arts, "week")
    assert weeks["period"].tolist() == ["2024-01-01", "2024-01-08", "2024-01-15"]
    assert weeks["period_end"].tolist() == ["2024-01-07", "2024-01-14", "2024-01-21"]
    months = timeline.periods(pd.DataFrame({"published": ["2024-01-31", "2024-03-01"]}), "month")
    assert months["period"].tolist() == ["2024-01-01", "2024-02-01", "2024-03-01"]
    assert months["period_end"].tolist() == ["2024-01-31", "2024-02-29", "2024-03-31"]


ARTICLES = pd.DataFrame(
    {
        "article_id": ["a", "b", "c", "d"],
        "outlet": ["X", "X", "Y", "Y"],
        # a Monday and a Wednesday of one week, a Tuesday of the next, no date
        "published": ["2024-01-01", "2024-01-03", "2024-01-09", ""],
        "side": ["left", "left", "right", "right"],
    }
)
SENTENCES = pd.DataFrame(
    {
        "article_id": ["a", "a", "b", "c", "d"],
        "sentence_index": [0, 1, 0, 0, 0],
        "n_words": [10, 5, 20, 7, 9],
    }
)


def test_coverage_per_week_counts_every_bin_and_level():
    cov = timeline.coverage_over_time(ARTICLES, SENTENCES, "week", ARTICLES["side"])
    got = {
        (r.level, r.name, r.period): (r.n_articles, r.n_words) for r in cov.itertuples(index=False)
    }
    # week of 2024-01-01: a (15 words) and b (20); week of 2024-01-08: c (7); d has no date
    assert got == {
        ("corpus", "all", "2024-01-01"): (2, 35),
        ("corpus", "all", "2024-01-08"): (1, 7),
        ("group", "left", "2024-01-01"): (2, 35),
        ("group", "left", "2024-01-08"): (0, 0),
        ("group", "right", "2024-01-01"): (0, 0),
        ("group", "right", "2024-01-08"): (1, 7),
        ("outlet", "X", "2024-01-01"): (2, 35),
        ("outlet", "X", "2024-01-08"): (0, 0),
        ("outlet", "Y", "2024-01-01"): (0, 0),
        ("outlet", "Y", "2024-01-08"): (1, 7),
    }
    assert list(cov.columns) == timeline.COVERAGE_COLUMNS
    assert set(cov["period_end"]) == {"2024-01-07", "2024-01-14"}
    assert timeline.undated(ARTICLES) == 1
    # no time axis: empty, with the columns
    one_day = ARTICLES.assign(published="2024-01-01")
    empty = timeline.coverage_over_time(one_day, SENTENCES, None)
    assert empty.empty and list(empty.columns) == timeline.COVERAGE_COLUMNS


def test_tone_per_bin_mean_and_bootstrap_interval():
    scores = pd.DataFrame(
        {
            "article_id": ["a", "a", "b", "c", "d"],
            "sentence_index": [0, 1, 0, 0, 0],
            "instrument": "textblob",
            "polarity": [0.5, -0.1, 0.3, 0.2, 0.9],
        }
    )
    tone = timeline.tone_over_time(scores, ARTICLES, "week", n_boot=400, seed=1)
    assert set(tone.level) == {"corpus"} and set(tone.name) == {"all"}
    first, second = tone.iloc[0], tone.iloc[1]
    # week 1: (0.5 - 0.1 + 0.3) / 3 sentences; resampling a and b gives the means of aa (0.2),
    # bb (0.3) and ab (0.7 / 3): the 95% interval runs from 0.2 to 0.3
    assert first["period"] == "2024-01-01" and first["n"] == 3 and first["n_articles"] == 2
    assert first["value"] == pytest.approx(0.7 / 3, abs=1e-6)
    assert (first["ci_low"], first["ci_high"]) == pytest.approx((0.2, 0.3))
    # week 2: c alone, one sentence: no interval; d (undated) is in no bin
    assert second["value"] == pytest.approx(0.2) and second["n_articles"] == 1
    assert math.isnan(second["ci_low"]) and len(tone) == 2
    # per group: left = a, b (week 1, as the corpus); right = c (week 2) and d (undated)
    groups = ARTICLES.assign(group=ARTICLES["side"])
    both = timeline.tone_over_time(scores, ARTICLES, "week", 400, 1, groups)
    got = {(r.level, r.name, r.period): round(r.value, 6) for r in both.itertuples()}
    assert got == {
        ("corpus", "all", "2024-01-01"): round(0.7 / 3, 6),
        ("corpus", "all", "2024-01-08"): 0.2,
        ("group", "left", "2024-01-01"): round(0.7 / 3, 6),
        ("group", "right", "2024-01-08"): 0.2,
    }


def _attention_fixture() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(sparse per-article rows, shared denominators). P: a names P twice (100 words), c once
    (50 words); b (300 words) does not name P. Q: c once. d (10 words) names no one."""
    measures = ["mentions_per_1000_words", "share_articles_mentioning"]
    per = pd.DataFrame(
        {
            "article_id": ["a", "a", "c", "c", "c", "c"],
            "actor": ["P", "P", "P", "P", "Q", "Q"],
            "measure": measures * 3,
            "numerator": [2.0, 1.0, 1.0, 1.0, 1.0, 1.0],
            "denominator": [100.0, 1.0, 50.0, 1.0, 50.0, 1.0],
            "n": [2, 1, 1, 1, 1, 1],
        }
    )
    shared = pd.DataFrame(
        {
            "article_id": ["a", "a", "b", "b", "c", "c", "d", "d"],
            "measure": measures * 4,
            "denominator": [100.0, 1.0, 300.0, 1.0, 50.0, 1.0, 10.0, 1.0],
        }
    )
    return per, shared


def test_actor_measures_per_bin():
    # the sparse per-article table (_attention_fixture): rows only where the actor has evidence
    per, shared = _attention_fixture()
    chosen = timeline.measures_of(MEASURES, timeline.ATTENTION_MEASURES)
    out = timeline.actor_over_time(per, shared, ARTICLES, "week", chosen, n_boot=200)
    got = {
        (r.period, r.actor, r.measure): (round(r.value, 6), r.n, r.n_articles)
        for r in out.itertuples()
    }
    assert got == {
        ("2024-01-01", "P", "mentions_per_1000_words"): (5.0, 2, 2),  # 1000 * 2 / (100 + 300)
        ("2024-01-01", "P", "share_articles_mentioning"): (0.5, 1, 2),  # a of a, b
        ("2024-01-01", "Q", "mentions_per_1000_words"): (0.0, 0, 2),  # not named: 0, kept
        ("2024-01-01", "Q", "share_articles_mentioning"): (0.0, 0, 2),
        ("2024-01-08", "P", "mentions_per_1000_words"): (20.0, 1, 1),  # 1000 * 1 / 50
        ("2024-01-08", "P", "share_articles_mentioning"): (1.0, 1, 1),
        ("2024-01-08", "Q", "mentions_per_1000_words"): (20.0, 1, 1),
        ("2024-01-08", "Q", "share_articles_mentioning"): (1.0, 1, 1),
    }
    week1 = out[
        (out.period == "2024-01-01") & (out.actor == "P")
        & (out.measure == "share_articles_mentioning")
    ]  # fmt: skip
    # resamples aa (1.0), bb (0.0), ab (0.5): the interval spans 0 to 1
    assert (week1["ci_low"].iloc[0], week1["ci_high"].iloc[0]) == (0.0, 1.0)
    assert list(out.columns) == timeline.ACTOR_COLUMNS


def test_top_by_total():
    t = pd.DataFrame({"k": ["a", "b", "b", "c"], "v": [3, 2, 2, 4]})
    assert timeline.top_by_total(t, "k", "v", 2) == ["b", "c"]  # 4 and 4: by name


def test_actor_measures_per_group_and_bin():
    # the fixture of test_actor_measures_per_bin with the outlet group "side": left holds a and b
    # (week of 2024-01-01), right holds c (week of 2024-01-08) and d (no date: in no bin)
    per, shared = _attention_fixture()
    chosen = timeline.measures_of(MEASURES, timeline.ATTENTION_MEASURES)
    arts = ARTICLES.assign(group=ARTICLES["side"])
    out = timeline.actor_over_time(per, shared, arts, "week", chosen, 200, 0, by=("group",))
    assert list(out.columns) == timeline.GROUP_ACTOR_COLUMNS
    got = [
        (r.group, r.period, r.actor, r.measure, round(r.value, 6), r.n, r.n_articles)
        for r in out.itertuples()
    ]
    assert got == [  # sorted by group, period, actor, measure; a group-bin without articles: none
        ("left", "2024-01-01", "P", "mentions_per_1000_words", 5.0, 2, 2),  # 1000*2/(100+300)
        ("left", "2024-01-01", "P", "share_articles_mentioning", 0.5, 1, 2),
        ("left", "2024-01-01", "Q", "mentions_per_1000_words", 0.0, 0, 2),  # not named: 0, kept
        ("left", "2024-01-01", "Q", "share_articles_mentioning", 0.0, 0, 2),
        ("right", "2024-01-08", "P", "mentions_per_1000_words", 20.0, 1, 1),  # 1000 * 1 / 50
        ("right", "2024-01-08", "P", "share_articles_mentioning", 1.0, 1, 1),
        ("right", "2024-01-08", "Q", "mentions_per_1000_words", 20.0, 1, 1),
        ("right", "2024-01-08", "Q", "share_articles_mentioning", 1.0, 1, 1),
    ]
    left = out[(out.group == "left") & (out.actor == "P")
               & (out.measure == "share_articles_mentioning")]  # fmt: skip
    # resamples of a, b: aa (1.0), bb (0.0), ab (0.5): 0 to 1, as for the corpus's first week
    assert (left["ci_low"].iloc[0], left["ci_high"].iloc[0]) == (0.0, 1.0)
    right = out[out.group == "right"]
    assert right["ci_low"].isna().all()  # one article: no interval
    # every article in one group: the corpus's values, n and n_articles per bin
    one = timeline.actor_over_time(per, shared, arts.assign(group="all"), "week", chosen, 200, 0,
                                   by=("group",))  # fmt: skip
    corpus = timeline.actor_over_time(per, shared, ARTICLES, "week", chosen, 200, 0)
    cols = ["period", "actor", "measure", "value", "n", "n_articles"]
    assert one[cols].equals(corpus[cols])
    empty = timeline.actor_over_time(per, shared, arts, None, chosen, by=("group",))
    assert empty.empty and list(empty.columns) == timeline.GROUP_ACTOR_COLUMNS

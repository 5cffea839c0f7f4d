"""Measures over time: coverage volume, sentence tone and the actors' attention and tone per
day, week or month (Media Cloud's attention-over-time view), with the project's intervals.

Stage: aggregate. Inputs are the articles table (``published``: ISO ``YYYY-MM-DD`` or "", see
analysis.load), the sentence sentiment table (analysis.sentiment) and the actors' per-article
table (analysis.aggregate.per_article); which articles count is decided before, by
analysis.scope.

**The bin** (:func:`choose_bin`): with dates on fewer than two distinct days there is no time
axis and every table is empty (with its columns). Otherwise, from the span between the first
and the last date (``last - first`` in days): up to 31 days, one bin per **day**; up to 182
days (about six months), per **week** (ISO weeks, Monday to Sunday); longer, per **month**. The
``time_bin`` parameter forces ``day``, ``week`` or ``month`` (``auto``: this rule). A bin is
named by its first day (``period``) and its last day (``period_end``); every bin between the
first and the last date is present, also those without an article. Articles without a date are
in no bin (the reports count them).

Tables (every one carries ``bin``, ``period``, ``period_end``):

- ``coverage_over_time`` (:func:`coverage_over_time`): ``level`` (``corpus``, ``outlet`` or
  ``group``: the outlet_group's value), ``name`` (outlet or group; "all" for the corpus),
  ``n_articles`` (dated articles published in the bin; 0 kept), ``n_words``. Every selected
  article counts (a syndicated copy is an article its outlet's readers saw).
- ``tone_over_time`` (:func:`tone_over_time`): mean sentence polarity per bin x instrument x
  score, for the corpus (``level`` corpus, ``name`` "all") and, with an outlet group, per
  group (``level`` group), the columns of analysis.sentence_tone (value, ci_low, ci_high, n
  sentences, n_articles, unit), seeded cluster-bootstrap intervals over the bin's articles.
- ``actor_attention_over_time`` and ``actor_tone_over_time`` (:func:`actor_over_time`): per
  bin x actor x measure the actor measures of analysis.aggregate (``mentions_per_1000_words``
  and ``share_articles_mentioning``; ``tone_about``), with ``value``, ``ci_low``,
  ``ci_high``, ``n``, ``n_articles``, ``unit`` as in ``actor_measures``.
- ``actor_attention_over_time_by_group`` and ``actor_tone_over_time_by_group`` (the same with
  ``by=("group",)``): per outlet group x bin x actor x measure, column ``group`` after the bin
  columns, every selected article (as the other per-group tables), same intervals.

A bin with a single article has no interval (NaN), as everywhere in the project; ``n`` and
``n_articles`` say how small each bin is.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis import stats
from analysis.sentence_tone import TONE_COLUMNS, tone_by_group

TIME_BINS = ("auto", "day", "week", "month")
#: span (days between the first and last date) up to which each bin is chosen by "auto"
DAY_SPAN, WEEK_SPAN = 31, 182
TIME_COLUMNS = ["bin", "period", "period_end"]
COVERAGE_COLUMNS = [*TIME_COLUMNS, "level", "name", "n_articles", "n_words"]
MEASURE_COLUMNS = ["measure", "value", "ci_low", "ci_high", "n", "n_articles", "unit"]
ACTOR_COLUMNS = [*TIME_COLUMNS, "actor", *MEASURE_COLUMNS]
GROUP_ACTOR_COLUMNS = [*TIME_COLUMNS, "group", "actor", *MEASURE_COLUMNS]
TONE_TIME_COLUMNS = [*TIME_COLUMNS, "level", "name", *TONE_COLUMNS]
ATTENTION_MEASURES = ("mentions_per_1000_words", "share_articles_mentioning")
TONE_MEASURES = ("tone_about",)


def dates(articles: pd.DataFrame) -> pd.Series:
    """The articles' publication days as timestamps (NaT when not given), index kept."""
    col = articles["published"] if "published" in articles else pd.Series("", articles.index)
    return pd.to_datetime(col.fillna("").astype(str).replace("", None), format="%Y-%m-%d")


def choose_bin(days: pd.Series, forced: str = "auto") -> str | None:
    """The bin for publication ``days`` (timestamps): None with fewer than two distinct days,
    else ``forced`` when it is not "auto", else by the span (module docstring)."""
    if forced not in TIME_BINS:
        raise ValueError(f"time_bin must be one of {TIME_BINS}, got {forced!r}")
    d = days.dropna()
    if d.nunique() < 2:
        return None
    if forced != "auto":
        return forced
    span = (d.max() - d.min()).days
    return "day" if span <= DAY_SPAN else "week" if span <= WEEK_SPAN else "month"


def _start(days: pd.Series, bin: str) -> pd.Series:
    if bin == "day":
        return days
    if bin == "week":
        return days - pd.to_timedelta(days.dt.day_of_week, unit="D")
    return days.dt.to_period("M").dt.start_time


def _end(starts: pd.Series, bin: str) -> pd.Series:
    if bin == "day":
        return starts
    if bin == "week":
        return starts + pd.Timedelta(days=6)
    return starts + pd.offsets.MonthEnd(0)


def _iso(days: pd.Series) -> pd.Series:
    return days.dt.strftime("%Y-%m-%d")


def with_period(articles: pd.DataFrame, bin: str) -> pd.DataFrame:
    """``articles`` with ``period`` (first day of its bin, ISO text; missing when undated)."""
    start = _start(dates(articles), bin)
    return articles.assign(period=_iso(start).where(start.notna()))


def periods(articles: pd.DataFrame, bin: str) -> pd.DataFrame:
    """Every bin from the first to the last dated article: ``bin``, ``period``, ``period_end``."""
    d = dates(articles).dropna()
    first = _start(pd.Series([d.min()]), bin).iloc[0]
    last = _start(pd.Series([d.max()]), bin).iloc[0]
    freq = {"day": "D", "week": "7D", "month": "MS"}[bin]
    starts = pd.Series(pd.date_range(first, last, freq=freq))
    return pd.DataFrame({"bin": bin, "period": _iso(starts), "period_end": _iso(_end(starts, bin))})


def _with_bins(result: pd.DataFrame, grid: pd.DataFrame) -> pd.DataFrame:
    """``result`` (with a ``period`` column) with ``bin`` and ``period_end`` from ``grid``."""
    return grid.merge(result, on="period", how="inner", validate="one_to_many")


def coverage_over_time(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    bin: str | None,
    group: pd.Series | None = None,
) -> pd.DataFrame:
    """Dated articles (and their words) per bin, for the corpus, each outlet and, when
    ``group`` (the outlet group of each article, aligned with ``articles``) is given, each
    group; every bin of the span, zeros kept. Columns :data:`COVERAGE_COLUMNS`, sorted by
    level (corpus, group, outlet), name, period."""
    if bin is None or articles.empty:
        return pd.DataFrame(columns=COVERAGE_COLUMNS)
    grid = periods(articles, bin)
    words = sentences.groupby("article_id")["n_words"].sum()
    arts = with_period(articles, bin).dropna(subset=["period"])
    arts = arts.assign(n_words=arts["article_id"].map(words).fillna(0).astype("int64"))
    levels = [("corpus", pd.Series("all", index=arts.index))]
    if group is not None:
        levels.append(("group", group.reindex(arts.index).astype(str)))
    levels.append(("outlet", arts["outlet"].astype(str)))
    parts = []
    for level, names in levels:
        counts = (
            arts.assign(name=names)
            .groupby(["name", "period"], sort=True)
            .agg(n_articles=("article_id", "size"), n_words=("n_words", "sum"))
        )
        full = pd.MultiIndex.from_product(
            [sorted(set(names)), grid["period"]], names=["name", "period"]
        )
        counts = counts.reindex(full, fill_value=0).reset_index()
        parts.append(_with_bins(counts, grid).assign(level=level))
    out = pd.concat(parts, ignore_index=True)[COVERAGE_COLUMNS]
    return out.astype({"n_articles": "int64", "n_words": "int64"}).reset_index(drop=True)


def tone_over_time(
    scores: pd.DataFrame,
    articles: pd.DataFrame,
    bin: str | None,
    n_boot: int = 1000,
    seed: int = 0,
    groups: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Mean sentence tone per bin (analysis.sentence_tone.tone_by_group by ``period``): level
    ``corpus`` (name "all") on ``articles``, and level ``group`` per outlet group when
    ``groups`` (articles with a ``group`` column, analysis.scope.with_group) is given. Columns
    :data:`TONE_TIME_COLUMNS`, sorted by level (corpus first), name, period, instrument,
    score."""
    if bin is None or articles.empty:
        return pd.DataFrame(columns=TONE_TIME_COLUMNS)
    grid = periods(articles if groups is None else pd.concat([articles, groups]), bin)
    tone = tone_by_group(scores, with_period(articles, bin), ("period",), n_boot, seed)
    parts = [_with_bins(tone, grid).assign(level="corpus", name="all")]
    if groups is not None:
        by = tone_by_group(scores, with_period(groups, bin), ("group", "period"), n_boot, seed)
        parts.append(_with_bins(by.rename(columns={"group": "name"}), grid).assign(level="group"))
    out = pd.concat(parts, ignore_index=True)[TONE_TIME_COLUMNS]
    return (
        out.sort_values(["name", "period", "instrument", "score"], kind="stable")
        .sort_values("level", key=lambda c: c != "corpus", kind="stable")
        .reset_index(drop=True)
    )


def actor_over_time(
    table: pd.DataFrame,
    shared: pd.DataFrame,
    articles: pd.DataFrame,
    bin: str | None,
    measures: dict[str, tuple[float, str]],
    n_boot: int = 1000,
    seed: int = 0,
    by: Sequence[str] = (),
) -> pd.DataFrame:
    """Actor ``measures`` (name -> (scale, unit), e.g. from analysis.aggregate.MEASURES) per
    bin x actor from the sparse per-article table (analysis.aggregate.per_article) and the
    articles' shared denominators (analysis.aggregate.article_denominators), with the seeded
    cluster-bootstrap intervals of analysis.stats.summarize_sparse over each bin's articles.
    For a measure with a shared denominator (mentions per 1,000 words, share of articles) every
    actor of the table has a row in every bin with articles (0 where it is not named); for the
    others (tone) only the bins where the actor has evidence. Columns :data:`ACTOR_COLUMNS`,
    sorted by period, actor, measure. ``by``: article columns (e.g. ``("group",)``, an outlet
    group from analysis.scope.with_group) computed per value x bin, placed after the bin
    columns and sorted first (every actor of the table in every value x bin with articles)."""
    by = list(by)
    columns = [*TIME_COLUMNS, *by, "actor", *MEASURE_COLUMNS]
    if bin is None or articles.empty or table.empty:
        return pd.DataFrame(columns=columns)
    arts = with_period(articles, bin)
    rows = table[table["measure"].isin(list(measures))]
    share = shared[shared["measure"].isin(list(measures))]
    keys = [*by, "period"]
    found = stats.summarize_sparse(rows, share, arts, keys, n_boot, seed, "actor", measures)
    cells, absent = found.cells, found.absent[found.absent["measure"].isin(share["measure"])]
    if len(absent):
        actors = pd.DataFrame({"actor": sorted(set(table["actor"].tolist()))})
        on = [*keys, "actor", "measure"]
        grid = absent.merge(actors, how="cross")
        grid = grid.merge(cells[on], on=on, how="left", indicator=True)
        grid = grid[grid["_merge"] == "left_only"].drop(columns="_merge")
        cells = pd.concat([cells, grid[cells.columns]], ignore_index=True)
    cells = cells.sort_values(["period", "actor", "measure"], kind="stable")
    out = _with_bins(cells, periods(articles, bin))[columns]
    if by:  # _with_bins keeps the bins' order first
        out = out.sort_values([*by, "period", "actor", "measure"], kind="stable")
    return out.reset_index(drop=True)


def top_by_total(table: pd.DataFrame, key: str, value: str, n: int) -> list[str]:
    """The ``n`` values of ``key`` with the largest summed ``value`` (ties by name)."""
    totals = table.groupby(key, sort=True)[value].sum()
    order = sorted(totals.index, key=lambda k: (-totals[k], str(k)))
    return [str(k) for k in order[:n]]


def undated(articles: pd.DataFrame) -> int:
    """How many of ``articles`` have no publication day."""
    return int(dates(articles).isna().sum())


def measures_of(all_measures: dict[str, tuple[float, str]], names: Sequence[str]) -> dict:
    """The (scale, unit) entries of ``names``."""
    return {m: all_measures[m] for m in names}

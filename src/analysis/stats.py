"""Shared statistics for the aggregation stages: ratio estimates with seeded cluster-bootstrap
intervals (which articles count is decided by analysis.scope). A utility module (like
analysis.ledger): it imports no stage.

:func:`summarize` takes a per-article table (article_id, an item column such as ``actor`` or
``frame``, measure, numerator, denominator, n) and returns, per group x item x measure,
``value = scale * sum(numerator) / sum(denominator)`` with a 95% interval from a cluster
bootstrap over the group's articles (articles resampled with replacement, numerators and
denominators re-added, 2.5th and 97.5th percentiles). The generator is seeded from ``seed`` and
the group's name, so results are byte-identical run to run. With fewer than two articles
contributing to the denominator the interval is NaN: one article gives no interval.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

RESULT_COLUMNS = ["measure", "value", "ci_low", "ci_high", "n", "n_articles", "unit"]


def _stable_seed(seed: int, *parts: str) -> list[int]:
    return [seed, *(zlib.crc32(p.encode("utf-8")) for p in parts)]


def summarize(
    table: pd.DataFrame,
    articles: pd.DataFrame,
    by: Sequence[str] = (),
    n_boot: int = 1000,
    seed: int = 0,
    item: str = "actor",
    measures: dict[str, tuple[float, str]] | None = None,
) -> pd.DataFrame:
    """Group a per-article table by ``by`` (article columns such as outlet) x item x measure.

    ``table`` has columns article_id, ``item`` (e.g. actor or frame), measure, numerator,
    denominator, n; ``measures`` maps each measure to (scale, unit).
    A cell's value is ``scale * sum(numerator) / sum(denominator)`` with a seeded cluster
    bootstrap interval over articles (see the module docstring).
    Returns ``[*by, item, measure, value, ci_low, ci_high, n, n_articles, unit]``.
    """
    if measures is None:
        raise ValueError("summarize needs the measures' (scale, unit) mapping")
    by = list(by)
    # integer codes once for the whole table, sorted, so that within a group the codes sort as
    # the values do (the order of articles in the draws and of the cells in the result)
    art_codes, art_ids = pd.factorize(table["article_id"], sort=True)
    item_codes, items = pd.factorize(table[item], sort=True)
    measure_codes, measure_names = pd.factorize(table["measure"], sort=True)
    n_measures = max(len(measure_names), 1)
    cell_of_row = item_codes.astype(np.int64) * n_measures + measure_codes
    scales = np.array([measures[m][0] for m in measure_names], dtype=float)
    units = pd.Index([measures[m][1] for m in measure_names])
    values = {col: table[col].to_numpy(dtype=float) for col in ("numerator", "denominator", "n")}
    parts = []
    for gkey, rows in _groups(articles, by, art_codes, art_ids):
        # the group's non-empty (cell, article) sums, sorted by cell then article: the sparse
        # form of an articles x cells matrix, whose zeros change no sum
        _, a_local = np.unique(art_codes[rows], return_inverse=True)
        g_cells, c_local = np.unique(cell_of_row[rows], return_inverse=True)
        n_art, n_cells = int(a_local.max()) + 1, len(g_cells)
        keys, entry = np.unique(c_local.astype(np.int64) * n_art + a_local, return_inverse=True)
        m = _Sparse(
            keys // n_art,
            keys % n_art,
            np.bincount(entry, values["numerator"][rows], len(keys)),
            np.bincount(entry, values["denominator"][rows], len(keys)),
            n_art,
            n_cells,
        )
        n = np.bincount(c_local, values["n"][rows], n_cells)
        g_item, g_measure = g_cells // n_measures, g_cells % n_measures
        scale = scales[g_measure]
        total = np.bincount(m.cell, m.den, n_cells)
        with np.errstate(invalid="ignore", divide="ignore"):
            value = np.where(
                total > 0,
                scale * np.bincount(m.cell, m.num, n_cells) / np.where(total > 0, total, 1),
                np.nan,
            )
        n_art = np.bincount(m.cell[m.den > 0], minlength=n_cells)
        rng = np.random.default_rng(_stable_seed(seed, *map(str, gkey)))
        lo, hi = _bootstrap(m, scale, n_boot, rng, n_art >= 2)
        cells = pd.DataFrame({item: items.take(g_item), "measure": measure_names.take(g_measure)})
        for i, k in enumerate(gkey):
            cells.insert(i, by[i], k)
        cells["value"], cells["ci_low"], cells["ci_high"] = value, lo, hi
        cells["n"] = n.astype("int64")
        cells["n_articles"] = n_art.astype("int64")
        cells["unit"] = units.take(g_measure)
        parts.append(cells)
    out = (
        pd.concat(parts, ignore_index=True)
        if parts
        else pd.DataFrame(columns=[*by, item, *RESULT_COLUMNS])
    )
    for col in ("value", "ci_low", "ci_high"):
        out[col] = out[col].astype(float).round(6)
    return out.sort_values([*by, item, "measure"], kind="stable").reset_index(drop=True)


def _groups(
    articles: pd.DataFrame, by: list[str], art_codes: np.ndarray, art_ids: pd.Index
) -> list[tuple[tuple, np.ndarray]]:
    """(group key, positions of the table's rows in the group), groups in sorted order.

    The same groups as ``table.join(articles.set_index("article_id")[by], on="article_id")
    .groupby(by, sort=True)``, decided once per distinct article and broadcast to its rows
    (a row whose article is missing from ``articles`` or has a missing value belongs to none).
    """
    if not by:
        return [((), np.arange(len(art_codes)))] if len(art_codes) else []
    per_art = articles.set_index("article_id")[by].reindex(art_ids).reset_index(drop=True)
    group_of_art = np.full(len(art_ids) + 1, -1, dtype=np.int64)  # last: article_id missing
    keys = []
    for number, (gkey, sub) in enumerate(per_art.groupby(by, sort=True)):
        group_of_art[sub.index.to_numpy()] = number
        keys.append(gkey if isinstance(gkey, tuple) else (gkey,))
    row_group = group_of_art[np.where(art_codes < 0, len(art_ids), art_codes)]
    order = np.argsort(row_group, kind="stable")  # keeps the table's row order in each group
    bounds = np.searchsorted(row_group[order], np.arange(len(keys) + 1))
    return [(k, order[bounds[i] : bounds[i + 1]]) for i, k in enumerate(keys)]


class _Sparse(NamedTuple):
    """A group's numerators and denominators per (cell, article), zeros left out; entries
    sorted by cell, then article."""

    cell: np.ndarray
    art: np.ndarray
    num: np.ndarray
    den: np.ndarray
    n_art: int
    n_cells: int


def _bootstrap(
    m: _Sparse,
    scale: np.ndarray,
    n_boot: int,
    rng: np.random.Generator,
    ok: np.ndarray,
    batch: int = 64,
) -> tuple[np.ndarray, np.ndarray]:
    """2.5th / 97.5th percentiles of the resampled ratios of every ``ok`` cell.

    Each resample draws the group's ``n_art`` articles with replacement (``batch`` resamples
    per call of the generator); its article counts ``w`` give a cell's resampled sums
    ``sum(w[article] * value)`` over the cell's non-zero entries, added in article order.
    Cells with identical columns (e.g. every actor's denominator "words in the article") are
    summed once. A cell whose numerator is zero in every article has the ratio 0 in every
    resample that holds one of its denominator's articles, so its interval is [0, 0] (NaN when
    no resample does); only the other cells keep their resampled ratios for the percentiles.
    """
    lo = np.full(m.n_cells, np.nan)
    hi = np.full(m.n_cells, np.nan)
    if not ok.any() or m.n_art == 0:
        return lo, hi
    num_col, num_reps = _distinct_columns(m, m.num)
    den_col, den_reps = _distinct_columns(m, m.den)
    live = ok & (num_col >= 0)
    zero = ok & ~live
    keep = np.flatnonzero(live)
    sc = scale[keep]
    ratios = np.empty((n_boot, len(keep)))
    den_any = np.zeros(len(den_reps.starts), dtype=bool)
    n_art = m.n_art
    for b0 in range(0, n_boot, batch):
        b = min(batch, n_boot - b0)
        draws = rng.integers(0, n_art, size=(b, n_art))
        offsets = (np.arange(b) * n_art)[:, None]
        w = np.bincount((draws + offsets).ravel(), minlength=b * n_art).reshape(b, n_art)
        w = w.astype(np.float64)
        bn, bd = num_reps.sums(w), den_reps.sums(w)
        den_any |= (bd > 0).any(axis=0)
        bn, bd = bn[:, num_col[keep]], bd[:, den_col[keep]]
        with np.errstate(invalid="ignore", divide="ignore"):
            ratios[b0 : b0 + b] = np.where(bd > 0, sc * bn / np.where(bd > 0, bd, 1), np.nan)
    lo[keep], hi[keep] = _nanpercentiles(ratios, (2.5, 97.5))
    zero_ok = zero & den_any[den_col]
    lo[zero_ok] = hi[zero_ok] = 0.0
    return lo, hi


class _Columns(NamedTuple):
    """Distinct non-empty columns of a sparse matrix: their entries (article, value, column
    0, 1, ...) in column then article order, and where each column starts."""

    art: np.ndarray
    value: np.ndarray
    segment: np.ndarray  # the distinct column of each entry (0, 1, ...)
    starts: np.ndarray

    def sums(self, w: np.ndarray) -> np.ndarray:
        """``w @ column`` for every distinct column (resamples x columns), terms added in
        article order."""
        b, k = w.shape[0], len(self.starts)
        if k == 0:
            return np.zeros((b, 0))
        terms = w[:, self.art] * self.value
        index = (np.arange(b)[:, None] * k + self.segment).ravel()
        return np.bincount(index, terms.ravel(), b * k).reshape(b, k)


def _distinct_columns(m: _Sparse, values: np.ndarray) -> tuple[np.ndarray, _Columns]:
    """For every cell, the id of its distinct column of ``values`` (-1: all zero), and the
    distinct columns. Columns are compared exactly (articles and the values' bits)."""
    nz = values != 0
    cell, art, val = m.cell[nz], m.art[nz], values[nz]
    counts = np.bincount(cell, minlength=m.n_cells)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    has = np.flatnonzero(counts)
    rep = np.full(m.n_cells, -1, dtype=np.int64)
    if len(has):
        # a hash per column; equal hashes are then checked entry by entry
        gen = np.random.default_rng(0x5EED)
        r1 = gen.integers(1, 2**63, size=m.n_art, dtype=np.uint64)
        bits = val.view(np.uint64)
        with np.errstate(over="ignore"):
            h = np.add.reduceat(
                r1[art] * (bits | np.uint64(1)) + (bits >> np.uint64(7)), starts[has]
            )
        order = np.lexsort((has, h, counts[has]))
        key_h, key_n = h[order], counts[has][order]
        first = np.ones(len(order), dtype=bool)
        first[1:] = (key_h[1:] != key_h[:-1]) | (key_n[1:] != key_n[:-1])
        cand = has[order][np.maximum.accumulate(np.where(first, np.arange(len(order)), 0))]
        rep[has[order]] = cand
        # verify: every entry of a column equals the entry at the same place in its candidate
        pos = np.arange(len(cell)) - starts[cell]
        other = starts[rep[cell]] + pos
        same = (art == art[other]) & (bits == bits[other])
        bad = np.unique(cell[~same])
        rep[bad] = bad
    reps = np.unique(rep[rep >= 0])
    col = np.full(m.n_cells, -1, dtype=np.int64)
    col[rep >= 0] = np.searchsorted(reps, rep[rep >= 0])
    take = np.isin(cell, reps)
    seg = np.searchsorted(reps, cell[take])
    seg_starts = np.searchsorted(seg, np.arange(len(reps)))
    return col, _Columns(art[take], val[take], seg, seg_starts)


def _nanpercentiles(x: np.ndarray, q: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """``np.nanpercentile(x, q, axis=0)``, value for value, without its loop over columns.

    NaN sorts last, so a column with k numbers holds them in its first k rows; numpy's
    percentile of those k rows is what nanpercentile computes for the column. Columns are taken
    together per k (few distinct k: NaN comes from resamples without the cell's articles).
    """
    x = np.sort(x, axis=0)
    valid = x.shape[0] - np.isnan(x).sum(axis=0)
    out = np.full((2, x.shape[1]), np.nan)
    for k in np.unique(valid).tolist():
        if k == 0:
            continue  # no resample with the cell's articles: no interval
        cols = np.flatnonzero(valid == k)
        out[:, cols] = np.percentile(x[:k, cols], q, axis=0)
    return out[0], out[1]

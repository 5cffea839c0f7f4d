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

from analysis.arrays import unique

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
    return _summarize(table, articles, by, n_boot, seed, item, measures, None).cells


class Summary(NamedTuple):
    """:func:`summarize_sparse`'s result: the cells of the items present in each group, and
    per group x measure the cell every absent item has (``absent``)."""

    cells: pd.DataFrame
    absent: pd.DataFrame


def summarize_sparse(
    table: pd.DataFrame,
    shared: pd.DataFrame,
    articles: pd.DataFrame,
    by: Sequence[str] = (),
    n_boot: int = 1000,
    seed: int = 0,
    item: str = "actor",
    measures: dict[str, tuple[float, str]] | None = None,
) -> Summary:
    """:func:`summarize` of a sparse per-article table, with the same numbers as the dense one.

    ``table`` holds rows only for (article, item) pairs where the item has evidence; a left-out
    row has numerator 0 and n 0, and its denominator is 0 except for the measures of ``shared``
    (article_id, measure, denominator: one row per article and measure whose denominator is the
    same for every item, e.g. the words of the article). For those measures every cell's
    denominator is the article's value in ``shared`` (the rows' own are not read), and the
    articles of ``shared`` are the articles of their group even where no item has a row.

    Returns :class:`Summary`: ``cells`` as :func:`summarize` of the dense table gives them for
    every (group, item) pair with a row (the same bytes), and ``absent``, columns ``[*by,
    measure, value, ci_low, ci_high, n, n_articles, unit]``: for every group of the articles and
    every measure of ``table``, the cell of an item without any row in the group (value 0 where
    the shared denominator is positive, else NaN; n 0), as the dense table gives it.
    """
    return _summarize(table, articles, by, n_boot, seed, item, measures, shared)


def _summarize(
    table: pd.DataFrame,
    articles: pd.DataFrame,
    by: Sequence[str],
    n_boot: int,
    seed: int,
    item: str,
    measures: dict[str, tuple[float, str]] | None,
    shared: pd.DataFrame | None,
) -> Summary:
    if measures is None:
        raise ValueError("summarize needs the measures' (scale, unit) mapping")
    by = list(by)
    # integer codes once for the whole table, sorted, so that within a group the codes sort as
    # the values do (the order of articles in the draws and of the cells in the result)
    sparse = shared is not None
    ids = table["article_id"]
    if sparse:
        ids = pd.concat([ids, shared["article_id"]], ignore_index=True)
    all_codes, art_ids = pd.factorize(ids, sort=True)
    art_codes, sh_codes = all_codes[: len(table)], all_codes[len(table) :]
    item_codes, items = pd.factorize(table[item], sort=True)
    measure_codes, measure_names = pd.factorize(table["measure"], sort=True)
    n_measures = max(len(measure_names), 1)
    cell_of_row = item_codes.astype(np.int64) * n_measures + measure_codes
    scales = np.array([measures[m][0] for m in measure_names], dtype=float)
    units = pd.Index([measures[m][1] for m in measure_names])
    values = {col: table[col].to_numpy(dtype=float) for col in ("numerator", "denominator", "n")}
    is_shared = np.zeros(n_measures, dtype=bool)
    if sparse:
        sh_measure = measure_names.get_indexer(shared["measure"])
        sh_den = shared["denominator"].to_numpy(dtype=float)
        is_shared[unique(sh_measure[sh_measure >= 0])] = True
        if len(measure_names):
            # the rows' own denominators of a shared measure are replaced by the article's
            values["denominator"] = np.where(is_shared[measure_codes], 0.0, values["denominator"])
    # the absent item: a cell code after every item's (only with a sparse table)
    phantom = len(items) * n_measures + np.arange(len(measure_names))
    parts, absent = [], []
    code_sets = [art_codes, sh_codes] if sparse else [art_codes]
    for gkey, (rows, *srows) in _groups(articles, by, code_sets, art_ids):
        if not len(rows) and not (sparse and len(measure_names)):
            continue
        # the group's non-empty (cell, article) sums, sorted by cell then article: the sparse
        # form of an articles x cells matrix, whose zeros change no sum
        g_arts = unique(np.concatenate([art_codes[rows], *(sh_codes[s] for s in srows)]))
        a_local = np.searchsorted(g_arts, art_codes[rows])
        row_cells = cell_of_row[rows]
        g_cells = unique(np.concatenate([row_cells, phantom]) if sparse else row_cells)
        c_local = np.searchsorted(g_cells, row_cells)
        n_art, n_cells = len(g_arts), len(g_cells)
        keys, entry = unique(c_local.astype(np.int64) * n_art + a_local, return_inverse=True)
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
        n_art_cell = np.bincount(m.cell[m.den > 0], minlength=n_cells)
        num_col, num_reps = _distinct_columns(m, m.num)
        den_col, den_reps = _distinct_columns(m, m.den)
        if sparse:
            den_reps = _shared_denominators(
                (sh_measure, sh_codes, sh_den), srows[0], g_arts, g_measure, is_shared,
                den_col, den_reps, total, n_art_cell,
            )  # fmt: skip
        with np.errstate(invalid="ignore", divide="ignore"):
            value = np.where(
                total > 0,
                scale * np.bincount(m.cell, m.num, n_cells) / np.where(total > 0, total, 1),
                np.nan,
            )
        rng = np.random.default_rng(_stable_seed(seed, *map(str, gkey)))
        lo, hi = _bootstrap(
            num_col, num_reps, den_col, den_reps, n_art, scale, n_boot, rng, n_art_cell >= 2
        )
        real = g_item < len(items)
        found = (value, lo, hi, n, n_art_cell)
        if real.any():
            parts.append((gkey, g_item[real], g_measure[real], *(a[real] for a in found)))
        if sparse:
            ph = ~real
            absent.append((gkey, g_measure[ph], *(a[ph] for a in found)))
    out = (
        _assemble(by, parts, {item: items, "measure": measure_names}, units)
        if parts
        else pd.DataFrame(columns=[*by, item, *RESULT_COLUMNS])
    )
    for col in ("value", "ci_low", "ci_high"):
        out[col] = out[col].astype(float).round(6)
    out = out.sort_values([*by, item, "measure"], kind="stable").reset_index(drop=True)
    none = (
        _assemble(by, absent, {"measure": measure_names}, units)
        if absent
        else pd.DataFrame(columns=[*by, *RESULT_COLUMNS])
    )
    for col in ("value", "ci_low", "ci_high"):
        none[col] = none[col].astype(float).round(6)
    return Summary(out, none.sort_values([*by, "measure"], kind="stable").reset_index(drop=True))


def _assemble(
    by: list[str], parts: list[tuple], labels: dict[str, pd.Index], units: pd.Index
) -> pd.DataFrame:
    """One table of every group's cells, in group order: the group's key columns, the label
    columns (``labels``: name -> the Index each part's codes point into; the last label is the
    measure, which also picks the unit), value, ci_low, ci_high, n, n_articles, unit.

    ``parts``: per group (key, a code array per label, value, lo, hi, n, n_articles). Built
    once for all groups; each key column holds what setting the key as a scalar on the group's
    rows gives (one one-row frame per group, concatenated, then repeated over its rows), so
    the dtypes are those of one frame per group concatenated."""
    n_labels = len(labels)
    sizes = np.array([len(p[1]) for p in parts], dtype=np.int64)
    columns: dict[str, object] = {}
    if by:
        rows = np.repeat(np.arange(len(parts)), sizes)
        columns.update({b: _key_column([p[0][i] for p in parts], rows) for i, b in enumerate(by)})

    def joined(k: int) -> np.ndarray:
        return np.concatenate([p[k] for p in parts])

    for k, (name, index) in enumerate(labels.items(), start=1):
        columns[name] = index.take(joined(k))
    value, lo, hi, n, n_art = (joined(n_labels + 1 + k) for k in range(5))
    columns.update(value=value, ci_low=lo, ci_high=hi)
    columns["n"] = n.astype("int64")
    columns["n_articles"] = n_art.astype("int64")
    columns["unit"] = units.take(joined(n_labels))
    return pd.DataFrame(columns)


def _key_column(keys: list, rows: np.ndarray) -> pd.Series:
    """``keys[rows]`` as the column that setting each group's key as a scalar on its own
    frame, then concatenating the frames, gives: with keys all of one plain type (str, the
    outlets and events), that type's column; otherwise made that way, one row per group."""
    kinds = {type(k) for k in keys}
    if len(kinds) == 1 and kinds <= {str}:
        dtype = pd.DataFrame({"k": keys[0]}, index=[0])["k"].dtype
        return pd.Series(keys, dtype=dtype).take(rows).reset_index(drop=True)
    one = pd.concat([pd.DataFrame({"k": k}, index=[0]) for k in keys], ignore_index=True)
    return one["k"].take(rows).reset_index(drop=True)


def _shared_denominators(
    shared: tuple[np.ndarray, np.ndarray, np.ndarray],
    rows: np.ndarray,
    g_arts: np.ndarray,
    g_measure: np.ndarray,
    is_shared: np.ndarray,
    den_col: np.ndarray,
    den_reps: _Columns,
    total: np.ndarray,
    n_art_cell: np.ndarray,
) -> _Columns:
    """Give every cell of a shared measure the articles' own denominators (``shared``: measure
    code, article code and denominator per row; ``rows`` those of the group): one column per
    measure after ``den_reps`` (returned), and in place each cell's ``den_col``, ``total``
    (added one by one in article order, as the dense cells' denominators are) and
    ``n_art_cell``."""
    sh_measure, sh_codes, sh_den = shared
    meas, art, val = sh_measure[rows], np.searchsorted(g_arts, sh_codes[rows]), sh_den[rows]
    inside = (meas >= 0) & (val != 0)
    meas, art, val = meas[inside], art[inside], val[inside]
    order = np.lexsort((art, meas))
    meas, art, val = meas[order], art[order], val[order]
    first = len(den_reps.starts)
    den_reps, place = den_reps.extended(meas, art, val, len(is_shared))
    for j in np.flatnonzero(is_shared).tolist():
        cells = g_measure == j
        den_col[cells] = -1 if place[j] < 0 else first + place[j]
        vals = val[meas == j]
        total[cells] = np.bincount(np.zeros(len(vals), np.int64), vals, 1)[0]
        n_art_cell[cells] = np.count_nonzero(vals > 0)
    return den_reps


def _groups(
    articles: pd.DataFrame, by: list[str], code_sets: list[np.ndarray], art_ids: pd.Index
) -> list[tuple[tuple, list[np.ndarray]]]:
    """(group key, for each array of ``code_sets`` the positions of its rows in the group),
    groups in sorted order.

    The same groups as ``table.join(articles.set_index("article_id")[by], on="article_id")
    .groupby(by, sort=True)``, decided once per distinct article and broadcast to its rows
    (a row whose article is missing from ``articles`` or has a missing value belongs to none).
    """
    if not by:
        if not any(len(c) for c in code_sets):
            return []
        return [((), [np.arange(len(c)) for c in code_sets])]
    per_art = articles.set_index("article_id")[by].reindex(art_ids).reset_index(drop=True)
    group_of_art = np.full(len(art_ids) + 1, -1, dtype=np.int64)  # last: article_id missing
    keys = []
    for number, (gkey, sub) in enumerate(per_art.groupby(by, sort=True)):
        group_of_art[sub.index.to_numpy()] = number
        keys.append(gkey if isinstance(gkey, tuple) else (gkey,))
    per_set = []
    for codes in code_sets:
        row_group = group_of_art[np.where(codes < 0, len(art_ids), codes)]
        order = np.argsort(row_group, kind="stable")  # keeps the table's row order in each group
        bounds = np.searchsorted(row_group[order], np.arange(len(keys) + 1))
        per_set.append([order[bounds[i] : bounds[i + 1]] for i in range(len(keys))])
    return [(k, [rows[i] for rows in per_set]) for i, k in enumerate(keys)]


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
    num_col: np.ndarray,
    num_reps: _Columns,
    den_col: np.ndarray,
    den_reps: _Columns,
    n_art: int,
    scale: np.ndarray,
    n_boot: int,
    rng: np.random.Generator,
    ok: np.ndarray,
    batch: int = 64,
) -> tuple[np.ndarray, np.ndarray]:
    """2.5th / 97.5th percentiles of the resampled ratios of every ``ok`` cell.

    ``num_col`` / ``den_col``: each cell's distinct column (-1: all zero) of numerators and
    denominators, ``num_reps`` / ``den_reps`` those columns (:func:`_distinct_columns`).
    Each resample draws the group's ``n_art`` articles with replacement (``batch`` resamples
    per call of the generator, several batches summed at once); its article counts ``w`` give
    a cell's resampled sums ``sum(w[article] * value)`` over the cell's non-zero entries,
    added in article order.
    Cells with identical columns (e.g. every actor's denominator "words in the article") are
    summed once. A cell whose numerator is zero in every article has the ratio 0 in every
    resample that holds one of its denominator's articles, so its interval is [0, 0] (NaN when
    no resample does); only the other cells keep their resampled ratios for the percentiles.
    """
    n_cells = len(num_col)
    lo = np.full(n_cells, np.nan)
    hi = np.full(n_cells, np.nan)
    if not ok.any() or n_art == 0:
        return lo, hi
    live = ok & (num_col >= 0)
    zero = ok & ~live
    keep = np.flatnonzero(live)
    sc = scale[keep]
    ratios = np.empty((n_boot, len(keep)))
    den_any = np.zeros(len(den_reps.starts), dtype=bool)
    # the draws are made ``batch`` resamples per call of the generator, as always; the sums
    # are taken for several batches at once while every array (terms, weights, ratios) stays
    # under _CHUNK_ENTRIES entries: a small group then costs a few array operations instead of
    # a few per batch, and a large one keeps one batch at a time (no more memory than before)
    size = max(len(num_reps.art), len(den_reps.art), n_art, len(keep), 1)
    chunk = max(batch, _CHUNK_ENTRIES // size // batch * batch)
    for c0 in range(0, n_boot, chunk):
        c = min(chunk, n_boot - c0)
        draws = np.concatenate(
            [
                rng.integers(0, n_art, size=(min(batch, n_boot - b0), n_art))
                for b0 in range(c0, c0 + c, batch)
            ]
        )
        offsets = (np.arange(c) * n_art)[:, None]
        w = np.bincount((draws + offsets).ravel(), minlength=c * n_art).reshape(c, n_art)
        w = w.astype(np.float64)
        bn, bd = num_reps.sums(w), den_reps.sums(w)
        den_any |= (bd > 0).any(axis=0)
        bn, bd = bn[:, num_col[keep]], bd[:, den_col[keep]]
        with np.errstate(invalid="ignore", divide="ignore"):
            ratios[c0 : c0 + c] = np.where(bd > 0, sc * bn / np.where(bd > 0, bd, 1), np.nan)
    lo[keep], hi[keep] = _nanpercentiles(ratios, (2.5, 97.5))
    zero_ok = zero & den_any[den_col]
    lo[zero_ok] = hi[zero_ok] = 0.0
    return lo, hi


#: Most terms (resamples x entries) summed in one array operation by :func:`_bootstrap`.
_CHUNK_ENTRIES = 1 << 21


class _Columns(NamedTuple):
    """Distinct non-empty columns of a sparse matrix: their entries (article, value, column
    0, 1, ...) in column then article order, and where each column starts."""

    art: np.ndarray
    value: np.ndarray
    segment: np.ndarray  # the distinct column of each entry (0, 1, ...)
    starts: np.ndarray

    def sums(self, w: np.ndarray) -> np.ndarray:
        """``w @ column`` for every distinct column (resamples x columns), terms added in
        article order from 0.0.

        Step p adds every column's p-th term (its p-th article's weight times its value) to
        the column's running sums, for all resamples at once: the columns are taken longest
        first, so the columns with a p-th term are the first ones. The same products added in
        the same order as one running sum per (resample, column) (what ``np.bincount`` over
        the terms did), without an index array of resamples x entries."""
        b, k = w.shape[0], len(self.starts)
        if k == 0:
            return np.zeros((b, 0))
        lengths = np.diff(np.append(self.starts, len(self.art)))
        by = np.argsort(-lengths, kind="stable")
        starts, lengths = self.starts[by], lengths[by]
        # columns with more than p terms, for p = 0, 1, ... (lengths are descending)
        longer = np.searchsorted(-lengths, -np.arange(int(lengths[0])), side="left").tolist()
        wt = np.ascontiguousarray(w.T)  # articles x resamples: a term's weights are one row
        out = np.zeros((k, b))
        part = np.empty((k, b))
        for p, cnt in enumerate(longer):
            at = starts[:cnt] + p
            terms = part[:cnt]
            np.take(wt, self.art[at], axis=0, out=terms)
            terms *= self.value[at][:, None]
            out[:cnt] += terms
        sums = np.empty((b, k))
        sums[:, by] = out.T
        return sums

    def extended(
        self, column: np.ndarray, art: np.ndarray, value: np.ndarray, n_ids: int
    ) -> tuple[_Columns, np.ndarray]:
        """These columns and the non-empty ones given by ``column`` (an id per entry; entries
        sorted by column, then article) after them; with the place of each given column among
        the new ones (-1 where it has no entry), indexed by id (0 to ``n_ids`` - 1)."""
        ids, seg = unique(column, return_inverse=True)
        k = len(self.starts)
        place = np.full(n_ids, -1, dtype=np.int64)
        place[ids] = np.arange(len(ids))
        starts = np.searchsorted(seg, np.arange(len(ids))) + len(self.art)
        out = _Columns(
            np.concatenate([self.art, art]),
            np.concatenate([self.value, value]),
            np.concatenate([self.segment, seg + k]),
            np.concatenate([self.starts, starts]),
        )
        return out, place


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
        bad = unique(cell[~same])
        rep[bad] = bad
    reps = unique(rep[rep >= 0])
    col = np.full(m.n_cells, -1, dtype=np.int64)
    col[rep >= 0] = np.searchsorted(reps, rep[rep >= 0])
    take = np.isin(cell, reps)
    seg = np.searchsorted(reps, cell[take])
    seg_starts = np.searchsorted(seg, np.arange(len(reps)))
    return col, _Columns(art[take], val[take], seg, seg_starts)


def _nanpercentiles(x: np.ndarray, q: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """``np.nanpercentile(x, q, axis=0)``, value for value, without its loop over columns.

    NaN sorts last, so a column with k numbers holds them in its first k rows; numpy's
    percentile of those k rows is what nanpercentile computes for the column. The columns are
    sorted once and numpy's "linear" method is applied to every column at once, step by step
    as numpy takes it (virtual index ``(k - 1) * q``, its floor and the next row, the last row
    at or above ``k - 1``, and numpy's two-sided linear interpolation), so the numbers are the
    same bits.
    """
    x = np.sort(x, axis=0)
    valid = x.shape[0] - np.isnan(x).sum(axis=0)
    out = np.full((2, x.shape[1]), np.nan)
    cols = np.flatnonzero(valid > 0)  # no resample with the cell's articles: no interval
    if not len(cols):
        return out[0], out[1]
    k = valid[cols]
    qs = np.true_divide(np.asarray(q, dtype=np.float64), 100)
    virtual = (k - 1)[None, :] * qs[:, None]
    prev = np.floor(virtual)
    nxt = prev + 1
    above = virtual >= (k - 1)[None, :]
    prev[above] = -1
    nxt[above] = -1
    prev_i, next_i = prev.astype(np.intp), nxt.astype(np.intp)
    gamma = virtual - prev_i
    last = np.broadcast_to(k - 1, prev_i.shape)
    a = x[np.where(prev_i < 0, last, prev_i), cols[None, :]]
    b = x[np.where(next_i < 0, last, next_i), cols[None, :]]
    diff = b - a
    out[:, cols] = np.where(gamma >= 0.5, b - diff * (1 - gamma), a + diff * gamma)
    return out[0], out[1]

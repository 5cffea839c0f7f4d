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
    meta = articles.set_index("article_id")[by] if by else None
    t = table.join(meta, on="article_id") if by else table
    parts = []
    groups = t.groupby(by, sort=True) if by else [((), t)]
    for gkey, g in groups:
        gkey = gkey if isinstance(gkey, tuple) else (gkey,)
        if g.empty:
            continue
        # one column per cell (item x measure), one row per article: all cells resampled at once
        art_codes, _ = pd.factorize(g["article_id"], sort=True)
        cell_codes, cells_index = pd.MultiIndex.from_arrays([g[item], g["measure"]]).factorize(
            sort=True
        )
        n_art, n_cells = int(art_codes.max()) + 1, len(cells_index)
        flat = art_codes.astype(np.int64) * n_cells + cell_codes

        N, D = (
            np.bincount(flat, g[col].to_numpy(dtype=float), n_art * n_cells).reshape(n_art, -1)
            for col in ("numerator", "denominator")
        )
        n = np.bincount(cell_codes, g["n"].to_numpy(dtype=float), n_cells)
        columns = list(cells_index)
        scale = np.array([measures[m][0] for _, m in columns], dtype=float)
        total = D.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            value = np.where(
                total > 0, scale * N.sum(axis=0) / np.where(total > 0, total, 1), np.nan
            )
        n_art = (D > 0).sum(axis=0)
        rng = np.random.default_rng(_stable_seed(seed, *map(str, gkey)))
        lo, hi = _bootstrap(N, D, scale, n_boot, rng, n_art >= 2)
        cells = pd.DataFrame(columns, columns=[item, "measure"])
        for i, k in enumerate(gkey):
            cells.insert(i, by[i], k)
        cells["value"], cells["ci_low"], cells["ci_high"] = value, lo, hi
        cells["n"] = n.astype("int64")
        cells["n_articles"] = n_art.astype("int64")
        cells["unit"] = [measures[m][1] for _, m in columns]
        parts.append(cells)
    out = (
        pd.concat(parts, ignore_index=True)
        if parts
        else pd.DataFrame(columns=[*by, item, *RESULT_COLUMNS])
    )
    for col in ("value", "ci_low", "ci_high"):
        out[col] = out[col].astype(float).round(6)
    return out.sort_values([*by, item, "measure"], kind="stable").reset_index(drop=True)


def _bootstrap(
    N: np.ndarray,
    D: np.ndarray,
    scale: np.ndarray,
    n_boot: int,
    rng: np.random.Generator,
    ok: np.ndarray,
    batch: int = 64,
) -> tuple[np.ndarray, np.ndarray]:
    """2.5th / 97.5th percentiles of the resampled ratios of every cell (column) at once.

    Each resample draws the group's articles with replacement; its article counts ``w`` give
    the resampled sums ``w @ N`` and ``w @ D``. Batches keep memory at ``batch x articles``.
    """
    n_art, n_cells = N.shape
    lo = np.full(n_cells, np.nan)
    hi = np.full(n_cells, np.nan)
    if not ok.any() or n_art == 0:
        return lo, hi
    ratios = np.empty((n_boot, n_cells))
    for b0 in range(0, n_boot, batch):
        b = min(batch, n_boot - b0)
        draws = rng.integers(0, n_art, size=(b, n_art))
        offsets = (np.arange(b) * n_art)[:, None]
        w = np.bincount((draws + offsets).ravel(), minlength=b * n_art).reshape(b, n_art)
        w = w.astype(np.float64)  # float x float goes to BLAS
        bn, bd = w @ N, w @ D
        with np.errstate(invalid="ignore", divide="ignore"):
            ratios[b0 : b0 + b] = np.where(bd > 0, scale * bn / np.where(bd > 0, bd, 1), np.nan)
    with np.errstate(invalid="ignore"):
        q = np.nanpercentile(ratios[:, ok], [2.5, 97.5], axis=0)
    lo[ok], hi[ok] = q[0], q[1]
    return lo, hi

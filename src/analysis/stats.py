"""Shared statistics for the aggregation stages: which articles count, and ratio estimates with
seeded cluster-bootstrap intervals. A utility module (like analysis.ledger): it imports no stage.

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


def articles_in_scope(articles: pd.DataFrame, rewrites: str = "once") -> pd.DataFrame:
    """The articles counted: all, or (``"once"``) all but those flagged as rewrites."""
    if rewrites not in ("once", "all"):
        raise ValueError(f"rewrites must be 'once' or 'all', not {rewrites!r}")
    if rewrites == "once" and "rewrite_of" in articles:
        return articles[articles["rewrite_of"].fillna("") == ""]
    return articles


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
    t = table.join(meta, on="article_id") if by else table.copy()
    rows = []
    groups = t.groupby(by, sort=True) if by else [((), t)]
    for gkey, g in groups:
        gkey = gkey if isinstance(gkey, tuple) else (gkey,)
        arts = sorted(g["article_id"].unique())
        idx = {a: i for i, a in enumerate(arts)}
        rng = np.random.default_rng(_stable_seed(seed, *map(str, gkey)))
        draws = rng.integers(0, len(arts), size=(n_boot, len(arts)))
        for (key, measure), cell in g.groupby([item, "measure"], sort=True):
            scale, unit = measures[measure]
            num = np.zeros(len(arts))
            den = np.zeros(len(arts))
            pos = cell["article_id"].map(idx).to_numpy()
            num[pos] = cell["numerator"].to_numpy()
            den[pos] = cell["denominator"].to_numpy()
            total = den.sum()
            value = scale * num.sum() / total if total > 0 else np.nan
            lo = hi = np.nan
            if (den > 0).sum() >= 2:
                bn, bd = num[draws].sum(axis=1), den[draws].sum(axis=1)
                with np.errstate(invalid="ignore", divide="ignore"):
                    ratio = np.where(bd > 0, scale * bn / np.where(bd > 0, bd, 1), np.nan)
                lo, hi = np.nanpercentile(ratio, [2.5, 97.5])
            rows.append(
                (
                    *gkey,
                    key,
                    measure,
                    value,
                    lo,
                    hi,
                    int(cell["n"].sum()),
                    int((den > 0).sum()),
                    unit,
                )
            )
    out = pd.DataFrame(rows, columns=[*by, item, *RESULT_COLUMNS])
    for col in ("value", "ci_low", "ci_high"):
        out[col] = out[col].astype(float).round(6)
    return out

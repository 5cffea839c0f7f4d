"""Mean sentence tone per outlet (or any article column) with a 95% interval: the headline tone
measure, as a pipeline table (``tone_by_outlet``).

Input: the sentence sentiment table (analysis.sentiment.score_sentences: article_id,
sentence_index, instrument, polarity, polarity_domain ...) and the articles table of the
articles counted (analysis.scope decides which). Per article, the sum of the sentence scores and
the number of scored sentences; per group, ``value = sum / count`` (the mean over the group's
sentences) with a seeded cluster-bootstrap interval over its articles (analysis.stats.summarize:
articles resampled with replacement; NaN with fewer than two articles). A sentence without a
score (NaN) is left out of that score's mean.

Columns (:data:`TONE_COLUMNS`, with ``outlet`` standing for the ``by`` columns): ``outlet``,
``instrument``, ``score`` (``polarity``, or ``polarity_domain`` when the domain lexicon is on),
``value``, ``ci_low``, ``ci_high``, ``n`` (sentences), ``n_articles``, ``unit``; sorted by
the ``by`` columns, instrument, score.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.stats import summarize

SCORES = ("polarity", "polarity_domain")
UNIT = "mean sentence polarity"
TONE_COLUMNS = ["instrument", "score", "value", "ci_low", "ci_high", "n", "n_articles", "unit"]


def _per_article(scores: pd.DataFrame) -> pd.DataFrame:
    """Sum and count of each score column per article (one row per article x score)."""
    parts = []
    for column in SCORES:
        if column not in scores:
            continue
        s = scores.dropna(subset=[column])
        parts.append(
            s.groupby("article_id", sort=True)[column]
            .agg(numerator="sum", n="size")
            .reset_index()
            .assign(denominator=lambda d: d["n"].astype(float), score=column, measure="mean")
        )
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def tone_by_group(
    scores: pd.DataFrame,
    articles: pd.DataFrame,
    by: Sequence[str] = ("outlet",),
    n_boot: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Mean sentence tone per ``by`` group x instrument x score (see the module docstring)."""
    by = list(by)
    parts = []
    for instrument in sorted(set(scores["instrument"])):
        per = _per_article(scores[scores["instrument"] == instrument])
        if per.empty:
            continue
        res = summarize(
            per, articles, by, n_boot, seed, item="score", measures={"mean": (1.0, UNIT)}
        )
        parts.append(res.assign(instrument=instrument))
    columns = [*by, *TONE_COLUMNS]
    if not parts:
        return pd.DataFrame(columns=columns)
    out = pd.concat(parts, ignore_index=True)[columns]
    return out.sort_values([*by, "instrument", "score"], kind="stable").reset_index(drop=True)

"""The scope of a run: which articles the corpus-level stages see, decided once, in one place.

Two steps, both driven by :class:`analysis.params.Params` and nothing else:

1. :func:`select` (before the per-article engine): keep the loaded articles of the selected
   ``outlets``, ``event`` and publication days (``date_from`` / ``date_to``); every article left
   out gets a ledger row (stage ``scope``, action ``excluded``, category ``selection``) naming
   why, so the accounting lists it as excluded with that reason. Rewrite detection then runs on
   the selected articles only: an article is never a rewrite of one outside the selection.
2. :func:`count` (after rewrite detection): the :class:`Scope` every corpus stage receives.

``Scope`` holds plain tables, already narrowed, so no corpus stage reads a selection or rewrite
flag (the pattern of scattertext's ``keep_only_these_categories``, then every scorer on the
result):

- ``selected``: the per-article tables (articles, sentences, mentions, quotes, attributions,
  sentence and quote sentiment, frame hits ...) of every selected article. ``selected
  ["articles"].rewrite_of`` names the article's original when it is a rewrite that is counted
  once (``rewrites="once"``), and is "" otherwise (always "" with ``rewrites="all"``): story
  elements cluster every selected sentence and flag those rewrites, instrument agreement and
  frame x actor counts read every selected sentence.
- ``counted``: the same tables for the articles every measure counts: the selected articles
  minus the rewrites counted once. The actor measures, frame measures and distinctive terms
  read these.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import pandas as pd

from analysis.ledger import item_row, ledger_frame
from analysis.params import Params


class Scope(NamedTuple):
    """What the corpus stages receive (see the module docstring)."""

    selected: dict[str, pd.DataFrame]
    counted: dict[str, pd.DataFrame]


def selection_reason(params: Params) -> str:
    """The sentence recorded for an article outside the selection ("" when nothing is
    selected)."""
    why = []
    if params.outlets:
        why.append("outlets " + ", ".join(params.outlets))
    if params.event:
        why.append(f"event {params.event}")
    if params.date_from or params.date_to:
        why.append(f"published {params.date_from or '...'} to {params.date_to or '...'}")
    return "not in the selection (" + "; ".join(why) + ")" if why else ""


def select(articles: pd.DataFrame, params: Params) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the loaded ``articles`` in the selection, ledger rows for the ones left out).

    ``articles`` needs article_id and source, plus outlet / event / published for the fields
    that select on them. An article without a publication day is outside any date range."""
    keep = pd.Series(True, index=articles.index)
    if params.outlets:
        keep &= articles["outlet"].isin(params.outlets)
    if params.event:
        keep &= articles["event"] == params.event
    if params.date_from or params.date_to:
        day = articles["published"].fillna("").astype(str)
        dated = day != ""
        if params.date_from:
            dated &= day >= params.date_from
        if params.date_to:
            dated &= day <= params.date_to
        keep &= dated
    if keep.all():
        return articles, ledger_frame([])
    reason = selection_reason(params)
    rows = [
        item_row(str(a), str(s), "excluded", "selection", reason, stage="scope")
        for a, s in zip(
            articles.loc[~keep, "article_id"], articles.loc[~keep, "source"], strict=True
        )
    ]
    return articles[keep].reset_index(drop=True), ledger_frame(rows)


def count(tables: Mapping[str, pd.DataFrame], params: Params) -> Scope:
    """The :class:`Scope` of the selected per-article ``tables`` (``articles`` with
    ``rewrite_of`` from analysis.rewrites.mark_rewrites)."""
    arts = tables["articles"]
    if params.rewrites == "all" and "rewrite_of" in arts:
        arts = arts.assign(rewrite_of="")
    selected = {**tables, "articles": arts}
    if "rewrite_of" not in arts or not (arts["rewrite_of"].fillna("") != "").any():
        return Scope(selected, selected)
    ids = set(arts.loc[arts["rewrite_of"].fillna("") == "", "article_id"])
    return Scope(selected, restrict(selected, ids))


def restrict(tables: Mapping[str, pd.DataFrame], ids: set[str]) -> dict[str, pd.DataFrame]:
    """Every table with an ``article_id`` column narrowed to the articles ``ids``."""
    return {
        name: df[df["article_id"].isin(ids)].reset_index(drop=True)
        if "article_id" in df.columns
        else df
        for name, df in tables.items()
    }

"""The scope of a run: which articles the corpus-level stages see, decided once, in one place.

Two steps, both driven by :class:`analysis.params.Params` and nothing else:

1. :func:`select` (before the per-article engine): keep the loaded articles of the selected
   ``outlets``, ``event``, publication days (``date_from`` / ``date_to``) and outlet ``groups``
   (values of the ``outlet_group`` column); every article left
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
  read these. A read-only mapping (:class:`Narrowed`) that narrows a table each time a stage
  reads it, so the run never holds a second copy of every per-article table beside the
  selected ones (about a third of a GiB at 10,000 articles).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import NamedTuple

import pandas as pd

from analysis.ledger import item_row, ledger_frame
from analysis.load import apply_aliases, load_aliases
from analysis.params import NO_GROUP, Params


def aliased(articles: pd.DataFrame, params: Params) -> pd.DataFrame:
    """The loaded ``articles`` with ``params.outlet_aliases`` applied (unchanged without)."""
    if getattr(params, "outlet_aliases", None) is None:
        return articles
    return apply_aliases(articles, load_aliases(params.outlet_aliases))


def with_group(articles: pd.DataFrame, params: Params) -> pd.DataFrame:
    """``articles`` with a ``group`` column: the value of the ``params.outlet_group`` column
    (:data:`NO_GROUP` where empty)."""
    col = params.outlet_group
    values = articles[col] if col in articles else pd.Series("", index=articles.index)
    values = values.fillna("").astype(str).str.strip()
    return articles.assign(group=values.where(values != "", NO_GROUP))


class Scope(NamedTuple):
    """What the corpus stages receive (see the module docstring)."""

    selected: dict[str, pd.DataFrame]
    counted: Mapping[str, pd.DataFrame]  # a dict, or Narrowed when rewrites are counted once


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
    if params.groups:
        why.append(f"{params.outlet_group} " + ", ".join(params.groups))
    return "not in the selection (" + "; ".join(why) + ")" if why else ""


def select(articles: pd.DataFrame, params: Params) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the loaded ``articles`` in the selection, ledger rows for the ones left out).

    ``articles`` needs article_id and source, plus outlet / event / published / the
    ``outlet_group`` column for the fields that select on them. An article without a publication
    day is outside any date range; one without a group value is in the group :data:`NO_GROUP`."""
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
    if params.groups:
        keep &= with_group(articles, params)["group"].isin(params.groups)
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
    return Scope(selected, Narrowed(selected, ids))


def narrow(df: pd.DataFrame, ids: set[str] | frozenset[str]) -> pd.DataFrame:
    """``df``'s rows of the articles ``ids`` (index 0..n-1); ``df`` itself without an
    ``article_id`` column."""
    if "article_id" not in df.columns:
        return df
    return df[df["article_id"].isin(ids)].reset_index(drop=True)


def restrict(tables: Mapping[str, pd.DataFrame], ids: set[str]) -> dict[str, pd.DataFrame]:
    """Every table with an ``article_id`` column narrowed to the articles ``ids``."""
    return {name: narrow(df, ids) for name, df in tables.items()}


class Narrowed(Mapping[str, pd.DataFrame]):
    """``tables`` narrowed to the articles ``ids`` (:func:`restrict`), each table when it is
    read: ``narrowed[name]`` is ``narrow(tables[name], ids)``, computed on every read and not
    kept, so a stage holds its narrowed copy only while it works. Read-only; the same tables
    as :func:`restrict` gives."""

    def __init__(self, tables: Mapping[str, pd.DataFrame], ids: set[str]) -> None:
        self._tables = dict(tables)
        self._ids = frozenset(ids)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return narrow(self._tables[name], self._ids)

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)


def counted_once(articles: pd.DataFrame, rewrites: str = "once") -> pd.DataFrame:
    """The rewrites that whole-corpus (pooled) measures count once (none with ``rewrites`` =
    ``"all"``), from the selected ``articles`` (``rewrite_of``): ``article_id``, ``outlet``,
    ``rewrite_of``, ``source_outlet``, ``reason``. Per-outlet measures keep these articles (a
    syndicated article is what that outlet's readers saw)."""
    columns = ["article_id", "outlet", "rewrite_of", "source_outlet", "reason"]
    if "rewrite_of" not in articles or rewrites == "all":
        return pd.DataFrame(columns=columns)
    rw = articles[articles["rewrite_of"].fillna("") != ""]
    outlet_of = dict(zip(articles["article_id"], articles["outlet"], strict=True))
    out = pd.DataFrame(
        {
            "article_id": rw["article_id"].astype(str),
            "outlet": rw["outlet"].astype(str),
            "rewrite_of": rw["rewrite_of"].astype(str),
            "source_outlet": [outlet_of.get(s, "") for s in rw["rewrite_of"]],
        }
    )
    out["reason"] = [
        f"rewrite of {s} ({o}): counted once in whole-corpus measures, kept per outlet"
        for s, o in zip(out["rewrite_of"], out["source_outlet"], strict=True)
    ]
    return out[columns].sort_values("article_id", kind="stable").reset_index(drop=True)


OUTLET_COLUMNS = [
    "outlet",
    "group",
    "articles_in",
    "articles_analysed",
    "counted_once",
    "status",
    "reason",
]


def outlet_table(
    loaded: pd.DataFrame, analysed: pd.DataFrame, ledger: pd.DataFrame, params: Params
) -> pd.DataFrame:
    """One row per outlet of the input (``loaded``: the loaded articles, aliases applied):
    ``outlet``, ``group`` (the ``outlet_group`` column's value, "" without one), ``articles_in``,
    ``articles_analysed``, ``counted_once`` (analysed rewrites the whole-corpus measures count
    once), ``status`` (``analysed`` | ``excluded``: no article of the outlet was analysed) and
    ``reason`` (why, from the ledger: the most common exclusion reason of its articles). Every
    outlet of the input is here, so none can vanish without a stated reason."""
    if loaded.empty:
        return pd.DataFrame(columns=OUTLET_COLUMNS)
    group_col = getattr(params, "outlet_group", "")
    groups = (
        loaded[group_col].fillna("").astype(str)
        if group_col and group_col in loaded
        else pd.Series("", index=loaded.index)
    )
    ok = set(analysed["article_id"])
    once = set(counted_once(analysed)["article_id"])
    ex = ledger[ledger["action"] == "excluded"].groupby("article_id", sort=True)["reason"].first()
    rows = []
    frame = loaded.assign(_group=groups.to_numpy())
    for outlet, g in frame.groupby("outlet", sort=True):
        ids = list(g["article_id"])
        n_ok = sum(a in ok for a in ids)
        reasons = pd.Series([ex.get(a, "") for a in ids if a not in ok], dtype=str)
        reasons = reasons[reasons != ""]
        reason = "" if n_ok or reasons.empty else str(reasons.value_counts().index[0])
        group = ", ".join(sorted(set(g["_group"]) - {""}))
        rows.append(
            (str(outlet), group, len(ids), n_ok, sum(a in once for a in ids),
             "analysed" if n_ok else "excluded", reason)
        )  # fmt: skip
    return pd.DataFrame(rows, columns=OUTLET_COLUMNS)

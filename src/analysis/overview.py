"""The corpus overview as tables: what was analysed and what cleaning took out (report 01).

Every number the overview report shows is one of these pipeline tables (analysis.pipeline.Tables),
counted from the selected articles and the ledger; the views in analysis.figures only select
rows and draw.

- :func:`articles_per_outlet` (``articles_per_outlet``): ``outlet``, ``event`` (:data:`NO_EVENT`
  for an article without one), ``articles`` (selected articles of the outlet in the event),
  ``total`` (selected articles of the outlet, every event); one row per outlet x event that has
  an article, sorted by total (largest first), outlet, event.
- :func:`articles_per_language` (``articles_per_language``): ``language``, ``articles``; sorted
  by language.
- :func:`cleaning_by_category` (``cleaning_by_category``): what cleaning removed or replaced,
  per ledger ``category`` x ``action`` (``removed`` | ``replaced``): ``spans``, ``chars``
  (characters), ``articles`` (articles with such a span); sorted by chars (largest first),
  category.
- :func:`cleaning_totals` (``cleaning_totals``): per ``action``, the same counts over every
  category (``articles`` counts each article once) and ``input_chars`` (characters decoded from
  the input files, from the ledger's load rows), so the share of the input a report states is
  ``chars / input_chars``.
- :func:`corpus_counts` (``corpus_counts``): one row, ``outlets`` (outlets with a selected
  article), ``events`` (distinct non-empty events), ``first_day`` / ``last_day`` (earliest and
  latest non-empty ``published``, "" when none); the report index's "corpus in numbers". With
  the run's ``paragraphs`` also ``articles`` (selected articles) and ``multi_paragraph_articles``
  (those with two or more body paragraphs: neither headline nor standfirst). Prominence
  (headline, standfirst or lead) needs paragraph breaks: in an article whose body is one
  paragraph, that paragraph is the lead and every mention counts as prominent, so report 03 says
  how many articles have them (:func:`paragraph_share`).
"""

from __future__ import annotations

import pandas as pd

NO_EVENT = "(no event)"
CLEANING_ACTIONS = ("removed", "replaced")


def articles_per_outlet(articles: pd.DataFrame) -> pd.DataFrame:
    """Selected ``articles`` (outlet, event) counted per outlet x event (module docstring)."""
    columns = ["outlet", "event", "articles", "total"]
    if articles.empty:
        return pd.DataFrame(columns=columns)
    arts = articles.assign(event=articles["event"].fillna("").replace("", NO_EVENT))
    out = arts.groupby(["outlet", "event"], sort=True).size().rename("articles").reset_index()
    out["total"] = out.groupby("outlet")["articles"].transform("sum")
    out = out.sort_values(
        ["total", "outlet", "event"], ascending=[False, True, True], kind="stable"
    )
    return out[columns].astype({"articles": "int64", "total": "int64"}).reset_index(drop=True)


def articles_per_language(articles: pd.DataFrame) -> pd.DataFrame:
    """Selected ``articles`` (language) counted per language."""
    if articles.empty:
        return pd.DataFrame(columns=["language", "articles"])
    return articles.groupby("language", sort=True).size().rename("articles").reset_index()


def _cleaning_rows(ledger: pd.DataFrame) -> pd.DataFrame:
    return ledger[(ledger["stage"] == "clean") & ledger["action"].isin(CLEANING_ACTIONS)]


def cleaning_by_category(ledger: pd.DataFrame) -> pd.DataFrame:
    """The ``ledger``'s cleaning rows counted per category x action (module docstring)."""
    rem = _cleaning_rows(ledger)
    columns = ["category", "action", "spans", "chars", "articles"]
    if rem.empty:
        return pd.DataFrame(columns=columns)
    by = (
        rem.groupby(["category", "action"], sort=True)
        .agg(
            spans=("n_chars", "size"), chars=("n_chars", "sum"), articles=("article_id", "nunique")
        )
        .reset_index()
    )
    by = by.sort_values(["chars", "category"], ascending=[False, True], kind="stable")
    return by[columns].reset_index(drop=True)


def cleaning_totals(ledger: pd.DataFrame) -> pd.DataFrame:
    """Per cleaning action, spans, characters and articles over every category, and the
    characters decoded from the input (module docstring)."""
    columns = ["action", "spans", "chars", "articles", "input_chars"]
    rem = _cleaning_rows(ledger)
    if rem.empty:
        return pd.DataFrame(columns=columns)
    loaded = ledger[
        (ledger["stage"] == "load")
        & (ledger["action"] == "loaded")
        & (ledger["category"] == "input")
    ]
    out = (
        rem.groupby("action", sort=True)
        .agg(
            spans=("n_chars", "size"), chars=("n_chars", "sum"), articles=("article_id", "nunique")
        )
        .reset_index()
    )
    out["input_chars"] = int(loaded["n_chars"].sum())
    return out[columns]


def corpus_counts(articles: pd.DataFrame, paragraphs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Selected ``articles`` (outlet, event, published) in one row (module docstring); with
    ``paragraphs`` (article_id, is_headline, is_standfirst) also ``articles`` and
    ``multi_paragraph_articles``."""
    events = articles["event"].fillna("") if "event" in articles else pd.Series(dtype=str)
    published = articles.get("published", pd.Series(dtype=str)).fillna("").astype(str)
    days = sorted(d for d in published if d)
    out = pd.DataFrame(
        {
            "outlets": [int(articles["outlet"].nunique()) if len(articles) else 0],
            "events": [int(events[events != ""].nunique())],
            "first_day": [days[0] if days else ""],
            "last_day": [days[-1] if days else ""],
        }
    )
    if paragraphs is not None:
        ids = articles["article_id"] if len(articles) else pd.Series(dtype=str)
        body = paragraphs[
            paragraphs["article_id"].isin(set(ids))
            & ~paragraphs["is_headline"].astype(bool)
            & ~paragraphs["is_standfirst"].astype(bool)
        ]
        per_article = body.groupby("article_id").size()
        out["articles"] = int(ids.nunique())
        out["multi_paragraph_articles"] = int((per_article >= 2).sum())
    return out


def paragraph_share(counts: pd.DataFrame) -> float | None:
    """Share of the selected articles with two or more body paragraphs, from a
    ``corpus_counts`` row (None when the table does not have the columns or no article)."""
    if counts is None or counts.empty or "multi_paragraph_articles" not in counts:
        return None
    total = int(counts["articles"].iloc[0])
    return int(counts["multi_paragraph_articles"].iloc[0]) / total if total else None

"""Run the stages in order and write their tables.

``build_tables`` runs load -> clean -> segment -> rewrites on a corpus and returns every table;
``write_tables`` writes them as CSV (UTF-8, ``\\n`` line ends, rows in a stable order) so the
same input and parameters give byte-identical files. Each file is written to a temporary name
and renamed into place, so an interrupted run never leaves a half-written table.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from analysis.clean import Rules, clean_articles
from analysis.ledger import ledger_frame
from analysis.load import load_corpus
from analysis.rewrites import detect_rewrites, mark_rewrites
from analysis.segment import segment_articles


class Tables(NamedTuple):
    articles: pd.DataFrame
    paragraphs: pd.DataFrame
    sentences: pd.DataFrame
    rewrites: pd.DataFrame
    rewrite_alignments: pd.DataFrame
    ledger: pd.DataFrame


def build_tables(
    corpus: str | Path,
    manifest: str | Path | None = None,
    rules: Rules | str | Path | None = None,
    keep_languages: Sequence[str] = ("en",),
) -> Tables:
    """Load, clean, segment and find rewrites in ``corpus`` (a folder or a table file)."""
    loaded = load_corpus(corpus, manifest)
    cleaned = clean_articles(loaded.articles, rules, keep_languages)
    segments = segment_articles(cleaned.articles)
    rewrites = detect_rewrites(cleaned.articles, segments.sentences)
    articles = mark_rewrites(cleaned.articles, rewrites.pairs)
    ledger = ledger_frame([*loaded.ledger.to_dict("records"), *cleaned.ledger.to_dict("records")])
    ledger = ledger.sort_values(
        ["article_id", "stage", "start", "action"], kind="stable", na_position="first"
    ).reset_index(drop=True)
    return Tables(
        articles,
        segments.paragraphs,
        segments.sentences,
        rewrites.pairs,
        rewrites.alignments,
        ledger,
    )


def accounting(tables: Tables) -> pd.DataFrame:
    """One row per input item: ``article_id``, ``source``, ``status`` (analysed | excluded),
    ``reason`` (why it was excluded; "" when analysed)."""
    led = tables.ledger
    inputs = led[(led.stage == "load") & led.action.isin(["loaded", "excluded"])]
    inputs = inputs[~((inputs.action == "loaded") & (inputs.category != "input"))]
    rows = []
    analysed = set(tables.articles.article_id)
    excluded = led[led.action == "excluded"].groupby("article_id", sort=True)["reason"].first()
    for art in inputs.drop_duplicates(["article_id", "source"]).itertuples(index=False):
        ok = art.article_id in analysed and art.action == "loaded"
        reason = "" if ok else excluded.get(art.article_id, art.reason)
        rows.append((art.article_id, art.source, "analysed" if ok else "excluded", reason))
    return pd.DataFrame(rows, columns=["article_id", "source", "status", "reason"])


def write_tables(tables: Tables, out_dir: str | Path) -> list[Path]:
    """Write every table of ``tables`` (and ``accounting.csv``) to ``out_dir``; return paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    frames = dict(tables._asdict())
    frames["articles"] = frames["articles"].drop(columns=["raw_text"], errors="ignore")
    frames["accounting"] = accounting(tables)
    paths = []
    for name, df in frames.items():
        paths.append(write_csv(df, out / f"{name}.csv"))
    return paths


def write_csv(df: pd.DataFrame, path: Path) -> Path:
    """Write ``df`` to ``path`` deterministically, via a temporary file and an atomic rename."""
    tmp = path.with_name(f".{path.name}.tmp")
    df.to_csv(tmp, index=False, lineterminator="\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def write_json(data: dict, path: Path) -> Path:
    """Write ``data`` as sorted, indented JSON via a temporary file and an atomic rename."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", "utf-8")
    os.replace(tmp, path)
    return path

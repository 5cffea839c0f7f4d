"""Run the stages in order and write their tables.

``build_tables`` runs load -> clean -> segment -> rewrites -> measures (sentiment, actors,
quotes, attribution) -> aggregate on a corpus and returns every table;
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

from analysis.actors import find_mentions, load_catalog
from analysis.aggregate import ActorInputs, actor_evidence, per_article, summarize
from analysis.attribution import find_attributions, find_hedges
from analysis.clean import Rules, clean_articles
from analysis.distinctive import distinctive_terms
from analysis.frames import article_frames, frame_actor, frame_hits, frame_measures, load_frames
from analysis.ledger import ledger_frame
from analysis.load import load_corpus
from analysis.quotes import find_quotes
from analysis.rewrites import detect_rewrites, mark_rewrites
from analysis.segment import segment_articles
from analysis.sentiment import instrument_agreement, score_articles, score_sentences
from analysis.story import story_elements


class Tables(NamedTuple):
    """Every table of a run (columns: README.md, "Tables", and each module's docstring)."""

    articles: pd.DataFrame
    paragraphs: pd.DataFrame
    sentences: pd.DataFrame
    rewrites: pd.DataFrame
    rewrite_alignments: pd.DataFrame
    sentence_sentiment: pd.DataFrame
    article_sentiment: pd.DataFrame
    instrument_agreement: pd.DataFrame
    mentions: pd.DataFrame
    quotes: pd.DataFrame
    quote_sentiment: pd.DataFrame
    attributions: pd.DataFrame
    hedges: pd.DataFrame
    actor_evidence: pd.DataFrame
    actor_per_article: pd.DataFrame
    actor_measures: pd.DataFrame
    actor_measures_by_outlet: pd.DataFrame
    ledger: pd.DataFrame
    frame_hits: pd.DataFrame
    article_frames: pd.DataFrame
    frame_actor: pd.DataFrame
    frame_measures: pd.DataFrame
    frame_measures_by_outlet: pd.DataFrame
    frame_measures_by_event: pd.DataFrame
    story_elements: pd.DataFrame
    story_sentences: pd.DataFrame
    story_coverage: pd.DataFrame
    distinctive_terms: pd.DataFrame


def build_tables(
    corpus: str | Path,
    manifest: str | Path | None = None,
    rules: Rules | str | Path | None = None,
    keep_languages: Sequence[str] = ("en",),
    catalog: str | Path | None = None,
    domain_lexicon: bool | str | Path = True,
    instrument: str = "textblob",
    score: str = "polarity",
    rewrites: str = "once",
    n_boot: int = 1000,
    seed: int = 0,
    frames: str | Path | None = None,
) -> Tables:
    """Run every stage on ``corpus`` (a folder of .txt or a table file).

    ``catalog``: actor catalog YAML (None: the shipped one); ``domain_lexicon``: True (shipped),
    False (off) or a CSV path; ``instrument`` and ``score`` (``polarity`` or
    ``polarity_domain``) pick the tone used for actors; ``rewrites``: ``once`` (default: a
    rewrite of another article in the corpus is left out of the actor measures) or ``all``;
    ``n_boot`` and ``seed`` drive the bootstrap intervals; ``frames``: frame dictionary YAML
    (None: the shipped one).
    """
    loaded = load_corpus(corpus, manifest)
    cleaned = clean_articles(loaded.articles, rules, keep_languages)
    segments = segment_articles(cleaned.articles)
    rw = detect_rewrites(cleaned.articles, segments.sentences)
    articles = mark_rewrites(cleaned.articles, rw.pairs)
    sentences = segments.sentences

    sent_scores = score_sentences(sentences, domain_lexicon=domain_lexicon)
    cat = load_catalog(catalog)
    mentions = find_mentions(sentences, cat)
    quotes = find_quotes(articles, sentences, cat)
    quote_scores = score_sentences(
        quotes.rename(columns={"quote_index": "sentence_index"}), domain_lexicon=domain_lexicon
    ).rename(columns={"sentence_index": "quote_index"})
    attributions = find_attributions(sentences, mentions, catalog=cat)
    inputs = ActorInputs(
        articles, sentences, mentions, quotes, attributions, sent_scores, quote_scores
    )
    evidence = actor_evidence(inputs, instrument, score, rewrites)
    table = per_article(inputs, evidence, rewrites)

    frame_dict = load_frames(frames)
    hits = frame_hits(sentences, frame_dict)
    story = story_elements(articles, sentences)

    def framed(by: tuple[str, ...]) -> pd.DataFrame:
        return frame_measures(sentences, hits, articles, by, frame_dict, rewrites, n_boot, seed)

    ledger = ledger_frame([*loaded.ledger.to_dict("records"), *cleaned.ledger.to_dict("records")])
    ledger = ledger.sort_values(
        ["article_id", "stage", "start", "action"], kind="stable", na_position="first"
    ).reset_index(drop=True)
    return Tables(
        articles=articles,
        paragraphs=segments.paragraphs,
        sentences=sentences,
        rewrites=rw.pairs,
        rewrite_alignments=rw.alignments,
        sentence_sentiment=sent_scores,
        article_sentiment=score_articles(sentences, sent_scores),
        instrument_agreement=instrument_agreement(sent_scores),
        mentions=mentions,
        quotes=quotes,
        quote_sentiment=quote_scores,
        attributions=attributions,
        hedges=find_hedges(sentences),
        actor_evidence=evidence,
        actor_per_article=table,
        actor_measures=summarize(table, articles, (), n_boot, seed),
        actor_measures_by_outlet=summarize(table, articles, ("outlet",), n_boot, seed),
        ledger=ledger,
        frame_hits=hits,
        article_frames=article_frames(sentences, hits, frame_dict),
        frame_actor=frame_actor(hits, mentions, articles, ("outlet",)),
        frame_measures=framed(()),
        frame_measures_by_outlet=framed(("outlet",)),
        frame_measures_by_event=framed(("event",)),
        story_elements=story.elements,
        story_sentences=story.sentences,
        story_coverage=story.coverage,
        distinctive_terms=distinctive_terms(sentences, articles, "outlet", rewrites=rewrites),
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

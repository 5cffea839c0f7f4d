"""Run the stages in order and write their tables.

``build_tables`` loads a corpus, runs the per-article stages (clean, segment, sentiment, actors,
quotes, attribution, frames) through :func:`analysis.engine.analyze_articles` (serially, on a
process pool or on Dask, optionally cached), then the corpus-level stages (rewrites, instrument
agreement, actor aggregation, frame measures, story elements, distinctive terms), each cached by
the hash of its inputs when ``cache_dir`` is given, and returns every table;
``write_tables`` writes them as CSV (UTF-8, ``\\n`` line ends, rows in a stable order) so the
same input and parameters give byte-identical files. Each file is written to a temporary name
and renamed into place, so an interrupted run never leaves a half-written table.
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from analysis import cache, files
from analysis.aggregate import ActorInputs, actor_evidence, per_article, summarize
from analysis.clean import Rules
from analysis.distinctive import TERM_COLUMNS, actor_context_terms, distinctive_terms
from analysis.engine import AnalysisParams, analyze_articles, input_key, source_hash
from analysis.frames import frame_actor, frame_measures, load_frames
from analysis.ledger import ledger_frame
from analysis.load import load_corpus
from analysis.rewrites import detect_rewrites, mark_rewrites
from analysis.sentiment import instrument_agreement
from analysis.stats import articles_in_scope
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
    actor_context_terms: pd.DataFrame


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
    *,
    engine: str = "local",
    workers: int = 1,
    cache_dir: str | Path | bool | None = None,
    scheduler: str | None = None,
    chunk_size: int = 500,
    instruments: Sequence[str] = ("textblob", "vader"),
    progress: bool | Callable[[int, int], None] | None = None,
) -> Tables:
    """Run every stage on ``corpus`` (a folder of .txt or a table file).

    ``catalog``: actor catalog YAML (None: the shipped one); ``domain_lexicon``: True (shipped),
    False (off) or a CSV path; ``instrument`` and ``score`` (``polarity`` or
    ``polarity_domain``) pick the tone used for actors; ``rewrites``: ``once`` (default: a
    rewrite of another article in the corpus is left out of the actor measures) or ``all``;
    ``n_boot`` and ``seed`` drive the bootstrap intervals; ``frames``: frame dictionary YAML
    (None: the shipped one).

    Scale (docs/SCALE.md): ``engine`` (``local`` or ``dask``), ``workers`` (processes or Dask
    workers), ``scheduler`` (address of a Dask scheduler; None starts a local cluster),
    ``chunk_size`` (articles per partition), ``cache_dir`` (None: no cache; True: the project's
    ``.cache/analysis``; or a folder), ``instruments`` (sentiment instruments scored; must
    include ``instrument``), ``progress`` (True: a line per 10 partitions, or a callable).
    """
    params = AnalysisParams(
        rules=rules if isinstance(rules, Rules) else (None if rules is None else str(rules)),
        keep_languages=tuple(keep_languages),
        catalog=catalog,
        domain_lexicon=domain_lexicon,
        instruments=tuple(instruments),
        frames=frames,
    )
    if instrument not in params.instruments:
        raise ValueError(f"instrument {instrument!r} is not among instruments {params.instruments}")
    loaded = load_corpus(corpus, manifest)
    per = analyze_articles(
        loaded.articles,
        params,
        workers=workers,
        engine=engine,
        chunk_size=chunk_size,
        cache_dir=cache_dir,
        scheduler=scheduler,
        progress=progress,
    )
    cdir = cache.resolve_cache_dir(cache_dir)
    base = ""
    if cdir is not None:
        key = input_key(loaded.articles, params.fingerprint())
        base = cache.digest(key, source_hash(("pipeline",)))

    def stage(name: str, parts: tuple, compute: Callable[[], dict]) -> dict[str, pd.DataFrame]:
        if cdir is None:
            return compute()
        key = cache.digest("corpus-stage", name, base, json.dumps(parts))
        found = cache.load(cdir, "corpus", key)
        if found is None:
            found = compute()
            cache.store(cdir, "corpus", key, found, {"stage": name, "parameters": list(parts)})
        return found

    sentences = per["sentences"]

    def rewrite_tables() -> dict[str, pd.DataFrame]:
        found = detect_rewrites(per["articles"], sentences)
        return {"rewrites": found.pairs, "rewrite_alignments": found.alignments}

    rw = stage("rewrites", (), rewrite_tables)
    articles = mark_rewrites(per["articles"], rw["rewrites"])
    sent_scores = per["sentence_sentiment"]
    inputs = ActorInputs(
        articles,
        sentences,
        per["mentions"],
        per["quotes"],
        per["attributions"],
        sent_scores,
        per["quote_sentiment"],
    )

    def actor_tables() -> dict[str, pd.DataFrame]:
        evidence = actor_evidence(inputs, instrument, score, rewrites)
        table = per_article(inputs, evidence, rewrites)
        return {
            "actor_evidence": evidence,
            "actor_per_article": table,
            "actor_measures": summarize(table, articles, (), n_boot, seed),
            "actor_measures_by_outlet": summarize(table, articles, ("outlet",), n_boot, seed),
        }

    def frame_tables() -> dict[str, pd.DataFrame]:
        frame_dict = load_frames(frames)
        hits = per["frame_hits"]

        def framed(by: tuple[str, ...]) -> pd.DataFrame:
            return frame_measures(sentences, hits, articles, by, frame_dict, rewrites, n_boot, seed)

        return {
            "frame_actor": frame_actor(hits, per["mentions"], articles, ("outlet",)),
            "frame_measures": framed(()),
            "frame_measures_by_outlet": framed(("outlet",)),
            "frame_measures_by_event": framed(("event",)),
        }

    def story_tables() -> dict[str, pd.DataFrame]:
        story = story_elements(articles, sentences)
        return {
            "story_elements": story.elements,
            "story_sentences": story.sentences,
            "story_coverage": story.coverage,
        }

    agreement = stage(
        "agreement", (), lambda: {"instrument_agreement": instrument_agreement(sent_scores)}
    )
    actors = stage("actors", (instrument, score, rewrites, n_boot, seed), actor_tables)
    framing = stage("frames", (rewrites, n_boot, seed), frame_tables)
    story = stage("story", (), story_tables)
    distinctive = stage(
        "distinctive",
        (rewrites,),
        lambda: _distinctive(articles, sentences, per["mentions"], rewrites),
    )
    ledger = ledger_frame(pd.concat([loaded.ledger, per["ledger"]], ignore_index=True))
    ledger = ledger.sort_values(
        ["article_id", "stage", "start", "action"], kind="stable", na_position="first"
    ).reset_index(drop=True)
    return Tables(
        articles=articles,
        paragraphs=per["paragraphs"],
        sentences=sentences,
        rewrites=rw["rewrites"],
        rewrite_alignments=rw["rewrite_alignments"],
        sentence_sentiment=sent_scores,
        article_sentiment=per["article_sentiment"],
        instrument_agreement=agreement["instrument_agreement"],
        mentions=per["mentions"],
        quotes=per["quotes"],
        quote_sentiment=per["quote_sentiment"],
        attributions=per["attributions"],
        hedges=per["hedges"],
        **actors,
        ledger=ledger,
        frame_hits=per["frame_hits"],
        article_frames=per["article_frames"],
        **framing,
        **story,
        **distinctive,
    )


def _distinctive(
    articles: pd.DataFrame, sentences: pd.DataFrame, mentions: pd.DataFrame, rewrites: str
) -> dict[str, pd.DataFrame]:
    """Distinctive terms per outlet, and words near each actor per outlet. With fewer than two
    outlets there is nothing to contrast: the tables are empty and a warning says why."""
    outlets = articles_in_scope(articles, rewrites)["outlet"].nunique()
    if outlets < 2:
        warnings.warn(
            f"distinctive terms skipped: {outlets} outlet(s) in scope, at least 2 are needed",
            UserWarning,
            stacklevel=2,
        )
        context_columns = ["group", "actor", *TERM_COLUMNS[1:]]
        return {
            "distinctive_terms": pd.DataFrame(columns=TERM_COLUMNS),
            "actor_context_terms": pd.DataFrame(columns=context_columns),
        }
    return {
        "distinctive_terms": distinctive_terms(sentences, articles, "outlet", rewrites=rewrites),
        "actor_context_terms": actor_context_terms(
            sentences, mentions, articles, "outlet", rewrites=rewrites
        ),
    }


def accounting(tables: Tables) -> pd.DataFrame:
    """One row per input item: ``article_id``, ``source``, ``status`` (analysed | excluded),
    ``reason`` (why it was excluded; "" when analysed)."""
    led = tables.ledger
    inputs = led[(led.stage == "load") & led.action.isin(["loaded", "excluded"])]
    inputs = inputs[~((inputs.action == "loaded") & (inputs.category != "input"))]
    rows = []
    analysed = set(tables.articles.article_id)
    excluded = (
        led[led.action == "excluded"].groupby("article_id", sort=True)["reason"].first().to_dict()
    )  # a dict: Series.get per item took minutes on a million excluded rows
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


def write_csv(df: pd.DataFrame, path: Path, raw: bool | None = None) -> Path:
    """Write ``df`` to ``path`` deterministically, via a temporary file and an atomic rename.

    Formula-like text cells get a leading ``'`` (:func:`analysis.files.csv_safe`, CSV
    injection) unless ``raw`` (None: the ``ANALYSIS_RAW_CSV`` environment variable)."""
    if not (files.raw_csv_default() if raw is None else raw):
        df = files.csv_safe(df)
    tmp = cache.temp_name(path)
    df.to_csv(tmp, index=False, lineterminator="\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def write_json(data: dict, path: Path) -> Path:
    """Write ``data`` as sorted, indented JSON via a temporary file and an atomic rename."""
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return cache.write_bytes(path, text.encode("utf-8"))

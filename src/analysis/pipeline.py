"""Run the stages in order and write their tables.

``build_tables(params)`` takes one :class:`analysis.params.Params`, loads the corpus, applies
the selection once (:mod:`analysis.scope`), runs the per-article stages (clean, segment,
sentiment, actors, quotes, attribution, frames) on the selected articles through
:func:`analysis.engine.analyze_articles` (serially, on a process pool or on Dask, optionally
cached), then rewrite detection and the corpus-level stages (instrument agreement, actor
aggregation, frame measures, story elements, distinctive terms) on the scoped tables, each
cached by the hash of its inputs when ``params.cache`` is set, and returns every table;
``write_tables`` writes them as CSV (UTF-8, ``\\n`` line ends, rows in a stable order) so the
same input and parameters give byte-identical files. Each file is written to a temporary name
and renamed into place, so an interrupted run never leaves a half-written table.
"""

from __future__ import annotations

import builtins
import hashlib
import json
import os
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis import cache, files, lang, overview, scope, timeline
from analysis.aggregate import (
    MEASURES,
    ActorInputs,
    actor_evidence,
    article_denominators,
    per_article,
    stance_verbs,
    summarize_actors,
    tone_comparison,
)
from analysis.distinctive import TERM_COLUMNS, actor_context_terms, distinctive_terms, top_terms
from analysis.engine import (
    PER_ARTICLE_TABLES,
    analyze_articles,
    input_key,
    per_article_key,
    source_hash,
)
from analysis.frame_model import (
    PRESENCE_COLUMNS,
    data_digest,
    detect_frames,
    presence_by_outlet,
    presence_overall,
)
from analysis.frames import (
    FRAME_ACTOR_COLUMNS,
    frame_actor,
    frame_measures,
    load_frames,
    per_article_frames,
    top_frame_evidence,
)
from analysis.ledger import ledger_frame
from analysis.load import load_corpus
from analysis.params import Params
from analysis.rewrites import detect_rewrites, mark_rewrites
from analysis.scope import Scope
from analysis.sentence_tone import (
    DOMAIN_EFFECT_COLUMNS,
    DRIVER_COLUMNS,
    TONE_COLUMNS,
    TOPIC_EFFECT_COLUMNS,
    TOPIC_GROUP_COLUMNS,
    domain_effect,
    driver_rows,
    drivers_by_group,
    drivers_overall,
    tone_by_group,
    topic_drivers,
    topic_drivers_by_group,
    topic_effect,
)
from analysis.sentiment import instrument_agreement
from analysis.story import story_elements, story_omissions
from analysis.tokens import Tokens, token_table


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
    tone_by_outlet: pd.DataFrame
    tone_drivers: pd.DataFrame
    topic_drivers: pd.DataFrame  # drivers in most outlets' top drivers (analysis.sentence_tone)
    topic_effect: pd.DataFrame  # TextBlob tone per outlet with those words read as neutral
    mentions: pd.DataFrame
    mention_tone: pd.DataFrame
    quotes: pd.DataFrame
    quote_sentiment: pd.DataFrame
    attributions: pd.DataFrame
    hedges: pd.DataFrame
    actor_evidence: pd.DataFrame
    actor_per_article: pd.DataFrame  # sparse: (article, actor) pairs with evidence
    article_denominators: pd.DataFrame  # the per-article denominators every actor shares
    actor_measures: pd.DataFrame
    actor_measures_by_outlet: pd.DataFrame  # actors the outlet mentions, quotes or attributes
    actor_absent_by_outlet: pd.DataFrame  # per outlet x measure: any other actor's cell
    actor_tone_comparison: pd.DataFrame
    ledger: pd.DataFrame
    frame_hits: pd.DataFrame
    article_frames: pd.DataFrame
    frame_actor: pd.DataFrame
    frame_actor_overall: pd.DataFrame
    frame_measures: pd.DataFrame
    frame_measures_by_outlet: pd.DataFrame
    frame_measures_by_event: pd.DataFrame
    frame_decisions: pd.DataFrame
    frame_evidence: pd.DataFrame
    frame_topic: pd.DataFrame
    frame_presence_by_outlet: pd.DataFrame
    story_elements: pd.DataFrame
    story_sentences: pd.DataFrame
    story_coverage: pd.DataFrame
    distinctive_terms: pd.DataFrame
    actor_context_terms: pd.DataFrame
    outlets: pd.DataFrame  # every outlet of the input: analysed or excluded, why (analysis.scope)
    actor_measures_by_group: pd.DataFrame  # per outlet_group (empty without one), as by outlet
    actor_absent_by_group: pd.DataFrame
    frame_measures_by_group: pd.DataFrame
    tone_by_group: pd.DataFrame
    # per outlet_group counterparts of per-outlet tables (empty without one; docs/REPORTS.md,
    # "Per-group coverage")
    tone_drivers_by_group: pd.DataFrame
    domain_effect_by_group: pd.DataFrame
    topic_drivers_by_group: pd.DataFrame  # each group's own topic words
    topic_effect_by_group: pd.DataFrame  # the corpus topic words neutral, per group
    frame_actor_by_group: pd.DataFrame
    frame_presence_by_group: pd.DataFrame
    actor_attention_over_time_by_group: pd.DataFrame
    actor_tone_over_time_by_group: pd.DataFrame
    distinctive_terms_by_group: pd.DataFrame  # each group vs the other groups
    actor_context_terms_by_group: pd.DataFrame
    distinctive_top_by_group: pd.DataFrame
    actor_context_top_by_group: pd.DataFrame
    articles_per_group: pd.DataFrame  # analysis.overview.articles_per_outlet per group
    # what the report views show beyond the measures above, counted here so figures only draw
    articles_per_outlet: pd.DataFrame  # analysis.overview
    articles_per_language: pd.DataFrame
    cleaning_by_category: pd.DataFrame
    cleaning_totals: pd.DataFrame
    corpus_counts: pd.DataFrame  # one row: outlets, events, first/last day (report index)
    counted_once: pd.DataFrame  # rewrites whole-corpus measures count once (analysis.scope)
    tone_drivers_overall: pd.DataFrame  # analysis.sentence_tone
    domain_effect: pd.DataFrame
    stance_verbs: pd.DataFrame  # analysis.aggregate
    story_omissions: pd.DataFrame  # analysis.story
    distinctive_top: pd.DataFrame  # analysis.distinctive.top_terms
    actor_context_top: pd.DataFrame
    frame_presence: pd.DataFrame  # analysis.frame_model.presence_overall
    frame_term_evidence: pd.DataFrame  # analysis.frames.top_frame_evidence
    # over time (analysis.timeline; empty with dates on fewer than two days)
    coverage_over_time: pd.DataFrame
    tone_over_time: pd.DataFrame
    actor_attention_over_time: pd.DataFrame
    actor_tone_over_time: pd.DataFrame
    #: the cast found by analysis.discover when no catalog was given (None with a catalog)
    discovered_actors: pd.DataFrame | None = None


def build_tables(
    params: Params, *, progress: bool | Callable[[int, int], None] | None = None
) -> Tables:
    """Every table of the run ``params`` (:class:`analysis.params.Params`, whole).

    Loads ``params.corpus``, applies the selection (:func:`analysis.scope.select`: outlets,
    event, publication days; the articles left out are in the ledger with the reason), runs the
    per-article stages on the selected articles (engine, workers, chunk size, scheduler and
    cache from ``params``; docs/SCALE.md), detects rewrites among them, and runs every
    corpus-level stage on the :class:`analysis.scope.Scope` (:func:`analysis.scope.count`).
    ``progress``: True prints a line per 10 partitions, or a callable ``(done, total)``.
    """
    if not isinstance(params, Params):
        raise TypeError(
            f"build_tables takes an analysis.params.Params, not {type(params).__name__}"
            " (build one with Params(corpus=...))"
        )
    language = lang.resolve(params.languages)  # the word lists every stage receives
    loaded = load_corpus(params.corpus, params.manifest)
    loaded = loaded._replace(articles=scope.aliased(loaded.articles, params))
    chosen, left_out = scope.select(loaded.articles, params)
    discovered = None
    if params.catalog is None:
        discovered, params = _discovered_cast(chosen, params, language)
    per = analyze_articles(chosen, params, progress=progress)
    cache.give_back_memory()
    stage = _stage_cache(chosen, params)
    made: list[Tokens] = []

    def tokens() -> Tokens:
        """The selected sentences' tokens (analysis.tokens), made once, by the first stage that
        reads terms (rewrites, story, distinctive; none when all three come from the cache)."""
        if not made:
            made.append(token_table(per["sentences"]["text"].tolist()))
        return made[0]

    def rewrite_tables() -> dict[str, pd.DataFrame]:
        found = detect_rewrites(
            per["articles"], per["sentences"], language=language, tokens=tokens()
        )
        return {"rewrites": found.pairs, "rewrite_alignments": found.alignments}

    rw = stage("rewrites", (), rewrite_tables)
    articles = mark_rewrites(per["articles"], rw["rewrites"])
    scoped = scope.count({**per, "articles": articles}, params)
    framed = stage("frames", (params.rewrites, params.n_boot, params.seed, data_digest()),
                   lambda: _frame_tables(scoped, params, language))  # fmt: skip
    agreement = stage("agreement", (), lambda: _agreement(scoped))
    tone = stage(
        "tone", (params.rewrites, params.n_boot, params.seed), lambda: _tone_tables(scoped, params)
    )
    actors = stage("actors", _actor_parts(params), lambda: _actor_tables(scoped, params))
    corpus_tables = {
        **agreement,
        **tone,
        **actors,
        **framed,
        **stage("story", (params.rewrites,), lambda: _story_tables(scoped, language, tokens())),
        **stage("distinctive", (params.rewrites,),
                lambda: _distinctive(scoped, language, tokens())),
        **stage("groups", (*_actor_parts(params), params.outlet_group, params.time_bin,
                           data_digest()),
                lambda: _group_tables(scoped, params, language, framed["frame_decisions"])),
        **stage("timeline", (*_actor_parts(params), params.outlet_group, params.time_bin),
                lambda: _time_tables(scoped, params, actors)),
    }  # fmt: skip
    # frames concatenated, not row dicts: to_dict took minutes on a million excluded rows
    parts = [f for f in (loaded.ledger, left_out, per["ledger"]) if len(f)]
    ledger = ledger_frame(pd.concat(parts, ignore_index=True) if parts else [])
    ledger = ledger.sort_values(
        ["article_id", "stage", "start", "action"], kind="stable", na_position="first"
    ).reset_index(drop=True)
    return Tables(
        **{name: per[name] for name in PER_ARTICLE_TABLES if name not in ("articles", "ledger")},
        articles=articles,
        rewrites=rw["rewrites"],
        rewrite_alignments=rw["rewrite_alignments"],
        ledger=ledger,
        **corpus_tables,
        outlets=scope.outlet_table(loaded.articles, scoped.selected["articles"], ledger, params),
        **_overview_tables(articles, ledger, params, per["paragraphs"]),
        frame_term_evidence=top_frame_evidence(per["frame_hits"], per["sentences"], articles),
        discovered_actors=discovered,
    )


def _discovered_cast(
    articles: pd.DataFrame, params: Params, language: ModuleType
) -> tuple[pd.DataFrame, Params]:
    """No catalog: the actors :mod:`analysis.discover` finds in the selected articles (cleaned
    and segmented as the per-article stages do), written as a draft catalog file named by its
    content, and ``params`` with that file as the catalog. Warns, so the terminal and the
    reports say which cast was used."""
    import dataclasses
    import hashlib
    import tempfile

    from analysis.clean import clean_articles, load_rules
    from analysis.discover import discover_actors, draft_yaml
    from analysis.segment import segment_articles

    story = Path(params.corpus).stem
    # a re-run with the cache reads the cast back (clean, segment, discover and the draft's
    # YAML took ~2.5 s of a 428-article re-run's 7.8 CPU s): keyed by the selected articles,
    # the per-article parameters and data files, and the source of the modules used here
    cdir, key = cache.resolve_cache_dir(params.cache), ""
    if cdir is not None:
        modules = ("analysis.discover", "analysis.clean", "analysis.segment")
        key = cache.digest("discovered-cast", input_key(articles, per_article_key(params)),
                           source_hash(modules), story)  # fmt: skip
    held = cache.load(cdir, "discover", key) if cdir is not None else None
    if held is not None:
        found, text = held["discovered"], str(held["draft"]["text"].iloc[0])
    else:
        cleaned = clean_articles(articles, load_rules(params.rules), params.languages, language)
        found = discover_actors(
            segment_articles(cleaned.articles, language).sentences, language=language
        )
        text = draft_yaml(found, story=story)
        if cdir is not None:
            draft = pd.DataFrame({"text": [text]}, dtype=object)
            cache.store(cdir, "discover", key, {"discovered": found, "draft": draft})
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / "analysis-discovered" / f"{digest}.yaml"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(path, text.encode("utf-8"))
    n = found["actor"].nunique()
    warnings.warn(
        f"no actor catalog given: using the {n} actors discovered in the corpus (draft in "
        "tables/catalog_draft.yaml; edit it and rerun with -p catalog=that-file)",
        UserWarning,
        stacklevel=3,
    )
    return found, dataclasses.replace(params, catalog=str(path))


Stage = Callable[[str, tuple, Callable[[], dict]], dict[str, pd.DataFrame]]
_SAID = "stage_warnings"  # the cached table of a stage's warnings


def _stage_cache(articles: pd.DataFrame, params: Params) -> Stage:
    """``stage(name, parts, compute)``: ``compute()``, or its tables read back from the cache
    (``params.cache``) under the key of the selected articles, the per-article key and
    ``parts`` (the parameters the stage reads)."""
    cdir = cache.resolve_cache_dir(params.cache)
    base = ""
    if cdir is not None:
        key = input_key(articles, per_article_key(params))
        base = cache.digest(key, source_hash(("pipeline",)))

    def stage(name: str, parts: tuple, compute: Callable[[], dict]) -> dict[str, pd.DataFrame]:
        try:
            return cached(name, parts, compute)
        finally:  # what the stage freed, given back before the next one grows (cache module)
            cache.give_back_memory()

    def cached(name: str, parts: tuple, compute: Callable[[], dict]) -> dict[str, pd.DataFrame]:
        if cdir is None:
            return compute()
        key = cache.digest("corpus-stage", name, base, json.dumps(parts))
        found = cache.load(cdir, "corpus", key)
        if found is None:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                found = compute()
            for w in caught:  # said now, and stored to be said again on every read
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
            said = pd.DataFrame(
                {
                    "category": [w.category.__name__ for w in caught],
                    "message": [str(w.message) for w in caught],
                },
                dtype=object,
            ).drop_duplicates(ignore_index=True)
            info = {"stage": name, "parameters": list(parts)}
            cache.store(cdir, "corpus", key, {**found, _SAID: said}, info)
            return found
        # a stage read back says what it said when it was computed (e.g. story coverage
        # skipped): the notebooks, which read the tables analysis run built, report it too
        said = found.pop(_SAID, None)
        for category, message in [] if said is None else said.itertuples(index=False):
            kind = getattr(builtins, str(category), UserWarning)
            kind = kind if isinstance(kind, type) and issubclass(kind, Warning) else UserWarning
            warnings.warn(str(message), kind, stacklevel=3)  # where build_tables calls stage
        return found

    return stage


def _agreement(scoped: Scope) -> dict[str, pd.DataFrame]:
    """TextBlob vs VADER on every selected sentence."""
    return {"instrument_agreement": instrument_agreement(scoped.selected["sentence_sentiment"])}


def _tone_tables(scoped: Scope, params: Params) -> dict[str, pd.DataFrame]:
    """Mean sentence tone per outlet with its interval, and the words behind the scores, on
    every selected article (per-outlet tables: a rewrite is what that outlet's readers saw)."""
    c = scoped.selected
    tone = tone_by_group(
        c["sentence_sentiment"], c["articles"], ("outlet",), params.n_boot, params.seed
    )
    drivers = drivers_by_group(c["sentence_sentiment"], c["articles"], "outlet")
    # topic words: drivers in most outlets' top drivers, and the tone with them neutralised
    topic = topic_drivers(drivers)
    words = topic.loc[topic["instrument"] == "textblob", "word"].tolist()
    neutral = topic_effect(
        tone, c["sentence_sentiment"], c["sentences"], c["articles"], words, c["mentions"],
        params.n_boot, params.seed,
    )  # fmt: skip
    return {
        "tone_by_outlet": tone,
        "tone_drivers": drivers,
        "tone_drivers_overall": drivers_overall(drivers),
        "domain_effect": domain_effect(tone),
        "topic_drivers": topic,
        "topic_effect": neutral,
    }


def _overview_tables(
    articles: pd.DataFrame, ledger: pd.DataFrame, params: Params, paragraphs: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """What report 01 counts (analysis.overview) from the selected ``articles`` (and their
    ``paragraphs``) and the run's ``ledger``, and the rewrites whole-corpus measures count
    once."""
    return {
        "articles_per_outlet": overview.articles_per_outlet(articles),
        "articles_per_language": overview.articles_per_language(articles),
        "cleaning_by_category": overview.cleaning_by_category(ledger),
        "cleaning_totals": overview.cleaning_totals(ledger),
        "corpus_counts": overview.corpus_counts(articles, paragraphs),
        "counted_once": scope.counted_once(articles, params.rewrites),
    }


def _actor_parts(params: Params) -> tuple:
    return (
        params.instrument, params.score, params.tone, params.rewrites, params.n_boot, params.seed
    )  # fmt: skip


def _actor_inputs(articles: pd.DataFrame, t: Mapping[str, pd.DataFrame]) -> ActorInputs:
    """The actor stages' inputs: ``articles`` (selected, counted or with their group) and the
    sentence-, mention-, quote- and score-level tables of ``t``."""
    return ActorInputs(
        articles, t["sentences"], t["mentions"], t["quotes"], t["attributions"],
        t["sentence_sentiment"], t["quote_sentiment"], t["mention_tone"],
    )  # fmt: skip


def _actor_tables(scoped: Scope, params: Params) -> dict[str, pd.DataFrame]:
    """Actor evidence and per-article table on every selected article; the pooled measures
    (``actor_measures``) on the counted articles (a rewrite counts once), the per-outlet ones
    on every selected article (a rewrite is what that outlet's readers saw)."""
    sel = scoped.selected
    inputs = _actor_inputs(sel["articles"], sel)
    evidence = actor_evidence(inputs, params.instrument, params.score, params.tone)
    table = per_article(inputs, evidence)
    shared = article_denominators(inputs)
    counted = scoped.counted["articles"]
    ids = set(counted["article_id"])
    pooled = summarize_actors(
        table[table["article_id"].isin(ids)], shared[shared["article_id"].isin(ids)], counted,
        (), params.n_boot, params.seed,
    )  # fmt: skip
    by_outlet = summarize_actors(
        table, shared, sel["articles"], ("outlet",), params.n_boot, params.seed
    )
    return {
        "actor_evidence": evidence,
        "actor_per_article": table,
        "article_denominators": shared,
        "actor_measures": pooled.cells,  # every actor named in a counted article
        "actor_measures_by_outlet": by_outlet.cells,
        "actor_absent_by_outlet": by_outlet.absent,
        "actor_tone_comparison": tone_comparison(inputs, evidence),
        "stance_verbs": stance_verbs(sel["attributions"]),
    }


GROUP_COLUMNS = {
    "actor_measures_by_group": ["group", "actor", *timeline.MEASURE_COLUMNS],
    "actor_absent_by_group": ["group", *timeline.MEASURE_COLUMNS],
    "frame_measures_by_group": ["group", "frame", *timeline.MEASURE_COLUMNS],
    "tone_by_group": ["group", *TONE_COLUMNS],
    "tone_drivers_by_group": ["group", *DRIVER_COLUMNS],
    "domain_effect_by_group": ["group", *DOMAIN_EFFECT_COLUMNS[1:]],
    "topic_drivers_by_group": TOPIC_GROUP_COLUMNS,
    "topic_effect_by_group": ["group", *TOPIC_EFFECT_COLUMNS[1:]],
    "frame_actor_by_group": ["group", *FRAME_ACTOR_COLUMNS],
    "frame_presence_by_group": ["group", *PRESENCE_COLUMNS[1:]],
    "actor_attention_over_time_by_group": timeline.GROUP_ACTOR_COLUMNS,
    "actor_tone_over_time_by_group": timeline.GROUP_ACTOR_COLUMNS,
    "distinctive_terms_by_group": TERM_COLUMNS,
    "actor_context_terms_by_group": [TERM_COLUMNS[0], "actor", *TERM_COLUMNS[1:]],
    "distinctive_top_by_group": [*TERM_COLUMNS, "rank"],
    "actor_context_top_by_group": [TERM_COLUMNS[0], "actor", *TERM_COLUMNS[1:], "rank"],
    "articles_per_group": ["group", "event", "articles", "total"],
}


def _group_tables(
    scoped: Scope, params: Params, language: ModuleType, decisions: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """The per-``params.outlet_group`` counterparts (column ``group``) of the per-outlet tables,
    on every selected article like them, with the same intervals: actor and frame measures,
    tone, its drivers, the domain lexicon's and the topic words' effect (the corpus's topic
    words, as ``topic_effect``) and each group's own topic words, frame x actor, the frame
    model's presence, and the actors' attention and tone over time (analysis.timeline). Empty
    tables (with their columns) without an outlet_group."""
    if not params.outlet_group:
        return {name: pd.DataFrame(columns=cols) for name, cols in GROUP_COLUMNS.items()}
    sel = scoped.selected
    arts = scope.with_group(sel["articles"], params)
    inputs = _actor_inputs(arts, sel)
    evidence = actor_evidence(inputs, params.instrument, params.score, params.tone)
    table = per_article(inputs, evidence)
    shared = article_denominators(inputs)
    frames = frame_measures(
        sel["sentences"], sel["frame_hits"], inputs.articles, ("group",),
        load_frames(params.frames, language), params.n_boot, params.seed,
    )  # fmt: skip
    actors = summarize_actors(
        table, shared, inputs.articles, ("group",), params.n_boot, params.seed
    )
    scores = sel["sentence_sentiment"]
    tone = tone_by_group(scores, inputs.articles, ("group",), params.n_boot, params.seed)
    # the corpus's topic words (as the tone stage finds them) neutral in each group's tone
    parsed = driver_rows(scores)
    corpus_topic = topic_drivers(drivers_by_group(scores, sel["articles"], "outlet", parsed))
    words = corpus_topic.loc[corpus_topic["instrument"] == "textblob", "word"].tolist()
    neutral = topic_effect(
        tone, scores, sel["sentences"], arts, words, sel["mentions"], params.n_boot,
        params.seed, by="group",
    )  # fmt: skip
    chosen = timeline.choose_bin(timeline.dates(arts), params.time_bin)
    over_time = {
        name: timeline.actor_over_time(
            table, shared, arts, chosen, timeline.measures_of(MEASURES, names), params.n_boot,
            params.seed, by=("group",),
        )
        for name, names in (
            ("actor_attention_over_time_by_group", timeline.ATTENTION_MEASURES),
            ("actor_tone_over_time_by_group", timeline.TONE_MEASURES),
        )
    }  # fmt: skip
    out = {
        "actor_measures_by_group": actors.cells,
        "actor_absent_by_group": actors.absent,
        "frame_measures_by_group": frames,
        "tone_by_group": tone,
        "tone_drivers_by_group": drivers_by_group(scores, arts, "group", parsed),
        "domain_effect_by_group": domain_effect(tone, by="group"),
        "topic_drivers_by_group": topic_drivers_by_group(scores, arts, words, parsed=parsed),
        "topic_effect_by_group": neutral,
        "frame_actor_by_group": frame_actor(sel["frame_hits"], sel["mentions"], arts, ("group",)),
        "frame_presence_by_group": presence_by_outlet(decisions, arts, "group"),
        **over_time,
        "articles_per_group": overview.articles_per_outlet(
            arts.assign(outlet=arts["group"])
        ).rename(columns={"outlet": "group"}),
    }
    if arts["group"].nunique() >= 2:  # each group against the others (one group: none)
        terms = distinctive_terms(sel["sentences"], arts, "group", language=language)
        context = actor_context_terms(
            sel["sentences"], sel["mentions"], arts, "group", language=language
        )
        out.update({
            "distinctive_terms_by_group": terms,
            "actor_context_terms_by_group": context,
            "distinctive_top_by_group": top_terms(terms),
            "actor_context_top_by_group": top_terms(context),
        })  # fmt: skip
    return {
        name: out[name] if name in out else pd.DataFrame(columns=cols)
        for name, cols in GROUP_COLUMNS.items()
    }


def _time_tables(
    scoped: Scope, params: Params, actors: dict[str, pd.DataFrame] | None = None
) -> dict[str, pd.DataFrame]:
    """Coverage per bin (corpus, outlets, groups) on every selected article; sentence tone and
    the actors' attention and tone per bin pooled on the counted articles (a rewrite counts
    once), as ``actor_measures``; the bin from the dates' span or ``params.time_bin``
    (analysis.timeline). Empty tables (with their columns) with dates on fewer than two days.
    ``actors``: :func:`_actor_tables` of ``scoped`` when at hand: its per-article table and
    denominators (per article, on every selected article) narrowed to the counted articles,
    the tables made here from the counted articles otherwise."""
    sel, c = scoped.selected, scoped.counted
    chosen = timeline.choose_bin(timeline.dates(sel["articles"]), params.time_bin)
    grouped = scope.with_group(sel["articles"], params) if params.outlet_group else None
    group = None if grouped is None else grouped["group"]
    coverage = timeline.coverage_over_time(sel["articles"], sel["sentences"], chosen, group)
    # per group on every selected article, as the other per-group tables
    tone = timeline.tone_over_time(
        sel["sentence_sentiment"], c["articles"], chosen, params.n_boot, params.seed, grouped
    )
    actor_cols = {"actor_attention_over_time": timeline.ATTENTION_MEASURES,
                  "actor_tone_over_time": timeline.TONE_MEASURES}  # fmt: skip
    if chosen is None:
        empty = pd.DataFrame(columns=timeline.ACTOR_COLUMNS)
        actors = {name: empty for name in actor_cols}
    else:
        # the counted articles narrowed once (Narrowed makes a copy on every read)
        counted_articles = c["articles"]
        if actors is None:
            inputs = _actor_inputs(counted_articles, c)
            evidence = actor_evidence(inputs, params.instrument, params.score, params.tone)
            table = per_article(inputs, evidence)
            shared = article_denominators(inputs)
            del inputs, evidence  # not held while the tables over time are made
        else:
            # the actor tables at hand: no narrowed copy of the sentences, mentions, quotes...
            # (eight tables, the sentences' text among them) is made or held
            ids = set(counted_articles["article_id"])
            table = scope.narrow(actors["actor_per_article"], ids)
            shared = scope.narrow(actors["article_denominators"], ids)
        actors = {
            name: timeline.actor_over_time(
                table,
                shared,
                counted_articles,
                chosen,
                timeline.measures_of(MEASURES, names),
                params.n_boot,
                params.seed,
            )
            for name, names in actor_cols.items()
        }
    return {"coverage_over_time": coverage, "tone_over_time": tone, **actors}


def _frame_tables(scoped: Scope, params: Params, language: ModuleType) -> dict[str, pd.DataFrame]:
    """Pooled frame measures (whole corpus, per event) on the counted articles; per outlet, frame
    x actor and the frame model's per-article decisions, evidence and topic indicators
    (analysis.frame_model) on every selected article, so no outlet vanishes."""
    frame_dict = load_frames(params.frames, language)
    c, sel = scoped.counted, scoped.selected

    model = detect_frames(sel["sentences"], sel["articles"])._asdict()

    # the engine's article_frames (the same dictionary, per article) as per-article measures,
    # made once for the selection and narrowed to the counted articles by frame_measures
    per_article = per_article_frames(sel["article_frames"]) if "article_frames" in sel else None

    def framed(t: dict[str, pd.DataFrame], by: tuple[str, ...]) -> pd.DataFrame:
        return frame_measures(
            t["sentences"], t["frame_hits"], t["articles"], by, frame_dict, params.n_boot,
            params.seed, per_article,
        )  # fmt: skip

    return {
        "frame_actor": frame_actor(
            sel["frame_hits"], sel["mentions"], sel["articles"], ("outlet",)
        ),
        "frame_actor_overall": frame_actor(sel["frame_hits"], sel["mentions"]),
        "frame_measures": framed(c, ()),
        "frame_measures_by_outlet": framed(sel, ("outlet",)),
        "frame_measures_by_event": framed(c, ("event",)),
        **model,
        "frame_presence_by_outlet": presence_by_outlet(model["frame_decisions"], sel["articles"]),
        "frame_presence": presence_overall(model["frame_decisions"]),
    }


def _story_tables(
    scoped: Scope, language: ModuleType, tokens: Tokens | None = None
) -> dict[str, pd.DataFrame]:
    """Story elements of every selected sentence; rewrites counted once are flagged.
    ``tokens``: the selected sentences' analysis.tokens table, if made already."""
    sel = scoped.selected
    story = story_elements(sel["articles"], sel["sentences"], language=language, tokens=tokens)
    return {
        "story_elements": story.elements,
        "story_sentences": story.sentences,
        "story_coverage": story.coverage,
        "story_omissions": story_omissions(story.coverage),
    }


def _distinctive(
    scoped: Scope, language: ModuleType, tokens: Tokens | None = None
) -> dict[str, pd.DataFrame]:
    """Distinctive terms per outlet, and words near each actor per outlet, on every selected
    article (per-outlet views: a rewrite is what that outlet's readers saw). With fewer than
    two outlets there is nothing to contrast: the tables are empty (with their columns) and a
    warning says why. ``tokens``: the selected sentences' analysis.tokens table, if made
    already."""
    c = scoped.selected
    outlets = c["articles"]["outlet"].nunique()
    if outlets < 2:
        warnings.warn(
            f"distinctive terms skipped: {outlets} outlet(s) in scope, at least 2 are needed",
            UserWarning,
            stacklevel=2,
        )
        context_columns = ["group", "actor", *TERM_COLUMNS[1:]]
        terms = pd.DataFrame(columns=TERM_COLUMNS)
        context = pd.DataFrame(columns=context_columns)
    else:
        terms = distinctive_terms(
            c["sentences"], c["articles"], "outlet", language=language, tokens=tokens
        )
        context = actor_context_terms(
            c["sentences"], c["mentions"], c["articles"], "outlet", language=language
        )
    return {
        "distinctive_terms": terms,
        "actor_context_terms": context,
        "distinctive_top": top_terms(terms),
        "actor_context_top": top_terms(context),
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


def write_tables(
    tables: Tables, out_dir: str | Path, *, skip_unchanged: bool = False
) -> list[Path]:
    """Write every table of ``tables`` (and ``accounting.csv``) to ``out_dir``; return paths.
    ``skip_unchanged``: see :func:`write_csv`."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    frames = dict(tables._asdict())
    frames["articles"] = frames["articles"].drop(columns=["raw_text"], errors="ignore")
    frames["accounting"] = accounting(tables)
    discovered = frames.pop("discovered_actors")
    paths = []
    for name, df in frames.items():
        paths.append(write_csv(df, out / f"{name}.csv", skip_unchanged=skip_unchanged))
    if discovered is not None:
        from analysis.discover import draft_yaml

        paths.append(write_csv(discovered, out / "discovered_actors.csv"))
        text = draft_yaml(discovered, story="discovered")
        paths.append(cache.write_bytes(out / "catalog_draft.yaml", text.encode("utf-8")))
    return paths


def write_csv(
    df: pd.DataFrame, path: Path, raw: bool | None = None, *, skip_unchanged: bool = False
) -> Path:
    """Write ``df`` to ``path`` deterministically, via a temporary file and an atomic rename.

    ``skip_unchanged``: leave the file as it is when it holds this very table (a report's
    notebooks each write the same tables; formatting a large one as CSV costs seconds). The
    table's :func:`table_digest` (with the file's size and modification time) is kept beside
    the file as ``.<name>.sha256``; a write without it removes that stamp first, so a stamp
    never vouches for a file it did not see.

    Formula-like text cells get a leading ``'`` (:func:`analysis.files.csv_safe`, CSV
    injection) unless ``raw`` (None: the ``ANALYSIS_RAW_CSV`` environment variable).
    """
    if not (files.raw_csv_default() if raw is None else raw):
        df = files.csv_safe(df)
    stamp = path.with_name(f".{path.name}.sha256")
    digest = table_digest(df) if skip_unchanged else ""
    if digest and stamp.is_file() and stamp.read_text() == _stamp(digest, path):
        return path
    stamp.unlink(missing_ok=True)
    tmp = cache.temp_name(path)
    df.to_csv(tmp, index=False, lineterminator="\n", encoding="utf-8")
    os.replace(tmp, path)
    if digest:
        cache.write_bytes(stamp, _stamp(digest, path).encode("ascii"))
    return path


def _stamp(digest: str, path: Path) -> str:
    """The table's digest with the file's size and modification time (a file changed since
    its stamp was written does not match it)."""
    try:
        st = path.stat()
    except OSError:
        return ""
    return f"{digest} {st.st_size} {st.st_mtime_ns}"


#: rows per block in :func:`table_digest`
DIGEST_ROWS = 65536


def table_digest(df: pd.DataFrame) -> str:
    """SHA-256 of a table's column names, dtypes and values (numbers by their bytes, anything
    else by its text and a missing-value mask, as the CSV writes it)."""
    h = hashlib.sha256(repr([(str(c), str(t)) for c, t in df.dtypes.items()]).encode("utf-8"))
    h.update(str(len(df)).encode("ascii"))
    for _, col in df.items():
        if isinstance(col.dtype, np.dtype) and col.dtype.kind in "biuf":
            h.update(np.ascontiguousarray(col.to_numpy()).tobytes())
        else:
            h.update(col.isna().to_numpy().tobytes())
            # the cells' text joined by \x1f, fed to the hash a block of rows at a time: the
            # same bytes as one join, without a Python string per cell of a 3-million-row column
            for lo in range(0, len(col), DIGEST_ROWS):
                part = col.iloc[lo : lo + DIGEST_ROWS].tolist()
                h.update(("\x1f" if lo else "").encode("ascii"))
                h.update("\x1f".join(map(str, part)).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def write_json(data: dict, path: Path) -> Path:
    """Write ``data`` as sorted, indented JSON via a temporary file and an atomic rename."""
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return cache.write_bytes(path, text.encode("utf-8"))

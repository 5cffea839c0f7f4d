"""Per actor, and per outlet x actor: attention, prominence, voice, tone and stance, with evidence.

Inputs are the tables of the earlier stages (all per article): ``articles`` (article_id, outlet,
event, rewrite_of), ``sentences``, ``mentions`` (analysis.actors), ``quotes`` (analysis.quotes),
``attributions`` (analysis.attribution) and sentence and quote sentiment scores
(analysis.sentiment.score_sentences; for quotes, the quote's ``quote_index`` stands in the
``sentence_index`` column).

Everything is built from one tidy **evidence** table (:func:`actor_evidence`): one row per
sentence, quote, mention or attribution that feeds a measure, with its contribution. Columns:

- ``article_id``, ``actor``, ``measure`` (str)
- ``sentence_index`` (int), ``quote_index`` (int, -1 when not a quote), ``start``, ``end`` (span in
  the cleaned article text), ``text`` (the sentence or quote), ``detail`` (the alias matched, the
  words that drove the score, the reporting verb and its class ...), ``multi_actor`` (bool: the
  sentence names two or more catalog actors, so its tone is not the actor's alone)
- ``numerator`` (float): what the row adds to the measure's numerator
- ``denominator`` (float): what the row adds to the denominator (see below)

Per-article numerators and denominators (:func:`per_article`), for every article in scope and
every actor, then add up per group; a group's value is ``scale * sum(numerator) /
sum(denominator)``:

==========================  ===========================================  ======================
measure                     numerator                                    denominator
==========================  ===========================================  ======================
mentions_per_1000_words     mentions of the actor (value x 1000)         words in the article
share_articles_mentioning   1 if the article mentions the actor          1 per article
prominence                  1 if a mention is in headline/standfirst/    1 if the article
                            lead paragraph                               mentions the actor
share_of_voice              words in the actor's quotes                  words in all quotes
tone_about                  polarity of sentences mentioning the actor,  number of such
                            except sentences that hold the actor's own   sentences
                            quotes
tone_about_single           the same, only sentences naming no other     number of such
                            catalog actor                                sentences
tone_of_voice               polarity of the actor's quotes               number of quotes
stance_index                +1 distancing, -1 endorsing verb attached    attributed statements
                            to the actor (negated endorsing verbs are
                            not endorsement: they count 0)
==========================  ===========================================  ======================

Quotes count when their kind is ``statement`` or ``fragment`` (scare quotes are not speech).

``n`` in the result is the number of evidence rows behind a cell (mentions, sentences, quotes,
attributions), except for ``share_articles_mentioning`` and ``prominence``, where it is the
number of articles mentioning the actor; ``n_articles`` is the number of articles that
contribute to the denominator.

Intervals: a seeded cluster bootstrap over the group's articles (articles are resampled with
replacement, numerators and denominators re-added), 2.5th and 97.5th percentiles; empty (NaN)
when fewer than two articles contribute to the denominator — a single article gives no interval,
and the table's ``n`` and ``n_articles`` columns show how small the sample is.

Scope: the measures count every article of ``inputs.articles`` (and only those); which articles
those are (the selection, and rewrites counted once) is decided before, by analysis.scope.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis import stats

MEASURES: dict[str, tuple[float, str]] = {
    "mentions_per_1000_words": (1000.0, "mentions per 1,000 words"),
    "share_articles_mentioning": (1.0, "share of articles"),
    "prominence": (1.0, "share of mentioning articles"),
    "share_of_voice": (1.0, "share of quoted words"),
    "tone_about": (1.0, "mean polarity"),
    "tone_about_single": (1.0, "mean polarity"),
    "tone_of_voice": (1.0, "mean polarity"),
    "stance_index": (1.0, "(distancing - endorsing) / attributed"),
}
SPEECH_KINDS = ("statement", "fragment")
EVIDENCE_COLUMNS = [
    "article_id",
    "actor",
    "measure",
    "sentence_index",
    "quote_index",
    "start",
    "end",
    "text",
    "detail",
    "multi_actor",
    "numerator",
    "denominator",
]


class ActorInputs(NamedTuple):
    """The tables the actor measures are computed from."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    mentions: pd.DataFrame
    quotes: pd.DataFrame
    attributions: pd.DataFrame
    sentence_scores: pd.DataFrame
    quote_scores: pd.DataFrame


def _scores(scores: pd.DataFrame, instrument: str, score: str, key: str) -> pd.DataFrame:
    s = scores[scores["instrument"] == instrument]
    if s.empty and len(scores):
        raise ValueError(f"no scores for instrument {instrument!r}")
    if score not in s:
        raise ValueError(f"unknown score column {score!r}")
    drivers = "drivers_domain" if score.endswith("_domain") else "drivers"
    out = s[["article_id", key, score, drivers]]
    return out.set_axis(["article_id", key, "polarity", "drivers"], axis=1)


def actor_evidence(
    inputs: ActorInputs,
    instrument: str = "textblob",
    score: str = "polarity",
) -> pd.DataFrame:
    """The evidence table (see module docstring) for the articles of ``inputs.articles``."""
    scope = set(inputs.articles["article_id"])
    sent = inputs.sentences[inputs.sentences["article_id"].isin(scope)]
    ment = inputs.mentions[inputs.mentions["article_id"].isin(scope)]
    quotes = inputs.quotes[
        inputs.quotes["article_id"].isin(scope) & inputs.quotes["kind"].isin(SPEECH_KINDS)
    ]
    quotes = quotes[quotes["speaker"].fillna("") != ""]
    attr = inputs.attributions[inputs.attributions["article_id"].isin(scope)]
    s_scores = _scores(inputs.sentence_scores, instrument, score, "sentence_index")
    q_scores = _scores(inputs.quote_scores, instrument, score, "quote_index")

    sent_key = sent.set_index(["article_id", "sentence_index"])
    actors_per_sentence = ment.groupby(["article_id", "sentence_index"])["actor"].nunique()
    rows: list[dict] = []
    rows += _mention_rows(ment, sent_key, actors_per_sentence)
    rows += _tone_about_rows(ment, quotes, s_scores, sent_key, actors_per_sentence)
    rows += _voice_rows(quotes, q_scores)
    rows += _stance_rows(attr, sent_key)
    ev = pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)
    return ev.sort_values(
        ["measure", "actor", "article_id", "sentence_index", "quote_index", "start"],
        kind="stable",
    ).reset_index(drop=True)


def _row(art, actor, measure, si, qi, start, end, text, detail, multi, num, den) -> dict:
    """One evidence row (:data:`EVIDENCE_COLUMNS`)."""
    values = (
        art,
        actor,
        measure,
        int(si),
        int(qi),
        int(start),
        int(end),
        text,
        detail,
        bool(multi),
        float(num),
        float(den),
    )
    return dict(zip(EVIDENCE_COLUMNS, values, strict=True))


def _mention_rows(
    ment: pd.DataFrame, sent_key: pd.DataFrame, actors_per_sentence: pd.Series
) -> list[dict]:
    """Mentions (mentions per 1,000 words) and prominent mentions (prominence)."""
    rows = []
    for m in ment.itertuples(index=False):
        s = sent_key.loc[(m.article_id, m.sentence_index)]
        multi = actors_per_sentence.get((m.article_id, m.sentence_index), 1) > 1
        prominent = bool(m.is_headline or m.is_standfirst or m.is_lead)
        where = (
            "headline"
            if m.is_headline
            else "standfirst"
            if m.is_standfirst
            else ("lead" if m.is_lead else "body")
        )
        rows.append(
            _row(
                m.article_id,
                m.actor,
                "mentions_per_1000_words",
                m.sentence_index,
                -1,
                m.start,
                m.end,
                s["text"],
                f"{m.surface} ({m.kind}, {where})",
                multi,
                1.0,
                0.0,
            )
        )
        if prominent:
            rows.append(
                _row(
                    m.article_id,
                    m.actor,
                    "prominence",
                    m.sentence_index,
                    -1,
                    m.start,
                    m.end,
                    s["text"],
                    f"{m.surface} in {where}",
                    multi,
                    1.0,
                    0.0,
                )
            )
    return rows


def _tone_about_rows(
    ment: pd.DataFrame,
    quotes: pd.DataFrame,
    s_scores: pd.DataFrame,
    sent_key: pd.DataFrame,
    actors_per_sentence: pd.Series,
) -> list[dict]:
    """Tone about: sentences mentioning the actor, minus those holding the actor's own quotes."""
    own: dict[tuple, set] = {}
    for q in quotes.itertuples(index=False):
        for si in range(int(q.sentence_start_index), int(q.sentence_end_index) + 1):
            own.setdefault((q.article_id, si), set()).add(q.speaker)
    pol = s_scores.set_index(["article_id", "sentence_index"])
    about = ment.drop_duplicates(["article_id", "sentence_index", "actor"])
    rows = []
    for m in about.itertuples(index=False):
        key = (m.article_id, m.sentence_index)
        if m.actor in own.get(key, ()) or key not in pol.index:
            continue
        s = sent_key.loc[key]
        p = pol.loc[key]
        if pd.isna(p["polarity"]):
            continue
        multi = actors_per_sentence.get(key, 1) > 1
        for measure in ("tone_about",) if multi else ("tone_about", "tone_about_single"):
            rows.append(
                _row(
                    m.article_id,
                    m.actor,
                    measure,
                    m.sentence_index,
                    -1,
                    s["start"],
                    s["end"],
                    s["text"],
                    p["drivers"],
                    multi,
                    p["polarity"],
                    1.0,
                )
            )
    return rows


def _voice_rows(quotes: pd.DataFrame, q_scores: pd.DataFrame) -> list[dict]:
    """Voice: quoted words and the tone of the actor's own words."""
    qpol = q_scores.set_index(["article_id", "quote_index"])
    rows = []
    for q in quotes.itertuples(index=False):
        rows.append(
            _row(
                q.article_id,
                q.speaker,
                "share_of_voice",
                q.sentence_start_index,
                q.quote_index,
                q.start,
                q.end,
                q.text,
                f"{q.kind}, cue {q.cue!r}",
                False,
                q.n_words,
                0.0,
            )
        )
        key = (q.article_id, q.quote_index)
        if key in qpol.index and not pd.isna(qpol.loc[key, "polarity"]):
            rows.append(
                _row(
                    q.article_id,
                    q.speaker,
                    "tone_of_voice",
                    q.sentence_start_index,
                    q.quote_index,
                    q.start,
                    q.end,
                    q.text,
                    qpol.loc[key, "drivers"],
                    False,
                    qpol.loc[key, "polarity"],
                    1.0,
                )
            )
    return rows


def _stance_rows(attr: pd.DataFrame, sent_key: pd.DataFrame) -> list[dict]:
    """Stance: +1 distancing, -1 endorsing (0 when negated) per attributed statement."""
    rows = []
    for a in attr.itertuples(index=False):
        s = sent_key.loc[(a.article_id, a.sentence_index)]
        sign = {"distancing": 1.0, "endorsing": -1.0}.get(a.verb_class, 0.0)
        if a.negated and a.verb_class == "endorsing":
            sign = 0.0
        neg = " (negated)" if a.negated else ""
        rows.append(
            _row(
                a.article_id,
                a.actor,
                "stance_index",
                a.sentence_index,
                -1,
                a.start,
                a.end,
                s["text"],
                f"{a.verb}: {a.verb_class}{neg}",
                False,
                sign,
                1.0,
            )
        )
    return rows


def per_article(
    inputs: ActorInputs,
    evidence: pd.DataFrame,
    actors: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Numerator and denominator per article x actor x measure (dense: zeros included).

    Columns: article_id, actor, measure, numerator, denominator, n (evidence rows).
    """
    arts = sorted(inputs.articles["article_id"])
    actor_list = sorted(set(actors) if actors is not None else set(evidence["actor"]))
    grid = pd.MultiIndex.from_product(
        [arts, actor_list, list(MEASURES)], names=["article_id", "actor", "measure"]
    )
    sums = evidence.groupby(["article_id", "actor", "measure"]).agg(
        numerator=("numerator", "sum"),
        denominator=("denominator", "sum"),
        n=("numerator", "size"),
    )
    out = sums.reindex(grid, fill_value=0).reset_index()
    out["n"] = out["n"].astype("int64")

    words = inputs.sentences.groupby("article_id")["n_words"].sum()
    speech = inputs.quotes[
        inputs.quotes["kind"].isin(SPEECH_KINDS) & (inputs.quotes["speaker"].fillna("") != "")
    ]
    quoted = speech.groupby("article_id")["n_words"].sum()
    mentioned = (
        evidence[evidence.measure == "mentions_per_1000_words"]
        .groupby(["article_id", "actor"])
        .size()
    )
    m = out["measure"]
    key = list(zip(out["article_id"], out["actor"], strict=True))
    is_mentioned = np.array([k in mentioned.index for k in key], dtype=float)
    out.loc[m == "mentions_per_1000_words", "denominator"] = (
        out.loc[m == "mentions_per_1000_words", "article_id"].map(words).fillna(0).to_numpy()
    )
    out.loc[m == "share_of_voice", "denominator"] = (
        out.loc[m == "share_of_voice", "article_id"].map(quoted).fillna(0).to_numpy()
    )
    out.loc[m == "share_articles_mentioning", "numerator"] = is_mentioned[
        (m == "share_articles_mentioning").to_numpy()
    ]
    out.loc[m == "share_articles_mentioning", "denominator"] = 1.0
    out.loc[m == "share_articles_mentioning", "n"] = is_mentioned[
        (m == "share_articles_mentioning").to_numpy()
    ].astype("int64")
    prom = m == "prominence"
    out.loc[prom, "numerator"] = (out.loc[prom, "numerator"] > 0).astype(float)
    out.loc[prom, "denominator"] = is_mentioned[prom.to_numpy()]
    out.loc[prom, "n"] = is_mentioned[prom.to_numpy()].astype("int64")
    return out


def summarize(
    table: pd.DataFrame,
    articles: pd.DataFrame,
    by: Sequence[str] = (),
    n_boot: int = 1000,
    seed: int = 0,
    item: str = "actor",
    measures: dict[str, tuple[float, str]] | None = None,
) -> pd.DataFrame:
    """:func:`analysis.stats.summarize` with the actor measures (:data:`MEASURES`) by default."""
    return stats.summarize(
        table, articles, by, n_boot, seed, item, MEASURES if measures is None else measures
    )


def actor_measures(
    inputs: ActorInputs,
    by: Sequence[str] = ("outlet",),
    instrument: str = "textblob",
    score: str = "polarity",
    actors: Sequence[str] | None = None,
    n_boot: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Every measure per group (``by``, e.g. ``("outlet",)`` or ``()`` for all) x actor, on the
    articles of ``inputs`` (analysis.scope decides which)."""
    ev = actor_evidence(inputs, instrument, score)
    table = per_article(inputs, ev, actors)
    return summarize(table, inputs.articles, by, n_boot, seed)


def evidence(
    evidence_table: pd.DataFrame,
    measure: str,
    actor: str,
    articles: pd.DataFrame | None = None,
    **where: str,
) -> pd.DataFrame:
    """The rows behind one cell: ``evidence(ev, "tone_about", "Vladimir Putin", arts,
    outlet="The Guardian")``. Filters on article columns need ``articles``."""
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; known: {', '.join(MEASURES)}")
    ev = evidence_table[(evidence_table.measure == measure) & (evidence_table.actor == actor)]
    if where:
        if articles is None:
            raise ValueError("filters on article columns need the articles table")
        keep = articles
        for col, val in where.items():
            keep = keep[keep[col] == val]
        ev = ev[ev.article_id.isin(set(keep.article_id))]
    return ev.reset_index(drop=True)

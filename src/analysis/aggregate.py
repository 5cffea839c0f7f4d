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
tone_about                  tone toward each mention of the actor        number of such
                            (analysis.tone; tone="target", the default),  mentions (sentences)
                            or the polarity of each sentence mentioning
                            it (tone="sentence"); never in sentences
                            that hold the actor's own quotes
tone_about_single           the same, only sentences naming no other     the same
                            catalog actor
tone_about_sentence         the sentence reading (polarity of sentences  number of such
                            mentioning the actor, same exclusion)        sentences
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
from analysis.arrays import unique

MEASURES: dict[str, tuple[float, str]] = {
    "mentions_per_1000_words": (1000.0, "mentions per 1,000 words"),
    "share_articles_mentioning": (1.0, "share of articles"),
    "prominence": (1.0, "share of mentioning articles"),
    "share_of_voice": (1.0, "share of quoted words"),
    "tone_about": (1.0, "mean polarity"),
    "tone_about_single": (1.0, "mean polarity"),
    "tone_about_sentence": (1.0, "mean polarity"),
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
    mention_tone: pd.DataFrame | None = None  # analysis.tone.score_mentions; needed by "target"


TONES = ("target", "sentence")


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
    tone: str = "target",
) -> pd.DataFrame:
    """The evidence table (see module docstring) for the articles of ``inputs.articles``.

    ``tone``: ``"target"`` (tone_about and tone_about_single read the tone toward each mention,
    ``inputs.mention_tone``: one row per mention) or ``"sentence"`` (they read the sentence's
    polarity by ``instrument``/``score``, one row per sentence x actor). tone_about_sentence is
    the sentence reading either way."""
    if tone not in TONES:
        raise ValueError(f"tone must be one of {TONES}, got {tone!r}")
    if tone == "target" and inputs.mention_tone is None:
        raise ValueError('tone="target" needs inputs.mention_tone (analysis.tone.score_mentions)')
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

    # every block below is built column by column, its rows in the order of its source table
    # (the final stable sort then orders ties as the row-by-row version did)
    keys = ["article_id", "sentence_index"]
    sent_key = sent.drop_duplicates(keys)[[*keys, "start", "end", "text"]]
    n_actors = ment.groupby(keys)["actor"].nunique().rename("n_actors").reset_index()
    blocks: list[pd.DataFrame] = []

    def block(src: pd.DataFrame, measure: str, **cols) -> None:
        if len(src):
            blocks.append(pd.DataFrame({"measure": measure, **cols}, index=src.index))

    # mentions, article shares, prominence
    m = ment.merge(sent_key[[*keys, "text"]], on=keys, how="left", validate="many_to_one")
    m = m.merge(n_actors, on=keys, how="left")
    multi = m["n_actors"].fillna(1).to_numpy() > 1
    head, stand, lead = (
        m[c].to_numpy(dtype=bool) for c in ("is_headline", "is_standfirst", "is_lead")
    )
    where = np.where(
        head, "headline", np.where(stand, "standfirst", np.where(lead, "lead", "body"))
    )
    surface = m["surface"].astype(str)
    common = dict(
        article_id=m["article_id"], actor=m["actor"], sentence_index=m["sentence_index"],
        quote_index=-1, start=m["start"], end=m["end"], text=m["text"],
    )  # fmt: skip
    block(
        m, "mentions_per_1000_words", **common,
        detail=surface + " (" + m["kind"].astype(str) + ", " + where + ")",
        multi_actor=multi, numerator=1.0, denominator=0.0,
    )  # fmt: skip
    prominent = head | stand | lead
    p = m[prominent]
    block(
        p, "prominence", **{k: (v[prominent] if isinstance(v, pd.Series) else v)
                            for k, v in common.items()},
        detail=surface[prominent] + " in " + where[prominent],
        multi_actor=multi[prominent], numerator=1.0, denominator=0.0,
    )  # fmt: skip

    # tone about: sentences mentioning the actor, minus those holding the actor's own quotes
    span = quotes["sentence_end_index"].to_numpy() - quotes["sentence_start_index"].to_numpy() + 1
    span = np.maximum(span, 0)
    own = pd.DataFrame(
        {
            "article_id": np.repeat(quotes["article_id"].to_numpy(), span),
            "sentence_index": np.repeat(quotes["sentence_start_index"].to_numpy(), span)
            + (np.arange(span.sum()) - np.repeat(np.cumsum(span) - span, span)),
            "actor": np.repeat(quotes["speaker"].to_numpy(), span),
        }
    ).drop_duplicates()
    pol = s_scores.drop_duplicates(keys)
    about = ment.drop_duplicates(["article_id", "sentence_index", "actor"])[[*keys, "actor"]]
    t = about.merge(own.assign(_own=True), on=[*keys, "actor"], how="left")
    t = t[t["_own"].isna()].merge(pol, on=keys, how="inner")
    t = t[t["polarity"].notna()]
    t = t.merge(sent_key, on=keys, how="left").merge(n_actors, on=keys, how="left")
    t_multi = t["n_actors"].fillna(1).to_numpy() > 1
    tone_cols = dict(
        article_id=t["article_id"], actor=t["actor"], sentence_index=t["sentence_index"],
        quote_index=-1, start=t["start"], end=t["end"], text=t["text"], detail=t["drivers"],
        multi_actor=t_multi, numerator=t["polarity"], denominator=1.0,
    )  # fmt: skip
    block(t, "tone_about_sentence", **tone_cols)
    if tone == "sentence":
        block(t, "tone_about", **tone_cols)
        block(
            t[~t_multi],
            "tone_about_single",
            **{
                k: (v[~t_multi] if isinstance(v, (pd.Series, np.ndarray)) else v)
                for k, v in tone_cols.items()
            },
        )
    else:
        # one reading per mention (every mention, not only the first in its sentence)
        mt = inputs.mention_tone
        mt = mt[mt["article_id"].isin(scope)]
        u = mt.merge(own.assign(_own=True), on=[*keys, "actor"], how="left")
        u = u[u["_own"].isna()]
        u = u.merge(sent_key[[*keys, "text"]], on=keys, how="left").merge(
            n_actors, on=keys, how="left"
        )
        u_multi = u["n_actors"].fillna(1).to_numpy() > 1
        detail = (
            u["surface"].astype(str) + ": " + u["tone_class"].astype(str)
            + " (neg " + u["p_negative"].map("{:.2f}".format).astype(str)
            + ", neu " + u["p_neutral"].map("{:.2f}".format).astype(str)
            + ", pos " + u["p_positive"].map("{:.2f}".format).astype(str) + ")"
        )  # fmt: skip
        target = dict(
            article_id=u["article_id"], actor=u["actor"], sentence_index=u["sentence_index"],
            quote_index=-1, start=u["start"], end=u["end"], text=u["text"], detail=detail,
            multi_actor=u_multi, numerator=u["tone"], denominator=1.0,
        )  # fmt: skip
        block(u, "tone_about", **target)
        block(
            u[~u_multi],
            "tone_about_single",
            **{
                k: (v[~u_multi] if isinstance(v, (pd.Series, np.ndarray)) else v)
                for k, v in target.items()
            },
        )

    # voice: quoted words and the tone of the actor's own words
    voice = dict(
        article_id=quotes["article_id"], actor=quotes["speaker"],
        sentence_index=quotes["sentence_start_index"], quote_index=quotes["quote_index"],
        start=quotes["start"], end=quotes["end"], text=quotes["text"],
    )  # fmt: skip
    block(
        quotes, "share_of_voice", **voice,
        detail=quotes["kind"].astype(str) + ", cue " + quotes["cue"].map(repr),
        multi_actor=False, numerator=quotes["n_words"], denominator=0.0,
    )  # fmt: skip
    qk = ["article_id", "quote_index"]
    qv = quotes.merge(q_scores.drop_duplicates(qk), on=qk, how="left")
    has = qv["polarity"].notna().to_numpy()
    qv = qv[has]
    block(
        qv, "tone_of_voice",
        article_id=qv["article_id"], actor=qv["speaker"],
        sentence_index=qv["sentence_start_index"], quote_index=qv["quote_index"],
        start=qv["start"], end=qv["end"], text=qv["text"], detail=qv["drivers"],
        multi_actor=False, numerator=qv["polarity"], denominator=1.0,
    )  # fmt: skip

    # stance
    a = attr.merge(sent_key[[*keys, "text"]], on=keys, how="left", validate="many_to_one")
    vc = a["verb_class"].astype(str)
    negated = a["negated"].to_numpy(dtype=bool)
    sign = np.where(vc == "distancing", 1.0, np.where((vc == "endorsing") & ~negated, -1.0, 0.0))
    block(
        a, "stance_index",
        article_id=a["article_id"], actor=a["actor"], sentence_index=a["sentence_index"],
        quote_index=-1, start=a["start"], end=a["end"], text=a["text"],
        detail=a["verb"].astype(str) + ": " + vc + np.where(negated, " (negated)", ""),
        multi_actor=False, numerator=sign, denominator=1.0,
    )  # fmt: skip

    if not blocks:
        return pd.DataFrame([], columns=EVIDENCE_COLUMNS)
    ev = pd.concat([b.reset_index(drop=True) for b in blocks], ignore_index=True)
    ev = ev[EVIDENCE_COLUMNS].astype(
        {
            "sentence_index": "int64", "quote_index": "int64", "start": "int64", "end": "int64",
            "multi_actor": bool, "numerator": float, "denominator": float,
        }
    )  # fmt: skip
    return ev.sort_values(
        ["measure", "actor", "article_id", "sentence_index", "quote_index", "start"],
        kind="stable",
    ).reset_index(drop=True)


TONE_COMPARISON_COLUMNS = [
    "article_id",
    "actor",
    "sentence_index",
    "start",
    "end",
    "surface",
    "text",
    "tone_target",
    "class_target",
    "tone_sentence",
    "class_sentence",
    "drivers_sentence",
    "disagree",
    "opposite",
]


def tone_comparison(inputs: ActorInputs, evidence: pd.DataFrame) -> pd.DataFrame:
    """The two readings of tone about an actor side by side, one row per mention that
    tone_about counts: the tone toward the mention (``inputs.mention_tone``; class = most
    probable) and the polarity of its sentence (the evidence's tone_about_sentence rows; class
    positive >= band, negative <= -band, band analysis.sentiment.NEUTRAL_BAND). ``disagree``:
    the classes differ; ``opposite``: one is positive, the other negative. Columns
    :data:`TONE_COMPARISON_COLUMNS`, sorted by article_id, sentence_index, start, actor."""
    from analysis.sentiment import NEUTRAL_BAND

    if inputs.mention_tone is None:
        return pd.DataFrame(columns=TONE_COMPARISON_COLUMNS)
    keys = ["article_id", "actor", "sentence_index"]
    sent = evidence[evidence["measure"] == "tone_about_sentence"][
        [*keys, "text", "detail", "numerator"]
    ].rename(columns={"detail": "drivers_sentence", "numerator": "tone_sentence"})
    mt = inputs.mention_tone.rename(columns={"tone": "tone_target", "tone_class": "class_target"})
    out = mt.merge(sent, on=keys, how="inner")
    x = out["tone_sentence"]
    out["class_sentence"] = np.where(
        x >= NEUTRAL_BAND, "positive", np.where(x <= -NEUTRAL_BAND, "negative", "neutral")
    )
    out["disagree"] = out["class_target"] != out["class_sentence"]
    pair = out["class_target"] + out["class_sentence"]
    out["opposite"] = pair.isin(["positivenegative", "negativepositive"])
    out = out[TONE_COMPARISON_COLUMNS]
    return out.sort_values(
        ["article_id", "sentence_index", "start", "actor"], kind="stable"
    ).reset_index(drop=True)


SHARED_DENOMINATORS = ("mentions_per_1000_words", "share_articles_mentioning", "share_of_voice")
"""The measures whose denominator is a property of the article, the same for every actor:
words in the article, 1 per article, words in all its quotes (:func:`article_denominators`)."""
DENOMINATOR_COLUMNS = ["article_id", "measure", "denominator"]


def per_article(
    inputs: ActorInputs,
    evidence: pd.DataFrame,
    actors: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Numerator and denominator per article x actor x measure, for the (article, actor) pairs
    with evidence (the actor is mentioned, quoted or attributed in the article; ``actors``:
    only those actors), every measure for each pair; sorted by article_id, actor, measure.

    Columns: article_id, actor, measure, numerator, denominator, n (evidence rows).

    A pair without evidence has numerator 0 and n 0 in every measure, and the denominator 0
    except in :data:`SHARED_DENOMINATORS`, where it is the article's
    (:func:`article_denominators`); it gets no row. The rows that are here hold the article's
    denominator in those measures too.
    """
    arts = sorted(inputs.articles["article_id"])
    actor_list = sorted(set(actors) if actors is not None else set(evidence["actor"].tolist()))
    n_act, n_mea = len(actor_list), len(MEASURES)
    sums = evidence.groupby(["article_id", "actor", "measure"]).agg(
        numerator=("numerator", "sum"),
        denominator=("denominator", "sum"),
        n=("numerator", "size"),
    )
    # rows' places are computed from integer codes, not looked up (the evidence of an article
    # or actor outside the table is dropped, as a reindex would)
    pair_of = _places(sums.index, arts, actor_list)
    mea = pd.Index(list(MEASURES)).get_indexer(sums.index.get_level_values("measure"))
    inside = (pair_of >= 0) & (mea >= 0)
    pairs = unique(pair_of[pair_of >= 0])  # article x actor places with evidence, sorted
    size = len(pairs) * n_mea
    place = np.searchsorted(pairs, pair_of[inside]) * n_mea + mea[inside]
    num, den, cnt = np.zeros(size), np.zeros(size), np.zeros(size, dtype=np.int64)
    num[place] = sums["numerator"].to_numpy(dtype=float)[inside]
    den[place] = sums["denominator"].to_numpy(dtype=float)[inside]
    cnt[place] = sums["n"].to_numpy(dtype=np.int64)[inside]

    mentioned = (
        evidence[evidence.measure == "mentions_per_1000_words"]
        .groupby(["article_id", "actor"])
        .size()
    )
    found = _places(mentioned.index, arts, actor_list)
    is_mentioned = np.isin(pairs, found[found >= 0]).astype(float)
    art_of_pair = pairs // max(n_act, 1)
    shared = _shared(inputs, arts)

    by_measure = {name: slice(k, size, n_mea) for k, name in enumerate(MEASURES)}
    for name in SHARED_DENOMINATORS:
        den[by_measure[name]] = shared[name][art_of_pair]
    share = by_measure["share_articles_mentioning"]
    num[share] = is_mentioned
    cnt[share] = is_mentioned.astype(np.int64)
    prom = by_measure["prominence"]
    num[prom] = (num[prom] > 0).astype(float)
    den[prom] = is_mentioned
    cnt[prom] = is_mentioned.astype(np.int64)
    out = pd.DataFrame(
        {
            # the columns' dtypes as a MultiIndex of these lists gives them (the dense grid's)
            "article_id": pd.Index(arts).take(np.repeat(art_of_pair, n_mea)),
            "actor": pd.Index(actor_list).take(np.repeat(pairs % max(n_act, 1), n_mea)),
            "measure": pd.Index(list(MEASURES)).take(np.tile(np.arange(n_mea), len(pairs))),
        }
    )
    out["numerator"], out["denominator"], out["n"] = num, den, cnt
    return out


def _shared(inputs: ActorInputs, arts: list[str]) -> dict[str, np.ndarray]:
    """Each of :data:`SHARED_DENOMINATORS` per article of ``arts`` (in that order)."""
    words = inputs.sentences.groupby("article_id")["n_words"].sum()
    speech = inputs.quotes[
        inputs.quotes["kind"].isin(SPEECH_KINDS) & (inputs.quotes["speaker"].fillna("") != "")
    ]
    quoted = speech.groupby("article_id")["n_words"].sum()
    return {
        "mentions_per_1000_words": words.reindex(arts).fillna(0).to_numpy(dtype=float),
        "share_articles_mentioning": np.ones(len(arts)),
        "share_of_voice": quoted.reindex(arts).fillna(0).to_numpy(dtype=float),
    }


def article_denominators(inputs: ActorInputs) -> pd.DataFrame:
    """The denominators every actor shares in an article: one row per article of
    ``inputs.articles`` x measure of :data:`SHARED_DENOMINATORS` (words in the article for
    mentions_per_1000_words, 1 for share_articles_mentioning, words in all the article's
    statement and fragment quotes with a speaker for share_of_voice), sorted by article_id and
    measure. Columns :data:`DENOMINATOR_COLUMNS`."""
    arts = sorted(inputs.articles["article_id"])
    shared = _shared(inputs, arts)
    names = sorted(SHARED_DENOMINATORS)
    return pd.DataFrame(
        {
            "article_id": pd.Index(arts).repeat(len(names)),
            "measure": pd.Index(names).take(np.tile(np.arange(len(names)), len(arts))),
            "denominator": np.column_stack([shared[n] for n in names]).ravel()
            if arts
            else np.zeros(0),
        }
    )


def _places(index: pd.MultiIndex, arts: list[str], actors: list[str]) -> np.ndarray:
    """Place of each (article_id, actor, ...) key of ``index`` in the article x actor grid
    (-1 when the article or the actor is not in it)."""
    a = pd.Index(arts).get_indexer(index.get_level_values("article_id"))
    c = pd.Index(actors).get_indexer(index.get_level_values("actor"))
    return np.where((a >= 0) & (c >= 0), a * len(actors) + c, -1)


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


def summarize_actors(
    table: pd.DataFrame,
    denominators: pd.DataFrame,
    articles: pd.DataFrame,
    by: Sequence[str] = (),
    n_boot: int = 1000,
    seed: int = 0,
) -> stats.Summary:
    """The actor measures per group (``by``) x actor of the sparse :func:`per_article` table,
    with :func:`article_denominators` for the same articles (:func:`analysis.stats.
    summarize_sparse`): ``cells`` for every actor with evidence in the group, ``absent`` (per
    group x measure) for every other actor. :func:`dense` puts them back together."""
    return stats.summarize_sparse(
        table, denominators, articles, by, n_boot, seed, "actor", MEASURES
    )


def dense(
    cells: pd.DataFrame,
    absent: pd.DataFrame,
    by: Sequence[str],
    actors: Sequence[str],
    measures: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Every group x actor of ``actors`` x measure (of ``measures``, default every measure of
    ``absent``): the rows of ``cells`` where the actor has them, the group's ``absent`` row
    where not (:func:`summarize_actors`); the table a dense per-article table gave, sorted by
    ``[*by, actor, measure]``, columns as ``cells``."""
    by = list(by)
    if measures is not None:
        cells = cells[cells["measure"].isin(measures)]
        absent = absent[absent["measure"].isin(measures)]
    actors = sorted(set(actors))
    grid = absent.merge(pd.DataFrame({"actor": pd.Series(actors, dtype=object)}), how="cross")
    keys = [*by, "actor", "measure"]
    present = cells[cells["actor"].isin(actors)]
    missing = grid.merge(present[keys], on=keys, how="left", indicator=True)
    missing = missing[missing["_merge"] == "left_only"].drop(columns="_merge")
    out = pd.concat([present, missing[cells.columns]], ignore_index=True)
    if len(cells):
        out = out.astype({c: cells[c].dtype for c in cells.columns})
    return out.sort_values(keys, kind="stable").reset_index(drop=True)


def dense_matrix(
    cells: pd.DataFrame,
    absent: pd.DataFrame,
    by: str,
    actors: Sequence[str],
    measure: str,
    column: str = "value",
) -> pd.DataFrame:
    """The ``by`` x actor matrix of ``column`` (value, n, ...) of one ``measure``: what
    ``dense(cells, absent, (by,), actors, [measure]).pivot(index=by, columns="actor",
    values=column)`` gives (rows: the groups of ``absent`` and of the ``actors``' cells,
    sorted; columns: ``actors``, sorted; a cell without a row in ``cells`` holds its group's
    ``absent`` value, NaN when the group has none), built as an array instead of a long table:
    500 outlets x 5,000 actors are 2.5 M long rows (over 1 GiB while dense merges them) but a
    20 MB matrix."""
    cells = cells[(cells["measure"] == measure) & cells["actor"].isin(list(actors))]
    absent = absent[absent["measure"] == measure].drop_duplicates(by)
    rows = pd.Index(sorted(set(absent[by]) | set(cells[by])), name=by)
    cols = pd.Index(sorted(set(actors)), name="actor")
    if len(cells):
        rows, cols = rows.astype(cells[by].dtype), cols.astype(cells["actor"].dtype)
    fill = absent.set_index(by)[column].reindex(rows).to_numpy(dtype=float)
    out = np.repeat(fill[:, None], len(cols), axis=1)
    out[rows.get_indexer(cells[by]), cols.get_indexer(cells["actor"])] = cells[column].to_numpy(
        dtype=float
    )
    mat = pd.DataFrame(out, index=rows, columns=cols)
    kind = (cells[column] if len(cells) else absent[column]).dtype
    if kind.kind in "iu" and not np.isnan(out).any():
        mat = mat.astype(kind)
    return mat


def actor_measures(
    inputs: ActorInputs,
    by: Sequence[str] = ("outlet",),
    instrument: str = "textblob",
    score: str = "polarity",
    actors: Sequence[str] | None = None,
    n_boot: int = 1000,
    seed: int = 0,
    tone: str = "target",
) -> pd.DataFrame:
    """Every measure per group (``by``, e.g. ``("outlet",)`` or ``()`` for all) x actor, on the
    articles of ``inputs`` (analysis.scope decides which); ``tone`` as in actor_evidence."""
    ev = actor_evidence(inputs, instrument, score, tone)
    table = per_article(inputs, ev, actors)
    found = summarize_actors(table, article_denominators(inputs), inputs.articles, by, n_boot, seed)
    cast = set(actors) if actors is not None else set(ev["actor"])
    return dense(found.cells, found.absent, by, sorted(cast))


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


STANCE_VERB_COLUMNS = ["actor", "verb_class", "attributions", "verbs"]


def stance_verbs(attributions: pd.DataFrame) -> pd.DataFrame:
    """The reporting verbs behind the stance index (pipeline table ``stance_verbs``): per
    ``actor`` x ``verb_class`` of the ``attributions`` table (analysis.attribution), the number
    of ``attributions`` and the ``verbs`` (distinct lemmas, sorted, ", "-joined); rows of
    attributions without an actor are left out; sorted by actor, verb_class."""
    attr = attributions[attributions["actor"].fillna("") != ""]
    if attr.empty:
        return pd.DataFrame(columns=STANCE_VERB_COLUMNS)
    out = (
        attr.groupby(["actor", "verb_class"], sort=True)["lemma"]
        .agg(attributions="size", verbs=lambda s: ", ".join(sorted(set(s))))
        .reset_index()
    )
    return out.astype({"attributions": "int64"})[STANCE_VERB_COLUMNS]

"""A learned choice among candidate speakers of a quote: the model of an experiment (issue #16;
docs/METHODS.md, "A learned speaker choice"), run by validate/speaker_rank.py. It is not part of
the package: leave-one-story-out on the gold stories A-G, it did not beat the rules by a clear
margin, so the toolkit keeps the rules' speakers.

The rules of :mod:`analysis.quotes` give each quote one speaker. This module lists, for each
statement or fragment quote, the other speakers it could have (every actor mentioned in the
quote's sentence, the three sentences before it and the one after; the previous quote's speaker;
an unnamed source; nobody), describes each candidate with a few features (does the rule choose
it, how the rule resolved it, distance, position relative to the quote and to a reporting cue,
possessive, inside another quote, mentions so far, ...), and scores them with a conditional
logistic regression (softmax over a quote's candidates) whose weights are a data file.

Tables:

- :func:`speaker_candidates` -> one row per (quote, candidate): ``article_id``, ``quote_index``,
  ``candidate`` (the speaker string it would give: a catalog actor, a name as written, a
  description, or "" for nobody), ``source`` (``rule`` | ``mention`` | ``previous`` |
  ``unnamed`` | ``none``: where it first came from), ``order`` (0 = the rules' choice), then
  the columns of :data:`FEATURES` (floats).
- :func:`score_candidates` adds ``score`` (the linear score) and ``probability`` (softmax within
  the quote).
- :func:`ranked_speakers` returns the quotes table with ``speaker`` replaced by the best
  candidate and a ``speaker_score`` column (its probability; 1.0 where nothing was ranked).

Weights: :func:`fit_weights` fits them (Newton's method with an L2 penalty, plain numpy,
deterministic); validate/speaker_rank.py --write saves them as a CSV (feature, weight,
trained_on, source) and :func:`load_weights` reads one back.
"""

from __future__ import annotations

import itertools
import math
import re
from bisect import bisect_left, bisect_right
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis.quotes import Lexicon, compile_cues, load_cues

#: Sentences before and after the quote whose actor mentions are candidates.
BEFORE, AFTER = 3, 1
UNNAMED = "unnamed source"  # the speaker string of the unnamed-source candidate
_PRONOUN_FIRST = frozenset({"i", "we", "me", "us", "my", "our"})
_PRONOUNS = _PRONOUN_FIRST | {"he", "she", "they", "it", "him", "her", "them"}

FEATURES: list[str] = [
    # what the candidate is
    "is_person",
    "is_organisation",
    "is_uncatalogued",
    "is_unnamed",
    "is_none",
    # the rules' choice, by how the rule found it
    "rule",
    "rule_x_name",
    "rule_x_title",
    "rule_x_pronoun",
    "rule_x_context",  # no attribution of its own (continuation), but a cue or a context speaker
    "rule_x_no_cue",
    "rule_x_fragment",
    "rule_x_uncatalogued",  # a capitalised name as written that no catalog or draft entry holds
    "previous_speaker",  # the rules' speaker of the article's previous quote
    # an actor mentioned near the quote
    "mentioned",
    "same_sentence",
    "sentences_before",
    "sentences_after",
    "log_chars",
    "nearest",
    "near_rule_cue",
    "cue_subject",  # next to a reporting verb ("X said", "said X", "according to X")
    "sentence_start",
    "possessive",
    "inside_quote",
    "log_mentions_so_far",
    "in_speaker_text",
    "quoted_elsewhere",  # log(1 + other quotes of the article the rules give this speaker)
    # a mentioned actor when the rules' choice is weak
    "mentioned_x_rule_empty",
    "mentioned_x_rule_description",
    "mentioned_x_rule_pronoun",
    "cue_subject_x_rule_empty",
    "organisation_x_document",  # the rules' speaker text is a description ("the report")
    # quote context for the two categories
    "unnamed_x_description",
    "unnamed_x_first_person",
    "unnamed_x_cue",
    "none_x_cue",
    "none_x_fragment",
    "none_x_actors_near",
    "none_x_continuation",
]


def _as_candidate(
    rows: list[dict], seen: dict[str, dict], cand: str, source: str, base: dict
) -> dict:
    """The candidate row of ``cand`` (created once per quote and speaker string)."""
    row = seen.get(cand)
    if row is None:
        row = dict(base)
        row.update({"candidate": cand, "source": source, "order": len(rows)})
        row.update(dict.fromkeys(FEATURES, 0.0))
        seen[cand] = row
        rows.append(row)
    return row


def _is_description(speaker: str) -> bool:
    return bool(speaker) and not speaker[:1].isupper()


def _cue_next_to(text: str, start: int, end: int, cue_re: re.Pattern[str]) -> bool:
    """Is a reporting cue right after the mention (a few words, no sentence or quote mark in
    between) or right before it ("said Jane Doe", "according to Jane Doe")?"""
    after = text[end : end + 60]
    m = cue_re.search(after)
    if m is not None:
        gap = after[: m.start()]
        if not re.search(r"[.!?;:\"“”]", gap) and len(gap.split()) <= 5:
            return True
    before = text[max(0, start - 30) : start]
    for m in cue_re.finditer(before):
        tail = before[m.end() :]
        if not re.search(r"[.!?;:\"“”]", tail) and len(tail.split()) <= 2:
            return True
    return False


def speaker_candidates(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    quotes: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    lex: Lexicon | None = None,
) -> pd.DataFrame:
    """Candidate speakers of every statement and fragment quote, with :data:`FEATURES`.

    ``articles``: article_id, text; ``sentences``: the segmenter's table (article_id,
    sentence_index, start, end); ``quotes``: :func:`analysis.quotes.find_quotes`'s table;
    ``mentions``: :func:`analysis.actors.find_mentions`'s table. Output columns: article_id,
    quote_index, candidate, source, order, then FEATURES; sorted by article, quote, order.
    """
    lex = lex or compile_cues(load_cues())
    texts = dict(zip(articles["article_id"].astype(str), articles["text"], strict=True))
    sent_by: dict[str, list[tuple[int, int, int]]] = {}
    for a, i, s, e in zip(
        sentences["article_id"].astype(str),
        sentences["sentence_index"],
        sentences["start"],
        sentences["end"],
        strict=True,
    ):
        sent_by.setdefault(a, []).append((int(i), int(s), int(e)))
    ment_by: dict[str, list[tuple]] = {}
    for a, s, e, actor, typ in zip(
        mentions["article_id"].astype(str),
        mentions["start"],
        mentions["end"],
        mentions["actor"],
        mentions["type"],
        strict=True,
    ):
        ment_by.setdefault(a, []).append((int(s), int(e), str(actor), str(typ)))
    types = {str(a): str(t) for a, t in zip(mentions["actor"], mentions["type"], strict=True)}
    out: list[dict] = []
    for aid, qs in quotes.groupby(quotes["article_id"].astype(str), sort=True):
        text = texts[aid]
        sents = sorted(sent_by.get(aid, []), key=lambda r: r[1])
        ments = sorted(ment_by.get(aid, []))
        art = _Article(
            text,
            sents,
            [s for _, s, _ in sents],
            ments,
            [m[0] for m in ments],
            list(zip(qs["start"].tolist(), qs["end"].tolist(), strict=True)),
            types,
            qs.loc[qs["kind"] != "scare", "speaker"].value_counts().to_dict(),
            lex,
        )
        previous = ""
        for q in qs.sort_values("quote_index").itertuples(index=False):
            if q.kind == "scare":
                continue
            out.extend(_quote_candidates(art, q, previous))
            previous = q.speaker
    cols = ["article_id", "quote_index", "candidate", "source", "order", *FEATURES]
    if not out:
        return pd.DataFrame(columns=cols)
    df = pd.DataFrame(out)[cols]
    return df.sort_values(["article_id", "quote_index", "order"], kind="stable").reset_index(
        drop=True
    )


class _Article(NamedTuple):
    text: str
    sents: list[tuple[int, int, int]]  # (sentence_index, start, end), by start
    sent_starts: list[int]
    ments: list[tuple[int, int, str, str]]  # (start, end, actor, type), by start
    m_starts: list[int]
    spans: list[tuple[int, int]]  # every quote of the article
    types: dict[str, str]  # actor -> type
    voiced: dict[str, int]  # speaker -> the rules' quotes of the article
    lex: Lexicon


def _sentence(art: _Article, pos: int) -> int:
    return max(bisect_right(art.sent_starts, pos) - 1, 0)


def _quote_candidates(art: _Article, q, previous: str) -> list[dict]:
    """Candidate rows of one quote (see :func:`speaker_candidates`)."""
    base = {"article_id": q.article_id, "quote_index": int(q.quote_index)}
    rows: list[dict] = []
    seen: dict[str, dict] = {}
    has_cue = q.cue_start >= 0
    res = q.speaker_resolution
    rule = q.speaker
    src = "none" if not rule else ("unnamed" if _is_description(rule) else "rule")
    r = _as_candidate(rows, seen, rule, src, base)  # the rules' choice first
    r["rule"] = 1.0
    r["rule_x_name"] = float(res == "name")
    r["rule_x_title"] = float(res == "title")
    r["rule_x_pronoun"] = float(res == "pronoun")
    r["rule_x_context"] = float(res == "none" and (has_cue or bool(rule)))
    r["rule_x_no_cue"] = float(not has_cue)
    r["rule_x_fragment"] = float(q.kind == "fragment")
    n_actors = _mention_candidates(art, q, rows, seen, base)
    if previous and previous != rule:
        src = "unnamed" if _is_description(previous) else "previous"
        _as_candidate(rows, seen, previous, src, base)
    # the two categories
    desc = next((c for c in rows if _is_description(c["candidate"])), None)
    if desc is None:
        desc = _as_candidate(rows, seen, UNNAMED, "unnamed", base)
    desc["unnamed_x_description"] = float(_is_description(q.speaker_text))
    desc["unnamed_x_first_person"] = float(q.speaker_text.lower() in _PRONOUN_FIRST)
    desc["unnamed_x_cue"] = float(has_cue)
    none = _as_candidate(rows, seen, "", "none", base)
    none["none_x_cue"] = float(has_cue)
    none["none_x_fragment"] = float(q.kind == "fragment")
    none["none_x_actors_near"] = math.log1p(n_actors)
    none["none_x_continuation"] = float(res == "none" and not has_cue)
    for c in rows:
        _common_features(art, q, c, previous)
    return rows


def _mention_candidates(art: _Article, q, rows: list[dict], seen: dict, base: dict) -> int:
    """Add the actors mentioned (outside the quote) in its sentences, the BEFORE sentences
    before and the AFTER after; features from each actor's nearest mention. Returns their
    number."""
    text, sents = art.text, art.sents
    k0, k1 = _sentence(art, q.start), _sentence(art, max(q.end - 1, q.start))
    lo = sents[max(k0 - BEFORE, 0)][1] if sents else 0
    hi = sents[min(k1 + AFTER, len(sents) - 1)][2] if sents else len(text)
    near = []
    i0, i1 = bisect_left(art.m_starts, lo), bisect_left(art.m_starts, hi)
    for s, e, actor, _ in art.ments[i0:i1]:
        if not (s >= q.start and e <= q.end):
            near.append((max(q.start - e if e <= q.start else s - q.end, 0), s, e, actor))
    near.sort()
    done: set[str] = set()
    for rank, (dist, s, e, actor) in enumerate(near):
        c = _as_candidate(rows, seen, actor, "mention", base)
        if actor in done:
            continue
        done.add(actor)
        k = _sentence(art, s)
        c["mentioned"] = 1.0
        c["same_sentence"] = float(k0 <= k <= k1)
        c["sentences_before"] = float(max(k0 - k, 0))
        c["sentences_after"] = float(max(k - k1, 0))
        c["log_chars"] = math.log1p(dist)
        c["nearest"] = float(rank == 0)
        if q.cue_start >= 0:
            gap = text[e : q.cue_start] if e <= q.cue_start else text[q.cue_end : s]
            c["near_rule_cue"] = float(len(gap) <= 60 and not re.search(r"[.!?\"“”]", gap))
        c["cue_subject"] = float(_cue_next_to(text, s, e, art.lex.cue_re))
        c["sentence_start"] = float(bool(sents) and s - sents[k][1] <= 4)
        c["possessive"] = float(bool(re.match(r"['’]s?\b", text[e : e + 2])))
        c["inside_quote"] = float(any(a <= s and e <= b for a, b in art.spans))
        so_far = sum(1 for m in art.ments if m[2] == actor and m[0] < q.end)
        c["log_mentions_so_far"] = math.log1p(so_far)
        c["in_speaker_text"] = float(bool(q.speaker_text) and text[s:e] in q.speaker_text)
    return len(done)


def _common_features(art: _Article, q, c: dict, previous: str) -> None:
    """What the candidate is, whether it spoke before, and the mentioned-actor interactions."""
    cand, rule = c["candidate"], q.speaker
    c["previous_speaker"] = float(cand == previous and bool(previous))
    if c["mentioned"] and not c["rule"]:
        c["mentioned_x_rule_empty"] = float(not rule)
        c["mentioned_x_rule_description"] = float(_is_description(rule))
        c["mentioned_x_rule_pronoun"] = float(q.speaker_resolution == "pronoun")
        c["cue_subject_x_rule_empty"] = float(not rule) * c["cue_subject"]
        document = _is_description(q.speaker_text) and q.speaker_text.lower() not in _PRONOUNS
        c["organisation_x_document"] = float(
            document and art.types.get(cand, "") not in ("", "person")
        )
    if not cand:
        c["is_none"] = 1.0
        return
    c["quoted_elsewhere"] = math.log1p(art.voiced.get(cand, 0) - (cand == rule))
    if _is_description(cand):
        c["is_unnamed"] = 1.0
        return
    typ = art.types.get(cand, "")
    c["is_person"] = float(typ == "person")
    c["is_organisation"] = float(bool(typ) and typ != "person")
    c["is_uncatalogued"] = float(not typ)
    c["rule_x_uncatalogued"] = c["rule"] * c["is_uncatalogued"]


# --------------------------------------------------------------------------------------------
# fitting and scoring


def _groups(cands: pd.DataFrame) -> np.ndarray:
    """Start offsets of each quote's block of rows (cands sorted by quote), plus the end."""
    key = cands["article_id"].astype(str) + "\x00" + cands["quote_index"].astype(str)
    change = np.flatnonzero(key.to_numpy()[1:] != key.to_numpy()[:-1]) + 1
    return np.concatenate([[0], change, [len(cands)]])


def fit_weights(
    cands: pd.DataFrame, correct: np.ndarray, l2: float = 1.0, iterations: int = 50
) -> np.ndarray:
    """Weights of :data:`FEATURES` maximising the conditional log-likelihood of the first
    correct candidate of each quote (quotes with none are left out), with an L2 penalty
    ``l2 * |w|^2 / 2``. Newton's method from zero: deterministic."""
    x = cands[FEATURES].to_numpy(dtype=float)
    bounds = _groups(cands)
    blocks = []
    for a, b in itertools.pairwise(bounds):
        hit = np.flatnonzero(correct[a:b])
        if len(hit):
            blocks.append((a, b, a + hit[0]))
    w = np.zeros(x.shape[1])
    for _ in range(iterations):
        grad = -l2 * w
        hess = -l2 * np.eye(len(w))
        for a, b, t in blocks:
            xb = x[a:b]
            z = xb @ w
            p = np.exp(z - z.max())
            p /= p.sum()
            mu = p @ xb
            grad += x[t] - mu
            hess -= (xb * p[:, None]).T @ xb - np.outer(mu, mu)
        step = np.linalg.solve(hess, grad)
        w = w - step
        if np.abs(step).max() < 1e-9:
            break
    return w


def score_candidates(cands: pd.DataFrame, weights: np.ndarray) -> pd.DataFrame:
    """``cands`` with ``score`` (x . w) and ``probability`` (softmax within the quote)."""
    out = cands.copy()
    z = cands[FEATURES].to_numpy(dtype=float) @ np.asarray(weights, dtype=float)
    prob = np.empty_like(z)
    bounds = _groups(cands) if len(cands) else np.array([0])
    for a, b in itertools.pairwise(bounds):
        e = np.exp(z[a:b] - z[a:b].max())
        prob[a:b] = e / e.sum()
    out["score"] = z
    out["probability"] = prob
    return out


def best_candidates(scored: pd.DataFrame) -> pd.DataFrame:
    """One row per quote: the highest-scoring candidate (ties: the lower ``order``, so the
    rules' choice wins a tie)."""
    s = scored.sort_values(
        ["article_id", "quote_index", "score", "order"],
        ascending=[True, True, False, True],
        kind="stable",
    )
    return s.drop_duplicates(["article_id", "quote_index"]).reset_index(drop=True)


def load_weights(path: str | Path) -> np.ndarray:
    """Weights of :data:`FEATURES` from a CSV with columns feature, weight. Raises ValueError
    naming the file when a feature is missing or unknown."""
    df = pd.read_csv(path)
    got = dict(zip(df["feature"].astype(str), df["weight"].astype(float), strict=True))
    missing = [f for f in FEATURES if f not in got]
    extra = [f for f in got if f not in FEATURES]
    if missing or extra:
        raise ValueError(f"{path}: speaker-rank weights: missing {missing}, unknown {extra}")
    return np.array([got[f] for f in FEATURES])


def ranked_speakers(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    quotes: pd.DataFrame,
    mentions: pd.DataFrame,
    weights: np.ndarray,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(quotes with ``speaker`` chosen by the ranker and a ``speaker_score`` column, the scored
    candidate table). Scare quotes keep their empty speaker (score 1.0)."""
    w = np.asarray(weights, dtype=float)
    cands = speaker_candidates(articles, sentences, quotes, mentions)
    out = quotes.copy()
    out["speaker_score"] = 1.0
    if cands.empty:
        return out, cands
    scored = score_candidates(cands, w)
    best = best_candidates(scored)
    key = dict(
        zip(
            zip(best["article_id"], best["quote_index"], strict=True),
            zip(best["candidate"], best["probability"], strict=True),
            strict=True,
        )
    )
    speakers, scores = [], []
    for aid, qi, sp in zip(out["article_id"], out["quote_index"], out["speaker"], strict=True):
        got = key.get((aid, int(qi)))
        speakers.append(got[0] if got else sp)
        scores.append(float(got[1]) if got else 1.0)
    out["speaker"] = speakers
    out["speaker_score"] = scores
    return out, scored

"""Rewrite detection: flag an article that paraphrases (rewrites) another article of the corpus.

An aggregator rewrite keeps the story and the order of its original but swaps words, so
whole-document overlap (shingles, TF-IDF cosine) is low while almost every sentence still has a
close counterpart in the original, in the same order. Separate reports of one event share quotes
and facts, but only for a few sentences. So the test is sentence-level: align the sentences of
two articles monotonically (in order) and measure how much of the shorter story is covered.

Method, for the articles and sentences passed in (the corpus):

1. Terms: each body sentence (``is_headline`` False) is tokenized once, lower-cased, stripped of
   function words (``data/stopwords_en.csv``) and crudely stemmed (``stem``); numbers are kept.
2. Sentence vectors: TF-IDF with IDF over the body sentences of the corpus passed in
   (``idf = ln((1 + N) / (1 + df)) + 1``), L2-normalised; similarity is cosine.
3. Candidate pairs (never all pairs): an inverted index from *rare* terms (found in at least 2
   and at most ``max_term_articles`` articles) to articles; a pair is examined when it shares at
   least ``min_shared_terms`` rare terms and is among the ``max_partners`` best-sharing partners
   of one of its articles (so at most n_articles * max_partners pairs). When both articles have
   a non-empty ``event`` and the events differ, the pair is not examined (blocking by event;
   articles without an event are compared with everything).
4. Alignment: dynamic programming over sentence "beads" (1-1, 1-2 and 2-1, as in Gale & Church
   1993 sentence alignment, so a sentence split in two still aligns) keeps the order of both
   articles and maximises the summed similarity of beads with similarity >= ``min_similarity``.
   A 2-sentence bead is only allowed when merging raises the similarity over either sentence
   alone.
5. Features of the candidate rewrite A against the candidate original B: ``coverage`` (share of
   A's body sentences in an aligned bead), ``source_coverage`` (same for B), ``mean_similarity``
   (mean bead similarity over A's aligned sentences), ``order`` (share of A's best matches, taken
   one sentence at a time without the order constraint, that lie on the longest in-order chain;
   0 when no sentence has a match)
   and ``score = coverage * mean_similarity`` (similarity-weighted coverage, 0-1).
6. Decision: A is a rewrite of B when ``coverage >= min_coverage``, ``mean_similarity >=
   min_mean_similarity`` and at least ``min_aligned`` sentences are aligned.
7. Direction: the article published later is the candidate rewrite; on the same or an unknown
   date, the one with the higher coverage; on a tie, the larger ``article_id``.

Inputs:
- articles: ``article_id`` (str, unique), ``published`` (str ISO date or ""), ``event``
  (str or ""); other columns are ignored.
- sentences: ``article_id``, ``sentence_index`` (int), ``text`` (str), ``is_headline`` (bool);
  see analysis.segment.

Outputs (:class:`Rewrites`):
- pairs (:data:`PAIR_COLUMNS`), one row per examined pair, sorted by article_id, source_id:
  ``article_id`` (candidate rewrite), ``source_id`` (candidate original), ``score``,
  ``coverage``, ``source_coverage`` (floats 0-1), ``n_aligned`` (A's aligned body sentences),
  ``n_sentences`` (A's body sentences), ``mean_similarity``, ``order`` (floats 0-1),
  ``is_rewrite`` (bool), ``reason`` (str, one sentence with the figures).
- alignments (:data:`ALIGNMENT_COLUMNS`), the aligned sentence pairs of *every examined pair*
  (flagged or not; filter on pairs.is_rewrite for the evidence of flagged ones): ``article_id``,
  ``source_id``, ``sentence_index`` (in article_id), ``source_sentence_index`` (in source_id),
  ``similarity`` (of the bead; a 1-2 bead gives two rows with the same similarity).
Floats are rounded to 6 decimals.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis import lang
from analysis.lang import load_stopwords
from analysis.segment import tokenize

stem = lang.get("en").stem  # crude English stemming (analysis.lang.en)


PAIR_COLUMNS: list[str] = [
    "article_id",
    "source_id",
    "score",
    "coverage",
    "source_coverage",
    "n_aligned",
    "n_sentences",
    "mean_similarity",
    "order",
    "is_rewrite",
    "reason",
]
ALIGNMENT_COLUMNS: list[str] = [
    "article_id",
    "source_id",
    "sentence_index",
    "source_sentence_index",
    "similarity",
]
_ARTICLE_REQUIRED = ("article_id", "published", "event")
_SENTENCE_REQUIRED = ("article_id", "sentence_index", "text", "is_headline")

_DASHES = str.maketrans({"’": "'", "‘": "'", "‐": "-", "‑": "-", "–": "-", "—": "-", "−": "-"})
_CONTRACTIONS = ("n't", "'s", "'re", "'ve", "'ll", "'d", "'m", "'")
_NUMBER = re.compile(r"-?(\d+(?:[.,:]\d+)*)")
_ORDINAL = frozenset({"st", "nd", "rd", "th"})
_VOWEL = re.compile(r"[aeiouy]")


class Rewrites(NamedTuple):
    """Result of :func:`detect_rewrites`: examined pairs and their aligned sentence pairs."""

    pairs: pd.DataFrame
    alignments: pd.DataFrame


class _Article(NamedTuple):
    article_id: str
    published: date | None
    event: str
    indices: list[int]  # sentence_index of each body sentence, in order
    terms: list[list[str]]  # normalised terms of each body sentence


class _PairFeatures(NamedTuple):
    beads: list[tuple[list[int], list[int], float]]  # body positions in A, in B, similarity
    cov_a: float
    cov_b: float


# --- terms ---------------------------------------------------------------------------------


def normalize_terms(text: str, stopwords: frozenset[str]) -> list[str]:
    """Terms of one sentence (tokens from analysis.segment.tokenize), in order.

    Lower-cased; function words and 1-letter words dropped; contractions/possessives cut
    ("Ukraine's" -> ukrain); hyphenated words split into parts; other words stemmed (:func:`stem`).
    Numbers are kept without sign, thousands separator or unit ("-20°C", "–20" -> "20").
    Acronyms (dotted "U.S." or all capitals "UN") are kept unstemmed and never taken for
    function words ("US" is not "us").
    """
    terms: list[str] = []
    for start, end in tokenize(text):
        terms.extend(_token_terms(text[start:end], stopwords))
    return terms


@lru_cache(maxsize=1 << 18)
def _token_terms(token: str, stopwords: frozenset[str]) -> tuple[str, ...]:
    """Terms of one token (see :func:`normalize_terms`); memoized, as words repeat."""
    terms: list[str] = []
    raw = token.translate(_DASHES)
    number = _NUMBER.match(raw)
    if number:
        terms.append(number.group(1).replace(",", ""))
        raw = raw[number.end() :].lstrip("°º")
        if raw.lower() in _ORDINAL:
            return tuple(terms)
    for part in raw.split("-"):
        if "." in part or (part.isupper() and len(part) >= 2):
            terms.append(part.replace(".", "").lower())  # acronym
            continue
        part = part.lower()
        for suffix in _CONTRACTIONS:
            if part.endswith(suffix) and len(part) > len(suffix):
                part = part[: -len(suffix)]
                break
        if len(part) < 2 or part in stopwords or not part.isalnum():
            continue
        terms.append(stem(part))
    return tuple(terms)


# --- input ---------------------------------------------------------------------------------


def _parse_date(value: str, article_id: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError as err:
        raise ValueError(
            f"article {article_id!r}: published {value!r} is not an ISO date (YYYY-MM-DD...)"
        ) from err


def _check_columns(table: pd.DataFrame, required: Iterable[str], name: str) -> None:
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise ValueError(f"{name} table is missing column(s): {', '.join(missing)}")


def check_article_ids(articles: pd.DataFrame, sentences: pd.DataFrame) -> list[str]:
    """The articles' ids as str, in row order; ValueError when ids repeat or sentences name
    an article that is not in the table."""
    ids = [str(a) for a in articles["article_id"]]
    dupes = sorted(a for a, n in Counter(ids).items() if n > 1)
    if dupes:
        raise ValueError(f"articles: duplicate article_id(s): {', '.join(dupes)}")
    unknown = sorted(set(map(str, sentences["article_id"])) - set(ids))
    if unknown:
        raise ValueError(f"sentences: article_id(s) not in articles: {', '.join(unknown)}")
    return ids


def _prepare(
    articles: pd.DataFrame, sentences: pd.DataFrame, stopwords: frozenset[str]
) -> list[_Article]:
    _check_columns(articles, _ARTICLE_REQUIRED, "articles")
    _check_columns(sentences, _SENTENCE_REQUIRED, "sentences")
    ids = check_article_ids(articles, sentences)

    body: dict[str, list[tuple[int, list[str]]]] = defaultdict(list)
    for aid, idx, text, is_head in zip(
        sentences["article_id"],
        sentences["sentence_index"],
        sentences["text"],
        sentences["is_headline"],
        strict=True,
    ):
        if not isinstance(text, str):
            raise ValueError(f"sentences: article {aid!r} sentence {idx}: text is not a string")
        if pd.isna(is_head):
            raise ValueError(f"sentences: article {aid!r} sentence {idx}: is_headline is missing")
        if not bool(is_head):
            body[str(aid)].append((int(idx), normalize_terms(text, stopwords)))

    out = []
    for aid, published, event in zip(ids, articles["published"], articles["event"], strict=True):
        rows = sorted(body.get(aid, []), key=lambda r: r[0])
        if len({r[0] for r in rows}) != len(rows):
            raise ValueError(f"sentences: article {aid!r} has duplicate sentence_index values")
        out.append(
            _Article(
                article_id=aid,
                published=_parse_date("" if pd.isna(published) else str(published), aid),
                event="" if pd.isna(event) else str(event).strip(),
                indices=[r[0] for r in rows],
                terms=[r[1] for r in rows],
            )
        )
    return sorted(out, key=lambda a: a.article_id)


def _idf(docs: list[_Article]) -> dict[str, float]:
    df: Counter[str] = Counter()
    n = 0
    for doc in docs:
        for terms in doc.terms:
            df.update(set(terms))
            n += 1
    return {t: math.log((1 + n) / (1 + d)) + 1.0 for t, d in df.items()}


# --- candidate pairs -----------------------------------------------------------------------


def candidate_pairs(
    docs: list[_Article],
    *,
    max_term_articles: int,
    min_shared_terms: int,
    max_partners: int,
    block_by_event: bool,
) -> list[tuple[int, int]]:
    """Pairs (i < j, positions in docs) to examine, from an inverted index of rare terms.

    Rare = in 2..max_term_articles articles; commoner terms stay out of the index, so counting
    costs the sum over rare terms of postings**2, not n_articles**2. A pair needs
    >= min_shared_terms shared rare terms and must be among the max_partners best partners
    (most shared rare terms, then smaller position) of at least one of its two articles, which
    bounds the pairs at n_articles * max_partners.
    """
    postings: dict[str, list[int]] = defaultdict(list)
    for pos, doc in enumerate(docs):
        for term in sorted({t for terms in doc.terms for t in terms}):
            postings[term].append(pos)
    shared: Counter[tuple[int, int]] = Counter()
    for plist in postings.values():
        if not 2 <= len(plist) <= max_term_articles:
            continue
        if block_by_event:  # count only pairs that blocking lets through (same result, less work)
            _count_unblocked(plist, docs, shared)
            continue
        for a in range(len(plist)):
            for b in range(a + 1, len(plist)):
                shared[(plist[a], plist[b])] += 1
    partners: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for (i, j), count in shared.items():
        ei, ej = docs[i].event, docs[j].event
        if count < min_shared_terms or (block_by_event and ei and ej and ei != ej):
            continue
        partners[i].append((-count, j))
        partners[j].append((-count, i))
    pairs = set()
    for i, ranked in partners.items():
        for _, j in sorted(ranked)[:max_partners]:
            pairs.add((min(i, j), max(i, j)))
    return sorted(pairs)


def _count_unblocked(
    plist: list[int], docs: list[_Article], shared: Counter[tuple[int, int]]
) -> None:
    """Add 1 to every pair of ``plist`` whose events do not differ (an empty event matches all)."""
    by_event: dict[str, list[int]] = defaultdict(list)
    for pos in plist:
        by_event[docs[pos].event].append(pos)
    free = by_event.pop("", [])
    for members in by_event.values():
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                shared[(members[a], members[b])] += 1
    for f in free:
        for pos in plist:
            if pos != f and (docs[pos].event or pos > f):
                shared[(min(f, pos), max(f, pos))] += 1


# --- alignment -----------------------------------------------------------------------------


def _matrix(doc: _Article, vocab: dict[str, int], idf: dict[str, float]) -> np.ndarray:
    mat = np.zeros((len(doc.terms), len(vocab)))
    for row, terms in enumerate(doc.terms):
        for term in terms:
            mat[row, vocab[term]] += idf[term]
    return mat


def _cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    na = np.linalg.norm(a, axis=1, keepdims=True)
    nb = np.linalg.norm(b, axis=1, keepdims=True)
    na[na == 0] = 1.0
    nb[nb == 0] = 1.0
    return (a / na) @ (b / nb).T


def _align(a: np.ndarray, b: np.ndarray, min_similarity: float) -> _PairFeatures:
    """Monotone bead alignment of sentence tf-idf matrices a (n x V) and b (m x V)."""
    n, m = a.shape[0], b.shape[0]
    sims = _BeadSims(
        _cosine(a, b),
        _cosine(a, b[:-1] + b[1:]) if m > 1 else np.zeros((n, 0)),  # a[i] ~ b[j] + b[j+1]
        _cosine(a[:-1] + a[1:], b) if n > 1 else np.zeros((0, m)),  # a[i] + a[i+1] ~ b[j]
        n,
        m,
        min_similarity,
    )
    move = _best_moves(sims)
    beads = []
    i = j = 0
    while i < n or j < m:
        di, dj, sim = move[(i, j)]
        if di and dj:
            beads.append((list(range(i, i + di)), list(range(j, j + dj)), sim))
        i, j = i + di, j + dj
    cov_a = sum(len(x) for x, _, _ in beads) / n if n else 0.0
    cov_b = sum(len(y) for _, y, _ in beads) / m if m else 0.0
    return _PairFeatures(beads, cov_a, cov_b)


class _BeadSims(NamedTuple):
    """Similarities of the candidate beads: 1-1 (s11), 1-2 (s12), 2-1 (s21)."""

    s11: np.ndarray
    s12: np.ndarray
    s21: np.ndarray
    n: int
    m: int
    min_similarity: float


def _bead_options(sims: _BeadSims, i: int, j: int) -> list[tuple[int, int, float]]:
    """The beads (di, dj, similarity) that may start at a[i], b[j]."""
    s11, s12, s21, n, m, min_similarity = sims
    opts = []
    if i < n and j < m and s11[i, j] >= min_similarity:
        opts.append((1, 1, s11[i, j]))
    if i < n and j + 1 < m:
        sim = s12[i, j]
        if sim >= min_similarity and sim > max(s11[i, j], s11[i, j + 1]):
            opts.append((1, 2, sim))
    if i + 1 < n and j < m:
        sim = s21[i, j]
        if sim >= min_similarity and sim > max(s11[i, j], s11[i + 1, j]):
            opts.append((2, 1, sim))
    return opts


def _best_moves(sims: _BeadSims) -> dict[tuple[int, int], tuple[int, int, float]]:
    """The best first move from every (i, j): best[i][j] = best total gain aligning a[i:] with
    b[j:]; a bead's gain is its similarity times the mean number of sentences it covers, so a
    1-2 bead counts 1.5 sentences."""
    n, m = sims.n, sims.m
    best = np.zeros((n + 1, m + 1))
    move: dict[tuple[int, int], tuple[int, int, float]] = {}
    for i in range(n, -1, -1):
        for j in range(m, -1, -1):
            if i == n and j == m:
                continue
            choice, value = (1, 0, 0.0) if i < n else (0, 1, 0.0), -1.0
            if i < n:
                value = best[i + 1, j]
            if j < m and best[i, j + 1] > value:
                choice, value = (0, 1, 0.0), best[i, j + 1]
            for di, dj, sim in _bead_options(sims, i, j):
                gain = sim * (di + dj) / 2 + best[i + di, j + dj]
                if gain > value + 1e-12:
                    choice, value = (di, dj, float(sim)), gain
            best[i, j] = value
            move[(i, j)] = choice
    return move


def _order(sim: np.ndarray, min_similarity: float) -> float:
    """Share of A's best matches (unconstrained) on the longest non-decreasing chain in B."""
    if sim.size == 0:
        return 0.0
    targets = [int(np.argmax(row)) for row in sim if row.max() >= min_similarity]
    if not targets:
        return 0.0
    tails: list[int] = []  # patience sorting for the longest non-decreasing subsequence
    for t in targets:
        k = int(np.searchsorted(tails, t, side="right"))
        if k == len(tails):
            tails.append(t)
        else:
            tails[k] = t
    return len(tails) / len(targets)


def _direction(x: _Article, y: _Article, cov_x: float, cov_y: float) -> bool:
    """True when x is the candidate rewrite of y."""
    if x.published is not None and y.published is not None and x.published != y.published:
        return x.published > y.published
    if not math.isclose(cov_x, cov_y, abs_tol=1e-9):
        return cov_x > cov_y
    return x.article_id > y.article_id


def _r(value: float) -> float:
    return round(float(value), 6)


# --- public API ----------------------------------------------------------------------------


def detect_rewrites(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    min_similarity: float = 0.3,
    min_coverage: float = 0.5,
    min_mean_similarity: float = 0.4,
    min_aligned: int = 2,
    min_shared_terms: int = 3,
    max_term_articles: int | None = None,
    max_partners: int = 10,
    block_by_event: bool = True,
    stopwords: str | Path | Iterable[str] | None = None,
) -> Rewrites:
    """Find rewrite pairs among ``articles`` (see the module docstring for the method).

    min_similarity: cosine a sentence bead needs to be aligned at all.
    min_coverage / min_mean_similarity / min_aligned: the rewrite decision on the candidate
    rewrite's coverage, mean bead similarity and number of aligned sentences.
    min_shared_terms / max_term_articles / max_partners: candidate generation (see
    :func:`candidate_pairs`; default term cap: 20 articles or 1 % of the corpus, whichever is
    larger). block_by_event: skip pairs whose non-empty events differ.
    stopwords: CSV path or iterable of words (default data/stopwords_en.csv).
    Returns Rewrites(pairs, alignments) with the columns of PAIR_COLUMNS / ALIGNMENT_COLUMNS.
    """
    for name, value in (
        ("min_similarity", min_similarity),
        ("min_coverage", min_coverage),
        ("min_mean_similarity", min_mean_similarity),
    ):
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"{name} must be between 0 and 1, got {value}")
    if isinstance(stopwords, str | Path) or stopwords is None:
        stop = load_stopwords(stopwords)
    else:
        stop = frozenset(w.lower() for w in stopwords)
    docs = _prepare(articles, sentences, stop)
    if max_term_articles is None:
        max_term_articles = max(20, math.ceil(0.01 * len(docs)))
    idf = _idf(docs)

    pair_rows, align_rows = [], []
    for i, j in candidate_pairs(
        docs,
        max_term_articles=max_term_articles,
        min_shared_terms=min_shared_terms,
        max_partners=max_partners,
        block_by_event=block_by_event,
    ):
        x, y = docs[i], docs[j]
        vocab = {t: k for k, t in enumerate(sorted({t for s in x.terms + y.terms for t in s}))}
        mx, my = _matrix(x, vocab, idf), _matrix(y, vocab, idf)
        feats = _align(mx, my, min_similarity)
        if _direction(x, y, feats.cov_a, feats.cov_b):
            a, b, ma, mb, cov, src_cov = x, y, mx, my, feats.cov_a, feats.cov_b
            beads = feats.beads
        else:
            a, b, ma, mb, cov, src_cov = y, x, my, mx, feats.cov_b, feats.cov_a
            beads = [(yb, xb, s) for xb, yb, s in feats.beads]
        sims = [s for xs, _, s in beads for _ in xs]
        n_aligned, n_sent = len(sims), len(a.terms)
        mean_sim = sum(sims) / n_aligned if n_aligned else 0.0
        order = _order(_cosine(ma, mb), min_similarity)
        is_rewrite = (
            cov >= min_coverage and mean_sim >= min_mean_similarity and n_aligned >= min_aligned
        )
        verdict = "rewrite" if is_rewrite else "not a rewrite"
        reason = (
            f"{a.article_id} aligns {n_aligned} of {n_sent} body sentences in order with "
            f"{b.article_id} (coverage {cov:.2f}, need {min_coverage:.2f}; mean similarity "
            f"{mean_sim:.2f}, need {min_mean_similarity:.2f}; source coverage {src_cov:.2f}; "
            f"order {order:.2f}): {verdict}."
        )
        pair_rows.append(
            (
                a.article_id,
                b.article_id,
                _r(cov * mean_sim),
                _r(cov),
                _r(src_cov),
                n_aligned,
                n_sent,
                _r(mean_sim),
                _r(order),
                is_rewrite,
                reason,
            )
        )
        for a_pos, b_pos, sim in beads:
            for p in a_pos:
                for q in b_pos:
                    align_rows.append(
                        (a.article_id, b.article_id, a.indices[p], b.indices[q], _r(sim))
                    )

    pairs = pd.DataFrame(pair_rows, columns=PAIR_COLUMNS)
    pairs = pairs.astype(
        {
            "article_id": str,
            "source_id": str,
            "score": float,
            "coverage": float,
            "source_coverage": float,
            "n_aligned": int,
            "n_sentences": int,
            "mean_similarity": float,
            "order": float,
            "is_rewrite": bool,
            "reason": str,
        }
    )
    alignments = pd.DataFrame(align_rows, columns=ALIGNMENT_COLUMNS).astype(
        {
            "article_id": str,
            "source_id": str,
            "sentence_index": int,
            "source_sentence_index": int,
            "similarity": float,
        }
    )
    pairs = pairs.sort_values(["article_id", "source_id"], kind="stable").reset_index(drop=True)
    alignments = alignments.sort_values(ALIGNMENT_COLUMNS[:4], kind="stable").reset_index(drop=True)
    return Rewrites(pairs, alignments)


def mark_rewrites(articles: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """Copy of articles with ``rewrite_of`` (str): the source of the article's flagged pair.

    When an article is flagged against several sources, the highest score wins (tie: smallest
    source_id); "" when the article is not a rewrite.
    """
    _check_columns(articles, ["article_id"], "articles")
    _check_columns(pairs, ["article_id", "source_id", "score", "is_rewrite"], "pairs")
    flagged = pairs[pairs["is_rewrite"].astype(bool)]
    flagged = flagged.sort_values(
        ["article_id", "score", "source_id"], ascending=[True, False, True], kind="stable"
    ).drop_duplicates("article_id")
    lookup = dict(
        zip(flagged["article_id"].astype(str), flagged["source_id"].astype(str), strict=True)
    )
    out = articles.copy()
    out["rewrite_of"] = pd.Series(
        [lookup.get(str(a), "") for a in out["article_id"]], index=out.index, dtype=str
    )
    return out

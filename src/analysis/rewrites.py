"""Rewrite detection: flag an article that paraphrases (rewrites) another article of the corpus.

An aggregator rewrite keeps the story and the order of its original but swaps words, so
whole-document overlap (shingles, TF-IDF cosine) is low while almost every sentence still has a
close counterpart in the original, in the same order. Separate reports of one event share quotes
and facts, but only for a few sentences. So the test is sentence-level: align the sentences of
two articles monotonically (in order) and measure how much of the shorter story is covered.

Method, for the articles and sentences passed in (the corpus):

1. Terms: each body sentence (``is_headline`` False) is tokenized once, lower-cased, stripped of
   function words and crudely stemmed (the stop words and ``stem`` of the run's language,
   analysis.lang); numbers are kept.
2. Sentence vectors: TF-IDF with IDF over the body sentences of the corpus passed in
   (``idf = ln((1 + N) / (1 + df)) + 1``), L2-normalised; similarity is cosine.
3. Candidate pairs (never all pairs): every pair of body sentences of two articles with
   cosine >= ``min_similarity`` is found by an exact sparse search that scores only sentences
   sharing one of their rarest terms (analysis.similarity.pairs_above, prefix filtering). A
   pair of articles is a candidate when, for one of the two, at least ``min_aligned`` body
   sentences and a share >= ``min_matched_share`` of its body sentences have such a
   counterpart in the other; it is examined when it is among the ``max_partners`` best
   candidates (largest share, then first in article_id order) of one of its articles (so at
   most n_articles * max_partners pairs, and one broad topic does not make every pair a
   candidate). When both articles have a non-empty ``event`` and the events differ, the pair
   is not examined (blocking by event; articles without an event are compared with
   everything).
   Exact copies (the same body terms, sentence for sentence; same event when blocking) form a
   group: only the group's original (earliest ``published``, a dated article before an undated
   one, then smallest ``article_id``) takes part in the search, and each copy is examined
   against the original only, as its rewrite (n copies give n - 1 pairs, not n^2 / 2; their
   alignment is computed once).
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
   date, the one with the higher coverage; on a tie, the larger ``article_id``. A copy is
   always the candidate rewrite of its group's original (step 3).

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

import bisect
import itertools
import math
import re
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis import lang
from analysis.arrays import one_blas_thread, unique
from analysis.lang import stopword_set
from analysis.segment import token_texts
from analysis.similarity import pairs_above, tfidf_rows
from analysis.tokens import Tokens, check, sentence_lists, token_table

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


def normalize_terms(
    text: str, stopwords: frozenset[str], language: ModuleType = lang.DEFAULT
) -> list[str]:
    """Terms of one sentence (tokens from analysis.segment.tokenize), in order.

    Lower-cased; function words and 1-letter words dropped; contractions/possessives cut
    ("Ukraine's" -> ukrain); hyphenated words split into parts; other words stemmed
    (``language.stem``, the run's language resources, analysis.lang).
    Numbers are kept without sign, thousands separator or unit ("-20°C", "–20" -> "20").
    Acronyms (dotted "U.S." or all capitals "UN") are kept unstemmed and never taken for
    function words ("US" is not "us").
    """
    stem = language.stem
    known = _known_terms(stopwords, stem)
    terms: list[str] = []
    for token in token_texts(text):  # the strings of tokenize's spans, in one C-level pass
        found = known.get(token)
        if found is None:
            found = known[token] = _token_terms(token, stopwords, stem)
        terms.extend(found)
    return terms


def _known_terms(
    stopwords: frozenset[str], stem: Callable[[str], str]
) -> dict[str, tuple[str, ...]]:
    """The memo of token -> terms for one stop list and stemmer (a few kept, each bounded)."""
    known = _KNOWN.get((stopwords, stem))
    if known is None or len(known) > _KNOWN_MAX:
        if len(_KNOWN) >= 8:
            _KNOWN.clear()
        known = _KNOWN[(stopwords, stem)] = {}
    return known


def vocab_terms(
    vocab: Iterable[str], stopwords: frozenset[str], language: ModuleType = lang.DEFAULT
) -> list[tuple[str, ...]]:
    """The terms of each token string of ``vocab`` (an analysis.tokens vocabulary), as
    :func:`normalize_terms` gives them: with :func:`analysis.tokens.sentence_lists`, each
    sentence's terms, the same lists as :func:`normalize_terms` of its text."""
    stem = language.stem
    known = _known_terms(stopwords, stem)
    out = []
    for token in vocab:
        found = known.get(token)
        if found is None:
            found = known[token] = _token_terms(token, stopwords, stem)
        out.append(found)
    return out


# each distinct token's terms, per (stopwords, stem): a corpus repeats its words
_KNOWN: dict[tuple[frozenset[str], Callable[[str], str]], dict[str, tuple[str, ...]]] = {}
_KNOWN_MAX = 1 << 18


def _token_terms(
    token: str, stopwords: frozenset[str], stem: Callable[[str], str]
) -> tuple[str, ...]:
    """Terms of one token (see :func:`normalize_terms`)."""
    if token.isascii() and token.isalpha():  # most tokens: the steps below that apply to them
        # (no dash, quote, digit or dot; a contraction ends in a quote)
        if token.isupper() and len(token) >= 2:
            return (token.lower(),)  # acronym
        part = token.lower()
        if len(part) < 2 or part in stopwords:
            return ()
        return (stem(part),)
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
        if part.endswith(_CONTRACTIONS):  # one call for the common case: no contraction
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
    ids = [str(a) for a in articles["article_id"].tolist()]
    dupes = sorted(a for a, n in Counter(ids).items() if n > 1)
    if dupes:
        raise ValueError(f"articles: duplicate article_id(s): {', '.join(dupes)}")
    unknown = sorted(set(map(str, sentences["article_id"].tolist())) - set(ids))
    if unknown:
        raise ValueError(f"sentences: article_id(s) not in articles: {', '.join(unknown)}")
    return ids


def _prepare(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    stopwords: frozenset[str],
    language: ModuleType,
    tokens: Tokens | None = None,
) -> list[_Article]:
    _check_columns(articles, _ARTICLE_REQUIRED, "articles")
    _check_columns(sentences, _SENTENCE_REQUIRED, "sentences")
    ids = check_article_ids(articles, sentences)

    body_rows: list[int] = []
    keys: list[tuple[str, int]] = []
    for row, (aid, idx, text, is_head) in enumerate(
        zip(
            sentences["article_id"].tolist(),
            sentences["sentence_index"].tolist(),
            sentences["text"].tolist(),
            sentences["is_headline"].tolist(),
            strict=True,
        )
    ):
        if not isinstance(text, str):
            raise ValueError(f"sentences: article {aid!r} sentence {idx}: text is not a string")
        if pd.isna(is_head):
            raise ValueError(f"sentences: article {aid!r} sentence {idx}: is_headline is missing")
        if not bool(is_head):
            body_rows.append(row)
            keys.append((str(aid), int(idx)))
    if tokens is None:
        tokens = token_table(sentences["text"].tolist())
    else:
        check(tokens, sentences)
    terms = sentence_lists(
        tokens, vocab_terms(tokens.vocab, stopwords, language), np.array(body_rows, dtype=np.int64)
    )
    body: dict[str, list[tuple[int, list[str]]]] = defaultdict(list)
    for (aid, idx), found in zip(keys, terms, strict=True):
        body[aid].append((idx, found))

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


def copy_groups(docs: list[_Article], block_by_event: bool) -> dict[int, int]:
    """Position -> position of its group's original, for every article whose body terms are
    exactly those of another article (same event when blocking by event); originals and
    articles without body terms are absent.

    The original of a group is the earliest by ``published`` (a dated article before an undated
    one), then the smallest ``article_id``.
    """
    groups: dict[tuple, list[int]] = defaultdict(list)
    for pos, doc in enumerate(docs):
        if any(doc.terms):
            key = (doc.event if block_by_event else "", tuple(map(tuple, doc.terms)))
            groups[key].append(pos)
    copy_of = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        first = min(
            members,
            key=lambda p: (
                docs[p].published is None,
                docs[p].published or date.min,
                docs[p].article_id,
            ),
        )
        copy_of.update({p: first for p in members if p != first})
    return copy_of


def candidate_pairs(
    docs: list[_Article],
    idf: dict[str, float],
    *,
    min_similarity: float,
    min_aligned: int,
    min_matched_share: float,
    max_partners: int,
    block_by_event: bool,
    skip: frozenset[int] = frozenset(),
) -> list[tuple[int, int]]:
    """Pairs (i < j, positions in docs) to examine, from matched sentences.

    Every pair of body sentences of two articles with cosine >= ``min_similarity`` is found by
    an exact sparse search (analysis.similarity.pairs_above: only sentences sharing one of
    their rarest terms are scored). A pair of articles is a candidate when, for one of them,
    at least ``min_aligned`` body sentences and a share >= ``min_matched_share`` of its body
    sentences have a counterpart in the other; it is examined when it is among the
    ``max_partners`` best candidates (largest share, then smaller position) of one of its two
    articles (so at most n_articles * max_partners pairs). Pairs blocked by event and the
    articles in ``skip`` (copies, paired with their original apart) are left out.
    """
    terms, doc_of, n_body = [], [], np.zeros(len(docs), dtype=np.int64)
    for pos, doc in enumerate(docs):
        n_body[pos] = len(doc.terms)
        if pos in skip:
            continue
        terms.extend(doc.terms)
        doc_of.extend([pos] * len(doc.terms))
    if not terms:
        return []
    doc_arr = np.asarray(doc_of, dtype=np.int64)
    block = None
    if block_by_event:
        codes = {e: k for k, e in enumerate(sorted({d.event for d in docs if d.event}))}
        block = np.array([codes.get(docs[p].event, -1) for p in doc_of], dtype=np.int64)
    si, sj, _ = pairs_above(tfidf_rows(terms, idf), min_similarity, apart=doc_arr, block=block)
    if len(si) == 0:
        return []
    da, db = doc_arr[si], doc_arr[sj]  # da < db: rows are in document order
    n = len(docs)
    pair_key = da * n + db
    matched_a = np.unique(np.stack([pair_key, si]), axis=1)[0]
    matched_b = np.unique(np.stack([pair_key, sj]), axis=1)[0]
    keys, count_a = unique(matched_a, return_counts=True)
    keys_b, count_b = unique(matched_b, return_counts=True)
    assert np.array_equal(keys, keys_b)
    pa, pb = np.divmod(keys, n)
    share_a, share_b = count_a / n_body[pa], count_b / n_body[pb]
    ok = ((count_a >= min_aligned) & (share_a >= min_matched_share)) | (
        (count_b >= min_aligned) & (share_b >= min_matched_share)
    )
    partners: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for i, j, share in zip(
        pa[ok].tolist(), pb[ok].tolist(), np.maximum(share_a, share_b)[ok].tolist(), strict=True
    ):
        partners[i].append((-share, j))
        partners[j].append((-share, i))
    pairs = set()
    for i, ranked in partners.items():
        for _, j in sorted(ranked)[:max_partners]:
            pairs.add((min(i, j), max(i, j)))
    return sorted(pairs)


# --- alignment -----------------------------------------------------------------------------


class _Vectors(NamedTuple):
    """One article's body sentences as TF-IDF vectors (not normalised)."""

    rows: list[dict[str, float]]
    norms: np.ndarray  # of each sentence, 1.0 for an empty one
    pair_norms: np.ndarray  # of each sentence plus the next, 1.0 when empty
    terms: np.ndarray  # the article's term ids (see _vectors), sorted, distinct
    entry_row: np.ndarray  # per entry of rows (row by row, in dict order): its sentence,
    entry_term: np.ndarray  # its term id
    entry_weight: np.ndarray  # and its weight


def _vectors(doc: _Article, idf: dict[str, float], term_id: dict[str, int]) -> _Vectors:
    """``term_id``: a number per term, in the order of the terms' strings."""
    rows = []
    for terms in doc.terms:
        row: dict[str, float] = {}
        for term in terms:
            row[term] = row.get(term, 0.0) + idf[term]
        rows.append(row)

    def norm(vec: dict[str, float]) -> float:
        return math.sqrt(sum([w * w for w in vec.values()])) or 1.0

    pairs = []
    for a, b in itertools.pairwise(rows):
        # the values of a and b merged (a's terms, b's added, then b's other terms), without
        # building the merged dict: the same squares summed in the same order
        merged = [w + b[t] if t in b else w for t, w in a.items()]
        merged.extend([w for t, w in b.items() if t not in a])
        pairs.append(math.sqrt(sum([w * w for w in merged])) or 1.0)
    entry_term = np.array([term_id[t] for r in rows for t in r], dtype=np.int64)
    return _Vectors(
        rows,
        np.array([norm(r) for r in rows]),
        np.array(pairs),
        np.unique(entry_term),
        np.repeat(np.arange(len(rows), dtype=np.int64), [len(r) for r in rows]),
        entry_term,
        np.array([w for r in rows for w in r.values()], dtype=np.float64),
    )


def _shared_matrix(v: _Vectors, shared: np.ndarray) -> np.ndarray:
    """``v``'s sentences x the term ids ``shared`` (sorted): each sentence's weights of them."""
    mat = np.zeros((len(v.rows), len(shared)))
    pos = np.searchsorted(shared, v.entry_term)
    held = shared[np.minimum(pos, len(shared) - 1)] == v.entry_term
    mat[v.entry_row[held], pos[held]] = v.entry_weight[held]
    return mat


def _similarities(x: _Vectors, y: _Vectors) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cosines of x's sentences with y's (n x m), with y's sentence pairs (n x m-1: x[i] ~
    y[j] + y[j+1]) and of x's sentence pairs with y's sentences (n-1 x m). Dot products run
    over the terms the two articles share only; norms are those of the whole vectors."""
    n, m = len(x.rows), len(y.rows)
    # the shared terms' ids, sorted: the columns in the order of the terms' strings
    shared = np.intersect1d(x.terms, y.terms, assume_unique=True)
    dots = np.zeros((n, m))
    if len(shared):
        dots = _shared_matrix(x, shared) @ _shared_matrix(y, shared).T
    s11 = dots / np.outer(x.norms, y.norms)
    s12 = (dots[:, :-1] + dots[:, 1:]) / np.outer(x.norms, y.pair_norms)
    s21 = (dots[:-1, :] + dots[1:, :]) / np.outer(x.pair_norms, y.norms)
    return s11, s12.reshape(n, max(m - 1, 0)), s21.reshape(max(n - 1, 0), m)


def _align(
    s11: np.ndarray, s12: np.ndarray, s21: np.ndarray, min_similarity: float
) -> _PairFeatures:
    """Monotone bead alignment from the similarity matrices of :func:`_similarities`."""
    n, m = s11.shape
    # Plain Python floats on lists (the same float64 arithmetic as numpy scalars, much faster
    # per cell); only cells where some bead reaches min_similarity look at beads at all.
    t = _BeadSims(s11.tolist(), s12.tolist(), s21.tolist(), n, m, min_similarity)
    hit = s11 >= min_similarity
    if m > 1:
        hit[:, :-1] |= s12 >= min_similarity
    if n > 1:
        hit[:-1, :] |= s21 >= min_similarity
    hi, hj = np.nonzero(hit)  # row by row, columns ascending
    cut = np.searchsorted(hi, np.arange(n + 1)).tolist()
    cols = hj.tolist()
    move = _best_moves(t, [set(cols[cut[r] : cut[r + 1]]) for r in range(n)])
    beads = _trace(t, move)
    cov_a = sum(len(x) for x, _, _ in beads) / n if n else 0.0
    cov_b = sum(len(y) for _, y, _ in beads) / m if m else 0.0
    return _PairFeatures(beads, cov_a, cov_b)


class _BeadSims(NamedTuple):
    """Similarities (as lists) of the candidate beads: 1-1 (t11), 1-2 (t12), 2-1 (t21)."""

    t11: list[list[float]]
    t12: list[list[float]]
    t21: list[list[float]]
    n: int
    m: int
    min_similarity: float


def _best_moves(t: _BeadSims, hits: list[set[int]]) -> list[list[int]]:
    """The best first move from every (i, j): 0 down, 1 right, 2 bead 1-1, 3 bead 1-2, 4 bead
    2-1. best[i][j] = best total gain aligning a[i:] with b[j:]; a bead's gain is its
    similarity times the mean number of sentences it covers, so a 1-2 bead counts 1.5."""
    n, m = t.n, t.m
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    move = [[0] * (m + 1) for _ in range(n + 1)]
    move[n][:m] = [1] * m  # the last row: right to the end, gaining nothing (best stays 0.0)
    # A row of best never increases to the right (moving right is always a choice), so where
    # no bead may start, from the last column back to the row's last hit, best is the row
    # below and the move is down (right wins only when strictly better): copied, not looped.
    for i in range(n - 1, -1, -1):
        below, cand = best[i + 1], hits[i]
        if not cand:  # the whole row (its moves stay 0); never written again, so shared
            best[i] = below
            continue
        row, mv = best[i], move[i]
        top = max(cand)
        row[top + 1 :] = below[top + 1 :]
        value = row[top + 1]
        for j in range(top, -1, -1):  # value: row[j + 1]
            if value > below[j]:
                choice = 1
            else:
                choice, value = 0, below[j]
            if j in cand:
                choice, value = _best_bead(t, best, i, j, choice, value)
            row[j] = value
            mv[j] = choice
    return move


def _best_bead(
    t: _BeadSims, best: list[list[float]], i: int, j: int, choice: int, value: float
) -> tuple[int, float]:
    """(choice, value) at (i, j) once the beads that may start there are weighed."""
    t11, t12, t21, n, m, min_similarity = t
    below = best[i + 1]
    sim = t11[i][j]
    if sim >= min_similarity:
        gain = sim * 2 / 2 + below[j + 1]
        if gain > value + 1e-12:
            choice, value = 2, gain
    if j + 1 < m:
        sim = t12[i][j]
        if sim >= min_similarity and sim > max(t11[i][j], t11[i][j + 1]):
            gain = sim * 3 / 2 + below[j + 2]
            if gain > value + 1e-12:
                choice, value = 3, gain
    if i + 1 < n:
        sim = t21[i][j]
        if sim >= min_similarity and sim > max(t11[i][j], t11[i + 1][j]):
            gain = sim * 3 / 2 + best[i + 2][j + 1]
            if gain > value + 1e-12:
                choice, value = 4, gain
    return choice, value


def _trace(t: _BeadSims, move: list[list[int]]) -> list[tuple[list[int], list[int], float]]:
    """The beads (a's sentences, b's sentences, similarity) along the best moves from (0, 0)."""
    beads = []
    i = j = 0
    while i < t.n or j < t.m:
        choice = move[i][j]
        if choice == 0:
            i += 1
        elif choice == 1:
            j += 1
        elif choice == 2:
            beads.append(([i], [j], float(t.t11[i][j])))
            i, j = i + 1, j + 1
        elif choice == 3:
            beads.append(([i], [j, j + 1], float(t.t12[i][j])))
            i, j = i + 1, j + 2
        else:
            beads.append(([i, i + 1], [j], float(t.t21[i][j])))
            i, j = i + 2, j + 1
    return beads


def _order(sim: np.ndarray, min_similarity: float) -> float:
    """Share of A's best matches (unconstrained) on the longest non-decreasing chain in B."""
    if sim.size == 0:
        return 0.0
    # each row's first largest column, where the row's largest value reaches min_similarity
    targets = sim.argmax(axis=1)[sim.max(axis=1) >= min_similarity].tolist()
    if not targets:
        return 0.0
    tails: list[int] = []  # patience sorting for the longest non-decreasing subsequence
    for t in targets:
        k = bisect.bisect_right(tails, t)
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


def _check_shares(**shares: float) -> None:
    """Each setting must lie in [0, 1]; min_similarity above 0."""
    for name, value in shares.items():
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"{name} must be between 0 and 1, got {value}")
    if shares["min_similarity"] <= 0.0:
        raise ValueError(f"min_similarity must be above 0, got {shares['min_similarity']}")


def _warn_unused(**settings: int | None) -> None:
    """A DeprecationWarning for each retired setting that was given."""
    for name, value in settings.items():
        if value is not None:
            warnings.warn(
                f"detect_rewrites: {name} is no longer used (candidate pairs come from matched "
                "sentences, see min_matched_share)",
                DeprecationWarning,
                stacklevel=3,
            )


# --- public API ----------------------------------------------------------------------------


@one_blas_thread()  # a small product per article pair: see analysis.arrays
def detect_rewrites(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    min_similarity: float = 0.3,
    min_coverage: float = 0.5,
    min_mean_similarity: float = 0.4,
    min_aligned: int = 2,
    min_shared_terms: int | None = None,
    max_term_articles: int | None = None,
    max_partners: int = 10,
    block_by_event: bool = True,
    stopwords: str | Path | Iterable[str] | None = None,
    min_matched_share: float = 0.25,
    language: ModuleType = lang.DEFAULT,
    tokens: Tokens | None = None,
) -> Rewrites:
    """Find rewrite pairs among ``articles`` (see the module docstring for the method).

    min_similarity: cosine a sentence bead needs to be aligned at all.
    min_coverage / min_mean_similarity / min_aligned: the rewrite decision on the candidate
    rewrite's coverage, mean bead similarity and number of aligned sentences.
    min_matched_share / max_partners: candidate generation (see :func:`candidate_pairs`).
    block_by_event: skip pairs whose non-empty events differ.
    stopwords: CSV path or iterable of words (default: those of ``language``).
    language: the run's language resources (analysis.lang: stop words, stemming).
    tokens: the analysis.tokens table of ``sentences`` when the caller has it (made here
    otherwise); the result is the same.
    min_shared_terms / max_term_articles: the earlier rare-term candidate rule's settings; no
    longer used (a DeprecationWarning says so when given).
    Returns Rewrites(pairs, alignments) with the columns of PAIR_COLUMNS / ALIGNMENT_COLUMNS.
    """
    _check_shares(
        min_similarity=min_similarity,
        min_coverage=min_coverage,
        min_mean_similarity=min_mean_similarity,
        min_matched_share=min_matched_share,
    )
    _warn_unused(min_shared_terms=min_shared_terms, max_term_articles=max_term_articles)
    docs = _prepare(articles, sentences, stopword_set(stopwords, language), language, tokens)
    idf = _idf(docs)
    copy_of = copy_groups(docs, block_by_event)
    examined = candidate_pairs(
        docs,
        idf,
        min_similarity=min_similarity,
        min_aligned=min_aligned,
        min_matched_share=min_matched_share,
        max_partners=max_partners,
        block_by_event=block_by_event,
        skip=frozenset(copy_of),
    )
    examined = sorted(set(examined) | {(min(c, o), max(c, o)) for c, o in copy_of.items()})

    pair_rows, align_rows = [], []
    same: dict[int, tuple[_PairFeatures, float]] = {}  # original -> features against a copy
    vectors: dict[int, _Vectors] = {}
    term_id = {t: k for k, t in enumerate(sorted(idf))}  # ids in the order of the strings
    for i, j in examined:
        x, y = docs[i], docs[j]
        original = j if copy_of.get(i) == j else i if copy_of.get(j) == i else None
        if original is not None and original in same:
            feats, order = same[original]  # a copy: the same terms give the same alignment
        else:
            for k in (i, j):
                if k not in vectors:
                    vectors[k] = _vectors(docs[k], idf, term_id)
            s11, s12, s21 = _similarities(vectors[i], vectors[j])
            feats = _align(s11, s12, s21, min_similarity)
            forward = _direction(x, y, feats.cov_a, feats.cov_b)
            order = _order(s11 if forward else s11.T, min_similarity)
            if original is not None:
                same[original] = (feats, order)
        if original is not None:  # a copy is the rewrite of its group's original
            forward = original == j
        else:
            forward = _direction(x, y, feats.cov_a, feats.cov_b)
        if forward:
            a, b, cov, src_cov = x, y, feats.cov_a, feats.cov_b
            beads = feats.beads
        else:
            a, b, cov, src_cov = y, x, feats.cov_b, feats.cov_a
            beads = [(yb, xb, s) for xb, yb, s in feats.beads]
        sims = [s for xs, _, s in beads for _ in xs]
        n_aligned, n_sent = len(sims), len(a.terms)
        mean_sim = sum(sims) / n_aligned if n_aligned else 0.0
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

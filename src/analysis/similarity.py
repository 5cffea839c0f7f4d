"""Sparse TF-IDF sentence vectors and an exact search for every pair above a cosine threshold.

Used by the corpus-level stages that compare sentences across articles (analysis.rewrites,
analysis.story), so that neither builds a dense sentences x sentences matrix.

- :func:`tfidf_rows`: L2-normalised TF-IDF rows (CSR arrays) for lists of terms, with
  ``idf = ln((1 + N) / (1 + df)) + 1`` over the rows given (or over other rows, ``idf=``).
- :func:`pairs_above`: every pair of rows with cosine >= threshold, found by *prefix filtering*
  (Bayardo, Ma & Srikant 2007, "Scaling up all pairs similarity search"): terms are ordered
  rarest first; a row's prefix is its rarest terms up to the point where the rest of the row
  has norm < threshold. Two rows with cosine >= threshold always share a term that lies in
  both prefixes (the first term they share, in that order), so only pairs sharing a prefix term
  are scored, and the result is exact: the same pairs an all-pairs matrix would give. Common
  terms rarely enter a prefix (their IDF weight is low), so the work grows with the number of
  truly similar pairs, not with the square of the rows.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis.arrays import ragged, stable_argsort, unique

#: Rows sharing a prefix term that are all compared with each other; see :func:`pairs_above`.
MAX_GROUP = 64
#: Beyond MAX_GROUP, each row is compared with the next WINDOW rows of the term's sorted list.
WINDOW = 16


class SparseRows(NamedTuple):
    """Rows in CSR form: row r has terms ``indices[indptr[r]:indptr[r+1]]`` (ascending ids)
    with weights ``data[...]``; ``vocab`` maps term id -> term."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    vocab: list[str]

    @property
    def n_rows(self) -> int:
        return len(self.indptr) - 1


def idf_weights(terms: Sequence[Sequence[str]]) -> dict[str, float]:
    """``ln((1 + N) / (1 + df)) + 1`` for every term of the N term lists."""
    df: Counter[str] = Counter()
    for t in terms:
        df.update(set(t))
    n = len(terms)
    return {t: math.log((1 + n) / (1 + d)) + 1.0 for t, d in df.items()}


def tfidf_rows(terms: Sequence[Sequence[str]], idf: dict[str, float] | None = None) -> SparseRows:
    """L2-normalised TF-IDF rows for term lists (IDF over these rows unless given); a row
    without terms stays empty (norm 0, similar to nothing)."""
    n = len(terms)
    flat = list(itertools.chain.from_iterable(terms))
    sizes = np.fromiter(map(len, terms), dtype=np.int64, count=n)
    # term ids in the order of the terms' strings, for every entry (distinct strings sorted once)
    codes, found = pd.factorize(np.array(flat, dtype=object)) if flat else ([], [])
    by_string = sorted(range(len(found)), key=found.__getitem__)
    vocab = [found[k] for k in by_string]
    rank = np.empty(len(found), dtype=np.int64)
    rank[by_string] = np.arange(len(found), dtype=np.int64)
    row_of = np.repeat(np.arange(n, dtype=np.int64), sizes)
    tid = rank[codes] if len(flat) else np.zeros(0, dtype=np.int64)
    # each row's distinct terms in id order, with how often the row holds each
    cells, times = unique(row_of * max(len(vocab), 1) + tid, return_counts=True)
    rows, keys = np.divmod(cells, max(len(vocab), 1))
    if idf is None:  # idf_weights: the rows holding each term
        df = np.bincount(keys, minlength=len(vocab)).tolist()
        per_term = [math.log((1 + n) / (1 + d)) + 1.0 for d in df]
    else:
        per_term = [idf[t] for t in vocab]
    weight = np.array(per_term, dtype=float)[keys]
    vals = np.zeros(len(keys)) + weight  # repeated addition from 0.0, as a dense += would do
    for k in range(2, int(times.max()) + 1 if len(times) else 0):
        more = times >= k
        vals[more] += weight[more]
    indptr = np.zeros(n + 1, dtype=np.int64)
    indptr[1:] = np.cumsum(np.bincount(rows, minlength=n))
    indices = keys
    norms = _row_norms(vals, indptr)
    lengths = np.diff(indptr)
    nonzero = norms != 0
    if (~nonzero & (lengths > 0)).any():  # weights of 0 (a given idf): no data, as before
        vals = vals[np.repeat(nonzero, lengths)]
        norms, lengths = norms[nonzero], lengths[nonzero]
    data = vals / np.repeat(norms, lengths)  # an empty row has norm 0 and adds nothing
    return SparseRows(indptr, np.asarray(indices, dtype=np.int64), data, vocab)


def _row_norms(vals: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """``sqrt(np.sum(v * v))`` of each row ``v`` of ``vals`` (0.0 for an empty row), the
    rows of one length summed together along their axis: numpy adds a row of a C-ordered
    matrix as it adds a one-dimensional array (the same pairwise order), so these are the
    floats a ``np.sum`` per row gives (tests/test_similarity.py checks every length to 300)."""
    lengths = np.diff(indptr)
    norms = np.zeros(len(lengths))
    sq = vals * vals
    for size in np.unique(lengths[lengths > 0]).tolist():
        rows = np.flatnonzero(lengths == size)
        at = indptr[rows][:, None] + np.arange(size)
        norms[rows] = np.sqrt(np.sum(sq[at], axis=1))
    return norms


def dense(rows: SparseRows, which: np.ndarray) -> np.ndarray:
    """Dense matrix of the rows ``which`` over the terms they use (columns in term-id order)."""
    starts, ends = rows.indptr[which], rows.indptr[which + 1]
    idx = ragged(starts, ends - starts)
    cols, inverse = unique(rows.indices[idx], return_inverse=True)
    mat = np.zeros((len(which), len(cols)))
    row_of = np.repeat(np.arange(len(which)), ends - starts)
    mat[row_of, inverse] = rows.data[idx]
    return mat


def pairs_above(
    rows: SparseRows,
    threshold: float,
    *,
    apart: np.ndarray | None = None,
    block: np.ndarray | None = None,
    max_group: int = MAX_GROUP,
    window: int = WINDOW,
    batch: int = 250_000,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair of rows (i < j) with cosine >= ``threshold`` (> 0): arrays I, J, S sorted
    by (I, J).

    ``apart``: a code per row; pairs of rows with the same code are left out (e.g. sentences of
    one article). ``block``: a code per row, -1 for none; pairs whose codes are both >= 0 and
    differ are left out (blocking by event). Exact (see the module docstring) while no term
    is in the prefixes of more than ``max_group`` rows; for such a term, the rows holding it
    are sorted by their three rarest terms and each is compared with the next ``window`` rows
    only (sorted-neighbourhood blocking), which bounds the work per row.
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    n = rows.n_rows
    empty = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0))
    if n < 2 or len(rows.indices) == 0:
        return empty
    n_terms = len(rows.vocab)
    lengths = np.diff(rows.indptr)
    row_of = np.repeat(np.arange(n, dtype=np.int64), lengths)
    df = np.bincount(rows.indices, minlength=n_terms)
    rank = np.empty(n_terms, dtype=np.int64)
    rank[np.lexsort((np.arange(n_terms), df))] = np.arange(n_terms)  # rarest first
    # entries of each row in rank order; suffix sums of squares from the end of the row
    order = np.lexsort((rank[rows.indices], row_of))
    sq = rows.data[order] ** 2
    csum = np.cumsum(sq[::-1])[::-1]  # sum from this entry to the end of all rows
    row_end = rows.indptr[1:][row_of[order]]
    after_row = np.append(csum, 0.0)[row_end]
    suffix = csum - after_row  # sum of squares from this entry to the end of its row
    # an entry is in the prefix while the rest of the row, itself included, could still reach
    # the threshold (a small slack keeps rounding on the safe side)
    in_prefix = suffix >= threshold * threshold * (1 - 1e-9) - 1e-12
    p_rows = row_of[order][in_prefix]
    p_terms = rows.indices[order][in_prefix]
    p_suffix = suffix[in_prefix]
    # terms in the prefixes of more than max_group rows; per prefix entry, whether its row has
    # an entry of such a term before it (see the bound below)
    big_term = np.bincount(p_terms, minlength=n_terms) > max_group
    is_big = big_term[p_terms].astype(np.int64)
    big_before = np.cumsum(is_big) - is_big
    new_row = np.r_[True, p_rows[1:] != p_rows[:-1]]
    big_before = big_before > big_before[np.flatnonzero(new_row)][np.cumsum(new_row) - 1]
    # within a term, rows sorted by their three rarest terms, so near-duplicates sit together
    first = rows.indptr[:-1]
    ranked = rank[rows.indices[order]]
    keys3 = [
        np.where(lengths > k, ranked[np.minimum(first + k, len(ranked) - 1)], -1)[p_rows]
        for k in (2, 1, 0)
    ]
    by_term = np.lexsort((p_rows, *keys3, p_terms))
    p_rows, p_terms = p_rows[by_term], p_terms[by_term]
    p_suffix, big_before = p_suffix[by_term], big_before[by_term]
    bounds = np.flatnonzero(np.diff(p_terms)) + 1
    starts = np.concatenate(([0], bounds))
    sizes = np.diff(np.concatenate((starts, [len(p_terms)])))
    # A pair is scored only if it may reach the threshold: its cosine is at most
    # sqrt(suffix_x * suffix_y) at the first term the two rows share (Cauchy-Schwarz over the
    # rest of both rows). A pair that reaches the threshold shares that term in both prefixes;
    # at the first of its compared terms, every term both share before it is a term of more
    # than max_group rows, where the pair was not compared; so the bound is applied only where
    # neither row has such a term before: the pairs kept are those the search without the bound
    # would find at or above the threshold, and others (scored, then dropped).
    limit = threshold * threshold * (1 - 1e-9) - 1e-12

    def kept(ea: np.ndarray, eb: np.ndarray) -> np.ndarray:
        """The distinct keys (i * n + j, i < j) of the pairs compared at prefix entries ea, eb
        that pass the bound, the apart codes and the blocks."""
        ok = (p_suffix[ea] * p_suffix[eb] >= limit) | big_before[ea] | big_before[eb]
        ii, jj = p_rows[ea[ok]], p_rows[eb[ok]]
        ii, jj = np.minimum(ii, jj), np.maximum(ii, jj)
        keep = ii != jj
        if apart is not None:
            keep &= apart[ii] != apart[jj]
        if block is not None:
            bi, bj = block[ii], block[jj]
            keep &= (bi < 0) | (bj < 0) | (bi == bj)
        return unique(ii[keep] * n + jj[keep])

    # the compared pairs' keys, one group of pairs at a time: each group's entry pairs are
    # reduced to its kept keys before the next is made, not every group's held at once (at
    # 10,000 articles they were the largest part of the rewrites stage's peak memory); the
    # distinct keys of all groups are the same either way
    keys: list[np.ndarray] = []
    small = (sizes >= 2) & (sizes <= max_group)
    for size in unique(sizes[small]).tolist():  # every term shared by `size` rows at once
        a, b = np.triu_indices(size, 1)
        at = starts[small & (sizes == size)][:, None] + np.arange(size)
        keys.append(kept(at[:, a].ravel(), at[:, b].ravel()))
        del at
    big = big_term[p_terms]  # entries of terms shared by > max_group rows
    for d in range(1, window + 1):  # sorted neighbourhood: each row with the next `window`
        near = np.flatnonzero(big[:-d] & big[d:] & (p_terms[:-d] == p_terms[d:]))
        keys.append(kept(near, near + d))
    cand = unique(np.concatenate(keys)) if keys else np.zeros(0, dtype=np.int64)
    if len(cand) == 0:
        return empty
    ci, cj = np.divmod(cand, n)
    sims = _dots(rows, row_of, ci, cj, batch)
    hit = sims >= threshold
    return ci[hit], cj[hit], sims[hit]


#: Cells of the dense scratch block of rows that :func:`_dots` looks weights up in (8 MiB:
#: its random lookups stay closer to the CPU caches than with 32 MiB, 5-7% faster on the NFC
#: corpora; the block size changes no sum, docs/PERFORMANCE.md).
SCRATCH_CELLS = 1 << 20


def _dots(
    rows: SparseRows, row_of: np.ndarray, ci: np.ndarray, cj: np.ndarray, batch: int
) -> np.ndarray:
    """Cosine of each pair (ci[k], cj[k]): the products of the weights of the terms both rows
    hold, added one after the other in term order from 0.0 (as a sparse dot product over ci's
    terms does; a term one row lacks adds 0.0, which changes no sum).

    The shorter row of each pair is walked and the other one looked up: the pairs are taken in
    order of the looked-up row, a block of consecutive rows at a time, whose weights are written
    into a dense scratch matrix (rows x terms) and cleared again; at most ``batch`` pairs at
    once. Within a block the pairs are taken longest walked row first, and step p adds the
    p-th product of every pair whose walked row has more than p terms (a prefix of them) to
    its running sum: the additions of a sparse dot product, without ragged index arrays."""
    n_terms = len(rows.vocab)
    out = np.zeros(len(ci))
    if len(ci) == 0:
        return out
    length = np.diff(rows.indptr)
    walk = np.where(length[ci] <= length[cj], ci, cj)
    look = np.where(length[ci] <= length[cj], cj, ci)
    span = max(1, min(rows.n_rows, SCRATCH_CELLS // max(n_terms, 1)))  # rows per block
    scratch = np.zeros(span * n_terms)
    longest = int(length.max())
    order = stable_argsort(look // span * (longest + 1) + (longest - length[walk]))
    block = look[order] // span
    cuts = np.flatnonzero(np.diff(block)) + 1
    starts = np.concatenate(([0], cuts)).tolist()
    ends = np.concatenate((cuts, [len(order)])).tolist()
    for s0, e0 in zip(starts, ends, strict=True):
        r0 = int(block[s0]) * span
        lo, hi = int(rows.indptr[r0]), int(rows.indptr[min(r0 + span, rows.n_rows)])
        cells = (row_of[lo:hi] - r0) * n_terms + rows.indices[lo:hi]
        scratch[cells] = rows.data[lo:hi]
        for s in range(s0, e0, batch):
            take = order[s : min(s + batch, e0)]
            a = walk[take]
            lengths = length[a]  # descending
            first = rows.indptr[a]
            base = (look[take] - r0) * n_terms
            sums = np.zeros(len(take))
            longer = np.searchsorted(-lengths, -np.arange(int(lengths[0])), side="left")
            for p, cnt in enumerate(longer.tolist()):
                at = first[:cnt] + p
                sums[:cnt] += rows.data[at] * scratch[base[:cnt] + rows.indices[at]]
            out[take] = sums
        scratch[cells] = 0.0
    return out


def components(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Connected component of each of n nodes given edges (i, j): a label per node, the
    smallest node of its component."""
    label = np.arange(n)
    if len(i) == 0:
        return label
    while True:  # hook each root onto the smallest root it touches, then compress fully
        li, lj = label[i], label[j]
        hooked = label.copy()
        np.minimum.at(hooked, np.maximum(li, lj), np.minimum(li, lj))
        while True:
            nxt = hooked[hooked]
            if np.array_equal(nxt, hooked):
                break
            hooked = nxt
        if np.array_equal(hooked, label):
            return label
        label = hooked

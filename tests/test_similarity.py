"""Tests for analysis.similarity: the sparse search against brute force on random rows."""

from __future__ import annotations

import random

import numpy as np
import pytest

from analysis.similarity import components, dense, pairs_above, tfidf_rows


def random_terms(n: int, seed: int) -> list[list[str]]:
    """n term lists over a Zipf-like vocabulary (a few common words, many rare ones)."""
    rng = random.Random(seed)
    vocab = [f"w{k}" for k in range(300)]
    weights = [1 / (k + 1) for k in range(300)]
    rows = []
    for _ in range(n):
        rows.append(rng.choices(vocab, weights, k=rng.randint(0, 12)))
    for k in range(0, n - 1, 7):  # some near-duplicates
        rows[k + 1] = [*rows[k][:-1], "w299"]
    return rows


def brute(rows, threshold, apart=None, block=None):
    mat = dense(rows, np.arange(rows.n_rows))
    # dense() drops unused columns, which changes nothing in the products
    sim = mat @ mat.T
    found = set()
    for i in range(rows.n_rows):
        for j in range(i + 1, rows.n_rows):
            if apart is not None and apart[i] == apart[j]:
                continue
            if block is not None and block[i] >= 0 and block[j] >= 0 and block[i] != block[j]:
                continue
            if sim[i, j] >= threshold - 1e-12:
                found.add((i, j))
    return found, sim


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("threshold", [0.25, 0.5, 0.9])
def test_pairs_above_is_exact_while_groups_are_small(seed, threshold):
    terms = random_terms(120, seed)
    rows = tfidf_rows(terms)
    rng = np.random.default_rng(seed)
    apart = rng.integers(0, 40, rows.n_rows)
    block = rng.integers(-1, 3, rows.n_rows)
    for kw in ({}, {"apart": apart}, {"apart": apart, "block": block}):
        i, j, s = pairs_above(rows, threshold, max_group=10**6, **kw)
        want, sim = brute(rows, threshold, **kw)
        assert set(zip(i.tolist(), j.tolist(), strict=True)) == want
        assert np.allclose(s, sim[i, j], atol=1e-12)
        assert list(zip(i, j, strict=True)) == sorted(zip(i, j, strict=True))


def test_capped_groups_return_a_subset_with_true_similarities():
    terms = random_terms(300, 5)
    rows = tfidf_rows(terms)
    want, sim = brute(rows, 0.3)
    i, j, s = pairs_above(rows, 0.3, max_group=8, window=3)
    got = set(zip(i.tolist(), j.tolist(), strict=True))
    assert got <= want and len(got) < len(want)
    assert np.allclose(s, sim[i, j], atol=1e-12)
    # near-duplicates sit next to each other in the sorted lists and are still found (37 of
    # 38 here), while only a third of all pairs above the threshold are
    near = [(k, k + 1) for k in range(0, 299, 7) if (k, k + 1) in want]
    assert sum(p in got for p in near) >= 0.9 * len(near)
    assert len(got) < 0.5 * len(want)


def test_tfidf_rows_and_dense():
    rows = tfidf_rows([["a", "b", "a"], [], ["b", "c"]])
    assert rows.vocab == ["a", "b", "c"]
    mat = dense(rows, np.arange(3))
    idf = {t: np.log(4 / (1 + d)) + 1 for t, d in {"a": 1, "b": 2, "c": 1}.items()}
    first = np.array([2 * idf["a"], idf["b"], 0.0])
    assert np.allclose(mat[0], first / np.linalg.norm(first))
    assert not mat[1].any()
    assert dense(rows, np.array([2])).shape == (1, 2)  # only the columns row 2 uses


def test_components():
    labels = components(6, np.array([0, 3, 4]), np.array([2, 4, 5]))
    assert labels.tolist() == [0, 1, 0, 3, 3, 3]
    assert components(3, np.array([], dtype=int), np.array([], dtype=int)).tolist() == [0, 1, 2]
    # a long chain given in reverse order
    n = 50
    labels = components(n, np.arange(n - 1)[::-1], np.arange(1, n)[::-1])
    assert set(labels.tolist()) == {0}


def reference_pairs(rows, threshold, apart=None, max_group=64, window=16):
    """The search before the bound and the scratch lookups (5d9b677): every pair sharing a
    prefix term (all of a term's rows up to max_group, the next `window` rows beyond), scored
    by adding the products of the shared terms in term order from 0.0."""
    n, n_terms = rows.n_rows, len(rows.vocab)
    lengths = np.diff(rows.indptr)
    row_of = np.repeat(np.arange(n), lengths)
    df = np.bincount(rows.indices, minlength=n_terms)
    rank = np.empty(n_terms, dtype=np.int64)
    rank[np.lexsort((np.arange(n_terms), df))] = np.arange(n_terms)
    order = np.lexsort((rank[rows.indices], row_of))
    prefix_rows, prefix_terms = [], []
    for r in range(n):
        ent = order[rows.indptr[r] : rows.indptr[r + 1]]
        sq = rows.data[ent] ** 2
        suffix = np.cumsum(sq[::-1])[::-1]
        keep = suffix >= threshold * threshold * (1 - 1e-9) - 1e-12
        prefix_rows += [r] * int(keep.sum())
        prefix_terms += rows.indices[ent][keep].tolist()
    p_rows, p_terms = np.array(prefix_rows, dtype=np.int64), np.array(prefix_terms)
    ranked = rank[rows.indices[order]]
    first = rows.indptr[:-1]
    keys3 = [
        np.where(lengths > k, ranked[np.minimum(first + k, len(ranked) - 1)], -1)[p_rows]
        for k in (2, 1, 0)
    ]
    by_term = np.lexsort((p_rows, *keys3, p_terms))
    p_rows, p_terms = p_rows[by_term], p_terms[by_term]
    cand = set()
    for t in np.unique(p_terms):
        members = p_rows[p_terms == t].tolist()
        if len(members) <= max_group:
            cand |= {(a, b) for x, a in enumerate(members) for b in members[x + 1 :]}
        else:
            cand |= {(a, b) for x, a in enumerate(members) for b in members[x + 1 : x + 1 + window]}
    weights = [
        dict(zip(rows.indices[rows.indptr[r] : rows.indptr[r + 1]].tolist(),
                 rows.data[rows.indptr[r] : rows.indptr[r + 1]].tolist(), strict=True))
        for r in range(n)
    ]  # fmt: skip
    found = []
    for a, b in cand:
        i, j = min(a, b), max(a, b)
        if i == j or (apart is not None and apart[i] == apart[j]):
            continue
        s = 0.0
        for t in sorted(weights[i]):
            if t in weights[j]:
                s += weights[i][t] * weights[j][t]
        if s >= threshold:
            found.append((i, j, s))
    return sorted(found)


@pytest.mark.parametrize("threshold", [0.25, 0.5])
@pytest.mark.parametrize("cells", [1 << 22, 40])  # one scratch block, or a block per few rows
def test_pairs_above_equals_the_unbounded_search_bit_for_bit(threshold, cells, monkeypatch):
    """The bound on the candidates drops no pair the unbounded search finds, with capped
    groups too, and the scores are the same floats (the same additions in the same order),
    however many scratch blocks the lookups take."""
    import analysis.similarity as sim

    monkeypatch.setattr(sim, "SCRATCH_CELLS", cells)
    terms = random_terms(300, 7)
    rows = tfidf_rows(terms)
    apart = np.random.default_rng(3).integers(0, 100, rows.n_rows)
    for kw in ({"max_group": 8, "window": 3}, {"max_group": 64}):
        i, j, s = pairs_above(rows, threshold, apart=apart, batch=57, **kw)
        want = reference_pairs(rows, threshold, apart, **kw)
        assert list(zip(i.tolist(), j.tolist(), s.tolist(), strict=True)) == want


def test_tfidf_rows_equal_the_row_by_row_computation_bit_for_bit():
    """The norms taken for all rows of one length at once are the floats of np.sum per row
    (numpy's pairwise order depends on the length: every length from 0 to 300), weights of
    repeated terms added one by one; rows whose weights are all 0 keep no data, as before."""
    rng = random.Random(4)
    terms = [[f"w{rng.randint(0, 3000)}" for _ in range(n)] for n in [*range(301)] * 2]
    idf = {t: 1.0 + rng.random() * 5 for ts in terms for t in ts}
    for given in (None, idf):
        rows = tfidf_rows(terms, given)
        assert rows.vocab == sorted({t for ts in terms for t in ts})  # ids in string order
        weights = idf if given is not None else None
        if weights is None:
            from analysis.similarity import idf_weights

            weights = idf_weights(terms)
        tid = {t: k for k, t in enumerate(rows.vocab)}
        want_idx, want_data = [], []
        for ts in terms:
            w: dict[int, float] = {}
            for t in ts:
                w[tid[t]] = w.get(tid[t], 0.0) + weights[t]
            keys = sorted(w)
            vals = np.array([w[k] for k in keys], dtype=float)
            norm = float(np.sqrt(np.sum(vals * vals))) if len(vals) else 0.0
            want_idx += keys
            want_data += (vals / norm).tolist() if norm else []
        assert rows.indices.tolist() == want_idx
        assert rows.data.tolist() == want_data  # == on floats: the same bits
    zero = tfidf_rows([["a", "b"], ["c"], []], {"a": 0.0, "b": 0.0, "c": 2.0})
    assert zero.indptr.tolist() == [0, 2, 3, 3] and zero.data.tolist() == [1.0]

"""Tests for analysis.arrays: the sort-based unique against hand-worked and np.unique results."""

import numpy as np
import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from analysis.arrays import one_blas_thread, round_floats, unique


def test_unique_by_hand():
    x = np.array([5, 2, 5, -1, 2, 5])
    values, inverse, counts = unique(x, return_inverse=True, return_counts=True)
    assert values.tolist() == [-1, 2, 5]
    assert inverse.tolist() == [2, 1, 2, 0, 1, 2]
    assert counts.tolist() == [1, 2, 3]
    assert unique(x).tolist() == [-1, 2, 5]
    values, counts = unique(x, return_counts=True)
    assert counts.tolist() == [1, 2, 3]
    assert unique(np.zeros(0, dtype=np.int64)).tolist() == []


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.intp])
@pytest.mark.parametrize("n", [0, 1, 7, 5000])
def test_unique_is_np_unique(n, dtype):
    x = np.random.default_rng(n).integers(-30, 10**6 if n > 100 else 30, n).astype(dtype)
    want = np.unique(x, return_inverse=True, return_counts=True)
    got = unique(x, return_inverse=True, return_counts=True)
    for a, b in zip(want, got, strict=True):
        assert a.dtype == b.dtype and np.array_equal(a, b)
    assert np.array_equal(np.unique(x), unique(x))


def test_unique_refuses_what_it_does_not_cover():
    with pytest.raises(ValueError, match="1-D integer"):
        unique(np.array([1.0, 2.0]))
    with pytest.raises(ValueError, match="1-D integer"):
        unique(np.zeros((2, 2), dtype=np.int64))


def test_stable_argsort_by_hand_and_against_numpy():
    from analysis.arrays import stable_argsort

    # by hand: ties keep their positions' order
    assert stable_argsort(np.array([3, -2, 3, 0, -2])).tolist() == [1, 4, 3, 0, 2]
    assert stable_argsort(np.zeros(0, dtype=np.int64)).tolist() == []
    assert stable_argsort(np.array([7])).tolist() == [0]
    rng = np.random.default_rng(4)
    for lo, hi in ((0, 50), (-40_000, 25_000), (10**9, 10**9 + 65_535), (0, 10**7)):
        for dtype in (np.int64, np.int32, np.intp):
            x = rng.integers(lo, hi + 1, 20_000).astype(dtype)
            assert np.array_equal(stable_argsort(x), np.argsort(x, kind="stable"))


def _blas_threads() -> list[int]:
    return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]


def test_one_blas_thread_limits_restores_and_gives_one_result_whatever_the_threads():
    rng = np.random.default_rng(0)
    # shapes whose threaded products differ in their last bits with the number of threads
    pairs = [
        (rng.random((m, k)), rng.random((k, n))) for m, k, n in [(300, 200, 250), (129, 64, 129)]
    ]

    @one_blas_thread()
    def products() -> list[np.ndarray]:
        assert all(k == 1 for k in _blas_threads())
        return [a @ b for a, b in pairs] + [a @ a.T for a, _ in pairs]

    found = []
    for outer in (2, 3, 4):  # as on machines with 2, 3 or 4 cores
        with threadpool_limits(outer, "blas"):
            before = _blas_threads()
            with one_blas_thread():
                assert all(k == 1 for k in _blas_threads())
                found.append([a @ b for a, b in pairs] + [a @ a.T for a, _ in pairs])
            assert _blas_threads() == before  # restored
            found.append(products())
            assert _blas_threads() == before
    for other in found[1:]:
        assert all(np.array_equal(x, y) for x, y in zip(found[0], other, strict=True))


def test_round_floats_is_python_round_bit_for_bit():
    """Values of every magnitude, exact decimal half-way points and their neighbours (where
    the scaled product's own rounding could pick the other integer), zeros, inf and nan."""
    import math
    import random

    rng = random.Random(0)
    vals = [rng.choice([-1, 1]) * 10 ** rng.uniform(-12, 6) for _ in range(20000)]
    for k in range(-1500, 1500):
        for d in (6, 9):
            h = (k + 0.5) / 10**d
            vals += [h, math.nextafter(h, 0), math.nextafter(h, 1), k / 10**d]
    vals += [0.0, -0.0, 2.5, 0.5, -1.5, 1e300, -1e17, 5e-324, math.inf, -math.inf, math.nan]
    for nd in (0, 3, 6, 9, 16):
        got = round_floats(vals, nd)
        want = [round(v, nd) for v in vals]
        assert [repr(g) for g in got] == [repr(w) for w in want]  # sign of zero and nan too
    assert round_floats([], 6) == [] and round_floats(np.array([0.12345651]), 6) == [0.123457]

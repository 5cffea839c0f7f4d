"""Small array helpers shared by the corpus-level stages.

:func:`unique` is ``np.unique`` for one-dimensional integer arrays, computed by sorting. In
numpy 2.4 ``np.unique`` of integers takes a hash-table path that is one to two orders of
magnitude slower than a sort (1,000,000 int64: about 2.4 s against 0.03 s on the benchmark
machine), and the candidate pairs of analysis.similarity and the cells of analysis.stats are
exactly such arrays. The results are the same arrays ``np.unique`` returns.

:func:`stable_argsort` is ``np.argsort(x, kind="stable")`` for integer arrays; where the values
span fewer than 65,536 numbers it sorts them as 16-bit offsets, which numpy sorts by radix
(about 5x faster for a million values), in the same order.

:func:`one_blas_thread` runs a block with the BLAS library (OpenBLAS, as numpy ships it) on
one thread. The corpus stages multiply many small matrices (a story block's sentences, two
articles' sentences, articles x features by a handful of frames); OpenBLAS splits even these
over every core and its idle threads wait busily between calls, which cost the stages about a
fifth of their CPU time on 1,000 generated articles. A threaded product's last bits also
depend on the number of threads (OpenBLAS starts one per core): for some shapes 1, 2, 3 and 4
threads give four different results, so one thread also makes these products the same on
every machine. The tables did not change (the table gate, the 428 real and 1,000 generated
articles; docs/PERFORMANCE.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
from threadpoolctl import ThreadpoolController

_CONTROLLER: ThreadpoolController | None = None


def unique(
    x: np.ndarray, *, return_inverse: bool = False, return_counts: bool = False
) -> np.ndarray | tuple[np.ndarray, ...]:
    """The sorted distinct values of the 1-D integer array ``x`` (as ``np.unique(x)``), with,
    on request, the index of each element's value among them (``return_inverse``) and how
    often each value occurs (``return_counts``), in that order, as ``np.unique`` returns them."""
    x = np.asarray(x)
    if x.ndim != 1 or not np.issubdtype(x.dtype, np.integer):
        raise ValueError(f"unique takes a 1-D integer array, got {x.ndim}-D {x.dtype}")
    if return_inverse:
        perm = stable_argsort(x)
        s = x[perm]
    else:
        s = np.sort(x)
    first = np.ones(len(s), dtype=bool)
    first[1:] = s[1:] != s[:-1]
    values = s[first]
    if not (return_inverse or return_counts):
        return values
    out: list[np.ndarray] = [values]
    if return_inverse:
        inverse = np.empty(len(x), dtype=np.intp)
        inverse[perm] = np.cumsum(first) - 1
        out.append(inverse)
    if return_counts:
        out.append(np.diff(np.append(np.flatnonzero(first), len(s))).astype(np.intp))
    return tuple(out)


def stable_argsort(x: np.ndarray) -> np.ndarray:
    """``np.argsort(x, kind="stable")`` of the 1-D integer array ``x``: the same positions;
    values spanning fewer than 65,536 numbers are sorted as 16-bit offsets from the smallest
    (numpy's radix sort; the order of values, ties in position order, is unchanged)."""
    x = np.asarray(x)
    if len(x) > 1:
        lo, hi = int(x.min()), int(x.max())
        if hi - lo < 1 << 16:
            return np.argsort((x - lo).astype(np.uint16), kind="stable")
    return np.argsort(x, kind="stable")


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Run the ``with`` block with BLAS on one thread (the previous setting back after it)."""
    global _CONTROLLER
    if _CONTROLLER is None:  # scanning the loaded libraries takes a few ms: once per process
        _CONTROLLER = ThreadpoolController()
    with _CONTROLLER.limit(limits=1, user_api="blas"):
        yield


def ragged(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Concatenation of ``arange(s, s + l)`` for every (s, l)."""
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offsets = np.cumsum(lengths) - lengths
    return np.repeat(starts - offsets, lengths) + np.arange(total, dtype=np.int64)


def round_floats(values: list[float] | np.ndarray, ndigits: int) -> list[float]:
    """``[round(x, ndigits) for x in values]`` (Python's correctly rounded ``round``), the
    same floats, mostly by array operations: ``rint(x * 10**ndigits) / 10**ndigits`` picks
    the same integer k as Python unless ``x * 10**ndigits`` lies next to a half-integer (the
    product's own rounding may cross it), and k / 10**ndigits is then the double nearest to
    k * 10**-ndigits, as Python's conversion of its decimal digits is. Values next to a
    half-integer, very large or not finite are rounded by Python itself."""
    x = np.asarray(values, dtype=np.float64)
    if not 0 <= ndigits <= 15:  # 10**ndigits an exact double, products away from 2**52
        return [round(float(v), ndigits) for v in x.tolist()]
    if len(x) == 0:
        return []
    scale = 10.0**ndigits
    with np.errstate(all="ignore"):  # inf and nan go to Python below
        y = x * scale
        out = np.rint(y) / scale
        # the product is off the exact x * 10**ndigits by at most half a unit in its last
        # place: a half-integer within two units of it may lie between the two
        near = np.abs(np.abs(y - np.trunc(y)) - 0.5) <= 2 * np.spacing(np.abs(y))
        odd = ~np.isfinite(y) | (np.abs(y) >= 2.0**50) | near
    result = out.tolist()
    for i in np.flatnonzero(odd).tolist():
        result[i] = round(float(x[i]), ndigits)
    return result

"""Tests for analysis.stats and for the one-way data flow between stage modules."""

import ast
import math
from pathlib import Path

import pandas as pd
import pytest

from analysis.stats import summarize

PKG = Path(__file__).resolve().parents[1] / "src" / "analysis"

# load -> clean -> segment -> rewrites -> measures -> aggregate -> pipeline -> notebooks/reports
STAGE = {
    "ledger": 0, "stats": 0, "lang": 0, "datafiles": 0, "cache": 0, "fastblob": 0, "patterns": 0,
    "similarity": 0, "files": 0, "layout": 0, "arrays": 0,
    "load": 1, "clean": 2, "segment": 3, "tokens": 3, "rewrites": 4,
    "sentiment": 5, "actors": 5, "discover": 5, "attribution": 5, "quotes": 5, "frames": 5,
    "tone": 5, "frame_model": 5,
    "engine": 6,
    "aggregate": 6, "story": 6, "distinctive": 6, "sentence_tone": 6, "timeline": 6,
    "findings": 0,
    "overview": 6,
    "pipeline": 7,
    "params": 5, "scope": 6, "figures": 8, "report": 8, "__main__": 8, "__init__": 8,
}  # fmt: skip


def test_no_module_imports_a_later_stage():
    modules = {p.stem for p in PKG.glob("*.py")}
    assert modules <= set(STAGE), f"give new modules a stage: {modules - set(STAGE)}"
    for path in PKG.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("analysis."):
                names = [node.module.split(".")[1]]
            elif isinstance(node, ast.ImportFrom) and node.module == "analysis":
                names = [a.name for a in node.names if a.name in STAGE]
            elif isinstance(node, ast.Import):
                names = [a.name.split(".")[1] for a in node.names if a.name.startswith("analysis.")]
            for name in names:
                assert STAGE[name] <= STAGE[path.stem], f"{path.stem} imports later stage {name}"


def test_summarize_ratio_and_interval_by_hand():
    # two articles: 1/4 and 3/4 -> pooled 4/8 = 0.5; resampled ratios lie in [0.25, 0.75]
    table = pd.DataFrame(
        {
            "article_id": ["a", "b"],
            "frame": ["f", "f"],
            "measure": ["m", "m"],
            "numerator": [1.0, 3.0],
            "denominator": [4.0, 4.0],
            "n": [1, 3],
        }
    )
    arts = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "X"]})
    out = summarize(table, arts, ("outlet",), 500, 3, item="frame", measures={"m": (100, "%")})
    row = out.iloc[0]
    assert list(out.columns) == [
        "outlet", "frame", "measure", "value", "ci_low", "ci_high", "n", "n_articles", "unit",
    ]  # fmt: skip
    assert (row.value, row.n, row.n_articles, row.unit) == (50.0, 4, 2, "%")
    assert row.ci_low == 25.0 and row.ci_high == 75.0  # both extremes occur in 500 draws
    one = summarize(table[:1], arts, (), 100, 3, item="frame", measures={"m": (1, "")})
    assert one.value.iloc[0] == 0.25 and math.isnan(one.ci_low.iloc[0])
    with pytest.raises(ValueError, match="measures"):
        summarize(table, arts, item="frame")


def test_summarize_of_an_empty_table_is_empty_with_columns():
    empty = pd.DataFrame(
        columns=["article_id", "actor", "measure", "numerator", "denominator", "n"]
    )
    arts = pd.DataFrame({"article_id": ["a"], "outlet": ["X"]})
    for by in ((), ("outlet",)):
        out = summarize(empty, arts, by, 10, 0, measures={"m": (1, "")})
        assert out.empty and list(out.columns)[-7:] == [
            "measure", "value", "ci_low", "ci_high", "n", "n_articles", "unit",
        ]  # fmt: skip


def _dense_reference(table, articles, by, n_boot, seed, measures):
    """The straightforward form of summarize (dense articles x cells matrices, w @ N, one
    nanpercentile per column): what the sparse implementation must reproduce."""
    import warnings

    import numpy as np

    from analysis.stats import _stable_seed

    t = table.join(articles.set_index("article_id")[list(by)], on="article_id") if by else table
    rows = []
    for gkey, g in t.groupby(list(by), sort=True) if by else [((), t)]:
        arts = sorted(set(g.article_id))
        cells = sorted(set(zip(g.actor, g.measure, strict=True)))
        N = np.zeros((len(arts), len(cells)))
        D = np.zeros_like(N)
        for r in g.itertuples():
            i, j = arts.index(r.article_id), cells.index((r.actor, r.measure))
            N[i, j] += r.numerator
            D[i, j] += r.denominator
        scale = np.array([measures[m][0] for _, m in cells])
        ok = (D > 0).sum(axis=0) >= 2
        rng = np.random.default_rng(_stable_seed(seed, *map(str, gkey)))
        ratios = np.empty((n_boot, len(cells)))
        for b0 in range(0, n_boot, 64):
            b = min(64, n_boot - b0)
            draws = rng.integers(0, len(arts), size=(b, len(arts)))
            w = np.stack([np.bincount(d, minlength=len(arts)) for d in draws]).astype(float)
            bn, bd = w @ N, w @ D
            with np.errstate(invalid="ignore", divide="ignore"):
                ratios[b0 : b0 + b] = np.where(bd > 0, scale * bn / np.where(bd > 0, bd, 1), np.nan)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            q = np.nanpercentile(ratios, [2.5, 97.5], axis=0)
        for j, (actor, measure) in enumerate(cells):
            lo, hi = (q[0, j], q[1, j]) if ok[j] else (np.nan, np.nan)
            rows.append((*gkey, actor, measure, round(lo, 6), round(hi, 6)))
    return rows


def test_sparse_bootstrap_equals_the_dense_computation():
    # whole-number numerators and denominators: every order of adding them gives the same sums,
    # so the intervals must match the dense computation exactly. Many cells share a column
    # (the same denominator per article for every actor), many numerators are all zero,
    # some cells have one article only, some resamples miss a cell's articles entirely.
    import numpy as np

    rng = np.random.default_rng(7)
    arts = pd.DataFrame(
        {"article_id": [f"a{i:02d}" for i in range(30)], "outlet": list("XYZ") * 10}
    )
    words = rng.integers(50, 500, size=30)
    rows = []
    for i, art in enumerate(arts.article_id):
        for actor in ("ann", "bob", "cy", "dee"):
            present = rng.random() < 0.6 if actor != "dee" else i in (0, 3)  # two X articles
            mentions = int(rng.integers(1, 4)) if present else 0
            rows.append((art, actor, "per_words", float(mentions), float(words[i]), mentions))
            rows.append((art, actor, "share", float(present), 1.0, int(present)))
            votes = int(rng.integers(-2, 3)) if present else 0
            rows.append((art, actor, "stance", float(votes), float(2 * present), 2 * present))
    table = pd.DataFrame(
        rows, columns=["article_id", "actor", "measure", "numerator", "denominator", "n"]
    )
    measures = {"per_words": (1000.0, ""), "share": (1.0, ""), "stance": (1.0, "")}
    for by in ((), ("outlet",)):
        out = summarize(table, arts, by, 300, 5, measures=measures)
        got = [
            (*r[: len(by)], r[len(by)], r[len(by) + 1], r[len(by) + 3], r[len(by) + 4])
            for r in out.itertuples(index=False)
        ]
        want = _dense_reference(table, arts, by, 300, 5, measures)
        assert len(got) == len(want)
        for g, w in zip(got, want, strict=True):
            assert g[:-2] == w[:-2]
            for a, b in zip(g[-2:], w[-2:], strict=True):
                assert (math.isnan(a) and math.isnan(b)) or a == b, (g, w)
    # dee's all-zero numerators in Y and Z give [0, 0]; X has two articles with dee
    dee = out[out.actor == "dee"].set_index(["outlet", "measure"])
    assert dee.loc[("Y", "share"), "ci_high"] == 0 and dee.loc[("Z", "per_words"), "ci_low"] == 0
    assert math.isnan(dee.loc[("Y", "stance"), "ci_low"])  # no article with a denominator


def test_nanpercentiles_equal_numpy_bit_for_bit():
    import warnings

    import numpy as np

    from analysis.stats import _nanpercentiles

    rng = np.random.default_rng(3)
    x = rng.normal(size=(400, 60))
    x[rng.random(x.shape) < rng.random(60) * 0.6] = np.nan  # columns with many NaN counts
    x[:, 0] = np.nan  # all NaN: no interval
    x[:, 1] = 0.25  # constant
    x[:5, 2] = np.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = np.nanpercentile(x, [2.5, 97.5], axis=0)
    lo, hi = _nanpercentiles(x.copy(), (2.5, 97.5))
    assert np.array_equal(lo, want[0], equal_nan=True)
    assert np.array_equal(hi, want[1], equal_nan=True)


def test_sparse_summary_equals_the_dense_one():
    """summarize_sparse on the rows with evidence plus the shared per-article denominators
    gives the dense table's numbers bit for bit: cells of the items present, and for every
    other item the group's absent cell (analysis.aggregate.dense puts them together). Outlet W
    has articles where no item has a row, and no words (its per_words cells are undefined)."""
    import numpy as np

    from analysis.aggregate import dense
    from analysis.stats import summarize_sparse

    rng = np.random.default_rng(11)
    n = 33
    arts = pd.DataFrame(
        {"article_id": [f"a{i:02d}" for i in range(n)], "outlet": list("XYZ") * 10 + ["W"] * 3}
    )
    words = np.where(arts.outlet == "W", 0, rng.integers(50, 500, size=n)).astype(float)
    rows, shared = [], []
    for i, art in enumerate(arts.article_id):
        shared += [(art, "per_words", words[i]), (art, "share", 1.0)]
        for actor in ("ann", "bob", "cy", "dee"):
            present = arts.outlet[i] != "W" and (rng.random() < 0.5 if actor != "dee" else i < 2)
            mentions = int(rng.integers(1, 4)) if present else 0
            votes = int(rng.integers(-2, 3)) if present else 0
            rows += [
                (art, actor, "per_words", float(mentions), words[i], mentions, present),
                (art, actor, "share", float(present), 1.0, int(present), present),
                (art, actor, "stance", float(votes), float(2 * present), 2 * present, present),
            ]
    cols = ["article_id", "actor", "measure", "numerator", "denominator", "n"]
    full = pd.DataFrame(rows, columns=[*cols, "present"])
    table, sparse = full[cols], full[full.present][cols].reset_index(drop=True)
    shared = pd.DataFrame(shared, columns=["article_id", "measure", "denominator"])
    measures = {"per_words": (1000.0, ""), "share": (1.0, ""), "stance": (1.0, "")}
    for by in ((), ("outlet",)):
        want = summarize(table, arts, by, 300, 5, measures=measures)
        got = summarize_sparse(sparse, shared, arts, by, 300, 5, measures=measures)
        assert len(got.cells) < len(want) if by else len(got.cells) == len(want)
        pd.testing.assert_frame_equal(
            dense(got.cells, got.absent, by, ["ann", "bob", "cy", "dee"]), want, check_exact=True
        )
    absent = got.absent.set_index(["outlet", "measure"])
    assert len(absent) == 4 * 3  # every outlet (W too) x measure
    assert absent.loc[("Y", "per_words"), "value"] == 0 and absent.n.eq(0).all()
    assert math.isnan(absent.loc[("W", "per_words"), "value"])  # no words in W
    assert (
        absent.loc[("W", "share"), "value"] == 0 and absent.loc[("W", "share"), "n_articles"] == 3
    )
    assert math.isnan(absent.loc[("X", "stance"), "value"])  # an absent item is never attributed


def test_assemble_equals_one_frame_per_group_concatenated():
    """stats._assemble builds every group's cells at once; by hand: two outlet groups (str
    keys) and an int key column, the same table as inserting each key as a scalar on the
    group's own frame and concatenating, dtypes included."""
    import numpy as np

    from analysis.stats import _assemble

    items = pd.Index(["Biden", "Putin"])
    measures = pd.Index(["mentions", "tone"])
    units = pd.Index(["per 1,000 words", "mean"])
    parts = [
        (("A", 2020), np.array([0, 1]), np.array([1, 0]), np.array([0.5, 2.0]),
         np.array([0.1, np.nan]), np.array([0.9, np.nan]), np.array([3.0, 1.0]),
         np.array([2, 1])),
        (("B", 2021), np.array([1]), np.array([0]), np.array([4.0]), np.array([3.0]),
         np.array([5.0]), np.array([7.0]), np.array([3])),
    ]  # fmt: skip
    by = ["outlet", "year"]
    got = _assemble(by, parts, {"actor": items, "measure": measures}, units)
    frames = []
    for key, it, me, value, lo, hi, n, n_art in parts:
        f = pd.DataFrame({"actor": items.take(it), "measure": measures.take(me)})
        for i, k in enumerate(key):
            f.insert(i, by[i], k)
        f["value"], f["ci_low"], f["ci_high"] = value, lo, hi
        f["n"], f["n_articles"] = n.astype("int64"), n_art.astype("int64")
        f["unit"] = units.take(me)
        frames.append(f)
    want = pd.concat(frames, ignore_index=True)
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert list(got["outlet"]) == ["A", "A", "B"] and list(got["year"]) == [2020, 2020, 2021]
    assert list(got["actor"]) == ["Biden", "Putin", "Putin"]
    assert list(got["unit"]) == ["mean", "per 1,000 words", "per 1,000 words"]
    assert list(got["n"]) == [3, 1, 7] and got["n"].dtype == "int64"


def test_bootstrap_chunks_do_not_change_a_bit(monkeypatch):
    """Summing the resamples batch by batch (the chunk as small as it goes: one batch of 64)
    or all at once gives the same intervals, bit for bit, also for fractional values whose
    sums depend on the order of additions (a mean tone)."""
    import numpy as np

    from analysis import stats

    rng = np.random.default_rng(3)
    arts = pd.DataFrame({"article_id": [f"a{i}" for i in range(40)], "outlet": list("XY") * 20})
    rows = [
        (a, actor, "tone", float(rng.normal()) / 7, float(rng.integers(1, 4)), 1)
        for a in arts.article_id
        for actor in ("ann", "bob")
        if rng.random() < 0.7
    ]
    table = pd.DataFrame(
        rows, columns=["article_id", "actor", "measure", "numerator", "denominator", "n"]
    )
    measures = {"tone": (1.0, "mean")}
    whole = summarize(table, arts, ("outlet",), 333, 1, measures=measures)
    monkeypatch.setattr(stats, "_CHUNK_ENTRIES", 1)
    batched = summarize(table, arts, ("outlet",), 333, 1, measures=measures)
    pd.testing.assert_frame_equal(whole, batched, check_exact=True)
    assert whole["ci_low"].notna().all() and (whole["ci_low"] < whole["ci_high"]).all()


def test_nanpercentiles_equal_numpy_on_every_count_of_valid_rows():
    """Every number of valid rows from 1 to 40 (1 and 2: the edge rows; the virtual index at
    or above the last row), several percentile pairs, values with ties and spread."""
    import warnings

    import numpy as np

    from analysis.stats import _nanpercentiles

    rng = np.random.default_rng(11)
    for rows in (1, 2, 3, 40):
        x = np.round(rng.normal(size=(rows, 300)) * 10.0 ** rng.integers(-3, 4, size=300), 2)
        valid = rng.integers(0, rows + 1, size=300)
        x[np.arange(rows)[:, None] >= valid[None, :]] = np.nan
        x = rng.permuted(x, axis=0)
        for q in ((2.5, 97.5), (0.0, 100.0), (5.0, 95.0), (50.0, 99.9)):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                want = np.nanpercentile(x, q, axis=0)
            lo, hi = _nanpercentiles(x.copy(), q)
            assert np.array_equal(lo, want[0], equal_nan=True), (rows, q)
            assert np.array_equal(hi, want[1], equal_nan=True), (rows, q)


def test_key_column_equals_scalar_keys_concatenated():
    """stats._key_column: str keys (the fast path), ints, and a mixed column, each equal to
    one frame per group with the key set as a scalar, concatenated."""
    import numpy as np

    from analysis.stats import _key_column

    rows = np.array([0, 0, 1, 2, 2, 2])
    for keys in (["BBC", "CNN", "Fox"], [2020, 2021, 2022], ["x", 3, "y"]):
        frames = [pd.DataFrame({"v": np.zeros(n)}) for n in (2, 1, 3)]
        for f, k in zip(frames, keys, strict=True):
            f.insert(0, "k", k)
        want = pd.concat(frames, ignore_index=True)["k"]
        got = _key_column(keys, rows)
        pd.testing.assert_series_equal(got, want, check_names=False, check_exact=True)
        assert list(got) == [keys[r] for r in rows]


def test_column_sums_add_in_article_order_as_running_sums():
    """_Columns.sums gives, bit for bit, one running sum per (resample, column) that adds
    weight x value article by article from 0.0 (np.bincount over the terms, its old form),
    for columns of many lengths (one entry to every article) in any order."""
    import numpy as np

    from analysis.stats import _Columns

    rng = np.random.default_rng(11)
    n_art, b = 50, 37
    lengths = [1, 50, 3, 3, 17, 1, 49, 8, 2, 50, 5]
    art = np.concatenate([np.sort(rng.choice(n_art, size=m, replace=False)) for m in lengths])
    value = rng.normal(size=len(art)) / 7  # fractional: the sums depend on the order
    segment = np.repeat(np.arange(len(lengths)), lengths)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    cols = _Columns(art, value, segment, starts)
    w = rng.integers(0, 4, size=(b, n_art)).astype(np.float64)
    want = np.zeros((b, len(lengths)))
    for r in range(b):
        for e in range(len(art)):  # running sums, entry by entry in article order
            want[r, segment[e]] += w[r, art[e]] * value[e]
    got = cols.sums(w)
    assert got.shape == want.shape and np.array_equal(got, want)
    index = (np.arange(b)[:, None] * len(lengths) + segment).ravel()
    old = np.bincount(index, (w[:, art] * value).ravel(), b * len(lengths))
    assert np.array_equal(got, old.reshape(b, len(lengths)))
    assert _Columns(art[:0], value[:0], segment[:0], starts[:0]).sums(w).shape == (b, 0)

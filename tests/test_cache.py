"""Tests for analysis.cache and the cached pipeline: exact round trips, misses on change,
corrupt entries recomputed with a warning, no pickle anywhere."""

import io
import re
import shutil
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import cache, engine, pipeline
from analysis.cache import CacheWarning, clear_cache, default_cache_dir
from analysis.params import Params
from analysis.pipeline import build_tables

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "corpus"  # three short articles
KW = {"n_boot": 50, "instruments": ("textblob",)}


def _csv(df: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    df.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8")


def assert_same(a: pipeline.Tables, b: pipeline.Tables) -> None:
    for name in pipeline.Tables._fields:
        x, y = getattr(a, name), getattr(b, name)
        pd.testing.assert_frame_equal(x, y, check_exact=True, obj=name)
        assert _csv(x) == _csv(y), name


class Calls:
    """Counts calls of module functions (wrapped in place by monkeypatch)."""

    def __init__(self, monkeypatch):
        self.n: dict[str, int] = {}
        self.monkeypatch = monkeypatch

    def watch(self, module, name: str) -> None:
        real = getattr(module, name)

        def wrapped(*args, **kwargs):
            self.n[name] = self.n.get(name, 0) + 1
            return real(*args, **kwargs)

        self.monkeypatch.setattr(module, name, wrapped)


@pytest.fixture
def calls(monkeypatch):
    c = Calls(monkeypatch)
    for name in ("analyze_partition",):
        c.watch(engine, name)
    for name in ("detect_rewrites", "actor_evidence", "story_elements", "distinctive_terms"):
        c.watch(pipeline, name)
    c.watch(pipeline, "frame_measures")
    return c


@pytest.fixture(scope="module")
def uncached():
    return build_tables(Params(corpus=FIXTURE, **KW))


@pytest.fixture(scope="module")
def warm(tmp_path_factory, uncached):
    """A cache filled by one run (tests copy it before changing anything)."""
    folder = tmp_path_factory.mktemp("warm")
    assert_same(build_tables(Params(corpus=FIXTURE, cache=folder, **KW)), uncached)
    return folder


@pytest.fixture
def cache_copy(warm, tmp_path):
    return shutil.copytree(warm, tmp_path / "cache")


# --- the store itself ----------------------------------------------------------------------


def test_round_trip_is_exact_for_every_dtype_we_use(tmp_path):
    df = pd.DataFrame(
        {
            "s": pd.Series(["a", "", "é “q”"], dtype="str"),
            "o": pd.Series(["x", None, "z"], dtype=object),  # Parquet alone would give str
            "i": np.array([1, -2, 2**60], dtype="int64"),
            "I": pd.array([1, None, 3], dtype="Int64"),
            "f": [0.1, np.nan, -1e300],
            "b": [True, False, True],
        }
    )
    tables = {
        "full": df,
        "empty": df.iloc[:0],
        "none": pd.DataFrame({"o": pd.Series([], dtype=object)}),
    }
    key = cache.digest("t")
    cache.store(tmp_path, "test", key, tables)
    back = cache.load(tmp_path, "test", key)
    assert list(back) == ["full", "empty", "none"]
    for name, want in tables.items():
        pd.testing.assert_frame_equal(back[name], want, check_exact=True)
        assert list(back[name].dtypes.astype(str)) == list(want.dtypes.astype(str))
    assert cache.load(tmp_path, "test", cache.digest("other")) is None


def test_corrupt_entries_warn_and_miss(tmp_path):
    df = pd.DataFrame({"a": range(100), "b": ["word"] * 100})
    key = cache.digest("k")

    def broken(damage) -> None:
        folder = cache.store(tmp_path, "test", key, {"t": df})
        damage(folder)
        with pytest.warns(CacheWarning, match="recomputing"):
            assert cache.load(tmp_path, "test", key) is None
        assert not folder.exists()  # removed, so the next store starts clean

    def truncate(folder):
        p = folder / "t.parquet"
        p.write_bytes(p.read_bytes()[:50])

    def flip(folder):  # same size, other bytes: only the hash can tell
        p = folder / "t.parquet"
        data = bytearray(p.read_bytes())
        data[len(data) // 2] ^= 0xFF
        p.write_bytes(bytes(data))

    broken(truncate)
    broken(flip)
    broken(lambda f: (f / "meta.json").write_text("{not json"))
    broken(lambda f: (f / "t.parquet").unlink())


def test_unwritable_cache_warns_and_goes_on(tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    with pytest.warns(CacheWarning, match="cannot write"):
        assert cache.store(not_a_folder, "test", cache.digest("k"), {"t": pd.DataFrame()}) is None


def test_clear_cache_removes_entries_only(tmp_path):
    for k in ("a", "b"):
        cache.store(tmp_path, "partition", cache.digest(k), {"t": pd.DataFrame({"x": [1]})})
    (tmp_path / "notes.txt").write_text("mine")
    assert clear_cache(tmp_path) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    assert clear_cache(tmp_path / "missing") == 0


def test_default_cache_dir_is_under_the_project():
    assert default_cache_dir() == ROOT / ".cache" / "analysis"


def test_no_pickle_in_our_code():
    banned = re.compile(
        r"^\s*(?:import|from)\s+(?:c?pickle|cloudpickle|dill|joblib|shelve)\b", re.M
    )
    for path in (ROOT / "src" / "analysis").glob("*.py"):
        assert not banned.search(path.read_text(encoding="utf-8")), path.name


# --- the cached pipeline -------------------------------------------------------------------


def test_cached_run_equals_uncached_and_computes_nothing(warm, uncached, calls):
    got = build_tables(Params(corpus=FIXTURE, cache=warm, **KW))
    assert calls.n == {}  # every per-article and corpus-level table came from the cache
    assert_same(got, uncached)
    suffixes = {p.suffix for p in warm.rglob("*") if p.is_file()}
    assert suffixes == {".parquet", ".json"}


def test_changed_parameter_misses_only_what_depends_on_it(cache_copy, uncached, calls):
    got = build_tables(Params(corpus=FIXTURE, cache=cache_copy, **{**KW, "n_boot": 60}))
    # n_boot feeds the intervals only: per-article work, rewrites, story, terms are reused;
    # the actor stage builds actor evidence once; the timeline stage (intervals per bin) reads
    # the actor stage's per-article table, narrowed to the counted articles
    assert calls.n == {"actor_evidence": 1, "frame_measures": 3}
    boot = [n for n in pipeline.Tables._fields if n.startswith(("actor_", "frame_measures"))]
    assert_same(got._replace(**{n: getattr(uncached, n) for n in boot}), uncached)
    calls.n.clear()
    build_tables(Params(corpus=FIXTURE, cache=cache_copy, **{**KW, "domain_lexicon": False}))
    assert calls.n["analyze_partition"] == 1 and calls.n["detect_rewrites"] == 1


def test_changed_data_file_misses(tmp_path, calls):
    catalog = tmp_path / "actors.yaml"
    shipped = ROOT / "src" / "analysis" / "data" / "actors_ukraine_energy_pause.yaml"
    catalog.write_bytes(shipped.read_bytes())
    build_tables(Params(corpus=FIXTURE, catalog=catalog, cache=tmp_path / "c", **KW))
    build_tables(Params(corpus=FIXTURE, catalog=catalog, cache=tmp_path / "c", **KW))
    assert calls.n["analyze_partition"] == 1
    catalog.write_bytes(shipped.read_bytes() + b"\n# a comment changes the content hash\n")
    build_tables(Params(corpus=FIXTURE, catalog=catalog, cache=tmp_path / "c", **KW))
    assert calls.n["analyze_partition"] == 2


def test_changed_article_misses(tmp_path, cache_copy, calls):
    corpus = shutil.copytree(FIXTURE, tmp_path / "corpus")
    first = sorted(corpus.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nOne more sentence.\n", "utf-8")
    got = build_tables(Params(corpus=corpus, cache=cache_copy, **KW))
    assert calls.n["analyze_partition"] == 1 and calls.n["detect_rewrites"] == 1
    assert got.articles.set_index("article_id").text[first.stem].endswith("One more sentence.")


def test_corrupt_cache_file_is_recomputed_with_a_warning(cache_copy, uncached, calls):
    victim = sorted((cache_copy / "partition").rglob("sentences.parquet"))[0]
    victim.write_bytes(victim.read_bytes()[:-20])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = build_tables(Params(corpus=FIXTURE, cache=cache_copy, **KW))
    assert [w.category for w in caught if issubclass(w.category, CacheWarning)] == [CacheWarning]
    assert calls.n == {"analyze_partition": 1}  # the corpus-level entries were still good
    assert_same(got, uncached)


def test_a_complete_entry_is_kept_and_a_broken_leftover_replaced(tmp_path):
    key = cache.digest("k")
    first = pd.DataFrame({"x": [1]})
    folder = cache.store(tmp_path, "test", key, {"t": first})
    stamp = (folder / "meta.json").stat().st_mtime_ns
    # a second writer of the key (a concurrent run) leaves the complete entry as it is: the key
    # fixes the content, and a reader of the entry never finds it half deleted
    assert cache.store(tmp_path, "test", key, {"t": pd.DataFrame({"x": [2]})}) == folder
    assert (folder / "meta.json").stat().st_mtime_ns == stamp
    pd.testing.assert_frame_equal(cache.load(tmp_path, "test", key)["t"], first)
    # a leftover without meta.json (a writer that died) is replaced
    shutil.rmtree(folder)
    folder.mkdir()
    (folder / "t.parquet").write_bytes(b"junk")
    second = pd.DataFrame({"x": [3]})
    assert cache.store(tmp_path, "test", key, {"t": second}) == folder
    pd.testing.assert_frame_equal(cache.load(tmp_path, "test", key)["t"], second)
    assert not list(folder.parent.glob(".*"))


def test_concurrent_writers_and_readers_of_one_key_see_no_broken_entry(tmp_path):
    # what notebooks run in parallel do: each misses or hits, computes, stores the same key
    key = cache.digest("shared")
    df = pd.DataFrame({"a": range(2000), "b": ["word"] * 2000})

    def worker(_: int) -> int:
        hits = 0
        for _ in range(30):
            back = cache.load(tmp_path, "test", key)
            if back is None:
                cache.store(tmp_path, "test", key, {"t": df, "u": df})
            else:
                pd.testing.assert_frame_equal(back["t"], df)
                hits += 1
        return hits

    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)  # a broken entry seen would raise
        with ThreadPoolExecutor(6) as pool:
            hits = sum(pool.map(worker, range(6)))
    assert hits >= 6 * 30 - 6  # at most one miss per worker before the entry exists


def test_some_rows_or_some_columns_of_a_stored_table_read_exactly():
    df = pd.DataFrame(
        {
            "actor": pd.Series(["A", "B", "A", "C", "B"], dtype="str"),
            "o": pd.Series(["x", None, "z", "w", "v"], dtype=object),
            "i": np.array([1, 2, 3, 4, 5], dtype="int64"),
        }
    )
    data, dtypes = cache.table_bytes(df), cache.dtypes_of(df)
    # rows 0, 2 (A) and 3 (C), in the file's order, index from 0, dtypes as stored
    got = cache.read_table_bytes(data, dtypes, where=("actor", ["C", "A"]))
    pd.testing.assert_frame_equal(got, df.iloc[[0, 2, 3]].reset_index(drop=True))
    assert cache.read_table_bytes(data, dtypes, where=("actor", [])).empty
    got = cache.read_table_bytes(data, dtypes, columns=["i", "o"])
    pd.testing.assert_frame_equal(got, df[["i", "o"]], check_exact=True)
    assert str(got["o"].dtype) == "object"
    with pytest.raises(ValueError, match="no column"):
        cache.read_table_bytes(data, dtypes, columns=["text"])

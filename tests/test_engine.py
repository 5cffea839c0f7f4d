"""Tests for analysis.engine: partitions, worker counts and engines give the same tables."""

import io
import json
import random
from pathlib import Path

import pandas as pd
import pytest

from analysis.engine import (
    PER_ARTICLE_TABLES,
    analyze_articles,
    analyze_partition,
    partition_key,
    partitions,
    per_article_key,
    read_output,
)
from analysis.load import load_corpus
from analysis.params import ParameterError, Params

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "raw" / "seeds"
FAST = Params(instruments=("textblob",))  # one instrument keeps the tests quick


def _corpus(tmp: Path, n: int, seed: int = 0) -> pd.DataFrame:
    """A loaded corpus of ``n`` articles recombining the seed articles' lines, plus one
    article that is empty after cleaning (whitespace only) and sorts last."""
    rng = random.Random(seed)
    seeds = load_corpus(SEEDS).articles
    heads, body = [], []
    for raw in seeds["raw_text"]:
        lines = [line for line in raw.split("\n") if line.strip()]
        heads.append(lines[0])
        body.extend(lines[1:])
    path = tmp / "gen.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            text = "\n\n".join([rng.choice(heads), *rng.sample(body, rng.randint(2, 4))])
            row = {"id": f"gen-{i:03d}", "text": text, "outlet": f"Outlet {i % 3}"}
            f.write(json.dumps({**row, "published": "2026-01-05", "event": "e1"}) + "\n")
    arts = load_corpus(path).articles
    blank = arts.iloc[[0]].assign(article_id="zz-blank", source="gen.jsonl:99", raw_text=" \n \n")
    # input order shuffled: the engine sorts by article_id itself
    return pd.concat([blank, arts.iloc[::-1]], ignore_index=True)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return _corpus(tmp_path_factory.mktemp("corpus"), 6)


@pytest.fixture(scope="module")
def whole(corpus):
    return analyze_partition(corpus, FAST)


def _csv(df: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    df.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8")


def assert_same_tables(a: dict, b: dict) -> None:
    assert list(a) == list(b) == list(PER_ARTICLE_TABLES)
    for name in PER_ARTICLE_TABLES:
        pd.testing.assert_frame_equal(a[name], b[name], check_exact=True, obj=name)
        assert _csv(a[name]) == _csv(b[name]), name


def test_fixture_has_an_article_emptied_by_cleaning(whole):
    # 6 analysed articles; the blank one is in the ledger as excluded, in no other table
    assert whole["articles"]["article_id"].tolist() == [f"gen-{i:03d}" for i in range(6)]
    excluded = whole["ledger"][whole["ledger"]["action"] == "excluded"]
    assert excluded[["article_id", "category"]].values.tolist() == [
        ["zz-blank", "empty_after_cleaning"]
    ]
    assert len(whole["quotes"]) > 0 and len(whole["mentions"]) > 0


def test_partitions_are_id_sorted_slices(corpus):
    parts = partitions(corpus, 4)
    assert [p["article_id"].tolist() for p in parts] == [
        ["gen-000", "gen-001", "gen-002", "gen-003"],
        ["gen-004", "gen-005", "zz-blank"],
    ]


def test_concatenated_partitions_equal_the_whole_corpus(corpus, whole):
    # the last of the 4 partitions holds only the blank article, so every table of it is
    # empty; concatenation must not change any dtype
    assert_same_tables(analyze_articles(corpus, FAST, chunk_size=2), whole)


def test_two_workers_equal_one(corpus, whole, tmp_path):
    got = analyze_articles(corpus, FAST, chunk_size=2, workers=2, cache_dir=tmp_path)
    assert_same_tables(got, whole)
    # the workers filled the cache: a second run reads it back, equal again
    assert len(list(tmp_path.glob("partition/*/*/meta.json"))) == 4
    assert_same_tables(analyze_articles(corpus, FAST, chunk_size=2, cache_dir=tmp_path), whole)


def test_dask_cluster_equals_local(corpus, whole, tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0"
    ) as cluster:
        got = analyze_articles(
            corpus, FAST, engine="dask", chunk_size=2, scheduler=cluster.scheduler_address
        )
        assert_same_tables(got, whole)
        # Parquet in, Parquet out: the workers read input partitions and write their tables
        inp = tmp_path / "in"
        inp.mkdir()
        for n, part in enumerate(partitions(corpus, 3)):
            part.to_parquet(inp / f"part-{n}.parquet")
        paths = analyze_articles(
            inp, FAST, engine="dask", scheduler=cluster.scheduler_address, out_dir=tmp_path / "o"
        )
    assert [p.name for p in paths["sentences"]] == [f"part-0000{n}.parquet" for n in range(3)]
    assert_same_tables(read_output(tmp_path / "o"), whole)
    assert_same_tables(analyze_articles(inp, FAST), whole)  # the local engine reads it too


def test_out_dir_streams_parquet_parts_and_reads_back_equal(corpus, whole, tmp_path):
    out = tmp_path / "out"
    paths = analyze_articles(corpus, FAST, chunk_size=3, out_dir=out)
    assert sorted(paths) == sorted(PER_ARTICLE_TABLES)
    for name in PER_ARTICLE_TABLES:
        assert paths[name] == [out / name / f"part-0000{n}.parquet" for n in range(3)]
        assert all(p.is_file() for p in paths[name])
    assert not list(out.rglob("*.tmp"))
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["n_partitions"] == 3 and manifest["n_articles"] == 7
    assert_same_tables(read_output(out), whole)
    # a later run with fewer partitions leaves no stale part behind
    analyze_articles(corpus, FAST, chunk_size=4, out_dir=out)
    assert sorted(p.name for p in (out / "sentences").iterdir()) == [
        "part-00000.parquet",
        "part-00001.parquet",
    ]
    assert_same_tables(read_output(out), whole)


def test_progress_callback_sees_every_partition(corpus):
    seen = []
    analyze_articles(corpus.iloc[:3], FAST, chunk_size=1, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_fingerprint_is_stable_and_tracks_params_and_file_content(tmp_path):
    key = per_article_key
    base = key(Params())
    assert base == key(Params(languages=["en"]))
    assert len(base) == 64
    assert key(FAST) != base
    with pytest.raises(ParameterError, match="no language resources for 'de'"):
        Params(languages=("en", "de"))  # no English lists on German text
    assert key(Params(domain_lexicon=False)) != base
    # the selection, the bootstrap and the scale fields are not per-article work
    assert key(Params(n_boot=20, seed=3, rewrites="all", workers=2, chunk_size=7)) == base
    shipped = ROOT / "src" / "analysis" / "data" / "frames.yaml"
    mine = tmp_path / "frames.yaml"
    mine.write_bytes(shipped.read_bytes())
    same = Params(frames=mine)
    assert key(same) == key(Params(frames=str(mine)))
    before = key(same)
    mine.write_bytes(shipped.read_bytes() + b"\n# edited\n")
    assert key(same) != before


def test_partition_key_depends_on_content_not_row_order(corpus):
    fp = per_article_key(FAST)
    part = corpus.iloc[:3]
    assert partition_key(part, fp) == partition_key(part.iloc[::-1], fp)
    edited = part.assign(raw_text=part["raw_text"] + "!")
    assert partition_key(edited, fp) != partition_key(part, fp)
    relabelled = part.assign(outlet="Other")
    assert partition_key(relabelled, fp) != partition_key(part, fp)


def test_bad_input_is_a_clear_value_error(corpus):
    with pytest.raises(ValueError, match="lacks column"):
        analyze_articles(corpus.drop(columns=["raw_text"]), FAST)
    with pytest.raises(ValueError, match="duplicate article_id"):
        analyze_articles(pd.concat([corpus.iloc[:2], corpus.iloc[:1]]), FAST)
    with pytest.raises(ValueError, match="engine"):
        analyze_articles(corpus, FAST, engine="spark")
    with pytest.raises(ValueError, match="workers"):
        analyze_articles(corpus, FAST, workers=0)
    with pytest.raises(ParameterError, match="instrument"):
        Params(instruments=())


def test_an_article_that_breaks_a_stage_is_excluded_with_the_error(monkeypatch):
    from analysis import engine
    from analysis.pipeline import accounting, build_tables

    # any partition holding 002 fails, as an unexpected bug on one article's data would
    monkeypatch.setattr(engine, "_analyze", _fail_when_002_present(engine._analyze))
    seeds = Path(__file__).resolve().parents[1] / "data" / "raw" / "seeds"
    arts = load_corpus(seeds).articles
    out = engine.analyze_partition(arts, Params())
    assert sorted(out["articles"].article_id) == sorted(
        a for a in arts.article_id if not a.startswith("002")
    )
    led = out["ledger"]
    row = led[(led.action == "excluded") & (led.category == "error")]
    assert row.article_id.tolist() == ["002_f58328f3192bf3fb"]
    assert row.reason.iloc[0] == "analysis failed: RuntimeError: boom on 002"
    assert row.stage.iloc[0] == "analyze"
    t = build_tables(
        Params(corpus=seeds, n_boot=20)
    )  # through the pipeline: accounted for, not lost
    acc = accounting(t)
    assert acc.set_index("article_id").loc["002_f58328f3192bf3fb", "status"] == "excluded"
    assert (acc.status == "analysed").sum() == 4


def _fail_when_002_present(inner):
    def wrapped(articles, params, res):
        if any(str(a).startswith("002") for a in articles["article_id"]):
            raise RuntimeError("boom on 002\nsecond line")
        return inner(articles, params, res)

    return wrapped


def test_a_broken_parameter_file_still_stops_the_run(tmp_path):
    from analysis import engine
    from analysis.load import load_corpus

    bad = tmp_path / "actors.yaml"
    bad.write_text("actors: [\n", encoding="utf-8")
    seeds = Path(__file__).resolve().parents[1] / "data" / "raw" / "seeds"
    arts = load_corpus(seeds).articles
    with pytest.raises(ValueError, match=r"parameter catalog: .*actors\.yaml"):
        Params(catalog=str(bad))  # validation stops it first
    unchecked = Params()
    object.__setattr__(unchecked, "catalog", str(bad))  # as if the file broke after validation
    with pytest.raises(ValueError, match=r"actors\.yaml"):
        engine.analyze_partition(arts, unchecked)


def test_cyclic_gc_paused_restores_the_collector_state():
    import gc

    from analysis.engine import _cyclic_gc_paused

    assert gc.isenabled()
    with _cyclic_gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), _cyclic_gc_paused():
        raise RuntimeError("a failing partition")
    assert gc.isenabled()  # restored after an error too
    gc.disable()
    try:
        with _cyclic_gc_paused():
            pass
        assert not gc.isenabled()  # a caller that had it off keeps it off
    finally:
        gc.enable()

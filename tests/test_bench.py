"""The benchmark scripts run end to end on a tiny generated corpus and report what they claim.

Speed is not asserted here (figures come from ``make bench``); these tests check that the
scripts still run, that every job reports, and the exactness figures that must be zero.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
JOBS = ["baseline", "fastblob", "analysis-1", "analysis-2", "rewrites", "cache-cold",
        "cache-warm", "check"]  # fmt: skip


def _run(args: list[str], data: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "BENCH_DATA": str(data)}
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory) -> tuple[dict, str, Path]:
    data = tmp_path_factory.mktemp("bench-data")
    out = data / "results.json"
    done = _run([str(BENCH / "run.py"), "--sizes", "30", "60", "--json", str(out)], data)
    return json.loads(out.read_text()), done.stdout, data


def test_run_reports_every_job_at_every_size(bench_run) -> None:
    results, stdout, _ = bench_run
    assert [t["n_articles"] for t in results["tiers"]] == [30, 60]
    for tier in results["tiers"]:
        assert sorted(tier["jobs"]) == sorted(JOBS)
        for name, job in tier["jobs"].items():
            assert job["seconds"] > 0 and job["peak_mib"] > 0, name
        for name in ("baseline", "fastblob", "analysis-1", "analysis-2"):
            assert tier["jobs"][name]["n"] == tier["n_articles"]
        assert tier["duplicate_share"] < 0.05
    # one ratio line per job against the baseline, and the rewrites growth between the sizes
    assert stdout.count("vs baseline") >= 2 * 4
    assert len(results["rewrites_time_ratios"]) == 1
    assert results["machine"]["nproc"] >= 1


def test_run_checks_fast_textblob_exactly(bench_run) -> None:
    results, stdout, _ = bench_run
    for tier in results["tiers"]:
        assert tier["fastblob_vs_baseline_max_abs_diff"] == 0.0
        check = tier["jobs"]["check"]
        assert check["n"] > tier["n_articles"]  # every sentence of the run, not every article
        assert check["max_abs_diff"] == 0.0 and check["n_differ"] == 0
    assert "max |diff| = 0" in stdout


def test_run_writes_only_under_bench_data(bench_run) -> None:
    _, _, data = bench_run
    names = sorted(p.name for p in data.iterdir())
    assert names == ["corpus_30_seed0.parquet", "corpus_60_seed0.parquet", "results.json"]


def test_stages_prints_every_stage_and_the_floor(tmp_path) -> None:
    done = _run([str(BENCH / "stages.py"), "--n", "25", "--size", "30", "--repeat", "1"], tmp_path)
    best = done.stdout.split("-- best of each")[1]
    for stage in ("baseline", "clean", "langid (part of clean)", "segment", "sentiment",
                  "TextBlob scores only", "mentions", "quotes", "attributions", "hedges",
                  "frame hits", "article frames", "engine (_analyze, all)"):  # fmt: skip
        assert f"{stage} " in best, stage
    assert "floor, langid + TextBlob sentence scores alone:" in best
    assert "engine vs floor (best of each): engine " in best
    assert "one findall of \\w+ (words) per article:" in best


def test_quote_profile_times_and_profiles_the_quote_stage(tmp_path) -> None:
    args = [str(BENCH / "quote_profile.py"), "--n", "25", "--size", "30", "--sources", "seeds"]
    timed = _run([*args, "--repeat", "2"], tmp_path).stdout
    assert timed.count(" CPU ms/article, ") == 2, timed
    assert " articles" in timed.splitlines()[-1]
    profiled = _run([*args, "--profile", "--top", "5"], tmp_path).stdout
    assert "per article)" in profiled and "quotes.py" in profiled, profiled


def test_curve_reports_every_stage_at_small_sizes(tmp_path) -> None:
    out, png = tmp_path / "curve.json", tmp_path / "curve.png"
    args = ["--sizes", "20", "40", "--real", "15", "--json", str(out), "--png", str(png)]
    done = _run([str(BENCH / "curve.py"), *args], tmp_path)
    results = json.loads(out.read_text())
    stages = ["load", "discovery", "engine", "rewrites", "agreement", "tone", "actor tables",
              "frame measures", "story", "distinctive", "groups", "timeline",
              "writing tables"]  # fmt: skip
    for corpus in [*results["sizes"], results["real"]]:
        assert list(corpus["stages"]) == stages, corpus["label"]
        for name, row in corpus["stages"].items():
            assert row["seconds"] > 0 and row["peak_mib"] > 0, (corpus["label"], name)
        assert 0 < corpus["actor_per_article_rows"] <= corpus["dense_actor_per_article_rows"]
    assert results["real"]["n_articles"] == 15
    assert set(results["corpus_vs_engine"]) == {"nfc-gen 20", "nfc-gen 40", "nfc-real 15"}
    for stage in stages:
        assert stage in done.stdout
    assert png.stat().st_size > 10_000


def test_first_run_tables_times_both_sides_and_keeps_their_tables(tmp_path) -> None:
    """bench/first_run_tables.py on the seeds, with this checkout's own src as the baseline:
    one line per side with its CPU seconds and the src it imported, the ratio, and the same
    tables and draft catalog on both sides (both discover the actors: no catalog)."""
    keep = tmp_path / "keep"
    args = ["--corpus", str(ROOT / "data/raw/seeds"), "--baseline", str(ROOT / "src"),
            "--rounds", "1", "--keep", str(keep)]  # fmt: skip
    done = _run([str(BENCH / "first_run_tables.py"), *args], tmp_path)
    lines = done.stdout.splitlines()
    assert lines[0].startswith("round 1 baseline: ") and " CPU s, " in lines[0]
    assert lines[1].startswith("round 1 this    : ") and "analysis/__init__.py" in lines[1]
    assert lines[2].startswith("round 1: this / baseline, CPU s: x")
    base, this = keep / "baseline-1" / "tables", keep / "this-1" / "tables"
    names = sorted(p.name for p in this.glob("*.csv"))
    assert len(names) > 50 and names == sorted(p.name for p in base.glob("*.csv"))
    assert "discovered_actors.csv" in names
    for name in [*names, "catalog_draft.yaml"]:
        assert (base / name).read_bytes() == (this / name).read_bytes(), name

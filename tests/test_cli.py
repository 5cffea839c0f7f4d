"""Tests for the command line (analysis.__main__) beyond the notebook runner."""

from pathlib import Path

import pandas as pd

from analysis.__main__ import main
from analysis.report import notebook_cache_dir

SEEDS = Path(__file__).resolve().parents[1] / "data" / "raw" / "seeds"


def test_tables_with_cache_then_cache_clear(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # the default cache folder is then under tmp_path
    (tmp_path / "pyproject.toml").write_text("[project]\nname='x'\n", encoding="utf-8")
    assert main(["tables", "--corpus", str(SEEDS), "--out", "a", "--cache"]) == 0
    assert main(["tables", "--corpus", str(SEEDS), "--out", "b", "--cache"]) == 0
    for f in sorted((tmp_path / "a").glob("*.csv")):
        assert f.read_bytes() == (tmp_path / "b" / f.name).read_bytes(), f.name
    cached = list((tmp_path / ".cache" / "analysis").rglob("*.parquet"))
    assert cached, "the second run should have cache entries to read"
    capsys.readouterr()
    assert main(["cache", "clear"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("removed ") and int(out.split()[1]) > 0
    assert not list((tmp_path / ".cache" / "analysis").rglob("*.parquet"))


def test_bad_corpus_is_one_line_exit_2(tmp_path, capsys):
    assert main(["tables", "--corpus", str(tmp_path / "nope"), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and "nope" in err[0]


def test_notebook_cache_switch(monkeypatch):
    monkeypatch.delenv("ANALYSIS_CACHE", raising=False)
    assert notebook_cache_dir() is True
    monkeypatch.setenv("ANALYSIS_CACHE", "0")
    assert notebook_cache_dir() is False
    monkeypatch.setenv("ANALYSIS_CACHE", "/tmp/elsewhere")
    assert notebook_cache_dir() == "/tmp/elsewhere"


def test_tables_groups_flag_selects_outlet_groups_and_names_unknown_ones(tmp_path, capsys):
    out = tmp_path / "t"
    story = SEEDS.parents[2] / "src/analysis/data/actors_ukraine_energy_pause.yaml"
    args = ["tables", "--corpus", str(SEEDS), "--catalog", str(story), "--out", str(out)]
    code = main([*args, "--outlet-group", "outlet_type", "--groups", "news agency"])
    assert code == 0
    arts = pd.read_csv(out / "articles.csv")
    assert list(arts.outlet) == ["AFP (via Lagos Television)"]
    capsys.readouterr()
    bad = main([*args, "--outlet-group", "outlet_type", "--groups", "blog"])
    err = capsys.readouterr().err.strip().splitlines()
    assert bad == 2 and err[-1].startswith("error: parameter groups: unknown group(s) 'blog'")

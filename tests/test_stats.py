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
    "load": 1, "clean": 2, "segment": 3, "rewrites": 4,
    "sentiment": 5, "actors": 5, "attribution": 5, "quotes": 5, "frames": 5,
    "engine": 6,
    "aggregate": 6, "story": 6, "distinctive": 6, "sentence_tone": 6, "findings": 0,
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

"""analysis.files: csv_safe's one search per column before the cell-by-cell rule."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd

from analysis import files
from analysis.files import _may_start_a_formula, _neutral, csv_safe


def test_the_search_says_maybe_for_every_cell_the_rule_changes() -> None:
    cells = ["=1+2", "+x", "-y", "@SUM(A1)", "\tx", "\rx", "-3", "a", "", "a=b", "x\x00=y"]
    for cell in cells:
        needs = _neutral(cell) is not cell
        maybe = _may_start_a_formula(np.array(["plain", cell, None, np.nan], dtype=object))
        assert maybe or not needs, cell
    assert not _may_start_a_formula(np.array(["a", "b=c", "x-y", None, np.nan, 3], dtype=object))
    assert not _may_start_a_formula(np.array([], dtype=object))
    assert _may_start_a_formula(np.array(["a", -3], dtype=object))  # a maybe: _neutral decides


def test_csv_safe_is_the_rule_applied_to_every_text_cell() -> None:
    """A table whose text columns mix formula-like cells, numbers as text, NaN and None, and
    columns with none of them: every cell as _neutral makes it, columns without a change
    untouched, and the table itself back when nothing changes."""
    rng = random.Random(7)
    pool = ["=A1", "+1", "-2.5", "-x", "@me", "\tt", "plain", "a-b", "", None, np.nan, 4, "1e-5"]
    df = pd.DataFrame(
        {
            "mixed": [rng.choice(pool) for _ in range(500)],
            "clean": [rng.choice(["a", "b c", "d=e", None]) for _ in range(500)],
            "numbers_as_text": [rng.choice(["-1", "+2", "3.5e-2"]) for _ in range(500)],
            "n": np.arange(500),
            "-col": ["x"] * 500,
        }
    )
    out = csv_safe(df)
    for name, col in df.items():
        expected = [_neutral(v) for v in col] if col.dtype == object else list(col)
        got = list(out[files._neutral(name)])
        assert [str(v) for v in got] == [str(v) for v in expected], name
    assert list(out.columns) == ["mixed", "clean", "numbers_as_text", "n", "'-col"]
    assert (out["mixed"] != df["mixed"]).any()
    assert out["clean"].equals(df["clean"]) and out["numbers_as_text"].equals(df["numbers_as_text"])
    calm = df[["clean", "numbers_as_text", "n"]]
    assert csv_safe(calm) is calm

"""Tests for analysis.ledger: edits apply and undo exactly."""

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.ledger import (
    LEDGER_COLUMNS,
    Edit,
    apply_edits,
    check_edits,
    edit_rows,
    item_row,
    ledger_frame,
    merge_edits,
    reconstruct,
)


def test_apply_and_reconstruct_by_hand():
    raw = "ab\u00a0cd\u200bef"
    edits = [Edit(2, 3, " ", "normalize"), Edit(5, 6, "", "normalize")]
    text, starts = apply_edits(raw, edits)
    assert text == "ab cdef"
    assert starts == [2, 5]
    led = ledger_frame(edit_rows("a1", "a1.txt", raw, edits))
    assert list(led.columns) == LEDGER_COLUMNS
    assert led.action.tolist() == ["replaced", "removed"]
    assert led.removed.tolist() == ["\u00a0", "\u200b"]
    assert led.clean_start.tolist() == [2, 5]
    assert reconstruct(text, led) == raw


def test_overlapping_edits_are_refused():
    with pytest.raises(ValueError, match="overlap"):
        check_edits([Edit(0, 3), Edit(2, 4)], 10)
    with pytest.raises(ValueError, match="leave the text"):
        check_edits([Edit(8, 12)], 10)


def test_merge_swallows_edits_inside_a_removal():
    base = [Edit(1, 2, " "), Edit(5, 6, ""), Edit(9, 10, "")]
    cover = [Edit(4, 8, "", "boilerplate")]
    merged = merge_edits(base, cover)
    assert merged == [Edit(1, 2, " "), Edit(4, 8, "", "boilerplate"), Edit(9, 10, "")]
    # a partial overlap widens the covering span instead of leaving an overlap
    merged = merge_edits([Edit(3, 5, "x")], [Edit(4, 8, "")])
    assert [(e.start, e.end) for e in merged] == [(3, 8)]


def test_reconstruct_detects_a_ledger_that_does_not_fit():
    led = ledger_frame(edit_rows("a", "s", "abc", [Edit(1, 2, "X")]))
    with pytest.raises(ValueError, match="does not match"):
        reconstruct("aYc", led)


def test_item_rows_have_empty_spans():
    led = ledger_frame([item_row("a", "a.txt", "excluded", "empty", "empty file")])
    assert led.start.isna().all()
    assert led.n_chars.tolist() == [0]
    assert isinstance(led, pd.DataFrame)


@given(st.text(), st.data())
def test_random_edits_round_trip(raw, data):
    cuts = sorted(data.draw(st.sets(st.integers(0, len(raw)), max_size=6)))
    edits = []
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        rep = data.draw(st.text(max_size=3))
        if a < b or rep:
            edits.append(Edit(a, b, rep))
    text, _ = apply_edits(raw, edits)
    assert reconstruct(text, ledger_frame(edit_rows("a", "s", raw, edits))) == raw

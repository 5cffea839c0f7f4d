"""Tests for analysis.tokens: one scan of every sentence, tokens as ids."""

import numpy as np
import pandas as pd
import pytest

from analysis import tokens as T
from analysis.segment import token_pieces, token_texts

TEXTS = [
    "Zelensky's full-scale plan didn't work.",
    "",
    "-20°C in the U.S. on 1,000 days",
    "   ",
    "Zelensky said: plan  plan\tplan",
    "-5 and 3.5 and x-5",  # a sign at the start of a text, as after a newline
]


def test_tokens_are_tokenize_s_of_each_text_alone():
    table = T.token_table(TEXTS)
    assert table.n_sentences == len(TEXTS)
    got = T.sentence_lists(table, [(v,) for v in table.vocab])
    assert got == [token_texts(t) for t in TEXTS]
    # hand-checked: the first sentence's six tokens, the empty and blank texts none
    assert got[0] == ["Zelensky's", "full-scale", "plan", "didn't", "work"]
    assert got[1] == [] and got[3] == []
    assert got[2] == ["-20°C", "in", "the", "U.S.", "on", "1,000", "days"]
    assert table.vocab.count("plan") == 1  # one id per distinct string
    assert table.n_chars == sum(map(len, TEXTS))


def test_spaced_marks_whitespace_only_gaps_within_a_sentence():
    table = T.token_table(TEXTS)
    for k, text in enumerate(TEXTS):
        pieces = token_pieces(text)
        want = [not g.strip() for g in pieces[2:-1:2]] + ([False] if len(pieces) > 1 else [])
        assert table.spaced[table.bounds[k] : table.bounds[k + 1]].tolist() == want
    first = table.spaced[table.bounds[0] : table.bounds[1]].tolist()
    assert first == [True, True, True, True, False]  # "work" is last: never spaced


def test_blocks_give_the_same_table(monkeypatch):
    whole = T.token_table(TEXTS)
    monkeypatch.setattr(T, "BLOCK", 2)
    parts = T.token_table(TEXTS)
    assert parts.vocab == whole.vocab
    for a, b in zip(parts[1:4], whole[1:4], strict=True):
        np.testing.assert_array_equal(a, b)


def test_sentence_lists_of_chosen_rows_and_multi_term_tokens():
    table = T.token_table(["a b", "c", "b a"])
    per = {"a": ("x", "y"), "b": (), "c": ("z",)}
    values = [per[v] for v in table.vocab]
    assert T.sentence_lists(table, values, np.array([2, 0])) == [["x", "y"], ["x", "y"]]
    assert T.sentence_lists(table, values) == [["x", "y"], ["z"], ["x", "y"]]
    assert T.sentence_lists(table, values, np.array([], dtype=np.int64)) == []


def test_errors_name_the_problem():
    with pytest.raises(ValueError, match="row 1: text is not a string"):
        T.token_table(["ok", None])
    table = T.token_table(["one two"])
    T.check(table, pd.DataFrame({"text": ["one two"]}))
    with pytest.raises(ValueError, match="1 sentences"):
        T.check(table, pd.DataFrame({"text": ["one tw"]}))
    empty = T.token_table([])
    assert empty.n_sentences == 0 and len(empty.ids) == 0

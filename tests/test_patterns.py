"""analysis.patterns: tries, the lower-cased fast path and required literals."""

from __future__ import annotations

import re

import pytest

from analysis.patterns import CASE_TWINS, lowered, lowered_many, required_literals, trie_regex


def test_case_twins_are_res_own_extra_cases():
    from re import _casefix  # the table re's compiler uses for IGNORECASE literals

    extra = {chr(k) for k in _casefix._EXTRA_CASES}
    extra |= {chr(v) for vs in _casefix._EXTRA_CASES.values() for v in vs}
    assert {c for c in extra if not c.isascii()} | {"\u0130", "\u03a3"} == CASE_TWINS


def test_outside_the_twins_lower_agrees_with_ignorecase():
    """Outside the twins, lower() keeps the length and the word/space classes, and a lowered
    ASCII (or dash/apostrophe) literal matches where IGNORECASE matches it in the original."""
    every = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    plain = "".join(c for c in every if c not in CASE_TWINS)
    assert all(len(c.lower()) == 1 for c in plain)
    for cls in (r"\w", r"\s"):
        rx = re.compile(cls)
        assert all(bool(rx.match(c)) == bool(rx.match(c.lower())) for c in plain if not c.isascii())
    low = plain.lower()
    for ch in [chr(i) for i in range(128)] + list("’‐‑–"):
        ignorecase = re.compile(re.escape(ch), re.IGNORECASE).finditer(plain)
        assert [m.start() for m in ignorecase] == [
            m.start() for m in re.finditer(re.escape(ch.lower()), low)
        ], ch


def test_lowered():
    assert lowered("Said The MINISTER") == "said the minister"
    assert lowered("\u017f: AIR STRIKES") is None  # long s
    assert lowered("\u212a") == "k"  # the Kelvin sign lowers to the k IGNORECASE matches
    assert lowered("\u0130stanbul") is None  # lower() gives two characters
    assert lowered("") == ""


def test_lowered_many_equals_lowered_of_each():
    # a case twin, a non-string and a text holding the join character fall back to one call each
    mixed = ["A\u017f", "B", 3.0, "x\x00y", "İ", ""]
    assert lowered_many(mixed) == [lowered(t) if isinstance(t, str) else None for t in mixed]
    assert lowered_many(["Ab", "", "CD"]) == ["ab", "", "cd"]  # one call


def test_trie_regex_longest_form_wins():
    rx = re.compile(rf"(?<!\w){trie_regex(['say', 'said', 'says', 'said to', 'sa'])}(?!\w)")
    found = [m.group() for m in rx.finditer("sa say says said  to said sayings")]
    assert found == ["sa", "say", "says", "said  to", "said"]
    prefix = re.compile(rf"(?<!\w){trie_regex({'bomb': True, 'war': False})}(?!\w)")
    assert [m.group() for m in prefix.finditer("bombing war wars bomb")] == [
        "bombing",
        "war",
        "bomb",
    ]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"subscribe\s+(now|today)", {"subscribe"}),
        (r"(?:log\s+in|sign\s+up)", {"log", "sign"}),
        (r"(?i:Paywall)", {"paywall"}),
        (r"(?:news)+letter", {"letter"}),
        ("\u017fubscribe", {"ubscribe"}),  # a twin breaks the run
        (r"\w+", None),
        (r"a?b*", None),
        (r"(?:x|\d)", None),  # one branch requires nothing
        ("[", None),  # not a pattern
    ],
)
def test_required_literals(pattern, expected):
    got = required_literals(pattern)
    assert (got if got is None else set(got)) == expected


def test_required_literals_hold_in_every_match():
    patterns = [r"subscribe\s+(now|today)", r"(?:log\s+in|sign\s+up)", r"(?:news)+letter"]
    texts = ["SUBSCRIBE  Today", "please Log In", "Sign up", "newsnewsLETTER", "nothing"]
    for pattern in patterns:
        lits = required_literals(pattern, re.IGNORECASE)
        for text in texts:
            if re.search(pattern, text, re.IGNORECASE):
                assert any(x in lowered(text) for x in lits), (pattern, text)

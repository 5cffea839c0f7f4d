"""Regular-expression helpers shared by the stages (a utility: imports no stage).

- :func:`trie_regex`: one regex for a word list, factored as a character trie, so the engine
  tries one branch per character instead of every form at every word start.
- :func:`lowered`: ``text.lower()`` when matching a lower-case ASCII pattern on it, without
  IGNORECASE, finds exactly what the IGNORECASE pattern finds on ``text``; else None.
  :func:`lowered_many` does it for a list of texts, in one call when it can.
- :func:`required_literals`: strings one of which every match of a pattern contains, so a text
  holding none of them can skip the (costlier) search.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

# Characters where re.IGNORECASE and str.lower() disagree: the non-ASCII members of re's table
# of extra case equivalents (re._casefix: long s, dotless i, micro sign, Greek and Cyrillic
# variants), plus U+0130 (lower() makes two characters of it) and capital sigma (final-sigma
# rule). tests/test_patterns.py re-derives the set from re's own table.
CASE_TWINS: frozenset[str] = frozenset(
    "\u00b5\u0130\u0131\u017f\u0345\u0390\u03a3\u03b0\u03b2\u03b5\u03b8\u03b9\u03ba\u03bc"
    "\u03c0\u03c1\u03c2\u03c3\u03c6\u03d0\u03d1\u03d5\u03d6\u03f0\u03f1\u03f5\u0432\u0434"
    "\u043e\u0441\u0442\u044a\u0463\u1c80\u1c81\u1c82\u1c83\u1c84\u1c85\u1c86\u1c87\u1c88"
    "\u1e61\u1e9b\u1fbe\u1fd3\u1fe3\ua64b\ufb05\ufb06"
)
_TWIN = re.compile("[" + re.escape("".join(sorted(CASE_TWINS))) + "]")


def lowered(text: str) -> str | None:
    """``text.lower()`` when it keeps every character's position and no character is a case
    twin (then a pattern's lower-case literals match there exactly where IGNORECASE would match
    them in ``text``); None otherwise (use the IGNORECASE pattern on ``text``)."""
    low = text.lower()
    if len(low) != len(text) or _TWIN.search(text) is not None:
        return None
    return low


def lowered_many(texts: Sequence[object]) -> list[str | None]:
    """:func:`lowered` of each text (None also for a non-string), in one call when possible:
    lower() never shortens a string and, without case twins, maps each character alone, so
    lowering the joined texts and splitting again gives each text's result."""
    sep = "\x00"
    if all(isinstance(t, str) for t in texts):
        joined = sep.join(texts)  # type: ignore[arg-type]
        if joined.count(sep) == len(texts) - 1:
            low = lowered(joined)
            if low is not None:
                return low.split(sep)
    return [lowered(t) if isinstance(t, str) else None for t in texts]


def _escape_char(ch: str) -> str:
    return r"\s+" if ch == " " else re.escape(ch)


def trie_regex(
    forms: Mapping[str, bool] | Iterable[str], char_regex: Callable[[str], str] = _escape_char
) -> str:
    """One regex for all ``forms`` (an iterable, or a mapping form -> is_prefix), factored as
    a character trie. A longer form is tried before its prefix (a shorter one is the optional
    tail), so at each position the longest form wins, as in an alternation sorted longest
    first; a prefix form ends in ``\\w*``. ``char_regex`` renders one character (default: a
    space matches any whitespace run, anything else itself)."""
    items = forms.items() if isinstance(forms, Mapping) else ((f, False) for f in forms)
    end, prefix = "", "**"  # markers; every other key is one character
    trie: dict = {}
    for form, is_prefix in items:
        node = trie
        for ch in form:
            node = node.setdefault(ch, {})
        node[prefix if is_prefix else end] = True

    def emit(node: dict) -> str:
        alts = [char_regex(ch) + emit(node[ch]) for ch in sorted(k for k in node if len(k) == 1)]
        if prefix in node:
            alts.append(r"\w*")
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and end not in node else "(?:" + "|".join(alts) + ")"
        return body + ("?" if end in node else "")

    return emit(trie)


def required_literals(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Lower-cased strings one of which the ``lower()`` of every text that ``pattern`` matches
    contains (valid for texts that :func:`lowered` accepts); None when none can be derived.

    Read from re's parse tree: a run of literal characters (no case twin) is required; a
    branch requires the union of its branches' sets; a group, or a repeat with a minimum of at
    least one, requires its body's set; anything else only separates runs. Of several sets,
    the one whose shortest string is longest is kept. re's parser is internal to Python: on
    any surprise from it the answer is None (the caller then always searches).
    """
    try:
        from re import _constants as c
        from re import _parser

        tree = _parser.parse(pattern, flags)
        repeats = {c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)}
        return _required(tree, _Ops(c, repeats, getattr(c, "ATOMIC_GROUP", None)))
    except Exception:
        return None


class _Ops(NamedTuple):
    """re's parser constants :func:`_required` needs."""

    c: Any
    repeats: set
    atomic: Any


def _required(seq, ops: _Ops) -> frozenset[str] | None:
    """The required-literal set of a parsed sequence (see :func:`required_literals`)."""
    best: frozenset[str] | None = None

    def consider(cands: frozenset[str] | None) -> None:
        nonlocal best
        if cands and (best is None or min(map(len, cands)) > min(map(len, best))):
            best = cands

    run: list[str] = []
    for op, av in [*seq, (None, None)]:
        if op == ops.c.LITERAL and chr(av) not in CASE_TWINS:
            run.append(chr(av).lower())
            continue
        if run:
            consider(frozenset(["".join(run)]))
            run = []
        consider(_required_inner(op, av, ops))
    return best


def _required_inner(op, av, ops: _Ops) -> frozenset[str] | None:
    """What a group, atomic group, repeat (minimum >= 1) or branch requires."""
    if op == ops.c.SUBPATTERN:
        return _required(av[3], ops)
    if ops.atomic is not None and op == ops.atomic:
        return _required(av, ops)
    if op in ops.repeats:
        return _required(av[2], ops) if av[0] >= 1 else None
    if op == ops.c.BRANCH:
        parts = [_required(b, ops) for b in av[1]]
        return None if None in parts else frozenset().union(*parts)
    return None

"""Cleaning: Unicode normalisation, boilerplate removal, language filtering, headline detection.

Input: the articles table from :func:`analysis.load.load_corpus` (needs ``article_id``,
``source``, ``raw_text``, ``headline_in_text``). Output (:class:`Cleaned`):

- ``articles``: a copy with new columns ``text`` (the cleaned text every later offset refers
  to), ``language`` (ISO 639-1 code of the cleaned text, by py3langid), ``headline_start``,
  ``headline_end``, ``standfirst_start``, ``standfirst_end`` (span of the headline / standfirst
  line in ``text``, -1 when none) and ``n_chars`` (length of ``text``). Articles with no text
  left are moved to the ledger as ``excluded``.
- ``ledger``: one row per change (see :mod:`analysis.ledger`); ``text`` plus these rows give
  back ``raw_text`` exactly (:func:`analysis.ledger.reconstruct`).

Steps, each recorded:

1. Normalisation (category ``normalize``): line endings to ``\\n``; NFC per character cluster;
   no-break and other fixed-width spaces to a plain space; zero-width characters, soft hyphens,
   byte-order marks and control characters removed. Quotation marks are left alone: curly and
   straight quotes stay distinguishable (no NFKC).
2. Boilerplate (category ``boilerplate:<rule category>``): whole lines removed by the rules in
   ``data/boilerplate.yaml`` (see that file for the format; users pass their own).
3. Language (category ``language``): each line with at least :data:`MIN_LANGID_WORDS` words is
   classified by py3langid; a line is set aside when it is confidently (probability >=
   :data:`MIN_LANGID_PROB`) in a language outside ``keep_languages`` and fewer than
   :data:`MAX_FOREIGN_STOPWORD_SHARE` of its words are English function words (so a line at or
   above that share is never set aside, and py3langid is not run on it: same result, less
   time). Short lines are a
   known failure of language identification (a one-line English footer comes out as French), so
   a short line is never judged on its own: it is set aside only when the nearest long lines on
   both sides (or on its one side, at the start or end of the article) were set aside.
4. Surrounding whitespace (category ``whitespace``): blank lines and spaces before the first and
   after the last kept character.
5. Headline and standfirst: with ``headline_in_text`` "yes" the first line is the headline; with
   "auto" the first line is taken as a headline when it has at most 25 words, does not end in
   sentence punctuation and more text follows; "no" means none. A standfirst is the line right
   after a headline when it has 4-60 words and does not end in sentence punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from re import _constants as _sre
from re import _parser as _sre_parse
from types import ModuleType
from typing import NamedTuple

import pandas as pd

from analysis import fastblob, lang
from analysis.datafiles import parse_yaml, read_text
from analysis.ledger import Edit, apply_edits, edit_rows, item_row, ledger_frame, merge_edits
from analysis.patterns import lowered, required_literals

MIN_LANGID_WORDS = 8
MIN_LANGID_PROB = 0.9
MAX_FOREIGN_STOPWORD_SHARE = 0.15
HEADLINE_MAX_WORDS = 25
STANDFIRST_WORDS = (4, 60)

_SPACES = {"\u00a0", "\u2007", "\u202f", "\u3000", *(chr(c) for c in range(0x2000, 0x200B))}
_DROP = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}
_WORD = re.compile(r"\w+(?:['’]\w+)*")
# Characters normalize_edits leaves alone one by one: printable ASCII, tab and newline.
_PLAIN = frozenset("\t\n" + "".join(map(chr, range(0x20, 0x7F))))
_NOT_PLAIN = re.compile(r"[^\t\n\x20-\x7e]")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")


class Rule(NamedTuple):
    """One boilerplate rule (a row of the rule file)."""

    id: str
    category: str
    scope: str
    pattern: re.Pattern[str]
    max_words: int
    extend: str
    examples: tuple[str, ...]
    counterexamples: tuple[str, ...]


@dataclass(frozen=True)
class Rules:
    """A parsed rule file."""

    version: str
    rules: tuple[Rule, ...]
    footer_tail: float
    prose_words: int
    path: str


class Cleaned(NamedTuple):
    articles: pd.DataFrame
    ledger: pd.DataFrame


def load_rules(path: str | Path | None = None) -> Rules:
    """Read a boilerplate rule file (YAML, see data/boilerplate.yaml); None gives the shipped one.

    Raises ValueError naming the file and the problem for a syntax error, a missing field,
    an unknown scope or a pattern that does not compile.
    """
    name, text = read_text(path, "boilerplate.yaml", "boilerplate rules")
    return _parse_rules(text, name)


def _number(mapping: dict, key: str, default: float, kind: type, where: str):
    """``mapping[key]`` as ``kind`` (int or float), ``default`` when absent; one-line
    ValueError for an empty or non-numeric value (``max_words:`` with nothing after it)."""
    value = mapping.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        got = "nothing (an empty value)" if value is None else repr(value)
        raise ValueError(f"{where}: {key} must be a number, got {got}")
    try:
        return kind(value)
    except ValueError:
        raise ValueError(f"{where}: {key} must be a number, got {value!r}") from None


@lru_cache(maxsize=8)
def _parse_rules(text: str, name: str) -> Rules:
    doc = parse_yaml(text, name, "boilerplate rules")
    if not isinstance(doc, dict) or not isinstance(doc.get("rules"), list):
        raise ValueError(f"{name}: expected a mapping with a 'rules' list")
    rules = []
    for i, r in enumerate(doc["rules"], 1):
        if not isinstance(r, dict):
            raise ValueError(f"{name}: rule {i} is not a mapping")
        missing = [k for k in ("id", "category", "scope", "pattern") if k not in r]
        if missing:
            raise ValueError(f"{name}: rule {i} ({r.get('id', '?')}) lacks {', '.join(missing)}")
        if r["scope"] not in ("line", "footer"):
            raise ValueError(f"{name}: rule {r['id']}: scope must be 'line' or 'footer'")
        try:
            rx = re.compile(str(r["pattern"]), re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"{name}: rule {r['id']}: bad pattern: {exc}") from exc
        risk = risky_pattern(str(r["pattern"]))
        if risk:
            raise ValueError(
                f"{name}: rule {r['id']}: pattern {str(r['pattern'])!r} refused: it has {risk}, "
                "which can take exponential time on some lines (catastrophic backtracking)"
            )
        rules.append(
            Rule(
                id=str(r["id"]),
                category=str(r["category"]),
                scope=r["scope"],
                pattern=rx,
                max_words=_number(r, "max_words", 30, int, f"{name}: rule {r['id']}"),
                extend=str(r.get("extend", "")),
                examples=tuple(r.get("examples") or ()),
                counterexamples=tuple(r.get("counterexamples") or ()),
            )
        )
    ids = [r.id for r in rules]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{name}: duplicate rule ids")
    return Rules(
        version=str(doc.get("version", "")),
        rules=tuple(rules),
        footer_tail=_number(doc, "footer_tail", 0.5, float, name),
        prose_words=_number(doc, "prose_words", 25, int, name),
        path=name,
    )


# --- user patterns: refuse shapes that backtrack exponentially -----------------------------

_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT)
_NESTED = "a repetition inside a repeated group (nested quantifiers such as (a+)+)"
_OVERLAP = "a repeated group whose parts can match the same text (such as (a|a)+ or (a+a+)+)"


_SAMPLES = {  # characters standing for a class when comparing what two parts can start with
    _sre.CATEGORY_WORD: "a1_é",
    _sre.CATEGORY_NOT_WORD: " ,-\n",
    _sre.CATEGORY_DIGIT: "1",
    _sre.CATEGORY_NOT_DIGIT: "a ,é",
    _sre.CATEGORY_SPACE: " \n",
    _sre.CATEGORY_NOT_SPACE: "a1,",
}


def _first_in(items: list) -> set[str] | None:
    """Sample characters of a character set ``[...]``; None for a negated or unusual one."""
    out: set[str] = set()
    for op, av in items:
        if op is _sre.LITERAL:
            out.add(chr(av).lower())
        elif op is _sre.RANGE:
            out |= {chr(av[0]).lower(), chr(av[1]).lower()}
        elif op is _sre.CATEGORY and av in _SAMPLES:
            out |= set(_SAMPLES[av])
        else:
            return None
    return out


def _first(items: list) -> set[str] | None:
    """Characters standing for what a pattern piece can start with ("" when it can match
    nothing); None when it can start with anything (a wildcard, a negated set)."""
    for op, av in items:
        if op is _sre.AT:
            continue
        if op is _sre.LITERAL:
            return {chr(av).lower()}
        if op is _sre.IN:
            return _first_in(av)
        if op is _sre.SUBPATTERN:
            return _first(list(av[3]))
        if op is _sre.BRANCH:
            out = set()
            for alt in av[1]:
                f = _first(list(alt))
                if f is None:
                    return None
                out |= f
            return out
        if op in _REPEATS and av[0] > 0:
            return _first(list(av[2]))
        return None
    return {""}


def _overlap(a: set[str] | None, b: set[str] | None) -> bool:
    return a is None or b is None or bool(a & b)


def _unwrap(items: list) -> list:
    while len(items) == 1 and items[0][0] is _sre.SUBPATTERN:
        items = list(items[0][1][3])
    return list(items)


def _repeat_alone(items: list) -> bool:
    """Can ``items`` match by one unbounded repetition alone (all else optional)?"""
    items = [(op, av) for op, av in _unwrap(items) if op is not _sre.AT]
    must = [(op, av) for op, av in items if not (op in _REPEATS and av[0] == 0)]
    if not must:
        return any(op in _REPEATS and av[1] > 1 for op, av in items)
    if len(must) != 1:
        return False
    op, av = must[0]
    if op in _REPEATS:
        return av[1] > 1 or _repeat_alone(list(av[2]))
    if op is _sre.BRANCH:
        return any(_repeat_alone(list(alt)) for alt in av[1])
    return False


def _body_overlaps(items: list) -> bool:
    """A repeated body that can split the same text in several ways: alternatives that can
    start alike, or two neighbouring repetitions that can match the same characters."""
    items = _unwrap(items)
    for op, av in items:
        if op is _sre.BRANCH:
            firsts = [_first(list(alt)) for alt in av[1]]
            for i, a in enumerate(firsts):
                if any(_overlap(a, b) for b in firsts[i + 1 :]):
                    return True
    reps = [(op, av) for op, av in items if op is not _sre.AT]
    for (op1, av1), (op2, av2) in pairwise(reps):
        both = op1 in _REPEATS and op2 in _REPEATS and av1[1] > 1 and av2[1] > 1
        if both and _overlap(_first(list(av1[2])), _first(list(av2[2]))):
            return True
    return False


def risky_pattern(pattern: str) -> str:
    """Why ``pattern`` can take exponential time on some text ("" when no such shape is found).

    Python's ``re`` backtracks and cannot be interrupted, so a user pattern is checked when it
    is loaded: a repeated group whose body is itself a repetition (``(a+)+``, ``(\\w+\\s?)*``)
    or whose parts can match the same text (``(a|a)+``, ``(a+a+)+``) is refused. A check of
    shapes, not a proof: other slow patterns are possible, but these are the classic ones.
    """

    def walk(items: list) -> str:
        for op, av in items:
            if op in _REPEATS:
                sub = list(av[2])
                if av[1] > 1 and _repeat_alone(sub):
                    return _NESTED
                if av[1] > 1 and _body_overlaps(sub):
                    return _OVERLAP
                found = walk(sub)
            elif op is _sre.SUBPATTERN:
                found = walk(list(av[3]))
            elif op is _sre.BRANCH:
                found = next((w for w in (walk(list(alt)) for alt in av[1]) if w), "")
            elif op in (_sre.ASSERT, _sre.ASSERT_NOT):
                found = walk(list(av[1]))
            else:
                found = ""
            if found:
                return found
        return ""

    return walk(list(_sre_parse.parse(pattern)))


# --- step 1: normalisation -------------------------------------------------------------


def normalize_edits(raw: str) -> list[Edit]:
    """Edits that normalise ``raw`` (line endings, NFC, spaces, invisible characters)."""
    edits: list[Edit] = []
    i, n = 0, len(raw)
    while i < n:
        ch = raw[i]
        if ch in _PLAIN:  # skip plain ASCII up to the last character before a special one
            m = _NOT_PLAIN.search(raw, i + 1)
            p = m.start() if m else n
            if p < n and _joins(raw[p]):
                p -= 1  # raw[p - 1] starts the cluster that absorbs the joining character
            if p > i:
                i = p
                continue
        if ch == "\r":
            j = i + 2 if raw.startswith("\r\n", i) else i + 1
            edits.append(Edit(i, j, "\n", "normalize", "line_ending", "line ending to \\n"))
            i = j
            continue
        if ch in _SPACES:
            edits.append(Edit(i, i + 1, " ", "normalize", "space", f"U+{ord(ch):04X} to space"))
            i += 1
            continue
        if ch in _DROP or (unicodedata.category(ch) == "Cc" and ch not in "\t\n"):
            edits.append(Edit(i, i + 1, "", "normalize", "invisible", f"U+{ord(ch):04X} removed"))
            i += 1
            continue
        j = i + 1
        while j < n and _joins(raw[j]):
            j += 1
        cluster = raw[i:j]
        if not cluster.isascii():
            nfc = unicodedata.normalize("NFC", cluster)
            if nfc != cluster:
                edits.append(Edit(i, j, nfc, "normalize", "nfc", "Unicode NFC composition"))
        i = j
    return edits


def _joins(ch: str) -> bool:
    """Does ``ch`` combine with the character before it (so NFC must see them together)?"""
    return unicodedata.combining(ch) != 0 or "\u1160" <= ch <= "\u11ff"


# --- steps 2-4: line classification ------------------------------------------------------


class _Line(NamedTuple):
    start: int  # offsets in the normalised text
    end: int  # end of the line's content (before "\n")
    text: str
    n_words: int
    words: list[str]


def _lines(text: str, limit: int | None = None) -> list[_Line]:
    """The non-blank lines of ``text`` (the first ``limit`` of them when given)."""
    out = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            words = _WORD.findall(stripped)
            out.append(_Line(pos + lead, pos + lead + len(stripped), stripped, len(words), words))
            if len(out) == limit:
                break
        pos += len(line) + 1
    return out


def _is_prose(line: _Line, prose_words: int) -> bool:
    return line.n_words >= prose_words and bool(_SENTENCE_END.search(line.text))


def _function_word_share(words: list[str], function_words: frozenset[str]) -> float:
    """Share of ``words`` that are ``function_words`` of the run's language (the language
    resources' FUNCTION_WORDS; case-insensitive)."""
    if not words:
        return 0.0
    # one lower() over the joined words is each word's lower(): a space never becomes part
    # of a word and is neither cased nor case-ignorable (the final-sigma context)
    lowered = " ".join(words).lower().split(" ")
    return sum(map(function_words.__contains__, lowered)) / len(words)


@lru_cache(maxsize=8)
def _rule_literals(rules: tuple[Rule, ...]) -> tuple[tuple[Rule, frozenset[str] | None], ...]:
    """Each rule with the literals (analysis.patterns.required_literals) one of which a line's
    lower-cased text holds when the rule matches (None: always search)."""
    return tuple((r, required_literals(r.pattern.pattern, r.pattern.flags)) for r in rules)


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    # py3langid's own classifier, its byte walk vectorized (identical results)
    return fastblob.language_identifier(MODEL_DIR / MODEL_FILE, norm_probs=True)


def identify_language(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of ``text`` by py3langid; ("und", 0.0) for empty text."""
    if not text.strip():
        return "und", 0.0
    lang, prob = _identifier().classify(text)
    return str(lang), float(prob)


def classify_lines(
    lines: Sequence[_Line],
    rules: Rules,
    keep_languages: Sequence[str],
    language: ModuleType = lang.DEFAULT,
) -> list[tuple[str, str, str] | None]:
    """For each line, None (kept) or (category, rule id, reason) for removal; ``language``:
    the run's language resources (analysis.lang)."""
    out: list[tuple[str, str, str] | None] = [None] * len(lines)
    footer_at = _boilerplate_lines(lines, rules, out)
    if footer_at is not None:
        _footer_tail(lines, rules, out, footer_at)
    _language_lines(lines, keep_languages, out, language.FUNCTION_WORDS)
    _extend_notices(lines, rules, out)
    return out


Decisions = list[tuple[str, str, str] | None]


def _boilerplate_lines(lines: Sequence[_Line], rules: Rules, out: Decisions) -> int | None:
    """Mark each line a boilerplate rule matches (first rule wins); return the index of the
    first line a footer rule matched, or None."""
    total = lines[-1].end if lines else 0
    tail_from = total * (1 - rules.footer_tail)  # footers start in the last share of the text
    footer_at: int | None = None
    checks = _rule_literals(rules.rules)
    for k, line in enumerate(lines):
        low = lowered(line.text)
        for rule, literals in checks:
            if line.n_words > rule.max_words:
                continue
            if rule.scope == "footer" and line.start < tail_from:
                continue
            if low is not None and literals is not None and not any(x in low for x in literals):
                continue
            if not rule.pattern.search(line.text):
                continue
            out[k] = (f"boilerplate:{rule.category}", rule.id, f"matched rule {rule.id}")
            if rule.scope == "footer" and footer_at is None:
                footer_at = k
            break
    return footer_at


def _footer_tail(lines: Sequence[_Line], rules: Rules, out: Decisions, footer_at: int) -> None:
    """The non-prose lines after a footer line go with it."""
    category, rule_id, _ = out[footer_at]
    for k in range(footer_at + 1, len(lines)):
        if _is_prose(lines[k], rules.prose_words):
            break
        if out[k] is None:
            out[k] = (category, rule_id, f"follows the {rule_id} footer and is not prose")


def _language_lines(
    lines: Sequence[_Line],
    keep_languages: Sequence[str],
    out: Decisions,
    function_words: frozenset[str],
) -> None:
    """Language: long lines judged alone, short lines by their long neighbours; a line rich in
    the kept language's ``function_words`` is never set aside."""
    foreign: list[str | None] = [None] * len(lines)  # language code when set aside
    judged: list[bool] = [False] * len(lines)
    for k, line in enumerate(lines):
        if out[k] is not None or line.n_words < MIN_LANGID_WORDS:
            continue
        judged[k] = True
        if _function_word_share(line.words, function_words) >= MAX_FOREIGN_STOPWORD_SHARE:
            continue  # never set aside, so py3langid need not run on it
        lang, prob = identify_language(line.text)
        if lang not in keep_languages and prob >= MIN_LANGID_PROB:
            foreign[k] = lang
    for k in range(len(lines)):
        if out[k] is not None or judged[k]:
            continue
        before = next((foreign[j] for j in range(k - 1, -1, -1) if judged[j]), "edge")
        after = next((foreign[j] for j in range(k + 1, len(lines)) if judged[j]), "edge")
        sides = [s for s in (before, after) if s != "edge"]
        if sides and all(s is not None for s in sides):
            foreign[k] = sides[0]
    for k in range(len(lines)):
        if out[k] is None and foreign[k] is not None:
            reason = f"paragraph in language '{foreign[k]}' (kept: {', '.join(keep_languages)})"
            if not judged[k]:
                reason += "; short line, judged by its neighbours"
            out[k] = ("language", f"language:{foreign[k]}", reason)


def _extend_notices(lines: Sequence[_Line], rules: Rules, out: Decisions) -> None:
    """A notice in the site's language: foreign lines next to an extend=non_english rule's
    line become part of that notice."""
    extending = {r.id: r for r in rules.rules if r.extend == "non_english"}
    for k in range(len(lines)):
        if out[k] is None or out[k][1] not in extending:
            continue
        for step in (-1, 1):
            j = k + step
            while 0 <= j < len(lines) and out[j] is not None:
                if out[j][0] == "language":
                    out[j] = (out[k][0], out[k][1], f"part of the {out[k][1]} notice ({out[j][2]})")
                j += step


# --- per article -------------------------------------------------------------------------


class CleanText(NamedTuple):
    text: str
    edits: list[Edit]
    language: str
    headline: tuple[int, int]
    standfirst: tuple[int, int]


def clean_text(
    raw: str,
    headline_in_text: str = "auto",
    rules: Rules | None = None,
    keep_languages: Sequence[str] = ("en",),
    language: ModuleType = lang.DEFAULT,
) -> CleanText:
    """Clean one article's raw text. Returns the cleaned text and the raw-offset edits.
    ``language``: the run's language resources (analysis.lang.resolve)."""
    rules = rules or load_rules()
    norm = normalize_edits(raw)
    text1, _ = apply_edits(raw, norm)
    to_raw = _RawOffsets(norm)

    lines = _lines(text1)
    decisions = classify_lines(lines, rules, tuple(keep_languages), language)
    removals: list[tuple[int, int, str, str, str]] = []  # text1 coordinates
    for line, dec in zip(lines, decisions, strict=True):
        if dec is None:
            continue
        end = line.end + 1 if text1[line.end : line.end + 1] == "\n" else line.end
        removals.append((line.start, end, *dec))
    kept = _kept_bounds(len(text1), removals)
    removals += _whitespace_removals(text1, removals, kept)
    removals.sort()

    covering = [
        Edit(to_raw.start(a), to_raw.end(b - 1), "", cat, rule, reason)
        for a, b, cat, rule, reason in removals
        if b > a
    ]
    edits = merge_edits(norm, covering)
    text, _ = apply_edits(raw, edits)
    language = identify_language(text)[0] if text else "und"
    # nothing removed (the usual case): the cleaned text is text1, whose lines are read
    same = text == text1
    headline, standfirst = detect_headline(text, headline_in_text, lines[:3] if same else None)
    return CleanText(text, edits, language, headline, standfirst)


class _RawOffsets:
    """Start and end offset in ``raw`` of a character of the text that ``edits`` make of it.

    A character an edit put in maps to the whole edited span; any other to itself in ``raw``.
    """

    def __init__(self, edits: Sequence[Edit]) -> None:
        self._edits = edits
        self._at: list[int] = []  # offset in the edited text where each replacement begins
        shift = 0
        for e in edits:
            self._at.append(e.start + shift)
            shift += len(e.replacement) - (e.end - e.start)

    def _locate(self, i: int) -> tuple[int, int]:
        k = bisect_right(self._at, i) - 1
        if k < 0:
            return i, i + 1
        e, at = self._edits[k], self._at[k]
        if i < at + len(e.replacement):
            return e.start, e.end
        raw = e.end + i - at - len(e.replacement)
        return raw, raw + 1

    def start(self, i: int) -> int:
        return self._locate(i)[0]

    def end(self, i: int) -> int:
        return self._locate(i)[1]


def _kept_bounds(n: int, removals: Sequence[tuple]) -> list[tuple[int, int]]:
    """Complement of the removal spans within [0, n)."""
    kept, pos = [], 0
    for a, b, *_ in sorted(removals):
        if a > pos:
            kept.append((pos, a))
        pos = max(pos, b)
    if pos < n:
        kept.append((pos, n))
    return kept


def _whitespace_removals(text: str, removals: Sequence[tuple], kept: Sequence[tuple[int, int]]):
    """Whitespace-only runs before the first and after the last kept character."""
    chars = [(a, b) for a, b in kept if text[a:b].strip()]
    out = []
    if not chars:
        return [(a, b, "whitespace", "whitespace", "no text left") for a, b in kept if b > a]
    first = (
        chars[0][0]
        + len(text[chars[0][0] : chars[0][1]])
        - len(text[chars[0][0] : chars[0][1]].lstrip())
    )
    last_a, last_b = chars[-1]
    last = last_a + len(text[last_a:last_b].rstrip())
    for a, b in kept:
        lo, hi = a, min(b, first)
        if hi > lo:
            out.append((lo, hi, "whitespace", "leading_whitespace", "whitespace before the text"))
        lo, hi = max(a, last), b
        if hi > lo:
            out.append((lo, hi, "whitespace", "trailing_whitespace", "whitespace after the text"))
    return out


def detect_headline(
    text: str, headline_in_text: str, first_lines: Sequence[_Line] | None = None
) -> tuple[tuple[int, int], tuple[int, int]]:
    """Spans of the headline and standfirst lines of cleaned ``text`` ((-1, -1) when none);
    ``first_lines``: ``_lines(text, limit=3)`` when the caller has it."""
    none = (-1, -1)
    lines = _lines(text, limit=3) if first_lines is None else first_lines
    if not lines or headline_in_text == "no":
        return none, none
    first = lines[0]
    if headline_in_text != "yes":
        looks = first.n_words <= HEADLINE_MAX_WORDS and not _SENTENCE_END.search(first.text)
        if not (looks and len(lines) > 1):
            return none, none
    headline = (first.start, first.end)
    if len(lines) > 2:
        nxt = lines[1]
        lo, hi = STANDFIRST_WORDS
        if lo <= nxt.n_words <= hi and not _SENTENCE_END.search(nxt.text):
            return headline, (nxt.start, nxt.end)
    return headline, none


# --- corpus ------------------------------------------------------------------------------


def clean_articles(
    articles: pd.DataFrame,
    rules: Rules | str | Path | None = None,
    keep_languages: Sequence[str] = ("en",),
    language: ModuleType = lang.DEFAULT,
) -> Cleaned:
    """Clean every article (independently). See the module docstring for the columns.
    ``language``: the run's language resources (analysis.lang.resolve)."""
    if not isinstance(rules, Rules):
        rules = load_rules(rules)
    rows, ledger = [], []
    for art in articles.itertuples(index=False):
        res = clean_text(art.raw_text, art.headline_in_text, rules, keep_languages, language)
        ledger.extend(edit_rows(art.article_id, art.source, art.raw_text, res.edits))
        if not res.text.strip():
            ledger.append(
                item_row(
                    art.article_id,
                    art.source,
                    "excluded",
                    "empty_after_cleaning",
                    "no text left after cleaning (every line was boilerplate or in another "
                    f"language than {', '.join(keep_languages)})",
                    len(art.raw_text),
                    stage="clean",
                )
            )
            continue
        rows.append(
            {
                "article_id": art.article_id,
                "text": res.text,
                "language": res.language,
                "headline_start": res.headline[0],
                "headline_end": res.headline[1],
                "standfirst_start": res.standfirst[0],
                "standfirst_end": res.standfirst[1],
                "n_chars": len(res.text),
            }
        )
    extra = pd.DataFrame(
        rows,
        columns=[
            "article_id",
            "text",
            "language",
            "headline_start",
            "headline_end",
            "standfirst_start",
            "standfirst_end",
            "n_chars",
        ],
    )
    out = articles.merge(extra, on="article_id", how="inner", validate="one_to_one")
    for col in ("headline_start", "headline_end", "standfirst_start", "standfirst_end", "n_chars"):
        out[col] = out[col].astype("int64")
    return Cleaned(out.reset_index(drop=True), ledger_frame(ledger))

"""Direct quotations: who is quoted, with which words and which reporting cue (a measure stage).

Input of :func:`find_quotes`:

- ``articles``: ``article_id`` (str, unique), ``text`` (str, the cleaned text).
- ``sentences`` (from :func:`analysis.segment.segment_articles`; ``None`` = segment here):
  ``article_id``, ``sentence_index``, ``paragraph_index``, ``start``, ``end``. Paragraph bounds
  are the spans of each paragraph's sentences.
- ``catalog``: the actor catalog of :func:`analysis.actors.load_catalog` (``None`` = the
  shipped one); ``cues``: the cue lexicon of :func:`load_cues` (``None`` = the shipped
  ``data/quote_cues.csv``).

Output (:data:`QUOTE_COLUMNS`), one row per quoted span, sorted by ``article_id``, ``start``:

- ``article_id`` (str), ``quote_index`` (int, 0-based within the article, in text order).
- ``start``, ``end`` (int): the text strictly inside the marks, offsets in ``articles.text``;
  ``text`` (str) == ``articles.text[start:end]``.
- ``kind`` (str): ``statement`` | ``fragment`` | ``scare``.
- ``speaker`` (str): canonical catalog actor, else the name (or description) as written, else "".
- ``speaker_text`` (str): the attribution as written ("he", "Trump", "the Russian minister");
  "" when the speaker comes from context (continuation) or there is none.
- ``speaker_resolution`` (str): ``name`` | ``title`` | ``pronoun`` | ``none`` (no attribution
  of its own: continuation quotes, scare quotes, unattributed quotes).
- ``cue`` (str): reporting word(s) as written ("said", "telling", "according to"), ":" for a
  colon introduction without a verb, "" for none; ``cue_start``, ``cue_end`` (int, -1 if none).
- ``sentence_start_index``, ``sentence_end_index`` (int): sentences holding the first and last
  quoted character (-1 if the quote lies outside every sentence).
- ``n_words`` (int): :func:`analysis.segment.tokenize` tokens in ``text``.
- ``group`` (int): the ``quote_index`` of the first piece of a statement; pieces of a split
  quote ("…,” he said, “…”) and its bare continuations in the same paragraph share it.
- ``unclosed`` (bool): the closing mark is missing; the quote runs to its paragraph end.

The rules (marks, attribution order, kinds) are documented in docs/METHODS.md.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from operator import attrgetter, itemgetter, methodcaller
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

import pandas as pd

from analysis import lang
from analysis.actors import actor_resolver, find_mentions, in_link_teaser, load_catalog
from analysis.attribution import person_genders
from analysis.segment import segment_articles, token_texts

# Closed-class words (pronouns, determiners, intro adverbials, generic heads ...) and the cue
# lexicon's file come from the run's language resources (analysis.lang), passed as
# ``language`` and kept in the compiled :class:`Lexicon`.

QUOTE_COLUMNS: list[str] = [
    "article_id",
    "quote_index",
    "start",
    "end",
    "text",
    "kind",
    "speaker",
    "speaker_text",
    "speaker_resolution",
    "cue",
    "cue_start",
    "cue_end",
    "sentence_start_index",
    "sentence_end_index",
    "n_words",
    "group",
    "unclosed",
]
_INT_COLUMNS = [
    "quote_index",
    "start",
    "end",
    "cue_start",
    "cue_end",
    "sentence_start_index",
    "sentence_end_index",
    "n_words",
    "group",
]
CUE_COLUMNS: list[str] = ["form", "lemma", "role", "source"]
#: Roles in the cue file: ``verb`` (finite reporting verb), ``participle`` (its -ing form, whose
#: subject is the clause subject), ``phrase`` ("according to"), ``naming`` (called, dubbed: a
#: scare quote when directly before the quote), ``scare`` (so-called, known as), ``title``
#: (role nouns that may head a speaker description: minister, spokesman, official).
CUE_ROLES = ("verb", "participle", "phrase", "naming", "scare", "title")


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


#: The speaker of words attributed to a person or group the article does not name ("a senior
#: official", "two sources", "critics"); "" is an unattributed quote.
UNNAMED = "unnamed source"


@functools.cache
def _language_patterns(language: ModuleType) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(a name and a relative "who" before a verb, "a spokesman for" before a name), from the
    language's RELATIVE_WHO, AGENT_ROLES and AGENT_PREPOSITIONS."""
    who = re.compile(
        rf"([A-Z][\w'’-]+(?:\s+[A-Z][\w'’.-]*){{0,3}}),\s+{language.RELATIVE_WHO}"
        rf"\s+(?:[a-z]+\s+){{0,2}}$"
    )
    agent = re.compile(
        rf"({language.AGENT_ROLES})\s+(?:{language.AGENT_PREPOSITIONS})\s+(?:the\s+)?$", re.I
    )
    return who, agent


_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z]+)\b")
_TITLED = re.compile(
    r"\s*([A-Z][A-Za-z]*)\.?\s+((?:[A-Z][\w'’-]*\.?\s+){0,2}[A-Z][\w'’-]+)(?![\w'’-])"
)
_LAST_WORD = re.compile(r"([A-Za-z]+)\W*$")
_COMMA_BEFORE = re.compile(r"\s*,\s*$")
_FULL_STOP = re.compile(r"(\w+)\.(?=\s|$)")  # a word then a full stop (maybe an abbreviation)
# "Jane Doe, <a description of up to 250 characters>," before a cue
_APPOSED = re.compile(r"((?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’-]+),\s+[^.;:!?\"“”\n]{1,250}$")
# "said the study's lead author, Jane Doe"
_DESCRIBED_NAME = re.compile(
    r"\s+[^,.;:!?\"“”\n]{1,60}?,\s+((?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’-]+)(?![\w'’-])"
)


class _SpeakerPatterns(NamedTuple):
    """Regexes of the speaker rules built from a language's word lists (analysis.lang)."""

    partitive: re.Pattern[str]  # "one of (the) " right before a noun phrase
    partitive_start: re.Pattern[str]  # "one of the administration officials" opening a clause
    doc: re.Pattern[str]  # a document noun
    doc_after: re.Pattern[str]  # "a news release", "the report" (then "by/from X")
    doc_name: re.Pattern[str]  # a capitalised name ending in a document word ("Green New Deal")
    by: re.Pattern[str]  # "by X", "issued by X", "by energy analysts the Rhodium Group"
    agent_by: re.Pattern[str]  # "by" (the agent of a passive)
    and_before: re.Pattern[str]  # "A and B said": the conjunction before the last name
    indefinite: re.Pattern[str]  # "a user", "one reader" after a cue: an unnamed person


@functools.cache
def _speaker_patterns(language: ModuleType) -> _SpeakerPatterns:
    counts = "|".join(sorted(language.COUNT_WORDS))
    generic = "|".join(sorted(language.GENERIC_HEADS))
    docs = "|".join(sorted(language.DOCUMENT_NOUNS))
    # the same alternation as a prefix trie (same first match: see _trie) for the one pattern
    # that is scanned over whole sentences and article openings, where re tries every position
    doc_trie = _trie([[re.escape(c) for c in w] for w in sorted(language.DOCUMENT_NOUNS)])
    names = "|".join(sorted(w.capitalize() for w in language.DOCUMENT_NAME_WORDS))
    dets = "|".join(sorted(language.DETERMINERS - {"one", "that", "this"}))
    return _SpeakerPatterns(
        re.compile(rf"(?<![\w-])(?i:{counts})\s+of\s+$"),
        re.compile(rf"\s*(?i:{counts})\s+of\s+(?:the\s+)?(?:[\w'’-]+\s+){{0,4}}(?:{generic})\b"),
        re.compile(rf"(?<![\w-])(?i:{doc_trie})(?![\w-])"),
        re.compile(rf"\s*(?:{dets})\s+(?:[\w'’-]+\s+){{0,3}}?(?i:{docs})(?=\s)"),
        re.compile(rf"(?:[A-Z][\w'’-]*\s+){{1,3}}({names})(?![\w-])"),
        re.compile(rf",?\s+{language.ISSUED_BY}\s+(?:[a-z][\w-]*\s+){{0,3}}"),
        re.compile(rf"\b{language.AGENT_BY}\s"),
        re.compile(rf"\s+{language.AND_WORD}(?:\s+{language.AND_WORD})?\s+$"),
        re.compile(
            rf"\s+(?i:{'|'.join(sorted(language.INDEFINITE_DETERMINERS))})\s+"
            r"(?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*(?=[\s,.;:!?]|$)"
        ),
    )


# ", Jane Roe, " right before a participle: the name in apposition is its subject
_APPOSED_BEFORE = re.compile(r"[a-z],\s+((?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’-]+),\s*$")
# "Jane Roe's closing line argues": a possessor and a thing (no role noun) before a cue
_OWNED_THING = re.compile(
    r"((?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w-]*)['’]s?\s+(?:[a-z][\w-]*\s+){0,2}([a-z][\w-]*)\s+$"
)
_CALLS_FOR = re.compile(r"(?i:calls\s+for)\b")  # "the plan calls for": its content, not a quote
# A cue verb before "off" or "up" is another verb ("called off the hearing", "the costs added
# up"): no reporting cue.
_PARTICLE_AFTER = re.compile(r"[A-Za-z]+\s+(?:off|up)\b(?!-)")
# a party-and-state tag after a name, before its verb: "(R-Ill.)", ", D-N.Y.,"
_PARTY_TAG = re.compile(r"(?:\s*\([^()\n]{1,30}\)|,\s*[A-Z]-[A-Z][\w.-]{0,12},)\s*$")
# a party and state tag closing a tag's subject ('“…,” Jane Roe, R-Ky., said'; "(D-Ill.)")
_PARTY_END = re.compile(r"(?:\s*\([A-Z]-[^()\n]{1,20}\)|,\s*[A-Z]-[A-Z][\w.-]{0,12},?)\s*$")
_NAME_OF = re.compile(r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’.-]*){1,3}\s+of\s+")

# ``(?:[^\W\d_]\.){2,}|[^\W\d_](?:[\w\-‐‑]|['’](?=\w))*|\d[\w.,]*``, written to open with a
# character class (re then skips to the next letter or digit); the lookbehinds on the consumed
# first character pick the branches in the same order, so the matches are the same.
_WORD_RE = re.compile(
    r"[^\W_](?:(?<=[^\W\d_])\.(?:[^\W\d_]\.)+|(?<=[^\W\d_])(?:[\w\-‐‑]|['’](?=\w))*"
    r"|(?<=\d)[\w.,]*)"
)
_QUOTE_CHARS = '“”"«»'
_QUOTED_AFTER = re.compile(r"(?:['’]s?)?\s*[“\"«]")  # a possessor's thing is quoted
_MARK_RE = re.compile("[“”\"«»‘']")
_MARK_NO_STRAIGHT_SINGLE_RE = re.compile('[“”"«»‘]')
_DOUBLE_MARK_RE = re.compile('[“”"«»]')
_SPACES_RE = re.compile(r"\s+")
_SPACES_OPT = re.compile(r"\s*")
_START = attrgetter("start")  # bisect keys (C-level, not lambdas)
_FIRST = itemgetter(0)
_START_OF = methodcaller("start")  # a match's start
_GAP_RE = re.compile(r"[\s,;.—–-]*")  # between the pieces of a split quote


class Lexicon(NamedTuple):
    """Compiled cue lexicon (see :func:`compile_cues`)."""

    cue_re: re.Pattern[str]  # verb, participle and phrase forms
    roles: dict[str, frozenset[str]]  # lower-cased form -> roles
    scare_before: re.Pattern[str]  # so-called / naming word directly before a quote
    titles: frozenset[str]
    language: ModuleType  # the run's language resources (analysis.lang)
    who: re.Pattern[str]  # "Jane Doe, who later ..." before a verb
    agent: re.Pattern[str]  # "a spokesman for (the)" before a name


class _Span(NamedTuple):
    start: int  # inside the opening mark
    end: int  # at the closing mark (or the paragraph end when unclosed)
    open_pos: int
    close_pos: int  # -1 when unclosed
    unclosed: bool


class _Attr(NamedTuple):
    speaker: str = ""
    speaker_text: str = ""
    resolution: str = "none"
    cue: str = ""
    cue_start: int = -1
    cue_end: int = -1
    via: str = ""  # tail | head | context | scare | agentless (a passive cue, no agent) | ""
    clause_end: int = -1  # end of a tail attribution clause (for split quotes)
    np_start: int = -1  # span of the speaker phrase in the text
    np_end: int = -1


class _Mention(NamedTuple):
    start: int
    end: int
    actor: str
    type: str
    possessive: bool


# --------------------------------------------------------------------------------------------
# cue lexicon


def load_cues(path: str | Path | None = None, language: ModuleType = lang.DEFAULT) -> pd.DataFrame:
    """Read a cue lexicon CSV (columns :data:`CUE_COLUMNS`); ``None`` = the shipped file of
    ``language`` (the run's language resources, analysis.lang)."""
    if path is None:
        ref = resources.files("analysis") / "data" / language.QUOTE_CUES
        name = str(ref)
        with ref.open("r", encoding="utf-8") as fh:
            df = pd.read_csv(fh, dtype=str, keep_default_na=False)
    else:
        name = str(path)
        try:
            df = pd.read_csv(path, dtype=str, keep_default_na=False)
        except FileNotFoundError as err:
            raise ValueError(f"cue file {name}: not found") from err
        except (OSError, ValueError) as err:  # parser errors, bad encoding, a folder
            msg = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise ValueError(f"cue file {name}: cannot be read ({msg})") from err
    missing = [c for c in CUE_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"cue file {name}: missing column(s) {missing}")
    bad = sorted(set(df["role"]) - set(CUE_ROLES))
    if bad:
        raise ValueError(f"cue file {name}: unknown role(s) {bad}; expected one of {CUE_ROLES}")
    if (df["form"].str.strip() == "").any():
        raise ValueError(f"cue file {name}: empty form")
    return df[CUE_COLUMNS].reset_index(drop=True)


def _form_regex(forms: Sequence[str]) -> str:
    return _forms_pattern(tuple(sorted(set(forms), key=lambda f: (-len(f), f))))


@functools.lru_cache(maxsize=32)
def _forms_pattern(forms: tuple[str, ...]) -> str:
    # The forms in priority order (longest first), each a list of pieces: a space matches any
    # whitespace run. The alternation is factored into a trie (see _trie), which matches exactly
    # as the flat alternation but lets the engine try only the forms that fit the next letter.
    pieces = [[r"\s+" if ch == " " else re.escape(ch) for ch in f] for f in forms]
    return r"(?<![\w-])(?:" + _trie(pieces) + r")(?![\w-])"


def _trie(alts: list[list[str]]) -> str:
    """Alternation (case-insensitive) of piece lists in priority order, as a prefix trie.

    Regrouping by the next piece keeps the first-match semantics because groups keyed by
    different ASCII characters (or by a whitespace run) never match the same character, and an
    alternative ending here (the shortest) stays last. Only one-character pieces are factored
    out; other cases are left flat."""
    groups: dict[str, list[list[str]]] = {}
    for k, a in enumerate(alts):
        if not a:
            if k != len(alts) - 1:
                return _flat(alts)
            continue
        head = a[0]
        key = head if head == r"\s+" else re.sub(r"^\\", "", head).lower()
        if head != r"\s+" and not (len(key) == 1 and key.isascii() and not key.isspace()):
            return _flat(alts)
        groups.setdefault(key, []).append(a)
    parts = []
    for key, members in groups.items():
        if key == r"\s+" or len(members) == 1:
            # not factored: backtracking into a shared \s+ could change which form wins
            parts.extend("".join(a) for a in members)
        else:
            parts.append(members[0][0] + _trie([a[1:] for a in members]))
    if alts and not alts[-1]:
        parts.append("")
    return "(?:" + "|".join(parts) + ")"


def _flat(alts: list[list[str]]) -> str:
    return "(?:" + "|".join("".join(a) for a in alts) + ")"


def compile_cues(cues: pd.DataFrame, language: ModuleType = lang.DEFAULT) -> Lexicon:
    """Compile a cue table (:func:`load_cues`) into regexes and lookups, with the closed-class
    words of ``language`` (the run's language resources, analysis.lang)."""
    roles: dict[str, set[str]] = {}
    for form, role in zip(cues["form"], cues["role"], strict=True):
        roles.setdefault(str(form).strip().lower(), set()).add(str(role))
    speech = [f for f, r in roles.items() if r & {"verb", "participle", "phrase"}]
    before = [f for f, r in roles.items() if r & {"naming", "scare"}]
    never = r"(?!x)x"
    cue_re = re.compile(_form_regex(speech) if speech else never, re.IGNORECASE)
    scare_re = re.compile((_form_regex(before) + r"[\s,]*$") if before else never, re.IGNORECASE)
    titles = frozenset(f for f, r in roles.items() if "title" in r)
    roles_frozen = {f: frozenset(r) for f, r in roles.items()}
    return Lexicon(cue_re, roles_frozen, scare_re, titles, language, *_language_patterns(language))


# --------------------------------------------------------------------------------------------
# quotation marks


def _single_close(text: str, i: int, end: int) -> int:
    """Position of the ’ closing a top-level ‘ at ``i``, or -1 (an apostrophe never closes)."""
    j = text.find("’", i + 1, end)
    while j != -1:
        nxt = text[j + 1 : j + 2]
        if not text[j - 1].isspace() and not (nxt.isalnum()):
            return j
        j = text.find("’", j + 1, end)
    return -1


def quote_spans(
    text: str, paragraphs: Sequence[tuple[int, int]], tag: re.Pattern[str] | None = None
) -> list[_Span]:
    """Quoted spans in ``text`` given its paragraph spans (in text order).

    Double marks: “ opens, ” closes, « » like “ ”. A straight " opens when a space (or the
    paragraph start, a bracket or dash) stands before it and a non-space after it, closes in the
    mirror case, and otherwise closes an open quote or opens one (paired by order); a doubled
    "" is one mark. A “ inside an open quote ends that quote as unclosed. Single curly marks
    inside a double quote are nested quotes and stay part of it; at top level ‘…’ is a quote
    when ‘ follows a space/paragraph start/bracket and the closing ’ is followed by a
    non-letter (AP style ‘’…’’ doubled marks are one mark). A quote still open at a paragraph
    end continues when the next paragraph starts with an opening mark (multi-paragraph
    quotation); otherwise it is kept as unclosed.

    ``tag`` (a reporting-cue regex): a straight closing mark with no quote open whose tag
    follows ('…,” Carlson said') closes a quote whose opening mark is missing; it opens after
    the previous closing mark in the paragraph (or at the paragraph start).

    Straight single marks pair as :func:`_straight_singles` says; marks written as HTML
    entities (``&apos;``, ``&quot;``) pair like the marks (:func:`_unescape_marks`); a span
    inside another is dropped (nested quotes belong to the outer one).
    """
    if "&" in text and _ENTITY_MARK.search(text):
        text = _unescape_marks(text)
    out: list[_Span] = []
    pending: int | None = None  # open_pos of a quote left open at the previous paragraph end
    pending_end = -1
    for p_start, p_end in paragraphs:
        i = p_start
        while i < p_end and text[i].isspace():
            i += 1
        open_pos: int | None = None
        if pending is not None:
            if i < p_end and text[i] in '“"«':
                open_pos, i = pending, i + 1
            else:
                out.append(_unclosed(text, pending, pending_end))
        pending = None
        if open_pos is None and _MARK_RE.search(text, i, p_end) is None:
            continue  # no mark and no quote open: nothing to pair (a shortcut, same result)
        open_pos = _paragraph_quotes(text, p_start, p_end, i, open_pos, out, tag)
        if open_pos is not None:
            pending, pending_end = open_pos, p_end
    if pending is not None:
        out.append(_unclosed(text, pending, pending_end))
    return _outermost(sorted(s for s in out if text[s.start : s.end].strip()))


def _outermost(spans: list[_Span]) -> list[_Span]:
    """Spans (by start) without those inside another (a single-quoted piece inside a quote
    whose opening mark is missing): nested quotes are part of the outer one."""
    out: list[_Span] = []
    for s in spans:
        while out and out[-1].start >= s.start and out[-1].end <= s.end:
            out.pop()  # an earlier span inside this one (same start, shorter)
        if out and out[-1].start <= s.start and s.end <= out[-1].end:
            continue
        out.append(s)
    return out


def _possessive_s(text: str, k: int, before: str, p_end: int) -> bool:
    """Is the ' at ``k`` the apostrophe of a possessive 's after an abbreviation or a closing
    bracket ("the U.N.'s panel", "(EPA)'s"): a non-space before it, "s" and a non-letter after?"""
    return (
        not before.isspace()
        and text[k + 1 : k + 2] == "s"
        and (k + 2 >= p_end or not text[k + 2].isalnum())
    )


_ENTITY_MARK = re.compile(r"&(?:apos|#39|quot|#34);")


def _unescape_marks(text: str) -> str:
    """``text`` with each HTML entity of a straight mark (``&apos;``, ``&#39;``, ``&quot;``,
    ``&#34;``; gold rule 53) written as the mark padded with spaces to the entity's length, so
    offsets stay those of ``text``: the mark stands last when the entity opens a quote (a space
    or nothing before it, a word after it), first otherwise (it closes, or it is an apostrophe:
    "Doe&apos;s" stays between two word characters). Spans found on it lie inside the
    entities."""

    def mark(m: re.Match[str]) -> str:
        ch = '"' if m.group() in ("&quot;", "&#34;") else "'"
        pad = " " * (len(m.group()) - 1)
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end() : m.end() + 1]
        if before.isalnum() and after.isalnum():
            return ch + "x" * len(pad)  # an apostrophe inside a word
        opens = not before.isalnum() and before not in ".,;:!?" and after.isalnum()
        return pad + ch if opens else ch + pad

    return _ENTITY_MARK.sub(mark, text)


def _straight_singles(text: str, p_start: int, p_end: int) -> dict[int, int]:
    """Quotes in straight single marks ('…'), opening position -> closing position, for a
    paragraph written in that style; used only when some mark closes after sentence punctuation
    (",' he said", ".'"), which apostrophes never do.

    The marks are paired in order: a ' between two letters or digits ("it's") is no mark; with
    no quote open, a ' followed by a letter opens one (a ' followed by a space or punctuation,
    as in "workers' pay", is an apostrophe); with a quote open, a ' after a non-space closes it
    and a ' after a space opens a new one. A doubled '' that opens ('' before a word) is one
    mark; glued between two quotes ("two?''That") it closes one and opens the next. A ' after
    an "s" and before a lower-case word is a plural possessive unless it closes the quote open
    and the next mark opens a new one."""
    k = text.find("'", p_start, p_end)
    if k == -1:
        return {}
    marks = []
    while k != -1:
        b = text[k - 1] if k > p_start else " "
        a = text[k + 1] if k + 1 < p_end else " "
        if not (b.isalnum() and a.isalnum()) and not _possessive_s(text, k, b, p_end):
            marks.append(k)
        k = text.find("'", k + 1, p_end)
    if len(marks) < 2:
        return {}
    styled = any(text[m - 1 : m] in ",.?!" for m in marks if m > p_start)
    out: dict[int, int] = {}
    open_: int | None = None
    for n, k in enumerate(marks):
        b = text[k - 1] if k > p_start else " "
        a = text[k + 1] if k + 1 < p_end else " "
        if b == "s" and a == " " and text[k + 2 : k + 3].islower() and _plural_before(text, k):
            # "workers' pay": an apostrophe, unless it closes the quote open (the next mark
            # opens another: "are 'dangerous' and 'costly'")
            nxt = marks[n + 1] if n + 1 < len(marks) else -1
            if open_ is None or (nxt != -1 and not text[nxt - 1].isspace()):
                continue
        if open_ is None:
            if not (a.isspace() or a in ",.;:!?)"):
                open_ = k
        elif k == open_ + 1 or b.isspace() or b in "([—–-":
            open_ = k  # the second mark of an opening '' or a new opening
        else:
            if k > open_ + 1 and (styled or _short_piece(text, open_ + 1, k)):
                out[open_] = k
            open_ = None
    return out


def _plural_before(text: str, k: int) -> bool:
    """Can the word before the ' at ``k`` be a plural owner ("workers'")? Not a short word or
    one ending in "is", "us" or "ss" ("as it is' has", "this'", "his'")."""
    j = k
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    word = text[j:k].lower()
    return len(word) >= 4 and not word.endswith(("is", "us", "ss"))


def _short_piece(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` a short quoted piece (at most eight words, no double mark):
    a straight-single quote in a paragraph that is not written in that style (a headline's
    'Little Basis' glued to the body) is kept only then."""
    piece = text[start:end]
    return len(piece.split()) <= _SHORT_SINGLE_WORDS and not _DOUBLE_MARK_RE.search(piece)


_SHORT_SINGLE_WORDS = 8


_TAG_SUBJECT = re.compile(
    r"[ \t,]*(?:(?:[A-Z][\w'’.-]*[ \t]+){1,4}|(?:he|she|they|it|we)[ \t]+"
    r"|(?:the|a|an)[ \t]+(?:[\w'’-]+[ \t]+){1,3})?"
)
_ADVERB = re.compile(r"[a-z]+[ \t]+")


def _missing_open(
    text: str, lo: int, close: int, p_end: int, tag: re.Pattern[str] | None, after: int = -1
) -> int | None:
    """Start of a quote whose opening mark is missing, closed at ``close`` (a doubled mark ends
    at ``after``) and followed by an attribution tag; None when no tag follows, or when the
    mark follows a full stop and a capitalised word comes next ('…says." President X says
    …': a mark glued to the end of a sentence opens the next quote)."""
    if tag is None:
        return None
    after = max(after, close + 1)
    m = _TAG_SUBJECT.match(text, after, p_end)
    nxt = _SPACES_OPT.match(text, after).end()  # the rest's first non-space, without a copy
    if text[close - 1 : close] == "." and text[nxt : nxt + 1].isupper():
        return None
    at = m.end() if m else after
    adv = _ADVERB.match(text, at, p_end)
    if not tag.match(text, at, p_end) and not (adv and tag.match(text, adv.end(), p_end)):
        t = after
        while t < p_end and text[t] in " \t,":
            t += 1
        if not tag.match(text, t, p_end):
            return None
    while lo < close and text[lo].isspace():
        lo += 1
    return lo if lo < close else None


@dataclass
class _Marks:
    """The state of pairing the marks of one paragraph (see :func:`_paragraph_quotes`)."""

    open_pos: int | None
    skip_to: int
    last_mark: int
    glued: bool = False  # the open quote began at a closing-looking mark
    glued_from: int = -1  # then: the closing mark of a quote that ended its sentence before it


def _paragraph_quotes(
    text: str,
    p_start: int,
    p_end: int,
    i: int,
    open_pos: int | None,
    out: list[_Span],
    tag: re.Pattern[str] | None = None,
) -> int | None:
    """Pair the quotation marks of one paragraph from ``i`` on (``open_pos``: a quote open from
    the previous paragraph); closed spans go to ``out``; return the position of a quote still
    open at the paragraph end, or None (also for a glued mark never closed)."""
    st = _Marks(open_pos, i, p_start - 1)
    singles = _straight_singles(text, p_start, p_end)
    # a straight single mark does something only where it opens a quote of ``singles``: with
    # none, the apostrophes ("it's") are not even visited
    marks = _MARK_RE if singles else _MARK_NO_STRAIGHT_SINGLE_RE
    for m in marks.finditer(text, i, p_end):
        i, ch = m.start(), m.group()
        if i < st.skip_to:
            continue
        if ch == "'":
            if st.open_pos is None and i in singles:
                out.append(_Span(i + 1, singles[i], i, singles[i], False))
                # last_mark stays on the last double mark: a closing " whose opening mark is
                # missing may hold this single-quoted piece ('…the 'X,'" the statement said')
                st.skip_to = singles[i] + 1
            continue
        direction = _straight_direction(text, i, p_start, p_end, st) if ch == '"' else ""
        if st.open_pos is None:
            _open_mark(text, i, ch, direction, (p_start, p_end), st, out, tag)
        else:
            _mark_in_quote(text, i, ch, direction, st, out)
    if st.glued:
        _continuation(text, st, out)
    return None if st.glued else st.open_pos


def _continuation(text: str, st: _Marks, out: list[_Span]) -> None:
    """A glued mark that never opened a quote, after a quote that ended its sentence
    ('…progress." If nations … achieve that." Trump announced …'), closes a continuation of
    that quote whose opening mark was lost with the paragraph break."""
    if st.glued_from < 0 or st.open_pos is None:
        return
    start = st.glued_from + 1
    while start < st.open_pos and text[start].isspace():
        start += 1
    if start < st.open_pos and not _DOUBLE_MARK_RE.search(text, start, st.open_pos):
        out.append(_Span(start, st.open_pos, start - 1, st.open_pos, False))


def _straight_direction(text: str, i: int, p_start: int, p_end: int, st: _Marks) -> str:
    """ "open" (a space before, a non-space after), "close" (the mirror) or "" for a straight
    mark at ``i``; a doubled "" is one mark (``st.skip_to`` moves past it)."""
    j = i + 1
    while j < p_end and text[j] == '"':
        j += 1
    st.skip_to = j
    before = text[i - 1] if i > p_start else " "
    after = text[j] if j < p_end else " "
    opens = (before.isspace() or before in "([{—–-") and not after.isspace()
    closes = not before.isspace() and (after.isspace() or after in ",.;:!?)]—–-")
    return "open" if opens and not closes else "close" if closes else ""


def _open_mark(
    text: str,
    i: int,
    ch: str,
    direction: str,
    para: tuple[int, int],
    st: _Marks,
    out: list[_Span],
    tag: re.Pattern[str] | None,
) -> None:
    """A mark at ``i`` with no quote open."""
    p_start, p_end = para
    if ch == '"' and direction == "close":
        # a closing-looking mark with no quote open: the tag after it shows a quote whose
        # opening mark is missing; else the mark was glued to the end of the previous
        # sentence ('…leaders." He came …') and opens a quote
        begin = _missing_open(text, st.last_mark + 1, i, p_end, tag, st.skip_to)
        if begin is not None:
            out.append(_Span(begin, i, begin - 1, i, False))
            st.last_mark = i
        else:
            st.open_pos, st.glued = st.skip_to - 1, True
            prev = st.last_mark
            ended = prev >= p_start and text[prev - 1 : prev] in (".", "?", "!")
            st.glued_from = prev if ended and text[prev] in '"”' else -1
    elif ch in '“"«':
        st.open_pos, st.glued = (st.skip_to - 1 if ch == '"' else i), False
    elif ch == "‘" and (i == p_start or text[i - 1].isspace() or text[i - 1] in "([—–-"):
        k = i + 1 if text[i + 1 : i + 2] in ("‘", "’") else i  # AP ‘‘ or ‘’
        j = _single_close(text, k, p_end)
        if j != -1 and j > k + 1:
            close = j + 1 if text[j + 1 : j + 2] == "’" else j
            out.append(_Span(k + 1, j, k, close, False))
            st.skip_to = close + 1


def _mark_in_quote(
    text: str, i: int, ch: str, direction: str, st: _Marks, out: list[_Span]
) -> None:
    """A mark at ``i`` inside the open quote ``st.open_pos``."""
    assert st.open_pos is not None
    if ch == '"' and direction == "open" and not st.glued and _nested_pair(text, i, st):
        return  # 'X wrote: "The "green" plans will fail," …': a quote inside the quote
    if (ch == '"' and direction == "open") or ch in "“«":
        if not st.glued:
            out.append(_unclosed(text, st.open_pos, i))
        else:
            _continuation(text, st, out)
        st.open_pos, st.glued = i, False
    elif ch in '”"»':
        start = st.open_pos + 1
        while start < i and text[start].isspace():
            start += 1  # a mark glued to the end of the previous sentence, then a space
        out.append(_Span(start, i, st.open_pos, i, False))
        st.open_pos = None
        st.last_mark = st.skip_to - 1 if ch == '"' else i
        if ch == '"' and st.skip_to == i + 2 and text[st.skip_to : st.skip_to + 1].isalpha():
            # a doubled "" glued between two quotes ('…Land.'""How is …'): it closes one
            # quote and opens the next (paragraphs run together)
            st.open_pos, st.last_mark = i + 1, i


_NESTED_WORDS = 4  # at most this many words in double marks inside a quote


def _nested_pair(text: str, i: int, st: _Marks) -> bool:
    """Is the opening-looking straight mark at ``i``, inside a quote opened by a straight mark,
    the start of a short quote within the quote ('"The "green" plans will fail," she wrote')?
    Yes when the next straight mark closes it after at most four words with no sentence end,
    a lower-case word follows that mark (the sentence goes on), and the mark after that closes
    the outer quote. Then both inner marks are skipped (``st.skip_to``) and the outer quote
    stays open. Tenth pass (issue #16, class 12)."""
    if text[st.open_pos] != '"':
        return False
    j = text.find('"', i + 1)
    piece = text[i + 1 : j] if j > i + 1 else ""
    if not piece or len(piece.split()) > _NESTED_WORDS or any(c in piece for c in ".!?\n"):
        return False
    if not (piece[-1:].isalnum() and text[j + 1 : j + 2] == " " and text[j + 2 : j + 3].islower()):
        return False
    k = text.find('"', j + 1)
    nl = text.find("\n", j + 1)
    if k == -1 or (nl != -1 and nl < k) or text[k - 1 : k].isspace():
        return False  # no closing mark for the outer quote in its paragraph
    st.skip_to = j + 1
    return True


def _unclosed(text: str, open_pos: int, end: int) -> _Span:
    end = len(text[open_pos + 1 : end].rstrip()) + open_pos + 1
    return _Span(open_pos + 1, end, open_pos, -1, True)


# --------------------------------------------------------------------------------------------
# noun phrases (speaker descriptions)


def _last_word(text: str) -> str:
    """The last of ``_WORD_RE.findall(text)``, "" when none, without tokenizing all of ``text``:
    a word never holds a space, so the words of the last space-free chunk that has one are the
    whole scan's words there (the scan enters a chunk as it enters a text)."""
    for chunk in reversed(text.split()):
        words = _WORD_RE.findall(chunk)
        if words:
            return words[-1]
    return ""


def _is_cap(word: str) -> bool:
    return word[:1].isupper()


def _is_poss(text: str, end: int) -> bool:
    return text[end : end + 1] in ("'", "’") and (
        text[end + 1 : end + 2] == "s" or text[end - 1 : end] == "s"
    )


def _tok_end(text: str, m: re.Match[str]) -> int:
    """End of a word token including a possessive ’s."""
    e = m.end()
    if _is_poss(text, e):
        e += 2 if text[e + 1 : e + 2] == "s" else 1
    return e


@functools.cache
def _date_prefix(language: ModuleType) -> re.Pattern[str]:
    """A date opening a noun phrase before a capitalised name ("the July 1, 2017 New York
    Times", "On March 28 NBC Nightly News profiled"): a month or weekday with a day number or a
    year."""
    dates = "|".join(sorted(w.capitalize() for w in language.DATE_WORDS))
    return re.compile(
        rf"\s*(?:(?i:the|on|in)\s+)?(?:{dates})\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?"
        rf"(?:\d{{4}},?\s+)?(?<=\d\s)(?=[A-Z])"
    )


# A pronoun with a contracted auxiliary ("they've", "we'd", "she's", "they're", "I'll")
_PRONOUN_CONTRACTION = re.compile(r"([a-z]+)['’](ve|d|s|re|ll|m)")


def _contracted_pronoun(low: str, lg: ModuleType) -> str | None:
    """The pronoun of a lower-cased word that is a pronoun and a contracted auxiliary ("they've"
    -> "they", "she's" -> "she"), else None; not "it's" ("it's said that": impersonal)."""
    m = _PRONOUN_CONTRACTION.fullmatch(low)
    if m is None or (m.group(1) not in lg.PRONOUNS and m.group(1) not in lg.OTHER_PRONOUNS):
        return None
    return None if m.group(1) == "it" and m.group(2) == "s" else m.group(1)


def _np_after(text: str, pos: int, limit: int, lex: Lexicon) -> tuple[int, int] | None:
    """Noun phrase starting at ``pos`` (after whitespace): pronoun, or [determiner] + capitalised
    words, possessives and role nouns ("the Russian minister", "Putin’s spokesperson Dmitry
    Peskov"). Stops at punctuation, a verb-like lowercase word or ``limit``."""
    lg = lex.language  # the run's language resources (analysis.lang)
    dated = _date_prefix(lg).match(text, pos, limit)
    if dated:
        pos = dated.end()  # "according to the July 1, 2017 New York Times": the outlet
    toks: list[tuple[int, int, str]] = []
    prev = pos
    for m in _WORD_RE.finditer(text, pos, limit):
        gap = text[prev : m.start()]
        if gap.strip() and not (
            gap.strip() == "." and toks and _abbrev(text[toks[-1][0] : prev], lg)
        ):
            break  # "Sen. Jane Roe", "John F. Smith": the full stop of an abbreviation
        w, e = m.group(), _tok_end(text, m)
        low = w.lower()
        if not toks and low in lg.PRONOUNS:
            return (m.start(), m.end())
        contracted = _contracted_pronoun(low, lg) if not toks else None  # first word only
        if contracted:
            # "They've said", "We'd warned": the pronoun without its auxiliary (ninth pass)
            return (m.start(), m.start() + len(contracted))
        kind = _np_token(text, w, e > m.end(), e, toks, limit, lex)
        if kind is None:
            break
        toks.append((m.start(), e, kind))
        prev = e
        if len(toks) >= 10 or kind == "doc":
            break  # a document noun heads its phrase: "the resolution", "a joint draft"
    while toks and toks[-1][2] == "of":
        toks.pop()
    while toks and toks[-1][2] in ("det", "poss"):
        toks.pop()
    if not toks or all(t[2] == "det" for t in toks):
        return None
    return (toks[0][0], toks[-1][1])


def _np_token(
    text: str,
    w: str,
    poss: bool,
    e: int,
    toks: list[tuple[int, int, str]],
    limit: int,
    lex: Lexicon,
) -> str | None:
    """What the word ``w`` (possessive or not; ending, with any ’s, at ``e``) adds to a noun
    phrase after ``toks``: det | poss | cap | title | doc | of (a connector inside a name:
    "Institute for Energy Research president X"), or None when it ends the phrase."""
    lg = lex.language  # the run's language resources (analysis.lang)
    low = w.lower()
    if low in lg.DETERMINERS and (not toks or toks[-1][2] == "poss"):
        return None if toks and low != "the" else "det"
    if poss or _is_cap(w):
        return "poss" if poss else "cap"
    if low in lg.GROUP_SIZES and toks and toks[-1][2] == "det":
        return "num"  # "the two leaders"
    if (low in lex.titles or low in lg.GENERIC_HEADS) and low not in lg.PHRASE_STOP:
        return "title"
    if low in lg.DOCUMENT_NOUNS and toks and toks[-1][2] != "poss":
        return "doc"
    if low in lg.NAME_CONNECTORS and toks and toks[-1][2] == "cap" and _cap_next(text, e, limit):
        return "of"
    return None


def _abbrev(word: str, lg: ModuleType) -> bool:
    """Is ``word`` an abbreviation whose full stop continues a name: a title ("Sen", "Rep",
    "Dr") or an initial ("F" in "John F. Smith")?"""
    return word.lower() in lg.TITLES or (len(word) == 1 and word.isupper())


def _cap_next(text: str, pos: int, limit: int) -> bool:
    """Does a capitalised word follow ``pos`` (after spaces, an optional "the")?"""
    m = _NEXT_WORD.match(text, pos, limit)
    if m and m.group(1) == "the":
        m = _NEXT_WORD.match(text, m.end(), limit)
    return bool(m and _is_cap(m.group(1)))


def _np_before(text: str, pos: int, floor: int, lex: Lexicon) -> tuple[int, int] | None:
    """Noun phrase ending just before a verb at ``pos`` ("Trump", "he", "the Russian minister",
    "Dmitry Peskov, Putin’s spokesperson,"), skipping adverbs/auxiliaries; None if none."""
    lg = lex.language  # the run's language resources (analysis.lang)
    tag = _PARTY_TAG.search(text, floor, pos)
    if tag:
        pos = tag.start()  # "Rep. Jane Roe (R-Ill.) urged", "Jane Roe, D-N.Y., said"
    toks = [m for m in _WORD_RE.finditer(text, floor, pos)]
    while toks and toks[-1].group().lower() in lg.DATE_WORDS:
        # "Jane Roe on Sunday said", "Roe, speaking Wednesday, said": the date is no subject
        toks.pop()
        if toks and toks[-1].group().lower() in ("on", "last", "this", "late", "early"):
            toks.pop()
        pos = toks[-1].end() if toks else floor
    i, right = len(toks) - 1, pos
    while (
        i >= 0 and toks[i].group().lower() in lg.BETWEEN and not text[toks[i].end() : right].strip()
    ):
        right = toks[i].start()
        i -= 1
    if i < 0:
        return None
    gap = text[_tok_end(text, toks[i]) : right]
    comma = gap.strip() == ","
    if gap.strip() and not comma:
        return None
    if toks[i].group().lower() in lg.PRONOUNS and not comma:
        return (toks[i].start(), toks[i].end())
    contracted = _contracted_pronoun(toks[i].group().lower(), lg)
    if contracted and not comma:
        # "They've said", "She's warned": the pronoun without its auxiliary (ninth pass)
        return (toks[i].start(), toks[i].start() + len(contracted))
    start, has_det = _np_start(text, toks, i, lex)
    if start < 0:
        return None
    first = text[start : start + 1]
    if not (has_det or first.isupper()):
        # a bare lowercase head ("officials said") is only a speaker with a determiner
        words = _WORD_RE.findall(text, start, right)
        if not any(_is_cap(w) for w in words):
            return None
    return _np_or_apposition(text, (start, _tok_end(text, toks[i])), floor, comma, lex)


def _np_start(text: str, toks: list[re.Match[str]], i: int, lex: Lexicon) -> tuple[int, bool]:
    """(start of the noun phrase whose last token is ``toks[i]``, -1 when none; whether it
    opens with a determiner), walking back over at most 8 tokens."""
    lg = lex.language  # the run's language resources (analysis.lang)
    j, start, has_det = i, -1, False
    while j >= 0 and i - j < 8:
        m = toks[j]
        w, low = m.group(), m.group().lower()
        gap = text[_tok_end(text, m) : toks[j + 1].start()].strip() if j < i else ""
        if gap and not (gap == "." and _abbrev(w, lg) and _is_cap(toks[j + 1].group())):
            break
        if low in lg.DETERMINERS:
            start, has_det = m.start(), True
            break
        if low in lg.PHRASE_STOP or low in lg.BETWEEN:
            break
        group = low in lg.GROUP_SIZES and j > 0 and toks[j - 1].group().lower() == "the"
        if _is_cap(w) or _is_poss(text, m.end()) or low in lex.titles or j == i or group:
            start = m.start()
            j -= 1
            continue
        break
    return start, has_det


def _np_or_apposition(
    text: str, span: tuple[int, int], floor: int, comma: bool, lex: Lexicon
) -> tuple[int, int] | None:
    """The speaker phrase ``span``, widened to the name before it when it is a description in
    apposition; a phrase followed by a comma is kept only when it names someone."""
    named = _has_name_head(text[span[0] : span[1]], lex.titles)
    if comma and named:
        outer = _outer_name(text, floor, span[0], lex)
        if outer is not None:
            return outer  # "Jane Roe, who met Sen. Jan Olsen, said": Roe, not Olsen
        return span  # a name in apposition: "Ukraine’s president, Volodymyr Zelenskyy, said"
    if not named:
        # a description in apposition: "Dmitry Peskov, Putin’s spokesperson, said"
        before = text[floor : span[0]].rstrip()
        if before.endswith(","):
            name = _np_before(text, floor + len(before) - 1, floor, lex)
            if name and _has_name_head(text[name[0] : name[1]], lex.titles):
                return (name[0], span[1])
        if comma:
            # "Jane Roe, the head of the Harbour Agency, said": Roe, whom the description
            # ending in the body is about (not a name in a phrase before her)
            return _outer_name(text, floor, span[0], lex)
    return None if comma else span


@functools.cache
def _outer_pattern(language: ModuleType) -> re.Pattern[str]:
    dets = "|".join(sorted(language.DETERMINERS - {"one", "that", "this"}))
    conj = "|".join(sorted(language.COORDINATORS))
    return re.compile(
        rf"(?<![\w'’.-])((?:[A-Z][\w'’.-]*\s+){{0,3}}[A-Z][\w'’-]+),\s+"
        rf"(?:{language.RELATIVE_WHO}\s|(?:{dets})\s|(?!(?:{conj})\s)[a-z][\w-]*\s)"
        r"[^,;:!?\"“”\n]{1,200}$"
    )


def _outer_name(text: str, floor: int, pos: int, lex: Lexicon) -> tuple[int, int] | None:
    """The name that a relative clause or a description ending at ``pos`` is about ("Jane
    Roe, who is set to unveil it with Sen. Jan Olsen,"; "Jane Roe, the director of the group
    Harbour Watch,"): the subject before the verb that follows, not the name that closes the
    clause; None when there is none."""
    m = _outer_pattern(lex.language).search(text, max(floor, pos - 260), pos)
    if m is None or not _has_name_head(m.group(1), lex.titles):
        return None
    return m.span(1)


@functools.lru_cache(maxsize=2048)  # pure; asked about one phrase by several rules
def _has_name_head(surface: str, titles: frozenset[str]) -> bool:
    """True when the phrase (before any comma) ends in a capitalised, non-possessive word that
    is not a role noun ("Officials" at a sentence start is not a name)."""
    core = surface.split(",")[0].strip()
    words = _WORD_RE.findall(core)
    if not words:
        return False
    last = words[-1]
    if last.lower() in titles:
        return False
    return _is_cap(last) and not core.endswith(("’s", "'s", "’", "'"))


def _name_as_written(surface: str, lex: Lexicon) -> str:
    """The personal name in a phrase: the last run of capitalised words before any comma,
    without leading capitalised role words and whatever precedes the last of them ("Foreign
    Minister Sergei Lavrov", "U.N. Secretary-General Sergei Lavrov" -> "Sergei Lavrov")."""
    return _name_written(surface, lex.titles, lex.language)


@functools.lru_cache(maxsize=2048)  # pure; asked about one phrase by several rules
def _name_written(surface: str, titles: frozenset[str], lg: ModuleType) -> str:
    """:func:`_name_as_written` on the lexicon's ``titles`` and the language ``lg``."""
    core = surface.split(",")[0].strip()
    spans = [(m.start(), m.end()) for m in _WORD_RE.finditer(core)]
    run: list[tuple[int, int]] = []
    for s, e in spans:
        w = core[s:e]
        gap = core[run[-1][1] : s].strip() if run else ""
        joined = not gap or (gap == "." and _abbrev(core[run[-1][0] : run[-1][1]], lg))
        if _is_cap(w) and not _is_poss(core, e) and joined:
            run.append((s, e))
        elif _is_cap(w) and not _is_poss(core, e):
            run = [(s, e)]
        else:
            run = []
    while len(run) > 1 and (
        core[run[0][0] : run[0][1]].lower() in titles
        or core[run[0][0] : run[0][1]].lower() in lg.DETERMINERS
        or core[run[0][0] : run[0][1]].lower() in lg.TITLES
    ):
        run = run[1:]
    # "U.N. Secretary-General Jane Doe", "Harbour Authority Chief Jan Olsen": the name follows
    # the last role word of the run
    roles = [
        k
        for k, (s, e) in enumerate(run[:-1])
        if any(part in titles for part in core[s:e].lower().split("-"))
        or core[s:e].lower() in lg.TITLES
        or core[s:e].lower() in lg.PARTY_NOUNS  # "New York Democrat Jane Roe"
    ]
    if roles:
        run = run[roles[-1] + 1 :]
    if not run:
        return core
    name = core[run[0][0] : run[-1][1]]
    owned = _OWNED_NAME.search(name)
    return name[owned.end() :] if owned else name  # "Harbour Authority's Jan Olsen": Olsen's


_OWNED_NAME = re.compile(r".*['’]s\s+(?=[A-Z])")  # "the Authority's Jan Olsen": the owner


def _fronted_participle(text: str, m: re.Match[str], limit: int, language: ModuleType) -> bool:
    """Does the word ``m`` open a participle phrase ("Backed into a corner, ", "Pressed on the
    cost, "): a capitalised -ed or -ing word of five letters or more before a preposition or
    a determiner?"""
    w = m.group()
    if len(w) < 5 or not w[0].isupper() or not w[1:].islower() or not w.endswith(("ed", "ing")):
        return False
    nxt = _NEXT_WORD.match(text, m.end(), limit)
    return nxt is not None and (
        nxt.group(1) in language.PHRASE_STOP
        or nxt.group(1) in language.PREPOSITIONS
        or nxt.group(1) in language.DETERMINERS
    )


def _headline_end(
    text: str, m: re.Match[str], limit: int, language: ModuleType
) -> re.Match[str] | None:
    """The capitalised INTRO word that opens the first sentence after a title-case headline
    glued to it ("… Water To Sea As Velmora burned, …": "As"): in a run of capitalised words
    from ``m`` holding a capitalised small word of titles after its first ("To", "By") and
    running on into a lower-case word, the last INTRO word among its last three words (from
    its third word on); else None."""
    run, small, after = [], False, None
    for w in _WORD_RE.finditer(text, m.start(), limit):
        if not w.group()[:1].isupper() or len(run) >= 12:
            after = w
            break
        if run and w.group().lower() in language.TITLE_SMALL_WORDS:
            small = True
        run.append(w)
    if not small or after is None or text[run[-1].end() : after.start()].strip():
        return None  # "X To Oil Reps: …": no sentence runs on in lower case
    found = [w for w in run[max(2, len(run) - 3) :] if w.group().lower() in language.INTRO]
    return found[-1] if found else None


@functools.lru_cache(maxsize=1024)  # pure; the rules ask it about one sentence start again
def _skip_intro(text: str, pos: int, limit: int, language: ModuleType) -> int:
    """Skip sentence-initial adverbials ("Earlier in the day, ", "However, ", "But "): the
    INTRO and CONJ_ADVERBS of ``language``, and fronted participle phrases ("Backed into a
    corner, ")."""
    for _ in range(3):
        m = _WORD_RE.search(text, pos, limit)
        # a headline's run starts with a capital: only then can it end in a glued INTRO word
        glued = _headline_end(text, m, limit, language) if m and m.group()[:1].isupper() else None
        if glued is not None:
            pos, m = glued.start(), glued  # a headline glued to the sentence: its first word
        if (
            not m
            or text[pos : m.start()].strip(' \t\n—–-"“‘(')
            or not (
                m.group().lower() in language.INTRO or _fronted_participle(text, m, limit, language)
            )
        ):
            return pos
        comma = text.find(",", m.end(), limit)
        # a word is one character at least: a stretch of 12 or fewer holds 12 words at most
        short = comma != -1 and (
            comma - m.end() <= 12 or len(_WORD_RE.findall(text, m.end(), comma)) <= 12
        )
        if short:
            pos = comma + 1
        elif m.group().lower() in language.CONJ_ADVERBS:
            pos = m.end()
        else:
            return pos
    return pos


# --------------------------------------------------------------------------------------------
# per-article context


class _Context(NamedTuple):
    text: str
    lex: Lexicon
    resolve: Callable[[str], str | None]  # resolve_actor with the catalog bound (memoised)
    mentions: list[_Mention]  # catalog mentions outside quotes, by start
    affiliation: dict[str, str]  # actor -> affiliation
    sentences: list[tuple[int, int]]  # sentence spans, by start
    sentence_starts: list[int]
    quotes: list[_Span]
    types: dict[str, str]  # actor -> person | institution
    said: list[tuple[int, str]]  # (end, speaker) of the quotes attributed to a named person
    heard: list[tuple[int, str]]  # (end, speaker) of the quotes with a speaker of their own
    genders: dict[str, str]  # person -> "m" | "f" where the article shows it (_genders)
    # institutions by the last space-separated word of their name (_Catalog.bodies_ending)
    bodies_ending: dict[str, list[str]] | None = None


def _inside_quote(pos: int, quotes: Sequence[_Span]) -> bool:
    # quotes are sorted by start and do not overlap (quote_spans): bisect, not a scan
    k = bisect_right(quotes, pos, key=_START) - 1
    return k >= 0 and pos < quotes[k].end


def _sentence_at(ctx: _Context, pos: int) -> int:
    """Index into ctx.sentences of the sentence holding ``pos`` (the last starting at or before)."""
    return bisect_right(ctx.sentence_starts, pos) - 1


def _affiliation_hint(surface: str, ctx: _Context) -> str | None:
    """A catalog affiliation named by a demonym in a description ("the Russian minister" ->
    Russia): the word and the affiliation share their first five letters (or are equal)."""
    affs = sorted(set(ctx.affiliation.values()))
    for w in _WORD_RE.findall(surface):
        if not _is_cap(w):
            continue
        for a in affs:
            if w.lower() == a.lower() or (len(a) > 3 and w[:5].lower() == a[:5].lower()):
                return a
    return None


def _antecedent(
    ctx: _Context,
    pos: int,
    kind: str,
    affiliation: str | None,
    sent_start: int,
    pronoun: str = "",
) -> str | None:
    """The actor a pronoun/description at ``pos`` refers to: the first non-possessive mention of
    the right type in the current sentence before ``pos`` that is no object of a preposition
    (or its subject, a description bound to a name), else the speaker of the quote just before
    (a person: see :func:`_last_heard`), else in each earlier sentence (up to 8 back; with no
    person in the previous sentence, the person last quoted by name within two sentences),
    else the last mention of that type before ``pos``. A gendered ``pronoun`` (or one at
    ``pos``) skips the persons the article gives the other gender (:func:`_genders`)."""
    person = kind == "person" and affiliation is None
    if person and ctx.genders:
        ctx = _same_gender(ctx, pos, pronoun)
    fronted = _FRONTED_DESCRIPTION.match(ctx.text, sent_start, pos)
    # "A former Brandt campaign aide, he said": the description is the pronoun's, not its
    # antecedent's; look before the sentence
    found = None if fronted else _first_mention(ctx, sent_start, pos, kind, affiliation, True)
    if not found and person and not fronted:
        found = _titled_subject(ctx, sent_start, pos)
    if not found and not fronted:
        found = _possessor_subject(ctx, sent_start, pos, kind, affiliation)
    if found:
        return found
    k = _sentence_at(ctx, sent_start - 1) if sent_start > 0 else -1
    if person:
        found = _last_heard(ctx, ctx.sentences[max(k - 1, 0)][0] if k >= 0 else sent_start, pos)
        if found:
            return found
    for idx in range(k, max(k - 8, -1), -1):
        s, e = ctx.sentences[idx]
        found = _titled_subject(ctx, s, min(e, pos)) if person else None
        found = found or _first_mention(ctx, s, min(e, pos), kind, affiliation)
        if not found and idx == k and kind == "person" and affiliation is None:
            found = _last_quoted(ctx, k, pos)
        if found:
            return found
    # the last mention (in start order) ending before pos; it starts before pos too
    for k in range(bisect_left(ctx.mentions, pos, key=_START) - 1, -1, -1):
        m = ctx.mentions[k]
        if m.end <= pos and _fits(ctx, m, kind, affiliation) and not _compound(ctx, m):
            return m.actor
    return None


# a sentence opening with a description of the pronoun that follows it ("A former X aide, he")
_FRONTED_DESCRIPTION = re.compile(r"\s*(?:A|An|The|Former)\s+[^,.;:!?\"“”]{1,80},\s*$")
_PRONOUN_AT = re.compile(r"[A-Za-z]+\b")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\.?\s+$")


def _same_gender(ctx: _Context, pos: int, pronoun: str) -> _Context:
    """The context without the persons of the other gender when ``pronoun`` (else the word at
    ``pos``) is a gendered pronoun ("he" never refers to a person the article calls "she")."""
    if not pronoun:
        m = _PRONOUN_AT.match(ctx.text, pos)
        pronoun = m.group() if m else ""
    want = ctx.lex.language.PRONOUN_GENDER.get(pronoun.lower())
    if want is None:
        return ctx
    other = {a for a, g in ctx.genders.items() if g != want}
    if not other:
        return ctx
    return ctx._replace(
        mentions=[x for x in ctx.mentions if x.actor not in other],
        said=[x for x in ctx.said if x[1] not in other],
        heard=[x for x in ctx.heard if x[1] not in other],
    )


def _genders(
    text: str,
    mentions: list[_Mention],
    quotes: Sequence[_Span],
    sentences: list[tuple[int, int]],
    lg: ModuleType,
) -> dict[str, str]:
    """Person -> "m" | "f" where the article shows it: :func:`analysis.attribution.
    person_genders` on the person mentions (an honorific or gendered title before a name, a
    pronoun with one person named before it)."""
    persons = [(m.start, m.end, m.actor) for m in mentions if m.type == "person"]
    if not persons:
        return {}
    return person_genders(text, persons, lambda i: _inside_quote(i, quotes), sentences, lg)


def _possessor_subject(
    ctx: _Context, a: int, b: int, kind: str, affiliation: str | None
) -> str | None:
    """The possessor that opens the sentence a..b, before ``b`` ("Jane Roe's plan, which she
    says …": Roe), when it is of the right type; else None."""
    p = _skip_intro(ctx.text, a, b, ctx.lex.language)
    fronted = _FRONTED_PREPOSITION.match(
        ctx.text, a + len(ctx.text[a:b]) - len(ctx.text[a:b].lstrip()), b
    )
    if fronted:
        p = fronted.end()  # "During Jane Roe's testimony, she dodged …": Roe (eighth pass)
    k = bisect_left(ctx.mentions, p, key=_START)
    if k < len(ctx.mentions):
        m = ctx.mentions[k]
        if m.start == p and m.end < b and m.possessive and _fits(ctx, m, kind, affiliation):
            if _QUOTED_AFTER.match(ctx.text, m.end):
                return None  # 'Jan Olsen's “long record …,” she said': Olsen is quoted about
            return m.actor
    return None


# a fronted prepositional phrase whose object a possessor opens ("During Roe's testimony,")
_FRONTED_PREPOSITION = re.compile(
    r"(?:During|In|At|After|Before|Since|Following|Throughout|Despite)\s+(?=[A-Z][^,.;:!?]{0,80},)"
)


def _titled_subject(ctx: _Context, a: int, b: int) -> str | None:
    """The name, as written, of a person outside the catalog who is the subject of the span
    a..b with an honorific or title before the name ("On Monday, Sen. Jane Roe cribbed …"), else
    None."""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    if _inside_quote(a, ctx.quotes):
        return None
    m = _TITLED.match(ctx.text, _skip_intro(ctx.text, a, b, lg), b)
    if m is None:
        return None
    first = m.group(1).lower()
    if first not in lg.TITLES and first not in ctx.lex.titles:
        return None
    name = m.group(2)
    if ctx.resolve(name) is not None or ctx.resolve(m.group()) is not None:
        return None  # a catalog actor: its mention answers
    return _name_as_written(name, ctx.lex)


def _fits(ctx: _Context, m: _Mention, kind: str, affiliation: str | None) -> bool:
    if m.type != kind:
        return False
    return affiliation is None or ctx.affiliation.get(m.actor) == affiliation


def _first_mention(
    ctx: _Context, a: int, b: int, kind: str, affiliation: str | None, strict: bool = False
) -> str | None:
    """The subject of the span a..b when it is a bound description, else its first
    non-possessive mention of the right type that is no object of a preposition ("talk to
    Trump", "before Trump was elected") other than the agent's "by"; with none, unless
    ``strict``, the first non-possessive one."""
    if kind == "person" and affiliation is None:
        who = _description_subject(ctx, a, b)
        if who:
            return who
    fallback = None
    for k in range(bisect_left(ctx.mentions, a, key=_START), len(ctx.mentions)):
        m = ctx.mentions[k]
        if m.start >= b:
            break
        if not m.possessive and _fits(ctx, m, kind, affiliation) and not _compound(ctx, m):
            lg = ctx.lex.language
            if not _after_preposition(ctx.text, m.start, lg) or _is_agent(ctx.text, m.start, lg):
                return m.actor  # a subject, or the agent of a passive ("echoed by Jane Roe")
            fallback = fallback or m.actor
    return None if strict else fallback


def _compound(ctx: _Context, m: _Mention) -> bool:
    """Is the mention the first part of a hyphenated modifier ("an Obama-era rule", "a
    Roe-backed bill"): a name in a compound is no subject and no antecedent (eighth pass)."""
    return ctx.text[m.end : m.end + 1] in ("-", "‐", "‑")


def _after_preposition(text: str, pos: int, lg: ModuleType) -> bool:
    """Does a preposition or subordinator stand right before ``pos`` ("to Trump")?"""
    m = _LAST_WORD.search(text, max(0, pos - 20), pos)
    return m is not None and m.group(1).lower() in lg.OBJECT_PREPOSITIONS


def _last_heard(ctx: _Context, since: int, pos: int) -> str | None:
    """The speaker of the last attributed quote before ``pos`` when it ends at or after
    ``since`` (two sentences back) and no person is named as a subject between it and
    ``pos`` ("“…,” Ross said. “…,” he added"; "One official replied: “…” He added: “…”")."""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    k = bisect_right(ctx.heard, pos, key=_FIRST) - 1
    if k < 0 or ctx.heard[k][0] < since:
        return None
    end, who = ctx.heard[k]
    for j in range(bisect_left(ctx.mentions, end, key=_START), len(ctx.mentions)):
        m = ctx.mentions[j]
        if m.start >= pos:
            break
        named = m.type == "person" and m.actor != who and not m.possessive
        if named and (
            not _after_preposition(ctx.text, m.start, lg) or _is_agent(ctx.text, m.start, lg)
        ):
            return None  # "Jane Roe answered", "the view was echoed by Jane Roe"
    # a sentence in between whose subject is someone else, named or not in the catalog, or a
    # pronoun of its own ("On Monday, Sen. Jane Roe cribbed …", "He gets his food …")
    for j in range(bisect_right(ctx.sentence_starts, end), len(ctx.sentences)):
        a, b = ctx.sentences[j]
        if a >= pos:
            break
        if _inside_quote(a, ctx.quotes) or _inside_quote(a + 1, ctx.quotes):
            continue  # a sentence of a quote: its words are not the narrative's
        np = _np_after(ctx.text, _skip_intro(ctx.text, a, b, lg), min(b, pos), ctx.lex)
        if np is None:
            continue
        surface = ctx.text[np[0] : np[1]]
        if surface.lower() in lg.PRONOUNS:
            if np[0] < pos:  # not the pronoun being resolved
                return None
        elif _has_name_head(surface, ctx.lex.titles) and who != (
            ctx.resolve(surface) or _name_as_written(surface, ctx.lex)
        ):
            return None
    return who


def _is_agent(text: str, pos: int, lg: ModuleType) -> bool:
    """Does the agent word of a passive ("by") stand right before ``pos``?"""
    m = _WORD_BEFORE.search(text, max(0, pos - 20), pos)
    return m is not None and m.group(1).lower() == lg.AGENT_BY


def _last_quoted(ctx: _Context, k: int, pos: int) -> str | None:
    """The person last quoted by name when that quote ends within the sentences k-1..k
    ("…,” Ross said. '…,' he said")."""
    if not ctx.said:
        return None
    end, who = ctx.said[-1]
    return who if ctx.sentences[max(k - 1, 0)][0] <= end < pos else None


@functools.cache
def _stopwords(language: ModuleType) -> frozenset[str]:
    return lang.load_stopwords(language=language)


def _common_word(name: str, text: str, lg: ModuleType) -> bool:
    """Is a one-word "name" a common word: a stop word, or written in lower case elsewhere in
    the article ("Around", "Using", "Democratic"), and never part of a longer name there (as
    "May" is in "Theresa May", "Mrs. May")?"""
    if " " in name or not name.isalpha():
        return False
    low = name.lower()
    common = low in _stopwords(lg) or low in lg.INTRO or low in lg.PHRASE_STOP
    if not common and not _lone_word_in(text, low):
        return False
    return not _after_name_word(text, name, lg)


_NO_WORD_BEFORE = re.compile(r"(?<![\w-])")
_RUN_CHAR = re.compile(r"[\w'’-]")  # a word character, apostrophe or hyphen: a run goes on
_NO_WORD_AFTER = re.compile(r"(?![\w-])")


def _lone_word_in(text: str, word: str) -> bool:
    r"""Does ``word`` stand alone in ``text`` (``(?<![\w-])word(?![\w-])`` matches) anywhere?
    Each occurrence is tested with two fixed patterns, none compiled per word (articles bring
    more distinct words than ``re``'s own cache holds)."""
    p = text.find(word)
    while p >= 0:
        if _NO_WORD_BEFORE.match(text, p) and _NO_WORD_AFTER.match(text, p + len(word)):
            return True
        p = text.find(word, p + 1)
    return False


@functools.lru_cache(maxsize=4096)
def _name_after_word_re(name: str, lg: ModuleType) -> re.Pattern[str]:
    titles = "|".join(sorted(lg.TITLES))
    before = rf"(?:[A-Z][\w'’-]*|(?i:{titles})\.)[ \t]+"  # "Theresa May", "Mrs. May"
    return re.compile(rf"{before}{re.escape(name)}(?![\w-])")


def _after_name_word(text: str, name: str, lg: ModuleType) -> bool:
    """Does ``name`` follow a capitalised word or a title with a full stop, then spaces or
    tabs, anywhere in ``text`` (``_name_after_word_re`` matches)? Tried only where a match
    can start: before an occurrence of ``name``, the spaces, then the run of word characters,
    apostrophes and hyphens or the title (at most the longest title and its stop) before them."""
    regex = _name_after_word_re(name, lg)
    reach = max(map(len, lg.TITLES), default=0) + 1
    p = text.find(name)
    while p >= 0:
        k = p
        while k > 0 and text[k - 1] in " \t":
            k -= 1
        if k < p:
            j = k
            while j > 0 and _RUN_CHAR.match(text, j - 1) is not None:
                j -= 1
            for s in range(min(j, max(0, k - reach)), k):
                if regex.match(text, s) is not None:
                    return True
        p = text.find(name, p + 1)
    return False


def _speaker_from_np(ctx: _Context, span: tuple[int, int], pos: int, sent_start: int) -> _Attr:
    """Speaker, surface and resolution for a speaker phrase found at ``span``."""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    surface = ctx.text[span[0] : span[1]].strip().rstrip(",").strip()
    low = surface.lower()
    where = {"np_start": span[0], "np_end": span[1]}
    pos = min(pos, span[0])
    if lg.PRONOUNS.get(low) == "institution":
        body = _institution_pronoun(ctx, pos, sent_start)
        if body is not None:
            return _Attr(body, surface, "pronoun", **where)
    if low in lg.PRONOUNS:
        actor = _antecedent(ctx, pos, lg.PRONOUNS[low], None, sent_start, low)
        return _Attr(actor or "", surface, "pronoun", **where)
    if low in lg.OTHER_PRONOUNS:
        # the author's "I" outside quotation marks ("I told the board, “…”"): a person the
        # text does not name, an unnamed source (gold convention 71)
        author = low in lg.AUTHOR_PRONOUNS and not _inside_quote(span[0], ctx.quotes)
        return _Attr(UNNAMED if author else "", surface, "pronoun", **where)
    words = low.split()
    if (
        words
        and words[-1].strip("’'") in lg.DOCUMENT_NOUNS
        and words[0] in lg.DEFINITE
        and surface.islower()
    ):
        # "the document makes clear: “…”": a document is never a speaker, its issuer is
        issuer = _referred_issuer(ctx, pos, sent_start, words[-1].strip("’'"), back=3)
        return _Attr(issuer or "", surface, "title", **where)
    special = _relative_or_headline(ctx, surface, span, sent_start) or _member_attr(
        ctx, surface, words, where
    )
    if special is not None:
        return special
    if all(w in lg.PHRASE_STOP or w in lg.INTRO or w in lg.NOT_SUBJECTS for w in words):
        return _Attr("", surface, "none", **where)  # "After", "When": no speaker
    if words[0] in lg.COUNT_WORDS or words[0] in lg.NOT_SUBJECTS:
        return _Attr(UNNAMED if words[0] in lg.COUNT_WORDS else "", surface, "title", **where)
    of = re.match(r"(.+?)\s+of\s+", surface)
    if of and _has_name_head(of.group(1), ctx.lex.titles):
        body = _body_across_of(ctx, surface, span, len(of.group(1)))
        if body is not None:
            return _Attr(body, surface, "name", **where)  # "the Department of the Interior"
        surface = of.group(1)  # "Jane Doe of the Harbour Authority": Jane Doe
    actor = ctx.resolve(surface)
    if _has_name_head(surface, ctx.lex.titles):
        return _named(ctx, surface, actor, span, sent_start)
    return _described(ctx, surface, words, actor, pos, sent_start, where)


def _institution_pronoun(ctx: _Context, pos: int, sent_start: int) -> str | None:
    """ "it" as a speaker: the body that is a subject before it in its sentence ("Though the
    agency does not name it, it points out"); else the issuer of a statement named in the
    sentence or the one before ("it said" after "issued a joint statement"); else None."""
    body = _nearest_body(ctx, sent_start, pos)
    return body if body is not None else _document_issuer(ctx, pos, sent_start, back=1)


def _nearest_body(ctx: _Context, a: int, pos: int) -> str | None:
    """The last body named in a..pos as no possessor and no object of a preposition (the
    agent's "by" aside): "X, a consortium that backs what it calls": X."""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    for k in range(bisect_left(ctx.mentions, pos, key=_START) - 1, -1, -1):
        m = ctx.mentions[k]
        if m.start < a:
            break
        if m.end > pos or m.possessive or not _fits(ctx, m, "institution", None):
            continue
        if not _after_preposition(ctx.text, m.start, lg) or _is_agent(ctx.text, m.start, lg):
            return m.actor
    return None


def _body_across_of(ctx: _Context, surface: str, span: tuple[int, int], cut: int) -> str | None:
    """The catalog body whose mention runs across the "of" at ``cut`` characters into
    ``surface`` ("the Department of the Interior"), else None ("Jane Doe of the Authority")."""
    at = ctx.text.find(surface, span[0], span[1] + 1) + cut
    k = bisect_right(ctx.mentions, at, key=_START) - 1
    m = ctx.mentions[k] if k >= 0 else None
    if m and m.end > at and ctx.types.get(m.actor) == "institution":
        return m.actor
    return None


def _named(
    ctx: _Context, surface: str, actor: str | None, span: tuple[int, int], sent_start: int
) -> _Attr:
    """The speaker of a phrase headed by a name: the catalog actor, else the name as written;
    no one for a common word ("Around 44,000 troops"); a document's issuer for a document's
    name ("the Green New Deal … calling on")."""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    where = {"np_start": span[0], "np_end": span[1]}
    written = _name_as_written(surface, ctx.lex)
    last = written.split()[-1].lower()
    party = last in lg.PARTY_NOUNS and actor in (None, written)
    if party and surface.lower().startswith("the "):
        # "the New York Democrat said": a description of a person named before
        who = _antecedent(ctx, span[0], "person", None, sent_start)
        return _Attr(who or UNNAMED, surface, "title", **where)
    if (
        actor
        and ctx.types.get(actor) == "institution"
        and ctx.resolve(written) is None
        and not actor.endswith(" " + written)
    ):
        # "U.N. Secretary-General Jane Doe" with Jane Doe not in the catalog (not "the State
        # Department", whose first word is also a role word: the body itself)
        actor = None
    if actor is None and _common_word(written, ctx.text, lg):
        return _Attr("", surface, "none", **where)
    if actor is None:
        actor = _short_name(ctx, surface, written, span[0], sent_start)
    if actor is None and surface.split()[-1].lower() in lg.DOCUMENT_NAME_WORDS:
        written = _document_issuer(ctx, span[1], sent_start, back=0) or ""
        return _Attr(written, surface, "title", **where)
    return _Attr(actor or written, surface, "name", **where)


def _short_name(ctx: _Context, surface: str, written: str, pos: int, sent_start: int) -> str | None:
    """An actor a name outside the catalog stands for: the one institution whose name ends in
    that word ("the Times" -> Los Angeles Times); else None."""
    words = written.split()
    if len(words) == 1:
        if ctx.bodies_ending is not None and written == words[0]:  # no space in it or around
            bodies = ctx.bodies_ending.get(written, [])
        else:
            bodies = [
                a for a, t in ctx.types.items() if t == "institution" and a.endswith(" " + written)
            ]
        if len(bodies) == 1:
            return bodies[0]
    return None


def _relative_or_headline(
    ctx: _Context, surface: str, span: tuple[int, int], sent_start: int
) -> _Attr | None:
    """The attribution of a relative pronoun ("the FAQ released by Jane Roe's office that said
    …": the document's issuer) or of an upper-case headline or teaser line (no speaker); None
    for any other phrase."""
    where = {"np_start": span[0], "np_end": span[1]}
    if surface.lower() in ctx.lex.language.RELATIVES:
        issuer = _document_issuer(ctx, span[0], sent_start, back=0)
        return _Attr(issuer or "", surface, "title" if issuer else "none", **where)
    if " " in surface and surface.isupper():
        return _Attr("", surface, "none", **where)
    return None


def _document_issuer(ctx: _Context, pos: int, sent_start: int, back: int = 3) -> str | None:
    """Who issued the document last named before ``pos`` (in its sentence or up to ``back``
    sentences before): see :func:`_issuer_of`, tried at that document and then at every
    document named up to ten sentences further back (a bill is described at length after
    the sentence that names its sponsor); "" when no issuer is found, None when no document
    is named."""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    text = ctx.text
    k = _sentence_at(ctx, sent_start)
    spans = [(sent_start, pos)] + [
        (ctx.sentences[j][0], min(ctx.sentences[j][1], sent_start))
        for j in range(k - 1, max(k - 1 - back - 40, -1), -1)
    ]
    seen = None
    for n, (a, b) in enumerate(spans):
        docs = [d for d in _doc_matches(text, a, b, lg) if not _inside_quote(d[0], ctx.quotes)]
        if not docs:
            if seen is None and n >= back:
                return None
            continue
        seen = seen if seen is not None else n
        end = ctx.sentences[k][1] if n == 0 and k >= 0 else b  # "by X" may follow ``pos``
        for d in reversed(docs):
            who = _issuer_of(ctx, d, a, max(end, b))
            if who:
                return who
    return None if seen is None else ""


def _referred_issuer(
    ctx: _Context, pos: int, sent_start: int, head: str, back: int = 3
) -> str | None:
    """The issuer of a document referred back to by its noun ("the report says", "according
    to the assessment"): an issuer named in its own sentence ("the report put out by X");
    else the issuer of the last document before it with the same noun whose issuer the
    article names ("the IPCC's report" ... "the report says": the IPCC), carried forward
    like a person's name across the article; else :func:`_document_issuer`."""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    k = _sentence_at(ctx, sent_start)
    end = ctx.sentences[k][1] if k >= 0 else len(ctx.text)
    kind = lg.FINDING_DOCUMENTS if head in lg.FINDING_DOCUMENTS else {head}
    own = _doc_matches(ctx.text, sent_start, end, lg)
    # ninth pass: a document of the same kind first ("X's plan ... FreedomWorks issued a
    # statement ... the statement said": the statement's issuer, not the plan's)
    own = [d for d in own if _doc_head(ctx.text, d) in kind] + [
        d for d in own if _doc_head(ctx.text, d) not in kind
    ]
    for d in own:
        who = None if _inside_quote(d[0], ctx.quotes) else _issuer_of(ctx, d, sent_start, end)
        if who:
            return who
    docs = [
        d
        for d in _doc_matches(ctx.text, 0, sent_start, lg)
        if not _inside_quote(d[0], ctx.quotes) and _doc_head(ctx.text, d) in kind
    ]
    for d in reversed(docs):
        k = _sentence_at(ctx, d[0])
        if k < 0:
            continue
        a, b = ctx.sentences[k][0], min(ctx.sentences[k][1], sent_start)
        who = _issuer_of(ctx, d, a, b)
        if who:
            return who
    return _document_issuer(ctx, pos, sent_start, back=back)


def _doc_head(text: str, doc: tuple[int, int]) -> str:
    """The document noun heading a document span ("report" for "the IPCC report" and for
    "National Climate Assessment": "assessment")."""
    words = _WORD_RE.findall(text[doc[0] : doc[1]])
    return words[-1].strip("’'").lower() if words else ""


@functools.lru_cache(maxsize=512)  # pure; the issuer rules scan the same sentences per quote
def _doc_matches(text: str, a: int, b: int, lg: ModuleType) -> tuple[tuple[int, int], ...]:
    """Spans of the documents named in a..b: document nouns ("the resolution") and names
    ending in a document word ("the Green New Deal"), by start."""
    pats = _speaker_patterns(lg)
    found = {m.span() for m in pats.doc.finditer(text, a, b)}
    if _doc_name_word(lg).search(text, a, b) is not None:
        # a name's match holds one of its document words (a shortcut: most stretches have
        # none, and this pattern, opening with a literal, skips to them)
        found |= {m.span(1) for m in pats.doc_name.finditer(text, a, b)}
    return tuple(sorted(found))


@functools.cache
def _doc_name_word(language: ModuleType) -> re.Pattern[str]:
    """The last part of :data:`_SpeakerPatterns.doc_name`: a capitalised document word."""
    names = "|".join(sorted(w.capitalize() for w in language.DOCUMENT_NAME_WORDS))
    return re.compile(rf"(?:{names})(?![\w-])")


def _issuer_of(ctx: _Context, doc: tuple[int, int], a: int, b: int) -> str | None:
    """The issuer of the document at ``doc`` in the sentence a..b, or None: "by/from X" after
    it ("a resolution drafted by Jane Roe", "the plan, pushed by Jane Roe,"); its possessor
    ("Roe's bill", "his plan"); a name right after it ("the bill Roe and Olsen unveiled"); the
    subject of a verb of issuing before it ("Roe introduced the bill", "The leaders issued a
    joint statement", "the EPA said in a statement"); the agent of a passive ("was adopted by
    the members of X")."""
    who = _issuer_named(ctx, doc, a, b)
    if who:
        return who
    who = _issuer_subject(ctx, doc, a, b)
    words = (who or "").lower().split()
    if (
        len(words) == 2
        and words[1] == "administration"
        and ctx.types.get(who) == "institution"
        and _doc_head(ctx.text, doc) in ctx.lex.language.FINDING_DOCUMENTS
    ):
        # "the Doe administration released its report": an administration releases the
        # state's reports, it does not write them (gold convention 42: release is not
        # authorship)
        return _one_government(ctx) or who
    return who


def _issuer_named(ctx: _Context, doc: tuple[int, int], a: int, b: int) -> str | None:
    """The issuer of :func:`_issuer_of` named by "by/from X", a possessor, a catalog body right
    before the document noun ("a NOAA report") or a name after."""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    text, pats = ctx.text, _speaker_patterns(lg)
    by = pats.by.match(text, doc[1], b)
    if by and not _BY_GERUND.search(by.group() + text[by.end() : b][:30]):
        state = _state_issuer(ctx, doc)
        if state is not None and not _authored(by.group(), lg):
            return state  # "a government report published by the Times": the state's words
        who = _issuer_name(ctx, by.end(), b, a)
        if who and who.lower() not in lg.DATE_WORDS:  # "draft legislation by January 1"
            return who
    k = bisect_left(ctx.mentions, doc[0], key=_START) - 1
    if k >= 0:
        m = ctx.mentions[k]
        between = text[m.end : doc[0]].strip()
        if m.type == "institution" and m.start >= a and _ACRONYM_BETWEEN.fullmatch(between):
            # "a NOAA report", "the Panel on Tides (PT) report": the body named as the
            # document's modifier
            return m.actor
    state = _state_issuer(ctx, doc)
    if state is not None:
        return state
    owner = _OWNER.search(text, max(a, doc[0] - 80), doc[0])
    if owner:
        word = owner.group(1) or owner.group(2)
        if word.lower() in _POSSESSIVE_PRONOUNS:
            return _antecedent(ctx, owner.start(2), "person", None, a)
        who = ctx.resolve(word) or (_name_as_written(word, ctx.lex) if _is_cap(word) else None)
        if who and who.lower() not in lg.DATE_WORDS and not _common_word(who, text, lg):
            return who
    after = _NAME_AFTER.match(text, doc[1], b)
    if after and not any(w.lower() in lg.DOCUMENT_NAME_WORDS for w in after.group(1).split()):
        return ctx.resolve(after.group(1))
    return None


def _authored(by: str, lg: ModuleType) -> bool:
    """Does the "by" phrase name a writer ("written by", "produced by"), not a publisher?"""
    return any(w.lower() in lg.AUTHORING_VERBS for w in _WORD_RE.findall(by))


def _state_issuer(ctx: _Context, doc: tuple[int, int]) -> str | None:
    """The catalog's one government for a document that a word right before its noun makes
    the state's ("a damning government report", "The federal report"); else None."""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    before = _WORD_RE.findall(ctx.text, max(0, doc[0] - 40), doc[0])[-2:]
    if not any(w.lower() in lg.STATE_DOCUMENT_MODIFIERS for w in before):
        return None
    return _one_government(ctx)


def _one_government(ctx: _Context) -> str | None:
    """The catalog's one government (a body whose name ends in a BODY_KIND_WORDS["govt"]
    word: "US government", not "Government Accountability Office"), else None."""
    govt = ctx.lex.language.BODY_KIND_WORDS["govt"]
    states = [
        a for a, t in ctx.types.items() if t == "institution" and a.lower().split()[-1] in govt
    ]
    return states[0] if len(states) == 1 else None


def _issuer_subject(ctx: _Context, doc: tuple[int, int], a: int, b: int) -> str | None:
    """The issuer of :func:`_issuer_of` as the subject of a verb of issuing or the agent of
    a passive."""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    text, pats = ctx.text, _speaker_patterns(lg)
    verb = _issuing_verb(ctx, doc[0], a)
    who = _verb_subject(ctx, verb, a) if verb is not None else None
    if who:
        return who
    agents = list(pats.agent_by.finditer(text, doc[1], b))
    issuing = [g for g in agents if _issued_before(text, g.start(), a, lg)]
    agent = (issuing or agents or [None])[0]  # "required by X and issued by Y": Y
    if agent and not _GERUND.match(text, agent.end(), b):
        # not "by releasing it": a gerund after "by" is a means, not an agent
        mentions = ctx.mentions
        for j in range(bisect_left(mentions, agent.end(), key=_START), len(mentions)):
            m = mentions[j]
            if m.start >= b or _CLAUSE_BREAK.search(text, agent.end(), m.start):
                break
            if not m.possessive:
                nxt = mentions[j + 1] if j + 1 < len(mentions) else None
                if nxt and nxt.type == "institution" and not text[m.end : nxt.start].strip():
                    return nxt.actor  # "by the UN Panel on Tides": the body, not its parent
                return m.actor
    return None


def _issued_before(text: str, pos: int, a: int, lg: ModuleType) -> bool:
    """Is the word before ``pos`` (a "by") a verb of issuing or writing ("issued by",
    "written by")?"""
    words = _WORD_RE.findall(text, max(a, pos - 30), pos)
    return bool(words) and (
        words[-1].lower() in lg.ISSUE_VERBS or words[-1].lower() in ("written", "prepared")
    )


_GERUND = re.compile(r"[a-z]+ing\b")
# "a report by releasing it": "by"/"from" then a gerund is a means, not an issuer
_BY_GERUND = re.compile(r"\b(?:by|from)\s+[a-z]+ing\b")
_CLAUSE_BREAK = re.compile(r"[,;:!?\"“”]")


_WHO_BEFORE = re.compile(r"(?<![\w'’-])who\s+(?:[\w'’-]+\s+){0,3}$")


def _verb_subject(ctx: _Context, verb: int, a: int) -> str | None:
    """The actor that is the subject of the verb at ``verb`` (sentence from ``a``): the phrase
    before it (the first of coordinated names, not the object of a preposition: "The leaders
    of A, B and C issued …" is not C), else the clause subject; a pronoun is resolved."""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    text = ctx.text
    np = _np_before(text, verb, a, ctx.lex)
    rel = _WHO_BEFORE.search(text, max(a, verb - 60), verb) if np is None else None
    if rel is not None:
        np = _np_before(text, rel.start(), a, ctx.lex)  # "X who on Tuesday penned a letter"
    if np is not None:
        np = _first_conjunct(ctx, np, a)
        of = _NAME_OF.search(text, max(a, np[0] - 80), np[0])
        if of and of.end() == np[0]:
            np = (of.start(), np[1])  # "the Bank of Velmora released": one name (tenth pass)
        if _after_preposition(text, np[0], lg) and rel is None:
            np = None
    np = np or _clause_subject(ctx, a, verb)
    if not np or np[1] > verb:
        return None
    low = text[np[0] : np[1]].lower()
    if low in lg.PRONOUNS:
        if lg.PRONOUNS[low] != "person":
            return None
        return _antecedent(ctx, np[0], "person", None, a, low)
    if low.split()[-1].strip("’'") in lg.DOCUMENT_NOUNS:
        return None
    return _speaker_from_np(ctx, np, np[0], a).speaker or None


_POSSESSIVE_PRONOUNS = frozenset({"his", "her"})
# between a body's name and the document noun it modifies: nothing or its acronym in brackets
_ACRONYM_BETWEEN = re.compile(r"(?:\(\s*[A-Z][\w.&-]*\s*\)|\))?")
# "Jane Roe's bill", "his plan", "the EPA's report": the possessor right before a document
_OWNER = re.compile(
    r"(?<![\w'’.-])(?:((?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w-]*)['’]s?|([Hh]is|[Hh]er))(?![\w'’-]),?"
    r"(?:\s+[A-Z]-[A-Z][\w.-]*,)?(?:\s+[a-z][\w-]*){0,3}\s+$"
)
# "the bill Jane Roe and Jan Olsen unveiled": a name right after a document, then a verb
_NAME_AFTER = re.compile(r"\s+((?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’-]+)(?=\s+(?:and\s|[a-z]))")


def _issuing_verb(ctx: _Context, doc_start: int, a: int) -> int | None:
    """Start of the verb of issuing that governs a document starting at ``doc_start``: a verb of
    ISSUE_VERBS at most four words before it ("introduced the bill", "issued a joint
    statement"), or a reporting verb before "in a <document>" ("said in a statement")."""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    words = list(_WORD_RE.finditer(ctx.text, max(a, doc_start - 80), doc_start))[-5:]
    for i in range(len(words) - 1, -1, -1):
        w = words[i].group().lower()
        if w in lg.ISSUE_VERBS:
            return words[i].start()
        if (w in lg.PHRASE_STOP and w != "in") or (w in lg.DOCUMENT_NOUNS and i < len(words) - 1):
            return None  # "issued a statement criticizing the report": the statement's verb
        verb = "verb" in ctx.lex.roles.get(w, ())
        if verb and i + 1 < len(words) and words[i + 1].group().lower() == "in":
            return words[i].start()
    return None


def _issuer_name(ctx: _Context, pos: int, limit: int, sent_start: int) -> str | None:
    """The issuer named at ``pos`` after "by/from" (lower-case words already skipped): the
    first of coordinated names, a possessor ("by Jane Roe's office": Jane Roe)."""
    m = _ISSUER.match(ctx.text, pos, limit)
    if m is None:
        np = _np_after(ctx.text, pos, limit, ctx.lex)
        if np is None or not _is_cap(ctx.text[np[0] : np[1]]):
            return None
        return _speaker_from_np(ctx, np, np[0], sent_start).speaker or None
    name = m.group(1)
    k = bisect_left(ctx.mentions, m.start(1), key=_START)
    if k < len(ctx.mentions) and ctx.mentions[k].start == m.start(1):
        return ctx.mentions[k].actor  # "the Journal of Forestry": the whole catalog name
    who = ctx.resolve(name)
    if who is None and " " not in name and name.endswith("s"):
        return None  # "co-sponsored by several Democrats": a generic plural
    return who or _name_as_written(name, ctx.lex)


_ISSUER = re.compile(
    r"((?:[A-Z](?:[\w'’-]|\.(?=[A-Z]))*\.?\s+){0,4}[A-Z](?:[\w-]|\.(?=[A-Z]))*"
    r"(?:['’][A-Z][\w-]+)?)(?:['’]s?)?(?![\w'’-])"
)


def _proper_name(surface: str, lg: ModuleType) -> str | None:
    """The phrase without its determiner when every word of it is capitalised and it has two or
    more ("the Prime Minister's Office" -> "Prime Minister's Office"), else None."""
    words = surface.split()
    while words and words[0].lower() in lg.DETERMINERS:
        words = words[1:]
    if len(words) < 2 or not all(_is_cap(w) for w in words):
        return None
    return " ".join(words)


def _described(
    ctx: _Context,
    surface: str,
    words: list[str],
    actor: str | None,
    pos: int,
    sent_start: int,
    where: dict[str, int],
) -> _Attr:
    """Speaker of a description ("the EPA administrator", "a senior official"): see
    docs/METHODS.md, "Speakers"."""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    head = words[-1].strip("’'")
    # "Jane Roe administration officials", "Roe's aides": her people, unnamed (not Roe)
    people = head in lg.GENERIC_HEADS and head.endswith("s") and ctx.types.get(actor) == "person"
    if head in lg.DOCUMENT_NOUNS and actor is None:
        return _document_speaker(ctx, surface, pos, sent_start, where)
    if actor is None and words[0] in lg.DEFINITE:
        group = _group_or_body(ctx, surface, words, pos, sent_start, where)
        if group is not None:
            return group
        body = _body_by_head(ctx, words, pos)
        if body is not None:
            return _Attr(body, surface, "title", **where)
    person_role = head in ctx.lex.titles and head not in lg.BODY_NOUNS
    body = None
    if actor is not None and person_role and _modifies_role(surface, actor, ctx):
        # "the EPA administrator", "Putin's spokesman": not the body or Putin; a
        # spokesperson of a body with no name speaks for the body
        if head in lg.SPOKES and ctx.types.get(actor) == "institution":
            body = actor
        actor = None
    if actor is None and person_role:
        actor = _bound_title(ctx, surface, pos) or body
    if actor is None and not person_role:
        name = _proper_name(surface, lg)
        if name:
            # a body not in the catalog, named in capitals ("the Prime Minister's Office")
            return _Attr(name, surface, "name", **where)
    if people or (
        actor is None
        and (words[0] not in lg.DEFINITE or head in lg.GENERIC_HEADS or head.endswith("s"))
    ):
        return _Attr(UNNAMED, surface, "title", **where)
    # "the employee" of "the employee, who asked not to be named": unnamed, no antecedent
    if actor is None and (person_role or not _anonymous(ctx, head)):
        actor = _referred_person(ctx, surface, pos, sent_start, where["np_end"])
    return _Attr(actor or UNNAMED, surface, "title", **where)


def _referred_person(ctx: _Context, surface: str, pos: int, sent_start: int, np_end: int) -> str:
    """The person a description refers back to (the antecedent), or "" when that person is
    the object of the verb right after it ("The host asked Roe …": the host is not Roe)."""
    actor = _antecedent(ctx, pos, "person", _affiliation_hint(surface, ctx), sent_start)
    return "" if actor is None or _object_of_verb(ctx, np_end, actor) else actor


_ONE_VERB = re.compile(r"\s+[a-z]+\s+$")


def _object_of_verb(ctx: _Context, np_end: int, actor: str) -> bool:
    """Is ``actor`` named right after the one verb that follows a description ending at
    ``np_end`` ("The host asked Roe a question")? Then the actor is the verb's object and never
    its subject: a description is not the person it addresses (tenth pass, issue #16, class
    5)."""
    k = bisect_left(ctx.mentions, np_end, key=_START)
    if k >= len(ctx.mentions):
        return False
    m = ctx.mentions[k]
    return m.actor == actor and _ONE_VERB.fullmatch(ctx.text, np_end, m.start) is not None


@functools.cache
def _anonymity_pattern(language: ModuleType) -> re.Pattern[str]:
    return re.compile(rf",?\s+{language.ANONYMITY}")


def _anonymous(ctx: _Context, head: str) -> bool:
    """Is a person described by ``head`` ("employee") described somewhere in the article with
    an anonymity formula ("the employee, who asked not to be named", "a diplomat who spoke on
    condition of anonymity"): a person the article does not name?"""
    text = ctx.text
    formula = _anonymity_pattern(ctx.lex.language)
    for m in re.finditer(rf"(?<![\w'’-]){re.escape(head)}\b", text):
        if formula.match(text, m.end()):
            return True
    return False


def _member_attr(ctx: _Context, surface: str, words: list[str], where: dict) -> _Attr | None:
    """An unnamed source for a body's member never named ("a Facebook user", "One witty X
    user", "the X employee"; :func:`_unnamed_member`) and for a generic group as the whole
    phrase ("Republicans say", ``GENERIC_GROUPS``) or a party plural with its modifiers
    ("congressional Democrats"), else None."""
    head = words[-1].strip("’'") if words else ""
    actor = ctx.resolve(surface)
    if head and _unnamed_member(ctx, surface, head, actor, head in ctx.lex.titles):
        return _Attr(UNNAMED, surface, "title", **where)
    lg = ctx.lex.language
    # "Republicans say", "Critics said", "congressional Democrats": a generic plural, also
    # where a discovered draft holds the plural as a name
    party = head.endswith("s") and head[:-1] in lg.PARTY_NOUNS
    if (
        head in lg.GENERIC_GROUPS
        and (len(words) == 1 or party)
        and (actor is None or actor.lower() == " ".join(words))
    ):
        return _Attr(UNNAMED, surface, "title", **where)
    return None


def _unnamed_member(
    ctx: _Context, surface: str, head: str, actor: str | None, person_role: bool
) -> bool:
    """Is the description a body's member, never named: a body's name before a common
    person noun that is no title, body or document ("a Facebook user", "the agency
    employee": not the body; eighth pass)?"""
    lg = ctx.lex.language
    return (
        actor is not None
        and ctx.types.get(actor) == "institution"
        and not person_role
        and head.isalpha()
        and surface.endswith(head)
        and head not in lg.BODY_NOUNS
        and head not in lg.ORG_HEADS
        and head not in lg.DOCUMENT_NOUNS
        and head not in lg.GENERIC_HEADS
        and head not in lg.SUB_BODY_HEADS
        and not any(head in words for words in lg.BODY_KIND_WORDS.values())
        # "the alliance" for the American Energy Alliance: the body's own head noun names
        # the body, not a member of it (tenth pass, issue #16, class 10)
        and head not in actor.lower().split()
    )


def _document_speaker(ctx: _Context, surface: str, pos: int, sent_start: int, where: dict) -> _Attr:
    """ "a statement from X said", "the statement said", "the declaration says": a document is
    never the speaker, its issuer is ("" when none is named)."""
    after = _issuer_after(ctx, where["np_start"], len(ctx.text), sent_start)
    if after is not None and after.speaker:
        return after._replace(speaker_text=surface, resolution="title", **where)
    owner = re.match(r"(.+?)['’]s?\s", surface)
    dated = owner is not None and owner.group(1).lower() in ctx.lex.language.DATE_WORDS
    if owner and not dated and _has_name_head(owner.group(1), ctx.lex.titles):
        # "O'Rourke's legislative proposal states": its author
        who = ctx.resolve(owner.group(1)) or _name_as_written(owner.group(1), ctx.lex)
        return _Attr(who, surface, "title", **where)
    head = surface.split()[-1].strip("’'").lower()
    issuer = _referred_issuer(ctx, max(pos, where["np_end"]), sent_start, head)
    return _Attr(issuer or "", surface, "title", **where)


def _group_or_body(
    ctx: _Context, surface: str, words: list[str], pos: int, sent_start: int, where: dict
) -> _Attr | None:
    """A definite description of a group named before ("the two leaders said": a joint
    statement, its first named speaker, gold rule 1, else an unnamed source) or of a body
    ("the group", "the company": the body last named, gold rule 14); None otherwise."""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    if len(words) > 2 and words[1] in lg.GROUP_SIZES:
        first = _first_of_group(ctx, pos, lg.GROUP_SIZES[words[1]])
        return _Attr(first or UNNAMED, surface, "title", **where)
    if words[-1].strip("’'") in lg.ORG_HEADS:
        body = _antecedent(ctx, pos, "institution", None, sent_start)
        return _Attr(body or UNNAMED, surface, "title", **where)
    return None


def _body_by_head(ctx: _Context, words: list[str], pos: int) -> str | None:
    """The body a short definite description refers back to: "the service" after "the Forest
    Service" (the nearest body named before ``pos`` whose name ends in that noun); "the
    editorial board", "the editors" after naming an outlet (the nearest outlet); else None."""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    if len(words) > 3 or words[0] not in ("the", "its"):
        return None
    head = words[-1].strip("’'")
    outlet = len(words) <= 3 and head in lg.OUTLET_VOICES and set(words[1:]) <= lg.OUTLET_VOICES
    if len(words) != 2 and not outlet:
        return None
    media = lg.BODY_KIND_WORDS["media"]
    for k in range(bisect_left(ctx.mentions, pos, key=_START) - 1, -1, -1):
        m = ctx.mentions[k]
        if m.end > pos or ctx.types.get(m.actor) != "institution":
            continue
        name = ctx.text[m.start : m.end].lower().replace("’s", "").replace("'s", "").split()
        if not name:
            continue
        if outlet and media & set(name):
            return m.actor
        if not outlet and len(name) > 1 and name[-1] == head:
            return m.actor
    return None


def _first_of_group(ctx: _Context, pos: int, size: int) -> str | None:
    """The first person of the last list of ``size`` persons named together before ``pos``
    within eight sentences ("Ruiz, Brandt and Kral met", "German Chancellor Jane Roe and
    French President Jan Olsen"), or None."""
    k = _sentence_at(ctx, pos)
    lo = ctx.sentences[max(k - 8, 0)][0] if k >= 0 else 0
    people = [
        m
        for m in ctx.mentions[bisect_left(ctx.mentions, lo, key=_START) :]
        if m.start < pos and m.type == "person"
    ]
    groups: list[list[_Mention]] = []
    for m in people:
        if groups and _JOINED.fullmatch(ctx.text, groups[-1][-1].end, m.start):
            if m.actor not in {g.actor for g in groups[-1]}:
                groups[-1].append(m)
            continue
        groups.append([m])
    for g in reversed(groups):
        if len(g) == size:
            return g[0].actor
    return None


# between two names of one list: a comma and/or "and", and the next one's title
_JOINED = re.compile(r"(?:['’]s?)?\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:[A-Za-z.-]+\s+){0,4}?")


def _description_subject(ctx: _Context, a: int, b: int) -> str | None:
    """The person a sentence's subject names when it is a definite description the article
    bound to a name ("The EPA administrator was asked ..." after "EPA Administrator Scott
    Pruitt"), else None."""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    text = ctx.text
    p = _skip_intro(text, a, b, lg)
    # the phrase must open with "the" (below): its first word follows only spaces after ``p``
    # or after a date there (a shortcut, same result, before the phrase is built)
    dated = _date_prefix(lg).match(text, p, b)
    r = _SPACES_OPT.match(text, dated.end() if dated else p).end()
    if text[r : r + 3].lower() != "the":
        return None
    np = _np_after(text, p, b, ctx.lex)
    if np is None:
        return None
    surface = text[np[0] : np[1]]
    words = surface.lower().split()
    if len(words) < 2 or words[0] != "the" or words[-1] in lg.BODY_NOUNS:
        return None
    if words[-1] not in ctx.lex.titles or words[-1] in lg.GENERIC_HEADS:
        return None
    return _bound_title(ctx, surface, np[0])


def _modifies_role(surface: str, actor: str, ctx: _Context) -> bool:
    """Is ``actor`` (found in a description headed by a person's role) only a modifier of
    that role: an institution ("the EPA administrator") or a possessor ("Putin's aide")?"""
    if ctx.types.get(actor) == "institution":
        return True
    owner = re.search(r"([\w-]+(?:\s+[\w-]+)?)['’]s?\s", surface)
    return owner is not None and ctx.resolve(owner.group(1)) == actor


def _bound_title(ctx: _Context, surface: str, pos: int) -> str | None:
    """The person a description names in this article: the last "<title> <Name>" or
    "<Name>, the <title>" before ``pos`` whose title holds the description's words ("the
    foreign minister" after "Foreign Minister Sergei Lavrov"; "the EPA administrator" after
    "EPA Administrator Scott Pruitt")."""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    core = [w for w in _WORD_RE.findall(surface) if w.lower() not in lg.DETERMINERS]
    if not core:
        return None
    body = r"\s+".join(re.escape(w) for w in core)
    name = r"((?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’-]+)"
    found: list[tuple[int, str]] = []
    before = ctx.text[:pos]
    for m in re.finditer(rf"(?i:{body})\s+{name}", before):
        found.append((m.start(), m.group(1)))
    # the second pattern opens with a name, which re tries at every capital: searched only
    # where the description's words occur at all (its match ends in them)
    if re.search(rf"(?i:{body})\b", before) is not None:
        for m in re.finditer(
            rf"{name},\s+(?:(?i:the|a|an)\s+)?(?:[\w'’-]+\s+){{0,3}}(?i:{body})\b", before
        ):
            found.append((m.start(), m.group(1)))
    for _, who in sorted(found, reverse=True):
        first = who.split()[0].lower()
        if first in ctx.lex.titles or first in lg.DETERMINERS:
            continue
        return ctx.resolve(who) or _name_as_written(who, ctx.lex)
    # the same office under another role word: "the commerce chief" after "Commerce
    # Secretary Wilbur Ross" (a lower-case modifier of the description, then a capitalised
    # role word and the name)
    mods = [w for w in core[:-1] if w.islower() and w not in lg.PHRASE_STOP]
    for mod in mods:
        hits = list(re.finditer(rf"(?i:{re.escape(mod)})\s+{name}", before))
        for m in reversed(hits):
            who = m.group(1)
            if who.split()[0].lower() not in ctx.lex.titles:
                continue
            written = _name_as_written(who, ctx.lex)
            if written != who and " " in written:
                return ctx.resolve(written) or written
    return None


def _first_conjunct(ctx: _Context, np: tuple[int, int], floor: int) -> tuple[int, int]:
    """The first of coordinated named subjects ending at ``np`` ("A, B and C said": A, the
    convention for joint statements); ``np`` itself when it is not the last of a list of names.
    """
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    text, lex = ctx.text, ctx.lex
    if not _has_name_head(text[np[0] : np[1]], lex.titles):
        return np
    m = _speaker_patterns(lg).and_before.search(text, floor, np[0])
    first = np
    while m:
        prev = _np_before(text, m.start(), floor, lex)
        if prev is None or not _has_name_head(text[prev[0] : prev[1]], lex.titles):
            break
        first = prev
        m = _COMMA_BEFORE.search(text, floor, prev[0])
    return first


@functools.cache
def _group_head(language: ModuleType) -> re.Pattern[str]:
    """Lower-case words ending in a generic plural right after a name ("[Harbour Authority]
    officials", "[Jane Roe] administration aides"): the name modifies the group."""
    heads = "|".join(sorted(language.GENERIC_HEADS))
    return re.compile(rf"\s+(?:[a-z][\w-]*\s+){{0,2}}?(?:{heads})(?![\w'’-])")


def _clause_subject(ctx: _Context, floor: int, verb: int) -> tuple[int, int] | None:
    """Subject phrase of the clause running from ``floor`` to a verb at ``verb``."""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    p = _skip_intro(ctx.text, floor, verb, lg)
    np = _np_after(ctx.text, p, verb, ctx.lex)
    if np:
        np = _widened_to_mention(ctx, np, verb)
        group = _group_head(lg).match(ctx.text, np[1], verb)
        if group:
            np = (np[0], group.end())  # "Top X administration officials": the officials
        surf = ctx.text[np[0] : np[1]]
        if (
            surf.lower() in lg.PRONOUNS
            or _has_name_head(surf, ctx.lex.titles)
            or surf.split(" ")[-1].lower() in ctx.lex.titles
            or surf.split(" ")[-1].lower() in lg.GENERIC_HEADS
            or surf.split(" ")[-1].lower() in lg.DOCUMENT_NOUNS
        ):
            return np
    doc = _leading_document(ctx, p, verb)
    if doc is not None:
        return doc
    for k in range(bisect_left(ctx.mentions, floor, key=_START), len(ctx.mentions)):
        m = ctx.mentions[k]
        if m.start >= verb:
            break
        if not m.possessive:
            return (m.start, m.end)
    return None


def _leading_document(ctx: _Context, p: int, verb: int) -> tuple[int, int] | None:
    """A document named at the head of the clause, within five words and before any comma
    ("The latest Tide Assessment, written by …, opens with: “…”"): its span from ``p``, so a
    body named in the phrase after it is not taken for the subject (eighth pass)."""
    lg = ctx.lex.language
    docs = _doc_matches(ctx.text, p, verb, lg)
    if not docs:
        return None
    between = ctx.text[p : docs[0][0]]
    words = between.split()
    if _CLAUSE_BREAK.search(between) or len(words) > 5:
        return None
    for w in words:
        if w.islower() and (w in lg.OBJECT_PREPOSITIONS or w.endswith(("ed", "s"))):
            return None  # "An overview of the plan", "The group issued a statement"
    return (p, docs[0][1])


def _widened_to_mention(ctx: _Context, np: tuple[int, int], limit: int) -> tuple[int, int]:
    """``np`` widened to the end of a catalog mention that starts in it and runs on past it
    ("the Department" of "the Department of the Interior disputes"), within ``limit``."""
    k = bisect_left(ctx.mentions, np[0], key=_START)
    if k < len(ctx.mentions):
        m = ctx.mentions[k]
        if m.start < np[1] < m.end <= limit:
            return (np[0], m.end)
    return np


@functools.cache
def _date_end(language: ModuleType) -> re.Pattern[str]:
    """A phrase ending in a date word ("Sunday", "on Sunday"): a time, never a subject."""
    dates = "|".join(sorted(language.DATE_WORDS))
    return re.compile(rf"(?<![\w-])(?i:{dates})$")


@functools.cache
def _gerund_pattern(language: ModuleType) -> re.Pattern[str]:
    """A name, a comma and a subordinator right before a participle cue ("Roe, in")."""
    words = "|".join(sorted(language.GERUND_SUBORDINATORS))
    return re.compile(rf"((?:[A-Z][\w'’.-]*\s+){{0,3}}[A-Z][\w'’-]+),\s+(?:{words})\s+$")


def _participle_subject(
    ctx: _Context, floor: int, verb: int, sent_start: int
) -> tuple[int, int] | None:
    """The subject of a participle cue: its clause's, else (the clause began at an earlier
    quote of the sentence: '… “X” for Y, while joking about “Z”') the sentence's when that is
    a name or a pronoun."""
    apposed = _APPOSED_BEFORE.search(ctx.text, max(floor, verb - 80), verb)
    if apposed and _has_name_head(apposed.group(1), ctx.lex.titles):
        return apposed.span(1)  # "a claim from an adviser, Jane Roe, arguing that …": Roe
    absolute = _WITH_SUBJECT.search(ctx.text, max(floor, verb - 80), verb)
    if absolute:
        return absolute.span(1)  # "…, with the report saying “…”": the report
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    bound = _gerund_pattern(lg).search(ctx.text, max(floor, verb - 80), verb)
    if (
        bound
        and _has_name_head(bound.group(1), ctx.lex.titles)
        and not _date_end(lg).search(bound.group(1))
    ):
        return bound.span(1)  # "She said Roe, in complaining about “…”": Roe
    np = _participle_own_subject(ctx, floor, verb, sent_start)
    if np is not None:
        return np
    np = _clause_subject(ctx, floor, verb)
    glued = _headline_glued_subject(ctx, floor, verb)
    if glued and not (np and np[0] <= glued[0] and glued[1] <= np[1]):
        np = glued  # the clause opens with headline words, not with the subject
    if np is None and sent_start < floor:
        np = _clause_subject(ctx, sent_start, verb)
        surf = ctx.text[np[0] : np[1]] if np else ""
        named = _has_name_head(surf, ctx.lex.titles)
        if not (named or surf.lower() in ctx.lex.language.PRONOUNS):
            return None
    return np


_LY_ADVERB = re.compile(r"[ \t]+[a-z]+ly\b")
# An indefinite person right before a participle ("featuring an expert explaining"): group 1
# the phrase, group 2 its head noun
_INDEFINITE_BEFORE = re.compile(
    r"(?<![\w'’-])((?:a|an|one|another)\s+(?:[a-z][\w-]*\s+){0,2}([a-z][\w-]*))\s+$"
)
_TAG_THEN_COMMA = re.compile(r"\s*,\s*$")


def _participle_own_subject(
    ctx: _Context, floor: int, verb: int, sent_start: int
) -> tuple[int, int] | None:
    """A participle's own subject right before it (tenth pass, issue #16, class 4): an
    indefinite person ("hearings featuring an expert explaining that …": the expert, an
    unnamed source, not the subject of "held"), or the subject of a finite cue it follows
    ("…, she said, adding “…”": she); else None."""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    lo = max(floor, verb - 60)
    ind = _INDEFINITE_BEFORE.search(ctx.text, lo, verb)
    head = ind.group(2) if ind else ""
    if head in ctx.lex.titles or head in lg.GENERIC_HEADS or head in lg.PERSON_NOUNS:
        return ind.span(1)
    comma = _TAG_THEN_COMMA.search(ctx.text, lo, verb)
    if comma is None:
        return None
    word = _LAST_WORD.search(ctx.text, lo, comma.start())
    if word is None or word.end(1) != comma.start():
        return None
    roles = ctx.lex.roles.get(word.group(1).lower(), frozenset())
    if "verb" not in roles:
        return None
    return _finite_subject(ctx, max(floor, sent_start), word.start(1), sent_start)


def _headline_glued_subject(ctx: _Context, floor: int, verb: int) -> tuple[int, int] | None:
    """In the article's first sentence (the corpus glues the headline to it, so the clause
    opens with headline words: "Roe Slams Port Plan As Storms Hit, Jane Roe finally weighed in
    on Monday, blaming …"), the participle's subject is the last mention before it that is a
    clause subject (followed by a verb, an adverb in "-ly" skipped), not the headline's first
    capitalised words; None elsewhere or when there is none (eighth pass, class 4)."""
    if _sentence_at(ctx, floor) != 0:
        return None
    lo = bisect_left(ctx.mentions, floor, key=_START)
    for k in range(bisect_left(ctx.mentions, verb, key=_START) - 1, lo - 1, -1):
        m = ctx.mentions[k]
        if m.end > verb or _compound(ctx, m):
            continue
        ly = _LY_ADVERB.match(ctx.text, m.end)
        probe = m._replace(end=ly.end()) if ly else m
        if _is_subject(ctx, probe):
            return (m.start, m.end)
    return None


def _spoken_for(
    ctx: _Context, role: str, np: tuple[int, int], pos: int, sent_start: int
) -> str | None:
    """The body an unnamed spokesperson speaks for ("a spokesman for the EPA", "a spokeswoman
    for the group" after naming it): the institution the phrase after "for" names; None for
    a person's spokesperson or anything else."""
    if role.lower() not in ctx.lex.language.SPOKES:
        return None
    who = _speaker_from_np(ctx, np, pos, sent_start).speaker
    return who if ctx.types.get(who) == "institution" else None


@functools.cache
def _who_word(language: ModuleType) -> re.Pattern[str]:
    """The relative "who" and a space: part of every match of :func:`_generic_who` and of the
    lexicon's ``who`` pattern."""
    return re.compile(rf"{language.RELATIVE_WHO}\s")


@functools.cache
def _generic_who(language: ModuleType) -> re.Pattern[str]:
    """A generic plural and "who" right before a verb ("people who sincerely claim"; a generic
    group too since the tenth pass: "quoting activists who called it")."""
    heads = "|".join(sorted(language.GENERIC_GROUPS))
    return re.compile(rf"(?<![\w'’-])((?i:{heads}))\s+{language.RELATIVE_WHO}\s+(?:[a-z]+ly\s+)?$")


def _relative_or_owner(
    ctx: _Context, floor: int, verb: int, np: tuple[int, int] | None
) -> tuple[int, int] | None:
    """The subject phrase of a cue at ``verb``: the antecedent of a relative "who" ("Hillary
    Clinton, who branded it …"), else ``np``, else a possessor of a thing ("Jane Roe's
    closing line argues": Roe's words)."""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    # both patterns hold "who" and a space within their window (the second's is the wider):
    # searched only where that is (a shortcut, same result)
    if _who_word(lg).search(ctx.text, max(floor, verb - 160), verb) is not None:
        generic = _generic_who(lg).search(ctx.text, max(floor, verb - 40), verb)
        if generic:
            return generic.span(1)  # "people who say “…”": an unnamed source
        who = ctx.lex.who.search(ctx.text, max(floor, verb - 160), verb)
        if who:
            return who.span(1)
    owned = _OWNED_THING.match(ctx.text, _skip_intro(ctx.text, floor, verb, lg), verb)
    if np is None and owned and owned.group(2) not in ctx.lex.titles:
        return owned.span(1)
    return np


# "with" and a short phrase right before a participle: the absolute clause's subject
_WITH_SUBJECT = re.compile(r"(?<![\w-])(?i:with)\s+((?:[\w'’.-]+\s+){0,4}?[\w'’.-]+)\s+$")
_DESCRIPTION_OPEN = re.compile(r"\s*,\s+[a-z]")


def _described_document(
    ctx: _Context, floor: int, np: tuple[int, int] | None
) -> tuple[int, int] | None:
    """The document that opens the clause when ``np`` (the phrase before the cue) closes a
    description of it ("The study, produced by X and published in the journal Y, concluded":
    the study, whose issuer speaks, not the journal); else ``np``."""
    if np is None:
        return None
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    p = _skip_intro(ctx.text, floor, np[0], lg)
    doc = _doc_subject_pattern(lg).match(ctx.text, p, np[0])
    if doc and _DESCRIPTION_OPEN.match(ctx.text, doc.end(), np[0]):
        return (_SPACES_OPT.match(ctx.text, doc.start()).end(), doc.end())
    return np


_POSSESSIVE_S = re.compile(r"['’]s?(?=\s)")
_AND_BEFORE = re.compile(r"(?<![\w-])and\s+$")


def _coordinated_subject(
    ctx: _Context, floor: int, verb: int, sent_start: int
) -> tuple[int, int] | None:
    """The subject of a cue with none right before it: the clause's; when the cue is a second
    predicate ("X called Y “…” to lead Z and said that …") and the clause began at an earlier
    quote of the sentence, the sentence's subject when that is a name or a pronoun (not Z)."""
    if sent_start < floor and _AND_BEFORE.search(ctx.text, floor, verb):
        np = _clause_subject(ctx, sent_start, verb)
        surf = ctx.text[np[0] : np[1]] if np else ""
        if _has_name_head(surf, ctx.lex.titles) or surf.lower() in ctx.lex.language.PRONOUNS:
            return np
    return _clause_subject(ctx, floor, verb)


@functools.cache
def _passive_before(language: ModuleType) -> re.Pattern[str]:
    """An auxiliary of the passive, or a bracket or comma, and adverbs, right before a verb."""
    aux = "|".join(sorted(language.PASSIVE_REPORTING_AUX))
    return re.compile(rf"(?:(?<![\w'’-])(?i:{aux})\s+|(?P<mark>[(,])\s*)(?:[a-z]+ly\s+)*$")


_AS = re.compile(r"\s+as\b")
_BY = re.compile(r"(?<![\w-])by\s+")


def _passive_reporting(ctx: _Context, m: re.Match[str], pos: int) -> bool:
    """Is the cue ``m`` a reporting verb in the passive: a participle after an auxiliary ("was
    described", "is often called"), or after a bracket or comma when "as" or a named agent
    follows ("(charitably described as “…”)", ", described by Y as"; not "Roe, who runs it,
    warned by phone")? Not "asked" (a question's answer follows) nor a verb that still
    reports the subject's speech ("was quoted")."""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    w = m.group().lower()
    if not (w.endswith("ed") or w in lg.IRREGULAR_PAST or w in ("told", "said")):
        return False
    if w in lg.PASSIVE_SPEECH or w in lg.QUESTION_CUES:
        return False
    before = _passive_before(lg).search(ctx.text, max(0, m.start() - 40), m.start())
    if before is None:
        return False
    if before.group("mark"):
        return _AS.match(ctx.text, m.end()) is not None or _passive_agent(ctx, m, pos) is not None
    return True


def _passive_agent(ctx: _Context, m: re.Match[str], pos: int) -> tuple[int, int] | None:
    """The agent of a passive cue: the phrase after "by" between the cue and the quote ("was
    described in 2014 by X as “…”"), or right after the quote ('was called “…” by X'); None
    when there is none or it names no one ("by 2020")."""
    text, lex = ctx.text, ctx.lex
    by = _BY.search(text, m.end(), pos)
    if by is None:
        q = next((q for q in ctx.quotes if q.open_pos == pos), None)
        if q is None or q.close_pos < 0:
            return None
        by = re.compile(r"\s*,?\s*by\s+").match(text, q.close_pos + 1)
        if by is None:
            return None
    np = _np_after(text, by.end(), len(text), lex)
    if np is None:
        return None
    surface = text[np[0] : np[1]]
    low = surface.lower()
    if low in lex.language.PRONOUNS or _has_name_head(surface, lex.titles):
        return np
    if low.split()[-1] in lex.titles or low.split()[-1] in lex.language.GENERIC_HEADS:
        return np
    return None


def _passive_attr(ctx: _Context, m: re.Match[str], pos: int, sent_start: int) -> _Attr | None:
    """A passive cue's attribution: "X was described by Y as “…”": Y; "(charitably described
    as “…”)": no one, and no later pass gives it a speaker (via "agentless"); None when the
    cue ``m`` is no reporting verb in the passive."""
    roles = ctx.lex.roles.get(_SPACES_RE.sub(" ", m.group().lower()), frozenset())
    if "verb" not in roles or not _passive_reporting(ctx, m, pos):
        return None
    agent = _passive_agent(ctx, m, pos)
    base = _Attr(cue=m.group(), cue_start=m.start(), cue_end=m.end(), via="head")
    if agent is None:
        return base._replace(via="agentless")
    who = _speaker_from_np(ctx, agent, pos, sent_start)
    return who._replace(cue=base.cue, cue_start=base.cue_start, cue_end=base.cue_end, via="head")


def _verb_attr(ctx: _Context, m: re.Match[str], floor: int, pos: int, sent_start: int) -> _Attr:
    """Attribution for a cue match ``m`` in a clause starting at ``floor``."""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    form = m.group()
    roles = ctx.lex.roles.get(_SPACES_RE.sub(" ", form.lower()), frozenset())
    if "phrase" in roles:  # according to X
        np = _np_after(ctx.text, m.end(), len(ctx.text), ctx.lex)
        if np is None:  # according to a report by X
            who = _issuer_after(ctx, m.end(), len(ctx.text), sent_start)
            if who is not None:
                return who._replace(cue=form, cue_start=m.start(), cue_end=m.end(), via="head")
    elif "participle" in roles and "verb" not in roles:
        np = _participle_subject(ctx, floor, m.start(), sent_start)
    else:
        np = _finite_subject(ctx, floor, m.start(), sent_start)
    base = _Attr(cue=form, cue_start=m.start(), cue_end=m.end())
    part = _speaker_patterns(lg).partitive_start.match(
        ctx.text, _skip_intro(ctx.text, floor, m.start(), lg), m.start()
    )
    if part:
        # "one of the officials said", "some of the leaders": an unnamed part of a group
        return base._replace(speaker=UNNAMED, speaker_text=part.group().strip(), resolution="title",
                             via="head", np_start=part.start(), np_end=part.end())  # fmt: skip
    np = _relative_or_owner(ctx, floor, m.start(), np)
    np = _described_document(ctx, floor, np)
    if np is None and form.lower() in lg.QUESTION_CUES and not ctx.text[floor : m.start()].strip():
        # 'Asked, “…?”': an interview turn with no interviewer named (gold convention 46)
        return base._replace(speaker=UNNAMED, via="head")
    if np is None or _passive_cue(ctx, np, m):
        return base._replace(via="head")  # "Countries were asked to “welcome” it": no speaker
    agent = ctx.lex.agent.search(ctx.text, max(floor, np[0] - 40), np[0])
    if agent:
        # "a spokesman for President X said": the spokesman, named anywhere in the article
        bound = _bound_title(ctx, agent.group(1), len(ctx.text)) or _spoken_for(
            ctx, agent.group(1), np, pos, sent_start
        )
        return _Attr(bound or UNNAMED, ctx.text[agent.start() : np[1]], "title",
                     form, m.start(), m.end(), "head", -1, agent.start(), np[1])  # fmt: skip
    lo = max(floor, np[0] - 80)
    part = _speaker_patterns(lg).partitive.search(ctx.text, lo, np[0])
    if part:
        # "one of the officials said", "some of the leaders": an unnamed part of a group
        return _Attr(UNNAMED, ctx.text[part.start() : np[1]], "title",
                     form, m.start(), m.end(), "head", -1, part.start(), np[1])  # fmt: skip
    of = _NAME_OF.search(ctx.text, lo, np[0])
    if of and of.end() == np[0]:
        np = (of.start(), np[1])  # "Jane Doe of the Harbour Authority said"
    np = _first_conjunct(ctx, np, floor)
    who = _speaker_from_np(ctx, np, pos, sent_start)
    if not who.speaker and who.resolution == "none" and form.lower() in lg.QUESTION_CUES:
        who = who._replace(speaker=UNNAMED)  # "When asked if …": the question of a reporter
    return who._replace(cue=form, cue_start=m.start(), cue_end=m.end(), via="head")


def _finite_subject(
    ctx: _Context, floor: int, verb: int, sent_start: int
) -> tuple[int, int] | None:
    """The subject of a finite cue at ``verb``: the phrase right before it, a coordinated
    subject, or the clause's opening phrase when that phrase is a preposition's object."""
    np = _np_before(ctx.text, verb, floor, ctx.lex) or _coordinated_subject(
        ctx, floor, verb, sent_start
    )
    if np and _after_preposition(ctx.text, np[0], ctx.lex.language):
        np = _subject_before_phrase(ctx, floor, np) or np
    return np


# ", co-organizer of the ": an apposition whose role ends in a preposition before a body
_ROLE_OF_BETWEEN = re.compile(r",\s+(?:[a-z][\w-]*\s+){1,3}([a-z]+)\s+(?:the\s+)?")
_PHRASE_BETWEEN = re.compile(r"\s+([a-z]+)\s+[^,;:!?\"“”]{0,60}$")


def _subject_before_phrase(
    ctx: _Context, floor: int, np: tuple[int, int]
) -> tuple[int, int] | None:
    """The clause's opening noun phrase when the phrase ``np`` right before a verb is the
    object of a preposition ("Jane Roe in a post on Twitter charged that": Jane Roe, not
    Twitter; tenth pass, issue #16): a name, title or pronoun, then a prepositional phrase of
    at most eight words and no comma up to ``np``, or an apposition ending in one ("Jane Roe,
    co-organizer of Tide Month, which ran the march, says": Roe); else None."""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    p = _skip_intro(ctx.text, floor, np[0], lg)
    front = _np_after(ctx.text, p, np[0], ctx.lex)
    if front is None or front[1] >= np[0]:
        return None
    gap = _PHRASE_BETWEEN.match(ctx.text, front[1], np[0]) or _ROLE_OF_BETWEEN.fullmatch(
        ctx.text, front[1], np[0]
    )
    if gap is None or gap.group(1) not in lg.OBJECT_PREPOSITIONS:
        return None
    if len(_WORD_RE.findall(ctx.text, front[1], np[0])) > 8:
        return None
    surf = ctx.text[front[0] : front[1]]
    if surf.lower() in lg.PRONOUNS or _has_name_head(surf, ctx.lex.titles):
        return front
    return None


# --------------------------------------------------------------------------------------------
# attribution of one quote


def _issuer_after(ctx: _Context, pos: int, limit: int, sent_start: int) -> _Attr | None:
    """The issuer named after a document phrase at ``pos`` ("a news release from the Prime
    Minister's Office", "a report by energy analysts the Rhodium Group"), or None."""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    doc = _speaker_patterns(lg).doc_after.match(ctx.text, pos, limit)
    by = _speaker_patterns(lg).by.match(ctx.text, doc.end(), limit) if doc else None
    if by is None:
        return None
    np = _np_after(ctx.text, by.end(), limit, ctx.lex)
    if np is None or not _is_cap(ctx.text[np[0] : np[1]]):
        return None
    return _speaker_from_np(ctx, np, np[0], sent_start)


def _inverted_tag(
    ctx: _Context, m: re.Match[str], q: _Span, limit: int, sent_start: int
) -> _Attr | None:
    """A tag that opens with its cue right after the quote: said Lavrov / according to X /
    according to a report by X."""
    text, lex = ctx.text, ctx.lex
    key = _SPACES_RE.sub(" ", m.group().lower())
    roles = lex.roles.get(key) or (_VERB if key in lex.language.INVERTED_CUES else frozenset())
    np = _np_after(text, m.end(), limit, lex)
    doc = _tag_document(text, m.end(), limit, lex.language)
    if np is None and "verb" in roles and doc is None:
        lg = lex.language  # the run's language resources (analysis.lang)
        part = _speaker_patterns(lg).partitive_start.match(text, m.end(), limit)
        nxt = _NEXT_WORD.match(text, m.end(), limit)
        if part is None and nxt and nxt.group(1).lower() in lg.INDEFINITE_PERSONS:
            part = nxt  # "noted another"
        if part is None:
            part = _speaker_patterns(lg).indefinite.match(text, m.end(), limit)  # "asked one user"
        if part is None and nxt and _lone_indefinite(text, nxt, lg):
            part = nxt  # '“…,” said one.' (tenth pass)
        if part:  # "said one of the sources"
            return _Attr(UNNAMED, part.group().strip(), "title", m.group(), m.start(), m.end(),
                         "tail", part.end(), part.start(), part.end())  # fmt: skip
        named = _DESCRIBED_NAME.match(text, m.end(), limit)
        nxt = _SPACES_OPT.match(text, m.end()).end()
        if named and text[nxt : nxt + 4].lower() in ("the ", "a ", "an "):
            np = named.span(1)  # "said the study's lead author, Jane Doe"
    if np is None and "verb" in roles:
        np = _role_then_name(text, m.end(), limit, lex)
    if np is None and "verb" in roles and doc:
        # '“…,” reads the first version of the bill's fact sheet': its issuer
        who = _document_issuer(ctx, doc[1], sent_start, back=0) or ""
        d0 = doc[0] + len(text[doc[0] : doc[1]]) - len(text[doc[0] : doc[1]].lstrip())
        return _Attr(who, text[d0 : doc[1]], "title", m.group(), m.start(), m.end(),
                     "tail", doc[1], doc[0], doc[1])  # fmt: skip
    if np is None and "phrase" in roles:
        who = _issuer_after(ctx, m.end(), limit, sent_start)
        if who is not None:
            return who._replace(
                cue=m.group(), cue_start=m.start(), cue_end=m.end(), via="tail",
                clause_end=who.np_end,
            )  # fmt: skip
    if np and ("verb" in roles or "phrase" in roles):
        who = _speaker_from_np(ctx, np, q.open_pos, sent_start)
        return who._replace(
            cue=m.group(), cue_start=m.start(), cue_end=m.end(), via="tail", clause_end=np[1]
        )
    return None


def _lone_indefinite(text: str, word: re.Match[str], lg: ModuleType) -> bool:
    """Is ``word`` an indefinite determiner standing alone as a person, with punctuation
    right after it ('“…,” said one.', 'wondered one:')? Tenth pass (issue #16, class 9)."""
    return word.group(1).lower() in lg.INDEFINITE_DETERMINERS and text[
        word.end() : word.end() + 1
    ] in tuple(".,;:!?")


def _tag_document(text: str, pos: int, limit: int, lg: ModuleType) -> tuple[int, int] | None:
    """The span of a document opening an inverted tag at ``pos`` ('“…,” reads the bill'; '“…,”
    read a section of the report': the report, not an unnamed "section"; "reads the first
    version of the bill's fact sheet": through the fact sheet), or None; "one of the report's
    authors" is a person."""
    doc = _doc_subject_pattern(lg, 5).match(text, pos, limit)
    if doc is None:
        return None
    poss = _POSSESSIVE_S.match(text, doc.end(), limit)
    if poss is None:
        return doc.span()
    owned = _doc_subject_pattern(lg, 2).match(text, poss.end(), limit)
    return (doc.start(), owned.end()) if owned else None


def _role_then_name(text: str, pos: int, limit: int, lex: Lexicon) -> tuple[int, int] | None:
    """The name after lower-case words ending in a role word at ``pos`` ("said study co-author
    Jane Doe": Jane Doe), or None."""
    role = _ROLE_THEN_NAME.match(text, pos, limit)
    if role and role.group(1).split()[-1].lower() in lex.titles:
        return role.span(2)
    return None


@functools.lru_cache(maxsize=1024)  # pure; the tag rules ask it about one stretch in turn
def _tag_words(subject: str, lg: ModuleType) -> tuple[str, tuple[str, ...]] | None:
    """The text before a tag's cue without trailing adverbs and commas, and its words; None
    when it is empty or crosses a sentence end or a quotation mark."""
    words = _WORD_RE.findall(subject)
    while words and words[-1].lower() in lg.BETWEEN:
        subject = subject[: subject.rfind(words[-1])]
        words.pop()
    subject = subject.rstrip(" ,")
    if not words or any(c in subject for c in ";:!?\n" + _QUOTE_CHARS):
        return None
    for stop in _FULL_STOP.finditer(subject):
        if stop.group(1).lower() not in lg.TITLES and len(stop.group(1)) > 1:
            return None  # a sentence ends before the cue ("Rep." and "S.C." do not)
    return subject, tuple(words)  # a tuple: the cached answer is shared by its callers


def _tail_subject(ctx: _Context, t0: int, cue: int, opens: bool = False) -> tuple[int, int] | None:
    """The subject between a closing mark (``t0``, after punctuation) and the cue of a tag:
    up to 10 words with no preposition ("Trump", "the Russian minister"); a name in apposition
    ("Jane Doe, the director of the Harbour Authority, told"; "Jane Doe, who served as …,
    said"); a title of several words ending in a name ("University of Velmora scientist Jane
    Doe said"); (-end, -1) for an indefinite pronoun ("someone remarked"); else None."""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    text = ctx.text
    seg = text[t0:cue]
    party = _PARTY_END.search(seg)
    got = _tag_words(seg[: party.start()] if party else seg, lg)
    if got is None:
        return None
    subject, words = got
    first = words[0]
    if len(words) == 1 and first.lower() in lg.INDEFINITE_PERSONS:
        return (-(t0 + len(subject)), -1)
    lead = 0
    while lead < len(words) - 1 and (
        words[lead].lower() in lg.TITLE_MODIFIERS
        or (opens and words[lead].lower() in ctx.lex.titles)
    ):
        # "former Rep. Jane Roe"; after a quote that opens its sentence also "co-author Jane
        # Roe", "climate scientist Jane Roe" (not after a show's name: 'On Radio One's "Night
        # Desk," host Jane Roe asked')
        lead += 1
    first = words[lead]
    if not (_is_cap(first) or first.lower() in lg.DETERMINERS or first.lower() in lg.PRONOUNS):
        return None
    if "(" in subject:  # "Jane Roe (R-S.C.), a port adviser": the name before the bracket
        subject = subject[: subject.index("(")].rstrip()
        words = _WORD_RE.findall(subject)
        if not words:
            return None
    last = subject.rsplit(",", 1)[-1] if "," in subject else ""
    if last.strip() and all(_is_cap(w) for w in _WORD_RE.findall(last)):
        # '… “weaken” Ukraine, Jane Roe said': the name right before the cue
        return (t0 + len(subject) - len(last.lstrip()), t0 + len(subject))
    if len(words) <= 10 and not any(w.lower() in lg.PHRASE_STOP for w in words):
        return (t0, t0 + len(subject))
    described = _DESCRIPTION_WHO.match(subject)
    if described:
        return (t0 + described.start(1), t0 + described.end(1))  # "the employee, who …,"
    app = _APPOSED.search(subject)
    if (
        app
        and "," not in subject[: app.start()]
        and len(_WORD_RE.findall(subject[: app.start()])) <= 4
    ):
        return (t0 + app.start(1), t0 + app.end(1))  # "former Ohio Gov. Jane Roe, who ran …,"
    off = subject.find(first) if lead else 0  # after "co-author": the name and its place
    named = _has_name_head(subject[off:], ctx.lex.titles)
    if len(words) <= 10 and "," not in subject and named:
        return _name_before_place(ctx, t0 + off, t0 + len(subject))
    return None


# A tag subject of lower-case title words, then a name ("acting chief of staff Jane Roe")
_ROLE_NAME_SUBJECT = re.compile(
    r"((?:[a-z][\w-]*\s+){1,5})((?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’-]+)"
)


def _titled_name(ctx: _Context, t0: int, cue: int) -> tuple[int, int] | None:
    """The name in a tag subject t0..cue made of lower-case title words and a name ('“…,”
    acting chief of staff Jane Roe told'; tenth pass, issue #16, class 9), or None. Used only
    after a quote that opens its sentence, as "co-author Jane Roe" in :func:`_tail_subject`
    (after a show's name, 'On Radio One's "Night Desk," host Jane Roe asked', the quote is no
    hers)."""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    got = _tag_words(ctx.text[t0:cue], lg)
    role = _ROLE_NAME_SUBJECT.fullmatch(got[0]) if got else None
    if role is None:
        return None
    words = role.group(1).split()
    if (
        words[0] in lg.DETERMINERS  # "an aide to Jane Roe": an unnamed aide
        or words[-1] in lg.OBJECT_PREPOSITIONS
        or not any(w in ctx.lex.titles for w in words)
    ):
        return None
    return (t0 + role.start(2), t0 + role.end(2))


_NAME_WORDS = r"(?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’-]+"
# Two or more named persons of one body ("Jane Roe and John Doe of the Tide Project"), or a
# plural of authors of it ("the scientists of the Tide Project"): the body's name (group 1)
_JOINT_AUTHORS = re.compile(
    rf"(?:{_NAME_WORDS}(?:,\s+{_NAME_WORDS})*,?\s+and\s+{_NAME_WORDS}"
    r"|(?i:the)\s+(?:[a-z][\w-]*\s+)?(?P<plural>[a-z]+))"
    rf"\s+of\s+((?:the\s+)?{_NAME_WORDS}(?:\s+(?:of|for)\s+{_NAME_WORDS})?)"
)


def _joint_authors(ctx: _Context, t0: int, cue: int) -> tuple[int, int] | None:
    """The body in a tag subject t0..cue naming joint authors of it ('“…,” Jane Roe and John
    Doe of the Tide Project wrote'; "the scientists of the Tide Project wrote"): their words
    are the body's (gold convention 90; tenth pass, issue #16, class 2), or None."""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    got = _tag_words(ctx.text[t0:cue], lg)
    m = _JOINT_AUTHORS.fullmatch(got[0]) if got else None
    if m is None or (m.group("plural") and m.group("plural") not in lg.AUTHOR_GROUPS):
        return None
    return (t0 + m.start(2), t0 + m.end(2))


# A name, then "with/at/from" and a capitalised body ("Jane Roe with the Tide Council")
_NAME_WITH_BODY = re.compile(
    rf"({_NAME_WORDS})\s+(?:with|at|from)\s+(?:the\s+)?{_NAME_WORDS}(?:\s+(?:of|for)\s+{_NAME_WORDS})?"
)


def _name_with_body(ctx: _Context, t0: int, cue: int) -> tuple[int, int] | None:
    """The person in a tag subject t0..cue made of a name and its body after "with", "at" or
    "from" ('“…,” Jane Roe with the Tide Council wrote'): the person speaks, the body is
    their affiliation (tenth pass, issue #16, class 1; as "Jane Roe of the Tide Council"),
    or None."""
    got = _tag_words(ctx.text[t0:cue], ctx.lex.language)
    m = _NAME_WITH_BODY.fullmatch(got[0]) if got else None
    if m is None or not _has_name_head(m.group(1), ctx.lex.titles):
        return None
    return (t0 + m.start(1), t0 + m.end(1))


_DASH_CLOSE = re.compile(r"[^—–\n\"“”]{1,150}?\s[—–]\s*")


def _after_parenthetical(
    ctx: _Context, q: _Span, t0: int, cue: int, opens: bool
) -> tuple[int, int] | None:
    """The tag subject after a dash-enclosed aside that follows the quote ('"…" — a phrase that
    will come up again — Mr. Roe said': Mr. Roe, not "a phrase"; tenth pass, issue #16,
    class 4), or None when no dash opened the tag."""
    if not any(c in "—–" for c in ctx.text[q.close_pos + 1 : t0]):
        return None
    aside = _DASH_CLOSE.match(ctx.text, t0, cue)
    return _tail_subject(ctx, aside.end(), cue, opens) if aside else None


def _name_before_place(ctx: _Context, t0: int, end: int) -> tuple[int, int] | None:
    """The subject t0..end of several words ending in a name: its title and name
    ("University of Velmora climate scientist Jane Doe"), or the name before a place ("Jane
    Doe in Brussels")."""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    text = ctx.text
    np = _np_before(text, end, t0, ctx.lex)
    if np is None or not _after_preposition(text, np[0], lg):
        return np
    if any(w.lower() in ctx.lex.titles for w in _WORD_RE.findall(text, np[0], np[1])):
        return np
    head = text[t0 : _LAST_WORD.search(text, t0, np[0]).start(1)].rstrip()
    hw = _WORD_RE.findall(head)
    if hw and _is_cap(hw[0]) and not any(w.lower() in lg.PHRASE_STOP for w in hw):
        return (t0, t0 + len(head))
    return None


_VERB = frozenset({"verb"})


@functools.cache
def _inverted_cue(language: ModuleType) -> re.Pattern[str]:
    """A verb that reports speech only right after a quote ('“…,” echoed X')."""
    return re.compile(rf"(?:{'|'.join(sorted(language.INVERTED_CUES))})(?![\w-])")


def _tail_attr(ctx: _Context, q: _Span, limit: int, sent_start: int) -> _Attr | None:
    """Tag after the quote: “…,” Trump said / said Lavrov / according to Reuters."""
    text, lex = ctx.text, ctx.lex
    if q.close_pos < 0 or text[q.start : q.end].rstrip().endswith("."):
        return None  # a quote closed by a full stop ends its sentence
    t0 = q.close_pos + 1
    while text[t0 : t0 + 1] == '"' == text[q.close_pos]:
        t0 += 1  # a doubled closing mark
    while t0 < limit and text[t0] in " \t,;—–-":
        t0 += 1
    m = lex.cue_re.match(text, t0, limit) or _inverted_cue(lex.language).match(text, t0, limit)
    if m:
        got = _inverted_tag(ctx, m, q, limit, sent_start)
        if got is not None:
            return got
    m = lex.cue_re.search(text, t0, limit)
    if m and _RELATIVE_OPEN.match(text, t0, m.start()):
        # '“…,” the employee, who asked not to be named, told X': the cue after the clause
        close = text.find(",", m.end(), limit)
        m = lex.cue_re.search(text, close + 1, limit) if close > 0 else None
    if not m or (m.start() - t0 > 50 and len(_WORD_RE.findall(text, t0, m.start())) > 50):
        return None
    roles = lex.roles.get(_SPACES_RE.sub(" ", m.group().lower()), frozenset())
    if "verb" not in roles or _THAT_CLAUSE.match(text, m.end()):
        return None  # '“…?” X conceded that …': the verb reports a clause of its own
    before = text[min(sent_start, q.open_pos) : q.open_pos].rstrip(" \t\n" + _QUOTE_CHARS)
    opens = not before or before[-1] in ".!?:"  # the quote opens its sentence
    span = (
        (opens and _titled_name(ctx, t0, m.start()))
        or _joint_authors(ctx, t0, m.start())
        or _name_with_body(ctx, t0, m.start())
        or _after_parenthetical(ctx, q, t0, m.start(), opens)
        or _tail_subject(ctx, t0, m.start(), opens)
    )
    if span is None:
        got = _tail_spokesperson(ctx, q, t0, m, sent_start)
        return got if got is not None else _tag_after_comma(ctx, q, t0, m, limit, sent_start)
    if span[0] < 0:  # "someone remarked"
        return _Attr(UNNAMED, text[t0 : m.start()].strip(), "title", m.group(), m.start(),
                     m.end(), "tail", m.end(), t0, -span[0])  # fmt: skip
    who = _speaker_from_np(ctx, span, q.open_pos, sent_start)
    return who._replace(
        cue=m.group(), cue_start=m.start(), cue_end=m.end(), via="tail", clause_end=m.end()
    )


# A complementiser after a cue ("conceded that CO2 …"), not "that day": a tag after a quote
# never reports a clause of its own
_THAT_CLAUSE = re.compile(
    r"\s+that\b(?!\s+(?:day|night|morning|afternoon|evening|week|month|year|time|point)\b)"
)
_JUNIOR = re.compile(r",\s*(?:Jr|Sr|II|III)\b\.?")  # "Roger Roe, Jr." keeps its comma
# A tag's subject and a relative clause still open at the cue ("the employee, who asked")
_RELATIVE_OPEN = re.compile(r"[^,;:.!?\"“”\n]{1,80},\s+(?:who|which)\s+[^,;:!?\"“”\n]*$")
# A description (a determiner and lower-case words) before a relative clause in a tag
_DESCRIPTION_WHO = re.compile(
    r"((?i:the|a|an|one)\s+(?:[a-z][\w'’-]*\s+){0,3}[a-z][\w'’-]*),\s+who\b"
)


def _tag_after_comma(
    ctx: _Context, q: _Span, t0: int, m: re.Match[str], limit: int, sent_start: int
) -> _Attr | None:
    """A tag after the words that finish the quote's clause ('“… hands” on the ruins, asked
    resident Jane Roe'; '“… due to” gases, professor Jane Roe tweeted'): the name in the
    inverted tag after the comma, or the name between the last comma and the cue; None when
    a cue precedes the quote in its sentence, a quotation mark follows the cue (the tag
    introduces the next quote), the words cross a sentence end or a quotation mark, or no name
    speaks there."""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    text = ctx.text
    lo = min(sent_start, q.open_pos)
    lo = max([lo] + [text.rfind(c, lo, q.open_pos) + 1 for c in ".!?"])  # glued sentences
    for head in ctx.lex.cue_re.finditer(text, lo, q.open_pos):
        if ctx.lex.roles.get(_SPACES_RE.sub(" ", head.group().lower()), frozenset()) & {
            "verb",
            "participle",
            "phrase",
        }:
            return None  # 'X said they "…" despite …, Y tweeted': the cue before the quote
    nxt = text[m.end() : m.end() + 3].lstrip()[:1]
    if (nxt and nxt in ":" + _QUOTE_CHARS) or _DOUBLE_MARK_RE.search(text, m.end(), limit):
        return None  # '“America first” nationalism of his speech, X said: “…”': the next quote's
    junior = _JUNIOR.search(text, t0, m.start())
    end = junior.start() if junior else m.start()
    gap = text[t0:end]
    if _tag_words(gap, lg) is None or (len(gap) > 15 and len(_WORD_RE.findall(gap)) > 15):
        return None
    comma = gap.rfind(",")
    if any(_is_cap(w) for w in _WORD_RE.findall(gap[: max(comma, 0)])):
        return None  # '“…,” union president X assured the crowd, Y noted': X's own clause
    if gap.rstrip().endswith(","):  # ', asked resident Jane Roe'
        got = _inverted_tag(ctx, m, q, limit, sent_start)
        named = got is not None and got.resolution == "name"
        return got if named and got.speaker else None
    if comma < 0:
        return None
    c0 = t0 + comma + 1
    while c0 < end and text[c0].isspace():
        c0 += 1
    span = _tail_subject(ctx, c0, end, opens=True)
    if span is None or span[0] < 0 or not _has_name_head(text[span[0] : span[1]], ctx.lex.titles):
        return None
    who = _speaker_from_np(ctx, span, q.open_pos, sent_start)
    if not who.speaker or who.resolution != "name":
        return None
    return who._replace(
        cue=m.group(), cue_start=m.start(), cue_end=m.end(), via="tail", clause_end=m.end()
    )


def _tail_spokesperson(
    ctx: _Context, q: _Span, t0: int, m: re.Match[str], sent_start: int
) -> _Attr | None:
    """'“…,” a spokesman for the group told reporters': the body (see :func:`_spoken_for`),
    else an unnamed source; None when the subject is no such phrase."""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    got = _tag_words(ctx.text[t0 : m.start()], lg)
    if got is None:
        return None
    agent = _tail_agent(lg).fullmatch(got[0])
    if agent is None:
        return None
    body = (t0 + agent.start(2), t0 + agent.end(2))
    who = _spoken_for(ctx, agent.group(1), body, q.open_pos, sent_start)
    return _Attr(who or UNNAMED, got[0], "title", m.group(), m.start(), m.end(), "tail",
                 m.end(), t0, t0 + len(got[0]))  # fmt: skip


@functools.cache
def _tail_agent(language: ModuleType) -> re.Pattern[str]:
    return re.compile(
        rf"(?i:a|an|the)\s+(?:[\w-]+\s+){{0,2}}?({language.AGENT_ROLES})\s+"
        rf"(?:{language.AGENT_PREPOSITIONS})\s+((?:the\s+)?[\w'’.-]+(?:\s+[\w'’.-]+){{0,4}})"
    )


@functools.cache
def _as_it(language: ModuleType) -> re.Pattern[str]:
    verbs = "|".join(sorted(language.WORDING_VERBS))
    return re.compile(rf"(?<![\w-])[Aa]s\s+(\S.{{0,60}}?)\s+({verbs})\s+it\s*,?\s*$")


@functools.cache
def _absolute_ends(language: ModuleType) -> tuple[str, ...]:
    """How a head matched by :func:`_absolute_cue` ends, a comma stripped: a cue or "that"."""
    return (*sorted(language.ABSOLUTE_CUES), "that")


@functools.cache
def _absolute_cue(language: ModuleType) -> re.Pattern[str]:
    """ "with" + subject + a cue of an absolute clause ("with the report finding") at the end."""
    cues = "|".join(sorted(language.ABSOLUTE_CUES))
    return re.compile(
        r"(?<![\w-])(?i:with)\s+((?:[\w'’.-]+\s+){0,4}?[\w'’.-]+)\s+"
        rf"({cues})(?:\s+that)?\s*,?\s*$"
    )


# An article right before a cue form makes it a noun ("giving a shout out to", "the report"):
# no verb of saying (tenth pass, issue #16, class 8)
_ARTICLE_BEFORE = re.compile(r"(?<![\w'’-])(?i:a|an|the)\s+$")


def _head_attr(ctx: _Context, q: _Span, floor: int, sent_start: int) -> _Attr | None:
    """Cue before the quote in its clause: colon introduction, "saying, “…”", a governing verb."""
    text, lex = ctx.text, ctx.lex
    head = text[floor : q.open_pos].rstrip()
    if not head.strip():
        return None
    end = floor + len(head)
    # Three patterns below are anchored at the head's end ("$") and open with a lookbehind, so
    # re tries them at every position of the head: each is searched only when the head ends as
    # its matches must (a shortcut, same result; the head's last character is no space).
    tail = head[:-1].rstrip() if head.endswith(",") else head
    as_it = _as_it(lex.language).search(text, floor, end) if tail.endswith("it") else None
    if as_it:
        # 'As Jane Roe saw it, “…”': the quote is Roe's wording
        np = _np_after(text, as_it.start(1), as_it.end(1), lex)
        if np is not None and np[1] == as_it.end(1):
            who = _speaker_from_np(ctx, np, q.open_pos, sent_start)
            return who._replace(
                cue=as_it.group(2), cue_start=as_it.start(2), cue_end=as_it.end(2), via="head"
            )
    # only the last cue that passes the tests below is read: they are tried from the end
    cue = None
    for m in reversed([*lex.cue_re.finditer(text, floor, end)]):
        if (
            not _inside_quote(m.start(), ctx.quotes)
            and not _CALLS_FOR.match(text, m.start())
            and not _PARTICLE_AFTER.match(text, m.start())
            and not _ARTICLE_BEFORE.search(text, max(floor, m.start() - 5), m.start())
        ):
            cue = m
            break
    absolute = (
        _absolute_cue(lex.language).search(text, floor, end)
        if cue is None and tail.endswith(_absolute_ends(lex.language))
        else None
    )
    if absolute:
        # "…, with the report finding “…”": the subject of the absolute clause ("finding" is no
        # cue elsewhere: "The finding “surprised” many")
        who = _speaker_from_np(ctx, absolute.span(1), q.open_pos, sent_start)
        return who._replace(cue=absolute.group(2), cue_start=absolute.start(2),
                            cue_end=absolute.end(2), via="head")  # fmt: skip
    if head.endswith(":") and cue is None:
        np = _clause_subject(ctx, floor, end - 1)
        base = _Attr(cue=":", cue_start=end - 1, cue_end=end, via="head")
        if np is None:
            return base
        who = _speaker_from_np(ctx, np, q.open_pos, sent_start)
        return who._replace(cue=":", cue_start=end - 1, cue_end=end, via="head")
    caused = _caused_speech(ctx, floor, end, q.open_pos, sent_start)
    if caused is not None and (cue is None or cue.start() <= caused.cue_start):
        return caused
    directed = (
        _directive_passive(lex.language).search(text, floor, end + 1)
        if head.endswith("to") or text[end - 1 : end + 1] == "to"  # the end is end + 1 here
        else None
    )
    if directed and (cue is None or cue.start() < directed.start()):
        # "the pagans are instructed to “choose …”": no cue, and no speaker (convention 38)
        return _Attr(cue=directed.group(1), cue_start=directed.start(1), cue_end=directed.end(1),
                     via="agentless")  # fmt: skip
    if cue is None:
        return None
    passive = _passive_attr(ctx, cue, q.open_pos, sent_start)
    return passive or _verb_attr(ctx, cue, floor, q.open_pos, sent_start)


@functools.cache
def _directive_passive(language: ModuleType) -> re.Pattern[str]:
    """A verb of directing in the passive and "to" at the end of a quote's head ("are
    instructed to")."""
    aux = "|".join(sorted(language.PASSIVE_REPORTING_AUX))
    verbs = "|".join(sorted(language.DIRECTIVE_VERBS))
    return re.compile(rf"(?<![\w'’-])(?i:{aux})\s+(?:[a-z]+ly\s+)?({verbs})\s+to\s*$")


@functools.cache
def _caused_pattern(language: ModuleType) -> re.Pattern[str]:
    """A causative, a short phrase, "to" and a verb of saying ("leading one group to call")."""
    causes = "|".join(sorted(language.CAUSATIVE_VERBS))
    says = "|".join(sorted(language.CAUSED_SPEECH))
    return re.compile(
        rf"(?<![\w'’-])(?i:{causes})\s+((?:[\w'’.-]+\s+){{0,5}}?[\w'’.-]+)\s+to\s+({says})\b"
    )


@functools.cache
def _caused_verb(language: ModuleType) -> re.Pattern[str]:
    """The end of :func:`_caused_pattern` ("to call"): it opens with a literal, which re's search
    skips to, where the whole pattern (opening with a lookbehind) is tried at every position."""
    says = "|".join(sorted(language.CAUSED_SPEECH))
    return re.compile(rf"to\s+({says})\b")


def _caused_speech(ctx: _Context, lo: int, end: int, pos: int, sent_start: int) -> _Attr | None:
    """The speaker of a quote after "<causative> <someone> to <verb of saying>" between ``lo``
    and ``end`` ("X said it would repeal them, leading one group to call his plans a “…”"): the
    one caused to speak (an unnamed source here), not the sentence's subject; None when the
    head has no such phrase or its verb is more than four words before the quote."""
    if _caused_verb(ctx.lex.language).search(ctx.text, lo, end) is None:
        return None  # every match holds "to" and a verb of saying (a shortcut, same result)
    m = max(
        _caused_pattern(ctx.lex.language).finditer(ctx.text, lo, end), key=_START_OF, default=None
    )
    if m is None or len(_WORD_RE.findall(ctx.text, m.end(), end)) > 4:
        return None
    who = _speaker_from_np(ctx, m.span(1), pos, sent_start)
    if not who.speaker:
        return None
    return who._replace(cue=m.group(2), cue_start=m.start(2), cue_end=m.end(2), via="head")


def _is_scare_marked(ctx: _Context, q: _Span, floor: int) -> bool:
    return bool(ctx.lex.scare_before.search(ctx.text[max(floor, q.open_pos - 40) : q.open_pos]))


def _embedded(ctx: _Context, q: _Span, floor: int) -> tuple[bool, str]:
    """Whether the quote continues the reporter's syntax, and the word right before it."""
    before = ctx.text[floor : q.open_pos].rstrip()
    if not before or not (before[-1].isalnum()):
        return False, ""
    last = _last_word(before).lower()
    roles = ctx.lex.roles.get(last, frozenset())
    return not (roles & {"verb", "participle"}), last


def _modifies_noun(text: str, q: _Span, lg: ModuleType) -> bool:
    """Is the quote a modifier of the noun right after its closing mark ('"high occupancy"
    planes'): a lower-case word that is no preposition, conjunction, determiner, auxiliary or
    adverb ('"disappointed" over', '"hoax" during', '"cheap" and')?"""
    if q.close_pos < 0:
        return False
    if text[q.start : q.end].rstrip()[-1:] in ",.;:!?":
        return False
    m = _NEXT_WORD.match(text, q.close_pos + 1)
    if m is None:
        return False
    w = m.group(1)
    return (
        w.islower()
        and w not in lg.PHRASE_STOP
        and w not in lg.DETERMINERS
        and w not in lg.BETWEEN
        and w not in lg.PREPOSITIONS
        and w not in lg.PRONOUNS
        and not w.endswith(("ly", "ed"))
    )


def _kind(ctx: _Context, q: _Span, attr: _Attr, floor: int, n_words: int) -> str:
    """statement | fragment | scare: :func:`_syntactic_kind`, then (issue #16, a class of
    stories D and E): a quote in the article's first sentence (the headline, which the corpus
    glues to the body) whose words the author never uses outside quotation marks is someone's
    words, not a scare quote ("Mayor slams 'reckless' plan"), unless a naming cue marks it. A
    quote inside a link to another article ("(RELATED: ...)") is a scare quote (a title).
    """
    if in_link_teaser(ctx.text, q.open_pos):
        return "scare"
    before = ctx.text[max(floor, q.open_pos - 40) : q.open_pos]
    if _WORK_TITLE_BEFORE.search(before):
        return "scare"  # 'a study titled "..."': the name of a work (gold rules 29, 65)
    if attr.via == "scare" and _PERSON_CALLED_BEFORE.search(before):
        return "fragment"  # 'what he called "..."', 'Doe has called "..."': a person's wording
    kind = _syntactic_kind(ctx, q, attr, floor, n_words)
    if kind == "scare" and attr.via != "scare" and _wording_before(ctx, before):
        return "fragment"
    if (
        kind == "scare"
        and attr.via != "scare"
        and _headline_quote(ctx, q)
        and not _used_outside(ctx, q)
    ):
        return "fragment"
    return kind


_AS_BEFORE = re.compile(r"\bas\s*$")
# "<verb> to" right before a quote: the verb is checked against the language's INTENT_VERBS
_INTENT_TO_BEFORE = re.compile(r"\b([a-z]+)\s+to\s*$")
# "titled", "entitled", "headlined" right before a quote: the quote names a work (a report, an
# article), whatever the sentence's subject
_WORK_TITLE_BEFORE = re.compile(r"\b(?:titled|entitled|headlined)\s*[,:]?\s*$", re.IGNORECASE)
# "called" after a person as its subject ("what he called", "Doe has called", "she called it"):
# the person's wording, not a naming by the author ('a group called "X"', 'so-called "X"')
_PERSON_CALLED_BEFORE = re.compile(
    r"\b(?:what\s+(?:he|she|they|we|I|[A-Z][\w'’-]+)|(?:he|she|they|we|I)|"
    r"(?:has|have|had)(?:\s+\w+ly)?)\s+called(?:\s+(?:it|them|this|that))?\s*$"
)


_CALLED_AT = re.compile(r"called(?:\s+(?:it|them|this|that))?\s*$")


def _called_by(ctx: _Context, q: _Span, floor: int, sent_start: int) -> _Attr | None:
    """The speaker of a word a person called something ('what he called "…"', 'a rule Jane
    Roe has called "…"', 'she called it "…"'): the subject right before "called" (a pronoun
    resolved, a name), kept as a naming (``via`` "scare", which :func:`_kind` turns into a
    fragment); None when no person is the subject (eighth pass, issue #16)."""
    lo = max(floor, q.open_pos - 40)
    before = ctx.text[lo : q.open_pos]
    if not _PERSON_CALLED_BEFORE.search(before):
        return None
    cue = _CALLED_AT.search(ctx.text, lo, q.open_pos)
    if cue is None:
        return None
    np = _np_before(ctx.text, cue.start(), floor, ctx.lex)
    if np is None:
        return None
    who = _speaker_from_np(ctx, np, np[0], sent_start)
    if not who.speaker:
        return None
    end = cue.start() + len("called")
    return who._replace(cue="called", cue_start=cue.start(), cue_end=end, via="scare")


def _wording_before(ctx: _Context, before: str) -> bool:
    """Does the text right before a short quote make it someone's wording: "<verb of intent>
    to" ('pledged to "fix the gates"': a verb phrase) or "<characterising verb> ... as"
    ('criticised the plan as "reckless"')?"""
    lg = ctx.lex.language
    m = _INTENT_TO_BEFORE.search(before)
    if m and m.group(1).lower() in lg.INTENT_VERBS:
        return True
    return bool(_AS_BEFORE.search(before)) and any(
        w.lower() in lg.CHARACTERISING_VERBS for w in _WORD_RE.findall(before)[-7:-1]
    )


def _headline_quote(ctx: _Context, q: _Span) -> bool:
    """Does the quote open in the first sentence of an article of several (its headline)?"""
    return len(ctx.sentences) > 1 and q.open_pos < ctx.sentences[0][1]


def _used_outside(ctx: _Context, q: _Span) -> bool:
    """Does the quote's wording (without edge punctuation; a letter at least) occur in the
    article, in any case, outside every quotation?"""
    words = ctx.text[q.start : q.end].strip(" ,.;:!?'’‘\"“”")
    if not any(ch.isalpha() for ch in words):
        return False
    pattern = re.compile(r"(?<!\w)" + re.escape(words) + r"(?!\w)", re.IGNORECASE)
    for m in pattern.finditer(ctx.text):
        if not any(
            o.open_pos <= m.start() <= (o.close_pos if o.close_pos >= 0 else o.end)
            for o in ctx.quotes
        ):
            return True
    return False


def _syntactic_kind(ctx: _Context, q: _Span, attr: _Attr, floor: int, n_words: int) -> str:
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    if attr.via == "scare":
        return "scare"
    embedded, last = _embedded(ctx, q, floor)
    if n_words <= 4 and not attr.cue and embedded and _modifies_noun(ctx.text, q, lg):
        return "scare"  # 'the fiery "America first" nationalism', 'Paris "X" deal'
    if not attr.speaker:
        if n_words <= 4 and not attr.cue and attr.via != "context":
            # a short quote naming a thing after a determiner or preposition ('the "America
            # first" camp', 'the idea of "renegotiation"') is a scare quote; after a verb or
            # adjective ('are "disappointed"', 'kept "well below"') someone's words, unattributed
            if (
                not embedded
                or last in lg.DETERMINERS
                or last in lg.PHRASE_STOP
                or last in lg.SCARE_AFTER
            ):
                return "scare"
            return "fragment"
        return "fragment" if embedded else "statement"
    if embedded and not (last == "that" and n_words >= 3):
        return "fragment"
    return "statement"


# --------------------------------------------------------------------------------------------
# per article


def _mentions_by_article(
    texts: dict[str, str], sentences: pd.DataFrame, catalog: pd.DataFrame, language: ModuleType
) -> dict[str, list[tuple[int, int, str, str]]]:
    """Catalog mentions (start, end, actor, type) per article, via analysis.actors."""
    frame = pd.DataFrame(
        {
            "article_id": sentences["article_id"].astype(str).to_numpy(),
            "sentence_index": sentences["sentence_index"].to_numpy(),
            "paragraph_index": sentences["paragraph_index"].to_numpy(),
            "start": sentences["start"].to_numpy(),
            "text": [
                texts.get(str(a), "")[int(s) : int(e)]
                for a, s, e in zip(
                    sentences["article_id"], sentences["start"], sentences["end"], strict=True
                )
            ],
            "position": 0.0,
            "is_headline": False,
            "is_standfirst": False,
        }
    )
    return _group_mentions(find_mentions(frame, catalog, language))


def _group_mentions(mentions: pd.DataFrame) -> dict[str, list[tuple[int, int, str, str]]]:
    """(start, end, actor, type) per article from a mentions table, in text order."""
    raw: dict[str, list[list]] = {}
    cols = (mentions[c].tolist() for c in ("article_id", "start", "end", "actor", "type"))
    for a, *row in zip(*cols, strict=True):
        raw.setdefault(str(a), []).append(row)
    # grouping first and then a stable sort by start within each article gives the order of
    # sort_values(["article_id", "start"], kind="stable")
    out: dict[str, list[tuple[int, int, str, str]]] = {}
    for aid, rows in raw.items():
        rows.sort(key=_FIRST)
        out[aid] = [(int(s), int(e), str(actor), str(typ)) for s, e, actor, typ in rows]
    return out


def _name_mentions(text: str, names: Sequence[str], quotes: list[_Span]) -> list[_Mention]:
    """Mentions of speakers named in the article but absent from the catalog ("Ushakov")."""
    out = []
    for name in names:
        # str.find with word-boundary checks: the matches of (?<!\w)name(?!\w), left to right
        n, i = len(name), text.find(name)
        while i != -1:
            e = i + n
            if (i == 0 or not _is_word_char(text[i - 1])) and (
                e >= len(text) or not _is_word_char(text[e])
            ):
                if not _inside_quote(i, quotes):
                    out.append(_Mention(i, e, name, "person", _is_poss(text, e)))
                i = text.find(name, e)
            else:
                i = text.find(name, i + 1)
    return out


def _is_word_char(ch: str) -> bool:
    r"""``ch`` matches ``\w`` (str patterns: alphanumeric or underscore)."""
    return ch.isalnum() or ch == "_"


class _Catalog(NamedTuple):
    affiliation: dict[str, str]  # actor -> affiliation
    known: frozenset[str]  # catalog actors
    types: dict[str, str]  # actor -> person | institution
    # institutions of several words by their last word, in catalog order ("Times": [Los
    # Angeles Times, ...]): the ones ``a.endswith(" " + word)`` finds, without a scan
    bodies_ending: dict[str, list[str]]


def _catalog_info(catalog: pd.DataFrame) -> _Catalog:
    affiliation = {
        str(a): str(f)
        for a, f in zip(catalog["actor"].tolist(), catalog["affiliation"].tolist(), strict=True)
    }
    types = {
        str(a): str(t)
        for a, t in zip(catalog["actor"].tolist(), catalog["type"].tolist(), strict=True)
    }
    bodies_ending: dict[str, list[str]] = {}
    for a, t in types.items():
        if t == "institution" and " " in a:
            bodies_ending.setdefault(a.rsplit(" ", 1)[1], []).append(a)
    known = frozenset(catalog["actor"].astype(str).tolist())
    return _Catalog(affiliation, known, types, bodies_ending)


def _quotes_for_article(
    aid: str,
    text: str,
    sent_rows: list[tuple[int, int, int, int]],
    found: list[tuple[int, int, str, str]],
    info: Callable[[], _Catalog],
    lex: Lexicon,
    resolve: Callable[[str], str | None],
) -> list[tuple]:
    """Quote rows of one article; ``sent_rows``: (start, end, paragraph_index, sentence_index)
    of its sentences, by start."""
    para_spans = _paragraph_spans(sent_rows)
    spans = quote_spans(text, para_spans, lex.cue_re)
    if not spans:
        return []
    sentences = [(s, e) for s, e, _, _ in sent_rows]
    sent_idx = [i for _, _, _, i in sent_rows]
    clauses = _rejoined(text, _unglued(text, sentences), lex.language)
    mentions = [
        _Mention(s, e, actor, typ, _is_poss(text, e))
        for s, e, actor, typ in found
        if not _inside_quote(s, spans)
    ]
    cat = info()
    starts = [s for s, _ in clauses]
    genders = _genders(text, mentions, spans, clauses, lex.language)
    ctx = _Context(
        text,
        lex,
        resolve,
        mentions,
        cat.affiliation,
        clauses,
        starts,
        spans,
        cat.types,
        [],
        [],
        genders,
        cat.bodies_ending,
    )
    lay = _Layout(para_spans, [s for s, _ in para_spans])
    floors, attrs = _own_attributions(ctx, lay)  # pass 1
    ctx = _reresolve(ctx, lay, attrs, cat.known)  # pass 2
    groups = _join_split_quotes(ctx, lay, attrs)  # pass 3
    _context_speakers(ctx, lay, attrs, groups)
    _same_sentence_speakers(ctx, attrs)
    n_words = [_n_words(text, q) for q in ctx.quotes]  # once: three rules below read it
    kinds = [_kind(ctx, q, a, floors[i], n_words[i]) for i, (q, a) in
             enumerate(zip(ctx.quotes, attrs, strict=True))]  # fmt: skip
    _subject_speakers(ctx, lay, attrs, kinds)
    _same_sentence_speakers(ctx, attrs)
    _fullest_names(attrs, cat.known, ctx)
    _repeated_quotes(ctx, attrs, kinds)
    _headline_subjects(ctx, attrs, kinds)
    _settle_kinds(ctx, lay, attrs, kinds, n_words)
    return _quote_rows(aid, ctx, attrs, kinds, groups, sentences, sent_idx, n_words)


# Where a headline's clause starts: after a colon, semicolon, question or exclamation mark, a
# vertical bar or a dash between spaces ("86 Percent Negative: Media Cite '…'")
_HEADLINE_CLAUSE_BREAK = re.compile(r"[:;?!|]\s*|\s[-–—]\s")


def _headline_subjects(ctx: _Context, attrs: list[_Attr], kinds: list[str]) -> None:
    """Ninth pass (issue #16): a quote in a title-case headline with no tag of its own takes
    the subject that opens its headline clause, with no verb of saying (``attrs`` updated):
    a generic plural among the clause's first three capitalised words ("Media Scold X, Cite
    '…'", "Officials Doubt '…'", "High Flying Celebs … Tout '…'") is an unnamed source, cue
    the word right before the quote (gold convention 33); a person named first ("Jane Roe
    Shifts Debate To '…'") is that person, cue empty (convention 59)."""
    lg = ctx.lex.language
    text = ctx.text
    for i, q in enumerate(ctx.quotes):
        a = attrs[i]
        if kinds[i] == "scare" or a.cue or a.speaker_text or not _headline_quote(ctx, q):
            continue
        s0 = ctx.sentences[0][0]
        breaks = list(_HEADLINE_CLAUSE_BREAK.finditer(text, s0, q.open_pos))
        c0 = breaks[-1].end() if breaks else s0
        clause = text[c0 : q.open_pos]
        words = list(_WORD_RE.finditer(clause))
        long = [w.group() for w in words if len(w.group()) >= 4]
        if len(words) < 2 or sum(w[0].isupper() for w in long) < 0.9 * max(len(long), 1):
            continue  # not a title-case headline clause
        who = None
        for k, w in enumerate(words[:3]):
            word = w.group()
            if not word[0].isupper():
                break
            if word.lower() in lg.GENERIC_GROUPS:
                if k + 1 < len(words) and words[k + 1].group()[0].isupper():
                    last = words[-1]
                    adjacent = not text[c0 + last.end() : q.open_pos].strip()
                    cue = last.group() if adjacent and last is not words[k] else ""
                    cs = c0 + last.start() if cue else -1
                    who = _Attr(UNNAMED, word, "title", cue, cs, cs + len(cue) if cue else -1,
                                "head", -1, c0 + w.start(), c0 + w.end())  # fmt: skip
                break
        m = next((m for m in ctx.mentions if m.start >= c0), None) if who is None else None
        if m is not None and m.start == c0 + words[0].start() and not a.speaker:
            after = [w.group().lower() for w in _WORD_RE.finditer(text, m.end, q.open_pos)][:3]
            # "Roe Shifts Debate To '…'" (a person), "UN's New Report Shows '…'" (a body's
            # document: the body, gold convention 9)
            person = m.type == "person" and not m.possessive
            if person or (m.possessive and any(w in lg.DOCUMENT_NOUNS for w in after)):
                who = _Attr(m.actor, text[m.start : m.end], "name", np_start=m.start,
                            np_end=m.end, via="head")  # fmt: skip
        if who is not None:
            attrs[i] = who


_POSSESSIVE_END = re.compile(r"(?:['’]s|s['’])\s*$")


def _is_title_case(quoted: str, small: frozenset[str]) -> bool:
    """Is every word of the quote capitalised but the small words a title leaves in lower
    case ('The Lead', 'Pope, in the Air, Puts Foot Down on X')?"""
    words = re.findall(r"[^\W\d_][\w'’.\-]*", quoted)
    if not words:
        return False
    return all(w[0].isupper() or (k and w.lower() in small) for k, w in enumerate(words)) and any(
        w[0].isupper() for w in words
    )


def _headline_like(text: str, s0: int, s1: int, q: _Span) -> bool:
    """Is the quote's sentence, outside the quote, in title case (a headline: 90% of words of
    four letters or more capitalised)?"""
    rest = text[s0 : q.open_pos] + " " + text[q.close_pos + 1 if q.close_pos >= 0 else q.end : s1]
    long = [w for w in re.findall(r"[^\W\d_]{4,}", rest)]
    return len(long) >= 2 and sum(w[0].isupper() for w in long) >= 0.9 * len(long)


def _work_noun(text: str, before: str, last: str, lex: Lexicon) -> bool:
    """Is ``last`` (the word right before a title-case quote) a common noun that names the
    work the title belongs to ('his documentary "An Inconvenient Truth"', 'on his podcast "The
    Tide Hour"')? A lower-case word that is no cue, stop word or -ed/-ly form, after a
    possessive or a determiner within two words."""
    if not last.isalpha() or not last.islower() or last.endswith(("ed", "ly")):
        return False
    lg = lex.language
    if last in lex.roles or last in _stopwords(lg):
        return False
    words = before.split()[-3:-1]  # the two words before the noun
    return any(w.lower() in lg.DETERMINERS for w in words)


def _settle_kinds(
    ctx: _Context, lay: _Layout, attrs: list[_Attr], kinds: list[str], n_words: list[int]
) -> None:
    """Quotes that name or mention words rather than report someone's words become scare
    quotes once every speaker rule has run (issue #16; classes found on the false positives of
    stories A-C; ``kinds`` is updated):

    - a word quoted as a word, after a noun such as "term" or "words like" ('the term
      "adaptation"', 'the last name "X"'; five words at most), whoever the subject is (gold
      rule 22);
    - a title in title case after a preposition, determiner or possessive, in a sentence that
      is not itself a headline ('said on "The Lead"', 'told X's "Hannity"', 'renamed the "Y
      Team"', 'in "Pope, in the Air, Puts Foot Down"': shows, headlines, names, gold rules 12
      and 29); a one-word title only after a possessive or "on"/"in"; not when a tag after
      the quote names its speaker (except "according to");
    - a quote of one or two words with no speaker after every rule and no cue right before
      it (at most two words between: 'was said to "cripple"' stays): the author's own scare
      quote ('a 100 percent "denier" of', 'the prevailing "consensus"').
    """
    lg = ctx.lex.language
    text = ctx.text
    meta = re.compile(
        r"\b(?:" + "|".join(sorted(lg.METALINGUISTIC)) + r")(?:\s+(?:like|such\s+as))?[\s,:]*$",
        re.IGNORECASE,
    )
    for i, q in enumerate(ctx.quotes):
        if kinds[i] == "scare" or text[q.open_pos : q.open_pos + 1] not in _QUOTE_CHARS + "‘'":
            continue
        a = attrs[i]
        before = text[max(0, q.open_pos - 60) : q.open_pos]
        n = n_words[i]
        if n <= 5 and meta.search(before):
            kinds[i] = "scare"
            continue
        quoted = text[q.start : q.end].strip()
        word = _last_word(before)
        last = word.lower() if word and before.rstrip()[-1:].isalpha() else ""
        # "It's 'Fantasy'", "There's 'Little Basis'": a contraction of a function word, no owner
        possessive = bool(_POSSESSIVE_END.search(before)) and not (
            word and word.lower()[:-2] in _stopwords(lg)
        )
        if (
            (a.via != "tail" or a.cue.lower().startswith("according"))
            and _is_title_case(quoted, lg.TITLE_SMALL_WORDS)
            and (
                possessive
                or (n >= 2 and (last in lg.PHRASE_STOP or last in lg.DETERMINERS))
                or last in ("on", "in")
                or (n >= 2 and _work_noun(text, before, last, ctx.lex))
            )
        ):
            s0, s1 = _sent_bounds(ctx, lay, q.open_pos)
            if not _headline_like(text, s0, s1, q):
                kinds[i] = "scare"
                continue
        if n <= 2 and not a.speaker and kinds[i] == "fragment" and not _headline_quote(ctx, q):
            near = a.cue_end >= 0 and len(text[a.cue_end : q.open_pos].split()) <= 2
            tail = text[max(0, q.open_pos - 40) : q.open_pos]
            if not near and not (_wording_before(ctx, tail) or _PERSON_CALLED_BEFORE.search(tail)):
                kinds[i] = "scare"


# Sentence ends the corpus lost the space after ('…climate change."A paper', 'Donald Trump:As
# he flew', 'GET THE FOX NEWS APPGaetz said'): a full stop, question or exclamation mark (and a
# closing double mark) or a colon after a lower-case letter or digit, or an upper-case run of
# three letters or more, directly before a capitalised word.
_GLUED_END = re.compile(
    r"(?:[a-z0-9)][.!?][\"”]?|[a-z]:)(?=[A-Z][a-z]*\b)|[A-Z]{3,}(?=[A-Z][a-z]{2,})"
)
# what any match of _GLUED_END in a sentence holds, lookaheads included (they see only the
# sentence): [a-z0-9)][.!?]["”]?[A-Z] | [a-z]:[A-Z] | [A-Z]{4}[a-z]{2}; where that matches
# nowhere in a sentence, no match of _GLUED_END starts there (a shortcut, same result). Two
# patterns that open with a character class, which re's search skips to (an alternation of
# classes or a repeat at the start would make it try every position): the first is
# [.!?]["”]?[A-Z] | :[A-Z] from the second character, with ':' then a mark left to the loop.
_MAYBE_GLUED_STOP = re.compile(r"[.!?:][\"”]?[A-Z]")
_MAYBE_GLUED_CAPS = re.compile(r"[A-Z][A-Z]{3}[a-z]{2}")


def _maybe_glued(text: str) -> list[int]:
    """Every position of ``text`` (overlaps included, sorted) where that pattern matches."""
    out = []
    m = _MAYBE_GLUED_STOP.search(text, 1)
    while m is not None:
        j = m.start()
        c = text[j - 1]
        if text[j] == ":":
            if m.end() == j + 2 and "a" <= c <= "z":  # ':' straight before the capital
                out.append(j - 1)
        elif "a" <= c <= "z" or "0" <= c <= "9" or c == ")":
            out.append(j - 1)
        m = _MAYBE_GLUED_STOP.search(text, j + 1)
    m = _MAYBE_GLUED_CAPS.search(text)
    while m is not None:
        out.append(m.start())
        m = _MAYBE_GLUED_CAPS.search(text, m.start() + 1)
    return sorted(out)


def _unglued(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The segmenter's sentences, each also split where its text glues two sentences with no
    space (:data:`_GLUED_END`). Used only to find speakers: the sentence table the other
    stages (and the frame model) read is not changed."""
    maybe = _maybe_glued(text)
    if not maybe:
        return list(sentences)
    out: list[tuple[int, int]] = []
    for s, e in sentences:
        start = s
        k = bisect_left(maybe, s)
        if k == len(maybe) or maybe[k] >= e:
            out.append((s, e))  # no match can start in the sentence
            continue
        for m in _GLUED_END.finditer(text, s, e):
            if m.end() - start >= 2:
                out.append((start, m.end()))
                start = m.end()
        out.append((start, e))
    return out


_PREFIXED_TITLE_END = re.compile(r"(?<![\w.])[a-z]+-([A-Z][a-z]*)\.$")


def _rejoined(text: str, clauses: list[tuple[int, int]], lg: ModuleType) -> list[tuple[int, int]]:
    """``clauses`` with a sentence that ends in a hyphen-prefixed title ("then-Gov.",
    "ex-Sen.") joined to the next one, which opens with the name: the segmenter splits there
    (used only to find speakers, like :func:`_unglued`)."""
    out: list[tuple[int, int]] = []
    joined = False
    for s, e in clauses:
        if joined:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
        # the pattern ends in a full stop at the clause's end ("$" also before a last "\n"):
        # tried only there (a shortcut, same result)
        lo = max(s, e - 30)
        m = (
            _PREFIXED_TITLE_END.search(text, lo, e)
            if (text[e - 1 : e] == "." or text[e - 2 : e] == ".\n") and text.find("-", lo, e) != -1
            else None
        )
        joined = m is not None and m.group(1).lower() in lg.TITLES
    return out


def _repeated_quotes(ctx: _Context, attrs: list[_Attr], kinds: list[str]) -> None:
    """A quote of four words or more with no speaker whose words another quote of the article
    holds with a speaker (a pull quote, a repeated line) takes that speaker (``attrs`` is
    updated)."""
    todo = [
        i
        for i, a in enumerate(attrs)
        if not a.speaker and kinds[i] != "scare" and a.via != "agentless"
    ]
    if not todo:
        return  # every quote has a speaker (or is none of this rule's): no words to compare
    norms: dict[int, str] = {}

    def norm(k: int) -> str:  # a quote's words, lower-cased, each computed once when asked
        got = norms.get(k)
        if got is None:
            q = ctx.quotes[k]
            got = norms[k] = " ".join(_WORD_RE.findall(ctx.text[q.start : q.end].lower()))
        return got

    quotes, text = ctx.quotes, ctx.text
    for i in todo:
        a = attrs[i]
        if norm(i).count(" ") < 3:
            continue
        # the first word of the words is inside one word of any quote that holds them: a
        # quote whose lower-cased text lacks it is passed over without being normalised
        first = norm(i).split(" ", 1)[0]
        for j, b in enumerate(attrs):
            if (
                j != i
                and b.speaker
                and kinds[j] != "scare"
                and first in text[quotes[j].start : quotes[j].end].lower()
                and norm(i) in norm(j)
            ):
                attrs[i] = a._replace(speaker=b.speaker, via=a.via or "context")
                break


def _fullest_names(attrs: list[_Attr], known, ctx: _Context) -> None:
    """A speaker outside the catalog named by one word ("Petrenko") is the one longer name
    outside the catalog that ends in it among the article's speakers ("Diego Z. Petrenko"),
    else the one such name the article's text gives ("resident Diego Petrenko" in a sentence
    with no quote): the fullest name the article gives (``attrs`` is updated)."""
    names = {a.speaker for a in attrs if a.speaker and a.speaker not in known}
    for i, a in enumerate(attrs):
        if a.speaker in names and " " not in a.speaker:
            longer = [n for n in names if n.endswith(" " + a.speaker)]
            if not longer and a.speaker.isalpha():
                longer = _names_ending_in(ctx, a.speaker, known)
            if not longer:
                # a catalog person the article names in full ("Mike Roe ... Roe tweeted"),
                # whose surname alone the catalog does not hold (a discovered draft)
                longer = _persons_ending_in(ctx, a.speaker)
            if len(longer) == 1:
                attrs[i] = a._replace(speaker=longer[0])


def _persons_ending_in(ctx: _Context, word: str) -> list[str]:
    """The catalog persons mentioned in the article whose name ends in the word ``word``."""
    tail = " " + word
    return sorted({m.actor for m in ctx.mentions if m.type == "person" and m.actor.endswith(tail)})


def _names_ending_in(ctx: _Context, word: str, known) -> list[str]:
    """The distinct names of two or three capitalised words ending in ``word`` in the
    article's text (initials allowed, no other full stop), without determiners, honorifics,
    party and role words before the surname ("The", "Prof", "Democrat", "Mayor"), with no
    function word ("Talks Between Olsen"), and none that is in the catalog."""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    stop = _stopwords(lg)
    found = set()
    for _, _, pieces in _names_ending_matches(ctx.text, word):
        given = pieces.split()
        owned = [k for k, g in enumerate(given) if g.endswith(("'s", "’s"))]
        given = given[owned[-1] + 1 :] if owned else given  # "Radio One's Jan X": Jan X
        while given and (
            given[0].strip(".") in lg.NOT_GIVEN_NAMES
            or given[0].strip(".").lower() in lg.TITLES
            or given[0].lower() in ctx.lex.titles
            or given[0].lower() in lg.DETERMINERS
            or given[0].lower() in lg.PARTY_NOUNS
            or (len(given) > 1 and _lower_elsewhere(ctx.text, given[0]))  # "Physicist Jan X"
        ):
            given = given[1:]
        if any(g.lower() in stop or g.lower() in lg.FUNCTION_WORDS for g in given):
            continue
        if given:
            found.add(" ".join([*given, word]))
    return sorted(n for n in found if n not in known and ctx.resolve(n) is None)


def _lower_elsewhere(text: str, word: str) -> bool:
    """Is a capitalised word written in lower case somewhere in the text (a role or common
    word opening a sentence, "Physicist", "Councillor"), not a given name?"""
    return _lone_word_in(text, word.lower())


# one or two capitalised pieces ("Jan ", "Z. "), each ending in its only space, with no word
# character, apostrophe, full stop or hyphen before them; a name's word after them must not
# run on (_RUN_CHAR)
_TWO_PIECES = re.compile(r"(?<![\w'’.-])((?:[A-Z][a-z'’-]+ |[A-Z]\. ){2})")
_ONE_PIECE = re.compile(r"(?<![\w'’.-])((?:[A-Z][a-z'’-]+ |[A-Z]\. ))")


def _names_ending_matches(text: str, word: str) -> list[tuple[int, int, str]]:
    r"""(start, end, pieces) of each match of ``(?<![\w'’.-])((?:[A-Z][a-z'’-]+ |[A-Z]\. ){1,2})``
    + ``word`` + ``(?![\w'’-])`` in ``text``, as ``finditer`` finds them (left to right, not
    overlapping; two pieces before one), without a pattern compiled per word and trying only
    where a match can start: a piece holds no space but the one that ends it, so a match
    starts after the second space before an occurrence of " " + ``word``."""
    key, out, pos, size = " " + word, [], 0, len(word)
    while True:
        q = text.find(key, pos)
        if q < 0:
            return out
        r1 = text.rfind(" ", 0, q)
        r2 = text.rfind(" ", 0, r1) if r1 >= 0 else -1
        found = None
        for s in range(max(pos, r2 + 1), q - 1):
            if "A" <= text[s] <= "Z":
                for pieces in (_TWO_PIECES, _ONE_PIECE):  # each piece matches one way only
                    m = pieces.match(text, s)
                    e = m.end() + size if m is not None else -1
                    if (
                        e > 0
                        and text.startswith(word, m.end())
                        and _RUN_CHAR.match(text, e) is None
                    ):
                        found = (s, e, m.group(1))
                        break
                if found is not None:
                    break
        if found is None:
            pos = q + 1  # no match starts at q - 1 or q (a piece needs two characters)
        else:
            out.append(found)
            pos = found[1]


class _Layout(NamedTuple):
    """The paragraphs of one article: spans and their starts, by start."""

    para_spans: list[tuple[int, int]]
    p_starts: list[int]


def _paragraph_spans(sent_rows: list[tuple[int, int, int, int]]) -> list[tuple[int, int]]:
    """(start, end) of each paragraph, from its sentences, by start."""
    paras: dict[int, list[int]] = {}
    for s, e, p, _ in sent_rows:
        b = paras.setdefault(p, [s, e])
        if s < b[0]:
            b[0] = s
        if e > b[1]:
            b[1] = e
    return sorted((b[0], b[1]) for b in paras.values())


def _para_of(lay: _Layout, pos: int) -> int:
    return bisect_right(lay.p_starts, pos) - 1


def _sent_bounds(ctx: _Context, lay: _Layout, pos: int) -> tuple[int, int]:
    k = _sentence_at(ctx, pos)
    if k >= 0:
        return ctx.sentences[k]
    return (lay.para_spans[max(_para_of(lay, pos), 0)][0], len(ctx.text))


def _own_attributions(ctx: _Context, lay: _Layout) -> tuple[list[int], list[_Attr]]:
    """Pass 1: each quote's own attribution (tail tag, then head cue); (floors, attributions)."""
    spans, para_spans = ctx.quotes, lay.para_spans
    floors, attrs = [], []
    for i, q in enumerate(spans):
        prev_end = spans[i - 1].close_pos + 1 if i and spans[i - 1].close_pos >= 0 else 0
        if i and spans[i - 1].close_pos < 0:
            prev_end = spans[i - 1].end
        s_start = _sent_bounds(ctx, lay, q.open_pos)[0]
        floor = max(s_start, prev_end, para_spans[_para_of(lay, q.open_pos)][0])
        if _glued(ctx.text, q):
            floor = max(floor, q.start)  # the sentence before the mark is not this quote's
        floors.append(floor)
        if _is_scare_marked(ctx, q, floor):
            attrs.append(_called_by(ctx, q, floor, s_start) or _Attr(via="scare"))
            continue
        attr = None
        if q.close_pos >= 0:
            c_para = para_spans[_para_of(lay, q.close_pos)]
            limit = min(_sent_bounds(ctx, lay, q.close_pos)[1], c_para[1])
            if i + 1 < len(spans):
                limit = min(limit, spans[i + 1].open_pos)
            attr = _tail_attr(ctx, q, max(limit, q.close_pos + 1), s_start)
        if attr is not None and attr.cue.lower().startswith("according"):
            # 'X said "…" according to Reuters': the verb right before the quote wins
            head = _head_attr(ctx, q, floor, s_start)
            if head and head.speaker and not ctx.text[head.cue_end : q.open_pos].strip(" ,:"):
                attr = head
        attrs.append(attr or _head_attr(ctx, q, floor, s_start) or _Attr())
        got = attrs[-1]
        if got.resolution == "name" and ctx.types.get(got.speaker) == "person":
            ctx.said.append((q.end, got.speaker))
        if got.speaker and got.via in ("tail", "head"):
            ctx.heard.append((q.end, got.speaker))
    return floors, attrs


def _reresolve(ctx: _Context, lay: _Layout, attrs: list[_Attr], known) -> _Context:
    """Pass 2: unknown named speakers become antecedents; pronouns and descriptions are
    resolved again (``attrs`` is updated); returns the context with those names."""
    extra = sorted(
        {
            a.speaker
            for a in attrs
            if a.resolution == "name" and a.speaker and a.speaker not in known
        }
    )
    if not extra:
        return ctx
    merged = sorted(ctx.mentions + _name_mentions(ctx.text, extra, ctx.quotes))
    ctx = ctx._replace(mentions=merged)
    for i, (q, a) in enumerate(zip(ctx.quotes, attrs, strict=True)):
        if a.resolution in ("pronoun", "title") and a.np_start >= 0:
            span = (a.np_start, a.np_end)
            who = _speaker_from_np(ctx, span, q.open_pos, _sent_bounds(ctx, lay, q.open_pos)[0])
            attrs[i] = a._replace(speaker=who.speaker)
    return ctx


def _join_split_quotes(ctx: _Context, lay: _Layout, attrs: list[_Attr]) -> list[int]:
    """Pass 3: a quote split by its attribution ("“...,” he said, “...”") is one group; the
    part without its own attribution takes the other's (``attrs`` is updated). Returns the
    group of each quote."""
    spans, text = ctx.quotes, ctx.text
    groups = list(range(len(spans)))
    for i in range(1, len(spans)):
        a, b = spans[i - 1], spans[i]
        pa, pb = attrs[i - 1], attrs[i]
        if pb.via == "scare" or pa.via == "scare" or a.close_pos < 0:
            continue
        if _shared_mark(ctx, a, b):
            continue  # '… modeling." I wrote …," X said': a lost paragraph break, not a split
        if _para_of(lay, a.close_pos) == _para_of(lay, b.open_pos):
            gap_from = pa.clause_end if pa.via == "tail" else a.close_pos + 1
            rest = text[gap_from : b.open_pos]
            attributed = pa.speaker or pa.cue or pb.speaker or pb.cue
            if _GAP_RE.fullmatch(rest) and attributed:
                groups[i] = groups[i - 1]
                if not pb.speaker and not pb.cue:
                    if "." in rest and pa.via == "tail":
                        attrs[i] = _Attr(pa.speaker, via="context")
                    else:
                        attrs[i] = pa._replace(clause_end=-1)
                elif not pa.speaker and not pa.cue:
                    attrs[i - 1] = pb._replace(clause_end=-1)
                continue
    return groups


def _shared_mark(ctx: _Context, a: _Span, b: _Span) -> bool:
    """Does quote ``b`` open with the mark that closed ``a``, a quote that is a sentence of
    its own (a paragraph break lost between two passages: '"We'd like … modeling." I wrote
    it …," X said'), not a fragment ending a sentence of the narrative ('referred to it as
    the "green dream." It will be …," X told')?"""
    text = ctx.text
    if b.start <= a.close_pos or _DOUBLE_MARK_RE.search(text, a.close_pos + 1, b.start):
        return False
    if not text[a.start : a.end].rstrip().endswith(_ENDS):
        return False
    k = _sentence_at(ctx, a.start)
    s0 = ctx.sentences[k][0] if k >= 0 else 0
    return not text[s0 : a.open_pos].strip()


# lower-case words ending in a role word, then a name: "study co-author Jane Doe"
_ROLE_THEN_NAME = re.compile(
    r"\s+((?:[a-z][\w-]*\s+){1,3}?)((?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’-]+)(?![\w'’-])"
)
_ENDS = (".", "?", "!", "…")  # a quote ending so ends its sentence


def _same_sentence_speakers(ctx: _Context, attrs: list[_Attr]) -> None:
    """A second quote of a sentence whose first quote has a speaker takes that speaker ('X
    said the plan "works" and would "last"'), or the subject named between the two, keeping
    its own cue (``attrs`` is updated)."""
    spans = ctx.quotes
    for i in range(1, len(spans)):
        a, pa = attrs[i], attrs[i - 1]
        if a.speaker or a.via in ("scare", "agentless") or not pa.speaker:
            continue
        if spans[i - 1].close_pos < 0:
            continue
        # the quote's last word, not its marks: an opening mark glued to the end of the
        # previous sentence ('… left." It is late," says X, "but …"') is in that sentence, a
        # closing one glued to the next ('… OK?"In response') in that one
        last = max(spans[i - 1].start, spans[i - 1].end - 1)
        ended = ctx.text[spans[i - 1].start : spans[i - 1].end].rstrip().endswith(_ENDS)
        here = _sentence_at(ctx, spans[i].open_pos)
        if _sentence_at(ctx, spans[i - 1].open_pos) == here or (
            not ended and _sentence_at(ctx, last) == here
        ):
            # a person or body named as a subject between the two quotes speaks the second
            # ('X said he "would not agree", while Y referred to it as a "hoax"')
            who = _subject_before(ctx, spans[i - 1].end, _opening(ctx.text, spans[i]))
            attrs[i] = a._replace(speaker=who or pa.speaker, via=a.via or "context")


def _context_speakers(ctx: _Context, lay: _Layout, attrs: list[_Attr], groups: list[int]) -> None:
    """Pass 3, continued: a quote without attribution takes the speaker of the quote that
    opens the previous paragraph or sentence, or of a cue in the previous sentence."""
    for i, q in enumerate(ctx.quotes):
        if not (attrs[i].via or attrs[i].speaker):
            _context_speaker(ctx, lay, attrs, groups, i, q)


def _context_speaker(
    ctx: _Context, lay: _Layout, attrs: list[_Attr], groups: list[int], i: int, q: _Span
) -> None:
    spans, text, para_spans = ctx.quotes, ctx.text, lay.para_spans
    p = _para_of(lay, q.open_pos)
    at_para_start = not text[para_spans[p][0] : q.open_pos].strip()
    prev_para = _para_of(lay, spans[i - 1].end) if i else -1
    if at_para_start and p > 0 and prev_para == p - 1 and attrs[i - 1].speaker:
        attrs[i] = _Attr(attrs[i - 1].speaker, via="context")
        return
    qpos = _opening(text, q)
    s_start = _sent_bounds(ctx, lay, qpos)[0]
    if text[s_start:qpos].strip(" \t\n" + _QUOTE_CHARS) or s_start <= para_spans[p][0]:
        return
    prev_s, _ = _sent_bounds(ctx, lay, s_start - 1)
    prev_s = max(prev_s, para_spans[p][0])
    if i and spans[i - 1].end > prev_s:
        # the previous sentence of the paragraph ends with an attributed quote: continuation
        if attrs[i - 1].speaker and _para_of(lay, spans[i - 1].end) == p:
            attrs[i] = _Attr(attrs[i - 1].speaker, via="context")
            groups[i] = groups[i - 1]
        return
    cues = list(ctx.lex.cue_re.finditer(text, prev_s, s_start))
    if cues:
        got = _reporting_attr(ctx, cues, prev_s, q.open_pos)
        if got.speaker:
            attrs[i] = _Attr(got.speaker, via="context")
        return
    # no cue: a person named as the previous sentence's subject ("Spicer dismissed the idea.
    # “…”") is the speaker of a quote that opens the next sentence
    np = _np_after(text, _skip_intro(text, prev_s, s_start, ctx.lex.language), s_start, ctx.lex)
    pronoun = (
        np is not None and ctx.lex.language.PRONOUNS.get(text[np[0] : np[1]].lower()) == "person"
    )
    if np and not pronoun and _has_name_head(text[np[0] : np[1]], ctx.lex.titles):
        who = ctx.resolve(text[np[0] : np[1]])
        if who and ctx.types.get(who) == "person":
            attrs[i] = _Attr(who, via="context")
    elif np and pronoun:
        # "He echoed the attack. “…”": the person the pronoun refers to
        who = _antecedent(ctx, np[0], "person", None, prev_s)
        if who:
            attrs[i] = _Attr(who, via="context")


def _reporting_attr(ctx: _Context, cues: list[re.Match[str]], s0: int, pos: int) -> _Attr:
    """The attribution of the last cue of the sentence at ``s0``, unless that cue's subject
    phrase holds an earlier finite cue or follows one with no comma or other clause break
    between them: then it is inside that cue's reported clause ("he said political leaders
    had to respond": "leaders" is the subject of "respond", the speaker is "he") and the
    earlier cue's subject speaks ("Even as critics warned that …, Roe insisted" keeps Roe).
    Tenth pass (issue #16)."""
    text = ctx.text
    got = _verb_attr(ctx, cues[-1], s0, pos, s0)
    for m in cues[:-1]:
        roles = ctx.lex.roles.get(_SPACES_RE.sub(" ", m.group().lower()), frozenset())
        inside = got.np_start < m.end() <= got.np_end  # "he said political leaders"
        after = m.end() <= got.np_start and not _CLAUSE_BREAK.search(text, m.end(), got.np_start)
        if "verb" in roles and m.group()[:1].islower() and (inside or after):
            earlier = _verb_attr(ctx, m, s0, pos, s0)
            return earlier if earlier.speaker else got
    return got


def _subject_speakers(ctx: _Context, lay: _Layout, attrs: list[_Attr], kinds: list[str]) -> None:
    """A quote that is someone's words (not scare) but has no speaker yet takes the source its
    sentence names after it ("…, according to X"), else the subject of its sentence: the last
    person or body named as a subject before it ("McKenna also found
    the decision “deeply disappointing”"), the subject after a sentence-initial adverbial
    that holds the quote ("After calling it a “hoax”, Trump ..."), or the person a pronoun
    subject refers to (``attrs`` is updated)."""
    for i, q in enumerate(ctx.quotes):
        if kinds[i] == "scare" or attrs[i].speaker or attrs[i].via == "agentless":
            continue
        _subject_speaker(ctx, lay, attrs, i, q)


def _subject_speaker(ctx: _Context, lay: _Layout, attrs: list[_Attr], i: int, q: _Span) -> None:
    """:func:`_subject_speakers` for the quote ``i``."""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    text = ctx.text
    pos = _opening(text, q)
    s0, s1 = _sent_bounds(ctx, lay, pos)
    s0 = max(s0, lay.para_spans[_para_of(lay, pos)][0])
    if not attrs[i].cue and _source_after(ctx, attrs, i, q, s0, s1):
        return
    who = _as_put_it(ctx, s0, s1, pos) or _speech_possessor(ctx, s0, pos)
    if who is None and not attrs[i].cue:
        who = _relative_document(ctx, s0, pos)  # "" for a document with no issuer named
    if who is not None:
        if who:
            attrs[i] = attrs[i]._replace(speaker=who, via=attrs[i].via or "context")
        return
    # a cue without a subject of its own ("… and even suggested that …"): the subject before
    # the cue, not one inside the reported clause
    upto = attrs[i].cue_start if attrs[i].cue_start >= 0 else pos
    doc = _doc_subject(ctx, s0, min(upto, pos))
    if doc is not None:
        # "The bill proposes “…”", "It envisions “…”" after naming a draft: the issuer
        if doc:
            attrs[i] = attrs[i]._replace(speaker=doc, via=attrs[i].via or "context")
        return
    who = _subject_before(ctx, s0, min(upto, pos))
    if who is None:
        p = _skip_intro(text, s0, s1, lg)
        np = _np_after(text, p, s1, ctx.lex) if not _inside_quote(p, ctx.quotes) else None
        if np and (p > pos or lg.PRONOUNS.get(text[np[0] : np[1]].lower()) == "person"):
            surface = text[np[0] : np[1]]
            if _has_name_head(surface, ctx.lex.titles) or surface.lower() in lg.PRONOUNS:
                who = _speaker_from_np(ctx, np, np[0], s0).speaker or None
    if who:
        attrs[i] = attrs[i]._replace(speaker=who, via=attrs[i].via or "context")


@functools.cache
def _wording_it(language: ModuleType) -> re.Pattern[str]:
    """The end of :func:`_as_it_anywhere` ("put it"): opening with a word, not a lookbehind, so
    re skips to the places where it can start."""
    verbs = "|".join(sorted(language.WORDING_VERBS))
    return re.compile(rf"(?:{verbs})\s+it\b")


@functools.cache
def _as_it_anywhere(language: ModuleType) -> re.Pattern[str]:
    verbs = "|".join(sorted(language.WORDING_VERBS))
    return re.compile(rf"(?<![\w-])[Aa]s\s+(\S[^,;:]{{0,60}}?)\s+({verbs})\s+it\b")


def _as_put_it(ctx: _Context, s0: int, s1: int, pos: int) -> str | None:
    """ "as X put it" anywhere in the quote's sentence, outside quotes ('…, as the Times put
    it, believes that “…”'; '“…,” as the Times put it.'): X's wording; else None."""
    if _wording_it(ctx.lex.language).search(ctx.text, s0, s1) is None:
        return None  # every match holds "<verb> it" (a shortcut, same result)
    for m in _as_it_anywhere(ctx.lex.language).finditer(ctx.text, s0, s1):
        if _inside_quote(m.start(), ctx.quotes):
            continue
        np = _np_after(ctx.text, m.start(1), m.end(1), ctx.lex)
        if np is not None and np[1] == m.end(1):
            who = _speaker_from_np(ctx, np, min(pos, np[0]), s0).speaker
            if who:
                return who
    return None


_RELATIVE_VERB = re.compile(r"\s+(?:that|which)\s+(?:also\s+)?([a-z]+)\b")


def _relative_document(ctx: _Context, s0: int, pos: int) -> str | None:
    """A document with a relative clause whose verb governs the quote ("a recent X report
    that found that it is “…”"): the document's issuer, "" when none is named; else None."""
    lg = ctx.lex.language
    docs = [d for d in _doc_matches(ctx.text, s0, pos, lg) if not _inside_quote(d[0], ctx.quotes)]
    for d in reversed(docs):
        m = _RELATIVE_VERB.match(ctx.text, d[1], pos)
        if m and (
            m.group(1).endswith(("ed", "s"))
            or m.group(1) in lg.SPEECH_VERBS
            or m.group(1) in lg.FINDING_VERBS
            or "verb" in ctx.lex.roles.get(m.group(1), ())
        ):
            return _issuer_of(ctx, d, s0, pos) or ""
    return None


@functools.cache
def _speech_noun_after(lg: ModuleType) -> re.Pattern[str]:
    """A possessive's "'s", up to three words and a noun of something said, at the end."""
    nouns = "|".join(sorted(lg.SPEECH_NOUNS))
    return re.compile(
        rf"['’]s?\s+(?:[\w,]+\s+){{0,3}}?(?:{nouns})\s*(?:that|of|:|,)?\s*$", re.IGNORECASE
    )


def _speech_possessor(ctx: _Context, s0: int, pos: int) -> str | None:
    """The possessor of a noun of something said right before the quote ("X's July 30 quip
    that “…”", "X's remark: “…”"): X; else None."""
    tail = _speech_noun_after(ctx.lex.language)
    for k in range(bisect_left(ctx.mentions, pos, key=_START) - 1, -1, -1):
        m = ctx.mentions[k]
        if m.start < s0:
            break
        if m.possessive and tail.match(ctx.text, m.end, pos):
            return m.actor
    return None


def _source_after(ctx: _Context, attrs: list[_Attr], i: int, q: _Span, s0: int, s1: int) -> bool:
    """ "… “within striking distance” of its goal, according to a report by X.": the source
    named after the quote in its sentence (``attrs`` is updated); whether one was found."""
    text = ctx.text
    for m in ctx.lex.cue_re.finditer(text, q.end, s1):
        form = _SPACES_RE.sub(" ", m.group().lower())
        if "phrase" in ctx.lex.roles.get(form, ()) and not _inside_quote(m.start(), ctx.quotes):
            got = _verb_attr(ctx, m, s0, q.open_pos, s0)
            if got.speaker:
                attrs[i] = got._replace(via=attrs[i].via or "context")
            break
    return bool(attrs[i].speaker)


def _doc_subject(ctx: _Context, s0: int, pos: int) -> str | None:
    """When the sentence (from ``s0``) opens, after any adverbial, with a document ("The
    bill", "A joint resolution drafted by …", "His plan", "The Harbour Plan") or with "it"
    after a sentence naming one, and that subject ends before ``pos``: its issuer ("" when
    none is named); else None."""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    text = ctx.text
    p = _skip_intro(text, s0, pos, lg)
    if _inside_quote(p, ctx.quotes):
        return None
    m = _doc_subject_pattern(lg).match(text, p, pos)
    if m:
        # "The report states that …": the issuer of the last report whose issuer the article
        # names, as for "the report says" (not the issuer of a statement named in between)
        head = _doc_head(text, m.span())
        return _referred_issuer(ctx, m.end(), s0, head, back=0) or ""
    p = _SPACES_OPT.match(text, p).end()  # (the rest's first non-space, without a copy)
    if text[p : p + 3] in ("It ", "it "):
        issuer = _document_issuer(ctx, p, s0, back=1)
        if issuer:
            return issuer
    return None


@functools.cache
def _doc_subject_pattern(language: ModuleType, words: int = 3) -> re.Pattern[str]:
    docs = "|".join(sorted(language.DOCUMENT_NOUNS))
    names = "|".join(sorted(w.capitalize() for w in language.DOCUMENT_NAME_WORDS))
    return re.compile(
        r"\s*(?:(?i:the|a|an|his|her|its|their)\s+|[A-Z][\w'’-]*['’]s?\s+)?"
        rf"(?:[\w'’-]+\s+){{0,{words}}}?(?:(?i:{docs})|{names})(?![\w-])"
    )


def _subject_before(ctx: _Context, lo: int, pos: int) -> str | None:
    """The actor of the last mention between ``lo`` and ``pos`` that is a clause subject."""
    for k in range(bisect_left(ctx.mentions, pos, key=_START) - 1, -1, -1):
        m = ctx.mentions[k]
        if m.start < lo:
            break
        if m.end <= pos and _is_subject(ctx, m):
            return m.actor
    return None


@functools.cache
def _passive_pattern(language: ModuleType) -> re.Pattern[str]:
    aux = "|".join(sorted(language.PASSIVE_AUX))
    return re.compile(rf"\s+(?:\w+ly\s+)?(?:{aux})\s+(?:\w+ly\s+)?([a-z]+)\b")


def _passive_after(ctx: _Context, end: int) -> bool:
    """Does a passive verb follow ``end`` ("X was found", "X were asked"), not one that still
    reports X's speech ("X was quoted as saying")?"""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    m = _passive_pattern(lg).match(ctx.text, end)
    if m is None:
        return False
    w = m.group(1)
    return (w.endswith("ed") or w in lg.IRREGULAR_PAST) and w not in lg.PASSIVE_SPEECH


def _passive_cue(ctx: _Context, np: tuple[int, int], cue: re.Match[str]) -> bool:
    """Is the cue the passive verb right after its subject ``np`` ("X were asked to …")?"""
    if not _passive_after(ctx, np[1]):
        return False
    return _passive_pattern(ctx.lex.language).match(ctx.text, np[1]).end() == cue.end()


def _is_subject(ctx: _Context, m: _Mention) -> bool:
    """Is a mention (of a person or body) a clause subject: not possessive, no object of a
    preposition, not a modifier ("the Trump administration", "a loyal Trump ally"), followed by
    a verb-like word ("Trump referred", "Lecuyer stresses", "McKenna also found", "Ruiz
    said")?"""
    lg = ctx.lex.language  # the run's language resources (analysis.lang)
    if m.possessive or _after_preposition(ctx.text, m.start, ctx.lex.language):
        return False
    before = _LAST_WORD.search(ctx.text, max(0, m.start - 30), m.start)
    if before and not ctx.text[before.end(1) : m.start].strip():
        b = before.group(1)
        if b.islower() and not (
            b in lg.PHRASE_STOP or b in lg.BETWEEN or b in lg.CONJ_ADVERBS or b in ctx.lex.titles
        ):
            return False  # "loyal Trump", "the Trump administration" (not "minister Jane Doe")
    if _passive_after(ctx, m.end):
        return False  # "X was found more likely to lose cases “…”": X does not speak
    nxt = _NEXT_WORD.match(ctx.text, m.end)
    if nxt is None:
        return False
    w = nxt.group(1)
    if not w.islower() or w in lg.PHRASE_STOP or w in lg.DETERMINERS or w in lg.GENERIC_HEADS:
        return False
    return (
        w in lg.BETWEEN
        or w in ctx.lex.roles
        or w in lg.IRREGULAR_PAST
        or w.endswith(("ed", "ing"))
        or (w.endswith("s") and not w.endswith("ss"))
        or w in lg.PREPOSITIONS  # auxiliaries: "is", "was", "has", "will"
    )


def _glued(text: str, q: _Span) -> bool:
    """Is the quote's opening mark glued to the end of the previous sentence ('…leaders." He
    came …' read as '…leaders. "He came …')?"""
    p = q.open_pos
    return (
        text[p : p + 1] == '"'
        and text[p - 1 : p] in (".", "?", "!")
        and text[p + 1 : p + 2].isspace()
    )


def _opening(text: str, q: _Span) -> int:
    """Where a quote opens for sentence tests: its mark, or its first word when the mark is
    missing or glued to the end of the previous sentence."""
    qpos = q.open_pos
    if text[qpos : qpos + 1] not in _QUOTE_CHARS + "‘'":
        return q.start  # a quote whose opening mark is missing
    if text[qpos : qpos + 1] == '"' and text[qpos + 1 : qpos + 2].isspace():
        quoted = text[q.start : q.end]
        return q.start + len(quoted) - len(quoted.lstrip())
    return qpos


def _n_words(text: str, q: _Span) -> int:
    return len(token_texts(text[q.start : q.end]))  # tokenize's count, without match objects


def _quote_rows(
    aid: str,
    ctx: _Context,
    attrs: list[_Attr],
    kinds: list[str],
    groups: list[int],
    sentences: list[tuple[int, int]],
    sent_idx: list[int],
    n_words: list[int],
) -> list[tuple]:
    """The quote rows of one article (columns of :data:`QUOTE_COLUMNS`); ``sentences``: the
    segmenter's sentence spans, which ``sent_idx`` numbers; ``n_words``: each quote's word
    count (:func:`_n_words`)."""
    rows = []
    text = ctx.text
    for i, (q, a) in enumerate(zip(ctx.quotes, attrs, strict=True)):
        quoted = text[q.start : q.end]
        kind = kinds[i]
        if kind == "scare":
            a = _Attr()
        resolution = a.resolution if a.speaker_text else "none"
        rows.append(
            (
                aid,
                i,
                q.start,
                q.end,
                quoted,
                kind,
                a.speaker,
                a.speaker_text,
                resolution,
                a.cue,
                a.cue_start,
                a.cue_end,
                _sent_index(sentences, sent_idx, q.start),
                _sent_index(sentences, sent_idx, max(q.end - 1, q.start)),
                n_words[i],
                groups[i],
                q.unclosed,
            )
        )
    return rows


def _sent_index(sentences: list[tuple[int, int]], idx: list[int], pos: int) -> int:
    k = bisect_right(sentences, pos, key=_FIRST) - 1
    return idx[k] if k >= 0 else -1


# --------------------------------------------------------------------------------------------
# public entry point


def empty_quotes() -> pd.DataFrame:
    """An empty quotes table with the documented columns and dtypes."""
    return _typed(pd.DataFrame(columns=QUOTE_COLUMNS))


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    types: dict[str, str] = {c: "int64" for c in _INT_COLUMNS}
    for c in ("article_id", "text", "kind", "speaker", "speaker_text", "speaker_resolution", "cue"):
        types[c] = "str"
    types["unclosed"] = "bool"
    return df[QUOTE_COLUMNS].astype(types).reset_index(drop=True)


def _check_inputs(articles: pd.DataFrame, sentences: pd.DataFrame) -> None:
    missing = [c for c in ("article_id", "text") if c not in articles.columns]
    if missing:
        raise ValueError(f"find_quotes: articles lack column(s) {missing}")
    dupes = articles["article_id"][articles["article_id"].duplicated()]
    if len(dupes):
        raise ValueError(f"find_quotes: duplicate article_id(s) {sorted(set(map(str, dupes)))}")
    bad = [
        str(a)
        for a, t in zip(articles["article_id"], articles["text"], strict=True)
        if not isinstance(t, str)
    ]
    if bad:
        raise ValueError(f"find_quotes: text is not a string for article(s) {bad}")
    need = ["article_id", "sentence_index", "paragraph_index", "start", "end"]
    missing = [c for c in need if c not in sentences.columns]
    if missing:
        raise ValueError(f"find_quotes: sentences lack column(s) {missing}")


def find_quotes(
    articles: pd.DataFrame,
    sentences: pd.DataFrame | None = None,
    catalog: pd.DataFrame | None = None,
    *,
    cues: pd.DataFrame | None = None,
    mentions: pd.DataFrame | None = None,
    language: ModuleType = lang.DEFAULT,
) -> pd.DataFrame:
    """Direct quotations of every article (columns :data:`QUOTE_COLUMNS`).

    ``language``: the run's language resources (analysis.lang): the cue lexicon when ``cues``
    is None, the closed-class words, sentence splitting and actor matching.

    ``mentions``: the articles' :func:`analysis.actors.find_mentions` table when the caller
    already has it (article_id, start, end, actor, type); None finds them here.

    Each article is processed on its own. Raises ValueError on missing columns, duplicate ids,
    non-string texts, or an article with text but no sentence rows.
    """
    if sentences is None:
        missing = [c for c in ("article_id", "text") if c not in articles.columns]
        if missing:
            raise ValueError(f"find_quotes: articles lack column(s) {missing}")
        sentences = segment_articles(articles, language).sentences
    _check_inputs(articles, sentences)
    catalog = load_catalog() if catalog is None else catalog
    lex = compile_cues(load_cues(None, language) if cues is None else cues, language)
    by_article = _sentence_rows(sentences)
    ids = [str(a) for a in articles["article_id"].tolist()]
    texts = dict(zip(ids, articles["text"].tolist(), strict=True))
    found = (
        _mentions_by_article(texts, sentences, catalog, language)
        if mentions is None
        else _group_mentions(mentions)
    )
    resolve = actor_resolver(catalog, language)
    cat: list[_Catalog] = []

    def info() -> _Catalog:
        if not cat:
            cat.append(_catalog_info(catalog))
        return cat[0]

    rows: list[tuple] = []
    for aid, text in sorted(texts.items()):
        if not text.strip():
            continue
        sent_rows = by_article.get(aid)
        if not sent_rows:
            raise ValueError(f"find_quotes: article {aid} has text but no sentence rows")
        rows.extend(
            _quotes_for_article(aid, text, sent_rows, found.get(aid, []), info, lex, resolve)
        )
    if not rows:
        return empty_quotes()
    return _typed(pd.DataFrame(rows, columns=QUOTE_COLUMNS))


def _sentence_rows(sentences: pd.DataFrame) -> dict[str, list[tuple[int, int, int, int]]]:
    """(start, end, paragraph_index, sentence_index) of each article's sentences, by start."""
    cols = ("start", "end", "paragraph_index", "sentence_index")
    ids = sentences["article_id"].tolist()
    raw: dict[str, list[tuple]] = {}
    for a, row in zip(ids, zip(*(sentences[c].tolist() for c in cols), strict=True), strict=True):
        if a.__class__ is not str:
            if pd.isna(a):
                continue  # groupby semantics: rows without an article id belong to no article
            a = str(a)
        got = raw.get(a)
        if got is None:
            raw[a] = [row]
        else:
            got.append(row)
    # int64 columns already give tuples of Python ints; convert only other dtypes
    plain = all(str(sentences[c].dtype) == "int64" for c in cols)
    out: dict[str, list[tuple[int, int, int, int]]] = {}
    for aid, rows in raw.items():
        rows.sort(key=_FIRST)  # stable, like sort_values(kind="stable")
        out[aid] = rows if plain else [(int(s), int(e), int(p), int(i)) for s, e, p, i in rows]
    return out

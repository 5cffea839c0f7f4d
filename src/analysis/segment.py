"""Segmentation: cleaned article text -> word tokens, paragraphs and sentences.

A fast rule-based splitter (compiled regexes, one pass per paragraph); no NLTK, no pysbd.
Every span is a pair of character offsets into the *cleaned* text ``articles.text``.

Input of :func:`segment_articles` (columns used): ``article_id`` (str), ``text`` (str) and,
optionally, ``headline_start``, ``headline_end``, ``standfirst_start``, ``standfirst_end``
(int, -1 when there is none).

Output, :class:`Segments` (two DataFrames, sorted by ``article_id`` then index):

- ``paragraphs``: ``article_id`` (str), ``paragraph_index`` (int64, 0-based), ``start``,
  ``end`` (int64), ``is_headline``, ``is_standfirst`` (bool). A paragraph is the headline
  (standfirst) when its span lies inside the article's headline (standfirst) span.
- ``sentences``: ``article_id`` (str), ``sentence_index`` (int64, 0-based within the article),
  ``paragraph_index`` (int64), ``start``, ``end`` (int64; ``text == articles.text[start:end]``),
  ``text`` (str), ``position`` (float64: ``sentence_index / (n_sentences - 1)``, 0.0 when the
  article has one sentence), ``is_headline``, ``is_standfirst`` (bool, inherited from the
  paragraph), ``n_words`` (int64, number of :func:`tokenize` tokens).

Sentence rules (see :func:`split_sentences`): a boundary candidate is a run of terminal
punctuation (``.``, ``?``, ``!``, ``...``, ``…``, ``. . .``) plus any closing quotes/brackets
(’ ” " ' ) ] »), followed by whitespace. The closing marks stay with the sentence before the
boundary. Whether the candidate is a boundary depends on the punctuation, the word before it
and the first word after it:

- next word starts lowercase (after any opening quote/bracket): never a boundary
  ("?” he asked", "10 a.m. when", "the U.S. and Europe");
- ``?`` / ``!``: boundary before an uppercase letter, digit or currency sign, except
  ``?”``/``!”`` followed by up to three capitalised words and a speech verb ("?” Trump asked");
- ellipsis: boundary only before an uppercase letter and only when no quotation is open at
  that point (curly “ ” counted as a balance, straight " by parity, within the span);
- ``.`` after a title (:data:`TITLES`, e.g. Mr, Dr, Gen, Sen) or after e.g./i.e.: never;
- ``.`` after a number-taking abbreviation (:data:`NUMBER_ABBREVIATIONS`, e.g. No, Art, months)
  followed by a digit: never ("No. 5", "Jan. 20");
- ``.`` after another abbreviation (:data:`ABBREVIATIONS`, e.g. Inc, Co, Jr, St, vs, etc,
  months), a dotted acronym (U.S, U.N, E.U, a.m) or a single capital letter (an initial, as in
  "Donald J. Trump"; a capital letter after a lowercase word, as in "posted on X.", is not an
  initial): boundary only when the next word is a common sentence starter (listed in
  :data:`SENTENCE_STARTERS`: articles, pronouns, conjunctions, prepositions and frequent
  sentence adverbs such as The, He, She, It, They, We, But, In, On, However) or follows an
  opening quote, and is not itself an initial ("J. K.");
- any other ``.``, or a ``.`` with closing marks: boundary before an uppercase letter, digit or
  currency sign (after any opening quote/bracket).

A span without terminal punctuation (e.g. a headline) is one sentence. Newlines inside a
span are treated as spaces. A span longer than :data:`MAX_SENTENCE_CHARS` (a run-on line with no
punctuation, a scraped table) is cut at the last whitespace before the limit (hard at the
limit when there is none), so the per-sentence measures stay linear in the article's length.
Known limits: a sentence that really ends with an abbreviation and is followed by a proper name
("... Acme Inc. Officials said") is not split; "?” Trump asked" style attributions beyond three
capitalised words are split.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from types import ModuleType
from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis import lang

# The splitter's word lists (TITLES, NUMBER_ABBREVIATIONS, ABBREVIATIONS, NEVER_SPLIT_DOTTED,
# SENTENCE_STARTERS, SPEECH_VERBS) come from the run's language resources (analysis.lang),
# passed as ``language``.

# --------------------------------------------------------------------------------------------
# Tokens.

_ALPHA = r"[^\W\d_]"
_PART = rf"(?:{_ALPHA}\.(?:{_ALPHA}\.)+|[^\W_]+)"  # dotted acronym "U.S." or a run of letters
_JOIN = r"(?:['’\-‐‑]|(?<=\d)[.,:](?=\d)|(?<=\d)[°º](?=[^\W_]))"
# A token is ``(?:(?<!\w)[-−–](?=\d))?{_PART}(?:{_JOIN}{_PART})*``. Written so that it opens
# with a character class (its possible first characters), which lets re skip every other
# position quickly; the lookbehinds then pick the branch the first character allows, in the
# original's order (sign, dotted acronym, run), so the matches are the same. The first branch
# is a shortcut for the common case (a letter or digit not followed by "."), where the sign
# and acronym branches fail and the run branch matches. The joins are only entered before a
# joining character, and possessively: nothing follows them, so no backtracking is lost.
_JOIN_FIRST = "[-'’‐‑.,:°º]"  # the characters a _JOIN can start with
_TOKEN_RE = re.compile(
    rf"[-−–\w](?:(?<=[^\W_])(?!\.)[^\W_]*+|(?<=[-−–])(?<!\w[-−–])(?=\d){_PART}"
    rf"|(?<=[^\W\d_])\.(?:{_ALPHA}\.)+|(?<=[^\W_])[^\W_]*)"
    rf"(?:(?={_JOIN_FIRST})(?:{_JOIN}{_PART})++)?+"
)


def tokenize(text: str) -> list[tuple[int, int]]:
    """Word-token spans ``(start, end)`` in ``text``, in order; punctuation is not a token.

    Words keep internal apostrophes and hyphens ("didn't", "Zelensky's", "full-scale"),
    numbers keep a sign, decimals and a degree sign ("-20", "1.5", "1,000", "-20°C"), dotted
    acronyms keep their periods ("U.S.", "a.m.").
    """
    return [m.span() for m in _TOKEN_RE.finditer(text)]


def token_texts(text: str) -> list[str]:
    """The strings of :func:`tokenize`'s spans, in order (one C-level regex pass)."""
    return _TOKEN_RE.findall(text)


def token_gaps(text: str) -> list[str]:
    """The text around :func:`tokenize`'s tokens (one C-level regex pass): before the first
    token, between each two, after the last; one more piece than tokens."""
    return _TOKEN_RE.split(text)


# the token pattern as one capturing group: re.split then keeps the tokens between the gaps
_TOKEN_PIECES_RE = re.compile(f"({_TOKEN_RE.pattern})", _TOKEN_RE.flags)


def token_pieces(text: str) -> list[str]:
    """:func:`token_gaps` and :func:`token_texts` interleaved, from one C-level regex pass:
    ``[gap, token, gap, token, ..., gap]``; ``pieces[1::2]`` are the tokens, ``pieces[0::2]``
    the gaps (for a caller that needs both: one scan instead of two)."""
    return _TOKEN_PIECES_RE.split(text)


# --------------------------------------------------------------------------------------------
# Paragraphs.

#: Lines at most this long count as hard-wrapped.
WRAP_WIDTH = 80


def _lines(text: str) -> list[tuple[int, int] | None]:
    """Stripped spans of the lines of ``text``; ``None`` for a blank line."""
    out: list[tuple[int, int] | None] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            out.append((pos + lead, pos + lead + len(stripped)))
        else:
            out.append(None)
        pos += len(line) + 1
    return out


def _is_hard_wrapped(block: list[tuple[int, int]]) -> bool:
    short = sum(1 for s, e in block if e - s <= WRAP_WIDTH)
    return len(block) > 1 and short >= 0.75 * len(block)


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans in ``text``, with surrounding whitespace trimmed.

    Rule: lines are grouped into blocks separated by blank lines. The text counts as
    hard-wrapped when (1) there are at least two blocks, (2) more than half of the multi-line
    blocks look hard-wrapped (at least 75% of their lines are <= :data:`WRAP_WIDTH` characters)
    and (3) at most 10% of all non-empty lines are longer than that (so a short headline +
    standfirst block above long one-line paragraphs does not switch the mode). Hard-wrapped:
    each block is a paragraph (its inner newlines stay inside the span). Otherwise every
    non-empty line is a paragraph.
    """
    blocks: list[list[tuple[int, int]]] = [[]]
    for span in _lines(text):
        if span is None:
            if blocks[-1]:
                blocks.append([])
        else:
            blocks[-1].append(span)
    blocks = [b for b in blocks if b]
    lines = [span for b in blocks for span in b]
    multi = [b for b in blocks if len(b) > 1]
    wrapped = sum(1 for b in multi if _is_hard_wrapped(b))
    long_lines = sum(1 for s, e in lines if e - s > WRAP_WIDTH)
    if len(blocks) >= 2 and multi and wrapped > len(multi) / 2 and long_lines <= 0.1 * len(lines):
        return [(b[0][0], b[-1][1]) for b in blocks]
    return lines


# --------------------------------------------------------------------------------------------
# Sentences.

_CLOSERS = "’”\"')\\]»"
_OPENERS = "“\"‘'(\\[«¿¡"
# ``(\.(?:[ \u00a0]\.){2,}|[.!?…]+)([closers]*)(?=\s)``, written to open with a character
# class so that re skips to the next terminal mark instead of trying every position; the
# lookbehind picks the spaced-ellipsis branch only after a period, so the matches are the same.
# An optional lookahead (it never changes which candidates match) also captures what follows:
# group 3 the opening marks and group 4 the first other character (None: only whitespace
# before the bound).
_CANDIDATE_RE = re.compile(
    rf"([.!?…](?:(?<=\.)(?:[ \u00a0]\.){{2,}}|[.!?…]*))([{_CLOSERS}]*)(?=\s)"
    rf"(?:(?=\s*+([{_OPENERS}]*)(\S)))?"
)
_OPENERS_DASHES = _OPENERS + "-—–"
_SPACE_RE = re.compile(r"\s*")
_ACRONYM_RE = re.compile(rf"(?:{_ALPHA}\.)+{_ALPHA}")
_NEXT_WORD_RE = re.compile(r"[^\W\d_]+")
_INITIAL_RE = re.compile(r"[A-Z]\.(?=\s)")
_ATTRIBUTION_RE = re.compile(r"(?:[A-Z][\w’'.\-]*\s+){1,3}([a-z]+)\b")
_CURRENCY = "$£€¥"


def _is_boundary(
    text: str, m: re.Match[str], bounds: tuple[int, int], in_quote: bool, language: ModuleType
) -> bool:
    """Decide whether candidate ``m`` (a :data:`_CANDIDATE_RE` match with a next character)
    ends a sentence."""
    end = bounds[1]
    term, closers, opened, first = m.groups()
    upper = first.isupper() or first.istitle()
    numeric = first.isdigit() or first in _CURRENCY
    if not (upper or numeric):
        return False  # lowercase ("?” he asked", "U.S. and") or a symbol

    last = term[-1]
    if last in "?!":
        return not _speech_after_question(text, m, end, upper, closers, language)
    if last == "…" or term.count(".") >= 2:
        return upper and not in_quote

    # A single period: look at the word it closes (and the one before that).
    if closers:
        return True  # "... the U.S.” He" -- a closing mark after a period ends the sentence
    return _period_ends_sentence(text, m, bounds, numeric, opened, language)


def _speech_after_question(
    text: str, m: re.Match[str], end: int, upper: bool, closers: str, language: ModuleType
) -> bool:
    """A quoted question or exclamation followed by its attribution ("?” Trump asked")."""
    if upper and closers and any(c in "”\"'’" for c in closers):
        att = _ATTRIBUTION_RE.match(text, m.start(4), end)
        return bool(att) and att.group(1) in language.SPEECH_VERBS
    return False


def _period_ends_sentence(
    text: str,
    m: re.Match[str],
    bounds: tuple[int, int],
    numeric: bool,
    opened: str,
    language: ModuleType,
) -> bool:
    """A single period without closing marks: decided by the word it closes (title,
    abbreviation, initial, acronym) and what follows."""
    start, end = bounds
    at = m.start()
    words = text[max(start, at - 80) : at].rsplit(None, 2)  # the last two words
    prev = words[-1].lstrip(_OPENERS_DASHES) if words else ""
    key = prev.lower()
    if key in language.TITLES or key in language.NEVER_SPLIT_DOTTED:
        return False
    if key in language.NUMBER_ABBREVIATIONS and numeric:
        return False
    initial = len(prev) == 1 and prev.isupper()
    if initial:
        if _INITIAL_RE.match(text, m.start(4), end):
            return False  # "J. K. Rowling"
        before = words[-2].lstrip(_OPENERS) if len(words) > 1 else ""
        if before[:1].islower():
            initial = False  # "posted on X." is a word, not an initial
    if initial or key in language.ABBREVIATIONS or ("." in prev and _ACRONYM_RE.fullmatch(prev)):
        if opened:
            return True
        word_m = _NEXT_WORD_RE.match(text, m.start(4), end)
        return bool(word_m) and word_m.group() in language.SENTENCE_STARTERS
    return True


def split_sentences(
    text: str, start: int = 0, end: int | None = None, language: ModuleType = lang.DEFAULT
) -> list[tuple[int, int]]:
    """Sentence spans (absolute offsets into ``text``) within ``[start, end)``, trimmed, by the
    word lists of ``language`` (the run's language resources, analysis.lang).

    Spans never cross the bounds; an all-whitespace range gives ``[]``. The rules are listed in
    the module docstring. Raises ValueError for bounds outside the text.
    """
    if end is None:
        end = len(text)
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"split_sentences: bounds [{start}, {end}) outside text of {len(text)}")
    cuts: list[int] = []  # ends of sentences that are followed by another sentence
    nexts: list[int] = []
    depth = straight = 0
    seen = start
    # without a “ or a " in the range the quote state stays (0, 0): no need to track it
    quoted = text.find("“", start, end) != -1 or text.find('"', start, end) != -1
    bounds = (start, end)
    for m in _CANDIDATE_RE.finditer(text, start, end):
        m_end = m.end()
        if quoted:
            # (curly depth, straight-quote count) up to the candidate
            depth = max(0, depth + text.count("“", seen, m_end) - text.count("”", seen, m_end))
            straight += text.count('"', seen, m_end)
            seen = m_end
        if m.group(4) is None:
            break  # only whitespace up to the bound
        if _is_boundary(text, m, bounds, depth > 0 or straight % 2 == 1, language):
            cuts.append(m_end)
            nexts.append(m.start(3))
    spans: list[tuple[int, int]] = []
    s = _SPACE_RE.match(text, start, end).end()
    for cut, nxt in [*zip(cuts, nexts, strict=True), (end, end)]:
        e = cut
        while e > s and text[e - 1].isspace():
            e -= 1
        if e - s > MAX_SENTENCE_CHARS:
            spans.extend(_cap_length(text, s, e))
        elif e > s:
            spans.append((s, e))
        s = nxt
    return spans


#: Longest sentence span, in characters; real sentences are rarely above 400.
MAX_SENTENCE_CHARS = 1000


def _cap_length(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Cut the trimmed span ``[s, e)`` into pieces of at most :data:`MAX_SENTENCE_CHARS`."""
    out: list[tuple[int, int]] = []
    while e - s > MAX_SENTENCE_CHARS:
        k = s + MAX_SENTENCE_CHARS
        while k > s and not text[k].isspace():
            k -= 1
        if k == s:  # no whitespace within the limit: a hard cut
            out.append((s, s + MAX_SENTENCE_CHARS))
            s += MAX_SENTENCE_CHARS
            continue
        end = k
        while text[end - 1].isspace():
            end -= 1
        out.append((s, end))
        s = k
        while text[s].isspace():
            s += 1
    out.append((s, e))
    return out


# --------------------------------------------------------------------------------------------
# Articles.

PARAGRAPH_COLUMNS: list[str] = [
    "article_id",
    "paragraph_index",
    "start",
    "end",
    "is_headline",
    "is_standfirst",
]
SENTENCE_COLUMNS: list[str] = [
    "article_id",
    "sentence_index",
    "paragraph_index",
    "start",
    "end",
    "text",
    "position",
    "is_headline",
    "is_standfirst",
    "n_words",
]
_DTYPES: dict[str, str] = {
    "article_id": "str",
    "paragraph_index": "int64",
    "sentence_index": "int64",
    "start": "int64",
    "end": "int64",
    "text": "str",
    "position": "float64",
    "is_headline": "bool",
    "is_standfirst": "bool",
    "n_words": "int64",
}


class Segments(NamedTuple):
    """Output of :func:`segment_articles`: the paragraphs and sentences tables."""

    paragraphs: pd.DataFrame
    sentences: pd.DataFrame


def _inside(span: tuple[int, int], outer: tuple[int, int]) -> bool:
    return 0 <= outer[0] <= span[0] and span[1] <= outer[1]


def segment_text(
    article_id: str,
    text: str,
    headline: tuple[int, int] = (-1, -1),
    standfirst: tuple[int, int] = (-1, -1),
    language: ModuleType = lang.DEFAULT,
) -> tuple[list[tuple], list[tuple]]:
    """Segment one article: rows (tuples) for the paragraphs and sentences tables
    (``language``: the run's language resources, analysis.lang).

    Row fields follow :data:`PARAGRAPH_COLUMNS` and :data:`SENTENCE_COLUMNS`.
    """
    if not isinstance(text, str):
        raise ValueError(f"article {article_id!r}: text is {type(text).__name__}, not str")
    for name, (s, e) in (("headline", headline), ("standfirst", standfirst)):
        if (s, e) != (-1, -1) and not 0 <= s <= e <= len(text):
            raise ValueError(
                f"article {article_id!r}: {name} span ({s}, {e}) outside text of {len(text)}"
            )
    paragraphs: list[tuple] = []
    pending: list[tuple[int, int, int, bool, bool]] = []
    for p_index, span in enumerate(split_paragraphs(text)):
        is_head, is_stand = _inside(span, headline), _inside(span, standfirst)
        paragraphs.append((article_id, p_index, span[0], span[1], is_head, is_stand))
        for s, e in split_sentences(text, span[0], span[1], language):
            pending.append((p_index, s, e, is_head, is_stand))
    n = len(pending)
    counts = _count_tokens(text, [(s, e) for _, s, e, _, _ in pending])
    sentences = [
        (
            article_id,
            i,
            p_index,
            s,
            e,
            text[s:e],
            i / (n - 1) if n > 1 else 0.0,
            is_head,
            is_stand,
            n_words,
        )
        for i, ((p_index, s, e, is_head, is_stand), n_words) in enumerate(
            zip(pending, counts, strict=True)
        )
    ]
    return paragraphs, sentences


def _count_tokens(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """Number of :func:`tokenize` tokens of ``text`` that start in each ``[s, e)`` of ``spans``.

    With whitespace (or the text's edge) on both sides no token crosses the bounds and the
    lookarounds see the same characters, so tokenizing ``[s, e)`` alone finds the same ones;
    otherwise (a sentence cut inside a word) count the whole text's tokens, found once.
    """
    findall, size = _TOKEN_RE.findall, len(text)
    starts: list[int] | None = None
    counts: list[int] = []
    for s, e in spans:
        if (s == 0 or text[s - 1].isspace()) and (e == size or text[e].isspace()):
            counts.append(len(findall(text, s, e)))
            continue
        if starts is None:
            starts = [m.start() for m in _TOKEN_RE.finditer(text)]
        counts.append(bisect_left(starts, e) - bisect_left(starts, s))
    return counts


def _frame(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    """The table of ``rows``, built column by column with each column's final dtype."""
    values = list(zip(*rows, strict=True)) if rows else [()] * len(columns)
    data = {
        c: pd.array(list(v), dtype=_DTYPES[c])
        if _DTYPES[c] == "str"
        else np.array(v, dtype=_DTYPES[c])
        for c, v in zip(columns, values, strict=True)
    }
    return pd.DataFrame(data, columns=columns)


def _spans(articles: pd.DataFrame, prefix: str) -> list[tuple[int, int]]:
    """(start, end) per row from ``<prefix>_start``/``<prefix>_end``; (-1, -1) when absent."""
    cols = (f"{prefix}_start", f"{prefix}_end")
    if not all(c in articles.columns for c in cols):
        return [(-1, -1)] * len(articles)
    pairs = zip(articles[cols[0]].tolist(), articles[cols[1]].tolist(), strict=True)
    return [(-1, -1) if pd.isna(s) or pd.isna(e) else (int(s), int(e)) for s, e in pairs]


def segment_articles(articles: pd.DataFrame, language: ModuleType = lang.DEFAULT) -> Segments:
    """Split every article into paragraphs and sentences (columns in the module docstring),
    with the word lists of ``language`` (the run's language resources, analysis.lang).

    Raises ValueError when ``article_id`` or ``text`` is missing, an id repeats, a text is
    not a string or a headline/standfirst span lies outside its text.
    """
    missing = [c for c in ("article_id", "text") if c not in articles.columns]
    if missing:
        raise ValueError(f"segment_articles: articles lack column(s) {missing}")
    dupes = articles["article_id"][articles["article_id"].astype(str).duplicated()]
    if len(dupes):
        raise ValueError(f"segment_articles: duplicate article_id(s) {sorted(set(dupes))}")
    paragraphs: list[tuple] = []
    sentences: list[tuple] = []
    ids = articles["article_id"].astype(str)
    ordered = articles.assign(article_id=ids).sort_values("article_id", kind="stable")
    rows = zip(
        ordered["article_id"].tolist(),
        ordered["text"].tolist(),
        _spans(ordered, "headline"),
        _spans(ordered, "standfirst"),
        strict=True,
    )
    for article_id, text, headline, standfirst in rows:
        p_rows, s_rows = segment_text(article_id, text, headline, standfirst, language)
        paragraphs.extend(p_rows)
        sentences.extend(s_rows)
    return Segments(_frame(paragraphs, PARAGRAPH_COLUMNS), _frame(sentences, SENTENCE_COLUMNS))

"""Load a corpus: a folder of ``.txt``/``.html`` files (+ ``manifest.csv``) or one table file.

In: ``load_corpus(path, manifest=None, max_chars=MAX_ARTICLE_CHARS)`` where ``path`` is

- a folder of ``.txt``, ``.html`` and ``.htm`` files (not recursive), with an optional
  ``manifest.csv`` in it (or passed as ``manifest``). Manifest columns: ``file`` (required,
  relative to the folder), optional ``outlet``, ``published``, ``event``, ``headline_in_text``,
  ``url``; any other column is kept. Other files in the folder are ignored with a warning;
- or a table file ``.csv``, ``.jsonl``/``.ndjson`` (one JSON object per line) or ``.parquet``
  with a ``text`` column (required), optional ``article_id``/``id`` and the same metadata columns;
  any other column is kept.

HTML: ``.html``/``.htm`` files, and ``.txt`` files or table cells that :func:`looks_like_html`,
are reduced to their main text by :func:`html_to_text` (trafilatura; lxml when trafilatura finds
nothing). ``raw_text`` is then the extracted text, and a ``loaded``/``html`` ledger row says so
and how many characters of markup and page furniture were removed (``n_chars``).

Bad input never raises for one article: an item that cannot be decoded, is empty, is larger than
``max_chars`` characters, repeats an id, or (JSONL) is not a JSON object is left out with an
``excluded`` ledger row naming the file (and line or row) and the reason. Problems with the
corpus as a whole (path missing, no article files, a CSV whose quoting is broken, a table
without a ``text`` column) raise ``ValueError`` with a one-line message naming the file (and the
line).

Known column names are matched case-insensitively. Kept columns whose names collide with a column
of the shared ``articles`` table (e.g. ``source``, ``language``) are renamed ``meta_<name>``.

Out: :class:`Corpus` ``(articles, ledger)``.

``articles`` (one row per loaded article, sorted by ``article_id``, every column ``str``, ""
when missing):

- ``article_id``: file stem (folder), or the ``article_id``/``id`` column, else
  ``<table stem>-<row, 1-based, 6 digits>`` (CSV/parquet: data row; JSONL: line number).
- ``source``: file name relative to the folder, or ``<table file name>:<row or line>``.
- ``outlet`` ("unknown" when not given), ``published`` (ISO ``YYYY-MM-DD`` or ""), ``event``,
  ``headline_in_text`` (``yes``/``no``/``auto``), ``url``.
- ``encoding``: what :func:`decode_bytes` found (tables: the table file's encoding; parquet
  ``utf-8``).
- ``raw_text``: the decoded text, unchanged.
- then the kept extra metadata columns, sorted by name.

``ledger`` (:data:`analysis.ledger.LEDGER_COLUMNS`, stage ``load``), rows in input order, stably
sorted by ``article_id``: one ``loaded``/``input`` row per article (``n_chars`` =
``len(raw_text)``), ``loaded``/``metadata``, ``loaded``/``manifest`` or ``loaded``/``html`` notes
about repaired metadata or extracted HTML, and one ``excluded`` row per item left out
(categories ``manifest``, ``encoding``, ``empty``, ``too_large``, ``duplicate_id``, ``parse``,
``read``).
"""

from __future__ import annotations

import csv
import errno
import io
import json
import logging
import os
import posixpath
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from analysis.ledger import item_row, ledger_frame

CORE_COLUMNS: list[str] = [
    "article_id",
    "source",
    "outlet",
    "published",
    "event",
    "headline_in_text",
    "url",
    "encoding",
    "raw_text",
]
META_FIELDS: tuple[str, ...] = ("outlet", "published", "event", "headline_in_text", "url")
# Names a kept extra column may not use: the core columns and those later stages add.
RESERVED_COLUMNS: frozenset[str] = frozenset(
    [
        *CORE_COLUMNS,
        "text",
        "language",
        "headline_start",
        "headline_end",
        "standfirst_start",
        "standfirst_end",
        "n_chars",
    ]
)
TABLE_SUFFIXES: tuple[str, ...] = (".csv", ".jsonl", ".ndjson", ".parquet")
HTML_SUFFIXES: tuple[str, ...] = (".html", ".htm")
ARTICLE_SUFFIXES: tuple[str, ...] = (".txt", *HTML_SUFFIXES)
UNKNOWN_OUTLET = "unknown"
#: Longest article accepted, in characters (after HTML extraction). A long-read is ~100,000;
#: anything far beyond is a concatenated export or a mistake, and is excluded with a reason.
MAX_ARTICLE_CHARS = 2_000_000

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),  # before utf-16: it starts with the utf-16-le BOM
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP"),
    (b"PK\x05\x06", "ZIP"),
    (b"\x1f\x8b", "GZIP"),
    (b"\x7fELF", "ELF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE (old MS Office)"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip"),
)
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # C0 + DEL + C1 but \t\n\r\f
_MAX_CONTROL_SHARE = 0.10
_HAS_YEAR = re.compile(r"\d{4}|\b\d{1,2}[./ -]\d{1,2}[./ -]\d{2}\b")
_BOOL_WORDS = {
    "yes": "yes",
    "y": "yes",
    "true": "yes",
    "1": "yes",
    "no": "no",
    "n": "no",
    "false": "no",
    "0": "no",
    "auto": "auto",
}


class DecodeError(ValueError):
    """Bytes that are binary or in no supported text encoding; the message is the reason."""


class CorpusError(ValueError):
    """A problem with the corpus as a whole (path missing, no files, unsupported format)."""


class Corpus(NamedTuple):
    """What :func:`load_corpus` returns."""

    articles: pd.DataFrame
    ledger: pd.DataFrame


# ---------------------------------------------------------------------------------------------
# Decoding


def _check_control_share(text: str) -> None:
    if text and len(_CONTROL_CHARS.findall(text)) / len(text) > _MAX_CONTROL_SHARE:
        share = len(_CONTROL_CHARS.findall(text)) / len(text)
        raise DecodeError(f"binary file ({share:.0%} control characters)")


def _guess_utf16(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit almost only at odd/even bytes (BOM-less UTF-16)."""
    half = len(data) // 2
    if half == 0 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if odd >= 0.25 * half and even <= 0.05 * half:
        return "utf-16-le"
    if even >= 0.25 * half and odd <= 0.05 * half:
        return "utf-16-be"
    return None


class Decoded(NamedTuple):
    """What :func:`decode_text` found: the text, the codec's name and a note for the ledger
    ("" when the bytes were clean text in that encoding)."""

    text: str
    encoding: str
    note: str = ""


_SURROGATE_ESCAPES = re.compile("[\udc80-\udcff]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN1_LETTERS = re.compile("[\u00c0-\u00ff]")
_RUSSIAN_COMMON = frozenset("оеаинтсрвл")
#: Share of letters in U+00C0-U+00FF above which a cp1252 reading is not Western European text.
MAX_ACCENTED_SHARE = 0.30


def _utf8_damage(data: bytes) -> tuple[int, int, int]:
    """(invalid bytes, byte offset of the first one or -1, valid non-ASCII characters) when
    ``data`` is read as UTF-8."""
    text = data.decode("utf-8", "surrogateescape")
    first = _SURROGATE_ESCAPES.search(text)
    if first is None:
        return 0, -1, len(_NON_ASCII.findall(text))
    n_bad = len(_SURROGATE_ESCAPES.findall(text))
    offset = len(text[: first.start()].encode("utf-8", "surrogateescape"))
    return n_bad, offset, len(_NON_ASCII.findall(text)) - n_bad


def _single_byte(data: bytes, first_bad: int) -> Decoded:
    """Decode bytes that are not UTF-8: cp1252, or a Cyrillic code page when cp1252 would give
    mostly accented capitals (a Russian file read as Western European), else latin-1."""
    where = f"not valid UTF-8 (first invalid byte at offset {first_bad})"
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        letters = sum(ch.isalpha() for ch in text)
        accented = sum(ch.isalpha() for ch in _LATIN1_LETTERS.findall(text))
        if letters and accented / letters > MAX_ACCENTED_SHARE:
            best = None
            for enc in ("cp1251", "koi8_r"):
                try:
                    cand = data.decode(enc)
                except UnicodeDecodeError:
                    continue
                cyr = _CYRILLIC.findall(cand)
                if len(cyr) / letters > MAX_ACCENTED_SHARE:
                    common = sum(c.lower() in _RUSSIAN_COMMON for c in cyr) / len(cyr)
                    if best is None or common > best[0]:
                        best = (common, enc, cand)
            if best is not None:
                note = (
                    f"{where}; {accented / letters:.0%} of its letters would be accented Latin "
                    f"letters in cp1252, so it was decoded as {best[1]} (Cyrillic): check the "
                    "encoding"
                )
                return Decoded(best[2], best[1], note)
            note = (
                f"{where}; decoded as cp1252, but {accented / letters:.0%} of its letters are "
                "accented: it may be in another single-byte encoding (check the encoding)"
            )
            return Decoded(text, "cp1252", note)
        return Decoded(text, "cp1252")
    text = data.decode("latin-1")
    bad = _CONTROL_CHARS.search(text)
    if bad is None:
        return Decoded(text, "latin-1")
    raise DecodeError(
        f"{where}, not cp1252, and latin-1 gives control character "
        f"U+{ord(bad.group()):04X} at byte {bad.start()}"
    )


def _decode_marked(data: bytes) -> Decoded | None:
    """:class:`Decoded` of input with a byte-order mark or BOM-less UTF-16; None for other
    input. Raises :class:`DecodeError` for a bad BOM text or a known binary format."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"starts with a {enc} byte-order mark but is not valid {enc}: "
                    f"{exc.reason} at byte {exc.start + (len(bom) if enc == 'utf-8-sig' else 0)}"
                ) from None
            _check_control_share(text)
            return Decoded(text, enc)
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise DecodeError(f"binary file (looks like {kind})")
    utf16 = _guess_utf16(data)
    if utf16 is not None:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            return None  # falls through to the NUL-byte check of decode_text
        _check_control_share(text)
        return Decoded(text, utf16)
    return None


def decode_text(data: bytes, allow_nul: bool = False) -> Decoded:
    """Decode a text file's bytes; return :class:`Decoded` ``(text, encoding, note)``.

    Order: BOM (utf-8-sig, utf-32, utf-16); binary check (magic numbers, NUL bytes unless
    ``allow_nul`` (tables, whose rows are checked one by one), > 10 % control characters);
    BOM-less UTF-16 (utf-16-le/-be); UTF-8. Bytes that are *mostly* UTF-8 (at least as many
    valid non-ASCII characters as invalid bytes) are decoded as UTF-8 with each invalid
    sequence replaced by U+FFFD, and the note counts the invalid bytes and gives the offset of
    the first: a stray byte never turns valid UTF-8 into mojibake. Other bytes are a single-byte
    encoding: cp1252, or cp1251/KOI8-R when cp1252 would make over 30 % of the letters accented
    (Cyrillic text; noted), else latin-1 when it gives no control characters. Raises
    :class:`DecodeError` with the reason otherwise. Empty input decodes to ``("", "utf-8")``.
    """
    found = _decode_marked(data)
    if found is not None:
        return found
    if b"\x00" in data and not allow_nul:
        raise DecodeError(f"binary file (contains NUL bytes): first at byte offset {data.index(0)}")
    if data and len(_CONTROL_BYTES.findall(data)) / len(data) > _MAX_CONTROL_SHARE:
        share = len(_CONTROL_BYTES.findall(data)) / len(data)
        raise DecodeError(f"binary file ({share:.0%} control characters)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    n_bad, first, n_valid = _utf8_damage(data)
    if n_valid and n_valid >= n_bad:
        note = (
            f"{n_bad} invalid UTF-8 byte{'s' if n_bad != 1 else ''} replaced by U+FFFD "
            f"(first at byte offset {first}); the rest decoded as UTF-8"
        )
        return Decoded(data.decode("utf-8", "replace"), "utf-8", note)
    return _single_byte(data, first)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """``(text, encoding name)`` of :func:`decode_text` (the note left out)."""
    found = decode_text(data)
    return found.text, found.encoding


# ---------------------------------------------------------------------------------------------
# HTML

_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_TAG = re.compile(
    r"</?(?:html|head|body|div|p|span|a|br|hr|img|script|style|meta|link|title|h[1-6]|ul|ol|li"
    r"|table|tr|td|th|article|section|header|footer|nav|aside|main|figure|figcaption|strong|em"
    r"|b|i|u|blockquote|iframe|form|input|button|noscript|time|picture|source|svg)\b[^<>]{0,2000}>",
    re.I,
)
#: Minimum number of HTML tags for text without a doctype/<html> to count as HTML.
MIN_HTML_TAGS = 4
_BLOCK_TAGS = (
    "p", "div", "br", "hr", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "article", "section", "header", "footer", "figure", "figcaption", "table", "ul", "ol",
    "pre", "main", "aside", "nav", "title", "dd", "dt",
)  # fmt: skip
_DROP_TAGS = ("script", "style", "noscript", "template", "head", "iframe", "svg")
_SPACE_RUN = re.compile(r"[ \t\f\v\u00a0]+")


def looks_like_html(text: str) -> bool:
    """Is ``text`` an HTML page or fragment rather than plain text?

    Yes when it starts (after whitespace and comments) with ``<!doctype html``, ``<html>``,
    ``<head>`` or ``<body>``, or when it holds at least :data:`MIN_HTML_TAGS` HTML tags and at
    least one per two non-empty lines (so an article that *mentions* a ``<script>`` tag or two
    stays text).
    """
    if _HTML_START.match(text[:4096]):
        return True
    n_lines = sum(1 for line in text.split("\n") if line.strip())
    need = max(MIN_HTML_TAGS, (n_lines + 1) // 2)
    return any(n >= need for n, _ in enumerate(_HTML_TAG.finditer(text), start=1))


def _lxml_text(html: str) -> str:
    """All visible text of ``html`` by lxml, one line per block element (scripts dropped)."""
    import lxml.etree
    import lxml.html

    try:
        doc = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return ""
    for el in doc.xpath("|".join(f"//{t}" for t in _DROP_TAGS)):
        el.drop_tree()
    for el in doc.iter(*_BLOCK_TAGS):
        el.tail = "\n" + (el.tail or "")
    lines = (_SPACE_RUN.sub(" ", line).strip() for line in doc.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def html_to_text(html: str) -> tuple[str, str]:
    """The main text of an HTML page or fragment and the tool that found it.

    Returns ``(text, "trafilatura")`` (main content: navigation, comments, scripts, styles,
    tables and page furniture left out; one line per paragraph) or, when trafilatura finds no
    main text (short fragments), ``(text, "lxml")``: every visible text node, one line per block
    element, scripts and styles dropped. ``("", "lxml")`` when there is no text at all.
    """
    import trafilatura

    # XML 1.0 forbids control characters; lxml refuses them, and they are never article text
    html = _CONTROL_CHARS.sub("", html)
    text = None
    # trafilatura logs warnings about odd markup to stderr; the ledger row says what happened
    logger = logging.getLogger("trafilatura")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        text = trafilatura.extract(
            html,
            include_comments=False,
            include_tables=False,
            favor_recall=True,
            deduplicate=False,
        )
    except Exception:  # a parser failure on odd markup: fall back to lxml
        text = None
    finally:
        logger.setLevel(level)
    if text and text.strip():
        return text.strip(), "trafilatura"
    return _lxml_text(html), "lxml"


def _extract_html(item: _Item, forced: bool) -> None:
    """Replace ``item.text`` by its main text when it is HTML; note it in the ledger."""
    raw = item.text
    if raw is None or not raw.strip() or not (forced or looks_like_html(raw)):
        return
    text, tool = html_to_text(raw)
    removed = len(raw) - len(text)
    why = "its extension" if forced else "its content is mostly HTML tags"
    if not text.strip():
        item.error = ("empty", f"{item.source} is HTML ({why}) with no text in it")
        item.size = len(raw)
        return
    item.text = text
    item.notes.append(
        item_row(
            item.article_id,
            item.source,
            "loaded",
            "html",
            f"{item.source} is HTML ({why}): text extracted with {tool}, "
            f"{removed} of {len(raw)} characters of markup and page furniture removed",
            max(removed, 0),
            rule=tool,
        )
    )


# ---------------------------------------------------------------------------------------------
# Items: one candidate article before the common checks


@dataclass
class _Item:
    article_id: str
    source: str
    meta: dict[str, str]
    text: str | None = None  # None when it could not be read or decoded
    encoding: str = ""
    error: tuple[str, str] | None = None  # (category, reason) for an excluded item
    size: int = 0  # n_chars for the ledger when excluded before decoding
    notes: list[dict] = field(default_factory=list)  # ledger rows kept only if loaded


def _to_str(value: Any) -> str:
    """A table cell as str ("" for missing; lists/dicts as JSON; integral floats without .0)."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("utf-8", "replace")
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    if pd.isna(value):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (float, np.floating)):
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    if isinstance(value, np.integer):
        return str(int(value))
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return str(value)


def _text_cell(value: Any, item: _Item) -> None:
    """Set ``item.text`` from a table's text cell, or ``item.error`` when it holds no text.

    str: as is. Bytes (a Parquet BINARY column, as Spark and Hive write text): decoded as UTF-8
    (invalid bytes replaced and counted, see :func:`decode_text`). A list of strings (JSONL
    paragraphs): joined with blank lines, noted in the ledger. Missing: "" (then excluded as
    empty). Anything else (a JSON object, a number, a nested list) is excluded with its type.
    """
    src = item.source
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, str):
        item.text = value
    elif isinstance(value, bytes | bytearray | memoryview):
        try:
            found = decode_text(bytes(value))
        except DecodeError as exc:
            item.error, item.size = ("encoding", f"text of {src} is bytes: {exc}"), len(value)
            return
        item.text, item.encoding = found.text, found.encoding
        note = f"text of {src} is bytes (a binary column): decoded as {found.encoding}"
        if found.note:
            note += f"; {found.note}"
        item.notes.append(item_row(item.article_id, src, "loaded", "encoding", note))
    elif isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        item.text = "\n\n".join(v.strip("\n") for v in value)
        note = (
            f"text of {src} is a list of {len(value)} paragraphs: joined with blank lines "
            "between them"
        )
        item.notes.append(item_row(item.article_id, src, "loaded", "metadata", note))
    elif value is None or (not isinstance(value, list | tuple | dict) and pd.isna(value)):
        item.text = ""
    else:
        kind = {dict: "an object (mapping)", list: "a list that is not all text"}.get(
            type(value), f"a {type(value).__name__}"
        )
        item.error = ("parse", f"text of {src} is {kind}, not text: left out")


def _split_columns(
    columns: list[str], known: tuple[str, ...], name: str
) -> tuple[dict[str, str], dict[str, str]]:
    """Map known names (matched case-insensitively) and kept extras to the input column names.

    Returns ``(known name -> input column, output name -> input column)``.
    """
    found: dict[str, str] = {}
    extras: dict[str, str] = {}
    for col in columns:
        key = str(col).strip()
        low = key.lower()
        if low in known:
            if low in found:
                raise ValueError(f"{name}: columns {found[low]!r} and {col!r} both mean {low!r}")
            found[low] = col
        else:
            out = f"meta_{key}" if key in RESERVED_COLUMNS else key
            if out != key:
                warnings.warn(
                    f"column {key!r} in {name} renamed to {out!r} (the name is reserved)",
                    UserWarning,
                    stacklevel=4,
                )
            if out in extras:
                raise ValueError(f"{name}: more than one column would be named {out!r}")
            extras[out] = col
    return found, extras


def _row_meta(row: dict[str, Any], found: dict[str, str], extras: dict[str, str]) -> dict[str, str]:
    meta = {f: _to_str(row.get(found[f], "")).strip() if f in found else "" for f in META_FIELDS}
    meta.update({out: _to_str(row.get(col, "")).strip() for out, col in extras.items()})
    return meta


# ---------------------------------------------------------------------------------------------
# Metadata normalisation (per article)


def _normalise_date(value: str) -> str | None:
    """ISO date, "" for empty, None when unparseable (or when no year was given)."""
    if not value:
        return ""
    # Without a year pandas uses today ("now", "12:30") or year 1 ("30 Jan"): not deterministic
    # or not a date, so a year (4 digits, or the last of three numbers) is required.
    if not _HAS_YEAR.search(value):
        return None
    ts = pd.to_datetime(value, format="mixed", errors="coerce")
    if pd.isna(ts) or ts.year < 1000:
        return None
    return ts.strftime("%Y-%m-%d")


def _normalise_meta(item: _Item) -> None:
    """Normalise published/headline_in_text/outlet in place; add ledger notes for repairs."""
    meta = item.meta
    date = _normalise_date(meta["published"])
    if date is None:
        item.notes.append(
            item_row(
                item.article_id,
                item.source,
                "loaded",
                "metadata",
                f"unparseable date {meta['published']!r} in {item.source}: published set to ''",
            )
        )
        date = ""
    meta["published"] = date
    flag = meta["headline_in_text"]
    norm = _BOOL_WORDS.get(flag.lower(), "auto")
    if flag and flag.lower() not in _BOOL_WORDS:
        item.notes.append(
            item_row(
                item.article_id,
                item.source,
                "loaded",
                "metadata",
                f"unrecognised headline_in_text {flag!r} in {item.source}: set to 'auto'",
            )
        )
    meta["headline_in_text"] = norm
    if not meta["outlet"]:
        meta["outlet"] = UNKNOWN_OUTLET
        if not any(note["category"] == "manifest" for note in item.notes):
            item.notes.append(
                item_row(
                    item.article_id,
                    item.source,
                    "loaded",
                    "metadata",
                    f"no outlet given for {item.source}: outlet set to 'unknown'",
                )
            )


# ---------------------------------------------------------------------------------------------
# Common pass: exclusions, duplicates, tables


def _finish(items: list[_Item], max_chars: int = MAX_ARTICLE_CHARS) -> Corpus:
    rows: list[dict[str, str]] = []
    ledger: list[dict] = []
    first_source: dict[str, str] = {}
    for item in items:
        aid, src = item.article_id, item.source
        if item.error is not None:
            category, reason = item.error
            ledger.append(item_row(aid, src, "excluded", category, reason, item.size))
            continue
        text = item.text or ""
        if not text.strip():
            what = "empty" if not text else f"whitespace-only ({len(text)} chars)"
            ledger.append(item_row(aid, src, "excluded", "empty", f"{src} is {what}", len(text)))
            continue
        if len(text) > max_chars:
            reason = (
                f"{src} has {len(text):,} characters, more than the limit of {max_chars:,} per "
                "article (max_chars): is it several articles in one file?"
            )
            ledger.append(item_row(aid, src, "excluded", "too_large", reason, len(text)))
            continue
        if aid in first_source:
            reason = (
                f"duplicate article_id {aid!r} in {src} (first loaded from {first_source[aid]})"
            )
            ledger.append(item_row(aid, src, "excluded", "duplicate_id", reason, len(text)))
            continue
        first_source[aid] = src
        _normalise_meta(item)
        reason = f"loaded {src}, decoded as {item.encoding}"
        ledger.append(item_row(aid, src, "loaded", "input", reason, len(text)))
        ledger.extend(item.notes)
        rows.append(
            {
                "article_id": aid,
                "source": src,
                **item.meta,
                "encoding": item.encoding,
                "raw_text": text,
            }
        )
    extra = sorted({k for r in rows for k in r} - set(CORE_COLUMNS))
    columns = CORE_COLUMNS + extra
    articles = pd.DataFrame([[r.get(c, "") for c in columns] for r in rows], columns=columns)
    articles = articles.astype(str).sort_values("article_id", kind="stable")
    ledger_df = ledger_frame(ledger).sort_values("article_id", kind="stable")
    return Corpus(articles.reset_index(drop=True), ledger_df.reset_index(drop=True))


def _decode_item(item: _Item, data: bytes) -> None:
    try:
        found = decode_text(data)
    except DecodeError as exc:
        item.error = ("encoding", f"{item.source}: {exc}")
        item.size = len(data)
        return
    item.text, item.encoding = found.text, found.encoding
    if found.note:
        item.notes.append(
            item_row(
                item.article_id, item.source, "loaded", "encoding", f"{item.source}: {found.note}"
            )
        )


# ---------------------------------------------------------------------------------------------
# Folder of .txt files


#: Environment variable that lets manifest entries and symbolic links point outside the corpus
#: folder (set by ``--allow-outside`` on the command line; the notebooks inherit it).
ALLOW_OUTSIDE_ENV = "ANALYSIS_ALLOW_OUTSIDE"


def allow_outside_default() -> bool:
    """Whether :envvar:`ANALYSIS_ALLOW_OUTSIDE` is set to a true value (1, true, yes)."""
    return os.environ.get(ALLOW_OUTSIDE_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def _read_manifest(path: Path) -> pd.DataFrame:
    """The manifest as a table of str. A ``;`` or tab delimiter (spreadsheets in many
    locales) is detected when the comma-separated reading has no ``file`` column."""
    if path.is_dir():
        raise CorpusError(f"cannot read manifest {path}: it is a folder, not a CSV file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"cannot read manifest {path}: {exc.strerror or exc}") from None
    try:
        text = decode_text(data).text
    except DecodeError as exc:
        raise CorpusError(f"cannot decode manifest {path}: {exc}") from None
    header = text.split("\n", 1)[0]
    table = None
    for sep in (",", ";", "\t"):
        if sep != "," and sep not in header:
            continue
        try:
            found = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=sep)
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            if sep == ",":
                first_error = ValueError(f"cannot parse manifest {path}: {str(exc).strip()}")
            continue
        if sep == ",":
            table = found
        if any(str(c).strip().lower() == "file" for c in found.columns):
            if sep != ",":
                name = "tab" if sep == "\t" else repr(sep)
                warnings.warn(
                    f"manifest {path} is separated by {name}, not commas: read it that way",
                    UserWarning,
                    stacklevel=4,
                )
            return found
    if table is None:
        raise first_error
    return table


def _entry_problem(path: Path, root: Path, shown: str, allow_outside: bool) -> str | None:
    """Why ``path`` (an article file named in the folder or the manifest) cannot be read, or
    None. Checked: outside the corpus folder (unless allowed), symbolic link loop, dangling
    link, folder, not a regular file (a pipe would block the read)."""
    try:
        target = path.resolve(strict=path.is_symlink())
    except RuntimeError:
        return f"{shown} is a symbolic link loop: not read"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"{shown} is a symbolic link loop: not read"
        return f"{shown} is a symbolic link to {os.readlink(path)}, which does not exist"
    if not allow_outside and not target.is_relative_to(root):
        return (
            f"{shown} is outside the corpus folder {root.name} (it resolves to {target}): not "
            "read (use --allow-outside, or ANALYSIS_ALLOW_OUTSIDE=1, to allow it)"
        )
    if not path.exists():
        return None  # the caller says "not found"
    if path.is_dir():
        return f"{shown} is a folder, not a file"
    if not path.is_file():
        return f"{shown} is not a regular file (a pipe, socket or device): not read"
    return None


def _warn_others(folder: Path, entries: list[Path], manifest: Path | None) -> None:
    """Warn about the files of ``folder`` that are not articles (README/LICENSE not named)."""
    others = [
        p.name
        for p in entries
        if p.suffix.lower() not in ARTICLE_SUFFIXES
        and p.is_file()
        and not p.name.startswith(".")
        and not p.name.upper().startswith(("README", "LICENSE"))
        and (manifest is None or p.resolve() != manifest.resolve())
    ]
    if others:
        warnings.warn(
            f"{len(others)} file(s) in {folder} ignored (not .txt, .html or .htm): "
            f"{', '.join(others[:10])}{' ...' if len(others) > 10 else ''}",
            UserWarning,
            stacklevel=4,
        )


def _manifest_table(manifest: Path) -> tuple[pd.DataFrame, dict[str, str], dict[str, str]]:
    """The manifest, its known columns and its kept extra columns; ValueError without a
    ``file`` column (with a hint when the header holds another delimiter)."""
    if not manifest.exists():
        raise CorpusError(f"manifest not found: {manifest}")
    table = _read_manifest(manifest)
    found, extras = _split_columns(list(table.columns), ("file", *META_FIELDS), manifest.name)
    if "file" not in found:
        header = [str(c) for c in table.columns]
        hint = ""
        if any(";" in c or "\t" in c for c in header):
            hint = " (its header holds ';' or tabs: save it as comma-separated CSV)"
        raise ValueError(f"manifest {manifest} has no 'file' column; columns found: {header}{hint}")
    return table, found, extras


def _manifest_items(
    folder: Path, manifest: Path, allow_outside: bool
) -> tuple[list[_Item], dict[str, int]]:
    """One item per manifest row (read, or excluded with the reason) and the files listed
    (normalised relative path -> first row naming it)."""
    table, found, extras = _manifest_table(manifest)
    root = folder.resolve()
    items: list[_Item] = []
    listed: dict[str, int] = {}
    for n, row in enumerate(table.to_dict("records"), start=1):
        rel = posixpath.normpath(row[found["file"]].strip().replace("\\", "/"))
        row_id, row_src = f"{manifest.stem}-{n:06d}", f"{manifest.name}:{n}"
        if rel in ("", ".") or rel in listed:
            reason = (
                f"row {n} of {manifest.name} names {rel} again (first in row {listed[rel]}): "
                "the repeated row is left out"
                if rel in listed
                else f"row {n} of {manifest.name} has no file name"
            )
            items.append(_Item(row_id, row_src, {}, error=("manifest", reason)))
            continue
        listed[rel] = n
        item = _Item(Path(rel).stem, rel, _row_meta(row, found, extras))
        target = folder / rel
        problem = _entry_problem(target, root, rel, allow_outside)
        if problem is not None:
            item.error = ("read", f"{problem} (row {n} of {manifest.name})")
        elif not target.exists():
            item.error = (
                "manifest",
                f"{rel} is listed in {manifest.name} but not found in {folder.name}",
            )
        else:
            _read_into(item, target)
        items.append(item)
    return items, listed


def _load_folder(
    folder: Path, manifest: Path | None, max_chars: int, allow_outside: bool = False
) -> Corpus:
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        raise CorpusError(f"cannot read corpus folder {folder}: {exc.strerror or exc}") from None
    candidates = [p for p in entries if p.suffix.lower() in ARTICLE_SUFFIXES]
    if not candidates:
        raise CorpusError(f"no .txt files in {folder} (nor .html or .htm)")
    if manifest is None and (folder / "manifest.csv").is_file():
        manifest = folder / "manifest.csv"
    _warn_others(folder, entries, manifest)
    if manifest is None:
        warnings.warn(
            f"no manifest.csv in {folder}: outlet set to 'unknown'", UserWarning, stacklevel=3
        )
        items, listed = [], {}
        why = f"there is no manifest.csv in {folder.name}"
    else:
        items, listed = _manifest_items(folder, manifest, allow_outside)
        why = f"it is not in {manifest.name}"
    readable = []
    for p in candidates:
        if p.name in listed:
            continue
        problem = _entry_problem(p, folder.resolve(), p.name, allow_outside)
        if problem is not None:
            items.append(_Item(p.stem, p.name, {}, error=("read", problem)))
        else:
            readable.append(p)
    if manifest is not None and readable:
        names = ", ".join(p.name for p in readable[:20]) + (" ..." if len(readable) > 20 else "")
        warnings.warn(
            f"{len(readable)} .txt file(s) not in {manifest}: {names}: outlet set to 'unknown'",
            UserWarning,
            stacklevel=3,
        )
    for p in readable:
        item = _Item(p.stem, p.name, dict.fromkeys(META_FIELDS, ""))
        reason = f"{p.name}: outlet set to 'unknown' because {why}"
        item.notes.append(item_row(item.article_id, p.name, "loaded", "manifest", reason))
        _read_into(item, p)
        items.append(item)
    return _finish(items, max_chars)


def _read_into(item: _Item, path: Path) -> None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        item.error = ("read", f"cannot read {item.source}: {exc.strerror or exc}")
        return
    _decode_item(item, data)
    if item.error is None:
        _extract_html(item, forced=path.suffix.lower() in HTML_SUFFIXES)


# ---------------------------------------------------------------------------------------------
# Table files


def _decode_table(path: Path) -> tuple[str, str]:
    """Text and encoding of a table file. NUL bytes are allowed here: the rows that hold one
    are left out one by one (a NUL in one cell must not refuse the whole table)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        found = decode_text(data, allow_nul=True)
    except DecodeError as exc:
        raise CorpusError(f"cannot decode {path}: {exc}") from None
    if found.note:
        warnings.warn(f"{path}: {found.note}", UserWarning, stacklevel=4)
    return found.text, found.encoding


def _check_csv_quoting(text: str, path: Path) -> list[int]:
    """Raise ValueError naming the line when a quote is unbalanced or a field is mis-quoted;
    return the line each non-blank record starts on (header first).

    pandas accepts such files and silently merges the rows after a stray quote into one cell;
    Python's csv module in strict mode refuses them, so it is run first as a check.
    """
    if csv.field_size_limit() < 2**31 - 1:
        csv.field_size_limit(2**31 - 1)  # the default (128 KiB) is shorter than a long article
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    starts: list[int] = []
    try:
        for record in reader:
            if record:
                starts.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        if "end of data" in str(exc) or "EOF" in str(exc):
            raise ValueError(
                f"cannot parse CSV {path}: the row starting at line {start} opens a quoted "
                "field that is never closed (unbalanced quote)"
            ) from None
        raise ValueError(
            f"cannot parse CSV {path} at line {reader.line_num} (row starting at line "
            f"{start}): {exc} (a stray or unbalanced quote?)"
        ) from None
    return starts


def _records(df: pd.DataFrame) -> list[dict]:
    """``df.to_dict("records")``, column by column (many times faster on Arrow-backed
    string columns with a million rows)."""
    names = [str(c) for c in df.columns]
    columns = [df.iloc[:, i].tolist() for i in range(df.shape[1])]
    return [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]


def _read_csv(path: Path) -> tuple[list[tuple[int, dict]], list[str], str, list[_Item]]:
    text, enc = _decode_table(path)
    starts = _check_csv_quoting(text, path)
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except pd.errors.EmptyDataError:
        raise CorpusError(f"no columns in {path}") from None
    except pd.errors.ParserError as exc:
        msg = str(exc).strip()
        line = re.search(r"\bline (\d+)", msg)
        where = f" at line {line.group(1)}" if line else ""
        raise ValueError(f"cannot parse CSV {path}{where}: {msg}") from None
    records = list(enumerate(_records(df), start=1))
    broken: list[_Item] = []
    if "\x00" in text:  # a damaged row: left out with its row and line, the others load
        lines = starts[1:] if len(starts) == len(df) + 1 else None
        kept = []
        for n, row in records:
            if any("\x00" in str(v) for v in row.values()):
                line = f" (line {lines[n - 1]})" if lines else ""
                reason = f"row {n} of {path.name}{line} contains a NUL byte: the row is left out"
                aid = f"{path.stem}-{n:06d}"
                broken.append(_Item(aid, f"{path.name}:{n}", {}, error=("parse", reason)))
            else:
                kept.append((n, row))
        records = kept
    return records, [str(c) for c in df.columns], enc, broken


def _read_jsonl(path: Path) -> tuple[list[tuple[int, dict]], list[str], str, list[_Item]]:
    text, enc = _decode_table(path)
    records: list[tuple[int, dict]] = []
    broken: list[_Item] = []
    columns: dict[str, None] = {}  # insertion-ordered set of keys
    # split on "\n" only: str.splitlines() would also split on U+2028 inside JSON strings
    for n, line in enumerate(text.split("\n"), start=1):
        line = line.strip()
        if not line:
            continue
        reason = ""
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            reason = f"line {n} of {path.name} is not valid JSON: {exc.msg} (column {exc.colno})"
        else:
            if not isinstance(obj, dict):
                reason = f"line {n} of {path.name} is not a JSON object"
            else:
                reason = _lone_surrogate(obj, line, n, path.name)
        if reason:
            aid = f"{path.stem}-{n:06d}"
            broken.append(
                _Item(aid, f"{path.name}:{n}", {}, error=("parse", reason), size=len(line))
            )
            continue
        columns.update(dict.fromkeys(str(k) for k in obj))
        records.append((n, obj))
    return records, list(columns), enc, broken


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _lone_surrogate(obj: dict, line: str, n: int, name: str) -> str:
    """A reason when a JSON line decodes to a lone surrogate (``"\\ud800"`` without its pair:
    valid JSON, but not Unicode text, and no CSV or Parquet file can hold it); else ""."""
    try:
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        m = _SURROGATE_ESCAPE.search(line)
        where = f" ({m.group()} at column {m.start() + 1})" if m else ""
        return f"line {n} of {name} has a lone surrogate escape{where}: not valid Unicode text"
    return ""


def _read_parquet(path: Path) -> tuple[list[tuple[int, dict]], list[str], str, list[_Item]]:
    try:
        df = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several unrelated types for bad files
        raise ValueError(f"cannot read parquet {path}: {exc}") from None
    df.columns = [str(c) for c in df.columns]
    records = list(enumerate(_records(df), start=1))
    return records, [str(c) for c in df.columns], "utf-8", []


_TABLE_READERS = {
    ".csv": _read_csv,
    ".jsonl": _read_jsonl,
    ".ndjson": _read_jsonl,
    ".parquet": _read_parquet,
}


def _load_table(path: Path, max_chars: int) -> Corpus:
    records, columns, enc, broken = _TABLE_READERS[path.suffix.lower()](path)
    if not records and not broken:
        raise CorpusError(f"no rows in {path}")
    found, extras = _split_columns(columns, ("text", "article_id", "id", *META_FIELDS), path.name)
    if records and "text" not in found:
        raise ValueError(f"{path} has no 'text' column; columns found: {columns}")
    id_col = found.get("article_id", found.get("id"))
    if "article_id" in found and "id" in found:
        extras["id"] = found["id"]  # the unused id column is kept as metadata
    if records and "outlet" not in found:
        warnings.warn(
            f"no outlet column in {path}: outlet set to 'unknown'", UserWarning, stacklevel=3
        )
    items = list(broken)
    for n, row in records:
        default_id = f"{path.stem}-{n:06d}"
        aid = _to_str(row.get(id_col, "")).strip() if id_col else default_id
        item = _Item(aid or default_id, f"{path.name}:{n}", _row_meta(row, found, extras))
        if not aid:
            item.notes.append(
                item_row(
                    default_id,
                    item.source,
                    "loaded",
                    "metadata",
                    f"empty {id_col} in {item.source}: article_id set to {default_id!r}",
                )
            )
        item.encoding = enc
        _text_cell(row.get(found["text"], ""), item)
        if item.error is None:
            _extract_html(item, forced=False)
        items.append(item)
    return _finish(items, max_chars)


# ---------------------------------------------------------------------------------------------


def load_corpus(
    path: str | Path,
    manifest: str | Path | None = None,
    max_chars: int = MAX_ARTICLE_CHARS,
    allow_outside: bool | None = None,
) -> Corpus:
    """Load a folder of ``.txt``/``.html`` files or a table file into ``Corpus(articles, ledger)``.

    See the module docstring for the columns. ``max_chars``: longer articles are excluded (ledger
    category ``too_large``). ``allow_outside``: read manifest entries and symbolic links that
    resolve outside the corpus folder (default: no, they are excluded with the reason; None
    reads :data:`ALLOW_OUTSIDE_ENV`). Raises :class:`CorpusError` for a missing path, a
    folder without article files, an unsupported file type or a manifest given for a table;
    ``ValueError`` for a table without a ``text`` column or a CSV that does not parse.
    """
    path = Path(path)
    if not path.exists():
        raise CorpusError(f"corpus path not found: {path}")
    if path.is_dir():
        if allow_outside is None:
            allow_outside = allow_outside_default()
        man = Path(manifest) if manifest is not None else None
        return _load_folder(path, man, max_chars, allow_outside)
    if path.suffix.lower() not in _TABLE_READERS:
        supported = ", ".join(TABLE_SUFFIXES)
        raise CorpusError(
            f"unsupported corpus file {path}: expected a folder of .txt/.html files or a table "
            f"file ({supported})"
        )
    if manifest is not None:
        raise CorpusError(f"a manifest only applies to a folder of .txt files, not to {path}")
    return _load_table(path, max_chars)


# ---------------------------------------------------------------------------------------------
# Outlet aliases (spellings of one outlet merged; applied by analysis.scope before the selection)


def load_aliases(path: str | Path) -> dict[str, str]:
    """An outlet alias table (CSV, columns ``alias,outlet``, UTF-8) as {alias: outlet}. Raises
    ValueError naming the file and the problem (missing column, empty cell, an alias given two
    outlets, an outlet that is itself an alias)."""
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise ValueError(f"{path}: not a readable CSV file ({exc})") from None
    missing = [c for c in ("alias", "outlet") if c not in table.columns]
    if missing:
        raise ValueError(f"{path}: needs the columns alias,outlet (missing: {', '.join(missing)})")
    aliases: dict[str, str] = {}
    for i, (alias, outlet) in enumerate(zip(table["alias"], table["outlet"], strict=True)):
        alias, outlet = alias.strip(), outlet.strip()
        if not alias or not outlet:
            raise ValueError(f"{path}: row {i + 2}: alias and outlet must both be given")
        if aliases.get(alias, outlet) != outlet:
            raise ValueError(f"{path}: alias {alias!r} is given two outlets")
        aliases[alias] = outlet
    chained = sorted(set(aliases.values()) & {a for a, o in aliases.items() if a != o})
    if chained:
        raise ValueError(f"{path}: outlet {chained[0]!r} is also an alias of another outlet")
    return aliases


def apply_aliases(articles: pd.DataFrame, aliases: Mapping[str, str]) -> pd.DataFrame:
    """``articles`` with every outlet that is an alias replaced by its outlet; the spelling the
    input gave is kept in ``outlet_as_given`` (only when ``aliases`` is given)."""
    if not aliases:
        return articles
    given = articles["outlet"].astype(str)
    return articles.assign(outlet=given.map(lambda o: aliases.get(o, o)), outlet_as_given=given)

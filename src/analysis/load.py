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
import io
import json
import logging
import posixpath
import re
import warnings
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


def _decode_marked(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) of input with a byte-order mark or BOM-less UTF-16; None for other
    input. Raises :class:`DecodeError` for a bad BOM text or a known binary format."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"starts with a {enc} byte-order mark but is not valid {enc}: "
                    f"{exc.reason} at byte {exc.start}"
                ) from None
            _check_control_share(text)
            return text, enc
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise DecodeError(f"binary file (looks like {kind})")
    utf16 = _guess_utf16(data)
    if utf16 is not None:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            return None  # falls through to the NUL-byte check of decode_bytes
        _check_control_share(text)
        return text, utf16
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a text file's bytes; return ``(text, encoding name)``.

    Order: BOM (utf-8-sig, utf-32, utf-16); binary check (magic numbers, NUL bytes, > 10 %
    control characters); BOM-less UTF-16 (utf-16-le/-be); utf-8; cp1252; latin-1 (only when
    it yields no control characters). Raises :class:`DecodeError` with the reason otherwise.
    Empty input decodes to ``("", "utf-8")``.
    """
    found = _decode_marked(data)
    if found is not None:
        return found
    if b"\x00" in data:
        raise DecodeError("binary file (contains NUL bytes)")
    if data and len(_CONTROL_BYTES.findall(data)) / len(data) > _MAX_CONTROL_SHARE:
        share = len(_CONTROL_BYTES.findall(data)) / len(data)
        raise DecodeError(f"binary file ({share:.0%} control characters)")
    for enc in ("utf-8", "cp1252"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            pass
    text = data.decode("latin-1")
    bad = _CONTROL_CHARS.search(text)
    if bad is None:
        return text, "latin-1"
    raise DecodeError(
        "not valid utf-8 or cp1252, and latin-1 gives control character "
        f"U+{ord(bad.group()):04X} at byte {bad.start()}"
    )


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
        item.text, item.encoding = decode_bytes(data)
    except DecodeError as exc:
        item.error = ("encoding", f"{item.source}: {exc}")
        item.size = len(data)


# ---------------------------------------------------------------------------------------------
# Folder of .txt files


def _read_manifest(path: Path) -> pd.DataFrame:
    try:
        text, _ = decode_bytes(path.read_bytes())
    except DecodeError as exc:
        raise CorpusError(f"cannot decode manifest {path}: {exc}") from None
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ValueError(f"cannot parse manifest {path}: {str(exc).strip()}") from None


def _load_folder(folder: Path, manifest: Path | None, max_chars: int) -> Corpus:
    files = sorted((p for p in folder.iterdir() if p.is_file()), key=lambda p: p.name)
    txt_files = [p for p in files if p.suffix.lower() in ARTICLE_SUFFIXES]
    if not txt_files:
        raise CorpusError(f"no .txt files in {folder} (nor .html or .htm)")
    if manifest is None and (folder / "manifest.csv").is_file():
        manifest = folder / "manifest.csv"
    others = [
        p.name
        for p in files
        if p.suffix.lower() not in ARTICLE_SUFFIXES
        and not p.name.startswith(".")
        and not p.name.upper().startswith(("README", "LICENSE"))
        and (manifest is None or p.resolve() != manifest.resolve())
    ]
    if others:
        warnings.warn(
            f"{len(others)} file(s) in {folder} ignored (not .txt, .html or .htm): "
            f"{', '.join(others[:10])}{' ...' if len(others) > 10 else ''}",
            UserWarning,
            stacklevel=3,
        )
    items: list[_Item] = []
    listed: set[str] = set()
    if manifest is None:
        warnings.warn(
            f"no manifest.csv in {folder}: outlet set to 'unknown'", UserWarning, stacklevel=3
        )
        why = f"there is no manifest.csv in {folder.name}"
    else:
        if not manifest.is_file():
            raise CorpusError(f"manifest not found: {manifest}")
        table = _read_manifest(manifest)
        found, extras = _split_columns(list(table.columns), ("file", *META_FIELDS), manifest.name)
        if "file" not in found:
            raise ValueError(
                f"manifest {manifest} has no 'file' column; columns found: {list(table.columns)}"
            )
        for n, row in enumerate(table.to_dict("records"), start=1):
            rel = posixpath.normpath(row[found["file"]].strip().replace("\\", "/"))
            if rel in ("", "."):
                items.append(
                    _Item(
                        f"{manifest.stem}-{n:06d}",
                        f"{manifest.name}:{n}",
                        {},
                        error=("manifest", f"row {n} of {manifest.name} has no file name"),
                    )
                )
                continue
            listed.add(rel)
            item = _Item(Path(rel).stem, rel, _row_meta(row, found, extras))
            target = folder / rel
            if not target.is_file():
                item.error = (
                    "manifest",
                    f"{rel} is listed in {manifest.name} but not found in {folder.name}",
                )
            else:
                _read_into(item, target)
            items.append(item)
        why = f"it is not in {manifest.name}"
    unlisted = [p for p in txt_files if p.name not in listed]
    if manifest is not None and unlisted:
        names = ", ".join(p.name for p in unlisted)
        warnings.warn(
            f"{len(unlisted)} .txt file(s) not in {manifest}: {names}: outlet set to 'unknown'",
            UserWarning,
            stacklevel=3,
        )
    for p in unlisted:
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
    try:
        return decode_bytes(path.read_bytes())
    except DecodeError as exc:
        raise CorpusError(f"cannot decode {path}: {exc}") from None


def _check_csv_quoting(text: str, path: Path) -> None:
    """Raise ValueError naming the line when a quote is unbalanced or a field is mis-quoted.

    pandas accepts such files and silently merges the rows after a stray quote into one cell;
    Python's csv module in strict mode refuses them, so it is run first as a check.
    """
    if csv.field_size_limit() < 2**31 - 1:
        csv.field_size_limit(2**31 - 1)  # the default (128 KiB) is shorter than a long article
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        for _ in reader:
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


def _read_csv(path: Path) -> tuple[list[tuple[int, dict]], list[str], str, list[_Item]]:
    text, enc = _decode_table(path)
    _check_csv_quoting(text, path)
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except pd.errors.EmptyDataError:
        raise CorpusError(f"no columns in {path}") from None
    except pd.errors.ParserError as exc:
        msg = str(exc).strip()
        line = re.search(r"\bline (\d+)", msg)
        where = f" at line {line.group(1)}" if line else ""
        raise ValueError(f"cannot parse CSV {path}{where}: {msg}") from None
    records = list(enumerate(df.to_dict("records"), start=1))
    return records, [str(c) for c in df.columns], enc, []


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
        if reason:
            aid = f"{path.stem}-{n:06d}"
            broken.append(
                _Item(aid, f"{path.name}:{n}", {}, error=("parse", reason), size=len(line))
            )
            continue
        columns.update(dict.fromkeys(str(k) for k in obj))
        records.append((n, obj))
    return records, list(columns), enc, broken


def _read_parquet(path: Path) -> tuple[list[tuple[int, dict]], list[str], str, list[_Item]]:
    try:
        df = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several unrelated types for bad files
        raise ValueError(f"cannot read parquet {path}: {exc}") from None
    df.columns = [str(c) for c in df.columns]
    records = list(enumerate(df.to_dict("records"), start=1))
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
        item.text, item.encoding = _to_str(row.get(found["text"], "")), enc
        _extract_html(item, forced=False)
        items.append(item)
    return _finish(items, max_chars)


# ---------------------------------------------------------------------------------------------


def load_corpus(
    path: str | Path, manifest: str | Path | None = None, max_chars: int = MAX_ARTICLE_CHARS
) -> Corpus:
    """Load a folder of ``.txt``/``.html`` files or a table file into ``Corpus(articles, ledger)``.

    See the module docstring for the columns. ``max_chars``: longer articles are excluded (ledger
    category ``too_large``). Raises :class:`CorpusError` for a missing path, a folder without
    article files, an unsupported file type or a manifest given for a table; ``ValueError``
    for a table without a ``text`` column or a CSV that does not parse.
    """
    path = Path(path)
    if not path.exists():
        raise CorpusError(f"corpus path not found: {path}")
    if path.is_dir():
        return _load_folder(path, Path(manifest) if manifest is not None else None, max_chars)
    if path.suffix.lower() not in _TABLE_READERS:
        supported = ", ".join(TABLE_SUFFIXES)
        raise CorpusError(
            f"unsupported corpus file {path}: expected a folder of .txt/.html files or a table "
            f"file ({supported})"
        )
    if manifest is not None:
        raise CorpusError(f"a manifest only applies to a folder of .txt files, not to {path}")
    return _load_table(path, max_chars)

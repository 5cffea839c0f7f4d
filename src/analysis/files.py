"""Safe output: CSV cells that cannot become spreadsheet formulas, a locked output folder that a
killed run leaves marked incomplete, and executed notebooks whose outputs run no code.

A utility module (like analysis.ledger): it imports no stage.

- :func:`csv_safe`: the OWASP rule against CSV injection. A text cell (or column name) that
  starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``, so
  a spreadsheet shows it as text instead of evaluating it; cells that are plain numbers
  (``-3.5``, ``+2``, ``1e-5``) are left alone, and numeric columns are never touched. Every CSV
  the package writes goes through it (:func:`analysis.pipeline.write_csv`) unless raw values
  are asked for: ``--raw-csv`` on the command line, or :data:`RAW_CSV_ENV` = 1.
- :func:`locked_folder` / :func:`marked_incomplete` / :func:`output_folder`: a run's output
  folder. An exclusive lock (``.analysis.lock``, ``fcntl.flock``: released by the kernel when
  the process dies, so a killed run never leaves a stale lock) makes a second run on the same
  folder fail at once with :class:`FolderBusy`; :data:`INCOMPLETE` is written into the folder
  before the first file and removed only when everything was written, so a killed run leaves
  either the previous complete set (killed before writing began) or a folder marked
  incomplete. Files themselves are written to temporary names and renamed into place.
- :func:`sanitise_notebook`: neutralises active content in an executed notebook's outputs
  (script elements, event-handler attributes, ``javascript:`` URLs, iframes, embeds, forms,
  base/meta/link elements; JavaScript outputs), so opening it as *trusted* in Jupyter runs
  nothing from article text. Outputs without such content are left byte for byte.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import fcntl
import html
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

#: Environment variable: 1 writes CSV cells raw (no ``'`` before formula-like cells).
RAW_CSV_ENV = "ANALYSIS_RAW_CSV"
#: Marker file in an output folder while a run writes it (removed at the end).
INCOMPLETE = "INCOMPLETE.txt"
LOCK = ".analysis.lock"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


class FolderBusy(RuntimeError):
    """Another run holds the output folder's lock; the message names the folder."""


def raw_csv_default() -> bool:
    """Whether :data:`RAW_CSV_ENV` is set to a true value (1, true, yes, on)."""
    return os.environ.get(RAW_CSV_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def _neutral(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


_AFTER_SEPARATOR = re.compile("\x00[" + re.escape("".join(FORMULA_START)) + "]")


def _may_start_a_formula(values) -> bool:
    """False when no cell of ``values`` can need a ``'``: every cell's text, each after a NUL,
    joined and searched once (C speed; a report's tables hold millions of text cells, and
    calling :func:`_neutral` on each took a second of a 400-article run). True is only a
    maybe (a number cell ``-3``, a NUL inside a cell): :func:`_neutral` then decides."""
    cells = values.tolist()
    try:
        text = "\x00".join(cells)
    except TypeError:  # not all text (None, NaN, numbers): their text, as the rule sees none
        text = "\x00".join(map(str, cells))
    return _AFTER_SEPARATOR.search("\x00" + text) is not None


def csv_safe(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every formula-like text cell and column name prefixed by ``'`` (see the
    module docstring); ``df`` itself when nothing needs it (no copy)."""
    columns = [_neutral(c) for c in df.columns]
    changed: dict[int, pd.Series] = {}
    for i in range(df.shape[1]):
        col = df.iloc[:, i]
        if not (col.dtype == object or pd.api.types.is_string_dtype(col.dtype)):
            continue
        if isinstance(col.dtype, pd.StringDtype):
            # text only: the cells that start like a formula found by the string array itself,
            # and only those become Python strings (a coverage table of 3 million rows made
            # each cell of each text column a Python object here, hundreds of MiB at once)
            starts = col.str.startswith(FORMULA_START).fillna(False).to_numpy(dtype=bool)
            maybe = np.flatnonzero(starts).tolist()
            values = None
            picked = col.iloc[maybe].tolist() if maybe else []
            hits = [j for j, v in zip(maybe, picked, strict=True) if _neutral(v) is not v]
        else:
            # one pass over the values (pandas' string methods cost more than the loop on the
            # small tables a report writes, and no less on large ones); only text cells change
            values = col.to_numpy(dtype=object)
            if not _may_start_a_formula(values):
                continue
            hits = [j for j, v in enumerate(values) if _neutral(v) is not v]
        if hits:
            values = col.to_numpy(dtype=object) if values is None else values
            new = values.copy()
            new[hits] = [_neutral(values[j]) for j in hits]
            changed[i] = pd.Series(new, index=col.index, name=col.name).astype(col.dtype)
    if not changed and columns == list(df.columns):
        return df
    out = df.copy()
    for i, col in changed.items():
        out.isetitem(i, col)
    out.columns = columns
    return out


# --- the output folder -----------------------------------------------------------------------


@contextlib.contextmanager
def locked_folder(path: str | Path, what: str = "run") -> Iterator[Path]:
    """Create ``path`` if needed and hold its lock (``.analysis.lock``) while the body runs.

    Raises :class:`FolderBusy` at once when another run holds the lock, ``ValueError`` (one
    line) when ``path`` is a file or cannot be created or written. ``fcntl.flock``: the kernel
    releases the lock when the process ends, however it ends, so no stale lock is left.
    """
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"output folder {folder} is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise ValueError(f"cannot write to output folder {folder}: {exc.strerror or exc}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
            raise FolderBusy(
                f"output folder {folder} is in use by another {what}"
                f"{f' (pid {holder})' if holder else ''}: wait for it to end or choose "
                "another folder or name"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        yield folder
    finally:
        os.close(fd)  # releases the lock


@contextlib.contextmanager
def marked_incomplete(folder: str | Path, what: str = "run") -> Iterator[Path]:
    """Write :data:`INCOMPLETE` into ``folder`` while the body writes it; remove it when the
    body returns. It stays when the process is killed or interrupted, or the body raises
    anything but ``ValueError`` (a one-line data or parameter error, raised before anything
    is written: the folder is then left as the last run left it, marker or not)."""
    marker = Path(folder) / INCOMPLETE
    was_marked = marker.exists()
    started = _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    try:
        marker.write_text(
            f"A {what} started writing this folder at {started} (pid {os.getpid()}) and has not "
            "finished.\nIf no run is going on, it was interrupted: the files here may be a mix "
            "of that run and an earlier one. Run it again to complete the folder; this file is "
            "removed when a run ends normally.\n",
            encoding="utf-8",
        )
    except OSError as exc:
        raise ValueError(f"cannot write to output folder {folder}: {exc.strerror or exc}") from None
    try:
        yield Path(folder)
    except ValueError:
        if not was_marked:
            marker.unlink(missing_ok=True)
        raise
    marker.unlink(missing_ok=True)


@contextlib.contextmanager
def output_folder(path: str | Path, what: str = "run") -> Iterator[Path]:
    """:func:`locked_folder` and :func:`marked_incomplete` together, for the whole body."""
    with locked_folder(path, what) as folder, marked_incomplete(folder, what):
        yield folder


# --- executed notebooks ----------------------------------------------------------------------

_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>?")
_ACTIVE_TAG = re.compile(
    r"^<\s*/?\s*(?:script|iframe|frame|object|embed|form|base|meta|link|applet)\b"
    r"|\son[a-z]+\s*="
    r"|(?:java|vb)script\s*:",
    re.I,
)


def has_active_html(text: str) -> bool:
    """Does ``text`` hold a tag that can run code or load a page when rendered as HTML: script,
    iframe, object, embed, form, base, meta or link elements, an ``on*=`` event-handler
    attribute, or a ``javascript:``/``vbscript:`` URL (entities in the tag decoded first)?
    Escaped markup (``&lt;script&gt;``) is text, not a tag."""
    for m in _TAG.finditer(text):
        tag = html.unescape(m.group()).replace("\x00", "")
        if _ACTIVE_TAG.search(re.sub(r"[\t\n\r]", "", tag) if ":" in tag else tag):
            return True
    return False


_JS_TYPES = ("application/javascript", "text/javascript", "application/x-javascript")
NOTEBOOK_NOTE = (
    "analysis: outputs with active HTML (scripts, event handlers, javascript: links) were "
    "escaped when this notebook was saved; it is safe to open as trusted"
)


def _as_text(value: object) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def sanitise_outputs(nb: dict) -> int:
    """Escape active content in the outputs of notebook JSON ``nb`` in place; return how many
    outputs were changed. An HTML, SVG or Markdown output holding a script element, an
    event-handler attribute, a ``javascript:`` URL or an embedding element is replaced by its
    escaped text (shown as text, never run); JavaScript outputs are removed."""
    changed = 0
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []) or []:
            data = out.get("data")
            if not isinstance(data, dict):
                continue
            for key in [k for k in data if k in _JS_TYPES]:
                del data[key]
                changed += 1
            for key in ("text/html", "image/svg+xml", "text/markdown"):
                if key in data and has_active_html(_as_text(data[key])):
                    shown = html.escape(_as_text(data[key]))
                    data[key] = f"<pre>{shown}</pre>" if key != "text/markdown" else shown
                    changed += 1
    return changed


def sanitise_notebook(path: str | Path) -> int:
    """:func:`sanitise_outputs` on the notebook file ``path``, rewritten only when something
    changed (then its metadata says so); returns the number of outputs changed."""
    p = Path(path)
    nb = json.loads(p.read_text(encoding="utf-8"))
    n = sanitise_outputs(nb)
    if n:
        nb.setdefault("metadata", {})["analysis_sanitised"] = NOTEBOOK_NOTE
        p.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return n

"""The ledger: one row for every input item and every span a stage removed or replaced.

Every change the pipeline makes to an article's text is an :class:`Edit` over the *raw* decoded
text. Applying the edits gives the cleaned text; :func:`reconstruct` undoes them, so cleaned text
plus ledger always gives back the input (tests/test_ledger.py proves it).

Ledger columns (:data:`LEDGER_COLUMNS`):

- ``article_id`` (str): the article the row is about.
- ``source`` (str): file (and row, for tables) the article came from.
- ``stage`` (str): ``load`` or ``clean`` (later stages may add their own).
- ``action`` (str): ``loaded``, ``excluded`` (a whole input item left out), ``removed`` (a span
  deleted from the text) or ``replaced`` (a span rewritten, e.g. a non-breaking space).
- ``category`` (str): what kind of change, e.g. ``encoding``, ``boilerplate:paywall``,
  ``language``, ``normalize``, ``whitespace``.
- ``rule`` (str): id of the rule that fired (a row of the rule file, or a built-in name).
- ``reason`` (str): one human-readable sentence.
- ``start``, ``end`` (Int64): span in the raw decoded text; empty for whole-item rows.
- ``clean_start`` (Int64): where the replacement stands in the cleaned text; empty for
  whole-item rows.
- ``n_chars`` (int): characters removed (``end - start``), or the size of a loaded/excluded item.
- ``removed`` (str): the original text of the span.
- ``replacement`` (str): what stands in its place in the cleaned text ("" for removals).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

LEDGER_COLUMNS: list[str] = [
    "article_id",
    "source",
    "stage",
    "action",
    "category",
    "rule",
    "reason",
    "start",
    "end",
    "clean_start",
    "n_chars",
    "removed",
    "replacement",
]


@dataclass(frozen=True, order=True)
class Edit:
    """Replace ``raw[start:end]`` by ``replacement``. Offsets index the raw decoded text."""

    start: int
    end: int
    replacement: str = ""
    category: str = ""
    rule: str = ""
    reason: str = ""


def check_edits(edits: Sequence[Edit], length: int) -> None:
    """Raise ValueError unless edits are sorted, inside ``[0, length]`` and do not overlap."""
    pos = 0
    for e in edits:
        if e.start < pos or e.end < e.start or e.end > length:
            raise ValueError(f"edits overlap or leave the text: {e!r} (previous end {pos})")
        if e.start == e.end and not e.replacement:
            raise ValueError(f"empty edit: {e!r}")
        pos = e.end


def apply_edits(raw: str, edits: Sequence[Edit]) -> tuple[str, list[int]]:
    """Apply sorted, non-overlapping edits to ``raw``.

    Returns the new text and, for each edit, the offset where its replacement starts in it.
    """
    check_edits(edits, len(raw))
    out: list[str] = []
    starts: list[int] = []
    pos = 0
    size = 0
    for e in edits:
        out.append(raw[pos : e.start])
        size += e.start - pos
        starts.append(size)
        out.append(e.replacement)
        size += len(e.replacement)
        pos = e.end
    out.append(raw[pos:])
    return "".join(out), starts


def reconstruct(clean: str, ledger: pd.DataFrame) -> str:
    """Give back the raw text from the cleaned text and the article's span rows of the ledger."""
    spans = ledger.dropna(subset=["clean_start"]).sort_values("clean_start", kind="stable")
    out: list[str] = []
    pos = 0
    for row in spans.itertuples(index=False):
        cs = int(row.clean_start)
        out.append(clean[pos:cs])
        if clean[cs : cs + len(row.replacement)] != row.replacement:
            raise ValueError(f"ledger does not match the cleaned text at {cs}")
        out.append(row.removed)
        pos = cs + len(row.replacement)
    out.append(clean[pos:])
    return "".join(out)


def merge_edits(base: Sequence[Edit], covering: Sequence[Edit]) -> list[Edit]:
    """Combine two sets of raw-text edits; a ``covering`` edit swallows base edits inside it.

    Base edits that only partly overlap a covering edit are swallowed too (the covering span is
    widened to hold them), so the result never has overlaps.
    """
    cov = sorted(covering)
    out: list[Edit] = []
    widened: list[Edit] = []
    for c in cov:
        s, e = c.start, c.end
        for b in base:
            if b.start < e and b.end > s:
                s, e = min(s, b.start), max(e, b.end)
        widened.append(Edit(s, e, c.replacement, c.category, c.rule, c.reason))
    for b in base:
        if not any(b.start < w.end and b.end > w.start for w in widened) and not any(
            b.start == b.end == w.start for w in widened
        ):
            out.append(b)
    out.extend(widened)
    return sorted(out, key=lambda x: (x.start, x.end))


def edit_rows(
    article_id: str, source: str, raw: str, edits: Sequence[Edit], stage: str = "clean"
) -> list[dict]:
    """Ledger rows (dicts with :data:`LEDGER_COLUMNS`) for an article's edits."""
    _, starts = apply_edits(raw, edits)
    return [
        {
            "article_id": article_id,
            "source": source,
            "stage": stage,
            "action": "removed" if not e.replacement else "replaced",
            "category": e.category,
            "rule": e.rule,
            "reason": e.reason,
            "start": e.start,
            "end": e.end,
            "clean_start": cs,
            "n_chars": e.end - e.start,
            "removed": raw[e.start : e.end],
            "replacement": e.replacement,
        }
        for e, cs in zip(edits, starts, strict=True)
    ]


def item_row(
    article_id: str,
    source: str,
    action: str,
    category: str,
    reason: str,
    n_chars: int = 0,
    stage: str = "load",
    rule: str = "",
) -> dict:
    """A ledger row about a whole input item (loaded or excluded)."""
    return {
        "article_id": article_id,
        "source": source,
        "stage": stage,
        "action": action,
        "category": category,
        "rule": rule,
        "reason": reason,
        "start": pd.NA,
        "end": pd.NA,
        "clean_start": pd.NA,
        "n_chars": n_chars,
        "removed": "",
        "replacement": "",
    }


def ledger_frame(rows: Iterable[dict] | pd.DataFrame) -> pd.DataFrame:
    """A ledger DataFrame with the documented columns and dtypes, in a stable order, from row
    dicts or from a DataFrame (e.g. ledgers concatenated: no per-row conversion)."""
    if isinstance(rows, pd.DataFrame):
        df = rows.reindex(columns=LEDGER_COLUMNS).reset_index(drop=True)
    else:
        df = pd.DataFrame(list(rows), columns=LEDGER_COLUMNS)
    for col in ("start", "end", "clean_start"):
        df[col] = df[col].astype("Int64")
    df["n_chars"] = df["n_chars"].fillna(0).astype("int64")
    for col in (
        "article_id",
        "source",
        "stage",
        "action",
        "category",
        "rule",
        "reason",
        "removed",
        "replacement",
    ):
        df[col] = df[col].fillna("").astype(str)
    return df.reset_index(drop=True)

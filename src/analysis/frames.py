"""Frames: which generic and issue frames each sentence uses, per article, outlet and event.

Framing is what an outlet selects and makes salient (Entman 1993). This module measures it with
a versioned dictionary (``data/frames.yaml``; codebook in docs/METHODS.md): the five
generic frames of Semetko & Valkenburg (2000) and five issue frames for war-and-peace news.

Dictionary (:func:`load_frames`), one row per entry: ``frame``, ``label``, ``kind`` (generic |
issue), ``term`` (the entry's first form, reported in hits), ``forms`` (every surface form that
matches, ``;``-separated), ``mode`` (word | exact | prefix | phrase), ``source``.
Entry syntax and the inflection expander (:func:`expand_entry`) are documented in the YAML file
and in docs/METHODS.md; no NLTK data is used.

Matching: one compiled case-insensitive alternation per dictionary (all forms, factored as a
character trie, longer forms tried first), between word boundaries, inside a lookahead so that a
match is found at every word start.
At one position the longest listed form wins; matches of different frames may overlap ("did
not agree" is conflict "not agree" and diplomacy "agree"); within a frame a match contained in a
longer one is dropped ("air strikes" counts once). A form listed under several frames counts
for each of them (once per frame).

Tables (all offsets index the cleaned article text ``articles.text``):

- hits (:func:`frame_hits`), one row per sentence x frame with at least one match, sorted by
  article_id, sentence_index, frame: ``article_id``, ``sentence_index``, ``frame``, ``terms``
  (distinct dictionary terms in order of appearance, ``;``-separated, e.g. "strike;attack"),
  ``matches`` (surface strings as they appear, ``;``-separated), ``n_terms`` (number of
  matches), ``start``, ``end`` (span of the first match), ``spans`` ("start-end;...", all
  matches).
- article frames (:func:`article_frames`), one row per article x dictionary frame (zeros
  kept): ``article_id``, ``frame``, ``n_sentences``, ``n_words`` (of the article),
  ``n_sentences_framed`` (sentences with the frame), ``n_hits`` (matches), ``share_of_sentences``
  (n_sentences_framed / n_sentences), ``share_of_framed_sentences`` (n_sentences_framed / the
  article's sentences with any frame; 0 when none), ``hits_per_1000_words``, ``is_dominant``,
  ``dominant_frame`` (the frame in most sentences, ties broken by more hits; frames still tied
  are all dominant and joined with ``;``; "" when the article has no frame).
- frame x actor (:func:`frame_actor`): ``[*by]``, ``frame``, ``actor``, ``n_sentences``
  (sentences holding the frame and a mention of the actor), ``n_actor_sentences``,
  ``share_of_actor_sentences``, ``n_frame_sentences``, ``share_of_frame_sentences``,
  ``n_articles`` (articles with at least one such sentence).
- per-article measures (:func:`per_article_frames`) for ``analysis.aggregate.summarize``:
  ``article_id``, ``frame``, ``measure``, ``numerator``, ``denominator``, ``n``; measures in
  :data:`FRAME_MEASURES`. :func:`frame_measures` returns ``[*by, frame, measure, value, ci_low,
  ci_high, n, n_articles, unit]`` with seeded cluster-bootstrap intervals, over the articles
  it is given (analysis.scope decides which: the selection, rewrites counted once).
- evidence (:func:`frame_evidence`): the hit rows behind any figure, with the sentence text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis import lang
from analysis.datafiles import load_yaml
from analysis.patterns import lowered, trie_regex
from analysis.stats import summarize

DEFAULT_FRAMES = "frames.yaml"
DICTIONARY_COLUMNS: list[str] = ["frame", "label", "kind", "term", "forms", "mode", "source"]
HIT_COLUMNS: list[str] = [
    "article_id",
    "sentence_index",
    "frame",
    "terms",
    "matches",
    "n_terms",
    "start",
    "end",
    "spans",
]
ARTICLE_FRAME_COLUMNS: list[str] = [
    "article_id",
    "frame",
    "n_sentences",
    "n_words",
    "n_sentences_framed",
    "n_hits",
    "share_of_sentences",
    "share_of_framed_sentences",
    "hits_per_1000_words",
    "is_dominant",
    "dominant_frame",
]
FRAME_ACTOR_COLUMNS: list[str] = [
    "frame",
    "actor",
    "n_sentences",
    "n_actor_sentences",
    "share_of_actor_sentences",
    "n_frame_sentences",
    "share_of_frame_sentences",
    "n_articles",
]
#: measure -> (scale, unit), for analysis.aggregate.summarize.
FRAME_MEASURES: dict[str, tuple[float, str]] = {
    "share_of_sentences": (1.0, "share of sentences"),
    "hits_per_1000_words": (1000.0, "dictionary matches per 1,000 words"),
    "share_of_articles": (1.0, "share of articles using the frame"),
    "dominant_share": (1.0, "share of articles where the frame dominates (ties split)"),
}

_TOP_FIELDS = {"version", "name", "description", "frames"}
_FRAME_FIELDS = {"label", "kind", "reference", "definition", "terms"}
_GROUP_FIELDS = {"source", "words", "note"}
_KINDS = {"generic", "issue"}
_FRAME_NAME = re.compile(r"[a-z][a-z0-9_]*")
_ENTRY_CHARS = re.compile(r"[\w '’\-‐‑–.]+")
_VOWELS = "aeiou"


# --------------------------------------------------------------------------------------------
# dictionary


def _error(path: str, problem: str) -> ValueError:
    return ValueError(f"frame dictionary {path}: {problem}")


class Entry(NamedTuple):
    """One parsed dictionary entry."""

    term: str
    forms: tuple[str, ...]
    mode: str  # word | exact | prefix | phrase


_NORM_CHARS = str.maketrans({"’": "'", "‐": "-", "‑": "-", "–": "-"})


def _norm(text: str) -> str:
    """Lower-case, one space between words, ’ -> ', any hyphen/dash -> '-'."""
    return " ".join(text.lower().translate(_NORM_CHARS).split())


def expand_entry(entry: str, language: ModuleType = lang.DEFAULT) -> Entry:
    """Parse one entry string of the YAML ``words`` lists (syntax in the module docstring);
    inflections by ``language.inflect`` (the run's language resources, analysis.lang).

    ``"strike|struck"`` -> term "strike", forms strike, strikes, struck, ...; ``"=call"`` -> only
    "call"; ``"humanitar*"`` -> prefix; ``"air raid"`` -> air raid, air raids. Raises ValueError on
    an empty entry or characters other than letters, digits, spaces, ' and -.
    """
    parts = [p.strip() for p in str(entry).split("|")]
    if not parts or not all(parts):
        raise ValueError(f"empty form in entry {entry!r}")
    head = parts[0]
    if head.startswith("="):
        mode, head = "exact", head[1:].strip()
    elif head.endswith("*"):
        mode, head = "prefix", head[:-1].strip()
    else:
        mode = "phrase" if " " in head else "word"
    extra = [p.lstrip("=").strip() for p in parts[1:]]
    for form in (head, *extra):
        if not form or not _ENTRY_CHARS.fullmatch(form):
            raise ValueError(f"entry {entry!r}: form {form!r} has characters other than letters")
    head = _norm(head)
    if mode == "word":
        forms = language.inflect(head)
    elif mode == "phrase":
        *first, last = head.split(" ")
        forms = [" ".join([*first, f]) for f in language.inflect(last)]
    else:
        forms = [head]
    forms += [_norm(f) for f in extra]
    return Entry(head, tuple(dict.fromkeys(forms)), mode)


def _parse(data: object, path: str, language: ModuleType) -> pd.DataFrame:
    if not isinstance(data, dict):
        raise _error(path, "top level must be a mapping with 'version' and 'frames'")
    unknown = sorted(set(map(str, data)) - _TOP_FIELDS)
    if unknown:
        raise _error(path, f"unknown top-level field(s): {', '.join(unknown)}")
    for key in ("version", "frames"):
        if data.get(key) in (None, ""):
            raise _error(path, f"missing top-level field '{key}'")
    frames = data["frames"]
    if not isinstance(frames, dict) or not frames:
        raise _error(path, "'frames' must be a non-empty mapping of frame name -> definition")
    rows = []
    for name, spec in frames.items():
        rows += _frame_rows(str(name), spec, path, language)
    table = pd.DataFrame(rows, columns=DICTIONARY_COLUMNS).astype(str)
    return table.drop_duplicates(["frame", "term", "forms"]).reset_index(drop=True)


def _frame_rows(name: str, spec: object, path: str, language: ModuleType) -> list[tuple[str, ...]]:
    """Dictionary rows of one frame (checked)."""
    if not _FRAME_NAME.fullmatch(name):
        raise _error(path, f"frame name {name!r} must be lower-case letters, digits and _")
    if not isinstance(spec, dict):
        raise _error(path, f"frame '{name}' must be a mapping")
    unknown = sorted(set(map(str, spec)) - _FRAME_FIELDS)
    if unknown:
        raise _error(path, f"frame '{name}': unknown field(s): {', '.join(unknown)}")
    kind = str(spec.get("kind", "")).strip()
    if kind not in _KINDS:
        raise _error(path, f"frame '{name}': kind must be generic or issue, not {kind!r}")
    groups = spec.get("terms")
    if not isinstance(groups, list) or not groups:
        raise _error(path, f"frame '{name}': 'terms' must be a non-empty list")
    label = str(spec.get("label") or name)
    rows = []
    for g, group in enumerate(groups):
        where = f"frame '{name}' terms[{g}]"
        source, words = _term_group(group, where, path)
        for word in words:
            if not isinstance(word, str):
                raise _error(path, f"{where}: entry {word!r} is not a string")
            try:
                e = expand_entry(word, language)
            except ValueError as exc:
                raise _error(path, f"{where}: {exc}") from exc
            rows.append((name, label, kind, e.term, ";".join(e.forms), e.mode, source))
    return rows


def _term_group(group: object, where: str, path: str) -> tuple[str, list]:
    """(source, words) of one terms group of a frame (checked)."""
    if not isinstance(group, dict):
        raise _error(path, f"{where} must be a mapping with 'source' and 'words'")
    unknown = sorted(set(map(str, group)) - _GROUP_FIELDS)
    if unknown:
        raise _error(path, f"{where}: unknown field(s): {', '.join(unknown)}")
    source = str(group.get("source") or "").strip()
    if not source:
        raise _error(path, f"{where}: missing 'source'")
    words = group.get("words")
    if not isinstance(words, list) or not words:
        raise _error(path, f"{where}: 'words' must be a non-empty list")
    return source, words


def load_frames(
    path: str | Path | None = None, language: ModuleType = lang.DEFAULT
) -> pd.DataFrame:
    """Read a frame dictionary (YAML) into one row per entry (:data:`DICTIONARY_COLUMNS`),
    each entry inflected by ``language`` (the run's language resources, analysis.lang).

    ``None`` loads the shipped ``data/frames.yaml``. Raises ValueError naming the file on a
    YAML syntax error, an unknown or missing field, or a malformed entry.
    """
    label, data = load_yaml(path, DEFAULT_FRAMES, "frame dictionary")
    return _parse(data, label, language)


def frame_names(frames: pd.DataFrame) -> list[str]:
    """Frame names in dictionary order."""
    return list(dict.fromkeys(frames["frame"]))


# --------------------------------------------------------------------------------------------
# matching


class _Matcher(NamedTuple):
    # the pattern with IGNORECASE, compiled at its first use (_ignorecase): with ``fast``, only
    # a text with a case twin needs it (none of the 428 real articles' 11,001 sentences), and
    # compiling the cue dictionary's trie costs about 0.09 s
    pattern: str
    # The same regex without IGNORECASE, run on text.lower() (about twice as fast). Exact when
    # every form is lower-case ASCII and the text has no case twin (lower() then keeps the
    # length, the word/space classes and which characters match each form): see _scan.
    fast: re.Pattern[str] | None
    literal: dict[str, tuple[tuple[str, str], ...]]  # form -> ((frame, term), ...)
    prefixes: tuple[tuple[str, str, str], ...]  # (prefix, frame, term), longest first
    # surface as matched -> its owners sorted by frame (stable); filled lazily by _scan
    owners: dict[str, tuple[tuple[str, str], ...]]


def _char_regex(ch: str) -> str:
    if ch == " ":
        return r"\s+"
    if ch == "'":
        return "['’]"
    if ch == "-":
        return "[-‐‑–]"
    return re.escape(ch)


@functools.lru_cache(maxsize=8)
def _compile(key: tuple[tuple[str, str, str, str], ...]) -> _Matcher:
    literal: dict[str, dict[str, str]] = {}  # form -> frame -> term
    prefixes = []
    for frame, term, forms, mode in key:
        for form in forms.split(";"):
            if mode == "prefix":
                prefixes.append((form, frame, term))
                continue
            owners = literal.setdefault(form, {})
            # one term per frame and form: the entry whose term is the form itself, else the
            # first entry listing it ("bombing" -> bombing, not bomb)
            if frame not in owners or form == term:
                owners[frame] = term
    forms = {f: False for f in literal}
    for p, _, _ in prefixes:
        forms[p] = True
    # A lookahead finds a match at every word start, so matches of different frames may
    # overlap ("did not agree": conflict "not agree" and diplomacy "agree").
    pattern = r"(?<!\w)(?=(" + trie_regex(forms, _char_regex) + r")(?!\w))"
    fast = re.compile(pattern) if all(f.isascii() and f == f.lower() for f in forms) else None
    prefixes.sort(key=lambda p: (-len(p[0]), p[0], p[1]))
    literal_owners = {k: tuple(v.items()) for k, v in literal.items()}
    return _Matcher(pattern, fast, literal_owners, tuple(prefixes), {})


@functools.lru_cache(maxsize=8)
def _ignorecase(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled with IGNORECASE (once per pattern)."""
    return re.compile(pattern, re.IGNORECASE)


def _matcher(frames: pd.DataFrame) -> _Matcher:
    missing = [c for c in ("frame", "term", "forms", "mode") if c not in frames.columns]
    if missing:
        raise ValueError(f"frame dictionary table is missing column(s): {', '.join(missing)}")
    key = tuple(
        zip(
            frames["frame"].astype(str),
            frames["term"].astype(str),
            frames["forms"].astype(str),
            frames["mode"].astype(str),
            strict=True,
        )
    )
    return _compile(key)


def _owners(matcher: _Matcher, surface: str) -> tuple[tuple[str, str], ...]:
    norm = _norm(surface)
    if norm in matcher.literal:
        return matcher.literal[norm]
    return tuple((f, t) for p, f, t in matcher.prefixes if norm.startswith(p))


def _scan(matcher: _Matcher, text: str) -> list[tuple[str, str, int, int, str]]:
    """(frame, term, start, end, surface) in text order; within a frame, a match inside a
    longer match of the same frame is dropped ("air strikes" hides "strikes")."""
    # Matches come one per position in increasing start order, so sorting the hits by (start,
    # -end, frame) only orders each match's owners by frame: done once per surface (cached).
    cache = matcher.owners
    kept: list[tuple[str, str, int, int, str]] = []
    reach: dict[str, int] = {}
    matches = None
    if matcher.fast is not None:
        low = lowered(text)
        if low is not None:
            matches = matcher.fast.finditer(low)
    if matches is None:
        matches = _ignorecase(matcher.pattern).finditer(text)
    for m in matches:
        s, e = m.span(1)
        surface = text[s:e]
        owners = cache.get(surface)
        if owners is None:
            owners = cache[surface] = tuple(sorted(_owners(matcher, surface), key=lambda o: o[0]))
        for frame, term in owners:
            if e <= reach.get(frame, -1):
                continue
            reach[frame] = e
            kept.append((frame, term, s, e, surface))
    return kept


def match_text(text: str, frames: pd.DataFrame | None = None) -> list[tuple[str, str, int, int]]:
    """Matches in one string: (frame, term, start, end), in text order then frame name."""
    frames = load_frames() if frames is None else frames
    return [(f, t, s, e) for f, t, s, e, _ in _scan(_matcher(frames), text)]


def _resolve(frames: pd.DataFrame | str | Path | None) -> pd.DataFrame:
    if frames is None or isinstance(frames, str | Path):
        return load_frames(frames)
    return frames


def _check(table: pd.DataFrame, required: Sequence[str], name: str) -> None:
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise ValueError(f"{name} table is missing column(s): {', '.join(missing)}")


def frame_hits(
    sentences: pd.DataFrame, frames: pd.DataFrame | str | Path | None = None
) -> pd.DataFrame:
    """One row per sentence x frame with a dictionary match (columns :data:`HIT_COLUMNS`).

    ``sentences`` needs article_id, sentence_index, start, text (analysis.segment);
    ``frames`` is a :func:`load_frames` table, a path to a YAML dictionary, or None (shipped).
    """
    _check(sentences, ["article_id", "sentence_index", "start", "text"], "sentences")
    matcher = _matcher(_resolve(frames))
    rows = []
    # plain lists: iterating pyarrow-backed columns element by element is slow
    for aid, idx, offset, text in zip(
        sentences["article_id"].tolist(),
        sentences["sentence_index"].tolist(),
        sentences["start"].tolist(),
        sentences["text"].tolist(),
        strict=True,
    ):
        if not isinstance(text, str):
            raise ValueError(f"sentences: article {aid!r} sentence {idx}: text is not a string")
        found = _scan(matcher, text)
        if not found:
            continue
        offset, aid, idx = int(offset), str(aid), int(idx)
        # frame -> [terms, surfaces, spans, first start, first end]
        per_frame: dict[str, list] = {}
        for frame, term, s, e, surface in found:
            s, e = s + offset, e + offset
            acc = per_frame.get(frame)
            if acc is None:
                acc = per_frame[frame] = [[], [], [], s, e]
            acc[0].append(term)
            acc[1].append(" ".join(surface.split()))
            acc[2].append(f"{s}-{e}")
        for frame in sorted(per_frame):
            terms, surfaces, spans, first_s, first_e = per_frame[frame]
            rows.append(
                (
                    aid,
                    idx,
                    frame,
                    ";".join(dict.fromkeys(terms)),
                    ";".join(surfaces),
                    len(terms),
                    first_s,
                    first_e,
                    ";".join(spans),
                )
            )
    hits = pd.DataFrame(rows, columns=HIT_COLUMNS)
    hits = hits.astype(
        {
            "article_id": str,
            "sentence_index": "int64",
            "frame": str,
            "terms": str,
            "matches": str,
            "n_terms": "int64",
            "start": "int64",
            "end": "int64",
            "spans": str,
        }
    )
    return hits.sort_values(["article_id", "sentence_index", "frame"], kind="stable").reset_index(
        drop=True
    )


# --------------------------------------------------------------------------------------------
# per article


def article_frames(
    sentences: pd.DataFrame,
    hits: pd.DataFrame,
    frames: pd.DataFrame | str | Path | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Per article x frame shares, rates and the dominant frame (:data:`ARTICLE_FRAME_COLUMNS`).

    Every article of ``sentences`` gets a row for every frame (zeros kept). ``frames``: a
    dictionary table, its path, a list of frame names, or None (the shipped dictionary).
    """
    _check(sentences, ["article_id", "sentence_index", "n_words"], "sentences")
    _check(hits, ["article_id", "sentence_index", "frame", "n_terms"], "hits")
    if isinstance(frames, list | tuple):
        names = [str(f) for f in frames]
    else:
        names = frame_names(_resolve(frames))
    unknown = sorted(set(hits["frame"].tolist()) - set(names))
    if unknown:
        raise ValueError(f"hits: frame(s) not in the dictionary: {', '.join(unknown)}")
    # The grouped sums stay in pandas (one call each); the per article x frame work runs over
    # plain lists, with the same float operations as the former column arithmetic.
    per_art = sentences.groupby("article_id", sort=True).agg(
        n_sentences=("sentence_index", "size"), n_words=("n_words", "sum")
    )
    counts = hits.groupby(["article_id", "frame"]).agg(
        n_sentences_framed=("sentence_index", "nunique"), n_hits=("n_terms", "sum")
    )
    found = dict(
        zip(
            counts.index.tolist(),
            zip(counts["n_sentences_framed"].tolist(), counts["n_hits"].tolist(), strict=True),
            strict=True,
        )
    )
    any_frame = hits.groupby("article_id")["sentence_index"].nunique()
    n_any_of = dict(zip(any_frame.index.tolist(), any_frame.tolist(), strict=True))
    order = {f: i for i, f in enumerate(names)}
    # rows sort by article_id (as text) then dictionary position (the last one of a repeat)
    perm = sorted(range(len(names)), key=lambda j: order[names[j]])
    aids = per_art.index.tolist()
    blocks = sorted(range(len(aids)), key=lambda i: str(aids[i]))
    n_sent_of, n_words_of = per_art["n_sentences"].tolist(), per_art["n_words"].tolist()
    cols: dict[str, list] = {c: [] for c in ARTICLE_FRAME_COLUMNS}
    n_any: list = []
    for i in blocks:
        aid, n_sent, n_words = aids[i], n_sent_of[i], n_words_of[i]
        cells = [found.get((aid, f), (0, 0)) for f in names]
        best = [(f, h) for f, h in cells if f > 0]
        if best:
            top = max(best)
            top = (top[0], max(h for f, h in best if f == top[0]))
            dominant = [f for f, c in zip(names, cells, strict=True) if c == top]
        else:
            dominant = []
        joined = ";".join(dominant)
        a = n_any_of.get(aid, 0)
        for j in perm:
            framed, n_hits = cells[j]
            cols["article_id"].append(aid)
            cols["frame"].append(names[j])
            cols["n_sentences"].append(n_sent)
            cols["n_words"].append(n_words)
            cols["n_sentences_framed"].append(framed)
            cols["n_hits"].append(n_hits)
            cols["hits_per_1000_words"].append(
                round(1000.0 * n_hits / n_words, 6) if n_words else 0.0
            )
            cols["is_dominant"].append(names[j] in dominant)
            cols["dominant_frame"].append(joined)
            n_any.append(a)
    framed_arr = np.asarray(cols["n_sentences_framed"], dtype=np.int64)
    cols["share_of_sentences"] = np.round(
        framed_arr / np.asarray(cols["n_sentences"], dtype=np.int64), 6
    )
    any_arr = np.asarray(n_any, dtype=np.float64)
    share = np.zeros(len(any_arr))
    np.divide(framed_arr, any_arr, out=share, where=any_arr != 0)
    cols["share_of_framed_sentences"] = np.round(share, 6)
    out = pd.DataFrame(cols)
    return out[ARTICLE_FRAME_COLUMNS].astype(
        {
            "article_id": str,
            "frame": str,
            "n_sentences": "int64",
            "n_words": "int64",
            "n_sentences_framed": "int64",
            "n_hits": "int64",
            "is_dominant": bool,
            "dominant_frame": str,
        }
    )


# --------------------------------------------------------------------------------------------
# frame x actor


def frame_actor(
    hits: pd.DataFrame,
    mentions: pd.DataFrame,
    articles: pd.DataFrame | None = None,
    by: Sequence[str] = (),
) -> pd.DataFrame:
    """Sentences where a frame and an actor co-occur (:data:`FRAME_ACTOR_COLUMNS`).

    ``mentions`` is the analysis.actors table (article_id, sentence_index, actor). With ``by``
    (article columns such as ``("outlet",)``) the counts are per group; that needs ``articles``.
    Only pairs that co-occur at least once get a row.
    """
    _check(hits, ["article_id", "sentence_index", "frame"], "hits")
    _check(mentions, ["article_id", "sentence_index", "actor"], "mentions")
    by = list(by)
    h = hits[["article_id", "sentence_index", "frame"]].drop_duplicates()
    m = mentions[["article_id", "sentence_index", "actor"]].drop_duplicates()
    if by:
        if articles is None:
            raise ValueError("frame_actor: grouping by article columns needs the articles table")
        _check(articles, ["article_id", *by], "articles")
        meta = articles.set_index("article_id")[by]
        h, m = h.join(meta, on="article_id"), m.join(meta, on="article_id")
    both = h.merge(m, on=["article_id", "sentence_index", *by])
    keys = [*by, "frame", "actor"]
    out = both.groupby(keys, sort=True).agg(
        n_sentences=("sentence_index", "size"), n_articles=("article_id", "nunique")
    )
    out = out.reset_index()
    n_actor = m.groupby([*by, "actor"]).size().rename("n_actor_sentences")
    n_frame = h.groupby([*by, "frame"]).size().rename("n_frame_sentences")
    out = out.join(n_actor, on=[*by, "actor"]).join(n_frame, on=[*by, "frame"])
    out["share_of_actor_sentences"] = (out["n_sentences"] / out["n_actor_sentences"]).round(6)
    out["share_of_frame_sentences"] = (out["n_sentences"] / out["n_frame_sentences"]).round(6)
    out = out[[*by, *FRAME_ACTOR_COLUMNS]]
    for col in ("n_sentences", "n_actor_sentences", "n_frame_sentences", "n_articles"):
        out[col] = out[col].astype("int64")
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# aggregation and evidence


def per_article_frames(table: pd.DataFrame) -> pd.DataFrame:
    """Numerator and denominator per article x frame x measure from :func:`article_frames`.

    Columns: article_id, frame, measure, numerator, denominator, n. A tie for the dominant
    frame splits the article's one vote equally among the tied frames.
    """
    _check(table, ARTICLE_FRAME_COLUMNS, "article frames")
    ties = table.groupby("article_id")["is_dominant"].transform("sum")
    dom = [1.0 / t if d else 0.0 for d, t in zip(table["is_dominant"], ties, strict=True)]
    base = table[["article_id", "frame"]]
    parts = [
        base.assign(
            measure="share_of_sentences",
            numerator=table["n_sentences_framed"].astype(float),
            denominator=table["n_sentences"].astype(float),
            n=table["n_sentences_framed"],
        ),
        base.assign(
            measure="hits_per_1000_words",
            numerator=table["n_hits"].astype(float),
            denominator=table["n_words"].astype(float),
            n=table["n_hits"],
        ),
        base.assign(
            measure="share_of_articles",
            numerator=(table["n_sentences_framed"] > 0).astype(float),
            denominator=1.0,
            n=(table["n_sentences_framed"] > 0).astype("int64"),
        ),
        base.assign(
            measure="dominant_share",
            numerator=dom,
            denominator=1.0,
            n=table["is_dominant"].astype("int64"),
        ),
    ]
    out = pd.concat(parts, ignore_index=True)
    out["n"] = out["n"].astype("int64")
    return out.sort_values(["article_id", "frame", "measure"], kind="stable").reset_index(drop=True)


def frame_measures(
    sentences: pd.DataFrame,
    hits: pd.DataFrame,
    articles: pd.DataFrame,
    by: Sequence[str] = ("outlet",),
    frames: pd.DataFrame | str | Path | Sequence[str] | None = None,
    n_boot: int = 1000,
    seed: int = 0,
    per_article: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every frame measure per group (``by``: article columns, e.g. ("outlet",), ("event",) or
    () for all) with n, n_articles and a seeded cluster-bootstrap 95% interval.

    Counts the articles of ``articles`` (analysis.scope decides which: the selection, rewrites
    counted once). ``per_article``: :func:`per_article_frames` of :func:`article_frames` of
    (at least) these articles with this dictionary when the caller has it (e.g. of the
    engine's ``article_frames`` table: both are per article, so the same rows); computed from
    ``sentences`` and ``hits`` otherwise. Returns ``[*by, frame, measure, value, ci_low,
    ci_high, n, n_articles, unit]``.
    """
    scope = set(articles["article_id"].astype(str))
    if per_article is not None:
        _check(per_article, ["article_id", "frame", "measure", "numerator", "denominator", "n"],
               "per-article frame measures")  # fmt: skip
        keep = per_article["article_id"].astype(str).isin(scope)
        table = per_article if keep.all() else per_article[keep].reset_index(drop=True)
        return summarize(table, articles, by, n_boot, seed, item="frame", measures=FRAME_MEASURES)
    # only the columns article_frames reads: not a copy of every sentence's text per call
    _check(sentences, ["article_id", "sentence_index", "n_words"], "sentences")
    cols = ["article_id", "sentence_index", "n_words"]
    sent = sentences.loc[sentences["article_id"].astype(str).isin(scope), cols]
    h = hits[hits["article_id"].astype(str).isin(scope)]
    table = per_article_frames(article_frames(sent, h, frames))
    return summarize(table, articles, by, n_boot, seed, item="frame", measures=FRAME_MEASURES)


def frame_evidence(
    hits: pd.DataFrame,
    sentences: pd.DataFrame,
    frame: str | None = None,
    article_ids: Sequence[str] | None = None,
    articles: pd.DataFrame | None = None,
    **where: str,
) -> pd.DataFrame:
    """The hit rows behind a figure, with the sentence text, e.g.
    ``frame_evidence(hits, sents, "conflict", articles=arts, outlet="The Guardian")``.

    Filters: ``frame`` (None = all), ``article_ids``, and equality filters on article columns
    (``**where``, which need ``articles``). Columns: HIT_COLUMNS + text (+ where's columns).
    """
    _check(sentences, ["article_id", "sentence_index", "text"], "sentences")
    out = hits
    if frame is not None:
        if frame not in set(hits["frame"]):
            known = ", ".join(sorted(set(hits["frame"])))
            raise ValueError(f"frame {frame!r} has no hits; frames with hits: {known}")
        out = out[out["frame"] == frame]
    if article_ids is not None:
        out = out[out["article_id"].isin({str(a) for a in article_ids})]
    if where:
        if articles is None:
            raise ValueError("filters on article columns need the articles table")
        _check(articles, ["article_id", *where], "articles")
        keep = articles
        for col, val in where.items():
            keep = keep[keep[col] == val]
        out = out[out["article_id"].isin(set(keep["article_id"].astype(str)))]
        out = out.join(articles.set_index("article_id")[list(where)], on="article_id")
    text = sentences.set_index(["article_id", "sentence_index"])["text"]
    keys = list(zip(out["article_id"], out["sentence_index"], strict=True))
    out = out.assign(text=[text.get(k, "") for k in keys])
    return out.reset_index(drop=True)


TOP_EVIDENCE_COLUMNS: list[str] = [
    "frame", "outlet", "article_id", "sentence_index", "terms", "matches", "text",
]  # fmt: skip


def top_frame_evidence(
    hits: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame
) -> pd.DataFrame:
    """The sentences behind the most used frame (table ``frame_term_evidence``; report view
    ``frame_evidence``): the frame with the most ``hits`` rows (sentence x frame), ties to the
    alphabetically first, and every hit of it in hit order. Columns
    :data:`TOP_EVIDENCE_COLUMNS` (``frame`` is the chosen frame on every row; ``outlet`` from
    ``articles``); empty without any hit."""
    if hits.empty:
        return pd.DataFrame(columns=TOP_EVIDENCE_COLUMNS)
    frame = hits["frame"].value_counts().sort_index().idxmax()
    rows = frame_evidence(hits, sentences, frame, articles=articles)
    rows = rows.merge(articles[["article_id", "outlet"]], on="article_id", how="left")
    return rows[TOP_EVIDENCE_COLUMNS].reset_index(drop=True)

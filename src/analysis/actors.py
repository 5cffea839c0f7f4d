"""Who is mentioned: resolve names and titles of a story's actors to canonical names.

Story catalog (YAML, loaded with ``yaml.safe_load``; the shipped one is
``analysis/data/actors_ukraine_energy_pause.yaml``; pass your own path for another story)::

    version: 1                      # required, any scalar; bump it when you change the file
    story: my-story-id              # required
    actors:                         # required, non-empty list
      - actor: Jane Doe             # canonical name (required)
        type: person                # person | institution (required)
        affiliation: City           # free text, e.g. US, Russia, UN (required)
        names: [Jane Doe, Doe]      # required, non-empty: spellings and surname
        titles: [the mayor]         # optional: phrases that name this actor unambiguously
        surname: Doe                # optional for persons (default: last word of `actor`)
        source: project (v1)        # optional (default "project (v1)")

Matching rules (documented in docs/METHODS.md):

- Names are case-sensitive, between word boundaries; only their first letter may be upper-cased
  when the alias starts lower-case (sentence-initial "The ..."). Titles are case-insensitive
  ("US President" = "US president"). In an alias a space matches any whitespace, ' matches ' or ’,
  and - matches a hyphen or a space ("Secretary-General" = "Secretary General").
- Possessives: "Trump's" / "Trump’s" is a mention of Trump with span "Trump".
- Longest match wins and mentions never overlap; a name inside a title that fires is part of
  the title (in "The UN Secretary-General said" the "UN" is not a separate mention).
- A title is dropped when a personal name is attached to it: followed by a name ("US President
  Donald Trump", "Ukraine's president, Volodymyr Zelenskyy, said") or in apposition after one
  ("Dmitry Peskov, the Kremlin spokesman, said"), or followed by two capitalised words (an
  uncatalogued name). The name is then the mention, and names inside the dropped title still
  count ("UN" in "UN Secretary-General António Guterres").
- A surname alias does not fire inside another person's full name: when directly preceded by a
  capitalised word that is not sentence-initial, not a word of any catalog title, and not an
  honorific, day or month (e.g. "Melania Trump"), or followed by "Jr"/"Sr".

Catalog table (:func:`load_catalog`), one row per alias: actor, type, affiliation, alias, kind
("name" | "title"), surname ("" for institutions), source.

Mentions table (:func:`find_mentions`), one row per mention, sorted by article_id, start:
article_id, sentence_index, actor, type, alias (catalog alias matched), surface (text as it
appears), start, end (offsets in the article's cleaned text), kind, is_headline, is_standfirst,
is_lead (sentence is in the first body paragraph: the first paragraph that is neither headline nor
standfirst), position (the sentence's position, 0-1).
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis import lang
from analysis.datafiles import load_yaml

# The word lists (NOT_GIVEN_NAMES: words that may stand directly before a surname without
# being a first name; ROLE_WORDS) come from the run's language resources (analysis.lang),
# passed as ``language``.

CATALOG_COLUMNS: list[str] = ["actor", "type", "affiliation", "alias", "kind", "surname", "source"]
MENTION_COLUMNS: list[str] = [
    "article_id",
    "sentence_index",
    "actor",
    "type",
    "alias",
    "surface",
    "start",
    "end",
    "kind",
    "is_headline",
    "is_standfirst",
    "is_lead",
    "position",
]
SENTENCE_COLUMNS: list[str] = [
    "article_id",
    "sentence_index",
    "paragraph_index",
    "start",
    "text",
    "position",
    "is_headline",
    "is_standfirst",
]
DEFAULT_CATALOG = "actors_ukraine_energy_pause.yaml"
_TYPES = ("person", "institution")

_APOSTROPHES = "'’"
_WORD = r"[^\W\d_][\w'’-]*"


@dataclass(frozen=True)
class _Alias:
    actor: str
    type: str
    alias: str
    kind: str
    surname: str
    bare: bool = False  # a "the ..." title without its article (:func:`_bare_title_ok`)


@dataclass(frozen=True)
class _Matcher:
    regex: re.Pattern[str]
    names_regex: re.Pattern[str]
    aliases: tuple[_Alias, ...]
    not_given: frozenset[str]
    groups: tuple[_Alias | None, ...] = ()  # regex group number -> alias
    names_groups: tuple[_Alias | None, ...] = ()
    language: ModuleType = lang.DEFAULT  # the run's language resources (analysis.lang)


class _Hit(NamedTuple):
    start: int
    end: int
    alias: _Alias


# --------------------------------------------------------------------------------------------
# catalog


def _catalog_error(path: str, problem: str) -> ValueError:
    return ValueError(f"actor catalog {path}: {problem}")


def _str_list(value: object, path: str, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _catalog_error(path, f"{where} must be a list of non-empty strings")
    return [v.strip() for v in value]


def _parse_catalog(data: object, path: str) -> pd.DataFrame:
    if not isinstance(data, dict):
        raise _catalog_error(path, "top level must be a mapping with version, story, actors")
    for key in ("version", "story", "actors"):
        if key not in data or data[key] in (None, ""):
            raise _catalog_error(path, f"missing top-level field '{key}'")
    actors = data["actors"]
    # a discovery draft (``discovered: true``) may be empty: the corpus named no one
    if not isinstance(actors, list) or not (actors or data.get("discovered") is True):
        raise _catalog_error(path, "'actors' must be a non-empty list")
    rows: list[dict[str, str]] = []
    owner: dict[tuple[str, str], str] = {}
    for i, entry in enumerate(actors):
        rows += _catalog_rows(entry, i, path, owner)
    return pd.DataFrame(rows, columns=CATALOG_COLUMNS).astype(str)


def parse_catalog(data: object, label: str) -> pd.DataFrame:
    """A parsed catalog mapping (as read from YAML) as the catalog table; ``label`` names it in
    errors. Fields other than those of the format are ignored."""
    return _parse_catalog(data, label)


def _catalog_entry(entry: object, i: int, path: str) -> tuple[str, str, str, str]:
    """(actor, type, surname, source) of the catalog's ``actors[i]``, checked."""
    where = f"actors[{i}]"
    if not isinstance(entry, dict):
        raise _catalog_error(path, f"{where} must be a mapping")
    for key in ("actor", "type", "affiliation", "names"):
        if key not in entry or entry[key] in (None, "", []):
            raise _catalog_error(path, f"{where} is missing field '{key}'")
    actor = str(entry["actor"]).strip()
    where = f"actors[{i}] ({actor})"
    kind_of_actor = str(entry["type"]).strip()
    if kind_of_actor not in _TYPES:
        raise _catalog_error(path, f"{where}: type must be person or institution")
    surname = ""
    if kind_of_actor == "person":
        surname = str(entry.get("surname") or actor.split()[-1]).strip()
    source = str(entry.get("source") or "project (v1)").strip()
    return actor, kind_of_actor, surname, source


def _catalog_rows(
    entry: object, i: int, path: str, owner: dict[tuple[str, str], str]
) -> list[dict[str, str]]:
    """One row per new alias of the catalog's ``actors[i]``; ``owner`` (alias key -> actor) is
    updated, and an alias listed for two actors is an error."""
    actor, kind_of_actor, surname, source = _catalog_entry(entry, i, path)
    where = f"actors[{i}] ({actor})"
    aliases = [("name", a) for a in _str_list(entry["names"], path, f"{where}.names")]
    aliases += [("title", a) for a in _str_list(entry.get("titles"), path, f"{where}.titles")]
    rows = []
    for kind, alias in aliases:
        key = (kind, alias.casefold() if kind == "title" else alias)
        if key in owner and owner[key] != actor:
            raise _catalog_error(
                path, f"alias '{alias}' is listed for both {owner[key]} and {actor}"
            )
        if key in owner:
            continue
        owner[key] = actor
        rows.append(
            {
                "actor": actor,
                "type": kind_of_actor,
                "affiliation": str(entry["affiliation"]).strip(),
                "alias": alias,
                "kind": kind,
                "surname": surname,
                "source": source,
            }
        )
    return rows


def load_catalog(path: str | Path | None = None) -> pd.DataFrame:
    """Read a story catalog (YAML) into one row per alias; ``None`` loads the shipped catalog.

    Columns: actor, type, affiliation, alias, kind, surname, source. Raises ValueError naming the
    file for YAML syntax errors and missing or malformed fields.
    """
    label, data = load_yaml(path, DEFAULT_CATALOG, "actor catalog")
    return _parse_catalog(data, label)


# --------------------------------------------------------------------------------------------
# matching


def _alias_pieces(alias: str, kind: str) -> list[str]:
    """Regex pieces of an alias, one per character (a whitespace run is one piece)."""
    parts: list[str] = []
    for i, ch in enumerate(alias):
        if ch.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
        elif ch in _APOSTROPHES:
            parts.append("['’]")
        elif ch == "-":
            parts.append(r"[-‐‑\s]")
        elif i == 0 and kind == "name" and ch.islower():
            parts.append(f"[{ch}{ch.upper()}]")
        else:
            parts.append(re.escape(ch))
    return parts


def _with_case(body: str, kind: str) -> str:
    return f"(?i:{body})" if kind == "title" and body else body


_Piece = tuple[str, bool]  # (regex piece, case-insensitive)
_SPACE_RUN = r"\s+"
_HYPHEN = r"[-‐‑\s]"


def _label(piece: _Piece) -> str | None:
    """Pieces with different labels never match the same character; None: not known."""
    p = piece[0]
    if p in (_SPACE_RUN, _HYPHEN):
        return " "
    if p == "['’]":
        return "'"
    ch = p[1:] if len(p) == 2 and p[0] == "\\" else p
    if len(ch) != 1 or not ch.isascii() or ch.isspace():
        return None
    return " " if ch == "-" else ch.lower()


def _emit(pieces: list[_Piece]) -> str:
    out: list[str] = []
    for k, (p, ci) in enumerate(pieces):
        if ci and (k == 0 or not pieces[k - 1][1]):
            out.append("(?i:")
        out.append(p)
        if ci and (k == len(pieces) - 1 or not pieces[k + 1][1]):
            out.append(")")
    return "".join(out)


def _trie(alts: list[tuple[list[_Piece], int]]) -> tuple[str, list[int]]:
    """Alternation of (pieces, alias index) in priority order, each ending in an empty capture
    group (its number identifies the alias); returns the regex and the aliases in group order.

    Factored into a prefix trie that matches exactly as the flat alternation: alternatives are
    regrouped by the label of their next piece (groups never match the same character), an
    alternative ending here (the shortest) stays last, and a shared piece is factored out only
    when it can match in one way (not a whitespace run that a later piece could backtrack into).
    """
    groups: dict[str, list[tuple[list[_Piece], int]]] = {}
    for k, (a, _) in enumerate(alts):
        label = _label(a[0]) if a else ""
        if label is None or (not a and k != len(alts) - 1):
            return "(?:" + "|".join(_emit(a) + "()" for a, _ in alts) + ")", [i for _, i in alts]
        if a:
            groups.setdefault(label, []).append(alts[k])
    parts: list[str] = []
    leaves: list[int] = []
    for members in groups.values():
        # within a group, runs of consecutive alternatives with the same first piece
        runs: list[list[tuple[list[_Piece], int]]] = []
        for m in members:
            if runs and runs[-1][0][0][0] == m[0][0]:
                runs[-1].append(m)
            else:
                runs.append([m])
        for run in runs:
            head = run[0][0][0]
            rests = [(a[1:], i) for a, i in run]
            one_way = head[0] != _SPACE_RUN or all(
                r and _label(r[0]) not in (None, " ") for r, _ in rests
            )
            if len(run) > 1 and one_way:
                body, sub = _trie(rests)
                parts.append(_emit([head]) + body)
                leaves.extend(sub)
            else:
                parts.extend(_emit(a) + "()" for a, _ in run)
                leaves.extend(i for _, i in run)
    if not alts[-1][0]:
        parts.append("()")
        leaves.append(alts[-1][1])
    return "(?:" + "|".join(parts) + ")", leaves


def _first_chars(alias: _Alias) -> set[str]:
    c = alias.alias[0]
    if c in _APOSTROPHES:
        return set(_APOSTROPHES)
    if alias.kind == "title" or c.islower():
        return {c.lower(), c.upper()}
    return {c}


def _catalog_key(catalog: pd.DataFrame) -> tuple[tuple[str, str, str, str, str], ...]:
    missing = [c for c in ("actor", "type", "alias", "kind", "surname") if c not in catalog]
    if missing:
        raise ValueError(f"actor catalog table is missing columns: {', '.join(missing)}")
    cols = catalog[["actor", "type", "alias", "kind", "surname"]].astype(str)
    return tuple(zip(*(cols[c].tolist() for c in cols.columns), strict=True))


@functools.lru_cache(maxsize=32)
def _compile(
    key: tuple[tuple[str, str, str, str, str], ...], language: ModuleType = lang.DEFAULT
) -> _Matcher:
    aliases = tuple(_Alias(*row) for row in key)
    bad = sorted({a.kind for a in aliases} - {"name", "title"})
    if bad:
        raise ValueError(f"actor catalog table: unknown kind(s) {bad}; expected name or title")
    # "the EPA chief" also as "this EPA chief", "Doe's EPA chief", a headline's "EPA chief says":
    # the title without its article, kept only after such a word (_bare_title_ok)
    have = {(a.alias.lower(), a.actor) for a in aliases}
    aliases += tuple(
        _Alias(a.actor, a.type, a.alias[4:], "title", a.surname, True)
        for a in aliases
        if a.kind == "title"
        and a.alias[:4].lower() == "the "
        and len(a.alias) > 6
        and (a.alias[4:].lower(), a.actor) not in have
    )
    # Longest alias first: at a given start position the regex takes the first alternative that
    # matches, so this ordering makes the longest alias win.
    order = sorted(range(len(aliases)), key=lambda i: (-len(aliases[i].alias), aliases[i].alias))

    def alternation(kinds: tuple[str, ...]) -> tuple[re.Pattern[str], tuple[_Alias | None, ...]]:
        # One branch per first character, each holding (in longest-first order) the aliases whose
        # first piece matches that character, factored into a trie (_trie): the engine then
        # tries only the aliases that fit, with the same priorities as one flat alternation.
        members = [i for i in order if aliases[i].kind in kinds]
        pieces = {i: _alias_pieces(aliases[i].alias, aliases[i].kind) for i in members}
        first = sorted({c for i in members for c in _first_chars(aliases[i])})
        groups: list[_Alias | None] = [None]
        branches: list[str] = []
        for c in first:
            alts: list[tuple[list[_Piece], int]] = []
            for i in members:
                kind = aliases[i].kind
                if re.fullmatch(_with_case(pieces[i][0], kind), c):
                    alts.append(([(p, kind == "title") for p in pieces[i][1:]], i))
            if alts:
                body, leaves = _trie(alts)
                branches.append(re.escape(c) + body)
                groups.extend(aliases[i] for i in leaves)
        body = "|".join(branches) or "(?!)"
        # a name may also start right after an upper-case run glued to it, a teaser line that
        # lost its line break ("GET THE FOX NEWS APPGaetz said")
        start = r"(?:(?<!\w)|(?<=[A-Z]{3})(?=[A-Z][a-z]))"
        # every branch opens with one of ``first``: saying so first lets re reject the other
        # positions before it evaluates the lookbehinds (same matches, ~20% less scanning)
        lead = f"(?=[{''.join(map(re.escape, first))}])" if first else ""
        return re.compile(rf"{lead}{start}(?:{body})(?![\w])"), tuple(groups)

    title_words = {
        w.strip(".'’").capitalize()
        for a in aliases
        if a.kind == "title"
        for w in re.split(r"[\s-]+", a.alias)
    }
    regex, groups = alternation(("name", "title"))
    names_regex, names_groups = alternation(("name",))
    # function words capitalised before a surname ("During Roe's testimony", a headline's
    # "Another Roe-Era Rule") are no first names either; "Will" may be one
    function = {w.capitalize() for w in lang.load_stopwords(None, language) if w != "will"}
    not_given = language.NOT_GIVEN_NAMES | frozenset(title_words) | frozenset(function)
    return _Matcher(regex, names_regex, aliases, not_given, groups, names_groups, language)


def _matcher(catalog: pd.DataFrame, language: ModuleType = lang.DEFAULT) -> _Matcher:
    return _compile(_catalog_key(catalog), language)


_LONG_WORDS = re.compile(r"[^\W\d_]{4,}")
_PREV_WORD = re.compile(rf"({_WORD})\s+$")
_PREV_WINDOW = 200
_SUFFIX = re.compile(r"\s*,?\s*(?:Jr|Sr)\b")
_UNKNOWN_NAME_AFTER = re.compile(r"\s+([A-Z][\w'’-]*)\s+([A-Z][\w'’-]*)")
_APPOSITION_GAP = re.compile(r"\s*,\s*(?:(?:the|a|an|his|her|its|their)\s+)?", re.IGNORECASE)
_CLOSES_APPOSITION = re.compile(r"\s*(?:[,;:)\u2013\u2014.!?]|$)")


def _is_letter(ch: str) -> bool:
    r"""``ch`` matches ``[^\W\d_]`` (str patterns: alphanumeric, not a decimal digit)."""
    return ch.isalnum() and not ch.isdecimal()


def _prev_word(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """Span of group 1 of ``_PREV_WORD.search(text, lo, hi)`` (the word before the whitespace
    that ends ``text[lo:hi]``), found by walking back from ``hi`` instead of trying every
    position of the window; None when that search finds nothing."""
    k = hi
    while k > lo and text[k - 1].isspace():
        k -= 1
    if k == hi:
        return None  # no whitespace before hi
    run = k  # the word is the tail of the run of [\w'’-] characters ending at k
    while run > lo and (text[run - 1].isalnum() or text[run - 1] in "_'’-"):
        run -= 1
    for p in range(run, k):  # it starts at the run's first letter (the leftmost match)
        if _is_letter(text[p]):
            return (p, k)
    return None


def _inside_other_name(
    text: str, hit: _Hit, not_given: frozenset[str], prev_end: int, initial_ok: bool
) -> bool:
    """True when a surname alias is part of someone else's full name ("Melania Trump").

    With ``initial_ok`` a capitalised sentence-initial word ("Both Trump and ...") is not taken
    as a first name."""
    # search a window before the hit, not the whole text: linear time on very long sentences
    lo = max(0, hit.start - _PREV_WINDOW)
    found = _prev_word(text, lo, hit.start)
    if found is None or found[0] < prev_end:
        return False
    if found[0] == lo and lo > 0 and not text[lo - 1].isspace():
        return False  # a word longer than the window is no first name
    word = text[found[0] : found[1]]
    if not word[0].isupper() or word.strip(".").capitalize() in not_given:
        return False
    if len(word) > 3 and word.endswith("s") and word[:-1].capitalize() in not_given:
        return False  # a plural title: "Presidents Roe and Doe"
    if not initial_ok:
        return True
    j = found[0]
    while j > 0 and text[j - 1].isspace():
        j -= 1
    return j > 0 and text[j - 1] not in "“\"'‘(–—:.!?"


# a body's one-word name that is also a common word ("House", "Hill", "Senate", "Times")
_COMMON_WORD = re.compile(r"[A-Z][a-z]+")
# capitalised words before a body's name that qualify the body itself, not another name: party
# and national adjectives ("the Democratic House", "the British Parliament")
_ADJECTIVE_ENDS = ("an", "ic", "ish", "ese")


def _inside_longer_name(text: str, hit: _Hit, not_given: frozenset[str], prev_end: int) -> bool:
    """Is a body's one-word name (a common word: "House", "Hill", "Times") the last word of a
    longer capitalised name the catalog does not hold ("White House", "Capitol Hill",
    "Financial Times")? The word before must be capitalised prose: not sentence- or
    quote-initial, no honorific, title word or function word (``not_given``), no possessive,
    hyphenated compound, acronym or party or national adjective ("Trump's EPA",
    "GOP-controlled Senate", "U.S. Senate", "the Republican Senate")."""
    if not _inside_other_name(text, hit, not_given, prev_end, True):
        return False
    found = _prev_word(text, max(0, hit.start - _PREV_WINDOW), hit.start)
    if found is None:
        return False
    word = text[found[0] : found[1]]
    if (
        word.isupper()
        or any(c in word for c in "'’-.")
        or word.endswith(_ADJECTIVE_ENDS)
        or text[found[1] : hit.start] not in (" ", "\t")
    ):
        return False
    # a run of capitalised words is a headline's title case ("Promises A Deal Congress Can't
    # Refuse"), no evidence of a longer name
    before = _prev_word(text, max(0, found[0] - 40), found[0])
    return before is None or not text[before[0]].isupper()


def _find(
    regex: re.Pattern[str], groups: tuple[_Alias | None, ...], text: str, pos: int, endpos: int
) -> Iterator[_Hit]:
    # each alternative ends in an empty group: lastindex says which alias matched
    for m in regex.finditer(text, pos, endpos):
        yield _Hit(m.start(), m.end(), groups[m.lastindex])  # type: ignore[arg-type,index]


def _is_title_case(text: str) -> bool:
    """Headline-style capitalisation: most words capitalised ("Talks Between Trump and Putin")."""
    words = _LONG_WORDS.findall(text)  # letter runs of 4+ letters: content words, roughly
    if len(words) < 3:
        return False
    return sum(map(str.isupper, map(itemgetter(0), words))) >= 0.9 * len(words)


def _scan(text: str, matcher: _Matcher, initial_ok: bool = True) -> list[_Hit]:
    """All non-overlapping mentions in one text, after the title and surname rules."""
    # in title case every word is capitalised, so a capital before a surname is no evidence
    check_given: bool | None = None  # computed on first need: most texts have no surname hit
    hits: list[_Hit] = []
    prev_end = -1
    has_title = False
    for hit in _find(matcher.regex, matcher.groups, text, 0, len(text)):
        a = hit.alias
        if a.kind == "name" and a.type == "person":
            if _SUFFIX.match(text, hit.end):
                prev_end = hit.end
                continue
            if a.alias == a.surname:
                if check_given is None:
                    check_given = not _is_title_case(text)
                if check_given and _inside_other_name(
                    text, hit, matcher.not_given, prev_end, initial_ok
                ):
                    prev_end = hit.end
                    continue
        elif (
            a.kind == "name"
            and a.type == "institution"
            and _COMMON_WORD.fullmatch(text, hit.start, hit.end)
        ):
            if check_given is None:
                check_given = not _is_title_case(text)
            if check_given and _inside_longer_name(text, hit, matcher.not_given, prev_end):
                prev_end = hit.end
                continue
        elif a.kind == "title":
            has_title = True
        hits.append(hit)
        prev_end = hit.end
    return _settle_titles(text, hits, matcher) if has_title else hits


def _drop_title(text: str, hits: list[_Hit], i: int, matcher: _Matcher) -> bool:
    """Is the title hits[i] no mention: a "the ..." title without its article where that
    article is needed, one before a sector noun, one with a personal name attached, or one
    of another office ("former president")?"""
    hit = hits[i]
    return (
        (hit.alias.bare and not _bare_title_ok(text, hit))
        or _sector_after(text, hit.end, matcher.language)
        or _title_has_name(text, hits, i, matcher.language.NOT_GIVEN_NAMES)
        or _modified_title(text, hit, matcher.language.TITLE_MODIFIERS)
    )


def _settle_titles(text: str, hits: list[_Hit], matcher: _Matcher) -> list[_Hit]:
    """The hits with the titles that are no mention (:func:`_drop_title`) replaced by the names
    inside them."""
    keep: list[_Hit] = []
    rescued = False
    for i, hit in enumerate(hits):
        if hit.alias.kind == "title" and _drop_title(text, hits, i, matcher):
            # the name is the mention; names inside the dropped title still count
            # ("UN" in "UN Secretary-General António Guterres"), and so does a name that starts
            # inside it and runs on ("the Utility Water Group" read as the title "the utility")
            for m in matcher.names_regex.finditer(text, hit.start):
                if m.start() >= hit.end:
                    break
                keep.append(_Hit(m.start(), m.end(), matcher.names_groups[m.lastindex]))  # type: ignore[index]
                rescued = True
            continue
        keep.append(hit)
    if rescued:  # a name that ran on past the dropped title wins over what it overlaps
        out: list[_Hit] = []
        for h in sorted(keep, key=lambda h: (h.start, -h.end)):
            if not out or h.start >= out[-1].end:
                out.append(h)
        keep = out
    return keep


# words before a title without its article that point at one known referent: "this EPA chief",
# "his EPA administrator"; an institution's also after "a" ("a conservative group", gold rules
# 67 and 75)
_DEMONSTRATIVES = frozenset({"this", "that"})
_POSSESSIVE_DETS = frozenset({"his", "her", "its", "their", "our"})
_OPENERS = "\"“‘'(–—:"


_NEXT_LOWER = re.compile(r"\s+([a-z]+)\b")


def _sector_after(text: str, end: int, lg: ModuleType) -> bool:
    """Does a sector noun follow a title ("the utility industry": the sector, no one body)?"""
    m = _NEXT_LOWER.match(text, end)
    return m is not None and m.group(1) in lg.SECTOR_NOUNS


def _bare_title_ok(text: str, hit: _Hit) -> bool:
    """Is a catalog title written without its "the" a mention here? After "this"/"that"; a
    title of two words or more also after a possessive ("his", "Doe's"), at the start of a
    sentence or quotation (a headline: "EPA chief says ..."), and an institution's after
    "a"/"an"."""
    j = hit.start
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    several = " " in hit.alias.alias.strip()
    if j == 0 or text[j - 1] in _OPENERS or text[j - 1] in "\n":
        return several
    prev = _prev_word(text, max(0, j - 40), hit.start)
    if prev is None:
        return False
    word = text[prev[0] : prev[1]]
    low = word.lower()
    if low in _DEMONSTRATIVES:
        return True
    if not several:
        return False
    if low in _POSSESSIVE_DETS or (word[:1].isupper() and low.endswith(("'s", "’s"))):
        return True
    return hit.alias.type == "institution" and low in ("a", "an")


def _modified_title(text: str, hit: _Hit, modifiers: frozenset[str]) -> bool:
    """Is the title preceded by a word that makes it another office ("deputy EPA
    administrator", "former president")?"""
    if "ex" in modifiers and text[max(0, hit.start - 3) : hit.start].lower() == "ex-":
        return True
    prev = _prev_word(text, max(0, hit.start - 30), hit.start)
    return prev is not None and text[prev[0] : prev[1]].lower() in modifiers


def _is_person_name(hit: _Hit) -> bool:
    return hit.alias.kind == "name" and hit.alias.type == "person"


def _title_has_name(text: str, hits: list[_Hit], i: int, not_given: frozenset[str]) -> bool:
    """Is a personal name attached to the title hits[i] (before or after it)? ``not_given``:
    the language's words that are not first names."""
    title = hits[i]
    if i + 1 < len(hits) and _is_person_name(hits[i + 1]):
        nxt = hits[i + 1]
        gap = text[title.end : nxt.start]
        if gap.strip() == "" and gap:
            return True
        if gap.strip() == "," and _CLOSES_APPOSITION.match(text, nxt.end):
            return True
    if i > 0 and _is_person_name(hits[i - 1]):
        prev = hits[i - 1]
        if _APPOSITION_GAP.fullmatch(text, prev.end, title.start) and _CLOSES_APPOSITION.match(
            text, title.end
        ):
            return True
    m = _UNKNOWN_NAME_AFTER.match(text, title.end)
    if m and not (i + 1 < len(hits) and hits[i + 1].start < m.end()):
        # a two-word capitalised name not in the catalog ("Russian President Boris Yeltsin")
        return all(w.strip(".") not in not_given for w in m.groups())
    return False


# one to four words, then a two-word name: one regex per word count, since the role word may be
# any of them ("Senate Majority Leader Mitch McConnell")
_WORDS_THEN_NAME = tuple(
    re.compile(
        rf"(?:['’]s)?((?:\s+[A-Za-z][\w-]*\.?){{{k}}}),?\s+(?=[A-Z][\w'’.-]*\s+[A-Z][\w'’-])"
    )
    for k in range(1, 5)
)
_APPOSITION_BEFORE = re.compile(
    r"[A-Z][\w'’.-]+,\s+(?:(?:the|a|an)\s+)?(?:[\w'’-]+\s+){0,4}$", re.IGNORECASE
)
# the rest of an apposition after the body: up to four words (a possessive or quoted words
# too: "the director of the X's "Clean Air" campaign.") to a comma, a cue or the sentence's end
_APPOSITION_AFTER = re.compile(
    r"(?:['’]s)?(?:\s+[\"“”']?[\w'’-]+[\"“”']?){0,4}?\s*(?:,|[.;:)](?!\w)|\s+(?:said|says|told)\b|$)"
)
# "Jane Roe, (a former aide) who now leads the X", "Roe, who led the X's transition team":
# the job of a named person in a relative clause (gold rule 63), not the body
_WHO_ROLE = re.compile(
    r"[A-Z][\w'’.-]*,\s+(?:[^,.;:()\"“”]{0,80}?\s)?who\s+(?:[a-z]+\s+){0,2}?"
    r"(?:lead|leads|led|head|heads|headed|run|runs|ran|direct|directs|directed|chair|chairs|"
    r"chaired|oversee|oversees|oversaw|manage|manages|managed)\s+"
    r"(?:[\w'’-]+\s+){0,5}?(?:(?:at|of|in|for)\s+)?(?:the\s+)?$"
)
_PLACE_BEFORE = re.compile(
    r"\b(?:at|outside|inside|near)\s+the\s+$|\b(?:in|on|onto|into|to|at)\s+(?:the|his|her|their)\s+$",
    re.I,
)
# the two words after a body in an apposition ("Jane Doe, a senior Tide Agency adviser and
# ..."): a role there makes the body part of the person's title
_NAME_COMMA_DET = re.compile(r"[A-Z][\w'’-]*,\s+(?i:the|a|an)\s")
_ROLE_NEXT = re.compile(r"(?:\s+[\w'’-]+){1,2}")
# going to, coming from, visiting, leaving or joining a building is the place or the job, not
# the body acting (gold rule 40: "has left the White House", "on his way back to the Vatican")
_MOTION_BEFORE = re.compile(
    r"\b(?:(?:return(?:s|ed|ing)?|back|home|way|trip|visits?|went|go(?:es|ing)?|came|"
    r"com(?:e|es|ing)|arriv(?:e|es|ed|ing)|fl(?:y|ew|ies|ying)|mov(?:e|es|ed|ing))\s+"
    r"(?:\w+\s+)?(?:to|from|into)|visit(?:s|ed|ing)?)\s+the\s+$",
    re.I,
)
# leaving or joining a building is leaving or taking the job; leaving or joining any other body
# is membership, a mention of it ("joined the Sierra Club")
_LEAVE_BEFORE = re.compile(r"\b(?:left|leav(?:e|es|ing)|join(?:s|ed|ing)?)\s+the\s+$", re.I)
_BUILDING_END = re.compile(r"(?:House|Kremlin|Vatican|Pentagon|Capitol|Palace|Street)$")
_PLACE_AFTER = re.compile(
    r"\s+[A-Z][a-z]+\s+(?:Garden|Room|Office|Lawn|Wing|Gate)\b|\s+(?:lawn|floor|office)\b"
)
# "As head of the Tide Agency, ...": the office a person holds, not the body
_AS_ROLE_OF = re.compile(
    r"\bAs\s+(?:the\s+|a\s+|an\s+)?((?:[\w-]+\s+){0,2}?[\w-]+)\s+of\s+(?:the\s+)?$"
)


# "resigned as administrator of the Tide Agency", "the acting director of the Tide Agency":
# an office held by a person (gold rule 63), not the body
_HELD_ROLE_OF = re.compile(
    r"\b(?:as|acting|current|former|then|interim)\s+(?:(?:acting|deputy)\s+)?"
    r"([\w-]+)\s+of\s+(?:the\s+)?$"
)
# "a deputy chief at the Tide Agency", "Doe's successor at the Tide Agency": the person's office
# (gold rule 63), not the body; working at a body without a role is a mention of it
_ROLE_AT = re.compile(r"([\w-]+)\s+(?:at|in)\s+the\s+(?:[\w-]+['’]s\s+)?$")
# "Jane Roe, an oceanographer at Tide Lab and ...": a role at a body with no "the", only in an
# apposition right after a name (an unnamed "uncle who was a professor at X" keeps X: rule 2)
_NAMED_ROLE_AT = re.compile(
    r"[A-Z][\w'’-]*,\s+(?i:the|a|an)\s+(?:[\w-]+\s+){0,2}?([\w-]+)\s+(?:at|in)\s+$"
)
# "said Jane Roe from the Tide League", "Jane Roe of the Tide League": a two-word capitalised
# name the catalog lacks, then "of"/"from" and the body (gold rule 60)
_NAME_FROM = re.compile(r"\b([A-Z][\w'’-]+)\s+([A-Z][\w'’-]+)\s+(?:of|from)\s+(?:the\s+)?$")
# "Jane Roe of the Tide League said": the person's affiliation (gold rule 60), after a name hit
_OF_GAP = re.compile(r"\s+of\s+(?:the\s+)?")
_OFFICE_NOUNS = frozenset(
    {"successor", "predecessor", "replacement", "assistant", "specialist", "staffer"}
)
# role words that mostly modify another noun ("press conference", "executive branch")
_MODIFIER_ROLES = frozenset({"press", "executive", "general", "deputy"})
# "a top Tide Agency official", "the Tide Agency official said", "the next Tide Agency chief":
# a person the article may never name, so the body keeps its mention (gold rule 2), unless the
# phrase is predicated of someone ("who was an Tide Agency official", "as a Tide Agency aide")
_UNNAMED_BEFORE = re.compile(
    r"(?<!\bwas )(?<!\bis )(?<!\bas )(?<!\bbe )(?<!\bbeen )"
    r"\b(?:[Aa]n?|[Oo]ne|[Aa]nother|[Tt]he)\s+(?:(?:senior|top|high-ranking|next|same)\s+)?$"
)
# a body right before a singular role noun, up to two lower-case words between ("the Tide
# Agency's acting chief", "a Tide Agency policy adviser"): the body is in one person's title
_NEXT_WORDS = re.compile(r"(?:['’]s)?((?:\s+[A-Za-z][\w-]*){1,3})")
_ROLE_GAP_STOP = frozenset(
    {"of", "for", "in", "at", "on", "and", "to", "the", "a", "an", "by", "as", "or", "with", "from"}
)  # ("Tide Agency rules as president": the president is no role of the body)


def _role_after(text: str, end: int, role_words: frozenset[str]) -> bool:
    """Is a singular role noun among the (up to) three words after ``end``, with only
    lower-case modifiers before it ("'s acting chief", " policy adviser")?"""
    m = _NEXT_WORDS.match(text, end)
    if m is None:
        return False
    for k, word in enumerate(m.group(1).split()):
        w = word.lower()
        if w in role_words and w not in _MODIFIER_ROLES:
            return True
        if (k and not word.islower()) or w in _ROLE_GAP_STOP or _VERB_LIKE.fullmatch(w):
            return False
    return False


# a clause, not a title, between a body and a name ("the council narrowly approved Mayor X")
_VERB_LIKE = re.compile(r"\b[a-z]+(?:ed|ly)\b")


def _has_role(words: str, role_words: frozenset[str]) -> bool:
    # a hyphenated compound has the role of its last part ("co-chair", "co-founder")
    return any(
        (w := word.lower().strip(",.")) in role_words or w.rsplit("-", 1)[-1] in role_words
        for word in words.split()
    )


def _analyst_counts(
    text: str,
    hits: list[_Hit],
    role_words: frozenset[str],
    sub_heads: frozenset[str] = frozenset(),
    lg: ModuleType = lang.DEFAULT,
) -> list[_Hit]:
    """Drop institution hits an analyst does not count as mentions of the body: inside a
    person's title ("White House press secretary Sean Spicer", "EPA chief Scott Pruitt", "Sean
    Spicer, the White House press secretary,"), a building as a place ("at the White House",
    "in the White House Rose Garden"; one goes to, comes from, visits, leaves or joins: "has
    left the White House", "on his way back to the Vatican"), the office a person holds ("As
    head of the EPA, ..."), and a body named with another (:func:`_named_with_another`)."""
    keep: list[_Hit] = []
    for i, h in enumerate(hits):
        if h.alias.type != "institution":
            keep.append(h)
            continue
        paren = _PAREN_ACRONYM.match(text, h.end)  # "X Agency (XA) Administrator Jane Roe"
        end = paren.end() if paren else h.end
        if any(
            (after := words.match(text, end))
            and _has_role(after.group(1), role_words)
            and not _VERB_LIKE.search(after.group(1))
            for words in _WORDS_THEN_NAME
        ):
            continue  # followed by a role and a name
        if _role_after(text, h.end, role_words) and (
            text.startswith(("'s", "’s"), h.end)
            or not _UNNAMED_BEFORE.search(text, max(0, h.start - 40), h.start)
        ):
            continue  # "as Tide Agency chief", "Doe, Tide Agency policy adviser": a title
        as_role = _AS_ROLE_OF.search(text, max(0, h.start - 60), h.start) or _HELD_ROLE_OF.search(
            text, max(0, h.start - 60), h.start
        )
        if as_role and _has_role(as_role.group(1), role_words):
            continue  # "As head of the Tide Agency, she ...": the person's office (gold rule 50)
        before = _APPOSITION_BEFORE.search(text, max(0, h.start - 80), h.start)
        if before:
            tail = _APPOSITION_AFTER.match(text, h.end)
            if tail and (
                _has_role(before.group(0).split(",", 1)[1], role_words)
                or _has_role(tail.group(0), role_words - _MODIFIER_ROLES)
            ):
                continue  # inside an apposition that gives a person's role
            nxt = _ROLE_NEXT.match(text, h.end)
            if (
                _NAME_COMMA_DET.match(before.group(0))
                and nxt
                and _has_role(nxt.group(0), role_words)
            ):
                continue  # "Jane Doe, a senior Tide Agency adviser and ...": her title
        if (
            _in_a_job(text, hits, i, role_words, lg.NOT_PERSON_NAME_WORDS)
            or _building_as_place(text, h)
            or _seat_or_medium(text, h, lg.PLATFORMS)
        ):
            continue
        if _named_with_another(text, hits, i, sub_heads):
            continue
        keep.append(h)
    return keep


def _in_a_job(
    text: str,
    hits: list[_Hit],
    i: int,
    role_words: frozenset[str],
    not_names: frozenset[str] = frozenset(),
) -> bool:
    """Is the body hits[i] in a named person's job or affiliation (gold rules 60, 63): "Roe,
    who now leads the X", "Jane Roe of the X", "a deputy chief at the X", "an assistant in the
    X's Office"?"""
    h = hits[i]
    if _WHO_ROLE.search(text, max(0, h.start - 200), h.start):
        return True
    if i and _is_person_name(hits[i - 1]) and _OF_GAP.fullmatch(text, hits[i - 1].end, h.start):
        return True
    if _unknown_name_of(text, h, role_words | not_names):
        return True
    named_at = _NAMED_ROLE_AT.search(text, max(0, h.start - 60), h.start)
    if named_at and _has_role(named_at.group(1), role_words):
        return True
    role_at = _ROLE_AT.search(text, max(0, h.start - 60), h.start)
    return role_at is not None and (
        _has_role(role_at.group(1), role_words) or role_at.group(1) in _OFFICE_NOUNS
    )


def _unknown_name_of(text: str, h: _Hit, not_names: frozenset[str]) -> bool:
    """Is the body right after "<First> <Last> of/from (the)", a person's name the catalog
    lacks ("said Jane Roe from the Tide League")? Words of a title, function words and
    body heads ("Secretary of", "Bank of") are no name."""
    m = _NAME_FROM.search(text, max(0, h.start - 60), h.start)
    if m is None:
        return False
    return not any(w.lower() in not_names or w.isupper() for w in m.groups())


def _building_as_place(text: str, h: _Hit) -> bool:
    """Is the body a building as a place ("at the White House", "in the White House"; "in the
    House" is the chamber at work) or a room of it ("the White House Rose Garden"), or a place
    one goes to, comes from, leaves or joins ("on his way back to the Vatican")?"""
    if _MOTION_BEFORE.search(text, max(0, h.start - 40), h.start) or (
        _BUILDING_END.search(text, h.start, h.end)
        and _LEAVE_BEFORE.search(text, max(0, h.start - 20), h.start)
    ):
        return True
    place = _PLACE_BEFORE.search(text, max(0, h.start - 12), h.start)
    if place is None:
        return False
    prep = place.group(0).lower()
    if (
        prep.startswith(("at", "outside", "inside", "near", "in "))
        and _BUILDING_END.search(text, h.start, h.end)
        and (" " in text[h.start : h.end] or not prep.startswith("in "))
    ):
        return True
    return _PLACE_AFTER.match(text, h.end) is not None


# a body as the seat one runs for or holds, not the body acting (gold rules 40, 84: "a Senate
# seat", "his House bid", "the race for the Senate", "lost his seat in Congress")
_SEAT_AFTER = re.compile(
    r"\s+(?:seats?|races?|bids?|run|campaigns?|candidac(?:y|ies)|hopefuls?|contests?)\b"
)
_SEAT_BEFORE = re.compile(
    r"\b(?:seats?|races?|bids?|run|runs|running|ran|campaign(?:s|ed|ing)?|elected|election|"
    r"re-?election|candidate|nominee)\s+(?:in|for|to|on)\s+(?:the\s+)?$|\bhalls\s+of\s+(?:the\s+)?$",
    re.I,
)
# a social platform as the medium ("posted on Twitter", "took to Facebook"), not the company
# acting ("Twitter suspended the account": gold rule 16)
_MEDIUM_BEFORE = re.compile(r"\b(?:on|to|via|across)\s+(?:the\s+)?$", re.I)


def _seat_or_medium(text: str, h: _Hit, platforms: frozenset[str]) -> bool:
    """Is the body a seat, race or office one runs for or holds ("a Senate seat", "the race
    for the White House"), or a social platform as a medium ("wrote on Twitter")?"""
    if _SEAT_AFTER.match(text, h.end) or _SEAT_BEFORE.search(text, max(0, h.start - 30), h.start):
        return True
    surface = text[h.start : h.end]
    return surface.lower() in platforms and bool(
        _MEDIUM_BEFORE.search(text, max(0, h.start - 12), h.start)
    )


def _named_with_another(text: str, hits: list[_Hit], i: int, sub_heads: frozenset[str]) -> bool:
    """Is the body hits[i] no mention of its own because of the names around it (issue #16):
    an acronym in brackets right after its full name ("Group of Seven (G7)", "the Panel on
    Tides' (PT)"), a parent right before a sub-body's name ("the UN's Panel on Tides", gold rule
    41), inside another body's name ("the House Oversight Subcommittee", "the White House's
    Office of X", gold rule 31), or a wire credit in a dateline ("Springfield (AP) The council
    ...")?"""
    h = hits[i]
    if (
        i
        and hits[i - 1].alias.actor == h.alias.actor
        and text[hits[i - 1].end : h.start] in _ACRONYM_GAPS
    ):
        return True
    if (
        i + 1 < len(hits)
        and hits[i + 1].alias.type == "institution"
        and hits[i + 1].alias.kind == "name"
        and hits[i + 1].alias.actor != h.alias.actor
        and _PARENT_GAP.fullmatch(text, h.end, hits[i + 1].start)
        and _is_sub_body(hits[i + 1].alias.actor, sub_heads)
    ):
        return True
    inner = _NAME_AFTER.match(text, h.end)
    if inner and any(w.lower() in sub_heads for w in inner.group(0).split()):
        return True
    dateline = _DATELINE.match(text, h.start - 1) if h.start else None
    return bool(dateline) and dateline.end() > h.end


@functools.cache
def _is_sub_body(actor: str, heads: frozenset[str]) -> bool:
    """Is ``actor`` named with a head word of a body that can belong to a parent body?"""
    return any(w.lower() in heads for w in re.findall(r"[^\W\d_]+", actor))


# capitalised words right after a body, up to a head word: another body's name around it
_NAME_AFTER = re.compile(
    r"(?:['’]s)?[ \t]+[A-Z][\w&-]*\b(?!\.\s)"
    r"(?:[ \t]+(?:(?:and|of|on|for)[ \t]+)?[A-Z][\w&-]*\b(?!\.\s)){0,4}"
)
_PAREN_ACRONYM = re.compile(r"\s*\([A-Z][A-Za-z.&-]{0,9}\)")
_ACRONYM_GAPS = frozenset({" (", "'s (", "’s (", "' (", "’ ("})
_PARENT_GAP = re.compile(r"(?:['’]s?)?\s+")
_DATELINE = re.compile(r"\([A-Z][\w.&-]*(?:\s[A-Z][\w.&-]*){0,2}\)\s+(?=[A-Z\u2013\u2014-])")
# a link to another article ("(RELATED: ...)", "(READ MORE: ...)"): another headline
_TEASER = re.compile(r"\(\s*[A-Z][A-Z ]{2,20}:[^()]*\)?")
# the author line of an embedded tweet: "— Jane Doe (@janedoe) May 5, 2018"
# a picture's credit in brackets: "(Photo: Jane Roe/Tide Agency via AP)" (gold rule 23)
_PHOTO_CREDIT = re.compile(r"\((?:Photo|Image|Picture|Video)s?(?:\s+by)?\s*:[^()]*\)", re.I)
_TWEET_CREDIT = re.compile(r"[\u2013\u2014]\s*([^\u2013\u2014()]{1,80}?)\s*\(@\w+\)")
# a wire credit: "The Associated Press contributed to this report."
_CONTRIBUTED = re.compile(
    r"\s+contributed\s+(?:reporting\s+)?to\s+(?:this|the)\s+(?:report|story|article)\b", re.I
)


# a wire credit line: "Associated Press writer Jane Roe contributed to this report from X.",
# "Wire writers Jane Roe and Ivo Lind reported from X." (gold rules 23, 76): prose of no one
CREDIT_ROLE = re.compile(r"\b(?:writers?|reporters?|correspondents?)[ \t]+[A-Z]")
CREDIT_END = re.compile(
    r"[^\n]{0,80}?\b(?:contributed|reported)(?:[ \t]+reporting)?(?:[ \t]+to[ \t]+this"
    r"[ \t]+(?:report|story|article))?(?:[ \t]+from[ \t]+[A-Z][\w.,'’ \t-]{0,40})?"
    r"[ \t]*\.?[ \t]*$",
    re.M,
)
# a correction note or a "Follow him at ..." line closing a wire story (gold rule 76)
_CORRECTION = re.compile(
    r"\b(?:(?:This|The)\s+(?:story|article|report)|An\s+earlier\s+version\s+of\s+this\s+"
    r"(?:story|article|report))\s+(?:has\s+been\s+|was\s+)?(?:corrected|updated|clarified|"
    r"misstated|incorrectly)\b|^\s*Follow\s+(?:him|her|them)\s+(?:on\s+Twitter\s+)?at\b"
)


# words one of which a sentence needs for :func:`_credits` to cut anything (a cheap test first)
_CREDIT_KEYS = ("(", "contributed", "reported", "orrected", "pdated", "larified", "isstated",
                "ncorrectly", "ollow")  # fmt: skip


def _credit_line(text: str) -> int:
    """Where a sentence's credit line or correction note starts (its hits are no mentions), or
    -1: "AP writer Jane Roe contributed to this report.", "This story has been corrected to
    show ...", "Follow him at ..."."""
    m = _CORRECTION.search(text)
    if m is not None:
        return m.start()
    m = CREDIT_ROLE.search(text)
    if m is not None and CREDIT_END.match(text, m.end()):
        return 0
    return -1


def in_link_teaser(text: str, pos: int) -> bool:
    """Does ``pos`` lie inside a parenthesised link to another article, opened by an upper-case
    label and a colon ("(RELATED: Mayor Calls Plan 'Reckless')"; gold rules 23 and 29)?"""
    k = text.rfind("(", max(0, pos - 200), pos)
    return k != -1 and ")" not in text[k:pos] and bool(_TEASER.match(text, k))


_NAMED_AFTER = re.compile(r"(?:[ \t]+[A-Z][\w-]*){1,4}")


# a person's name before "administration" or "campaign" names that body, not the person
# ("the Roe administration", "a Doe campaign": gold rules 83, 85 and "Trump administration")
_OFFICE_AFTER = re.compile(r"[ \t]+[Aa]dministration|[ \t]+[Cc]ampaign\b")


def _named_after(text: str, hit: _Hit, lg: ModuleType) -> bool:
    """Is the person name ``hit`` part of the name of a place or institution named after the
    person ("the Doe Wilderness Area", "the Roe Center")?"""
    if not _is_person_name(hit):
        return False
    if _OFFICE_AFTER.match(text, hit.end):
        return True  # "a Roe administration", "the Doe campaign": the body's name (rules 83, 85)
    m = _NAMED_AFTER.match(text, hit.end)
    return bool(m) and m.group(0).split()[-1].lower() in lg.NAMED_AFTER_HEADS


def _credits(text: str, hits: list[_Hit]) -> list[_Hit]:
    """Drop hits an analyst does not count because they are no part of the article's prose
    (gold rules 23 and 54): inside a link to another article ("(RELATED: ...)"), in the author
    line of an embedded tweet ("— Jane Doe (@janedoe) May 5"), and a wire credit ("The
    Associated Press contributed to this report")."""
    cut: list[tuple[int, int]] = []
    line = _credit_line(text)
    if line >= 0:
        cut.append((line, len(text)))
    if "(" in text:
        cut += [m.span() for m in _TEASER.finditer(text)]
        cut += [m.span() for m in _PHOTO_CREDIT.finditer(text)]
        if "(@" in text:
            cut += [m.span(1) for m in _TWEET_CREDIT.finditer(text)]
    return [
        h
        for h in hits
        if not any(a <= h.start and h.end <= b for a, b in cut)
        and not (h.alias.type == "institution" and _CONTRIBUTED.match(text, h.end))
    ]


_PAIR_RE = re.compile(
    r"\b(?:the\s+)?([A-Z][\w.’'-]*)\s+and\s+([A-Z][\w.’'-]*)\s+((?:[a-z]+\s+)?[a-z]+s)\b"
)


# what a _PAIR_RE match needs ("and", space, a capital): a literal-led pattern, found fast
_AND_CAPITAL = re.compile(r"and\s+[A-Z]")


def _pair_titles(text: str, matcher: _Matcher, hits: list[_Hit]) -> list[_Hit]:
    """ "the US and Russian leaders": one title mention of each actor whose catalog title is
    "<qualifier> <singular>" ("US leader", "Russian leader"), both with the plural phrase's
    span; generic plurals match no title and count no one."""
    out: list[_Hit] = []
    taken = {(h.start, h.end) for h in hits}
    for m in _PAIR_RE.finditer(text):
        noun = m.group(3)
        singular = noun[:-1]
        if (m.start(), m.end()) in taken:
            continue
        for q in (m.group(1), m.group(2)):
            found = _scan(f"{q} {singular}", matcher, initial_ok=False)
            if len(found) == 1 and found[0].alias.kind == "title" and not found[0].alias.bare:
                out.append(_Hit(m.start(), m.end(), found[0].alias))
    return out


def _is_possessive(text: str, end: int) -> bool:
    return text[end : end + 1] in ("'", "’") and (
        text[end + 1 : end + 2] == "s" or text[end - 1 : end] == "s"
    )


def resolve_actor(
    surface: str, catalog: pd.DataFrame, language: ModuleType = lang.DEFAULT
) -> str | None:
    """Canonical actor for a speaker string ("Zelenskyy’s", "the Kremlin", "Putin’s spokesperson
    Dmitry Peskov"), or None. The first non-possessive mention in the string is the head."""
    return _resolve(surface, _matcher(catalog, language))


def _resolve(surface: str, matcher: _Matcher) -> str | None:
    if not isinstance(surface, str) or not surface.strip():
        return None
    text = surface.strip()
    hits = _scan(text, matcher, initial_ok=False)
    if not hits:
        return None
    # "White House press secretary Sean Spicer", "EPA chief Jane Doe": a person's name that
    # ends the phrase (before any apposition) is its head; the institution is part of a title
    core = len(text.split(",")[0].rstrip())
    last = [h for h in hits if h.end <= core]
    if last and last[-1].end == core and _is_person_name(last[-1]) and len(last) > 1:
        return last[-1].alias.actor
    heads = [h for h in hits if not _is_possessive(text, h.end)]
    return (heads or hits)[0].alias.actor


def actor_resolver(
    catalog: pd.DataFrame, language: ModuleType = lang.DEFAULT
) -> Callable[[str], str | None]:
    """:func:`resolve_actor` with ``catalog`` bound (its matcher built once) and memoised."""
    matcher = _matcher(catalog, language)
    memo: dict[str, str | None] = {}

    def resolve(surface: str) -> str | None:
        if surface not in memo:
            memo[surface] = _resolve(surface, matcher)
        return memo[surface]

    return resolve


# --------------------------------------------------------------------------------------------
# mentions


# a capitalised plural of members ("Democrats", "Republicans", "Conservatives"): its stem
_PARTY_MEMBERS = re.compile(r"\b([A-Z][a-z]{4,})s\b")


# words before a bare "administration"/"agency" that make it another or any body
_OTHER_BODY_WORDS = frozenset(
    {"last", "previous", "former", "past", "next", "federal", "Federal", "state", "other", "any"}
)


def _not_this_kind(text: str, m: re.Match[str], kind: str, owner: str) -> bool:
    """Does a body noun's match not fit its kind: a modifier before another noun than "court"
    ("the federal agency"), a possessive name before another noun than "administration", "in
    the region" (an area, no body: gold rule 74)?"""
    if (m.group(2) and kind != "court") or (owner and kind not in ("administration", "campaign")):
        return True
    return kind == "region" and bool(_AREA_BEFORE.search(text, max(0, m.start() - 16), m.start()))


# "the government should ...": a claim about any government (gold rule 24), not one acting
_GENERIC_AFTER = re.compile(r"\s+(?:should|ought|must|can)\b")


def _activity_after(text: str, end: int, lg: ModuleType) -> bool:
    """Does a noun of the activity follow "campaign" ("campaign ads", "campaign trail",
    "campaign manager")?"""
    m = _NEXT_LOWER.match(text, end)
    return m is not None and (m.group(1) in lg.CAMPAIGN_MODIFIED or m.group(1) in lg.ROLE_WORDS)


def _court_fits(a: _Alias, modifier: str) -> bool:
    """ "the lower court" is no supreme court; "the high court", "the top court" is one."""
    if modifier not in ("lower", "high", "top"):
        return True
    return ("supreme" in a.actor.lower()) == (modifier != "lower")


_AREA_BEFORE = re.compile(
    r"\b(?:in|across|throughout|around|within|from|to|into|of|outside|near)\s+$", re.I
)


@functools.lru_cache(maxsize=8)
def _noun_re(language: ModuleType) -> re.Pattern[str]:
    """The body nouns :class:`_BodyMemory` binds (groups: 1 determiner or possessive name, 2
    modifier, 3 noun after a determiner, 4 "administration" before "officials", 5 a bare
    modifier noun, 6 "government" before its data)."""
    # a noun in lower case or capitalised ("his Administration", "the Agency"), not opening
    # a name ("the Agency for X"); after a determiner, "this"/"that", or a possessive name
    # (administration only: "Roe's Cabinet"); a modifier between ("the lower court")
    nouns = "|".join(f"{n}|{n.capitalize()}" for n in sorted(language.BODY_ANAPHORS))
    mods = "|".join(sorted(language.ANAPHOR_MODIFIERS))
    bare = "|".join(f"{n}|{n.capitalize()}" for n in sorted(language.BARE_ANAPHORS))
    stops = lang.load_stopwords(None, language) | language.SPEECH_VERBS
    not_next = "|".join(sorted(stops | {"made", "took", "gave", "went", "came"}))
    not_before = ")(?<!".join(rf"\b{w}\s" for w in sorted(_OTHER_BODY_WORDS))
    data = "|".join(sorted(language.GOVERNMENT_DATA))
    return re.compile(
        rf"\b(?:((?i:the|his|her|their|its|this|that)|[A-Z][\w-]*(?:['’][A-Z][\w-]*)?['’]s)"
        r"\s+(?:own\s+)?"
        rf"(?:((?i:{mods}))\s+)?({nouns})"
        r"|((?i:administration))(?=\s+officials)"
        # a bare modifier ("agency officials", "administration effort"), not after "a"/"an",
        # a word naming another or any ("the last administration made", "federal agency
        # websites"), nor before a past tense
        rf"|(?<!\b[Aa]\s)(?<!\b[Aa]n\s)(?<!{not_before})({bare})"
        rf"(?=\s+(?!(?:{not_next})\b)(?![a-z]+ed\b)[a-z]{{3,}}\b)"
        rf"|([Gg]overnment)(?=\s+(?:{data})\b))"
        r"\b(?!\s+[A-Z])(?!\s+(?:of|for)\s+(?:the\s+)?[A-Z])(?![\w-]|['’](?!s\b))"
    )


class _BodyMemory:
    """Bodies referred back to by a common noun (issue #16, gold rule 14): "the party", "the
    company", "the newspaper", "the department", "administration officials" are title mentions
    of the last body of that kind named before in the article (a "company", "firm", "group" or
    "organization": the last body named in the three sentences before that is no party, outlet
    or government body; "the paper" only with an outlet in those sentences, since a paper is
    often a study). Kinds come from the words of a body's name (``BODY_KIND_WORDS``). Sentences
    must come in article order; state is kept per article."""

    def __init__(self, language: ModuleType, aliases: tuple[_Alias, ...] = ()) -> None:
        self.lg = language
        self.catalog = {a.actor: a for a in aliases if a.type == "institution"}
        self.noun_re = _noun_re(language)
        self.nouns = tuple(
            sorted({*language.BODY_ANAPHORS, *language.BARE_ANAPHORS})
        )  # a cheap test before noun_re
        self.kinds: dict[str, frozenset[str]] = {}
        self.article = ""
        self.n = 0  # sentence number within the article
        self.seen: list[tuple[int, _Alias]] = []  # (sentence number, body alias), in order
        self.people: list[tuple[int, str]] = []  # (sentence number, surname) of persons named
        self.members = ""  # a plural of party members before "their party" ("Democrats")
        # a person's campaign by the last word of its candidate's name ("Roe" -> "Jane Roe
        # campaign"); a surname with two campaigns keeps none
        by_surname: dict[str, list[_Alias]] = defaultdict(list)
        for a in self.catalog.values():
            words = a.actor.split()
            if len(words) >= 2 and words[-1].lower() == "campaign":
                by_surname[words[-2].lower()].append(a)
        self.campaigns = {k: v[0] for k, v in by_surname.items() if len(v) == 1}

    def _kinds(self, a: _Alias) -> frozenset[str]:
        got = self.kinds.get(a.actor)
        if got is None:
            names = re.findall(r"[^\W\d_]+", a.actor)
            words = {w.lower() for w in names}
            got = frozenset(k for k, ws in self.lg.BODY_KIND_WORDS.items() if words & ws)
            if len(names) >= 3 and names[-1] == "Administration":
                got |= {"agency"}  # "the National Tide Administration" is an agency
            self.kinds[a.actor] = got
        return got

    def _administration_of(self, window: int = 2) -> _Alias | None:
        """The catalog's "<Surname> administration" of the last person named in this or the
        ``window`` sentences before who has one ("Roe's plan ... the administration's effort")."""
        for n, surname in reversed(self.people):
            if self.n - n > window:
                return None
            body = self.catalog.get(f"{surname} administration")
            if body is not None:
                return body
        return None

    def _party_of_members(self) -> _Alias | None:
        """ "Democrats ... their party's": the catalog party whose first word starts like the
        plural of members named before in the sentence ("Democrat" -> "Democratic Party";
        gold rule 49)."""
        stem = self.members[:6].lower()
        for a in self.catalog.values():
            words = a.actor.lower().split()
            if "party" in words and words[0].startswith(stem):
                return a
        return None

    def _campaign_of(self, window: int = 2) -> _Alias | None:
        """The catalog campaign of the last person named in this or the ``window`` sentences
        before ("Roe ... his campaign"), None when that person has none."""
        if not self.people or self.n - self.people[-1][0] > window:
            return None  # only the last person named: "Doe ... his campaign" is Doe's or none
        return self.campaigns.get(self.people[-1][1].lower())

    def _owned(self, kind: str, det: str, owner: str) -> _Alias | None:
        """The body a possessive names: "Roe's campaign", "Roe's Cabinet", "Roe ... his
        administration", "Democrats ... their party"."""
        if owner:
            if kind == "campaign":
                return self.campaigns.get(owner.lower())
            return self.catalog.get(f"{owner} administration")
        if kind == "administration" and det.lower() in ("his", "her"):
            return self._administration_of(0)  # "Roe ... his administration": its owner's
        if kind == "party" and self.members:
            return self._party_of_members()
        return None

    def _bind(self, kind: str, noun: str, modifier: str = "", det: str = "") -> _Alias | None:
        if kind == "campaign" and det.lower() in ("his", "her"):
            return self._campaign_of()  # "his campaign": its candidate's, or none
        recent = kind == "other" or noun == "paper"
        for n, a in reversed(self.seen):
            if recent and self.n - n > 3:
                return None
            k = self._kinds(a)
            if kind == "other":
                if not k & {"party", "media", "government"}:
                    return a
            elif kind in k and (kind != "court" or _court_fits(a, modifier)):
                return a
        if kind == "govt":
            # "the government" with none named before: the catalog's only government
            only = [a for a in self.catalog.values() if kind in self._kinds(a)]
            return only[0] if len(only) == 1 else None
        if kind == "administration":  # none named before ("his": only its owner's, above)
            return None if det.lower() in ("his", "her") else self._administration_of()
        return None

    def present_nouns(self, texts: Sequence[str]) -> tuple[str, ...]:
        """The nouns (of the cheap test in :meth:`sentence`) found in any of ``texts``, lower
        case: one test over the texts joined by a line break, whose ``lower()`` is the texts'
        ``lower()`` joined (a line break is neither cased nor case-ignorable, so no final-sigma
        context crosses it): a noun is in a text's ``lower()`` only if it is in there."""
        low = "\n".join(texts).lower()
        return tuple(n for n in self.nouns if n in low)

    def sentence(
        self,
        aid: str,
        text: str,
        hits: list[_Hit],
        named: list[_Hit] | None = None,
        nouns: tuple[str, ...] | None = None,
    ) -> list[_Hit]:
        """The sentence's hits plus its bound common nouns, by start; ``named``: bodies named
        in the sentence that are no mention (inside a title) but may be referred back to;
        ``nouns``: :meth:`present_nouns` of texts that include this one (None: all nouns)."""
        if aid != self.article:
            self.article, self.n, self.seen, self.people = aid, 0, [], []
        self.n += 1
        out = list(hits)
        self.people.extend((self.n, h.alias.surname) for h in hits if h.alias.surname)
        if nouns is None:
            nouns = self.nouns
        low = text.lower() if nouns else ""
        if not nouns or not any(n in low for n in nouns):
            # no noun to bind (most sentences): only remember the bodies named
            both = sorted((*hits, *(named or ())), key=lambda h: h.start)
            self.seen.extend((self.n, h.alias) for h in both if h.alias.type == "institution")
            return out
        hits = sorted(hits + (named or []), key=lambda h: h.start)
        if (
            not self.seen
            and not any(h.alias.type == "institution" for h in hits)
            and "overnment" not in text
            and "their party" not in low
            and not self.people
        ):
            return out
        for m in self.noun_re.finditer(text):
            g = next(k for k in (3, 4, 5, 6) if m.group(k))
            start, end = m.span(g)
            if any(h.start < end and start < h.end for h in hits):
                continue
            if text.startswith(("'s", "’s"), end) and _role_after(text, end, self.lg.ROLE_WORDS):
                continue  # "the agency's acting chief": a person's title (gold rule 63)
            noun = m.group(g).lower()
            kind = self.lg.BODY_ANAPHORS.get(noun, "agency")
            det = m.group(1) or ""
            owner = det[:-2] if det[:1].isupper() and det.endswith(("'s", "’s")) else ""
            if (
                _not_this_kind(text, m, kind, owner)
                or (kind == "campaign" and _activity_after(text, end, self.lg))
                or (kind == "govt" and _GENERIC_AFTER.match(text, end))
            ):
                continue  # "his campaign ads", "the campaign trail": the activity, no body
            earlier = [(self.n, h.alias) for h in hits if h.end <= start]
            self.seen.extend(x for x in earlier if x[1].type == "institution")
            hits = [h for h in hits if h.end > start]
            self.members = ""
            if det.lower() == "their":
                plural = _PARTY_MEMBERS.findall(text, 0, m.start())
                self.members = plural[-1] if plural else ""
            body = self._owned(kind, det, owner)
            if body is None and not owner:
                body = self._bind(kind, noun, (m.group(2) or "").lower(), det)
            if body is not None:
                alias = _Alias(body.actor, "institution", noun, "title", "")
                out.append(_Hit(start, end, alias))
                self.seen.append((self.n, alias))
        self.seen.extend((self.n, h.alias) for h in hits if h.alias.type == "institution")
        return sorted(out, key=lambda h: h.start)


def _prefer_full_names(rows: list[tuple], aliases: tuple[_Alias, ...]) -> list[tuple]:
    """A surname whose catalog actor is known by that surname alone (gold rule 17: "Clinton")
    is another catalog person of that surname whom the article names in full ("the Obama-Clinton
    directive ... Hillary Clinton said"), unless the article never names them so; a bare
    "Trump" stays Donald Trump, whose canonical name is full. ``rows``: find_mentions' rows."""
    alone = {a.actor for a in aliases if a.type == "person" and " " not in a.actor.strip()}
    if not alone:
        return rows
    surname = {a.actor: a.surname for a in aliases if a.type == "person" and a.surname}
    full: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for r in rows:  # article -> surname -> persons named in full
        if r[3] == "person" and r[8] == "name" and " " in r[4].strip() and r[2] in surname:
            full[r[0]][surname[r[2]]].add(r[2])
    out = []
    for r in rows:
        if r[2] in alone and r[8] == "name":
            others = full[r[0]].get(r[4], set()) - {r[2]}
            if len(others) == 1:
                r = (r[0], r[1], next(iter(others)), *r[3:])
        out.append(r)
    return out


def _check_sentences(sentences: pd.DataFrame) -> None:
    missing = [c for c in SENTENCE_COLUMNS if c not in sentences.columns]
    if missing:
        raise ValueError(f"sentences table is missing columns: {', '.join(missing)}")


def lead_paragraphs(sentences: pd.DataFrame) -> dict[str, int]:
    """article_id -> paragraph_index of the first paragraph that is neither headline nor
    standfirst (the lead). Articles with no body paragraph are absent."""
    body = sentences[
        ~sentences["is_headline"].astype(bool) & ~sentences["is_standfirst"].astype(bool)
    ]
    lead = body.groupby("article_id", sort=True)["paragraph_index"].min()
    return {str(k): int(v) for k, v in lead.items()}


def empty_mentions() -> pd.DataFrame:
    """An empty mentions table with the documented columns and dtypes."""
    return _typed_mentions(pd.DataFrame(columns=MENTION_COLUMNS))


_MENTION_DTYPES: dict[str, str] = {
    "article_id": "str",
    "sentence_index": "int64",
    "actor": "str",
    "type": "str",
    "alias": "str",
    "surface": "str",
    "start": "int64",
    "end": "int64",
    "kind": "str",
    "is_headline": "bool",
    "is_standfirst": "bool",
    "is_lead": "bool",
    "position": "float64",
}


def _typed_mentions(df: pd.DataFrame) -> pd.DataFrame:
    return df[MENTION_COLUMNS].astype(_MENTION_DTYPES)


def _nouns_per_run(bodies: _BodyMemory, aids: list, texts: list) -> list[tuple[str, ...]]:
    """For each sentence, :meth:`_BodyMemory.present_nouns` of the run of consecutive
    sentences of its article: an article holds a few of the nouns (3.7 of 24 on average in a
    generated 2,000), so each sentence tests those few."""
    out: list[tuple[str, ...]] = []
    lo, n = 0, len(aids)
    while lo < n:
        hi = lo + 1
        while hi < n and aids[hi] == aids[lo]:
            hi += 1
        present = bodies.present_nouns([t for t in texts[lo:hi] if isinstance(t, str)])
        out.extend([present] * (hi - lo))
        lo = hi
    return out


def find_mentions(
    sentences: pd.DataFrame,
    catalog: pd.DataFrame | None = None,
    language: ModuleType = lang.DEFAULT,
) -> pd.DataFrame:
    """Mentions of catalog actors in a sentences table (see module docstring for columns).

    ``catalog`` defaults to the shipped story catalog; ``language``: the run's language
    resources (analysis.lang). Offsets are sentence start + local offset.
    """
    _check_sentences(sentences)
    matcher = _matcher(load_catalog() if catalog is None else catalog, language)
    lead = lead_paragraphs(sentences)
    rows: list[tuple] = []
    cols = ["article_id", "sentence_index", "paragraph_index", "start", "text", "position"]
    flags = ["is_headline", "is_standfirst"]
    bodies = _BodyMemory(matcher.language, matcher.aliases)
    columns = [sentences[c].tolist() for c in cols + flags]
    nouns = _nouns_per_run(bodies, columns[0], columns[4])
    for s in zip(*columns, nouns, strict=True):
        aid, sidx, pidx, s_start, text, position, is_head, is_stand, present = s
        if not isinstance(text, str) or not text:
            continue
        hits = found = _scan(text, matcher)
        if hits and any(h.alias.type == "institution" for h in hits):
            lg = matcher.language
            hits = _analyst_counts(text, hits, lg.ROLE_WORDS, lg.SUB_BODY_HEADS, lg)
        if hits and any(k in text for k in _CREDIT_KEYS):
            hits = _credits(text, hits)
        if hits:
            hits = [h for h in hits if not _named_after(text, h, matcher.language)]
        if " and " in text and _AND_CAPITAL.search(text) and _PAIR_RE.search(text):
            hits = sorted(hits + _pair_titles(text, matcher, hits), key=lambda h: h.start)
        # a body named inside a title ("GOP Rep. X") is no mention but is still the party
        # "the party" refers back to
        before = hits
        hits = bodies.sentence(
            str(aid), text, hits, [h for h in found if h not in hits], nouns=present
        )
        if len(hits) > len(before):
            # a body's common noun in a person's office is no mention either ("acting
            # administrator of the agency", "who now leads the group": gold rules 60, 63)
            added = [h for h in hits if h not in before]
            lg = matcher.language
            kept = _analyst_counts(text, added, lg.ROLE_WORDS, lg=lg)
            hits = [h for h in hits if h in before or h in kept]
        if not hits:
            continue
        is_lead = (not is_head) and (not is_stand) and lead.get(str(aid)) == int(pidx)
        for hit in hits:
            a = hit.alias
            rows.append(
                (
                    str(aid),
                    int(sidx),
                    a.actor,
                    a.type,
                    a.alias,
                    text[hit.start : hit.end],
                    int(s_start) + hit.start,
                    int(s_start) + hit.end,
                    a.kind,
                    bool(is_head),
                    bool(is_stand),
                    bool(is_lead),
                    float(position),
                )
            )
    if not rows:
        return empty_mentions()
    rows = _prefer_full_names(rows, matcher.aliases)
    rows.sort(key=itemgetter(0, 6, 7))  # article_id, start, end; stable like kind="stable"
    return pd.DataFrame(
        {
            c: pd.array(list(v), dtype="str")
            if _MENTION_DTYPES[c] == "str"
            else np.array(v, dtype=_MENTION_DTYPES[c])
            for c, v in zip(MENTION_COLUMNS, zip(*rows, strict=True), strict=True)
        },
        columns=MENTION_COLUMNS,
    )

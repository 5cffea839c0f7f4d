"""Who a corpus talks about, with no catalog: a draft actor catalog from the text (a measure stage).

:func:`discover_actors` reads a sentences table (``article_id``, ``sentence_index``, ``text``;
``is_headline`` when present: headlines are skipped, their capitals say nothing) and returns one
row per alias of each discovered actor (:data:`DISCOVERY_COLUMNS`):

- ``actor`` (canonical name: the most frequent full form), ``type`` (person | institution),
  ``affiliation`` (a demonym or place found in the actor's titles, else "unknown"),
  ``alias``, ``kind`` (name | title), ``count`` (occurrences of this alias),
  ``actor_count`` (all aliases), ``n_articles``, ``example_article``, ``example_sentence``
  (where the alias first occurs), ``example`` (that sentence's text), ``confidence`` (0-1),
  ``evidence`` (the cues behind the type, e.g. "title+name; speaker").

The rules (no model, no gazetteer beyond the small word lists of ``data/discovery_words.yaml``):

1. Candidates are runs of capitalised words (joined by "of", "de", "van", "bin"...), outside
   headlines; a sentence-initial word is dropped when its lower-case form occurs in the corpus
   ("The", "Climate"). A possessive ’s is not part of the name.
2. Leading role words are split off as a title ("US President", "Foreign Minister", "Mr"): the
   rest is a personal name, and a qualified title (two words or more) becomes a title alias of
   that person when no other person carries it. "Kremlin spokesman Dmitry Peskov", "Putin’s
   spokesman Dmitry Peskov" and "Dmitry Peskov, the Kremlin spokesman," give titles the same way.
3. Type: a run ending in a place word (River, County...) or made only of shipped place names, or
   found after "in/at/from/near" in most of its occurrences and never as a speaker, is a place
   and is left out; one ending in a document or event word (Agreement, Summit, Act...) is left
   out; one holding an organisation word (Ministry, Agency, Court, Party...) or written in
   capitals (EPA) is an institution; two to four other capitalised words are a person.
4. Merging: a person's variants share a skeleton (lower-cased, accents and doubled letters
   removed, y = i: Zelensky = Zelenskyy = Zelenskiy; Sergei = Sergey) of first and last word; a
   lone word whose skeleton is the last word of a discovered person is that person's surname
   (the most mentioned person when several share it); an acronym whose letters are the initials
   of an institution's name (EPA, U.N.) is that institution.
5. A lone word that is not a surname is kept as an institution only when it is a speaker ("X
   said") or an honorific stands before it (then a person); demonym adjectives, days, months and
   other words of the ``never`` list are never actors. Generic plurals ("Democrats" beside
   "Democrat") are left out.

6. Bare offices and bodies: "the president" is the person who carries the role three times or
   more and is named twice as often as any other holder ("the administration": that person's
   administration); "the House", "<Adjective> party", an organisation word alone ("the Times")
   for the only institution whose name ends in it, "the federal government" for the most named
   "<Place> government". A person named once in full as a speaker or after a role, an
   "<X> administration/government" and a company with its legal form are kept below
   ``min_count`` 2. Storm names, transcript labels ("RH:") and names mostly after "the" ("the
   Fukushima Daiichi plant") are no persons (docs/METHODS.md, "Fourth pass").
7. Sixth pass (docs/METHODS.md, "Sixth pass"): a body named in a person's affiliation ("a
   scientist at X", "Jane Roe of X", "the X's Jane Roe") or a wire credit ("(Reuters) -") is
   not counted there; an acronym defined for a thing ("National Climate Assessment (NCA)") is
   no actor; a title-case headline line only adds to names found elsewhere; a person named once
   is kept with an honorific, a role apposition, a party tag or a lower-case role before the
   name; given names differing in one inner vowel are one person.
8. Ninth pass (docs/METHODS.md, "Ninth pass"): one country's "<Place> government" spellings
   are one body with "the federal government" as its title (or a body of its own, see
   :func:`_federal_government`); an outlet named once as a quote's source ("told CNN") is
   kept; a plural organisation word alone, a name mostly before a rule's word, a count
   opening a sentence ("Thirteen government") are no actors; a full name with one headline
   word more is the person.
9. Tenth pass (docs/METHODS.md, "Tenth pass (discovery-mode speakers)"): a person's title
   "<Body> <role>" is also written under each name of that body ("EPA administrator"); a full
   name set off by commas before a reporting verb or after "according to" is a speaker; a
   two- to four-word name after a body noun or with one heading its apposition ("X, the
   largest pipeline company") is an institution.

Confidence rises with the count, a speaker slot, a title attached to a name and a full name
seen beside its surname; the draft is sorted by type, then confidence band, then count, so a user
prunes it from the bottom. :func:`draft_yaml` writes it in the catalog format of
:mod:`analysis.actors` (extra fields are ignored by :func:`analysis.actors.load_catalog`), and
:func:`discovered_catalog` gives the catalog table directly.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

import pandas as pd
import yaml

from analysis import lang
from analysis.actors import CREDIT_END as _CREDIT_END
from analysis.actors import CREDIT_ROLE as _CREDIT_ROLE
from analysis.actors import parse_catalog
from analysis.datafiles import load_yaml

DISCOVERY_COLUMNS: list[str] = [
    "actor",
    "type",
    "affiliation",
    "alias",
    "kind",
    "count",
    "actor_count",
    "n_articles",
    "example_article",
    "example_sentence",
    "example",
    "confidence",
    "evidence",
]
DEFAULT_WORDS = "discovery_words.yaml"
_LISTS = (
    "org_heads",
    "place_heads",
    "not_actor_heads",
    "titles",
    "honorifics",
    "speech_verbs",
    "place_prepositions",
    "places",
    "never",
    "title_qualifiers",
    "place_prefixes",
    "institution_names",
    "numbered_units",
)
_OPTIONAL_LISTS = (
    "source_before",
    "source_after",
    "issued_heads",
    "number_words",
    "body_nouns",
)  # empty when a user's file has none

_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
# a capitalised word (McDonald, O'Brien, Jean-Claude, EPA, U.N., J.) without a possessive 's
# A capitalised word (McDonald, O'Brien, Jean-Claude, EPA, U.N., J., Sen.) without a possessive
# 's. Written to open with a character class, the boundary checked by a lookbehind after it, so
# the engine skips to the next capital letter.
_REST = (
    r"(?:(?<=[MDSRGLCPJ])(?:rs|r|s|en|ep|ov|t|ol|gt|apt|rof|ev|ens|eps)\.(?=\s)"
    rf"|\.(?:[{_UP}]\.){{0,3}}|(?:[^\W_]|[-‐](?=[{_UP}\d])|['’](?![sS]\b)(?=\w))*)"
)
_JOIN = (
    r"(?:[ \t]+(?:of|for|on|de|du|da|do|dos|der|den|van|von|al|bin|ibn|la|le)(?:[ \t]+the)?)?[ \t]+"
)
_SEQ = rf"[{_UP}]{_REST}(?:{_JOIN}[{_UP}]{_REST})*"
# a run ends before a space, punctuation, a possessive ’s ("Obama's") or a lower-case compound
# ("Obama-era": the name is Obama)
_SEQ_RE = re.compile(
    rf"[{_UP}](?<![\w.'’-].){_REST}(?:{_JOIN}[{_UP}]{_REST})*(?![\w]|['’](?=\w)(?![sS]\b)|[-‐][{_UP}\d])"
)
_NEXT_RE = re.compile(r"['’]s?\b|[ \t]+([a-z]+)")  # not after a comma: "X, who ..., said"
_CONTRACTION = re.compile(r"['’](?:ve|re|ll|d|m|t)$|^i['’]")


@dataclass(frozen=True)
class Words:
    """The word lists of ``discovery_words.yaml`` (see that file)."""

    org_heads: frozenset[str]
    place_heads: frozenset[str]
    not_actor_heads: frozenset[str]
    titles: frozenset[str]
    honorifics: frozenset[str]
    speech_verbs: frozenset[str]
    place_prepositions: frozenset[str]
    places: frozenset[str]
    never: frozenset[str]
    title_qualifiers: frozenset[str]
    place_prefixes: frozenset[str]
    institution_names: frozenset[str]
    numbered_units: frozenset[str]
    source_before: frozenset[str] = frozenset()
    source_after: frozenset[str] = frozenset()
    issued_heads: frozenset[str] = frozenset()
    number_words: frozenset[str] = frozenset()
    body_nouns: frozenset[str] = frozenset()


def load_words(path: str | Path | None = None) -> Words:
    """Read the discovery word lists (YAML); None: the shipped ``data/discovery_words.yaml``."""
    return _load_words(None if path is None else str(path))


@functools.lru_cache(maxsize=8)
def _load_words(path: str | None) -> Words:
    label, data = load_yaml(path, DEFAULT_WORDS, "discovery word list")
    if not isinstance(data, dict):
        raise ValueError(f"discovery word list {label}: top level must be a mapping")
    lists = {}
    for key in _LISTS + _OPTIONAL_LISTS:
        value = data.get(key, [] if key in _OPTIONAL_LISTS else None)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"discovery word list {label}: '{key}' must be a list of words")
        lists[key] = frozenset(v.strip() for v in value if v.strip())
    return Words(**lists)


@functools.lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """Spelling-variant key: lower-case, no accents, y -> i, doubled letters single
    (Zelensky, Zelenskyy, Zelenskiy -> "zelenski"; Sergei, Sergey -> "sergei")."""
    s = unicodedata.normalize("NFKD", word.lower())
    s = "".join(c for c in s if c.isalnum()).replace("y", "i")
    return re.sub(r"(.)\1+", r"\1", s)


@dataclass
class _Stats:
    count: int = 0
    initial: int = 0
    place_prev: int = 0
    speaker: int = 0
    possessive: int = 0
    honorific: int = 0
    in_title: int = 0
    the_prev: int = 0  # occurrences after "the" ("the Daily Mail", "the Fukushima Daiichi plant")
    affil: int = 0  # in a person's affiliation ("a scientist at X", "Jane Roe of X") or a credit
    document: int = 0  # an acronym defined for a thing: "National Climate Assessment (NCA)"
    thing: int = 0  # before a thing's word: "the ELG rule", "the Clean Air Energy rule"
    cue: int = 0  # a person's cue after the name: ", a climate scientist", "(D-Hawaii)"
    source: int = 0  # named as a quote's source: "told CNN", "NPR reported"
    body: int = 0  # a body noun before or heading an apposition after: ", the pipeline company"
    titles: Counter = field(default_factory=Counter)
    articles: set[int] = field(default_factory=set)


@dataclass
class _Actor:
    type: str
    names: Counter = field(default_factory=Counter)  # alias -> count
    titles: Counter = field(default_factory=Counter)
    speaker: int = 0
    full: int = 0  # occurrences of multi-word forms
    evidence: set[str] = field(default_factory=set)
    articles: set[int] = field(default_factory=set)  # sentence positions -> articles later
    office: Counter = field(default_factory=Counter)  # "the president" -> occurrences
    affil: int = 0  # occurrences in a person's affiliation or a wire credit (not counted)
    cue: int = 0  # occurrences followed by a role apposition or a party tag
    source: int = 0  # occurrences as a quote's source ("told CNN", "NPR reported")

    def add(self, key: str, st: _Stats, count: int | None = None) -> None:
        if count is None:
            # a body named in a person's affiliation or a wire credit is not mentioned there
            affil = st.affil if self.type == "institution" else 0
            self.affil += affil
            count = st.count - st.in_title - affil
        self.names[key] += count
        self.titles.update(st.titles)
        self.speaker += st.speaker
        self.cue += st.cue
        self.source += st.source
        self.articles |= st.articles


def _is_acronym(w: str) -> bool:
    core = w.replace(".", "")
    return 2 <= len(core) <= 6 and core.isupper() and core.isalpha()


def _lower_counts(joined: str) -> Counter:
    """Counts of the whitespace-separated words (punctuation left on: "climate," is not
    "climate", which costs nothing when a word occurs often)."""
    return Counter(joined.split())


def _is_role(t: str, words: Words, plural: bool = False) -> bool:
    low = t.lower().strip(".")
    if plural and len(low) > 4 and low.endswith("s") and low[:-1] in words.titles:
        return True  # "Justices Clarence Thomas and ..."
    return low in words.titles or t.strip(".") in words.honorifics


def _split_title(tokens: list[str], words: Words) -> tuple[list[str], list[str]]:
    """(title, name): a run whose last one to four words are a name after a role word splits
    there ("US President Donald Trump", "Environmental Protection Agency Administrator Scott
    Pruitt", "Sen. Ed Markey"); other runs are all name (an institution keeps its words)."""
    for j in range(len(tokens) - 2, -1, -1):
        if not _is_role(tokens[j], words, plural=j <= len(tokens) - 3):
            continue
        name = tokens[j + 1 :]
        if len(name) > 4 or not all(t[:1].isupper() for t in name):
            return [], tokens
        if any(t in words.org_heads or _is_role(t, words) for t in name):
            return [], tokens
        inside = any(t in ("of", "on", "for") for t in tokens[:j])
        if inside and len(name) == 1 and tokens[j].lower() in words.title_qualifiers:
            return [], tokens  # "Council on Foreign Relations": a qualifier inside a name
        title = tokens[: j + 1]
        k = len(title)
        while k > 0 and title[k - 1] not in words.not_actor_heads and title[k - 1] not in _DATES:
            k -= 1  # the title starts after a document or event word ("... Accord Canadian PM")
        return title[k:], name
    return [], tokens


_NOT = "not"  # a verdict of _by_words: no actor
_NUMBER = re.compile(r"\d{1,4}|[IVX]{1,5}")


def _by_words(tokens: list[str], caps: list[str], words: Words) -> str | None:
    """The type a run's words alone decide: "institution", _NOT, or None (undecided)."""
    last = tokens[-1]
    if len(caps) == 1 and _GROUP_RE.match(caps[0]):
        return "institution"  # G7, G-20
    if last in words.org_heads and len(tokens) > 1:
        return "institution"  # "Los Angeles Times", "Trump administration"
    k = next((i for i, t in enumerate(tokens) if i and t in ("of", "for", "on")), 0)
    if k and tokens[k - 1] in words.org_heads:
        return "institution"  # "Intergovernmental Panel on Climate Change", "Bank of England"
    if last in words.place_heads or caps[0] in words.place_prefixes:
        return _NOT
    if last in words.not_actor_heads and last not in words.org_heads:
        return _NOT  # "United Nations Framework Convention", "Clean Power Plan"
    if any(t in words.place_heads and t not in words.org_heads for t in caps[:-1]):
        return _NOT  # "Republic of Congo", "Gulf of Mexico"
    if any(ch.isdigit() for ch in "".join(tokens)):
        return _numbered(tokens, words)
    if len(caps) == 1 and last in words.institution_names:
        return "institution"
    if any(t in words.org_heads for t in caps):
        return "institution" if len(caps) > 1 else None  # alone: a unique body's (_merge)
    if any(t in words.not_actor_heads for t in caps[1:]) or (
        len(caps) == 1 and last in words.not_actor_heads
    ):
        return _NOT  # "Paris Agreement", "World War II", "Clean Power Plan"
    if _no_name(tokens, words) or all(t in words.places or t in words.never for t in caps):
        return _NOT
    return None


def _numbered(tokens: list[str], words: Words) -> str:
    """A run with a digit: "Region 5", "Local 32" (a unit of ``numbered_units`` and a number)
    is an institution, anything else no actor."""
    if len(tokens) == 2 and tokens[0] in words.numbered_units and _NUMBER.fullmatch(tokens[1]):
        return "institution"
    return _NOT


def _no_name(tokens: list[str], words: Words) -> bool:
    """A run that names no one: ending in a word of ``never`` ("Californian Republicans") or
    with "of/for/on" inside but no organisation word before it ("Waters of the U.S.",
    "Watters on Beto"; "Bank of England" was decided before)."""
    return tokens[-1] in words.never or any(t in ("of", "for", "on") for t in tokens[1:-1])


def _classify(
    tokens: list[str], stats: _Stats, words: Words, common: Counter, surname_cued: bool = False
) -> str | None:
    """person | institution | single | None (a place, a thing, or too unsure) for a run
    without its title; ``surname_cued``: its last word alone is a speaker or follows an
    honorific ("Amy Stone ... Stone said")."""
    caps = [t for t in tokens if t[:1].isupper()]
    verdict = _by_words(tokens, caps, words)
    if verdict is not None:
        return None if verdict == _NOT else verdict
    cued = stats.speaker or stats.honorific or stats.cue or (surname_cued and len(caps) > 1)
    if (
        stats.place_prev >= 0.5 * stats.count
        and not cued
        and not (len(caps) == 1 and _is_acronym(caps[0]))
    ):
        return None  # (an acronym after "to" is a body: "refer to IPCC reports"; US, UK: places)
    if len(caps) == 1:
        if (
            not _is_acronym(caps[0])
            and stats.place_prev >= 0.5 * stats.count
            and stats.place_prev > stats.speaker + stats.honorific + stats.cue
        ):
            return None  # mostly "in Venice", seldom a speaker ("Venice said"): a place
        return _single_kind(caps[0], words, common)
    if _is_role(caps[-1], words) and not _is_acronym(caps[-1]):
        return None  # a title alone ("EPA Administrator", "UN Secretary-General")
    if any(_is_acronym(t) for t in caps) or len(caps) > 4:
        return "institution"
    if any(_is_role(t, words) for t in caps):
        return None  # a bare title ("Foreign Minister") or a role phrase
    if any(len(t.strip(".")) == 1 for t in (caps[0], caps[-1])):
        return None  # "Larsen C", "George W." (the full form is counted on its own)
    if not cued and (common[caps[0].lower()] >= 2 or common[caps[-1].lower()] >= 2):
        return None  # title-case phrases ("Boiling Water", "Punish Exxon")
    if 2 * stats.the_prev > stats.count and not stats.honorific:
        return "institution"  # a name after "the" is no person's ("the Daily Mail")
    if 2 * stats.body >= stats.count and stats.body > stats.cue and not stats.honorific:
        return "institution"  # "Kinder Morgan, the largest pipeline company" (tenth pass)
    return "person"


def _single_kind(t: str, words: Words, common: Counter) -> str | None:
    if t not in words.org_heads and t.removesuffix("s") in words.org_heads:
        return None  # a plural organisation word alone is part of a name ("National Centers for")
    if _is_acronym(t):
        return None if common[t.lower()] or t in words.never else "single"
    if t in words.never:
        return None
    return "single"  # an organisation word alone ("the Times") only as a unique body's


def _sentence_texts(sentences: pd.DataFrame) -> tuple[list[str], list[str], list[int]]:
    missing = [c for c in ("article_id", "sentence_index", "text") if c not in sentences]
    if missing:
        raise ValueError(f"discover_actors: sentences lack column(s) {missing}")
    keep = sentences
    if "is_headline" in sentences:
        keep = sentences[~sentences["is_headline"].astype(bool)]
    texts = [t if isinstance(t, str) else "" for t in keep["text"].tolist()]
    return (
        texts,
        [str(a) for a in keep["article_id"].tolist()],
        [int(i) for i in keep["sentence_index"].tolist()],
    )


def _after_patterns(w: Words) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Regexes matched right after a capitalised run: a role and a name ("Kremlin spokesman
    Dmitry Peskov", "Putin's spokesman Dmitry Peskov"), and a definite apposition ("Dmitry
    Peskov, the Kremlin spokesman,")."""
    heads = sorted(w.titles - w.title_qualifiers, key=lambda t: (-len(t), t))
    role = "|".join(re.escape(t) for t in heads if len(t) > 2)
    quals = "|".join(re.escape(t) for t in sorted(w.title_qualifiers, key=lambda t: (-len(t), t)))
    name = rf"(?:[{_UP}][^\W\d_]+[ \t]+){{1,3}}[{_UP}][^\W\d_'’-]+(?:-[{_UP}][^\W\d_'’]+)?"
    role_name = re.compile(
        rf"(['’]s)?[ \t]+((?:(?:{quals}|[a-z][a-z-]+)[ \t]+){{0,2}}(?:{role}))[ \t]+({name})"
        r"(?![\w-]|['’](?![sS]\b))"
    )
    appos = re.compile(
        rf",[ \t]+(the[ \t]+(?:[\w'’-]+[ \t]+){{0,4}}?(?:{role})"
        rf"(?:[ \t]+(?:of|for|at)[ \t]+(?:the[ \t]+)?{_SEQ})?)(?=,|[ \t]+(?:said|says|told))"
    )
    return role_name, appos


_PAST = frozenset(("former", "late", "ex", "onetime", "erstwhile"))
_CAMEL = re.compile(r"[a-z][A-Z]")
_GROUP_RE = re.compile(r"G-?\d{1,2}$")
_DATES = frozenset(
    """Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
    June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept
    Oct Nov Dec""".split()  # noqa: SIM905 (a word list reads better as text)
)


def _pieces(
    tokens: list[str], stop: frozenset[str], places: frozenset[str] = frozenset()
) -> list[list[str]]:
    """Split a run at capitalised function words and dates ("Paris Agreement In", "But I'm",
    "London on Monday"); a piece after a split starts with the splitting word in lower case
    (the piece's previous word). A place written as in ``places`` ending the run is no function
    word ("the US government": "US" is not "us"); inside a run it splits as before ("US Fish
    and Wildlife Service": the body without its country)."""
    out: list[list[str]] = [[""]]
    for i, t in enumerate(tokens):
        low = t.lower()
        place = t in places and i == len(tokens) - 1
        function = (low in stop and not place) or _CONTRACTION.search(low)
        if t in _DATES or (t[:1].isupper() and function):
            out.append([low])
        else:
            out[-1].append(t)
    for p in out:
        while len(p) > 1 and not p[-1][:1].isupper():
            p.pop()  # a connector left before a split ("Wilbur Ross on Thursday")
    return [p for p in out if len(p) > 1 and p[1][:1].isupper()]


_AFFIL = "@"  # marks a piece split off after a person's name: "<Name> of <X>"


def _split_connector(pieces: list[list[str]], w: Words) -> list[list[str]]:
    """ "Ed Markey of Massachusetts" -> "Ed Markey", "Massachusetts": a two- or three-word name
    (after an honorific or role: "Prof Jane Roe of ...", "Dr Roe of ...") before "of"/"for"/"on"
    is a person, what follows is named on its own, as the person's affiliation (its first word
    is then ``_AFFIL`` + the connector)."""
    out = []
    for p in pieces:
        k = next((i for i, t in enumerate(p) if i and t in ("of", "for", "on")), -1)
        before = p[1:k]
        lead = 0
        while lead < len(before) - 1 and _is_role(before[lead], w):
            lead += 1  # "Prof David Peterson", "Dr Roe"
        name = before[lead:]
        if (
            k > 0
            and (2 <= len(name) <= 3 or (lead and len(name) == 1))
            and not any(t in w.org_heads or t in w.place_heads or _is_role(t, w) for t in name)
        ):
            after = [t for t in p[k + 1 :] if t != "the"]
            out.append(p[:k])
            if after and after[0][:1].isupper():
                out.append([_AFFIL + p[k], *after])
        else:
            out.append(p)
    return out


def discover_actors(
    sentences: pd.DataFrame,
    words: Words | str | Path | None = None,
    min_count: int = 2,
    language: ModuleType = lang.DEFAULT,
) -> pd.DataFrame:
    """Draft actors of a corpus (columns :data:`DISCOVERY_COLUMNS`, sorted for pruning).

    ``sentences``: the sentences table (article_id, sentence_index, text[, is_headline]);
    ``words``: the word lists (:func:`load_words`; None: shipped); ``min_count``: actors
    mentioned fewer times are left out (with 1 or 2, a person named once in full as a speaker
    or after a role is kept: "Port chief Lena Hart"); ``language``: the run's language resources
    (analysis.lang: its stop words).
    """
    w = words if isinstance(words, Words) else load_words(words)
    texts, aids, sidx = _sentence_texts(sentences)
    joined = "\n" + "\n".join(texts)
    starts: list[int] = []
    pos = 1
    for t in texts:
        starts.append(pos)
        pos += len(t) + 1
    lower = _lower_counts(joined)
    stop = lang.load_stopwords(None, language)
    role_name, appos = _after_patterns(w)

    stats: dict[str, _Stats] = defaultdict(_Stats)
    first: dict[str, int] = {}
    scan = _Scan(
        joined,
        stats,
        first,
        w,
        role_name,
        appos,
        stop,
        w.titles - w.title_qualifiers,
        w.not_actor_heads - w.org_heads,
        lower,
    )
    memo: dict[tuple[str, bool], tuple[list[_Piece], bool]] = {}
    shouted = _shouted(joined)
    last_affil = -10  # end of the last run in an affiliation
    later = []  # runs of title-case headline lines: counted after the others
    for s, e, seq in _runs(joined, shouted, lower, w):
        prev, initial = _before(joined, s)
        nm = _NEXT_RE.match(joined, e)
        nxt = (nm.group(1) or "'") if nm else ""
        got = memo.get((seq, initial))
        if got is None:
            split = seq.split()
            got = memo[(seq, initial)] = (
                _analyse(seq, initial, stop, lower, w),
                _title_case_line(split, stop),
            )
        parts, title_case = got
        if title_case:
            later.append((s, e, prev, nxt, parts))
            continue
        parts = parts or (_initial_speaker(seq, nxt, stop, w) if initial else parts)
        credit = _not_itself(joined, s, e, seq, last_affil, stats, w, lower)
        if _count_run(scan, (s, e), prev, nxt, parts, credit, last_affil, starts):
            last_affil = e
    # a title-case line ("Jane Roe Shifts The Debate From Rain To Fire") adds to the names found
    # elsewhere ("Trump Administration" beside "Trump administration"), never a new one
    known = {k.lower() for k, st in stats.items() if st.count}
    for s, e, prev, nxt, parts in later:
        parts = [p for p in parts if p[0].lower() in known or _org_by_words(p[0], w)]
        _count_run(scan, (s, e), prev, nxt, parts, False, last_affil, starts)

    _numbered_units(joined, stats, first, starts, w)
    actors = _merge(stats, w, lower)
    _bare_offices(actors, joined, first, w)
    _body_titles(actors, first, w)
    return _rows(actors, first, starts, texts, aids, sidx, min_count, w)


def _numbered_units(
    joined: str, stats: dict[str, _Stats], first: dict[str, int], starts: list[int], w: Words
) -> None:
    """Count "<unit> <number>" ("Region 5", "Local 32"; ``numbered_units``): a capitalised run
    stops before a number, so these are found apart."""
    if not w.numbered_units:
        return
    units = "|".join(re.escape(u) for u in sorted(w.numbered_units))
    for m in re.finditer(
        rf"(?<![\w-])(?:{units})[ \t]+(?:\d{{1,4}}|[IVX]{{1,5}})(?![\w-])", joined
    ):
        key = " ".join(m.group().split())
        st = stats[key]
        st.count += 1
        st.articles.add(bisect_right(starts, m.start()))
        first.setdefault(key, m.start())


_TOLD_THE = re.compile(r"\b(?:told|tells)[ \t]+the[ \t]+$")


def _count_run(
    scan: _Scan,
    span: tuple[int, int],
    prev: str,
    nxt: str,
    parts: list[_Piece],
    credit: bool,
    last_affil: int,
    starts: list[int],
) -> bool:
    """Count the pieces of the run at ``span`` (previous word ``prev``, next ``nxt``) in
    ``scan.stats``; True when one is in a person's affiliation (:func:`_affiliated`)."""
    s, e = span
    joined, stats, first, w = scan.joined, scan.stats, scan.first, scan.w
    art = bisect_right(starts, s)
    in_affil = False
    for key, title, is_first, is_last, pv_override, affil in parts:
        st = stats[key]
        st.count += 1
        if (
            affil
            or (credit and is_last)
            or (is_first and pv_override is None and _affiliated(joined, s, prev, w))
        ):
            st.affil += 1
            in_affil = True
        if key not in first:
            first[key] = s
        st.articles.add(art)
        pv = (prev if pv_override is None else pv_override) if is_first else ""
        if pv in w.place_prepositions:
            st.place_prev += 1
        st.the_prev += pv == "the"
        if pv == "the" and _TOLD_THE.search(joined, max(0, s - 16), s):
            st.source += 1  # "told the Guardian": an outlet as a quote's source
        thing = nxt.capitalize()
        multi = " " in key and thing not in w.issued_heads
        if is_last and thing in scan.things and (_is_acronym(key) or multi):
            # (a body's name before its own report or summit stays the body's)
            st.thing += 1
        if (
            pv in w.speech_verbs
            or (is_last and nxt in w.speech_verbs and not _object_of(joined, s, pv, w))
            or (" " in key and _set_off_speaker(joined, s, e, w, is_first, is_last))
        ):
            st.speaker += 1
            st.source += pv in w.source_before or (is_last and nxt in w.source_after)
        elif pv in scan.roles and not title and " " in key:  # "study co-author Jane Roe"
            st.honorific += 1  # (a lone word after one is too often no name: "director Dean")
            st.cue += 1  # a person named in full after a role: kept if named once
        if title:
            title = _add_title(st, title, pv, first, s)
        if is_last:
            _after_run(scan, (s, e), key, title, nxt, art)
    return in_affil


_SET_OFF_AFTER = re.compile(r",[ \t]+([a-z]+)\b")
_ACCORDING_TO = re.compile(r"(?i:according)[ \t]+to[ \t]+$")


def _set_off_speaker(joined: str, s: int, e: int, w: Words, is_first: bool, is_last: bool) -> bool:
    """Tenth pass: is the full name at ``s:e`` a speaker slot that a comma hides from
    :data:`_NEXT_RE`: a name set off by commas right before a reporting verb ("the bloc's top
    official, Jane Roe, said"), or the name after "according to"? (A name opening a clause,
    "Jane Roe, who chairs it, said", has no comma before it and stays no speaker.)"""
    m = _SET_OFF_AFTER.match(joined, e) if is_last else None
    if m and m.group(1) in w.speech_verbs and joined[max(0, s - 2) : s] == ", ":
        return True
    return is_first and bool(_ACCORDING_TO.search(joined, max(0, s - 20), s))


def _object_of(joined: str, s: int, pv: str, w: Words) -> bool:
    """Is the run at ``s`` (previous word ``pv``) the object of a preposition ("a fellow at
    the X Institute wrote": the fellow writes, not the institute)?"""
    if pv in w.place_prepositions or pv in _AFFIL_PREP:
        return True
    return (
        pv == "the" and s >= 4 and _before(joined, s - 4)[0] in w.place_prepositions | _AFFIL_PREP
    )


def _add_title(st: _Stats, title: str, pv: str, first: dict[str, int], s: int) -> str:
    """Count a title written before a name ("President" in "President Jane Roe"); returns it
    as counted ("former President" after "former")."""
    st.honorific += 1
    if pv in _PAST:  # "former President Barack Obama" holds another office
        title = f"{pv} {title}"
    st.titles[title] += 1
    first.setdefault(title, s)
    return title


# a wire credit after a dateline: "WASHINGTON (Reuters) -", "(CNN)": no mention of the outlet
_CREDIT_AFTER = re.compile(r"[ \t]*[-–—]|[ \t]*$|[ \t]+[A-Z]", re.M)
_NAME_NEXT = re.compile(rf"{_SEQ}[ \t]*,[ \t]+(?:[{_UP}][\w'’-]+[ \t]+)*[{_UP}][\w'’-]+[ \t]+[a-z]")
_POSS_NAME = re.compile(rf"['’]s[ \t]+([{_UP}][a-z]+[ \t]+[{_UP}][a-z]+)(?![\w'’-])")
_PAREN = re.compile(r"(?:['’]s)?[ \t]*\(|['’]s[ \t]+")
_AFFIL_PREP = frozenset(("at", "of", "from", "with"))
_AFFIL_END = re.compile(r"\b(?:at|of|from|with)[ \t]+(?:the[ \t]+)?$")


_EXPANSION = re.compile(rf"({_SEQ}|(?<![\w'’.-])[a-z][\w-]*)[ \t]*\($")
_NEXT_WORD = re.compile(r"[ \t]+([a-z]+)")


def _not_itself(
    joined: str,
    s: int,
    e: int,
    seq: str,
    last_affil: int,
    stats: dict[str, _Stats],
    w: Words,
    lower: Counter,
) -> bool:
    """Is the run s..e a wire credit ("(Reuters) -"), a body before a person's name ("the
    Sierra Club's Jane Roe") or an acronym right after an affiliation ("... Council's (NRDC)
    water division")? Also counts an acronym defined for a thing (:func:`_abbreviates_thing`)."""
    paren = joined.startswith(")", e)
    if paren and joined[s - 1] == "(" and _is_acronym(seq):
        stats[seq].document += _abbreviates_thing(joined, s, e, w)
    poss = _POSS_NAME.match(joined, e)
    if poss is not None and (_is_acronym(seq) or any(t in w.org_heads for t in seq.split())):
        # "the Sierra Club's Jane Roe": a body's person (not "Obama's Deferred Action", a
        # thing: its words are common words too)
        name = poss.group(1)
        heads = w.not_actor_heads | w.org_heads | w.place_heads
        if not any(lower[t.lower()] or t in heads for t in name.split()):
            stats[name].cue += 1
    return (
        (paren and _CREDIT_AFTER.match(joined, e + 1) is not None)
        or poss is not None
        or (s - last_affil < 6 and _PAREN.fullmatch(joined, last_affil, s) is not None)
    )


def _abbreviates_thing(joined: str, s: int, e: int, w: Words) -> bool:
    """Is the acronym in parentheses at s..e defined for a thing, not a body: after a run
    that names no actor ("National Climate Assessment (NCA)", "Clean Water Act (CWA)"), after
    lower-case words ("per- and polyfluoroalkyl substances (PFAS)"), or before a document word
    ("Fair Access to Insurance Requirements (FAIR) plan")?"""
    m = _EXPANSION.search(joined, max(0, s - 120), s)
    if m is None:
        return False
    if m.group(1)[:1].islower():
        return True
    nxt = _NEXT_WORD.match(joined, e + 1)
    if nxt and nxt.group(1).capitalize() in w.not_actor_heads - w.org_heads:
        return True
    toks = m.group(1).split()
    return _by_words(toks, [t for t in toks if t[:1].isupper()], w) == _NOT


def _affiliated(joined: str, s: int, prev: str, w: Words) -> bool:
    """Is the run at ``s`` a person's affiliation, a body inside a person's title (not a
    mention of it, docs/METHODS.md)? "a climate scientist at <X>", "the director of the <X>",
    "Jane Roe, from <X>": after at/of/from/with (and "the") that follow a role word in the same
    clause, or a name and a comma."""
    if prev not in _AFFIL_PREP and prev != "the":
        return False
    window = joined[max(0, s - 160) : s]
    m = _AFFIL_END.search(window)
    if m is None:
        return False
    clause = window[: m.start()]
    cut = max(clause.rfind(c) for c in '.;:!?\n"“”(')
    clause = clause[cut + 1 :]
    comma = clause.rfind(",")
    tail = clause[comma + 1 :].split()
    head = clause[:comma].split() if comma >= 0 else []
    named = bool(head) and head[-1][:1].isupper() and head[-1].strip(".") not in w.never
    if not tail:  # "Jane Roe, from <X>": right after a name and a comma
        return named
    # a named person's role ("Jane Roe, a scientist at <X>"; "As head of <X>, Roe ..."), not an
    # unnamed one's ("a representative of <X> said": that names the body)
    roles = w.titles - w.title_qualifiers
    if not any(t.lower() in roles for t in tail if t.islower() or t.isupper()):  # "CEO of"
        return False
    return named or _NAME_NEXT.match(joined, s) is not None


# three or more upper-case words in a row: a teaser, subheading or shouted headline ("CLICK
# TO GET THE FOX NEWS APP"), not names
_SHOUTED_RE = re.compile(
    r"(?<![\w'’])(?:(?=[A-Z0-9$&'’:,.-]*[A-Z]{2})[A-Z0-9$&'’:,.-]+[ \t]+){2,}"
    r"(?=[A-Z0-9$&'’:,.-]*[A-Z]{2})[A-Z0-9$&'’:,.-]+(?![a-z])"
)
# a photo credit: "Jane Roe/AP", "Jane Roe/Getty Images"
_CREDIT_RE = re.compile(r"/[A-Z]")


# a dateline's city in capitals before a state and a dash ("SPRINGFIELD, Ill. (AP) —")
_DATELINE_CITY = re.compile(
    r"(?<![\w'’])[A-Z]{3,}(?:[ \t][A-Z]{3,}){0,2}(?=,[ \t][A-Z][a-z]{1,5}\.[ \t]*"
    r"(?:\([A-Z][\w.&-]*\)[ \t]*)?[—–-])"
)


def _shouted(joined: str) -> tuple[list[int], list[int]]:
    """(starts, ends) of the stretches of the corpus text whose capitals name no one, by start:
    upper-case stretches (teasers, shouted headlines), a dateline's city ("HAZARD, Ky. (AP)
    —") and wire credit lines ("AP writer Jane Roe contributed to this report")."""
    spans = [m.span() for m in _SHOUTED_RE.finditer(joined)]
    spans += [m.span() for m in _DATELINE_CITY.finditer(joined)]
    for m in _CREDIT_ROLE.finditer(joined):
        if _CREDIT_END.match(joined, m.end()):
            line = joined.rfind("\n", 0, m.start()) + 1
            end = joined.find("\n", m.end())
            spans.append((line, len(joined) if end < 0 else end))
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return [a for a, _ in merged], [b for _, b in merged]


_AND_RE = re.compile(r"[ \t]+(?:and|&)[ \t]+")


def _runs(
    joined: str, shouted: tuple[list[int], list[int]], lower: Counter, w: Words
) -> Iterator[tuple[int, int, str]]:
    """(start, end, text) of the capitalised runs, outside upper-case stretches and photo
    credits; a transcript's speaker label ("RH:" opening a sentence) is structure, not a name.
    An institution's name with "and" in it is one run ("National Oceanic and Atmospheric
    Administration", "Office of Management and Budget"): a run of up to four words joins the run
    after "and"/"&" when that one has at most three words, each also used in lower case or a
    word of the lists, and ends in an organisation word or follows "<Org word> of/on/for ..."."""
    skip_until = -1
    for m in _SEQ_RE.finditer(joined):
        s, e = m.span()
        if s < skip_until or _skip_run(joined, s, e, shouted):
            continue
        seq = m.group()
        label = joined.startswith(":", e) and _is_acronym(seq)
        if label and (joined[s - 1] not in " \t" or _before(joined, s)[1]):
            continue  # "RH: ..." opening a sentence, or glued to the last one ("?RH:")
        a = _AND_RE.match(joined, e)
        nm = _SEQ_RE.match(joined, a.end()) if a else None
        head = [t for t in seq.split() if t not in ("The", "A", "An")] if nm else []
        if 2 <= len(head) <= 4:  # not "House and Senate"
            toks = nm.group().split()
            org_of = head[0] in w.org_heads and any(f" {c} " in seq for c in ("of", "on", "for"))
            common = all(
                lower[t.lower()] or t in w.org_heads or t in w.not_actor_heads for t in toks
            )
            if len(toks) <= 3 and common and (toks[-1] in w.org_heads or org_of):
                skip_until = nm.end()
                yield s, nm.end(), joined[s : nm.end()]
                continue
        yield s, e, seq


def _skip_run(joined: str, s: int, e: int, shouted: tuple[list[int], list[int]]) -> bool:
    """Is the run s..e inside an upper-case stretch or a photo credit?"""
    k = bisect_right(shouted[0], s) - 1
    if k >= 0 and s < shouted[1][k]:
        return True
    return bool(_CREDIT_RE.match(joined, e))


def _role_words_ok(words: list[str], w: Words, stop: frozenset[str]) -> bool:
    """Are the words before a role word ("county" in "Butte county sheriff Jane Roe",
    "climate" in "University X climate scientist Jane Roe") qualifiers of it, not a verb or
    a function word ("Roe said economist ...", "Roe appointed judge ...")?"""
    return all(
        t in w.title_qualifiers
        or (
            t not in stop
            and t not in w.speech_verbs
            and len(t) > 2
            and not t.endswith(("ed", "ing", "ly"))
        )
        for t in words
    )


class _Scan(NamedTuple):
    joined: str
    stats: dict[str, _Stats]
    first: dict[str, int]
    w: Words
    role_name: re.Pattern[str]
    appos: re.Pattern[str]
    stop: frozenset[str]
    roles: frozenset[str]  # role words that are no qualifier
    things: frozenset[str]  # words of a thing, no body ("Rule", "Plan": not_actor_heads)
    lower: Counter  # lower-case word counts of the corpus


def _named_campaign(key: str, scan: _Scan) -> bool:
    """Is "<key> campaign" a candidate's campaign ("the Roe campaign"), not a cause's or an
    office's ("the Beyond Coal campaign", "his Senate campaign")? Every word a name: no
    organisation word, no word written in lower case a tenth as often as the run is named
    ("coal"; "trump" in a web address is no reason)."""
    named = scan.stats[key].count
    return all(
        t not in scan.w.org_heads and 10 * scan.lower[t.lower()] <= named for t in key.split()
    )


def _after_run(
    scan: _Scan, span: tuple[int, int], key: str, title: str, nxt: str, art: int
) -> None:
    """What follows a run: "<Name> administration" (an institution), a role and a name ("Kremlin
    spokesman Dmitry Peskov": a title of Peskov), a definite apposition ("X, the Kremlin
    spokesman,": a title of X)."""
    s, e = span
    stats, first, w, joined = scan.stats, scan.first, scan.w, scan.joined
    st = stats[key]
    if (
        nxt in ("administration", "government", "party", "campaign")
        and not title
        and key not in w.number_words
        and (nxt != "campaign" or _named_campaign(key, scan))
    ):
        # (not "Thirteen government agencies": a count opening a sentence)
        body = stats[f"{key} {nxt}"]  # "the Trump administration", "the Canadian government"
        body.count += 1
        body.articles.add(art)
        first.setdefault(f"{key} {nxt}", s)
        st.in_title += 1
    rm = scan.role_name.match(joined, e) if nxt else None
    if rm and not _role_words_ok(rm.group(2).split()[:-1], w, scan.stop):
        rm = None
    if rm:
        head = " ".join(t for t in key.split() if t not in ("The", "A", "An"))
        _, person = _split_title(rm.group(3).split(), w)
        if head and person:
            title_text = f"{head}{rm.group(1) or ''} {rm.group(2)}"
            ps = stats[" ".join(person)]
            ps.titles[title_text] += 1
            ps.honorific += 1
            first.setdefault(title_text, s)
            st.in_title += 1
        return
    am = scan.appos.match(joined, e) if joined.startswith(", the", e) else None
    if am:
        st.titles[am.group(1)] += 1
        first.setdefault(am.group(1), am.start(1))
    if " " in key and _person_cue(joined, e, w):
        st.cue += 1
    if " " in key and _body_cue(joined, s, e, w):
        st.body += 1


_PARTY_TAG = re.compile(r"[ \t]*\([DRI]-[A-Z]")  # "Jane Roe (D-Hawaii)", "(R-Miss.)"
_APPOS = re.compile(
    r",[ \t]+(?:(?:a|an|the|now|then|former)[ \t]+)?((?:[\w'’-]+[ \t]+){0,4}[\w'’-]+)"
)


def _person_cue(joined: str, e: int, w: Words) -> bool:
    """Does a person's cue follow a name ending at ``e``: an apposition whose first five words
    hold a role word (", a climate scientist at ...", ", editor-in-chief of ...", ", an IPCC
    co-chair,") or a party tag ("(D-Hawaii)")?"""
    if _PARTY_TAG.match(joined, e):
        return True
    m = _APPOS.match(joined, e) if joined.startswith(",", e) else None
    if m is None:
        return False
    roles = w.titles - w.title_qualifiers
    return any(t in roles for t in re.findall(r"[a-z]+(?:-[a-z]+)?|[a-z]+", m.group(1)))


_APPOS_END = frozenset(
    ("in", "of", "at", "for", "that", "which", "who", "with", "and", "to", "from", "on", "based")
)
_WORD_BEFORE = re.compile(r"([a-z][a-z-]*)[ \t]+$")


def _body_cue(joined: str, s: int, e: int, w: Words) -> bool:
    """Tenth pass: does a body noun (``w.body_nouns``) stand right before the name at ``s:e``
    ("petrochemical giant Kinder Morgan") or head the apposition after it ("Kinder Morgan, the
    largest energy infrastructure company in North America": its words up to a preposition or
    relative, "company")? A person's role heads such an apposition (", the group's founder")."""
    before = _WORD_BEFORE.search(joined, max(0, s - 30), s)
    if before and before.group(1) in w.body_nouns:
        return True
    m = _APPOS.match(joined, e) if joined.startswith(",", e) else None
    if m is None:
        return False
    words = m.group(1).split()
    cut = next((i for i, t in enumerate(words) if t in _APPOS_END), len(words))
    return cut > 0 and words[cut - 1] in w.body_nouns


def _before(joined: str, s: int) -> tuple[str, bool]:
    """(the lower-case word right before position ``s`` or "", whether ``s`` opens a
    sentence or a quotation)."""
    c = joined[s - 1] if s else "\n"
    if c == "\n" or c in '“"‘(':
        return "", True
    if c not in " \t":
        return "", False
    k = s - 2
    lo = max(0, s - 25)
    while k >= lo and joined[k].isalpha():
        k -= 1
    word = joined[k + 1 : s - 1]
    if word.islower():
        return word, False
    if not word and k >= 0 and joined[k] in '\n“"‘(—–-':
        return "", True
    return "", False


def _initial_speaker(seq: str, nxt: str, stop: frozenset[str], w: Words) -> list[_Piece]:
    """A lone sentence-initial word before a reporting verb (``nxt``), kept although it is also
    a common word ("Long told reporters"): it counts only as the surname of a discovered
    person (_add_single)."""
    if nxt not in w.speech_verbs or " " in seq or seq.lower() in stop or seq in w.never:
        return []
    if _is_role(seq, w) or not seq[1:].islower():
        return []
    return [(seq, "", True, True, "", False)]


_Piece = tuple[str, str, bool, bool, str | None, bool]
_NAME_GLUE = frozenset(("of", "the", "and", "for", "de", "du", "van", "von", "al", "la", "le"))


def _org_by_words(key: str, w: Words) -> bool:
    """Do a run's words alone make it an institution ("Federal Energy Regulatory Commission")?"""
    toks = key.split()
    return _by_words(toks, [t for t in toks if t[:1].isupper()], w) == "institution"


def _title_case_line(tokens: list[str], stop: frozenset[str]) -> bool:
    """Is a run a title-case headline line ("Jane Roe Shifts The Debate From Rain To Fire")?
    Two capitalised function words inside it, one of them no name's glue ("Friends Of The
    Earth" is a name)."""
    inner = [t.lower() for t in tokens[1:] if t[:1].isupper() and t.lower() in stop]
    return len(inner) >= 2 and any(t not in _NAME_GLUE for t in inner)


def _analyse(
    seq: str, initial: bool, stop: frozenset[str], lower: Counter, w: Words
) -> list[_Piece]:
    """The pieces of a capitalised run: (name key, title, first piece, last piece, previous
    word when the sentence-initial words were dropped else None, in a person's affiliation:
    "Jane Roe of <X>", "CEO of <X>")."""
    split = seq.split()
    pieces = _split_connector(_pieces(split, stop, w.places), w)
    out = []
    for k, (before, *tokens) in enumerate(pieces):
        affil = before.startswith(_AFFIL)
        before = before.removeprefix(_AFFIL)
        init = initial and k == 0 and tokens[0] == split[0]
        pv: str | None = before if k or before else None  # "The X": the split word "the"
        # drop sentence-initial common words ("The", "Climate", "But")
        while tokens and (init or tokens[0] in ("The", "A", "An")):
            head = tokens[0]
            if len(tokens) > 1 and _is_role(head, w) and tokens[1][:1].isupper():
                break  # "President Jane Roe said", "Former President ...": a title, kept
            if head in ("The", "A", "An") or head.lower() in lower or head in w.never:
                tokens = tokens[1:]
                while tokens and not tokens[0][:1].isupper():
                    tokens = tokens[1:]
                init, pv = False, ("the" if head == "The" else "")
                continue
            break
        if not tokens:
            continue
        while len(tokens) > 2 and tokens[0] in w.never and not _is_role(tokens[1], w):
            tokens = tokens[1:]  # "Republican John Doe", "Democrat Jane Roe"
        title, name = _split_title(tokens, w)
        title = _plain_title(title, lower, w)
        while name and not name[0][:1].isupper():
            affil = affil or name[0] in ("of", "at")  # "<role> of <X>", "CEO of <X>"
            name = name[1:]  # "CEO of Energy Futures Initiative": the body, not "of ..."
        while len(name) > 2 and name[-1].lower() in w.speech_verbs:  # not "United States"
            name = name[:-1]  # a title-case headline line: "Jane Roe Says ..." names Jane Roe
        if not name:
            continue
        out.append((" ".join(name), " ".join(title), True, k == len(pieces) - 1, pv, affil))
    return out


def _plain_title(title: list[str], lower: Counter, w: Words) -> list[str]:
    """A title without the capitalised common words a glued headline leaves before it
    ("Internet Hoax President", "Worse President": President): a leading word written in
    lower case at least twice as often as capitalised ("hoax", not "Commerce" or "United")
    that is no role, qualifier, organisation word or place is dropped (none where an
    organisation word shows the title holds a body's name); a title left opening with a
    lower-case word is the role alone."""
    if len(title) < 2 or any(t in w.org_heads for t in title[:-1]):
        return title  # a body's name ("Federal Emergency Management Agency Administrator")
    k = 0
    while k < len(title) - 1:
        t = title[k]
        low = t.lower()
        if (
            lower[low] < max(2, 2 * lower[t])
            or low in w.titles
            or low in w.title_qualifiers
            or t in w.org_heads
            or t in w.places
            or _is_acronym(t)
        ):
            break
        k += 1
    return title[k:] if title[k][:1].isupper() else title[-1:]


class _Groups(NamedTuple):
    persons: dict[tuple[str, str], _Actor]  # (given, surname) skeletons -> person
    insts: dict[str, _Actor]  # name skeleton -> institution
    by_surname: dict[str, list[_Actor]]
    by_given: dict[str, list[_Actor]]
    initials: dict[str, _Actor]  # initials of a multi-word institution name -> it
    by_head: dict[str, list[_Actor]]  # last word of a multi-word institution name -> them
    by_first: dict[str, list[_Actor]]  # "Duke" -> "Duke Energy": first word before org words


def _index(persons: dict[tuple[str, str], _Actor], insts: dict[str, _Actor], w: Words) -> _Groups:
    """The lookups of :func:`_add_single`: persons by surname (and by a long surname with one
    letter left open, for misspellings), by given name; institutions by initials, by the last
    word, and by a first word that only organisation words follow ("Duke Energy")."""
    groups = _Groups(
        persons,
        insts,
        defaultdict(list),
        defaultdict(list),
        {},
        defaultdict(list),
        defaultdict(list),
    )
    person_initials: dict[str, list[_Actor]] = defaultdict(list)
    for (given, last), a in persons.items():
        groups.by_surname[last].append(a)
        groups.by_given[given].append(a)
        full = max(a.names, key=lambda n: (len(n.split()), a.names[n], n))
        letters = "".join(p[0] for p in re.split(r"[\s-]+", full.replace(".", "")) if p)
        if len(letters) >= 3 and letters.isupper():
            person_initials[letters].append(a)
        if len(last) >= 7:  # "Cornyn" is no misspelling of "Corbyn"
            for i in range(1, len(last)):  # one letter changed, not the first: a misspelling
                groups.by_surname[_ONE_OFF + last[:i] + "?" + last[i + 1 :]].append(a)
    for letters, owners in person_initials.items():
        if len(owners) == 1:  # "AOC": Alexandria Ocasio-Cortez, "FDR": Franklin D. Roosevelt
            groups.initials[letters] = owners[0]
    for a in insts.values():
        name = max(a.names, key=lambda n: (a.names[n], n))
        caps = [t for t in name.split() if t[:1].isupper()]
        if len(caps) > 1:
            groups.initials.setdefault("".join(t[0] for t in caps), a)
            groups.by_head[name.split()[-1].lower()].append(a)
        toks = name.split()
        if (
            2 <= len(toks) <= 3
            and len(toks[0]) > 2
            and toks[0][1:].islower()  # a word, not an initial or acronym ("E&E News")
            and toks[0] not in w.org_heads
            and toks[0] not in w.never
            and toks[0] not in w.places
            and toks[-1].lower() not in _NOT_SHORT_ENDS  # "Serbian government", "Brexit party"
            and all(t in w.org_heads for t in toks[1:])
        ):
            groups.by_first[toks[0]].append(a)
    return groups


def _merge(stats: dict[str, _Stats], w: Words, lower: Counter) -> dict[str, _Actor]:
    """Group the runs into actors (see the module docstring, rule 4)."""
    persons: dict[tuple[str, str], _Actor] = {}
    insts: dict[str, _Actor] = {}
    singles: dict[str, _Stats] = {}
    for key, st in stats.items():
        toks = key.split()
        lone = stats.get(toks[-1]) if len(toks) > 1 else None
        cued = lone is not None and bool(lone.speaker or lone.honorific)
        kind = _classify(toks, st, w, lower, cued) if key else None
        if kind == "single" or (key in w.places and 2 * (st.speaker + st.honorific) >= st.count):
            singles[key] = st  # (a place word mostly speaking: a surname at most, "Wall said")
        elif kind == "institution" and " " in key and 2 * st.thing >= st.count:
            continue  # a name mostly before a thing's word names the thing ("the Clean Air rule")
        elif kind is not None:
            a = _add_run(persons, insts, key, st, kind)
            if kind == "institution" and len(toks) > 1 and toks[-1] in w.org_heads:
                a.evidence.add("org word")
    _merge_given_variants(persons)
    _merge_extended_names(persons)
    _merge_name_variants(insts, w)
    groups = _index(persons, insts, w)
    _add_singles(groups, singles, stats, w, lower)
    out: dict[str, _Actor] = {}
    for a in [*persons.values(), *insts.values()]:
        if a.speaker:
            a.evidence.add("speaker")
        full = [n for n in a.names if len(n.split()) > 1] or list(a.names)
        canonical = max(full, key=lambda n: (a.names[n], -len(n), n))
        if canonical in out:  # two groups with one name: keep them apart by type
            canonical = f"{canonical} ({a.type})"
        out[canonical] = a
    return out


_VOWELS = frozenset("aeiou")
_NAME_GLUE_WORDS = frozenset(("of", "for", "on", "the", "and", "&", "de"))


def _content_words(name: str, w: Words) -> list[str]:
    """The words of a body's name that tell it apart, lower-case, without dots, glue words and
    a leading country or place ("U.S. Court of Appeals for the D.C. Circuit" -> court, appeals,
    dc, circuit)."""
    toks = [t.strip(".,") for t in name.split() if t.lower() not in _NAME_GLUE_WORDS]
    if len(toks) > 3 and (toks[0] in w.places or toks[0].replace(".", "") in w.places):
        toks = toks[1:]
    return [t.replace(".", "").lower() for t in toks if t]


def _merge_name_variants(insts: dict[str, _Actor], w: Words) -> None:
    """One body under reordered or abbreviated names ("Department of State" / "State
    Department"; "Court of Appeals for the District of Columbia Circuit" / "U.S. Circuit Court of
    Appeals for the District of Columbia" / "U.S. Court of Appeals for the D.C. Circuit"): the
    same set of words, two or more with an organisation word among them, once a leading place
    is dropped and an acronym is read as the initials of words another of the names has in a
    row. The less named form joins the more named one."""
    heads = {h.lower() for h in w.org_heads}
    sigs: dict[str, frozenset[str]] = {}
    spelled: dict[str, list[str]] = {}
    for key, a in insts.items():
        name = max(a.names, key=lambda n: (a.names[n], n))
        words = _content_words(name, w)
        if len(words) >= 2 and heads & set(words):
            sigs[key] = frozenset(words)
            spelled[key] = words
    if len(sigs) < 2:
        return
    runs = _initial_runs(list(spelled.values()))
    by_sig: dict[frozenset[str], list[str]] = defaultdict(list)
    for key, sig in sigs.items():
        full = set()
        for t in sig:
            full |= runs[t] if (t in runs and t not in heads and len(t) <= 3) else {t}
        by_sig[frozenset(full)].append(key)
    for keys in by_sig.values():
        if len(keys) < 2:
            continue
        keys.sort(key=lambda k: (-sum(insts[k].names.values()), k))
        for k in keys[1:]:
            _absorb(insts[keys[0]], insts.pop(k))


def _initial_runs(names: list[list[str]]) -> dict[str, frozenset[str]]:
    """Initials of two or three words in a row of the names -> those words ("dc" -> district,
    columbia): how an acronym inside another spelling is read."""
    runs: dict[str, frozenset[str]] = {}
    for words in names:
        for i in range(len(words) - 1):
            for j in (i + 2, i + 3):
                if j <= len(words):
                    runs.setdefault("".join(t[0] for t in words[i:j]), frozenset(words[i:j]))
    return runs


def _absorb(big: _Actor, b: _Actor) -> None:
    """Add actor ``b``'s names, titles and cues to ``big``."""
    big.names.update(b.names)
    big.titles.update(b.titles)
    big.speaker += b.speaker
    big.cue += b.cue
    big.source += b.source
    big.full += b.full
    big.affil += b.affil
    big.evidence |= b.evidence
    big.articles |= b.articles


def _merge_given_variants(persons: dict[tuple[str, str], _Actor]) -> None:
    """One person under two spellings of the given name (Katherine / Katharine Hayhoe): same
    surname, given names of five letters or more that differ in one vowel inside the word. The
    less named form joins the more named one. Surnames are not merged so: Waters and Watters
    are two people."""
    by_last: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key in persons:
        by_last[key[1]].append(key)
    for keys in by_last.values():
        if len(keys) < 2:
            continue
        keys.sort(key=lambda k: (-sum(persons[k].names.values()), k))
        for i, small in enumerate(keys[1:], 1):
            big = next(
                (k for k in keys[:i] if k in persons and _vowel_variant(k[0], small[0])), None
            )
            if big is not None and small in persons:
                _absorb(persons[big], persons.pop(small))


_GENERATIONS = frozenset(("jr", "sr", "ii", "iii", "iv"))


def _merge_extended_names(persons: dict[tuple[str, str], _Actor]) -> None:
    """A person's full name with one word more is the same person: a title-case headline's next
    word ("Jane Roe Underway"); not a generational suffix ("Jane Roe Jr" is her child). The
    longer form joins the person whose names hold the shorter one (so "Jane" alone is no
    longer two persons' given name)."""
    by_name = {n: k for k, a in persons.items() for n in a.names if len(n.split()) >= 2}
    for key in sorted(persons, key=lambda k: (-len(max(persons[k].names, key=len)), k)):
        a = persons.get(key)
        if a is None or len(a.names) != 1:
            continue
        toks = next(iter(a.names)).split()
        if len(toks) < 3 or toks[-1].strip(".").lower() in _GENERATIONS:
            continue
        big = by_name.get(" ".join(toks[:-1]))
        if big is not None and big != key and big in persons:
            _absorb(persons[big], persons.pop(key))


def _vowel_variant(x: str, y: str) -> bool:
    if len(x) != len(y) or len(x) < 5 or x == y:
        return False
    diff = [i for i in range(len(x)) if x[i] != y[i]]
    return (
        len(diff) == 1
        and 0 < diff[0] < len(x) - 1
        and x[diff[0]] in _VOWELS
        and y[diff[0]] in _VOWELS
    )


def _add_singles(
    groups: _Groups, singles: dict[str, _Stats], stats: dict[str, _Stats], w: Words, lower: Counter
) -> None:
    """Attach the lone words (:func:`_add_single`): an organisation word alone to the one body
    whose name ends in it; never a day, a place (but a discovered person's surname that speaks),
    a generic plural, an event's name or an acronym of a thing."""
    plural_of = {k + "s" for k in singles} | {k + "es" for k in singles}
    events = _event_names(stats, w)
    skip = w.never | w.places | plural_of | events
    for key, st in singles.items():
        if key in w.org_heads:
            # "the Times", "the Commission": the one institution whose name ends so, if only one
            owners = groups.by_head.get(key.lower(), [])
            if len(owners) == 1:
                owners[0].add(key, st)
            elif not owners and _the_name(key, st, lower):
                _add_single(groups, key, st, lower)  # "the Guardian": no longer name ends so
        elif key not in skip and not (
            (st.document or 2 * st.thing >= st.count)
            and getattr(groups.initials.get(key.replace(".", "")), "type", "") != "institution"
        ):
            # (an acronym of a thing, "NCA", "PFAS", of no discovered body, is no actor)
            _add_single(groups, key, st, lower)
        elif key in w.places and skeleton(key) in groups.by_surname:
            # "Jane Wall ... Wall said": a place word as a discovered person's surname that speaks
            _add_single(groups, key, st, lower)


def _event_names(stats: dict[str, _Stats], w: Words) -> set[str]:
    """Last words of runs that name an event with a place prefix and an event word
    ("Hurricane Irma", "Tropical Storm Harvey"): alone ("as Irma hit") they name it too."""
    out = set()
    for key in stats:
        toks = key.split()
        if len(toks) > 1 and toks[0] in w.place_prefixes and set(toks) & w.not_actor_heads:
            out.add(toks[-1])
    return out


def _add_run(
    persons: dict[tuple[str, str], _Actor],
    insts: dict[str, _Actor],
    key: str,
    st: _Stats,
    kind: str,
) -> _Actor:
    """A run of several words into its person (first and last word skeleton) or institution."""
    if kind == "person":
        caps = [t for t in key.split() if t[:1].isupper()]
        a = persons.setdefault((skeleton(caps[0]), skeleton(caps[-1])), _Actor("person"))
    else:
        ikey = skeleton(key.removeprefix("the ").removeprefix("The "))
        a = insts.setdefault(ikey, _Actor("institution"))
    a.add(key, st)
    a.full += st.count
    if st.titles:
        a.evidence.add("title+name")
    return a


# last words of a body whose first word alone names something else (a country, a cause)
_NOT_SHORT_ENDS = frozenset(("government", "administration", "party", "union", "republic"))
_ONE_OFF = "~"  # prefix of the by_surname keys of a surname with one letter left open


def _common_alone(word: str, st: _Stats, lower: Counter) -> bool:
    """A lone capitalised word written in lower case at least as often, that neither speaks nor
    follows an honorific: a common word, not a person's surname or given name alone ("Green"
    from "Green Guru James Lovelock" would name the Green party and the Green New Deal)."""
    return lower[word.lower()] >= st.count and not (st.speaker or st.honorific)


def _add_single(groups: _Groups, word: str, st: _Stats, lower: Counter) -> None:
    """A lone word: a surname or first name of a discovered person, an acronym of an
    institution, or (as a speaker, after an honorific, or CamelCase) an actor of its own."""
    sk = skeleton(word)
    owners = groups.by_surname.get(sk)
    if owners and _common_alone(word, st, lower):
        # a common word too ("Light", "Mass"): not counted as the surname, unless it speaks or
        # follows an honorific ("Long told reporters", "Mr. Long")
        return
    if not owners and len(sk) >= 7 and not lower[word.lower()]:
        # "Stressel" for Strassel (gold rule 15): one letter changed in a long surname, when
        # only one person has such a surname
        near = {
            id(a): a
            for i in range(1, len(sk))
            for a in groups.by_surname.get(_ONE_OFF + sk[:i] + "?" + sk[i + 1 :], [])
        }
        owners = list(near.values()) if len(near) == 1 else None
    given = groups.by_given.get(skeleton(word), [])
    if not owners and len(given) == 1 and not _common_alone(word, st, lower):
        owners = given  # "Greta" when only Greta Thunberg is discovered
    if owners and not _is_acronym(word):  # "MIT" is no name of Mitt Romney
        a = max(owners, key=lambda o: (sum(o.names.values()), sorted(o.names)))
        a.add(word, st)
        a.evidence.add("surname")
        return
    if _is_acronym(word):
        target = groups.initials.get(word.replace(".", ""))
        if target is not None and target.type == "person" and target.full < st.count:
            target = None  # a person's initials only when named in full as often ("CBS")
        if target is None:
            target = groups.insts.setdefault(skeleton(word), _Actor("institution"))
            target.evidence.add("acronym")
        target.add(word, st)
        return
    firms = groups.by_first.get(word, []) if not lower[word.lower()] else []
    if len(firms) == 1 and not st.honorific:
        # "Duke Energy ... Duke": a body's short name, its first word (no person's surname)
        firms[0].add(word, st)
        firms[0].evidence.add("short name")
        return
    if lower[word.lower()] >= 2 and not st.honorific:
        return  # also a common word ("Trade", "Green")
    if st.honorific:
        a = groups.persons.setdefault(("", skeleton(word)), _Actor("person"))
        a.add(word, st)
        a.evidence.add("honorific")
    elif (
        st.speaker
        or (st.count >= 2 and st.initial < st.count and _two_part(word))
        or _the_name(word, st, lower)
    ):
        # a lone speaker ("Exxon said"), a mid-word capital named twice ("ExxonMobil",
        # "SolarCity"), or a word that is never common, mostly after "the" ("told the
        # Guardian", "the Intercept reported"): a body's name (no person takes "the")
        a = groups.insts.setdefault(skeleton(word), _Actor("institution"))
        a.add(word, st)
        a.evidence.add("speaker" if st.speaker else "name")


def _two_part(word: str) -> bool:
    """A company's two-part name ("NativeEnergy", "SolarCity"): two capitals, the second
    mid-word, no plural ("SuperPACs"), no Mc/Mac surname, no hashtag of three words."""
    return (
        sum(c.isupper() for c in word) == 2
        and bool(_CAMEL.search(word))
        and not word.endswith("s")
        and not re.match(r"Ma?c[A-Z]", word)
    )


def _the_name(word: str, st: _Stats, lower: Counter) -> bool:
    """Is a lone word a body's name by its use: never written in lower case, three times or
    more, at least two in three after "the" ("told the Guardian", "the Intercept reported":
    no person's name takes "the")?"""
    return (
        st.count >= 3
        and 3 * st.the_prev >= 2 * st.count
        and st.source > 0
        and not lower[word.lower()]
    )


def _bare_offices(actors: dict[str, _Actor], joined: str, first: dict[str, int], w: Words) -> None:
    """Add the bare office titles (:func:`_office_titles`) and "the federal government"
    (:func:`_federal_government`) with their counts, the text scanned once for all."""
    chosen = _office_titles(actors, w)
    hits = _phrase_hits(joined, [t for _, t in chosen] + ["federal government"])
    for a, title in chosen:
        if hits[title]:
            a.office[title] += len(hits[title])
            first.setdefault(title, hits[title][0])
    _federal_government(actors, hits["federal government"], first, w, joined)


def _body_index(actors: dict[str, _Actor]) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Last word of each institution's name -> (the name's words, the institution)."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    for name, a in actors.items():
        if a.type == "institution":
            for n, c in a.names.items():
                words = tuple(n.split())
                if c > 0 and words:
                    index[words[-1]].append((words, name))
    return index


def _body_titles(actors: dict[str, _Actor], first: dict[str, int], w: Words) -> None:
    """Tenth pass: a person's title "<Body> <role>" under each name of the one discovered body
    it names ("Environmental Protection Agency Administrator Jane Roe" also gives "EPA
    administrator", the form "the EPA administrator said" takes); the body's words may be the
    end of its name ("Protection Agency Administrator", cut after a generic word). A body
    part that ends two bodies' names gives nothing; a title two persons share is dropped later
    (:func:`_rows`)."""
    index = _body_index(actors)
    for a in actors.values():
        if a.type != "person":
            continue
        for t, c in list(a.titles.items()):
            toks = t.split()
            k = _role_start(toks, w)
            if k == 0 or k == len(toks):
                continue
            body, role = tuple(toks[:k]), [r.lower() for r in toks[k:]]
            owners = {n for al, n in index.get(body[-1], []) if al[-len(body) :] == body}
            if len(owners) != 1:
                continue
            for alias in sorted(actors[owners.pop()].names):
                new = " ".join([alias, *role])
                if new.lower() != t.lower() and new not in a.titles:
                    a.titles[new] += c
                    if t in first:
                        first.setdefault(new, first[t])


def _role_start(words: list[str], w: Words) -> int:
    """Where the role words ending a title's ``words`` begin ("Vice President" in "Former Vice
    President", "Administrator" in "Protection Agency Administrator"): len(words) when none."""
    k = len(words)
    while k > 0 and words[k - 1].lower().strip(".") in w.titles:
        k -= 1
    return k


def _office_phrase(title: str, w: Words) -> str:
    """The role words ending a title, lower-case ("U.S. President" -> "president", "Former
    Vice President" -> "former vice president", "White House press secretary" -> "press
    secretary"), or "" when its last word is no office that stands before a name."""
    toks = [t.lower().strip(".") for t in title.split()]
    phrase = toks[_role_start(toks, w) :]
    offices = {h.lower() for h in w.honorifics} - w.title_qualifiers
    if not phrase or phrase[-1] not in offices or len(phrase) > 3:
        return ""
    return " ".join(phrase)


def _office_titles(actors: dict[str, _Actor], w: Words) -> list[tuple[_Actor, str]]:
    """Bare office titles of the corpus's dominant holder: "the president" is the person who
    carries the role "President" (before the name, or in a title) three times or more and is
    named at least twice as often as any other person carrying it; "the administration" is
    then that person's administration when the corpus names it ("Trump administration").
    Returns (actor, title) pairs; an office no one dominates gets no title."""
    holders: dict[str, Counter] = defaultdict(Counter)
    chosen: list[tuple[_Actor, str]] = []
    for name, a in actors.items():
        if a.type != "person":
            continue
        for t, c in a.titles.items():
            phrase = _office_phrase(t, w)
            if phrase:
                holders[phrase][name] += c
    for phrase, by in sorted(holders.items()):
        # the holder most mentioned by name, when it holds the office three times or more and is
        # named at least twice as often as any other holder (news calls the sitting president
        # "the president"; a predecessor named beside him is named less)
        size = {n: sum(actors[n].names.values()) for n in by}
        ranked = sorted(by, key=lambda n: (-size[n], n))
        top = ranked[0]
        if by[top] < 3 or (len(ranked) > 1 and size[top] < 2 * size[ranked[1]]):
            continue
        chosen.append((actors[top], f"the {phrase}"))
        if phrase == "president":
            for alias in actors[top].names:
                body = actors.get(f"{alias} administration")
                if body is not None and body.type == "institution":
                    chosen.append((body, "the administration"))
                    break
    return chosen


_BODY_ENDS = frozenset(("administration", "government", "Corp", "Inc", "Ltd", "LLC", "Plc", "PLC"))


def _country_key(place: str) -> str:
    """One spelling for a country's several: "U.S.", "US" and "United States" -> "US"."""
    words = place.replace(".", "").split()
    return "".join(t[0] for t in words) if len(words) > 1 else words[0]


def _federal_government(
    actors: dict[str, _Actor], hits: list[int], first: dict[str, int], w: Words, joined: str
) -> None:
    """The country's government as one body (a corpus follows one country's): the spellings
    of one country's "<Place> government" ("U.S. government", "US government", "United States
    government") merged into the most named, and "the federal government" its title (written
    once is enough); with no "<Place> government", "the federal government" is an institution
    of its own when written twice, or once as "the federal government" (not "state and federal
    government") in a corpus that names an "<X> administration" (a government document, "a
    government report", then has a body to go to)."""
    groups: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for n, a in actors.items():
        place = n.removesuffix(" government")
        if a.type == "institution" and place != n and place in w.places:
            groups[_country_key(place)].append((sum(a.names.values()), n))
    for group in groups.values():
        keep = max(group)[1]
        for _, n in group:
            if n != keep:
                _absorb(actors[keep], actors.pop(n))
    if not hits:
        return
    named = [max(group) for group in groups.values()]
    if named:
        body = actors[max(named)[1]]
        body.office["federal government"] += len(hits)
    elif len(hits) >= 2 or (
        joined[max(0, hits[0] - 4) : hits[0]].lower() == "the "  # not "state and federal"
        and any(
            n.endswith(" administration") and a.type == "institution" for n, a in actors.items()
        )
    ):
        body = actors.setdefault("federal government", _Actor("institution"))
        body.names["federal government"] += len(hits)
        body.evidence.add("name")
    else:
        return
    first.setdefault("federal government", hits[0])


def _phrase_hits(joined: str, phrases: list[str]) -> dict[str, list[int]]:
    """Start positions of each phrase (any case, any whitespace between words, whole words) in
    the corpus text. Scans a lower-case copy (a literal prefix the engine finds fast) when
    lower-casing keeps every position, else the text itself case-insensitively."""
    out: dict[str, list[int]] = {p: [] for p in phrases}
    if not out:
        return out
    low = joined.lower()
    flags = 0
    if len(low) != len(joined):  # a character whose lower case is longer ("İ")
        low, flags = joined, re.IGNORECASE
    for p in out:
        body = r"\s+".join(re.escape(t) for t in p.split())
        for m in re.finditer(rf"{body}(?![\w-])", low, flags):
            k = m.start()
            if k == 0 or not (low[k - 1].isalnum() or low[k - 1] in "_-"):
                out[p].append(k)
    return out


def _affiliation(titles: list[str], w: Words) -> str:
    for t in titles:
        for tok in t.split():
            tok = tok.rstrip("’'s").strip(".")
            demonym = tok in w.never and tok[:1].isupper() and len(tok) > 3
            if (tok in w.places or demonym) and tok.lower() not in w.titles:
                return tok
    return "unknown"


def _confidence(a: _Actor, total: int) -> float:
    score = 0.3
    score += min(0.3, 0.1 * total / 3)
    if "speaker" in a.evidence:
        score += 0.15
    if "title+name" in a.evidence or "honorific" in a.evidence:
        score += 0.15
    if a.type == "person" and a.full and len(a.names) > 1:
        score += 0.1
    if a.type == "institution" and a.evidence <= {"speaker"}:
        score -= 0.15  # a lone capitalised speaker: a company, an agency, or a person's surname
    return round(min(score, 1.0), 2)


def _vouched(a: _Actor, w: Words, min_count: int) -> bool:
    """A once-named actor kept all the same: a person's full name in a speaker slot or after a
    role ("EPA chief Jane Roe said"; a qualifier alone, "National", is no role); an
    "<X> administration/government" or a company with its legal form ("Duke Energy Corp").
    Other institutions named once are not kept: most are inside a person's title ("a fellow
    at the X Institute"), which is no mention of the institution."""
    if min_count > 2:
        return False
    if a.type == "institution":
        # "the Obama administration", "the Brazilian government", "Duke Energy Corp": a body
        # these words name is never a title of someone
        # ... and a body with an organisation word that speaks ("the State Department said")
        # ... and an outlet named once as a quote's source ("told CNN", "NPR reported"): a
        # one-word name the language lists, or an acronym ("Bloomberg tweeted" is no source)
        return any(
            n.split()[-1] in _BODY_ENDS or (a.speaker and n.split()[-1] in w.org_heads)
            for n in a.names
            if " " in n
        ) or bool(
            a.source
            and any(n in w.institution_names or _is_acronym(n) for n in a.names if " " not in n)
        )
    if not a.full:
        return False
    roles = [t.split()[-1].strip(".") for t in a.titles]
    # a role, or an honorific ("Sen. Jane Roe", "Gov. Jane Roe"; "National" alone is no role)
    return (
        bool(a.speaker or a.cue)
        or any(r.lower() in w.titles and r.lower() not in w.title_qualifiers for r in roles)
        or any(r in w.honorifics for r in roles)
    )


def _title_ok(t: str, w: Words) -> bool:
    """A title worth a catalog alias: two words or more, a role word last, definite or bare."""
    toks = t.split()
    return (
        len(toks) >= 2
        and toks[-1].lower() in w.titles
        and toks[-1].lower() not in w.title_qualifiers
        and toks[0] not in w.honorifics
        and toks[0] not in _DATES
        and toks[0].lower() not in ("a", "an", "and", "but", "when", "while")
    ) or (len(toks) >= 3 and toks[0] == "the" and toks[-1].lower() not in w.title_qualifiers)


def _rows(
    actors: dict[str, _Actor],
    first: dict[str, int],
    starts: list[int],
    texts: list[str],
    aids: list[str],
    sidx: list[int],
    min_count: int,
    w: Words,
) -> pd.DataFrame:
    title_owner: dict[str, set[str]] = defaultdict(set)
    for name, a in actors.items():
        if a.type == "person":
            for t in a.titles:
                toks = t.lower().split()
                for k in range(len(toks) - 1):  # "UK Prime Minister" holds "prime minister"
                    title_owner[" ".join(toks[k:])].add(name)
    rows = []
    used: set[tuple[str, str]] = set()
    for name, a in actors.items():
        total = sum(a.names.values())
        named = total + sum(a.office.values())
        if not (
            named >= min_count
            or (total and _vouched(a, w, min_count))
            # named as itself, and in someone's affiliation or a credit: an actor all the same
            or (total and named + a.affil >= min_count)
        ):
            continue
        titles = [
            t
            for t, _ in sorted(a.titles.items(), key=lambda kv: (-kv[1], kv[0]))
            if a.type == "person" and len(title_owner[t.lower()]) == 1 and _title_ok(t, w)
        ]
        aliases = [
            (n, "name", c) for n, c in sorted(a.names.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        aliases += [(t, "title", a.titles[t]) for t in titles]
        aliases += [(t, "title", c) for t, c in a.office.items() if t not in titles]
        conf = _confidence(a, total)
        affiliation = _affiliation(list(a.titles), w)
        articles = {aids[i - 1] for i in a.articles if i > 0}
        for alias, kind, count in aliases:
            k = (kind, alias.lower() if kind == "title" else alias)
            if k in used or count <= 0:
                continue
            used.add(k)
            i = bisect_right(starts, first.get(alias, -1)) - 1
            art, sent, example = (aids[i], sidx[i], texts[i]) if i >= 0 else ("", -1, "")
            rows.append(
                [
                    name,
                    a.type,
                    affiliation,
                    alias,
                    kind,
                    int(count),
                    int(total),
                    len(articles),
                    art,
                    sent,
                    example,
                    conf,
                    "; ".join(sorted(a.evidence)) or "name",
                ]
            )
    df = pd.DataFrame(rows, columns=DISCOVERY_COLUMNS)
    if df.empty:
        return df
    band = (df["confidence"] >= 0.6).astype(int)
    df = df.assign(_band=band, _kind=(df["kind"] == "title").astype(int))
    df = df.sort_values(
        ["type", "_band", "actor_count", "actor", "_kind", "count", "alias"],
        ascending=[False, False, False, True, True, False, True],
        kind="stable",
    )
    return df.drop(columns=["_band", "_kind"]).reset_index(drop=True)


def discover_corpus(
    corpus: str | Path,
    manifest: str | Path | None = None,
    *,
    words: Words | str | Path | None = None,
    min_count: int = 2,
) -> pd.DataFrame:
    """:func:`discover_actors` on a corpus path: loaded, cleaned (shipped rules, English) and
    segmented as the pipeline does, so sentence indices match the run's sentences table."""
    from analysis.clean import clean_articles
    from analysis.load import load_corpus
    from analysis.segment import segment_articles

    loaded = load_corpus(corpus, manifest)
    cleaned = clean_articles(loaded.articles)
    return discover_actors(
        segment_articles(cleaned.articles).sentences, words=words, min_count=min_count
    )


def draft_catalog(discovered: pd.DataFrame, story: str = "discovered") -> dict:
    """The draft as a catalog mapping (analysis.actors format plus counts, examples and
    confidence per actor and alias)."""
    actors = []
    # plain lists and row positions per actor: itertuples built a namedtuple class per actor
    # (seconds for a few thousand discovered actors); same rows, same order, same values
    col = {c: discovered[c].tolist() for c in discovered.columns}
    rows_of = discovered.groupby("actor", sort=False).indices
    for name in pd.unique(discovered["actor"]):
        if name not in rows_of:
            continue  # a missing name: groupby leaves it out
        rows = rows_of[name].tolist()
        i = rows[0]
        evidence = {
            str(col["alias"][j]): {
                "count": int(col["count"][j]),
                "example": f"{col['example_article'][j]}#{int(col['example_sentence'][j])}",
                "sentence": str(col["example"][j]),
            }
            for j in rows
        }
        actors.append(
            {
                "actor": str(name),
                "type": str(col["type"][i]),
                "affiliation": str(col["affiliation"][i]),
                "names": [str(col["alias"][j]) for j in rows if col["kind"][j] == "name"],
                "titles": [str(col["alias"][j]) for j in rows if col["kind"][j] == "title"],
                "count": int(col["actor_count"][i]),
                "articles": int(col["n_articles"][i]),
                "confidence": float(col["confidence"][i]),
                "evidence_cues": str(col["evidence"][i]),
                "aliases": evidence,
                "source": "discovered (analysis.discover v1)",
            }
        )
    return {
        "version": 1,
        "story": story,
        "discovered": True,
        "description": "Draft made by analysis.discover: check every actor, delete what is not "
        "an actor or is wrong, merge what is one actor, then pass this file as the catalog.",
        "actors": actors,
    }


def draft_yaml(discovered: pd.DataFrame, story: str = "discovered") -> str:
    """The draft catalog as YAML text (a header saying how to prune it, then the actors)."""
    header = (
        "# Draft actor catalog found by `python -m analysis actors suggest` (analysis.discover).\n"
        "# Sorted by type, then confidence band (>= 0.6 first), then mentions: prune from the\n"
        "# bottom of each type. Delete entries that are not actors; move a wrong alias to the\n"
        "# right actor; titles must name exactly one actor in every article. The fields count,\n"
        "# articles, confidence, evidence_cues and aliases (example: article#sentence) are\n"
        "# for you; the catalog reader ignores them. Then rerun with --catalog this-file.\n"
    )
    draft = draft_catalog(discovered, story)
    actors = draft.pop("actors")  # the last key: the fields above it, then the actors' block
    head = yaml.safe_dump(draft, sort_keys=False, allow_unicode=True, width=100)
    return header + head + _actors_yaml(actors)


#: the last actors' block :func:`_actors_yaml` wrote: (its actors as JSON, its YAML)
_LAST_BLOCK: list[tuple[str, str]] = []


def _actors_yaml(actors: list[dict]) -> str:
    """``actors:`` and the list as YAML: the same text as inside the whole draft (a top-level
    mapping's block list is not indented). A run without a catalog writes the same actors
    twice (the catalog it analyses with, and tables/catalog_draft.yaml with another story):
    the second is the first's text (PyYAML's emitter takes 0.7 s for 1,200 actors)."""
    import json

    key = json.dumps(actors, ensure_ascii=False)
    if _LAST_BLOCK and _LAST_BLOCK[0][0] == key:
        return _LAST_BLOCK[0][1]
    text = yaml.safe_dump({"actors": actors}, sort_keys=False, allow_unicode=True, width=100)
    _LAST_BLOCK[:] = [(key, text)]
    return text


def discovered_catalog(discovered: pd.DataFrame, story: str = "discovered") -> pd.DataFrame:
    """The catalog table (:func:`analysis.actors.load_catalog` columns) of a draft."""
    return parse_catalog(draft_catalog(discovered, story), "discovered catalog")

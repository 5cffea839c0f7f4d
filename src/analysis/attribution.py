"""How actors are attributed: the reporting verb attached to each actor, and hedging markers.

Data files (users can pass their own, same columns):

- ``data/reporting_verbs.csv``: verb (lemma), forms (``|``-separated inflections; a space in a
  form matches any whitespace), class (neutral | distancing | endorsing | confrontational),
  kind (optional: ``verb``, the default, or ``preposition`` for "according to"), source.
- ``data/hedges.csv``: marker (label), pattern (Python regex, matched case-insensitively between
  word boundaries), category (unverified | refusal | distancing_label | hearsay), source.

Attribution patterns (one per verb occurrence, tried in this order; verbs inside quotation marks
are skipped, because they belong to the quoted speaker's own words):

- ``ACTOR VERB``: a mention, then only auxiliaries, negation and adverbs, then the verb ("Trump
  claimed", "Trump has claimed", "Trump also claimed", "Zelenskyy later wrote", "The Kremlin has
  not confirmed", "Trump, however, maintained"). A possessive mention ("Trump's envoy") is never
  the subject.
- ``ACTOR, TITLE, VERB``: an appositive between commas ("Ushakov, a Kremlin aide, had rejected").
- ``PRONOUN VERB``: "he"/"she" + verb. The pronoun resolves to the first person mention outside
  quotes (non-possessive preferred) earlier in the same sentence, else to the first such mention
  of the nearest earlier sentence that has one. Within a sentence the candidate is the first
  person mention directly followed by a verb-like word (an auxiliary, "not", a word ending in
  -ed or -s: "Trump has", "Zelenskiy thanked"), else the first non-possessive person mention,
  else the first one: a cheap proxy for the grammatical subject. In "Mendel, Zelenskiy's former
  spokesperson, criticized ... She confirmed ..." it gives Mendel where "the last person
  mentioned" would give Zelensky. Only persons are candidates. Gender (eighth pass of issue
  #16): where the article itself shows a person's gender (:func:`person_genders`: a gendered
  honorific or title right before the name, "Mr."/"Ms."/"Congresswoman"; a gendered pronoun
  with exactly one person named before it in its sentence, "X and his"), "he" skips the
  persons it shows to be women and "she" the men, looking up to four sentences back; with no
  gender known the rule is the one above. No list of names is used.
- ``VERB ACTOR``: inverted attribution after a quote or comma ('..." said Lavrov', '..." added
  the Russian minister'). Requiring the comma/quote keeps objects out ("accused Guterres").
- ``according to ACTOR``: entries of kind ``preposition`` followed by a mention.

``negated`` is True when "not", "never" or "n't" stands between the subject and the verb
("did not immediately confirm", "has not confirmed"). A negated endorsing verb marks an
unverified claim, not an endorsement.

Attributions table (:func:`find_attributions`), sorted by article_id, start: article_id,
sentence_index, actor, verb (surface), lemma, verb_class, start, end (verb span in the article
text), pattern, negated, actor_start, actor_end (span of the mention or pronoun).

Hedges table (:func:`find_hedges`): article_id, sentence_index, marker, category, surface,
start, end.

Stance table (:func:`stance_index`): the ``by`` columns, n_attributed, n_neutral, n_distancing,
n_endorsing, n_confrontational, n_negated, stance_index = (n_distancing - n_endorsing) /
n_attributed. Negated attributions count in n_attributed and n_negated but in no class, so a
"did not confirm" is never an endorsement (and a "did not deny" never a confrontation).
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

import pandas as pd

from analysis import lang
from analysis.actors import load_catalog
from analysis.patterns import lowered, lowered_many, required_literals, trie_regex

VERB_CLASSES: tuple[str, ...] = ("neutral", "distancing", "endorsing", "confrontational")
HEDGE_CATEGORIES: tuple[str, ...] = ("unverified", "refusal", "distancing_label", "hearsay")
ATTRIBUTION_COLUMNS: list[str] = [
    "article_id",
    "sentence_index",
    "actor",
    "verb",
    "lemma",
    "verb_class",
    "start",
    "end",
    "pattern",
    "negated",
    "actor_start",
    "actor_end",
]
HEDGE_COLUMNS: list[str] = [
    "article_id",
    "sentence_index",
    "marker",
    "category",
    "surface",
    "start",
    "end",
]
_SENTENCE_COLUMNS = ["article_id", "sentence_index", "paragraph_index", "start", "text"]
_MENTION_COLUMNS = ["article_id", "sentence_index", "actor", "start", "end"]


class _Gaps(NamedTuple):
    """What may stand between a subject and its verb, compiled from a language's AUX, NEG and
    PARENTHETICAL (analysis.lang): :func:`_gaps`."""

    direct: re.Pattern[str]
    appositive: re.Pattern[str]
    closing_comma: re.Pattern[str]  # the name closes an apposition ("Ukraine's president,
    # Volodymyr Zelenskyy, did not confirm")
    verb_like: re.Pattern[str]
    has_neg: re.Pattern[str]
    pronoun: re.Pattern[str]


@functools.cache
def _gaps(language: ModuleType) -> _Gaps:
    aux, neg, parenthetical = language.AUX, language.NEG, language.PARENTHETICAL
    gap = rf"(?:{parenthetical}|\s+{aux}|\s+{neg})*\s+"
    return _Gaps(
        re.compile(gap, re.IGNORECASE),
        re.compile(rf"\s*,[^,;:“”\"]{{1,80}}?,{gap}", re.IGNORECASE),
        re.compile(rf"\s*,{gap}", re.IGNORECASE),
        re.compile(rf"\s+(?:{aux}|{neg}|[a-z]+ed|[a-z]{{2,}}s)(?!\w)"),
        re.compile(rf"(?<!\w){neg}(?!\w)", re.IGNORECASE),
        re.compile(rf"(?<!\w)(he|she)({gap})$", re.IGNORECASE),
    )


_QUOTE_MARK = re.compile('[“”"]')
_INVERSION_BEFORE = re.compile(r"[,“”\"'’:]\s*$")
_DETERMINER = re.compile(r"\s+(?:(?:the|a|an)\s+)?", re.IGNORECASE)
# A necessary condition for _PRONOUN to match anywhere in a sentence: he/she at a word start,
# then the start of a gap (whitespace or a parenthetical's comma).
_PRONOUN_WORD = re.compile(r"(?<!\w)s?he[\s,]", re.IGNORECASE)


@dataclass(frozen=True)
class _Verb:
    lemma: str
    cls: str
    kind: str


class _M(NamedTuple):
    """A mention in sentence-local offsets."""

    start: int
    end: int
    actor: str
    person: bool
    possessive: bool
    quoted: bool
    subject_like: bool  # followed by a verb-like word ("Trump has", "Zelenskiy thanked")


# --------------------------------------------------------------------------------------------
# data files


def _read_csv(path: str | Path | None, default: str, what: str) -> tuple[pd.DataFrame, str]:
    if path is None:
        ref = resources.files("analysis") / "data" / default
        with ref.open("r", encoding="utf-8") as fh:
            return pd.read_csv(fh, dtype=str, keep_default_na=False), str(ref)
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False), str(path)
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ValueError(f"{what} file {path}: cannot be read ({exc})") from exc


def load_verbs(path: str | Path | None = None, language: ModuleType = lang.DEFAULT) -> pd.DataFrame:
    """Read the reporting-verb lexicon (``None``: the shipped file of ``language``, the run's
    language resources). Columns: verb, forms, class, kind, source. Raises ValueError naming
    the file and row on bad content."""
    df, label = _read_csv(path, language.REPORTING_VERBS, "reporting-verb")
    missing = [c for c in ("verb", "forms", "class") if c not in df.columns]
    if missing:
        raise ValueError(f"reporting-verb file {label}: missing columns {missing}")
    df = df.copy()
    if "kind" not in df.columns:
        df["kind"] = "verb"
    if "source" not in df.columns:
        df["source"] = ""
    df["kind"] = df["kind"].replace("", "verb")
    rows = df[["verb", "forms", "class", "kind"]].itertuples(index=False, name=None)
    for i, (verb, forms, cls, kind) in enumerate(rows):
        where = f"reporting-verb file {label}, row {i + 2} ({verb!r})"
        if not verb.strip() or not any(f.strip() for f in forms.split("|")):
            raise ValueError(f"{where}: empty verb or forms")
        if cls not in VERB_CLASSES:
            raise ValueError(f"{where}: class {cls!r} is not one of {list(VERB_CLASSES)}")
        if kind not in ("verb", "preposition"):
            raise ValueError(f"{where}: kind {kind!r} is not verb or preposition")
    return df[["verb", "forms", "class", "kind", "source"]].astype(str)


def load_hedges(
    path: str | Path | None = None, language: ModuleType = lang.DEFAULT
) -> pd.DataFrame:
    """Read the hedge-marker lexicon (``None``: the shipped file of ``language``). Columns:
    marker, pattern, category, source. Raises ValueError naming the file and row on bad
    content or bad regex."""
    df, label = _read_csv(path, language.HEDGES, "hedge")
    missing = [c for c in ("marker", "pattern", "category") if c not in df.columns]
    if missing:
        raise ValueError(f"hedge file {label}: missing columns {missing}")
    df = df.copy()
    if "source" not in df.columns:
        df["source"] = ""
    for i, row in enumerate(df.itertuples(index=False)):
        where = f"hedge file {label}, row {i + 2} ({row.marker!r})"
        if not row.marker.strip() or not row.pattern.strip():
            raise ValueError(f"{where}: empty marker or pattern")
        if row.category not in HEDGE_CATEGORIES:
            raise ValueError(f"{where}: category {row.category!r} not in {list(HEDGE_CATEGORIES)}")
        try:
            compiled = re.compile(row.pattern)
        except re.error as exc:
            raise ValueError(f"{where}: bad regex ({exc})") from exc
        if compiled.groups:
            raise ValueError(f"{where}: use (?:...) instead of capturing groups")
    return df[["marker", "pattern", "category", "source"]].astype(str)


def _form_regex(form: str) -> str:
    return r"\s+".join(re.escape(w) for w in form.split())


class _VerbMatcher(NamedTuple):
    regex: re.Pattern[str]
    # The same trie without IGNORECASE, for text.lower() (several times faster). Only when every
    # form is ASCII, and used only on texts without a case twin: lower() then keeps the length,
    # the word/space classes and which characters match each form. None otherwise.
    fast: re.Pattern[str] | None
    by_form: dict[str, _Verb]
    # verb surface as matched -> its lexicon entry; filled lazily
    by_surface: dict[str, _Verb]


@functools.lru_cache(maxsize=16)
def _compile_verbs(key: tuple[tuple[str, str, str, str], ...]) -> _VerbMatcher:
    by_form: dict[str, _Verb] = {}
    for lemma, forms, cls, kind in key:
        for form in forms.split("|"):
            form = " ".join(form.split()).lower()
            if form:
                by_form.setdefault(form, _Verb(lemma, cls, kind))
    if all(f.isascii() for f in by_form):
        # distinct lower-case ASCII characters never match the same character, so the trie
        # picks the same form as the longest-first alternation below
        pattern = rf"(?<!\w){trie_regex(list(by_form))}(?!\w)"
        return _VerbMatcher(re.compile(pattern, re.IGNORECASE), re.compile(pattern), by_form, {})
    alts = "|".join(_form_regex(f) for f in sorted(by_form, key=lambda f: (-len(f), f)))
    first = "".join(sorted({re.escape(c) for f in by_form for c in (f[0].lower(), f[0].upper())}))
    # the first-character class lets the engine skip most positions quickly
    regex = re.compile(rf"(?=[{first}])(?<!\w)(?:{alts})(?!\w)", re.IGNORECASE)
    return _VerbMatcher(regex, None, by_form, {})


def _verb_of(matcher: _VerbMatcher, surface: str) -> _Verb:
    """The lexicon entry of a matched verb surface."""
    verb = matcher.by_form.get(" ".join(surface.split()).lower())
    if verb is not None:
        return verb
    # A case twin matched under IGNORECASE ("ſaid", "ı" for "i"): lower() does not give the
    # form back, so find the form that matches, longest first as the regex tries them.
    for form in sorted(matcher.by_form, key=lambda f: (-len(f), f)):
        if re.fullmatch(_form_regex(form), surface, re.IGNORECASE):
            return matcher.by_form[form]
    raise AssertionError(f"reporting verb {surface!r} matches no form")  # pragma: no cover


def _verb_spans(matcher: _VerbMatcher, text: str) -> list[tuple[int, int]]:
    """(start, end) of each reporting-verb form in text, in order."""
    if matcher.fast is not None:
        low = lowered(text)
        if low is not None:
            return [m.span() for m in matcher.fast.finditer(low)]
    return [m.span() for m in matcher.regex.finditer(text)]


class _HedgeMatcher(NamedTuple):
    regex: re.Pattern[str]
    info: tuple[tuple[str, str], ...]  # group h<i> -> (marker, category)
    # Finds, in text.lower(), a string every hedge match contains (None: not derivable). A
    # sentence without one cannot match, so the costly regex is skipped there.
    prefilter: re.Pattern[str] | None
    # (literal, bit mask of the patterns that may need it), when prefilter is not None
    literals: tuple[tuple[str, int], ...]
    alternatives: tuple[tuple[int, str], ...]  # (index, pattern) in the regex's order
    # bit mask of patterns -> the regex of those alternatives only; filled lazily
    subsets: dict[int, re.Pattern[str]]


def _hedge_regex(alternatives: Iterable[tuple[int, str]], mask: int = -1) -> re.Pattern[str]:
    """One regex of the ``alternatives`` whose index bit is set in ``mask`` (default: all)."""
    alts = "|".join(f"(?P<h{i}>{pattern})" for i, pattern in alternatives if mask >> i & 1)
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)", re.IGNORECASE)


@functools.lru_cache(maxsize=16)
def _compile_hedges(key: tuple[tuple[str, str, str], ...]) -> _HedgeMatcher:
    order = sorted(range(len(key)), key=lambda i: (-len(key[i][1]), i))
    alternatives = tuple((i, key[i][1]) for i in order)
    info = tuple((marker, category) for marker, _, category in key)
    needs = [required_literals(pattern) for _, pattern, _ in key]
    prefilter = None
    masks: dict[str, int] = {}
    if needs and all(needs):
        prefilter = re.compile(trie_regex(sorted(frozenset().union(*needs))))  # type: ignore[arg-type]
        for i, lits in enumerate(needs):
            for lit in lits:  # type: ignore[union-attr]
                masks[lit] = masks.get(lit, 0) | 1 << i
    literals = tuple(sorted(masks.items()))
    # the subsets of sentences holding one literal (most sentences that pass the prefilter)
    # compiled up front, with the matcher, rather than during the first texts
    subsets = {mask: _hedge_regex(alternatives, mask) for mask in sorted(set(masks.values()))}
    return _HedgeMatcher(
        _hedge_regex(alternatives), info, prefilter, literals, alternatives, subsets
    )


def _hedge_subset(matcher: _HedgeMatcher, low: str) -> re.Pattern[str]:
    """The hedge regex without the patterns whose required literals ``low`` (a sentence's
    lowered text) lacks: such a pattern matches nowhere in it, so the matches are the same."""
    mask = 0
    for lit, bits in matcher.literals:
        if lit in low:
            mask |= bits
    regex = matcher.subsets.get(mask)
    if regex is None:
        regex = _hedge_regex(matcher.alternatives, mask)
        if len(matcher.subsets) < 1024:
            matcher.subsets[mask] = regex
    return regex


# --------------------------------------------------------------------------------------------
# helpers


def _check(df: pd.DataFrame, columns: list[str], name: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{name} table is missing columns: {', '.join(missing)}")


def _quote_spans(sentences: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Quoted spans (article offsets) of one article's sentences (paragraph_index, start, text),
    in order. Curly “ ” open and close; a straight " toggles; the state resets at each
    paragraph (unclosed quotes)."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    para = None
    last_end = 0
    for pidx, s_start, text in sentences:
        if pidx != para:
            if open_at is not None:
                spans.append((open_at, last_end))
            open_at, para = None, pidx
        for q in _QUOTE_MARK.finditer(text):
            ch, pos = q.group(0), s_start + q.start()
            if open_at is None and ch in '“"':
                open_at = pos
            elif open_at is not None and ch in '”"':
                spans.append((open_at, pos + 1))
                open_at = None
        last_end = s_start + len(text)
    if open_at is not None:
        spans.append((open_at, last_end))
    return spans


def _in_spans(pos: int, starts: list[int], spans: list[tuple[int, int]]) -> bool:
    i = bisect_right(starts, pos) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _possessive(text: str, end: int) -> bool:
    return text[end : end + 1] in ("'", "’") and (
        text[end + 1 : end + 2] == "s" or text[end - 1 : end] == "s"
    )


def _subject_candidate(ms: list[_M], before: int | None = None) -> _M | None:
    """Antecedent for he/she among a sentence's mentions: the first person mention followed by
    a verb-like word, else the first non-possessive one, else the first one."""
    pool = [m for m in ms if m.person and not m.quoted and (before is None or m.end <= before)]
    subjects = [m for m in pool if m.subject_like]
    plain = [m for m in pool if not m.possessive]
    return (subjects or plain or pool or [None])[0]


def _mention_after(ms: list[_M], text: str, pos: int) -> _M | None:
    """The mention right after ``pos`` (whitespace and an optional article in between)."""
    m = _DETERMINER.match(text, pos)
    if m is None:
        return None
    ok = {pos + len(text[pos : m.end()]) - len(text[pos : m.end()].lstrip()), m.end()}
    for cand in ms:
        if cand.start in ok and not cand.quoted and not cand.possessive:
            return cand
    return None


_WORD_BEFORE_NAME = re.compile(r"([A-Za-z]+)\.?\s+$")


def person_genders(
    text: str,
    persons: list[tuple[int, int, str]],
    quoted: Callable[[int], bool],
    sentences: list[tuple[int, int]],
    language: ModuleType = lang.DEFAULT,
) -> dict[str, str]:
    """Person -> "m" | "f" where the article itself shows it (no list of names).

    ``persons``: (start, end, actor) of the person mentions in ``text``, by start;
    ``quoted(pos)``: is ``pos`` inside quotation marks; ``sentences``: (start, end) spans, by
    start. Votes, outside quotes: a gendered honorific or role word right before a mention
    ("Mr. X", "Congresswoman X"; ``GENDERED_TITLES``), and every gendered pronoun ("he",
    "her", "himself") that can be bound to one person only: the only person named before it
    in its sentence ("X and his wife", "X said she", "X herself"). A pronoun opening a
    sentence gives no vote ("X arrived. She said" may skip X: that is what is being
    resolved). A gender needs twice the votes of the other."""
    votes: dict[str, list[int]] = {}
    gender = language.PRONOUN_GENDER
    titles = language.GENDERED_TITLES
    for a, _, actor in persons:
        w = _WORD_BEFORE_NAME.search(text, max(0, a - 30), a)
        g = titles.get(w.group(1).lower()) if w else None
        if g:
            votes.setdefault(actor, [0, 0])[g == "f"] += 1
    named = [(a, b, actor) for a, b, actor in persons if not quoted(a)]
    p_starts = [a for a, _, _ in named]
    s_starts = [a for a, _ in sentences]
    pronouns = _pronoun_re(language)
    # A pronoun votes only with a person named before it in its sentence (from a sentence's
    # start to the next one's): so only those stretches after their first such name are
    # scanned, in text order (pronoun matches are whole words; the scan sees the text before
    # its start, so a stretch gives the whole text's matches that start in it).
    stretches: dict[int, int] = {}  # sentence -> start of its first named person
    for a in p_starts:
        k = bisect_right(s_starts, a) - 1
        if k >= 0 and k not in stretches:
            stretches[k] = a
    longest = max(map(len, gender), default=0)
    for k, first in stretches.items():
        stop = s_starts[k + 1] if k + 1 < len(s_starts) else len(text)
        # the scan ends a pronoun's length past ``stop``: a match starting before it ends (and
        # has its closing \b tested) inside the window, so it is the whole text's match
        for p in pronouns.finditer(text, first + 1, stop + longest + 1):
            if p.start() >= stop:
                break
            if quoted(p.start()):
                continue
            lo = bisect_left(p_starts, sentences[k][0])
            hi = bisect_left(p_starts, p.start())
            cands = {actor for _, _, actor in named[lo:hi]}
            if len(cands) == 1:
                votes.setdefault(cands.pop(), [0, 0])[gender[p.group().lower()] == "f"] += 1
    return {
        a: ("m" if male > female else "f")
        for a, (male, female) in votes.items()
        if max(male, female) >= 2 * min(male, female) and max(male, female) > 0
    }


@functools.cache
def _pronoun_re(language: ModuleType) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(language.PRONOUN_GENDER) + r")\b", re.IGNORECASE)


def _article_genders(
    sents: list[tuple[int, int, int, str]],
    mentions: dict[tuple[str, int], list[tuple[int, int, str]]],
    aid: str,
    persons: set[str],
    spans: list[tuple[int, int]],
    language: ModuleType,
) -> dict[str, str]:
    """:func:`person_genders` of one article, whose text is rebuilt from its sentences."""
    found = [
        (a, b, actor)
        for sidx, _, _, _ in sents
        for a, b, actor in sorted(mentions.get((aid, sidx), ()))
        if actor in persons
    ]
    if not found:
        return {}
    parts: list[str] = []
    pos = 0
    for _, _, start, text in sents:
        if start > pos:
            parts.append(" " * (start - pos))
            pos = start
        if start == pos:
            parts.append(text)
            pos += len(text)
    starts = [s for s, _ in spans]
    bounds = [(start, start + len(text)) for _, _, start, text in sents]
    return person_genders(
        "".join(parts), found, lambda i: _in_spans(i, starts, spans), bounds, language
    )


# --------------------------------------------------------------------------------------------
# public API


def find_attributions(
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    verbs: pd.DataFrame | None = None,
    *,
    catalog: pd.DataFrame | None = None,
    language: ModuleType = lang.DEFAULT,
) -> pd.DataFrame:
    """One row per (actor, reporting verb) attachment; columns in the module docstring.

    ``mentions`` is :func:`analysis.actors.find_mentions` output. Whether an actor is a person
    (for pronouns) comes from its ``type`` column, or from ``catalog`` (default: shipped) when
    the column is absent. ``language``: the run's language resources (analysis.lang: the
    reporting verbs when ``verbs`` is None, and the words between a subject and its verb).
    """
    _check(sentences, _SENTENCE_COLUMNS, "sentences")
    _check(mentions, _MENTION_COLUMNS, "mentions")
    verbs = load_verbs(None, language) if verbs is None else verbs
    _check(verbs, ["verb", "forms", "class"], "reporting verbs")
    kinds = verbs["kind"] if "kind" in verbs.columns else pd.Series("verb", index=verbs.index)
    key = tuple(
        zip(
            verbs["verb"].astype(str),
            verbs["forms"].astype(str),
            verbs["class"].astype(str),
            kinds.astype(str).replace("", "verb"),
            strict=True,
        )
    )
    matcher = _compile_verbs(key)
    if "type" in mentions.columns:
        persons = set(mentions.loc[mentions["type"] == "person", "actor"].astype(str).tolist())
    else:
        cat = load_catalog() if catalog is None else catalog
        persons = set(cat.loc[cat["type"] == "person", "actor"].astype(str).tolist())
    # plain Python lists per article: pandas per-group overhead dominates otherwise (and
    # iterating pyarrow-backed columns element by element is slow)
    ment: dict[tuple[str, int], list[tuple[int, int, str]]] = {}
    for aid, sidx, actor, a, b in zip(
        *(mentions[c].tolist() for c in _MENTION_COLUMNS), strict=True
    ):
        ment.setdefault((str(aid), int(sidx)), []).append((int(a), int(b), str(actor)))
    ordered = sentences.sort_values(["article_id", "sentence_index"], kind="stable")
    per_article: dict[str, list[tuple[int, int, int, str]]] = {}
    for aid, sidx, pidx, start, text in zip(
        *(ordered[c].tolist() for c in _SENTENCE_COLUMNS), strict=True
    ):
        per_article.setdefault(str(aid), []).append((int(sidx), int(pidx), int(start), text))
    rows: list[tuple] = []
    for aid, sents in per_article.items():
        rows.extend(
            _article_attributions(aid, sents, ment, persons, matcher, _gaps(language), language)
        )
    out = pd.DataFrame(rows, columns=ATTRIBUTION_COLUMNS)
    out = out.sort_values(["article_id", "start", "actor_start"], kind="stable")
    return out.reset_index(drop=True).astype(
        {
            "article_id": "str",
            "sentence_index": "int64",
            "actor": "str",
            "verb": "str",
            "lemma": "str",
            "verb_class": "str",
            "start": "int64",
            "end": "int64",
            "pattern": "str",
            "negated": "bool",
            "actor_start": "int64",
            "actor_end": "int64",
        }
    )


def _article_attributions(
    aid: str,
    sents: list[tuple[int, int, int, str]],
    mentions: dict[tuple[str, int], list[tuple[int, int, str]]],
    persons: set[str],
    matcher: _VerbMatcher,
    gaps: _Gaps,
    language: ModuleType = lang.DEFAULT,
) -> list[tuple]:
    spans = _quote_spans([(p, s, t) for _, p, s, t in sents])
    starts = [s for s, _ in spans]
    by_surface = matcher.by_surface
    rows: list[tuple] = []
    # the article's genders, computed at the first pronoun that attaches (most articles
    # have none): a one-item list as the memo
    genders: list[dict[str, str]] = []

    def known() -> dict[str, str]:
        if not genders:
            genders.append(_article_genders(sents, mentions, aid, persons, spans, language))
        return genders[0]

    subjects: list[list[_M]] = []  # the mentions of each earlier sentence having a subject
    for sidx, _, s_start, text in sents:
        if not isinstance(text, str):
            raise ValueError(f"article {aid!r}, sentence {sidx}: text is not a string")
        found = mentions.get((aid, sidx))
        if not found and (not subjects or _PRONOUN_WORD.search(text) is None):
            continue  # without a mention only "he/she VERB" can attach, to an earlier subject
        ms = [
            _M(
                a - s_start,
                b - s_start,
                actor,
                actor in persons,
                _possessive(text, b - s_start),
                _in_spans(a, starts, spans),
                bool(gaps.verb_like.match(text, b - s_start)),
            )
            for a, b, actor in sorted(found or ())
        ]
        for v_start, v_end in _verb_spans(matcher, text):
            if spans and _in_spans(s_start + v_start, starts, spans):
                continue
            surface = text[v_start:v_end]
            info = by_surface.get(surface)
            if info is None:
                info = by_surface[surface] = _verb_of(matcher, surface)
            hit = _attach(text, v_start, v_end, info, ms, subjects, gaps, known, language)
            if hit is None:
                continue
            actor, pattern, negated, a_start, a_end = hit
            rows.append(
                (
                    aid,
                    sidx,
                    actor,
                    surface,
                    info.lemma,
                    info.cls,
                    s_start + v_start,
                    s_start + v_end,
                    pattern,
                    negated,
                    s_start + a_start,
                    s_start + a_end,
                )
            )
        if ms and _subject_candidate(ms) is not None:
            subjects.append(ms)
    return rows


def _pronoun_subject(
    p: re.Match[str],
    ms: list[_M],
    subjects: list[list[_M]],
    genders: Callable[[], dict[str, str]],
    language: ModuleType,
) -> _M | None:
    """The antecedent of the "he"/"she" at ``p``: the subject candidate of its sentence
    before it, else of the latest earlier sentence having one; with the genders the article
    shows (:func:`person_genders`), the persons of the other gender are skipped, up to four
    sentences back."""
    known = genders()
    want = language.PRONOUN_GENDER.get(p.group(1).lower()) if known else None
    subject = _subject_candidate(_of_gender(ms, want, known), before=p.start())
    if subject is None:
        for prev in reversed(subjects[-4:] if want else subjects[-1:]):
            subject = _subject_candidate(_of_gender(prev, want, known))
            if subject is not None:
                break
    return subject


def _of_gender(ms: list[_M], want: str | None, genders: dict[str, str]) -> list[_M]:
    """The mentions without the persons the article gives another gender than ``want``."""
    if want is None or not genders:
        return ms
    return [m for m in ms if not m.person or genders.get(m.actor, want) == want]


def _attach(
    text: str,
    v_start: int,
    v_end: int,
    info: _Verb,
    ms: list[_M],
    subjects: list[list[_M]],
    gaps: _Gaps,
    genders: Callable[[], dict[str, str]] = dict,
    language: ModuleType = lang.DEFAULT,
) -> tuple[str, str, bool, int, int] | None:
    """(actor, pattern, negated, actor_start, actor_end) for the verb at text[v_start:v_end],
    or None; spans are sentence-local (for a pronoun: the pronoun's span)."""
    if info.kind == "preposition":
        m = _mention_after(ms, text, v_end)
        return None if m is None else (m.actor, "according to ACTOR", False, m.start, m.end)
    before = [m for m in ms if m.end <= v_start and not m.quoted]
    for m in reversed(before[-3:]):
        if m.possessive:
            continue
        gap = text[m.end : v_start]
        if gaps.direct.fullmatch(gap) or (
            gaps.closing_comma.fullmatch(gap) and text[: m.start].rstrip().endswith(",")
        ):
            neg = bool(gaps.has_neg.search(gap))
            return m.actor, "ACTOR VERB", neg, m.start, m.end
        if gaps.appositive.fullmatch(gap):
            tail = gap[gap.rindex(",") :]
            neg = bool(gaps.has_neg.search(tail))
            return m.actor, "ACTOR, TITLE, VERB", neg, m.start, m.end
    p = gaps.pronoun.search(text, max(0, v_start - 120), v_start)
    if p is not None:
        subject = _pronoun_subject(p, ms, subjects, genders, language)
        if subject is not None:
            neg = bool(gaps.has_neg.search(p.group(2)))
            return subject.actor, "PRONOUN VERB", neg, p.start(1), p.end(1)
    if _INVERSION_BEFORE.search(text, 0, v_start):
        m = _mention_after(ms, text, v_end)
        if m is not None:
            return m.actor, "VERB ACTOR", False, m.start, m.end
    return None


def find_hedges(
    sentences: pd.DataFrame,
    hedges: pd.DataFrame | None = None,
    language: ModuleType = lang.DEFAULT,
) -> pd.DataFrame:
    """Hedging markers in each sentence (columns in the module docstring), sorted by
    article_id, start. Overlapping patterns: the longest pattern wins. ``hedges``: the lexicon
    (None: the one of ``language``, the run's language resources)."""
    _check(sentences, ["article_id", "sentence_index", "start", "text"], "sentences")
    hedges = load_hedges(None, language) if hedges is None else hedges
    _check(hedges, ["marker", "pattern", "category"], "hedges")
    key = tuple(
        zip(
            hedges["marker"].astype(str),
            hedges["pattern"].astype(str),
            hedges["category"].astype(str),
            strict=True,
        )
    )
    matcher = _compile_hedges(key)
    info, prefilter = matcher.info, matcher.prefilter
    rows: list[tuple] = []
    columns = ["article_id", "sentence_index", "start", "text"]
    aids, sidxs, starts, texts = (sentences[c].tolist() for c in columns)
    lows = lowered_many(texts) if prefilter is not None else [None] * len(texts)
    for aid, sidx, s_start, text, low in zip(aids, sidxs, starts, texts, lows, strict=True):
        regex = matcher.regex
        if low is not None:  # None without a prefilter, for a non-string or a case twin
            if prefilter.search(low) is None:  # type: ignore[union-attr]
                continue
            regex = _hedge_subset(matcher, low)
        for m in regex.finditer(text):
            marker, category = info[int(m.lastgroup[1:])]  # type: ignore[index]
            rows.append(
                (
                    str(aid),
                    int(sidx),
                    marker,
                    category,
                    m.group(0),
                    int(s_start) + m.start(),
                    int(s_start) + m.end(),
                )
            )
    out = pd.DataFrame(rows, columns=HEDGE_COLUMNS)
    out = out.sort_values(["article_id", "start"], kind="stable").reset_index(drop=True)
    return out.astype(
        {
            "article_id": "str",
            "sentence_index": "int64",
            "marker": "str",
            "category": "str",
            "surface": "str",
            "start": "int64",
            "end": "int64",
        }
    )


def stance_index(attributions: pd.DataFrame, by: list[str] | None = None) -> pd.DataFrame:
    """Per group of ``by`` (default ``["actor"]``): counts per verb class and
    stance_index = (n_distancing - n_endorsing) / n_attributed (positive = distanced)."""
    by = ["actor"] if by is None else list(by)
    _check(attributions, [*by, "verb_class", "negated"], "attributions")
    counts = ["n_neutral", "n_distancing", "n_endorsing", "n_confrontational"]
    columns = [*by, "n_attributed", *counts, "n_negated", "stance_index"]
    if attributions.empty:
        return pd.DataFrame({c: pd.Series([], dtype="int64") for c in columns}).astype(
            {**{c: "str" for c in by}, "stance_index": "float64"}
        )
    df = attributions[[*by, "verb_class", "negated"]].copy()
    neg = df["negated"].astype(bool)
    df["n_attributed"] = 1
    df["n_negated"] = neg.astype("int64")
    for cls in VERB_CLASSES:
        df[f"n_{cls}"] = ((df["verb_class"] == cls) & ~neg).astype("int64")
    out = df.groupby(by, sort=True, dropna=False)[["n_attributed", *counts, "n_negated"]].sum()
    out = out.reset_index()
    out["stance_index"] = (out["n_distancing"] - out["n_endorsing"]) / out["n_attributed"]
    return out[columns].astype({c: "int64" for c in ["n_attributed", *counts, "n_negated"]})

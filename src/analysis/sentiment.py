"""Sentiment instruments: TextBlob and VADER behind one interface, plus a domain lexicon.

Stage: measure. Input is the ``sentences`` table (``article_id``, ``sentence_index``, ``text``;
see analysis.segment). Every instrument scores one sentence at a time, so the work is independent
per article (and per sentence).

An :class:`Instrument` is plain data: a ``name`` and a ``score(text) -> Score`` function, plus an
optional ``with_domain(lexicon) -> score`` factory that builds a domain-adjusted scorer. Built-in
instruments (:func:`get_instrument`):

- ``textblob``: TextBlob's PatternAnalyzer (the default of ``TextBlob(text).sentiment``).
  polarity -1..1 = mean polarity of the assessed words; subjectivity 0..1 likewise; drivers are
  TextBlob's assessments (word(s), polarity after modifiers/negation).
- ``vader``: vaderSentiment. polarity = the ``compound`` score (-1..1, rounded to 4 decimals by
  VADER); subjectivity = NaN (VADER has none); drivers = the words VADER sees that have a non-zero
  lexicon valence, with that raw valence (-4..+4, before VADER's negation/booster/caps rules).

**Names never drive tone.** Words inside actor and place names are not read as sentiment:
"Black" in "Black Sea", "Great" in "Great Britain", "Justice" in "Justice Department".
:func:`name_spans` finds them in each sentence (or quote): the spans of catalog mentions
(analysis.actors: catalog aliases, or the discovered cast used as catalog) and every run of
two or more capitalised words (connectors such as "of", "the", "de" allowed inside: "Bank of
England"), except in a title-case sentence (at least 4 words and no word of 4 letters or more
starting in lower case: a headline in title case, whose capitals are not names).
``score_sentences(..., names=...)`` scores each sentence with the letters inside those spans
replaced by ``x``/``X`` (:func:`mask_names`: same length, same tokens and capitalisation, no
lexicon word), so the instruments skip them; ``drivers`` and ``coverage`` are read from the
masked text too. The tone toward each mention (analysis.tone) reads the sentence with the
other names masked (:func:`other_names`: capitalised runs that overlap no catalog mention).

The domain lexicon (src/analysis/data/domain_lexicon.csv, see :func:`load_domain_lexicon`) adds
conflict-news terms TextBlob lacks or misreads. The domain-adjusted score re-runs TextBlob's own
algorithm on a *copy* of its lexicon with the domain entries merged (multi-word terms such as
"most severe" are joined into one token first); TextBlob's global lexicon is never changed. It is
reported beside the unaltered score, never instead of it. VADER has no domain variant (NaN).

score_sentences columns (one row per sentence x instrument, sorted by article_id,
sentence_index, instrument):

- ``article_id`` (str), ``sentence_index`` (int), ``instrument`` (str)
- ``polarity`` (float -1..1): the instrument's unaltered score.
- ``subjectivity`` (float 0..1; NaN for VADER).
- ``polarity_domain``, ``subjectivity_domain`` (float): domain-adjusted TextBlob score; NaN when
  the domain lexicon is off or the instrument has no domain variant.
- ``coverage`` (float 0..1): share of the sentence's word tokens (analysis.segment.tokenize,
  lowercased) that are keys of the instrument's lexicon; NaN for a sentence with no words.
- ``coverage_domain`` (float): the same with the domain terms' words added; NaN when off.
- ``n_words`` (int): number of word tokens.
- ``drivers``, ``drivers_domain`` (str): the words behind the score in text order, rendered
  ``"word(s):+0.50;..."`` (2 decimals, for reading; exact values are in ``Score.drivers``);
  ``""`` when none or not applicable.

score_articles columns (one row per article x instrument, sorted by article_id, instrument):

- ``article_id``, ``instrument`` (str); ``n_sentences``, ``n_words`` (int)
- ``polarity_mean``: unweighted mean of sentence polarities.
- ``polarity_weighted``: mean weighted by sentence n_words (NaN when the article has no words).
- ``subjectivity_mean`` (NaN for VADER).
- ``share_positive``, ``share_negative`` (0..1): share of sentences with polarity >= +band or
  <= -band, band = :data:`NEUTRAL_BAND`.
- ``tone`` (-100..100): GDELT-style tone over sentences, 100 * (share_positive - share_negative).
- ``polarity_domain_mean``, ``polarity_domain_weighted``, ``subjectivity_domain_mean``,
  ``tone_domain``: the same over the domain-adjusted scores (NaN when off).
- ``coverage``: word-weighted lexicon coverage = known tokens / all tokens of the article.

instrument_agreement columns (one row per pair of measures, sorted): ``instrument_a``,
``instrument_b`` (instrument name, or ``"<name>+domain"`` for a domain-adjusted polarity), ``n``
(sentences where both are defined), ``pearson``, ``spearman`` (rank correlation, average ranks
for ties; NaN when n < 2 or a side is constant), ``sign_agreement`` (share of the n sentences
where both fall in the same class: positive >= band, negative <= -band, else neutral),
``neutral_band``.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis import fastblob
from analysis.segment import token_texts

#: Sentences with |polarity| below this are neutral (VADER's own convention for ``compound``).
NEUTRAL_BAND: float = 0.05

DEFAULT_DOMAIN_LEXICON: Path = Path(__file__).parent / "data" / "domain_lexicon.csv"

SENTENCE_SCORE_COLUMNS: list[str] = [
    "article_id",
    "sentence_index",
    "instrument",
    "polarity",
    "subjectivity",
    "polarity_domain",
    "subjectivity_domain",
    "coverage",
    "coverage_domain",
    "n_words",
    "drivers",
    "drivers_domain",
]

ARTICLE_SCORE_COLUMNS: list[str] = [
    "article_id",
    "instrument",
    "n_sentences",
    "n_words",
    "polarity_mean",
    "polarity_weighted",
    "subjectivity_mean",
    "share_positive",
    "share_negative",
    "tone",
    "polarity_domain_mean",
    "polarity_domain_weighted",
    "subjectivity_domain_mean",
    "tone_domain",
    "coverage",
]

AGREEMENT_COLUMNS: list[str] = [
    "instrument_a",
    "instrument_b",
    "n",
    "pearson",
    "spearman",
    "sign_agreement",
    "neutral_band",
]

_LEXICON_REQUIRED = ("term", "polarity", "subjectivity")


class Score(NamedTuple):
    """One instrument's reading of one text."""

    polarity: float
    subjectivity: float
    drivers: tuple[tuple[str, float], ...]
    coverage: float


@dataclass(frozen=True)
class DomainLexicon:
    """Domain entries ``(term, polarity, subjectivity)``, terms lowercased, sorted by term."""

    path: str
    version: str
    entries: tuple[tuple[str, float, float], ...]


@dataclass(frozen=True)
class Instrument:
    """A named scorer; ``with_domain`` (optional) builds a domain-adjusted scorer.

    ``pair`` (optional) builds a function giving both readings of a text in one pass (shared
    tokens); it must return exactly ``(score(text), with_domain(lexicon)(text))``.
    """

    name: str
    score: Callable[[str], Score]
    with_domain: Callable[[DomainLexicon], Callable[[str], Score]] | None = None
    pair: Callable[[DomainLexicon], Callable[[str], tuple[Score, Score]]] | None = None


# --- tokens and coverage -----------------------------------------------------------------------


@functools.lru_cache(maxsize=16384)
def _words(text: str) -> tuple[str, ...]:
    """Lowercased word tokens; cached so each sentence is tokenized once for all instruments."""
    # Tokens never hold whitespace (nor does a lowercased one), so join-lower-split is exact.
    return tuple(" ".join(token_texts(text)).lower().split())


def _coverage(text: str, known: Callable[[str], bool]) -> float:
    return _share_known(_words(text), known)


def _share_known(words: Sequence[str], known: Callable[[str], bool]) -> float:
    if not words:
        return math.nan
    return sum(map(known, words)) / len(words)


# --- TextBlob ----------------------------------------------------------------------------------
# TextBlob costs ~250 µs per sentence via TextBlob(text).sentiment_assessments (tokenizer and
# lexicon walk, run twice). The default path is analysis.fastblob: an exact re-implementation of
# the same steps (same tokens, same float operations in the same order, so identical polarity,
# subjectivity and assessments; tests/test_fastblob.py checks it) at a fraction of the cost.
# ``textblob_score(text, exact=True)`` calls TextBlob itself, for verification.


@functools.cache
def _tb_base():
    from textblob.en import sentiment

    len(sentiment)  # force the lazy XML load before anyone reads dict internals
    return sentiment


def _tb_known(word: str) -> bool:
    return word in fastblob.default_lexicon().entries


@functools.cache
def _tb_contains() -> Callable[[str], bool]:
    return fastblob.default_lexicon().entries.__contains__


def _tb_result_to_score(result, coverage: float) -> Score:
    polarity, subjectivity = result[0], result[1]  # TextBlob's Score or a fastblob.Result
    drivers = tuple((" ".join(w), float(p)) for w, p, _s, _x in result.assessments)
    return Score(float(polarity), float(subjectivity), drivers, coverage)


def textblob_score(text: str, exact: bool = False) -> Score:
    """TextBlob's PatternAnalyzer reading of ``text`` as a :class:`Score`.

    ``exact=False`` (default) uses :mod:`analysis.fastblob` (identical numbers, faster);
    ``exact=True`` calls TextBlob's own ``textblob.en.sentiment``.
    """
    result = _tb_base()(text) if exact else fastblob.sentiment(text)
    return _tb_result_to_score(result, _coverage(text, _tb_contains()))


def _textblob_score(text: str) -> Score:
    return textblob_score(text)


def _merge_terms(words: list[str], multi: frozenset[tuple[str, ...]], longest: int) -> list[str]:
    """Join runs of words that form a multi-word domain term (longest match first)."""
    if not multi:
        return words
    firsts = _first_words(multi)
    if firsts.isdisjoint(words):
        return words
    out, i = [], 0
    while i < len(words):
        if words[i] not in firsts:
            out.append(words[i])
            i += 1
            continue
        for k in range(min(longest, len(words) - i), 1, -1):
            if tuple(words[i : i + k]) in multi:
                out.append(" ".join(words[i : i + k]))
                i += k
                break
        else:
            out.append(words[i])
            i += 1
    return out


@functools.lru_cache(maxsize=8)
def _first_words(multi: frozenset[tuple[str, ...]]) -> frozenset[str]:
    return frozenset(t[0] for t in multi)


@functools.lru_cache(maxsize=8)
def _domain_lexicon(lexicon: DomainLexicon) -> fastblob.Lexicon:
    """TextBlob's lexicon with the domain entries merged (a domain entry is never a modifier)."""
    base = fastblob.default_lexicon()
    entries = dict(base.entries)
    for term, pol, subj in lexicon.entries:
        entries[term] = (pol, subj, 1.0)  # intensity 1.0: not a modifier
    terms = {t for t, _, _ in lexicon.entries}
    return fastblob.make_lexicon(
        entries, base.modifiers - terms, base.negations, base.labels, base.modifier
    )


def _textblob_domain_scorer(lexicon: DomainLexicon, exact: bool = False) -> Callable[[str], Score]:
    if exact:
        return _textblob_domain_scorer_exact(lexicon)
    pair = _textblob_pair(lexicon)
    return lambda text: pair(text)[1]


class _PairParts(NamedTuple):
    """What TextBlob's plain and domain readings of a text need, prepared once per lexicon."""

    base: fastblob.Lexicon
    lex: fastblob.Lexicon
    multi: frozenset[tuple[str, ...]]
    longest: int
    plain_known: Callable[[str], bool]
    known: Callable[[str], bool]
    untouched: Callable[[Iterable[str]], bool]


@functools.lru_cache(maxsize=8)
def _pair_parts(lexicon: DomainLexicon) -> _PairParts:
    base = fastblob.default_lexicon()
    multi = frozenset(tuple(t.split()) for t, _, _ in lexicon.entries if " " in t)
    domain_words = frozenset(w for t, _, _ in lexicon.entries for w in t.split())
    return _PairParts(
        base=base,
        lex=_domain_lexicon(lexicon),
        multi=multi,
        longest=max((len(t) for t in multi), default=1),
        plain_known=base.entries.__contains__,
        known=(domain_words | base.entries.keys()).__contains__,
        untouched=domain_words.isdisjoint,
    )


@functools.lru_cache(maxsize=8)
def _textblob_pair(lexicon: DomainLexicon) -> Callable[[str], tuple[Score, Score]]:
    """TextBlob's plain and domain readings from one tokenization.

    A sentence with no word of a domain term walks the same lexicon entries either way, so its
    domain reading is the plain one (the same object); otherwise the domain walk is run.
    """
    base, lex, multi, longest, plain_known, known, untouched = _pair_parts(lexicon)

    def pair(text: str) -> tuple[Score, Score]:
        words = fastblob.words(text)
        tokens = _words(text)
        result = fastblob.score_words(words, base)
        coverage = _share_known(tokens, plain_known)
        plain = _tb_result_to_score(result, coverage)
        same_walk, same_coverage = untouched(words), untouched(tokens)
        if same_walk and same_coverage:
            return plain, plain
        domain = (
            result if same_walk else fastblob.score_words(_merge_terms(words, multi, longest), lex)
        )
        domain_cov = coverage if same_coverage else _share_known(tokens, known)
        return plain, _tb_result_to_score(domain, domain_cov)

    return pair


#: a sentence's values in a score row, after the instrument's name: polarity, subjectivity,
#: polarity_domain, subjectivity_domain, coverage, coverage_domain, drivers, drivers_domain
_Row = tuple[float, float, float, float, float, float, str, str]


def _rendered(result: fastblob.Result) -> str:
    """:func:`render_drivers` of the drivers :func:`_tb_result_to_score` makes of ``result``."""
    return ";".join([f"{' '.join(w)}:{float(p):+.2f}" for w, p, _s, _x in result.assessments])


@functools.lru_cache(maxsize=8)
def _textblob_pair_row(lexicon: DomainLexicon) -> Callable[[str], _Row]:
    """:func:`_textblob_pair`'s two readings of a text as the values of its score row
    (:func:`_row_scorer`), without the :class:`Score` objects in between: the same numbers
    and strings (tests/test_sentiment.py checks it)."""
    base, lex, multi, longest, plain_known, known, untouched = _pair_parts(lexicon)
    score_words, words_of = fastblob.score_words, fastblob.words

    def row(text: str) -> _Row:
        words = words_of(text)
        tokens = _words(text)
        result = score_words(words, base)
        coverage = _share_known(tokens, plain_known)
        pol, subj = float(result.polarity), float(result.subjectivity)
        drivers = _rendered(result)
        same_walk, same_coverage = untouched(words), untouched(tokens)
        if same_walk:
            if same_coverage:
                return pol, subj, pol, subj, coverage, coverage, drivers, drivers
            return pol, subj, pol, subj, coverage, _share_known(tokens, known), drivers, drivers
        dom = score_words(_merge_terms(words, multi, longest), lex)
        return (
            pol,
            subj,
            float(dom.polarity),
            float(dom.subjectivity),
            coverage,
            coverage if same_coverage else _share_known(tokens, known),
            drivers,
            _rendered(dom),
        )

    return row


@functools.lru_cache(maxsize=8)
def _textblob_domain_scorer_exact(lexicon: DomainLexicon) -> Callable[[str], Score]:
    """Reference: TextBlob's own Sentiment on a copy of its lexicon with the domain entries."""
    from textblob.en import Sentiment

    base = _tb_base()
    ext = Sentiment(
        path="",
        negations=base.negations,
        modifiers=base.modifiers,
        modifier=base.modifier,
        tokenizer=base.tokenizer,
        language="en",
    )
    # Shallow copy is safe: domain entries replace whole per-word dicts, never mutate shared ones.
    dict.update(ext, dict.items(base))
    ext.labeler = dict(base.labeler)
    for term, pol, subj in lexicon.entries:
        dict.__setitem__(ext, term, {None: (pol, subj, 1.0)})  # intensity 1.0: not a modifier
    multi = frozenset(tuple(t.split()) for t, _, _ in lexicon.entries if " " in t)
    longest = max((len(t) for t in multi), default=1)
    domain_words = frozenset(w for t, _, _ in lexicon.entries for w in t.split())

    def known(word: str) -> bool:
        return word in domain_words or _tb_known(word)

    def score(text: str) -> Score:
        # Same steps as Sentiment.__call__ on a string (tokenize, lowercase, split), plus the
        # multi-word merge; a list input skips only the lowercasing, done here.
        words = [w.lower() for w in " ".join(ext.tokenizer(text)).split()]
        return _tb_result_to_score(ext(_merge_terms(words, multi, longest)), _coverage(text, known))

    return score


# --- VADER -------------------------------------------------------------------------------------


@functools.cache
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def _vader_score(text: str) -> Score:
    from vaderSentiment.vaderSentiment import SentiText

    analyzer = _vader()
    lexicon = analyzer.lexicon
    compound = float(analyzer.polarity_scores(text)["compound"])
    drivers = []
    for item in SentiText(text).words_and_emoticons:
        valence = lexicon.get(item.lower(), 0.0)
        if valence != 0.0:
            drivers.append((item.lower(), float(valence)))
    return Score(compound, math.nan, tuple(drivers), _coverage(text, lexicon.__contains__))


_INSTRUMENTS: dict[str, Instrument] = {
    "textblob": Instrument("textblob", _textblob_score, _textblob_domain_scorer, _textblob_pair),
    "vader": Instrument("vader", _vader_score, None),
}


def get_instrument(name: str) -> Instrument:
    """Built-in instrument by name: ``"textblob"`` or ``"vader"``."""
    key = str(name).strip().lower()
    if key not in _INSTRUMENTS:
        raise ValueError(f"unknown sentiment instrument {name!r}; known: {sorted(_INSTRUMENTS)}")
    return _INSTRUMENTS[key]


# --- domain lexicon ----------------------------------------------------------------------------


def _parse_float(value: str, column: str, line: int, path: str, lo: float, hi: float) -> float:
    try:
        x = float(value)
    except ValueError:
        raise ValueError(f"{path}: line {line}: {column} {value!r} is not a number") from None
    if not lo <= x <= hi:
        raise ValueError(f"{path}: line {line}: {column} {x} is outside [{lo}, {hi}]")
    return x


def load_domain_lexicon(path: str | Path | None = None) -> DomainLexicon:
    """Read a domain lexicon CSV (default: the packaged one) into a :class:`DomainLexicon`.

    Required columns: term, polarity (-1..1), subjectivity (0..1); optional: version (one value
    for the whole file), note, source. Terms are lowercased, inner whitespace collapsed; a term
    of several words matches that word sequence. Raises ValueError naming the file and problem.
    """
    path = Path(path) if path is not None else DEFAULT_DOMAIN_LEXICON
    name = str(path)
    if not path.is_file():
        raise ValueError(f"{name}: domain lexicon file not found")
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ValueError(f"{name}: not a readable CSV domain lexicon ({exc})") from None
    table.columns = [str(c).strip().lower() for c in table.columns]
    missing = [c for c in _LEXICON_REQUIRED if c not in table.columns]
    if missing:
        raise ValueError(
            f"{name}: domain lexicon lacks column(s) {missing}; has {list(table.columns)}"
        )
    if table.empty:
        raise ValueError(f"{name}: domain lexicon has no rows")
    versions = sorted(set(table["version"].str.strip())) if "version" in table.columns else [""]
    if len(versions) != 1:
        raise ValueError(f"{name}: domain lexicon mixes versions {versions}")
    entries: dict[str, tuple[str, float, float]] = {}
    for offset, row in enumerate(table.itertuples(index=False)):
        line = offset + 2  # header is line 1
        term = " ".join(str(row.term).lower().split())
        if not term:
            raise ValueError(f"{name}: line {line}: empty term")
        if term in entries:
            raise ValueError(f"{name}: line {line}: duplicate term {term!r}")
        pol = _parse_float(str(row.polarity), "polarity", line, name, -1.0, 1.0)
        subj = _parse_float(str(row.subjectivity), "subjectivity", line, name, 0.0, 1.0)
        entries[term] = (term, pol, subj)
    return DomainLexicon(name, versions[0], tuple(entries[t] for t in sorted(entries)))


def _resolve_lexicon(domain_lexicon: bool | str | Path | DomainLexicon | None):
    if isinstance(domain_lexicon, DomainLexicon):
        return domain_lexicon
    if domain_lexicon is None or domain_lexicon is False:
        return None
    if domain_lexicon is True:
        return load_domain_lexicon()
    if isinstance(domain_lexicon, str | Path):
        return load_domain_lexicon(domain_lexicon)
    raise ValueError(
        f"domain_lexicon must be a bool, a path or a DomainLexicon, not {domain_lexicon!r}"
    )


# --- names ------------------------------------------------------------------------------------

#: lower-case words allowed inside a run of capitalised words ("Bank of England")
NAME_CONNECTORS = ("of", "the", "for", "and", "de", "du", "la", "le", "von", "van", "der", "al")
_UPPER = "A-ZÀ-ÖØ-Þ"
_CAP_WORD = rf"[{_UPPER}][\w'’.-]*"
_CONNECT = "|".join(NAME_CONNECTORS)
# A run starts at a capital with no word character before it (``\b{_CAP_WORD}``). Written
# with the capital first and the word boundary as a lookbehind over it (the capital is a word
# character, so "no \\w before it" is ``\b``): re then skips to the next capital in C
# instead of testing ``\b`` at every position (same matches, about 2.5x faster).
_CAP_RUN = re.compile(
    rf"[{_UPPER}](?<!\w.)[\w'’.-]*(?:[ \t]+(?:(?:{_CONNECT})[ \t]+)*{_CAP_WORD})+"
)
#: the pattern :data:`_CAP_RUN` stands for (kept for the equivalence test)
_CAP_RUN_PLAIN = re.compile(rf"\b{_CAP_WORD}(?:[ \t]+(?:(?:{_CONNECT})[ \t]+)*{_CAP_WORD})+")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
#: a title-case sentence: at least 4 words, none of 4 letters or more in lower case
TITLE_CASE_WORDS, TITLE_CASE_LONG = 4, 4
# a match starts a long lower-case word of _WORD (a shortcut of the title-case test)
_LOWER_WORD = re.compile(rf"(?<![\w'’-])[a-z]{{{TITLE_CASE_LONG}}}")
NAME_SPAN_COLUMNS = ["article_id", "sentence_index", "start", "end", "source"]


def capitalised_runs(text: str) -> list[tuple[int, int]]:
    """Spans of runs of two or more capitalised words in ``text`` ("White House", "Bank of
    England"); none in a title-case text (module docstring)."""
    if _title_case(text):
        return []
    return [m.span() for m in _CAP_RUN.finditer(text)]


class _MaskTable(dict):
    """``str.translate`` table of :func:`mask_names`: a letter -> ``X``/``x`` (by
    ``str.isupper``), any other character -> itself; filled per code point on first sight."""

    def __missing__(self, code: int) -> str | int:
        c = chr(code)
        value: str | int = ("X" if c.isupper() else "x") if c.isalpha() else code
        self[code] = value
        return value


_MASK = _MaskTable()


def mask_names(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with every letter inside ``spans`` replaced by ``x`` (``X`` for a capital):
    the same length and tokens, and no word of either instrument's lexicon."""
    size = len(text)
    for start, end in spans:
        # masking is idempotent, so overlapping spans give the same text in any order
        s, e = max(start, 0), min(end, size)
        if s < e:
            text = text[:s] + text[s:e].translate(_MASK) + text[e:]
    return text


def _same_token_count(text: str) -> bool:
    """True when :func:`mask_names` on any spans of ``text`` keeps its
    analysis.segment.tokenize spans: masking turns letters into the letters x/X, which belong
    to the same classes of the token pattern (\\w, letters, not digits, not space), unless the
    letter is also one of the pattern's literal characters: the ordinal indicator "º"."""
    return "º" not in text


def _unit_spans(names: pd.DataFrame) -> dict[tuple[str, int], list[tuple[int, int]]]:
    """``(article_id, sentence_index) -> [(start, end), ...]`` of a :func:`name_spans` table,
    in its row order."""
    spans: dict[tuple[str, int], list[tuple[int, int]]] = {}
    keys = zip(
        names["article_id"].astype(str).tolist(),
        names["sentence_index"].astype("int64").tolist(),
        strict=True,
    )
    pairs = zip(
        names["start"].astype("int64").tolist(), names["end"].astype("int64").tolist(), strict=True
    )
    for key, pair in zip(keys, pairs, strict=True):
        got = spans.get(key)
        if got is None:
            spans[key] = [pair]
        else:
            got.append(pair)
    return spans


def _capitalised_array(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The runs of :func:`capitalised_spans` as three int64 arrays in text order: the index of
    each run's text, its start and its end (relative to that text); title-case texts dropped.
    One regex pass over the texts joined by ``\n`` (no run can hold a line break, and a
    run's word boundary sees a line break as it sees the start of a text)."""
    empty = np.zeros(0, dtype=np.int64)
    if not texts:
        return empty, empty, empty
    found = [m.span() for m in _CAP_RUN.finditer("\n".join(texts))]
    if not found:
        return empty, empty, empty
    spans = np.array(found, dtype=np.int64)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))
    unit = np.searchsorted(starts, spans[:, 0], side="right") - 1
    base = starts[unit]
    # a text with runs may be title case (then it has none): tested once per such text
    with_runs = np.unique(unit).tolist()
    titled = [k for k in with_runs if _title_case(texts[k])]
    if titled:
        keep = ~np.isin(unit, np.asarray(titled, dtype=np.int64))
        unit, base, spans = unit[keep], base[keep], spans[keep]
    return unit, spans[:, 0] - base, spans[:, 1] - base


def capitalised_spans(texts: Sequence[str]) -> list[list[tuple[int, int]]]:
    """:func:`capitalised_runs` of each text of ``texts``, from one regex pass over the texts
    joined by ``\n`` (:func:`_capitalised_array`), offsets relative to each text."""
    out: list[list[tuple[int, int]]] = [[] for _ in texts]
    unit, first, last = _capitalised_array(texts)
    for k, s, e in zip(unit.tolist(), first.tolist(), last.tolist(), strict=True):
        out[k].append((s, e))
    return out


def _title_case(text: str) -> bool:
    """At least TITLE_CASE_WORDS words (``_WORD``) and none of TITLE_CASE_LONG letters or
    more starting in lower case."""
    if _LOWER_WORD.search(text) is not None:
        # a lower-case ASCII letter that no earlier word reaches (nothing of [\w'’-] before
        # it) starts a word, and three more letters make it a long one
        return False
    words = _WORD.findall(text)
    return len(words) >= TITLE_CASE_WORDS and not any(
        len(w) >= TITLE_CASE_LONG and w[0].islower() for w in words
    )


def name_spans(units: pd.DataFrame, mentions: pd.DataFrame | None = None) -> pd.DataFrame:
    """The name spans of each unit (a sentence; a quote with its ``quote_index`` renamed
    ``sentence_index``): ``units`` has article_id, sentence_index, start, end (offsets in the
    article's cleaned text) and text; ``mentions`` (analysis.actors.find_mentions: article_id,
    start, end in the same text) the catalog mentions. Returns :data:`NAME_SPAN_COLUMNS`,
    offsets relative to the unit's text, ``source`` "catalog" or "capitalised"."""
    rows = []
    keys = ["article_id", "sentence_index"]
    if mentions is not None and len(mentions) and len(units):
        m = mentions[["article_id", "start", "end"]].rename(
            columns={"start": "m_start", "end": "m_end"}
        )
        u = units[[*keys, "start", "end"]].merge(m, on="article_id", how="inner")
        u = u[(u["m_start"] >= u["start"]) & (u["m_end"] <= u["end"])]
        rows.append(
            pd.DataFrame(
                {
                    "article_id": u["article_id"],
                    "sentence_index": u["sentence_index"],
                    "start": u["m_start"] - u["start"],
                    "end": u["m_end"] - u["start"],
                    "source": "catalog",
                }
            )
        )
    unit, first, last = _capitalised_array([str(t) for t in units["text"].tolist()])
    # the rows of the runs straight from arrays, in unit then run order
    rows.append(
        pd.DataFrame(
            {
                "article_id": np.asarray(units["article_id"].tolist(), dtype=object)[unit],
                "sentence_index": units["sentence_index"].to_numpy()[unit],
                "start": first,
                "end": last,
                "source": "capitalised",
            },
            columns=NAME_SPAN_COLUMNS,
        )
    )
    out = pd.concat([r for r in rows if len(r)], ignore_index=True) if any(map(len, rows)) else None
    if out is None:
        return pd.DataFrame(columns=NAME_SPAN_COLUMNS)
    out = out.astype({"sentence_index": "int64", "start": "int64", "end": "int64"})
    return out.sort_values([*keys, "start", "end", "source"], kind="stable").reset_index(drop=True)


def other_names(names: pd.DataFrame) -> pd.DataFrame:
    """The capitalised-run spans of ``names`` (:func:`name_spans`) that overlap no catalog
    mention of the same unit: the names around the actors, for the tone toward each mention
    (analysis.tone), which keeps the mentions it scores as they are."""
    keys = ["article_id", "sentence_index"]
    caps = names[names["source"] == "capitalised"]
    cat = names[names["source"] == "catalog"][[*keys, "start", "end"]]
    if caps.empty or cat.empty:
        return caps.reset_index(drop=True)
    pairs = caps.reset_index().merge(cat, on=keys, how="inner", suffixes=("", "_m"))
    hit = pairs[(pairs["start"] < pairs["end_m"]) & (pairs["start_m"] < pairs["end"])]
    return caps.drop(index=hit["index"].unique()).reset_index(drop=True)


def mask_units(units: pd.DataFrame, names: pd.DataFrame) -> pd.DataFrame:
    """``units`` (article_id, sentence_index, text) with the letters inside ``names`` masked
    (:func:`mask_names`); offsets and lengths unchanged."""
    if names.empty:
        return units
    spans = _unit_spans(names)
    text = units["text"].tolist()
    keys = zip(
        units["article_id"].astype(str).tolist(),
        units["sentence_index"].astype("int64").tolist(),
        strict=True,
    )
    for k, key in enumerate(keys):
        unit_spans = spans.get(key)
        if unit_spans:
            text[k] = mask_names(text[k], unit_spans)
    return units.assign(text=text)


# --- tables ------------------------------------------------------------------------------------


def render_drivers(drivers: Sequence[tuple[str, float]]) -> str:
    """Compact, deterministic rendering: ``"most:+0.50;war:-0.72"``."""
    return ";".join(f"{w}:{v:+.2f}" for w, v in drivers)


def _require(df: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{what} lacks column(s) {missing}")


def _resolve_instruments(instruments: Sequence[str | Instrument]) -> list[Instrument]:
    if isinstance(instruments, str | Instrument):
        instruments = [instruments]
    resolved = [i if isinstance(i, Instrument) else get_instrument(i) for i in instruments]
    names = [i.name for i in resolved]
    if not names or len(set(names)) != len(names):
        raise ValueError(f"instruments must be a non-empty list of distinct names, got {names}")
    return resolved


def _scorer(
    inst: Instrument, lexicon: DomainLexicon | None
) -> Callable[[str], tuple[Score, Score | None]]:
    """``text -> (score, domain score or None)`` for one instrument."""
    if lexicon is None or inst.with_domain is None:
        plain = inst.score
        return lambda text: (plain(text), None)
    if inst.pair is not None:
        return inst.pair(lexicon)
    plain, domain = inst.score, inst.with_domain(lexicon)
    return lambda text: (plain(text), domain(text))


def _row_scorer(inst: Instrument, lexicon: DomainLexicon | None) -> Callable[[str], _Row]:
    """``text -> the values of its score row`` (:data:`_Row`) for one instrument: the
    TextBlob pair without Score objects when it is the built-in one, else from
    :func:`_scorer` (no domain reading: NaN and "")."""
    builtin = (
        inst.score is _textblob_score
        and inst.with_domain is _textblob_domain_scorer
        and inst.pair is _textblob_pair
    )
    if lexicon is not None and builtin:
        return _textblob_pair_row(lexicon)
    scorer = _scorer(inst, lexicon)
    nan = math.nan

    def row(text: str) -> _Row:
        s, d = scorer(text)
        drivers = render_drivers(s.drivers)
        if d is None:
            return s.polarity, s.subjectivity, nan, nan, s.coverage, nan, drivers, ""
        return (
            s.polarity,
            s.subjectivity,
            d.polarity,
            d.subjectivity,
            s.coverage,
            d.coverage,
            drivers,
            drivers if d is s else render_drivers(d.drivers),
        )

    return row


def score_sentences(
    sentences: pd.DataFrame,
    instruments: Sequence[str | Instrument] = ("textblob", "vader"),
    domain_lexicon: bool | str | Path | DomainLexicon | None = True,
    names: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Score every sentence with every instrument; columns :data:`SENTENCE_SCORE_COLUMNS`.

    ``domain_lexicon``: True = packaged lexicon, False/None = off, a path = your own CSV.
    ``names``: spans within each sentence (:func:`name_spans`: article_id, sentence_index,
    start, end) whose words are not read (:func:`mask_names`); None = every word is read.
    """
    _require(sentences, ["article_id", "sentence_index", "text"], "sentences table")
    if sentences.duplicated(["article_id", "sentence_index"]).any():
        dup = sentences.loc[sentences.duplicated(["article_id", "sentence_index"])]
        raise ValueError(
            "sentences table has duplicate (article_id, sentence_index): "
            f"{list(zip(dup['article_id'], dup['sentence_index'], strict=True))[:5]}"
        )
    ordered = sentences.sort_values(["article_id", "sentence_index"], kind="stable")
    texts = ordered["text"].tolist()
    bad = [t for t in texts if not isinstance(t, str)]
    if bad:
        raise ValueError(
            f"sentences table has {len(bad)} non-string text value(s), e.g. {bad[0]!r}"
        )
    resolved = _resolve_instruments(instruments)
    lexicon = _resolve_lexicon(domain_lexicon)
    scorers = [_row_scorer(i, lexicon) for i in resolved]
    spans = _unit_spans(names) if names is not None else {}
    ids = ordered["article_id"].tolist()
    indexes = ordered["sentence_index"].tolist()
    scored: list[_Row] = []
    counts: list[int] = []
    keys = zip(map(str, ids), map(int, indexes), strict=True) if spans else ()
    for text, key in itertools.zip_longest(texts, keys):
        unit_spans = spans.get(key) if spans else None
        if unit_spans:
            masked = mask_names(text, unit_spans)
            # the masked text has the same number of tokens (_same_token_count), and the
            # instruments tokenize it anyway: counting there saves a tokenization
            n_words = len(_words(masked if _same_token_count(text) else text))
            text = masked
        else:
            n_words = len(_words(text))
        for row in scorers:
            scored.append(row(text))
            counts.append(n_words)
    if not scored:
        return pd.DataFrame([], columns=SENTENCE_SCORE_COLUMNS).astype(
            {"sentence_index": "int64", "n_words": "int64"}
        )
    k = len(scorers)
    columns = list(zip(*scored, strict=True))
    data: dict[str, object] = {
        "article_id": [str(a) for a in ids for _ in range(k)],
        "sentence_index": np.repeat(np.asarray(indexes, dtype="int64"), k),
        "instrument": [i.name for _ in ids for i in resolved],
    }
    for c, values in zip(SENTENCE_SCORE_COLUMNS[3:9], columns[:6], strict=True):
        data[c] = np.asarray(values, dtype="float64")
    data["n_words"] = np.asarray(counts, dtype="int64")
    data["drivers"] = list(columns[6])
    data["drivers_domain"] = list(columns[7])
    out = pd.DataFrame(data, columns=SENTENCE_SCORE_COLUMNS)
    return out.sort_values(
        ["article_id", "sentence_index", "instrument"], kind="stable", ignore_index=True
    )


def _classes(values: np.ndarray, band: float) -> np.ndarray:
    return np.where(values >= band, 1, np.where(values <= -band, -1, 0))


def _mean(values: np.ndarray) -> float:
    return float(values.mean()) if len(values) else math.nan


def _weighted(values: np.ndarray, weights: np.ndarray) -> float:
    total = weights.sum()
    return float((values * weights).sum() / total) if total > 0 else math.nan


def _tone(values: np.ndarray, band: float) -> tuple[float, float, float]:
    if not len(values) or np.isnan(values).any():
        return math.nan, math.nan, math.nan
    cls = _classes(values, band)
    pos, neg = float((cls == 1).mean()), float((cls == -1).mean())
    return pos, neg, 100.0 * (pos - neg)


def score_articles(
    sentences: pd.DataFrame, sentence_scores: pd.DataFrame, neutral_band: float = NEUTRAL_BAND
) -> pd.DataFrame:
    """Aggregate sentence scores per article x instrument; columns :data:`ARTICLE_SCORE_COLUMNS`.

    Every sentence of ``sentences`` must have a score for every instrument in
    ``sentence_scores``, and no score may refer to a sentence not in ``sentences``.
    """
    _require(sentences, ["article_id", "sentence_index"], "sentences table")
    _require(sentence_scores, SENTENCE_SCORE_COLUMNS[:10], "sentence_scores table")
    keys = set(zip(sentences["article_id"].astype(str), sentences["sentence_index"], strict=True))
    # One stable sort, then contiguous slices per (instrument, article): the same rows in the
    # same order as a group-by gives, without per-group pandas work.
    srt = sentence_scores.sort_values(["instrument", "article_id"], kind="stable")
    inst_col = srt["instrument"].tolist()
    art_col = srt["article_id"].tolist()
    art_str = [str(a) for a in art_col]
    idx_col = srt["sentence_index"].tolist()
    n_all = srt["n_words"].to_numpy(dtype="int64")
    pol_all = srt["polarity"].to_numpy(dtype="float64")
    dom_all = srt["polarity_domain"].to_numpy(dtype="float64")
    cov_all = srt["coverage"].to_numpy(dtype="float64")
    subj_all = srt["subjectivity"].to_numpy(dtype="float64")
    subj_dom_all = srt["subjectivity_domain"].to_numpy(dtype="float64")
    total = len(srt)
    rows = []
    lo = 0
    while lo < total:
        inst = inst_col[lo]
        hi = lo
        while hi < total and inst_col[hi] == inst:
            hi += 1
        scored = set(zip(art_str[lo:hi], idx_col[lo:hi], strict=True))
        if scored != keys or hi - lo != len(scored):
            missing, extra = sorted(keys - scored), sorted(scored - keys)
            raise ValueError(
                f"sentence_scores for {inst!r} do not match the sentences table: "
                f"missing {missing[:5]}, unknown {extra[:5]}, duplicates {hi - lo - len(scored)}"
            )
        a = lo
        while a < hi:
            b = a + 1
            while b < hi and art_col[b] == art_col[a]:
                b += 1
            n = n_all[a:b]
            pol = pol_all[a:b]
            dom = dom_all[a:b]
            cov = cov_all[a:b]
            has_words = n > 0
            pos, neg, tone = _tone(pol, neutral_band)
            _, _, tone_dom = _tone(dom, neutral_band)
            rows.append(
                (
                    art_str[a],
                    str(inst),
                    b - a,
                    int(n.sum()),
                    _mean(pol),
                    _weighted(pol, n),
                    _mean(subj_all[a:b]),
                    pos,
                    neg,
                    tone,
                    _mean(dom),
                    _weighted(dom, n),
                    _mean(subj_dom_all[a:b]),
                    tone_dom,
                    _weighted(cov[has_words], n[has_words]),
                )
            )
            a = b
        lo = hi
    out = pd.DataFrame(rows, columns=ARTICLE_SCORE_COLUMNS)
    out = out.astype({"n_sentences": "int64", "n_words": "int64"})
    return out.sort_values(["article_id", "instrument"], kind="stable", ignore_index=True)


def _pearson(x: np.ndarray, y: np.ndarray) -> float:
    if len(x) < 2:
        return math.nan
    dx, dy = x - x.mean(), y - y.mean()
    denom = math.sqrt(float((dx * dx).sum()) * float((dy * dy).sum()))
    return float((dx * dy).sum()) / denom if denom > 0 else math.nan


def instrument_agreement(scores: pd.DataFrame, neutral_band: float = NEUTRAL_BAND) -> pd.DataFrame:
    """Pairwise agreement of sentence polarities between instruments (and their domain variants).

    Input: a :func:`score_sentences` table. Output columns :data:`AGREEMENT_COLUMNS`.
    """
    _require(scores, ["article_id", "sentence_index", "instrument", "polarity"], "scores table")
    if scores.duplicated(["article_id", "sentence_index", "instrument"]).any():
        raise ValueError("scores table has duplicate (article_id, sentence_index, instrument) rows")
    measures: dict[str, pd.Series] = {}
    for inst, g in scores.groupby("instrument", sort=True):
        idx = pd.MultiIndex.from_arrays([g["article_id"].astype(str), g["sentence_index"]])
        measures[str(inst)] = pd.Series(g["polarity"].to_numpy(dtype="float64"), index=idx)
        if "polarity_domain" in g.columns and g["polarity_domain"].notna().any():
            dom = g["polarity_domain"].to_numpy(dtype="float64")
            measures[f"{inst}+domain"] = pd.Series(dom, index=idx)
    table = pd.DataFrame(measures).sort_index()
    names = sorted(measures)
    rows = []
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            both = table[[a, b]].dropna()
            x, y = both[a].to_numpy(), both[b].to_numpy()
            rx = both[a].rank(method="average").to_numpy()
            ry = both[b].rank(method="average").to_numpy()
            agree = (
                float((_classes(x, neutral_band) == _classes(y, neutral_band)).mean())
                if len(x)
                else math.nan
            )
            rows.append((a, b, len(x), _pearson(x, y), _pearson(rx, ry), agree, neutral_band))
    out = pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)
    return out.astype({"n": "int64", "neutral_band": "float64"})

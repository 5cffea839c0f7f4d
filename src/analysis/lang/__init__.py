"""Language resources, one module per language (``analysis/lang/<code>.py``), looked up by code.

Every word list and spelling rule a stage applies to text of one language lives in that
language's module (spaCy's ``lang/<code>`` is the model): stop words, abbreviations and titles
for sentence splitting, honorifics, pronouns and closed-class words for quotes and attribution,
function words for language identification, the reporting-verb, quote-cue and hedge lexicons
(CSV files in ``analysis/data/``, named by the module), crude stemming and inflection.

Resolved once per run: :func:`resolve` turns the run's ``languages`` (analysis.params) into
the one resource module every stage then receives as its ``language`` argument (the pipeline
and the per-article engine pass it; a stage never looks a language up itself and never
imports ``analysis.lang.en``). A stage called without one uses :data:`DEFAULT`, the resources
of the default parameters' language.

Only English (:mod:`analysis.lang.en`) exists today. ``languages`` in the run parameters may
name only languages that have a module: :func:`check` says which language lacks one and what it
would have to provide (:data:`REQUIRED`), instead of running English lists on other text. To
add a language, copy ``en.py`` to ``<code>.py`` and translate every name in :data:`REQUIRED`
(docs/DEVELOPING.md, "Where do I add a language?").
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

import pandas as pd

#: What a language module provides (names in ``analysis/lang/en.py``).
REQUIRED = (
    "STOPWORDS",
    "REPORTING_VERBS",
    "QUOTE_CUES",
    "HEDGES",
    "TITLES",
    "NUMBER_ABBREVIATIONS",
    "ABBREVIATIONS",
    "NEVER_SPLIT_DOTTED",
    "SENTENCE_STARTERS",
    "SPEECH_VERBS",
    "NOT_GIVEN_NAMES",
    "ROLE_WORDS",
    "PRONOUNS",
    "OTHER_PRONOUNS",
    "DETERMINERS",
    "DEFINITE",
    "BETWEEN",
    "PHRASE_STOP",
    "INTRO",
    "CONJ_ADVERBS",
    "BODY_NOUNS",
    "GENERIC_HEADS",
    "AUTHOR_GROUPS",
    "PERSON_NOUNS",
    "COUNT_WORDS",
    "NOT_SUBJECTS",
    "SCARE_AFTER",
    "METALINGUISTIC",
    "TITLE_SMALL_WORDS",
    "PRONOUN_GENDER",
    "GENDERED_TITLES",
    "SPEECH_NOUNS",
    "FINDING_VERBS",
    "BODY_ANAPHORS",
    "BODY_KIND_WORDS",
    "ANAPHOR_MODIFIERS",
    "BARE_ANAPHORS",
    "GOVERNMENT_DATA",
    "SECTOR_NOUNS",
    "SUB_BODY_HEADS",
    "NAMED_AFTER_HEADS",
    "PLATFORMS",
    "NOT_PERSON_NAME_WORDS",
    "CAMPAIGN_MODIFIED",
    "SPOKES",
    "RELATIVE_WHO",
    "AGENT_ROLES",
    "AGENT_PREPOSITIONS",
    "DOCUMENT_NOUNS",
    "NAME_CONNECTORS",
    "ISSUE_VERBS",
    "DOCUMENT_NAME_WORDS",
    "ORG_HEADS",
    "WORDING_VERBS",
    "RELATIVES",
    "GROUP_SIZES",
    "PARTY_NOUNS",
    "DATE_WORDS",
    "PREPOSITIONS",
    "OBJECT_PREPOSITIONS",
    "ISSUED_BY",
    "AGENT_BY",
    "AND_WORD",
    "QUESTION_CUES",
    "INDEFINITE_PERSONS",
    "INDEFINITE_DETERMINERS",
    "TITLE_MODIFIERS",
    "AUX",
    "NEG",
    "PARENTHETICAL",
    "FUNCTION_WORDS",
    "stem",
    "reporting_verb_words",
    "inflect",
)
_WHAT = (
    "stop words, abbreviations and titles, honorifics, pronouns, reporting and cue verbs, "
    "hedges, function words, stemming and inflection"
)


def load_stopwords(
    path: str | Path | None = None, language: ModuleType | str | None = None
) -> frozenset[str]:
    """Read a stopword CSV (column ``term``); default: the stop words of ``language`` (a
    resource module or a code; None: :data:`DEFAULT`)."""
    if path is None:
        path = Path(__file__).parent.parent / "data" / _module(language).STOPWORDS
    path = Path(path)
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError as err:
        raise ValueError(f"stopword file not found: {path}") from err
    if "term" not in table.columns:
        raise ValueError(f"stopword file {path} has no 'term' column")
    return frozenset(t.strip().lower() for t in table["term"] if t.strip())


def stopword_set(
    stopwords: str | Path | Iterable[str] | None, language: ModuleType | str | None = None
) -> frozenset[str]:
    """Stop words from a CSV path, an iterable of words (lower-cased), or None (those of
    ``language``, as in :func:`load_stopwords`)."""
    if isinstance(stopwords, str | Path) or stopwords is None:
        return load_stopwords(stopwords, language)
    return frozenset(w.lower() for w in stopwords)


def _module(language: ModuleType | str | None) -> ModuleType:
    if language is None:
        return DEFAULT
    return get(language) if isinstance(language, str) else language


def available() -> list[str]:
    """Codes of the languages with resources, sorted."""
    here = Path(__file__).parent
    return sorted(p.stem for p in here.glob("*.py") if not p.stem.startswith("_"))


def get(code: str) -> ModuleType:
    """The resource module of language ``code`` (e.g. "en"); ValueError naming what is missing
    when there is none or it lacks a required name."""
    if code not in available():
        raise ValueError(
            f"no language resources for {code!r}: analysis/lang/{code}.py would have to provide "
            f"{_WHAT} ({', '.join(REQUIRED)}); available: {', '.join(available())}"
        )
    module = importlib.import_module(f"analysis.lang.{code}")
    missing = [name for name in REQUIRED if not hasattr(module, name)]
    if missing:
        raise ValueError(f"language resources for {code!r} lack {', '.join(missing)}")
    return module


def check(codes: list[str] | tuple[str, ...]) -> None:
    """Raise ValueError unless every language in ``codes`` has resources."""
    for code in codes:
        get(code)


def resolve(codes: Iterable[str]) -> ModuleType:
    """The language resources of a run that keeps the languages ``codes`` (the ``languages``
    parameter): the module of its language. ValueError naming what is missing when a language
    has no resources, and when ``codes`` name two languages: the stages apply one language's
    word lists to the whole run (choosing them per article is the next step), so two would
    mean one language's lists on the other's text."""
    unique = list(dict.fromkeys(codes))
    if not unique:
        raise ValueError("no language given (e.g. ['en'])")
    modules = [get(code) for code in unique]
    if len(modules) > 1:
        raise ValueError(
            f"one language per run: {', '.join(unique)} would apply the {unique[0]!r} word "
            "lists to text in the others; run each language separately"
        )
    return modules[0]


#: Code of the language of the default parameters (analysis.params.DEFAULTS["languages"]).
DEFAULT_CODE = "en"
#: Its resources: what a stage uses when it is called without a ``language``.
DEFAULT: ModuleType = get(DEFAULT_CODE)

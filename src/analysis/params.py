"""The parameters of a run: one :class:`Params`, validated once, passed whole to every stage.

``Params`` is a keyword-only frozen dataclass. Constructing it checks every field (type, allowed
values, files, catalog actors, outlets and events in the corpus) and raises
:class:`ParameterError` naming the parameter, so a ``Params`` that exists is valid. The command
line, the notebooks' papermill ``parameters`` cell (:func:`from_namespace`), parameter files
(:func:`validate`) and Python code (``Params(corpus=...)``) all build the same object and hand
it to :func:`analysis.pipeline.build_tables`.

Analysis parameters (:data:`DEFAULTS`; the notebooks' ``parameters`` cell has exactly these
names and defaults; name: type, default):

- ``corpus`` (str): folder of ``.txt`` files (+ ``manifest.csv``) or a table file.
- ``manifest`` (str | None): manifest CSV; None = ``manifest.csv`` in the corpus folder.
- ``catalog`` (str | None): actor catalog YAML (analysis.actors format); None = the actors
  discovered in the corpus (analysis.discover; the draft is saved beside the run's tables).
  The shipped story catalog is ``src/analysis/data/actors_ukraine_energy_pause.yaml``.
- ``frames`` (str | None): frame dictionary file; None = the shipped one.
- ``rules`` (str | None): boilerplate rule file (YAML); None = the shipped one.
- ``languages`` (list[str]): languages kept by cleaning, e.g. ``["en"]``; each needs language
  resources (analysis.lang: only ``en`` today), else a ParameterError names what is missing.
  The stages apply those resources (:func:`analysis.lang.resolve`), so a run keeps one
  language.
- ``outlets`` (list[str]): outlets to analyse; ``[]`` = all. Names must occur in the corpus.
- ``actors`` (list[str]): catalog actors to focus on (figures; the first gets the evidence
  tables); ``[]`` = the most mentioned ones.
- ``event`` (str): analyse only articles of this event; ``""`` = all events.
- ``date_from``, ``date_to`` (str): analyse only articles published on or after / on or before
  this day (``YYYY-MM-DD``); ``""`` = no bound. With a bound, an article without a date is
  left out (and listed in the accounting with the reason).
- ``instrument`` (str): sentiment instrument for tone, ``textblob`` or ``vader``.
- ``score`` (str): tone column used for actors, ``polarity`` or ``polarity_domain``.
- ``tone`` (str): reading of tone about an actor: ``target`` (default: tone toward each mention,
  analysis.tone) or ``sentence`` (the polarity of the whole sentence by ``instrument`` and
  ``score``). The other reading is kept beside it (``tone_about_sentence``, the comparison table).
- ``domain_lexicon`` (bool | str): True = shipped domain lexicon, False = off, or a CSV path.
- ``rewrites`` (str): ``once`` (a rewrite of another article counts once) or ``all``.
- ``output_dir`` (str): folder for the CSVs and figures the notebooks write.
- ``seed`` (int): seed of the bootstrap intervals.
- ``n_boot`` (int, 10..100000): bootstrap resamples.
- ``outlet_group`` (str): a manifest / table column grouping outlets (e.g. country, ownership,
  left/centre/right); every per-outlet measure is then also computed per group
  (``actor_measures_by_group``, ``frame_measures_by_group``); ``""`` = no groups.
- ``groups`` (list[str]): analyse only the outlets whose ``outlet_group`` value is one of these
  (e.g. ``["uk", "fr"]``; ``"(no group)"`` selects articles without a value); ``[]`` = all.
  Needs ``outlet_group``; every value must occur in that column of the corpus.
- ``outlet_aliases`` (str | None): CSV with columns ``alias,outlet``: every article whose outlet
  is an alias is counted under the outlet (spellings of one outlet merged); None = none.
- ``min_n`` (int, >= 1): figures mark an estimate resting on fewer observations than this
  (sentences, mentions, quotes, statements or articles averaged) as too few instead of colouring
  or plotting it as a finding (analysis.layout); tables keep every row. Default 3.
- ``max_rows`` (int, >= 1): rows a figure draws at most (outlets, actors, pairs): beyond it a
  figure shows the rows with the largest n and names how many it left out; every row is in
  ``shown/*.csv``. Default 25.
- ``time_bin`` (str): the bin of the over-time views: ``auto`` (day up to a 31-day span of
  dates, week up to 182 days, else month; analysis.timeline), ``day``, ``week`` or ``month``.

Scale parameters (:data:`SCALE_DEFAULTS`; docs/SCALE.md): ``engine`` (``local`` or ``dask``),
``workers`` (processes or Dask workers), ``cache`` (None/False: no cache, True: the project's
``.cache/analysis``, or a folder; the notebooks use :func:`analysis.report.notebook_cache_dir`
when it is None), ``scheduler`` (Dask scheduler address; None starts a local cluster),
``chunk_size`` (articles per partition), ``instruments`` (sentiment instruments scored; must
include ``instrument``). They change how a run is executed, never its tables (except
``instruments``, which adds or drops an instrument's rows).

Relative paths: an input path is looked up relative to the working directory, then relative
to the project folder (the folder holding ``pyproject.toml`` and ``notebooks/``), so the same
defaults work in JupyterLab (working directory ``notebooks/``) and from the project folder. A
relative ``output_dir`` is relative to the project folder (the working directory outside one).
"""

from __future__ import annotations

import datetime as _dt
import difflib
import os
import warnings
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import analysis
from analysis import lang

DEFAULTS: dict[str, Any] = {
    "corpus": "data/raw/seeds",
    "manifest": None,
    "catalog": None,
    "frames": None,
    "rules": None,
    "languages": ["en"],
    "outlets": [],
    "actors": [],
    "event": "",
    "date_from": "",
    "date_to": "",
    "instrument": "textblob",
    "score": "polarity",
    "tone": "target",
    "domain_lexicon": True,
    "rewrites": "once",
    "output_dir": "reports/notebooks",
    "seed": 0,
    "n_boot": 1000,
    "outlet_group": "",
    "groups": [],
    "outlet_aliases": None,
    "min_n": 3,
    "max_rows": 25,
    "time_bin": "auto",
}
SCALE_DEFAULTS: dict[str, Any] = {
    "engine": "local",
    "workers": 1,
    "cache": None,
    "scheduler": None,
    "chunk_size": 500,
    "instruments": ["textblob", "vader"],
}
INSTRUMENTS = ("textblob", "vader")
SCORES = ("polarity", "polarity_domain")
TONES = ("target", "sentence")
REWRITES = ("once", "all")
TIME_BINS = ("auto", "day", "week", "month")  # = analysis.timeline.TIME_BINS
ENGINES = ("local", "dask")
_PATHS = ("corpus", "manifest", "catalog", "frames", "rules", "outlet_aliases")
_LISTS = ("languages", "outlets", "actors", "groups", "instruments")


class ParameterError(ValueError):
    """A parameter is wrong; the message names it and says what is expected."""

    def _render_traceback_(self) -> list[str]:
        # IPython shows this instead of a traceback: one plain line in the notebook.
        return [f"ParameterError: {self}"]


@dataclass(frozen=True, kw_only=True)
class Params:
    """Every parameter of a run, validated on construction (see the module docstring); input
    paths are absolute (``None`` when not given), lists are tuples."""

    corpus: str = DEFAULTS["corpus"]
    manifest: str | None = None
    catalog: str | None = None
    frames: str | None = None
    rules: str | None = None
    languages: tuple[str, ...] = ("en",)
    outlets: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    event: str = ""
    date_from: str = ""
    date_to: str = ""
    instrument: str = "textblob"
    score: str = "polarity"
    tone: str = "target"
    domain_lexicon: bool | str = True
    rewrites: str = "once"
    output_dir: str = DEFAULTS["output_dir"]
    seed: int = 0
    n_boot: int = 1000
    outlet_group: str = ""
    groups: tuple[str, ...] = ()
    outlet_aliases: str | None = None
    min_n: int = 3
    max_rows: int = 25
    time_bin: str = "auto"
    engine: str = "local"
    workers: int = 1
    cache: bool | str | None = None
    scheduler: str | None = None
    chunk_size: int = 500
    instruments: tuple[str, ...] = ("textblob", "vader")

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, os.PathLike):
                value = os.fspath(value)
            if f.name in _LISTS and isinstance(value, list):
                value = tuple(value)
            _check_type(f.name, value)
            object.__setattr__(self, f.name, value)
        _check_values(self)
        for name in _PATHS:
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, str(resolve_input(value, name)))
        if isinstance(self.domain_lexicon, str):
            lexicon = str(resolve_input(self.domain_lexicon, "domain_lexicon"))
            object.__setattr__(self, "domain_lexicon", lexicon)
        object.__setattr__(self, "output_dir", str(resolve_output(self.output_dir)))
        _check_files(self)

    def as_dict(self) -> dict[str, Any]:
        """The analysis parameters as plain values (lists, not tuples), in the order of
        :data:`DEFAULTS`."""
        d = asdict(self)
        return {k: list(d[k]) if isinstance(d[k], tuple) else d[k] for k in DEFAULTS}


def project_root(start: Path | None = None) -> Path | None:
    """The nearest folder at or above ``start`` (default: cwd) with pyproject.toml and notebooks/,
    else the source checkout the package runs from, else None."""
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        if (d / "pyproject.toml").is_file() and (d / "notebooks").is_dir():
            return d
    pkg = Path(analysis.__file__).resolve().parents[2]
    return pkg if (pkg / "notebooks").is_dir() else None


def resolve_input(value: str, name: str) -> Path:
    """An existing input path: as given, else relative to the project folder."""
    p = Path(value).expanduser()
    candidates = [p] if p.is_absolute() else [Path.cwd() / p]
    root = project_root()
    if not p.is_absolute() and root is not None:
        candidates.append(root / p)
    for c in candidates:
        if c.exists():
            return c.resolve()
    where = " or ".join(str(c) for c in candidates)
    raise ParameterError(
        f"parameter {name}: file or folder not found: {value!r} (looked at {where})"
    )


def resolve_output(value: str) -> Path:
    """``output_dir`` as an absolute path (relative: to the project folder, else cwd)."""
    p = Path(value).expanduser()
    if p.is_absolute():
        return p
    return ((project_root() or Path.cwd()) / p).resolve()


#: The group of an article whose ``outlet_group`` column is empty.
NO_GROUP = "(no group)"

_OPTIONAL_PATHS = ("manifest", "catalog", "frames", "rules", "scheduler", "outlet_aliases")


def _expected(name: str, value: Any) -> tuple[bool, str]:
    """(is ``value`` of the right type for ``name``, what is expected)."""
    default = {**DEFAULTS, **SCALE_DEFAULTS}[name]
    if name in _OPTIONAL_PATHS:
        return value is None or isinstance(value, str), "a path (text) or None"
    if name == "domain_lexicon":
        return isinstance(value, bool | str), "true, false or a CSV path"
    if name == "cache":
        return value is None or isinstance(value, bool | str), "true, false, None or a folder"
    if isinstance(default, list):
        ok = isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)
        return ok, 'a list of names, e.g. ["a", "b"]'
    if isinstance(default, bool):
        return isinstance(value, bool), "true or false"
    if isinstance(default, int):
        return isinstance(value, int) and not isinstance(value, bool), "a whole number"
    return isinstance(value, str), "text"


def _check_type(name: str, value: Any) -> None:
    ok, want = _expected(name, value)
    if not ok:
        raise ParameterError(f"parameter {name}: expected {want}, got {value!r}")


def _one_of(name: str, value: str, allowed: tuple[str, ...] | list[str], what: str) -> None:
    if value not in allowed:
        close = difflib.get_close_matches(value, list(allowed), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        known = ", ".join(repr(a) for a in allowed) or "none"
        raise ParameterError(f"parameter {name}: unknown {what} {value!r}{hint}; known: {known}")


def _check_date(name: str, value: str) -> None:
    if not value:
        return
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        raise ParameterError(
            f"parameter {name}: expected a day as YYYY-MM-DD or '', got {value!r}"
        ) from None


def _check_values(p: Params) -> None:
    """Allowed values and ranges of the fields that need no file."""
    _one_of("instrument", p.instrument, INSTRUMENTS, "instrument")
    _one_of("score", p.score, SCORES, "score")
    _one_of("tone", p.tone, TONES, "reading")
    _one_of("rewrites", p.rewrites, REWRITES, "setting")
    _one_of("engine", p.engine, ENGINES, "engine")
    _one_of("time_bin", p.time_bin, TIME_BINS, "bin")
    for inst in p.instruments:
        _one_of("instruments", inst, INSTRUMENTS, "instrument")
    if p.instrument not in p.instruments:
        raise ParameterError(
            f"parameter instrument: {p.instrument!r} is not among instruments {p.instruments}"
        )
    if not 10 <= p.n_boot <= 100_000:
        raise ParameterError(f"parameter n_boot: expected 10 to 100000, got {p.n_boot}")
    if not p.languages:
        raise ParameterError("parameter languages: give at least one language, e.g. ['en']")
    try:
        lang.resolve(p.languages)  # the word lists every stage receives (analysis.lang)
    except ValueError as exc:
        raise ParameterError(f"parameter languages: {exc}") from None
    if p.min_n < 1:
        raise ParameterError(f"parameter min_n: expected at least 1, got {p.min_n}")
    if p.max_rows < 1:
        raise ParameterError(f"parameter max_rows: expected at least 1, got {p.max_rows}")
    if p.workers < 1:
        raise ParameterError(f"parameter workers: expected at least 1, got {p.workers}")
    if p.chunk_size < 1:
        raise ParameterError(f"parameter chunk_size: expected at least 1, got {p.chunk_size}")
    if p.scheduler is not None and p.engine != "dask":
        raise ParameterError("parameter scheduler: only used with engine 'dask'")
    _check_date("date_from", p.date_from)
    _check_date("date_to", p.date_to)
    if p.date_from and p.date_to and p.date_from > p.date_to:
        raise ParameterError(f"parameter date_to: {p.date_to} is before date_from {p.date_from}")


def _check_files(p: Params) -> None:
    """Catalog, frame dictionary, and the selection against the corpus."""
    if p.catalog is not None or not p.actors:  # discovered actors are checked after discovery
        known_actors = _catalog_actors(p.catalog)
        for actor in p.actors:
            _one_of("actors", actor, known_actors, "actor")
    if p.frames is not None:
        _check_frames(p.frames, p.languages)
    if p.outlet_aliases is not None:
        _check_aliases(p.outlet_aliases)
    if p.groups and not p.outlet_group:
        raise ParameterError(
            "parameter groups: selects values of the outlet_group column, but outlet_group is"
            " not set (e.g. -p outlet_group=country -p groups=[uk])"
        )
    if p.outlets or p.event or p.outlet_group:
        arts = _corpus_articles(p.corpus, p.manifest, p.outlet_aliases)
        outlets, events, columns = _outlets_events_columns(arts)
        for outlet in p.outlets:
            _one_of("outlets", outlet, outlets, "outlet")
        if p.event:
            _one_of("event", p.event, events, "event")
        if p.outlet_group:
            _one_of("outlet_group", p.outlet_group, columns, "corpus column")
        if p.groups:
            _check_groups(p.groups, p.outlet_group, arts)


def validate(values: Mapping[str, Any]) -> Params:
    """:class:`Params` from a mapping (missing names take their defaults; a parameter file, the
    command line's ``-p`` values). Raises :class:`ParameterError` for an unknown name and every
    problem :class:`Params` finds."""
    known = [*DEFAULTS, *SCALE_DEFAULTS]
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ParameterError(f"unknown parameter {unknown[0]!r}; known: {', '.join(known)}")
    return Params(**values)


def from_namespace(namespace: Mapping[str, Any]) -> Params:
    """Validate the parameter variables of a notebook: ``from_namespace(globals())``."""
    names = [*DEFAULTS, *SCALE_DEFAULTS]
    return validate({k: namespace[k] for k in names if k in namespace})


def _catalog_actors(catalog: str | None) -> list[str]:
    from analysis.actors import load_catalog

    try:
        cat = load_catalog(catalog)
    except (ValueError, OSError) as exc:
        raise ParameterError(f"parameter catalog: {exc}") from None
    return sorted(set(cat["actor"]))


def _corpus_articles(corpus: str, manifest: str | None, aliases: str | None = None):
    """The corpus's articles as loaded (aliases merged), for checking the selection."""
    from analysis.load import apply_aliases, load_aliases, load_corpus

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the pipeline repeats them where they matter
            arts = load_corpus(corpus, manifest).articles
    except (ValueError, OSError) as exc:
        raise ParameterError(f"parameter corpus: {exc}") from None
    if aliases is not None:
        arts = apply_aliases(arts, load_aliases(aliases))
    return arts


def _outlets_events_columns(arts) -> tuple[list[str], list[str], list[str]]:
    """(outlets; events; metadata columns that can group outlets) of the loaded ``arts``."""
    from analysis.load import CORE_COLUMNS

    skip = {*CORE_COLUMNS, "text", "raw_text", "outlet_as_given"}
    columns = sorted(c for c in arts.columns if c not in skip)
    return sorted(set(arts["outlet"])), sorted({e for e in arts["event"] if e}), columns


def group_values(articles, column: str) -> list[str]:
    """The groups of ``articles``: the distinct values of ``column`` (stripped), with
    :data:`NO_GROUP` for articles without one; sorted."""
    if column not in articles:
        return [NO_GROUP]
    values = articles[column].fillna("").astype(str).str.strip()
    return sorted({v if v else NO_GROUP for v in values})


def _check_groups(groups: tuple[str, ...], column: str, arts) -> None:
    """Every selected group is a value of the ``column`` of the corpus; the error names every
    unknown one."""
    known = group_values(arts, column)
    unknown = [g for g in groups if g not in known]
    if unknown:
        hints = [
            f" (did you mean {m[0]!r}?)" if (m := difflib.get_close_matches(g, known, n=1)) else ""
            for g in unknown
        ]
        named = ", ".join(f"{g!r}{h}" for g, h in zip(unknown, hints, strict=True))
        raise ParameterError(
            f"parameter groups: unknown group(s) {named} in column {column!r}; known: "
            + ", ".join(repr(k) for k in known)
        )


def _check_aliases(path: str) -> None:
    from analysis.load import load_aliases

    try:
        load_aliases(path)
    except (ValueError, OSError) as exc:
        raise ParameterError(f"parameter outlet_aliases: {exc}") from None


def _check_frames(path: str, languages: tuple[str, ...]) -> None:
    from analysis.frames import load_frames

    try:
        load_frames(path, lang.resolve(languages))
    except (ValueError, OSError) as exc:
        raise ParameterError(f"parameter frames: {exc}") from None

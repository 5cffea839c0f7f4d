"""Notebook and batch-run parameters: defaults, validation and plain error messages.

Every notebook in ``notebooks/`` has a papermill ``parameters`` cell with the names and literal
defaults of :data:`DEFAULTS`; its next cell calls :func:`from_namespace` (or :func:`validate`),
which returns a :class:`Params` or raises :class:`ParameterError` naming the parameter. The
batch runner (analysis.report) validates the same way before it starts any notebook.

Parameters (name: type, default):

- ``corpus`` (str): folder of ``.txt`` files (+ ``manifest.csv``) or a table file.
- ``manifest`` (str | None): manifest CSV; None = ``manifest.csv`` in the corpus folder.
- ``catalog`` (str | None): actor catalog YAML (analysis.actors format); None = the shipped one.
- ``frames`` (str | None): frame dictionary file; None = the shipped one.
- ``rules`` (str | None): boilerplate rule file (YAML); None = the shipped one.
- ``languages`` (list[str]): languages kept by cleaning, e.g. ``["en"]``.
- ``outlets`` (list[str]): outlets to analyse; ``[]`` = all. Names must occur in the corpus.
- ``actors`` (list[str]): catalog actors to focus on (figures; the first gets the evidence
  tables); ``[]`` = the most mentioned ones.
- ``event`` (str): analyse only articles of this event; ``""`` = all events.
- ``instrument`` (str): sentiment instrument for tone, ``textblob`` or ``vader``.
- ``domain_lexicon`` (bool | str): True = shipped domain lexicon, False = off, or a CSV path.
- ``rewrites`` (str): ``once`` (a rewrite of another article counts once) or ``all``.
- ``output_dir`` (str): folder for the CSVs and figures the notebooks write.
- ``seed`` (int): seed of the bootstrap intervals.
- ``n_boot`` (int, 10..100000): bootstrap resamples.

Relative paths: an input path is looked up relative to the working directory, then relative
to the project folder (the folder holding ``pyproject.toml`` and ``notebooks/``), so the same
defaults work in JupyterLab (working directory ``notebooks/``) and from the project folder. A
relative ``output_dir`` is relative to the project folder (the working directory outside one).
"""

from __future__ import annotations

import difflib
import warnings
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import analysis

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
    "instrument": "textblob",
    "domain_lexicon": True,
    "rewrites": "once",
    "output_dir": "reports/notebooks",
    "seed": 0,
    "n_boot": 1000,
}
INSTRUMENTS = ("textblob", "vader")
REWRITES = ("once", "all")
_PATHS = ("corpus", "manifest", "catalog", "frames", "rules")


class ParameterError(ValueError):
    """A parameter is wrong; the message names it and says what is expected."""

    def _render_traceback_(self) -> list[str]:
        # IPython shows this instead of a traceback: one plain line in the notebook.
        return [f"ParameterError: {self}"]


@dataclass(frozen=True)
class Params:
    """Validated parameters; paths are absolute (``None`` when not given)."""

    corpus: str
    manifest: str | None
    catalog: str | None
    frames: str | None
    rules: str | None
    languages: tuple[str, ...]
    outlets: tuple[str, ...]
    actors: tuple[str, ...]
    event: str
    instrument: str
    domain_lexicon: bool | str
    rewrites: str
    output_dir: str
    seed: int
    n_boot: int

    def as_dict(self) -> dict[str, Any]:
        """Plain values (lists, not tuples), in the order of :data:`DEFAULTS`."""
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


def _check_type(name: str, value: Any) -> None:
    default = DEFAULTS[name]
    if name in ("manifest", "catalog", "frames", "rules"):
        ok, want = value is None or isinstance(value, str), "a path (text) or None"
    elif name == "domain_lexicon":
        ok, want = isinstance(value, bool | str), "true, false or a CSV path"
    elif isinstance(default, list):
        ok = isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)
        want = 'a list of names, e.g. ["a", "b"]'
    elif isinstance(default, bool):
        ok, want = isinstance(value, bool), "true or false"
    elif isinstance(default, int):
        ok, want = isinstance(value, int) and not isinstance(value, bool), "a whole number"
    else:
        ok, want = isinstance(value, str), "text"
    if not ok:
        raise ParameterError(f"parameter {name}: expected {want}, got {value!r}")


def _one_of(name: str, value: str, allowed: tuple[str, ...] | list[str], what: str) -> None:
    if value not in allowed:
        close = difflib.get_close_matches(value, list(allowed), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        known = ", ".join(repr(a) for a in allowed) or "none"
        raise ParameterError(f"parameter {name}: unknown {what} {value!r}{hint}; known: {known}")


def validate(values: Mapping[str, Any]) -> Params:
    """Check ``values`` (missing names take :data:`DEFAULTS`) and return :class:`Params`.

    Raises :class:`ParameterError` for an unknown name, a wrong type, a missing file, an
    unreadable catalog, an actor not in the catalog, or an outlet or event not in the corpus.
    """
    unknown = sorted(set(values) - set(DEFAULTS))
    if unknown:
        raise ParameterError(f"unknown parameter {unknown[0]!r}; known: {', '.join(DEFAULTS)}")
    v = {**DEFAULTS, **values}
    for name in DEFAULTS:
        _check_type(name, v[name])
    paths = {n: str(resolve_input(v[n], n)) if v[n] is not None else None for n in _PATHS}
    lexicon = v["domain_lexicon"]
    if isinstance(lexicon, str):
        lexicon = str(resolve_input(lexicon, "domain_lexicon"))
    _one_of("instrument", v["instrument"], INSTRUMENTS, "instrument")
    _one_of("rewrites", v["rewrites"], REWRITES, "setting")
    if not 10 <= v["n_boot"] <= 100_000:
        raise ParameterError(f"parameter n_boot: expected 10 to 100000, got {v['n_boot']}")
    if not v["languages"]:
        raise ParameterError("parameter languages: give at least one language, e.g. ['en']")

    actors = _catalog_actors(paths["catalog"])
    for actor in v["actors"]:
        _one_of("actors", actor, actors, "actor")
    outlets, events = _corpus_outlets_events(paths["corpus"], paths["manifest"])
    for outlet in v["outlets"]:
        _one_of("outlets", outlet, outlets, "outlet")
    if v["event"]:
        _one_of("event", v["event"], events, "event")
    if paths["frames"] is not None:
        _check_frames(paths["frames"])
    return Params(
        corpus=paths["corpus"],
        manifest=paths["manifest"],
        catalog=paths["catalog"],
        frames=paths["frames"],
        rules=paths["rules"],
        languages=tuple(v["languages"]),
        outlets=tuple(v["outlets"]),
        actors=tuple(v["actors"]),
        event=v["event"],
        instrument=v["instrument"],
        domain_lexicon=lexicon,
        rewrites=v["rewrites"],
        output_dir=str(resolve_output(v["output_dir"])),
        seed=v["seed"],
        n_boot=v["n_boot"],
    )


def from_namespace(namespace: Mapping[str, Any]) -> Params:
    """Validate the parameter variables of a notebook: ``from_namespace(globals())``."""
    return validate({k: namespace[k] for k in DEFAULTS if k in namespace})


def _catalog_actors(catalog: str | None) -> list[str]:
    from analysis.actors import load_catalog

    try:
        cat = load_catalog(catalog)
    except (ValueError, OSError) as exc:
        raise ParameterError(f"parameter catalog: {exc}") from None
    return sorted(set(cat["actor"]))


def _corpus_outlets_events(corpus: str, manifest: str | None) -> tuple[list[str], list[str]]:
    from analysis.load import load_corpus

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the pipeline repeats them where they matter
            arts = load_corpus(corpus, manifest).articles
    except (ValueError, OSError) as exc:
        raise ParameterError(f"parameter corpus: {exc}") from None
    return sorted(set(arts["outlet"])), sorted({e for e in arts["event"] if e})


def _check_frames(path: str) -> None:
    try:
        from analysis import frames
    except ImportError:
        return
    loader = getattr(frames, "load_frames", None) or getattr(frames, "load_dictionary", None)
    if loader is None:
        return
    try:
        loader(path)
    except (ValueError, OSError) as exc:
        raise ParameterError(f"parameter frames: {exc}") from None

"""Reading the project's data files: the shipped copy in ``analysis/data/``, or a user's file.

A utility module (like analysis.ledger): it imports no stage. Errors are one line that names
the kind of file, the file and the problem, e.g. ``actor catalog my.yaml: YAML syntax error at
line 4, column 1: found unexpected end of stream``. YAML is read with ``yaml.safe_load`` only.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import yaml


def read_text(path: str | Path | None, default: str, what: str) -> tuple[str, str]:
    """(label, text) of ``path``, or of the shipped ``analysis/data/<default>`` when None."""
    if path is None:
        ref = resources.files("analysis") / "data" / default
        return str(ref), ref.read_text(encoding="utf-8")
    label = str(path)
    try:
        return label, Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ValueError(f"{what} {label}: cannot be read ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise ValueError(f"{what} {label}: not UTF-8 text (byte {exc.start})") from exc


def parse_yaml(text: str, label: str, what: str) -> object:
    """``yaml.safe_load(text)``; a syntax error becomes one line with its line and column."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ValueError(f"{what} {label}: YAML syntax error{where}: {problem}") from exc


def load_yaml(path: str | Path | None, default: str, what: str) -> tuple[str, object]:
    """(label, parsed YAML) of ``path`` or of the shipped default (see :func:`read_text`)."""
    label, text = read_text(path, default, what)
    return label, parse_yaml(text, label, what)

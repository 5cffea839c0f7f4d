"""Reading the project's data files: the shipped copy in ``analysis/data/``, or a user's file.

A utility module (like analysis.ledger): it imports no stage. Errors are one line that names
the kind of file, the file and the problem, e.g. ``actor catalog my.yaml: YAML syntax error at
line 4, column 1: found unexpected end of stream``. YAML is read with PyYAML's safe loaders only
(:func:`safe_load`: libyaml's ``yaml.CSafeLoader`` where PyYAML has it, ``yaml.SafeLoader``
for every error message), and a document whose aliases expand beyond :data:`MAX_YAML_NODES`
values is refused before it is built.
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


#: Most YAML nodes aliases (``*name``) may add to a document beyond the nodes it writes out:
#: a data file of this project uses a few or none; an "alias bomb" (aliases of aliases of
#: lists) expands to billions and would exhaust memory. The nodes written out are not limited
#: (they cost what the text costs: a draft catalog discovered in 4,000 articles holds 250,000).
MAX_YAML_NODES = 200_000


class YAMLAliasError(yaml.MarkedYAMLError):
    """A YAML document whose aliases expand beyond :data:`MAX_YAML_NODES` nodes, or refer to
    themselves."""


def _expanded_size(root: yaml.Node, limit: int) -> int:
    """Number of nodes ``root`` stands for once every alias is expanded (stops above
    ``limit``); raises :class:`YAMLAliasError` for an alias that contains itself."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise YAMLAliasError(None, None, "an alias refers to itself", node.start_mark)
        active.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        else:
            children = []
        for child in children:
            total += size(child)
            if total > limit:
                break
        active.discard(key)
        sizes[key] = total
        return total

    return size(root)


def _distinct_nodes(root: yaml.Node) -> int:
    """Number of nodes the document writes out (each alias's target counted once)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(n for pair in node.value for n in pair)
    return len(seen)


#: The safe loader tried first: libyaml's (about 9x faster than PyYAML's own on a draft catalog
#: of 1,200 actors, 870 KB, which a run without a catalog reads three times) where PyYAML was
#: built with it; the same SafeConstructor builds the values, so the data are the same.
FAST_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> object:
    """``yaml.safe_load(text)`` that refuses an alias bomb: raises :class:`YAMLAliasError` (a
    ``yaml.YAMLError``) when aliases would expand the document by more than
    :data:`MAX_YAML_NODES` nodes beyond those it writes out, before anything is built.
    Parsed by :data:`FAST_LOADER`; a document it refuses is parsed again by
    ``yaml.SafeLoader``, so every error (problem, line and column) is PyYAML's own."""
    if FAST_LOADER is not yaml.SafeLoader:
        try:
            return _checked_load(text, FAST_LOADER)
        except yaml.YAMLError:
            pass
    return _checked_load(text, yaml.SafeLoader)


def _checked_load(text: str, loader_class: type) -> object:
    """:func:`safe_load` with ``loader_class`` (a safe loader)."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        limit = MAX_YAML_NODES + _distinct_nodes(node)
        if _expanded_size(node, limit) > limit:
            raise YAMLAliasError(
                None,
                None,
                f"aliases expand it to more than {MAX_YAML_NODES:,} values (an alias bomb?)",
                node.start_mark,
            )
        return loader.construct_document(node)
    finally:
        loader.dispose()


def yaml_problem(exc: yaml.YAMLError) -> str:
    """One line for a YAML error: the problem and where (``... at line 3, column 4``)."""
    mark = getattr(exc, "problem_mark", None)
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return f"{problem}{where}"


def parse_yaml(text: str, label: str, what: str) -> object:
    """:func:`safe_load` of ``text``; a syntax error or an alias bomb becomes one line with its
    line and column."""
    try:
        return safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        kind = "YAML refused" if isinstance(exc, YAMLAliasError) else "YAML syntax error"
        raise ValueError(f"{what} {label}: {kind}{where}: {problem}") from exc


def load_yaml(path: str | Path | None, default: str, what: str) -> tuple[str, object]:
    """(label, parsed YAML) of ``path`` or of the shipped default (see :func:`read_text`)."""
    label, text = read_text(path, default, what)
    return label, parse_yaml(text, label, what)

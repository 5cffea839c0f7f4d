"""analysis.datafiles: the safe YAML reader (libyaml's parser first, PyYAML's errors)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from analysis import datafiles
from analysis.datafiles import YAMLAliasError, parse_yaml, safe_load

DATA = Path(datafiles.__file__).parent / "data"


def test_the_fast_loader_is_libyamls_where_pyyaml_has_it() -> None:
    expected = yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader
    assert datafiles.FAST_LOADER is expected


@pytest.mark.parametrize("path", sorted(DATA.rglob("*.yaml")), ids=lambda p: p.name)
def test_shipped_files_read_the_same_with_either_loader(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    expected = datafiles._checked_load(text, yaml.SafeLoader)
    got = safe_load(text)
    assert got == expected
    assert repr(got) == repr(expected)  # the same types and key order, not only equal values


def test_values_and_types_are_pyyamls() -> None:
    text = (
        "a: 1\nb: 1.5\nc: yes\nd: ~\ne: 2026-12-06\nf: '07'\ng: [x, {h: 0x1f}]\n"
        "i: &j [1, 2]\nk: *j\nl: caf\u00e9 \u2014 \u201cq\u201d\n"
    )
    got = safe_load(text)
    assert got == datafiles._checked_load(text, yaml.SafeLoader)
    assert got["c"] is True and got["d"] is None and got["f"] == "07" and got["g"][1]["h"] == 31
    assert got["k"] == [1, 2] and str(got["e"]) == "2026-12-06"
    assert safe_load("") is None and safe_load("# only a comment\n") is None


def test_a_syntax_error_is_told_as_pyyaml_tells_it() -> None:
    text = "actors:\n  - actor: A\n    names: [B\n"
    with pytest.raises(yaml.YAMLError) as pure:
        yaml.load(text, Loader=yaml.SafeLoader)
    with pytest.raises(ValueError) as told:
        parse_yaml(text, "my.yaml", "actor catalog")
    mark = pure.value.problem_mark
    assert str(told.value) == (
        f"actor catalog my.yaml: YAML syntax error at line {mark.line + 1}, column "
        f"{mark.column + 1}: {pure.value.problem}"
    )


def test_an_alias_bomb_is_refused_by_either_loader() -> None:
    bomb = "a: &a [1, 2]\nb: &b [" + ", ".join(["*a"] * 1000) + "]\n"
    bomb += "c: [" + ", ".join(["*b"] * 300) + "]\n"  # 600,000 values from 1,300 aliases
    for loader in {datafiles.FAST_LOADER, yaml.SafeLoader}:
        with pytest.raises(YAMLAliasError, match="aliases expand it"):
            datafiles._checked_load(bomb, loader)
    with pytest.raises(YAMLAliasError) as pure:
        datafiles._checked_load(bomb, yaml.SafeLoader)
    with pytest.raises(ValueError) as told:
        parse_yaml(bomb, "b.yaml", "actor catalog")
    mark = pure.value.problem_mark
    assert str(told.value) == (
        f"actor catalog b.yaml: YAML refused at line {mark.line + 1}, column {mark.column + 1}:"
        " aliases expand it to more than 200,000 values (an alias bomb?)"
    )

"""environment.yml (conda) and pyproject.toml must list the same runtime packages and ranges."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(spec: str) -> tuple[str, str]:
    m = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)", spec)
    assert m, spec
    # pip extras ("dask[dataframe]") have no conda equivalent: conda's dask includes them
    rest = re.sub(r"^\[[^\]]*\]", "", m.group(2).replace(" ", ""))
    return re.sub(r"[-_.]+", "-", m.group(1)).lower(), rest


def test_environment_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = dict(_name(s) for s in project["dependencies"])
    dev = dict(_name(s) for s in project["optional-dependencies"]["dev"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda, pip = {}, {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip.update(_name(s) for s in dep["pip"] if not s.startswith("-e"))
        else:
            conda.update([_name(dep)])
    assert "conda-forge" in env["channels"]
    listed = {k: v for k, v in {**conda, **pip}.items() if k not in ("python", "pip")}
    assert {k: v for k, v in listed.items() if k not in dev} == runtime
    assert {k: v for k, v in listed.items() if k in dev} == dev
    assert any(
        s.startswith("-e") for d in env["dependencies"] if isinstance(d, dict) for s in d["pip"]
    ), "the pip section must install the project itself"

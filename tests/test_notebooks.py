"""The notebooks: committed clean, parameters cell = analysis.params.DEFAULTS, and executed in
batch (papermill) on the fixture corpus and on the second corpus, with the HTML reports opened
in headless Chromium with every request off the file blocked."""

import ast
import base64
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from analysis.params import DEFAULTS

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
FIXTURE = ROOT / "tests" / "fixtures" / "corpus"
STORY = ROOT / "src" / "analysis" / "data" / "actors_ukraine_energy_pause.yaml"
EXPECTED = ["01_corpus_overview", "02_tone_by_outlet", "03_actors", "04_framing"]


def test_the_four_notebooks_exist():
    assert [p.stem for p in NOTEBOOKS] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_clean(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:40]
    # parameters cell: tagged, literal defaults equal to analysis.params.DEFAULTS, a comment each
    code = [c for c in nb.cells if c.cell_type == "code"]
    params = code[0]
    assert params.metadata.get("tags") == ["parameters"]
    values = {}
    for line in params.source.splitlines():
        if line.startswith("#"):
            continue
        assert "  # " in line, f"no comment: {line}"
        node = ast.parse(line).body[0]
        values[node.targets[0].id] = ast.literal_eval(node.value)
    assert values == DEFAULTS
    # the next cell validates them; every later cell calls one or two helpers
    assert "params.from_namespace(globals())" in code[1].source
    for cell in code[2:]:
        lines = [ln for ln in cell.source.splitlines() if ln.strip() and not ln.startswith("#")]
        assert 1 <= len(lines) <= 2, cell.source


def _run(args, cwd=ROOT):
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.Popen(
        [sys.executable, "-m", "analysis", "run", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """The batch runs at once: the fixture corpus with two notebooks at a time and again one
    after another (same tables and figures expected), and the second corpus."""
    base = tmp_path_factory.mktemp("runs")
    fixture = ["-p", f"corpus={FIXTURE}", "-p", f"catalog={STORY}", "-p", "n_boot=20"]
    fixture += ["--name", "fixture"]
    procs = {
        "fixture": _run([*fixture, "--jobs", "2", "--out", str(base / "fixture")]),
        "serial": _run([*fixture, "--jobs", "1", "--out", str(base / "serial")]),
        "second": _run(
            ["--params", "params/second.yaml", "-p", "n_boot=20", "--out", str(base / "second")]
        ),
    }
    done = {}
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=400)
        done[name] = (base / name, proc.returncode, out, err)
    return done


@pytest.mark.parametrize("name", ["fixture", "second"])
def test_batch_run_writes_every_report(runs, name):
    run_dir, code, out, err = runs[name]
    assert code == 0, out + err
    for stem in EXPECTED:
        assert re.search(rf"\[\d/4\] {stem}: ok \(\d+\.\d s\)", out), out
        assert (run_dir / f"{stem}.html").stat().st_size > 10_000
        nb = nbformat.read(run_dir / "notebooks" / f"{stem}.ipynb", as_version=4)
        assert any(c.get("outputs") for c in nb.cells if c.cell_type == "code")
    assert f"reports: {run_dir / 'index.html'}" in out
    index = (run_dir / "index.html").read_text("utf-8")
    assert index.count("<td class='ok'>ok</td>") == 4
    assert index.count("<img class='thumb' src='data:image/svg+xml;base64,") == 4  # first figures
    # the CSV behind every figure and its SVG, and the pipeline tables
    figs = run_dir / "figures"
    for stem in ("articles_per_outlet", "tone_by_outlet", "share_of_voice", "frame_shares"):
        for ext in ("svg", "csv"):
            assert (figs / f"{stem}.{ext}").stat().st_size > 0
    assert not list(figs.glob("*.png"))  # each figure drawn once, as SVG
    # every SVG file is the figure a report shows: the same bytes, embedded with alt text and
    # a caption
    pages = "".join((run_dir / f"{stem}.html").read_text("utf-8") for stem in EXPECTED)
    shown = re.findall(
        r"<img src='data:image/svg\+xml;base64,([^']+)' alt='([^']+)' title='[^']+'>"
        r"<figcaption>[^<]+</figcaption>",
        pages,
    )
    files = sorted(p.read_bytes() for p in figs.glob("*.svg"))
    assert len(files) > 4 and sorted(base64.b64decode(s) for s, _ in shown) == files
    for table in ("articles", "ledger", "accounting", "actor_measures_by_outlet", "frame_hits"):
        assert (run_dir / "tables" / f"{table}.csv").exists()
    counts = json.loads((run_dir / "run.json").read_text("utf-8"))["row_counts"]
    assert counts["articles"] == {"fixture": 3, "second": 5}[name]
    assert not list(run_dir.rglob(".*.tmp*"))


def test_parallel_and_serial_runs_write_the_same_files(runs):
    parallel, serial = runs["fixture"][0], runs["serial"][0]
    assert runs["serial"][1] == 0, runs["serial"][2] + runs["serial"][3]
    # every output file; hidden files are bookkeeping (the skip-unchanged stamps hold each file's
    # modification time) and are left out of the run's zip too
    for folder in ("tables", "figures"):

        def outputs(run_dir: Path, folder: str = folder) -> list[str]:
            return sorted(p.name for p in (run_dir / folder).iterdir() if p.name[0] != ".")

        names = outputs(parallel)
        assert names == outputs(serial)
        assert len(names) > 20
        for name in names:
            a, b = (parallel / folder / name).read_bytes(), (serial / folder / name).read_bytes()
            assert a == b, f"{folder}/{name} differs"
    # the log is in finishing order; the index keeps the notebooks' order
    for run_dir in (parallel, serial):
        index = (run_dir / "index.html").read_text("utf-8")
        at = [index.index(f"{stem}.html") for stem in EXPECTED]
        assert at == sorted(at)


def test_second_corpus_findings_come_from_its_own_catalog(runs):
    run_dir = runs["second"][0]
    page = (run_dir / "03_actors.html").read_text("utf-8")
    # focus actor from params/second.yaml gets the evidence tables
    assert "Evidence for Elena Vasquez:" in page
    assert "Donald Trump" not in page


def _check_page(browser, path: Path) -> dict:
    page = browser.new_page()
    blocked, errors = [], []

    def route(r):
        url = r.request.url
        if url.startswith(("file:", "data:")):
            r.continue_()
        else:
            blocked.append(url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri(), wait_until="load")
    sizes = page.evaluate(
        "[...document.images].map(i => {const r = i.getBoundingClientRect();"
        " return [i.alt, r.width, r.height, i.naturalWidth]})"
    )
    page.close()
    return {"blocked": blocked, "errors": errors, "images": sizes}


def test_reports_load_offline_in_chromium(runs, chromium):
    pages = [runs[n][0] / f"{s}.html" for n in ("fixture", "second") for s in EXPECTED]
    pages.append(runs["fixture"][0] / "index.html")
    for path in pages:
        got = _check_page(chromium, path)
        assert got["blocked"] == [], (path.name, got["blocked"])
        assert got["errors"] == [], (path.name, got["errors"])
        if path.name != "index.html":
            assert got["images"], path.name
        for alt, width, height, natural in got["images"]:
            assert alt and width > 0 and height > 0 and natural > 0, (path.name, alt)


def test_nothing_is_cut_or_runs_off_the_page(runs, chromium):
    # bench/pagecheck.py: no text cut by its box, nothing outside the window, no figure scaled
    # down so far that its 8 pt text shows under 8 px
    spec = importlib.util.spec_from_file_location("pagecheck", ROOT / "bench" / "pagecheck.py")
    check = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check)
    for name in ("fixture", "second"):
        for page in sorted(runs[name][0].glob("*.html")):
            assert check.page_problems(chromium, page) == [], (name, page.name)


def test_html_has_no_remote_src_or_href(runs):
    for name in ("fixture", "second"):
        for page in runs[name][0].glob("*.html"):
            text = page.read_text("utf-8")
            assert "<script" not in text.lower(), page.name
            assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", text, re.I)


def test_a_failing_notebook_is_recorded_and_the_others_run(tmp_path):
    nbdir = tmp_path / "nbs"
    nbdir.mkdir()
    for stem, body in (
        ("01_ok", "print('fine')"),
        (
            "02_bad_actor",
            f"p = params.validate({{'corpus': corpus, 'catalog': {str(STORY)!r}, "
            "'actors': ['Nobody']})",
        ),
        ("03_ok_too", "print('still runs')"),
    ):
        params_cell = nbformat.v4.new_code_cell(f'corpus = "{FIXTURE}"  # corpus')
        params_cell.metadata["tags"] = ["parameters"]
        nb = nbformat.v4.new_notebook(
            cells=[
                nbformat.v4.new_markdown_cell(f"# {stem}"),
                params_cell,
                nbformat.v4.new_code_cell(f"from analysis import params\n{body}"),
            ]
        )
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
        nbformat.write(nb, nbdir / f"{stem}.ipynb")
    proc = _run(
        [
            "--notebooks-dir",
            str(nbdir),
            "-p",
            f"corpus={FIXTURE}",
            "-p",
            "n_boot=20",
            "--jobs",
            "2",
            "--out",
            str(tmp_path / "run"),
        ]
    )
    out, err = proc.communicate(timeout=200)
    assert proc.returncode == 1
    assert "[1/3] 01_ok: ok" in out and "[3/3] 03_ok_too: ok" in out
    message = "ParameterError: parameter actors: unknown actor 'Nobody'"
    assert f"failed: 02_bad_actor: {message}" in err
    index = (tmp_path / "run" / "index.html").read_text("utf-8")
    assert "2 ok" not in index and "3 reports, 1 failed." in index
    at = [index.index(f"{stem}.html") for stem in ("01_ok", "02_bad_actor", "03_ok_too")]
    assert at == sorted(at)
    assert message.replace("'", "&#x27;") in index
    # the failed notebook still gets a report that says so, without a traceback wall
    page = (tmp_path / "run" / "02_bad_actor.html").read_text("utf-8")
    assert "This report is incomplete: the notebook failed." in page
    assert page.count("parameter actors: unknown actor") >= 2  # banner and the cell's output
    assert "Traceback" not in page and not re.search(r"File \S+, line \d+", page)

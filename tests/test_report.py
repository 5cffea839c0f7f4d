"""analysis.report: selection, HTML export (offline, escaped), index, parameter files."""

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from analysis import report
from analysis.params import ParameterError, validate

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "corpus"
STORY = str(ROOT / "src" / "analysis" / "data" / "actors_ukraine_energy_pause.yaml")
PNG_1PX = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGA"
    "WjR9awAAAABJRU5ErkJggg=="
)


def test_prepare_applies_the_selection_and_writes_what_it_returns(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_CACHE", "0")
    p = validate(
        {"corpus": str(FIXTURE), "catalog": STORY, "outlets": ["Evening Fixture"],
         "n_boot": 20, "output_dir": str(tmp_path)}
    )  # fmt: skip
    run = report.prepare(p)
    assert list(run.tables.articles.article_id) == ["b1"]
    assert set(run.tables.sentences.article_id) == {"b1"}
    assert set(run.tables.actor_measures_by_outlet.outlet) == {"Evening Fixture"}
    # a1 and a2 (Daily Test) are accounted for as excluded, with the reason
    acc = run.accounting
    ex = acc[acc.status == "excluded"].set_index("article_id")["reason"]
    assert sorted(ex.index) == ["a1", "a2"]
    assert ex["a1"] == "not in the selection (outlets Evening Fixture)"
    # measures on b1 only: Zelensky speaks every quoted word there
    m = run.tables.actor_measures
    sov = m[(m.measure == "share_of_voice") & (m.actor == "Volodymyr Zelensky")]
    assert sov.value.iloc[0] == 1.0
    # one copy of every table: what the notebook draws is what tables/ holds
    assert not hasattr(run, "frames")
    written = pd.read_csv(tmp_path / "tables" / "frame_hits.csv")
    assert len(written) == len(run.tables.frame_hits)
    written_acc = pd.read_csv(tmp_path / "tables" / "accounting.csv", keep_default_na=False)
    assert written_acc.equals(acc)
    assert not hasattr(report, "select") and not hasattr(report, "frame_tables")


def _notebook_with_outputs() -> nbformat.NotebookNode:
    nb = new_notebook()
    md = new_markdown_cell(
        "# Tone & <i>Report</i>\n\n## First part\n\ntext\n\n## Second part\n\nmore"
    )
    code = new_code_cell("x")
    code.outputs = [
        new_output(
            "display_data",
            data={
                "text/html": (
                    f"<img src='data:image/png;base64,{PNG_1PX}' alt='a dot'>"
                    "<script src='https://cdn.example.org/x.js'></script>"
                    '<link rel="stylesheet" href="https://cdn.example.org/s.css">'
                    "<p>&lt;b&gt;article text&lt;/b&gt;</p>"
                ),
                "text/plain": "x",
            },
        )
    ]
    nb.cells = [md, code]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    return nb


def test_export_html_is_offline_and_has_header_toc_footer(tmp_path):
    nb_path = tmp_path / "01_demo.ipynb"
    nbformat.write(_notebook_with_outputs(), nb_path)
    out = report.export_html(
        nb_path,
        tmp_path / "01_demo.html",
        run_name="demo <run>",
        parameters={"corpus": "data/<x>", "actors": ["A & B"]},
        provenance={
            "corpus": "data/<x>",
            "row_counts": {"articles": 3},
            "git_commit": "abc123",
            "packages": {"pandas": "3.1"},
            "python": "3.11",
            "date": "2026-01-01 00:00 UTC",
        },
    )
    page = out.read_text("utf-8")
    # no script at all and no src/href pointing at another host
    assert "<script" not in page.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page, re.I)
    assert f"data:image/png;base64,{PNG_1PX}" in page
    # title from the notebook's first heading, escaped; parameters escaped
    assert "<title>Tone &amp; Report</title>" in page
    assert "demo &lt;run&gt;" in page and "data/&lt;x&gt;" in page and "A &amp; B" in page
    # contents list links the second-level headings
    assert re.search(r"<a href='#First-part'>First part</a>", page)
    assert re.search(r"<a href='#Second-part'>Second part</a>", page)
    # provenance footer
    assert "abc123" in page and "articles 3" in page and "pandas 3.1" in page
    assert "&lt;b&gt;article text&lt;/b&gt;" in page
    assert not list(tmp_path.glob(".*.tmp"))


def test_failed_report_says_so(tmp_path):
    nb_path = tmp_path / "02_x.ipynb"
    nbformat.write(_notebook_with_outputs(), nb_path)
    page = report.export_html(
        nb_path, tmp_path / "02_x.html", status="failed", error="ParameterError: bad <x>"
    ).read_text("utf-8")
    assert "the notebook failed. ParameterError: bad &lt;x&gt;" in page


def test_index_lists_status_and_error_escaped(tmp_path):
    results = [
        report.NotebookResult("01_a", "ok", 1.25, html="01_a.html", notebook="nb/01_a.ipynb"),
        report.NotebookResult("02_b", "failed", 2.0, error="ValueError: <oops>", html="02_b.html"),
    ]
    prov = {"git_commit": "unknown", "packages": {}, "python": "3.11", "date": "d"}
    page = report.write_index(tmp_path, "r1", {"seed": 0}, results, prov).read_text("utf-8")
    assert "2 reports, 1 failed." in page
    assert "<a href='01_a.html'>01_a</a>" in page
    assert "ValueError: &lt;oops&gt;" in page
    assert "<th>seed</th><td>0</td>" in page
    assert "1.2 s" in page or "1.3 s" in page


def test_strip_external_removes_scripts_and_remote_refs():
    page = (
        '<head><script src="https://a.b/require.js"></script><script type="module">'
        'import x from "https://a.b/m.mjs";</script>'
        '<link rel="stylesheet" href="//a.b/c.css"></head>'
        '<body><img src="http://a.b/i.png"><img src = \'https://a.b/j.png\'><a href="#x">x</a>'
        "</body>"
    )
    out = report.strip_external(page)
    assert "script" not in out and "a.b" not in out
    assert '<a href="#x">x</a>' in out


def test_parse_assignments_reads_yaml_values():
    got = report.parse_assignments(["n_boot=50", "actors=[Donald Trump, Kremlin]", "event="])
    assert got == {"n_boot": 50, "actors": ["Donald Trump", "Kremlin"], "event": ""}
    with pytest.raises(ParameterError, match="-p expects key=value"):
        report.parse_assignments(["n_boot"])


def test_load_param_file_errors(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text("seed: 1\ncolour: red\n", "utf-8")
    with pytest.raises(ParameterError, match="unknown parameter 'colour'"):
        report.load_param_file(f)
    f.write_text("- a\n- b\n", "utf-8")
    with pytest.raises(ParameterError, match="expected a mapping"):
        report.load_param_file(f)
    with pytest.raises(ParameterError, match=r"parameter file .*missing\.yaml"):
        report.load_param_file(tmp_path / "missing.yaml")
    for name in ("seeds.yaml", "second.yaml"):
        assert validate(report.load_param_file(ROOT / "params" / name))


def test_cli_stops_on_a_bad_parameter_before_any_notebook(tmp_path, capsys):
    from analysis.__main__ import main

    code = main(
        ["run", "-p", f"corpus={FIXTURE}", "--catalog", STORY, "-p", "actors=[Nobody]", "--out",
         str(tmp_path)]
    )  # fmt: skip
    assert code == 2
    err = capsys.readouterr().err
    assert "error: parameter actors: unknown actor 'Nobody'" in err
    assert not (tmp_path / "index.html").exists()


def test_tables_subcommand_writes_csv(tmp_path, capsys):
    from analysis.__main__ import main

    assert main(["tables", "--corpus", str(FIXTURE), "--out", str(tmp_path)]) == 0
    assert (tmp_path / "accounting.csv").exists() and (tmp_path / "ledger.csv").exists()
    assert "inputs: 3  analysed: 3  excluded: 0" in capsys.readouterr().out


def test_default_jobs_is_one_per_core_capped_by_the_notebooks():
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert report.default_jobs(1) == 1
    assert report.default_jobs(0) == 1
    assert report.default_jobs(1000) == cores


def test_cli_rejects_jobs_below_one(capsys):
    from analysis.__main__ import main

    assert main(["run", "--jobs", "0"]) == 2
    assert "--jobs must be at least 1, got 0" in capsys.readouterr().err


def test_clear_leftovers_removes_only_hidden_temporary_files(tmp_path):
    (tmp_path / "tables").mkdir()
    (tmp_path / "notebooks").mkdir()
    left = [
        tmp_path / f".index.html.{'a' * 32}.tmp",
        tmp_path / "tables" / ".articles.csv.tmp",
        tmp_path / "notebooks" / f".03_actors.{'b' * 32}.tmp.ipynb",
    ]
    kept = [
        tmp_path / "index.html",
        tmp_path / "notes.tmp",  # not hidden: not ours
        tmp_path / "tables" / ".articles.csv",  # hidden, not temporary
        tmp_path / "notebooks" / "03_actors.ipynb",
    ]
    for path in left + kept:
        path.write_text("x")
    assert report.clear_leftovers(tmp_path) == sorted(left)
    assert sorted(p for p in tmp_path.rglob("*") if p.is_file()) == sorted(kept)


def _png(width: int, height: int) -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buf, format="PNG")
    return buf.getvalue()


def test_index_is_the_page_to_read_first_and_the_run_is_zipped(tmp_path):
    import base64
    import json
    import zipfile

    run_dir = tmp_path / "myrun"
    (run_dir / "tables").mkdir(parents=True)
    (run_dir / "notebooks").mkdir()
    pd.DataFrame(
        {
            "article_id": ["a", "b", "c"],
            "source": ["a.txt", "b.txt", "c.txt"],
            "status": ["analysed", "analysed", "excluded"],
            "reason": ["", "", "no text left after cleaning"],
        }
    ).to_csv(run_dir / "tables" / "accounting.csv", index=False)
    pd.DataFrame(
        {
            "article_id": ["a", "b"],
            "outlet": ["X <b>", "Y"],
            "event": ["e1", ""],
            "published": ["2024-01-02", "2024-03-04"],
            "language": ["en", "de"],
        }
    ).to_csv(run_dir / "tables" / "articles.csv", index=False)
    pd.DataFrame(
        {
            "outlet": ["X <b>", "Y", "Z"],
            "group": ["left", "right", "right"],
            "articles_in": [1, 1, 1],
            "articles_analysed": [1, 1, 0],
            "counted_once": [0, 1, 0],
            "status": ["analysed", "analysed", "excluded"],
            "reason": ["", "", "no text left after cleaning"],
        }
    ).to_csv(run_dir / "tables" / "outlets.csv", index=False)
    pd.DataFrame(
        {"article_id": ["c"], "action": ["excluded"], "category": ["empty_after_cleaning"]}
    ).to_csv(run_dir / "tables" / "ledger.csv", index=False)
    (run_dir / "run.json").write_text(
        json.dumps(
            {
                "parameters": {"outlet_group": "lean", "languages": ["en"]},
                "warnings": ["no manifest.csv in corpus: every outlet is 'unknown'"],
            }
        ),
        "utf-8",
    )
    big = _png(800, 400)
    nb = new_notebook()
    nb.cells = [
        new_markdown_cell("# Tone\n\nHow <positive> each outlet is.\n\nMore text."),
        new_code_cell("x"),
    ]
    findings = [f"Finding {i} & <more>." for i in range(5)]
    html_out = "".join(f"<p class='analysis-finding'>{html.escape(f)}</p>" for f in findings)
    png_uri = "data:image/png;base64," + base64.b64encode(big).decode()
    nb.cells[1].outputs = [
        new_output("display_data", data={"text/html": html_out + f"<img src='{png_uri}'>"})
    ]
    nbformat.write(nb, run_dir / "notebooks" / "02_tone.ipynb")
    results = [
        report.NotebookResult("02_tone", "ok", 1.0, "", "02_tone.html", "notebooks/02_tone.ipynb")
    ]
    prov = {"git_commit": "x", "packages": {}, "python": "3.11", "date": "d"}
    page = report.write_index(run_dir, "myrun", {"seed": 0}, results, prov).read_text("utf-8")
    # warnings first: no manifest, the language line, the outlet without an article, rewrites
    warn = page.index("Read first")
    assert warn < page.index("The corpus in numbers") < page.index("02_tone.html")
    assert "no manifest.csv in corpus" in page
    assert page.count("languages: ") == 1  # one summary line
    assert "languages: 1 article(s) excluded with no text left after cleaning; 1 analysed " in page
    assert "1 analysed article(s) identified as de, scored by the instruments for en" in page
    assert "1 outlet(s) of the input have no analysed article: Z" in page
    assert "rewrites: 1 article(s) of 1 outlet(s)" in page
    # the corpus in numbers
    assert "<b>3</b> articles in, <b>2</b> analysed, <b>1</b> excluded" in page
    assert "<b>2</b> outlets analysed (of 3 in the input)" in page
    assert "<b>2</b> groups (lean)" in page and "<b>1</b> events" in page
    assert "published 2024-01-02 to 2024-03-04" in page
    # description and the first three findings, escaped; a scaled-down embedded thumbnail
    assert "How &lt;positive&gt; each outlet is." in page and "More text" not in page
    assert "Finding 2 &amp; &lt;more&gt;." in page and "Finding 3" not in page
    thumb = re.search(r"class='thumb' src='data:image/png;base64,([^']+)'", page).group(1)
    import io

    from PIL import Image

    assert Image.open(io.BytesIO(base64.b64decode(thumb))).size == (360, 180)
    assert "<script" not in page and report.CSP_META in page
    # the whole folder as a zip beside it, under the folder's name
    path = report.write_zip(run_dir)
    assert path == tmp_path / "myrun.zip"
    names = zipfile.ZipFile(path).namelist()
    assert "myrun/index.html" in names and "myrun/tables/outlets.csv" in names
    assert names == sorted(names)
    assert report.write_zip(run_dir).read_bytes() == path.read_bytes()  # deterministic


def test_run_says_on_the_terminal_that_there_is_no_manifest(tmp_path):
    import shutil
    import subprocess
    import sys

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a1.txt", "b1.txt"):
        shutil.copy(FIXTURE / name, corpus / name)
    nbdir = tmp_path / "nbs"
    nbdir.mkdir()
    cell = new_code_cell(f'corpus = "{corpus}"  # corpus\noutput_dir = ""  # out')
    cell.metadata["tags"] = ["parameters"]
    body = "from analysis import params, report\n" + (
        "run = report.prepare(params.from_namespace(globals()))"
    )
    nb = new_notebook(cells=[new_markdown_cell("# t"), cell, new_code_cell(body)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(nb, nbdir / "01_t.ipynb")
    out = tmp_path / "run"
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "run", "--notebooks-dir", str(nbdir), "-p",
         f"corpus={corpus}", "-p", "n_boot=20", "--jobs", "1", "--no-cache", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"warning: no manifest.csv in {corpus}: outlet set to 'unknown'" in proc.stderr
    assert f"to mail: {tmp_path / 'run.zip'}" in proc.stdout
    import zipfile

    names = zipfile.ZipFile(tmp_path / "run.zip").namelist()
    assert "run/index.html" in names and "run/tables/accounting.csv" in names
    assert not [n for n in names if "INCOMPLETE" in n or "/." in n]  # a finished folder


def test_prebuild_fills_the_cache_the_notebooks_read(tmp_path, monkeypatch):
    """analysis run builds the tables once before the notebooks: their prepare then reads every
    corpus stage back from the cache (here: computing one again would raise)."""
    from analysis import pipeline

    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))
    p = validate(
        {"corpus": str(FIXTURE), "catalog": STORY, "n_boot": 20, "output_dir": str(tmp_path)}
    )
    lines = []
    report.prebuild(p, lines.append)
    assert len(lines) == 1 and lines[0].startswith("[tables] built in ")
    # the wall time and the CPU time of the process that built them
    assert re.match(r"\[tables\] built in \d+\.\d s \(\d+\.\d CPU s\)", lines[0]), lines[0]
    assert (tmp_path / "tables" / "actor_measures_by_outlet.csv").is_file()

    def computed_again(*args, **kwargs):
        raise AssertionError("a corpus stage was computed again")

    for name in ("detect_rewrites", "actor_evidence", "story_elements", "distinctive_terms"):
        monkeypatch.setattr(pipeline, name, computed_again)
    run = report.prepare(p)
    assert set(run.tables.articles.article_id) == {"a1", "a2", "b1"}
    # with the cache off there is nothing to build ahead; a failure is logged, not raised
    monkeypatch.setenv("ANALYSIS_CACHE", "0")
    report.prebuild(p, lines.append)
    assert len(lines) == 1
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache2"))
    report.prebuild(p, lines.append)
    assert lines[-1].startswith("[tables] failed (") and "computed again" in lines[-1]


def test_corpus_numbers_reads_the_corpus_counts_table(tmp_path):
    tables = tmp_path / "tables"
    tables.mkdir()
    pd.DataFrame({"article_id": ["a"], "status": ["analysed"]}).to_csv(
        tables / "accounting.csv", index=False
    )
    pd.DataFrame(
        {"article_id": ["a"], "outlet": ["X"], "event": ["e"], "published": ["2024-01-01"]}
    ).to_csv(tables / "articles.csv", index=False)
    # the pipeline's counts, not recounted from articles (deliberately different here)
    pd.DataFrame(
        {"outlets": [4], "events": [3], "first_day": ["2023-05-06"], "last_day": ["2024-07-08"]}
    ).to_csv(tables / "corpus_counts.csv", index=False)
    got = report.corpus_numbers(tmp_path)
    assert (got["outlets"], got["outlets_in"], got["events"]) == (4, 4, 3)
    assert (got["first_day"], got["last_day"]) == ("2023-05-06", "2024-07-08")
    assert (got["articles_in"], got["analysed"], got["excluded"]) == (1, 1, 0)


def test_held_tables_are_read_on_use_and_equal_the_built_ones(tmp_path, monkeypatch):
    """analysis run holds the tables it built (prebuild in a child); a notebook's prepare then
    builds nothing and reads a table only when a view asks for it: report 02's views read
    tone tables, never the actor, frame or story tables."""
    from analysis import figures, pipeline

    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))
    p = validate(
        {"corpus": str(FIXTURE), "catalog": STORY, "n_boot": 20, "output_dir": str(tmp_path)}
    )
    lines = []
    assert report.prebuild(p, lines.append, tmp_path / "held")
    built = report.prepare(p)  # from the cache, every table at once
    monkeypatch.setenv(report.HELD, str(tmp_path / "held"))

    def built_again(*args, **kwargs):
        raise AssertionError("the tables were built again")

    monkeypatch.setattr(report, "build_tables", built_again)
    monkeypatch.setattr(pipeline, "build_tables", built_again)
    frozen = []
    monkeypatch.setattr(report, "freeze_long_lived", lambda: frozen.append(True))
    run = report.prepare(p)
    assert frozen == [True]  # the held run ready: what lives now is kept out of gc's walks
    assert isinstance(run.tables, report.HeldTables) and run.tables.read == []
    assert "sentences" in run._repr_html_() and run.tables.read == []  # counted, not read
    pd.testing.assert_frame_equal(run.accounting, built.accounting)
    assert run.warnings == built.warnings
    for view in ("tone_by_outlet", "instrument_agreement", "tone_drivers", "domain_effect"):
        getattr(figures, view)(run)
    read = set(run.tables.read)
    assert {"tone_by_outlet", "sentence_sentiment", "tone_drivers"} <= read
    assert not [t for t in read if t.startswith(("actor_", "frame_", "story_", "mention"))]
    assert "sentences" not in read and len(read) < len(pipeline.Tables._fields) / 3
    # some actors' rows of a table not read yet: exactly those rows, and the table not kept
    table = built.tables.actor_measures_by_outlet
    actors = sorted(set(table["actor"]))[:2]
    want = table[table["actor"].isin(actors)].reset_index(drop=True)
    assert 0 < len(want) < len(table)
    some = run.tables.where("actor_measures_by_outlet", "actor", actors)
    pd.testing.assert_frame_equal(some, want, check_exact=True)
    assert "actor_measures_by_outlet" not in run.tables.read
    # the articles' outlet without their text: those columns only, the table not kept
    outlets = run.tables.columns("articles", ["outlet", "article_id"])
    pd.testing.assert_frame_equal(outlets, built.tables.articles[["outlet", "article_id"]])
    assert "articles" not in run.tables.read
    for name in pipeline.Tables._fields:  # every held table equals the built one exactly
        a, b = getattr(run.tables, name), getattr(built.tables, name)
        if b is None:
            assert a is None
        else:
            pd.testing.assert_frame_equal(a, b, check_exact=True)
    # once read, the same rows come from the table in memory
    again = run.tables.where("actor_measures_by_outlet", "actor", actors)
    pd.testing.assert_frame_equal(again, want, check_exact=True)
    # other parameters, or no held folder: the tables are built as before
    other = validate({**p.as_dict(), "n_boot": 30})
    assert report.held_run(other) is None
    monkeypatch.delenv(report.HELD)
    assert report.held_run(p) is None


def test_run_notebooks_kernels_read_the_held_tables(tmp_path, monkeypatch):
    """In a real run the notebook's kernel gets the held tables (built once, in a child
    process) and reads only what it asks for; the held folder is gone afterwards."""
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))
    nb = new_notebook(
        cells=[
            new_code_cell('corpus = "x"\noutput_dir = "x"', metadata={"tags": ["parameters"]}),
            new_code_cell(
                "from analysis import params, report\np = params.from_namespace(globals())"
            ),
            new_code_cell(
                "run = report.prepare(p)\nn = len(run.tables.articles)\n"
                "print(type(run.tables).__name__, run.tables.read, n)"
            ),
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )  # fmt: skip
    folder = tmp_path / "nbs"
    folder.mkdir()
    nbformat.write(nb, str(folder / "held.ipynb"))
    values = {"corpus": str(FIXTURE), "catalog": STORY, "n_boot": 20}
    lines = []
    out = tmp_path / "run"
    res = report.run_notebooks(values, out, [folder / "held.ipynb"], log=lines.append, jobs=1)
    assert res[0].status == "ok", res[0].error
    assert lines[0].startswith("[tables] built in ") and "peak memory" in lines[0]
    executed = nbformat.read(str(out / "notebooks" / "held.ipynb"), as_version=4)
    printed = "".join(o.get("text", "") for o in executed.cells[-1].outputs)
    assert printed.strip() == "HeldTables ['articles'] 3"
    assert not list(out.glob(".held-*"))


def test_batch_engine_writes_the_notebook_when_it_starts_and_ends_not_per_cell(
    tmp_path, monkeypatch
):
    # papermill's own engine rewrites the whole notebook before and after every cell; the
    # batch engine writes it at the start and at the end (papermill's notebook_complete, in a
    # finally: also after a failing cell)
    import papermill.engines as pe

    written = []
    monkeypatch.setattr(pe, "write_ipynb", lambda nb, path: written.append(path))

    def cells(cls, nb_man, kernel_name, **kwargs):
        for cell in nb_man.nb.cells:
            nb_man.cell_start(cell, 0)
            nb_man.cell_complete(cell, 0)
        raise RuntimeError("cell failed")

    monkeypatch.setattr(pe.NBClientEngine, "execute_managed_notebook", classmethod(cells))
    nb = new_notebook(cells=[new_code_cell("1"), new_code_cell("2"), new_markdown_cell("x")])
    nb.metadata.papermill = {}  # as papermill's loader leaves it
    out = str(tmp_path / "out.ipynb")
    engine = pe.papermill_engines.get_engine(report._batch_engine())
    with pytest.raises(RuntimeError):
        engine.execute_notebook(nb, "python3", output_path=out, progress_bar=False)
    assert written == [out, out]
    written.clear()
    with pytest.raises(RuntimeError):  # papermill's own engine, for comparison
        pe.NBClientEngine.execute_notebook(nb, "python3", output_path=out, progress_bar=False)
    assert len(written) == 2 + 2 * 3


def test_html_export_gives_the_page_nbconverts_exporter_gives(tmp_path):
    # report._html_exporter skips HTMLExporter's BeautifulSoup round trip and adds its alt
    # text and tabindex itself: the same elements, attributes and text
    from bs4 import BeautifulSoup
    from nbconvert import HTMLExporter

    nb = _notebook_with_outputs()
    nb.cells.append(new_markdown_cell(f"![](data:image/png;base64,{PNG_1PX})"))
    out = new_code_cell("x")
    out.outputs = [new_output("display_data", data={"text/html": "<img src='x.png'>"})]
    nb.cells.append(out)  # an image without alt text: nbconvert's placeholder
    ours, _ = report._html_exporter().from_notebook_node(nb)
    theirs, _ = HTMLExporter(
        template_name="lab", exclude_input=True, exclude_input_prompt=True,
        exclude_output_prompt=True, embed_images=True,
    ).from_notebook_node(nb)  # fmt: skip
    assert 'tabindex="0"' in ours and "No description has been provided" in ours
    assert str(BeautifulSoup(ours, "html.parser")) == theirs


def test_batch_process_imports_papermill_without_the_iri_grammars(tmp_path):
    # jsonschema's optional rfc3987_syntax compiles Lark grammars at import (1-2 s per batch
    # process); notebooks still validate without it
    code = (
        "import sys\n"
        "from analysis import report\n"
        "report._notebook_tools()\n"
        "import papermill, nbformat\n"
        "nb = nbformat.v4.new_notebook()\n"
        "nb.cells.append(nbformat.v4.new_code_cell('1'))\n"
        "nbformat.validate(nb)\n"
        "bad = nbformat.v4.new_notebook(); bad.cells.append({'cell_type': 'nope'})\n"
        "try:\n"
        "    nbformat.validate(bad)\n"
        "except nbformat.ValidationError:\n"
        "    print('invalid found')\n"
        "print(sys.modules.get('rfc3987_syntax', 'absent'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["invalid", "found", "None"]


def test_side_by_side_notebooks_run_their_kernels_from_this_process(tmp_path, monkeypatch):
    """With jobs > 1 the notebooks run side by side, each in its own kernel, driven by
    threads of the run's process (no worker process per notebook that would start and import
    papermill again): every kernel's parent is this process, and both HTML pages are
    written."""
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "nbs"
    folder.mkdir()
    for stem in ("a", "b"):
        nb = new_notebook(
            cells=[
                new_markdown_cell(f"# {stem}"),
                new_code_cell('corpus = "x"', metadata={"tags": ["parameters"]}),
                new_code_cell("import os\nprint('parent', os.getppid())"),
            ],
            metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        )
        nbformat.write(nb, str(folder / f"{stem}.ipynb"))
    out = tmp_path / "run"
    books = [folder / "a.ipynb", folder / "b.ipynb"]
    values = {"corpus": str(FIXTURE), "catalog": STORY, "n_boot": 20}
    res = report.run_notebooks(values, out, books, log=lambda line: None, jobs=2)
    assert [r.status for r in res] == ["ok", "ok"], [r.error for r in res]
    for stem in ("a", "b"):
        executed = nbformat.read(str(out / "notebooks" / f"{stem}.ipynb"), as_version=4)
        printed = "".join(o.get("text", "") for o in executed.cells[-1].outputs)
        assert printed.split() == ["parent", str(os.getpid())]
        assert (out / f"{stem}.html").exists()


def test_freeze_long_lived_keeps_living_objects_out_of_collections_and_frees_them_later():
    """freeze_long_lived (a held run ready for its views) moves every living object out of
    the cyclic collector's walks; a later call collects the cyclic garbage among them first
    (a run replaced in the same kernel can be freed)."""
    import gc
    import weakref

    class Node:
        pass

    try:
        node = Node()
        node.self = node  # a reference cycle: only the cyclic collector frees it
        gone = weakref.ref(node)
        report.freeze_long_lived()
        assert gc.get_freeze_count() > 0
        del node
        gc.collect()
        assert gone() is not None  # frozen: not walked, not freed
        report.freeze_long_lived()
        assert gone() is None and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_a_kernel_that_dies_before_replying_is_started_again_then_reported(tmp_path, monkeypatch):
    """A kernel that dies before it replies (its port taken between jupyter_client's choice
    and its bind) ran no cell: the notebook gets a new kernel, up to KERNEL_STARTS starts;
    after that the failure is reported. Any other error is reported at once."""
    import papermill as pm

    real = pm.execute_notebook
    calls = []

    def flaky(fails, error):
        def execute(*args, **kwargs):
            calls.append(1)
            if len(calls) <= fails:
                raise error
            return real(*args, **kwargs)

        return execute

    nb = new_notebook(
        cells=[new_code_cell('corpus = "x"', metadata={"tags": ["parameters"]}),
               new_code_cell("print(6 * 7)")],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )  # fmt: skip
    folder = tmp_path / "nbs"
    folder.mkdir()
    nbformat.write(nb, str(folder / "tiny.ipynb"))
    values = {"corpus": str(FIXTURE), "catalog": STORY, "n_boot": 20}
    died = RuntimeError("Kernel died before replying to kernel_info")
    assert report.kernel_never_started(died)
    assert not report.kernel_never_started(ValueError("Kernel died before replying to kernel_info"))

    monkeypatch.setattr(pm, "execute_notebook", flaky(report.KERNEL_STARTS - 1, died))
    res = report.run_notebooks(values, tmp_path / "a", [folder / "tiny.ipynb"], jobs=1)
    assert res[0].status == "ok", res[0].error
    assert len(calls) == report.KERNEL_STARTS
    executed = nbformat.read(str(tmp_path / "a" / "notebooks" / "tiny.ipynb"), as_version=4)
    assert executed.cells[-1].outputs[0]["text"].strip() == "42"

    calls.clear()
    monkeypatch.setattr(pm, "execute_notebook", flaky(99, died))
    res = report.run_notebooks(values, tmp_path / "b", [folder / "tiny.ipynb"], jobs=1)
    assert res[0].status == "failed" and "kernel_info" in res[0].error
    assert len(calls) == report.KERNEL_STARTS

    calls.clear()
    monkeypatch.setattr(pm, "execute_notebook", flaky(1, RuntimeError("a cell failed")))
    res = report.run_notebooks(values, tmp_path / "c", [folder / "tiny.ipynb"], jobs=1)
    assert res[0].status == "failed" and "a cell failed" in res[0].error
    assert len(calls) == 1

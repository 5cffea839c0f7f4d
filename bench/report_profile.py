"""Where the time of ``make report`` on the seeds goes.

1. Wall time of the command ``make report`` runs (``python -m analysis run --params
   params/seeds.yaml``, into a temporary folder), end to end, in a child process: with the
   notebooks one after another (``--jobs 1``) and side by side (the default, one per core),
   each with an empty cache (first run) and again with the cache it filled (re-run: the tables
   and the figures kept there are read back). Per notebook, first run and re-run with
   ``--jobs 1`` (from papermill's cell timings in the executed notebooks): kernel start and stop,
   the import cell, ``report.prepare`` (the analysis), the figure and table cells, and the HTML
   export.
   The floor, measured in the same invocation: papermill running copies of the same four
   notebooks that keep only their parameters and import cells (kernel start, imports, the
   parameter check; no analysis, figures or HTML), one after another and side by side, so
   ``make report`` can be given as a ratio to it.
2. The analysis alone: ``analysis.pipeline.build_tables`` on the same corpus, timed per stage
   (each stage function called as build_tables calls it) in a fresh child process, plus a
   cProfile listing of the 15 functions with the most cumulative time.

``--rounds N``: then N more re-runs with each setting, each followed at once by the floor, and
the median, best and worst of these N ratios (a shared machine's load moves within minutes).

Usage: python bench/report_profile.py [--params params/seeds.yaml] [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_STAGES = r"""
import cProfile, io, pstats, sys, time
T = {}
def timed(name, f, *a, **k):
    t = time.perf_counter(); r = f(*a, **k); T[name] = T.get(name, 0) + time.perf_counter() - t
    return r
t_import = time.perf_counter()
from analysis import pipeline
from analysis.params import Params
from analysis.load import load_corpus
from analysis.clean import clean_articles
from analysis.segment import segment_articles
from analysis.rewrites import detect_rewrites, mark_rewrites
from analysis.sentiment import score_sentences
from analysis.actors import find_mentions, load_catalog
from analysis.quotes import find_quotes
from analysis.attribution import find_attributions
from analysis.frames import frame_hits, load_frames
from analysis.story import story_elements
from analysis.distinctive import distinctive_terms
T["import"] = time.perf_counter() - t_import
corpus = sys.argv[1]
t0 = time.perf_counter()
loaded = timed("load", load_corpus, corpus)
cleaned = timed("clean", clean_articles, loaded.articles, None, ("en",))
seg = timed("segment", segment_articles, cleaned.articles)
rw = timed("rewrites", detect_rewrites, cleaned.articles, seg.sentences)
arts = mark_rewrites(cleaned.articles, rw.pairs)
s = seg.sentences
scores = timed("sentiment", score_sentences, s)
cat = load_catalog(None)
m = timed("actors", find_mentions, s, cat)
q = timed("quotes", find_quotes, arts, s, cat)
timed("attribution", find_attributions, s, m, catalog=cat)
fr = load_frames(None)
timed("frames", frame_hits, s, fr)
timed("story", story_elements, arts, s)
timed("distinctive", distinctive_terms, s, arts, "outlet")
staged = time.perf_counter() - t0
pr = cProfile.Profile(); pr.enable(); t1 = time.perf_counter()
tables = pipeline.build_tables(Params(corpus=corpus))
whole = time.perf_counter() - t1; pr.disable()
print(f"build_tables (second call, warm imports): {whole:.2f} s; staged first pass {staged:.2f} s")
for k, v in sorted(T.items(), key=lambda kv: -kv[1]):
    print(f"  {k:<12} {v:7.3f} s")
out = io.StringIO(); pstats.Stats(pr, stream=out).sort_stats("cumulative").print_stats(15)
print(out.getvalue())
"""


def _report_run(params: str, out: Path, cache: Path, jobs: int | None) -> tuple[float, str]:
    cmd = [sys.executable, "-m", "analysis", "run", "--params", params, "--out", str(out)]
    cmd += ["--jobs", str(jobs)] if jobs else []
    env = {**os.environ, "ANALYSIS_CACHE": str(cache), "PYTHONWARNINGS": "ignore"}
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-3000:])
        raise SystemExit(f"report run failed (exit {proc.returncode})")
    return wall, proc.stdout


_FLOOR = r"""
import json, sys, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
import papermill as pm
src, out, jobs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
books = []
for path in sorted(src.glob("*.ipynb")):
    nb = json.loads(path.read_text("utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    keep = [c for c in code if "parameters" in c["metadata"].get("tags", [])]
    keep += [c for c in code if "import" in "".join(c["source"]) and c not in keep][:1]
    nb["cells"] = keep
    book = out / path.name
    book.write_text(json.dumps(nb), "utf-8")
    books.append(book)
def run(book):
    pm.execute_notebook(str(book), str(book.with_suffix(".out.ipynb")), kernel_name="python3",
                        language="python", progress_bar=False,
                        extra_arguments=["--IPKernelApp.log_level=CRITICAL"])
t0 = time.perf_counter()
with ThreadPoolExecutor(jobs) as pool:
    list(pool.map(run, books))
print(time.perf_counter() - t0)
"""


def _floor_run(out: Path, jobs: int) -> float:
    """Seconds for papermill to run the notebooks with only their parameters and import cells,
    ``jobs`` at a time (each in its own kernel, as ``analysis run`` does)."""
    out.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-c", _FLOOR, str(ROOT / "notebooks"), str(out), str(jobs)]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-3000:])
        raise SystemExit("import-only notebook run failed")
    return float(proc.stdout.strip().splitlines()[-1])


def _breakdown(out: Path, log: str) -> list[tuple[str, dict[str, float]]]:
    """Seconds per part of every notebook of a run, from papermill's metadata and the log."""
    seconds = {m[1]: float(m[2]) for m in re.finditer(r"\] (\S+): ok \(([\d.]+) s\)", log)}
    rows = []
    for path in sorted((out / "notebooks").glob("*.ipynb")):
        nb = json.loads(path.read_text("utf-8"))
        parts = {"kernel": 0.0, "import": 0.0, "prepare": 0.0, "cells": 0.0, "export": 0.0}
        cells = 0.0
        for cell in nb["cells"]:
            if cell["cell_type"] != "code":
                continue
            t = cell["metadata"].get("papermill", {}).get("duration") or 0.0
            src = "".join(cell["source"])
            key = "import" if "import" in src else "prepare" if "prepare(" in src else "cells"
            parts[key] += t
            cells += t
        executed = nb["metadata"]["papermill"]["duration"]
        parts["kernel"] = executed - cells
        parts["export"] = seconds[path.stem] - executed
        rows.append((path.stem, parts))
    return rows


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--params", default="params/seeds.yaml")
    ap.add_argument("--corpus", default="data/raw/seeds")
    ap.add_argument(
        "--rounds", type=int, default=0, help="then N more re-runs, each followed by the floor"
    )
    args = ap.parse_args(argv)
    walls, rows = {}, {}
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        for jobs in (1, None):
            cache = Path(tmp) / f"cache-{jobs}"
            for label in ("first run", "re-run"):
                out = Path(tmp) / f"run-{jobs}-{label[:2]}"
                wall, log = _report_run(args.params, out, cache, jobs)
                name = "--jobs 1" if jobs else "default jobs"
                walls[(jobs, label)] = wall
                note = " (empty cache before)" if label == "first run" else ""
                print(f"make report equivalent, {name}, {label}{note}: {wall:.1f} s wall")
                if jobs == 1:
                    rows[label] = _breakdown(out, log)
        for label in ("first run", "re-run"):
            ratio = walls[(1, label)] / walls[(None, label)]
            print(f"side by side vs one after another ({label}): x{ratio:.2f} faster")
        from analysis.report import default_jobs, list_notebooks

        for jobs in (1, None):
            n = jobs or default_jobs(len(list_notebooks()))
            floor = _floor_run(Path(tmp) / f"floor-{n}", n)
            name = "--jobs 1" if jobs else "default jobs"
            print(
                f"floor, papermill with only the parameters and import cells, {name}: "
                f"{floor:.1f} s; make report (re-run) is x{walls[(jobs, 're-run')] / floor:.2f} "
                f"of it, first run x{walls[(jobs, 'first run')] / floor:.2f}"
            )
        for jobs in (1, None) if args.rounds else ():
            # the load of a shared machine moves within minutes: re-run and floor alternately,
            # each ratio from a pair measured back to back
            n = jobs or default_jobs(len(list_notebooks()))
            name = "--jobs 1" if jobs else "default jobs"
            ratios = []
            for r in range(args.rounds):
                out = Path(tmp) / f"round-{jobs}-{r}"
                wall, _log = _report_run(args.params, out, Path(tmp) / f"cache-{jobs}", jobs)
                floor = _floor_run(Path(tmp) / f"floor-{n}-{r}", n)
                ratios.append(wall / floor)
                print(f"  {name}, round {r + 1}: re-run {wall:.1f} s, floor {floor:.1f} s, "
                      f"x{wall / floor:.2f}")  # fmt: skip
            ratios.sort()
            print(f"make report re-run against the floor, {name}, {args.rounds} alternating "
                  f"pairs: median x{ratios[len(ratios) // 2]:.2f}, best x{ratios[0]:.2f}, "
                  f"worst x{ratios[-1]:.2f}")  # fmt: skip
    head = ["kernel", "import", "prepare", "cells", "export"]
    for label, parts_of in rows.items():
        print(f"per notebook, --jobs 1, {label} (s): " + ", ".join(head))
        totals = dict.fromkeys(head, 0.0)
        for stem, parts in parts_of:
            print(f"  {stem:<20}" + "".join(f"{parts[k]:8.2f}" for k in head))
            for k in head:
                totals[k] += parts[k]
        print(f"  {'total':<20}" + "".join(f"{totals[k]:8.2f}" for k in head))
    proc = subprocess.run(
        [sys.executable, "-c", _STAGES, args.corpus], cwd=ROOT, capture_output=True, text=True
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-3000:])
        raise SystemExit("stage profile failed")
    print(proc.stdout)


if __name__ == "__main__":
    main()

"""A wide synthetic corpus for the figures: 5,000 articles from 500 outlets, and its run.

The articles are bench/corpus.py's generated articles (real sentences of the bundled corpora,
rewritten with seeded variation; ``generate(n)``), given to ``n_outlets`` invented outlets
instead of the generator's few: every outlet gets at least one article and the rest follow a
long tail (outlet k's weight 1 / (k + 1)^0.8), so a few outlets have dozens of articles and
most have a handful, as in a real collection. Outlet names are built from word lists and vary
in length up to 53 characters ("The Northern Valley Evening Telegraph and Courier 051").
Each outlet has a ``region`` (6 values) to use as ``outlet_group``. Deterministic for a seed.

Usage::

    python bench/wide.py OUT_DIR [--articles 5000] [--outlets 500] [--seed 0] [--run] [--jobs N]

writes ``OUT_DIR/wide.jsonl``; with ``--run`` it then runs every report on it (``python -m
analysis run --corpus OUT_DIR/wide.jsonl -p outlet_group=region -p catalog=<the shipped story
catalog> --out OUT_DIR/wide``, an empty cache) and prints the wall time, the peak summed RSS of
the run's process tree (sampled every 0.25 s as bench/run.py's TreeMemory does; apart while
the tables are built and while the notebooks run), that peak against the 100k benchmark's
(``bench/run.py``, job analysis-2 at 100,000 articles: as recorded in docs/PERFORMANCE.md, or
measured in the same invocation with ``--baseline run``) and, for every figure
of the four reports redrawn in this process from the run's tables, what a reader could not read
(analysis.layout.text_problems: text outside the figure, overlapping texts, fonts under 8 pt),
and how many rows and columns it drew.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT / "src" / "analysis" / "data" / "actors_ukraine_energy_pause.yaml"
PLACES = [
    "Northern Valley", "Riverside", "Lakeshore", "Eastport", "Highland", "Westbrook", "Harbour",
    "Greenfield", "Stonebridge", "Maplewood", "Southgate", "Clearwater", "Oakridge", "Fairhaven",
    "Pinecrest", "Silverton", "Brookfield", "Kingsbury", "Ashford", "Millbrook",
]  # fmt: skip
PAPERS = [
    "Times", "Herald", "Post", "Courier", "Gazette", "Tribune", "Observer", "Chronicle",
    "Evening Telegraph and Courier", "Daily News", "Public Broadcasting Service", "Radio",
    "Independent Weekly Review", "Online", "Standard", "Business Journal",
]  # fmt: skip
REGIONS = ["north", "south", "east", "west", "capital", "abroad"]


def _module(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def outlet_names(n: int, seed: int = 0) -> list[str]:
    """``n`` distinct invented outlet names (place, paper kind, a number)."""
    rng = random.Random(seed)
    return [f"The {rng.choice(PLACES)} {rng.choice(PAPERS)} {k:03d}" for k in range(n)]


def wide_corpus(n_articles: int = 5000, n_outlets: int = 500, seed: int = 0) -> pd.DataFrame:
    """bench/corpus.py's ``n_articles`` generated articles spread over ``n_outlets`` outlets
    (each at least one article, a long tail), with a ``region`` column."""
    if n_articles < n_outlets:
        raise ValueError("need at least one article per outlet")
    table, _ = _module("corpus").generate(n_articles, seed)
    rng = random.Random(seed + 1)
    names = outlet_names(n_outlets, seed)
    weights = [1 / (k + 1) ** 0.8 for k in range(n_outlets)]
    assigned = list(range(n_outlets)) + rng.choices(
        range(n_outlets), weights, k=n_articles - n_outlets
    )
    rng.shuffle(assigned)
    region = {name: REGIONS[rng.randrange(len(REGIONS))] for name in names}
    table["outlet"] = [names[k] for k in assigned]
    table["region"] = table["outlet"].map(region)
    return table


def _view_checks(run_dir: Path, corpus: Path) -> list[str]:
    """Redraw every view of the four reports from the run's tables (read back from the cache)
    and list each figure's size and problems."""
    from analysis import figures, report
    from analysis.params import validate

    params = validate(
        {"corpus": str(corpus), "catalog": str(CATALOG), "outlet_group": "region",
         "output_dir": str(run_dir / "redraw"), "n_boot": 200}
    )  # fmt: skip
    run = report.prepare(params)
    lines = []
    for name in VIEWS:
        start = time.perf_counter()
        view = getattr(figures, name)(run)
        took = time.perf_counter() - start
        for f in view.figures:
            # the SVG's size in points, as pixels at the figures' 100 dpi
            size = re.search(rb'<svg[^>]* width="([\d.]+)pt" height="([\d.]+)pt"', f.svg)
            w, h = (round(float(v) * 100 / 72) for v in size.groups())
            state = "ok" if not f.problems else f"{len(f.problems)} problems: {f.problems[:2]}"
            lines.append(f"{name:22s} {f.name:24s} {w}x{h} px  {took:5.1f} s  {state}")
        lines.append(f"{name:22s} finding {len(view.finding)} characters")
    return lines


VIEWS = [
    "articles_per_outlet", "cleaning_summary", "tone_by_outlet", "instrument_agreement",
    "tone_drivers", "domain_effect", "attention", "prominence", "share_of_voice",
    "tone_about_vs_voice", "stance", "frame_shares", "frame_by_actor", "frame_decisions",
    "story_coverage", "distinctive_words", "words_near_actors",
]  # fmt: skip


#: bench/run.py's 100k tier, job analysis-2 (the full per-article analysis of 100,000 articles
#: with 2 workers streamed to Parquet): peak summed RSS of its process tree in `make bench` at
#: 5fb0b95 (docs/PERFORMANCE.md, "Results"); --baseline run measures it again instead
RECORDED_100K_PEAK_MIB = 1887.0


def _baseline(how: str) -> tuple[float, str]:
    """The 100k benchmark's peak (MiB) and where it comes from."""
    if how == "recorded":
        return RECORDED_100K_PEAK_MIB, "recorded: make bench at 5fb0b95, docs/PERFORMANCE.md"
    import json
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "run.json"
        cmd = [sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", "100000",
               "--jobs", "analysis-2", "--json", str(out)]  # fmt: skip
        subprocess.run(cmd, cwd=ROOT, check=True)
        job = json.loads(out.read_text())["tiers"][0]["jobs"]["analysis-2"]
    return float(
        job["tree_peak_mib"]
    ), "measured now: bench/run.py --sizes 100000 --jobs analysis-2"


def _run_sampled(cmd: list[str], env: dict) -> tuple[int, str, str, dict[str, float]]:
    """Run ``cmd``; sample the summed RSS of its process tree (the ``analysis run`` process and
    every process it starts; not this bench process, as bench/run.py's jobs count their own
    process and workers) every 0.25 s, apart for the time until ``analysis run`` says its
    tables are built ("[tables] ...") and after."""
    import threading

    tree_rss = _module("run")._tree_rss_mib
    phases = {"tables": 0.0, "notebooks": 0.0}
    state = {"phase": "tables"}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            rss = tree_rss(proc.pid)
            phases[state["phase"]] = max(phases[state["phase"]], rss)
            stop.wait(0.25)

    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    err: list[str] = []
    reader = threading.Thread(target=lambda: err.extend(proc.stderr), daemon=True)
    reader.start()
    out = []
    for line in proc.stdout:
        out.append(line)
        if line.startswith("[tables]"):
            state["phase"] = "notebooks"
    status = proc.wait()
    reader.join()
    stop.set()
    thread.join()
    return status, "".join(out), "".join(err), phases


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--outlets", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--run", action="store_true")
    parser.add_argument(
        "--jobs", type=int, default=None, help="analysis run --jobs (default: its own)"
    )
    parser.add_argument(
        "--baseline",
        choices=("recorded", "run"),
        default="recorded",
        help="the 100k benchmark's peak: as recorded in docs/PERFORMANCE.md, or run it now "
        "(bench/run.py --sizes 100000 --jobs analysis-2, minutes)",
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    corpus = args.out / "wide.jsonl"
    table = wide_corpus(args.articles, args.outlets, args.seed)
    table.to_json(corpus, orient="records", lines=True, force_ascii=False)
    counts = table["outlet"].value_counts()
    print(
        f"{corpus}: {len(table):,} articles, {table['outlet'].nunique()} outlets "
        f"(articles per outlet: max {counts.max()}, median {counts.median():.0f}, "
        f"{int((counts == 1).sum())} with one), {table['event'].nunique()} events"
    )
    if not args.run:
        return
    cache_dir = args.out / "cache"
    env = {**os.environ, "ANALYSIS_CACHE": str(cache_dir), "PYTHONWARNINGS": "ignore"}
    cmd = [
        sys.executable, "-m", "analysis", "run", "--corpus", str(corpus),
        "-p", "outlet_group=region", "-p", f"catalog={CATALOG}", "-p", "n_boot=200",
        "--name", "wide", "--out", str(args.out / "wide"), "--timeout", "3600",
    ]  # fmt: skip
    if args.jobs:
        cmd += ["--jobs", str(args.jobs)]
    start = time.perf_counter()
    status, out, err, phases = _run_sampled(cmd, env)
    wall = time.perf_counter() - start
    print(out[-2000:], err[-2000:])
    peak = max(phases.values())
    print(
        f"analysis run: exit {status}, {wall:.1f} s wall, peak RSS of the process tree "
        f"{peak:,.0f} MiB (sampled every 0.25 s: the runner, the child that builds the tables, "
        f"notebook workers and kernels); building the tables {phases['tables']:,.0f} MiB, "
        f"notebooks {phases['notebooks']:,.0f} MiB"
    )
    base, where = _baseline(args.baseline)
    print(
        f"100k benchmark peak {base:,.0f} MiB ({where}); this run / 100k = x{peak / base:.2f} "
        f"({'within' if peak <= base else 'over'} it)"
    )
    os.environ["ANALYSIS_CACHE"] = str(cache_dir)
    for line in _view_checks(args.out / "wide", corpus):
        print(line)


if __name__ == "__main__":
    main()

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
the run's process tree (sampled every 0.25 s, bench/run.py's TreeMemory) and, for every figure
of the four reports redrawn in this process from the run's tables, what a reader could not read
(analysis.layout.text_problems: text outside the figure, overlapping texts, fonts under 8 pt),
and how many rows and columns it drew.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
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
            import io

            from PIL import Image

            w, h = Image.open(io.BytesIO(f.png)).size
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
    tree = _module("run").TreeMemory
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
    with tree() as mem:
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    print(proc.stdout[-2000:], proc.stderr[-2000:])
    print(
        f"analysis run: exit {proc.returncode}, {wall:.1f} s wall, peak RSS of the process "
        f"tree {mem.peak:,.0f} MiB"
    )
    os.environ["ANALYSIS_CACHE"] = str(cache_dir)
    for line in _view_checks(args.out / "wide", corpus):
        print(line)


if __name__ == "__main__":
    main()

"""Benchmarks: the per-article analysis against the TextBlob-per-article baseline, rewrites,
cache, memory and the fast TextBlob's exactness, on generated corpora (bench/corpus.py).

Every figure comes from ONE invocation. Each measured job runs in its own child process
(``python bench/run.py _job ...``) so that jobs do not share warm caches and each reports its
own peak memory: VmHWM of the child (its peak RSS since exec), in MiB, and, for the analysis jobs,
the peak of the summed RSS of the child and all its descendants (the engine's worker processes,
started by a forkserver, are not our direct children, so RUSAGE_CHILDREN misses them), sampled
from /proc every 0.25 s during the measured call. Times are wall-clock
``time.perf_counter`` around the measured call only (after imports; first-call loads of
lexicons, models and regexes are inside the timing for every job, the baseline included).

Jobs per tier (N articles):

- ``baseline``: ``table.text.apply(lambda t: TextBlob(t).sentiment)``: what notebooks do today.
- ``fastblob``: the same with ``analysis.fastblob.sentiment``; the parent checks that every
  article's polarity and subjectivity equal the baseline's (max abs difference printed).
- ``analysis-1`` / ``analysis-2``: the full per-article analysis,
  ``analysis.engine.analyze_articles(articles, Params(instruments=("textblob",)),
  workers=1|2, out_dir=...)`` (clean, segment, TextBlob sentence sentiment with the domain
  variant, mentions, quotes + quote sentiment, attributions, hedges, frame hits, article
  tables; partitions streamed to Parquet). ``load_corpus`` (reading the table) is timed apart.
- ``rewrites``: ``analysis.rewrites.detect_rewrites`` on the cleaned, segmented articles (the
  load/clean/segment preparation is timed apart).
- ``cache-cold`` / ``cache-warm``: the same analysis (1 worker) with a fresh ``cache_dir``, run
  twice with unchanged input and parameters.
- ``check``: fastblob vs TextBlob on *every* sentence of the run (max abs difference, count of
  sentences whose polarity, subjectivity or assessments differ).

Usage: python bench/run.py [--sizes 1000 10000] [--jobs all|name,...]
       [--jobs-at SIZE=name,...] [--json out.json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

ALL_JOBS = [
    "baseline",
    "fastblob",
    "analysis-1",
    "analysis-2",
    "rewrites",
    "cache-cold",
    "cache-warm",
    "check",
]


# --- child jobs ------------------------------------------------------------------------------


def _peak_mib() -> tuple[float, float]:
    """Peak RSS of this process and of its waited-for children, MiB.

    This process's own peak is VmHWM from /proc/self/status: Linux's ru_maxrss keeps the
    high-water mark of the process image before exec, i.e. of the forked copy of the (large)
    parent, so it would report the parent's size for every job. ru_maxrss where /proc is absent.
    """
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                me = int(line.split()[1]) / 1024
    except OSError:
        pass
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return me, kids


def _tree_rss_mib(root: int) -> float:
    """Summed VmRSS of ``root`` and all its descendants (Linux /proc), in MiB."""
    parent, rss = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parent[int(entry.name)] = int(fields.get("PPid", "0").strip())
        rss[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0]) / 1024
    total, stack = 0.0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0.0)
        stack.extend(p for p, pp in parent.items() if pp == pid)
    return total


class TreeMemory:
    """Samples the summed RSS of this process and its descendants (worker pools included)."""

    def __init__(self, every: float = 0.25):
        import threading

        self.peak, self.every = 0.0, every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _tree_rss_mib(os.getpid()))
            self._stop.wait(self.every)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def _job(name: str, corpus: str, work: str) -> dict:
    import numpy as np
    import pandas as pd

    work_dir = Path(work)
    out: dict = {"job": name}
    if name in ("baseline", "fastblob"):
        texts = pd.read_parquet(corpus, columns=["text"])["text"]
        if name == "baseline":
            from textblob import TextBlob

            t0 = time.perf_counter()
            res = texts.apply(lambda t: TextBlob(t).sentiment)
            out["seconds"] = time.perf_counter() - t0
        else:
            from analysis import fastblob

            t0 = time.perf_counter()
            res = texts.apply(fastblob.sentiment)
            out["seconds"] = time.perf_counter() - t0
        arr = np.array([(r[0], r[1]) for r in res], dtype="float64")
        np.save(work_dir / f"{name}.npy", arr)
        out["n"] = len(texts)
    elif name.startswith(("analysis", "cache")):
        from analysis.engine import analyze_articles
        from analysis.load import load_corpus
        from analysis.params import Params

        t0 = time.perf_counter()
        arts = load_corpus(corpus).articles
        out["load_seconds"] = time.perf_counter() - t0
        workers = 2 if name == "analysis-2" else 1
        params = Params(instruments=("textblob",))
        odir = work_dir / ("out" if name == "analysis-1" else f"out-{name}")
        cache_dir = work_dir / "cache" if name.startswith("cache") else None
        with TreeMemory() as mem:
            t0 = time.perf_counter()
            analyze_articles(arts, params, workers=workers, out_dir=odir, cache_dir=cache_dir)
            out["seconds"] = time.perf_counter() - t0
        out["tree_peak_mib"] = mem.peak
        out["n"] = len(arts)
    elif name == "rewrites":
        from analysis.clean import clean_articles
        from analysis.load import load_corpus
        from analysis.rewrites import detect_rewrites
        from analysis.segment import segment_articles

        t0 = time.perf_counter()  # the input of rewrite detection: cleaned, segmented articles
        arts = clean_articles(load_corpus(corpus).articles).articles
        sentences = segment_articles(arts).sentences
        out["prepare_seconds"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        rw = detect_rewrites(arts, sentences)
        out["seconds"] = time.perf_counter() - t0
        out["n"] = len(arts)
        out["pairs_examined"] = len(rw.pairs)
        out["pairs_flagged"] = int(rw.pairs["is_rewrite"].sum())
    elif name == "check":
        from textblob.en import sentiment as reference

        from analysis import fastblob
        from analysis.engine import read_output

        out_dir = next(d for d in (work_dir / "out", work_dir / "out-analysis-2") if d.is_dir())
        texts = read_output(out_dir, ["sentences"])["sentences"]["text"].tolist()
        worst, differ = 0.0, 0
        t0 = time.perf_counter()
        for text in texts:
            ref, ours = reference(text), fastblob.sentiment(text)
            worst = max(worst, abs(ref[0] - ours[0]), abs(ref[1] - ours[1]))
            differ += (ref[0], ref[1], ref.assessments) != (ours[0], ours[1], ours.assessments)
        out["seconds"] = time.perf_counter() - t0
        out.update(n=len(texts), max_abs_diff=worst, n_differ=differ)
    else:
        raise SystemExit(f"unknown job {name}")
    out["peak_mib"], out["workers_peak_mib"] = _peak_mib()
    return out


def _run_child(name: str, corpus: Path, work: Path) -> dict:
    cmd = [sys.executable, str(Path(__file__)), "_job", name, str(corpus), str(work)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"bench job {name} failed (exit {proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- report ------------------------------------------------------------------------------------


def machine() -> dict:
    import numpy
    import pandas

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gib": round(mem, 1),
        "python": platform.python_version(),
        "pandas": pandas.__version__,
        "numpy": numpy.__version__,
    }


def _fmt(r: dict, base: dict | None) -> str:
    rate = r["n"] / r["seconds"] if r.get("seconds") else float("nan")
    s = f"{r['job']:<11} {r['seconds']:9.2f} s {rate:11.1f} items/s"
    if base is not None and r["job"] in ("fastblob", "analysis-1", "analysis-2", "cache-warm"):
        s += f"  x{base['seconds'] / r['seconds']:6.2f} vs baseline"
    s += f"  peak {r['peak_mib']:7.0f} MiB"
    if r.get("tree_peak_mib"):
        s += f" (process tree incl. workers, sampled: {r['tree_peak_mib']:.0f} MiB)"
    for key in (
        "load_seconds",
        "prepare_seconds",
        "pairs_examined",
        "pairs_flagged",
        "max_abs_diff",
        "n_differ",
    ):
        if key in r:
            s += f"  {key}={r[key]:.3g}" if isinstance(r[key], float) else f"  {key}={r[key]}"
    return s


def run_tier(n: int, jobs: list[str], seed: int, keep: bool) -> dict:
    import numpy as np
    import pandas as pd
    from corpus import DATA_DIR, duplicate_share, ensure_corpus, generate

    path = ensure_corpus(n, seed)
    work = Path(tempfile.mkdtemp(prefix=f"bench-{n}-", dir=DATA_DIR))
    table = pd.read_parquet(path, columns=["text"])
    _, sentences = generate(n, seed)  # deterministic: the same sentences as the file
    tier = {
        "n_articles": n,
        "mb": round(table["text"].str.len().sum() / 1e6, 2),
        "n_generated_sentences": len(sentences),
        "duplicate_share": duplicate_share(sentences),
        "jobs": {},
    }
    print(
        f"\n== {n:,} articles ({tier['mb']} MB, {len(sentences):,} generated sentences, "
        f"duplicate sentences {tier['duplicate_share']:.2%})",
        flush=True,
    )
    order = [j for j in ALL_JOBS if j in jobs]
    if "check" in order and not {"analysis-1", "analysis-2"} & set(order):
        order.insert(0, "analysis-1")  # check reads the sentences an analysis job wrote
    base = None
    try:
        for job in order:
            r = _run_child(job, path, work)
            tier["jobs"][job] = r
            base = r if job == "baseline" else base
            print(_fmt(r, base), flush=True)
        got = tier["jobs"]
        if "baseline" in got and "fastblob" in got:
            a, b = np.load(work / "baseline.npy"), np.load(work / "fastblob.npy")
            tier["fastblob_vs_baseline_max_abs_diff"] = float(np.abs(a - b).max())
            print(f"fastblob vs TextBlob, per article: max |diff| = {np.abs(a - b).max():.3g}")
        if "cache-cold" in got and "cache-warm" in got:
            ratio = got["cache-cold"]["seconds"] / got["cache-warm"]["seconds"]
            tier["cache_speedup"] = ratio
            print(f"second run with unchanged input and parameters: x{ratio:.1f} faster")
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    return tier


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_job":
        print(json.dumps(_job(*argv[1:4])))
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--jobs", default="all", help="comma-separated subset of " + ",".join(ALL_JOBS))
    ap.add_argument(
        "--jobs-at",
        action="append",
        default=[],
        metavar="SIZE=JOBS",
        help="other jobs for one size, e.g. 100000=baseline,analysis-2 (repeatable)",
    )
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path, default=None, help="write all figures to this file")
    ap.add_argument("--keep", action="store_true", help="keep the work folders in bench/.data")
    args = ap.parse_args(argv)
    jobs = ALL_JOBS if args.jobs == "all" else args.jobs.split(",")
    per_size = {n: jobs for n in args.sizes}
    for item in args.jobs_at:
        size, _, names = item.partition("=")
        if not size.isdigit() or int(size) not in per_size or not names:
            raise SystemExit(f"--jobs-at {item!r}: expected SIZE=JOBS with SIZE in --sizes")
        per_size[int(size)] = ALL_JOBS if names == "all" else names.split(",")
    unknown = sorted({j for js in per_size.values() for j in js} - set(ALL_JOBS))
    if unknown:
        raise SystemExit(f"unknown job(s) {unknown}; known: {ALL_JOBS}")
    info = machine()
    print("machine: " + ", ".join(f"{k}={v}" for k, v in info.items()), flush=True)
    t0 = time.perf_counter()
    results = {
        "machine": info,
        "tiers": [run_tier(n, per_size[n], args.seed, args.keep) for n in args.sizes],
    }
    tiers = {t["n_articles"]: t for t in results["tiers"]}
    rw = {n: t["jobs"]["rewrites"]["seconds"] for n, t in tiers.items() if "rewrites" in t["jobs"]}
    sizes = sorted(rw)
    results["rewrites_time_ratios"] = []
    for small, large in itertools.pairwise(sizes):  # each tier against the one below
        ratio = rw[large] / rw[small]
        results["rewrites_time_ratios"].append({"sizes": [small, large], "ratio": ratio})
        print(f"\nrewrites: {large:,}/{small:,} articles time ratio = {ratio:.1f}")
    print(f"\nbench total {time.perf_counter() - t0:.0f} s")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()

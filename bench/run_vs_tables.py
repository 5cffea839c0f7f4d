"""The whole job against the tables alone (issue #15, target 3): ``analysis run`` vs ``analysis
tables`` on one corpus, in one invocation.

Runs ``python -m analysis tables --corpus CORPUS --out OUT/tables-only`` and then ``python -m
analysis run --corpus CORPUS --out OUT/run`` (tables, the four notebooks, HTML, index; an empty
cache folder ``OUT/cache``), each in a child process, and prints for each: wall seconds, CPU
seconds of the whole process tree (runner, the child that builds the tables, notebook workers,
kernels; psutil, sampled every 0.5 s as bench/run_time.py does) and the peak of the tree's
summed RSS (sampled at the same times; for ``analysis run`` also the peak of each phase, while
the tables are built and while the notebooks run, and the processes that made up the peak);
then run / tables for wall and CPU time, the peak against ``--budget-gib`` (3 GiB), and
whether every table CSV of both runs is byte-identical. The load average before and after
each run is printed: on a shared machine, the CPU ratio is the steadier figure.

Usage: python bench/run_vs_tables.py CORPUS OUT [--catalog YAML] [-p key=value ...]
e.g.   python bench/corpus.py 10000 --sources nfc   # bench/.data/corpus_nfc_10000_seed0.parquet
       python bench/run_vs_tables.py bench/.data/corpus_nfc_10000_seed0.parquet /tmp/rvt \\
           --catalog src/analysis/data/actors_ukraine_energy_pause.yaml
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]


def measure(cmd: list[str], env: dict) -> dict:
    """Exit status, wall seconds, CPU seconds and peak summed RSS (MiB) of ``cmd``'s tree."""
    cpu: dict[tuple[int, float], float] = {}
    peak = 0.0
    load = os.getloadavg()[0]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    root = psutil.Process(proc.pid)
    lines: list[str] = []
    import threading

    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    reader.start()
    # the peak of each phase: before the "[tables]" line (the tables built in a child), after
    # it (the notebooks); and the processes that made up the whole peak
    phase_peak = {"tables": 0.0, "notebooks": 0.0}
    at_peak: list[tuple[float, str]] = []
    while proc.poll() is None:
        phase = "notebooks" if any(s.startswith("[tables]") for s in lines) else "tables"
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            tree = []
        rss = 0.0
        parts = []
        for p in tree:
            try:
                t = p.cpu_times()
                cpu[(p.pid, p.create_time())] = t.user + t.system
                mib = p.memory_info().rss / 2**20
                rss += mib
                parts.append((mib, _role(p)))
            except psutil.Error:
                pass
        if rss > peak:
            peak, at_peak = rss, sorted(parts, reverse=True)
        phase_peak[phase] = max(phase_peak[phase], rss)
        time.sleep(0.5)
    wall = time.perf_counter() - start
    reader.join()
    return {
        "status": proc.returncode,
        "wall": wall,
        "cpu": sum(cpu.values()),
        "peak_mib": peak,
        "phase_peak": phase_peak,
        "at_peak": at_peak,
        "load": (load, os.getloadavg()[0]),
        "stdout": "".join(lines),
    }


def _role(p: psutil.Process) -> str:
    """A short name for a process of the run's tree: kernel, runner or tables child."""
    try:
        cmd = " ".join(p.cmdline())
    except psutil.Error:
        return "?"
    if "ipykernel" in cmd:
        return "kernel"
    if "-m analysis" in cmd:
        return "runner"
    return "child"


def same_tables(a: Path, b: Path) -> tuple[int, list[str]]:
    """(tables compared, names that differ) between two tables folders."""
    names = sorted(p.name for p in a.glob("*.csv"))
    differ = [n for n in names if not (b / n).is_file() or not filecmp.cmp(a / n, b / n, False)]
    return len(names), differ


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--catalog", default=None, help="actor catalog (default: discovered)")
    ap.add_argument("-p", "--param", action="append", default=[], help="analysis run -p")
    ap.add_argument("--budget-gib", type=float, default=3.0)
    args = ap.parse_args(argv)
    out = args.out.resolve()
    for sub in ("tables-only", "run", "cache"):
        shutil.rmtree(out / sub, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    corpus = str(args.corpus.resolve())
    env = {**os.environ, "ANALYSIS_CACHE": str(out / "cache"), "PYTHONWARNINGS": "ignore"}
    py = [sys.executable, "-m", "analysis"]
    tables_cmd = [*py, "tables", "--corpus", corpus, "--out", str(out / "tables-only")]
    run_cmd = [*py, "run", "--corpus", corpus, "--out", str(out / "run"), "--name", "rvt"]
    if args.catalog:
        tables_cmd += ["--catalog", args.catalog]
        run_cmd += ["-p", f"catalog={args.catalog}"]
    for item in args.param:
        run_cmd += ["-p", item]
    res = {}
    for name, cmd in (("tables", tables_cmd), ("run", run_cmd)):
        r = res[name] = measure(cmd, env)
        print(
            f"analysis {name}: exit {r['status']}, {r['wall']:.1f} s wall, {r['cpu']:.1f} s CPU "
            f"(process tree), peak RSS of the tree {r['peak_mib']:,.0f} MiB; load average "
            f"{r['load'][0]:.1f} before, {r['load'][1]:.1f} after",
            flush=True,
        )
        if name == "run":
            ph, parts = r["phase_peak"], ", ".join(f"{k} {v:,.0f}" for v, k in r["at_peak"])
            print(
                f"    peak while the tables were built {ph['tables']:,.0f} MiB, while the "
                f"notebooks ran {ph['notebooks']:,.0f} MiB; at the peak: {parts}"
            )
        for line in r["stdout"].splitlines():
            if line.startswith(("[tables]", "[", "done in")):
                print("   ", line)
    t, r = res["tables"], res["run"]
    budget = args.budget_gib * 1024
    print(
        f"run / tables: wall x{r['wall'] / t['wall']:.2f}, CPU x{r['cpu'] / t['cpu']:.2f} "
        f"(target: within 3x); peak of run {r['peak_mib']:,.0f} MiB "
        f"({'under' if r['peak_mib'] <= budget else 'over'} {args.budget_gib:g} GiB), "
        f"of tables {t['peak_mib']:,.0f} MiB"
    )
    n, differ = same_tables(out / "tables-only", out / "run" / "tables")
    print(f"tables of both runs: {n} compared, {len(differ)} differ {differ[:5]}")
    return 0 if t["status"] == 0 and r["status"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

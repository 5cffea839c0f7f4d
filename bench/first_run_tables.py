"""CPU seconds of ``analysis run``'s tables step on a first run, this checkout against a baseline.

``analysis run`` builds the tables once, in a child process, before the notebooks start
(:func:`analysis.report.prebuild`: the pipeline, the CSV files, run.json and the tables held for
the kernels), into an empty cache on a first run. This times exactly that call in a fresh
Python process per measurement (imports excluded), with an empty cache folder each time: wall
seconds, CPU seconds of the process (``time.process_time``; the default ``workers=1`` runs the
engine in it) and its peak RSS. With ``--baseline SRC`` (a copy of another commit's ``src``
folder, e.g. ``git archive af73930 src | tar -x -C /tmp/base``) the same call runs with
``PYTHONPATH=SRC`` too, alternately with this checkout, ``--rounds`` times, and the ratio of
the CPU seconds is printed per round (a shared machine's load moves the wall time far more than
the CPU time). No catalog: the actors are discovered, as on a user's first run.

Usage: python bench/first_run_tables.py --corpus /tmp/nfc.jsonl [--baseline /tmp/base/src]
       [--rounds 2] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import json, sys, time
from analysis import report
from analysis.params import Params
out = sys.argv[1]
params = report.validate({"corpus": sys.argv[2], "output_dir": out})
wall, cpu = time.perf_counter(), time.process_time()
built = report.prebuild(params, log=lambda line: None, held=out + "/.held")
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
peak = 0
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        peak = int(line.split()[1]) // 1024
import analysis
print(json.dumps({"built": built, "wall": wall, "cpu": cpu, "peak_mib": peak,
                  "src": analysis.__file__}))
"""


def measure(corpus: str, src: str | None, work: Path, tag: str) -> dict:
    """One prebuild in a fresh process (``src`` on PYTHONPATH when given), empty cache."""
    env = {**os.environ, "ANALYSIS_CACHE": str(work / f"{tag}.cache")}
    env.pop("ANALYSIS_HELD_TABLES", None)
    if src:
        env["PYTHONPATH"] = src
    else:
        env.pop("PYTHONPATH", None)
    load = os.getloadavg()[0]
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(work / tag), corpus],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if proc.returncode != 0:
        raise SystemExit(f"{tag}: exit {proc.returncode}\n{proc.stderr[-2000:]}")
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    res["load"] = load
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--baseline", default=None, help="a src folder to compare against")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--keep", type=Path, default=None, help="keep the outputs here")
    args = ap.parse_args(argv)
    corpus = str(Path(args.corpus).resolve())
    with tempfile.TemporaryDirectory(prefix="first-run-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for r in range(1, args.rounds + 1):
            row = {}
            for label, src in (("baseline", args.baseline), ("this", None)):
                if label == "baseline" and not src:
                    continue
                m = measure(corpus, src, work, f"{label}-{r}")
                row[label] = m
                print(
                    f"round {r} {label:8s}: {m['cpu']:6.2f} CPU s, {m['wall']:6.2f} s wall, "
                    f"peak {m['peak_mib']} MiB, load {m['load']:.1f} ({m['src']})",
                    flush=True,
                )
            if "baseline" in row:
                ratio = row["this"]["cpu"] / row["baseline"]["cpu"]
                print(f"round {r}: this / baseline, CPU s: x{ratio:.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Wall and CPU seconds of a command with every process it starts, and its slowest notebook cells.

``analysis run`` starts worker processes and notebook kernels whose CPU time the usual
``time`` misses (they are not all waited for by the process it times). This runs the command,
samples its whole process tree twice a second (psutil) and adds up each process's last seen
user + system CPU seconds; it prints the wall seconds, the CPU seconds and the load average
before and after. With ``--run-dir`` it then lists the slowest cells of the executed notebooks
in ``RUN_DIR/notebooks`` (papermill's per-cell durations).

Usage: python bench/run_time.py [--run-dir DIR] [--cells N] -- COMMAND ...
e.g.   python bench/run_time.py --run-dir /tmp/r -- python -m analysis run
           --params params/seeds.yaml --corpus /tmp/nfc.jsonl --out /tmp/r
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psutil


def run(cmd: list[str]) -> tuple[int, float, float]:
    """(exit status, wall seconds, CPU seconds of the process tree) of ``cmd``."""
    cpu: dict[tuple[int, float], float] = {}  # (pid, create time) -> last seen CPU seconds
    start = time.perf_counter()
    proc = subprocess.Popen(cmd)
    root = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            tree = []
        for p in tree:
            try:
                t = p.cpu_times()
                cpu[(p.pid, p.create_time())] = t.user + t.system
            except psutil.Error:
                pass
        time.sleep(0.5)
    wall = time.perf_counter() - start
    return proc.returncode, wall, sum(cpu.values())


def slowest_cells(run_dir: Path, n: int) -> list[tuple[float, str, int, str]]:
    """The ``n`` slowest code cells of the notebooks in ``run_dir/notebooks``."""
    cells = []
    for nb in sorted((run_dir / "notebooks").glob("*.ipynb")):
        data = json.loads(nb.read_text("utf-8"))
        for i, cell in enumerate(data["cells"]):
            d = cell.get("metadata", {}).get("papermill", {}).get("duration")
            if cell.get("cell_type") == "code" and d is not None:
                first = "".join(cell.get("source", "")).strip().splitlines()
                cells.append((float(d), nb.stem, i, first[0][:70] if first else ""))
    return sorted(cells, reverse=True)[:n]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--" not in argv:
        print(__doc__, file=sys.stderr)
        return 2
    cut = argv.index("--")
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--run-dir", type=Path, default=None)
    ap.add_argument("--cells", type=int, default=8)
    args = ap.parse_args(argv[:cut])
    before = os.getloadavg()
    status, wall, cpu = run(argv[cut + 1 :])
    after = os.getloadavg()
    print(
        f"exit {status}: {wall:.1f} s wall, {cpu:.1f} s CPU (process tree, sampled every 0.5 s); "
        f"load average before {before[0]:.1f} / {before[1]:.1f}, after {after[0]:.1f} / "
        f"{after[1]:.1f} (1 / 5 min)"
    )
    if args.run_dir is not None:
        print("slowest notebook cells (s, notebook, cell, first line):")
        for d, nb, i, line in slowest_cells(args.run_dir, args.cells):
            print(f"  {d:7.2f}  {nb}  [{i}]  {line}")
    return status


if __name__ == "__main__":
    sys.exit(main())

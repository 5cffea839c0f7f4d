"""Peak memory of each pipeline step of ``analysis tables`` (issue #15 target 3).

Runs ``python -m analysis tables ...`` in this process with the steps of
:func:`analysis.pipeline.build_tables` (engine, rewrites, each corpus stage, the ledger, the
overview tables) and ``write_tables`` wrapped: before each step the process's peak RSS
(VmHWM) is reset through /proc/self/clear_refs (Linux), after it one line goes to stderr:

    [mem] <step> gap-peak <peak since the previous step> start <RSS> peak <VmHWM> end <RSS> MiB

Usage: python bench/stage_memory.py tables --corpus CORPUS --out DIR [--catalog YAML]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import analysis.__main__ as cli
import analysis.pipeline as pl

T0 = time.perf_counter()
STEPS = [
    "analyze_articles", "detect_rewrites", "_agreement", "_tone_tables", "_actor_tables",
    "_frame_tables", "_story_tables", "_distinctive", "_group_tables", "_time_tables",
    "top_frame_evidence", "_overview_tables", "ledger_frame",
]  # fmt: skip


def _reset() -> None:
    Path("/proc/self/clear_refs").write_text("5")


def _rss(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _wrap(mod: object, name: str) -> None:
    f = getattr(mod, name)

    def step(*a, **k):
        gap = _rss("VmHWM")
        _reset()
        start, cpu = _rss("VmRSS"), time.process_time()
        out = f(*a, **k)
        print(
            f"[mem] {name:20s} gap-peak {gap:7.0f}  start {start:7.0f}  peak {_rss('VmHWM'):7.0f}"
            f"  end {_rss('VmRSS'):7.0f} MiB  cpu {time.process_time() - cpu:6.1f} s"
            f"  t={time.perf_counter() - T0:6.0f}",
            file=sys.stderr,
            flush=True,
        )
        _reset()
        return out

    setattr(mod, name, step)


if __name__ == "__main__":
    for n in STEPS:
        _wrap(pl, n)
    for n in ("write_tables", "accounting"):
        _wrap(cli, n)
    sys.exit(cli.main(sys.argv[1:]))

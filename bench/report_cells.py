"""CPU and wall seconds of each report notebook's own cells, without a kernel.

Runs ``report.prepare`` for the parameter file once (the cache as the notebooks use it), then,
for every notebook of ``notebooks/``, each of its ``figures.<view>(run)`` cells in order, as
the cell does, and formats the returned view as the notebook front end does (HTML, markdown,
plain text). Prints per notebook the CPU seconds of this process (``time.process_time``: on a
shared machine far steadier than wall time, which the load inflates) and the wall seconds.
One warm-up view is drawn first (font cache, first figure), as the kernel's import cell does
not draw.

``--held``: the run as ``analysis run`` gives it to its kernels (tables held on disk with their
content's sha256, ``report.held_run``), with an empty figure cache of its own: run 1 draws
every figure and keeps it, later runs (``--repeat 2``) read the kept figures back, as a
re-run of ``make report`` with nothing changed does.

Usage: python bench/report_cells.py [--params params/seeds.yaml] [--repeat 1] [--held] [OUT]
(OUT: the output folder; default a temporary one). Compare two versions of ``src/`` by running
this file with ``PYTHONPATH=<other>/src``, alternately, in the same session.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VIEW = re.compile(r"^figures\.(\w+)\(run\)\s*$", re.M)


def notebook_views(folder: Path = ROOT / "notebooks") -> dict[str, list[str]]:
    """Notebook stem -> the ``figures`` helpers its cells call with ``run``, in order."""
    views = {}
    for path in sorted(folder.glob("*.ipynb")):
        nb = json.loads(path.read_text("utf-8"))
        code = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
        views[path.stem] = [m for src in code for m in VIEW.findall(src)]
    return views


def held_run(values: dict, out: str):
    """The run as ``analysis run`` gives it to its kernels (tables held under ``out/held``),
    with an empty figure cache of its own (``out/cache``, set in ``ANALYSIS_CACHE``): the first
    views draw every figure."""
    from analysis import params, report

    os.environ["ANALYSIS_CACHE"] = str(Path(out) / "cache")
    p = params.validate({**values, "cache": str(Path(out) / "cache")})
    report.hold(report.prepare(p), Path(out) / "held")
    os.environ[report.HELD] = str(Path(out) / "held")
    run = report.held_run(p)
    assert run is not None, "the held run was not found"
    return run


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", nargs="?", default=None)
    ap.add_argument("--params", default=str(ROOT / "params" / "seeds.yaml"))
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--held", action="store_true", help="held tables, figures kept between runs")
    args = ap.parse_args(argv)
    from analysis import figures, params, report

    out = args.out or tempfile.mkdtemp(prefix="bench-cells-")
    values = {**report.load_param_file(args.params), "output_dir": out}
    if args.held:
        run = held_run(values, out)
        if not getattr(run.tables, "fingerprint", ""):
            print("this analysis keeps no figures between runs: every run draws")
    else:
        run = report.prepare(params.validate(values))
    views = notebook_views()
    if args.held:  # warm-up outside any view: nothing kept in the figure cache
        import pandas as pd

        demo = pd.DataFrame({"label": ["a", "b"], "value": [1.0, -2.0]})
        figures.barh(demo, "label", "value", Path(out) / "warm", "warm", "Warm-up", "x", "label")
    else:
        figures.prominence(run)  # warm-up
    print(f"analysis from {Path(figures.__file__).parent}")
    for rep in range(args.repeat):
        parts = []
        for stem, names in views.items():
            c0, w0 = time.process_time(), time.perf_counter()
            for name in names:
                view = getattr(figures, name)(run)
                view._repr_html_(), view._repr_markdown_(), repr(view)
            cpu, wall = time.process_time() - c0, time.perf_counter() - w0
            parts.append(f"{stem} {cpu:.2f} CPU s / {wall:.2f} s")
        print(f"run {rep + 1}: " + "; ".join(parts))
    sys.stdout.flush()


if __name__ == "__main__":
    main()

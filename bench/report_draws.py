"""Where a first run's own cells spend their CPU time, per report notebook and per figure.

Runs the reports' views as ``bench/report_cells.py --held`` does (the tables held, an empty
figure cache of its own: every figure is drawn, as in a first ``make report``) with timers
around the drawing steps, and prints per notebook: the figures drawn, CPU seconds of the views
in all, of the layout engine (matplotlib's, run inside fit's passes), of
the rest of fit (since report6 passes that measure and paint nothing; before, the Agg drawing
whose pixels were the PNG), of PNG encoding (0 since report6: no PNG), of the SVG drawing and
of everything else (selecting rows, findings, CSVs, tables, making the figures);
then the dearest figures. CPU seconds of this process (``time.process_time``).

Usage: python bench/report_draws.py [--params params/seeds.yaml] [--top 12] [OUT]
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))


def _timed(owner, name: str, totals: dict, label: str) -> None:
    inner = getattr(owner, name)

    def timed(*args, **kwargs):
        c0 = time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            totals[label] += time.process_time() - c0

    setattr(owner, name, timed)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", nargs="?", default=None)
    ap.add_argument("--params", default=str(ROOT / "params" / "seeds.yaml"))
    ap.add_argument("--top", type=int, default=12)
    args = ap.parse_args(argv)
    import matplotlib.backend_bases
    import matplotlib.figure
    import matplotlib.layout_engine
    import pandas as pd
    from report_cells import held_run, notebook_views

    from analysis import figures, layout, report

    out = args.out or tempfile.mkdtemp(prefix="bench-draws-")
    values = {**report.load_param_file(args.params), "output_dir": out}
    run = held_run(values, out)  # an empty figure cache: every figure is drawn

    totals: dict[str, float] = collections.defaultdict(float)
    for cls in (matplotlib.layout_engine.ConstrainedLayoutEngine,
                matplotlib.layout_engine.TightLayoutEngine):  # fmt: skip
        _timed(cls, "execute", totals, "layout")
    _timed(layout, "fit", totals, "fit")
    if hasattr(layout, "png_of_last_draw"):  # code before report6 (the PNG from fit's drawing)
        _timed(layout, "png_of_last_draw", totals, "png")
    if hasattr(figures, "_SvgCanvas"):  # since cells11 the SVG is drawn by its own canvas
        _timed(matplotlib.backend_bases.FigureCanvasBase, "print_figure", totals, "svg")
    else:
        _timed(matplotlib.figure.Figure, "savefig", totals, "svg")
    per_figure: list[tuple[float, str, str, int]] = []
    inner_draw = figures._draw
    current = [""]

    def draw(fig):
        c0 = time.process_time()
        try:
            return inner_draw(fig)
        finally:
            per_figure.append((time.process_time() - c0, current[0], fig, len(fig.axes)))

    figures._draw = draw
    demo = pd.DataFrame({"label": ["a", "b"], "value": [1.0, -2.0]})  # warm-up, not counted
    figures.barh(demo, "label", "value", Path(out) / "warm", "warm", "Warm-up", "x", "label")
    totals.clear()
    per_figure.clear()
    print(f"analysis from {Path(figures.__file__).parent}")
    head = "notebook | figures | views | layout | fit rest | PNG | SVG | rest (CPU s)"
    print(head)
    rows = []
    for stem, names in notebook_views().items():
        before, n0 = dict(totals), len(per_figure)
        current[0] = stem
        c0 = time.process_time()
        for name in names:
            view = getattr(figures, name)(run)
            view._repr_html_(), view._repr_markdown_(), repr(view)
        cpu = time.process_time() - c0
        d = {k: totals[k] - before.get(k, 0.0) for k in ("layout", "fit", "png", "svg")}
        drawn = d["fit"] + d["png"] + d["svg"]
        rows.append((stem, len(per_figure) - n0, cpu, d["layout"], d["fit"] - d["layout"],
                     d["png"], d["svg"], cpu - drawn))  # fmt: skip
    for r in rows:
        print(f"{r[0]} | {r[1]} | " + " | ".join(f"{v:.2f}" for v in r[2:]))
    print(f"dearest {args.top} figures (CPU s of fit, PNG and SVG; notebook; axes; title):")
    for cpu, stem, fig, n_axes in sorted(per_figure, key=lambda t: -t[0])[: args.top]:
        title = fig._suptitle.get_text() if fig._suptitle is not None else ""
        print(f"  {cpu:.3f} {stem} {n_axes} {' '.join(title.split())[:70]}")


if __name__ == "__main__":
    main()

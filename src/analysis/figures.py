"""Figures and tables for the notebooks: read the run's tables, draw, show.

Every helper takes a :class:`analysis.report.Run` and returns a :class:`View`: a finding (one or
two sentences worded by analysis.findings from the numbers drawn, never hard-coded), figures and
tables. The measures are pipeline tables (analysis.pipeline.Tables: actor and frame measures,
``tone_by_outlet``, the overview counts of analysis.overview ...); what is left here is
selecting rows and reshaping them for a plot (pivot, top-n of a ranked table). A View displays
itself in JupyterLab and in the HTML report (``_repr_html_``): the finding as text, each figure
as an embedded SVG image with a title and alt text, each table escaped (``DataFrame.to_html`` with
``escape=True``; long text is shortened on screen only). Writing happens when the View is made:

- each figure as ``<out>/figures/<name>.svg`` plus ``<name>.csv``, the data drawn (the same SVG
  bytes are the figure shown: each figure is laid out once and drawn once, as SVG);
- each table shown as ``<out>/shown/<name>.csv`` (full text, all rows); the pipeline's own
  tables are in ``<out>/tables/`` (analysis.report.prepare).

Figures use matplotlib's Agg backend, fixed widths (height grows with the rows drawn), titles,
axis labels with units, and deterministic output (``svg.hashsalt`` fixed, no dates in metadata).
SVG text is written as text (``svg.fonttype: none``): the reader's DejaVu Sans (or the next sans
font) sets it; the layout (every text inside, :func:`analysis.layout.fit`) is measured with
DejaVu Sans in a pass that paints nothing.

Kept between runs: in a run that ``analysis run`` built (its tables held, with their content's
sha256: :class:`analysis.report.HeldTables`) each view's result is kept in the cache under a key
of that content, every parameter but the output folder, this package's source and data files,
the drawing libraries' versions, the rcParams, the ``ANALYSIS_*`` settings, the view and its
arguments: kind ``view`` (the finding, the shown tables, the bytes of every file the view wrote)
and kind ``figure`` (each figure's SVG). A re-run with nothing changed shows the kept
view and writes the same files again instead of drawing (:func:`_view`); a view whose tables do
not come back exactly from Parquet is computed again, its figures read back. Notebooks run by
hand (tables built in the kernel) keep nothing.
"""

from __future__ import annotations

import codecs
import contextlib
import contextvars
import functools
import gc
import hashlib
import html
import inspect
import io
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import cbook
from matplotlib.backends.backend_mixed import MixedModeRenderer
from matplotlib.backends.backend_svg import FigureCanvasSVG, RendererSVG
from matplotlib.patches import Rectangle
from matplotlib.textpath import TextToPath
from matplotlib.ticker import FixedFormatter, FixedLocator

from analysis import cache, findings, layout, overview, timeline
from analysis.aggregate import MEASURES, dense, dense_matrix, evidence
from analysis.findings import num as _num
from analysis.pipeline import write_csv

WIDTH = 8.0  # inches; every figure has this width
DPI = 100
MAX_SHOWN_ROWS = 40
MAX_CELL_CHARS = 240
MAX_DOTS = 300  # sentences drawn as dots per outlet in the tone strip plot (a seeded sample)
MAX_SCATTER = 5000  # sentences drawn in the instrument scatter (a seeded sample)
INSTRUMENT_LABEL = {"textblob": "TextBlob", "vader": "VADER"}

plt.rcParams.update(
    {
        "svg.hashsalt": "analysis-figures",
        # SVG text stays text (<text> in DejaVu Sans, the font the layout measures): editable and
        # searchable, and a third cheaper to write than every glyph as a path
        "svg.fonttype": "none",
        "font.size": 9,
        "axes.titlesize": 11,
        "figure.dpi": DPI,
        "savefig.dpi": DPI,
        # labels come from the corpus ("$$ Street", "$5bn"): always text, never mathtext
        "text.parse_math": False,
    }
)


# --- primitives ----------------------------------------------------------------------------------


@dataclass
class SavedFigure:
    """A figure written to disk: name, title, alt text, SVG bytes (the file and the figure
    shown), the files written."""

    name: str
    title: str
    alt: str
    svg: bytes
    paths: tuple[Path, ...]
    problems: tuple[str, ...] = ()  # what a reader could not read (layout.text_problems)

    def __repr__(self) -> str:
        # the notebook's text/plain output: short (the default would spell out the SVG bytes,
        # doubling every executed notebook and the time papermill takes to save it)
        return f"<figure {self.name!r}: {self.title}>"

    def _repr_html_(self) -> str:
        from analysis.report import svg_data_uri

        return (
            "<figure class='analysis-figure'>"
            f"<img src='{svg_data_uri(self.svg)}' alt='{html.escape(self.alt, quote=True)}' "
            f"title='{html.escape(self.title, quote=True)}'>"
            f"<figcaption>{html.escape(self.title)}</figcaption></figure>"
        )


@dataclass
class View:
    """What a notebook shows for one question: a computed finding, figures, tables."""

    finding: str
    figures: list[SavedFigure] = field(default_factory=list)
    tables: list[tuple[str, pd.DataFrame]] = field(default_factory=list)

    def _repr_html_(self) -> str:
        parts = [f"<p class='analysis-finding'>{html.escape(self.finding)}</p>"]
        parts += [f._repr_html_() for f in self.figures]
        parts += [table_html(df, caption) for caption, df in self.tables]
        return "\n".join(parts)

    def _repr_markdown_(self) -> str:  # plain-text front ends
        return self.finding

    def __repr__(self) -> str:  # text/plain: the finding and what is shown, without the pixels
        shown = [f"figure {f.name}" for f in self.figures] + [f"table {c}" for c, _ in self.tables]
        return "\n".join([self.finding, *shown])


@dataclass(frozen=True)
class Rows:
    """How a figure bounds and marks its rows: at most ``limit`` rows (those with the largest
    n), estimates resting on fewer than ``min_n`` observations marked as too few (0: none);
    ``what``: plural noun of a row ("outlets"); ``by``: what n counts ("sentences");
    ``table``: the shown table (``shown/<table>.csv``) that holds every row."""

    limit: int = 25
    min_n: int = 0
    what: str = "rows"
    by: str = "observations"
    table: str = ""


def rows_of(run, what: str, by: str, table: str, thin: bool = True) -> Rows:
    """The run's :class:`Rows` (``max_rows``, ``min_n`` when ``thin``) for one figure."""
    return Rows(run.params.max_rows, run.params.min_n if thin else 0, what, by, table)


def height(n_rows: int, per_row: float = 0.32, base: float = 1.6) -> float:
    """Figure height in inches for ``n_rows`` rows (at least 2.4)."""
    return float(max(2.4, base + per_row * n_rows))


def save_figure(fig, data: pd.DataFrame, out: Path, name: str, title: str, alt: str) -> SavedFigure:
    """Fit ``fig`` (analysis.layout.fit: every text inside), record what a reader could not read
    (layout.text_problems), write it as SVG and ``data`` as CSV to ``out/figures``; close
    ``fig``. Inside a view of a held run the SVG comes from the cache when this very figure was
    drawn before (:func:`_figure_key`), else it is drawn and kept there."""
    folder = Path(out) / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    key = _figure_key(name, title, alt, data)
    kept = _read_figure(key) if key else None
    if kept is not None:
        svg_bytes, problems = kept
    else:
        svg_bytes, problems = _draw(fig)
        if key:
            _keep_figure(key, svg_bytes, problems)
    paths = [_wrote(cache.write_bytes(folder / f"{name}.svg", svg_bytes))]
    paths.append(_wrote(write_csv(data, folder / f"{name}.csv")))
    plt.close(fig)
    return SavedFigure(name, title, alt, svg_bytes, tuple(paths), problems)


def _draw(fig) -> tuple[bytes, tuple[str, ...]]:
    """(SVG, problems) of ``fig``: laid out by :func:`analysis.layout.fit` (passes that measure
    and paint nothing), then drawn once, as SVG: the file and the figure shown are these bytes."""
    if fig.get_layout_engine() is None:
        fig.tight_layout()
    problems = tuple(layout.fit(fig))
    # the SVG keeps the positions fit's last pass laid out: no layout engine at all, not even
    # "none" (a placeholder engine makes savefig lay the whole figure out once more before
    # the SVG drawing)
    fig.set_layout_engine(None)
    svg = io.BytesIO()
    with layout.ticks_once():
        _SvgCanvas(fig).print_figure(svg, format="svg", metadata={"Date": None})
    return svg.getvalue(), problems


class _SvgTextSizes(TextToPath):
    """The SVG backend's text measurer (matplotlib's :class:`TextToPath`), keeping every size
    it measured for the process: a text's size depends only on the string, the font
    properties and the math flag, but each SVG drawing made its own measurer and measured
    every text (FreeType's shaping) again, the labels shared by a report's figures too."""

    def __init__(self) -> None:
        super().__init__()
        self._sizes: dict[tuple, tuple[float, float, float]] = {}

    def get_text_width_height_descent(self, s, prop, ismath):
        key = (s, prop, ismath)  # FontProperties hash and compare by their values
        size = self._sizes.get(key)
        if size is None:
            size = super().get_text_width_height_descent(s, prop, ismath)
            self._sizes[(s, prop.copy(), ismath)] = size  # a copy: prop may change later
        return size


_SVG_TEXT = _SvgTextSizes()


class _SvgRenderer(RendererSVG):
    """matplotlib's SVG renderer measuring text with the process's :data:`_SVG_TEXT`."""

    # a data descriptor: RendererBase.__init__ assigns its own measurer, which is ignored
    _text2path = property(lambda self: _SVG_TEXT, lambda self, value: None)


class _SvgCanvas(FigureCanvasSVG):
    """matplotlib's SVG canvas drawing with :class:`_SvgRenderer` (its ``print_svg``, the
    renderer class aside); the same bytes as ``savefig(format="svg")``. Like it, it takes and
    ignores savefig's dpi, facecolor, edgecolor and orientation (the figure's own apply)."""

    def print_svg(self, filename, *, bbox_inches_restore=None, metadata=None, **_ignored):
        with cbook.open_file_cm(filename, "w", encoding="utf-8") as fh:
            if not cbook.file_requires_unicode(fh):
                fh = codecs.getwriter("utf-8")(fh)
            dpi = self.figure.dpi
            self.figure.dpi = 72
            width, height = self.figure.get_size_inches()
            w, h = width * 72, height * 72
            renderer = MixedModeRenderer(
                self.figure, width, height, dpi,
                _SvgRenderer(w, h, fh, image_dpi=dpi, metadata=metadata),
                bbox_inches_restore=bbox_inches_restore,
            )  # fmt: skip
            self.figure.draw(renderer)
            renderer.finalize()


# --- figures kept between runs ------------------------------------------------------------------

# (cache folder, key of the run and view, figure names drawn so far in the view): set by a view
# of a held run (:func:`_view`), read by save_figure
_VIEW: contextvars.ContextVar[tuple[Path, str, dict[str, int]] | None] = contextvars.ContextVar(
    "analysis_figures_view", default=None
)


@functools.lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """sha256 of this package's Python source and data files and of the drawing libraries'
    versions: a figure kept by other code is never read back."""
    import matplotlib as mpl

    root = Path(__file__).resolve().parent
    h = hashlib.sha256(f"mpl {mpl.__version__} np {np.__version__} pd {pd.__version__}".encode())
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".csv", ".yaml", ".yml", ".json"):
            h.update(str(path.relative_to(root)).encode("utf-8"))
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def _run_key(run) -> tuple[Path, str] | None:
    """(cache folder, key) of a run whose tables' content is known (held by ``analysis
    run``), None otherwise or with the cache off. The key: the tables' sha256s, every
    parameter but the output folder and the cache, :func:`_code_fingerprint`, the rcParams."""
    content = getattr(run.tables, "fingerprint", None)
    if not content:
        return None
    from analysis.report import notebook_cache_dir

    setting = run.params.cache
    folder = cache.resolve_cache_dir(notebook_cache_dir() if setting is None else setting)
    if folder is None:
        return None
    values = {k: v for k, v in run.params.as_dict().items() if k not in ("output_dir", "cache")}
    rc = sorted((k, repr(v)) for k, v in plt.rcParams.items())
    # settings read from the environment (e.g. ANALYSIS_RAW_CSV: how the CSVs are written)
    env = sorted((k, v) for k, v in os.environ.items() if k.startswith("ANALYSIS_"))
    env = [(k, v) for k, v in env if k not in ("ANALYSIS_CACHE", "ANALYSIS_HELD_TABLES")]
    key = cache.digest(
        "figures", content, json.dumps(values, sort_keys=True, default=str),
        _code_fingerprint(), repr(rc), repr(env),
    )  # fmt: skip
    return folder, key


@contextlib.contextmanager
def _garbage_collected_once() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a view runs, then the objects the view
    made collected once (the young generation: matplotlib's figures, closed, are reference
    cycles only the collector frees). Drawing makes objects fast enough to trigger hundreds
    of collections per report, the older generations' walks among them; collected once at
    the end, the same garbage is freed for about a fifth of that work (a view's garbage, a
    few figures, waits until its end). Nothing changes when the collector is paused already
    (a view inside a view, or by the caller)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect(0)


def _view(helper):
    """A view helper (first argument the run) whose results are kept between runs of the same
    tables: a :class:`View` whole (its finding, tables and the bytes of every file it wrote,
    replayed into the run's folder: :func:`_replay`), and each figure's SVG
    (:func:`save_figure`). Without a held run the helper runs as before."""

    @functools.wraps(helper)
    def view(run, *args, **kwargs):
        with _garbage_collected_once():
            return _kept_view(run, *args, **kwargs)

    def _kept_view(run, *args, **kwargs):
        found = _run_key(run) if hasattr(run, "tables") and hasattr(run, "params") else None
        if found is None:
            token = _VIEW.set(None)
            try:
                return helper(run, *args, **kwargs)
            finally:
                _VIEW.reset(token)
        call = repr((helper.__name__, _plain(args), sorted(_plain(kwargs).items())))
        key = cache.digest(found[1], call)
        outer = _WRITES.get() is None  # a view called by another view is kept inside it
        if outer:
            shown = _replay(found[0], key, Path(run.out))
            if shown is not None:
                return shown
        token = _VIEW.set((found[0], key, {}))
        writes = _WRITES.set([]) if outer else None
        try:
            result = helper(run, *args, **kwargs)
            if outer and isinstance(result, View):
                _keep_view(found[0], key, Path(run.out), result, _WRITES.get())
            return result
        finally:
            _VIEW.reset(token)
            if writes is not None:
                _WRITES.reset(writes)

    return view


# the files the outermost view of a held run wrote so far (paths), for _keep_view
_WRITES: contextvars.ContextVar[list[Path] | None] = contextvars.ContextVar(
    "analysis_figures_writes", default=None
)


def _wrote(path: Path) -> Path:
    """Record ``path`` as written by the current view (see :func:`_keep_view`); return it."""
    writes = _WRITES.get()
    if writes is not None:
        writes.append(Path(path))
    return path


def _keep_view(folder: Path, key: str, out: Path, view: View, writes: list[Path]) -> None:
    """Keep ``view`` (finding, tables, figures) and the bytes of every file it wrote under
    ``out`` in the cache. Nothing is kept when a file lies outside ``out`` or a table cannot
    be stored exactly (Parquet): the view then runs again next time."""
    try:
        rel = [str(p.resolve().relative_to(out.resolve())) for p in dict.fromkeys(writes)]
        paths = {str(p) for p in rel}
        fig_meta = []
        for f in view.figures:
            fr = [str(p.resolve().relative_to(out.resolve())) for p in f.paths]
            if not set(fr) <= paths:
                return
            fig_meta.append([f.name, f.title, f.alt, fr, list(f.problems)])
        if not all(_exact(df) for _c, df in view.tables):
            return
        files_ = pd.DataFrame({"path": rel, "data": [(out / r).read_bytes() for r in rel]})
        frames = {"files": files_}
        frames.update({f"table{i}": df for i, (_c, df) in enumerate(view.tables)})
        info = {"finding": view.finding, "captions": [c for c, _ in view.tables],
                "figures": fig_meta}  # fmt: skip
        cache.store(folder, "view", key, frames, info)
    except (ValueError, OSError, TypeError, KeyError, ArithmeticError, ImportError):
        return  # e.g. a column Parquet refuses: the view runs again next time


def _exact(df: pd.DataFrame) -> bool:
    """Whether ``df`` comes back from the cache (Parquet, recorded dtypes) exactly as it is."""
    import pyarrow as pa

    try:
        back = cache.read_table_bytes(cache.table_bytes(df), cache.dtypes_of(df))
    except (pa.ArrowException, ValueError, TypeError):
        return False
    return (
        list(back.columns) == list(df.columns)
        and list(back.dtypes) == list(df.dtypes)
        and back.index.equals(df.index)
        and back.equals(df)
    )


def _replay(folder: Path, key: str, out: Path) -> View | None:
    """The :class:`View` kept under ``key`` with every file it wrote written again under
    ``out`` (the same bytes); None when nothing usable is kept."""
    kept = cache.load(folder, "view", key)
    if kept is None:
        return None
    found = cache.entry_index(folder, "view", key)
    if found is None:
        return None
    info = found[1].get("info", {})
    try:
        files_ = kept["files"]
        data = dict(zip(files_["path"], files_["data"], strict=True))
        for rel, content in data.items():
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            cache.write_bytes(target, bytes(content))
        figs = [
            SavedFigure(name, title, alt, bytes(data[fr[0]]), tuple(out / r for r in fr),
                        tuple(problems))
            for name, title, alt, fr, problems in info["figures"]
        ]  # fmt: skip
        tables = [(c, kept[f"table{i}"]) for i, c in enumerate(info["captions"])]
        return View(info["finding"], figs, tables)
    except (KeyError, ValueError, TypeError, OSError):
        return None


def _plain(value):
    """``value`` with every function replaced by its qualified name (a function's repr holds
    its address, which differs between processes)."""
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_plain(v) for v in value)
    return value


def _figure_key(name: str, title: str, alt: str, data: pd.DataFrame) -> tuple[Path, str] | None:
    """(cache folder, key) of a figure drawn inside a view of a held run, else None."""
    from analysis.pipeline import table_digest

    view = _VIEW.get()
    if view is None:
        return None
    folder, key, seen = view
    seen[name] = seen.get(name, 0) + 1
    return folder, cache.digest(key, name, str(seen[name]), title, alt, table_digest(data))


def _read_figure(key: tuple[Path, str]) -> tuple[bytes, tuple[str, ...]] | None:
    """(SVG, problems) kept under ``key``; None when absent, or unusable (then removed,
    with a :class:`analysis.cache.CacheWarning`, and the figure is drawn again)."""
    kept = cache.load(key[0], "figure", key[1])  # checks every file's size and sha256
    if kept is None or "figure" not in kept or len(kept["figure"]) != 1:
        return None
    row = kept["figure"].iloc[0]
    return bytes(row["svg"]), tuple(json.loads(row["problems"]))


def _keep_figure(key: tuple[Path, str], svg_bytes: bytes, problems) -> None:
    kept = pd.DataFrame({"svg": [svg_bytes], "problems": [json.dumps(problems)]})
    cache.store(key[0], "figure", key[1], {"figure": kept})


def save_table(df: pd.DataFrame, out: Path, name: str) -> pd.DataFrame:
    """Write a shown table as ``out/shown/<name>.csv``; return it."""
    folder = Path(out) / "shown"
    folder.mkdir(parents=True, exist_ok=True)
    _wrote(write_csv(df, folder / f"{name}.csv"))
    return df


def _shorten(value):
    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        return value[: MAX_CELL_CHARS - 1] + "…"
    return value


def table_html(df: pd.DataFrame, caption: str = "", max_rows: int = MAX_SHOWN_ROWS) -> str:
    """An escaped HTML table (long text shortened, at most ``max_rows`` rows shown)."""
    shown = df.head(max_rows).copy()
    for col in shown.columns:
        if shown[col].dtype == object or pd.api.types.is_string_dtype(shown[col]):
            shown[col] = shown[col].map(_shorten)
    body = shown.to_html(
        index=False,
        escape=True,
        na_rep="",
        border=0,
        classes="analysis-table",
        float_format=lambda x: f"{x:,.3f}",
    )
    more = (
        f"<p><i>{len(df) - max_rows:,} more rows in the CSV file.</i></p>"
        if len(df) > max_rows
        else ""
    )
    cap = f"<p><b>{html.escape(caption)}</b></p>" if caption else ""
    # a table wider than the page scrolls inside its own box instead of running off the page
    return (
        "<div class='analysis-table-wrap' style='overflow-x:auto;max-width:100%'>"
        f"{cap}{body}{more}</div>"
    )


def _alt(kind: str, labels: Sequence[str], values: Sequence[float], fmt=_num, limit=8) -> str:
    pairs = [f"{lab}: {fmt(v)}" for lab, v in zip(labels, values, strict=True)][:limit]
    more = f"; and {len(labels) - limit} more" if len(labels) > limit else ""
    return f"{kind}. " + "; ".join(pairs) + more if pairs else f"{kind}. No data."


def _empty_figure(out: Path, name: str, title: str, message: str) -> SavedFigure:
    fig, ax = layout.new_figure(WIDTH, 2.4)
    ax.axis("off")
    layout.title(fig, ax, title)
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    return save_figure(fig, pd.DataFrame({"note": [message]}), out, name, title, message)


def _select(data: pd.DataFrame, n: str | None, rows: Rows) -> layout.Selection:
    """The rows a chart draws: the ``rows.limit`` with the largest ``n`` (without ``n``: the
    first ones), in ``data``'s order."""
    counts = data[n] if n else np.arange(len(data), 0, -1)
    return layout.top_rows(data, counts, rows.limit)


def _row_labels(data: pd.DataFrame, label: str, n: str | None) -> list[str]:
    """Row labels, shortened, with the n of each row beside them ("BBC (n=34)")."""
    names = [layout.shorten(s) for s in data[label]]
    if not n:
        return names
    return [f"{s} ({layout.n_label(k)})" for s, k in zip(names, data[n], strict=True)]


def _thin(data: pd.DataFrame, n: str | None, rows: Rows) -> np.ndarray:
    if not n or rows.min_n <= 0:
        return np.zeros(len(data), dtype=bool)
    return np.array([layout.too_few(k, rows.min_n) for k in data[n]], dtype=bool)


def _notes(sel: layout.Selection, rows: Rows, thin: np.ndarray, marked: str) -> str:
    """The note under a chart: the rows left out and what a marked row means."""
    parts = [layout.left_out_note(sel, rows.what, rows.by, rows.table)]
    if thin.any():
        parts.append(
            f"{marked}: fewer than {rows.min_n} {rows.by} (min_n), too few to read as a finding."
        )
    return " ".join(p for p in parts if p)


def _note_lines(fig_width: float, text: str) -> float:
    """Inches a note of ``text`` takes under a figure ``fig_width`` inches wide."""
    if not text:
        return 0.0
    lines = layout.wrap(text, fig_width - 0.3, layout.FONT).count("\n") + 1
    return 0.2 * lines + 0.1


def barh(
    data: pd.DataFrame,
    label: str,
    value: str,
    out: Path,
    name: str,
    title: str,
    xlabel: str,
    ylabel: str,
    fmt=_num,
    n: str | None = None,
    rows: Rows = Rows(),
) -> SavedFigure:
    """Horizontal bars of ``data[value]`` by ``data[label]`` (first row on top), each labelled
    with its ``n`` (a column); at most ``rows.limit`` bars (the largest n), bars resting on
    fewer than ``rows.min_n`` hatched grey."""
    if data.empty:
        return _empty_figure(out, name, title, "No data to draw.")
    sel = _select(data, n, rows)
    shown = sel.shown
    labels = _row_labels(shown, label, n)
    thin = _thin(shown, n, rows)
    note = _notes(sel, rows, thin, "Hatched grey bars")
    width, hgt = layout.row_figsize(len(shown), labels, layout.title_lines(title))
    fig, ax = layout.new_figure(width, hgt + _note_lines(width, note))
    y = np.arange(len(shown))[::-1]
    vals = shown[value].astype(float).to_numpy()
    colors = ["#b2182b" if v < 0 else "#2166ac" for v in vals]
    bars = ax.barh(y, vals, color=colors)
    for bar, t in zip(bars, thin, strict=True):
        if t:
            bar.set(facecolor="#dddddd", edgecolor="#888888", hatch="///")
    ax.set_yticks(y, labels)
    ax.set_ylim(-0.6, len(shown) - 0.4)
    layout.title(fig, ax, title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if (vals < 0).any():
        ax.axvline(0, color="#444", lw=0.8)
    layout.note(fig, note)
    alt = _alt(f"Horizontal bar chart: {title}", list(shown[label]), list(vals), fmt)
    alt += f" {note}" if note else ""
    return save_figure(fig, shown, out, name, title, alt)


def point_intervals(
    data: pd.DataFrame,
    label: str,
    out: Path,
    name: str,
    title: str,
    xlabel: str,
    ylabel: str,
    series: Sequence[tuple[str, ...]] = (("value", "ci_low", "ci_high", "value"),),
    zero_line: bool = False,
    n: str | None = None,
    rows: Rows = Rows(),
    extra_note: str = "",
) -> SavedFigure:
    """Dots with 95% interval whiskers per row; ``series``: (value, low, high, legend[, n])
    columns; each row labelled with its ``n`` (with a per-series n column: each series' n,
    "n=12 / 3"); at most ``rows.limit`` rows (the largest ``n``); dots resting on fewer than
    ``rows.min_n`` (their series' n, else ``n``) drawn hollow and grey; ``extra_note``: a
    sentence added to the note under the plot."""
    if data.empty:
        return _empty_figure(out, name, title, "No data to draw.")
    sel = _select(data, n, rows)
    shown = sel.shown
    n_cols = [sr[4] for sr in series if len(sr) > 4]
    if n_cols:
        labels = [
            f"{layout.shorten(lab)} (n={' / '.join(f'{int(k or 0):,}' for k in ks)})"
            for lab, *ks in zip(shown[label], *(shown[c].fillna(0) for c in n_cols), strict=True)
        ]
    else:
        labels = _row_labels(shown, label, n)
    thins = [_thin(shown, sr[4] if len(sr) > 4 else n, rows) for sr in series]
    thin = np.logical_or.reduce(thins)
    note = " ".join(p for p in (_notes(sel, rows, thin, "Hollow dots"), extra_note) if p)
    legend_room = max(layout.max_width([sr[3] for sr in series], 8) + 0.6, 1.0)
    width, hgt = layout.row_figsize(
        len(shown), labels, layout.title_lines(title), side=legend_room * (len(series) > 1)
    )
    fig, ax = layout.new_figure(width, hgt + _note_lines(width, note))
    y = np.arange(len(shown))[::-1].astype(float)
    offsets = np.linspace(-0.15, 0.15, len(series)) if len(series) > 1 else [0.0]
    markers = ["o", "s", "D", "^"]
    for k, (sr, off, mk) in enumerate(zip(series, offsets, markers, strict=False)):
        v, lo, hi, legend = sr[:4]
        thin = thins[k]
        vals = shown[v].astype(float).to_numpy()
        low = shown[lo].astype(float).to_numpy()
        high = shown[hi].astype(float).to_numpy()
        err = np.vstack(
            [np.where(np.isnan(low), 0, vals - low), np.where(np.isnan(high), 0, high - vals)]
        )
        color = f"C{k}"
        ok = ~thin
        ax.errorbar(
            vals[ok], (y + off)[ok], xerr=err[:, ok], fmt=mk, capsize=3, label=legend, color=color
        )
        if thin.any():
            ax.errorbar(
                vals[thin], (y + off)[thin], xerr=err[:, thin], fmt=mk, capsize=3,
                color=color, mfc="none", alpha=0.6,
            )  # fmt: skip
    ax.set_yticks(y, labels)
    ax.set_ylim(-0.6, len(shown) - 0.4)
    if zero_line:
        ax.axvline(0, color="#888", lw=0.8, ls="--")
    if len(series) > 1:
        ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    layout.title(fig, ax, title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    layout.note(fig, note)
    first = series[0][0]
    alt = _alt(
        f"Dot plot with 95% intervals: {title}",
        list(shown[label]),
        list(shown[first].astype(float)),
    )
    alt += f" {note}" if note else ""
    return save_figure(fig, shown, out, name, title, alt)


def heatmap(
    matrix: pd.DataFrame,
    out: Path,
    name: str,
    title: str,
    xlabel: str,
    ylabel: str,
    unit: str,
    fmt=_num,
    diverging: bool = False,
    counts: pd.DataFrame | None = None,
    thin: pd.DataFrame | None = None,
    rows: Rows = Rows(),
) -> SavedFigure:
    """Rows x columns matrix with the value and its n (``counts``, same shape) written in each
    cell (blank: no data). Cells resting on too little data (``thin``, else ``counts`` under
    ``rows.min_n``) are hatched grey instead of coloured. At most ``rows.limit`` rows (the
    largest total n); with more than layout.MAX_COLUMNS columns the grid becomes a ranked dot
    plot of the (row, column) pairs with the largest n (:func:`ranked_pairs`)."""
    if matrix.empty or matrix.isna().all().all():
        return _empty_figure(out, name, title, "No data to draw.")
    matrix = matrix.astype(float)
    if counts is not None:
        counts = counts.reindex(index=matrix.index, columns=matrix.columns)
    if thin is None:
        thin = (
            counts.fillna(0) < rows.min_n
            if counts is not None and rows.min_n > 0
            else pd.DataFrame(False, index=matrix.index, columns=matrix.columns)
        )
    thin = thin.reindex(index=matrix.index, columns=matrix.columns).fillna(False).astype(bool)
    if matrix.shape[1] > layout.MAX_COLUMNS:
        return ranked_pairs(matrix, counts, thin, out, name, title, xlabel, ylabel, unit, fmt, rows)
    weight = counts.fillna(0).sum(axis=1) if counts is not None else matrix.notna().sum(axis=1)
    sel = layout.top_rows(pd.DataFrame({"row": matrix.index}), weight.to_numpy(float), rows.limit)
    keep = list(sel.shown["row"])
    matrix, thin = matrix.loc[keep], thin.loc[keep]
    counts = counts.loc[keep] if counts is not None else None
    values = matrix.to_numpy()
    marked = thin.to_numpy() & ~np.isnan(values)
    note = _notes(sel, rows, marked, "Hatched grey cells")
    if counts is not None:
        note = (note + f" n: {rows.by} behind each cell.").strip()
    colored = np.where(marked, np.nan, values)
    # the colour scale as words, not a colorbar (an Axes with its ticks and layout): each
    # cell writes its value, the colour only ranks the cells
    if diverging:
        lim = float(np.nanmax(np.abs(colored))) if np.isfinite(colored).any() else 1.0
        lim = lim or 1.0
        scale = f"Colour: {unit}, red {fmt(-lim)} to white 0 to blue {fmt(lim)}."
    else:
        top = float(np.nanmax(colored)) if np.isfinite(colored).any() else 1.0
        top = top or 1.0
        scale = f"Colour: {unit}, white 0 to darkest blue {fmt(top)}."
    if np.isfinite(colored).any():  # no colour scale when every cell is marked as too few
        note = f"{scale} {note}".strip()
    row_labels = [layout.shorten(r) for r in matrix.index]
    col_labels = [layout.shorten(c, 30) for c in matrix.columns]
    width, hgt = layout.grid_figsize(
        len(matrix), matrix.shape[1], row_labels, col_labels, layout.title_lines(title)
    )
    # margins from the measured labels (no tight layout pass): row labels, tick pad and the
    # axis label on the left; column labels, the axis label and the note below; the title above
    turned = layout._turn(col_labels)
    col_room = layout.max_width(col_labels) if turned else 0.2
    note_room = _note_lines(width, note)
    title_room = 0.3 + 0.2 * layout.title_lines(title, width)
    margins = (layout.max_width(row_labels) + 0.45, 0.25, title_room,
               col_room + 0.45 + note_room)  # fmt: skip
    fig, ax = layout.margin_figure(width, hgt + note_room, margins)
    if diverging:
        ax.imshow(colored, cmap="RdBu", vmin=-lim, vmax=lim, aspect="auto")
    else:
        ax.imshow(colored, cmap="Blues", vmin=0, vmax=top, aspect="auto")
    _cells(ax, values, colored, marked, counts, fmt)
    _grid_labels(fig, ax, row_labels, col_labels, xlabel, ylabel)
    layout.title(fig, ax, title)
    layout.note(fig, note)
    stacked = matrix.stack().dropna()
    if len(stacked):
        top = stacked.astype(float).idxmax()
        alt = (
            f"Heatmap: {title}. {matrix.shape[0]} rows ({ylabel}) by {matrix.shape[1]} columns "
            f"({xlabel}); highest cell {top[0]} x {top[1]}: {fmt(stacked.max())} {unit}."
        )
    else:
        alt = f"Heatmap: {title}. No data."
    alt += f" {note}" if note else ""
    data = matrix.reset_index()
    if counts is not None:
        data = data.merge(counts.add_prefix("n: ").reset_index(), on=data.columns[0], how="left")
    return save_figure(fig, data, out, name, title, alt)


def _grid_labels(fig, ax, row_labels, col_labels, xlabel: str, ylabel: str) -> None:
    """A heatmap's row and column labels as texts beside and under the grid, where tick
    labels would be (4 pt from the edge; columns turned as :func:`layout.turn_columns` says),
    and its axis labels placed from the margins: a tick per label costs two lines and two
    texts to make, and is measured again by every tick query."""
    from matplotlib.transforms import blended_transform_factory, offset_copy

    ax.set_xticks([])
    ax.set_yticks([])
    rows = offset_copy(blended_transform_factory(ax.transAxes, ax.transData), fig=fig, x=-4,
                       y=0, units="points")  # fmt: skip
    for i, label in enumerate(row_labels):
        ax.text(0, i, label, transform=rows, ha="right", va="center", fontsize=layout.FONT)
    turn = layout.turn_columns(col_labels)
    cols = offset_copy(blended_transform_factory(ax.transData, ax.transAxes), fig=fig, x=0,
                       y=-4, units="points")  # fmt: skip
    for j, label in enumerate(col_labels):
        ax.text(j, 0, label, transform=cols, ha="center", va="top", rotation=turn,
                rotation_mode="default", fontsize=layout.FONT)  # fmt: skip
    # the axis labels just outside the label texts: their room is known (the margins)
    row_room = layout.max_width(row_labels) + 4 / 72
    col_room = (layout.max_width(col_labels) if turn else 0.16) + 4 / 72
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.xaxis.set_label_coords(0.5, 0, transform=offset_copy(
        blended_transform_factory(ax.transAxes, ax.transAxes), fig=fig, x=0,
        y=-(col_room * 72 + 4), units="points"))  # fmt: skip
    ax.yaxis.set_label_coords(0, 0.5, transform=offset_copy(
        blended_transform_factory(ax.transAxes, ax.transAxes), fig=fig,
        x=-(row_room * 72 + 4), y=0, units="points"))  # fmt: skip
    ax.yaxis.label.set_horizontalalignment("right")  # its box wholly left of the row labels


def _cells(ax, values, colored, marked, counts, fmt) -> None:
    """Write each cell's value and n; hatch the cells resting on too little data."""
    big = float(np.nanmax(np.abs(colored))) if np.isfinite(colored).any() else 1.0
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            if np.isnan(values[i, j]):
                continue
            text = fmt(values[i, j])
            if counts is not None:
                text += "\n" + layout.n_label(counts.iat[i, j])
            if marked[i, j]:
                ax.add_patch(
                    Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor="#eeeeee",
                              edgecolor="#cccccc", hatch="///", lw=0)
                )  # fmt: skip
                color = "#444444"
            else:
                color = "white" if abs(values[i, j]) > 0.6 * (big or 1) else "black"
            ax.text(j, i, text, ha="center", va="center", fontsize=8, color=color)


def ranked_pairs(
    matrix: pd.DataFrame,
    counts: pd.DataFrame | None,
    thin: pd.DataFrame,
    out: Path,
    name: str,
    title: str,
    xlabel: str,
    ylabel: str,
    unit: str,
    fmt=_num,
    rows: Rows = Rows(),
) -> SavedFigure:
    """A grid too wide to read as a ranked dot plot: the (row, column) pairs with data, the
    ``rows.limit`` with the largest n, highest value on top, each labelled with its n."""
    # every cell is a pair (row-major, as DataFrame.stack gives them), but only the chosen
    # ones become table rows: 500 x 5,000 cells as a long table with labels cost 350 MiB
    values = matrix.to_numpy(dtype=float).ravel()
    if counts is not None:
        n = counts.reindex(index=matrix.index, columns=matrix.columns).to_numpy().ravel()
        weight = pd.Series(n).fillna(0).to_numpy(float)
    else:
        n, weight = np.full(len(values), np.nan), np.abs(values)
    order = np.arange(len(values))
    if 0 < rows.limit < len(values):  # layout.top_rows: largest weight, then the earlier pair
        key = np.where(np.isnan(weight), -1.0, weight)
        order = np.lexsort((order, -key))[: rows.limit]
    flags = thin.reindex(index=matrix.index, columns=matrix.columns).to_numpy(dtype=bool).ravel()
    n_cols = matrix.shape[1]
    pairs = pd.DataFrame(
        {"row": matrix.index.take(order // n_cols), "column": matrix.columns.take(order % n_cols),
         "value": values[order], "n": n[order], "thin": flags[order]}
    )  # fmt: skip
    shown = pairs.sort_values(
        ["value", "row", "column"], ascending=[False, True, True], kind="stable"
    ).reset_index(drop=True)
    shown["label"] = [
        f"{layout.shorten(r, 30)} · {layout.shorten(c, 30)}"
        for r, c in zip(shown["row"], shown["column"], strict=True)
    ]
    n_col = "n" if counts is not None else None
    note = (
        f"Too many cells for a grid ({matrix.shape[0]:,} {ylabel} rows x {matrix.shape[1]:,} "
        f"{xlabel} columns): "
        f"the {len(shown):,} pairs with the most {rows.by}, highest value on top; every cell is "
        f"in shown/{rows.table}.csv."
    )
    marked = shown["thin"].to_numpy(bool)
    if marked.any():
        note += f" Hollow grey dots: fewer than {rows.min_n} {rows.by} (min_n)."
    labels = _row_labels(shown, "label", n_col)
    width, hgt = layout.row_figsize(len(shown), labels, layout.title_lines(title))
    fig, ax = layout.new_figure(width, hgt + _note_lines(width, note))
    y = np.arange(len(shown))[::-1].astype(float)
    vals = shown["value"].to_numpy(float)
    ax.plot(vals[~marked], y[~marked], "o", color="C0")
    if marked.any():
        ax.plot(vals[marked], y[marked], "o", color="#999999", mfc="none")
    ax.hlines(y, 0, vals, color="#cccccc", lw=0.8, zorder=0)
    ax.set_yticks(y, labels)
    ax.set_ylim(-0.6, len(shown) - 0.4)
    layout.title(fig, ax, title)
    ax.set_xlabel(unit)
    ax.set_ylabel(f"{ylabel} · {xlabel}")
    layout.note(fig, note)
    alt = _alt(f"Ranked dot plot: {title}", list(shown["label"]), list(vals), fmt)
    alt += f" {note}"
    data = shown[["row", "column", "value", "n"]].rename(columns={"row": ylabel, "column": xlabel})
    return save_figure(fig, data, out, name, title, alt)


# --- shared helpers ------------------------------------------------------------------------------


def _outlets(run) -> pd.DataFrame:
    return _columns(run, "articles", ["article_id", "outlet", "event"])


def _label(run) -> str:
    return INSTRUMENT_LABEL.get(run.params.instrument, run.params.instrument)


def _about_label(run) -> str:
    """What tone_about reads: the tone toward each mention, or the sentence's polarity."""
    return "toward each mention" if run.params.tone == "target" else _label(run)


def _scope_note(run) -> str:
    return findings.scope_note(run.tables.counted_once)


def _by_group(run, table: str, measures: Sequence[str], items: Sequence[str] | None = None):
    """The per-group rows of ``table`` (``actor_measures_by_group`` or
    ``frame_measures_by_group``) for ``measures`` (and ``items``), as a shown table; [] without
    an ``outlet_group``."""
    t = getattr(run.tables, table)
    if t.empty or not run.params.outlet_group:
        return []
    item = "actor" if "actor" in t.columns else "frame"
    if item == "actor":
        t = _actor_cells(run, "group", measures, items)
    t = t[t["measure"].isin(measures)]
    if items is not None:
        t = t[t[item].isin(items)]
    t = t.drop(columns=["unit"]).rename(columns={"group": run.params.outlet_group})
    caption = f"The same per {run.params.outlet_group} (outlet group), with 95% intervals"
    return [(caption, save_table(t.reset_index(drop=True), run.out, table))]


# --- 01 corpus overview -------------------------------------------------------------------------


def articles_per_outlet(run) -> View:
    """Articles per outlet and event: a count table, a bar chart, the finding."""
    counts = run.tables.articles_per_outlet  # analysis.overview
    if counts.empty:
        return View("No article was analysed: see the accounting table below.")
    table = counts.pivot(index="outlet", columns="event", values="articles").fillna(0)
    totals = counts.drop_duplicates("outlet").set_index("outlet")["total"]
    table = table.astype("int64").reindex(totals.index).assign(total=totals)
    table.columns.name = None
    shown = save_table(table.reset_index(), run.out, "articles_per_outlet")
    n_events = len(set(counts["event"]) - {overview.NO_EVENT})
    finding = findings.articles_per_outlet(table["total"], int(totals.sum()), n_events)
    fig = barh(
        table.reset_index()[["outlet", "total"]],
        "outlet",
        "total",
        run.out,
        "articles_per_outlet",
        "Articles per outlet",
        "articles (count)",
        "outlet",
        fmt=lambda v: f"{v:.0f}",
        n="total",
        rows=rows_of(run, "outlets", "articles", "articles_per_outlet", thin=False),
    )
    g_finding, g_figs, g_tables = articles_by_group(run)
    return View(
        " ".join(p for p in (finding, g_finding) if p),
        [fig, *g_figs],
        [("Articles per outlet and event", shown), *g_tables],
    )


def cleaning_summary(run) -> View:
    """What cleaning removed, by ledger category: spans, characters, articles."""
    led = run.tables.ledger
    rem = led[(led["stage"] == "clean") & led["action"].isin(["removed", "replaced"])]
    by = run.tables.cleaning_by_category  # analysis.overview
    if by.empty:
        return View(
            "Cleaning removed nothing: no boilerplate, foreign-language or whitespace spans."
        )
    shown = save_table(by, run.out, "cleaning_by_category")
    finding = findings.cleaning_summary(by, run.tables.cleaning_totals)
    fig = barh(
        by[["category", "chars", "spans"]],
        "category",
        "chars",
        run.out,
        "cleaning_removed",
        "Characters removed or replaced by cleaning, by category",
        "characters",
        "ledger category",
        fmt=lambda v: f"{v:,.0f}",
        n="spans",
        rows=rows_of(run, "categories", "spans", "cleaning_by_category", thin=False),
    )
    spans = rem[~rem["category"].isin(["whitespace", "normalize"])][
        ["article_id", "category", "rule", "reason", "n_chars", "removed"]
    ].reset_index(drop=True)
    spans = save_table(spans, run.out, "cleaning_removed_spans")
    return View(
        finding,
        [fig],
        [("Ledger summary by category", shown), ("Removed spans (text as it was)", spans)],
    )


def languages(run) -> View:
    """Language of each analysed article and the lines set aside for their language."""
    led = run.tables.ledger
    counts = save_table(run.tables.articles_per_language, run.out, "languages")
    lang_rows = led[led["category"] == "language"]
    kept = ", ".join(run.params.languages)
    if counts.empty:
        return View("No article was analysed.", [], [("Articles per language", counts)])
    finding = findings.languages(counts, int(counts["articles"].sum()), lang_rows, kept)
    tables = [("Articles per language", counts)]
    if len(lang_rows):
        lines = save_table(
            lang_rows[["article_id", "reason", "n_chars", "removed"]].reset_index(drop=True),
            run.out,
            "language_removed",
        )
        tables.append(("Passages set aside for their language", lines))
    return View(finding, [], tables)


def _rewrite_evidence(
    flagged: pd.DataFrame, alignments: pd.DataFrame, sentences: pd.DataFrame
) -> pd.DataFrame:
    """The aligned sentence pairs of each ``flagged`` pair (article_id, source_id), in the
    flagged pairs' order and then the alignments' order, with both sentences' text ("" when a
    sentence is not in ``sentences``). One merge, not a scan of every alignment per pair (3,611
    flagged pairs x 136,000 alignments took minutes on bench/wide.py's corpus)."""
    keys = ["article_id", "source_id"]
    pos = flagged[keys].assign(_pair=np.arange(len(flagged)))
    al = alignments.assign(_row=np.arange(len(alignments))).merge(pos, on=keys, how="inner")
    al = al.sort_values(["_pair", "_row"], kind="stable")
    text = sentences[["article_id", "sentence_index", "text"]].drop_duplicates(
        ["article_id", "sentence_index"]
    )
    src = text.rename(columns={"article_id": "source_id", "sentence_index": "source_sentence_index",
                               "text": "source_sentence"})  # fmt: skip
    out = al.merge(text.rename(columns={"text": "sentence"}), how="left",
                   on=["article_id", "sentence_index"])  # fmt: skip
    out = out.merge(src, how="left", on=["source_id", "source_sentence_index"])
    columns = ["article_id", "sentence_index", "sentence", "source_id", "source_sentence_index",
               "source_sentence", "similarity"]  # fmt: skip
    out[["sentence", "source_sentence"]] = out[["sentence", "source_sentence"]].fillna("")
    return out[columns].reset_index(drop=True)


def rewrites(run) -> View:
    """Flagged rewrites with the aligned sentences that are the evidence."""
    pairs = run.tables.rewrites
    arts = _columns(run, "articles", ["article_id", "outlet"]).set_index("article_id")
    flagged = pairs[pairs["is_rewrite"]].reset_index(drop=True)
    examined = save_table(pairs, run.out, "rewrite_pairs")
    if flagged.empty:
        return View(
            "No article is flagged as a rewrite of another "
            f"({len(pairs)} candidate pairs examined).",
            [],
            [("Candidate pairs examined", examined)],
        )
    aligned = _rewrite_evidence(flagged, run.tables.rewrite_alignments, run.tables.sentences)
    aligned = save_table(aligned, run.out, "rewrite_evidence")
    finding = findings.rewrites(flagged, arts["outlet"], run.params.rewrites)
    return View(
        finding,
        [],
        [
            ("Flagged rewrites", save_table(flagged, run.out, "rewrites_flagged")),
            ("Aligned sentences (the evidence)", aligned),
            ("Every candidate pair examined", examined),
        ],
    )


def accounting(run) -> View:
    """Every input item, analysed or excluded with the reason: the excluded items first, then
    the outlets with no analysed article and the rewrites whole-corpus measures count once."""
    acc = run.accounting
    acc = pd.concat([acc[acc["status"] == "excluded"], acc[acc["status"] != "excluded"]])
    acc = save_table(acc.reset_index(drop=True), run.out, "accounting_shown")
    excluded = acc[acc["status"] == "excluded"].reset_index(drop=True)
    outlets = run.tables.outlets
    finding = findings.accounting(acc, outlets) + _scope_note(run)
    tables = []
    if len(excluded):
        tables.append(("Excluded inputs (all of them)", excluded))
    once = run.tables.counted_once
    if len(once):
        tables.append(
            (
                "Rewrites counted once in whole-corpus measures (kept in per-outlet measures)",
                save_table(once, run.out, "counted_once"),
            )
        )
    tables.append(("Outlets of the input", save_table(outlets, run.out, "outlets")))
    tables.append(("Accounting: one row per input item, excluded first", acc))
    return View(finding, [], tables)


# --- 02 tone ------------------------------------------------------------------------------------


def _sentence_scores(run, instrument: str) -> pd.DataFrame:
    """Every selected sentence's scores with its outlet (per-outlet views keep rewrites)."""
    s, arts = run.tables.sentence_sentiment, _columns(run, "articles", ["article_id", "outlet"])
    s = s[s["instrument"] == instrument]
    return s.merge(arts[["article_id", "outlet"]], on="article_id", how="left")


def _mean_by_outlet(run, instrument: str, score: str) -> pd.DataFrame:
    """The pipeline's mean sentence ``score`` per outlet with its interval
    (``tone_by_outlet``, analysis.sentence_tone)."""
    t = run.tables.tone_by_outlet
    t = t[(t["instrument"] == instrument) & (t["score"] == score)]
    return t[["outlet", "value", "ci_low", "ci_high", "n", "n_articles"]].reset_index(drop=True)


def tone_by_outlet(run) -> View:
    """Sentence polarity per outlet: every sentence, the mean and its 95% interval."""
    inst = run.params.instrument
    scores = _sentence_scores(run, inst)
    means = _mean_by_outlet(run, inst, "polarity").sort_values(
        "value", ascending=False, kind="stable"
    )
    means = means.reset_index(drop=True)
    if means.empty:
        return View("No sentence has a polarity score, so there is no tone to compare.")
    lab = _label(run)
    title = f"Sentence polarity by outlet ({lab}): sentences, mean and 95% interval"
    rows = rows_of(run, "outlets", "sentences", "tone_by_outlet")
    sel = _select(means, "n", rows)
    drawn = sel.shown
    thin = _thin(drawn, "n", rows)
    note = _notes(sel, rows, thin, "Hollow grey means")
    note = (
        "Grey dots: single sentences; black dots and whiskers: the mean and its 95% interval. "
        + note
    ).strip()
    labels = _row_labels(drawn, "outlet", "n")
    width, hgt = layout.row_figsize(len(drawn), labels, layout.title_lines(title))
    fig, ax = layout.new_figure(width, hgt + 0.12 * len(drawn) + _note_lines(width, note))
    rng = np.random.default_rng(run.params.seed)
    order = list(drawn["outlet"])
    ypos = {o: len(order) - 1 - i for i, o in enumerate(order)}
    pts = scores.dropna(subset=["polarity"]).sort_values(["outlet", "article_id", "sentence_index"])
    jitter = rng.uniform(-0.18, 0.18, len(pts))  # drawn for every sentence: same as before
    keep = pts["outlet"].isin(ypos).to_numpy()
    pts, jitter = pts[keep], jitter[keep]
    # at most MAX_DOTS sentences per outlet as dots (a seeded sample; the mean counts all)
    many = pts.groupby("outlet")["polarity"].transform("size").to_numpy() > MAX_DOTS
    if many.any():
        rank = rng.permutation(len(pts))
        order_in = pd.Series(rank).groupby(pts["outlet"].to_numpy()).rank().to_numpy()
        sample = ~many | (order_in <= MAX_DOTS)
        pts, jitter = pts[sample], jitter[sample]
        note = (note + f" Grey dots: a seeded sample of {MAX_DOTS} sentences per outlet.").strip()
    ax.scatter(
        pts["polarity"],
        pts["outlet"].map(ypos) + jitter,
        s=9,
        color="#999",
        alpha=0.6,
        label="one sentence",
    )
    y = drawn["outlet"].map(ypos).to_numpy()
    v = drawn["value"].to_numpy(float)
    lo, hi = drawn["ci_low"].to_numpy(float), drawn["ci_high"].to_numpy(float)
    err = np.vstack([np.where(np.isnan(lo), 0, v - lo), np.where(np.isnan(hi), 0, hi - v)])
    ok = ~thin
    ax.errorbar(
        v[ok], y[ok], xerr=err[:, ok], fmt="o", color="black", capsize=4,
        label="mean, 95% interval",
    )  # fmt: skip
    if thin.any():
        ax.errorbar(
            v[thin], y[thin], xerr=err[:, thin], fmt="o", color="#777", mfc="none", capsize=4,
            label=f"mean of fewer than {rows.min_n} sentences",
        )  # fmt: skip
    ax.set_yticks(range(len(order)), labels[::-1])
    ax.set_ylim(-0.6, len(order) - 0.4)
    ax.axvline(0, color="#888", lw=0.8, ls="--")
    ax.set_xlim(-1.05, 1.05)
    layout.title(fig, ax, title)
    ax.set_xlabel(f"sentence polarity ({lab}, -1 negative to +1 positive)")
    ax.set_ylabel("outlet")
    layout.note(fig, note)
    alt = _alt(
        f"Strip plot of sentence polarity per outlet with means: {title}",
        order,
        list(v),
        lambda x: _num(x, 3, True),
    ) + (f" {note}" if note else "")
    data = pts[["article_id", "sentence_index", "outlet", "polarity"]].reset_index(drop=True)
    fig_saved = save_figure(fig, data, run.out, "tone_by_outlet", title, alt)
    shown = save_table(means, run.out, "tone_by_outlet")

    finding = findings.tone_by_outlet(means, lab, run.params.min_n)
    by_group, group_figs = tone_by_group_view(run)
    return View(
        " ".join(p for p in (finding, by_group) if p),
        [fig_saved, *group_figs],
        [("Mean sentence polarity by outlet", shown), *_tone_by_group(run)],
    )


def _tone_by_group(run) -> list:
    """The per-group mean polarity of the run's instrument ([] without an outlet_group)."""
    t = run.tables.tone_by_group
    if t.empty or not run.params.outlet_group:
        return []
    t = t[(t["instrument"] == run.params.instrument) & (t["score"] == "polarity")]
    t = t.drop(columns=["unit"]).rename(columns={"group": run.params.outlet_group})
    caption = f"Mean sentence polarity per {run.params.outlet_group} (outlet group), 95% interval"
    return [(caption, save_table(t.reset_index(drop=True), run.out, "tone_by_group"))]


def instrument_agreement(run) -> View:
    """TextBlob vs VADER per sentence: scatter, agreement table, the finding."""
    agree = save_table(run.tables.instrument_agreement, run.out, "instrument_agreement")
    s = run.tables.sentence_sentiment
    wide = s.pivot_table(
        index=["article_id", "sentence_index"], columns="instrument", values="polarity"
    )
    if not {"textblob", "vader"} <= set(wide.columns) or wide.empty:
        return View(
            "Only one instrument scored the sentences; no agreement to show.",
            [],
            [("Agreement", agree)],
        )
    wide = wide.dropna(subset=["textblob", "vader"]).reset_index()
    title = "TextBlob vs VADER polarity, one dot per sentence"
    n_all = len(wide)
    if n_all > MAX_SCATTER:  # a seeded sample as dots; the agreement counts every sentence
        pick = np.sort(np.random.default_rng(run.params.seed).choice(n_all, MAX_SCATTER, False))
        wide = wide.iloc[pick].reset_index(drop=True)
        title = (
            f"TextBlob vs VADER polarity, a seeded sample of {MAX_SCATTER:,} of {n_all:,} sentences"
        )
    fig, ax = layout.new_figure(WIDTH * 0.75, WIDTH * 0.65)
    ax.scatter(wide["textblob"], wide["vader"], s=12, alpha=0.6)
    ax.axhline(0, color="#888", lw=0.8)
    ax.axvline(0, color="#888", lw=0.8)
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(-1.05, 1.05)
    layout.title(fig, ax, title)
    ax.set_xlabel("TextBlob polarity (-1 to +1)")
    ax.set_ylabel("VADER compound score (-1 to +1)")
    finding = findings.instrument_agreement(agree)
    alt = f"Scatter plot: {title}. {len(wide)} sentences drawn. {finding}"
    fig_saved = save_figure(fig, wide, run.out, "instrument_agreement", title, alt)
    return View(
        finding,
        [fig_saved],
        [("Agreement between instruments and the domain-adjusted score", agree)],
    )


def _drivers(run, instrument: str, column: str = "drivers") -> pd.DataFrame:
    """The pipeline's words behind the scores per outlet (``tone_drivers``,
    analysis.sentence_tone): outlet, word, sentences, total, mean."""
    t = run.tables.tone_drivers
    t = t[(t["instrument"] == instrument) & (t["drivers"] == column)]
    return t[["outlet", "word", "sentences", "total", "mean"]].reset_index(drop=True)


def _drivers_overall(run, instrument: str, column: str = "drivers") -> pd.DataFrame:
    """The words behind the scores over every outlet (``tone_drivers_overall``): word,
    sentences, total."""
    t = run.tables.tone_drivers_overall
    t = t[(t["instrument"] == instrument) & (t["drivers"] == column)]
    return t[["word", "sentences", "total"]].reset_index(drop=True)


def tone_drivers(run, top: int = 12) -> View:
    """The words that drive the scores, overall and per outlet."""
    inst = run.params.instrument
    lab = _label(run)
    per = _drivers(run, inst)
    if per.empty:
        return View(f"No word moved the {lab} scores.")
    overall = _drivers_overall(run, inst)
    overall["abs"] = overall["total"].abs()
    overall = overall.sort_values(["abs", "word"], ascending=[False, True], kind="stable").head(top)
    overall = overall.drop(columns="abs").reset_index(drop=True)
    scale = "word polarity" if inst == "textblob" else "word valence (-4 to +4)"
    fig = barh(
        overall,
        "word",
        "total",
        run.out,
        "tone_drivers",
        f"Words that move the {lab} scores most (summed over sentences)",
        f"summed {scale}",
        "word",
        fmt=lambda v: _num(v, 2, True),
        n="sentences",
        rows=rows_of(run, "words", "sentences", "tone_drivers_by_outlet", thin=False),
    )
    per_outlet = per.assign(abs=per["total"].abs()).sort_values(
        ["outlet", "abs", "word"], ascending=[True, False, True], kind="stable"
    )
    per_outlet = (
        per_outlet.groupby("outlet", sort=True).head(5).drop(columns="abs").reset_index(drop=True)
    )
    per_outlet = save_table(per_outlet, run.out, "tone_drivers_by_outlet")
    words = [
        f"'{r.word}' ({_num(r.total, 2, True)} in {int(r.sentences)} "
        f"sentence{'s' if r.sentences > 1 else ''})"
        for r in overall.head(3).itertuples()
    ]
    finding = findings.tone_drivers(words, lab)
    return View(
        finding,
        [fig],
        [("Top drivers per outlet (5 each)", per_outlet), *drivers_by_group_table(run)],
    )


def domain_effect(run) -> View:
    """The domain lexicon's effect: unaltered vs domain-adjusted TextBlob mean per outlet."""
    both = run.tables.domain_effect  # analysis.sentence_tone
    if both.empty:
        return View(
            "The domain lexicon is off (domain_lexicon: false), so there is no adjusted score."
        )
    shown = save_table(both, run.out, "domain_effect")
    fig = point_intervals(
        both,
        "outlet",
        run.out,
        "domain_effect",
        "Mean sentence polarity per outlet: TextBlob unaltered vs with the domain lexicon",
        "mean sentence polarity (TextBlob, -1 to +1)",
        "outlet",
        series=(
            ("polarity", "ci_low", "ci_high", "unaltered"),
            ("polarity_domain", "ci_low_domain", "ci_high_domain", "with domain lexicon"),
        ),
        zero_line=True,
        n="n",
        rows=rows_of(run, "outlets", "sentences", "domain_effect"),
    )
    finding = findings.domain_effect(both)
    dom_words = _drivers_overall(run, "textblob", "drivers_domain")
    raw_words = set(_drivers_overall(run, "textblob")["word"])
    added = dom_words[~dom_words["word"].isin(raw_words)]
    added = added.sort_values(["sentences", "word"], ascending=[False, True], kind="stable")
    added = added.reset_index(drop=True)
    added = save_table(added, run.out, "domain_terms_used")
    g_finding, g_figs, g_tables = domain_effect_by_group(run)
    return View(
        " ".join(p for p in (finding, g_finding) if p),
        [fig, *g_figs],
        [
            ("Unaltered vs domain-adjusted mean polarity", shown),
            *g_tables,
            ("Domain-lexicon terms that scored sentences", added),
        ],
    )


# --- 03 actors ----------------------------------------------------------------------------------


def focus_actors(run, n: int = 8) -> list[str]:
    """``params.actors``, else the ``n`` most mentioned actors (mentions per 1,000 words)."""
    if run.params.actors:
        return list(run.params.actors)
    m = run.tables.actor_measures
    m = m[(m["measure"] == "mentions_per_1000_words") & (m["n"] > 0)]
    m = m.sort_values(["value", "actor"], ascending=[False, True], kind="stable")
    return list(m["actor"].head(n))


def _actor_cells(
    run, by: str, measures: Sequence[str], actors: Sequence[str] | None = None
) -> pd.DataFrame:
    """``actor_measures_by_<by>`` (outlet or group) for ``measures`` and ``actors`` (default:
    every actor with evidence), every group x actor: the cell of an actor a group does not name
    is the group's row of ``actor_absent_by_<by>`` (analysis.aggregate.dense)."""
    key = (by, tuple(measures), None if actors is None else tuple(actors))
    kept = _DENSE.get(id(run.tables))
    if kept is not None and kept[0] is run.tables and key in kept[1]:
        return kept[1][key]  # the same cells asked again (value, n and the shown table)
    known = set(run.tables.actor_measures_by_outlet["actor"])  # every actor with evidence
    actors = sorted(known) if actors is None else [a for a in actors if a in known]
    cells = getattr(run.tables, f"actor_measures_by_{by}")
    absent = getattr(run.tables, f"actor_absent_by_{by}")
    out = dense(cells, absent, (by,), actors, measures)
    if key[2] is not None:  # a few focus actors: small; every actor can be millions of rows
        if kept is None or kept[0] is not run.tables:
            _DENSE.clear()  # one run's tables at a time
            kept = _DENSE[id(run.tables)] = (run.tables, {})
        kept[1][key] = out
    return out


# id(tables) -> (the tables, {(by, measures, actors): _actor_cells' result}): a view asks for
# the same outlet x actor cells up to three times (values, n, the shown table); callers only
# read them
_DENSE: dict[int, tuple[object, dict]] = {}


def _by_outlet(run, measure: str, actors: Sequence[str], column: str = "value") -> pd.DataFrame:
    """Outlet x actor matrix of ``column`` (value, or n) of ``measure``."""
    t = _actor_cells(run, "outlet", [measure], actors)
    t = t[(t["measure"] == measure) & t["actor"].isin(actors)]
    return t.pivot(index="outlet", columns="actor", values=column).reindex(columns=list(actors))


def _overall(run, measure: str, actors: Sequence[str]) -> pd.DataFrame:
    t = run.tables.actor_measures
    t = t[(t["measure"] == measure) & t["actor"].isin(actors)].set_index("actor")
    return t.reindex(list(actors)).reset_index()


def _save_by_outlet(run, measure: str, actors: Sequence[str], name: str) -> pd.DataFrame:
    """Every outlet x focus actor row of ``measure`` (the full table behind a per-outlet
    heatmap) as ``shown/<name>.csv``."""
    t = _actor_cells(run, "outlet", [measure], actors).drop(columns=["unit"])
    return save_table(t.reset_index(drop=True), run.out, name)


def attention(run) -> View:
    """Mentions per 1,000 words, outlet x actor, and share of articles mentioning each actor."""
    actors = focus_actors(run)
    if not actors:
        return View("No catalog actor is mentioned in the analysed articles.")
    mat = _by_outlet(run, "mentions_per_1000_words", actors)
    unit = MEASURES["mentions_per_1000_words"][1]
    fig = heatmap(
        mat,
        run.out,
        "attention_heatmap",
        "Attention: mentions per 1,000 words, outlet x actor",
        "actor",
        "outlet",
        unit,
        fmt=lambda v: f"{v:.1f}",
        counts=_by_outlet(run, "mentions_per_1000_words", actors, "n"),
        rows=rows_of(run, "outlets", "mentions", "attention_by_outlet", thin=False),
    )
    overall = _overall(run, "mentions_per_1000_words", actors)
    shares = _overall(run, "share_articles_mentioning", actors)
    finding = findings.attention(overall, mat, shares)
    table = overall.merge(
        shares[["actor", "value"]].rename(columns={"value": "share_articles_mentioning"}),
        on="actor",
    )
    table = save_table(table, run.out, "attention")
    _save_by_outlet(run, "mentions_per_1000_words", actors, "attention_by_outlet")
    groups = _by_group(run, "actor_measures_by_group", ["mentions_per_1000_words"], actors)
    g_finding, g_figs, _ = actors_by_group(
        run, "mentions_per_1000_words", actors, "attention_by_group",
        f"Attention: mentions per 1,000 words, {run.params.outlet_group} x actor", unit,
        lambda v: f"{v:.1f}", "mentions", thin=False,
    )  # fmt: skip
    return View(
        " ".join(p for p in (finding + _scope_note(run), g_finding) if p),
        [fig, *g_figs],
        [("Attention per actor (all outlets)", table), *groups],
    )


def prominence(run) -> View:
    """Share of the articles mentioning an actor that name it in headline, standfirst or lead."""
    actors = focus_actors(run)
    data = _overall(run, "prominence", actors).dropna(subset=["value"])
    if data.empty:
        return View("No focus actor is mentioned, so prominence cannot be computed.")
    counts = run.tables.corpus_counts  # paragraph breaks: can prominence say anything?
    caveat = findings.prominence_structure(
        overview.paragraph_share(counts),
        *(int(counts[c].iloc[0]) for c in ("multi_paragraph_articles", "articles") if c in counts),
    )
    fig = point_intervals(
        data,
        "actor",
        run.out,
        "prominence",
        "Prominence: share of mentioning articles naming the actor in headline, standfirst or lead",
        "share of mentioning articles (0 to 1)",
        "actor",
        n="n",
        rows=rows_of(run, "actors", "mentioning articles", "prominence"),
        extra_note=caveat,
    )
    finding = " ".join(p for p in (findings.prominence(data), caveat) if p)
    return View(finding, [fig], [("Prominence per actor", save_table(data, run.out, "prominence"))])


def share_of_voice(run) -> View:
    """Share of quoted words per outlet x actor, and who each outlet quotes most."""
    actors = focus_actors(run)
    cells, absent = run.tables.actor_measures_by_outlet, run.tables.actor_absent_by_outlet
    known = sorted(set(cells["actor"]))  # every actor with evidence
    # outlet x actor matrices straight from the sparse cells: every actor a corpus quotes can
    # be a column (5,140 on bench/wide.py's corpus), too many for a long dense table
    mat = dense_matrix(cells, absent, "outlet", known, "share_of_voice")
    mat = mat.loc[:, (mat.fillna(0) > 0).any(axis=0)] if not mat.empty else mat
    ordered = [a for a in actors if a in mat.columns] + sorted(
        c for c in mat.columns if c not in actors
    )
    mat = mat.reindex(columns=ordered)
    if mat.empty or mat.shape[1] == 0:
        return View("No quotation is attributed to a catalog actor, so there is no share of voice.")
    counts = dense_matrix(cells, absent, "outlet", list(mat.columns), "share_of_voice", "n")
    counts = counts.reindex_like(mat)
    quotes = counts.fillna(0).sum(axis=1)  # the outlet's attributed quotes
    thin = thin_rows(mat, counts, run.params.min_n)
    fig = heatmap(
        mat * 100,
        run.out,
        "share_of_voice",
        "Share of voice: % of each outlet's quoted words, by speaker",
        "speaker (catalog actor)",
        "outlet",
        "% of quoted words",
        fmt=lambda v: f"{v:.0f}",
        counts=counts,
        thin=thin,
        rows=rows_of(run, "outlets", "quotes", "share_of_voice"),
    )
    finding = findings.share_of_voice(mat, quotes, run.params.min_n)
    t = cells[cells["measure"] == "share_of_voice"]  # an absent cell has n 0 (stats.summarize)
    long = t[t["n"] > 0][["outlet", "actor", "value", "n", "n_articles"]].rename(
        columns={"actor": "speaker", "value": "share_of_quoted_words", "n": "quotes"}
    )
    long = long.sort_values(
        ["outlet", "share_of_quoted_words", "speaker"], ascending=[True, False, True],
        kind="stable",
    ).reset_index(drop=True)  # fmt: skip
    g_finding, g_figs, g_tables = actors_by_group(
        run, "share_of_voice", list(mat.columns), "share_of_voice_by_group",
        f"Share of voice: % of each {run.params.outlet_group}'s quoted words, by speaker",
        "% of quoted words", lambda v: f"{v:.0f}", "quotes", whole_rows=True,
    )  # fmt: skip
    return View(
        " ".join(p for p in (finding, g_finding) if p),
        [fig, *g_figs],
        [
            (
                "Share of voice (share of each outlet's quoted words, every speaker it quotes)",
                save_table(long, run.out, "share_of_voice"),
            ),
            *g_tables,
        ],
    )


def tone_about_vs_voice(run) -> View:
    """Tone of the sentences about each actor vs the tone of the actor's own quoted words."""
    actors = focus_actors(run)
    about = _overall(run, "tone_about", actors)
    voice = _overall(run, "tone_of_voice", actors)
    both = about[["actor", "value", "ci_low", "ci_high", "n"]].merge(
        voice[["actor", "value", "ci_low", "ci_high", "n"]],
        on="actor",
        suffixes=("_about", "_voice"),
    )
    both = both.dropna(subset=["value_about", "value_voice"], how="all").reset_index(drop=True)
    both["n_both"] = both["n_about"].fillna(0) + both["n_voice"].fillna(0)
    if both.empty:
        return View("No sentence about a focus actor and no quote by one has a tone score.")
    lab = _label(run)
    about_lab = _about_label(run)
    fig = point_intervals(
        both,
        "actor",
        run.out,
        "tone_about_vs_voice",
        f"Tone about each actor ({about_lab}) vs tone of the actor's own quoted words ({lab})",
        "mean polarity (-1 to +1)",
        "actor",
        series=(
            (
                "value_about",
                "ci_low_about",
                "ci_high_about",
                f"about the actor ({about_lab})",
                "n_about",
            ),
            ("value_voice", "ci_low_voice", "ci_high_voice", "the actor's own quotes", "n_voice"),
        ),
        zero_line=True,
        n="n_both",
        rows=rows_of(run, "actors", "mentions and quotes", "tone_about_vs_voice"),
    )
    finding = findings.tone_about_vs_voice(both, about_lab)
    mat = _by_outlet(run, "tone_about", actors)
    heat = heatmap(
        mat,
        run.out,
        "tone_about_heatmap",
        f"Tone about each actor, outlet x actor ({about_lab})",
        "actor",
        "outlet",
        "mean polarity",
        fmt=lambda v: _num(v, 2, True),
        diverging=True,
        counts=_by_outlet(run, "tone_about", actors, "n"),
        rows=rows_of(run, "outlets", "mentions", "tone_about_by_outlet"),
    )
    _save_by_outlet(run, "tone_about", actors, "tone_about_by_outlet")
    g_finding, g_figs, g_tables = actors_by_group(
        run, "tone_about", actors, "tone_about_by_group",
        f"Tone about each actor, {run.params.outlet_group} x actor ({about_lab})",
        "mean polarity", lambda v: _num(v, 2, True), "mentions", diverging=True,
    )  # fmt: skip
    return View(
        " ".join(p for p in (finding + _scope_note(run), g_finding) if p),
        [fig, heat, *g_figs],
        [
            (
                "Tone about vs tone of voice",
                save_table(both.drop(columns="n_both"), run.out, "tone_about_vs_voice"),
            ),
            *g_tables,
        ],
    )


def tone_readings(run) -> View:
    """Tone about each focus actor by both readings (toward each mention, analysis.tone; the
    whole sentence, the run's instrument) and the mentions where they disagree, with their
    sentences (``actor_tone_comparison``)."""
    actors = focus_actors(run)
    lab = _label(run)
    rows = []
    for measure, reading in (
        ("tone_about", f"tone about ({_about_label(run)})"),
        ("tone_about_sentence", f"sentence tone ({lab})"),
    ):
        data = _overall(run, measure, actors)[["actor", "value", "n"]]
        rows.append(data.set_axis(["actor", reading, f"n ({reading})"], axis=1))
    both = rows[0].merge(rows[1], on="actor")
    cmp = run.tables.actor_tone_comparison
    cmp = cmp[cmp["actor"].isin(actors)]
    if cmp.empty:
        return View("No mention of a focus actor has a tone reading.", [], [])
    differ = cmp[cmp["disagree"]].merge(
        _columns(run, "articles", ["article_id", "outlet"]), on="article_id", how="left"
    )
    differ = differ.sort_values(
        ["opposite", "actor", "article_id", "sentence_index", "start"],
        ascending=[False, True, True, True, True],
        kind="stable",
    )[
        ["outlet", "article_id", "sentence_index", "actor", "surface", "text", "tone_target",
         "class_target", "tone_sentence", "class_sentence", "drivers_sentence", "opposite"]
    ].reset_index(drop=True)  # fmt: skip
    finding = findings.tone_readings(len(cmp), len(differ), int(differ["opposite"].sum()), lab)
    return View(
        finding,
        [],
        [
            ("Tone about each focus actor, both readings", save_table(both, run.out,
                                                                      "tone_readings")),
            ("Mentions where the readings disagree (opposite directions first)",
             save_table(differ, run.out, "tone_disagreements")),
        ],
    )  # fmt: skip


def stance(run) -> View:
    """Attribution stance per actor (distancing - endorsing verbs) and the verb classes used."""
    actors = focus_actors(run)
    verbs = run.tables.stance_verbs  # analysis.aggregate.stance_verbs
    verbs = verbs[verbs["actor"].isin(actors)].reset_index(drop=True)
    data = _overall(run, "stance_index", actors).dropna(subset=["value"]).reset_index(drop=True)
    if data.empty:
        return View(
            "No reporting verb is attached to a focus actor, so there is no stance to show."
        )
    fig = point_intervals(
        data,
        "actor",
        run.out,
        "stance",
        "Attribution stance: (distancing - endorsing verbs) / attributed statements",
        "stance index (-1 endorsing to +1 distancing)",
        "actor",
        zero_line=True,
        n="n",
        rows=rows_of(run, "actors", "attributed statements", "stance"),
    )
    classes = verbs.pivot(index="actor", columns="verb_class", values="attributions")
    classes = classes.fillna(0).astype("int64").reset_index()
    classes.columns.name = None
    verbs = verbs[["actor", "verb_class", "verbs"]]
    finding = findings.stance(data, verbs)
    return View(
        finding + _scope_note(run),
        [fig],
        [
            (
                "Verb classes per actor (attributions)",
                save_table(classes, run.out, "stance_verb_classes"),
            ),
            ("Verbs per actor and class", save_table(verbs, run.out, "stance_verbs")),
        ],
    )


def actor_evidence(run, actor: str | None = None) -> View:
    """The evidence rows behind the focus actor's measures (analysis.aggregate.evidence)."""
    actors = focus_actors(run)
    actor = actor or (actors[0] if actors else None)
    if actor is None:
        return View("No focus actor: no evidence to show.")
    ev = run.tables.actor_evidence
    arts = _columns(run, "articles", ["article_id", "outlet"])
    tables = []
    counts = {}
    for measure, caption in (
        ("tone_about", "Sentences about the actor (with the words that drove the score)"),
        ("share_of_voice", "The actor's quoted words"),
        ("stance_index", "Reporting verbs attached to the actor"),
        ("prominence", "Mentions in headline, standfirst or lead"),
    ):
        rows = evidence(ev, measure, actor).merge(
            arts[["article_id", "outlet"]], on="article_id", how="left"
        )
        rows = rows[
            ["outlet", "article_id", "sentence_index", "text", "detail", "numerator", "denominator"]
        ]
        counts[measure] = rows
        name = (
            "evidence_"
            + measure
            + "_"
            + "".join(ch if ch.isalnum() else "_" for ch in actor.lower())
        )
        tables.append((f"{caption}: {actor}", save_table(rows, run.out, name)))
    about, voice, st = counts["tone_about"], counts["share_of_voice"], counts["stance_index"]
    finding = findings.actor_evidence(actor, about, voice, st)
    return View(finding, [], tables)


# --- 04 framing ---------------------------------------------------------------------------------


def frame_shares(run) -> View:
    """Share of sentences using each frame, per outlet, with 95% intervals."""
    fm = run.tables.frame_measures_by_outlet
    if fm.empty:
        return View("No framing tables are available for this run.")
    t = fm[fm["measure"] == "share_of_sentences"]
    mat = t.pivot(index="outlet", columns="frame", values="value")
    fig = heatmap(
        mat * 100,
        run.out,
        "frame_shares",
        "Frames: % of each outlet's sentences using the frame",
        "frame",
        "outlet",
        "% of sentences",
        fmt=lambda v: f"{v:.0f}",
        counts=t.pivot(index="outlet", columns="frame", values="n"),
        rows=rows_of(run, "outlets", "sentences with the frame", "frame_shares", thin=False),
    )
    overall = run.tables.frame_measures
    ov = overall[overall["measure"] == "share_of_sentences"].sort_values(
        ["value", "frame"], ascending=[False, True], kind="stable"
    )
    ov = ov.reset_index(drop=True)
    fig2 = point_intervals(
        ov,
        "frame",
        run.out,
        "frame_shares_overall",
        "Frames across the analysed articles: share of sentences, 95% interval",
        "share of sentences (0 to 1)",
        "frame",
        n="n",
        rows=rows_of(run, "frames", "sentences with the frame", "frame_shares", thin=False),
    )
    finding = findings.frame_shares(mat)
    table = t[["outlet", "frame", "value", "ci_low", "ci_high", "n", "n_articles"]].reset_index(
        drop=True
    )
    g_finding, g_figs, _ = frames_by_group(run)
    return View(
        " ".join(p for p in (finding + _scope_note(run), g_finding) if p),
        [fig, fig2, *g_figs],
        [
            (
                "Frame share per outlet, with 95% intervals",
                save_table(table, run.out, "frame_shares"),
            ),
            *_by_group(run, "frame_measures_by_group", ["share_of_sentences"]),
        ],
    )


def frame_by_actor(run) -> View:
    """Which frames the sentences about each focus actor use."""
    fa = run.tables.frame_actor_overall
    if fa.empty:
        return View("No sentence holds both a frame term and a catalog actor.")
    actors = focus_actors(run)
    t = fa[fa["actor"].isin(actors)].sort_values(["actor", "frame"], kind="stable")
    agg = t[["actor", "frame", "n_sentences", "share_of_actor_sentences"]].reset_index(drop=True)
    denom = t.groupby("actor")["n_actor_sentences"].first()
    mat = agg.pivot(index="actor", columns="frame", values="share_of_actor_sentences").reindex(
        [a for a in actors if a in set(agg["actor"])]
    )
    if mat.empty:
        return View("No sentence holds both a frame term and a focus actor.")
    fig = heatmap(
        mat * 100,
        run.out,
        "frame_actor",
        "Frame x actor: % of the sentences naming the actor that use the frame",
        "frame",
        "actor",
        "% of the actor's sentences",
        fmt=lambda v: f"{v:.0f}",
        counts=agg.pivot(index="actor", columns="frame", values="n_sentences"),
        thin=pd.DataFrame(
            np.repeat(
                (denom.reindex(mat.index).fillna(0) < run.params.min_n).to_numpy()[:, None],
                mat.shape[1],
                axis=1,
            ),
            index=mat.index,
            columns=mat.columns,
        ),
        rows=rows_of(run, "actors", "sentences naming the actor", "frame_actor"),
    )
    best = agg.sort_values(
        ["n_sentences", "share_of_actor_sentences", "actor", "frame"],
        ascending=[False, False, True, True],
        kind="stable",
    ).iloc[0]
    finding = findings.frame_by_actor(best, int(denom[best["actor"]]))
    return View(
        finding, [fig], [("Frame x actor (all outlets)", save_table(agg, run.out, "frame_actor"))]
    )


def frame_evidence(run, limit: int = 30) -> View:
    """Sentences behind the most used frame (table ``frame_term_evidence``: the pipeline picks
    the frame and builds the rows; analysis.frames.top_frame_evidence)."""
    ev = run.tables.frame_term_evidence
    if ev.empty:
        return View("No frame term occurs, so there is no evidence to show.")
    frame = ev["frame"].iloc[0]
    rows = save_table(ev.drop(columns="frame"), run.out, "frame_evidence")
    finding = findings.frame_evidence(frame, rows, limit)
    return View(finding, [], [(f"Evidence: sentences using the {frame} frame", rows.head(limit))])


def frame_decisions(run, limit: int = 30) -> View:
    """The frame model's article-level generic frames (analysis.frame_model): per outlet, the
    share of articles with each frame present; the sentences and coding questions behind the
    present frames; the indicators set aside as the story's topic."""
    presence = run.tables.frame_presence_by_outlet
    if presence.empty:
        return View("No articles: the frame model decided nothing.")
    mat = presence.pivot(index="outlet", columns="frame", values="share_present")
    fig = heatmap(
        mat * 100,
        run.out,
        "frame_decisions",
        "Frame model: % of each outlet's articles where the frame is present",
        "frame",
        "outlet",
        "% of articles",
        fmt=lambda v: f"{v:.0f}",
        counts=presence.pivot(index="outlet", columns="frame", values="n_articles"),
        rows=rows_of(run, "outlets", "articles", "frame_decisions"),
    )
    arts = _columns(run, "articles", ["article_id", "outlet"])
    ev = run.tables.frame_evidence
    rows = ev[~ev["is_topic"]].merge(arts, on="article_id", how="left")
    rows = rows.sort_values(
        ["weight", "article_id", "frame", "sentence_index"],
        ascending=[False, True, True, True],
        kind="stable",
    ).head(limit)
    text = run.tables.sentences.set_index(["article_id", "sentence_index"])["text"]
    keys = zip(rows["article_id"], rows["sentence_index"], strict=True)
    rows = rows.assign(text=[text.get(k, "") for k in keys])
    cols = ["outlet", "article_id", "frame", "sentence_index", "feature", "question", "weight"]
    tables = [
        ("Share of articles with the frame present, per outlet",
         save_table(presence, run.out, "frame_decisions")),
        (f"Evidence: the {len(rows)} strongest sentences behind present frames",
         save_table(rows[[*cols, "is_lead", "text"]].reset_index(drop=True), run.out,
                    "frame_model_evidence")),
        ("Topic indicators (in most articles of every outlet): kept from deciding a frame",
         save_table(run.tables.frame_topic, run.out, "frame_topic")),
    ]  # fmt: skip
    finding = findings.frame_decisions(run.tables.frame_presence)
    _, g_figs, g_tables = frames_by_group(run, presence=True)
    return View(finding + _scope_note(run), [fig, *g_figs], [*tables[:1], *g_tables, *tables[1:]])


SLOT_RANK = {"headline": 5, "standfirst": 4, "first_paragraph": 3, "body": 2, "end": 1, "": 0}


def story_coverage(run, max_elements: int = 15) -> View:
    """Story elements included or omitted per outlet, and where each outlet places them."""
    el = run.tables.story_elements
    if el.empty:
        return View("No story elements: the analysed articles share no fact, claim or quote.")
    om = save_table(run.tables.story_omissions, run.out, "story_omissions")
    shared = el[el["n_outlets"] >= 2]
    event = (
        el.groupby("event")["n_outlets"].max().sort_values(ascending=False, kind="stable").index[0]
    )
    cov = run.tables.story_coverage
    cov = cov[cov["event"] == event]  # every outlet, rewrites included
    top = (
        el[el["event"] == event]
        .sort_values(
            ["n_outlets", "n_sentences", "element_id"],
            ascending=[False, False, True],
            kind="stable",
        )
        .head(max_elements)
    )
    slots = (
        cov[cov["element_id"].isin(top["element_id"])]
        .assign(rank=lambda d: d["where"].map(SLOT_RANK).fillna(0))
        .sort_values("rank", ascending=False, kind="stable")
        .drop_duplicates(["element_id", "outlet"])
    )
    mat = slots.pivot(index="element_id", columns="outlet", values="where").reindex(
        top["element_id"]
    )
    labels = {
        i: f"{i}: {layout.shorten(t, 45)}"
        for i, t in zip(top["element_id"], top["label"], strict=True)
    }
    title = f"Story elements of event {event or '(none)'}: where each outlet tells them"
    fig_saved = _story_grid(run, mat, labels, title)
    finding = findings.story_coverage(om, len(shared), len(el))
    elements = save_table(
        el[["event", "element_id", "label", "n_outlets", "outlets", "unique_to", "shared_by_all"]],
        run.out,
        "story_elements",
    )
    return View(
        finding,
        [fig_saved],
        [("Included and omitted elements per outlet", om), ("Story elements", elements)],
    )


SLOT_CODE = {
    "headline": "H",
    "standfirst": "S",
    "first_paragraph": "L",
    "body": "B",
    "end": "E",
}
SLOT_KEY = "H headline, S standfirst, L lead (first paragraph), B body, E end, - omitted"


def _story_grid(run, mat: pd.DataFrame, labels: dict, title: str) -> SavedFigure:
    """Element x outlet grid of the slot where each outlet tells each element (a letter per
    cell, darker: more prominent). With more outlets than a grid holds columns, outlets become
    the rows (the ``max_rows`` telling the most elements) and elements the columns."""
    told = mat.notna() & mat.ne("")
    n_told = told.sum(axis=0)  # elements each outlet tells
    grid = mat.copy()
    rows = rows_of(run, "outlets", "elements told", "story_omissions", thin=False)
    note = ""
    if mat.shape[1] > layout.MAX_COLUMNS:
        sel = layout.top_rows(
            pd.DataFrame({"outlet": mat.columns}), n_told.to_numpy(float), rows.limit
        )
        note = layout.left_out_note(sel, rows.what, rows.by, rows.table)
        grid = mat[list(sel.shown["outlet"])].T
        row_labels = [layout.shorten(o) for o in grid.index]
        col_labels = [layout.shorten(labels[e], 30) for e in grid.columns]
        xlabel, ylabel = "story element (representative sentence)", "outlet"
    else:
        row_labels = [labels[e] for e in grid.index]
        col_labels = [layout.shorten(o, 30) for o in grid.columns]
        xlabel, ylabel = "outlet (darker: more prominent slot)", "story element"
    note = f"{SLOT_KEY}. {note}".strip()
    width, hgt = layout.grid_figsize(
        grid.shape[0], grid.shape[1], row_labels, col_labels, layout.title_lines(title)
    )
    fig, ax = layout.new_figure(width - 1.2, hgt + _note_lines(width, note))
    ranks = grid.apply(lambda c: c.map(SLOT_RANK)).fillna(0).to_numpy(float)
    ax.imshow(ranks, cmap="Greens", vmin=0, vmax=5, aspect="auto")
    for i in range(ranks.shape[0]):
        for j in range(ranks.shape[1]):
            slot = grid.iloc[i, j]
            code = SLOT_CODE.get(slot, "-") if isinstance(slot, str) else "-"
            ax.text(
                j, i, code, ha="center", va="center", fontsize=8,
                color="white" if ranks[i, j] >= 4 else "black",
            )  # fmt: skip
    ax.set_xticks(range(grid.shape[1]), col_labels, rotation=layout.turn_columns(col_labels))
    ax.set_yticks(range(grid.shape[0]), row_labels)
    layout.title(fig, ax, title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    layout.note(fig, note)
    alt = (
        f"Grid: {title}. {len(mat)} elements by {mat.shape[1]} outlets; each cell names the slot "
        f"({SLOT_KEY}). {note}"
    )
    return save_figure(fig, mat.reset_index(), run.out, "story_coverage", title, alt)


def _shorten_label(text: str, n: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def words_near_actors(run, per_outlet: int = 5) -> View:
    """Words within 5 tokens of the focus actor's mentions that set each outlet apart."""
    terms = run.tables.actor_context_top  # analysis.distinctive.top_terms
    actors = focus_actors(run, 1)
    if terms.empty or not actors:
        return View("Words near actors need at least two outlets and a mentioned catalog actor.")
    actor = actors[0]
    near = terms[terms["actor"] == actor]
    if near.empty:
        return View(f"No outlet-specific words near {actor} in the analysed articles.")
    top = near[near["rank"] <= per_outlet]
    cols = ["group", "actor", "term", "count_group", "count_rest", "log_odds", "z", "examples"]
    top = save_table(top[cols].rename(columns={"group": "outlet"}), run.out, "words_near_actor")
    finding = findings.words_near_actor(actor, top)
    tables = [(f"Words near {actor} per outlet", top)]
    g = run.tables.actor_context_top_by_group
    g = g[(g["actor"] == actor) & (g["rank"] <= per_outlet)] if run.params.outlet_group else g[:0]
    if len(g):
        what = _group_name(run)
        g = save_table(g[cols].rename(columns={"group": what}).reset_index(drop=True), run.out,
                       "words_near_actor_by_group")  # fmt: skip
        finding += " " + findings.words_near_actor(
            actor, g.rename(columns={what: "outlet"}), f"{what} group"
        )
        tables.append((f"Words near {actor} per {what} (vs the other groups)", g))
    return View(finding, [], tables)


def distinctive_words(run, per_group: int = 5) -> View:
    """Words and phrases that set each outlet apart (log-odds with informative prior, z)."""
    terms = run.tables.distinctive_top  # analysis.distinctive.top_terms
    if terms.empty:
        return View("Distinctive words need at least two outlets among the analysed articles.")
    top = terms[terms["rank"] <= per_group]
    cols = ["group", "ngram", "term", "count_group", "count_rest", "log_odds", "z", "examples"]
    top = save_table(top[cols].rename(columns={"group": "outlet"}), run.out, "distinctive_words")
    n_outlets = top["outlet"].nunique()
    per = 3 if n_outlets * 3 <= run.params.max_rows else 1
    bars = (
        top.groupby("outlet", sort=True)
        .head(per)
        .assign(label=lambda d: d["outlet"].astype(str) + ": " + d["term"].astype(str))
        .reset_index(drop=True)
    )
    fig = barh(
        bars[["label", "z", "outlet", "term", "count_group"]],
        "label",
        "z",
        run.out,
        "distinctive_words",
        f"Most distinctive {'words' if per > 1 else 'word'} per outlet (top {per}, vs all other "
        "outlets)",
        "z-score of the log-odds ratio (above 1.96: unlikely by chance)",
        "outlet: word or phrase (n: uses)",
        n="count_group",
        rows=rows_of(run, "outlet words", "uses", "distinctive_words", thin=False),
    )
    finding = findings.distinctive_words(top)
    g_finding, g_figs, g_tables = distinctive_by_group(run, per_group)
    return View(
        " ".join(p for p in (finding, g_finding) if p),
        [fig, *g_figs],
        [("Top distinctive words per outlet", top), *g_tables],
    )


# --- over time (reports 01, 02, 03; tables from analysis.timeline) -----------------------------

MAX_TIME_LINES = 8  # lines in one over-time panel (the rest: in the table)
MAX_TIME_PANELS = 6  # actors drawn as small multiples
MAX_ANNOTATED_BINS = 24  # up to this many bins, n is written under each dot (else: the table)


def _no_time_axis(run) -> View:
    days = (
        _columns(run, "articles", ["published"])["published"].replace("", None).dropna().nunique()
    )
    return View(findings.no_time_axis(int(days)))


def _x(periods: pd.Series) -> pd.Series:
    return pd.to_datetime(periods, format="%Y-%m-%d")


def _time_axis(ax, bin_: str, maxticks: int = 8) -> None:
    import matplotlib.dates as mdates

    loc = mdates.AutoDateLocator(maxticks=maxticks)
    loc.set_axis(ax.xaxis)
    # the ticks are fixed once the data are drawn: an AutoDateLocator recomputes them (a walk
    # of dateutil rules) at every drawing and every tick query, most of a time figure's cost
    ax.xaxis.set_major_locator(FixedLocator(loc()))
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(loc))
    ax.set_xlabel(f"{bin_} (first day of the {bin_})")


def _grid(run) -> list[str]:
    """Every bin of the run's time axis (coverage_over_time), in order."""
    cov = run.tables.coverage_over_time
    return list(cov.loc[cov["level"] == "corpus", "period"])


def _n_note(run, per_panel: int = MAX_ANNOTATED_BINS) -> str:
    if len(_grid(run)) <= per_panel:
        return " (numbers: articles in the bin)"
    return " (articles per bin: in the table)"


def _time_scope_note(run) -> str:
    return findings.time_scope_note(len(run.tables.counted_once))


def _bin_days(bin_: str) -> float:
    return {"day": 1.0, "week": 7.0, "month": 30.0}[bin_]


def coverage_over_time(run) -> View:
    """Articles per day, week or month: the corpus, and each outlet group (with an
    ``outlet_group``) or the outlets with the most articles."""
    cov = run.tables.coverage_over_time
    if cov.empty:
        return _no_time_axis(run)
    bin_ = cov["bin"].iloc[0]
    corpus = cov[cov["level"] == "corpus"].reset_index(drop=True)
    level = "group" if run.params.outlet_group and (cov["level"] == "group").any() else "outlet"
    rows = cov[cov["level"] == level]
    names = timeline.top_by_total(rows, "name", "n_articles", MAX_TIME_LINES)
    n_names = rows["name"].nunique()
    what = run.params.outlet_group if level == "group" else "outlet"
    left = n_names - len(names)
    lines = f"each {what}" if not left else f"the {len(names)} {what}s with most articles"
    fig, ax = layout.new_figure(WIDTH, 4.2)
    ax.bar(_x(corpus["period"]), corpus["n_articles"], width=0.8 * _bin_days(bin_),
           color="#d9d9d9", label="all outlets")  # fmt: skip
    for name in names:
        r = rows[rows["name"] == name]
        ax.plot(_x(r["period"]), r["n_articles"], marker="o", ms=3, lw=1.2,
                label=layout.shorten(name, 30))  # fmt: skip
    _time_axis(ax, bin_)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_ylabel("articles (count)")
    title = f"Articles per {bin_}: all outlets and by {what}"
    layout.title(fig, ax, title)
    if left:
        layout.note(fig, f"Lines: the {len(names)} {what}s with the most articles of {n_names}; "
                         "every one in shown/coverage_over_time.csv.")  # fmt: skip
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    alt = _alt(f"Bars and lines over time: {title}", list(corpus["period"]),
               list(corpus["n_articles"]), lambda v: f"{v:.0f}")  # fmt: skip
    drawn = pd.concat([corpus, rows[rows["name"].isin(names)]], ignore_index=True)
    saved = save_figure(fig, drawn, run.out, "coverage_over_time", title, alt)
    shown = save_table(cov[cov["level"] != "corpus"].reset_index(drop=True), run.out,
                       "coverage_over_time")  # fmt: skip
    n_undated = timeline.undated(_columns(run, "articles", ["published"]))
    finding = findings.coverage_over_time(corpus, n_undated, lines)
    return View(finding, [saved], [(f"Articles per {bin_} and {what}", shown)])


def _interval_line(
    ax, rows: pd.DataFrame, grid: Sequence[str] = (), label: str | None = None, color=None,
    annotate: bool = True,
) -> None:  # fmt: skip
    """Dots with 95% whiskers over time, joined by a line that breaks at the bins of ``grid``
    without a value; n (articles) written under each dot when ``annotate``."""
    if len(grid):
        rows = rows.set_index("period").reindex(list(grid)).rename_axis("period").reset_index()
        rows["n_articles"] = rows["n_articles"].fillna(0)
    x = _x(rows["period"])
    v = rows["value"].astype(float).to_numpy()
    lo, hi = rows["ci_low"].astype(float).to_numpy(), rows["ci_high"].astype(float).to_numpy()
    err = np.vstack([np.where(np.isnan(lo), 0, v - lo), np.where(np.isnan(hi), 0, hi - v)])
    ax.errorbar(x, v, yerr=err, fmt="o-", ms=3, lw=1, capsize=2, label=label, color=color)
    if annotate:
        for xi, vi, ni in zip(x, v, rows["n_articles"], strict=True):
            if np.isnan(vi):
                continue
            ax.annotate(f"{int(ni)}", (xi, vi), textcoords="offset points", xytext=(0, -11),
                        ha="center", fontsize=8, color="#555")  # fmt: skip


class _Rows:
    """Rows of one Axes offset vertically, one per actor or group, all on one scale: the
    shared y axis of small multiples drawn as one Axes (a panel per row would cost an Axes,
    its ticks and its layout each). Row ``i`` (top = 0) draws value ``v`` at
    ``v + base(i)``; its own tick labels give the values; its label sits above it."""

    GAP = 0.6  # room above a row for its label and the n written under the row above

    def __init__(self, values: np.ndarray, n: int) -> None:
        from matplotlib.ticker import MaxNLocator

        v = np.asarray(values, dtype=float)
        v = v[np.isfinite(v)]
        lo, hi = (min(0.0, float(v.min())), max(0.0, float(v.max()))) if v.size else (0.0, 1.0)
        if hi <= lo:
            hi = lo + 1.0
        self.ticks = MaxNLocator(nbins=3, steps=[1, 2, 2.5, 5, 10]).tick_values(lo, hi)
        self.low, self.span, self.n = float(self.ticks[0]), float(self.ticks[-1] - self.ticks[0]), n
        self.step = self.span * (1 + self.GAP)

    def base(self, i: int) -> float:
        return (self.n - 1 - i) * self.step - self.low

    def axis(self, ax, tick_labels: bool = True) -> None:
        """The rows' scale on ``ax``: every row's ticks, labelled with the values."""
        pos = [t + self.base(i) for i in range(self.n) for t in self.ticks]
        ax.yaxis.set_major_locator(FixedLocator(pos))
        if tick_labels:
            labels = [_tick(t) for _ in range(self.n) for t in self.ticks]
            ax.yaxis.set_major_formatter(FixedFormatter(labels))
        # below the bottom row as much room as between rows (the n written under its dots)
        gap = self.GAP * self.span
        ax.set_ylim(-gap, (self.n - 1) * self.step + self.span + 0.75 * gap)
        for i in range(self.n):
            ax.axhline(self.base(i), color="#aaa", lw=0.6)  # zero of the row

    def label(self, ax, i: int, text: str) -> None:
        """``text`` over row ``i``, at the left of ``ax``."""
        from matplotlib.transforms import blended_transform_factory

        y = (self.n - 1 - i) * self.step + self.span + 0.05 * self.span
        ax.text(0.005, y, text, transform=blended_transform_factory(ax.transAxes, ax.transData),
                fontsize=9, ha="left", va="bottom")  # fmt: skip


def _tick(v: float) -> str:
    return f"{v:g}" if v else "0"


def _small_multiples(run, rows: pd.DataFrame, actors: list[str], ylabel: str, title: str):
    """The actors over time as rows of one Axes (one scale, values on each row's ticks, the
    actor above its row), each point with its 95% interval."""
    bin_ = rows["bin"].iloc[0]
    nrow = len(actors)
    fig, ax = layout.new_figure(WIDTH, 1.4 + 1.3 * nrow)
    grid = _grid(run)
    annotate = len(grid) <= MAX_ANNOTATED_BINS
    scale = _Rows(rows[["value", "ci_low", "ci_high"]].to_numpy(), nrow)
    for i, actor in enumerate(actors):
        r = rows[rows["actor"] == actor].copy()
        for c in ("value", "ci_low", "ci_high"):
            r[c] = r[c].astype(float) + scale.base(i)
        _interval_line(ax, r, grid, annotate=annotate, color="C0")
        scale.label(ax, i, layout.shorten(actor, 40))
    scale.axis(ax)
    _time_axis(ax, bin_)
    ax.set_ylabel(ylabel)
    layout.title(fig, ax, title)
    return fig


def attention_over_time(run) -> View:
    """Attention over time for the top actors (Media Cloud's attention-over-time view): the
    share of articles naming each actor per bin, with 95% intervals."""
    t = run.tables.actor_attention_over_time
    if t.empty:
        return _no_time_axis(run)
    actors = [a for a in focus_actors(run, MAX_TIME_PANELS) if a in set(t["actor"])]
    if not actors:
        return View("No actor is named in a dated article.")
    bin_ = t["bin"].iloc[0]
    shares = t[(t["measure"] == "share_articles_mentioning") & t["actor"].isin(actors)]
    title = f"Share of articles naming each actor, per {bin_}, with 95% intervals" + _n_note(run)
    fig = _small_multiples(run, shares, actors, "share of articles", title)
    alt = f"Small multiples over time: {title}. Actors: {', '.join(actors)}."
    saved = save_figure(fig, shares.reset_index(drop=True), run.out, "attention_over_time",
                        title, alt)  # fmt: skip
    shown = save_table(t[t["actor"].isin(actors)].drop(columns=["unit"]).reset_index(drop=True),
                       run.out, "actor_attention_over_time")  # fmt: skip
    finding = findings.attention_over_time(shares.set_index("actor").loc[actors].reset_index())
    g_finding, g_figs, g_tables = over_time_by_group(
        run, "actor_attention_over_time_by_group", "share_articles_mentioning", "n_articles",
        "articles", "share of articles",
        f"Share of articles naming each actor per {bin_}, by {run.params.outlet_group}",
        "share of articles naming an actor", findings.pct, highest=True,
    )  # fmt: skip
    return View(" ".join(p for p in (finding + _time_scope_note(run), g_finding) if p),
                [saved, *g_figs],
                [(f"Attention per {bin_}: the actors shown (every actor in "
                  "tables/actor_attention_over_time.csv)", shown), *g_tables])  # fmt: skip


def tone_over_time(run) -> View:
    """Mean sentence polarity per bin with 95% intervals (and each outlet group's line), then
    the tone about the top actors per bin (small multiples)."""
    t = run.tables.tone_over_time
    if t.empty:
        return _no_time_axis(run)
    inst, lab = run.params.instrument, _label(run)
    mine = t[(t["instrument"] == inst) & (t["score"] == "polarity")].reset_index(drop=True)
    rows = mine[mine["level"] == "corpus"].reset_index(drop=True)
    groups = mine[mine["level"] == "group"]
    bin_ = rows["bin"].iloc[0]
    title = f"Mean sentence polarity per {bin_} ({lab}), 95% intervals" + _n_note(run)
    if len(groups):
        title += f"; lines: each {run.params.outlet_group} (intervals in the table)"
    fig, ax = layout.new_figure(WIDTH, 3.8)
    grid = _grid(run)
    for name in timeline.top_by_total(groups, "name", "n_articles", MAX_TIME_LINES):
        g = groups[groups["name"] == name].set_index("period").reindex(grid)
        ax.plot(_x(pd.Series(grid)), g["value"], marker="o", ms=2, lw=1, alpha=0.8,
                label=layout.shorten(name, 30))  # fmt: skip
    _interval_line(ax, rows, grid, label="all outlets", color="black",
                   annotate=len(grid) <= MAX_ANNOTATED_BINS)  # fmt: skip
    if len(groups):
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    ax.axhline(0, color="#888", lw=0.8, ls="--")
    _time_axis(ax, bin_)
    ax.set_ylabel(f"mean sentence polarity ({lab})")
    layout.title(fig, ax, title)
    alt = _alt(f"Dots with intervals over time: {title}", list(rows["period"]),
               list(rows["value"]), lambda v: _num(v, 3, True))  # fmt: skip
    figs = [save_figure(fig, rows, run.out, "tone_over_time", title, alt)]
    finding = findings.tone_over_time(rows, lab)
    tables = [(f"Mean sentence polarity per {bin_}",
               save_table(mine.drop(columns=["unit"]), run.out, "tone_over_time"))]  # fmt: skip
    at = run.tables.actor_tone_over_time
    actors = [a for a in focus_actors(run, MAX_TIME_PANELS) if a in set(at["actor"])]
    if actors:
        about = at[at["actor"].isin(actors)].reset_index(drop=True)
        atitle = f"Tone about each actor per {bin_} ({_about_label(run)}), 95% intervals"
        afig = _small_multiples(run, about, actors, "mean polarity", atitle)
        alt = f"Small multiples over time: {atitle}. Actors: {', '.join(actors)}."
        figs.append(save_figure(afig, about, run.out, "actor_tone_over_time", atitle, alt))
        finding += " " + findings.actor_tone_over_time(about, _about_label(run))
        tables.append((f"Tone about the actors shown per {bin_}",
                       save_table(about.drop(columns=["unit"]), run.out,
                                  "actor_tone_over_time")))  # fmt: skip
    g_finding, g_figs, g_tables = over_time_by_group(
        run, "actor_tone_over_time_by_group", "tone_about", "n", "readings", "mean polarity",
        f"Tone about each actor per {bin_}, by {run.params.outlet_group} ({_about_label(run)})",
        "tone about an actor", lambda v: _num(v, 3, True), highest=False,
    )  # fmt: skip
    finding = " ".join(p for p in (finding + _time_scope_note(run), g_finding) if p)
    return View(finding, figs + g_figs, tables + g_tables)


def topic_words(run) -> View:
    """The story's topic words among the tone drivers (analysis.sentence_tone.topic_drivers)
    and the TextBlob tone per outlet with them read as neutral beside the unaltered score
    (``topic_effect``), with the domain-lexicon line that neutralises each."""
    from analysis.sentence_tone import TOPIC_SHARE, TOPIC_TOP

    topic = run.tables.topic_drivers
    topic = topic[topic["instrument"] == "textblob"].reset_index(drop=True)
    both = run.tables.topic_effect
    finding = findings.topic_words(topic, both, TOPIC_TOP, TOPIC_SHARE)
    g_finding, g_figs, g_tables = topic_words_by_group(run)
    if g_finding:
        finding += " " + g_finding
    if topic.empty or both.empty:
        return View(finding, g_figs, g_tables)
    shown_topic = save_table(topic, run.out, "topic_drivers")
    shown = save_table(both, run.out, "topic_effect")
    fig = point_intervals(
        both,
        "outlet",
        run.out,
        "topic_effect",
        "Mean sentence polarity per outlet: TextBlob unaltered vs topic words read as neutral",
        "mean sentence polarity (TextBlob, -1 to +1)",
        "outlet",
        series=(
            ("polarity", "ci_low", "ci_high", "unaltered"),
            ("polarity_topic_neutral", "ci_low_neutral", "ci_high_neutral", "topic words neutral"),
        ),
        zero_line=True,
        n="n",
        rows=rows_of(run, "outlets", "sentences", "topic_effect"),
    )
    return View(
        finding,
        [fig, *g_figs],
        [
            ("Topic words among the tone drivers, with the lexicon line for each", shown_topic),
            ("Unaltered vs topic-neutral mean polarity per outlet", shown),
            *g_tables,
        ],
    )


# --- per outlet group (#17 item 2; docs/REPORTS.md, "Per-group coverage") ----------------------

MAX_GROUP_PANELS = 3  # actors (columns) of a per-group over-time figure
MAX_GROUP_ROWS = 10  # outlet groups (rows) of a per-group over-time figure at most


def _group_name(run) -> str:
    return run.params.outlet_group


def _has_groups(run, table: str) -> bool:
    if not run.params.outlet_group:
        return False
    rows = getattr(run.tables, "rows", None)  # a held table is not read to count its rows
    return (rows(table) if rows is not None else len(getattr(run.tables, table))) > 0


def _columns(run, table: str, columns: Sequence[str]) -> pd.DataFrame:
    """Only ``columns`` of ``table``; from held tables (analysis.report.HeldTables) only those
    columns are read (the articles' outlet, not their text)."""
    read = getattr(run.tables, "columns", None)
    return read(table, columns) if read is not None else getattr(run.tables, table)[list(columns)]


def _rows_where(run, table: str, column: str, values: Sequence) -> pd.DataFrame:
    """The rows of ``table`` whose ``column`` is one of ``values`` (index from 0); from held
    tables (analysis.report.HeldTables) only those rows are read."""
    where = getattr(run.tables, "where", None)
    if where is not None:
        return where(table, column, values)
    t = getattr(run.tables, table)
    return t[t[column].isin(list(values))].reset_index(drop=True)


def _group_points(run, data: pd.DataFrame, name: str, title: str, xlabel: str, by: str,
                  **kw) -> SavedFigure:  # fmt: skip
    """Dots with 95% intervals, one row per group (point_intervals on a per-group table)."""
    what = _group_name(run)
    return point_intervals(data, "group", run.out, name, title, xlabel, what,
                           rows=rows_of(run, f"{what} groups", by, name), **kw)  # fmt: skip


def thin_rows(mat: pd.DataFrame, counts: pd.DataFrame, min_n: int) -> pd.DataFrame:
    """True on every cell of a row of ``mat`` whose ``counts`` sum to under ``min_n`` (a share
    of a row's total, as share of voice, rests on that total, not on one cell's n)."""
    total = counts.reindex_like(mat).fillna(0).sum(axis=1)
    return pd.DataFrame(
        np.repeat((total < min_n).to_numpy()[:, None], mat.shape[1], axis=1),
        index=mat.index,
        columns=mat.columns,
    )


def _group_heatmap(run, mat: pd.DataFrame, counts: pd.DataFrame, name: str, title: str,
                   xlabel: str, unit: str, fmt, by: str, thin: bool = True,
                   diverging: bool = False, thin_cells: pd.DataFrame | None = None,
                   ) -> SavedFigure:  # fmt: skip
    """Group x item heatmap with n in each cell (heatmap), rows named by the outlet_group;
    ``thin_cells``: the cells to hatch when not those with n under min_n."""
    what = _group_name(run)
    rows = rows_of(run, f"{what} groups", by, name, thin=thin)
    return heatmap(mat, run.out, name, title, xlabel, what, unit, fmt=fmt, diverging=diverging,
                   counts=counts, rows=rows, thin=thin_cells)  # fmt: skip


def tone_by_group_view(run) -> tuple[str, list[SavedFigure]]:
    """The mean sentence polarity per group with its interval: finding and figure."""
    t = run.tables.tone_by_group
    t = t[(t["instrument"] == run.params.instrument) & (t["score"] == "polarity")]
    if t.empty or not run.params.outlet_group:
        return "", []
    t = t.sort_values(["value", "group"], ascending=[False, True], kind="stable")
    lab, what = _label(run), _group_name(run)
    fig = _group_points(run, t.reset_index(drop=True), "tone_by_group",
                        f"Mean sentence polarity per {what} ({lab}), 95% interval",
                        f"mean sentence polarity ({lab}, -1 to +1)", "sentences",
                        zero_line=True, n="n")  # fmt: skip
    finding = findings.group_range(t, what, f"mean sentence polarity ({lab})",
                                   min_n=run.params.min_n)  # fmt: skip
    return finding, [fig]


def drivers_by_group_table(run, per: int = 5) -> list:
    """The top ``per`` drivers of each group (``tone_drivers_by_group``) as a shown table."""
    if not _has_groups(run, "tone_drivers_by_group"):
        return []
    t = run.tables.tone_drivers_by_group
    t = t[(t["instrument"] == run.params.instrument) & (t["drivers"] == "drivers")]
    t = t.assign(abs=t["total"].abs()).sort_values(
        ["group", "abs", "word"], ascending=[True, False, True], kind="stable"
    )
    t = t.groupby("group", sort=True).head(per).drop(columns=["abs", "instrument", "drivers"])
    t = t.rename(columns={"group": _group_name(run)}).reset_index(drop=True)
    return [(f"Top drivers per {_group_name(run)} ({per} each)",
             save_table(t, run.out, "tone_drivers_by_group"))]  # fmt: skip


def domain_effect_by_group(run) -> tuple[str, list, list]:
    """The domain lexicon's effect per group: finding, figure, table."""
    if not _has_groups(run, "domain_effect_by_group"):
        return "", [], []
    both, what = run.tables.domain_effect_by_group, _group_name(run)
    fig = _group_points(
        run, both, "domain_effect_by_group",
        f"Mean sentence polarity per {what}: TextBlob unaltered vs with the domain lexicon",
        "mean sentence polarity (TextBlob, -1 to +1)", "sentences",
        series=(("polarity", "ci_low", "ci_high", "unaltered"),
                ("polarity_domain", "ci_low_domain", "ci_high_domain", "with domain lexicon")),
        zero_line=True, n="n",
    )  # fmt: skip
    finding = findings.domain_effect(
        both.rename(columns={"group": "outlet"}), f"{what} groups", closing=False
    )
    shown = save_table(both.rename(columns={"group": what}), run.out, "domain_effect_by_group")
    return finding, [fig], [(f"Unaltered vs domain-adjusted mean polarity per {what}", shown)]


def topic_words_by_group(run) -> tuple[str, list, list]:
    """Each group's own topic words and the tone per group with the corpus's topic words read
    as neutral (``topic_drivers_by_group``, ``topic_effect_by_group``)."""
    if not run.params.outlet_group:
        return "", [], []
    what = _group_name(run)
    topic = run.tables.topic_drivers_by_group
    topic = topic[topic["instrument"] == "textblob"].reset_index(drop=True)
    finding = findings.topic_words_by_group(topic, what)
    tables = [(f"Topic words of each {what} (corpus_topic: also a topic word of every outlet)",
               save_table(topic.rename(columns={"group": what}), run.out,
                          "topic_drivers_by_group"))]  # fmt: skip
    both = run.tables.topic_effect_by_group
    if both.empty:
        return finding, [], tables
    fig = _group_points(
        run, both, "topic_effect_by_group",
        f"Mean sentence polarity per {what}: TextBlob unaltered vs topic words read as neutral",
        "mean sentence polarity (TextBlob, -1 to +1)", "sentences",
        series=(("polarity", "ci_low", "ci_high", "unaltered"),
                ("polarity_topic_neutral", "ci_low_neutral", "ci_high_neutral",
                 "topic words neutral")),
        zero_line=True, n="n",
    )  # fmt: skip
    finding += " " + findings.group_range(
        both.rename(columns={"polarity_topic_neutral": "value", "ci_low_neutral": "ci_low",
                             "ci_high_neutral": "ci_high", "polarity": "unaltered",
                             "ci_low": "lo", "ci_high": "hi"}),
        what, "the topic-neutral mean polarity (TextBlob)", min_n=run.params.min_n,
    )  # fmt: skip
    tables.append((f"Unaltered vs topic-neutral mean polarity per {what}",
                   save_table(both.rename(columns={"group": what}), run.out,
                              "topic_effect_by_group")))  # fmt: skip
    return finding, [fig], tables


def actors_by_group(run, measure: str, actors: Sequence[str], name: str, title: str,
                    unit: str, fmt, by: str, thin: bool = True,
                    diverging: bool = False, whole_rows: bool = False,
                    ) -> tuple[str, list, list]:  # fmt: skip
    """Group x actor heatmap of an actor ``measure`` (``actor_measures_by_group`` with the
    absent cells), its shown table and a finding on the first actor. ``whole_rows``: hatch the
    whole row of a group whose cells' n sum to under min_n (a share of the group's total, as
    share of voice, rests on the total, not on one cell's n)."""
    if not _has_groups(run, "actor_measures_by_group") or not actors:
        return "", [], []
    what = _group_name(run)
    t = _actor_cells(run, "group", [measure], actors)
    t = t[t["measure"] == measure]
    if t.empty:
        return "", [], []
    mat = t.pivot(index="group", columns="actor", values="value")
    mat = mat.reindex(columns=[a for a in actors if a in mat.columns])
    counts = t.pivot(index="group", columns="actor", values="n")
    scale = 100 if unit.startswith("%") else 1
    thin_cells = thin_rows(mat, counts, run.params.min_n) if whole_rows else None
    fig = _group_heatmap(run, mat * scale, counts, name, title, "actor", unit, fmt, by, thin,
                         diverging, thin_cells)  # fmt: skip
    first = t[t["actor"] == mat.columns[0]] if mat.shape[1] else t.iloc[:0]
    finding = findings.group_range(
        first, what, f"{MEASURES[measure][1]} for {mat.columns[0]}" if len(first) else measure,
        (lambda v: fmt(v * scale) + ("%" if scale == 100 else "")),
        min_n=run.params.min_n if thin else 0,
    )  # fmt: skip
    shown = save_table(t.drop(columns=["unit"]).rename(columns={"group": what})
                       .reset_index(drop=True), run.out, name)  # fmt: skip
    return finding, [fig], [(f"{title} (every cell, 95% intervals)", shown)]


def frames_by_group(run, presence: bool = False) -> tuple[str, list, list]:
    """Group x frame heatmap: share of sentences using each frame (``frame_measures_by_group``)
    or, with ``presence``, share of articles where the frame model finds the frame
    (``frame_presence_by_group``)."""
    table = "frame_presence_by_group" if presence else "frame_measures_by_group"
    if not _has_groups(run, table):
        return "", [], []
    what = _group_name(run)
    t = getattr(run.tables, table)
    if presence:
        mat = t.pivot(index="group", columns="frame", values="share_present")
        counts = t.pivot(index="group", columns="frame", values="n_articles")
        title = f"Frame model: % of each {what}'s articles where the frame is present"
        name, unit, by = "frame_decisions_by_group", "% of articles", "articles"
        finding = ""
        shown = [(f"Share of articles with the frame present, per {what}",
                  save_table(t.rename(columns={"group": what}), run.out, name))]  # fmt: skip
    else:
        t = t[t["measure"] == "share_of_sentences"]
        mat = t.pivot(index="group", columns="frame", values="value")
        counts = t.pivot(index="group", columns="frame", values="n")
        title = f"Frames: % of each {what}'s sentences using the frame"
        name, unit, by = "frame_shares_by_group", "% of sentences", "sentences with the frame"
        top = (t.groupby("frame", sort=True)["n"].sum().sort_values(ascending=False,
               kind="stable").index[0])  # fmt: skip
        finding = findings.group_range(
            t[t["frame"] == top],
            what,
            f"the share of sentences using the {top} frame",
            findings.pct,
        )
        shown = []  # the table is shown by frame_shares (_by_group)
    fig = _group_heatmap(run, mat * 100, counts, name, title, "frame", unit,
                         lambda v: f"{v:.0f}", by, thin=False)  # fmt: skip
    return finding, [fig], shown


def _group_over_time(run, rows: pd.DataFrame, actors: list[str], n: str, by: str,
                     ylabel: str, title: str, name: str) -> SavedFigure:  # fmt: skip
    """Small multiples: one Axes per actor (columns), in each a row per outlet group (the
    ``max_rows``, at most MAX_GROUP_ROWS, with the most articles; one scale, :class:`_Rows`,
    the group's name above its row in the first column); each row the measure over time with
    its 95% interval as a band, a point resting on fewer than min_n ``n`` hollow. Every row
    holds one line, so the figure reads the same with 2 or 10 groups and any number of bins
    (bins without a value break the line)."""
    what = _group_name(run)
    bin_ = rows["bin"].iloc[0]
    grid = _grid(run)
    limit = min(run.params.max_rows, MAX_GROUP_ROWS) if run.params.max_rows > 0 else MAX_GROUP_ROWS
    names = timeline.top_by_total(rows, "group", "n_articles", limit)
    n_groups = rows["group"].nunique()
    note = ""
    if n_groups > len(names):
        note = (f"Rows: the {len(names)} {what} groups with the most articles of {n_groups}; "
                f"every one in shown/{name}.csv. ")  # fmt: skip
    note += (f"Bands: 95% intervals (none where a bin has one article). Hollow dots: fewer than "
             f"{run.params.min_n} {by} (min_n). n of every point in shown/{name}.csv.")  # fmt: skip
    labels = [layout.shorten(g, 24) for g in names]
    nrow, ncol = len(names), len(actors)
    # one Axes per actor, the groups as its rows (one scale): an Axes per panel cost
    # nrow x ncol Axes with their ticks and layout
    fig, axes = layout.new_figure(WIDTH, 1.3 + 1.25 * nrow + _note_lines(WIDTH, note), 1,
                                  ncol, sharex=True, sharey=True, squeeze=False)  # fmt: skip
    axes = axes[0]
    x = _x(pd.Series(grid))
    scale = _Rows(rows[["value", "ci_low", "ci_high"]].to_numpy(), nrow)
    for j, actor in enumerate(actors):
        ax = axes[j]
        for i, g in enumerate(names):
            r = rows[(rows["actor"] == actor) & (rows["group"] == g)]
            r = r.set_index("period").reindex(grid)
            base = scale.base(i)
            v = r["value"].astype(float).to_numpy() + base
            lo = r["ci_low"].astype(float).to_numpy() + base
            hi = r["ci_high"].astype(float).to_numpy() + base
            few = np.array([layout.too_few(k, run.params.min_n) for k in r[n]], dtype=bool)
            ax.fill_between(x, lo, hi, color="C0", alpha=0.18, lw=0)
            ax.plot(x, v, "-", color="C0", lw=1)
            ax.plot(x[~few], v[~few], "o", ms=2.5, color="C0")
            ax.plot(x[few], v[few], "o", ms=2.5, color="C0", mfc="white")
            if j == 0:
                scale.label(ax, i, labels[i])
        ax.set_title(layout.shorten(actor, 30), fontsize=9)
    scale.axis(axes[0])
    for ax in axes[1:]:
        for i in range(nrow):
            ax.axhline(scale.base(i), color="#aaa", lw=0.6)
    for ax in axes:
        _time_axis(ax, bin_, maxticks=max(3, 8 // ncol))
    fig.supylabel(f"{ylabel}, per {what}", fontsize=9)
    layout.title(fig, axes[0], title)
    layout.note(fig, note)
    alt = (f"Small multiples over time: {title}. Rows ({what}): {', '.join(names)}. "
           f"Columns (actors): {', '.join(actors)}. {note}")  # fmt: skip
    return save_figure(fig, rows[rows["group"].isin(names)].reset_index(drop=True), run.out,
                       name, title, alt)  # fmt: skip


def over_time_by_group(
    run, table: str, measure: str, n: str, by: str, ylabel: str, title: str, words: str, fmt,
    highest: bool,
) -> tuple[str, list, list]:  # fmt: skip
    """A per-group over-time view of ``table`` (``actor_*_over_time_by_group``): the top
    actors as panels, finding and shown table."""
    if not _has_groups(run, table):
        return "", [], []
    wanted = focus_actors(run, MAX_GROUP_PANELS)
    t = _rows_where(run, table, "actor", wanted)  # every actor x group x bin: read the few
    t = t[t["measure"] == measure]
    actors = [a for a in wanted if a in set(t["actor"])]
    if not actors:
        return "", [], []
    rows = t[t["actor"].isin(actors)].reset_index(drop=True)
    fig = _group_over_time(run, rows, actors, n, by, ylabel, title, table)
    finding = findings.over_time_by_group(rows, _group_name(run), words, fmt, run.params.min_n,
                                          n, highest)  # fmt: skip
    shown = save_table(rows.drop(columns=["unit"]).rename(columns={"group": _group_name(run)}),
                       run.out, table)  # fmt: skip
    return finding, [fig], [(f"{title}: the actors shown, every {_group_name(run)}", shown)]


def articles_by_group(run) -> tuple[str, list, list]:
    """Articles per outlet group (``articles_per_group``): a sentence, bars, the table."""
    if not _has_groups(run, "articles_per_group"):
        return "", [], []
    what = _group_name(run)
    counts = run.tables.articles_per_group
    totals = counts.drop_duplicates("group")[["group", "total"]].reset_index(drop=True)
    fig = barh(totals, "group", "total", run.out, "articles_per_group",
               f"Articles per {what}", "articles (count)", what, fmt=lambda v: f"{v:.0f}",
               n="total", rows=rows_of(run, f"{what} groups", "articles", "articles_per_group",
                                       thin=False))  # fmt: skip
    top = totals.iloc[0]
    finding = (f"By {what}: {findings.plural(len(totals), 'group')}, most articles from "
               f"{top['group']} ({int(top['total'])}).")  # fmt: skip
    shown = save_table(counts.rename(columns={"group": what}), run.out, "articles_per_group")
    return finding, [fig], [(f"Articles per {what} and event", shown)]


def distinctive_by_group(run, per_group: int = 5) -> tuple[str, list, list]:
    """Words that set each outlet group apart from the others (``distinctive_top_by_group``)."""
    if not _has_groups(run, "distinctive_top_by_group"):
        return "", [], []
    what = _group_name(run)
    terms = run.tables.distinctive_top_by_group
    cols = ["group", "ngram", "term", "count_group", "count_rest", "log_odds", "z", "examples"]
    top = terms[terms["rank"] <= per_group][cols].reset_index(drop=True)
    per = 3 if top["group"].nunique() * 3 <= run.params.max_rows else 1
    bars = (
        top.groupby("group", sort=True).head(per)
        .assign(label=lambda d: d["group"].astype(str) + ": " + d["term"].astype(str))
        .reset_index(drop=True)
    )  # fmt: skip
    fig = barh(
        bars[["label", "z", "group", "term", "count_group"]], "label", "z", run.out,
        "distinctive_words_by_group",
        f"Most distinctive {'words' if per > 1 else 'word'} per {what} (top {per}, vs the other "
        "groups)",
        "z-score of the log-odds ratio (above 1.96: unlikely by chance)",
        f"{what}: word or phrase (n: uses)", n="count_group",
        rows=rows_of(run, "group words", "uses", "distinctive_words_by_group", thin=False),
    )  # fmt: skip
    finding = findings.distinctive_words(top.rename(columns={"group": "outlet"}), f"{what} group")
    shown = save_table(top.rename(columns={"group": what}), run.out, "distinctive_words_by_group")
    return finding, [fig], [(f"Top distinctive words per {what} (vs the other groups)", shown)]


# every public helper that takes the run keeps its figures between runs of the same tables
for _name, _helper in list(globals().items()):
    if (
        inspect.isfunction(_helper)
        and _helper.__module__ == __name__
        and not _name.startswith("_")
        and next(iter(inspect.signature(_helper).parameters), "") == "run"
    ):
        globals()[_name] = _view(_helper)
del _name, _helper

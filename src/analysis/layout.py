"""Figure layout that scales: sizes computed from what is drawn, text that fits, and the check.

Every figure of analysis.figures is laid out with these helpers, so that it stays legible from
one to hundreds of rows (outlets, actors, pairs):

- :func:`top_rows` keeps the ``limit`` rows with the largest ``n`` (the count behind each
  estimate) and says how many it left out (:class:`Selection`); :func:`left_out_note` words
  that for the figure ("... 38 more outlets in shown/tone_by_outlet.csv").
- :func:`text_size` measures a string in inches (matplotlib's own text metrics), and
  :func:`wrap` / :func:`shorten` fit a title or a label into a width.
- :func:`row_figsize` and :func:`grid_figsize` compute a figure's size from its rows, columns and
  label lengths; :func:`new_figure` makes the figure (tight layout, one measuring pass).
- :func:`fit` grows a laid-out figure until every text lies inside it (titles, tick and
  colorbar labels): nothing is cut off.
- :func:`text_problems` lists what a reader could not read: a text outside the figure, two
  texts overlapping, a font under :data:`MIN_FONT` points. analysis.figures records it for
  every figure it saves, and the tests assert it is empty.

Pure helpers: they take labels, counts and figures and return sizes, strings and selections.
"""

from __future__ import annotations

import contextlib
import textwrap
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import matplotlib

matplotlib.use("Agg")

import matplotlib.axis as maxis
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.font_manager import FontProperties
from matplotlib.layout_engine import LayoutEngine, TightLayoutEngine
from matplotlib.text import Text

MIN_FONT = 8.0  # points: no text of a figure is smaller
FONT = 9.0  # tick labels, axis labels, notes
TITLE_FONT = 11.0
WIDTH = 8.0  # inches: the width of a figure whose labels fit in LABEL_WIDTH
LABEL_WIDTH = 3.0  # inches of row labels a figure of WIDTH holds
MAX_LABEL_CHARS = 48  # a row label longer than this is shortened (full text in the CSV)
ROW = 0.28  # inches per row of a bar or dot chart
CELL_H = 0.36  # inches per row of a heatmap (two lines of 8 pt text)
CELL_W = 0.58  # inches per column of a heatmap
MAX_COLUMNS = 12  # a heatmap with more columns becomes a ranked dot plot
DPI = 100


# --- selecting rows -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """The rows a figure draws and how many of the ``total`` it left out."""

    shown: pd.DataFrame
    left_out: int
    total: int


def top_rows(
    data: pd.DataFrame, n: str | Sequence[float], limit: int, keep_order: bool = True
) -> Selection:
    """The ``limit`` rows of ``data`` with the largest ``n`` (a column name or one count per
    row; ties: the earlier row), in ``data``'s order when ``keep_order`` (else largest n
    first). ``limit`` < 1 keeps every row."""
    total = len(data)
    if limit < 1 or total <= limit:
        return Selection(data.reset_index(drop=True), 0, total)
    counts = data[n] if isinstance(n, str) else pd.Series(list(n), index=data.index)
    counts = pd.to_numeric(counts, errors="coerce").fillna(-1).to_numpy(float)
    order = np.lexsort((np.arange(total), -counts))[:limit]  # largest n, then earlier row
    if keep_order:
        order = np.sort(order)
    return Selection(data.iloc[order].reset_index(drop=True), total - limit, total)


def left_out_note(sel: Selection, what: str, by: str, table: str) -> str:
    """ "Showing the 25 outlets with the most sentences of 63; 38 more in shown/x.csv." ("" when
    nothing was left out). ``what``: plural noun of the rows; ``by``: what n counts;
    ``table``: the shown table's name (without .csv)."""
    if not sel.left_out:
        return ""
    return (
        f"Showing the {len(sel.shown):,} {what} with the most {by} of {sel.total:,}; "
        f"{sel.left_out:,} more in shown/{table}.csv."
    )


def too_few(n: float, min_n: int) -> bool:
    """Whether an estimate resting on ``n`` observations is too thin to colour or plot."""
    return bool(pd.isna(n) or n < min_n)


def n_label(n: float) -> str:
    """ "n=1,234" ("n=0" when missing)."""
    return f"n={0 if pd.isna(n) else int(n):,}"


# --- measuring text -----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _renderer() -> RendererAgg:
    return RendererAgg(10, 10, 72)  # 72 dpi: one pixel is one point


@lru_cache(maxsize=65536)
def text_size(text: str, size: float = FONT, weight: str = "normal") -> tuple[float, float]:
    """(width, height) of one-line or multi-line ``text`` in inches at ``size`` points."""
    lines = str(text).split("\n") or [""]
    prop = FontProperties(size=size, weight=weight)
    widths = []
    for line in lines:
        w, _h, _d = _renderer().get_text_width_height_descent(line or " ", prop, ismath=False)
        widths.append(w)
    return max(widths) / 72.0, len(lines) * size * 1.25 / 72.0


def max_width(labels: Sequence[str], size: float = FONT) -> float:
    """The widest of ``labels`` in inches (0 without labels)."""
    return max((text_size(str(s), size)[0] for s in labels), default=0.0)


def shorten(label: str, limit: int = MAX_LABEL_CHARS) -> str:
    """``label`` on one line, at most ``limit`` characters (an ellipsis marks the cut)."""
    text = " ".join(str(label).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def wrap(text: str, width: float, size: float = TITLE_FONT) -> str:
    """``text`` broken into lines no wider than ``width`` inches at ``size`` points."""
    text = " ".join(str(text).split())
    chars = len(text)
    while chars > 8:
        lines = textwrap.wrap(text, chars, break_long_words=True) or [""]
        if all(text_size(line, size)[0] <= width for line in lines):
            return "\n".join(lines)
        chars = int(chars * 0.9)
    return "\n".join(textwrap.wrap(text, 8)) or text


# --- figure sizes -------------------------------------------------------------------------------


def label_room(labels: Sequence[str], size: float = FONT) -> float:
    """Inches the row labels take (at least 1)."""
    return max(1.0, max_width(labels, size) + 0.2)


def row_figsize(
    n_rows: int,
    labels: Sequence[str],
    title_lines: int = 1,
    extra: float = 0.0,
    side: float = 0.0,
):
    """(width, height) in inches of a bar or dot chart of ``n_rows`` rows labelled ``labels``:
    WIDTH, wider when the labels need more than LABEL_WIDTH, plus ``side`` inches for a legend
    beside the plot; ROW inches per row plus the title (``title_lines`` lines), axis label and
    ticks, and ``extra`` (a note)."""
    width = WIDTH + max(0.0, label_room(labels) - LABEL_WIDTH) + side
    height = 1.3 + 0.22 * title_lines + ROW * max(n_rows, 2) + extra
    return width, height


def grid_figsize(
    n_rows: int,
    n_cols: int,
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    title_lines: int = 1,
    extra: float = 0.0,
):
    """(width, height) in inches of a heatmap: CELL_W x CELL_H per cell (cells hold a value and
    its n), the row labels beside, the column labels below (turned when they are wider than a
    cell), a colorbar, the title and ``extra`` inches for a note."""
    cell_w = max(CELL_W, max_width(col_labels) + 0.1) if not _turn(col_labels) else CELL_W
    col_room = max_width(col_labels) if _turn(col_labels) else 0.25
    width = max(WIDTH, label_room(row_labels) + n_cols * cell_w + 1.6)
    height = 1.2 + 0.22 * title_lines + CELL_H * max(n_rows, 2) + col_room + extra
    return width, height


def _turn(col_labels: Sequence[str]) -> bool:
    """Column labels are turned 90 degrees when one is wider than a heatmap cell."""
    return max_width(col_labels) > CELL_W * 1.6 or len(col_labels) > 8


def turn_columns(col_labels: Sequence[str]) -> int:
    """The rotation (0 or 90 degrees) of a heatmap's column labels."""
    return 90 if _turn(col_labels) else 0


def new_figure(width: float, height: float, nrows: int = 1, ncols: int = 1, **kw):
    """A figure of ``width`` x ``height`` inches laid out by matplotlib's tight layout in one
    measuring pass (room for tick labels, titles, notes and colorbars made from their drawn
    extents); returns (fig, axes) like plt.subplots.

    Not constrained layout: it measures every Axes' decorations twice before each drawing
    (about half of a figure's first drawing on the seeds' reports); tight layout with
    ``rect=(0, 0, 1, 1)`` measures twice too. With ``rect=None`` it measures once; whatever
    that one pass leaves outside the figure, :func:`fit` grows it for (and checks)."""
    engine = TightLayoutEngine(pad=1.08, rect=None)
    return plt.subplots(nrows, ncols, figsize=(width, height), layout=engine, dpi=DPI, **kw)


class InchMargins(LayoutEngine):
    """A layout from margins known before drawing (inches: left, right, top, bottom, from the
    measured label sizes), kept in inches when :func:`fit` grows the figure: no measuring pass
    (tight layout measures every Axes' decorations). For a figure of one Axes whose labels'
    sizes are known, as a heatmap's; :func:`fit` still measures every text and grows the
    figure for whatever lies outside."""

    _adjust_compatible = True
    _colorbar_gridspec = True

    def __init__(self, left: float, right: float, top: float, bottom: float) -> None:
        super().__init__()
        self.margins = (left, right, top, bottom)

    def execute(self, fig) -> None:
        w, h = fig.get_size_inches()
        left, right, top, bottom = self.margins
        fig.subplots_adjust(left=left / w, right=1 - right / w, top=1 - top / h,
                            bottom=bottom / h)  # fmt: skip


def margin_figure(width: float, height: float, margins: tuple[float, float, float, float]):
    """(fig, ax): one Axes of a ``width`` x ``height`` inch figure laid out by
    :class:`InchMargins` (left, right, top, bottom inches)."""
    return plt.subplots(figsize=(width, height), layout=InchMargins(*margins), dpi=DPI)


def note(fig, text: str) -> None:
    """A note under the plot (what was left out, what grey cells mean), wrapped to the figure."""
    if text:
        width = fig.get_figwidth() - 0.3
        fig.supxlabel(wrap(text, width, FONT), fontsize=FONT, x=0.02, ha="left", color="#333")


def title(fig, ax, text: str) -> None:
    """``text`` as the figure's title (centred on the figure, not on the axes, so long row
    labels cannot push it out), wrapped to the figure's width. ``ax`` is unused: kept so
    every figure helper calls it the same way."""
    del ax
    fig.suptitle(wrap(text, fig.get_figwidth() - 0.4, TITLE_FONT), fontsize=TITLE_FONT)


def title_lines(text: str, width: float = WIDTH) -> int:
    """How many lines ``text`` takes as a title of a figure ``width`` inches wide."""
    return wrap(text, width - 0.4, TITLE_FONT).count("\n") + 1


# --- checking and fitting -----------------------------------------------------------------------


def _drawn_texts(fig) -> list[Text]:
    """Every visible, non-empty text a reader sees: titles, axis labels, the tick labels drawn
    (ticks inside the view), texts in the axes, legends, figure texts."""
    found: list[Text] = []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            eps = (hi - lo) * 1e-9
            locs = axis.get_majorticklocs()  # the locator once (get_major_ticks() calls it too)
            for tick, loc in zip(axis.get_major_ticks(len(locs)), locs, strict=False):
                if lo - eps <= loc <= hi + eps and tick.get_visible():
                    found += [t for t in (tick.label1, tick.label2) if t.get_visible()]
            found.append(axis.label)
            found.append(axis.get_offset_text())
        found += [ax.title, ax._left_title, ax._right_title, *ax.texts]
        leg = ax.get_legend()
        if leg is not None:
            found += [*leg.get_texts(), leg.get_title()]
    for leg in fig.legends:
        found += [*leg.get_texts(), leg.get_title()]
    found += list(fig.texts)
    for t in (fig._suptitle, fig._supxlabel, fig._supylabel):
        if t is not None:
            found.append(t)
    unique = list({id(t): t for t in found}.values())  # supxlabel is also in fig.texts
    return [t for t in unique if t.get_visible() and t.get_text().strip()]


def _lay_out(fig, renderer) -> None:
    """What a drawing of ``fig`` does before it paints, and nothing else: the layout engine's
    pass, each Axes' aspect and title position, each axis' ticks, label and offset text placed
    from its tick labels' extents, the legends placed. The figure's lines, patches, images and
    tick marks are not walked (a full drawing with painting disabled walks them all: about a
    third of this pass on the reports' figures); the text boxes measured afterwards are the
    same as after such a drawing (tests/test_layout.py)."""
    engine = fig.get_layout_engine()
    if fig.axes and engine is not None:
        with contextlib.suppress(ValueError):  # as Figure.draw: a figure too small for it
            engine.execute(fig)
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        ax._unstale_viewLim()
        locator = ax.get_axes_locator()
        ax.apply_aspect(locator(ax, renderer) if locator else None)
        ax._update_title_position(renderer)
        if ax.axison:
            for axis in ax._axis_map.values():
                if not axis.get_visible():
                    continue
                ticks = axis._update_ticks()
                below, above = axis._get_ticklabel_bboxes(ticks, renderer)
                axis._update_label_position(renderer)
                axis._update_offset_text_position(below, above)
                axis.offsetText.set_text(axis.major.formatter.get_offset())
        legend = ax.get_legend()
        if legend is not None and legend.get_visible():
            legend.draw(renderer)  # places its box (nothing is painted)
    for legend in fig.legends:
        if legend.get_visible():
            legend.draw(renderer)


@lru_cache(maxsize=8)
def _measuring_renderer(dpi: float) -> RendererAgg:
    return RendererAgg(1, 1, dpi)


class _MeasuringCanvas(FigureCanvasAgg):
    """A canvas for laying a figure out and measuring its texts, never for painting: its
    renderer is one per dpi, shared by every figure, so that a text is measured once per
    process (matplotlib keeps text sizes per renderer; a figure's own Agg renderer, made
    anew whenever fit grows the figure, measured every text again), and it holds no pixel
    buffer of the figure's size."""

    def get_renderer(self) -> RendererAgg:
        return _measuring_renderer(self.figure.dpi)


@contextlib.contextmanager
def _measuring(fig):
    """``fig`` on a :class:`_MeasuringCanvas` for the block (the layout engine and the text
    boxes use its renderer), back on its own canvas afterwards."""
    own = fig.canvas
    canvas = _MeasuringCanvas(fig)
    try:
        yield canvas.get_renderer()
    finally:
        fig.set_canvas(own)


_TICKS: dict | None = None  # the ticks each axis computed in the current ticks_once block


def _update_ticks_once(axis):
    """``Axis._update_ticks`` inside :func:`ticks_once`: the ticks of ``axis`` computed once
    for its place on the figure (its Axes' box in display units) and its view limits."""
    key = (id(axis), tuple(axis.axes.bbox.bounds), tuple(axis.get_view_interval()))
    ticks = _TICKS.get(key) if _TICKS is not None else None
    if ticks is None:
        ticks = _UPDATE_TICKS(axis)
        if _TICKS is not None:
            _TICKS[key] = ticks
    return list(ticks)


# a private method of matplotlib's (3.8-3.11 have it): where a version lacks it, ticks_once
# leaves matplotlib alone and only the saving is lost
_UPDATE_TICKS = getattr(maxis.Axis, "_update_ticks", None)


@contextlib.contextmanager
def ticks_once():
    """Within the block, each axis computes its ticks (locations, label texts, positions)
    once for a given box and view, not at every query: matplotlib's layout pass and drawing
    ask again for each spine, each title, the axis label and every sibling panel's label
    (about seven times per Axes in a tight layout pass), each time running the locator and
    the formatter over every tick. The answer depends only on the Axes' box in display
    units and the view limits (the key kept); nothing else changes them while a figure is
    laid out and drawn. Blocks nest; matplotlib's own method is back afterwards."""
    global _TICKS
    if _TICKS is not None or _UPDATE_TICKS is None:  # already inside a block, or no such method
        yield
        return
    _TICKS = {}
    maxis.Axis._update_ticks = _update_ticks_once
    try:
        yield
    finally:
        maxis.Axis._update_ticks = _UPDATE_TICKS
        _TICKS = None


def _boxes(fig) -> tuple[list[Text], np.ndarray]:
    with warnings.catch_warnings(), _measuring(fig) as renderer, ticks_once():
        # a figure too small for its labels: fit() grows it, the check reports what is left
        warnings.filterwarnings("ignore", message="constrained_layout not applied")
        warnings.filterwarnings("ignore", message="Tight layout not applied")
        # lay the figure out and place every text, painting nothing (the figure is drawn
        # once, afterwards, as SVG); painting is disabled for the legends placed in _lay_out
        with renderer._draw_disabled():
            _lay_out(fig, renderer)
        texts = _drawn_texts(fig)
        boxes = np.array(
            [[*t.get_window_extent(renderer).extents] for t in texts], dtype=float
        ).reshape(-1, 4)
    return texts, boxes


def fit(fig, pad: float = 0.04, rounds: int = 4) -> list[str]:
    """Grow ``fig`` until every drawn text lies inside it with ``pad`` inches to spare (the
    layout engine then gives the axes the room back): nothing is cut off at any edge. Returns
    :func:`text_problems` of the fitted figure (from its last drawing)."""
    for _ in range(rounds):
        texts, boxes = _boxes(fig)
        if not len(boxes):
            return []
        dpi = fig.dpi
        w, h = fig.get_figwidth() * dpi, fig.get_figheight() * dpi
        p = pad * dpi
        grow_w = max(0.0, p - boxes[:, 0].min()) + max(0.0, boxes[:, 2].max() - (w - p))
        grow_h = max(0.0, p - boxes[:, 1].min()) + max(0.0, boxes[:, 3].max() - (h - p))
        if grow_w < 0.5 and grow_h < 0.5:
            return _problems(fig, texts, boxes)
        fig.set_size_inches(
            fig.get_figwidth() + (grow_w + p) / dpi, fig.get_figheight() + (grow_h + p) / dpi
        )
    return text_problems(fig)


def text_problems(fig, min_font: float = MIN_FONT) -> list[str]:
    """What a reader could not read in ``fig`` (drawn at its size): texts outside the figure,
    pairs of texts overlapping, fonts under ``min_font`` points. [] when none."""
    texts, boxes = _boxes(fig)
    return _problems(fig, texts, boxes, min_font)


def _problems(fig, texts: list[Text], boxes: np.ndarray, min_font: float = MIN_FONT) -> list[str]:
    problems = []
    w, h = fig.bbox.width, fig.bbox.height
    for t, (x0, y0, x1, y1) in zip(texts, boxes, strict=True):
        if x0 < -0.5 or y0 < -0.5 or x1 > w + 0.5 or y1 > h + 0.5:
            problems.append(f"outside the figure: {t.get_text()!r}")
        if t.get_fontsize() < min_font:
            problems.append(f"{t.get_fontsize():g} pt: {t.get_text()!r}")
    if len(boxes) > 1:
        x0, y0, x1, y1 = (boxes[:, i] for i in range(4))
        ox = np.minimum(x1[:, None], x1[None, :]) - np.maximum(x0[:, None], x0[None, :])
        oy = np.minimum(y1[:, None], y1[None, :]) - np.maximum(y0[:, None], y0[None, :])
        hit = (ox > 1.0) & (oy > 1.0)  # more than a pixel each way
        for i, j in zip(*np.nonzero(np.triu(hit, 1)), strict=True):
            problems.append(f"overlap: {texts[i].get_text()!r} and {texts[j].get_text()!r}")
    return problems

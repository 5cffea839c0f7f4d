"""analysis.layout: row selection, text fitting, and the legibility check on hand-made figures."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from analysis import layout


def test_top_rows_keeps_the_largest_n_in_the_tables_order():
    df = pd.DataFrame({"outlet": ["a", "b", "c", "d", "e"], "n": [5, 1, 9, 5, 3]})
    sel = layout.top_rows(df, "n", 3)
    # n 9 (c), then the tie 5 (a, d): both kept; b (1) and e (3) left out; order of df kept
    assert list(sel.shown["outlet"]) == ["a", "c", "d"]
    assert (sel.left_out, sel.total) == (2, 5)
    by_n = layout.top_rows(df, "n", 2, keep_order=False)
    assert list(by_n.shown["outlet"]) == ["c", "a"]  # the tie at 5 goes to the earlier row
    everything = layout.top_rows(df, "n", 25)
    assert everything.left_out == 0 and len(everything.shown) == 5
    assert layout.left_out_note(everything, "outlets", "sentences", "t") == ""
    assert layout.left_out_note(sel, "outlets", "sentences", "tone_by_outlet") == (
        "Showing the 3 outlets with the most sentences of 5; 2 more in shown/tone_by_outlet.csv."
    )


def test_too_few_and_n_labels():
    assert layout.too_few(2, 3) and layout.too_few(float("nan"), 3) and not layout.too_few(3, 3)
    assert layout.n_label(1234) == "n=1,234" and layout.n_label(float("nan")) == "n=0"


def test_wrap_and_shorten_fit_the_width():
    title = "Share of voice: % of each outlet's quoted words, by speaker, across every outlet"
    wrapped = layout.wrap(title, 3.0, 11)
    assert wrapped.replace("\n", " ") == title and wrapped.count("\n") >= 1
    assert all(layout.text_size(line, 11)[0] <= 3.0 for line in wrapped.split("\n"))
    assert layout.shorten("x" * 60, 10) == "x" * 9 + "…"
    assert layout.shorten("  a\n b ") == "a b"


def test_text_problems_finds_cut_overlapping_and_small_text():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.text(0.5, 0.5, "one", fontsize=9)
    ax.text(0.5, 0.5, "two", fontsize=9)  # on top of "one"
    ax.text(5.0, 0.5, "far right", fontsize=9)  # data coordinates: outside the figure
    ax.set_xlabel("tiny", fontsize=6)
    problems = layout.text_problems(fig)
    plt.close(fig)
    assert "overlap: 'one' and 'two'" in problems
    assert "outside the figure: 'far right'" in problems
    assert "6 pt: 'tiny'" in problems


def test_fit_grows_a_figure_until_a_long_title_and_labels_are_inside():
    fig, ax = layout.new_figure(2.0, 1.5)
    fig.suptitle("A title much wider than the two inches of its figure, " * 2)
    ax.set_yticks([0, 1], ["a very long outlet name indeed, longer than the figure", "b"])
    assert any(p.startswith("outside") for p in layout.text_problems(fig))
    width = fig.get_figwidth()
    assert layout.fit(fig) == []
    assert fig.get_figwidth() > width
    plt.close(fig)


def test_figure_sizes_grow_with_rows_and_labels():
    short = layout.row_figsize(5, ["BBC"])
    tall = layout.row_figsize(25, ["BBC"])
    wide = layout.row_figsize(5, ["The Northern Valley Evening Telegraph and Courier 417"])
    assert tall[1] > short[1] and tall[0] == short[0] == layout.WIDTH
    assert wide[0] >= short[0]
    grid = layout.grid_figsize(25, 12, ["BBC"] * 25, [f"speaker {i}" for i in range(12)])
    assert grid[0] > layout.WIDTH and layout.turn_columns([f"speaker {i}" for i in range(12)])
    assert layout.turn_columns(["a", "b"]) == 0


def test_fit_measures_without_painting_what_a_painted_drawing_lays_out():
    """fit lays a figure out and measures its texts in a pass that paints nothing (the figure
    is then drawn once, as SVG): the boxes it measures are the ones a painted Agg drawing of
    the same figure gives, and nothing was rasterised."""
    fig, ax = plt.subplots(figsize=(4, 3), dpi=layout.DPI)
    ax.barh(["a long outlet name", "b"], [3, 5])
    ax.set_title("Mentions per outlet")
    fig.subplots_adjust(left=0.4)
    assert layout.fit(fig) == []
    # fit measured on the shared measuring renderer: the figure's own canvas made none, and
    # the measuring one painted no pixel
    assert getattr(fig.canvas, "renderer", None) is None
    measuring = layout._measuring_renderer(fig.dpi)
    assert np.asarray(measuring.buffer_rgba())[..., 3].max() == 0
    texts, measured = layout._boxes(fig)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    painted = [[*t.get_window_extent(renderer).extents] for t in texts]
    assert np.asarray(fig.canvas.buffer_rgba())[..., 3].max() == 255  # a drawing paints
    plt.close(fig)
    assert len(texts) >= 4 and measured.tolist() == painted


def test_new_figure_measures_each_axes_once_per_drawing_and_keeps_long_labels_inside(
    monkeypatch,
):
    # the layout measures every Axes' decorations once before a drawing (constrained layout
    # and tight layout with its default rect measure twice), and still makes room for long
    # row labels, the title and the axis labels: nothing outside after fit
    from matplotlib.axes import Axes

    calls = []
    inner = Axes.get_tightbbox

    def counted(self, *args, **kwargs):
        calls.append(self)
        return inner(self, *args, **kwargs)

    monkeypatch.setattr(Axes, "get_tightbbox", counted)
    labels = ["a rather long outlet name, with its city", "b", "c"]
    fig, axes = layout.new_figure(9.0, 3.0, 1, 2)
    for ax in axes:
        ax.barh(range(3), [1.0, -2.0, 3.0])
        ax.set_yticks(range(3), labels)
        ax.set_xlabel("mean polarity (-1 to +1)")
    layout.title(fig, axes[0], "A title")
    fig.canvas.draw()
    assert len(calls) == 2  # two Axes, one measuring pass
    assert layout.fit(fig) == []
    # the left Axes starts right of its widest label (laid out, not overlapping)
    renderer = fig.canvas.get_renderer()
    widest = max(t.get_window_extent(renderer).x1 for t in axes[0].get_yticklabels())
    assert widest <= axes[0].get_window_extent(renderer).x0
    plt.close(fig)


def test_measuring_pass_places_every_text_as_a_full_drawing_does_without_walking_the_rest(
    monkeypatch,
):
    """fit's measuring pass runs the layout and places the texts (titles, tick, axis and
    offset labels, legends, colorbar labels) as a drawing would, without drawing the lines,
    patches and images: on a fresh copy of the same figure, a full drawing with painting
    disabled gives the same texts at exactly the same places."""
    import pickle

    from matplotlib.lines import Line2D

    def figure():
        fig, (left, right) = layout.new_figure(8.0, 3.0, 1, 2)
        left.plot([0, 1, 2], [1e6, 3e6, 2e6], label="a series with a long name")
        left.plot([0, 1, 2], [2e6, 1e6, 3e6], label="b")
        left.legend(loc="upper left", bbox_to_anchor=(1.01, 0.5))
        left.set_xlabel("month")
        image = right.imshow(np.arange(6.0).reshape(2, 3), aspect="auto")
        right.set_yticks([0, 1], ["an outlet with a long name", "b"])
        fig.colorbar(image, ax=right, label="share")
        layout.title(fig, left, "A title over both panels")
        layout.note(fig, "A note under the plot.")
        return fig

    fig = figure()
    twin = pickle.loads(pickle.dumps(fig))
    drawn = []
    inner = Line2D.draw
    monkeypatch.setattr(Line2D, "draw", lambda self, r: (drawn.append(self), inner(self, r)))
    texts, boxes = layout._boxes(fig)
    plotted = [*fig.axes[0].lines, *(t.tick1line for t in fig.axes[0].xaxis.majorTicks)]
    assert not any(line in drawn for line in plotted)  # only the legend's sample lines
    renderer = twin.canvas.get_renderer()
    with renderer._draw_disabled():
        twin.draw(renderer)
    twin_texts = layout._drawn_texts(twin)
    full = np.array([[*t.get_window_extent(renderer).extents] for t in twin_texts])
    assert [t.get_text() for t in texts] == [t.get_text() for t in twin_texts]
    assert len(texts) > 10 and any("1e6" in t.get_text() for t in texts)  # offset text
    assert np.array_equal(boxes, full)
    plt.close(fig)
    plt.close(twin)


def test_texts_are_measured_once_per_process_not_once_per_figure_and_round(monkeypatch):
    """fit measures on one renderer per dpi shared by every figure (layout._MeasuringCanvas):
    a second figure with the same texts, grown by fit like the first, measures nothing again;
    the figure is back on its own canvas afterwards, and its boxes are those its own
    renderer gives."""
    from matplotlib.backends.backend_agg import RendererAgg

    measured = []
    inner = RendererAgg.get_text_width_height_descent
    monkeypatch.setattr(
        RendererAgg, "get_text_width_height_descent",
        lambda self, s, prop, ismath: measured.append((s, prop.get_size_in_points(), self.dpi))
        or inner(self, s, prop, ismath),
    )  # fmt: skip

    def figure():
        fig, ax = layout.new_figure(3.0, 2.0)
        ax.barh(["an outlet name much too long for so small a figure", "b"], [3, 5])
        ax.set_xlabel("mentions per 1,000 words, a long axis label")
        layout.title(fig, ax, "Mentions per outlet, a title of its own")
        return fig

    first = figure()
    own = first.canvas
    assert layout.fit(first) == [] and first.get_figwidth() > 3.0  # grown: a second round
    assert first.canvas is own and measured
    once = len(measured)
    assert len(set(measured)) == once  # each text measured once, in every round of fit
    second = figure()
    assert layout.fit(second) == []
    assert len(measured) == once  # nothing measured again for the second figure
    texts, boxes = layout._boxes(second)
    renderer = second.canvas.get_renderer()  # the figure's own Agg renderer
    assert boxes.tolist() == [[*t.get_window_extent(renderer).extents] for t in texts]
    plt.close(first)
    plt.close(second)


def test_ticks_once_computes_each_axis_ticks_once_per_box_and_draws_the_same(monkeypatch):
    """Inside ticks_once an axis computes its ticks once for its box and view (matplotlib's
    layout pass asks about seven times per Axes); a new box or view computes them again;
    the SVG of small multiples with shared axes and of a heatmap with a colorbar is the
    same byte for byte as without it, and matplotlib's method is back afterwards."""
    import contextlib
    import io

    import matplotlib.axis as maxis

    from analysis import figures  # noqa: F401  (its rcParams: fixed SVG ids, text as text)

    calls = []
    inner = maxis.Axis._update_ticks

    def counted(axis):
        calls.append(axis)
        return inner(axis)

    monkeypatch.setattr(maxis.Axis, "_update_ticks", counted)
    monkeypatch.setattr(layout, "_UPDATE_TICKS", counted)

    def drawings():
        fig, axes = layout.new_figure(6.0, 4.0, 2, 2, sharex=True, sharey=True, squeeze=False)
        for i, ax in enumerate(axes.ravel()):
            ax.errorbar([0, 1, 2], [0.1 * i, -0.3, 0.2], yerr=0.1, fmt="o-")
            ax.set_title(f"panel {i}", fontsize=9)
        layout.title(fig, axes[0, 0], "Small multiples")
        fig2, ax2 = layout.new_figure(5.0, 3.0)
        image = ax2.imshow(np.arange(12.0).reshape(3, 4), aspect="auto", cmap="Blues")
        ax2.set_yticks(range(3), ["an outlet", "another outlet", "a third"])
        fig2.colorbar(image, ax=ax2, label="mentions per 1,000 words")
        return [fig, fig2]

    def svg(fig):
        problems = layout.fit(fig)
        fig.set_layout_engine(None)
        out = io.BytesIO()
        with layout.ticks_once():
            fig.savefig(out, format="svg", metadata={"Date": None})
        plt.close(fig)
        return problems, out.getvalue()

    with monkeypatch.context() as m:  # matplotlib's own method at every query
        m.setattr(layout, "ticks_once", contextlib.nullcontext)
        before = [svg(f) for f in drawings()]
    every_query = len(calls)
    calls.clear()
    after = [svg(f) for f in drawings()]
    assert after == before and all(p == [] for p, _ in after)
    assert len(calls) * 3 < every_query  # a third of the computations or fewer
    assert maxis.Axis._update_ticks is counted  # matplotlib's (here: counted) method is back
    # within a block: once per axis for a box; a new box (the figure grown) computes again
    fig, ax = layout.new_figure(4.0, 3.0)
    ax.plot([0, 1], [0, 1])
    calls.clear()
    with layout.ticks_once():
        for _ in range(3):
            ax.xaxis._update_ticks()
        assert len(calls) == 1
        fig.set_size_inches(5.0, 3.0)
        ax.xaxis._update_ticks()
        assert len(calls) == 2
        ax.set_xlim(0, 2)  # a new view
        ax.xaxis._update_ticks()
        assert len(calls) == 3
    ax.xaxis._update_ticks()  # outside the block: computed at every query
    assert len(calls) == 4
    plt.close(fig)


def test_ticks_once_leaves_matplotlib_alone_where_it_has_no_update_ticks(monkeypatch):
    """A matplotlib without the private ``Axis._update_ticks``: the block patches nothing and
    the figure still draws (only the saving is lost)."""
    monkeypatch.setattr(layout, "_UPDATE_TICKS", None)
    import matplotlib.axis as maxis

    method = maxis.Axis._update_ticks
    fig, ax = layout.new_figure(4.0, 3.0)
    ax.plot([0, 1], [0, 1])
    with layout.ticks_once():
        assert maxis.Axis._update_ticks is method
        assert layout._TICKS is None
        assert len(ax.xaxis._update_ticks()) > 0
    assert maxis.Axis._update_ticks is method
    plt.close(fig)


def test_inch_margins_keep_the_axes_margins_in_inches_when_the_figure_grows():
    # margins known before drawing (no measuring pass): left 1.5, right 0.25, top 0.5,
    # bottom 1.0 inches, at the first size and after the figure is made wider and taller
    fig, ax = layout.margin_figure(6.0, 4.0, (1.5, 0.25, 0.5, 1.0))
    try:
        for size in ((6.0, 4.0), (9.0, 5.0)):
            fig.set_size_inches(*size)
            fig.get_layout_engine().execute(fig)
            x0, y0, x1, y1 = ax.get_position().extents
            w, h = size
            assert (x0 * w, (1 - x1) * w, (1 - y1) * h, y0 * h) == pytest.approx(
                (1.5, 0.25, 0.5, 1.0)
            )
    finally:
        plt.close(fig)

"""analysis.figures: computed findings on the fixture corpus, escaping, deterministic files."""

import html
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis import figures, layout, report
from analysis.params import Params, validate

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "corpus"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("fig")
    return report.prepare(validate({"corpus": str(FIXTURE), "output_dir": str(out), "n_boot": 20}))


def test_articles_per_outlet_finding_from_the_manifest(run):
    # manifest: a1, a2 by Daily Test, b1 by Evening Fixture, all in event "test pause"
    v = figures.articles_per_outlet(run)
    assert v.finding == (
        "3 articles from 2 outlets and 1 event were analysed. Most articles: Daily Test (2)."
    )
    fig = v.figures[0]
    assert [p.suffix for p in fig.paths] == [".svg", ".csv"]
    assert fig.paths[0].read_bytes() == fig.svg  # the file is the figure shown
    data = pd.read_csv(fig.paths[1])
    assert dict(zip(data.outlet, data.total, strict=True)) == {
        "Daily Test": 2,
        "Evening Fixture": 1,
    }
    assert "Daily Test: 2" in fig.alt and "Evening Fixture: 1" in fig.alt


def test_share_of_voice_sentences(run):
    # Daily Test quotes: Trump "It is a very good step" (6 words), Zelensky "We have seen
    # promises before" (5) and "People are freezing" (3): Zelensky 8 of 14 words = 57%.
    # Evening Fixture has one quote, by Zelensky ("he"): 100%.
    v = figures.share_of_voice(run)
    assert v.finding == (
        "Daily Test quotes Volodymyr Zelensky most: 57% of its quoted words. "
        "Evening Fixture quotes Volodymyr Zelensky most: 100% of its quoted words."
    )
    assert (run.out / "shown" / "share_of_voice.csv").exists()


def test_cleaning_finding_counts_the_newsletter_line(run):
    # a1's last line "Sign up for our weekly newsletter to get the news in your inbox" is 63
    # characters + its line break = 64, removed as boilerplate:newsletter.
    v = figures.cleaning_summary(run)
    assert "the largest category is boilerplate:newsletter (64 characters in 1 span)" in v.finding


def test_every_view_renders_with_alt_text_and_no_script(run):
    helpers = [
        figures.articles_per_outlet,
        figures.cleaning_summary,
        figures.languages,
        figures.rewrites,
        figures.accounting,
        figures.tone_by_outlet,
        figures.instrument_agreement,
        figures.tone_drivers,
        figures.domain_effect,
        figures.attention,
        figures.prominence,
        figures.share_of_voice,
        figures.tone_about_vs_voice,
        figures.stance,
        figures.actor_evidence,
        figures.frame_shares,
        figures.frame_by_actor,
        figures.frame_evidence,
        figures.story_coverage,
        figures.distinctive_words,
    ]
    for helper in helpers:
        v = helper(run)
        page = v._repr_html_()
        assert v.finding and "<script" not in page, helper.__name__
        for f in v.figures:
            assert f.alt and f.title and f.svg.startswith(b"<?xml"), helper.__name__
            assert f"alt='{html.escape(f.alt, quote=True)}'" in page, helper.__name__
            assert f"<figcaption>{html.escape(f.title)}</figcaption>" in page, helper.__name__
            # the figure shown is the file: the same SVG bytes, embedded
            assert report.svg_data_uri(f.svg) in page, helper.__name__


def test_plain_text_of_a_view_names_what_it_shows_without_the_pixels(run):
    # the notebook's text/plain output: the finding, then one line per figure and table
    v = figures.articles_per_outlet(run)
    text = repr(v)
    assert text.splitlines()[0] == v.finding
    assert [f"figure {f.name}" for f in v.figures] == text.splitlines()[1 : 1 + len(v.figures)]
    assert "<svg" not in text and "\\x" not in text and len(text) < 1000
    assert repr(v.figures[0]) == f"<figure {v.figures[0].name!r}: {v.figures[0].title}>"


def test_figure_is_laid_out_without_painting_and_drawn_once_as_svg(tmp_path, monkeypatch):
    # fit's pass lays the figure out and measures its texts with Agg's metrics but paints
    # nothing (no text, no path rasterised); the SVG is the one drawing, and no PNG is made
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.figure import Figure

    calls = []
    draw = Figure.draw
    monkeypatch.setattr(
        Figure, "draw", lambda self, r: calls.append(type(r).__name__) or draw(self, r)
    )
    painted = []
    for meth in ("draw_text", "draw_path", "draw_markers", "draw_image"):
        orig = getattr(RendererAgg, meth)
        monkeypatch.setattr(
            RendererAgg, meth,
            lambda self, *a, _m=meth, _o=orig, **k: painted.append(_m) or _o(self, *a, **k),
        )  # fmt: skip
    data = pd.DataFrame({"label": ["a", "b"], "value": [1.0, -2.0]})
    f = figures.barh(data, "label", "value", tmp_path, "demo", "Demo", "units", "label")
    # one drawing, the SVG backend's renderer (fit's measuring pass lays out and places the
    # texts without a drawing: layout._lay_out)
    assert calls == ["MixedModeRenderer"]
    assert painted == []
    assert sorted(p.name for p in (tmp_path / "figures").iterdir()) == ["demo.csv", "demo.svg"]
    assert f.svg.count(b"<svg") == 1 and b"Demo" in f.svg


def test_table_html_escapes_text():
    df = pd.DataFrame({"text": ["<script>alert(1)</script> & <b>bold</b>"], "x": [0.5]})
    page = figures.table_html(df, "caption <i>")
    assert "<script>" not in page and "<b>bold" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page
    assert "caption &lt;i&gt;" in page


def test_long_tables_are_cut_on_screen_only():
    df = pd.DataFrame({"n": range(50), "t": ["x" * 500] * 50})
    page = figures.table_html(df, max_rows=10)
    assert "40 more rows in the CSV file" in page
    assert "x" * 239 + "…" in page and "x" * 241 not in page


def test_figures_are_deterministic(tmp_path):
    def draw(out):
        data = pd.DataFrame({"label": ["a", "b"], "value": [1.0, -2.0]})
        return figures.barh(data, "label", "value", out, "demo", "Demo", "units", "label")

    a, b = draw(tmp_path / "a"), draw(tmp_path / "b")
    for pa, pb in zip(a.paths, b.paths, strict=True):
        assert pa.read_bytes() == pb.read_bytes(), pa.suffix
    assert b"<dc:date>" not in a.paths[0].read_bytes()
    assert a.alt == "Horizontal bar chart: Demo. a: 1.00; b: -2.00"
    assert plt.get_fignums() == []  # closed after saving


def test_no_outlet_vanishes_from_report_01_or_the_story_views(tmp_path_factory):
    # the seeds: 000 (unidentified aggregator 1, its only article) rewrites 002 (EL PAIS)
    out = tmp_path_factory.mktemp("seeds")
    seeds = report.prepare(
        Params(corpus=str(ROOT / "data" / "raw" / "seeds"), n_boot=20, output_dir=str(out))
    )
    lost = "unidentified aggregator 1"
    omissions = dict(figures.story_coverage(seeds).tables)[
        "Included and omitted elements per outlet"
    ]
    assert lost in set(omissions.outlet)
    acc = figures.accounting(seeds)
    captions = [c for c, _ in acc.tables]
    assert captions[0].startswith("Rewrites counted once in whole-corpus measures")
    once = dict(acc.tables)[captions[0]]
    assert once[["article_id", "outlet", "source_outlet"]].values.tolist() == [
        ["000_72b7cec255c1ca4b", lost, "EL PAIS English Edition"]
    ]
    assert "1 article that rewrites another article of the corpus (000_72b7cec255c1ca4b " in (
        acc.finding
    )
    assert "1 article is flagged as a rewrite" in figures.rewrites(seeds).finding
    # the pooled view names it, the per-outlet tone view has no note and keeps the outlet
    assert "Whole-corpus numbers count shared text once" in figures.attention(seeds).finding
    tone = figures.tone_by_outlet(seeds)
    assert "Whole-corpus" not in tone.finding and lost in set(tone.tables[0][1].outlet)


VIEWS = [
    "articles_per_outlet", "cleaning_summary", "tone_by_outlet", "instrument_agreement",
    "tone_drivers", "domain_effect", "attention", "prominence", "share_of_voice",
    "tone_about_vs_voice", "stance", "frame_shares", "frame_by_actor", "frame_decisions",
    "story_coverage", "distinctive_words", "coverage_over_time", "tone_over_time",
    "attention_over_time", "topic_words",
]  # fmt: skip


def test_every_figure_is_legible(run):
    # analysis.layout.text_problems on every saved figure: no text outside the figure, no two
    # texts overlapping, no font under 8 pt
    for name in VIEWS:
        for f in getattr(figures, name)(run).figures:
            assert f.problems == (), (name, f.name, f.problems)


def test_a_bar_chart_of_60_outlets_shows_the_25_with_the_largest_n(tmp_path):
    # outlet k has n = k sentences: the 25 largest are outlets 35..59, drawn in table order
    data = pd.DataFrame(
        {"outlet": [f"Outlet {k:02d}" for k in range(60)], "value": range(60), "n": range(60)}
    )
    rows = figures.Rows(25, 3, "outlets", "sentences", "tone_by_outlet")
    f = figures.barh(data, "outlet", "value", tmp_path, "bars", "T", "x", "outlet", n="n",
                     rows=rows)  # fmt: skip
    drawn = pd.read_csv(f.paths[1])
    assert list(drawn.outlet) == [f"Outlet {k:02d}" for k in range(35, 60)]
    assert "Showing the 25 outlets with the most sentences of 60; 35 more in " in f.alt
    assert "shown/tone_by_outlet.csv" in f.alt
    assert f.problems == ()
    # 5 rows, two of them under min_n: all drawn, the thin ones named in the note
    few = data.head(5)
    g = figures.barh(few, "outlet", "value", tmp_path, "few", "T", "x", "outlet", n="n",
                     rows=rows)  # fmt: skip
    assert len(pd.read_csv(g.paths[1])) == 5 and "Showing" not in g.alt
    assert "Hatched grey bars: fewer than 3 sentences (min_n)" in g.alt


def test_heatmap_marks_thin_cells_and_writes_n(tmp_path):
    mat = pd.DataFrame({"A": [0.5, 0.2], "B": [0.1, float("nan")]}, index=["X", "Y"])
    n = pd.DataFrame({"A": [10, 2], "B": [4, 0]}, index=["X", "Y"])
    rows = figures.Rows(25, 3, "outlets", "mentions", "t")
    f = figures.heatmap(mat, tmp_path, "h", "Title", "actor", "outlet", "unit", counts=n,
                        rows=rows)  # fmt: skip
    assert "Hatched grey cells: fewer than 3 mentions (min_n)" in f.alt
    drawn = pd.read_csv(f.paths[1])
    assert drawn.columns.tolist() == ["index", "A", "B", "n: A", "n: B"]
    assert drawn["n: A"].tolist() == [10, 2]
    assert f.problems == ()
    # no cell under min_n: nothing is marked
    g = figures.heatmap(mat, tmp_path, "h2", "Title", "actor", "outlet", "unit", counts=n * 5,
                        rows=rows)  # fmt: skip
    assert "Hatched" not in g.alt


def test_a_heatmap_too_wide_becomes_a_ranked_dot_plot_of_the_pairs_with_most_n(tmp_path):
    # 30 outlets x 40 speakers; n = row + column, so the pairs with the most quotes are at
    # the bottom right; value = row - column
    rows_, cols = [f"Outlet {i}" for i in range(30)], [f"Speaker {j}" for j in range(40)]
    n = pd.DataFrame([[i + j for j in range(40)] for i in range(30)], index=rows_, columns=cols)
    mat = pd.DataFrame([[i - j for j in range(40)] for i in range(30)], index=rows_, columns=cols)
    rows = figures.Rows(25, 3, "outlets", "quotes", "share_of_voice")
    f = figures.heatmap(mat.astype(float), tmp_path, "sov", "Share of voice", "speaker",
                        "outlet", "%", counts=n, rows=rows)  # fmt: skip
    drawn = pd.read_csv(f.paths[1])
    assert len(drawn) == 25 and drawn.columns.tolist() == ["outlet", "speaker", "value", "n"]
    # n = 68 (29 + 39) is the largest; 21 pairs have n >= 63, the other 4 have n = 62
    assert (drawn["n"] >= 63).sum() == 21 and drawn["n"].min() == 62
    assert drawn["value"].is_monotonic_decreasing
    assert f.alt.startswith("Ranked dot plot: Share of voice.")
    assert "Too many cells for a grid (30 outlet rows x 40 speaker columns): the 25 " in f.alt
    assert f.problems == ()


def test_over_time_and_topic_views_on_the_fixture(run):
    # the fixture's dates: 2026-01-29 (a1) and 2026-01-30 (a2, b1): two days, one bin per day
    v = figures.coverage_over_time(run)
    assert v.finding.startswith("3 dated articles from 2026-01-29 to 2026-01-30, counted per day")
    assert "the busiest day starts 2026-01-30 with 2 articles" in v.finding
    assert [f.name for f in v.figures] == ["coverage_over_time"]
    drawn = pd.read_csv(run.out / "figures" / "coverage_over_time.csv")
    assert drawn[drawn.level == "corpus"].n_articles.tolist() == [1, 2]
    for helper in (figures.tone_over_time, figures.attention_over_time, figures.topic_words):
        view = helper(run)
        page = view._repr_html_()
        assert view.finding and "<script" not in page, helper.__name__
        for f in view.figures:
            assert f.alt and f.svg.startswith(b"<?xml"), helper.__name__
    # one day only: no time axis, said in words
    one = run._replace(
        tables=run.tables._replace(coverage_over_time=run.tables.coverage_over_time.iloc[:0])
    )
    assert "no over-time view" in figures.coverage_over_time(one).finding


def test_time_axis_ticks_are_fixed_to_the_auto_locators_choice():
    """A time axis keeps the ticks AutoDateLocator picks for the drawn dates, fixed once (it
    recomputed them at every drawing and tick query: most of a time figure's cost)."""
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FixedLocator

    x = pd.to_datetime(["2024-01-01", "2024-02-01", "2024-05-01", "2024-09-01"])
    fig, (a, b) = plt.subplots(1, 2)
    for ax in (a, b):
        ax.plot(x, [1, 2, 3, 4])
    auto = mdates.AutoDateLocator(maxticks=8)
    b.xaxis.set_major_locator(auto)
    figures._time_axis(a, "month")
    assert isinstance(a.xaxis.get_major_locator(), FixedLocator)
    assert list(a.get_xticks()) == list(b.get_xticks()) and len(a.get_xticks()) >= 3
    plt.close(fig)


def test_thin_rows_hatch_a_whole_row_whose_total_is_under_min_n():
    # shares of a row's total: row "a" rests on 1 + 1 = 2 quotes (< 3), row "b" on 0 + 5 = 5
    mat = pd.DataFrame({"P": [0.5, 0.0], "T": [0.5, 1.0]}, index=["a", "b"])
    counts = pd.DataFrame({"P": [1, None], "T": [1, 5]}, index=["a", "b"])
    thin = figures.thin_rows(mat, counts, 3)
    assert thin.loc["a"].tolist() == [True, True]
    assert thin.loc["b"].tolist() == [False, False]
    assert not figures.thin_rows(mat, counts, 2).to_numpy().any()


def test_ranked_pairs_take_the_pairs_with_most_n_earlier_pair_first_on_ties(tmp_path):
    # 2 outlets x 14 speakers; n: outlet P has 5 for speakers 0-2, outlet Q has 5 for
    # speaker 0; the 3 pairs kept are the first three with n 5 in row order (P0, P1, P2), not
    # Q0; the drawn rows then go by value, highest first
    cols = [f"S{j:02d}" for j in range(14)]
    n = pd.DataFrame([[5, 5, 5] + [1] * 11, [5] + [0] * 13], index=["P", "Q"], columns=cols)
    mat = pd.DataFrame([[0.1, 0.3, 0.2] + [0.9] * 11, [0.5] + [float("nan")] * 13],
                       index=["P", "Q"], columns=cols)  # fmt: skip
    thin = n < 3
    rows = figures.Rows(3, 3, "outlets", "quotes", "t")
    f = figures.ranked_pairs(mat, n, thin, tmp_path, "rp", "T", "speaker", "outlet", "%",
                             rows=rows)  # fmt: skip
    drawn = pd.read_csv(f.paths[1])
    assert drawn.values.tolist() == [["P", "S01", 0.3, 5], ["P", "S02", 0.2, 5],
                                     ["P", "S00", 0.1, 5]]  # fmt: skip
    assert "(2 outlet rows x 14 speaker columns): the 3 pairs" in f.alt


def test_rewrite_evidence_lists_each_flagged_pairs_alignments_in_order():
    flagged = pd.DataFrame({"article_id": ["b", "a"], "source_id": ["s", "s"]})
    al = pd.DataFrame(
        {"article_id": ["a", "b", "a", "c", "b"], "source_id": ["s", "s", "s", "s", "t"],
         "sentence_index": [0, 1, 2, 0, 0], "source_sentence_index": [0, 0, 9, 1, 0],
         "similarity": [0.9, 0.8, 0.7, 0.6, 0.5]}
    )  # fmt: skip
    sents = pd.DataFrame(
        {"article_id": ["a", "a", "b", "s"], "sentence_index": [0, 2, 1, 0],
         "text": ["a0", "a2", "b1", "s0"]}
    )  # fmt: skip
    got = figures._rewrite_evidence(flagged, al, sents)
    assert got.columns.tolist() == [
        "article_id", "sentence_index", "sentence", "source_id", "source_sentence_index",
        "source_sentence", "similarity",
    ]  # fmt: skip
    # b's pair first (flagged order), then a's two alignments in the alignments' order; s has
    # no sentence 9: ""; c's and (b, t)'s alignments belong to no flagged pair
    assert got.values.tolist() == [
        ["b", 1, "b1", "s", 0, "s0", 0.8],
        ["a", 0, "a0", "s", 0, "s0", 0.9],
        ["a", 2, "a2", "s", 9, "", 0.7],
    ]


def test_svg_text_is_text_in_the_font_the_layout_measures(tmp_path):
    # svg.fonttype "none": every label is a <text> element (editable, searchable), no glyph
    # paths; the font named is the one layout.fit measures the texts with
    data = pd.DataFrame({"label": ["Outlet A", "Outlet B"], "value": [1.0, -2.0]})
    f = figures.barh(data, "label", "value", tmp_path, "demo", "Demo title", "units", "label")
    svg = f.paths[0].read_text("utf-8")
    assert "Outlet A" in svg and "Demo title" in svg and "<text" in svg
    assert "DejaVu Sans" in svg and '<path id="DejaVuSans-' not in svg


def _held(tmp_path, monkeypatch, **values):
    """A run as analysis run gives it to its kernels: tables held (with their sha256s), a
    figure cache of its own in tmp_path/cache."""
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))
    p = validate({"corpus": str(FIXTURE), "output_dir": str(tmp_path / "out"), "n_boot": 20,
                  "cache": str(tmp_path / "cache"), **values})  # fmt: skip
    held = tmp_path / f"held-{len(values)}"
    report.hold(report.prepare(p), held)
    monkeypatch.setenv(report.HELD, str(held))
    run = report.held_run(p)
    assert run is not None and run.tables.fingerprint
    return run


def _draws(monkeypatch) -> list[str]:
    from matplotlib.figure import Figure

    calls: list[str] = []
    draw = Figure.draw
    monkeypatch.setattr(
        Figure, "draw", lambda self, r: calls.append(type(r).__name__) or draw(self, r)
    )
    return calls


def test_a_held_runs_view_is_kept_and_shown_again_unchanged(tmp_path, monkeypatch):
    run = _held(tmp_path, monkeypatch)
    calls = _draws(monkeypatch)
    first = figures.attention(run)
    assert len(calls) == len(first.figures) > 0  # drawn once, as SVG (laid out without a drawing)
    out = tmp_path / "out"
    files = {p: p.read_bytes() for d in ("figures", "shown") for p in (out / d).glob("*.*")}
    assert any(p.parent.name == "shown" for p in files)
    for p in files:
        p.unlink()
    calls.clear()
    again = figures.attention(_held(tmp_path, monkeypatch))  # a re-run: same tables
    assert calls == []  # nothing drawn
    assert again.finding == first.finding and again._repr_html_() == first._repr_html_()
    for (ca, da), (cb, db) in zip(again.tables, first.tables, strict=True):
        assert ca == cb
        pd.testing.assert_frame_equal(da, db, check_exact=True)
    assert [(f.name, f.title, f.alt, f.svg, f.paths, f.problems) for f in again.figures] == [
        (f.name, f.title, f.alt, f.svg, f.paths, f.problems) for f in first.figures
    ]
    assert {p: p.read_bytes() for p in files} == files  # every file written again, the same
    assert plt.get_fignums() == []


def test_a_kept_figure_is_read_back_when_its_view_runs_again(tmp_path, monkeypatch):
    import shutil

    first = figures.attention(_held(tmp_path, monkeypatch))
    shutil.rmtree(tmp_path / "cache" / "view")  # the view runs again; its figures are kept
    calls = _draws(monkeypatch)
    again = figures.attention(_held(tmp_path, monkeypatch))
    assert calls == [] and [f.svg for f in again.figures] == [f.svg for f in first.figures]


def test_a_changed_parameter_or_an_unheld_run_draws_again(tmp_path, monkeypatch):
    figures.prominence(_held(tmp_path, monkeypatch))
    calls = _draws(monkeypatch)
    figures.prominence(_held(tmp_path, monkeypatch, min_n=1))  # another parameter
    assert len(calls) == 1
    calls.clear()
    monkeypatch.setenv("ANALYSIS_RAW_CSV", "1")  # CSVs written otherwise: the view runs again
    figures.prominence(_held(tmp_path, monkeypatch, min_n=1))
    assert len(calls) == 1
    calls.clear()
    monkeypatch.delenv(report.HELD)
    p = validate({"corpus": str(FIXTURE), "output_dir": str(tmp_path / "o"), "n_boot": 20,
                  "cache": str(tmp_path / "cache")})  # fmt: skip
    figures.prominence(report.prepare(p))  # tables built in the kernel: nothing kept
    assert len(calls) == 1


def test_a_corrupt_kept_view_or_figure_is_made_again(tmp_path, monkeypatch):
    import shutil

    from analysis import cache

    first = figures.prominence(_held(tmp_path, monkeypatch))
    (view,) = (tmp_path / "cache" / "view").rglob("files.parquet")
    view.write_bytes(view.read_bytes()[:-10])
    calls = _draws(monkeypatch)
    with pytest.warns(cache.CacheWarning):
        again = figures.prominence(_held(tmp_path, monkeypatch))
    assert calls == [] and again.finding == first.finding  # run again, its figure kept
    shutil.rmtree(tmp_path / "cache" / "view")
    (kept,) = (tmp_path / "cache" / "figure").rglob("figure.parquet")
    kept.write_bytes(kept.read_bytes()[:-10])
    with pytest.warns(cache.CacheWarning):
        again = figures.prominence(_held(tmp_path, monkeypatch))
    assert len(calls) == 1 and again.figures[0].svg == first.figures[0].svg


def test_prominence_says_so_when_no_article_has_paragraph_breaks(tmp_path, run):
    # the fixture's bodies have two or three lines (paragraphs) each: 3 of 3 articles have
    # more than one body paragraph, and the prominence view adds nothing
    assert run.tables.corpus_counts[["articles", "multi_paragraph_articles"]].values.tolist() == [
        [3, 3]
    ]
    assert "body paragraph" not in figures.prominence(run).finding
    # the same articles with each body on one line (as the Narrative Frames Corpus has them):
    # the body is one paragraph, the lead, so every mention is prominent
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "manifest.csv").write_bytes((FIXTURE / "manifest.csv").read_bytes())
    for path in FIXTURE.glob("*.txt"):
        head, _, body = path.read_text("utf-8").partition("\n\n")
        (corpus / path.name).write_text(head + "\n\n" + " ".join(body.split("\n")), "utf-8")
    flat = report.prepare(
        validate({"corpus": str(corpus), "output_dir": str(tmp_path / "out"), "n_boot": 20})
    )
    counts = flat.tables.corpus_counts
    assert counts[["articles", "multi_paragraph_articles"]].values.tolist() == [[3, 0]]
    m = flat.tables.actor_measures
    assert set(m.loc[m["measure"] == "prominence", "value"].dropna()) == {1.0}
    v = figures.prominence(flat)
    said = "No analysed article has more than one body paragraph"
    assert said in v.finding and "prominence is 1 for every actor" in v.finding
    assert said in v.figures[0].alt  # the note under the figure says it too
    assert v.figures[0].problems == ()


def test_svg_is_matplotlibs_and_measures_each_text_once_per_process(monkeypatch):
    """figures._draw writes the bytes savefig(format="svg") writes, but keeps the SVG text
    sizes for the process (figures._SVG_TEXT): a second figure with the same texts measures
    none of them again."""
    import io

    from matplotlib.textpath import TextToPath

    measured = []
    inner = TextToPath.get_text_width_height_descent
    monkeypatch.setattr(
        TextToPath, "get_text_width_height_descent",
        lambda self, s, prop, ismath: measured.append(s) or inner(self, s, prop, ismath),
    )  # fmt: skip
    monkeypatch.setattr(figures, "_SVG_TEXT", figures._SvgTextSizes())  # an empty store

    def figure():
        fig, ax = layout.new_figure(4.0, 2.5)
        ax.barh(["an outlet", "another outlet"], [3, -5])
        ax.set_xlabel("mentions per 1,000 words")
        layout.title(fig, ax, "Mentions per outlet")
        return fig

    fig = figure()
    svg, problems = figures._draw(fig)
    assert problems == () and measured and b"Mentions per outlet" in svg
    once = len(measured)
    plain = io.BytesIO()
    fig.savefig(plain, format="svg", metadata={"Date": None})  # matplotlib's own SVG
    assert plain.getvalue() == svg
    plt.close(fig)
    measured.clear()
    second = figure()
    assert figures._draw(second)[0] == svg and measured == []
    plt.close(second)
    assert once >= 5


def test_a_view_pauses_the_collector_and_frees_its_figures_when_it_ends(run, monkeypatch):
    """A view runs with Python's cyclic collector paused and collects the objects it made
    once at its end: its closed figures (reference cycles) are freed when it returns, the
    collector is on again; a caller's pause is left alone."""
    import gc
    import weakref

    made = []
    inner = layout.new_figure

    def new_figure(*args, **kwargs):
        fig, axes = inner(*args, **kwargs)
        made.append((weakref.ref(fig), gc.isenabled()))
        return fig, axes

    monkeypatch.setattr(layout, "new_figure", new_figure)
    gc.collect()
    assert gc.isenabled()
    figures.articles_per_outlet(run)
    assert made and not any(enabled for _, enabled in made)  # paused while drawing
    assert gc.isenabled() and all(ref() is None for ref, _ in made)  # freed at its end
    gc.disable()
    try:
        made.clear()
        figures.articles_per_outlet(run)
        assert made and not gc.isenabled()  # the caller's pause stays
    finally:
        gc.enable()


def _kept_figures(monkeypatch) -> list:
    """The matplotlib figures handed to save_figure from now on."""
    kept = []
    save = figures.save_figure

    def keep(fig, *args, **kwargs):
        kept.append(fig)
        return save(fig, *args, **kwargs)

    monkeypatch.setattr(figures, "save_figure", keep)
    return kept


def test_heatmap_states_its_colour_scale_in_words_and_labels_its_grid_with_texts(
    tmp_path, monkeypatch
):
    # each cell writes its value; the colour scale is the note's first sentence, not a
    # colorbar Axes. Thin cell (Y, A: n 2 < 3) is grey, so the darkest blue is X, A: 0.50
    kept = _kept_figures(monkeypatch)
    mat = pd.DataFrame({"A": [0.5, 0.2], "B": [0.1, float("nan")]}, index=["X", "Y"])
    n = pd.DataFrame({"A": [10, 2], "B": [4, 0]}, index=["X", "Y"])
    rows = figures.Rows(25, 3, "outlets", "mentions", "t")
    f = figures.heatmap(mat, tmp_path, "h", "Title", "actor", "outlet", "unit", counts=n,
                        rows=rows)  # fmt: skip
    assert "Colour: unit, white 0 to darkest blue 0.50. Hatched grey cells" in f.alt
    d = figures.heatmap(mat - 0.3, tmp_path, "d", "Title", "actor", "outlet", "polarity",
                        counts=n, rows=rows, diverging=True)  # fmt: skip
    # coloured cells 0.20 and -0.20: the scale is symmetric around 0
    assert "Colour: polarity, red -0.20 to white 0 to blue 0.20." in d.alt
    assert [len(fig.axes) for fig in kept] == [1, 1]
    assert f.problems == () and d.problems == ()
    # row and column labels are texts beside and under the grid, not ticks; the axis labels
    # outside them (no overlap: problems above are empty)
    ax = kept[0].axes[0]
    assert len(ax.get_xticks()) == 0 and len(ax.get_yticks()) == 0
    texts = {t.get_text() for t in ax.texts}
    assert {"X", "Y", "A", "B"} <= texts
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("actor", "outlet")


def test_small_multiples_are_rows_of_one_axes_on_one_scale_with_each_rows_values():
    # two actors over two months: one Axes; row 0 (A, top) drawn above row 1 (B), each row's
    # value v at v + base(row); the tick labels read the values, the same on every row
    grid = ["2024-01-01", "2024-02-01"]
    run = type("R", (), {})()
    run.tables = type("T", (), {})()
    run.tables.coverage_over_time = pd.DataFrame({"level": ["corpus"] * 2, "period": grid})
    rows = pd.DataFrame({
        "actor": ["A", "A", "B", "B"], "period": grid * 2, "bin": "month",
        "value": [0.2, 0.8, 0.5, 0.0], "ci_low": [0.1, 0.6, 0.3, 0.0],
        "ci_high": [0.3, 1.0, 0.7, 0.1], "n_articles": [4, 5, 4, 5],
    })  # fmt: skip
    fig = figures._small_multiples(run, rows, ["A", "B"], "share", "Title")
    try:
        assert len(fig.axes) == 1
        ax = fig.axes[0]
        scale = figures._Rows(rows[["value", "ci_low", "ci_high"]].to_numpy(), 2)
        assert list(scale.ticks) == [0.0, 0.5, 1.0]
        assert scale.base(1) == 0.0 and scale.base(0) == pytest.approx(1.6)
        drawn = [list(c.lines[0].get_ydata()) for c in ax.containers]  # errorbars' data lines
        assert drawn == [pytest.approx([0.2 + 1.6, 0.8 + 1.6]), pytest.approx([0.5, 0.0])]
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert labels == ["0", "0.5", "1"] * 2
        assert list(ax.get_yticks()) == pytest.approx([1.6, 2.1, 2.6, 0.0, 0.5, 1.0])
        texts = [t.get_text() for t in ax.texts]
        assert "A" in texts and "B" in texts  # each actor above its row
        assert layout.fit(fig) == []
    finally:
        plt.close(fig)

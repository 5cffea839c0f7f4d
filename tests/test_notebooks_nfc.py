"""The Narrative Frames Corpus (../shared/narrative-frames/, via bench/nfc.py) through
``analysis run`` end to end, with its media-bias column as the outlet group and its outlet
spellings merged by bench/nfc_outlet_aliases.csv: every outlet of the input is in the per-outlet
tables or in a stated exclusion, and the counts agree across report 01, the ledger, the
accounting and index.html. A subset (the first 80 articles by ID) keeps CI time down; the full
run's wall time is in docs/REPORTS.md."""

import html
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import figures, report
from analysis.params import validate

ROOT = Path(__file__).resolve().parents[1]
ALIASES = ROOT / "bench" / "nfc_outlet_aliases.csv"
N = 80


def _nfc():
    spec = importlib.util.spec_from_file_location("nfc", ROOT / "bench" / "nfc.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def nfc_run(tmp_path_factory):
    nfc = _nfc()
    if not (nfc.NFC_DIR / "articles_metadata.tsv").is_file():
        pytest.skip(f"the Narrative Frames Corpus is not in {nfc.NFC_DIR} (../shared)")
    base = tmp_path_factory.mktemp("nfc")
    source = nfc.nfc_articles(n=N)
    corpus = nfc.write_jsonl(source, base / "nfc.jsonl")
    run_dir = base / "nfc"
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "run", "--corpus", str(corpus),
         "-p", "outlet_group=mbfc", "-p", f"outlet_aliases={ALIASES}", "-p", "n_boot=50",
         "--name", "nfc", "--out", str(run_dir)],
        cwd=ROOT, capture_output=True, text=True, timeout=1200,
        env={**os.environ, "PYTHONWARNINGS": "ignore", "ANALYSIS_CACHE": str(base / "cache")},
    )  # fmt: skip  # a cache of its own: the figure test below reads the tables back
    return source, run_dir, proc


def _table(run_dir: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(run_dir / "tables" / f"{name}.csv", dtype=str, keep_default_na=False)


def _page(run_dir: Path, name: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", (run_dir / name).read_text("utf-8")))


def test_the_run_completes_with_groups_and_merged_spellings(nfc_run):
    source, run_dir, proc = nfc_run
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    arts = _table(run_dir, "articles")
    aliases = pd.read_csv(ALIASES)
    merged = {a for a in aliases.alias if a not in set(aliases.outlet)}
    assert not set(arts.outlet) & merged  # no lower-case spelling is left
    assert set(arts.outlet_as_given) <= set(source.outlet)
    groups = set(_table(run_dir, "actor_measures_by_group").group)
    assert groups == set(source.mbfc[source.id.isin(arts.article_id)])
    assert set(_table(run_dir, "frame_measures_by_group").group) == groups
    # the per-group counterparts of the per-outlet tables (docs/REPORTS.md, "Per-group
    # coverage"), over time too: every group of the analysed articles
    for name in ("tone_drivers_by_group", "topic_effect_by_group", "frame_presence_by_group",
                 "actor_attention_over_time_by_group", "actor_tone_over_time_by_group",
                 "distinctive_top_by_group", "articles_per_group"):  # fmt: skip
        assert set(_table(run_dir, name).group) == groups, name
    assert (run_dir.parent / "nfc.zip").stat().st_size > 100_000


def test_every_input_outlet_is_in_the_per_outlet_tables_or_a_stated_exclusion(nfc_run):
    source, run_dir, _ = nfc_run
    aliases = dict(pd.read_csv(ALIASES).itertuples(index=False))
    expected = {aliases.get(o, o) for o in source.outlet}
    outlets = _table(run_dir, "outlets").set_index("outlet")
    assert set(outlets.index) == expected
    shown = set(_table(run_dir, "frame_measures_by_outlet").outlet)
    tone = set(_table(run_dir, "tone_by_outlet").outlet)
    report01 = _page(run_dir, "01_corpus_overview.html")
    for outlet, row in outlets.iterrows():
        if row.status == "analysed":
            assert outlet in shown and outlet in tone, outlet
        else:
            assert row.reason, outlet
            assert outlet in report01, outlet


def test_counts_agree_across_reports_ledger_accounting_and_index(nfc_run):
    _, run_dir, _ = nfc_run
    acc = _table(run_dir, "accounting")
    led = _table(run_dir, "ledger")
    arts = _table(run_dir, "articles")
    n_in, n_ok = len(acc), int((acc.status == "analysed").sum())
    assert n_in == N
    loaded = set(led[(led.stage == "load") & (led.action == "loaded")].article_id)
    excluded = set(led[led.action == "excluded"].article_id)
    assert len(loaded - excluded) == n_ok == len(arts)
    report01 = _page(run_dir, "01_corpus_overview.html")
    assert f"Every input is accounted for: {n_in} items, {n_ok} analysed, {n_in - n_ok} " in (
        report01
    )
    assert f"{n_ok} articles from {arts.outlet.nunique()} outlets" in report01
    index = _page(run_dir, "index.html")
    assert f"{n_in} articles in, {n_ok} analysed, {n_in - n_ok} excluded" in index
    assert f"{arts.outlet.nunique()} outlets analysed" in index
    rewrites = int(_table(run_dir, "outlets").counted_once.astype(int).sum())
    assert rewrites == int((arts.rewrite_of != "").sum())


def _pagecheck():
    spec = importlib.util.spec_from_file_location("pagecheck", ROOT / "bench" / "pagecheck.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


VIEWS = [
    "articles_per_outlet", "cleaning_summary", "tone_by_outlet", "instrument_agreement",
    "tone_drivers", "domain_effect", "attention", "prominence", "share_of_voice",
    "tone_about_vs_voice", "stance", "frame_shares", "frame_by_actor", "frame_decisions",
    "story_coverage", "distinctive_words", "coverage_over_time", "tone_over_time",
    "attention_over_time", "topic_words", "words_near_actors",
]  # fmt: skip
#: the per-group figure of each view with an outlet group (docs/REPORTS.md, "Per-group coverage")
GROUP_FIGURES = {
    "articles_per_group", "tone_by_group", "domain_effect_by_group", "topic_effect_by_group",
    "attention_by_group", "share_of_voice_by_group", "tone_about_by_group",
    "frame_shares_by_group", "frame_decisions_by_group", "distinctive_words_by_group",
    "actor_attention_over_time_by_group", "actor_tone_over_time_by_group",
}  # fmt: skip


def test_every_figure_of_the_nfc_run_is_legible_and_bounded(nfc_run, tmp_path, monkeypatch):
    # the views redrawn in this process from the run's tables (read back from its cache):
    # no text outside a figure, none overlapping, none under 8 pt (analysis.layout), at most
    # max_rows rows drawn, and a figure that leaves rows out names how many and where
    _, run_dir, proc = nfc_run
    assert proc.returncode == 0
    monkeypatch.setenv("ANALYSIS_CACHE", str(run_dir.parent / "cache"))
    params = validate(
        {"corpus": str(run_dir.parent / "nfc.jsonl"), "outlet_group": "mbfc",
         "outlet_aliases": str(ALIASES), "n_boot": 50, "output_dir": str(tmp_path),
         "max_rows": 12}
    )  # fmt: skip
    run = report.prepare(params)
    n_outlets = run.tables.articles["outlet"].nunique()
    assert n_outlets > 12  # so the per-outlet figures must leave outlets out
    drawn_names = set()
    for name in VIEWS:
        view = getattr(figures, name)(run)
        drawn_names |= {f.name for f in view.figures}
        assert len(view.finding) < 700, (name, view.finding)
        for f in view.figures:
            assert f.problems == (), (name, f.name, f.problems)
            drawn = pd.read_csv(f.paths[1])
            over_time = (
                "coverage_over_time",
                "tone_over_time",
                "attention_over_time",
                "actor_tone_over_time",
                "actor_attention_over_time_by_group",
                "actor_tone_over_time_by_group",
            )  # bins x lines, not outlet rows
            if f.name not in (
                "tone_by_outlet",
                "instrument_agreement",
                "story_coverage",
                *over_time,
            ):
                assert len(drawn) <= 12, (name, f.name)
    assert drawn_names >= GROUP_FIGURES, GROUP_FIGURES - drawn_names
    tone = figures.tone_by_outlet(run).figures[0]
    assert f"Showing the 12 outlets with the most sentences of {n_outlets}; " in tone.alt
    assert "more in shown/tone_by_outlet.csv" in tone.alt
    assert len(pd.read_csv(tmp_path / "shown" / "tone_by_outlet.csv")) == n_outlets


def test_nothing_is_cut_or_runs_off_the_page_in_chromium(nfc_run, chromium):
    _, run_dir, _ = nfc_run
    check = _pagecheck()
    for page in sorted(run_dir.glob("*.html")):
        assert check.page_problems(chromium, page) == [], page.name

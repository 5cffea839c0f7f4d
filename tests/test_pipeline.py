"""End-to-end tests of analysis.pipeline on the bundled seeds."""

from pathlib import Path

import pandas as pd
import pytest

from analysis.aggregate import dense
from analysis.ledger import reconstruct
from analysis.params import Params
from analysis.pipeline import accounting, build_tables, table_digest, write_csv, write_tables

SEEDS = Path(__file__).resolve().parents[1] / "data" / "raw" / "seeds"
LAV = "Sergei Lavrov"


@pytest.fixture(scope="module")
def tables():
    return build_tables(Params(corpus=SEEDS, n_boot=200))


def test_every_seed_is_accounted_for(tables):
    acc = accounting(tables)
    assert acc.status.tolist() == ["analysed"] * 5
    assert sorted(tables.articles.outlet) == sorted(
        [
            "unidentified aggregator 1",
            "The Guardian",
            "EL PAIS English Edition",
            "unidentified aggregator 2",
            "AFP (via Lagos Television)",
        ]
    )
    loaded = tables.ledger[(tables.ledger.action == "loaded") & (tables.ledger.category == "input")]
    assert len(loaded) == 5


def test_seed_boilerplate_rows_and_reconstruction(tables):
    led = tables.ledger
    removed = led[led.category.str.startswith("boilerplate:")]
    per = removed.groupby(["article_id", "category"]).size().to_dict()
    assert per == {
        ("000_72b7cec255c1ca4b", "boilerplate:related_links"): 2,
        ("002_f58328f3192bf3fb", "boilerplate:newsletter"): 1,
        ("002_f58328f3192bf3fb", "boilerplate:paywall"): 8,
        ("004_eceacf2266908767", "boilerplate:comment_form"): 2,
    }
    for art in tables.articles.itertuples():
        rows = led[(led.article_id == art.article_id) & led.clean_start.notna()]
        assert reconstruct(art.text, rows) == art.raw_text


def test_only_000_is_flagged_as_rewrite_of_002(tables):
    flagged = tables.rewrites[tables.rewrites.is_rewrite]
    assert flagged[["article_id", "source_id"]].values.tolist() == [
        ["000_72b7cec255c1ca4b", "002_f58328f3192bf3fb"]
    ]
    marked = tables.articles.set_index("article_id").rewrite_of
    assert marked["000_72b7cec255c1ca4b"] == "002_f58328f3192bf3fb"
    assert (marked.drop("000_72b7cec255c1ca4b") == "").all()


def test_a_rewrite_keeps_its_outlet_and_counts_once_in_pooled_measures(tables):
    # 000 (unidentified aggregator 1) rewrites 002 (EL PAIS): both outlets keep their rows in
    # the per-outlet tables (000 is what the aggregator's readers saw) ...
    by = tables.actor_measures_by_outlet
    assert set(by.outlet) == set(tables.articles.outlet)  # all five, none vanishes
    lavrov = by[(by.actor == "Sergei Lavrov") & (by.measure == "share_articles_mentioning")]
    assert set(lavrov.outlet) >= {"unidentified aggregator 1", "EL PAIS English Edition"}
    assert set(tables.frame_measures_by_outlet.outlet) == set(tables.articles.outlet)
    # ... while the pooled measures count the shared text once: 4 articles, not 5
    pooled = tables.actor_measures
    mentions = pooled[pooled.measure == "share_articles_mentioning"]
    assert set(mentions.n_articles) == {4}
    lav = mentions[mentions.actor == "Sergei Lavrov"].iloc[0]
    assert lav.value == pytest.approx(1 / 4)  # 002 names him; its rewrite 000 is not a 2nd
    assert set(tables.frame_measures.n_articles) == {4}
    # the outlets table states every outlet of the input and the rewrite it counts once
    out = tables.outlets.set_index("outlet")
    assert len(out) == 5 and set(out.status) == {"analysed"}
    assert out.loc["unidentified aggregator 1", "counted_once"] == 1
    assert out.counted_once.sum() == 1


def test_rewrites_all_counts_the_rewrite_in_pooled_measures_too():
    every = build_tables(Params(corpus=SEEDS, rewrites="all", n_boot=20))
    mentions = every.actor_measures[every.actor_measures.measure == "share_articles_mentioning"]
    assert set(mentions.n_articles) == {5}
    lav = mentions[mentions.actor == "Sergei Lavrov"].iloc[0]
    assert lav.value == pytest.approx(2 / 5)
    assert every.outlets.counted_once.sum() == 0


def test_same_input_gives_byte_identical_tables(tmp_path, tables):
    a = write_tables(tables, tmp_path / "a")
    b = write_tables(build_tables(Params(corpus=SEEDS, n_boot=200)), tmp_path / "b")
    assert [p.name for p in a] == [p.name for p in b]
    assert len(a) >= 19
    for pa, pb in zip(a, b, strict=True):
        assert pa.read_bytes() == pb.read_bytes(), pa.name
    assert not list((tmp_path / "a").glob(".*.tmp"))  # no temporary files left behind


def test_words_near_actors_per_outlet(tables):
    near = tables.actor_context_terms
    assert {"group", "actor", "term", "count_group", "count_rest", "z", "examples"} <= set(near)
    assert set(near.group) <= set(tables.articles.outlet)
    assert "Sergei Lavrov" in set(near.actor)  # only EL PAIS (and its rewrite) names him
    assert (near.count_group > 0).all()


# --- the scope: applied once, before the corpus stages (analysis.scope) -----------------------

E1 = "2026-01 one-week energy pause"
GUARDIAN, ELPAIS = "The Guardian", "EL PAIS English Edition"


@pytest.fixture(scope="module")
def one_outlet():
    return build_tables(Params(corpus=SEEDS, outlets=[GUARDIAN], n_boot=20))


def test_one_outlet_selected_every_table_is_that_outlet(one_outlet):
    t = one_outlet
    assert list(t.articles.outlet) == [GUARDIAN]
    guardian = set(t.articles.article_id)
    # frame measures by event used to keep whole-corpus rows when an outlet was selected
    by_event = t.frame_measures_by_event
    assert set(by_event.event) == {E1} and (by_event.n_articles <= 1).all()
    by_outlet = t.frame_measures_by_outlet.drop(columns="outlet")
    assert by_event.drop(columns="event").equals(by_outlet)  # one outlet, one event: the same
    for name in ("sentences", "mentions", "frame_hits", "actor_evidence", "story_coverage"):
        assert set(getattr(t, name).article_id) <= guardian, name
    acc = accounting(t).set_index("article_id")
    assert (acc.status == "excluded").sum() == 4
    assert set(acc.reason[acc.status == "excluded"]) == {
        "not in the selection (outlets The Guardian)"
    }


def test_fewer_than_two_outlets_empty_tables_keep_their_columns(one_outlet, tables):
    for name in ("distinctive_terms", "actor_context_terms"):
        empty, full = getattr(one_outlet, name), getattr(tables, name)
        assert empty.empty and list(empty.columns) == list(full.columns), name


def test_rewrites_are_detected_among_the_selected_articles_only():
    # 000 rewrites 002 (EL PAIS); without EL PAIS in the selection it is an original
    t = build_tables(
        Params(corpus=SEEDS, outlets=["unidentified aggregator 1", GUARDIAN], n_boot=20)
    )
    assert not t.rewrites.is_rewrite.any()
    assert (t.articles.rewrite_of == "").all()
    assert "unidentified aggregator 1" in set(t.actor_measures_by_outlet.outlet)


def test_story_elements_follow_the_rewrite_scope(tables):
    every = build_tables(Params(corpus=SEEDS, rewrites="all", n_boot=20))
    rw = "000_72b7cec255c1ca4b"
    once_cov = tables.story_coverage[tables.story_coverage.article_id == rw]
    every_cov = every.story_coverage[every.story_coverage.article_id == rw]
    assert once_cov.is_rewrite.all() and not every_cov.is_rewrite.any()
    once_el, every_el = tables.story_elements, every.story_elements
    assert "unidentified aggregator 1" not in ";".join(once_el.outlets)
    assert "unidentified aggregator 1" in ";".join(every_el.outlets)  # counted like the others
    assert (every_el.rewrite_articles == "").all()
    # the same scope as the actor measures and distinctive terms
    assert "unidentified aggregator 1" in set(every.actor_measures_by_outlet.outlet)
    assert "unidentified aggregator 1" in set(every.distinctive_terms.group)
    assert every.articles.set_index("article_id").rewrite_of[rw] != ""  # still shown as found


def test_build_tables_takes_one_params():
    with pytest.raises(TypeError, match="Params"):
        build_tables(SEEDS)


def test_outlet_group_gives_every_per_outlet_measure_per_group_too():
    t = build_tables(Params(corpus=SEEDS, outlet_group="outlet_type", n_boot=20))
    by = t.actor_measures_by_group
    assert set(by.group) == {"aggregator", "newspaper", "news agency"}
    # newspaper = The Guardian + EL PAIS: 2 articles per cell, as the two outlets' rows add up
    m = by[(by.group == "newspaper") & (by.measure == "share_articles_mentioning")]
    assert set(m.n_articles) == {2}
    # the outlet that does not name him has no row; its cell is the outlet's absent row (0)
    outlets = dense(t.actor_measures_by_outlet, t.actor_absent_by_outlet, ("outlet",), [LAV])
    o = outlets[outlets.outlet.isin(["The Guardian", "EL PAIS English Edition"])]
    o = o[(o.measure == "share_articles_mentioning") & (o.actor == "Sergei Lavrov")]
    lav = m[m.actor == LAV].iloc[0]
    assert lav.value == pytest.approx(o.value.mean())  # one article of two names him
    assert sorted(o.value) == [0.0, 1.0]
    assert len(t.actor_absent_by_group) == 3 * len(set(by.measure))  # group x measure
    assert set(t.frame_measures_by_group.group) == {"aggregator", "newspaper", "news agency"}
    assert dict(zip(t.outlets.outlet, t.outlets.group, strict=True))["The Guardian"] == "newspaper"
    none = build_tables(Params(corpus=SEEDS, n_boot=20))
    assert none.actor_measures_by_group.empty and "group" in none.actor_measures_by_group
    # every per-group counterpart (docs/REPORTS.md, "Per-group coverage"): filled with a group,
    # empty with its columns without one
    from analysis.pipeline import GROUP_COLUMNS

    groups = {"aggregator", "newspaper", "news agency"}
    for name, columns in GROUP_COLUMNS.items():
        assert list(getattr(none, name).columns) == columns and getattr(none, name).empty, name
        assert list(getattr(t, name).columns) == columns, name
        if name != "topic_drivers_by_group":  # no group of the seeds has three outlets
            assert set(getattr(t, name)["group"]) == groups, name
    per_group = t.articles_per_group.drop_duplicates("group").set_index("group")["total"]
    assert per_group.to_dict() == {"aggregator": 2, "newspaper": 2, "news agency": 1}
    # the per-group tone and frame presence add up to the per-outlet ones' articles
    assert t.frame_presence_by_group.groupby("frame")["n_articles"].sum().eq(5).all()
    over = t.actor_attention_over_time_by_group
    one = over[(over.actor == LAV) & (over.measure == "share_articles_mentioning")]
    # every seed is dated: one actor's bins hold each of a group's articles once
    assert one.groupby("group")["n_articles"].sum().to_dict() == per_group.to_dict()


def test_a_run_without_a_catalog_uses_the_discovered_cast(tmp_path):
    """Issue #16: no catalog parameter -> the actors found in the corpus, said in a warning, the
    draft saved beside the tables; rerunning with the saved draft gives the same mentions."""
    from analysis.actors import load_catalog

    second = Path(__file__).resolve().parents[1] / "data" / "raw" / "second"
    with pytest.warns(UserWarning, match=r"no actor catalog given: using the \d+ actors"):
        t = build_tables(Params(corpus=str(second), n_boot=20))
    found = t.discovered_actors
    assert found is not None and "Elena Vasquez" in set(found["actor"])
    assert set(t.mentions["actor"]) <= set(found["actor"])
    assert "Elena Vasquez" in set(t.quotes["speaker"])
    write_tables(t, tmp_path)
    draft = tmp_path / "catalog_draft.yaml"
    assert set(load_catalog(draft)["actor"]) == set(found["actor"])
    again = build_tables(Params(corpus=str(second), catalog=str(draft), n_boot=20))
    assert again.discovered_actors is None
    assert again.mentions.equals(t.mentions)


def test_write_csv_skips_an_unchanged_table_and_rewrites_a_changed_one(tmp_path):
    df = pd.DataFrame({"a": ["x", None, "z"], "b": [1.0, -0.0, 2.5], "n": [1, 2, 3]})
    path = tmp_path / "t.csv"
    write_csv(df, path, skip_unchanged=True)
    before = path.stat().st_ino  # a write renames a new file into place: a new inode
    write_csv(df.copy(), path, skip_unchanged=True)  # same table: the file is left alone ...
    assert path.stat().st_ino == before and path.read_text() == df.to_csv(index=False)
    # ... a changed value (even 0.0 for -0.0), a changed file or a plain write: rewritten
    for changed in (df.assign(b=[1.0, 0.0, 2.5]), df.assign(a=["x", "None", "z"])):
        assert table_digest(changed) != table_digest(df)
        write_csv(changed, path, skip_unchanged=True)
        assert path.read_text() == changed.to_csv(index=False)
    write_csv(df, path, skip_unchanged=True)
    path.write_text("edited\n")
    write_csv(df, path, skip_unchanged=True)
    assert path.read_text() == df.to_csv(index=False)
    write_csv(df.assign(n=[7, 8, 9]), path)  # no digest: the stamp goes
    assert not (tmp_path / ".t.csv.sha256").exists()
    write_csv(df, path, skip_unchanged=True)
    assert path.read_text() == df.to_csv(index=False)


def test_frame_actor_overall_adds_up_the_outlets(tables):
    by_outlet, overall = tables.frame_actor, tables.frame_actor_overall
    summed = by_outlet.groupby(["frame", "actor"])["n_sentences"].sum()
    assert (
        overall.set_index(["frame", "actor"])["n_sentences"]
        .sort_index()
        .equals(summed.sort_index())
    )
    n_actor = (
        tables.mentions.drop_duplicates(["article_id", "sentence_index", "actor"])
        .groupby("actor")
        .size()
    )
    assert (overall["n_actor_sentences"] == overall["actor"].map(n_actor)).all()


def test_tone_reading_switch_changes_only_tone_about(tables):
    """tone="sentence" gives the old sentence reading as tone_about; every other measure, and the
    sentence reading kept beside the default, are the same in both runs; every mention gets its
    own reading in mention_tone."""
    sent = build_tables(Params(corpus=SEEDS, n_boot=200, tone="sentence"))
    cols = ["actor", "measure", "value", "ci_low", "ci_high", "n", "n_articles"]
    a, b = tables.actor_measures, sent.actor_measures
    other = ~a.measure.isin(["tone_about", "tone_about_single"])
    pd.testing.assert_frame_equal(
        a[other][cols].reset_index(drop=True), b[other][cols].reset_index(drop=True)
    )
    by = b.set_index(["actor", "measure"])["value"]
    for actor in b.actor.unique():
        about, beside = by[(actor, "tone_about")], by[(actor, "tone_about_sentence")]
        assert (pd.isna(about) and pd.isna(beside)) or about == pytest.approx(beside)
    assert len(tables.mention_tone) == len(tables.mentions)
    assert tables.mention_tone[["article_id", "start", "end"]].equals(
        tables.mentions[["article_id", "start", "end"]]
    )
    assert tables.mention_tone["tone"].between(-1, 1).all()
    ev = tables.actor_evidence
    target = ev[ev.measure == "tone_about"]
    assert len(target) > len(target.drop_duplicates(["article_id", "sentence_index", "actor"]))


def test_groups_select_outlets_by_their_group_before_the_corpus_stages():
    t = build_tables(
        Params(corpus=SEEDS, outlet_group="outlet_type", groups=["newspaper"], n_boot=20)
    )
    assert set(t.articles.outlet) == {GUARDIAN, ELPAIS}
    assert set(t.actor_measures_by_group.group) == {"newspaper"}
    assert set(t.actor_measures_by_outlet.outlet) == {GUARDIAN, ELPAIS}
    assert set(t.story_coverage.outlet) <= {GUARDIAN, ELPAIS}
    acc = accounting(t)
    left = acc[acc.status == "excluded"]
    assert len(left) == 3
    assert set(left.reason) == {"not in the selection (outlet_type newspaper)"}
    out = t.outlets.set_index("outlet")
    assert out.loc["unidentified aggregator 1", "status"] == "excluded"
    assert out.loc[GUARDIAN, "articles_analysed"] == 1


def test_a_stage_read_from_the_cache_says_its_warnings_again(tmp_path):
    """analysis run builds the tables once and the notebooks read them from the cache: a
    stage's warnings (here: one outlet, no distinctive terms) must reach them too."""
    one = Params(corpus=SEEDS, outlets=["The Guardian"], n_boot=20, cache=str(tmp_path))
    for _ in range(2):  # computed, then read back
        with pytest.warns(UserWarning, match="distinctive terms skipped: 1 outlet"):
            t = build_tables(one)
        assert t.distinctive_terms.empty


def test_the_report_counts_are_tables_that_agree_with_the_tables_they_count(tables):
    per = tables.articles_per_outlet
    totals = per.drop_duplicates("outlet").set_index("outlet")["total"]
    assert totals.sum() == len(tables.articles) == per["articles"].sum()
    analysed = tables.outlets.set_index("outlet")["articles_analysed"]
    assert (totals == analysed.reindex(totals.index)).all()
    assert tables.articles_per_language["articles"].sum() == len(tables.articles)
    led = tables.ledger
    removed = led[(led.stage == "clean") & (led.action == "removed")]
    row = tables.cleaning_totals.set_index("action").loc["removed"]
    assert (row["chars"], row["spans"]) == (removed.n_chars.sum(), len(removed))
    assert row["articles"] == removed.article_id.nunique()
    by = tables.cleaning_by_category
    assert by[by.action == "removed"]["chars"].sum() == row["chars"]
    # the rewrite 000 of 002 is the one rewrite counted once
    assert list(tables.counted_once.article_id) == ["000_72b7cec255c1ca4b"]
    verbs = tables.stance_verbs
    assert verbs["attributions"].sum() == (tables.attributions.actor != "").sum()
    assert (tables.frame_presence.n_articles == len(tables.articles)).all()
    top = tables.distinctive_top
    assert (top.groupby("group")["rank"].max() <= 5).all()
    assert set(top.group) == set(tables.distinctive_terms.group)


def test_over_time_tables_on_the_seeds(tables):
    # the seeds are dated 2025-03-19 (2 articles), 2026-01-29 (1) and 2026-01-30 (2): a span
    # of 317 days, so months; 11 months from 2025-03 to 2026-01, 9 of them empty
    cov = tables.coverage_over_time
    corpus = cov[cov.level == "corpus"]
    assert set(cov.bin) == {"month"} and len(corpus) == 11
    assert dict(zip(corpus.period, corpus.n_articles, strict=True)) == {
        **{p: 0 for p in corpus.period},
        "2025-03-01": 2,
        "2026-01-01": 3,
    }
    outlets = cov[cov.level == "outlet"]
    assert outlets.n_articles.sum() == 5 and outlets.name.nunique() == 5
    # pooled per bin: the rewrite 000 (2026-01) counts once, so 2 articles in each month
    tone = tables.tone_over_time
    tb = tone[(tone.instrument == "textblob") & (tone.score == "polarity")]
    assert tb.period.tolist() == ["2025-03-01", "2026-01-01"]
    assert tb.n_articles.tolist() == [2, 2]
    att = tables.actor_attention_over_time
    share = att[(att.measure == "share_articles_mentioning") & (att.actor == "Vladimir Putin")]
    assert share.value.tolist() == [1.0, 1.0]
    assert set(tables.actor_tone_over_time.measure) == {"tone_about"}


def test_time_bin_forces_the_bin_and_one_day_gives_no_time_axis():
    weeks = build_tables(Params(corpus=SEEDS, n_boot=20, time_bin="week"))
    assert set(weeks.coverage_over_time.bin) == {"week"}
    one = build_tables(Params(corpus=SEEDS, n_boot=20, date_from="2026-01-30"))
    assert one.coverage_over_time.empty and "period" in one.actor_attention_over_time


def test_words_inside_names_are_no_tone_drivers(tables):
    # "white" was a TextBlob driver in 4 seed sentences, every time inside "White House";
    # "Russian" alone ("Russian drones") is an adjective, not a name, and stays a driver
    words = set(tables.tone_drivers.loc[tables.tone_drivers.drivers == "drivers", "word"])
    assert "white" not in words and "russian" in words


def test_table_digest_by_row_blocks_equals_one_join(monkeypatch):
    # text cells are hashed a block of rows at a time: the bytes (and so the digest, which
    # earlier stamps hold) are those of one "\x1f"-join of the whole column
    import hashlib

    import numpy as np

    from analysis import pipeline

    df = pd.DataFrame(
        {
            # object cells: a lone surrogate, an empty cell, a missing one
            "t": pd.Series(["a", None, "é\x1fb", "", "z\ud800", "last"], dtype=object),
            "x": [1.5, np.nan, 0.0, -0.0, 2.0, 3.0],
            "s": ["p", "q", None, "r", "ß", "t"],  # pandas' str dtype
        }
    )

    def one_join(df: pd.DataFrame) -> str:  # table_digest before the blocks
        h = hashlib.sha256(repr([(str(c), str(t)) for c, t in df.dtypes.items()]).encode())
        h.update(str(len(df)).encode("ascii"))
        for _, col in df.items():
            if isinstance(col.dtype, np.dtype) and col.dtype.kind in "biuf":
                h.update(np.ascontiguousarray(col.to_numpy()).tobytes())
            else:
                h.update(col.isna().to_numpy().tobytes())
                h.update("\x1f".join(map(str, col.tolist())).encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    expected = one_join(df)
    for rows in (1, 2, 3, 4, 6, 7):  # boundaries inside, at and past the last row
        monkeypatch.setattr(pipeline, "DIGEST_ROWS", rows)
        assert table_digest(df) == expected
        assert table_digest(df.iloc[:0]) == one_join(df.iloc[:0])
        assert table_digest(df.assign(t=df.t.str.replace("last", "Last"))) != expected


def test_a_cached_run_without_a_catalog_reads_the_discovered_cast_back(tmp_path, monkeypatch):
    """With the cache, the cast discovered in a corpus is kept: a second run of the same
    articles reads it back (discovery is not run again) and writes the same discovered_actors
    and draft catalog, byte for byte; other articles are discovered afresh."""
    import analysis.discover
    from analysis import pipeline

    second = Path(__file__).resolve().parents[1] / "data" / "raw" / "second"
    cached = tmp_path / "cache"
    with pytest.warns(UserWarning, match="no actor catalog given"):
        first = build_tables(Params(corpus=str(second), n_boot=20, cache=str(cached)))
    write_tables(first, tmp_path / "first")
    assert list((cached / "discover").iterdir())

    def discovered_again(*args, **kwargs):
        raise AssertionError("the cast was discovered again")

    monkeypatch.setattr(analysis.discover, "discover_actors", discovered_again)
    with pytest.warns(UserWarning, match="no actor catalog given"):
        again = build_tables(Params(corpus=str(second), n_boot=20, cache=str(cached)))
    write_tables(again, tmp_path / "again")
    for name in ("discovered_actors.csv", "catalog_draft.yaml", "mentions.csv", "quotes.csv"):
        assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "again" / name).read_bytes()
    assert again.discovered_actors.equals(first.discovered_actors)
    # fewer articles: another key, so discovery runs (and here raises)
    with pytest.raises(AssertionError, match="discovered again"):
        pipeline.build_tables(
            Params(corpus=str(second), n_boot=20, cache=str(cached), date_to="2000-01-01")
        )

"""End-to-end tests of analysis.pipeline on the bundled seeds."""

from pathlib import Path

import pandas as pd
import pytest

from analysis.ledger import reconstruct
from analysis.pipeline import accounting, build_tables, table_digest, write_csv, write_tables

SEEDS = Path(__file__).resolve().parents[1] / "data" / "raw" / "seeds"


@pytest.fixture(scope="module")
def tables():
    return build_tables(SEEDS, n_boot=200)


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


def test_rewrite_is_counted_once_in_actor_measures(tables):
    outlets = set(tables.actor_measures_by_outlet.outlet)
    assert "unidentified aggregator 1" not in outlets  # its only article is 000, a rewrite
    assert len(outlets) == 4


def test_same_input_gives_byte_identical_tables(tmp_path, tables):
    a = write_tables(tables, tmp_path / "a")
    b = write_tables(build_tables(SEEDS, n_boot=200), tmp_path / "b")
    assert [p.name for p in a] == [p.name for p in b]
    assert len(a) >= 19
    for pa, pb in zip(a, b, strict=True):
        assert pa.read_bytes() == pb.read_bytes(), pa.name
    assert not list((tmp_path / "a").glob(".*.tmp"))  # no temporary files left behind


def test_words_near_actors_per_outlet(tables):
    near = tables.actor_context_terms
    assert {"group", "actor", "term", "count_group", "count_rest", "z", "examples"} <= set(near)
    assert set(near.group) <= set(tables.articles.outlet) - {"unidentified aggregator 1"}
    assert "Sergei Lavrov" in set(near.actor)  # only EL PAIS (and its rewrite) names him
    assert (near.count_group > 0).all()


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

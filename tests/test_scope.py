"""analysis.scope: the selection and the rewrite scope, applied once before the corpus stages."""

import pandas as pd
import pytest

from analysis import load, scope
from analysis.params import Params


def _articles() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": ["a", "b", "c", "d"],
            "source": ["a.txt", "b.txt", "c.txt", "d.txt"],
            "outlet": ["X", "Y", "X", "Y"],
            "event": ["e1", "e1", "e2", ""],
            "published": ["2024-01-01", "2024-02-01", "", "2024-03-01"],
        }
    )


def test_no_selection_keeps_everything_and_records_nothing():
    kept, rows = scope.select(_articles(), Params())
    assert list(kept.article_id) == ["a", "b", "c", "d"] and rows.empty
    assert scope.selection_reason(Params()) == ""


@pytest.fixture
def corpus(tmp_path) -> str:
    """A table corpus with the outlets and events of :func:`_articles` (Params checks them)."""
    path = tmp_path / "corpus.csv"
    _articles().rename(columns={"article_id": "id"}).assign(text="Some words.").to_csv(path)
    return str(path)


def test_outlets_event_and_days_select_and_record_why(corpus):
    kept, rows = scope.select(_articles(), Params(corpus=corpus, outlets=["X"]))
    assert list(kept.article_id) == ["a", "c"]
    assert list(rows.article_id) == ["b", "d"]
    assert set(rows.stage) == {"scope"} and set(rows.action) == {"excluded"}
    assert set(rows.reason) == {"not in the selection (outlets X)"}
    kept, rows = scope.select(_articles(), Params(corpus=corpus, outlets=["X"], event="e1"))
    assert list(kept.article_id) == ["a"]
    assert rows.reason.iloc[0] == "not in the selection (outlets X; event e1)"

    kept, _ = scope.select(_articles(), Params(date_from="2024-01-15"))
    assert list(kept.article_id) == ["b", "d"]  # c has no date: outside any range
    kept, rows = scope.select(_articles(), Params(date_from="2024-01-01", date_to="2024-02-01"))
    assert list(kept.article_id) == ["a", "b"]
    assert rows.reason.iloc[0] == "not in the selection (published 2024-01-01 to 2024-02-01)"


def test_count_leaves_out_rewrites_once_and_keeps_them_with_all():
    arts = pd.DataFrame({"article_id": ["a", "b"], "rewrite_of": ["", "a"]})
    sents = pd.DataFrame({"article_id": ["a", "b", "b"], "sentence_index": [0, 0, 1]})
    tables = {"articles": arts, "sentences": sents, "other": pd.DataFrame({"x": [1]})}
    once = scope.count(tables, Params(rewrites="once"))
    assert list(once.counted["articles"].article_id) == ["a"]
    assert list(once.counted["sentences"].article_id) == ["a"]
    assert len(once.counted["other"]) == 1  # tables without article_id pass unchanged
    assert list(once.selected["articles"].rewrite_of) == ["", "a"]  # story flags the rewrite
    every = scope.count(tables, Params(rewrites="all"))
    assert list(every.counted["articles"].article_id) == ["a", "b"]
    assert list(every.selected["articles"].rewrite_of) == ["", ""]  # counted like any other


def test_counted_tables_are_narrowed_on_read_as_restrict_narrows_them():
    arts = pd.DataFrame({"article_id": ["a", "b", "c"], "rewrite_of": ["", "a", ""]})
    sents = pd.DataFrame(
        {"article_id": ["c", "b", "a", "b"], "sentence_index": [0, 0, 0, 1], "n": [1, 2, 3, 4]}
    )
    tables = {"articles": arts, "sentences": sents, "other": pd.DataFrame({"x": [1]})}
    counted = scope.count(tables, Params(rewrites="once")).counted
    assert isinstance(counted, scope.Narrowed)
    assert list(counted) == ["articles", "sentences", "other"] and len(counted) == 3
    whole = scope.restrict(tables, {"a", "c"})
    for name in tables:  # row order kept, index 0..n-1, as restrict gives
        pd.testing.assert_frame_equal(counted[name], whole[name], check_exact=True)
    assert list(counted["sentences"].n) == [1, 3] and list(counted["sentences"].index) == [0, 1]
    assert counted["other"] is tables["other"]  # no article_id: the table itself
    assert counted["sentences"] is not counted["sentences"]  # narrowed on each read, not kept
    assert dict(**counted).keys() == tables.keys()  # unpacks as a dict does (ActorInputs(**c))
    with pytest.raises(TypeError):
        counted["articles"] = arts  # read-only


def test_counted_once_names_the_rewrite_and_its_source_outlet():
    arts = pd.DataFrame(
        {"article_id": ["a", "b", "c"], "outlet": ["X", "Y", "Z"], "rewrite_of": ["", "a", ""]}
    )
    once = scope.counted_once(arts)
    assert once[["article_id", "outlet", "rewrite_of", "source_outlet"]].values.tolist() == [
        ["b", "Y", "a", "X"]
    ]
    assert "counted once in whole-corpus measures, kept per outlet" in once.reason.iloc[0]
    assert scope.counted_once(arts.assign(rewrite_of="")).empty


def test_outlet_table_lists_every_input_outlet_with_why_it_has_no_article():
    loaded = _articles().assign(country=["uk", "fr", "uk", "fr"])
    analysed = loaded[loaded.article_id.isin(["a", "c"])].assign(rewrite_of=["", "a"])
    ledger = pd.DataFrame(
        {
            "article_id": ["b", "d"],
            "action": ["excluded", "excluded"],
            "reason": ["not in the selection (outlets X)"] * 2,
        }
    )
    out = scope.outlet_table(loaded, analysed, ledger, Params()).set_index("outlet")
    assert out.loc["X"].tolist() == ["", 2, 2, 1, "analysed", ""]
    assert out.loc["Y"].tolist() == ["", 2, 0, 0, "excluded", "not in the selection (outlets X)"]


def test_aliases_merge_spellings_and_keep_the_given_one(tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_text("alias,outlet\nthehuffingtonpost,The Huffington Post\n", "utf-8")
    arts = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["thehuffingtonpost", "X"]})
    merged = load.apply_aliases(arts, load.load_aliases(path))
    assert list(merged.outlet) == ["The Huffington Post", "X"]
    assert list(merged.outlet_as_given) == ["thehuffingtonpost", "X"]
    path.write_text("alias,outlet\na,B\nB,C\n", "utf-8")
    with pytest.raises(ValueError, match="outlet 'B' is also an alias"):
        load.load_aliases(path)
    path.write_text("alias,name\na,B\n", "utf-8")
    with pytest.raises(ValueError, match=r"aliases\.csv: needs the columns alias,outlet"):
        load.load_aliases(path)


def test_with_group_labels_articles_without_a_value():
    arts = pd.DataFrame({"article_id": ["a", "b"], "country": ["uk", ""]})
    got = scope.with_group(arts, Params(outlet_group="country", corpus=_table(arts)))
    assert list(got.group) == ["uk", scope.NO_GROUP]


def _table(arts: pd.DataFrame) -> str:
    import tempfile

    path = tempfile.mkdtemp() + "/c.csv"
    arts.rename(columns={"article_id": "id"}).assign(text="Words.", outlet="X").to_csv(path)
    return path


def test_groups_select_values_of_the_outlet_group_column_and_record_why(tmp_path):
    arts = _articles().assign(country=["uk", "fr", "uk", ""])
    path = tmp_path / "c.csv"
    arts.rename(columns={"article_id": "id"}).assign(text="Words.").to_csv(path)
    p = Params(corpus=str(path), outlet_group="country", groups=["uk"])
    kept, rows = scope.select(arts, p)
    assert list(kept.article_id) == ["a", "c"]
    assert list(rows.article_id) == ["b", "d"]
    assert set(rows.reason) == {"not in the selection (country uk)"}
    assert set(rows.stage) == {"scope"} and set(rows.category) == {"selection"}
    # an article without a value is in the group "(no group)", and can be selected as such
    p = Params(corpus=str(path), outlet_group="country", groups=[scope.NO_GROUP, "fr"])
    kept, _ = scope.select(arts, p)
    assert list(kept.article_id) == ["b", "d"]

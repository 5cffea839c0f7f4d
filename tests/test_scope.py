"""analysis.scope: the selection and the rewrite scope, applied once before the corpus stages."""

import pandas as pd
import pytest

from analysis import scope
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

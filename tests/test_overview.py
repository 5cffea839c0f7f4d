"""analysis.overview: the counts report 01 shows, from hand-made articles and ledger rows."""

import pandas as pd
import pytest

from analysis import overview


def test_articles_per_outlet_counts_outlet_by_event_largest_outlet_first():
    arts = pd.DataFrame(
        {
            "article_id": ["a", "b", "c", "d"],
            "outlet": ["Y", "X", "X", "X"],
            "event": ["e1", "e1", "", "e2"],
        }
    )
    got = overview.articles_per_outlet(arts)
    assert got.values.tolist() == [
        ["X", "(no event)", 1, 3],
        ["X", "e1", 1, 3],
        ["X", "e2", 1, 3],
        ["Y", "e1", 1, 1],
    ]
    assert overview.articles_per_outlet(arts.iloc[:0]).columns.tolist() == [
        "outlet", "event", "articles", "total",
    ]  # fmt: skip


def test_articles_per_language():
    arts = pd.DataFrame({"article_id": ["a", "b", "c"], "language": ["en", "fr", "en"]})
    assert overview.articles_per_language(arts).values.tolist() == [["en", 2], ["fr", 1]]


def _ledger() -> pd.DataFrame:
    rows = [
        # article, stage, action, category, n_chars
        ("a", "load", "loaded", "input", 1000),
        ("b", "load", "loaded", "input", 500),
        ("a", "clean", "removed", "boilerplate", 100),
        ("a", "clean", "removed", "boilerplate", 20),
        ("b", "clean", "removed", "boilerplate", 30),
        ("b", "clean", "removed", "language", 200),
        ("a", "clean", "replaced", "normalize", 3),
        ("a", "segment", "removed", "other", 999),  # not cleaning: left out
    ]
    return pd.DataFrame(rows, columns=["article_id", "stage", "action", "category", "n_chars"])


def test_cleaning_by_category_and_totals_by_hand():
    by = overview.cleaning_by_category(_ledger())
    assert by.values.tolist() == [
        ["language", "removed", 1, 200, 1],
        ["boilerplate", "removed", 3, 150, 2],
        ["normalize", "replaced", 1, 3, 1],
    ]
    totals = overview.cleaning_totals(_ledger())
    # removed: 4 spans, 350 characters, in 2 articles (each counted once); 1,500 decoded
    assert totals.values.tolist() == [["removed", 4, 350, 2, 1500], ["replaced", 1, 3, 1, 1500]]
    nothing = _ledger()[lambda d: d.stage == "load"]
    assert overview.cleaning_by_category(nothing).empty
    assert overview.cleaning_totals(nothing).empty


def test_corpus_counts_one_row_by_hand():
    arts = pd.DataFrame(
        {
            "outlet": ["A", "A", "B"],
            "event": ["e1", "", "e2"],
            "published": ["2024-03-04", "", "2024-01-02"],
        }
    )
    got = overview.corpus_counts(arts)
    assert got.to_dict("records") == [
        {"outlets": 2, "events": 2, "first_day": "2024-01-02", "last_day": "2024-03-04"}
    ]
    none = overview.corpus_counts(arts.iloc[:0])
    assert none.to_dict("records") == [{"outlets": 0, "events": 0, "first_day": "", "last_day": ""}]


def test_corpus_counts_with_paragraphs_counts_articles_with_two_or_more_body_paragraphs():
    arts = pd.DataFrame(
        {"article_id": ["a", "b", "c"], "outlet": ["A", "A", "B"], "event": ["", "", ""],
         "published": ["", "", ""]}
    )  # fmt: skip
    paras = pd.DataFrame(
        {
            # a: headline + 2 body paragraphs; b: headline, standfirst, 1 body paragraph;
            # c: 1 body paragraph; z: not a selected article
            "article_id": ["a", "a", "a", "b", "b", "b", "c", "z", "z"],
            "is_headline": [True, False, False, True, False, False, False, False, False],
            "is_standfirst": [False, False, False, False, True, False, False, False, False],
        }
    )
    got = overview.corpus_counts(arts, paras)
    assert got[["articles", "multi_paragraph_articles"]].values.tolist() == [[3, 1]]
    assert overview.paragraph_share(got) == pytest.approx(1 / 3)
    assert overview.paragraph_share(overview.corpus_counts(arts)) is None  # no paragraphs given

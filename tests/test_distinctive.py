"""Tests for analysis.distinctive: terms, log-odds (computed by hand), actor contexts."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest

from analysis import scope
from analysis.distinctive import (
    actor_context_terms,
    distinctive_terms,
    log_odds,
    sentence_terms,
    term_examples,
)
from analysis.params import Params


def corpus(texts: dict[str, tuple[str, str]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """articles (article_id, outlet, rewrite_of) and one-sentence-per-entry sentences.

    ``texts``: "article_id:sentence_index" -> (outlet, text)."""
    arts, sents = {}, []
    for key, (outlet, text) in texts.items():
        aid, si = key.split(":")
        arts[aid] = outlet
        sents.append({"article_id": aid, "sentence_index": int(si), "start": 0, "text": text})
    articles = pd.DataFrame(
        {"article_id": list(arts), "outlet": list(arts.values()), "rewrite_of": ""}
    )
    return articles, pd.DataFrame(sents)


def row(table: pd.DataFrame, group: str, term: str) -> pd.Series:
    hit = table[(table.group == group) & (table.term == term)]
    assert len(hit) == 1, (group, term)
    return hit.iloc[0]


def test_sentence_terms_unigrams_bigrams_and_stopwords() -> None:
    stop = frozenset({"the", "of"})
    assert sentence_terms("Ukraine’s strikes, the end of war", stop) == [
        "ukraine",
        "strikes",
        "end",
        "war",
        "ukraine strikes",
    ]  # "strikes end" spans a comma; "the end", "end of", "of war" hold a stopword
    assert sentence_terms("Talks in 2025", frozenset()) == ["talks", "in", "talks in"]
    # stopwords kept: every token and every pair with only whitespace between (not "end of")
    assert sentence_terms("The end, of  war 2025", stop, remove_stopwords=False) == [
        "the",
        "end",
        "of",
        "war",
        "the end",
        "of war",
    ]


def test_log_odds_formula_by_hand() -> None:
    # y_i=2, y_j=0, n_i=3, n_j=2, a_w=1, a_0=3: delta = ln(3/3) - ln(1/4) = ln 4;
    # var = 1/3 + 1/1 = 4/3; z = ln 4 / sqrt(4/3)
    delta, z = log_odds(2, 0, 3, 2, 1.0, 3.0)
    assert delta == pytest.approx(1.386294, abs=1e-6)
    assert z == pytest.approx(1.200566, abs=1e-6)


def test_distinctive_terms_two_groups_uniform_prior() -> None:
    articles, sentences = corpus({"a1:0": ("A", "war war peace"), "b1:0": ("B", "peace talks")})
    d = distinctive_terms(sentences, articles, prior=1.0, stopwords=[])
    # unigrams: A = {war 2, peace 1} (n=3), B = {peace 1, talks 1} (n=2); a_w = 1, a_0 = 3
    war = row(d, "A", "war")
    assert (war.count_group, war.count_rest, war.n_group, war.n_rest) == (2, 0, 3, 2)
    assert war.log_odds == pytest.approx(1.386294, abs=1e-6)  # ln(3/3) - ln(1/4)
    assert war.z == pytest.approx(1.200566, abs=1e-6)  # / sqrt(1/3 + 1)
    peace = row(d, "A", "peace")  # ln(2/4) - ln(2/3); var = 1/2 + 1/2
    assert peace.log_odds == pytest.approx(-0.287682, abs=1e-6)
    assert peace.z == pytest.approx(-0.287682, abs=1e-6)
    talks = row(d, "B", "talks")  # ln(2/3) - ln(1/5); var = 1/2 + 1
    assert talks.log_odds == pytest.approx(1.203973, abs=1e-6)
    assert talks.z == pytest.approx(0.983040, abs=1e-6)
    # bigrams scored on their own totals: A = {war war, war peace} (n=2), B = {peace talks}
    ww = row(d, "A", "war war")
    assert (ww.ngram, ww.n_group, ww.n_rest) == (2, 2, 1)
    assert ww.log_odds == pytest.approx(0.693147, abs=1e-6)  # ln(2/3) - ln(1/3)
    assert ww.z == pytest.approx(0.565952, abs=1e-6)  # / sqrt(1/2 + 1)
    assert ww.examples == "a1:0"
    # sorted by group, ngram, z descending
    assert list(d[(d.group == "A") & (d.ngram == 1)].term) == ["war", "peace"]


def test_distinctive_terms_informative_corpus_prior() -> None:
    articles, sentences = corpus({"a1:0": ("A", "war war peace"), "b1:0": ("B", "peace talks")})
    d = distinctive_terms(sentences, articles, prior="corpus", alpha0=6.0, stopwords=[])
    war = row(d, "A", "war")
    # a_war = 6 * 2/5 = 2.4, a_0 = 6: ln(4.4/4.6) - ln(2.4/5.6); var = 1/4.4 + 1/2.4
    assert war.prior == pytest.approx(2.4)
    assert war.log_odds == pytest.approx(0.802846, abs=1e-6)
    assert war.z == pytest.approx(1.000483, abs=1e-6)


def test_distinctive_terms_rewrites_examples_and_errors() -> None:
    articles, sentences = corpus(
        {
            "a1:0": ("A", "Ceasefire talks"),
            "a1:1": ("A", "More ceasefire news"),
            "b1:0": ("B", "Strikes continue"),
            "r1:0": ("C", "Ceasefire ceasefire ceasefire"),
        }
    )
    articles.loc[articles.article_id == "r1", "rewrite_of"] = "a1"
    counted = scope.count({"articles": articles}, Params()).counted["articles"]
    d = distinctive_terms(sentences, counted, prior=1.0)
    assert set(d.group) == {"A", "B"}  # the rewrite is counted once (left out by the scope)
    assert row(d, "A", "ceasefire").examples == "a1:0;a1:1"
    assert row(d, "A", "ceasefire").count_rest == 0
    assert set(distinctive_terms(sentences, articles, prior=1.0).group) == {
        "A",
        "B",
        "C",
    }
    with pytest.raises(ValueError, match="at least two"):
        distinctive_terms(sentences[sentences.article_id == "a1"], articles.iloc[:1], prior=1.0)
    with pytest.raises(ValueError, match="prior"):
        distinctive_terms(sentences, articles, prior="flat")
    with pytest.raises(ValueError, match="missing column"):
        distinctive_terms(sentences.drop(columns="text"), articles)
    ex = term_examples(sentences, "ceasefire")
    assert list(zip(ex.article_id, ex["count"], strict=True)) == [("a1", 1), ("a1", 1), ("r1", 3)]


def test_actor_context_terms_window() -> None:
    text_a = "Yesterday Putin rejected the plan firmly"
    text_b = "Putin welcomed talks"
    articles, sentences = corpus({"a1:0": ("A", text_a), "b1:0": ("B", text_b)})
    mentions = pd.DataFrame(
        [
            {"article_id": "a1", "sentence_index": 0, "actor": "Putin", "start": 10, "end": 15},
            {"article_id": "b1", "sentence_index": 0, "actor": "Putin", "start": 0, "end": 5},
        ]
    )
    c = actor_context_terms(sentences, mentions, articles, k=2, prior=1.0, stopwords=["the"])
    # k=2 around "Putin" in a1: "Yesterday" | "rejected", "the" (stopword); "plan" is 3 away
    a = c[c.group == "A"]
    assert sorted(a.term) == ["rejected", "yesterday"]
    assert sorted(c[c.group == "B"].term) == ["talks", "welcomed"]
    rej = row(c, "A", "rejected")
    # A: n=2 (yesterday, rejected), B: n=2; vocab 4, a_w = 1, a_0 = 4:
    # ln(2/(2+4-1-1)) - ln(1/(2+4-0-1)) = ln(1/2) - ln(1/5) = ln 2.5; var = 1/2 + 1
    assert rej.actor == "Putin"
    assert rej.log_odds == pytest.approx(0.916291, abs=1e-6)
    assert rej.z == pytest.approx(0.748148, abs=1e-6)
    with pytest.raises(ValueError, match="k must be"):
        actor_context_terms(sentences, mentions, articles, k=0)


def test_a_vocabulary_of_one_word_gives_no_rows_not_a_crash():
    from analysis.distinctive import TERM_COLUMNS, _score

    counts = {"A": Counter({"truce": 1}), "B": Counter()}
    refs = {"A": {"truce": [("a1", 0)]}, "B": {}}
    cols = _score(counts, refs, {"truce": 1}, "corpus", 100.0, 1, 3)
    assert list(cols) == TERM_COLUMNS and not any(cols.values())  # every column, no rows


def test_top_terms_rank_both_ngram_orders_together_per_group():
    from analysis.distinctive import top_terms

    terms = pd.DataFrame(
        {
            "group": ["X", "X", "X", "Y"],
            "ngram": [1, 1, 2, 1],
            "term": ["b", "a", "a b", "c"],
            "z": [1.0, 1.0, 3.0, -0.5],
        }
    )
    got = top_terms(terms, n=2)
    # X: "a b" (z 3) first although it is a bigram; "a" before "b" on the tie
    assert got[["group", "term", "rank"]].values.tolist() == [
        ["X", "a b", 1], ["X", "a", 2], ["Y", "c", 1],
    ]  # fmt: skip
    assert list(top_terms(terms.iloc[:0]).columns) == [*terms.columns, "rank"]


def test_log_odds_of_many_terms_equal_the_scalar_formula_bit_for_bit():
    """distinctive._log_odds_many (arrays, one group) gives log_odds's floats exactly: by hand
    a term used 3 times in a group of 10 words and 1 time in the rest (20 words), prior 0.5,
    a_0 2; then many random counts and priors against the scalar formula."""
    import math
    import random

    from analysis.distinctive import _log_odds_many, log_odds

    delta, z = _log_odds_many([3], [1], 10, 20, [0.5], 2.0)
    want_delta = math.log(3.5 / (12 - 3.5)) - math.log(1.5 / (22 - 1.5))
    assert delta == [want_delta]
    assert z == [want_delta / math.sqrt(1 / 3.5 + 1 / 1.5)]
    rnd = random.Random(5)
    y_i = [rnd.randint(1, 500) for _ in range(2000)]
    y_j = [rnd.randint(0, 5000) for _ in range(2000)]
    a_w = [rnd.random() * 3 for _ in range(2000)]
    n_i, n_j, a_0 = 100_003, 912_345, 100.0
    delta, z = _log_odds_many(y_i, y_j, n_i, n_j, a_w, a_0)
    want = [log_odds(a, b, n_i, n_j, w, a_0) for a, b, w in zip(y_i, y_j, a_w, strict=True)]
    assert delta == [d for d, _ in want]
    assert z == [v for _, v in want]
    assert _log_odds_many([], [], 1, 1, [], 1.0) == ([], [])


def _per_sentence_reference(sentences, articles, stop, n_examples=3, **score):
    """The table as counted before analysis.tokens: sentence_terms of each sentence, a
    Counter and the example refs per group, then _score (the row-by-row path)."""
    from collections import defaultdict

    from analysis.distinctive import TERM_COLUMNS, _frame, _score

    group_of = dict(zip(articles.article_id, articles.outlet, strict=True))
    counts, refs = defaultdict(Counter), defaultdict(dict)
    ordered = sentences.sort_values(["article_id", "sentence_index"], kind="stable")
    for aid, si, text in zip(ordered.article_id, ordered.sentence_index, ordered.text, strict=True):
        g = group_of.get(aid)
        if g is None:
            continue
        terms = sentence_terms(text, stop)
        counts[g].update(terms)
        for t in dict.fromkeys(terms):
            found = refs[g].setdefault(t, [])
            if len(found) < n_examples:
                found.append(f"{aid}:{si}")
    ngram_of = {t: t.count(" ") + 1 for c in counts.values() for t in c}
    cols = _score(counts, refs, ngram_of, n_examples=n_examples, **score)
    return _frame(cols, TERM_COLUMNS)


@pytest.mark.parametrize(
    "prior, min_count, n_examples",
    [
        ("corpus", 1, 3),
        ("corpus", 2, 3),
        (0.5, 1, 3),
        ({"the": 2.0, "war": 0.3}, 1, 3),
        ("corpus", 1, 1),  # the examples joined per cell when counted: at most n_examples
        ("corpus", 2, 7),
    ],
)
def test_counting_on_token_ids_gives_the_per_sentence_table(prior, min_count, n_examples):
    import random

    from analysis.lang import stopword_set

    rng = random.Random(7)
    words = ["war", "peace", "Kyiv's", "talks", "the", "U.S.", "gas", "-20", "cut", "deal"]
    texts = {}
    for k in range(120):
        seps = [rng.choice([" ", " ", ", ", "  ", "-"]) for _ in range(8)]
        text = "".join(w + s for w, s in zip(rng.choices(words, k=8), seps, strict=True))
        texts[f"a{k % 17}:{k}"] = (f"O{k % 17 % 4}", text.strip())
    articles, sentences = corpus(texts)
    articles = articles[articles.article_id != "a16"]  # sentences of an article out of scope
    stop = stopword_set(None)
    got = distinctive_terms(
        sentences, articles, prior=prior, min_count=min_count, n_examples=n_examples
    )
    want = _per_sentence_reference(
        sentences, articles, stop, n_examples, prior=prior, alpha0=100.0, min_count=min_count
    )
    assert len(got) > 20 and (got.ngram == 2).any()
    pd.testing.assert_frame_equal(got, want, check_exact=True)

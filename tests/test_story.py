"""Tests for analysis.story: story elements on a hand-made 3-outlet event and on the seeds."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.story import _reordered, average_linkage, sentence_slot, story_elements

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "raw" / "seeds"


def make(spec: dict[str, tuple[str, str, list[tuple[int, bool, str]]]]):
    """articles + sentences. spec: article_id -> (outlet, rewrite_of, [(paragraph_index,
    is_headline, text), ...]); position = index / (n - 1)."""
    arts, rows = [], []
    for aid, (outlet, rewrite_of, sents) in spec.items():
        arts.append({"article_id": aid, "outlet": outlet, "event": "e1", "rewrite_of": rewrite_of})
        n = len(sents)
        for i, (para, head, text) in enumerate(sents):
            rows.append(
                {
                    "article_id": aid,
                    "sentence_index": i,
                    "paragraph_index": para,
                    "text": text,
                    "position": i / (n - 1) if n > 1 else 0.0,
                    "is_headline": head,
                    "is_standfirst": False,
                }
            )
    return pd.DataFrame(arts), pd.DataFrame(rows)


TINY = {
    "a1": (
        "Alpha",
        "",
        [
            (0, True, "Putin agrees ceasefire in Ukraine"),
            (1, False, "Putin agreed to a ceasefire in Ukraine."),
            (2, False, "Grain exports resumed from Odesa port."),
            (3, False, "The Kremlin denied the report about prisoners."),
        ],
    ),
    "b1": (
        "Beta",
        "",
        [
            (0, False, "Putin agreed to a ceasefire in Ukraine on Monday."),
            (1, False, "Grain exports from Odesa port resumed."),
        ],
    ),
    "c1": (
        "Gamma",
        "",
        [
            (0, False, "Zelensky visited troops near Bakhmut."),
            (1, False, "Putin agreed to the ceasefire in Ukraine."),
        ],
    ),
    "r1": ("Delta", "a1", [(0, False, "The Kremlin denied a report about prisoners.")]),
}


def test_slots_and_linkage() -> None:
    assert sentence_slot(True, False, False, 0.0) == "headline"
    assert sentence_slot(False, True, False, 0.1) == "standfirst"
    assert sentence_slot(False, False, True, 0.9) == "first_paragraph"
    assert sentence_slot(False, False, False, 0.8) == "end"
    assert sentence_slot(False, False, False, 0.79) == "body"
    sim = np.array(
        [
            [1.0, 0.9, 0.1, 0.5],
            [0.9, 1.0, 0.0, 0.3],
            [0.1, 0.0, 1.0, 0.2],
            [0.5, 0.3, 0.2, 1.0],
        ]
    )
    # 0+1 merge (0.9); {0,1} to 3: mean(0.5, 0.3) = 0.4 >= 0.35 -> merge; 2 stays alone
    assert average_linkage(sim, 0.35) == [0, 0, 1, 0]
    assert average_linkage(sim, 0.45) == [0, 0, 1, 2]


def test_story_elements_tiny_event() -> None:
    articles, sentences = make(TINY)
    el, es, cov = story_elements(articles, sentences)
    members = {
        eid: sorted(zip(g.article_id, g.sentence_index, strict=True))
        for eid, g in es.groupby("element_id")
    }
    # elements numbered by their first sentence (a1:0, a1:2, a1:3, c1:0)
    assert members == {
        0: [("a1", 0), ("a1", 1), ("b1", 0), ("c1", 1)],
        1: [("a1", 2), ("b1", 1)],
        2: [("a1", 3), ("r1", 0)],
        3: [("c1", 0)],
    }
    e = el.set_index("element_id")
    assert e.loc[0, "n_outlets"] == 3 and e.loc[0, "shared_by_all"]
    assert e.loc[0, "outlets"] == "Alpha;Beta;Gamma"
    assert e.loc[1, "outlets"] == "Alpha;Beta" and not e.loc[1, "shared_by_all"]
    # the rewrite carries element 2 but does not count as an outlet
    assert (e.loc[2, "n_outlets"], e.loc[2, "unique_to"], e.loc[2, "rewrite_articles"]) == (
        1,
        "Alpha",
        "r1",
    )
    assert e.loc[3, "unique_to"] == "Gamma"
    assert e.loc[2, "label_article_id"] == "a1"  # an original is preferred as label
    c = cov.set_index(["element_id", "article_id"])
    assert len(cov) == 4 * 4  # dense: elements x articles of the event
    assert c.loc[(0, "a1"), "where"] == "headline"  # most prominent of headline + lead
    assert c.loc[(0, "a1"), "sentence_indices"] == "0;1"
    assert c.loc[(0, "c1"), "where"] == "end"  # position 1.0
    assert c.loc[(0, "b1"), "where"] == "first_paragraph"  # b1 has no headline: para 0 leads
    assert c.loc[(1, "a1"), "where"] == "body"  # position 2/3
    assert c.loc[(2, "a1"), "where"] == "end"
    assert bool(c.loc[(2, "r1"), "is_rewrite"]) and bool(c.loc[(2, "r1"), "included"])
    assert not c.loc[(3, "a1"), "included"] and c.loc[(3, "a1"), "where"] == ""
    again = story_elements(articles, sentences)
    for x, y in zip((el, es, cov), again, strict=True):
        pd.testing.assert_frame_equal(x, y)
    with pytest.raises(ValueError, match="threshold"):
        story_elements(articles, sentences, threshold=0.0)
    with pytest.raises(ValueError, match="not in articles"):
        story_elements(articles[articles.article_id != "a1"], sentences)


@pytest.fixture(scope="module")
def seeds():
    from analysis.clean import clean_articles
    from analysis.load import load_corpus
    from analysis.rewrites import detect_rewrites, mark_rewrites
    from analysis.segment import segment_articles

    cleaned = clean_articles(load_corpus(SEEDS, None).articles, None, ("en",)).articles
    sentences = segment_articles(cleaned).sentences
    articles = mark_rewrites(cleaned, detect_rewrites(cleaned, sentences).pairs)
    return articles, sentences, story_elements(articles, sentences)


def _element_of(story, article_id: str, sentence_index: int) -> tuple[pd.Series, set[str]]:
    el, es, _ = story
    row = es[(es.article_id.str.startswith(article_id)) & (es.sentence_index == sentence_index)]
    assert len(row) == 1
    event, eid = row.iloc[0].event, row.iloc[0].element_id
    arts = set(es[(es.event == event) & (es.element_id == eid)].article_id.str[:3])
    return el[(el.event == event) & (el.element_id == eid)].iloc[0], arts


def test_seed_story_elements(seeds) -> None:
    articles, _, story = seeds
    assert (
        articles.set_index("article_id").rewrite_of.str[:3].to_dict()["000_72b7cec255c1ca4b"]
        == "002"
    )
    # Trump's "I personally asked President Putin" quote: 000, 001, 002 (000 a rewrite)
    el, arts = _element_of(story, "001", 3)
    assert arts == {"000", "001", "002"}
    assert (el.n_outlets, bool(el.shared_by_all)) == (2, True)
    assert el.rewrite_articles.startswith("000")
    # Lavrov's Hitler comparison: 002 and its rewrite 000 only
    el, arts = _element_of(story, "002", 22)
    assert arts == {"000", "002"}
    assert (el.n_outlets, el.unique_to) == (1, "EL PAIS English Edition")
    # the passenger-train strike and Zelensky's warning of a new strike: The Guardian only
    for idx in (27, 24):
        el, arts = _element_of(story, "001", idx)
        assert arts == {"001"} and el.unique_to == "The Guardian"
    # 2025-03 event: the energy-pause lead is told by both outlets, in the first paragraph
    el, arts = _element_of(story, "003", 0)
    assert arts == {"003", "004"} and bool(el.shared_by_all)
    _, _, cov = story
    lead = cov[(cov.event == el.event) & (cov.element_id == el.element_id)]
    assert set(lead["where"]) == {"first_paragraph"}
    # explosions in Kyiv after the call: both outlets
    _, arts = _element_of(story, "004", 9)
    assert arts == {"003", "004"}
    # each event has elements shared by all its outlets and elements unique to one
    for _, g in story.elements.groupby("event"):
        assert g.shared_by_all.any() and (g.unique_to != "").any()


def _reference_linkage(sim: np.ndarray, threshold: float) -> list[int]:
    """The earlier all-pairs implementation (argmax over the whole matrix per merge)."""
    n = sim.shape[0]
    link = sim.astype(float).copy()
    np.fill_diagonal(link, -np.inf)
    size = np.ones(n)
    parent = list(range(n))
    active = np.ones(n, dtype=bool)
    while active.sum() > 1:
        i, j = divmod(int(np.argmax(link)), n)
        if link[i, j] < threshold:
            break
        i, j = min(i, j), max(i, j)
        merged = (size[i] * link[i] + size[j] * link[j]) / (size[i] + size[j])
        link[i], link[:, i] = merged, merged
        link[i, i] = -np.inf
        link[j], link[:, j] = -np.inf, -np.inf
        size[i] += size[j]
        active[j] = False
        parent = [i if p == j else p for p in parent]
    labels: dict[int, int] = {}
    return [labels.setdefault(p, len(labels)) for p in parent]


@pytest.mark.parametrize("seed", range(6))
def test_average_linkage_equals_the_all_pairs_version(seed) -> None:
    rng = np.random.default_rng(seed)
    n = 60
    x = rng.random((n, 8)) ** 4  # skewed, so some pairs are close and many are not
    sim = x @ x.T / np.outer(np.linalg.norm(x, axis=1), np.linalg.norm(x, axis=1))
    sim = np.round(sim, 2)  # ties, to check that they go to the same pair
    art = rng.integers(0, 20, n)
    sim[art[:, None] == art[None, :]] = 0.0
    for threshold in (0.3, 0.6, 0.9):
        assert average_linkage(sim, threshold) == _reference_linkage(sim, threshold)


def _chain_event(n_articles: int):
    """n articles, each with one sentence sharing words with the next article's sentence, and
    one sentence of its own."""
    words = [f"word{k}" for k in range(n_articles + 4)]
    spec = {}
    for k in range(n_articles):
        shared = " ".join(words[k : k + 4])
        own = f"Entirely separate matter number{k} unique{k} alone{k}."
        spec[f"a{k:02d}"] = (f"Outlet {k % 3}", "", [(0, False, f"{shared}."), (1, False, own)])
    return make(spec)


def test_oversized_blocks_are_cut_and_coverage_is_capped() -> None:
    articles, sentences = _chain_event(12)
    el, es, cov = story_elements(articles, sentences)
    # sentence 0 of article k shares 3 of 4 words with article k+1's: one chain of 12, which
    # average linkage cuts into elements; every "own" sentence is an element of its own
    chained = es[es.sentence_index == 0]
    assert chained.element_id.nunique() < 12
    assert len(cov) == len(el) * 12  # dense: every article x element
    # a block of at most 4 sentences: elements never span two blocks, so there are at least 3
    _, es4, _ = story_elements(articles, sentences, max_block=4)
    sizes = es4[es4.sentence_index == 0].groupby("element_id").size()
    assert sizes.max() <= 4 and len(sizes) >= 3
    assert set(es4.article_id) == set(es.article_id) and len(es4) == len(es)
    # coverage capped at 60 cells: omission rows for the 5 most widely told elements only
    # (60 // 12 articles), included rows for all
    with pytest.warns(UserWarning, match="max_coverage_cells=60"):
        _, _, small = story_elements(articles, sentences, max_coverage_cells=60)
    assert small.included.sum() == cov.included.sum() == len(es)
    omitted = small[~small.included]
    assert omitted.element_id.nunique() == 5
    top = el.sort_values(["n_outlets", "n_sentences", "element_id"], ascending=[False, False, True])
    assert set(omitted.element_id) <= set(top.element_id.head(5))
    pd.testing.assert_frame_equal(
        small[small.element_id.isin(top.element_id.head(5))].reset_index(drop=True),
        cov[cov.element_id.isin(top.element_id.head(5))].reset_index(drop=True),
        check_dtype=False,
    )


def test_story_omissions_count_what_another_outlet_of_the_event_tells():
    from analysis.story import story_omissions

    # event e: element 0 told by X and Y, element 1 by X only, element 2 by nobody
    cov = pd.DataFrame(
        {
            "event": ["e"] * 6,
            "element_id": [0, 0, 1, 1, 2, 2],
            "article_id": ["x1", "y1", "x1", "y1", "x1", "y1"],
            "outlet": ["X", "Y", "X", "Y", "X", "Y"],
            "included": [True, True, True, False, False, False],
        }
    )
    got = story_omissions(cov)
    assert got.values.tolist() == [["e", "X", 3, 2, 0], ["e", "Y", 3, 1, 1]]
    assert story_omissions(cov.iloc[:0]).columns.tolist() == [
        "event", "outlet", "elements", "included", "omitted",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("sim", "threshold"),
    [
        ([[1.0, 0.5], [0.5, 1.0]], 0.4),  # above: merged
        ([[1.0, 0.5], [0.5, 1.0]], 0.5),  # at the threshold: merged
        ([[1.0, 0.5], [0.5, 1.0]], 0.6),  # below: apart
        ([[1.0, 0.0], [0.0, 1.0]], 0.3),  # one article (masked to 0): apart
        ([[1.0, 0.3], [0.7, 1.0]], 0.5),  # asymmetric: a row's maximum decides
        ([[0.2, np.nan], [0.9, 0.2]], 0.5),  # a NaN stops the loop
        ([[0.9]], 0.5),
    ],
)
def test_average_linkage_of_one_or_two_rows_is_the_loops_answer(sim, threshold) -> None:
    # the same rows beside a third row similar to nothing go through the general loop, where
    # the third row is dropped at once: the first two labels are the loop's answer
    sim = np.array(sim)
    n = len(sim)
    padded = np.zeros((n + 1, n + 1))
    padded[:n, :n] = sim
    assert average_linkage(sim, threshold) == average_linkage(padded, threshold)[:n]


def test_a_block_cut_off_alone_is_an_element_of_its_own() -> None:
    from analysis.story import _cluster_event

    # five copies of one sentence in five articles: one piece of 5 > max_block 2, all cosines
    # 1.0, so no level splits it and it is cut into runs of 2: [0, 1], [2, 3] and [4] alone
    terms = [["grid", "attack", "winter"]] * 5
    found = _cluster_event(terms, ["a", "b", "c", "d", "e"], 0.5, 2)
    assert [members for members, _ in found] == [[0, 1], [2, 3], [4]]
    np.testing.assert_allclose(found[0][1], np.ones((2, 2)))
    assert found[2][1].tolist() == [[1.0]]


def test_coverage_rows_in_event_element_article_order() -> None:
    # e1: element 0 = the grid sentence (a1, c3), element 1 = the cat sentence (c3 only, so
    # a1's omission row comes before c3's included row); e2: the drone sentence (b2) and the
    # ferry sentence (z9), each omitted by the other article
    articles, sentences = make(
        {
            "z9": ("Outlet Z", "", [(0, False, "Ferry timetable changed today.")]),
            "c3": (
                "Outlet C",
                "",
                [
                    (0, False, "Grid attack hit the power station."),
                    (1, False, "Quiet cat sat alone."),
                ],
            ),
            "b2": ("Outlet B", "", [(0, False, "Drone strike on the port.")]),
            "a1": ("Outlet A", "", [(0, False, "Grid attack hit the power station.")]),
        }
    )
    articles["event"] = articles["article_id"].map({"a1": "e1", "c3": "e1", "b2": "e2", "z9": "e2"})
    _, _, cov = story_elements(articles, sentences)
    got = list(zip(cov.event, cov.element_id, cov.article_id, cov.included, strict=True))
    assert got == [
        ("e1", 0, "a1", True),
        ("e1", 0, "c3", True),
        ("e1", 1, "a1", False),
        ("e1", 1, "c3", True),
        ("e2", 0, "b2", True),
        ("e2", 0, "z9", False),
        ("e2", 1, "b2", False),
        ("e2", 1, "z9", True),
    ]
    assert cov.index.tolist() == list(range(8))


def test_one_sentence_elements_of_an_original_without_outlet_and_of_a_rewrite() -> None:
    # elements of one sentence each: an original whose outlet is "" still counts one outlet
    # (named ""); a rewrite's own sentence counts no outlet and names the rewrite
    articles, sentences = make(
        {
            "a1": ("", "", [(0, False, "Grain exports resumed from Odesa port.")]),
            "b1": ("Beta", "", [(0, False, "Zelensky visited troops near Bakhmut.")]),
            "r1": ("Delta", "a1", [(0, False, "The Kremlin denied a report on prisoners.")]),
        }
    )
    el, es, _ = story_elements(articles, sentences)
    e = el.set_index("label_article_id")
    cols = ["n_outlets", "outlets", "n_articles", "rewrite_articles", "shared_by_all", "unique_to"]
    assert tuple(e.loc["a1", cols]) == (1, "", 1, "", False, "")
    assert tuple(e.loc["b1", cols]) == (1, "Beta", 1, "", False, "Beta")
    assert tuple(e.loc["r1", cols]) == (0, "", 0, "r1", False, "")
    assert (el["n_sentences"] == 1).all() and (es["similarity"] == 1.0).all()


def test_reordered_equals_take_and_empties_its_input() -> None:
    df = pd.DataFrame(
        {
            "event": pd.array(["b", "a", "c", None], dtype="str"),
            "element_id": np.array([2, 0, 1, 3], dtype=np.int64),
            "included": [True, False, True, False],
            "similarity": [0.5, 1.0, np.nan, 0.25],
            "where": np.array(["x", "y", "z", "w"], dtype=object),
        },
        index=[10, 11, 12, 13],
    )
    order = np.array([1, 2, 0, 3])
    want = df.take(order).reset_index(drop=True)
    got = _reordered(df.copy(), order)
    pd.testing.assert_frame_equal(got, want)
    assert got["event"].tolist()[:3] == ["a", "c", "b"] and list(got.index) == [0, 1, 2, 3]
    kept = df.copy()
    _reordered(kept, order)
    assert kept.columns.tolist() == []  # each column given up once taken

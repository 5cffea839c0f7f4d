"""Tests for analysis.frames: dictionary, inflections, hits, shares, co-occurrence, validity."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import scope
from analysis.frames import (
    article_frames,
    expand_entry,
    frame_actor,
    frame_evidence,
    frame_hits,
    frame_measures,
    frame_names,
    load_frames,
    match_text,
    per_article_frames,
)
from analysis.lang.en import inflect
from analysis.params import Params

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "annotations" / "frames_gold.csv"
SEEDS = ROOT / "data" / "raw" / "seeds"

TINY = """
version: 1
frames:
  conflict:
    kind: generic
    terms:
      - source: test
        words: [reject, not agree, blame]
  diplomacy:
    kind: issue
    terms:
      - source: test
        words: [negotiate, agree, =call, "ceasefire|cease-fire"]
  military_action:
    kind: issue
    terms:
      - source: test
        words: ["strike|struck", air strike, attack]
  responsibility:
    kind: generic
    terms:
      - source: test
        words: [blame]
"""


@pytest.fixture()
def tiny(tmp_path: Path) -> pd.DataFrame:
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY, encoding="utf-8")
    return load_frames(path)


def sentences_of(rows: list[tuple[str, int, str]]) -> pd.DataFrame:
    """Sentences table; each article's sentences are joined by one space from offset 0."""
    out, pos = [], {}
    for aid, si, text in rows:
        start = pos.get(aid, 0)
        out.append(
            {
                "article_id": aid,
                "sentence_index": si,
                "start": start,
                "end": start + len(text),
                "text": text,
                "n_words": len(text.split()),
            }
        )
        pos[aid] = start + len(text) + 1
    return pd.DataFrame(out)


# --- dictionary ----------------------------------------------------------------------------


def test_shipped_dictionary_loads_with_sources() -> None:
    d = load_frames()
    assert frame_names(d) == [
        "conflict",
        "human_interest",
        "economic_consequences",
        "morality",
        "responsibility",
        "diplomacy",
        "military_action",
        "humanitarian_impact",
        "legality",
        "uncertainty",
    ]
    assert (d.source.str.len() > 0).all()
    assert set(d[d.frame == "conflict"].kind) == {"generic"}
    assert set(d[d.frame == "legality"].kind) == {"issue"}


def test_load_frames_errors_name_file_and_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nframes: [unclosed\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.yaml.*YAML syntax error"):
        load_frames(bad)
    bad.write_text(TINY.replace("version: 1", "version: 1\ncolour: red"), encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.yaml: unknown top-level field\(s\): colour"):
        load_frames(bad)
    bad.write_text(TINY.replace("kind: generic", "kind: generic\n    weight: 2", 1), "utf-8")
    with pytest.raises(ValueError, match=r"frame 'conflict': unknown field\(s\): weight"):
        load_frames(bad)
    bad.write_text(TINY.replace("- source: test", "- sauce: test", 1), encoding="utf-8")
    with pytest.raises(ValueError, match=r"terms\[0\]: unknown field\(s\): sauce"):
        load_frames(bad)
    bad.write_text(TINY.replace("kind: issue", "kind: topical", 1), encoding="utf-8")
    with pytest.raises(ValueError, match="kind must be generic or issue"):
        load_frames(bad)
    bad.write_text(TINY.replace("[reject,", "[re$ject,"), encoding="utf-8")
    with pytest.raises(ValueError, match="re\\$ject"):
        load_frames(bad)
    with pytest.raises(ValueError, match="cannot be read"):
        load_frames(tmp_path / "missing.yaml")


def test_inflection_expander() -> None:
    assert inflect("strike") == ["strike", "strikes", "striked", "striking"]
    assert set(inflect("negotiate")) >= {
        "negotiates",
        "negotiated",
        "negotiating",
        "negotiation",
        "negotiations",
    }
    assert set(inflect("deny")) == {"deny", "denies", "denied", "denying"}
    assert set(inflect("stop")) >= {"stops", "stopped", "stopping", "stoped"}
    assert set(inflect("agree")) == {"agree", "agrees", "agreed", "agreeing"}
    assert inflect("un") == ["un"]
    e = expand_entry("strike|struck")
    assert e.term == "strike" and "struck" in e.forms and e.mode == "word"
    assert expand_entry("=call").forms == ("call",)
    assert expand_entry("air raid").forms == ("air raid", "air raids", "air raided", "air raiding")
    assert expand_entry("humanitar*").mode == "prefix"


def test_inflected_forms_match_in_text(tiny: pd.DataFrame) -> None:
    text = "Drones struck; strikes, striking. They negotiated a negotiation while negotiating."
    got = [(f, t, text[s:e]) for f, t, s, e in match_text(text, tiny)]
    assert got == [
        ("military_action", "strike", "struck"),
        ("military_action", "strike", "strikes"),
        ("military_action", "strike", "striking"),
        ("diplomacy", "negotiate", "negotiated"),
        ("diplomacy", "negotiate", "negotiation"),
        ("diplomacy", "negotiate", "negotiating"),
    ]
    # exact entries do not inflect; word boundaries hold ("ceasefire" is not "fire")
    assert match_text("He called twice.", tiny) == []
    assert [t for _, t, _, _ in match_text("A cease-fire call", tiny)] == ["ceasefire", "call"]


# --- hits, shares, dominant frame ------------------------------------------------------------


def test_frame_hits_rows(tiny: pd.DataFrame) -> None:
    s = sentences_of(
        [
            ("a1", 0, "Putin did not agree to halt the air strikes."),
            ("a1", 1, "Kyiv blamed Moscow for the attack and the strike."),
            ("a1", 2, "Nothing here."),
        ]
    )
    h = frame_hits(s, tiny)
    assert list(h.columns) == [
        "article_id",
        "sentence_index",
        "frame",
        "terms",
        "matches",
        "n_terms",
        "start",
        "end",
        "spans",
    ]
    got = [tuple(r) for r in h[["sentence_index", "frame", "terms", "matches", "n_terms"]].values]
    assert got == [
        (0, "conflict", "not agree", "not agree", 1),
        (0, "diplomacy", "agree", "agree", 1),  # overlaps across frames are kept
        (0, "military_action", "air strike", "air strikes", 1),  # "strikes" inside: once
        (1, "conflict", "blame", "blamed", 1),
        (1, "military_action", "attack;strike", "attack;strike", 2),
        (1, "responsibility", "blame", "blamed", 1),  # one form, two frames
    ]
    # spans are offsets in the article text: sentence 0 has 44 characters, sentence 1 starts at
    # 45, "attack" is at 27-33 in it and "strike" at 42-48
    first = h[(h.sentence_index == 1) & (h.frame == "military_action")].iloc[0]
    assert (first.start, first.end, first.spans) == (72, 78, "72-78;87-93")
    assert s.text[1][72 - 45 : 78 - 45] == "attack"


def test_article_frames_shares_and_dominant(tiny: pd.DataFrame) -> None:
    s = sentences_of(
        [
            ("a1", 0, "They negotiate a ceasefire."),  # diplomacy x2 hits
            ("a1", 1, "An attack."),  # military
            ("a1", 2, "Another attack and strike."),  # military x2
            ("a1", 3, "Quiet day today."),  # nothing
            ("b1", 0, "They reject it."),  # conflict
            ("b1", 1, "They agree."),  # diplomacy
        ]
    )
    af = article_frames(s, frame_hits(s, tiny), tiny)
    assert len(af) == 2 * 4  # dense: every article x every frame
    a1 = af[af.article_id == "a1"].set_index("frame")
    assert a1.loc["military_action", "n_sentences_framed"] == 2
    assert a1.loc["military_action", "n_hits"] == 3
    assert a1.loc["military_action", "share_of_sentences"] == 0.5  # 2 of 4
    assert a1.loc["military_action", "share_of_framed_sentences"] == pytest.approx(2 / 3, 1e-6)
    # a1 has 4 + 2 + 4 + 3 = 13 words; 3 military hits -> 1000 * 3 / 13
    assert a1.loc["military_action", "hits_per_1000_words"] == pytest.approx(230.769231)
    assert a1.loc["conflict", "n_sentences_framed"] == 0
    assert list(a1.dominant_frame.unique()) == ["military_action"]
    assert a1.is_dominant.sum() == 1
    b1 = af[af.article_id == "b1"].set_index("frame")
    # tie on 1 sentence and 1 hit: both dominant, joined in dictionary order
    assert b1.loc["conflict", "dominant_frame"] == "conflict;diplomacy"
    assert list(b1[b1.is_dominant].index) == ["conflict", "diplomacy"]


def test_frame_actor_cooccurrence(tiny: pd.DataFrame) -> None:
    s = sentences_of(
        [
            ("a1", 0, "Putin ordered an attack."),
            ("a1", 1, "Putin will negotiate."),
            ("a1", 2, "Zelensky reported an attack."),
            ("a1", 3, "Putin spoke."),
        ]
    )
    hits = frame_hits(s, tiny)
    mentions = pd.DataFrame(
        {
            "article_id": ["a1"] * 4,
            "sentence_index": [0, 1, 2, 3],
            "actor": ["Putin", "Putin", "Zelensky", "Putin"],
        }
    )
    fa = frame_actor(hits, mentions).set_index(["frame", "actor"])
    mil = fa.loc[("military_action", "Putin")]
    assert (mil.n_sentences, mil.n_actor_sentences, mil.n_frame_sentences) == (1, 3, 2)
    assert mil.share_of_actor_sentences == pytest.approx(1 / 3, abs=1e-6)
    assert mil.share_of_frame_sentences == 0.5
    assert fa.loc[("diplomacy", "Putin")].n_sentences == 1
    assert ("diplomacy", "Zelensky") not in fa.index
    arts = pd.DataFrame({"article_id": ["a1"], "outlet": ["X"]})
    by = frame_actor(hits, mentions, arts, by=("outlet",))
    assert list(by.columns[:3]) == ["outlet", "frame", "actor"]
    with pytest.raises(ValueError, match="needs the articles table"):
        frame_actor(hits, mentions, by=("outlet",))


def test_frame_measures_and_evidence(tiny: pd.DataFrame) -> None:
    s = sentences_of(
        [
            ("a1", 0, "An attack."),
            ("a1", 1, "Calm."),
            ("a2", 0, "Calm."),
            ("a2", 1, "Calm again."),
            ("b1", 0, "They agree."),
            ("r1", 0, "An attack. An attack."),
        ]
    )
    arts = pd.DataFrame(
        {
            "article_id": ["a1", "a2", "b1", "r1"],
            "outlet": ["X", "X", "Y", "Z"],
            "event": "e",
            "rewrite_of": ["", "", "", "a1"],
        }
    )
    hits = frame_hits(s, tiny)
    assert "Z" in set(frame_measures(s, hits, arts, ("outlet",), tiny, n_boot=20).outlet)
    arts = scope.count({"articles": arts}, Params()).counted["articles"]  # rewrites: once
    m = frame_measures(s, hits, arts, by=("outlet",), frames=tiny, n_boot=200, seed=1)
    assert "Z" not in set(m.outlet)  # the rewrite is counted once, i.e. left out
    x = m[(m.outlet == "X") & (m.frame == "military_action")].set_index("measure")
    assert x.loc["share_of_sentences", "value"] == 0.25  # 1 framed of 4 sentences
    assert x.loc["share_of_articles", "value"] == 0.5
    assert (x.loc["share_of_sentences", "n"], x.loc["share_of_sentences", "n_articles"]) == (1, 2)
    lo, hi = x.loc["share_of_sentences", ["ci_low", "ci_high"]]
    assert 0.0 <= lo <= 0.25 <= hi <= 0.5
    y = m[(m.outlet == "Y") & (m.frame == "diplomacy")].set_index("measure")
    assert y.loc["dominant_share", "value"] == 1.0
    assert math.isnan(y.loc["dominant_share", "ci_low"])  # one article: no interval
    again = frame_measures(s, hits, arts, by=("outlet",), frames=tiny, n_boot=200, seed=1)
    pd.testing.assert_frame_equal(m, again)
    # the per-article measures of every article (r1 included) given: narrowed to the counted
    # articles, the same table
    given = per_article_frames(article_frames(s, hits, tiny))
    assert "r1" in set(given.article_id)
    reused = frame_measures(s, hits, arts, ("outlet",), tiny, 200, 1, per_article=given)
    pd.testing.assert_frame_equal(m, reused)

    ev = frame_evidence(hits, s, "military_action", articles=arts, outlet="X")
    assert list(zip(ev.article_id, ev.sentence_index, ev.text, strict=True)) == [
        ("a1", 0, "An attack.")
    ]
    assert list(frame_evidence(hits, s, "military_action", article_ids=["r1"]).n_terms) == [2]
    with pytest.raises(ValueError, match="no hits"):
        frame_evidence(hits, s, "morality")


# --- validity against the hand-coded held-out articles ---------------------------------------


def _seed_sentences() -> pd.DataFrame:
    from analysis.clean import clean_articles
    from analysis.load import load_corpus
    from analysis.segment import segment_articles

    loaded = load_corpus(SEEDS, None)
    return segment_articles(clean_articles(loaded.articles, None, ("en",)).articles).sentences


def validity_table(gold: pd.DataFrame, hits: pd.DataFrame, frames: list[str]) -> pd.DataFrame:
    """Per-frame precision, recall, F1 of sentence-level frame labels."""
    pred = set(zip(hits.article_id, hits.sentence_index, hits.frame, strict=True))
    truth = {
        (a, int(i), f)
        for a, i, fs in zip(gold.article_id, gold.sentence_index, gold.frames, strict=True)
        for f in fs.split(";")
        if f
    }
    rows = []
    for f in frames:
        p = {k for k in pred if k[2] == f}
        g = {k for k in truth if k[2] == f}
        tp = len(p & g)
        prec = tp / len(p) if p else float("nan")
        rec = tp / len(g) if g else float("nan")
        f1 = 2 * prec * rec / (prec + rec) if p and g and tp else 0.0
        rows.append((f, len(g), len(p), tp, prec, rec, f1))
    return pd.DataFrame(rows, columns=["frame", "gold", "predicted", "tp", "P", "R", "F1"])


def test_frame_validity() -> None:
    gold = pd.read_csv(GOLD, dtype=str, keep_default_na=False)
    sentences = _seed_sentences()
    held = sentences[sentences.article_id.isin(set(gold.article_id))]
    # the gold file (labels and offsets, no copied text) must still line up with the
    # segmentation it was coded on: every sentence's offsets in the cleaned seed text
    assert "text" not in gold.columns
    assert len(held) == len(gold) == 47
    spans = {
        (a, int(i)): (int(s), int(e))
        for a, i, s, e in held[["article_id", "sentence_index", "start", "end"]].itertuples(
            index=False
        )
    }
    for a, i, s, e in gold[["article_id", "sentence_index", "start", "end"]].itertuples(
        index=False
    ):
        assert spans[(a, int(i))] == (int(s), int(e))
    hits = frame_hits(held)
    table = validity_table(gold, hits, frame_names(load_frames()))
    with pd.option_context("display.width", 120):
        print("\n" + table.round(3).to_string(index=False), file=sys.stderr)
    macro = table.F1.mean()
    print(f"macro-F1 = {macro:.3f}", file=sys.stderr)
    assert macro == pytest.approx(0.858, abs=0.0005)  # measured (dictionary v2), not a target
    per = table.set_index("frame")
    assert per.loc["diplomacy", "F1"] == pytest.approx(0.971, abs=0.0005)
    assert per.loc["conflict", "R"] == pytest.approx(0.6, abs=1e-9)


def test_fast_and_ignorecase_paths_agree(tiny: pd.DataFrame) -> None:
    # a case twin (the long s) sends a sentence through the IGNORECASE regex
    texts = [
        "AIR STRIKES and Attack; they did NOT agree.",
        "\u017f: AIR STRIKES, Attack, NOT agree.",
    ]
    plain, twin = (match_text(t, tiny) for t in texts)
    assert [(f, t) for f, t, _, _ in plain] == [(f, t) for f, t, _, _ in twin]
    assert ("military_action", "air strike", 0, 11) in plain


def test_ignorecase_pattern_compiled_only_for_a_text_that_needs_it(tiny: pd.DataFrame) -> None:
    from analysis import frames

    matcher = frames._matcher(tiny)
    frames._ignorecase.cache_clear()
    match_text("AIR STRIKES and Attack.", tiny)  # lower-cased, run through the plain pattern
    assert frames._ignorecase.cache_info().currsize == 0
    twin = "\u017f: AIR STRIKES and Attack."
    found = match_text(twin, tiny)  # a case twin: the IGNORECASE pattern, compiled now
    assert frames._ignorecase.cache_info().currsize == 1
    # the plain text's matches, three characters later
    plain = match_text("AIR STRIKES and Attack.", tiny)
    assert found == [(f, t, s + 3, e + 3) for f, t, s, e in plain]
    assert ("military_action", "air strike", 3, 14) in found
    assert matcher.pattern  # the matcher keeps the pattern, not a compiled IGNORECASE copy


def test_prefix_entries_match_any_ending(tmp_path: Path) -> None:
    # "humanitar*" (documented in frames.yaml) once crashed the trie builder
    path = tmp_path / "prefix.yaml"
    path.write_text(
        TINY.replace("words: [blame]\n", "words: [blame, humanitar*, =aid]\n"), encoding="utf-8"
    )
    text = "Humanitarian aid and humanitarians; inhumanitarian. Aids."
    found = match_text(text, load_frames(path))
    assert [(f, t, start) for f, t, start, _ in found] == [
        ("responsibility", "humanitar", 0),
        ("responsibility", "aid", 13),
        ("responsibility", "humanitar", 21),
    ]


def test_top_frame_evidence_picks_the_most_hit_frame_ties_alphabetical():
    from analysis.frames import HIT_COLUMNS, TOP_EVIDENCE_COLUMNS, top_frame_evidence

    def hit(aid, idx, frame, terms):
        return dict(zip(HIT_COLUMNS, [aid, idx, frame, terms, terms, 1, 0, 1, "0-1"], strict=True))

    sents = pd.DataFrame(
        {
            "article_id": ["a", "a", "b"],
            "sentence_index": [0, 1, 0],
            "text": ["War here.", "Talks and war.", "More war."],
        }
    )
    arts = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "Y"]})
    hits = pd.DataFrame(
        [
            hit("a", 0, "military", "war"),
            hit("a", 1, "diplomacy", "talks"),
            hit("a", 1, "military", "war"),
            hit("b", 0, "military", "war"),
        ]
    )
    ev = top_frame_evidence(hits, sents, arts)
    assert list(ev.columns) == TOP_EVIDENCE_COLUMNS
    assert set(ev.frame) == {"military"}  # 3 hit rows against 1
    assert list(zip(ev.outlet, ev.article_id, ev.sentence_index, ev.text, strict=True)) == [
        ("X", "a", 0, "War here."),
        ("X", "a", 1, "Talks and war."),
        ("Y", "b", 0, "More war."),
    ]
    # a tie (1 hit each) goes to the alphabetically first frame
    tie = top_frame_evidence(hits.iloc[:2], sents, arts)
    assert list(tie.frame) == ["diplomacy"] and list(tie.terms) == ["talks"]
    empty = top_frame_evidence(hits.iloc[:0], sents, arts)
    assert empty.empty and list(empty.columns) == TOP_EVIDENCE_COLUMNS

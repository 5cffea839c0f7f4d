"""The learned speaker choice of the issue #16 experiment (validate/speaker_rank_model.py), on
invented text whose candidates and features were worked out by hand."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.actors import find_mentions, parse_catalog
from analysis.quotes import find_quotes
from analysis.segment import segment_articles

ROOT = Path(__file__).resolve().parents[1]


def _model():
    spec = importlib.util.spec_from_file_location(
        "speaker_rank_model", ROOT / "validate" / "speaker_rank_model.py"
    )
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("speaker_rank_model", mod)
    spec.loader.exec_module(mod)
    return mod


srm = _model()

CATALOG = {
    "version": 1,
    "story": "pier",
    "actors": [
        {"actor": "Ana Ruiz", "type": "person", "affiliation": "Velmora",
         "names": ["Ana Ruiz", "Ruiz"]},
        {"actor": "Harbour Authority", "type": "institution", "affiliation": "Velmora",
         "names": ["Harbour Authority"]},
    ],
}  # fmt: skip
TEXT = (
    "Mayor Ana Ruiz toured the harbour on Monday. "
    '"We will rebuild the pier," Ruiz said. '
    "The Harbour Authority did not reply to questions."
)


def _tables(text: str = TEXT):
    arts = pd.DataFrame({"article_id": ["a0"], "text": [text]})
    sentences = segment_articles(arts).sentences
    cat = parse_catalog(CATALOG, "pier")
    mentions = find_mentions(sentences, cat)
    quotes = find_quotes(arts, sentences, cat, mentions=mentions)
    return arts, sentences, quotes, mentions


def test_candidates_of_a_quote_with_a_named_tail_speaker() -> None:
    arts, sentences, quotes, mentions = _tables()
    assert quotes["speaker"].tolist() == ["Ana Ruiz"]
    c = srm.speaker_candidates(arts, sentences, quotes, mentions)
    # the rules' choice first, the actor of the next sentence, then the two categories
    assert c["candidate"].tolist() == ["Ana Ruiz", "Harbour Authority", "unnamed source", ""]
    assert c["source"].tolist() == ["rule", "mention", "unnamed", "none"]
    ruiz, body, unnamed, none = (c.iloc[i] for i in range(4))
    # "Ruiz said" right after the quote: same sentence, next to the rules' cue, the nearest
    assert ruiz["rule"] == 1 and ruiz["rule_x_name"] == 1 and ruiz["is_person"] == 1
    assert ruiz["same_sentence"] == 1 and ruiz["near_rule_cue"] == 1 and ruiz["nearest"] == 1
    assert ruiz["cue_subject"] == 1 and ruiz["in_speaker_text"] == 1
    # mentions before the quote's end: "Ana Ruiz" only (the tag's "Ruiz" comes after it)
    assert ruiz["log_mentions_so_far"] == pytest.approx(np.log1p(1))
    # the Harbour Authority: one sentence after, an organisation, not the rules' choice
    assert body["rule"] == 0 and body["sentences_after"] == 1 and body["is_organisation"] == 1
    assert body["cue_subject"] == 0 and body["same_sentence"] == 0
    assert unnamed["is_unnamed"] == 1 and unnamed["unnamed_x_cue"] == 1
    assert none["is_none"] == 1 and none["none_x_cue"] == 1
    assert none["none_x_actors_near"] == pytest.approx(np.log1p(2))


def test_fit_learns_the_feature_that_marks_the_right_candidate_and_is_deterministic() -> None:
    # 40 invented quotes of three candidates; the right one is the "nearest", which is never
    # the rules' choice; the rules' choice is a distractor
    rows, correct = [], []
    for q in range(40):
        for k in range(3):
            row = dict.fromkeys(srm.FEATURES, 0.0)
            row.update(article_id="a", quote_index=q, candidate=f"c{k}", source="mention", order=k)
            row["rule"] = float(k == 0)
            row["nearest"] = float(k == 1 + q % 2)
            rows.append(row)
            correct.append(k == 1 + q % 2)
    cands = pd.DataFrame(rows)
    w1 = srm.fit_weights(cands, np.array(correct), l2=1.0)
    w2 = srm.fit_weights(cands, np.array(correct), l2=1.0)
    assert np.array_equal(w1, w2)
    w = dict(zip(srm.FEATURES, w1, strict=True))
    assert w["nearest"] > 1.0 and w["rule"] < 0
    scored = srm.score_candidates(cands, w1)
    assert scored.groupby("quote_index")["probability"].sum().round(9).eq(1.0).all()
    best = srm.best_candidates(scored)
    assert best["candidate"].tolist() == [f"c{1 + q % 2}" for q in range(40)]


def test_ties_keep_the_rules_choice_and_ranked_speakers_adds_a_score() -> None:
    arts, sentences, quotes, mentions = _tables(TEXT + ' It was "a disgrace", he said.')
    zero = np.zeros(len(srm.FEATURES))
    out, scored = srm.ranked_speakers(arts, sentences, quotes, mentions, zero)
    assert out["speaker"].tolist() == quotes["speaker"].tolist()  # every tie: order 0 wins
    assert "speaker_score" in out.columns and len(scored) >= 4
    none_first = np.array([10.0 if f == "is_none" else 0.0 for f in srm.FEATURES])
    out, _ = srm.ranked_speakers(arts, sentences, quotes, mentions, none_first)
    kept = out["kind"] == "scare"
    assert (out.loc[~kept, "speaker"] == "").all()
    assert out.loc[~kept, "speaker_score"].gt(0.99).all()


def test_weights_file_with_a_missing_feature_is_an_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    pd.DataFrame({"feature": srm.FEATURES[1:], "weight": 0.0}).to_csv(path, index=False)
    with pytest.raises(ValueError, match=r"w\.csv.*missing \['is_person'\]"):
        srm.load_weights(path)
    pd.DataFrame({"feature": srm.FEATURES, "weight": 1.0}).to_csv(path, index=False)
    assert srm.load_weights(path).tolist() == [1.0] * len(srm.FEATURES)

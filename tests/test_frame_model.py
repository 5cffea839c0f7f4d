"""Tests for analysis.frame_model: question cues, negation, idioms, furniture, features, the
logistic fit, thresholds, topic indicators, decisions with evidence, the shipped weights and a
CI-sized cross-validation on the Narrative Frames Corpus (validate/frames.py)."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import frame_model as fm

ROOT = Path(__file__).resolve().parents[1]
NFC = next(
    (d / "shared" / "narrative-frames" for d in ROOT.parents if (d / "shared").is_dir()),
    ROOT.parent / "shared" / "narrative-frames",
)

CUES = """feature,frame,question,kind,entry,version,source
co_reproach,conflict,CO2,cue,blame,1,test
co_reproach,conflict,CO2,cue,accuse,1,test
ec_amount,economic_consequences,EC2,cue,cost,1,test
ec_amount,economic_consequences,EC2,cue,billion,1,test
mo_moral,morality,MO1,cue,right,1,test
re_cause,responsibility,AR7,cue,caused by,1,test
idiom,,,idiom,right now,1,test
furniture,,,furniture,read more,1,test
"""


def sentences_of(rows: list[tuple[str, int, str]]) -> pd.DataFrame:
    """Sentences table; each article's sentences joined by one space from offset 0."""
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
                "is_headline": False,
                "is_standfirst": False,
            }
        )
        pos[aid] = start + len(text) + 1
    return pd.DataFrame(out)


@pytest.fixture()
def cues(tmp_path: Path) -> pd.DataFrame:
    path = tmp_path / "cues.csv"
    path.write_text(CUES, encoding="utf-8")
    return fm.load_cues(path)


def test_shipped_cues_cite_a_codebook_question() -> None:
    c = fm.load_cues()
    cue = c[c.kind == "cue"]
    assert set(cue.frame) == set(fm.MODEL_FRAMES)
    # every cue names the question it answers and its source in the codebooks
    assert cue.question.str.fullmatch(r"(CO|EC|HI|MO|AR)\d").all()
    assert cue.source.str.contains("Frermann et al. 2023 codebook").all()
    assert {"idiom", "furniture"} <= set(c.kind)


def test_load_cues_errors_name_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(CUES.replace("co_reproach,conflict,CO2,cue,blame", "x,conflict,CO2,clue,blame"))
    with pytest.raises(ValueError, match=r"bad\.csv: line 2: kind must be cue"):
        fm.load_cues(bad)
    bad.write_text(CUES.replace(",cue,accuse,1,test", ",cue,acc$use,1,test"))
    with pytest.raises(ValueError, match=r"bad\.csv: line 3: .*characters other than letters"):
        fm.load_cues(bad)
    bad.write_text("feature,frame\nx,y\n")
    with pytest.raises(ValueError, match=r"bad\.csv: missing column\(s\): question"):
        fm.load_cues(bad)


def test_sentence_cues_negation_modality_idiom_furniture(cues: pd.DataFrame) -> None:
    s = sentences_of(
        [
            ("a", 0, "Critics blame the oil firms."),  # asserted reproach
            ("a", 1, "Nobody could accuse them of that, and they did not blame anyone."),
            ("a", 2, "Right now it will cost 3 billion dollars."),  # idiom masks "right"
            ("a", 3, "Read more about it."),  # page furniture: no evidence
            ("a", 4, "The floods were caused by the storm, which was right."),
            ("a", 5, "Voters could blame them."),
        ]
    )
    rows, furniture = fm.sentence_cues(s, cues)
    got = [
        (r.sentence_index, r.feature, r.polarity, r.modal, r.terms)
        for r in rows.itertuples(index=False)
    ]
    # sentence 1: "nobody could accuse" and "did not blame" are negated (one with a modal)
    assert got == [
        (0, "co_reproach", "asserted", False, "blame"),
        (1, "co_reproach", "negated", True, "accuse;blame"),
        (2, "ec_amount", "asserted", False, "cost;billion"),
        (4, "mo_moral", "asserted", False, "right"),
        (4, "re_cause", "asserted", False, "caused by"),
        (5, "co_reproach", "asserted", True, "blame"),
    ]
    assert furniture == {("a", 3)}
    # offsets index the article text: "blame" in sentence 0 starts at 8 ("Critics " is 8 characters)
    assert rows.spans.iloc[0] == "8-13"


def _tiny_model(names: list[str], weights: dict[tuple[str, str], float], thr: float = 0.5):
    frames = ("conflict", "economic_consequences")
    W = np.zeros((2, len(names)))
    for (fr, ft), v in weights.items():
        W[frames.index(fr), names.index(ft)] = v
    return fm.Model(
        frames,
        tuple(names),
        W,
        np.array([-1.0, -1.0]),
        np.array([thr, thr]),
        (),
        np.zeros(0),
        np.zeros(len(names)),
        {},
    )


def test_features_decision_and_evidence(cues: pd.DataFrame) -> None:
    s = sentences_of(
        [
            ("a", 0, "Critics blame the oil firms."),
            ("a", 1, "Filler sentence."),
            ("a", 2, "Filler sentence."),
            ("a", 3, "They blame the government too."),
            ("b", 0, "It will cost 3 billion dollars."),
        ]
    )
    rows, _ = fm.sentence_cues(s, cues)
    names = fm.cue_feature_names(cues, ("conflict", "economic_consequences"))
    f = fm.article_features(s, rows, names)
    x = pd.DataFrame(f.matrix, index=f.article_ids, columns=f.names)
    # two sentences blame: log(1 + 2); only sentence 0 is in the lead (first 3 sentences)
    assert x.loc["a", "cue:co_reproach"] == pytest.approx(np.log(3))
    assert x.loc["a", "lead:co_reproach"] == 1.0
    assert x.loc["b", "cue:ec_amount"] == pytest.approx(np.log(2))
    assert f.lead["a"] == {0, 1, 2}
    model = _tiny_model(
        names, {("conflict", "cue:co_reproach"): 1.0, ("conflict", "lead:co_reproach"): 0.5}
    )
    dec, ev = fm.decide_frames(f, model)
    d = dec.set_index(["article_id", "frame"])
    # a: score -1 + log 3 + 0.5 = 0.5986, p = 0.645 >= 0.5; b: score -1, p = 0.269
    assert d.loc[("a", "conflict"), "score"] == pytest.approx(-1 + np.log(3) + 0.5, abs=1e-6)
    assert bool(d.loc[("a", "conflict"), "present"])
    assert not bool(d.loc[("b", "conflict"), "present"])
    assert d.loc[("a", "conflict"), "dominant_frame"] == "conflict"
    assert d.loc[("b", "conflict"), "dominant_frame"] == ""
    # evidence: the lead feature on sentence 0 (0.5), log 3 split over sentences 0 and 3
    e = ev[(ev.article_id == "a") & (ev.frame == "conflict")]
    assert list(zip(e.sentence_index, e.feature, e.question, e.weight, strict=True)) == [
        (0, "cue:co_reproach", "CO2", round(np.log(3) / 2, 6)),
        (3, "cue:co_reproach", "CO2", round(np.log(3) / 2, 6)),
        (0, "lead:co_reproach", "CO2", 0.5),
    ]
    assert list(e.is_lead) == [True, False, True]
    # the evidence adds up to the score minus the bias
    assert e.weight.sum() == pytest.approx(d.loc[("a", "conflict"), "score"] + 1.0, abs=1e-5)


def test_word_evidence_one_row_per_sentence(cues: pd.DataFrame) -> None:
    s = sentences_of([("a", 0, "Farmers grow wheat and barley."), ("a", 1, "Wheat prices rose.")])
    vocab = ["barley", "farmers", "prices", "wheat"]
    words = fm.article_words(s, keep=vocab)
    assert words["a"] == {"farmers": [0], "wheat": [0, 1], "barley": [0], "prices": [1]}
    names = fm.cue_feature_names(cues, ("conflict", "economic_consequences"))
    f = fm.article_features(
        s, pd.DataFrame(columns=fm.SENTENCE_CUE_COLUMNS), names, vocab, np.ones(4), words
    )
    # log(1 + sentences), scaled to unit length: barley, farmers, prices log 2; wheat log 3
    norm = np.sqrt(3 * np.log(2) ** 2 + np.log(3) ** 2)
    x = dict(zip(f.names, f.matrix[0], strict=True))
    assert x["word:wheat"] == pytest.approx(np.log(3) / norm)
    weights = {
        ("conflict", "word:barley"): 1.0,
        ("conflict", "word:farmers"): 1.0,
        ("conflict", "word:prices"): 0.001,
        ("conflict", "word:wheat"): 2.0,
    }
    model = _tiny_model(f.names, weights)
    _, ev = fm.decide_frames(f, model)
    lo, hi = np.log(2) / norm, np.log(3) / norm
    # sentence 0: barley + farmers + half of wheat (wheat is in two sentences), named by
    # contribution then alphabetically; sentence 1: the other half of wheat (prices adds
    # 0.0004, under EVIDENCE_MIN_WORD_WEIGHT: left out)
    got = list(zip(ev.sentence_index, ev.feature, ev.weight, ev.is_lead, strict=True))
    assert got == [
        (0, "words:wheat;barley;farmers", round(2 * lo + hi, 6), True),
        (1, "words:wheat", round(hi, 6), True),
    ]


def test_no_present_frame_gives_a_typed_empty_evidence_table(cues: pd.DataFrame) -> None:
    s = sentences_of([("a", 0, "Critics blame the oil firms.")])
    rows, _ = fm.sentence_cues(s, cues)
    names = fm.cue_feature_names(cues, ("conflict", "economic_consequences"))
    f = fm.article_features(s, rows, names)
    # threshold 0.99: nothing is present, so nothing is evidence
    dec, ev = fm.decide_frames(f, _tiny_model(names, {("conflict", "cue:co_reproach"): 1.0}, 0.99))
    assert not dec.present.any() and ev.empty and list(ev.columns) == fm.EVIDENCE_COLUMNS
    # boolean flags stay boolean: filtering on them keeps the columns (report 04 does this)
    assert ev.is_topic.dtype == bool and ev.is_lead.dtype == bool
    assert list(ev[~ev.is_topic].columns) == fm.EVIDENCE_COLUMNS


def test_topic_indicators_do_not_decide(cues: pd.DataFrame) -> None:
    # "blame" is in every article of both outlets: the story's topic; "accuse" only in one
    texts = {
        "x1": "They blame the firms.",
        "x2": "Critics blame the firms and accuse them.",
        "x3": "Voters blame the firms.",
        "y1": "Many blame the firms.",
        "y2": "Some blame the firms.",
        "y3": "All blame the firms.",
    }
    s = sentences_of([(a, 0, t) for a, t in texts.items()])
    outlets = {a: a[0] for a in texts}
    rows, _ = fm.sentence_cues(s, cues)
    topic = fm.topic_indicators(rows, {}, outlets)
    assert list(
        zip(topic.indicator, topic.kind, topic.feature, topic.min_outlet_share, strict=True)
    ) == [("blame", "cue", "co_reproach", 1.0)]
    kept = fm.without_topic(rows, topic)
    assert list(zip(kept.article_id, kept.terms, strict=True)) == [("x2", "accuse")]
    model = fm.load_model()
    arts = pd.DataFrame({"article_id": list(texts), "outlet": [outlets[a] for a in texts]})
    _, ev, _ = fm.detect_frames(s, arts, cues, model)
    # with the topic rule no article is decided by "blame": its evidence is gone everywhere
    assert not ((ev.feature == "cue:co_reproach") & (ev.article_id != "x2")).any()


def test_fit_logistic_and_threshold() -> None:
    X = np.array([[0.0], [0.0], [1.0], [1.0], [2.0], [2.0]])
    y = np.array([0, 0, 0, 1, 1, 1], bool)
    w, b = fm.fit_logistic(X, y, l2=0.1)
    assert w[0] > 0  # more of the feature, more likely present
    again = fm.fit_logistic(X, y, l2=0.1)
    assert np.array_equal(w, again[0]) and b == again[1]  # deterministic
    # thresholds midway between neighbouring probabilities; F1 is best (0.857) when the three
    # highest and one of the tied middle pair are called present: cut below the middle pair
    prob = np.array([0.1, 0.1, 0.5, 0.5, 0.9, 0.9])
    assert fm.best_threshold(y, prob) == pytest.approx(0.3)


def test_fit_logistic_dual_is_the_penalised_optimum() -> None:
    # the weights of the dual fit set the penalised gradient to zero, for 0/1 and share targets
    X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 1.0], [0.5, 2.0], [3.0, 0.0], [1.5, 1.5]])
    pen = np.array([0.5, 2.0])
    for y in (np.array([0, 0, 1, 0, 1, 1.0]), np.array([0, 0.5, 1, 0, 1, 0.5])):
        w, b = fm.fit_logistic(X, y, pen)
        prob = 1 / (1 + np.exp(-(X @ w + b)))
        assert np.allclose(X.T @ (prob - y) + pen * w, 0, atol=1e-8)
        # the bias: a column of constant 3 penalised like the smallest penalty (0.5)
        assert 3 * (prob - y).sum() + 0.5 * (b / 3) == pytest.approx(0, abs=1e-8)


def test_coder_frames_and_rule_by_hand() -> None:
    v = _validate()

    def answers(*coders: dict[str, str]) -> dict:
        qs = [q for qs, _ in v.RULES.values() for q in qs]
        out = {}
        for q in qs:
            said = [c.get(q, "no") for c in coders]
            agg = "yes" if all(x == "yes" for x in said) else "no"
            out[q] = [agg, said + [-1] * (4 - len(said))]
        return out

    data = {
        # coder 1: conflict (co1, co2) and morality (mo3); coder 2: conflict (co2, co3) only
        "1": answers({"co1": "yes", "co2": "yes", "mo3": "yes"}, {"co2": "yes", "co3": "yes"}),
        # three coders; responsibility needs re2 and re6: only coders 1 and 3 have both
        "2": answers(
            {"re2": "yes", "re6": "yes"}, {"re2": "yes"}, {"re2": "yes", "re6": "yes", "ec1": "yes"}
        ),
    }
    got = v.coder_frames(["nfc-1", "nfc-2"], data)
    # frames in RULES order: conflict, economic, human interest, morality, responsibility
    assert got[0].tolist() == [
        [True, False, False, True, False],
        [True, False, False, False, False],
    ]
    assert got[1].shape == (3, 5) and got[1][:, 4].tolist() == [True, False, True]
    assert not got[1][:, :4].any()  # one economic answer alone is not the frame (needs 2)
    # aggregated: co2 is the only conflict question both coders said yes to -> no conflict
    assert v.rule_labels(["nfc-1", "nfc-2"], data).tolist() == [[False] * 5, [False] * 5]


@pytest.mark.skipif(not NFC.is_dir(), reason="Narrative Frames Corpus not in ../shared")
def test_rules_make_the_corpus_labels() -> None:
    # the coder-share target rests on RULES being how the corpus made its labels
    v = _validate()
    raw = v.nfc_articles()
    raw = raw[raw[list(v.LABELS)].notna().all(axis=1)]
    got = v.rule_labels(list(raw["id"]))
    gold = raw[list(v.LABELS)].to_numpy(bool)
    same = (got == gold).sum(axis=0)
    assert len(raw) == 427
    assert same.tolist() == [427, 427, 427, 425, 427]  # CO, EC, HI, MO, RE


def test_shipped_model_loads_and_round_trips() -> None:
    model = fm.load_model()
    assert model.frames == fm.MODEL_FRAMES
    assert ((model.thresholds > 0) & (model.thresholds < 1)).all()
    text = fm.model_table(model).to_csv(index=False, lineterminator="\n")
    shipped = (ROOT / "src" / "analysis" / "data" / fm.DEFAULT_MODEL).read_text(encoding="utf-8")
    assert text == shipped


def test_detect_frames_is_deterministic_on_seeds() -> None:
    from analysis.clean import clean_articles
    from analysis.load import load_corpus
    from analysis.segment import segment_articles

    loaded = load_corpus(ROOT / "data" / "raw" / "seeds", None)
    arts = clean_articles(loaded.articles, None, ("en",)).articles
    sents = segment_articles(arts).sentences
    one = fm.detect_frames(sents, arts)
    two = fm.detect_frames(sents, arts)
    for a, b in zip(one, two, strict=True):
        pd.testing.assert_frame_equal(a, b)
    dec, ev, _ = one
    assert list(dec.columns) == fm.DECISION_COLUMNS and list(ev.columns) == fm.EVIDENCE_COLUMNS
    assert len(dec) == 5 * arts.article_id.nunique()
    # every present frame names at least one sentence behind it
    present = dec[dec.present]
    named = set(zip(ev.article_id, ev.frame, strict=True))
    assert all((a, f) in named for a, f in zip(present.article_id, present.frame, strict=True))


def _validate():
    spec = importlib.util.spec_from_file_location(
        "validate_frames", ROOT / "validate" / "frames.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.skipif(not NFC.is_dir(), reason="Narrative Frames Corpus not in ../shared")
def test_cross_validation_on_a_subset_prints_its_figures() -> None:
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "validate" / "frames.py"),
            *("--n", "100", "--cap", "100", "--seed", "0"),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    v = _validate()
    c = v.load(100)
    result = v.cross_validate(c, 0, 100)
    table = result.table
    # nested: every fold chose each frame's configuration from the grid, inside its training
    assert len(result.chosen) == v.K and all(set(ch) <= set(v.GRID) for ch in result.chosen)
    # the oracle picks each test fold's threshold on the test fold: never below the model
    assert (result.oracle >= table[table.rule == "model"].F1.to_numpy() - 1e-9).all()
    # the printed table is the one computed (same folds, same fits)
    for frame in v.LABELS.values():
        r = table[(table.rule == "model") & (table.frame == frame)].iloc[0]
        line = next(x for x in out.splitlines() if x.startswith(frame + " "))
        assert f"{r.P:6.3f} {r.R:6.3f} {r.F1:6.3f}" in line
    # always-present: P is the label rate, R is 1, F1 = 2p/(1+p)
    al = table[table.rule == "always"].set_index("frame")
    p = c.articles[list(v.LABELS.values())].mean()
    assert np.allclose(al.P.to_numpy(), p.to_numpy())
    assert np.allclose(al.F1.to_numpy(), (2 * p / (1 + p)).to_numpy())
    macro = re.search(r"macro-F1\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", out)
    assert macro and float(macro.group(3)) == pytest.approx(
        table[table.rule == "model"].F1.mean(), abs=5e-4
    )
    # folds keep outlets together
    folds = v.make_folds(c.articles, v.K, 0)
    assert (c.articles.assign(f=folds).groupby("group").f.nunique() == 1).all()


@pytest.mark.skipif(not NFC.is_dir(), reason="Narrative Frames Corpus not in ../shared")
def test_shipped_weights_are_reproduced_by_a_refit() -> None:
    # the deterministic fit on the whole corpus writes frame_model.csv byte for byte
    done = subprocess.run(
        [sys.executable, str(ROOT / "validate" / "frames.py"), "--fit", "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "reproduced byte for byte" in done.stdout


def test_pipeline_has_the_frame_model_tables() -> None:
    from analysis.pipeline import Tables

    assert {"frame_decisions", "frame_evidence", "frame_topic", "frame_presence_by_outlet"} <= set(
        Tables._fields
    )
    assert list(fm.FrameResult._fields) == ["frame_decisions", "frame_evidence", "frame_topic"]


def _three_decisions() -> pd.DataFrame:
    """Frame decisions of three articles: a has conflict (dominant); b has both (morality
    dominant); c has neither."""
    return pd.DataFrame(
        {
            "article_id": ["a", "a", "b", "b", "c", "c"],
            "frame": ["conflict", "morality"] * 3,
            "present": [True, False, True, True, False, False],
            "is_dominant": [True, False, False, True, False, False],
        }
    )


def test_presence_by_outlet_counts_by_hand() -> None:
    dec = _three_decisions()
    arts = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"]})
    out = fm.presence_by_outlet(dec, arts)
    assert list(out.columns) == fm.PRESENCE_COLUMNS
    got = [tuple(r) for r in out.itertuples(index=False)]
    assert got == [
        ("X", "conflict", 2, 2, 1.0, 1),
        ("X", "morality", 2, 1, 0.5, 1),
        ("Y", "conflict", 1, 0, 0.0, 0),
        ("Y", "morality", 1, 0, 0.0, 0),
    ]


def test_presence_overall_adds_up_every_article_once():
    decisions = _three_decisions()
    got = fm.presence_overall(decisions)
    assert got.values.tolist() == [["conflict", 3, 2, 0.666667, 1], ["morality", 3, 1, 0.333333, 1]]
    assert list(got.columns) == ["frame", "n_articles", "n_present", "share_present", "n_dominant"]


def test_presence_by_group_counts_by_hand() -> None:
    # a and c in group L, b in R
    dec = _three_decisions()
    arts = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": "X", "group": ["L", "R", "L"]})
    out = fm.presence_by_outlet(dec, arts, "group")
    assert list(out.columns) == ["group", *fm.PRESENCE_COLUMNS[1:]]
    assert [tuple(r) for r in out.itertuples(index=False)] == [
        ("L", "conflict", 2, 1, 0.5, 1),  # a present (dominant), c not
        ("L", "morality", 2, 0, 0.0, 0),
        ("R", "conflict", 1, 1, 1.0, 0),
        ("R", "morality", 1, 1, 1.0, 1),
    ]


def test_row_blocks_cover_every_row_once() -> None:
    assert fm.row_blocks(5, 2) == [slice(0, 2), slice(2, 4), slice(4, 5)]
    assert fm.row_blocks(4, 2) == [slice(0, 2), slice(2, 4)]  # a boundary at the end
    assert fm.row_blocks(3, 5) == [slice(0, 3)]
    assert fm.row_blocks(0, 2) == []
    assert fm.row_blocks(2) == [slice(0, 2)]  # the default block holds them
    with pytest.raises(ValueError, match="at least 1"):
        fm.row_blocks(3, 0)


def test_decisions_by_row_blocks_equal_the_whole_matrix(monkeypatch: pytest.MonkeyPatch) -> None:
    # seven articles of two outlets, the shipped cues and model: "government" is in every
    # article of both outlets (a topic word, held at its mean), the others differ by article.
    texts = {
        "x1": ["The government will blame the farmers.", "Prices rose and jobs went."],
        "x2": ["The government said workers lost money.", "Children and family suffer."],
        "x3": ["A court ruled against the government.", "The church asked for money."],
        "x4": ["The government cut jobs.", "Farmers accuse the government of lying."],
        "y1": ["The government cost workers 3 billion dollars.", "Read more"],
        "y2": ["Family farmers and the government clash.", "The court will decide."],
        "y3": ["The government raised prices.", "Children pay the money back."],
    }
    s = sentences_of([(a, i, t) for a, ts in texts.items() for i, t in enumerate(ts)])
    arts = pd.DataFrame({"article_id": list(texts), "outlet": [a[0] for a in texts]})

    def decide() -> fm.FrameResult:
        return fm.detect_frames(s, arts)

    monkeypatch.setattr(fm, "ROW_BLOCK", 10**6)  # one block: the matrix at once
    whole = decide()
    assert "government" in set(whole.frame_topic["indicator"])  # the held-column path runs
    assert whole.frame_decisions["present"].any() and len(whole.frame_evidence)
    for size in (1, 2, 3, 7):  # boundaries inside, at and past the last article
        monkeypatch.setattr(fm, "ROW_BLOCK", size)
        got = decide()
        for a, b in zip(whole, got, strict=True):
            pd.testing.assert_frame_equal(a, b, check_exact=True)


def test_held_scores_equal_the_copied_matrix_and_leave_it_as_it_was() -> None:
    rng = np.random.default_rng(0)
    X = rng.random((6, 5))
    before = X.copy()
    W = rng.random((2, 5))
    means = rng.random(5)
    tmask = np.array([False, True, False, False, True])
    expected = np.where(tmask[None, :], means[None, :], X) @ W.T
    assert np.array_equal(fm._held_scores(X, W, means, tmask), expected)
    assert np.array_equal(X, before)  # the topic columns are put back
    X.flags.writeable = False  # read-only: the copy, the same numbers
    assert np.array_equal(fm._held_scores(X, W, means, tmask), expected)


def test_evidence_table_is_the_table_sorted_by_pandas():
    # the evidence rows' table built in its sorted order (one lexsort of the keys' ranks) is
    # the table built row by row, rounded and sorted by sort_values as before
    import random

    from analysis.frame_model import EVIDENCE_COLUMNS, _evidence_table

    rng = random.Random(3)
    ids, frames = ["b2", "a10", "a9", "b1"], ["health", "conflict", "economy"]
    feats = ["cue:x", "cue:é", "words:war;gas", "words:gas", "cue:Y", "cue:y"]
    rows = [
        (
            rng.randrange(len(ids)),
            rng.randrange(len(frames)),
            rng.randrange(6),
            rng.choice(feats),
            rng.choice(["", "q1", "Q2"]),
            rng.choice([0.1234564, 0.1234566, 0.5, 1e-7, 0.0, 2.0000004]),
            rng.random() < 0.5,
            rng.random() < 0.3,
        )
        for _ in range(400)
    ]
    cols = list(zip(*rows, strict=True))
    want = pd.DataFrame(
        {
            "article_id": [ids[i] for i in cols[0]],
            "frame": [frames[f] for f in cols[1]],
            **{c: list(v) for c, v in zip(EVIDENCE_COLUMNS[2:], cols[2:], strict=True)},
        },
        columns=EVIDENCE_COLUMNS,
    )
    want["weight"] = want["weight"].round(6)
    want = want.sort_values(
        ["article_id", "frame", "weight", "sentence_index", "feature"],
        ascending=[True, True, False, True, True],
        kind="stable",
    ).reset_index(drop=True)
    got = _evidence_table(cols, ids, frames)
    pd.testing.assert_frame_equal(got, want, check_exact=True)

"""analysis.tone: tone toward a mention, its API contract, weights file and validation command."""

from __future__ import annotations

import importlib.util
import math
import re
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import tone
from analysis.tone import WEIGHTS_PATH, read_weights, tone_classes, tone_toward

ROOT = Path(__file__).resolve().parent.parent
NEWSMTSC = ROOT.parent / "shared" / "newsmtsc"
needs_newsmtsc = pytest.mark.skipif(
    not (NEWSMTSC / "train.jsonl").exists(), reason="NewsMTSC not in ../shared/newsmtsc"
)


def spans(text: str, *names: str) -> list[tuple[int, int]]:
    return [(text.index(n), text.index(n) + len(n)) for n in names]


def validator():
    spec = importlib.util.spec_from_file_location("validate_tone", ROOT / "validate" / "tone.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# --- hand-made sentences -------------------------------------------------------------------------


def test_two_targets_opposite_tones():
    # praised/thanked -> the object is treated well; blamed/condemned -> badly
    for text, good, bad in [
        (
            "Voters praised Smith for her honesty, but they blamed Jones for the corruption "
            "scandal.",
            "Smith",
            "Jones",
        ),
        (
            "The mayor thanked Garcia for her brave work, and condemned Miller for the violent "
            "attack.",
            "Garcia",
            "Miller",
        ),
    ]:
        pos, neg = tone_toward(text, spans(text, good, bad))
        assert pos > 0 > neg
        assert tone_classes(text, spans(text, good, bad)) == ["positive", "negative"]


def test_object_of_accusation_is_negative():
    text = "Critics accused Trump of betraying Zelensky."
    assert tone_classes(text, spans(text, "Trump"))[0] == "negative"


def test_negation():
    (great,) = tone_toward("Lee is a great and honest leader.", [(0, 3)])
    (not_great,) = tone_toward("Lee is not a great and honest leader.", [(0, 3)])
    (corrupt,) = tone_toward("Lee is a corrupt and dishonest leader.", [(0, 3)])
    (not_corrupt,) = tone_toward("Lee is not a corrupt leader.", [(0, 3)])
    assert great > 0 > not_great
    assert corrupt < not_corrupt


def test_own_quote_is_not_words_about_the_speaker():
    # Lee's own words about a law are not the sentence's words about Lee
    (own,) = tone_toward('Lee said: "The new law is a terrible disaster."', [(0, 3)])
    (about,) = tone_toward("Lee is a terrible disaster.", [(0, 3)])
    assert tone_classes('Lee said: "The new law is a terrible disaster."', [(0, 3)]) == ["neutral"]
    assert about < own
    # words inside a quotation about a target inside it count for that target more than for
    # the speaker outside it
    text = 'Brown said: "Lee is a corrupt, dishonest liar."'
    brown, lee = tone_toward(text, spans(text, "Brown", "Lee"))
    assert lee < brown and lee < 0


def test_neutral_report():
    text = "Lee met the minister on Tuesday."
    assert tone_classes(text, [(0, 3)]) == ["neutral"]


# --- API contract --------------------------------------------------------------------------------


def test_public_import_and_contract():
    from analysis import tone_toward as public

    assert public is tone_toward
    text = "Critics accused Trump of betraying Zelensky, who thanked Biden."
    sp = spans(text, "Trump", "Zelensky", "Biden")
    out = public(text, sp)
    assert len(out) == 3 and all(isinstance(v, float) and -1.0 <= v <= 1.0 for v in out)
    assert public(text, []) == []
    assert public(text, [sp[1], sp[0]]) == [out[1], out[0]]  # each span on its own
    assert public(text, sp) == out  # deterministic


def test_import_analysis_stays_cheap():
    code = (
        "import analysis, sys; "
        "print('analysis.tone' in sys.modules, 'vaderSentiment' in str(list(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


@pytest.mark.parametrize(
    "bad",
    [
        [(5, 3)],
        [(-1, 2)],
        [(0, 999)],
        [(3, 3)],
        [(0,)],
        ["ab"],
        [(0.5, "x")],
        [(7, 8)],
        [(True, 2)],
    ],
)
def test_bad_spans_raise_clear_errors(bad):
    text = "Critics accused Trump."
    with pytest.raises(ValueError, match="span"):
        tone_toward(text, bad)


def test_bad_text_raises():
    with pytest.raises(ValueError, match="str"):
        tone_toward(None, [(0, 1)])  # type: ignore[arg-type]


def test_span_without_words_and_empty_text_work():
    assert len(tone_toward("!!! ...", [(0, 3)])) == 1
    assert -1 <= tone_toward("Lee, Lee.", [(3, 4)])[0] <= 1


# --- weights file --------------------------------------------------------------------------------


def test_shipped_weights_load_and_say_how_they_were_fitted():
    w = read_weights(WEIGHTS_PATH)
    assert "bias" in w.weights and len(w.weights) > 1000
    assert any("validate/tone.py --fit" in h for h in w.header)
    assert any("NewsMTSC" in h for h in w.header)
    for name in ("obj_neg", "obj_pos", "vd_all", "tb_q", "t_inq"):
        assert name in w.weights
    # names (capitalised words) are never word features
    assert not [k for k in w.weights if k[:2] in ("w:", "q:") and k[2:] != k[2:].lower()]
    assert all(len(v) == 3 and all(math.isfinite(x) for x in v) for v in w.weights.values())


def test_bad_weights_file(tmp_path):
    p = tmp_path / "w.csv"
    p.write_text("# x\nfeature,negative,neutral,positive\nbias,1,2,x\n", encoding="utf-8")
    with pytest.raises(ValueError, match="non-number"):
        read_weights(p)
    p.write_text("feature,neg\nbias,1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="column line"):
        read_weights(p)


@needs_newsmtsc
def test_refit_is_deterministic_on_a_sample(tmp_path):
    v = validator()
    rows = v.load("train", NEWSMTSC)[:300]
    a = v.fit_file(rows, "a sample")
    b = v.fit_file(rows, "a sample")
    assert a == b
    p = tmp_path / "w.csv"
    p.write_text(a, encoding="utf-8")
    w = read_weights(p)
    text, sp, _ = rows[0]
    probs = tone.tone_probabilities(text, sp, w)
    assert all(abs(sum(x) - 1) < 1e-9 for x in probs)


# --- the validation command (CI-sized sample) ----------------------------------------------------


@needs_newsmtsc
def test_validation_command_on_a_sample():
    out = subprocess.run(
        [sys.executable, str(ROOT / "validate" / "tone.py"), "--sample", "150"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    figures = {}
    split = None
    for line in out.splitlines():
        if line.startswith("devtest_"):
            split = line.split(":")[0]
            assert "150 sentences" in line
        m = re.match(
            r"\s+(.+?)\s+F1m (\d\.\d{3})  neg (\d\.\d{3})  neu (\d\.\d{3})  pos (\d\.\d{3})"
            r"  acc (\d\.\d{3})$",
            line,
        )
        if m:
            figures[split, m.group(1)] = [float(x) for x in m.groups()[1:]]
    assert set(figures) == {
        (s, name)
        for s in ("devtest_rw", "devtest_mt")
        for name in (
            "tone_toward",
            "tone_toward, names read",
            "sentence TextBlob",
            "sentence VADER",
            "always neutral",
        )
    }
    for (_s, _name), (f1m, neg, neu, pos, acc) in figures.items():
        assert abs(f1m - (neg + neu + pos) / 3) < 0.002 and 0 <= acc <= 1
    for s in ("devtest_rw", "devtest_mt"):
        assert figures[s, "tone_toward"][0] > figures[s, "sentence TextBlob"][0]
        assert figures[s, "always neutral"][1] == 0.0
    assert re.search(r"opposite-polarity pairs: \d+; tone_toward opposite signs \d+", out)

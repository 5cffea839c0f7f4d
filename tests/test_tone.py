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


def test_other_persons_and_same_person():
    text = "Mr. Lee praised Donald Trump and Trump's aide."
    sp = spans(text, "Mr. Lee", "Donald Trump")
    sp.append((text.index("Trump's"), text.index("Trump's") + 5))
    # "Donald Trump" and "Trump" (possessive) are one person; Lee is the other
    assert tone.other_persons(text, sp) == [[1, 2], [0], [0]]
    assert tone.other_persons(text, sp[:1]) == [[]]
    # two mentions of one person are not set against each other: each reads as if alone
    text = "Lee praised the plan, and Lee thanked the voters."
    a, b = (0, 3), (26, 29)
    assert tone_toward(text, [a, b]) == [tone_toward(text, [a])[0], tone_toward(text, [b])[0]]


def test_contrast_by_hand():
    # polarity axis: each mention's (positive - negative) score moves beta times its distance
    # from the other persons' mean, half on each side; the neutral score stays.
    # z0: 0 - 0 = 0, z1: 0 - 2 = -2; beta 0.5 -> shifts +0.5 and -0.5
    z = [(0.0, 1.0, 0.0), (2.0, 0.0, 0.0)]
    assert tone.CONTRAST_AXIS == "polarity"
    assert tone.contrast(z, [[1], [0]], 0.5) == [(-0.5, 1.0, 0.5), (2.5, 0.0, -0.5)]
    assert tone.contrast(z, [[], []], 0.5) == z  # no other person: unchanged
    assert tone.contrast(z, [[1], [0]], 0.0) == z


def test_accused_of_betraying():
    # "Critics accused Lee of betraying Brown": Lee is accused (negative); Brown is the one
    # betrayed, not criticised: read more favourably than Lee
    text = "Critics accused Lee of betraying Brown."
    lee, brown = tone_toward(text, spans(text, "Lee", "Brown"))
    assert tone_classes(text, spans(text, "Lee", "Brown"))[0] == "negative"
    assert lee < brown


def test_contrast_sets_two_persons_apart(monkeypatch):
    # the shipped contrast (0.4) widens the gap between two persons of one sentence and leaves
    # a sentence with one person as it was
    text = "Critics accused Lee of betraying Brown."
    sp = spans(text, "Lee", "Brown")
    lee, brown = tone_toward(text, sp)
    alone = tone_toward(text, sp[:1])
    monkeypatch.setattr(tone, "CONTRAST", 0.0)
    lee0, brown0 = tone_toward(text, sp)
    assert tone_toward(text, sp[:1]) == alone
    assert brown - lee > brown0 - lee0 > 0


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


def roles(text: str, name: str) -> set[str]:
    """The who-does-what-to-whom features of one mention of ``name``."""
    (f,) = tone.features(text, spans(text, name))
    keys = ("obj_", "nobj_", "subj_", "agent_", "reporter")
    return {k for k in f if k.startswith(keys)}


def test_roles_by_hand():
    # worked out by hand from the act lists (data/tone_acts.csv) and lang/en.py's grammar words
    text = (
        "Critics accused Trump and Obama of fraud, and Smith was praised by Jones; Lee said "
        "the criticism of Kim was unfair; Ann, who slammed Bob, left; the case against Ray grew."
    )
    assert roles(text, "Trump") == {"obj_neg"}  # "accused X"
    assert roles(text, "Obama") == {"obj_neg"}  # "accused A and X"
    assert roles(text, "Smith") == {"obj_pos"}  # "X was praised": object of a passive; the
    # "accused" before the comma is another stretch of the sentence and does not count
    assert roles(text, "Jones") == {"agent_pos"}  # "praised by X": the one who praises
    assert roles(text, "Lee") == {"reporter"}  # "X said"; "praised by" is beyond the ";"
    assert roles(text, "Kim") == {"nobj_neg"}  # "criticism of X"
    assert roles(text, "Ann") == {"subj_neg"}  # "X, who slammed"
    assert roles(text, "Bob") == {"obj_neg"}
    assert roles(text, "Ray") == {"nobj_neg"}  # "against X"
    assert roles("Brown praised Lee.", "Brown") == {"subj_pos"}
    assert roles("Brown praised Lee.", "Lee") == {"obj_pos"}
    assert roles("Lee met the minister.", "Lee") == set()


def test_side_words_by_hand():
    # words of the mention's own clause within SIDE_WINDOW (3) words, by side
    text = "Voters sharply criticized Lee over taxes, said the report."
    (f,) = tone.features(text, spans(text, "Lee"))
    side = {k for k in f if k.startswith(("l:", "r:"))}
    assert tone.SIDE_WINDOW == 3
    assert side == {"l:sharply", "l:criticized", "r:over", "r:taxes"}  # "Voters": capitalised


def test_opposite_roles_opposite_signs():
    # two targets of opposite roles in one sentence get opposite signs, the gold way round
    for text, good, bad in [
        ("Smith was praised by voters, while Jones was accused of fraud.", "Smith", "Jones"),
        ("Brown thanked Lee, and critics accused Kim of lying.", "Lee", "Kim"),
        ("The criticism of Kim grew, but the support for Lee held.", "Lee", "Kim"),
    ]:
        pos, neg = tone_toward(text, spans(text, good, bad))
        assert pos > 0 > neg, text


def test_object_of_accusation_reads_worse_than_its_subject():
    # NewsMTSC's coders read the accuser as negative too (train: 87 of 114 subjects of a
    # verb of criticism are negative), so both are negative here; the accused reads worse
    for text, subj, obj in [
        ("Lee accused Brown of fraud.", "Lee", "Brown"),
        ("Brown accused Lee of fraud.", "Brown", "Lee"),
    ]:
        s, o = tone_toward(text, spans(text, subj, obj))
        assert o < s < 0, text


def test_reporting_verb_reads_neutral():
    for text in (
        "Lee said on Tuesday that the meeting took place.",
        "Lee told reporters the vote would be held in May.",
    ):
        assert tone_classes(text, [(0, 3)]) == ["neutral"], text


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
    # the order of the spans does not matter (the other persons are the same)
    assert public(text, [sp[2], sp[0], sp[1]]) == pytest.approx([out[2], out[0], out[1]], abs=1e-12)
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


# --- the project's own coding of tone toward actors ---------------------------------------------


def test_tone_gold_files_code_existing_mentions():
    import csv

    ann = ROOT / "tests" / "annotations"

    def rows(path, cols):
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            assert set(cols) <= set(reader.fieldnames or []), path
            return [tuple(r[c] for c in cols) for r in reader]

    key = ["start", "end", "actor"]
    seeds = rows(ann / "tone_gold.csv", ["article_id", *key, "tone"])
    seed_mentions = {
        m
        for f in ("mentions_dev.csv", "mentions_heldout.csv")
        for m in rows(ann / f, ["article_id", *key])
    }
    assert {r[:4] for r in seeds} == seed_mentions  # every seed mention, once
    assert len(seeds) == len(seed_mentions) == 136
    nfc = rows(ann / "nfc" / "tone_dev.csv", ["nfc_id", *key, "tone"])
    nfc_mentions = set(rows(ann / "nfc" / "mentions_dev.csv", ["nfc_id", *key]))
    assert {r[:4] for r in nfc} <= nfc_mentions and len({r[:4] for r in nfc}) == len(nfc) == 109
    assert {r[0] for r in nfc} == {"597", "655", "706", "800"}
    assert (
        {r[0] for r in nfc}
        and all(  # whole articles: every mention of the four is coded
            m in {r[:4] for r in nfc} for m in nfc_mentions if m[0] in {"597", "655", "706", "800"}
        )
    )
    assert {r[4] for r in seeds + nfc} == {"negative", "neutral", "positive"}


# --- the validation command (CI-sized sample) ----------------------------------------------------


@needs_newsmtsc
@pytest.mark.skipif(
    not (ROOT.parent / "shared" / "narrative-frames" / "articles_metadata.tsv").exists(),
    reason="Narrative Frames Corpus not in ../shared",
)
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
            assert "150 sentences" in line
        if line and not line.startswith(" ") and ":" in line:
            split = line.split(":")[0]
        m = re.match(
            r"\s+(.+?)\s+F1m (\d\.\d{3})  neg (\d\.\d{3})  neu (\d\.\d{3})  pos (\d\.\d{3})"
            r"  acc (\d\.\d{3})$",
            line,
        )
        if m:
            figures[split, m.group(1)] = [float(x) for x in m.groups()[1:]]
    gold = ("seeds (tone_gold.csv)", "NFC story A (nfc/tone_dev.csv)", "both")
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
    } | {
        (s, name)
        for s in gold
        for name in ("tone_toward", "sentence TextBlob", "sentence VADER", "always neutral")
    }
    for (_s, _name), (f1m, neg, neu, pos, acc) in figures.items():
        assert abs(f1m - (neg + neu + pos) / 3) < 0.002 and 0 <= acc <= 1
    for s in ("devtest_rw", "devtest_mt"):
        assert figures[s, "tone_toward"][0] > figures[s, "sentence TextBlob"][0]
        assert figures[s, "always neutral"][1] == 0.0
    assert "136 mentions (neg / neu / pos 20 / 108 / 8)" in out  # the coded labels, all read
    assert "109 mentions (neg / neu / pos 34 / 64 / 11)" in out
    assert re.search(r"opposite-polarity pairs: \d+; tone_toward opposite signs \d+", out)


def test_sentence_from_token_pieces_equals_the_per_token_reading():
    """tone._sentence reads tokens, spans, lower-case words and punctuation gaps from one
    token_pieces pass: the same as tokenize() with a regex search per gap."""
    import random

    from analysis.segment import tokenize
    from analysis.tone import _BOUNDARY, _sentence

    rnd = random.Random(18)
    pieces = ["The", "ΟΔΟΣ", "ΣΑΣ", "İstanbul's", "U.S.", "-20", " - ", ", ", "; ", "“", "”", " ",
              "  ", "(", ")", "said", "don't", "\n", "—", "1,000"]  # fmt: skip
    texts = ["", "   ", "One.", "a - b, c; “d” (e) — f"]
    texts += ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12))) for _ in range(2000)]
    for text in texts:
        got = _sentence(text)
        toks = tokenize(text)
        assert got.toks == toks, text
        assert got.low == [text[s:e].lower() for s, e in toks], text
        assert got.bow == [not text[s].isupper() for s, _ in toks], text
        chunk = [0] * len(toks)
        for i in range(1, len(toks)):
            gap = _BOUNDARY.search(text, toks[i - 1][1], toks[i][0]) is not None
            chunk[i] = chunk[i - 1] + gap
        assert got.chunk == chunk, text

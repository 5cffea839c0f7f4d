"""Tests for analysis.sentiment: pinned, hand-checked scores and the table plumbing."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from textblob import TextBlob
from textblob.en import sentiment as textblob_lexicon
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analysis import sentiment as S

TOL = 1e-12


def _close(x: float, y: float) -> bool:
    return (math.isnan(x) and math.isnan(y)) or abs(x - y) <= TOL


def _table(texts: list[str], article_id: str = "a") -> pd.DataFrame:
    return pd.DataFrame(
        {"article_id": article_id, "sentence_index": range(len(texts)), "text": texts}
    )


# (text, textblob polarity, textblob subjectivity, vader compound). Each value was computed once,
# then checked by hand from the lexicon entries (derivations below for the marked ones).
PINNED = [
    # TextBlob: only "most" is in its lexicon (JJ, p=+0.5, s=0.5; not an RB, so not a modifier);
    # "severe", "sanctions", "ever" are unknown -> mean of one assessment = +0.5 / 0.5.
    # VADER: "severe" = -1.6; "most" is a booster (+0.293 away from zero) -> -1.893;
    # compound = x / sqrt(x^2 + 15) = -1.893 / 4.3108 = -0.4391.
    ("the most severe sanctions ever", 0.5, 0.5, -0.4391),
    ("The most severe sanctions ever were imposed on Moscow.", 0.5, 0.5, -0.4927),
    # TextBlob knows only "killed" (VB, -0.2, s=0.0); invasion/strike are unknown.
    (
        "Russia launched a full-scale invasion and a missile strike killed 12 civilians.",
        -0.2,
        0.0,
        -0.6705,
    ),
    # TextBlob: good = +0.7 / 0.6; "not" directly before it flips: 0.7 * -0.5 = -0.35, s kept.
    # VADER: good = 1.9, negated by "not": 1.9 * -0.74 = -1.406;
    # -1.406 / sqrt(1.406^2 + 15) = -1.406 / 4.1203 = -0.3412.
    ("The talks were not good.", -0.35, 0.6000000000000001, -0.3412),
    # Negation is dropped across the unknown word "say" (longer than one letter): good = +0.7.
    ("He did not say it was a good deal.", 0.7, 0.6000000000000001, 0.4404),
    # Quote: TextBlob knows "great" (+0.8 / 0.75) but not "peace".
    ('"This is a great day for peace," Trump said.', 0.8, 0.75, 0.8225),
    ('"We are not happy with this," Peskov told reporters.', -0.4, 1.0, -0.4585),
    # Neutral factual sentence: no lexicon word at all -> 0.0 / 0.0 in both.
    ("The meeting will take place on Tuesday in Geneva.", 0.0, 0.0, 0.0),
    # "very" is an RB modifier (intensity 1.3) of "fragile" (p=0.0, s=0.5): p = 0.0 * 1.3 = 0.0,
    # s = 0.5 * 1.3 = 0.65; the two words form one assessment.
    ("Officials said the ceasefire was very fragile.", 0.0, 0.65, 0.0),
    # "not" survives the one-letter "a"; bad = -0.7 (stored as -0.6999999999999998); the "!"
    # boosts by 1.25 -> -0.875; negation halves and flips: -0.875 * -0.5 = +0.4375.
    ("It was not a bad outcome!", 0.4374999999999999, 0.6666666666666666, 0.484),
    # brutal -0.875, devastating -1.0 (both s=1.0): mean -0.9375 / 1.0. "attack" is unknown.
    ("The attack on the city was brutal and devastating.", -0.9375, 1.0, -0.91),
    # "most" as a quantifier still reads +0.5; "heavily" (RB, -0.2) modifies the unknown
    # "damaged", so it stays its own assessment: (0.5 - 0.2) / 2 = 0.15. A known misreading.
    ("Most residents fled the heavily damaged town.", 0.15, 0.5, -0.4404),
]


@pytest.mark.parametrize(("text", "tb_pol", "tb_subj", "vader"), PINNED)
def test_pinned_scores(text, tb_pol, tb_subj, vader):
    tb = S.get_instrument("textblob").score(text)
    assert _close(tb.polarity, tb_pol)
    assert _close(tb.subjectivity, tb_subj)
    v = S.get_instrument("vader").score(text)
    assert v.polarity == vader
    assert math.isnan(v.subjectivity)


@pytest.mark.parametrize("text", [p[0] for p in PINNED])
def test_textblob_instrument_equals_textblob(text):
    # Our single-call plumbing must give exactly what TextBlob's public API gives.
    ref = TextBlob(text).sentiment_assessments
    ours = S.get_instrument("textblob").score(text)
    assert (ours.polarity, ours.subjectivity) == (ref.polarity, ref.subjectivity)
    assert ours.drivers == tuple((" ".join(w), p) for w, p, _s, _x in ref.assessments)
    vader = SentimentIntensityAnalyzer().polarity_scores(text)["compound"]
    assert S.get_instrument("vader").score(text).polarity == vader


def test_pinned_values_follow_from_lexicon_entries():
    good_p, good_s, _ = textblob_lexicon["good"][None]
    assert S.get_instrument("textblob").score("The talks were not good.")[:2] == (
        good_p * -0.5,
        good_s,
    )
    most_p, most_s, _ = textblob_lexicon["most"][None]
    assert S.get_instrument("textblob").score("the most severe sanctions ever")[:2] == (
        most_p,
        most_s,
    )
    vader_good = SentimentIntensityAnalyzer().lexicon["good"] * -0.74
    assert S.get_instrument("vader").score("The talks were not good.").polarity == round(
        vader_good / math.sqrt(vader_good**2 + 15), 4
    )


def test_drivers():
    tb = S.get_instrument("textblob").score("It was not a bad outcome!")
    assert tb.drivers == (("not bad !", 0.4374999999999999),)
    v = S.get_instrument("vader").score("The war was not good for peace.")
    assert v.drivers == (("war", -2.9), ("good", 1.9), ("peace", 2.5))
    assert S.render_drivers(v.drivers) == "war:-2.90;good:+1.90;peace:+2.50"
    assert S.render_drivers(()) == ""


def test_coverage_hand_made():
    # 7 tokens: the war was not good for peace.
    text = "The war was not good for peace."
    assert S.get_instrument("textblob").score(text).coverage == 1 / 7  # good
    assert S.get_instrument("vader").score(text).coverage == 3 / 7  # war, good, peace
    row = S.score_sentences(_table([text]), instruments=["textblob"])
    assert row.loc[0, "coverage_domain"] == 3 / 7  # + war, peace from the domain lexicon
    assert row.loc[0, "n_words"] == 7
    empty = S.score_sentences(_table(["..."]), instruments=["textblob"])
    assert empty.loc[0, "n_words"] == 0
    assert math.isnan(empty.loc[0, "coverage"])


def test_domain_lexicon_flips_severe_sanctions():
    out = S.score_sentences(_table(["the most severe sanctions ever"]))
    tb = out[out["instrument"] == "textblob"].iloc[0]
    assert tb["polarity"] == 0.5  # unaltered TextBlob
    # "most severe" (-0.6, s 0.6) and "sanctions" (-0.4, s 0.1): mean -0.5 / 0.35
    assert _close(tb["polarity_domain"], -0.5)
    assert _close(tb["subjectivity_domain"], 0.35)
    assert tb["drivers"] == "most:+0.50"
    assert tb["drivers_domain"] == "most severe:-0.60;sanctions:-0.40"
    vader = out[out["instrument"] == "vader"].iloc[0]
    assert math.isnan(vader["polarity_domain"]) and vader["drivers_domain"] == ""
    # TextBlob's global lexicon is untouched by the domain scorer.
    assert "sanctions" not in textblob_lexicon
    assert textblob_lexicon["most"][None][0] == 0.5


def test_domain_war_sentence_and_empty_lexicon_is_identity():
    out = S.score_sentences(
        _table(["Russia launched a full-scale invasion and a missile strike killed 12 civilians."]),
        instruments=["textblob"],
    )
    # invasion -0.6, "missile strike" -0.6, killed -3.5/4 = -0.875: mean -0.691666...
    assert _close(out.loc[0, "polarity_domain"], (-0.6 - 0.6 - 0.875) / 3)
    assert out.loc[0, "polarity"] == -0.2
    empty = S._textblob_domain_scorer(S.DomainLexicon("none", "", ()))
    for text, *_ in PINNED:
        assert empty(text)[:3] == S.get_instrument("textblob").score(text)[:3]


def test_domain_off_gives_nan():
    out = S.score_sentences(_table(["the most severe sanctions ever"]), domain_lexicon=False)
    assert out["polarity_domain"].isna().all()
    assert out["subjectivity_domain"].isna().all()
    assert out["coverage_domain"].isna().all()
    assert (out["drivers_domain"] == "").all()
    assert out.loc[out["instrument"] == "textblob", "polarity"].tolist() == [0.5]


def test_user_lexicon_is_honoured(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("term,polarity,subjectivity\nMeeting,0.4,0.3\n", encoding="utf-8")
    out = S.score_sentences(
        _table(["The war meeting will take place on Tuesday."]),
        instruments=["textblob"],
        domain_lexicon=path,
    )
    # only the user's term counts: "war" (packaged lexicon) is not used
    assert out.loc[0, "polarity"] == 0.0
    assert out.loc[0, "polarity_domain"] == 0.4
    assert out.loc[0, "subjectivity_domain"] == 0.3
    assert out.loc[0, "drivers_domain"] == "meeting:+0.40"
    lex = S.load_domain_lexicon(str(path))
    assert lex.entries == (("meeting", 0.4, 0.3),) and lex.version == ""


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("term,polarity\nwar,-0.5\n", "lacks column"),
        ("term,polarity,subjectivity\nwar,bad,0.1\n", "line 2: polarity 'bad' is not a number"),
        ("term,polarity,subjectivity\nwar,-1.5,0.1\n", "line 2: polarity -1.5 is outside"),
        ("term,polarity,subjectivity\nwar,-0.5,2\n", "line 2: subjectivity 2.0 is outside"),
        ("term,polarity,subjectivity\nwar,-0.5,0.1\nWar,-0.4,0.1\n", "line 3: duplicate term"),
        ("term,polarity,subjectivity\n ,-0.5,0.1\n", "line 2: empty term"),
        ("term,polarity,subjectivity\n", "no rows"),
        ("term,polarity,subjectivity,version\nwar,-0.5,0.1,1\npeace,0.5,0.1,2\n", "mixes versions"),
    ],
)
def test_malformed_lexicon_raises(tmp_path, content, problem):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(str(path))) as err:
        S.score_sentences(_table(["war"]), domain_lexicon=path)
    assert problem in str(err.value)


def test_missing_lexicon_file_raises(tmp_path):
    with pytest.raises(ValueError, match="not found"):
        S.load_domain_lexicon(tmp_path / "nope.csv")


def test_packaged_lexicon():
    lex = S.load_domain_lexicon()
    assert lex.version == "1"
    assert 40 <= len(lex.entries) <= 80
    table = pd.read_csv(S.DEFAULT_DOMAIN_LEXICON, dtype=str, keep_default_na=False)
    assert list(table.columns) == ["term", "polarity", "subjectivity", "version", "note", "source"]
    assert (table["note"].str.len() > 10).all() and (table["source"].str.len() > 0).all()
    vader = SentimentIntensityAnalyzer().lexicon
    anchored = table[table["source"].str.contains("VADER")]
    assert len(anchored) > 10
    for term, pol in zip(anchored["term"], anchored["polarity"], strict=True):
        assert abs(float(pol) - vader[term] / 4) <= TOL, term


def test_agreement_hand_made():
    a = [-0.2, 0.0, 0.2, 0.4, 0.9]
    b = [0.1, 0.0, 0.4, 0.3]
    rows = [("x", i, "a", p, math.nan) for i, p in enumerate(a)]
    rows += [("x", i, "b", p, math.nan) for i, p in enumerate(b)]
    scores = pd.DataFrame(
        rows, columns=["article_id", "sentence_index", "instrument", "polarity", "polarity_domain"]
    )
    out = S.instrument_agreement(scores)
    assert out[["instrument_a", "instrument_b", "n"]].values.tolist() == [["a", "b", 4]]
    row = out.iloc[0]
    # deviations a: -.3 -.1 .1 .3, b: -.1 -.2 .2 .1 -> 0.1 / sqrt(0.2 * 0.1) = 1/sqrt(2)
    assert abs(row["pearson"] - 1 / math.sqrt(2)) < 1e-9
    # ranks a 1 2 3 4, b 2 1 4 3: 1 - 6 * 4 / (4 * 15) = 0.6
    assert abs(row["spearman"] - 0.6) < 1e-12
    # classes a: - 0 + +, b: + 0 + + -> 3 of 4 agree
    assert row["sign_agreement"] == 0.75 and row["neutral_band"] == 0.05


def test_agreement_includes_domain_variant():
    out = S.instrument_agreement(S.score_sentences(_table([p[0] for p in PINNED])))
    assert out[["instrument_a", "instrument_b"]].values.tolist() == [
        ["textblob", "textblob+domain"],
        ["textblob", "vader"],
        ["textblob+domain", "vader"],
    ]
    assert (out["n"] == len(PINNED)).all()


def _hand_scores() -> tuple[pd.DataFrame, pd.DataFrame]:
    sentences = pd.DataFrame({"article_id": ["p"] * 4 + ["q"], "sentence_index": [0, 1, 2, 3, 0]})
    scores = pd.DataFrame(
        {
            "article_id": ["p"] * 4 + ["q"],
            "sentence_index": [0, 1, 2, 3, 0],
            "instrument": "t",
            "polarity": [0.5, 0.3, -0.1, 0.02, -0.2],
            "subjectivity": [0.5, 0.5, 0.2, 0.0, 0.4],
            "polarity_domain": [-0.5, 0.3, -0.1, 0.0, -0.2],
            "subjectivity_domain": [0.5, 0.5, 0.2, 0.0, 0.4],
            "coverage": [0.2, 0.4, 0.1, math.nan, 0.5],
            "coverage_domain": math.nan,
            "n_words": [10, 10, 20, 0, 4],
        }
    )
    return sentences, scores


def test_article_aggregation_by_hand():
    sentences, scores = _hand_scores()
    out = S.score_articles(sentences, scores)
    assert out["article_id"].tolist() == ["p", "q"]
    p = out.iloc[0]
    assert p["n_sentences"] == 4 and p["n_words"] == 40
    assert abs(p["polarity_mean"] - 0.72 / 4) < TOL  # (0.5 + 0.3 - 0.1 + 0.02) / 4
    assert abs(p["polarity_weighted"] - 0.15) < TOL  # (5 + 3 - 2 + 0) / 40
    assert abs(p["subjectivity_mean"] - 0.3) < TOL
    # +: 0.5, 0.3; -: -0.1; neutral: 0.02 (|p| < 0.05)
    assert (p["share_positive"], p["share_negative"], p["tone"]) == (0.5, 0.25, 25.0)
    assert abs(p["polarity_domain_mean"] - (-0.075)) < TOL
    assert abs(p["polarity_domain_weighted"] - (-0.1)) < TOL  # (-5 + 3 - 2) / 40
    assert p["tone_domain"] == -25.0  # 1 positive, 2 negative of 4
    assert abs(p["coverage"] - 0.2) < TOL  # (2 + 4 + 2) known of 40 tokens
    q = out.iloc[1]
    assert (q["n_sentences"], q["tone"], q["polarity_weighted"]) == (1, -100.0, -0.2)


def test_article_aggregation_rejects_mismatch():
    sentences, scores = _hand_scores()
    with pytest.raises(ValueError, match="missing"):
        S.score_articles(sentences, scores.iloc[:-1])
    extra = pd.concat([sentences, pd.DataFrame({"article_id": ["r"], "sentence_index": [0]})])
    with pytest.raises(ValueError, match=r"\('r', 0\)"):
        S.score_articles(extra, scores)


def test_score_articles_on_real_scores_vader_subjectivity_nan():
    sentences = _table(["The talks were not good.", "It was not a bad outcome!"])
    out = S.score_articles(sentences, S.score_sentences(sentences))
    assert out["instrument"].tolist() == ["textblob", "vader"]
    tb, vader = out.iloc[0], out.iloc[1]
    assert _close(tb["polarity_mean"], (-0.35 + 0.4374999999999999) / 2)
    assert math.isnan(vader["subjectivity_mean"]) and math.isnan(vader["tone_domain"])
    assert _close(vader["polarity_mean"], (-0.3412 + 0.484) / 2)


def test_determinism_and_row_order():
    texts = [p[0] for p in PINNED]
    sentences = _table(texts)
    first = S.score_sentences(sentences)
    assert first.equals(S.score_sentences(sentences))
    shuffled = sentences.sample(frac=1, random_state=3)
    assert first.equals(S.score_sentences(shuffled, instruments=("vader", "textblob")))
    assert list(first.columns) == S.SENTENCE_SCORE_COLUMNS
    assert len(first) == 2 * len(texts)


def test_custom_instrument_and_bad_input():
    const = S.Instrument("const", lambda text: S.Score(0.1, 0.2, (("x", 0.1),), 1.0))
    out = S.score_sentences(_table(["anything"]), instruments=[const])
    assert out.loc[0, "instrument"] == "const" and out.loc[0, "drivers"] == "x:+0.10"
    assert math.isnan(out.loc[0, "polarity_domain"])
    with pytest.raises(ValueError, match="unknown sentiment instrument"):
        S.get_instrument("afinn")
    with pytest.raises(ValueError, match="distinct"):
        S.score_sentences(_table(["a"]), instruments=["vader", "vader"])
    with pytest.raises(ValueError, match="lacks column"):
        S.score_sentences(pd.DataFrame({"article_id": ["a"], "text": ["x"]}))
    with pytest.raises(ValueError, match="non-string text"):
        S.score_sentences(
            pd.DataFrame({"article_id": ["a"], "sentence_index": [0], "text": [None]})
        )
    with pytest.raises(ValueError, match="duplicate"):
        S.score_sentences(_table(["a", "b"]).assign(sentence_index=0))


def test_pair_equals_separate_readings():
    # The one-pass pair (used by score_sentences) must give exactly TextBlob's own plain and
    # domain readings: sentences with and without domain words, multi-word terms, negation, "!".
    lexicon = S.load_domain_lexicon()
    pair = S.get_instrument("textblob").pair(lexicon)
    domain = S._textblob_domain_scorer(lexicon, exact=True)
    texts = [text for text, *_ in PINNED] + [
        "the most severe sanctions ever",
        "Russia launched a full-scale invasion and a missile strike killed 12 civilians.",
        "It was not a very good ceasefire!",
        "Talks were held.",
        "...",
    ]
    reused = 0
    for text in texts:
        plain, dom = pair(text)
        assert plain == S.textblob_score(text, exact=True)
        assert dom == domain(text)
        reused += dom is plain
    assert 0 < reused < len(texts)  # both branches ran


# --- names never drive tone (#17 item 5) ---------------------------------------------------------


def test_capitalised_runs_and_title_case_guard():
    from analysis.sentiment import capitalised_runs

    text = "Ships left the Black Sea ports as the White House warned."
    assert [text[s:e] for s, e in capitalised_runs(text)] == ["Black Sea", "White House"]
    bank = "Rates rose at the Bank of England today."
    assert [bank[s:e] for s, e in capitalised_runs(bank)] == ["Bank of England"]
    # one capitalised word is no run; a title-case headline (no long word in lower case) has
    # none; a short sentence full of names still has its runs ("left" is in lower case)
    assert capitalised_runs("Black smoke rose over the port.") == []
    assert capitalised_runs("Black Sea Ports Hit by Storms") == []
    short = "Smith left Great Britain on Monday."
    assert [short[s:e] for s, e in capitalised_runs(short)] == ["Great Britain"]


def test_mask_names_keeps_length_and_case():
    from analysis.sentiment import mask_names

    assert mask_names("the Great Britain team", [(4, 17)]) == "the Xxxxx Xxxxxxx team"
    assert mask_names("NATO-led", [(0, 4)]) == "XXXX-led"


def test_words_inside_names_do_not_drive_tone():
    from analysis.sentiment import name_spans

    sentences = pd.DataFrame(
        {
            "article_id": ["a", "a", "a"],
            "sentence_index": [0, 1, 2],
            "start": [0, 40, 80],
            "end": [31, 70, 112],
            "text": [
                "Ships left the Black Sea ports.",  # TextBlob: black -0.17 -> no driver left
                "Great Britain had a great day.",  # great +0.80 twice -> only the second
                "Mr Good spoke, and it was good.",  # catalog mention "Good" at 83..87
            ],
        }
    )
    mentions = pd.DataFrame({"article_id": ["a"], "start": [83], "end": [87]})
    names = name_spans(sentences, mentions)
    assert set(zip(names["sentence_index"], names["source"], strict=True)) == {
        (0, "capitalised"),
        (1, "capitalised"),
        (2, "capitalised"),  # "Mr Good" is a capitalised run as well
        (2, "catalog"),
    }
    assert names.loc[names["source"] == "catalog", ["start", "end"]].values.tolist() == [[3, 7]]
    raw = S.score_sentences(sentences, ["textblob", "vader"], False)
    masked = S.score_sentences(sentences, ["textblob", "vader"], False, names)
    tb = masked[masked["instrument"] == "textblob"].set_index("sentence_index")
    assert "black" in raw.loc[0, "drivers"] and "black" not in tb.loc[0, "drivers"]
    assert tb.loc[0, "polarity"] == 0.0  # "left" (0.0) is the only word TextBlob reads
    assert tb.loc[1, "drivers"] == "great:+0.80" and tb.loc[1, "polarity"] == pytest.approx(0.8)
    assert tb.loc[2, "drivers"] == "good:+0.70"  # the sentence's own "good" still counts
    vd = masked[masked["instrument"] == "vader"].set_index("sentence_index")
    assert vd.loc[1, "drivers"] == "great:+3.10"
    # without names: every word is read, as before
    assert raw.equals(S.score_sentences(sentences, ["textblob", "vader"], False, None))


def test_tone_toward_a_mention_does_not_read_the_other_names():
    from analysis.sentiment import mask_units, name_spans, other_names
    from analysis.tone import score_mentions

    def toward_smith(place: str) -> float:
        text = f"Smith left {place} on Monday."
        sentences = pd.DataFrame(
            {"article_id": ["a"], "sentence_index": [0], "start": [0], "end": [len(text)],
             "text": [text]}
        )  # fmt: skip
        mentions = pd.DataFrame(
            {"article_id": ["a"], "sentence_index": [0], "actor": ["Smith"],
             "surface": ["Smith"], "start": [0], "end": [5]}
        )  # fmt: skip
        names = name_spans(sentences, mentions)
        # "Smith" is the catalog mention scored; the place is the other name, masked
        others = other_names(names)
        assert [text[s:e] for s, e in zip(others.start, others.end, strict=True)] == [place]
        masked = mask_units(sentences, others)
        assert masked.text[0].startswith("Smith left X")
        return float(score_mentions(masked, mentions)["tone"].iloc[0])

    # "Great" (+0.8 in TextBlob's lexicon) inside a place name no longer moves the tone
    # toward Smith: the same reading as beside a name without a lexicon word
    assert toward_smith("Great Britain") == toward_smith("Upper Volta")


def test_capitalised_spans_one_pass_equals_per_text():
    from analysis.sentiment import capitalised_runs, capitalised_spans

    texts = [
        "Ships left the Black Sea ports as the White House warned.",
        "Black Sea Ports Hit by Storms",  # title case: no runs
        "",
        "Paris\nBank of England said\tNew York",  # a run never crosses a line break
        "Rates rose at the Bank of England",  # a run at the very end of a text
    ]
    got = capitalised_spans(texts)
    assert got == [capitalised_runs(t) for t in texts]
    assert [texts[0][s:e] for s, e in got[0]] == ["Black Sea", "White House"]
    assert got[1] == [] and got[2] == []
    assert [texts[3][s:e] for s, e in got[3]] == ["Bank of England", "New York"]
    assert [texts[4][s:e] for s, e in got[4]] == ["Bank of England"]
    assert capitalised_spans([]) == []


def test_capital_first_run_pattern_equals_the_word_boundary_one():
    """_CAP_RUN (capital first, ``\\b`` as a lookbehind over it) finds the same runs as the
    plain ``\\b``-first pattern, on hand-made edge cases and random strings."""
    import random

    from analysis.sentiment import _CAP_RUN, _CAP_RUN_PLAIN

    texts = [
        "Ships left the Black Sea ports as the White House warned.",
        "xBlack Sea",  # a capital inside a word starts no run...
        "_Black Sea",  # ...nor after an underscore (a word character)
        "1Black Sea 2 White House",  # ...nor after a digit
        "Black Sea",  # a run at the very start
        "'Black Sea' -White House- (Bank of England)",
        "São Paulo\nÉlysée Palace\tÖsterreich Hof",
        "AB CD EF",
        "",
    ]
    rnd = random.Random(15)
    pieces = ["Black", "Sea", "of", "the", "É", "x", "_", "1", " ", "\t", "\n", "'", "-", ".", "a"]
    texts += ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 14))) for _ in range(3000)]
    for text in texts:
        got = [m.span() for m in _CAP_RUN.finditer(text)]
        assert got == [m.span() for m in _CAP_RUN_PLAIN.finditer(text)], text
    assert [m.group() for m in _CAP_RUN.finditer(texts[0])] == ["Black Sea", "White House"]
    assert [m.group() for m in _CAP_RUN.finditer(texts[1])] == []


def test_title_case_shortcut_agrees_with_the_word_test():
    from analysis.sentiment import _title_case

    # no long lower-case word: title case (4+ words)
    assert _title_case("Black Sea Ports Hit by Storms")
    assert not _title_case("Black Sea Ports")  # fewer than 4 words
    # "abcd" after a digit still starts a word of its own (the digit starts none)
    assert not _title_case("9abcd Ef Gh Ij")
    # "x9abcd" is one word starting "x": long and lower case
    assert not _title_case("x9abcd Ef Gh Ij")
    # "déjà" is a long lower-case word that the ASCII shortcut does not see
    assert not _title_case("A B C déjà")
    # "O’neil": the lower-case letters follow an apostrophe inside one word
    assert _title_case("O’neil Said Good Day")


def test_mask_names_overlapping_clipped_and_non_ascii_spans():
    from analysis.sentiment import mask_names

    # overlapping spans, a span past the end (digits stay), an empty and a reversed span;
    # "Ǆ" is an upper-case letter, "ß" a lower-case one
    assert mask_names("Élan Ǆemal straße 42", [(0, 6), (3, 10), (13, 99), (2, 2), (5, 1)]) == (
        "Xxxx Xxxxx stxxxx 42"
    )
    assert mask_names("abc", []) == "abc"
    assert mask_names("abc", [(-5, 2)]) == "xxc"


def test_n_words_counted_on_the_masked_text_only_when_masking_keeps_the_tokens():
    import re

    from analysis import segment

    # masking turns letters into x/X; the only letter that is also a literal character of the
    # token pattern is "º", so only a text holding it keeps counting on the unmasked text
    pattern = re.sub(r"\\[wWdDsSbB]", "", segment._TOKEN_RE.pattern)
    assert {c for c in pattern if c.isalpha()} == {"º"}
    assert S._same_token_count("Black Sea") and not S._same_token_count("Room 5º")
    sentences = pd.DataFrame(
        {"article_id": ["a", "a"], "sentence_index": [0, 1], "text": ["Room 5º", "Black Sea"]}
    )
    names = pd.DataFrame(
        {"article_id": ["a", "a"], "sentence_index": [0, 1], "start": [5, 0], "end": [7, 9]}
    )
    scores = S.score_sentences(sentences, ["textblob"], False, names)
    # n_words counts the tokens of the unmasked sentence: "Room", "5º"; "Black", "Sea"
    assert scores["n_words"].tolist() == [2, 2]
    assert [len(segment.token_texts(t)) for t in sentences["text"]] == [2, 2]


def test_name_spans_capitalised_rows_equal_the_runs_of_each_unit():
    """name_spans builds the capitalised rows from arrays: the same rows as capitalised_runs
    per unit, title-case units dropped, in unit then start order."""
    from analysis.sentiment import capitalised_runs, name_spans

    texts = [
        "Black Sea Ports Hit by Storms",  # title case: none
        "Ships left the Black Sea as the White House warned.",
        "",
        "Rates rose at the Bank of England",
        "no runs here at all",
        "New York and New Jersey",  # one run through "and", but title case: none
        "talks in New York went on",
    ]
    units = pd.DataFrame(
        {
            "article_id": ["b", "a", "a", "c", "c", "c", "c"],
            "sentence_index": [0, 0, 1, 0, 1, 2, 3],
            "start": [0, 0, 60, 0, 40, 70, 100],
            "end": [len(t) for t in texts],
            "text": texts,
        }
    )
    got = name_spans(units)
    want = sorted(
        (a, i, s, e)
        for a, i, t in zip(units["article_id"], units["sentence_index"], texts, strict=True)
        for s, e in capitalised_runs(t)
    )
    assert list(got.columns) == ["article_id", "sentence_index", "start", "end", "source"]
    assert (
        list(
            got[["article_id", "sentence_index", "start", "end"]].itertuples(index=False, name=None)
        )
        == want
    )
    assert set(got["source"]) == {"capitalised"}
    assert len(want) == 4  # Black Sea, White House, Bank of England, New York
    assert got["sentence_index"].dtype == "int64" and got["start"].dtype == "int64"


def test_textblob_row_equals_the_pair_of_scores_rendered():
    """score_sentences' TextBlob fast row gives the numbers and driver strings of the Score
    pair it replaces: no domain word, a domain word only in the walk or only in the coverage
    tokens, a multi-word term, negation, "!", an emoticon, no words at all."""
    from analysis.sentiment import (
        _textblob_pair,
        _textblob_pair_row,
        load_domain_lexicon,
        render_drivers,
    )

    lexicon = load_domain_lexicon()
    pair, row = _textblob_pair(lexicon), _textblob_pair_row(lexicon)
    texts = [
        "The talks were a great success.",
        "The war killed many, not a good day!",
        "Air strikes hit the city; peace talks failed :)",
        "Officials called it the most severe crisis.",
        "The cease-fire held.",  # one token for the coverage, two words for TextBlob
        "",
        "...",
        "Not bad at all!!",
    ]
    for text in texts:
        s, d = pair(text)
        want = (
            s.polarity,
            s.subjectivity,
            d.polarity,
            d.subjectivity,
            s.coverage,
            d.coverage,
            render_drivers(s.drivers),
            render_drivers(d.drivers),
        )
        got = row(text)
        assert got[:6] == pytest.approx(want[:6], nan_ok=True, abs=0, rel=0), text
        assert got[6:] == want[6:], text
    assert row("The war killed many.")[6] != row("The war killed many.")[7]  # domain words

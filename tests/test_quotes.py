"""Tests for analysis.quotes: hand-made fixtures with expected rows, plus the gold evaluation."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.quotes import QUOTE_COLUMNS, find_quotes, load_cues, quote_spans
from analysis.segment import segment_articles

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "raw" / "seeds"
ANNOTATIONS = Path(__file__).resolve().parent / "annotations"


def run(*texts: str) -> pd.DataFrame:
    arts = pd.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "text": list(texts)})
    return find_quotes(arts, segment_articles(arts).sentences)


def span_of(text: str, inner: str) -> tuple[int, int]:
    start = text.index(inner)
    return start, start + len(inner)


def row(q: pd.DataFrame, i: int) -> dict:
    return q.iloc[i].to_dict()


def check(
    r: dict, text: str, inner: str, kind: str, speaker: str, speaker_text: str, res: str, cue: str
) -> None:
    assert (r["start"], r["end"]) == span_of(text, inner)
    assert r["text"] == inner
    assert (r["kind"], r["speaker"], r["speaker_text"], r["speaker_resolution"], r["cue"]) == (
        kind,
        speaker,
        speaker_text,
        res,
        cue,
    )
    if cue:
        assert text[r["cue_start"] : r["cue_end"]] == cue
    else:
        assert (r["cue_start"], r["cue_end"]) == (-1, -1)


# --------------------------------------------------------------------------------------------
# marks


def test_straight_marks_tail_cue() -> None:
    text = 'Talks resumed on Monday. "We will see what happens," Trump said in Washington.'
    q = run(text)
    assert list(q.columns) == QUOTE_COLUMNS
    assert len(q) == 1
    r = row(q, 0)
    check(
        r, text, "We will see what happens,", "statement", "Donald Trump", "Trump", "name", "said"
    )
    assert (r["quote_index"], r["group"], r["n_words"], r["unclosed"]) == (0, 0, 5, False)
    assert (r["sentence_start_index"], r["sentence_end_index"]) == (1, 1)


def test_straight_marks_pair_by_order() -> None:
    text = 'He called it "fine" and "done" today.\nShe said "no.'
    spans = quote_spans(text, [(0, 37), (38, len(text))])
    got = [(text[s.start : s.end], s.unclosed) for s in spans]
    assert got == [("fine", False), ("done", False), ("no.", True)]


def test_curly_inversion_said_name() -> None:
    text = "Lavrov spoke on Sunday. “They are the key to a different door,” said Lavrov."
    q = run(text)
    r = row(q, 0)
    check(
        r,
        text,
        "They are the key to a different door,",
        "statement",
        "Sergei Lavrov",
        "Lavrov",
        "name",
        "said",
    )


def test_inversion_with_title_resolves_to_named_person() -> None:
    text = (
        "Sergei Lavrov gave an interview. “Western plans ignore minorities,” added the "
        "Russian minister, using it as a pretext."
    )
    r = row(run(text), 0)
    check(
        r,
        text,
        "Western plans ignore minorities,",
        "statement",
        "Sergei Lavrov",
        "the Russian minister",
        "title",
        "added",
    )


def test_apostrophe_is_not_a_mark_and_nested_single_quotes_stay_inside() -> None:
    text = "“He told me ‘we are ready’ and Ukraine’s grid will hold,” Trump said."
    q = run(text)
    assert len(q) == 1
    check(
        row(q, 0),
        text,
        "He told me ‘we are ready’ and Ukraine’s grid will hold,",
        "statement",
        "Donald Trump",
        "Trump",
        "name",
        "said",
    )


def test_top_level_single_quotes() -> None:
    text = "Putin promised a ‘humanitarian pause’, the Kremlin said. Ukraine’s grid is weak."
    q = run(text)
    assert len(q) == 1
    check(
        row(q, 0), text, "humanitarian pause", "fragment", "Kremlin", "the Kremlin", "name", "said"
    )


# --------------------------------------------------------------------------------------------
# attribution


def test_split_quote_shares_group_and_speaker() -> None:
    text = "“We are ready,” Peskov said, “but the terms must be fair.” Talks go on."
    q = run(text)
    assert len(q) == 2
    check(row(q, 0), text, "We are ready,", "statement", "Dmitry Peskov", "Peskov", "name", "said")
    check(
        row(q, 1),
        text,
        "but the terms must be fair.",
        "statement",
        "Dmitry Peskov",
        "Peskov",
        "name",
        "said",
    )
    assert q["group"].tolist() == [0, 0]
    assert q["quote_index"].tolist() == [0, 1]


def test_split_across_sentences_is_a_continuation_in_the_same_group() -> None:
    text = "“The first point is clear,” said Lavrov. “The second point is too.”"
    q = run(text)
    check(
        row(q, 0),
        text,
        "The first point is clear,",
        "statement",
        "Sergei Lavrov",
        "Lavrov",
        "name",
        "said",
    )
    check(row(q, 1), text, "The second point is too.", "statement", "Sergei Lavrov", "", "none", "")
    assert q["group"].tolist() == [0, 0]


def test_multi_sentence_quote_pronoun_prefers_the_subject() -> None:
    text = (
        "Ukrainian President Volodymyr Zelenskiy thanked Trump for his mediation. "
        "“Our teams met. We expect results,” he posted on X."
    )
    q = run(text)
    r = row(q, 0)
    check(
        r,
        text,
        "Our teams met. We expect results,",
        "statement",
        "Volodymyr Zelensky",
        "he",
        "pronoun",
        "posted",
    )
    assert (r["sentence_start_index"], r["sentence_end_index"], r["n_words"]) == (1, 2, 6)


def test_pronoun_resolves_to_last_named_person_when_no_subject_nearby() -> None:
    text = (
        "Putin spoke to Trump on Tuesday. Later, Zelenskiy reacted. "
        "“We expect the agreements to be implemented,” he said."
    )
    check(
        row(run(text), 0),
        text,
        "We expect the agreements to be implemented,",
        "statement",
        "Volodymyr Zelensky",
        "he",
        "pronoun",
        "said",
    )


def test_colon_introduction_with_verb_and_unknown_name() -> None:
    text = "Kremlin aide Anton Vaino spoke late. Vaino said: “No decision has been made.”"
    check(
        row(run(text), 0),
        text,
        "No decision has been made.",
        "statement",
        "Anton Vaino",  # the fullest name the article gives (sixth pass)
        "Vaino",
        "name",
        "said",
    )


def test_pronoun_resolves_to_an_earlier_named_speaker_outside_the_catalog() -> None:
    text = "“We are ready,” Vaino said. Talks continued. “We will wait,” he said."
    q = run(text)
    check(row(q, 0), text, "We are ready,", "statement", "Vaino", "Vaino", "name", "said")
    check(row(q, 1), text, "We will wait,", "statement", "Vaino", "he", "pronoun", "said")
    assert q["group"].tolist() == [0, 1]


def test_question_mark_tag_and_full_stop_ends_the_sentence() -> None:
    text = (
        "“Why not?” Trump asked. Lavrov accused Guterres of “playing into their hands.” "
        "He reiterated his demands."
    )
    q = run(text)
    check(row(q, 0), text, "Why not?", "statement", "Donald Trump", "Trump", "name", "asked")
    check(
        row(q, 1),
        text,
        "playing into their hands.",
        "fragment",
        "Sergei Lavrov",
        "Lavrov",
        "name",
        "accused",
    )


def test_colon_introduction_without_verb() -> None:
    text = "Dmitry Peskov was blunt: “No comment.”"
    check(
        row(run(text), 0),
        text,
        "No comment.",
        "statement",
        "Dmitry Peskov",
        "Dmitry Peskov",
        "name",
        ":",
    )


def test_participle_cue_takes_clause_subject() -> None:
    text = (
        "Earlier in the day, Putin’s spokesperson Dmitry Peskov declined to comment on "
        "reports, telling reporters: “Not yet.”"
    )
    check(
        row(run(text), 0),
        text,
        "Not yet.",
        "statement",
        "Dmitry Peskov",
        "Putin’s spokesperson Dmitry Peskov",
        "name",
        "telling",
    )


def test_saying_comma_introduction() -> None:
    text = (
        "Iuliia Mendel, Zelenskiy’s former spokesperson, criticized the decision, saying, "
        "“It was a mistake.”"
    )
    check(
        row(run(text), 0),
        text,
        "It was a mistake.",
        "statement",
        "Iuliia Mendel",
        "Iuliia Mendel",
        "name",
        "saying",
    )


def test_according_to() -> None:
    text = "“The talks were productive”, according to Reuters."
    check(
        row(run(text), 0),
        text,
        "The talks were productive",
        "statement",
        "Reuters",
        "Reuters",
        "name",
        "according to",
    )


def test_continuation_in_next_paragraph_and_cue_in_previous_sentence() -> None:
    text = (
        "“We had a good call,” Trump said.\n“It went very well.”\n"
        "Macron said the call went well. “It was very productive.”"
    )
    q = run(text)
    assert len(q) == 3
    check(
        row(q, 0), text, "We had a good call,", "statement", "Donald Trump", "Trump", "name", "said"
    )
    check(row(q, 1), text, "It went very well.", "statement", "Donald Trump", "", "none", "")
    check(
        row(q, 2), text, "It was very productive.", "statement", "Emmanuel Macron", "", "none", ""
    )
    assert q["group"].tolist() == [0, 1, 2]


def test_no_continuation_when_not_at_paragraph_start() -> None:
    text = "“We had a good call,” Trump said.\nThe Kremlin was silent on the “pause” and more."
    q = run(text)
    assert len(q) == 2
    check(row(q, 1), text, "pause", "scare", "", "", "none", "")


def test_name_in_apposition_before_the_verb() -> None:
    text = "Ukraine’s president, Volodymyr Zelenskyy, said: “We agree.”"
    check(
        row(run(text), 0),
        text,
        "We agree.",
        "statement",
        "Volodymyr Zelensky",
        "Volodymyr Zelenskyy",
        "name",
        "said",
    )


def test_continuation_after_a_tag_with_more_words() -> None:
    text = "“It was a great call,” Trump said of his talk with Putin. “Really great.”"
    q = run(text)
    check(row(q, 1), text, "Really great.", "statement", "Donald Trump", "", "none", "")
    assert q["group"].tolist() == [0, 0]


def test_unresolved_pronoun_keeps_cue_and_is_not_scare() -> None:
    text = "“We are ready,” he said. “We will wait.”"
    q = run(text)
    check(row(q, 0), text, "We are ready,", "statement", "", "he", "pronoun", "said")
    check(row(q, 1), text, "We will wait.", "statement", "", "", "none", "")
    assert q["group"].tolist() == [0, 0]


# --------------------------------------------------------------------------------------------
# kinds


def test_scare_quote_after_so_called() -> None:
    text = "Trump said the so-called “energy ceasefire” began on Friday."
    q = run(text)
    check(row(q, 0), text, "energy ceasefire", "scare", "", "", "none", "")


def test_short_unattributed_quote_is_scare() -> None:
    text = "The “pause” began on Friday."
    check(row(run(text), 0), text, "pause", "scare", "", "", "none", "")


def test_fragment_with_governing_verb() -> None:
    text = "Trump described himself as a “nationalist” with strong ties to Putin."
    r = row(run(text), 0)
    check(r, text, "nationalist", "fragment", "Donald Trump", "Trump", "name", "described")
    assert r["n_words"] == 1


def test_termed_is_a_fragment_of_the_pronoun_speaker() -> None:
    text = "Lavrov accused Guterres of supporting what he termed as “Ukraine’s Nazi regime.”"
    check(
        row(run(text), 0),
        text,
        "Ukraine’s Nazi regime.",
        "fragment",
        "Sergei Lavrov",
        "he",
        "pronoun",
        "termed",
    )


def test_full_clause_after_that_is_a_statement() -> None:
    text = "Lavrov said that “the provisional versions do not include the rights of minorities.”"
    check(
        row(run(text), 0),
        text,
        "the provisional versions do not include the rights of minorities.",
        "statement",
        "Sergei Lavrov",
        "Lavrov",
        "name",
        "said",
    )


# --------------------------------------------------------------------------------------------
# robustness


def test_unclosed_quote_runs_to_paragraph_end() -> None:
    text = "“We will never accept this, Peskov said.\nThe talks continue.”"
    q = run(text)
    r = row(q, 0)
    assert (r["start"], r["end"]) == span_of(text, "We will never accept this, Peskov said.")
    assert r["unclosed"]
    # the stray closing mark of the second paragraph is ignored
    assert len(q) == 1


def test_multi_paragraph_quotation_is_one_row() -> None:
    text = "“The first part of the statement.\n“The second part,” Lavrov said."
    q = run(text)
    assert len(q) == 1
    r = row(q, 0)
    inner = "The first part of the statement.\n“The second part,"
    check(r, text, inner, "statement", "Sergei Lavrov", "Lavrov", "name", "said")
    assert not r["unclosed"]
    assert (r["sentence_start_index"], r["sentence_end_index"]) == (0, 1)


def test_empty_and_quote_free_text() -> None:
    q = run("", "No quotes here.")
    assert list(q.columns) == QUOTE_COLUMNS
    assert len(q) == 0
    assert str(q["start"].dtype) == "int64"


def test_bad_input_raises(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="articles lack"):
        find_quotes(pd.DataFrame({"article_id": ["a"]}), None)
    arts = pd.DataFrame({"article_id": ["a"], "text": ["“Hi,” he said."]})
    empty = segment_articles(arts).sentences.iloc[0:0]
    with pytest.raises(ValueError, match="article a has text but no sentence rows"):
        find_quotes(arts, empty)
    with pytest.raises(ValueError, match="duplicate"):
        find_quotes(pd.concat([arts, arts]), segment_articles(arts).sentences)
    bad = pd.DataFrame({"form": ["said"], "lemma": ["say"], "role": ["x"], "source": [""]})
    bad.to_csv(tmp_path / "cues.csv", index=False)
    with pytest.raises(ValueError, match="unknown role"):
        load_cues(tmp_path / "cues.csv")
    with pytest.raises(ValueError, match="not found"):
        load_cues(tmp_path / "missing.csv")


def test_deterministic_and_independent_per_article() -> None:
    a = "“We had a good call,” Trump said."
    b = "“No comment,” Peskov said."
    both = run(a, b)
    again = run(a, b)
    pd.testing.assert_frame_equal(both, again)
    alone = run(b)
    got = both[both["article_id"] == "a1"].drop(columns="article_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, alone.drop(columns="article_id"))


# --------------------------------------------------------------------------------------------
# evaluation against the independent gold annotation


def _seed_articles(stems: list[str]) -> pd.DataFrame:
    files = sorted(p for p in SEEDS.glob("*.txt") if p.stem[:3] in stems)
    return pd.DataFrame(
        {"article_id": [p.stem for p in files], "text": [p.read_text("utf-8") for p in files]}
    )


def _boilerplate_start(text: str) -> int:
    # trailing boilerplate of 002 (see the gold guidelines); predictions after it are ignored
    i = text.find("Sign up for our weekly newsletter")
    return len(text) if i == -1 else i


def evaluate(split: str) -> dict[str, float]:
    gold = pd.read_csv(ANNOTATIONS / f"quotes_{split}.csv", dtype=str, keep_default_na=False)
    for c in ("start", "end"):
        gold[c] = gold[c].astype(int)
    arts = _seed_articles(sorted({a[:3] for a in gold["article_id"]}))
    pred = find_quotes(arts, segment_articles(arts).sentences)
    cut = {a: _boilerplate_start(t) for a, t in zip(arts["article_id"], arts["text"], strict=True)}
    pred = pred[[s < cut[a] for a, s in zip(pred["article_id"], pred["start"], strict=True)]]
    p_main = pred[pred["kind"] != "scare"]
    g_main = gold[gold["kind"] != "scare"]
    matched: list[tuple[pd.Series, pd.Series]] = []
    used: set[int] = set()
    for _, g in g_main.iterrows():
        cands = p_main[
            (p_main["article_id"] == g["article_id"])
            & (p_main["start"] < g["end"])
            & (p_main["end"] > g["start"])
        ]
        cands = cands[~cands.index.isin(used)]
        if len(cands):
            used.add(int(cands.index[0]))
            matched.append((g, cands.iloc[0]))
    tp = len(matched)
    precision = tp / len(p_main) if len(p_main) else 0.0
    recall = tp / len(g_main) if len(g_main) else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def agree(col: str) -> float:
        return sum(str(g[col]) == str(p[col]) for g, p in matched) / tp if tp else 0.0

    speaker_acc = agree("speaker")
    figures = {
        "gold": len(g_main),
        "predicted": len(p_main),
        "matched": tp,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "speaker_accuracy": speaker_acc,
        # reported, not asserted: agreement on the other annotated fields of matched quotes
        "exact_span": sum((g["start"], g["end"]) == (p["start"], p["end"]) for g, p in matched)
        / max(tp, 1),
        "kind_agreement": agree("kind"),
        "cue_agreement": agree("cue"),
        "resolution_agreement": agree("speaker_resolution"),
        "gold_scare": int((gold["kind"] == "scare").sum()),
        "predicted_scare": int((pred["kind"] == "scare").sum()),
    }
    print(
        f"quotes {split}: "
        + ", ".join(
            f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in figures.items()
        )
    )
    return figures


@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_quotes_against_gold(split: str) -> None:
    if not (ANNOTATIONS / f"quotes_{split}.csv").exists():
        pytest.skip(f"tests/annotations/quotes_{split}.csv not present")
    figures = evaluate(split)
    assert figures["f1"] >= 0.90
    assert figures["speaker_accuracy"] >= 0.90


def test_cue_regex_equals_flat_alternation() -> None:
    """The factored cue regex finds exactly what one flat longest-first alternation finds."""
    import random
    import re

    from analysis.quotes import compile_cues

    rnd = random.Random(3)
    chars = [*"asdkASDK", " ", "  ", "-", "'", "é", "ſ", "K"]
    # a whitespace run shared by two forms, where only backtracking into it lets the first win
    fixed = [{"ab   c", "ab c d"}]
    for n in range(150):
        forms = (
            fixed[n]
            if n < len(fixed)
            else {
                "".join(rnd.choice(chars) for _ in range(rnd.randint(1, 6))).strip().lower()
                for _ in range(10)
            }
            - {""}
        )
        cues = pd.DataFrame({"form": sorted(forms), "lemma": "x", "role": "verb", "source": "t"})
        got_re = compile_cues(cues).cue_re
        parts = [
            re.escape(f).replace(r"\ ", r"\s+") for f in sorted(forms, key=lambda f: (-len(f), f))
        ]
        flat = re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.IGNORECASE)
        for k in range(21):
            text = "".join(
                rnd.choice([rnd.choice(sorted(forms)).upper(), rnd.choice(chars)])
                for _ in range(rnd.randint(1, 10))
            )
            text = "AB   C D" if k == 20 else text
            got = [m.span() for m in got_re.finditer(text)]
            assert got == [m.span() for m in flat.finditer(text)], (forms, text)


def test_word_regex_matches_its_plain_form():
    import random
    import re

    from analysis.quotes import _WORD_RE

    plain = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_](?:[\w\-‐‑]|['’](?=\w))*|\d[\w.,]*")
    rnd = random.Random(5)
    chars = list("aB1é²_ .,-‐‑'’x")
    for _ in range(20000):
        text = "".join(rnd.choice(chars) for _ in range(rnd.randint(0, 16)))
        pos = rnd.randint(0, len(text))
        got = [m.span() for m in _WORD_RE.finditer(text, pos)]
        assert got == [m.span() for m in plain.finditer(text, pos)], text


# --------------------------------------------------------------------------------------------
# broken and other mark styles (issue #16; sentences written for these tests)


def _texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in quote_spans(text, [(0, len(text))], load_cue_re())]


def load_cue_re():
    from analysis.quotes import compile_cues

    return compile_cues(load_cues()).cue_re


def test_glued_opening_mark_opens_the_next_quote() -> None:
    # the opening mark of the second quote stands before the space, after the full stop; the
    # span starts at the first quoted word (the gold convention: trimmed of spaces)
    text = 'The mayor took questions on the budget." We are ready," Ruiz said.'
    assert _texts(text) == ["We are ready,"]
    q = run(text)
    assert q["speaker"].tolist() == ["Ruiz"] and q["cue"].tolist() == ["said"]


def test_missing_opening_mark_with_a_tag() -> None:
    text = 'The port closed early. "It rained." It was a hard day for everyone," Ruiz said.'
    assert _texts(text) == ["It rained.", "It was a hard day for everyone,"]


def test_glued_mark_never_runs_to_the_paragraph_end() -> None:
    text = 'The report ended there." The council met again on Friday to vote.'
    assert _texts(text) == []


def test_doubled_straight_marks_are_one_mark() -> None:
    text = 'She wrote: ""We stay open,"" the owner said.'
    assert _texts(text) == ["We stay open,"]


def test_straight_single_marks_in_single_quote_style() -> None:
    text = "'We will rebuild the pier,' Ruiz said. 'It matters to the workers' families.'"
    assert _texts(text) == [
        "We will rebuild the pier,",
        "It matters to the workers' families.",
    ]
    # apostrophes alone are never marks
    assert _texts("It's the workers' pier and Ruiz's plan.") == []


def test_ap_style_doubled_single_curly_marks() -> None:
    text = "The fishermen answered ‘’We will not leave,’’ the union said."
    assert _texts(text) == ["We will not leave,"]


# --------------------------------------------------------------------------------------------
# every speaker normalized (issue #16; an invented harbour story)

HARBOUR = {
    "version": 1,
    "story": "harbour",
    "actors": [
        {
            "actor": "Ana Ruiz",
            "type": "person",
            "affiliation": "Velmora",
            "names": ["Ana Ruiz", "Ruiz"],
        },
        {
            "actor": "Tomas Brandt",
            "type": "person",
            "affiliation": "Velmora",
            "names": ["Tomas Brandt", "Brandt"],
        },
        {
            "actor": "Harbour Authority",
            "type": "institution",
            "affiliation": "Velmora",
            "names": ["Harbour Authority"],
        },
        {
            "actor": "Ivo Kral",
            "type": "person",
            "affiliation": "Ostrava",
            "names": ["Ivo Kral", "Kral"],
        },
    ],
}


def run_harbour(*texts: str) -> pd.DataFrame:
    from analysis.actors import parse_catalog

    arts = pd.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "text": list(texts)})
    cat = parse_catalog(HARBOUR, "harbour")
    return find_quotes(arts, segment_articles(arts).sentences, cat)


def test_spokesman_with_a_name_is_the_speaker_not_the_institution() -> None:
    q = run_harbour('"The gates stay shut," Harbour Authority spokesman Tomas Brandt said.')
    assert q["speaker"].tolist() == ["Tomas Brandt"]


def test_a_title_resolves_to_the_person_it_named_earlier_in_the_article() -> None:
    text = (
        "Foreign Minister Ivo Kral arrived on Monday. Ruiz met him at the pier. "
        '"We need the port open," the foreign minister said.'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Ivo Kral"]
    text = (
        "Harbour Authority chief Tomas Brandt closed the gates. "
        '"Nothing moves tonight," the Harbour Authority chief told reporters.'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Tomas Brandt"]


def test_unnamed_sources_are_one_category() -> None:
    text = (
        'Ruiz spoke first. "The vote was close," a senior official said. '
        '"Nobody expected it," two officials told reporters. One official replied: "Maybe."'
    )
    q = run_harbour(text)
    assert q["speaker"].tolist() == ["unnamed source"] * 3
    # a possessor in the title is not the speaker: Ruiz's aide is not Ruiz
    q = run_harbour('Ruiz left early. "She was tired," Ruiz\'s aide said.')
    assert q["speaker"].tolist() == ["unnamed source"]


def test_thanked_is_a_cue() -> None:
    q = run_harbour("Ruiz thanked the crew: “You saved the harbour tonight.”")
    assert (q["speaker"].tolist(), q["cue"].tolist()) == (["Ana Ruiz"], ["thanked"])


def test_glued_quote_continues_the_previous_speaker() -> None:
    text = 'The vote ended late. "We won," Ruiz said." It was very close tonight."'
    q = run_harbour(text)
    assert q["speaker"].tolist() == ["Ana Ruiz", "Ana Ruiz"]


def test_speaker_rules_of_descriptions_and_sentences() -> None:
    # a sentence whose subject is a bound description: "he" is that person, not Kral
    text = (
        "Harbour Authority chief Tomas Brandt met Ivo Kral. The Harbour Authority chief was "
        'asked whether Kral agreed. "We talked for an hour," he said.'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Tomas Brandt"]
    # a spokesperson with no name speaks for the body; "X of Y" is X
    q = run_harbour('"The gates stay shut," a Harbour Authority spokeswoman said.')
    assert q["speaker"].tolist() == ["Harbour Authority"]
    q = run_harbour('Tomas Brandt of the Harbour Authority said: "We agree."')
    assert q["speaker"].tolist() == ["Tomas Brandt"]
    # the second quote of a sentence keeps the first one's speaker
    q = run_harbour('Ruiz said the deal "works" and would "last for years to come."')
    assert q["speaker"].tolist() == ["Ana Ruiz", "Ana Ruiz"]
    # 'said "…" according to X': the verb before the quote wins
    q = run_harbour('The Harbour Authority said "the pier is safe," according to Ruiz.')
    assert q["speaker"].tolist() == ["Harbour Authority"]


def test_more_speaker_classes() -> None:
    # a spokesman for a named person is the spokesman (named later in the article)
    text = (
        'A spokesman for Ana Ruiz said the port "would reopen soon." '
        "Spokesman Tomas Brandt added that talks went on."
    )
    q = run_harbour(text)
    assert q["speaker"].tolist() == ["Tomas Brandt"]
    # a naming verb with a subject attributes a fragment; a relative pronoun is its antecedent
    q = run_harbour('Critics met Ana Ruiz, who branded it "a historic mistake" on Friday.')
    assert q[["kind", "speaker", "cue"]].values.tolist() == [["fragment", "Ana Ruiz", "branded"]]
    # a short quote after a verb is someone's words, unattributed, when three words or more;
    # after a determiner, a scare quote (a quote of one or two words with no speaker found is
    # a scare quote since the fourth pass: 'are "disappointed"' with no subject named)
    q = run_harbour('The workers are "deeply disappointed again" about the "harbour plan" today.')
    assert q["kind"].tolist() == ["fragment", "scare"]
    assert q["speaker"].tolist() == ["", ""]
    q = run_harbour('The workers are "deeply disappointed" about the "harbour plan" today.')
    assert q["kind"].tolist() == ["scare", "scare"]
    # the previous sentence's subject speaks the quote that opens the next sentence
    q = run_harbour('Tomas Brandt dismissed the idea. "It will not happen this year."')
    assert q["speaker"].tolist() == ["Tomas Brandt"]


# --------------------------------------------------------------------------------------------
# mark classes fixed for issue #16 (hand-made sentences; right answers worked out by hand)


def test_single_mark_after_s_closes_when_the_next_mark_opens() -> None:
    # "'costly' and" reads like a plural possessive ("workers' pay"), but a quote is open and
    # the next mark opens another one: it closes
    text = "The mayor says the plans are 'costly' and calls the vote 'a farce.' He left."
    assert _texts(text) == ["costly", "a farce."]


def test_glued_doubled_single_marks_close_and_open() -> None:
    # paragraphs run together: ''  between two quotes closes one and opens the next
    text = "'Why now?''We waited long enough,' Ruiz said. 'It is done.'"
    assert _texts(text) == ["Why now?", "We waited long enough,", "It is done."]


def test_doubled_closing_mark_then_tag() -> None:
    # a doubled "" closes; the tag after it names the speaker (the opening mark is missing)
    text = 'We will rebuild the pier,"" Ruiz explained."" It will take a year," he said.'
    q = run(text)
    assert q["text"].tolist() == ["We will rebuild the pier,", "It will take a year,"]
    assert q["speaker"].tolist() == ["Ruiz", "Ruiz"]
    assert q["cue"].tolist() == ["explained", "said"]


def test_mark_after_a_full_stop_before_a_capital_opens_the_next_quote() -> None:
    # 'says." Mayor Ruiz says …' is a mark glued to the end of the sentence that opens a quote
    # (not the close of a quote with a missing opening mark and the tag "Mayor Ruiz says")
    text = (
        'Nobody knows what the plan says." Mayor Ruiz says the pier is safe. We checked it," '
        "Ruiz explained."
    )
    q = run(text)
    assert q["text"].tolist() == ["Mayor Ruiz says the pier is safe. We checked it,"]
    assert q["speaker"].tolist() == ["Ruiz"]


# --------------------------------------------------------------------------------------------
# speaker classes fixed for issue #16 (hand-made sentences; right answers worked out by hand)


def test_pronoun_skips_a_person_named_as_an_object() -> None:
    # "call Kral": Kral is the object of a preposition, not who "he" is; Brandt, the subject of
    # the previous sentence, is
    text = (
        "Tomas Brandt was evasive on the topic. Asked if he would talk to Kral about the gates, "
        'he replied: "If I can, I will."'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Tomas Brandt"]
    # "before Kral arrived": an adverbial clause's subject is not the one who told
    text = (
        "Last year, just before Kral arrived, Brandt told the council that 'the gates work.'"
        "'We tested them twice,' he said then."
    )
    assert run_harbour(text)["speaker"].tolist() == ["Tomas Brandt", "Tomas Brandt"]


def test_he_added_after_an_unnamed_source_is_that_source() -> None:
    # the pronoun follows the unnamed official's quotes with no one named in between
    text = (
        'Kral left early. One of the port officials responded: "We wait." '
        '"Nothing is decided." He added: "The gates stay shut."'
    )
    q = run_harbour(text)
    assert q["speaker"].tolist() == ["unnamed source"] * 3


def test_partitive_subject_is_an_unnamed_source() -> None:
    text = 'Some of the Harbour Authority officials said the gates were "a relic".'
    assert run_harbour(text)["speaker"].tolist() == ["unnamed source"]


def test_joint_statement_speaker_is_the_first_named() -> None:
    text = (
        "Harbour chief Tomas Brandt, Ivo Kral and Ana Ruiz said in a joint statement that they "
        'affirmed "our commitment to the port".'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Tomas Brandt"]


def test_uncued_fragment_takes_the_subject_of_its_clause() -> None:
    # no cue: the person named as the subject before the quote ("Kral also found")
    text = (
        'Tomas Brandt spoke first. Kral also found the plan "deeply flawed" and even suggested '
        'that Brandt would regret the "inevitable" delays.'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Ivo Kral", "Ivo Kral"]
    # a quote inside a sentence-initial adverbial: the subject after it
    text = 'After famously calling the pier a "relic" last year, Kral has avoided the topic.'
    assert run_harbour(text)["speaker"].tolist() == ["Ivo Kral"]
    # a new subject between two quotes of a sentence speaks the second
    text = (
        'Brandt has said he "would not agree" with the plan while, in 2014, Kral referred to '
        'it as a "hoax".'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Tomas Brandt", "Ivo Kral"]


def test_generic_plural_subject_with_a_cue_is_an_unnamed_source() -> None:
    text = (
        "Kral spoke on Monday. The leaders of three ports joined to express regret and insisted "
        'the plan "cannot be changed".'
    )
    assert run_harbour(text)["speaker"].tolist() == ["unnamed source"]


def test_asked_without_an_agent_is_a_reporters_question() -> None:
    text = 'When asked if he was "leaning in a direction" on the plan, Kral simply said no.'
    assert run_harbour(text)["speaker"].tolist() == ["unnamed source"]


def test_pronoun_subject_of_the_previous_sentence_speaks_a_bare_quote() -> None:
    text = (
        'Kral spoke at the pier. "The gates will open," Kral said. He echoed the mayor. '
        '"We are ready for the season."'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Ivo Kral", "Ivo Kral"]


def test_a_document_is_never_the_speaker_its_issuer_is() -> None:
    # "according to a <document> from/by X": X
    text = (
        'Kral called Brandt when the mayor "voiced his regret," according to a news release '
        "from the Harbour Authority."
    )
    assert run_harbour(text)["speaker"].tolist() == ["Harbour Authority"]
    # "…, according to a report by X" at the end of the quote's sentence
    text = (
        'The port is set to come "within reach" of its goal, according to a report by energy '
        "analysts the Harbour Authority."
    )
    assert run_harbour(text)["speaker"].tolist() == ["Harbour Authority"]
    # "it said" after a group issued a statement: the group (unnamed), not the last body named
    text = (
        "The Harbour Authority met on Monday. The leaders of three ports issued a joint "
        'statement. "The plan cannot be changed," it said.'
    )
    assert run_harbour(text)["speaker"].tolist() == ["unnamed source"]
    # "the declaration says": the body that adopted it, not the last person named
    text = (
        "The declaration was adopted by the members of the Harbour Authority. Kral signed it. "
        "The declaration says that the port 'is sinking fast.'"
    )
    assert run_harbour(text)["speaker"].tolist() == ["Harbour Authority"]
    # a document nobody is said to have issued: unattributed, never a person
    text = 'Kral arrived. The report says the pier is "beyond repair".'
    assert run_harbour(text)["speaker"].tolist() == [""]


def test_the_name_after_a_role_word_is_the_speaker_not_the_body_before_it() -> None:
    # "Harbour Authority Secretary-General Jan Olsen": Jan Olsen (not in the catalog), not the
    # Harbour Authority; "his spokesman" then speaks for Olsen
    text = (
        'Harbour Authority Secretary-General Jan Olsen called the vote "a major disappointment" '
        'and said it was "crucial that the port stays open," according to his spokesman.'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Jan Olsen", "Jan Olsen"]


def test_a_body_named_in_capitals_outside_the_catalog_is_named_as_written() -> None:
    text = '"We regret it," the Prime Minister\'s Office said.'
    assert run_harbour(text)["speaker"].tolist() == ["Prime Minister's Office"]


def test_continuation_whose_opening_mark_was_lost_with_the_paragraph_break() -> None:
    # '…deal." They weren't … load." Nobody …': the second mark closes a continuation of the
    # quote before (it cannot open a quote: none closes after it)
    text = (
        'Ruiz spoke. "I think it was a bad deal." They weren\'t doing enough and we carried '
        'the load." Nobody else is party to it.'
    )
    assert _texts(text) == [
        "I think it was a bad deal.",
        "They weren't doing enough and we carried the load.",
    ]
    assert run_harbour(text)["speaker"].tolist() == ["Ana Ruiz", "Ana Ruiz"]


def test_a_short_quote_modifying_the_next_noun_is_a_scare_quote() -> None:
    # '"America first" nationalism': the marks name a thing; '"disappointed" over' and
    # '"no meaningful obligations" placed' are someone's words (a preposition or a participle
    # follows, not a noun)
    q = run_harbour('Ruiz echoed the fiery "harbour first" nationalism of the mayor.')
    assert q["kind"].tolist() == ["scare"]
    q = run_harbour('Ruiz and Brandt are both "disappointed" over the vote.')
    assert q["kind"].tolist() == ["fragment"]
    q = run_harbour('The ports had "no meaningful obligations" placed on them, Ruiz said.')
    assert q["kind"].tolist() == ["fragment"]


def test_a_name_used_as_a_modifier_is_no_subject() -> None:
    # "a loyal Kral ally": Kral modifies "ally", so the fragment never goes to Kral; it quotes
    # the resolution, whose drafter (Jane Roe, not in the catalog) speaks its words
    text = (
        "Rep. Jane Roe, a loyal Kral ally, drafted a resolution that would acknowledge the "
        'threat to "human health and safety" in the port.'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Jane Roe"]


def test_pronoun_after_a_titled_person_outside_the_catalog() -> None:
    # "Sen. Jane Roe" is the subject of the sentence holding "he said"; Kral, quoted before, is
    # not who "she" is
    text = (
        'Kral said: "We wait." On Monday, Sen. Jane Roe proposed a plan that she said would '
        '"double the funding for the port".'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Ivo Kral", "Jane Roe"]


def test_a_body_after_in_is_no_subject() -> None:
    # "in Harbour Authority waters": the object of a preposition never speaks the fragment
    text = 'Kral spoke. Pilots in Harbour Authority waters found the tide "unusually high".'
    assert run_harbour(text)["speaker"].tolist() == [""]


def test_a_common_word_at_a_sentence_start_is_no_speaker() -> None:
    # "Around" opens the sentence and is a common word: no speaker; "May" is a name here
    # because the article also writes "Theresa May" (the speaker under that fullest name)
    text = (
        'Around 4,000 pilots will help in what has been described as an "unprecedented" effort. '
        'Theresa May arrived. May said the effort was "long overdue". Tides come around twice.'
    )
    assert run_harbour(text)["speaker"].tolist() == ["", "Theresa May"]


def test_a_description_binds_to_the_same_office_under_another_role_word() -> None:
    # "the energy chief" after "Energy Director Jan Olsen" (not in the catalog): Olsen, not
    # Kral, the last person named
    text = (
        "Energy Director Jan Olsen met Kral on Monday. The energy chief told reporters that "
        '"the gates stay shut."'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Jan Olsen"]


def test_tag_subjects_with_an_apposition_or_a_long_title() -> None:
    # a name in apposition with a long description, a title holding "of", a description then
    # the name, a partitive and an indefinite pronoun after the quote
    text = (
        '"We wait," Jane Roe, the director of the Velmora Pilots Association since 2019, told '
        'reporters. "It is late," University of Velmora climate scientist Jan Olsen said. '
        '"It is done," said the study\'s lead author, Ana Ruiz. "Maybe," said one of the '
        'sources. "Fine," someone remarked.'
    )
    q = run_harbour(text)
    assert q["speaker"].tolist() == [
        "Jane Roe",
        "Jan Olsen",
        "Ana Ruiz",
        "unnamed source",
        "unnamed source",
    ]


def test_a_statement_from_a_body_is_the_body() -> None:
    text = '"Nothing moves," said a statement from the Harbour Authority, a port body.'
    assert run_harbour(text)["speaker"].tolist() == ["Harbour Authority"]


def test_tag_subject_with_abbreviations_and_a_documents_author() -> None:
    # "former Rep. Jane Roe (R-S.C.)": the full stops of abbreviations end no sentence; "Kral's
    # legislative proposal says": the author of the document speaks
    text = (
        '"It is crazy," former Rep. Jane Roe (R-S.C.), now a port adviser, told reporters. '
        '"The port will pay," Kral\'s legislative proposal says.'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Jane Roe", "Ivo Kral"]


def test_tag_subject_after_a_titled_name_in_apposition_and_another() -> None:
    text = (
        '"Act now," former Velmora Gov. Jane Roe, who ran against Kral in 2016, is expected to '
        'say on Tuesday. "Does it float?" asked one user. "It sinks," noted another.'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Jane Roe", "unnamed source", "unnamed source"]


def test_a_place_after_the_name_in_a_tag_is_no_speaker() -> None:
    # "Chloe Rossi in Brussels told": Rossi, not Brussels; a title with "of" keeps its name
    text = (
        '"We held talks," Chloe Rossi in Brussels told reporters. "It is late," University of '
        "Velmora climate scientist Jan Olsen said."
    )
    assert run_harbour(text)["speaker"].tolist() == ["Chloe Rossi", "Jan Olsen"]


def test_the_name_right_before_the_cue_after_a_comma() -> None:
    # '"weaken" Velmora, Jane Roe said': Velmora ends the reported sentence; Roe is the subject
    text = 'Kral sought to "weaken" Velmora, Jane Roe said.'
    assert run_harbour(text)["speaker"].tolist() == ["Jane Roe"]


# --------------------------------------------------------------------------------------------
# third pass (issue #16): classes found on stories A and B (both development stories now)


def test_names_with_abbreviations_initials_and_party_tags() -> None:
    # "Sen." and a middle initial do not cut the name; "(R-Vel.)" and ", D-Vel.," between a
    # name and its verb are no subject; a sentence-initial adverbial ("Moments after …") is
    # not the speaker; "of/for" inside a capitalised title keeps the name after the role word
    text = (
        '"It is over," said Sen. John F. Smith, D-Vel., on Monday. Moments after he began, '
        'Rep. Jane Roe (R-Vel.) urged the port to "accept the plan now." Velmora Institute for '
        'Port Research president Jan Olsen was blunt: "It will sink." "We wait," said '
        "co-sponsor Rep. Ana Ruiz, D-Vel."
    )
    assert run_harbour(text)["speaker"].tolist() == [
        "John F. Smith",
        "Jane Roe",
        "Jan Olsen",
        "Ana Ruiz",
    ]


def test_the_subject_before_a_relative_clause_or_a_description_speaks() -> None:
    # the name that closes "who …," or "the director of … X," is not the subject of the verb
    text = (
        "Ruiz, who is set to unveil the plan with Velmora Gov. Jan Olsen, told reporters it "
        'needs a "total mobilization of the port." Jane Roe, the director of the pilots\' group '
        'Harbour Authority, complained that the gates would "completely fail" soon.'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Ana Ruiz", "Jane Roe"]


def test_a_bill_or_plan_quoted_speaks_for_its_sponsor() -> None:
    # gold rule 21: the wording of a bill, resolution, plan or draft is its sponsor's: "by X"
    # after it, its possessor, the subject of "introduced", the first of joint sponsors, "it"
    # after the sentence naming it, "that" after it; with no sponsor named, unattributed
    texts = [
        'A joint resolution drafted by Ruiz and Kral sets a goal to meet "all of the demand."',
        "Kral met Ruiz. The Harbour Plan, pushed by Gov. Jane Roe, attempts to guarantee "
        'security even for people who are "unwilling" to work.',
        'Kral spoke. Brandt introduced a bill on Monday. The bill proposes "a fair harbour."',
        "Kral spoke. Brandt introduced the bill on Monday. The bill has few details. It calls "
        'for a shift and for "a fair harbour for all."',
        'Kral spoke. Brandt\'s plan aims to fix "the grid."',
        "Brandt spoke. Kral made references to a draft released by Ruiz's office that said "
        'the port aims to "upgrade every pier" soon.',
        'Kral spoke. The plan says the port must "upgrade every pier" soon.',
    ]
    got = [run_harbour(t)["speaker"].tolist() for t in texts]
    assert got == [
        ["Ana Ruiz"],
        ["Jane Roe"],
        ["Tomas Brandt"],
        ["Tomas Brandt"],
        ["Tomas Brandt"],
        ["Ana Ruiz"],
        [""],
    ]


def test_a_possessor_opening_the_sentence_is_a_pronouns_antecedent() -> None:
    text = 'Kral spoke. Brandt\'s plan, which he says "works", is new.'
    assert run_harbour(text)["speaker"].tolist() == ["Tomas Brandt"]


def test_a_spokesperson_for_a_body_speaks_for_it() -> None:
    # an unnamed spokesperson "for the group" (the body last named) or "for" a named body is
    # that body; an aide to a person is an unnamed source
    text = (
        'The Harbour Authority met on Monday. "We will not move," a spokesman for the group '
        'told reporters. "Nor will we," an aide to Kral told reporters.'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Harbour Authority", "unnamed source"]


def test_wording_of_a_body_a_possessor_and_an_apposed_name() -> None:
    # "what the group calls" (the body last named); "As Ruiz saw it,"; "Ruiz's closing line
    # argues"; "a claim from one of her advisers, Jan Olsen, arguing"
    texts = [
        "The Harbour Authority met. Ruiz says pilots will strike in what the group calls a "
        '"day of action."',
        'Kral left. As Ruiz saw it, "The owner is responsible."',
        'Kral spoke. Ruiz\'s closing line argues for that view: "The time has come."',
        "Kral spoke. On Monday, Ruiz reposted a claim from one of her advisers, Jan Olsen, "
        'arguing that "size matters."',
    ]
    got = [run_harbour(t)["speaker"].tolist() for t in texts]
    assert got == [["Harbour Authority"], ["Ana Ruiz"], ["Ana Ruiz"], ["Jan Olsen"]]


def test_a_document_after_the_cue_and_it_after_an_adverbial() -> None:
    texts = [
        'Ruiz introduced the bill. "We aim for zero," reads the first version of the bill\'s '
        "fact sheet.",
        'Ruiz drafted a plan. To cover the cost, it envisions financing by "the port itself and '
        'the banks of the region."',
    ]
    got = [run_harbour(t)["speaker"].tolist() for t in texts]
    assert got == [["Ana Ruiz"], ["Ana Ruiz"]]


def test_a_word_after_a_sentence_ending_name_is_still_a_common_word() -> None:
    # "… in Velmora. How …": "How" is no name although a capitalised word precedes it
    text = (
        "Kral spoke in Velmora. How else to explain his remark that pilots are like "
        '"those who were on the beaches"? Ask how.'
    )
    assert run_harbour(text)["speaker"].tolist() == [""]


def test_a_group_referred_back_speaks_through_its_first_named_member() -> None:
    # gold rule 1: "the two/three leaders said" after naming them together is a joint
    # statement, its first named member; with no such list before, an unnamed source
    texts = [
        'Ruiz, Brandt and Kral met on Monday. The three leaders said the port "must stay open."',
        'Ruiz and Brandt met on Monday. The two leaders said the port "must stay open."',
        'Ruiz met Brandt on Monday. The three leaders said the port "must stay open."',
    ]
    got = [run_harbour(t)["speaker"].tolist() for t in texts]
    assert got == [["Ana Ruiz"], ["Ana Ruiz"], ["unnamed source"]]


def test_a_party_description_and_a_short_body_name() -> None:
    # "the Velmora Democrat" is a description of the person named before, not a name; "the
    # Authority" is the one catalog body whose name ends in that word
    text = (
        'Kral spoke on Monday. The Velmora Democrat said the port "will reopen." "We agree," '
        "the Authority said."
    )
    assert run_harbour(text)["speaker"].tolist() == ["Ivo Kral", "Harbour Authority"]


def test_a_day_is_never_a_speaker_or_a_documents_owner() -> None:
    # issue #16: "<Name> on <weekday> said" is the name; "Wednesday's letter" has no author;
    # a quoted assessment is no speaker
    text = (
        'Kral on Sunday said the port "will reopen." Brandt spoke. Wednesday\'s letter reads: '
        '"We stay." "Tides rise," the Fourth Harbour Assessment says.'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Ivo Kral", "", ""]


def test_a_surname_speaker_takes_the_fullest_name_of_the_article() -> None:
    # outside the catalog, "Petrenko" is the "Diego Z. Petrenko" the article named (the
    # middle initial no longer cuts the name to the surname)
    text = (
        '"We wait," said Diego Z. Petrenko. Later "we left," Petrenko said. "Go," said '
        "Velmora Democrat Jane Roe."
    )
    assert run_harbour(text)["speaker"].tolist() == ["Diego Z. Petrenko"] * 2 + ["Jane Roe"]


def test_words_titles_and_the_authors_short_quotes_are_scare_quotes() -> None:
    # issue #16, fourth pass (false positives of stories A-C): a word quoted as a word, a
    # title in title case after a preposition, determiner or possessive, and a one- or
    # two-word quote with no speaker and no cue right before it are scare quotes
    texts = [
        'The agency dropped the term "tidal adaptation" from its pages.',
        'Kral told Harbour Radio\'s "Dockside Live" that the port would open.',
        'The paper ran the story as "Port Chief Puts Foot Down on Fees" last week.',
        'The board renamed the "Quay Safety and Tides Team" in May.',
        'Even a committed "sceptic" of tides can read a chart.',
    ]
    got = [run_harbour(t)[["kind"]].iloc[0, 0] for t in texts]
    assert got == ["scare"] * 5
    # someone's words stay: a fragment with a speaker, an agentless passive cue right before
    # the quote (gold rule 38), a long quote after "the term" that is no term, and a title-case
    # quote inside a headline
    texts = [
        'Kral said the fees were "absurd" on Monday.',
        'The storm was said to "cripple" the port.',
        'Kral said the avoidance of the term "just makes them look out of touch with the sea."',
        'Kral Says Port Will Vote On "New Fee Plan" Before Harbour Row',
    ]
    q = [run_harbour(t).iloc[0] for t in texts]
    assert [r["kind"] for r in q[:3]] == ["fragment"] * 3
    assert (q[0]["speaker"], q[1]["cue"], q[2]["speaker"]) == ("Ivo Kral", "said", "Ivo Kral")
    assert (q[3]["kind"], q[3]["speaker"]) == ("fragment", "Ivo Kral")


def test_a_gendered_pronoun_skips_persons_of_the_other_gender() -> None:
    # issue #16, fourth pass: "he"/"she" never refers to a person the article shows to be of
    # the other gender (an honorific or role word before the name, the nearest pronoun after it)
    text = (
        "Ruiz opened her office on Monday. Kral arrived later with his crew. "
        '"We are ready," she said.'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Ana Ruiz"]
    text = 'Congresswoman Ana Ruiz met Kral at the pier. "The gates open at six," he said.'
    assert run_harbour(text)["speaker"].tolist() == ["Ivo Kral"]
    # with no sign of gender the subject of the previous sentence answers, as before
    text = 'Ruiz met Kral at the pier. "The gates open at six," he said.'
    assert run_harbour(text)["speaker"].tolist() == ["Ana Ruiz"]


def test_as_x_put_it_anywhere_and_a_possessed_remark_name_the_speaker() -> None:
    # issue #16, fourth pass: "as X put it" in the middle or after the quote, and "X's
    # <remark noun> that" right before it, give X when no other rule found a speaker
    texts = [
        "The port board, as Kral put it, thinks that 'tides do not wait for anyone.'",
        'The two towns signed the pact "with a rare show of unity," as Brandt put it.',
        'Ruiz\'s Monday quip that "the gulls run this harbour" drew laughs.',
        'The engineers\' report that "the gulls run this harbour" drew laughs.',
    ]
    got = [run_harbour(t)["speaker"].tolist() for t in texts]
    assert got == [["Ivo Kral"], ["Tomas Brandt"], ["Ana Ruiz"], [""]]


def test_a_body_named_before_a_document_noun_issued_it() -> None:
    # issue #16, fourth pass: "a Harbour Authority report" is the authority's; its words are
    # the authority's in a relative clause ("a ... report that found that …") and in later
    # sentences about "that same report"; a report with no body named stays unattributed
    text = (
        "Ruiz pointed reporters to a recent Harbour Authority report that found that the quay "
        '"is sinking faster than expected." That same report, however, found that the gulls '
        '"may have already moved inland."'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Harbour Authority"] * 2
    text = (
        "Ruiz pointed reporters to a recent report that found that the quay "
        '"is sinking faster than expected."'
    )
    assert run_harbour(text)["speaker"].tolist() == [""]


def test_sentences_glued_without_a_space_are_split_to_find_speakers() -> None:
    # issue #16, fourth pass: the corpus often loses the space after a sentence end
    # ('...about it:As he flew', '...tides."A paper'); the pronoun's antecedent is then the
    # subject of the glued second sentence, not the first name of the first one
    text = (
        "The paper quoted Brandt at length and then turned to the minister:As he flew home on "
        'Monday, Kral said that storms matter. "Man is small," he said.'
    )
    q = run_harbour(text)
    assert q["speaker"].tolist() == ["Ivo Kral"]
    # the sentence indices of the quote rows stay those of the segmenter's sentences
    assert (q["sentence_start_index"].iloc[0], q["sentence_end_index"].iloc[0]) == (1, 1)


def test_a_date_is_never_a_speaker_or_an_issuer_and_a_document_never_a_speaker() -> None:
    # issue #16, fourth pass (junk speakers on the NFC articles outside the gold stories):
    # "according to the July 1, 2017 <outlet>" is the outlet; "the document makes clear: …" is
    # the document's issuer, and with none named (a deadline "by January 1" is none) no one
    texts = [
        'The port will "close for good," according to the July 1, 2019 Harbour Authority.',
        "The guild wants a new quay plan by January 1, 2030. Under its first heading, the "
        'document makes clear its vision: "The quay shall be rebuilt."',
    ]
    got = [run_harbour(t)["speaker"].tolist() for t in texts]
    assert got == [["Harbour Authority"], [""]]
    # "On March 28 <outlet> profiled …, mentioning … “…”": the outlet, not "On March"
    text = (
        'Critics dismiss these claims. On March 28 Velmora Evening News profiled "celebrations '
        'in the port" over the plan, mentioning a bar where "they cheered the move."'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Velmora Evening News"] * 2


def test_the_journalist_is_an_unnamed_source() -> None:
    # issue #16, fourth pass (gold rule 11: a reporter's question is an unnamed source): "The
    # journalist shot back: “…”" names no one
    text = 'Ruiz spoke. The journalist shot back: "So is the port open or not?"'
    assert run_harbour(text)["speaker"].tolist() == ["unnamed source"]


def test_a_repeated_quote_takes_the_speaker_of_its_attributed_copy() -> None:
    # issue #16, fourth pass: a pull quote (a quote repeated on its own paragraph) or a line
    # quoted again is the speaker's of its attributed copy; a phrase of three words or fewer is
    # not matched this way
    text = (
        '"Those who sailed the first ferries showed us the way," Kral said on Monday.\n\n'
        "The weather turned cold in the evening and the boats stayed in.\n\n"
        '**"Those who sailed the first ferries showed us the way"**\n\nRuiz closed the gates.'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Ivo Kral", "Ivo Kral"]
    text = text.replace('**"Those who sailed the first ferries showed us the way"**', '"the way"')
    assert run_harbour(text)["speaker"].tolist() == ["Ivo Kral", ""]


def test_the_report_referred_back_to_is_its_named_issuers() -> None:
    # issue #16, fifth pass: "the report" refers back to the last report whose issuer the
    # article names ("the Harbour Authority's report"), carried forward across sentences like
    # a person's name, past a statement issued by someone else in between
    text = (
        "The Harbour Authority's report on the tides came out on Monday. Kral called it late. "
        "In a statement, Brandt said he had not read it. Ruiz met Kral on the pier. "
        'The report says the quay is "sinking faster than expected."'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Harbour Authority"]
    # a body's acronym in brackets between its name and the document noun: still its report
    text = (
        "Kral read the Harbour Authority (HA) report on Monday. Brandt did not. "
        'The report says the pier is "beyond repair."'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Harbour Authority"]
    # another document noun does not refer back to the report: the statement is Brandt's
    text = (
        "The Harbour Authority's report came out on Monday. Brandt issued a statement. "
        'The statement says the pier is "beyond repair."'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Tomas Brandt"]


def test_the_issuer_after_by_is_a_named_agent_not_a_means_or_a_parent_body() -> None:
    # issue #16, fifth pass: "a report by releasing it" names no issuer (a gerund after "by"
    # is a means), so the later "the report says" is no one's, not the next name's
    text = (
        "Kral accused the mayor of burying a tide report by releasing it before Brandt spoke. "
        'The report says the pier is "beyond repair."'
    )
    assert run_harbour(text)["speaker"].tolist() == [""]
    # "put out by the <parent> <body>": the body, not its parent (gold convention 41)
    from analysis.actors import parse_catalog

    council = {
        "actor": "Port Council",
        "type": "institution",
        "affiliation": "Velmora",
        "names": ["Port Council"],
    }
    cat = parse_catalog(dict(HARBOUR, actors=HARBOUR["actors"] + [council]), "harbour")
    text = (
        "Ruiz welcomed the report put out by the Port Council Harbour Authority. Kral met "
        'Brandt. The report says the gulls "have moved inland."'
    )
    arts = pd.DataFrame({"article_id": ["a0"], "text": [text]})
    q = find_quotes(arts, segment_articles(arts).sentences, cat)
    assert q["speaker"].tolist() == ["Harbour Authority"]


def test_one_passage_keeps_its_speaker_across_role_words_and_glued_marks() -> None:
    # issue #16, fifth pass: a tag whose name follows a lower-case role word ("co-author",
    # "climate scientist") after a quote that opens its sentence names the speaker, and the
    # bare rest of the passage continues that speaker (next sentence, no tag)
    text = (
        'Kral left. "It is late," co-author Jan Olsen of Velmora University told Radio One. '
        '"We can still act."'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Jan Olsen", "Jan Olsen"]
    # not after a show's name inside a sentence: 'On Radio One's "Night Desk," host X pressed'
    text = 'On Radio One\'s "Night Desk," host Jan Olsen pressed Kral.'
    assert run_harbour(text)[["speaker", "kind"]].values.tolist() == [["", "scare"]]
    # a split quote whose opening mark is glued to the end of the previous sentence: the
    # second piece is still the first piece's speaker's
    text = (
        'The gulls left." It is late," says Jan Olsen of Velmora University, one of the '
        'authors of the report, "but we can act." Kral agreed.'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Jan Olsen", "Jan Olsen"]
    # ... but a quote that ends its sentence ('OK?"In response …') does not lend its speaker
    # to a fragment of the next sentence glued to it
    text = (
        'Kral spoke. "Was it big? Yes, OK?"In response, Brandt pointed to a recent Harbour '
        'Authority report that found that it is "too early to tell."'
    )
    assert run_harbour(text)["speaker"].tolist()[-1] == "Harbour Authority"


def test_a_bare_asked_is_an_unnamed_interviewers_question() -> None:
    # issue #16, fifth pass (gold convention 46): 'Asked, "…?"' with no interviewer named
    text = 'Kral spoke on Radio One. Asked, "Is the pier safe?" Kral nodded.'
    assert run_harbour(text)["speaker"].tolist() == ["unnamed source"]


def test_a_name_after_lower_case_role_words_in_an_inverted_tag_is_the_speaker() -> None:
    # issue #16, fifth pass: 'said study co-author Jane Roe' is Roe's, not the study's issuer
    text = (
        "Brandt issued a statement on Monday. Releasing the report on Sunday "
        '"is a bad idea," said study co-author Jan Olsen, an expert at the port.'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Jan Olsen"]


def test_the_agent_of_a_verb_of_issuing_is_the_issuer_not_any_agent() -> None:
    # issue #16, fifth pass: "required by X ... and issued by Y": Y issued the report
    text = (
        "Kral spoke. The report is required by Brandt every year and is issued by the Harbour "
        'Authority. The report notes that the gates are "expected to fail by 2030."'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Harbour Authority"]


# --------------------------------------------------------------------------------------------
# quote-span classes of stories D and E (issue #16; invented sentences, answers worked out by
# hand)


def test_possessive_after_an_abbreviation_is_no_mark() -> None:
    # "E.U.'s" has a full stop before the ' (which made the paragraph look written in single
    # marks) and "s" after it: an apostrophe. Read as a mark it opened a quote that the plural
    # possessive "farmers'" closed.
    text = "The E.U.'s office met the farmers' union on Monday. It met them again on Friday."
    assert _texts(text) == []


def test_short_single_quoted_piece_outside_single_quote_style() -> None:
    # no single mark closes after sentence punctuation (the paragraph is not written in single
    # marks), but a short piece between an opening and a closing ' is a quote; a long one is not
    text = (
        "Mayor Calls Budget 'Reckless' Ahead Of Vote The council met. \"We are ready,\" Ruiz said."
    )
    assert _texts(text) == ["Reckless", "We are ready,"]
    long = "The 'plan for the city and all of its many residents and its workers' passed today."
    assert _texts(long) == []


def test_headline_quote_is_someones_words_not_a_scare_quote() -> None:
    # the headline (glued to the body) gives the word to the mayor; the author never uses it
    # as a plain word: a fragment, where the short-quote rule alone would say scare
    text = (
        "Mayor Blasts 'Reckless' Budget The city council passed the budget on Monday. "
        "Ruiz voted against it."
    )
    q = run(text)
    assert q["text"].tolist() == ["Reckless"]
    assert q["kind"].tolist() == ["fragment"]


def test_headline_term_the_author_also_uses_stays_a_scare_quote() -> None:
    # "green belt" is the author's own term (used without marks in the body): a name, scare
    text = (
        "The 'Green Belt' Returns To Town The green belt would cover the north of the town. "
        "Residents met on Monday."
    )
    q = run(text)
    assert q["text"].tolist() == ["Green Belt"]
    assert q["kind"].tolist() == ["scare"]


def test_quote_inside_a_link_teaser_is_a_scare_quote() -> None:
    # "(RELATED: ...)" links another article: its headline's marks quote nobody here
    text = (
        "The council passed the budget on Monday. (RELATED: Ruiz Calls Budget 'A Disgrace') "
        'Ruiz voted against it. "It is a disgrace," he said.'
    )
    q = run(text)
    assert q["text"].tolist() == ["A Disgrace", "It is a disgrace,"]
    assert q["kind"].tolist() == ["scare", "statement"]


def test_contraction_before_a_title_case_quote_is_no_possessive() -> None:
    # "it's" is "it is", not an owner: the title-case quote after it is the aides' words; after
    # a real possessive ("the bill's") a title-case quote is a name (scare), as before
    lead = "The senator read the report on Monday. "
    q = run(lead + 'Her aides say it\'s "A Bad Joke" and will vote no.')
    assert q[["text", "kind", "cue"]].values.tolist() == [["A Bad Joke", "fragment", "say"]]
    q = run(lead + 'Her aides say the bill\'s "Big Idea" is wrong.')
    assert q[["text", "kind"]].values.tolist() == [["Big Idea", "scare"]]


def test_continues_is_a_tag_after_a_quote_whose_opening_mark_is_missing() -> None:
    # "the op-ed continues" tags the quote before it; the opening mark was lost after the
    # previous quote's closing mark, and a later mark must not open a run-on quote here
    text = (
        'The board wrote on Monday. "The woods grew." Crews came too late," the op-ed '
        'continues. The mayor spoke on Friday."We are ready," she said.'
    )
    assert _texts(text) == ["The woods grew.", "Crews came too late,", "We are ready,"]


def test_doubled_straight_mark_glued_between_two_quotes_closes_and_opens() -> None:
    # a nested 'Dream Land.' ends the first quote; "" glued to the next word closes it and
    # opens the second, whose tag follows
    text = (
        'Ruiz said: "They live in \'Dream Land.\'""Why now? It is late," '
        "Sen. Ana Berg (D-Ore.) said."
    )
    assert _texts(text) == ["They live in 'Dream Land.'", "Why now? It is late,"]


def test_marks_written_as_html_entities() -> None:
    # gold rule 53: &apos; opening and closing a piece are marks (the span lies inside them);
    # inside a word ("Ruiz&apos;s") it is an apostrophe
    text = (
        "Mayor on Ruiz&apos;s flood plan: &apos;We were ready&apos; The river rose on Monday. "
        "&quot;It held,&quot; Ruiz said."
    )
    assert _texts(text) == ["We were ready", "It held,"]
    # (the speaker rules read the raw text: a tag after "&quot;" is not read yet)
    assert run(text)["text"].tolist() == ["We were ready", "It held,"]


def test_single_mark_after_a_short_word_in_s_closes() -> None:
    # "is'" is no plural owner ("workers' pay"): the mark closes the single-quoted piece
    text = (
        "Ruiz says the 'town as it is' has no bus, and Lucas' aides agree. 'It fails,' Berg said."
    )
    assert _texts(text) == ["town as it is", "It fails,"]


def test_single_quoted_piece_inside_a_quote_whose_opening_mark_is_missing() -> None:
    # the opening " of the second quote was lost; its closing " and tag show it, and the
    # single-quoted 'new' and 'Quay Deal' inside it stay part of it
    text = (
        "The group wrote: \"We object.\" It is the only thing 'new' about the 'Quay Deal,'\" "
        "the statement said. Ruiz left."
    )
    assert _texts(text) == [
        "We object.",
        "It is the only thing 'new' about the 'Quay Deal,'",
    ]


def test_title_case_quote_after_a_noun_naming_a_work_is_a_scare_quote() -> None:
    # 'his documentary "The Long Tide"' names a film; 'Ruiz called the plan "A Real Mess"'
    # after a cue stays her words
    lead = "The town met on Monday. "
    q = run(lead + 'Berg spoke on Friday about his documentary "The Long Tide."')
    assert q[["text", "kind"]].values.tolist() == [["The Long Tide.", "scare"]]
    q = run(lead + 'Ruiz said on Friday the plan was "A Real Mess" for the town.')
    assert q["kind"].tolist() != ["scare"]


# sixth pass (issue #16): classes read on the errors of stories D and E


def test_an_honorific_without_a_full_stop_does_not_hide_a_catalog_name() -> None:
    # British style drops the full stop: "Prof Brandt says" is Tomas Brandt, as "Dr Brandt"
    text = 'The tide rose. "It will rise again," Prof Brandt says. Kral left.'
    assert run_harbour(text)["speaker"].tolist() == ["Tomas Brandt"]
    text = 'Kral left. Professor Brandt spoke first. "It will rise again," he says.'
    assert run_harbour(text)["speaker"].tolist() == ["Tomas Brandt"]


def test_a_name_described_by_lower_case_role_words_is_the_subject_not_the_body() -> None:
    # "Jan Olsen, editor of the weekly Harbour Authority, said": the described person speaks,
    # not the name that closes the description (as with "the director of ...")
    text = (
        "Kral spoke. Tomas Brandt, editor-in-chief of the monthly Harbour Authority, said on "
        'his show "Low Tide" that the pier was "a ruin."'
    )
    q = run_harbour(text)
    assert set(q[q["kind"] != "scare"]["speaker"]) == {"Tomas Brandt"}
    # "X, and Y said": a coordinated subject, not a description (the first of the two speaks)
    text = 'Kral, and Brandt said the pier was "a ruin."'
    assert run_harbour(text)["speaker"].tolist() == ["Ivo Kral"]


def test_a_tag_after_the_words_that_finish_the_quotes_clause_names_the_speaker() -> None:
    # '“…” <words>, asked resident X': the inverted tag after the comma
    text = 'Kral left. "Why can I not go home" to my street, asked resident Tomas Brandt, at dusk.'
    assert run_harbour(text)["speaker"].tolist() == ["Tomas Brandt"]
    # '“…” <words>, <title> X, Jr. tweeted': the name between the last comma and the cue
    text = (
        'Kral left. "The pier is safe due to" the new gates, Velmora University professor '
        "Tomas Brandt, Jr. tweeted on Sunday."
    )
    assert run_harbour(text)["speaker"].tolist() == ["Tomas Brandt"]
    # ... but not past a subject of the quote's own clause: '“…,” union president X assured
    # the crowd, Y noted' is not Y's
    text = '"Libraries matter," union president Tomas Brandt assured the crowd, Ivo Kral noted.'
    assert run_harbour(text)["speaker"].tolist() == [""]  # "assured" is no cue
    # a cue before the quote keeps it: 'X said they "…" despite …, Y tweeted' is X's
    text = 'Kral said they "will not pay" despite the rain, Tomas Brandt tweeted.'
    assert run_harbour(text)["speaker"].tolist() == ["Ivo Kral"]
    # ... and a tag that introduces the next quote is that quote's: the short one stays scare
    text = (
        'In a speech that echoed the fiery "harbour first" nationalism of his campaign, Kral '
        'said: "The gates stay shut."'
    )
    q = run_harbour(text)
    assert q[["kind", "speaker"]].values.tolist() == [["scare", ""], ["statement", "Ivo Kral"]]
    # '“…,” echoed the Harbour Authority's Tomas Brandt': "echoed" reports speech in an
    # inverted tag, and only there ("X echoed the fiery …" takes an object)
    text = (
        '"It is late," Kral said. "Blame will not fix the gates," echoed the Harbour '
        "Authority's Tomas Brandt."
    )
    assert run_harbour(text)["speaker"].tolist() == ["Ivo Kral", "Tomas Brandt"]


def test_a_body_referred_back_to_by_its_head_noun_or_its_editors_speaks() -> None:
    from analysis.actors import parse_catalog

    post = {"actor": "Velmora Post", "type": "institution", "affiliation": "Velmora",
            "names": ["Velmora Post"]}  # fmt: skip
    cat = parse_catalog(dict(HARBOUR, actors=HARBOUR["actors"] + [post]), "harbour")

    def speakers(text: str) -> list[str]:
        arts = pd.DataFrame({"article_id": ["a0"], "text": [text]})
        return find_quotes(arts, segment_articles(arts).sentences, cat)["speaker"].tolist()

    # "the authority" after "the Harbour Authority": the body whose name ends in that noun,
    # not the person named in between
    text = (
        "The Harbour Authority, which Brandt once led, issued a new plan today. In it, the "
        'authority writes, "Longer storm seasons are of particular concern."'
    )
    assert speakers(text) == ["Harbour Authority"]
    # "the editorial board" after naming an outlet: the outlet
    text = (
        "The gates are failing, the Velmora Post writes. Kral disagrees. "
        '"The port cannot wait," the editorial board writes.'
    )
    assert speakers(text) == ["Velmora Post"]
    # "it" after the body that is a subject earlier in its sentence, not a plan's author
    text = (
        "Kral wrote the first plan. Though the Harbour Authority does not name the plan, it "
        'points out that "storms are driving factors" behind the damage.'
    )
    assert speakers(text) == ["Harbour Authority"]


def test_a_body_whose_name_holds_of_is_the_speaker_not_its_first_word() -> None:
    from analysis.actors import parse_catalog

    tides = {"actor": "Department of Tides", "type": "institution", "affiliation": "Velmora",
             "names": ["Department of Tides"]}  # fmt: skip
    cat = parse_catalog(dict(HARBOUR, actors=HARBOUR["actors"] + [tides]), "harbour")

    def speakers(text: str) -> list[str]:
        arts = pd.DataFrame({"article_id": ["a0"], "text": [text]})
        return find_quotes(arts, segment_articles(arts).sentences, cat)["speaker"].tolist()

    text = (
        "Kral blamed the gates. But the Department of Tides disputes this in an email to "
        'Radio One, saying, "The gates were tested in May."'
    )
    assert speakers(text) == ["Department of Tides"]
    # a person "of" a body is still the person
    text = '"The gates were tested," said Ana Ruiz of the Department of Tides.'
    assert speakers(text) == ["Ana Ruiz"]


def test_the_agent_of_a_passive_is_a_pronouns_antecedent() -> None:
    # "That view was echoed by X, …. “…,” he said": X, not the man quoted before (the agent
    # after "by" counts as a subject, other objects of prepositions still do not)
    text = (
        'Tomas Brandt spoke first. "It is late," he said. That view was echoed by Ivo Kral, '
        'head of the port. "We must act now," he said.'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Tomas Brandt", "Ivo Kral"]
    text = (
        'Tomas Brandt spoke first. "It is late," he said. That view was shared with Ivo Kral, '
        'head of the port. "We must act now," he said.'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Tomas Brandt", "Tomas Brandt"]


def test_blaming_reports_the_blamers_words() -> None:
    # "X weighed in, blaming the port because it “…”": the cue nearest the quote, not a
    # "claimed" of the storms before it; "He also blamed the port's “…”": a cue of its own
    text = (
        "As the storms claimed their third pier, Kral weighed in, blaming the port because "
        'it "ignored the warnings."'
    )
    q = run_harbour(text)
    assert q[["speaker", "speaker_text", "cue"]].values.tolist() == [
        ["Ivo Kral", "Kral", "blaming"]
    ]
    text = 'Kral wrote a long letter on Monday. He also blamed the port\'s "rotten old gates."'
    q = run_harbour(text)
    assert q[["speaker", "cue"]].values.tolist() == [["Ivo Kral", "blamed"]]


def test_a_government_report_is_the_catalogs_one_governments() -> None:
    # "a government report", "the federal report": the state's document; its words are the
    # catalog's one government's (gold conventions 34 and 42), carried to "the report says"
    from analysis.actors import parse_catalog

    govt = {"actor": "Velmora government", "type": "institution", "affiliation": "Velmora",
            "names": ["Velmora government"]}  # fmt: skip
    other = {"actor": "Ostrava government", "type": "institution", "affiliation": "Ostrava",
             "names": ["Ostrava government"]}  # fmt: skip

    def speakers(text: str, extra: list[dict]) -> list[str]:
        cat = parse_catalog(dict(HARBOUR, actors=HARBOUR["actors"] + extra), "harbour")
        arts = pd.DataFrame({"article_id": ["a0"], "text": [text]})
        return find_quotes(arts, segment_articles(arts).sentences, cat)["speaker"].tolist()

    text = (
        "Kral spoke on Monday about a damning government report on the tides. Brandt was "
        'away. The report says the pier is "beyond repair."'
    )
    assert speakers(text, [govt]) == ["Velmora government"]
    text = 'Kral spoke. The federal report warns that the pier is "beyond repair."'
    assert speakers(text, [govt]) == ["Velmora government"]
    # with two governments in the catalog the report is no one's
    assert speakers(text, [govt, other]) == [""]


def test_a_name_before_a_subordinated_participle_is_its_subject() -> None:
    # "She said X, in complaining about the “…”": X complains, not the woman reporting it
    text = (
        "Ana Ruiz spoke first. She said Tomas Brandt, in complaining about the "
        '"rotten gates," forgot the tides.'
    )
    q = run_harbour(text)
    assert q[["speaker", "cue"]].values.tolist() == [["Tomas Brandt", "complaining"]]


def test_it_is_the_nearest_body_that_is_a_subject_in_its_sentence() -> None:
    # "Nor did X answer, or Y, a body that backs what it calls “…”": Y, the nearest body
    from analysis.actors import parse_catalog

    council = {"actor": "Port Council", "type": "institution", "affiliation": "Velmora",
               "names": ["Port Council"]}  # fmt: skip
    cat = parse_catalog(dict(HARBOUR, actors=HARBOUR["actors"] + [council]), "harbour")
    text = (
        "Kral asked for comment. Nor did the Port Council answer, or the Harbour Authority, "
        'a body that backs what it calls "safe gates" for the port.'
    )
    arts = pd.DataFrame({"article_id": ["a0"], "text": [text]})
    q = find_quotes(arts, segment_articles(arts).sentences, cat)
    assert q["speaker"].tolist() == ["Harbour Authority"]


def test_others_as_a_subject_is_an_unnamed_source() -> None:
    # "others – perhaps angry at X – oppose it, citing the “…”": the others, not X
    text = (
        "While some members favor the plan, others – perhaps still angry at Kral – oppose "
        'it, citing the "hostile" mood in the port.'
    )
    q = run_harbour(text)
    assert q[["speaker", "speaker_text"]].values.tolist() == [["unnamed source", "others"]]


def test_a_person_owned_by_a_body_and_a_surname_take_the_persons_full_name() -> None:
    # "the Harbour Authority's Jan Olsen" (Olsen not in the catalog): Jan Olsen, not the body
    text = (
        '"It is late," Kral said. "Blame will not fix the gates," echoed the Harbour '
        "Authority's Jan Olsen."
    )
    assert run_harbour(text)["speaker"].tolist() == ["Ivo Kral", "Jan Olsen"]
    # a surname outside the catalog is the one full name the article gives for it, even in a
    # sentence with no quote ...
    text = 'Resident Laura Olsen wore boots on Monday. Kral spoke. "Where do we go?" asked Olsen.'
    assert run_harbour(text)["speaker"].tolist() == ["Laura Olsen"]
    # ... and stays as written when two people share it, or when the capitalised words
    # before it are a headline's or another sentence's ("Talks Between Olsen", "Beast. Olsen")
    text = 'Kral met Laura Olsen and Piet Olsen. "Where do we go?" asked Olsen.'
    assert run_harbour(text)["speaker"].tolist() == ["Olsen"]
    text = 'Talks Between Olsen And Kral. He told the Daily Beast. Olsen left. "Why?" asked Olsen.'
    assert run_harbour(text)["speaker"].tolist() == ["Olsen"]
    # an owner or a capitalised role word is no given name: "Radio One's Laura Olsen",
    # "Physicist Laura Olsen" (the word is lower case elsewhere) are Laura Olsen
    text = 'Radio One\'s Laura Olsen left. "Where?" asked Olsen.'
    assert run_harbour(text)["speaker"].tolist() == ["Laura Olsen"]
    text = 'Physicist Laura Olsen left; the physicist was tired. "Where?" asked Olsen.'
    assert run_harbour(text)["speaker"].tolist() == ["Laura Olsen"]
    text = 'Councillor Laura Olsen left. "Where?" asked Olsen.'
    assert run_harbour(text)["speaker"].tolist() == ["Laura Olsen"]
    # determiners and party words are no given name: "Democrat Laura Olsen" is Laura Olsen
    text = 'Democrat Laura Olsen left. The Olsen report came. "Where?" asked Olsen.'
    assert run_harbour(text)["speaker"].tolist() == ["Laura Olsen"]


def test_a_mark_shared_by_two_passages_does_not_join_them_into_one_quote() -> None:
    # '"We can still act." I have seen worse," Ruiz said': the mark closing Brandt's passage
    # also opens Ruiz's (a paragraph break lost); Brandt's sentence stays his
    text = (
        'Kral spoke. "It is late," Brandt said on Monday. "We can still act." I have seen '
        'worse," Ruiz said in a note.'
    )
    speakers = run_harbour(text)["speaker"].tolist()
    assert speakers == ["Tomas Brandt", "Tomas Brandt", "Ana Ruiz"]


def test_a_report_criticised_in_a_statement_keeps_its_own_issuer() -> None:
    # "X issued a statement criticizing the report": X issued the statement, not the report;
    # "The report states that … “…”" (no cue) is the report's named issuer's
    text = (
        "The report is issued by the Harbour Authority every year. Kral issued a statement "
        'criticizing the report on Monday. The report states that the quay is "sinking '
        'faster than expected."'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Harbour Authority"]


def test_a_subject_before_an_irregular_past_verb_speaks_a_bare_fragment() -> None:
    # "Radio One's anchor X spoke of the “…”": "spoke" is verb-like although it ends in
    # neither -ed nor -s (nor is it a cue), so X is the subject that speaks the fragment
    text = (
        "Kral left early. The same night, Radio One's anchor Tomas Brandt spoke of the "
        '"world of trouble for the port ahead." Kral agreed.'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Tomas Brandt"]


def test_the_subject_of_a_passive_is_no_speaker() -> None:
    # "X was found more likely to lose cases “…”": X does not say it (no one named does)
    text = (
        "Kral spoke. The Harbour Authority was found more likely to lose cases "
        '"where the tides rose."'
    )
    assert run_harbour(text)["speaker"].tolist() == [""]
    # "Members were asked to “welcome” the plan": the cue's passive subject is no speaker
    text = 'Kral spoke. Members were asked to "welcome" the plan.'
    assert run_harbour(text)["speaker"].tolist() == [""]
    # ... but "X was quoted as saying" still reports X's words
    text = 'Ruiz left. Kral was quoted as saying "the gates are fine."'
    assert run_harbour(text)["speaker"].tolist() == ["Ivo Kral"]


def test_a_study_published_in_a_journal_is_the_journals() -> None:
    # "A 2014 study published in the X of Y found “…”": the body that published it, under
    # its whole catalog name; "published in 2017" names no one
    from analysis.actors import parse_catalog

    journal = {"actor": "Journal of Tides", "type": "institution", "affiliation": "Velmora",
               "names": ["Journal of Tides"]}  # fmt: skip
    cat = parse_catalog(dict(HARBOUR, actors=HARBOUR["actors"] + [journal]), "harbour")

    def speakers(text: str) -> list[str]:
        arts = pd.DataFrame({"article_id": ["a0"], "text": [text]})
        return find_quotes(arts, segment_articles(arts).sentences, cat)["speaker"].tolist()

    text = 'Kral spoke. A 2014 study published in the Journal of Tides found "gates fail yearly."'
    assert speakers(text) == ["Journal of Tides"]
    text = 'Kral spoke. A study published in 2017 found the gates were "exceptionally weak."'
    assert speakers(text) == [""]


def test_a_generic_plural_who_speaks_is_an_unnamed_source() -> None:
    # "people who say “…”": the people, an unnamed source, not the author's "I" or Kral
    text = 'Kral spoke. I do not know what people who say "you hate science" mean.'
    q = run_harbour(text)
    assert q[["speaker", "speaker_text"]].values.tolist() == [["unnamed source", "people"]]


def test_a_party_and_state_tag_after_the_name_in_a_tail_is_not_the_speaker() -> None:
    # "R-Ohio" / "R-Ky." / "(D-Ill.)" after the name (US style) is the person's party and
    # state: the speaker is the name before it, and "Ky." ends no sentence
    q = run_harbour(
        '"The gates stay shut," Harbour Authority chief Tomas Brandt, R-Ohio, said.',
        '"We will win," Senate Leader Ana Ruiz, R-Ky., said on the floor before the vote.',
        '"We will win," Ana Ruiz (D-Ill.) said.',
    )
    assert q["speaker"].tolist() == ["Tomas Brandt", "Ana Ruiz", "Ana Ruiz"]
    assert q["kind"].tolist() == ["statement"] * 3


def test_read_after_a_quote_with_a_part_of_a_document_is_the_document_issuer() -> None:
    # "read" reports a document's wording only right after the quote; "a section of the
    # report" is the report (its issuer speaks), not an unnamed "section"; "one of the
    # report's authors" stays a person; "He read “…”" is no cue
    q = run_harbour(
        "The Harbour Authority released its yearly report on Monday. "
        '"Silt keeps rising in the channel," read a section of the report.',
        '"Silt rises," said one of the report\'s authors.',
        'He read "War and Peace" twice.',
    )
    assert q["speaker"].tolist() == ["Harbour Authority", "unnamed source", ""]
    assert q["cue"].tolist() == ["read", "said", ""]
    assert q["kind"].tolist() == ["statement", "statement", "scare"]
    # a document owned by a document is read through to the owned one
    q = run_harbour('"We set a goal," reads the initial version of the plan\'s fact-sheet.')
    assert q["speaker_text"].tolist() == ["the initial version of the plan's fact-sheet"]


def test_a_possessor_whose_thing_is_quoted_is_no_antecedent_of_the_tag_pronoun() -> None:
    # 'Brandt's “long experience …,” she said': the quote is about Brandt's record; "she" is
    # the person heard just before (Ruiz), not the possessor opening the sentence; a possessor
    # before an unquoted noun still is ("Ana Ruiz's plan, which she says …": Ruiz)
    text = (
        "Harbour Watch, a trade group, applauded the appointment. "
        '"Brandt is a thoughtful leader," said Ana Ruiz, the group\'s president. '
        'Brandt\'s "long experience shows his integrity," she said.'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Ana Ruiz", "Ana Ruiz"]
    text = 'Tomas Brandt\'s plan, which he says "will open the port," was passed.'
    assert run_harbour(text)["speaker"].tolist() == ["Tomas Brandt"]


def test_a_document_described_before_the_cue_speaks_through_its_producer() -> None:
    # "The study, produced by X and published in the journal Y, concluded": the phrase
    # before the cue closes a description of the study; the study's producer speaks, not the
    # journal (a study only "published in" a journal stays the journal's)
    q = run_harbour(
        "The study, produced by Harbour Authority scientists and published in the journal Sea "
        'Letters, concluded that silt "will rise by half by the end of the decade."',
        'A study published in the journal Sea Letters concluded that silt "will rise by half."',
    )
    assert q["speaker"].tolist() == ["Harbour Authority", "Sea Letters"]
    assert q["speaker_text"].tolist() == ["The study", "Sea Letters"]


def test_with_a_subject_and_a_participle_the_absolute_clause_subject_speaks() -> None:
    # "…, with the report saying/finding “…”": the subject after "with" (the report: its
    # issuer), not the main clause's subject ("Silt"); "finding" is a cue only there
    text = (
        "The Harbour Authority released its yearly report on Monday. Silt has risen in the "
        'channel, with the report {} "the loss of grassland hurts the soil."'
    )
    q = run_harbour(text.format("saying"), text.format("finding"), 'The finding "surprised" many.')
    assert q["speaker"].tolist() == ["Harbour Authority", "Harbour Authority", ""]
    assert q["speaker_text"].tolist() == ["the report", "the report", ""]
    assert q["cue"].tolist() == ["saying", "finding", ""]
    assert q["kind"].tolist()[2] == "scare"


def test_a_name_inside_a_fronted_description_is_no_antecedent_of_the_pronoun() -> None:
    # "A former Brandt campaign official, he described …": the description is the pronoun's
    # own (he is the official), so "he" is Kral from the sentence before, not Brandt; the
    # next "he says" continues with Kral
    text = (
        "Over lunch last week, Kral staked out his opposition to the plan. A former Brandt "
        'campaign official, he described himself as a "sherpa" for the port. Now he says he '
        'is "trying to help the port."'
    )
    assert run_harbour(text)["speaker"].tolist() == ["Ivo Kral", "Ivo Kral"]
    # without the fronted description the name in the sentence stays the antecedent
    text = 'Brandt met the board, and he described himself as a "sherpa" for the port.'
    assert run_harbour(text)["speaker"].tolist() == ["Tomas Brandt"]


def test_a_second_predicate_after_a_quote_takes_the_sentence_subject() -> None:
    # 'Ruiz called Brandt “…” to lead the Harbour Authority and said that … “…”': "said"
    # shares Ruiz as subject; the Authority is the object of "lead"
    text = (
        'Ana Ruiz called Brandt "uniquely qualified" to lead the Harbour Authority and said '
        'that under Brandt the port is making plans that "both protect the bay and help trade."'
    )
    q = run_harbour(text)
    assert q["speaker"].tolist() == ["Ana Ruiz", "Ana Ruiz"]
    assert q["cue"].tolist() == ["called", "said"]


def test_a_date_before_a_subordinated_participle_is_no_subject() -> None:
    # "he tweeted on Sunday, before calling Ruiz an “…”": "Sunday, before calling" is a time,
    # not a name; the participle's subject is the clause's (he = Kral; Kral)
    q = run_harbour(
        'Kral answered. "You are wrong," he tweeted on Sunday, before calling Ruiz an "immature '
        'bully."',
        'Kral tweeted on Sunday, before calling Ruiz an "immature bully."',
    )
    assert q["speaker"].tolist() == ["Ivo Kral", "Ivo Kral", "Ivo Kral"]
    assert q["cue"].tolist() == ["tweeted", "calling", "calling"]


def test_a_body_whose_name_opens_with_a_role_word_keeps_its_name() -> None:
    # with the discovered cast (a run with no catalog), "the State Department said": "State"
    # is also a role word ("Secretary of State"), but the phrase is the body itself, not a
    # person named "Department" after a title
    from analysis.discover import discover_actors, discovered_catalog

    text = (
        "The State Department said on Monday it would not sign. The Interior Department "
        "proposed cuts. The U.S. Department of Energy agreed. "
        '"We will not welcome it," the State Department said in a statement. The State '
        "Department works with the Interior Department."
    )
    arts = pd.DataFrame({"article_id": ["a0"], "text": [text]})
    sents = segment_articles(arts).sentences
    cat = discovered_catalog(discover_actors(sents))
    assert "State Department" in set(cat["actor"])
    assert find_quotes(arts, sents, cat)["speaker"].tolist() == ["State Department"]


def test_a_persons_officials_or_aides_are_an_unnamed_source() -> None:
    # "Top Brandt administration officials …, saying “…”", "Brandt's aides said": a group
    # of Brandt's people, unnamed (gold conventions: "aides" -> unnamed_source), not Brandt;
    # "Brandt told officials" stays Brandt
    q = run_harbour(
        'Top Brandt administration officials have dodged questions, saying the issue "should '
        'wait for later."',
        'Brandt administration officials said the gates "will stay shut."',
        'Brandt\'s aides said the gates "will stay shut."',
        'Brandt told officials the gates "will stay shut."',
    )
    assert q["speaker"].tolist() == ["unnamed source"] * 3 + ["Tomas Brandt"]
    assert q["speaker_text"].tolist()[0] == "Top Brandt administration officials"


def test_a_work_titled_in_marks_is_scare_and_what_a_person_called_is_a_fragment() -> None:
    # Issue #16, story F classes (gold rules 29, 65): "a report titled "..."" and "a post
    # headlined: "..."" name a work (scare, whoever speaks); "called" after a person as its
    # subject ("what she called", "Kral has called") gives that person's wording (fragment),
    # while "a group called "..."" names a thing (scare)
    text = (
        'Kral spoke. In a report titled "Tides and Gates: A Review," the board found leaks. '
        'A blog mocked it in a post headlined: "Board Finds Water Wet." '
        'Ruiz praised what she called "welcome calm" at the port. '
        'The plan undoes a rule Kral has called "a quiet land grab." '
        'A group called "Save the Gates" marched.'
    )
    q = run_harbour(text)
    assert q[["text", "kind"]].values.tolist() == [
        ["Tides and Gates: A Review,", "scare"],
        ["Board Finds Water Wet.", "scare"],
        ["welcome calm", "fragment"],
        ["a quiet land grab.", "fragment"],
        ["Save the Gates", "scare"],
    ]


def test_a_short_quote_after_a_verb_of_intent_and_to_is_a_fragment() -> None:
    # Issue #16, story F class: 'the plan aims to "shut the gates"' quotes a verb phrase,
    # someone's words (fragment, unattributed); after "to" with no verb of intent before it
    # ('a nod to "tidal justice"') the short quote names a thing (scare)
    text = (
        'Kral spoke. The new plan aims to "shut the gates" by May. '
        'The mayor gave a nod to "tidal justice" in the plan.'
    )
    q = run_harbour(text)
    assert q[["text", "kind"]].values.tolist() == [
        ["shut the gates", "fragment"],
        ["tidal justice", "scare"],
    ]


def test_a_short_quote_after_a_characterising_verb_and_as_is_a_fragment() -> None:
    # Issue #16, a class of story C: 'Ruiz criticised the gate plans as "reckless"' gives
    # someone's words (fragment); 'the plan, known as "the wall"' names a thing (scare)
    text = (
        'Kral spoke. Years ago Ruiz criticised the old gate plans as "reckless" on radio. '
        'The new plan, known as "the wall" in town, passed.'
    )
    q = run_harbour(text)
    assert q[["text", "kind"]].values.tolist() == [["reckless", "fragment"], ["the wall", "scare"]]


# --------------------------------------------------------------------------------------------
# eighth pass (issue #16): speaker classes read on story G


def test_a_reporting_verb_in_the_passive_gives_the_agent_or_no_one() -> None:
    # "X was described in 2019 by Y as “…”": Y's words, not X's nor the subject of the
    # description's owner; "(politely described as “…”)" and "is often described as “…”" with no
    # agent: no one (gold convention 38), not the sentence's subject; 'Ruiz, who runs the
    # port, warned by phone' is active: Ruiz
    q = run_harbour(
        "Kral spoke. The dredging plan, drafted by Ruiz, was described in 2019 by the Harbour "
        'Authority as a "costly gamble" in a memo.',
        'Kral spoke. He dined with the shipping bosses (politely described as "partners") '
        "and left.",
        'Kral spoke. Brandt came. The toll is often described as "a quiet tax" in town.',
        'Kral spoke. Ruiz, who runs the port, warned by phone that "the gates will fail."',
        'Kral spoke. The plan, described by Ruiz as "bold," passed.',
    )
    assert q["speaker"].tolist() == ["Harbour Authority", "", "", "Ana Ruiz", "Ana Ruiz"]
    assert q["cue"].tolist() == ["described"] * 3 + ["warned", "described"]


def test_a_causative_gives_the_one_caused_to_speak() -> None:
    # "X said …, leading one union to call her plans a “…”": the union's words (an unnamed
    # source), not X's; "prompting critics to say", "led Kral to describe": critics, Kral
    q = run_harbour(
        'Ruiz said she would shut the port, leading one union to call her plans a "disaster."',
        'Ruiz said she would shut the port, prompting critics to say it was "a disgrace."',
        'The closure led Kral to describe the port as "a ghost town."',
        'Ruiz moved quickly to shut the port and said it was "a relief."',
    )
    assert q["speaker"].tolist() == ["unnamed source", "unnamed source", "Ivo Kral", "Ana Ruiz"]
    assert q["cue"].tolist() == ["call", "say", "describe", "said"]


def test_a_cue_verb_before_off_or_up_is_no_cue() -> None:
    # "the official called off the vote": "called off" is no verb of saying, so the cue is the
    # reporting verb before it (Ruiz argued that …), not "called" with "the official" as subject
    q = run_harbour(
        "Kral spoke. But Ruiz argued in a memo sent to staff that the official called off the "
        'vote after learning that the union "planned to attend".',
        'Kral came. Ruiz said the costs added up to "a small fortune."',
    )
    assert q["speaker"].tolist() == ["Ana Ruiz", "Ana Ruiz"]
    assert q["cue"].tolist() == ["argued", "said"]


def test_the_authors_i_outside_quotation_marks_is_an_unnamed_source() -> None:
    # gold convention 71: "I told the board, “…”" in the narration is the author, a person
    # the text does not name (unnamed source); an "I" inside a quote is the quoted speaker's
    q = run_harbour(
        'Kral spoke. As I told the Harbour Authority in my letter, "Fix the gates." '
        'Ruiz said, "I told them: fix it."'
    )
    assert q["speaker"].tolist() == ["unnamed source", "Ana Ruiz"]
    assert q["speaker_text"].tolist() == ["I", "Ruiz"]


def test_an_anonymous_description_is_an_unnamed_source_in_every_tag() -> None:
    # '“…,” the worker, who asked not to be named, told the Herald': the description before
    # the relative clause speaks (not the cue "asked" inside the clause, nor the Herald), and
    # "the worker said" later is that unnamed person, not the last person named (Kral);
    # "Ruiz, who runs the port, told" stays Ruiz
    text = (
        'Kral spoke on Monday. "There are 1,000 people at the port," the worker, who asked not '
        'to be named for fear of reprisal, told the Herald. "My question is why us." Many will '
        'not move, "and that is why," the worker said.'
    )
    q = run_harbour(
        text,
        'Kral spoke. "The gates are shut," Ruiz, who runs the port, told the Herald.',
        'Kral spoke. "The gates are shut," a pilot, who spoke on condition of anonymity, said.',
    )
    assert q["speaker"].tolist() == ["unnamed source"] * 3 + ["Ana Ruiz", "unnamed source"]
    assert q["speaker_text"].tolist() == ["the worker", "", "the worker", "Ruiz", "a pilot"]
    assert q["cue"].tolist() == ["told", "", "said", "told", "said"]


def test_a_fronted_participle_phrase_is_no_subject() -> None:
    # "Backed into a corner, Ruiz conceded …, although she followed up by saying “…”": the
    # capitalised participle opening the sentence is no name; Ruiz is the subject
    q = run_harbour(
        "Kral pressed her. Backed into a corner, Ruiz conceded the gates leak, although she "
        'followed up by saying, "The issue is how much."',
        'Pressed on the cost, Kral said: "We will pay."',
    )
    assert q["speaker"].tolist() == ["Ana Ruiz", "Ivo Kral"]


def test_a_verb_with_a_that_clause_after_a_quote_is_no_tag() -> None:
    # "'What if you are wrong?'Backed into a corner, Ruiz conceded that …" (the space after
    # the mark lost): "conceded" reports a clause of its own, not the quote, which continues
    # Kral's question; '“…,” Ruiz said that day' is a tag
    q = run_harbour(
        'Kral pressed Ruiz on the vote, saying, "You are dodging it."'
        "'What if you are wrong?'Backed into a corner, Ruiz conceded that the gates leak.",
        '"We will stay," Ruiz said that day.',
    )
    assert q["speaker"].tolist() == ["Ivo Kral", "Ivo Kral", "Ana Ruiz"]


def test_a_name_before_a_description_ending_in_a_body_is_the_subject() -> None:
    # "Jane Roe, the head of the X, said": Roe, whom the description is about, not a body
    # named in a phrase before her ("during a show of the Harbour Authority,"), even where the
    # headline glued to the sentence hides the sentence start
    q = run_harbour(
        "Port Boss Went On Radio (VIDEO) Last month, during a briefing by the Harbour "
        "Authority, Ivo Kral, the head of the Velmora Port Agency, said he did not think tides "
        'are a "primary cause" of floods.',
        "Kral spoke. Harbour Authority member Ana Ruiz, who represents the docks, said a safer "
        'port "cannot be paid for by the sale of the piers."',
    )
    assert q["speaker"].tolist() == ["Ivo Kral", "Ana Ruiz"]


def test_a_hyphen_prefixed_title_does_not_end_the_speakers_sentence() -> None:
    # "… a "crook" of then-Gov. Ana Ruiz (R) and accused him of “…”": the segmenter ends a
    # sentence after "then-Gov."; for speakers the sentence runs on, so the second predicate
    # takes the sentence's subject (the Harbour Authority), not Ruiz
    q = run_harbour(
        'Kral spoke. In 2010, the Harbour Authority called him a "crook" of then-Gov. Ana Ruiz '
        '(R) and accused him of "wasting money."'
    )
    assert q["speaker"].tolist() == ["Harbour Authority", "Harbour Authority"]
    assert q["sentence_start_index"].tolist() == [1, 2]  # the sentence table is not changed


def test_an_indefinite_member_of_a_body_is_an_unnamed_source() -> None:
    # "One witty Harbour Authority user quipped", "a Harbour Authority worker said": a person
    # of the body whom the article does not name (unnamed source), not the body; "a Harbour
    # Authority panel said" is still the body
    q = run_harbour(
        'Kral spoke. One witty Harbour Authority user quipped, "I will be gone by then."',
        'Kral spoke. A Harbour Authority worker said, "I will be gone by then."',
        'Kral spoke. A Harbour Authority panel said, "It will be gone by then."',
    )
    assert q["speaker"].tolist() == ["unnamed source", "unnamed source", "Harbour Authority"]


def test_a_surname_speaker_is_the_catalog_person_the_article_names_in_full() -> None:
    # a discovered draft may hold "Mike Roe" without "Roe" (another body is called "Roe
    # News"): "Roe tweeted" is the one catalog person of the article whose name ends in it
    from analysis.actors import parse_catalog

    cat = parse_catalog(
        {
            "version": 1,
            "story": "t",
            "actors": [
                {"actor": "Mike Roe", "type": "person", "affiliation": "t", "names": ["Mike Roe"]},
                {
                    "actor": "Roe News",
                    "type": "institution",
                    "affiliation": "t",
                    "names": ["Roe News"],
                },
            ],
        },
        "t",
    )
    text = (
        "Former mayor Mike Roe, whose charity funds the port, criticised the plan on Monday. "
        '"The port can close but the sea will stay," Roe tweeted. Roe News first reported it.'
    )
    arts = pd.DataFrame({"article_id": ["a0"], "text": [text]})
    q = find_quotes(arts, segment_articles(arts).sentences, cat)
    assert q["speaker"].tolist() == ["Mike Roe"]


def test_a_title_case_headline_glued_to_the_first_sentence_is_no_subject() -> None:
    # "… Gates To Sea As Velmora floods claimed a victim, Ivo Kral weighed in, blaming …": the
    # headline (capitalised "To") runs into the sentence's opening clause ("As …,"); its words
    # are no name, the subject after the clause speaks; "Ivo Kral To Port Bosses: '…'" (no
    # sentence runs on) keeps its rules
    q = run_harbour(
        "Kral Accuses Ruiz Of Flooding Port By 'Opening' Gates To Sea As Velmora floods claimed "
        'a seventh victim, Ivo Kral finally weighed in, blaming Ruiz because she "opens" the '
        "gates.",
        "Ivo Kral To Port Bosses: 'We Are Better As A Port' It was clear Kral felt at home.",
    )
    assert q["speaker"].tolist() == ["Ivo Kral", "Ivo Kral", "Ivo Kral"]
    assert q["cue"].tolist()[1:] == ["blaming", ":"]


def test_a_verb_of_directing_in_the_passive_gives_no_speaker() -> None:
    # "the sailors are instructed to “hold the line”": the unnamed director's words, no one's
    # (gold convention 38), not the sentence's subject Kral; "Kral told the crew to “…”" is Kral
    q = run_harbour(
        'Kral spoke of an old tale, in which the sailors are instructed to "hold the line," '
        "at sea or in port.",
        'Kral told the crew to "hold the line."',
    )
    assert q["speaker"].tolist() == ["", "Ivo Kral"]
    assert q["cue"].tolist() == ["instructed", "told"]


def test_party_plurals_are_an_unnamed_source_also_as_a_letters_writers() -> None:
    # "Democrats", "Republicans" are generic plurals (gold conventions), not a named speaker:
    # "Congressional Democrats said", "Republicans Say"; a letter "penned" by them ("… from
    # congressional Democrats who on Tuesday penned a letter …", then '“…,” read the letter')
    # speaks for them; penned by Ruiz it is Ruiz's
    q = run_harbour(
        'Kral spoke. Congressional Democrats said, "The port is critical."',
        "Kral spoke. That was the warning from congressional Democrats who on Tuesday penned a "
        'letter to Ruiz urging her to keep the port open. "The port is critical to the town," '
        "read the letter.",
        "Kral spoke. That was the warning from Ruiz, who on Tuesday penned a letter to Kral "
        'urging him to keep the port open. "The port is critical to the town," read the letter.',
    )
    assert q["speaker"].tolist() == ["unnamed source", "unnamed source", "Ana Ruiz"]


def test_a_person_of_a_body_named_with_of_is_an_unnamed_source() -> None:
    # "A representative of the Harbour Authority said", "an employee of …": a person of the
    # body whom the article does not name (unnamed source), not the body; "a spokesman for"
    # a body still speaks for it
    q = run_harbour(
        'Kral spoke. A representative of the Harbour Authority said something: "Gates shut."',
        'Kral spoke. "The gates stay shut," an employee of the Harbour Authority said.',
        'Kral spoke. A spokesman for the Harbour Authority said: "The gates stay shut."',
    )
    assert q["speaker"].tolist() == ["unnamed source", "unnamed source", "Harbour Authority"]


def run_with_government(*texts: str) -> pd.DataFrame:
    """run_harbour with a state in the catalog ("Velmora government")."""
    from analysis.actors import parse_catalog

    govt = {
        "actor": "Velmora government",
        "type": "institution",
        "affiliation": "Velmora",
        "names": ["Velmora government", "the federal government"],
    }
    extra = {
        "actor": "Brandt administration",
        "type": "institution",
        "affiliation": "Velmora",
        "names": ["Brandt administration"],
    }
    cat = parse_catalog(dict(HARBOUR, actors=HARBOUR["actors"] + [govt, extra]), "harbour")
    arts = pd.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "text": list(texts)})
    return find_quotes(arts, segment_articles(arts).sentences, cat)


def test_a_state_document_speaks_for_the_state_not_its_publisher() -> None:
    # Issue #16, eighth pass (gold convention 42): a document issued by a body speaks for that
    # body. A national or government report is the state's: "the report says" refers back to
    # the last report-like document (not to a person's statement); publishing or releasing is
    # not authorship ("published by a newspaper", "the X administration released"); bodies
    # listed after "including" among the writers are examples, not the author
    q = run_with_government(
        "Brandt said in a statement that the port was safe. The National Tide Assessment, "
        "which the law requires every four years, maps the damage. "
        '"Flooding will double by 2050," the report says.',
        "The Brandt administration released its tide report on Friday. The report said the "
        'gates would "leak badly" by spring.',
        "A draft of the government study, published by the Harbour Gazette, notes a "
        '"steady rise in storm surges."',
        "The latest National Tide Assessment, written by 300 scientists at nine agencies "
        'including the Harbour Authority, opens with the line: "The sea is rising fast."',
    )
    assert q["speaker"].tolist() == ["Velmora government"] * 4
    # a report a named body wrote stays that body's
    q = run_with_government(
        'The Harbour Authority issued a report on Friday. "Gates fail," the report says.'
    )
    assert q["speaker"].tolist() == ["Harbour Authority"]


def test_what_a_person_called_has_that_person_as_speaker() -> None:
    # Issue #16, eighth pass (class 4): the fragments after "called" with a person as its
    # subject (seventh pass: fragments, no speaker yet) take that subject as speaker: a
    # pronoun resolved, a name; 'a group called "..."' stays a scare quote with no speaker
    q = run_harbour(
        'Kral spoke. Ruiz praised what she called "welcome calm" at the port. '
        'The plan undoes a rule Kral has called "a quiet land grab." '
        'A group called "Save the Gates" marched.'
    )
    assert q[["text", "kind", "speaker", "cue"]].values.tolist() == [
        ["welcome calm", "fragment", "Ana Ruiz", "called"],
        ["a quiet land grab.", "fragment", "Ivo Kral", "called"],
        ["Save the Gates", "scare", "", ""],
    ]


def test_a_name_in_a_compound_is_no_antecedent() -> None:
    # Issue #16, eighth pass: "a Kral-era rule" names Kral as a modifier; the "she" of "what
    # she called" refers back to the subject of the sentence before, not to Kral
    q = run_harbour(
        "Ruiz took over the port board in July. Her board then revised a Kral-era rule that "
        'gives towns what she called "room to breathe."'
    )
    assert q[["speaker", "kind"]].values.tolist() == [["Ana Ruiz", "fragment"]]


def test_a_bare_person_noun_the_article_never_gives_a_name_is_an_unnamed_source() -> None:
    # Issue #16, eighth pass (class 2): "the clerk said" after "The clerk, who asked not to
    # be named, ..." is a person the article keeps anonymous: an unnamed source, not the
    # person last named; otherwise the noun refers back (to Ruiz). A body before a
    # person noun that is no title ("the Harbour Authority employee") is its unnamed member,
    # not the body
    q = run_harbour(
        "Brandt closed the gates. The clerk, who asked not to be named, said the gates leak. "
        '"It is a mess here," the clerk said.',
        'Ruiz, a clerk at the port, spoke. "It is a mess," the clerk said.',
        '"Bring boats," the Harbour Authority employee said.',
    )
    assert q["speaker"].tolist() == ["unnamed source", "Ana Ruiz", "unnamed source"]


def test_the_possessor_in_a_fronted_phrase_is_the_pronouns_antecedent() -> None:
    # Issue #16, eighth pass (class 1): "During Kral's hearing last fall, he dodged a question:
    # "...," he said" - two men in view (Brandt is the subject of the sentence before); the
    # possessor opening the fronted phrase is the one the pronoun refers to
    q = run_harbour(
        "Brandt has long denied that the tides are rising. During Kral's hearing last fall, he "
        'dodged a question on the tides: "The sea moves, but nobody knows how much," he said.'
    )
    assert q["speaker"].tolist() == ["Ivo Kral"]


def test_a_generic_group_as_the_speaker_is_an_unnamed_source() -> None:
    # Issue #16, eighth pass: "Republicans Say It's 'Fantasy'" - a generic plural is no actor
    # (gold conventions), its words are an unnamed source's, capitalised or not
    q = run_harbour(
        "Port Plan Shelved. Republicans Say It's 'Fantasy.' Ruiz disagreed.",
        'Critics said the plan was "a fantasy."',
    )
    assert q["speaker"].tolist() == ["unnamed source", "unnamed source"]


def test_the_subject_of_the_clause_speaks_for_passive_control_and_phrasal_cues() -> None:
    # Issue #16, eighth pass (class 4): a quote after a cue whose subject is not the word
    # before it. "was described by the Gazette as "..."" gives the agent; "(kindly described
    # as "...")" has no speaker (a passive with no agent, gold convention 38); "leading one
    # group to call it "..."" gives the infinitive's subject (the group, an unnamed source);
    # "called off" is no cue: the speaker is the subject of "contended"
    q = run_harbour(
        'The Harbour Authority was described in 2019 by the Gazette as "a closed shop."',
        'Kral met the shippers (kindly described as "partners") on Monday.',
        "Kral said he would close the gates, leading one shipping group to call the plan "
        '"a slow disaster."',
        "Ruiz contended in a letter that the board called off the vote after hearing that "
        'dockers "planned to strike."',
        'Kral told Ruiz in a phone call that the port "stays open."',
    )
    assert q[["speaker", "cue"]].values.tolist() == [
        ["Gazette", "described"],
        ["", "described"],
        ["unnamed source", "call"],
        ["Ana Ruiz", "contended"],
        ["Ivo Kral", "told"],  # "a phone call": a noun, no cue
    ]


def test_a_participle_in_a_headline_glued_sentence_takes_the_body_subject() -> None:
    # Issue #16, eighth pass (class 4): the corpus glues the headline to the first sentence,
    # so the clause before ", calling ..." opens with headline words; the participle's subject
    # is the last clause subject before it (Kral, "finally" skipped), not the headline's Ruiz
    q = run_harbour(
        "Ruiz Plan Angers Port Towns As storms battered the coast, Ivo Kral finally weighed in "
        'on Monday, calling the plan "a slow disaster."'
    )
    assert q[["speaker", "cue"]].values.tolist() == [["Ivo Kral", "calling"]]


def test_a_headline_quote_takes_the_subject_that_opens_its_headline_clause() -> None:
    # Issue #16, ninth pass: a title-case headline gives words to the subject that opens its
    # clause, with no verb of saying. A generic plural ("Officials", "Media", "Celebs") is an
    # unnamed source even after a named person's clause (gold convention 33); a person named
    # first is that person (convention 59); a body's document named first ("X's New Report
    # Finds") is the body
    q = run_harbour(
        "Ruiz Closes Port Gates; Officials Doubt 'Keeping the Ships Moving' The port closed "
        "on Monday. Ships waited.",
        "86 Percent Negative: Media Scold Kral, Cite 'World of Opposition' The port closed. "
        "Ships waited.",
        "Tomas Brandt Shifts Port Debate To Anti-Dredging 'Tide Deniers' The port closed on "
        "Monday. Ships waited.",
        "Harbour Authority's New Report Finds 'Little Basis' For Dredging The port closed. "
        "Ships waited.",
    )
    assert q[["article_id", "speaker"]].values.tolist() == [
        ["a0", "unnamed source"],
        ["a1", "unnamed source"],
        ["a2", "Tomas Brandt"],
        ["a3", "Harbour Authority"],
    ]
    assert q["speaker_text"].tolist()[:2] == ["Officials", "Media"]


def test_the_statement_said_refers_back_to_a_statement_not_another_document() -> None:
    # Issue #16, ninth pass: "the statement said" takes the issuer of the last statement
    # named in its sentence, not of another document named first ("Kral's plan")
    q = run_harbour(
        "In a sign of opposition to Kral's plan, the Harbour Authority issued a statement "
        'calling it "a slow disaster" that "nothing in it is new," the statement said.'
    )
    assert q["speaker"].tolist() == ["Harbour Authority", "Harbour Authority"]


def test_ruled_is_a_cue_of_a_court_or_a_judge() -> None:
    # Issue #16, ninth pass: "ruled" reports a court's or a judge's words; an unnamed judge
    # is an unnamed source, a body its own speaker
    q = run_harbour(
        'Ships waited. The judge ruled that the plan "fails the tide test in full." Ships waited.',
        'Ships waited. The Harbour Authority ruled that the plan "fails the tide test." It ended.',
    )
    assert q[["speaker", "cue"]].values.tolist() == [
        ["unnamed source", "ruled"],
        ["Harbour Authority", "ruled"],
    ]


def test_a_pronoun_with_a_contracted_auxiliary_is_the_pronoun() -> None:
    # Issue #16, ninth pass: "They've said", "She's said", "He'd warned" are pronouns, not
    # capitalised names ("They've" had been a speaker) nor unnamed sources ("She's")
    q = run_harbour(
        'Ships waited. Ruiz and Kral met. They\'ve said the plan is "a slow disaster." Ships '
        "waited.",
        'Ships waited. Ruiz spoke on Monday. She\'s said the port "stays shut." Ships waited.',
        'Ships waited. Kral met the press. He’d warned that the plan "will fail." Ships waited.',
    )
    assert q[["speaker", "speaker_text"]].values.tolist() == [
        ["", "They"],
        ["Ana Ruiz", "She"],
        ["Ivo Kral", "He"],
    ]


def test_standard_reporting_verbs_wondered_and_charged_are_cues() -> None:
    # Issue #16, tenth pass (class 8 of stories H/I): "wondered" and "charged" are standard
    # English reporting verbs; "wondered one user" after a quote is an unnamed source (an
    # indefinite person), "charged that" before one is its subject's
    q = run_harbour(
        'Ships waited. "Will the gates ever open?" wondered one user. Ships waited.',
        'Ships waited. Ruiz charged that the plan "will sink the port." Ships waited.',
    )
    assert q[["speaker", "speaker_text", "cue"]].values.tolist() == [
        ["unnamed source", "one user", "wondered"],
        ["Ana Ruiz", "Ruiz", "charged"],
    ]


def test_a_noun_after_a_preposition_is_not_the_subject_of_the_verb_after_it() -> None:
    # Issue #16, tenth pass (class 8): in "Kral in a post on Harbour Authority's site charged
    # that", the phrase before the verb is the object of "on"; the subject is the clause's
    # opening name (Kral), not the body named in the prepositional phrase. Without a
    # preposition the name before the verb stays the subject (Ruiz).
    q = run_harbour(
        "Ships waited. Kral in a long post on the Harbour Authority site charged that the plan "
        '"will sink the port." Ships waited.',
        "Ships waited. Kral met her, and Ruiz on Monday said that the plan "
        '"will sink the port." Ships waited.',
    )
    assert q["speaker"].tolist() == ["Ivo Kral", "Ana Ruiz"]


def test_one_alone_after_or_before_a_cue_is_an_unnamed_person() -> None:
    # Issue #16, tenth pass (class 9): "one" standing alone as the subject of a tag ('"…,"
    # said one.', '"…," one said') is an indefinite person, an unnamed source (gold: unnamed
    # persons' words are unnamed_source); "charging" before a noun is no cue
    q = run_harbour(
        'Some readers mocked the plan. "The gates will rust first," said one. Ships waited.',
        'Some readers mocked the plan. "The gates will rust first," one said. Ships waited.',
        'Ruiz promised charging stations "everywhere" in the port. Ships waited.',
    )
    assert q[["speaker", "speaker_text"]].values.tolist()[:2] == [
        ["unnamed source", "one"],
        ["unnamed source", "one"],
    ]
    assert q["cue"].tolist()[2] != "charging"


def test_a_lower_case_title_then_a_name_after_a_quote_is_the_name() -> None:
    # Issue #16, tenth pass (class 9): '"…," acting chief of staff Ruiz told' after a quote
    # opening its sentence: the name after its lower-case title (with "of") speaks; after a
    # show's name mid-sentence the title and name stay no tag of the quoted name
    q = run_harbour(
        'Ships waited. "The gates stay shut," acting chief of staff Ana Ruiz told reporters. '
        "Ships waited.",
        'Ships waited. On Radio Velmora\'s "Night Desk," host Ana Ruiz asked Kral about the '
        "gates. Ships waited.",
    )
    assert q[["article_id", "speaker"]].values.tolist()[0] == ["a0", "Ana Ruiz"]
    assert "Ana Ruiz" not in q[q["article_id"] == "a1"]["speaker"].tolist()


def test_joint_authors_of_a_body_give_the_bodys_words() -> None:
    # Issue #16, tenth pass (class 2; gold convention 90): "X and Y of Body wrote" and "the
    # scientists of Body wrote" after a quote are the body's words; one person "of" the body
    # stays the person, and a plural that is no author group ("the leaders of") is not the body
    q = run_harbour(
        'Ships waited. "The gates will hold," Ana Ruiz and Ivo Kral of the Harbour Authority '
        "wrote in May. Ships waited.",
        'Ships waited. "The gates will hold," the scientists of the Harbour Authority wrote. '
        "Ships waited.",
        'Ships waited. "The gates will hold," Ana Ruiz of the Harbour Authority wrote. Ships '
        "waited.",
        'Ships waited. "The gates will hold," the leaders of the Harbour Authority wrote. Ships '
        "waited.",
    )
    assert q["speaker"].tolist()[:3] == ["Harbour Authority", "Harbour Authority", "Ana Ruiz"]
    assert q["speaker"].tolist()[3] != "Harbour Authority"


def test_a_short_quote_inside_a_straight_quote_stays_part_of_it() -> None:
    # Issue #16, tenth pass (class 12): straight double marks around a word inside a quote in
    # straight marks ('"The "green" plans ...," Kral wrote') open and close a quote within the
    # quote; the outer quote runs on to its own closing mark and keeps its tag, and the next
    # untagged quote continues it. With no closing mark for the outer quote in its paragraph
    # the marks pair as before.
    text = (
        'Ships waited. "Her "green" plans will sink the port," Kral wrote on Monday. "Does '
        'nobody care?" Ships waited.'
    )
    q = run_harbour(text)
    assert [text[s:e] for s, e in zip(q["start"], q["end"], strict=True)] == [
        'Her "green" plans will sink the port,',
        "Does nobody care?",
    ]
    assert q["speaker"].tolist() == ["Ivo Kral", "Ivo Kral"]
    spans = quote_spans('She said "the "green" plan', [(0, 26)])
    assert [('She said "the "green" plan')[s.start : s.end] for s in spans] == ["the", "green"]


def test_a_cue_inside_a_reported_clause_does_not_give_the_next_quote_its_speaker() -> None:
    # Issue #16, tenth pass (class 13 of story I): an untagged quote after "he said towns'
    # leaders had to respond." continues the speaker of "said" (he: Kral, named by "According
    # to" before), not the subject of "respond", which stands inside the reported clause
    q = run_harbour(
        'Ships waited. According to Harbour Authority chief Ivo Kral, "the tide is turning". '
        'Speaking before the vote, he said political leaders had to respond." In the months '
        'ahead, we must move fast." Ships waited.'
    )
    assert q["speaker"].tolist() == ["Ivo Kral", "Ivo Kral"]
    # a cue of a subordinate clause before the main one ("Even as critics warned that …, Ruiz
    # insisted …") is no reporting verb of the main clause's subject: Ruiz still speaks
    q = run_harbour(
        "Ships waited. Even as local critics warned that her plan would flood the docks, Ana "
        'Ruiz insisted her views were common." Nobody wants the water back." Ships waited.'
    )
    assert q["speaker"].tolist() == ["Ana Ruiz"]


def test_a_participle_takes_its_own_subject_right_before_it() -> None:
    # Issue #16, tenth pass (class 4): an indefinite person right before a participle is its
    # subject ("hearings featuring an expert explaining": the expert, an unnamed source, not
    # Kral who held them); ", she said, adding" takes the subject of "said" (she: Ruiz); a
    # participle after a clause with no such subject keeps the clause subject (Kral)
    q = run_harbour(
        "Ships waited. Ivo Kral held port hearings featuring an expert explaining that "
        '"severe" flooding could come within a decade. Ships waited.',
        'Ships waited. Ana Ruiz spoke. "We try," she said. Most of the blame lies with the '
        'shipping lines, she said, adding "this is what they want us to argue about". Done.',
        'Ships waited. Ivo Kral closed the gates, adding that "nothing moves tonight." Done.',
        'Ships waited. Ana Ruiz spoke. She recalls a friend saying, "Who sails in a storm?"',
    )
    assert q[["speaker", "cue"]].values.tolist() == [
        ["unnamed source", "explaining"],
        ["Ana Ruiz", "said"],
        ["Ana Ruiz", "adding"],
        ["Ivo Kral", "adding"],
        ["unnamed source", "saying"],  # a person noun (lang PERSON_NOUNS), not Ruiz
    ]


def test_a_generic_group_before_who_is_the_speaker_of_its_relative_clause() -> None:
    # Issue #16, tenth pass (class 6): "it added, quoting activists who called the plan a
    # "…"": the activists (a generic group, an unnamed source), not the subject of "added";
    # a named person before ", who" stays that person
    q = run_harbour(
        "Ships waited. The Harbour Authority met. It said so on Monday, quoting activists who "
        'called the plan a "slow disaster." Ships waited.',
        'Ships waited. Ivo Kral spoke to Ana Ruiz, who called the plan a "slow disaster." Done.',
    )
    assert q["speaker"].tolist() == ["unnamed source", "Ana Ruiz"]


def test_a_description_is_not_the_person_its_verb_addresses() -> None:
    # Issue #16, tenth pass (class 5): "The host asked Ruiz …" — a role noun with no bound
    # title refers back to a person, but never to the object of its own verb: an unnamed
    # source (gold convention 46: an unnamed interviewer); "The minister told reporters"
    # after Kral still refers back to Kral
    q = run_harbour(
        'Ships waited. Ruiz spoke on the radio. "We did three things," she added. The host '
        'asked Ruiz a question from a listener: name the "specific steps" she took. Done.',
        'Ships waited. Ivo Kral arrived. The minister told reporters "the gates stay shut." Done.',
    )
    assert q[["speaker", "speaker_text"]].values.tolist() == [
        ["Ana Ruiz", "she"],
        ["unnamed source", "The host"],
        ["Ivo Kral", "The minister"],
    ]


def test_a_report_referred_back_to_is_its_issuers_named_with_of() -> None:
    # Issue #16, tenth pass (class 3): "the report warned" refers back to the last report
    # named; its issuer is the subject of "released" even when that name holds "of" ("the
    # Harbour Authority of Velmora released a report"), not the person the sentence opened
    # with in a long subordinate clause
    bank = {
        "actor": "Harbour Authority of Velmora",
        "type": "institution",
        "affiliation": "Velmora",
        "names": ["Harbour Authority of Velmora"],
    }
    cat = dict(HARBOUR, actors=HARBOUR["actors"] + [bank])
    from analysis.actors import parse_catalog

    text = (
        "Ships waited. While Kral keeps denying the threat that the tides pose to his own "
        "docks and to the town at large, the Harbour Authority of Velmora released a report "
        "on Thursday. It found that flooded docks sell for less. Even worse, the report warned "
        'that the tides pose a "threat to every mortgage in the low town." Done.'
    )
    arts = pd.DataFrame({"article_id": ["a0"], "text": [text]})
    q = find_quotes(arts, segment_articles(arts).sentences, parse_catalog(cat, "harbour"))
    assert q["speaker"].tolist() == ["Harbour Authority of Velmora"]


def test_a_name_with_its_body_after_a_quote_is_the_person() -> None:
    # Issue #16, tenth pass (class 1): '"…," Ana Ruiz with the Harbour Authority wrote': the
    # person speaks, the body after "with" is her affiliation (as with "of"); the untagged
    # quote after it continues her
    q = run_harbour(
        'Ships waited. "The tide is here now," Ana Ruiz with the Tide Defense Council wrote in '
        'a blog. "The shift is fueled by the storms." Ships waited.'
    )
    assert q["speaker"].tolist() == ["Ana Ruiz", "Ana Ruiz"]


def test_a_dash_aside_after_a_quote_is_skipped_to_the_tags_subject() -> None:
    # Issue #16, tenth pass (class 4): 'Calling it "a threat" — a phrase that will come up
    # again — Mr. Kral said …': the tag's subject follows the aside between dashes (Kral), it
    # is not "a phrase" and the fronted participle does not leave the quote unattributed
    q = run_harbour(
        'Ships waited. Calling the storm "an existential threat" — a phrase that is sure to come '
        "up several more times tonight — Mr. Kral said his first move would be to shut the gates."
    )
    assert q[["speaker", "cue"]].values.tolist() == [["Ivo Kral", "said"]]


def test_a_body_in_a_persons_apposition_is_not_the_subject() -> None:
    # Issue #16, tenth pass (class 1): "Ruiz, co-organizer of Tide Month, which ran the rally,
    # says …": the body is inside Ruiz's apposition (after "of"); Ruiz is the subject of "says"
    q = run_harbour(
        "Ships waited. Ana Ruiz, co-organizer of Velmora Tide Month, which organized the rally, "
        'says from the start she wanted to "put a spotlight on the tides." Done.'
    )
    assert q["speaker"].tolist() == ["Ana Ruiz"]


def test_a_cue_form_after_an_article_is_a_noun() -> None:
    # Issue #16, tenth pass (class 8): "a shout out to", "the stated objective of": a cue form
    # right after an article is a noun or an adjective, no verb of saying before the quote;
    # without an article it is still a cue
    q = run_harbour(
        'Ships waited. The deal has the stated objective of combatting "rising water." Done.',
        'Ships waited. Ruiz gave a shout out to Kral, the self-styled "tide mayor". Done.',
        'Ships waited. Ruiz stated the objective: "rising water must stop." Done.',
    )
    assert "stated" not in q["cue"].tolist()[:1]
    assert "shout" not in q["cue"].tolist()
    assert q[["speaker", "cue"]].values.tolist()[-1] == ["Ana Ruiz", "stated"]


def test_a_bodys_own_head_noun_names_the_body_not_a_member() -> None:
    # Issue #16, tenth pass (class 10): "the alliance" (a catalog title of the Tide Alliance)
    # names the body; "the alliance employee" would be an unnamed member, "the alliance" is not
    cat = {
        "version": 1,
        "story": "x",
        "actors": [
            {
                "actor": "Tide Alliance",
                "type": "institution",
                "affiliation": "x",
                "names": ["Tide Alliance"],
                "titles": ["the alliance"],
            }
        ],
    }
    from analysis.actors import parse_catalog

    text = (
        "Ships waited. The industry, through the Tide Alliance, said the plans would hurt. "
        '"Tonight the gates close," the alliance said in a statement. "We know," an alliance '
        "employee said. Done."
    )
    arts = pd.DataFrame({"article_id": ["a"], "text": [text]})
    q = find_quotes(arts, segment_articles(arts).sentences, parse_catalog(cat, "x"))
    assert q["speaker"].tolist() == ["Tide Alliance", "unnamed source"]


@pytest.mark.parametrize(
    "text",
    [
        "Ann Petrenko Petrenko said it. Petrenko left.",
        "(Ann Bo Petrenko) and A. B. Petrenko met; Ann  Petrenko and J. Petrenko's aide too.",
        "McDonald Petrenko spoke. Petrenko-Ivanova left. Dr. Jo Petrenko was there. Petrenko",
        "Talks Between Petrenko and May. The Democrat Petrenko. é Petrenko, ÉAnn Petrenko.",
    ],
)
def test_names_ending_in_a_word_tries_only_where_a_match_can_start(text: str) -> None:
    # the shortcut must give the same matches as the whole-text scan it replaces
    import re

    from analysis.quotes import _names_ending_matches

    for word in ("Petrenko", "May", "Jo"):
        pattern = rf"(?<![\w'’.-])((?:[A-Z][a-z'’-]+ |[A-Z]\. ){{1,2}}){re.escape(word)}(?![\w'’-])"
        whole = [(*m.span(), m.group(1)) for m in re.finditer(pattern, text)]
        assert _names_ending_matches(text, word) == whole
    assert _names_ending_matches(text, "Petrenko")  # every text names someone ... Petrenko


@pytest.mark.parametrize(
    ("text", "name", "after"),
    [
        ("Theresa May spoke. May is a month.", "May", True),
        ("It rained in May. Around noon, Mrs.  May left.", "May", True),
        ("It rained in May. Around noon, MRS.\tMay left.", "May", True),
        ("It rained in may. May left; McDonald May too.", "May", True),
        ("It rained in may. May left, and (May) too.", "May", False),
        ("Around noon. Around. around", "Around", False),
        ("x Around noon, 1990 Around", "Around", False),
    ],
)
def test_a_name_after_a_capitalised_word_or_a_title(text: str, name: str, after: bool) -> None:
    # the occurrence-by-occurrence test equals one search of the whole pattern
    from analysis.lang import en
    from analysis.quotes import _after_name_word, _name_after_word_re

    assert _after_name_word(text, name, en) is after
    assert (_name_after_word_re(name, en).search(text) is not None) is after


def test_a_lone_word_and_the_glue_positions_equal_their_patterns() -> None:
    import re

    from analysis.quotes import _lone_word_in, _maybe_glued

    text = "May-day, mayor may. may-be x.Yes (ok)!”No said:Then ABCDEfgh 5?Ok"
    for word in ("may", "mayor", "day", "be", "yes", "x"):
        lone = re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None
        assert _lone_word_in(text, word) is lone
    assert _lone_word_in(text, "may") and not _lone_word_in(text, "day")
    glue = re.compile(r"[a-z0-9)][.!?][\"”]?[A-Z]|[a-z]:[A-Z]|[A-Z]{4}[a-z]{2}")
    expected = [i for i in range(len(text)) if glue.match(text, i)]
    assert _maybe_glued(text) == expected
    assert expected  # the text holds several


def _random_texts(alphabet: list[str], n: int, seed: int, most: int = 40) -> list[str]:
    import random

    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, most))) for _ in range(n)]


def test_glue_positions_equal_their_pattern_on_random_text() -> None:
    # _maybe_glued's two class-led scans (':' then a mark sorted out in the loop) give every
    # position of the one pattern, overlaps included
    import re

    from analysis.quotes import _maybe_glued

    glue = re.compile(r"[a-z0-9)][.!?][\"”]?[A-Z]|[a-z]:[A-Z]|[A-Z]{4}[a-z]{2}")
    alphabet = [*'aZB.:!?"”)1 x', "ABCDef", 'x:"A', "1:A", 'q."T']
    hits = 0
    for text in _random_texts(alphabet, 3000, 15):
        expected = [i for i in range(len(text)) if glue.match(text, i)]
        assert _maybe_glued(text) == expected, text
        hits += bool(expected)
    assert hits > 100  # the random texts hold glue positions often


def test_head_shortcuts_never_skip_a_match() -> None:
    # each pattern searched only where a cheap necessary condition holds: wherever the pattern
    # matches (in the ranges _head_attr and _caused_speech search), the condition holds
    from analysis.lang import en
    from analysis.quotes import (
        _absolute_cue,
        _absolute_ends,
        _as_it,
        _as_it_anywhere,
        _caused_pattern,
        _caused_verb,
        _directive_passive,
        _wording_it,
    )

    pieces = ["As ", "as ", "Jane Roe ", "saw ", "put ", "it", ",", " ", "  ", "with ", "With ",
              "the report ", "finding", " that", "are ", "instructed ", "to", " to ", "leading ",
              "one group ", "call ", "say", "\n", "x", "o", "“", "prompting ", "critics ",
              "are instructed to", "As Jane Roe put it", "with the report finding",
              "leading one group to call"]  # fmt: skip
    found = {"as_it": 0, "absolute": 0, "directed": 0, "caused": 0, "as_it_anywhere": 0}
    for text in _random_texts(pieces, 6000, 16, most=6):
        head = text.rstrip()
        if not head.strip():
            continue
        end = len(head)
        tail = head[:-1].rstrip() if head.endswith(",") else head
        if _as_it(en).search(text, 0, end):
            found["as_it"] += 1
            assert tail.endswith("it"), text
        if _absolute_cue(en).search(text, 0, end):
            found["absolute"] += 1
            assert tail.endswith(_absolute_ends(en)), text
        if _directive_passive(en).search(text, 0, end + 1):
            found["directed"] += 1
            assert head.endswith("to") or text[end - 1 : end + 1] == "to", text
        for lo in (0, 3):
            if _caused_pattern(en).search(text, lo, end):
                found["caused"] += 1
                assert _caused_verb(en).search(text, lo, end), text
            if _as_it_anywhere(en).search(text, lo, end):
                found["as_it_anywhere"] += 1
                assert _wording_it(en).search(text, lo, end), text
    assert min(found.values()) > 20, found  # every pattern matched many random heads


def test_document_spans_skip_the_name_scan_only_without_a_document_word() -> None:
    # _doc_matches (memoised, its name scan run only where a document word is) against the two
    # whole scans it replaces, on every range of a text
    from analysis.lang import en
    from analysis.quotes import _doc_matches, _speaker_patterns

    pats = _speaker_patterns(en)
    text = (
        "The Green New Deal Act, a REPORT and the bill. Paris Agreement-era plans; "
        "Kyoto Protocol. statements Plan. the Tide Assessment report"
    )
    seen = 0
    for a in range(len(text) + 1):
        for b in range(a, len(text) + 1, 3):
            found = {m.span() for m in pats.doc.finditer(text, a, b)}
            found |= {m.span(1) for m in pats.doc_name.finditer(text, a, b)}
            assert list(_doc_matches(text, a, b, en)) == sorted(found), (a, b)
            seen += bool(found)
    assert seen > 1000


def test_phrase_and_headline_shortcuts_never_skip_an_answer() -> None:
    # _description_subject builds the phrase only where its first word (after spaces or a date)
    # is "the"; _skip_intro asks _headline_end only at a capitalised word: wherever the skipped
    # call would have answered, the cheap test lets it run
    from analysis.lang import en
    from analysis.quotes import (
        _SPACES_OPT,
        _WORD_RE,
        _date_prefix,
        _headline_end,
        _np_after,
        compile_cues,
        load_cues,
    )

    lex = compile_cues(load_cues(None, en), en)
    pieces = ["the ", "The ", "THE ", "On ", "March 28 ", "2019 ", "Energy ", "To ", "As ",
              "minister ", "he ", "said ", ", ", "  ", "\t", "x", "Sea ", "thematic ", "there ",
              "EPA ", "Administrator ", "Roe "]  # fmt: skip
    answered = {"the": 0, "headline": 0}
    for text in _random_texts(pieces, 3000, 17, most=10):
        for p in range(0, len(text), 2):
            np = _np_after(text, p, len(text), lex)
            words = text[np[0] : np[1]].lower().split() if np else []
            if words and words[0] == "the":
                answered["the"] += 1
                dated = _date_prefix(en).match(text, p, len(text))
                r = _SPACES_OPT.match(text, dated.end() if dated else p).end()
                assert text[r : r + 3].lower() == "the", (text, p)
            m = _WORD_RE.search(text, p)
            if m is not None and _headline_end(text, m, len(text), en) is not None:
                answered["headline"] += 1
                assert m.group()[:1].isupper(), (text, p)
    assert min(answered.values()) > 50, answered


def test_document_noun_trie_matches_as_the_flat_alternation() -> None:
    # the document-noun pattern, factored into a prefix trie, against the sorted flat
    # alternation it replaces: same matches on random runs of document words and their pieces
    import re

    from analysis.lang import en
    from analysis.quotes import _speaker_patterns

    flat = re.compile(rf"(?<![\w-])(?i:{'|'.join(sorted(en.DOCUMENT_NOUNS))})(?![\w-])")
    trie = _speaker_patterns(en).doc
    pieces = [*sorted(en.DOCUMENT_NOUNS), "FAQs", "Fact-Sheet", "s", "-", " ", ".", "é", "ſ"]
    seen = 0
    for text in _random_texts(pieces, 4000, 18, most=8):
        expected = [m.span() for m in flat.finditer(text)]
        assert [m.span() for m in trie.finditer(text)] == expected, text
        seen += len(expected)
    assert seen > 500  # the random runs hold many document nouns


def test_last_word_equals_the_last_word_of_the_whole_scan() -> None:
    # _last_word tokenizes only the last space-free chunk that holds a word
    from analysis.quotes import _WORD_RE, _last_word

    pieces = ["U.S.", "a", "1,000.5", "-", "—", "(", ")", "it's", "’", "'", "x’", " ", "\t",
              "\n", ",", ".", "é", "_", "9", "B.", "‑"]  # fmt: skip
    for text in _random_texts(pieces, 4000, 19, most=12):
        words = _WORD_RE.findall(text)
        assert _last_word(text) == (words[-1] if words else ""), text
    assert _last_word("on his podcast (") == "podcast"


def test_bodies_by_last_word_equal_the_scan_of_the_catalog() -> None:
    # _Catalog.bodies_ending (used by _short_name) against the scan it replaces
    from analysis.quotes import _catalog_info

    actors = ["Los Angeles Times", "The Times", "Times", "New York  Times", "Times Group",
              "Jane Times", "Tide Council", "Harbour Council", "Council", "Lake-Times"]  # fmt: skip
    types = ["institution"] * 5 + ["person", "institution", "institution", "institution", "x"]
    cat = _catalog_info(pd.DataFrame({"actor": actors, "affiliation": "", "type": types}))
    for word in ("Times", "Council", "Group", "Lake-Times", "Jane", "Angeles"):
        scan = [a for a, t in cat.types.items() if t == "institution" and a.endswith(" " + word)]
        assert cat.bodies_ending.get(word, []) == scan, word
    assert cat.bodies_ending["Times"] == ["Los Angeles Times", "The Times", "New York  Times"]


def test_repeated_quote_first_word_test_never_skips_a_holder() -> None:
    # _repeated_quotes normalises a quote only when the first word of the words sought is in
    # its lower-cased text: wherever the words are held, that word is there
    from analysis.quotes import _WORD_RE

    def norm(t: str) -> str:
        return " ".join(_WORD_RE.findall(t.lower()))

    pieces = ["We ", "will ", "WILL ", "act", "act.", "ACT ", "now", "-", "’s ", "U.S. ", "fact "]
    texts = _random_texts(pieces, 600, 20, most=7)
    held = 0
    for a in texts:
        if norm(a).count(" ") < 3:
            continue
        first = norm(a).split(" ", 1)[0]
        for b in texts[:200]:
            if norm(a) in norm(b):
                held += 1
                assert first in b.lower(), (a, b)
    assert held > 50


def test_who_patterns_hold_the_who_word() -> None:
    # _relative_or_owner searches its two "who" patterns only where "who" and a space are
    from analysis.lang import en
    from analysis.quotes import _generic_who, _language_patterns, _who_word

    who_re = _language_patterns(en)[0]
    pieces = ["Jane Roe", ", ", "who ", "Who ", "whom ", "critics ", "people ", "sincerely ",
              "also ", "x", "\n", "whose "]  # fmt: skip
    found = 0
    for text in _random_texts(pieces, 5000, 21, most=7):
        for lo in (0, 4):
            if _generic_who(en).search(text, lo) or who_re.search(text, lo):
                found += 1
                assert _who_word(en).search(text, lo), text
    assert found > 100

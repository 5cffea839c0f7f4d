"""Tests for analysis.segment: tokens, paragraphs, sentences and the two output tables.

Every expected span/string below was worked out by hand from the fixture text.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.segment import (
    PARAGRAPH_COLUMNS,
    SENTENCE_COLUMNS,
    Segments,
    segment_articles,
    segment_text,
    split_paragraphs,
    split_sentences,
    token_texts,
    tokenize,
)

SEEDS = Path(__file__).resolve().parents[1] / "data" / "raw" / "seeds"


def sents(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


# --- tokenize -------------------------------------------------------------------------------


def test_tokenize_spans() -> None:
    assert tokenize("I didn't go.") == [(0, 1), (2, 8), (9, 11)]
    assert tokenize("") == []
    assert tokenize(" ... — !? ") == []


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("didn't Zelensky's Ukraine’s", ["didn't", "Zelensky's", "Ukraine’s"]),
        ("full-scale 20‑point re-igniting", ["full-scale", "20‑point", "re-igniting"]),
        ("1.5 3.14 1,000 -20 –20", ["1.5", "3.14", "1,000", "-20", "–20"]),
        ("below -20°C (-4ºF) now", ["below", "-20°C", "-4ºF", "now"]),
        ("$4.5bn in 2022.", ["4.5bn", "in", "2022"]),
        (
            "the U.S.-proposed plan, e.g. at 10 a.m.",
            ["the", "U.S.-proposed", "plan", "e.g.", "at", "10", "a.m."],
        ),
        ("“quoted” 'single' (bracket)", ["quoted", "single", "bracket"]),
        ("EL PAÍS, António", ["EL", "PAÍS", "António"]),
    ],
)
def test_tokenize_words(text: str, tokens: list[str]) -> None:
    assert [text[s:e] for s, e in tokenize(text)] == tokens
    assert token_texts(text) == tokens


# --- paragraphs -----------------------------------------------------------------------------


def test_paragraphs_one_line_each() -> None:
    text = "Headline here\nFirst paragraph.\nSecond paragraph.\n"
    assert split_paragraphs(text) == [(0, 13), (14, 30), (31, 48)]


def test_paragraphs_blank_line_separated_single_lines() -> None:
    text = "Title\n\nFirst para is here.\n\n  Second para.  \n\n\n"
    assert split_paragraphs(text) == [(0, 5), (7, 26), (30, 42)]


def test_paragraphs_hard_wrapped_blocks() -> None:
    text = (
        "A short headline\n\nThe first paragraph is wrapped\nover two lines.\n\n"
        "The second one\nalso wraps here.\n"
    )
    assert split_paragraphs(text) == [(0, 16), (18, 64), (66, 97)]
    assert sents(text[18:64]) == ["The first paragraph is wrapped\nover two lines."]


def test_paragraphs_short_headline_block_above_long_lines_stays_line_mode() -> None:
    long1 = "A" * 90 + "."
    long2 = "B" * 95 + "."
    text = f"Head\nStand\n\n{long1}\n\n{long2}"
    # Head 0-4, Stand 5-10, long1 12-103, long2 105-201.
    assert split_paragraphs(text) == [(0, 4), (5, 10), (12, 103), (105, 201)]


def test_paragraphs_empty() -> None:
    assert split_paragraphs("") == []
    assert split_paragraphs(" \n\n \t\n") == []


# --- sentences ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Smith met Mrs. Jones and Dr. Brown. They talked.",
            ["Mr. Smith met Mrs. Jones and Dr. Brown.", "They talked."],
        ),
        (
            "Gen. Milley, Sen. Cruz, Rep. Smith, Gov. Newsom and Lt. Col. Vindman spoke. It ended.",
            [
                "Gen. Milley, Sen. Cruz, Rep. Smith, Gov. Newsom and Lt. Col. Vindman spoke.",
                "It ended.",
            ],
        ),
        (
            "He lives on St. Mark's Place near Sammy Davis Jr. The show ended.",
            ["He lives on St. Mark's Place near Sammy Davis Jr.", "The show ended."],
        ),
        (
            "Acme Inc. and Foo Co. merged. Shares rose.",
            ["Acme Inc. and Foo Co. merged.", "Shares rose."],
        ),
        (
            "It was Trump vs. Biden in 2020. Apples, pears, etc. were sold.",
            ["It was Trump vs. Biden in 2020.", "Apples, pears, etc. were sold."],
        ),
        (
            "Some fruits, e.g. Apples, are red. Others, i.e. Pears, are not.",
            ["Some fruits, e.g. Apples, are red.", "Others, i.e. Pears, are not."],
        ),
        (
            "Resolution No. 5 passed. It was signed on Jan. 20 and took effect Feb. 1. "
            "Then it lapsed.",
            [
                "Resolution No. 5 passed.",
                "It was signed on Jan. 20 and took effect Feb. 1.",
                "Then it lapsed.",
            ],
        ),
        (
            "The talks ended in Sept. The next round is in Oct. 2026.",
            ["The talks ended in Sept.", "The next round is in Oct. 2026."],
        ),
    ],
)
def test_abbreviations_and_titles(text: str, expected: list[str]) -> None:
    assert sents(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Officials in the U.S. and Europe agreed.", ["Officials in the U.S. and Europe agreed."]),
        (
            "The plan was proposed by the U.S. The next day, Russia rejected it.",
            ["The plan was proposed by the U.S.", "The next day, Russia rejected it."],
        ),
        (
            "The U.N. Secretary-General met the U.K. and E.U. Commission. It was brief.",
            ["The U.N. Secretary-General met the U.K. and E.U. Commission.", "It was brief."],
        ),
        (
            "Aid came from the E.U. But it was late.",
            ["Aid came from the E.U.", "But it was late."],
        ),
    ],
)
def test_dotted_acronyms(text: str, expected: list[str]) -> None:
    assert sents(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Donald J. Trump met J. K. Rowling. She smiled.",
            ["Donald J. Trump met J. K. Rowling.", "She smiled."],
        ),
        ("They chose Plan B. The others left.", ["They chose Plan B.", "The others left."]),
    ],
)
def test_single_letter_initials(text: str, expected: list[str]) -> None:
    assert sents(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Inflation hit 1.5 percent, pi is 3.14 and it was -20°C (-4°F) outside. "
            "Heating failed.",
            [
                "Inflation hit 1.5 percent, pi is 3.14 and it was -20°C (-4°F) outside.",
                "Heating failed.",
            ],
        ),
        (
            "Temperatures fell to –20°C. Officials warned.",
            ["Temperatures fell to –20°C.", "Officials warned."],
        ),
        (
            "The deal is worth $4.5bn. It was signed.",
            ["The deal is worth $4.5bn.", "It was signed."],
        ),
        (
            "The meeting starts at 10 a.m. and ends at 2 p.m. on Friday. It is public.",
            ["The meeting starts at 10 a.m. and ends at 2 p.m. on Friday.", "It is public."],
        ),
        ("Prices rose in 2021. 2022 was worse.", ["Prices rose in 2021.", "2022 was worse."]),
    ],
)
def test_numbers_and_units(text: str, expected: list[str]) -> None:
    assert sents(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "He made an “important statement … about security”. He thanked him.",
            ["He made an “important statement … about security”.", "He thanked him."],
        ),
        (
            "“Ukraine … almost didn’t believe it,” Trump said.",
            ["“Ukraine … almost didn’t believe it,” Trump said."],
        ),
        (
            "“Ukraine … Almost nobody believed it,” he said.",
            ["“Ukraine … Almost nobody believed it,” he said."],
        ),
        (
            '"We waited... Nothing happened," he said.',
            ['"We waited... Nothing happened," he said.'],
        ),
        ("He paused... Then he left.", ["He paused...", "Then he left."]),
        ("He paused… Then he left.", ["He paused…", "Then he left."]),
        ("He paused . . . Then he left.", ["He paused . . .", "Then he left."]),
        ("The list goes on... and on.", ["The list goes on... and on."]),
        ("“We waited…” Nothing happened.", ["“We waited…”", "Nothing happened."]),
    ],
)
def test_ellipses(text: str, expected: list[str]) -> None:
    assert sents(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We are ready.” The talks resumed.", ["“We are ready.”", "The talks resumed."]),
        ('"We are ready." The talks resumed.', ['"We are ready."', "The talks resumed."]),
        (
            "He called it ‘a success.’ Others disagreed.",
            ["He called it ‘a success.’", "Others disagreed."],
        ),
        (
            "He called it 'a success.' Others disagreed.",
            ["He called it 'a success.'", "Others disagreed."],
        ),
        ("(He left early.) Nobody noticed.", ["(He left early.)", "Nobody noticed."]),
        ("Was it [the deal] over?] Nobody knew.", ["Was it [the deal] over?]", "Nobody knew."]),
    ],
)
def test_terminal_punctuation_with_closing_marks(text: str, expected: list[str]) -> None:
    assert sents(text) == expected


def test_closing_quote_offsets() -> None:
    text = "“We are ready.” The talks resumed."
    # “We are ready.” is 15 characters; the next sentence starts after the space.
    assert split_sentences(text) == [(0, 15), (16, 34)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“Is it over?” he asked.", ["“Is it over?” he asked."]),
        ('"Stop!" he said.', ['"Stop!" he said.']),
        ("“We agree,” he said.", ["“We agree,” he said."]),
        ('"We agree," he said.', ['"We agree," he said.']),
        ("Is it over? yes, said one.", ["Is it over? yes, said one."]),
        (
            "“Why now?” Trump asked. Nobody answered.",
            ["“Why now?” Trump asked.", "Nobody answered."],
        ),
        ("“Why now?” Nobody answered.", ["“Why now?”", "Nobody answered."]),
        ("Why now? Nobody knows!  The end.", ["Why now?", "Nobody knows!", "The end."]),
    ],
)
def test_question_exclamation_and_attribution(text: str, expected: list[str]) -> None:
    assert sents(text) == expected


@pytest.mark.parametrize("quotes", [("“", "”"), ('"', '"')])
def test_quotation_spanning_sentences(quotes: tuple[str, str]) -> None:
    o, c = quotes
    text = (
        f"{o}We expect the agreements to be implemented. De-escalation steps contribute to real "
        f"progress toward ending the war,{c} he posted on X."
    )
    assert sents(text) == [
        f"{o}We expect the agreements to be implemented.",
        f"De-escalation steps contribute to real progress toward ending the war,{c} "
        "he posted on X.",
    ]
    # "<quote>We expect the agreements to be implemented." is 44 characters.
    assert split_sentences(text) == [(0, 44), (45, len(text))]
    assert text.endswith("X.")


def test_quotation_after_colon_then_next_sentence() -> None:
    text = "He wrote: “Our teams met. We expect results,” he posted on X. Talks continue."
    assert sents(text) == [
        "He wrote: “Our teams met.",
        "We expect results,” he posted on X.",
        "Talks continue.",
    ]


def test_headline_without_terminal_punctuation_is_one_sentence() -> None:
    text = "Trump says Putin agreed to stop strikes"
    assert split_sentences(text) == [(0, 39)]


def test_newlines_inside_paragraph_are_spaces() -> None:
    text = "The talks\nended. Both sides\nleft."
    assert split_sentences(text) == [(0, 16), (17, 33)]
    assert sents("It ended.\nThen silence.") == ["It ended.", "Then silence."]


def test_bounds_are_absolute_and_never_crossed() -> None:
    text = "Intro. First one. Second one. Tail."
    assert split_sentences(text, 7, 29) == [(7, 17), (18, 29)]
    assert split_sentences(text, 7, 25) == [(7, 17), (18, 24)]
    assert split_sentences(text, 6, 7) == []
    assert split_sentences("   \n ") == []
    with pytest.raises(ValueError, match="bounds"):
        split_sentences(text, 10, 5)
    with pytest.raises(ValueError, match="bounds"):
        split_sentences(text, 0, 99)


def test_bracketed_ellipsis_stays_with_sentence_before() -> None:
    assert sents("It ended. (…) Then more.") == ["It ended. (…)", "Then more."]
    assert sents("It ended. ” Then more.") == ["It ended. ” Then more."]


# --- segment_text / segment_articles --------------------------------------------------------

HEAD_TEXT = "Talks stall\nLeaders meet. No deal.\nThe talks ended. Both sides left."


def test_segment_text_rows() -> None:
    paragraphs, sentences = segment_text("a", HEAD_TEXT, headline=(0, 11), standfirst=(12, 34))
    assert paragraphs == [
        ("a", 0, 0, 11, True, False),
        ("a", 1, 12, 34, False, True),
        ("a", 2, 35, 68, False, False),
    ]
    assert sentences == [
        ("a", 0, 0, 0, 11, "Talks stall", 0.0, True, False, 2),
        ("a", 1, 1, 12, 25, "Leaders meet.", 0.25, False, True, 2),
        ("a", 2, 1, 26, 34, "No deal.", 0.5, False, True, 2),
        ("a", 3, 2, 35, 51, "The talks ended.", 0.75, False, False, 3),
        ("a", 4, 2, 52, 68, "Both sides left.", 1.0, False, False, 3),
    ]


def test_segment_articles_tables_flags_and_order() -> None:
    articles = pd.DataFrame(
        {
            "article_id": ["b", "a", "c"],
            "text": ["Only one sentence here.", HEAD_TEXT, ""],
            "headline_start": [-1, 0, -1],
            "headline_end": [-1, 11, -1],
            "standfirst_start": [-1, 12, -1],
            "standfirst_end": [-1, 34, -1],
        }
    )
    seg = segment_articles(articles)
    assert isinstance(seg, Segments)
    assert list(seg.paragraphs.columns) == PARAGRAPH_COLUMNS
    assert list(seg.sentences.columns) == SENTENCE_COLUMNS
    assert seg.paragraphs["article_id"].tolist() == ["a", "a", "a", "b"]
    assert seg.paragraphs["is_headline"].tolist() == [True, False, False, False]
    assert seg.paragraphs["is_standfirst"].tolist() == [False, True, False, False]
    s = seg.sentences
    assert s["article_id"].tolist() == ["a"] * 5 + ["b"]
    assert s["sentence_index"].tolist() == [0, 1, 2, 3, 4, 0]
    assert s["paragraph_index"].tolist() == [0, 1, 1, 2, 2, 0]
    assert s["position"].tolist() == [0.0, 0.25, 0.5, 0.75, 1.0, 0.0]
    assert s["is_headline"].tolist() == [True, False, False, False, False, False]
    assert s["is_standfirst"].tolist() == [False, True, True, False, False, False]
    assert s["n_words"].tolist() == [2, 2, 2, 3, 3, 4]
    assert s["text"].tolist()[-1] == "Only one sentence here."
    assert (s["start"].tolist()[-1], s["end"].tolist()[-1]) == (0, 23)
    assert {str(t) for t in s.dtypes} == {"str", "int64", "float64", "bool"}
    assert str(s["position"].dtype) == "float64"
    assert str(s["n_words"].dtype) == "int64"
    assert str(seg.paragraphs["is_headline"].dtype) == "bool"


def test_segment_articles_without_optional_columns_and_empty_text() -> None:
    seg = segment_articles(pd.DataFrame({"article_id": ["e", "w"], "text": ["", " \n\n "]}))
    assert len(seg.paragraphs) == 0
    assert len(seg.sentences) == 0
    assert list(seg.sentences.columns) == SENTENCE_COLUMNS
    assert str(seg.sentences["start"].dtype) == "int64"
    assert str(seg.sentences["article_id"].dtype) == "str"
    assert str(seg.paragraphs["is_standfirst"].dtype) == "bool"


def test_segment_articles_is_deterministic() -> None:
    articles = pd.DataFrame({"article_id": ["x", "y"], "text": [HEAD_TEXT, "A. B. C. The end."]})
    one, two = segment_articles(articles), segment_articles(articles.iloc[::-1])
    pd.testing.assert_frame_equal(one.sentences, two.sentences)
    pd.testing.assert_frame_equal(one.paragraphs, two.paragraphs)


@pytest.mark.parametrize(
    ("articles", "message"),
    [
        (pd.DataFrame({"article_id": ["a"]}), "text"),
        (pd.DataFrame({"article_id": ["a", "a"], "text": ["x", "y"]}), "duplicate"),
        (pd.DataFrame({"article_id": ["a"], "text": [None]}), "'a'"),
        (
            pd.DataFrame(
                {
                    "article_id": ["a"],
                    "text": ["short"],
                    "headline_start": [0],
                    "headline_end": [50],
                }
            ),
            "headline",
        ),
    ],
)
def test_segment_articles_bad_input(articles: pd.DataFrame, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        segment_articles(articles)


# --- the five seed articles ------------------------------------------------------------------


def test_seed_files() -> None:
    paths = sorted(SEEDS.glob("*.txt"))
    assert len(paths) == 5
    texts = {p.stem: p.read_text(encoding="utf-8") for p in paths}
    seg = segment_articles(pd.DataFrame({"article_id": list(texts), "text": list(texts.values())}))
    s = seg.sentences
    for row in s.itertuples():
        assert texts[row.article_id][row.start : row.end] == row.text
    counts = s.groupby("article_id").size()
    for article_id, n in counts.items():
        print(f"{article_id}: {n} sentences")
    # Counts checked by reading every sentence of `split_sentences` on these files.
    assert counts.tolist() == [25, 30, 40, 23, 20]
    by_id = {a: s.loc[s["article_id"] == a, "text"].tolist() for a in texts}
    s000, s001, s002 = (by_id[k] for k in sorted(texts)[:3])
    s003, s004 = (by_id[k] for k in sorted(texts)[3:])

    assert (
        "Ukraine’s president, Volodymyr Zelenskyy, did not immediately confirm the ceasefire was "
        "in place, but said that Trump had made an “important statement … about the possibility "
        "of providing security for Kyiv and other Ukrainian cities during this extreme winter "
        "period”." in s001
    )
    assert (
        "“Ukraine … almost didn’t believe it but they were very happy about it,” Trump said."
        in s001
    )
    i = s002.index("We expect the agreements to be implemented.")
    assert s002[i - 1].endswith("“Our teams discussed this in the United Arab Emirates.")
    assert s002[i + 1] == (
        "De-escalation steps contribute to real progress toward ending the war,” he posted on X."
    )
    assert (
        "With temperatures expected to fall below –20°C (-4ºF), millions are living without hot "
        "water, electricity, or heating." in s002
    )
    assert any("accused the U.N. Secretary-General António Guterres of" in t for t in s002)
    assert s002[0] == "Trump says Putin agreed to stop strikes on Ukraine’s cities for a week"
    assert any("below -20°C (-4°F), leaving many" in t for t in s000)
    assert s000[-1] == "• Source 1 • Source 2"
    assert any("from the U.S. and planned to discuss" in t for t in s003)
    assert any("acceptance of a U.S.-proposed 30-day ceasefire" in t for t in s004)
    assert s004[-2:] == [
        "Your email address will not be published.",
        "Required fields are marked *",
    ]


# --- invariants on arbitrary text -----------------------------------------------------------

_ALPHABET = "aZ. ?!…”“\"'’()\n-5$:,JKU"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60), st.integers(0, 60), st.integers(0, 60))
def test_sentence_spans_cover_the_range_without_crossing(text: str, a: int, b: int) -> None:
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    spans = split_sentences(text, start, end)
    covered = 0
    prev_end = start
    for s, e in spans:
        assert prev_end <= s < e <= end
        assert text[s:e] == text[s:e].strip()
        assert text[prev_end:s].strip() == ""  # nothing but whitespace between sentences
        covered += e - s
        prev_end = e
    assert text[prev_end:end].strip() == ""
    assert covered <= end - start


def test_token_regex_equals_the_plain_form() -> None:
    import random
    import re

    from analysis.segment import _JOIN, _PART, _TOKEN_RE

    plain = re.compile(rf"(?:(?<!\w)[-−–](?=\d))?{_PART}(?:{_JOIN}{_PART})*")
    rng = random.Random(0)
    alphabet = [*"aB1 -−–.,:'’‐‑°º_U.S\n", "é", "ß", "٣", "—"]
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25)))
        assert [m.span() for m in _TOKEN_RE.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ], text


def test_n_words_of_hard_cut_sentences_counts_each_token_once() -> None:
    from analysis.segment import MAX_SENTENCE_CHARS, segment_text, tokenize

    text = "Start. " + "x" * (MAX_SENTENCE_CHARS + 5) + " end, -5 and U.S. words."
    _, rows = segment_text("a", text)
    assert sum(r[-1] for r in rows) == len(tokenize(text))
    assert [r[-1] for r in rows] == [
        sum(1 for s, _ in tokenize(text) if r[3] <= s < r[4]) for r in rows
    ]


def test_candidate_regex_matches_its_plain_form():
    import random
    import re

    from analysis.segment import _CANDIDATE_RE, _CLOSERS, _OPENERS

    plain = re.compile(rf"(\.(?:[ \u00a0]\.){{2,}}|[.!?…]+)([{_CLOSERS}]*)(?=\s)")
    nxt_plain = re.compile(rf"([{_OPENERS}]*)(\S)")

    def after(text: str, m: re.Match[str], end: int) -> tuple:
        # the opening marks and first character after the candidate's whitespace, or None
        nxt = re.compile(r"\s*").match(text, m.end(), end).end()
        nm = nxt_plain.match(text, nxt, end) if nxt < end else None
        return (None, None, None) if nm is None else (nxt, *nm.groups())

    rnd = random.Random(3)
    chars = list("a .!?…’”\"')]»\u00a0\nB“‘(«¿")
    for _ in range(20000):
        text = "".join(rnd.choice(chars) for _ in range(rnd.randint(0, 20)))
        pos = rnd.randint(0, len(text))
        end = rnd.randint(pos, len(text))
        got = [
            (m.span(), m.groups()[:2], (m.start(3) if m.group(4) else None, *m.groups()[2:]))
            for m in _CANDIDATE_RE.finditer(text, pos, end)
        ]
        want = [(m.span(), m.groups(), after(text, m, end)) for m in plain.finditer(text, pos, end)]
        assert got == want, text


def test_token_gaps_are_the_text_around_the_tokens():
    import itertools

    from analysis.segment import token_gaps, token_texts, tokenize

    text = '"U.S. envoy," she said -- full-scale.'
    gaps = token_gaps(text)
    assert token_texts(text) == ["U.S.", "envoy", "she", "said", "full-scale"]
    assert gaps == ['"', " ", '," ', " ", " -- ", "."]
    spans = tokenize(text)
    assert gaps[1:-1] == [text[a[1] : b[0]] for a, b in itertools.pairwise(spans)]


def test_token_pieces_interleave_gaps_and_tokens():
    from analysis.segment import token_gaps, token_pieces, token_texts

    text = '"U.S. envoy," she said -- full-scale.'
    assert token_pieces(text) == [
        '"', "U.S.", " ", "envoy", '," ', "she", " ", "said", " -- ", "full-scale", ".",
    ]  # fmt: skip
    for t in [text, "", "  ", "-20°C at 1,000 m; didn't", "Zelensky’s U.N. talk", "..."]:
        pieces = token_pieces(t)
        assert pieces[1::2] == token_texts(t)
        assert pieces[0::2] == token_gaps(t)
        assert "".join(pieces) == t

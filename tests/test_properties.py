"""Properties on arbitrary Unicode text: cleaning, segmentation, quote, actor and frame
extraction never crash, every span points at the text it claims, and cleaned text plus the
ledger gives back the input exactly."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.actors import find_mentions, load_catalog
from analysis.clean import clean_text, load_rules
from analysis.frames import frame_hits, load_frames
from analysis.ledger import edit_rows, ledger_frame, reconstruct
from analysis.load import html_to_text, looks_like_html
from analysis.quotes import find_quotes
from analysis.segment import segment_text, tokenize

CATALOG = load_catalog()
FRAMES = load_frames()
RULES = load_rules()

# pieces that exercise the rules: quote marks of every kind, sentence ends, abbreviations,
# newlines and CRLF, combining marks, right-to-left text and marks, emoji (with ZWJ and flags),
# spaces the cleaner replaces, invisible characters, control characters other than NUL, actor
# names and reporting verbs, HTML-like tags
PIECES = [
    "“", "”", '"', "'", "‘", "’", "«", "»", "„", "‹", "›", "「", "」",
    ".", "?", "!", "…", "...", ". . .", ",", ":", ";", "—", "–", "-", "(", ")", "[", "]",
    "Mr.", "U.S.", "e.g.", "No. 5", "J. K.", "1.5", "-20°C", "didn't", "Zelensky’s",
    " ", "  ", "\n", "\n\n", "\r\n", "\r", "\t", "\x0b", "\x0c", "\x1f", "\x7f", "\x85",
    "\u00a0", "\u2009", "\u202f", "\u3000", "\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad",
    "e\u0301", "\u0301", "a\u0308\u0304", "\u1100\u1161", "한국", "ﬁ",
    "مرحبا بالعالم", "שלום", "\u200f", "\u202e", "\u2066", "\u2069",
    "😀", "👩\u200d👩\u200d👧", "🇺🇦", "🏳️‍🌈", "\U0001f9d1\U0001f3fd",
    "Putin", "Vladimir Putin", "Trump", "Donald J. Trump", "Zelenskyy", "the Kremlin",
    "Kremlin spokesman Dmitry Peskov", "President", "he", "she", "it", "said", "told",
    "claimed", "according to", "so-called", "The", "war", "ceasefire", "attack", "talks",
    "<p>", "</p>", "<script>", "&amp;", "\u2028", "\u2029",
]  # fmt: skip
ANY_CHAR = st.characters(exclude_characters="\x00", exclude_categories=("Cs",))
TEXT = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(ANY_CHAR, min_size=1, max_size=6)),
    max_size=80,
).map("".join)


def check_span(text: str, start: int, end: int, claimed: str) -> None:
    assert 0 <= start <= end <= len(text), (start, end, len(text))
    assert text[start:end] == claimed


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(TEXT, st.sampled_from(["auto", "yes", "no"]))
def test_clean_segment_quotes_mentions_frames_on_any_text(raw: str, headline: str) -> None:
    # cleaning: the text plus the ledger rows give back the raw input exactly
    res = clean_text(raw, headline, RULES, ("en",))
    rows = ledger_frame(edit_rows("a", "a.txt", raw, res.edits))
    assert reconstruct(res.text, rows) == raw
    text = res.text
    assert "\r" not in text and "\x00" not in text
    for s, e in (res.headline, res.standfirst):
        assert (s, e) == (-1, -1) or 0 <= s <= e <= len(text)

    # segmentation: spans inside the text, in order, not overlapping, text == text[start:end]
    paragraphs, sentence_rows = segment_text("a", text, res.headline, res.standfirst)
    prev = 0
    for _, _, s, e, _, _ in paragraphs:
        assert prev <= s < e <= len(text)
        prev = e
    prev = 0
    for row in sentence_rows:
        _, _, _, s, e, sentence, position, _, _, n_words = row
        check_span(text, s, e, sentence)
        assert s >= prev and sentence.strip() == sentence and sentence
        assert 0.0 <= position <= 1.0 and n_words >= 0
        prev = e
    for s, e in tokenize(text):
        assert 0 <= s < e <= len(text)

    cols = ["article_id", "sentence_index", "paragraph_index", "start", "end", "text"]
    cols += ["position", "is_headline", "is_standfirst", "n_words"]
    sentences = pd.DataFrame(sentence_rows, columns=cols)
    articles = pd.DataFrame({"article_id": ["a"], "text": [text]})

    # actors: every mention's surface is the text at its span
    for m in find_mentions(sentences, CATALOG).itertuples():
        check_span(text, m.start, m.end, m.surface)

    # quotes: the quoted text is the text at its span; the cue too
    for q in find_quotes(articles, sentences, CATALOG).itertuples():
        check_span(text, q.start, q.end, q.text)
        if q.cue_start >= 0 and q.cue != ":":
            check_span(text, q.cue_start, q.cue_end, q.cue)

    # frames: every match is the text at its span, inside its sentence
    bounds = {r.sentence_index: (r.start, r.end) for r in sentences.itertuples()}
    for h in frame_hits(sentences, FRAMES).itertuples():
        spans = [tuple(int(x) for x in pair.split("-")) for pair in h.spans.split(";")]
        assert (h.start, h.end) == spans[0] and len(spans) == h.n_terms
        lo, hi = bounds[h.sentence_index]
        for (s, e), match in zip(spans, h.matches.split(";"), strict=True):
            check_span(text, s, e, match)
            assert lo <= s and e <= hi


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_html_detection_and_extraction_never_crash(raw: str) -> None:
    flag = looks_like_html(raw)
    assert isinstance(flag, bool)
    text, tool = html_to_text(raw)
    assert tool in ("trafilatura", "lxml")
    assert "\x00" not in text

"""analysis.fastblob must give exactly TextBlob's sentiment (and py3langid's scores)."""

import random
from pathlib import Path

import numpy as np
import pytest
from textblob import TextBlob
from textblob import _text as tb_text
from textblob.en import sentiment as tb_sentiment

from analysis import fastblob
from analysis.segment import split_sentences

ROOT = Path(__file__).resolve().parents[1]

EDGE = [
    "not very good",
    "The talks were not good.",
    "It is not bad at all.",
    "really not good",
    "never ever happy",
    "no. good",
    "Very very nice",
    "Great!!!",
    "Not good!!!",
    "GREAT NEWS, TERRIBLE TIMING",
    "I love it :) but :-( and ;-) and : ) and :-D x-D <3 ♥",
    "What a day ( ! ) and (!) sarcasm",
    "It isn't bad. He won't come; she can't say; they'd've gone.",
    "U.S. officials, e.g. Mr. Smith, said... 3.5% of -20°C days were 2nd-worst.",
    "“Quoted good” ‘single bad’ 'plain nice' \"double great\"",
    "Café naïve déjà vu über — good–bad",
    "a well-intentioned, mind-boggling over-the-top rip-off!",
    "Line one is good\n\nline two is bad\r\n\r\nline three",
    "END-OF-SENTENCE is not a word, good",
    ": \n\n - ) and : c ) and :'(",
    "o_O o.O °O° >.> :-. go . ago.",
    "The 21st century, 2nd and 3rd places, 13th floor",
    "",
    "   ",
    "!",
    "! ! !",
    "...",
    "100",
]


def _corpus_sentences() -> list[str]:
    out = []
    for path in sorted((ROOT / "data" / "raw").glob("*/*.txt")):
        for line in path.read_text("utf-8-sig").splitlines():
            out.extend(line[a:b] for a, b in split_sentences(line))
    return out


def _recombined(sentences: list[str], n: int) -> list[str]:
    """Seeded recombinations of real words with punctuation, emoticons, case and negation."""
    rng = random.Random(7)
    words = [w for s in sentences for w in s.split()]
    extras = ["not", "very", "never", "!", "!!!", ":)", ":(", "(!)", "n't", "...", "U.S.", "—"]
    out = []
    for _ in range(n):
        toks = [rng.choice(words + extras) for _ in range(rng.randint(1, 25))]
        if rng.random() < 0.2:
            toks = [t.upper() for t in toks]
        out.append(" ".join(toks) + rng.choice([".", "!", "?", "", "\n\n", " :-)"]))
    return out


def _same(text: str) -> bool:
    ref, ours = tb_sentiment(text), fastblob.sentiment(text)
    return (ref[0], ref[1], ref.assessments) == (ours.polarity, ours.subjectivity, ours.assessments)


@pytest.mark.parametrize("text", EDGE)
def test_edge_cases_equal_textblob(text):
    ref = TextBlob(text).sentiment
    ours = fastblob.sentiment(text)
    assert (ours.polarity, ours.subjectivity) == (ref.polarity, ref.subjectivity)
    assert _same(text)
    assert fastblob.find_tokens(text) == tb_text.find_tokens(text)


def test_thousands_of_sentences_equal_textblob():
    real = _corpus_sentences()
    texts = real + _recombined(real, 3000)
    assert len(texts) > 3000
    differ = [t for t in texts if not _same(t)]
    assert differ == []


def test_hand_computed_scores():
    good_p, good_s, _ = tb_sentiment["good"][None]
    _very_p, _very_s, very_i = tb_sentiment["very"][None]
    # "not good": negation flips and halves polarity
    assert fastblob.sentiment("not good")[:2] == (good_p * -0.5, good_s)
    # "very good": the modifier multiplies the next word by its intensity (1.3)
    assert very_i == 1.3
    assert fastblob.sentiment("very good")[:2] == (min(good_p * 1.3, 1.0), min(good_s * 1.3, 1.0))
    # "!" multiplies the previous assessment's polarity by 1.25
    assert fastblob.sentiment("good!")[0] == good_p * 1.25
    # an emoticon is its own assessment: ":)" smile +0.5, subjectivity 1.0; mean with "good"
    assert fastblob.sentiment("good :)")[:2] == ((good_p + 0.5) / 2, (good_s + 1.0) / 2)
    # no known word: 0.0, 0.0 and no assessments
    assert fastblob.sentiment("The ministry met on Tuesday.") == (0.0, 0.0, [])


def test_non_string_is_a_clear_error():
    with pytest.raises(ValueError, match="needs a str"):
        fastblob.sentiment(None)


def test_language_identifier_equals_py3langid():
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    ref = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
    fast = fastblob.language_identifier(MODEL_DIR / MODEL_FILE, norm_probs=True)
    sentences = _corpus_sentences()
    texts = [
        *sentences[:300],
        # article-length texts: the walk's many-feature counting path
        *(" ".join(sentences[i : i + 40]) for i in range(0, 400, 40)),
        "\n".join(sentences[:120]).upper(),
        "",
        " ",
        "HELLO WORLD",
        "¿Quieres añadir otro usuario a tu suscripción?",
        "Tu suscripción se está usando en otro dispositivo",
        "Das ist ein deutscher Satz über die Energiepause.",
    ]
    for text in texts + texts:  # twice: no state may leak from one call to the next
        assert np.array_equal(ref._decide(text), fast._decide(text)), text
        assert ref.classify(text) == fast.classify(text)


def test_language_automaton_is_aho_corasick():
    """The vectorized walk's premise: py3langid's automaton is an Aho-Corasick one over a trie of
    height ``depth`` (so a state depends only on the last ``depth`` bytes). Proof by check:
    take the breadth-first tree as the trie, derive failure links as Aho-Corasick does, and
    require every transition to be the trie edge if there is one, else the failure state's."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    ident = fastblob.language_identifier(MODEL_DIR / MODEL_FILE, norm_probs=True)
    auto = ident._auto
    rowbase = auto.rowbase
    nm = auto.nextmove.astype(np.int64)[: rowbase.max() + 256]
    n = len(rowbase)
    byte = np.arange(256)
    parent = np.full(n, -1)
    via = np.full(n, -1)
    fail = np.zeros(n, dtype=np.int64)
    seen = np.zeros(n, dtype=bool)
    seen[0] = True
    frontier, depth = np.array([0]), 0
    while True:
        targets = nm[rowbase[frontier][:, None] + byte].ravel()
        fresh, first = np.unique(targets, return_index=True)
        keep = ~seen[fresh]
        fresh, first = fresh[keep], first[keep]
        if not len(fresh):
            break
        seen[fresh] = True
        parent[fresh] = frontier[first // 256]
        via[fresh] = first % 256
        p = parent[fresh]
        fail[fresh] = np.where(p == 0, 0, nm[rowbase[fail[p]] + via[fresh]])
        frontier, depth = fresh, depth + 1
    assert seen.all()
    assert depth == auto.depth
    for lo in range(0, n, 8192):
        s = np.arange(lo, min(n, lo + 8192))
        expected = nm[rowbase[fail[s]][:, None] + byte]
        if lo == 0:
            expected[0] = 0
        child = np.flatnonzero((parent >= lo) & (parent < lo + 8192))
        expected[parent[child] - lo, via[child]] = child
        assert np.array_equal(nm[rowbase[s][:, None] + byte], expected)

"""An exact, faster re-implementation of TextBlob's default sentiment (PatternAnalyzer).

``TextBlob(text).sentiment`` calls ``textblob.en.sentiment(text)``: Pattern's ``find_tokens``
tokenizer, then the ``Sentiment.assessments`` lexicon walk, then unweighted means. That costs
about 250 µs per news sentence, half in the tokenizer and half in the walk. This module does the
same steps with the same float operations in the same order, so polarity, subjectivity and the
assessments are *identical* (not merely close) to TextBlob's:

- tokenizer (:func:`find_tokens`): the same string rewrites (contractions, Unicode quotes,
  ``\\n\\n`` -> end of sentence, whitespace), then each whitespace chunk is split into leading
  punctuation, core and trailing punctuation/period/ellipsis by TextBlob's own rules
  (abbreviations, ``U.S.``, ``Mr.``), memoized *per chunk* (a chunk is a word with its
  punctuation; its split never depends on its neighbours). TextBlob's sentence grouping is
  replayed token by token, and its two regular expressions (sarcasm ``( ! )`` and emoticons such
  as ``: - )``) run only on a sentence that contains a pair of characters one of them could join;
  otherwise they cannot change anything.
- lexicon walk (:func:`assessments`): the same state machine (modifier, negation, ``!`` boost,
  ``(!)`` irony, emoticons) over a plain dict ``word -> (polarity, subjectivity, intensity)``
  taken from TextBlob's loaded lexicon (its ``None`` part-of-speech entry, the one a string
  input uses), with per-word facts (modifier? negation? emoticon value?) precomputed.
- scores: ``s = 0; s += p`` in order, ``s / float(n or 1)``, as TextBlob's ``avg``.

Also here: :func:`language_identifier`, py3langid's classifier with its per-byte automaton walk
vectorized with numpy (identical scores; used by analysis.clean).

What is *not* memoized: whole sentences or texts (a benchmark on duplicated text would flatter
it). Input: a ``str``; output: :class:`Result` (``polarity``, ``subjectivity``, ``assessments``
as TextBlob's ``(words, polarity, subjectivity, label)`` tuples). ``tests/test_fastblob.py``
checks equality with TextBlob on thousands of sentences and on edge cases.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable, Mapping
from typing import NamedTuple

from textblob import _text as _tb

_PUNCT = _tb.PUNCTUATION  # TextBlob checks ``w not in PUNCTUATION`` as a *substring* test
_LEAD = frozenset(_PUNCT.replace(".", ""))
_TRAIL = _LEAD | {"."}
_REPLACE = _tb.replacements
_ABBREVIATIONS = _tb.ABBREVIATIONS
_EOS = _tb.EOS
_BOUNDARY = frozenset(("...", ".", "!", "?", _EOS))
_CLOSERS = frozenset(("'", '"', "”", "’", "...", ".", "!", "?", ")", _EOS))
_LINEBREAK = re.compile(r"\n{2,}")
_UNICODE_QUOTES = (("“", " “ "), ("”", " ” "), ("‘", " ‘ "), ("’", " ’ "), ("'", " ' "))


def _emoticon_pairs() -> re.Pattern[str]:
    # A sentence can only be changed by RE_EMOTICONS / RE_SARCASM when it holds two characters
    # of one emoticon (or of "(!)") separated by the space the tokenizer put between them.
    pairs = {"( !", "! )"}
    for group in _tb.EMOTICONS.values():
        for emo in group:
            pairs.update(f"{a} {b}" for a, b in itertools.pairwise(emo))
    return re.compile("|".join(re.escape(p) for p in sorted(pairs)))


_MAY_JOIN = _emoticon_pairs()

# Lower-cased emoticon -> polarity, the first group in TextBlob's EMOTICONS order that has it.
_EMOTICON_POLARITY: dict[str, float] = {}
for (_kind, _p), _group in _tb.EMOTICONS.items():
    for _e in _group:
        _EMOTICON_POLARITY.setdefault(_e.lower(), _p)


# Unknown words with an effect of their own: "!" boosts the previous assessment, "(!)" is irony,
# an emoticon is a MOOD assessment (TextBlob only looks up non-alphabetic words of <= 5
# characters that are not a substring of its PUNCTUATION string).
_SPECIAL: dict[str, str | float] = {
    e: p
    for e, p in _EMOTICON_POLARITY.items()
    if not e.isalpha() and len(e) <= 5 and e not in _PUNCT
}
_SPECIAL["!"] = "!"
_SPECIAL["(!)"] = "(!)"


class Result(NamedTuple):
    """TextBlob's sentiment of one text: the two means and the assessments behind them."""

    polarity: float
    subjectivity: float
    assessments: list[tuple[list[str], float, float, str | None]]


# --- tokenizer ---------------------------------------------------------------------------------


def _is_abbreviation(t: str) -> bool:
    return (
        t in _ABBREVIATIONS
        or _tb.RE_ABBR1.match(t) is not None
        or _tb.RE_ABBR2.match(t) is not None
        or _tb.RE_ABBR3.match(t) is not None
    )


def _split_chunk(t: str) -> tuple[str, ...]:
    """TextBlob's split of one whitespace chunk into leading punct, core, trailing punct."""
    tokens: list[str] = []
    tail: list[str] = []
    lead = tuple(_LEAD)
    while t.startswith(lead) and t not in _REPLACE:
        tokens.append(t[0])
        t = t[1:]
    while t.endswith(tuple(_TRAIL)) and t not in _REPLACE:
        if t.endswith(lead):
            tail.append(t[-1])
            t = t[:-1]
        if t.endswith("..."):
            tail.append("...")
            t = t[:-3].rstrip(".")
        if t.endswith("."):
            if _is_abbreviation(t):
                break
            tail.append(t[-1])
            t = t[:-1]
    if t != "":
        tokens.append(t)
    tokens.extend(reversed(tail))
    return tuple(tokens)


def _raw_tokens(string: str) -> list[str]:
    for a, b in _REPLACE.items():  # literal patterns: str.replace == re.sub here
        if a in string:
            string = string.replace(a, b)
    for a, b in _UNICODE_QUOTES:
        if a in string:
            string = string.replace(a, b)
    if '"' in string:
        string = string.replace('"', ' " ')
    if "\r\n" in string:
        string = string.replace("\r\n", "\n")
    if "\n\n" in string:
        string = _LINEBREAK.sub(f" {_EOS} ", string)
    # str.split and re's \s agree on what whitespace is; map/chain keep the loop in C.
    return list(_chain(map(_chunk_tokens, string.split())))


@functools.lru_cache(maxsize=1 << 18)
def _chunk_tokens(t: str) -> tuple[str, ...]:
    """The tokens of one whitespace chunk (memoized: a chunk's split never depends on context)."""
    if (t[0] in _LEAD or t[-1] in _TRAIL) and t not in _REPLACE:
        return _split_chunk(t)
    return (t,)


_chain = itertools.chain.from_iterable


def _sentences(tokens: list[str]) -> list[list[str]]:
    """TextBlob's grouping of tokens into sentences (end-of-sentence markers dropped)."""
    sentences: list[list[str]] = [[]]
    i = j = 0
    n = len(tokens)
    while j < n:
        if tokens[j] in _BOUNDARY:
            while j < n and tokens[j] in _CLOSERS:
                if tokens[j] in ("'", '"') and sentences[-1].count(tokens[j]) % 2 == 0:
                    break
                j += 1
            sentences[-1].extend(t for t in tokens[i:j] if t != _EOS)
            sentences.append([])
            i = j
        j += 1
    sentences[-1].extend(tokens[i:j])
    return [s for s in sentences if s]


def find_tokens(string: str) -> list[str]:
    """TextBlob's ``find_tokens(string)`` (a list of space-joined sentences), exactly."""
    out = []
    for sentence in _sentences(_raw_tokens(string)):
        s = " ".join(sentence)
        if _MAY_JOIN.search(s) is not None:
            s = _tb.RE_SARCASM.sub("(!)", s)
            s = _tb.RE_EMOTICONS.sub(lambda m: m.group(1).replace(" ", "") + m.group(2), s)
        out.append(s)
    return out


def words(string: str) -> list[str]:
    """The lower-cased words TextBlob's sentiment walks for ``string``."""
    tokens = _raw_tokens(string)
    if _EOS in tokens:  # TextBlob's sentence grouping drops every end-of-sentence marker
        tokens = [t for t in tokens if t != _EOS]
    joined = " ".join(tokens)
    if _MAY_JOIN.search(joined) is None:
        return joined.lower().split()  # == [t.lower() for t in tokens]: no token holds a space
    return [w.lower() for w in " ".join(find_tokens(string)).split()]


# --- lexicon walk ------------------------------------------------------------------------------


class Lexicon(NamedTuple):
    """Plain-dict view of a TextBlob/Pattern ``Sentiment`` lexicon for :func:`assessments`."""

    entries: dict[str, tuple[float, float, float]]  # word -> (polarity, subjectivity, intensity)
    modifiers: frozenset[str]  # known words that modify the next one (have an "RB" sense)
    negations: frozenset[str]
    labels: dict[str, str]
    modifier: Callable[[str], bool]  # unknown-word modifier test (TextBlob: endswith "ly")
    # words that can change the walk's state when no modifier or negation is pending (derived:
    # build with make_lexicon)
    active: frozenset[str]


def make_lexicon(
    entries: dict[str, tuple[float, float, float]],
    modifiers: frozenset[str],
    negations: frozenset[str],
    labels: dict[str, str],
    modifier: Callable[[str], bool],
) -> Lexicon:
    """A :class:`Lexicon` with its ``active`` words derived from the other fields."""
    active = frozenset(entries) | negations | frozenset(_SPECIAL)
    return Lexicon(entries, modifiers, negations, labels, modifier, active)


def lexicon_from_sentiment(sentiment: Mapping) -> Lexicon:
    """Build a :class:`Lexicon` from a loaded ``textblob`` ``Sentiment`` object (or a copy)."""
    len(sentiment)  # forces TextBlob's lazy XML load
    entries, modifiers = {}, set()
    for word, senses in dict.items(sentiment):
        if None in senses:
            p, s, i = senses[None]
            entries[word] = (p, s, i)
        if any(m in senses for m in sentiment.modifiers):
            modifiers.add(word)
    return make_lexicon(
        entries=entries,
        modifiers=frozenset(modifiers),
        negations=frozenset(sentiment.negations),
        labels=dict(sentiment.labeler),
        modifier=sentiment.modifier,
    )


@functools.cache
def default_lexicon() -> Lexicon:
    """TextBlob's English lexicon (``textblob.en.sentiment``)."""
    from textblob.en import sentiment

    return lexicon_from_sentiment(sentiment)


def assessments(words: list[str], lex: Lexicon) -> list[tuple[list[str], float, float, str | None]]:
    """TextBlob's ``Sentiment.assessments`` for lower-cased ``words`` with part of speech None.

    While no modifier or negation is pending, a word that is not in the lexicon, not a
    negation and not special changes nothing, so the walk jumps from one such "active" word to
    the next (found by a C-level scan); otherwise it steps word by word, as TextBlob does.
    """
    entries, modifiers, negations, labels = lex.entries, lex.modifiers, lex.negations, lex.labels
    active = list(itertools.compress(range(len(words)), map(lex.active.__contains__, words)))
    if not active:
        return []
    a: list[list] = []  # [words, p, s, i, n, label] as TextBlob's dicts
    m: str | None = None
    n: str | None = None
    end = len(words)
    i = active[0]
    k = 0  # active[k] is the next active position >= i
    while True:
        w = words[i]
        e = entries.get(w)
        if e is not None:
            _add_entry(a, w, e, m, n, labels)
            m = w if w in modifiers else None
            n = w if w in negations else None
        else:
            if w in negations:
                n = w
            elif n and len(w.strip("'")) > 1:
                n = None
            if n is not None and m is not None and lex.modifier(m):
                a[-1][0].append(n)
                a[-1][4] = -1
                n = None
            elif m and len(w) > 2:
                m = None
            special = _SPECIAL.get(w)
            if special is not None:
                _add_special(a, w, special)
        if m is None and n is None:
            k = bisect.bisect_right(active, i, k)
            if k == len(active):
                break
            i = active[k]
        else:
            i += 1
            if i == end:
                break
    return [(x[0], x[1] * -0.5 if x[4] < 0 else x[1], x[2], x[5]) for x in a]


def _add_entry(a: list[list], w: str, e: tuple, m: str | None, n: str | None, labels: dict) -> None:
    """A lexicon word: a new assessment, or (after a modifier) the modified one; a pending
    negation flips it (TextBlob's rules)."""
    p, s, x = e
    if m is None:
        a.append([[w], p, s, x, 1, labels.get(w)])
    else:
        last = a[-1]
        last[0].append(w)
        last[1] = max(-1.0, min(p * last[3], +1.0))
        last[2] = max(-1.0, min(s * last[3], +1.0))
        last[3] = x
        last[5] = labels.get(w)
    if n is not None:
        last = a[-1]
        last[0].insert(0, n)
        last[3] = 1.0 / last[3]
        last[4] = -1


def _add_special(a: list[list], w: str, special: str | float) -> None:
    """An exclamation mark, irony mark or emoticon (TextBlob's rules)."""
    if special == "!":
        if a:
            last = a[-1]
            last[0].append("!")
            last[1] = max(-1.0, min(last[1] * 1.25, +1.0))
    elif special == "(!)":
        a.append([[w], 0.0, 1.0, 1.0, 1, _tb.IRONY])
    else:
        a.append([[w], special, 1.0, 1.0, 1, _tb.MOOD])


def score_words(words: list[str], lex: Lexicon) -> Result:
    """Polarity and subjectivity means of :func:`assessments`, with TextBlob's float order."""
    a = assessments(words, lex)
    sp, ss, k = 0, 0, 0
    for _w, p, s, _x in a:
        sp += p
        ss += s
        k += 1
    return Result(sp / float(k or 1), ss / float(k or 1), a)


def sentiment(text: str, lex: Lexicon | None = None) -> Result:
    """``TextBlob(text).sentiment`` (and its assessments), exactly; ``lex`` default: TextBlob's."""
    if not isinstance(text, str):
        raise ValueError(f"sentiment() needs a str, got {type(text).__name__}")
    return score_words(words(text), default_lexicon() if lex is None else lex)


# --- py3langid ---------------------------------------------------------------------------------
# py3langid walks a byte-level automaton in a Python loop, one step per byte (~0.1 µs/byte), then
# counts the features seen with a Counter. Its automaton is an Aho-Corasick one (checked by
# tests/test_fastblob.py): the state after any text is the longest suffix of the text that is a
# node of the feature trie, so it depends only on the last ``depth`` bytes (the trie's height).
# The state at every byte is thus a walk from the root over the ``depth`` bytes ending there,
# which numpy does for all positions at once in ``depth`` vectorized steps. The features are
# then counted in first-occurrence order (the Counter's key order), so the float32 dot product
# sees the same operands in the same order and the scores are the library's own, bit for bit.


class _Automaton(NamedTuple):
    nextmove: object  # np.ndarray: state row base + byte -> next state
    rowbase: object  # np.ndarray: state -> row base in nextmove
    output: object  # np.ndarray: state -> feature index, -1 for none
    root: object  # np.ndarray: byte -> state after it from the root
    depth: int  # height of the feature trie


def _automaton(identifier) -> _Automaton:
    import numpy as np

    nextmove = np.asarray(identifier.tk_nextmove)
    rowbase = np.asarray(identifier._rowbase, dtype=np.intp)
    output = np.asarray(identifier.tk_output, dtype=np.intp)
    # trie height = the largest breadth-first distance from the root (in an Aho-Corasick
    # automaton a state's distance is the length of its trie label)
    seen = np.zeros(len(rowbase), dtype=bool)
    seen[0] = True
    frontier, depth = np.zeros(1, dtype=np.intp), 0
    byte = np.arange(256, dtype=np.intp)
    while True:
        new = np.zeros_like(seen)
        for lo in range(0, len(frontier), 4096):
            nxt = nextmove[(rowbase[frontier[lo : lo + 4096], None] + byte).ravel()]
            new[nxt] = True
        new &= ~seen
        if not new.any():
            break
        seen |= new
        frontier, depth = np.flatnonzero(new), depth + 1
    root = nextmove[rowbase[0] : rowbase[0] + 256].astype(np.intp)
    return _Automaton(nextmove, rowbase, output, root, depth)


def _visit_counts(identifier, text: bytes):
    """Features py3langid's walk over ``text`` sees and how often, in first-occurrence order.

    Returns ``(features, counts)`` as numpy arrays (intp, float32), the keys and values of
    py3langid's ``visit_counts`` Counter, or None when it sees no feature.
    """
    import numpy as np

    auto = identifier._auto
    nm, rowbase = auto.nextmove, auto.rowbase
    data = np.frombuffer(text, dtype=np.uint8)
    # after step k, state[i] is the walk from the root over bytes max(0, i - k)..i
    state = auto.root[data]
    for k in range(1, min(auto.depth, len(data))):
        state[k:] = nm[rowbase[state[k - 1 : -1]] + data[k:]]
    feats = auto.output[state]
    feats = feats[feats >= 0]
    if len(feats) < 256:  # small: a Counter costs less than numpy's fixed overheads
        if not len(feats):
            return None
        seen = Counter(feats.tolist())
        return (
            np.fromiter(seen.keys(), dtype=np.intp, count=len(seen)),
            np.fromiter(seen.values(), dtype=np.float32, count=len(seen)),
        )
    order = np.argsort(feats, kind="stable")  # stable: a run's first entry is its first position
    ranked = feats[order]
    starts = np.flatnonzero(np.concatenate(([True], ranked[1:] != ranked[:-1])))
    counts = np.diff(np.append(starts, len(ranked)))
    by_first = np.argsort(order[starts])
    return ranked[starts][by_first], counts[by_first].astype(np.float32)


def language_identifier(model_path, norm_probs: bool = True):
    """A py3langid ``LanguageIdentifier`` with a vectorized byte walk (same results)."""
    import numpy as np
    from py3langid import langid

    class _Vectorized(langid.LanguageIdentifier):
        __slots__ = ("_auto",)

        def _raw_score(self, text):  # py3langid's _raw_score and _sparse_score, same operations
            visits = _visit_counts(self, text)
            if visits is not None:
                idx, counts = visits
                # np.take: the rows self.nb_ptc[idx] holds, gathered faster
                return np.log1p(counts) @ np.take(self.nb_ptc, idx, axis=0) + self.nb_pc
            fill = 0.0 if self._norm_probs else langid.RAW_FLOOR
            return np.full(len(self.nb_classes), fill, dtype=np.float32)

    ident = _Vectorized.from_modelpath(model_path, norm_probs=norm_probs)
    ident._auto = _automaton(ident)
    # The model's float16 table is cast to float32 inside every ``counts @ table[idx]`` (the
    # float32 operand decides the loop); casting it once (exact) saves that per-call cast and
    # feeds the same float32 values to the same matmul, so the scores are bit-identical.
    ident.nb_ptc = np.ascontiguousarray(ident.nb_ptc, dtype=np.float32)
    return ident

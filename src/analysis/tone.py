"""Tone toward a target: the polarity of a sentence *toward one mention* in it, not of the sentence.

Stage: measure (imports segment, fastblob; never a later stage). Public API::

    from analysis import tone_toward
    tone_toward("Critics accused Trump of betraying Zelensky.", [(16, 21), (37, 45)])

``tone_toward(text, spans)`` takes one sentence and character spans ``(start, end)`` of
mentions (``text[start:end]`` is the mention, as NewsMTSC's ``from``/``to``) and returns one
polarity in [-1, 1] per span: ``p(positive) - p(negative)`` of a three-class multinomial
logistic regression. :func:`tone_probabilities` gives the three probabilities and
:func:`tone_classes` the most probable class (``"negative"``, ``"neutral"``, ``"positive"``).

What the model sees, for each span (:func:`features`), from one tokenization of the sentence
(analysis.segment.tokenize) and two lexicons:

- **Words around the mention, weighted by distance**: every word outside the mention counts
  ``exp(-(d - 1) / DISTANCE_SCALE)`` with d its distance in words to the mention (1 for a
  neighbour). Lexicon sums: TextBlob's polarity lexicon (via analysis.fastblob) and VADER's
  valences (/4), a negation ("not", "never", "n't", ... in the three words before) flipping and
  damping a word as TextBlob (x -0.5) and VADER (x -0.74) do. Sums over the mention's *clause*
  (split at , ; : brackets, dashes, quotation marks and "but", "while", "although", ...), left
  and right of it, and over the whole sentence, and the weighted sums of positive and of
  negative words.
- **Words as such** (bag of words, distance-weighted): each lower-case word (capitalised words,
  i.e. names, are left out so that no person's prior from the training news carries over to a
  new story) that occurs in at least MIN_COUNT training targets has a weight per class.
  Words of the mention's own clause at most SIDE_WINDOW words away are also features of
  their side (``l:accused`` in "accused X", ``r:accused`` in "X accused").
- **Who does what to whom** (:func:`_add_roles`, on the word sequence, within the mention's
  punctuation marks): object of a verb of criticism or accusation ("accused", "blamed",
  "slammed", ...) or of praise ("praised", "thanked", "backed", ...), also "accused A and X"
  and the passive "X was accused"; object of an act noun ("criticism of X", "support for X",
  "against X"); agent ("was praised by X"); subject ("X, who has accused"); speaker of a
  neutral reporting verb ("X said"). Acts in data/tone_acts.csv, grammar words in
  the language resources (analysis.lang, English).
- **Quotations kept apart**: words inside a quotation the mention is not in are counted in
  separate lexicon sums and separate word features (``q:``), so a speaker's own quoted words
  do not read as words about the speaker; the mention inside a quotation is an indicator.

- **Persons set against each other**: when the spans of one call name two or more persons
  (another last word; :func:`other_persons`), each mention's positive-minus-negative score moves
  CONTRAST times its distance from the other persons' mean (:func:`contrast`), so that "Voters
  praised A but blamed B" can read A and B apart even where the sentence's words pull both
  one way. The other spans of the call therefore matter: pass every person mention of the
  sentence, as :func:`score_mentions` does.

The weights are in ``data/tone_weights.csv`` (one row per feature, one column per class, a
``#`` header saying how they were fitted); ``validate/tone.py --fit`` refits them from
NewsMTSC's train split (Hamborg & Donnay, EACL 2021, MIT licence) byte for byte, and
``validate/tone.py`` prints the held-out figures (docs/METHODS.md, "Tone toward an actor").
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from analysis import fastblob
from analysis.segment import token_pieces

WEIGHTS_PATH: Path = Path(__file__).parent / "data" / "tone_weights.csv"
CLASSES: tuple[str, str, str] = ("negative", "neutral", "positive")

#: Words at distance d from the mention weigh exp(-(d - 1) / DISTANCE_SCALE).
DISTANCE_SCALE: float = 4.0
#: In a sentence with mentions of other persons (other spans of the same call), a word nearer
#: another person's mention than this one weighs this much (1: as any word; 0: not at all).
OTHER_WEIGHT: float = 1.0
#: How far the class scores of mentions of different persons in one sentence are pushed apart
#: (:func:`contrast`; 0: not at all). Chosen by ``validate/tone.py --cv --contrast`` on train.
CONTRAST: float = 0.4
#: "all": :func:`contrast` moves all three class scores; "polarity": only positive against
#: negative.
CONTRAST_AXIS: str = "polarity"
#: A word feature is kept when it occurs in at least this many training targets.
MIN_COUNT: int = 5
#: Words of the mention's own clause at most this many words before or after it are also
#: features of their side ("l:accused" in "accused X", "r:accused" in "X accused"), so the
#: model can tell who does what to whom (0: off). Chosen by ``validate/tone.py --cv --set
#: SIDE_WINDOW=0,1,2,3,4,6`` on train.
SIDE_WINDOW: int = 3

_NEGATIONS = frozenset(
    (
        "not",
        "no",
        "never",
        "n't",
        "without",
        "nor",
        "neither",
        "nobody",
        "nothing",
        "none",
        "cannot",
        "hardly",
        "barely",
    )
)
_CLAUSE_WORDS = frozenset(
    (
        "but",
        "while",
        "although",
        "though",
        "whereas",
        "however",
        "yet",
        "because",
        "after",
        "before",
        "when",
        "who",
        "which",
        "that",
        "and",
    )
)
_BOUNDARY = re.compile(r"[,;:()\[\]“”\"—–]|\s-\s")
_QUOTE_MARK = re.compile(r"[“”\"]")
_PASSIVE_AUX = frozenset(
    (
        "was",
        "were",
        "been",
        "being",
        "is",
        "are",
        "be",
        "get",
        "got",
        "gets",
    )
)
ACTS_PATH: Path = Path(__file__).parent / "data" / "tone_acts.csv"
REPORTING_PATH: Path = Path(__file__).parent / "data" / "reporting_verbs.csv"


def _english():
    """The grammar words of the default language's resources (analysis.lang.DEFAULT, English):
    the fitted weights are English model data, so the roles read English words too."""
    from analysis import lang

    return lang.DEFAULT


@functools.cache
def _acts() -> dict[str, dict[str, str]]:
    """Acts of criticism or accusation ("neg") and of praise or support ("pos"), by kind:
    ``{"verb": {word: "neg" | "pos"}, "noun": {...}}`` (data/tone_acts.csv: word, act, kind,
    source)."""
    import csv

    out: dict[str, dict[str, str]] = {"verb": {}, "noun": {}}
    with ACTS_PATH.open(encoding="utf-8", newline="") as fh:
        for k, row in enumerate(csv.DictReader(fh), start=2):
            act, kind = row.get("act"), row.get("kind")
            if act not in ("negative", "positive") or kind not in out or not row.get("word"):
                raise ValueError(
                    f"{ACTS_PATH}: row {k} needs a word, act negative/positive, kind verb/noun"
                )
            out[kind][row["word"].strip().lower()] = act[:3]
    return out


@functools.cache
def _reporting() -> frozenset[str]:
    """One-word forms of the neutral reporting verbs ("said", "told", ...;
    data/reporting_verbs.csv, class neutral)."""
    import csv

    out: set[str] = set()
    with REPORTING_PATH.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row.get("class") == "neutral" and row.get("kind") == "verb":
                out.update(w for w in row["forms"].split("|") if " " not in w)
    return frozenset(out)


@functools.cache
def _lexicons() -> tuple[dict[str, float], dict[str, float]]:
    """TextBlob's word polarities (non-zero ones) and VADER's valences / 4."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    tb = {w: e[0] for w, e in fastblob.default_lexicon().entries.items() if e[0] != 0}
    vd = {w: v / 4.0 for w, v in SentimentIntensityAnalyzer().lexicon.items() if v != 0}
    return tb, vd


class _Sentence(NamedTuple):
    toks: list[tuple[int, int]]
    low: list[str]
    bow: list[bool]  # word may be a bag-of-words feature (not capitalised)
    clause: list[int]
    chunk: list[int]  # index of the stretch between punctuation boundaries (, ; : brackets ...)
    quote: list[int]  # 0 outside quotations, else 1 + index of the quotation
    tb: list[float]
    vd: list[float]
    has_quote: bool


def _quotations(text: str) -> list[tuple[int, int]]:
    """Character ranges between paired quotation marks (an unclosed one runs to the end)."""
    regions, start = [], None
    for m in _QUOTE_MARK.finditer(text):
        ch = m.group()
        if ch == "“" or (ch == '"' and start is None):
            start = m.start()
        elif start is not None:
            regions.append((start, m.start()))
            start = None
    if start is not None:
        regions.append((start, len(text)))
    return regions


def _sentence(text: str) -> _Sentence:
    # one regex pass gives tokens and the gaps between them (analysis.segment.token_pieces:
    # gap, token, gap, ..., gap); the spans are the running sums of the pieces' lengths
    pieces = token_pieces(text)
    words = pieces[1::2]
    ends = list(itertools.accumulate(map(len, pieces)))
    # a token starts where the gap before it ends
    toks = list(zip(ends[0:-1:2], ends[1::2], strict=True))
    n = len(toks)
    # lower() of the words joined by spaces is each word's lower(): a space is neither cased
    # nor case-ignorable, so no final-sigma context crosses it, and lower() adds no space
    low = " ".join(words).lower().split(" ") if n else []
    bow = [not w[0].isupper() for w in words]
    clause, chunk = [0] * n, [0] * n
    c = h = 0
    for i in range(1, n):
        gap = pieces[2 * i]  # between token i - 1 and token i
        punct = gap != " " and _BOUNDARY.search(gap) is not None
        if punct or low[i] in _CLAUSE_WORDS:
            c += 1
        h += punct
        clause[i], chunk[i] = c, h
    regions = _quotations(text)
    quote = [0] * n
    if regions:
        for i, (s, _) in enumerate(toks):
            for r, (a, b) in enumerate(regions):
                if a < s < b:
                    quote[i] = r + 1
                    break
    tb_lex, vd_lex = _lexicons()
    tb, vd = [0.0] * n, [0.0] * n
    for i, w in enumerate(low):
        p, v = tb_lex.get(w, 0.0), vd_lex.get(w, 0.0)
        if p or v:
            if any(x in _NEGATIONS or x.endswith("n't") for x in low[max(0, i - 3) : i]):
                p, v = p * -0.5, v * -0.74
            tb[i], vd[i] = p, v
    return _Sentence(toks, low, bow, clause, chunk, quote, tb, vd, bool(regions))


def _check_spans(text: str, spans: Iterable[Sequence[int]]) -> list[tuple[int, int]]:
    if not isinstance(text, str):
        raise ValueError(f"tone_toward: text must be a str, got {type(text).__name__}")
    out = []
    for span in spans:
        try:
            start, end = span
        except (TypeError, ValueError):
            raise ValueError(f"tone_toward: a span must be (start, end), got {span!r}") from None
        if isinstance(start, bool) or isinstance(end, bool):
            raise ValueError(f"tone_toward: span {span!r} holds a bool, not character offsets")
        try:
            start, end = int(start), int(end)
        except (TypeError, ValueError):
            raise ValueError(f"tone_toward: span {span!r} is not two integers") from None
        if not 0 <= start < end <= len(text):
            raise ValueError(
                f"tone_toward: span {span!r} is not a non-empty range inside the text "
                f"(0..{len(text)})"
            )
        if not text[start:end].strip():
            raise ValueError(f"tone_toward: span {span!r} covers only whitespace")
        out.append((start, end))
    return out


def _mention_tokens(sent: _Sentence, start: int, end: int) -> list[int]:
    """Indices of the tokens the span covers (a span of punctuation only: the nearest word)."""
    toks = sent.toks
    inside = [i for i, (s, e) in enumerate(toks) if s < end and e > start]
    if not inside and toks:
        inside = [min(range(len(toks)), key=lambda i: (abs(toks[i][0] - start), i))]
    return inside


def _add_words(
    f: dict[str, float],
    sent: _Sentence,
    a: int,
    b: int,
    clauses: set[int],
    others: list[tuple[int, int]],
) -> None:
    """Distance-weighted lexicon sums and word features of every token outside tokens a..b; a
    token nearer another person's mention (``others``: token ranges) than this one weighs
    OTHER_WEIGHT times as much."""
    low, tb, vd, bow = sent.low, sent.tb, sent.vd, sent.bow
    own_quote = sent.quote[a]
    n = len(low)
    inv_n = 1.0 / n
    for i in range(n):
        if a <= i <= b:
            continue
        d = a - i if i < a else i - b
        w = math.exp(-(d - 1) / DISTANCE_SCALE)
        fac = 1.0
        if (
            others
            and OTHER_WEIGHT != 1.0
            and min(oa - i if i < oa else i - ob for oa, ob in others) < d
        ):
            fac = OTHER_WEIGHT
            w *= fac
        quoted = sent.quote[i] != 0 and sent.quote[i] != own_quote
        p, v = tb[i], vd[i]
        if p or v:
            key = "q" if quoted else "n"
            f["tb_" + key] = f.get("tb_" + key, 0.0) + p * w
            f["vd_" + key] = f.get("vd_" + key, 0.0) + v * w
            f["tb_all"] = f.get("tb_all", 0.0) + p * inv_n
            f["vd_all"] = f.get("vd_all", 0.0) + v * inv_n
            if not quoted and sent.clause[i] in clauses:
                side = "vd_clL" if i < a else "vd_clR"
                f["tb_cl"] = f.get("tb_cl", 0.0) + p * fac
                f["vd_cl"] = f.get("vd_cl", 0.0) + v * fac
                f[side] = f.get(side, 0.0) + v * fac
            if p > 0 or v > 0:
                f["pos_w"] = f.get("pos_w", 0.0) + w * max(p, v)
            if p < 0 or v < 0:
                f["neg_w"] = f.get("neg_w", 0.0) + w * min(p, v)
        if bow[i]:
            key = ("q:" if quoted else "w:") + low[i]
            f[key] = f.get(key, 0.0) + w
            if d <= SIDE_WINDOW and not quoted and sent.clause[i] in clauses:
                key = ("l:" if i < a else "r:") + low[i]
                f[key] = f.get(key, 0.0) + 1.0


def _act(word: str, kind: str = "verb") -> str:
    """``"neg"`` or ``"pos"`` for a word of data/tone_acts.csv of that kind ("verb",
    "noun"), else ``""``."""
    return _acts()[kind].get(word, "")


def _add_roles(f: dict[str, float], sent: _Sentence, a: int, b: int) -> None:
    """Who does what to whom, from the words around the mention (tokens a..b): object of an
    act ("accused X", "accused A and X"; ``obj_``), of an act noun ("criticism of X",
    "against X"; ``nobj_``), its agent ("was accused by X", "attacks by X"; ``agent_``), its
    subject ("X accused", "X has repeatedly praised"; ``subj_``) or the object of a passive
    ("X was accused"; ``obj_``), the speaker of a neutral reporting verb ("X said", "said X";
    ``reporter``). Only words between the same punctuation marks as the mention count, but for
    "X, who accused"."""
    low, chunk = sent.low, sent.chunk
    en = _english()
    lo = a
    while lo > 0 and chunk[lo - 1] == chunk[a]:
        lo -= 1
    hi = b + 1
    if hi < len(low) and low[hi] == en.RELATIVE_WHO:
        hi += 1
    while hi < len(low) and chunk[hi] == chunk[hi - 1]:
        hi += 1
    _roles_before(f, low[lo:a], en)
    _roles_after(f, low[b + 1 : hi], en)


def _roles_before(f: dict[str, float], left: list[str], en) -> None:
    """Roles from the words before the mention (``left``, nearest last)."""
    n = len(left)
    if n >= 2 and left[-1] == en.AGENT_BY and _act(left[-2]):
        f["agent_" + _act(left[-2])] = 1.0
        return
    j0 = n - 1
    if j0 >= 1 and left[j0] in en.TONE_COORDINATION:  # "accused A and X": look past "A and"
        j0 -= 1
        while j0 >= 1 and not _act(left[j0]) and n - j0 < 6:
            j0 -= 1
    for j in range(j0, max(-1, j0 - 3), -1):
        if _act(left[j]):
            f["obj_" + _act(left[j])] = 1.0
            break
    if n >= 1 and left[-1] in en.TONE_ACT_PREPOSITIONS:
        if left[-1] in en.TONE_AGAINST:
            f["nobj_neg"] = 1.0
        elif n >= 2 and _act(left[-2], "noun"):
            f["nobj_" + _act(left[-2], "noun")] = 1.0
    if n >= 1 and left[-1] in _reporting():
        f["reporter"] = 1.0


def _roles_after(f: dict[str, float], right: list[str], en) -> None:
    """Roles from the words after the mention (``right``, nearest first)."""
    for j, word in enumerate(right[:4]):
        if _act(word):
            passive = any(x in _PASSIVE_AUX for x in right[:j])
            f[("obj_" if passive else "subj_") + _act(word)] = 1.0
            return
        if word in _reporting():
            f["reporter"] = 1.0
            return
        if j > 1 and word not in en.TONE_BETWEEN:
            return


_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


def _person(text: str, start: int, end: int) -> str:
    """A key for "the same person": the mention's last word, lower case, without a possessive
    ("Mr. Trump", "Trump's" and "Donald Trump" share one key)."""
    words = text[start:end].split()
    return _POSSESSIVE.sub("", words[-1].lower()) if words else ""


def _features_of(
    sent: _Sentence, inside: list[int], others: list[tuple[int, int]]
) -> dict[str, float]:
    f: dict[str, float] = {"bias": 1.0}
    if not inside:
        return f
    a, b = inside[0], inside[-1]
    _add_words(f, sent, a, b, {sent.clause[i] for i in inside}, others)
    _add_roles(f, sent, a, b)
    if sent.quote[a]:
        f["t_inq"] = 1.0
    elif sent.has_quote:
        f["has_quote"] = 1.0
    return f


def features(text: str, spans: Iterable[Sequence[int]]) -> list[dict[str, float]]:
    """The model's features (name -> value) for each span of ``text``; see the module doc."""
    return _read(text, spans)[0]


def _read(
    text: str, spans: Iterable[Sequence[int]]
) -> tuple[list[dict[str, float]], list[list[int]]]:
    """Features of each span and, for each, the indices of the other persons' spans (one
    tokenization of the sentence for both)."""
    checked = _check_spans(text, spans)
    sent = _sentence(text)
    insides = [_mention_tokens(sent, s, e) for s, e in checked]
    if len(checked) < 2:
        return [_features_of(sent, inside, []) for inside in insides], [[] for _ in checked]
    others = _others([_person(text, s, e) for s, e in checked], insides)
    feats = [
        _features_of(sent, inside, [(insides[k][0], insides[k][-1]) for k in ks])
        for inside, ks in zip(insides, others, strict=True)
    ]
    return feats, others


def _others(persons: list[str], insides: list[list[int]]) -> list[list[int]]:
    """For each span, the indices of the spans that mention *another* person (another
    :func:`_person` key, other tokens)."""
    return [
        [
            k
            for k, ins in enumerate(insides)
            if ins and inside and persons[k] != persons[t] and ins[0] != inside[0]
        ]
        for t, inside in enumerate(insides)
    ]


def other_persons(text: str, spans: Iterable[Sequence[int]]) -> list[list[int]]:
    """For each span of ``text``, the indices of the other spans that name another person (the
    spans :func:`contrast` sets it against)."""
    return _read(text, spans)[1]


def contrast(
    logits: Sequence[Sequence[float]], others: Sequence[Sequence[int]], beta: float | None = None
) -> list[tuple[float, float, float]]:
    """Set the mentions of one sentence against each other: each mention's three class scores
    move by ``beta`` times their difference from the mean scores of the *other persons'*
    mentions (``others``, from :func:`other_persons`); a mention with no other person stays."""
    beta = CONTRAST if beta is None else beta
    out = []
    for z, ks in zip(logits, others, strict=True):
        if not ks or not beta:
            out.append(tuple(z))
            continue
        if CONTRAST_AXIS == "polarity":  # only positive against negative; neutral stays
            mean = sum(logits[k][2] - logits[k][0] for k in ks) / len(ks)
            shift = beta * ((z[2] - z[0]) - mean) / 2
            out.append((z[0] - shift, z[1], z[2] + shift))
            continue
        mean3 = [sum(logits[k][c] for k in ks) / len(ks) for c in range(3)]
        out.append(tuple(z[c] + beta * (z[c] - mean3[c]) for c in range(3)))
    return out


class Weights(NamedTuple):
    """The fitted model: feature name -> (negative, neutral, positive) weights."""

    weights: dict[str, tuple[float, float, float]]
    header: tuple[str, ...]


def read_weights(path: str | Path = WEIGHTS_PATH) -> Weights:
    """Read a weights CSV: ``#`` header lines, then ``feature,negative,neutral,positive``."""
    path = Path(path)
    weights: dict[str, tuple[float, float, float]] = {}
    with path.open(encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    body = [ln for ln in lines if not ln.startswith("#")]
    header = [ln[1:].strip() for ln in lines if ln.startswith("#")]
    if not body or body[0] != "feature,negative,neutral,positive":
        raise ValueError(f"{path}: expected the column line 'feature,negative,neutral,positive'")
    for k, line in enumerate(body[1:], start=2):
        parts = line.rsplit(",", 3)
        name = parts[0]
        try:
            values = tuple(float(x) for x in parts[1:])
        except ValueError:
            raise ValueError(f"{path}: row {k} has a non-number weight: {line!r}") from None
        if len(values) != 3 or not name:
            raise ValueError(f"{path}: row {k} is not 'feature,neg,neu,pos': {line!r}")
        if name in weights:
            raise ValueError(f"{path}: feature {name!r} appears twice")
        weights[name] = values  # type: ignore[assignment]
    if "bias" not in weights:
        raise ValueError(f"{path}: no 'bias' row")
    return Weights(weights, tuple(header))


@functools.cache
def _default_weights() -> Weights:
    return read_weights(WEIGHTS_PATH)


def _logits(f: dict[str, float], weights: dict) -> tuple[float, float, float]:
    z0 = z1 = z2 = 0.0
    get = weights.get
    for name, value in f.items():
        w = get(name)
        if w is not None:
            z0 += w[0] * value
            z1 += w[1] * value
            z2 += w[2] * value
    return z0, z1, z2


def _softmax(z: Sequence[float]) -> tuple[float, float, float]:
    m = max(z)
    e0, e1, e2 = math.exp(z[0] - m), math.exp(z[1] - m), math.exp(z[2] - m)
    s = e0 + e1 + e2
    return e0 / s, e1 / s, e2 / s


def tone_probabilities(
    text: str, spans: Iterable[Sequence[int]], weights: Weights | None = None
) -> list[tuple[float, float, float]]:
    """(p negative, p neutral, p positive) toward each span of ``text``; mentions of two or
    more persons in one call are set against each other by :func:`contrast`."""
    w = (weights or _default_weights()).weights
    feats, others = _read(text, spans)
    z = [_logits(f, w) for f in feats]
    if len(z) > 1 and CONTRAST:
        z = contrast(z, others)
    return [_softmax(v) for v in z]


def tone_toward(
    text: str, spans: Iterable[Sequence[int]], weights: Weights | None = None
) -> list[float]:
    """Tone of ``text`` toward each mention ``text[start:end]``: p(positive) - p(negative).

    One float in [-1, 1] per span, in order. Raises ValueError for a text that is not a str
    or a span that is not a non-empty ``(start, end)`` range inside the text.
    """
    return [p[2] - p[0] for p in tone_probabilities(text, spans, weights)]


def tone_classes(
    text: str, spans: Iterable[Sequence[int]], weights: Weights | None = None
) -> list[str]:
    """The most probable class toward each span: "negative", "neutral" or "positive"."""
    probs = tone_probabilities(text, spans, weights)
    return [CLASSES[max(range(3), key=p.__getitem__)] for p in probs]


MENTION_TONE_COLUMNS: list[str] = [
    "article_id",
    "sentence_index",
    "actor",
    "surface",
    "start",
    "end",
    "tone",
    "p_negative",
    "p_neutral",
    "p_positive",
    "tone_class",
]


def score_mentions(sentences, mentions, weights: Weights | None = None):
    """Tone toward every mention: one row per row of ``mentions`` (every mention of an actor in
    a sentence, not only the first), in the mentions table's order.

    ``sentences``: analysis.segment's table (``article_id``, ``sentence_index``, ``start``,
    ``text``); ``mentions``: analysis.actors' table (``article_id``, ``sentence_index``,
    ``actor``, ``surface``, ``start``, ``end``; offsets in the article). All mentions of one
    sentence are scored in one call. Columns :data:`MENTION_TONE_COLUMNS`: the mention's
    identity, ``tone`` (p positive - p negative, -1..1), the three probabilities and
    ``tone_class`` (the most probable class).
    """
    import pandas as pd

    w = weights or _default_weights()
    rows: list[tuple] = []
    if len(mentions):
        # plain Python values (tolist), not per-element Series iteration
        sent = {
            (a, i): (s, t)
            for a, i, s, t in zip(
                sentences["article_id"].tolist(),
                sentences["sentence_index"].astype(int).tolist(),
                sentences["start"].astype(int).tolist(),
                sentences["text"].tolist(),
                strict=True,
            )
        }
        ms = list(
            zip(
                mentions["article_id"].tolist(),
                mentions["sentence_index"].astype(int).tolist(),
                mentions["actor"].tolist(),
                mentions["surface"].tolist(),
                mentions["start"].astype(int).tolist(),
                mentions["end"].astype(int).tolist(),
                strict=True,
            )
        )
        by_sentence: dict[tuple, list[int]] = {}
        for k, m in enumerate(ms):
            by_sentence.setdefault((m[0], m[1]), []).append(k)
        out: list[tuple[float, float, float] | None] = [None] * len(ms)
        for key, idx in by_sentence.items():
            s_start, text = sent[key]
            spans = [(ms[k][4] - s_start, ms[k][5] - s_start) for k in idx]
            for k, p in zip(idx, tone_probabilities(text, spans, w), strict=True):
                out[k] = p
        for m, p in zip(ms, out, strict=True):
            cls = CLASSES[max(range(3), key=p.__getitem__)]
            rows.append((*m, p[2] - p[0], p[0], p[1], p[2], cls))
    df = pd.DataFrame(rows, columns=MENTION_TONE_COLUMNS)
    return df.astype(
        {
            "sentence_index": "int64",
            "start": "int64",
            "end": "int64",
            "tone": "float64",
            "p_negative": "float64",
            "p_neutral": "float64",
            "p_positive": "float64",
        }
    )

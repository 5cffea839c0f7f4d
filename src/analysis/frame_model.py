"""Frame model: generic frames per article decided the way trained coders decide them.

Coders answer yes/no questions per frame (Semetko & Valkenburg 2000: 20 questions; the Narrative
Frames Corpus codebook, Frermann et al. 2023: 21) and weigh the headline and lead. This module
turns those questions into sentence-level cues, sums a sentence's evidence into article features
and decides each frame with a logistic model fitted on the Narrative Frames Corpus (validation
and the fitting command: ``validate/frames.py``; figures: docs/METHODS.md).

Data files (both in ``analysis/data/``, versioned; users can pass their own):

- ``frame_cues.csv`` (:func:`load_cues`): ``feature``, ``frame``, ``question`` (the codebook
  question the cue answers, e.g. CO2), ``kind`` (cue | idiom | furniture), ``entry`` (the
  frames.yaml entry syntax: ``blame`` inflected, ``=win|won`` exact forms, ``cut emissions`` a
  phrase), ``version``, ``source``. An ``idiom`` entry masks the cues it overlaps ("right now"
  is not a moral right, "Bill Gates" not a bill); a ``furniture`` entry marks a short sentence
  (under :data:`FURNITURE_MAX_WORDS` words) as page furniture, which carries no evidence.
- ``frame_model.csv`` (:func:`load_model`): ``kind`` (meta | bias | threshold | weight | idf |
  mean), ``frame``, ``feature``, ``value``. Plain numbers, no pickle; written by
  ``validate/frames.py --fit`` (deterministic, byte for byte), which chooses each frame's
  training target and penalties by nested cross-validation (``meta`` rows ``config.<frame>``).

Sentence cues (:func:`sentence_cues`), one row per sentence x cue feature: ``article_id``,
``sentence_index``, ``feature``, ``frame``, ``question``, ``polarity`` (asserted | negated: a
negator - not, no, never, n't, cannot, without, neither, nor, nobody, none, nothing - among
the three words before the cue), ``modal`` (bool: could, would, may, might, should, must among
the three words before), ``terms`` (the matched words in lower case, distinct, ";"-joined),
``spans`` ("start-end;..." offsets in ``articles.text``).

Article features (:func:`article_features`): for each cue feature ``cue:<f>`` = log(1 + the
number of sentences asserting it) and ``lead:<f>`` = 1 when the headline or lead (the first
:data:`LEAD_SENTENCES` sentences, a headline and standfirst counted among them) asserts it;
``neg:<frame>`` = log(1 + negated cue sentences of the frame); ``word:<w>`` for a capped
vocabulary fitted on the training articles: log(1 + sentences holding w) x idf, the word block
scaled to unit length per article.

Decision (:func:`decide_frames`): score = bias + sum(weight x feature); the frame is present
when its probability reaches the frame's threshold (chosen on training folds). Topic
indicators (:func:`topic_features`: a feature firing in more than half of the articles of every
outlet with at least :data:`TOPIC_MIN_ARTICLES` articles) are the story's subject: their
value is held at its mean over the fitting articles (so it moves no article's score) and its
evidence rows are flagged. The dominant
frame of an article is the present frame with the most evidence in the headline and lead (ties:
the higher probability).

Tables:

- ``frame_decisions``: ``article_id``, ``frame``, ``score``, ``probability``, ``threshold``,
  ``present`` (bool), ``n_evidence_sentences``, ``lead_evidence``, ``is_dominant``,
  ``dominant_frame`` ("" when no frame is present).
- ``frame_evidence`` (present frames only): ``article_id``, ``frame``, ``sentence_index``,
  ``feature`` (a cue feature, e.g. ``cue:co_reproach``; or ``words:a;b;c``: the sentence's
  vocabulary words, the five strongest named), ``question`` (codebook question; "" for words),
  ``weight`` (the sentence's share of the feature's contribution to the score; a word's
  contribution under :data:`EVIDENCE_MIN_WORD_WEIGHT` is left out), ``is_lead``, ``is_topic``;
  only positive contributions, sorted by article, frame, weight (descending), sentence.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from io import StringIO
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis import lang
from analysis.arrays import one_blas_thread
from analysis.datafiles import read_text

# the dictionary matcher of analysis.frames: one compiled trie regex, cached per table
from analysis.frames import _matcher, _scan, expand_entry

DEFAULT_CUES = "frame_cues.csv"
DEFAULT_MODEL = "frame_model.csv"
CUE_COLUMNS: list[str] = ["feature", "frame", "question", "kind", "entry", "version", "source"]
MODEL_COLUMNS: list[str] = ["kind", "frame", "feature", "value"]
#: the five generic frames, in report order (Narrative Frames Corpus labels CO, EC, HI, MO, RE)
MODEL_FRAMES: tuple[str, ...] = (
    "conflict",
    "economic_consequences",
    "human_interest",
    "morality",
    "responsibility",
)
SENTENCE_CUE_COLUMNS: list[str] = [
    "article_id",
    "sentence_index",
    "feature",
    "frame",
    "question",
    "polarity",
    "modal",
    "terms",
    "spans",
]
DECISION_COLUMNS: list[str] = [
    "article_id",
    "frame",
    "score",
    "probability",
    "threshold",
    "present",
    "n_evidence_sentences",
    "lead_evidence",
    "is_dominant",
    "dominant_frame",
]
EVIDENCE_COLUMNS: list[str] = [
    "article_id",
    "frame",
    "sentence_index",
    "feature",
    "question",
    "weight",
    "is_lead",
    "is_topic",
]
LEAD_SENTENCES = 3
FURNITURE_MAX_WORDS = 12
TOPIC_MIN_ARTICLES = 3
TOPIC_SHARE = 0.5
EVIDENCE_MIN_WORD_WEIGHT = 0.01
EVIDENCE_WORDS_NAMED = 5
_KINDS = {"cue", "idiom", "furniture"}
_NEGATORS = frozenset(
    {"not", "no", "never", "without", "neither", "nor", "cannot", "nobody", "none", "nothing"}
)
_MODALS = frozenset({"could", "would", "may", "might", "should", "must"})
_WORD = re.compile(r"[a-z][a-z'’]*[a-z]|[a-z]")
_FEATURE_NAME = re.compile(r"[a-z][a-z0-9_]*")


# --------------------------------------------------------------------------------------------
# data files


def _read_csv(path: str | Path | None, default: str, what: str) -> tuple[pd.DataFrame, str]:
    label, text = read_text(path, default, what)
    try:
        table = pd.read_csv(StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ValueError(f"{what} {label}: not a CSV table ({str(exc).splitlines()[0]})") from exc
    return table, label


def load_cues(path: str | Path | None = None) -> pd.DataFrame:
    """Read the question cues (:data:`CUE_COLUMNS`); None loads the shipped ``frame_cues.csv``.

    Raises ValueError naming the file and row on a missing column, an unknown kind, a cue
    without frame, question or source, or an entry the frames.yaml syntax does not accept.
    """
    table, label = _read_csv(path, DEFAULT_CUES, "frame cues")
    missing = [c for c in CUE_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"frame cues {label}: missing column(s): {', '.join(missing)}")
    table = table[CUE_COLUMNS].apply(lambda col: col.str.strip())
    for i, row in enumerate(table.itertuples(index=False), start=2):
        where = f"frame cues {label}: line {i}"
        if row.kind not in _KINDS:
            raise ValueError(f"{where}: kind must be cue, idiom or furniture, not {row.kind!r}")
        if not _FEATURE_NAME.fullmatch(row.feature):
            raise ValueError(f"{where}: feature {row.feature!r} must be lower-case letters, _")
        if row.kind == "cue" and not (row.frame and row.question and row.source):
            raise ValueError(f"{where}: a cue needs frame, question and source")
        try:
            expand_entry(row.entry)
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from exc
    return table.reset_index(drop=True)


class Model(NamedTuple):
    """A fitted frame model (plain arrays; see :func:`load_model`)."""

    frames: tuple[str, ...]
    features: tuple[str, ...]  # cue:/lead:/neg: features then word: features
    weights: np.ndarray  # frames x features
    bias: np.ndarray  # per frame
    thresholds: np.ndarray  # per frame, on the probability
    vocabulary: tuple[str, ...]  # the word: features' words, in feature order
    idf: np.ndarray  # per vocabulary word
    means: np.ndarray  # per feature: its mean over the fitting articles (topic features' value)
    meta: dict[str, str]


def load_model(path: str | Path | None = None) -> Model:
    """Read a fitted model (:data:`MODEL_COLUMNS`); None loads the shipped ``frame_model.csv``."""
    table, label = _read_csv(path, DEFAULT_MODEL, "frame model")
    missing = [c for c in MODEL_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"frame model {label}: missing column(s): {', '.join(missing)}")
    # the columns as lists once (iterating Arrow-backed columns row by row is slow)
    kinds, feats, vals = (table[c].tolist() for c in ("kind", "feature", "value"))
    meta = {f: v for k, f, v in zip(kinds, feats, vals, strict=True) if k == "meta"}
    frames = tuple(dict.fromkeys(table.frame[table.kind == "bias"]))
    if not frames:
        raise ValueError(f"frame model {label}: no 'bias' rows")
    w = table[table.kind == "weight"]
    features = tuple(dict.fromkeys(w.feature))
    fi = {f: j for j, f in enumerate(features)}
    ri = {f: i for i, f in enumerate(frames)}
    weights = np.zeros((len(frames), len(features)))
    try:
        for fr, ft, v in zip(w.frame.tolist(), w.feature.tolist(), w.value.tolist(), strict=True):
            weights[ri[fr], fi[ft]] = float(v)
        bias = np.array([float(_one(table, "bias", f, label)) for f in frames])
        thresholds = np.array([float(_one(table, "threshold", f, label)) for f in frames])
        idf_of = {ft: float(v) for k, ft, v in zip(kinds, feats, vals, strict=True) if k == "idf"}
        mean_of = {ft: float(v) for k, ft, v in zip(kinds, feats, vals, strict=True) if k == "mean"}
    except (KeyError, ValueError) as exc:
        raise ValueError(f"frame model {label}: bad row ({exc})") from exc
    vocabulary = tuple(f[5:] for f in features if f.startswith("word:"))
    idf = np.array([idf_of.get("word:" + v, 1.0) for v in vocabulary])
    means = np.array([mean_of.get(f, 0.0) for f in features])
    return Model(frames, features, weights, bias, thresholds, vocabulary, idf, means, meta)


def _one(table: pd.DataFrame, kind: str, frame: str, label: str) -> str:
    rows = table[(table.kind == kind) & (table.frame == frame)]
    if len(rows) != 1:
        raise ValueError(f"frame model {label}: needs exactly one {kind} row for {frame}")
    return str(rows.value.iloc[0])


def model_table(model: Model) -> pd.DataFrame:
    """The model as the rows of ``frame_model.csv`` (values as fixed-precision text)."""
    rows = [("meta", "", k, v) for k, v in model.meta.items()]
    for i, fr in enumerate(model.frames):
        rows.append(("bias", fr, "", f"{model.bias[i]:.6f}"))
        rows.append(("threshold", fr, "", f"{model.thresholds[i]:.6f}"))
        for j, ft in enumerate(model.features):
            v = round(float(model.weights[i, j]), 6)
            if v != 0.0:
                rows.append(("weight", fr, ft, f"{v:.6f}"))
    for w, v in zip(model.vocabulary, model.idf, strict=True):
        rows.append(("idf", "", "word:" + w, f"{v:.6f}"))
    for ft, v in zip(model.features, model.means, strict=True):
        if round(float(v), 6) != 0.0:
            rows.append(("mean", "", ft, f"{v:.6f}"))
    return pd.DataFrame(rows, columns=MODEL_COLUMNS)


# --------------------------------------------------------------------------------------------
# sentence cues


@functools.lru_cache(maxsize=4)
def _cue_dictionary(key: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    """A frames-style dictionary table whose 'frame' is the cue feature (or idiom/furniture)."""
    rows = []
    for feature, entry in key:
        e = expand_entry(entry)
        rows.append((feature, e.term, ";".join(e.forms), e.mode))
    table = pd.DataFrame(rows, columns=["frame", "term", "forms", "mode"])
    return table.drop_duplicates(["frame", "term", "forms"]).reset_index(drop=True)


def _dictionary(cues: pd.DataFrame) -> pd.DataFrame:
    key = tuple(zip(cues["feature"], cues["entry"], strict=True))
    return _cue_dictionary(key)


def _before(text: str, start: int, n: int = 3) -> list[str]:
    return _WORD.findall(text[max(0, start - 40) : start].lower().replace("n't", " not"))[-n:]


def sentence_cues(
    sentences: pd.DataFrame, cues: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, set[tuple[str, int]]]:
    """(cue rows :data:`SENTENCE_CUE_COLUMNS`, the (article_id, sentence_index) of furniture).

    ``sentences``: analysis.segment's table (article_id, sentence_index, start, text, n_words).
    Idiom matches mask the cue matches they overlap; furniture sentences carry no cues. One
    scan per sentence with the frames module's compiled dictionary matcher (the cue features,
    idioms and furniture as its "frames").
    """
    cues = load_cues() if cues is None else cues
    meta = cues[cues.kind == "cue"].drop_duplicates("feature")
    frame_of = dict(zip(meta["feature"], meta["frame"], strict=True))
    question_of = dict(zip(meta["feature"], meta["question"], strict=True))
    missing = [c for c in ("article_id", "sentence_index", "start", "text") if c not in sentences]
    if missing:
        raise ValueError(f"sentences table is missing column(s): {', '.join(missing)}")
    matcher = _matcher(_dictionary(cues))
    n_words = (
        sentences["n_words"].tolist()
        if "n_words" in sentences.columns
        else [len(str(t).split()) for t in sentences["text"].tolist()]
    )
    furniture: set[tuple[str, int]] = set()
    rows = []
    for aid, si, offset, text, nw in zip(
        sentences["article_id"].tolist(),
        sentences["sentence_index"].tolist(),
        sentences["start"].tolist(),
        sentences["text"].tolist(),
        n_words,
        strict=True,
    ):
        if not isinstance(text, str):
            raise ValueError(f"sentences: article {aid!r} sentence {si}: text is not a string")
        found = _scan(matcher, text)
        if not found:
            continue
        aid, si, offset = str(aid), int(si), int(offset)
        masks = [(ms, me) for f, _, ms, me, _ in found if f == "idiom"]
        if int(nw) < FURNITURE_MAX_WORDS and any(f == "furniture" for f, *_ in found):
            furniture.add((aid, si))
            continue
        per: dict[str, dict[str, list]] = {}
        for feat, _, ms, me, surface in found:
            if feat == "idiom" or feat == "furniture":
                continue
            if masks and any(ms < e and s < me for s, e in masks):
                continue
            prev = _before(text, ms)
            pol = "negated" if _NEGATORS.intersection(prev) else "asserted"
            acc = per.setdefault(feat, {}).setdefault(pol, [[], [], False])
            acc[0].append(" ".join(surface.split()).lower())
            acc[1].append(f"{ms + offset}-{me + offset}")
            acc[2] = acc[2] or bool(_MODALS.intersection(prev))
        for feat in sorted(per):
            for pol in sorted(per[feat]):
                t, sp, modal = per[feat][pol]
                terms = ";".join(dict.fromkeys(t))
                rows.append(
                    (
                        aid,
                        si,
                        feat,
                        frame_of[feat],
                        question_of[feat],
                        pol,
                        modal,
                        terms,
                        ";".join(sp),
                    )
                )
    rows.sort(key=lambda r: (r[0], r[1]))  # stable: features and polarities stay sorted
    out = pd.DataFrame(rows, columns=SENTENCE_CUE_COLUMNS).astype(
        {"article_id": str, "sentence_index": "int64", "modal": bool}
    )
    return out, furniture


# --------------------------------------------------------------------------------------------
# article features


class Features(NamedTuple):
    """Article x feature matrix with the per-sentence evidence behind every cell."""

    article_ids: list[str]
    names: list[str]
    matrix: np.ndarray
    # (article row, cue feature column) -> [(sentence_index, share of the cell)]
    sources: dict[tuple[int, int], list[tuple[int, float]]]
    lead: dict[str, set[int]]  # article -> lead sentence indexes
    questions: dict[str, str]  # feature name -> codebook question ("" for words)
    # article -> word -> sentence indexes: the sources of the word: cells (looked up lazily)
    words: dict[str, dict[str, list[int]]]


def cue_feature_names(cues: pd.DataFrame, frames: Iterable[str] = MODEL_FRAMES) -> list[str]:
    """cue:<f> and lead:<f> for every cue feature, then neg:<frame>."""
    feats = list(dict.fromkeys(cues.feature[cues.kind == "cue"]))
    return [
        *(f"cue:{f}" for f in feats),
        *(f"lead:{f}" for f in feats),
        *(f"neg:{fr}" for fr in frames),
    ]


def article_words(
    sentences: pd.DataFrame,
    furniture: set[tuple[str, int]] = frozenset(),
    stopwords: frozenset[str] | None = None,
    keep: Iterable[str] | None = None,
) -> dict[str, dict[str, list[int]]]:
    """article -> word -> the indexes of the sentences holding it (lower-case words of 3+
    letters, no stopwords, furniture sentences left out; only the words in ``keep`` if given)."""
    stopwords = load_stopwords() if stopwords is None else stopwords
    if keep is not None:
        allowed = frozenset(keep)
        stopwords = frozenset()
    out: dict[str, dict[str, list[int]]] = {}
    for aid, si, text in zip(
        sentences["article_id"].astype(str).tolist(),
        sentences["sentence_index"].astype(int).tolist(),
        sentences["text"].tolist(),
        strict=True,
    ):
        per = out.setdefault(aid, {})
        if (aid, si) in furniture:
            continue
        found = set(_WORD.findall(text.lower()))
        if keep is not None:
            for w in found.intersection(allowed):
                per.setdefault(w, []).append(si)
            continue
        for w in found:
            if len(w) > 2 and w not in stopwords:
                per.setdefault(w, []).append(si)
    return out


@functools.lru_cache(maxsize=1)
def load_stopwords() -> frozenset[str]:
    """The English function words (analysis.lang): the frame model is fitted on English
    articles, so its words are English whatever the run's language."""
    return lang.load_stopwords(None, "en")


def lead_sentences(sentences: pd.DataFrame) -> dict[str, set[int]]:
    """article -> indexes of its headline and standfirst sentences and of its first
    :data:`LEAD_SENTENCES` other sentences."""
    cols = [c for c in ("is_headline", "is_standfirst") if c in sentences.columns]
    flag = sentences[cols].any(axis=1).tolist() if cols else [False] * len(sentences)
    keys = sorted(
        zip(
            sentences["article_id"].astype(str).tolist(),
            sentences["sentence_index"].astype(int).tolist(),
            flag,
            strict=True,
        )
    )
    out: dict[str, set[int]] = {}
    n_body: dict[str, int] = {}
    for aid, si, fl in keys:
        lead = out.setdefault(aid, set())
        if fl:
            lead.add(si)
        elif n_body.get(aid, 0) < LEAD_SENTENCES:
            lead.add(si)
            n_body[aid] = n_body.get(aid, 0) + 1
    return out


def article_features(
    sentences: pd.DataFrame,
    cue_rows: pd.DataFrame,
    cue_names: Sequence[str],
    vocabulary: Sequence[str] = (),
    idf: np.ndarray | None = None,
    words: dict[str, dict[str, list[int]]] | None = None,
    lead: dict[str, set[int]] | None = None,
) -> Features:
    """The article x feature matrix (columns ``cue_names`` then ``word:<w>`` for the vocabulary).

    ``words`` (:func:`article_words`) and ``lead`` (:func:`lead_sentences`) are computed from
    ``sentences`` when not given (pass them to reuse them across calls).
    """
    aids = sorted(set(sentences["article_id"].astype(str).tolist()))
    row = {a: i for i, a in enumerate(aids)}
    names = [*cue_names, *(f"word:{w}" for w in vocabulary)]
    col = {n: j for j, n in enumerate(names)}
    X = np.zeros((len(aids), len(names)))
    sources: dict[tuple[int, int], list[tuple[int, float]]] = {}
    lead = lead_sentences(sentences) if lead is None else lead
    per: dict[tuple[int, int], set[int]] = {}
    questions: dict[str, str] = {}
    for aid, si, feat, frame, q, pol in zip(
        cue_rows["article_id"].tolist(),
        cue_rows["sentence_index"].tolist(),
        cue_rows["feature"].tolist(),
        cue_rows["frame"].tolist(),
        cue_rows["question"].tolist(),
        cue_rows["polarity"].tolist(),
        strict=True,
    ):
        questions[f"cue:{feat}"] = questions[f"lead:{feat}"] = q
        i = row.get(aid)
        if i is None:
            continue
        targets = [f"cue:{feat}"] if pol == "asserted" else [f"neg:{frame}"]
        if pol == "asserted" and si in lead.get(aid, ()):
            targets.append(f"lead:{feat}")
        for t in targets:
            j = col.get(t)
            if j is not None:
                per.setdefault((i, j), set()).add(si)
    for (i, j), sents in per.items():
        X[i, j] = 1.0 if names[j].startswith("lead:") else math.log1p(len(sents))
        sources[(i, j)] = [(s, 1.0 / len(sents)) for s in sorted(sents)]
    if vocabulary:
        words = article_words(sentences) if words is None else words
        base = len(cue_names)
        idf = np.ones(len(vocabulary)) if idf is None else idf
        _fill_words(X, base, row, words, vocabulary, idf)
    return Features(aids, names, X, sources, lead, questions, words or {})


def _fill_words(
    X: np.ndarray,
    base: int,
    row: dict[str, int],
    words: dict[str, dict[str, list[int]]],
    vocabulary: Sequence[str],
    idf: np.ndarray,
) -> None:
    """Fill the ``word:`` columns of ``X`` (from column ``base``, in vocabulary order): log(1 +
    sentences holding the word) x idf, each article's word block scaled to unit length."""
    vi = {w: k for k, w in enumerate(vocabulary)}
    # flat lists of plain ints (not a list of pairs): a million cells at 10,000 articles
    ii: list[int] = []
    kk: list[int] = []
    nn: list[int] = []
    for aid, i in row.items():
        per = words.get(aid)
        if per:
            for w, sents in per.items():
                k = vi.get(w)
                if k is not None:
                    kk.append(k)
                    nn.append(len(sents))
            ii.extend([i] * (len(kk) - len(ii)))
    if kk:
        k_arr = np.array(kk, dtype=np.int64)
        n_arr = np.array(nn, dtype=np.int64)
        del kk, nn
        X[np.array(ii, dtype=np.int64), base + k_arr] = np.log1p(n_arr.astype(float)) * idf[k_arr]
    # unit length per article, a block of rows at a time: each row's sum is the same as over
    # the whole matrix at once, without a second article x word matrix
    for part in row_blocks(X.shape[0]):
        block = X[part, base:]  # a view: scaled in place
        norms = np.sqrt((block**2).sum(axis=1))
        norms[norms == 0] = 1.0
        block /= norms[:, None]


def fit_vocabulary(
    words: dict[str, dict[str, list[int]]],
    article_ids: Iterable[str],
    cap: int,
    min_df: int = 5,
    max_share: float = 0.5,
) -> tuple[list[str], np.ndarray]:
    """The ``cap`` words in most of ``article_ids`` (at least ``min_df``, at most ``max_share``
    of them; ties alphabetical) and their idf, log((1 + n) / (1 + df)) + 1."""
    ids = sorted(set(article_ids))
    df: Counter[str] = Counter()
    for aid in ids:
        df.update(words.get(aid, {}).keys())
    n = len(ids)
    ranked = sorted(
        (w for w, c in df.items() if min_df <= c <= max_share * n), key=lambda w: (-df[w], w)
    )
    vocab = ranked[:cap]
    idf = np.array([math.log((1 + n) / (1 + df[w])) + 1.0 for w in vocab])
    return vocab, idf


# --------------------------------------------------------------------------------------------
# fitting


def fit_logistic(
    X: np.ndarray, y: np.ndarray, l2: float | np.ndarray, iters: int = 50
) -> tuple[np.ndarray, float]:
    """L2-penalised logistic regression (weights, bias); deterministic.

    ``y``: 0/1 labels or shares in [0, 1] (e.g. the share of coders who saw the frame).
    ``l2``: one penalty, or one per feature. The bias is penalised as a feature of constant 3
    with the smallest penalty would be (lightly). Solved in its dual form
    (:func:`fit_logistic_dual`), so the cost grows with the articles, not with the features.
    """
    p = X.shape[1]
    pen = np.broadcast_to(np.asarray(l2, dtype=float), (p,))
    d = np.concatenate([pen, [pen.min() if p else 1.0]])  # the diagonal penalty
    Xb = np.hstack([X, np.full((X.shape[0], 1), 3.0)])
    beta = fit_logistic_dual((Xb / d[None, :]) @ Xb.T, y, iters)
    w = (Xb.T @ beta) / d
    return w[:p], float(w[p] * 3.0)


def fit_logistic_dual(K: np.ndarray, y: np.ndarray, iters: int = 50) -> np.ndarray:
    """The dual coefficients beta of an L2-penalised logistic regression whose kernel is
    ``K`` = X D^-1 X' (D: the diagonal penalty, a constant bias column included in X).

    The weights are D^-1 X' beta and the scores K beta. At the optimum D w = -X' g (g: the
    probabilities minus ``y``), so beta = -g; Newton's method on beta solves (S K + I) step
    = -(g + beta) (S: p(1 - p) on the diagonal), an n x n system per step. Deterministic.
    """
    n = K.shape[0]
    y = np.asarray(y, dtype=float)
    beta = np.zeros(n)
    for _ in range(iters):
        prob = 1.0 / (1.0 + np.exp(-(K @ beta)))
        g = prob - y
        s = prob * (1.0 - prob)
        step = np.linalg.solve(s[:, None] * K + np.eye(n), -(g + beta))
        beta += step
        if np.abs(K @ step).max() < 1e-7:
            break
    return beta


def best_threshold(y: np.ndarray, prob: np.ndarray) -> float:
    """The probability threshold with the highest F1 on (y, prob); ties: the lowest. Midway
    between two neighbouring distinct probabilities, so a new article is not on the edge."""
    order = np.unique(np.round(prob, 9))
    cands = (
        np.concatenate([[order[0] / 2], (order[:-1] + order[1:]) / 2]) if len(order) > 1 else order
    )
    best, best_t = -1.0, 0.5
    pos = y.astype(bool)
    for t in cands:
        pred = prob >= t
        tp = int((pred & pos).sum())
        denom = int(pred.sum() + pos.sum())
        f1 = 2 * tp / denom if denom else 0.0
        if f1 > best + 1e-12:
            best, best_t = f1, float(t)
    return best_t


# --------------------------------------------------------------------------------------------
# deciding


TOPIC_COLUMNS: list[str] = [
    "indicator",
    "kind",
    "feature",
    "frame",
    "question",
    "n_outlets",
    "min_outlet_share",
]


def topic_indicators(
    cue_rows: pd.DataFrame,
    words: dict[str, dict[str, list[int]]],
    outlets: dict[str, str],
    vocabulary: Iterable[str] = (),
) -> pd.DataFrame:
    """Indicators that are the story's topic (:data:`TOPIC_COLUMNS`): cue terms (kind "cue")
    and vocabulary words (kind "word") in more than :data:`TOPIC_SHARE` of the articles of every
    outlet with at least :data:`TOPIC_MIN_ARTICLES` articles (all articles as one group when no
    outlet has that many). ``min_outlet_share``: the lowest share over those outlets."""
    groups: dict[str, list[str]] = {}
    for a in sorted(set(words) | set(cue_rows["article_id"].tolist())):
        groups.setdefault(outlets.get(a, ""), []).append(a)
    big = [ids for ids in groups.values() if len(ids) >= TOPIC_MIN_ARTICLES]
    if not big:
        big = [[a for ids in groups.values() for a in ids]]
    big = [ids for ids in big if ids]
    if not big:
        return pd.DataFrame(columns=TOPIC_COLUMNS)
    incidence: dict[tuple[str, str], set[str]] = {}  # (kind, indicator) -> articles
    meta: dict[tuple[str, str], tuple[str, str, str]] = {}
    asserted = cue_rows[cue_rows["polarity"] == "asserted"]
    for aid, feat, frame, q, terms in zip(
        asserted["article_id"].tolist(),
        asserted["feature"].tolist(),
        asserted["frame"].tolist(),
        asserted["question"].tolist(),
        asserted["terms"].tolist(),
        strict=True,
    ):
        for t in terms.split(";"):
            incidence.setdefault(("cue", t), set()).add(aid)
            meta.setdefault(("cue", t), (feat, frame, q))
    group_of = {a: g for g, ids in enumerate(big) for a in ids}
    sizes = [len(ids) for ids in big]
    # an indicator in at most TOPIC_SHARE of all these articles cannot pass every outlet
    floor = TOPIC_SHARE * sum(sizes)
    # words: only those in more than `floor` articles can pass (counted in one C-level pass)
    df = Counter(itertools.chain.from_iterable(words.values()))
    vocab = {w for w in set(vocabulary) if df[w] > floor}
    for a, per in words.items():
        for w in vocab.intersection(per):
            incidence.setdefault(("word", w), set()).add(a)
            meta[("word", w)] = (f"word:{w}", "", "")
    rows = []
    for key in sorted(incidence):
        arts = incidence[key]
        if len(arts) <= floor:
            continue
        counts = Counter(group_of[a] for a in arts if a in group_of)
        shares = [counts[g] / n for g, n in enumerate(sizes)]
        if min(shares) > TOPIC_SHARE:
            rows.append((key[1], key[0], *meta[key], len(big), round(min(shares), 6)))
    return pd.DataFrame(rows, columns=TOPIC_COLUMNS)


def without_topic(cue_rows: pd.DataFrame, topic: pd.DataFrame) -> pd.DataFrame:
    """Cue rows with the topic's cue terms taken out; a row left with no term is dropped."""
    terms = set(topic.loc[topic["kind"] == "cue", "indicator"])
    if not terms or cue_rows.empty:
        return cue_rows
    kept = [
        ";".join(t for t in ts.split(";") if t not in terms) for ts in cue_rows["terms"].tolist()
    ]
    out = cue_rows.assign(terms=kept)
    return out[out["terms"] != ""].reset_index(drop=True)


#: rows (articles) per block where an article x feature matrix is worked on a block at a time
ROW_BLOCK = 1024


def row_blocks(n: int, size: int | None = None) -> list[slice]:
    """Consecutive slices of ``size`` (default :data:`ROW_BLOCK`) rows covering ``range(n)``,
    the last one shorter; none for ``n`` = 0. Element-wise work and per-row sums done block by
    block give the very numbers of the whole matrix at once, with temporaries of one block."""
    size = ROW_BLOCK if size is None else size
    if size < 1:
        raise ValueError(f"row block size must be at least 1, not {size}")
    return [slice(lo, min(lo + size, n)) for lo in range(0, n, size)]


@one_blas_thread()  # articles x features by a few frames: see analysis.arrays
def _held_scores(X: np.ndarray, W: np.ndarray, means: np.ndarray, tmask: np.ndarray) -> np.ndarray:
    """``Xd @ W.T`` where ``Xd`` is ``X`` with the ``tmask`` columns (topic features) held at
    ``means``. The few topic columns of ``X`` are swapped for the means for the product and put
    back, instead of building ``Xd`` as a second articles x features matrix (233 MiB at 10,000
    articles): the same values in the same layout go to the same product, so the scores are
    the same to the bit. A read-only or not C-contiguous ``X`` gets the copy, as before."""
    cols = np.flatnonzero(tmask)
    if not X.flags.writeable or not X.flags.c_contiguous:
        return np.where(tmask[None, :], means[None, :], X) @ W.T
    saved = X[:, cols]  # fancy indexing: a copy of the topic columns only
    try:
        X[:, cols] = means[cols][None, :]
        return X @ W.T
    finally:
        X[:, cols] = saved


def _aligned(model: Model, features: Features) -> tuple[np.ndarray, np.ndarray]:
    col = {n: j for j, n in enumerate(features.names)}
    W = np.zeros((len(model.frames), len(features.names)))
    means = np.zeros(len(features.names))
    for k, name in enumerate(model.features):
        j = col.get(name)
        if j is not None:
            W[:, j] = model.weights[:, k]
            means[j] = model.means[k]
    return W, means


def frame_probabilities(
    features: Features, model: Model, topic: set[str] = frozenset()
) -> tuple[np.ndarray, np.ndarray]:
    """(scores, probabilities), articles x model frames, topic features held at their means."""
    W, means = _aligned(model, features)
    tmask = np.array([n in topic for n in features.names], bool)
    score = _held_scores(features.matrix, W, means, tmask) + model.bias[None, :]
    return score, 1.0 / (1.0 + np.exp(-score))


def _word_incidence(features: Features, mask: np.ndarray) -> tuple[np.ndarray, ...]:
    """The (article row, feature column) pairs where ``mask`` is True, ordered by row then
    column, as arrays ``pi``, ``pj``, ``pn`` (the article's sentences holding the word); per
    pair x sentence: ``tp`` (the pair) and ``ts`` (the sentence), in the order of
    :attr:`Features.words`."""
    pi, pj = np.nonzero(mask)
    pn: list[int] = []
    ts: list[int] = []
    per = [features.words.get(a, {}) for a in features.article_ids]
    names = [n[5:] for n in features.names]
    for i, j in zip(pi.tolist(), pj.tolist(), strict=True):
        held = per[i].get(names[j], ())
        pn.append(len(held))
        ts.extend(held)
    n = np.array(pn, dtype=np.int64)
    return pi, pj, n, np.repeat(np.arange(len(n)), n), np.array(ts, dtype=np.int64)


def _evidence_rows(
    features: Features, X: np.ndarray, W: np.ndarray, present: np.ndarray, topic: set[str]
) -> list[tuple]:
    """(article row, frame column, sentence, feature, question, weight, is_lead, is_topic) for
    every positive contribution to a present frame; a sentence's words make one row."""
    rows: list[tuple] = []
    is_word = np.array([n.startswith("word:") for n in features.names], bool)
    is_topic_col = np.array([n in topic for n in features.names], bool)
    cue_cols = np.flatnonzero(~is_word)
    for f in range(W.shape[0]):
        contrib = X[:, cue_cols] * W[f, cue_cols][None, :]
        ii, kk = np.nonzero((contrib > 0) & present[:, f][:, None])
        # plain Python numbers: indexing numpy arrays element by element is slow
        for i, k, c in zip(ii.tolist(), kk.tolist(), contrib[ii, kk].tolist(), strict=True):
            j = int(cue_cols[k])
            name = features.names[j]
            q = features.questions.get(name, "")
            lead = features.lead.get(features.article_ids[i], ())
            for s, share in features.sources.get((i, j), []):
                rows.append((i, f, s, name, q, c * share, s in lead, bool(is_topic_col[j])))
    if not is_word.any():
        return rows
    # The words of one sentence make one row: their summed weight (each word's contribution
    # shared among the article's sentences holding it, added in column order), the strongest
    # five named. Rows come frame by frame, sentences in the order the words first reach them.
    # the (article, word) pairs that pass for some present frame
    wmask = np.zeros(X.shape, bool)
    for part in row_blocks(X.shape[0]):  # element-wise: block temporaries, the same mask
        block = X[part]
        for f in range(W.shape[0]):
            passes = (block * W[f][None, :]) >= EVIDENCE_MIN_WORD_WEIGHT
            wmask[part] |= passes & present[part, f][:, None]
    wmask &= is_word[None, :]
    pi, pj, pn, tp, ts = _word_incidence(features, wmask)
    if not len(pi):
        return rows
    words = [n[5:] for n in features.names]
    leads = [features.lead.get(a, ()) for a in features.article_ids]
    rank = np.zeros(len(features.names), dtype=np.int64)
    rank[np.flatnonzero(is_word)] = np.argsort(
        np.argsort([words[j] for j in np.flatnonzero(is_word)])
    )
    for f in range(W.shape[0]):
        cp = X[pi, pj] * W[f, pj]
        keep = (cp >= EVIDENCE_MIN_WORD_WEIGHT) & present[pi, f]
        kt = np.flatnonzero(keep[tp])
        if not len(kt):
            continue
        tpk, tsk = tp[kt], ts[kt]
        ti, topic_t = pi[tpk], is_topic_col[pj[tpk]]
        order = np.lexsort((topic_t, tsk, ti))  # stable: column order within a sentence
        gi, gs, gt = ti[order], tsk[order], topic_t[order]
        new = np.ones(len(order), bool)
        new[1:] = (gi[1:] != gi[:-1]) | (gs[1:] != gs[:-1]) | (gt[1:] != gt[:-1])
        group = np.cumsum(new) - 1
        starts = np.flatnonzero(new)
        total = np.bincount(group, weights=(cp[tpk] / pn[tpk])[order])
        # names: per sentence, words by contribution (descending) then alphabetically
        by_name = np.lexsort((rank[pj[tpk]][order], -cp[tpk][order], group))
        named_j = pj[tpk][order][by_name].tolist()
        bounds = [*starts.tolist(), len(order)]
        first = order[starts]  # a group's first triple in traversal order
        g_i, g_s, g_t = gi[starts].tolist(), gs[starts].tolist(), gt[starts].tolist()
        g_total = total.tolist()
        for g in np.argsort(first, kind="stable").tolist():
            lo = bounds[g]
            hi = min(bounds[g + 1], lo + EVIDENCE_WORDS_NAMED)
            i, s = g_i[g], g_s[g]
            name = "words:" + ";".join([words[j] for j in named_j[lo:hi]])
            rows.append((i, f, s, name, "", g_total[g], s in leads[i], g_t[g]))
    return rows


def decide_frames(
    features: Features, model: Model, topic: set[str] = frozenset()
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(:data:`DECISION_COLUMNS`, :data:`EVIDENCE_COLUMNS`) tables for every article x frame."""
    W, means = _aligned(model, features)
    X = features.matrix
    tmask = np.array([n in topic for n in features.names], bool)
    # a topic feature is held at its mean over the fitting articles: it does not move the score
    score = _held_scores(X, W, means, tmask) + model.bias[None, :]
    prob = 1.0 / (1.0 + np.exp(-score))
    present = prob >= model.thresholds[None, :]
    ev_rows = _evidence_rows(features, X, W, present, topic)
    n_frames = len(model.frames)
    lead_ev = np.zeros_like(score)
    n_ev = np.zeros(len(features.article_ids) * n_frames, dtype=np.int64)
    cols = list(zip(*ev_rows, strict=True))
    if ev_rows:  # per article x frame, from the rows not on the topic: the distinct
        # sentences, and the lead rows' weights added in row order (np.add.at: one by one)
        ri, fi = np.array(cols[0], dtype=np.int64), np.array(cols[1], dtype=np.int64)
        sent = np.array(cols[2], dtype=np.int64)
        counted = ~np.array(cols[7], dtype=bool)
        sent = sent - sent.min()
        span = int(sent.max()) + 1
        pairs = np.unique((ri * n_frames + fi)[counted] * span + sent[counted])
        n_ev += np.bincount(pairs // span, minlength=len(n_ev))
        lead = counted & np.array(cols[6], dtype=bool)
        np.add.at(lead_ev, (ri[lead], fi[lead]), np.array(cols[5], dtype=float)[lead])
    n_ev = n_ev.reshape(-1, n_frames).tolist() if len(n_ev) else []
    rows = []
    for i, aid in enumerate(features.article_ids):
        here = [f for f in range(len(model.frames)) if present[i, f]]
        dom = max(here, key=lambda f: (round(lead_ev[i, f], 9), prob[i, f], -f)) if here else None
        dom_name = model.frames[dom] if dom is not None else ""
        for f, frame in enumerate(model.frames):
            rows.append(
                (
                    aid,
                    frame,
                    round(float(score[i, f]), 6),
                    round(float(prob[i, f]), 6),
                    round(float(model.thresholds[f]), 6),
                    bool(present[i, f]),
                    n_ev[i][f],
                    round(float(lead_ev[i, f]), 6),
                    f == dom,
                    dom_name,
                )
            )
    decisions = pd.DataFrame(rows, columns=DECISION_COLUMNS)
    if ev_rows:
        return decisions, _evidence_table(cols, features.article_ids, model.frames)
    # typed, so that e.g. ev[~ev.is_topic] filters rows (an object column selects columns)
    ev = pd.DataFrame(
        {
            "article_id": pd.Series([], dtype=str),
            "frame": pd.Series([], dtype=str),
            "sentence_index": pd.Series([], dtype="int64"),
            "feature": pd.Series([], dtype=str),
            "question": pd.Series([], dtype=str),
            "weight": pd.Series([], dtype=float),
            "is_lead": pd.Series([], dtype=bool),
            "is_topic": pd.Series([], dtype=bool),
        }
    )
    ev["weight"] = ev["weight"].round(6)
    return decisions, ev


def _evidence_table(cols: list[tuple], ids: Sequence[str], frames: Sequence[str]) -> pd.DataFrame:
    """The evidence rows' columns ``cols`` (article row, frame column, sentence, feature,
    question, weight, is_lead, is_topic) as the table :data:`EVIDENCE_COLUMNS`, weights rounded
    to 6 digits, sorted by article_id, frame, weight (descending), sentence_index, feature
    (stable): the order ``sort_values`` gives, from one ``np.lexsort`` of each key's rank, and
    each column built once in that order (not built, then sorted and copied)."""
    ri, fi = np.array(cols[0], dtype=np.int64), np.array(cols[1], dtype=np.int64)
    sent = np.array(cols[2], dtype=np.int64)
    weight = np.round(np.array(cols[5], dtype=np.float64), 6)  # Series.round(6)
    feat = np.array(cols[3], dtype=object)
    feat_code, feat_names = pd.factorize(feat)
    id_rank, frame_rank, feat_rank = (_string_ranks(list(v)) for v in (ids, frames, feat_names))
    order = np.lexsort((feat_rank[feat_code], sent, -weight, frame_rank[fi], id_rank[ri]))
    return pd.DataFrame(
        {
            "article_id": pd.Series(list(ids)).array.take(ri[order]),
            "frame": pd.Series(list(frames)).array.take(fi[order]),
            "sentence_index": sent[order],
            "feature": pd.Series(feat[order].tolist()),
            "question": pd.Series(np.array(cols[4], dtype=object)[order].tolist()),
            "weight": weight[order],
            "is_lead": np.array(cols[6], dtype=bool)[order],
            "is_topic": np.array(cols[7], dtype=bool)[order],
        },
        columns=EVIDENCE_COLUMNS,
    )


def _string_ranks(values: list[str]) -> np.ndarray:
    """Each of the distinct strings ``values``' place in their sorted order."""
    rank = np.empty(len(values), dtype=np.int64)
    rank[sorted(range(len(values)), key=values.__getitem__)] = np.arange(len(values))
    return rank


class FrameResult(NamedTuple):
    """What :func:`detect_frames` returns: three tables (named as the pipeline's tables)."""

    frame_decisions: pd.DataFrame  # DECISION_COLUMNS
    frame_evidence: pd.DataFrame  # EVIDENCE_COLUMNS
    frame_topic: pd.DataFrame  # TOPIC_COLUMNS


def data_digest() -> str:
    """sha256 of the shipped cue and model files (a cache key part for the frame stage)."""
    h = hashlib.sha256()
    for name in (DEFAULT_CUES, DEFAULT_MODEL):
        h.update(read_text(None, name, "frame data")[1].encode())
    return h.hexdigest()


def detect_frames(
    sentences: pd.DataFrame,
    articles: pd.DataFrame | None = None,
    cues: pd.DataFrame | str | Path | None = None,
    model: Model | str | Path | None = None,
) -> FrameResult:
    """The generic frames of every article of ``sentences``: decisions, evidence and the topic
    indicators that were kept from deciding.

    ``articles`` (article_id, outlet) tells which indicators are the story's topic (every
    article is one outlet without it); ``cues`` and ``model`` default to the shipped files.
    """
    cues = cues if isinstance(cues, pd.DataFrame) else load_cues(cues)
    model = model if isinstance(model, Model) else load_model(model)
    rows, furniture = sentence_cues(sentences, cues)
    words = article_words(sentences, furniture, keep=model.vocabulary) if model.vocabulary else {}
    outlets: dict[str, str] = {}
    if articles is not None and "outlet" in articles.columns:
        outlets = dict(
            zip(articles["article_id"].astype(str), articles["outlet"].astype(str), strict=True)
        )
    topics = topic_indicators(rows, words, outlets, model.vocabulary)
    rows = without_topic(rows, topics)
    topic = {f"word:{w}" for w in topics.loc[topics["kind"] == "word", "indicator"]}
    feats = article_features(
        sentences, rows, cue_feature_names(cues, model.frames), model.vocabulary, model.idf, words
    )
    decisions, evidence = decide_frames(feats, model, topic)
    return FrameResult(decisions, evidence, topics)


PRESENCE_COLUMNS: list[str] = [
    "outlet",
    "frame",
    "n_articles",
    "n_present",
    "share_present",
    "n_dominant",
]


def presence_by_outlet(
    decisions: pd.DataFrame, articles: pd.DataFrame, by: str = "outlet"
) -> pd.DataFrame:
    """Per outlet x frame (:data:`PRESENCE_COLUMNS`): the articles, those where the frame is
    present, their share, and those where it is the dominant frame. ``by``: another article
    column in place of ``outlet`` (e.g. ``group``, pipeline table ``frame_presence_by_group``)."""
    d = decisions.merge(articles[["article_id", by]], on="article_id", how="left")
    d = d.assign(**{by: d[by].fillna("").astype(str)})
    out = _presence(d.rename(columns={by: "outlet"}), ["outlet", "frame"])
    return out.rename(columns={"outlet": by})


def presence_overall(decisions: pd.DataFrame) -> pd.DataFrame:
    """Per frame over every article decided (pipeline table ``frame_presence``): the columns
    of :func:`presence_by_outlet` without ``outlet``; sorted by frame."""
    return _presence(decisions, ["frame"])


def _presence(d: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Articles, present, dominant and share present per ``keys`` (sorted), in the order of
    :data:`PRESENCE_COLUMNS`."""
    out = (
        d.groupby(keys, sort=True)
        .agg(
            n_articles=("article_id", "nunique"),
            n_present=("present", "sum"),
            n_dominant=("is_dominant", "sum"),
        )
        .reset_index()
    )
    out["share_present"] = (out["n_present"] / out["n_articles"]).round(6)
    out = out.astype({"n_articles": "int64", "n_present": "int64", "n_dominant": "int64"})
    return out[[c for c in PRESENCE_COLUMNS if c in out.columns]]

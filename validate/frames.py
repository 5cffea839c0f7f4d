"""Validity of the generic frames on the Narrative Frames Corpus, cross-validated (and the fit).

Frermann, Li, Khanehzar & Mikolajczak (ACL 2023, MIT): 427 labelled climate-change articles,
five frames coded by trained coders (CO conflict, EC economic, HI human interest, MO moral, RE
resolution: the closest to Semetko & Valkenburg's responsibility frame).

One run prints, per frame, precision, recall and F1 of three rules over 5 folds, and macro-F1:

- ``always``: every frame present in every article;
- ``keyword``: the dictionary rule (``frames.yaml``: present when at least one sentence has a
  dictionary term);
- ``model``: ``analysis.frame_model`` (question cues + capped vocabulary, logistic regression
  per frame), fitted on the training folds only: vocabulary, weights and the threshold (chosen
  on out-of-fold probabilities of an inner cross-validation over the other training folds).

Folds are fixed by ``--seed`` and keep each outlet (spellings merged: "thehuffingtonpost" =
"The Huffington Post") inside one fold, balancing fold sizes and the five label rates.

``--fit`` fits the shipped model on the whole corpus (threshold from the same 5-fold
out-of-fold probabilities) and writes ``src/analysis/data/frame_model.csv``; ``--fit --check``
refits and fails unless the file is reproduced byte for byte.

Usage: python validate/frames.py [--n N] [--seed S] [--cap C] [--l2 L] [--l2-cues L]
       [--fit [--check]]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

# one BLAS thread: the fits are small, and threads that spin on a shared machine cost 30x
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from nfc import nfc_articles  # noqa: E402

from analysis import frame_model as fm  # noqa: E402
from analysis.clean import clean_articles  # noqa: E402
from analysis.frames import frame_hits  # noqa: E402
from analysis.load import load_corpus  # noqa: E402
from analysis.segment import segment_articles  # noqa: E402

LABELS = {
    "CO": "conflict",
    "EC": "economic_consequences",
    "HI": "human_interest",
    "MO": "morality",
    "RE": "responsibility",
}
MODEL_PATH = ROOT / "src" / "analysis" / "data" / fm.DEFAULT_MODEL
CAP = 3000
L2 = 0.1  # the words' penalty
L2_CUES = 1.6  # the question cues' penalty (16x the words': cues are fewer, broader)
K = 5


class Corpus(NamedTuple):
    articles: pd.DataFrame  # article_id, outlet, group, labels (bool)
    sentences: pd.DataFrame
    cue_rows: pd.DataFrame
    words: dict  # article -> word -> sentence indexes (analysis.frame_model.article_words)
    lead: dict  # article -> lead sentence indexes
    cue_names: list[str]


def outlet_group(outlet: str) -> str:
    """One name per outlet: lower case, no spaces, no leading "the"."""
    o = "".join(str(outlet).lower().split())
    return o[3:] if o.startswith("the") and len(o) > 3 else o


def load(n: int | None = None, cues: pd.DataFrame | None = None) -> Corpus:
    """The labelled corpus, cleaned and segmented as the pipeline does, with its cues."""
    raw = nfc_articles(n=n)
    raw = raw[raw[list(LABELS)].notna().all(axis=1)].reset_index(drop=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "nfc.jsonl"
        raw.drop(columns=list(LABELS)).to_json(
            path, orient="records", lines=True, force_ascii=False
        )
        loaded = load_corpus(path, None)
    arts = clean_articles(loaded.articles, None, ("en",)).articles
    sents = segment_articles(arts).sentences
    labels = raw.set_index("id")
    ids = sorted(set(sents.article_id))
    articles = pd.DataFrame({"article_id": ids})
    articles["outlet"] = [labels.loc[a, "outlet"] for a in ids]
    articles["group"] = articles.outlet.map(outlet_group)
    for code, frame in LABELS.items():
        articles[frame] = [bool(labels.loc[a, code]) for a in ids]
    cues = fm.load_cues() if cues is None else cues
    cue_rows, furniture = fm.sentence_cues(sents, cues)
    words = fm.article_words(sents, furniture)
    lead = fm.lead_sentences(sents)
    return Corpus(articles, sents, cue_rows, words, lead, fm.cue_feature_names(cues))


def make_folds(articles: pd.DataFrame, k: int = K, seed: int = 0) -> np.ndarray:
    """Fold number per article: whole outlets to folds, largest first (ties in a seeded random
    order), each to the fold that keeps sizes and the five label rates most even."""
    rng = np.random.default_rng(seed)
    y = articles[list(LABELS.values())].to_numpy(float)
    groups = articles["group"].to_numpy()
    names, counts = np.unique(groups, return_counts=True)
    order = sorted(range(len(names)), key=lambda i: (-counts[i], rng.random()))
    rate = y.mean(axis=0)
    size, pos = np.zeros(k), np.zeros((k, y.shape[1]))
    fold_of: dict[str, int] = {}
    for i in order:
        m = groups == names[i]
        best = None
        for j in range(k):
            s, p = size.copy(), pos.copy()
            s[j] += m.sum()
            p[j] += y[m].sum(axis=0)
            used = s > 0
            cost = s.std() / s.mean() + np.abs(p[used] / s[used, None] - rate).mean()
            if best is None or cost < best[0] - 1e-12:
                best = (cost, j)
        j = best[1]
        fold_of[names[i]] = j
        size[j] += m.sum()
        pos[j] += y[m].sum(axis=0)
    return np.array([fold_of[g] for g in groups])


def _features(c: Corpus, ids: list[str], vocab, idf) -> fm.Features:
    keep = set(ids)
    sents = c.sentences[c.sentences.article_id.isin(keep)]
    rows = c.cue_rows[c.cue_rows.article_id.isin(keep)]
    return fm.article_features(sents, rows, c.cue_names, vocab, idf, c.words, c.lead)


def fit(
    c: Corpus,
    train: np.ndarray,
    folds: np.ndarray,
    cap: int = CAP,
    l2: float = L2,
    l2_cues: float = L2_CUES,
    topic: bool = True,
) -> fm.Model:
    """A model fitted on the articles where ``train`` is True; each frame's threshold from the
    out-of-fold probabilities of a cross-validation over the training articles' folds."""
    ids = c.articles.article_id.to_numpy()
    frames = list(LABELS.values())
    y = c.articles[frames].to_numpy(bool)
    inner = sorted(set(folds[train]))
    oof = np.zeros((len(ids), len(frames)))
    if len(inner) > 1:
        for k in inner:
            tr, te = train & (folds != k), train & (folds == k)
            m = _fit_weights(c, ids, tr, y, cap, l2, l2_cues)
            oof[te] = predict(c, ids[te], m, topic)
    W, b, vocab, idf, names, means = _fit_all(c, ids, train, y, cap, l2, l2_cues)
    thr = np.array([fm.best_threshold(y[train, f], oof[train, f]) for f in range(len(frames))])
    meta = {
        "version": "1",
        "cap": str(cap),
        "l2": str(l2),
        "l2_cues": str(l2_cues),
        "fitted_on": f"{int(train.sum())} articles",
    }
    return fm.Model(tuple(frames), tuple(names), W, b, thr, tuple(vocab), idf, means, meta)


def _fit_all(c, ids, train, y, cap, l2, l2_cues):
    vocab, idf = fm.fit_vocabulary(c.words, ids[train], cap) if cap else ([], np.zeros(0))
    feats = _features(c, list(ids[train]), vocab, idf)
    order = {a: i for i, a in enumerate(feats.article_ids)}
    rows = [order[a] for a in ids[train]]
    X = feats.matrix[rows]
    pen = np.where([n.startswith("word:") for n in feats.names], l2, l2_cues)
    W = np.zeros((y.shape[1], X.shape[1]))
    b = np.zeros(y.shape[1])
    for f in range(y.shape[1]):
        W[f], b[f] = fm.fit_logistic(X, y[train, f], pen)
    return W, b, vocab, idf, feats.names, X.mean(axis=0)


def _fit_weights(c, ids, train, y, cap, l2, l2_cues) -> fm.Model:
    W, b, vocab, idf, names, means = _fit_all(c, ids, train, y, cap, l2, l2_cues)
    frames = tuple(LABELS.values())
    return fm.Model(
        frames, tuple(names), W, b, np.full(len(frames), 0.5), tuple(vocab), idf, means, {}
    )


def predict(c: Corpus, ids, model: fm.Model, topic: bool = True) -> np.ndarray:
    """Probabilities (articles in ``ids`` order x frames); with ``topic``, topic features of
    these articles are left out of the decision, as in the pipeline."""
    keep = set(ids)
    rows = c.cue_rows[c.cue_rows.article_id.isin(keep)]
    tset: set[str] = set()
    if topic:
        outlets = dict(zip(c.articles.article_id, c.articles.group, strict=True))
        words = {a: c.words.get(a, {}) for a in ids}
        topics = fm.topic_indicators(rows, words, outlets, model.vocabulary)
        rows = fm.without_topic(rows, topics)
        tset = {f"word:{w}" for w in topics.loc[topics.kind == "word", "indicator"]}
    sents = c.sentences[c.sentences.article_id.isin(keep)]
    feats = fm.article_features(
        sents, rows, c.cue_names, list(model.vocabulary), model.idf, c.words, c.lead
    )
    _, prob = fm.frame_probabilities(feats, model, tset)
    order = {a: i for i, a in enumerate(feats.article_ids)}
    return prob[[order[a] for a in ids]]


def prf(y: np.ndarray, pred: np.ndarray) -> tuple[float, float, float]:
    tp = int((y & pred).sum())
    p = tp / pred.sum() if pred.sum() else 0.0
    r = tp / y.sum() if y.sum() else 0.0
    f = 2 * tp / (y.sum() + pred.sum()) if (y.sum() + pred.sum()) else 0.0
    return p, r, f


def keyword_rule(c: Corpus) -> np.ndarray:
    """Articles x frames: present when a sentence has a dictionary term (frames.yaml)."""
    hits = frame_hits(c.sentences)
    have = set(zip(hits.article_id, hits.frame, strict=True))
    return np.array([[(a, f) in have for f in LABELS.values()] for a in c.articles.article_id])


def cross_validate(
    c: Corpus,
    seed: int = 0,
    cap: int = CAP,
    l2: float = L2,
    l2_cues: float = L2_CUES,
    topic: bool = True,
) -> pd.DataFrame:
    """Per frame P/R/F1 of always / keyword / model over the folds (one table, long form)."""
    folds = make_folds(c.articles, K, seed)
    ids = c.articles.article_id.to_numpy()
    frames = list(LABELS.values())
    y = c.articles[frames].to_numpy(bool)
    pred = np.zeros_like(y)
    for k in range(K):
        train, test = folds != k, folds == k
        model = fit(c, train, folds, cap, l2, l2_cues, topic)
        pred[test] = predict(c, ids[test], model, topic) >= model.thresholds[None, :]
    rules = {"always": np.ones_like(y), "keyword": keyword_rule(c), "model": pred}
    rows = []
    for rule, p in rules.items():
        for f, frame in enumerate(frames):
            rows.append(
                (rule, frame, int(y[:, f].sum()), int(p[:, f].sum()), *prf(y[:, f], p[:, f]))
            )
    return pd.DataFrame(rows, columns=["rule", "frame", "gold", "predicted", "P", "R", "F1"])


def report(table: pd.DataFrame, c: Corpus, seed: int, cap: int, l2: float, l2_cues: float) -> str:
    folds = make_folds(c.articles, K, seed)
    sizes = np.bincount(folds, minlength=K)
    lines = [
        f"Narrative Frames Corpus: {len(c.articles)} articles, "
        f"{c.articles.group.nunique()} outlets "
        f"(spellings merged); {K} folds (seed {seed}), outlets kept within one fold, fold sizes "
        f"{' '.join(map(str, sizes))}; model: question cues (l2 {l2_cues}) + {cap} words (l2 {l2})",
        f"{'frame':<22} {'gold':>4}  "
        + "  ".join(f"{r + ' P/R/F1':>20}" for r in ("always", "keyword", "model")),
    ]
    for frame in LABELS.values():
        cells = []
        for rule in ("always", "keyword", "model"):
            r = table[(table.rule == rule) & (table.frame == frame)].iloc[0]
            cells.append(f"{r.P:6.3f} {r.R:6.3f} {r.F1:6.3f}")
            gold = r.gold
        lines.append(f"{frame:<22} {gold:>4}  " + "  ".join(f"{x:>20}" for x in cells))
    macro = table.groupby("rule").F1.mean()
    lines.append(
        f"{'macro-F1':<22} {'':>4}  "
        + "  ".join(f"{macro[r]:>20.3f}" for r in ("always", "keyword", "model"))
    )
    lift = (
        table[table.rule == "model"].set_index("frame").F1
        - table[table.rule == "always"].set_index("frame").F1
    )
    lines.append("model F1 - always F1: " + ", ".join(f"{f} {v:+.3f}" for f, v in lift.items()))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=None, help="first N articles only (CI-sized run)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--cap", type=int, default=CAP, help="vocabulary size (0: cues only)")
    ap.add_argument("--l2", type=float, default=L2, help="penalty of the word features")
    ap.add_argument("--l2-cues", type=float, default=L2_CUES, help="penalty of the cues")
    ap.add_argument("--fit", action="store_true", help="fit on every article, write the model")
    ap.add_argument("--check", action="store_true", help="with --fit: compare, do not write")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    args = ap.parse_args(argv)
    c = load(args.n)
    if args.fit:
        folds = make_folds(c.articles, K, args.seed)
        model = fit(c, np.ones(len(folds), bool), folds, args.cap, args.l2, args.l2_cues)
        text = fm.model_table(model).to_csv(index=False, lineterminator="\n")
        if args.check:
            same = args.out.is_file() and args.out.read_text(encoding="utf-8") == text
            print(f"{args.out}: {'reproduced byte for byte' if same else 'DIFFERS from a refit'}")
            return 0 if same else 1
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out} ({len(text.splitlines()) - 1} rows)")
        return 0
    table = cross_validate(c, args.seed, args.cap, args.l2, args.l2_cues)
    print(report(table, c, args.seed, args.cap, args.l2, args.l2_cues))
    return 0


if __name__ == "__main__":
    sys.exit(main())

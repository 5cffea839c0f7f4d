"""Validity of the generic frames on the Narrative Frames Corpus, cross-validated (and the fit).

Frermann, Li, Khanehzar & Mikolajczak (ACL 2023, MIT): 427 labelled climate-change articles,
five frames coded by trained coders (CO conflict, EC economic, HI human interest, MO moral, RE
resolution: the closest to Semetko & Valkenburg's responsibility frame).

One run prints, per frame, precision, recall and F1 of three rules over 5 folds, and macro-F1:

- ``always``: every frame present in every article;
- ``keyword``: the dictionary rule (``frames.yaml``: present when at least one sentence has a
  dictionary term);
- ``model``: ``analysis.frame_model`` (question cues + capped vocabulary, logistic regression
  per frame), fitted on the training folds only. Nested: vocabulary, weights, the
  configuration (target x word penalty x cue penalty, :data:`GRID_L2`, :data:`GRID_L2_CUES`,
  :data:`TARGETS`) and the threshold of each frame are all chosen on out-of-fold probabilities
  of an inner cross-validation over the other training folds; the test fold is never seen.

Targets: ``gold`` (the corpus's frame labels) or ``coders`` (the share of the article's coders
whose own answers to the codebook questions meet the frame's rule, :data:`RULES`). The
corpus's labels are that rule applied to the coders' aggregated answers; ``--agreement`` (also
printed by a default run) shows how far two trained coders agree on it, the ceiling a model of
these labels can expect.

Folds are fixed by ``--seed`` and keep each outlet (spellings merged: "thehuffingtonpost" =
"The Huffington Post") inside one fold, balancing fold sizes and the five label rates. Seed 0
is the one every configuration of the model was developed on; seed :data:`HELD_OUT_SEED` was
not looked at until the configuration was final: a default run prints both.

``--fit`` fits the shipped model on the whole corpus (configuration and threshold from the
same 5-fold out-of-fold probabilities, seed 0) and writes
``src/analysis/data/frame_model.csv``; ``--fit --check`` refits and fails unless the file is
reproduced byte for byte.

Usage: python validate/frames.py [--n N] [--seed S ...] [--cap C] [--agreement]
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

from nfc import NFC_DIR, nfc_articles  # noqa: E402

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
ANNOTATIONS = NFC_DIR / "full_annotations.json"
CAP = 3000
#: the configurations the nested cross-validation chooses from, per frame
TARGETS = ("coders", "gold")
GRID_L2 = (0.03, 0.1, 0.3)  # the words' penalty
GRID_L2_CUES = (0.4, 1.6, 6.4)  # the question cues' penalty
K = 5
HELD_OUT_SEED = 2
#: The corpus's frame label is present when at least ``need`` of the frame's codebook questions
#: have an aggregated "yes" (full_annotations.json; worked out from the data: the rule
#: reproduces the CO, EC, HI and RE labels of all 427 articles and MO of 425, ``--agreement``)
RULES: dict[str, tuple[tuple[str, ...], int]] = {
    "conflict": (("co1", "co2", "co3"), 2),
    "economic_consequences": (("ec1", "ec2", "ec3"), 2),
    "human_interest": (("hi1", "hi2", "hi5"), 2),
    "morality": (("mo1", "mo2", "mo3"), 1),
    "responsibility": (("re2", "re6"), 2),
}


class Config(NamedTuple):
    """One configuration of the model: training target and the two penalties."""

    target: str  # "coders" | "gold"
    l2: float
    l2_cues: float


GRID: tuple[Config, ...] = tuple(
    Config(t, a, b) for t in TARGETS for a in GRID_L2 for b in GRID_L2_CUES
)


class Corpus(NamedTuple):
    articles: pd.DataFrame  # article_id, outlet, group, labels (bool)
    sentences: pd.DataFrame
    cue_rows: pd.DataFrame
    words: dict  # article -> word -> sentence indexes (analysis.frame_model.article_words)
    lead: dict  # article -> lead sentence indexes
    cue_names: list[str]
    coders: list[np.ndarray]  # per article: coders x frames, each coder's own frame (RULES)


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
    coders = coder_frames(ids)
    return Corpus(articles, sents, cue_rows, words, lead, fm.cue_feature_names(cues), coders)


def _answers() -> dict:
    import json

    return json.loads(ANNOTATIONS.read_text(encoding="utf-8"))


def coder_frames(article_ids: list[str], answers: dict | None = None) -> list[np.ndarray]:
    """Per article (``nfc-<ID>``): a coders x frames boolean array, each coder's answers to the
    codebook questions put through :data:`RULES` (the coders who answered the article)."""
    answers = _answers() if answers is None else answers
    out = []
    for aid in article_ids:
        a = answers[aid.removeprefix("nfc-")]
        n = sum(x != -1 for x in a["co1"][1])
        out.append(
            np.array(
                [
                    [sum(a[q][1][k] == "yes" for q in qs) >= need for qs, need in RULES.values()]
                    for k in range(n)
                ]
            )
        )
    return out


def rule_labels(article_ids: list[str], answers: dict | None = None) -> np.ndarray:
    """Articles x frames: :data:`RULES` over the aggregated answers (the corpus's labels)."""
    answers = _answers() if answers is None else answers
    return np.array(
        [
            [
                sum(answers[aid.removeprefix("nfc-")][q][0] == "yes" for q in qs) >= need
                for qs, need in RULES.values()
            ]
            for aid in article_ids
        ]
    )


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


def targets(c: Corpus, target: str) -> np.ndarray:
    """Articles x frames: the gold labels (0/1) or the share of coders who saw the frame."""
    if target == "gold":
        return c.articles[list(LABELS.values())].to_numpy(float)
    return np.array([m.mean(axis=0) for m in c.coders])


def _design(c: Corpus, ids: np.ndarray, train: np.ndarray, cap: int):
    """Vocabulary and idf from the training articles, their feature matrix (rows in ``ids``
    order), the feature names and the features' means."""
    vocab, idf = fm.fit_vocabulary(c.words, ids[train], cap) if cap else ([], np.zeros(0))
    feats = _features(c, list(ids[train]), vocab, idf)
    order = {a: i for i, a in enumerate(feats.article_ids)}
    X = feats.matrix[[order[a] for a in ids[train]]]
    return vocab, idf, X, feats.names, X.mean(axis=0)


def _penalties(names, config: Config) -> np.ndarray:
    return np.where([n.startswith("word:") for n in names], config.l2, config.l2_cues)


def _best_f1(y: np.ndarray, prob: np.ndarray) -> float:
    return prf(y, prob >= fm.best_threshold(y, prob))[2]


def fit(
    c: Corpus,
    train: np.ndarray,
    folds: np.ndarray,
    cap: int = CAP,
    grid: tuple[Config, ...] = GRID,
    topic: bool = True,
) -> fm.Model:
    """A model fitted on the articles where ``train`` is True. Per frame, the configuration
    (one of ``grid``) and the threshold are those with the best F1 on the out-of-fold
    probabilities of a cross-validation over the training articles' folds."""
    ids = c.articles.article_id.to_numpy()
    frames = list(LABELS.values())
    gold = c.articles[frames].to_numpy(bool)
    ys = {t: targets(c, t) for t in {g.target for g in grid}}
    inner = sorted(set(folds[train]))
    oof = np.zeros((len(grid), len(ids), len(frames)))
    if len(inner) > 1:
        for k in inner:
            tr, te = train & (folds != k), train & (folds == k)
            vocab, idf, X, names, means = _design(c, ids, tr, cap)
            Xte = test_matrix(c, ids[te], names, vocab, idf, means, topic)
            word = np.array([n.startswith("word:") for n in names], bool)
            # the penalised fit only needs the articles' inner products (dual form): the word
            # and cue blocks once, then every configuration and frame for the cost of n x n
            gw, gc = X[:, word] @ X[:, word].T, X[:, ~word] @ X[:, ~word].T
            tw, tc = Xte[:, word] @ X[:, word].T, Xte[:, ~word] @ X[:, ~word].T
            for g, cfg in enumerate(grid):
                pens = [v for v, on in ((cfg.l2, word.any()), (cfg.l2_cues, (~word).any())) if on]
                b2 = 9.0 / min(pens)  # the bias column (constant 3) at the smallest penalty
                K = gw / cfg.l2 + gc / cfg.l2_cues + b2
                T = tw / cfg.l2 + tc / cfg.l2_cues + b2
                for f in range(len(frames)):
                    beta = fm.fit_logistic_dual(K, ys[cfg.target][tr, f])
                    oof[g, te, f] = 1.0 / (1.0 + np.exp(-(T @ beta)))
    chosen = []
    thr = np.zeros(len(frames))
    for f in range(len(frames)):
        y = gold[train, f]
        scores = [_best_f1(y, oof[g, train, f]) for g in range(len(grid))]
        g = int(np.argmax(np.round(scores, 9)))  # ties: the first in grid order
        chosen.append(grid[g])
        thr[f] = fm.best_threshold(y, oof[g, train, f])
    vocab, idf, X, names, means = _design(c, ids, train, cap)
    W = np.zeros((len(frames), X.shape[1]))
    b = np.zeros(len(frames))
    for f, cfg in enumerate(chosen):
        W[f], b[f] = fm.fit_logistic(X, ys[cfg.target][train, f], _penalties(names, cfg))
    meta = {"version": "2", "cap": str(cap), "fitted_on": f"{int(train.sum())} articles"}
    for fr, cfg in zip(frames, chosen, strict=True):
        meta[f"config.{fr}"] = f"target={cfg.target} l2={cfg.l2} l2_cues={cfg.l2_cues}"
    return fm.Model(tuple(frames), tuple(names), W, b, thr, tuple(vocab), idf, means, meta)


def test_matrix(c: Corpus, ids, names, vocab, idf, means, topic: bool = True) -> np.ndarray:
    """The feature matrix of ``ids`` (rows in that order, columns ``names``) as the model sees
    it: with ``topic``, the topic cue terms of these articles are taken out and their topic
    words held at ``means`` (the fitting articles' means), as in the pipeline."""
    keep = set(ids)
    rows = c.cue_rows[c.cue_rows.article_id.isin(keep)]
    tset: set[str] = set()
    if topic:
        outlets = dict(zip(c.articles.article_id, c.articles.group, strict=True))
        words = {a: c.words.get(a, {}) for a in ids}
        topics = fm.topic_indicators(rows, words, outlets, vocab)
        rows = fm.without_topic(rows, topics)
        tset = {f"word:{w}" for w in topics.loc[topics.kind == "word", "indicator"]}
    sents = c.sentences[c.sentences.article_id.isin(keep)]
    feats = fm.article_features(sents, rows, c.cue_names, list(vocab), idf, c.words, c.lead)
    order = {a: i for i, a in enumerate(feats.article_ids)}
    col = {n: j for j, n in enumerate(feats.names)}
    X = feats.matrix[[order[a] for a in ids]][:, [col[n] for n in names]]
    held = np.array([n in tset for n in names], bool)
    return np.where(held[None, :], np.asarray(means)[None, :], X)


def predict(c: Corpus, ids, model: fm.Model, topic: bool = True) -> np.ndarray:
    """Probabilities (articles in ``ids`` order x frames), topic features held as in the
    pipeline (:func:`test_matrix`)."""
    X = test_matrix(c, ids, model.features, model.vocabulary, model.idf, model.means, topic)
    return 1.0 / (1.0 + np.exp(-(X @ model.weights.T + model.bias[None, :])))


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


class Validation(NamedTuple):
    table: pd.DataFrame  # rule, frame, gold, predicted, P, R, F1 (rules always, keyword, model)
    oracle: np.ndarray  # per frame: F1 with each test fold's own best threshold on the scores
    chosen: list[list[Config]]  # per fold, per frame: the configuration chosen inside it


def cross_validate(
    c: Corpus, seed: int = 0, cap: int = CAP, grid: tuple[Config, ...] = GRID, topic: bool = True
) -> Validation:
    """Per frame P/R/F1 of always / keyword / model over the folds (one table, long form)."""
    folds = make_folds(c.articles, K, seed)
    ids = c.articles.article_id.to_numpy()
    frames = list(LABELS.values())
    y = c.articles[frames].to_numpy(bool)
    pred = np.zeros_like(y)
    prob = np.zeros(y.shape)
    chosen = []
    for k in range(K):
        train, test = folds != k, folds == k
        model = fit(c, train, folds, cap, grid, topic)
        prob[test] = predict(c, ids[test], model, topic)
        pred[test] = prob[test] >= model.thresholds[None, :]
        chosen.append([_config_of(model, fr) for fr in frames])
    rules = {"always": np.ones_like(y), "keyword": keyword_rule(c), "model": pred}
    rows = []
    for rule, p in rules.items():
        for f, frame in enumerate(frames):
            rows.append(
                (rule, frame, int(y[:, f].sum()), int(p[:, f].sum()), *prf(y[:, f], p[:, f]))
            )
    table = pd.DataFrame(rows, columns=["rule", "frame", "gold", "predicted", "P", "R", "F1"])
    # the oracle: each test fold's own best threshold (what no training fold can know)
    best = np.zeros_like(y)
    for k in range(K):
        m = folds == k
        for f in range(len(frames)):
            best[m, f] = prob[m, f] >= fm.best_threshold(y[m, f], prob[m, f])
    oracle = np.array([prf(y[:, f], best[:, f])[2] for f in range(len(frames))])
    return Validation(table, oracle, chosen)


def _config_of(model: fm.Model, frame: str) -> Config:
    parts = dict(x.split("=") for x in model.meta[f"config.{frame}"].split())
    return Config(parts["target"], float(parts["l2"]), float(parts["l2_cues"]))


def report(v: Validation, c: Corpus, seed: int, cap: int) -> str:
    table = v.table
    folds = make_folds(c.articles, K, seed)
    sizes = np.bincount(folds, minlength=K)
    lines = [
        f"Narrative Frames Corpus: {len(c.articles)} articles, "
        f"{c.articles.group.nunique()} outlets "
        f"(spellings merged); {K} folds (seed {seed}"
        f"{', held out: not looked at while developing' if seed == HELD_OUT_SEED else ''}), "
        f"outlets kept within one fold, fold sizes {' '.join(map(str, sizes))}; model: question "
        f"cues + {cap} words, per frame the target and penalties chosen inside the training "
        f"folds (nested, {len(GRID)} configurations)",
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
    always = table[table.rule == "always"].set_index("frame").F1
    lift = table[table.rule == "model"].set_index("frame").F1 - always
    lines.append("model F1 - always F1: " + ", ".join(f"{f} {x:+.3f}" for f, x in lift.items()))
    lines.append(
        "oracle thresholds (each test fold's best threshold on the model's scores, chosen on "
        "the test fold itself): "
        + ", ".join(
            f"{f} {x:.3f} ({x - always[f]:+.3f})"
            for f, x in zip(LABELS.values(), v.oracle, strict=True)
        )
        + f"; macro {v.oracle.mean():.3f}"
    )
    lines.append("chosen inside the training folds (target l2 l2_cues; folds 1-5):")
    for f, frame in enumerate(LABELS.values()):
        lines.append(
            f"  {frame:<22} "
            + ", ".join(f"{ch[f].target} {ch[f].l2:g} {ch[f].l2_cues:g}" for ch in v.chosen)
        )
    return "\n".join(lines)


def _kappa(a: np.ndarray, b: np.ndarray) -> float:
    po = float((a == b).mean())
    pe = a.mean() * b.mean() + (1 - a.mean()) * (1 - b.mean())
    return (po - pe) / (1 - pe) if pe < 1 else 1.0


def agreement(c: Corpus) -> str:
    """How far trained coders agree on the labels: per frame, the label rate, always-present
    F1, how often :data:`RULES` reproduces the labels, the first two coders' F1 and Cohen's
    kappa against each other, and one coder's F1 against the labels (which that coder helped
    make: optimistic)."""
    ids = list(c.articles.article_id)
    frames = list(LABELS.values())
    gold = c.articles[frames].to_numpy(bool)
    rule = rule_labels(ids)
    first = np.array([m[0] for m in c.coders])
    second = np.array([m[1] for m in c.coders])
    every = np.concatenate(c.coders)
    gold_each = np.concatenate(
        [np.repeat(gold[i : i + 1], len(m), 0) for i, m in enumerate(c.coders)]
    )
    n_coders = np.bincount([len(m) for m in c.coders])
    lines = [
        "Inter-coder agreement (full_annotations.json; "
        + ", ".join(f"{n} articles with {k} coders" for k, n in enumerate(n_coders) if n)
        + "; a coder's frame = the corpus's rule over that coder's answers)",
        f"{'frame':<22} {'rule':>28} {'rate':>5} {'always':>6} {'A vs B F1':>9} {'kappa':>5} "
        f"{'one coder vs gold F1':>20}",
    ]
    rows = []
    for f, frame in enumerate(frames):
        qs, need = RULES[frame]
        base = prf(gold[:, f], np.ones(len(gold), bool))[2]
        ab = prf(first[:, f], second[:, f])[2]
        one = prf(gold_each[:, f], every[:, f])[2]
        rows.append((base, ab, one))
        made = f">={need} of {','.join(qs)} ({int((rule[:, f] == gold[:, f]).sum())}/{len(gold)})"
        kappa = _kappa(first[:, f], second[:, f])
        lines.append(
            f"{frame:<22} {made:>28} {gold[:, f].mean():5.3f} {base:6.3f} {ab:9.3f} "
            f"{kappa:5.2f} {one:8.3f} ({one - base:+.3f})"
        )
    r = np.array(rows)
    lines.append(
        f"{'macro-F1':<22} {'':>28} {'':>5} {r[:, 0].mean():6.3f} {r[:, 1].mean():9.3f} {'':>5} "
        f"{r[:, 2].mean():8.3f}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=None, help="first N articles only (CI-sized run)")
    ap.add_argument("--seed", type=int, nargs="+", default=[0, HELD_OUT_SEED], help="fold seed(s)")
    ap.add_argument("--cap", type=int, default=CAP, help="vocabulary size (0: cues only)")
    ap.add_argument("--agreement", action="store_true", help="inter-coder agreement only")
    ap.add_argument("--fit", action="store_true", help="fit on every article, write the model")
    ap.add_argument("--check", action="store_true", help="with --fit: compare, do not write")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    args = ap.parse_args(argv)
    c = load(args.n)
    if args.agreement:
        print(agreement(c))
        return 0
    if args.fit:
        folds = make_folds(c.articles, K, args.seed[0])
        model = fit(c, np.ones(len(folds), bool), folds, args.cap)
        text = fm.model_table(model).to_csv(index=False, lineterminator="\n")
        if args.check:
            same = args.out.is_file() and args.out.read_text(encoding="utf-8") == text
            print(f"{args.out}: {'reproduced byte for byte' if same else 'DIFFERS from a refit'}")
            return 0 if same else 1
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out} ({len(text.splitlines()) - 1} rows)")
        return 0
    for seed in args.seed:
        print(report(cross_validate(c, seed, args.cap), c, seed, args.cap))
        print()
    print(agreement(c))
    return 0


if __name__ == "__main__":
    sys.exit(main())

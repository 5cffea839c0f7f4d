"""Validate analysis.tone (tone toward a target) on NewsMTSC, and refit its shipped weights.

NewsMTSC (Hamborg & Donnay, EACL 2021, MIT licence; ../shared/newsmtsc/README.md): news
sentences with the sentiment toward each person mention as judged by human coders. Fitting and
every choice use train.jsonl only (cross-validation inside it); devtest_rw and devtest_mt are
only reported.

Usage (from the project folder):

    python validate/tone.py                 # figures on devtest_rw and devtest_mt, one run
    python validate/tone.py --sample 200    # the same on 200 sentences of each devtest (CI)
    python validate/tone.py --fit           # refit src/analysis/data/tone_weights.csv from train
    python validate/tone.py --cv            # 5-fold cross-validation on train: the choices

Printed per split and measure: F1m (macro-F1 over negative/neutral/positive, NewsMTSC's
measure), F1 per class and accuracy, for the instrument (argmax class), sentence TextBlob and
sentence VADER (neutral band chosen on train to maximise F1m) and always-neutral; on devtest_mt
also the share of sentence pairs of targets with opposite gold polarity (one negative, one
positive) that get polarities of opposite sign.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "newsmtsc"
LABELS = {2.0: 0, 4.0: 1, 6.0: 2}
CLASS_NAMES = ("neg", "neu", "pos")

#: L2 penalty (on the summed log-loss; bias unpenalised) and fit iterations (accelerated
#: proximal gradient, fixed count so the fit is deterministic). Chosen by --cv on train.
L2 = 3.0
ITERATIONS = 300
#: Weights are written with this many decimals (so a refit reproduces the file byte for byte).
DECIMALS = 6
FOLDS = 5


def load(name: str, data: Path = DATA) -> list[tuple[str, list[tuple[int, int]], list[int]]]:
    """Rows ``(sentence, [(from, to), ...], [label, ...])``, labels 0 neg / 1 neu / 2 pos."""
    path = data / f"{name}.jsonl"
    if not path.exists():
        raise SystemExit(f"{path}: not found (NewsMTSC is expected in ../shared/newsmtsc)")
    rows = []
    with path.open(encoding="utf-8") as fh:
        for k, line in enumerate(fh, start=1):
            d = json.loads(line)
            try:
                targets = d["targets"]
                rows.append(
                    (
                        d["sentence_normalized"],
                        [(t["from"], t["to"]) for t in targets],
                        [LABELS[t["polarity"]] for t in targets],
                    )
                )
            except KeyError as e:
                raise SystemExit(f"{path}: line {k} lacks {e}") from None
    return rows


def f1_scores(y: np.ndarray, p: np.ndarray) -> tuple[float, list[float], float]:
    """(F1m, [F1 neg, F1 neu, F1 pos], accuracy)."""
    per = []
    for c in range(3):
        tp = int(np.sum((p == c) & (y == c)))
        wrong = int(np.sum((p == c) != (y == c)))
        per.append(2 * tp / (2 * tp + wrong) if tp else 0.0)
    return float(np.mean(per)), per, float(np.mean(p == y)) if len(y) else math.nan


def banded(x: np.ndarray, band: float) -> np.ndarray:
    return np.where(x > band, 2, np.where(x < -band, 0, 1))


def choose_band(x: np.ndarray, y: np.ndarray) -> float:
    """The neutral band in 0.00..0.80 (step 0.01) with the best F1m on (x, y); ties: smallest."""
    best = (-1.0, 0.0)
    for k in range(81):
        band = k / 100
        f = f1_scores(y, banded(x, band))[0]
        if f > best[0] + 1e-12:
            best = (f, band)
    return best[1]


# --- the model ---------------------------------------------------------------------------------


def feature_rows(rows) -> tuple[list[dict[str, float]], np.ndarray, np.ndarray]:
    """Features per target, labels, and the sentence index of each target (for grouped folds)."""
    from analysis.tone import features

    feats, labels, groups = [], [], []
    for g, (text, spans, ys) in enumerate(rows):
        feats.extend(features(text, spans))
        labels.extend(ys)
        groups.extend([g] * len(ys))
    return feats, np.array(labels), np.array(groups)


def vocabulary(feats: list[dict[str, float]], min_count: int) -> list[str]:
    """``bias`` first, then the features present in >= min_count targets, sorted."""
    counts = Counter(k for f in feats for k in f)
    return ["bias", *sorted(k for k, c in counts.items() if c >= min_count and k != "bias")]


def matrix(feats: list[dict[str, float]], vocab: list[str]) -> np.ndarray:
    index = {k: i for i, k in enumerate(vocab)}
    x = np.zeros((len(feats), len(vocab)))
    for r, f in enumerate(feats):
        for k, v in f.items():
            j = index.get(k)
            if j is not None:
                x[r, j] = v
    return x


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2, iterations: int = ITERATIONS) -> np.ndarray:
    """Multinomial logistic regression, L2 on all but column 0 (bias), by accelerated gradient
    descent (FISTA) from zero with a step from the largest eigenvalue of x'x (power iteration
    from a fixed start): deterministic. Returns weights (features x 3)."""
    n, d = x.shape
    onehot = np.eye(3)[y]
    v = np.ones(d) / math.sqrt(d)
    top = 1.0
    for _ in range(50):
        v = x.T @ (x @ v)
        top = float(np.linalg.norm(v))
        v /= top
    step = 1.0 / (top / n / 2 + l2 / n)
    mask = np.ones((d, 1))
    mask[0] = 0.0
    w = np.zeros((d, 3))
    z = w.copy()
    t = 1.0
    for _ in range(iterations):
        s = x @ z
        s -= s.max(axis=1, keepdims=True)
        p = np.exp(s)
        p /= p.sum(axis=1, keepdims=True)
        grad = x.T @ (p - onehot) / n + l2 / n * mask * z
        w_next = z - step * grad
        t_next = (1 + math.sqrt(1 + 4 * t * t)) / 2
        z = w_next + (t - 1) / t_next * (w_next - w)
        w, t = w_next, t_next
    return w


def weights_csv(vocab: list[str], w: np.ndarray, header: list[str]) -> str:
    """The weights file's text: ``#`` header lines, the column line, one row per feature."""
    w = w - w.mean(axis=1, keepdims=True)  # softmax is unchanged; one canonical form
    lines = [f"# {h}" for h in header] + ["feature,negative,neutral,positive"]
    for name, row in zip(vocab, w, strict=True):
        vals = [f"{v:.{DECIMALS}f}" for v in row]
        vals = ["0.000000" if v == "-0.000000" else v for v in vals]
        if name != "bias" and all(v == "0.000000" for v in vals):
            continue
        if "," in name or "\n" in name or name.startswith("#"):
            continue  # cannot be a token feature (tokens hold no commas); never written
        lines.append(",".join([name, *vals]))
    return "\n".join(lines) + "\n"


def fit_file(rows, source: str) -> str:
    """Fit on ``rows`` (NewsMTSC train) and return the weights file's text."""
    from analysis.tone import DISTANCE_SCALE, MIN_COUNT

    feats, y, _ = feature_rows(rows)
    vocab = vocabulary(feats, MIN_COUNT)
    w = fit(matrix(feats, vocab), y)
    header = [
        "analysis.tone weights: multinomial logistic regression, classes negative/neutral/positive",
        f"fitted by validate/tone.py --fit on {source}: {len(rows)} sentences, {len(y)} targets",
        f"(NewsMTSC, Hamborg & Donnay, EACL 2021, MIT licence); L2 {L2} on the summed log-loss",
        f"(bias unpenalised), {ITERATIONS} FISTA iterations from zero; features of analysis.tone",
        f"with DISTANCE_SCALE {DISTANCE_SCALE}, MIN_COUNT {MIN_COUNT}; rows centred per feature,",
        f"{DECIMALS} decimals; features whose weights round to zero are left out",
    ]
    return weights_csv(vocab, w, header)


# --- evaluation ----------------------------------------------------------------------------------


def sentence_scores(rows) -> tuple[np.ndarray, np.ndarray]:
    """Sentence TextBlob polarity and VADER compound, repeated for each target."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from analysis import fastblob

    vader = SentimentIntensityAnalyzer()
    tb, vd = [], []
    for text, spans, _ in rows:
        a = fastblob.sentiment(text).polarity
        b = vader.polarity_scores(text)["compound"]
        tb.extend([a] * len(spans))
        vd.extend([b] * len(spans))
    return np.array(tb), np.array(vd)


def mask_other_names(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the words of the other names masked, as the pipeline reads a sentence for
    the tone toward its mentions (analysis.sentiment.other_names): runs of capitalised words
    that overlap no target."""
    from analysis.sentiment import capitalised_runs, mask_names

    runs = capitalised_runs(text)
    keep = [(s, e) for s, e in runs if not any(s < te and ts < e for ts, te in spans)]
    return mask_names(text, keep)


def instrument(rows, weights=None, names: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """The instrument's class (argmax) and polarity for each target; ``names``: the other
    names' words masked first, as in the pipeline (False: every word read)."""
    from analysis.tone import tone_probabilities

    cls, pol = [], []
    for text, spans, _ in rows:
        if names:
            text = mask_other_names(text, spans)
        for p in tone_probabilities(text, spans, weights):
            cls.append(max(range(3), key=p.__getitem__))
            pol.append(p[2] - p[0])
    return np.array(cls), np.array(pol)


def opposite_pairs(rows, pol: np.ndarray) -> tuple[int, int, int]:
    """Pairs of targets in one sentence with gold negative vs positive: (pairs, opposite signs,
    opposite signs in the gold direction)."""
    pairs = opposite = right = 0
    k = 0
    for _text, spans, ys in rows:
        idx = range(k, k + len(spans))
        for i in idx:
            for j in idx:
                if ys[i - k] == 0 and ys[j - k] == 2:
                    pairs += 1
                    if pol[i] * pol[j] < 0:
                        opposite += 1
                        right += pol[i] < 0
        k += len(spans)
    return pairs, opposite, right


def sample(rows, n: int | None, seed: int = 19):
    if n is None or n >= len(rows):
        return rows
    picked = sorted(random.Random(seed).sample(range(len(rows)), n))
    return [rows[i] for i in picked]


def line(name: str, y: np.ndarray, p: np.ndarray) -> str:
    f, per, acc = f1_scores(y, p)
    cls = "  ".join(f"{c} {v:.3f}" for c, v in zip(CLASS_NAMES, per, strict=True))
    return f"  {name:<22} F1m {f:.3f}  {cls}  acc {acc:.3f}"


def report(data: Path, n: int | None) -> None:
    train = load("train", data)
    tb_tr, vd_tr = sentence_scores(train)
    y_tr = np.array([y for r in train for y in r[2]])
    band_tb, band_vd = choose_band(tb_tr, y_tr), choose_band(vd_tr, y_tr)
    print(f"neutral bands chosen on train: TextBlob {band_tb:.2f}, VADER {band_vd:.2f}")
    for split in ("devtest_rw", "devtest_mt"):
        rows = sample(load(split, data), n)
        y = np.array([v for r in rows for v in r[2]])
        tb, vd = sentence_scores(rows)
        cls, pol = instrument(rows)
        print(f"{split}: {len(rows)} sentences, {len(y)} targets")
        print(line("tone_toward", y, cls))
        print(line("tone_toward, names read", y, instrument(rows, names=False)[0]))
        print(line("sentence TextBlob", y, banded(tb, band_tb)))
        print(line("sentence VADER", y, banded(vd, band_vd)))
        print(line("always neutral", y, np.ones_like(y)))
        if split == "devtest_mt":
            pairs, opp, right = opposite_pairs(rows, pol)
            share = opp / pairs if pairs else math.nan
            print(
                f"  opposite-polarity pairs: {pairs}; tone_toward opposite signs {opp} "
                f"({share:.3f}), {right} of them in the gold direction; sentence tone: 0"
            )


def _cv_predict(x: np.ndarray, y: np.ndarray, fold: np.ndarray, l2: float):
    """Out-of-fold class and polarity (p pos - p neg) for every target."""
    cls = np.zeros(len(y), dtype=int)
    pol = np.zeros(len(y))
    for k in range(FOLDS):
        w = fit(x[fold != k], y[fold != k], l2=l2)
        s = x[fold == k] @ w
        s -= s.max(axis=1, keepdims=True)
        p = np.exp(s)
        p /= p.sum(axis=1, keepdims=True)
        cls[fold == k] = p.argmax(axis=1)
        pol[fold == k] = p[:, 2] - p[:, 0]
    return cls, pol


def cross_validate(data: Path, scales: list[float] | None) -> None:
    """5-fold cross-validation on train (folds by sentence): F1m, accuracy and the share of
    opposite-polarity pairs given opposite signs, per feature group and L2, or (``scales``) per
    distance scale with all features."""
    from analysis import tone

    train = load("train", data)
    if scales:
        for scale in scales:
            tone.DISTANCE_SCALE = scale
            feats, y, groups = feature_rows(train)
            x = matrix(feats, vocabulary(feats, tone.MIN_COUNT))
            cls, pol = _cv_predict(x, y, groups % FOLDS, L2)
            f, _per, acc = f1_scores(y, cls)
            pairs, opp, _ = opposite_pairs(train, pol)
            print(
                f"  distance scale {scale:>4}: F1m {f:.3f}  acc {acc:.3f}  "
                f"opposite signs {opp}/{pairs}"
            )
            sys.stdout.flush()
        return
    feats, y, groups = feature_rows(train)
    vocab = vocabulary(feats, tone.MIN_COUNT)
    x = matrix(feats, vocab)
    lexicon_sentence = {"bias", "tb_all", "vd_all"}
    near = {"tb_n", "vd_n", "tb_cl", "vd_cl", "vd_clL", "vd_clR", "pos_w", "neg_w"}
    roles = {"obj_neg", "obj_pos", "subj_neg", "subj_pos"}
    quotes = {"tb_q", "vd_q", "t_inq", "has_quote"}
    choices = [
        ("sentence lexicon sums", lambda k: k in lexicon_sentence),
        ("+ words near the mention", lambda k: k in lexicon_sentence | near),
        ("+ who-does-what-to-whom", lambda k: k in lexicon_sentence | near | roles),
        ("+ quotations apart", lambda k: k in lexicon_sentence | near | roles | quotes),
        ("+ bag of words (all)", lambda k: True),
        ("all but roles", lambda k: k not in roles),
        ("all but quotations", lambda k: k not in quotes and not k.startswith("q:")),
    ]
    for name, keep in choices:
        cols = [i for i, k in enumerate(vocab) if keep(k)]
        for l2 in (1.0, L2, 10.0) if name == "+ bag of words (all)" else (L2,):
            cls, pol = _cv_predict(x[:, cols], y, groups % FOLDS, l2)
            f, _per, acc = f1_scores(y, cls)
            pairs, opp, _ = opposite_pairs(train, pol)
            print(
                f"  {name:<28} L2 {l2:>4}: {len(cols):>5} features  F1m {f:.3f}  "
                f"acc {acc:.3f}  opposite signs {opp}/{pairs}"
            )
            sys.stdout.flush()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA, help="folder of NewsMTSC's jsonl files")
    ap.add_argument("--sample", type=int, default=None, help="sentences per devtest split")
    ap.add_argument("--fit", action="store_true", help="refit the weights from train")
    ap.add_argument("--out", type=Path, default=None, help="--fit: write here instead")
    ap.add_argument("--cv", action="store_true", help="cross-validation on train")
    ap.add_argument("--scales", type=str, default="", help="--cv: distance scales, e.g. 2,4,8")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    if args.fit:
        from analysis.tone import WEIGHTS_PATH

        out = args.out or WEIGHTS_PATH
        out.write_text(fit_file(load("train", args.data), "NewsMTSC train.jsonl"), encoding="utf-8")
        print(f"wrote {out}")
    elif args.cv:
        cross_validate(args.data, [float(v) for v in args.scales.split(",") if v])
    else:
        report(args.data, args.sample)


if __name__ == "__main__":
    main()

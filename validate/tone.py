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
    python validate/tone.py --cv --contrast 0,0.35 --set CONTRAST_AXIS=polarity   # the contrast
    python validate/tone.py --cv --set OTHER_WEIGHT=1,0.5,0      # a setting of analysis.tone

Printed per split and measure: F1m (macro-F1 over negative/neutral/positive, NewsMTSC's
measure), F1 per class and accuracy, for the instrument (argmax class), sentence TextBlob and
sentence VADER (neutral band chosen on train to maximise F1m) and always-neutral; on devtest_mt
also the share of sentence pairs of targets with opposite gold polarity (one negative, one
positive) that get polarities of opposite sign (product below zero, no neutral band), and how
many of them the gold way round (the negative target's polarity below zero). First, the same
measures on the project's own coding of tone toward actor mentions (seeds and four Narrative
Frames story A articles; tests/annotations/TONE_GUIDELINES.md); ``--no-gold`` leaves it out.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections import Counter
from pathlib import Path
from typing import NamedTuple

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


class Sparse(NamedTuple):
    """A row-compressed sparse matrix in plain numpy arrays (most features are absent for most
    targets: the dense products took minutes per fit on a loaded machine)."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    shape: tuple[int, int]

    def _row_ids(self) -> np.ndarray:
        return np.repeat(np.arange(self.shape[0]), np.diff(self.indptr))

    def dot(self, z: np.ndarray) -> np.ndarray:
        """self @ z for z of shape (columns,) or (columns, k)."""
        vals = self.data.reshape((-1, *(1,) * (z.ndim - 1))) * z[self.indices]
        vals = np.concatenate([vals, np.zeros((1, *z.shape[1:]))])  # an end for empty rows
        out = np.add.reduceat(vals, self.indptr[:-1], axis=0)
        out[np.diff(self.indptr) == 0] = 0.0
        return out

    def tdot(self, r: np.ndarray) -> np.ndarray:
        """self.T @ r for r of shape (rows,) or (rows, k), by column sums (np.bincount)."""
        rows, d = self._row_ids(), self.shape[1]
        if r.ndim == 1:
            return np.bincount(self.indices, weights=self.data * r[rows], minlength=d)
        cols = [
            np.bincount(self.indices, weights=self.data * r[rows, c], minlength=d)
            for c in range(r.shape[1])
        ]
        return np.stack(cols, axis=1)

    def rows(self, keep: np.ndarray) -> Sparse:
        """The rows where ``keep`` (a boolean mask) is true."""
        starts, ends = self.indptr[:-1][keep], self.indptr[1:][keep]
        take = np.concatenate([np.arange(a, b) for a, b in zip(starts, ends, strict=True)])
        indptr = np.concatenate([[0], np.cumsum(ends - starts)])
        return Sparse(indptr, self.indices[take], self.data[take], (int(keep.sum()), self.shape[1]))

    def columns(self, cols: list[int]) -> Sparse:
        """Only the columns ``cols`` (in that order)."""
        new = np.full(self.shape[1], -1)
        new[np.asarray(cols)] = np.arange(len(cols))
        mapped = new[self.indices]
        kept = mapped >= 0
        counts = np.bincount(self._row_ids()[kept], minlength=self.shape[0])
        indptr = np.concatenate([[0], np.cumsum(counts)])
        return Sparse(indptr, mapped[kept], self.data[kept], (self.shape[0], len(cols)))


def matrix(feats: list[dict[str, float]], vocab: list[str]) -> Sparse:
    """The targets x features matrix (columns in ``vocab`` order; features not in it dropped)."""
    index = {k: i for i, k in enumerate(vocab)}
    indptr, indices, data = [0], [], []
    for f in feats:
        row = sorted((index[k], v) for k, v in f.items() if k in index)
        indices.extend(j for j, _ in row)
        data.extend(v for _, v in row)
        indptr.append(len(indices))
    return Sparse(
        np.array(indptr),
        np.array(indices, dtype=np.int64),
        np.array(data, dtype=float),
        (len(feats), len(vocab)),
    )


def fit(x: Sparse, y: np.ndarray, l2: float = L2, iterations: int = ITERATIONS) -> np.ndarray:
    """Multinomial logistic regression, L2 on all but column 0 (bias), by accelerated gradient
    descent (FISTA) from zero with a step from the largest eigenvalue of x'x (power iteration
    from a fixed start): deterministic. Returns weights (features x 3)."""
    n, d = x.shape
    onehot = np.eye(3)[y]
    v = np.ones(d) / math.sqrt(d)
    top = 1.0
    for _ in range(50):
        v = x.tdot(x.dot(v))
        top = float(np.linalg.norm(v))
        v /= top
    step = 1.0 / (top / n / 2 + l2 / n)
    mask = np.ones((d, 1))
    mask[0] = 0.0
    w = np.zeros((d, 3))
    z = w.copy()
    t = 1.0
    for _ in range(iterations):
        s = x.dot(z)
        s -= s.max(axis=1, keepdims=True)
        p = np.exp(s)
        p /= p.sum(axis=1, keepdims=True)
        grad = x.tdot(p - onehot) / n + l2 / n * mask * z
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
    from analysis.tone import DISTANCE_SCALE, MIN_COUNT, SIDE_WINDOW

    feats, y, _ = feature_rows(rows)
    vocab = vocabulary(feats, MIN_COUNT)
    w = fit(matrix(feats, vocab), y)
    header = [
        "analysis.tone weights: multinomial logistic regression, classes negative/neutral/positive",
        f"fitted by validate/tone.py --fit on {source}: {len(rows)} sentences, {len(y)} targets",
        f"(NewsMTSC, Hamborg & Donnay, EACL 2021, MIT licence); L2 {L2} on the summed log-loss",
        f"(bias unpenalised), {ITERATIONS} FISTA iterations from zero; features of analysis.tone",
        f"with DISTANCE_SCALE {DISTANCE_SCALE}, MIN_COUNT {MIN_COUNT}, SIDE_WINDOW {SIDE_WINDOW};",
        "rows centred per feature,",
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


def ordered_pairs(rows, pol: np.ndarray) -> tuple[int, int]:
    """Pairs of targets in one sentence with different gold classes (negative < neutral <
    positive): (pairs, pairs whose polarities are in the gold order). A development figure
    on train beside :func:`opposite_pairs` (77 pairs on train, 408 of these)."""
    pairs = right = k = 0
    for _text, _spans, ys in rows:
        for i in range(len(ys)):
            for j in range(len(ys)):
                if ys[i] < ys[j]:
                    pairs += 1
                    right += bool(pol[k + i] < pol[k + j])
        k += len(ys)
    return pairs, right


def sample(rows, n: int | None, seed: int = 19):
    if n is None or n >= len(rows):
        return rows
    picked = sorted(random.Random(seed).sample(range(len(rows)), n))
    return [rows[i] for i in picked]


def line(name: str, y: np.ndarray, p: np.ndarray) -> str:
    f, per, acc = f1_scores(y, p)
    cls = "  ".join(f"{c} {v:.3f}" for c, v in zip(CLASS_NAMES, per, strict=True))
    return f"  {name:<22} F1m {f:.3f}  {cls}  acc {acc:.3f}"


ANNOTATIONS = ROOT / "tests" / "annotations"
SEEDS = ROOT / "data" / "raw" / "seeds"
NFC_TSV = ROOT.parent / "shared" / "narrative-frames" / "articles_metadata.tsv"
TONE_LABELS = {"negative": 0, "neutral": 1, "positive": 2}


def annotated_rows(gold: Path, texts: dict[str, str]):
    """NewsMTSC-like rows ``(sentence, spans, labels)`` from a tone gold file (id, start, end,
    actor, tone; tests/annotations/TONE_GUIDELINES.md): the article is split into sentences by
    analysis.segment, and each sentence holding gold mentions becomes one row with all of them
    as its spans (as the pipeline scores every mention of a sentence in one call). A mention
    that crosses a sentence boundary takes the sentences it touches, joined."""
    import csv

    from analysis.segment import segment_text

    by_article: dict[str, list[tuple[int, int, int]]] = {}
    with gold.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        id_col = reader.fieldnames[0] if reader.fieldnames else ""
        for k, r in enumerate(reader, start=2):
            try:
                label = TONE_LABELS[r["tone"]]
                item = (int(r["start"]), int(r["end"]), label)
            except (KeyError, ValueError):
                raise SystemExit(f"{gold}: row {k} needs integer start/end and a tone") from None
            by_article.setdefault(r[id_col], []).append(item)
    rows = []
    for aid, mentions in by_article.items():
        if aid not in texts:
            raise SystemExit(f"{gold}: article {aid!r} has no text")
        text = texts[aid]
        spans = [(s[3], s[4]) for s in segment_text(aid, text)[1]]
        groups: dict[tuple[int, int], list[tuple[int, int, int]]] = {}
        for start, end, label in sorted(mentions):
            touched = [sp for sp in spans if sp[0] < end and start < sp[1]]
            if not touched:
                raise SystemExit(f"{gold}: {aid} {start}-{end} lies in no sentence")
            groups.setdefault((touched[0][0], touched[-1][1]), []).append((start, end, label))
        merged: list[list] = []  # sentences whose ranges overlap (a crossing mention) join
        for (s, e), ms in sorted(groups.items()):
            if merged and s < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
                merged[-1][2].extend(ms)
            else:
                merged.append([s, e, list(ms)])
        for s, e, ms in merged:
            rows.append((text[s:e], [(a - s, b - s) for a, b, _ in ms], [y for *_, y in ms]))
    return rows


def annotated_texts() -> tuple[dict[str, str], dict[str, str]]:
    """The seed articles and the Narrative Frames articles, by id."""
    import pandas as pd

    seeds = {p.stem: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    if not NFC_TSV.is_file():
        print(f"{NFC_TSV}: not found (the Narrative Frames Corpus in ../shared): NFC left out")
        return seeds, {}
    raw = pd.read_csv(NFC_TSV, sep="\t", dtype=str, keep_default_na=False)
    return seeds, dict(zip(raw["ID"].str.strip(), raw["text"], strict=True))


def report_annotated(band_tb: float, band_vd: float) -> None:
    """Agreement with the project's own coding of tone toward actor mentions (seeds, and four
    Narrative Frames story A articles): target tone and the sentence baselines."""
    seeds, nfc = annotated_texts()
    sets = [("seeds (tone_gold.csv)", annotated_rows(ANNOTATIONS / "tone_gold.csv", seeds))]
    if nfc:
        gold = ANNOTATIONS / "nfc" / "tone_dev.csv"
        sets.append(("NFC story A (nfc/tone_dev.csv)", annotated_rows(gold, nfc)))
        sets.append(("both", sets[0][1] + sets[1][1]))
    for name, rows in sets:
        y = np.array([v for r in rows for v in r[2]])
        tb, vd = sentence_scores(rows)
        cls, _pol = instrument(rows)
        counts = " / ".join(str(int(np.sum(y == c))) for c in range(3))
        print(f"{name}: {len(rows)} sentences, {len(y)} mentions (neg / neu / pos {counts})")
        print(line("tone_toward", y, cls))
        print(line("sentence TextBlob", y, banded(tb, band_tb)))
        print(line("sentence VADER", y, banded(vd, band_vd)))
        print(line("always neutral", y, np.ones_like(y)))


def report(data: Path, n: int | None, gold: bool = True) -> None:
    train = load("train", data)
    tb_tr, vd_tr = sentence_scores(train)
    y_tr = np.array([y for r in train for y in r[2]])
    band_tb, band_vd = choose_band(tb_tr, y_tr), choose_band(vd_tr, y_tr)
    print(f"neutral bands chosen on train: TextBlob {band_tb:.2f}, VADER {band_vd:.2f}")
    if gold:
        report_annotated(band_tb, band_vd)
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
                f"({share:.3f}; signs of p pos - p neg, no neutral band), {right} of them in "
                "the gold direction; sentence tone: 0"
            )


def _cv_logits(x: np.ndarray, y: np.ndarray, fold: np.ndarray, l2: float) -> np.ndarray:
    """Out-of-fold class scores (targets x 3)."""
    z = np.zeros((len(y), 3))
    for k in range(FOLDS):
        w = fit(x.rows(fold != k), y[fold != k], l2=l2)
        z[fold == k] = x.rows(fold == k).dot(w)
    return z


def _classes(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Class (argmax) and polarity (p pos - p neg) from class scores."""
    s = z - z.max(axis=1, keepdims=True)
    p = np.exp(s)
    p /= p.sum(axis=1, keepdims=True)
    return p.argmax(axis=1), p[:, 2] - p[:, 0]


def _cv_predict(x: np.ndarray, y: np.ndarray, fold: np.ndarray, l2: float):
    """Out-of-fold class and polarity (p pos - p neg) for every target."""
    return _classes(_cv_logits(x, y, fold, l2))


def _cv_figures(train) -> tuple[float, float, int, int, int]:
    """F1m, accuracy and the opposite-sign pairs (all, opposite, the gold way round) of the
    model's out-of-fold predictions on ``train`` with analysis.tone's current settings (no
    contrast between persons)."""
    from analysis import tone

    feats, y, groups = feature_rows(train)
    x = matrix(feats, vocabulary(feats, tone.MIN_COUNT))
    z = _cv_logits(x, y, groups % FOLDS, L2)
    cls, pol = _classes(z)
    f, _per, acc = f1_scores(y, cls)
    return (f, acc, *opposite_pairs(train, pol), *ordered_pairs(train, pol))


def cross_validate_contrast(
    data: Path, betas: list[float], settings=(), margins: list[float] = ()
) -> None:
    """analysis.tone.CONTRAST on train: out-of-fold class scores of the model (5 folds by
    sentence), then each beta applied to them sentence by sentence; F1m and accuracy on all
    targets and on the targets of sentences with two or more, and the opposite-sign pairs."""
    from analysis import tone

    for name, value in settings:
        setattr(tone, name, value)
        print(f"  with {name} {value}")
    train = load("train", data)
    feats, y, groups = feature_rows(train)
    x = matrix(feats, vocabulary(feats, tone.MIN_COUNT))
    z = _cv_logits(x, y, groups % FOLDS, L2)
    multi = np.array([len(r[1]) > 1 for r in train for _ in r[1]])
    others = [tone.other_persons(text, spans) for text, spans, _ in train]
    for beta in betas:
        out, k = [], 0
        for ks in others:
            out.extend(tone.contrast(z[k : k + len(ks)].tolist(), ks, beta))
            k += len(ks)
        cls, pol = _classes(np.array(out))
        f, _per, acc = f1_scores(y, cls)
        fm, _per, accm = f1_scores(y[multi], cls[multi])
        pairs, opp, right = opposite_pairs(train, pol)
        n_ord, ord_ok = ordered_pairs(train, pol)
        print(
            f"  contrast {beta:>4}: F1m {f:.3f}  acc {acc:.3f}  multi-target F1m {fm:.3f} "
            f"acc {accm:.3f}  opposite signs {opp}/{pairs} ({right} the gold way round)  "
            f"ordered pairs {ord_ok}/{n_ord}"
        )
        sys.stdout.flush()
        for m in margins:  # a wider neutral class: m added to the neutral score
            shifted = np.array(out) + np.array([0.0, m, 0.0])
            f, _per, acc = f1_scores(y, shifted.argmax(axis=1))
            share = float(np.mean(shifted.argmax(axis=1) == 1))
            print(
                f"    neutral margin {m:>5}: F1m {f:.3f}  acc {acc:.3f}  neutral share {share:.3f}"
            )


def cross_validate(
    data: Path,
    scales: list[float] | None,
    only: list[str] | None = None,
    settings: list[tuple[str, object]] | None = None,
) -> None:
    """5-fold cross-validation on train (folds by sentence): F1m, accuracy and the share of
    opposite-polarity pairs given opposite signs, per feature group and L2, or (``scales``) per
    distance scale with all features."""
    from analysis import tone

    train = load("train", data)
    if settings:
        for name, value in settings:
            setattr(tone, name, value)
            f, acc, pairs, opp, right, n_ord, ord_ok = _cv_figures(train)
            print(
                f"  {name} {value}: F1m {f:.3f}  acc {acc:.3f}  "
                f"opposite signs {opp}/{pairs} ({right} the gold way round)  "
                f"ordered pairs {ord_ok}/{n_ord}"
            )
            sys.stdout.flush()
        return
    if scales:
        for scale in scales:
            tone.DISTANCE_SCALE = scale
            f, acc, pairs, opp, *_ = _cv_figures(train)
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
    roles = {
        "obj_neg",
        "obj_pos",
        "subj_neg",
        "subj_pos",
        "nobj_neg",
        "nobj_pos",
        "agent_neg",
        "agent_pos",
        "reporter",
    }
    quotes = {"tb_q", "vd_q", "t_inq", "has_quote"}
    choices = [
        ("sentence lexicon sums", lambda k: k in lexicon_sentence),
        ("+ words near the mention", lambda k: k in lexicon_sentence | near),
        ("+ who-does-what-to-whom", lambda k: k in lexicon_sentence | near | roles),
        ("+ quotations apart", lambda k: k in lexicon_sentence | near | roles | quotes),
        ("+ bag of words (all)", lambda k: True),
        ("all but roles", lambda k: k not in roles),
        ("all but quotations", lambda k: k not in quotes and not k.startswith("q:")),
        ("all but side words", lambda k: not k.startswith(("l:", "r:"))),
        ("all but reporter", lambda k: k != "reporter"),
    ]
    if only:
        choices = [c for c in choices if c[0] in only]
    for name, keep in choices:
        cols = [i for i, k in enumerate(vocab) if keep(k)]
        for l2 in (1.0, L2, 10.0) if name == "+ bag of words (all)" and not only else (L2,):
            cls, pol = _cv_predict(x.columns(cols), y, groups % FOLDS, l2)
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
    ap.add_argument("--contrast", type=str, default="", help="--cv: contrast values, e.g. 0,1")
    ap.add_argument(
        "--margins", type=str, default="", help="--cv --contrast: neutral margins, e.g. 0,0.5"
    )
    ap.add_argument(
        "--no-gold", action="store_true", help="leave out the project's annotated actors"
    )
    ap.add_argument("--scales", type=str, default="", help="--cv: distance scales, e.g. 2,4,8")
    ap.add_argument(
        "--set",
        action="append",
        default=[],
        help="--cv: a setting of analysis.tone and values, in turn, e.g. OTHER_WEIGHT=1,0.5,0",
    )
    ap.add_argument(
        "--only", type=str, default="", help="--cv: the feature groups to run, ';'-separated"
    )
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    if args.fit:
        from analysis.tone import WEIGHTS_PATH

        out = args.out or WEIGHTS_PATH
        out.write_text(fit_file(load("train", args.data), "NewsMTSC train.jsonl"), encoding="utf-8")
        print(f"wrote {out}")
    elif args.cv:
        only = [v.strip() for v in args.only.split(";") if v.strip()]
        settings = []
        for item in args.set:
            name, _, values = item.partition("=")
            for v in values.split(","):
                value = float(v) if v.replace(".", "", 1).isdigit() else v
                settings.append((name, value))
        if args.contrast:
            betas = [float(v) for v in args.contrast.split(",")]
            margins = [float(v) for v in args.margins.split(",") if v]
            cross_validate_contrast(args.data, betas, settings, margins)
            return
        cross_validate(args.data, [float(v) for v in args.scales.split(",") if v], only, settings)
    else:
        report(args.data, args.sample, gold=not args.no_gold)


if __name__ == "__main__":
    main()

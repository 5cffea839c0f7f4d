"""Per-sentence cost of frame detection: the dictionary rule alone (before) against the dictionary
plus the frame model (after: question cues, words, article features, decision and evidence),
and the frame model alone (model), on the same sentences in one run.

Sentences: the first N articles of the generated benchmark corpus (bench/corpus.py), cleaned and
segmented once (not timed). Each repeat times the three, alternating; the best of each is printed
as microseconds per sentence, with the ratios after / before and model / before (the frame
model's own cost against the dictionary's).

Usage: python bench/frame_cost.py [--n 300] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)

    from corpus import ensure_corpus

    from analysis import frame_model as fm
    from analysis.clean import clean_articles
    from analysis.frames import article_frames, frame_hits, load_frames
    from analysis.load import load_corpus
    from analysis.segment import segment_articles

    arts = load_corpus(ensure_corpus(max(args.n, 1000), 0, verbose=False)).articles.iloc[: args.n]
    sents = segment_articles(clean_articles(arts, None, ("en",)).articles).sentences
    frames, cues, model = load_frames(), fm.load_cues(), fm.load_model()

    def before() -> object:
        hits = frame_hits(sents, frames)
        return article_frames(sents, hits, frames)

    def alone() -> object:
        return fm.detect_frames(sents, None, cues, model)

    def after() -> object:
        before()
        return alone()

    after()  # warm-up: compiled patterns
    best = {"before": float("inf"), "after": float("inf"), "model": float("inf")}
    for _ in range(args.repeat):
        for name, fn in (("before", before), ("after", after), ("model", alone)):
            t0 = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - t0)
    n = len(sents)
    for name, t in best.items():
        print(f"{name:<7} {1e6 * t / n:8.1f} us/sentence ({n} sentences, best of {args.repeat})")
    print(f"ratio after/before: {best['after'] / best['before']:.2f}")
    print(f"ratio model/before: {best['model'] / best['before']:.2f}")


if __name__ == "__main__":
    main()

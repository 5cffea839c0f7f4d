"""Per-sentence cost of analysis.tone.tone_toward against TextBlob, measured in the same run.

Times, on the sentences of NewsMTSC's devtest splits (../shared/newsmtsc; each with its target
spans, 1-3 per sentence), after a warm-up: ``TextBlob(text).sentiment`` (the baseline of the
2x budget), the project's exact fast TextBlob (``analysis.fastblob.sentiment``) and
``tone_toward(text, spans)`` for all the sentence's targets. Prints microseconds per sentence
and the ratios, best of ``--repeat`` rounds.

With ``--corpus N`` (the generated N-article corpus of bench/run.py, e.g. 10000 for its 10k tier;
bench/corpus.py makes it once into bench/.data/) it times the engine's stage instead, on every
sentence of that corpus that names a catalog actor: cleaning, segmentation and mention finding
run first, untimed; then ``TextBlob(sentence).sentiment`` on those sentences, the fast TextBlob
on them, and ``analysis.tone.score_mentions`` (every mention of every such sentence, table
included), per sentence. The machine's load average is printed with the figures.

Usage: python bench/tone.py [--repeat 3] [--corpus 10000]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "newsmtsc"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--corpus", type=int, default=0, help="generated corpus size (bench/run.py)")
    args = ap.parse_args()
    if args.corpus:
        corpus_bench(args.corpus, args.repeat)
        return

    from textblob import TextBlob

    from analysis.fastblob import sentiment
    from analysis.tone import tone_toward

    rows = []
    for split in ("devtest_rw", "devtest_mt"):
        with (args.data / f"{split}.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                rows.append(
                    (d["sentence_normalized"], [(t["from"], t["to"]) for t in d["targets"]])
                )
    n, n_targets = len(rows), sum(len(s) for _, s in rows)
    for text, spans in rows[:50]:  # warm-up: lexicons, weights, compiled patterns
        tone_toward(text, spans)
        sentiment(text)
        TextBlob(text).sentiment  # noqa: B018

    jobs = {
        "TextBlob(text).sentiment": lambda: [TextBlob(t).sentiment for t, _ in rows],
        "fastblob.sentiment": lambda: [sentiment(t) for t, _ in rows],
        "tone_toward (all targets)": lambda: [tone_toward(t, s) for t, s in rows],
    }
    best = dict.fromkeys(jobs, float("inf"))
    print(f"{n} sentences, {n_targets} targets (NewsMTSC devtest_rw + devtest_mt)")
    for r in range(args.repeat):
        for name, job in jobs.items():
            t0 = time.perf_counter()
            job()
            best[name] = min(best[name], time.perf_counter() - t0)
        print(f"  round {r + 1}: " + ", ".join(f"{k} {best[k] / n * 1e6:.0f} us" for k in jobs))
    tb, fb, tone = (best[k] for k in jobs)
    print(f"tone_toward per sentence: {tone / n * 1e6:.0f} us")
    print(f"  x TextBlob(text).sentiment: {tone / tb:.2f} (budget 2.00)")
    print(f"  x fastblob.sentiment:       {tone / fb:.2f}")


def corpus_bench(size: int, repeat: int) -> None:
    """Per-sentence cost of the mention-tone stage on a generated corpus (see the module doc)."""
    import os
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from corpus import ensure_corpus
    from textblob import TextBlob

    from analysis.actors import find_mentions
    from analysis.clean import clean_articles
    from analysis.engine import _by_article, _resources
    from analysis.fastblob import sentiment
    from analysis.load import load_corpus
    from analysis.params import Params
    from analysis.segment import segment_articles
    from analysis.tone import score_mentions

    t0 = time.perf_counter()
    res = _resources(Params(instruments=("textblob",)))
    arts = _by_article(load_corpus(ensure_corpus(size, 0)).articles)
    sentences = segment_articles(clean_articles(arts, res.rules).articles).sentences
    mentions = find_mentions(sentences, res.catalog)
    keys = set(zip(mentions["article_id"], mentions["sentence_index"], strict=True))
    named = sentences[
        [k in keys for k in zip(sentences["article_id"], sentences["sentence_index"], strict=True)]
    ]
    texts = named["text"].tolist()
    n = len(texts)
    print(
        f"{len(arts):,} articles, {len(sentences):,} sentences, {n:,} of them name an actor "
        f"({len(mentions):,} mentions); prepared in {time.perf_counter() - t0:.1f} s"
    )
    score_mentions(named.iloc[:50], mentions.iloc[:0])  # warm-up: lexicons, weights
    for t in texts[:50]:
        sentiment(t)
        TextBlob(t).sentiment  # noqa: B018
    jobs = {
        "TextBlob(sentence).sentiment": lambda: [TextBlob(t).sentiment for t in texts],
        "fastblob.sentiment": lambda: [sentiment(t) for t in texts],
        "score_mentions (all mentions)": lambda: score_mentions(named, mentions),
    }
    best = dict.fromkeys(jobs, float("inf"))
    for r in range(repeat):
        for name, job in jobs.items():
            t1 = time.perf_counter()
            job()
            best[name] = min(best[name], time.perf_counter() - t1)
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(
            f"  round {r + 1} (load {load}): "
            + ", ".join(f"{k} {best[k] / n * 1e6:.0f} us" for k in jobs)
        )
    tb, fb, tone = (best[k] for k in jobs)
    print(f"mention tone per sentence that names an actor: {tone / n * 1e6:.0f} us")
    print(f"  x TextBlob(sentence).sentiment: {tone / tb:.2f} (budget 2.00)")
    print(f"  x fastblob.sentiment:           {tone / fb:.2f}")


if __name__ == "__main__":
    main()

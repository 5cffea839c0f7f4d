"""Where the per-article analysis spends its time: each stage of ``analysis.engine`` timed on its
own, in one process, against the baseline measured in the same run.

Runs the stages in the engine's order on the first N articles of a generated corpus (after a
warm-up on 20 articles, so one-time loads of models and lexicons are left out here; bench/run.py
keeps them in), prints milliseconds per article per stage and the sum against
``TextBlob(text).sentiment`` per article. Repeat with ``--repeat`` to see the spread; each
repeat prints its own lines and the best of each stage is summarised at the end.

Usage: python bench/stages.py [--n 1000] [--size 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="articles timed")
    ap.add_argument("--size", type=int, default=1000, help="generated corpus to read them from")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    from corpus import ensure_corpus
    from textblob import TextBlob

    from analysis.actors import find_mentions
    from analysis.attribution import find_attributions, find_hedges
    from analysis.clean import clean_articles
    from analysis.engine import AnalysisParams, _analyze, _by_article, _resources
    from analysis.frames import article_frames, frame_hits
    from analysis.load import load_corpus
    from analysis.quotes import find_quotes
    from analysis.segment import segment_articles
    from analysis.sentiment import score_articles, score_sentences

    arts = _by_article(load_corpus(ensure_corpus(args.size, 0)).articles.iloc[: args.n])
    n = len(arts)
    params = AnalysisParams(instruments=("textblob",))
    res = _resources(params)
    _analyze(arts.iloc[:20], params, res)  # warm-up: models, lexicons, compiled patterns
    TextBlob(arts["raw_text"].iloc[0]).sentiment  # noqa: B018 (loads TextBlob's lexicon)
    lex, inst, cat = res.domain_lexicon, params.instruments, res.catalog
    best: dict[str, float] = {}
    for k in range(args.repeat):
        times: dict[str, float] = {}

        def timed(name, fn, *a, **kw):
            t0 = time.perf_counter()
            out = fn(*a, **kw)
            times[name] = time.perf_counter() - t0  # noqa: B023 (fn runs here, at once)
            return out

        timed("baseline", lambda texts: [TextBlob(t).sentiment for t in texts], arts["raw_text"])
        cleaned = timed("clean", clean_articles, arts, res.rules, params.keep_languages)
        s = timed("segment", segment_articles, cleaned.articles).sentences
        scores = timed("sentiment", score_sentences, s, inst, lex)
        m = timed("mentions", find_mentions, s, cat)
        q = timed("quotes", find_quotes, cleaned.articles, s, cat, mentions=m)
        qs = q.rename(columns={"quote_index": "sentence_index"})
        timed("quote sentiment", score_sentences, qs, inst, lex)
        timed("article sentiment", score_articles, s, scores)
        timed("attributions", find_attributions, s, m, catalog=cat)
        timed("hedges", find_hedges, s)
        hits = timed("frame hits", frame_hits, s, res.frames)
        timed("article frames", article_frames, s, hits, res.frames)
        timed(ENGINE, _analyze, arts, params, res)
        base = times["baseline"]
        stages = sum(v for key, v in times.items() if key not in ("baseline", ENGINE))
        print(f"-- repeat {k + 1}: {n} articles, {len(s):,} sentences")
        for key, v in times.items():
            print(f"{key:24s} {1000 * v / n:7.3f} ms/article")
            best[key] = min(best.get(key, v), v)
        print(f"{'sum of stages':24s} {1000 * stages / n:7.3f} ms/article, x{base / stages:.2f}")
    print("-- best of each")
    for key, v in best.items():
        print(f"{key:24s} {1000 * v / n:7.3f} ms/article")
    print(f"engine vs baseline (best of each): x{best['baseline'] / best[ENGINE]:.2f}")


ENGINE = "engine (_analyze, all)"


if __name__ == "__main__":
    main()

"""Where the quote stage spends its time: ``quotes.find_quotes`` alone on the first N articles of
a generated corpus, with its inputs (cleaned articles, sentences, catalog mentions) made
beforehand as the engine makes them, so only the quote stage is timed or profiled.

Prints the CPU ms per article of each repeat and the quotes found; with ``--profile`` a cProfile
of one run instead, sorted by own time and by cumulative time (the counts of Python calls and
regex calls per quote come from its first lines).

Usage: python bench/quote_profile.py [--n 2000] [--size 10000] [--sources nfc] [--repeat 2]
       [--profile] [--top 45]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="articles timed")
    ap.add_argument("--size", type=int, default=10000, help="generated corpus to read them from")
    ap.add_argument("--sources", default="nfc", help="bench/corpus.py sources (seeds or nfc)")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--profile", action="store_true", help="one cProfile run instead of timing")
    ap.add_argument("--top", type=int, default=45, help="rows of each profile listing")
    args = ap.parse_args()

    from corpus import ensure_corpus

    from analysis.actors import find_mentions
    from analysis.clean import clean_articles
    from analysis.engine import _by_article, _resources
    from analysis.load import load_corpus
    from analysis.params import Params
    from analysis.quotes import find_quotes
    from analysis.segment import segment_articles

    params = Params(instruments=("textblob",))
    res = _resources(params)
    arts = _by_article(
        load_corpus(ensure_corpus(args.size, 0, sources=args.sources)).articles.iloc[: args.n]
    )
    cleaned = clean_articles(arts, res.rules, params.languages, res.language).articles
    sents = segment_articles(cleaned, res.language).sentences
    mentions = find_mentions(sents, res.catalog, res.language)
    n = len(cleaned)

    def run():
        return find_quotes(cleaned, sents, res.catalog, mentions=mentions, language=res.language)

    warm = cleaned.iloc[:20]  # one-time loads (cue lexicon, compiled patterns) left out
    find_quotes(warm, sents[sents["article_id"].isin(warm["article_id"])], res.catalog,
                mentions=mentions, language=res.language)  # fmt: skip
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        q = run()
        prof.disable()
        print(f"{n} articles, {len(q):,} quotes ({len(q) / n:.1f} per article)")
        stats = pstats.Stats(prof)
        stats.sort_stats("tottime").print_stats(args.top)
        stats.sort_stats("cumtime").print_stats(args.top)
        return
    for k in range(args.repeat):
        t0 = time.process_time()
        q = run()
        ms = 1000 * (time.process_time() - t0) / n
        print(f"repeat {k + 1}: quotes {ms:.3f} CPU ms/article, {len(q):,} quotes, {n} articles")


if __name__ == "__main__":
    main()

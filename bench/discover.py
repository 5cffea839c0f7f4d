"""What discovering the cast costs: analysis.discover against the mention stage, in one run.

On N articles of a generated corpus built from the real sentences of the Narrative Frames Corpus
(``bench/corpus.py --sources nfc``: real names, places and organisations; default 10,000),
cleaned and segmented once, times:

- ``discover``: :func:`analysis.discover.discover_actors` on the sentences table;
- ``mentions (discovered)``: :func:`analysis.actors.find_mentions` with the discovered catalog
  (what a run without a catalog does next);
- ``mentions (story catalog)``: the same with the shipped story catalog, for scale.

Each is timed ``--repeat`` times after a warm-up on 200 articles (catalog compilation and word
lists left out); the best time is kept, and the line the issue asks for is the ratio of
discovery to the mention stage measured in the same run.

Usage: python bench/discover.py [--n 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10000, help="articles")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    import tempfile

    from corpus import generate

    from analysis.actors import find_mentions, load_catalog
    from analysis.clean import clean_articles
    from analysis.discover import discover_actors, discovered_catalog
    from analysis.load import load_corpus
    from analysis.segment import segment_articles

    gen = generate(args.n, seed=0, sources="nfc")[0]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.parquet"
        gen.to_parquet(path, index=False)
        arts = load_corpus(path).articles
    t = time.perf_counter()
    cleaned = clean_articles(arts).articles
    sentences = segment_articles(cleaned).sentences
    print(
        f"{len(cleaned)} articles, {len(sentences)} sentences (cleaned and segmented in "
        f"{time.perf_counter() - t:.1f} s)"
    )
    warm = sentences[sentences["article_id"].isin(sorted(set(sentences["article_id"]))[:200])]
    found = discover_actors(warm)
    story = load_catalog()
    find_mentions(warm, story)

    t_disc = best(lambda: discover_actors(sentences), args.repeat)
    found = discover_actors(sentences)
    cat = discovered_catalog(found)
    find_mentions(warm, cat)
    t_found = best(lambda: find_mentions(sentences, cat), args.repeat)
    t_story = best(lambda: find_mentions(sentences, story), args.repeat)
    n = len(cleaned)
    print(
        f"discover: {t_disc:.2f} s ({1000 * t_disc / n:.3f} ms/article); "
        f"{found['actor'].nunique()} actors, {len(cat)} aliases"
    )
    print(f"mentions (discovered catalog): {t_found:.2f} s ({1000 * t_found / n:.3f} ms/article)")
    print(f"mentions (story catalog): {t_story:.2f} s ({1000 * t_story / n:.3f} ms/article)")
    print(
        f"discovery / mention stage (discovered catalog) = {t_disc / t_found:.2f} "
        f"(target <= 1); against the story catalog's mention stage {t_disc / t_story:.2f}"
    )


if __name__ == "__main__":
    main()

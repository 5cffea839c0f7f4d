"""Two corpora that are hard for the corpus-level stages (issue #20), as corpus tables.

- :func:`syndication`: one wire story carried by many outlets: ``n`` articles, 80 % exact
  copies of the wire text, 20 % near copies (an outlet tagline appended, or the last paragraph
  cut); dated over three days; no event. Quadratic pair counts are the danger here.
- :func:`tiny_articles`: ``n`` one-sentence articles (sentences of bench/corpus.py's generated
  corpus, so real sentences of one topic with generated variation) from 50 outlets; no event.
  One huge event of short texts is the danger here.

Both are deterministic for a given ``n`` and ``seed`` and return the columns the loader reads
(``id``, ``text``, ``outlet``, ``published``). The hostile-input helper writes similar corpora
for its own tests; these are the ones bench/corpus_stages.py measures.

Usage: python bench/hostile_corpora.py syndication|tiny N OUT.parquet
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus as generated


def _wire_text(seed: int) -> str:
    """A long article of the generated corpus (seed sources) as the wire story."""
    table, _ = generated.generate(40, seed=seed)
    lengths = table["text"].str.len()
    return str(table["text"].iloc[int(lengths.to_numpy().argmax())])


def syndication(n: int = 1000, n_outlets: int = 20, seed: int = 0) -> pd.DataFrame:
    """``n`` copies of one wire story across ``n_outlets`` outlets (see the module docstring)."""
    rng = random.Random(seed)
    wire = _wire_text(seed)
    paragraphs = wire.strip().split("\n\n")
    outlets = generated.OUTLETS[:n_outlets]
    rows = []
    for k in range(n):
        outlet = outlets[k % len(outlets)]
        text = wire
        roll = rng.random()
        if roll < 0.1:
            text = (
                wire.rstrip("\n")
                + f"\n\nThis story was distributed to {outlet} by a wire agency.\n"
            )
        elif roll < 0.2 and len(paragraphs) > 2:
            text = "\n\n".join(paragraphs[:-1]) + "\n"
        rows.append((f"wire-{k:05d}", text, outlet, f"2025-03-{18 + k % 3:02d}"))
    return pd.DataFrame(rows, columns=["id", "text", "outlet", "published"])


def tiny_articles(n: int = 10000, seed: int = 0) -> pd.DataFrame:
    """``n`` one-sentence articles (see the module docstring)."""
    rng = random.Random(seed)
    _, sentences = generated.generate(max(40, n // 12), seed=seed)
    prose = [s for s in sentences if len(s.split()) >= 6 and s.rstrip("”\"'").endswith(".")]
    outlets = [f"Outlet {k:02d}" for k in range(50)]
    rows = [
        (
            f"tiny-{k:06d}",
            rng.choice(prose) + "\n",
            outlets[k % len(outlets)],
            f"2025-{1 + k % 12:02d}-{1 + k % 28:02d}",
        )
        for k in range(n)
    ]
    return pd.DataFrame(rows, columns=["id", "text", "outlet", "published"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("kind", choices=("syndication", "tiny"))
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    args = ap.parse_args()
    table = syndication(args.n) if args.kind == "syndication" else tiny_articles(args.n)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    table.to_parquet(args.out, index=False)
    print(f"{len(table)} articles -> {args.out}")


if __name__ == "__main__":
    main()

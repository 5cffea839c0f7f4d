"""Leave-one-story-out test of a learned speaker choice (speaker_rank_model.py) on the gold.

For each of the seven gold stories A-G (tests/annotations/nfc, splits dev, heldout,
heldout2..heldout6) and each mode (the story's hand catalog; discovery alone), the script runs
the toolkit as validate/actors.py does, lists the candidate speakers of every quote matched to a
gold quote, and marks each candidate right or wrong with validate/actors.py's ``speaker_ok``.
Then, per story, it fits the ranker's weights on the other six stories (both modes pooled) and
scores the held-out story: speaker accuracy of the rules alone and of the ranker on the same
matched quotes (the denominator of validate/actors.py's speaker accuracy), and the ceiling (the
share of those quotes with a right candidate among the candidates).

The rules were written while reading stories A-F, so the rules' figures there are optimistic.
``--blind`` also scores each story on the rules' output of the code at which that story was
still blind (its first score), dumped beforehand with ``--dump`` under that checkout:

    git archive 4653633 src | tar -x -C /tmp/code-F
    PYTHONPATH=/tmp/code-F/src python validate/speaker_rank.py --dump heldout5 /tmp/F.pkl
    python validate/speaker_rank.py --blind F=/tmp/F.pkl [--train-blind]

(first scores: C 1f7d385, D 768cf4f, E 633de61, F 4653633, G 227ada8; docs/METHODS.md).

Usage: python validate/speaker_rank.py [--l2 10] [--blind STORY=PICKLE ...] [--train-blind]
       [--write CSV]   (--write: weights fitted on all seven stories, training stories named)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

import actors as va  # noqa: E402  validate/actors.py

from analysis.actors import find_mentions, load_catalog  # noqa: E402
from analysis.discover import discover_actors, discovered_catalog  # noqa: E402
from analysis.quotes import find_quotes  # noqa: E402
from analysis.segment import segment_articles  # noqa: E402

MODES = ("catalog", "discovery")


def run_story(split: str, mode: str) -> dict:
    """The toolkit's tables on one split in one mode, with whatever ``analysis`` is importable
    (``PYTHONPATH=<checkout>/src`` runs an older commit's rules): articles, sentences,
    mentions, quotes, the catalog's actors, the discovery mapping, the gold quotes."""
    articles, gold_q, gold_m, story = va.load_split(split)
    sentences = segment_articles(articles).sentences
    if mode == "catalog":
        catalog = load_catalog(va.GOLD / f"catalog_{story}.yaml")
        mapping: dict[str, str] = {}
    else:
        catalog = discovered_catalog(discover_actors(sentences))
        mapping = va.discovery_mapping(articles, gold_m, catalog)
    mentions = find_mentions(sentences, catalog)
    quotes = find_quotes(articles, sentences, catalog, mentions=mentions)
    return {
        "story": story,
        "articles": articles,
        "sentences": sentences,
        "mentions": mentions,
        "quotes": quotes,
        "known": set(catalog["actor"]),
        "mapping": mapping,
        "gold_q": gold_q,
    }


def story_candidates(run: dict, mode: str) -> tuple[str, pd.DataFrame, int]:
    """(story letter, candidates of the quotes matched to a gold quote, with ``correct`` and
    ``gold`` columns, number of matched quotes) of a :func:`run_story` result."""
    quotes, gold_q, known, mapping = run["quotes"], run["gold_q"], run["known"], run["mapping"]
    g = gold_q[gold_q["kind"].isin(["statement", "fragment"])]
    gq = list(zip(g["nfc_id"], g["quote_start"], g["quote_end"], g["speaker"], strict=True))
    p = quotes[quotes["kind"].isin(["statement", "fragment"])]
    pq = list(zip(p["article_id"], p["start"], p["end"], p["quote_index"], strict=True))
    pairs = va._pairs(gq, pq, lambda a, b: True)
    gold_of = {(pq[j][0], int(pq[j][3])): gq[i][3] for i, j in pairs}
    cands = _ranker().speaker_candidates(run["articles"], run["sentences"], quotes, run["mentions"])
    keys = list(zip(cands["article_id"], cands["quote_index"].astype(int), strict=True))
    keep = np.array([k in gold_of for k in keys], dtype=bool)
    cands = cands[keep].reset_index(drop=True)
    gold = [gold_of[k] for k, kept in zip(keys, keep, strict=True) if kept]
    cands["gold"] = gold
    cands["correct"] = [
        va.speaker_ok(gs, c, known, mapping) for gs, c in zip(gold, cands["candidate"], strict=True)
    ]
    cands["story"] = run["story"]
    cands["mode"] = mode
    return run["story"], cands, len(pairs)


def _ranker():
    """validate/speaker_rank_model.py, imported late so that --dump runs on older checkouts."""
    import speaker_rank_model

    return speaker_rank_model


def accuracy(cands: pd.DataFrame, weights: np.ndarray | None) -> float:
    """Share of quotes whose chosen candidate is right (None: the rules' choice, order 0)."""
    return float(_chosen(cands, weights)["correct"].mean())


def _chosen(cands: pd.DataFrame, weights: np.ndarray | None) -> pd.DataFrame:
    """One row per quote: the rules' candidate (None) or the ranker's."""
    if weights is None:
        return cands[cands["order"] == 0].reset_index(drop=True)
    sr = _ranker()
    return sr.best_candidates(sr.score_candidates(cands, weights))


def table(rows: list[tuple], title: str) -> None:
    """Print per-story rows (story, mode, quotes, rules, ranked, ceiling) and the totals."""
    print(title)
    print("story | mode | quotes | rules | ranked | change | ceiling | overridden (fixed/broken)")
    for story, mode, n, rules, ranked, ceiling, moved in rows:
        print(
            f"{story} | {mode} | {n} | {rules:.3f} | {ranked:.3f} | {ranked - rules:+.3f} | "
            f"{ceiling:.3f} | {moved[0]} ({moved[1]}/{moved[2]})"
        )
    for mode in MODES:
        mine = [r for r in rows if r[1] == mode]
        n = sum(r[2] for r in mine)
        rules = sum(r[2] * r[3] for r in mine) / n
        ranked = sum(r[2] * r[4] for r in mine) / n
        better = sum(r[4] > r[3] for r in mine)
        worse = sum(r[4] < r[3] for r in mine)
        moved = [sum(r[6][i] for r in mine) for i in range(3)]
        print(
            f"all | {mode} | {n} | {rules:.3f} | {ranked:.3f} | {ranked - rules:+.3f} | "
            f"| {moved[0]} ({moved[1]}/{moved[2]}) | ranked better on {better}, worse on "
            f"{worse} of {len(mine)} stories"
        )


def evaluate(cands: pd.DataFrame, weights: np.ndarray) -> tuple:
    """(matched quotes, rules' accuracy, ranker's accuracy, ceiling, (quotes where the ranker
    overrides the rules, of which it fixes, of which it breaks)) on one story and mode."""
    n = cands[["article_id", "quote_index"]].drop_duplicates().shape[0]
    ceiling = float(cands.groupby(["article_id", "quote_index"])["correct"].any().mean())
    rules, ranked = _chosen(cands, None), _chosen(cands, weights)
    assert rules[["article_id", "quote_index"]].equals(ranked[["article_id", "quote_index"]])
    moved = ranked["order"].to_numpy() != 0
    fixed = int((moved & ranked["correct"].to_numpy() & ~rules["correct"].to_numpy()).sum())
    broken = int((moved & ~ranked["correct"].to_numpy() & rules["correct"].to_numpy()).sum())
    acc = (float(rules["correct"].mean()), float(ranked["correct"].mean()))
    return n, *acc, ceiling, (int(moved.sum()), fixed, broken)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--l2", type=float, default=10.0)
    parser.add_argument("--write", default=None, help="write weights fitted on all stories")
    parser.add_argument(
        "--dump", nargs=2, metavar=("SPLIT", "PICKLE"), default=None,
        help="save the tables of SPLIT (both modes) from the importable analysis and stop",
    )  # fmt: skip
    parser.add_argument(
        "--blind", nargs="*", default=(), metavar="STORY=PICKLE",
        help="also score the ranker (trained on the other stories' current rules) on the "
        "rules' output dumped from the code at which STORY was blind",
    )  # fmt: skip
    parser.add_argument(
        "--train-blind", action="store_true",
        help="train on the other stories' blind-rules output (--blind) too",
    )  # fmt: skip
    args = parser.parse_args()
    if args.dump:
        split, path = args.dump
        runs = {mode: run_story(split, mode) for mode in MODES}
        pd.to_pickle(runs, path)
        print(f"{split}: wrote {path}")
        return 0
    sr = _ranker()
    data: dict[tuple[str, str], pd.DataFrame] = {}
    for split in va.SPLITS:
        for mode in MODES:
            story, cands, n = story_candidates(run_story(split, mode), mode)
            assert cands[["article_id", "quote_index"]].drop_duplicates().shape[0] == n
            data[(story, mode)] = cands
    stories = sorted({s for s, _ in data})
    blind: dict[tuple[str, str], pd.DataFrame] = {}
    for item in args.blind:
        held, path = item.split("=", 1)
        runs = pd.read_pickle(path)
        for mode in MODES:
            story, cands, _ = story_candidates(runs[mode], mode)
            assert story == held, (story, held)
            blind[(held, mode)] = cands
    weights = {}
    rows = []
    for held in stories:
        parts = [data[(s, m)] for s in stories if s != held for m in MODES]
        if args.train_blind:
            parts += [c for (s, _), c in sorted(blind.items()) if s != held]
        train = pd.concat(parts)
        weights[held] = sr.fit_weights(train, train["correct"].to_numpy(), l2=args.l2)
        for mode in MODES:
            rows.append((held, mode, *evaluate(data[(held, mode)], weights[held])))
    extra = " (+ the other stories' blind-rules output)" if args.train_blind else ""
    table(rows, f"leave-one-story-out (current rules), L2 {args.l2}{extra}; speaker accuracy")
    if blind:
        rows = [(s, m, *evaluate(c, weights[s])) for (s, m), c in sorted(blind.items())]
        table(rows, "blind rules (the code at each story's first score), same weights")
    if args.write:
        train = pd.concat(data.values())
        w = sr.fit_weights(train, train["correct"].to_numpy(), l2=args.l2)
        pd.DataFrame(
            {
                "feature": sr.FEATURES,
                "weight": [f"{x:.6f}" for x in w],
                "trained_on": " ".join(stories),
                "source": f"validate/speaker_rank.py --l2 {args.l2} (catalog and discovery)",
            }
        ).to_csv(args.write, index=False)
        print(f"wrote {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

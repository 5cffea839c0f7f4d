"""Validity of actors and quotes on the Narrative Frames Corpus gold (tests/annotations/nfc/).

Scores one split of the gold (``--split dev``: story A, used while developing; ``--split
heldout``: story B, scored once at the end by the coordinator; ``--split heldout2``: story C,
coded blind after story B was no longer blind, scored once by the coordinator on 2026-12-06 and
now a development story; ``--split heldout3``: story D, coded blind after story C was scored,
scored once by the coordinator on 2026-12-06 and a development story since; ``--split heldout4``:
story E, coded blind on 2026-12-06 after story D was scored, scored once by the coordinator on
2026-12-06 and made a development story on 2026-12-06 (second session of the day), when its
errors were read to name the classes left; ``--split heldout5``: story F, the EPA under Andrew
Wheeler, coded blind on 2026-12-06 after story E was read, scored once by the coordinator on
2026-12-06 and a development story since, its errors read to name the classes left; ``--split
heldout6``: story G, Scott Pruitt's EPA, coded blind on 2026-12-06 after story F was read, scored
once by the coordinator on 2026-12-06 and a development story since (its errors read for the eighth
pass, docs/METHODS.md, and the leave-one-story-out experiment of validate/speaker_rank.py);
``--split heldout7``: story H, the 2020 Democratic candidates on climate, and ``--split
heldout8``: story I, sea-level rise and coastal flooding, both coded blind on 2026-12-06,
scored once by the coordinator on 2026-12-06 on 17b6686, then their errors read to classify
them, so they are development stories; ``--split heldout9``: story J, climate litigation, and
``--split heldout10``: story K, coal, both coded blind on 2026-12-06, scored once by the
coordinator on 2026-12-06 on d41fb17, then their errors read to classify them, so they are
development stories; ``BLIND`` is empty until a new story is coded) in two modes:

- ``catalog``: the story's hand catalog (``tests/annotations/nfc/catalog_<story>.yaml``, or
  ``--catalog``), with canonical names spelled as in the gold;
- ``discovery``: no catalog: :func:`analysis.discover.discover_actors` on the split's articles,
  its draft used as the catalog. Discovered names are mapped to gold actors by the mentions
  they share (the gold actor holding most of a discovered actor's mention spans).

Figures (one line each, per mode):

- quotes: precision, recall, F1 of statement and fragment quotes (span overlap, one-to-one);
  speaker accuracy over matched quotes (gold categories: ``unnamed_source`` is matched by a
  speaker that is no actor, i.e. a description; ``unattributed`` by an empty speaker);
- mentions: precision and recall (same actor, overlapping span, one-to-one);
- discovery only: the share of gold actors mentioned 3+ times that the draft finds, and the
  share of draft entries that are no actor (hold no gold mention).

The articles' text is the raw ``text`` of ../shared/narrative-frames (the gold's offsets index
it), segmented with analysis.segment; nothing is copied into the project.

Usage: python validate/actors.py [--split dev|heldout|heldout2|heldout3|heldout4|heldout5|heldout6]
       [--catalog YAML] [--mode both|catalog|discovery] [--show]   (make validate-actors SPLIT=dev)
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "annotations" / "nfc"
sys.path.insert(0, str(ROOT / "bench"))

import nfc  # noqa: E402

from analysis.actors import find_mentions, load_catalog  # noqa: E402
from analysis.discover import discover_actors, discovered_catalog  # noqa: E402
from analysis.quotes import find_quotes  # noqa: E402
from analysis.segment import segment_articles  # noqa: E402

CATEGORIES = ("unnamed_source", "unattributed")
SPLITS = (
    "dev",
    "heldout",
    "heldout2",
    "heldout3",
    "heldout4",
    "heldout5",
    "heldout6",
    "heldout7",
    "heldout8",
    "heldout9",
    "heldout10",
)  # stories A-K of the gold's stories.csv
BLIND: tuple[str, ...] = ()  # kept for a score: never shown with --show


def load_split(split: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, str]:
    """(articles: article_id, text; gold quotes; gold mentions; story letter) of a split."""
    stories = pd.read_csv(GOLD / "stories.csv", dtype=str)
    rows = stories[stories["split"] == split]
    if rows.empty:
        raise SystemExit(f"no {split} articles in {GOLD / 'stories.csv'}")
    story = rows["story"].iloc[0]
    ids = set(rows["nfc_id"])
    arts = nfc.nfc_articles()
    arts = arts[arts["id"].str.removeprefix("nfc-").isin(ids)]
    articles = pd.DataFrame(
        {"article_id": arts["id"].str.removeprefix("nfc-"), "text": arts["text"]}
    ).reset_index(drop=True)
    quotes = pd.read_csv(GOLD / f"quotes_{split}.csv", dtype={"nfc_id": str}, keep_default_na=False)
    mentions = pd.read_csv(GOLD / f"mentions_{split}.csv", dtype={"nfc_id": str})
    return articles, quotes, mentions, story


def _pairs(gold: list[tuple], pred: list[tuple], same) -> list[tuple[int, int]]:
    """One-to-one matches of overlapping spans (start, end at positions 1, 2), largest
    overlap first; ``same(g, p)`` must hold too."""
    cands = []
    by_art: dict[str, list[int]] = defaultdict(list)
    for j, p in enumerate(pred):
        by_art[p[0]].append(j)
    for i, g in enumerate(gold):
        for j in by_art.get(g[0], []):
            p = pred[j]
            ov = min(g[2], p[2]) - max(g[1], p[1])
            if ov > 0 and same(g, p):
                cands.append((-ov, i, j))
    used_g, used_p, out = set(), set(), []
    for _, i, j in sorted(cands):
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((i, j))
    return out


def _prf(n_match: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = n_match / n_pred if n_pred else 0.0
    r = n_match / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def speaker_ok(gold: str, pred: str, known: set[str], mapping: dict[str, str]) -> bool:
    """Is the predicted speaker the gold one (a category matched as in the module docstring)?"""
    pred = mapping.get(pred, pred)
    if gold == "unattributed":
        return pred == ""
    if gold == "unnamed_source":
        return pred != "" and pred not in known and not pred[:1].isupper()
    return pred == gold


def score(
    articles: pd.DataFrame,
    gold_q: pd.DataFrame,
    gold_m: pd.DataFrame,
    catalog: pd.DataFrame,
    mapping: dict[str, str] | None = None,
) -> dict[str, float]:
    """Quote and mention figures of ``catalog`` on the articles against the gold."""
    sentences = segment_articles(articles).sentences
    mentions = find_mentions(sentences, catalog)
    quotes = find_quotes(articles, sentences, catalog, mentions=mentions)
    mapping = mapping or {}
    known = set(catalog["actor"])
    # quotes
    g = gold_q[gold_q["kind"].isin(["statement", "fragment"])]
    gq = list(zip(g["nfc_id"], g["quote_start"], g["quote_end"], g["speaker"], strict=True))
    p = quotes[quotes["kind"].isin(["statement", "fragment"])]
    pq = list(zip(p["article_id"], p["start"], p["end"], p["speaker"], strict=True))
    pairs = _pairs(gq, pq, lambda a, b: True)
    qp, qr, qf = _prf(len(pairs), len(pq), len(gq))
    right = sum(speaker_ok(gq[i][3], pq[j][3], known, mapping) for i, j in pairs)
    # mentions
    gm = _spans(gold_m, "nfc_id", "actor")
    pm = _spans(mentions, "article_id", "actor")
    mp = _pairs(gm, pm, lambda a, b: a[3] == mapping.get(b[3], b[3]))
    mprec, mrec, _ = _prf(len(mp), len(pm), len(gm))
    return {
        "gold_quotes": len(gq),
        "pred_quotes": len(pq),
        "quote_p": qp,
        "quote_r": qr,
        "quote_f1": qf,
        "speaker_acc": right / len(pairs) if pairs else 0.0,
        "gold_mentions": len(gm),
        "pred_mentions": len(pm),
        "mention_p": mprec,
        "mention_r": mrec,
        "_quotes": quotes,
        "_pairs": pairs,
        "_gq": gq,
        "_pq": pq,
        "_mentions": mentions,
    }


def _spans(table: pd.DataFrame, article: str, label: str) -> list[tuple]:
    """(article, start, end, label) per row of a mention table, gold or predicted."""
    return list(zip(table[article], table["start"], table["end"], table[label], strict=True))


def discovery_mapping(articles: pd.DataFrame, gold_m: pd.DataFrame, catalog: pd.DataFrame):
    """Discovered actor -> the gold actor holding most of its overlapping mention spans."""
    sentences = segment_articles(articles).sentences
    mentions = find_mentions(sentences, catalog)
    gm = _spans(gold_m, "nfc_id", "actor")
    pm = _spans(mentions, "article_id", "actor")
    votes: dict[str, Counter] = defaultdict(Counter)
    for i, j in _pairs(gm, pm, lambda a, b: True):
        votes[pm[j][3]][gm[i][3]] += 1
    return {d: c.most_common(1)[0][0] for d, c in votes.items()}


def report(name: str, r: dict) -> None:
    print(
        f"{name}: quotes P {r['quote_p']:.3f} R {r['quote_r']:.3f} F1 {r['quote_f1']:.3f} "
        f"(gold {r['gold_quotes']}, predicted {r['pred_quotes']}); speaker accuracy "
        f"{r['speaker_acc']:.3f}; mentions P {r['mention_p']:.3f} R {r['mention_r']:.3f} "
        f"(gold {r['gold_mentions']}, predicted {r['pred_mentions']})"
    )


def misses(r: dict, mapping: dict[str, str], known: set[str], limit: int = 80) -> None:
    """Speaker errors (development stories only: reading them is how the rules were written)."""
    quotes = r["_quotes"]
    for i, j in r["_pairs"]:
        g, p = r["_gq"][i], r["_pq"][j]
        if not speaker_ok(g[3], p[3], known, mapping):
            q = quotes[(quotes["article_id"] == p[0]) & (quotes["start"] == p[1])].iloc[0]
            print(
                f"  speaker {g[0]}@{g[1]}: gold {g[3]!r} predicted {p[3]!r} "
                f"(speaker_text {q['speaker_text']!r}, cue {q['cue']!r}, "
                f"{q['speaker_resolution']})"
            )
            limit -= 1
            if limit <= 0:
                return


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=SPLITS, default="dev")
    parser.add_argument("--catalog", default=None, help="hand catalog YAML for the split's story")
    parser.add_argument("--mode", choices=("both", "catalog", "discovery"), default="both")
    parser.add_argument(
        "--show", action="store_true", help="list speaker errors (development stories only)"
    )
    args = parser.parse_args()
    articles, gold_q, gold_m, story = load_split(args.split)
    outlets = pd.read_csv(GOLD / "stories.csv", dtype=str)
    print(
        f"story {story} ({args.split}): {len(articles)} articles, "
        f"{outlets[outlets['split'] == args.split]['outlet'].nunique()} outlets"
    )
    # Stories A-I have all been scored once and read since (docs/METHODS.md).
    # A new blind story goes into BLIND until its one score.
    show = args.show and args.split not in BLIND
    if args.mode in ("both", "catalog"):
        path = Path(args.catalog) if args.catalog else GOLD / f"catalog_{story}.yaml"
        if path.is_file():
            cat = load_catalog(path)
            r = score(articles, gold_q, gold_m, cat)
            report("catalog", r)
            if show:
                misses(r, {}, set(cat["actor"]))
        else:
            print(f"catalog: no hand catalog at {path}")
    if args.mode in ("both", "discovery"):
        sentences = segment_articles(articles).sentences
        found = discover_actors(sentences)
        cat = discovered_catalog(found)
        mapping = discovery_mapping(articles, gold_m, cat)
        r = score(articles, gold_q, gold_m, cat, mapping)
        report("discovery", r)
        counts = gold_m["actor"].value_counts()
        frequent = set(counts[counts >= 3].index)
        found_gold = set(mapping.values())
        drafted = found.drop_duplicates("actor")["actor"].tolist()
        not_actor = [a for a in drafted if a not in mapping]
        print(
            f"discovery: finds {len(frequent & found_gold)}/{len(frequent)} "
            f"({len(frequent & found_gold) / max(len(frequent), 1):.3f}) of the actors mentioned "
            f"3+ times; {len(not_actor)}/{len(drafted)} "
            f"({len(not_actor) / max(len(drafted), 1):.3f}) draft entries are not actors"
        )
        if show:
            print("  not found:", sorted(frequent - found_gold))
            print("  not actors:", not_actor)
            misses(r, mapping, set(cat["actor"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The aggregation stages of this checkout against those of an earlier commit, in one run.

Builds the per-article tables of the real Narrative Frames Corpus (the first ``--n`` articles;
engine, then rewrite detection, as build_tables does), then times each aggregation step with
the code of ``--ref`` (aggregate.py, stats.py, frames.py and distinctive.py read from git into
a scratch folder) and with this checkout's, on the same tables, alternately, and checks that
every output table is identical (``pandas.testing.assert_frame_equal``, exact).

Usage: python bench/aggregate_ab.py [--ref 771cebc] [--n 428]
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

MODULES = ("stats", "aggregate", "frames", "distinctive")
_STOPWORDS = """try:
    from analysis.lang import load_stopwords
except ImportError:
    from analysis.rewrites import load_stopwords"""


def old_modules(ref: str, folder: Path) -> dict:
    """The four modules as they were at ``ref``, importable side by side with today's."""
    mods = {}
    sys.path.insert(0, str(folder))
    for name in MODULES:
        src = subprocess.run(
            ["git", "show", f"{ref}:src/analysis/{name}.py"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        # the old modules import each other's old versions (stats lost articles_in_scope)
        src = src.replace("from analysis.stats import", "from old_stats import")
        src = src.replace("from analysis import stats\n", "import old_stats as stats\n")
        src = src.replace("from analysis.rewrites import load_stopwords", _STOPWORDS)
        path = folder / f"old_{name}.py"
        path.write_text(src, "utf-8")
        spec = importlib.util.spec_from_file_location(f"old_{name}", path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        mods[name] = mod
    # the old aggregate and frames summarise with the old stats
    mods["aggregate"].stats = mods["stats"]
    mods["frames"].summarize = mods["stats"].summarize
    return mods


def steps(mods: dict, t: dict) -> dict:
    """name -> zero-argument call of each aggregation step with ``mods``' code."""
    agg, fr, dist = mods["aggregate"], mods["frames"], mods["distinctive"]
    arts, sents, ment = t["articles"], t["sentences"], t["mentions"]
    inputs = agg.ActorInputs(
        arts,
        sents,
        ment,
        t["quotes"],
        t["attributions"],
        t["sentence_sentiment"],
        t["quote_sentiment"],
    )
    fd = fr.load_frames(None)
    out: dict = {}
    out["actor_evidence"] = lambda: agg.actor_evidence(inputs)
    out["per_article"] = lambda: agg.per_article(inputs, out["_ev"])
    out["summarize overall"] = lambda: agg.summarize(out["_tab"], arts, (), 1000, 0)
    out["summarize by outlet"] = lambda: agg.summarize(out["_tab"], arts, ("outlet",), 1000, 0)
    for by in ((), ("outlet",), ("event",)):
        name = "frame_measures " + (by[0] if by else "overall")
        out[name] = lambda by=by: fr.frame_measures(
            sents, t["frame_hits"], arts, by, fd, n_boot=1000, seed=0
        )
    out["distinctive_terms"] = lambda: dist.distinctive_terms(sents, arts, "outlet")
    out["actor_context_terms"] = lambda: dist.actor_context_terms(sents, ment, arts, "outlet")
    return out


def run(mods: dict, t: dict) -> tuple[dict, dict]:
    """Seconds and result of every step. Code that takes the articles as counted (from
    analysis.scope: rewrites left out before) gets those; older code leaves them out itself."""
    if "articles_in_scope" not in vars(mods["stats"]):
        arts = t["articles"]
        kept = arts[arts["rewrite_of"].fillna("") == ""] if "rewrite_of" in arts else arts
        t = {**t, "articles": kept.reset_index(drop=True)}
    calls = steps(mods, t)
    seconds, results = {}, {}
    for name, call in list(calls.items()):
        if name.startswith("_"):
            continue
        t0 = time.perf_counter()
        results[name] = call()
        seconds[name] = time.perf_counter() - t0
        if name == "actor_evidence":
            calls["_ev"] = results[name]
        if name == "per_article":
            calls["_tab"] = results[name]
    return seconds, results


def main() -> None:
    import nfc
    import pandas as pd

    from analysis import aggregate, distinctive, frames, stats
    from analysis.engine import analyze_articles
    from analysis.load import load_corpus
    from analysis.rewrites import detect_rewrites, mark_rewrites

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ref", default="771cebc")
    ap.add_argument("--n", type=int, default=428)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = nfc.write_jsonl(nfc.nfc_articles(n=args.n), Path(tmp) / "nfc.jsonl")
        t0 = time.perf_counter()
        per = analyze_articles(load_corpus(path).articles)
        found = detect_rewrites(per["articles"], per["sentences"])
        tables = {**per, "articles": mark_rewrites(per["articles"], found.pairs)}
        print(f"{args.n} NFC articles: engine and rewrites {time.perf_counter() - t0:.1f} s")
        old = old_modules(args.ref, Path(tmp))
        new = dict(zip(MODULES, (stats, aggregate, frames, distinctive), strict=True))
        new_s, new_r = run(new, tables)
        old_s, old_r = run(old, tables)
    for name in new_r:
        pd.testing.assert_frame_equal(new_r[name], old_r[name], check_exact=True)
    print(f"every output identical to {args.ref}'s (assert_frame_equal, exact)")
    print(f"{'step':24} {args.ref:>9} {'this':>9} {'ratio':>8}")
    for name in new_s:
        print(f"{name:24} {old_s[name]:9.2f} {new_s[name]:9.2f} {old_s[name] / new_s[name]:7.1f}x")
    o, n = sum(old_s.values()), sum(new_s.values())
    print(f"{'total':24} {o:9.2f} {n:9.2f} {o / n:7.1f}x")


if __name__ == "__main__":
    main()

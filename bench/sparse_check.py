"""The sparse actor tables against the dense ones they replace, on one corpus (issue #15).

Builds every table once (this checkout), then computes the actor tables twice from the same
inputs: with this checkout's :mod:`analysis.aggregate` (sparse ``actor_per_article``,
``article_denominators``, ``actor_measures_by_outlet`` with ``actor_absent_by_outlet``) and with
the dense code of ``--ref`` (its ``aggregate.py`` and ``stats.py`` read from git, default
ef40bf0, the commit before the change). It checks and prints:

- every row of the sparse ``actor_per_article`` equals the dense row with the same article,
  actor and measure, bit for bit;
- every dense row left out has numerator 0 and n 0, and its denominator is the article's in
  ``article_denominators`` for the measures listed there, 0 for the others;
- ``actor_measures`` (pooled) is identical, and ``analysis.aggregate.dense`` of the sparse
  per-outlet tables gives the dense ``actor_measures_by_outlet`` (every outlet x actor x
  measure), identical as a frame and as CSV bytes.

Usage: python bench/sparse_check.py CORPUS [--catalog YAML] [--ref COMMIT] [--n-boot N]
(e.g. ``python bench/nfc.py /tmp/nfc.jsonl`` then ``python bench/sparse_check.py
/tmp/nfc.jsonl``). Exit status 1 when anything differs.
"""

from __future__ import annotations

import argparse
import importlib
import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT / "src/analysis/data/actors_ukraine_energy_pause.yaml"


def old_modules(ref: str):
    """``aggregate`` and ``stats`` as they were at ``ref`` (a package of their own)."""
    pkg = Path(tempfile.mkdtemp(prefix="sparse-check-")) / "dense_ref"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    for name in ("aggregate", "stats"):
        src = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{ref}:src/analysis/{name}.py"],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        (pkg / f"{name}.py").write_text(
            src.replace("from analysis import stats", "from dense_ref import stats")
        )
    sys.path.insert(0, str(pkg.parent))
    return importlib.import_module("dense_ref.aggregate")


def csv_bytes(df: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    df.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("--catalog", default=str(CATALOG), help="actor catalog ('' : discover)")
    ap.add_argument("--ref", default="ef40bf0", help="commit of the dense code")
    ap.add_argument("--n-boot", type=int, default=1000)
    args = ap.parse_args(argv)

    from analysis import aggregate, scope
    from analysis.params import Params
    from analysis.pipeline import build_tables

    old = old_modules(args.ref)
    params = Params(corpus=args.corpus, catalog=args.catalog or None, n_boot=args.n_boot)
    t0 = time.perf_counter()
    t = build_tables(params)
    print(f"tables built in {time.perf_counter() - t0:.1f} s: {len(t.articles)} articles")
    inputs = aggregate.ActorInputs(
        t.articles, t.sentences, t.mentions, t.quotes, t.attributions,
        t.sentence_sentiment, t.quote_sentiment, t.mention_tone,
    )  # fmt: skip
    ev = aggregate.actor_evidence(inputs, params.instrument, params.score, params.tone)
    failures = []

    c0 = time.process_time()
    dense_table = old.per_article(inputs, ev)
    c1 = time.process_time()
    sparse_table = aggregate.per_article(inputs, ev)
    shared = aggregate.article_denominators(inputs)
    c2 = time.process_time()
    keys = ["article_id", "actor", "measure"]
    both = dense_table.merge(sparse_table, on=keys, how="left", suffixes=("", "_s"), indicator=True)
    kept = both[both["_merge"] == "both"]
    dropped = both[both["_merge"] == "left_only"]
    print(
        f"actor_per_article: dense {len(dense_table):,} rows ({len(csv_bytes(dense_table)):,} "
        f"bytes of CSV, {c1 - c0:.2f} CPU s), sparse {len(sparse_table):,} rows "
        f"({len(csv_bytes(sparse_table)):,} bytes, with article_denominators {len(shared):,} rows, "
        f"{c2 - c1:.2f} CPU s)"
    )
    if len(kept) != len(sparse_table):
        failures.append(f"{len(sparse_table) - len(kept)} sparse rows are not in the dense table")
    for col in ("numerator", "denominator", "n"):
        a, b = kept[col].to_numpy(dtype=float), kept[f"{col}_s"].to_numpy(dtype=float)
        if not np.array_equal(a.view(np.uint64), b.view(np.uint64)):
            failures.append(f"kept rows differ in {col}")
    expected = dropped.merge(shared, on=["article_id", "measure"], how="left", suffixes=("", "_a"))
    expected_den = expected["denominator_a"].fillna(0.0).to_numpy()
    zero_num = bool((dropped["numerator"] == 0).all())
    zero_n = bool((dropped["n"] == 0).all())
    same_den = bool(np.array_equal(dropped["denominator"].to_numpy(), expected_den))
    print(
        f"dropped dense rows: {len(dropped):,}; numerator all 0: {zero_num}; n all 0: {zero_n}; "
        f"denominator = article_denominators (0 outside its measures): {same_den}; "
        f"sparse rows equal to their dense rows bit for bit: {not failures}"
    )
    if not (zero_num and zero_n and same_den):
        failures.append("a dropped row is not an empty row")

    scoped = scope.count({"articles": t.articles}, params)
    arts, counted = scoped.selected["articles"], scoped.counted["articles"]
    ids = set(counted["article_id"])
    named = set(ev.loc[ev["article_id"].isin(ids), "actor"])
    c0 = time.process_time()
    old_pooled = old.summarize(
        dense_table[dense_table["article_id"].isin(ids) & dense_table["actor"].isin(named)],
        counted, (), params.n_boot, params.seed,
    )  # fmt: skip
    old_outlet = old.summarize(dense_table, arts, ("outlet",), params.n_boot, params.seed)
    c1 = time.process_time()
    pooled = aggregate.summarize_actors(
        sparse_table[sparse_table["article_id"].isin(ids)],
        shared[shared["article_id"].isin(ids)], counted, (), params.n_boot, params.seed,
    )  # fmt: skip
    outlet = aggregate.summarize_actors(
        sparse_table, shared, arts, ("outlet",), params.n_boot, params.seed
    )
    c2 = time.process_time()
    rebuilt = aggregate.dense(outlet.cells, outlet.absent, ("outlet",), sorted(set(ev["actor"])))
    print(
        f"summaries (pooled + by outlet): dense {c1 - c0:.2f} CPU s, sparse {c2 - c1:.2f} CPU s; "
        f"actor_measures_by_outlet dense {len(old_outlet):,} rows, sparse {len(outlet.cells):,} "
        f"rows + actor_absent_by_outlet {len(outlet.absent):,} rows"
    )
    for name, a, b in (
        ("actor_measures", old_pooled, pooled.cells),
        ("actor_measures_by_outlet (dense rebuilt)", old_outlet, rebuilt),
    ):
        try:
            pd.testing.assert_frame_equal(a, b, check_exact=True)
            same = csv_bytes(a) == csv_bytes(b)
        except AssertionError as exc:
            same = False
            print(exc)
        print(f"{name}: identical (frame and CSV bytes): {same}")
        if not same:
            failures.append(f"{name} differs")
    for f in failures:
        print(f"DIFFERS: {f}")
    print("OK: the sparse tables hold the dense ones' numbers" if not failures else "FAILED")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

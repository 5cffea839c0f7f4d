"""Command line: ``python -m analysis run --corpus data/raw/seeds --out reports/seeds``."""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from analysis.pipeline import accounting, build_tables, write_tables


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the pipeline on a corpus and write its tables")
    run.add_argument("--corpus", default="data/raw/seeds", help="folder of .txt or a table file")
    run.add_argument("--manifest", default=None, help="manifest CSV (default: in the folder)")
    run.add_argument("--rules", default=None, help="boilerplate rule file (YAML)")
    run.add_argument("--languages", default="en", help="comma-separated languages to keep")
    run.add_argument("--out", default="reports/seeds", help="output folder")
    args = parser.parse_args(argv)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            tables = build_tables(
                args.corpus, args.manifest, args.rules, tuple(args.languages.split(","))
            )
        except ValueError as exc:  # data problems: one line, no traceback
            print(f"error: {exc}", file=sys.stderr)
            return 2
    for w in caught:
        print(f"warning: {w.message}", file=sys.stderr)
    paths = write_tables(tables, args.out)
    acc = accounting(tables)
    removed = tables.ledger[tables.ledger.action == "removed"]
    print(f"corpus: {args.corpus}")
    print(
        f"inputs: {len(acc)}  analysed: {(acc.status == 'analysed').sum()}  "
        f"excluded: {(acc.status == 'excluded').sum()}"
    )
    for row in acc[acc.status == "excluded"].itertuples():
        print(f"  excluded {row.source}: {row.reason}")
    by_cat = removed.groupby("category")["n_chars"].agg(["count", "sum"])
    for cat, row in by_cat.iterrows():
        print(f"removed {cat}: {row['count']} spans, {row['sum']} chars")
    print(f"sentences: {len(tables.sentences)}")
    for row in tables.rewrites[tables.rewrites.is_rewrite].itertuples():
        print(f"rewrite: {row.article_id} of {row.source_id} (score {row.score:.2f})")
    print(f"tables written to {Path(args.out).resolve()}: {', '.join(p.name for p in paths)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

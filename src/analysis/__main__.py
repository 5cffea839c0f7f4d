"""Command line.

``python -m analysis run --params params/seeds.yaml [-p key=value ...]`` executes every notebook
of notebooks/ with papermill into ``reports/<run-name>/`` and writes the HTML reports and
index.html (see docs/REPORTS.md). ``python -m analysis tables --corpus data/raw/seeds --out
reports/seeds-tables [--workers 2] [--engine dask --scheduler tcp://host:8786] [--cache]`` runs
the pipeline only and writes its tables as CSV. ``python -m analysis cache clear`` empties the
content-addressed cache.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

from analysis.params import DEFAULTS, ParameterError, Params, project_root
from analysis.pipeline import accounting, build_tables, write_tables


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser(
        "run",
        help="execute the notebooks in batch and write HTML reports",
        description="Execute every notebook with papermill; write reports/<run-name>/.",
    )
    run.add_argument("--params", help="YAML file of parameters (name: value)")
    run.add_argument(
        "-p",
        "--param",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help=f"set a parameter (value read as YAML); known: {', '.join(DEFAULTS)}",
    )
    run.add_argument("--name", help="run name (default: the parameter file's name, else 'run')")
    run.add_argument("--out", help="run folder (default: reports/<run-name>)")
    run.add_argument("--notebooks", help="comma-separated notebook names (default: all)")
    run.add_argument("--notebooks-dir", help="folder of the notebooks (default: notebooks/)")
    run.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell")
    run.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=None,
        help="notebooks run at once, each in its own kernel (default: one per core)",
    )
    run.add_argument(
        "--no-cache",
        action="store_true",
        help="recompute everything (default: reuse the content-addressed cache in .cache/)",
    )
    # shortcuts kept from the tables-only command line
    run.add_argument("--corpus", help="shortcut for -p corpus=...")
    run.add_argument("--manifest", help="shortcut for -p manifest=...")
    run.add_argument("--rules", help="shortcut for -p rules=...")
    run.add_argument("--languages", help="shortcut for -p languages=en,de")

    tables = sub.add_parser("tables", help="run the pipeline on a corpus and write its tables")
    tables.add_argument("--corpus", default="data/raw/seeds", help="folder of .txt or a table")
    tables.add_argument("--manifest", default=None, help="manifest CSV (default: in the folder)")
    tables.add_argument("--rules", default=None, help="boilerplate rule file (YAML)")
    tables.add_argument("--languages", default="en", help="comma-separated languages to keep")
    tables.add_argument("--out", default="reports/seeds-tables", help="output folder")
    tables.add_argument("--workers", type=int, default=1, help="processes (or Dask workers)")
    tables.add_argument("--engine", choices=("local", "dask"), default="local")
    tables.add_argument("--scheduler", default=None, help="Dask scheduler address (tcp://...)")
    tables.add_argument("--cache", action="store_true", help="use the content-addressed cache")

    cache_cmd = sub.add_parser("cache", help="manage the content-addressed cache")
    cache_cmd.add_argument("action", choices=("clear",))
    cache_cmd.add_argument("--dir", default=None, help="cache folder (default: .cache/analysis)")
    args = parser.parse_args(argv)
    if args.command == "tables":
        return tables_command(args)
    if args.command == "cache":
        from analysis.cache import clear_cache, default_cache_dir

        n = clear_cache(args.dir)
        print(f"removed {n} cache entries from {args.dir or default_cache_dir()}")
        return 0
    return run_command(args)


def run_command(args: argparse.Namespace) -> int:
    """Batch run: validate once, execute every notebook, report what failed."""
    import os

    from analysis import report

    if args.jobs is not None and args.jobs < 1:
        print(f"error: --jobs must be at least 1, got {args.jobs}", file=sys.stderr)
        return 2
    if args.no_cache:
        os.environ["ANALYSIS_CACHE"] = "0"  # inherited by the notebook kernels
    try:
        values = report.load_param_file(args.params) if args.params else {}
        for key in ("corpus", "manifest", "rules"):
            if getattr(args, key):
                values[key] = getattr(args, key)
        if args.languages:
            values["languages"] = [s.strip() for s in args.languages.split(",") if s.strip()]
        values.update(report.parse_assignments(args.param))
        name = args.name or (Path(args.params).stem if args.params else "run")
        default_dir = (project_root() or Path.cwd()) / "reports" / name
        run_dir = Path(args.out) if args.out else default_dir
        folder = Path(args.notebooks_dir) if args.notebooks_dir else None
        only = [s.strip() for s in args.notebooks.split(",")] if args.notebooks else []
        notebooks = report.list_notebooks(folder, only)
        if not notebooks:
            raise ParameterError("no notebooks found")
        print(f"run {name}: {len(notebooks)} notebooks -> {run_dir.resolve()}", flush=True)
        start = time.perf_counter()
        results = report.run_notebooks(
            values,
            run_dir,
            notebooks,
            run_name=name,
            log=lambda line: print(line, flush=True),
            timeout=args.timeout,
            jobs=args.jobs,
        )
    except (ParameterError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: reports written so far are whole; re-run to finish", file=sys.stderr)
        return 130
    failed = [r for r in results if r.status != "ok"]
    elapsed = time.perf_counter() - start
    index = (run_dir / "index.html").resolve()
    print(f"done in {elapsed:.1f} s: {len(results) - len(failed)} ok, {len(failed)} failed")
    print(f"reports: {index}")
    if failed:
        for r in failed:
            print(f"failed: {r.name}: {r.error}", file=sys.stderr)
        return 1
    return 0


def tables_command(args: argparse.Namespace) -> int:
    """Tables only: run the pipeline and write every table as CSV."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            params = Params(
                corpus=args.corpus,
                manifest=args.manifest,
                rules=args.rules,
                languages=tuple(args.languages.split(",")),
                engine=args.engine,
                workers=args.workers,
                scheduler=args.scheduler,
                cache=True if args.cache else None,
            )
            tables = build_tables(params)
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

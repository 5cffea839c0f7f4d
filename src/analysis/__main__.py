"""Command line.

``python -m analysis run --params params/seeds.yaml [-p key=value ...]`` executes every notebook
of notebooks/ with papermill into ``reports/<run-name>/`` and writes the HTML reports and
index.html (see docs/REPORTS.md). ``python -m analysis tables --corpus data/raw/seeds --out
reports/seeds-tables [--workers 2] [--engine dask --scheduler tcp://host:8786] [--cache]`` runs
the pipeline only and writes its tables as CSV. ``python -m analysis cache clear`` empties the
content-addressed cache. ``python -m analysis actors suggest --corpus PATH [--out draft.yaml]``
writes a draft actor catalog found in the corpus (analysis.discover).
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import sys
import time
import warnings
from pathlib import Path

INTERRUPTED_TABLES = (
    "interrupted: the tables of this run are not complete (if writing had begun, the output "
    "folder holds INCOMPLETE.txt); re-run to finish\n"
)


def _interrupt_tables(signum, frame) -> None:
    """Ctrl-C in ``tables``: one line and exit 130 at once (no traceback from whatever was
    running, the output folder as :mod:`analysis.files` left it)."""
    os.write(2, INTERRUPTED_TABLES.encode())
    os._exit(130)


if __name__ == "__main__":  # not in spawned workers (__mp_main__) nor when imported
    signal.signal(signal.SIGINT, _interrupt_tables)  # set before the slow imports below

from analysis import files  # noqa: E402
from analysis.load import ALLOW_OUTSIDE_ENV  # noqa: E402
from analysis.params import DEFAULTS, ParameterError, Params, project_root  # noqa: E402
from analysis.pipeline import accounting, build_tables, write_tables  # noqa: E402

#: A run name is a plain folder name: letters, digits, ``.``, ``_``, ``-``; no path.
RUN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
#: Excluded items listed one by one on the terminal; beyond that, a count per reason.
MAX_LISTED_EXCLUSIONS = 20


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
    run.add_argument("--catalog", help="shortcut for -p catalog=... (none: discover the actors)")
    run.add_argument("--languages", help="shortcut for -p languages=en,de")
    run.add_argument("--outlet-group", help="shortcut for -p outlet_group=COLUMN")
    run.add_argument("--groups", help="shortcut for -p groups=uk,fr (values of outlet_group)")
    for cmd in (run,):
        _safety_flags(cmd)

    tables = sub.add_parser("tables", help="run the pipeline on a corpus and write its tables")
    tables.add_argument("--corpus", default="data/raw/seeds", help="folder of .txt or a table")
    tables.add_argument("--manifest", default=None, help="manifest CSV (default: in the folder)")
    tables.add_argument("--rules", default=None, help="boilerplate rule file (YAML)")
    tables.add_argument(
        "--catalog", default=None, help="actor catalog (YAML; default: discover the actors)"
    )
    tables.add_argument("--languages", default="en", help="comma-separated languages to keep")
    tables.add_argument(
        "--outlet-group", default="", help="corpus column grouping outlets (e.g. country)"
    )
    tables.add_argument(
        "--groups", default="", help="comma-separated outlet_group values to analyse (all)"
    )
    tables.add_argument("--out", default="reports/seeds-tables", help="output folder")
    tables.add_argument("--workers", type=int, default=1, help="processes (or Dask workers)")
    tables.add_argument("--engine", choices=("local", "dask"), default="local")
    tables.add_argument("--scheduler", default=None, help="Dask scheduler address (tcp://...)")
    tables.add_argument("--cache", action="store_true", help="use the content-addressed cache")
    _safety_flags(tables)

    actors_cmd = sub.add_parser("actors", help="actor tools: suggest a catalog from a corpus")
    actors_cmd.add_argument("action", choices=("suggest",))
    actors_cmd.add_argument("--corpus", required=True, help="folder of .txt or a table")
    actors_cmd.add_argument(
        "--manifest", default=None, help="manifest CSV (default: in the folder)"
    )
    actors_cmd.add_argument("--out", default=None, help="draft catalog YAML (default: stdout)")
    actors_cmd.add_argument("--words", default=None, help="discovery word lists (YAML)")
    actors_cmd.add_argument("--min-count", type=int, default=2, help="fewest mentions kept")

    cache_cmd = sub.add_parser("cache", help="manage the content-addressed cache")
    cache_cmd.add_argument("action", choices=("clear",))
    cache_cmd.add_argument("--dir", default=None, help="cache folder (default: .cache/analysis)")
    args = parser.parse_args(argv)
    if args.command == "tables":
        return tables_command(args)
    if args.command == "actors":
        return actors_command(args)
    if args.command == "cache":
        from analysis.cache import clear_cache, default_cache_dir

        n = clear_cache(args.dir)
        print(f"removed {n} cache entries from {args.dir or default_cache_dir()}")
        return 0
    return run_command(args)


def _safety_flags(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument(
        "--allow-outside",
        action="store_true",
        help="read manifest entries and symbolic links that point outside the corpus folder",
    )
    cmd.add_argument(
        "--raw-csv",
        action="store_true",
        help="write CSV cells as they are (default: a cell starting with = + - @ gets a "
        "leading ' so that a spreadsheet does not run it as a formula)",
    )


def _names(text: str) -> list[str]:
    """``"a, b"`` -> ``["a", "b"]`` (a comma-separated command-line list)."""
    return [s.strip() for s in text.split(",") if s.strip()]


def _apply_safety_flags(args: argparse.Namespace) -> None:
    """The flags become environment variables, so notebook kernels inherit them too."""
    if args.allow_outside:
        os.environ[ALLOW_OUTSIDE_ENV] = "1"
    if args.raw_csv:
        os.environ[files.RAW_CSV_ENV] = "1"


def run_command(args: argparse.Namespace) -> int:
    """Batch run: validate once, execute every notebook, report what failed."""
    from analysis import report

    signal.signal(signal.SIGINT, signal.default_int_handler)  # the runner stops its workers
    _apply_safety_flags(args)

    if args.jobs is not None and args.jobs < 1:
        print(f"error: --jobs must be at least 1, got {args.jobs}", file=sys.stderr)
        return 2
    if args.no_cache:
        os.environ["ANALYSIS_CACHE"] = "0"  # inherited by the notebook kernels
    try:
        values = report.load_param_file(args.params) if args.params else {}
        for key in ("corpus", "manifest", "rules", "catalog"):
            if getattr(args, key):
                values[key] = getattr(args, key)
        if args.languages:
            values["languages"] = _names(args.languages)
        if args.outlet_group:
            values["outlet_group"] = args.outlet_group
        if args.groups:
            values["groups"] = _names(args.groups)
        values.update(report.parse_assignments(args.param))
        name = args.name or (Path(args.params).stem if args.params else "run")
        if not RUN_NAME.fullmatch(name):
            raise ParameterError(
                f"run name {name!r}: use a plain name (letters, digits, '.', '_', '-'; no '/' "
                "and not starting with '.'); --out chooses another folder"
            )
        default_dir = (project_root() or Path.cwd()) / "reports" / name
        run_dir = Path(args.out) if args.out else default_dir
        folder = Path(args.notebooks_dir) if args.notebooks_dir else None
        only = [s.strip() for s in args.notebooks.split(",")] if args.notebooks else []
        notebooks = report.list_notebooks(folder, only)
        if not notebooks:
            raise ParameterError("no notebooks found")
        print(f"run {name}: {len(notebooks)} notebooks -> {run_dir.resolve()}", flush=True)
        start = time.perf_counter()
        with files.output_folder(run_dir, "run"):
            results = report.run_notebooks(
                values,
                run_dir,
                notebooks,
                run_name=name,
                log=lambda line: print(line, flush=True),
                timeout=args.timeout,
                jobs=args.jobs,
            )
    except (ParameterError, FileNotFoundError, files.FolderBusy, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: reports written so far are whole; re-run to finish", file=sys.stderr)
        return 130
    return _run_summary(run_dir, results, time.perf_counter() - start)


def _run_summary(run_dir: Path, results: list, elapsed: float) -> int:
    """Zip the finished run folder; print the warnings (no manifest, languages, outlets,
    rewrites), where the reports and the zip are, and what failed; the exit status."""
    from analysis import report

    zipped = report.write_zip(run_dir)
    failed = [r for r in results if r.status != "ok"]
    for line in report.run_warnings(run_dir):
        print(f"warning: {line}", file=sys.stderr, flush=True)
    print(f"done in {elapsed:.1f} s: {len(results) - len(failed)} ok, {len(failed)} failed")
    print(f"reports: {(run_dir / 'index.html').resolve()}")
    print(f"to mail: {zipped}")
    if failed:
        for r in failed:
            print(f"failed: {r.name}: {r.error}", file=sys.stderr)
        return 1
    return 0


def tables_command(args: argparse.Namespace) -> int:
    """Tables only: run the pipeline and write every table as CSV.

    The output folder is locked for the whole command (a second command on the same folder
    fails at once) and holds ``INCOMPLETE.txt`` while the tables are written
    (:mod:`analysis.files`)."""
    _apply_safety_flags(args)
    try:
        with files.locked_folder(args.out, "tables command"):
            return _tables(args)
    except (ValueError, files.FolderBusy) as exc:  # one line, no traceback
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # in-process callers; `python -m analysis` exits in the handler
        print(INTERRUPTED_TABLES, end="", file=sys.stderr)
        return 130
    except OSError as exc:  # writing the tables failed (read-only folder, disk full, ...)
        where = f" {exc.filename}" if exc.filename else f" to {args.out}"
        print(f"error: cannot write{where}: {exc.strerror or exc}", file=sys.stderr)
        return 2


def _tables(args: argparse.Namespace) -> int:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        params = Params(
            corpus=args.corpus,
            manifest=args.manifest,
            rules=args.rules,
            catalog=args.catalog,
            languages=tuple(args.languages.split(",")),
            outlet_group=args.outlet_group,
            groups=tuple(_names(args.groups)),
            engine=args.engine,
            workers=args.workers,
            scheduler=args.scheduler,
            cache=True if args.cache else None,
        )
        tables = build_tables(params)
    for w in caught:
        print(f"warning: {w.message}", file=sys.stderr)
    with files.marked_incomplete(args.out, "tables command"):
        paths = write_tables(tables, args.out)
    acc = accounting(tables)
    removed = tables.ledger[tables.ledger.action == "removed"]
    print(f"corpus: {args.corpus}")
    print(
        f"inputs: {len(acc)}  analysed: {(acc.status == 'analysed').sum()}  "
        f"excluded: {(acc.status == 'excluded').sum()}"
    )
    _print_exclusions(tables, acc)
    by_cat = removed.groupby("category")["n_chars"].agg(["count", "sum"])
    for cat, row in by_cat.iterrows():
        print(f"removed {cat}: {row['count']} spans, {row['sum']} chars")
    print(f"sentences: {len(tables.sentences)}")
    found = tables.rewrites[tables.rewrites.is_rewrite]
    for row in found.head(MAX_LISTED_EXCLUSIONS).itertuples():
        print(f"rewrite: {row.article_id} of {row.source_id} (score {row.score:.2f})")
    if len(found) > MAX_LISTED_EXCLUSIONS:
        print(f"  ... and {len(found) - MAX_LISTED_EXCLUSIONS:,} more rewrites in rewrites.csv")
    print(f"tables written to {Path(args.out).resolve()}: {', '.join(p.name for p in paths)}")
    return 0


def actors_command(args: argparse.Namespace) -> int:
    """``actors suggest``: discover the cast of a corpus and write a draft catalog."""
    from analysis.discover import discover_corpus, draft_yaml

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            found = discover_corpus(
                args.corpus, args.manifest, words=args.words, min_count=args.min_count
            )
        except (ValueError, FileNotFoundError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    for w in caught:
        print(f"warning: {w.message}", file=sys.stderr)
    text = draft_yaml(found, story=Path(args.corpus).stem)
    by_type = found.drop_duplicates("actor")["type"].value_counts()
    summary = (
        f"discovered {by_type.get('person', 0)} persons and "
        f"{by_type.get('institution', 0)} institutions in {args.corpus}"
    )
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        print(f"{summary}; draft catalog written to {out}")
        print(f"edit it, then: python -m analysis run --corpus {args.corpus} -p catalog={out}")
    else:
        sys.stdout.write(text)
        print(summary, file=sys.stderr)
    return 0


def _print_exclusions(tables, acc) -> None:
    """Each excluded item on its own line, up to :data:`MAX_LISTED_EXCLUSIONS`; beyond that
    the first ones and a count per ledger category (accounting.csv has them all)."""
    excluded = acc[acc.status == "excluded"]
    for row in excluded.head(MAX_LISTED_EXCLUSIONS).itertuples():
        print(f"  excluded {row.source}: {row.reason}")
    if len(excluded) <= MAX_LISTED_EXCLUSIONS:
        return
    led = tables.ledger
    cats = led[(led.action == "excluded")].drop_duplicates(["article_id", "source"])
    cats = cats.set_index(["article_id", "source"])["category"]
    keys = list(zip(excluded.article_id, excluded.source, strict=True))
    counts = cats.reindex(keys).fillna("selection").value_counts()
    print(f"  ... and {len(excluded) - MAX_LISTED_EXCLUSIONS:,} more; excluded by reason:")
    for cat, n in counts.items():
        print(f"  {n:>10,}  {cat}")
    print("  (every one with its reason in accounting.csv)")


if __name__ == "__main__":
    sys.exit(main())

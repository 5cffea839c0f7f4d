"""Reports: prepare a run for the notebooks, execute them in batch, export shareable HTML.

Notebook side: :func:`prepare` takes validated :class:`analysis.params.Params`, runs the
pipeline (``analysis.pipeline.build_tables(params)``, which applies the selection itself, see
analysis.scope), writes every table as CSV to ``<output_dir>/tables/`` and returns a
:class:`Run` that the helpers of analysis.figures draw from.

Batch side: :func:`run_notebooks` executes every notebook of ``notebooks/`` with papermill into
``reports/<run-name>/`` and exports each to HTML (:func:`export_html`); :func:`write_index`
links them. Layout of a run folder::

    index.html                  every report with its status (ok / failed + error), parameters
    <notebook>.html             one self-contained report per notebook (code hidden, images
                                embedded, no script and no request to any other host)
    notebooks/<notebook>.ipynb  the executed notebooks
    tables/*.csv                every pipeline table (analysis.pipeline.write_tables, with
                                accounting.csv) and each table a notebook shows
    figures/<name>.svg|.csv     every figure (the SVG the report shows) and the data behind it
    parameters.yaml             the parameters of the run
    run.json                    provenance: corpus, row counts (written by :func:`prepare`)

Every file is written to a temporary name and renamed into place.

Selection: analysis.scope, inside the pipeline (outlets, event, publication days, rewrites);
articles outside the selection are listed in ``accounting.csv`` as excluded, with the reason.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as _dt
import functools
import gc
import html
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import uuid
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd
import yaml

from analysis import cache, datafiles, files, overview
from analysis.params import (
    DEFAULTS,
    SCALE_DEFAULTS,
    ParameterError,
    Params,
    project_root,
    validate,
)
from analysis.pipeline import Tables, accounting, build_tables, write_json, write_tables

PACKAGES = (
    "analysis",
    "pandas",
    "numpy",
    "matplotlib",
    "textblob",
    "vaderSentiment",
    "py3langid",
    "papermill",
    "nbconvert",
)


class Run(NamedTuple):
    """What the notebook helpers draw from."""

    params: Params
    tables: Tables  # every pipeline table of the run (its selection applied)
    accounting: pd.DataFrame  # one row per input item: analysed | excluded, with reason
    out: Path  # the output folder
    warnings: tuple[str, ...]  # what the pipeline warned about (e.g. no manifest)

    def _repr_html_(self) -> str:
        acc = self.accounting
        n_ok = int((acc.status == "analysed").sum())
        items = [
            f"corpus <code>{html.escape(display_path(self.params.corpus))}</code>",
            f"{len(acc)} input items, {n_ok} analysed, {len(acc) - n_ok} excluded",
            f"{row_count(self.tables, 'sentences')} sentences",
            f"output folder <code>{html.escape(display_path(self.out))}</code>",
        ]
        items += [f"warning: {html.escape(w)}" for w in self.warnings]
        return "<ul class='run-summary'>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


class HeldTables:
    """The tables of a run that ``analysis run`` built before its notebooks started
    (:func:`prebuild`), each read from its Parquet file the first time a view asks for it: a
    notebook's kernel holds only the tables its views read, not every table of the run.
    Attribute access as on :class:`analysis.pipeline.Tables`; ``read`` lists the tables read so
    far, in order."""

    _fields = Tables._fields

    def __init__(
        self,
        folder: Path,
        index: Mapping[str, Mapping],
        none: Sequence[str] = (),
        fingerprint: str = "",
    ):
        self._folder, self._index, self._none = Path(folder), dict(index), set(none)
        self.read: list[str] = []
        # the content of every table (their sha256s) and of what comes with them: the key
        # under which analysis.figures keeps this run's figures ("" when not known)
        self.fingerprint = fingerprint

    def __getattr__(self, name: str) -> pd.DataFrame | None:
        if name.startswith("_") or name not in Tables._fields:
            raise AttributeError(name)
        df = (
            None
            if name in self._none
            else cache.read_entry_table(self._folder, name, self._index[name])
        )
        setattr(self, name, df)  # read once: later lookups find it without __getattr__
        self.read.append(name)
        return df

    def where(self, name: str, column: str, values: Sequence) -> pd.DataFrame | None:
        """The rows of table ``name`` whose ``column`` (a text column) is one of ``values``, in
        the table's order, index from 0. A table not read yet is read with those rows only and
        not kept: a view that draws a few actors of a large table (the per-group over-time
        tables hold every actor x group x bin) does not hold the rest."""
        if name in self.__dict__ or name in self._none:
            df = getattr(self, name)
            return None if df is None else df[df[column].isin(list(values))].reset_index(drop=True)
        if name not in Tables._fields:
            raise AttributeError(name)
        return cache.read_entry_table(self._folder, name, self._index[name], (column, values))

    def columns(self, name: str, columns: Sequence[str]) -> pd.DataFrame | None:
        """Only ``columns`` of table ``name`` (in that order); a table not read yet is read
        with those columns only and not kept (e.g. the articles' outlet without their text)."""
        if name in self.__dict__ or name in self._none:
            df = getattr(self, name)
            return None if df is None else df[list(columns)]
        if name not in Tables._fields:
            raise AttributeError(name)
        return cache.read_entry_table(self._folder, name, self._index[name], columns=columns)

    def rows(self, name: str) -> int:
        """Rows of table ``name`` without reading it."""
        return 0 if name in self._none else int(self._index[name]["rows"])

    def _asdict(self) -> dict[str, pd.DataFrame | None]:
        return {name: getattr(self, name) for name in self._fields}

    def _replace(self, **changes: pd.DataFrame) -> Tables:
        return Tables(**{**self._asdict(), **changes})


def row_count(tables: Tables | HeldTables, name: str) -> int:
    """Rows of one table of a run (a held table is not read for it)."""
    if isinstance(tables, HeldTables):
        return tables.rows(name)
    df = getattr(tables, name)
    return 0 if df is None else len(df)


def display_path(path: str | Path) -> str:
    """``path`` relative to the project folder when inside it (no local paths in reports)."""
    root = project_root()
    p = Path(path)
    if root is not None and p.is_absolute() and p.is_relative_to(root):
        return str(p.relative_to(root))
    return str(p)


# --- notebook side -----------------------------------------------------------------------------


def notebook_cache_dir() -> str | bool:
    """The cache the notebooks use: ``$ANALYSIS_CACHE`` (a folder, or ``0`` to switch it off),
    else the project's ``.cache/analysis`` (content-addressed: re-runs with unchanged input
    and parameters read their tables back instead of recomputing them)."""
    value = os.environ.get("ANALYSIS_CACHE", "").strip()
    if value.lower() in ("0", "false", "no", "off"):
        return False
    return value or True


def prepare(params: Params) -> Run:
    """Run the pipeline for ``params`` (its selection included), write every table to
    ``<output_dir>/tables/`` and ``run.json``; return the :class:`Run`. The cache is
    :func:`notebook_cache_dir` unless ``params.cache`` says otherwise."""
    if params.cache is None:
        params = dataclasses.replace(params, cache=notebook_cache_dir())
    held = held_run(params)
    if held is not None:  # analysis run built these tables and wrote them before we started
        return held
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            tables = build_tables(params)
        except ParameterError:
            raise  # e.g. a focus actor the discovered cast does not hold
        except ValueError as exc:
            raise ParameterError(f"parameter corpus: {exc}") from None
    acc = accounting(tables)
    out = Path(params.output_dir)
    (out / "tables").mkdir(parents=True, exist_ok=True)
    # each notebook calls prepare: a table already written by an earlier one is not rewritten
    write_tables(tables, out / "tables", skip_unchanged=True)
    counts = {name: len(df) for name, df in tables._asdict().items() if df is not None}
    msgs = tuple(dict.fromkeys(str(w.message) for w in caught))
    write_json(
        {
            "corpus": params.corpus,
            "parameters": params.as_dict(),
            "row_counts": counts,
            "warnings": list(msgs),
        },
        out / "run.json",
    )
    return Run(params, tables, acc, out, msgs)


def freeze_long_lived() -> None:
    """Keep every object alive now (the imported modules, the held run) out of the cyclic
    garbage collector's walks (``gc.freeze``): called by :func:`held_run`, in a kernel of
    ``analysis run`` once its run is ready for the views.

    They live as long as the kernel, but the figures the views make and drop (matplotlib's
    artists hold reference cycles) trigger full collections, and each walked them all again.
    Reference counting still frees what is frozen; only garbage in reference cycles among
    frozen objects waits: a later call (a run read again in the same kernel) unfreezes and
    collects first, so a replaced run can be freed. Not called where tables are built (a
    build's cyclic garbage must stay collectable: the 10k run's peak memory)."""
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()
    gc.freeze()


#: environment variable naming the folder where ``analysis run`` holds the tables it built for
#: its notebooks (:func:`prebuild`); a kernel that finds its run there reads tables on use
HELD = "ANALYSIS_HELD_TABLES"
_ACCOUNTING = "run_accounting"  # the held entry's accounting table (not a Tables field)


def _run_key(params: Params) -> str:
    """The key of a run's held tables: every parameter but the cache setting."""
    import json

    values = dataclasses.asdict(params)
    values.pop("cache", None)
    return cache.digest("held-run", json.dumps(values, sort_keys=True, default=str))


def hold(run: Run, folder: str | Path) -> Path | None:
    """Store every table of ``run`` (and its accounting and warnings) under ``folder`` as one
    cache entry (Parquet, exact dtypes) keyed by its parameters, for :func:`held_run`."""
    frames = {name: df for name, df in run.tables._asdict().items() if df is not None}
    frames[_ACCOUNTING] = run.accounting
    none = [name for name, df in run.tables._asdict().items() if df is None]
    info = {"warnings": list(run.warnings), "none": none}
    return cache.store(folder, "run", _run_key(run.params), frames, info)


def held_run(params: Params) -> Run | None:
    """The :class:`Run` of ``params`` from the folder ``$ANALYSIS_HELD_TABLES`` names (set by
    ``analysis run`` for its notebooks), its tables read on use (:class:`HeldTables`); None
    without that variable or without a run of these parameters there."""
    import json

    folder = os.environ.get(HELD, "").strip()
    if not folder:
        return None
    found = cache.entry_index(folder, "run", _run_key(params))
    if found is None:
        return None
    path, meta = found
    index = {k: v for k, v in meta["tables"].items() if k != _ACCOUNTING}
    info = meta.get("info", {})
    content = json.dumps(
        [sorted((k, v.get("sha256", "")) for k, v in meta["tables"].items()), info],
        sort_keys=True, default=str,
    )  # fmt: skip
    tables = HeldTables(path, index, info.get("none", []), cache.digest("held-tables", content))
    acc = cache.read_entry_table(path, _ACCOUNTING, meta["tables"][_ACCOUNTING])
    out = Path(params.output_dir)
    run = Run(params, tables, acc, out, tuple(info.get("warnings", [])))
    freeze_long_lived()
    return run  # type: ignore[return-value]


# --- batch side --------------------------------------------------------------------------------


@dataclass
class NotebookResult:
    """Outcome of one notebook in a batch run."""

    name: str
    status: str  # ok | failed
    seconds: float
    error: str = ""
    html: str = ""  # file name of the HTML report in the run folder ("" if none)
    notebook: str = ""  # executed notebook, relative to the run folder
    extra: dict = field(default_factory=dict)


def notebooks_dir() -> Path:
    """The project's notebooks/ folder."""
    root = project_root()
    if root is None:
        raise FileNotFoundError("no notebooks/ folder found (run from the project folder)")
    return root / "notebooks"


def list_notebooks(folder: Path | None = None, only: Sequence[str] = ()) -> list[Path]:
    """Notebooks in ``folder`` (sorted by name); ``only``: names or stems to keep."""
    folder = folder or notebooks_dir()
    found = sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))
    if only:
        want = {o.removesuffix(".ipynb") for o in only}
        missing = want - {p.stem for p in found}
        if missing:
            raise ParameterError(f"unknown notebook(s): {', '.join(sorted(missing))}")
        found = [p for p in found if p.stem in want]
    return found


def default_jobs(n_notebooks: int) -> int:
    """How many notebooks run at once by default: one per usable core, at most ``n_notebooks``."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, n_notebooks))


def clear_leftovers(run_dir: Path) -> list[Path]:
    """Delete the temporary files an interrupted run left in ``run_dir`` (hidden names ending
    in ``.tmp`` or ``.tmp.ipynb``: files are written under such a name, then renamed into
    place); return them. A run folder belongs to one run at a time."""
    gone = []
    for path in sorted(run_dir.glob(".held-*")):  # tables an interrupted run held
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
            gone.append(path)
    for path in sorted(run_dir.rglob(".*")):
        if path.is_file() and path.name.endswith((".tmp", ".tmp.ipynb")):
            path.unlink(missing_ok=True)
            gone.append(path)
    return gone


def run_notebooks(
    values: Mapping[str, Any],
    run_dir: str | Path,
    notebooks: Sequence[Path],
    run_name: str = "",
    log: Callable[[str], None] = print,
    timeout: int | None = 600,
    jobs: int | None = None,
) -> list[NotebookResult]:
    """Execute ``notebooks`` with ``values`` (parameter name -> value, validated here) into
    ``run_dir``; export HTML and the index. One failing notebook never stops the others.

    ``jobs`` notebooks run at once, each in its own kernel driven by a thread of this process
    (default :func:`default_jobs`; 1 runs them one after another). The tables are
    built once first, in a child process (:func:`prebuild`), so that this process holds none of
    them while the notebooks run; every notebook then reads the tables its views need, each
    on first use (:func:`held_run`; it computes them itself when the cache is off), and every
    file is written
    atomically under a unique temporary name, so the run folder's tables and figures are the
    same whatever ``jobs`` is. The log lines come
    in the order the notebooks finish; the results and the index keep the notebooks' order."""
    run_dir = Path(run_dir).resolve()
    values = {**dict(values), "output_dir": str(run_dir)}
    params = validate(values)  # fail once, before any notebook starts
    shown = {**DEFAULTS, **values, "output_dir": display_path(run_dir)}
    (run_dir / "notebooks").mkdir(parents=True, exist_ok=True)
    clear_leftovers(run_dir)
    _write_text(run_dir / "parameters.yaml", yaml.safe_dump(shown, sort_keys=False))
    run_name = run_name or run_dir.name
    jobs = default_jobs(len(notebooks)) if jobs is None else max(1, min(jobs, len(notebooks)))
    held = run_dir / f".held-{uuid.uuid4().hex}"  # on disk beside the run, removed after it
    try:
        built = _prebuild_apart(params, log, held)
        # the kernels inherit the cache setting from the process that starts them, and read
        # the tables built above from the held folder, each table when a view first needs it
        env = {"ANALYSIS_CACHE": os.environ.get("ANALYSIS_CACHE"),
               HELD: str(held) if built else None}  # fmt: skip
        final = _execute(notebooks, values, run_dir, shown, run_name, timeout, env, jobs, log)
    finally:
        shutil.rmtree(held, ignore_errors=True)
    write_index(run_dir, run_name, shown, final, provenance(run_dir))
    return final


def _execute(
    notebooks: Sequence[Path],
    values: Mapping[str, Any],
    run_dir: Path,
    shown: Mapping[str, Any],
    run_name: str,
    timeout: int | None,
    env: Mapping[str, str | None],
    jobs: int,
    log: Callable[[str], None],
) -> list[NotebookResult]:
    """Run every notebook (``jobs`` at once); the results in the notebooks' order."""
    args = [(Path(nb), values, run_dir, shown, run_name, timeout, env) for nb in notebooks]
    results: list[NotebookResult | None] = [None] * len(notebooks)

    def done(i: int, res: NotebookResult) -> None:
        results[i] = res
        line = f"[{i + 1}/{len(notebooks)}] {res.name}: {res.status} ({res.seconds:.1f} s)"
        log(line + (f" - {res.error}" if res.error else ""))

    if jobs == 1:
        for i, a in enumerate(args):
            done(i, _run_notebook(*a))
    else:
        _side_by_side(args, jobs, done)
    return [r for r in results if r is not None]


def _side_by_side(args: list, jobs: int, done: Callable[[int, NotebookResult], None]) -> None:
    """Run ``_run_notebook(*a)`` for every ``a`` of ``args``, ``jobs`` at once; ``done(i, result)``
    in this thread as each finishes.

    Threads, not worker processes: the work is in the kernels (one process each); this
    process only drives them and exports the HTML, so a second process per notebook would pay
    its start and papermill's import again (issue #15, docs/PERFORMANCE.md). Daemon threads:
    on Ctrl-C the run stops at once (a kernel whose runner is gone stops itself) instead of
    waiting for the notebooks under way."""
    import queue

    _notebook_tools()
    import papermill  # noqa: F401  # imported once, before the threads start

    todo: queue.SimpleQueue[int] = queue.SimpleQueue()
    for i in range(len(args)):
        todo.put(i)
    finished: queue.SimpleQueue[tuple[int, NotebookResult]] = queue.SimpleQueue()
    stop = threading.Event()

    def work() -> None:
        while not stop.is_set():
            try:
                i = todo.get_nowait()
            except queue.Empty:
                return
            finished.put((i, _run_recorded(args[i])))

    for k in range(jobs):
        threading.Thread(target=work, name=f"notebook-{k + 1}", daemon=True).start()
    try:
        for _ in args:
            done(*_wait(finished))
    except KeyboardInterrupt:
        stop.set()  # start no further notebook
        raise


def _wait(q):
    """The next item of queue ``q``, waiting in short steps (Ctrl-C interrupts between them)."""
    import queue

    while True:
        try:
            return q.get(timeout=0.2)
        except queue.Empty:
            continue


def _run_recorded(a: tuple) -> NotebookResult:
    """``_run_notebook(*a)``; an exception it lets through becomes a failed result."""
    try:
        return _run_notebook(*a)
    except Exception as exc:  # recorded, the batch goes on
        return NotebookResult(a[0].stem, "failed", 0.0, error=_error_text(exc))


def prebuild(
    params: Params, log: Callable[[str], None] = print, held: str | Path | None = None
) -> bool:
    """Build the run's tables once, into the notebooks' cache and ``<output_dir>/tables/``
    (:func:`prepare`), before any notebook starts: each notebook's ``prepare`` then reads them
    back instead of computing them (notebooks started side by side on an empty cache each
    computed everything). ``held``: also store them there (:func:`hold`), for kernels that
    read each table on use (:func:`held_run`). Nothing to do when the cache is off
    (``--no-cache``). A failure is logged, not raised: each notebook then runs into it and
    says why in its report. True when the tables were built."""
    if not notebook_cache_dir():
        return False
    start, cpu = time.perf_counter(), time.process_time()
    try:
        run = prepare(params)
        if held is not None:
            hold(run, held)
    except Exception as exc:  # the notebooks report it, each in its own page
        log(f"[tables] failed ({_error_text(exc)}); the notebooks will say why")
        return False
    # CPU seconds too: on a shared machine the wall time says more about the load than the run
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    log(f"[tables] built in {wall:.1f} s ({cpu:.1f} CPU s){_peak_note()}")
    return True


def _peak_note() -> str:
    """ ", peak memory N MiB" of this process (VmHWM), "" where /proc does not say."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return f", peak memory {int(line.split()[1]) / 1024:,.0f} MiB"
    except (OSError, ValueError, IndexError):
        pass
    return ""


def _prebuild_child(params: Params, held: str) -> tuple[list[str], bool]:
    lines: list[str] = []
    return lines, prebuild(params, lines.append, held)


def _prebuild_apart(params: Params, log: Callable[[str], None], held: Path) -> bool:
    """:func:`prebuild` in a child process, so that the process that then runs the notebooks
    holds none of the tables (its memory would stay taken while they run)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from analysis.engine import DEFAULT_START_METHOD

    if not notebook_cache_dir():
        return False
    ctx = multiprocessing.get_context(DEFAULT_START_METHOD)
    try:
        with ProcessPoolExecutor(1, mp_context=ctx) as pool:
            lines, built = pool.submit(_prebuild_child, params, str(held)).result()
    except Exception as exc:  # the child died (e.g. killed for memory): the notebooks say why
        log(f"[tables] failed ({_error_text(exc)}); the notebooks will say why")
        return False
    for line in lines:
        log(line)
    return built


def write_zip(run_dir: str | Path) -> Path:
    """``<run folder>.zip`` next to the run folder, holding the whole folder under its name
    (so the relative links of index.html and the reports work once unpacked), files in sorted
    order with a fixed date; hidden files (temporary files, the run's lock) are left out.
    ``analysis run`` writes it once the run folder is complete. Returns its path."""
    import zipfile

    run_dir = Path(run_dir).resolve()
    target = run_dir.with_name(run_dir.name + ".zip")
    tmp = cache.temp_name(target)
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(run_dir.rglob("*")):
            if not path.is_file() or path.name.startswith("."):
                continue
            arc = f"{run_dir.name}/{path.relative_to(run_dir).as_posix()}"
            info = zipfile.ZipInfo(arc, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())
    os.replace(tmp, target)
    return target


#: Kernel starts tried per notebook. A kernel binds the TCP ports jupyter_client chose for
#: it and closed again; between the two another process (or another kernel of this batch)
#: can take one, and the kernel dies before it replies ("Address already in use"): the race
#: of jupyter/jupyter_client#154 and nteract/papermill#511, seen once in CI with notebooks
#: side by side. No cell has run then, so the notebook is started again in a new kernel.
KERNEL_STARTS = 3
_NO_KERNEL = "Kernel died before replying to kernel_info"


def kernel_never_started(exc: BaseException) -> bool:
    """Whether ``exc`` (from papermill) says the kernel died before it replied to its first
    message, i.e. before any cell ran."""
    return isinstance(exc, RuntimeError) and _NO_KERNEL in str(exc)


def _run_notebook(
    nb: Path,
    values: Mapping[str, Any],
    run_dir: Path,
    shown: Mapping[str, Any],
    run_name: str,
    timeout: int | None,
    env: Mapping[str, str | None],
) -> NotebookResult:
    """Execute one notebook with papermill into ``run_dir/notebooks`` and export its HTML;
    ``env`` sets (str) or unsets (None) environment variables the kernel inherits."""
    _notebook_tools()
    import papermill as pm

    engine = _batch_engine()
    for key, value in env.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    start = time.perf_counter()
    executed = run_dir / "notebooks" / nb.name
    tmp = executed.with_name(f".{nb.stem}.{uuid.uuid4().hex}.tmp.ipynb")
    res = NotebookResult(nb.stem, "ok", 0.0, notebook=f"notebooks/{nb.name}")
    for start_no in range(1, KERNEL_STARTS + 1):
        try:
            pm.execute_notebook(
                str(nb),
                str(tmp),
                parameters=dict(values),
                kernel_name="python3",
                language="python",
                extra_arguments=["--IPKernelApp.log_level=CRITICAL"],  # quiet kernel start
                progress_bar=False,
                execution_timeout=timeout,
                engine_name=engine,
            )
        except Exception as exc:  # recorded and reported; the batch goes on
            if kernel_never_started(exc) and start_no < KERNEL_STARTS:
                continue  # no cell ran: starting a new kernel is safe
            res.status, res.error = "failed", _error_text(exc)
        break
    if tmp.exists():
        files.sanitise_notebook(tmp)  # safe to open as trusted (docs/RELIABILITY.md)
        os.replace(tmp, executed)
    try:
        if executed.exists():
            export_html(
                executed,
                run_dir / f"{nb.stem}.html",
                run_name=run_name,
                parameters=shown,
                provenance=provenance(run_dir),
                status=res.status,
                error=res.error,
            )
            res.html = f"{nb.stem}.html"
    except Exception as exc:
        res.status = "failed"
        res.error = (res.error + "; " if res.error else "") + f"HTML export: {exc}"
    res.seconds = time.perf_counter() - start
    return res


def _notebook_tools() -> None:
    """Call before papermill, nbformat or nbconvert are first imported in a batch process.

    They import nbformat, which imports jsonschema for notebook validation; jsonschema then
    imports the optional package ``rfc3987_syntax`` (installed with the Jupyter stack) for its
    ``iri`` format check, and that compiles 38 Lark grammars at import: 1.4-1.8 s of every
    process that runs notebooks, more than the rest of papermill's import (0.5 s). Notebook
    validation uses no string format (nbformat's schemas have none, and format checks are
    off unless asked for), so the batch process goes without it. Nothing changes when
    jsonschema is already imported (e.g. in JupyterLab)."""
    if "jsonschema" not in sys.modules and "rfc3987_syntax" not in sys.modules:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # import -> ImportError


@functools.lru_cache(maxsize=1)
def _batch_engine() -> str:
    """The name of papermill's nbclient engine as registered for batch runs, writing the
    executed notebook when it starts and when it ends (also after a failure or a timeout:
    papermill saves it in a ``finally``), not before and after every cell as papermill's own
    engine does: each of those saves rewrote the whole notebook, figures included."""
    _notebook_tools()
    from papermill.engines import NBClientEngine, papermill_engines

    class SaveAtEnd(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
            path, nb_man.output_path = nb_man.output_path, None  # save() writes nothing
            try:
                return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
            finally:
                nb_man.output_path = path  # for notebook_complete's save

    papermill_engines.register("analysis-save-at-end", SaveAtEnd)
    return "analysis-save-at-end"


def _error_text(exc: BaseException) -> str:
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename:
        return f"{ename}: {evalue}"
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[-1] if text else ''}"


def provenance(run_dir: Path) -> dict[str, Any]:
    """Corpus, row counts (from run.json when a notebook wrote it), git commit, versions, date."""
    import json

    info: dict[str, Any] = {}
    run_json = Path(run_dir) / "run.json"
    if run_json.exists():
        data = json.loads(run_json.read_text("utf-8"))
        info["corpus"] = display_path(data.get("corpus", ""))
        info["row_counts"] = data.get("row_counts", {})
    info["git_commit"] = git_commit()
    info["packages"] = package_versions()
    info["python"] = sys.version.split()[0]
    info["date"] = _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return info


def git_commit() -> str:
    """``git rev-parse HEAD`` of the project, or "unknown"."""
    root = project_root() or Path.cwd()
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out.stdout.strip() if out.returncode == 0 and out.stdout.strip() else "unknown"


def package_versions() -> dict[str, str]:
    """Installed versions of :data:`PACKAGES`."""
    out = {}
    for name in PACKAGES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


# --- HTML --------------------------------------------------------------------------------------

_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script\s*>|<script\b[^>]*/>", re.S | re.I)
_EXTERNAL_LINK = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']\s*(?:https?:)?//[^>]*>", re.I)
_EXTERNAL_ATTR = re.compile(r"\s(src|href)\s*=\s*([\"'])\s*(?:https?:)?//.*?\2", re.I | re.S)
# an <img> tag without an alt attribute; an output area's opening tag (see _html_exporter)
_NO_ALT = re.compile(r"<img\b(?![^>]*\balt\s*=)[^>]*>", re.I)
_OUTPUT_AREA = re.compile(
    r"<div\b[^>]*\bclass=\"[^\"]*\b(?:jp-OutputArea-output|jp-Cell-inputWrapper)\b[^\"]*\"[^>]*>"
)
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S | re.I)
_H2 = re.compile(r"<h2\b[^>]*\bid=\"([^\"]+)\"[^>]*>(.*?)</h2>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
#: Content Security Policy of every page: no script of any kind (inline, event handler,
#: ``javascript:`` link), no request to any host; only embedded images, fonts and inline styles.
#: Article text is escaped everywhere; this is the second line of defence.
CSP_META = (
    "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
    "img-src data:; font-src data:; style-src 'unsafe-inline'; base-uri 'none'; "
    "form-action 'none'\">"
)

REPORT_CSS = """
body { max-width: 1100px; margin: 0 auto; }
.report-header, .report-footer { font-family: sans-serif; padding: 12px 20px; }
.report-header h1 { margin: 0.2em 0; }
.report-status-failed { color: #a40000; font-weight: bold; }
.report-params, .report-footer table { border-collapse: collapse; font-size: 0.9em; }
.report-params td, .report-params th, .report-footer td, .report-footer th {
  border: 1px solid #ccc; padding: 2px 8px; text-align: left; vertical-align: top; }
.report-toc ol { margin: 0.3em 0; }
.report-footer { border-top: 1px solid #ccc; margin-top: 2em; color: #333; font-size: 0.9em; }
figure.analysis-figure { margin: 1em 0; }
figure.analysis-figure img { max-width: 100%; height: auto; }
figure.analysis-figure figcaption { font-size: 0.9em; color: #333; }
p.analysis-finding { font-size: 1.05em; }
table.analysis-table { border-collapse: collapse; font-size: 0.85em; }
table.analysis-table td, table.analysis-table th { border: 1px solid #ddd; padding: 2px 6px; }
"""


def _text(fragment: str) -> str:
    """Plain text of an HTML fragment (tags and anchor marks dropped, entities decoded)."""
    return html.unescape(_TAG.sub("", fragment)).replace("¶", "").strip()


def strip_external(page: str) -> str:
    """Remove every script and every reference to another host, so the page loads offline."""
    page = _SCRIPT.sub("", page)
    page = _EXTERNAL_LINK.sub("", page)
    return _EXTERNAL_ATTR.sub(lambda m: f' data-removed-{m.group(1).lower()}=""', page)


def _param_rows(parameters: Mapping[str, Any]) -> str:
    rows = []
    for k, v in parameters.items():
        shown = v if isinstance(v, str) else yaml.safe_dump(v, default_flow_style=True).strip()
        shown = shown.removesuffix("\n...").strip()
        rows.append(f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(shown))}</td></tr>")
    return "".join(rows)


def _footer(prov: Mapping[str, Any]) -> str:
    counts = prov.get("row_counts") or {}
    count_text = (
        ", ".join(f"{html.escape(k)} {v:,}" for k, v in counts.items())
        if counts
        else "not available (the notebook stopped before the corpus was loaded)"
    )
    pkgs = ", ".join(f"{html.escape(k)} {html.escape(v)}" for k, v in prov["packages"].items())
    rows = [
        ("Corpus", html.escape(str(prov.get("corpus", "unknown")))),
        ("Rows", count_text),
        ("Git commit", html.escape(prov["git_commit"])),
        ("Packages", f"Python {html.escape(prov['python'])}, {pkgs}"),
        ("Generated", html.escape(prov["date"])),
    ]
    body = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    return f"<footer class='report-footer'><h2>Provenance</h2><table>{body}</table></footer>"


_EXPORT_LOCK = threading.Lock()


@functools.lru_cache(maxsize=1)
def _html_exporter():
    """nbconvert's HTML exporter as the reports use it, made once per process: it compiles its
    templates on first use, and a batch run exports several notebooks."""
    _notebook_tools()
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class Exporter(HTMLExporter):
        """HTMLExporter without its last step, a BeautifulSoup parse and re-serialisation of
        the whole page (two thirds of the export: the reports' tables are thousands of tags)
        that only gives an image without alt text a placeholder one and every output area
        ``tabindex="0"``; both are done here on the template's text. The page's elements,
        attributes and text are the same (the tests parse both)."""

        def from_notebook_node(self, nb, resources=None, **kw):
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            highlight = self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
            )
            resources = self._init_resources(resources)
            data_type = WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources
            )
            self.register_filter("highlight_code", highlight)
            self.register_filter("filter_data_type", data_type)
            page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            page = _NO_ALT.sub(
                lambda m: (
                    m.group(0)[:-1].rstrip("/").rstrip()
                    + ' alt="No description has been provided for this image">'
                ),
                page,
            )
            return _OUTPUT_AREA.sub(lambda m: m.group(0)[:-1] + ' tabindex="0">', page), resources

    return Exporter(
        template_name="lab",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )


def export_html(
    notebook: str | Path,
    html_path: str | Path,
    run_name: str = "",
    parameters: Mapping[str, Any] | None = None,
    provenance: Mapping[str, Any] | None = None,
    status: str = "ok",
    error: str = "",
) -> Path:
    """Render an executed notebook as one self-contained HTML page (code hidden, images as data
    URIs, no scripts, no external requests) with title, run parameters, contents and a
    provenance footer. Returns ``html_path``."""
    import nbformat

    nb = nbformat.read(str(notebook), as_version=4)
    with _EXPORT_LOCK:  # one exporter per process, its preprocessors not made for threads
        body, _ = _html_exporter().from_notebook_node(
            nb, resources={"metadata": {"name": Path(notebook).stem}}
        )
    body = strip_external(body)
    m = _H1.search(body)
    title = _text(m.group(1)) if m else Path(notebook).stem
    if m:
        body = body[: m.start()] + body[m.end() :]
    toc = "".join(
        f"<li><a href='#{html.escape(i, quote=True)}'>{html.escape(_text(t))}</a></li>"
        for i, t in _H2.findall(body)
    )
    state = (
        "<p class='report-status-failed'>This report is incomplete: the notebook failed. "
        f"{html.escape(error)}</p>"
        if status != "ok"
        else ""
    )
    header = (
        "<header class='report-header'>"
        f"<h1>{html.escape(title)}</h1>"
        f"<p>Run <b>{html.escape(run_name)}</b>, notebook {html.escape(Path(notebook).name)}</p>"
        f"{state}"
        "<details open><summary>Run parameters</summary>"
        f"<table class='report-params'>{_param_rows(parameters or {})}</table></details>"
        f"<nav class='report-toc'><h2>Contents</h2><ol>{toc}</ol></nav></header>"
    )
    page_title = f"<title>{html.escape(title)}</title>"
    body = re.sub(r"<title>.*?</title>", lambda _: page_title, body, count=1, flags=re.S)
    body = body.replace("</head>", f"<style>{REPORT_CSS}</style></head>", 1)
    body = re.sub(r"(<head\b[^>]*>)", lambda mm: mm.group(1) + CSP_META, body, count=1)
    body = re.sub(r"(<body\b[^>]*>)", lambda mm: mm.group(1) + header, body, count=1)
    footer = _footer(
        provenance
        or {
            "git_commit": git_commit(),
            "packages": package_versions(),
            "python": sys.version.split()[0],
            "date": "",
        }
    )
    body = body.replace("</body>", footer + "</body>", 1)
    return _write_text(Path(html_path), body)


# --- the run's summary: index.html and the terminal --------------------------------------------


def _read_table(run_dir: Path, name: str) -> pd.DataFrame | None:
    path = Path(run_dir) / "tables" / f"{name}.csv"
    if not path.is_file():
        return None
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _run_json(run_dir: Path) -> dict[str, Any]:
    import json

    path = Path(run_dir) / "run.json"
    return json.loads(path.read_text("utf-8")) if path.is_file() else {}


def corpus_numbers(run_dir: str | Path) -> dict[str, Any]:
    """The corpus in numbers, from the run folder's tables (``{}`` before any table exists):
    articles_in / analysed / excluded (accounting), outlets (analysed, and in the input),
    groups (with an outlet_group), events, first and last publication day."""
    run_dir = Path(run_dir)
    acc = _read_table(run_dir, "accounting")
    arts = _read_table(run_dir, "articles")
    if acc is None or arts is None:
        return {}
    outlets = _read_table(run_dir, "outlets")
    counts = _read_table(run_dir, "corpus_counts")
    if counts is None or counts.empty:  # a run folder from before the table
        counts = overview.corpus_counts(arts).astype(str)
    row = counts.iloc[0]
    group = str(_run_json(run_dir).get("parameters", {}).get("outlet_group") or "")
    out = {
        "articles_in": len(acc),
        "analysed": int((acc["status"] == "analysed").sum()),
        "excluded": int((acc["status"] == "excluded").sum()),
        "outlets": int(row["outlets"]),
        "outlets_in": len(outlets) if outlets is not None else int(row["outlets"]),
        "events": int(row["events"]),
        "first_day": row["first_day"],
        "last_day": row["last_day"],
        "outlet_group": group,
        "groups": 0,
    }
    if group and outlets is not None and "group" in outlets:
        out["groups"] = int(outlets.loc[outlets["status"] == "analysed", "group"].nunique())
    return out


def run_warnings(run_dir: str | Path) -> list[str]:
    """What a reader must know before the numbers, from the run folder: the pipeline's warnings
    (e.g. no manifest), one line on languages (passages and articles set aside for their
    language, analysed articles in a language the instruments were not made for), outlets with
    no analysed article, and rewrites that whole-corpus measures count once."""
    run_dir = Path(run_dir)
    info = _run_json(run_dir)
    found = [str(w) for w in info.get("warnings", [])]
    kept = info.get("parameters", {}).get("languages") or ["en"]
    language = _language_line(
        _read_table(run_dir, "ledger"), _read_table(run_dir, "articles"), kept
    )
    return found + ([language] if language else []) + _outlet_lines(run_dir)


def _language_line(led: pd.DataFrame | None, arts: pd.DataFrame | None, kept: list[str]) -> str:
    """One line on what the languages did to the run ("" when nothing)."""
    parts = []
    if led is not None:
        passages = led[led["category"] == "language"]
        gone = led[(led["action"] == "excluded") & (led["category"] == "empty_after_cleaning")]
        if len(passages):
            parts.append(
                f"{len(passages)} passage(s) in {passages['article_id'].nunique()} article(s) "
                f"set aside as not in {', '.join(kept)}"
            )
        if len(gone):
            parts.append(f"{len(gone)} article(s) excluded with no text left after cleaning")
    if arts is not None and "language" in arts:
        other = arts[~arts["language"].isin(kept)]
        if len(other):
            parts.append(
                f"{len(other)} analysed article(s) identified as "
                f"{', '.join(sorted(set(other['language'])))}, scored by the instruments for "
                f"{', '.join(kept)}"
            )
    return "languages: " + "; ".join(parts) + " (report 01, Languages)" if parts else ""


def _outlet_lines(run_dir: Path) -> list[str]:
    """Outlets with no analysed article; rewrites counted once (from tables/outlets.csv)."""
    outlets = _read_table(run_dir, "outlets")
    if outlets is None or outlets.empty:
        return []
    lines = []
    gone = outlets[outlets["status"] == "excluded"]
    if len(gone):
        names = ", ".join(gone["outlet"].head(8)) + (" ..." if len(gone) > 8 else "")
        lines.append(
            f"outlets: {len(gone)} outlet(s) of the input have no analysed article: {names} "
            "(report 01 says why)"
        )
    once = outlets["counted_once"].astype(int)
    if once.sum():
        lines.append(
            f"rewrites: {int(once.sum())} article(s) of {int((once > 0).sum())} outlet(s) "
            "rewrite another article; whole-corpus measures count their text once, "
            "per-outlet measures keep them (report 01 lists them)"
        )
    return lines


_FINDING = re.compile(r"<p class='analysis-finding'>(.*?)</p>", re.S)
_IMG = re.compile(r"data:image/(png|svg\+xml);base64,([A-Za-z0-9+/=]+)")


def report_summary(notebook: str | Path, n_findings: int = 3) -> dict[str, Any]:
    """From an executed notebook: its one-line description (the first paragraph under its
    title), the first ``n_findings`` finding sentences its views showed (the same computed
    sentences as the report) and its first figure as ``(type, bytes)``, type ``"png"`` or
    ``"svg+xml"`` (None without one)."""
    import nbformat

    nb = nbformat.read(str(notebook), as_version=4)
    description = ""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith("# "):
            paras = [p.strip() for p in cell.source.split("\n\n")[1:] if p.strip()]
            description = paras[0] if paras else ""
            break
    findings, figure = [], None
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            page = out.get("data", {}).get("text/html", "")
            page = "".join(page) if isinstance(page, list) else page
            findings += [html.unescape(f) for f in _FINDING.findall(page)]
            if figure is None and (m := _IMG.search(page)):
                figure = (m.group(1), base64.b64decode(m.group(2)))
    return {"description": description, "findings": findings[:n_findings], "figure": figure}


def thumbnail(png: bytes, width: int = 360) -> bytes:
    """``png`` scaled down to ``width`` pixels (PNG bytes; unchanged when narrower)."""
    import io

    from PIL import Image

    img = Image.open(io.BytesIO(png))
    if img.width > width:
        img = img.resize((width, max(1, round(img.height * width / img.width))), Image.LANCZOS)
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def _shorten_sentence(text: str, limit: int = 320) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "… (more in the report)"


def _numbers_html(n: Mapping[str, Any]) -> str:
    if not n:
        return "<p>No table was written: the corpus was not loaded (see the reports).</p>"
    items = [
        f"<b>{n['articles_in']:,}</b> articles in, <b>{n['analysed']:,}</b> analysed, "
        f"<b>{n['excluded']:,}</b> excluded",
        f"<b>{n['outlets']:,}</b> outlets analysed (of {n['outlets_in']:,} in the input)",
    ]
    if n["outlet_group"]:
        items.append(f"<b>{n['groups']:,}</b> groups ({html.escape(n['outlet_group'])})")
    items.append(f"<b>{n['events']:,}</b> events" if n["events"] else "no events given")
    if n["first_day"]:
        span = (
            n["first_day"]
            if n["first_day"] == n["last_day"]
            else (f"{n['first_day']} to {n['last_day']}")
        )
        items.append(f"published {html.escape(span)}")
    else:
        items.append("no publication dates")
    return "<ul class='corpus-numbers'>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def _report_card(r: NotebookResult, run_dir: Path) -> str:
    link = (
        f"<a href='{html.escape(r.html, quote=True)}'>{html.escape(r.name)}</a>"
        if r.html
        else html.escape(r.name)
    )
    summary = {"description": "", "findings": [], "figure": None}
    executed = run_dir / r.notebook if r.notebook else None
    if executed is not None and executed.is_file():
        summary = report_summary(executed)
    thumb = ""
    if summary["figure"] is not None:
        kind, data = summary["figure"]
        # an SVG is scaled by the page (.thumb's width); a PNG is scaled down here
        uri = svg_data_uri(data) if kind == "svg+xml" else png_data_uri(thumbnail(data))
        thumb = (
            f"<img class='thumb' src='{uri}' "
            f"alt='{html.escape('Main figure of ' + r.name, quote=True)}'>"
        )
    state = (
        ""
        if r.status == "ok"
        else (f"<p class='report-status-failed'>failed: {html.escape(r.error)}</p>")
    )
    items = "".join(f"<li>{html.escape(_shorten_sentence(f))}</li>" for f in summary["findings"])
    return (
        f"<section class='report-card'>{thumb}<h2>{link}</h2>"
        f"<p>{html.escape(summary['description'])}</p>{state}"
        f"<ul class='findings'>{items}</ul></section>"
    )


INDEX_CSS = """
body{font-family:sans-serif;padding:0 20px}
.warnings{background:#fff4e5;border:1px solid #e0a040;padding:6px 14px;margin:1em 0}
.report-card{border-top:1px solid #ccc;padding:10px 0;overflow:hidden}
.report-card h2{margin:0.2em 0}
.report-card img.thumb{float:right;width:360px;max-width:40%;margin:0 0 8px 16px;
  border:1px solid #ddd}
ul.corpus-numbers li{margin:2px 0}
"""


def write_index(
    run_dir: str | Path,
    run_name: str,
    parameters: Mapping[str, Any],
    results: Sequence[NotebookResult],
    prov: Mapping[str, Any] | None = None,
) -> Path:
    """``index.html``, the page to read first: warnings, the corpus in numbers, every report
    with its one-line description, its first finding sentences and a thumbnail of its first
    figure (taken from the executed notebooks), then the status of every report and the run
    parameters. Escaped, no script, no external request (same Content-Security-Policy)."""
    run_dir = Path(run_dir)
    rows = []
    for r in results:
        link = (
            f"<a href='{html.escape(r.html, quote=True)}'>{html.escape(r.name)}</a>"
            if r.html
            else html.escape(r.name)
        )
        nb_link = f"<a href='{html.escape(r.notebook, quote=True)}'>notebook</a>"
        cls = "ok" if r.status == "ok" else "report-status-failed"
        rows.append(
            f"<tr><td>{link}</td><td class='{cls}'>{html.escape(r.status)}</td>"
            f"<td>{r.seconds:.1f} s</td><td>{html.escape(r.error)}</td><td>{nb_link}</td></tr>"
        )
    n_failed = sum(r.status != "ok" for r in results)
    summary = (
        f"{len(results)} reports, all ok."
        if not n_failed
        else f"{len(results)} reports, {n_failed} failed."
    )
    warns = run_warnings(run_dir)
    warn_html = (
        "<div class='warnings'><b>Read first</b><ul>"
        + "".join(f"<li>{html.escape(w)}</li>" for w in warns)
        + "</ul></div>"
        if warns
        else ""
    )
    cards = "".join(_report_card(r, run_dir) for r in results)
    zip_name = f"{run_dir.name}.zip"
    page = (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>{CSP_META}"
        f"<title>Reports: {html.escape(run_name)}</title><style>{REPORT_CSS}"
        f"{INDEX_CSS}</style></head><body>"
        f"<h1>Reports of run {html.escape(run_name)}</h1><p>{summary}</p>{warn_html}"
        f"<h2>The corpus in numbers</h2>{_numbers_html(corpus_numbers(run_dir))}"
        f"{cards}"
        "<h2>Status of every report</h2>"
        "<table class='report-params'><tr><th>report</th><th>status</th><th>time</th>"
        f"<th>error</th><th>executed notebook</th></tr>{''.join(rows)}</table>"
        f"<p>The whole run folder as one file, to mail: {html.escape(zip_name)} (next to this "
        "folder).</p>"
        "<details><summary>Run parameters</summary>"
        f"<table class='report-params'>{_param_rows(parameters)}</table></details>"
        "<p>Data behind every table and figure: <a href='tables/'>tables/</a>, "
        "<a href='figures/'>figures/</a>.</p>"
        f"{_footer(prov or provenance(Path(run_dir)))}</body></html>\n"
    )
    return _write_text(Path(run_dir) / "index.html", page)


def _write_text(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return cache.write_bytes(path, text.encode("utf-8"))


def png_data_uri(png: bytes) -> str:
    """A PNG as a data: URI (for self-contained HTML)."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def svg_data_uri(svg: bytes) -> str:
    """An SVG as a data: URI (for self-contained HTML: an ``<img>`` keeps its alt text, and the
    SVG's ids cannot clash with another figure's on the same page)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def parse_assignments(items: Sequence[str]) -> dict[str, Any]:
    """``["n_boot=50", "actors=[Donald Trump]"]`` -> values, each parsed as YAML."""
    out = {}
    for item in items:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise ParameterError(f"-p expects key=value, got {item!r}")
        try:
            out[key.strip()] = datafiles.safe_load(raw) if raw.strip() else ""
        except yaml.YAMLError as exc:
            problem = datafiles.yaml_problem(exc)
            raise ParameterError(
                f"parameter {key.strip()}: cannot read {raw!r}: {problem}"
            ) from None
    return out


def load_param_file(path: str | Path) -> dict[str, Any]:
    """Parameters from a YAML file (a mapping of parameter name -> value)."""
    p = Path(path)
    try:
        data = datafiles.safe_load(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ParameterError(f"parameter file {path}: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        problem = datafiles.yaml_problem(exc)
        raise ParameterError(f"parameter file {path}: not valid YAML: {problem}") from None
    except UnicodeDecodeError as exc:
        raise ParameterError(f"parameter file {path}: not UTF-8 text (byte {exc.start})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ParameterError(f"parameter file {path}: expected a mapping of name: value")
    known = [*DEFAULTS, *SCALE_DEFAULTS]
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ParameterError(
            f"parameter file {path}: unknown parameter {unknown[0]!r}; known: {', '.join(known)}"
        )
    return data

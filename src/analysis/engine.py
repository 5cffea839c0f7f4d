"""The per-article engine: run the per-article stages on partitions of a corpus, serially, on a
process pool or on Dask, with an optional content-addressed cache (analysis.cache).

Every per-article stage works on one article at a time, so a corpus can be cut into partitions
that are analysed independently and concatenated. :func:`analyze_partition` runs, on one
partition of loaded articles (analysis.load columns: ``article_id``, ``source``,
``headline_in_text``, ``raw_text`` and metadata), clean -> segment -> sentence sentiment ->
mentions -> quotes (+ quote sentiment) -> attributions -> hedges -> frame hits (+ article
frames), and returns the tables :data:`PER_ARTICLE_TABLES` (columns: README.md, "Tables"):

- ``articles`` (cleaned, without ``rewrite_of``), ``paragraphs``, ``sentences``,
  ``sentence_sentiment``, ``article_sentiment``, ``mentions``, ``mention_tone`` (tone toward each
  mention, analysis.tone), ``quotes``, ``quote_sentiment``,
  ``attributions``, ``hedges``, ``frame_hits``, ``article_frames``;
- ``ledger``: the cleaning stage's ledger rows for the partition.

Every table is stably sorted by ``article_id`` (the stage's own order within an article), so the
concatenation of partitions cut from the id-sorted corpus equals the whole corpus analysed at
once, whatever the partition size, worker count or engine (tests/test_engine.py checks it).

:func:`analyze_articles` cuts the corpus (sorted by ``article_id``) into partitions of
``chunk_size`` articles and runs them; with ``cache_dir`` a partition whose key
(:func:`partition_key`: the parameters' :func:`per_article_key` plus the content of
its input rows) is cached is read back instead of recomputed; with ``out_dir`` every partition's
tables are streamed to ``out_dir/<table>/part-<n>.parquet`` (plus ``out_dir/manifest.json``)
and not held in memory. See docs/SCALE.md.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any, NamedTuple

import pandas as pd

import analysis
from analysis import cache, lang
from analysis.actors import find_mentions, load_catalog
from analysis.attribution import find_attributions, find_hedges
from analysis.clean import clean_articles, load_rules
from analysis.frames import article_frames, frame_hits, load_frames
from analysis.ledger import item_row, ledger_frame
from analysis.params import Params
from analysis.quotes import find_quotes
from analysis.segment import segment_articles
from analysis.sentiment import (
    load_domain_lexicon,
    mask_units,
    name_spans,
    other_names,
    score_articles,
    score_sentences,
)
from analysis.tone import score_mentions

PER_ARTICLE_TABLES = (
    "articles",
    "paragraphs",
    "sentences",
    "sentence_sentiment",
    "article_sentiment",
    "mentions",
    "mention_tone",
    "quotes",
    "quote_sentiment",
    "attributions",
    "hedges",
    "frame_hits",
    "article_frames",
    "ledger",
)
INPUT_REQUIRED = ("article_id", "source", "headline_in_text", "raw_text")
ENGINES = ("local", "dask")
# forkserver: workers are forked from a clean single-threaded server that has imported this
# module once; as fast as fork here (docs/SCALE.md) without forking a threaded parent (a
# notebook kernel, Arrow's thread pool). spawn where forkserver does not exist (Windows).
DEFAULT_START_METHOD = (
    "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
)
_LIBRARIES = ("textblob", "vaderSentiment")
_PKG = Path(__file__).resolve().parent
_DATA = _PKG / "data"

Progress = Callable[[int, int], None]


# --- parameters ----------------------------------------------------------------------------


def per_article_key(params: Params) -> str:
    """The per-article key of ``params``: sha256 of everything a partition's result depends on
    besides its articles: the per-article fields of :class:`analysis.params.Params`
    (:data:`PER_ARTICLE_FIELDS`), the content of the data files they point to (and of every
    shipped data file), the package and library versions, and the source of the per-article
    modules. The selection, the bootstrap and the scale fields are not in it."""
    if not isinstance(params, Params):
        raise ValueError(f"params must be an analysis.params.Params, not {type(params).__name__}")
    lexicon = params.domain_lexicon
    fields = {
        "languages": list(params.languages),
        "instruments": list(params.instruments),
        "domain_lexicon": lexicon if isinstance(lexicon, bool) else "",
    }
    user_files = {
        "catalog": params.catalog,
        "frames": params.frames,
        "rules": params.rules,
        "domain_lexicon": None if isinstance(lexicon, bool) else lexicon,
    }
    doc = {
        "params": fields,
        "files": {k: _file_hash(v, k) for k, v in sorted(user_files.items()) if v is not None},
        "shipped": shipped_data_hashes(),
        "environment": environment(),
        "source": source_hash(("engine",)),
    }
    return hashlib.sha256(_canonical(doc).encode("utf-8")).hexdigest()


#: The fields of :class:`analysis.params.Params` the per-article stages read.
PER_ARTICLE_FIELDS = ("rules", "languages", "catalog", "domain_lexicon", "instruments", "frames")


def _canonical(doc: Any) -> str:
    return json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _file_hash(path: str | Path, name: str) -> str:
    try:
        st = os.stat(path)
        return _stat_hash(os.path.abspath(path), st.st_mtime_ns, st.st_size, st.st_ino)[0]
    except OSError as exc:
        raise ValueError(f"{name} file {path}: cannot be read ({exc.strerror})") from None


@lru_cache(maxsize=512)
def _stat_hash(path: str, mtime_ns: int, size: int, inode: int) -> tuple[str, frozenset[str]]:
    """(sha256, analysis modules imported) of a file, remembered per (path, mtime, size,
    inode): a file that is rewritten gets a new mtime and is read again."""
    data = Path(path).read_bytes()
    imports = _imports(data.decode("utf-8", "replace")) if path.endswith(".py") else frozenset()
    return hashlib.sha256(data).hexdigest(), imports


def _source(path: Path) -> tuple[str, frozenset[str]]:
    st = os.stat(path)
    return _stat_hash(str(path), st.st_mtime_ns, st.st_size, st.st_ino)


def shipped_data_hashes() -> dict[str, str]:
    """sha256 of every shipped data file (src/analysis/data), by file name."""
    return {p.name: _file_hash(p, "data") for p in sorted(_DATA.iterdir()) if p.is_file()}


@lru_cache(maxsize=1)
def environment() -> dict[str, str]:
    """Package, Python and library versions that can change results."""
    import numpy
    import py3langid
    import pyarrow
    import yaml

    env = {"analysis": analysis.__version__, "python": sys.version.split()[0]}
    for mod in (pd, numpy, pyarrow, yaml, py3langid):
        env[mod.__name__] = str(mod.__version__)
    for dist in _LIBRARIES:  # no __version__ attribute
        try:
            env[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            env[dist] = ""
    return env


_IMPORT_RE = re.compile(
    r"^\s*(?:from\s+analysis(?:\.(\w+))?\s+import\s+(\([^)]*\)|[^\n#]+)"
    r"|import\s+analysis\.(\w+))",
    re.MULTILINE,
)


def _imports(source: str) -> frozenset[str]:
    """Names of the analysis modules ``source`` imports (anywhere in the file; a regex, not a
    parser: it may over-include, which only makes the cache more cautious)."""
    found = set()
    for sub, names, plain in _IMPORT_RE.findall(source):
        found.update(m for m in (sub, plain) if m)
        if names and not sub:
            found.update(re.findall(r"\w+", names))
    return frozenset(m for m in found if _module_files(m))


def _module_files(module: str) -> list[Path]:
    """The source files of an analysis module: ``<module>.py``, or every ``.py`` file of the
    subpackage ``<module>/`` (e.g. ``lang``); [] when there is none."""
    single = _PKG / f"{module}.py"
    if single.is_file():
        return [single]
    return sorted((_PKG / module).glob("*.py")) if (_PKG / module / "__init__.py").is_file() else []


def module_closure(modules: Iterable[str]) -> list[str]:
    """``modules`` and every analysis module they import, directly or not (sorted)."""
    seen: set[str] = set()
    todo = list(modules)
    while todo:
        m = todo.pop()
        if m not in seen:
            seen.add(m)
            for path in _module_files(m):
                todo.extend(_source(path)[1] - seen)
    return sorted(seen)


def source_hash(modules: Iterable[str]) -> str:
    """sha256 of the source of ``modules`` and of every analysis module they import."""
    h = hashlib.sha256()
    for m in module_closure(modules):
        for path in _module_files(m):
            h.update(f"{path.relative_to(_PKG)}\0".encode())
            h.update(_source(path)[0].encode())
    return h.hexdigest()


# --- one partition -------------------------------------------------------------------------


def check_articles(articles: pd.DataFrame) -> None:
    """Raise ValueError when ``articles`` is not a loaded articles table."""
    if not isinstance(articles, pd.DataFrame):
        raise ValueError(f"articles must be a DataFrame, not {type(articles).__name__}")
    missing = [c for c in INPUT_REQUIRED if c not in articles.columns]
    if missing:
        raise ValueError(f"articles table lacks column(s) {missing} (see analysis.load)")
    ids = articles["article_id"]
    bad = [v for v in ids if not isinstance(v, str) or not v]
    if bad:
        raise ValueError(f"articles: article_id must be non-empty strings, e.g. {bad[0]!r}")
    if ids.duplicated().any():
        raise ValueError(
            f"articles: duplicate article_id(s) {sorted(set(ids[ids.duplicated()]))[:5]}"
        )


def _by_article(df: pd.DataFrame) -> pd.DataFrame:
    """Stable sort by article_id (kept when already sorted) and a fresh RangeIndex."""
    if "article_id" in df.columns and not df["article_id"].is_monotonic_increasing:
        df = df.sort_values("article_id", kind="stable")
    return df.reset_index(drop=True)


def analyze_partition(articles: pd.DataFrame, params: Params) -> dict[str, pd.DataFrame]:
    """Run the per-article stages on ``articles`` (loaded, see analysis.load); return the
    tables :data:`PER_ARTICLE_TABLES`, each sorted by article_id. A pure function of its input.

    Parameter files (rules, catalog, frames, lexicon) are read first, so a broken one stops the
    run with its error. An unexpected error on the articles themselves re-runs the partition
    one article at a time: the article that fails is left out and recorded in the ledger
    (action ``excluded``, category ``error``, stage ``analyze``) with the error, so one bad
    article never stops a corpus and is never lost silently.
    """
    check_articles(articles)
    res = _resources(params)
    try:
        return _analyze(articles, params, res)
    except Exception as exc:  # isolated per article below and recorded in the ledger
        if len(articles) <= 1:
            return _failed(articles, params, res, exc)
        one_by_one = []
        for i in range(len(articles)):
            one = articles.iloc[i : i + 1]
            try:
                one_by_one.append(_analyze(one, params, res))
            except Exception as err:
                one_by_one.append(_failed(one, params, res, err))
        return {
            name: concat_tables([part[name] for part in one_by_one]) for name in PER_ARTICLE_TABLES
        }


class _Resources(NamedTuple):
    rules: Any
    catalog: pd.DataFrame
    frames: pd.DataFrame
    domain_lexicon: Any
    language: ModuleType  # the run's language resources (analysis.lang.resolve)


def _resources(params: Params) -> _Resources:
    """Read every parameter file once (errors name the file and stop the run) and resolve the
    run's language resources from ``params.languages``."""
    language = lang.resolve(params.languages)
    rules = load_rules(params.rules)
    lexicon = params.domain_lexicon
    if lexicon is not False and lexicon is not None:
        lexicon = load_domain_lexicon(None if lexicon is True else lexicon)
    frames = load_frames(params.frames, language)
    return _Resources(rules, load_catalog(params.catalog), frames, lexicon, language)


@contextlib.contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector (reference counting still frees everything).

    The stages build millions of small tuples and strings and create no reference cycles (a
    ``gc.collect()`` after a paused 500-article partition finds nothing), but the allocations
    alone trigger full collections that walk every live object, lexicon caches included:
    about 4% of the engine's time. The previous state is restored on exit."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _analyze(articles: pd.DataFrame, params: Params, res: _Resources) -> dict[str, pd.DataFrame]:
    with _cyclic_gc_paused():
        return _analyze_tables(articles, params, res)


def _analyze_tables(
    articles: pd.DataFrame, params: Params, res: _Resources
) -> dict[str, pd.DataFrame]:
    arts = _by_article(articles)
    language = res.language
    cleaned = clean_articles(arts, res.rules, params.languages, language)
    segments = segment_articles(cleaned.articles, language)
    sentences = segments.sentences
    lexicon = res.domain_lexicon
    cat = res.catalog
    mentions = find_mentions(sentences, cat, language)
    # words inside actor and place names never drive tone (analysis.sentiment.name_spans)
    names = name_spans(sentences, mentions)
    sent_scores = score_sentences(sentences, params.instruments, lexicon, names)
    quotes = find_quotes(cleaned.articles, sentences, cat, mentions=mentions, language=language)
    quote_units = quotes.rename(columns={"quote_index": "sentence_index"})
    quote_scores = score_sentences(
        quote_units, params.instruments, lexicon, name_spans(quote_units, mentions)
    ).rename(columns={"sentence_index": "quote_index"})
    hits = frame_hits(sentences, res.frames)
    tables = {
        "articles": cleaned.articles,
        "paragraphs": segments.paragraphs,
        "sentences": sentences,
        "sentence_sentiment": sent_scores,
        "article_sentiment": score_articles(sentences, sent_scores),
        "mentions": mentions,
        # only the sentences that hold a mention are read by score_mentions: mask those alone
        "mention_tone": score_mentions(
            mask_units(_mentioned(sentences, mentions), other_names(names)), mentions
        ),
        "quotes": quotes,
        "quote_sentiment": quote_scores,
        "attributions": find_attributions(sentences, mentions, catalog=cat, language=language),
        "hedges": find_hedges(sentences, language=language),
        "frame_hits": hits,
        "article_frames": article_frames(sentences, hits, res.frames),
        "ledger": cleaned.ledger,
    }
    return {name: _by_article(df) for name, df in tables.items()}


def _mentioned(sentences: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``sentences`` whose (article_id, sentence_index) holds a row of
    ``mentions``, in their order: all that :func:`analysis.tone.score_mentions` reads."""
    wanted = set(
        zip(mentions["article_id"].tolist(), mentions["sentence_index"].tolist(), strict=True)
    )
    keys = zip(sentences["article_id"].tolist(), sentences["sentence_index"].tolist(), strict=True)
    return sentences[[k in wanted for k in keys]]


def _failed(
    article: pd.DataFrame, params: Params, res: _Resources, exc: BaseException
) -> dict[str, pd.DataFrame]:
    """Empty tables (right columns) and an ``excluded`` ledger row for an article that failed."""
    tables = _analyze(article.iloc[0:0], params, res)
    first_line = str(exc).splitlines()[0] if str(exc) else ""
    rows = [
        item_row(
            str(a.article_id),
            str(a.source),
            "excluded",
            "error",
            f"analysis failed: {type(exc).__name__}: {first_line}",
            len(str(a.raw_text)),
            stage="analyze",
        )
        for a in article.itertuples(index=False)
    ]
    tables["ledger"] = ledger_frame([*tables["ledger"].to_dict("records"), *rows])
    return tables


# --- keys ----------------------------------------------------------------------------------


def _value_bytes(value: Any) -> bytes:
    if isinstance(value, str):
        return b"s" + value.encode("utf-8", "surrogatepass")
    if value is None or (isinstance(value, float) and value != value):
        return b"n"
    return b"r" + repr(value).encode("utf-8")


def article_hashes(articles: pd.DataFrame) -> list[str]:
    """sha256 per article row over every column (name and value), in row order."""
    cols = sorted(map(str, articles.columns))
    columns = [articles[c].tolist() for c in cols]
    names = [c.encode("utf-8") for c in cols]
    out = []
    for row in zip(*columns, strict=True):
        h = hashlib.sha256()
        for name, value in zip(names, row, strict=True):
            b = _value_bytes(value)
            h.update(len(name).to_bytes(4, "little") + name + len(b).to_bytes(8, "little") + b)
        out.append(h.hexdigest())
    return out


def partition_key(articles: pd.DataFrame, fingerprint: str) -> str:
    """Cache key of a partition: the parameters' fingerprint plus every input row's content."""
    arts = _by_article(articles)
    dtypes = _canonical(cache.dtypes_of(arts))
    rows = "\n".join(
        f"{a}\t{h}" for a, h in zip(arts["article_id"], article_hashes(arts), strict=True)
    )
    return cache.digest("partition", fingerprint, dtypes, rows)


def input_key(articles: pd.DataFrame, fingerprint: str) -> str:
    """Key of a whole corpus (independent of partitioning): fingerprint plus every input row."""
    return cache.digest("corpus", partition_key(articles, fingerprint))


# --- running partitions ----------------------------------------------------------------------


@dataclass
class _Done:
    """What a partition run hands back: the tables, or (out_dir) where they were written."""

    n: int
    n_articles: int
    tables: dict[str, pd.DataFrame] | None = None
    parts: dict[str, dict] = field(default_factory=dict)  # table -> {"file", "rows", "dtypes"}


def _part_name(n: int) -> str:
    return f"part-{n:05d}.parquet"


def _normalize_input(articles: pd.DataFrame) -> pd.DataFrame:
    """Bring back the pandas default string dtype where a transport (Dask) changed it."""
    wrong = {
        c: "str"
        for c, t in articles.dtypes.items()
        if isinstance(t, pd.StringDtype) and str(t) != "str"
    }
    return articles.astype(wrong) if wrong else articles


def _write_parts(out_dir: Path, n: int, tables: Mapping[str, pd.DataFrame]) -> dict[str, dict]:
    parts = {}
    for name, df in tables.items():
        folder = out_dir / name
        folder.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(folder / _part_name(n), cache.table_bytes(df))
        parts[name] = {
            "file": f"{name}/{_part_name(n)}",
            "rows": len(df),
            "dtypes": cache.dtypes_of(df),
        }
    return parts


def _copy_parts(out_dir: Path, n: int, files: Mapping[str, cache.CachedFile]) -> dict[str, dict]:
    parts = {}
    for name, (src, dtypes, rows) in files.items():
        folder = out_dir / name
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{_part_name(n)}.{uuid.uuid4().hex}.tmp"
        shutil.copyfile(src, tmp)
        os.replace(tmp, folder / _part_name(n))
        parts[name] = {"file": f"{name}/{_part_name(n)}", "rows": rows, "dtypes": dtypes}
    return parts


def _from_cache(
    articles: pd.DataFrame, n: int, key: str, cache_dir: Path, out_dir: Path | None
) -> _Done | None:
    if out_dir is None:
        tables = cache.load(cache_dir, "partition", key)
        return None if tables is None else _Done(n, len(articles), tables=tables)
    found = cache.files(cache_dir, "partition", key)
    return None if found is None else _Done(n, len(articles), parts=_copy_parts(out_dir, n, found))


def _process(
    articles: pd.DataFrame,
    params: Params,
    fingerprint: str,
    n: int,
    cache_dir: str | None,
    out_dir: str | None,
    lookup: bool = True,
) -> _Done:
    """Run one partition (a worker task): cache lookup, analysis, cache store, output."""
    articles = _normalize_input(articles)
    cdir = Path(cache_dir) if cache_dir is not None else None
    odir = Path(out_dir) if out_dir is not None else None
    key = partition_key(articles, fingerprint) if cdir is not None else ""
    if cdir is not None and lookup:
        done = _from_cache(articles, n, key, cdir, odir)
        if done is not None:
            return done
    tables = analyze_partition(articles, params)
    if cdir is not None:
        cache.store(cdir, "partition", key, tables, {"n_articles": len(articles)})
    if odir is None:
        return _Done(n, len(articles), tables=tables)
    return _Done(n, len(articles), parts=_write_parts(odir, n, tables))


def concat_tables(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate one table's partitions; the result equals the whole corpus run (empty
    partitions are skipped so they cannot change a dtype; rows end stably sorted by id)."""
    if not frames:
        raise ValueError("no partitions to concatenate")
    full = [f for f in frames if len(f)]
    if not full:
        return frames[0].reset_index(drop=True)
    out = full[0] if len(full) == 1 else pd.concat(full, ignore_index=True)
    return _by_article(out)


def _reporter(progress: bool | Progress | None, every: int) -> Progress:
    if callable(progress):
        return progress
    if not progress:
        return lambda done, total: None
    start = time.perf_counter()

    def report(done: int, total: int) -> None:
        if done % max(every, 1) == 0 or done == total:
            elapsed = time.perf_counter() - start
            print(f"analysed {done}/{total} partitions ({elapsed:.1f} s)", file=sys.stderr)

    return report


def _read_articles(articles: pd.DataFrame | str | Path) -> pd.DataFrame:
    if isinstance(articles, pd.DataFrame):
        return articles
    if isinstance(articles, str | os.PathLike):
        try:
            return pd.read_parquet(articles)
        except (OSError, ValueError) as exc:
            raise ValueError(f"{articles}: cannot read the articles Parquet ({exc})") from None
    raise ValueError(f"articles must be a DataFrame or a Parquet path, not {articles!r}")


def partitions(articles: pd.DataFrame, chunk_size: int) -> list[pd.DataFrame]:
    """The corpus sorted by article_id, cut into consecutive pieces of ``chunk_size`` rows."""
    arts = _by_article(articles)
    if len(arts) == 0:
        return [arts]
    return [arts.iloc[i : i + chunk_size] for i in range(0, len(arts), chunk_size)]


def analyze_articles(
    articles: pd.DataFrame | str | Path,
    params: Params | None = None,
    *,
    workers: int | None = None,
    engine: str | None = None,
    chunk_size: int | None = None,
    cache_dir: str | Path | bool | None = None,
    out_dir: str | Path | None = None,
    scheduler: str | None = None,
    progress: bool | Progress | None = None,
    progress_every: int = 10,
    start_method: str | None = None,
) -> dict[str, pd.DataFrame] | dict[str, list[Path]]:
    """Run :func:`analyze_partition` over partitions of ``articles`` (a loaded articles table,
    or a Parquet file/folder of one) and return the concatenated tables.

    ``workers``: processes (local engine; 1 = in this process) or Dask workers of a local
    cluster. ``engine``: ``local`` or ``dask`` (``scheduler``: address of a running
    dask.distributed scheduler such as ``tcp://host:8786``; None starts a LocalCluster).
    ``cache_dir``: folder of the partition cache (True: ``.cache/analysis`` in the project;
    None: no cache). ``out_dir``: write each partition's tables to
    ``out_dir/<table>/part-<n>.parquet`` instead of returning them, and return the paths per
    table (read them back with :func:`read_output`). ``progress``: True prints a line every
    ``progress_every`` partitions; a callable gets ``(done, total)`` after each partition.
    ``workers``, ``engine``, ``chunk_size``, ``cache_dir`` and ``scheduler`` default to the
    scale fields of ``params`` (``workers``, ``engine``, ``chunk_size``, ``cache``,
    ``scheduler``).
    """
    params = Params() if params is None else params
    workers = params.workers if workers is None else workers
    engine = params.engine if engine is None else engine
    chunk_size = params.chunk_size if chunk_size is None else chunk_size
    cache_dir = params.cache if cache_dir is None else cache_dir
    scheduler = params.scheduler if scheduler is None else scheduler
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    if not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be a positive integer, not {workers!r}")
    if not isinstance(chunk_size, int) or chunk_size < 1:
        raise ValueError(f"chunk_size must be a positive integer, not {chunk_size!r}")
    if scheduler is not None and engine != "dask":
        raise ValueError("scheduler is only used with engine='dask'")
    cdir = cache.resolve_cache_dir(cache_dir)
    odir = Path(out_dir) if out_dir is not None else None
    if odir is not None:
        _start_output(odir)
    fingerprint = per_article_key(params)
    report = _reporter(progress, progress_every)
    if engine == "dask":
        done = _run_dask(
            articles, params, fingerprint, workers, chunk_size, cdir, odir, scheduler, report
        )
    else:
        arts = _read_articles(articles)
        check_articles(arts)
        done = _run_local(
            partitions(arts, chunk_size), params, fingerprint, workers, cdir, odir, report,
            start_method or DEFAULT_START_METHOD,
        )  # fmt: skip
    results = [done[n] for n in sorted(done)]
    if odir is not None:
        return _finish_output(odir, results, fingerprint)
    tables = {name: concat_tables([r.tables[name] for r in results]) for name in PER_ARTICLE_TABLES}
    if tables["articles"]["article_id"].duplicated().any():
        raise ValueError("articles: the same article_id occurs in more than one partition")
    return tables


def _run_local(
    parts: list[pd.DataFrame],
    params: Params,
    fingerprint: str,
    workers: int,
    cdir: Path | None,
    odir: Path | None,
    report: Progress,
    start_method: str,
) -> dict[int, _Done]:
    total = len(parts)
    done: dict[int, _Done] = {}
    pending = []
    for n, part in enumerate(parts):
        hit = None
        if cdir is not None:
            hit = _from_cache(part, n, partition_key(part, fingerprint), cdir, odir)
        if hit is None:
            pending.append((n, part))
        else:
            done[n] = hit
            report(len(done), total)
    args = (params, fingerprint)
    dirs = (None if cdir is None else str(cdir), None if odir is None else str(odir))
    if workers == 1 or len(pending) <= 1:
        for n, part in pending:
            done[n] = _process(part, *args, n, *dirs, lookup=False)
            report(len(done), total)
        return done
    ctx = multiprocessing.get_context(start_method)
    if start_method == "forkserver":
        ctx.set_forkserver_preload(["analysis.engine"])  # imported once, shared by the workers
    with ProcessPoolExecutor(max_workers=min(workers, len(pending)), mp_context=ctx) as pool:
        queue = iter(pending)
        running = {}

        def submit() -> None:
            item = next(queue, None)
            if item is not None:
                running[pool.submit(_process, item[1], *args, item[0], *dirs, False)] = item[0]

        for _ in range(2 * workers):  # a bounded number in flight keeps memory flat
            submit()
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for fut in finished:
                n = running.pop(fut)
                done[n] = fut.result()
                report(len(done), total)
                submit()
    return done


def _run_dask(
    articles: pd.DataFrame | str | Path,
    params: Params,
    fingerprint: str,
    workers: int,
    chunk_size: int,
    cdir: Path | None,
    odir: Path | None,
    scheduler: str | None,
    report: Progress,
) -> dict[int, _Done]:
    import dask
    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster, as_completed

    with dask.config.set({"dataframe.convert-string": False}):
        if isinstance(articles, pd.DataFrame):
            check_articles(articles)
            ddf = dd.from_pandas(_by_article(articles), chunksize=chunk_size, sort=False)
        elif isinstance(articles, str | os.PathLike):
            ddf = dd.read_parquet(os.fspath(articles))
        else:
            raise ValueError(f"articles must be a DataFrame or a Parquet path, not {articles!r}")
        parts = ddf.to_delayed()
    dirs = (None if cdir is None else str(cdir), None if odir is None else str(odir))
    tasks = [
        dask.delayed(_process, pure=True)(part, params, fingerprint, n, *dirs)
        for n, part in enumerate(parts)
    ]
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        )
    client = Client(cluster if cluster is not None else scheduler)
    try:
        futures = client.compute(tasks)
        index = {f.key: n for n, f in enumerate(futures)}
        done: dict[int, _Done] = {}
        for fut in as_completed(futures):
            done[index[fut.key]] = fut.result()
            fut.release()
            report(len(done), len(futures))
        return done
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# --- streamed output -------------------------------------------------------------------------

MANIFEST = "manifest.json"


def _start_output(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MANIFEST).unlink(missing_ok=True)  # no manifest until the run is complete


def _finish_output(out_dir: Path, results: list[_Done], fingerprint: str) -> dict[str, list[Path]]:
    tables = {name: [r.parts[name] for r in results] for name in PER_ARTICLE_TABLES}
    keep = {p["file"] for parts in tables.values() for p in parts}
    for name in PER_ARTICLE_TABLES:  # parts left over from an earlier, longer run
        for old in (out_dir / name).glob("part-*.parquet"):
            if f"{name}/{old.name}" not in keep:
                old.unlink()
    manifest = {
        "format": 1,
        "fingerprint": fingerprint,
        "n_partitions": len(results),
        "n_articles": sum(r.n_articles for r in results),
        "tables": tables,
    }
    text = json.dumps(manifest, indent=1, sort_keys=True)
    cache.write_bytes(out_dir / MANIFEST, text.encode("utf-8"))
    return {name: [out_dir / p["file"] for p in parts] for name, parts in tables.items()}


def read_output(
    out_dir: str | Path, tables: Sequence[str] | None = None
) -> dict[str, pd.DataFrame]:
    """Read the tables :func:`analyze_articles` streamed to ``out_dir`` (all, or ``tables``);
    equal to what it returns without ``out_dir``."""
    root = Path(out_dir)
    try:
        manifest = json.loads((root / MANIFEST).read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"{root}: no complete analysis output ({MANIFEST}: {exc})") from None
    out = {}
    names = [t for t in PER_ARTICLE_TABLES if t in manifest["tables"]]
    for name in tables or names:
        if name not in manifest["tables"]:
            raise ValueError(f"{root}: no table {name!r}")
        frames = []
        for part in manifest["tables"][name]:
            data = (root / part["file"]).read_bytes()
            frames.append(cache.read_table_bytes(data, part["dtypes"]))
        out[name] = concat_tables(frames)
    return out

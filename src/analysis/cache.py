"""A content-addressed cache of tables: Parquet files plus a JSON index, never pickle.

A utility module (like analysis.ledger): it imports no stage. The engine and the pipeline use it
to skip work whose inputs have not changed; see docs/SCALE.md.

Layout: ``<cache_dir>/<kind>/<key[:2]>/<key>/`` holds one ``<table>.parquet`` per table and
``meta.json``::

    {"format": 1, "kind": ..., "key": ..., "info": {...},
     "tables": {"<table>": {"file": "<table>.parquet", "bytes": n, "sha256": "...",
                            "rows": n, "dtypes": [["<column>", "<dtype>"], ...]}}}

``key`` is a sha256 hex digest the caller builds with :func:`digest` from everything the tables
depend on (parameter fingerprint, input hashes). An entry is written into a temporary folder
and renamed into place, so a reader sees a whole entry or none. Reading checks each file's size
and sha256 against ``meta.json``, parses it with pyarrow and restores the recorded dtypes (so a
round trip is exact); a missing, truncated or corrupt entry gives a :class:`CacheWarning`, is
removed, and the caller recomputes. Nothing in a cache file can run code: Parquet and JSON
only.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import hashlib
import json
import os
import shutil
import uuid
import warnings
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

FORMAT = 1
META = "meta.json"


class CacheWarning(UserWarning):
    """A cache entry could not be used (corrupt, truncated, unreadable); it is recomputed."""


def digest(*parts: str | bytes) -> str:
    """sha256 hex digest of ``parts`` (each length-prefixed, so boundaries matter)."""
    h = hashlib.sha256()
    for p in parts:
        b = p.encode("utf-8") if isinstance(p, str) else p
        h.update(len(b).to_bytes(8, "little"))
        h.update(b)
    return h.hexdigest()


def default_cache_dir() -> Path:
    """``.cache/analysis`` under the project folder (the nearest folder at or above the working
    directory, or above this package's checkout, holding ``pyproject.toml``); else under cwd."""
    here = Path.cwd().resolve()
    for d in (here, *here.parents, *Path(__file__).resolve().parents):
        if (d / "pyproject.toml").is_file():
            return d / ".cache" / "analysis"
    return here / ".cache" / "analysis"


def resolve_cache_dir(cache_dir: str | Path | bool | None) -> Path | None:
    """None/False: no cache; True: :func:`default_cache_dir`; else the given folder."""
    if cache_dir is None or cache_dir is False:
        return None
    if cache_dir is True:
        return default_cache_dir()
    if isinstance(cache_dir, str | os.PathLike):
        return Path(cache_dir)
    raise ValueError(f"cache_dir must be a path, True, False or None, not {cache_dir!r}")


def entry_dir(cache_dir: str | Path, kind: str, key: str) -> Path:
    """The folder of one entry (it may not exist)."""
    if not kind.isidentifier() or len(key) != 64 or not all(c in "0123456789abcdef" for c in key):
        raise ValueError(f"bad cache kind/key: {kind!r} {key!r}")
    return Path(cache_dir) / kind / key[:2] / key


# --- Parquet with exact dtypes -------------------------------------------------------------


def _default_index(df: pd.DataFrame) -> bool:
    idx = df.index
    return isinstance(idx, pd.RangeIndex) and idx.start == 0 and idx.step == 1 and idx.name is None


def table_bytes(df: pd.DataFrame) -> bytes:
    """``df`` as Parquet bytes (pyarrow, zstd); an index other than the default 0..n-1 is
    stored too (pandas metadata)."""
    table = pa.Table.from_pandas(df, preserve_index=None if not _default_index(df) else False)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue().to_pybytes()


Dtypes = list[list[str]]  # [[column, dtype name], ...] in column order (JSON-safe)


def dtypes_of(df: pd.DataFrame) -> Dtypes:
    """[[column, dtype name], ...] in column order, for :func:`restore_dtypes`."""
    return [[str(c), str(t)] for c, t in df.dtypes.items()]


def restore_dtypes(df: pd.DataFrame, dtypes: Dtypes) -> pd.DataFrame:
    """Cast the columns whose dtype Parquet did not bring back (e.g. ``object`` strings)."""
    names = [c for c, _ in dtypes]
    if [str(c) for c in df.columns] != names:
        raise ValueError(f"columns {list(df.columns)} differ from the recorded {names}")
    wrong = {c: t for c, t in dtypes if str(df[c].dtype) != t}
    return df.astype(wrong) if wrong else df


def read_table_bytes(
    data: bytes,
    dtypes: Dtypes | None = None,
    where: tuple[str, Sequence] | None = None,
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Parse Parquet bytes back into the DataFrame :func:`table_bytes` wrote; ``where``
    (column, values): only the rows whose column is one of the values, in the file's order
    (filtered in Arrow, so that only those rows become Python objects); ``columns``: only
    these columns, in this order (the others are not decoded)."""
    if columns is not None:
        columns = list(columns)
        if dtypes is not None:
            known = dict(dtypes)
            missing = [c for c in columns if c not in known]
            if missing:
                raise ValueError(f"no column(s) {missing}")
            dtypes = [(c, known[c]) for c in columns]
    # ParquetFile.read skips the dataset layer of pq.read_table: much faster on small files
    file = pq.ParquetFile(pa.BufferReader(data))
    table = file.read(columns=columns, use_threads=False)
    if columns is not None:
        table = table.select(columns)
    if where is not None:
        column, values = where
        keep = pa.array([str(v) for v in values], type=pa.string())
        table = table.filter(pc.is_in(table[column].cast(pa.string()), value_set=keep))
    pandas_meta = json.loads((table.schema.metadata or {}).get(b"pandas", b"{}"))
    # no stored index: the default one, and the recorded dtypes replace pandas' metadata
    plain = dtypes is not None and not pandas_meta.get("index_columns")
    df = table.to_pandas(ignore_metadata=plain)
    if where is not None:  # the whole file was decoded to filter it: give that memory back
        del table
        pa.default_memory_pool().release_unused()
    return restore_dtypes(df, dtypes) if dtypes is not None else df


@functools.lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (macOS, musl): nothing to give back this way
        return None


def give_back_memory() -> None:
    """Return memory freed so far to the operating system. Two allocators hold it otherwise:
    Arrow's pool keeps the pages of freed text columns (pandas' ``str`` columns live there) and
    glibc's malloc the freed blocks of NumPy arrays and Python objects, and neither reuses the
    other's, so what one stage freed in one sat idle while the next grew in the other. The
    pipeline calls it after each stage (issue #15 target 3: the peak of ``analysis tables`` at
    10,000 articles, docs/PERFORMANCE.md). Changes no value; no-op where there is no
    ``malloc_trim``."""
    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def temp_name(path: Path) -> Path:
    """A temporary name beside ``path``, unique to this call: processes that write the same file
    at once (notebooks run in parallel) never write into each other's temporary file."""
    return path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")


def write_bytes(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a unique temporary name and an atomic rename."""
    tmp = temp_name(path)
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return path


# --- entries -------------------------------------------------------------------------------


def store(
    cache_dir: str | Path,
    kind: str,
    key: str,
    tables: Mapping[str, pd.DataFrame],
    info: Mapping | None = None,
) -> Path | None:
    """Write ``tables`` as one entry (kept if a complete one exists: the key fixes the
    content; a broken leftover is replaced); return its folder, or None
    (with a :class:`CacheWarning`) when the cache folder cannot be written: a cache that
    cannot be filled slows the next run down but never stops this one."""
    final = entry_dir(cache_dir, kind, key)
    try:
        return _store(final, kind, key, tables, info)
    except OSError as exc:
        warnings.warn(f"cannot write cache entry {final} ({exc})", CacheWarning, stacklevel=2)
        return None


def _store(
    final: Path, kind: str, key: str, tables: Mapping[str, pd.DataFrame], info: Mapping | None
) -> Path:
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(f".{key}.{uuid.uuid4().hex}.tmp")
    tmp.mkdir()
    try:
        index = {}
        for name, df in tables.items():
            if not name.isidentifier():
                raise ValueError(f"bad table name {name!r}")
            data = table_bytes(df)
            (tmp / f"{name}.parquet").write_bytes(data)
            index[name] = {
                "file": f"{name}.parquet",
                "bytes": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
                "rows": len(df),
                "dtypes": dtypes_of(df),
            }
        meta = {"format": FORMAT, "kind": kind, "key": key, "info": dict(info or {})}
        meta["tables"] = index
        (tmp / META).write_text(json.dumps(meta, indent=1), "utf-8")  # keeps table order
        if (final / META).is_file():
            # written meanwhile by a concurrent run: the key fixes the content, so keep that
            # entry; replacing it could pull it from under a reader
            return final
        if final.exists():  # a broken leftover
            shutil.rmtree(final, ignore_errors=True)
        try:
            os.rename(tmp, final)
        except OSError:
            if not (final / META).is_file():  # not a concurrent writer of the same entry
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return final


def _meta(folder: Path) -> dict | None:
    """The entry's index, None when the entry does not exist; raises ValueError when broken."""
    try:
        text = (folder / META).read_text("utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read {META}: {exc}") from None
    try:
        meta = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{META} is not valid JSON ({exc})") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ValueError(f"{META} has an unknown format")
    tables = meta.get("tables")
    if not isinstance(tables, dict) or not all(
        isinstance(t, dict) and {"file", "bytes", "sha256", "dtypes"} <= set(t)
        for t in tables.values()
    ):
        raise ValueError(f"{META} lacks the table index")
    return meta


def _checked_bytes(folder: Path, name: str, entry: Mapping) -> bytes:
    file = str(entry["file"])
    if Path(file).name != file or not file.endswith(".parquet"):
        raise ValueError(f"{META} names a bad file {file!r}")
    try:
        data = (folder / file).read_bytes()
    except OSError as exc:
        raise ValueError(f"table {name}: cannot read {file} ({exc.strerror})") from None
    if len(data) != entry["bytes"]:
        raise ValueError(f"table {name}: {file} has {len(data)} bytes, expected {entry['bytes']}")
    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
        raise ValueError(f"table {name}: {file} does not match its sha256")
    return data


def _discard(folder: Path, problem: str) -> None:
    warnings.warn(
        f"cache entry {folder} is unusable ({problem}); recomputing it", CacheWarning, stacklevel=3
    )
    shutil.rmtree(folder, ignore_errors=True)


def load(cache_dir: str | Path, kind: str, key: str) -> dict[str, pd.DataFrame] | None:
    """The tables of an entry, or None when it is absent or unusable (then with a warning)."""
    folder = entry_dir(cache_dir, kind, key)
    try:
        meta = _meta(folder)
        if meta is None:
            return None
        out = {}
        for name, entry in meta["tables"].items():
            data = _checked_bytes(folder, name, entry)
            try:
                out[name] = read_table_bytes(data, entry["dtypes"])
            except (pa.ArrowException, OSError, TypeError, ValueError) as exc:
                raise ValueError(f"table {name}: unreadable Parquet ({exc})") from None
        return out
    except ValueError as exc:
        _discard(folder, str(exc))
        return None


def entry_index(cache_dir: str | Path, kind: str, key: str) -> tuple[Path, dict] | None:
    """The folder and ``meta.json`` of an entry, without reading any table (for reading its
    tables one at a time with :func:`read_entry_table`); None when absent or unusable (then
    with a warning)."""
    folder = entry_dir(cache_dir, kind, key)
    try:
        meta = _meta(folder)
    except ValueError as exc:
        _discard(folder, str(exc))
        return None
    return None if meta is None else (folder, meta)


def read_entry_table(
    folder: Path,
    name: str,
    entry: Mapping,
    where: tuple[str, Sequence] | None = None,
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """One table of an entry (``entry``: its item of the index :func:`entry_index` returns),
    checked against its size and sha256; ValueError naming the file when it is unusable.
    ``where``, ``columns``: only some rows, some columns (:func:`read_table_bytes`)."""
    data = _checked_bytes(folder, name, entry)
    try:
        return read_table_bytes(data, entry["dtypes"], where, columns)
    except (pa.ArrowException, OSError, TypeError, ValueError) as exc:
        raise ValueError(f"{folder / name}: unreadable Parquet ({exc})") from None


class CachedFile(NamedTuple):
    """A verified table file of an entry."""

    path: Path
    dtypes: Dtypes
    rows: int


def files(cache_dir: str | Path, kind: str, key: str) -> dict[str, CachedFile] | None:
    """The verified Parquet files of an entry (table -> :class:`CachedFile`), for copying
    without parsing; None when absent or unusable (then with a warning)."""
    folder = entry_dir(cache_dir, kind, key)
    try:
        meta = _meta(folder)
        if meta is None:
            return None
        out = {}
        for name, entry in meta["tables"].items():
            data = _checked_bytes(folder, name, entry)
            if data[:4] != b"PAR1" or data[-4:] != b"PAR1":
                raise ValueError(f"table {name}: not a Parquet file")
            rows = int(entry.get("rows", -1))
            out[name] = CachedFile(folder / entry["file"], entry["dtypes"], rows)
        return out
    except ValueError as exc:
        _discard(folder, str(exc))
        return None


def clear_cache(cache_dir: str | Path | None = None) -> int:
    """Delete every entry under ``cache_dir`` (default: :func:`default_cache_dir`); return how
    many entries were removed. Only folders this module writes are touched."""
    root = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    if not root.is_dir():
        return 0
    n = 0
    for kind in sorted(root.iterdir()):
        if not (kind.is_dir() and kind.name.isidentifier()):
            continue
        for shard in sorted(kind.iterdir()):
            if not (shard.is_dir() and len(shard.name) == 2):
                continue
            for entry in sorted(shard.iterdir()):
                if entry.is_dir():
                    n += (entry / META).is_file()
                    shutil.rmtree(entry, ignore_errors=True)
            if not any(shard.iterdir()):
                shard.rmdir()
        if not any(kind.iterdir()):
            kind.rmdir()
    return n

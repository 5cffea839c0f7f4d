"""The table gate: every table byte-identical before and after a change that keeps the method.

Builds every pipeline table on four corpora and records the SHA-256 of each CSV:

- ``seeds``: data/raw/seeds with the shipped story catalog (named: no catalog means discovery);
- ``second``: data/raw/second with its own catalog;
- ``generated``: bench/corpus.py's generated corpus of 300 articles (seed 0);
- ``nfc``: the first 60 articles of the Narrative Frames Corpus (../shared/narrative-frames).

Usage:
    python bench/gate.py save REF.json     # before the change
    python bench/gate.py check REF.json    # after: lists every table that differs, exit 1 if any
    python bench/gate.py check REF.json --keep DIR   # also keep the CSVs (to diff them)

The tables are built through :func:`build` alone, so a change of the pipeline's call signature
changes this one function.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import corpus as generated  # noqa: E402
import nfc  # noqa: E402

from analysis.params import Params  # noqa: E402
from analysis.pipeline import build_tables, write_tables  # noqa: E402


def build(corpus: Path, out: Path, catalog: Path | None = None) -> None:
    """Every table of ``corpus`` (default parameters, ``catalog`` when given) into ``out``."""
    params = Params(corpus=str(corpus), catalog=None if catalog is None else str(catalog))
    write_tables(build_tables(params), out)


def corpora(work: Path) -> dict[str, tuple[Path, Path | None]]:
    """Name -> (corpus path, catalog or None); generated inputs are written under ``work``."""
    gen = generated.generate(300, seed=0)[0]
    gen_path = work / "generated.parquet"
    gen.to_parquet(gen_path, index=False)
    nfc_path = nfc.write_jsonl(nfc.nfc_articles(n=60), work / "nfc60.jsonl")
    # the story catalog named explicitly: without one a run discovers the actors (issue #16)
    story = ROOT / "src/analysis/data/actors_ukraine_energy_pause.yaml"
    return {
        "seeds": (ROOT / "data/raw/seeds", story),
        "second": (ROOT / "data/raw/second", ROOT / "src/analysis/data/actors_second.yaml"),
        "generated": (gen_path, story),
        "nfc": (nfc_path, story),
    }


def digests(keep: Path | None = None) -> dict[str, str]:
    """``corpus/table.csv`` -> SHA-256 for every table of every gate corpus."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        out_root = keep or work / "out"
        found = {}
        for name, (path, catalog) in corpora(work).items():
            out = out_root / name
            build(path, out, catalog)
            for csv in sorted(out.glob("*.csv")):
                found[f"{name}/{csv.name}"] = hashlib.sha256(csv.read_bytes()).hexdigest()
        return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("save", "check"))
    parser.add_argument("ref", type=Path)
    parser.add_argument("--keep", type=Path, default=None, help="keep the CSVs in this folder")
    args = parser.parse_args()
    found = digests(args.keep)
    if args.action == "save":
        args.ref.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n")
        print(f"saved {len(found)} tables to {args.ref}")
        return 0
    ref = json.loads(args.ref.read_text())
    differ = sorted(k for k in ref.keys() | found.keys() if ref.get(k) != found.get(k))
    for key in differ:
        state = "missing now" if key not in found else "new" if key not in ref else "differs"
        print(f"  {key}: {state}")
    print(f"{len(found)} tables, {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())

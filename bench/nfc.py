"""The Narrative Frames Corpus (../shared/narrative-frames/) as a corpus table the toolkit reads.

Frermann, Li, Khanehzar & Mikolajczak (ACL 2023), MIT licence: 428 climate-change articles from
63 outlet spellings, with a Media Bias/Fact Check group, a date and five frame labels coded by
trained coders. The text stays in ../shared/: this module only reads it and writes a JSONL copy
into a scratch folder (never into the project).

:func:`nfc_articles` returns one row per article with the columns the loader knows (``id``,
``text``, ``outlet``, ``published``) plus ``mbfc`` and the labels ``RE``, ``HI``, ``CO``,
``MO``, ``EC`` (booleans; <NA> where the corpus has none). ``id`` is ``nfc-<ID>``.

Usage: python bench/nfc.py OUT.jsonl [--n N]   (the first N articles by ID; default all)
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the project; from a git worktree (/work/wt/NAME) the nearest ancestor's shared/
NFC_DIR = next(
    (d / "shared" / "narrative-frames" for d in ROOT.parents if (d / "shared").is_dir()),
    ROOT.parent / "shared" / "narrative-frames",
)
LABELS = ("RE", "HI", "CO", "MO", "EC")


def _label(value: object) -> object:
    text = str(value).strip().rstrip(")").strip().lower()
    return {"true": True, "false": False}.get(text, pd.NA)


def nfc_articles(path: Path | None = None, n: int | None = None) -> pd.DataFrame:
    """The corpus's articles (first ``n`` by ID when given), columns as in the module docstring."""
    tsv = Path(path or NFC_DIR / "articles_metadata.tsv")
    if not tsv.is_file():
        raise FileNotFoundError(f"{tsv}: the Narrative Frames Corpus is not there (../shared)")
    raw = pd.read_csv(tsv, sep="\t", dtype=str, keep_default_na=False)
    raw = raw.assign(_id=raw["ID"].astype(int)).sort_values("_id", kind="stable")
    if n is not None:
        raw = raw.head(n)
    out = pd.DataFrame(
        {
            "id": "nfc-" + raw["ID"].str.strip(),
            "text": raw["text"],
            "outlet": raw["source"].str.strip(),
            "published": raw["date"].str.strip(),
            "mbfc": raw["mbfc"].str.strip(),
        }
    )
    for name in LABELS:
        out[name] = raw[name].map(_label).astype("boolean")
    return out.reset_index(drop=True)


def write_jsonl(df: pd.DataFrame, out: Path) -> Path:
    """Write ``df`` as JSONL (one article per line, UTF-8) and return the path."""
    out.parent.mkdir(parents=True, exist_ok=True)
    df.to_json(out, orient="records", lines=True, force_ascii=False)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--n", type=int, default=None)
    args = parser.parse_args()
    path = write_jsonl(nfc_articles(n=args.n), args.out)
    print(path)


if __name__ == "__main__":
    main()

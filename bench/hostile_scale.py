"""Scale cases of the hostile-input issue (#20): two corpora that must finish ``tables`` in
under 60 s, generated here and timed through the command line.

- ``tiny``: 10,000 one-sentence articles from 20 outlets (sentences built from templates,
  names, places and numbers; every article different);
- ``wire``: one wire story (written for this benchmark, about 300 words, quotes from catalog
  actors) syndicated 1,000 times across 20 outlets: each copy keeps the story, with a changed
  headline, sometimes a dropped or reordered paragraph, an outlet footer line, and an
  occasional changed word.

Both are JSONL tables (``id``, ``outlet``, ``published``, ``text``). Each is run with
``python -m analysis tables --corpus ... --out ...`` in a subprocess; the seeds corpus is run
the same way first, as the baseline measured under the same load (2 shared cores: compare
ratios). Prints one line per corpus: articles, seconds, ratio to the seeds run, and whether it
is under the 60 s target.

Usage: python bench/hostile_scale.py [--only tiny|wire] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 60.0

OUTLETS = [f"Outlet {c}" for c in "ABCDEFGHIJKLMNOPQRST"]
NAMES = ["Volodymyr Zelensky", "Dmitry Peskov", "Donald Trump", "Sergei Lavrov", "Anna Weber"]
PLACES = ["Kyiv", "Moscow", "Geneva", "Riga", "Warsaw", "Brussels", "Ankara", "Vienna"]
VERBS = ["said", "told reporters", "claimed", "insisted", "noted", "warned"]
TOPICS = [
    "the energy pause would hold for {n} days",
    "talks would resume in {place} within {n} days",
    "{n} power stations had been repaired overnight",
    "the ceasefire proposal needed {n} more signatures",
    "prices for gas had risen by {n} percent this week",
    "the grid operator expected {n} hours of outages",
]

WIRE = [
    "Officials in {place} said on Tuesday that a one-week pause in strikes on energy targets "
    "had held overnight, the first quiet night for the grid in several weeks.",
    "“We will respect the arrangement as long as the other side does,” Dmitry Peskov told "
    "reporters in Moscow, adding that the pause could be extended.",
    "Volodymyr Zelensky said Ukraine would respond in kind if the strikes stopped, but warned "
    "that repairs to damaged power stations would take months.",
    "Engineers worked through the night to restore supplies to hospitals and water pumps, the "
    "national grid operator said in a statement.",
    "Donald Trump claimed the talks were going very well and that a wider agreement could be "
    "reached before the end of the month.",
    "Analysts cautioned that earlier pauses had collapsed within days, and that both sides had "
    "used them to regroup.",
    "Sergei Lavrov said negotiators would meet again next week, without naming a place.",
    "The European Union welcomed the pause and said it was ready to fund emergency repairs.",
]
HEADLINES = [
    "Energy pause holds overnight",
    "Quiet night for the grid as pause holds",
    "Pause in energy strikes holds, officials say",
    "Grid gets a break as strikes pause",
]
SWAPS = {"said": "stated", "warned": "cautioned", "week": "seven days", "talks": "negotiations"}


def tiny_rows(n: int = 10_000, seed: int = 0) -> list[dict]:
    """``n`` one-sentence articles, every one different."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        topic = rng.choice(TOPICS).format(n=rng.randint(2, 999), place=rng.choice(PLACES))
        text = f"{rng.choice(NAMES)} {rng.choice(VERBS)} in {rng.choice(PLACES)} that {topic}."
        rows.append(
            {
                "id": f"tiny-{i:05d}",
                "outlet": OUTLETS[i % len(OUTLETS)],
                "published": f"2026-11-{1 + i % 28:02d}",
                "text": text,
            }
        )
    return rows


def wire_rows(n: int = 1_000, seed: int = 0) -> list[dict]:
    """``n`` syndicated copies of the one wire story across the outlets."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        outlet = OUTLETS[i % len(OUTLETS)]
        paras = [p.format(place=PLACES[i % len(PLACES)]) for p in WIRE]
        if rng.random() < 0.3:
            del paras[rng.randrange(2, len(paras))]
        if rng.random() < 0.2:
            j = rng.randrange(2, len(paras) - 1)
            paras[j], paras[j + 1] = paras[j + 1], paras[j]
        if rng.random() < 0.3:
            old, new = rng.choice(sorted(SWAPS.items()))
            k = rng.randrange(len(paras))
            paras[k] = paras[k].replace(f" {old} ", f" {new} ", 1)
        footer = f"Reporting by the wire desk; edited by {outlet}."
        text = "\n\n".join([rng.choice(HEADLINES), *paras, footer]) + "\n"
        rows.append(
            {
                "id": f"wire-{i:04d}",
                "outlet": outlet,
                "published": f"2026-12-{1 + i % 5:02d}",
                "text": text,
            }
        )
    return rows


def write_jsonl(rows: list[dict], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def time_tables(corpus: Path, out: Path) -> tuple[float, str]:
    """Seconds of ``python -m analysis tables`` on ``corpus``, and its 'inputs:' line."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "tables", "--corpus", str(corpus), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"tables failed on {corpus}: {proc.stderr.strip()[-500:]}")
    inputs = next((x for x in proc.stdout.splitlines() if x.startswith("inputs:")), "")
    return seconds, inputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("tiny", "wire"))
    parser.add_argument("--keep", help="folder to keep the corpora and the tables in")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.keep) if args.keep else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        base, _ = time_tables(ROOT / "data" / "raw" / "seeds", work / "seeds-out")
        print(f"baseline: seeds (5 articles) {base:.1f} s")
        corpora = {"tiny": tiny_rows, "wire": wire_rows}
        failed = 0
        for name, rows in corpora.items():
            if args.only and name != args.only:
                continue
            corpus = write_jsonl(rows(), work / f"{name}.jsonl")
            seconds, inputs = time_tables(corpus, work / f"{name}-out")
            verdict = "under" if seconds < TARGET_SECONDS else "OVER"
            failed += seconds >= TARGET_SECONDS
            print(
                f"{name}: {inputs}; tables {seconds:.1f} s (x{seconds / base:.1f} the seeds run), "
                f"{verdict} the {TARGET_SECONDS:.0f} s target"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

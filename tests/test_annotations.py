"""Consistency checks for the hand-made gold annotations in tests/annotations/.

Each row must slice the seed article text exactly, use the catalog's actor names and valid kinds,
and not overlap another span in the same file. The split into dev and held-out files must hold.
"""

import csv
import itertools
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ANN = ROOT / "tests" / "annotations"
SEEDS = ROOT / "data" / "raw" / "seeds"

CATALOG = {
    "Donald Trump", "Vladimir Putin", "Volodymyr Zelensky", "Dmitry Peskov", "Sergei Lavrov",
    "Yuri Ushakov", "Steve Witkoff", "Marco Rubio", "Iuliia Mendel", "Antonio Guterres",
    "Olaf Scholz", "Emmanuel Macron", "Joe Biden", "Kremlin", "White House",
    "European Commission", "United Nations", "NATO",
}  # fmt: skip
MENTION_COLS = ["article_id", "start", "end", "surface", "actor", "kind"]
QUOTE_COLS = ["article_id", "start", "end", "text", "kind", "speaker", "cue", "speaker_resolution"]
DEV = {"000_72b7cec255c1ca4b", "002_f58328f3192bf3fb", "003_e5117bb0523b37ae"}
HELDOUT = {"001_1ff354bf2658dffe", "004_eceacf2266908767"}
FILES = {
    "mentions_dev.csv": (MENTION_COLS, DEV),
    "mentions_heldout.csv": (MENTION_COLS, HELDOUT),
    "quotes_dev.csv": (QUOTE_COLS, DEV),
    "quotes_heldout.csv": (QUOTE_COLS, HELDOUT),
}
EXPECTED_ROWS = {
    "mentions_dev.csv": 86,
    "mentions_heldout.csv": 50,
    "quotes_dev.csv": 14,
    "quotes_heldout.csv": 15,
}


def _read(name: str) -> tuple[list[str], list[dict[str, str]]]:
    with open(ANN / name, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _text(article_id: str) -> str:
    return (SEEDS / f"{article_id}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(FILES))
def test_file_shape_and_spans(name: str) -> None:
    cols, ids = FILES[name]
    header, rows = _read(name)
    assert header == cols
    assert len(rows) == EXPECTED_ROWS[name]
    text_col = "surface" if name.startswith("mentions") else "text"
    spans: dict[str, list[tuple[int, int]]] = {}
    for row in rows:
        aid = row["article_id"]
        assert aid in ids, f"{name}: {aid} belongs to the other split"
        start, end = int(row["start"]), int(row["end"])
        assert 0 <= start < end
        assert _text(aid)[start:end] == row[text_col], f"{name}: bad slice {row}"
        spans.setdefault(aid, []).append((start, end))
    for aid, sp in spans.items():
        sp.sort()
        for (s1, e1), (s2, e2) in itertools.pairwise(sp):
            assert e1 <= s2, f"{name}: overlapping spans in {aid}: {(s1, e1)} {(s2, e2)}"
    assert set(spans) == ids, f"{name}: every article of the split must have rows"


def test_mention_values() -> None:
    counts: Counter[tuple[str, str, str]] = Counter()
    for name in ("mentions_dev.csv", "mentions_heldout.csv"):
        for row in _read(name)[1]:
            assert row["actor"] in CATALOG, row
            assert row["kind"] in {"name", "title"}, row
            # a name mention never starts with a determiner or ends with a possessive
            assert not row["surface"].lower().startswith(("the ", "a ", "his ")), row
            assert not row["surface"].endswith(("’s", "'s")), row
            counts[(row["article_id"], row["actor"], row["kind"])] += 1
    for key in sorted(counts):
        print("mention", *key, counts[key])


def test_quote_values() -> None:
    counts: Counter[tuple[str, str]] = Counter()
    for name in ("quotes_dev.csv", "quotes_heldout.csv"):
        for row in _read(name)[1]:
            assert row["kind"] in {"statement", "fragment", "scare"}, row
            assert row["speaker_resolution"] in {"name", "pronoun", "title", "none"}, row
            if row["kind"] == "scare":
                assert row["speaker"] == "" and row["cue"] == "", row
            else:
                assert row["speaker"], row
            # the span lies directly inside a pair of quotation marks
            text = _text(row["article_id"])
            start, end = int(row["start"]), int(row["end"])
            assert text[start - 1] in '"“' and text[end] in '"”', row
            counts[(row["article_id"], row["kind"])] += 1
    for key in sorted(counts):
        print("quote", *key, counts[key])

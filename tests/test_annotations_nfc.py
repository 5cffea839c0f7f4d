"""Consistency checks for the hand-made gold on six Narrative Frames Corpus stories (A-F).

The gold (tests/annotations/nfc/, rules in CONVENTIONS.md) holds labels and character offsets into
the `text` field of ../shared/narrative-frames/articles_metadata.tsv, never article text. These
tests read the texts from ../shared and check that every span lies inside its article, is
non-empty and does not overlap another span where the rules forbid it, that quote spans have no
quotation mark or space at their ends and sit next to a mark, that the labels take their allowed
values, that the split holds, and that the actor tables agree with the mention files. They print
the counts (run with -s to see them).
"""

from __future__ import annotations

import csv
import itertools
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "annotations" / "nfc"
# ../shared beside a clone (CI), or two levels up for a worktree under /work/wt/NAME
CANDIDATES = [ROOT.parent / "shared", ROOT.parent.parent / "shared"]
TSV = next(
    (c / "narrative-frames" / "articles_metadata.tsv" for c in CANDIDATES if c.is_dir()),
    CANDIDATES[0] / "narrative-frames" / "articles_metadata.tsv",
)

STORY_COLS = ["story", "nfc_id", "outlet", "date", "split"]
QUOTE_COLS = [
    "nfc_id", "quote_start", "quote_end", "kind", "speaker", "speaker_type",
    "speaker_start", "speaker_end", "cue", "cue_start", "cue_end",
]  # fmt: skip
MENTION_COLS = ["nfc_id", "actor", "actor_type", "start", "end", "kind"]
ACTOR_COLS = ["story", "actor", "actor_type", "articles", "mentions"]
SPLITS = {
    "dev": "A",
    "heldout": "B",
    "heldout2": "C",
    "heldout3": "D",
    "heldout4": "E",
    "heldout5": "F",
    "heldout6": "G",
    "heldout7": "H",
    "heldout8": "I",
    "heldout9": "J",
    "heldout10": "K",
}
MARKS = "\"'"
ENTITIES = ("&apos;", "&#39;", "&quot;")  # marks written as HTML entities (rule 53)


def _read(name: str) -> tuple[list[str], list[dict[str, str]]]:
    with open(GOLD / name, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    if not TSV.is_file():
        pytest.skip(f"{TSV}: the Narrative Frames Corpus (../shared) is not here")
    raw = pd.read_csv(TSV, sep="\t", dtype=str, keep_default_na=False)
    return dict(zip(raw["ID"].str.strip(), raw["text"], strict=True))


@pytest.fixture(scope="module")
def stories() -> list[dict[str, str]]:
    header, rows = _read("stories.csv")
    assert header == STORY_COLS
    return rows


def _splits_present() -> list[str]:
    return [s for s in SPLITS if (GOLD / f"quotes_{s}.csv").is_file()]


def _ids(stories: list[dict[str, str]], split: str) -> set[str]:
    return {r["nfc_id"] for r in stories if r["split"] == split}


def test_stories(stories: list[dict[str, str]], texts: dict[str, str]) -> None:
    ids = [r["nfc_id"] for r in stories]
    assert len(ids) == len(set(ids)), "an article is listed twice"
    for row in stories:
        assert row["nfc_id"] in texts, row
        assert row["split"] in SPLITS and row["story"] == SPLITS[row["split"]], row
    for split in SPLITS:
        n = len(_ids(stories, split))
        outlets = {r["outlet"] for r in stories if r["split"] == split}
        print(f"story {SPLITS[split]} ({split}): {n} articles, {len(outlets)} outlet spellings")


@pytest.mark.parametrize("split", _splits_present())
def test_quotes(split: str, stories: list[dict[str, str]], texts: dict[str, str]) -> None:
    header, rows = _read(f"quotes_{split}.csv")
    assert header == QUOTE_COLS
    ids = _ids(stories, split)
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    kinds: Counter[str] = Counter()
    speakers: Counter[str] = Counter()
    for row in rows:
        aid = row["nfc_id"]
        assert aid in ids, f"quotes_{split}: {aid} is not a {split} article"
        text = texts[aid]
        start, end = int(row["quote_start"]), int(row["quote_end"])
        assert 0 < start < end < len(text), row
        span = text[start:end]
        assert span.strip() == span, f"space at the ends of {row}"
        assert span[0] not in '"' and span[-1] not in '"', f"quotation mark at the ends of {row}"
        if text[start - 1] == "'":  # a single-quoted span never keeps its own marks
            assert span[0] != "'" and span[-1] != "'", row
        before, after = text[:start].rstrip()[-1:], text[end:].lstrip()[:1]
        entity = text[:start].rstrip().endswith(ENTITIES) or text[end:].lstrip().startswith(
            ENTITIES
        )
        assert before in MARKS or after in MARKS or entity, f"no quotation mark next to {row}"
        spans[aid].append((start, end))
        kind = row["kind"]
        assert kind in {"statement", "fragment", "scare"}, row
        kinds[kind] += 1
        sstart, send = int(row["speaker_start"]), int(row["speaker_end"])
        cstart, cend = int(row["cue_start"]), int(row["cue_end"])
        if kind == "scare":
            assert row["speaker"] == row["speaker_type"] == row["cue"] == "", row
            assert sstart == send == cstart == cend == -1, row
            continue
        assert row["speaker"], row
        assert row["speaker_type"] in {"person", "organisation", "category"}, row
        is_category = row["speaker"] in {"unnamed_source", "unattributed"}
        assert is_category == (row["speaker_type"] == "category"), row
        if row["speaker"] == "unattributed":
            assert sstart == send == -1, row
        speakers[row["speaker"]] += 1
        for s, e in ((sstart, send), (cstart, cend)):
            assert (s, e) == (-1, -1) or 0 <= s < e <= len(text), row
            assert (s, e) == (-1, -1) or not (start <= s < end), f"span inside the quote: {row}"
        assert row["cue"] == (text[cstart:cend] if cstart >= 0 else ""), row
    for aid, sp in spans.items():
        sp.sort()
        for (s1, e1), (s2, e2) in itertools.pairwise(sp):
            assert e1 <= s2, f"quotes_{split}: overlapping quotes in {aid}: {(s1, e1)} {(s2, e2)}"
    print(f"quotes_{split}: {len(rows)} in {len(spans)} articles; {dict(kinds)}")
    print(f"quotes_{split}: top speakers {speakers.most_common(8)}")


@pytest.mark.parametrize("split", _splits_present())
def test_mentions_and_actors(
    split: str, stories: list[dict[str, str]], texts: dict[str, str]
) -> None:
    header, rows = _read(f"mentions_{split}.csv")
    assert header == MENTION_COLS
    ids = _ids(stories, split)
    by_article: dict[str, dict[tuple[int, int], set[str]]] = defaultdict(dict)
    types: dict[str, str] = {}
    counts: Counter[str] = Counter()
    articles: dict[str, set[str]] = defaultdict(set)
    kinds: Counter[str] = Counter()
    for row in rows:
        aid = row["nfc_id"]
        assert aid in ids, f"mentions_{split}: {aid} is not a {split} article"
        text = texts[aid]
        start, end = int(row["start"]), int(row["end"])
        assert 0 <= start < end <= len(text), row
        span = text[start:end]
        assert span.strip() == span and span[0] not in MARKS, row
        assert not span.lower().startswith(("the ", "a ", "his ", "her ")), row
        assert not span.endswith(("'s", "’s")), row
        assert row["kind"] in {"name", "title"}, row
        assert row["actor_type"] in {"person", "organisation"}, row
        assert types.setdefault(row["actor"], row["actor_type"]) == row["actor_type"], row
        actors_here = by_article[aid].setdefault((start, end), set())
        assert row["actor"] not in actors_here, f"duplicate mention {row}"
        actors_here.add(row["actor"])
        counts[row["actor"]] += 1
        articles[row["actor"]].add(aid)
        kinds[row["kind"]] += 1
    for aid, spans in by_article.items():
        # two actors may share one span ("the US and French presidents"); no partial overlaps
        for (s1, e1), (s2, e2) in itertools.pairwise(sorted(spans)):
            assert e1 <= s2, f"mentions_{split}: overlapping spans in {aid}: {(s1, e1)} {(s2, e2)}"
    assert set(by_article) <= ids
    # an article may mention no actor at all (an op-ed: a true negative); list them
    empty = sorted(ids - set(by_article), key=int)
    assert len(empty) <= len(ids) // 5, f"mentions_{split}: too many articles without mentions"

    header, actor_rows = _read(f"actors_{split}.csv")
    assert header == ACTOR_COLS
    table = {r["actor"]: r for r in actor_rows}
    assert len(table) == len(actor_rows), "an actor is listed twice"
    assert set(table) == set(counts), "actors table and mention file name different actors"
    for name, r in table.items():
        assert r["story"] == SPLITS[split], r
        assert r["actor_type"] == types[name], r
        assert int(r["mentions"]) == counts[name], r
        assert int(r["articles"]) == len(articles[name]), r
    n_speakers = {r["speaker"] for r in _read(f"quotes_{split}.csv")[1] if r["speaker"]}
    missing = n_speakers - set(table) - {"unnamed_source", "unattributed"} - {""}
    assert all(r.endswith(" government") for r in missing), f"speakers not in the cast: {missing}"
    three = sum(1 for c in counts.values() if c >= 3)
    print(
        f"mentions_{split}: {len(rows)} ({dict(kinds)}) in {len(by_article)} articles; "
        f"{len(table)} actors, {three} mentioned 3+ times; no actor in {empty}"
    )


@pytest.mark.parametrize("split", list(SPLITS))
def test_validate_actors_loads_split(split: str, texts: dict[str, str]) -> None:
    """validate/actors.py --split SPLIT loads its story: the articles of stories.csv with the
    corpus text the offsets index, and gold spans that lie inside that text and are non-empty.
    Loading only: no instrument (quotes, mentions, discovery) runs here."""
    import importlib.util

    from analysis.actors import load_catalog

    spec = importlib.util.spec_from_file_location(
        "validate_actors", ROOT / "validate" / "actors.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert split in module.SPLITS
    articles, quotes, mentions, story = module.load_split(split)
    assert story == SPLITS[split]
    _, rows = _read("stories.csv")
    assert set(articles["article_id"]) == {r["nfc_id"] for r in rows if r["split"] == split}
    text = dict(zip(articles["article_id"], articles["text"], strict=True))
    assert all(text[a] == texts[a] for a in text), "validate/actors.py reads another text"
    spans = [(q.nfc_id, q.quote_start, q.quote_end) for q in quotes.itertuples()]
    for q in quotes.itertuples():
        for s, e in ((q.speaker_start, q.speaker_end), (q.cue_start, q.cue_end)):
            if (s, e) != (-1, -1):
                spans.append((q.nfc_id, s, e))
    spans += [(m.nfc_id, m.start, m.end) for m in mentions.itertuples()]
    for aid, s, e in spans:
        assert 0 <= int(s) < int(e) <= len(text[aid]), (split, aid, s, e)
        assert text[aid][int(s) : int(e)].strip(), (split, aid, s, e)
    catalog = load_catalog(GOLD / f"catalog_{story}.yaml")  # the hand catalog the scorer uses
    assert len(catalog) > 0
    if split in (
        "heldout2",
        "heldout3",
        "heldout4",
        "heldout5",
        "heldout6",
        "heldout7",
        "heldout8",
        "heldout10",
    ):  # catalogs C, D, E, F, G, H, I and K list every actor of their gold
        assert set(mentions["actor"]) == set(catalog["actor"])

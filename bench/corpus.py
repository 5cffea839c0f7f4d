"""Generate a realistic benchmark corpus from the real sentences of the bundled corpora.

Source material: the paragraphs (lines) of data/raw/seeds and data/raw/second, split into
sentences by analysis.segment. Each generated article belongs to a *story* (a topic = one source
event, plus a story number used as ``event``, about 40 articles per story), draws 60-100 % as
many paragraphs as a source article of its topic, in source order, and rewrites every sentence
with systematic, seeded variation:

- names: every person name of the actor catalogs (full name or surname) is mapped, per article,
  to itself, to another catalog person, or to a generated name (first x last name lists);
- numbers: every number gets a new value with the same number of digits (years stay plausible);
- places and weekdays: swapped from lists;
- words: synonym substitution (about 60 news verbs/nouns/adjectives, each occurrence with
  probability 0.5);
- clauses: an opening "On Tuesday, ..." clause may be moved to the end; then one of: a
  time-and-place opening clause ("At 3:41 on Friday in Riga, ..."), an attribution tail
  (", Anna K. Weber in Kyiv said."), or a new speaker for a quotation.

Some articles (2 %) are paraphrases of an earlier article of the same story (heavier synonym
substitution, same paragraph order): they are what rewrite detection should find. Boilerplate
lines of the sources (newsletter, subscription notice, comment form) come along with their
paragraphs, so cleaning has real work to do.

Output: a pandas DataFrame with columns ``id``, ``text``, ``outlet``, ``event``, ``published``,
``headline_in_text``; :func:`duplicate_share` measures the share of generated sentences that
repeat an earlier one (the generator keeps it under 5 % so that caching cannot flatter a
benchmark). Deterministic: the same ``n`` and ``seed`` give the same table.

With ``--sources nfc`` the source material is instead the 428 real climate-change articles of the
Narrative Frames Corpus (../shared/narrative-frames, read only; one story per month of
publication), for corpus-level stages measured on real text of one broad topic.

Usage: python bench/corpus.py N [--seed 0] [--sources seeds|nfc]
(writes bench/.data/corpus_N_seedS.parquet, or corpus_nfc_N_seedS.parquet; the environment
variable BENCH_DATA moves it)
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "data" / "raw" / "seeds", ROOT / "data" / "raw" / "second"]
# generated corpora and bench work folders; BENCH_DATA moves them (the tests use a temp folder)
DATA_DIR = Path(os.environ.get("BENCH_DATA") or ROOT / "bench" / ".data")

FIRST = [
    "Anna",
    "Boris",
    "Carla",
    "Dmytro",
    "Elif",
    "Farid",
    "Greta",
    "Hassan",
    "Irina",
    "Jonas",
    "Katya",
    "Luis",
    "Marta",
    "Nikolai",
    "Olga",
    "Pavel",
    "Quinn",
    "Rosa",
    "Stefan",
    "Tamara",
    "Umar",
    "Vera",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoe",
    "Andriy",
    "Beatriz",
    "Chloe",
    "Diego",
    "Emma",
    "Felix",
    "Gustav",
    "Hana",
    "Ivan",
    "Julia",
    "Kofi",
    "Lena",
    "Mateo",
    "Nadia",
]
LAST = [
    "Abbott",
    "Bondarenko",
    "Castillo",
    "Dvorak",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Horvat",
    "Ibrahim",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Novak",
    "Okafor",
    "Petrenko",
    "Quintero",
    "Rossi",
    "Schmidt",
    "Tkachenko",
    "Ueda",
    "Varga",
    "Weber",
    "Xu",
    "Yilmaz",
    "Zielinski",
    "Antonov",
    "Baker",
    "Costa",
    "Duarte",
    "Ellis",
    "Fontaine",
    "Gruber",
    "Hill",
    "Iversen",
    "Jovanovic",
    "Kim",
    "Larsen",
    "Meyer",
    "Nowak",
]
PLACES = [
    "Kyiv",
    "Kharkiv",
    "Odesa",
    "Lviv",
    "Dnipro",
    "Zaporizhzhia",
    "Moscow",
    "Washington",
    "Brussels",
    "Paris",
    "Berlin",
    "Warsaw",
    "Geneva",
    "Istanbul",
    "Riverton",
    "Ankara",
    "Vienna",
    "Helsinki",
    "Riga",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SYNONYMS = {
    "said": ["stated", "told reporters", "noted"],
    "claimed": ["asserted", "alleged", "insisted"],
    "agreed": ["consented", "accepted"],
    "halt": ["stop", "pause", "suspend"],
    "strikes": ["attacks", "bombardments"],
    "attacks": ["strikes", "assaults"],
    "infrastructure": ["facilities", "installations"],
    "important": ["significant", "major", "key"],
    "announced": ["declared", "revealed", "unveiled"],
    "extreme": ["severe", "harsh", "bitter"],
    "cold": ["frost", "chill"],
    "appeal": ["request", "plea"],
    "leader": ["head of state", "chief"],
    "meeting": ["session", "gathering"],
    "confirmed": ["verified", "acknowledged"],
    "surprised": ["caught off guard", "taken aback"],
    "public": ["official", "open"],
    "agreement": ["deal", "accord", "arrangement"],
    "ceasefire": ["truce", "pause in fighting"],
    "truce": ["ceasefire", "pause in fighting"],
    "officials": ["authorities", "representatives"],
    "talks": ["negotiations", "discussions"],
    "week": ["seven days", "week-long period"],
    "energy": ["power", "electricity"],
    "power": ["energy", "electricity"],
    "budget": ["spending plan", "financial plan"],
    "council": ["assembly", "board"],
    "libraries": ["library branches", "reading rooms"],
    "closure": ["shutdown", "closing"],
    "protest": ["demonstration", "rally"],
    "deficit": ["shortfall", "gap"],
    "approved": ["passed", "adopted", "endorsed"],
    "rejected": ["dismissed", "turned down", "refused"],
    "criticized": ["condemned", "attacked", "faulted"],
    "later": ["afterwards", "subsequently"],
    "immediately": ["at once", "right away"],
    "reported": ["stated", "indicated"],
    "discussed": ["debated", "considered"],
    "situation": ["state of affairs", "position"],
    "short-term": ["temporary", "brief"],
    "vital": ["critical", "essential"],
    "plan": ["proposal", "scheme"],
    "city": ["town", "municipality"],
    "residents": ["inhabitants", "locals"],
    "hard": ["difficult", "tough"],
    "good": ["positive", "fine"],
    "bad": ["poor", "negative"],
    "large": ["big", "major"],
    "new": ["fresh", "latest"],
    "decision": ["ruling", "move"],
    "warned": ["cautioned", "alerted"],
    "expects": ["anticipates", "hopes"],
    "wrote": ["posted", "said on social media"],
    "told": ["informed", "assured"],
    "added": ["continued", "went on"],
    "described": ["characterised", "portrayed"],
    "possibility": ["prospect", "chance"],
    "security": ["safety", "protection"],
    "civilians": ["non-combatants", "residents"],
    "several": ["a number of", "various"],
    "many": ["numerous", "a lot of"],
}
OUTLETS = [
    "The Northern Courier",
    "Daily Meridian",
    "Coastal Herald",
    "The Evening Standard Post",
    "Metro Wire",
    "Global Dispatch",
    "The Continental",
    "Capital Observer",
    "River Valley News",
    "The Morning Ledger",
    "Eastern Gazette",
    "Westside Chronicle",
    "The Atlantic Review",
    "Summit Times",
    "Harborview Journal",
    "National Bulletin",
    "The Pioneer Press",
    "Lakeshore Tribune",
    "Union Register",
    "The Sentinel",
    "Frontier Daily",
    "Civic Voice",
    "The Independent Monitor",
    "Central Reporter",
    "Aggregator One",
    "Aggregator Two",
]
VERBS = ["said", "told reporters", "added", "noted", "wrote on social media"]
OPENERS = [
    "At {h}:{mm} on {day} in {place}, ",
    "On {day} in {place}, at {h}:{mm}, ",
    "Late on {day} in {place}, at {h}:{mm}, ",
    "Earlier on {day}, at {h}:{mm} in {place}, ",
]

_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?(?![\w])")
_DAY = re.compile(r"\b(?:{})\b".format("|".join(DAYS)))
_OPENING = re.compile(r"^(On|In|Earlier on|Late on) ([A-Z][\w-]*), (\w)(.*?)([.!?])$")
_LOWER_FIRST = ("The", "A", "An", "It", "This", "Both", "He", "She", "They", "We")
_STARTS_LOWERABLE = re.compile(r"^({}|Russian|Ukrainian)\b".format("|".join(_LOWER_FIRST)))
_SPEAKER = re.compile(
    r"[”\"],? ([A-Z]\w+|he|she|they)(?: \w+)? "
    r"(said|added|told \w+|wrote|posted|noted|stated|claimed|insisted|asserted|warned)"
)
_SYN = re.compile(r"\b({})\b".format("|".join(sorted(SYNONYMS, key=len, reverse=True))))


@dataclass(frozen=True)
class Source:
    topic: str
    headline: str
    paragraphs: tuple[tuple[str, ...], ...]  # sentences of each paragraph (headline excluded)
    published: str


def _person_names() -> list[str]:
    """Full names and surnames of every person in the shipped actor catalogs."""
    from analysis.actors import load_catalog

    names: set[str] = set()
    for path in sorted((ROOT / "src" / "analysis" / "data").glob("actors_*.yaml")):
        cat = load_catalog(path)
        persons = cat[(cat["type"] == "person") & (cat["kind"] == "name")]
        names.update(a for a in persons["alias"] if a[:1].isupper())
    return sorted(names, key=len, reverse=True)


def load_nfc_sources() -> list[Source]:
    """The Narrative Frames Corpus (../shared, read only) as sources: real climate-change news.

    Its texts are one line each: sentences are grouped three to a paragraph, and the topic is the
    article's month, so a generated story mixes articles written in the same month."""
    if str(Path(__file__).parent) not in sys.path:
        sys.path.insert(0, str(Path(__file__).parent))
    import nfc

    from analysis.segment import split_sentences

    out = []
    for row in nfc.nfc_articles().itertuples(index=False):
        text = " ".join(row.text.split())
        sents = [text[a:b] for a, b in split_sentences(text)] or [text]
        paras = tuple(tuple(sents[i : i + 3]) for i in range(0, len(sents), 3))
        out.append(Source(f"nfc {row.published[:7]}", "", paras, row.published))
    return out


def load_sources(kind: str = "seeds") -> list[Source]:
    """Every source article, split into paragraphs (lines) and sentences: ``seeds`` (the bundled
    corpora) or ``nfc`` (the Narrative Frames Corpus, :func:`load_nfc_sources`)."""
    from analysis.segment import split_sentences

    if kind == "nfc":
        return load_nfc_sources()
    out = []
    for folder in SOURCES:
        if not folder.is_dir():
            continue
        manifest = pd.read_csv(folder / "manifest.csv", dtype=str, keep_default_na=False)
        for row in manifest.itertuples(index=False):
            lines = [
                line.strip()
                for line in (folder / row.file).read_text("utf-8-sig").splitlines()
                if line.strip()
            ]
            head = lines[0] if row.headline_in_text == "yes" else ""
            body = lines[1:] if head else lines
            paragraphs = tuple(
                tuple(line[a:b] for a, b in split_sentences(line)) or (line,) for line in body
            )
            out.append(Source(row.event, head, paragraphs, row.published))
    if not out:
        raise SystemExit("no source corpus found under data/raw/")
    return out


class Varier:
    """Seeded sentence variation (names, numbers, places, days, synonyms, clauses)."""

    def __init__(self, rng: random.Random, names: list[str]):
        self.rng = rng
        self.names = names
        self.surnames = sorted({n.split()[-1] for n in names})
        self.name_re = re.compile(r"\b({})\b".format("|".join(re.escape(n) for n in names)))
        self.place_re = re.compile(r"\b({})\b".format("|".join(PLACES)))

    def cast(self) -> dict[str, str]:
        """Per-article mapping of catalog surnames to the person names used instead."""
        mapping = {}
        for surname in self.surnames:
            r = self.rng.random()
            if r < 0.5:
                continue
            if r < 0.7:
                mapping[surname] = self.rng.choice(self.surnames)
            else:
                mapping[surname] = f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"
        return mapping

    def _name(self, m: re.Match, cast: dict[str, str]) -> str:
        name = m.group(0)
        new = cast.get(name.split()[-1])
        if new is None:
            return name
        if " " in name or " " not in new:
            return new  # full name -> full name, or surname -> surname
        return new.split()[-1]  # a surname stays a surname

    def _number(self, m: re.Match) -> str:
        s = m.group(0)
        if len(s) == 4 and s.isdigit() and s[:2] in ("19", "20"):
            return str(self.rng.randint(2015, 2029))
        return "".join(
            str(self.rng.randint(1 if i == 0 else 0, 9)) if c.isdigit() else c
            for i, c in enumerate(s)
        )

    def _synonym(self, m: re.Match, p: float) -> str:
        word = m.group(0)
        return self.rng.choice(SYNONYMS[word]) if self.rng.random() < p else word

    def paraphrase(self, s: str) -> str:
        """An aggregator's rewrite of an already generated sentence: heavy synonym swaps."""
        return _SYN.sub(lambda m: self._synonym(m, 0.9), s)

    def sentence(self, s: str, cast: dict[str, str], synonym_p: float = 0.5) -> str:
        rng = self.rng
        s = self.name_re.sub(lambda m: self._name(m, cast), s)
        s = _NUMBER.sub(self._number, s)
        s = _DAY.sub(lambda m: rng.choice(DAYS), s)
        s = self.place_re.sub(lambda m: rng.choice(PLACES) if rng.random() < 0.5 else m[0], s)
        s = _SYN.sub(lambda m: self._synonym(m, synonym_p), s)
        return self._clause(s)

    def _who(self) -> str:
        rng = self.rng
        initial = chr(rng.randint(65, 90))
        who = f"{rng.choice(FIRST)} {initial}. {rng.choice(LAST)}"
        return f"{who} in {rng.choice(PLACES)}" if rng.random() < 0.5 else who

    def _clause(self, s: str) -> str:
        """One clause-level variation from a large space, so few sentences repeat."""
        rng = self.rng
        # inside a quotation at the end: unbalanced marks, or a closing mark last
        quoted = s.count("“") != s.count("”") or s.count('"') % 2 == 1 or s.endswith(("”", '"'))
        m = _OPENING.match(s)
        if m and rng.random() < 0.5:  # move the opening clause to the end
            s = f"{m[3].upper()}{m[4]} {m[1].lower()} {m[2]}{m[5]}"
        options = ["tail", "opener", "speaker"]
        rng.shuffle(options)
        for option in options:
            if option == "opener" and _STARTS_LOWERABLE.match(s):
                day, place = rng.choice(DAYS), rng.choice(PLACES)
                h, mm = rng.randint(1, 12), f"{rng.randint(0, 59):02d}"
                opener = rng.choice(OPENERS).format(day=day, place=place, h=h, mm=mm)
                first = s.split(" ", 1)[0]
                lowered = first.lower() if first in _LOWER_FIRST else first
                return opener + lowered + s[len(first) :]
            elif option == "tail" and not quoted and s.endswith("."):
                return f"{s[:-1]}, {self._who()} {rng.choice(VERBS)}."
            elif option == "speaker":
                m = _SPEAKER.search(s)
                if m:
                    return f"{s[: m.start(1)]}{self._who()} {rng.choice(VERBS)}{s[m.end(2) :]}"
        if quoted and s.endswith(("”", '"')):
            return f"{s} {self._who()} {rng.choice(VERBS)}."
        if s.startswith(("“", '"')):
            return f"{self._who()} {rng.choice(VERBS)}: {s}"
        return s


def _is_prose(paragraph: tuple[str, ...]) -> bool:
    return len(" ".join(paragraph).split()) >= 12 and paragraph[-1].rstrip("”\"’'").endswith(
        (".", "!", "?")
    )


def _date(base: str, rng: random.Random) -> str:
    d = pd.Timestamp(base) + pd.Timedelta(days=rng.randint(-20, 20))
    return d.strftime("%Y-%m-%d")


def generate(
    n: int, seed: int = 0, story_size: int = 40, sources: str = "seeds"
) -> tuple[pd.DataFrame, list[str]]:
    """``n`` articles (and every generated sentence, for :func:`duplicate_share`) built from the
    sentences of ``sources`` (``seeds`` or ``nfc``, see :func:`load_sources`)."""
    rng = random.Random(seed)
    sources = load_sources(sources)
    topics = sorted({s.topic for s in sources})
    by_topic = {t: [s for s in sources if s.topic == t] for t in topics}
    varier = Varier(rng, _person_names())
    rows, sentences = [], []
    stories: dict[int, list[tuple[list[int], list[list[str]], str]]] = {}
    for k in range(n):
        story = k // story_size if n > story_size else 0
        rng_topic = random.Random(seed * 1_000_003 + story)
        topic = topics[rng_topic.randrange(len(topics))]
        base = by_topic[topic][rng.randrange(len(by_topic[topic]))]
        cast = varier.cast()
        outlet = rng.choice(OUTLETS)
        published = _date(base.published, rng)
        earlier = stories.get(story, [])
        if earlier and rng.random() < 0.02:  # a paraphrase of an earlier article of the story
            _, source_paras, head = rng.choice(earlier)
            paras = [[varier.paraphrase(s) for s in p] for p in source_paras]
            headline = varier.paraphrase(head) if head else ""
        else:
            pool = [
                (i / len(src.paragraphs), p)
                for src in by_topic[topic]
                if src is not base
                for i, p in enumerate(src.paragraphs)
            ]
            own = [(i / len(base.paragraphs), p) for i, p in enumerate(base.paragraphs)]
            want = max(2, round(len(base.paragraphs) * rng.uniform(0.6, 1.0)))
            n_own = min(len(own), round(want * 0.7))
            picked = rng.sample(own, n_own) + rng.sample(pool, min(len(pool), want - n_own))
            picked.sort(key=lambda x: x[0])
            # non-prose lines (sign-ups, footers, source lists) come along less often
            picked = [x for x in picked if _is_prose(x[1]) or rng.random() < 0.1]
            paras = [[varier.sentence(s, cast) for s in p] for _, p in picked]
            head_src = rng.choice([s.headline for s in by_topic[topic] if s.headline] or [""])
            headline = varier.sentence(head_src, cast) if head_src else ""
            stories.setdefault(story, []).append(([], paras, headline))
        lines = ([headline] if headline else []) + [" ".join(p) for p in paras]
        sentences.extend(s for p in paras for s in p)
        rows.append(
            (
                f"bench-{k:07d}",
                "\n\n".join(lines) + "\n",
                outlet,
                f"{topic} / story {story:05d}",
                published,
                "yes" if headline else "no",
            )
        )
    table = pd.DataFrame(
        rows, columns=["id", "text", "outlet", "event", "published", "headline_in_text"]
    )
    return table, sentences


def duplicate_share(sentences: list[str]) -> float:
    """Share of sentences that repeat an earlier sentence exactly (0..1)."""
    return 1.0 - len(set(sentences)) / len(sentences) if sentences else 0.0


def corpus_path(n: int, seed: int = 0, sources: str = "seeds") -> Path:
    prefix = "corpus" if sources == "seeds" else f"corpus_{sources}"
    return DATA_DIR / f"{prefix}_{n}_seed{seed}.parquet"


def ensure_corpus(n: int, seed: int = 0, verbose: bool = True, sources: str = "seeds") -> Path:
    """Generate (once) and return the Parquet file of an ``n``-article corpus."""
    path = corpus_path(n, seed, sources)
    if path.exists():
        return path
    t0 = time.perf_counter()
    table, sentences = generate(n, seed, sources=sources)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    table.to_parquet(tmp, index=False)
    tmp.replace(path)
    if verbose:
        print(
            f"generated {n:,} articles ({len(sentences):,} sentences, "
            f"{table['text'].str.len().sum() / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f} s; "
            f"duplicate sentences {duplicate_share(sentences):.2%} -> {path}",
            file=sys.stderr,
        )
    return path


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--sources", choices=("seeds", "nfc"), default="seeds")
    args = ap.parse_args(argv)
    table, sentences = generate(args.n, args.seed, sources=args.sources)
    path = corpus_path(args.n, args.seed, args.sources)
    path.parent.mkdir(parents=True, exist_ok=True)
    table.to_parquet(path, index=False)
    print(
        f"{args.n} articles, {len(sentences)} sentences, "
        f"duplicate share {duplicate_share(sentences):.2%} -> {path}"
    )


if __name__ == "__main__":
    main()

"""Tests for analysis.actors: catalog loading, alias resolution, mention finding, gold check."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.actors import (
    CATALOG_COLUMNS,
    MENTION_COLUMNS,
    find_mentions,
    load_catalog,
    parse_catalog,
    resolve_actor,
)

ROOT = Path(__file__).resolve().parents[1]


def make_sentences(
    paragraphs: list[list[str]],
    article_id: str = "a1",
    headline: bool = False,
    standfirst: bool = False,
) -> tuple[str, pd.DataFrame]:
    """Article text and sentences table: sentences joined by " ", paragraphs by "\\n\\n".
    With ``headline`` (``standfirst``) the first (next) paragraph is flagged."""
    rows, parts, pos, n = [], [], 0, sum(len(p) for p in paragraphs)
    for p_index, para in enumerate(paragraphs):
        if p_index:
            parts.append("\n\n")
            pos += 2
        for j, sent in enumerate(para):
            if j:
                parts.append(" ")
                pos += 1
            i = len(rows)
            rows.append(
                {
                    "article_id": article_id,
                    "sentence_index": i,
                    "paragraph_index": p_index,
                    "start": pos,
                    "end": pos + len(sent),
                    "text": sent,
                    "position": i / (n - 1) if n > 1 else 0.0,
                    "is_headline": headline and p_index == 0,
                    "is_standfirst": standfirst and p_index == (1 if headline else 0),
                }
            )
            parts.append(sent)
            pos += len(sent)
    return "".join(parts), pd.DataFrame(rows)


def spans(mentions: pd.DataFrame) -> list[tuple[str, str, str]]:
    return list(zip(mentions["surface"], mentions["actor"], mentions["kind"], strict=True))


# ------------------------------------------------------------------------------------ catalog


def test_shipped_catalog_rows():
    cat = load_catalog()
    assert list(cat.columns) == CATALOG_COLUMNS
    row = cat[cat["alias"] == "Zelenskyy"].iloc[0]
    assert (row["actor"], row["type"], row["affiliation"], row["kind"], row["surname"]) == (
        "Volodymyr Zelensky",
        "person",
        "Ukraine",
        "name",
        "Zelensky",
    )
    kremlin = cat[cat["actor"] == "Kremlin"].iloc[0]
    assert (kremlin["type"], kremlin["surname"]) == ("institution", "")
    assert cat.loc[cat["alias"] == "the Russian minister", "kind"].tolist() == ["title"]
    assert set(cat["actor"]) >= {"Donald Trump", "Joe Biden", "NATO", "European Commission"}
    assert len(set(cat["actor"])) == 18


def test_malformed_yaml_names_file(tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("version: 1\nstory: x\nactors: [\n  - actor: A\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken\.yaml.*YAML syntax error"):
        load_catalog(bad)


def test_missing_field_names_file_and_field(tmp_path):
    bad = tmp_path / "nofields.yaml"
    bad.write_text(
        "version: 1\nstory: x\nactors:\n  - actor: Jane Doe\n    type: person\n"
        "    names: [Jane Doe]\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"nofields\.yaml.*affiliation"):
        load_catalog(bad)
    nostory = tmp_path / "nostory.yaml"
    nostory.write_text("version: 1\nactors: []\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"nostory\.yaml.*'story'"):
        load_catalog(nostory)


def test_alias_shared_by_two_actors_is_an_error(tmp_path):
    bad = tmp_path / "dupe.yaml"
    bad.write_text(
        "version: 1\nstory: x\nactors:\n"
        "  - {actor: Ann Lee, type: person, affiliation: X, names: [Ann Lee, Lee]}\n"
        "  - {actor: Bo Lee, type: person, affiliation: X, names: [Bo Lee, Lee]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"dupe\.yaml.*'Lee'.*Ann Lee.*Bo Lee"):
        load_catalog(bad)


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("Trump", "Donald Trump"),
        ("Donald Trump", "Donald Trump"),
        ("Zelenskiy", "Volodymyr Zelensky"),
        ("Zelenskyy’s", "Volodymyr Zelensky"),
        ("Zelenskyi's", "Volodymyr Zelensky"),
        ("Putin’s spokesperson Dmitry Peskov", "Dmitry Peskov"),
        ("the Kremlin", "Kremlin"),
        ("Kremlin", "Kremlin"),
        ("the Russian minister", "Sergei Lavrov"),
        ("The US president", "Donald Trump"),
        ("UN Secretary-General", "Antonio Guterres"),
        ("Melania Trump", None),
        ("Russian officials", None),
        ("", None),
    ],
)
def test_resolve_actor(surface, expected):
    assert resolve_actor(surface, load_catalog()) == expected


# ------------------------------------------------------------------------------------ mentions


def test_spelling_variants_and_possessives():
    text, sents = make_sentences(
        [["Zelensky met Zelenskyy’s aides.", "Zelenskiy's team and Volodymyr Zelenskyi agreed."]]
    )
    m = find_mentions(sents)
    assert list(m.columns) == MENTION_COLUMNS
    assert spans(m) == [
        ("Zelensky", "Volodymyr Zelensky", "name"),
        ("Zelenskyy", "Volodymyr Zelensky", "name"),
        ("Zelenskiy", "Volodymyr Zelensky", "name"),
        ("Volodymyr Zelenskyi", "Volodymyr Zelensky", "name"),
    ]
    # offsets index the article text: "Zelensky met " is 13 chars; 2nd sentence starts at 32
    assert list(zip(m["start"], m["end"], strict=True)) == [(0, 8), (13, 22), (32, 41), (53, 72)]
    assert all(
        text[s:e] == surf for s, e, surf in zip(m["start"], m["end"], m["surface"], strict=True)
    )
    assert m["alias"].tolist() == ["Zelensky", "Zelenskyy", "Zelenskiy", "Volodymyr Zelenskyi"]


def test_title_alone_vs_title_with_name():
    _, sents = make_sentences(
        [
            [
                "US President Donald Trump spoke to the Russian leader.",
                "Ukraine’s president, Volodymyr Zelenskyy, did not confirm it.",
                "Putin’s spokesperson Dmitry Peskov declined to comment.",
                "Dmitry Peskov, the Kremlin spokesman, said nothing.",
                "After meeting the Russian leader, Trump left.",
                "The US president said so.",
            ]
        ]
    )
    assert spans(find_mentions(sents)) == [
        ("Donald Trump", "Donald Trump", "name"),
        ("the Russian leader", "Vladimir Putin", "title"),
        ("Volodymyr Zelenskyy", "Volodymyr Zelensky", "name"),
        ("Putin", "Vladimir Putin", "name"),
        ("Dmitry Peskov", "Dmitry Peskov", "name"),
        ("Dmitry Peskov", "Dmitry Peskov", "name"),
        # issue #16: the Kremlin inside Peskov's title is no mention of the Kremlin
        ("the Russian leader", "Vladimir Putin", "title"),
        ("Trump", "Donald Trump", "name"),
        ("US president", "Donald Trump", "title"),
    ]


def test_name_inside_title_and_unknown_name_after_title():
    _, sents = make_sentences(
        [
            [
                "UN Secretary-General António Guterres spoke.",
                "The UN Secretary-General spoke.",
                "Russian President Boris Yeltsin resigned.",
                "Former US President Joe Biden spoke.",
            ]
        ]
    )
    # issue #16: an institution inside a person's title is not a mention of the institution
    assert spans(find_mentions(sents)) == [
        ("António Guterres", "Antonio Guterres", "name"),
        ("UN Secretary-General", "Antonio Guterres", "title"),
        ("Joe Biden", "Joe Biden", "name"),
    ]


def test_surname_inside_another_full_name():
    _, sents = make_sentences(
        [
            [
                "On Monday, Melania Trump and Donald Trump Jr. arrived.",
                "Both Trump and Putin spoke, said Mr Trump.",
                "On Thursday Trump called.",
            ]
        ]
    )
    assert spans(find_mentions(sents)) == [
        ("Trump", "Donald Trump", "name"),
        ("Putin", "Vladimir Putin", "name"),
        ("Trump", "Donald Trump", "name"),
        ("Trump", "Donald Trump", "name"),
    ]


def test_names_are_case_sensitive_and_word_bounded():
    _, sents = make_sentences([["A trump card, Trumpism and NATOs.", "Nato and NATO met."]])
    m = find_mentions(sents)
    assert spans(m) == [("Nato", "NATO", "name"), ("NATO", "NATO", "name")]


def test_headline_standfirst_lead_and_position():
    _, sents = make_sentences(
        [["Trump hails pause"], ["The Kremlin is silent."], ["Putin agreed."], ["Lavrov spoke."]],
        headline=True,
        standfirst=True,
    )
    m = find_mentions(sents)
    got = m[["actor", "sentence_index", "is_headline", "is_standfirst", "is_lead", "position"]]
    assert got.values.tolist() == [
        ["Donald Trump", 0, True, False, False, 0.0],
        ["Kremlin", 1, False, True, False, 1 / 3],
        ["Vladimir Putin", 2, False, False, True, 2 / 3],
        ["Sergei Lavrov", 3, False, False, False, 1.0],
    ]


def test_title_case_headline_keeps_surnames():
    _, sents = make_sentences([["Talks Between Trump And Putin Stall"]], headline=True)
    assert find_mentions(sents)["actor"].tolist() == ["Donald Trump", "Vladimir Putin"]


CITY_CATALOG = """\
version: 3
story: riverton-budget
actors:
  - actor: Maria Lopez
    type: person
    affiliation: City Hall
    names: [Maria Lopez, Lopez]
    titles: [the mayor]
  - actor: Tom Baker
    type: person
    affiliation: Council
    names: [Tom Baker, Baker]
    titles: [council president]
  - actor: City Council
    type: institution
    affiliation: Council
    names: [City Council, council]
"""


def test_second_catalog_for_unrelated_story(tmp_path):
    path = tmp_path / "city.yaml"
    path.write_text(CITY_CATALOG, encoding="utf-8")
    cat = load_catalog(path)
    assert cat["surname"].tolist() == ["Lopez"] * 3 + ["Baker"] * 3 + [""] * 2
    assert cat["source"].unique().tolist() == ["project (v1)"]
    _, sents = make_sentences(
        [
            [
                "Mayor Maria Lopez vetoed the budget, and the council objected.",
                "The mayor said Council President Tom Baker was wrong.",
                "Trump and Putin were not discussed; Pat Baker was.",
            ]
        ]
    )
    assert spans(find_mentions(sents, cat)) == [
        ("Maria Lopez", "Maria Lopez", "name"),
        ("council", "City Council", "name"),
        ("The mayor", "Maria Lopez", "title"),
        # issue #16: "Council" inside the dropped title "Council President" is not counted
        ("Tom Baker", "Tom Baker", "name"),
    ]
    assert resolve_actor("the mayor’s", cat) == "Maria Lopez"


def test_bad_sentences_and_empty_result():
    with pytest.raises(ValueError, match="paragraph_index"):
        find_mentions(pd.DataFrame({"article_id": ["a"], "text": ["Trump"]}))
    _, sents = make_sentences([["Nobody of note spoke."]])
    m = find_mentions(sents)
    assert m.empty and list(m.columns) == MENTION_COLUMNS


# ------------------------------------------------------------------------------------ gold


def seed_sentences() -> pd.DataFrame:
    """Sentences of the seed articles: text = raw file text, headline = first line when the
    manifest says the headline is in the text."""
    from analysis.segment import segment_articles

    seeds = ROOT / "data" / "raw" / "seeds"
    manifest = pd.read_csv(seeds / "manifest.csv", dtype=str)
    rows = []
    for r in manifest.itertuples(index=False):
        text = (seeds / r.file).read_text(encoding="utf-8")
        head = (0, text.index("\n")) if r.headline_in_text == "yes" else (-1, -1)
        rows.append(
            {
                "article_id": r.file.removesuffix(".txt"),
                "text": text,
                "headline_start": head[0],
                "headline_end": head[1],
            }
        )
    return segment_articles(pd.DataFrame(rows)).sentences


def _matched(a: pd.DataFrame, b: pd.DataFrame) -> int:
    """Rows of ``a`` matched one-to-one to rows of ``b`` (same article, actor, overlapping span)."""
    used: set[int] = set()
    n = 0
    for r in a.itertuples(index=False):
        cand = b[
            (b["article_id"] == r.article_id)
            & (b["actor"] == r.actor)
            & (b["start"] < r.end)
            & (b["end"] > r.start)
        ]
        free = [i for i in cand.index if i not in used]
        if free:
            used.add(free[0])
            n += 1
    return n


@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_mentions_against_gold(split):
    gold_path = ROOT / "tests" / "annotations" / f"mentions_{split}.csv"
    if not gold_path.exists():
        pytest.skip(f"{gold_path.name} not written yet")
    gold = pd.read_csv(gold_path, dtype={"article_id": str}).reset_index(drop=True)
    pred = find_mentions(seed_sentences())
    pred = pred[pred["article_id"].isin(set(gold["article_id"]))].reset_index(drop=True)
    precision = _matched(pred, gold) / len(pred)
    recall = _matched(gold, pred) / len(gold)
    print(
        f"\nmentions {split}: precision {precision:.3f} ({len(pred)} predicted), "
        f"recall {recall:.3f} ({len(gold)} gold)"
    )
    assert precision >= 0.95
    assert recall >= 0.95


# ------------------------------------------------------------------ matcher = flat alternation


def _flat_reference(key):
    """The plain alternation the factored matcher must reproduce: every alias in longest-first
    order, one named group each, tried where a first character of some alias stands."""
    import re

    def alias_regex(alias, kind):
        parts = []
        for i, ch in enumerate(alias):
            if ch.isspace():
                if not parts or parts[-1] != r"\s+":
                    parts.append(r"\s+")
            elif ch in "'’":
                parts.append("['’]")
            elif ch == "-":
                parts.append(r"[-‐‑\s]")
            elif i == 0 and kind == "name" and ch.islower():
                parts.append(f"[{ch}{ch.upper()}]")
            else:
                parts.append(re.escape(ch))
        body = "".join(parts)
        return f"(?i:{body})" if kind == "title" else body

    def first_chars(alias, kind):
        c = alias[0]
        if c in "'’":
            return set("'’")
        return {c.lower(), c.upper()} if kind == "title" or c.islower() else {c}

    order = sorted(range(len(key)), key=lambda i: (-len(key[i][2]), key[i][2]))
    alts = "|".join(f"(?P<a{i}>{alias_regex(key[i][2], key[i][3])})" for i in order)
    first = "".join(sorted({c for k in key for c in first_chars(k[2], k[3])}))
    # a word start, or a capitalised word glued to an upper-case run of three letters or more
    start = r"(?:(?<!\w)|(?<=[A-Z]{3})(?=[A-Z][a-z]))"
    return re.compile(rf"(?=[{re.escape(first)}]){start}(?:{alts})(?![\w])")


def test_factored_matcher_equals_flat_alternation():
    import random

    from analysis.actors import _compile, _find

    rnd = random.Random(7)
    chars = [*"aAbBtThHkK", " ", "  ", "-", "'", "’", ".", "é", "ſ", "K", "1", "‐"]
    # a whitespace run shared by two aliases, where only backtracking into it lets the first win
    fixed = [{"Ab -Cd", "Ab Cd"}, {"ab -cd", "AB CD", "Ab"}]
    for n in range(150):
        aliases = (
            fixed[n]
            if n < len(fixed)
            else {
                "".join(rnd.choice(chars) for _ in range(rnd.randint(1, 7))).strip()
                for _ in range(8)
            }
        )
        key = tuple(
            (f"A{k}", "person", a, "name" if n < len(fixed) else rnd.choice(["name", "title"]), a)
            for k, a in enumerate(sorted(a for a in aliases if a))
        )
        if not key:
            continue
        matcher, flat = _compile(key), _flat_reference(key)
        for text in ["Ab  Cd", "ab  cd", "AB  CD"]:
            got = [
                (h.start, h.end, h.alias.alias)
                for h in _find(matcher.regex, matcher.groups, text, 0, len(text))
            ]
            want = [(m.start(), m.end(), key[int(m.lastgroup[1:])][2]) for m in flat.finditer(text)]
            assert got == want, (key, text)
        for _ in range(20):
            text = "".join(
                rnd.choice([rnd.choice(key)[2], rnd.choice(key)[2].swapcase(), rnd.choice(chars)])
                for _ in range(rnd.randint(1, 10))
            )
            got = [
                (h.start, h.end, h.alias.alias)
                for h in _find(matcher.regex, matcher.groups, text, 0, len(text))
            ]
            want = [(m.start(), m.end(), key[int(m.lastgroup[1:])][2]) for m in flat.finditer(text)]
            assert got == want, (key, text)


def test_prev_word_walk_matches_the_regex_search():
    import random

    from analysis.actors import _PREV_WORD, _prev_word

    rnd = random.Random(7)
    chars = list("aZé1²_-'’ \n\t.,x")
    for _ in range(20000):
        text = "".join(rnd.choice(chars) for _ in range(rnd.randint(0, 14)))
        hi = rnd.randint(0, len(text))
        lo = rnd.randint(0, hi)
        m = _PREV_WORD.search(text, lo, hi)
        assert _prev_word(text, lo, hi) == (m.span(1) if m else None), (text, lo, hi)


def test_mentions_count_what_an_analyst_counts():
    """Issue #16, point 4, on hand-written sentences: an institution inside a person's title or
    apposition, a building as a place, and a bracketed acronym after the full name are not
    mentions of the body; the body acting or speaking is."""
    cat = parse_catalog(
        {
            "version": 1,
            "story": "harbour",
            "actors": [
                {
                    "actor": "Tomas Brandt",
                    "type": "person",
                    "affiliation": "V",
                    "names": ["Tomas Brandt", "Brandt"],
                },
                {
                    "actor": "Harbour Authority",
                    "type": "institution",
                    "affiliation": "V",
                    "names": ["Harbour Authority", "HA"],
                },
                {
                    "actor": "White House",
                    "type": "institution",
                    "affiliation": "US",
                    "names": ["White House"],
                },
            ],
        },
        "harbour",
    )
    _, sents = make_sentences(
        [
            [
                "Harbour Authority chief Tomas Brandt spoke.",
                "Tomas Brandt, the Harbour Authority spokesman, agreed.",
                "The talks took place at the White House on Friday.",
                "Brandt spoke in the White House Rose Garden.",
                "The Harbour Authority (HA) closed the port.",
                "The White House said the HA would pay.",
            ]
        ]
    )
    assert spans(find_mentions(sents, cat)) == [
        ("Tomas Brandt", "Tomas Brandt", "name"),
        ("Tomas Brandt", "Tomas Brandt", "name"),
        ("Brandt", "Tomas Brandt", "name"),
        ("Harbour Authority", "Harbour Authority", "name"),
        ("White House", "White House", "name"),
        ("HA", "Harbour Authority", "name"),
    ]


def test_a_building_one_goes_to_or_leaves_is_a_place():
    """Issue #16, fourth pass (gold rule 40): going to, coming from or visiting a body's
    building, and leaving or joining a building, is a place or a job, not the body; leaving or
    joining another body is membership, a mention; the body speaking counts."""
    cat = parse_catalog(
        {
            "version": 1,
            "story": "harbour",
            "actors": [
                {
                    "actor": "White House",
                    "type": "institution",
                    "affiliation": "US",
                    "names": ["White House"],
                },
                {
                    "actor": "Harbour Guild",
                    "type": "institution",
                    "affiliation": "V",
                    "names": ["Harbour Guild"],
                },
            ],
        },
        "harbour",
    )
    _, sents = make_sentences(
        [
            [
                "Brandt flew back to the White House on Sunday.",
                "During a May visit to the White House, Brandt spoke.",
                "Ruiz has left the White House.",
                "Kral left the Harbour Guild in May.",
                "The White House said the talks would go on.",
            ]
        ]
    )
    assert spans(find_mentions(sents, cat)) == [
        ("Harbour Guild", "Harbour Guild", "name"),
        ("White House", "White House", "name"),
    ]


def test_a_body_referred_back_to_by_a_common_noun():
    """Issue #16, fourth pass (gold rule 14): "the party", "the newspaper", "the company",
    "administration officials" are title mentions of the last body of that kind named before;
    a "company" or "group" only within three sentences and never a party, outlet or government
    body; with no such body named, no mention."""
    cat = parse_catalog(
        {
            "version": 1,
            "story": "harbour",
            "actors": [
                {"actor": "Tide Party", "type": "institution", "affiliation": "V",
                 "names": ["Tide Party"]},
                {"actor": "Harbour Times", "type": "institution", "affiliation": "V",
                 "names": ["Harbour Times"]},
                {"actor": "Gullco", "type": "institution", "affiliation": "V",
                 "names": ["Gullco"]},
                {"actor": "Ruiz administration", "type": "institution", "affiliation": "V",
                 "names": ["Ruiz administration"]},
            ],
        },
        "harbour",
    )  # fmt: skip
    _, sents = make_sentences(
        [
            [
                "The Tide Party met Gullco on Monday.",
                "The company said the quay would close.",
                "The Harbour Times reported the talks.",
                "The party's leaders were angry, the newspaper said.",
                "The Ruiz administration stayed silent.",
                "Two senior administration officials declined to comment.",
            ]
        ]
    )
    assert spans(find_mentions(sents, cat)) == [
        ("Tide Party", "Tide Party", "name"),
        ("Gullco", "Gullco", "name"),
        ("company", "Gullco", "title"),
        ("Harbour Times", "Harbour Times", "name"),
        ("party", "Tide Party", "title"),
        ("newspaper", "Harbour Times", "title"),
        ("Ruiz administration", "Ruiz administration", "name"),
        ("administration", "Ruiz administration", "title"),
    ]
    # no body of the kind named before (or the company too far back): no mention
    _, sents = make_sentences(
        [
            [
                "The party met on Monday.",
                "Gullco opened a shop.",
                "The weather was calm.",
                "The tides were low.",
                "Boats stayed in.",
                "The company said the quay would close.",
            ]
        ]
    )
    assert spans(find_mentions(sents, cat)) == [("Gullco", "Gullco", "name")]


def test_abbreviated_roles_and_the_government_and_a_party_named_in_a_title():
    """Issue #16, fourth pass: a body before an abbreviated or speaker role and a name ("Tide
    Party Rep. Ana Ruiz", "Chamber Speaker Ana Ruiz") is in the person's title, not a mention,
    but "the party" later still refers back to it; a body before a clause that ends in a role
    and a name ("the Chamber narrowly approved Mayor Ivo Kral's plan") is a mention; "the
    government" with no government named before is the catalog's only government."""
    cat = parse_catalog(
        {
            "version": 1,
            "story": "harbour",
            "actors": [
                {"actor": "Ana Ruiz", "type": "person", "affiliation": "V",
                 "names": ["Ana Ruiz", "Ruiz"]},
                {"actor": "Ivo Kral", "type": "person", "affiliation": "V",
                 "names": ["Ivo Kral", "Kral"]},
                {"actor": "Tide Party", "type": "institution", "affiliation": "V",
                 "names": ["Tide Party"]},
                {"actor": "Chamber", "type": "institution", "affiliation": "V",
                 "names": ["Chamber"]},
                {"actor": "Velmora government", "type": "institution", "affiliation": "V",
                 "names": ["Velmora government"]},
            ],
        },
        "harbour",
    )  # fmt: skip
    _, sents = make_sentences(
        [
            [
                "Tide Party Rep. Ana Ruiz spoke first.",
                "It was a shift for the party on tides.",
                "Chamber Speaker Ana Ruiz agreed.",
                "The Chamber narrowly approved Mayor Ivo Kral's plan.",
                "Critics asked whether the government would pay.",
            ]
        ]
    )
    assert spans(find_mentions(sents, cat)) == [
        ("Ana Ruiz", "Ana Ruiz", "name"),
        ("party", "Tide Party", "title"),
        ("Ana Ruiz", "Ana Ruiz", "name"),
        ("Chamber", "Chamber", "name"),
        ("Ivo Kral", "Ivo Kral", "name"),
        ("government", "Velmora government", "title"),
    ]


def test_a_name_glued_to_an_upper_case_teaser_is_found():
    """Issue #16, fourth pass: an upper-case teaser line that lost its line break glues onto the
    next name ("... FOX NEWS APPBrandt said"); the name is still a mention, but not inside a
    word ("McBrandt") or after a two-letter capital run ("USBrandt")."""
    _, sents = make_sentences(
        [["CLICK HERE TO GET THE HARBOUR APPBrandt said the gates stay shut.",
          "McBrandt and USBrandt are no one."]]
    )  # fmt: skip
    cat = parse_catalog(
        {"version": 1, "story": "harbour", "actors": [
            {"actor": "Tomas Brandt", "type": "person", "affiliation": "V",
             "names": ["Tomas Brandt", "Brandt"]}]},
        "harbour",
    )  # fmt: skip
    assert spans(find_mentions(sents, cat)) == [("Brandt", "Tomas Brandt", "name")]


def test_two_leaders_in_one_phrase_count_each_and_generic_plurals_no_one():
    _, sents = make_sentences(
        [["The Ukrainian and Russian leaders spoke by phone.", "European and Asian officials met."]]
    )
    got = find_mentions(sents)
    assert got[["surface", "actor", "kind"]].values.tolist() == [
        ["Ukrainian and Russian leaders", "Volodymyr Zelensky", "title"],
        ["Ukrainian and Russian leaders", "Vladimir Putin", "title"],
    ]


def test_role_words_then_a_name_and_modified_titles_are_not_mentions():
    """Issue #16, point 4: an institution before a title of several words and a name ("Harbour
    Authority Deputy Chief Tomas Brandt") is part of the person's title; a catalog title after
    "deputy", "former" or "ex-" names another office, not the actor holding the title."""
    cat = parse_catalog(
        {
            "version": 1,
            "story": "harbour",
            "actors": [
                {
                    "actor": "Tomas Brandt",
                    "type": "person",
                    "affiliation": "V",
                    "names": ["Tomas Brandt", "Brandt"],
                    "titles": ["harbour master"],
                },
                {
                    "actor": "Harbour Authority",
                    "type": "institution",
                    "affiliation": "V",
                    "names": ["Harbour Authority"],
                },
            ],
        },
        "harbour",
    )
    _, sents = make_sentences(
        [
            [
                "Harbour Authority Majority Leader Ana Ruiz spoke.",
                "The harbour master closed the gates.",
                "A deputy harbour master and the former harbour master objected.",
                "An ex-harbour master wrote to the Harbour Authority.",
            ]
        ]
    )
    assert spans(find_mentions(sents, cat)) == [
        ("harbour master", "Tomas Brandt", "title"),
        ("Harbour Authority", "Harbour Authority", "name"),
    ]


def _harbour_catalog():
    return parse_catalog(
        {
            "version": 1,
            "story": "harbour",
            "actors": [
                {"actor": "Harbour Union", "type": "institution", "affiliation": "V",
                 "names": ["Harbour Union", "HU"]},
                {"actor": "Panel on Tides", "type": "institution", "affiliation": "V",
                 "names": ["Panel on Tides", "PT"]},
                {"actor": "Coast Agency", "type": "institution", "affiliation": "V",
                 "names": ["Coast Agency"]},
                {"actor": "Gull Network", "type": "institution", "affiliation": "V",
                 "names": ["Gull Network", "GN"]},
                {"actor": "Tide Party", "type": "institution", "affiliation": "V",
                 "names": ["Tide Party"]},
                {"actor": "Ruiz administration", "type": "institution", "affiliation": "V",
                 "names": ["Ruiz administration"]},
                {"actor": "Ana Ruiz", "type": "person", "affiliation": "V",
                 "names": ["Ana Ruiz", "Ruiz"]},
                {"actor": "Lena Berg", "type": "person", "affiliation": "V",
                 "names": ["Lena Berg", "Berg"]},
            ],
        },
        "harbour",
    )  # fmt: skip


def test_a_parent_body_before_a_body_and_an_acronym_after_a_possessive():
    """Issue #16, story D class (gold rule 41): the parent before a body's name ("the Harbour
    Union's Panel on Tides", "the HU Panel on Tides") is no mention; the acronym in brackets
    after a possessive name ("the Panel on Tides' (PT) report") is the same mention. A party
    after a body ("the Harbour Union's Tide Party members") is no sub-body: both count."""
    cat = _harbour_catalog()
    _, sents = make_sentences(
        [
            [
                "The Harbour Union's Panel on Tides met on Monday.",
                "The HU Panel on Tides wrote the Panel on Tides' (PT) report.",
                "The Harbour Union's Tide Party members left.",
            ]
        ]
    )
    assert spans(find_mentions(sents, cat)) == [
        ("Panel on Tides", "Panel on Tides", "name"),
        ("Panel on Tides", "Panel on Tides", "name"),
        ("Panel on Tides", "Panel on Tides", "name"),
        ("Harbour Union", "Harbour Union", "name"),
        ("Tide Party", "Tide Party", "name"),
    ]


def test_credits_teasers_and_tweet_author_lines_are_not_mentions():
    """Issue #16, story D/E classes (gold rules 23 and 54): a dateline's wire credit
    ("Portside (GN) The ..."), a link to another article ("(RELATED: Ruiz Backs ...)"), the
    author line of an embedded tweet ("— Lena Berg (@lberg) May 5") and "X contributed to this
    report" are no part of the prose; the same names in prose count."""
    cat = _harbour_catalog()
    _, sents = make_sentences(
        [
            [
                "Portside (GN) The Coast Agency closed the quay.",
                "Ruiz backed it. (RELATED: Ruiz Backs The Quay Plan)",
                "Close it now. — Lena Berg (@lberg) May 5, 2018",
                "Berg later deleted the post.",
                "The Gull Network contributed to this report.",
            ]
        ]
    )
    assert spans(find_mentions(sents, cat)) == [
        ("Coast Agency", "Coast Agency", "name"),
        ("Ruiz", "Ana Ruiz", "name"),
        ("Berg", "Lena Berg", "name"),
    ]


def test_the_agency_the_panel_the_cabinet_and_prof_before_a_surname():
    """Issue #16, story D/E classes (gold rules 14 and 49): "the agency" refers back to the last
    agency, service, department or bureau named; "the panel" to the last panel; "his cabinet"
    and "his own administration" to the administration; "Prof" (no full stop) before a
    surname is an honorific, not a first name."""
    cat = _harbour_catalog()
    _, sents = make_sentences(
        [
            [
                "The Coast Agency and the Panel on Tides met Prof Berg.",
                "The agency said the panel was late.",
                "The Ruiz administration replied.",
                "Ruiz and his cabinet backed his own administration.",
            ]
        ]
    )
    assert spans(find_mentions(sents, cat)) == [
        ("Coast Agency", "Coast Agency", "name"),
        ("Panel on Tides", "Panel on Tides", "name"),
        ("Berg", "Lena Berg", "name"),
        ("agency", "Coast Agency", "title"),
        ("panel", "Panel on Tides", "title"),
        ("Ruiz administration", "Ruiz administration", "name"),
        ("Ruiz", "Ana Ruiz", "name"),
        ("cabinet", "Ruiz administration", "title"),
        ("administration", "Ruiz administration", "title"),
    ]


def test_office_held_and_a_floor_are_not_mentions_of_the_body():
    """Issue #16, story D classes (gold rules 16 and 50): "As head of the Coast Agency, ..." is
    the office a person holds; a hyphenated role ("co-chair") in an apposition after a name puts
    the body in the person's title; "on the Harbour Union floor" is a place. The body acting
    still counts."""
    cat = _harbour_catalog()
    _, sents = make_sentences(
        [
            [
                "As head of the Coast Agency, Berg signed the plan.",
                "Ruiz, an HU co-chair, said it was late.",
                "She spoke on the Harbour Union floor.",
                "The Coast Agency approved it.",
            ]
        ]
    )
    assert spans(find_mentions(sents, cat)) == [
        ("Berg", "Lena Berg", "name"),
        ("Ruiz", "Ana Ruiz", "name"),
        ("Coast Agency", "Coast Agency", "name"),
    ]


def test_a_body_inside_another_bodys_name_is_no_mention():
    """Issue #16, story B/D/E class (gold rule 31): a catalog body followed by capitalised
    words with a body's head word ("the Harbour Union Oversight Subcommittee", "the Coast
    Agency Science Council", "the Harbour Union's Office of Docks") names another body: no
    mention; followed by other capitalised
    words ("the Harbour Union Monday") it counts."""
    cat = _harbour_catalog()
    _, sents = make_sentences(
        [
            [
                "Ruiz could chair the Harbour Union Oversight Subcommittee next year.",
                "She sat on the Coast Agency Science Council.",
                "Berg, director of the Harbour Union's Office of Docks, agreed.",
                "The Harbour Union Monday vote passed.",
            ]
        ]
    )
    assert spans(find_mentions(sents, cat)) == [
        ("Ruiz", "Ana Ruiz", "name"),
        ("Berg", "Lena Berg", "name"),
        ("Harbour Union", "Harbour Union", "name"),
    ]


def test_a_long_apposition_with_a_role_and_an_office_as_a_place():
    """Issue #16, story B classes (gold rules 4 and 16): a role right after the body in an
    apposition to a name ("Berg, a senior Harbour Union adviser and the mayor's aunt, ...")
    puts the body in her title, however long the apposition; "at her Harbour Union office" is a
    place. After a lower-case word and a comma ("story, a Coast Agency aide said") the body is
    still counted."""
    cat = _harbour_catalog()
    _, sents = make_sentences(
        [
            [
                "Berg, a senior Harbour Union adviser and the mayor's aunt, was asked.",
                "Activists sat in at her Harbour Union office.",
                "In reply to the story, a Coast Agency aide pointed to a memo.",
            ]
        ]
    )
    assert spans(find_mentions(sents, cat)) == [
        ("Berg", "Lena Berg", "name"),
        ("Coast Agency", "Coast Agency", "name"),
    ]


def test_a_person_in_the_name_of_a_place_named_after_her_is_no_mention():
    """Issue #16, story B class: "the Lena Berg Wilderness Area" names a place after the
    person: no mention of her; "Berg spoke" is."""
    cat = _harbour_catalog()
    _, sents = make_sentences(
        [["Hikers love the Lena Berg Wilderness Area and the Ruiz Center.", "Berg spoke."]]
    )
    assert spans(find_mentions(sents, cat)) == [("Berg", "Lena Berg", "name")]


def test_a_body_in_a_title_without_a_name_and_working_at_a_body():
    """Issue #16, story F classes (gold rules 2 and 63): "as Coast Agency chief", "Berg, Coast
    Agency policy adviser", "who was a Coast Agency official" and "a deputy chief at the Coast
    Agency" put the body in a person's title: no mention; "a senior Coast Agency official" (a
    person the article may never name) and "worked at the Coast Agency" (working at a body is the
    body, not a place) are mentions; "onto the Harbour Union floor" is a place."""
    cat = _harbour_catalog()
    _, sents = make_sentences(
        [
            [
                "Berg was confirmed as Coast Agency chief.",
                "Berg, Coast Agency policy adviser, was asked.",
                "Ruiz, who was a Coast Agency official, was asked.",
                "Berg met a deputy chief at the Coast Agency.",
                "A senior Coast Agency official said no.",
                "Ruiz worked at the Coast Agency for years.",
                "Ruiz threw a shoe onto the Harbour Union floor.",
            ]
        ]
    )
    assert spans(find_mentions(sents, cat)) == [
        ("Berg", "Lena Berg", "name"),
        ("Berg", "Lena Berg", "name"),
        ("Ruiz", "Ana Ruiz", "name"),
        ("Berg", "Lena Berg", "name"),
        ("Coast Agency", "Coast Agency", "name"),
        ("Ruiz", "Ana Ruiz", "name"),
        ("Coast Agency", "Coast Agency", "name"),
        ("Ruiz", "Ana Ruiz", "name"),
    ]


def test_a_body_inside_a_committee_name_with_and_and_a_hotel_named_after_a_person():
    """Issue #16, story F classes (gold rules 31 and 70): "the Harbour Union Tides and Public
    Gates Committee" is another body's name (the Harbour Union is no mention of its own); "a
    Ruiz Hotel room" names a business after the person: no mention of her."""
    cat = _harbour_catalog()
    _, sents = make_sentences(
        [
            [
                "Berg spoke to the Harbour Union Tides and Public Gates Committee.",
                "She slept in a Ruiz Hotel room.",
            ]
        ]
    )
    assert spans(find_mentions(sents, cat)) == [("Berg", "Lena Berg", "name")]


def test_an_office_held_of_a_body_and_a_body_anaphor_in_a_title():
    """Issue #16, story F classes (gold rules 2 and 63): "resigned as chair of the Coast
    Agency" and "the acting director of the Coast Agency" are offices a person holds (no
    mention); "the agency's acting chief" is a person's title (no mention of the agency), while
    "the agency" acting is a title mention; "appointed as the head of the Coast Agency a man who
    ..." names no one: the body is counted (gold rule 2)."""
    cat = _harbour_catalog()
    _, sents = make_sentences(
        [
            [
                "Berg resigned as chair of the Coast Agency.",
                "Ruiz is the acting director of the Coast Agency.",
                "Ruiz served as the agency's acting chief.",
                "The agency denied it.",
                "Berg appointed as the head of the Coast Agency a man who hates tides.",
            ]
        ]
    )
    assert spans(find_mentions(sents, cat)) == [
        ("Berg", "Lena Berg", "name"),
        ("Ruiz", "Ana Ruiz", "name"),
        ("Ruiz", "Ana Ruiz", "name"),
        ("agency", "Coast Agency", "title"),
        ("Berg", "Lena Berg", "name"),
        ("Coast Agency", "Coast Agency", "name"),
    ]


def test_a_body_before_a_title_and_a_one_word_name_is_in_the_title():
    """Issue #16 point 4 (the gate change of the seventh pass on the generated corpus):
    "accused Harbour Union Secretary-General Berg" puts the body in Berg's title, as with a
    two-word name: no mention of the Harbour Union."""
    cat = _harbour_catalog()
    _, sents = make_sentences([["Ruiz accused Harbour Union Secretary-General Berg of lying."]])
    found = spans(find_mentions(sents, cat))
    assert ("Ruiz", "Ana Ruiz", "name") in found
    assert [m for m in found if m[1] == "Harbour Union"] == []


def _eighth_catalog():
    return parse_catalog(
        {
            "version": 1,
            "story": "eighth",
            "actors": [
                {"actor": "Coast Agency", "type": "institution", "affiliation": "V",
                 "names": ["Coast Agency", "CA"]},
                {"actor": "Tide League", "type": "institution", "affiliation": "V",
                 "names": ["Tide League"], "titles": ["the coastal group", "the utility"]},
                {"actor": "Utility Water Group", "type": "institution", "affiliation": "V",
                 "names": ["Utility Water Group", "UWG"]},
                {"actor": "Supreme Court", "type": "institution", "affiliation": "V",
                 "names": ["Supreme Court"]},
                {"actor": "Court of Tides", "type": "institution", "affiliation": "V",
                 "names": ["Court of Tides"]},
                {"actor": "Coast Agency Region 4", "type": "institution", "affiliation": "V",
                 "names": ["Region 4"]},
                {"actor": "Kestland government", "type": "institution", "affiliation": "V",
                 "names": ["Kestland government"]},
                {"actor": "Ruiz administration", "type": "institution", "affiliation": "V",
                 "names": ["Ruiz administration"]},
                {"actor": "Berg administration", "type": "institution", "affiliation": "V",
                 "names": ["Berg administration"]},
                {"actor": "Shore Party", "type": "institution", "affiliation": "V",
                 "names": ["Shore Party"]},
                {"actor": "Coastal Party", "type": "institution", "affiliation": "V",
                 "names": ["Coastal Party"]},
                {"actor": "White House", "type": "institution", "affiliation": "V",
                 "names": ["White House"]},
                {"actor": "Kestland House", "type": "institution", "affiliation": "V",
                 "names": ["House"]},
                {"actor": "Lena Berg", "type": "person", "affiliation": "V",
                 "names": ["Lena Berg", "Berg"], "titles": ["the Coast Agency chief",
                                                            "the rogue chief"]},
                {"actor": "Ana Ruiz", "type": "person", "affiliation": "V",
                 "names": ["Ana Ruiz", "Ruiz"]},
            ],
        },
        "eighth",
    )  # fmt: skip


def _one_article(sentences: list[str]) -> list[tuple[str, str, str]]:
    _, sents = make_sentences([sentences])
    return spans(find_mentions(sents, _eighth_catalog()))


def test_eighth_pass_a_catalog_title_without_its_article():
    """Issue #16, story G class (gold rules 67, 75): a "the ..." title also counts after
    "this"/"that", after a possessive (two words or more), opening a headline, and for a body
    after "a"; not for a person after "a" ("a rogue chief" may be anyone), nor after "former"
    (another office). A title that runs into a capitalised name yields to the name ("the Utility
    Water Group (UWG)": the name, its bracketed acronym no second mention); a title before a
    sector noun ("the utility industry") is the sector, no body."""
    got = _one_article(
        [
            "Coast Agency chief says the tide will rise.",
            "Ruiz praised this rogue chief.",
            "Ruiz thanked her Coast Agency chief.",
            "Ruiz's Coast Agency chief left.",
            "Ruiz sued a coastal group.",
            "Ruiz praised a rogue chief.",
            "Ruiz met former Coast Agency chief Tom Bell.",
            "Ruiz sued the Utility Water Group (UWG) on Monday.",
            "The utility industry grew.",
        ]
    )
    assert got == [
        ("Coast Agency chief", "Lena Berg", "title"),
        ("Ruiz", "Ana Ruiz", "name"),
        ("rogue chief", "Lena Berg", "title"),
        ("Ruiz", "Ana Ruiz", "name"),
        ("Coast Agency chief", "Lena Berg", "title"),
        ("Ruiz", "Ana Ruiz", "name"),
        ("Coast Agency chief", "Lena Berg", "title"),
        ("Ruiz", "Ana Ruiz", "name"),
        ("coastal group", "Tide League", "title"),
        ("Ruiz", "Ana Ruiz", "name"),
        ("Ruiz", "Ana Ruiz", "name"),
        ("Ruiz", "Ana Ruiz", "name"),
        ("Utility Water Group", "Utility Water Group", "name"),
    ]


def test_eighth_pass_a_surname_after_a_function_word_or_a_plural_title():
    """Issue #16, story F/G class: a capitalised function word glued to a surname ("…)During
    Berg's testimony", a headline's "Another Berg-Era Rule") or a plural title ("Presidents
    Berg and Ruiz") is no first name: the surname is a mention."""
    got = _one_article(
        [
            "It was clear.\")During Berg's testimony she left.",
            "Kestland Weighs Another Berg-Era Rule",
            "Presidents Berg and Ruiz met.",
        ]
    )
    assert got == [
        ("Berg", "Lena Berg", "name"),
        ("Berg", "Lena Berg", "name"),
        ("Berg", "Lena Berg", "name"),
        ("Ruiz", "Ana Ruiz", "name"),
    ]


def test_eighth_pass_a_body_in_a_named_persons_affiliation_or_job():
    """Issue #16, story F/G class (gold rules 60, 63): "<Name> of the X", "<Name>, who now
    leads the X" (also after an apposition, and "who led the X transition team"), "<Name>,
    executive director of the X." (the apposition ends the sentence), an apposition after a
    party tag ("Sen. Tom Bell, R-Kest., chairman of the X panel,"), a role in the X's office
    ("a special assistant in the agency's ..."), and a body's common noun in an office held
    ("acting chief of the agency"), and a body before its bracketed acronym and a role and a
    name ("Coast Agency (CA) chief Tom Bell") are no mentions of the body; "who founded the
    X", "hired to lead the X" and "Tide Agency rules as president" are."""
    got = _one_article(
        [
            "Ruiz of the Coast Agency said so.",
            "Tom Bell, a former senator who now leads the Coast Agency, said so.",
            "Tom Bell, who led the Coast Agency transition team, agreed.",
            '"No," said Tom Bell, executive director of the Coast Agency.',
            "Sen. Tom Bell, R-Kest., chairman of the Coast Agency panel, called it good.",
            "He was a special assistant in the agency's Utility Water Group for years.",
            "Berg had been acting chief of the agency since July.",
            "Tom Bell, who founded the Tide League, gave money.",
            "Ruiz was hired to lead the Coast Agency.",
            "Berg will repeal key Coast Agency rules as president, she said.",
            "Coast Agency (CA) chief Tom Bell spoke.",
        ]
    )
    assert got == [
        ("Ruiz", "Ana Ruiz", "name"),
        ("Berg", "Lena Berg", "name"),
        ("Tide League", "Tide League", "name"),
        ("Ruiz", "Ana Ruiz", "name"),
        ("Coast Agency", "Coast Agency", "name"),
        ("Berg", "Lena Berg", "name"),
        ("Coast Agency", "Coast Agency", "name"),
    ]


def test_eighth_pass_body_anaphors():
    """Issue #16, story F/G class (gold rules 3, 14, 34, 49, 74): "this agency", a capitalised
    "the Agency", a bare "agency officials" (not "an agency whose ..."), "a government study";
    not "the federal agency websites" (any agency) nor "the last administration made" (another);
    "the court" and "the lower court" (the last court named that is no supreme court); "the
    region" acting (not "in the region"); "the administration" with none named before is the
    administration of a person named in the last three sentences, "his administration" that
    of a person in the same sentence; "their party" after a plural of its members
    ("Coastals ... their party" -> the Coastal Party, not the Shore Party)."""
    got = _one_article(
        [
            "The Coast Agency met.",
            "Grants from this agency stop.",
            "To an unprecedented extent, the Agency hid data.",
            "Senior agency officials left, and it was an agency whose aim was bad.",
            "It cut the federal agency websites.",
            "A government study found it.",
            "The Court of Tides ruled, and the Supreme Court heard it.",
            "The lower court ruled again.",
            "Region 4 closed.",
            "The region serves six towns, and people in the region fled.",
            "Ruiz praised Berg's plan.",
            "The administration's effort failed.",
            "The last administration made that link.",
            "Ruiz hailed his administration.",
            "Most Coastals backed their party's plan.",
        ]
    )
    assert got == [
        ("Coast Agency", "Coast Agency", "name"),
        ("agency", "Coast Agency", "title"),
        ("Agency", "Coast Agency", "title"),
        ("agency", "Coast Agency", "title"),
        ("government", "Kestland government", "title"),
        ("Court of Tides", "Court of Tides", "name"),
        ("Supreme Court", "Supreme Court", "name"),
        ("court", "Court of Tides", "title"),
        ("Region 4", "Coast Agency Region 4", "name"),
        ("region", "Coast Agency Region 4", "title"),
        ("Ruiz", "Ana Ruiz", "name"),
        ("Berg", "Lena Berg", "name"),
        ("administration", "Berg administration", "title"),
        ("Ruiz", "Ana Ruiz", "name"),
        ("administration", "Ruiz administration", "title"),
        ("party", "Coastal Party", "title"),
    ]


def test_eighth_pass_places_and_sub_bodies():
    """Issue #16, story G class (gold rules 16, 41): "in the White House" is the building (a
    place), "in the House" the chamber at work; a body before a board's name ("the Coast Agency
    Science Board") is inside the sub-body's name."""
    got = _one_article(
        [
            "No matter who is in the White House, the rule stands.",
            "And in the House, Ruiz spoke.",
            "Members include the Coast Agency Science Board.",
        ]
    )
    assert got == [("House", "Kestland House", "name"), ("Ruiz", "Ana Ruiz", "name")]


def test_eighth_pass_credit_lines_and_correction_notes():
    """Issue #16, story G class (gold rules 23, 76): a wire credit line ("<Outlet> writer <Name>
    contributed to this report from X.", "... reported from X.") and a correction note ("This
    story has been corrected ...", "An earlier version of this story misstated ...") are no
    prose: no mentions in them; a reporter's report in prose ("reported that ...") is."""
    got = _one_article(
        [
            "Wire writer Lena Berg contributed to this report from Velmora.",
            "Wire writers Lena Berg and Tom Bell reported from Velmora.",
            "This story has been corrected to show that Ruiz won.",
            "An earlier version of this story misstated Ruiz's age.",
            "Wire reporter Lena Berg reported that Ruiz won.",
        ]
    )
    assert got == [("Lena Berg", "Lena Berg", "name"), ("Ruiz", "Ana Ruiz", "name")]


def test_eighth_pass_a_surname_known_alone_is_the_person_named_in_full_in_the_article():
    """Issue #16, story G class (gold rules 15, 17): a catalog actor known by a surname alone
    ("Marn", another Marn) does not take "Marn" in an article that names "Ivo Marn" in full
    (before or after); a full canonical name keeps its surname ("Berg" beside "Tom Berg" stays
    Lena Berg); in an article naming no Marn in full, "Marn" stays the catalog's Marn."""
    cat = parse_catalog(
        {
            "version": 1,
            "story": "marn",
            "actors": [
                {"actor": "Marn", "type": "person", "affiliation": "V", "names": ["Marn"]},
                {"actor": "Ivo Marn", "type": "person", "affiliation": "V", "names": ["Ivo Marn"]},
                {"actor": "Lena Berg", "type": "person", "affiliation": "V",
                 "names": ["Lena Berg", "Berg"]},
                {"actor": "Tom Berg", "type": "person", "affiliation": "V", "names": ["Tom Berg"]},
            ],
        },
        "marn",
    )  # fmt: skip
    _, one = make_sentences(
        [["Marn spoke first.", "Ivo Marn ran in 2016.", "The Roe-Marn plan failed."]], "a1"
    )
    _, two = make_sentences([["Tom Berg ran.", "Berg won.", "Marn left."]], "a2")
    assert spans(find_mentions(pd.concat([one, two], ignore_index=True), cat)) == [
        ("Marn", "Ivo Marn", "name"),
        ("Ivo Marn", "Ivo Marn", "name"),
        ("Marn", "Ivo Marn", "name"),
        ("Tom Berg", "Tom Berg", "name"),
        ("Berg", "Lena Berg", "name"),
        ("Marn", "Marn", "name"),
    ]


def _tide_catalog(*actors: dict) -> pd.DataFrame:
    """The catalog of the invented "tide" story with these actors."""
    return parse_catalog({"version": 1, "story": "tide", "actors": list(actors)}, "tide")


def _tenth_catalog():
    return _tide_catalog(
        {"actor": "Tide Chamber", "type": "institution", "affiliation": "V",
         "names": ["Tide Chamber", "Chamber"]},
        {"actor": "Velmora Senate", "type": "institution", "affiliation": "V",
         "names": ["Senate"]},
        {"actor": "Chirper", "type": "institution", "affiliation": "V",
         "names": ["Twitter"]},
        {"actor": "Ana Ruiz", "type": "person", "affiliation": "V",
         "names": ["Ana Ruiz", "Ruiz"]},
    )  # fmt: skip


def test_tenth_pass_a_body_word_ending_a_longer_capitalised_name_is_no_mention():
    """Issue #16, tenth pass (rule 1): a body's one-word name that is a common word is no
    mention as the last word of a longer capitalised name the catalog lacks ("the Merchant
    Chamber", as "House" in "White House"); after a sentence-initial word, a possessive, a
    hyphenated compound, an acronym, a party or national adjective, or inside a title-case run
    it still is. A person's name before "administration" or "campaign" names that body, not
    the person (gold rules 83, 85)."""
    _, sents = make_sentences(
        [
            [
                "Ruiz lost the vote in the Merchant Chamber on Monday.",  # no mention
                "Velmoran Chamber members and the Republican Senate met.",  # both count
                "Ruiz's Chamber and the Ruiz-led Senate agreed.",  # both count
                "Chamber leaders met the V.S. Senate.",  # both count
                "A Ruiz administration would sign it, the Ruiz campaign said.",  # no Ruiz
                "Vows A Better Deal Chamber Can't Refuse, Ruiz said.",  # title case run
            ]
        ]
    )
    assert spans(find_mentions(sents, _tenth_catalog())) == [
        ("Ruiz", "Ana Ruiz", "name"),
        ("Chamber", "Tide Chamber", "name"),
        ("Senate", "Velmora Senate", "name"),
        ("Ruiz", "Ana Ruiz", "name"),
        ("Chamber", "Tide Chamber", "name"),
        ("Ruiz", "Ana Ruiz", "name"),
        ("Senate", "Velmora Senate", "name"),
        ("Chamber", "Tide Chamber", "name"),
        ("Senate", "Velmora Senate", "name"),
        ("Chamber", "Tide Chamber", "name"),
        ("Ruiz", "Ana Ruiz", "name"),
    ]


def test_tenth_pass_a_seat_a_race_and_a_platform_as_medium_are_no_mentions():
    """Issue #16, tenth pass (rule 4; gold rules 16, 40, 84): a body as the seat or race one
    runs for ("a Senate seat", "the race for the Senate", "his seat in the Senate", "the halls
    of the Senate") and a social platform as a medium ("wrote on Twitter", "took to Twitter")
    are no mentions; the body and the platform acting are."""
    _, sents = make_sentences(
        [
            [
                "Ruiz held her Senate seat and wrote on Twitter that she won.",
                "She entered the race for the Senate and took to Twitter.",
                "She lost her seat in the Senate and mourned in the halls of the Senate.",
                "The Senate voted and Twitter suspended her account.",
            ]
        ]
    )
    assert spans(find_mentions(sents, _tenth_catalog())) == [
        ("Ruiz", "Ana Ruiz", "name"),
        ("Senate", "Velmora Senate", "name"),
        ("Twitter", "Chirper", "name"),
    ]


def test_tenth_pass_head_noun_anaphora_campaign_network_agency_charity():
    """Issue #16, tenth pass (rule 2; gold rules 14, 85): "the agency" after "the National Tide
    Administration" (an agency named "... Administration"), "the network" after an outlet,
    "the charity" after a body within three sentences, "his campaign" and "Roe's campaign"
    for the candidate's catalog campaign, "the campaign" for the last campaign named. "his
    campaign" of a person with no campaign, and "campaign ads" (the activity), are none."""
    cat = _tide_catalog(
        {"actor": "National Tide Administration", "type": "institution",
         "affiliation": "V", "names": ["National Tide Administration"]},
        {"actor": "Harbour News Network", "type": "institution", "affiliation": "V",
         "names": ["HNN"]},
        {"actor": "Gull Rescue", "type": "institution", "affiliation": "V",
         "names": ["Gull Rescue"]},
        {"actor": "Jane Roe", "type": "person", "affiliation": "V",
         "names": ["Jane Roe", "Roe"]},
        {"actor": "Jane Roe campaign", "type": "institution", "affiliation": "V",
         "names": ["Roe campaign"]},
        {"actor": "Ivo Marn", "type": "person", "affiliation": "V",
         "names": ["Ivo Marn", "Marn"]},
    )  # fmt: skip
    _, sents = make_sentences(
        [
            [
                "The National Tide Administration raised its forecast.",
                "In May the agency warned of floods.",
                "HNN aired the warning and the network later apologised.",
                "Gull Rescue fed the birds; the charity says it needs funds.",
                "Jane Roe spoke first, and her campaign said nothing.",
                "Roe's campaign ads ran all week.",  # the activity
                "Ivo Marn spoke next; his campaign was quiet.",  # Marn has no campaign
                "The Roe campaign hit back, and the campaign raised funds.",
            ]
        ]
    )
    assert spans(find_mentions(sents, cat)) == [
        ("National Tide Administration", "National Tide Administration", "name"),
        ("agency", "National Tide Administration", "title"),
        ("HNN", "Harbour News Network", "name"),
        ("network", "Harbour News Network", "title"),
        ("Gull Rescue", "Gull Rescue", "name"),
        ("charity", "Gull Rescue", "title"),
        ("Jane Roe", "Jane Roe", "name"),
        ("campaign", "Jane Roe campaign", "title"),
        ("Roe", "Jane Roe", "name"),
        ("Ivo Marn", "Ivo Marn", "name"),
        ("Roe campaign", "Jane Roe campaign", "name"),
        ("campaign", "Jane Roe campaign", "title"),
    ]


def test_tenth_pass_an_owner_with_an_apostrophe_in_the_name():
    """ "O'Dell's campaign": a possessive surname with an inner apostrophe owns its campaign."""
    cat = _tide_catalog(
        {"actor": "Tam O'Dell", "type": "person", "affiliation": "V",
         "names": ["Tam O'Dell", "O'Dell"]},
        {"actor": "Tam O'Dell campaign", "type": "institution", "affiliation": "V",
         "names": ["O'Dell campaign"]},
    )  # fmt: skip
    _, sents = make_sentences([["O'Dell's campaign did not respond."]])
    assert spans(find_mentions(sents, cat)) == [
        ("O'Dell", "Tam O'Dell", "name"),
        ("campaign", "Tam O'Dell campaign", "title"),
    ]


def test_tenth_pass_a_body_in_an_uncatalogued_persons_tag_is_no_mention():
    """Issue #16, tenth pass (rule 3; gold rule 60): "said Jane Roe from the Tide League", "Ivo
    Marn of the Tide League" (names the catalog lacks), "Lena Berg, an oceanographer at Tide
    Lab and ..." and "Berg, the Tide Lab oceanographer" are the persons' tags, no mention of the
    body; "the Secretary of the Tide League" is no name, and an unnamed "uncle who was a
    professor at Tide Lab" keeps the body (gold rule 2). "Speaker Roe" is Roe (a title word
    before a surname is no first name)."""
    cat = _tide_catalog(
        {"actor": "Tide League", "type": "institution", "affiliation": "V",
         "names": ["Tide League"]},
        {"actor": "Tide Lab", "type": "institution", "affiliation": "V",
         "names": ["Tide Lab"]},
        {"actor": "Jane Roe", "type": "person", "affiliation": "V",
         "names": ["Jane Roe", "Roe"]},
    )  # fmt: skip
    _, sents = make_sentences(
        [
            [
                '"It is late," said Anna Vale from the Tide League.',
                "Ivo Marn of the Tide League agreed.",
                "The floods grow, said Lena Berg, an oceanographer at Tide Lab and an author.",
                "Floods are frequent, said Berg, the Tide Lab oceanographer.",
                "He met the Secretary of the Tide League.",
                "His uncle was a professor at Tide Lab.",
                "Speaker Roe came.",
            ]
        ]
    )
    assert spans(find_mentions(sents, cat)) == [
        ("Tide League", "Tide League", "name"),
        ("Tide Lab", "Tide Lab", "name"),
        ("Roe", "Jane Roe", "name"),
    ]


def test_tenth_pass_the_government_in_a_normative_claim_is_no_mention():
    """Issue #16, tenth pass (rule 2; gold rule 24): "the government should/must/can ..." is a
    claim about any government, no mention; "the government" acting after the body is named is
    a title mention of it."""
    cat = _tide_catalog(
        {"actor": "Velmora government", "type": "institution", "affiliation": "V",
         "names": ["Velmora government"]},
    )  # fmt: skip
    _, sents = make_sentences(
        [
            [
                "The Velmora government closed the port.",
                "Asked whether the government should pay for sea walls, Roe smiled.",
                "She said the government must help people move.",
                "In May the government reopened it.",
            ]
        ]
    )
    assert spans(find_mentions(sents, cat)) == [
        ("Velmora government", "Velmora government", "name"),
        ("government", "Velmora government", "title"),
    ]


def test_tenth_pass_a_name_opening_a_longer_name_of_a_place_or_body():
    """Issue #16, tenth pass (rule 1): a person's name opening a longer capitalised name of a
    place (up to four words, then a head such as Club: "the Roe National Bay Golf Club") and a
    body's name before "University" ("the Tide League University") are no mentions; "Roe
    said" and "the Tide League said" are."""
    cat = _tide_catalog(
        {"actor": "Tide League", "type": "institution", "affiliation": "V",
         "names": ["Tide League"]},
        {"actor": "Jane Roe", "type": "person", "affiliation": "V",
         "names": ["Jane Roe", "Roe"]},
    )  # fmt: skip
    _, sents = make_sentences(
        [
            [
                "The summit met at the Roe National Bay Golf Club, Roe said.",
                "A dean at the Tide League University in Velm spoke, and the Tide League said no.",
            ]
        ]
    )
    assert spans(find_mentions(sents, cat)) == [
        ("Roe", "Jane Roe", "name"),
        ("Tide League", "Tide League", "name"),
    ]


def test_tenth_pass_a_photo_credit_in_brackets_is_no_mention():
    """Issue #16, tenth pass (gold rule 23): "(Photo: Jane Roe/Tide Lab via AP)" is a picture's
    credit, no mention of the photographer's body; the body in the prose counts."""
    _, sents = make_sentences(
        [["The shelf cracked. (Photo: Ivo Marn/Tide Lab via AP) The Tide Lab measured it."]]
    )
    cat = _tide_catalog(
        {"actor": "Tide Lab", "type": "institution", "affiliation": "V",
         "names": ["Tide Lab"]},
    )  # fmt: skip
    assert spans(find_mentions(sents, cat)) == [("Tide Lab", "Tide Lab", "name")]


def test_present_nouns_shortcut_keeps_the_per_sentence_noun_test():
    """_BodyMemory.sentence tests only the nouns found in its article's run of sentences
    (present_nouns over the texts joined): for every text of a run, a noun is in its lower()
    exactly when one of the run's present nouns is (capitals, final sigma, line breaks)."""
    import random

    from analysis import lang
    from analysis.actors import _BodyMemory

    bodies = _BodyMemory(lang.DEFAULT)
    nouns = list(bodies.nouns)
    rnd = random.Random(16)
    words = ["The", "said", "ΟΔΟΣ", "Σ", "\n", "x", *nouns, *(n.upper() for n in nouns)]
    for _ in range(400):
        run = [
            " ".join(rnd.choice(words) for _ in range(rnd.randint(0, 6)))
            for _ in range(rnd.randint(1, 4))
        ]
        present = bodies.present_nouns(run)
        assert set(present) <= set(nouns)
        for text in run:
            low = text.lower()
            assert any(n in low for n in nouns) == any(n in low for n in present), run
    assert bodies.present_nouns(["Nothing to bind here."]) == ()


def test_and_capital_is_necessary_for_a_pair_match():
    import random

    from analysis.actors import _AND_CAPITAL, _PAIR_RE

    texts = [
        "the US and Russian leaders met",
        "Roe and Doe officials",
        "and Xs",
        "US\tand\nEU ones",
    ]
    rnd = random.Random(17)
    pieces = ["the ", "US", " and ", "and", "\t", "Russian", " leaders", "x", "s", " ", "A"]
    texts += ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 9))) for _ in range(3000)]
    matched = 0
    for text in texts:
        if _PAIR_RE.search(text):
            matched += 1
            assert _AND_CAPITAL.search(text), text
    assert matched > 5

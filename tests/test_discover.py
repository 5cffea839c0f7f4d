"""analysis.discover: the cast of a corpus without a catalog (hand-written fixture sentences)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest
import yaml

from analysis.actors import find_mentions, load_catalog
from analysis.discover import (
    DISCOVERY_COLUMNS,
    discover_actors,
    discovered_catalog,
    draft_yaml,
    skeleton,
)
from analysis.quotes import find_quotes
from analysis.segment import segment_articles

# An invented story (a harbour dispute in an invented country); every name is made up.
ARTICLES = {
    "a1": (
        "Trade Minister Ana Ruiz said on Monday that the port would reopen. "
        "Ruiz told reporters in Velmora that talks with the union had gone well. "
        "Harbour Authority spokesman Tomas Brandt said the National Water Agency (NWA) agreed. "
        "The NWA said it would publish its figures. "
        "Oleksandr Zhuravsky, the union leader, said workers would wait."
    ),
    "a2": (
        "Zhuravskyy said the dockers were tired of promises. "
        "In Velmora, protesters gathered near Lake Mora on Tuesday. "
        "Ruiz said the Velmora Accord would be signed. "
        "Brandt added that ships were waiting off the coast of Velmora."
    ),
    "a3": (
        "Zhuravskiy told the National Water Agency that the pumps had failed. "
        "The agency said repairs had started in Velmora. "
        "Ruiz, who flew from Velmora, said the Velmora Accord was a fair deal."
    ),
}


def _sentences() -> pd.DataFrame:
    arts = pd.DataFrame({"article_id": list(ARTICLES), "text": list(ARTICLES.values())})
    return segment_articles(arts).sentences


@pytest.fixture(scope="module")
def found() -> pd.DataFrame:
    return discover_actors(_sentences())


def _actors(found: pd.DataFrame) -> dict[str, set[str]]:
    return found.groupby("actor")["alias"].apply(set).to_dict()


def test_skeleton_merges_transliterations():
    assert skeleton("Zelensky") == skeleton("Zelenskyy") == skeleton("Zelenskiy")
    assert skeleton("Sergei") == skeleton("Sergey")
    assert skeleton("Peskov") != skeleton("Lavrov")


def test_people_institutions_found_places_and_documents_left_out(found):
    assert list(found.columns) == DISCOVERY_COLUMNS
    actors = _actors(found)
    assert set(actors) == {
        "Ana Ruiz",
        "Tomas Brandt",
        "Oleksandr Zhuravsky",
        "National Water Agency",
    }
    types = found.drop_duplicates("actor").set_index("actor")["type"].to_dict()
    assert types["Ana Ruiz"] == "person" and types["National Water Agency"] == "institution"
    # places ("in Velmora", "Lake Mora"), days and the accord are no actors
    assert not any("Velmora" in a or "Mora" in a for a in actors)


def test_variants_surname_titles_and_acronym_merge(found):
    actors = _actors(found)
    assert {"Oleksandr Zhuravsky", "Zhuravskyy", "Zhuravskiy"} <= actors["Oleksandr Zhuravsky"]
    assert {"Ana Ruiz", "Ruiz", "Trade Minister"} <= actors["Ana Ruiz"]
    assert {"Tomas Brandt", "Brandt", "Harbour Authority spokesman"} <= actors["Tomas Brandt"]
    assert {"National Water Agency", "NWA"} <= actors["National Water Agency"]
    # the apposition is a title of the person it follows
    assert "the union leader" in actors["Oleksandr Zhuravsky"]
    counts = found.drop_duplicates("actor").set_index("actor")["actor_count"].to_dict()
    assert counts["Ana Ruiz"] == 4  # "Trade Minister Ana Ruiz" is one mention, then Ruiz x3
    assert counts["Oleksandr Zhuravsky"] == 3


def test_examples_point_at_sentences(found):
    sents = _sentences().set_index(["article_id", "sentence_index"])["text"]
    for row in found.itertuples(index=False):
        text = sents[(row.example_article, row.example_sentence)]
        assert text == row.example
        assert row.alias.lower() in text.lower()


def test_draft_is_a_catalog(found, tmp_path):
    path = tmp_path / "draft.yaml"
    path.write_text(draft_yaml(found, story="harbour"), encoding="utf-8")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    ruiz = next(a for a in data["actors"] if a["actor"] == "Ana Ruiz")
    assert ruiz["aliases"]["Ruiz"]["example"].startswith("a1#")
    assert 0 < ruiz["confidence"] <= 1
    cat = load_catalog(path)
    assert cat.equals(discovered_catalog(found, story="harbour"))
    # the draft drives the mention stage like a hand-written catalog
    mentions = find_mentions(_sentences(), cat)
    assert (mentions["actor"] == "Ana Ruiz").sum() == 4
    assert (mentions["actor"] == "Oleksandr Zhuravsky").sum() == 3


def test_sorted_for_pruning(found):
    firsts = found.drop_duplicates("actor")
    persons = firsts[firsts["type"] == "person"]
    assert list(firsts["type"]) == sorted(firsts["type"], reverse=True)  # persons first
    assert persons["actor_count"].is_monotonic_decreasing or (persons["confidence"] < 0.6).any()


def test_empty_and_bad_input():
    empty = discover_actors(_sentences().head(0))
    assert list(empty.columns) == DISCOVERY_COLUMNS and empty.empty
    with pytest.raises(ValueError, match="sentences lack column"):
        discover_actors(pd.DataFrame({"text": ["x"]}))


def test_actors_suggest_command(tmp_path, capsys):
    from analysis.__main__ import main

    corpus = tmp_path / "harbour"
    corpus.mkdir()
    for aid, text in ARTICLES.items():
        (corpus / f"{aid}.txt").write_text("Harbour news\n\n" + text + "\n", encoding="utf-8")
    out = tmp_path / "draft.yaml"
    assert main(["actors", "suggest", "--corpus", str(corpus), "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "discovered 3 persons and 1 institutions" in said and str(out) in said
    assert set(load_catalog(out)["actor"]) == {
        "Ana Ruiz",
        "Tomas Brandt",
        "Oleksandr Zhuravsky",
        "National Water Agency",
    }
    assert main(["actors", "suggest", "--corpus", str(tmp_path / "missing")]) == 2


def test_possessives_compounds_initials_teasers_and_credits():
    # a possessive ("Kral's") and a compound ("Kral-era") count for Kral; a middle initial
    # keeps the full name; an upper-case teaser line, a photo credit ("Jan Olsen/AP"), "of"
    # left after a role word and "L.A." are no actors
    texts = [
        "Mayor Ivo Kral spoke. Kral's plan was praised. The Kral-era rules stay.",
        "Port chief Jane Q. Roe said the plan works. Jane Q. Roe's office agreed.",
        "CLICK HERE TO GET THE PORT NEWS APP. CLICK HERE TO GET THE PORT NEWS APP.",
        "Jan Olsen/AP took the photo. Jan Olsen/AP took another one.",
        "Roe, now CEO of Harbour Futures Initiative, spoke. Harbour Futures Initiative agreed.",
        "Pilots in L.A. struck. The strike in L.A. ended.",
    ]
    arts = pd.DataFrame({"article_id": [f"b{i}" for i in range(len(texts))], "text": texts})
    got = discover_actors(segment_articles(arts).sentences)
    counts = got.drop_duplicates("actor").set_index("actor")["actor_count"].to_dict()
    assert counts.get("Ivo Kral") == 3
    assert counts.get("Jane Q. Roe") == 3  # "Roe, now CEO of …" too
    assert "Harbour Futures Initiative" in counts
    for junk in ("CLICK", "PORT NEWS APP", "Jan Olsen", "of Harbour Futures Initiative", "L.A."):
        assert junk not in counts


def test_a_misspelled_long_surname_merges_with_the_person():
    # gold rule 15: "Strossel" (one letter changed) is Jane Strassel when no other person has
    # such a surname; a short surname ("Roe"/"Rae") is never merged this way
    texts = [
        "Jane Strassel said the plan fails. Strassel wrote a column.",
        "Strossel wrote again on Friday. Strossel said it would fail.",
        "Port chief Ivo Roe spoke. Rae said nothing. Rae left.",
    ]
    arts = pd.DataFrame({"article_id": [f"c{i}" for i in range(len(texts))], "text": texts})
    got = _actors(discover_actors(segment_articles(arts).sentences))
    assert {"Strassel", "Strossel"} <= got["Jane Strassel"]
    assert "Rae" not in got.get("Ivo Roe", set())


def _discover(texts: list[str], prefix: str = "t") -> pd.DataFrame:
    arts = pd.DataFrame({"article_id": [f"{prefix}{i}" for i in range(len(texts))], "text": texts})
    return discover_actors(segment_articles(arts).sentences)


def test_the_president_is_the_dominant_holder_of_the_office():
    # President Kara Voss carries "President" three times and is named 7 times; Ivo Marn, a
    # "former President" once and "President Marn" once, is named twice: "the president" is
    # Voss and "the administration" the Voss administration (named twice)
    texts = [
        "President Kara Voss said the dam would open. The president spoke to workers. "
        "The Voss administration approved the plan.",
        "President Voss met the workers. Voss said the plan would work. "
        "The administration said costs would fall.",
        "Critics including former President Ivo Marn attacked the plan. "
        "President Voss replied that the president keeps promises.",
        "Voss said it again. Voss said nothing more. President Marn wrote a letter. "
        "The Voss administration did not reply.",
    ]
    got = _discover(texts)
    titles = got[got["kind"] == "title"].set_index("alias")
    assert titles.loc["the president", "actor"] == "Kara Voss"
    assert titles.loc["the president", "count"] == 2
    assert titles.loc["the administration", "actor"] == "Voss administration"
    assert "the former president" not in titles.index  # one holder, one occurrence
    arts = pd.DataFrame({"article_id": [f"t{i}" for i in range(len(texts))], "text": texts})
    mentions = find_mentions(segment_articles(arts).sentences, discovered_catalog(got))
    spoke = mentions[(mentions["article_id"] == "t0") & (mentions["kind"] == "title")]
    assert list(spoke["actor"]) == ["Kara Voss"]


def test_no_bare_office_title_when_two_holders_are_named_alike():
    texts = [
        "President Kara Voss met President Ivo Marn. The president said the talks went well.",
        "President Voss and President Marn signed. Voss said it works. Marn said it works.",
        "President Voss left. President Marn stayed. Voss spoke. Marn spoke.",
    ]
    got = _discover(texts)
    assert "the president" not in set(got["alias"])


def test_a_surname_that_is_also_a_common_word_counts_when_it_speaks():
    # "stone" is a common word here (three times in lower case), so a capitalised "Stone"
    # opening a sentence is dropped as a sentence-initial word, unless a reporting verb
    # follows: then it is the surname of Amy Stone (1 + 2 mentions), and the speaking surname
    # makes "Amy Stone" a person although "stone" is common; "Critics said" and
    # "Stones fell" make no actor
    texts = [
        "Amy Stone, the park ranger, said the trail was closed. Critics said it was late.",
        "Stone told reporters the stone wall had fallen. A stone hit a car.",
        "Stone said repairs would take a week. The stone path stays shut. Stones fell.",
    ]
    got = _discover(texts, "s")
    assert _actors(got) == {"Amy Stone": {"Amy Stone", "Stone"}}
    assert got["actor_count"].iloc[0] == 3


def test_names_of_storms_transcript_labels_and_things_after_the_are_no_people():
    # "Hurricane Lina" is an event: "Lina" alone names it too (no actor); "KB:" labels a
    # transcript's speaker; "the Korlin Daiva plant" names a thing, not a person (an
    # institution at most, never a surname owner: "Korlin" alone stays unattached); the
    # ocean agency's name holds "and" and is one institution, not a person "Oceanic"
    texts = [
        "Hurricane Lina hit the coast. Lina said nothing, of course. Lina struck the port.",
        "KB: What happened? JT: The storm came.KB: And then? JT: Water.",
        "Workers left the Korlin Daiva plant. The Korlin Daiva reactor failed. Korlin was dark.",
        "The National Oceanic and Atmospheric Administration said the storm grew. An oceanic "
        "and atmospheric administration is needed, the National Oceanic and Atmospheric "
        "Administration said.",
    ]
    got = _discover(texts, "h")
    actors = _actors(got)
    assert "Lina" not in actors and "KB" not in actors and "JT" not in actors
    assert "Oceanic" not in actors
    assert actors["National Oceanic and Atmospheric Administration"] == {
        "National Oceanic and Atmospheric Administration"
    }
    types = got.drop_duplicates("actor").set_index("actor")["type"].to_dict()
    assert types.get("Korlin Daiva", "institution") == "institution"
    assert "Korlin" not in actors.get("Korlin Daiva", set())


def test_chambers_parties_and_bodies_named_by_their_head_word():
    # "the House" alone is the chamber; "the Unity party" and "the Unity Party" are one party;
    # "the Herald" is the only "... Herald" named (the Daily Herald); a body whose head word
    # comes before "on" ("Scientific Panel on River Health") is an institution, not a document
    # about river health
    texts = [
        "The House voted on the bill. Members said the Unity party would act in the House.",
        "The Unity Party won. The Daily Herald said the vote was close. The Herald said so.",
        "The Scientific Panel on River Health said the water was clean. The Herald agreed.",
        "The Scientific Panel on River Health said it again. The Daily Herald checked.",
    ]
    got = _discover(texts, "p")
    actors = _actors(got)
    assert actors["House"] == {"House"}
    assert actors["Unity party"] == {"Unity party", "Unity Party"}
    assert actors["Daily Herald"] == {"Daily Herald", "Herald"}
    assert "Scientific Panel on River Health" in actors
    types = got.drop_duplicates("actor").set_index("actor")["type"]
    assert set(types) == {"institution"}


def test_a_person_named_once_is_kept_with_a_role_or_a_speaker_slot():
    # once-named: "Port chief Lena Hart" (a role) and "said Omar Vale" (a speaker slot) are
    # kept; "Tom Baker" (no cue), "the National Harbour Contest" (a qualifier is no role) and
    # "the Lakeside Fishing Institute" (an institution named once) are not
    texts = [
        "Port chief Lena Hart closed the dock. The ships waited, said Omar Vale.",
        "Tom Baker watched the boats. The National Harbour Contest was cancelled.",
        "A fellow at the Lakeside Fishing Institute wrote a letter.",
    ]
    got = _discover(texts, "o")
    assert set(_actors(got)) == {"Lena Hart", "Omar Vale"}
    assert set(_actors(discover_actors(_discover_sentences(texts), min_count=3))) == set()


def _discover_sentences(texts: list[str]) -> pd.DataFrame:
    arts = pd.DataFrame({"article_id": [f"o{i}" for i in range(len(texts))], "text": texts})
    return segment_articles(arts).sentences


def test_the_federal_government_is_the_named_national_government():
    # "federal government" three times: a title of the "U.S. government" (named once, kept
    # with the three title mentions); with no named government it is an institution of its own
    texts = [
        "The U.S. government said the dam was safe. The federal government paid for it.",
        "Critics said the federal government was late. Federal government engineers agreed.",
    ]
    got = _discover(texts, "f")
    body = got[got["actor"] == "U.S. government"].set_index("alias")
    assert body.loc["federal government", "kind"] == "title"
    assert body.loc["federal government", "count"] == 3
    alone = _discover([t.replace("The U.S. government", "Ana Ruiz") for t in texts], "g")
    assert alone.set_index("actor").loc["federal government", "count"] == 3


def test_junk_classes_of_a_whole_corpus():
    # an acronym ("MIT") is no surname of a person ("Mitt Romney"); two bodies joined by "and"
    # ("House and Senate") stay apart; "Californian Republicans" (a generic plural) and
    # "Watters on Beto" (a show's segment) are no persons; a plural role before a full name
    # is a title ("Justices Clara Tomas"); a six-letter surname one letter off ("Corvyn" for
    # "Corbyn") is another person
    texts = [
        "Mitt Romney spoke at MIT on Monday. Romney said MIT was fine. Researchers at MIT agreed.",
        "The House and Senate passed it. The House and Senate met again.",
        "Californian Republicans said no. Californian Republicans said it twice.",
        "Watters on Beto aired on Fox. Watters on Beto aired again.",
        "Justices Clara Tomas and Ivo Marn agreed. Tomas said it was fair.",
        "Jeremy Corbyn spoke. Corbyn said yes. Sen. Corvyn said no. Corvyn said it again.",
    ]
    actors = _actors(_discover(texts, "j"))
    assert "MIT" not in actors.get("Mitt Romney", set())
    assert "House and Senate" not in actors
    assert "Californian Republicans" not in actors and "Watters on Beto" not in actors
    assert {"Clara Tomas", "Tomas"} <= actors["Clara Tomas"]
    assert "Corvyn" not in actors["Jeremy Corbyn"]


def test_an_administration_or_a_company_with_its_legal_form_named_once_is_kept():
    texts = [
        "The Kral administration approved the dock. Harbour Energy Corp built it.",
        "A fellow at the Lakeside Fishing Institute wrote a letter.",
    ]
    assert set(_actors(_discover(texts, "k"))) == {"Kral administration", "Harbour Energy Corp"}


def test_initials_of_one_person_are_that_person():
    # "AOR" are the initials of Ana Ortiz-Ruiz (a hyphen starts a word) and of no one else,
    # named in full as often as the initials; "CBS" are the initials of the once-named "Cora
    # Bell Sims" but more frequent: a body of its own
    texts = [
        "Ana Ortiz-Ruiz said the port would close. AOR said it twice. CBS said so.",
        "AOR told reporters the port was closed. Ana Ortiz-Ruiz left. CBS said it again.",
        "Harbour chief Cora Bell Sims spoke to CBS.",
    ]
    got = _actors(_discover(texts, "i"))
    assert got["Ana Ortiz-Ruiz"] == {"Ana Ortiz-Ruiz", "AOR"}
    assert got["CBS"] == {"CBS"} and "CBS" not in got["Cora Bell Sims"]


def test_a_capitalised_reporting_verb_ends_a_name_in_a_title_case_line():
    texts = ["Read more: Ana Ruiz Says The Port Will Reopen. Ana Ruiz said it again."]
    got = _discover(texts, "v")
    assert _actors(got) == {"Ana Ruiz": {"Ana Ruiz"}}
    assert got["actor_count"].iloc[0] == 2  # not a second person "Ana Ruiz Says"


def test_a_qualifier_inside_an_institution_name_is_no_title():
    # "Foreign" in "Council on Harbour Foreign Relations" qualifies no role: no person
    # "Relations", and the council is an institution
    texts = [
        "The Council on Harbour Foreign Relations said the port was safe. Ana Ruiz agreed.",
        "The Council on Harbour Foreign Relations said it twice. Top Ruiz aides left.",
    ]
    actors = _actors(_discover(texts, "q"))
    assert "Relations" not in actors
    assert "Council on Harbour Foreign Relations" in actors


def test_a_body_named_only_in_affiliations_credits_or_before_a_name_is_no_actor():
    # Each body below is named twice, always inside a named person's affiliation ("a biologist
    # at the Dunmore Institute", "Paul Renner of Castell University", "director of the ...
    # Greenwater League's ... (GWL)", "the Greenwater League's Jonas Feld") or in a wire credit
    # ("(Wirepress) -"): no mention of it, so not drafted. The Coral Trust is named once in an
    # affiliation and once as itself: drafted. "A representative of the Reef Alliance" is
    # unnamed, so the body is mentioned there: drafted.
    texts = [
        "PORTVALE (Wirepress) - Mira Holt, a marine biologist at the Dunmore Institute, said "
        "the reef was dying. Holt said the water was warm.",
        "KELDA (Wirepress) - Prof Paul Renner of Castell University said the data were clear. "
        "Renner told reporters more.",
        "Ana Vos, the senior director of the Greenwater League's (GWL) reef unit, said it was "
        "late. The Greenwater League's Jonas Feld agreed. Feld said so twice.",
        "Tessa Vane, director of the Coral Trust, said the reef would recover. The Coral Trust "
        "said it disagreed with the Dunmore Institute's Mira Holt.",
        "A representative of the Reef Alliance said the fish were gone. The Reef Alliance said "
        "so. Paul Renner, of Castell University, said the same.",
    ]
    actors = _actors(_discover(texts, "f"))
    for body in ("Dunmore Institute", "Castell University", "Greenwater League", "Wirepress"):
        assert body not in actors
    assert "GWL" not in {a for aliases in actors.values() for a in aliases}
    assert {"Mira Holt", "Paul Renner", "Jonas Feld", "Coral Trust", "Reef Alliance"} <= set(actors)
    assert actors["Coral Trust"] == {"Coral Trust"}


def test_a_title_that_ends_another_holders_title_is_no_alias():
    # "Prime Minister" (Lio Tam's, split off "Prime Minister Lio Tam of Velmora") also ends Ada
    # Rusk's "Kestland Prime Minister": it names no one alone, so it is no alias of Tam's
    texts = [
        "Prime Minister Lio Tam of Velmora met the workers. Tam said the port would open.",
        "Kestland Prime Minister Ada Rusk said the port was shut. Rusk said it twice.",
    ]
    got = _discover(texts, "m")
    actors = _actors(got)
    assert actors["Lio Tam"] == {"Lio Tam", "Tam"}
    assert "Kestland Prime Minister" in actors["Ada Rusk"]


def test_an_acronym_defined_for_a_thing_is_no_actor():
    # "(HQR)" abbreviates a review (a document word ends the run before it), "(PFX)" lower-case
    # words (a chemical), "(KRAP)" is followed by "plan": none is an actor, however often it is
    # used alone. "(RSC)" abbreviates a body (even before "report"): an alias of the council.
    texts = [
        "The Harbour Quality Review (HQR) found dirty water. The HQR said so. HQR said more.",
        "Perfluorinated reef salts (PFX) were found. PFX said nothing. The PFX levels rose.",
        "The Kestland Reef Access Payments (KRAP) plan failed. KRAP said it would pay.",
        "The Reef Science Council (RSC) report was late. The RSC said it would publish it.",
        "KRAP said it was broke. The Reef Science Council said the reef would recover.",
    ]
    actors = _actors(_discover(texts, "k"))
    aliases = {a for names in actors.values() for a in names}
    assert not {"HQR", "PFX", "KRAP"} & aliases
    assert actors["Reef Science Council"] == {"Reef Science Council", "RSC"}


def test_an_academic_or_clerical_honorific_before_a_surname_is_no_first_name():
    # "Prof Peterson" / "Judge Ames" / "Rev. Tull": the honorific stands before the surname,
    # so the surname is a mention of the discovered person (it was read as another person's
    # first name before); "Prof Lena Hart of Dunmore University": the person, not the body
    texts = [
        "Prof Lena Hart of Dunmore University said reefs die. Fish leave, Prof Hart says.",
        "Judge Omar Ames ruled on Monday. Judge Ames said the port must open.",
        "Rev. Ida Tull prayed. The storm passed, Rev Tull said.",
    ]
    sentences = _discover_sentences(texts)
    found = discover_actors(sentences)
    assert {"Lena Hart", "Omar Ames", "Ida Tull"} <= set(_actors(found))
    assert "Dunmore University" not in _actors(found)
    mentions = find_mentions(sentences, discovered_catalog(found))
    assert mentions["actor"].value_counts().to_dict() == {
        "Lena Hart": 2,
        "Omar Ames": 2,
        "Ida Tull": 2,
    }


def test_people_after_lower_case_roles_and_surnames_that_are_common_or_place_words():
    # "Dorn county sheriff Ela Brisk" (a named place's role, named once: kept, with the title);
    # "study co-author Ben Light" and "Ben Light, a fellow": a lower-case role word before the
    # name marks a person even when the surname is a common word ("light"); "Mara Wall ...
    # Wall asked": a place word ("Wall") speaking is the surname of the person named so. "Roe
    # appointed judge Tim Fox": a verb before the role, so no title "Roe appointed judge".
    texts = [
        "Dorn county sheriff Ela Brisk has named the missing. The light was poor that night.",
        "It was a failure, said study co-author Ben Light. Ben Light, a fellow at the Dorn "
        "Institute, agreed. Light forwarded the request. More light fell on the wall.",
        'Mara Wall, who lost her home, was angry. "Why now?" Wall asked. The wall fell.',
        "Governor Jane Roe appointed judge Tim Fox. Roe said it. Fox said nothing.",
    ]
    got = _discover(texts, "w")
    actors = _actors(got)
    assert actors["Ela Brisk"] == {"Ela Brisk", "Dorn county sheriff"}
    assert actors["Ben Light"] == {"Ben Light"}
    assert actors["Mara Wall"] == {"Mara Wall", "Wall"}
    assert not any("appointed" in a for names in actors.values() for a in names)


def test_a_person_named_once_is_kept_with_an_honorific_a_role_apposition_or_a_party_tag():
    # once-named: "Sen. Ola Grant" (an abbreviated honorific), "Ida Moss (R-Velm.)" (a party
    # tag), "Pia Rook, an ocean scientist at ..." and "Ann Rice, a senior fellow," (a role in
    # an apposition; "rice" is also a common word here) are kept; "Tom Baker" (no cue) and "Lee
    # Hart, the port" (no role) are not
    texts = [
        "Sen. Ola Grant arrived first. Ida Moss (R-Velm.) voted against the dock plan.",
        "Pia Rook, an ocean scientist at the Dunmore Institute, warned of acid in the bay.",
        "Ann Rice, a senior fellow, wrote a note. The rice harvest failed. Rice is cheap now.",
        "Tom Baker watched the boats. We saw Lee Hart, the port, and left.",
    ]
    assert set(_actors(_discover(texts, "q"))) == {"Ola Grant", "Ida Moss", "Pia Rook", "Ann Rice"}


def test_a_title_case_headline_line_adds_to_known_names_but_makes_none():
    # "(MORE: Jane Roe Shifts The Port Debate From Fish To Oil)" and "Report Tied To Major
    # Harbour Donors" are title-case lines: "Jane Roe Shifts" and "Major Harbour Donors" are no
    # actors; "The Roe Administration Is Not Happy With ..." counts the "Roe administration"
    # named in the body, in its title-case spelling
    texts = [
        "Jane Roe said the port would close. Roe said it twice. The Roe administration agreed.",
        "(MORE: Jane Roe Shifts The Port Debate From Fish To Oil) The dockers were angry.",
        "A Report Tied To Major Harbour Donors Is Out. The Roe administration said so.",
        "The Roe Administration Is Not Happy With The Port. Jane Roe said nothing.",
        "(MORE: Jane Roe Shifts The Port Debate From Fish To Oil) Roe said nothing again.",
    ]
    actors = _actors(_discover(texts, "t"))
    assert set(actors) == {"Jane Roe", "Roe administration"}
    assert actors["Roe administration"] == {"Roe administration", "Roe Administration"}


def test_a_given_name_spelt_two_ways_is_one_person_and_a_body_that_speaks_once_is_kept():
    # "Marianne" / "Marionne Lutz": one vowel inside a long given name differs, one person;
    # "Maria" / "Mario Lutz" differ in the last letter, two people. "the Harbour Department
    # said" names the body once, as a speaker: kept; "the Fishing Department" named once, not
    # speaking, is not.
    texts = [
        "Marianne Lutz said the port was shut. Marianne Lutz said it twice.",
        "Marionne Lutz told reporters more. Maria Lutz and Mario Lutz left.",
        "Maria Lutz said it was late. Mario Lutz said it was early.",
        "The ships left, the Harbour Department said in a statement. We saw the Fishing "
        "Department building.",
    ]
    actors = _actors(_discover(texts, "g"))
    assert actors["Marianne Lutz"] == {"Marianne Lutz", "Marionne Lutz"}
    assert "Maria Lutz" in actors and "Mario Lutz" in actors
    assert "Harbour Department" in actors and "Fishing Department" not in actors


def test_a_body_after_a_preposition_does_not_speak_and_an_acronym_after_to_is_no_place():
    # "A fellow at the Dunmore Fishing Institute wrote": the fellow writes, so the institute
    # (named once) is not kept as a speaker; "refer to HWA reports" (the initials of the
    # Harbour Water Agency): an acronym after "to" is the body, not a place
    texts = [
        "A fellow at the Dunmore Fishing Institute wrote a letter about the reef.",
        "Critics rarely refer to HWA reports. The Harbour Water Agency was set up in May.",
        "The Harbour Water Agency published its figures.",
    ]
    actors = _actors(_discover(texts, "x"))
    assert "Dunmore Fishing Institute" not in actors
    assert actors["Harbour Water Agency"] == {"Harbour Water Agency", "HWA"}


def test_two_word_countries_and_large_regions_are_places():
    # "Saudi Arabia", "Sri Lanka", "Tamil Nadu": every word a place word (or a demonym), so no
    # person, however often named or even speaking ("Tamil Nadu said" is a metonym)
    texts = [
        "Saudi Arabia and Sri Lanka sided with Kestland. Saudi Arabia wanted more.",
        "Tamil Nadu said the dams were full. Sri Lanka agreed. Tamil Nadu gave water.",
    ]
    assert set(_actors(_discover(texts, "c"))) == set()


def test_people_named_once_after_a_lower_case_role_or_a_bodys_possessive():
    # named once each: "Harbour Radio correspondent Ivo Brandt's quip" (a role and a name with
    # a possessive ’s), "Harbour Radio, anchor Nina Vos on Monday" (a lower-case role before
    # the name), "the Reef Club's Oto Lind" (a body's possessive before a person's name);
    # "Kestland's Deferred Tariff" is a thing after a place's possessive, no person
    texts = [
        "Harbour Radio correspondent Ivo Brandt's quip was aired. Harbour Radio said so.",
        "Ships are late, said Harbour Radio, anchor Nina Vos on Monday.",
        '"The reef is dying," echoed the Reef Club\'s Oto Lind. The Reef Club agreed.',
        "Kestland's Deferred Tariff worried the deferred buyers of every tariff.",
    ]
    actors = _actors(_discover(texts, "r"))
    assert {"Ivo Brandt", "Nina Vos", "Oto Lind"} <= set(actors)
    assert "Deferred Tariff" not in actors


def test_whole_corpus_guards_place_words_and_headline_bodies():
    # "Kenya" (a shipped place word) is mostly not a speaker: its uses do not join the
    # title-case "Lowland Kenya" as that "person's" surname; a body's name inside title-case
    # lines ("The Port Is Ecstatic The Harbour Fishing Commission Met ...") is counted
    texts = [
        "Lowland Kenya is dry. Kenya said nothing. Kenya grew. Kenya rose. Kenya fell.",
        "Lowland Kenya was hot.",
        "The Port Is Ecstatic The Harbour Fishing Commission Met On Monday.",
        "Why The Harbour Fishing Commission Is Not Happy With The Port",
    ]
    got = _discover(texts, "z")
    actors = _actors(got)
    assert "Kenya" not in actors.get("Lowland Kenya", set())
    counts = got.drop_duplicates("actor").set_index("actor")["actor_count"]
    assert counts["Harbour Fishing Commission"] == 2


def test_eighth_pass_numbered_units_short_company_names_and_reordered_body_names():
    """Issue #16, story G classes (eighth pass): "Region 4" of an agency is a body named with a
    number; a company named once in full and then by its first word ("Marlow Energy ...
    Marlow", no person of that name) is one body named twice; one court under three spellings
    (a leading place, "Kenya", dropped; "K.B." read as the initials of "Kestland Bay") and
    "the Fishing Department" / "the Department of Fishing" are one body each. A lone "Region"
    or a number after a place word ("Route 9") is no body, and the first word of a party or a
    government alone ("the Zorvan party ... Zorvan") names something else (a cause, a country)."""
    texts = [
        "The agency's Region 4 office shut. Staff in Region 4 were told on Monday. "
        "Route 9 was closed.",
        "Region 4 said the pumps worked. In 2014, Marlow Energy, a power company, spilled oil.",
        "A law forced Marlow to clean the pits. The Court of Appeals for the Kestland Bay "
        "Circuit ruled on it.",
        "The suit was filed in the Kenya Circuit Court of Appeals for the Kestland Bay. "
        "The Fishing Department said no.",
        "A ruling of the Kenya Court of Appeals for the K.B. Circuit came. The Department of "
        "Fishing said yes.",
        "The Zorvan party said no. Then Zorvan split the town. The Zorvan party met.",
    ]
    got = _discover(texts, "g")
    actors = _actors(got)
    assert actors["Region 4"] == {"Region 4"}
    assert actors["Marlow Energy"] == {"Marlow Energy", "Marlow"}
    court = [a for a, names in actors.items() if "Court of Appeals" in a]
    assert len(court) == 1 and len(actors[court[0]]) == 3
    fishing = [a for a in actors if "Fishing" in a]
    assert len(fishing) == 1 and actors[fishing[0]] == {
        "Fishing Department",
        "Department of Fishing",
    }
    assert "Route 9" not in actors and "Region" not in actors
    assert actors["Zorvan party"] == {"Zorvan party"}


def test_eighth_pass_datelines_credit_lines_titles_alone_and_acronyms_of_rules():
    """Issue #16, story G non-actor entries (eighth pass): a dateline's city in capitals
    ("MARLOW, Kst. (Wire) —"), a wire credit line's writer ("Wire writer Oto Lind contributed to
    this report"), a title with no name ("as Harbour Agency Administrator, she ..."), and an
    acronym mostly before a rule's word ("the ZLG rule") are no actors; the person named in
    prose and the agency are."""
    texts = [
        "MARLOW, Kst. (Wire) — Ana Ruiz said the ZLG rule was bad. Wire writer Oto Lind "
        "contributed to this report from Velmora.",
        "MARLOW, Kst. — Ruiz backed the ZLG rule. In her year as Harbour Agency Administrator, "
        "she said little. Wire writer Oto Lind reported from Velmora.",
        "The Harbour Agency said the ZLG rule stands. Ruiz said so as Harbour Agency "
        "Administrator.",
    ]
    actors = _actors(_discover(texts, "h"))
    assert "Ana Ruiz" in actors and "Harbour Agency" in actors
    assert not {"MARLOW", "Oto Lind", "ZLG", "Harbour Agency Administrator"} & set(actors)


def test_ninth_pass_the_country_government_is_one_body_with_the_federal_government_title():
    """Issue #16, ninth pass (convention 42: a government document's speaker is the country's
    government): "US government", "U.S. government" and "United States government" are one
    body ("US" is no "us"), and "the federal government" written once is its title; with no
    "<Place> government", "the federal government" written once is a body of its own in a
    corpus that names an "<X> administration", and is no body in one that does not."""
    texts = [
        "The US government said the bay was warming. Ana Ruiz spoke.",
        "A report of the U.S. government came out. The federal government released it.",
        "The United States government said no.",
    ]
    actors = _actors(_discover(texts, "n"))
    govt = [a for a in actors if a.endswith("government")]
    assert len(govt) == 1
    assert actors[govt[0]] == {
        "US government",
        "U.S. government",
        "United States government",
        "federal government",
    }
    texts = ["The Tarvo administration cut funds. The federal government released a study."]
    actors = _actors(_discover(texts, "n"))
    assert actors["federal government"] == {"federal government"}
    assert "Tarvo administration" in actors
    texts = ["Ana Ruiz spoke. The federal government released a study."]
    assert "federal government" not in _actors(_discover(texts, "n"))
    texts = ["The Tarvo administration cut funds. State and federal government staff left."]
    assert "federal government" not in _actors(_discover(texts, "n"))
    texts = ["Thirteen government agencies wrote it. Two administration officials spoke."]
    assert _actors(_discover(texts, "n")) == {}


def test_ninth_pass_outlets_named_once_as_a_quotes_source_are_bodies():
    """Issue #16, ninth pass: an outlet named once as a quote's source ("told CNN", "NPR
    reported"; a one-word name the language lists, or an acronym) is drafted as a body; a lone
    word named once in another speaker slot ("Bloomberg tweeted": often a person's surname)
    or after "called" ("a dam called MOSE": a name given to a thing) is not."""
    texts = [
        '"We will wait," Ana Ruiz told CNN on Monday.',
        '"It is over," Bo Lind said, NPR reported.',
        "Bloomberg tweeted that the dam was fine. A dam called MOSE was built.",
    ]
    actors = _actors(_discover(texts, "o"))
    assert actors["CNN"] == {"CNN"} and actors["NPR"] == {"NPR"}
    assert not {"Bloomberg", "MOSE"} & set(actors)


def test_ninth_pass_partial_body_names_works_places_and_headline_names_are_no_actors():
    """Issue #16, ninth pass (classes read on the draft of all 428 NFC articles): a plural
    organisation word alone is part of a body's name ("the National Centers for Tide
    Studies": no actor "Centers"); a work or a product ("The Magic Harbour Bus", a show) is
    no actor; a lone word mostly after "in"/"at" and seldom speaking is a place ("in
    Velmora", even once "Velmora said"); a full name with one word more from a title-case
    headline ("Greta Lund Underway") is the person, so "Greta" alone is hers; "Bo Lind Jr"
    (a generational suffix) stays another person."""
    texts = [
        "Ana Ruiz of the National Centers for Tide Studies said so. The Centers for Tide "
        "Studies agreed. The Magic Harbour Bus was a hit.",
        "In Velmora the water rose. Velmora said it would pump. Floods hit Velmora again. "
        "Ana Ruiz flew to Velmora.",
        "Greta Lund said no. Protest Led By Greta Lund Underway. Greta said it was fine.",
        "Bo Lind spoke. Bo Lind Jr said yes. Greta Lund spoke. Ruiz said the Magic Harbour "
        "Bus was fun.",
    ]
    actors = _actors(_discover(texts, "p"))
    assert not {"Centers", "Velmora", "Magic Harbour Bus", "Greta", "Greta Lund Underway"} & set(
        actors
    )
    assert {"Greta", "Greta Lund"} <= actors["Greta Lund"]
    assert "Bo Lind" in actors and "Bo Lind Jr" in actors


_ROOT = Path(__file__).resolve().parents[1]
_NFC = _ROOT.parent / "shared" / "narrative-frames"


@pytest.mark.skipif(not _NFC.is_dir(), reason="Narrative Frames Corpus not in ../shared")
def test_a_given_name_that_is_also_a_common_word_is_no_alias_of_the_person():
    """A lone capitalised word that the corpus also writes in lower case at least as often is
    not a person's given name alone, as it is not a surname alone. On all 428 Narrative Frames
    articles the draft had given "Green" (twice capitalised alone, "a Green party member"; 67
    times "green") to a headline's "Green Guru James Lovelock", so every "Green New Deal"
    counted as Lovelock (269 mentions in the run's attention table); "Land" (104 times "land")
    to Land Tawney and "Miles" (42 times "miles") to Myles Allen."""
    spec = importlib.util.spec_from_file_location("nfc", _ROOT / "bench" / "nfc.py")
    nfc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(nfc)
    raw = nfc.nfc_articles()
    arts = pd.DataFrame({"article_id": raw["id"].astype(str), "text": raw["text"]})
    actors = _actors(discover_actors(segment_articles(arts).sentences))
    lovelock = [a for a, names in actors.items() if "Lovelock" in names]
    assert lovelock == ["James Lovelock"]
    assert "Green" not in set().union(*actors.values())
    assert "Land" not in actors["Land Tawney"] and "Miles" not in actors["Myles Allen"]


def test_ninth_pass_a_name_mostly_before_a_things_word_names_the_thing():
    """Issue #16, ninth pass: "the Affordable Harbour Energy (AHE) rule" names a rule, not a
    body, when the name mostly stands before a thing's word ("rule", "plan"); the Harbour
    Energy Agency, named before other words, stays a body."""
    texts = [
        "The Harbour Energy Agency said the Affordable Harbour Energy rule was fair.",
        "Ana Ruiz said the Affordable Harbour Energy rule would fail. The Harbour Energy "
        "Agency agreed.",
        "The Affordable Harbour Energy plan came out.",
    ]
    actors = _actors(_discover(texts, "r"))
    assert "Harbour Energy Agency" in actors
    assert "Affordable Harbour Energy" not in actors


def test_a_body_title_is_also_written_with_the_body_short_name():
    # Tenth pass: "Coastal Research Safety Board Chairwoman Ada Kemp" (the title is cut after
    # the generic word "Research": "Safety Board Chairwoman") gives Kemp the title under each
    # name of the one body whose name ends in "Safety Board": its full name and "CRSB", so
    # "the CRSB chairwoman" later is a mention of Kemp, and the "she" after it is Kemp
    texts = [
        "Aides said Coastal Research Safety Board Chairwoman Ada Kemp backed the levy. "
        "The Coastal Research Safety Board (CRSB) voted on Friday.",
        "Mayor Tom Ruhl said the CRSB was wrong. The CRSB chairwoman was asked about Ruhl. "
        '"We will not wait," she said. Kemp added that the CRSB would act.',
    ]
    got = _discover(texts)
    kemp = set(got[(got["actor"] == "Ada Kemp") & (got["kind"] == "title")]["alias"])
    assert {"CRSB chairwoman", "Coastal Research Safety Board chairwoman"} <= kemp
    arts = pd.DataFrame({"article_id": [f"t{i}" for i in range(len(texts))], "text": texts})
    sents = segment_articles(arts).sentences
    cat = discovered_catalog(got)
    mentions = find_mentions(sents, cat)
    m = mentions[(mentions["article_id"] == "t1") & (mentions["kind"] == "title")]
    assert list(m["actor"]) == ["Ada Kemp"]
    quotes = find_quotes(arts, sents, cat, mentions=mentions)
    said = quotes[quotes["article_id"] == "t1"]
    assert said["speaker"].tolist() == ["Ada Kemp"]


def test_a_name_set_off_before_said_or_after_according_to_is_a_speaker():
    # Tenth pass: named once each, so kept only as speakers: "the board's chief economist,
    # Lina Osei Varga, said" (the name set off by commas before "said") and "according to
    # Pieter Dwan of the Tide Institute"; "Jane Roe, who chairs it, said" opens a clause (no
    # comma before the name): Jane Roe is not a speaker there and is left out
    texts = [
        "The board's chief economist, Lina Osei Varga, said in a statement that costs would rise.",
        "The risk, according to Pieter Dwan of the Tide Institute, is growing.",
        "Jane Roe, who chairs it, said no.",
    ]
    got = _discover(texts)
    assert set(got["actor"]) == {"Lina Osei Varga", "Pieter Dwan"}
    assert set(got["evidence"]) == {"speaker"}


def test_a_two_word_name_with_a_body_noun_is_an_institution():
    # Tenth pass: "Harlow Brandt, the largest ferry company on the coast" (apposition headed by
    # "company") and "shipping giant Osk Varden" (a body noun before the name) are bodies, so
    # the "it" of "It added" is Harlow Brandt, not the body named before it; "Nia Fenwick, the
    # group's founder" is a person (her role heads the apposition), and "Tor Malling", written
    # once after "the firm" among three mentions, stays a person
    texts = [
        "Harlow Brandt, the largest ferry company on the coast, runs the port. Shipping giant "
        'Osk Varden reported a spill. Harlow Brandt said it will close the pier. "It is '
        'temporary," it added.',
        "Osk Varden said the spill was small. Nia Fenwick, the group's founder, said no.",
        "Nia Fenwick left. The firm Tor Malling founded grew. Tor Malling said so. Tor Malling "
        "left.",
    ]
    got = _discover(texts).drop_duplicates("actor").set_index("actor")["type"]
    assert got.to_dict() == {
        "Harlow Brandt": "institution",
        "Osk Varden": "institution",
        "Nia Fenwick": "person",
        "Tor Malling": "person",
    }
    arts = pd.DataFrame({"article_id": [f"t{i}" for i in range(len(texts))], "text": texts})
    sents = segment_articles(arts).sentences
    cat = discovered_catalog(_discover(texts))
    quotes = find_quotes(arts, sents, cat, mentions=find_mentions(sents, cat))
    said = quotes[quotes["text"].str.startswith("It is")]
    assert said["speaker"].tolist() == ["Harlow Brandt"]


def test_tenth_pass_two_part_company_names_and_outlets_after_told_the():
    """Issue #16, tenth pass (classes read on stories H and I): a lone two-part name named
    twice mid-sentence ("TideEnergy") is a body; a lone word never written in lower case,
    named three times, mostly after "the" and once as a source ("told the Gazette") is a body
    too; a plural acronym ("SuperPACs"), a Mc surname ("McRoe") and a three-part hashtag
    ("SaveTheDocks") are not, nor is a word after "the" that is never a source ("the Carolinas
    flooded")."""
    texts = [
        "Ana Ruiz buys offsets from TideEnergy, a firm in Velmora. Bo Lind praised TideEnergy.",
        "Ana Ruiz told the Gazette that the dam was safe. The Gazette found cracks. Bo Lind "
        "wrote in the Gazette that it was not.",
        "Bo Lind funded two SuperPACs, and Ana Ruiz funded three SuperPACs. Ana Ruiz hired "
        "McRoe on Monday. Bo Lind hired McRoe too. People painted SaveTheDocks on walls and "
        "Bo Lind saw SaveTheDocks there.",
        "The rain hit the Carolinas. Then the Carolinas flooded. Bo Lind saw the Carolinas.",
    ]
    actors = _actors(_discover(texts, "t"))
    assert actors["TideEnergy"] == {"TideEnergy"} and actors["Gazette"] == {"Gazette"}
    assert not {"SuperPACs", "McRoe", "SaveTheDocks", "Carolinas"} & set(actors)


def test_tenth_pass_a_candidates_campaign_is_a_body():
    """Issue #16, tenth pass (gold rule 85): "the Roe campaign" named twice is a body of its own
    ("Roe campaign"), as "the Roe administration" is; a cause's or an office's campaign ("the
    Beyond Coal campaign" where coal is a common word, "her Senate campaign") is none."""
    texts = [
        "Jane Roe spoke in Velm. The Roe campaign said it would buy offsets.",
        "Later the Roe campaign bought them. Coal is cheap and coal is dirty, coal fans say.",
        "The Beyond Coal campaign grew. The Beyond Coal campaign won. Her Senate campaign "
        "ended, and the Senate campaign of Bo Lind ended too.",
    ]
    actors = _actors(_discover(texts, "c"))
    assert actors["Roe campaign"] == {"Roe campaign"}
    assert not {a for a in actors if a.endswith("campaign") and a != "Roe campaign"}


def test_tenth_pass_common_words_a_glued_headline_leaves_before_a_title_are_no_title():
    """Issue #16, tenth pass (junk aliases on the 428 NFC articles: "Hoax President"): a
    headline glued to the body leaves capitalised common words before "President Ana Ruiz";
    a word written in lower case twice as often as capitalised ("hoax") is no part of a
    title, so no "Hoax President" alias; "Commerce Secretary" (Commerce capitalised as
    often) stays a title."""
    texts = [
        "Why Voters Fell for a Hoax President Ana Ruiz called the flood a hoax. Critics said the "
        "hoax was old, and a second hoax followed.",
        "Commerce Secretary Bo Lind said the Commerce Department agreed. The Commerce "
        "Department said so.",
        "President Ana Ruiz said no.",
    ]
    found = _discover(texts, "h")
    titles = set(found[found["kind"] == "title"]["alias"])
    assert "Commerce Secretary" in titles
    assert not {t for t in titles if "Hoax" in t}


def test_draft_yaml_is_one_dump_of_the_draft_written_once_per_cast(found):
    """draft_yaml writes the fields, then the actors' block (dumped once for two stories: a
    run without a catalog writes the same cast twice); the text is exactly PyYAML's dump of
    the whole draft, for every story and after the cast changes."""
    import analysis.discover as discover

    first = draft_yaml(found, story="harbour")
    comments = first.split("version: 1\n")[0]
    assert comments.count("\n") == 6 and all(
        line.startswith("# ") for line in comments.splitlines()
    )

    def whole(frame: pd.DataFrame, story: str) -> str:
        dumped = yaml.safe_dump(
            discover.draft_catalog(frame, story), sort_keys=False, allow_unicode=True, width=100
        )
        return comments + dumped

    assert first == whole(found, "harbour")
    block = discover._LAST_BLOCK[0][1]
    again = draft_yaml(found, story="a story: with a colon")
    assert discover._LAST_BLOCK[0][1] is block  # the actors' block was not dumped again
    assert again == whole(found, "a story: with a colon")
    assert again.replace("story: 'a story: with a colon'", "story: harbour") == first
    fewer = found[found["actor"] != "Ana Ruiz"]
    third = draft_yaml(fewer, story="harbour")
    assert third == whole(fewer, "harbour") and "Ana Ruiz" not in third
    assert draft_yaml(found.iloc[:0], story="x").endswith("actors: []\n")

"""analysis.lang: one module of word lists per language, looked up by code."""

import types
from pathlib import Path

import pandas as pd
import pytest

from analysis import clean, frames, lang, quotes, rewrites, segment
from analysis.lang import en
from analysis.params import ParameterError, Params
from analysis.pipeline import build_tables

STORY = Path(__file__).resolve().parents[1] / "src/analysis/data/actors_ukraine_energy_pause.yaml"


def test_english_provides_every_required_resource():
    assert lang.available() == ["en"]
    module = lang.get("en")
    assert module is en
    assert all(hasattr(en, name) for name in lang.REQUIRED)
    assert "said" in en.reporting_verb_words() and "according to" not in en.reporting_verb_words()
    assert {"the", "of"} <= lang.load_stopwords()


def test_a_language_without_resources_is_a_clear_error():
    with pytest.raises(ValueError) as err:
        lang.get("de")
    message = str(err.value)
    assert "no language resources for 'de'" in message
    assert "analysis/lang/de.py" in message and "stop words" in message and "TITLES" in message
    assert message.endswith("available: en")
    with pytest.raises(ParameterError, match="parameter languages: no language resources for 'de'"):
        Params(languages=["de"])


PKG = Path(__file__).resolve().parents[1] / "src" / "analysis"
#: where a run's languages are resolved (once each: parameters, corpus stages, engine)
RESOLVERS = {"params.py", "pipeline.py", "engine.py"}


def test_no_stage_module_looks_a_language_up_itself():
    for path in sorted(PKG.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert "lang.get(" not in text, path.name
        assert "analysis.lang.en" not in text and "from analysis.lang import en" not in text
        assert "stopwords_en.csv" not in text, path.name  # the file is named in lang/en.py
        if path.name not in RESOLVERS:
            assert "lang.resolve(" not in text, path.name


def _fake(**changes) -> types.ModuleType:
    """A language module: English with ``changes``."""
    fake = types.ModuleType("analysis.lang.xx")
    fake.__dict__.update({k: v for k, v in vars(en).items() if not k.startswith("__")})
    fake.__dict__.update(changes)
    return fake


def test_every_stage_applies_the_language_it_receives():
    text = "Dr. Smith arrived in the city. He spoke."
    assert len(segment.split_sentences(text)) == 2  # "Dr." is a title in English
    no_dr = _fake(TITLES=en.TITLES - {"dr"})
    assert len(segment.split_sentences(text, language=no_dr)) == 3
    arts = pd.DataFrame({"article_id": ["a"], "text": [text]})
    assert len(segment.segment_articles(arts, no_dr).sentences) == 3

    # a line rich in the language's function words is never set aside for its language
    line = "The minister said that the talks with the union were going well in the capital."
    assert clean.clean_text(line, "no", keep_languages=("de",)).text == line
    bare = _fake(FUNCTION_WORDS=frozenset())
    assert clean.clean_text(line, "no", keep_languages=("de",), language=bare).text == ""

    same = _fake(stem=lambda w: w, inflect=lambda w: [w])
    assert rewrites.normalize_terms("Strikes continued", frozenset()) == ["strik", "continu"]
    assert rewrites.normalize_terms("Strikes continued", frozenset(), same) == [
        "strikes", "continued",
    ]  # fmt: skip
    assert frames.expand_entry("strike").forms[:2] == ("strike", "strikes")
    assert frames.expand_entry("strike", same).forms == ("strike",)

    sentence = '"We will win," she said, according to Jane Doe.'
    quote_arts = pd.DataFrame({"article_id": ["q"], "text": [sentence]})
    catalog = pd.DataFrame(
        [["Jane Doe", "person", "", "Jane Doe", "name", "Doe", "test"]],
        columns=["actor", "type", "affiliation", "alias", "kind", "surname", "source"],
    )
    pronoun = quotes.find_quotes(quote_arts, catalog=catalog)
    no_pronouns = quotes.find_quotes(quote_arts, catalog=catalog, language=_fake(PRONOUNS={}))
    assert pronoun.speaker_resolution.tolist() != no_pronouns.speaker_resolution.tolist()


def test_one_language_per_run_and_the_run_resolves_it_once(tmp_path, monkeypatch):
    assert lang.resolve(["en", "en"]) is en and lang.DEFAULT is en
    monkeypatch.setattr(lang, "get", lambda code: en)  # pretend two languages have resources
    with pytest.raises(ValueError, match="one language per run: en, fr"):
        lang.resolve(["en", "fr"])
    monkeypatch.undo()

    corpus = tmp_path / "c.csv"
    pd.DataFrame(
        {"id": ["a"], "outlet": ["X"], "text": ["Dr. Smith arrived in the city. He spoke."]}
    ).to_csv(corpus, index=False)
    params = Params(corpus=str(corpus), catalog=str(STORY), n_boot=10)
    assert len(build_tables(params).sentences) == 2
    calls = []

    def resolve(codes):
        calls.append(tuple(codes))
        return _fake(TITLES=en.TITLES - {"dr"})

    monkeypatch.setattr(lang, "resolve", resolve)
    assert len(build_tables(params).sentences) == 3  # the engine's stages got the run's language
    assert set(calls) == {("en",)}


def test_stem_and_inflect_rules():
    assert [en.stem(w) for w in ("strikes", "bombings", "agreed", "energies")] == [
        "strik",
        "bomb",
        "agre",
        "energi",
    ]
    assert en.inflect("stop") == ["stop", "stops", "stoped", "stoping", "stopped", "stopping"]
    assert en.inflect("negotiate")[-2:] == ["negotiation", "negotiations"]

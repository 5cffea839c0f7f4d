"""analysis.lang: one module of word lists per language, looked up by code."""

import pytest

from analysis import actors, attribution, clean, frames, lang, quotes, rewrites, segment
from analysis.lang import en
from analysis.params import ParameterError, Params


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


def test_the_stages_use_the_language_module_not_their_own_copies():
    assert segment.TITLES is en.TITLES and segment.SENTENCE_STARTERS is en.SENTENCE_STARTERS
    assert actors._NOT_GIVEN_NAMES is en.NOT_GIVEN_NAMES
    assert quotes._STOP is en.PHRASE_STOP and quotes._PRONOUNS is en.PRONOUNS
    assert attribution._AUX is en.AUX
    assert clean._EN_FUNCTION_WORDS is en.FUNCTION_WORDS
    assert rewrites.stem is en.stem and frames.inflect is en.inflect
    assert quotes.DEFAULT_CUES == en.QUOTE_CUES


def test_stem_and_inflect_rules():
    assert [en.stem(w) for w in ("strikes", "bombings", "agreed", "energies")] == [
        "strik",
        "bomb",
        "agre",
        "energi",
    ]
    assert en.inflect("stop") == ["stop", "stops", "stoped", "stoping", "stopped", "stopping"]
    assert en.inflect("negotiate")[-2:] == ["negotiation", "negotiations"]

"""analysis.params: defaults, type checks, files, catalog actors, corpus outlets and events."""

from pathlib import Path

import pytest

from analysis.params import DEFAULTS, ParameterError, Params, from_namespace, validate

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "corpus"
STORY = ROOT / "src" / "analysis" / "data" / "actors_ukraine_energy_pause.yaml"


def test_defaults_validate_to_absolute_paths():
    p = validate({"corpus": str(FIXTURE), "output_dir": "/tmp/x"})
    assert isinstance(p, Params)
    assert p.corpus == str(FIXTURE)
    assert p.manifest is None and p.catalog is None
    assert p.output_dir == "/tmp/x"
    assert p.as_dict()["languages"] == ["en"]
    assert list(p.as_dict()) == list(DEFAULTS)


def test_relative_input_falls_back_to_project_folder(monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT / "notebooks")  # as in JupyterLab
    p = validate({"corpus": "tests/fixtures/corpus", "output_dir": "reports/x"})
    assert p.corpus == str(FIXTURE)
    assert p.output_dir == str(ROOT / "reports" / "x")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"n_boot": "20"}, "parameter n_boot: expected a whole number, got '20'"),
        ({"n_boot": True}, "parameter n_boot: expected a whole number"),
        ({"n_boot": 5}, "parameter n_boot: expected 10 to 100000, got 5"),
        ({"actors": "Donald Trump"}, "parameter actors: expected a list of names"),
        ({"outlets": [1]}, "parameter outlets: expected a list of names"),
        ({"domain_lexicon": 3}, "parameter domain_lexicon: expected true, false or a CSV path"),
        ({"instrument": "vadr"}, "parameter instrument: unknown instrument 'vadr' (did you mean"),
        ({"rewrites": "twice"}, "parameter rewrites: unknown setting 'twice'"),
        ({"colour": "red"}, "unknown parameter 'colour'"),
        ({"languages": []}, "parameter languages: give at least one language"),
        ({"manifest": "no/such/manifest.csv"}, "parameter manifest: file or folder not found"),
        (
            {"actors": ["Donald Trum"], "catalog": str(STORY)},
            "parameter actors: unknown actor 'Donald Trum' (did you",
        ),
        ({"outlets": ["The Times"]}, "parameter outlets: unknown outlet 'The Times'"),
        ({"event": "other event"}, "parameter event: unknown event 'other event'"),
    ],
)
def test_bad_values_name_the_parameter(values, message):
    with pytest.raises(ParameterError) as err:
        validate({"corpus": str(FIXTURE), **values})
    assert message in str(err.value)
    assert isinstance(err.value, ValueError)


def test_missing_corpus_and_bad_catalog(tmp_path):
    with pytest.raises(ParameterError, match="parameter corpus: file or folder not found"):
        validate({"corpus": str(tmp_path / "nothing")})
    bad = tmp_path / "cat.yaml"
    bad.write_text("version: 1\nstory: x\nactors: []\n", "utf-8")
    with pytest.raises(ParameterError, match="parameter catalog: "):
        validate({"corpus": str(FIXTURE), "catalog": str(bad)})


def test_known_outlet_event_and_actor_pass():
    p = validate(
        {
            "corpus": str(FIXTURE),
            "outlets": ["Daily Test"],
            "event": "test pause",
            "actors": ["Vladimir Putin"],
        }
    )
    assert p.outlets == ("Daily Test",) and p.event == "test pause"
    assert p.actors == ("Vladimir Putin",)


def test_from_namespace_picks_parameter_names_only():
    ns = {"corpus": str(FIXTURE), "seed": 3, "p": object(), "__name__": "x"}
    assert from_namespace(ns).seed == 3


def test_error_renders_as_one_line_in_ipython():
    err = ParameterError("parameter actors: unknown actor 'X'")
    assert err._render_traceback_() == ["ParameterError: parameter actors: unknown actor 'X'"]


def test_params_is_keyword_only_frozen_and_validated_on_construction():
    p = Params(corpus=str(FIXTURE), outlets=["Daily Test"], languages=["en"])
    assert p.outlets == ("Daily Test",) and p.languages == ("en",)  # lists become tuples
    with pytest.raises(TypeError):
        Params(str(FIXTURE))  # keyword-only
    with pytest.raises(AttributeError):
        p.n_boot = 5  # frozen
    with pytest.raises(ParameterError, match="parameter rewrites: unknown setting 'twice'"):
        Params(corpus=str(FIXTURE), rewrites="twice")  # validated here, and only here


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"date_from": "30.01.2026"}, "parameter date_from: expected a day as YYYY-MM-DD"),
        ({"date_from": "2026-02-01", "date_to": "2026-01-01"}, "is before date_from"),
        ({"score": "tone"}, "parameter score: unknown score 'tone'"),
        ({"engine": "spark"}, "parameter engine: unknown engine 'spark'"),
        ({"workers": 0}, "parameter workers: expected at least 1"),
        ({"instrument": "vader", "instruments": ["textblob"]}, "is not among instruments"),
        ({"scheduler": "tcp://x:1"}, "parameter scheduler: only used with engine 'dask'"),
    ],
)
def test_bad_run_fields_name_the_parameter(values, message):
    with pytest.raises(ParameterError, match=message):
        Params(corpus=str(FIXTURE), **values)


def test_scale_fields_are_accepted_but_not_analysis_parameters():
    p = validate({"corpus": str(FIXTURE), "workers": 2, "chunk_size": 10})
    assert (p.workers, p.chunk_size) == (2, 10)
    assert "workers" not in p.as_dict()


def test_outlet_group_must_be_a_corpus_column_and_aliases_a_valid_table(tmp_path):

    seeds = "data/raw/seeds"
    assert Params(corpus=seeds, outlet_group="outlet_type").outlet_group == "outlet_type"
    with pytest.raises(ParameterError, match="parameter outlet_group: unknown corpus column"):
        Params(corpus=seeds, outlet_group="countri")
    bad = tmp_path / "aliases.csv"
    bad.write_text("alias\nx\n", "utf-8")
    with pytest.raises(ParameterError, match=r"parameter outlet_aliases: .*alias,outlet"):
        Params(corpus=seeds, outlet_aliases=str(bad))
    good = tmp_path / "good.csv"
    good.write_text("alias,outlet\nThe Guardian,Guardian\n", "utf-8")
    assert Params(corpus=seeds, outlet_aliases=str(good), outlets=["Guardian"]).outlets == (
        "Guardian",
    )


def test_without_a_catalog_focus_actors_are_checked_against_the_discovered_cast():
    from analysis.pipeline import build_tables

    params = Params(corpus=str(FIXTURE), actors=["Nobody Atall"], n_boot=10)  # no error yet
    with (
        pytest.warns(UserWarning, match="no actor catalog given"),
        pytest.raises(ParameterError, match="parameter actors: unknown actor 'Nobody"),
    ):
        build_tables(params)


def test_groups_need_an_outlet_group_and_every_unknown_group_is_named():
    seeds = "data/raw/seeds"
    p = Params(corpus=seeds, outlet_group="outlet_type", groups=["newspaper"])
    assert p.groups == ("newspaper",) and p.as_dict()["groups"] == ["newspaper"]
    with pytest.raises(ParameterError, match=r"parameter groups: .*outlet_group is not set"):
        Params(corpus=seeds, groups=["newspaper"])
    with pytest.raises(ParameterError) as err:
        Params(
            corpus=seeds, outlet_group="outlet_type", groups=["newspapers", "blog", "aggregator"]
        )
    msg = str(err.value)
    assert msg.startswith("parameter groups: unknown group(s) 'newspapers' (did you mean")
    assert "'blog'" in msg and "in column 'outlet_type'" in msg
    assert "known: 'aggregator', 'news agency', 'newspaper'" in msg

"""Tests for analysis.clean on hand-made fixtures and on the seeds."""

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.clean import clean_articles, clean_text, detect_headline, load_rules
from analysis.ledger import edit_rows, ledger_frame, reconstruct

SEEDS = Path(__file__).resolve().parents[1] / "data" / "raw" / "seeds"

BODY = (
    "Officials in the capital said on Monday that the talks would resume next week, after a "
    "pause of several days in which both delegations consulted their governments at home.\n"
    "The minister told reporters that progress had been slow but steady, and that a draft "
    "agreement on the exchange of prisoners was now being discussed by the two sides.\n"
)


def _removed(raw: str, res) -> list[tuple[str, str]]:
    """(category, removed text stripped) for every non-whitespace edit."""
    return [
        (e.category, raw[e.start : e.end].strip())
        for e in res.edits
        if e.category not in ("whitespace", "normalize")
    ]


def _round_trip(raw: str, res) -> None:
    assert reconstruct(res.text, ledger_frame(edit_rows("a", "s", raw, res.edits))) == raw


# --- normalisation -------------------------------------------------------------------------


def test_normalisation_keeps_quotes_distinct():
    raw = 'He said \u201cyes\u201d and "no".\u00a0It\u2019s e\u0301te\u0301.\u200b\r\nNext line.'
    res = clean_text(raw, "no")
    assert res.text == 'He said \u201cyes\u201d and "no". It\u2019s \u00e9t\u00e9.\nNext line.'
    cats = [(e.rule, raw[e.start : e.end]) for e in res.edits]
    assert cats == [
        ("space", "\u00a0"),
        ("nfc", "e\u0301"),
        ("nfc", "e\u0301"),
        ("invisible", "\u200b"),
        ("line_ending", "\r\n"),
    ]
    _round_trip(raw, res)


# --- rule file -----------------------------------------------------------------------------


def test_every_shipped_rule_example_and_counterexample():
    rules = load_rules()
    assert rules.version == "1"
    for rule in rules.rules:
        assert rule.examples, f"rule {rule.id} has no examples"
        for ex in rule.examples:
            n = len(ex.split())
            assert rule.pattern.search(ex.strip()) and n <= rule.max_words, (rule.id, ex)
        for ex in rule.counterexamples:
            hit = rule.pattern.search(ex.strip()) and len(ex.split()) <= rule.max_words
            assert not hit, (rule.id, ex)


def test_bad_rule_files_name_the_file(tmp_path):
    bad = tmp_path / "rules.yaml"
    bad.write_text("rules: [\n  - id: x\n", encoding="utf-8")
    with pytest.raises(
        ValueError, match=r"boilerplate rules .*rules\.yaml: YAML syntax error at line"
    ):
        load_rules(bad)
    bad.write_text("rules:\n  - id: x\n    category: c\n    scope: line\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"rules.yaml: rule 1 \(x\) lacks pattern"):
        load_rules(bad)
    bad.write_text(
        "rules:\n  - {id: x, category: c, scope: line, pattern: '(unclosed'}\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match="rule x: bad pattern"):
        load_rules(bad)
    with pytest.raises(ValueError, match=r"boilerplate rules .*missing\.yaml: cannot be read"):
        load_rules(tmp_path / "missing.yaml")


def test_user_rules_replace_the_shipped_ones(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(
        "version: 7\nrules:\n  - id: wire_tag\n    category: agency_tag\n    scope: line\n"
        "    max_words: 3\n    pattern: '^\\(?(reuters|ap|afp)\\)?$'\n",
        encoding="utf-8",
    )
    raw = "(Reuters)\n" + BODY + "Sign up for our daily newsletter\n"
    res = clean_text(raw, "no", load_rules(path))
    # only the user's rule applies: the newsletter line stays
    assert _removed(raw, res) == [("boilerplate:agency_tag", "(Reuters)")]
    assert res.text.endswith("Sign up for our daily newsletter")


# --- boilerplate variants (not the seeds' strings) -------------------------------------------


def test_newsletter_and_share_lines_mid_article():
    raw = (
        BODY.split("\n")[0]
        + "\nGet the Morning Briefing newsletter in your inbox every day\n"
        + "Share this story\n"
        + BODY.split("\n")[1]
    )
    res = clean_text(raw, "no")
    assert _removed(raw, res) == [
        ("boilerplate:newsletter", "Get the Morning Briefing newsletter in your inbox every day"),
        ("boilerplate:share_follow", "Share this story"),
    ]
    assert res.text == BODY.strip()
    _round_trip(raw, res)


def test_french_paywall_block_is_one_notice():
    notice = [
        "Vous lisez un article réservé aux abonnés.",
        "Cet article est en cours de lecture sur un autre appareil, vous ne pouvez pas le lire "
        "sur celui-ci en même temps que sur l'autre.",
        "Découvrez nos offres.",
    ]
    raw = BODY + "\n".join(notice) + "\n"
    res = clean_text(raw, "no")
    removed = _removed(raw, res)
    assert [t for _, t in removed] == notice
    assert {c for c, _ in removed} == {"boilerplate:paywall"}
    assert res.text == BODY.strip()


def test_comment_form_footer_removes_fields_but_stops_at_prose():
    raw = (
        BODY
        + "Leave a comment\nName *\nEmail *\nWebsite\nPost Comment\n"
        + "In other news, the city council voted on Tuesday to expand the tram network by "
        "twelve kilometres, a plan that had been debated for more than a decade by residents.\n"
    )
    res = clean_text(raw, "no")
    assert [t for _, t in _removed(raw, res)] == [
        "Leave a comment",
        "Name *",
        "Email *",
        "Website",
        "Post Comment",
    ]
    assert res.text.endswith("debated for more than a decade by residents.")


def test_footer_header_early_in_article_is_not_a_footer():
    raw = "Read more:\n" + BODY + BODY + BODY
    res = clean_text(raw, "no")
    assert _removed(raw, res) == []


def test_related_footer_with_bullets_and_photo_credit():
    raw = (
        "Photo: Jane Roe/Reuters\n"
        + BODY
        + "See also:\n• Talks resume in Geneva\n• Timeline of the conflict\n"
    )
    res = clean_text(raw, "no")
    assert _removed(raw, res) == [
        ("boilerplate:photo_credit", "Photo: Jane Roe/Reuters"),
        ("boilerplate:related_links", "See also:"),
        ("boilerplate:related_links", "• Talks resume in Geneva"),
        ("boilerplate:related_links", "• Timeline of the conflict"),
    ]


# --- language ------------------------------------------------------------------------------

GERMAN = (
    "Die Regierung hat am Montag erklärt, dass die Gespräche in der nächsten Woche "
    "fortgesetzt werden sollen, nachdem beide Seiten ihre Positionen geprüft haben."
)
SPANISH = (
    "El gobierno anunció el lunes que las conversaciones se reanudarán la próxima semana, "
    "después de una pausa de varios días en la capital."
)


def test_long_foreign_paragraph_is_set_aside_with_its_language():
    raw = BODY + GERMAN + "\n" + BODY
    res = clean_text(raw, "no")
    assert _removed(raw, res) == [("language", GERMAN)]
    rule = [e.rule for e in res.edits if e.category == "language"]
    assert rule == ["language:de"]


def test_short_english_footer_is_not_judged_alone():
    # py3langid calls this line French; short lines are never judged on their own
    raw = BODY + "• Source 1 • Source 2\n"
    res = clean_text(raw, "no", keep_languages=("en",))
    assert _removed(raw, res) == []
    assert res.text.endswith("• Source 1 • Source 2")


def test_short_line_inside_foreign_block_goes_with_it():
    raw = BODY + SPANISH + "\nMás información\n" + SPANISH + "\n"
    res = clean_text(raw, "no")
    removed = _removed(raw, res)
    assert [t for _, t in removed] == [SPANISH, "Más información", SPANISH]
    assert all(c == "language" for c, _ in removed)


def test_other_kept_language():
    raw = GERMAN + "\n" + GERMAN
    assert clean_text(raw, "no", keep_languages=("de",)).text == raw
    assert clean_text(raw, "no", keep_languages=("de",)).language == "de"


def test_article_entirely_in_another_language_is_excluded():
    arts = pd.DataFrame(
        {
            "article_id": ["de1", "en1"],
            "source": ["de1.txt", "en1.txt"],
            "headline_in_text": ["no", "no"],
            "raw_text": [GERMAN + "\n" + GERMAN, BODY],
        }
    )
    out = clean_articles(arts)
    assert out.articles.article_id.tolist() == ["en1"]
    excl = out.ledger[out.ledger.action == "excluded"]
    assert excl.article_id.tolist() == ["de1"]
    assert "no text left after cleaning" in excl.reason.iloc[0]


# --- headline and standfirst ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mode", "headline", "standfirst"),
    [
        ("Talks resume\nThe body starts here.", "yes", (0, 12), (-1, -1)),
        ("Talks resume\nThe body starts here.", "no", (-1, -1), (-1, -1)),
        ("Talks resume in Geneva\nThe body starts here.", "auto", (0, 22), (-1, -1)),
        ("The talks resumed on Monday.\nMore text.", "auto", (-1, -1), (-1, -1)),
        ("Only one line", "auto", (-1, -1), (-1, -1)),
        (
            "Talks resume\nBoth sides say progress is slow but real\n\nBody sentence here.",
            "yes",
            (0, 12),
            (13, 53),
        ),
        ("Talks resume\nA full lead sentence ends with a period.\nBody.", "yes", (0, 12), (-1, -1)),
    ],
)
def test_detect_headline(text, mode, headline, standfirst):
    assert detect_headline(text, mode) == (headline, standfirst)


# --- the seeds -----------------------------------------------------------------------------


def _seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def test_seeds_lose_exactly_their_boilerplate():
    expected = {
        "000_72b7cec255c1ca4b.txt": [
            ("boilerplate:related_links", "Related Sources:"),
            ("boilerplate:related_links", "• Source 1 • Source 2"),
        ],
        "001_1ff354bf2658dffe.txt": [],
        "002_f58328f3192bf3fb.txt": [
            (
                "boilerplate:newsletter",
                "Sign up for our weekly newsletter to get more "
                "English-language news coverage from EL PAÍS USA Edition",
            ),
        ]
        + [
            ("boilerplate:paywall", line)
            for line in _seed("002_f58328f3192bf3fb.txt")
            .split("USA Edition\n")[1]
            .strip()
            .split("\n")
        ],
        "003_e5117bb0523b37ae.txt": [],
        "004_eceacf2266908767.txt": [
            ("boilerplate:comment_form", "Leave a Reply"),
            (
                "boilerplate:comment_form",
                "Your email address will not be published. Required fields are marked *",
            ),
        ],
    }
    assert len(expected["002_f58328f3192bf3fb.txt"]) == 9  # newsletter + 8 Spanish lines
    for name, removed in expected.items():
        raw = _seed(name)
        res = clean_text(raw, "auto")
        assert _removed(raw, res) == removed, name
        # nothing but whitespace goes besides the boilerplate
        others = [e for e in res.edits if e.category == "whitespace"]
        assert all(not raw[e.start : e.end].strip() for e in others), name
        assert res.language == "en"
        _round_trip(raw, res)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_any_text_round_trips(raw):
    res = clean_text(raw, "auto")
    _round_trip(raw, res)
    for a, b in (res.headline, res.standfirst):
        assert -1 <= a <= b <= len(res.text)


# --- speed-ups that must not change a result -------------------------------------------------


def test_rule_quick_check_never_skips_a_match():
    from analysis.clean import _rule_literals
    from analysis.patterns import lowered

    rules = load_rules()
    checks = _rule_literals(rules.rules)
    assert sum(lits is not None for _, lits in checks) >= len(checks) // 2  # the check is used
    lines = [x for r in rules.rules for x in (*r.examples, *r.counterexamples)]
    lines += [x.upper() for x in lines] + [
        "Already a \u017fubscriber? Log in",
        "SUBSCRIBE TO OUR NEWSLETTER \u212a",
        "\u0130NBOX: sign up for the daily briefing",
        "\u041f\u041e\u0414\u041f\u0418\u0421\u041a\u0410 \u0434\u043e\u0441\u0442\u0443\u043f",
        "Photo: \u201cGetty Images\u201d",
        "We use cookies \u2014 accept cookies",
    ]
    matched = 0
    for text in lines:
        low = lowered(text)
        for rule, literals in checks:
            if rule.pattern.search(text):
                matched += 1
                assert low is None or literals is None or any(x in low for x in literals)
    assert matched > len(rules.rules)


def test_raw_offsets_match_a_per_character_map():
    from analysis.clean import _RawOffsets, normalize_edits
    from analysis.ledger import apply_edits

    raw = "a\r\nb\u00a0c\u200be\u0301\u1100\u1161\x07d\u00ad\re"
    edits = normalize_edits(raw)
    starts, ends, pos = [], [], 0
    for e in edits:
        starts += [*range(pos, e.start), *[e.start] * len(e.replacement)]
        ends += [*range(pos + 1, e.start + 1), *[e.end] * len(e.replacement)]
        pos = e.end
    starts += range(pos, len(raw))
    ends += range(pos + 1, len(raw) + 1)
    offsets = _RawOffsets(edits)
    text = apply_edits(raw, edits)[0]
    assert [(offsets.start(i), offsets.end(i)) for i in range(len(text))] == list(
        zip(starts, ends, strict=True)
    )

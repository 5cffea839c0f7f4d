"""Tests for analysis.load: decoding rules, folder + manifest corpora, table corpora, the ledger."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from analysis.ledger import LEDGER_COLUMNS
from analysis.load import (
    CORE_COLUMNS,
    CorpusError,
    DecodeError,
    decode_bytes,
    decode_text,
    load_corpus,
)

SEEDS = Path(__file__).resolve().parents[1] / "data" / "raw" / "seeds"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"  # 20 bytes


def ledger_keys(ledger: pd.DataFrame) -> list[tuple[str, str, str]]:
    return list(zip(ledger.article_id, ledger.action, ledger.category, strict=True))


def load_quiet(path: Path, **kw) -> tuple:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return load_corpus(path, **kw)


# ---------------------------------------------------------------------------------------------
# decode_bytes


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (b"caf\xc3\xa9 \xe2\x80\x9cok\xe2\x80\x9d", "café “ok”", "utf-8"),
        (b"\xef\xbb\xbfHi", "Hi", "utf-8-sig"),
        (b"\xff\xfeH\x00i\x00", "Hi", "utf-16"),  # LE with BOM
        (b"\xfe\xff\x00H\x00i", "Hi", "utf-16"),  # BE with BOM
        (b"\xff\xfe\x00\x00H\x00\x00\x00", "H", "utf-32"),  # not mistaken for utf-16
        (b"H\x00i\x00 \x00\xe9\x00", "Hi é", "utf-16-le"),  # no BOM: NULs at odd bytes
        (b"\x00H\x00i\x00 \x00\xe9", "Hi é", "utf-16-be"),  # no BOM: NULs at even bytes
        (b"\x93Pause\x94 \x97 caf\xe9", "“Pause” — café", "cp1252"),
        # latin-1 text: cp1252 agrees with latin-1 on every printable byte, so cp1252 wins
        (b"Se\xf1or M\xfcller", "Señor Müller", "cp1252"),
        (b"abcdefghi\x01", "abcdefghi\x01", "utf-8"),  # exactly 10 % control chars is allowed
        (b"", "", "utf-8"),
        (b" \n\t ", " \n\t ", "utf-8"),
    ],
)
def test_decode_bytes_ok(data: bytes, text: str, encoding: str) -> None:
    assert decode_bytes(data) == (text, encoding)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (PNG, "binary file (looks like PNG)"),
        (b"%PDF-1.7\n%\xe2\xe3", "binary file (looks like PDF)"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "binary file (looks like JPEG)"),
        (b"GIF89a\x01\x00", "binary file (looks like GIF)"),
        (b"PK\x03\x04\x14\x00", "binary file (looks like ZIP)"),
        # NULs at even 4 and odd 3, 7 (positions of a,b,c,\0,d,e,f,\0,\0,x,y,z): not UTF-16
        (b"abc\x00def\x00\x00xyz", "binary file (contains NUL bytes)"),
        (b"ab\x01\x02cdefgh", "binary file (20% control characters)"),
        (b"abc\x81def", "latin-1 gives control character U+0081 at byte 3"),
        (b"\xff\xfeH\x00i", "utf-16 byte-order mark but is not valid utf-16"),
        # valid UTF-16 with a BOM, but 2 of the 4 characters are control characters
        (b"\xff\xfe\x01\x00\x02\x00a\x00b\x00", "binary file (50% control characters)"),
    ],
)
def test_decode_bytes_errors(data: bytes, reason: str) -> None:
    with pytest.raises(DecodeError) as info:
        decode_bytes(data)
    assert reason in str(info.value)
    assert isinstance(info.value, ValueError)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=64))
def test_decode_bytes_returns_or_raises_decode_error(data: bytes) -> None:
    try:
        text, encoding, note = decode_text(data)
    except DecodeError:
        return
    # the name is a real codec that gives this text (with U+FFFD for the invalid bytes counted)
    assert data.decode(encoding, "replace" if "replaced by U+FFFD" in note else "strict") == text
    assert (text, encoding) == decode_bytes(data)


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40))
def test_decode_bytes_utf8_text_round_trips(text: str) -> None:
    assume(not text.startswith(("%PDF-", "GIF87a", "GIF89a", "\ufeff")))
    assert decode_bytes(text.encode("utf-8")) == (text, "utf-8")


# ---------------------------------------------------------------------------------------------
# folder + manifest

MANIFEST = """file,outlet,published,event,headline_in_text,url,outlet_kind
a.txt,Outlet A,2026-01-30,ev1,yes,http://a.example/1,paper
b.txt,Outlet B,30 January 2026,ev1,No,,wire
c.txt,Outlet C,not a date,ev1,TRUE,,
d.txt,Outlet D,,,,,
e.txt,Outlet E,,,,,
f.txt,Outlet F,,,,,
g.txt,Outlet G,,,,,
h.txt, Outlet H ,2025-03-19T10:00:00Z,ev2,0,,
missing.txt,Outlet M,,,,,
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    files = {
        "a.txt": "Headline\n\nBody with café.".encode(),
        "b.txt": b"\xef\xbb\xbfBOM text",
        "c.txt": b"\xff\xfeU\x00T\x00F\x00-\x001\x006\x00",
        "d.txt": b"\x93Quoted\x94 \x97 dash",
        "e.txt": PNG,
        "f.txt": b"",
        "g.txt": b"  \n\t \n",
        "h.txt": b"\x00B\x00E",
        "z.txt": b"Unlisted",
        "notes.md": b"not a .txt file, not in the manifest: ignored",
        "manifest.csv": MANIFEST.encode(),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return tmp_path


def test_folder_with_manifest(folder: Path) -> None:
    with pytest.warns(UserWarning) as caught:
        articles, ledger = load_corpus(folder)
    messages = [str(w.message) for w in caught]
    assert any(re.search(r"1 \.txt file\(s\) not in .*manifest\.csv: z\.txt", m) for m in messages)
    assert any(re.search(r"1 file\(s\) in .* ignored \(not .*\): notes\.md", m) for m in messages)
    assert list(articles.columns) == [*CORE_COLUMNS, "outlet_kind"]
    assert all(articles[c].dtype == "str" for c in articles.columns)
    expected = pd.DataFrame(
        {
            "article_id": ["a", "b", "c", "d", "h", "z"],
            "source": ["a.txt", "b.txt", "c.txt", "d.txt", "h.txt", "z.txt"],
            "outlet": ["Outlet A", "Outlet B", "Outlet C", "Outlet D", "Outlet H", "unknown"],
            "published": ["2026-01-30", "2026-01-30", "", "", "2025-03-19", ""],
            "event": ["ev1", "ev1", "ev1", "", "ev2", ""],
            "headline_in_text": ["yes", "no", "yes", "auto", "no", "auto"],
            "url": ["http://a.example/1", "", "", "", "", ""],
            "encoding": ["utf-8", "utf-8-sig", "utf-16", "cp1252", "utf-16-be", "utf-8"],
            "raw_text": [
                "Headline\n\nBody with café.",
                "BOM text",
                "UTF-16",
                "“Quoted” — dash",
                "BE",
                "Unlisted",
            ],
            "outlet_kind": ["paper", "wire", "", "", "", ""],
        }
    )
    pd.testing.assert_frame_equal(articles, expected)

    assert list(ledger.columns) == LEDGER_COLUMNS
    assert set(ledger.stage) == {"load"}
    assert ledger_keys(ledger) == [
        ("a", "loaded", "input"),
        ("b", "loaded", "input"),
        ("c", "loaded", "input"),
        ("c", "loaded", "metadata"),
        ("d", "loaded", "input"),
        ("e", "excluded", "encoding"),
        ("f", "excluded", "empty"),
        ("g", "excluded", "empty"),
        ("h", "loaded", "input"),
        ("missing", "excluded", "manifest"),
        ("z", "loaded", "input"),
        ("z", "loaded", "manifest"),
    ]
    by = {(r.article_id, r.category): r for r in ledger.itertuples()}
    # n_chars: len of the decoded text (a: 8 + 2 + 15), bytes for the undecodable PNG
    assert by["a", "input"].n_chars == 25
    assert by["d", "input"].n_chars == 15
    assert by["e", "encoding"].n_chars == 20
    assert by["g", "empty"].n_chars == 6
    assert by["a", "input"].reason == "loaded a.txt, decoded as utf-8"
    assert by["d", "input"].reason == "loaded d.txt, decoded as cp1252"
    assert by["c", "metadata"].reason == (
        "unparseable date 'not a date' in c.txt: published set to ''"
    )
    assert by["e", "encoding"].reason == "e.txt: binary file (looks like PNG)"
    assert by["f", "empty"].reason == "f.txt is empty"
    assert by["g", "empty"].reason == "g.txt is whitespace-only (6 chars)"
    assert "missing.txt" in by["missing", "manifest"].reason
    assert by["missing", "manifest"].source == "missing.txt"
    assert by["z", "manifest"].reason == (
        "z.txt: outlet set to 'unknown' because it is not in manifest.csv"
    )
    assert ledger.start.isna().all() and ledger.clean_start.isna().all()


def test_folder_is_deterministic(folder: Path) -> None:
    first, second = load_quiet(folder), load_quiet(folder)
    pd.testing.assert_frame_equal(first.articles, second.articles)
    pd.testing.assert_frame_equal(first.ledger, second.ledger)


def test_folder_without_manifest_warns_and_sets_unknown(tmp_path: Path) -> None:
    (tmp_path / "y.txt").write_bytes(b"Second")
    (tmp_path / "x.txt").write_bytes(b"First")
    with pytest.warns(UserWarning, match=r"no manifest\.csv in .*: outlet set to 'unknown'"):
        articles, ledger = load_corpus(tmp_path)
    assert list(articles.columns) == CORE_COLUMNS
    assert articles.article_id.tolist() == ["x", "y"]
    assert articles.outlet.tolist() == ["unknown", "unknown"]
    assert articles.headline_in_text.tolist() == ["auto", "auto"]
    assert articles.published.tolist() == ["", ""]
    assert ledger_keys(ledger) == [
        ("x", "loaded", "input"),
        ("x", "loaded", "manifest"),
        ("y", "loaded", "input"),
        ("y", "loaded", "manifest"),
    ]


def test_explicit_manifest_and_duplicate_manifest_rows(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "x.txt").write_bytes(b"Text x")
    meta = tmp_path / "meta.csv"
    meta.write_text("File,Outlet,Headline_In_Text\nx.txt,First,maybe\nx.txt,Second,yes\n")
    articles, ledger = load_corpus(corpus, manifest=meta)
    assert articles.outlet.tolist() == ["First"]  # column names matched case-insensitively
    assert articles.headline_in_text.tolist() == ["auto"]
    # the repeated row gets its own id and source (meta.csv:2), so accounting.csv lists it
    assert ledger_keys(ledger) == [
        ("meta-000002", "excluded", "manifest"),
        ("x", "loaded", "input"),
        ("x", "loaded", "metadata"),
    ]
    assert ledger.source[0] == "meta.csv:2"
    assert ledger.reason[0] == (
        "row 2 of meta.csv names x.txt again (first in row 1): the repeated row is left out"
    )
    assert ledger.reason[2] == "unrecognised headline_in_text 'maybe' in x.txt: set to 'auto'"


def test_folder_errors(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match=r"corpus path not found: .*nowhere"):
        load_corpus(tmp_path / "nowhere")
    (tmp_path / "readme.md").write_text("no text files here")
    with pytest.raises(CorpusError, match=r"no \.txt files in"):
        load_corpus(tmp_path)
    (tmp_path / "a.txt").write_text("Some text")
    with pytest.raises(CorpusError, match="manifest not found"):
        load_corpus(tmp_path, manifest=tmp_path / "absent.csv")
    (tmp_path / "manifest.csv").write_text("filename,outlet\na.txt,X\n")
    with pytest.raises(ValueError, match=r"has no 'file' column; columns found: \['filename'"):
        load_corpus(tmp_path)
    book = tmp_path / "corpus.xlsx"
    book.write_bytes(b"PK\x03\x04")
    with pytest.raises(CorpusError, match=r"\.csv, \.jsonl, \.ndjson, \.parquet"):
        load_corpus(book)


# ---------------------------------------------------------------------------------------------
# tables


def test_csv_without_id_column(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    # written in cp1252 (as Excel does): the table's encoding is recorded for every row
    path.write_bytes(
        b"Text,outlet,published,section,source\n"
        b'"First, with a comma \x97 and a dash",Outlet A,2026-01-30,politics,wire\n'
        b"   ,Outlet B,,sport,\n"
        b"Third,,31/12/2025,,\n"
    )
    with pytest.warns(UserWarning, match="column 'source' in news.csv renamed to 'meta_source'"):
        articles, ledger = load_corpus(path)
    assert list(articles.columns) == [*CORE_COLUMNS, "meta_source", "section"]
    assert articles.article_id.tolist() == ["news-000001", "news-000003"]
    assert articles.source.tolist() == ["news.csv:1", "news.csv:3"]
    assert articles.raw_text.tolist() == ["First, with a comma — and a dash", "Third"]
    assert articles.outlet.tolist() == ["Outlet A", "unknown"]
    assert articles.published.tolist() == ["2026-01-30", "2025-12-31"]
    assert articles.section.tolist() == ["politics", ""]
    assert articles.meta_source.tolist() == ["wire", ""]
    assert articles.encoding.tolist() == ["cp1252", "cp1252"]
    assert ledger_keys(ledger) == [
        ("news-000001", "loaded", "input"),
        ("news-000002", "excluded", "empty"),
        ("news-000003", "loaded", "input"),
        ("news-000003", "loaded", "metadata"),
    ]
    assert ledger.reason[3] == "no outlet given for news.csv:3: outlet set to 'unknown'"


def test_csv_with_id_column_and_duplicates(tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    path.write_text("id,text,outlet\n007,Alpha,O\n008,Beta,O\n007,Gamma,O\n")
    articles, ledger = load_corpus(path)
    assert articles.article_id.tolist() == ["007", "008"]  # leading zeros kept
    assert articles.raw_text.tolist() == ["Alpha", "Beta"]
    assert ledger_keys(ledger) == [
        ("007", "loaded", "input"),
        ("007", "excluded", "duplicate_id"),
        ("008", "loaded", "input"),
    ]
    dup = ledger.iloc[1]
    assert dup.source == "dup.csv:3"
    assert dup.reason == "duplicate article_id '007' in dup.csv:3 (first loaded from dup.csv:1)"
    assert dup.n_chars == 5


def test_csv_parse_error_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("text,outlet\nfine,A\none,two,three\n")
    with pytest.raises(ValueError, match=r"cannot parse CSV .*bad\.csv at line 3"):
        load_corpus(path)


def test_table_without_text_column(tmp_path: Path) -> None:
    path = tmp_path / "notext.csv"
    path.write_text("title,body\nA,B\n")
    msg = r"notext\.csv has no 'text' column; columns found: \['title', 'body'\]"
    with pytest.raises(ValueError, match=msg):
        load_corpus(path)
    jl = tmp_path / "notext.jsonl"
    jl.write_text('{"title": "A", "body": "B"}\n')
    with pytest.raises(ValueError, match=r"notext\.jsonl has no 'text' column"):
        load_corpus(jl)


def test_jsonl_with_broken_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(
        '{"article_id": "x1", "text": "One.", "outlet": "O", "tags": ["a", "b"]}\n'
        '{"article_id": "x2", "text": "Two.", \n'
        "\n"
        '{"article_id": "x3", "text": "Three.", "outlet": "O", "published": "not a date",'
        ' "headline_in_text": false}\n'
        "[1, 2]\n"
    )
    articles, ledger = load_quiet(path)
    assert articles.article_id.tolist() == ["x1", "x3"]
    assert articles.source.tolist() == ["feed.jsonl:1", "feed.jsonl:4"]
    assert articles.tags.tolist() == ['["a", "b"]', ""]
    assert articles.headline_in_text.tolist() == ["auto", "no"]
    assert articles.published.tolist() == ["", ""]
    assert ledger_keys(ledger) == [
        ("feed-000002", "excluded", "parse"),
        ("feed-000005", "excluded", "parse"),
        ("x1", "loaded", "input"),
        ("x3", "loaded", "input"),
        ("x3", "loaded", "metadata"),
    ]
    assert ledger.source[0] == "feed.jsonl:2"
    assert ledger.reason[0].startswith("line 2 of feed.jsonl is not valid JSON")
    assert ledger.reason[1] == "line 5 of feed.jsonl is not a JSON object"


def test_jsonl_without_id_uses_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    path.write_text('{"text": "A", "outlet": "O"}\n\n{"text": "B", "outlet": "O"}\n')
    articles, _ = load_corpus(path)
    assert articles.article_id.tolist() == ["wire-000001", "wire-000003"]


def test_parquet_with_and_without_id(tmp_path: Path) -> None:
    plain = tmp_path / "plain.parquet"
    pd.DataFrame(
        {"text": ["Uno", "Dos"], "outlet": ["O1", "O2"], "words": [12, 7], "score": [0.5, 1.0]}
    ).to_parquet(plain)
    articles, ledger = load_corpus(plain)
    assert articles.article_id.tolist() == ["plain-000001", "plain-000002"]
    assert articles.words.tolist() == ["12", "7"]
    assert articles.score.tolist() == ["0.5", "1"]
    assert articles.encoding.tolist() == ["utf-8", "utf-8"]
    assert ledger.n_chars.tolist() == [3, 3]

    with_id = tmp_path / "ids.parquet"
    pd.DataFrame(
        {"article_id": [5, 3], "text": ["Five", "Three"], "outlet": ["O", "O"]}
    ).to_parquet(with_id)
    articles, _ = load_corpus(with_id)
    assert articles.article_id.tolist() == ["3", "5"]  # str, sorted
    assert articles.raw_text.tolist() == ["Three", "Five"]
    assert articles.source.tolist() == ["ids.parquet:2", "ids.parquet:1"]
    with pytest.raises(CorpusError, match="manifest only applies"):
        load_corpus(with_id, manifest=tmp_path / "m.csv")


# ---------------------------------------------------------------------------------------------
# the real seed corpus


def test_seeds() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a complete manifest: no warnings at all
        articles, ledger = load_corpus(SEEDS)
    assert articles.article_id.tolist() == [
        "000_72b7cec255c1ca4b",
        "001_1ff354bf2658dffe",
        "002_f58328f3192bf3fb",
        "003_e5117bb0523b37ae",
        "004_eceacf2266908767",
    ]
    assert articles.outlet.tolist() == [
        "unidentified aggregator 1",
        "The Guardian",
        "EL PAIS English Edition",
        "unidentified aggregator 2",
        "AFP (via Lagos Television)",
    ]
    assert articles.published.tolist() == [
        "2026-01-30",
        "2026-01-29",
        "2026-01-30",
        "2025-03-19",
        "2025-03-19",
    ]
    assert articles.headline_in_text.tolist() == ["yes", "no", "yes", "no", "yes"]
    assert set(articles.encoding) == {"utf-8"}
    assert list(articles.columns) == [*CORE_COLUMNS, "outlet_kind", "outlet_type", "provenance"]
    assert ledger_keys(ledger) == [(a, "loaded", "input") for a in articles.article_id]
    # character counts from `wc -m data/raw/seeds/*.txt`
    assert ledger.n_chars.tolist() == [3475, 3993, 4973, 3372, 3000]


def test_published_dates_normalised(tmp_path: Path) -> None:
    path = tmp_path / "dates.csv"
    path.write_text(
        "text,outlet,published\n"
        "a,O,2026-01-30T23:30:00+01:00\n"  # the local date, not converted to UTC
        "b,O,30 Jan\n"  # no year: pandas would give 0001-01-30
        'c,O,"Thu, 29 Jan 2026 18:05:00 GMT"\n'
        "d,O,03/04/2005\n"  # ambiguous: read month first
        "e,O,20260130\n"
        "f,O,now\n"  # pandas would give today's date
        "g,O,12:30\n"  # likewise
        "h,O,01.02.03\n"
    )
    articles, ledger = load_corpus(path)
    assert articles.published.tolist() == [
        "2026-01-30",
        "",
        "2026-01-29",
        "2005-03-04",
        "2026-01-30",
        "",
        "",
        "2003-01-02",  # month first, then day, year last
    ]
    notes = ledger[ledger.category == "metadata"]
    assert notes.article_id.tolist() == ["dates-000002", "dates-000006", "dates-000007"]
    assert notes.reason.tolist() == [
        "unparseable date '30 Jan' in dates.csv:2: published set to ''",
        "unparseable date 'now' in dates.csv:6: published set to ''",
        "unparseable date '12:30' in dates.csv:7: published set to ''",
    ]

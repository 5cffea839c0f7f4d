"""Hostile input, round two (issue #20): every case runs the command line as a user would
(``python -m analysis tables|run`` in a subprocess, in temporary folders) and checks the exit
code, a one-line message naming the file and the line or row, no traceback, and that every
input is in ``accounting.csv`` as analysed or excluded with a reason. docs/RELIABILITY.md lists
the cases. A few cases that cannot be produced from outside (permission denied: the tests run
as root, where chmod does not stop a read) call ``analysis.__main__.main`` in-process with the
failing call monkeypatched, and say so.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml

from analysis import files
from analysis.__main__ import main

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "raw" / "seeds"

# UTF-8 prose with curly quotes, dashes and accents (every one garbled if read as cp1252)
PROSE = (
    "Kremlin agrees to energy pause\n\n"
    "The Kremlin said on Friday it had agreed to a one-week pause in strikes on energy targets. "
    "“We will respect it,” Dmitry Peskov told reporters in Moscow — the café near the square "
    "stayed open.\n\n"
    "Ukraine’s officials in Kyiv said they had not confirmed the arrangement, and that talks "
    "would continue next week with European partners in Geneva and Brussels.\n\n"
    "Volodymyr Zelensky said Ukraine would respond in kind if the strikes stopped. Donald Trump "
    "claimed the talks were going very well, officials said on Saturday.\n"
)
RUSSIAN = (
    "Кремль согласился на энергетическую паузу\n\n"
    "Кремль заявил в пятницу, что согласился на недельную паузу в ударах по энергетическим "
    "объектам. Дмитрий Песков сказал журналистам в Москве, что Россия будет её соблюдать.\n\n"
    "Украина пока не подтвердила договорённость, сообщили официальные лица в Киеве.\n"
)
BAD_AT = 402  # where the invalid byte goes: the offset the ledger must report
SECRET = "TOP-SECRET-TOKEN-4242 the Kremlin said nothing about the pause on Friday."


def cli(*args: str, timeout: float = 300, **env: str) -> subprocess.CompletedProcess:
    """``python -m analysis ARGS`` as a user runs it (stdout and stderr captured as text)."""
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def one_line_error(proc: subprocess.CompletedProcess, *needles: str, code: int = 2) -> str:
    """Assert: exit ``code``, no traceback, exactly one ``error:`` line (naming ``needles``)."""
    assert proc.returncode == code, (proc.returncode, proc.stdout[-2000:], proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if not line.startswith("warning: ")]
    assert len(lines) == 1, proc.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


def ok(proc: subprocess.CompletedProcess) -> None:
    assert proc.returncode == 0, (proc.returncode, proc.stdout[-3000:], proc.stderr[-3000:])
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr


def accounting_of(out: Path, sources: list[str]) -> pd.DataFrame:
    """accounting.csv of ``out``, checked: every source in ``sources`` is there, analysed or
    excluded with a reason, and nothing else is."""
    acc = pd.read_csv(out / "accounting.csv", dtype=str, keep_default_na=False)
    assert sorted(acc.source) == sorted(sources), sorted(acc.source)
    assert set(acc.status) <= {"analysed", "excluded"}
    assert (acc[acc.status == "excluded"].reason.str.len() > 0).all()
    return acc.set_index("source")


def ledger_of(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "ledger.csv", dtype=str, keep_default_na=False)


# ---------------------------------------------------------------------------------------------
# A folder with every file-system trap, a broken UTF-8 file and a Windows-1251 file


@pytest.fixture(scope="module")
def trap_folder(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("traps")
    corpus = base / "corpus"
    corpus.mkdir()
    (base / "outside").mkdir()
    (base / "outside" / "secret.txt").write_text(SECRET, encoding="utf-8")
    (corpus / "good.txt").write_text(PROSE, encoding="utf-8")
    data = PROSE.encode("utf-8")
    assert data[BAD_AT] < 0x80  # the invalid byte stands on its own, not inside a character
    cut = BAD_AT
    (corpus / "broken.txt").write_bytes(data[:cut] + b"\xff" + data[cut:])
    (corpus / "russian.txt").write_bytes(RUSSIAN.encode("cp1251"))
    (corpus / "loop.txt").symlink_to(corpus / "loop.txt")
    (corpus / "dangling.txt").symlink_to(corpus / "nowhere.txt")
    (corpus / "folder.txt").mkdir()
    (corpus / "link_out.txt").symlink_to(base / "outside" / "secret.txt")
    (corpus / "manifest.csv").write_text(
        "file,outlet\n"
        "good.txt,Daily\n"
        "broken.txt,Herald\n"
        "russian.txt,Vesti\n"
        "good.txt,Daily again\n"
        "../outside/secret.txt,Leak\n"
        "/etc/hostname,Host\n",
        encoding="utf-8",
    )
    return corpus


TRAP_SOURCES = [
    "good.txt",
    "broken.txt",
    "russian.txt",
    "manifest.csv:4",
    "../outside/secret.txt",
    "/etc/hostname",
    "dangling.txt",
    "folder.txt",
    "link_out.txt",
    "loop.txt",
]


@pytest.fixture(scope="module")
def trap_run(trap_folder, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    out = tmp_path_factory.mktemp("trap-out")
    proc = cli("tables", "--corpus", str(trap_folder), "--out", str(out))
    ok(proc)
    return out, proc


def test_every_trap_is_in_accounting_with_its_reason(trap_run) -> None:
    out, proc = trap_run
    acc = accounting_of(out, TRAP_SOURCES)
    assert acc.loc[["good.txt", "broken.txt"]].status.eq("analysed").all()
    reasons = acc.reason
    assert (
        "row 4 of manifest.csv names good.txt again (first in row 1)" in reasons["manifest.csv:4"]
    )
    assert "../outside/secret.txt is outside the corpus folder" in reasons["../outside/secret.txt"]
    assert "/etc/hostname is outside the corpus folder" in reasons["/etc/hostname"]
    assert "--allow-outside" in reasons["/etc/hostname"]
    assert reasons["loop.txt"] == "loop.txt is a symbolic link loop: not read"
    assert "dangling.txt is a symbolic link to" in reasons["dangling.txt"]
    assert "which does not exist" in reasons["dangling.txt"]
    assert reasons["folder.txt"] == "folder.txt is a folder, not a file"
    assert "link_out.txt is outside the corpus folder" in reasons["link_out.txt"]
    # the terminal lists each exclusion (fewer than 20 here) with its reason
    assert "excluded loop.txt: loop.txt is a symbolic link loop" in proc.stdout


def test_nothing_from_outside_the_corpus_folder_is_read(trap_run) -> None:
    out, _ = trap_run
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else ""
    for csv in out.glob("*.csv"):
        text = csv.read_text("utf-8")
        assert "TOP-SECRET-TOKEN" not in text, csv.name
        if len(hostname) >= 6:
            assert f",{hostname}\n" not in text and f"\n{hostname}\n" not in text, csv.name


def test_outside_paths_are_read_when_allowed(trap_folder, tmp_path) -> None:
    proc = cli("tables", "--corpus", str(trap_folder), "--out", str(tmp_path), "--allow-outside")
    ok(proc)
    acc = accounting_of(tmp_path, TRAP_SOURCES)
    assert acc.status["../outside/secret.txt"] == "analysed"
    assert acc.status["link_out.txt"] == "analysed"


def test_invalid_utf8_byte_is_replaced_and_counted_not_mojibake(trap_run) -> None:
    out, _ = trap_run
    arts = pd.read_csv(out / "articles.csv", dtype=str, keep_default_na=False)
    assert arts.set_index("source").encoding["broken.txt"] == "utf-8"
    led = ledger_of(out)
    note = led[(led.source == "broken.txt") & (led.category == "encoding")]
    assert len(note) == 1
    assert note.reason.iloc[0] == (
        f"broken.txt: 1 invalid UTF-8 byte replaced by U+FFFD (first at byte offset {BAD_AT}); the "
        "rest decoded as UTF-8"
    )
    sents = pd.read_csv(out / "sentences.csv", dtype=str, keep_default_na=False)
    text = " ".join(sents[sents.article_id == "broken"].text)
    assert "“We will respect it,”" in text and "café" in text and "Ukraine’s" in text
    assert "â€" not in text and "Ã©" not in text  # no mojibake


def test_cp1251_file_is_recognised_as_an_encoding_not_another_language(trap_run) -> None:
    """Decoded as cp1251 (not cp1252 mojibake), and the ledger says so. Only English has
    language resources (analysis/lang), so ``--languages en,ru`` is refused with one line and
    the Russian article is then left out for its language: the true reason now that its text
    is read right (as mojibake it was 'another language' by accident)."""
    out, _ = trap_run
    led = ledger_of(out)
    note = led[(led.source == "russian.txt") & (led.category == "encoding")].reason.iloc[0]
    assert "not valid UTF-8 (first invalid byte at offset 0)" in note
    assert "decoded as cp1251 (Cyrillic)" in note
    lines = led[(led.source == "russian.txt") & (led.category == "language")]
    assert "Кремль заявил в пятницу" in " ".join(lines.removed)  # the removed text is Russian
    acc = accounting_of(out, TRAP_SOURCES)
    assert "another language than en" in acc.reason["russian.txt"]


# ---------------------------------------------------------------------------------------------
# Table cells that are not strings, one bad JSONL line, one bad CSV row


def test_jsonl_lines_of_every_type(tmp_path) -> None:
    lines = [
        json.dumps({"id": "a", "outlet": "X", "text": PROSE}),
        '{"id": "b", "outlet": "X", "text": "broken \\ud800 surrogate ' + "x" * 40 + '"}',
        json.dumps({"id": "c", "outlet": "Y", "text": PROSE.split("\n\n")}),
        json.dumps({"id": "d", "outlet": "Y", "text": {"body": PROSE}}),
        json.dumps({"id": "e", "outlet": "Y", "text": 12345}),
    ]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    ok(cli("tables", "--corpus", str(feed), "--out", str(out)))
    acc = accounting_of(out, [f"feed.jsonl:{n}" for n in range(1, 6)])
    assert acc.status.to_dict() == {
        "feed.jsonl:1": "analysed",
        "feed.jsonl:2": "excluded",
        "feed.jsonl:3": "analysed",
        "feed.jsonl:4": "excluded",
        "feed.jsonl:5": "excluded",
    }
    assert acc.reason["feed.jsonl:2"] == (
        "line 2 of feed.jsonl has a lone surrogate escape (\\ud800 at column 44): not valid "
        "Unicode text"
    )
    assert acc.reason["feed.jsonl:4"] == (
        "text of feed.jsonl:4 is an object (mapping), not text: left out"
    )
    assert acc.reason["feed.jsonl:5"] == "text of feed.jsonl:5 is a int, not text: left out"
    led = ledger_of(out)
    joined = led[(led.source == "feed.jsonl:3") & (led.category == "metadata")].reason
    assert joined.tolist() == [
        "text of feed.jsonl:3 is a list of 4 paragraphs: joined with blank lines between them"
    ]
    paras = pd.read_csv(out / "paragraphs.csv", dtype=str, keep_default_na=False)
    assert (paras.article_id == "c").sum() == 4  # the paragraphs stay paragraphs
    sents = pd.read_csv(out / "sentences.csv", dtype=str, keep_default_na=False)
    assert not sents.text.str.contains(r'\["|", "', regex=True).any()  # no JSON spelling


def test_parquet_binary_text_is_decoded_as_utf8(tmp_path) -> None:
    table = pa.table(
        {
            "id": ["p1", "p2"],
            "outlet": ["X", "Y"],
            "text": pa.array([PROSE.encode("utf-8"), PROSE.encode("utf-8")[:-40]], pa.binary()),
        }
    )
    path = tmp_path / "spark.parquet"
    pq.write_table(table, path)
    out = tmp_path / "out"
    ok(cli("tables", "--corpus", str(path), "--out", str(out)))
    acc = accounting_of(out, ["spark.parquet:1", "spark.parquet:2"])
    assert acc.status.eq("analysed").all()
    sents = pd.read_csv(out / "sentences.csv", dtype=str, keep_default_na=False)
    assert not sents.text.str.startswith(("b'", 'b"')).any()
    assert "“We will respect it,”" in " ".join(sents.text)
    led = ledger_of(out)
    notes = led[led.category == "encoding"].reason.tolist()
    assert "text of spark.parquet:1 is bytes (a binary column): decoded as utf-8" in notes


def test_nul_byte_in_one_csv_row_excludes_that_row(tmp_path) -> None:
    rows = pd.DataFrame(
        {"id": ["r1", "r2", "r3"], "outlet": ["X", "Y", "X"], "text": [PROSE, PROSE, PROSE]}
    )
    rows.loc[1, "text"] = PROSE[:200] + "\x00" + PROSE[200:]
    path = tmp_path / "news.csv"
    rows.to_csv(path, index=False)
    out = tmp_path / "out"
    ok(cli("tables", "--corpus", str(path), "--out", str(out)))
    acc = accounting_of(out, ["news.csv:1", "news.csv:2", "news.csv:3"])
    assert acc.status.to_dict() == {
        "news.csv:1": "analysed",
        "news.csv:2": "excluded",
        "news.csv:3": "analysed",
    }
    line = 3 + PROSE.count("\n")  # after the header (line 1) and row 1 (from line 2)
    assert acc.reason["news.csv:2"] == (
        f"row 2 of news.csv (line {line}) contains a NUL byte: the row is left out"
    )


def test_a_million_empty_rows_are_summarised_not_listed(tmp_path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("id,outlet,text\n" + "x,,\n" * 0 + ",,\n" * 1_000_000, encoding="utf-8")
    out = tmp_path / "out"
    start = time.perf_counter()
    proc = cli("tables", "--corpus", str(path), "--out", str(out), timeout=600)
    seconds = time.perf_counter() - start
    ok(proc)
    lines = proc.stdout.splitlines()
    assert len(lines) < 60, lines[:80]
    assert "inputs: 1000000  analysed: 0  excluded: 1000000" in lines
    assert "  ... and 999,980 more; excluded by reason:" in lines
    assert "   1,000,000  empty" in lines
    acc = pd.read_csv(out / "accounting.csv", dtype=str, keep_default_na=False)
    assert len(acc) == 1_000_000 and (acc.status == "excluded").all()
    print(f"a million empty rows: {seconds:.1f} s")


# ---------------------------------------------------------------------------------------------
# One-line errors instead of tracebacks


def rules_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_catastrophic_regex_in_rules_is_refused_naming_the_rule(tmp_path) -> None:
    rules = rules_file(
        tmp_path,
        "rules:\n  - id: greedy\n    category: junk\n    scope: line\n    pattern: '^(a+)+$'\n",
    )
    start = time.perf_counter()
    proc = cli(
        "tables", "--corpus", str(SEEDS), "--out", str(tmp_path / "o"), "--rules", str(rules)
    )
    assert time.perf_counter() - start < 60
    line = one_line_error(proc, str(rules), "rule greedy", "'^(a+)+$'", "catastrophic backtracking")
    assert line.startswith("error: ")


def test_empty_max_words_in_rules_is_one_line(tmp_path) -> None:
    rules = rules_file(
        tmp_path,
        "rules:\n  - id: short\n    category: junk\n    scope: line\n    pattern: 'x'\n"
        "    max_words:\n",
    )
    proc = cli(
        "tables", "--corpus", str(SEEDS), "--out", str(tmp_path / "o"), "--rules", str(rules)
    )
    one_line_error(proc, str(rules), "rule short", "max_words must be a number, got nothing")


def alias_bomb() -> str:
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    prev = "a"
    for name in "bcdefghi":
        text += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
        prev = name
    return text


def test_yaml_alias_bomb_is_refused_at_once(tmp_path) -> None:
    rules = rules_file(tmp_path, alias_bomb())
    start = time.perf_counter()
    proc = cli(
        "tables", "--corpus", str(SEEDS), "--out", str(tmp_path / "o"), "--rules", str(rules)
    )
    one_line_error(proc, str(rules), "aliases expand it to more than 200,000 values")
    params = tmp_path / "bomb-params.yaml"
    params.write_text(alias_bomb(), encoding="utf-8")
    proc = cli("run", "--params", str(params), "--out", str(tmp_path / "r"))
    one_line_error(proc, str(params), "aliases expand it to more than 200,000 values")
    assert time.perf_counter() - start < 60


def test_a_large_yaml_without_aliases_is_no_bomb() -> None:
    """The node limit is on what aliases add: a draft catalog discovered in 4,000 generated
    articles (3,631 actors) writes out about 250,000 values and was refused as a bomb."""
    from analysis.datafiles import MAX_YAML_NODES, safe_load

    big = "[" + ",".join(str(i) for i in range(MAX_YAML_NODES + 10)) + "]"
    assert len(safe_load(big)) == MAX_YAML_NODES + 10
    small_bomb = "a: &a [1, 2]\nb: [" + ", ".join(["*a"] * (MAX_YAML_NODES // 2)) + "]\n"
    with pytest.raises(yaml.YAMLError, match="aliases expand it"):
        safe_load(small_bomb)


def test_out_naming_an_existing_file_is_one_line(tmp_path) -> None:
    target = tmp_path / "tables.csv"
    target.write_text("keep me", encoding="utf-8")
    proc = cli("tables", "--corpus", str(SEEDS), "--out", str(target))
    one_line_error(proc, str(target), "is a file, not a folder")
    assert target.read_text(encoding="utf-8") == "keep me"
    proc = cli("tables", "--corpus", str(SEEDS), "--out", str(target / "sub"))
    one_line_error(proc, str(target / "sub"), "cannot write to output folder")


def test_manifest_that_is_a_folder_is_one_line(tmp_path) -> None:
    (tmp_path / "m.csv").mkdir()
    proc = cli("tables", "--corpus", str(SEEDS), "--manifest", str(tmp_path / "m.csv"), "--out",
               str(tmp_path / "o"))  # fmt: skip
    one_line_error(proc, "cannot read manifest", "m.csv", "it is a folder")


def test_semicolon_manifest_with_bom_is_read(tmp_path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(PROSE, encoding="utf-8")
    (corpus / "b.txt").write_text(PROSE.replace("Friday", "Monday"), encoding="utf-8")
    (corpus / "manifest.csv").write_bytes(
        (
            "\ufefffile;outlet;published\r\n"
            "a.txt;Le Monde;05/12/2026\r\nb.txt;Die Zeit;2026-12-04\r\n"
        ).encode()
    )
    out = tmp_path / "out"
    proc = cli("tables", "--corpus", str(corpus), "--out", str(out))
    ok(proc)
    assert "manifest.csv is separated by ';', not commas: read it that way" in proc.stderr
    arts = pd.read_csv(out / "articles.csv", dtype=str, keep_default_na=False)
    assert arts.outlet.tolist() == ["Le Monde", "Die Zeit"]
    accounting_of(out, ["a.txt", "b.txt"])


def test_unreadable_inputs_are_one_line(tmp_path, monkeypatch, capsys) -> None:
    """Permission denied cannot be produced with chmod when the tests run as root, so the read
    is made to fail in-process (the same code path as EACCES from the kernel)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(PROSE, encoding="utf-8")
    (corpus / "manifest.csv").write_text("file,outlet\na.txt,X\n", encoding="utf-8")
    table = tmp_path / "news.csv"
    table.write_text("id,text\n1,hello there\n", encoding="utf-8")
    real_iterdir, real_read = Path.iterdir, Path.read_bytes

    def denied(path: Path, *names: str):
        return PermissionError(13, "Permission denied", str(path))

    def iterdir(self):
        if self == corpus:
            raise denied(self)
        return real_iterdir(self)

    def read_bytes(self):
        if self.name in ("manifest.csv", "news.csv"):
            raise denied(self)
        return real_read(self)

    cases = [
        (iterdir, None, str(corpus), f"cannot read corpus folder {corpus}: Permission denied"),
        (None, read_bytes, str(corpus), "cannot read manifest"),
        (None, read_bytes, str(table), f"cannot read {table}: Permission denied"),
    ]
    for it, rb, path, message in cases:
        with monkeypatch.context() as m:
            if it:
                m.setattr(Path, "iterdir", it)
            if rb:
                m.setattr(Path, "read_bytes", rb)
            code = main(["tables", "--corpus", path, "--out", str(tmp_path / "o")])
        err = capsys.readouterr().err.strip().splitlines()
        err = [line for line in err if not line.startswith("warning: ")]
        assert code == 2 and len(err) == 1 and message in err[0], (code, err)


def test_read_only_output_folder_is_one_line(tmp_path, monkeypatch, capsys) -> None:
    """A read-only folder: simulated in-process (root can write anywhere); the failure is the
    OSError the first CSV write gets."""
    import analysis.pipeline as pipeline

    def refuse(df, path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(pipeline, "write_csv", refuse)
    out = tmp_path / "ro"
    code = main(["tables", "--corpus", str(SEEDS), "--out", str(out)])
    err = [x for x in capsys.readouterr().err.splitlines() if not x.startswith("warning: ")]
    assert code == 2 and len(err) == 1, err
    assert err[0].startswith(f"error: cannot write {out}/") and "Permission denied" in err[0]
    # nothing was completed: the folder says so
    assert (out / files.INCOMPLETE).exists()


def test_ctrl_c_during_tables_is_one_line_exit_130(tmp_path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "analysis", "tables", "--corpus", str(SEEDS), "--out",
         str(tmp_path / "o")],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    # The signal goes once the command holds its folder's lock (taken after the imports,
    # before the build, which takes a second or more on the seeds). A fixed 2 s sleep lost
    # the race once the build got faster: the signal came while the finished process shut
    # down (exit -2, Python's handlers already gone), not during the tables.
    lock = tmp_path / "o" / files.LOCK
    deadline = time.time() + 60
    while proc.poll() is None and time.time() < deadline:
        if lock.exists() and lock.read_text().strip():
            break
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the run finished before the signal (machine too fast)")
    assert proc.returncode == 130, (proc.returncode, err)
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if not line.startswith("warning: ")]
    assert lines == [files_line()], err


def files_line() -> str:
    from analysis.__main__ import INTERRUPTED_TABLES

    return INTERRUPTED_TABLES.strip()


def test_run_name_must_be_a_plain_name(tmp_path) -> None:
    proc = cli("run", "--name", "../../x", "--corpus", str(SEEDS))
    one_line_error(proc, "run name '../../x'", "plain name")
    assert not (ROOT.parent / "x").exists()


# ---------------------------------------------------------------------------------------------
# The output folder: locked while a run writes, marked while incomplete


def test_second_tables_on_the_same_folder_fails_at_once(tmp_path) -> None:
    out = tmp_path / "out"
    first = subprocess.Popen(
        [sys.executable, "-m", "analysis", "tables", "--corpus", str(SEEDS), "--out", str(out)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    lock = out / files.LOCK
    deadline = time.time() + 60
    while time.time() < deadline and not (lock.exists() and lock.read_text().strip()):
        time.sleep(0.05)
    start = time.perf_counter()
    second = cli("tables", "--corpus", str(SEEDS), "--out", str(out))
    waited = time.perf_counter() - start
    one_line_error(second, str(out), "in use by another tables command", f"pid {first.pid}")
    assert waited < 30  # refused at once, not after the first one ended
    assert first.wait(timeout=120) == 0
    assert not (out / files.INCOMPLETE).exists()
    ok(cli("tables", "--corpus", str(SEEDS), "--out", str(out)))  # the lock is gone after it


def test_interrupted_writing_leaves_the_folder_marked_incomplete(tmp_path, monkeypatch) -> None:
    import analysis.pipeline as pipeline

    out = tmp_path / "out"
    assert main(["tables", "--corpus", str(SEEDS), "--out", str(out)]) == 0
    assert not (out / files.INCOMPLETE).exists()
    real = pipeline.write_csv
    written = []

    def some_then_interrupt(df, path, *args, **kwargs):
        if len(written) == 2:
            raise KeyboardInterrupt
        written.append(path)
        return real(df, path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "write_csv", some_then_interrupt)
    assert main(["tables", "--corpus", str(SEEDS), "--out", str(out)]) == 130
    marker = (out / files.INCOMPLETE).read_text("utf-8")
    assert "has not finished" in marker and "a mix" in marker
    monkeypatch.setattr(pipeline, "write_csv", real)
    assert main(["tables", "--corpus", str(SEEDS), "--out", str(out)]) == 0
    assert not (out / files.INCOMPLETE).exists()  # a complete re-run clears it


def test_kill_9_leaves_previous_set_or_a_marked_folder(tmp_path) -> None:
    """SIGKILL at several moments of a run into a folder holding an earlier complete set: the
    folder holds a complete set (the earlier one, or the new one when the kill came after the
    last table was written) or is marked incomplete."""
    shipped = yaml.safe_load((ROOT / "src/analysis/data/boilerplate.yaml").read_text("utf-8"))
    extra = {"id": "drop_kyiv", "category": "test", "scope": "line", "pattern": "Kyiv"}
    shipped["rules"].append({**extra, "max_words": 500})
    rules = rules_file(tmp_path, yaml.safe_dump(shipped))
    new_args = ["--rules", str(rules)]  # other tables than the default run

    def tables_of(folder: Path) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in folder.glob("*.csv")}

    start = time.perf_counter()
    ok(cli("tables", "--corpus", str(SEEDS), "--out", str(tmp_path / "new"), *new_args))
    full = time.perf_counter() - start  # kills spread over a run's length, as measured here
    complete_new = tables_of(tmp_path / "new")
    out = tmp_path / "out"
    ok(cli("tables", "--corpus", str(SEEDS), "--out", str(out)))
    complete_old = tables_of(out)
    assert complete_old != complete_new
    outcomes = []
    for delay in (full * f for f in (0.5, 0.9, 0.95, 1.0, 1.1)):
        proc = subprocess.Popen(
            [sys.executable, "-m", "analysis", "tables", "--corpus", str(SEEDS), "--out",
             str(out), *new_args],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(delay)
        proc.kill()
        proc.wait()
        if (out / files.INCOMPLETE).exists():
            outcomes.append("marked incomplete")
            continue
        found = tables_of(out)
        assert found in (complete_old, complete_new), f"killed after {delay:.2f} s: unmarked mix"
        outcomes.append("old set" if found == complete_old else "new set")
    print("kill -9 outcomes:", outcomes)


def test_second_run_with_the_same_name_fails_at_once(tmp_path) -> None:
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    nbdir = tmp_path / "nbs"
    nbdir.mkdir()
    params = new_code_cell('corpus = "data/raw/seeds"')
    params.metadata["tags"] = ["parameters"]
    # The first run holds its lock until the test has seen the second run fail: a fixed sleep
    # lost that race when a loaded machine took longer than the sleep to start the second run.
    release = tmp_path / "release"
    wait = (
        f"import pathlib, time\nwhile not pathlib.Path({str(release)!r}).exists():\n"
        "    time.sleep(0.05)"
    )
    nb = new_notebook(cells=[params, new_code_cell(wait + "\nprint('done')")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(nb, nbdir / "slow.ipynb")
    run_dir = tmp_path / "run"
    args = ["run", "--notebooks-dir", str(nbdir), "--corpus", str(SEEDS), "--out", str(run_dir)]
    first = subprocess.Popen(
        [sys.executable, "-m", "analysis", *args],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    lock = run_dir / files.LOCK
    deadline = time.time() + 120
    while time.time() < deadline and not (lock.exists() and lock.read_text().strip()):
        time.sleep(0.05)
    try:
        assert (run_dir / files.INCOMPLETE).exists()
        second = cli(*args, timeout=60)
    finally:
        release.touch()
    one_line_error(second, str(run_dir), "in use by another run")
    _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert not (run_dir / files.INCOMPLETE).exists()


# ---------------------------------------------------------------------------------------------
# CSV injection


FORMULA_OUTLETS = ['=HYPERLINK("http://x","y")', "+Plus News", "-Minus Daily", "@Handle"]


def formula_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for i, outlet in enumerate(FORMULA_OUTLETS):
        text = PROSE.replace("Kremlin agrees", f"=SUM(A{i}) Kremlin agrees")
        rows.append({"id": f"-id{i}", "outlet": outlet, "text": "@cmd " + text})
    path = folder / "formulas.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def formula_cells(folder: Path) -> list[tuple[str, str]]:
    """(file, cell) for every cell of every CSV under ``folder`` that starts like a formula
    and is not a plain number."""
    bad = []
    for csv in sorted(folder.rglob("*.csv")):
        df = pd.read_csv(csv, dtype=str, keep_default_na=False)
        for col in [*df.columns, *(v for c in df.columns for v in df[c])]:
            if col.startswith(files.FORMULA_START) and not files._NUMBER.fullmatch(col):
                bad.append((csv.name, col))
    return bad


def test_csv_cells_that_look_like_formulas_are_neutralised(tmp_path) -> None:
    corpus = formula_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    ok(cli("tables", "--corpus", str(corpus), "--out", str(out)))
    assert formula_cells(out) == []
    arts = pd.read_csv(out / "articles.csv", dtype=str, keep_default_na=False)
    assert sorted(arts.outlet) == sorted("'" + o for o in FORMULA_OUTLETS)
    assert sorted(arts.article_id) == ["'-id0", "'-id1", "'-id2", "'-id3"]
    # real negative numbers stay numbers
    sent = pd.read_csv(out / "sentence_sentiment.csv")
    assert pd.api.types.is_float_dtype(sent["polarity"]) and (sent["polarity"] < 0).any()
    raw = tmp_path / "raw"
    ok(cli("tables", "--corpus", str(corpus), "--out", str(raw), "--raw-csv"))
    arts = pd.read_csv(raw / "articles.csv", dtype=str, keep_default_na=False)
    assert sorted(arts.outlet) == sorted(FORMULA_OUTLETS)
    assert formula_cells(raw) != []


def test_csv_safe_finds_formula_cells_of_text_columns_without_walking_every_cell() -> None:
    # pandas' str columns (Arrow) are searched by the string array; object columns cell by cell:
    # both give these cells (worked out by hand from the rule: a leading = + - @ tab or CR,
    # unless the whole cell is a number), missing cells stay missing, numbers are not touched
    cells = ["=SUM(A1)", "-3.5", "@home", None, "plain", "+2", "-a", "\tx", "x=1", "1e-5"]
    want = ["'=SUM(A1)", "-3.5", "'@home", None, "plain", "+2", "'-a", "'\tx", "x=1", "1e-5"]
    df = pd.DataFrame(
        {"text": pd.Series(cells, dtype="str"), "obj": pd.Series(cells, dtype=object),
         "n": range(len(cells))}
    )  # fmt: skip
    out = files.csv_safe(df)
    for column in ("text", "obj"):
        got = [None if pd.isna(v) else v for v in out[column].tolist()]
        assert got == want, column
    assert out["text"].dtype == df["text"].dtype and out["obj"].dtype == object
    assert out["n"].tolist() == list(range(len(cells)))
    assert df["text"].iloc[0] == "=SUM(A1)"  # the input is not changed
    clean = pd.DataFrame({"text": pd.Series(["a", "-1", None, "b-c"], dtype="str")})
    assert files.csv_safe(clean) is clean  # nothing to change: no copy


# ---------------------------------------------------------------------------------------------
# A whole batch run: $ in labels, HTML payloads in notebooks, formulas in every CSV


PAYLOAD = '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script>'


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    base = tmp_path_factory.mktemp("hostile-run")
    corpus = base / "corpus"
    corpus.mkdir()
    outlets = ["$$ Street", "$5bn Times", "=Formula Post", "The Daily"]
    rows = []
    for i, name in enumerate(sorted(SEEDS.glob("*.txt"))):
        (corpus / name.name).write_text(
            name.read_text("utf-8") + f"\n\nA reader wrote {PAYLOAD} to the desk.\n",
            encoding="utf-8",
        )
        rows.append(f'{name.name},"{outlets[i % len(outlets)].replace(chr(34), chr(34) * 2)}"')
    (corpus / "manifest.csv").write_text("file,outlet\n" + "\n".join(rows) + "\n", "utf-8")
    run_dir = base / "run"
    proc = cli("run", "--corpus", str(corpus), "--out", str(run_dir), "-p", "n_boot=20",
               timeout=1200)  # fmt: skip
    return run_dir, proc


def test_run_with_dollar_labels_and_payloads_succeeds(hostile_run) -> None:
    run_dir, proc = hostile_run
    ok(proc)
    assert "0 failed" in proc.stdout
    assert not (run_dir / files.INCOMPLETE).exists()


def test_executed_notebooks_hold_no_active_html(hostile_run) -> None:
    run_dir, _ = hostile_run
    notebooks = sorted((run_dir / "notebooks").glob("*.ipynb"))
    assert notebooks
    for path in notebooks:
        nb = json.loads(path.read_text("utf-8"))
        for cell in nb["cells"]:
            for out in cell.get("outputs", []):
                for key, value in out.get("data", {}).items():
                    text = "".join(value) if isinstance(value, list) else str(value)
                    if key in ("text/html", "image/svg+xml", "text/markdown"):
                        assert not files.has_active_html(text), (path.name, key, text[:300])
                    assert key not in ("application/javascript", "text/javascript")


def test_every_csv_of_the_run_is_neutralised(hostile_run) -> None:
    run_dir, _ = hostile_run
    assert len(list(run_dir.rglob("*.csv"))) > 30
    assert formula_cells(run_dir) == []

"""The `policy-tui ingest` and `export` commands: real files, bad inputs, exit codes, interruption.

Most tests call `main([...])` in this process with the session pipeline passed
in (loading spaCy costs a second a time); the interruption tests run the real
command in a subprocess and stop it mid-document.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

import extract.nlp
import extract.pipeline
import extract.reading.files
from tui.cli import main

from .conftest import CORPUS, SEEDS, needs_dask

SAMPLE = SEEDS / "000_13d8d6eb722a39db.txt"


@pytest.fixture(autouse=True)
def shared_pipeline(monkeypatch, nlp):
    """The command loads its pipeline by name; here it gets the session's one."""
    monkeypatch.setattr(extract.nlp, "load_model", lambda name=None: nlp)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("error: ")]


def rows(db: Path, sql: str, params=()):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def test_ingest_then_re_ingest_adds_nothing(tmp_path, capsys):
    db = tmp_path / "p.db"
    code, _, err = run(capsys, "ingest", SAMPLE, "--db", db)
    assert code == 0
    assert "1 documents ingested (0 unchanged)" in err and "0 failures" in err
    before = rows(
        db, "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM sentences), (SELECT COUNT(*) FROM claims)"
    )
    assert before[0][1] > 30
    code, _, err = run(capsys, "ingest", SAMPLE, "--db", db)
    assert code == 0
    assert "0 documents ingested (1 unchanged)" in err
    assert (
        rows(
            db,
            "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM sentences), (SELECT COUNT(*) FROM claims)",
        )
        == before
    )


def test_a_changed_file_replaces_its_rows(tmp_path, capsys):
    db = tmp_path / "p.db"
    doc = tmp_path / "note.txt"
    doc.write_text("The minister said Azerbaijan signed 191 documents.\n", encoding="utf-8")
    assert run(capsys, "ingest", doc, "--db", db)[0] == 0
    doc.write_text(
        "The minister said Georgia signed 52 agreements.\nHe added that talks would go on.\n", encoding="utf-8"
    )
    code, _, err = run(capsys, "ingest", doc, "--db", db)
    assert code == 0 and "1 documents ingested" in err
    assert rows(db, "SELECT COUNT(*) FROM documents") == [(1,)]
    assert [t for (t,) in rows(db, "SELECT text FROM sentences ORDER BY idx")] == [
        "The minister said Georgia signed 52 agreements.",
        "He added that talks would go on.",
    ]


def _bad_inputs(folder: Path) -> dict[str, str]:
    """Files that must fail, each with the reason its one-line error gives."""
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_bytes(b" \n\t\n")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "controls.txt").write_bytes(bytes(range(1, 9)) * 200)
    (folder / "bad-bom.txt").write_bytes(b"\xff\xfeA\x00B")  # a UTF-16 mark, then an odd byte count
    (folder / "only-markup.html").write_bytes(b"<html><body><script>var a = 1;</script></body></html>")
    (folder / "cut-short.pdf").write_bytes(b"%PDF-1.7")
    os.mkfifo(folder / "pipe.txt")
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    (folder / "loop").mkdir()
    (folder / "loop" / "back").symlink_to(folder / "loop")
    return {
        "empty.txt": "empty file",
        "blank.md": "empty file",
        "binary.txt": "binary file",
        "controls.txt": "binary file",
        "bad-bom.txt": "byte-order mark but is not valid utf-16",
        "only-markup.html": "no text in the file (only markup)",
        "cut-short.pdf": "damaged or not a PDF",
        "pipe.txt": "not a regular file",
        "dangling.txt": "broken link",
        "back": "folder loop",
    }


def test_bad_inputs_fail_one_line_each_and_the_others_go_on(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    expected = _bad_inputs(folder)
    (folder / "good.txt").write_text("The minister said Azerbaijan signed 191 documents.\n", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    unsupported = tmp_path / "report.odt"
    unsupported.write_bytes(b"PK\x03\x04")
    db = tmp_path / "p.db"
    code, _, err = run(capsys, "ingest", folder, missing, unsupported, "--db", db)
    assert code == 1
    errors = error_lines(err)
    for name, reason in expected.items():
        line = next((e for e in errors if f"{name}: " in e), None)
        assert line is not None, f"no error for {name}: {errors}"
        assert reason in line
    assert any(f"{missing}: no such file or folder" in e for e in errors)
    assert any("report.odt: unsupported file type '.odt'" in e for e in errors)
    assert len(errors) == len(expected) + 2
    assert "1 documents ingested (0 unchanged)" in err and f"{len(errors)} failures" in err
    assert rows(db, "SELECT name FROM documents") == [("good.txt",)]


def test_an_unreadable_file_is_reported(tmp_path, capsys, monkeypatch):
    secret = tmp_path / "secret.txt"
    secret.write_text("The minister said so.\n", encoding="utf-8")
    secret.chmod(0)
    if os.geteuid() == 0:
        # root reads any file regardless of its mode: make reading it fail as it would for a user.
        real = Path.read_bytes

        def denied(self):
            if self.name == "secret.txt":
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", denied)
    code, _, err = run(capsys, "ingest", secret, "--db", tmp_path / "p.db")
    assert code == 1
    assert error_lines(err) == [f"error: {secret}: cannot read (permission denied)"]


def test_a_file_over_the_size_limit_is_refused(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(extract.reading.files, "MAX_BYTES", 1024 * 1024)
    big = tmp_path / "big.txt"
    big.write_bytes(b"The minister said so. " * 100_000)
    code, _, err = run(capsys, "ingest", big, "--db", tmp_path / "p.db")
    assert code == 1
    assert error_lines(err) == [f"error: {big}: file too large (2 MiB; the limit is 1 MiB)"]


ENCODED = {
    "utf16-bom.txt": ("utf-16", "Türkiye’s minister said the deal was “historic”.\nAnkara hosted the talks.\n"),
    "utf16-nobom.txt": ("utf-16-le", "Türkiye’s minister said the deal was historic.\n"),
    "latin1.txt": (
        "latin-1",
        "Le ministre français a déclaré à Genève que l'accord était très important.\n"
        "Die Außenminister trafen sich in Zürich.\n",
    ),
    "cp1251.txt": (
        "cp1251",
        "Министр иностранных дел России Сергей Лавров заявил, что Москва готова к переговорам.\n"
        "Он добавил, что условия остаются прежними.\n",
    ),
    "markup.txt": ("utf-8", "The [bold]minister[/] said [@click=app.quit]talks[/] resume \x1b[31mtoday\x1b[0m.\n"),
}


def test_encodings_and_markup_are_stored_as_the_text_they_are(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, (encoding, text) in ENCODED.items():
        (folder / name).write_bytes(text.encode(encoding))
    html = folder / "page.html"
    html.write_bytes(
        '<html><head><meta charset="windows-1251"></head><body><h1>Переговоры</h1>'
        "<p>Министр заявил, что переговоры продолжатся.</p></body></html>".encode("cp1251")
    )
    db = tmp_path / "p.db"
    code, _, err = run(capsys, "ingest", folder, "--db", db)
    assert code == 0, err
    stored = dict(rows(db, "SELECT name, text FROM documents"))
    for name, (_encoding, text) in ENCODED.items():
        assert stored[name] == text
    assert stored["page.html"] == "Переговоры\nМинистр заявил, что переговоры продолжатся.\n"
    sentence = rows(
        db, "SELECT s.text FROM sentences s JOIN documents d ON d.id = s.document_id WHERE d.name = 'markup.txt'"
    )
    assert sentence == [(ENCODED["markup.txt"][1].strip(),)]


def test_file_names_with_markup_and_escapes_are_shown_safely(tmp_path, capsys):
    odd = tmp_path / "[bold]x[@click=app.quit]\x1b[31m.txt"  # a file name cannot hold "/"
    odd.write_bytes(b"")
    code, _, err = run(capsys, "ingest", odd, "--db", tmp_path / "p.db")
    assert code == 1
    assert error_lines(err) == [f"error: {tmp_path}/[bold]x[@click=app.quit]\\x1b[31m.txt: empty file"]
    assert "\x1b[31m.txt" not in err


def test_a_missing_model_says_how_to_install(tmp_path, capsys, monkeypatch):
    monkeypatch.undo()  # the real loader
    code, _, err = run(capsys, "ingest", SAMPLE, "--db", tmp_path / "p.db", "--model", "xx_no_such_pipeline")
    assert code == 2
    lines = [line for line in err.splitlines() if line.startswith("policy-tui:")]
    assert len(lines) == 1
    assert "'xx_no_such_pipeline' is not installed" in lines[0] and "pip install" in lines[0]


def test_huge_documents_are_extracted_in_windows(tmp_path, nlp, monkeypatch):
    """Windowing bounds memory; it must not change the sentences or their offsets."""
    from extract.reading.files import read_source

    source = read_source(CORPUS / "reuters_russia_peace_terms_2025.txt" if CORPUS.exists() else SAMPLE)
    whole = extract.pipeline.extract(source, nlp)
    monkeypatch.setattr(extract.pipeline, "WINDOW", 600)
    monkeypatch.setattr(extract.pipeline, "MAX_CHUNK", 300)
    seen = []
    windowed = extract.pipeline.extract(source, nlp, on_progress=lambda done, total, n: seen.append((done, total, n)))
    assert len(seen) > 5 and seen[-1][0] == seen[-1][1] and seen[-1][2] == len(windowed.sentences)
    assert [s.index for s in windowed.sentences] == list(range(len(windowed.sentences)))
    for s in windowed.sentences:
        assert source.text[s.start : s.end] == s.text
    assert {m.sentence for m in windowed.mentions} <= set(range(len(windowed.sentences)))
    assert len(windowed.sentences) >= len(whole.sentences) * 0.9


def test_a_huge_document_is_spooled_a_window_at_a_time_and_stored_the_same(tmp_path, nlp, monkeypatch, capsys):
    """Stored from its spooled windows, a document has exactly the rows it has stored whole."""
    import extract.ingest.workers
    import extract.store.spool
    from extract.reading.files import read_source
    from extract.store import connect, save_document

    monkeypatch.setattr(extract.pipeline, "WINDOW", 600)
    monkeypatch.setattr(extract.pipeline, "MAX_CHUNK", 300)
    spooled = []
    real_spool = extract.store.spool.spool
    monkeypatch.setattr(extract.ingest.workers, "spool", lambda *a: spooled.append(real_spool(*a)) or spooled[-1])
    doc = tmp_path / "long.txt"
    doc.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    assert run(capsys, "ingest", doc, "--db", tmp_path / "spooled.db")[0] == 0
    assert len(spooled) == 1 and not Path(spooled[0].file).exists()  # spooled, then its file removed
    whole = replace(extract.pipeline.extract(read_source(doc), nlp), path=str(doc.resolve()))
    db = connect(tmp_path / "whole.db")
    save_document(db, whole)
    db.conn.close()
    tables = ("documents", "blocks", "sections", "sentences", "entities", "aliases", "mentions", "claims", "quantities")
    for table in tables:
        columns = "*" if table != "documents" else "id, name, path, kind, sha256, encoding, model, text"
        sql = f"SELECT {columns} FROM {table} ORDER BY 1, 2, 3"
        assert rows(tmp_path / "spooled.db", sql) == rows(tmp_path / "whole.db", sql), table
    assert rows(tmp_path / "spooled.db", "SELECT COUNT(*) FROM sentences")[0][0] == len(whole.sentences) > 30


def test_a_long_line_without_breaks_is_cut_into_bounded_pieces():
    from extract.records import PARAGRAPH, Block

    text = "x" * 50_000 + " tail. " + "y" * 45_000
    pieces = list(extract.pipeline.chunks(Block(0, PARAGRAPH, 7, 7 + len(text), text)))
    assert all(len(piece) <= extract.pipeline.MAX_CHUNK for _, piece in pieces)
    assert "".join(piece for _, piece in pieces) == text
    assert [offset for offset, _ in pieces][0] == 7


def test_export_jsonl_and_csv(tmp_path, capsys):
    db = tmp_path / "p.db"
    assert run(capsys, "ingest", SAMPLE, "--db", db)[0] == 0
    code, out, _ = run(capsys, "export", "--db", db, "--format", "jsonl")
    assert code == 0
    text = SAMPLE.read_text(encoding="utf-8")
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == rows(db, "SELECT COUNT(*) FROM sentences")[0][0]
    for record in records:
        assert set(record) == {
            "doc",
            "doc_id",
            "path",
            "start",
            "end",
            "page",
            "text",
            "section",
            "countries",
            "organisations",
            "people",
            "claim",
        }
        assert record["doc"] == SAMPLE.name
        assert text[record["start"] : record["end"]] == record["text"]
    assert {r["section"] for r in records} >= {"European Union", "Relations with the United States"}
    assert not any(r["text"].startswith("Leave the first comment") for r in records)

    out_file = tmp_path / "claims.csv"
    code, _, _ = run(capsys, "export", "--db", db, "--format", "csv", "--out", out_file)
    assert code == 0
    claims = list(csv.DictReader(io.StringIO(out_file.read_text(encoding="utf-8"))))
    assert claims and not (tmp_path / "claims.csv.part").exists()
    for claim in claims:
        start, end = int(claim["sentence_start"]), int(claim["sentence_end"])
        assert text[start:end] == claim["text"]
        if claim["cue"]:
            assert text[int(claim["cue_start"]) : int(claim["cue_end"])] == claim["cue"]
        spans = [tuple(map(int, span.split("-"))) for span in claim["quantity_offsets"].split(";") if span]
        assert [text[a:b] for a, b in spans] == [q for q in claim["quantities"].split(";") if q]
    assert any(claim["quantity_offsets"] for claim in claims)


def test_export_errors_are_one_line(tmp_path, capsys):
    code, _, err = run(capsys, "export", "--db", tmp_path / "none.db", "--format", "jsonl")
    assert (code, err.strip()) == (1, f"policy-tui: {tmp_path / 'none.db'}: no such database")
    db = tmp_path / "p.db"
    assert run(capsys, "ingest", SAMPLE, "--db", db)[0] == 0
    target = tmp_path / "no-such-folder" / "out.jsonl"
    code, _, err = run(capsys, "export", "--db", db, "--format", "jsonl", "--out", target)
    assert code == 1
    assert err.strip() == f"policy-tui: {target}: cannot write (no such file or directory)"


# The interrupted run: the real command in a subprocess, sent a signal by itself
# while the third document is being written, right after its sentences are
# inserted inside the document's transaction.
INTERRUPTED = """
import os, signal, sys
import sqlite_utils.db
import extract.ingest.run
from tui.cli import main

saves = []
real_save = extract.ingest.run.save_document
def save_document(*args, **kwargs):
    saves.append(1)
    return real_save(*args, **kwargs)
extract.ingest.run.save_document = save_document

real_insert_all = sqlite_utils.db.Table.insert_all
def insert_all(self, *args, **kwargs):
    result = real_insert_all(self, *args, **kwargs)
    if len(saves) == 3 and self.name == "sentences":
        if sys.argv[1] == "Ctrl+C":  # as a terminal sends it: to every process of the command's group
            os.killpg(os.getpgid(0), signal.SIGINT)
        else:
            os.kill(os.getpid(), getattr(signal, sys.argv[1]))
    return result
sqlite_utils.db.Table.insert_all = insert_all
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.slow
@pytest.mark.parametrize("signame, exit_code, spread", [
    ("SIGKILL", -signal.SIGKILL, ["--workers", "1"]), ("SIGINT", 130, ["--workers", "1"]),
    ("SIGTERM", 130, ["--workers", "1"]), ("SIGTERM", 130, ["--workers", "2"]),
    ("SIGKILL", -signal.SIGKILL, ["--workers", "2"]),
    pytest.param("Ctrl+C", 130, ["--cluster", "local:1"], marks=[needs_dask, pytest.mark.cluster]),
    pytest.param("SIGTERM", 130, ["--cluster", "local:1"], marks=[needs_dask, pytest.mark.cluster]),
])
def test_an_interrupted_ingest_keeps_finished_documents_and_no_half_one(tmp_path, signame, exit_code, spread):
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(5):
        (folder / f"doc{n}.txt").write_text(
            f"Report {n}\nThe minister said Azerbaijan signed {n + 10} documents with Georgia.\n"
            f"He added that {n + 2} more agreements would follow in 2026.\n",
            encoding="utf-8",
        )
    db = tmp_path / "p.db"
    result = subprocess.run(
        [sys.executable, "-c", INTERRUPTED, signame, "ingest", str(folder), "--db", str(db), *spread],
        capture_output=True,
        text=True,
        timeout=300,
        start_new_session=True,  # its own process group, for the Ctrl+C case
    )
    assert result.returncode == exit_code, result.stderr
    if signame != "SIGKILL":
        assert "policy-tui: interrupted; every finished document is stored" in result.stderr
        assert "Traceback" not in result.stderr  # nor from a worker process the Ctrl+C reached too
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert [n for (n,) in conn.execute("SELECT name FROM documents ORDER BY name")] == ["doc0.txt", "doc1.txt"]
        for table in ("blocks", "sections", "sentences", "mentions", "claims", "quantities", "aliases"):
            orphans = conn.execute(
                f"SELECT COUNT(*) FROM [{table}] WHERE document_id NOT IN (SELECT id FROM documents)"
            )
            assert orphans.fetchone() == (0,), table
        per_document = conn.execute("SELECT COUNT(*) FROM sentences GROUP BY document_id").fetchall()
        assert per_document == [(2,), (2,)]
        fts = conn.execute("SELECT COUNT(*) FROM sentences_fts WHERE sentences_fts MATCH 'minister'").fetchone()
        assert fts == (2,)
    finally:
        conn.close()
    # Running again finishes the job: the two stored documents are unchanged, the rest added.
    again = subprocess.run(
        [sys.executable, "-m", "tui.cli", "ingest", str(folder), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 0, again.stderr
    assert "3 documents ingested (2 unchanged)" in again.stderr


def test_utf8_with_a_stray_byte_keeps_its_accents(tmp_path, capsys):
    text = "Türkiye’s minister met Azerbaijan’s envoy in Bakı on Friday.\n" * 20
    damaged = tmp_path / "damaged.txt"
    damaged.write_bytes(text[:100].encode("utf-8") + b"\xff" + text[100:].encode("utf-8"))
    db = tmp_path / "p.db"
    code, _, err = run(capsys, "ingest", damaged, "--db", db)
    assert code == 0, err
    stored, encoding = rows(db, "SELECT text, encoding FROM documents")[0]
    assert encoding == "utf-8 (1 undecodable byte replaced)"
    assert stored == text[:100] + "\ufffd" + text[100:]


@pytest.mark.slow
@pytest.mark.corpus
def test_workers_store_what_one_process_stores(tmp_path, capsys):
    files = [SAMPLE, *sorted(CORPUS.glob("*.txt"))[:2]]
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    assert run(capsys, "ingest", *files, "--db", one)[0] == 0
    result = subprocess.run([sys.executable, "-m", "tui.cli", "ingest", *map(str, files), "--db", str(two),
                             "--workers", "2"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "3 documents ingested (0 unchanged)" in result.stderr
    exports = []
    for db in (one, two):
        out = tmp_path / f"{db.stem}.jsonl"
        assert run(capsys, "export", "--db", db, "--format", "jsonl", "--out", out)[0] == 0
        exports.append(out.read_text(encoding="utf-8"))
    assert exports[0] == exports[1]
    assert len(exports[0].splitlines()) > 100


@pytest.mark.slow
def test_workers_report_a_bad_file_in_one_line_and_go_on(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "good.txt").write_text("The minister said Georgia signed 12 agreements.\n", encoding="utf-8")
    db = tmp_path / "w.db"
    result = subprocess.run([sys.executable, "-m", "tui.cli", "ingest", str(tmp_path), "--db", str(db),
                             "--workers", "2"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert error_lines(result.stderr) == [f"error: {tmp_path / 'empty.txt'}: empty file"]
    assert rows(db, "SELECT name FROM documents") == [("good.txt",)]


def test_workers_must_be_a_positive_whole_number(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["ingest", str(SAMPLE), "--db", str(tmp_path / "x.db"), "--workers", "none"])
    assert "'none' is not a number of processes" in capsys.readouterr().err


def test_a_defect_in_extraction_fails_that_file_in_one_line_and_the_others_go_on(tmp_path, capsys, monkeypatch):
    (tmp_path / "odd.txt").write_text("The minister said Georgia signed 12 agreements.\n", encoding="utf-8")
    (tmp_path / "good.txt").write_text("The minister said Armenia signed 3 agreements.\n", encoding="utf-8")
    real_extract = extract.pipeline.extract_parts

    def extract_or_fail(source, nlp, on_progress=None):
        if source.name == "odd.txt":
            raise ValueError("unexpected shape\nsecond line")
        return real_extract(source, nlp, on_progress=on_progress)

    monkeypatch.setattr(extract.pipeline, "extract_parts", extract_or_fail)
    db = tmp_path / "x.db"
    code, _, err = run(capsys, "ingest", tmp_path / "odd.txt", tmp_path / "good.txt", "--db", db)
    assert code == 1
    assert error_lines(err) == [f"error: {tmp_path / 'odd.txt'}: extraction failed (ValueError: unexpected shape)"]
    assert rows(db, "SELECT name FROM documents") == [("good.txt",)]

"""Hostile input never takes a run down: the installed command, run in a subprocess.

One bad file fails alone with one line and every other file is stored; names with
bytes that are not UTF-8 are stored and shown escaped; an export to a terminal never
writes raw control characters while an export to a pipe stays exact; damaged
databases give one line naming the file; two ingests into a new database both
finish; a full disk ends an ingest with one line and the database intact; a database
on read-only media can be read. Every case checks the exit code, the printed line,
the stored rows and `PRAGMA integrity_check`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from .tui_fixtures import BRIEFING, HOSTILE, Doc, Para, build_db

COMMAND = Path(sys.executable).parent / "policy-tui"
pytestmark = pytest.mark.skipif(not COMMAND.exists(), reason="the policy-tui command is not installed in this venv")

GOOD = "The foreign minister said on Monday that France and Germany signed 12 agreements on trade.\n"
RUSSIAN = "Министр иностранных дел заявил, что Россия и Китай подписали 12 соглашений о торговле.\n"
TITLE = "\x1b]0;retitled\x07"  # OSC 0: sets the terminal's title


def run(*argv: object, stdin=None, env=None, wrapper: str | None = None) -> subprocess.CompletedProcess:
    """The installed command (or, with `wrapper`, the same entry point after some set-up code)."""
    args = [str(a) for a in argv]
    if wrapper is None:
        cmd = [str(COMMAND), *args]
    else:
        cmd = [sys.executable, "-c", wrapper + "\nfrom tui.cli import main\nraise SystemExit(main())", *args]
    return subprocess.run(cmd, capture_output=True, timeout=600, stdin=stdin, env=env)


def errors(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.decode("utf-8").splitlines() if line.startswith("error: ")]


def query(db: Path, sql: str, params=()) -> list[tuple]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def intact(db: Path) -> bool:
    """SQLite's integrity check passes, and FTS5's own check of the full-text index against its sentences."""
    conn = sqlite3.connect(db)
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        conn.execute("INSERT INTO sentences_fts(sentences_fts, rank) VALUES ('integrity-check', 1)")  # raises if not
        return ok
    finally:
        conn.close()


def no_traceback(result: subprocess.CompletedProcess) -> None:
    assert b"Traceback" not in result.stderr, result.stderr.decode("utf-8", "replace")


def stored_names(db: Path) -> list[str]:
    return sorted(name for (name,) in query(db, "SELECT name FROM documents"))


# --- one file fails alone ---------------------------------------------------------------


def nested(depth: int) -> str:
    return "<html><body>" + "<div>" * depth + "<p>The minister said Spain agreed.</p>" + "</div>" * depth + "</body></html>"


def hostile_folder(folder: Path) -> None:
    """Good files beside files that once ended a whole ingest."""
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "nested-2000.html").write_text(nested(2000), encoding="utf-8")
    (folder / "nested-100000.html").write_text(nested(100_000), encoding="utf-8")
    (folder / "russian-utf16.txt").write_bytes(RUSSIAN.encode("utf-16-le"))  # no byte-order mark
    (folder / "russian-utf32.txt").write_bytes(RUSSIAN.encode("utf-32-be"))
    (folder / "zz-good.md").write_text("# Talks\n\nThe spokesman said Japan would attend.\n", encoding="utf-8")
    with open(os.path.join(os.fsencode(folder), b"latin1-caf\xe9.txt"), "wb") as f:  # a name not in UTF-8
        f.write(GOOD.replace("France", "Italy").encode())
    (folder / f"title{TITLE}.txt").write_text(GOOD.replace("France", "Kenya"), encoding="utf-8")


@pytest.mark.slow
def test_each_hostile_file_fails_alone_and_the_others_are_stored(tmp_path):
    folder, db = tmp_path / "in", tmp_path / "p.db"
    hostile_folder(folder)
    result = run("ingest", folder, "--db", db)
    no_traceback(result)
    assert result.returncode == 1  # some files failed
    failed = errors(result)
    assert len(failed) == 2, failed  # one line per deeply nested page, nothing else
    assert all("nested-" in line and "too deeply nested" in line for line in failed)
    assert stored_names(db) == sorted([
        "good.txt", "zz-good.md", "russian-utf16.txt", "russian-utf32.txt", "latin1-caf\\xe9.txt", f"title{TITLE}.txt",
    ])
    assert dict(query(db, "SELECT name, encoding FROM documents WHERE name LIKE 'russian%'")) == {
        "russian-utf16.txt": "utf-16-le", "russian-utf32.txt": "utf-32-be",
    }
    assert query(db, "SELECT COUNT(*) FROM sentences WHERE text LIKE 'Министр%'") == [(2,)]
    assert "6 documents ingested (0 unchanged)" in result.stderr.decode() and "2 failures" in result.stderr.decode()
    assert intact(db)
    # The printed lines never hold the name's raw escape sequence.
    assert b"\x1b" not in result.stderr and b"\x07" not in result.stderr


# Code run before the command's entry point: the extractor fails on some files (a defect,
# memory) and the reader on others, as a defect in a new reader would.
FAULTS = """
import extract.pipeline, extract.ingest.run
real_extract, real_read = extract.pipeline.extract_parts, extract.ingest.run.read_source
def extract_with_faults(source, nlp, on_progress=None):
    if source.name.startswith("defect"):
        raise IndexError("list index out of range")
    if source.name.startswith("memory"):
        raise MemoryError()
    return real_extract(source, nlp, on_progress)
def read_with_faults(path, *args, **kwargs):
    if path.name.startswith("reader-defect"):
        raise KeyError("charset")
    if path.name.startswith("reader-memory"):
        raise MemoryError()
    return real_read(path, *args, **kwargs)
extract.pipeline.extract_parts = extract_with_faults
extract.ingest.run.read_source = read_with_faults
"""


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_a_defect_or_memory_error_fails_only_its_file(tmp_path, workers):
    folder, db = tmp_path / "in", tmp_path / "p.db"
    folder.mkdir()
    for name in ("a-good.txt", "defect.txt", "memory.txt", "reader-defect.txt", "reader-memory.txt", "z-good.txt"):
        (folder / name).write_text(GOOD.replace("France", name.split(".")[0]), encoding="utf-8")
    if workers > 1:  # the workers are fresh interpreters: they get the faults through sitecustomize
        site = tmp_path / "site"
        site.mkdir()
        (site / "sitecustomize.py").write_text(FAULTS, encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(site)}
        result = run("ingest", folder, "--db", db, "--workers", workers, env=env, wrapper="")
    else:
        result = run("ingest", folder, "--db", db, wrapper=FAULTS)
    no_traceback(result)
    assert result.returncode == 1
    lines = {line.split(": ", 1)[1].split(":")[0].rsplit("/", 1)[-1]: line for line in errors(result)}
    assert set(lines) == {"defect.txt", "memory.txt", "reader-defect.txt", "reader-memory.txt"}, lines
    assert "extraction failed (IndexError: list index out of range)" in lines["defect.txt"]
    assert "too large to extract (MemoryError)" in lines["memory.txt"]
    assert "cannot read (KeyError: 'charset')" in lines["reader-defect.txt"]
    assert "too large to read" in lines["reader-memory.txt"]
    assert stored_names(db) == ["a-good.txt", "z-good.txt"]
    assert intact(db)


# --- names ------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_name_that_is_not_utf8_is_stored_escaped_and_found_again(tmp_path):
    folder, db = tmp_path / "in", tmp_path / "p.db"
    folder.mkdir()
    raw = os.path.join(os.fsencode(folder), b"r\xe9sum\xff.txt")
    with open(raw, "wb") as f:
        f.write(GOOD.encode())
    first = run("ingest", folder, "--db", db)
    no_traceback(first)
    assert first.returncode == 0
    [(name, path)] = query(db, "SELECT name, path FROM documents")
    assert name == "r\\xe9sum\\xff.txt"
    assert path == os.fsdecode(os.fsencode(folder.resolve())) + "/r\\xe9sum\\xff.txt"
    # The stored path leads back to the file: its escapes are the file name's bytes.
    assert os.path.exists(path.encode("latin-1", "backslashreplace").decode("unicode_escape").encode("latin-1"))
    again = run("ingest", folder, "--db", db)
    assert again.returncode == 0 and "0 documents ingested (1 unchanged)" in again.stderr.decode()
    exported = run("export", "--db", db, "--format", "jsonl")
    assert json.loads(exported.stdout.splitlines()[0])["doc"] == "r\\xe9sum\\xff.txt"


# --- exports to a terminal --------------------------------------------------------------

ESCAPES = {
    "SGR": "\x1b[31m",
    "OSC 52": "\x1b]52;c;aGk=\x07",
    "OSC 8": "\x1b]8;;https://example.invalid\x1b\\",
    "RIS": "\x1bc",
    "alt screen": "\x1b[?1049l",
    "C1 CSI": "\x9b31m",
    "bidi": "\u202e",
}


@pytest.fixture()
def hostile_db(tmp_path) -> Path:
    words = " ".join(ESCAPES.values())
    doc = Doc(
        f"memo{TITLE}.txt",
        "Memo",
        [("Notes", [Para([(HOSTILE, None, None), (f"Officials said Russia sent {words} 3 notes.", "Officials", "said")])])],
    )
    return build_db(tmp_path / "hostile.db", [BRIEFING, doc])


def on_terminal(*argv: object) -> tuple[int, bytes, bytes]:
    """Run the command with standard output on a pseudo-terminal; (exit code, terminal bytes, stderr)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([str(COMMAND), *map(str, argv)], stdout=slave, stderr=subprocess.PIPE)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    _, err = proc.communicate(timeout=60)
    os.close(master)
    return proc.returncode, b"".join(chunks), err


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_an_export_to_a_terminal_writes_no_control_characters(hostile_db, fmt):
    code, shown, err = on_terminal("export", "--db", hostile_db, "--format", fmt)
    assert code == 0
    text = shown.decode("utf-8")
    assert "Officials said Russia sent" in text
    bad = [ch for ch in text if (ord(ch) < 0x20 and ch not in "\n\r\t") or 0x7F <= ord(ch) < 0xA0 or ch == "\u202e"]
    assert bad == []
    assert "\\u001b]0;retitled\\u0007" in text  # the name is shown, escaped
    assert "shown as escapes on this terminal; --out FILE or a pipe writes the export exactly" in err.decode()


def test_an_export_to_a_pipe_or_file_is_exact(hostile_db, tmp_path):
    piped = run("export", "--db", hostile_db, "--format", "csv")
    assert piped.returncode == 0 and piped.stderr == b""
    out = tmp_path / "claims.csv"
    written = run("export", "--db", hostile_db, "--format", "csv", "--out", out)
    assert written.returncode == 0
    assert out.read_bytes() == piped.stdout
    rows = list(csv.reader(io.StringIO(piped.stdout.decode("utf-8"), newline="")))
    assert any(row[0] == f"memo{TITLE}.txt" for row in rows)
    assert any(all(seq in row[-1] for seq in ESCAPES.values()) for row in rows)
    lines = run("export", "--db", hostile_db, "--format", "jsonl").stdout.decode("utf-8").splitlines()
    assert any(json.loads(line)["text"] == HOSTILE for line in lines)


# --- damaged databases ------------------------------------------------------------------


def damaged_copies(good: Path, folder: Path) -> dict[str, Path]:
    folder.mkdir()
    made = {}
    for table in ("documents", "sentences", "claims", "mentions", "sentences_fts"):
        path = folder / f"no-{table}.db"
        shutil.copy(good, path)
        conn = sqlite3.connect(path)
        conn.execute(f"DROP TABLE [{table}]")
        conn.commit()
        conn.close()
        made[f"no {table}"] = path
    path = folder / "no-fts-data.db"  # the index's own storage gone, its declaration left
    shutil.copy(good, path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema=ON")
    conn.execute("DELETE FROM sqlite_master WHERE name = 'sentences_fts_data'")
    conn.commit()
    conn.close()
    made["no fts data"] = path
    size = good.stat().st_size
    conn = sqlite3.connect(good)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    roots = dict(conn.execute("SELECT name, rootpage FROM sqlite_master WHERE name IN ('documents', 'sentences')"))
    # A page of the rows every command reads or writes (documents, sentences, their full-text
    # index) nearest 40% into the file: pages of tables a command never touches (the
    # bookmarks, say) are only found damaged by the commands that read them.
    used = [
        row[0]
        for row in conn.execute(
            "SELECT pageno FROM dbstat WHERE name IN ('documents', 'sentences', 'sentences_fts_data') ORDER BY pageno"
        )
    ]
    conn.close()
    noise = bytes((i * 151 + 7) % 256 for i in range(page_size))
    middle = min(used, key=lambda page: abs(page - size * 0.4 / page_size))
    spots = {"mid-file": middle - 1, **{f"{name} root": roots[name] - 1 for name in roots}}
    for what, page in spots.items():  # a page overwritten with noise
        path = folder / f"scrambled-{what.replace(' ', '-')}.db"
        shutil.copy(good, path)
        with open(path, "r+b") as f:
            f.seek(page * page_size)
            f.write(noise)
        made[f"scrambled {what}"] = path
    path = folder / "truncated.db"
    shutil.copy(good, path)
    with open(path, "r+b") as f:
        f.truncate(size // 2)
    made["cut in half"] = path
    return made


def test_damaged_databases_give_one_line_naming_the_file(hostile_db, tmp_path):
    conn = sqlite3.connect(hostile_db)  # one file, no write-ahead log beside it
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02\x03binary")  # refused by reading: the database is all an ingest touches
    for what, db in damaged_copies(hostile_db, tmp_path / "damaged").items():
        out = tmp_path / f"{db.stem}.csv"
        for argv in (
            ("export", "--db", db, "--format", "jsonl"),
            ("export", "--db", db, "--format", "csv", "--out", out),
            ("ingest", bad, "--db", db),
        ):
            result = run(*argv)
            no_traceback(result)
            lines = result.stderr.decode("utf-8").splitlines()
            assert result.returncode == 1, (what, argv, lines)
            assert len(lines) == 1, (what, argv, lines)
            assert lines[0].startswith(f"policy-tui: {db}: the database is damaged"), (what, lines)
            assert "PRAGMA integrity_check" in lines[0]
        assert not out.exists() and not out.with_name(out.name + ".part").exists()
    # The explorer checks the database before its screen opens, with the same line.
    from extract import StoreError
    from tui.app import explorer
    from tui.data import Store

    with pytest.raises(StoreError, match="the database is damaged.*integrity_check"):
        explorer(tmp_path / "damaged" / "no-claims.db")
    with pytest.raises(StoreError, match="the database is damaged.*integrity_check"):
        Store(tmp_path / "damaged" / "no-fts-data.db").prepare()


def test_a_failed_export_to_a_file_leaves_nothing(hostile_db, tmp_path):
    out = tmp_path / "gone" / "claims.csv"  # its folder does not exist
    result = run("export", "--db", hostile_db, "--format", "csv", "--out", out)
    assert result.returncode == 1 and "cannot write" in result.stderr.decode()
    assert not out.with_name(out.name + ".part").exists()


# --- concurrency, full disks, read-only media ----------------------------------------------


@pytest.mark.slow
def test_two_ingests_into_a_new_database_both_finish(tmp_path):
    db = tmp_path / "new.db"
    docs = []
    for i in range(2):
        doc = tmp_path / f"doc{i}.txt"
        doc.write_text(GOOD.replace("France", ["Japan", "Chile"][i]), encoding="utf-8")
        docs.append(doc)
    procs = [subprocess.Popen([str(COMMAND), "ingest", d, "--db", db], stderr=subprocess.PIPE) for d in docs]
    results = [(p.wait(timeout=600), p.stderr.read().decode()) for p in procs]
    assert [code for code, _ in results] == [0, 0], results
    assert stored_names(db) == ["doc0.txt", "doc1.txt"]
    assert intact(db)


def can_mount() -> bool:
    return sys.platform.startswith("linux") and os.geteuid() == 0 and shutil.which("mount") is not None


def mounted(args: list[str]) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


def article(i: int) -> str:
    return "".join(
        f"The minister of France said that Japan would send {i * 1000 + n} observers in week {n}.\n\n"
        for n in range(300)
    )


@pytest.mark.slow
@pytest.mark.skipif(not can_mount(), reason="needs root on Linux to mount a small file system")
def test_a_full_disk_ends_the_ingest_with_one_line_and_the_database_intact(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    if not mounted(["-t", "tmpfs", "-o", "size=600k", "tmpfs", str(disk)]):
        pytest.skip("mounting a tmpfs was refused here")
    try:
        folder = tmp_path / "in"
        folder.mkdir()
        for i in range(6):
            (folder / f"doc{i}.txt").write_text(article(i), encoding="utf-8")
        db = disk / "full.db"
        result = run("ingest", folder, "--db", db)
        no_traceback(result)
        assert result.returncode == 1
        last = result.stderr.decode().splitlines()[-1]
        assert last == f"policy-tui: {db}: cannot write the database: the disk is full (every document stored before is intact)"
        assert intact(db)
        stored = query(db, "SELECT name FROM documents")
        assert 0 < len(stored) < 6
        # Every stored document is whole: all 300 of its sentences.
        assert set(query(db, "SELECT COUNT(*) FROM sentences GROUP BY document_id")) == {(300,)}
    finally:
        subprocess.run(["umount", str(disk)], check=False)


@pytest.mark.slow
def test_a_database_that_reaches_its_size_limit_keeps_what_it_stored(tmp_path):
    """The portable form of a full disk: SQLite's page limit returns the same error."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(6):
        (folder / f"doc{i}.txt").write_text(article(i), encoding="utf-8")
    db = tmp_path / "limited.db"
    limit = """
import extract.store.schema as schema
real_connect = schema.connect
def limited(*args, **kwargs):
    db = real_connect(*args, **kwargs)
    db.conn.execute("PRAGMA max_page_count = 60")
    return db
schema.connect = limited
import extract.ingest.run
extract.ingest.run.connect = limited
"""
    result = run("ingest", folder, "--db", db, wrapper=limit)
    no_traceback(result)
    assert result.returncode == 1
    assert result.stderr.decode().splitlines()[-1].endswith("cannot write the database: the disk is full"
                                                            " (every document stored before is intact)")
    assert intact(db)
    assert set(query(db, "SELECT COUNT(*) FROM sentences GROUP BY document_id")) <= {(300,)}


@pytest.mark.skipif(not can_mount(), reason="needs root on Linux to mount a folder read-only")
def test_a_database_on_read_only_media_is_read(hostile_db, tmp_path):
    source, media = tmp_path / "source", tmp_path / "media"
    source.mkdir()
    media.mkdir()
    conn = sqlite3.connect(hostile_db)  # as a database is left after an ingest: WAL mode, log emptied
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    shutil.copy(hostile_db, source / "p.db")
    if not (mounted(["--bind", str(source), str(media)]) and mounted(["-o", "remount,ro,bind", str(media)])):
        subprocess.run(["umount", str(media)], check=False)
        pytest.skip("a read-only bind mount was refused here")
    try:
        db = media / "p.db"
        assert not os.access(media, os.W_OK)
        result = run("export", "--db", db, "--format", "jsonl")
        assert result.returncode == 0, result.stderr
        assert len(result.stdout.splitlines()) == query(hostile_db, "SELECT COUNT(*) FROM sentences")[0][0]
        from extract.store import read as q
        from tui.data import Store

        store = Store(db)
        assert store.read_only
        assert store.prepare() == 2  # the explorer's check, read-only
        assert store.read(q.count_claims) > 0
        store.close()
    finally:
        subprocess.run(["umount", str(media)], check=False)

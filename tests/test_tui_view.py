"""The explorer's view of the claims: what it leaves on disk, which claims it lists, how they are laid out."""

# ruff: noqa: F811 - the fixtures imported from tui_fixtures are used as test arguments

from __future__ import annotations

import shutil
import sqlite3

import pytest

from tui.app import ExplorerApp

from .tui_fixtures import briefing_db, briefing_db_master, settle  # noqa: F401 - fixtures

SIZE = (100, 32)


def make_app(path, **kwargs) -> ExplorerApp:
    kwargs.setdefault("seed_if_empty", False)
    kwargs.setdefault("search_delay", 0)
    return ExplorerApp(path, **kwargs)


# --- the database file is whole after the explorer exits -----------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("how", ["quit key", "ended otherwise"])
async def test_what_the_explorer_ingested_is_in_the_database_file_alone(tmp_path, how):
    folder = tmp_path / "work"
    folder.mkdir()
    document = folder / "note.txt"
    document.write_text("Envoys met in Geneva.\n\nThe minister said that France would send aid to Ukraine.\n")
    db_path = folder / "explorer.db"
    app = make_app(db_path, ingest_paths=[str(document)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, rounds=300)
        assert app.main.table.claims  # the document landed and its claims are listed
        if how == "quit key":
            await pilot.press("q")
        else:
            app.exit()  # as a signal or the problem screen ends it: no view to save first
    # Only the .db is copied: a write-ahead log left beside it would hold the document.
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(db_path, copy / "explorer.db")
    conn = sqlite3.connect(copy / "explorer.db")
    try:
        names = [row[0] for row in conn.execute("SELECT name FROM documents")]
        sentences = conn.execute("SELECT COUNT(*) FROM sentences").fetchone()[0]
    finally:
        conn.close()
    assert names == ["note.txt"]
    assert sentences >= 2
    wal = db_path.with_name(db_path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


# --- exports name a document by id and path, and Datasette reads its labels --------------


def two_articles_db(path):
    """Two documents both called article.txt, from different folders (no spaCy)."""
    from dataclasses import replace

    from extract.store import connect, save_document

    from .tui_fixtures import Doc, Para, make_document

    db = connect(path)
    try:
        for folder, sentence in (("north", "Envoys from France met in Kyiv, Maria Ortega said."),
                                 ("south", "Ukraine asked France for 12 more generators, NATO said.")):
            speaker = "Maria Ortega" if "Ortega" in sentence else "NATO"
            doc = make_document(Doc("article.txt", "Desk notes", [("Talks", [Para([(sentence, speaker, "said")])])]))
            save_document(db, replace(doc, path=f"/desk/{folder}/article.txt"))
    finally:
        db.conn.close()
    return path


def test_every_export_names_the_document_by_id_and_path(tmp_path, capsys):
    import csv
    import io
    import json

    from extract.store import connect
    from extract.store.citations import view_citations, write_citations
    from tui.cli import main

    db_path = two_articles_db(tmp_path / "two.db")
    assert main(["export", "--db", str(db_path), "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["doc"] for r in records} == {"article.txt"}  # the scorer's key stays the file name
    assert sorted((r["doc_id"], r["path"]) for r in records) == [
        (1, "/desk/north/article.txt"), (2, "/desk/south/article.txt")
    ]
    assert main(["export", "--db", str(db_path), "--format", "csv"]) == 0
    claims = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert sorted((c["document_id"], c["document_path"]) for c in claims) == [
        ("1", "/desk/north/article.txt"), ("2", "/desk/south/article.txt")
    ]
    db = connect(db_path, create=False, readonly=True)
    try:
        for fmt in ("csv", "jsonl", "md"):
            out = io.StringIO()
            assert write_citations(view_citations(db, ()), fmt, out) == 2
            for folder, doc_id in (("north", 1), ("south", 2)):
                assert f"/desk/{folder}/article.txt" in out.getvalue()
                assert (f"document {doc_id}" if fmt == "md" else str(doc_id)) in out.getvalue()
    finally:
        db.conn.close()


def test_datasette_metadata_labels_what_foreign_keys_point_at(tmp_path, capsys):
    import json

    from tui.cli import main

    db_path = two_articles_db(tmp_path / "desk.db")
    out = tmp_path / "desk.metadata.json"
    assert main(["export", "--db", str(db_path), "--format", "datasette", "--out", str(out)]) == 0
    metadata = json.loads(out.read_text(encoding="utf-8"))
    assert set(metadata) == {"title", "databases"}
    assert list(metadata["databases"]) == ["desk"]  # Datasette's name for desk.db
    tables = metadata["databases"]["desk"]["tables"]
    assert tables["sentences"]["label_column"] == "text"
    assert tables["entities"]["label_column"] == "name"
    assert tables["documents"]["label_column"] == "name"
    assert tables["sections"]["label_column"] == "heading"
    # Every label is a column of its table, and every table a foreign key points at has one.
    conn = sqlite3.connect(db_path)
    try:
        for table, options in tables.items():
            columns = {row[1] for row in conn.execute(f"PRAGMA table_info([{table}])")}
            assert options["label_column"] in columns, table
            assert isinstance(options["description"], str) and options["description"]
        targets = {
            row[2]
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            for row in conn.execute(f"PRAGMA foreign_key_list([{name}])")
        }
    finally:
        conn.close()
    assert targets and targets <= set(tables)


# --- the claims listed: attributed ones by default, never a headline or a standfirst -------


def claim_texts(db, filters=()) -> list[str]:
    import extract.store.read as q

    return [row.text for row in q.claims_page(db, filters).rows]


def test_attributed_claims_are_those_with_a_speaker_or_a_cue(briefing_db):
    import extract.store.read as q
    from extract.store import connect

    db = connect(briefing_db, create=False, readonly=True)
    try:
        every = q.claims_page(db, ()).rows
        attributed = q.claims_page(db, (q.ATTRIBUTED_ONLY,)).rows
        assert [r.id for r in attributed] == [r.id for r in every if r.speaker or r.cue]
        assert 0 < len(attributed) < len(every)
        assert q.count_claims(db, (q.ATTRIBUTED_ONLY,)) == len(attributed)
        russia = next(e for e in q.entity_counts(db, q.COUNTRY) if e.key == "RU").filter()
        assert all(r.speaker or r.cue for r in q.claims_page(db, (russia, q.ATTRIBUTED_ONLY)).rows)
    finally:
        db.conn.close()


def test_headlines_and_standfirsts_are_never_listed_as_claims(tmp_path):
    """Their sentences stay content (exported with their claim for scoring), but no list shows them."""
    import io
    import json
    from dataclasses import replace

    import extract.store.read as q
    from extract.store import connect, save_document
    from extract.store.export import write_jsonl

    from .tui_fixtures import Doc, Para, make_document

    headline = "Ministers agree river pact, Maria Ortega says"
    standfirst = "The pact shares the water of the basin, the European Union said."
    doc = make_document(Doc("pact.txt", "River pact", [("Talks", [
        Para([(headline, "Maria Ortega", "says")]),
        Para([(standfirst, "European Union", "said")]),
        Para([("Farmers in France said the pact came too late.", "Maria Ortega", "said")]),
    ])]))
    by_text = {b.text: b for b in doc.blocks}
    roles = {by_text[headline].index: "headline", by_text[standfirst].index: "standfirst"}
    doc = replace(doc, blocks=tuple(replace(b, reason=roles.get(b.index, b.reason)) for b in doc.blocks))
    db = connect(tmp_path / "pact.db")
    try:
        save_document(db, doc)
        for filters in ((), (q.ATTRIBUTED_ONLY,)):
            assert claim_texts(db, filters) == ["Farmers in France said the pact came too late."]
            assert q.count_claims(db, filters) == 1
        out = io.StringIO()
        write_jsonl(db, out)
        exported = {r["text"]: r["claim"] for r in map(json.loads, out.getvalue().splitlines())}
        assert exported[headline]["speaker"] == "Maria Ortega"  # the export (and its scorer) keeps them
    finally:
        db.conn.close()


def front_roles(text: str) -> dict[str, str]:
    from extract.structure.blocks import split_blocks
    from extract.structure.front import mark_front_matter

    blocks = mark_front_matter(split_blocks(text, "text", has_finite_verb=lambda line: True))
    return {b.text: b.reason for b in blocks if b.reason in ("headline", "standfirst")}


def test_the_extractor_marks_a_headline_and_a_standfirst():
    text = (
        "Island council backs new ferry route to the mainland\n"
        "The route would halve the crossing, and the council hopes to open it next spring.\n"
        "Published 9 October 2024\n"
        "The island council voted on Thursday to fund a second ferry, its chair said.\n"
        "Boat owners said the harbour would need dredging first.\n"
    )
    assert front_roles(text) == {
        "Island council backs new ferry route to the mainland": "headline",
        "The route would halve the crossing, and the council hopes to open it next spring.": "standfirst",
    }


@pytest.mark.parametrize(
    "text",
    [
        # A lead paragraph right under the headline, with no furniture between: the article itself.
        "Island council backs new ferry route to the mainland\n"
        "The island council voted on Thursday to fund a second ferry, its chair said.\n"
        "Boat owners said the harbour would need dredging first.\n",
        # A statement that opens with a full sentence has no headline.
        "The ministry welcomes the agreement reached today on the ferry route.\n"
        "It will fund half of the second ferry, the minister said.\n",
    ],
)
def test_a_lead_paragraph_is_no_standfirst_and_a_first_sentence_no_headline(text):
    roles = front_roles(text)
    assert "standfirst" not in roles.values()
    assert all(not line.endswith(".") for line in roles)


def footer_keys(app) -> dict[str, str]:
    """What the footer offers: key → description."""
    return {
        active.binding.key: active.binding.description
        for active in app.screen.active_bindings.values()
        if active.enabled and active.binding.show and active.binding.description
    }


async def test_the_list_holds_attributed_claims_until_a_asks_for_every_sentence(briefing_db):
    app = make_app(briefing_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        title = main.query_one("#claims-pane").border_title
        assert main.table.claims and all(r.speaker or r.cue for r in main.table.claims)
        assert str(title) == f"Claims · attributed · {len(main.table.claims)}"
        assert footer_keys(app)["a"] == "All sentences"
        attributed = len(main.table.claims)
        await pilot.press("a")
        await settle(pilot)
        assert len(main.table.claims) > attributed
        assert any(not (r.speaker or r.cue) for r in main.table.claims)
        assert str(main.query_one("#claims-pane").border_title) == f"Claims · every sentence · {len(main.table.claims)}"
        assert footer_keys(app)["a"] == "Attributed"
        await pilot.press("q")
    # The choice is kept for the next launch.
    app = make_app(briefing_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.main.every_sentence and any(not (r.speaker or r.cue) for r in app.main.table.claims)
        await pilot.press("a")
        await settle(pilot)
        assert len(app.main.table.claims) == attributed


async def test_the_cursor_keeps_its_claim_when_the_list_widens(briefing_db):
    app = make_app(briefing_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")
        await settle(pilot)
        claim = app.main.table.current.id
        await pilot.press("a")
        await settle(pilot)
        assert app.main.table.current.id == claim


# --- layout: the claim's text gets the width; documents by title; the source in context ----

LONG_CLAIM = (
    "Jeyhun Bayramov emphasised that the new corridor through Azerbaijan would carry freight"
    " from the Caspian ports to Europe within three years."
)


@pytest.fixture()
def wide_db(tmp_path):
    from .tui_fixtures import Doc, Para, build_db

    doc = Doc("corridor.txt", "Corridor talks", [("Freight", [
        Para([(LONG_CLAIM, "Jeyhun Bayramov", "emphasised"),
              ("Ukraine asked France for 12 more generators, Maria Ortega said.", "Maria Ortega", "said")]),
    ])])
    return build_db(tmp_path / "wide.db", [doc])


def table_lines(app) -> list[str]:
    table = app.main.table
    return [table.render_line(y).text for y in range(min(6, table.size.height))]


async def test_at_120_columns_the_claim_takes_most_of_the_width_and_nothing_is_cut(wide_db):
    app = make_app(wide_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        table = app.main.table
        speaker, cue, claim, countries = table._widths
        assert table.row_lines == 1
        assert claim >= 48 and claim > speaker + cue + countries
        first = table_lines(app)[1]
        assert "Jeyhun Bayramov" in first and "emphasised" in first  # neither cut to "empha…"


async def test_at_80_by_24_a_claim_reads_on_a_line_of_its_own(wide_db):
    app = make_app(wide_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.main.table
        assert table.row_lines == 2
        lines = table_lines(app)
        assert "Jeyhun Bayramov" in lines[1] and "emphasised" in lines[1]
        assert lines[2].strip().startswith(LONG_CLAIM[:40])  # the claim's own line: 40 characters and more
        await pilot.press("v")  # one line a claim, as asked
        await settle(pilot)
        assert table.row_lines == 1 and len(table_lines(app)) > 2
        await pilot.resize_terminal(78, 24)
        await settle(pilot)
        assert table.row_lines == 1  # the choice outlasts a resize


async def test_v_gives_the_claim_a_line_of_its_own_on_a_wide_screen(wide_db):
    app = make_app(wide_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        table = app.main.table
        assert table.row_lines == 2
        lines = table_lines(app)
        assert LONG_CLAIM[:80] in lines[2]
        await pilot.press("j")
        assert table.current.speaker == "Maria Ortega"
        assert table.virtual_size.height == 2 * len(table.claims) + 1


async def test_documents_are_named_by_their_titles(briefing_db):
    from tui.widgets.sections import SectionsTree

    app = make_app(briefing_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        tree = app.main.query_one(SectionsTree)
        labels = [str(node.label) for node in tree.root.children]
        assert labels[0].split(" ", 1)[1] == "Foreign affairs briefing" and "briefing.txt" not in labels[0]
        tree.focus()
        tree.cursor_line = 0
        await pilot.press("enter")
        await settle(pilot)
        assert [f.label for f in app.main.filters] == ["Foreign affairs briefing"]


async def test_the_source_shows_the_paragraphs_around_the_claim_and_who_says_it(briefing_db):
    from extract.store import connect

    db = connect(briefing_db)
    db.execute("UPDATE documents SET published = '2024-03-05', published_from = 'text' WHERE name = 'briefing.txt'")
    db.conn.commit()
    db.conn.close()
    app = make_app(briefing_db, every_sentence=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        main = app.main
        assert main.table.move_to(next(r.id for r in main.table.claims if r.text.startswith("Jeyhun Bayramov")))
        await settle(pilot)
        source = main.source
        header = [str(source.query_one(f"#source-{part}").render()) for part in ("document", "location", "claim")]
        assert header[0] == "Foreign affairs briefing · 2024-03-05"
        assert "Eastern Europe" in header[1]
        assert header[2] == "Jeyhun Bayramov · “said” · 3"
        text = source.passage.text
        # Its paragraph, and the next one (the section heading before it is no paragraph).
        assert text.startswith("Russia and Ukraine resumed talks")
        assert "NATO said its members would meet in France." in text
        start, end = source.passage.focus_span
        assert text[start:end].startswith("Jeyhun Bayramov said that Azerbaijan")


def _contrast(widget) -> float:
    """How far the (unfocused) border's colour stands from the background it is drawn on."""
    from textual.color import Color

    _, colour = widget.styles.border_top
    background = widget.parent.background_colors[1] if widget.parent else Color(0, 0, 0)
    drawn = background.blend(colour, colour.a) if colour.a < 1 else colour
    return abs(drawn.brightness - background.brightness)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "nord", "gruvbox"])
async def test_unfocused_pane_borders_stay_visible(briefing_db, theme):
    app = make_app(briefing_db)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = theme
        await settle(pilot)
        blurred = app.main.query_one("#sections-pane")
        assert not blurred.has_focus_within
        assert _contrast(blurred) >= 0.12, theme


@pytest.mark.parametrize("theme", ["textual-light", "textual-dark"])
async def test_the_source_legend_takes_the_colours_of_the_theme(briefing_db, theme):
    app = make_app(briefing_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.theme = "textual-light" if theme == "textual-dark" else "textual-dark"
        await settle(pilot)
        # Through the palette, as a user does: the theme changes while the palette covers the panes.
        await pilot.press("ctrl+p", *"theme")
        await settle(pilot)
        await pilot.press("enter", *theme)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.theme == theme and app.screen is app.main
        source = app.main.source
        legend = source._border_subtitle  # the Content itself (the property gives its markup)
        for kind in ("country", "organisation", "quantity"):
            start = legend.plain.index(kind)
            styles = [span.style for span in legend.spans if span.start == start]
            assert styles == [source.passage.get_visual_style(f"passage--{kind}")], kind


async def test_a_screenshot_goes_beside_the_database_when_there_is_no_downloads_folder(briefing_db, tmp_path,
                                                                                        monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_DOWNLOAD_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    app = make_app(briefing_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        commands["Screenshot"].callback()
        for _ in range(50):
            await pilot.pause(0.05)
            if list(briefing_db.parent.glob("*.svg")):
                break
        await settle(pilot)
        saved = list(briefing_db.parent.glob("*.svg"))
        assert len(saved) == 1 and saved[0].read_text(encoding="utf-8").startswith("<svg")
        messages = [n.message for n in app._notifications]
        assert any(str(saved[0]) in m for m in messages), messages
        assert not (home / "Downloads").exists()


async def test_a_bookmarked_sentence_with_no_speaker_is_found_from_the_bookmarks(briefing_db):
    from extract.store import connect, user

    plain = "Ukraine asked France for 12 more air-defence systems."  # no speaker, no cue
    db = connect(briefing_db)
    claim = db.execute(
        "SELECT c.id FROM claims c JOIN sentences s ON s.id = c.sentence_id WHERE s.text = ?", [plain]
    ).fetchone()[0]
    user.set_note(db, claim, "Check the figure")
    db.conn.close()
    app = make_app(briefing_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.main.every_sentence
        await pilot.press("B")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is app.main and app.main.every_sentence
        assert app.main.table.current.text == plain


async def test_the_documents_counts_follow_the_list(briefing_db):
    from tui.widgets.sections import SectionsTree

    app = make_app(briefing_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        tree = app.main.query_one(SectionsTree)

        def counts() -> dict[str, int]:
            return {n.data.name: n.data.claims for n in tree.root.children}

        listed = [r for r in app.main.table.claims]
        assert counts()["briefing.txt"] == sum(1 for r in listed if r.document_id == 1) == 5
        await pilot.press("a")
        await settle(pilot)
        assert counts()["briefing.txt"] == 8

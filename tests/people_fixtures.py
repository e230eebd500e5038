"""A hand-made database (no spaCy) where one person and one body are written differently
across documents, and some speakers have no entity: for the resolver, the merges and the
narrowed facets. Every sentence is invented."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from extract.records import COUNTRY, ORGANISATION, PERSON
from extract.store import connect, save_document

from . import tui_fixtures
from .tui_fixtures import Doc, Para, make_document

# Surface forms of these documents, on top of tui_fixtures.ENTITIES.
MORE_ENTITIES: dict[str, tuple[str, str]] = {
    "Tomas Kettel": (PERSON, "Tomas Kettel"),
    "Kettel": (PERSON, "Kettel"),  # the family name alone, in a document that never gives the full name
    "Anna Lind": (PERSON, "Anna Lind"),
    "Erik Lind": (PERSON, "Erik Lind"),
    "Lind": (PERSON, "Lind"),  # two people of that family name: it stays apart
    "Centre for Maritime Studies": (ORGANISATION, "Centre for Maritime Studies"),
    "CMS": (ORGANISATION, "CMS"),
    "EU": (ORGANISATION, "European Union"),
    "United States": (COUNTRY, "US"),
}
NO_ENTITY = {"analysts", "Moscow"}  # speakers the extraction could tie to no entity

HARBOUR = Doc(
    "harbour.txt",
    "Harbour report",
    [
        (
            "Ports",
            [
                Para(
                    [
                        ("Tomas Kettel said Russia would reopen 2 ports.", "Tomas Kettel", "said"),
                        ("The Centre for Maritime Studies counted 40 ships near Ukraine.", None, None),
                        ("Anna Lind said France and the United Kingdom agreed.", "Anna Lind", "said"),
                        ("The EU said Russia and the United States met in London.", "European Union", "said"),
                    ]
                ),
            ],
        ),
    ],
)

WIRE = Doc(
    "wire.txt",
    "Wire copy",
    [
        (
            "Talks",
            [
                Para(
                    [
                        ("Kettel warned that Russia could close 3 routes.", "Kettel", "warned"),
                        ("CMS said the United States sent 5 ships.", "CMS", "said"),
                        ("Lind said Ukraine wanted 7 more talks.", "Lind", "said"),
                        ("Erik Lind said the United Kingdom would wait.", "Erik Lind", "said"),
                        ("Shipping to Ukraine will fall by 9 percent, analysts said.", "analysts", "said"),
                        ("The talks would go on, Moscow said.", "Moscow", "said"),
                    ]
                ),
            ],
        ),
    ],
)


def _document(doc: Doc):
    records = make_document(doc)
    kinds = {"CMS": ORGANISATION, "European Union": ORGANISATION}
    claims = tuple(
        dataclasses.replace(c, speaker_kind=None if c.speaker in NO_ENTITY else kinds.get(c.speaker, c.speaker_kind))
        for c in records.claims
    )
    entities = tuple(
        e for e in records.entities if not (e.kind == PERSON and (e.key in NO_ENTITY or e.key in kinds))
    )
    return dataclasses.replace(records, claims=claims, entities=entities, path=f"/news/{doc.name}")


def build_people_db(path: Path) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tui_fixtures, "ENTITIES", {**tui_fixtures.ENTITIES, **MORE_ENTITIES})
        db = connect(path)
        try:
            for i, doc in enumerate((HARBOUR, WIRE)):
                save_document(db, _document(doc), ingested_at=f"2025-02-0{i + 1}T00:00:00+00:00")
        finally:
            db.conn.close()
    return path


@pytest.fixture(scope="session")
def people_db_master(tmp_path_factory) -> Path:
    return build_people_db(tmp_path_factory.mktemp("people") / "people.db")


@pytest.fixture()
def people_db(people_db_master, tmp_path) -> Path:
    import shutil

    path = tmp_path / "people.db"
    shutil.copy(people_db_master, path)
    return path

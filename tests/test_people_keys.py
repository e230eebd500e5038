"""A person's key across documents: name variants of one person share it, and the store
keeps one person for them while each document exports the fullest name it gives."""

from __future__ import annotations

import dataclasses
import io
import json

import pytest

from extract.entities.people.keys import person_key
from extract.records import PERSON
from extract.store import connect, save_document
from extract.store.export import write_jsonl

from .test_store import make_document


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Volodymyr Zelenskyy", "Volodymyr Zelenskiy"),
        ("Mevlüt Çavuşoğlu", "Mevlut Cavusoglu"),
        ("Joe Biden", "Joseph R. Biden, Jr."),
        ("Bill Clinton", "William Clinton"),
        ("KAMIKAWA Yoko", "Yoko Kamikawa"),
        ("Ursula Von der Leyen", "Ursula von der Leyen"),
        ("Sheikh Tamim bin Hamad Al Thani", "Sheikh Tamim bin Hamad Al Thani"),
    ],
)
def test_variants_of_one_name_share_a_key(a, b):
    assert person_key(a) == person_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Hillary Clinton", "Bill Clinton"), ("Kim Jong Un", "Kim Jong Il"), ("Anna Berg", "Anna Lind")],
)
def test_different_people_keep_apart(a, b):
    assert person_key(a) != person_key(b)


def _with_person(path: str, sha: str, name: str):
    doc = make_document(path, sha)
    entities = tuple(
        dataclasses.replace(e, key=name, name=name) if e.kind == PERSON else e for e in doc.entities
    )
    mentions = tuple(dataclasses.replace(m, key=name) if m.kind == PERSON else m for m in doc.mentions)
    claims = tuple(dataclasses.replace(c, speaker=name) for c in doc.claims)
    return dataclasses.replace(doc, entities=entities, mentions=mentions, claims=claims)


def test_the_store_keeps_one_person_for_the_variants_and_each_document_its_own_name(tmp_path):
    db = connect(tmp_path / "people.db")
    save_document(db, _with_person("/corpus/a.txt", "1", "Jeyhun Bayramov"))
    save_document(db, _with_person("/corpus/b.txt", "2", "Jeyhun Bayramov Jr."))
    people = db.execute("SELECT key, name FROM entities WHERE kind = 'person'").fetchall()
    assert people == [(person_key("Jeyhun Bayramov"), "Jeyhun Bayramov")]
    out = io.StringIO()
    write_jsonl(db, out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    named = {(r["doc"], p) for r in rows for p in r["people"]}
    assert named == {("a.txt", "Jeyhun Bayramov"), ("b.txt", "Jeyhun Bayramov Jr.")}
    speakers = {(r["doc"], r["claim"]["speaker"]) for r in rows if r["claim"]}
    assert speakers == {("a.txt", "Jeyhun Bayramov"), ("b.txt", "Jeyhun Bayramov Jr.")}

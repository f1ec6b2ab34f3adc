"""Revision 0021: an id handed out for a person's data is never handed out again (SQLite reused the highest id once
its row was erased), and data-subject ids are one spelling whatever keyboard typed them (NFC)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import MetaData, Table, create_engine, inspect

from nonla import review
from nonla.core.errors import NotFound
from nonla.governance import consent, subjects
from nonla.local import runner
from nonla.store.db import dispose_all
from nonla.store.migrate import alembic_config, upgrade

NFD_NAME = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
NFC_NAME = unicodedata.normalize("NFC", NFD_NAME)
AT = "2026-01-01T00:00:00.000000Z"


def _queued(subject: str) -> int:
    [entry] = runner().call("vi.words", [{"text": "Hồ sơ của công dân"}], subject_id=subject).review
    return int(entry["id"])


def test_an_erased_persons_review_id_is_not_given_to_the_next_person(database: str) -> None:
    review.set_policy("vi.words", always=True)
    first = _queued("cccd-079200000001")
    subjects.erase("cccd-079200000001")
    second = _queued("cccd-079200000002")
    assert second > first, "the erased item's id went to someone else"
    with pytest.raises(NotFound):
        review.get(first)


def test_a_subject_typed_in_nfd_is_the_same_person(database: str) -> None:
    granted = consent.grant(NFD_NAME, "access-control", granted_by="staff")
    assert granted["subject_id"] == NFC_NAME
    assert [c["id"] for c in consent.consents(subject_id=NFC_NAME)] == [granted["id"]]
    assert [c["id"] for c in subjects.export(NFD_NAME)["consents"]] == [granted["id"]]
    assert subjects.erase(NFC_NAME)["erased"]["consents"] == 1


def _store_at_0020(url: str) -> None:
    """A consent and a review item stored under an NFD subject id, and another review item."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    upgrade(engine, "0020")
    consents, items = (Table(name, MetaData(), autoload_with=engine) for name in ("consents", "review_items"))
    item = {"tenant": "default", "function": "vi.words", "version": 1, "model_sha256": "", "reason": "always",
            "required": False, "status": "pending", "input": {}, "output": {}, "caller": "local", "call_digest": "",
            "created_at": AT}  # fmt: skip
    with engine.begin() as conn:
        conn.execute(consents.insert(), [{"tenant": "default", "subject_id": NFD_NAME, "purpose": "access-control",
                                          "legal_basis": "consent", "granted_by": "staff", "granted_at": AT,
                                          "recorded_by": "local", "recorded_at": AT}])  # fmt: skip
        conn.execute(items.insert(), [{**item, "subject_id": NFD_NAME}, {**item, "subject_id": None}])
    engine.dispose()


def test_the_revision_rewrites_stored_subjects_in_nfc_and_keeps_every_index(database: str) -> None:
    dispose_all()
    _store_at_0020(database)
    engine = create_engine(database)
    before = {t: inspect(engine).get_indexes(t) for t in ("review_items", "consents", "inbox_messages")}
    upgrade(engine, "head")
    assert before == {t: inspect(engine).get_indexes(t) for t in before}
    engine.dispose()
    assert [c["subject_id"] for c in consent.consents()] == [NFC_NAME]
    assert [i["id"] for i in subjects.export(NFC_NAME)["review_items"]] == [1]
    review.set_policy("vi.words", always=True)
    assert _queued("cccd-079200000003") == 3
    subjects.erase("cccd-079200000003")
    assert _queued("cccd-079200000004") == 4, "the rebuilt table does not give the erased id again"


def test_the_revision_downgrades(database: str) -> None:
    dispose_all()
    _store_at_0020(database)
    engine = create_engine(database)
    upgrade(engine, "0021")
    command.downgrade(alembic_config(engine), "0020")
    assert {c.name for c in Table("review_items", MetaData(), autoload_with=engine).columns} >= {"id", "subject_id"}
    engine.dispose()

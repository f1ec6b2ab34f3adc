"""Audit rows and the access log name a data subject by a digest keyed with the installation's secret, kept in the
store: the same on every server sharing the database, different in another installation, and impossible to reverse
by digesting every candidate id (a CCCD number has few)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from nonla import inbox
from nonla.core.events import Changed
from nonla.core.runner import canonical_digest
from nonla.governance import audit, subjects
from nonla.store.db import dispose_all, session
from nonla.store.installation_secrets import InstallationSecret

CCCD = "079200123456"
TEXT = "Đường ngập nước trước nhà số 5, đề nghị xử lý."


def _unkeyed(subject_id: str) -> str:
    return f"subject:{canonical_digest(subject_id)[:16]}"


def test_audit_rows_name_the_subject_by_a_keyed_digest(database: str) -> None:
    inbox.submit(TEXT, subject_id=CCCD)
    subjects.export(CCCD, actor="local:dpo")
    subjects.erase(CCCD, actor="local:dpo")
    targets = {r["target"] for r in audit.export() if r["action"] in ("subject.export", "subject.erase")}
    assert targets == {subjects.subject_digest(CCCD)}
    assert _unkeyed(CCCD) not in targets, "the digest of every candidate id must not give the id back"
    with session() as s:
        named = select(func.count()).where(InstallationSecret.name == subjects.DIGEST_SECRET)
        assert s.scalar(named) == 1


def test_erasing_a_subjects_faces_names_them_by_the_keyed_digest(database: str) -> None:
    from nonla import faces

    faces.delete_subject(CCCD)  # nothing enrolled: the erasure is still audited
    targets = {r["target"] for r in audit.export() if r["action"] == "faces.delete_subject"}
    assert targets == {subjects.subject_digest(CCCD)}


def test_the_key_is_the_stores_so_every_process_names_a_subject_alike(database: str) -> None:
    first = subjects.subject_digest(CCCD)
    dispose_all()  # as another server opening the same database: nothing remembered in this process
    assert subjects.subject_digest(CCCD) == first
    assert subjects.subject_digest("079200123457") != first


def test_another_installation_has_another_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    digests = []
    for home in ("so-a", "so-b"):
        monkeypatch.setenv("NONLA_HOME", str(tmp_path / home))
        monkeypatch.delenv("NONLA_DATABASE_URL", raising=False)
        digests.append(subjects.subject_digest(CCCD))
    assert digests[0] != digests[1]


def test_a_key_made_in_a_rolled_back_transaction_is_not_kept(database: str) -> None:
    with pytest.raises(RuntimeError), session(write=True) as s:
        subjects.subject_digest(CCCD, s)
        raise RuntimeError("the erasure's transaction failed")
    kept = subjects.subject_digest(CCCD)
    dispose_all()
    assert subjects.subject_digest(CCCD) == kept


def test_rows_written_with_the_unkeyed_digest_stay_in_a_verified_chain(database: str) -> None:
    with session(write=True) as s:
        audit.append(s, Changed(actor="local:dpo", action="subject.export", target=_unkeyed(CCCD), detail={}))
    subjects.export(CCCD, actor="local:dpo")
    targets = [r["target"] for r in audit.export(action="subject.export")]
    assert targets == [_unkeyed(CCCD), subjects.subject_digest(CCCD)]
    assert audit.verify().ok

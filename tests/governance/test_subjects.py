"""Data-subject rights on both databases: one JSON export of everything stored about a person, and erasure that
leaves nothing (index entries included) and an audit trail of counts."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from nonla import inbox, review
from nonla.collections import service as collections
from nonla.collections.search import search
from nonla.core.errors import Conflict, InvalidInput
from nonla.governance import audit, subjects
from nonla.local import runner
from nonla.store.db import session
from nonla.store.schema import Document, Part

MESSAGES = Path(__file__).resolve().parents[1] / "data" / "civic" / "messages.jsonl"
SUBJECT = "cccd-079200001234"
LETTER = "Đơn của ông Nguyễn Văn Bình về việc cấp lại giấy phép xây dựng nhà ở tại phường Bến Nghé."


@pytest.fixture(scope="module")
def civic() -> Callable[[str], str]:
    rows = {row["id"]: row for row in map(json.loads, MESSAGES.read_text(encoding="utf-8").splitlines())}
    return lambda message_id: rows[message_id]["text"]


def _store_everything(civic: Callable[[str], str], tenant: str = "default", subject: str = SUBJECT) -> None:
    review.set_policy("text.language@1", always=True, tenant=tenant)
    inbox.submit(civic("civic-0003"), subject_id=subject, contact="0983 112 457", tenant=tenant)
    with review.subject(subject):
        [queued] = runner().call("text.language", [{"text": "xin chao"}], actor="local:test", tenant=tenant).review
    review.decide(queued["id"], correction={"language": "vi", "confidence": 1.0, "diacritics": False}, tenant=tenant)
    if "ho-so" not in [c["name"] for c in collections.list_collections(tenant)]:
        collections.create("ho-so", tenant)
    collections.add("ho-so", [{"id": f"don-{subject}", "text": f"{LETTER} Hồ sơ {subject}.", "subject_id": subject},
                              {"id": "quy-dinh", "text": "Quy định chung về cấp phép xây dựng."}], tenant)  # fmt: skip


def test_export_gathers_every_store_and_is_audited(database: str, civic: Callable[[str], str]) -> None:
    _store_everything(civic)
    document = subjects.export(SUBJECT, actor="local:dpo")
    json.dumps(document, ensure_ascii=False)  # one JSON document
    [message] = document["inbox_messages"]
    assert message["subject_id"] == SUBJECT and message["contact"] == "0983 112 457"
    assert message["original"] == civic("civic-0003") and message["history"][0]["action"] == "submit"
    assert {r["function"] for r in document["review_items"]} == {"text.language@1"}
    assert [e["output"]["language"] for e in document["training_examples"]] == ["vi"]
    assert [(d["collection"], d["id"], d["text"]) for d in document["documents"]] == [
        ("ho-so", f"don-{SUBJECT}", f"{LETTER} Hồ sơ {SUBJECT}.")
    ]
    assert document["faces"] == [] and document["consents"] == []
    [row] = list(audit.export(action="subject.export"))
    assert row["actor"] == "local:dpo" and SUBJECT not in json.dumps(row) and row["detail"]["counts"]["documents"] == 1


def test_erase_removes_rows_and_index_entries_and_leaves_counts_in_the_audit(
    database: str, civic: Callable[[str], str]
) -> None:
    _store_everything(civic)
    _store_everything(civic, subject="cccd-other")  # another person's data stays
    assert search("ho-so", "Bến Nghé", 5)[0], "the letter is searchable before erasure"
    erased = subjects.erase(SUBJECT, actor="local:dpo")
    counts = erased["erased"]
    assert counts["inbox_messages"] == 1 and counts["inbox_history"] >= 1 and counts["documents"] == 1
    assert counts["review_items"] == 1 and counts["training_examples"] == 1
    empty = subjects.export(SUBJECT)
    assert all(empty[k] == [] for k in ("inbox_messages", "review_items", "training_examples", "documents"))
    other = subjects.export("cccd-other")
    assert len(other["inbox_messages"]) == 1 and len(other["documents"]) == 1
    hits, _ = search("ho-so", "Bến Nghé giấy phép", 5)
    assert all(SUBJECT not in hit.key for hit in hits)
    with session() as s:
        keys = set(s.scalars(select(Document.key)))
        assert f"don-{SUBJECT}" not in keys and s.scalar(select(func.count()).select_from(Part)) >= 1
    rows = list(audit.export(action="subject.erase"))
    assert {r["detail"]["store"] for r in rows} >= {"inbox", "review", "collections"}
    assert all(SUBJECT not in json.dumps(r, ensure_ascii=False) for r in rows)
    assert audit.verify().ok


def test_erasure_is_tenant_scoped(database: str, civic: Callable[[str], str]) -> None:
    _store_everything(civic, tenant="so-xay-dung")
    assert subjects.erase(SUBJECT, tenant="other-agency")["total"] == 0
    assert len(subjects.export(SUBJECT, tenant="so-xay-dung")["inbox_messages"]) == 1


def test_a_subject_must_be_named() -> None:
    with pytest.raises(InvalidInput, match="subject"):
        subjects.erase("   ")
    with pytest.raises(InvalidInput):
        subjects.export("x" * 201)


def test_faces_and_consents_are_exported_and_erased(database: str) -> None:
    import nonla.faces
    from nonla.governance import consent

    consent.grant(SUBJECT, "access-control", granted_by=SUBJECT)
    vector = [0.0] * 128
    vector[3] = 1.0
    nonla.faces.enroll("staff", SUBJECT, "access-control", embedding=vector)
    document = subjects.export(SUBJECT)
    assert [f["gallery"] for f in document["faces"]] == ["staff"] and len(document["consents"]) == 1
    counts = subjects.erase(SUBJECT)["erased"]
    assert (counts["faces"], counts["consents"]) == (1, 1)
    assert subjects.export(SUBJECT)["faces"] == [] and consent.consents(subject_id=SUBJECT) == []


def test_cli_export_and_erase(tmp_path: Path, civic: Callable[[str], str]) -> None:
    from typer.testing import CliRunner

    from nonla.cli import app as cli

    inbox.submit(civic("civic-0003"), subject_id=SUBJECT)
    cli_runner = CliRunner()
    out = tmp_path / "subject.json"
    assert cli_runner.invoke(cli, ["subjects", "export", SUBJECT, "--out", str(out)]).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["inbox_messages"][0]["subject_id"] == SUBJECT
    unconfirmed = cli_runner.invoke(cli, ["subjects", "erase", SUBJECT])
    assert isinstance(unconfirmed.exception, InvalidInput) and "--yes" in unconfirmed.exception.hint
    erased = cli_runner.invoke(cli, ["subjects", "erase", SUBJECT, "--yes"])
    assert erased.exit_code == 0 and '"inbox_messages": 1' in erased.output


def test_a_photo_queued_for_review_at_enrolment_goes_with_the_person() -> None:
    """Faces are high-risk, so by default every result is reviewed: the queued item holds the photo, and it is
    tagged with the enrolled person so that erasing the person removes it too."""
    import nonla.faces
    from nonla.functions.vision.faces_examples import FACE_JPEG
    from nonla.governance import consent

    consent.grant(SUBJECT, "access-control", granted_by=SUBJECT)
    nonla.faces.enroll("staff", SUBJECT, "access-control", data=FACE_JPEG)
    queued = subjects.export(SUBJECT)["review_items"]
    assert [item["function"] for item in queued] == ["vision.faces@1"]
    assert subjects.erase(SUBJECT)["erased"]["review_items"] == 1
    assert subjects.export(SUBJECT)["review_items"] == []


def test_a_document_tagged_with_spaces_around_the_subject_is_still_erased() -> None:
    collections.create("notes")
    collections.add("notes", [{"id": "don-1", "text": "Đơn của ông Lê Văn Tám.", "subject_id": " cccd-77 "}])
    with pytest.raises(InvalidInput):
        collections.add("notes", [{"id": "don-2", "text": "Khác.", "subject_id": "x" * 201}])
    assert subjects.erase("cccd-77")["erased"]["documents"] == 1


def test_the_same_text_added_again_for_a_subject_is_tagged_with_it() -> None:
    collections.create("notes")
    text = "Đơn của bà Trần Thị Mai về tiền điện."
    collections.add("notes", [{"id": "don-1", "text": text}])
    assert collections.add("notes", [{"id": "don-1", "text": text, "subject_id": "cccd-88"}])["unchanged"] == 1
    assert [d["id"] for d in subjects.export("cccd-88")["documents"]] == ["don-1"]
    with pytest.raises(Conflict):  # one document, one subject: never silently left out of the second's export
        collections.add("notes", [{"id": "don-1", "text": text, "subject_id": "cccd-99"}])
    assert subjects.erase("cccd-88")["erased"]["documents"] == 1


def test_an_erased_subject_leaves_no_bytes_in_the_embedded_store(nonla_home: Path) -> None:
    import nonla.faces
    from nonla.governance import consent

    marker = "Zyxwvutsq"  # a made-up word no other text of the store holds
    consent.grant("cccd-900", "access-control", granted_by=f"{marker} himself")
    nonla.faces.enroll("staff", "cccd-900", "access-control", embedding=[1.0] + [0.0] * 127)
    assert subjects.erase("cccd-900")["erased"]["faces"] == 1
    holding = [p.name for p in nonla_home.rglob("*") if p.is_file() and marker.encode() in p.read_bytes()]
    assert holding == [], "the consent row stayed in the write-ahead log"

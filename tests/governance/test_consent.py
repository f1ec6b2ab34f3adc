"""Consent records and face galleries on a real store (SQLite and PostgreSQL): enrol only under a valid consent,
search 1:N, erase a subject or revoke a consent, and every step in the audit chain."""

from __future__ import annotations

import numpy as np
import pytest

import nonla.faces
from nonla.core.errors import InvalidInput, NotFound
from nonla.governance import audit, consent
from nonla.governance.consent import ConsentRequired


def unit(seed: int) -> list[float]:
    vector = np.random.default_rng(seed).normal(size=128)
    return [float(v) for v in vector / np.linalg.norm(vector)]


def actions() -> list[str]:
    return [row["action"] for row in audit.export()]


def test_enrol_needs_a_valid_consent_for_the_purpose(database: str) -> None:
    with pytest.raises(ConsentRequired) as refused:
        nonla.faces.enroll("staff", "cccd-001", "access-control", embedding=unit(1))
    assert refused.value.http_status == 403 and refused.value.code == "consent_required"
    granted = consent.grant("cccd-001", "access-control", granted_by="Nguyễn Văn A", expires_at="2999-12-31")
    assert granted["active"] and granted["legal_basis"] == "consent"
    with pytest.raises(ConsentRequired):  # a consent for another purpose does not count
        nonla.faces.enroll("staff", "cccd-001", "marketing", embedding=unit(1))
    face = nonla.faces.enroll("staff", "cccd-001", "access-control", embedding=unit(1))
    assert face["consent_id"] == granted["id"]
    assert nonla.faces.galleries() == [{"gallery": "staff", "faces": 1, "subjects": 1}]
    assert actions()[-2:] == ["consent.grant", "faces.enroll"]
    assert audit.verify().ok


def test_expired_and_revoked_consents_refuse(database: str) -> None:
    old = consent.grant("s-1", "checkin", granted_by="s-1", granted_at="2020-01-01", expires_at="2021-01-01")
    assert not old["active"]
    with pytest.raises(ConsentRequired):
        nonla.faces.enroll("g", "s-1", "checkin", embedding=unit(2))
    current = consent.grant("s-1", "checkin", granted_by="s-1")
    nonla.faces.enroll("g", "s-1", "checkin", embedding=unit(2))
    nonla.faces.enroll("g", "s-1", "checkin", embedding=unit(3))
    revoked = consent.revoke(current["id"])
    assert revoked["faces_erased"] == 2 and not revoked["active"]
    assert nonla.faces.galleries() == []
    with pytest.raises(ConsentRequired):
        nonla.faces.enroll("g", "s-1", "checkin", embedding=unit(2))
    assert "consent.revoke" in actions() and audit.verify().ok


def test_a_consent_is_not_given_in_the_future(database: str) -> None:
    from datetime import UTC, datetime, timedelta

    with pytest.raises(InvalidInput) as refused:
        consent.grant("s-2", "checkin", granted_by="s-2", granted_at="2030-01-01")
    assert refused.value.details["field"] == "granted_at" and "future" in refused.value.message
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%d")
    with pytest.raises(InvalidInput):
        consent.grant("s-2", "checkin", granted_by="s-2", granted_at=f"{tomorrow}T00:10:00Z")
    today = datetime.now(UTC).strftime("%Y-%m-%d")  # a date alone is the start of that day: given today, valid now
    assert consent.grant("s-2", "checkin", granted_by="s-2", granted_at=today)["active"]
    nonla.faces.enroll("g", "s-2", "checkin", embedding=unit(4))
    assert consent.consents(subject_id="s-2", active_only=True)


def test_search_finds_the_subject_and_delete_erases_it(database: str) -> None:
    for index in range(20):
        consent.grant(f"p{index}", "access", granted_by=f"p{index}")
        nonla.faces.enroll("office", f"p{index}", "access", embedding=unit(100 + index))
    probe = np.asarray(unit(107)) + np.random.default_rng(9).normal(scale=0.01, size=128)
    found = nonla.faces.search("office", embedding=[float(v) for v in probe], top_k=3)
    assert found["faces"] == 20 and len(found["matches"]) == 3
    assert found["matches"][0]["subject_id"] == "p7" and found["matches"][0]["same_person"]
    assert not found["matches"][1]["same_person"]
    erased = nonla.faces.delete_subject("p7")
    assert erased["faces_erased"] == 1
    again = nonla.faces.search("office", embedding=[float(v) for v in probe], top_k=3)
    assert again["faces"] == 19 and again["matches"][0]["subject_id"] != "p7"
    assert actions()[-3:] == ["faces.search", "faces.delete_subject", "faces.search"]
    with pytest.raises(NotFound):
        nonla.faces.subject_faces("p7")


def test_bad_requests_are_clear(database: str) -> None:
    with pytest.raises(InvalidInput):
        consent.grant("", "access", granted_by="x")
    with pytest.raises(InvalidInput):
        consent.grant("s", "Không hợp lệ!", granted_by="x")
    with pytest.raises(InvalidInput):
        consent.grant("s", "access", granted_by="x", legal_basis="because")
    with pytest.raises(InvalidInput):
        consent.grant("s", "access", granted_by="x", expires_at="ngày mai")
    with pytest.raises(NotFound):
        consent.revoke(999)
    consent.grant("s", "access", granted_by="x")
    with pytest.raises(InvalidInput):
        nonla.faces.enroll("g", "s", "access", embedding=[1.0, 2.0])
    with pytest.raises(InvalidInput):
        nonla.faces.enroll("bad gallery!", "s", "access", embedding=unit(1))
    with pytest.raises(InvalidInput):
        nonla.faces.search("g", top_k=5)


def test_tenants_do_not_see_each_other(database: str) -> None:
    given = consent.grant("s", "access", granted_by="s", tenant="so-a")
    nonla.faces.enroll("g", "s", "access", embedding=unit(5), tenant="so-a")
    with pytest.raises(ConsentRequired):
        nonla.faces.enroll("g", "s", "access", embedding=unit(5), tenant="so-b")
    assert nonla.faces.search("g", embedding=unit(5), tenant="so-b")["matches"] == []
    with pytest.raises(NotFound):
        consent.revoke(given["id"], tenant="so-b")
    assert [c["id"] for c in consent.consents("so-a", "s")] == [given["id"]]


def test_enrol_from_a_photo() -> None:
    from nonla.functions.vision.faces_examples import FACE_JPEG, FACE_MIRRORED_JPEG, NO_FACE_PNG

    consent.grant("astronaut", "access", granted_by="astronaut")
    nonla.faces.enroll("crew", "astronaut", "access", data=FACE_JPEG)
    found = nonla.faces.search("crew", data=FACE_MIRRORED_JPEG)
    assert found["matches"][0]["subject_id"] == "astronaut" and found["matches"][0]["same_person"]
    with pytest.raises(InvalidInput) as no_face:
        nonla.faces.enroll("crew", "astronaut", "access", data=NO_FACE_PNG)
    assert no_face.value.code == "no_face"


def test_a_face_whose_consent_ran_out_is_no_longer_found(database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import UTC, datetime, timedelta

    import nonla.faces.index
    from nonla.core.times import stored_text

    unit = [1.0] + [0.0] * 127
    soon = datetime.now(UTC) + timedelta(hours=1)
    consent.grant("cccd-001", "access-control", granted_by="citizen", expires_at=soon.isoformat())
    consent.grant("cccd-002", "access-control", granted_by="citizen")
    nonla.faces.enroll("staff", "cccd-001", "access-control", embedding=unit)
    nonla.faces.enroll("staff", "cccd-002", "access-control", embedding=[0.0, 1.0] + [0.0] * 126)
    assert nonla.faces.search("staff", embedding=unit)["matches"][0]["subject_id"] == "cccd-001"
    later = stored_text(soon + timedelta(minutes=1))  # the hour has passed: no waiting on a real clock
    monkeypatch.setattr(nonla.faces.index, "utc_now", lambda: later)
    found = nonla.faces.search("staff", embedding=unit)
    assert [m["subject_id"] for m in found["matches"]] == ["cccd-002"] and found["faces"] == 1

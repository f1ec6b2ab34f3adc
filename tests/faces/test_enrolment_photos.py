"""vision.faces is high-risk, so the review queue keeps every enrolment's photo and descriptor, tagged with the
subject. Withdrawing the consent, or erasing the subject's faces, takes them too (and the training examples made from
them) in the same transaction, on both databases; a photo of a face still enrolled under another consent, in
another gallery, or another subject's or tenant's, stays."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

import nonla.faces
from nonla import review
from nonla.functions.vision.faces_examples import FACE_JPEG, FACE_MIRRORED_JPEG, NO_FACE_PNG
from nonla.functions.vision.faces_run import NoFaceFound
from nonla.governance import audit, consent, subjects
from nonla.store.db import session
from nonla.store.schema import ReviewItem, TrainingExample

pytestmark = pytest.mark.usefixtures("database")  # every test on SQLite and PostgreSQL


def _photos(subject: str, tenant: str = "default") -> list[str]:
    """The photos of the subject the review queue holds (the base64 input of each vision.faces item)."""
    with session() as s:
        return [row.input["data"] for row in s.scalars(select(ReviewItem).where(
            ReviewItem.tenant == tenant, ReviewItem.subject_id == subject, ReviewItem.function == "vision.faces"))]  # fmt: skip


def _examples(subject: str) -> int:
    with session() as s:
        return len(s.scalars(select(TrainingExample).where(TrainingExample.subject_id == subject)).all())


def _enrol(subject: str, purpose: str, photo: str, gallery: str = "staff", tenant: str = "default") -> dict[str, Any]:
    return nonla.faces.enroll(gallery, subject, purpose, data=photo, tenant=tenant)


def _correct_last(subject: str) -> None:
    """A reviewer corrects the subject's latest photo item: a training example now holds the photo too."""
    [item] = review.items(function="vision.faces")[-1:]
    assert item["subject_id"] == subject
    review.decide(item["id"], correction=item["output"])


def test_withdrawing_the_consent_takes_the_enrolment_photo_and_its_training_example() -> None:
    granted = consent.grant("nv-0042", "access-control", granted_by="nv-0042")
    _enrol("nv-0042", "access-control", FACE_JPEG)
    _correct_last("nv-0042")
    assert _photos("nv-0042") == [FACE_JPEG] and _examples("nv-0042") == 1
    revoked = consent.revoke(granted["id"])
    assert revoked["faces_erased"] == 1
    assert revoked["review_items_erased"] == 1 and revoked["training_examples_erased"] == 1
    assert _photos("nv-0042") == [] and _examples("nv-0042") == 0
    assert subjects.export("nv-0042")["review_items"] == []
    [row] = list(audit.export(action="consent.revoke"))
    assert row["detail"]["review_items_erased"] == 1 and FACE_JPEG[:40] not in str(row) and audit.verify().ok


def test_a_photo_that_gave_no_face_goes_with_the_consent_too() -> None:
    granted = consent.grant("nv-0043", "access-control", granted_by="nv-0043")
    with pytest.raises(NoFaceFound):  # the enrolment fails after the photo was queued
        _enrol("nv-0043", "access-control", NO_FACE_PNG)
    assert _photos("nv-0043") == [NO_FACE_PNG]
    assert consent.revoke(granted["id"])["review_items_erased"] == 1
    assert _photos("nv-0043") == []


def test_a_photo_enrolled_under_another_consent_stays_until_that_one_goes() -> None:
    door = consent.grant("nv-0044", "access-control", granted_by="nv-0044")
    canteen = consent.grant("nv-0044", "canteen", granted_by="nv-0044")
    _enrol("nv-0044", "access-control", FACE_JPEG)
    _enrol("nv-0044", "canteen", FACE_MIRRORED_JPEG)
    assert consent.revoke(door["id"])["review_items_erased"] == 1
    assert _photos("nv-0044") == [FACE_MIRRORED_JPEG], "the canteen's enrolment photo stays with its face"
    assert consent.revoke(canteen["id"])["review_items_erased"] == 1
    assert _photos("nv-0044") == []


def test_erasing_a_subjects_faces_takes_their_photos_gallery_by_gallery() -> None:
    consent.grant("nv-0045", "access-control", granted_by="nv-0045")
    _enrol("nv-0045", "access-control", FACE_JPEG, gallery="lobby")
    _enrol("nv-0045", "access-control", FACE_MIRRORED_JPEG, gallery="lab")
    _correct_last("nv-0045")
    erased = nonla.faces.delete_subject("nv-0045", gallery="lab")
    assert erased == {"subject_id": "nv-0045", "faces_erased": 1, "review_items_erased": 1,
                      "training_examples_erased": 1}  # fmt: skip
    assert _photos("nv-0045") == [FACE_JPEG], "the lobby's face is still enrolled, and so its photo stays"
    assert nonla.faces.delete_subject("nv-0045")["review_items_erased"] == 1
    assert _photos("nv-0045") == [] and _examples("nv-0045") == 0
    [*_, row] = list(audit.export(action="faces.delete_subject"))
    assert row["detail"]["review_items_erased"] == 1


def test_other_subjects_and_other_tenants_keep_their_photos() -> None:
    for tenant in ("default", "so-b"):
        for subject in ("nv-0046", "nv-0047"):
            consent.grant(subject, "access-control", granted_by=subject, tenant=tenant)
            _enrol(subject, "access-control", FACE_JPEG, tenant=tenant)
    [mine] = consent.consents(subject_id="nv-0046")
    assert consent.revoke(mine["id"])["review_items_erased"] == 1
    assert _photos("nv-0046") == []
    assert _photos("nv-0047") == [FACE_JPEG] and _photos("nv-0046", "so-b") == [FACE_JPEG]
    assert nonla.faces.delete_subject("nv-0047", tenant="so-b")["review_items_erased"] == 1
    assert _photos("nv-0047") == [FACE_JPEG] and _photos("nv-0047", "so-b") == []


def _search_items() -> list[ReviewItem]:
    """The review queue's copies of search photos (items whose descriptor no enrolment made: the latest one)."""
    with session() as s:
        return list(s.scalars(select(ReviewItem).where(ReviewItem.function == "vision.faces").order_by(ReviewItem.id)))


def test_a_search_photo_that_matched_a_subject_goes_with_that_subjects_consent() -> None:
    granted = consent.grant("nv-0048", "access-control", granted_by="nv-0048")
    _enrol("nv-0048", "access-control", FACE_JPEG)
    found = nonla.faces.search("staff", data=FACE_MIRRORED_JPEG)
    assert found["matches"][0]["subject_id"] == "nv-0048" and found["matches"][0]["same_person"]
    assert _photos("nv-0048") == [FACE_JPEG, FACE_MIRRORED_JPEG], "the search's photo is filed under its match"
    assert subjects.export("nv-0048")["review_items"][-1]["input"]["data"] == FACE_MIRRORED_JPEG
    assert consent.revoke(granted["id"])["review_items_erased"] == 2
    assert _search_items() == [], "no copy of either photo is left"


def test_a_search_photo_that_matched_nobody_is_no_ones() -> None:
    consent.grant("nv-0049", "access-control", granted_by="nv-0049")
    _enrol("nv-0049", "access-control", FACE_JPEG)
    assert nonla.faces.search("empty-gallery", data=FACE_MIRRORED_JPEG)["matches"] == []
    [_, probe] = _search_items()
    assert probe.subject_id is None and probe.input["data"] == FACE_MIRRORED_JPEG


def test_a_search_photo_of_a_subject_erased_meanwhile_is_deleted() -> None:
    """The search read the gallery before the subject's faces were erased: its photo's copy must not be filed under
    a subject whose erasure has already run."""
    from nonla.faces.photos import keep_search_photo
    from nonla.store.schema import TrainingExample as Example

    consent.grant("nv-0050", "access-control", granted_by="nv-0050")
    nonla.faces.search("staff", data=FACE_MIRRORED_JPEG)  # an empty gallery: the photo is queued, untagged
    [probe] = _search_items()
    review.decide(probe.id, correction=probe.output)
    with session(write=True) as s:
        keep_search_photo(s, "default", [probe.id], "nv-0050")  # nv-0050 has no face enrolled (any more)
    assert _search_items() == []
    with session() as s:
        assert s.scalars(select(Example)).all() == []

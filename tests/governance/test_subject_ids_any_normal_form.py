"""A subject id stored in another Unicode form than NFC (by a server older than the store's NFC migration, still
running beside a newer one during an upgrade) is still the same person: export, erasure, consent checks, consent
withdrawal and face erasure find their rows, on both databases."""

from __future__ import annotations

import unicodedata

import numpy as np
import pytest
from sqlalchemy import func, select, update

import nonla.faces
from nonla import inbox, review
from nonla.collections import service as collections
from nonla.governance import consent, ratings, subjects
from nonla.governance.review import subject_forms
from nonla.local import runner
from nonla.store.db import session
from nonla.store.schema import AnswerRating, Document, InboxMessage, ReviewItem, TrainingExample
from nonla.store.schema_faces import ConsentRecord, FaceEmbedding
from nonla.store.schema_jobs import Job

NAME = "Trần-Thị-Ẩn"  # as this nonla stores it: NFC
NFD = unicodedata.normalize("NFD", NAME)
TONES_APART = "Tr\u00e2\u0300n-Thi\u0323-\u00c2\u0309n"  # the letters composed, each tone mark after its letter
WITH_SUBJECTS = (InboxMessage, ReviewItem, TrainingExample, Document, AnswerRating, ConsentRecord, FaceEmbedding, Job)
ANSWER = "0123456789abcdef0123456789abcdef"


def unit(seed: int) -> list[float]:
    vector = np.random.default_rng(seed).normal(size=128)
    return [float(v) for v in vector / np.linalg.norm(vector)]


def _stored_by_an_older_server(form: str) -> None:
    """Every row of the subject carries the id in ``form``, as a server that kept ids as typed wrote them."""
    with session(write=True) as s:
        for model in WITH_SUBJECTS:
            s.execute(update(model).where(model.subject_id == NAME).values(subject_id=form))


def _rows_left() -> dict[str, int]:
    with session() as s:
        return {model.__name__: s.scalar(select(func.count()).select_from(model)
                                         .where(model.subject_id.in_((NAME, NFD, TONES_APART)))) or 0
                for model in WITH_SUBJECTS}  # fmt: skip


def _store_everything() -> None:
    review.set_policy("text.language@1", always=True)
    inbox.submit("Xin cấp lại giấy phép xây dựng nhà ở.", subject_id=NAME, contact="0983 112 457")
    with review.subject(NAME):
        [queued] = runner().call("text.language", [{"text": "xin chao"}], actor="local:test").review
    review.decide(queued["id"], correction={"language": "vi", "confidence": 1.0, "diacritics": False})
    collections.create("ho-so")
    collections.add("ho-so", [{"id": "don-1", "text": "Đơn xin cấp phép xây dựng.", "subject_id": NAME}])
    ratings.rate({"collection": "ho-so", "answer_id": ANSWER, "rating": 4, "subject_id": NAME}, "local")
    consent.grant(NAME, "access-control", granted_by=NAME)
    nonla.faces.enroll("staff", NAME, "access-control", embedding=unit(1))
    with session(write=True) as s:
        s.add(Job(id="j" + "0" * 31, function="vi.words@1", input_kind="jsonl", input_ref="/nowhere.jsonl",
                  output_format="jsonl", output_path="/nowhere.out.jsonl", status="done", subject_id=NAME,
                  created_by="local", created_at="2026-01-01T00:00:00Z", updated_at="2026-01-01T00:00:00Z"))  # fmt: skip


def test_the_forms_of_an_id() -> None:
    assert subject_forms(NAME) == (NAME, NFD, TONES_APART) == subject_forms(NFD)
    assert subject_forms("cccd-079200001234") == ("cccd-079200001234",)


@pytest.mark.parametrize("form", [NFD, TONES_APART], ids=["nfd", "tones-apart"])
def test_export_and_erasure_find_rows_stored_in_another_form(database: str, form: str) -> None:
    _store_everything()
    _stored_by_an_older_server(form)
    assert all(_rows_left().values()), "every store holds a row of the subject"
    for typed in (NAME, NFD):
        document = subjects.export(typed)
        counts = {key: len(value) for key, value in document.items() if isinstance(value, list)}
        assert counts == {"inbox_messages": 1, "review_items": 1, "training_examples": 1, "documents": 1,
                          "answer_ratings": 1, "faces": 1, "consents": 1, "jobs": 1}, typed  # fmt: skip
    erased = subjects.erase(NAME)
    assert erased["erased"]["faces"] == 1 and erased["erased"]["consents"] == 1 and erased["erased"]["jobs"] == 1
    assert _rows_left() == dict.fromkeys(_rows_left(), 0)
    assert not any(m["same_person"] for m in nonla.faces.search("staff", embedding=unit(1))["matches"])


def test_consents_of_an_older_server_allow_enrolment_and_their_withdrawal_erases_the_faces(database: str) -> None:
    granted = consent.grant(NAME, "access-control", granted_by=NAME)
    nonla.faces.enroll("staff", NAME, "access-control", embedding=unit(2))
    _stored_by_an_older_server(NFD)
    assert [c["id"] for c in consent.consents(subject_id=NAME)] == [granted["id"]]
    nonla.faces.enroll("staff", NAME, "access-control", embedding=unit(3))  # the consent given in NFD counts
    assert len(nonla.faces.subject_faces(NAME)) == 2
    assert consent.revoke(granted["id"])["faces_erased"] == 2
    assert _rows_left()["FaceEmbedding"] == 0


def test_erasing_a_subjects_faces_finds_them_in_any_form(database: str) -> None:
    consent.grant(NAME, "access-control", granted_by=NAME)
    nonla.faces.enroll("staff", NAME, "access-control", embedding=unit(4))
    _stored_by_an_older_server(TONES_APART)
    assert nonla.faces.delete_subject(NFD)["faces_erased"] == 1
    assert _rows_left()["FaceEmbedding"] == 0


def test_the_same_text_added_again_for_the_subject_is_no_conflict(database: str) -> None:
    """A document an older server tagged in NFD is this person's own: adding its text again for them is a no-op."""
    collections.create("ho-so")
    collections.add("ho-so", [{"id": "don-1", "text": "Đơn xin cấp phép xây dựng.", "subject_id": NAME}])
    _stored_by_an_older_server(NFD)
    again = collections.add("ho-so", [{"id": "don-1", "text": "Đơn xin cấp phép xây dựng.", "subject_id": NAME}])
    assert again["unchanged"] == 1

"""The gallery index kept in memory follows the store: a cheap stamp (count and highest id from the gallery's index,
and the last face's time) sees every enrolment and erasure, even when SQLite gives an erased id to the next face;
every search still leaves its audit row."""

from __future__ import annotations

import numpy as np

import nonla.faces
from nonla.faces.index import gallery_stamp
from nonla.governance import audit, consent
from nonla.store.db import session


def unit(seed: int) -> list[float]:
    vector = np.random.default_rng(seed).normal(size=128)
    return [float(v) for v in vector / np.linalg.norm(vector)]


def stamp() -> tuple[int, int, str]:
    with session() as s:
        return gallery_stamp(s, "default", "door")


def test_the_stamp_sees_an_erasure_then_an_enrolment_at_the_same_id(database: str) -> None:
    assert stamp() == (0, 0, "")
    for name in ("an", "binh", "chi"):
        consent.grant(name, "access", granted_by=name)
    nonla.faces.enroll("door", "an", "access", embedding=unit(1))
    last = nonla.faces.enroll("door", "binh", "access", embedding=unit(2))
    before = stamp()
    assert before[:2] == (2, last["face_id"])
    assert nonla.faces.search("door", embedding=unit(2), top_k=1)["matches"][0]["subject_id"] == "binh"
    nonla.faces.delete_subject("binh")
    chi = nonla.faces.enroll("door", "chi", "access", embedding=unit(2))  # SQLite may reuse binh's id
    after = stamp()
    assert after != before and after[0] == 2 and after[1] == chi["face_id"]
    found = nonla.faces.search("door", embedding=unit(2), top_k=2)
    assert found["faces"] == 2 and found["matches"][0]["subject_id"] == "chi"
    assert "binh" not in {m["subject_id"] for m in found["matches"]}
    searches = [row for row in audit.export() if row["action"] == "faces.search"]
    assert len(searches) == 2


def test_an_erasure_alone_changes_the_stamp(database: str) -> None:
    for name in ("dung", "em"):
        consent.grant(name, "access", granted_by=name)
        nonla.faces.enroll("door", name, "access", embedding=unit(len(name)))
    before = stamp()
    nonla.faces.delete_subject("dung")
    assert stamp()[0] == before[0] - 1
    assert [m["subject_id"] for m in nonla.faces.search("door", embedding=unit(4), top_k=5)["matches"]] == ["em"]

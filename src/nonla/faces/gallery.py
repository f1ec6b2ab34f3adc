"""Face galleries: enrol a consenting subject's face, search a gallery 1:N, erase a subject.

Enrolment needs a valid consent of the subject for the purpose (governance/consent.py); the descriptor, never the
photo, is stored, tagged with the subject and the consent (the review queue's copy of the photo goes with the face:
faces/photos.py). Enrolments, searches and erasures are audited with digests and counts only: the audit log holds
no face and no search result.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, select

from nonla.core.errors import InvalidInput, NonlaError, NotFound
from nonla.core.events import Changed, utc_now
from nonla.core.runner import Runner, canonical_digest
from nonla.faces.index import gallery_index
from nonla.faces.photos import erase_unenrolled, keep_search_photo
from nonla.functions.vision.faces_run import EMBEDDING_MODEL_KEY, THRESHOLD, NoFaceFound
from nonla.governance.audit import append
from nonla.governance.consent import check_purpose, valid_consent
from nonla.governance.review import check_subject, subject_forms
from nonla.governance.subjects import subject_digest
from nonla.store.db import session
from nonla.store.schema_faces import FaceEmbedding

DIMENSIONS = 128
MAX_COMPONENT = 100  # bound on each value of an embedding given by the caller
MAX_TOP_K = 100
_GALLERY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


def check_gallery(name: str) -> str:
    """
    >>> check_gallery("nhan-vien")
    'nhan-vien'
    """
    if not _GALLERY.match(name or ""):
        raise InvalidInput(f"'{(name or '')[:100]}' is not a gallery name.", field="gallery",
                           hint="Use letters, digits, '-', '_' or '.', e.g. 'staff' or 'phong-1'.")  # fmt: skip
    return name


def _runner(runner: Runner | None) -> Runner:
    if runner is not None:
        return runner
    from nonla.local import runner as local_runner

    return local_runner()


def embed_one(data: str, runner: Runner | None = None, actor: str = "local", *, tenant: str = "default",
              subject_id: str | None = None) -> list[float]:  # fmt: skip
    """The descriptor of the one face in a base64 photo (no face, or several, is the caller's to fix).

    The call carries the tenant and the subject, so a result the tenant's review policy queues (faces are high-risk)
    is tagged with the person and goes when the person is erased."""
    return _embedded(data, runner, actor, tenant=tenant, subject_id=subject_id)[0]


def _embedded(data: str, runner: Runner | None, actor: str, *, tenant: str,
              subject_id: str | None) -> tuple[list[float], list[int]]:  # fmt: skip
    """The descriptor, and the ids of the review items the call queued (the photo's copies)."""
    item = {"task": "embed", "data": data, "max_faces": 2}
    call = _runner(runner).call("vision.faces", [item], actor, tenant=tenant, subject_id=subject_id)
    [result] = call.results
    if isinstance(result, NonlaError):
        raise result
    faces = result.faces  # type: ignore[attr-defined]
    if not faces:
        raise NoFaceFound("No face was found in the photo.", field="data")
    if len(faces) > 1:
        raise InvalidInput("The photo shows more than one face.", field="data",
                           hint="Enrol and search with a photo of one person.")  # fmt: skip
    return list(faces[0].embedding), [entry["id"] for entry in call.review]


def check_embedding(values: Sequence[float]) -> bytes:
    import numpy as np

    # dlib's descriptors lie well within ±1; a larger value is no face's, and 1e308 would be infinite as float32
    if len(values) != DIMENSIONS or not all(isinstance(v, int | float) and math.isfinite(v) and abs(v) <= MAX_COMPONENT
                                            for v in values):  # fmt: skip
        raise InvalidInput(f"An embedding is a list of {DIMENSIONS} numbers between -{MAX_COMPONENT} and "
                           f"{MAX_COMPONENT} from vision.faces (task embed).", field="embedding")  # fmt: skip
    return np.asarray(values, dtype="<f4").tobytes()


def _one_of(data: str | None, embedding: Sequence[float] | None) -> None:
    if (data is None) == (embedding is None):
        raise InvalidInput("Give a photo (base64 'data') or an 'embedding', not both and not neither.", field="data")


def _query(data: str | None, embedding: Sequence[float] | None, runner: Runner | None, actor: str, tenant: str,
           subject_id: str | None = None) -> list[float]:  # fmt: skip
    _one_of(data, embedding)
    if embedding is not None:
        check_embedding(embedding)
        return list(embedding)
    return embed_one(data or "", runner, actor, tenant=tenant, subject_id=subject_id)


def enroll(gallery: str, subject_id: str, purpose: str, *, data: str | None = None,
           embedding: Sequence[float] | None = None, consent_id: int | None = None, tenant: str = "default",
           actor: str = "local", runner: Runner | None = None) -> dict[str, Any]:  # fmt: skip
    """Add one face of a consenting subject to a gallery; returns the stored face's id and its consent."""
    gallery, purpose = check_gallery(gallery), check_purpose(purpose)
    subject = check_subject(subject_id)
    if subject is None:
        raise InvalidInput("Enrolling a face needs the subject's id.", field="subject_id")
    with session() as s:  # refuse before spending time on the photo
        valid_consent(s, tenant, subject, purpose, consent_id)
    vector = check_embedding(_query(data, embedding, runner, actor, tenant, subject))
    with session(write=True) as s:
        consent = valid_consent(s, tenant, subject, purpose, consent_id)  # again, inside the writing transaction
        row = FaceEmbedding(tenant=tenant, gallery=gallery, subject_id=subject, embedding=vector,
                            model=EMBEDDING_MODEL_KEY, consent_id=consent.id, created_at=utc_now(),
                            created_by=actor[:64])  # fmt: skip
        s.add(row)
        s.flush()
        append(s, Changed(actor=actor, action="faces.enroll", target=f"face:{row.id}",
                          detail={"tenant": tenant, "gallery": gallery, "consent_id": consent.id, "purpose": purpose,
                                  "embedding_digest": canonical_digest(vector.hex())}))  # fmt: skip
        return {"face_id": row.id, "gallery": gallery, "subject_id": subject, "consent_id": consent.id,
                "created_at": row.created_at}  # fmt: skip


def search(gallery: str, *, data: str | None = None, embedding: Sequence[float] | None = None, top_k: int = 5,
           tenant: str = "default", actor: str = "local", runner: Runner | None = None) -> dict[str, Any]:  # fmt: skip
    """The subjects whose faces lie nearest the query, nearest first; ``same_person`` at the calibrated threshold."""
    gallery = check_gallery(gallery)
    if not 1 <= top_k <= MAX_TOP_K:
        raise InvalidInput(f"top_k is 1 to {MAX_TOP_K}.", field="top_k")
    _one_of(data, embedding)
    # the photo's copies the review queue keeps are filed under the subject it matches, if any (faces/photos.py)
    query, photo_items = (list(embedding or []), []) if data is None else _embedded(data, runner, actor, tenant=tenant,
                                                                                     subject_id=None)  # fmt: skip
    check_embedding(query)
    index = gallery_index(tenant, gallery, EMBEDDING_MODEL_KEY)
    matches = [{"subject_id": m.subject_id, "distance": m.distance, "same_person": m.distance <= THRESHOLD}
               for m in index.search(query, top_k)]  # fmt: skip
    matched = next((m["subject_id"] for m in matches if m["same_person"]), None)
    with session(write=True) as s:
        keep_search_photo(s, tenant, photo_items, matched)
        append(s, Changed(actor=actor, action="faces.search", target=f"gallery:{gallery}",
                          detail={"tenant": tenant, "faces": len(index), "matched": sum(m["same_person"] for m in matches),
                                  "query_digest": canonical_digest(query)}))  # fmt: skip
    return {"gallery": gallery, "faces": len(index), "threshold": THRESHOLD, "matches": matches}


def delete_subject(subject_id: str, *, tenant: str = "default", gallery: str | None = None,
                   actor: str = "local") -> dict[str, Any]:  # fmt: skip
    """Erase every face of a subject (in one gallery, or in all the tenant's galleries), and the photos of them the
    review queue kept; audited."""
    subject = check_subject(subject_id)
    if subject is None:
        raise InvalidInput("Name the subject whose faces to erase.", field="subject_id")
    where = [FaceEmbedding.tenant == tenant, FaceEmbedding.subject_id.in_(subject_forms(subject))]
    if gallery is not None:
        where.append(FaceEmbedding.gallery == check_gallery(gallery))
    with session(write=True) as s:
        erased = s.execute(delete(FaceEmbedding).where(*where)).rowcount or 0
        photos = erase_unenrolled(s, tenant, subject)  # the photos of those faces, kept by the review queue
        append(s, Changed(actor=actor, action="faces.delete_subject", target=subject_digest(subject, s),
                          detail={"tenant": tenant, "gallery": gallery, "faces_erased": erased, **photos}))  # fmt: skip
    return {"subject_id": subject, "faces_erased": erased, **photos}


def galleries(tenant: str = "default") -> list[dict[str, Any]]:
    """The tenant's galleries with how many faces and subjects each holds."""
    with session() as s:
        rows = s.execute(select(FaceEmbedding.gallery, func.count(), func.count(func.distinct(FaceEmbedding.subject_id)))
                         .where(FaceEmbedding.tenant == tenant).group_by(FaceEmbedding.gallery)
                         .order_by(FaceEmbedding.gallery)).all()  # fmt: skip
    return [{"gallery": g, "faces": int(n), "subjects": int(k)} for g, n, k in rows]


def subject_faces(subject_id: str, tenant: str = "default") -> list[dict[str, Any]]:
    """What the store holds about a subject's faces (for access requests): ids, galleries, consents, dates."""
    with session() as s:
        rows = s.scalars(select(FaceEmbedding).where(FaceEmbedding.tenant == tenant,
                                                     FaceEmbedding.subject_id.in_(subject_forms(subject_id)))).all()  # fmt: skip
    if not rows:
        raise NotFound(f"No face of subject '{subject_id[:200]}' is enrolled.")
    return [{"face_id": r.id, "gallery": r.gallery, "consent_id": r.consent_id, "created_at": r.created_at}
            for r in rows]  # fmt: skip

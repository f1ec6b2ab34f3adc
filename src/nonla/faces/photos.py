"""The copies of a subject's face photos the review queue keeps, and when they go.

vision.faces is high-risk, so a review policy queues every call an enrolment makes: the photo (input) and its 128-d
descriptor (output), tagged with the subject. They are biometric data collected for the enrolment, under the
subject's consent, so they last no longer than the face enrolled from them: when a consent is withdrawn or a
subject's faces are erased, the subject's vision.faces review items whose descriptor is no longer enrolled are
deleted in the same transaction, with the training examples made from them. A photo that gave no enrolled face (no
face found, several faces) has no descriptor enrolled either, so it goes too.

A search's photo is queued the same way, without a subject (whose face it is, the search is there to find out).
When the search matches a subject, its copy is tagged with that subject, the nearest at the threshold: it is then
data about that person's identification, and goes when their consent is withdrawn or they are erased (its
descriptor is never enrolled). A photo that matched nobody is no one's on record, and goes by retention.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from nonla.governance.review import subject_forms
from nonla.store.schema import ReviewItem, TrainingExample
from nonla.store.schema_faces import FaceEmbedding

FUNCTION = "vision.faces"


def descriptors(output: dict[str, Any] | None) -> set[bytes]:
    """The descriptors of a vision.faces output, as the gallery stores them (little-endian float32).

    >>> len(descriptors({"faces": [{"embedding": [0.5] * 128}, {"embedding": None}]}))
    1
    """
    import numpy as np

    faces = (output or {}).get("faces") or []
    return {np.asarray(face["embedding"], dtype="<f4").tobytes()
            for face in faces if isinstance(face, dict) and face.get("embedding")}  # fmt: skip


def erase_unenrolled(s: Session, tenant: str, subject: str) -> dict[str, int]:
    """In the caller's transaction, after it deleted faces: delete the subject's vision.faces review items that hold
    no descriptor still enrolled, and the training examples made from them (or from such a result); the counts."""
    forms = subject_forms(subject)  # the subject's rows, in whichever form of the id each was stored
    enrolled = set(s.scalars(select(FaceEmbedding.embedding).where(FaceEmbedding.tenant == tenant,
                                                                   FaceEmbedding.subject_id.in_(forms))))  # fmt: skip
    items = [row.id for row in s.scalars(select(ReviewItem).where(
        ReviewItem.tenant == tenant, ReviewItem.subject_id.in_(forms), ReviewItem.function == FUNCTION))
        if not descriptors(row.output) & enrolled]  # fmt: skip
    examples = [row.id for row in s.scalars(select(TrainingExample).where(
        TrainingExample.tenant == tenant, TrainingExample.subject_id.in_(forms), TrainingExample.function == FUNCTION))
        if row.review_id in items or not descriptors(row.original) & enrolled]  # fmt: skip
    if examples:
        s.execute(delete(TrainingExample).where(TrainingExample.id.in_(examples)))
    if items:
        s.execute(delete(ReviewItem).where(ReviewItem.id.in_(items)))
    return {"review_items_erased": len(items), "training_examples_erased": len(examples)}


def keep_search_photo(s: Session, tenant: str, review_ids: list[int], matched: str | None) -> None:
    """In the search's transaction: tag the review queue's copies of its photo (``review_ids``) with the subject it
    matched. The subject's faces are read in this writing transaction: were they erased since the search read the
    gallery, the copies are deleted instead, as that erasure would have done."""
    if not review_ids or matched is None:
        return
    enrolled = s.scalar(select(FaceEmbedding.id).where(FaceEmbedding.tenant == tenant,
                                                       FaceEmbedding.subject_id.in_(subject_forms(matched))).limit(1))  # fmt: skip
    mine = (ReviewItem.tenant == tenant, ReviewItem.id.in_(review_ids), ReviewItem.subject_id.is_(None))
    if enrolled is None:
        s.execute(delete(TrainingExample).where(TrainingExample.tenant == tenant,
                                                TrainingExample.review_id.in_(review_ids)))  # fmt: skip
        s.execute(delete(ReviewItem).where(*mine))
    else:
        s.execute(update(ReviewItem).where(*mine).values(subject_id=matched))
        s.execute(update(TrainingExample).where(TrainingExample.tenant == tenant, TrainingExample.review_id.in_(review_ids),
                                                TrainingExample.subject_id.is_(None)).values(subject_id=matched))  # fmt: skip

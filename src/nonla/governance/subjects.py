"""Data-subject rights: everything stored about one person, exported as one JSON document or erased.

A subject is found by the ``subject_id`` every store of personal data carries (inbox messages and their history,
review items, training examples made from corrections, collection documents, answer ratings, face embeddings and
consent records, batch jobs with their inputs and results), in any of the forms the id may be stored in
(review.subject_forms: a server older than the store's NFC migration kept ids as typed). Erasure runs one
transaction per store, and each transaction writes its own audit row saying how many rows went (counts, never
content; the subject id appears only as a digest). Collection documents go through the collections service's delete
path, so their parts leave the full-text and vector indexes with them. The jobs go first: a job running meanwhile
stops, and what its last chunk queued for review goes (subject_jobs.py).

The digest is keyed by a secret of the installation, kept in the store (every server sharing it names a subject
alike): an id with few possible values, such as a CCCD number, cannot be found again by digesting every candidate.
Rows written before the key carry an unkeyed digest; nothing looks rows up by digest, and old rows are never
rewritten (the audit chain covers them).

>>> keyed_subject_digest("cccd-001", b"k" * 32)
'subject:8106920bd56d5110'
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from nonla.core.errors import InvalidInput, NotFound
from nonla.core.events import Changed, utc_now
from nonla.governance.audit import append
from nonla.governance.review import check_subject, subject_forms
from nonla.governance.review import view as review_view
from nonla.governance.review_examples import _example
from nonla.governance.subject_jobs import erase_jobs, export_jobs
from nonla.store.db import session
from nonla.store.installation_secrets import installation_secret
from nonla.store.schema import (
    AnswerRating,
    Collection,
    Document,
    InboxEvent,
    InboxMessage,
    ReviewItem,
    TrainingExample,
)

log = logging.getLogger("nonla.governance.subjects")
DIGEST_SECRET = "subject-digest"


def keyed_subject_digest(subject_id: str, key: bytes) -> str:
    """HMAC-SHA256 of the id's canonical JSON form under ``key``, shortened as audit targets are."""
    data = json.dumps(subject_id, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f"subject:{hmac.new(key, data.encode('utf-8', 'surrogatepass'), hashlib.sha256).hexdigest()[:16]}"


def subject_digest(subject_id: str, s: Session | None = None) -> str:
    """How audit rows and the access log name a subject: a keyed digest, so neither holds the id nor gives it back.

    Pass the write session when one is open (the installation's key is made on first use)."""
    return keyed_subject_digest(subject_id, installation_secret(DIGEST_SECRET, s))


def _subject(subject_id: str) -> str:
    found = check_subject(subject_id)
    if found is None:
        raise InvalidInput("Name the data subject (the subject_id their data was stored with).", field="subject_id")
    return found


def _inbox(subject_id: str, tenant: str) -> list[dict[str, Any]]:
    from nonla.inbox.model import view as inbox_view

    forms = subject_forms(subject_id)
    with session() as s:
        rows = s.scalars(select(InboxMessage).where(InboxMessage.tenant == tenant, InboxMessage.subject_id.in_(forms))
                         .order_by(InboxMessage.id)).all()  # fmt: skip
        found = []
        for row in rows:
            events = s.scalars(select(InboxEvent).where(InboxEvent.message_id == row.id).order_by(InboxEvent.id))
            history = [{"at": e.at, "actor": e.actor, "action": e.action, "from": e.from_status, "to": e.to_status,
                        "detail": e.detail} for e in events]  # fmt: skip
            found.append({**inbox_view(row, True), "history": history})
        return found


def _documents(subject_id: str, tenant: str) -> list[dict[str, Any]]:
    forms = subject_forms(subject_id)
    with session() as s:
        rows = s.execute(select(Collection.name, Document).join(Collection, Collection.id == Document.collection_id)
                         .where(Collection.tenant == tenant, Document.subject_id.in_(forms))
                         .order_by(Document.id)).all()  # fmt: skip
        return [{"collection": name, "id": doc.key, "title": doc.title, "text": doc.text, "metadata": doc.meta,
                 "source": doc.source, "created_at": doc.created_at} for name, doc in rows]  # fmt: skip


def _ratings(subject_id: str, tenant: str) -> list[dict[str, Any]]:
    forms = subject_forms(subject_id)
    with session() as s:
        rows = s.scalars(select(AnswerRating).where(AnswerRating.tenant == tenant, AnswerRating.subject_id.in_(forms)))
        return [{"collection": r.collection, "answer_id": r.answer_id, "question": r.question, "rating": r.rating,
                 "helpful": r.helpful, "comment": r.comment, "created_at": r.created_at} for r in rows]  # fmt: skip


def _faces(subject_id: str, tenant: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    try:
        from nonla.faces import subject_faces
        from nonla.governance.consent import consents
    except ImportError:  # a build without face galleries stores neither
        return [], []
    try:
        faces = subject_faces(subject_id, tenant)
    except NotFound:
        faces = []
    return faces, consents(tenant, subject_id)


def export(subject_id: str, tenant: str = "default", actor: str = "local") -> dict[str, Any]:
    """Everything the tenant stores about the subject, as one JSON-ready document; the access is audited."""
    subject = _subject(subject_id)
    forms = subject_forms(subject)
    with session() as s:
        reviews = [review_view(r) for r in s.scalars(select(ReviewItem).where(
            ReviewItem.tenant == tenant, ReviewItem.subject_id.in_(forms)).order_by(ReviewItem.id))]  # fmt: skip
        examples = [_example(r) for r in s.scalars(select(TrainingExample).where(
            TrainingExample.tenant == tenant, TrainingExample.subject_id.in_(forms)).order_by(TrainingExample.id))]  # fmt: skip
    faces, consents = _faces(subject, tenant)
    document = {"subject_id": subject, "tenant": tenant, "exported_at": utc_now(),
                "inbox_messages": _inbox(subject, tenant), "review_items": reviews, "training_examples": examples,
                "documents": _documents(subject, tenant), "answer_ratings": _ratings(subject, tenant),
                "faces": faces, "consents": consents, "jobs": export_jobs(subject, tenant)}  # fmt: skip
    counts = {key: len(value) for key, value in document.items() if isinstance(value, list)}
    with session(write=True) as s:
        append(s, Changed(actor=actor, action="subject.export", target=subject_digest(subject, s),
                          detail={"tenant": tenant, "counts": counts}))  # fmt: skip
    return document


def _erase_inbox(subject: str, tenant: str, actor: str) -> dict[str, int]:
    forms = subject_forms(subject)
    with session(write=True) as s:
        ids = list(s.scalars(select(InboxMessage.id).where(InboxMessage.tenant == tenant,
                                                           InboxMessage.subject_id.in_(forms))))  # fmt: skip
        history = s.execute(delete(InboxEvent).where(InboxEvent.message_id.in_(ids))).rowcount if ids else 0
        messages = s.execute(delete(InboxMessage).where(InboxMessage.id.in_(ids))).rowcount if ids else 0
        counts = {"inbox_messages": messages or 0, "inbox_history": history or 0}
        _audit(s, actor, subject, tenant, "inbox", counts)
    return counts


def _erase_review(subject: str, tenant: str, actor: str) -> dict[str, int]:
    forms = subject_forms(subject)
    with session(write=True) as s:
        examples = s.execute(delete(TrainingExample).where(TrainingExample.tenant == tenant,
                                                           TrainingExample.subject_id.in_(forms))).rowcount  # fmt: skip
        items = s.execute(
            delete(ReviewItem).where(ReviewItem.tenant == tenant, ReviewItem.subject_id.in_(forms))
        ).rowcount
        ratings = s.execute(delete(AnswerRating).where(AnswerRating.tenant == tenant,
                                                       AnswerRating.subject_id.in_(forms))).rowcount  # fmt: skip
        counts = {"review_items": items or 0, "training_examples": examples or 0, "answer_ratings": ratings or 0}
        _audit(s, actor, subject, tenant, "review", counts)
    return counts


def _erase_documents(subject: str, tenant: str, actor: str) -> dict[str, int]:
    # The service's own removal: the rows go in one transaction, their index entries once it has committed (a
    # process killed in between leaves entries of gone parts, which search skips, never a document unsearchable).
    from nonla.collections.service import Leaving, _remove_document

    leaving, forms = Leaving(), subject_forms(subject)
    with session(write=True) as s:
        docs = s.scalars(select(Document).join(Collection, Collection.id == Document.collection_id)
                         .where(Collection.tenant == tenant, Document.subject_id.in_(forms))).all()  # fmt: skip
        touched = {doc.collection_id for doc in docs}
        for doc in docs:
            _remove_document(s, doc, actor=actor, leaving=leaving)
        counts = {"documents": len(docs)}
        _audit(s, actor, subject, tenant, "collections", counts)
    leaving.remove()
    if touched:
        from nonla.collections.purge import purge

        purge(touched)
    return counts


def _erase_faces(subject: str, tenant: str, actor: str) -> dict[str, int]:
    try:
        from nonla.faces import delete_subject
        from nonla.store.schema_faces import ConsentRecord
    except ImportError:
        return {}
    faces = delete_subject(subject, tenant=tenant, actor=actor)["faces_erased"]  # audited by the gallery itself
    forms = subject_forms(subject)
    with session(write=True) as s:
        consents = s.execute(delete(ConsentRecord).where(ConsentRecord.tenant == tenant,
                                                         ConsentRecord.subject_id.in_(forms))).rowcount  # fmt: skip
        counts = {"faces": faces, "consents": consents or 0}
        _audit(s, actor, subject, tenant, "faces", counts)
    return counts


def _erase_jobs(subject: str, tenant: str, actor: str) -> dict[str, int]:
    return erase_jobs(subject, tenant, lambda s, counts: _audit(s, actor, subject, tenant, "jobs", counts))


def _audit(s: Any, actor: str, subject: str, tenant: str, store: str, counts: dict[str, int]) -> None:
    append(s, Changed(actor=actor, action="subject.erase", target=subject_digest(subject, s),
                      detail={"tenant": tenant, "store": store, "counts": counts}))  # fmt: skip


def erase(subject_id: str, tenant: str = "default", actor: str = "local") -> dict[str, Any]:
    """Delete everything the tenant stores about the subject; returns how many rows went from each store."""
    subject = _subject(subject_id)
    counts: dict[str, int] = {}
    # the jobs first: a job still running queues review items for the subject until it finds its record gone, and
    # the review step must run after that record went (nonla.governance.subject_jobs)
    for step in (_erase_jobs, _erase_inbox, _erase_review, _erase_documents, _erase_faces):
        counts.update(step(subject, tenant, actor))
    _flush_log()
    return {"subject_id": subject, "tenant": tenant, "erased": counts, "total": sum(counts.values())}


def _flush_log() -> None:
    """The embedded store keeps deleted rows' old pages in its write-ahead log until a checkpoint: take one after
    the last step, so the person's rows of every store are gone from disk, not only those erased first."""
    from sqlalchemy.exc import OperationalError

    from nonla.collections.purge import checkpoint
    from nonla.store.db import engine_for

    if engine_for()[0].dialect.name == "sqlite":
        try:
            checkpoint()
        except OperationalError:
            log.warning("the log could not be checkpointed after an erase; the next checkpoint clears it")

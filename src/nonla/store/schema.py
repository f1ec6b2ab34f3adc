"""Tables. Changing one means adding an Alembic migration under store/migrations/versions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Float, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class ApiKey(Base):
    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # public part of the key, safe to show
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    scopes: Mapped[list[str]] = mapped_column(JSON, default=list)  # fnmatch patterns over function names
    tenant: Mapped[str] = mapped_column(String(64), default="default")
    secret_hash: Mapped[str] = mapped_column(String(64))  # sha256 of the whole key; the key itself is never stored
    created_at: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(64))
    revoked_at: Mapped[str | None] = mapped_column(String(32), nullable=True)


class AuditRecord(Base):
    """One row per audited action; rows form a hash chain (see governance/audit.py)."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False
    )
    at: Mapped[str] = mapped_column(String(32), index=True)
    actor: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    target: Mapped[str] = mapped_column(String(200), default="", index=True)
    status: Mapped[str] = mapped_column(String(16), default="ok")
    error_code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    items: Mapped[int] = mapped_column(Integer, default=0)
    model_sha256: Mapped[str] = mapped_column(Text, default="")
    input_digest: Mapped[str] = mapped_column(String(64), default="")
    output_digest: Mapped[str] = mapped_column(String(64), default="")
    latency_us: Mapped[int] = mapped_column(BigInteger, default=0)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    tenant: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)  # of function calls (0013)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The chain's last (seq, hash), updated in the same transaction as each append: deleting tail rows shows."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))


class Collection(Base):
    __tablename__ = "collections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100))
    tenant: Mapped[str] = mapped_column(String(64), default="default")
    created_at: Mapped[str] = mapped_column(String(32))


class Document(Base):
    """One ingested document; ``sha256`` of its text makes re-ingesting the same content a no-op."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    collection_id: Mapped[int] = mapped_column(Integer, index=True)
    key: Mapped[str] = mapped_column(String(200))  # the caller's id (or the parsed số hiệu slug)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(32), default="text")  # legal | judgment | text
    source: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text)
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", JSON, default=dict)
    subject_id: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)  # data-subject tag
    created_at: Mapped[str] = mapped_column(String(32))


class Part(Base):
    """A searchable unit of a document: an article (with its clauses), a judgment part, or a passage."""

    __tablename__ = "parts"
    # migration 0015; ids never reused (0024): the index files beside the store name parts by id
    __table_args__ = (Index("ix_parts_collection_key", "collection_id", "key"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[int] = mapped_column(Integer, index=True)
    collection_id: Mapped[int] = mapped_column(Integer, index=True)
    key: Mapped[str] = mapped_column(String(300), index=True)  # e.g. luat-68-2020-qh14/dieu-5
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text)
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", JSON, default=dict)
    # Filter columns copied from the document, so filters are plain indexed comparisons at any scale.
    doc_type: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)
    issuer: Mapped[str | None] = mapped_column(String(120), nullable=True, index=True)
    year: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    effective_from: Mapped[str | None] = mapped_column(String(10), nullable=True)
    effective_to: Mapped[str | None] = mapped_column(String(10), nullable=True)


class KnowledgeEntry(Base):
    """A question a reviewer answered, with the articles the answer rests on (legal.answer shows similar ones)."""

    __tablename__ = "legal_kb"
    __table_args__ = {"sqlite_autoincrement": True}  # an id is never given twice (migration 0021)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    collection_id: Mapped[int] = mapped_column(Integer, index=True)
    key: Mapped[str] = mapped_column(String(100))  # kb001, ... unique within the collection
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    sources: Mapped[list[str]] = mapped_column(JSON, default=list)  # article (or clause) ids
    status: Mapped[str] = mapped_column(String(16), default="published", index=True)  # published | draft | retired
    sha256: Mapped[str] = mapped_column(String(64))  # of the content: importing the same entry again is a no-op
    words: Mapped[str] = mapped_column(Text, default="")  # index terms of the question, with marks
    plain: Mapped[str] = mapped_column(Text, default="")  # and without
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[str] = mapped_column(String(32))


class AnswerRating(Base):
    """How helpful an answer was. Digests by default: the question's text is kept only when the caller opts in."""

    __tablename__ = "legal_ratings"
    __table_args__ = {"sqlite_autoincrement": True}  # an id is never given twice (migration 0021)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant: Mapped[str] = mapped_column(String(64), default="default")
    collection: Mapped[str] = mapped_column(String(100), index=True)
    answer_id: Mapped[str] = mapped_column(String(64), index=True)
    question_digest: Mapped[str | None] = mapped_column(String(64), nullable=True)
    question: Mapped[str | None] = mapped_column(Text, nullable=True)
    rating: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 1..5
    helpful: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    key_id: Mapped[str] = mapped_column(String(64))  # the key (or local user) that rated
    subject_id: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)  # data-subject tag
    created_at: Mapped[str] = mapped_column(String(32), index=True)


class ReviewPolicy(Base):
    """When an agency (tenant) wants a person to look at a function's results (see governance/review_policy.py)."""

    __tablename__ = "review_policies"
    __table_args__ = (UniqueConstraint("tenant", "function", name="uq_review_policies_function"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant: Mapped[str] = mapped_column(String(64), default="default")
    function: Mapped[str] = mapped_column(String(100))  # name without version: the policy holds across versions
    threshold: Mapped[float | None] = mapped_column(Float, nullable=True)  # queue results whose confidence is below
    always: Mapped[bool] = mapped_column(Boolean, default=False)  # queue every result
    required: Mapped[bool] = mapped_column(Boolean, default=False)  # hold queued results until a reviewer decides
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[str] = mapped_column(String(32))


class ReviewItem(Base):
    """One result waiting for (or given) a reviewer's decision. Holds the input and output: tagged by data subject."""

    __tablename__ = "review_items"
    __table_args__ = (Index("ix_review_items_queue", "tenant", "status", "id"), {"sqlite_autoincrement": True})  # ids never reused: 0021

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant: Mapped[str] = mapped_column(String(64), default="default")
    function: Mapped[str] = mapped_column(String(100), index=True)
    version: Mapped[int] = mapped_column(Integer)
    model_sha256: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(String(16))  # low_confidence | always
    confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    threshold: Mapped[float | None] = mapped_column(Float, nullable=True)  # the policy's, when queued
    required: Mapped[bool] = mapped_column(Boolean, default=False)  # held until decided (policy when queued)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | accepted | corrected
    input: Mapped[dict[str, Any]] = mapped_column(JSON)
    output: Mapped[dict[str, Any]] = mapped_column(JSON)
    correction: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    caller: Mapped[str] = mapped_column(String(64))  # the actor of the call, as in its audit row
    call_digest: Mapped[str] = mapped_column(String(64), default="")  # input_digest of the call's audit row
    subject_id: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)  # data-subject tag
    created_at: Mapped[str] = mapped_column(String(32))
    decided_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    decided_at: Mapped[str | None] = mapped_column(String(32), nullable=True)


class TrainingExample(Base):
    """An input with the output a reviewer says is right: exported as JSONL to retrain the function."""

    __tablename__ = "training_examples"
    __table_args__ = {"sqlite_autoincrement": True}  # an id is never given twice (migration 0021)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant: Mapped[str] = mapped_column(String(64), default="default")
    function: Mapped[str] = mapped_column(String(100), index=True)
    version: Mapped[int] = mapped_column(Integer)
    input: Mapped[dict[str, Any]] = mapped_column(JSON)
    output: Mapped[dict[str, Any]] = mapped_column(JSON)  # the corrected output
    original: Mapped[dict[str, Any]] = mapped_column(JSON)  # what the function said
    review_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    subject_id: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)  # data-subject tag
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[str] = mapped_column(String(32))


class InboxMessage(Base):
    """A citizen's message (phản ánh, kiến nghị) in an agency's inbox, with its triage and its handling.

    ``text`` is the redacted text shown to staff; the original text and the citizen's contact are kept only when the
    message carries a data-subject id, so that they can be exported or erased with the rest of that person's data.
    """

    __tablename__ = "inbox_messages"
    __table_args__ = (
        UniqueConstraint("tenant", "key", name="uq_inbox_messages_key"),
        Index("ix_inbox_messages_list", "tenant", "status", "received_at"),
        {"sqlite_autoincrement": True},  # an id is never given twice (migration 0021)
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant: Mapped[str] = mapped_column(String(64), default="default")
    key: Mapped[str | None] = mapped_column(String(100), nullable=True)  # the sender's id: a second submit is a no-op
    channel: Mapped[str] = mapped_column(String(16))  # app | hotline | portal | email
    received_at: Mapped[str] = mapped_column(String(32))  # UTC, as utc_now writes it
    received_on: Mapped[str] = mapped_column(String(10), index=True)  # the day in Vietnam (UTC+7)
    text: Mapped[str] = mapped_column(Text)  # redacted
    original: Mapped[str | None] = mapped_column(Text, nullable=True)  # only with a subject_id
    contact: Mapped[str | None] = mapped_column(String(300), nullable=True)  # only with a subject_id
    subject_id: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)  # data-subject tag
    agency: Mapped[str] = mapped_column(String(64))  # the taxonomy civic.triage used
    category: Mapped[str] = mapped_column(String(64), index=True)
    category_confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    department: Mapped[str] = mapped_column(String(200), index=True)
    urgency: Mapped[str] = mapped_column(String(16))
    urgency_confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    ward: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    province: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    duplicate_group: Mapped[str | None] = mapped_column(String(100), nullable=True, index=True)
    deadline: Mapped[str | None] = mapped_column(String(10), nullable=True)  # ISO date
    triage: Mapped[dict[str, Any]] = mapped_column(JSON)  # the output that counts (a reviewer's, once corrected)
    review_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    review_status: Mapped[str | None] = mapped_column(String(16), nullable=True)  # the review item's, when last read
    status: Mapped[str] = mapped_column(String(20))  # new | awaiting_review | assigned | answered | closed
    assignee: Mapped[str | None] = mapped_column(String(200), nullable=True)
    answer: Mapped[str | None] = mapped_column(Text, nullable=True)
    answered_at: Mapped[str | None] = mapped_column(String(32), nullable=True)
    answered_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    closed_at: Mapped[str | None] = mapped_column(String(32), nullable=True)
    close_reason: Mapped[str | None] = mapped_column(String(16), nullable=True)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[str] = mapped_column(String(32))


class InboxEvent(Base):
    """One step in a message's history (submitted, released, assigned, answered, closed), with who and when."""

    __tablename__ = "inbox_history"
    __table_args__ = {"sqlite_autoincrement": True}  # an id is never given twice (migration 0021)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    message_id: Mapped[int] = mapped_column(Integer, index=True)
    tenant: Mapped[str] = mapped_column(String(64), default="default")
    at: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(20), nullable=True)
    to_status: Mapped[str] = mapped_column(String(20))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

"""Tables of biometric consent and face galleries (migration 0009).

A face embedding is biometric personal data: every row names its data subject and the consent it was enrolled
under, so erasing a subject or revoking a consent finds every vector it covers.
"""

from __future__ import annotations

from sqlalchemy import Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from nonla.store.schema import Base


class ConsentRecord(Base):
    __tablename__ = "consents"
    __table_args__ = (Index("ix_consents_lookup", "tenant", "subject_id", "purpose"), {"sqlite_autoincrement": True})  # ids never reused: 0021

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant: Mapped[str] = mapped_column(String(64), default="default")
    subject_id: Mapped[str] = mapped_column(String(200), index=True)  # data-subject tag
    purpose: Mapped[str] = mapped_column(String(64))
    legal_basis: Mapped[str] = mapped_column(String(32))
    granted_by: Mapped[str] = mapped_column(String(200))  # the subject, or the guardian/representative who signed
    granted_at: Mapped[str] = mapped_column(String(32))
    expires_at: Mapped[str | None] = mapped_column(String(32), nullable=True)
    revoked_at: Mapped[str | None] = mapped_column(String(32), nullable=True)
    revoked_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[str] = mapped_column(String(32))


class FaceEmbedding(Base):
    __tablename__ = "face_gallery"
    __table_args__ = (Index("ix_face_gallery_gallery", "tenant", "gallery"), {"sqlite_autoincrement": True})  # ids never reused: 0021

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant: Mapped[str] = mapped_column(String(64), default="default")
    gallery: Mapped[str] = mapped_column(String(100))
    subject_id: Mapped[str] = mapped_column(String(200), index=True)  # data-subject tag
    embedding: Mapped[bytes] = mapped_column(LargeBinary)  # float32, little-endian
    model: Mapped[str] = mapped_column(String(100))  # vectors of different models are never compared
    consent_id: Mapped[int] = mapped_column(Integer, index=True)
    created_at: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(64))

"""Tables of operational governance (migration 0011): incidents and breaches, suspensions, retention, quotas,
and the exceptions admins record to the built-in human-oversight rule for high-risk functions.

None of these rows holds a data subject's personal data (descriptions are written by staff about systems), so they
carry no subject_id.
"""

from __future__ import annotations

from sqlalchemy import Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from nonla.store.schema import Base


class Incident(Base):
    """Something went wrong with a function or model; ``kind`` 'breach' adds the 72-hour notification clock."""

    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant: Mapped[str] = mapped_column(String(64), default="default", index=True)
    kind: Mapped[str] = mapped_column(String(16))  # incident | breach
    target: Mapped[str] = mapped_column(String(200), index=True)  # name or name@version
    severity: Mapped[str] = mapped_column(String(16))  # low | medium | high | critical
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | closed
    detected_at: Mapped[str] = mapped_column(String(32))
    notified_at: Mapped[str | None] = mapped_column(String(32), nullable=True)  # breaches: authority notified
    closed_at: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[str] = mapped_column(String(32))


class Suspension(Base):
    """A function (every version) or one version that no surface may call until it is resumed."""

    __tablename__ = "suspensions"

    target: Mapped[str] = mapped_column(String(200), primary_key=True)  # name or name@version
    reason: Mapped[str] = mapped_column(Text)
    incident_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    suspended_by: Mapped[str] = mapped_column(String(64))
    suspended_at: Mapped[str] = mapped_column(String(32))


class RetentionPolicy(Base):
    """How long a tenant keeps one kind of stored data before the scheduled purge deletes it."""

    __tablename__ = "retention_policies"
    __table_args__ = (UniqueConstraint("tenant", "kind", name="uq_retention_policies_kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant: Mapped[str] = mapped_column(String(64), default="default")
    kind: Mapped[str] = mapped_column(String(32))  # inbox | review
    max_age_days: Mapped[int] = mapped_column(Integer)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[str] = mapped_column(String(32))


class KeyQuota(Base):
    """Limits of one API key: requests per minute and per day (None: unlimited).

    ``set_by`` is 'installation' (an admin of the default tenant, or the CLI) or 'agency' (an admin of the key's own
    tenant): an agency may change only the limits it set itself (migration 0019)."""

    __tablename__ = "key_quotas"

    key_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    per_minute: Mapped[int | None] = mapped_column(Integer, nullable=True)
    per_day: Mapped[int | None] = mapped_column(Integer, nullable=True)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[str] = mapped_column(String(32))
    set_by: Mapped[str] = mapped_column(String(16), default="installation", server_default="installation")


class KeyUsage(Base):
    """Requests a limited key made in one window ('m:2026-11-22T19:30' or 'd:2026-11-22', UTC)."""

    __tablename__ = "key_usage"

    key_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    period: Mapped[str] = mapped_column(String(24), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class TenantQuota(Base):
    """Limits of one agency, over all its keys together: requests per minute and per day (None: unlimited).

    Only the installation sets them (migration 0022): an agency's admins read their agency's, never change it."""

    __tablename__ = "tenant_quotas"

    tenant: Mapped[str] = mapped_column(String(64), primary_key=True)
    per_minute: Mapped[int | None] = mapped_column(Integer, nullable=True)
    per_day: Mapped[int | None] = mapped_column(Integer, nullable=True)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[str] = mapped_column(String(32))


class TenantUsage(Base):
    """Requests all keys of a limited agency made in one window ('m:2026-11-22T19:30' or 'd:2026-11-22', UTC)."""

    __tablename__ = "tenant_usage"

    tenant: Mapped[str] = mapped_column(String(64), primary_key=True)
    period: Mapped[str] = mapped_column(String(24), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class OversightException(Base):
    """An admin's recorded decision that a high-risk function's results need not all go to review in a tenant."""

    __tablename__ = "oversight_exceptions"
    __table_args__ = (UniqueConstraint("tenant", "function", name="uq_oversight_exceptions_function"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant: Mapped[str] = mapped_column(String(64), default="default")
    function: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[str] = mapped_column(String(32))


class ConsoleSession(Base):
    """One console sign-in: the cookie carries a random token, the store only its digest. Signing out deletes the
    row, so a copy of the cookie taken before stops working everywhere at once (migration 0018)."""

    __tablename__ = "console_sessions"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the cookie's token
    key_id: Mapped[str] = mapped_column(String(32), index=True)
    signed_in_at: Mapped[int] = mapped_column(Integer)  # Unix seconds: rows past the eight hours are purged

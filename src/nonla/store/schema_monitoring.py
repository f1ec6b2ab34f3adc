"""Tables of monitoring (migration 0012): call tallies per time bucket, evaluation baselines, thresholds, alerts.

Rows hold counts and histograms over binned features, never inputs or outputs, so none carries personal data or a
subject_id.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Float, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from nonla.store.schema import Base


class MonitoringWindow(Base):
    """What the calls of one function@version in one tenant added up to in one time bucket (UTC, a few minutes)."""

    __tablename__ = "monitoring_windows"
    __table_args__ = (UniqueConstraint("tenant", "function", "version", "bucket", name="uq_monitoring_windows_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant: Mapped[str] = mapped_column(String(64), default="default")
    function: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer)
    bucket: Mapped[str] = mapped_column(String(32), index=True)  # start of the bucket, ISO UTC
    calls: Mapped[int] = mapped_column(Integer, default=0)
    items: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    review: Mapped[int] = mapped_column(Integer, default=0)
    histograms: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # latency_ms, size, plain_share, ...


class MonitoringBaseline(Base):
    """Histograms of a function@version's inputs and confidences on evaluation data: what drift is measured from."""

    __tablename__ = "monitoring_baselines"
    __table_args__ = (UniqueConstraint("tenant", "function", "version", name="uq_monitoring_baselines_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant: Mapped[str] = mapped_column(String(64), default="default")
    function: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer)
    items: Mapped[int] = mapped_column(Integer)
    histograms: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    source: Mapped[str] = mapped_column(String(200))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[str] = mapped_column(String(32))


class MonitoringThreshold(Base):
    """A tenant's alert thresholds for one function (every version); functions without a row use the defaults."""

    __tablename__ = "monitoring_thresholds"
    __table_args__ = (UniqueConstraint("tenant", "function", name="uq_monitoring_thresholds_function"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant: Mapped[str] = mapped_column(String(64), default="default")
    function: Mapped[str] = mapped_column(String(100))
    error_rate: Mapped[float] = mapped_column(Float)
    review_share: Mapped[float] = mapped_column(Float)
    latency_p95_ms: Mapped[float] = mapped_column(Float)
    psi: Mapped[float] = mapped_column(Float)
    min_calls: Mapped[int] = mapped_column(Integer)
    window_minutes: Mapped[int] = mapped_column(Integer)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[str] = mapped_column(String(32))


class MonitoringAlert(Base):
    """A threshold crossed: raised once, open until someone acknowledges it."""

    __tablename__ = "monitoring_alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant: Mapped[str] = mapped_column(String(64), default="default", index=True)
    kind: Mapped[str] = mapped_column(String(32))  # error_rate | review_share | latency_p95 | input_drift | ...
    function: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    threshold: Mapped[float] = mapped_column(Float)
    window_minutes: Mapped[int] = mapped_column(Integer)
    window_start: Mapped[str] = mapped_column(String(32))
    window_end: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[str] = mapped_column(String(32))
    acknowledged: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    acknowledged_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    acknowledged_at: Mapped[str | None] = mapped_column(String(32), nullable=True)

"""Tables of the custom model store: versions and their stages, stage history, rollout, routed calls, training jobs.

Every row carries its tenant: a model name is each tenant's own (two tenants may both have a ``phan_loai``).

Nothing here holds personal data: routed calls keep a digest of the input, never the input.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Float, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from nonla.store.schema import Base


class CustomModelVersion(Base):
    """One immutable version of a custom model; only its stage (and reports) change after registration."""

    __tablename__ = "custom_model_versions"
    __table_args__ = (UniqueConstraint("tenant", "name", "version", name="uq_custom_model_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), index=True)  # without the "custom." prefix
    tenant: Mapped[str] = mapped_column(String(64), default="default", index=True)  # the owner; others see nothing
    version: Mapped[int] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(String(16), default="draft")  # draft | staging | production | archived
    kind: Mapped[str] = mapped_column(
        String(32)
    )  # text-classifier | tabular | onnx | skops | http-openai | http-kserve
    task: Mapped[str] = mapped_column(String(32))  # classification | regression | generation
    owner: Mapped[str] = mapped_column(String(200), default="")
    intended_use: Mapped[str] = mapped_column(Text, default="")
    risk: Mapped[str] = mapped_column(String(16), default="limited")
    data_digest: Mapped[str] = mapped_column(String(64), default="")  # sha256 of the training data file
    metrics: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    card: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # the Card, as JSON
    config: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # what the predictor needs: labels, fields
    main_file: Mapped[str] = mapped_column(String(200), default="")  # the file served, inside the version's folder
    files: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # file name -> sha256
    report: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)  # evaluation report (held-out)
    conformance: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)  # last conformance run
    created_at: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(64), default="local")
    stage_changed_at: Mapped[str] = mapped_column(String(32))


class CustomStageChange(Base):
    """Every stage change, in order: rollback reads which version was production before the current one."""

    __tablename__ = "custom_stage_changes"
    __table_args__ = (Index("ix_custom_stage_changes_tenant_name", "tenant", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant: Mapped[str] = mapped_column(String(64), default="default")
    name: Mapped[str] = mapped_column(String(100), index=True)
    version: Mapped[int] = mapped_column(Integer)
    from_stage: Mapped[str] = mapped_column(String(16))
    to_stage: Mapped[str] = mapped_column(String(16))
    at: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(64))


class CustomRollout(Base):
    """A candidate version beside production: shadow (runs on every call, never answers) or canary (answers a
    share of calls chosen by a hash of the input)."""

    __tablename__ = "custom_rollouts"

    tenant: Mapped[str] = mapped_column(String(64), primary_key=True, default="default")
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    candidate: Mapped[int] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(16))  # shadow | canary
    percent: Mapped[float] = mapped_column(Float, default=0.0)
    started_at: Mapped[str] = mapped_column(String(32))
    started_by: Mapped[str] = mapped_column(String(64))


class CustomRoutedCall(Base):
    """One item served through the unversioned name while a rollout runs: who answered, who else ran, agreement."""

    __tablename__ = "custom_routed_calls"
    __table_args__ = (Index("ix_custom_routed_calls_tenant_name_at", "tenant", "name", "at"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    tenant: Mapped[str] = mapped_column(String(64), default="default")
    name: Mapped[str] = mapped_column(String(100))
    at: Mapped[str] = mapped_column(String(32))
    mode: Mapped[str] = mapped_column(String(16))  # production | shadow | canary
    served: Mapped[int] = mapped_column(Integer)  # the version whose result was returned
    compared: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the other version that ran
    agree: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    served_ms: Mapped[float] = mapped_column(Float, default=0.0)
    compared_ms: Mapped[float | None] = mapped_column(Float, nullable=True)
    input_digest: Mapped[str] = mapped_column(String(64), default="")


class CustomTrainJob(Base):
    """A training run started over REST: its progress, result or error, and whether someone asked to cancel it."""

    __tablename__ = "custom_train_jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(64), default="default")  # who started it; others see no such job
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="queued")  # queued|running|done|failed|cancelled
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    message: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    error: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(64))

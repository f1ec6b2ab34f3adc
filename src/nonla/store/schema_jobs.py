"""Tables of batch jobs and stored pipelines (migration 0008)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, BigInteger, Float, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from nonla.store.schema import Base


class Job(Base):
    """One run of a function or pipeline over a file or a collection.

    ``done`` and ``output_offset`` move together in one transaction after each chunk's results are on disk, so a
    crash anywhere leaves a consistent checkpoint: on resume the output is cut back to ``output_offset`` and the
    input is read again from item ``done`` (a collection's from the part after ``input_after``).
    """

    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(64), default="default", index=True)
    function: Mapped[str] = mapped_column(String(200))  # name@version, resolved at submit time
    input_kind: Mapped[str] = mapped_column(String(16))  # jsonl | csv | parquet | collection
    input_ref: Mapped[str] = mapped_column(Text)  # a file path, or the collection's name
    output_format: Mapped[str] = mapped_column(String(16))  # jsonl | csv | parquet
    output_path: Mapped[str] = mapped_column(Text)
    executor: Mapped[str] = mapped_column(String(16), default="local")  # local | dask
    scheduler: Mapped[str | None] = mapped_column(String(300), nullable=True)
    workers: Mapped[int] = mapped_column(Integer, default=1)
    chunk_size: Mapped[int] = mapped_column(Integer, default=256)
    status: Mapped[str] = mapped_column(String(16), index=True)  # queued | running | done | failed | cancelled
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)  # items whose results are committed
    errors: Mapped[int] = mapped_column(Integer, default=0)  # of those, items that carry an error
    output_offset: Mapped[int] = mapped_column(BigInteger, default=0)  # bytes of the output that are committed
    seconds: Mapped[float] = mapped_column(Float, default=0.0)  # time spent running, over every run
    failure: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)  # {code, message} when failed
    # server starts that found it interrupted with no checkpoint since (nonla.jobs.worker fails it after a few)
    restarts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    subject_id: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)  # data-subject tag
    # a collection's parts are read by id: the last one committed, and the highest there was at submit (0020)
    input_after: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    input_upto: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[str] = mapped_column(String(32), index=True)
    updated_at: Mapped[str] = mapped_column(String(32))
    finished_at: Mapped[str | None] = mapped_column(String(32), nullable=True)


class StoredPipeline(Base):
    """A pipeline definition (YAML) as added; each change of an existing name is a new version."""

    __tablename__ = "pipelines"
    __table_args__ = (UniqueConstraint("tenant", "name", "version", name="uq_pipelines_name_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), index=True)  # without the 'pipeline.' prefix
    tenant: Mapped[str] = mapped_column(String(64), default="default", index=True)  # the owner; others see nothing
    version: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text)  # the YAML as written
    sha256: Mapped[str] = mapped_column(String(64))  # of the source: adding the same text again is a no-op
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[str] = mapped_column(String(32))
    deleted_at: Mapped[str | None] = mapped_column(String(32), nullable=True)

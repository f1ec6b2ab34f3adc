"""The jobs part of a data subject's export and erasure: jobs tagged with the subject, their inputs and results.

A job is tagged when it is submitted with a subject id (``X-Subject-Id`` over REST, ``--subject`` in the CLI,
``subject_id=`` in Python). The export holds each job's record, the items it read from an upload the server keeps,
and its result rows; erasure deletes the record and every file the server keeps for the job (its upload, its
results and their staging file under the jobs folder). Files a local user chose to read from or write to elsewhere
are theirs: they are not read or deleted, and the export says where they are.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from nonla.jobs import formats
from nonla.jobs.service import describe, jobs_dir
from nonla.store.db import session
from nonla.store.schema_jobs import Job

READERS = {"jsonl": formats._jsonl, "csv": formats._csv, "parquet": formats._parquet}


def _kept(path: str) -> bool:
    """Whether the server keeps this file (under its jobs folder), rather than a path the user chose."""
    return _under(path, jobs_dir())


def _rows(kind: str, path: str) -> list[Any]:
    reader = READERS.get(kind)
    if reader is None or not _kept(path) or not Path(path).is_file():
        return []
    return [row.to_dict() if hasattr(row, "to_dict") else row for row in reader(path)]


def _results(job: Job) -> list[Any]:
    finished = _rows(job.output_format, job.output_path)
    if finished or job.output_format != "parquet":
        return finished
    return _rows("jsonl", formats.staging_path(job.output_format, job.output_path))  # not finished yet


def export_jobs(subject: str, tenant: str) -> list[dict[str, Any]]:
    with session() as s:
        jobs = list(s.scalars(select(Job).where(Job.tenant == tenant, Job.subject_id == subject).order_by(Job.id)))
        return [{**describe(job, running=False), "inputs": _rows(job.input_kind, job.input_ref),
                 "results": _results(job)} for job in jobs]  # fmt: skip


def _under(path: str, folder: Path) -> bool:
    try:
        return Path(path).resolve().is_relative_to(folder.resolve())
    except (OSError, ValueError):
        return False


def _files(job: Job) -> set[str]:
    """The files kept for this job alone: the results it wrote under the jobs folder and an input uploaded for it.
    Any other input under the jobs folder (another job's results, read as this one's input) is not this job's."""
    paths = {p for p in (job.output_path, formats.staging_path(job.output_format, job.output_path)) if _kept(p)}
    if job.input_kind != "collection" and _under(job.input_ref, jobs_dir() / "uploads"):
        paths.add(job.input_ref)
    return paths


def erase_jobs(subject: str, tenant: str, audit: Callable[[Session, dict[str, int]], None]) -> dict[str, int]:
    """Delete the tenant's jobs of the subject and the files kept for them; ``audit(s, counts)`` writes the audit
    row in the same transaction as the records' deletion. The files go once that transaction committed."""
    with session(write=True) as s:
        jobs = list(s.scalars(select(Job).where(Job.tenant == tenant, Job.subject_id == subject)))
        files = sorted(set().union(*(_files(job) for job in jobs))) if jobs else []
        # a job still running stops at its next checkpoint, when it finds its record gone
        count = s.execute(delete(Job).where(Job.id.in_([job.id for job in jobs]))).rowcount if jobs else 0
        counts = {"jobs": count or 0, "job_files": sum(Path(path).is_file() for path in files)}
        audit(s, counts)
    for path in files:
        with contextlib.suppress(FileNotFoundError):
            Path(path).unlink()
    for folder in {Path(path).parent for path in files}:
        with contextlib.suppress(OSError):  # the job's own folder, once empty
            if folder.parent == jobs_dir().resolve():
                folder.rmdir()
    return counts

"""The jobs part of a data subject's export and erasure: jobs tagged with the subject, their inputs and results.

A job is tagged when it is submitted with a subject id (``X-Subject-Id`` over REST, ``--subject`` in the CLI,
``subject_id=`` in Python). The export holds each job's record, the items it read from an upload the server keeps,
and its result rows; erasure deletes the record and every file the server keeps for the job (its upload, its
results and their staging file under the jobs folder, its lock file). Files a local user chose to read from or
write to elsewhere are theirs: they are not read or deleted, and the export says where they are.

A job running when its subject is erased must leave nothing behind. The erasure deletes the job's record first,
before the review items tagged with the subject, and a chunk's results are queued for review only in a transaction
that finds the record and locks it (``nonla.governance.review.for_job``). Either the queue committed first, and the
erasure's review step, which comes after the record's deletion, deletes the items; or the record was gone and
nothing was queued. A chunk that finds the record gone (``job_erased``) raises, and the job stops at its next
chunk or checkpoint and deletes the files it wrote since. No step is left for after the queue, so a process killed
at any instant leaves nothing either.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from nonla.governance.review import subject_forms
from nonla.jobs import formats
from nonla.jobs.service import describe, is_under, jobs_dir, kept_files, remove_files
from nonla.store.db import session
from nonla.store.schema_jobs import Job

READERS = {"jsonl": formats._jsonl, "csv": formats._csv, "parquet": formats._parquet}


def _kept(path: str) -> bool:
    """Whether the server keeps this file (under its jobs folder), rather than a path the user chose."""
    return is_under(path, jobs_dir())


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
        mine = select(Job).where(Job.tenant == tenant, Job.subject_id.in_(subject_forms(subject)))
        jobs = list(s.scalars(mine.order_by(Job.id)))
        return [{**describe(job, running=False), "inputs": _rows(job.input_kind, job.input_ref),
                 "results": _results(job)} for job in jobs]  # fmt: skip


def erase_jobs(subject: str, tenant: str, audit: Callable[[Session, dict[str, int]], None]) -> dict[str, int]:
    """Delete the tenant's jobs of the subject and the files kept for them; ``audit(s, counts)`` writes the audit
    row in the same transaction as the records' deletion. The files go once that transaction committed."""
    with session(write=True) as s:
        jobs = list(s.scalars(select(Job).where(Job.tenant == tenant, Job.subject_id.in_(subject_forms(subject)))))
        files: set[str] = set().union(*(kept_files(job) for job in jobs)) if jobs else set()
        # a job still running stops at its next checkpoint, when it finds its record gone
        count = s.execute(delete(Job).where(Job.id.in_([job.id for job in jobs]))).rowcount if jobs else 0
        counts = {"jobs": count or 0, "job_files": sum(Path(path).is_file() for path in files)}
        audit(s, counts)
    remove_files(files, [job.id for job in jobs])  # and their lock files: nothing is left of the jobs
    return counts


def job_erased(job_id: str) -> bool:
    """Whether the job's record is gone: its data subject was erased (job ids are never reused)."""
    with session() as s:
        return s.get(Job, job_id) is None

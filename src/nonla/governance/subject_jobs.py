"""The jobs part of a data subject's export and erasure: jobs tagged with the subject, their inputs and results.

A job is tagged when it is submitted with a subject id (``X-Subject-Id`` over REST, ``--subject`` in the CLI,
``subject_id=`` in Python). The export holds each job's record, the items it read from an upload the server keeps,
and its result rows; erasure deletes the record and every file the server keeps for the job (its upload, its
results and their staging file under the jobs folder, its lock file). Files a local user chose to read from or
write to elsewhere are theirs: they are not read or deleted, and the export says where they are.

A job running when its subject is erased must leave nothing behind. The erasure deletes the job's record first,
before the review items tagged with the subject; each chunk checks for the record after the review queue took its
results (``withdraw_if_erased``). Either the chunk finds the record gone and deletes what it queued itself, or it
found the record before the erasure deleted it, and then its items were queued before the erasure's review step
ran, which deletes them. The job stops at its next chunk or checkpoint and deletes the files it wrote since.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from nonla.core.events import Changed
from nonla.governance.audit import append
from nonla.jobs import formats
from nonla.jobs.service import describe, is_under, jobs_dir, kept_files, remove_files
from nonla.store.db import session
from nonla.store.schema import ReviewItem, TrainingExample
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
        jobs = list(s.scalars(select(Job).where(Job.tenant == tenant, Job.subject_id == subject).order_by(Job.id)))
        return [{**describe(job, running=False), "inputs": _rows(job.input_kind, job.input_ref),
                 "results": _results(job)} for job in jobs]  # fmt: skip


def erase_jobs(subject: str, tenant: str, audit: Callable[[Session, dict[str, int]], None]) -> dict[str, int]:
    """Delete the tenant's jobs of the subject and the files kept for them; ``audit(s, counts)`` writes the audit
    row in the same transaction as the records' deletion. The files go once that transaction committed."""
    with session(write=True) as s:
        jobs = list(s.scalars(select(Job).where(Job.tenant == tenant, Job.subject_id == subject)))
        files: set[str] = set().union(*(kept_files(job) for job in jobs)) if jobs else set()
        # a job still running stops at its next checkpoint, when it finds its record gone
        count = s.execute(delete(Job).where(Job.id.in_([job.id for job in jobs]))).rowcount if jobs else 0
        counts = {"jobs": count or 0, "job_files": sum(Path(path).is_file() for path in files)}
        audit(s, counts)
    remove_files(files, [job.id for job in jobs])  # and their lock files: nothing is left of the jobs
    return counts


def withdraw_if_erased(job_id: str, tenant: str, review_ids: Sequence[int]) -> bool:
    """Whether the job's record is gone (its data subject was erased while a chunk ran). If it is, the review items
    the chunk queued (``review_ids``) and any training example already made from them are deleted, audited.

    The record is read after the items were committed: a record read as present was deleted later, by an erasure
    whose review step then deletes the items; a record gone stays gone (job ids are never reused)."""
    with session() as s:
        if s.get(Job, job_id) is not None:
            return False
    if review_ids:
        _withdraw(sorted(set(review_ids)), tenant)
    return True


def _withdraw(ids: list[int], tenant: str) -> None:
    """Delete review items a chunk of an erased job queued, and any training example made from them meanwhile."""
    with session(write=True) as s:
        examples = s.execute(delete(TrainingExample).where(TrainingExample.tenant == tenant,
                                                           TrainingExample.review_id.in_(ids))).rowcount  # fmt: skip
        items = s.execute(delete(ReviewItem).where(ReviewItem.tenant == tenant, ReviewItem.id.in_(ids))).rowcount
        if items or examples:  # none when the erasure's own review step came after the items and took them
            counts = {"review_items": items or 0, "training_examples": examples or 0}
            append(s, Changed(actor="system:jobs", action="review.withdraw", target=f"review:{tenant}",
                              detail={"tenant": tenant, "ids": ids, "reason": "job_erased", "counts": counts}))  # fmt: skip

"""Jobs as users see them: submit, status (done/total, rate, ETA), list, cancel, resume.

A job's row is its whole state; running it is ``nonla.jobs.engine.execute``. Status ``running`` with no process
holding the job's lock (the process was killed) reads as ``interrupted``: resume it and it goes on from its last
checkpoint.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from nonla.core.config import settings
from nonla.core.context import tenant_scope
from nonla.core.errors import Conflict, InvalidInput, NonlaError, NotFound
from nonla.core.events import Changed, utc_now
from nonla.governance.audit import append
from nonla.jobs import formats
from nonla.jobs.executors import EXECUTORS, check_scheduler
from nonla.store.db import session
from nonla.store.schema_jobs import Job

UNFINISHED = ("queued", "running")
MAX_CHUNK = 1000
# How long a resume waits for a job cancelled a moment ago to let go of its lock (its runner winds down the chunks
# still out and closes its executor)
STOPPING_SECONDS = 5.0


class InputChanged(Conflict):
    code = "input_changed"
    default_hint = "Submit a new job to read the input as it is now."


class JobFailed(NonlaError):
    """A job that ended ``failed``, as the CLI reports it: with its failure's own code, sentence and hint."""

    code = "job_failed"
    default_hint = "Fix what the message says, then go on from the last checkpoint with `nonla jobs resume ID`."


def failure_error(job: dict[str, Any]) -> NonlaError:
    """The error that tells how a failed job ended (its status's ``failure``), to raise where a caller waits on it.

    >>> err = failure_error({"id": "ab12", "failure": {"code": "input_changed", "message": "The input ended early."}})
    >>> (err.code, err.exit_code, err.message, err.hint)
    ('input_changed', 5, 'Job ab12 failed: The input ended early.', 'Submit a new job to read the input as it is now.')
    >>> failure_error({"id": "ab12", "failure": {"code": "crashed", "message": "It stopped.", "hint": "Resume it."}}).to_dict()
    {'code': 'crashed', 'message': 'Job ab12 failed: It stopped.', 'hint': 'Resume it.'}
    """
    failure = job.get("failure") or {}
    code = str(failure.get("code") or JobFailed.code)
    kind: type[NonlaError] = InputChanged if code == InputChanged.code else JobFailed
    hint = failure.get("hint") or kind.default_hint.replace("ID", str(job["id"]))
    err = kind(f"Job {job['id']} failed: {failure.get('message') or 'no reason was recorded.'}", hint=hint)
    err.code = code  # the failure's own code (crashed, scheduler_unavailable, ...): what a script matches on
    return err


def jobs_dir() -> Path:
    folder = settings().home / "jobs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def lock_path(job_id: str) -> Path:
    return jobs_dir() / f"{job_id}.lock"


@contextmanager
def job_lock(job_id: str) -> Iterator[bool]:
    """Hold the job's lock if no other process does; yields whether it was taken. The OS drops it on kill -9."""
    with open(lock_path(job_id), "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def is_under(path: str, folder: Path) -> bool:
    try:
        return Path(path).resolve().is_relative_to(folder.resolve())
    except (OSError, ValueError):
        return False


def kept_files(job: Job) -> set[str]:
    """The files kept for this job alone: the results it wrote under the jobs folder and an input uploaded for it.
    Any other input under the jobs folder (another job's results, read as this one's input) is not this job's."""
    folder = jobs_dir()
    paths = {p for p in (job.output_path, formats.staging_path(job.output_format, job.output_path))
             if is_under(p, folder)}  # fmt: skip
    if job.input_kind != "collection" and is_under(job.input_ref, folder / "uploads"):
        paths.add(job.input_ref)
    return paths


def remove_files(paths: set[str], job_ids: list[str]) -> None:
    """Delete the given kept files, the jobs' own folders once empty and the jobs' lock files (erased jobs)."""
    for path in sorted(paths):
        with contextlib.suppress(FileNotFoundError):
            Path(path).unlink()
    folder = jobs_dir().resolve()
    for parent in {Path(path).parent for path in paths}:
        with contextlib.suppress(OSError):  # the job's own folder, once empty
            if parent.parent == folder:
                parent.rmdir()
    for job_id in job_ids:
        lock_path(job_id).unlink(missing_ok=True)


def is_running_somewhere(job_id: str) -> bool:
    with job_lock(job_id) as taken:
        return not taken


def _row(s: Session, job_id: str, tenant: str | None) -> Job:
    job = s.get(Job, job_id)
    if job is None or (tenant is not None and job.tenant != tenant):
        raise NotFound(f"There is no job with id '{job_id}'.", hint="List jobs with `nonla jobs list` or GET /v1/jobs.")
    return job


def submit(
    function: str,
    input: str | Path,
    output: str | Path | None = None,
    *,
    input_format: str | None = None,
    output_format: str | None = None,
    executor: str = "local",
    scheduler: str | None = None,
    workers: int | None = None,
    chunk_size: int = 256,
    overwrite: bool = False,
    tenant: str = "default",
    actor: str = "local",
    subject_id: str | None = None,
) -> dict[str, Any]:
    """Record a job (status ``queued``); ``input`` is a file or, with ``input_format="collection"``, a collection."""
    from nonla.sources import catalog

    with tenant_scope(tenant):  # the tenant's own custom models and pipelines
        ref = catalog().resolve(function).ref
    kind = input_format or formats.kind_of(input)
    source = str(input) if kind == "collection" else str(Path(input).resolve())
    formats.check_input(kind, source)
    if executor not in EXECUTORS:
        raise InvalidInput(f"Unknown executor '{executor}'.", hint=f"Use one of: {', '.join(EXECUTORS)}.")
    if not 1 <= chunk_size <= MAX_CHUNK:
        raise InvalidInput(f"The chunk size must be between 1 and {MAX_CHUNK:,}.")
    # a chunk is one call of the function, and the runner refuses a batch past NONLA_MAX_BATCH_ITEMS: a larger
    # chunk would fail the job at its first chunk, again at every resume
    chunk_size = min(chunk_size, settings().max_batch_items)
    if executor == "dask" and scheduler:
        check_scheduler(scheduler)  # a bad address or a scheduler that is down is refused before a job exists
    job_id = uuid.uuid4().hex
    made = None
    if output is None:
        output = jobs_dir() / job_id / f"results.{output_format or 'jsonl'}"
        output.parent.mkdir(parents=True, exist_ok=True)
        made = output.parent
    try:
        path, out_kind = _recorded(job_id, ref, kind, source, Path(output), output_format, overwrite, tenant, actor,
                           executor=executor, scheduler=scheduler, workers=workers or 0, chunk_size=chunk_size,
                           subject_id=subject_id)  # fmt: skip
    except BaseException:
        if made is not None:  # a refused job stores nothing, not even an empty folder
            with contextlib.suppress(OSError):
                made.rmdir()
        raise
    for stale in {formats.staging_path(out_kind, path), path}:
        if os.path.exists(stale):  # overwrite: the first checkpoint starts from an empty file
            os.truncate(stale, 0)
    return status(job_id)


def _recorded(
    job_id: str, ref: str, kind: str, source: str, output: Path, output_format: str | None, overwrite: bool,
    tenant: str, actor: str, **options: Any,
) -> tuple[str, str]:  # fmt: skip
    """Check the output, count the items and record the job; returns the output's path and format."""
    target = output.resolve()
    out_kind = output_format or formats.kind_of(target)
    if out_kind not in formats.OUTPUTS:
        raise InvalidInput(f"Unknown output format '{out_kind}'.", hint=f"Use one of: {', '.join(formats.OUTPUTS)}.")
    if source in (str(target), formats.staging_path(out_kind, str(target))):  # the staging file is emptied below
        raise InvalidInput("The output would overwrite the input.", hint="Write the results to another file.")
    if not target.parent.is_dir():
        raise NotFound(f"There is no folder {target.parent} for the output.", hint="Create it first.")
    if target.exists() and not overwrite:
        raise Conflict(f"{target} exists already.", hint="Choose another output file, or pass --overwrite.")
    if kind == "collection":  # read by part id: documents added after this are not the job's (formats._parts)
        options |= {"input_after": 0, "input_upto": formats.last_part(source, tenant)}
    total = formats.count(kind, source, tenant, upto=options.get("input_upto"))
    now = utc_now()
    with session(write=True) as s:
        if s.scalar(select(Job.id).where(Job.output_path == str(target), Job.status.in_(UNFINISHED))):
            raise Conflict(f"An unfinished job writes to {target} already.", hint="Resume or cancel that job first.")
        s.add(Job(id=job_id, tenant=tenant, function=ref, input_kind=kind, input_ref=source, output_format=out_kind,
                  output_path=str(target), status="queued", total=total, done=0, errors=0, output_offset=0,
                  seconds=0.0, created_by=actor, created_at=now, updated_at=now, **options))  # fmt: skip
        append(s, Changed(actor=actor, action="job.submit", target=job_id, detail={"function": ref, "items": total}))
    return str(target), out_kind


def describe(job: Job, running: bool | None = None) -> dict[str, Any]:
    rate = job.done / job.seconds if job.seconds > 0 else None
    left = job.total - job.done
    state = job.status
    if state == "running" and not (is_running_somewhere(job.id) if running is None else running):
        state = "interrupted"
    return {
        "id": job.id, "function": job.function, "status": state, "total": job.total, "done": job.done,
        "errors": job.errors, "percent": round(100 * job.done / job.total, 1) if job.total else 100.0,
        "rate": round(rate, 2) if rate else None,
        "eta_seconds": round(left / rate, 1) if rate and state in ("running", "queued") else None,
        "seconds": round(job.seconds, 3), "input": {"format": job.input_kind, "ref": job.input_ref},
        "output": {"format": job.output_format, "path": job.output_path}, "executor": job.executor,
        "workers": job.workers or None, "scheduler": job.scheduler, "failure": job.failure,
        "created_by": job.created_by, "created_at": job.created_at, "updated_at": job.updated_at,
        "finished_at": job.finished_at,
    }  # fmt: skip


def status(job_id: str, tenant: str | None = None) -> dict[str, Any]:
    """The job's state and progress: done/total, percent, rate (items/s over its running time) and ETA."""
    with session() as s:
        return describe(_row(s, job_id, tenant))


STATES = ("queued", "running", "interrupted", "done", "failed", "cancelled")


def list_jobs(tenant: str | None = None, limit: int = 50, state: str | None = None) -> list[dict[str, Any]]:
    if state is not None and state not in STATES:  # a misspelt state listed nothing, as if there were no jobs
        raise InvalidInput(f"Unknown job state '{state[:20]}'.", hint=f"Use one of: {', '.join(STATES)}.")
    query = select(Job).order_by(Job.created_at.desc()).limit(limit)
    if tenant is not None:
        query = query.where(Job.tenant == tenant)
    if state is not None:
        query = query.where(Job.status == ("running" if state == "interrupted" else state))
    with session() as s:
        jobs = [describe(job) for job in s.scalars(query)]
    return [job for job in jobs if state is None or job["status"] == state]


def cancel(job_id: str, tenant: str | None = None, actor: str = "local") -> dict[str, Any]:
    """Stop a queued or running job after its current chunk; what is committed stays, and resume goes on from there."""
    with session(write=True) as s:
        job = _row(s, job_id, tenant)
        if job.status not in UNFINISHED:
            raise Conflict(f"Job {job_id} is {job.status}; only a queued or running job can be cancelled.")
        job.status, job.updated_at = "cancelled", utc_now()
        append(s, Changed(actor=actor, action="job.cancel", target=job_id))
    return status(job_id)


def resume(job_id: str, tenant: str | None = None, actor: str = "local") -> dict[str, Any]:
    """Queue a cancelled, failed or interrupted job again; it goes on from its last checkpoint."""
    with session() as s:
        cancelled = _row(s, job_id, tenant).status == "cancelled"
    if cancelled:
        _wait_for_release(job_id)  # outside a write: the runner winding down writes to the store too
    with session(write=True) as s:
        job = _row(s, job_id, tenant)
        if job.status == "done":
            raise Conflict(f"Job {job_id} is done already.", hint="Submit a new job to run it again.")
        if is_running_somewhere(job_id) and job.status == "cancelled":
            raise Conflict(f"Job {job_id} is still stopping after its cancel.", hint="Retry in a moment.")
        if is_running_somewhere(job_id):
            raise Conflict(f"Job {job_id} is running in another process.", hint="Wait for it, or cancel it.")
        later = s.scalar(select(Job.id).where(Job.output_path == job.output_path, Job.id != job.id,
                                              Job.created_at > job.created_at))  # fmt: skip
        if later is not None:  # resuming would append to, and so corrupt, the file the later job wrote
            raise Conflict(f"Job {later} has written to this job's output file since; job {job_id} cannot go on.",
                           hint="Submit the job again with another output file.")  # fmt: skip
        job.status, job.failure, job.restarts, job.updated_at = "queued", None, 0, utc_now()
        append(s, Changed(actor=actor, action="job.resume", target=job_id, detail={"from": job.done}))
    return status(job_id)


def _wait_for_release(job_id: str, seconds: float = STOPPING_SECONDS) -> None:
    """Wait, ``seconds`` at most, until no runner holds the job's lock."""
    deadline = time.monotonic() + seconds
    while is_running_somewhere(job_id) and time.monotonic() < deadline:
        time.sleep(0.05)


def unfinished(tenant: str | None = None) -> list[str]:
    """Ids of jobs that should be running (queued, or running in a process that died), oldest first."""
    query = select(Job.id).where(Job.status.in_(UNFINISHED)).order_by(Job.created_at)
    if tenant is not None:
        query = query.where(Job.tenant == tenant)
    with session() as s:
        ids = list(s.scalars(query))
    return [job_id for job_id in ids if not is_running_somewhere(job_id)]

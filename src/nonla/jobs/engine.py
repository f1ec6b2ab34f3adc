"""Running a job: read from the checkpoint, run chunks on an executor, commit each chunk's results with its position.

The commit protocol that makes a job survive ``kill -9`` at any instant:

1. the chunk's rows are written at the committed byte offset of the output (cutting off any tail a crashed run left)
   and fsynced;
2. one transaction then moves the job's ``done`` (items) and ``output_offset`` (bytes) forward together.

A crash before 2 leaves bytes past ``output_offset`` that no checkpoint counts: the next run cuts them off and runs
that chunk again. So every input item ends with exactly one result row, in input order, however often the job
stops. Only one process runs a job at a time (an OS file lock, dropped when the process dies).

A job whose record is deleted while it runs (its data subject was erased) stops at its next chunk or checkpoint,
deletes the files it kept under the jobs folder (what it wrote since the erasure too) and its lock file, and ends
``erased``. Each chunk carries the job's id, so a chunk that finds the record gone deletes what it queued for review
itself, wherever it ran (nonla.governance.subject_jobs says why no item can outlive the erasure).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nonla.core.context import DEFAULT_TENANT, OWNED, tenant_scope
from nonla.core.errors import Conflict, NonlaError
from nonla.core.events import utc_now
from nonla.core.runner import Runner
from nonla.jobs import formats
from nonla.jobs.executors import executor, lost_scheduler
from nonla.jobs.service import InputChanged, describe, job_lock, jobs_dir, kept_files, lock_path, remove_files
from nonla.jobs.work import Row, error_body
from nonla.store.db import session
from nonla.store.schema_jobs import Job

Progress = Callable[[dict[str, Any]], None]


class _Erased(Exception):
    """The job's record is gone: its data subject was erased while it ran."""


@dataclass
class Piece:
    """One chunk as read: its first index, the items to run and, by position, the rows already known (read errors)."""

    start: int
    items: list[dict[str, Any]] = field(default_factory=list)
    known: dict[int, Row] = field(default_factory=dict)  # position in the chunk -> row
    extra: dict[int, dict[str, Any]] = field(default_factory=dict)  # position -> fields copied to the row (id, key)
    size: int = 0
    last_part: int | None = None  # a collection's: the id of the chunk's last part, where a resume goes on after


def _id(value: Any) -> str | int | None:
    """An input's id as its result carries it: a whole float is the integer it stands for (pandas writes an integer
    column with a gap as floats), any other float or number its text; None for what is no id (lists, objects).

    >>> _id(1.0), _id("a-1"), _id(7), _id(1.5), _id(True), _id([1])
    (1, 'a-1', 7, '1.5', None, None)
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() else str(value)
    return value if isinstance(value, str | int) else None


def _pieces(job: Job, fields: set[str]) -> Iterator[Piece]:
    piece = Piece(job.done)
    for item in formats.read(job.input_kind, job.input_ref, job.tenant, job.done, after=job.input_after,
                             upto=job.input_upto):  # fmt: skip
        position = piece.size
        piece.size += 1
        if isinstance(item, NonlaError):
            piece.known[position] = {"error": error_body(item)}
        else:
            # fields the function does not take (a CSV's other columns) are left out; an id travels to the result
            piece.items.append({k: v for k, v in item.items() if k in fields})
            found = _id(item.get("id"))
            kept: dict[str, Any] = {"id": found} if found is not None else {}
            if "_key" in item:
                kept["key"] = item["_key"]
            piece.last_part = item.get("_part", piece.last_part)
            if kept:
                piece.extra[position] = kept
        if piece.size == job.chunk_size:
            yield piece
            piece = Piece(piece.start + piece.size)
    if piece.size:
        yield piece


def _rows(piece: Piece, results: list[Row]) -> list[Row]:
    ran = iter(results)
    rows = []
    for position in range(piece.size):
        row = piece.known.get(position) or next(ran)
        rows.append({"index": piece.start + position, **piece.extra.get(position, {}), **row})
    return rows


def _load(job_id: str) -> Job:
    with session() as s:
        job = s.get(Job, job_id)
    if job is None:
        raise Conflict(f"There is no job with id '{job_id}'.")
    return job


def execute(
    job_id: str,
    runner: Runner | None = None,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> dict[str, Any]:
    """Run a job from its checkpoint until it is done, cancelled, or ``should_stop()``; returns its status."""
    for _ in range(50):  # a status read holds the lock for an instant: wait that out, not a real runner
        with job_lock(job_id) as taken:
            if taken:
                return _execute(job_id, runner, progress, should_stop)
        time.sleep(0.02)
    raise Conflict(f"Job {job_id} is running in another process.", hint="Wait for it, or cancel it.")


def _execute(
    job_id: str, runner: Runner | None, progress: Progress | None, should_stop: Callable[[], bool]
) -> dict[str, Any]:
    with session(write=True) as s:
        job = s.get(Job, job_id)
        if job is None:  # erased before it ran: the lock file just taken goes too
            lock_path(job_id).unlink(missing_ok=True)
            return {}
        if job.status not in ("queued", "running"):
            return describe(job, running=False)
        job.status, job.updated_at = "running", utc_now()
    try:
        return _run(job_id, runner, progress, should_stop)
    except Exception as exc:
        if _gone(job_id):  # a write to a folder the erasure removed, a checkpoint that found no record
            return _erased(job)
        resume = f"Go on from its last checkpoint with `nonla jobs resume {job_id}` (REST: POST " \
                 f"/v1/jobs/{job_id}/resume)."  # fmt: skip
        known = exc if isinstance(exc, NonlaError) else lost_scheduler(exc, hint=resume)
        if known is None:  # an executor or the store broke: the job can be resumed from its checkpoint
            _fail(job_id, {"code": "job_failed", "message": f"The job stopped: {type(exc).__name__}: {exc}"[:500],
                           "hint": resume})  # fmt: skip
            raise
        _fail(job_id, {"code": known.code, "message": known.message, "hint": known.hint})
        if known is not exc:  # the scheduler went away: say so as the stored failure does, not Dask's own words
            raise known from None
        raise


def _gone(job_id: str) -> bool:
    try:
        with session() as s:
            return s.get(Job, job_id) is None
    except Exception:  # the store itself is what broke: the job's own error says so
        return False


def _erased(job: Job) -> dict[str, Any]:
    """Delete what is left of an erased job (files it wrote after the erasure deleted them, its lock file)."""
    remove_files(kept_files(job), [job.id])
    return {**describe(job, running=False), "status": "erased", "eta_seconds": None}


def _halted(job_id: str, should_stop: Callable[[], bool]) -> bool:
    """Whether the job should stop now: cancelled (or erased) since it started, or its caller stops."""
    if should_stop():
        return True
    with session() as s:
        job = s.get(Job, job_id)
        return job is None or job.status != "running"


def _fail(job_id: str, failure: dict[str, str]) -> None:
    with session(write=True) as s:
        job = s.get(Job, job_id)
        if job is not None and job.status == "running":
            job.status, job.failure, job.updated_at = "failed", failure, utc_now()


def _run(
    job_id: str, runner: Runner | None, progress: Progress | None, should_stop: Callable[[], bool]
) -> dict[str, Any]:
    from nonla.sources import catalog

    job = _load(job_id)
    with tenant_scope(job.tenant):  # the job owner's custom models and pipelines, nobody else's
        spec = catalog().resolve(job.function).spec
    fields = list(spec.output.model_fields)
    staging = formats.staging_path(job.output_format, job.output_path)
    offset = job.output_offset
    if job.done < job.total:
        pending: deque[Piece] = deque()

        def chunks() -> Iterator[list[dict[str, Any]]]:
            for piece in _pieces(job, set(spec.input.model_fields)):
                pending.append(piece)
                yield piece.items

        started = time.perf_counter()
        # a caller's runner (the server's) serves jobs that run in this process; pools and Dask use their own
        here = runner if job.executor == "local" and job.workers == 1 else None
        # pool workers warm up outside any call, i.e. for the default tenant: another tenant's own model loads
        # on its first chunk instead
        warm = [job.function] if job.tenant == DEFAULT_TENANT or not job.function.startswith(OWNED) else []

        def halted() -> bool:  # asked while a chunk is still out, so a cancel need not wait for it
            return _halted(job_id, should_stop)

        with executor(job.executor, job.workers or None, job.scheduler, warm, here) as ex:
            for results in ex.map_chunks(job.function, chunks(), job.created_by, job.tenant, job.subject_id, job_id,
                                         stopped=halted):  # fmt: skip
                piece = pending.popleft()
                rows = _rows(piece, results)
                data = formats.encode_rows(job.output_format, rows, fields, header=offset == 0)
                offset = formats.append_durably(staging, data, offset)
                now = time.perf_counter()
                with session(write=True) as s:  # the checkpoint: items and bytes move together
                    row = s.get(Job, job_id)
                    if row is None:
                        raise _Erased(job_id)
                    row.done += piece.size
                    if piece.last_part is not None and row.input_after is not None:
                        row.input_after = piece.last_part
                    row.restarts = 0  # it got past where it was when the server last stopped (nonla.jobs.restarts)
                    row.errors += sum("error" in r for r in rows)
                    row.output_offset, row.seconds, row.updated_at = offset, row.seconds + now - started, utc_now()
                    state = describe(row, running=True)
                started = now
                if progress is not None:
                    progress(state)
                if state["status"] != "running" or should_stop():
                    return state  # cancelled (or the server stops): committed work stays, resume goes on from here
            if pending:  # the executor stopped waiting on a chunk (halted): it stays uncommitted, as above
                return describe(_load(job_id), running=True)
    if job.done >= job.total and job.total == 0:
        formats.append_durably(staging, formats.encode_rows(job.output_format, [], fields, header=True), 0)
    short = _load(job_id)
    if short.done < short.total:  # the input ran out early: it changed (a collection lost documents) since submit
        changed = InputChanged(f"The input ended after {short.done} of {short.total} items: it changed after the job "
                               "was submitted.")  # fmt: skip
        _fail(job_id, {"code": changed.code, "message": changed.message, "hint": changed.hint})
        return describe(_load(job_id), running=False)
    formats.finish(job.output_format, job.output_path)
    with session(write=True) as s:
        row = s.get(Job, job_id)
        if row is None:
            raise _Erased(job_id)
        if row.status == "running":
            row.status, row.finished_at = "done", utc_now()
            row.updated_at = row.finished_at
        state = describe(row, running=True)
    if state["status"] == "done" and job.subject_id is None and Path(job.input_ref).parent == jobs_dir() / "uploads":
        # a file sent over REST was kept only to resume from: once done, its (often personal) data goes. A job
        # tagged with a data subject keeps it for that person's export until they are erased.
        Path(job.input_ref).unlink(missing_ok=True)
    return state

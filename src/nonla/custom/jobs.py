"""Training started over REST: a background thread per job, its progress and result in the store (so any process
can read the status), and cancellation by a flag the training checks between steps.

A server process trains at most ``NONLA_TRAINING_SLOTS`` models at once (2 by default: each holds its table in
memory and keeps a core busy); later jobs wait, status ``queued``, first come first served, and a queued job can be
cancelled. At most ``NONLA_TRAINING_QUEUE`` jobs wait (8 by default, each holding its uploaded CSV); past that a new
one is refused with ``training_queue_full`` (429, Retry-After) and nothing is recorded.
"""

from __future__ import annotations

import contextvars
import logging
import os
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from functools import partial
from typing import Any

from nonla.core.context import current_tenant
from nonla.core.errors import FunctionFailed, NonlaError, NotFound, RateLimited
from nonla.core.events import utc_now
from nonla.custom.errors import TrainingCancelled
from nonla.store.db import session
from nonla.store.schema_custom import CustomTrainJob

log = logging.getLogger("nonla.custom.jobs")
POLL_SECONDS = 0.5
Train = Callable[..., Any]  # train(progress=..., cancelled=...) -> Version
TRAINING_SLOTS, TRAINING_QUEUE = 2, 8  # defaults of NONLA_TRAINING_SLOTS and NONLA_TRAINING_QUEUE
RETRY_AFTER = 60

_slots = threading.Condition()
_running = 0  # jobs of this process training now
_waiting: deque[str] = deque()  # ids of this process's queued jobs, oldest first


class TrainingQueueFull(RateLimited):
    code = "training_queue_full"
    default_hint = "Wait for a training job to finish (GET /v1/models/train/ID shows its progress), then start again."


def limits() -> tuple[int, int]:
    """(trainings run at once, jobs that may wait) in this process, from the environment (read on each call).

    >>> limits()
    (2, 8)
    """

    def number(variable: str, default: int, least: int) -> int:
        try:
            return max(least, int(os.environ.get(variable) or default))
        except ValueError:
            return default

    return number("NONLA_TRAINING_SLOTS", TRAINING_SLOTS, 1), number("NONLA_TRAINING_QUEUE", TRAINING_QUEUE, 0)


def view(job: CustomTrainJob) -> dict[str, Any]:
    return {"id": job.id, "name": job.name, "kind": job.kind, "status": job.status, "progress": job.progress,
            "message": job.message, "result": job.result, "error": job.error,
            "cancel_requested": job.cancel_requested, "created_at": job.created_at, "updated_at": job.updated_at}  # fmt: skip


def _update(job_id: str, **fields: Any) -> None:
    with session(write=True) as s:
        job = s.get(CustomTrainJob, job_id)
        if job is not None:
            for key, value in fields.items():
                setattr(job, key, value)
            job.updated_at = utc_now()


def get(job_id: str) -> dict[str, Any]:
    with session() as s:
        job = s.get(CustomTrainJob, job_id)
        if job is None or job.tenant != current_tenant():  # another tenant's job does not exist for this one
            raise NotFound(f"There is no training job '{job_id[:40]}'.")
        return view(job)


def cancel(job_id: str) -> dict[str, Any]:
    with session(write=True) as s:
        job = s.get(CustomTrainJob, job_id)
        if job is None or job.tenant != current_tenant():
            raise NotFound(f"There is no training job '{job_id[:40]}'.")
        if job.status in ("queued", "running"):
            job.cancel_requested, job.updated_at = True, utc_now()
        return view(job)


def start(name: str, kind: str, train: Train, actor: str) -> dict[str, Any]:
    """Record a job and run ``train`` in a background thread once a training slot is free; returns the job as
    stored. Refused with TrainingQueueFull (429) when every slot is busy and the queue is full."""
    job_id, now = uuid.uuid4().hex, utc_now()
    slots, queue = limits()
    with _slots:
        if _running + len(_waiting) >= slots + queue:
            raise TrainingQueueFull(f"The server is already training {_running} models and has {len(_waiting)} "
                                    f"waiting, the most it takes ({slots} at once, {queue} queued).",
                                    retry_after=RETRY_AFTER)  # fmt: skip
        busy = _running + len(_waiting) >= slots
        _waiting.append(job_id)
    message = f"queued: waiting for one of the {slots} training slots" if busy else "queued"
    try:
        with session(write=True) as s:
            s.add(CustomTrainJob(id=job_id, name=name, kind=kind, status="queued", progress=0.0, message=message,
                                 cancel_requested=False, created_at=now, updated_at=now, created_by=actor,
                                 tenant=current_tenant()))  # fmt: skip
        # a new thread starts with a fresh context: it registers the model for the tenant that asked for it
        scoped = partial(contextvars.copy_context().run, _queued, job_id, train)
        threading.Thread(target=scoped, name=f"train-{job_id[:8]}", daemon=True).start()
    except BaseException:
        _leave_queue(job_id)
        raise
    return get(job_id)


def _leave_queue(job_id: str) -> None:
    with _slots:
        if job_id in _waiting:
            _waiting.remove(job_id)
            _slots.notify_all()


def _take_slot(job_id: str) -> bool:
    """Wait until this job is the oldest queued one and a slot is free (True), or it was cancelled (False)."""
    global _running
    while True:
        with _slots:
            if _waiting and _waiting[0] == job_id and _running < limits()[0]:
                _waiting.popleft()
                _running += 1
                _slots.notify_all()  # the next in line may take another free slot
                return True
            _slots.wait(POLL_SECONDS)
        if _cancel_requested(job_id):
            _leave_queue(job_id)
            return False


def _free_slot() -> None:
    global _running
    with _slots:
        _running -= 1
        _slots.notify_all()


def _cancel_requested(job_id: str) -> bool:
    try:
        return bool(get(job_id)["cancel_requested"])
    except Exception:  # the store is busy for a moment: ask again at the next poll
        log.warning("could not read training job %s while it waits", job_id, exc_info=True)
        return False


def _queued(job_id: str, train: Train) -> None:
    try:
        if not _take_slot(job_id):
            cancelled = TrainingCancelled("Training was cancelled before it started; no version was registered.")
            _update(job_id, status="cancelled", message=cancelled.message, error=cancelled.to_dict())
            return
    except BaseException:
        _leave_queue(job_id)
        raise
    try:
        _run(job_id, train)
    finally:
        _free_slot()


def _run(job_id: str, train: Train) -> None:
    last = [0.0]

    def progress(fraction: float, message: str) -> None:
        now = time.monotonic()
        if now - last[0] >= POLL_SECONDS or fraction >= 1.0:
            last[0] = now
            _update(job_id, progress=round(fraction, 4), message=message)

    def cancelled() -> bool:
        return bool(get(job_id)["cancel_requested"])

    try:
        _update(job_id, status="running", message="started")
        version = train(progress=progress, cancelled=cancelled)
        _update(job_id, status="done", progress=1.0, message=f"registered {version.ref}", result=version.view())
    except TrainingCancelled as exc:
        _update(job_id, status="cancelled", message=exc.message, error=exc.to_dict())
    except NonlaError as exc:
        _update(job_id, status="failed", message=exc.message, error=exc.to_dict())
    except Exception as exc:  # a bug must end the job visibly, not leave it 'running' forever
        log.exception("training job %s failed", job_id)
        failed = FunctionFailed(f"Training failed ({type(exc).__name__}).")
        _update(job_id, status="failed", message=failed.message, error=failed.to_dict())


def wait(job_id: str, timeout: float = 120.0) -> dict[str, Any]:
    """Block until the job ends (tests, scripts); returns it."""
    deadline = time.monotonic() + timeout
    while True:
        job = get(job_id)
        if job["status"] in ("done", "failed", "cancelled") or time.monotonic() > deadline:
            return job
        time.sleep(0.1)

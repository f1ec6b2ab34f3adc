"""Training started over REST: a background thread per job, its progress and result in the store (so any process
can read the status), and cancellation by a flag the training checks between steps.
"""

from __future__ import annotations

import contextvars
import logging
import threading
import time
import uuid
from collections.abc import Callable
from functools import partial
from typing import Any

from nonla.core.context import current_tenant
from nonla.core.errors import FunctionFailed, NonlaError, NotFound
from nonla.core.events import utc_now
from nonla.custom.errors import TrainingCancelled
from nonla.store.db import session
from nonla.store.schema_custom import CustomTrainJob

log = logging.getLogger("nonla.custom.jobs")
POLL_SECONDS = 0.5
Train = Callable[..., Any]  # train(progress=..., cancelled=...) -> Version


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
    """Record a job and run ``train`` in a background thread; returns the job as stored."""
    job_id, now = uuid.uuid4().hex, utc_now()
    with session(write=True) as s:
        s.add(CustomTrainJob(id=job_id, name=name, kind=kind, status="queued", progress=0.0, message="queued",
                             cancel_requested=False, created_at=now, updated_at=now, created_by=actor,
                             tenant=current_tenant()))  # fmt: skip
    # a new thread starts with a fresh context: it registers the model for the tenant that asked for it
    scoped = partial(contextvars.copy_context().run, _run)
    threading.Thread(target=scoped, args=(job_id, train), name=f"train-{job_id[:8]}", daemon=True).start()
    return get(job_id)


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
        _update(job_id, status="running")
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

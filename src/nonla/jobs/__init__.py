"""Batch work: jobs that run a function or pipeline over a file or a collection, checkpointed chunk by chunk, on
this process, a pool of local processes or a Dask cluster.

>>> import json, os, tempfile
>>> folder = tempfile.mkdtemp()
>>> with open(os.path.join(folder, "in.jsonl"), "w") as f:
...     _ = f.write(json.dumps({"text": "xin chào"}) + "\\n")
>>> job = submit("vi.words", os.path.join(folder, "in.jsonl"), os.path.join(folder, "out.jsonl"), workers=1)
>>> (job["status"], job["done"], job["total"])
('done', 1, 1)
>>> [json.loads(line)["output"]["words"] for line in Path(folder, "out.jsonl").read_text().splitlines()]
[['xin', 'chào']]
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

__all__ = ["submit", "run", "status", "list_jobs", "cancel", "resume"]


def submit(function: str, input: str | Path, output: str | Path | None = None, *, wait: bool = True,
           **options: Any) -> dict[str, Any]:  # fmt: skip
    """Create a job and run it: to the end when ``wait`` (the default), else in a background thread of this process.

    Options: input_format, output_format, executor ("local" | "dask"), scheduler, workers, chunk_size, overwrite,
    tenant, actor, subject_id. Returns the job's status (see ``status``).
    """
    from nonla.jobs import service

    job = service.submit(function, input, output, **options)
    return run(job["id"], wait=wait)


def run(job_id: str, *, wait: bool = True) -> dict[str, Any]:
    """Run a queued job from its checkpoint (``resume`` queues a stopped one)."""
    from nonla.jobs import engine, service

    if wait:
        return engine.execute(job_id)
    threading.Thread(target=engine.execute, args=(job_id,), name=f"job-{job_id[:8]}", daemon=True).start()
    return service.status(job_id)


def status(job_id: str) -> dict[str, Any]:
    """done/total, percent, rate (items/s), eta_seconds, and status: queued, running, interrupted, done, failed,
    cancelled."""
    from nonla.jobs import service

    return service.status(job_id)


def list_jobs(limit: int = 50) -> list[dict[str, Any]]:
    from nonla.jobs import service

    return service.list_jobs(limit=limit)


def cancel(job_id: str) -> dict[str, Any]:
    from nonla.jobs import service

    return service.cancel(job_id)


def resume(job_id: str, *, wait: bool = True) -> dict[str, Any]:
    """Go on with a cancelled, failed or interrupted job from its last checkpoint."""
    from nonla.jobs import service

    service.resume(job_id)
    return run(job_id, wait=wait)

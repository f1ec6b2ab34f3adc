"""/v1/jobs: batch jobs run by the server's job worker, checkpointed, resumed when the server restarts.

- submit, cancel, resume: ``jobs.run``, with a key whose function scopes allow the job's function;
- status, list, results: ``jobs.read``. Everything is scoped to the key's tenant.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.concurrency import run_in_threadpool

from nonla.api.auth import require
from nonla.core.errors import Conflict, InvalidInput
from nonla.governance.keys import Principal
from nonla.governance.review import check_subject
from nonla.jobs import service

router = APIRouter(prefix="/v1/jobs", tags=["jobs"])
MAX_ITEMS = 100_000
MEDIA = {"jsonl": "application/x-ndjson", "csv": "text/csv", "parquet": "application/vnd.apache.parquet"}


class JobIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    function: str = Field(min_length=3, max_length=200, description="A function or pipeline: vi.words, pipeline.NAME.")
    items: list[dict[str, Any]] | None = Field(None, max_length=MAX_ITEMS, description="The inputs, one object each.")
    collection: str | None = Field(None, max_length=100, description="Or: every part of this collection ({text}).")
    output_format: Literal["jsonl", "csv", "parquet"] = "jsonl"
    executor: Literal["local", "dask"] = "local"
    scheduler: str | None = Field(None, max_length=300, description="Dask scheduler address (executor dask).")
    workers: int = Field(1, ge=0, le=256, description="1: the server's own thread; 0: one process per core.")
    chunk_size: int = Field(256, ge=1, le=service.MAX_CHUNK)

    @model_validator(mode="after")
    def one_input(self) -> JobIn:
        if (self.items is None) == (self.collection is None):
            raise ValueError("send either 'items' or 'collection'")
        return self


def public(job: dict[str, Any]) -> dict[str, Any]:
    """The status without the server's file paths."""
    body = {k: v for k, v in job.items() if k not in ("input", "output")}
    body["input"] = {"format": job["input"]["format"]}
    body["output"] = {"format": job["output"]["format"]}
    if job["input"]["format"] == "collection":
        body["input"]["collection"] = job["input"]["ref"]
    return body


def _worker(request: Request) -> Any:
    worker = getattr(request.app.state, "jobs", None)
    if worker is None:
        raise Conflict("This server runs no job worker.", hint="Start the server with `nonla serve`.")
    return worker


@router.post("", status_code=202)
async def submit(body: JobIn, request: Request, who: Principal = Depends(require("jobs.run"))) -> dict[str, Any]:
    """Queue a job over the given items or a collection's parts; poll GET /v1/jobs/{id}, then download /results.
    An X-Subject-Id header tags the job (its results hold that person's data) for export and erasure."""
    from nonla.sources import catalog

    who.require_function(catalog().resolve(body.function).name)
    worker = _worker(request)
    if body.items is not None:
        if not body.items:
            raise InvalidInput("'items' is empty.", hint='Send {"function": ..., "items": [{...}, ...]}.')
        source: str = str(service.jobs_dir() / "uploads" / f"{uuid.uuid4().hex}.jsonl")
        Path(source).parent.mkdir(parents=True, exist_ok=True)
        Path(source).write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in body.items),
                                encoding="utf-8")  # fmt: skip
        kind = "jsonl"
    else:
        source, kind = str(body.collection), "collection"
    job = await run_in_threadpool(
        service.submit, body.function, source, None, input_format=kind, output_format=body.output_format,
        executor=body.executor, scheduler=body.scheduler, workers=body.workers or None, chunk_size=body.chunk_size,
        tenant=who.tenant, actor=who.actor, subject_id=check_subject(request.headers.get("x-subject-id")),
    )  # fmt: skip
    worker.put(job["id"])
    return public(job)


@router.get("")
def list_jobs(
    status: str | None = Query(None, max_length=16), limit: int = Query(50, ge=1, le=500),
    who: Principal = Depends(require("jobs.read")),
) -> dict[str, Any]:  # fmt: skip
    return {"jobs": [public(job) for job in service.list_jobs(who.tenant, limit=limit, state=status)]}


@router.get("/{job_id}")
def get_job(job_id: str, who: Principal = Depends(require("jobs.read"))) -> dict[str, Any]:
    """done/total, percent, rate (items/s), eta_seconds; status queued, running, done, failed or cancelled."""
    return public(service.status(job_id, who.tenant))


@router.post("/{job_id}/cancel")
def cancel(job_id: str, who: Principal = Depends(require("jobs.run"))) -> dict[str, Any]:
    return public(service.cancel(job_id, who.tenant, actor=who.actor))


@router.post("/{job_id}/resume", status_code=202)
def resume(job_id: str, request: Request, who: Principal = Depends(require("jobs.run"))) -> dict[str, Any]:
    worker = _worker(request)
    job = service.resume(job_id, who.tenant, actor=who.actor)
    worker.put(job_id)
    return public(job)


@router.get("/{job_id}/results")
def results(job_id: str, who: Principal = Depends(require("jobs.read"))) -> FileResponse:
    """The results file (one row per item, in input order), once the job is done."""
    job = service.status(job_id, who.tenant)
    if job["status"] != "done":
        raise Conflict(f"Job {job_id} is {job['status']}; its results are ready when it is done.",
                       hint=f"Poll GET /v1/jobs/{job_id} until status is done.")  # fmt: skip
    fmt = job["output"]["format"]
    return FileResponse(job["output"]["path"], media_type=MEDIA[fmt], filename=f"{job_id}.{fmt}")

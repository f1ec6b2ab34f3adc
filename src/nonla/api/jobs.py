"""/v1/jobs: batch jobs run by the server's job worker, checkpointed, resumed when the server restarts.

- submit, cancel, resume: ``jobs.run``, with a key whose function scopes allow the job's function;
- status, list, results: ``jobs.read``. Everything is scoped to the key's tenant, and a key limited to some
  functions sees only their jobs; a key whose role lacks ``pii.reveal`` reads privacy.pii's results with the
  reversible mapping another key asked for left empty (nonla.governance.revealed);
- worker processes are capped at the server's cores; Dask schedulers are those NONLA_DASK_SCHEDULERS lists.

``POST /v1/jobs`` takes JSON (inline items or a collection); ``POST /v1/jobs/files`` takes a multipart upload of a
JSONL, CSV or Parquet file, streamed to the server's job folder and run like any other job.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.concurrency import run_in_threadpool

from nonla.api.auth import require
from nonla.api.tenancy import tenant_scoped
from nonla.core.errors import Conflict, Forbidden, InvalidEncoding, InvalidInput, NotFound
from nonla.governance.keys import Principal
from nonla.governance.revealed import hidden_field, withheld
from nonla.governance.review import check_subject
from nonla.jobs import formats, service

router = APIRouter(prefix="/v1/jobs", tags=["jobs"], dependencies=[Depends(tenant_scoped)])
MAX_ITEMS = 100_000
MAX_UPLOAD_BYTES = int(os.environ.get("NONLA_MAX_UPLOAD_BYTES", 1 << 30))  # 1 GiB unless the server says otherwise
UPLOAD_FORMATS = ("jsonl", "csv", "parquet")
STATES = ("queued", "running", "interrupted", "done", "failed", "cancelled")
MEDIA = {"jsonl": "application/x-ndjson", "csv": "text/csv", "parquet": "application/vnd.apache.parquet"}


class UploadTooLarge(InvalidInput):
    code = "upload_too_large"
    http_status = 413
    default_hint = "Split the file, or ask the operator to raise NONLA_MAX_UPLOAD_BYTES."


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


def visible(job: dict[str, Any], who: Principal) -> bool:
    """A key limited to some functions sees only the jobs of those: another job's results are its function's
    output (a privacy.pii job's are names and phone numbers), and a pipeline's are its steps' output."""
    return who.may_run(str(job["function"]))


def _visible_job(job_id: str, who: Principal) -> dict[str, Any]:
    job = service.status(job_id, who.tenant)
    if not visible(job, who):
        raise NotFound(f"There is no job with id '{job_id}'.")
    return job


def _checked_executor(body: JobIn) -> None:
    """Worker processes and Dask schedulers are the server's resources: at most one process per core, and only
    the schedulers its operator lists in NONLA_DASK_SCHEDULERS (a caller's address would make the server dial out)."""
    cores = os.cpu_count() or 1
    if body.workers > cores:
        raise InvalidInput(f"This server runs at most {cores} worker processes.", hint="Send 'workers' of 0 to "
                           f"{cores} (0: one per core).")  # fmt: skip
    allowed = [a.strip() for a in os.environ.get("NONLA_DASK_SCHEDULERS", "").split(",") if a.strip()]
    if body.scheduler is not None and body.scheduler not in allowed:
        raise Forbidden(f"The scheduler '{body.scheduler}' is not one this server may use.",
                        hint="Leave 'scheduler' out for a local cluster, or ask the operator to list it in "
                             "NONLA_DASK_SCHEDULERS.")  # fmt: skip


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
    _checked_executor(body)
    worker = _worker(request)
    subject = check_subject(request.headers.get("x-subject-id"))  # checked before anything is written
    if body.items is None:
        source, kind, upload = str(body.collection), "collection", None
    elif not body.items:
        raise InvalidInput("'items' is empty.", hint='Send {"function": ..., "items": [{...}, ...]}.')
    else:
        upload = service.jobs_dir() / "uploads" / f"{uuid.uuid4().hex}.jsonl"
        source, kind = str(upload), "jsonl"
    try:
        if upload is not None:
            upload.parent.mkdir(parents=True, exist_ok=True)
            lines = "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in body.items or [])
            await run_in_threadpool(upload.write_text, lines, encoding="utf-8")
        job = await run_in_threadpool(
            service.submit, body.function, source, None, input_format=kind, output_format=body.output_format,
            executor=body.executor, scheduler=body.scheduler, workers=body.workers or None,
            chunk_size=body.chunk_size, tenant=who.tenant, actor=who.actor, subject_id=subject,
        )  # fmt: skip
    except BaseException:
        if upload is not None:
            upload.unlink(missing_ok=True)  # a refused job stores nothing of the items it was sent
        raise
    worker.put(job["id"])
    return public(job)


@router.get("")
def list_jobs(
    status: str | None = Query(None, max_length=16), limit: int = Query(50, ge=1, le=500),
    who: Principal = Depends(require("jobs.read")),
) -> dict[str, Any]:  # fmt: skip
    if status is not None and status not in STATES:
        raise InvalidInput(f"Unknown job status '{status}'.", hint=f"Use one of: {', '.join(STATES)}.")
    jobs = service.list_jobs(who.tenant, limit=limit, state=status)
    return {"jobs": [public(job) for job in jobs if visible(job, who)]}


@router.get("/{job_id}")
def get_job(job_id: str, who: Principal = Depends(require("jobs.read"))) -> dict[str, Any]:
    """done/total, percent, rate (items/s), eta_seconds; status queued, running, done, failed or cancelled."""
    return public(_visible_job(job_id, who))


@router.post("/{job_id}/cancel")
def cancel(job_id: str, who: Principal = Depends(require("jobs.run"))) -> dict[str, Any]:
    _visible_job(job_id, who)
    return public(service.cancel(job_id, who.tenant, actor=who.actor))


@router.post("/{job_id}/resume", status_code=202)
def resume(job_id: str, request: Request, who: Principal = Depends(require("jobs.run"))) -> dict[str, Any]:
    worker = _worker(request)
    _visible_job(job_id, who)
    job = service.resume(job_id, who.tenant, actor=who.actor)
    worker.put(job_id)
    return public(job)


# the results file as written, in the job's format: not JSON, so not described as JSON
RESULTS_CONTENT = {media: {"schema": {"type": "string", "format": "binary"}} for media in MEDIA.values()}


@router.get("/{job_id}/results", response_class=Response,
            responses={200: {"description": "The results file", "content": RESULTS_CONTENT}})  # fmt: skip
def results(job_id: str, who: Principal = Depends(require("jobs.read"))) -> Response:
    """The results file (one row per item, in input order), once the job is done; a key that may not see the
    personal data a function removed gets every row with the field that holds it empty."""
    job = _visible_job(job_id, who)
    if job["status"] != "done":
        raise Conflict(f"Job {job_id} is {job['status']}; its results are ready when it is done.",
                       hint=f"Poll GET /v1/jobs/{job_id} until status is done.")  # fmt: skip
    fmt, path, name = job["output"]["format"], job["output"]["path"], f"{job_id}.{job['output']['format']}"
    field = hidden_field(who.role, str(job["function"]))
    if field is None:
        return FileResponse(path, media_type=MEDIA[fmt], filename=name)
    return StreamingResponse(ROWS_WITHHELD[fmt](path, field), media_type=MEDIA[fmt],
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip


def _jsonl_withheld(path: str, field: str) -> Iterator[bytes]:
    """The rows with the field of each output emptied (error rows and held rows have none)."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            row = json.loads(line)
            if isinstance(row.get("output"), dict):
                row["output"] = withheld(row["output"], field)
            yield (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")


def _csv_withheld(path: str, field: str) -> Iterator[bytes]:
    """The rows with the field's column emptied below the header (which names one column per output field)."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        header = next(rows, None)
        if header is None:
            return
        emptied = header.index(field) if field in header else len(header)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")  # as the job wrote it (nonla.jobs.formats)
        writer.writerow(header)
        for row in rows:
            if emptied < len(row):
                row[emptied] = ""  # what a row of a call that did not ask for the field holds
            writer.writerow(row)
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()


def _parquet_withheld(path: str, field: str) -> Iterator[bytes]:
    """The file written again with the field of each row's output (a JSON text) emptied: a Parquet file is read
    from its end, so it is spooled to an unnamed temporary file, which leaves nothing behind, and then sent."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    source = pq.ParquetFile(path)
    column = source.schema_arrow.get_field_index("output")
    with tempfile.TemporaryFile() as spool:
        with pq.ParquetWriter(spool, source.schema_arrow) as writer:
            for batch in source.iter_batches(batch_size=1024):
                outputs = [None if text is None else json.dumps(withheld(json.loads(text), field), ensure_ascii=False)
                           for text in batch.column(column).to_pylist()]  # fmt: skip
                writer.write_batch(batch.set_column(column, "output", pa.array(outputs, pa.string())))
        spool.seek(0)
        while chunk := spool.read(1 << 20):
            yield chunk


ROWS_WITHHELD = {"jsonl": _jsonl_withheld, "csv": _csv_withheld, "parquet": _parquet_withheld}


def _upload_format(filename: str, named: str | None) -> str:
    if named is not None:
        if named.lower() not in UPLOAD_FORMATS:
            raise InvalidInput(f"Unknown input format '{named}'.", hint=f"Use one of: {', '.join(UPLOAD_FORMATS)}.")
        return named.lower()
    try:
        return formats.kind_of(filename)
    except InvalidInput:
        raise InvalidInput(
            f"Cannot tell the format of '{filename}' from its name.",
            hint="Name the file .jsonl, .csv or .parquet, or send the form field 'format'.",
        ) from None


def _save_upload(upload: UploadFile, target: Path, limit: int) -> None:
    """Copy the upload in chunks, stopping as soon as it passes the limit (so a huge file never fills the disk)."""
    written = 0
    with open(target, "wb") as out:
        while chunk := upload.file.read(1 << 20):
            written += len(chunk)
            if written > limit:
                raise UploadTooLarge(f"The file is larger than the limit of {limit:,} bytes.")
            out.write(chunk)
    if written == 0:
        raise InvalidInput("The uploaded file is empty.", hint="Send a file with one item per line or row.")


def _submit_file(function: str, source: Path, kind: str, **options: Any) -> dict[str, Any]:
    """service.submit, with a file that cannot be read as its format answered as the caller's error."""
    try:
        return service.submit(function, source, None, input_format=kind, **options)
    except UnicodeDecodeError as exc:
        raise InvalidEncoding(f"The {kind.upper()} file is not UTF-8 (byte {exc.start}).",
                              hint="Save the file as UTF-8 and send it again.") from None  # fmt: skip
    except (csv.Error, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        if isinstance(exc, ValueError) and kind != "parquet":
            raise
        reason = str(exc).replace(str(source), "the file")  # the server's paths stay on the server
        raise InvalidInput(f"The file cannot be read as {kind.upper()}: {reason}",
                           hint="Check that the file's content matches its format.") from None  # fmt: skip


@router.post("/files", status_code=202)
async def submit_file(
    request: Request,
    file: UploadFile | None = File(None, description="The inputs: a .jsonl, .csv or .parquet file."),
    function: str = Form(..., min_length=3, max_length=200, description="A function or pipeline name."),
    input_format: str | None = Form(None, alias="format", max_length=16, description="jsonl, csv or parquet."),
    output_format: Literal["jsonl", "csv", "parquet"] = Form("jsonl"),
    chunk_size: int = Form(256, ge=1, le=service.MAX_CHUNK),
    who: Principal = Depends(require("jobs.run")),
) -> dict[str, Any]:
    """Queue a job over an uploaded file (CSV: one column per input field); poll and download as for POST /v1/jobs."""
    from nonla.sources import catalog

    who.require_function(catalog().resolve(function).name)
    worker = _worker(request)
    if file is None or not file.filename:
        raise InvalidInput("No file was sent.", hint="Send the inputs as the multipart form field 'file'.")
    kind = _upload_format(Path(file.filename).name, input_format)
    subject = check_subject(request.headers.get("x-subject-id"))  # checked before anything is written
    folder = service.jobs_dir() / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / f"{uuid.uuid4().hex}.{kind}"
    try:
        await run_in_threadpool(_save_upload, file, source, MAX_UPLOAD_BYTES)
        job = await run_in_threadpool(
            _submit_file, function, source, kind, output_format=output_format, chunk_size=chunk_size, workers=1,
            tenant=who.tenant, actor=who.actor, subject_id=subject,
        )  # fmt: skip
    except BaseException:
        source.unlink(missing_ok=True)  # a rejected upload leaves nothing behind
        raise
    worker.put(job["id"])
    return public(job)

"""The unit of work every executor runs: one chunk of items through ``nonla.local.runner()``, results as plain rows.

Rows, not pydantic objects, cross process and machine boundaries: a pipeline's Output class is built at run time
and cannot be pickled by reference, and JSON-shaped rows are what the job writes anyway. The runner is the
process's own (cached per process, models cached in it), so a Dask or pool worker loads each model once and
resolves custom models and pipelines from the store like any other surface.

>>> run_chunk("vi.words", [{"text": "xin chào"}, {"text": " "}])[0]["output"]["words"]
['xin', 'chào']
>>> run_chunk("vi.words", [{"text": "xin chào"}, {"text": " "}])[1]["error"]["code"]
'empty_text'
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Sequence
from typing import Any

from nonla.core.errors import Forbidden, NonlaError
from nonla.core.runner import Result, Runner
from nonla.governance import revealing
from nonla.governance.held import held_items
from nonla.governance.review import for_job

Row = dict[str, Any]


class ChunkRows(list[Row]):
    """A chunk's rows, with the ids of the review items running it queued: a chunk that ran but was never committed
    (its job stopped with chunks in flight) runs again on resume, so an executor withdraws these first."""

    def __init__(self, rows: Sequence[Row] = (), review_ids: Sequence[int] = ()) -> None:
        super().__init__(rows)
        self.review_ids = list(review_ids)


def error_body(error: NonlaError) -> dict[str, Any]:
    """An error as a result row holds it: the body a REST batch row has (code, message, hint, details), less the
    item's position in its chunk, which is not its place in the job (the row's own ``index`` is).

    >>> from nonla.core.errors import EmptyText
    >>> error_body(EmptyText("text", index=3))
    {'code': 'empty_text', 'message': "Field 'text' is empty.", 'hint': 'Send some text: the field must contain at least one visible character.', 'details': {'field': 'text'}}
    """
    body = error.to_dict()
    details = {key: value for key, value in error.details.items() if key != "index"}
    body.pop("details", None)
    if details:
        body["details"] = details
    return body


def as_row(result: Result | NonlaError) -> Row:
    if isinstance(result, NonlaError):
        return {"error": error_body(result)}
    return {"output": result.model_dump(mode="json")}


_watching: list[int] = []


def _exit_with(parent: int) -> None:
    """End this worker when ``parent`` dies (kill -9 included): a pool worker left behind would only hold memory."""
    if _watching:
        return
    _watching.append(parent)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="nonla-parent-watch", daemon=True).start()


class JobErased(Exception):
    """The chunk's job has no record any more: its data subject was erased while it ran."""


def _stop_if_erased(job_id: str | None) -> None:
    """Raise JobErased when the chunk's job was erased: the review queue took none of its results after the
    erasure (nonla.governance.subject_jobs), and the rows go no further."""
    if job_id is None:
        return
    from nonla.governance.subject_jobs import job_erased

    if job_erased(job_id):
        raise JobErased(job_id)


def run_chunk(
    ref: str, items: Sequence[Any], actor: str = "local", tenant: str = "default", parent: int | None = None,
    subject_id: str | None = None, runner: Runner | None = None, job_id: str | None = None,
) -> ChunkRows:
    """Run ``ref`` over ``items`` in this process; one row per item, in order. A pool passes its ``parent`` pid; a
    job tagged with a data subject passes it, so what the review queue keeps of the chunk is tagged too. The
    server passes its own ``runner`` for jobs it runs in its process. A job passes its ``job_id``: a chunk whose job
    was erased meanwhile runs nothing, or queues none of its results, and raises JobErased."""
    if runner is None:
        from nonla.local import runner as local_runner

        runner = local_runner()
    if parent is not None:
        _exit_with(parent)

    if not items:  # a chunk whose every line was unreadable: nothing to run, nothing to audit
        return ChunkRows()
    _stop_if_erased(job_id)  # the subject's data is not processed after the erasure
    refused = revealing.refused_items(actor, ref, list(items))  # originals the submitting key may not see
    if refused:
        allowed = [item for i, item in enumerate(items) if i not in refused]
        inner = run_chunk(ref, allowed, actor, tenant, None, subject_id, runner, job_id) if allowed else ChunkRows()
        ran = iter(inner)
        error = error_body(Forbidden(f"This key's role may not ask for the originals back ({revealing.PERMISSION})."))
        rows = [{"error": error} if i in refused else next(ran) for i in range(len(items))]
        return ChunkRows(rows, inner.review_ids)
    with for_job(job_id):  # queued only while the job's record stands
        call = runner.call(ref, items, actor=actor, tenant=tenant, subject_id=subject_id)
    from nonla.monitoring.observe import monitor

    try:
        _stop_if_erased(job_id)  # its results were not queued if so: see nonla.governance.subject_jobs
    finally:  # the call ran either way
        monitor.flush()  # a pool worker is ended without running exit handlers: its figures are written per chunk
    held = held_items(call.review)  # a required review policy: the result file says so instead of the output
    rows = [{"held": held[i]} if i in held else as_row(result) for i, result in enumerate(call.results)]
    return ChunkRows(rows, [entry["id"] for entry in call.review])


def warm(ref: str) -> None:
    """Load ``ref``'s models in this process now (pool initialisers and Dask worker set-up call this)."""
    from nonla.local import runner

    runner().warm(ref)

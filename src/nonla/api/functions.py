"""/v1/functions: list, describe and call any catalogued function (one item or {"items": [...]})."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from nonla.api.auth import principal, require
from nonla.api.errors import error_response
from nonla.api.tenancy import tenant_scoped
from nonla.core.catalog import CatalogEntry
from nonla.core.errors import BatchTooLarge, InvalidEncoding, InvalidInput, InvalidJSON, NonlaError
from nonla.core.function import fields_marked
from nonla.core.runner import Runner
from nonla.core.strict_json import LoneSurrogate, loads
from nonla.governance import revealing
from nonla.governance.held import held_items
from nonla.governance.keys import Principal
from nonla.governance.review import check_subject

router = APIRouter(prefix="/v1/functions", tags=["functions"], dependencies=[Depends(tenant_scoped)])


def describe(entry: CatalogEntry, full: bool = False) -> dict[str, Any]:
    spec = entry.spec
    body: dict[str, Any] = {
        "name": entry.name,
        "version": entry.version,
        "ref": entry.ref,
        "source": entry.source,
        "summary": spec.card.summary,
        "risk": spec.card.risk.value,
        "metrics": spec.card.metrics,
    }
    if full:
        body["versions"] = entry_versions(entry)
        body["card"] = spec.card.model_dump(mode="json")
        body["input_schema"] = spec.input.model_json_schema()
        body["output_schema"] = spec.output.model_json_schema()
    return body


def entry_versions(entry: CatalogEntry) -> list[int]:
    from nonla.sources import catalog as surface_catalog

    return surface_catalog().versions(entry.name)


def _runner(request: Request) -> Runner:
    runner: Runner = request.app.state.runner
    return runner


@router.get("")
def list_functions(request: Request, _: Principal = Depends(require("functions.read"))) -> dict[str, Any]:
    """Every version of every function, as ``nonla.catalog()`` lists them: a caller pinning ``name@1`` sees it here."""
    catalog = _runner(request).catalog
    body: dict[str, Any] = {"functions": [describe(e) for e in catalog.entries()]}
    left_out = catalog.unavailable()  # plugins that could not be loaded: said here, not only in the server's log
    if left_out:
        body["unavailable"] = [{"entry_point": label, "reason": why} for label, why in sorted(left_out.items())]
    return body


@router.get("/{name}")
def get_function(name: str, request: Request, _: Principal = Depends(require("functions.read"))) -> dict[str, Any]:
    return describe(_runner(request).catalog.resolve(name), full=True)


def parse_body(raw: bytes) -> tuple[list[Any], bool]:
    """Return (items, is_batch). Strict UTF-8 and JSON: a bad body is the caller's error, never ours."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidEncoding(f"The request body is not valid UTF-8 (byte {exc.start}).") from None
    if not text.strip():
        raise InvalidJSON("The request body is empty.")
    try:
        body = loads(text)
    except LoneSurrogate as exc:
        raise InvalidEncoding(f"The request body has {exc.msg}.") from None
    except json.JSONDecodeError as exc:
        raise InvalidJSON(
            f"The request body is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})."
        ) from None
    if not isinstance(body, dict):
        raise InvalidJSON('The request body must be a JSON object: the function\'s input, or {"items": [...]}.')
    if "items" in body and len(body) == 1:
        if not isinstance(body["items"], list) or not body["items"]:
            raise InvalidInput("'items' must be a non-empty list of inputs.", hint='Send {"items": [{...}, {...}]}.')
        return body["items"], True
    return [body], False


MAX_BATCH_TEXT = 10_000_000  # characters of text in one batch over REST


def _text_characters(items: list[Any], media: set[str]) -> int:
    """The characters of every string the items hold, but for media fields (base64 photos, audio, PDFs).

    >>> _text_characters([{"text": "xin chào", "labels": ["a", "bc"]}, {"data": "QUJD" * 1000, "lang": "vi"}], {"data"})
    13
    """
    total, stack = 0, [value for item in items for key, value in (item.items() if isinstance(item, dict) else [])
                       if key not in media]  # fmt: skip
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            total += len(value)
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return total


def check_batch_text(entry: CatalogEntry, items: list[Any]) -> None:
    """A batch of several items over REST holds at most MAX_BATCH_TEXT characters of text.

    One text may be as long as a function takes, and media batches are bounded by the body limit, but a batch of
    texts is answered in one piece: vi.words held about 16 MB per 200,000-character text while it ran (80 such
    texts: 1.7 GB), so a thousand would need about 15 GB.
    Bigger work is a job, which runs and writes in chunks."""
    if len(items) < 2:
        return
    total = _text_characters(items, fields_marked(entry.spec.input, "contentEncoding", "base64"))
    if total > MAX_BATCH_TEXT:
        raise BatchTooLarge(f"A batch over REST may hold at most {MAX_BATCH_TEXT:,} characters of text; this one has "
                            f"{total:,} in {len(items):,} items.",
                            hint="Send fewer items per request, or submit the file as a batch job (POST /v1/jobs).")  # fmt: skip


@router.post("/{name}")
async def call_function(name: str, request: Request) -> JSONResponse:
    who = principal(request)
    runner = _runner(request)
    entry = runner.catalog.resolve(name)
    who.require_function(entry.ref)  # the version called: a pipeline's steps are that version's
    items, is_batch = parse_body(await request.body())
    check_batch_text(entry, items)
    revealing.check(who.role, entry.name, items)  # privacy.pii's reversible mapping: only roles that may see it
    subject = check_subject(request.headers.get("x-subject-id"))  # tags results queued for review
    result = await run_in_threadpool(runner.call, entry.ref, items, who.actor, tenant=who.tenant, subject_id=subject)
    head = {"function": result.entry.ref, "ai_generated": True, "latency_ms": round(result.latency_ms, 3)}
    if result.review:  # only when the agency's review policy queued something: other responses stay as they were
        head["review"] = list(result.review)
    held = held_items(result.review)  # a required policy: the reviewer sees the output first, not the caller
    if not is_batch:
        only = result.results[0]
        if isinstance(only, NonlaError):
            return JSONResponse({**head, "error": only.to_dict()}, status_code=only.http_status)
        if 0 in held:
            return JSONResponse({**head, "held": held[0]}, status_code=202)
        return JSONResponse({**head, "output": only.model_dump(mode="json")})
    rows = [
        {"error": r.to_dict()} if isinstance(r, NonlaError) else {"held": held[i]} if i in held
        else {"output": r.model_dump(mode="json")}
        for i, r in enumerate(result.results)
    ]  # fmt: skip
    return JSONResponse({**head, "items": rows})


__all__ = ["router", "error_response", "describe"]

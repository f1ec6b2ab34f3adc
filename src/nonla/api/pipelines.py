"""/v1/pipelines: stored pipelines (YAML), callable as pipeline.NAME through /v1/functions and in jobs.

Reading needs ``functions.read``; adding and deleting ``pipelines.manage`` (developer, admin), with a key whose
scopes allow every step's function.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from nonla.api.auth import require
from nonla.api.errors import STORE_INT_MAX
from nonla.api.tenancy import tenant_scoped
from nonla.core.errors import InvalidEncoding, InvalidInput
from nonla.governance.keys import Principal
from nonla.jobs import pipeline_store
from nonla.jobs.pipelines import MAX_SOURCE, parse

router = APIRouter(prefix="/v1/pipelines", tags=["pipelines"], dependencies=[Depends(tenant_scoped)])


_YAML_BODY = {"requestBody": {"required": True, "content": {"application/yaml": {"schema": {"type": "string"}}}}}


@router.post("", status_code=201, openapi_extra=_YAML_BODY)
async def add(
    request: Request, response: Response, who: Principal = Depends(require("pipelines.manage"))
) -> dict[str, Any]:
    """Check and store a pipeline sent as YAML (the body); 201 with its new version, or 200 when the same text is
    stored already."""
    raw = await request.body()
    if len(raw) > 4 * MAX_SOURCE:
        raise InvalidInput(f"The pipeline is longer than {MAX_SOURCE:,} characters.")
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidEncoding(f"The request body is not valid UTF-8 (byte {exc.start}).") from None
    definition = await run_in_threadpool(parse, source)
    for step in definition.steps:  # a key may not chain functions it may not call
        who.require_function(step.function.split("@", 1)[0])
    stored = await run_in_threadpool(pipeline_store.add, source, who.actor)
    if not stored["created"]:
        response.status_code = 200
    return stored


@router.get("")
def list_pipelines(_: Principal = Depends(require("functions.read"))) -> dict[str, Any]:
    return {"pipelines": pipeline_store.list_pipelines()}


@router.get("/{name}")
def show(name: str, version: int | None = Query(None, ge=1, le=STORE_INT_MAX),
         _: Principal = Depends(require("functions.read"))) -> dict[str, Any]:  # fmt: skip
    """The stored YAML and its version (call it with POST /v1/functions/pipeline.NAME)."""
    return pipeline_store.show(name, version)


@router.delete("/{name}")
def delete(name: str, who: Principal = Depends(require("pipelines.manage"))) -> dict[str, Any]:
    return pipeline_store.delete(name, actor=who.actor)

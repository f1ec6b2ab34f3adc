"""Routes that resolve tenant-owned names (custom models, pipelines, functions, jobs) run for the caller's tenant.

A router-level dependency: it authenticates once (the route's own ``require`` reuses the result) and sets
``nonla.core.context.current_tenant()`` for the rest of the request, so another tenant's model or pipeline is as
absent as one that was never stored.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from nonla.api.auth import principal
from nonla.core.context import tenant_scope


async def tenant_scoped(request: Request) -> AsyncIterator[None]:
    # async, so the value is set in the request's own context: the route's thread runs in a copy of it
    who = await run_in_threadpool(principal, request)
    with tenant_scope(who.tenant):
        yield

"""Refuse a request body past the server's limit before it is stored anywhere.

The routes' own limits (a file past MAX_FILE_BYTES, files together past NONLA_MAX_UPLOAD_BYTES) run only once the
framework has parsed the multipart form, and parsing spools every file part to a temporary file first: a 50 GB
upload filled the disk before it was refused. JSON bodies are read whole into memory (api.body_guard), so one
without an end would take the memory. This outermost layer counts the bytes as they arrive: a declared
Content-Length past the limit is answered 413 before a byte is read, and a body sent without one (chunked) is cut
off as soon as it passes the limit.

Limits, by route (never by the Content-Type the client chooses): the file uploads of collections and batch jobs
may reach NONLA_MAX_UPLOAD_BYTES (1 GiB) plus room for the part headers, a monitoring baseline and an agency's
training CSV 64 MiB; every other body (JSON, forms, media sent as base64) NONLA_MAX_BODY_BYTES (256 MiB), which
holds a batch of the largest media items a function takes; bigger work goes through a batch job's file upload.
The framework reads a file route's form before the route asks for the key, so those routes check the key and the
permission the route will ask for here first: a stranger's upload is answered 401, and one from a key whose role
may not use the route 403, before a byte of it is read.
"""

from __future__ import annotations

import os
import re
from typing import Any, Literal

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.requests import Request

from nonla.api.auth import bearer_key
from nonla.api.errors import console_page, error_response, is_console
from nonla.core.errors import Forbidden, InvalidInput, Unauthorized
from nonla.governance.keys import authenticate
from nonla.monitoring.baseline import MAX_BYTES as SMALL_FILE_BYTES  # a baseline's JSONL; a training CSV alike

MAX_BODY_BYTES = int(os.environ.get("NONLA_MAX_BODY_BYTES", 256 << 20))
MULTIPART_HEADERS_BYTES = 1 << 20  # the boundaries and headers of up to a thousand parts
Route = Literal["files", "small files", "other"]
# (path, its kind of limit, the permission its handler requires): kept beside the routes' own Depends(require(...))
UPLOAD_ROUTES: tuple[tuple[re.Pattern[str], Route, str], ...] = (
    (re.compile(r"/v1/collections/[^/]+/files"), "files", "collections.write"),
    (re.compile(r"/v1/jobs/files"), "files", "jobs.run"),
    (re.compile(r"/v1/monitoring/baselines/[^/]+"), "small files", "monitoring.admin"),
    (re.compile(r"/v1/civic/agencies/[^/]+/train"), "small files", "models.manage"),
)


class BodyTooLarge(InvalidInput):
    code = "request_too_large"
    http_status = 413
    default_hint = "Send less in one request, or ask the operator to raise the limit."


class BodyLimit:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers, (route, permission) = Headers(scope=scope), _route(scope)
        limit, hint = _limit(route)
        refusal = BodyTooLarge(f"The request body is larger than the limit of {limit:,} bytes.", limit=limit, hint=hint)
        if permission:
            # a file route's body is parsed (and spooled to disk) before its route asks for the key: ask first
            refused = await _refused(headers.get("authorization", ""), permission)
            if refused is not None:
                await error_response(refused)(scope, receive, send)
                return
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _refuse(refusal, scope, receive, send)
            return
        received, exceeded, started = 0, False, False

        async def counted() -> dict[str, Any]:
            nonlocal received, exceeded
            if exceeded:  # whoever asks again hears that the client is gone: nothing more is read
                return {"type": "http.disconnect"}
            message: dict[str, Any] = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise refusal
            return message

        async def answered(message: dict[str, Any]) -> None:
            nonlocal started
            if exceeded and not started:
                # the framework may turn the refusal into a 400 of its own ("error parsing the body"): say why
                started = True
                await _refuse(refusal, scope, receive, send)
                return
            if exceeded:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, answered)
        except Exception:
            if not exceeded:
                raise
            if not started:
                await _refuse(refusal, scope, receive, send)


async def _refused(header: str, permission: str) -> Unauthorized | Forbidden | None:
    """Why the route would refuse the request's key after reading the body (no valid key, or a role without the
    permission), or None. The route asks again, and counts the request against the key's quota then."""
    try:
        principal = await run_in_threadpool(authenticate, bearer_key(header))
        principal.require(permission)
    except (Unauthorized, Forbidden) as refused:
        return refused
    return None


async def _refuse(refusal: BodyTooLarge, scope: dict[str, Any], receive: Any, send: Any) -> None:
    """The API's JSON error, or the console's error page for a browser's form."""
    response: Any = console_page(Request(scope), refusal) if is_console(scope["path"]) else error_response(refusal)
    await response(scope, receive, send)


def _route(scope: dict[str, Any]) -> tuple[Route, str | None]:
    """The kind of limit of the request's route, and the permission to check before its body is read (None: the
    route reads no file, or is not one)."""
    path = str(scope.get("path", ""))
    if scope.get("method") == "POST":
        for pattern, route, permission in UPLOAD_ROUTES:
            if pattern.fullmatch(path):
                return route, permission
    return "other", None


def _limit(route: Route) -> tuple[int, str]:
    """(bytes, what to do when past them) for a body sent to this kind of route."""
    from nonla.api import jobs  # its limit is read per request, so a server (or a test) can set it once

    if route == "files":
        return (jobs.MAX_UPLOAD_BYTES + MULTIPART_HEADERS_BYTES,
                "Split the files over several requests, or ask the operator to raise NONLA_MAX_UPLOAD_BYTES.")
    if route == "small files":
        return SMALL_FILE_BYTES + MULTIPART_HEADERS_BYTES, "Send a smaller file (a sample of the data is enough)."
    return (MAX_BODY_BYTES, "Send fewer or smaller items per request (a batch job takes a file of any number of "
            "items: POST /v1/jobs/files), or ask the operator to raise NONLA_MAX_BODY_BYTES.")

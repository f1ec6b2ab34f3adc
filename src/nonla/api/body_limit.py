"""Refuse a request body past the server's limit before it is stored anywhere.

The routes' own limits (a file past MAX_FILE_BYTES, files together past NONLA_MAX_UPLOAD_BYTES) run only once the
framework has parsed the multipart form, and parsing spools every file part to a temporary file first: a 50 GB
upload filled the disk before it was refused. JSON bodies are read whole into memory (api.body_guard), so one
without an end would take the memory. This outermost layer counts the bytes as they arrive: a declared
Content-Length past the limit is answered 413 before a byte is read, and a body sent without one (chunked) is cut
off as soon as it passes the limit.

Limits: a multipart upload may be as large as NONLA_MAX_UPLOAD_BYTES (1 GiB) plus room for its part headers; any
other body NONLA_MAX_BODY_BYTES (256 MiB).
"""

from __future__ import annotations

import os
from typing import Any

from nonla.api.errors import error_response
from nonla.core.errors import InvalidInput

MAX_BODY_BYTES = int(os.environ.get("NONLA_MAX_BODY_BYTES", 256 << 20))
MULTIPART_HEADERS_BYTES = 1 << 20  # the boundaries and headers of up to a thousand parts


class BodyTooLarge(InvalidInput):
    code = "request_too_large"
    http_status = 413
    default_hint = "Send less in one request (split the files or the items), or ask the operator to raise the limit."


class BodyLimit:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, setting = _limit(scope)
        refusal = BodyTooLarge(f"The request body is larger than the limit of {limit:,} bytes.", limit=limit,
                               hint=f"Send less in one request, or ask the operator to raise {setting}.")  # fmt: skip
        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await error_response(refusal)(scope, receive, send)
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
                await error_response(refusal)(scope, receive, send)
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
                await error_response(refusal)(scope, receive, send)


def _limit(scope: dict[str, Any]) -> tuple[int, str]:
    """(bytes, the setting that raises it) for this request's body."""
    from nonla.api import jobs  # its limit is read per request, so a server (or a test) can set it once

    kind = (_header(scope, b"content-type") or "").split(";")[0].strip().lower()
    if kind == "multipart/form-data":
        return jobs.MAX_UPLOAD_BYTES + MULTIPART_HEADERS_BYTES, "NONLA_MAX_UPLOAD_BYTES"
    return MAX_BODY_BYTES, "NONLA_MAX_BODY_BYTES"


def _header(scope: dict[str, Any], name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return bytes(value).decode("latin-1")
    return None

"""Refuse, before any route reads it, a JSON body that parses but cannot be stored or answered (core.strict_json).

FastAPI reads JSON bodies with json.loads: a lone surrogate escape passed validation and was stored, then broke
every later read of that row with a 500 (a key's scopes, a review correction, a document's metadata), and deep
nesting or a 5,000-digit number broke the parse itself; json.loads also reads surrogates encoded in the bytes
(ED A0 80) as text, so a body that is not strict UTF-8 is refused here too. Bodies of other types pass through
untouched. A body declared JSON that does not parse is refused here as well, as the function routes refuse it
(400 invalid_json, with where it broke): FastAPI's own answer was a 422 that read like a schema mismatch.

Text with a NUL character (U+0000) is refused too, except as a function's input, which is read and not kept:
PostgreSQL's text columns cannot hold it, so a key's name or a message with one was stored on SQLite and refused
on PostgreSQL; now both refuse it the same way.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.concurrency import run_in_threadpool

from nonla.api.errors import error_response
from nonla.core.errors import InvalidEncoding, InvalidInput, InvalidJSON
from nonla.core.strict_json import LoneSurrogate, UnusableJSON, has_nul, loads

IN_THREAD_FROM = 256 * 1024  # bytes; json parses about 200 MB/s here, so a smaller body costs the loop ~1 ms


class JsonBodyGuard:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not _json_content(scope):
            await self.app(scope, receive, send)
            return
        chunks, message = [], {"more_body": True}
        while message.get("more_body", False):
            message = await receive()
            if message["type"] != "http.request":  # the client went away: let the app see it
                await self.app(scope, _replay([message], receive), send)
                return
            chunks.append(message.get("body", b""))
        body = b"".join(chunks)
        try:
            value = None
            if len(body) > IN_THREAD_FROM:  # a bulk upload: parse it beside the event loop, not on it
                value = await run_in_threadpool(loads, body)
            elif body.strip():
                value = loads(body)
            if b"\\u0000" in body and _stores_text(scope) and has_nul(value):
                refusal = InvalidInput("Text in the request holds the NUL character (U+0000), which cannot be stored.",
                                       hint="Remove NUL characters from the values sent.")  # fmt: skip
                await error_response(refusal)(scope, receive, send)
                return
        except UnicodeDecodeError as exc:  # json.loads would read encoded surrogates in it as text
            refusal = InvalidEncoding(f"The request body is not valid UTF-8 (byte {exc.start}).")
            await error_response(refusal)(scope, receive, send)
            return
        except UnusableJSON as exc:
            kind = InvalidEncoding if isinstance(exc, LoneSurrogate) else InvalidJSON
            await error_response(kind(f"The request body has {exc.msg}."))(scope, receive, send)
            return
        except json.JSONDecodeError as exc:
            await error_response(_not_json(exc))(scope, receive, send)
            return
        await self.app(scope, _replay([{"type": "http.request", "body": body, "more_body": False}], receive), send)


def _not_json(exc: json.JSONDecodeError) -> InvalidJSON:
    return InvalidJSON(f"The request body is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}).",
                       hint="Send JSON that parses, with Content-Type: application/json; /docs shows each route's "
                       "body.")  # fmt: skip


def refuse_nul(value: str, field: str) -> str:
    """The value of an id read from a path or query, refused when it holds NUL (U+0000): no stored text can hold
    one (see above), so the lookup is refused before it reaches the store, alike on SQLite and PostgreSQL."""
    if "\x00" in value:
        raise InvalidInput(f"{field} holds the NUL character (U+0000), which no stored id can hold.", field=field,
                           hint="Remove NUL characters from the id.")  # fmt: skip
    return value


def _stores_text(scope: dict[str, Any]) -> bool:
    """Every JSON route but a function call's and a batch job's, whose inputs are read, not kept as text."""
    path = str(scope.get("path", ""))
    return not path.startswith(("/v1/functions/", "/v1/jobs"))


def _json_content(scope: dict[str, Any]) -> bool:
    for name, value in scope.get("headers", []):
        if name == b"content-type":
            kind: bytes = value.split(b";")[0].strip().lower()
            return kind == b"application/json" or kind.endswith(b"+json")
    return False


def _replay(messages: list[dict[str, Any]], receive: Any) -> Any:
    pending = list(messages)

    async def replay() -> dict[str, Any]:
        return pending.pop(0) if pending else await receive()

    return replay

"""Map every failure to one JSON shape, {"error": {code, message, hint}}, and the right status. Never a traceback."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DatabaseError, DataError, IntegrityError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException
from starlette.routing import Match

from nonla.core.errors import FunctionFailed, InvalidInput, NonlaError, StoreUnavailable
from nonla.store import db_errors

log = logging.getLogger("nonla.api")

_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: "too_large", 415: "unsupported_media_type"}


STORE_GONE = StoreUnavailable("The store is not available right now.",
                               hint="Try again shortly; if it keeps failing, tell your administrator (the server's "
                               "log names the cause).")  # fmt: skip
STORE_INT_MAX = 2**63 - 1  # the store's integers: a query parameter past them is refused as invalid, not looked up
# a store that went away is usually back within seconds (a restart, a lock released): say when to try again
STORE_RETRY_AFTER = "5"
OUT_OF_RANGE = InvalidInput("A date or number in the request is out of range.",
                            hint="Send dates between years 1 and 9999 and numbers that fit in 64 bits.")  # fmt: skip


def public(err: NonlaError) -> NonlaError:
    """The error as the caller sees it: a store failure's message names the store's file or host, so that goes to
    the log and the caller gets STORE_GONE."""
    if isinstance(err, StoreUnavailable) and err is not STORE_GONE:
        log.error("store unavailable: %s", err.message)
        return STORE_GONE
    return err


def error_response(err: NonlaError, headers: dict[str, str] | None = None) -> JSONResponse:
    if err.http_status == 401:
        headers = {**(headers or {}), "WWW-Authenticate": "Bearer"}
    headers = {**(headers or {}), **getattr(err, "headers", {})}  # e.g. Retry-After of a 429
    if isinstance(err, StoreUnavailable):
        headers["Retry-After"] = STORE_RETRY_AFTER
    # a message may quote the caller's input: a lone surrogate in it must not turn a 4xx into a failed response
    body = {k: v.encode("utf-8", "backslashreplace").decode("utf-8") if isinstance(v, str) else v
            for k, v in err.to_dict().items()}  # fmt: skip
    return JSONResponse({"error": body}, status_code=err.http_status, headers=headers)


class _ConsoleHttpError(NonlaError):
    """A routing refusal (no such page, a method the page does not take) as the console's error page shows it."""

    default_hint = "Open the page from the console's menu."

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.http_status, self.code = status, code


def is_console(path: str) -> bool:
    """Whether a browser asked for a console page: its errors are pages, not the API's JSON body."""
    return path == "/console" or path.startswith("/console/")


def console_page(request: Request, err: NonlaError) -> Response:
    from nonla.console import web  # the console imports the API's modules: import it only when a page is needed

    try:
        return web.error_page(request, err)
    except NonlaError as other:  # the visit itself failed (e.g. the key's quota is spent): show that instead
        return web.error_page(request, other)


def _console_page(request: Request, exc: HTTPException, code: str) -> Response:
    response = console_page(request, _ConsoleHttpError(exc.status_code, code, str(exc.detail)))
    response.headers.update(_allowed(request, exc) or {})  # the Allow of a 405
    return response


METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def _allowed(request: Request, exc: HTTPException) -> dict[str, str] | None:
    """The headers of a refusal, a 405's Allow naming every method the path takes: Starlette names only those of
    the first route that matched the path, and a path may be served by several (GET and POST /v1/collections)."""
    if exc.status_code != 405:
        return exc.headers
    routes = request.app.router.routes
    methods = [method for method in METHODS
               if any(route.matches({**request.scope, "method": method})[0] is Match.FULL for route in routes)]  # fmt: skip
    return {**(exc.headers or {}), "Allow": ", ".join(methods)} if methods else exc.headers


def install(app: FastAPI) -> None:
    @app.exception_handler(NonlaError)
    async def _nonla(_: Request, exc: NonlaError) -> JSONResponse:
        return error_response(public(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(p) for p in first.get("loc", ()))
        body = {"code": "invalid_input", "message": f"{where}: {first.get('msg')}.",
                "hint": "Check the request against the OpenAPI description at /docs."}  # fmt: skip
        return JSONResponse({"error": body}, status_code=422)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        if is_console(request.url.path):
            return _console_page(request, exc, code)
        body = {"code": code, "message": str(exc.detail), "hint": "See /docs for the available routes."}
        return JSONResponse({"error": body}, status_code=exc.status_code, headers=_allowed(request, exc))

    @app.exception_handler(OverflowError)
    async def _overflow(_: Request, exc: OverflowError) -> JSONResponse:
        err = db_errors.caller_error(exc)  # an id beyond SQLite's integers: no such row can exist
        if err is not None:
            return error_response(err)
        # a date that leaves the calendar when moved to UTC (9999-12-31T23:00-05:00), a number too large to store
        return error_response(OUT_OF_RANGE)

    @app.exception_handler(DataError)
    @app.exception_handler(IntegrityError)
    async def _data(_: Request, exc: DataError | IntegrityError) -> JSONResponse:
        # PostgreSQL refuses a value its column cannot hold; two writers raced for one unique key
        return error_response(db_errors.caller_error(exc) or FunctionFailed("The store refused the change."))

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    @app.exception_handler(DatabaseError)
    async def _store(request: Request, exc: Exception) -> Response:
        # the store went away mid-request (a server down, a lock held past the wait, a damaged file): 503, and the
        # log, not the caller, learns where the store is and what it said
        from nonla.core.config import settings

        found = db_errors.unavailable(exc, settings().database_url)
        if found is None:
            return await _unexpected(request, exc)
        log.error("store unavailable: %s", found.message)
        if is_console(request.url.path):
            from nonla.console import web

            page = web.fault_page(request, STORE_GONE)
            page.headers["Retry-After"] = STORE_RETRY_AFTER
            return page
        return error_response(STORE_GONE)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error")
        if is_console(request.url.path):
            from nonla.console import web

            return web.fault_page(request, web.ServerFault("Something went wrong on the server."))
        body = {"code": "internal_error", "message": "Something went wrong on the server.",
                "hint": "Try again; if it keeps failing, send the time of the request to your administrator."}  # fmt: skip
        return JSONResponse({"error": body}, status_code=500)

"""What every console page shares: the signed session, the signed-in key, CSRF checks, templates, the menu by role,
and errors shown as plain words (a NonlaError's code, message and hint), never a traceback or a JSON body."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.exc import DataError, IntegrityError
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.routing import Match

from nonla.console import i18n, i18n_errors, session, signins
from nonla.console.results import highlight
from nonla.core.context import use_tenant
from nonla.core.errors import Forbidden, InvalidInput, NonlaError, Unauthorized
from nonla.governance.keys import Principal
from nonla.governance.quotas import check as check_quota
from nonla.governance.roles import allowed
from nonla.store import db_errors
from nonla.store.db import session as db_session
from nonla.store.schema import ApiKey

log = logging.getLogger("nonla.console")
HERE = Path(__file__).resolve().parent
TEMPLATES = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))
TEMPLATES.filters["tojson_pretty"] = lambda value: json.dumps(value, ensure_ascii=False, indent=2, default=str)
TEMPLATES.globals["marks"] = lambda text, spans: highlight(text, [{"start": a, "end": b} for a, b in spans])
# _error.html shows every error (a page, a playground result) in the page's language, whatever its shape
TEMPLATES.globals["error_words"] = i18n_errors.shown

# (path, phrase, permission): the menu shows only what the key's role may open.
MENU: tuple[tuple[str, str, str], ...] = (
    ("/console/functions", "menu.functions", "functions.read"),
    ("/console/legal", "menu.legal", "collections.read"),
    ("/console/inbox", "menu.inbox", "inbox.read"),
    ("/console/review", "menu.review", "review.decide"),
    ("/console/audit", "menu.audit", "audit.read"),
    ("/console/models", "menu.models", "functions.read"),
    ("/console/jobs", "menu.jobs", "jobs.read"),
    ("/console/monitoring", "menu.monitoring", "monitoring.read"),
)


# Pages a key that used up its quota can still open: it must be able to sign out, or to sign in with another key.
UNMETERED = frozenset({"/console/signin", "/console/signout", "/console/lang"})


class CsrfRejected(Forbidden):
    code = "csrf_rejected"
    default_hint = "Reload the page and send the form again."


class ServerFault(NonlaError):
    """A failure the server did not expect, as a page shows it: the log, not the visitor, learns what it was."""

    code = "internal_error"
    default_hint = "Try again; if it keeps failing, send the time of the request to your administrator."


@dataclass
class Visit:
    """One request's view of the session: its data, the key it signed in with (if any), and its language."""

    data: dict[str, Any]
    principal: Principal | None = None
    key_name: str = ""
    dirty: bool = False  # the cookie must be (re)written

    @property
    def lang(self) -> str:
        return i18n.language(self.data.get("lang"))

    @property
    def csrf(self) -> str:
        return str(self.data["csrf"])

    def t(self, key: str) -> str:
        return i18n.text(self.lang, key)

    def label(self, group: str, code: str | None) -> str:
        return i18n.label(self.lang, group, code)

    def may(self, permission: str) -> bool:
        return self.principal is not None and allowed(self.principal.role, permission)

    def menu(self) -> list[tuple[str, str]]:
        return [(path, self.t(phrase)) for path, phrase, permission in MENU if self.may(permission)]


def _principal(key_id: str, token: object) -> tuple[Principal, str] | None:
    """The key of a live sign-in: None once the key is revoked or the sign-in ended (signed out, expired)."""
    with db_session() as s:
        record = s.get(ApiKey, key_id)
        if record is None or record.revoked_at or not signins.live(s, token, key_id):
            return None
        return Principal(record.id, record.role, tuple(record.scopes or ()), record.tenant), record.name


def visit(request: Request) -> Visit:
    cached = getattr(request.state, "console_visit", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    data = session.decode(request.cookies.get(session.COOKIE), session.secret())
    found = Visit(data or session.fresh(), dirty=data is None)
    if data and data.get("kid"):
        who = _principal(str(data["kid"]), data.get("sid"))
        if who is None:  # revoked, deleted or signed out since sign-in: back to signed out
            found = Visit(session.fresh(found.lang), dirty=True)
        else:
            found.principal, found.key_name = who
            request.state.principal = who[0]
            request.state.console_visit = found  # before the check: its error page reads the visit
            if request.url.path not in UNMETERED:
                check_quota(who[0].key_id, tenant=who[0].tenant)  # a page is a request, as on REST: key, then agency (429)
    request.state.console_visit = found
    return found


def signed_in(request: Request, permission: str | None = None) -> tuple[Visit, Principal]:
    """The visit and its key, or Unauthorized (sent to the sign-in page) / Forbidden (the role may not)."""
    current = visit(request)
    if current.principal is None:
        raise Unauthorized("Sign in first.", hint="Sign in with an API key.")
    if permission:
        current.principal.require(permission)
    use_tenant(current.principal.tenant)  # the page reads and changes this agency's models, pipelines and jobs
    return current, current.principal


async def posted(request: Request, files: bool = False) -> tuple[Visit, FormData]:
    """The form of a POST, after its CSRF token matched the session's. Only forms with file fields (``files``) take
    a file: sent in a text field, its Python description ('UploadFile(filename=…') was stored as the text."""
    current = visit(request)
    try:
        form = await request.form()
    except (HTTPException, MultiPartException) as exc:  # a field over 1 MiB, over 1000 fields, a broken multipart body
        detail = exc.detail if isinstance(exc, HTTPException) else exc.message
        raise InvalidInput(f"The form could not be read: {detail}",
                           hint="Send smaller values, fewer fields, or attach large content as a file.") from None  # fmt: skip
    if not session.csrf_ok(current.data, str(form.get("csrf") or "")):
        raise CsrfRejected(current.t("error.csrf"))
    if not files:
        sent = next((name for name, value in form.multi_items() if not isinstance(value, str)), None)
        if sent is not None:
            await form.close()  # its temporary file
            raise InvalidInput(f"Field '{sent[:60]}' takes text, not a file.", hint="Type or paste the text.",
                               field=sent[:60])  # fmt: skip
    return current, form


def write_cookie(request: Request, response: Response, current: Visit) -> None:
    response.set_cookie(session.COOKIE, session.encode(current.data, session.secret()), max_age=session.MAX_AGE_S,
                        httponly=True, samesite="strict", secure=request.url.scheme == "https", path="/")  # fmt: skip


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    current = visit(request)
    body = TEMPLATES.get_template(template).render(
        v=current, t=current.t, lang=current.lang, path=request.url.path, request=request, **context
    )
    # Pages hold personal data (inbox messages, review items, redaction results): no browser or proxy keeps a copy
    # after sign-out, and no other site frames them.
    response = HTMLResponse(body, status_code=status_code, headers=PAGE_HEADERS)
    if current.dirty:
        write_cookie(request, response, current)
    return response


PAGE_HEADERS = {"Cache-Control": "no-store", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin",
                "X-Content-Type-Options": "nosniff"}  # fmt: skip


def redirect(request: Request, to: str) -> RedirectResponse:
    """303 after a POST, so reloading does not send the form twice."""
    response = RedirectResponse(to, status_code=303)
    current = visit(request)
    if current.dirty:
        write_cookie(request, response, current)
    return response


def ai_label(lang: str, ref: str) -> str:
    """The label every AI result carries, in the visitor's language.

    >>> ai_label("vi", "vi.words@1")
    'Kết quả do AI tạo ra — vi.words@1'
    """
    return f"{i18n.text(lang, 'ai.label')} — {ref}"


def safe_next(target: str | None) -> str:
    """Only paths inside the console: a sign-in link must never send people to another site.

    >>> safe_next("/console/inbox?status=new"), safe_next("https://evil.example/"), safe_next("//evil.example/")
    ('/console/inbox?status=new', '/console/functions', '/console/functions')
    """
    if target and target.startswith("/console/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/console/functions"


def _opens_with_get(request: Request, path: str) -> bool:
    scope = {"type": "http", "path": path, "method": "GET", "root_path": "", "headers": [], "query_string": b""}
    return any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes)


def return_to(request: Request) -> str:
    """Where signing in again leads: the page asked for, with its query; for a form sent after the session ended,
    the page the form was on (its Referer, else the nearest enclosing path that opens with GET), since the form's
    own address takes only POST."""
    if request.method in ("GET", "HEAD"):
        query = request.url.query
        return safe_next(request.url.path + (f"?{query}" if query else ""))
    referer = urlsplit(request.headers.get("referer") or "")
    form_page = referer.path + (f"?{referer.query}" if referer.query else "")
    # a page a form answered (the legal assistant's answer) has the form's address, which takes only POST
    if safe_next(form_page) == form_page and _opens_with_get(request, referer.path):
        return form_page
    path = request.url.path
    while path.count("/") > 1:
        path = path.rsplit("/", 1)[0]
        if _opens_with_get(request, path):
            return safe_next(path)
    return safe_next(None)


def error_page(request: Request, err: NonlaError) -> Response:
    current = visit(request)
    if isinstance(err, Unauthorized) and not isinstance(err, CsrfRejected):
        return redirect(request, f"/console/signin?next={quote(return_to(request))}")
    response = render(request, "error.html", status_code=err.http_status, error=err, signed_in=current.principal)
    response.headers.update(getattr(err, "headers", {}))  # the Retry-After of a 429, as REST sends it
    return response


def fault_page(request: Request, err: NonlaError) -> Response:
    """The error page of a failure outside the page's own checks (the store went away, a bug). When the visit was
    not read yet it is read from the cookie alone: asking the store for the key could fail the same way."""
    if getattr(request.state, "console_visit", None) is None:
        data = session.decode(request.cookies.get(session.COOKIE), session.secret())
        request.state.console_visit = Visit(data or session.fresh(), dirty=data is None)
    return error_page(request, err)


class ConsoleRoute(APIRoute):
    """Routes whose failures become an HTML page in the visitor's language instead of the API's JSON body."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                return await handler(request)
            except NonlaError as err:
                from nonla.api.errors import public

                return error_page(request, public(err))
            except RequestValidationError as exc:
                first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid"}
                where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("path", "query", "body"))
                return error_page(request, InvalidInput(f"'{where}': {first.get('msg')}."))
            except (OverflowError, DataError, IntegrityError) as exc:
                # the store refused the caller's value (an id past 64 bits, a NUL on PostgreSQL, a raced unique key)
                from nonla.api.errors import OUT_OF_RANGE

                # None: an OverflowError of a date or number out of range, not of an id
                return error_page(request, db_errors.caller_error(exc) or OUT_OF_RANGE)

        return guarded


def page_error(err: NonlaError) -> dict[str, Any]:
    """An error as a template shows it inside a page (a playground result, a failed search)."""
    return {"code": err.code, "message": err.message, "hint": err.hint}


def number(value: Any, field_name: str, low: int | None = None, high: int | None = None) -> int | None:
    """A whole number from a form or query field; empty means None; anything else is the caller's error."""
    if value is None or str(value).strip() == "":
        return None
    try:
        found = int(str(value).strip())
    except ValueError:
        raise InvalidInput(f"Field '{field_name}' must be a whole number.", field=field_name) from None
    if (low is not None and found < low) or (high is not None and found > high):
        raise InvalidInput(f"Field '{field_name}' must be between {low} and {high}.", field=field_name)
    return found

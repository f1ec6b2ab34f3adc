"""Sign in with an API key, sign out, switch language, the console's home and its static files."""

from __future__ import annotations

import time

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool

from nonla.console import i18n, session, signin_limit, signins
from nonla.console.web import HERE, ConsoleRoute, posted, redirect, render, safe_next, visit
from nonla.core.errors import NotFound, RateLimited, Unauthorized
from nonla.governance.keys import authenticate

router = APIRouter(route_class=ConsoleRoute, include_in_schema=False)
STATIC = {"console.css": "text/css", "console.js": "text/javascript"}


@router.get("/")
def home(request: Request) -> Response:
    return redirect(request, "/console/functions" if visit(request).principal else "/console/signin")


@router.get("/console")
def console_root(request: Request) -> Response:
    return home(request)


def _public_refs(request: Request) -> list[str]:
    """The function names the sign-in page lists (public already: /openapi.json names every route)."""
    return [entry.ref for entry in request.app.state.runner.catalog.entries(latest_only=True)]


@router.get("/console/signin")
def signin_form(request: Request, next: str | None = None) -> Response:
    return render(request, "signin.html", next=safe_next(next), refs=_public_refs(request))


@router.post("/console/signin")
async def signin(request: Request) -> Response:
    current, form = await posted(request)
    key = str(form.get("key") or "").strip()
    address = request.client.host if request.client else "unknown"
    again = safe_next(str(form.get("next") or ""))
    try:  # refused before the key is looked at: guessing keys gains nothing
        minute = await run_in_threadpool(signin_limit.take, address, current.lang)
    except RateLimited as too_many:
        response = render(request, "signin.html", status_code=429, error=too_many, next=again,
                          refs=_public_refs(request))  # fmt: skip
        response.headers.update(too_many.headers)
        return response
    try:
        who = await run_in_threadpool(authenticate, key)
    except Unauthorized as err:  # the attempt stays counted
        return render(request, "signin.html", status_code=401, error=err, next=again, refs=_public_refs(request))
    await run_in_threadpool(signin_limit.give_back, address, minute)
    # a new CSRF token on sign-in: a token seen before signing in is never valid afterwards
    token = await run_in_threadpool(signins.start, who.key_id)
    current.data = {**session.fresh(current.lang), "kid": who.key_id, "sid": token, "auth_at": int(time.time())}
    current.dirty = True
    return redirect(request, safe_next(str(form.get("next") or "")))


@router.post("/console/signout")
async def signout(request: Request) -> Response:
    current, _ = await posted(request)
    await run_in_threadpool(signins.end, current.data.get("sid"))  # a copy of the cookie is signed out too
    current.data, current.principal, current.dirty = session.fresh(current.lang), None, True
    return redirect(request, "/console/signin")


@router.post("/console/lang")
async def switch_language(request: Request) -> Response:
    current, form = await posted(request)
    current.data["lang"] = i18n.language(str(form.get("lang") or ""))
    current.dirty = True
    back = str(form.get("back") or "")
    return redirect(request, back if back == "/console/signin" else safe_next(back))


@router.get("/console/static/{name}")
def static(name: str) -> Response:
    if name not in STATIC:
        raise NotFound(f"There is no file '{name[:80]}'.")
    return FileResponse(HERE / "static" / name, media_type=STATIC[name], headers={"Cache-Control": "max-age=3600"})


__all__ = ["router"]

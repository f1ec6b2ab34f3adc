"""The feedback inbox: submit a message (triaged on arrival), list with filters, read one with its triage
suggestion, assign, answer and close it, and statistics drawn as plain inline SVG bars."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from nonla.console.web import ConsoleRoute, ai_label, number, posted, redirect, render, signed_in
from nonla.core.errors import InvalidInput
from nonla.functions.civic.triage_taxonomy import taxonomy
from nonla.governance.keys import Principal
from nonla.governance.roles import allowed
from nonla.inbox import service
from nonla.inbox.model import CHANNELS, CLOSE_REASONS, STATUSES
from nonla.inbox.stats import GROUPS
from nonla.inbox.stats import stats as inbox_stats
from nonla.inbox.submit import TRIAGE, submit_many

router = APIRouter(prefix="/console/inbox", route_class=ConsoleRoute, include_in_schema=False)
FILTERS = ("status", "category", "department", "ward", "duplicate_group")


def _held(who: Principal) -> bool:
    """Reviewers and admins see messages held for review; department staff see released ones only."""
    return allowed(who.role, "review.decide")


@router.get("")
def inbox(request: Request) -> Response:
    _, who = signed_in(request, "inbox.read")
    params = request.query_params
    filters: dict[str, Any] = {name: params[name].strip() for name in FILTERS if params.get(name, "").strip()}
    if filters.get("status") and filters["status"] not in STATUSES:
        raise InvalidInput(f"Unknown status '{filters['status'][:40]}'.", hint=f"Use one of: {', '.join(STATUSES)}.")
    if params.get("overdue") in ("true", "false"):
        filters["overdue"] = params["overdue"] == "true"
    page = number(params.get("page"), "page", 1, 100_000) or 1
    found = service.messages(who.tenant, limit=50, offset=(page - 1) * 50, include_held=_held(who), **filters)
    return render(request, "inbox.html", found=found, filters=filters, page=page, statuses=STATUSES,
                  channels=CHANNELS)  # fmt: skip


@router.post("/messages")
async def submit(request: Request) -> Response:
    _, who = signed_in(request, "inbox.submit")
    _, form = await posted(request)
    who.require_function(TRIAGE.split("@", 1)[0])
    message = {"text": str(form.get("text") or ""), "channel": str(form.get("channel") or "portal")}
    runner = request.app.state.runner
    [result] = await run_in_threadpool(submit_many, [message], who.tenant, who.actor, runner, None, True)
    if result["status"] == "awaiting_review" and not _held(who):
        return redirect(request, "/console/inbox?submitted=held")
    return redirect(request, f"/console/inbox/{result['id']}")


def bars(rows: list[dict[str, Any]], key: str, value: str = "count", width: int = 560) -> dict[str, Any]:
    """Geometry of a horizontal bar chart: one bar per row, scaled to the largest value.

    >>> bars([{"g": "a", "count": 2}, {"g": "b", "count": 1}], "g")["bars"][1]["width"]
    160.0
    """
    label_width, bar_room = 200, width - 200 - 40
    top = max((float(r.get(value) or 0) for r in rows), default=0.0) or 1.0
    drawn = [{"label": str(r.get(key) if r.get(key) is not None else "—"), "value": r.get(value) or 0,
              "y": index * 26, "width": round(bar_room * float(r.get(value) or 0) / top, 1)}
             for index, r in enumerate(rows)]  # fmt: skip
    return {"bars": drawn, "height": max(26, 26 * len(drawn)), "width": width, "x0": label_width}


@router.get("/stats")
def stats(request: Request) -> Response:
    _, who = signed_in(request, "inbox.read")
    by = request.query_params.get("by") or "category"
    if by not in GROUPS:
        raise InvalidInput(f"Cannot group by '{by[:40]}'.", hint=f"Use one of: {', '.join(GROUPS)}.")
    figures = inbox_stats(who.tenant, by, None, include_held=_held(who))
    return render(request, "inbox_stats.html", figures=figures, by=by, groups=GROUPS,
                  counts=bars(figures["rows"], by), answered=bars(figures["rows"], by, "answered"))  # fmt: skip


@router.get("/{message_id}")
def message(message_id: int, request: Request) -> Response:
    current, who = signed_in(request, "inbox.read")
    personal = allowed(who.role, "inbox.write")
    found = service.get(message_id, who.tenant, include_held=_held(who), personal=personal)
    history = service.history(message_id, who.tenant, include_held=_held(who))
    categories = sorted(taxonomy(found["agency"]).categories.items()) if found.get("agency") else []
    return render(request, "message.html", m=found, history=history, reasons=CLOSE_REASONS,
                  label=ai_label(current.lang, TRIAGE), categories=categories)  # fmt: skip


@router.post("/{message_id}/{action}")
async def act(message_id: int, action: str, request: Request) -> Response:
    _, who = signed_in(request, "inbox.write")
    _, form = await posted(request)

    def text(name: str) -> str | None:
        return str(form.get(name) or "").strip() or None

    if action in ("accept", "correct"):
        from nonla.inbox.triage_decision import decide_triage

        fix = {name: text(name) for name in ("category", "urgency", "department")} if action == "correct" else {}
        decide_triage(message_id, who.tenant, who.actor, accept=action == "accept", note=text("note"),
                      include_held=_held(who), **fix)  # fmt: skip
    elif action == "assign":
        service.assign(message_id, text("department"), text("assignee"), who.actor, who.tenant, text("note"))
    elif action == "answer":
        service.answer(message_id, text("text") or "", who.actor, who.tenant)
    elif action == "close":
        service.close(message_id, text("reason") or "resolved", who.actor, who.tenant, text("note"))
    else:
        raise InvalidInput(f"Unknown action '{action[:40]}'.", hint="Use accept, correct, assign, answer or close.")
    return redirect(request, f"/console/inbox/{message_id}")

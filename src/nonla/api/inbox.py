"""/v1/inbox: citizens' messages (phản ánh, kiến nghị), triaged on arrival, handled by department staff.

- submit: ``inbox.submit`` (caller, developer, admin) and a key whose scopes allow civic.triage;
- read and statistics: ``inbox.read``; held messages (awaiting_review) only for keys that may review;
- assign, answer, close, and the original text with the contact: ``inbox.write`` (caller, admin).

Everything is scoped to the key's tenant, which is the agency whose review policy and taxonomy apply.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Body, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from nonla.api.auth import require
from nonla.core.config import settings
from nonla.core.errors import BatchTooLarge, InvalidInput
from nonla.governance.keys import Principal
from nonla.governance.roles import allowed
from nonla.inbox import service
from nonla.inbox.model import MAX_ANSWER_CHARS, CloseReason, MessageIn, Status
from nonla.inbox.stats import stats as inbox_stats
from nonla.inbox.submit import TRIAGE, submit_many

router = APIRouter(prefix="/v1/inbox", tags=["inbox"])
MAX_BULK = 1000


class AssignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    department: str | None = Field(None, min_length=1, max_length=200)
    assignee: str | None = Field(None, min_length=1, max_length=200, description="A person in the department.")
    note: str | None = Field(None, max_length=2000)


class TriageIn(BaseModel):
    """Accept the triage as it is, or correct some of its fields (the rest stay)."""

    accept: bool = Field(False, description="True: the triage is right as it is.")
    category: str | None = Field(None, min_length=1, max_length=100, description="A category key of the taxonomy.")
    urgency: Literal["high", "normal", "low"] | None = None
    department: str | None = Field(None, min_length=1, max_length=200)
    note: str | None = Field(None, max_length=2000)


class AnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_ANSWER_CHARS, description="The reply sent to the citizen.")


class CloseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: CloseReason = Field("resolved", description="resolved (answered), duplicate, spam or withdrawn.")
    note: str | None = Field(None, max_length=2000)


def _held(who: Principal) -> bool:
    """Reviewers (and admins) see the messages held for review; department staff see released ones only."""
    return allowed(who.role, "review.decide")


def _submitter(request: Request, who: Principal) -> Any:
    # a key scoped away from civic.triage may not have the inbox run it either
    who.require_function(TRIAGE.split("@", 1)[0])
    return request.app.state.runner


@router.post("/messages", status_code=201)
def submit(
    body: MessageIn, request: Request, response: Response, who: Principal = Depends(require("inbox.submit"))
) -> dict[str, Any]:
    """Triage and store one message; answers with the message as stored (status new, or awaiting_review), or with
    200 and the stored message when its id was submitted before."""
    runner = _submitter(request, who)
    [result] = submit_many([body], who.tenant, who.actor, runner=runner, raise_errors=True)
    if not result["created"]:
        response.status_code = 200
    stored = service.get(result["id"], who.tenant, include_held=True)
    if stored["status"] == "awaiting_review" and not _held(who):  # its triage waits for a reviewer, not for staff
        return {k: stored[k] for k in ("id", "key", "status", "review_id", "review_status", "received_at")}
    return stored


@router.post("/messages/bulk")
def submit_bulk(
    request: Request,
    body: list[Any] = Body(
        ..., description=f"A JSON list of messages (objects like POST /messages), at most {MAX_BULK:,}."
    ),
    who: Principal = Depends(require("inbox.submit")),
) -> dict[str, Any]:
    """Triage and store up to 1,000 messages: one result per message, in order ({id, status, created} or {error});
    a message whose id the inbox holds already is not stored again."""
    runner = _submitter(request, who)
    if not body:
        raise InvalidInput("The list of messages is empty.", hint='Send [{"text": ...}, ...].')
    limit = min(MAX_BULK, settings().max_batch_items)
    if len(body) > limit:
        raise BatchTooLarge(f"A request may hold at most {limit:,} messages; this one has {len(body):,}.",
                            hint="Split the list, or submit a CSV file with `nonla inbox submit FILE.csv`.")  # fmt: skip
    results = submit_many(body, who.tenant, who.actor, runner=runner)
    return {"items": results, "stored": sum("id" in r for r in results),
            "created": sum(bool(r.get("created")) for r in results)}  # fmt: skip


@router.get("/messages")
def list_messages(
    status: Status | None = None,
    category: str | None = Query(None, max_length=64),
    department: str | None = Query(None, max_length=200),
    ward: str | None = Query(None, max_length=200, description="Official 2025 name, e.g. 'Phường Sài Gòn'."),
    province: str | None = Query(None, max_length=200),
    overdue: bool | None = Query(None, description="true: deadline passed and not answered; false: the others."),
    duplicate_group: str | None = Query(None, max_length=100),
    received_from: str | None = Query(None, max_length=10, description="First day (YYYY-MM-DD, Vietnam time)."),
    received_to: str | None = Query(None, max_length=10, description="Last day, inclusive."),
    limit: int = Query(50, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=service.MAX_OFFSET),
    who: Principal = Depends(require("inbox.read")),
) -> dict[str, Any]:
    """Messages newest first, with the total that match; department staff never see held messages."""
    return service.messages(who.tenant, limit=limit, offset=offset, include_held=_held(who), status=status,
                            category=category, department=department, ward=ward, province=province, overdue=overdue,
                            duplicate_group=duplicate_group, received_from=received_from,
                            received_to=received_to)  # fmt: skip


@router.get("/stats")
def stats(
    by: str = Query("category", description="category, department, ward, province, channel, urgency or status."),
    period: str | None = Query("month", description="day, week or month; 'all' for no periods."),
    as_of: str | None = Query(None, max_length=10, description="The day that decides what is overdue (today)."),
    category: str | None = Query(None, max_length=64),
    department: str | None = Query(None, max_length=200),
    ward: str | None = Query(None, max_length=200),
    province: str | None = Query(None, max_length=200),
    received_from: str | None = Query(None, max_length=10),
    received_to: str | None = Query(None, max_length=10),
    who: Principal = Depends(require("inbox.read")),
) -> dict[str, Any]:
    """Per (period, group): count, answered, median handling hours (received → answered), overdue, answered late."""
    return inbox_stats(who.tenant, by, None if period in (None, "all") else period, as_of, include_held=_held(who),
                       category=category, department=department, ward=ward, province=province,
                       received_from=received_from, received_to=received_to)  # fmt: skip


@router.get("/messages/{message_id}")
def get_message(
    message_id: int,
    personal: bool = Query(False, description="Add the original text and the contact (needs inbox.write)."),
    who: Principal = Depends(require("inbox.read")),
) -> dict[str, Any]:
    if personal:
        who.require("inbox.write")
    return service.get(message_id, who.tenant, include_held=_held(who), personal=personal)


@router.get("/messages/{message_id}/history")
def get_history(message_id: int, who: Principal = Depends(require("inbox.read"))) -> dict[str, Any]:
    return {"id": message_id, "history": service.history(message_id, who.tenant, include_held=_held(who))}


@router.post("/messages/{message_id}/triage")
def triage(message_id: int, body: TriageIn, who: Principal = Depends(require("inbox.write"))) -> dict[str, Any]:
    """Accept the message's triage, or correct it (a held message's review item is decided with it)."""
    from nonla.inbox.triage_decision import decide_triage

    return decide_triage(message_id, who.tenant, who.actor, accept=body.accept, category=body.category,
                         urgency=body.urgency, department=body.department, note=body.note,
                         include_held=_held(who))  # fmt: skip


@router.post("/messages/{message_id}/assign")
def assign(message_id: int, body: AssignIn, who: Principal = Depends(require("inbox.write"))) -> dict[str, Any]:
    """Give a new or assigned message to a department and/or a person (409 once answered or closed)."""
    return service.assign(message_id, body.department, body.assignee, who.actor, who.tenant, body.note)


@router.post("/messages/{message_id}/answer")
def answer(message_id: int, body: AnswerIn, who: Principal = Depends(require("inbox.write"))) -> dict[str, Any]:
    """Store the reply to an assigned message (409 when it is not assigned, or already answered or closed)."""
    return service.answer(message_id, body.text, who.actor, who.tenant)


@router.post("/messages/{message_id}/close")
def close(message_id: int, body: CloseIn, who: Principal = Depends(require("inbox.write"))) -> dict[str, Any]:
    """Close an answered message, or an open one as a duplicate, spam or withdrawn (409 otherwise)."""
    return service.close(message_id, body.reason, who.actor, who.tenant, body.note)

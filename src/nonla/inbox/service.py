"""Reading and handling the inbox: list and filter, one message and its history, assign, answer, close.

Every change writes the message, a history row and an audit row in one transaction. A message whose triage waits
for a required review is ``awaiting_review``: only people who review (``include_held``) see it until a reviewer
acts; then it becomes ``new``, with the reviewer's correction applied (see reviews.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

from nonla.core.errors import Forbidden, InvalidInput, NotFound
from nonla.core.events import Changed, utc_now
from nonla.core.runner import canonical_digest
from nonla.core.times import stored_text
from nonla.governance.audit import append
from nonla.governance.call_digest import stored_call_digest
from nonla.inbox.model import (
    CLOSE_REASONS,
    MAX_ANSWER_CHARS,
    OPEN,
    STATUSES,
    check_move,
    parse_time,
    today,
    view,
)
from nonla.inbox.reviews import settle, sync_reviews
from nonla.store.db import session
from nonla.store.schema import InboxEvent, InboxMessage

Changes = dict[str, Any]
MAX_OFFSET = 2**63 - 1  # the store's integers: a larger offset is refused as it is read
HELD_HINT = "It is held until a reviewer accepts or corrects its triage; a key with review.decide sees it now."


def _day(value: str | None, field: str) -> str | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d").date().isoformat()
    except ValueError:
        raise InvalidInput(f"Field '{field}' is not a date: {value[:40]!r}.", hint="Write it as 2025-03-02.",
                           field=field) from None  # fmt: skip


def filtered(
    tenant: str,
    *,
    status: str | None = None,
    category: str | None = None,
    department: str | None = None,
    ward: str | None = None,
    province: str | None = None,
    overdue: bool | None = None,
    duplicate_group: str | None = None,
    received_from: str | None = None,
    received_to: str | None = None,
    include_held: bool = True,
    as_of: str | None = None,
) -> Any:
    """The WHERE clause shared by the list and the statistics (received_from/to: days in Vietnam, inclusive)."""
    if status is not None and status not in STATUSES:
        raise InvalidInput(f"Unknown status '{status}'.", hint=f"Use one of: {', '.join(STATUSES)}.", field="status")
    if status == "awaiting_review" and not include_held:
        raise Forbidden("Only reviewers see the messages held for review.", hint=HELD_HINT)
    conditions: list[Any] = [InboxMessage.tenant == tenant]
    if not include_held:
        conditions.append(InboxMessage.status != "awaiting_review")
    equal = {InboxMessage.status: status, InboxMessage.category: category, InboxMessage.department: department,
             InboxMessage.ward: ward, InboxMessage.province: province,
             InboxMessage.duplicate_group: duplicate_group}  # fmt: skip
    conditions += [column == value for column, value in equal.items() if value is not None]
    first, last = _day(received_from, "received_from"), _day(received_to, "received_to")
    if first and last and first > last:
        raise InvalidInput("received_from is after received_to.", hint="Swap the two dates.", field="received_from")
    if first:
        conditions.append(InboxMessage.received_on >= first)
    if last:
        conditions.append(InboxMessage.received_on <= last)
    if overdue is not None:
        late = (
            InboxMessage.status.in_(OPEN)
            & InboxMessage.deadline.is_not(None)
            & (InboxMessage.deadline < (as_of or today()))
        )
        conditions.append(late if overdue else ~late)
    return conditions


def messages(
    tenant: str = "default", *, limit: int = 50, offset: int = 0, include_held: bool = True, **filters: Any
) -> dict[str, Any]:
    """One page of messages, newest first, and how many match in all."""
    if not 1 <= limit <= 1000:
        raise InvalidInput("limit is 1 to 1,000.", field="limit")
    if not 0 <= offset <= MAX_OFFSET:
        raise InvalidInput(f"offset is 0 to {MAX_OFFSET}.", field="offset", hint="Page on with the offset you got.")
    sync_reviews(tenant)
    conditions = filtered(tenant, include_held=include_held, **filters)
    with session() as s:
        total = s.scalar(select(func.count()).select_from(InboxMessage).where(*conditions)) or 0
        query = select(InboxMessage).where(*conditions)
        rows = s.scalars(query.order_by(InboxMessage.received_at.desc(), InboxMessage.id.desc()).limit(limit)
                         .offset(offset))  # fmt: skip
        return {"total": int(total), "limit": limit, "offset": offset, "messages": [view(r) for r in rows]}


def _find(s: Session, tenant: str, message_id: int, include_held: bool, lock: bool = False) -> InboxMessage:
    row = s.get(InboxMessage, message_id, with_for_update=lock)
    if row is None or row.tenant != tenant:  # another agency's message does not exist for this one
        raise NotFound(f"There is no message {message_id}.", hint="List the inbox with `nonla inbox list`.")
    if row.status == "awaiting_review" and not include_held:
        raise Forbidden(f"Message {message_id} is waiting for review.", hint=HELD_HINT)
    return row


def get(message_id: int, tenant: str = "default", include_held: bool = True, personal: bool = False) -> dict[str, Any]:
    """One message; ``personal`` adds the original text and the contact (kept only with a data-subject id)."""
    sync_reviews(tenant)
    with session() as s:
        return view(_find(s, tenant, message_id, include_held), personal)


def history(message_id: int, tenant: str = "default", include_held: bool = True) -> list[dict[str, Any]]:
    """The message's steps, oldest first: who did what, when, from which status to which."""
    sync_reviews(tenant)
    with session() as s:
        _find(s, tenant, message_id, include_held)
        query = select(InboxEvent).where(InboxEvent.message_id == message_id).order_by(InboxEvent.id)
        return [{"at": e.at, "actor": e.actor, "action": e.action, "from": e.from_status, "to": e.to_status,
                 "detail": e.detail} for e in s.scalars(query)]  # fmt: skip


def record(s: Session, row: InboxMessage, action: str, actor: str, before: str | None, detail: dict[str, Any],
           audit: dict[str, Any] | None = None) -> None:  # fmt: skip
    """One history row and one audit row for a change, inside the caller's transaction (digests only in audit)."""
    at = utc_now()
    row.updated_at = at
    s.add(InboxEvent(message_id=row.id, tenant=row.tenant, at=at, actor=actor[:64], action=action,
                     from_status=before, to_status=row.status, detail=detail))  # fmt: skip
    append(s, Changed(actor=actor, action=f"inbox.{action}", target=f"inbox:{row.id}",
                      detail={"tenant": row.tenant, "from": before, "to": row.status, **(audit or {})}))  # fmt: skip


def _change(
    tenant: str, message_id: int, action: str, actor: str, apply: Callable[[InboxMessage], tuple[Changes, Changes]],
    reason: str = "resolved",
) -> dict[str, Any]:  # fmt: skip
    sync_reviews(tenant)
    with session(write=True) as s:
        row = _find(s, tenant, message_id, include_held=True, lock=True)
        settle(s, row)  # a review decided since sync_reviews read the queue counts before this change
        before = row.status
        check_move(action, before, reason)
        detail, audit = apply(row)
        record(s, row, action, actor, before, detail, audit)
        return view(row)


def _text(value: str | None, field: str, limit: int = 200) -> str | None:
    if value is None:
        return None
    if not value.strip():
        raise InvalidInput(f"Field '{field}' is empty.", field=field)
    if len(value) > limit:
        raise InvalidInput(f"Field '{field}' has more than {limit:,} characters.", field=field)
    return value.strip()


def assign(
    message_id: int,
    department: str | None = None,
    assignee: str | None = None,
    actor: str = "local",
    tenant: str = "default",
    note: str | None = None,
) -> dict[str, Any]:
    """Give the message to a department and/or a person (a new or an assigned one: reassigning is allowed)."""
    department, assignee = _text(department, "department"), _text(assignee, "assignee")
    note = _text(note, "note", 2000)
    if department is None and assignee is None:
        raise InvalidInput("Name a department, a person, or both.", hint="For example department='Sở Xây dựng'.")

    def apply(row: InboxMessage) -> tuple[dict[str, Any], dict[str, Any]]:
        row.department = department or row.department
        row.assignee = assignee if assignee is not None else (None if department else row.assignee)
        row.status = "assigned"
        detail = {"department": row.department, "assignee": row.assignee, "note": note}
        return detail, {"department": row.department, "assignee": row.assignee}

    return _change(tenant, message_id, "assign", actor, apply)


def answer(
    message_id: int, text: str, actor: str = "local", tenant: str = "default", answered_at: str | None = None
) -> dict[str, Any]:
    """Store the reply sent to the citizen. ``answered_at`` records a reply sent earlier (imports); default: now."""
    reply = _text(text, "text", MAX_ANSWER_CHARS)
    if reply is None:
        raise InvalidInput("An answer needs text.", field="text")
    moment = None if answered_at is None else parse_time(answered_at, "answered_at")
    if moment is not None and moment > datetime.now(UTC) + timedelta(minutes=5):
        raise InvalidInput("answered_at is in the future.", hint="Leave it out to record the answer now.")

    def apply(row: InboxMessage) -> tuple[dict[str, Any], dict[str, Any]]:
        when = utc_now() if moment is None else stored_text(moment)
        if when < row.received_at:
            raise InvalidInput("answered_at is before the message was received.", field="answered_at")
        row.answer, row.answered_at, row.answered_by, row.status = reply, when, actor[:64], "answered"
        digest = stored_call_digest(canonical_digest(reply), object_session(row))  # keyed: a short reply is guessable
        return {"answer_digest": digest, "chars": len(reply)}, {"answer_digest": digest, "answered_at": when}

    return _change(tenant, message_id, "answer", actor, apply)


def close(
    message_id: int, reason: str = "resolved", actor: str = "local", tenant: str = "default", note: str | None = None
) -> dict[str, Any]:
    """Close an answered message (reason 'resolved'), or any open one as a duplicate, spam or withdrawn."""
    if reason not in CLOSE_REASONS:
        raise InvalidInput(f"Unknown reason '{reason}'.", hint=f"Use one of: {', '.join(CLOSE_REASONS)}.",
                           field="reason")  # fmt: skip
    note = _text(note, "note", 2000)

    def apply(row: InboxMessage) -> tuple[dict[str, Any], dict[str, Any]]:
        row.status, row.closed_at, row.close_reason = "closed", utc_now(), reason
        return {"reason": reason, "note": note}, {"reason": reason}

    return _change(tenant, message_id, "close", actor, apply, reason)

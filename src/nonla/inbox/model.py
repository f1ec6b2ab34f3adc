"""The inbox's words: statuses and the moves between them, channels, times, and a message as every surface shows it.

A message moves   new ──assign──▶ assigned ──answer──▶ answered ──close──▶ closed
                  ▲ released by a reviewer, when its agency requires review (awaiting_review)
and may be closed early as a duplicate, spam or withdrawn. Reassigning an assigned message is allowed.

>>> check_move("answer", "new")
Traceback (most recent call last):
...
nonla.core.errors.Conflict: A message must be assigned before it is answered; this one is new.
>>> local_day("2025-03-01T18:30:00.000000Z")
'2025-03-02'
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from nonla.core.errors import Conflict
from nonla.core.function import Text
from nonla.core.times import VIETNAM, read_time
from nonla.store.schema import InboxMessage

Status = Literal["new", "awaiting_review", "assigned", "answered", "closed"]
STATUSES: tuple[str, ...] = ("new", "awaiting_review", "assigned", "answered", "closed")
OPEN = ("new", "awaiting_review", "assigned")  # not answered yet: these can be overdue
Channel = Literal["app", "hotline", "portal", "email"]
CHANNELS: tuple[str, ...] = ("app", "hotline", "portal", "email")
CloseReason = Literal["resolved", "duplicate", "spam", "withdrawn"]
CLOSE_REASONS: tuple[str, ...] = ("resolved", "duplicate", "spam", "withdrawn")
MAX_ANSWER_CHARS = 20_000

# action -> statuses it may start from, and why the others may not (message, hint)
_MOVES: dict[str, tuple[tuple[str, ...], dict[str, tuple[str, str]]]] = {
    "assign": (
        ("new", "assigned"),
        {
            "awaiting_review": ("A message waiting for review cannot be assigned yet.",
                                "A reviewer accepts or corrects its triage first (nonla review list)."),
            "answered": ("This message was already answered; it cannot be reassigned.",
                         "Close it, or ask the citizen to send a new message."),
            "closed": ("This message is closed.", "Closed messages are kept as they are."),
        },
    ),
    "answer": (
        ("assigned",),
        {
            "new": ("A message must be assigned before it is answered; this one is new.",
                    "Assign it to a department or a person first."),
            "awaiting_review": ("A message waiting for review cannot be answered yet.",
                                "A reviewer accepts or corrects its triage first (nonla review list)."),
            "answered": ("This message was already answered.", "Read the answer in the message's history."),
            "closed": ("This message is closed; it cannot be answered.", "Closed messages are kept as they are."),
        },
    ),
    "close": (
        ("new", "assigned", "answered"),
        {
            "awaiting_review": ("A message waiting for review cannot be closed yet.",
                                "A reviewer accepts or corrects its triage first (nonla review list)."),
            "closed": ("This message is already closed.", "Closed messages are kept as they are."),
        },
    ),
}  # fmt: skip


def check_move(action: str, status: str, reason: str = "resolved") -> None:
    """Raise Conflict (409) with a hint when ``action`` may not start from ``status``."""
    allowed, why = _MOVES[action]
    if status not in allowed:
        message, hint = why[status]
        raise Conflict(message, hint=hint, status=status, action=action)
    if action == "close" and reason == "resolved" and status != "answered":
        raise Conflict(
            f"Only an answered message can be closed as resolved; this one is {status}.",
            hint="Answer it first, or close it with reason duplicate, spam or withdrawn.",
            status=status,
            action=action,
        )


def parse_time(value: str | datetime | None, field: str = "received_at") -> datetime:
    """An ISO date or date-time as UTC; a time without an offset is Vietnam's (UTC+7), a date alone its midnight.

    >>> parse_time("2025-03-02").isoformat(), parse_time("2025-03-02T08:00:00+00:00").isoformat()
    ('2025-03-01T17:00:00+00:00', '2025-03-02T08:00:00+00:00')
    """
    if value is None:
        return datetime.now(UTC)
    moment = value if isinstance(value, datetime) else read_time(value, field, zone=VIETNAM)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VIETNAM)
    return moment.astimezone(UTC)


def local_day(stored: str) -> str:
    """The day in Vietnam of a stored UTC time."""
    return parse_time(stored).astimezone(VIETNAM).date().isoformat()


def today() -> str:
    return datetime.now(VIETNAM).date().isoformat()


class MessageIn(BaseModel):
    """One message as a sender hands it in."""

    model_config = ConfigDict(extra="forbid")

    text: Text = Field(description="The citizen's message, as written (with or without diacritics).")
    channel: Channel = "portal"
    received_at: str | None = Field(
        None, max_length=40, description="ISO date or date-time; without an offset it is Vietnam time. Default: now."
    )
    id: str | None = Field(
        None, min_length=1, max_length=100, description="The sender's id; submitting the same id again is a no-op."
    )
    contact: str | None = Field(
        None, min_length=1, max_length=300, description="How to reach the citizen; needs subject_id (personal data)."
    )
    subject_id: str | None = Field(
        None, min_length=1, max_length=200, description="Data-subject id: keeps the original text and the contact."
    )


def view(row: InboxMessage, personal: bool = False) -> dict[str, Any]:
    """A message as every surface shows it: the redacted text; the original and the contact only when asked."""
    body: dict[str, Any] = {
        "id": row.id, "key": row.key, "channel": row.channel, "received_at": row.received_at,
        "received_on": row.received_on, "text": row.text, "subject_id": row.subject_id, "status": row.status,
        "category": row.category, "category_confidence": row.category_confidence, "department": row.department,
        "urgency": row.urgency, "urgency_confidence": row.urgency_confidence, "ward": row.ward,
        "province": row.province, "location": _location(row, personal), "duplicate_group": row.duplicate_group,
        "deadline": row.deadline, "overdue": overdue(row), "review_id": row.review_id,
        "review_status": row.review_status, "assignee": row.assignee, "answer": row.answer,
        "answered_at": row.answered_at, "answered_by": row.answered_by, "closed_at": row.closed_at,
        "close_reason": row.close_reason, "agency": row.agency, "created_at": row.created_at,
        "updated_at": row.updated_at,
    }  # fmt: skip
    if personal:
        body["original"], body["contact"] = row.original, row.contact
    return body


def _location(row: InboxMessage, personal: bool) -> Any:
    """The place triage found: its house-level part (street) only with the original text, to those who may see it."""
    location = row.triage.get("location")
    if personal or not isinstance(location, dict):
        return location
    return {k: v for k, v in location.items() if k != "street"}


def overdue(row: InboxMessage, as_of: str | None = None) -> bool:
    """The deadline has passed and the message is still not answered."""
    return row.status in OPEN and row.deadline is not None and row.deadline < (as_of or today())

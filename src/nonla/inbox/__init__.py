"""The feedback inbox (phản ánh, kiến nghị) from Python: submit citizens' messages, then list, assign, answer, close.

Each message is triaged by civic.triage (category, department, urgency, ward, deadline, duplicates) through the
audited runner, so the agency's review policy for civic.triage applies: with a ``required`` policy a message waits
as ``awaiting_review`` until a reviewer acts, and a reviewer's correction shows in the inbox. Every change is
audited and kept in the message's history. The inbox stores the redacted text; the original text and the contact only
when the message carries a data-subject id.

    from nonla import inbox
    sent = inbox.submit("Đèn đường ngõ 12 phố Huế hỏng cả tuần nay", channel="hotline")
    inbox.assign(sent["id"], department="Sở Xây dựng", assignee="Nguyễn Văn A")
    inbox.answer(sent["id"], "Đã thay bóng đèn ngày 3/3.")
    inbox.close(sent["id"])
    inbox.stats(by="department", period="month")["rows"]

Calls here belong to the tenant "default" unless told otherwise; the actor is the local user.

>>> from nonla import inbox
>>> inbox.messages(category="no_such_category", limit=5)["total"]
0
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nonla.inbox import service
from nonla.inbox.files import read_csv, read_jsonl
from nonla.inbox.model import CHANNELS, CLOSE_REASONS, STATUSES
from nonla.inbox.stats import stats as _stats
from nonla.inbox.submit import Progress, submit_many

__all__ = ["submit", "submit_many", "submit_csv", "submit_jsonl", "messages", "get", "history", "decide_triage",
           "assign", "answer", "close", "stats", "STATUSES", "CHANNELS", "CLOSE_REASONS"]  # fmt: skip


def _actor(actor: str | None) -> str:
    from nonla.local import local_actor

    return actor or local_actor()


def submit(
    text: str,
    channel: str = "portal",
    received_at: str | None = None,
    id: str | None = None,  # noqa: A002 - the sender's message id, as in the CSV and JSON
    contact: str | None = None,
    subject_id: str | None = None,
    tenant: str = "default",
    actor: str | None = None,
) -> dict[str, Any]:
    """Triage and store one message; returns it as stored (raises NonlaError when it cannot be)."""
    fields = {"text": text, "channel": channel, "received_at": received_at, "id": id, "contact": contact,
              "subject_id": subject_id}  # fmt: skip
    [result] = submit_many([{k: v for k, v in fields.items() if v is not None}], tenant, _actor(actor),
                           raise_errors=True)  # fmt: skip
    return service.get(result["id"], tenant)


def submit_csv(
    path: str | Path, tenant: str = "default", actor: str | None = None, progress: Progress | None = None
) -> list[dict[str, Any]]:
    """Submit every row of a CSV file (columns text[,channel,received_at,id,subject_id,contact])."""
    return submit_many(read_csv(path), tenant, _actor(actor), progress=progress)


def submit_jsonl(
    path: str | Path, tenant: str = "default", actor: str | None = None, progress: Progress | None = None
) -> list[dict[str, Any]]:
    """Submit every line of a JSONL file; lines whose id the inbox holds already are skipped."""
    return submit_many(read_jsonl(path), tenant, _actor(actor), progress=progress)


def messages(tenant: str = "default", limit: int = 50, offset: int = 0, **filters: Any) -> dict[str, Any]:
    """Messages newest first: {total, limit, offset, messages}. Filters: status, category, department, ward,
    province, overdue (True/False), duplicate_group, received_from and received_to (days, inclusive)."""
    return service.messages(tenant, limit=limit, offset=offset, **filters)


def get(message_id: int, tenant: str = "default", personal: bool = False) -> dict[str, Any]:
    """One message; ``personal=True`` adds the original text and the contact (kept only with a subject id)."""
    return service.get(message_id, tenant, personal=personal)


def history(message_id: int, tenant: str = "default") -> list[dict[str, Any]]:
    return service.history(message_id, tenant)


def decide_triage(
    message_id: int,
    accept: bool = False,
    category: str | None = None,
    urgency: str | None = None,
    department: str | None = None,
    note: str | None = None,
    tenant: str = "default",
    actor: str | None = None,
) -> dict[str, Any]:
    """Accept the message's triage, or correct its category, urgency or department (kept to retrain); audited."""
    from nonla.inbox.triage_decision import decide_triage as decide

    return decide(message_id, tenant, _actor(actor), accept=accept, category=category, urgency=urgency,
                  department=department, note=note)  # fmt: skip


def assign(
    message_id: int,
    department: str | None = None,
    assignee: str | None = None,
    note: str | None = None,
    tenant: str = "default",
    actor: str | None = None,
) -> dict[str, Any]:
    """Give a new (or assigned) message to a department and/or a person; audited."""
    return service.assign(message_id, department, assignee, _actor(actor), tenant, note)


def answer(
    message_id: int, text: str, tenant: str = "default", actor: str | None = None, answered_at: str | None = None
) -> dict[str, Any]:
    """Store the reply to an assigned message; audited (the audit row keeps a digest of the reply)."""
    return service.answer(message_id, text, _actor(actor), tenant, answered_at)


def close(
    message_id: int, reason: str = "resolved", note: str | None = None, tenant: str = "default",
    actor: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Close an answered message, or an open one as a duplicate, spam or withdrawn; audited."""
    return service.close(message_id, reason, _actor(actor), tenant, note)


def stats(
    by: str = "category", period: str | None = "month", tenant: str = "default", as_of: str | None = None,
    **filters: Any,
) -> dict[str, Any]:  # fmt: skip
    """Counts, median handling hours, overdue and late answers per (period, group); see nonla.inbox.stats."""
    return _stats(tenant, by, period, as_of, **filters)

"""The inbox follows the review queue: a reviewer's decision on a message's triage shows in the inbox.

A message triaged through the agency's review policy keeps its review item's id. When the item has been decided, the
next read of the inbox applies the result that counts (the correction, once made) to the message and releases a
held one (awaiting_review → new). A person's routing wins: once a message is assigned, a correction no longer moves
it to another department. A closed message keeps its triage as it was: the decision shows in its history only.
No decision changes the text the inbox keeps of what the citizen wrote.

>>> columns({"category": "health", "category_confidence": 0.9, "department": "Sở Y tế", "urgency": "high",
...          "urgency_confidence": 0.8, "location": {"ward": "Phường Sài Gòn", "province": "Thành phố Hồ Chí Minh"},
...          "redacted": "…", "duplicate_group": None, "deadline": "2025-03-05"})["ward"]
'Phường Sài Gòn'
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from nonla.core.events import Changed, utc_now
from nonla.functions.civic.triage_deadline import add_working_days
from nonla.functions.civic.triage_taxonomy import taxonomy
from nonla.governance.audit import append
from nonla.store.db import session
from nonla.store.schema import InboxEvent, InboxMessage, ReviewItem


def columns(result: dict[str, Any]) -> dict[str, Any]:
    """The message's columns from a civic.triage output."""
    location = result.get("location") or {}
    group = result.get("duplicate_group")
    return {
        "category": result["category"],
        "category_confidence": result.get("category_confidence"),
        "department": result["department"],
        "urgency": result["urgency"],
        "urgency_confidence": result.get("urgency_confidence"),
        "ward": location.get("ward"),
        "province": location.get("province"),
        "duplicate_group": None if group is None else str(group)[:100],
        "deadline": result.get("deadline"),
    }


def apply_result(row: InboxMessage, result: dict[str, Any]) -> dict[str, Any]:
    """Write a triage result into the message; returns the fields that changed, {field: [before, after]}."""
    new = columns(result)
    new.pop("duplicate_group")  # the inbox's groups span calls (see submit._join_group): a review does not move them
    if row.status not in ("new", "awaiting_review"):
        new.pop("department")  # a person routed it already
    changed = {name: [getattr(row, name), value] for name, value in new.items() if getattr(row, name) != value}
    for name, value in new.items():
        setattr(row, name, value)
    row.triage = result
    return changed


def with_deadline(triage: dict[str, Any], agency: str, received_on: str | None) -> dict[str, Any]:
    """The triage with its handling deadline counted again from its category and urgency (the agency's rules)."""
    rule = taxonomy(agency).categories.get(str(triage.get("category")))
    if rule is None:
        return triage
    days = rule.urgent_deadline_days if triage.get("urgency") == "high" else rule.deadline_days
    due = None if received_on is None else add_working_days(date.fromisoformat(str(received_on)), days).isoformat()
    return {**triage, "deadline_days": days, "deadline": due}


def _recounted(row: InboxMessage, correction: dict[str, Any]) -> dict[str, Any]:
    """A reviewer who changes the category or urgency changes the deadline with it (a message made urgent is due
    in a working day), as a correction made in the inbox itself does."""
    if (correction.get("category"), correction.get("urgency")) == (row.category, row.urgency):
        return correction
    return with_deadline(correction, row.agency, row.received_on)


def sync_reviews(tenant: str) -> int:
    """Apply decided reviews to the tenant's messages; returns how many changed. One indexed read when none did."""
    decided = (
        select(InboxMessage.id)
        .join(ReviewItem, ReviewItem.id == InboxMessage.review_id)
        .where(InboxMessage.tenant == tenant, InboxMessage.review_status == "pending", ReviewItem.status != "pending")
    )
    with session() as s:
        ids = list(s.scalars(decided))
    if not ids:
        return 0
    done = 0
    with session(write=True) as s:
        for message_id in ids:
            row = s.get(InboxMessage, message_id, with_for_update=True)
            if row is not None and settle(s, row):  # else another reader applied it first
                done += 1
    return done


def settle(s: Session, row: InboxMessage) -> bool:
    """Apply the message's decided review item, if one waits to be applied, in the caller's write transaction with
    the message locked; returns whether it did. Every change of a message settles it first (service._change), so a
    decision that committed before a close is applied before the message closes, never noted as kept."""
    if row.review_id is None or row.review_status != "pending":
        return False
    item = s.get(ReviewItem, row.review_id)
    if item is None or item.status == "pending":
        return False
    tenant = row.tenant
    before = row.status
    closed = row.status == "closed"  # its handling is on record as it was: the decision is noted, not applied
    corrected = item.status == "corrected" and item.correction is not None and not closed
    changed = apply_result(row, _recounted(row, item.correction)) if corrected else {}  # type: ignore[arg-type]
    row.review_status = item.status
    if row.status == "awaiting_review":
        row.status = "new"
    actor = item.decided_by or "review"
    row.updated_at = utc_now()
    action = "correct" if corrected else "release" if before != row.status else "review"
    detail = {"review_id": item.id, "review": item.status, "changed": changed}
    if closed:
        detail["kept"] = "closed"
    s.add(InboxEvent(message_id=row.id, tenant=tenant, at=row.updated_at, actor=actor, action=action,
                     from_status=before, to_status=row.status, detail=detail))  # fmt: skip
    append(s, Changed(actor=actor, action=f"inbox.{action}", target=f"inbox:{row.id}",
                      detail={"tenant": tenant, "from": before, "to": row.status, "review_id": item.id,
                              "changed": sorted(changed)}))  # fmt: skip
    return True

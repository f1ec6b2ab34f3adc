"""A person's word on a message's triage, given on the message itself: accept it as it is, or correct its category,
urgency or department.

A message still held by a review item is decided through that item, so the review queue and the inbox never
disagree. Any other message is changed in place: the corrected triage becomes the one that counts (the deadline is
recounted from the day it arrived), the correction is kept as a training example for civic.triage, and the change
gets a history row and an audit row. A person's routing wins here too: correcting the category of a message already
assigned does not move it to another department unless the correction names one.
"""

from __future__ import annotations

from typing import Any

from nonla.core.errors import Conflict, InvalidInput
from nonla.core.events import utc_now
from nonla.functions.civic.triage_taxonomy import taxonomy
from nonla.governance import review
from nonla.inbox import service
from nonla.inbox.reviews import apply_result, sync_reviews, with_deadline
from nonla.inbox.submit import TRIAGE
from nonla.store.db import session
from nonla.store.schema import TrainingExample

URGENCIES = ("high", "normal", "low")
DECIDED = ("accepted", "corrected")


def corrected(
    triage: dict[str, Any],
    agency: str,
    received_on: str,
    category: str | None = None,
    urgency: str | None = None,
    department: str | None = None,
) -> dict[str, Any]:
    """The triage with a person's corrections: what a person sets is certain (confidence 1).

    >>> t = {"category": "health", "category_label": "Y tế", "category_confidence": 0.4, "department": "Sở Y tế",
    ...      "department_confidence": 0.4, "urgency": "normal", "urgency_confidence": 0.6, "deadline_days": 10,
    ...      "deadline": "2026-11-30", "review_suggested": True}
    >>> out = corrected(t, "default", "2026-11-20", urgency="high")
    >>> out["urgency"], out["urgency_confidence"], out["deadline_days"] < 10, out["review_suggested"]
    ('high', 1.0, True, False)
    """
    tax = taxonomy(agency)
    fixed = dict(triage)
    if category is not None:
        if category not in tax.categories:
            raise InvalidInput(f"Unknown category '{category[:60]}' for agency '{agency}'.", field="category",
                               hint=f"Use one of: {', '.join(sorted(tax.categories))}.")  # fmt: skip
        chosen = tax.categories[category]
        fixed.update(category=category, category_label=chosen.label, category_confidence=1.0,
                     department=chosen.department, department_confidence=1.0)  # fmt: skip
    if urgency is not None:
        if urgency not in URGENCIES:
            raise InvalidInput(f"Unknown urgency '{urgency[:40]}'.", field="urgency", hint="Use high, normal or low.")
        fixed.update(urgency=urgency, urgency_confidence=1.0)
    if department is not None:
        department = department.strip()
        if not department or len(department) > 200:
            raise InvalidInput("A department name has 1 to 200 characters.", field="department")
        fixed.update(department=department, department_confidence=1.0)
    fixed = with_deadline(fixed, agency, received_on)
    fixed["review_suggested"] = False
    return fixed


def decide_triage(
    message_id: int,
    tenant: str = "default",
    actor: str = "local",
    *,
    accept: bool = False,
    category: str | None = None,
    urgency: str | None = None,
    department: str | None = None,
    note: str | None = None,
    include_held: bool = True,
) -> dict[str, Any]:
    """Accept the message's triage, or correct it; returns the message as the inbox shows it now."""
    correcting = any(value is not None for value in (category, urgency, department))
    if accept == correcting:
        raise InvalidInput("Either accept the triage, or correct its category, urgency or department.",
                           hint="For example accept=True, or category='environment'.")  # fmt: skip
    if note is not None and len(note) > 2000:
        raise InvalidInput("A note has at most 2,000 characters.", field="note")
    sync_reviews(tenant)
    with session() as s:
        row = service._find(s, tenant, message_id, include_held)
        held_by, state = row.review_id, row.review_status
        fixed = None if accept else corrected(row.triage, row.agency, row.received_on, category, urgency, department)
    if held_by is not None and state == "pending":
        review.decide(held_by, accept=accept, correction=fixed, actor=actor, tenant=tenant, note=note)
    else:
        _decide_in_place(message_id, tenant, actor, fixed, department is not None, note)
    return service.get(message_id, tenant, include_held=include_held)


def _decide_in_place(
    message_id: int, tenant: str, actor: str, fixed: dict[str, Any] | None, routed: bool, note: str | None
) -> None:
    with session(write=True) as s:
        row = service._find(s, tenant, message_id, include_held=True, lock=True)
        if row.status == "closed":  # its handling is on record as it was; a correction would also train on it
            raise Conflict(f"Message {message_id} is closed; its triage is kept as it was.",
                           hint="Closed messages are kept as they are.")  # fmt: skip
        if fixed is None and row.review_status in DECIDED:
            raise Conflict(f"The triage of message {message_id} was already {row.review_status}.",
                           hint="Correct it instead if it is wrong.")  # fmt: skip
        before = row.status
        if fixed is None:
            row.review_status = "accepted"
            detail: dict[str, Any] = {"triage": "accepted", "note": note}
            audit: dict[str, Any] = {"triage": "accepted"}
        else:
            original = dict(row.triage)
            changed = apply_result(row, fixed)
            if routed and row.department != fixed["department"]:  # a named department wins over earlier routing
                changed["department"] = [row.department, fixed["department"]]
                row.department = fixed["department"]
            row.review_status = "corrected"
            name, version = TRIAGE.split("@", 1)
            s.add(TrainingExample(tenant=tenant, function=name, version=int(version),
                                  input={"text": row.text, "agency": row.agency, "received_on": row.received_on},
                                  output=fixed, original=original, review_id=None, subject_id=row.subject_id,
                                  created_by=actor[:64], created_at=utc_now()))  # fmt: skip
            detail = {"triage": "corrected", "changed": changed, "note": note}
            audit = {"triage": "corrected", "changed": sorted(changed)}
        service.record(s, row, "triage", actor, before, detail, audit)

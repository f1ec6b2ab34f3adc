"""A person's word on a message's triage, given on the message itself: accept it as it is, or correct its category,
urgency or department.

A message still held by a review item is decided through that item, so the review queue and the inbox never
disagree. Any other message is changed in place: the corrected triage becomes the one that counts (the deadline is
recounted from the day it arrived), the correction is kept as a training example for civic.triage, and the change
gets a history row and an audit row. A person's routing wins here too: correcting the category of a message already
assigned does not move it to another department unless the correction names one.

A correction holds to the agency's taxonomy wherever it is made (here, or by a reviewer on the review item through
``reviewed``): a known category, a department of the routing table, the deadline counted by the rules. Routing a
message to any other office is ``assign``'s work. What the citizen wrote, and the place and duplicates found in it,
are facts of the message that no correction changes. A closed message keeps its triage as it was.
"""

from __future__ import annotations

from typing import Any

from nonla.core.errors import Conflict, InvalidInput
from nonla.core.events import utc_now
from nonla.functions.civic.triage_taxonomy import Taxonomy, taxonomy
from nonla.governance import review
from nonla.inbox import service
from nonla.inbox.reviews import apply_result, settle, sync_reviews, with_deadline
from nonla.inbox.submit import TRIAGE
from nonla.store.db import session
from nonla.store.schema import InboxMessage, TrainingExample

URGENCIES = ("high", "normal", "low")
DECIDED = ("accepted", "corrected")


def corrected(
    triage: dict[str, Any],
    agency: str,
    received_on: str | None,
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
        fixed.update(department=_routed(tax, department), department_confidence=1.0)
    fixed = with_deadline(fixed, agency, received_on)
    fixed["review_suggested"] = False
    return fixed


def _routed(tax: Taxonomy, department: str) -> str:
    """A department a correction names: one the routing table knows, so the training examples hold real labels."""
    name = department.strip()
    known = sorted({category.department for category in tax.categories.values()})
    if name not in known:
        raise InvalidInput(f"'{name[:60]}' is not a department of the agency's routing table.", field="department",
                           hint=f"Use one of: {'; '.join(known)}. To give the message to another office, assign it "
                                "(inbox assign --department).")  # fmt: skip
    return name


FACTS = ("redacted", "location", "duplicate_group")  # found in the citizen's text, not judged: kept as found


def reviewed(output: dict[str, Any], correction: dict[str, Any], item_input: dict[str, Any]) -> dict[str, Any]:
    """A reviewer's correction of a civic.triage result, held to the rules of a correction made in the inbox.

    The category, urgency and department it changes are checked and applied as ``corrected`` does (the label,
    the certainty and the deadline follow); a department left as the model had it follows a corrected category.
    The facts found in the text may not change.

    >>> out = {"category": "health", "category_label": "Y tế", "category_confidence": 0.4, "department": "Sở Y tế",
    ...        "department_confidence": 0.4, "urgency": "normal", "urgency_confidence": 0.6, "deadline_days": 7,
    ...        "deadline": "2026-12-01", "review_suggested": True, "redacted": "…", "location": None}
    >>> fixed = reviewed(out, {**out, "category": "education", "deadline": "1900-01-01"},
    ...                  {"agency": "default", "received_on": "2026-11-20"})
    >>> fixed["department"], fixed["deadline"] > "2026-11-20"
    ('Sở Giáo dục và Đào tạo', True)
    """
    for name in FACTS:
        if correction.get(name) != output.get(name):
            raise InvalidInput(f"A correction may not change '{name}': it is found in the citizen's message.",
                               field=name, hint="Correct the category, urgency or department; keep the other "
                                                "fields as the result has them.")  # fmt: skip
    agency = str(item_input.get("agency") or "default")
    category = correction["category"] if correction["category"] != output["category"] else None
    urgency = correction["urgency"] if correction["urgency"] != output["urgency"] else None
    following = taxonomy(agency).categories.get(str(category)) if category is not None else None
    left = (output["department"], following.department if following else None)
    department = None if correction["department"] in left else correction["department"]
    if category is None and urgency is None and department is None:
        return dict(output)  # nothing judged differently: the result as it was
    return corrected(output, agency, item_input.get("received_on"), category, urgency, department)


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
        _still_open(row)
        held_by = row.review_id if row.review_status == "pending" else None
        fixed = None if accept or held_by is None else corrected(row.triage, row.agency, row.received_on, category,
                                                                   urgency, department)  # fmt: skip
    if held_by is not None:  # the item's output is fixed while it waits: this reading of it cannot go stale
        checked = review.checked_decision(held_by, accept, fixed, tenant, note)
        _decide_held(message_id, held_by, tenant, actor, checked, note, include_held)
    else:
        _decide_in_place(message_id, tenant, actor, accept, (category, urgency, department), note)
    return service.get(message_id, tenant, include_held=include_held)


def _still_open(row: InboxMessage) -> None:
    if row.status == "closed":  # its handling is on record as it was; a correction would also train on it
        raise Conflict(f"Message {row.id} is closed; its triage is kept as it was.",
                       hint="Closed messages are kept as they are.")  # fmt: skip


def _decide_held(
    message_id: int, item_id: int, tenant: str, actor: str, fixed: dict[str, Any] | None, note: str | None,
    include_held: bool,
) -> None:  # fmt: skip
    with session(write=True) as s:
        # the message locked first, as a close locks it: a close that landed since the read above is seen here (409,
        # the item stays pending), and one that comes after finds the decision already applied to the message
        row = service._find(s, tenant, message_id, include_held, lock=True)
        _still_open(row)
        review.record_decision(s, item_id, fixed, actor, tenant, note)
        settle(s, row)


def _decide_in_place(
    message_id: int, tenant: str, actor: str, accept: bool, fix: tuple[str | None, str | None, str | None],
    note: str | None,
) -> None:  # fmt: skip
    with session(write=True) as s:
        # read, correct and write under the lock: two people correcting one message at once keep both corrections
        row = service._find(s, tenant, message_id, include_held=True, lock=True)
        _still_open(row)
        if accept and row.review_status in DECIDED:
            raise Conflict(f"The triage of message {message_id} was already {row.review_status}.",
                           hint="Correct it instead if it is wrong.")  # fmt: skip
        before = row.status
        if accept:
            row.review_status = "accepted"
            detail: dict[str, Any] = {"triage": "accepted", "note": note}
            audit: dict[str, Any] = {"triage": "accepted"}
        else:
            category, urgency, department = fix
            fixed = corrected(row.triage, row.agency, row.received_on, category, urgency, department)
            original = dict(row.triage)
            changed = apply_result(row, fixed)
            if department is not None and row.department != fixed["department"]:  # named: wins over earlier routing
                changed["department"] = [row.department, fixed["department"]]
                row.department = fixed["department"]
            row.review_status = "corrected"
            if fixed != original:  # the same correction again teaches nothing new: one example is enough
                name, version = TRIAGE.split("@", 1)
                s.add(TrainingExample(tenant=tenant, function=name, version=int(version),
                                      input={"text": row.text, "agency": row.agency, "received_on": row.received_on},
                                      output=fixed, original=original, review_id=None, subject_id=row.subject_id,
                                      created_by=actor[:64], created_at=utc_now()))  # fmt: skip
            detail = {"triage": "corrected", "changed": changed, "note": note}
            audit = {"triage": "corrected", "changed": sorted(changed)}
        service.record(s, row, "triage", actor, before, detail, audit)

"""The inbox inherits the review queue: a required policy holds messages, a reviewer's correction shows in the inbox."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from nonla import inbox, review
from nonla.core.errors import Conflict, Forbidden
from nonla.governance import audit
from nonla.inbox import service
from nonla.inbox.reviews import with_deadline


def test_a_required_review_holds_the_message_until_a_reviewer_accepts(
    database: str, civic: Callable[[str], str]
) -> None:
    review.set_policy("civic.triage", always=True, required=True)
    held = inbox.submit(civic("civic-0003"), subject_id="cccd-001")
    assert held["status"] == "awaiting_review" and held["review_id"] and held["review_status"] == "pending"
    item = review.get(held["review_id"])
    assert item["function"] == "civic.triage@1" and item["subject_id"] == "cccd-001" and not item["released"]

    # department staff do not see it; reviewers do
    assert inbox.messages(include_held=False)["total"] == 0 and inbox.messages()["total"] == 1
    with pytest.raises(Forbidden, match="waiting for review"):
        service.get(held["id"], include_held=False)
    with pytest.raises(Forbidden):
        service.messages(status="awaiting_review", include_held=False)
    with pytest.raises(Conflict, match="waiting for review"):
        inbox.assign(held["id"], department="Sở Xây dựng")

    review.accept(held["review_id"], actor="reviewer-1")
    released = inbox.get(held["id"])
    assert released["status"] == "new" and released["review_status"] == "accepted"
    assert released["category"] == held["category"]  # accepted as it was
    assert inbox.messages(include_held=False)["total"] == 1
    steps = inbox.history(held["id"])
    assert [(s["action"], s["from"], s["to"], s["actor"]) for s in steps][1:] == [
        ("release", "awaiting_review", "new", "reviewer-1")
    ]
    assert inbox.assign(held["id"], department="Sở Xây dựng")["status"] == "assigned"
    assert [r["action"] for r in audit.export() if r["target"] == f"inbox:{held['id']}"] == [
        "inbox.release", "inbox.assign",
    ]  # fmt: skip
    assert audit.verify().ok


def test_a_reviewers_correction_of_the_category_shows_in_the_inbox(database: str, civic: Callable[[str], str]) -> None:
    review.set_policy("civic.triage", always=True, required=True)
    held = inbox.submit(civic("civic-0213"))  # a health message
    output = review.get(held["review_id"])["output"]
    fixed = {**output, "category": "environment_sanitation", "department": "Sở Nông nghiệp và Môi trường"}
    review.correct(held["review_id"], fixed, actor="reviewer-2", note="nguồn nước")
    shown = inbox.get(held["id"])
    assert (shown["status"], shown["category"], shown["department"], shown["review_status"]) == (
        "new", "environment_sanitation", "Sở Nông nghiệp và Môi trường", "corrected",
    )  # fmt: skip
    assert [m["id"] for m in inbox.messages(category="environment_sanitation")["messages"]] == [held["id"]]
    assert inbox.messages(category=held["category"])["total"] == 0
    [step] = [s for s in inbox.history(held["id"]) if s["action"] == "correct"]
    assert step["actor"] == "reviewer-2" and step["detail"]["changed"]["category"] == [
        held["category"], "environment_sanitation",
    ]  # fmt: skip
    assert inbox.stats(period=None)["rows"][0]["category"] == "environment_sanitation"


def test_a_threshold_policy_without_required_releases_at_once_and_a_later_correction_keeps_the_routing(
    database: str, civic: Callable[[str], str]
) -> None:
    review.set_policy("civic.triage", always=True)  # reviewed, but not held
    message = inbox.submit(civic("civic-0003"))
    assert message["status"] == "new" and message["review_status"] == "pending"
    inbox.assign(message["id"], department="Ủy ban nhân dân xã Mỹ Thuận")
    output = review.get(message["review_id"])["output"]
    review.correct(message["review_id"], {**output, "category": "land_construction", "urgency": "high"})
    shown = inbox.get(message["id"])
    assert shown["category"] == "land_construction" and shown["urgency"] == "high"
    assert shown["department"] == "Ủy ban nhân dân xã Mỹ Thuận"  # a person routed it: the correction does not move it
    assert shown["status"] == "assigned"


def test_a_reviewer_who_changes_the_urgency_changes_the_deadline(database: str, civic: Callable[[str], str]) -> None:
    review.set_policy("civic.triage", always=True, required=True)
    held = inbox.submit(civic("civic-0213"))
    output = review.get(held["review_id"])["output"]
    urgency = "low" if output["urgency"] == "high" else "high"
    review.correct(held["review_id"], {**output, "urgency": urgency}, actor="reviewer-2")
    shown = inbox.get(held["id"])
    due = with_deadline({**output, "urgency": urgency}, "default", shown["received_on"])["deadline"]
    assert shown["urgency"] == urgency and shown["deadline"] == due != held["deadline"], (held, shown)

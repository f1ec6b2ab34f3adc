"""A message's triage has one set of rules on every surface: a reviewer's correction is held to the inbox's own
(known category, routing-table department, deadline by the rules, the citizen's text untouched), a closed message
keeps its triage, two people correcting one message at once keep both corrections, and the same correction twice
is one training example. Python and REST, on both databases."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer

from nonla import inbox, review
from nonla.api.app import create_app
from nonla.core.errors import Conflict, InvalidInput
from nonla.governance import audit
from nonla.governance.review_examples import iter_examples
from nonla.inbox import triage_decision
from nonla.inbox.reviews import with_deadline


@pytest.fixture
def app(database: str) -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        yield client


def _held(text: str) -> tuple[dict[str, Any], dict[str, Any]]:
    review.set_policy("civic.triage", always=True, required=True)
    message = inbox.submit(text)
    return message, review.get(message["review_id"])["output"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"category": "khong-ton-tai"}, "category"),
        ({"department": "<b>Phòng Ma</b>"}, "department"),
        ({"redacted": "Tôi là An, SĐT 0900000000"}, "redacted"),
        ({"location": {"ward": "Phường Ma"}}, "location"),
    ],
)
def test_a_reviewers_correction_outside_the_rules_is_refused_on_every_surface(
    app: TestClient, civic: Callable[[str], str], change: dict[str, Any], field: str
) -> None:
    message, output = _held(civic("civic-0213"))
    with pytest.raises(InvalidInput) as caught:
        review.correct(message["review_id"], {**output, **change})
    assert caught.value.details["field"] == field and caught.value.hint
    refused = app.post(f"/v1/review/{message['review_id']}/decision", headers=bearer("reviewer"),
                       json={"correction": {**output, **change}})  # fmt: skip
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "invalid_input", refused.json()
    assert review.get(message["review_id"])["status"] == "pending"
    assert inbox.get(message["id"]) == message  # still held, as it was


def test_a_reviewers_correction_follows_the_taxonomy_and_keeps_the_citizens_text(
    database: str, civic: Callable[[str], str]
) -> None:
    message, output = _held(civic("civic-0213"))  # a health message
    target = "environment_sanitation"
    sent = {**output, "category": target, "category_label": "?", "deadline": "1900-01-01", "deadline_days": 99}
    item = review.correct(message["review_id"], sent, actor="reviewer-1")
    fixed = item["correction"]
    due = with_deadline({**output, "category": target}, "default", message["received_on"])
    assert (fixed["deadline"], fixed["deadline_days"]) == (due["deadline"], due["deadline_days"])
    assert fixed["department"] == "Sở Nông nghiệp và Môi trường" != output["department"]  # follows the category
    assert fixed["category_label"] != "?" and fixed["category_confidence"] == 1.0
    shown = inbox.get(message["id"])
    assert (shown["status"], shown["category"], shown["deadline"]) == ("new", target, due["deadline"])
    assert shown["text"] == message["text"] and not shown["overdue"]


def test_a_reviewer_may_name_a_department_of_the_routing_table(app: TestClient, civic: Callable[[str], str]) -> None:
    message, output = _held(civic("civic-0003"))
    done = app.post(f"/v1/review/{message['review_id']}/decision", headers=bearer("reviewer"),
                    json={"correction": {**output, "department": "Sở Y tế"}})  # fmt: skip
    assert done.status_code == 200, done.json()
    assert inbox.get(message["id"])["department"] == "Sở Y tế"


def test_a_closed_message_keeps_its_triage_whoever_decides(app: TestClient, civic: Callable[[str], str]) -> None:
    review.set_policy("civic.triage", always=True)  # reviewed, not held: the message is handled meanwhile
    message = inbox.submit(civic("civic-0003"))
    inbox.assign(message["id"], department="Sở Xây dựng")
    inbox.answer(message["id"], "Đã xử lý")
    closed = inbox.close(message["id"])
    assert closed["review_status"] == "pending"

    with pytest.raises(Conflict, match="closed; its triage is kept"):
        inbox.decide_triage(message["id"], category="health")
    url = f"/v1/inbox/messages/{message['id']}/triage"
    for body in ({"category": "health"}, {"accept": True}):
        refused = app.post(url, headers=bearer("caller"), json=body)
        assert refused.status_code == 409 and "is closed" in refused.json()["error"]["message"], refused.json()
    assert review.get(message["review_id"])["status"] == "pending"

    # the review queue's own decision is taken: the item is decided, the message is kept as it was, and says so
    output = review.get(message["review_id"])["output"]
    decided = app.post(f"/v1/review/{message['review_id']}/decision", headers=bearer("reviewer"),
                       json={"correction": {**output, "category": "health", "urgency": "high"}})  # fmt: skip
    assert decided.status_code == 200 and decided.json()["status"] == "corrected"
    after = inbox.get(message["id"])
    kept = ("status", "category", "urgency", "deadline", "department", "text", "answer")
    assert {k: after[k] for k in kept} == {k: closed[k] for k in kept}
    assert after["review_status"] == "corrected"
    last = inbox.history(message["id"])[-1]
    assert (last["action"], last["detail"]["kept"], last["detail"]["changed"]) == ("review", "closed", {})
    assert audit.verify().ok


def test_two_people_correcting_one_message_at_once_keep_both_corrections(
    database: str, civic: Callable[[str], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    message = inbox.submit(civic("civic-0003"))
    slow = triage_decision.corrected

    def slowly(*args: Any, **kwargs: Any) -> dict[str, Any]:
        time.sleep(0.3)  # a slow correction: the other person's lands meanwhile
        return slow(*args, **kwargs)

    monkeypatch.setattr(triage_decision, "corrected", slowly)
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def correct(**fix: str) -> None:
        start.wait()
        try:
            inbox.decide_triage(message["id"], **fix)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=correct, kwargs=fix) for fix in ({"urgency": "low"}, {"category": "health"})]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    shown = inbox.get(message["id"])
    assert (shown["category"], shown["urgency"]) == ("health", "low"), shown


def test_the_same_correction_twice_is_one_training_example(database: str, civic: Callable[[str], str]) -> None:
    message = inbox.submit(civic("civic-0003"))
    for _ in range(3):
        assert inbox.decide_triage(message["id"], urgency="high")["urgency"] == "high"
    assert len(list(iter_examples("civic.triage"))) == 1
    assert len([s for s in inbox.history(message["id"]) if s["action"] == "triage"]) == 3  # each on record


def test_a_message_closed_while_the_inbox_decides_its_review_item_refuses_the_decision(
    app: TestClient, civic: Callable[[str], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    review.set_policy("civic.triage", always=True)  # reviewed, not held: the message may be closed meanwhile
    first, second = inbox.submit(civic("civic-0003")), inbox.submit(civic("civic-0213"))
    closing: list[int] = []
    read = triage_decision.corrected

    def then_closed(*args: Any, **kwargs: Any) -> dict[str, Any]:
        fixed = read(*args, **kwargs)
        if closing:  # once, between the decision's read of the message and its write
            inbox.close(closing.pop(), reason="withdrawn", actor="officer-2")
        return fixed

    monkeypatch.setattr(triage_decision, "corrected", then_closed)
    closing.append(first["id"])
    with pytest.raises(Conflict, match="closed; its triage is kept"):
        inbox.decide_triage(first["id"], category="health", urgency="high")
    closing.append(second["id"])
    refused = app.post(f"/v1/inbox/messages/{second['id']}/triage", headers=bearer("caller"), json={"urgency": "low"})
    error = refused.json()["error"]
    assert refused.status_code == 409 and error["code"] == "conflict" and "is closed" in error["message"], error
    assert error["hint"] == "Closed messages are kept as they are."

    kept = ("category", "urgency", "deadline", "department", "text")
    for message in (first, second):
        after = inbox.get(message["id"])
        assert (after["status"], after["review_status"]) == ("closed", "pending")
        assert {k: after[k] for k in kept} == {k: message[k] for k in kept}
        assert review.get(message["review_id"])["status"] == "pending"  # the close won: the item was not decided
        assert [s["action"] for s in inbox.history(message["id"])][-1] == "close"
    assert not list(iter_examples("civic.triage"))  # nothing learnt from a closed message
    assert audit.verify().ok


@pytest.mark.parametrize("required", [False, True])
def test_a_review_decided_just_before_the_close_is_applied_by_the_close(
    database: str, civic: Callable[[str], str], monkeypatch: pytest.MonkeyPatch, required: bool
) -> None:
    review.set_policy("civic.triage", always=True, required=required)
    message = inbox.submit(civic("civic-0213"))  # a health message
    output = review.get(message["review_id"])["output"]
    fixed = {**output, "category": "environment_sanitation", "department": "Sở Nông nghiệp và Môi trường"}
    from nonla.inbox import service

    synced = service.sync_reviews

    def then_decided(tenant: str) -> int:  # the reviewer's decision commits after the close read the queue
        done = synced(tenant)
        if review.get(message["review_id"])["status"] == "pending":
            review.correct(message["review_id"], fixed, actor="reviewer-2")
        return done

    monkeypatch.setattr(service, "sync_reviews", then_decided)
    closed = inbox.close(message["id"], reason="duplicate", actor="officer-1")
    assert (closed["status"], closed["review_status"]) == ("closed", "corrected")
    assert (closed["category"], closed["department"]) == ("environment_sanitation", fixed["department"])
    steps = [(s["action"], s["from"], s["to"]) for s in inbox.history(message["id"])][1:]
    held = "awaiting_review" if required else "new"
    assert steps == [("correct", held, "new"), ("close", "new", "closed")], steps
    assert inbox.get(message["id"]) == closed  # nothing left for a later read to apply
    assert len(list(iter_examples("civic.triage"))) == 1 and audit.verify().ok

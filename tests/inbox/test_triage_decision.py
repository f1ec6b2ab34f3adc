"""Accepting or correcting a message's triage on the message itself: in place, or through the review item that holds
it; Python, REST and CLI; bad corrections are clear 4xx errors and change nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from nonla import inbox, review
from nonla.api.app import create_app
from nonla.cli import app as cli
from nonla.core.errors import Conflict, InvalidInput
from nonla.governance import audit, keys
from nonla.governance.review_examples import iter_examples


def test_accept_in_place_then_a_second_accept_conflicts(database: str, civic: Callable[[str], str]) -> None:
    message = inbox.submit(civic("civic-0003"))
    assert message["review_id"] is None and message["review_status"] is None
    accepted = inbox.decide_triage(message["id"], accept=True, actor="officer-1")
    assert accepted["review_status"] == "accepted" and accepted["category"] == message["category"]
    with pytest.raises(Conflict, match="already accepted"):
        inbox.decide_triage(message["id"], accept=True)
    [step] = [s for s in inbox.history(message["id"]) if s["action"] == "triage"]
    assert step["actor"] == "officer-1" and step["detail"]["triage"] == "accepted"
    assert [r["action"] for r in audit.export() if r["target"] == f"inbox:{message['id']}"] == ["inbox.triage"]
    assert audit.verify().ok


def test_correct_in_place_recounts_the_deadline_and_keeps_a_training_example(
    database: str, civic: Callable[[str], str]
) -> None:
    message = inbox.submit(civic("civic-0213"), subject_id="cccd-042")  # a health message
    target = "environment_sanitation"
    fixed = inbox.decide_triage(message["id"], category=target, urgency="high", actor="officer-2", note="nguồn nước")
    assert (fixed["category"], fixed["urgency"], fixed["review_status"]) == (target, "high", "corrected")
    assert fixed["department"] != message["department"]  # follows the category: nobody had routed it yet
    assert fixed["category_confidence"] == 1.0 and fixed["urgency_confidence"] == 1.0
    assert fixed["deadline"] is not None and fixed["deadline"] <= message["deadline"]  # urgent: sooner
    assert [m["id"] for m in inbox.messages(category=target)["messages"]] == [message["id"]]
    [example] = list(iter_examples("civic.triage"))
    assert example["output"]["category"] == target and example["original"]["category"] == message["category"]
    assert example["input"]["text"] == message["text"] and example["created_by"] == "officer-2"
    # a person's routing wins: correcting the category of an assigned message keeps its department
    inbox.assign(message["id"], department="Phòng Y tế")
    again = inbox.decide_triage(message["id"], category=message["category"])
    assert again["department"] == "Phòng Y tế" and again["category"] == message["category"]
    routed = inbox.decide_triage(message["id"], department="Sở Y tế")
    assert routed["department"] == "Sở Y tế"
    inbox.close(message["id"], reason="withdrawn")
    with pytest.raises(Conflict, match="closed"):  # kept as it was, and nothing more to train on
        inbox.decide_triage(message["id"], category=target)
    # two examples: naming the department the triage already had routes the message but teaches nothing new
    assert len(list(iter_examples("civic.triage"))) == 2


def test_a_held_message_is_decided_through_its_review_item(database: str, civic: Callable[[str], str]) -> None:
    review.set_policy("civic.triage", always=True, required=True)
    held = inbox.submit(civic("civic-0425"))
    assert held["status"] == "awaiting_review"
    fixed = inbox.decide_triage(held["id"], urgency="low", actor="reviewer-3")
    assert (fixed["status"], fixed["urgency"], fixed["review_status"]) == ("new", "low", "corrected")
    item = review.get(held["review_id"])
    assert item["status"] == "corrected" and item["decided_by"] == "reviewer-3"
    assert item["correction"]["urgency"] == "low"


def test_bad_decisions_are_clear_and_change_nothing(database: str, civic: Callable[[str], str]) -> None:
    message = inbox.submit(civic("civic-0003"))
    for bad, field in (({"category": "no_such_category"}, "category"), ({"urgency": "asap"}, "urgency"),
                       ({"department": " "}, "department")):  # fmt: skip
        with pytest.raises(InvalidInput) as caught:
            inbox.decide_triage(message["id"], **bad)
        assert caught.value.details["field"] == field
    with pytest.raises(InvalidInput, match="Either accept"):
        inbox.decide_triage(message["id"])
    with pytest.raises(InvalidInput, match="Either accept"):
        inbox.decide_triage(message["id"], accept=True, urgency="high")
    assert inbox.get(message["id"]) == message | {"updated_at": inbox.get(message["id"])["updated_at"]}
    assert not [s for s in inbox.history(message["id"]) if s["action"] == "triage"]


@pytest.fixture
def client(database: str) -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as test_client:
        yield test_client


def test_rest_and_cli(client: TestClient, civic: Callable[[str], str]) -> None:
    key, _ = keys.create_key("caller", "officer")
    headers = {"Authorization": f"Bearer {key}"}
    created = client.post("/v1/inbox/messages", headers=headers, json={"text": civic("civic-0003")})
    mid = created.json()["id"]
    url = f"/v1/inbox/messages/{mid}/triage"
    assert client.post(url, json={"accept": True}).status_code == 401
    auditor, _ = keys.create_key("auditor", "reader")
    assert client.post(url, headers={"Authorization": f"Bearer {auditor}"}, json={"accept": True}).status_code == 403
    bad = client.post(url, headers=headers, json={"category": "no_such_category"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_input"
    assert client.post(url, headers=headers, json={"urgency": "asap"}).status_code == 422
    assert (
        client.post(f"/v1/inbox/messages/{mid + 999}/triage", headers=headers, json={"accept": True}).status_code == 404
    )
    other, _ = keys.create_key("caller", "other agency", tenant="agency-b")
    hidden = client.post(url, headers={"Authorization": f"Bearer {other}"}, json={"accept": True})
    assert hidden.status_code == 404  # another agency's message does not exist for this one
    done = client.post(url, headers=headers, json={"urgency": "high"})
    assert done.status_code == 200 and done.json()["urgency"] == "high" and done.json()["review_status"] == "corrected"

    result = CliRunner().invoke(cli, ["inbox", "triage", str(mid), "--urgency", "low"])
    assert result.exit_code == 0, result.output
    assert "corrected" in result.output and inbox.get(mid)["urgency"] == "low"
    refused = CliRunner().invoke(cli, ["inbox", "triage", str(mid), "--urgency", "soon"])
    assert refused.exit_code != 0 and isinstance(refused.exception, InvalidInput)
    assert "Unknown urgency" in refused.exception.message and inbox.get(mid)["urgency"] == "low"

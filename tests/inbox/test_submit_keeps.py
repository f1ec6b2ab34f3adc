"""What submitting keeps, on both databases: the review queue keeps a citizen's words no more than the inbox does
(masked, or the original tagged with its data subject), a NUL character fails its own row only, and a chunk that
cannot be stored leaves no review item waiting for a message that is not there."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer
from sqlalchemy import func, select
from tests.test_cli_inbox import nonla

from nonla import inbox, review
from nonla.api.app import create_app
from nonla.governance import audit, subjects
from nonla.store.db import session
from nonla.store.schema import InboxMessage, ReviewItem

RAW = "Tôi là Nguyễn Văn An, số điện thoại 0987654321, email an@gmail.com, đường Lê Lợi ngập sâu sau mưa."
PERSONAL = ("0987654321", "an@gmail.com")


def _count(model: type) -> int:
    with session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_the_review_queue_keeps_the_masked_text_of_a_message_without_a_subject(database: str) -> None:
    review.set_policy("civic.triage", always=True, required=True)
    message = inbox.submit(RAW)
    assert inbox.get(message["id"], personal=True)["original"] is None
    item = review.get(message["review_id"])
    assert item["subject_id"] is None and item["input"]["text"] == message["text"]
    assert not any(word in json.dumps(item, ensure_ascii=False) for word in PERSONAL)
    inbox.decide_triage(message["id"], urgency="high")
    with TestClient(create_app(), raise_server_exceptions=False) as app:
        exported = app.get("/v1/review/examples/civic.triage", headers=bearer("reviewer"))
    assert exported.status_code == 200 and len(exported.json()["examples"]) == 1
    assert not any(word in exported.text for word in PERSONAL)


def test_with_a_subject_the_original_is_kept_tagged_and_erased_with_it(database: str) -> None:
    review.set_policy("civic.triage", always=True, required=True)
    message = inbox.submit(RAW, subject_id="cccd-007")
    item = review.get(message["review_id"])
    assert item["input"]["text"] == RAW and item["subject_id"] == "cccd-007"
    subjects.erase("cccd-007")
    assert _count(ReviewItem) == 0 and _count(InboxMessage) == 0


HOME = "Tôi ở nhà số 45 ngõ 12 phố Huế, phường Hai Bà Trưng, Hà Nội: đèn đường trước nhà hỏng cả tuần."


def test_a_house_address_is_kept_no_more_than_the_text_that_masks_it(database: str) -> None:
    """privacy.pii masks the house address as [ADDRESS]; triage's place must not keep it (location.street) for a
    message without a data subject, in the inbox or its review item, and shows it only with the original."""
    review.set_policy("civic.triage", always=True, required=True)
    plain = inbox.submit(HOME)
    assert "45" not in plain["text"] and "street" not in (plain["location"] or {}), plain["location"]
    assert plain["location"]["ward"] == "Phường Hai Bà Trưng"  # the office that handles it is still known
    assert "ngõ 12" not in json.dumps(inbox.get(plain["id"], personal=True), ensure_ascii=False)
    assert "ngõ 12" not in json.dumps(review.get(plain["review_id"]), ensure_ascii=False)
    tagged = inbox.submit(HOME, subject_id="cccd-045")
    assert "street" not in inbox.get(tagged["id"])["location"]
    assert inbox.get(tagged["id"], personal=True)["location"]["street"] == "nhà số 45 ngõ 12 phố Huế"


def test_a_nul_character_fails_its_own_row(database: str, tmp_path: Path) -> None:
    review.set_policy("civic.triage", always=True, required=True)
    rows = [{"text": "Rác ở chợ Bến Thành", "id": "v1"}, {"text": "Ngập ở đường Lê Lợi", "id": "v2"},
            {"text": "ngập \x00 nước", "id": "n1"}, {"text": "Ổ gà đường Hai Bà Trưng", "id": "v3"}]  # fmt: skip
    results = inbox.submit_many(rows)
    assert [("error" in r) for r in results] == [False, False, True, False]
    assert "NUL" in results[2]["error"]["message"]
    assert _count(InboxMessage) == 3 and _count(ReviewItem) == 3  # one item per stored message, none astray

    path = tmp_path / "nul.csv"
    path.write_text('text,id\n"ngập \x00 nước",n2\n"Cống vỡ ở đường Lê Duẩn",v4\n', encoding="utf-8")
    done = nonla("inbox", "submit", str(path), home=tmp_path / "nonla-home")
    assert done.returncode == 0, done.stderr
    assert "1 messages stored (1 held for review)" in done.stderr and "row 1:" in done.stderr, done.stderr
    assert _count(InboxMessage) == 4 and _count(ReviewItem) == 4


def test_a_chunk_that_cannot_be_stored_takes_its_review_items_with_it(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    review.set_policy("civic.triage", always=True, required=True)

    def broken(*args: object) -> None:
        raise RuntimeError("the store went away")  # after the triage queued the chunk's items

    # the module, not nonla.inbox.submit (the package's function of that name)
    monkeypatch.setattr(importlib.import_module("nonla.inbox.submit"), "_store", broken)
    with pytest.raises(RuntimeError, match="went away"):
        inbox.submit_many([{"text": "Rác ở chợ Bến Thành"}, {"text": "Ngập ở đường Lê Lợi"}])
    assert _count(ReviewItem) == 0 and _count(InboxMessage) == 0
    [withdrawn] = audit.export(action="review.withdraw")
    assert len(withdrawn["detail"]["ids"]) == 2 and audit.verify().ok

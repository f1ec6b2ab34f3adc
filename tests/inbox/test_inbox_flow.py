"""The inbox from Python on both databases: submit, bulk CSV, filters, assign/answer/close, illegal moves, audit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from nonla import inbox
from nonla.core.errors import Conflict, InvalidEncoding, InvalidInput, NotFound
from nonla.governance import audit


def test_submit_stores_the_triage_and_the_redacted_text(database: str, civic: Callable[[str], str]) -> None:
    text = civic("civic-0030")  # a name, a phone number and a home address
    plain = inbox.submit(text, channel="hotline", received_at="2025-03-03T08:00", id="hl-1")
    assert plain["status"] == "new" and plain["channel"] == "hotline" and plain["key"] == "hl-1"
    assert plain["received_at"] == "2025-03-03T01:00:00.000000Z" and plain["received_on"] == "2025-03-03"
    assert "0983 112 457" not in plain["text"] and plain["text"] != text  # the redacted text is what staff see
    assert plain["category"] and plain["department"] and plain["urgency"] in ("low", "normal", "high")
    assert plain["deadline"] >= "2025-03-03"
    stored = inbox.get(plain["id"], personal=True)
    assert stored["original"] is None and stored["contact"] is None  # no data subject: the original is not kept

    tagged = inbox.submit(text, subject_id="cccd-079", contact="0983 112 457", received_at="2025-03-03")
    personal = inbox.get(tagged["id"], personal=True)
    assert personal["original"] == text and personal["contact"] == "0983 112 457"
    assert personal["subject_id"] == "cccd-079" and "original" not in inbox.get(tagged["id"])

    again = inbox.submit("một văn bản khác", id="hl-1")  # the same sender id: no second message
    assert again["id"] == plain["id"] and inbox.messages()["total"] == 2
    with pytest.raises(InvalidInput, match="subject_id"):
        inbox.submit(text, contact="0983 112 457")
    with pytest.raises(InvalidInput):
        inbox.submit("   ")
    with pytest.raises(InvalidInput, match="channel"):
        inbox.submit(text, channel="fax")
    with pytest.raises(InvalidInput, match="received_at"):
        inbox.submit(text, received_at="hôm qua")
    with pytest.raises(InvalidInput, match="future"):
        inbox.submit(text, received_at="2999-01-01")
    [row] = [r for r in audit.export(action="inbox.submit")][:1]
    assert row["detail"]["ids"] == [plain["id"]] and text not in str(row)  # audit keeps ids, never the text
    assert audit.verify().ok


def test_bulk_csv_with_errors_and_a_rerun_that_changes_nothing(
    database: str, tmp_path: Path, civic: Callable[[str], str]
) -> None:
    path = tmp_path / "hotline.csv"
    rows = [
        "id,text,channel,received_at",
        f'a1,"{civic("civic-0003")}",portal,2025-03-03T08:00',
        f'a2,"{civic("civic-0213")}",hotline,2025-03-04',
        "a3,,app,2025-03-04",  # no text
        f'a4,"{civic("civic-0425")}",fax,2025-03-05',  # not a channel
        f'a1,"{civic("civic-0003")}",portal,2025-03-03T08:00',  # the same id again in the file
        f'a5,"{civic("civic-0265")}",,',
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8-sig")  # Excel's 'CSV UTF-8' starts with a BOM
    seen: list[tuple[int, int]] = []
    results = inbox.submit_csv(path, progress=lambda done, total: seen.append((done, total)))
    assert [("error" in r, r.get("created")) for r in results] == [
        (False, True), (False, True), (True, None), (True, None), (False, False), (False, True),
    ]  # fmt: skip
    assert results[2]["error"]["code"] == "empty_text" and results[3]["error"]["code"] == "invalid_input"
    assert results[4]["id"] == results[0]["id"]
    assert seen[-1] == (6, 6)
    fifth = inbox.get(results[5]["id"])
    assert fifth["channel"] == "portal" and fifth["received_on"]  # empty cells: the defaults
    rerun = inbox.submit_csv(path)
    assert [r.get("created") for r in rerun] == [False, False, None, None, False, False]
    assert inbox.messages()["total"] == 3

    bad = tmp_path / "bad.csv"
    bad.write_text("txt,channel\nxin chào,app\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="no 'text' column"):
        inbox.submit_csv(bad)
    bad.write_text("text,priority\nxin chào,1\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="priority"):
        inbox.submit_csv(bad)
    bad.write_bytes("text\nĐường hỏng\n".encode("utf-16"))  # a legacy export, not UTF-8
    with pytest.raises(InvalidEncoding):
        inbox.submit_csv(bad)
    with pytest.raises(NotFound):
        inbox.submit_csv(tmp_path / "missing.csv")


def test_filters_and_paging(database: str, civic: Callable[[str], str]) -> None:
    sent = {
        "road": inbox.submit(civic("civic-0028"), received_at="2025-03-03T08:00"),
        "road_again": inbox.submit(civic("civic-0029"), received_at="2025-03-04T08:00"),
        "health": inbox.submit(civic("civic-0213"), received_at="2025-03-10T08:00"),
        "water": inbox.submit(civic("civic-0425"), received_at="2025-04-02T08:00"),
    }
    ids = {name: message["id"] for name, message in sent.items()}
    everything = inbox.messages()
    assert everything["total"] == 4
    assert [m["id"] for m in everything["messages"]] == [ids["water"], ids["health"], ids["road_again"], ids["road"]]
    page = inbox.messages(limit=2, offset=2)
    assert page["total"] == 4 and [m["id"] for m in page["messages"]] == [ids["road_again"], ids["road"]]

    road = inbox.get(ids["road"])
    by_category = inbox.messages(category=road["category"])["messages"]
    assert ids["road"] in [m["id"] for m in by_category] and all(m["category"] == road["category"] for m in by_category)
    by_department = inbox.messages(department=road["department"])["messages"]
    assert all(m["department"] == road["department"] for m in by_department)

    # the second message repeats the first: both carry the first one's group
    again = inbox.get(ids["road_again"])
    assert again["duplicate_group"] == str(ids["road"]) and inbox.get(ids["road"])["duplicate_group"] == str(
        ids["road"]
    )
    group = inbox.messages(duplicate_group=str(ids["road"]))["messages"]
    assert sorted(m["id"] for m in group) == sorted([ids["road"], ids["road_again"]])

    water = inbox.get(ids["water"])
    assert water["province"] == "Thành phố Hải Phòng"
    assert [m["id"] for m in inbox.messages(province="Thành phố Hải Phòng")["messages"]] == [ids["water"]]
    if water["ward"]:
        assert ids["water"] in [m["id"] for m in inbox.messages(ward=water["ward"])["messages"]]

    march = inbox.messages(received_from="2025-03-01", received_to="2025-03-31")["messages"]
    assert sorted(m["id"] for m in march) == sorted([ids["road"], ids["road_again"], ids["health"]])
    assert inbox.messages(received_from="2025-03-04", received_to="2025-03-04")["total"] == 1
    late = inbox.messages(overdue=True)["messages"]
    assert len(late) == 4 and all(m["overdue"] for m in late)  # every deadline of 2025 has passed
    inbox.assign(ids["road"], department="Sở Xây dựng")
    inbox.answer(ids["road"], "Đã vá các ổ gà.")
    assert inbox.messages(overdue=False)["total"] == 1 and inbox.messages(status="answered")["total"] == 1
    assert inbox.messages(status="new")["total"] == 3
    for bad in ({"status": "lost"}, {"received_from": "03/2025"}, {"received_from": "2025-04-01",
                                                                      "received_to": "2025-03-01"}):  # fmt: skip
        with pytest.raises(InvalidInput):
            inbox.messages(**bad)


def test_assign_answer_close_and_the_history(database: str, civic: Callable[[str], str]) -> None:
    message = inbox.submit(civic("civic-0003"), received_at="2025-03-03T08:00")
    mid = message["id"]
    assigned = inbox.assign(mid, department="Sở Xây dựng", assignee="Nguyễn Thị Lan", note="đường liên xã", actor="lan")
    assert (assigned["status"], assigned["department"], assigned["assignee"]) == (
        "assigned", "Sở Xây dựng", "Nguyễn Thị Lan",
    )  # fmt: skip
    moved = inbox.assign(mid, assignee="Trần Văn Minh", actor="lan")  # reassigning within the department
    assert moved["department"] == "Sở Xây dựng" and moved["assignee"] == "Trần Văn Minh"
    answered = inbox.answer(mid, "Sở đã lập kế hoạch sửa đường trong quý II.", actor="minh",
                            answered_at="2025-03-05T10:00")  # fmt: skip
    assert answered["status"] == "answered" and answered["answered_at"] == "2025-03-05T03:00:00.000000Z"
    assert answered["answer"].startswith("Sở đã") and answered["answered_by"] == "minh"
    closed = inbox.close(mid, actor="lan")
    assert closed["status"] == "closed" and closed["close_reason"] == "resolved" and closed["closed_at"]

    steps = inbox.history(mid)
    assert [(s["action"], s["from"], s["to"], s["actor"]) for s in steps] == [
        ("submit", None, "new", steps[0]["actor"]),
        ("assign", "new", "assigned", "lan"),
        ("assign", "assigned", "assigned", "lan"),
        ("answer", "assigned", "answered", "minh"),
        ("close", "answered", "closed", "lan"),
    ]
    assert steps[1]["detail"]["note"] == "đường liên xã"
    rows = [r for r in audit.export() if r["target"] == f"inbox:{mid}"]
    assert [r["action"] for r in rows] == ["inbox.assign", "inbox.assign", "inbox.answer", "inbox.close"]
    assert "quý II" not in str(rows) and len(rows[2]["detail"]["answer_digest"]) == 64
    assert audit.verify().ok


def test_illegal_moves_are_conflicts_with_a_hint(database: str, civic: Callable[[str], str]) -> None:
    mid = inbox.submit(civic("civic-0265"))["id"]
    with pytest.raises(Conflict, match="assigned before it is answered") as caught:
        inbox.answer(mid, "Đã sửa.")
    assert caught.value.http_status == 409 and "Assign it" in caught.value.hint
    with pytest.raises(Conflict, match="answered message can be closed as resolved"):
        inbox.close(mid)
    with pytest.raises(InvalidInput, match="department, a person"):
        inbox.assign(mid)
    with pytest.raises(InvalidInput, match="reason"):
        inbox.close(mid, reason="bored")
    inbox.assign(mid, department="Sở Giáo dục và Đào tạo")
    with pytest.raises(InvalidInput):
        inbox.answer(mid, "  ")
    with pytest.raises(InvalidInput, match="future"):
        inbox.answer(mid, "Đã sửa.", answered_at="2999-01-01")
    inbox.answer(mid, "Trường đã sửa nhà vệ sinh.")
    with pytest.raises(Conflict, match="already answered"):
        inbox.answer(mid, "Lần hai.")
    with pytest.raises(Conflict, match="cannot be reassigned"):
        inbox.assign(mid, department="Sở Xây dựng")
    inbox.close(mid)
    for action in (lambda: inbox.answer(mid, "x"), lambda: inbox.close(mid), lambda: inbox.assign(mid, assignee="x")):
        with pytest.raises(Conflict, match="closed"):
            action()
    spam = inbox.submit(civic("civic-0003"))["id"]
    assert inbox.close(spam, reason="spam", note="quảng cáo")["close_reason"] == "spam"  # open → closed, no answer
    with pytest.raises(NotFound):
        inbox.assign(999_999, department="x")
    with pytest.raises(NotFound):  # another agency's message does not exist for this one
        inbox.get(mid, tenant="other-agency")
    assert inbox.get(mid)["status"] == "closed" and audit.verify().ok

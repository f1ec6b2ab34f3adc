"""Inbox statistics on both databases, against figures worked out by hand for six messages.

message  category     received (Vietnam)  answered            hours  then
A        roads        2025-03-03 08:00    2025-03-03 10:00        2  closed
B        roads        2025-03-04 09:00    2025-03-04 19:00       10
C        health       2025-03-10 08:00    2025-03-11 14:00       30
D        health       2025-04-01 08:00    -                          assigned: overdue by 2025-06-30
E        utilities    2025-04-02 08:00    2025-06-01 08:00     1440  after its deadline (late)
F        education    2025-04-03 08:00    -                          closed as spam: never overdue
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from nonla import inbox
from nonla.core.errors import InvalidInput
from nonla.inbox.submit import submit_many

AS_OF = "2025-06-30"


def _load(civic: Callable[[str], str]) -> dict[str, dict[str, Any]]:
    plan = {
        "A": ("civic-0003", "2025-03-03T08:00", "2025-03-03T10:00"),
        "B": ("civic-0006", "2025-03-04T09:00", "2025-03-04T19:00"),
        "C": ("civic-0213", "2025-03-10T08:00", "2025-03-11T14:00"),
        "D": ("civic-0217", "2025-04-01T08:00", None),
        "E": ("civic-0425", "2025-04-02T08:00", "2025-06-01T08:00"),
        "F": ("civic-0265", "2025-04-03T08:00", None),
    }
    sent = {}
    for name, (source, received, answered) in plan.items():
        message = inbox.submit(civic(source), received_at=received, id=name)
        if answered:
            inbox.assign(message["id"], assignee="cán bộ tiếp dân")
            inbox.answer(message["id"], "Đã tiếp nhận và xử lý.", answered_at=answered)
        sent[name] = message
    inbox.close(sent["A"]["id"])
    inbox.assign(sent["D"]["id"], department="Sở Y tế")
    inbox.close(sent["F"]["id"], reason="spam")
    return {name: inbox.get(m["id"]) for name, m in sent.items()}


def _figures(rows: list[dict[str, Any]], by: str) -> dict[tuple[str, Any], tuple[Any, ...]]:
    return {(r["period"], r[by]): (r["count"], r["answered"], r["median_handling_hours"], r["overdue"],
                                   r["answered_late"]) for r in rows}  # fmt: skip


def test_stats_by_category_and_month_match_the_hand_count(database: str, civic: Callable[[str], str]) -> None:
    sent = _load(civic)
    categories = {name: m["category"] for name, m in sent.items()}
    # The plan needs the categories the texts were chosen for (all are training messages of civic.triage).
    assert categories == {"A": "traffic_roads", "B": "traffic_roads", "C": "health", "D": "health",
                          "E": "utilities", "F": "education"}  # fmt: skip
    assert sent["E"]["deadline"] < "2025-06-01" < AS_OF and sent["D"]["deadline"] < AS_OF

    body = inbox.stats(by="category", period="month", as_of=AS_OF)
    assert (body["by"], body["period"], body["as_of"]) == ("category", "month", AS_OF)
    assert _figures(body["rows"], "category") == {
        ("2025-03", "traffic_roads"): (2, 2, 6.0, 0, 0),  # median of 2 h and 10 h
        ("2025-03", "health"): (1, 1, 30.0, 0, 0),
        ("2025-04", "health"): (1, 0, None, 1, 0),
        ("2025-04", "utilities"): (1, 1, 1440.0, 0, 1),
        ("2025-04", "education"): (1, 0, None, 0, 0),
    }
    assert [r["period"] for r in body["rows"]] == ["2025-04"] * 3 + ["2025-03"] * 2  # newest first
    assert body["total"] == {"count": 6, "answered": 4, "median_handling_hours": 20.0, "overdue": 1,
                             "answered_late": 1}  # median of 2, 10, 30, 1440  # fmt: skip


def test_stats_by_department_week_ward_and_filters(database: str, civic: Callable[[str], str]) -> None:
    sent = _load(civic)
    by_department = inbox.stats(by="department", period=None, as_of=AS_OF)
    assert _figures(by_department["rows"], "department") == {
        ("all", "Sở Xây dựng"): (2, 2, 6.0, 0, 0),
        ("all", "Sở Y tế"): (2, 1, 30.0, 1, 0),
        ("all", "Sở Công Thương"): (1, 1, 1440.0, 0, 1),
        ("all", "Sở Giáo dục và Đào tạo"): (1, 0, None, 0, 0),
    }
    weeks = _figures(inbox.stats(by="category", period="week", as_of=AS_OF)["rows"], "category")
    assert weeks[("2025-W10", "traffic_roads")] == (2, 2, 6.0, 0, 0)  # Monday 3 and Tuesday 4 March
    assert weeks[("2025-W11", "health")] == (1, 1, 30.0, 0, 0)
    days = _figures(inbox.stats(by="category", period="day", as_of=AS_OF)["rows"], "category")
    assert days[("2025-03-04", "traffic_roads")] == (1, 1, 10.0, 0, 0)

    wards = inbox.stats(by="ward", period=None, as_of=AS_OF)
    assert sum(r["count"] for r in wards["rows"]) == 6
    assert {r["ward"] for r in wards["rows"]} == {m["ward"] for m in sent.values()}

    april = inbox.stats(by="category", period="month", as_of=AS_OF, received_from="2025-04-01")
    assert april["total"]["count"] == 3 and {r["period"] for r in april["rows"]} == {"2025-04"}
    # before D's deadline nothing is overdue yet
    early = inbox.stats(by="category", period=None, as_of=sent["D"]["deadline"])
    assert early["total"]["overdue"] == 0
    for bad in ({"by": "colour"}, {"period": "year"}, {"as_of": "30/06/2025"}):
        with pytest.raises(InvalidInput):
            inbox.stats(**bad)  # type: ignore[arg-type]


def test_as_of_in_any_iso_form_counts_the_same_overdue(database: str, civic: Callable[[str], str]) -> None:
    sent = _load(civic)
    day = date.fromisoformat(min(m["deadline"] for m in sent.values()))  # some open messages are not yet due
    compact, week = day.strftime("%Y%m%d"), "{}-W{:02d}-{}".format(*day.isocalendar())
    overdue = {form: inbox.stats(by="category", period=None, as_of=form)["total"]["overdue"]
               for form in (day.isoformat(), compact, week)}  # fmt: skip
    assert set(overdue.values()) == {overdue[day.isoformat()]}, overdue


def test_a_message_of_an_early_year_is_stored_with_the_rest(database: str, civic: Callable[[str], str]) -> None:
    rows = [{"text": civic("civic-0003"), "id": "early", "received_at": "0999-06-01"},
            {"text": civic("civic-0213"), "id": "later", "received_at": "2025-03-02"}]  # fmt: skip
    results = submit_many(rows, "default", "local")
    assert all("error" not in r for r in results), results
    assert inbox.messages()["total"] == 2

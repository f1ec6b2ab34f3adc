"""Near-duplicate groups that follow the problem, not the order or the way messages come in; places written 'P5 Q3'."""

from __future__ import annotations

import nonla
from nonla import inbox
from nonla.functions.civic.triage_groups import groups
from nonla.inbox.submit import submit_many

MANHOLE = "Hố ga trước {} bị mất nắp, tối không có đèn rất dễ gây tai nạn"
HANOI = "số 45 đường Nguyễn Trãi, phường Thượng Đình, quận Thanh Xuân, Hà Nội"
SAIGON = "số 12 đường Lê Lợi, phường Bến Nghé, quận 1, TP.HCM"
# B reports both problems: a near-duplicate of A and of C, which are not near-duplicates of each other
LAMP = "Đèn đường trong hẻm nhà tôi bị hỏng cả tuần nay, buổi tối tối om"
BOTH = "Đèn đường trong hẻm nhà tôi bị hỏng cả tuần nay, hố ga bị mất nắp, xe máy sụp bánh"
HOLE = "Hố ga đầu hẻm nhà tôi bị mất nắp, xe máy sụp bánh"
RUBBISH = [
    "Rác ở đầu ngõ 66 Thái Hà ba ngày chưa thu gom, bốc mùi kinh khủng",
    "rac o dau ngo 66 Thai Ha 3 ngay chua thu gom, boc mui kinh khung",
    "Rac o dau ngo 66 Thai Ha 3 ngay r chua ai thu gom, boc mui qua troi",
]


def _group_of(message_id: int) -> str | None:
    group: str | None = inbox.get(message_id)["duplicate_group"]
    return group


def test_one_problem_at_two_places_is_two_groups_in_one_call() -> None:
    outs = nonla.run_batch("civic.triage", [{"text": MANHOLE.format(HANOI)}, {"text": MANHOLE.format(SAIGON)}])
    assert outs[0].redacted == outs[1].redacted  # masked, the two read the same
    assert [out.duplicate_group for out in outs] == [None, None]


def test_one_problem_at_two_places_is_two_groups_in_the_inbox(database: str) -> None:
    first = inbox.submit(MANHOLE.format(HANOI), received_at="2026-11-23T08:00")
    second = inbox.submit(MANHOLE.format(SAIGON), received_at="2026-11-23T09:00")
    assert first["province"] != second["province"]
    assert _group_of(first["id"]) is None and _group_of(second["id"]) is None
    again = inbox.submit(MANHOLE.format(HANOI), received_at="2026-11-23T10:00")
    assert _group_of(again["id"]) == _group_of(first["id"]) == str(first["id"])  # a repeat at the same place


def test_a_group_takes_the_smallest_id_as_a_number() -> None:
    recent = [("10", "Đèn đường ở ngõ 5 phố Huế hỏng rồi"), ("9", "Đèn đường ngõ 5 phố Huế hỏng mấy hôm nay")]
    assert groups(["Đèn đường ngõ 5 phố Huế bị hỏng"], recent) == ["9"]


def test_ids_of_other_digits_are_ids_like_any_other() -> None:
    recent = [("²", "Đèn đường ở ngõ 5 phố Huế hỏng rồi"), ("PA-1", "Đèn đường ngõ 5 phố Huế hỏng mấy hôm nay")]
    assert groups(["Đèn đường ngõ 5 phố Huế bị hỏng"], recent) == ["PA-1"]  # sorted as text, not read as a number


def test_a_message_dated_in_year_one_is_stored_with_the_others(database: str) -> None:
    stored = submit_many([{"text": RUBBISH[0], "received_at": "0001-01-05T00:00:00+00:00"},
                          {"text": RUBBISH[1], "received_at": "2026-11-23T08:00:00+07:00"}])  # fmt: skip
    assert [row["status"] for row in stored] == ["new", "new"]


def test_a_message_linking_two_stored_ones_joins_them_in_any_order(database: str) -> None:
    for order, tenant in (
        ((LAMP, HOLE, BOTH), "so-acb"),
        ((HOLE, LAMP, BOTH), "so-cab"),
        ((BOTH, LAMP, HOLE), "so-bac"),
    ):
        ids = [
            submit_many([{"text": text, "received_at": f"2026-11-23T{8 + hour:02d}:00"}], tenant=tenant)[0]["id"]
            for hour, text in enumerate(order)
        ]
        assert {inbox.get(i, tenant)["duplicate_group"] for i in ids} == {str(min(ids))}, order


def test_a_message_received_before_a_stored_repeat_joins_it(database: str) -> None:
    later = inbox.submit(RUBBISH[0], channel="portal", received_at="2026-11-23T10:00")
    earlier = inbox.submit(RUBBISH[1], channel="hotline", received_at="2026-11-23T09:00")  # a hotline log filed late
    assert _group_of(earlier["id"]) == _group_of(later["id"]) == str(later["id"])
    far = inbox.submit(RUBBISH[2], received_at="2026-09-01T09:00")  # months before: another occurrence
    assert _group_of(far["id"]) is None


def test_repeats_of_different_subjects_in_one_bulk_are_grouped(database: str) -> None:
    results = submit_many([{"text": text, "subject_id": f"HS-{i}"} for i, text in enumerate(RUBBISH)])
    ids = [result["id"] for result in results]
    assert [_group_of(i) for i in ids] == [str(min(ids))] * 3


def test_wards_and_districts_written_p5_q3_are_located() -> None:
    for text in ("o hem 12 Nguyen Dinh Chieu P5 Q3 co nguoi hut chich ban dem", "nha o F5, Q3 bi mat nuoc 2 ngay"):
        location = nonla.run("civic.triage", text=text).location
        geo = nonla.run("geo.address", text=text)
        assert location is not None and location["province"] == geo.province == "Thành phố Hồ Chí Minh", text
        assert location["ward"] == geo.ward, text
    assert nonla.run("civic.triage", text="Xe Audi Q5 đỗ chắn lối đi cả ngày").location is None

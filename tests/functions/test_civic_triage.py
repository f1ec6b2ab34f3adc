"""civic.triage: real models, real agency files under NONLA_HOME (messages below are not in tests/data/civic)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

import nonla
from nonla.core.errors import InvalidInput, NonlaError
from nonla.core.runner import Runner
from nonla.functions.civic.triage_train import train

REPO = Path(__file__).resolve().parents[2]
MESSAGES = REPO / "tests" / "data" / "civic" / "messages.jsonl"
HAS_GEO = "geo.address" in {entry.name for entry in nonla.catalog()}

CASES = [
    ("Rác sinh hoạt đổ bừa bãi ở bãi đất trống cuối hẻm, bốc mùi hôi thối cả tuần nay.", "environment_sanitation"),
    ("Hàng xóm xây nhà lấn sang đất nhà tôi hơn nửa mét, xã chưa giải quyết.", "land_construction"),
    ("Có người lạ đột nhập trộm xe máy trong khu trọ lúc nửa đêm.", "public_order_security"),
    ("Bệnh viện huyện bắt bệnh nhân tự mua thuốc bên ngoài dù có bảo hiểm y tế.", "health"),
    ("Cô giáo ép học sinh đi học thêm ở nhà, không đi thì bị trù dập điểm.", "education"),
    (
        "Hồ sơ đăng ký khai sinh cho con nộp trên cổng dịch vụ công quá hạn mà chưa có kết quả.",
        "administrative_procedures",
    ),
    ("Mẹ tôi là người khuyết tật mà ba tháng nay chưa nhận được tiền trợ cấp.", "social_welfare"),
    ("mat dien ca khu pho tu sang toi gio chua co lai, dien luc khong bao truoc", "utilities"),
    ("co giao bat hoc sinh di hoc them o nha, khong di thi bi tru diem", "education"),
    ("rac thai do bua bai o cuoi hem boc mui hoi thoi ca tuan nay", "environment_sanitation"),
]


def triage(items: list[dict[str, object]]) -> list[object]:
    return Runner().call("civic.triage", items).results


@pytest.mark.parametrize(("text", "category"), CASES)
def test_clear_messages_get_their_category_with_or_without_marks(text: str, category: str) -> None:
    out = nonla.run("civic.triage", text=text)
    assert out.category == category
    assert 0 <= out.category_confidence <= 1 and out.category_confidence == out.category_scores[category]
    assert out.department_confidence >= out.category_confidence


def test_routing_urgency_and_deadline_follow_the_default_table() -> None:
    out = nonla.run(
        "civic.triage",
        text="Dây điện trước nhà bị đứt, rơi xuống đường, đang tóe lửa, sợ điện giật.",
        received_on="2026-11-20",
    )
    assert (out.category, out.department, out.category_label) == ("utilities", "Sở Công Thương", "Điện, nước sinh hoạt")
    assert out.urgency == "high" and 0.6 <= out.urgency_confidence <= 1
    assert out.deadline_days == 1 and out.deadline.isoformat() == "2026-11-23"  # received Friday: due Monday


def test_danger_words_count_without_diacritics_too() -> None:
    marked = nonla.run("civic.triage", text="Nhà cũ bị sập một mảng tường, có người bị thương.")
    plain = nonla.run("civic.triage", text="nha cu bi sap mot mang tuong, co nguoi bi thuong")
    question = nonla.run("civic.triage", text="cho hoi thu tuc xin giay phep xay dung nha o rieng le")
    assert (marked.urgency, plain.urgency, question.urgency) == ("high", "high", "low")


@pytest.mark.parametrize("text", ["Bé gái 5 tuổi mất tích từ chiều qua", "Con tôi 7 tuổi bị lạc ở chợ, chưa tìm thấy",
                                  "Nước lũ dâng cao, nhà tôi ngập tới nóc", "Có người bị đâm trọng thương",
                                  "Cột điện gãy đổ ngang đường", "Xì ga ở bếp tập thể", "be gai mat tich tu chieu qua"])  # fmt: skip
def test_plain_words_for_a_missing_child_a_flood_a_stabbing_or_a_gas_leak_are_urgent(text: str) -> None:
    assert nonla.run("civic.triage", text=text).urgency == "high"


def test_lu_meaning_a_bunch_of_people_is_no_flood() -> None:
    assert nonla.run("civic.triage", text="Lũ trẻ con chơi ngoài đường ồn ào đến khuya.").urgency != "high"


def test_deadline_counts_working_days_over_a_weekend() -> None:
    # a Thursday, utilities (3 working days): Friday, Monday, Tuesday
    out = nonla.run(
        "civic.triage",
        text="Khu phố tôi mất nước sạch ba ngày rồi mà công ty cấp nước không báo trước.",
        received_on="2026-11-19",
    )
    assert (out.category, out.urgency, out.deadline_days) == ("utilities", "normal", 3)
    assert out.deadline.isoformat() == "2026-11-24"
    assert (
        nonla.run(
            "civic.triage", text="Khu phố tôi mất nước sạch ba ngày rồi mà công ty cấp nước không báo trước."
        ).deadline
        is None
    )


def test_personal_data_is_masked_in_redacted() -> None:
    text = (
        "Tôi là Nguyễn Văn Hùng, CCCD 001085012345, SĐT 0912 345 678, email hung.nv@gmail.com. Ống nước trước "
        "nhà tôi ở số 12 đường Lê Lợi, phường Bến Nghé bị vỡ từ sáng."
    )
    out = nonla.run("civic.triage", text=text)
    for secret in ("Nguyễn Văn Hùng", "001085012345", "0912 345 678", "hung.nv@gmail.com", "số 12 đường Lê Lợi"):
        assert secret not in out.redacted
    assert "[PHONE]" in out.redacted and "[ID]" in out.redacted and "bị vỡ từ sáng" in out.redacted


def test_near_duplicates_in_one_call_share_a_stable_group() -> None:
    first = "Rác ở đầu ngõ 66 phố Thái Hà ba ngày chưa được thu gom, bốc mùi hôi thối."
    again = "rac o dau ngo 66 pho Thai Ha 3 ngay roi chua thu gom, boc mui hoi thoi qua"
    other = "Đèn tín hiệu ở ngã tư Hàng Xanh tắt từ sáng, xe cộ chen lấn."
    outs = triage([{"text": first}, {"text": other}, {"text": again}])
    assert outs[0].duplicate_group is not None and outs[0].duplicate_group == outs[2].duplicate_group
    assert outs[1].duplicate_group is None
    reordered = triage([{"text": again}, {"text": first}])
    assert reordered[0].duplicate_group == reordered[1].duplicate_group == outs[0].duplicate_group


def test_different_problems_at_one_address_are_not_duplicates_in_one_call() -> None:
    """A citizen's address is the same for every problem there: compared in full it made these near-duplicates
    when they came in one call (a bulk import), though sent one by one they were kept apart."""
    address = "nhà số 45 ngõ 12 phố Huế, phường Hai Bà Trưng, Hà Nội"
    pairs = [(f"Quán karaoke {address} hát ồn ào đến 2 giờ sáng", f"Nước thải tràn ra đường trước {address}"),
             (f"Rác thải {address} không ai thu gom", f"Đèn đường {address} bị hỏng")]  # fmt: skip
    for first, second in pairs:
        assert [out.duplicate_group for out in triage([{"text": first}, {"text": second}])] == [None, None]
    repeated = triage([{"text": pairs[0][0]}, {"text": pairs[0][0] + "!"}])
    assert repeated[0].duplicate_group is not None and repeated[0].duplicate_group == repeated[1].duplicate_group


def test_a_repeat_of_a_recent_message_takes_its_id() -> None:
    recent = [{"id": "PA-2026-0141", "text": "Đèn đường ở ngõ 5 phố Huế hỏng cả tuần nay rồi."},
              {"id": "PA-2026-0142", "text": "Trường mầm non thu tiền quỹ lớp quá cao."}]  # fmt: skip
    out = nonla.run("civic.triage", text="Đèn đường ngõ 5 phố Huế bị hỏng cả tuần nay", recent=recent)
    assert out.duplicate_group == "PA-2026-0141"
    assert nonla.run("civic.triage", text="Cây xanh đổ chắn ngang đường", recent=recent).duplicate_group is None


def test_batch_equals_singles_for_different_messages() -> None:
    items = [{"text": text} for text, _ in CASES[:5]] + [{"text": CASES[7][0], "received_on": "2026-11-21"}]
    assert triage(items) == [triage([item])[0] for item in items]


def test_location_comes_from_geo_address_on_the_address_in_the_text() -> None:
    out = nonla.run("civic.triage", text="Cống thoát nước ở xã Hòa An, Cần Thơ bị tắc, nước tràn vào nhà dân.")
    if not HAS_GEO:
        pytest.skip("geo.address is not in the catalogue: location is None until it is")
    assert out.location is not None and "Cần Thơ" in (out.location.get("province") or "")
    assert nonla.run("civic.triage", text="Cho hỏi thủ tục làm hộ chiếu online.").location is None


def write_agency(home: Path, name: str, body: object) -> Path:
    path = home / "agencies" / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body if isinstance(body, str) else json.dumps(body, ensure_ascii=False), encoding="utf-8")
    return path


def test_an_agency_file_overrides_the_routing_table(nonla_home: Path) -> None:
    write_agency(nonla_home, "hue", {
        "categories": {"utilities": {"department": "Công ty Cổ phần Điện lực Huế", "deadline_days": 2},
                       "tourism": {"label": "Du lịch", "department": "Sở Văn hóa, Thể thao và Du lịch",
                                   "deadline_days": 10}},
        "urgency": {"low": ["xin hỏi", "cho hỏi", "hỏi thăm"]},
    })  # fmt: skip
    text = "Khu phố tôi mất nước sạch ba ngày rồi mà công ty cấp nước không báo trước."
    default, hue = nonla.run("civic.triage", text=text), nonla.run("civic.triage", text=text, agency="hue")
    assert default.department == "Sở Công Thương" and default.deadline_days == 3
    assert (hue.category, hue.department, hue.deadline_days) == ("utilities", "Công ty Cổ phần Điện lực Huế", 2)
    assert hue.category_label == default.category_label  # fields the agency leaves out come from the default


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("{not json", "not valid UTF-8 JSON"),
        ({"categories": {"health": {"deadline_days": "ten"}}}, "deadline_days"),
        ({"categories": {"tourism": {"label": "Du lịch"}}}, "needs department, deadline_days"),
        ({"categories": {"Bad Key": {"label": "x", "department": "y", "deadline_days": 1}}}, "Bad Key"),
        ({"urgency": {"urgent": ["cháy"]}}, "urgency.urgent"),
    ],
)
def test_a_broken_agency_file_is_a_clear_error(nonla_home: Path, body: object, words: str) -> None:
    write_agency(nonla_home, "broken", body)
    [out] = triage([{"text": "Mất điện cả ngày.", "agency": "broken"}])
    assert isinstance(out, NonlaError) and out.code == "agency_file_invalid" and out.http_status == 422
    assert "broken.json" in out.message and words in out.message and out.hint


def test_an_unknown_or_unsafe_agency_is_a_clear_error() -> None:
    [unknown, unsafe] = triage([{"text": "Mất điện cả ngày.", "agency": "nowhere"},
                                {"text": "Mất điện cả ngày.", "agency": "../etc"}])  # fmt: skip
    assert isinstance(unknown, NonlaError) and unknown.code == "unknown_agency" and unknown.http_status == 404
    assert "nowhere" in unknown.message and "nonla civic train" in unknown.hint
    assert isinstance(unsafe, NonlaError) and unsafe.code == "invalid_input" and unsafe.http_status == 422


def history_csv(path: Path, per_label: int, labels: tuple[str, ...]) -> Path:
    """A small labelled history built from the train split of the civic data set."""
    rows = [json.loads(line) for line in MESSAGES.read_text(encoding="utf-8").splitlines()]
    picked: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if row["split"] == "train" and row["category"] in labels and len(picked[row["category"]]) < per_label:
            picked[row["category"]].append(row["text"])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["noi_dung", "linh_vuc"])
        writer.writerows((text, label) for label in labels for text in picked[label])
    return path


def test_an_agency_retrained_from_its_history_is_used_for_that_agency(nonla_home: Path, tmp_path: Path) -> None:
    labels = ("traffic_roads", "health", "education")
    data = history_csv(tmp_path / "history.csv", 8, labels)
    env = {**os.environ, "NONLA_HOME": str(nonla_home)}
    command = [sys.executable, "-m", "nonla.cli", "civic", "train", "--data", str(data), "--agency", "da-nang",
               "--text-col", "noi_dung", "--label-col", "linh_vuc"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["labels"] == dict.fromkeys(labels, 8) and summary["examples"] == 24
    assert 0 <= summary["cv_accuracy"] <= 100
    assert (nonla_home / "agencies" / "da-nang.head.json").is_file()
    out = nonla.run("civic.triage", text="Cô giáo ép học sinh đi học thêm ở nhà.", agency="da-nang")
    assert set(out.category_scores) == set(labels) and out.category == "education"
    assert out.department == "Sở Giáo dục và Đào tạo"  # the default routing table: the agency has no JSON file


def test_retraining_explains_what_is_wrong_with_the_file(nonla_home: Path, tmp_path: Path) -> None:
    data = history_csv(tmp_path / "history.csv", 8, ("traffic_roads", "health"))
    with pytest.raises(InvalidInput, match="no column 'text'"):
        train(data, "hue")
    few = history_csv(tmp_path / "few.csv", 3, ("traffic_roads", "health"))
    with pytest.raises(InvalidInput, match="at least 5"):
        train(few, "hue", text_col="noi_dung", label_col="linh_vuc")
    unknown = tmp_path / "unknown.csv"
    unknown.write_text(data.read_text(encoding="utf-8").replace(",health", ",y_te"), encoding="utf-8")
    with pytest.raises(InvalidInput, match="Unknown labels for agency 'hue': y_te") as caught:
        train(unknown, "hue", text_col="noi_dung", label_col="linh_vuc")
    assert "agencies/hue.json" in caught.value.hint
    assert not (nonla_home / "agencies" / "hue.head.json").exists()

"""vi.entities: @1 stays underthesea's CRF; @2 finds PER, LOC, ORG, DATE, MONEY and LAW by our guidelines
(tests/data/entities/GUIDELINES.md) on realistic complaints, judgments and legal texts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import nonla
from nonla.core.models import sha256_file
from nonla.functions.vi.entities_gazetteer import GAZETTEER

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "entities"


def found(text: str, version: int = 2) -> list[tuple[str, str]]:
    return [(e.type, e.text) for e in nonla.run(f"vi.entities@{version}", text=text).entities]


def of_type(text: str, kind: str) -> list[str]:
    return [t for k, t in found(text) if k == kind]


def test_version_1_is_the_crf_alone_and_unchanged() -> None:
    text = "Ông Nguyễn Văn An sống tại Hà Nội. Bị cáo Trần Văn Bình bị Tòa án nhân dân tỉnh Nghệ An xét xử."
    out = nonla.run("vi.entities@1", text=text).entities
    assert {e.type for e in out} <= {"PER", "LOC", "ORG"}
    assert ("PER", "Nguyễn Văn An") in [(e.type, e.text) for e in out]
    assert all(text[e.start : e.end] == e.text for e in out)
    # a repeated sentence is tagged once (the CRF is the slow part) and gives the same spans, shifted
    twice = nonla.run("vi.entities@1", text=f"{text} {text}").entities
    shift = len(text) + 1
    assert [(e.type, e.start + shift) for e in out] == [(e.type, e.start) for e in twice[len(out) :]]


def test_a_complaint() -> None:
    text = (
        "Tôi là Nguyễn Thị Hoa, trú tại số 12 ngõ 85 phố Hạ Đình, phường Thanh Xuân Trung, quận Thanh Xuân, "
        "thành phố Hà Nội, phản ánh từ tháng 3/2024 Công ty TNHH Môi trường Xanh thu 150.000 đồng mỗi tháng."
    )
    assert found(text) == [
        ("PER", "Nguyễn Thị Hoa"),
        ("LOC", "Hạ Đình"),
        ("LOC", "Thanh Xuân Trung"),
        ("LOC", "Thanh Xuân"),
        ("LOC", "Hà Nội"),
        ("DATE", "tháng 3/2024"),
        ("ORG", "Công ty TNHH Môi trường Xanh"),
        ("MONEY", "150.000 đồng"),
    ]


def test_a_judgment() -> None:
    text = (
        "Ngày 20 tháng 10 năm 2023, Tòa án nhân dân thành phố Buôn Ma Thuột xét xử bị cáo NGUYỄN VĂN TÙNG "
        "(tên gọi khác: Tí) về tội trộm cắp tài sản trị giá 15.000.000 đồng của anh Y Bhim Êban theo "
        "khoản 1 Điều 173; điểm s khoản 1 Điều 51 Bộ luật Hình sự năm 2015 (sửa đổi, bổ sung năm 2017)."
    )
    assert found(text) == [
        ("DATE", "Ngày 20 tháng 10 năm 2023"),
        ("ORG", "Tòa án nhân dân thành phố Buôn Ma Thuột"),
        ("PER", "NGUYỄN VĂN TÙNG"),
        ("PER", "Tí"),
        ("MONEY", "15.000.000 đồng"),
        ("PER", "Y Bhim Êban"),
        ("LAW", "khoản 1 Điều 173; điểm s khoản 1 Điều 51 Bộ luật Hình sự năm 2015 (sửa đổi, bổ sung năm 2017)"),
    ]


def test_a_legal_text() -> None:
    text = (
        "Căn cứ Nghị định số 13/2023/NĐ-CP ngày 17 tháng 4 năm 2023 của Chính phủ; theo đề nghị của Giám đốc "
        "Sở Tài nguyên và Môi trường tỉnh Lâm Đồng, Quyết định này thay thế Quyết định số 25/2019/QĐ-UBND."
    )
    assert found(text) == [
        ("LAW", "Nghị định số 13/2023/NĐ-CP"),
        ("DATE", "ngày 17 tháng 4 năm 2023"),
        ("ORG", "Chính phủ"),
        ("ORG", "Sở Tài nguyên và Môi trường tỉnh Lâm Đồng"),
        ("LAW", "Quyết định số 25/2019/QĐ-UBND"),
    ]


@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("Bị cáo bị Tòa án nhân dân tỉnh Gia Lai xử phạt 3 năm tù.", "Tòa án nhân dân tỉnh Gia Lai"),
        ("Công an huyện Lạc Dương đã tiếp nhận đơn của bà Lan.", "Công an huyện Lạc Dương"),
        ("Kính gửi UBND phường 5 về việc cấp phép xây dựng.", "UBND phường 5"),
        (
            "Cơ quan Cảnh sát điều tra Công an quận Hải Châu khởi tố vụ án.",
            "Cơ quan Cảnh sát điều tra Công an quận Hải Châu",
        ),
        ("Xin hỏi Cục Thuế tỉnh Tây Ninh về thuế thu nhập.", "Cục Thuế tỉnh Tây Ninh"),
    ],
)
def test_an_organisation_keeps_the_places_inside_it(text: str, org: str) -> None:
    assert of_type(text, "ORG") == [org]
    assert of_type(text, "LOC") == []  # the place is inside the ORG, never a second, nested entity


def test_the_organisation_ends_where_its_name_ends() -> None:
    text = "Chủ tịch UBND xã Hương Sơn, huyện Mỹ Đức, thành phố Hà Nội ký quyết định; Bộ Công an và Bộ Quốc phòng phối hợp."
    assert found(text) == [
        ("ORG", "UBND xã Hương Sơn"),
        ("LOC", "Mỹ Đức"),
        ("LOC", "Hà Nội"),
        ("ORG", "Bộ Công an"),
        ("ORG", "Bộ Quốc phòng"),
    ]


def test_generic_bodies_are_not_organisations_but_unique_ones_are() -> None:
    text = "Tòa án và Hội đồng xét xử nhận thấy Ủy ban nhân dân cấp tỉnh chưa báo cáo Thủ tướng Chính phủ và Quốc hội."
    assert of_type(text, "ORG") == ["Chính phủ", "Quốc hội"]


def test_place_words_are_outside_the_place_in_lower_case_inside_when_capitalised() -> None:
    text = "Ông ở xã Hòa Phong, huyện Hòa Vang; bà ở Thành phố Thủ Đức, TP.HCM; cháu ở Quận 1, phường 22 và sông Hồng."
    assert of_type(text, "LOC") == [
        "Hòa Phong",
        "Hòa Vang",
        "Thành phố Thủ Đức",
        "TP.HCM",
        "Quận 1",
        "phường 22",
        "Hồng",
    ]


def test_titles_and_kinship_words_stay_outside_names() -> None:
    text = "Bà Lê Thị Thu Hà, Giám đốc Sở Tư pháp, anh Cường, bị hại Trần Văn Tâm và Chủ tịch Quốc hội Vương Đình Huệ."
    assert of_type(text, "PER") == ["Lê Thị Thu Hà", "Cường", "Trần Văn Tâm", "Vương Đình Huệ"]
    text = "Công ty chuyển tiền cho ông Trương Công Định ở quận Hai Bà Trưng."
    assert of_type(text, "PER") == ["Trương Công Định"] and of_type(text, "LOC") == ["Hai Bà Trưng"]


def test_law_references() -> None:
    text = (
        "Áp dụng điểm a khoản 2 Điều 173 Bộ luật Hình sự, Điều 357 BLDS 2015, Thông tư 55/2011/TT-BGDĐT và "
        "Luật Hôn nhân và gia đình; khoản 4 Điều này, Luật này và Bản án số 45/2023/HS-ST không được viện dẫn."
    )
    assert of_type(text, "LAW") == [
        "điểm a khoản 2 Điều 173 Bộ luật Hình sự",
        "Điều 357 BLDS 2015",
        "Thông tư 55/2011/TT-BGDĐT",
        "Luật Hôn nhân và gia đình",
    ]
    # a case decision (no year in its number) is not a normative document
    assert of_type("Tòa án hủy Quyết định số 1452/QĐ-UBND của UBND huyện.", "LAW") == []


def test_a_law_reference_keeps_its_ranges() -> None:
    text = ("Áp dụng điểm a đến điểm d khoản 1 Điều 51 BLHS; khoản 1 - 3 Điều 173 và các Điều 168 đến Điều 171 "
            "Bộ luật Hình sự; Điều 2 - 01/2019/NQ-HĐTP.")  # fmt: skip
    assert of_type(text, "LAW") == [
        "điểm a đến điểm d khoản 1 Điều 51 BLHS",
        "khoản 1 - 3 Điều 173 và các Điều 168 đến Điều 171 Bộ luật Hình sự",
    ]


def test_dates_and_money() -> None:
    text = (
        "Ngày 05/6/2020 và sáng 12/3, từ tháng 10/2023 đến năm 2024, bị cáo nộp 35.000.000 đồng (ba mươi lăm "
        "triệu đồng), 2,8 triệu đồng, 500 USD và 12.000đ/kg; phạt tù 03 năm, 12 tháng, lãi 1%/tháng, 2 triệu người."
    )
    assert of_type(text, "DATE") == ["Ngày 05/6/2020", "12/3", "tháng 10/2023", "năm 2024"]
    assert of_type(text, "MONEY") == [
        "35.000.000 đồng",
        "ba mươi lăm triệu đồng",
        "2,8 triệu đồng",
        "500 USD",
        "12.000đ",
    ]


def test_text_without_diacritics_does_not_crash_and_still_finds_places() -> None:
    text = "Ong Pham Quoc Bao o phuong Tan Thuan Tay quan 7 phan anh chu dau tu giu 40 ty dong cua cu dan."
    assert found(text) == [
        ("PER", "Pham Quoc Bao"),
        ("LOC", "Tan Thuan Tay"),
        ("LOC", "quan 7"),
        ("MONEY", "40 ty dong"),
    ]
    assert isinstance(found("toi ten la nguyen van an, o ha noi, bi mat xe may"), list)


def test_spans_are_flat_sorted_and_point_into_the_text() -> None:
    lines = (DATA / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines]
    outputs = nonla.run_batch("vi.entities@2", [{"text": t} for t in texts])
    for text, out in zip(texts, outputs, strict=True):
        assert not isinstance(out, nonla.NonlaError)
        previous_end = 0
        for e in out.entities:  # type: ignore[union-attr]
            assert text[e.start : e.end] == e.text and e.start >= previous_end
            previous_end = e.end


def test_dev_set_score_does_not_regress() -> None:
    """The dev set is what the rules were tuned on; the reported figures come from the test set."""
    data = [json.loads(line) for line in (DATA / "dev.jsonl").read_text(encoding="utf-8").splitlines()]
    outputs = nonla.run_batch("vi.entities@2", [{"text": d["text"]} for d in data])
    gold = {(i, e["type"], e["start"], e["end"]) for i, d in enumerate(data) for e in d["entities"]}
    pred = {(i, e.type, e.start, e.end) for i, o in enumerate(outputs) for e in o.entities}  # type: ignore[union-attr]
    f1 = 2 * len(gold & pred) / (len(gold) + len(pred))
    assert f1 > 0.95, f1


def test_gazetteer_file_matches_its_card_and_manifest() -> None:
    path = REPO / "models" / GAZETTEER.file
    manifest = json.loads((REPO / "models" / "MANIFEST.json").read_text(encoding="utf-8"))["vi-gazetteer"]
    assert sha256_file(path) == GAZETTEER.sha256 == manifest["sha256"]
    data = json.loads(path.read_text(encoding="utf-8"))
    assert {"Nghệ An", "Hồ Chí Minh", "Đắk Lắk"} <= set(data["provinces"]) and "bộ luật hình sự" in data["laws"]


def test_gazetteer_build_is_reproducible(shared_data: Path) -> None:
    build = subprocess.run(
        [sys.executable, str(REPO / "models" / "build" / "build_gazetteer.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert build.returncode == 0, build.stdout + build.stderr


def test_text_typed_without_marks_is_read_as_if_marked() -> None:
    """vi.entities@2 restores the marks first, so the court and the cited clause are found as in the marked
    sentence, with spans and texts of the sentence as typed; read as typed, both are lost."""
    marked = "Bị cáo Trần Văn Bình bị Tòa án nhân dân tỉnh Nghệ An xử phạt theo khoản 1 Điều 173 Bộ luật Hình sự."
    plain = "Bi cao Tran Van Binh bi Toa an nhan dan tinh Nghe An xu phat theo khoan 1 Dieu 173 Bo luat Hinh su."
    out = nonla.run("vi.entities@2", text=plain).entities
    want = nonla.run("vi.entities@2", text=marked).entities
    assert [(e.type, e.start, e.end) for e in out] == [(e.type, e.start, e.end) for e in want]
    assert [(e.type, e.text) for e in out] == [
        ("PER", "Tran Van Binh"), ("ORG", "Toa an nhan dan tinh Nghe An"), ("LAW", "khoan 1 Dieu 173 Bo luat Hinh su")
    ]
    as_typed = nonla.run("vi.entities@2", text=plain, restore_diacritics=False).entities
    assert ("ORG", "Toa an nhan dan tinh Nghe An") not in [(e.type, e.text) for e in as_typed]

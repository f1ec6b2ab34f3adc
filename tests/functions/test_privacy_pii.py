"""privacy.pii: each type found, invalid ids left alone, the three modes, pseudonym consistency, the mapping."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import nonla
from nonla.core.errors import NonlaError
from nonla.core.runner import Runner
from nonla.functions.privacy.provinces import CCCD_PROVINCE_CODES, NEW_PROVINCE_CODES, OLD_PROVINCES, province_of
from nonla.functions.privacy.validators import cccd_birth_year, phone_national, tax_code_valid


def found(text: str, **options: object) -> list[tuple[str, str]]:
    return [(e.type, e.text) for e in nonla.run("privacy.pii", text=text, **options).entities]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bị cáo Nguyễn Văn An khai nhận.", ("PERSON", "Nguyễn Văn An")),
        ("Họ và tên: TRẦN THỊ BÌNH.", ("PERSON", "TRẦN THỊ BÌNH")),
        ("toi ten la Nguyen Van Binh nha", ("PERSON", "Nguyen Van Binh")),
        ("Số CCCD: 001090012345.", ("ID", "001090012345")),
        ("CMND số 123456789 cấp năm 2005.", ("ID", "123456789")),
        ("Gọi tôi số 0912.345.678 nhé.", ("PHONE", "0912.345.678")),
        ("Văn phòng: (028) 3822 1234.", ("PHONE", "(028) 3822 1234")),
        ("Zalo +84 912 345 678.", ("PHONE", "+84 912 345 678")),
        ("Email: an.nguyen@gmail.com.", ("EMAIL", "an.nguyen@gmail.com")),
        ("STK 0071000123456 tại Vietcombank.", ("BANK_ACCOUNT", "0071000123456")),
        ("MST: 0100109106.", ("TAX_CODE", "0100109106")),
        ("Chi nhánh có mã số thuế 0100109106-001.", ("TAX_CODE", "0100109106-001")),
        ("Thẻ BHYT DN4797915123456 còn hạn.", ("HEALTH_INSURANCE", "DN4797915123456")),
        ("Hộ chiếu số C1234567 hết hạn.", ("PASSPORT", "C1234567")),
        ("Xe biển số 51F1-234.56 vượt đèn đỏ.", ("PLATE", "51F1-234.56")),
        ("Xe 59-X1 123.45 đỗ sai chỗ.", ("PLATE", "59-X1 123.45")),
        ("Ông sinh ngày 12/03/1990 tại Huế.", ("DOB", "12/03/1990")),
        ("Bà Lan, SN 1956, ở một mình.", ("DOB", "1956")),
        ("Tôi ở số 12 đường Lê Lợi, phường Bến Nghé, Quận 1, TP.HCM.",
         ("ADDRESS", "số 12 đường Lê Lợi, phường Bến Nghé, Quận 1, TP.HCM")),
        ("Nhà ở 12/3 Nguyễn Trãi, Thanh Xuân, Hà Nội.", ("ADDRESS", "12/3 Nguyễn Trãi, Thanh Xuân, Hà Nội")),
        ("Trú tại thôn Đông Hạ, xã Tân Hòa, tỉnh Thái Nguyên.",
         ("ADDRESS", "thôn Đông Hạ, xã Tân Hòa, tỉnh Thái Nguyên")),
    ],
)  # fmt: skip
def test_each_type_is_found(text: str, expected: tuple[str, str]) -> None:
    assert expected in found(text)


def test_invalid_ids_are_not_flagged() -> None:
    assert found("CCCD 003090012345") == []  # 003 is no province's code
    assert found("CCCD 001590012345") == []  # century digit 5: born in the 2100s
    assert ("ID", "001090012345") not in found("CCCD 001090012345, sinh ngày 01/01/1991")  # encodes 1990
    assert ("ID", "001090012345") in found("CCCD 001090012345, sinh ngày 01/01/1990")
    assert found("MST 0100109107") == []  # wrong check digit
    assert found("Hotline 1900 1234, số tiền 20.000.000 đồng, Bản án số 12/2023/HS-ST") == []


def test_validators() -> None:
    assert tax_code_valid("0300588569") and tax_code_valid("0101248141-005")
    assert not tax_code_valid("0101248142") and not tax_code_valid("0101248141-000")
    assert cccd_birth_year("079203001234") == 2003 and cccd_birth_year("079403001234") is None
    assert phone_national("+84912345678".lstrip("+")) == "0912345678" and phone_national("0123456789") is None


def test_cue_words_decide_what_a_number_is() -> None:
    assert found("STK 0912345678 tại MB Bank") == [("BANK_ACCOUNT", "0912345678")]
    assert found("SĐT 0912345678") == [("PHONE", "0912345678")]
    assert found("mã giao dịch 5950032496") == []  # a checksum-valid 10-digit number is a tax code only after 'MST'


def test_mask_mode_is_the_default() -> None:
    out = nonla.run("privacy.pii", text="Chị Trần Thị Mai, SĐT 0912345678, email mai@gmail.com.")
    assert out.text == "Chị [PERSON], SĐT [PHONE], email [EMAIL]."
    assert out.mapping is None
    assert all(0 < e.confidence <= 1 and out.text != e.text for e in out.entities)


def test_pseudonym_mode_follows_the_court_style_and_is_consistent() -> None:
    text = ("Bị cáo NGUYỄN VĂN AN rủ Trần Thị Bình và Lê Hoàng đi; bị cáo An khai chị Bình không biết. "
            "Sau đó Nguyễn Văn An gọi 0912345678 rồi gọi lại 0912.345.678.")  # fmt: skip
    out = nonla.run("privacy.pii", text=text, mode="pseudonym")
    assert out.text == ("Bị cáo NGUYỄN VĂN A rủ Trần Thị B và Lê C đi; bị cáo A khai chị B không biết. "
                        "Sau đó Nguyễn Văn A gọi [PHONE_1] rồi gọi lại [PHONE_1].")  # fmt: skip
    assert out.mapping is None


def test_letters_follow_first_appearance_even_for_a_given_name_first() -> None:
    out = nonla.run("privacy.pii", text="Anh Hùng gặp ông Phạm Văn Tài. Sau đó Trần Văn Hùng bỏ đi.", mode="pseudonym")
    assert out.text == "Anh A gặp ông Phạm Văn B. Sau đó Trần Văn A bỏ đi."


def test_generalize_mode() -> None:
    text = "Bà Lê Thị Hoa, sinh ngày 05/06/1970, CCCD 001170012345, ở số 5 phố Huế, phường Hai Bà Trưng, Hà Nội."
    out = nonla.run("privacy.pii", text=text, mode="generalize")
    assert out.text == "Bà [PERSON], sinh ngày 1970, CCCD [ID], ở Hà Nội."


def test_reversible_mapping_only_when_asked() -> None:
    text = "Anh Nguyễn Văn An (0912345678) nhờ chị Lê Thị Hoa gọi 0987654321."
    plain = nonla.run("privacy.pii", text=text)
    assert plain.mapping is None
    for mode in ("mask", "pseudonym"):
        out = nonla.run("privacy.pii", text=text, mode=mode, reversible=True)
        assert out.mapping and set(out.mapping.values()) == {e.text for e in out.entities}
        restored = out.text
        for placeholder, original in sorted(out.mapping.items(), key=lambda kv: -len(kv[0])):
            restored = restored.replace(placeholder, original)
        assert restored == text
    assert nonla.run("privacy.pii", text=text, reversible=True).text.count("[PHONE_") == 2


def test_generalize_cannot_be_reversed_and_bad_options_are_4xx() -> None:
    bad = [{"text": "Ông An", "mode": "generalize", "reversible": True}, {"text": "Ông An", "mode": "erase"},
           {"text": "Ông An", "types": ["SSN"]}, {"text": "Ông An", "types": []}, {"text": "Ông An", "typo": 1}]  # fmt: skip
    for result in Runner().call("privacy.pii", bad).results:
        assert isinstance(result, NonlaError) and result.http_status == 422, result


def test_types_limits_what_is_flagged_but_not_how_spans_are_decided() -> None:
    text = "Ông Nguyễn Văn An, SĐT 0912345678, thẻ BHYT DN4797915123456."
    assert found(text, types=["PHONE"]) == [("PHONE", "0912345678")]
    assert found(text, types=["HEALTH_INSURANCE"]) == [("HEALTH_INSURANCE", "DN4797915123456")]


def test_offsets_point_into_the_nfc_text() -> None:
    text = "Bà Le\u0302 Thi\u0323 Hoa o\u031b\u0309 so\u0302\u0301 5 phố Huế, Hà Nội"  # decomposed (NFD) marks
    out = nonla.run("privacy.pii", text=text)
    import unicodedata

    nfc = unicodedata.normalize("NFC", text)
    assert [nfc[e.start : e.end] for e in out.entities] == [e.text for e in out.entities]
    assert ("PERSON", "Lê Thị Hoa") in [(e.type, e.text) for e in out.entities]


def test_places_named_after_people_are_not_people() -> None:
    assert found("Đường Lê Lợi và Trường THPT Nguyễn Du đều ở quận Hai Bà Trưng.") == []


def test_province_tables_match_the_shared_data(shared_data: Path) -> None:
    old = json.loads((shared_data / "vn_admin_units_2025_mapping_dvhcvn/mapping/splits.json").read_text("utf-8"))
    assert {p["level1_id"] for p in old["data"]} == set(OLD_PROVINCES)
    assert {"0" + p["level1_id"] for p in old["data"]} == CCCD_PROVINCE_CODES
    for p in old["data"]:
        assert province_of(p["name"].split(" ", 1)[1].removeprefix("phố ")) == OLD_PROVINCES[p["level1_id"]]
    new_file = sorted((shared_data / "vn_admin_units_2025_thanglequoc/json").glob("simplified_*.json"))[0]
    new = json.loads(new_file.read_text("utf-8"))
    assert {p["Code"] for p in new} == set(NEW_PROVINCE_CODES)
    assert all(province_of(p["Name"], plain=False) for p in new)


@pytest.mark.parametrize("text", ["ĐT: 0912345678/0987654321", "SĐT 0912345678,0987654321",
                                  "liên hệ 0912-345-678 / 0987-654-321; 0903123456"])  # fmt: skip
def test_every_phone_of_a_list_is_masked(text: str) -> None:
    out = nonla.run("privacy.pii", text=text)
    assert not any(ch.isdigit() for ch in out.text), out.text  # type: ignore[attr-defined]
    assert nonla.run("privacy.pii", text="ngày 12/2023, 1,5 triệu đồng").text == "ngày 12/2023, 1,5 triệu đồng"  # type: ignore[attr-defined]


def test_one_person_written_with_and_without_marks_gets_one_letter() -> None:
    text = "Nguyễn Văn An ở Hà Nội và Nguyen Van An là một người. Anh An nói. Bà Đặng Thị Ánh và bà Dang Thi Anh."
    out = nonla.run("privacy.pii", text=text, mode="pseudonym").text  # type: ignore[attr-defined]
    assert out == "Nguyễn Văn A ở Hà Nội và Nguyen Van A là một người. Anh A nói. Bà Đặng Thị B và bà Dang Thi B."


def test_a_given_name_standing_alone_after_the_full_name_is_masked_as_that_person() -> None:
    text = "Bị cáo Nguyễn Văn Hùng và bị cáo Nguyễn Văn Hưng cùng bàn bạc. Hùng khai, Hưng chối. An ninh được giữ."
    out = nonla.run("privacy.pii", text=text, mode="pseudonym").text  # type: ignore[attr-defined]
    assert out == "Bị cáo Nguyễn Văn A và bị cáo Nguyễn Văn B cùng bàn bạc. A khai, B chối. An ninh được giữ."


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("toi ten la nguyen van an, sdt 0912345678, nha o hem 12", "nguyen van an"),
        ("tôi tên là trần thị bích ngọc, sinh năm 1990", "trần thị bích ngọc"),
        ("Ho va ten: le hoang nam sinh nam 1988", "le hoang nam"),  # 'nam' is the name, 'nam 1988' a year
        ("ten toi la pham thi hien o ap 3 xa Tan Hoi", "pham thi hien"),  # 'thi' is Thị, 'o' is ở
        ("chau ten la vo minh tri tai phuong 5", "vo minh tri"),
    ],
)
def test_a_name_typed_in_lower_case_after_a_name_cue_is_masked(text: str, name: str) -> None:
    out = nonla.run("privacy.pii", text=text)
    assert [e.text for e in out.entities if e.type == "PERSON"] == [name]  # type: ignore[attr-defined]
    assert name not in out.text  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", ["tôi là cao tuổi rồi, tên là gì cũng được", "ten la mot phan cua ho so",
                                  "Tôi tên là người dân phường 5, muốn hỏi về thủ tục"])  # fmt: skip
def test_words_after_a_name_cue_that_are_no_name_are_left(text: str) -> None:
    assert [e for e in nonla.run("privacy.pii", text=text).entities if e.type == "PERSON"] == []  # type: ignore[attr-defined]

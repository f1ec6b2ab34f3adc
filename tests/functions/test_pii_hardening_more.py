"""privacy.pii: people whose names differ only in tone marks keep their own placeholders, names broken across a line
are redacted whole, ISO dates of birth and spaced passport numbers are found, judgment headings are not addresses,
a zero-width space inside a name hides no part of it, and text in the old TCVN3/VNI encodings is refused."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer

import nonla
from nonla.api.app import create_app
from nonla.core.errors import NonlaError

TWO_HUNGS = "Ông Nguyễn Văn Hùng khởi kiện ông Nguyễn Văn Hưng. Bà Lê Thị Lan và bà Lê Thị Lân làm chứng."


def test_mask_placeholders_tell_apart_names_that_differ_only_in_tone_marks() -> None:
    out = nonla.run("privacy.pii", text=TWO_HUNGS, mode="mask", reversible=True)
    assert out.text == "Ông [PERSON_1] khởi kiện ông [PERSON_2]. Bà [PERSON_3] và bà [PERSON_4] làm chứng."
    assert out.mapping == {"[PERSON_1]": "Nguyễn Văn Hùng", "[PERSON_2]": "Nguyễn Văn Hưng",
                           "[PERSON_3]": "Lê Thị Lan", "[PERSON_4]": "Lê Thị Lân"}  # fmt: skip


def test_mask_and_pseudonym_agree_on_who_is_who() -> None:
    text = "Bị cáo Nguyễn Văn Hùng gặp Nguyen Van Hung và Nguyễn Văn Hưng; Hưng bỏ đi."
    masked = nonla.run("privacy.pii", text=text, mode="mask", reversible=True)
    named = nonla.run("privacy.pii", text=text, mode="pseudonym", reversible=True)
    people = [(m.replacement, p.replacement) for m, p in zip(masked.entities, named.entities, strict=True)]
    assert people == [("[PERSON_1]", "Nguyễn Văn A"), ("[PERSON_1]", "Nguyen Van A"), ("[PERSON_2]", "Nguyễn Văn B"),
                      ("[PERSON_3]", "B")]  # fmt: skip
    assert masked.mapping is not None and masked.mapping["[PERSON_3]"] == "Hưng"  # a lone given name comes back alone


def test_addresses_that_differ_only_in_tone_marks_keep_their_own_placeholders() -> None:
    text = "Anh ở thôn Đông Hạ, xã Tân Hòa; chị ở thôn Đông Hà, xã Tân Hòa; em cũng ở thôn Đông Hạ, xã Tân Hòa."
    out = nonla.run("privacy.pii", text=text, types=["ADDRESS"], reversible=True)
    assert [e.replacement for e in out.entities] == ["[ADDRESS_1]", "[ADDRESS_2]", "[ADDRESS_1]"]
    assert out.mapping == {"[ADDRESS_1]": "thôn Đông Hạ, xã Tân Hòa", "[ADDRESS_2]": "thôn Đông Hà, xã Tân Hòa"}


@pytest.mark.parametrize(
    ("text", "name"),
    [("Nguyên đơn: bà Lê Thị\nMai, sinh năm 1990.", "Lê Thị\nMai"),
     ("Bị cáo: NGUYỄN VĂN\nBÌNH, sinh năm 1985.", "NGUYỄN VĂN\nBÌNH"),
     ("Người khiếu nại: ông Trần Văn\r\nHùng, trú tại Hà Nội.", "Trần Văn\r\nHùng")],
)  # fmt: skip
def test_a_name_broken_across_a_line_is_redacted_whole(text: str, name: str) -> None:
    out = nonla.run("privacy.pii", text=text)
    person = next(e for e in out.entities if e.type == "PERSON")
    assert (person.text, text[person.start : person.end]) == (name, name)
    assert name.split()[-1] not in out.text


def test_a_line_break_after_a_whole_name_or_a_blank_line_still_ends_it() -> None:
    out = nonla.run("privacy.pii", text="Bị cáo: Lê Văn Tám\nHà Nội, ngày 5/6/2024.\nNguyên đơn: bà Lê Thị\n\nMai Hoa")
    assert [e.text for e in out.entities if e.type == "PERSON"] == ["Lê Văn Tám", "Lê Thị", "Mai Hoa"]


@pytest.mark.parametrize(
    "text", ["Ngày sinh: 1985-02-01; CCCD 079085012345.", "Bị cáo Phạm Văn Tú, sinh ngày 1985-02-01."]
)
def test_an_iso_date_of_birth_is_found_and_generalised_to_its_year(text: str) -> None:
    out = nonla.run("privacy.pii", text=text)
    assert [e.text for e in out.entities if e.type == "DOB"] == ["1985-02-01"]
    assert "1985-02-01" not in nonla.run("privacy.pii", text=text, mode="generalize").text
    assert "1985" in nonla.run("privacy.pii", text=text, mode="generalize").text


def test_a_passport_number_with_a_space_after_its_letter_is_found() -> None:
    out = nonla.run("privacy.pii", text="Hộ chiếu số B 1234567 cấp ngày 10/10/2020.")
    assert out.text == "Hộ chiếu số [PASSPORT] cấp ngày 10/10/2020."


@pytest.mark.parametrize("heading", ["BẢN ÁN SỐ 12/2024/HS-ST", "BẢN ÁN 12/2024/HS-ST NGÀY 05/6/2024"])
def test_an_all_caps_judgment_heading_is_not_an_address(heading: str) -> None:
    out = nonla.run("privacy.pii", text=heading)
    assert (out.text, out.entities) == (heading, [])


def test_a_hamlet_after_bản_is_still_an_address() -> None:
    out = nonla.run("privacy.pii", text="Anh trú tại bản Lác, xã Chiềng Châu, huyện Mai Châu.", types=["ADDRESS"])
    assert [e.text for e in out.entities] == ["bản Lác, xã Chiềng Châu, huyện Mai Châu"]


def test_a_zero_width_space_inside_a_name_hides_no_part_of_it() -> None:
    text = "Ông Nguy\u200bễn Văn Tâm đến trụ sở."
    out = nonla.run("privacy.pii", text=text, mode="pseudonym")
    assert out.text == "Ông Nguyễn Văn A đến trụ sở."
    assert [e.text for e in out.entities] == ["Nguy\u200bễn Văn Tâm"]


def test_a_zero_width_space_between_two_words_still_parts_them() -> None:
    out = nonla.run("privacy.pii", text="Bị cáo Trần\u200bVăn\u200bBình khai.")
    assert out.text == "Bị cáo [PERSON] khai."


@pytest.mark.parametrize(
    "text", ["¤ng NguyÔn V¨n B×nh, sinh ngµy 12/03/1990.", "OÂng Nguyeãn Vaên Bình, sinh ngaøy 12/03/1990."]
)
def test_text_in_a_legacy_encoding_is_refused(text: str) -> None:
    with pytest.raises(NonlaError) as refused:
        nonla.run("privacy.pii", text=text)
    assert (refused.value.code, refused.value.http_status) == ("legacy_encoding", 422)
    assert "vi.normalize" in refused.value.hint


@pytest.mark.parametrize("text", ["Café Müller, señor García, 0912 345 678.", "Meeting with Mr. Smith at 5 pm.",
                                  "Anh Tuấn gửi email cho John lúc 9h."])  # fmt: skip
def test_unicode_vietnamese_english_and_mixed_text_are_not_refused(text: str) -> None:
    assert nonla.run("privacy.pii", text=text).text


def test_rest_refuses_legacy_text_with_a_plain_error(database: str) -> None:
    with TestClient(create_app(), raise_server_exceptions=False) as app:
        answer = app.post("/v1/functions/privacy.pii@1", headers=bearer("caller"),
                          json={"text": "¤ng NguyÔn V¨n B×nh, sinh ngµy 12/03/1990."})  # fmt: skip
    assert answer.status_code == 422
    body = answer.json()
    error = body.get("error", body)
    assert error["code"] == "legacy_encoding" and "vi.normalize" in error["hint"]

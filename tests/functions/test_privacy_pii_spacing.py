"""privacy.pii: personal data written with odd spaces, invisible characters or full-width digits is still redacted,
the whole original span is replaced, and offsets still slice the NFC input."""

from __future__ import annotations

import unicodedata

import pytest

import nonla
from nonla.functions.privacy.pii import Output
from nonla.functions.vi.plain import plain

PHONE = "0912345678"
SEPARATED = {
    "no-break space": "0912\u00a0345\u00a0678",
    "thin space": "0912\u2009345\u2009678",
    "tab": "0912\t345\t678",
    "double space": "0912  345  678",
    "spaced dash": "0912 - 345 - 678",
    "zero-width space": "0912\u200b345\u200b678",
    "soft hyphen": "0912\u00ad345\u00ad678",
    "word joiner": "0912\u2060345\u2060678",
    "full-width digits": "０９１２３４５６７８",
    "full-width digits and ideographic space": "０９１２\u3000３４５\u3000６７８",
}


def assert_offsets_slice_input(text: str, out: Output) -> None:
    source = unicodedata.normalize("NFC", text)
    for entity in out.entities:
        assert source[entity.start : entity.end] == entity.text


@pytest.mark.parametrize("value", SEPARATED.values(), ids=SEPARATED.keys())
def test_phone_with_odd_separators_is_masked_whole(value: str) -> None:
    text = f"SĐT: {value}, gọi sau 5 giờ."
    out = nonla.run("privacy.pii", text=text)
    assert out.text == "SĐT: [PHONE], gọi sau 5 giờ."
    assert [(e.type, e.text) for e in out.entities] == [("PHONE", value)]
    assert_offsets_slice_input(text, out)


@pytest.mark.parametrize("value", SEPARATED.values(), ids=SEPARATED.keys())
def test_same_phone_gets_one_pseudonym_however_it_is_written(value: str) -> None:
    out = nonla.run("privacy.pii", text=f"Gọi {PHONE} hoặc {value}.", mode="pseudonym")
    assert out.text == "Gọi [PHONE_1] hoặc [PHONE_1]."


def test_cccd_and_phone_with_no_break_spaces_are_not_swallowed_by_an_address() -> None:
    text = "SĐT: 0912\u00a0345\u00a0678, CCCD 001\u00a0203\u00a0004\u00a0567"
    out = nonla.run("privacy.pii", text=text)
    assert out.text == "SĐT: [PHONE], CCCD [ID]"
    assert [(e.type, e.text) for e in out.entities] == [
        ("PHONE", "0912\u00a0345\u00a0678"),
        ("ID", "001\u00a0203\u00a0004\u00a0567"),
    ]
    assert_offsets_slice_input(text, out)


def test_tax_code_and_account_with_odd_separators() -> None:
    out = nonla.run("privacy.pii", text="MST: 0100109106 - 001, STK 0071\u2009000\u2009123\u2009456.")
    assert out.text == "MST: [TAX_CODE], STK [BANK_ACCOUNT]."


def test_spaced_dashes_do_not_make_numbers_out_of_ranges() -> None:
    text = "Số tiền 20 - 000 đồng, trang 12 - 15, năm 2019 - 2020."
    assert nonla.run("privacy.pii", text=text).entities == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ông Nguy\u00adễn Văn An, SĐT 0912345678", "Ông [PERSON], SĐT [PHONE]"),
        ("Ông Nguyễn\u200bVăn\u200bAn ở Hà Nội", "Ông [PERSON] ở Hà Nội"),
        ("Bà Lê\u00a0Thị\u00a0Mai khiếu nại.", "Bà [PERSON] khiếu nại."),
        ("Bị cáo Trần\tVăn  Hùng khai nhận.", "Bị cáo [PERSON] khai nhận."),
    ],
)
def test_names_split_by_invisible_or_odd_spaces_are_masked_whole(text: str, expected: str) -> None:
    out = nonla.run("privacy.pii", text=text)
    assert out.text == expected
    assert_offsets_slice_input(text, out)


def test_pseudonyms_read_the_name_without_its_invisible_characters() -> None:
    text = (
        "Ông Nguy\u00adễn Văn An gặp bà Lê\u00a0Thị\u00a0Mai; ông An gọi 0912\u00a0345\u00a0678 rồi gọi 0912 345 678."
    )
    out = nonla.run("privacy.pii", text=text, mode="pseudonym")
    assert out.text == "Ông Nguyễn Văn A gặp bà Lê Thị B; ông A gọi [PHONE_1] rồi gọi [PHONE_1]."
    assert_offsets_slice_input(text, out)


def test_generalize_replaces_an_address_with_no_break_spaces_whole() -> None:
    text = "Trú tại số 12\u00a0đường Lê Lợi, phường Bến Nghé, Quận\u00a01, TP.HCM; sinh ngày 12/03/1990."
    out = nonla.run("privacy.pii", text=text, mode="generalize")
    assert out.text == "Trú tại TP.HCM; sinh ngày 1990."
    assert_offsets_slice_input(text, out)


def test_mapping_restores_the_original_spelling() -> None:
    text = "Ông Nguyễn\u200bVăn\u200bAn, ĐT ０９１２\u3000３４５\u3000６７８, SĐT 0912\u00ad345\u00ad678"
    out = nonla.run("privacy.pii", text=text, reversible=True)
    assert out.text == "Ông [PERSON_1], ĐT [PHONE_1], SĐT [PHONE_1]"
    assert out.mapping == {"[PERSON_1]": "Nguyễn\u200bVăn\u200bAn", "[PHONE_1]": "０９１２\u3000３４５\u3000６７８"}


def test_decomposed_input_still_gets_nfc_offsets() -> None:
    text = unicodedata.normalize("NFD", "Ông Nguy\u00adễn Văn An, SĐT 0912\u00a0345\u00a0678.")
    out = nonla.run("privacy.pii", text=text)
    assert out.text == "Ông [PERSON], SĐT [PHONE]."
    assert_offsets_slice_input(text, out)


def test_civic_triage_redacts_odd_spacing_too() -> None:
    text = "Tôi là Nguy\u00adễn Văn An, SĐT 0912\u00a0345\u00a0678, CCCD 001\u00a0203\u00a0004\u00a0567, đường Lê Lợi bị ngập."
    redacted = nonla.run("civic.triage", text=text).redacted
    assert redacted == "Tôi là [PERSON], SĐT [PHONE], CCCD [ID], đường Lê Lợi bị ngập."


def test_plain_keeps_line_breaks_and_maps_spans_back() -> None:
    text = "An\u00a0\u00a0\t0912\u00ad345\n678"
    seen = plain(text)
    assert seen.text == "An 0912345\n678"
    assert seen.original(3, 10) == (5, 13)  # '0912\xad345'
    assert plain("Bình thường, không gì lạ.").text == "Bình thường, không gì lạ."

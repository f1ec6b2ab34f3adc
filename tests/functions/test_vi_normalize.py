from __future__ import annotations

import unicodedata

import pytest

import nonla


@pytest.mark.parametrize(
    ("legacy", "encoding"),
    [("Céng hßa x· héi chñ nghÜa ViÖt Nam", "tcvn3"), ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "vni")],
)
def test_legacy_encodings_become_unicode(legacy: str, encoding: str) -> None:
    out = nonla.run("vi.normalize", text=legacy)
    assert (out.text, out.encoding) == ("Cộng hòa xã hội chủ nghĩa Việt Nam", encoding)


def test_tcvn3_u_horn_is_not_taken_for_a_soft_hyphen() -> None:
    assert nonla.run("vi.normalize", text="ng\xadêi d©n", encoding="tcvn3").text == "người dân"


def test_tone_style_and_nfd_input() -> None:
    nfd = unicodedata.normalize("NFD", "Hoà bình, thuỷ lợi")
    assert nonla.run("vi.normalize", text=nfd, tone_style="old").text == "Hòa bình, thủy lợi"
    assert nonla.run("vi.normalize", text="Hòa bình, thủy lợi", tone_style="new").text == "Hoà bình, thuỷ lợi"


def test_spacing_is_tidied_but_numbers_and_urls_are_not_touched() -> None:
    text = "Giá  1,5 triệu ,xem https://a.vn/x,y  nhé\r\n\r\n\r\nHết"
    assert nonla.run("vi.normalize", text=text).text == "Giá 1,5 triệu, xem https://a.vn/x,y nhé\n\nHết"


def test_ordinary_unicode_and_foreign_text_are_left_alone() -> None:
    for text in ("Café müller señor", "Tôi yêu Việt Nam.", "Straße 12, 80331 München"):
        assert nonla.run("vi.normalize", text=text).text == text


def test_a_single_tcvn3_word_in_unicode_text_keeps_its_u_horn_byte() -> None:
    # The card: a single legacy word inside Unicode text is left as it is (0xAD is TCVN3's ư, not a soft hyphen).
    out = nonla.run("vi.normalize", text="Tôi là ng\xadêi Việt Nam")
    assert (out.text, out.encoding) == ("Tôi là ng\xadêi Việt Nam", "unicode")
    assert nonla.run("vi.normalize", text="Ver\xadsion 2").text == "Version 2"  # a real soft hyphen still goes


def test_zero_width_joiners_are_kept() -> None:
    for text in ("Gia đình 👨\u200d👩\u200d👧", "می\u200cخواهم"):
        assert nonla.run("vi.normalize", text=text).text == text
    assert nonla.run("vi.normalize", text="Xin\u200b chào\ufeff").text == "Xin chào"


def test_punctuation_glued_to_the_next_character_is_not_pulled_back() -> None:
    for text in ("vui quá :) hẹn gặp lại :D", "C# và .NET", "giảm .5 điểm", "buồn :( thật"):
        assert nonla.run("vi.normalize", text=text).text == text
    assert nonla.run("vi.normalize", text="Thật sao ?! Chờ ... ( ok )").text == "Thật sao?! Chờ... (ok)"


def test_a_zero_width_space_between_letters_becomes_a_space() -> None:
    assert nonla.run("vi.normalize", text="Tôi\u200bđi\u200b\u200bhọc").text == "Tôi đi học"
    assert nonla.run("vi.normalize", text="Tôi\u200bđi học", tidy_spacing=False).text == "Tôi đi học"

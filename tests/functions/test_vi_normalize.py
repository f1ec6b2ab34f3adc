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

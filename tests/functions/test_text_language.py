from __future__ import annotations

import pytest

import nonla


@pytest.mark.parametrize(
    ("text", "language", "diacritics"),
    [
        ("Tôi muốn đăng ký tạm trú cho con.", "vi", True),
        ("toi muon dang ky tam tru cho con", "vi", False),
        ("Khach tu gioi thieu ten Hung, que Bac Ninh, lam o cong ty TNHH K.", "vi", False),
        ("The court adjourned the hearing until Monday.", "en", True),
        ("Das Gericht hat die Verhandlung vertagt.", "de", True),
    ],
)
def test_languages(text: str, language: str, diacritics: bool) -> None:
    out = nonla.run("text.language", text=text)
    assert (out.language, out.diacritics) == (language, diacritics)
    assert 0 < out.confidence <= 1


def test_english_made_of_vietnamese_looking_words_stays_english() -> None:
    assert nonla.run("text.language", text="Don't worry, be happy, the cat is on the mat.").language == "en"

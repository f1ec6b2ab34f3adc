from __future__ import annotations

import pytest

import nonla


@pytest.mark.parametrize("version", [1, 2])
def test_compounds_are_joined_and_offsets_point_into_the_text(version: int) -> None:
    text = "Tòa án nhân dân tối cao ban hành nghị quyết về Bộ luật Hình sự."
    out = nonla.run(f"vi.words@{version}", text=text)
    assert out.words[:3] == ["Tòa án", "nhân dân", "tối cao"]
    assert all(text[s:e] == w for w, (s, e) in zip(out.words, out.spans, strict=True))


@pytest.mark.parametrize("version", [1, 2])
def test_numbers_urls_and_emails_stay_whole(version: int) -> None:
    text = "Nộp 1.500.000 đồng qua https://dichvucong.gov.vn/a_b hoặc gửi thư tới tiep.dan@hanoi.gov.vn nhé"
    words = nonla.run(f"vi.words@{version}", text=text).words
    assert {"1.500.000", "https://dichvucong.gov.vn/a_b", "tiep.dan@hanoi.gov.vn"} <= set(words)


def test_version_two_fixes_what_the_first_gets_wrong_on_ud_conventions() -> None:
    text = "Tôi đội mũ bảo hiểm khi đi xe máy ."
    assert "mũ bảo hiểm" in nonla.run("vi.words@2", text=text).words


def test_long_text_is_cut_into_pieces_without_losing_a_character() -> None:
    text = ("Người dân phản ánh tình trạng ngập úng kéo dài tại phường Bến Nghé. " * 400).strip()
    out = nonla.run("vi.words@2", text=text)
    assert "".join(text[s:e] for s, e in out.spans).replace(" ", "") == text.replace(" ", "")
    assert all(a[1] <= b[0] for a, b in zip(out.spans, out.spans[1:], strict=False))


@pytest.mark.parametrize("version", [1, 2])
def test_text_typed_without_marks_is_segmented_as_if_marked(version: int) -> None:
    """vi.diacritics restores this sentence exactly, so the words fall where they fall in the marked sentence, and
    are cut from the text as typed; read as typed (restore_diacritics=false) the compounds come apart."""
    marked = "Tòa án nhân dân tối cao ban hành nghị quyết về Bộ luật Hình sự."
    plain = "Toa an nhan dan toi cao ban hanh nghi quyet ve Bo luat Hinh su."
    out = nonla.run(f"vi.words@{version}", text=plain)
    assert out.spans == nonla.run(f"vi.words@{version}", text=marked).spans
    assert out.words[:3] == ["Toa an", "nhan dan", "toi cao"]
    assert all(plain[s:e] == w for w, (s, e) in zip(out.words, out.spans, strict=True))
    as_typed = nonla.run(f"vi.words@{version}", text=plain, restore_diacritics=False)
    assert as_typed.spans != out.spans


@pytest.mark.parametrize("version", [1, 2])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\ufeffTòa án nhân dân", ["Tòa án", "nhân dân"]),
        ("Tôi\u200bđi\u200bhọc", ["Tôi", "đi", "học"]),
        ("Tòa án\u200d nhân dân", ["Tòa án", "nhân dân"]),
        ("tôi đi học\u2060", ["tôi", "đi", "học"]),
    ],
)
def test_invisible_format_characters_are_never_words(version: int, text: str, expected: list[str]) -> None:
    out = nonla.run(f"vi.words@{version}", text=text)
    assert out.words == expected
    assert all(text[s:e] == w for w, (s, e) in zip(out.words, out.spans, strict=True))


@pytest.mark.parametrize("version", [1, 2])
def test_a_soft_hyphen_does_not_split_its_word(version: int) -> None:
    text = "Nguy\xadễn Văn An đến Hà Nội"
    out = nonla.run(f"vi.words@{version}", text=text)
    plain = nonla.run(f"vi.words@{version}", text=text.replace("\xad", ""))
    assert [w.replace("\xad", "") for w in out.words] == plain.words
    assert out.words[0].startswith("Nguy\xadễn")
    assert all(text[s:e] == w for w, (s, e) in zip(out.words, out.spans, strict=True))

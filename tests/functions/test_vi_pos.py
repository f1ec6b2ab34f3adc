from __future__ import annotations

import pytest

import nonla
from nonla.core.errors import InvalidInput


def test_tags_and_offsets() -> None:
    text = "Bị cáo Nguyễn Văn An bị Tòa án nhân dân tỉnh Nghệ An tuyên phạt 3 năm tù."
    out = nonla.run("vi.pos", text=text)
    tags = {t.word: t.tag for t in out.tokens}
    assert tags["tuyên phạt"] == "VERB" and tags["3"] == "NUM" and tags["."] == "PUNCT"
    assert all(text[t.start : t.end] == t.word for t in out.tokens)


def test_given_words_are_tagged_as_given() -> None:
    out = nonla.run("vi.pos", text="bắt chuyện với Hùng", words=["bắt chuyện", "với", "Hùng"])
    assert [(t.word, t.tag) for t in out.tokens] == [("bắt chuyện", "VERB"), ("với", "ADP"), ("Hùng", "PROPN")]


def test_words_that_are_not_in_the_text_are_a_clear_error() -> None:
    with pytest.raises(InvalidInput, match="not in the text"):
        nonla.run("vi.pos", text="xin chào", words=["tạm biệt"])


def test_text_typed_without_marks_is_tagged_as_if_marked() -> None:
    marked = "Bị cáo bị Tòa án nhân dân tỉnh Nghệ An tuyên phạt 3 năm tù."
    plain = "Bi cao bi Toa an nhan dan tinh Nghe An tuyen phat 3 nam tu."
    out = nonla.run("vi.pos", text=plain)
    want = nonla.run("vi.pos", text=marked)
    assert [(t.tag, t.start, t.end) for t in out.tokens] == [(t.tag, t.start, t.end) for t in want.tokens]
    assert all(plain[t.start : t.end] == t.word for t in out.tokens)
    as_typed = nonla.run("vi.pos", text=plain, restore_diacritics=False)
    assert [t.tag for t in as_typed.tokens] != [t.tag for t in want.tokens]


def test_given_words_of_text_typed_without_marks_are_tagged_as_if_marked() -> None:
    out = nonla.run("vi.pos", text="bat chuyen voi Hung", words=["bat chuyen", "voi", "Hung"])
    assert [(t.word, t.tag) for t in out.tokens] == [("bat chuyen", "VERB"), ("voi", "ADP"), ("Hung", "PROPN")]

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


def test_invisible_format_characters_are_not_tagged_as_words() -> None:
    text = "Tôi\u200bđi\u200bhọc"
    out = nonla.run("vi.pos", text=text)
    assert [(t.word, t.tag) for t in out.tokens] == [("Tôi", "PRON"), ("đi", "VERB"), ("học", "VERB")]
    assert all(text[t.start : t.end] == t.word for t in out.tokens)


def test_a_word_with_a_soft_hyphen_is_tagged_as_without_it() -> None:
    text = "Nguy\xadễn Văn An đến Hà Nội"
    tagged = nonla.run("vi.pos", text=text).tokens
    plain = nonla.run("vi.pos", text=text.replace("\xad", "")).tokens
    assert [(t.word.replace("\xad", ""), t.tag) for t in tagged] == [(t.word, t.tag) for t in plain]
    assert (tagged[0].word, tagged[0].start, tagged[0].end) == ("Nguy\xadễn", 0, 7)


@pytest.mark.parametrize("word", ["", "  ", "\u200b"])
def test_an_empty_or_invisible_given_word_is_refused_by_name(word: str) -> None:
    with pytest.raises(InvalidInput, match="words.1"):
        nonla.run("vi.pos", text="tôi đi học", words=["tôi", word, "đi"])

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

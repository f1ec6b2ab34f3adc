"""Invisible format characters (zero-width space, BOM, soft hyphen, joiners) across the text functions."""

from __future__ import annotations

import sys
import unicodedata

import pytest

import nonla
from nonla.core.errors import EmptyText
from nonla.functions.vi.segmenter import FORMAT_CHARS, IN_WORD_FORMAT, syllables


@pytest.mark.parametrize("text", ["\u200b\u200b", "\ufeff", " \xad\u2060 ", "\u200d\n\u200e"])
@pytest.mark.parametrize("name", ["text.language", "vi.words", "vi.normalize"])
def test_text_of_only_invisible_characters_is_empty(name: str, text: str) -> None:
    with pytest.raises(EmptyText):
        nonla.run(name, text=text)


def test_one_visible_character_among_invisible_ones_is_enough() -> None:
    assert nonla.run("vi.words", text="\u200bA\ufeff").words == ["A"]


def test_the_format_characters_are_unicode_category_cf() -> None:
    every = (chr(c) for c in range(sys.maxunicode + 1))
    assert {c for c in every if FORMAT_CHARS.fullmatch(c)} == {
        chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"
    }
    assert all(unicodedata.category(c) == "Cf" for c in IN_WORD_FORMAT)


def test_syllables_skip_separating_format_characters_and_keep_words_whole() -> None:
    text = "\ufeffTòa\u200bán Nguy\xadễn\u200d \u2060."
    assert [(t.text, text[t.start : t.end]) for t in syllables(text)] == [
        ("Tòa", "Tòa"), ("án", "án"), ("Nguyễn", "Nguy\xadễn"), (".", "."),
    ]  # fmt: skip


def test_keywords_do_not_come_from_halves_of_a_word() -> None:
    keywords = [k.keyword for k in nonla.run("text.keywords", text="Nguy\xadễn Văn An đến Hà Nội").keywords]
    assert "Nguy" not in keywords and "ễn" not in keywords
    text = "Ông Nguy\xadễn Văn An đến Hà Nội. Ông Nguyễn Văn An làm việc tại Hà Nội."
    [person, *_] = nonla.run("text.keywords", text=text).keywords
    assert person.keyword == "Ông Nguyễn Văn An" and len(person.spans) == 2, "one word, however it is written"


def test_a_name_with_a_soft_hyphen_or_zero_width_spaces_is_still_a_person() -> None:
    for text, name in [("Ông Nguy\xadễn Văn An đến Hà Nội", "Nguy\xadễn Văn An"),
                       ("Bà Trần\u200bThị\u200bLan ở Đà Nẵng", "Trần\u200bThị\u200bLan")]:  # fmt: skip
        found = nonla.run("vi.entities@2", text=text).entities
        assert [(e.type, e.text) for e in found if e.type == "PER"] == [("PER", name)]
        assert all(text[e.start : e.end] == e.text for e in found)

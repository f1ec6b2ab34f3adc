"""text.keywords: phrases from content words, ranked, non-redundant, with offsets into the NFC text."""

from __future__ import annotations

import time
import unicodedata

import pytest

import nonla
from nonla.core.errors import InvalidInput
from nonla.core.models import shared_models
from nonla.functions.text.idf import vocabulary
from nonla.functions.text.keywords import Keyword

RESIDENCE = (
    "Công dân có quyền đăng ký thường trú tại nơi cư trú. Hồ sơ đăng ký thường trú gồm tờ khai thay đổi thông tin "
    "cư trú. Cơ quan đăng ký cư trú kiểm tra hồ sơ đăng ký thường trú."
)


def keywords(text: str, **extra: object) -> list[Keyword]:
    return nonla.run("text.keywords", text=text, **extra).keywords  # type: ignore[attr-defined, no-any-return]


def test_a_phrase_that_never_occurs_apart_is_one_keyword() -> None:
    found = keywords(RESIDENCE)
    top = found[0]
    assert top.keyword == "đăng ký thường trú" and top.count == 3 and top.score == 1.0
    # "thường trú" never occurs outside the phrase, so it is not offered on its own
    assert "thường trú" not in [k.keyword for k in found]


def test_spans_point_at_each_occurrence() -> None:
    for keyword in keywords(RESIDENCE):
        assert len(keyword.spans) == keyword.count
        for start, end in keyword.spans:
            assert RESIDENCE[start:end].lower() == keyword.keyword.lower()


def test_spans_index_the_nfc_text_when_the_input_is_decomposed() -> None:
    decomposed = unicodedata.normalize("NFD", RESIDENCE)
    nfc = unicodedata.normalize("NFC", decomposed)
    for keyword in keywords(decomposed):
        start, end = keyword.spans[0]
        assert nfc[start:end].lower() == keyword.keyword.lower()


def test_scores_descend_and_k_limits_the_list() -> None:
    found = keywords(RESIDENCE, k=3)
    assert len(found) == 3
    scores = [k.score for k in found]
    assert scores == sorted(scores, reverse=True) and scores[0] == 1.0


def test_no_keyword_repeats_words_already_covered() -> None:
    covered: set[str] = set()
    for keyword in keywords(RESIDENCE + " " + RESIDENCE):
        words = set(keyword.keyword.lower().split())
        assert not words <= covered, keyword.keyword
        covered |= words


def test_stopwords_numbers_and_punctuation_are_never_keywords() -> None:
    stop = vocabulary(shared_models()).stopwords
    text = "Năm 2024, của và các được 15 triệu đồng; phạt tiền 15 triệu đồng đối với hành vi vi phạm."
    for keyword in keywords(text):
        assert keyword.keyword.lower() not in stop
        assert any(c.isalpha() for c in keyword.keyword)


def test_a_text_without_content_words_has_no_keywords() -> None:
    assert keywords("🙂🙂🙂 !!! ??? 123") == []


def test_a_long_text_is_handled_quickly() -> None:
    started = time.perf_counter()
    found = keywords(RESIDENCE * 150)  # ~25,000 characters
    assert found[0].keyword == "đăng ký thường trú" and found[0].count == 450
    assert time.perf_counter() - started < 20


@pytest.mark.parametrize("k", [0, 101])
def test_k_out_of_range_is_refused(k: int) -> None:
    with pytest.raises(InvalidInput):
        nonla.run("text.keywords", text=RESIDENCE, k=k)


def test_text_typed_without_marks_is_weighed_as_marked_and_shown_as_typed() -> None:
    marked = ("Người dân phản ánh rác thải tồn đọng tại khu dân cư, gây ô nhiễm môi trường. Rác thải không được thu "
              "gom, ủy ban nhân dân phường cần xử lý rác thải.")  # fmt: skip
    plain = ("Nguoi dan phan anh rac thai ton dong tai khu dan cu, gay o nhiem moi truong. Rac thai khong duoc thu "
             "gom, uy ban nhan dan phuong can xu ly rac thai.")  # fmt: skip
    out = nonla.run("text.keywords", text=plain, k=5).keywords
    want = nonla.run("text.keywords", text=marked, k=5).keywords
    assert (out[0].spans, out[0].score) == (want[0].spans, want[0].score)  # "rác thải", three times
    assert out[0].keyword == "rac thai" and {plain[s:e].lower() for s, e in out[0].spans} == {"rac thai"}
    # the phrases weighed by the law IDF come out as they do from the marked text (where the marks were restored
    # right: "Nguoi dan" is read "Người đàn", so "dan" alone is weighed differently)
    assert {k.keyword for k in out} >= {"ton dong", "phan anh", "dan cu"}
    as_typed = nonla.run("text.keywords", text=plain, k=5, restore_diacritics=False).keywords
    assert [k.score for k in as_typed] != [k.score for k in out]


def test_a_phrase_never_runs_across_a_line_break_or_punctuation() -> None:
    """A list of names, one per line, gives the names: never two lines joined into one 'phrase'."""
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Minh Đức", "Hoàng Thị Em", "Vũ Quốc Huy"]
    found = [k.keyword for k in keywords("\n".join(names * 3))]
    assert not [k for k in found if "\n" in k], found
    assert set(found[:5]) <= set(names), found
    assert all("," not in k for k in keywords("Nguyễn Văn An, Trần Thị Bình, Nguyễn Văn An, Trần Thị Bình"))

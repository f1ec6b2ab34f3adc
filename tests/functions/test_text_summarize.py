"""text.summarize: extractive sentences that each cite their document, index and offsets; redundancy removed."""

from __future__ import annotations

import re
import time
import unicodedata

import pytest

import nonla
from nonla.core.errors import InvalidInput, NonlaError
from nonla.functions.text.summarize import MAX_UNIT_CHARS, Output, bounded_spans

LAW = (
    "Luật này quy định về quyền tự do cư trú của công dân Việt Nam. "
    "Công dân có quyền tự do cư trú theo quy định của Luật này và luật khác có liên quan. "
    "Việc đăng ký thường trú, đăng ký tạm trú do cơ quan đăng ký cư trú thực hiện. "
    "Hôm nay trời đẹp. "
    "Cơ quan đăng ký cư trú có trách nhiệm cập nhật thông tin về cư trú của công dân. "
    "Mọi hành vi cản trở quyền tự do cư trú của công dân đều bị nghiêm cấm."
)
FLOOD_A = "Đường Lê Lợi bị ngập sâu sau cơn mưa lớn chiều qua. Nhiều xe máy chết máy giữa đường."
FLOOD_B = "Cơn mưa lớn chiều qua làm đường Lê Lợi bị ngập sâu. Người dân phải dắt xe qua đoạn ngập."
FLOOD_C = "Công ty thoát nước cho biết sẽ nạo vét cống trên đường Lê Lợi trong tuần tới."


def summarize(**fields: object) -> Output:
    return nonla.run("text.summarize", **fields)  # type: ignore[return-value]


def test_one_text_sentences_are_exact_slices_in_reading_order() -> None:
    out = summarize(text=LAW, max_sentences=3)
    assert 1 <= len(out.sentences) <= 3
    assert out.summary == " ".join(s.text for s in out.sentences)
    assert [s.sentence_index for s in out.sentences] == sorted(s.sentence_index for s in out.sentences)
    split = nonla.run("vi.sentences", text=LAW)
    for s in out.sentences:
        assert s.document_id is None
        assert LAW[s.start : s.end] == s.text == split.sentences[s.sentence_index]
    assert max(s.score for s in out.sentences) == 1.0


def test_the_off_topic_sentence_is_left_out() -> None:
    out = summarize(text=LAW, max_sentences=4)
    assert "Hôm nay trời đẹp." not in out.summary


def test_text_typed_without_marks_is_weighed_as_marked_and_quoted_as_typed() -> None:
    plain = unicodedata.normalize("NFC", "".join(
        c for c in unicodedata.normalize("NFD", LAW) if not unicodedata.combining(c)
    ).replace("đ", "d").replace("Đ", "D"))  # fmt: skip
    out = summarize(text=plain, max_sentences=4)
    want = summarize(text=LAW, max_sentences=4)
    assert [(s.start, s.end) for s in out.sentences] == [(s.start, s.end) for s in want.sentences]
    assert all(plain[s.start : s.end] == s.text for s in out.sentences) and "Hom nay troi dep." not in out.summary
    as_typed = summarize(text=plain, max_sentences=4, restore_diacritics=False)
    assert [(s.start, s.end) for s in as_typed.sentences] != [(s.start, s.end) for s in want.sentences]


def test_every_sentence_of_a_synthesis_cites_its_document() -> None:
    docs = {"a": FLOOD_A, "b": FLOOD_B, "c": FLOOD_C}
    out = summarize(documents=[{"id": k, "text": v} for k, v in docs.items()], max_sentences=3)
    for s in out.sentences:
        text = docs[s.document_id]
        assert text[s.start : s.end] == s.text
        assert nonla.run("vi.sentences", text=text).sentences[s.sentence_index] == s.text
    order = [("abc".index(s.document_id), s.sentence_index) for s in out.sentences]
    assert order == sorted(order)


def test_the_same_news_from_two_sources_is_told_once() -> None:
    out = summarize(documents=[{"id": "a", "text": FLOOD_A}, {"id": "b", "text": FLOOD_B}], max_sentences=2)
    firsts = {s.text for s in out.sentences} & {FLOOD_A.split(". ")[0] + ".", FLOOD_B.split(". ")[0] + "."}
    assert len(firsts) == 1, out.summary  # the two opening sentences say the same thing: only one is kept


def test_offsets_index_the_nfc_text() -> None:
    decomposed = unicodedata.normalize("NFD", LAW)
    out = summarize(text=decomposed, max_sentences=2)
    nfc = unicodedata.normalize("NFC", decomposed)
    assert all(nfc[s.start : s.end] == s.text for s in out.sentences)


def test_a_short_text_gives_what_it_has() -> None:
    out = summarize(text="Tòa án tuyên phạt bị cáo ba năm tù.", max_sentences=5)
    assert [s.text for s in out.sentences] == ["Tòa án tuyên phạt bị cáo ba năm tù."]


@pytest.mark.parametrize("text", ["🙂🙂🙂 !!! ???", "\x00\x01 control \x7f", "1.000.000đ 12/12/2024", "a. " * 3000])
def test_garbage_never_crashes(text: str) -> None:
    out = summarize(text=text)
    assert len(out.sentences) <= 5


def test_a_long_text_is_handled_quickly() -> None:
    started = time.perf_counter()
    out = summarize(text=(LAW + " ") * 300)  # ~110,000 characters, 1,800 sentences
    assert len(out.sentences) >= 1
    assert time.perf_counter() - started < 60


def test_a_text_without_punctuation_is_summarised_in_short_passages() -> None:
    """Typed without a full stop, a text is one 'sentence': the summary is a few of its clauses, not all of it."""
    unpunctuated = re.sub(r"[^\w ]+", " ", LAW) + " "
    text = (unpunctuated * 60)[:20_000]
    out = summarize(text=text, max_sentences=3)
    assert 1 <= len(out.sentences) <= 3
    assert len(out.summary) <= 3 * (MAX_UNIT_CHARS + 1), len(out.summary)
    assert all(text[s.start : s.end] == s.text and s.text.strip() == s.text for s in out.sentences)


def test_long_sentences_are_cut_at_clause_breaks_first() -> None:
    clause = "công dân có quyền tự do cư trú theo quy định của luật, "
    text = clause * 30 + "x" * 1_200
    pieces = bounded_spans(text, [(0, len(text))])
    assert all(0 < end - start <= MAX_UNIT_CHARS for start, end in pieces)
    assert text[pieces[0][0] : pieces[0][1]].endswith(",")
    assert pieces[-1][1] == len(text)
    short = [(0, 10), (11, 20)]
    assert bounded_spans("a" * 30, short) == short


@pytest.mark.parametrize(
    "fields",
    [
        {"max_sentences": 2},  # neither text nor documents
        {"text": LAW, "documents": [{"id": "a", "text": LAW}]},  # both
        {"documents": []},
        {"documents": [{"id": "a", "text": LAW}, {"id": "a", "text": FLOOD_A}]},  # ids repeat
        {"documents": [{"id": "a", "text": "   "}]},
        {"documents": [{"id": str(i), "text": "x" * 150_000} for i in range(2)]},  # too long together
        {"text": LAW, "max_sentences": 0},
    ],
)
def test_bad_input_is_a_clear_error(fields: dict[str, object]) -> None:
    with pytest.raises(InvalidInput) as caught:
        summarize(**fields)
    assert isinstance(caught.value, NonlaError) and caught.value.http_status == 422

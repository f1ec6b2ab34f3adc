from __future__ import annotations

import nonla


def split(text: str) -> list[str]:
    return nonla.run("vi.sentences", text=text).sentences


def test_abbreviations_numbers_and_emails_do_not_end_sentences() -> None:
    assert split("Ông A ở TP. Hồ Chí Minh nộp 1.500.000 đồng. Email: a.b@x.vn là của ông.") == [
        "Ông A ở TP. Hồ Chí Minh nộp 1.500.000 đồng.",
        "Email: a.b@x.vn là của ông.",
    ]


def test_legal_headings_and_numbered_clauses_stay_with_their_text() -> None:
    text = "Điều 5. Nguyên tắc\n1. Mọi người đều bình đẳng. 2. Không ai bị phân biệt."
    assert split(text) == ["Điều 5. Nguyên tắc", "1. Mọi người đều bình đẳng.", "2. Không ai bị phân biệt."]


def test_quotes_close_the_sentence_they_belong_to() -> None:
    assert split('Anh nói: "Tôi đi rồi!" Sau đó anh về.') == ['Anh nói: "Tôi đi rồi!"', "Sau đó anh về."]


def test_offsets_cover_the_sentences() -> None:
    text = "  Một câu.  Câu hai?  "
    out = nonla.run("vi.sentences", text=text)
    assert [text[s:e] for s, e in out.spans] == out.sentences == ["Một câu.", "Câu hai?"]

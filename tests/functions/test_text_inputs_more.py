"""Text functions on inputs as people type them: emoji and phone punctuation in unmarked Vietnamese, label names
that differ only in case or diacritics, and the same texts sent in another order. Real models throughout."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

import nonla
from nonla.core.errors import NonlaError
from nonla.functions.text.marks import with_marks
from nonla.functions.vi.tone_marks import strip_diacritics

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "text",
    [
        "toi muon dang ky tam tru 😭",
        "cam on shop nhieu nha 😍😍",
        "nguoi dan phan anh duong bi ngap!!! 😡",
        "giao hang cham qua…",
        "nhan vien noi “se goi lai” ma khong goi",
        "❤️ cam on bac si da kham rat ky",
    ],
)
def test_unmarked_vietnamese_with_emoji_or_phone_punctuation_is_vietnamese_without_diacritics(text: str) -> None:
    out = nonla.run("text.language", text=text)
    assert (out.language, out.diacritics) == ("vi", False)


@pytest.mark.parametrize(
    ("text", "language", "diacritics"),
    [
        ("Tôi rất thích sản phẩm này 😍😍", "vi", True),
        ("Giao hàng nhanh… 😡", "vi", True),
        ("The hearing was adjourned until Monday 😭😭", "en", True),
    ],
)
def test_emoji_do_not_change_marked_or_foreign_text(text: str, language: str, diacritics: bool) -> None:
    out = nonla.run("text.language", text=text)
    assert (out.language, out.diacritics) == (language, diacritics)


def test_marks_are_restored_before_an_emoji() -> None:
    assert with_marks(["toi muon dang ky tam tru 😭"]) == ["tôi muốn đăng ký tạm trú 😭"]


def test_a_typographic_ellipsis_does_not_cost_unmarked_sentiment_its_accuracy() -> None:
    rows = [json.loads(line) for line in (REPO / "tests/data/sentiment/test.jsonl").read_text("utf-8").splitlines()]
    rows = rows[:80]
    accuracy = {}
    for suffix in ("", "…"):
        texts = [{"text": strip_diacritics(row["text"]) + suffix} for row in rows]
        labels = [out.label for out in nonla.run_batch("text.sentiment", texts)]
        accuracy[suffix] = sum(label == row["label"] for label, row in zip(labels, rows, strict=True)) / len(rows)
    assert accuracy["…"] >= accuracy[""] - 0.03, accuracy


@pytest.mark.parametrize(
    "labels",
    [
        ["Giao thông", "giao thông", "Y tế"],
        ["giao thông", "giao thong", "y tế"],
        ["GIAO THÔNG", "y tế", "Giao Thong"],
        {"Giao thông": "đường sá, đèn tín hiệu", "giao thông": "xe buýt", "y tế": "bệnh viện"},
    ],
)
def test_label_names_differing_only_in_case_or_diacritics_are_refused(labels: object) -> None:
    refused = nonla.run_batch("text.classify", [{"text": "Đèn đỏ ở ngã tư bị hỏng từ sáng", "labels": labels}])[0]
    assert isinstance(refused, NonlaError) and refused.http_status == 422, refused
    assert "label names must be different" in refused.message


@pytest.mark.parametrize(
    "examples",
    [
        {"y tế": ["Trạm y tế không có bác sĩ trực", "Bệnh viện quá tải"], "y tế ": ["Tiêm chủng bị hoãn"]},
        {"y tế": ["Trạm y tế không có bác sĩ trực"], "Y TE": ["Tiêm chủng bị hoãn"]},
    ],
)
def test_examples_naming_one_label_twice_are_refused_not_merged(examples: dict[str, list[str]]) -> None:
    request = {"text": "tram y te ko co bs truc", "labels": ["giao thông", "y tế"], "examples": examples}
    refused = nonla.run_batch("text.classify", [request])[0]
    assert isinstance(refused, NonlaError) and refused.http_status == 422, refused
    assert "examples must be different" in refused.message


def test_examples_name_a_label_in_another_case_or_without_diacritics() -> None:
    out = nonla.run(
        "text.classify", text="Bãi rác tự phát bốc mùi hôi", labels=["Giao thông", "Môi trường"],
        examples={"moi truong": ["Rác không được thu gom", "Nước thải bốc mùi"], "GIAO THÔNG": ["Ổ gà giữa đường"]},
    )  # fmt: skip
    assert out.label == "Môi trường" and list(out.scores) == ["Giao thông", "Môi trường"]  # the names as written


def test_dedupe_groups_the_same_texts_alike_in_any_order() -> None:
    """A report without a house number, as close to house 12 as to house 48, joins the same one in every order."""
    texts = [
        "Nha so 12 ngo 5 bi nut tuong, de nghi xu ly gap",
        "Nha ngo 5 bi nut tuong, de nghi xu ly gap",
        "Nhà số 48 ngõ 5 bị nứt tường, đề nghị xử lý gấp",
    ]
    seen = set()
    for order in itertools.permutations(range(len(texts))):
        out = nonla.run("text.dedupe", texts=[texts[i] for i in order])
        seen.add(frozenset(frozenset(order[i] for i in group) for group in out.groups))
    assert len(seen) == 1 and len(next(iter(seen))) == 1, seen  # one group of two, the same every time

"""text.classify: zero-shot from descriptions, few-shot from examples, validation; real model, new sentences."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

import nonla
from nonla.core.errors import NonlaError

REPO = Path(__file__).resolve().parents[2]
DEPARTMENTS = json.loads((REPO / "tests/data/classify/tasks.json").read_text(encoding="utf-8"))["department"]["labels"]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Cột đèn giao thông trước chợ bị đổ sau cơn bão", "giao thông"),
        ("Khói bụi từ xưởng gạch làm cả xóm khó thở", "môi trường"),
        ("Con tôi cần làm giấy khai sinh, phải đến đâu?", "hộ tịch - tư pháp"),
        ("Nhà tôi bị cúp điện từ sáng tới giờ", "điện nước"),
        ("Trường mầm non thu học phí cao bất thường", "giáo dục"),
        ("duong bi sut lun, xe may di qua rat nguy hiem", "giao thông"),
        ("mat dien tu sang toi gio chua co lai", "điện nước"),
    ],
)
def test_zero_shot_routes_by_description(text: str, label: str) -> None:
    assert nonla.run("text.classify", text=text, labels=DEPARTMENTS).label == label


def test_examples_teach_labels_whose_names_say_nothing() -> None:
    examples = {
        "A": ["Xe buýt không dừng đón khách", "Ổ gà giữa đường", "Đèn tín hiệu hỏng"],
        "B": ["Rác không được thu gom", "Nước thải bốc mùi", "Tiếng ồn karaoke ban đêm"],
    }
    for text, label in [("Xe tải chạy ầm ầm làm hỏng mặt đường", "A"), ("Bãi rác tự phát bốc mùi hôi", "B")]:
        out = nonla.run("text.classify", text=text, labels=["A", "B"], examples=examples)
        assert out.label == label and out.confidence > 0.8


def test_scores_follow_the_label_order_and_do_not_depend_on_it() -> None:
    labels = {"kinh tế": "giá cả, thị trường", "thể thao": "bóng đá, giải đấu", "thời tiết": "mưa bão, nắng nóng"}
    text = "Giá vàng tăng mạnh trong phiên sáng nay"
    out = nonla.run("text.classify", text=text, labels=labels)
    assert list(out.scores) == list(labels) and out.label == "kinh tế"
    assert sum(out.scores.values()) == pytest.approx(1.0, abs=1e-5)
    assert out.confidence == out.scores["kinh tế"] == max(out.scores.values())
    reversed_labels = dict(reversed(list(labels.items())))
    again = nonla.run("text.classify", text=text, labels=reversed_labels)
    assert list(again.scores) == list(reversed_labels) and again.scores == out.scores


def test_a_list_of_names_works_like_names_without_descriptions() -> None:
    names = ["bóng đá", "chứng khoán"]
    listed = nonla.run("text.classify", text="Đội tuyển thắng 3-0 trong trận chung kết", labels=names)
    assert listed.label == "bóng đá"
    assert listed == nonla.run(
        "text.classify", text="Đội tuyển thắng 3-0 trong trận chung kết", labels=dict.fromkeys(names, "")
    )


def test_batch_with_different_label_sets_equals_singles() -> None:
    items = [
        {"text": "Đèn đường hỏng", "labels": DEPARTMENTS},
        {"text": "Giá xăng giảm", "labels": ["kinh tế", "thể thao"]},
        {"text": "Đèn đường hỏng", "labels": ["A", "B"], "examples": {"A": ["ổ gà"], "B": ["rác thải"]}},
        {"text": "Đèn đường hỏng", "labels": DEPARTMENTS},
    ]
    batch = nonla.run_batch("text.classify", items)
    assert batch == [nonla.run_batch("text.classify", [item])[0] for item in items]
    assert batch[0] == batch[3]


@pytest.mark.parametrize(
    "bad",
    [
        {"text": "x", "labels": ["chỉ một"]},
        {"text": "x", "labels": ["a", "a "]},
        {"text": "x", "labels": [f"nhãn {i}" for i in range(51)]},
        {"text": "x", "labels": "a, b"},
        {"text": "x", "labels": [1, 2]},
        {"text": "x", "labels": ["a", "b"], "examples": {"c": ["ví dụ"]}},
        {"text": "x", "labels": ["a", "b"], "examples": {"a": []}},
        {"text": "x", "labels": ["a", "b"], "examples": {"a": ["ví dụ"] * 21}},
        {"text": "x", "labels": {"a": "mô tả", "  ": "trống"}},
        {"text": "", "labels": ["a", "b"]},
        {"labels": ["a", "b"]},
    ],
)
def test_bad_requests_are_clear_4xx_errors(bad: dict) -> None:
    out = nonla.run_batch("text.classify", [bad])[0]
    assert isinstance(out, NonlaError) and 400 <= out.http_status < 500, out
    assert "Each input must be a JSON object" not in out.message  # the message names the real problem


def test_names_typed_composed_or_decomposed_are_one_label() -> None:
    """'môi trường' sent decomposed (NFD, as some keyboards and macOS files write it) names the same label."""
    composed, decomposed = "môi trường", unicodedata.normalize("NFD", "môi trường")
    out = nonla.run(
        "text.classify", text="Bãi rác tự phát bốc mùi hôi", labels=["giao thông", decomposed],
        examples={composed: ["Rác không được thu gom", "Nước thải bốc mùi"], "giao thông": ["Ổ gà giữa đường"]},
    )  # fmt: skip
    assert out.label == decomposed and list(out.scores) == ["giao thông", decomposed]  # the names as written
    for labels in (["môi trường", decomposed], {composed: "rác thải", decomposed: "ô nhiễm"}):
        refused = nonla.run_batch("text.classify", [{"text": "x", "labels": labels}])[0]
        assert isinstance(refused, NonlaError) and refused.http_status == 422
        assert "label names must be different" in refused.message


def test_test_set_and_pool_are_separate_and_large_enough() -> None:
    data = REPO / "tests" / "data" / "classify"
    test, pool = (
        [json.loads(line) for line in (data / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
        for name in ("test", "pool")
    )
    assert len(test) >= 200 and not {r["text"] for r in test} & {r["text"] for r in pool}
    assert all(r["label"] in r["labels"] for r in test)


def test_vietnamese_typed_without_marks_is_matched_as_if_marked() -> None:
    """vi.diacritics restores this message exactly, so it scores as the marked message; with restoring turned off it
    is matched as typed (plain prototypes plus syllable overlap) and scores differently."""
    marked, plain = "Cột đèn tín hiệu ở ngã tư bị hỏng từ sáng này", "Cot den tin hieu o nga tu bi hong tu sang nay"
    restored = nonla.run("text.classify", text=plain, labels=DEPARTMENTS)
    assert restored == nonla.run("text.classify", text=marked, labels=DEPARTMENTS)
    as_typed = nonla.run("text.classify", text=plain, labels=DEPARTMENTS, restore_diacritics=False)
    assert as_typed.scores != restored.scores


@pytest.mark.parametrize(
    ("examples", "limit"),
    [
        ({f"nhãn {i}": [f"ví dụ {j}" for j in range(20)] for i in range(11)}, "200 examples"),  # 220 in all
        ({f"nhãn {i}": ["đường ngập " * 450] * 5 for i in range(5)}, "100,000 characters"),  # about 124,000 in all
    ],
)
def test_examples_past_the_request_totals_are_refused_before_any_work(examples: dict, limit: str) -> None:
    """Each example is embedded on every request: the totals bound what one request can cost."""
    request = {"text": "Đèn tín hiệu hỏng", "labels": list(examples), "examples": examples}
    out = nonla.run_batch("text.classify", [request])[0]
    assert isinstance(out, NonlaError) and out.http_status == 422, out
    assert limit in out.message

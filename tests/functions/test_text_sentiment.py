"""text.sentiment: real model, real behaviour (sentences below are not in the train or test sets)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

import nonla
from nonla.core.errors import NonlaError
from nonla.functions.text.sentiment import HEAD_MODEL

REPO = Path(__file__).resolve().parents[2]

CASES = [
    ("Bác sĩ khám rất kỹ và ân cần, cả nhà tôi rất yên tâm.", "positive"),
    ("Cảm ơn đội cứu hỏa đã đến rất kịp thời.", "positive"),
    ("Nhân viên bưu điện thái độ cộc cằn, gói hàng thì bị thất lạc.", "negative"),
    ("Ứng dụng liên tục báo lỗi, không thể nộp hồ sơ.", "negative"),
    ("Sản phẩm dùng được 2 ngày đã hỏng, phí tiền", "negative"),
    ("Trường sẽ khai giảng năm học mới vào ngày 5 tháng 9.", "neutral"),
    ("Xin hỏi phòng tiếp dân mở cửa lúc mấy giờ?", "neutral"),
    ("nhan vien rat nhiet tinh, cam on nhieu", "positive"),
    ("cho hoi thu tuc dang ky ket hon can gi", "neutral"),
]


@pytest.mark.parametrize(("text", "label"), CASES)
def test_clear_cases_get_their_label(text: str, label: str) -> None:
    assert nonla.run("text.sentiment", text=text).label == label


def test_scores_are_rounded_probabilities_over_three_labels() -> None:
    out = nonla.run("text.sentiment", text="Giao hàng nhanh, đóng gói cẩn thận.")
    assert list(out.scores) == ["positive", "negative", "neutral"]
    assert sum(out.scores.values()) == pytest.approx(1.0, abs=1e-5)
    assert all(round(p, 6) == p for p in out.scores.values())
    assert out.confidence == out.scores[out.label] == max(out.scores.values())
    assert out.label == "positive" and out.confidence > 0.8


def test_decomposed_unicode_reads_like_composed() -> None:
    text = "Thủ tục rườm rà, cán bộ hách dịch."
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    assert nonla.run("text.sentiment", text=nfd) == nonla.run("text.sentiment", text=text)


def test_batch_equals_singles_even_with_repeats_and_long_text() -> None:
    texts = ["Tuyệt vời!", "Tệ quá.", "Tuyệt vời!", "Hôm nay thứ hai.", "rất hài lòng " * 3000]
    batch = nonla.run_batch("text.sentiment", [{"text": t} for t in texts])
    assert batch == [nonla.run("text.sentiment", text=t) for t in texts]
    assert batch[0] == batch[2]


def test_bad_input_is_an_error_not_a_crash() -> None:
    for bad in ({"text": ""}, {"text": "   "}, {"text": 5}, {}):
        out = nonla.run_batch("text.sentiment", [bad])[0]
        assert isinstance(out, NonlaError) and out.http_status == 422


def test_shipped_head_is_the_one_in_the_manifest() -> None:
    manifest = json.loads((REPO / "models" / "MANIFEST.json").read_text(encoding="utf-8"))["text-sentiment"]
    assert (manifest["sha256"], manifest["file"], manifest["version"]) == (
        HEAD_MODEL.sha256,
        HEAD_MODEL.file,
        HEAD_MODEL.version,
    )
    head = json.loads((REPO / "models" / HEAD_MODEL.file).read_text(encoding="utf-8"))
    assert head["labels"] == ["positive", "negative", "neutral"] and len(head["weights"][0]) == 384


def test_training_data_and_test_data_do_not_overlap() -> None:
    data = REPO / "tests" / "data" / "sentiment"
    train, test = (
        {
            json.loads(line)["text"].casefold()
            for line in (data / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
        }
        for split in ("train", "test")
    )
    assert len(test) >= 200 and not train & test


def test_vietnamese_typed_without_marks_is_judged_as_if_marked() -> None:
    """The marks are restored first (vi.diacritics restores this sentence exactly), so the scores are those of the
    marked sentence; read as typed, e5 misses the complaint."""
    marked = "Thủ tục rườm rà, cán bộ hách dịch."
    plain = "Thu tuc ruom ra, can bo hach dich."
    assert nonla.run("text.sentiment", text=plain) == nonla.run("text.sentiment", text=marked)
    as_typed = nonla.run("text.sentiment", text=plain, restore_diacritics=False)
    assert as_typed.scores != nonla.run("text.sentiment", text=marked).scores


def test_text_in_other_languages_is_not_restored() -> None:
    text = "The staff were friendly and the queue was short."
    assert nonla.run("text.sentiment", text=text) == nonla.run("text.sentiment", text=text, restore_diacritics=False)

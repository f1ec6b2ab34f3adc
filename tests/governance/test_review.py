"""The review queue on both databases, with real functions: policies, queueing, release, decisions, examples, audit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import BaseModel

import nonla
from nonla import review
from nonla.core.errors import Conflict, InvalidInput, NotFound
from nonla.governance import audit, review_policy
from nonla.governance.review_policy import confidence_fields, confidence_of
from nonla.local import runner
from nonla.store.db import session
from nonla.store.schema import ReviewPolicy

UNSURE = "xin chao"  # text.language: 'vi', confidence 0.15
SURE = "Tôi muốn đăng ký tạm trú cho con tại phường."  # 'vi', confidence 1.0
RIGHT = {"language": "vi", "confidence": 1.0, "diacritics": False}


def _call(name: str, texts: list[str], tenant: str = "default") -> list[dict[str, object]]:
    return list(runner().call(name, [{"text": t} for t in texts], actor="local:test", tenant=tenant).review)


def test_low_confidence_results_are_queued_with_input_output_and_subject(database: str) -> None:
    policy = review.set_policy("text.language@1", threshold=0.5, actor="local:admin")
    assert policy is not None and (policy["function"], policy["threshold"]) == ("text.language", 0.5)
    with review.subject("cccd-079200001234"):
        queued = _call("text.language", [SURE, UNSURE, " "])  # the empty item is an error: never queued
    assert [(q["index"], q["reason"]) for q in queued] == [(1, "low_confidence")]
    [item] = review.pending()
    assert item["id"] == queued[0]["id"] and item["function"] == "text.language@1"
    assert item["input"] == {"text": UNSURE} and item["output"]["language"] == "vi"
    assert item["confidence"] == pytest.approx(0.1519, abs=0.01) and item["threshold"] == 0.5
    assert (item["subject_id"], item["caller"], item["status"]) == ("cccd-079200001234", "local:test", "pending")
    assert review.get(item["id"]) == item
    nonla.run("text.language", text=UNSURE)  # the one-call Python API goes through the same runner
    later = review.pending("text.language")[1]
    assert (later["input"], later["subject_id"], later["caller"].startswith("local")) == ({"text": UNSURE}, None, True)


def test_sentiment_results_below_the_threshold_are_queued(database: str) -> None:
    texts = ["Thủ tục cấp lại căn cước làm rất nhanh, cán bộ hướng dẫn tận tình.", "cho hoi lam ho chieu"]
    confidences = [out.confidence for out in nonla.run_batch("text.sentiment", [{"text": t} for t in texts])]
    threshold = round((max(confidences) + min(confidences)) / 2, 4)
    assert min(confidences) < threshold < max(confidences)
    review.set_policy("text.sentiment", threshold=threshold)
    queued = _call("text.sentiment", texts)
    assert [q["index"] for q in queued] == [confidences.index(min(confidences))]
    assert review.get(int(queued[0]["id"]))["output"]["confidence"] == min(confidences)  # type: ignore[call-overload]


def test_always_reviewed_functions_queue_every_result(database: str) -> None:
    review.set_policy("vi.words", always=True)
    queued = _call("vi.words", ["Tòa án nhân dân tối cao", "xin chào", ""])
    assert [(q["index"], q["reason"]) for q in queued] == [(0, "always"), (1, "always")]
    assert [i["output"]["words"] for i in review.pending("vi.words")] == [["Tòa án", "nhân dân", "tối cao"],
                                                                            ["xin", "chào"]]  # fmt: skip


def test_a_tenant_without_a_policy_queues_nothing(database: str) -> None:
    review.set_policy("text.language", threshold=0.99, always=True, tenant="agency-a")
    assert _call("text.language", [UNSURE]) == []  # tenant "default" has no policy
    assert _call("text.language", [UNSURE], tenant="agency-b") == []
    [queued] = _call("text.language", [UNSURE], tenant="agency-a")
    assert review.pending() == [] and review.pending(tenant="agency-b") == []
    assert review.get(int(queued["id"]), tenant="agency-a")["status"] == "pending"  # type: ignore[call-overload]
    with pytest.raises(NotFound):
        review.get(int(queued["id"]))  # type: ignore[call-overload]
    with pytest.raises(NotFound):
        review.accept(int(queued["id"]), tenant="agency-b")  # type: ignore[call-overload]
    review.set_policy("text.language", tenant="agency-a")  # no threshold, not always: removed
    assert review.policies(tenant="agency-a") == [] and _call("text.language", [UNSURE], tenant="agency-a") == []


def test_required_review_holds_results_until_a_reviewer_acts(database: str) -> None:
    review.set_policy("text.language", threshold=0.5, required=True)
    first, second = (_call("text.language", [text])[0]["id"] for text in (UNSURE, "toi"))
    assert [i["id"] for i in review.pending()] == [first, second]
    assert review.releasable() == [] and not review.released(review.get(first))  # type: ignore[arg-type]
    review.accept(first, actor="key:reviewer")  # type: ignore[arg-type]
    review.correct(second, RIGHT, actor="key:reviewer")  # type: ignore[arg-type]
    out = review.releasable()
    assert [(i["id"], i["status"], i["released"]) for i in out] == [
        (first, "accepted", True),
        (second, "corrected", True),
    ]
    assert out[0]["result"] == out[0]["output"] and out[1]["result"] == RIGHT
    review.set_policy("text.language", threshold=0.5)  # not required: queued results go out while they wait
    [third] = _call("text.language", [UNSURE])
    assert review.released(review.get(third["id"])) and third["id"] in [i["id"] for i in review.releasable()]  # type: ignore[arg-type]


def test_accept_and_correct_and_the_training_examples(database: str, tmp_path: Path) -> None:
    review.set_policy("text.language", threshold=0.5)
    ids = [q["id"] for q in _call("text.language", [UNSURE, "toi", "ok"])]
    accepted = review.accept(ids[0], actor="key:r1", note="đúng")  # type: ignore[arg-type]
    assert (accepted["status"], accepted["decided_by"], accepted["note"]) == ("accepted", "key:r1", "đúng")
    corrected = review.decide(ids[1], correction={**RIGHT, "confidence": 1}, actor="key:r2")  # type: ignore[arg-type]
    assert corrected["status"] == "corrected" and corrected["correction"] == RIGHT
    [example] = review.examples("text.language")
    assert (example["input"], example["output"], example["review_id"]) == ({"text": "toi"}, RIGHT, ids[1])
    assert example["original"] == corrected["output"] and example["created_by"] == "key:r2"
    with pytest.raises(Conflict, match="already accepted"):
        review.correct(ids[0], RIGHT)  # type: ignore[arg-type]
    with pytest.raises(NotFound):
        review.accept(999_999)
    count = review.export_examples("text.language", tmp_path / "examples.jsonl")
    lines = [json.loads(line) for line in (tmp_path / "examples.jsonl").read_text(encoding="utf-8").splitlines()]
    assert count == 1 and lines == [{"function": "text.language", "version": 1, "input": {"text": "toi"},
                                     "output": RIGHT, "original": example["original"], "review_id": ids[1],
                                     "created_at": example["created_at"]}]  # fmt: skip
    assert review.examples("vi.words") == [] and review.pending() and review.pending()[0]["id"] == ids[2]


@pytest.mark.parametrize(
    ("accept", "correction", "message"),
    [
        (False, {"language": "vi"}, "field 'confidence'"),
        (False, {**RIGHT, "confidence": 1.5}, "field 'confidence'"),
        (False, {**RIGHT, "diacritics": "maybe"}, "field 'diacritics'"),
        (False, ["vi"], "JSON object"),
        (False, None, "either accepts"),
        (True, RIGHT, "either accepts"),
    ],
)
def test_invalid_decisions_are_clear_errors_and_change_nothing(
    database: str, accept: bool, correction: object, message: str
) -> None:
    review.set_policy("text.language", threshold=0.5)
    [queued] = _call("text.language", [UNSURE])
    with pytest.raises(InvalidInput, match=message) as caught:
        review.decide(queued["id"], accept=accept, correction=correction)  # type: ignore[arg-type]
    assert caught.value.http_status == 422 and caught.value.hint
    assert review.get(queued["id"])["status"] == "pending" and review.examples("text.language") == []  # type: ignore[arg-type]


def test_policies_are_checked(database: str) -> None:
    for kwargs, field in [
        ({"threshold": 0.0}, "threshold"),
        ({"threshold": 1.5}, "threshold"),
        ({"threshold": float("nan")}, "threshold"),
        ({"required": True}, "required"),
    ]:
        with pytest.raises(InvalidInput) as caught:
            review.set_policy("text.language", **kwargs)  # type: ignore[arg-type]
        assert caught.value.details["field"] == field
    with pytest.raises(InvalidInput, match="reports no confidence"):
        review.set_policy("vi.words", threshold=0.8)
    with pytest.raises(NotFound):
        review.set_policy("vi.nothing", always=True)
    assert review.policies() == []


def test_the_audit_chain_holds_every_policy_change_queue_and_decision(database: str) -> None:
    review.set_policy("text.language", threshold=0.5, required=True, actor="key:admin")
    ids = [q["id"] for q in _call("text.language", [UNSURE, "toi"])]
    review.accept(ids[0], actor="key:reviewer")  # type: ignore[arg-type]
    review.correct(ids[1], RIGHT, actor="key:reviewer")  # type: ignore[arg-type]
    review.set_policy("text.language", actor="key:admin")
    rows = list(audit.export())
    assert [(r["action"], r["actor"]) for r in rows] == [
        ("review.policy", "key:admin"), ("function.call", "local:test"), ("review.queue", "local:test"),
        ("review.accept", "key:reviewer"), ("review.correct", "key:reviewer"), ("review.policy.remove", "key:admin"),
    ]  # fmt: skip
    assert rows[2]["detail"]["ids"] == ids and rows[4]["target"] == f"review:{ids[1]}"
    assert UNSURE not in json.dumps(rows, ensure_ascii=False)  # digests only, never the text
    assert audit.verify().ok


def test_policies_apply_without_a_query_per_call_and_changes_elsewhere_within_seconds(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [1_000.0]
    monkeypatch.setattr(review_policy, "_clock", lambda: now[0])
    assert _call("text.language", [UNSURE]) == []
    with session(write=True) as s:  # another process sets a policy: this one's cache does not know yet
        s.add(ReviewPolicy(tenant="default", function="text.language", threshold=0.5, always=False, required=False,
                           updated_by="other", updated_at="2026-01-01T00:00:00.000000Z"))  # fmt: skip
    assert _call("text.language", [UNSURE]) == []
    now[0] += review_policy.CACHE_SECONDS + 0.01
    assert [q["reason"] for q in _call("text.language", [UNSURE])] == ["low_confidence"]


def test_confidence_is_the_lowest_top_level_confidence_field() -> None:
    class Out(BaseModel):
        label: str
        confidence: float
        entity_confidence: float | None = None
        spans: list[dict[str, float]] = []

    assert confidence_fields(Out) == ("confidence", "entity_confidence")
    assert (
        confidence_of(
            Out(label="a", confidence=0.9, entity_confidence=0.4, spans=[{"confidence": 0.1}]), confidence_fields(Out)
        )
        == 0.4
    )
    assert confidence_of(Out(label="a", confidence=0.9), confidence_fields(Out)) == 0.9


def test_other_peoples_messages_sent_for_comparison_are_not_kept_with_a_review_item(database: str) -> None:
    """civic.triage's 'recent' carries other citizens' messages: the queued item keeps this message only, so
    erasing those citizens leaves no copy of theirs behind in someone else's review item."""
    review.set_policy("civic.triage", always=True)
    item = {"text": "Đèn đường ở phường Sài Gòn bị hỏng.", "recent": [{"id": "PA-1", "text": "Nhà bà Lan bị ngập."}]}
    [queued] = runner().call("civic.triage", [item], actor="local:test").review
    [kept] = review.items()
    assert kept["id"] == queued["id"]
    assert kept["input"]["text"] == item["text"] and "recent" not in kept["input"]
    assert "Nhà bà Lan" not in json.dumps(kept, ensure_ascii=False)


def test_a_batch_jobs_results_say_held_instead_of_the_output(database: str, tmp_path: Path) -> None:
    review.set_policy("vi.words", always=True, required=True)
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "xin chào"}\n{"text": ""}\n', encoding="utf-8")
    nonla.jobs.submit("vi.words", source, tmp_path / "out.jsonl", workers=1)
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    [item] = review.pending()
    assert rows[0] == {"index": 0, "held": {"review_id": item["id"], "reason": "always", "status": "pending"}}
    assert "error" in rows[1]
    nonla.jobs.submit("vi.words", source, tmp_path / "out.csv", workers=1)
    assert "held_for_review" in (tmp_path / "out.csv").read_text(encoding="utf-8")


def test_a_correction_holding_nan_is_refused_and_the_examples_stay_readable(database: str) -> None:
    review.set_policy("text.sentiment", always=True)
    [queued] = _call("text.sentiment", ["Cán bộ làm việc rất nhanh."])
    broken = {"label": "positive", "scores": {"positive": float("nan"), "negative": float("inf"), "neutral": 0.0},
              "confidence": 0.5}  # fmt: skip
    with pytest.raises(InvalidInput, match="NaN or Infinity"):
        review.decide(int(queued["id"]), correction=broken)
    assert review.get(int(queued["id"]))["status"] == "pending" and review.examples("text.sentiment") == []  # type: ignore[call-overload]

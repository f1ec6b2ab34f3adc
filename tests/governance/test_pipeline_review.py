"""An agency's review policy for a function holds inside pipelines too: a step's result is queued under the step's
function, once per item, naming the real caller, and a ``required`` policy holds the pipeline's result on REST and
in jobs until a reviewer acts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer

import nonla
from nonla import review
from nonla.api.app import create_app
from nonla.jobs import pipeline_store
from nonla.local import runner

WORDS = """\
name: clean_words
steps:
  - function: vi.normalize
    inputs: {text: $input.text}
  - function: vi.words
    inputs: {text: $steps.0.text}
"""
OUTER = """\
name: outer_words
steps:
  - function: pipeline.clean_words
    inputs: {text: $input.text}
"""




def words_ref() -> str:
    return runner().catalog.resolve("vi.words").ref  # the version a step's review entry names


def test_a_steps_policy_queues_its_results_once_per_item_naming_the_caller(database: str) -> None:
    pipeline_store.add(WORDS)
    review.set_policy("vi.words", always=True)
    # the second item normalises to nothing, so its vi.words step fails: the batch is run again item by item
    called = runner().call("pipeline.clean_words", [{"text": "xin chào"}, {"text": "\u200b"}, {"text": "Hà Nội"}],
                           actor="key:clerk")  # fmt: skip
    assert called.results[1].code == "empty_text"  # type: ignore[union-attr]
    assert [(q["index"], q["reason"], q["held"], q["step"]) for q in called.review] == [
        (0, "always", False, words_ref()), (2, "always", False, words_ref())]  # a failed item queues nothing
    queued = review.pending("vi.words")
    assert [(i["output"]["words"], i["caller"]) for i in queued] == [(["xin", "chào"], "key:clerk"),
                                                                      (["Hà Nội"], "key:clerk")]  # fmt: skip
    assert called.results[0].words == ["xin", "chào"]  # type: ignore[union-attr]  # not required: it goes out
    review.set_policy("vi.normalize", always=True)
    runner().call("pipeline.clean_words", [{"text": "xin chào"}, {"text": "\u200b"}])
    assert [i["input"]["text"] for i in review.pending("vi.normalize")] == ["xin chào"]  # once, not per run


def test_a_required_steps_policy_holds_the_pipelines_result(database: str) -> None:
    pipeline_store.add(WORDS)
    pipeline_store.add(OUTER)
    review.set_policy("vi.words", always=True, required=True)
    [entry] = runner().call("pipeline.outer_words", [{"text": "xin chào"}]).review  # through a nested pipeline
    [item] = review.pending("vi.words")
    assert (entry["index"], entry["id"], entry["held"], entry["step"]) == (0, item["id"], True, words_ref())
    assert review.pending("pipeline.clean_words") == []


def test_functions_composed_inside_a_function_are_not_reviewed_as_steps(database: str) -> None:
    review.set_policy("vi.words", always=True, required=True)
    text = "Ủy ban nhân dân phường tiếp nhận phản ánh. Cán bộ đã xuống kiểm tra hiện trường. Sự việc đã được xử lý."
    called = runner().call("text.summarize", [{"text": text}])  # text.summarize calls vi.words inside
    assert called.ok and called.review == () and review.pending() == []


@pytest.fixture
def app(database: str) -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        yield client


def test_rest_and_jobs_hold_a_pipeline_whose_step_is_held(app: TestClient, tmp_path: Path) -> None:
    pipeline_store.add(WORDS)
    review.set_policy("vi.words", always=True, required=True)
    answer = app.post("/v1/functions/pipeline.clean_words", headers=bearer("caller"), json={"text": "xin chào"})
    assert answer.status_code == 202 and "output" not in answer.json(), answer.text
    [item] = review.pending("vi.words")
    assert answer.json()["held"] == {"review_id": item["id"], "reason": "always", "status": "pending",
                                     "step": words_ref()}  # fmt: skip
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "Hà Nội"}\n', encoding="utf-8")
    nonla.jobs.submit("pipeline.clean_words", source, tmp_path / "out.jsonl", workers=1)
    [row] = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert row["held"]["step"] == words_ref() and "output" not in row


SUBJECT = "cccd-079200001234"
LETTER = "Ông Nguyễn Văn Bình, CCCD 079200001234, nhà số 5 Lê Lợi"


def test_a_steps_review_items_carry_the_callers_data_subject_on_rest(app: TestClient) -> None:
    """X-Subject-Id tags what the steps of a pipeline queue (also a pipeline's inside it), so the person's export
    finds those items and erasure takes their words out of the queue."""
    pipeline_store.add(WORDS)
    pipeline_store.add(OUTER)
    review.set_policy("vi.words", always=True)
    admin = {**bearer("admin"), "X-Subject-Id": SUBJECT}
    for ref in ("pipeline.clean_words", "pipeline.outer_words"):
        answer = app.post(f"/v1/functions/{ref}", headers=admin, json={"text": LETTER})
        assert answer.status_code == 200, answer.text
    queued = review.items("all")
    assert [(i["function"], i["subject_id"]) for i in queued] == [(words_ref(), SUBJECT)] * 2
    exported = app.get(f"/v1/subjects/{SUBJECT}", headers=admin).json()
    assert sorted(i["id"] for i in exported["review_items"]) == [i["id"] for i in queued]
    erased = app.delete(f"/v1/subjects/{SUBJECT}", headers=admin)
    assert erased.status_code == 200 and erased.json()["erased"]["review_items"] == 2
    assert review.items("all") == []


def test_a_jobs_subject_tags_what_its_pipelines_steps_queue(database: str, tmp_path: Path) -> None:
    pipeline_store.add(WORDS)
    review.set_policy("vi.words", always=True)
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": LETTER}, ensure_ascii=False) + "\n", encoding="utf-8")
    done = nonla.jobs.submit("pipeline.clean_words", source, tmp_path / "out.jsonl", workers=1, subject_id=SUBJECT)
    assert done["status"] == "done", done
    assert [(i["input"]["text"], i["subject_id"]) for i in review.items("all")] == [(LETTER, SUBJECT)]

"""A job stopped with chunks in flight in a worker pool runs them again when it resumes: the review items those
chunks queued are withdrawn when it stops, so reviewers get each input once."""

from __future__ import annotations

import json
from pathlib import Path

from nonla.governance import review
from nonla.governance.review_policy import set_policy
from nonla.jobs import engine, service


def test_a_stopped_pool_job_queues_each_input_for_review_once(tmp_path: Path) -> None:
    set_policy("text.sentiment", always=True, required=True)
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"text": f"Dịch vụ công số {i} rất tốt"}, ensure_ascii=False) + "\n"
                              for i in range(40)), encoding="utf-8")  # fmt: skip
    job = service.submit("text.sentiment", source, tmp_path / "out.jsonl", workers=2, chunk_size=5)
    stopped = engine.execute(job["id"], should_stop=lambda: True)  # after the first checkpoint, 3 chunks in flight
    assert stopped["done"] == 5 and len(review.pending(limit=1000)) == 5
    service.resume(job["id"])
    assert engine.execute(job["id"])["status"] == "done"
    pending = review.pending(limit=1000)
    held = {json.loads(line)["held"]["review_id"] for line in (tmp_path / "out.jsonl").read_text().splitlines()}
    assert len(pending) == 40 and {item["id"] for item in pending} == held

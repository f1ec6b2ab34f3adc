"""A job whose process keeps dying at the same place stops being restarted; progress or a resume starts the count
again. An interrupted job is exactly what a killed process leaves: status 'running' and nobody holding its lock."""

from __future__ import annotations

import json
from pathlib import Path

from nonla.governance import audit
from nonla.jobs import engine, service
from nonla.jobs.restarts import MAX_RESTARTS, to_restart
from nonla.store.db import session
from nonla.store.schema_jobs import Job


def interrupted_job(tmp_path: Path, items: int = 30) -> str:
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"text": f"câu số {i}"}) + "\n" for i in range(items)), encoding="utf-8")
    job_id = str(service.submit("vi.words", source, tmp_path / "out.jsonl", workers=1, chunk_size=10)["id"])
    _set(job_id, status="running")  # as a server killed mid-chunk leaves it
    return job_id


def _set(job_id: str, **values: object) -> None:
    with session(write=True) as s:
        job = s.get(Job, job_id)
        assert job is not None
        for name, value in values.items():
            setattr(job, name, value)


def test_a_job_that_keeps_stopping_the_server_is_failed_not_restarted(database: str, tmp_path: Path) -> None:
    job_id = interrupted_job(tmp_path)
    queued = str(service.submit("vi.words", tmp_path / "in.jsonl", tmp_path / "other.jsonl")["id"])
    for start in range(1, MAX_RESTARTS):
        assert to_restart() == [job_id, queued], start  # each server start runs it again from its checkpoint
        assert service.status(job_id)["status"] == "interrupted"
    assert to_restart() == [queued]  # the third start in a row without progress: the server stays up
    failed = service.status(job_id)
    assert failed["status"] == "failed" and failed["failure"]["code"] == "crashed", failed
    assert "item 0 of 30" in failed["failure"]["message"]
    assert len(list(audit.export(action="job.crashed"))) == 1 and audit.verify().ok
    service.resume(job_id)  # a person tries again: the count starts over
    _set(job_id, status="running")
    assert job_id in to_restart() and service.status(job_id)["status"] == "interrupted"


def test_progress_since_the_last_start_sets_the_count_back(database: str, tmp_path: Path) -> None:
    job_id = interrupted_job(tmp_path)
    _set(job_id, restarts=MAX_RESTARTS - 1)
    assert engine.execute(job_id)["status"] == "done"
    with session() as s:
        assert s.get(Job, job_id).restarts == 0  # type: ignore[union-attr]

"""Erasing a data subject while their job runs: the job stops cleanly at its next checkpoint (no traceback, status
``erased``), and nothing of it is left under the jobs folder: no results, no staging rows, no upload, no lock file."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from job_uploads import kept_upload

from nonla.core.errors import NotFound
from nonla.governance import subjects
from nonla.jobs import engine, service


def _upload(count: int) -> Path:
    return kept_upload(count, "Ông Phạm Văn Lựu số {i} gọi 0911222333")


def _left() -> list[str]:
    return sorted(str(p.relative_to(service.jobs_dir())) for p in service.jobs_dir().rglob("*") if p.name != "uploads")


@pytest.mark.parametrize("output_format", ["jsonl", "csv", "parquet"])
def test_a_job_erased_while_it_runs_stops_and_leaves_nothing(
    database: str, output_format: str, caplog: pytest.LogCaptureFixture
) -> None:
    job = service.submit("vi.words", _upload(50), None, output_format=output_format, workers=1, chunk_size=10,
                         subject_id="cccd-555")  # fmt: skip
    seen: list[dict[str, Any]] = []

    def erase_after_two_chunks(state: dict[str, Any]) -> None:
        seen.append(state)
        if state["done"] == 20:
            assert subjects.erase("cccd-555")["erased"]["jobs"] == 1

    with caplog.at_level(logging.WARNING):
        ended = engine.execute(job["id"], progress=erase_after_two_chunks)
    assert ended["status"] == "erased" and ended["id"] == job["id"], ended
    assert seen[-1]["done"] == 20, "it stopped at the checkpoint after the erasure"
    assert _left() == [], "results, staging rows, the upload and the lock file all went"
    assert "Traceback" not in caplog.text
    with pytest.raises(NotFound):
        service.status(job["id"])


def test_a_queued_job_erased_before_it_runs_leaves_no_lock_file() -> None:
    job = service.submit("vi.words", _upload(3), None, workers=1, subject_id="cccd-556")
    subjects.erase("cccd-556")
    assert engine.execute(job["id"]) == {}
    assert _left() == []


def test_erasing_a_finished_job_removes_its_lock_file() -> None:
    job = service.submit("vi.words", _upload(3), None, workers=1, subject_id="cccd-557")
    assert engine.execute(job["id"])["status"] == "done"
    assert (service.jobs_dir() / f"{job['id']}.lock").exists()  # left by the run; status reads take it too
    subjects.erase("cccd-557")
    assert _left() == [] and not (service.jobs_dir() / f"{job['id']}.lock").exists()

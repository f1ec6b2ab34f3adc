"""A job over a collection goes on by part id after a pause: documents replaced, added or deleted meanwhile neither
shift it (one skipped, another run twice, as when it went on from its n-th part) nor join it."""

from __future__ import annotations

import json
from pathlib import Path

from nonla.collections import service as collections
from nonla.jobs import engine, service


def keys(path: Path) -> list[tuple[int, str]]:
    return [(row["index"], row["key"]) for row in map(json.loads, path.read_text(encoding="utf-8").splitlines())]


def paused_job(tmp_path: Path) -> tuple[str, Path]:
    """A job over documents d0..d4, stopped after its first chunk (d0 and d1), as when the server stops."""
    collections.create("laws")
    collections.add("laws", [{"id": f"d{i}", "text": f"Điều {i}. Văn bản số {i}."} for i in range(5)])
    output = tmp_path / "out.jsonl"
    job = service.submit("vi.words", "laws", output, input_format="collection", workers=1, chunk_size=2)
    engine.execute(job["id"], should_stop=lambda: True)
    assert service.status(job["id"])["done"] == 2
    return job["id"], output


def test_a_document_replaced_during_a_pause_neither_shifts_nor_repeats(database: str, tmp_path: Path) -> None:
    job_id, output = paused_job(tmp_path)
    collections.add("laws", [{"id": "d0", "text": "Điều 0. Văn bản số 0 (đã sửa)."}])  # an editor corrects d0
    service.resume(job_id)
    final = engine.execute(job_id)
    assert (final["status"], final["done"], final["total"]) == ("done", 5, 5), final
    assert keys(output) == [(0, "d0"), (1, "d1"), (2, "d2"), (3, "d3"), (4, "d4")]


def test_documents_added_after_submit_are_not_the_jobs(database: str, tmp_path: Path) -> None:
    job_id, output = paused_job(tmp_path)
    collections.add("laws", [{"id": "d9", "text": "Điều 9. Văn bản mới."}])
    service.resume(job_id)
    final = engine.execute(job_id)
    assert (final["status"], final["done"], final["total"], final["percent"]) == ("done", 5, 5, 100.0), final
    assert [key for _, key in keys(output)] == ["d0", "d1", "d2", "d3", "d4"]


def test_a_document_deleted_before_it_was_read_fails_the_job_as_changed(database: str, tmp_path: Path) -> None:
    job_id, _ = paused_job(tmp_path)
    collections.delete_document("laws", "d3")
    service.resume(job_id)
    final = engine.execute(job_id)
    assert final["status"] == "failed" and final["failure"]["code"] == "input_changed", final

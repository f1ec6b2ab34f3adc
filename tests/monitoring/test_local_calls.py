"""Calls made in-process (Python API, CLI, batch-job workers) are tallied like the server's, once each."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nonla
from nonla.monitoring import service
from nonla.monitoring.observe import monitor


def _row(ref: str) -> dict[str, object]:
    [row] = service.summary("default", ref)
    return row


def test_python_calls_are_tallied() -> None:
    for text in ("Dịch vụ rất tốt", "Thái độ nhân viên quá tệ", "Tôi nộp hồ sơ hôm qua"):
        nonla.run("text.sentiment", text=text)
    row = _row("text.sentiment")
    assert row["calls"] == 3 and row["items"] == 3 and row["error_rate"] == 0


def test_job_items_are_tallied_once_from_every_worker(tmp_path: Path) -> None:
    nonla.run("vi.words", text="Hà Nội")  # figures still pending in this process while the workers run
    source = tmp_path / "in.jsonl"
    texts = [f"Người dân phường {n} phản ánh rác thải chưa được thu gom" for n in range(40)]
    source.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts), encoding="utf-8")
    job = nonla.jobs.submit("vi.words", source, tmp_path / "out.jsonl", workers=2, chunk_size=10)
    assert (job["status"], job["done"]) == ("done", 40), job
    row = _row("vi.words")
    assert row["items"] == 41  # the 40 job items, each counted once, and the call made before the job


def test_a_forked_child_writes_none_of_its_parents_pending_figures() -> None:
    nonla.run("text.sentiment", text="Dịch vụ rất tốt")
    assert monitor._pending, "the call's figures should still be pending in this process"
    pid = os.fork()
    if pid == 0:  # the child: what it would write when it flushes or exits
        code = 2
        try:
            code = 0 if not monitor.flush() else 1
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, "the child wrote its parent's figures"
    assert _row("text.sentiment")["calls"] == 1  # written once, by the parent

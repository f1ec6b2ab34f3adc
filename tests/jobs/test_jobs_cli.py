"""`nonla jobs` and `nonla batch` through typer's runner: run with a progress bar, list, status, cancel, resume."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from nonla.cli import app
from nonla.jobs import service

RUNNER = CliRunner()


def test_batch_list_status_cancel_resume(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"text": f"Tòa án nhân dân {i}"}, ensure_ascii=False) + "\n"
                              for i in range(40)), encoding="utf-8")  # fmt: skip
    ran = RUNNER.invoke(app, ["batch", "vi.words", "-i", str(source), "-o", str(tmp_path / "out.csv"), "-w", "1",
                              "--chunk-size", "8"])  # fmt: skip
    assert ran.exit_code == 0, ran.output
    assert "Done: 40 results" in ran.output and "40/40" in ran.output
    [job] = service.list_jobs()
    listed = RUNNER.invoke(app, ["jobs", "list"])
    assert listed.exit_code == 0 and job["id"][:8] in listed.output
    status = json.loads(RUNNER.invoke(app, ["jobs", "status", job["id"]]).stdout)
    assert (status["status"], status["done"], status["total"]) == ("done", 40, 40) and status["rate"] > 0
    late = RUNNER.invoke(app, ["jobs", "cancel", job["id"]])  # done: nothing to cancel
    assert getattr(late.exception, "code", None) == "conflict"

    queued = service.submit("vi.words", source, tmp_path / "two.jsonl", workers=1)
    assert RUNNER.invoke(app, ["jobs", "cancel", queued["id"]]).exit_code == 0
    resumed = RUNNER.invoke(app, ["jobs", "resume", queued["id"]])
    assert resumed.exit_code == 0 and "Done: 40 results" in resumed.output, resumed.output
    missing = RUNNER.invoke(app, ["jobs", "run", "vi.words", "-i", str(tmp_path / "nope.jsonl"), "-o", "x.jsonl"])
    assert getattr(missing.exception, "code", None) == "not_found"

"""`nonla jobs` and `nonla batch` through typer's runner: run with a progress bar, list, status, cancel, resume."""

from __future__ import annotations

import json
import socket
import sys
import time
from pathlib import Path

import pytest
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


def _main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """`nonla ARGS` as a shell runs it: the exit code and what it printed on stderr."""
    from nonla.cli import main

    monkeypatch.setattr(sys, "argv", ["nonla", *args])
    with pytest.raises(SystemExit) as ended:
        main()
    return int(ended.value.code or 0), " ".join(capsys.readouterr().err.split())


def test_a_job_that_fails_says_why_and_exits_non_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"text": f"Đơn số {i}"}, ensure_ascii=False) + "\n" for i in range(40)),
                      encoding="utf-8")  # fmt: skip
    job = service.submit("vi.words", source, tmp_path / "out.jsonl", workers=1, chunk_size=8)
    source.write_text(source.read_text(encoding="utf-8")[:100], encoding="utf-8")  # the input shrank since
    code, err = _main(monkeypatch, capsys, "jobs", "resume", job["id"])
    assert code == 5, err
    assert "Error (input_changed)" in err and f"Job {job['id']} failed: The input ended after" in err, err
    assert "What to do: Submit a new job to read the input as it is now." in err
    assert "Traceback" not in err and service.status(job["id"])["status"] == "failed"
    failure = service.status(job["id"])["failure"]
    assert failure["code"] == "input_changed" and failure["hint"].startswith("Submit a new job")


def test_a_dask_scheduler_that_cannot_be_used_is_a_plain_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("distributed")
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": "Hà Nội"}, ensure_ascii=False) + "\n", encoding="utf-8")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    address = f"tcp://127.0.0.1:{listener.getsockname()[1]}"
    run = ["jobs", "run", "vi.words", "-i", str(source), "-o", str(tmp_path / "out.jsonl"), "--executor", "dask"]
    # recorded while something listened there; the scheduler is gone when the job starts (a resume, a restart)
    job = service.submit("vi.words", source, tmp_path / "later.jsonl", executor="dask", scheduler=address)
    listener.close()
    started = time.perf_counter()
    code, err = _main(monkeypatch, capsys, *run, "--scheduler", address)
    assert code == 6 and f"Error (scheduler_unavailable): Cannot reach the Dask scheduler at {address}" in err, err
    assert "What to do: Check that the Dask scheduler runs" in err and "Traceback" not in err
    assert time.perf_counter() - started < 10, "a refused connection is reported at once"
    code, err = _main(monkeypatch, capsys, *run, "--scheduler", "nonsense://??")
    assert code == 2 and "Error (invalid_input): 'nonsense://??' is not a Dask scheduler address" in err, err
    assert "tcp://HOST:PORT" in err
    assert [j["id"] for j in service.list_jobs()] == [job["id"]], "the refused runs recorded no job"
    code, err = _main(monkeypatch, capsys, "jobs", "resume", job["id"])
    assert code == 6 and "Error (scheduler_unavailable)" in err, err
    failed = service.status(job["id"])
    assert failed["status"] == "failed" and failed["failure"]["code"] == "scheduler_unavailable", failed
    assert "Check that the Dask scheduler runs" in failed["failure"]["hint"]

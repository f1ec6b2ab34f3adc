"""A job killed with SIGKILL mid-run resumes to exactly one result per input item, in order, equal to a clean run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nonla.core.errors import Conflict, InvalidInput
from nonla.jobs import engine, formats, service

NONLA = [sys.executable, "-m", "nonla.cli"]
SENTENCES = ["Tòa án nhân dân tối cao", "Ong Nguyen Van A o Ha Noi", "Sở Tài nguyên và Môi trường TP.HCM",
             "Chính phủ ban hành Nghị định số 13/2023/NĐ-CP"]  # fmt: skip


def write_input(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"id": i, "text": f"{SENTENCES[i % len(SENTENCES)]} {i}"}, ensure_ascii=False) + "\n")
            if i == n // 2:
                f.write("{not json\n")  # an unreadable line is an item with an error, never fatal


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def wait_for(predicate, timeout: float = 120.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out")


@pytest.mark.slow
@pytest.mark.parametrize("workers", ["1", "2"])  # in this process, and the local process pool
def test_kill_9_then_resume_gives_each_item_once_in_order(tmp_path: Path, workers: str) -> None:
    n = 4000
    source, output = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_input(source, n)
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    command = [*NONLA, "jobs", "run", "vi.words", "-i", str(source), "-o", str(output), "-w", workers,
               "--chunk-size", "10"]  # fmt: skip
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        job_id = wait_for(lambda: (service.list_jobs() or [{}])[0].get("id"))
        wait_for(lambda: service.status(job_id)["done"] >= 300)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    killed = service.status(job_id)
    assert killed["status"] == "interrupted" and 300 <= killed["done"] < n + 1

    # a second kill, this time of the resumed run, then a resume to the end
    second = subprocess.Popen([*NONLA, "jobs", "resume", job_id], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        wait_for(lambda: service.status(job_id)["done"] >= killed["done"] + 200)
    finally:
        second.send_signal(signal.SIGKILL)
        second.wait()
    done = subprocess.run([*NONLA, "jobs", "resume", job_id], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    final = service.status(job_id)
    assert (final["status"], final["done"], final["total"], final["errors"]) == ("done", n + 1, n + 1, 1)

    got = rows(output)
    assert [row["index"] for row in got] == list(range(n + 1))  # every item exactly once, in order
    bad = n // 2 + 1
    assert got[bad]["error"]["code"] == "invalid_json"
    clean = tmp_path / "clean.jsonl"
    job = service.submit("vi.words", source, clean, workers=1, chunk_size=500)
    assert engine.execute(job["id"])["status"] == "done"
    assert got == rows(clean)


def test_a_torn_tail_past_the_checkpoint_is_cut_off(tmp_path: Path) -> None:
    source, output = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_input(source, 50)
    job = service.submit("vi.words", source, output, workers=1, chunk_size=20)
    state = engine.execute(job["id"], should_stop=lambda: True)  # as if the process stopped after one chunk
    assert (state["status"], state["done"]) == ("running", 20)
    with output.open("ab") as f:  # a crash after writing the next chunk, before its checkpoint was committed
        f.write(b'{"index": 20, "output": {"words": ["x"]}}\n{"index": 21, "outp')
    assert service.status(job["id"])["status"] == "interrupted"
    service.resume(job["id"])
    assert engine.execute(job["id"])["status"] == "done"
    assert [row["index"] for row in rows(output)] == list(range(51))


def test_cancel_then_resume(tmp_path: Path) -> None:
    source, output = tmp_path / "in.jsonl", tmp_path / "out.csv"
    write_input(source, 30)
    job = service.submit("vi.words", source, output, workers=1, chunk_size=10)
    stopped = engine.execute(
        job["id"], progress=lambda state: service.cancel(job["id"]) if state["done"] == 10 else None
    )
    assert (stopped["status"], stopped["done"]) == ("cancelled", 20)  # seen at the next checkpoint
    assert engine.execute(job["id"])["status"] == "cancelled"  # a cancelled job does not run until resumed
    service.resume(job["id"])
    final = engine.execute(job["id"])
    assert (final["status"], final["done"], final["errors"]) == ("done", 31, 1)
    lines = output.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "index,id,key,error_code,error_message,words,spans" and len(lines) == 32
    assert formats.kind_of(output) == "csv"


def test_a_job_cannot_resume_over_a_later_jobs_output(tmp_path: Path) -> None:
    source, output = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_input(source, 30)
    first = service.submit("vi.words", source, output, workers=1, chunk_size=10)
    engine.execute(first["id"], progress=lambda state: service.cancel(first["id"]) if state["done"] == 10 else None)
    second = service.submit("vi.words", source, output, workers=1, chunk_size=10, overwrite=True)
    assert engine.execute(second["id"])["status"] == "done"
    with pytest.raises(Conflict, match=second["id"]):
        service.resume(first["id"])
    assert [row["index"] for row in rows(output)] == list(range(31)), "the later job's results are whole"


def test_an_input_that_shrank_fails_the_job_instead_of_finishing_it(tmp_path: Path) -> None:
    from nonla.collections import service as collections

    collections.create("docs")
    collections.add("docs", [{"id": f"d{i}", "text": f"Đơn số {i} về tiền điện."} for i in range(6)])
    job = service.submit("vi.words", "docs", tmp_path / "out.jsonl", input_format="collection", workers=1,
                         chunk_size=2)  # fmt: skip
    engine.execute(job["id"], progress=lambda state: service.cancel(job["id"]) if state["done"] == 2 else None)
    collections.delete_document("docs", "d5")
    service.resume(job["id"])
    ended = engine.execute(job["id"])
    assert ended["status"] == "failed" and ended["failure"]["code"] == "input_changed", ended
    assert ended["done"] < ended["total"]


def test_the_staging_file_of_a_parquet_output_is_not_the_input(tmp_path: Path) -> None:
    output = tmp_path / "out.parquet"
    source = Path(formats.staging_path("parquet", str(output)))
    write_input(source, 5)
    with pytest.raises(InvalidInput, match="overwrite the input"):
        service.submit("vi.words", source, output, input_format="jsonl", workers=1)
    assert len(source.read_text(encoding="utf-8").splitlines()) == 6  # write_input adds an empty text

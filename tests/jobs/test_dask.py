"""The Dask executor on a real cluster (a scheduler and two workers, each its own process) gives the same results as
the local executor, pipelines included: workers resolve them from the shared store through nonla.local.runner()."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from nonla.jobs import engine, pipeline_store, service

pytest.importorskip("distributed")
WORDS = "name: words_of_clean\nsteps:\n  - function: vi.normalize\n    inputs: {text: $input.text}\n" \
        "  - function: vi.words\n    inputs: {text: $steps.0.text}\n"  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def cluster(nonla_home: Path) -> Iterator[str]:
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "NONLA_HOME": str(nonla_home), "PYTHONWARNINGS": "ignore"}
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    scheduler = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                  "--port", str(port), "--no-dashboard"], **quiet)  # fmt: skip
    workers = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1",
                                 "--no-dashboard", "--name", f"w{i}"], **quiet) for i in range(2)]  # fmt: skip
    try:
        from distributed import Client

        with Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for process in [*workers, scheduler]:
            process.terminate()
        for process in [*workers, scheduler]:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()


def test_dask_matches_local(cluster: str, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"text": f"Tòa án nhân dân tối cao {i} ông Nguyễn Văn A"}, ensure_ascii=False) for i in range(300)
    ]
    source.write_text("\n".join(lines[:150] + ['{"text": ""}'] + lines[150:]) + "\n", encoding="utf-8")
    pipeline_store.add(WORDS)
    for ref in ("vi.words", "pipeline.words_of_clean"):
        outputs = {}
        for kind in ("local", "dask"):
            output = tmp_path / f"{ref}-{kind}.jsonl"
            job = service.submit(ref, source, output, executor=kind, scheduler=cluster if kind == "dask" else None,
                                 workers=1, chunk_size=25)  # fmt: skip
            started = time.perf_counter()
            state = engine.execute(job["id"])
            assert (state["status"], state["done"], state["errors"]) == ("done", 301, 1), (kind, state)
            assert time.perf_counter() - started < 300
            outputs[kind] = output.read_text(encoding="utf-8")
        assert outputs["dask"] == outputs["local"]
        assert [json.loads(line)["index"] for line in outputs["dask"].splitlines()] == list(range(301))

"""Dask jobs when the cluster is not what it should be: a scheduler without workers, workers that leave mid-job, a
scheduler that goes away mid-job, an address over a transport jobs do not use. Each ends with a plain error or a
job that stops when cancelled, never a hang or a traceback."""

from __future__ import annotations

import json
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from nonla.core.errors import InvalidInput, NonlaError
from nonla.jobs import engine, executors, service

pytest.importorskip("distributed")


@pytest.fixture
def start_cluster(nonla_home: Path) -> Iterator[Callable[[int], Any]]:
    """Start a real Dask cluster in this process (scheduler and workers over TCP): ``start_cluster(workers)``."""
    import dask
    from distributed import LocalCluster

    started: list[Any] = []

    def start(workers: int) -> Any:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=False, protocol="tcp://",
                               host="127.0.0.1", dashboard_address=None, silence_logs=logging.CRITICAL)  # fmt: skip
        started.append(cluster)
        return cluster

    yield start
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):  # a scheduler a test closed answers no one
        for cluster in started:
            cluster.close(timeout=10)


def _texts(tmp_path: Path, count: int) -> Path:
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"text": f"Đơn số {i} gửi Hà Nội"}, ensure_ascii=False) + "\n"
                              for i in range(count)), encoding="utf-8")  # fmt: skip
    return source


def _in_thread(job_id: str, **options: Any) -> tuple[threading.Thread, dict[str, Any]]:
    """Run the job in a thread, as a server does; the dict gets its outcome (``state`` or ``error``)."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["state"] = engine.execute(job_id, **options)
        except Exception as exc:  # noqa: BLE001 - the test reads it
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def _until(check: Callable[[], bool], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_scheduler_without_workers_is_refused_not_waited_on(
    start_cluster: Callable[[int], Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(executors, "WORKERS_SECONDS", 1.0)
    address = start_cluster(0).scheduler_address
    job = service.submit("vi.words", _texts(tmp_path, 20), tmp_path / "out.jsonl", executor="dask",
                         scheduler=address, chunk_size=5)  # fmt: skip
    thread, outcome = _in_thread(job["id"])
    thread.join(10)
    assert not thread.is_alive(), "the job waited on a scheduler no worker ever joined"
    error = outcome["error"]
    assert isinstance(error, executors.SchedulerUnavailable), error
    assert error.message == f"The Dask scheduler at {address} has no workers: none joined within 1 seconds."
    assert f"dask worker {address}" in (error.hint or "")
    failed = service.status(job["id"])
    assert (failed["status"], failed["done"], failed["failure"]["code"]) == ("failed", 0, "scheduler_unavailable")


def test_cancel_stops_a_job_whose_workers_left_and_resume_goes_on_at_once(
    start_cluster: Callable[[int], Any], tmp_path: Path
) -> None:
    from distributed import Client

    cluster = start_cluster(1)
    job = service.submit("vi.words", _texts(tmp_path, 200), tmp_path / "out.jsonl", executor="dask",
                         scheduler=cluster.scheduler_address, chunk_size=5)  # fmt: skip
    thread, outcome = _in_thread(job["id"])
    _until(lambda: service.status(job["id"])["done"] >= 5)
    with Client(cluster.scheduler_address) as client:  # every worker leaves: the chunks still out never finish
        cluster.scale(0)
        _until(lambda: not client.nthreads())
    assert service.cancel(job["id"])["status"] == "cancelled"
    resumed = service.resume(job["id"])  # the runner lets go within moments: no 'running in another process'
    assert resumed["status"] == "queued", resumed
    thread.join(5)
    assert not thread.is_alive() and "error" not in outcome, outcome
    stopped_at = resumed["done"]
    assert 5 <= stopped_at < 200

    cluster.scale(1)  # workers are back: the job goes on from its checkpoint, each item once and in order
    state = engine.execute(job["id"])
    assert (state["status"], state["done"]) == ("done", 200), state
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["index"] for line in lines] == list(range(200))


def test_a_scheduler_gone_mid_job_is_a_plain_error_with_the_way_to_resume(
    start_cluster: Callable[[int], Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    from nonla.cli import main

    monkeypatch.setattr(executors, "HANDSHAKE", "2s")  # how long Dask's client tries to get its scheduler back
    cluster = start_cluster(1)
    output = tmp_path / "out.jsonl"
    run = ["nonla", "jobs", "run", "vi.words", "-i", str(_texts(tmp_path, 1000)), "-o", str(output),
           "--executor", "dask", "--scheduler", cluster.scheduler_address, "--chunk-size", "2"]  # fmt: skip

    def close_scheduler_mid_job() -> None:
        _until(lambda: any(j["done"] >= 10 for j in service.list_jobs()), 15)
        cluster.sync(cluster.scheduler.close)

    closer = threading.Thread(target=close_scheduler_mid_job, daemon=True)
    closer.start()
    monkeypatch.setattr(sys, "argv", run)
    with pytest.raises(SystemExit) as ended:
        main()
    closer.join(1)
    err = " ".join(capsys.readouterr().err.split())
    assert ended.value.code == 6, err
    assert "Error (scheduler_unavailable)" in err and "The Dask scheduler closed the line" in err, err
    assert "Traceback" not in err and "FutureCancelledError" not in err
    [job] = service.list_jobs()
    failure = job["failure"]
    assert failure["code"] == "scheduler_unavailable", failure
    assert failure["message"] == "The Dask scheduler closed the line; the job stopped at its last checkpoint."
    assert f"nonla jobs resume {job['id']}" in failure["hint"]
    assert 10 <= job["done"] < 1000


@pytest.mark.parametrize("address", ["ucx://127.0.0.1:8786", "inproc://x", "ws://127.0.0.1:8786"])
def test_a_scheduler_address_not_over_tcp_is_refused_before_a_job_is_stored(address: str, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as refused:
        service.submit("vi.words", _texts(tmp_path, 3), tmp_path / "out.jsonl", executor="dask", scheduler=address)
    assert refused.value.message == f"'{address}' is not a scheduler address jobs can use: only tcp:// (or tls://) is."
    assert "tcp://HOST:PORT" in (refused.value.hint or "")
    assert service.list_jobs() == []


def test_tls_without_dask_tls_settings_is_a_plain_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import dask

    from nonla.cli import main

    address = "tls://127.0.0.1:1"
    run = ["nonla", "jobs", "run", "vi.words", "-i", str(_texts(tmp_path, 3)), "-o", str(tmp_path / "out.jsonl"),
           "--executor", "dask", "--scheduler", address]  # fmt: skip
    monkeypatch.setattr(sys, "argv", run)
    with pytest.raises(SystemExit) as ended:
        main()
    err = " ".join(capsys.readouterr().err.split())
    assert ended.value.code == 2, err
    assert f"Error (invalid_input): '{address}' needs Dask's TLS settings, and none are configured." in err, err
    assert "Traceback" not in err and "TypeError" not in err and service.list_jobs() == []

    with dask.config.set({"distributed.comm.tls.ca-file": "ca.pem", "distributed.comm.tls.client.cert": "me.pem"}):
        with pytest.raises(NonlaError) as refused:  # with them, the address is taken: nothing listens there
            executors.check_scheduler(address)
    assert refused.value.code == "scheduler_unavailable", refused.value.message


def test_the_cli_names_a_lost_scheduler_whichever_way_dask_reports_it() -> None:
    from distributed.client import FutureCancelledError
    from distributed.comm.core import CommClosedError

    from nonla.cli_errors import caller_error

    for raised in (FutureCancelledError("run_chunk-1", "scheduler-connection-lost"), CommClosedError("closed")):
        error = caller_error(raised)
        assert error is not None and error.code == "scheduler_unavailable", raised
        assert error.message == "The Dask scheduler closed the line; the job stopped at its last checkpoint."
        assert error.hint == "Resume it with `nonla jobs resume ID` (`nonla jobs list` shows the id)."

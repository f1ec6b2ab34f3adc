"""Training jobs started over REST share a few slots per server process: later ones wait (status 'queued', first
come first served, cancellable), and past the queue's length a new one is refused with a 429 and Retry-After
instead of starting yet another thread that loads yet another table into memory."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer

from nonla.api.app import create_app
from nonla.custom import jobs


class FakeVersion:
    def __init__(self, ref: str) -> None:
        self.ref = ref

    def view(self) -> dict[str, Any]:
        return {"ref": self.ref}


class Gate:
    """A training that runs until the test opens its gate."""

    def __init__(self, ref: str) -> None:
        self.ref, self.started, self.gate = ref, threading.Event(), threading.Event()

    def __call__(self, progress: Any, cancelled: Any) -> FakeVersion:
        self.started.set()
        assert self.gate.wait(30)
        return FakeVersion(self.ref)


def _until(check: Any, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.fixture
def one_slot(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("NONLA_TRAINING_SLOTS", "1")
    monkeypatch.setenv("NONLA_TRAINING_QUEUE", "2")
    yield
    _until(lambda: not jobs._running and not jobs._waiting)  # nothing leaks into the next test


def test_jobs_wait_for_a_slot_in_order_and_the_queue_is_bounded(one_slot: None) -> None:
    first, second, third = Gate("custom.a@1"), Gate("custom.b@1"), Gate("custom.c@1")
    a = jobs.start("a", "tabular", first, "tester")
    assert first.started.wait(10)
    b = jobs.start("b", "tabular", second, "tester")
    c = jobs.start("c", "tabular", third, "tester")
    assert jobs.get(b["id"])["status"] == "queued" and "waiting for one of the 1 training slots" in b["message"]
    with pytest.raises(jobs.TrainingQueueFull) as refused:
        jobs.start("d", "tabular", Gate("custom.d@1"), "tester")
    assert refused.value.http_status == 429 and refused.value.code == "training_queue_full"
    assert refused.value.headers == {"Retry-After": str(jobs.RETRY_AFTER)} and refused.value.hint
    time.sleep(3 * jobs.POLL_SECONDS)
    assert not second.started.is_set() and not third.started.is_set()  # one at a time

    first.gate.set()
    assert jobs.wait(a["id"], 10)["status"] == "done"
    assert second.started.wait(10) and not third.started.is_set()  # first come, first served
    second.gate.set()
    third.gate.set()
    assert jobs.wait(b["id"], 10)["status"] == "done" and jobs.wait(c["id"], 10)["status"] == "done"


def test_a_queued_job_can_be_cancelled_and_frees_its_place(one_slot: None) -> None:
    first, second = Gate("custom.a@1"), Gate("custom.b@1")
    a = jobs.start("a", "tabular", first, "tester")
    assert first.started.wait(10)
    b = jobs.start("b", "tabular", second, "tester")
    jobs.cancel(b["id"])
    cancelled = jobs.wait(b["id"], 10)
    assert cancelled["status"] == "cancelled" and "before it started" in cancelled["message"]
    assert cancelled["error"]["code"] == "training_cancelled" and not second.started.is_set()
    _until(lambda: not jobs._waiting)
    first.gate.set()
    assert jobs.wait(a["id"], 10)["status"] == "done"


def test_a_failing_training_gives_its_slot_back(one_slot: None) -> None:
    def broken(progress: Any, cancelled: Any) -> FakeVersion:
        raise RuntimeError("bug")

    failed = jobs.wait(jobs.start("a", "tabular", broken, "tester")["id"], 10)
    assert failed["status"] == "failed"
    after = Gate("custom.b@1")
    after.gate.set()
    assert jobs.wait(jobs.start("b", "tabular", after, "tester")["id"], 10)["status"] == "done"


def test_rest_refuses_a_training_past_the_queue_with_429(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NONLA_TRAINING_SLOTS", "1")
    monkeypatch.setenv("NONLA_TRAINING_QUEUE", "0")
    busy = Gate("custom.busy@1")
    started = jobs.start("busy", "tabular", busy, "tester")
    try:
        assert busy.started.wait(10)
        table = "x,target\n" + "".join(f"{i},{'ab'[i % 2]}\n" for i in range(40))
        with TestClient(create_app(), raise_server_exceptions=False) as client:
            refused = client.post("/v1/models/train", headers=bearer("developer"),
                                  json={"kind": "tabular", "name": "more", "csv": table, "target": "target"})  # fmt: skip
        assert refused.status_code == 429, refused.text
        assert refused.json()["error"]["code"] == "training_queue_full"
        assert refused.headers["Retry-After"] == str(jobs.RETRY_AFTER)
    finally:
        busy.gate.set()
    assert jobs.wait(started["id"], 10)["status"] == "done"
    _until(lambda: not jobs._running)

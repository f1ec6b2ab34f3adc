"""A shadow version runs beside production in the background (on SQLite and PostgreSQL): a slow shadow never delays
a call, its answers are still compared and logged, and with every shadow thread busy a shadow call is skipped and
counted, never queued."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from kserve_stub import SLOW_S
from rest_keys import bearer
from rolled_out_models import two_versions

import nonla
from nonla import custom
from nonla.api.app import create_app
from nonla.custom import routing


@pytest.fixture
def slow_shadow(database: str) -> Iterator[None]:
    """custom.sh: version 1 in production at a server that answers at once, version 2 in shadow at one that takes
    SLOW_S seconds (with a timeout and retries that, run in line, would hold each call for minutes)."""
    with two_versions("sh", "shadow", second="/slow", timeout=20, retries=2):
        yield
        assert routing.shadows.wait(timeout=60)


def test_a_slow_shadow_never_delays_production(slow_shadow: None) -> None:
    started = time.perf_counter()
    out = nonla.run_batch("custom.sh", [{"x": 1.0}, {"x": 2.0}])
    assert time.perf_counter() - started < SLOW_S / 2, "production waited for the shadow"
    assert [o.label for o in out] == ["b", "b"]  # type: ignore[union-attr]
    assert routing.shadows.wait(timeout=60)
    report = custom.report("sh")  # once it has run, compared and logged as before
    assert report["by_mode"] == {"shadow": 2} and report["compared"] == 2 and report["agreement"] == 1.0
    assert report["versions"]["1"]["calls_answered"] == 2 and report["versions"]["2"]["calls_run_beside"] == 2
    assert report["versions"]["2"]["mean_ms"] >= SLOW_S * 1000 / 2 and report["shadow_skipped"] == 0


def test_over_rest_the_caller_gets_productions_answer_at_once(slow_shadow: None) -> None:
    with TestClient(create_app()) as app:
        started = time.perf_counter()
        called = app.post("/v1/functions/custom.sh", headers=bearer("caller"), json={"x": 1.0})
        assert time.perf_counter() - started < SLOW_S / 2, "production waited for the shadow"
    assert called.status_code == 200 and called.json()["function"] == "custom.sh@1", called.text


def test_with_every_shadow_thread_busy_the_shadow_is_skipped_and_counted(
    slow_shadow: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(routing.shadows, "threads", 1)
    skipped_before = routing.shadows.skipped
    started = time.perf_counter()
    for x in range(3):  # the first takes the one thread; the next two find it busy
        assert nonla.run("custom.sh", x=float(x)).label == "b"  # type: ignore[attr-defined]
    assert time.perf_counter() - started < SLOW_S / 2, "a skipped shadow waited for a thread"
    assert routing.shadows.skipped == skipped_before + 2
    assert routing.shadows.wait(timeout=60)
    report = custom.report("sh")
    assert report["calls"] == 3 and report["by_mode"] == {"shadow": 3} and report["shadow_skipped"] == 2
    assert report["compared"] == 1 and report["versions"]["2"]["calls_run_beside"] == 1

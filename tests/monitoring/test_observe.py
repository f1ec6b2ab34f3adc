"""The observer through a real Runner over real functions; baselines, drift and alert records on both databases."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from nonla.core.runner import Runner
from nonla.governance import audit, review_policy
from nonla.governance.review import queue_results
from nonla.jobs import pipeline_store
from nonla.monitoring import alerts, baseline, drift, service
from nonla.monitoring.observe import Monitor, bucket_of, monitor, write
from nonla.monitoring.tally import Tally
from nonla.sources import catalog
from nonla.store.db import session
from nonla.store.schema_monitoring import MonitoringAlert, MonitoringWindow

from .conftest import MARKED, strip_marks


def _runner() -> Runner:
    return Runner(catalog(), observers=[monitor])


def test_counts_calls_errors_and_review_share(database: str) -> None:
    review_policy.set_policy("text.sentiment", always=True, actor="test")  # every result is queued
    runner = Runner(catalog(), review=queue_results, observers=[monitor])
    runner.call("text.sentiment", [{"text": MARKED[0]}, {"text": ""}, {"text": MARKED[1]}])
    runner.call("text.sentiment", [{"text": MARKED[2]}], tenant="other")
    [row] = service.summary("default", "text.sentiment")
    assert (row["ref"], row["calls"], row["items"], row["errors"], row["review"]) == ("text.sentiment@1", 1, 3, 1, 2)
    assert row["error_rate"] == pytest.approx(1 / 3, abs=1e-4) and row["review_share"] == pytest.approx(2 / 3, abs=1e-4)
    assert row["latency_p50_ms"] > 0 and row["status"] == "too_few_calls" and row["baseline"] is None
    assert [r["items"] for r in service.summary("other")] == [1]
    with session() as s:  # one stored bucket row per tenant, not a row per call
        assert len(list(s.scalars(select(MonitoringWindow)))) == 2


def test_review_share_counts_items_not_the_steps_of_a_pipeline(database: str) -> None:
    for function in ("vi.words", "vi.sentences"):
        review_policy.set_policy(function, always=True, actor="test")  # both steps queue every item
    pipeline_store.add("name: two\nsteps:\n  - function: vi.words\n    inputs: {text: $input.text}\n"
                       "  - function: vi.sentences\n    inputs: {text: $input.text}\n")  # fmt: skip
    runner = Runner(catalog(), review=queue_results, observers=[monitor])
    runner.call("pipeline.two", [{"text": "Xin chào. Tôi là An."}, {"text": "Trời mưa."}])
    called = runner.call("pipeline.two", [{"text": "Hôm nay đẹp trời."}])
    assert len(called.review) == 2  # one entry per reviewed step of the item
    [row] = service.summary("default", "pipeline.two")
    assert (row["items"], row["review"], row["review_share"]) == (3, 3, 1.0)


def test_slow_calls_cross_a_latency_threshold_past_thirty_seconds(database: str) -> None:
    alerts.set_thresholds("default", "vi.words", {"min_calls": 5, "latency_p95_ms": 60_000}, actor="test")
    items = [{"text": "xin chào"}]
    called = Runner(catalog()).call("vi.words", items)
    for _ in range(10):  # calls of two minutes each, as the runner would report them
        monitor(replace(called, latency_ms=120_000.0), items, "default")
    [row] = service.summary("default", "vi.words")
    assert row["latency_p50_ms"] >= 120_000 and row["latency_p95_ms"] >= 120_000, row
    assert [a["kind"] for a in alerts.alerts("default")] == ["latency_p95"]


def test_windows_stored_with_fewer_latency_bins_still_count(database: str) -> None:
    older = [0] * 14 + [4]  # the layout whose last edge was 30 s: four calls of 30 s or more
    bucket = bucket_of(datetime.now(UTC))
    with session(write=True) as s:
        s.add(MonitoringWindow(tenant="default", function="vi.words", version=2, bucket=bucket, calls=4, items=4,
                               errors=0, review=0, histograms={"latency_ms": older}))  # fmt: skip
    [row] = service.summary("default", "vi.words")
    assert row["calls"] == 4 and row["latency_p50_ms"] >= 30_000, row
    tally = Tally()
    tally.count(items=[{"text": "xin chào"}], latency_ms=12.0, errors=0, review=0, confidences=[])
    write({("default", "vi.words", 2, bucket): tally})  # added to the stored bucket: the older bins are kept
    with session() as s:
        [stored] = s.scalars(select(MonitoringWindow))
    assert len(stored.histograms["latency_ms"]) == len(drift.LATENCY_EDGES_MS) + 1
    assert stored.histograms["latency_ms"][14] == 4 and stored.calls == 5


def test_observer_failure_never_fails_the_call(database: str) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("down")

    result = Runner(catalog(), observers=[broken]).call("vi.words", [{"text": "xin chào"}])
    assert result.ok


def test_flushes_by_count_not_per_call(database: str) -> None:
    counting = Monitor(flush_seconds=3600, flush_calls=5)
    runner = Runner(catalog(), observers=[counting])
    for _ in range(4):
        runner.call("vi.words", [{"text": "xin chào"}])
    with session() as s:
        assert list(s.scalars(select(MonitoringWindow))) == []
    runner.call("vi.words", [{"text": "xin chào"}])
    with session() as s:
        assert [row.calls for row in s.scalars(select(MonitoringWindow))] == [5]


def test_drift_raises_exactly_one_alert(database: str, baseline_file: Path) -> None:
    made = baseline.record("text.sentiment", baseline.read_jsonl(baseline_file.read_bytes()), source="test set")
    assert made["items"] == len(MARKED) and made["with_confidence"]
    runner = _runner()
    for text in MARKED:  # the evaluation texts themselves: no drift
        runner.call("text.sentiment", [{"text": text}])
    [row] = service.summary("default")
    assert row["status"] == "ok" and row["input_psi"] < 0.2, row
    assert alerts.alerts("default") == []

    alerts.set_thresholds("default", "text.sentiment", {"window_minutes": 5}, actor="test")
    monitor_window_reset(database)
    for text in MARKED:  # the same texts typed without diacritics, and read as typed (marks not restored)
        runner.call("text.sentiment", [{"text": strip_marks(text), "restore_diacritics": False}])
    for _ in range(3):
        rows = service.summary("default")
    # Read three times, judged three times: one record per kind. Read without diacritics the model is less sure
    # of itself too, so its confidences drift with the inputs.
    raised = {a["kind"]: a for a in alerts.alerts("default")}
    assert sorted(raised) == ["confidence_drift", "input_drift"], raised
    assert raised["input_drift"]["value"] > 0.2 and rows[0]["status"] == "alert"
    assert rows[0]["input_psi_by_feature"]["plain_share"] > 1 and rows[0]["input_psi_by_feature"]["size"] < 0.2
    assert len(list(audit.export(action="monitoring.alert"))) == 2
    assert audit.verify().ok

    for alert in raised.values():
        alerts.acknowledge("default", alert["id"], actor="test")
    assert alerts.alerts("default", open_only=True) == []
    runner.call("text.sentiment", [{"text": strip_marks(MARKED[0]), "restore_diacritics": False}])
    service.summary("default")  # still drifted, and the old records acknowledged: new ones are raised
    assert len(alerts.alerts("default", open_only=True)) == 2


def monitor_window_reset(database: str) -> None:
    """Move the undrifted calls out of the window, as if time had passed."""
    with session(write=True) as s:
        for row in s.scalars(select(MonitoringWindow)):
            row.bucket = "2000-01-01T00:00:00Z"


def test_alerts_are_per_tenant(database: str) -> None:
    alerts.raise_alerts("a", "vi.words", 1, [("error_rate", 0.5, 0.05)], ("s", "e", 60))
    assert alerts.alerts("b") == [] and len(alerts.alerts("a")) == 1
    with pytest.raises(Exception, match="no alert"):
        alerts.acknowledge("b", alerts.alerts("a")[0]["id"])
    with session() as s:
        assert len(list(s.scalars(select(MonitoringAlert)))) == 1

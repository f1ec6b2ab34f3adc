"""Loading a routed custom model's versions before any call (``Runner.warm``: each worker of a batch job) is no call:
the rollout report counts the callers' calls only, whether a shadow or a canary runs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from rolled_out_models import two_versions

from nonla import custom, jobs
from nonla.custom import routing
from nonla.local import runner


@pytest.fixture(params=["shadow", "canary"])
def rolled_out(request: pytest.FixtureRequest, database: str) -> Iterator[str]:
    """custom.wu: version 1 in production, version 2 beside it in the rollout mode the test names."""
    with two_versions("wu", request.param):
        yield request.param


def test_a_warm_up_is_neither_logged_nor_shadowed(rolled_out: str) -> None:
    runner().warm("custom.wu")
    assert routing.shadows.wait(10)
    assert custom.report("wu")["calls"] == 0
    runner().call("custom.wu", [{"x": 2.0}])
    assert routing.shadows.wait(10)
    report = custom.report("wu")
    assert report["calls"] == 1 and report["shadow_skipped"] == 0, report


def test_a_batch_job_counts_its_rows_not_its_workers_warm_up(rolled_out: str, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"x": float(x)}) + "\n" for x in range(3)), encoding="utf-8")
    job = jobs.submit("custom.wu", source, tmp_path / "out.jsonl", workers=2)
    assert (job["status"], job["done"]) == ("done", 3), job
    report = custom.report("wu")
    assert report["calls"] == 3, report
    assert sum(v["calls_answered"] for v in report["versions"].values()) == 3

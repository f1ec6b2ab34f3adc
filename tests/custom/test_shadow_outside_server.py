"""A shadow rollout counts the calls made outside a server too: a `nonla run` command or a Python script logs
production's answer at once and waits a few seconds at exit for the shadow to run beside it; a shadow that takes
longer stays counted as skipped, never dropped."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator

import kserve_stub
import pytest
from rolled_out_models import two_versions

from nonla import custom
from nonla.custom import routing

NONLA = [sys.executable, "-m", "nonla.cli"]


@pytest.fixture
def slow_shadow(database: str) -> Iterator[None]:
    """custom.sh: version 1 in production at a server that answers at once, version 2 in shadow at one that takes
    kserve_stub.SLOW_S seconds."""
    with two_versions("sh", "shadow", second="/slow", timeout=30):
        yield


def _run_in_another_process(*command: str) -> float:
    """Seconds the command took; it must succeed."""
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return time.perf_counter() - started


def test_cli_and_script_calls_are_logged_and_compared_before_the_process_ends(
    slow_shadow: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kserve_stub, "SLOW_S", 1.0)  # still after the command's own answer; well inside the exit wait
    _run_in_another_process(*NONLA, "run", "custom.sh", "--field", "x=1.0")
    _run_in_another_process(sys.executable, "-c", "import nonla; nonla.run('custom.sh', x=2.0)")
    report = custom.report("sh")
    assert report["calls"] == 2 and report["by_mode"] == {"shadow": 2}, report
    assert report["compared"] == 2 and report["agreement"] == 1.0 and report["shadow_skipped"] == 0
    assert report["versions"]["1"]["calls_answered"] == 2 and report["versions"]["2"]["calls_run_beside"] == 2


def test_a_shadow_slower_than_the_exit_wait_is_counted_as_skipped(
    slow_shadow: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kserve_stub, "SLOW_S", routing.AT_EXIT_WAIT_SECONDS + 90)
    took = _run_in_another_process(*NONLA, "run", "custom.sh", "--field", "x=1.0")
    assert took < routing.AT_EXIT_WAIT_SECONDS + 60, "the command waited for the shadow past its exit wait"
    report = custom.report("sh")
    assert report["calls"] == 1 and report["by_mode"] == {"shadow": 1}, report
    assert report["compared"] == 0 and report["shadow_skipped"] == 1
    assert report["versions"] == {"1": report["versions"]["1"]} and report["versions"]["1"]["calls_answered"] == 1

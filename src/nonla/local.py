"""The in-process runner used by the Python API, the CLI and batch-job workers: same validation, audited to the local
store, and tallied by monitoring like the server's calls."""

from __future__ import annotations

import getpass
import threading
from typing import Any

from pydantic import BaseModel

from nonla.core.errors import NonlaError
from nonla.core.runner import Runner

_runner: Runner | None = None
_lock = threading.Lock()


def local_actor() -> str:
    try:
        return f"local:{getpass.getuser()}"
    except Exception:  # no user name in some containers
        return "local"


def runner() -> Runner:
    global _runner
    if _runner is None:
        with _lock:
            if _runner is None:
                from nonla.governance.audit import record
                from nonla.governance.incidents import guard
                from nonla.governance.review import queue_results
                from nonla.monitoring import service  # noqa: F401  (judges alerts whenever figures are written)
                from nonla.monitoring.observe import monitor
                from nonla.sources import catalog

                _runner = Runner(catalog(), sinks=[record], review=queue_results, guard=guard, observers=[monitor])
    return _runner


def run_one(name: str, fields: dict[str, Any]) -> BaseModel:
    return run_one_reviewed(name, fields)[0]


def run_one_reviewed(name: str, fields: dict[str, Any]) -> tuple[BaseModel, tuple[dict[str, Any], ...]]:
    """The output, and the review queue items the agency's policy made of it (empty when none)."""
    called = runner().call(name, [fields], actor=local_actor())
    [result] = called.results
    if isinstance(result, NonlaError):
        raise result
    return result, called.review


def run_many(name: str, items: list[dict[str, Any]]) -> list[BaseModel | NonlaError]:
    return runner().call(name, items, actor=local_actor()).results

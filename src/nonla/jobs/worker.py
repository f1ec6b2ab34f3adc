"""The server's job worker: one background thread that runs queued jobs one after another, in the app's runner.

At start it queues every unfinished job (queued, or running when a previous server died), so a restart goes on
from each job's last checkpoint, unless the job has stopped the server a few times in a row (nonla.jobs.restarts). At shutdown it stops after the current chunk; the job stays resumable.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from nonla.core.background import for_app_lifetime
from nonla.core.errors import NonlaError
from nonla.core.runner import Runner

log = logging.getLogger("nonla.jobs")


class JobWorker:
    def __init__(self, runner: Runner | None = None) -> None:
        self.runner = runner
        self._queue: queue.Queue[str] = queue.Queue()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="nonla-jobs", daemon=True)

    def start(self) -> JobWorker:
        from nonla.jobs.restarts import to_restart

        for job_id in to_restart():  # a job that stopped the server a few times in a row is failed instead
            self._queue.put(job_id)
        self._thread.start()
        return self

    def put(self, job_id: str) -> None:
        self._queue.put(job_id)

    def close(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _loop(self) -> None:
        from nonla.jobs.engine import execute

        while not self._stop.is_set():
            try:
                job_id = self._queue.get(timeout=0.2)
            except queue.Empty:
                continue
            try:
                execute(job_id, runner=self.runner, should_stop=self._stop.is_set)
            except NonlaError as exc:  # the job's row says why (failed, with code and hint): no traceback for it
                log.warning("job %s failed: %s (%s)", job_id, exc.message, exc.code)
            except Exception:  # the job's row says why (failed); the worker goes on with the next job
                log.warning("job %s stopped with an error", job_id, exc_info=True)


def install(app: Any, runner: Callable[[], Runner | None] = lambda: None) -> None:
    """Run a ``JobWorker`` for the app's lifetime (as ``app.state.jobs``), around the app's own lifespan."""
    for_app_lifetime(app, "jobs", lambda target: JobWorker(getattr(target.state, "runner", None) or runner()).start())

"""Background work that lives as long as a server: a periodic daemon thread, and the lifespan hook that starts
such work with the app and stops it when the app shuts down.

Retention purges, monitoring writes and the job worker all run beside the requests a server answers; each must
survive its own failures (logged, tried again next period) and must not outlive the app that started it.

>>> ticks = []
>>> worker = Periodic("nonla-doctest", 3600, lambda: ticks.append(1), at_start=True).start()
>>> worker.close(); ticks
[1]
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, Protocol

log = logging.getLogger("nonla")


class Closable(Protocol):
    def close(self) -> None: ...


class Periodic:
    """A daemon thread named ``name`` that calls ``work`` every ``every`` seconds until closed, and once right
    away when ``at_start``. A failing ``work`` is logged and tried again next period: it must not stop a server."""

    def __init__(self, name: str, every: float, work: Callable[[], None], *, at_start: bool = False) -> None:
        self.every = every
        self._work = work
        self._at_start = at_start
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)

    def start(self) -> Periodic:
        self._thread.start()
        return self

    def _loop(self) -> None:
        if self._at_start:
            self._run_once()
        while not self._stop.wait(self.every):
            self._run_once()

    def _run_once(self) -> None:
        try:
            self._work()
        except Exception:
            log.exception("background work %s failed; it runs again in %s s", self._thread.name, self.every)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def for_app_lifetime(app: Any, state_name: str, make: Callable[[Any], Closable]) -> None:
    """Wrap the app's lifespan so that ``make(app)`` starts background work when the app starts, kept as
    ``app.state.<state_name>``, and the work is closed when the app shuts down, even if startup failed after it."""
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(target: Any) -> AsyncIterator[Any]:
        work = make(target)
        setattr(target.state, state_name, work)
        try:
            async with inner(target) as state:
                yield state
        finally:
            work.close()

    app.router.lifespan_context = lifespan

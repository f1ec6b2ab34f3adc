"""The runner's observer: tallies every call in memory and writes the tallies to the store now and then.

A call costs a few counter updates and one pass over at most a few thousand characters per item; the store sees
one write per function and time bucket every ``FLUSH_SECONDS`` (or every ``FLUSH_CALLS`` calls, or when someone
reads the figures), never one per call. A server also writes them every ``FLUSH_SECONDS`` while no call comes
(``install``). A process that dies loses at most that last minute of figures; one that exits normally writes them on
the way out, and a forked worker starts with none of its parent's.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from nonla.core.background import Periodic, for_app_lifetime
from nonla.core.errors import NonlaError
from nonla.core.runner import CallResult
from nonla.monitoring.features import output_confidence
from nonla.monitoring.tally import Tally
from nonla.store.db import session
from nonla.store.schema_monitoring import MonitoringWindow

log = logging.getLogger("nonla.monitoring")

FLUSH_SECONDS = 60.0
FLUSH_CALLS = 1_000
BUCKET_MINUTES = 5
Key = tuple[str, str, int, str]  # tenant, function, version, bucket
Store = tuple[str | None, str | None]


def bucket_of(moment: datetime) -> str:
    """The start of the time bucket holding ``moment``.

    >>> bucket_of(datetime(2026, 11, 22, 22, 14, 59, tzinfo=UTC))
    '2026-11-22T22:10:00Z'
    """
    minute = moment.minute - moment.minute % BUCKET_MINUTES
    return moment.replace(minute=minute, second=0, microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _store() -> Store:
    # The variables that pick the store: tallies of one store are never written into another.
    return os.environ.get("NONLA_DATABASE_URL"), os.environ.get("NONLA_HOME")


def write(tallies: dict[Key, Tally]) -> None:
    """Add tallies to their stored buckets (one transaction; retried once if another process made a row first)."""
    for attempt in (1, 2):
        try:
            with session(write=True) as s:
                for (tenant, function, version, bucket), tally in tallies.items():
                    row = s.scalars(select(MonitoringWindow).where(
                        MonitoringWindow.tenant == tenant, MonitoringWindow.function == function,
                        MonitoringWindow.version == version, MonitoringWindow.bucket == bucket)).first()  # fmt: skip
                    if row is None:
                        s.add(MonitoringWindow(tenant=tenant, function=function, version=version, bucket=bucket,
                                               calls=tally.calls, items=tally.items, errors=tally.errors,
                                               review=tally.review, histograms=tally.histograms))  # fmt: skip
                        continue
                    stored = Tally(row.calls, row.items, row.errors, row.review)
                    stored.merge_histograms(row.histograms)
                    stored.merge(tally)
                    row.calls, row.items, row.errors, row.review = (
                        stored.calls,
                        stored.items,
                        stored.errors,
                        stored.review,
                    )
                    row.histograms = stored.histograms
            return
        except IntegrityError:
            if attempt == 2:
                raise


class Monitor:
    """Call it as a runner observer: ``Runner(..., observers=[monitor])``."""

    def __init__(self, flush_seconds: float = FLUSH_SECONDS, flush_calls: int = FLUSH_CALLS,
                 clock: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        self.flush_seconds, self.flush_calls, self.clock = flush_seconds, flush_calls, clock
        self._pending: dict[Store, dict[Key, Tally]] = {}
        self._calls = 0
        self._last = clock()
        self._lock = threading.Lock()
        self._minute, self._bucket_name = -1, ""
        self.on_flush: list[Callable[[set[tuple[str, str, int]]], None]] = []

    def __call__(self, call: CallResult, items: Sequence[Any], tenant: str) -> None:
        errors = sum(isinstance(r, NonlaError) for r in call.results)
        confidences = [
            c for r in call.results if not isinstance(r, NonlaError) if (c := output_confidence(r)) is not None
        ]
        # items, not review entries: a pipeline queues one entry per reviewed step of an item
        review = len({entry.get("index") for entry in call.review})
        key = (tenant, call.entry.name, call.entry.version, self._bucket())
        with self._lock:  # counted straight into the pending tally: no allocation per call
            pending = self._pending.setdefault(_store(), {})
            tally = pending.get(key) or pending.setdefault(key, Tally())
            tally.count(items=items, latency_ms=call.latency_ms, errors=errors, review=review,
                        confidences=confidences)  # fmt: skip
            self._calls += 1
            due = self._calls >= self.flush_calls or self.clock() - self._last >= self.flush_seconds
        if due:
            self.flush()

    def _bucket(self) -> str:
        minute = int(time.time() // 60)
        if minute != self._minute:  # formatted once a minute, not once a call
            self._minute, self._bucket_name = minute, bucket_of(datetime.now(UTC))
        return self._bucket_name

    def flush(self) -> set[tuple[str, str, int]]:
        """Write this store's pending tallies; returns the (tenant, function, version) written."""
        with self._lock:
            pending = self._pending.pop(_store(), {})
            self._calls, self._last = 0, self.clock()
        if not pending:
            return set()
        try:
            write(pending)
        except Exception:  # the store is down: keep the figures for the next try
            log.exception("could not write monitoring figures")
            with self._lock:
                kept = self._pending.setdefault(_store(), {})
                for key, tally in pending.items():
                    kept[key] = tally.merge(kept[key]) if key in kept else tally
            return set()
        touched = {(tenant, function, version) for tenant, function, version, _ in pending}
        for listener in self.on_flush:
            try:
                listener(touched)
            except Exception:
                log.exception("monitoring listener failed")
        return touched

    def forget(self) -> None:
        """Drop pending figures without writing them (a forked child: its parent writes its own)."""
        self._pending = {}
        self._lock = threading.Lock()

    def flush_quietly(self) -> None:
        try:
            self.flush()
        except Exception:  # leaving the process: never fail on the way out
            log.debug("monitoring figures not written at exit", exc_info=True)


monitor = Monitor()
os.register_at_fork(after_in_child=monitor.forget)
atexit.register(monitor.flush_quietly)


def install(app: Any) -> None:
    """Write the pending figures every ``FLUSH_SECONDS`` (as read when the app starts) for the app's lifetime, as
    ``app.state.monitoring``: a call only checks whether a write is due when it comes, so without it an idle server
    would keep its last calls' figures unwritten."""
    for_app_lifetime(app, "monitoring", lambda _: Periodic("nonla-monitoring", FLUSH_SECONDS, monitor.flush).start())

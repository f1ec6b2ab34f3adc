"""The one place calls to ``custom.NAME`` are routed: production answers; a shadow candidate runs beside it and is
only logged; a canary candidate answers the share of calls whose input hash falls under its percentage.

A shadow runs in the background, on a small bounded pool of threads, once production has answered: the caller never
waits for it, however slow or dead it is. Production's answer is logged at once (mode shadow, nothing compared yet)
and the shadow fills in its comparison when it has run. A call whose shadow never ran stays logged that way, and the
rollout report counts it as ``shadow_skipped``: when every shadow thread is busy (the shadow call is skipped, not
queued), or when a command or script ends before its shadows finished (it waits ``AT_EXIT_WAIT_SECONDS`` for them).

Which calls go to a canary depends only on the input (a hash of its canonical JSON), so the same input is always
served by the same version and a rerun reproduces the split. The candidate never breaks a call: if it fails, the
production answer is returned and the failure is logged as a disagreement. A warm-up (``Runner.warm``, a batch
job's workers loading their models) is no call: it is neither logged nor shadowed. The log names an input by its
digest keyed with the installation's secret, as the audit log does (nonla.governance.call_digest).

A suspended version (``custom.NAME@N``, governance/incidents.py) never answers through the name either: the route
applies the call's guard to the versions it picked before they predict. With production suspended the call is
refused (423); with the candidate suspended production answers every call, as if no rollout ran, and a shadow
does not run.

>>> canary_bucket("0" * 64), canary_bucket("f" * 64)
(0.0, 72.95)
"""

from __future__ import annotations

import atexit
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from nonla.core import served
from nonla.core.context import current_tenant, tenant_scope, warming_up
from nonla.core.errors import FunctionSuspended
from nonla.core.events import utc_now
from nonla.core.function import FunctionSpec
from nonla.core.models import Models
from nonla.core.runner import canonical_digest, guard_answering
from nonla.custom import registry
from nonla.custom.schemas import agree
from nonla.governance.call_digest import stored_call_digest
from nonla.store.db import session
from nonla.store.schema_custom import CustomRoutedCall

log = logging.getLogger("nonla.custom.routing")
Candidate = tuple[FunctionSpec, str, float]  # (spec, "shadow" | "canary", percent)


SHADOW_THREADS = 4  # shadow calls running at once in this process, over every model
AT_EXIT_WAIT_SECONDS = 5.0  # how long a process that is ending waits for its shadow calls under way


class ShadowPool:
    """A few daemon threads that run shadow calls after production answered. It never queues more work than it has
    threads: ``submit`` says False when all are busy, and the caller skips that shadow call. Daemon threads, so a
    shadow stuck on a dead server never keeps the process from ending (its calls then stay logged as skipped)."""

    def __init__(self, threads: int) -> None:
        self.threads = threads
        self.skipped = 0  # shadow calls skipped since the process started, because every thread was busy
        self._tasks: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._busy = self._workers = 0
        self._changed = threading.Condition()

    def submit(self, task: Callable[[], None], items: int = 1) -> bool:
        """Run ``task`` on a free thread, for the caller's tenant; False (and ``items`` skipped) when none is free."""
        tenant = current_tenant()
        with self._changed:
            if self._busy >= self.threads:
                self.skipped += items
                return False
            self._busy += 1
            if self._workers < self._busy:
                self._workers += 1
                threading.Thread(target=self._work, name=f"nonla-shadow-{self._workers}", daemon=True).start()
        self._tasks.put(lambda: _for_tenant(tenant, task))
        return True

    def _work(self) -> None:
        while True:
            task = self._tasks.get()
            try:
                task()
            except Exception:  # a shadow must never take anything down
                log.warning("a shadow call failed", exc_info=True)
            finally:
                with self._changed:
                    self._busy -= 1
                    self._changed.notify_all()

    def wait(self, timeout: float = 30.0) -> bool:
        """Wait until the shadow calls under way have finished and logged their calls; False on the timeout."""
        with self._changed:
            return self._changed.wait_for(lambda: self._busy == 0, timeout)


def _for_tenant(tenant: str, task: Callable[[], None]) -> None:
    with tenant_scope(tenant):
        task()


shadows = ShadowPool(SHADOW_THREADS)


def _wait_for_shadows_at_exit() -> None:
    """A command or script that called a shadowed model ends soon after: give its shadows a few seconds to run."""
    if not shadows.wait(AT_EXIT_WAIT_SECONDS):
        log.warning("shadow calls still running after %g s at exit: they stay logged as skipped", AT_EXIT_WAIT_SECONDS)


atexit.register(_wait_for_shadows_at_exit)


def _logged(rows: list[dict[str, Any]]) -> list[int]:
    """Store the current tenant's routed calls now; their ids, for a shadow to fill in once it has run."""
    tenant = current_tenant()
    with session(write=True) as s:
        stored = [CustomRoutedCall(tenant=tenant, **row) for row in _keyed(rows, s)]
        s.add_all(stored)
        s.flush()
        return [row.id for row in stored]


def _fill_in(ids: list[int], rows: list[dict[str, Any]]) -> None:
    """Write what a shadow found into the calls production logged (by id: the shadow runs on another thread)."""
    with session(write=True) as s:
        for row_id, row in zip(ids, rows, strict=True):
            s.execute(update(CustomRoutedCall).where(CustomRoutedCall.id == row_id).values(
                mode=row["mode"], compared=row["compared"], agree=row["agree"], compared_ms=row["compared_ms"]))  # fmt: skip


def _keyed(rows: list[dict[str, Any]], s: Session | None = None) -> list[dict[str, Any]]:
    """The rows as the log keeps them: the input's digest keyed with the installation's secret, as the audit log
    keys it (the unkeyed digest of a short input gives the input back; the canary still splits on the unkeyed one,
    so a rerun reproduces the split)."""
    return [{**row, "input_digest": stored_call_digest(row["input_digest"], s)} for row in rows]


def canary_bucket(digest: str) -> float:
    """Where an input falls in [0, 100): the canary answers the inputs below its percentage."""
    return (int(digest[:8], 16) % 10_000) / 100


def _timed(spec: FunctionSpec, items: list[Any], models: Models) -> tuple[list[Any], float]:
    started = time.perf_counter()
    outputs = spec.run(items, models) if items else []
    return outputs, (time.perf_counter() - started) * 1000 / max(1, len(items))


def _unsuspended(candidate: Candidate | None) -> Candidate | None:
    """The candidate, or None while it is suspended: then production answers every call and no shadow runs."""
    if candidate is None:
        return None
    try:
        guard_answering(candidate[0])
    except FunctionSuspended:
        return None
    return candidate


def routed_spec(production: FunctionSpec, candidate: Candidate | None, version: int) -> FunctionSpec:
    name = production.name
    bare = name.split(".", 1)[1]
    task = "regression" if "value" in production.output.model_fields else (
        "classification" if "label" in production.output.model_fields else "generation")  # fmt: skip

    def tried(spec: FunctionSpec, batch: list[Any], picked: list[int], models: Models) -> tuple[dict[int, Any], float]:
        """The candidate's answers to the picked items; none when it failed (it must never take a call down)."""
        try:
            inputs = [spec.input.model_validate(batch[i].model_dump()) for i in picked]
            outputs, candidate_ms = _timed(spec, inputs, models)
            return dict(zip(picked, outputs, strict=True)), candidate_ms
        except Exception:
            log.warning("candidate %s failed; production answered", spec.ref, exc_info=True)
            return {}, 0.0

    def compare(spec: FunctionSpec, mode: str, answers: list[Any], picked: list[int], others: dict[int, Any],
                candidate_ms: float, rows: list[dict[str, Any]]) -> None:  # fmt: skip
        """Fill in the picked rows: the candidate's version, its time and whether it agreed (a failure disagrees)."""
        for i in picked:
            theirs = others.get(i)
            same = theirs is not None and agree(task, answers[i].model_dump(), theirs.model_dump())
            rows[i].update(mode=mode, agree=same, compared=spec.version,
                           compared_ms=candidate_ms if theirs is not None else None)  # fmt: skip

    def log_rows(rows: list[dict[str, Any]]) -> None:
        try:
            registry.log_calls(_keyed(rows))
        except Exception:  # the log is for the report; the caller's answer matters more
            log.warning("could not log routed calls of %s", name, exc_info=True)

    def run(batch: list[Any], models: Models) -> list[Any]:
        guard_answering(production)  # it answers (or is compared on) every item: suspended, it refuses the call
        running = _unsuspended(candidate)
        if warming_up():
            return warm(running, batch, models)
        if running is None:
            served.record(production.version, production.card.model_sha256)
            return production.run(batch, models)
        spec, mode, percent = running
        digests = [canonical_digest(item.model_dump(mode="json")) for item in batch]
        answers, production_ms = _timed(production, batch, models)
        picked = [i for i, d in enumerate(digests) if mode == "shadow" or canary_bucket(d) < percent]
        now = utc_now()
        rows: list[dict[str, Any]] = [
            {"name": bare, "at": now, "mode": "production", "served": production.version, "compared": None,
             "agree": None, "served_ms": production_ms, "compared_ms": None, "input_digest": digest}
            for digest in digests
        ]  # fmt: skip
        if mode == "shadow":
            served.record(production.version, production.card.model_sha256)
            for row in rows:  # nothing compared until the shadow has run: counted as skipped if it never does
                row["mode"] = "shadow"
            shadow(spec, batch, picked, models, answers, rows, log_rows_now(rows))
            return list(answers)
        others, candidate_ms = tried(spec, batch, picked, models)
        compare(spec, mode, answers, picked, others, candidate_ms, rows)
        out = list(answers)
        for i, theirs in others.items():  # the canary answers these calls; production's answer is compared
            out[i] = production.output.model_validate(theirs.model_dump())
            rows[i].update(served=spec.version, served_ms=candidate_ms, compared=production.version,
                           compared_ms=production_ms)  # fmt: skip
        for version in {row["served"] for row in rows}:
            served.record(version, (production if version == production.version else spec).card.model_sha256)
        log_rows(rows)
        return out

    def warm(running: Candidate | None, batch: list[Any], models: Models) -> list[Any]:
        """Load the models without a call: nothing logged, so the report counts only callers' calls. A canary's
        candidate is loaded too (it answers calls); a shadow is not, as no caller ever waits for it."""
        served.record(production.version, production.card.model_sha256)
        answers = production.run(batch, models)
        if running is not None and running[1] == "canary":
            tried(running[0], batch, list(range(len(batch))), models)
        return list(answers)

    def log_rows_now(rows: list[dict[str, Any]]) -> list[int] | None:
        """Log production's answers before the shadow runs; None when the store refused (the shadow tries again)."""
        try:
            return _logged(rows)
        except Exception:  # the log is for the report; the caller's answer matters more
            log.warning("could not log routed calls of %s", name, exc_info=True)
            return None

    def shadow(spec: FunctionSpec, batch: list[Any], picked: list[int], models: Models, answers: list[Any],
               rows: list[dict[str, Any]], ids: list[int] | None) -> None:  # fmt: skip
        """Production has answered and is logged: run the shadow on a background thread, or, with every one busy,
        skip it (its calls stay logged with nothing compared)."""

        def beside() -> None:
            others, candidate_ms = tried(spec, batch, picked, models)
            compare(spec, "shadow", answers, picked, others, candidate_ms, rows)
            if ids is None:
                log_rows(rows)
                return
            try:
                _fill_in(ids, rows)
            except Exception:  # the log is for the report; the calls stay counted as skipped
                log.warning("could not log the shadow calls of %s", name, exc_info=True)

        if not shadows.submit(beside, len(picked)):
            log.warning("every shadow thread is busy: %s skipped %d call(s)", spec.ref, len(picked))
            if ids is None:
                log_rows(rows)

    summary = f"{production.card.summary} — routed: version {production.version} answers"
    if candidate is not None:
        spec, mode, percent = candidate
        summary += f", {mode} version {spec.version}" + (f" on {percent:g} % of calls" if mode == "canary" else "")
    models = [*production.card.models, *(candidate[0].card.models if candidate else [])]
    card = production.card.model_copy(update={"summary": summary, "models": models})
    return replace(production, version=version, run=run, card=card)

"""The local process-pool executor: chunks of items run in worker processes, results come back in input order.

Each worker builds its own runner once and loads the function's models when it starts (``Runner.warm``), not once
per item; each audits its own calls into the same store, so a parallel run is validated and audited exactly like a
sequential one. A ``LocalPool`` can be kept open across runs, as a server keeps its workers warm.

>>> [out.words for out in run_parallel("vi.words", [{"text": "xin chào"}], workers=1)]
[['xin', 'chào']]
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from types import TracebackType
from typing import Any

from nonla.core.runner import Result

CHUNK = 256


def _warm(refs: Sequence[str]) -> None:
    from nonla.local import runner

    for ref in refs:
        runner().warm(ref)


def _call(ref: str, chunk: Sequence[Any], actor: str) -> list[Result]:
    from nonla.local import runner

    return runner().call(ref, chunk, actor=actor).results


class LocalPool:
    """Worker processes that stay up between runs; ``warm`` names the functions whose models each loads at start."""

    def __init__(self, workers: int | None = None, warm: Sequence[str] = ()) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self._warm = tuple(warm)
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> LocalPool:
        from nonla.store.db import engine_for

        engine_for()  # create or migrate the store once here, before the workers open it
        # spawn, not fork: a forked child would inherit locks and database connections held by threads of this one
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=get_context("spawn"), initializer=_warm, initargs=(self._warm,)
        )
        # start every worker now (the pool starts them lazily) and wait until each has loaded its models
        list(self._pool.map(_warm, [()] * self.workers))
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Future[Any]:
        """Run ``fn(*args)`` in a worker (``fn`` importable by name); batch jobs stream their chunks through this."""
        if self._pool is None:
            raise RuntimeError("LocalPool.submit outside 'with LocalPool(...)'")
        return self._pool.submit(fn, *args)

    def map(
        self, ref: str, items: Sequence[Any], chunk: int = CHUNK, actor: str | None = None
    ) -> Iterator[list[Result]]:
        """Yield the results chunk by chunk, in order (for progress bars)."""
        from nonla.local import local_actor

        if self._pool is None:
            raise RuntimeError("LocalPool.map outside 'with LocalPool(...)'")
        actor = actor or local_actor()
        pieces = [items[i : i + chunk] for i in range(0, len(items), chunk)]
        yield from self._pool.map(_call, [ref] * len(pieces), pieces, [actor] * len(pieces))


def chunks(
    ref: str, items: Sequence[Any], workers: int | None = None, chunk: int = CHUNK, actor: str | None = None
) -> Iterator[list[Result]]:
    """Yield the results chunk by chunk, in order (for progress bars)."""
    from nonla.local import local_actor, runner

    actor = actor or local_actor()
    pieces = -(-len(items) // chunk)
    workers = max(1, min(workers or os.cpu_count() or 1, pieces))
    if workers == 1:  # no pool to start for one worker: same code path as a plain call
        for start in range(0, len(items), chunk):
            yield runner().call(ref, items[start : start + chunk], actor=actor).results
        return
    with LocalPool(workers, warm=[ref]) as pool:
        yield from pool.map(ref, items, chunk, actor)


def run_parallel(ref: str, items: Sequence[Any], workers: int | None = None, chunk: int = CHUNK) -> list[Result]:
    return [result for part in chunks(ref, items, workers, chunk) for result in part]

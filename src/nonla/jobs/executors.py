"""Executors: one small interface, ``map_chunks(ref, chunks) -> rows per chunk, in order``, three ways to run it.

- ``InProcess``: this process's runner (one worker; what a server's job thread uses with its own runner);
- ``LocalProcesses``: the warm ``LocalPool`` (default: one process per core);
- ``DaskExecutor``: a Dask distributed cluster (``nonla[dask]``), imported only when chosen.

Each keeps a bounded number of chunks in flight (so a job over millions of items holds a few chunks in memory) and
yields results in input order, which is what lets a job checkpoint chunk by chunk. Every worker runs
``nonla.jobs.work.run_chunk``, so the rows are the same whichever executor ran them.

>>> with executor("local", workers=1) as ex:
...     [[row["output"]["words"] for row in rows] for rows in ex.map_chunks("vi.words", [[{"text": "xin chào"}]])]
[[['xin', 'chào']]]
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import Any, Protocol

from nonla.core.errors import InvalidInput, ModelUnavailable
from nonla.core.runner import Runner
from nonla.jobs.work import Row, run_chunk

EXECUTORS = ("local", "dask")


class Executor(Protocol):
    def map_chunks(
        self, ref: str, chunks: Iterable[list[Any]], actor: str = "local", tenant: str = "default",
        subject_id: str | None = None,
    ) -> Iterator[list[Row]]: ...

    def __enter__(self) -> Executor: ...

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None: ...


class InProcess:
    def __init__(self, runner: Runner | None = None) -> None:
        self.runner = runner

    def __enter__(self) -> InProcess:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        return None

    def map_chunks(
        self, ref: str, chunks: Iterable[list[Any]], actor: str = "local", tenant: str = "default",
        subject_id: str | None = None,
    ) -> Iterator[list[Row]]:
        for chunk in chunks:  # the same rows as every executor's: held results, originals a key may not see
            yield run_chunk(ref, chunk, actor, tenant, subject_id=subject_id, runner=self.runner)


def _in_order(submit: Any, chunks: Iterable[list[Any]], window: int) -> Iterator[list[Row]]:
    """Submit chunks, at most ``window`` in flight, and yield each one's result in submission order."""
    pending: deque[Any] = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


class LocalProcesses:
    def __init__(self, workers: int | None = None, warm_refs: Iterable[str] = ()) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self._warm = tuple(warm_refs)
        self._pool: Any = None

    def __enter__(self) -> LocalProcesses:
        from nonla.jobs.local import LocalPool

        self._pool = LocalPool(self.workers, warm=self._warm).__enter__()
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        if self._pool is not None:
            self._pool.__exit__(None, None, None)
            self._pool = None

    def map_chunks(
        self, ref: str, chunks: Iterable[list[Any]], actor: str = "local", tenant: str = "default",
        subject_id: str | None = None,
    ) -> Iterator[list[Row]]:
        pool = self._pool
        yield from _in_order(
            lambda chunk: pool.submit(run_chunk, ref, chunk, actor, tenant, os.getpid(), subject_id), chunks,
            2 * self.workers,
        )


class DaskExecutor:
    def __init__(self, scheduler: str | None = None, workers: int | None = None, warm_refs: Iterable[str] = ()) -> None:
        self.scheduler = scheduler
        self.workers = max(1, workers or os.cpu_count() or 1)
        self._warm = tuple(warm_refs)
        self._client: Any = None
        self._cluster: Any = None

    def __enter__(self) -> DaskExecutor:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ModelUnavailable(
                "The Dask executor needs the 'distributed' package.", hint="Install it with: pip install 'nonla[dask]'."
            ) from None
        if self.scheduler:
            self._client = Client(self.scheduler, timeout="30s")
        else:  # no scheduler given: a cluster of local worker processes for this job
            self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                         dashboard_address=None, silence_logs=logging.CRITICAL)  # fmt: skip
            self._client = Client(self._cluster)
        if self._warm:
            from nonla.jobs.dask_plugin import WarmWorkers

            self._client.register_plugin(WarmWorkers(self._warm), name="nonla-warm-" + "+".join(self._warm))
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        for part in (self._client, self._cluster):
            if part is not None:
                part.close()
        self._client = self._cluster = None

    def map_chunks(
        self, ref: str, chunks: Iterable[list[Any]], actor: str = "local", tenant: str = "default",
        subject_id: str | None = None,
    ) -> Iterator[list[Row]]:
        client = self._client
        threads = sum(client.nthreads().values()) or self.workers
        yield from _in_order(
            lambda chunk: client.submit(run_chunk, ref, chunk, actor, tenant, subject_id=subject_id, pure=False), chunks,
            2 * threads,
        )


def executor(
    kind: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    warm_refs: Iterable[str] = (),
    runner: Runner | None = None,
) -> Executor:
    """The executor for a job: ``workers=1`` (or a runner given) runs in this process."""
    if kind == "dask":
        return DaskExecutor(scheduler, workers, warm_refs)
    if kind != "local":
        raise InvalidInput(f"Unknown executor '{kind}'.", hint=f"Use one of: {', '.join(EXECUTORS)}.")
    if scheduler:
        raise InvalidInput("--scheduler is for the Dask executor.", hint="Add --executor dask, or drop --scheduler.")
    if runner is not None or (workers or os.cpu_count() or 1) == 1:
        return InProcess(runner)
    return LocalProcesses(workers, warm_refs)

"""Executors: one small interface, ``map_chunks(ref, chunks) -> rows per chunk, in order``, three ways to run it.

- ``InProcess``: this process's runner (one worker; what a server's job thread uses with its own runner);
- ``LocalProcesses``: the warm ``LocalPool`` (default: one process per core);
- ``DaskExecutor``: a Dask distributed cluster (``nonla[dask]``), imported only when chosen.

A named Dask scheduler is checked before a job is recorded and again when it starts (``check_scheduler``): an
address that is not one is ``invalid_input``, a scheduler nothing answers for within ``CONNECT_SECONDS`` is
``scheduler_unavailable`` (503), each with what to do, never a traceback.

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
import socket
from collections import deque
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import Any, Protocol

from nonla.core.errors import InvalidInput, ModelUnavailable
from nonla.core.runner import Runner
from nonla.jobs.work import Row, run_chunk

EXECUTORS = ("local", "dask")
# How long a scheduler has to accept a TCP connection: a refused one fails at once, an address that drops packets
# after this. The Dask handshake that follows keeps Dask's own 30 s (a busy scheduler on a slow link).
CONNECT_SECONDS = 10.0
HANDSHAKE = "30s"
ADDRESS_HINT = "Give the scheduler's address as tcp://HOST:PORT (e.g. tcp://10.0.0.5:8786), or leave --scheduler out."


class SchedulerUnavailable(ModelUnavailable):
    code = "scheduler_unavailable"
    default_hint = ("Check that the Dask scheduler runs and that this machine can reach its host and port (a "
                    "firewall?); or leave the scheduler out to run on a local cluster.")  # fmt: skip


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise ModelUnavailable(
            "The Dask executor needs the 'distributed' package.", hint="Install it with: pip install 'nonla[dask]'."
        ) from None
    return distributed


def check_scheduler(address: str, timeout: float = CONNECT_SECONDS) -> None:
    """Refuse a scheduler address Dask cannot use, or one where nothing accepts a connection.

    >>> for address in ("nonsense://??", "tcp://127.0.0.1:1"):
    ...     try:
    ...         check_scheduler(address)
    ...     except (InvalidInput, ModelUnavailable) as err:
    ...         print(err.code, err.http_status, "|", err.message)
    invalid_input 422 | 'nonsense://??' is not a Dask scheduler address: unknown address scheme 'nonsense'.
    scheduler_unavailable 503 | Cannot reach the Dask scheduler at tcp://127.0.0.1:1: connection refused.
    """
    _distributed()
    from distributed.comm.addressing import get_address_host_port, parse_address
    from distributed.comm.registry import get_backend

    try:
        scheme, _ = parse_address(address)
        get_backend(scheme)
        host, port = get_address_host_port(address) if scheme in ("tcp", "tls") else (None, None)
    except (ValueError, TypeError) as exc:
        reason = str(exc).split(" (known schemes")[0]
        raise InvalidInput(f"'{address}' is not a Dask scheduler address: {reason}.", hint=ADDRESS_HINT) from None
    if host is None:
        return  # another transport (ucx, websockets): Dask's own connection says whether it answers
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as exc:
        raise SchedulerUnavailable(f"Cannot reach the Dask scheduler at {address}: {_reason(exc, timeout)}.") from None


def _reason(exc: OSError | ValueError, timeout: float) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, TimeoutError):
        return f"no answer within {timeout:g} seconds"
    if isinstance(exc, socket.gaierror):
        return "the host name is not known"
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc) or type(exc).__name__


class Executor(Protocol):
    def map_chunks(
        self, ref: str, chunks: Iterable[list[Any]], actor: str = "local", tenant: str = "default",
        subject_id: str | None = None, job_id: str | None = None,
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
        subject_id: str | None = None, job_id: str | None = None,
    ) -> Iterator[list[Row]]:
        for chunk in chunks:  # the same rows as every executor's: held results, originals a key may not see
            yield run_chunk(ref, chunk, actor, tenant, subject_id=subject_id, runner=self.runner, job_id=job_id)


def _in_order(submit: Any, chunks: Iterable[list[Any]], window: int, tenant: str) -> Iterator[list[Row]]:
    """Submit chunks, at most ``window`` in flight, and yield each one's result in submission order."""
    pending: deque[Any] = deque()
    try:
        for chunk in chunks:
            pending.append(submit(chunk))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:  # the job stopped (cancelled, the server stops, a chunk failed) with chunks still in flight
        _withdraw_uncommitted(pending, tenant)


def _withdraw_uncommitted(pending: deque[Any], tenant: str) -> None:
    """Chunks that ran but whose results the job never committed run again when it resumes: withdraw the review
    items they queued, or reviewers would get each of those inputs twice. A chunk not started yet is cancelled."""
    from nonla.governance.review import withdraw

    ids: list[int] = []
    for future in pending:
        if type(future).__module__.startswith("concurrent.") and future.cancel():
            continue  # a pool's chunk that never started queued nothing (a Dask task may run on regardless)
        try:
            ids += future.result().review_ids
        except Exception:  # noqa: BLE001 - a chunk that failed queued nothing it returned
            continue
    withdraw(ids, tenant, actor="system:jobs", reason="chunk not committed: it runs again when the job resumes")


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
        subject_id: str | None = None, job_id: str | None = None,
    ) -> Iterator[list[Row]]:
        pool = self._pool
        yield from _in_order(
            # no runner: each worker uses its own
            lambda chunk: pool.submit(run_chunk, ref, chunk, actor, tenant, os.getpid(), subject_id, None, job_id),
            chunks, 2 * self.workers, tenant,
        )


class DaskExecutor:
    def __init__(self, scheduler: str | None = None, workers: int | None = None, warm_refs: Iterable[str] = ()) -> None:
        self.scheduler = scheduler
        self.workers = max(1, workers or os.cpu_count() or 1)
        self._warm = tuple(warm_refs)
        self._client: Any = None
        self._cluster: Any = None

    def __enter__(self) -> DaskExecutor:
        distributed = _distributed()
        try:
            if self.scheduler:
                check_scheduler(self.scheduler)  # fails at once for a scheduler that is down, with what to do
                self._client = distributed.Client(self.scheduler, timeout=HANDSHAKE)
            else:  # no scheduler given: a cluster of local worker processes for this job
                self._cluster = distributed.LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                                         dashboard_address=None, silence_logs=logging.CRITICAL)  # fmt: skip
                self._client = distributed.Client(self._cluster)
            if self._warm:
                from nonla.jobs.dask_plugin import WarmWorkers

                self._client.register_plugin(WarmWorkers(self._warm), name="nonla-warm-" + "+".join(self._warm))
        except BaseException as exc:
            self.__exit__(None, None, None)
            if isinstance(exc, ValueError) and self.scheduler:  # an address Dask reads differently from its check
                raise InvalidInput(f"'{self.scheduler}' is not a Dask scheduler address: {exc}.", hint=ADDRESS_HINT) from None
            if isinstance(exc, OSError):  # the handshake timed out, or the line closed
                where = f"the Dask scheduler at {self.scheduler}" if self.scheduler else "a local Dask cluster"
                raise SchedulerUnavailable(f"Cannot connect to {where}: {_reason(exc, 30)}.") from None
            raise
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        for part in (self._client, self._cluster):
            if part is not None:
                part.close()
        self._client = self._cluster = None

    def map_chunks(
        self, ref: str, chunks: Iterable[list[Any]], actor: str = "local", tenant: str = "default",
        subject_id: str | None = None, job_id: str | None = None,
    ) -> Iterator[list[Row]]:
        client = self._client
        threads = sum(client.nthreads().values()) or self.workers
        yield from _in_order(
            lambda chunk: client.submit(run_chunk, ref, chunk, actor, tenant, subject_id=subject_id, job_id=job_id,
                                        pure=False), chunks,
            2 * threads, tenant,
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

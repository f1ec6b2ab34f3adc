"""Executors: one small interface, ``map_chunks(ref, chunks) -> rows per chunk, in order``, three ways to run it.

- ``InProcess``: this process's runner (one worker; what a server's job thread uses with its own runner);
- ``LocalProcesses``: the warm ``LocalPool`` (default: one process per core);
- ``DaskExecutor``: a Dask distributed cluster (``nonla[dask]``), imported only when chosen.

A named Dask scheduler is checked before a job is recorded and again when it starts (``check_scheduler``): an
address that is not one, or not over TCP (``tls://`` only with Dask's TLS settings), is ``invalid_input``; a
scheduler nothing answers for within ``CONNECT_SECONDS``, or one no worker joins within ``WORKERS_SECONDS``, is
``scheduler_unavailable`` (503), each with what to do, never a traceback.

A job waits on a chunk ``POLL_SECONDS`` at a time and asks between waits whether it was stopped, so a cancel takes
effect while a chunk is still out (on a cluster that lost its workers, for as long as it takes).

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
from collections.abc import Callable, Iterable, Iterator
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
# How long a scheduler that answers has for its first worker to join (workers started with it are still connecting)
WORKERS_SECONDS = 30.0
# How often a job waiting on a chunk asks whether it was cancelled: one store read each time, only while it waits
POLL_SECONDS = 1.0
ADDRESS_HINT = "Give the scheduler's address as tcp://HOST:PORT (e.g. tcp://10.0.0.5:8786), or leave --scheduler out."
RESUME_HINT = "Resume it with `nonla jobs resume ID` (`nonla jobs list` shows the id)."


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
    """Refuse a scheduler address Dask cannot use, one not over TCP, or one where nothing accepts a connection.

    >>> for address in ("nonsense://??", "ucx://127.0.0.1:8786", "tcp://127.0.0.1:1"):
    ...     try:
    ...         check_scheduler(address)
    ...     except (InvalidInput, ModelUnavailable) as err:
    ...         print(err.code, err.http_status, "|", err.message)
    invalid_input 422 | 'nonsense://??' is not a Dask scheduler address: unknown address scheme 'nonsense'.
    invalid_input 422 | 'ucx://127.0.0.1:8786' is not a scheduler address jobs can use: only tcp:// (or tls://) is.
    scheduler_unavailable 503 | Cannot reach the Dask scheduler at tcp://127.0.0.1:1: connection refused.
    """
    _distributed()
    from distributed.comm.addressing import get_address_host_port, parse_address
    from distributed.comm.registry import get_backend

    try:
        scheme, _ = parse_address(address)
        get_backend(scheme)
        if scheme not in ("tcp", "tls"):  # ucx, websockets, inproc: a job's client and workers talk over TCP
            raise InvalidInput(f"'{address}' is not a scheduler address jobs can use: only tcp:// (or tls://) is.",
                               hint=ADDRESS_HINT)  # fmt: skip
        host, port = get_address_host_port(address)
    except (ValueError, TypeError) as exc:
        reason = str(exc).split(" (known schemes")[0]
        raise InvalidInput(f"'{address}' is not a Dask scheduler address: {reason}.", hint=ADDRESS_HINT) from None
    if scheme == "tls" and not _tls_configured():
        raise InvalidInput(f"'{address}' needs Dask's TLS settings, and none are configured.",
                           hint="Set distributed.comm.tls.ca-file and the client's cert and key in Dask's "
                                "configuration (or DASK_DISTRIBUTED__COMM__TLS__* variables), or use tcp://.")  # fmt: skip
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as exc:
        raise SchedulerUnavailable(f"Cannot reach the Dask scheduler at {address}: {_reason(exc, timeout)}.") from None


def lost_scheduler(exc: BaseException, hint: str = RESUME_HINT) -> SchedulerUnavailable | None:
    """The error for a job whose Dask scheduler went away while it ran (the line closed, or the client cancelled the
    job's chunks when it lost the connection), or None for any other failure.

    >>> from distributed.client import FutureCancelledError
    >>> lost_scheduler(FutureCancelledError("run_chunk-1", "scheduler-connection-lost")).message
    'The Dask scheduler closed the line; the job stopped at its last checkpoint.'
    >>> lost_scheduler(FutureCancelledError("run_chunk-1", "unknown")), lost_scheduler(OSError("disk full"))
    (None, None)
    """
    names = {cls.__name__ for cls in type(exc).__mro__}  # matched by name: distributed loads only for a Dask job
    lost = "CommClosedError" in names or (
        "FutureCancelledError" in names and getattr(exc, "reason", None) == "scheduler-connection-lost"
    )
    if not lost:
        return None
    return SchedulerUnavailable("The Dask scheduler closed the line; the job stopped at its last checkpoint.", hint=hint)


def _tls_configured() -> bool:
    """Whether Dask's configuration names the certificate authority and the client's certificate a tls:// scheduler
    needs (without them Dask's connection fails with a TypeError)."""
    from distributed import Security

    tls = Security().get_tls_config_for_role("client")
    return bool(tls["ca_file"] and tls["cert"])


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
        subject_id: str | None = None, job_id: str | None = None, stopped: Callable[[], bool] = lambda: False,
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
        subject_id: str | None = None, job_id: str | None = None, stopped: Callable[[], bool] = lambda: False,
    ) -> Iterator[list[Row]]:
        for chunk in chunks:  # the same rows as every executor's: held results, originals a key may not see
            yield run_chunk(ref, chunk, actor, tenant, subject_id=subject_id, runner=self.runner, job_id=job_id)


class _GaveUp(Exception):
    """Waiting on a chunk ended before it did: the job was stopped, or nothing is left that could run it."""


def _result(future: Any, give_up: Callable[[], bool]) -> Any:
    """The chunk's result, asking ``give_up()`` every ``POLL_SECONDS`` while it is not there yet."""
    while True:
        try:
            return future.result(timeout=POLL_SECONDS)
        except TimeoutError:
            if future.done():
                raise  # the chunk's own error, not the wait's
            if give_up():
                raise _GaveUp from None


def _next(pending: deque[Any], stopped: Callable[[], bool]) -> Any:
    """The first chunk's result, taken out of ``pending`` only once it is there: a chunk the job stopped waiting
    for stays, for ``_withdraw_uncommitted``, and one handed on (and committed) is no longer withdrawn."""
    rows = _result(pending[0], stopped)
    pending.popleft()
    return rows


def _in_order(
    submit: Any, chunks: Iterable[list[Any]], window: int, tenant: str, stopped: Callable[[], bool],
    idle: Callable[[], bool] = lambda: False,
) -> Iterator[list[Row]]:  # fmt: skip
    """Submit chunks, at most ``window`` in flight, and yield each one's result in submission order; end early once
    ``stopped()`` says so while a chunk is out. ``idle()`` says that nothing could run a chunk still out."""
    pending: deque[Any] = deque()
    try:
        for chunk in chunks:
            pending.append(submit(chunk))
            if len(pending) >= window:
                yield _next(pending, stopped)
        while pending:
            yield _next(pending, stopped)
    except _GaveUp:
        return  # the caller sees why it stopped (the job's status, its own stop) where it asked
    finally:  # the job stopped (cancelled, the server stops, a chunk failed) with chunks still in flight
        _withdraw_uncommitted(pending, tenant, idle)


def _withdraw_uncommitted(pending: deque[Any], tenant: str, idle: Callable[[], bool]) -> None:
    """Chunks that ran but whose results the job never committed run again when it resumes: withdraw the review
    items they queued, or reviewers would get each of those inputs twice. A chunk not started yet is cancelled, and
    so is one that nothing is left to run (a cluster without workers), which queued nothing either."""
    from nonla.governance.review import withdraw

    ids: list[int] = []
    for future in pending:
        if type(future).__module__.startswith("concurrent.") and future.cancel():
            continue  # a pool's chunk that never started queued nothing (a Dask task may run on regardless)
        try:
            ids += _result(future, idle).review_ids
        except _GaveUp:
            future.cancel()
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
        subject_id: str | None = None, job_id: str | None = None, stopped: Callable[[], bool] = lambda: False,
    ) -> Iterator[list[Row]]:
        pool = self._pool
        yield from _in_order(
            # no runner: each worker uses its own
            lambda chunk: pool.submit(run_chunk, ref, chunk, actor, tenant, os.getpid(), subject_id, None, job_id),
            chunks, 2 * self.workers, tenant, stopped,
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
                self._wait_for_workers()
            else:  # no scheduler given: a cluster of local worker processes for this job
                self._cluster = distributed.LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                                         dashboard_address=None, silence_logs=logging.CRITICAL)  # fmt: skip
                self._client = distributed.Client(self._cluster)
            if self._warm:
                from nonla.jobs.dask_plugin import WarmWorkers

                self._client.register_plugin(WarmWorkers(self._warm), name="nonla-warm-" + "+".join(self._warm))
        except BaseException as exc:
            self.__exit__(None, None, None)
            if isinstance(exc, ValueError | TypeError) and self.scheduler:  # an address Dask reads differently from its check
                raise InvalidInput(f"'{self.scheduler}' is not a Dask scheduler address: {exc}.", hint=ADDRESS_HINT) from None
            if isinstance(exc, OSError):  # the handshake timed out, or the line closed
                where = f"the Dask scheduler at {self.scheduler}" if self.scheduler else "a local Dask cluster"
                raise SchedulerUnavailable(f"Cannot connect to {where}: {_reason(exc, 30)}.") from None
            raise
        return self

    def _wait_for_workers(self) -> None:
        """A scheduler with no worker would take the job's chunks and never run them: refuse it."""
        try:
            self._client.wait_for_workers(1, timeout=WORKERS_SECONDS)
        except TimeoutError:
            raise SchedulerUnavailable(
                f"The Dask scheduler at {self.scheduler} has no workers: none joined within {WORKERS_SECONDS:g} "
                "seconds.", hint=f"Start workers for it (dask worker {self.scheduler}), then resume the job; or "
                "leave the scheduler out to run on a local cluster.",
            ) from None

    def _idle(self) -> bool:
        """Whether the cluster has no worker left to run a chunk (or its scheduler is gone)."""
        try:
            return not self._client.nthreads()
        except Exception:  # noqa: BLE001 - a scheduler that does not answer runs nothing either
            return True

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        for part in (self._client, self._cluster):
            if part is not None:
                part.close()
        self._client = self._cluster = None

    def map_chunks(
        self, ref: str, chunks: Iterable[list[Any]], actor: str = "local", tenant: str = "default",
        subject_id: str | None = None, job_id: str | None = None, stopped: Callable[[], bool] = lambda: False,
    ) -> Iterator[list[Row]]:
        client = self._client
        threads = sum(client.nthreads().values()) or self.workers
        yield from _in_order(
            lambda chunk: client.submit(run_chunk, ref, chunk, actor, tenant, subject_id=subject_id, job_id=job_id,
                                        pure=False), chunks,
            2 * threads, tenant, stopped, self._idle,
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

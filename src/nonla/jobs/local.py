"""The local process-pool executor: chunks of items run in worker processes, results come back in input order.

Each worker builds its own runner once (models load once per worker, not per item) and audits its own calls into
the same store, so a parallel run is validated and audited exactly like a sequential one.

>>> [out.words for out in run_parallel("vi.words", [{"text": "xin chào"}], workers=1)]
[['xin', 'chào']]
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any

from nonla.core.runner import Result

CHUNK = 256


def _call(ref: str, chunk: Sequence[Any], actor: str) -> list[Result]:
    from nonla.local import runner

    return runner().call(ref, chunk, actor=actor).results


def chunks(
    ref: str, items: Sequence[Any], workers: int | None = None, chunk: int = CHUNK, actor: str | None = None
) -> Iterator[list[Result]]:
    """Yield the results chunk by chunk, in order (for progress bars)."""
    from nonla.local import local_actor, runner

    actor = actor or local_actor()
    pieces = [items[i : i + chunk] for i in range(0, len(items), chunk)]
    workers = max(1, min(workers or os.cpu_count() or 1, len(pieces)))
    if workers == 1:  # no pool to start for one worker: same code path as a plain call
        for piece in pieces:
            yield runner().call(ref, piece, actor=actor).results
        return
    from nonla.store.db import engine_for

    engine_for()  # create or migrate the store once here, before the workers open it
    # spawn, not fork: a forked child would inherit locks and database connections held by threads of this process.
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        yield from pool.map(_call, [ref] * len(pieces), pieces, [actor] * len(pieces))


def run_parallel(ref: str, items: Sequence[Any], workers: int | None = None, chunk: int = CHUNK) -> list[Result]:
    return [result for part in chunks(ref, items, workers, chunk) for result in part]

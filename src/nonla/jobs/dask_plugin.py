"""The Dask worker plugin; imported only by the Dask executor, so ``import nonla`` never imports dask."""

from __future__ import annotations

from typing import Any

from distributed import WorkerPlugin

from nonla.jobs.work import warm


class WarmWorkers(WorkerPlugin):
    """Each worker (also one that joins later) loads the job's models once, at set-up, in its own runner."""

    def __init__(self, refs: tuple[str, ...]) -> None:
        self.refs = refs

    def setup(self, worker: Any) -> None:
        for ref in self.refs:
            warm(ref)

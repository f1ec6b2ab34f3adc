"""Which version answered a call to a routed name (``custom.NAME``): the routing spec records it here while the
runner collects, so the audit row and the response say ``custom.NAME@N`` and that version's model hash instead of
the route's version 0 and the hashes of every version it might have used.

>>> with collecting() as found:
...     record(2, "ab")
>>> found
{(2, 'ab')}
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_served: ContextVar[set[tuple[int, str]] | None] = ContextVar("nonla_served", default=None)


def record(version: int, model_sha256: str) -> None:
    """Called by a routing spec for each version that answered some of its items (nothing outside a call)."""
    found = _served.get()
    if found is not None:
        found.add((version, model_sha256))


@contextmanager
def collecting() -> Iterator[set[tuple[int, str]]]:
    found: set[tuple[int, str]] = set()
    token = _served.set(found)
    try:
        yield found
    finally:
        _served.reset(token)

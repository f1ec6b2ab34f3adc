"""Review policies reach the steps of a pipeline: an agency that says every ``privacy.pii`` result must be looked
at means it inside a pipeline too, not only when the function is called by name.

A pipeline runs its steps, and only once its whole batch has run does it hand each step's call to the review hook of
the runner that called the pipeline (so a batch that is re-run item by item after one bad item queues nothing
twice). What the hook queued is recorded against the pipeline's input item and merged into the pipeline call's own
review entries, each naming its ``step``; a step result held by a ``required`` policy holds the pipeline's result
for that item, on every surface that honours held results (REST, jobs, console).

>>> with collecting() as found:
...     record(owner := object(), [{"index": 0, "id": 3, "reason": "always", "held": True, "step": "vi.words"}])
>>> [entries for entries in found.values()]
[[{'id': 3, 'reason': 'always', 'held': True, 'step': 'vi.words'}]]
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

# id() of a pipeline input item -> the review entries its steps' results got (without the step call's index)
_collected: ContextVar[dict[int, list[dict[str, Any]]] | None] = ContextVar("nonla_step_reviews", default=None)


def record(owner: object, entries: Sequence[dict[str, Any]]) -> None:
    """Keep the review entries a step's result got against the pipeline item it belongs to."""
    found = _collected.get()
    if found is not None and entries:
        found.setdefault(id(owner), []).extend({k: v for k, v in e.items() if k != "index"} for e in entries)


@contextmanager
def collecting() -> Iterator[dict[int, list[dict[str, Any]]]]:
    found: dict[int, list[dict[str, Any]]] = {}
    token = _collected.set(found)
    try:
        yield found
    finally:
        _collected.reset(token)


def merged(own: Sequence[dict[str, Any]], found: dict[int, list[dict[str, Any]]],
           items: Sequence[tuple[int, object]]) -> list[dict[str, Any]]:
    """The call's own review entries followed by its steps', each given the call's index of its item; an item the
    call's own policy already holds keeps that entry first, so a caller is pointed at the pipeline's review item.

    >>> owner = object()
    >>> merged([{"index": 1, "id": 9, "reason": "always", "held": False}],
    ...        {id(owner): [{"id": 3, "reason": "always", "held": True, "step": "privacy.pii"}]}, [(1, owner)])
    [{'index': 1, 'id': 9, 'reason': 'always', 'held': False}, {'index': 1, 'id': 3, 'reason': 'always', 'held': True, 'step': 'privacy.pii'}]
    """
    entries = list(own)
    for index, item in items:
        entries += [{"index": index, **entry} for entry in found.get(id(item), [])]
    return entries

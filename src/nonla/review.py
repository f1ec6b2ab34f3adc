"""Human review of any function's results, from Python.

An agency (tenant) sets a policy per function: queue results whose confidence is below a threshold, or every result;
``required`` holds queued results until a reviewer acts. Calls through ``nonla.run``/``run_batch``, the CLI and REST
then queue the matching results; a reviewer accepts or corrects each, and corrections become training examples.

>>> from nonla import review
>>> review.set_policy("text.language", threshold=0.5, tenant="doc-agency", actor="doc")["threshold"]
0.5
>>> [p["function"] for p in review.policies(tenant="doc-agency")]
['text.language']
>>> review.set_policy("text.language", tenant="doc-agency", actor="doc") is None  # nothing left to apply: removed
True

Calls run here belong to the tenant "default"; ``with review.subject("cccd-…"):`` tags what they queue with a data
subject, so that person's data can be found and erased.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nonla.governance import review as queue
from nonla.governance import review_examples, review_policy
from nonla.governance.review import Status, released, subject

__all__ = ["set_policy", "policies", "pending", "items", "releasable", "released", "get", "decide", "accept",
           "correct", "examples", "export_examples", "subject"]  # fmt: skip


def _actor(actor: str | None) -> str:
    from nonla.local import local_actor

    return actor or local_actor()


def set_policy(
    function: str,
    threshold: float | None = None,
    always: bool = False,
    required: bool = False,
    tenant: str = "default",
    actor: str | None = None,
) -> dict[str, Any] | None:
    """Set the tenant's policy for a function (no threshold and always=False removes it); audited."""
    policy = review_policy.set_policy(function, threshold, always, required, tenant, _actor(actor))
    return None if policy is None else policy.to_dict()


def policies(tenant: str = "default") -> list[dict[str, Any]]:
    return [p.to_dict() for p in review_policy.policies(tenant)]


def items(
    status: Status | None = None, function: str | None = None, limit: int = 50, tenant: str = "default"
) -> list[dict[str, Any]]:
    """Queued items, oldest first; status is pending, accepted, corrected, released or all (None)."""
    return queue.items(status, function, tenant, limit)


def pending(function: str | None = None, limit: int = 50, tenant: str = "default") -> list[dict[str, Any]]:
    """Items waiting for a reviewer, oldest first."""
    return queue.pending(function, limit, tenant)


def releasable(function: str | None = None, limit: int = 50, tenant: str = "default") -> list[dict[str, Any]]:
    """Results that may go out now (``result`` is the output that counts); held items are left out."""
    return queue.releasable(function, limit, tenant)


def get(item_id: int, tenant: str = "default") -> dict[str, Any]:
    return queue.get(item_id, tenant)


def decide(
    item_id: int,
    accept: bool = False,
    correction: dict[str, Any] | None = None,
    actor: str | None = None,
    tenant: str = "default",
    note: str | None = None,
) -> dict[str, Any]:
    """Accept the result (accept=True) or correct it (correction = the whole right output); audited."""
    return queue.decide(item_id, accept, correction, _actor(actor), tenant, note)


def accept(item_id: int, actor: str | None = None, tenant: str = "default", note: str | None = None) -> dict[str, Any]:
    return decide(item_id, accept=True, actor=actor, tenant=tenant, note=note)


def correct(
    item_id: int, output: dict[str, Any], actor: str | None = None, tenant: str = "default", note: str | None = None
) -> dict[str, Any]:
    return decide(item_id, correction=output, actor=actor, tenant=tenant, note=note)


def examples(function: str, tenant: str = "default", limit: int | None = None) -> list[dict[str, Any]]:
    """Training examples from corrections: {input, output (corrected), original, ...}, oldest first."""
    return review_examples.examples(function, tenant, limit)


def export_examples(function: str, path: str | Path, tenant: str = "default") -> int:
    """Write the function's training examples to a JSONL file; returns how many."""
    return review_examples.export_examples(function, path, tenant)

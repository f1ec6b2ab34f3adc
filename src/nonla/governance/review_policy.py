"""Review policies: for each agency (tenant) and function, which results a person must look at before they count.

- ``threshold``: queue results whose confidence is below it. A result's confidence is the lowest of its output's
  top-level ``confidence`` and ``*_confidence`` fields, so any function that reports one can be reviewed this way.
- ``always``: queue every result of the function.
- ``required``: hold queued results until a reviewer accepts or corrects them (nothing reaches a department first).

Every call reads the policy, so all policies sit in memory for a few seconds and are dropped at once when changed in
this process: a tenant without a policy costs one dictionary lookup per call, never a query.

>>> Policy("default", "text.language", threshold=0.8).reason(0.5), Policy("default", "x.y", always=True).reason(0.99)
('low_confidence', 'always')
"""

from __future__ import annotations

import math
import os
import threading
import time
from dataclasses import asdict, dataclass
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select

from nonla.core.config import settings
from nonla.core.context import check_tenant, tenant_scope
from nonla.core.errors import InvalidInput
from nonla.core.events import Changed, utc_now
from nonla.governance.audit import append
from nonla.store.db import session
from nonla.store.schema import ReviewPolicy

CACHE_SECONDS = 5.0  # how long another process's policy change may take to apply here
_clock = time.monotonic  # tests move it forward instead of sleeping


@dataclass(frozen=True)
class Policy:
    tenant: str
    function: str
    threshold: float | None = None
    always: bool = False
    required: bool = False
    updated_by: str = ""
    updated_at: str = ""

    def reason(self, confidence: float | None) -> str | None:
        """Why a result with this confidence goes to a reviewer, or None when it does not."""
        if self.threshold is not None and confidence is not None and confidence < self.threshold:
            return "low_confidence"
        return "always" if self.always else None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def confidence_fields(output: type[BaseModel]) -> tuple[str, ...]:
    """The output's top-level confidence fields.

    >>> from nonla.functions.text.language import Output
    >>> confidence_fields(Output)
    ('confidence',)
    """
    return tuple(name for name in output.model_fields if name == "confidence" or name.endswith("_confidence"))


def confidence_of(result: BaseModel, fields: tuple[str, ...]) -> float | None:
    """The lowest of the result's confidence values (None when it reports none)."""
    values = [getattr(result, name, None) for name in fields]
    numbers = [float(v) for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    return min(numbers) if numbers else None


def _row(row: ReviewPolicy) -> Policy:
    return Policy(row.tenant, row.function, row.threshold, bool(row.always), bool(row.required), row.updated_by,
                  row.updated_at)  # fmt: skip


# Keyed by the variables that pick the store (settings() resolves paths on disk: too slow to ask on every call).
_cache: dict[tuple[str | None, str | None], tuple[float, dict[tuple[str, str], Policy]]] = {}
_cache_lock = threading.Lock()


def _invalidate() -> None:
    with _cache_lock:
        _cache.clear()


def policy_for(tenant: str, function: str) -> Policy | None:
    """The policy for a call, from memory (reloaded every few seconds): the runner asks on every call."""
    store = (os.environ.get("NONLA_DATABASE_URL"), os.environ.get("NONLA_HOME"))
    cached = _cache.get(store)
    now = _clock()
    if cached is None or cached[0] <= now:
        with session(url=settings().database_url) as s:
            loaded = {(row.tenant, row.function): _row(row) for row in s.scalars(select(ReviewPolicy))}
        with _cache_lock:
            _cache[store] = cached = (now + CACHE_SECONDS, loaded)
    found = cached[1].get((tenant, function))
    if found is None:  # high-risk functions are reviewed unless the tenant decided otherwise (governance/register.py)
        from nonla.governance.register import built_in_policy

        found = built_in_policy(tenant, function)
    return found


def policies(tenant: str = "default") -> list[Policy]:
    """The tenant's policies, read from the store (not the cache)."""
    with session() as s:
        query = select(ReviewPolicy).where(ReviewPolicy.tenant == tenant).order_by(ReviewPolicy.function)
        return [_row(row) for row in s.scalars(query)]


def _check(name: str, output: type[BaseModel], threshold: float | None, always: bool, required: bool) -> None:
    if threshold is not None:
        if isinstance(threshold, bool) or not isinstance(threshold, int | float) or not math.isfinite(threshold):
            raise InvalidInput("The threshold must be a number between 0 and 1.", field="threshold")
        if not 0 < threshold <= 1:
            raise InvalidInput(
                f"The threshold must be above 0 and at most 1 (got {threshold}).",
                hint="Results whose confidence is below the threshold are queued; 0.8 is a common start.",
                field="threshold",
            )
        if not confidence_fields(output):
            raise InvalidInput(
                f"{name} reports no confidence, so a threshold cannot apply to it.",
                hint="Use always=True to review every result of this function.",
                field="threshold",
            )
    if required and threshold is None and not always:
        raise InvalidInput(
            "required holds queued results, but this policy queues none.",
            hint="Set a threshold, or always=True, together with required.",
            field="required",
        )


def set_policy(
    function: str,
    threshold: float | None = None,
    always: bool = False,
    required: bool = False,
    tenant: str = "default",
    actor: str = "local",
) -> Policy | None:
    """Create or change the tenant's policy for a function; with no threshold and always=False it is removed.

    Returns the policy now in force (None once removed). The change and its audit row commit together.
    """
    from nonla.sources import catalog as surface_catalog

    with tenant_scope(check_tenant(tenant)):  # the agency's own custom model or pipeline of that name
        entry = surface_catalog().resolve(function)
    _check(entry.name, entry.spec.output, threshold, always, required)
    threshold = None if threshold is None else float(threshold)
    with session(write=True) as s:
        row = s.scalars(
            select(ReviewPolicy).where(ReviewPolicy.tenant == tenant, ReviewPolicy.function == entry.name)
        ).first()
        if threshold is None and not always:
            if row is not None:
                s.delete(row)
                append(s, Changed(actor=actor, action="review.policy.remove", target=entry.name,
                                  detail={"tenant": tenant}))  # fmt: skip
            policy = None
        else:
            if row is None:
                row = ReviewPolicy(tenant=tenant, function=entry.name)
                s.add(row)
            row.threshold, row.always, row.required = threshold, always, required
            row.updated_by, row.updated_at = actor[:64], utc_now()
            append(s, Changed(actor=actor, action="review.policy", target=entry.name,
                              detail={"tenant": tenant, "threshold": threshold, "always": always,
                                      "required": required}))  # fmt: skip
            policy = _row(row)
    _invalidate()
    return policy

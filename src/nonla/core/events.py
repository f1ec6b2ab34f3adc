"""Frozen events with an actor and a time. The runner and governance emit them; sinks (audit, metrics) consume them.

>>> e = FunctionCalled(actor="key:abc", function="vi.words", version=1, status="ok", items=1)
>>> e.action
'function.call'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


def utc_now() -> str:
    """ISO 8601 UTC with microseconds: sortable as text and identical after a round trip through any database."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class Event:
    actor: str
    at: str = field(default_factory=utc_now, kw_only=True)
    action = "event"

    def audit_fields(self) -> dict[str, Any]:
        """Columns for the audit row; subclasses add theirs."""
        return {}


@dataclass(frozen=True)
class FunctionCalled(Event):
    function: str = ""
    version: int = 0
    status: str = "ok"  # ok | partial | error
    items: int = 1
    errors: int = 0
    error_code: str | None = None
    model_sha256: str = ""
    input_digest: str = ""
    output_digest: str = ""
    latency_ms: float = 0.0
    tenant: str | None = None  # the agency the call ran for (None: written before calls recorded it)
    action = "function.call"

    def audit_fields(self) -> dict[str, Any]:
        return {
            "target": f"{self.function}@{self.version}",
            "status": self.status,
            "error_code": self.error_code,
            "items": self.items,
            "model_sha256": self.model_sha256,
            "input_digest": self.input_digest,
            "output_digest": self.output_digest,
            "latency_us": int(round(self.latency_ms * 1000)),
            "detail": {"errors": self.errors} if self.errors else {},
            "tenant": self.tenant,
        }


@dataclass(frozen=True)
class KeyCreated(Event):
    key_id: str = ""
    role: str = ""
    name: str = ""
    tenant: str = "default"
    action = "key.create"

    def audit_fields(self) -> dict[str, Any]:
        # the tenant in the detail: that agency's auditors see the creation of its keys (audit_scope.visible)
        return {"target": self.key_id, "detail": {"role": self.role, "name": self.name, "tenant": self.tenant}}


@dataclass(frozen=True)
class KeyRevoked(Event):
    key_id: str = ""
    action = "key.revoke"

    def audit_fields(self) -> dict[str, Any]:
        return {"target": self.key_id}


Sink = Callable[[Event], None]


@dataclass(frozen=True)
class Changed(Event):
    """Something stored was created, changed or deleted (collections, documents, ...): who, what, which."""

    action: str = "resource.change"  # e.g. collection.create, document.add, document.delete
    target: str = ""
    detail: dict[str, Any] = field(default_factory=dict)

    def audit_fields(self) -> dict[str, Any]:
        return {"target": self.target[:200], "detail": self.detail}

"""Prometheus metrics, fed by a runner sink; one registry per process."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

from nonla.core.events import Event, FunctionCalled

REGISTRY = CollectorRegistry()
CALLS = Counter(
    "nonla_function_calls", "Function calls by function@version and status", ["function", "status"], registry=REGISTRY
)
ITEMS = Counter("nonla_function_items", "Items processed by function@version", ["function"], registry=REGISTRY)
LATENCY = Histogram("nonla_function_latency_seconds", "Latency of one call (one item or a batch)", ["function"],
                    registry=REGISTRY, buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))  # fmt: skip


def observe(event: Event) -> None:
    if isinstance(event, FunctionCalled):
        ref = f"{event.function}@{event.version}"
        CALLS.labels(ref, event.status).inc()
        ITEMS.labels(ref).inc(event.items)
        LATENCY.labels(ref).observe(event.latency_ms / 1000)


def exposition() -> bytes:
    return generate_latest(REGISTRY)

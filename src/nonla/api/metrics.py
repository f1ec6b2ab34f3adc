"""Prometheus metrics: call counters fed by a runner sink (one registry per process), and monitoring gauges per
tenant and function@version (review share, error rate, latency quantiles, drift, open alerts) read from the
monitoring figures when /metrics is scraped, so every process of an installation reports the same values."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Set

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from nonla.core.events import Event, FunctionCalled

log = logging.getLogger("nonla.metrics")
REGISTRY = CollectorRegistry()
CALLS = Counter(
    "nonla_function_calls", "Function calls by function@version and status", ["function", "status"], registry=REGISTRY
)
ITEMS = Counter("nonla_function_items", "Items processed by function@version", ["function"], registry=REGISTRY)
LATENCY = Histogram("nonla_function_latency_seconds", "Latency of one call (one item or a batch)", ["function"],
                    registry=REGISTRY, buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))  # fmt: skip
# name, help, the summary's field, scale to the metric's unit
GAUGES = (
    ("nonla_monitoring_calls", "Calls in the monitoring window", "calls", 1.0),
    ("nonla_monitoring_error_rate", "Share of items that ended in an error, in the window", "error_rate", 1.0),
    ("nonla_monitoring_review_share", "Share of items queued for human review, in the window", "review_share", 1.0),
    ("nonla_monitoring_latency_p50_seconds", "Median latency of a call, in the window", "latency_p50_ms", 0.001),
    (
        "nonla_monitoring_latency_p95_seconds",
        "95th percentile latency of a call, in the window",
        "latency_p95_ms",
        0.001,
    ),
    ("nonla_monitoring_input_psi", "Drift of inputs against the evaluation baseline (largest PSI)", "input_psi", 1.0),
    (
        "nonla_monitoring_confidence_psi",
        "Drift of confidences against the evaluation baseline (PSI)",
        "confidence_psi",
        1.0,
    ),
    ("nonla_monitoring_open_alerts", "Monitoring alerts not yet acknowledged", "open_alerts", 1.0),
)


def observe(event: Event) -> None:
    if isinstance(event, FunctionCalled):
        ref = f"{event.function}@{event.version}"
        CALLS.labels(ref, event.status).inc()
        ITEMS.labels(ref).inc(event.items)
        LATENCY.labels(ref).observe(event.latency_ms / 1000)


class MonitoringCollector(Collector):
    """Gauges built from the monitoring summaries at scrape time (a figure not yet known is left out), for the
    tenants the scraping key may see (None: every tenant)."""

    def __init__(self, visible: Set[str] | None) -> None:
        self.visible = visible

    def collect(self) -> Iterator[Metric]:
        from nonla.monitoring import service

        families = {name: GaugeMetricFamily(name, text, labels=["tenant", "function"]) for name, text, _, _ in GAUGES}
        try:
            for tenant in service.tenants():
                if self.visible is not None and tenant not in self.visible:
                    continue
                for row in service.summary(tenant):
                    for name, _, field, scale in GAUGES:
                        if row.get(field) is not None:
                            families[name].add_metric([tenant, row["ref"]], float(row[field]) * scale)
        except Exception:  # the store is down: /metrics still answers with what the process knows
            log.exception("monitoring figures unavailable for /metrics")
        yield from families.values()


def exposition(visible: Set[str] | None = frozenset()) -> bytes:
    """The process counters, which name no tenant, and the monitoring gauges of the ``visible`` tenants: a scrape
    without a key sees none of them, since tenant names and their figures are each agency's own."""
    if visible is not None and not visible:
        return generate_latest(REGISTRY)
    monitoring = CollectorRegistry()
    monitoring.register(MonitoringCollector(visible))
    return generate_latest(REGISTRY) + generate_latest(monitoring)

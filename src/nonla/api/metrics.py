"""Prometheus metrics: call counters fed by a runner sink (one registry per process), and monitoring gauges per
tenant and function@version (review share, error rate, latency quantiles, drift, open alerts) read from the
monitoring figures when /metrics is scraped, so every process of an installation reports the same values.

A pipeline's or custom model's name is its agency's own (another agency is told it does not exist), so the counters
everyone sees fold those calls into ``pipeline.*`` and ``custom.*``; their names and counts are kept per tenant and
shown, like the monitoring gauges, only to a key that may read that tenant's monitoring.
"""

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
TENANT_REGISTRY = CollectorRegistry()  # series that name a tenant and its own functions: never in a keyless scrape
TENANT_CALLS = Counter("nonla_tenant_function_calls", "Calls of a tenant's own pipelines and custom models",
                       ["tenant", "function", "status"], registry=TENANT_REGISTRY)  # fmt: skip
TENANT_ITEMS = Counter("nonla_tenant_function_items", "Items processed by a tenant's own pipelines and custom models",
                       ["tenant", "function"], registry=TENANT_REGISTRY)  # fmt: skip
TENANT_OWNED = ("pipeline.", "custom.")  # prefixes of names each tenant defines for itself
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


def public_label(function: str, version: int) -> str:
    """The function label everyone may see: function@version, or only the prefix of a tenant's own name.

    >>> public_label("vi.words", 2), public_label("pipeline.hiv_patients_intake", 1), public_label("custom.x", 3)
    ('vi.words@2', 'pipeline.*', 'custom.*')
    """
    for prefix in TENANT_OWNED:
        if function.startswith(prefix):
            return prefix + "*"
    return f"{function}@{version}"


def observe(event: Event) -> None:
    if isinstance(event, FunctionCalled):
        label = public_label(event.function, event.version)
        CALLS.labels(label, event.status).inc()
        ITEMS.labels(label).inc(event.items)
        LATENCY.labels(label).observe(event.latency_ms / 1000)
        if label.endswith("*"):
            ref, tenant = f"{event.function}@{event.version}", event.tenant or "default"
            TENANT_CALLS.labels(tenant, ref, event.status).inc()
            TENANT_ITEMS.labels(tenant, ref).inc(event.items)


class TenantCounters(Collector):
    """The per-tenant counters of the tenants the scraping key may see (None: every tenant)."""

    def __init__(self, visible: Set[str] | None) -> None:
        self.visible = visible

    def collect(self) -> Iterator[Metric]:
        for family in TENANT_REGISTRY.collect():
            shown = Metric(family.name, family.documentation, family.type, family.unit)
            shown.samples = [sample for sample in family.samples
                             if self.visible is None or sample.labels.get("tenant") in self.visible]  # fmt: skip
            yield shown


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
    """The process counters, which name no tenant nor any tenant's own function, then the per-tenant counters and
    the monitoring gauges of the ``visible`` tenants: a scrape without a key sees none of those, since tenant names,
    their pipelines and models, and their figures are each agency's own."""
    if visible is not None and not visible:
        return generate_latest(REGISTRY)
    private = CollectorRegistry()
    private.register(TenantCounters(visible))
    private.register(MonitoringCollector(visible))
    return generate_latest(REGISTRY) + generate_latest(private)

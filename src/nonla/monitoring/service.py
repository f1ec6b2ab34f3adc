"""Figures per function@version over a time window, for the REST API, the console, the CLI and /metrics.

Reading flushes this process's pending figures first and judges them against the thresholds, so what is shown
is current and an alert is raised no later than someone looks.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from nonla.core.context import tenant_scope
from nonla.monitoring import alerts, drift
from nonla.monitoring.baseline import baseline_of
from nonla.monitoring.observe import bucket_of, monitor
from nonla.monitoring.tally import Tally
from nonla.store.db import session
from nonla.store.schema_monitoring import MonitoringWindow

WEEK_MINUTES = 10_080


def _rounded(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def figures(tally: Tally, baseline: dict[str, Any] | None) -> dict[str, Any]:
    """Volume, latency, error rate, review share and drift of one tally."""
    latency = tally.histograms["latency_ms"]
    psi = {name: drift.psi(baseline["histograms"].get(name, []), tally.histograms[name]) if baseline else None
           for name in (*drift.INPUT_FEATURES, "confidence")}  # fmt: skip
    inputs = [value for name, value in psi.items() if name != "confidence" and value is not None]
    return {
        "calls": tally.calls,
        "items": tally.items,
        "errors": tally.errors,
        "review": tally.review,
        "error_rate": _rounded(tally.errors / tally.items) if tally.items else None,
        "review_share": _rounded(tally.review / tally.items) if tally.items else None,
        "latency_p50_ms": _rounded(drift.quantile(latency, drift.LATENCY_EDGES_MS, 0.5), 2),
        "latency_p95_ms": _rounded(drift.quantile(latency, drift.LATENCY_EDGES_MS, 0.95), 2),
        "input_psi": _rounded(max(inputs)) if inputs else None,
        "input_psi_by_feature": {name: _rounded(psi[name]) for name in drift.INPUT_FEATURES},
        "confidence_psi": _rounded(psi["confidence"]),
        "baseline": None if baseline is None else {k: baseline[k] for k in ("items", "source", "tenant", "created_at")},
    }


def _window(minutes: int, now: datetime | None = None) -> tuple[str, str]:
    moment = now or datetime.now(UTC)
    return bucket_of(moment - timedelta(minutes=minutes)), moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def tallies(tenant: str, since: str, function: str | None = None) -> dict[tuple[str, int], Tally]:
    """Stored tallies of the tenant from bucket ``since`` on, added up per (function, version)."""
    query = select(MonitoringWindow).where(MonitoringWindow.tenant == tenant, MonitoringWindow.bucket >= since)
    if function:
        query = query.where(MonitoringWindow.function == function)
    found: dict[tuple[str, int], Tally] = {}
    with session() as s:
        for row in s.scalars(query):
            tally = found.setdefault((row.function, row.version), Tally())
            tally.merge(Tally(row.calls, row.items, row.errors, row.review))
            tally.merge_histograms(row.histograms)
    return found


def judge(tenant: str, function: str, version: int) -> list[dict[str, Any]]:
    """Hold one function@version's window against its thresholds; returns the alerts newly raised."""
    limits = alerts.thresholds_for(tenant, function)
    since, until = _window(limits.window_minutes)
    tally = tallies(tenant, since, function).get((function, version))
    if tally is None:
        return []
    stats = figures(tally, baseline_of(tenant, function, version))
    return alerts.raise_alerts(tenant, function, version, alerts.judge(stats, limits),
                               (since, until, limits.window_minutes))  # fmt: skip


def judge_touched(touched: set[tuple[str, str, int]]) -> None:
    for tenant, function, version in sorted(touched):
        judge(tenant, function, version)


monitor.on_flush.append(judge_touched)


def summary(tenant: str, ref: str | None = None) -> list[dict[str, Any]]:
    """One row per function@version called in the last week, its figures over its own window; with ``ref``, the
    rows of that function (``name``) or version (``name@version``), a version never called showing zeros."""
    monitor.flush()
    function, version = None, None
    if ref:
        from nonla.sources import catalog

        with tenant_scope(tenant):  # a tenant's own custom models resolve only for that tenant
            entry = catalog().resolve(ref)
        function, version = entry.name, (entry.version if "@" in ref else None)
    week, _ = _window(WEEK_MINUTES)
    seen = set(tallies(tenant, week, function))
    if version is not None:
        seen = {key for key in seen if key[1] == version} or {(str(function), version)}
    open_alerts = alerts.alerts(tenant, open_only=True)
    rows = []
    for name, ver in sorted(seen):
        limits = alerts.thresholds_for(tenant, name)
        since, until = _window(limits.window_minutes)
        tally = tallies(tenant, since, name).get((name, ver)) or Tally()
        stats = figures(tally, baseline_of(tenant, name, ver))
        mine = [a for a in open_alerts if a["function"] == name and a["version"] == ver]
        if mine:
            status = "alert"
        elif tally.calls < limits.min_calls:
            status = "too_few_calls"
        elif stats["baseline"] is None:
            status = "no_baseline"
        else:
            status = "ok"
        rows.append({"ref": f"{name}@{ver}", "function": name, "version": ver, "tenant": tenant,
                     "window_minutes": limits.window_minutes, "window_start": since, "window_end": until,
                     **stats, "status": status, "open_alerts": len(mine), "thresholds": asdict(limits)})  # fmt: skip
    return rows


def tenants() -> list[str]:
    """Tenants with figures in the last week (for /metrics)."""
    monitor.flush()
    since, _ = _window(WEEK_MINUTES)
    with session() as s:
        return sorted(set(s.scalars(select(MonitoringWindow.tenant).where(MonitoringWindow.bucket >= since))))


def alerts_of(tenant: str, *, open_only: bool = False, function: str | None = None) -> list[dict[str, Any]]:
    """The tenant's alerts, newest first, after this process's pending figures were judged."""
    monitor.flush()
    return alerts.alerts(tenant, open_only=open_only, function=function)

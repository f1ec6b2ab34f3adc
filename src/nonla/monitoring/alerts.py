"""Thresholds per function and the alert records raised when a window of calls crosses one.

An alert is raised once: while an alert of the same kind for the same function@version and tenant is open (not
acknowledged), crossing the threshold again adds nothing. Nothing is judged before ``min_calls`` calls in the window.
Every alert, acknowledgement and change of thresholds is written to the audit log.

>>> judge({"calls": 60, "error_rate": 0.1, "review_share": 0.0, "latency_p95_ms": 3.0, "input_psi": 0.5,
...        "confidence_psi": None}, DEFAULTS)
[('error_rate', 0.1, 0.05), ('input_drift', 0.5, 0.2)]
>>> judge({"calls": 3, "error_rate": 1.0}, DEFAULTS)
[]
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from sqlalchemy import select

from nonla.core.errors import InvalidInput, NotFound
from nonla.core.events import Changed, utc_now
from nonla.governance.audit import append
from nonla.store.db import session
from nonla.store.schema_monitoring import MonitoringAlert, MonitoringThreshold


@dataclass(frozen=True)
class Thresholds:
    error_rate: float = 0.05  # share of items that ended in an error
    review_share: float = 0.5  # share of items queued for a person
    latency_p95_ms: float = 5_000.0
    psi: float = 0.2  # inputs (the largest of their features) or confidences against the baseline
    min_calls: int = 50
    window_minutes: int = 60


DEFAULTS = Thresholds()
# The latency limit stays below drift.LATENCY_EDGES_MS[-1]: a p95 read from the histogram can then exceed it.
LIMITS: dict[str, tuple[float, float]] = {"error_rate": (0.0, 1.0), "review_share": (0.0, 1.0),
                                          "latency_p95_ms": (0.0, 3_600_000.0), "psi": (0.0, 100.0),
                                          "min_calls": (1, 1_000_000), "window_minutes": (5, 10_080)}  # fmt: skip
# kind of alert -> (figure in a summary, threshold it is held against)
CHECKS = (("error_rate", "error_rate", "error_rate"), ("review_share", "review_share", "review_share"),
          ("latency_p95", "latency_p95_ms", "latency_p95_ms"), ("input_drift", "input_psi", "psi"),
          ("confidence_drift", "confidence_psi", "psi"))  # fmt: skip


def thresholds_for(tenant: str, function: str) -> Thresholds:
    with session() as s:
        row = s.scalars(select(MonitoringThreshold).where(MonitoringThreshold.tenant == tenant,
                                                          MonitoringThreshold.function == function)).first()  # fmt: skip
        if row is None:
            return DEFAULTS
        return Thresholds(row.error_rate, row.review_share, row.latency_p95_ms, row.psi, row.min_calls,
                          row.window_minutes)  # fmt: skip


def set_thresholds(tenant: str, function: str, changes: dict[str, Any], actor: str = "local") -> dict[str, Any]:
    """Change some thresholds of ``function`` (a name: every version); the others keep their values. Audited."""
    unknown = sorted(set(changes) - set(LIMITS))
    if unknown:
        raise InvalidInput(f"'{unknown[0]}' is not a threshold.", hint=f"Thresholds: {', '.join(LIMITS)}.")
    for name, value in changes.items():
        low, high = LIMITS[name]
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            raise InvalidInput(f"Threshold '{name}' must be a number from {low:g} to {high:g}.", field=name)
    merged = replace(thresholds_for(tenant, function), **changes)
    values = {**asdict(merged), "min_calls": int(merged.min_calls), "window_minutes": int(merged.window_minutes)}
    with session(write=True) as s:
        row = s.scalars(select(MonitoringThreshold).where(MonitoringThreshold.tenant == tenant,
                                                          MonitoringThreshold.function == function)).first()  # fmt: skip
        if row is None:
            row = MonitoringThreshold(tenant=tenant, function=function, updated_by=actor[:64], updated_at=utc_now())
            s.add(row)
        for name, value in values.items():
            setattr(row, name, value)
        row.updated_by, row.updated_at = actor[:64], utc_now()
        append(s, Changed(actor=actor, action="monitoring.thresholds", target=function,
                          detail={"tenant": tenant, **values}))  # fmt: skip
    return {"function": function, "tenant": tenant, **values}


def judge(stats: dict[str, Any], limits: Thresholds) -> list[tuple[str, float, float]]:
    """(kind, value, threshold) of every threshold the figures cross; nothing below ``min_calls`` calls."""
    if stats.get("calls", 0) < limits.min_calls:
        return []
    crossed = []
    for kind, figure, threshold_name in CHECKS:
        value, threshold = stats.get(figure), float(getattr(limits, threshold_name))
        if value is not None and value > threshold:
            crossed.append((kind, float(value), threshold))
    return crossed


def view(row: MonitoringAlert) -> dict[str, Any]:
    return {"id": row.id, "kind": row.kind, "function": row.function, "version": row.version,
            "ref": f"{row.function}@{row.version}", "value": row.value, "threshold": row.threshold,
            "window_minutes": row.window_minutes, "window_start": row.window_start, "window_end": row.window_end,
            "created_at": row.created_at, "tenant": row.tenant, "acknowledged": row.acknowledged,
            "acknowledged_by": row.acknowledged_by, "acknowledged_at": row.acknowledged_at}  # fmt: skip


def raise_alerts(tenant: str, function: str, version: int, crossed: list[tuple[str, float, float]],
                 window: tuple[str, str, int]) -> list[dict[str, Any]]:  # fmt: skip
    """Write one alert per crossed kind that has no open alert yet; returns the new ones."""
    if not crossed:
        return []
    start, end, minutes = window
    raised = []
    with session(write=True) as s:
        open_kinds = set(s.scalars(select(MonitoringAlert.kind).where(
            MonitoringAlert.tenant == tenant, MonitoringAlert.function == function,
            MonitoringAlert.version == version, MonitoringAlert.acknowledged.is_(False))))  # fmt: skip
        for kind, value, threshold in crossed:
            if kind in open_kinds:
                continue
            row = MonitoringAlert(tenant=tenant, kind=kind, function=function, version=version, value=round(value, 6),
                                  threshold=threshold, window_minutes=minutes, window_start=start, window_end=end,
                                  created_at=utc_now(), acknowledged=False)  # fmt: skip
            s.add(row)
            s.flush()
            append(s, Changed(actor="monitor", action="monitoring.alert", target=f"{function}@{version}",
                              detail={"tenant": tenant, "id": row.id, "kind": kind, "value": round(value, 6),
                                      "threshold": threshold, "window_minutes": minutes}))  # fmt: skip
            raised.append(view(row))
    return raised


def alerts(tenant: str, *, open_only: bool = False, function: str | None = None,
           limit: int = 500) -> list[dict[str, Any]]:  # fmt: skip
    """The tenant's alerts, newest first."""
    query = select(MonitoringAlert).where(MonitoringAlert.tenant == tenant)
    if open_only:
        query = query.where(MonitoringAlert.acknowledged.is_(False))
    if function:
        query = query.where(MonitoringAlert.function == function)
    with session() as s:
        return [view(row) for row in s.scalars(query.order_by(MonitoringAlert.id.desc()).limit(limit))]


def acknowledge(tenant: str, alert_id: int, actor: str = "local") -> dict[str, Any]:
    """Mark an alert seen; the same threshold may raise a new one afterwards. Audited."""
    with session(write=True) as s:
        row = s.get(MonitoringAlert, alert_id)
        if row is None or row.tenant != tenant:
            raise NotFound(f"There is no alert {alert_id}.")
        if not row.acknowledged:
            row.acknowledged, row.acknowledged_by, row.acknowledged_at = True, actor[:64], utc_now()
            append(s, Changed(actor=actor, action="monitoring.ack", target=f"{row.function}@{row.version}",
                              detail={"tenant": tenant, "id": row.id, "kind": row.kind}))  # fmt: skip
        return view(row)

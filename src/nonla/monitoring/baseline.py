"""Evaluation baselines: histograms of a function@version's inputs and confidences on data it was measured on.

``record`` runs the function over the inputs (a JSONL of evaluation inputs, or a custom model's held-out rows) and
keeps the histograms; drift is the PSI of live traffic against them. A tenant may record its own baseline; a tenant
without one is compared with the installation's (tenant ``default``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import select

from nonla.core.catalog import ROUTE_VERSION
from nonla.core.context import OWNED, current_tenant, tenant_scope
from nonla.core.errors import InvalidInput, InvalidJSON, NonlaError
from nonla.core.events import Changed, utc_now
from nonla.core.jsonl import decoded, records
from nonla.governance.audit import append
from nonla.monitoring.features import output_confidence
from nonla.monitoring.tally import Tally
from nonla.store.db import session
from nonla.store.schema_monitoring import MonitoringBaseline

log = logging.getLogger("nonla.monitoring")
MAX_ITEMS = 100_000
MAX_BYTES = 64 * 1024 * 1024


def read_jsonl(data: bytes) -> list[dict[str, Any]]:
    """One JSON object per line (blank lines skipped).

    >>> read_jsonl(b'{"text": "a"}\\n\\n{"text": "b"}')
    [{'text': 'a'}, {'text': 'b'}]
    """
    if len(data) > MAX_BYTES:
        raise InvalidInput(f"A baseline file may be at most {MAX_BYTES // 2**20} MiB.")
    rows = []
    for number, row in records(decoded(data, "The file"), "the file"):
        if not isinstance(row, dict):
            raise InvalidJSON(f"Line {number} is not a JSON object.", hint="Write one JSON object per line.")
        rows.append(row)
    if not rows:
        raise InvalidInput("The file holds no inputs.", hint="Write one JSON object per line.")
    if len(rows) > MAX_ITEMS:
        raise InvalidInput(f"A baseline takes at most {MAX_ITEMS:,} inputs; this file has {len(rows):,}.")
    return rows


def record(ref: str, rows: Sequence[dict[str, Any]], *, source: str, tenant: str = "default", actor: str = "local",
           progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:  # fmt: skip
    """Run ``ref`` over ``rows`` (fields the function does not take, such as labels and ids, are left out) and
    store the histograms as its baseline. Audited; replaces an earlier baseline of the same function@version."""
    from nonla.core.config import settings
    from nonla.core.models import Models
    from nonla.core.runner import Runner
    from nonla.sources import catalog

    with tenant_scope(tenant):  # a tenant's own custom models resolve only for that tenant
        found = catalog()
        entry = found.resolve(ref)
        # Unaudited, unobserved: evaluation data is not traffic. A custom model loads into a cache of its own, so
        # that its files are checked again (sha256) when it is promoted or served, never taken from this run.
        private = entry.name.startswith("custom.")
        runner = Runner(found, models=Models() if private else None)
        fields = set(entry.spec.input.model_fields)
        items = [{k: v for k, v in row.items() if k in fields} for row in rows]
        tally, step = Tally(), max(1, min(settings().max_batch_items, 256))
        for start in range(0, len(items), step):
            chunk = items[start : start + step]
            results = runner.call(entry.ref, chunk, tenant=tenant).results
            good = [(item, r) for item, r in zip(chunk, results, strict=True) if not isinstance(r, NonlaError)]
            tally.count_inputs(item for item, _ in good)
            for _, result in good:
                confidence = output_confidence(result)
                if confidence is not None:
                    tally.observe("confidence", confidence)
            tally.items += len(good)
            if progress is not None:
                progress(min(start + step, len(items)), len(items))
    if not tally.items:
        raise InvalidInput(f"None of the {len(items)} inputs is valid for {entry.ref}.",
                           hint=f"Each line needs the function's fields: {', '.join(sorted(fields))}.")  # fmt: skip
    histograms = {name: tally.histograms[name] for name in ("size", "plain_share", "confidence")}
    with session(write=True) as s:
        row = s.scalars(select(MonitoringBaseline).where(
            MonitoringBaseline.tenant == tenant, MonitoringBaseline.function == entry.name,
            MonitoringBaseline.version == entry.version)).first()  # fmt: skip
        if row is None:
            row = MonitoringBaseline(tenant=tenant, function=entry.name, version=entry.version)
            s.add(row)
        row.items, row.histograms, row.source = tally.items, histograms, source[:200]
        row.created_by, row.created_at = actor[:64], utc_now()
        append(s, Changed(actor=actor, action="monitoring.baseline", target=entry.ref,
                          detail={"tenant": tenant, "items": tally.items, "source": source[:200]}))  # fmt: skip
    return {"ref": entry.ref, "tenant": tenant, "items": tally.items, "skipped": len(items) - tally.items,
            "source": source[:200], "with_confidence": sum(histograms["confidence"]) > 0}  # fmt: skip


def record_quietly(ref: str, rows: Sequence[dict[str, Any]], *, source: str, actor: str = "local") -> None:
    """``record`` for side paths (training): a baseline that cannot be made is logged, never fails the caller."""
    try:
        record(ref, rows, source=source, tenant=current_tenant(), actor=actor)
    except Exception:
        log.exception("could not record the baseline of %s", ref)


def _serving(tenant: str, function: str) -> int | None:
    """The version a routed ``custom.NAME`` (catalogued as version 0) answers with in ``tenant``."""
    from nonla.custom import registry
    from nonla.custom.specs import serving_version

    with tenant_scope(tenant):
        stored, _ = registry.state()
    bare = function.split(".", 1)[1]
    found = serving_version([(v, stage, sha) for name, v, stage, sha in stored if name == bare])
    return found[0] if found else None


def baseline_of(tenant: str, function: str, version: int) -> dict[str, Any] | None:
    """The tenant's baseline of function@version, else the installation's; None when neither exists. Calls of a
    custom model by its bare name (routed, version 0) are compared with the version serving them."""
    if version == ROUTE_VERSION and function.startswith("custom."):
        serving = _serving(tenant, function)
        if serving is None:
            return None
        version = serving
    with session() as s:
        found = {row.tenant: row for row in s.scalars(select(MonitoringBaseline).where(
            MonitoringBaseline.tenant.in_((tenant, "default")), MonitoringBaseline.function == function,
            MonitoringBaseline.version == version))}  # fmt: skip
        # the installation's baseline stands in for a built-in function; an agency's own custom model or pipeline
        # is a different model from the default tenant's of the same name
        row = found.get(tenant) or (None if function.startswith(OWNED) else found.get("default"))
        if row is None:
            return None
        return {"items": row.items, "histograms": row.histograms, "source": row.source, "tenant": row.tenant,
                "created_at": row.created_at}  # fmt: skip

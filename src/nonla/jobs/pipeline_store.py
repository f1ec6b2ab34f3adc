"""Stored pipelines: add (a changed definition is a new version), list, show, delete; and the catalogue source that
makes each one callable as ``pipeline.NAME`` from every surface and in jobs.

The source asks the store on every lookup of a ``pipeline.`` name (one indexed query) and keeps built specs keyed
by (name, version, sha256), so a pipeline added or deleted by any process is seen at once.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, select

from nonla.core.context import current_tenant
from nonla.core.errors import InvalidInput, NotFound
from nonla.core.events import Changed, utc_now
from nonla.core.function import FunctionSpec
from nonla.governance.audit import append
from nonla.governance.pipeline_scope import MAX_DEPTH, TOO_DEEP, functions_of_steps
from nonla.jobs.pipelines import PREFIX, build, parse
from nonla.store.db import session
from nonla.store.schema_jobs import StoredPipeline

_cache: dict[tuple[str, str, int, str], FunctionSpec] = {}  # (tenant, name, version, sha256): steps resolve per tenant
_lock = threading.Lock()


def _short(name: str) -> str:
    return name[len(PREFIX) :] if name.startswith(PREFIX) else name


def add(source: str, actor: str = "local") -> dict[str, Any]:
    """Check and store a YAML definition; the same text again is a no-op, a changed one a new version."""
    definition = parse(source)
    if TOO_DEEP in functions_of_steps(definition.steps):
        # a key's scopes are checked through nested pipelines only this far down: a deeper one could not be called
        raise InvalidInput(f"Pipeline '{definition.name}' nests pipelines more than {MAX_DEPTH} deep.",
                           hint=f"Keep at most {MAX_DEPTH} pipelines below it: call a deep pipeline's steps directly.",
                           field="steps")  # fmt: skip
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()
    tenant = current_tenant()
    with session(write=True) as s:
        # A name is each tenant's own: another tenant's pipeline of the same name is neither seen nor extended.
        rows = s.scalars(select(StoredPipeline).where(StoredPipeline.name == definition.name,
                                                      StoredPipeline.tenant == tenant)
                         .order_by(StoredPipeline.version)).all()  # fmt: skip
        live = [r for r in rows if r.deleted_at is None]
        if live and live[-1].sha256 == digest:
            return {"name": PREFIX + definition.name, "version": live[-1].version, "created": False}
        version = (rows[-1].version if rows else 0) + 1
        s.add(StoredPipeline(name=definition.name, version=version, source=source, sha256=digest, created_by=actor,
                             created_at=utc_now(), tenant=tenant))  # fmt: skip
        append(s, Changed(actor=actor, action="pipeline.add", target=f"{PREFIX}{definition.name}@{version}",
                          detail={"sha256": digest, "tenant": tenant}))  # fmt: skip
    return {"name": PREFIX + definition.name, "version": version, "created": True}


def list_pipelines() -> list[dict[str, Any]]:
    with session() as s:
        rows = s.scalars(select(StoredPipeline).where(StoredPipeline.deleted_at.is_(None),
                                                      StoredPipeline.tenant == current_tenant())
                         .order_by(StoredPipeline.name, StoredPipeline.version)).all()  # fmt: skip
    latest: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = latest.setdefault(row.name, {"name": PREFIX + row.name, "versions": []})
        entry["versions"].append(row.version)
        entry.update(version=row.version, created_by=row.created_by, created_at=row.created_at)
    for entry in latest.values():
        spec = _spec(_row(entry["name"], entry["version"]))
        entry["summary"] = spec.card.summary if spec else "(a step is no longer available)"
    return list(latest.values())


def _live(name: str, version: int | None = None) -> Select[StoredPipeline]:
    """The current tenant's live versions of pipeline NAME (that one, if given)."""
    query = select(StoredPipeline).where(StoredPipeline.name == _short(name), StoredPipeline.deleted_at.is_(None),
                                         StoredPipeline.tenant == current_tenant())  # fmt: skip
    return query if version is None else query.where(StoredPipeline.version == version)


def live_sources(name: str, version: int | None = None) -> list[str]:
    """The definitions a call of pipeline NAME may run: that version's, else every live version's."""
    with session() as s:
        return [row.source for row in s.scalars(_live(name, version)).all()]


def _row(name: str, version: int | None = None) -> StoredPipeline:
    query = _live(name, version)
    with session() as s:
        row = s.scalars(query.order_by(StoredPipeline.version.desc())).first()
    if row is None:
        raise NotFound(f"There is no pipeline named '{_short(name)}'" + (f" with version {version}." if version else "."),
                       hint="List pipelines with `nonla pipelines list` or GET /v1/pipelines.")  # fmt: skip
    return row


def show(name: str, version: int | None = None) -> dict[str, Any]:
    row = _row(name, version)
    return {"name": PREFIX + row.name, "version": row.version, "source": row.source, "sha256": row.sha256,
            "created_by": row.created_by, "created_at": row.created_at}  # fmt: skip


def delete(name: str, actor: str = "local") -> dict[str, Any]:
    """Retire every version: pipeline.NAME stops resolving at once (the definitions stay, for the audit trail)."""
    row = _row(name)
    with session(write=True) as s:
        rows = s.scalars(select(StoredPipeline).where(StoredPipeline.name == row.name, StoredPipeline.tenant == row.tenant,
                                                      StoredPipeline.deleted_at.is_(None))).all()  # fmt: skip
        now = utc_now()
        for found in rows:
            found.deleted_at = now
        append(s, Changed(actor=actor, action="pipeline.delete", target=PREFIX + row.name,
                          detail={"tenant": row.tenant}))  # fmt: skip
    return {"name": PREFIX + row.name, "deleted": len(rows)}


def _spec(row: StoredPipeline) -> FunctionSpec | None:
    key = (row.tenant, row.name, row.version, row.sha256)
    with _lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    try:
        spec = build(parse(row.source), row.version)
    except Exception:  # a step was removed since: the pipeline is listed as broken, calls say it does not exist
        return None
    with _lock:
        _cache[key] = spec
    return spec


def source(name: str | None) -> Iterable[FunctionSpec]:
    """The catalogue source for the ``pipeline.`` prefix: the pipelines of the tenant of the call in progress."""
    query = select(StoredPipeline).where(StoredPipeline.deleted_at.is_(None), StoredPipeline.tenant == current_tenant())
    if name is not None:
        query = query.where(StoredPipeline.name == _short(name))
    with session() as s:
        rows = s.scalars(query.order_by(StoredPipeline.name, StoredPipeline.version)).all()
    specs = [_spec(row) for row in rows]
    return [spec for spec in specs if spec is not None]

"""The model store's rows: register a version, read versions, change stages (with history), rollouts, routed calls.

Files live under ``$NONLA_HOME/models/custom`` (see artefacts.py); the rows say which files, with their sha256.
Every change writes an audit row in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from nonla.core.context import current_tenant
from nonla.core.errors import InvalidInput, NonlaError, NotFound
from nonla.core.events import Changed, utc_now
from nonla.core.times import stored_time
from nonla.custom import artefacts
from nonla.governance.audit import append
from nonla.store.db import session
from nonla.store.schema_custom import CustomModelVersion, CustomRollout, CustomRoutedCall, CustomStageChange

STAGES = ("draft", "staging", "production", "archived")
RISKS = ("minimal", "limited", "high")


@dataclass(frozen=True)
class Version:
    """A stored version as plain data (safe to keep after its session closes)."""

    name: str
    tenant: str
    version: int
    stage: str
    kind: str
    task: str
    owner: str
    intended_use: str
    risk: str
    data_digest: str
    metrics: dict[str, float]
    card: dict[str, Any]
    config: dict[str, Any]
    main_file: str
    files: dict[str, str]
    report: dict[str, Any] | None
    conformance: dict[str, Any] | None
    created_at: str
    created_by: str
    stage_changed_at: str

    @property
    def ref(self) -> str:
        return f"{artefacts.PREFIX}{self.name}@{self.version}"

    @property
    def folder(self) -> Path:
        return artefacts.version_dir(self.name, self.version, self.tenant)

    def view(self) -> dict[str, Any]:
        """What surfaces show (everything but the card's long text, which GET /v1/functions/NAME@N shows)."""
        return {
            "name": self.name, "ref": self.ref, "version": self.version, "stage": self.stage, "kind": self.kind,
            "task": self.task, "owner": self.owner, "intended_use": self.intended_use, "risk": self.risk,
            "data_digest": self.data_digest, "metrics": self.metrics, "files": self.files,
            "folder": str(self.folder), "report": self.report, "conformance": self.conformance,
            "created_at": self.created_at, "created_by": self.created_by, "stage_changed_at": self.stage_changed_at,
        }  # fmt: skip


def _plain(row: CustomModelVersion) -> Version:
    return Version(**{f: getattr(row, f) for f in Version.__dataclass_fields__})


def register(folder: Path, *, name: str, kind: str, task: str, main_file: str, config: dict[str, Any],
             card: dict[str, Any], metrics: dict[str, float], report: dict[str, Any] | None, owner: str = "",
             intended_use: str = "", risk: str = "limited", data_digest: str = "", actor: str = "local") -> Version:  # fmt: skip
    """Give the files in ``folder`` the next version number of ``name`` (stage draft) and move them into place."""
    name = artefacts.check_name(name)
    if risk not in RISKS:
        raise InvalidInput(f"Risk class '{risk}' is not one of {', '.join(RISKS)}.", field="risk")
    files = artefacts.digests(folder)
    if main_file not in files:
        raise InvalidInput(f"The model file {main_file} was not written.")
    try:
        _check_describable(name, kind, task, main_file, config, card, metrics, files, risk, intended_use)
        for attempt in range(3):
            try:
                return _insert(folder, name, files, dict(kind=kind, task=task, owner=owner or actor,
                               intended_use=intended_use, risk=risk, data_digest=data_digest, metrics=metrics,
                               card=card, config=config, main_file=main_file, report=report), actor)  # fmt: skip
            except IntegrityError:  # another process took this number at the same moment: take the next one
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")
    except BaseException:
        artefacts.discard(folder)
        raise


def _check_describable(name: str, kind: str, task: str, main_file: str, config: dict[str, Any], card: dict[str, Any],
                       metrics: dict[str, float], files: dict[str, str], risk: str, intended_use: str) -> None:
    """Build the version's function (card, input and output schemas) before it is stored: a version that cannot be
    described, stored, once made its model's production version and the whole function list fail."""
    from nonla.custom.specs import build_spec  # specs reads versions from here (circular import)

    draft = Version(name=name, tenant=current_tenant(), version=0, stage="draft", kind=kind, task=task, owner="",
                    intended_use=intended_use, risk=risk, data_digest="", metrics=metrics, card=card, config=config,
                    main_file=main_file, files=files, report=None, conformance=None, created_at="", created_by="",
                    stage_changed_at="")  # fmt: skip
    try:
        build_spec(draft)
    except NonlaError:
        raise
    except Exception as exc:  # pydantic's ValidationError of the card or the schemas, a field name it cannot take
        first = exc.errors()[0] if hasattr(exc, "errors") else {"loc": (), "msg": str(exc)}
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise InvalidInput(f"The model's description is not usable: {where + ': ' if where else ''}{first['msg']}.",
                           hint="Check the schema's fields, examples, languages and metrics.") from None  # fmt: skip


def _insert(folder: Path, name: str, files: dict[str, str], fields: dict[str, Any], actor: str) -> Version:
    now, tenant = utc_now(), current_tenant()
    with session(write=True) as s:
        # A name is each tenant's own: another tenant's model of the same name is neither seen nor extended.
        latest = s.scalar(select(func.max(CustomModelVersion.version)).where(CustomModelVersion.name == name,
                                                                            CustomModelVersion.tenant == tenant))  # fmt: skip
        version = (latest or 0) + 1
        row = CustomModelVersion(name=name, version=version, stage="draft", files=files, conformance=None,
                                 created_at=now, created_by=actor, stage_changed_at=now, tenant=tenant,
                                 **fields)  # fmt: skip
        s.add(row)
        s.add(CustomStageChange(tenant=tenant, name=name, version=version, from_stage="", to_stage="draft", at=now,
                                actor=actor))  # fmt: skip
        append(s, Changed(actor=actor, action="model.register", target=f"{artefacts.PREFIX}{name}@{version}",
                          detail={"kind": fields["kind"], "files": files, "metrics": fields["metrics"],
                                  "tenant": tenant}))  # fmt: skip
        s.flush()
        artefacts.move_into_place(folder, name, version)
        return _plain(row)


def _row(s: Session, name: str, version: int) -> CustomModelVersion:
    row = s.scalar(select(CustomModelVersion).where(CustomModelVersion.name == name, CustomModelVersion.version
                                                     == version, CustomModelVersion.tenant == current_tenant()))  # fmt: skip
    if row is None:
        raise NotFound(f"Model '{artefacts.PREFIX}{name}' has no version {version}.",
                       hint="List the versions with `nonla models show NAME` or GET /v1/models/NAME.")  # fmt: skip
    return row


def get(name: str, version: int) -> Version:
    with session() as s:
        return _plain(_row(s, artefacts.check_name(name), version))


def versions(name: str | None = None) -> list[Version]:
    query = (select(CustomModelVersion).where(CustomModelVersion.tenant == current_tenant())
             .order_by(CustomModelVersion.name, CustomModelVersion.version))  # fmt: skip
    if name is not None:
        query = query.where(CustomModelVersion.name == artefacts.check_name(name))
    with session() as s:
        return [_plain(row) for row in s.scalars(query)]


def require_versions(name: str) -> list[Version]:
    found = versions(name)
    if not found:
        raise NotFound(f"There is no model named '{artefacts.PREFIX}{artefacts.check_name(name)}'.",
                       hint="List the models with `nonla models list` or GET /v1/models.")  # fmt: skip
    return found


def state() -> tuple[list[tuple[str, int, str, str]], list[tuple[str, int, str, float]]]:
    """A cheap snapshot of the current tenant's (name, version, stage, main sha256) and rollouts: the serving
    cache's key."""
    with session() as s:
        rows = s.execute(select(CustomModelVersion.name, CustomModelVersion.version, CustomModelVersion.stage,
                                CustomModelVersion.files, CustomModelVersion.main_file)
                         .where(CustomModelVersion.tenant == current_tenant())).all()  # fmt: skip
        rollouts = s.execute(
            select(CustomRollout.name, CustomRollout.candidate, CustomRollout.mode, CustomRollout.percent)
            .where(CustomRollout.tenant == current_tenant())
        ).all()
    stored = sorted((n, v, st, files.get(main, "")) for n, v, st, files, main in rows)
    names = {n for n, *_ in stored}
    return stored, sorted((n, c, m, p) for n, c, m, p in rollouts if n in names)


def change_stage(s: Session, name: str, version: int, stage: str, actor: str, **detail: Any) -> None:
    """Move one version to ``stage`` inside the caller's transaction, with its history and audit rows."""
    row = _row(s, name, version)
    now = utc_now()
    s.add(CustomStageChange(tenant=row.tenant, name=name, version=version, from_stage=row.stage, to_stage=stage, at=now,
                            actor=actor))  # fmt: skip
    append(s, Changed(actor=actor, action="model.stage", target=f"{artefacts.PREFIX}{name}@{version}",
                      detail={"from": row.stage, "to": stage, **detail}))  # fmt: skip
    row.stage, row.stage_changed_at = stage, now


def save_checks(name: str, version: int, conformance: dict[str, Any]) -> None:
    with session(write=True) as s:
        _row(s, name, version).conformance = conformance


def production_history(s: Session, name: str) -> list[int]:
    """Versions in the order they became production (oldest first, repeats kept)."""
    query = (select(CustomStageChange.version).where(CustomStageChange.tenant == current_tenant(),
             CustomStageChange.name == name, CustomStageChange.to_stage == "production")
             .order_by(CustomStageChange.id))  # fmt: skip
    return list(s.scalars(query))


def rollout(name: str) -> CustomRollout | None:
    with session() as s:
        row = s.get(CustomRollout, (current_tenant(), name))
        if row is not None:
            s.expunge(row)
        return row


def log_calls(rows: list[dict[str, Any]]) -> None:
    """Store routed calls of the current tenant's model."""
    if rows:
        tenant = current_tenant()
        with session(write=True) as s:
            s.add_all(CustomRoutedCall(tenant=tenant, **row) for row in rows)


def routed_calls(name: str, since: str | None = None) -> list[CustomRoutedCall]:
    query = (select(CustomRoutedCall).where(CustomRoutedCall.tenant == current_tenant(), CustomRoutedCall.name == name)
             .order_by(CustomRoutedCall.id))  # fmt: skip
    if since:
        query = query.where(CustomRoutedCall.at >= stored_time(since, "since"))
    with session() as s:
        found = list(s.scalars(query))
        s.expunge_all()
        return found

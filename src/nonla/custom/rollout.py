"""Stages and rollout: promote (after conformance and with an evaluation report), roll back, archive, shadow,
canary, and the comparison report of a rollout.

Stages: draft → staging → production → archived. Promoting a version to production archives the one before it;
a production version never goes back to staging (roll back or promote another version instead). ``rollback`` walks
back the chain of production versions: it makes the version that was production before the current one production
again and archives the current one, which leaves the chain, so a second rollback goes further back and never
brings a rolled-back version back. A rollout runs one candidate beside the serving version; routing itself happens
in routing.py.
"""

from __future__ import annotations

import statistics
from typing import Any

from nonla.core.context import current_tenant
from nonla.core.errors import Conflict, InvalidInput, NotFound
from nonla.core.events import Changed, utc_now
from nonla.custom import artefacts, registry
from nonla.custom.conformance import check_version
from nonla.custom.errors import PromotionRefused
from nonla.governance.audit import append
from nonla.store.db import session
from nonla.store.schema_custom import CustomModelVersion, CustomRollout

PROMOTABLE = ("staging", "production")


def _ready(name: str, version: int, purpose: str) -> dict[str, Any]:
    """Refuse (409) unless the version has an evaluation report and passes conformance now."""
    found = registry.get(name, version)
    if not found.report or not found.metrics:
        raise PromotionRefused(f"{found.ref} has no evaluation report, so it cannot {purpose}.",
                               hint="Train it with `nonla train`, or import it with --metrics from your own "
                               "evaluation.", version=version)  # fmt: skip
    checks = check_version(found.name, version)
    if not checks["passed"]:
        failed = {k: v for k, v in checks["checks"].items() if v != "ok"}
        raise PromotionRefused(f"{found.ref} fails the conformance checks, so it cannot {purpose}: "
                               + "; ".join(f"{k} {v}" for k, v in failed.items()), checks=failed)  # fmt: skip
    return checks


def promote(name: str, version: int, stage: str = "production", actor: str = "local") -> dict[str, Any]:
    """Move custom.NAME@N to staging or production once it passes the checks.

    >>> promote("law_of_article", 2)["stage"]  # doctest: +SKIP
    'production'
    """
    name = artefacts.check_name(name)
    if stage not in PROMOTABLE:
        raise InvalidInput(f"Promote to one of {', '.join(PROMOTABLE)}, not '{stage}'.", field="stage")
    current = registry.get(name, version)
    if current.stage == stage:
        raise Conflict(f"{current.ref} is already in {stage}.")
    if current.stage == "production":  # only 'staging' is left: it would leave the name to an unchecked draft
        raise Conflict(f"{current.ref} is in production; it cannot go back to {stage}.",
                       hint=f"Roll back (nonla models rollback {name}) or promote another version to production "
                       f"(nonla models promote {name} N).", version=version)  # fmt: skip
    checks = _ready(name, version, f"go to {stage}")
    with session(write=True) as s:
        # The checks took seconds outside this transaction: the rules above held for the stage read then.
        _still(_stage_now(s, name, version), current.stage, current.ref)
        if stage == "production":
            for other in _in_stage(s, name, "production"):
                registry.change_stage(s, name, other, "archived", actor, reason=f"replaced by version {version}")
        registry.change_stage(s, name, version, stage, actor, conformance="passed")
        _end_rollout_of(s, name, version, actor)
    return {**registry.get(name, version).view(), "conformance": checks}


def _stage_now(s: Any, name: str, version: int) -> str:
    """The version's stage as stored now, inside a write transaction.

    Writers queue (BEGIN IMMEDIATE on SQLite, one advisory lock on PostgreSQL: nonla.store.db), so what this reads
    holds until the transaction commits; FOR UPDATE says so where the database knows it (SQLite ignores it).
    """
    from sqlalchemy import select

    query = select(CustomModelVersion.stage).where(CustomModelVersion.tenant == current_tenant(),
                                                   CustomModelVersion.name == name,
                                                   CustomModelVersion.version == version).with_for_update()  # fmt: skip
    stage = s.scalar(query)
    if stage is None:
        raise NotFound(f"Model '{artefacts.PREFIX}{name}' has no version {version}.")
    return str(stage)


def _still(now: Any, before: Any, what: str) -> None:
    """Refuse (409) to write when what a call checked changed while it ran its checks, rather than write over it."""
    if now != before:  # Conflict's hint: reload the current state and try again
        raise Conflict(f"{what} went from {before or 'none'} to {now or 'none'} while the checks ran, so this call "
                       "changed nothing.", before=before, now=now)  # fmt: skip


def _in_stage(s: Any, name: str, stage: str) -> list[int]:
    from sqlalchemy import select

    query = select(CustomModelVersion.version).where(CustomModelVersion.tenant == current_tenant(),
                                                     CustomModelVersion.name == name, CustomModelVersion.stage == stage)  # fmt: skip
    return list(s.scalars(query))


def production_chain(history: list[int]) -> list[int]:
    """The versions a rollback can go back through, oldest first, from the order versions became production.

    A version that becomes production again (by a rollback, or promoted by hand) ends the chain there: the versions
    after it were rolled back, and are never gone back to.

    >>> production_chain([1, 2, 3]), production_chain([1, 2, 1]), production_chain([1, 2, 1, 3])
    ([1, 2, 3], [1], [1, 3])
    """
    chain: list[int] = []
    for version in history:
        if version in chain:
            del chain[chain.index(version) + 1 :]
        else:
            chain.append(version)
    return chain


def rollback(name: str, actor: str = "local") -> dict[str, Any]:
    """Make the version that was production before the current one production again, and archive the current one.

    Each rollback goes one step further back; a version rolled back is never brought back by another rollback (a
    second click or a retry does not serve it again). With nothing earlier to go back to, 409 conflict.
    """
    name = artefacts.check_name(name)
    registry.require_versions(name)
    with session(write=True) as s:
        current = _in_stage(s, name, "production")
        if not current:
            raise Conflict(f"custom.{name} has no production version to roll back.",
                           hint=f"Promote a version instead: nonla models promote {name} N.")  # fmt: skip
        earlier = production_chain(registry.production_history(s, name))
        while earlier and earlier[-1] in current:
            earlier.pop()
        if not earlier:
            raise Conflict(f"custom.{name} has no earlier production version to roll back to from version "
                           f"{current[-1]} (a version that was rolled back is never brought back).",
                           hint=f"Promote the version you want by hand: nonla models promote {name} N.")  # fmt: skip
        previous = earlier[-1]
        for version in current:
            registry.change_stage(s, name, version, "archived", actor, reason="rolled back")
        registry.change_stage(s, name, previous, "production", actor, reason=f"rollback from version {current[0]}")
        _end_rollout_of(s, name, None, actor)
    return registry.get(name, previous).view()


def archive(name: str, version: int, actor: str = "local") -> dict[str, Any]:
    name = artefacts.check_name(name)
    ref = registry.get(name, version).ref  # 404 for a version that does not exist
    with session(write=True) as s:
        # Nothing slow comes first, so the rules are checked on the stage as stored in this transaction.
        stage = _stage_now(s, name, version)
        if stage == "production":
            raise Conflict(f"{ref} is in production; promote another version or roll back first.")
        if stage == "archived":
            raise Conflict(f"{ref} is already archived.")
        registry.change_stage(s, name, version, "archived", actor)
        _end_rollout_of(s, name, version, actor)
    return registry.get(name, version).view()


def _end_rollout_of(s: Any, name: str, version: int | None, actor: str) -> None:
    """Stop the rollout of ``name`` when its candidate is ``version`` (None: whatever the candidate)."""
    row = s.get(CustomRollout, (current_tenant(), name))
    if row is not None and (version is None or row.candidate == version):
        append(s, Changed(actor=actor, action="model.rollout.stop", target=f"custom.{name}",
                          detail={"candidate": row.candidate, "mode": row.mode}))  # fmt: skip
        s.delete(row)


def _serving_or_none(name: str) -> registry.Version | None:
    from nonla.custom.specs import serving_version

    found = registry.require_versions(name)
    serving = serving_version([(v.version, v.stage, "") for v in found])
    return None if serving is None else next(v for v in found if v.version == serving[0])


def _serving_in(s: Any, name: str) -> int | None:
    """The version serving ``name`` as stored now, inside the caller's transaction."""
    from sqlalchemy import select

    from nonla.custom.specs import serving_version

    query = (select(CustomModelVersion.version, CustomModelVersion.stage)
             .where(CustomModelVersion.tenant == current_tenant(), CustomModelVersion.name == name)
             .order_by(CustomModelVersion.version))  # fmt: skip
    serving = serving_version([(version, stage, "") for version, stage in s.execute(query)])
    return None if serving is None else serving[0]


def _serving(name: str) -> registry.Version:
    serving = _serving_or_none(name)
    if serving is None:
        raise Conflict(f"custom.{name} has no version that serves calls (all are archived).",
                       hint=f"Promote a version first: nonla models promote {name} N.")  # fmt: skip
    return serving


def _start(name: str, version: int, mode: str, percent: float, actor: str) -> dict[str, Any]:
    name = artefacts.check_name(name)
    candidate, serving = registry.get(name, version), _serving(name)
    if candidate.version == serving.version:
        raise Conflict(f"{candidate.ref} already answers every call; choose another version as the candidate.")
    if candidate.stage == "archived":
        raise Conflict(f"{candidate.ref} is archived.")
    if (candidate.task, candidate.config["fields"]) != (serving.task, serving.config["fields"]):
        raise Conflict(f"{candidate.ref} takes other inputs or gives another kind of output than {serving.ref}.")
    if mode == "canary":
        _ready(name, version, "answer canary calls")
    with session(write=True) as s:
        # The checks above (seconds for a canary) ran outside this transaction: they held for the stages read then.
        _still(_stage_now(s, name, version), candidate.stage, candidate.ref)
        _still(_serving_in(s, name), serving.version, f"The version serving custom.{name}")
        row = s.get(CustomRollout, (current_tenant(), name))
        if row is None:
            row = CustomRollout(tenant=current_tenant(), name=name)
            s.add(row)
        row.candidate, row.mode, row.percent = version, mode, percent
        row.started_at, row.started_by = utc_now(), actor
        append(s, Changed(actor=actor, action=f"model.rollout.{mode}", target=f"custom.{name}",
                          detail={"candidate": version, "serving": serving.version, "percent": percent}))  # fmt: skip
    return rollout_view(name)


def shadow(name: str, version: int, actor: str = "local") -> dict[str, Any]:
    """Run custom.NAME@N beside the serving version on every call; its answers are logged, never returned."""
    return _start(name, version, "shadow", 100.0, actor)


def canary(name: str, version: int, percent: float, actor: str = "local") -> dict[str, Any]:
    """Let custom.NAME@N answer ``percent`` % of calls (chosen by a hash of the input)."""
    if not 0 < percent < 100:
        raise InvalidInput("The canary share must be more than 0 and less than 100 percent.", field="percent")
    return _start(name, version, "canary", float(percent), actor)


def stop_rollout(name: str, actor: str = "local") -> dict[str, Any]:
    name = artefacts.check_name(name)
    registry.require_versions(name)  # another tenant's model does not exist for this one
    with session(write=True) as s:
        if s.get(CustomRollout, (current_tenant(), name)) is None:
            raise Conflict(f"custom.{name} has no shadow or canary running.")
        _end_rollout_of(s, name, None, actor)
    return rollout_view(name)


def rollout_view(name: str) -> dict[str, Any]:
    """Which version answers the name (None, with stage None, when every version is archived) and any rollout."""
    row = registry.rollout(name)
    serving = _serving_or_none(name)
    body: dict[str, Any] = {"name": name, "serving": serving.version if serving else None,
                            "serving_stage": serving.stage if serving else None}  # fmt: skip
    if row is not None:
        body.update(candidate=row.candidate, mode=row.mode, percent=row.percent, started_at=row.started_at)
    return body


def report(name: str, since: str | None = None) -> dict[str, Any]:
    """Calls, agreement and latency per version, from the calls routed while rollouts ran (a shadow's calls once it
    has run: it runs in the background)."""
    name = artefacts.check_name(name)
    registry.require_versions(name)
    calls = registry.routed_calls(name, since)
    versions: dict[int, dict[str, list[float]]] = {}
    for call in calls:
        versions.setdefault(call.served, {"served": [], "ran": []})["served"].append(call.served_ms)
        if call.compared is not None and call.compared_ms is not None:
            versions.setdefault(call.compared, {"served": [], "ran": []})["ran"].append(call.compared_ms)
    compared = [c for c in calls if c.agree is not None]
    per_version = {
        str(v): {"calls_answered": len(t["served"]), "calls_run_beside": len(t["ran"]),
                 "mean_ms": round(statistics.fmean(t["served"] + t["ran"]), 3),
                 "p95_ms": round(_p95(t["served"] + t["ran"]), 3)}
        for v, t in sorted(versions.items())
    }  # fmt: skip
    return {
        **rollout_view(name),
        "calls": len(calls),
        "compared": len(compared),
        "agreement": round(sum(bool(c.agree) for c in compared) / len(compared), 4) if compared else None,
        "by_mode": {m: sum(c.mode == m for c in calls) for m in sorted({c.mode for c in calls})},
        # shadow calls not run because every shadow thread was busy (routing.py): production answered them alone
        "shadow_skipped": sum(c.mode == "shadow" and c.compared is None for c in calls),
        "versions": per_version,
    }


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] if ordered else 0.0


def list_models() -> list[dict[str, Any]]:
    from nonla.custom.specs import serving_version

    by_name: dict[str, list[registry.Version]] = {}
    for version in registry.versions():
        by_name.setdefault(version.name, []).append(version)
    out = []
    for name, found in by_name.items():
        serving = serving_version([(v.version, v.stage, "") for v in found])
        row = registry.rollout(name)
        out.append({
            "name": name, "ref": f"custom.{name}", "kind": found[-1].kind, "task": found[-1].task,
            "serving": serving[0] if serving else None,
            "versions": [{"version": v.version, "stage": v.stage, "metrics": v.metrics} for v in found],
            "rollout": {"candidate": row.candidate, "mode": row.mode, "percent": row.percent} if row else None,
        })  # fmt: skip
    return out


def show(name: str, version: int | None = None) -> dict[str, Any]:
    name = artefacts.check_name(name)
    if version is not None:
        return registry.get(name, version).view()
    found = registry.require_versions(name)
    return {**rollout_view(name), "versions": [v.view() for v in found]}

"""Retention: how long each tenant keeps each kind of stored personal data, and the purge that enforces it.

Kinds: ``inbox`` (messages, with their history, by the time they arrived), ``review`` (review items, by the time they
were queued; a pending item that an inbox message still waits on stays until it is decided or the message is purged,
as a running job does: purging it would leave the message held with nothing to release it), ``examples`` (training examples made from corrections) and ``jobs`` (batch jobs no longer queued or
running, by their last change, with the inputs and results the server keeps for them: a job run over a collection
keeps its documents' text in its results even after the documents, or a data subject, are erased). The audit log is never purged: it holds
digests, not content, and its chain is the record of what happened. The server purges at start and every hour;
``purge(now=...)`` takes a fixed time so that tests and ``nonla governance retention purge`` decide the same way.

>>> cutoff(datetime(2026, 11, 22, tzinfo=UTC), 30)
'2026-10-23T00:00:00.000000Z'
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from nonla.core.background import Periodic, for_app_lifetime
from nonla.core.context import check_tenant
from nonla.core.errors import InvalidInput
from nonla.core.events import Changed, utc_now
from nonla.governance.audit import append
from nonla.store.db import session
from nonla.store.schema import InboxEvent, InboxMessage, ReviewItem, TrainingExample
from nonla.store.schema_governance import RetentionPolicy

KINDS = ("inbox", "review", "examples", "jobs")
LIVE_JOBS = ("queued", "running")  # never purged: a purge must not pull files from under a running job
MAX_DAYS = 36_500
PURGE_EVERY_SECONDS = 3600.0


def cutoff(now: datetime, days: int) -> str:
    """Rows stored before this time are older than ``days``."""
    return (now - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _view(row: RetentionPolicy) -> dict[str, Any]:
    return {"tenant": row.tenant, "kind": row.kind, "max_age_days": row.max_age_days, "updated_by": row.updated_by,
            "updated_at": row.updated_at}  # fmt: skip


def set_policy(
    kind: str, max_age_days: int | None, tenant: str = "default", actor: str = "local"
) -> dict[str, Any] | None:
    """Keep the tenant's ``kind`` data ``max_age_days``; None removes the policy (keep until erased). Audited."""
    check_tenant(tenant)
    if kind not in KINDS:
        raise InvalidInput(f"Unknown kind of data '{kind}'.", hint=f"Use one of: {', '.join(KINDS)} (audit is kept).")
    if max_age_days is not None and (isinstance(max_age_days, bool) or not 1 <= int(max_age_days) <= MAX_DAYS):
        raise InvalidInput(f"max_age_days must be between 1 and {MAX_DAYS:,}.", field="max_age_days")
    with session(write=True) as s:
        row = s.scalar(select(RetentionPolicy).where(RetentionPolicy.tenant == tenant, RetentionPolicy.kind == kind))
        if max_age_days is None:
            if row is not None:
                s.delete(row)
                append(s, Changed(actor=actor, action="retention.remove", target=kind, detail={"tenant": tenant}))
            return None
        if row is None:
            row = RetentionPolicy(tenant=tenant, kind=kind)
            s.add(row)
        row.max_age_days, row.updated_by, row.updated_at = int(max_age_days), actor[:64], utc_now()
        append(s, Changed(actor=actor, action="retention.set", target=kind,
                          detail={"tenant": tenant, "max_age_days": row.max_age_days}))  # fmt: skip
        return _view(row)


def policies(tenant: str | None = "default") -> list[dict[str, Any]]:
    """The tenant's policies (every tenant's with None)."""
    with session() as s:
        query = select(RetentionPolicy).order_by(RetentionPolicy.tenant, RetentionPolicy.kind)
        if tenant is not None:
            query = query.where(RetentionPolicy.tenant == tenant)
        return [_view(row) for row in s.scalars(query)]


def _purge_jobs(s: Any, tenant: str, before: str, files: list[tuple[set[str], list[str]]]) -> dict[str, int]:
    """Delete the records of old finished jobs; their files go once the deletion committed (``files``)."""
    from nonla.jobs.service import kept_files
    from nonla.store.schema_jobs import Job

    jobs = list(s.scalars(select(Job).where(Job.tenant == tenant, Job.status.not_in(LIVE_JOBS),
                                            Job.updated_at < before)))  # fmt: skip
    if not jobs:
        return {}
    kept: set[str] = set().union(*(kept_files(job) for job in jobs))
    s.execute(delete(Job).where(Job.id.in_([job.id for job in jobs])))
    files.append((kept, [job.id for job in jobs]))
    return {"jobs": len(jobs), "job_files": sum(1 for path in kept if Path(path).is_file())}


def _purge_one(s: Any, tenant: str, kind: str, before: str, files: list[tuple[set[str], list[str]]]) -> dict[str, int]:
    if kind == "jobs":
        return _purge_jobs(s, tenant, before, files)
    if kind == "inbox":
        ids = list(s.scalars(select(InboxMessage.id).where(InboxMessage.tenant == tenant,
                                                           InboxMessage.received_at < before)))  # fmt: skip
        if not ids:
            return {}
        history = s.execute(delete(InboxEvent).where(InboxEvent.message_id.in_(ids))).rowcount or 0
        s.execute(delete(InboxMessage).where(InboxMessage.id.in_(ids)))
        return {"inbox_messages": len(ids), "inbox_history": history}
    if kind == "review":
        waited_on = select(InboxMessage.review_id).where(InboxMessage.tenant == tenant,
                                                         InboxMessage.review_status == "pending",
                                                         InboxMessage.review_id.is_not(None))  # fmt: skip
        gone = s.execute(delete(ReviewItem).where(ReviewItem.tenant == tenant, ReviewItem.created_at < before,
                                                  ReviewItem.id.not_in(waited_on))).rowcount  # fmt: skip
        return {"review_items": gone} if gone else {}
    gone = s.execute(delete(TrainingExample).where(TrainingExample.tenant == tenant,
                                                   TrainingExample.created_at < before)).rowcount  # fmt: skip
    return {"training_examples": gone} if gone else {}


def purge(
    now: datetime | None = None, tenant: str | None = None, actor: str = "system:retention"
) -> list[dict[str, Any]]:
    """Delete what every policy (or one tenant's) says is too old at ``now``; one transaction and one audit row per
    policy that deleted something. Returns what went, per policy."""
    moment = now or datetime.now(UTC)
    done = []
    for policy in policies(tenant):
        before = cutoff(moment, policy["max_age_days"])
        files: list[tuple[set[str], list[str]]] = []
        with session(write=True) as s:
            counts = _purge_one(s, policy["tenant"], policy["kind"], before, files)
            if counts:
                append(s, Changed(actor=actor, action="retention.purge", target=policy["kind"],
                                  detail={"tenant": policy["tenant"], "before": before, "counts": counts}))  # fmt: skip
        if files:
            from nonla.jobs.service import remove_files

            for paths, job_ids in files:
                remove_files(paths, job_ids)
        done.append({"tenant": policy["tenant"], "kind": policy["kind"], "before": before, "deleted": counts})
    return done


def purge_and_prune() -> None:
    """One round of the server's hourly clean-up: the retention purge, then the finished rate-limit windows."""
    from nonla.governance.quotas import prune

    purge()
    prune()


def purger(every: float = PURGE_EVERY_SECONDS) -> Periodic:
    """A daemon thread that purges at start and then every ``every`` seconds until closed."""
    return Periodic("nonla-retention", every, purge_and_prune, at_start=True)


def install(app: Any, every: float = PURGE_EVERY_SECONDS) -> None:
    """Run a ``purger`` for the app's lifetime (as ``app.state.retention``), around the app's own lifespan."""
    for_app_lifetime(app, "retention", lambda _: purger(every).start())

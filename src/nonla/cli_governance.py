"""`nonla governance ...`, `nonla subjects ...`, `nonla incidents ...`: responsible AI from the command line.

The CLI acts on the local store as the installation's operator (``local:<user>`` in the audit log); ``--tenant`` picks
the agency. Heavy modules are imported inside the commands so `nonla --help` stays fast.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from nonla.cli_errors import shown, tenant_id

governance_app = typer.Typer(help="Risk register, impact reports, retention, quotas, oversight exceptions.",
                             no_args_is_help=True)  # fmt: skip
retention_app = typer.Typer(help="How long each kind of personal data is kept, and the purge.", no_args_is_help=True)
exception_app = typer.Typer(help="Exceptions to always reviewing high-risk functions.", no_args_is_help=True)
governance_app.add_typer(retention_app, name="retention")
governance_app.add_typer(exception_app, name="exception")
tenant_quota_app = typer.Typer(help="An agency's limits over all its keys together (only the installation sets them).",
                               no_args_is_help=True)  # fmt: skip
governance_app.add_typer(tenant_quota_app, name="tenant-quota")
subjects_app = typer.Typer(help="Data-subject requests: export or erase everything stored about a person.",
                           no_args_is_help=True)  # fmt: skip
incidents_app = typer.Typer(help="Incidents, breaches (72-hour notification) and suspended functions.",
                            no_args_is_help=True)  # fmt: skip

TENANT = typer.Option("default", "--tenant", help="The agency (tenant) concerned.", callback=tenant_id)


def _actor() -> str:
    from nonla.local import local_actor

    return local_actor()


def _print_json(body: Any) -> None:
    from rich.console import Console

    Console(soft_wrap=True).print_json(json.dumps(body, ensure_ascii=False, default=str))


def _table(columns: list[str], rows: list[list[Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(*columns)
    for row in rows:
        table.add_row(*(shown(value) for value in row))  # stored text: shown, never obeyed by the terminal
    Console().print(table)


@governance_app.command("register")
def register_cmd(tenant: str = TENANT, as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Every function and custom model with its risk class, intended use and human-oversight rule."""
    from nonla.governance.register import register

    rows = register(tenant)
    if as_json:
        _print_json(rows)
        return
    _table(["function", "risk", "oversight", "intended use"],
           [[r["function"], r["risk"], r["oversight"], r["intended_use"][:80]] for r in rows])  # fmt: skip


@governance_app.command("report")
def report_cmd(
    name: str,
    out: Path = typer.Option(Path("."), "--out", help="Folder for NAME-impact.md and NAME-impact.pdf."),
    tenant: str = TENANT,
) -> None:
    """Write a function's impact assessment (Markdown and PDF); the folder is made if missing."""
    from nonla.core.errors import InvalidInput
    from nonla.governance.report import write

    if out.exists() and not out.is_dir():
        raise InvalidInput(f"--out must be a folder; '{out}' is a file.",
                           hint="Give a folder (made if missing): the report is written as NAME-impact.md and "
                           "NAME-impact.pdf inside it.")  # fmt: skip
    _print_json(write(name, out, tenant))


@governance_app.command("quota")
def quota_cmd(
    key_id: str,
    per_minute: int | None = typer.Option(None, "--per-minute", help="Requests a minute (empty: no limit)."),
    per_day: int | None = typer.Option(None, "--per-day", help="Requests a UTC day (empty: no limit)."),
) -> None:
    """Set a key's rate limit and daily quota as the installation (with neither option, its limits are removed):
    the key's agency cannot lift them."""
    from nonla.governance.quotas import set_quota

    _print_json(set_quota(key_id, per_minute, per_day, actor=_actor()))


@governance_app.command("quotas")
def quotas_cmd(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Every key's limits, and who set them (the installation, or the key's agency)."""
    from nonla.governance.quotas import quotas

    rows = quotas()
    if as_json:
        _print_json(rows)
        return
    _table(["key", "per minute", "per day", "set by", "updated by", "updated"],
           [[q["key_id"], q["per_minute"], q["per_day"], q["set_by"], q["updated_by"], q["updated_at"]]
            for q in rows])  # fmt: skip


@tenant_quota_app.command("set")
def tenant_quota_set(
    tenant: str,
    per_minute: int | None = typer.Option(None, "--per-minute", help="Requests a minute, all keys together."),
    per_day: int | None = typer.Option(None, "--per-day", help="Requests a UTC day, all keys together."),
) -> None:
    """Limit an agency's requests over all its keys together (an option left out sets no limit of that kind).

    The agency's admins can read the limit but not change it; `clear` lifts it."""
    from nonla.core.errors import InvalidInput
    from nonla.governance.tenant_quotas import set_tenant_quota

    if per_minute is None and per_day is None:
        raise InvalidInput("Give --per-minute, --per-day or both.",
                           hint=f"To lift the agency's limits: nonla governance tenant-quota clear {tenant}")  # fmt: skip
    _print_json(set_tenant_quota(tenant, per_minute, per_day, actor=_actor()))


@tenant_quota_app.command("show")
def tenant_quota_show(
    tenant: str | None = typer.Argument(None, help="The agency; left out, every agency with limits."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """An agency's limits and the requests its keys made this minute and today (UTC), or every agency's limits."""
    from nonla.governance.tenant_quotas import tenant_quota, tenant_quotas

    rows = tenant_quotas() if tenant is None else [tenant_quota(tenant)]
    if as_json:
        _print_json(rows if tenant is None else rows[0])
        return
    _table(["agency", "per minute", "per day", "used this minute", "used today", "updated by", "updated"],
           [[q["tenant"], q["per_minute"], q["per_day"], q.get("used_this_minute", ""), q.get("used_today", ""),
             q.get("updated_by"), q.get("updated_at")] for q in rows])  # fmt: skip


@tenant_quota_app.command("clear")
def tenant_quota_clear(tenant: str) -> None:
    """Lift an agency's limits over all its keys (each key keeps its own)."""
    from nonla.governance.tenant_quotas import clear_tenant_quota

    _print_json(clear_tenant_quota(tenant, actor=_actor()))


@exception_app.command("add")
def exception_add(function: str, reason: str = typer.Option(..., "--reason"), tenant: str = TENANT) -> None:
    """Record that a high-risk function's results need not all be reviewed in this tenant."""
    from nonla.governance.register import set_exception

    _print_json(set_exception(function, reason, tenant, _actor()))


@exception_app.command("remove")
def exception_remove(function: str, tenant: str = TENANT) -> None:
    """Remove an exception: the function's results go to review again."""
    from nonla.governance.register import remove_exception

    remove_exception(function, tenant, _actor())
    _print_json({"function": function, "removed": True})


@retention_app.command("set")
def retention_set(
    kind: str = typer.Argument(..., help="inbox, review, examples or jobs (the audit log is always kept)."),
    max_age_days: int | None = typer.Argument(None, help="Days to keep; leave out to remove the policy."),
    tenant: str = TENANT,
) -> None:
    """Keep the tenant's KIND data at most MAX_AGE_DAYS days."""
    from nonla.governance.retention import set_policy

    policy = set_policy(kind, max_age_days, tenant, _actor())
    _print_json(policy if policy is not None else {"kind": kind, "removed": True})


@retention_app.command("list")
def retention_list(tenant: str = TENANT) -> None:
    """The tenant's retention policies."""
    from nonla.governance.retention import policies

    _table(["kind", "max age (days)", "updated by", "updated"],
           [[p["kind"], p["max_age_days"], p["updated_by"], p["updated_at"]] for p in policies(tenant)])  # fmt: skip


@retention_app.command("purge")
def retention_purge(
    all_tenants: bool = typer.Option(False, "--all-tenants", help="Purge under every tenant's policies."),
    tenant: str = TENANT,
) -> None:
    """Delete now what the retention policies say is too old (the server also does this every hour)."""
    from nonla.governance.retention import purge

    _print_json(purge(tenant=None if all_tenants else tenant, actor=_actor()))


@subjects_app.command("export")
def subjects_export(
    subject_id: str,
    out: Path | None = typer.Option(None, "--out", help="Write the JSON document to this file."),
    tenant: str = TENANT,
) -> None:
    """Everything stored about a data subject, as one JSON document (a file appears whole, or not at all)."""
    from nonla.cli_files import output_file
    from nonla.governance.subjects import export

    document = export(subject_id, tenant, _actor())
    if out is None:
        _print_json(document)
        return
    with output_file(out) as handle:
        handle.write(json.dumps(document, ensure_ascii=False, indent=2, default=str))
    typer.echo(shown(f"Wrote {out}", markup=False))


@subjects_app.command("erase")
def subjects_erase(
    subject_id: str,
    yes: bool = typer.Option(False, "--yes", help="Confirm: the data cannot be recovered."),
    tenant: str = TENANT,
) -> None:
    """Erase everything stored about a data subject (audited with counts, never content)."""
    from nonla.core.errors import InvalidInput
    from nonla.governance.subjects import erase

    if not yes:
        raise InvalidInput(
            "Erasure cannot be undone.", hint=f"Run again with --yes: nonla subjects erase {subject_id} --yes"
        )
    _print_json(erase(subject_id, tenant, _actor()))


@incidents_app.command("record")
def incidents_record(
    target: str = typer.Argument(..., help="Function or model: name or name@version."),
    severity: str = typer.Option(..., "--severity", help="low, medium, high or critical."),
    description: str = typer.Option(..., "--description", help="What happened."),
    breach: bool = typer.Option(False, "--breach", help="A personal-data breach: starts the 72-hour clock."),
    detected_at: str | None = typer.Option(None, "--detected-at", help="When it was detected (ISO time)."),
    suspend: bool = typer.Option(False, "--suspend", help="Also suspend the target on every surface."),
    tenant: str = TENANT,
) -> None:
    """Record an incident (or a breach) against a function or model."""
    from nonla.governance import incidents

    found = incidents.record(target, severity, description, kind="breach" if breach else "incident",
                             detected_at=detected_at, tenant=tenant, actor=_actor())  # fmt: skip
    if suspend:
        found["suspension"] = incidents.suspend(target, description, incident_id=found["id"], tenant=tenant,
                                                actor=_actor())  # fmt: skip
    _print_json(found)


@incidents_app.command("list")
def incidents_list(
    breaches: bool = typer.Option(False, "--breaches", help="Only breaches."),
    open_only: bool = typer.Option(False, "--open", help="Only open ones."),
    tenant: str = TENANT,
) -> None:
    """Incidents and breaches, newest first (breaches show their notification deadline)."""
    from nonla.governance.incidents import incidents

    rows = incidents(tenant, "breach" if breaches else None, open_only)
    _table(["id", "kind", "target", "severity", "status", "detected", "notify by", "overdue"],
           [[i["id"], i["kind"], i["target"], i["severity"], i["status"], i["detected_at"], i.get("notify_by"),
             "OVERDUE" if i.get("overdue") else ""] for i in rows])  # fmt: skip


@incidents_app.command("close")
def incidents_close(incident_id: int, tenant: str = TENANT) -> None:
    from nonla.governance.incidents import close

    _print_json(close(incident_id, tenant=tenant, actor=_actor()))


@incidents_app.command("notified")
def incidents_notified(
    incident_id: int, at: str | None = typer.Option(None, "--at", help="When (ISO time); now when left out."),
    tenant: str = TENANT,
) -> None:  # fmt: skip
    """Record that the authority was notified of a breach."""
    from nonla.governance.incidents import notified

    _print_json(notified(incident_id, at=at, tenant=tenant, actor=_actor()))


@incidents_app.command("suspend")
def incidents_suspend(
    target: str, reason: str = typer.Option(..., "--reason"), incident: int | None = typer.Option(None, "--incident"),
    tenant: str = TENANT,
) -> None:  # fmt: skip
    """Refuse every call of a function (name: all versions, name@version: one) on every surface: a built-in
    function for every agency, a custom model or pipeline for the --tenant that owns it."""
    from nonla.governance.incidents import suspend

    _print_json(suspend(target, reason, incident_id=incident, tenant=tenant, actor=_actor()))


@incidents_app.command("resume")
def incidents_resume(target: str, tenant: str = TENANT) -> None:
    """Lift a suspension."""
    from nonla.governance.incidents import resume

    _print_json(resume(target, tenant=tenant, actor=_actor()))


@incidents_app.command("suspended")
def incidents_suspended() -> None:
    """Functions suspended now."""
    from nonla.governance.incidents import suspensions

    _table(["target", "reason", "incident", "by", "since"],  # an agency's own model shows as agency:name
           [[f"{s['tenant']}:{s['target']}" if s["tenant"] else s["target"], s["reason"], s["incident_id"],
             s["suspended_by"], s["suspended_at"]] for s in suspensions()])  # fmt: skip

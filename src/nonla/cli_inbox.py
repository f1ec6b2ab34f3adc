"""`nonla inbox ...`: citizens' messages: submit (one, or a CSV/JSONL file with a progress bar), list, show, assign,
answer, close, and statistics.

Heavy modules are imported inside the commands so `nonla --help` stays fast.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import typer

from nonla.cli_errors import STORE_INT_MAX, shown, shown_json

inbox_app = typer.Typer(
    help="The feedback inbox: citizens' messages, triaged on arrival; assign, answer, close; statistics.",
    no_args_is_help=True,
)

TENANT = typer.Option("default", "--tenant", help="The agency whose inbox this is.")
NOTE = typer.Option(None, "--note", help="Why (kept in the message's history).")


def _console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, soft_wrap=True)


def _print_json(body: Any) -> None:
    from rich.highlighter import JSONHighlighter

    # not print_json, which reads the JSON back and writes the characters shown_json escaped as they were
    _console().print(JSONHighlighter()(shown_json(body, indent=2)))  # a citizen's text: shown, never obeyed


def _read(path: Path) -> list[dict[str, Any]]:
    from nonla.inbox.files import read_csv, read_jsonl

    return read_jsonl(path) if path.suffix.lower() in (".jsonl", ".ndjson") else read_csv(path)


def submit_file(path: Path, tenant: str, actor: str, quiet: bool = False) -> list[dict[str, Any]]:
    """Submit every message of a CSV or JSONL file with a progress bar on stderr; messages already in are skipped."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from nonla.inbox import submit_many

    messages = _read(path)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=_console(stderr=True), disable=quiet) as bar:  # fmt: skip
        task = bar.add_task(f"inbox ← {path.name}", total=len(messages))
        return submit_many(messages, tenant, actor, progress=lambda done, total: bar.update(task, completed=done))


@inbox_app.command("submit")
def submit(
    path: Path | None = typer.Argument(None, help="CSV (text[,channel,received_at,id]) or JSONL file of messages."),
    text: str | None = typer.Option(None, "--text", "-t", help="One message's text (instead of a file)."),
    channel: str = typer.Option("portal", help="app, hotline, portal or email (for --text)."),
    received_at: str | None = typer.Option(None, "--received-at", help="ISO date or date-time (for --text)."),
    message_id: str | None = typer.Option(None, "--id", help="The sender's id (for --text)."),
    tenant: str = TENANT,
) -> None:
    """Triage and store messages: one with --text, or every row of a file with a progress bar."""
    from nonla.core.errors import InvalidInput
    from nonla.local import local_actor

    if (path is None) == (text is None):
        raise InvalidInput("Give a file or --text, not both and not neither.",
                           hint="nonla inbox submit messages.csv   or   nonla inbox submit --text '...'")  # fmt: skip
    if text is not None:
        from nonla import inbox

        fields = {"channel": channel, "received_at": received_at, "id": message_id}
        message = inbox.submit(text, tenant=tenant, **{k: v for k, v in fields.items() if v is not None})
        _print_json(message)
        return
    assert path is not None
    results = submit_file(path, tenant, local_actor())
    created = sum(bool(r.get("created")) for r in results)
    failed = [r for r in results if "error" in r]
    held = sum(bool(r.get("created")) and r.get("status") == "awaiting_review" for r in results)
    _console(stderr=True).print(
        f"{created} messages stored ({held} held for review), {len(results) - created - len(failed)} already in "
        f"the inbox, {len(failed)} failed."
    )
    for failure in failed[:20]:
        _console(stderr=True).print(f"[yellow]row {failure['index'] + 1}:[/] {shown(failure['error']['message'])}")
    if failed and not created and len(failed) == len(results):
        raise typer.Exit(2)


@inbox_app.command("list")
def list_messages(
    status: str | None = typer.Option(None, help="new, awaiting_review, assigned, answered or closed."),
    category: str | None = typer.Option(None),
    department: str | None = typer.Option(None),
    ward: str | None = typer.Option(None, help="Official 2025 name, e.g. 'Phường Sài Gòn'."),
    province: str | None = typer.Option(None),
    overdue: bool | None = typer.Option(None, "--overdue/--not-overdue", help="Deadline passed and not answered."),
    duplicate_group: str | None = typer.Option(None, "--duplicate-group"),
    received_from: str | None = typer.Option(None, "--from", help="First day, YYYY-MM-DD."),
    received_to: str | None = typer.Option(None, "--to", help="Last day, inclusive."),
    limit: int = typer.Option(50, min=1, max=1000, help="At most this many (1 to 1,000)."),
    offset: int = typer.Option(0, min=0, max=STORE_INT_MAX, help="Skip this many (paging)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    tenant: str = TENANT,
) -> None:
    """List messages, newest first."""
    from rich.table import Table

    from nonla import inbox

    page = inbox.messages(tenant, limit, offset, status=status, category=category, department=department, ward=ward,
                          province=province, overdue=overdue, duplicate_group=duplicate_group,
                          received_from=received_from, received_to=received_to)  # fmt: skip
    if as_json:
        _print_json(page)
        return
    table = Table("id", "received", "status", "category", "department", "urgency", "ward", "deadline", "text",
                  title=f"{page['total']} messages", title_justify="left")  # fmt: skip
    for m in page["messages"]:  # a citizen's text, stored as sent: shown, never obeyed by the terminal
        deadline = f"[red]{shown(m['deadline'])}[/]" if m["overdue"] else shown(m["deadline"])
        table.add_row(shown(m["id"]), shown(m["received_on"]), shown(m["status"]), shown(m["category"]),
                      shown(m["department"]), shown(m["urgency"]), shown(m["ward"]), deadline,
                      shown(m["text"][:60]))  # fmt: skip
    _console().print(table)


@inbox_app.command("show")
def show(
    message_id: int,
    personal: bool = typer.Option(False, "--personal", help="Add the original text and the contact."),
    tenant: str = TENANT,
) -> None:
    """Show one message with its triage and history."""
    from nonla import inbox

    _print_json({**inbox.get(message_id, tenant, personal), "history": inbox.history(message_id, tenant)})


@inbox_app.command("triage")
def triage(
    message_id: int,
    accept: bool = typer.Option(False, "--accept", help="The triage is right as it is."),
    category: str | None = typer.Option(None, "--category", "-c", help="The right category key."),
    urgency: str | None = typer.Option(None, "--urgency", "-u", help="high, normal or low."),
    department: str | None = typer.Option(None, "--department", "-d"),
    note: str | None = NOTE,
    tenant: str = TENANT,
) -> None:
    """Accept a message's triage, or correct its category, urgency or department."""
    from nonla import inbox

    message = inbox.decide_triage(message_id, accept, category, urgency, department, note, tenant)
    verdict = "accepted" if accept else "corrected"
    typer.echo(shown(f"Triage of message {message_id} {verdict}: {message['category']}, {message['urgency']}, "
                     f"{message['department']}.", markup=False))  # fmt: skip


@inbox_app.command("assign")
def assign(
    message_id: int,
    department: str | None = typer.Option(None, "--department", "-d"),
    assignee: str | None = typer.Option(None, "--assignee", "-a", help="A person in the department."),
    note: str | None = NOTE,
    tenant: str = TENANT,
) -> None:
    """Give a message to a department and/or a person."""
    from nonla import inbox

    message = inbox.assign(message_id, department, assignee, note, tenant)
    who = ", ".join(x for x in (message["department"], message["assignee"]) if x)
    typer.echo(shown(f"Message {message_id} assigned to {who}.", markup=False))


@inbox_app.command("answer")
def answer(
    message_id: int,
    text: str = typer.Option(..., "--text", "-t", help="The reply sent to the citizen."),
    tenant: str = TENANT,
) -> None:
    """Store the reply to an assigned message."""
    from nonla import inbox

    inbox.answer(message_id, text, tenant)
    typer.echo(f"Message {message_id} answered.")


@inbox_app.command("close")
def close(
    message_id: int,
    reason: str = typer.Option("resolved", help="resolved (after an answer), duplicate, spam or withdrawn."),
    note: str | None = NOTE,
    tenant: str = TENANT,
) -> None:
    """Close a message."""
    from nonla import inbox

    inbox.close(message_id, reason, note, tenant)
    typer.echo(shown(f"Message {message_id} closed ({reason}).", markup=False))


@inbox_app.command("stats")
def stats(
    by: str = typer.Option("category", help="category, department, ward, province, channel, urgency or status."),
    period: str = typer.Option("month", help="day, week, month or all."),
    as_of: str | None = typer.Option(None, "--as-of", help="The day that decides what is overdue (today)."),
    received_from: str | None = typer.Option(None, "--from", help="First day, YYYY-MM-DD."),
    received_to: str | None = typer.Option(None, "--to", help="Last day, inclusive."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    tenant: str = TENANT,
) -> None:
    """Counts, median handling time, overdue and late answers per group and period."""
    from rich.table import Table

    from nonla import inbox

    body = inbox.stats(by, None if period == "all" else period, tenant, as_of, received_from=received_from,
                       received_to=received_to)  # fmt: skip
    if as_json:
        _print_json(body)
        return
    table = Table("period", shown(by), "messages", "answered", "median hours", "overdue", "late",
                  title=f"Inbox by {shown(by)} and {shown(body['period'])} (overdue as of {shown(body['as_of'])})",
                  title_justify="left")  # fmt: skip
    for row in [*body["rows"], {"period": "total", by: "", **body["total"]}]:
        median = "" if row["median_handling_hours"] is None else f"{row['median_handling_hours']:.1f}"
        table.add_row(shown(row["period"]), shown(row[by] if row[by] is not None else "—"), shown(row["count"]),
                      shown(row["answered"]), median, shown(row["overdue"]), shown(row["answered_late"]))  # fmt: skip
    _console().print(table)


def load_demo(path: Path, tenant: str = "default") -> threading.Thread:
    """Load a JSONL of messages into the inbox in the background, once: ids already there are skipped."""

    def work() -> None:
        try:
            results = submit_file(path, tenant, "local:serve", quiet=True)
            created = sum(bool(r.get("created")) for r in results)
            failed = sum("error" in r for r in results)
            _console(stderr=True).print(f"Demo inbox ready: {created} messages added, "
                                        f"{len(results) - created - failed} already there, {failed} failed.")  # fmt: skip
        except Exception as exc:  # the server keeps serving; the demo data is a convenience
            _console(stderr=True).print(f"[yellow]Demo inbox not loaded: {shown(exc)}[/]")

    thread = threading.Thread(target=work, name="demo-inbox", daemon=True)
    thread.start()
    return thread

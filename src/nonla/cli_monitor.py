"""`nonla monitor ...`: figures per function and model, evaluation baselines, thresholds and alerts.

The CLI acts on the local store as the installation's operator; ``--tenant`` picks the agency. Heavy modules are
imported inside the commands so `nonla --help` stays fast.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from nonla.cli_errors import shown

monitor_app = typer.Typer(help="Monitoring: volume, latency, errors, review share, drift, thresholds and alerts.",
                          no_args_is_help=True)  # fmt: skip
TENANT = typer.Option("default", "--tenant", help="The agency (tenant) concerned.")
AS_JSON = typer.Option(False, "--json", help="Print JSON.")
COLUMNS = ["function", "calls", "p50 ms", "p95 ms", "errors", "review", "input PSI", "conf. PSI", "status"]


def _actor() -> str:
    from nonla.local import local_actor

    return local_actor()


def _print_json(body: Any) -> None:
    from rich.console import Console

    Console(soft_wrap=True).print_json(json.dumps(body, ensure_ascii=False, default=str))


def _table(columns: list[str], rows: list[list[Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table()
    for index, column in enumerate(columns):
        table.add_column(column, no_wrap=index == 0)  # the function's ref is never cut
    for row in rows:
        table.add_row(*("–" if value is None else shown(value) for value in row))
    Console().print(table)


def _share(value: float | None) -> str | None:
    return None if value is None else f"{value:.1%}"


def _rows(rows: list[dict[str, Any]]) -> list[list[Any]]:
    return [[r["ref"], r["calls"], r["latency_p50_ms"], r["latency_p95_ms"], _share(r["error_rate"]),
             _share(r["review_share"]), r["input_psi"], r["confidence_psi"], r["status"]] for r in rows]  # fmt: skip


@monitor_app.command("summary")
def summary_cmd(tenant: str = TENANT, as_json: bool = AS_JSON) -> None:
    """Every function and model called in the last week, with its figures over its window."""
    from nonla.monitoring import service

    rows = service.summary(tenant)
    if as_json:
        _print_json(rows)
    else:
        _table(COLUMNS, _rows(rows))


@monitor_app.command("show")
def show_cmd(ref: str = typer.Argument(..., help="name or name@version"), tenant: str = TENANT,
             as_json: bool = AS_JSON) -> None:  # fmt: skip
    """One function's figures, drift per input feature, thresholds and alerts."""
    from nonla.monitoring import service

    rows = service.summary(tenant, ref)
    found = service.alerts_of(tenant, function=ref.split("@")[0])
    if as_json:
        _print_json({"ref": ref, "versions": rows, "alerts": found})
        return
    _table(COLUMNS, _rows(rows))
    for row in rows:
        typer.echo(shown(f"{row['ref']}: input PSI by feature {row['input_psi_by_feature']}; baseline "
                         f"{row['baseline']}; thresholds {row['thresholds']}", markup=False))  # fmt: skip


@monitor_app.command("baseline")
def baseline_cmd(ref: str = typer.Argument(..., help="name or name@version"),
                 data: Path = typer.Option(..., "--from", help="JSONL of evaluation inputs, one object a line."),
                 tenant: str = TENANT) -> None:  # fmt: skip
    """Record the evaluation baseline: run the function over the file's inputs and keep their histograms."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from nonla.core.errors import InvalidInput
    from nonla.monitoring import baseline

    if not data.is_file():
        raise InvalidInput(f"There is no file {data}.", field="from")
    rows = baseline.read_jsonl(data.read_bytes())
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), transient=True) as bar:
        task = bar.add_task(f"running {ref}", total=len(rows))
        made = baseline.record(ref, rows, source=data.name, tenant=tenant, actor=_actor(),
                               progress=lambda done, _: bar.update(task, completed=done))  # fmt: skip
    typer.echo(shown(f"Baseline of {made['ref']}: {made['items']} inputs ({made['skipped']} skipped) from "
                     f"{data.name}.", markup=False))  # fmt: skip


@monitor_app.command("alerts")
def alerts_cmd(tenant: str = TENANT, open_only: bool = typer.Option(False, "--open", help="Only open alerts."),
               as_json: bool = AS_JSON) -> None:  # fmt: skip
    """Alerts raised when a threshold was crossed, newest first."""
    from nonla.monitoring import service

    found = service.alerts_of(tenant, open_only=open_only)
    if as_json:
        _print_json(found)
        return
    _table(["id", "kind", "function", "value", "threshold", "window", "raised", "acknowledged"],
           [[a["id"], a["kind"], a["ref"], a["value"], a["threshold"], f"{a['window_minutes']} min", a["created_at"],
             a["acknowledged_by"] or ("yes" if a["acknowledged"] else "no")] for a in found])  # fmt: skip


@monitor_app.command("ack")
def ack_cmd(alert_id: int = typer.Argument(...), tenant: str = TENANT) -> None:
    """Acknowledge an alert: the same threshold may raise a new one afterwards."""
    from nonla.monitoring import alerts

    alerts.acknowledge(tenant, alert_id, _actor())
    typer.echo(f"Alert {alert_id} acknowledged.")


@monitor_app.command("thresholds")
def thresholds_cmd(
    ref: str = typer.Argument(..., help="The function (every version)."),
    error_rate: float | None = typer.Option(None, help="Share of items ending in an error (0-1)."),
    review_share: float | None = typer.Option(None, help="Share of items queued for review (0-1)."),
    latency_p95_ms: float | None = typer.Option(None, help="95th percentile latency of a call, ms."),
    psi: float | None = typer.Option(None, help="Drift of inputs or confidences (PSI)."),
    min_calls: int | None = typer.Option(None, help="Calls needed in the window before judging."),
    window_minutes: int | None = typer.Option(None, help="The window judged, minutes."),
    tenant: str = TENANT,
) -> None:
    """Show a function's thresholds, or change the ones given."""
    from dataclasses import asdict

    from nonla.monitoring import alerts
    from nonla.sources import catalog

    name = catalog().resolve(ref).name
    given = {"error_rate": error_rate, "review_share": review_share, "latency_p95_ms": latency_p95_ms, "psi": psi,
             "min_calls": min_calls, "window_minutes": window_minutes}  # fmt: skip
    changes = {key: value for key, value in given.items() if value is not None}
    if changes:
        _print_json(alerts.set_thresholds(tenant, name, changes, _actor()))
    else:
        _print_json({"function": name, "tenant": tenant, **asdict(alerts.thresholds_for(tenant, name))})

"""`nonla jobs`: run a function or pipeline over a file or a collection, checkpointed; list, status, cancel, resume."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

jobs_app = typer.Typer(help="Batch jobs over files and collections: run, list, status, cancel, resume.",
                       no_args_is_help=True)  # fmt: skip


def _console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, soft_wrap=True)


def _follow(job: dict[str, Any]) -> dict[str, Any]:
    """Run the job here with a progress bar; Ctrl-C leaves it resumable from its last checkpoint."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from nonla.jobs import engine

    err = _console(stderr=True)
    err.print(f"Job [bold]{job['id']}[/] ({job['function']}, {job['total']:,} items)", highlight=False)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
               TimeRemainingColumn())  # fmt: skip
    try:
        with Progress(*columns, console=err) as bar:
            task = bar.add_task(job["function"], total=job["total"], completed=job["done"], rate="")

            def show(state: dict[str, Any]) -> None:
                rate = f"{state['rate']:,.1f} items/s" if state["rate"] else ""
                bar.update(task, completed=state["done"], rate=rate)

            final = engine.execute(job["id"], progress=show)
    except KeyboardInterrupt:
        _stopped_here(job["id"])
        err.print(f"[yellow]Stopped.[/] Go on from the last checkpoint with: nonla jobs resume {job['id']}")
        raise typer.Exit(130) from None
    _report(final)
    return final


def _stopped_here(job_id: str) -> None:
    """Mark a job stopped with Ctrl-C as cancelled. Left 'running', it read as interrupted, and the next server
    started on this store took it up and wrote on into the user's output file; cancelled, it waits for a resume."""
    from nonla.core.errors import Conflict
    from nonla.jobs import service

    try:
        service.cancel(job_id)
    except Conflict:  # it ended (done, failed or erased) as the key was pressed: nothing to stop
        pass


def _report(job: dict[str, Any]) -> None:
    """Say how the job ended; a failed one raises its failure (code, sentence, hint), so the exit code is not 0."""
    from nonla.jobs.service import failure_error

    err = _console(stderr=True)
    state = job.get("status")
    if state == "done":
        failed = f"; {job['errors']:,} items carry an error" if job["errors"] else ""
        err.print(f"[green]Done:[/] {job['done']:,} results in {job['output']['path']}{failed}.", highlight=False)
    elif state == "cancelled":
        err.print(f"[yellow]Cancelled[/] after {job['done']:,} of {job['total']:,}: nonla jobs resume {job['id']}")
    elif state == "failed":
        raise failure_error(job)
    elif state == "erased" or not job:
        err.print("[yellow]Stopped:[/] the job was erased with its data subject; its record and results are gone.")


@jobs_app.command("run")
def run_cmd(
    function: str = typer.Argument(..., help="A function (vi.words) or a pipeline (pipeline.NAME)."),
    input_file: str = typer.Option(
        ..., "--input", "-i", help="JSONL, CSV or Parquet file (or a collection's name with --input-format collection)."
    ),  # fmt: skip
    output_file: Path = typer.Option(..., "--output", "-o", help="Results: .jsonl, .csv or .parquet."),
    executor: str = typer.Option("local", help="local (processes on this machine) or dask."),
    scheduler: str | None = typer.Option(None, help="Dask scheduler address, e.g. tcp://10.0.0.5:8786."),
    workers: int = typer.Option(0, "--workers", "-w", help="Worker processes (0 = one per core)."),
    chunk_size: int = typer.Option(256, help="Items per chunk: the unit of work and of checkpoints."),
    input_format: str | None = typer.Option(None, help="jsonl, csv, parquet or collection (default: the suffix)."),
    output_format: str | None = typer.Option(None, help="jsonl, csv or parquet (default: the suffix)."),
    overwrite: bool = typer.Option(False, help="Replace an existing output file."),
    subject: str | None = typer.Option(None, help="The data subject the items are about (for export and erasure)."),
) -> None:
    """Run a function or pipeline over every item; results are checkpointed, so a killed run resumes."""
    from nonla.cli import _check_workers
    from nonla.governance.review import check_subject
    from nonla.jobs import service
    from nonla.local import local_actor

    if executor == "local":  # a Dask cluster's workers are its own; here each one is a process of this machine
        _check_workers(workers)
    job = service.submit(function, input_file, output_file, input_format=input_format, output_format=output_format,
                         executor=executor, scheduler=scheduler, workers=workers or None, chunk_size=chunk_size,
                         overwrite=overwrite, actor=local_actor(), subject_id=check_subject(subject))  # fmt: skip
    _follow(job)


@jobs_app.command("list")
def list_cmd(
    status: str | None = typer.Option(None, help="Only jobs in this state (running, interrupted, done, ...)."),
    limit: int = typer.Option(50, min=1, max=500, help="How many, newest first (1 to 500)."),
) -> None:
    """List jobs, newest first, with their progress."""
    from rich.table import Table

    from nonla.cli_errors import shown
    from nonla.jobs import service

    table = Table("id", "function", "status", "done", "errors", "rate", "created")
    table.columns[0].no_wrap, table.columns[0].min_width = True, 32  # an id cut short cannot be given back
    for job in service.list_jobs(limit=limit, state=status):
        table.add_row(job["id"], shown(job["function"]), job["status"], f"{job['done']:,}/{job['total']:,}",
                      f"{job['errors']:,}", f"{job['rate']:,.1f}/s" if job["rate"] else "", job["created_at"])  # fmt: skip
    _console().print(table)


@jobs_app.command("status")
def status_cmd(job_id: str) -> None:
    """A job's state and progress (done/total, rate, ETA) as JSON."""
    from nonla.jobs import service

    print(json.dumps(service.status(job_id), ensure_ascii=False, indent=2))


@jobs_app.command("cancel")
def cancel_cmd(job_id: str) -> None:
    """Stop a job after its current chunk; committed results stay and `resume` goes on from there."""
    from nonla.jobs import service
    from nonla.local import local_actor

    job = service.cancel(job_id, actor=local_actor())
    _console().print(f"Job {job_id} cancelled at {job['done']:,} of {job['total']:,}.")


@jobs_app.command("resume")
def resume_cmd(job_id: str) -> None:
    """Go on with a cancelled, failed or interrupted job from its last checkpoint, here, with a progress bar."""
    from nonla.jobs import service
    from nonla.local import local_actor

    _follow(service.resume(job_id, actor=local_actor()))


pipelines_app = typer.Typer(help="Pipelines: chains of functions defined in YAML, callable as pipeline.NAME.",
                            no_args_is_help=True)  # fmt: skip


@pipelines_app.command("add")
def pipelines_add(path: Path) -> None:
    """Check a YAML pipeline and store it (a changed definition becomes a new version); call it as pipeline.NAME."""
    from nonla.core.errors import InvalidEncoding, NotFound
    from nonla.jobs.pipeline_store import add
    from nonla.local import local_actor

    if not path.is_file():
        raise NotFound(f"There is no file at {path}.", hint="Give the path of a pipeline's YAML file.")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidEncoding(f"{path} is not UTF-8 (byte {exc.start}).") from None
    stored = add(text, actor=local_actor())
    verb = "Stored" if stored["created"] else "Unchanged:"
    _console().print(f"{verb} [bold]{stored['name']}@{stored['version']}[/]. Run it: nonla run {stored['name']} ...")


@pipelines_app.command("list")
def pipelines_list() -> None:
    """List stored pipelines (latest version of each)."""
    from rich.table import Table

    from nonla.cli_errors import shown
    from nonla.jobs.pipeline_store import list_pipelines

    table = Table("pipeline", "version", "summary", "created")
    for row in list_pipelines():
        table.add_row(shown(row["name"]), str(row["version"]), shown(row["summary"]), row["created_at"])
    _console().print(table)


@pipelines_app.command("show")
def pipelines_show(
    name: str, version: int | None = typer.Option(None, help="A version (default: the latest).")
) -> None:
    """Print a pipeline's YAML as stored."""
    from nonla.jobs.pipeline_store import show

    print(show(name, version)["source"], end="")


@pipelines_app.command("delete")
def pipelines_delete(name: str) -> None:
    """Retire a pipeline (every version): pipeline.NAME stops resolving at once."""
    from nonla.jobs.pipeline_store import delete
    from nonla.local import local_actor

    gone = delete(name, actor=local_actor())
    _console().print(f"Pipeline {gone['name']} deleted ({gone['deleted']} versions).")

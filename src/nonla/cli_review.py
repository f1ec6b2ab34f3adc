"""`nonla review ...`: review policies, the queue of results waiting for a person, decisions and training examples.

Heavy modules are imported inside the commands so `nonla --help` stays fast.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from nonla.cli_errors import shown, tenant_id

review_app = typer.Typer(
    help="Human review: policies, the queue of results to check, decisions and training examples.",
    no_args_is_help=True,
)
policy_app = typer.Typer(help="Which results of a function a person must review, per agency.", no_args_is_help=True)
examples_app = typer.Typer(help="Training examples made from reviewers' corrections.", no_args_is_help=True)
review_app.add_typer(policy_app, name="policy")
review_app.add_typer(examples_app, name="examples")

TENANT = typer.Option("default", "--tenant", help="The agency the policy or queue belongs to.", callback=tenant_id)
NOTE = typer.Option(None, "--note", help="Why (kept with the decision).")


def _print_json(body: Any) -> None:
    from rich.console import Console

    Console(soft_wrap=True).print_json(json.dumps(body, ensure_ascii=False))


@policy_app.command("set")
def policy_set(
    function: str,
    threshold: float | None = typer.Option(None, "--threshold", help="Queue results whose confidence is below this."),
    always: bool = typer.Option(False, "--always", help="Queue every result of the function."),
    required: bool = typer.Option(False, "--required", help="Hold queued results until a reviewer acts."),
    tenant: str = TENANT,
) -> None:
    """Set a function's review policy (with neither --threshold nor --always, the policy is removed)."""
    from nonla import review

    policy = review.set_policy(function, threshold, always, required, tenant)
    _print_json(policy if policy is not None else {"function": function.split("@", 1)[0], "removed": True})


@policy_app.command("list")
def policy_list(tenant: str = TENANT) -> None:
    """List the agency's review policies."""
    from rich.console import Console
    from rich.table import Table

    from nonla import review

    table = Table("function", "threshold", "always", "required", "updated by", "updated")
    for p in review.policies(tenant):
        threshold = "" if p["threshold"] is None else f"{p['threshold']:g}"
        table.add_row(shown(p["function"]), threshold, "yes" if p["always"] else "", "yes" if p["required"] else "",
                      shown(p["updated_by"]), shown(p["updated_at"]))  # fmt: skip
    Console(soft_wrap=True).print(table)


@review_app.command("list")
def list_items(
    function: str | None = typer.Option(None, "--function", "-f", help="Only this function."),
    status: str = typer.Option("pending", help="pending, accepted, corrected, released or all."),
    limit: int = typer.Option(50, min=1, max=1000, help="At most this many items (1 to 1,000)."),
    tenant: str = TENANT,
) -> None:
    """List queued results, oldest first (pending ones by default)."""
    from rich.console import Console
    from rich.table import Table

    from nonla import review

    table = Table("id", "function", "status", "reason", "confidence", "held", "created")
    for item in review.items(status, function, limit, tenant):  # type: ignore[arg-type]
        confidence = "" if item["confidence"] is None else f"{item['confidence']:.4f}"
        table.add_row(shown(item["id"]), shown(item["function"]), shown(item["status"]), shown(item["reason"]),
                      confidence, "" if item["released"] else "held", shown(item["created_at"]))  # fmt: skip
    Console(soft_wrap=True).print(table)


@review_app.command("show")
def show(item_id: int, tenant: str = TENANT) -> None:
    """Show one item: input, output, confidence, and the decision once made."""
    from nonla import review

    _print_json(review.get(item_id, tenant))


@review_app.command("accept")
def accept(item_id: int, note: str | None = NOTE, tenant: str = TENANT) -> None:
    """Accept a result as it is."""
    from nonla import review

    item = review.accept(item_id, tenant=tenant, note=note)
    typer.echo(f"Review item {item['id']} accepted.")


@review_app.command("correct")
def correct(
    item_id: int,
    output: str = typer.Option(..., "--output", "-o", help="The whole corrected output, as JSON."),
    note: str | None = NOTE,
    tenant: str = TENANT,
) -> None:
    """Replace a result with the right output; it is kept as a training example."""
    from nonla import review
    from nonla.core.errors import InvalidJSON

    try:
        fixed = json.loads(output)
    except json.JSONDecodeError as exc:
        raise InvalidJSON(
            f"--output is not valid JSON ({exc.msg}).", hint="Quote the JSON object in single quotes."
        ) from None
    item = review.correct(item_id, fixed, tenant=tenant, note=note)
    typer.echo(f"Review item {item['id']} corrected; kept as a training example.")


@examples_app.command("export")
def examples_export(
    function: str,
    output: Path | None = typer.Option(None, "--output", "-o", help="JSONL file (default: stdout)."),
    tenant: str = TENANT,
) -> None:
    """Export a function's training examples as JSONL (input, corrected output, original output); a file appears
    whole, or not at all."""
    import sys

    from nonla.cli_files import output_file
    from nonla.governance.review_examples import export_line, iter_examples

    if output is not None:
        count = 0
        with output_file(output) as out:
            for example in iter_examples(function, tenant):
                out.write(export_line(example) + "\n")
                count += 1
        typer.echo(shown(f"{count} examples written to {output}.", markup=False), err=True)
        return
    for example in iter_examples(function, tenant):
        sys.stdout.write(export_line(example) + "\n")

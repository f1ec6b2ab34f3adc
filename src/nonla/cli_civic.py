"""`nonla civic ...`: an agency's own category model for civic.triage.

Triage itself runs like every function: `nonla run civic.triage --text "..." --field agency=NAME`. Heavy
modules are imported inside the commands so `nonla --help` stays fast.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from nonla.core.strict_json import loads

civic_app = typer.Typer(
    help="Civic feedback triage: an agency's taxonomy and routing table, and its own category model.",
    no_args_is_help=True,
)


@civic_app.command("train")
def train_cmd(
    data: Path = typer.Option(..., "--data", help="CSV file (UTF-8) of the agency's labelled messages."),
    agency: str = typer.Option(..., "--agency", help="The agency's name: lower-case letters, digits, '-', '_'."),
    text_col: str = typer.Option("text", "--text-col", help="Column holding the message."),
    label_col: str = typer.Option("category", "--label-col", help="Column holding its category key."),
) -> None:
    """Train the agency's category model from its labelled history; civic.triage uses it for --agency NAME."""
    from rich.console import Console

    from nonla.civic.agencies import train_agency
    from nonla.cli_errors import shown
    from nonla.local import local_actor

    Console(stderr=True).print(f"Training the model of agency '{shown(agency)}' from {shown(data)} …")
    summary = train_agency(data, agency, text_col, label_col, actor=local_actor())
    Console(soft_wrap=True).print_json(json.dumps(summary, ensure_ascii=False, default=str))


@civic_app.command("taxonomy")
def taxonomy_cmd(
    agency: str = typer.Argument(..., help="The agency's name ('default' for the shipped taxonomy)."),
    set_from: Path | None = typer.Option(None, "--set", help="JSON file replacing the agency's override."),
) -> None:
    """Show the taxonomy and routing table civic.triage uses for an agency, or replace the agency's override."""
    from rich.console import Console

    from nonla.civic import agencies
    from nonla.core.errors import InvalidInput
    from nonla.local import local_actor

    if set_from is None:
        shown = agencies.show_taxonomy(agency)
    else:
        try:
            override = loads(set_from.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InvalidInput(f"{set_from} is not a readable JSON file ({exc}).") from None
        shown = agencies.set_taxonomy(agency, override, actor=local_actor())
    Console(soft_wrap=True).print_json(json.dumps(shown, ensure_ascii=False))

"""`nonla civic ...`: an agency's own category model for civic.triage.

Triage itself runs like every function: `nonla run civic.triage --text "..." --field agency=NAME`. Heavy
modules are imported inside the commands so `nonla --help` stays fast.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

civic_app = typer.Typer(help="Civic feedback triage: train an agency's own category model.", no_args_is_help=True)


@civic_app.command("train")
def train_cmd(
    data: Path = typer.Option(..., "--data", help="CSV file (UTF-8) of the agency's labelled messages."),
    agency: str = typer.Option(..., "--agency", help="The agency's name: lower-case letters, digits, '-', '_'."),
    text_col: str = typer.Option("text", "--text-col", help="Column holding the message."),
    label_col: str = typer.Option("category", "--label-col", help="Column holding its category key."),
) -> None:
    """Train the agency's category model from its labelled history; civic.triage uses it for --agency NAME."""
    from rich.console import Console

    from nonla.functions.civic.triage_train import train

    Console(stderr=True).print(f"Training the model of agency '{agency}' from {data} …")
    summary = train(data, agency, text_col=text_col, label_col=label_col)
    Console(soft_wrap=True).print_json(json.dumps(summary, ensure_ascii=False))

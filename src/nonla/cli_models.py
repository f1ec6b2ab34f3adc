"""`nonla train ...` and `nonla models ...`: train custom models (progress bar, Ctrl-C cancels), import ONNX, skops
and remote models, and roll versions out: list, show, promote, rollback, archive, shadow, canary, report.

Heavy modules are imported inside the commands so `nonla --help` stays fast.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from nonla.cli_errors import shown

train_app = typer.Typer(help="Train a custom model from a CSV file (registered as custom.NAME@N, stage draft).",
                        no_args_is_help=True)  # fmt: skip
models_app = typer.Typer(help="Custom models: list, show, promote, roll back, archive, shadow, canary, import.",
                         no_args_is_help=True)  # fmt: skip

NAME = typer.Option(..., "--name", help="The model's name; it is called as custom.NAME.")
OWNER = typer.Option("", "--owner", help="Who answers for this model (default: you).")
USE = typer.Option("", "--intended-use", help="What the model is for (shown on its card).")
RISK = typer.Option("limited", "--risk", help="Risk class: minimal, limited or high.")


def _print_json(body: Any) -> None:
    from rich.console import Console

    Console(soft_wrap=True).print_json(json.dumps(body, ensure_ascii=False, default=str))


def _with_progress(train: Callable[..., Any]) -> Any:
    """Run ``train(progress=...)`` under a rich progress bar; Ctrl-C stops it and registers nothing."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                  TimeElapsedColumn(), console=console, transient=True) as bar:  # fmt: skip
        task = bar.add_task("starting", total=1.0)
        try:
            return train(progress=lambda fraction, message: bar.update(task, completed=fraction, description=message))
        except KeyboardInterrupt:
            console.print("Cancelled: no version was registered.")
            raise typer.Exit(130) from None


def _done(version: Any) -> None:
    _print_json({k: v for k, v in version.view().items() if k not in ("report",)})
    typer.echo(shown(f"Registered {version.ref} (draft). Check and promote it: nonla models promote {version.name} "
                     f"{version.version}", markup=False), err=True)  # fmt: skip


@train_app.command("text-classifier")
def train_text(
    data: Path = typer.Option(..., "--data", help="CSV file with a header row (UTF-8)."),
    text_col: str = typer.Option("text", "--text-col", help="Column holding the text."),
    label_col: str = typer.Option("label", "--label-col", help="Column holding the label."),
    name: str = NAME,
    features: str = typer.Option("auto", "--features", help="auto (cross-validate both), tfidf or e5."),
    owner: str = OWNER,
    intended_use: str = USE,
    risk: str = RISK,
) -> None:
    """Train a text classifier: TF-IDF or multilingual-e5 features, chosen by cross-validation."""
    from nonla.custom.train_text import train_text_classifier
    from nonla.local import local_actor

    command = (f"nonla train text-classifier --data {data} --text-col {text_col} --label-col {label_col} "
               f"--name {name} --features {features}")  # fmt: skip
    _done(_with_progress(lambda progress: train_text_classifier(
        data, name=name, text_col=text_col, label_col=label_col, features=features, owner=owner,
        intended_use=intended_use, risk=risk, command=command, actor=local_actor(), progress=progress)))  # fmt: skip


@train_app.command("tabular")
def train_tabular_cmd(
    data: Path = typer.Option(..., "--data", help="CSV file with a header row (UTF-8)."),
    target: str = typer.Option(..., "--target", help="The column to predict."),
    name: str = NAME,
    task: str = typer.Option(None, "--task", help="classification or regression (guessed from the target)."),
    owner: str = OWNER,
    intended_use: str = USE,
    risk: str = RISK,
) -> None:
    """Train a gradient-boosted model on numeric and categorical columns (LightGBM)."""
    from nonla.custom.tabular import train_tabular
    from nonla.local import local_actor

    command = f"nonla train tabular --data {data} --target {target} --name {name}" + (f" --task {task}" if task else "")
    _done(_with_progress(lambda progress: train_tabular(
        data, name=name, target=target, task=task, owner=owner, intended_use=intended_use, risk=risk,
        command=command, actor=local_actor(), progress=progress)))  # fmt: skip


@models_app.command("list")
def list_cmd() -> None:
    """Every custom model: its versions and stages, the serving version, the running rollout."""
    from rich.console import Console
    from rich.table import Table

    from nonla.custom.rollout import list_models

    table = Table("model", "serving", "versions (stage)", "rollout")
    for model in list_models():
        stages = ", ".join(f"{v['version']} ({v['stage']})" for v in model["versions"])
        rollout = model["rollout"]
        running = f"{rollout['mode']} v{rollout['candidate']}" + (f" {rollout['percent']:g} %" if rollout and
                  rollout["mode"] == "canary" else "") if rollout else ""  # fmt: skip
        table.add_row(shown(model["ref"]), shown(model["serving"] or "-"), shown(stages), shown(running))
    Console(soft_wrap=True).print(table)


def _split(ref: str) -> tuple[str, int | None]:
    """NAME or NAME@N; 'NAME@x' is refused rather than read as NAME (every version)."""
    from nonla.core.errors import InvalidInput

    name, at, version = ref.removeprefix("custom.").partition("@")
    if at and not (version.isdigit() and int(version) >= 1):
        raise InvalidInput(f"'{ref[:80]}' names no version: write NAME or NAME@N with N a number from 1.",
                           hint="List the versions with `nonla models show NAME`.")  # fmt: skip
    return name, int(version) if version else None


@models_app.command("show")
def show_cmd(ref: str = typer.Argument(..., help="NAME or NAME@N.")) -> None:
    """A model's versions, or one version: stage, metrics, files with sha256, conformance result."""
    from nonla.custom.rollout import show

    _print_json(show(*_split(ref)))


@models_app.command("promote")
def promote_cmd(name: str, version: int, stage: str = typer.Option("production", "--stage")) -> None:
    """Run the conformance checks and, if they pass and the version has an evaluation report, promote it."""
    from nonla.custom.rollout import promote
    from nonla.local import local_actor

    body = promote(name, version, stage, actor=local_actor())
    _print_json({"ref": body["ref"], "stage": body["stage"], "conformance": body["conformance"]})


@models_app.command("rollback")
def rollback_cmd(name: str) -> None:
    """Make the previous production version production again."""
    from nonla.custom.rollout import rollback
    from nonla.local import local_actor

    body = rollback(name, actor=local_actor())
    _print_json({"ref": body["ref"], "stage": body["stage"]})


@models_app.command("archive")
def archive_cmd(name: str, version: int) -> None:
    """Retire a version (it stays stored, callable as custom.NAME@N, and is never routed to)."""
    from nonla.custom.rollout import archive
    from nonla.local import local_actor

    body = archive(name, version, actor=local_actor())
    _print_json({"ref": body["ref"], "stage": body["stage"]})


def _version_or_stop(command: str, name: str, version: int | None, stop: bool) -> bool:
    """True to stop the running rollout: only on --stop. A version left out is an error, never a stop."""
    from nonla.core.errors import InvalidInput

    if stop and version is not None:
        raise InvalidInput(f"Give VERSION or --stop, not both: nonla models {command} {name} {version} --stop.",
                           hint=f"To stop the rollout: nonla models {command} {name} --stop")  # fmt: skip
    if not stop and version is None:
        raise InvalidInput(f"VERSION is missing: which version of {name} should run as the {command}?",
                           hint=f"Give it (nonla models {command} {name} 2; `nonla models show {name}` lists the "
                           f"versions), or stop the running rollout with: nonla models {command} {name} --stop")  # fmt: skip
    return stop


@models_app.command("shadow")
def shadow_cmd(
    name: str,
    version: int | None = typer.Argument(None, help="The version to run beside the serving one."),
    stop: bool = typer.Option(False, "--stop", help="Stop the running shadow or canary rollout instead."),
) -> None:
    """Run VERSION beside the serving version on every call (logged and compared, never returned)."""
    from nonla.custom.rollout import shadow, stop_rollout
    from nonla.local import local_actor

    if _version_or_stop("shadow", name, version, stop):
        _print_json(stop_rollout(name, local_actor()))
        return
    assert version is not None
    _print_json(shadow(name, version, local_actor()))


@models_app.command("canary")
def canary_cmd(
    name: str,
    version: int | None = typer.Argument(None, help="The version that answers a share of the calls."),
    percent: float = typer.Option(10.0, "--percent", help="Share of calls VERSION answers (by input hash)."),
    stop: bool = typer.Option(False, "--stop", help="Stop the running shadow or canary rollout instead."),
) -> None:
    """Let VERSION answer a share of the calls, the same inputs always going to the same version."""
    from nonla.custom.rollout import canary, stop_rollout
    from nonla.local import local_actor

    if _version_or_stop("canary", name, version, stop):
        _print_json(stop_rollout(name, local_actor()))
        return
    assert version is not None
    _print_json(canary(name, version, percent, local_actor()))


@models_app.command("report")
def report_cmd(name: str, since: str = typer.Option(None, "--since", help="ISO time: only calls after it.")) -> None:
    """Calls, agreement and latency per version while shadow or canary ran."""
    from nonla.custom.rollout import report

    _print_json(report(name, since))


@models_app.command("import")
def import_cmd(
    model: Path = typer.Argument(..., help="A .onnx file, or a .skops file (pickle/joblib files are refused)."),
    schema: Path = typer.Option(..., "--schema", help="JSON or YAML sidecar: task, fields, labels, examples, metrics."),
    name: str = NAME,
) -> None:
    """Register an ONNX or skops model file as the next version of custom.NAME (stage draft)."""
    from nonla.custom.importers import import_onnx, import_skops
    from nonla.local import local_actor

    load = import_onnx if model.suffix.lower() == ".onnx" else import_skops
    _done(load(model, schema, name=name, actor=local_actor()))


@models_app.command("add-http")
def add_http_cmd(
    url: str = typer.Argument(..., help="Base URL: http://host:port/v1 (openai) or http://host:port (kserve)."),
    protocol: str = typer.Option(..., "--protocol", help="openai (chat completions) or kserve (v2 inference)."),
    schema: Path = typer.Option(..., "--schema", help="JSON or YAML sidecar: task, fields, labels, examples."),
    name: str = NAME,
    model: str = typer.Option("", "--model", help="The remote model's name."),
    timeout: float = typer.Option(10.0, "--timeout", help="Seconds to wait for each answer."),
    retries: int = typer.Option(2, "--retries", help="Tries after the first on timeouts and 5xx answers."),
    api_key_env: str = typer.Option("", "--api-key-env", help="Environment variable holding the remote key."),
) -> None:
    """Register a model served elsewhere, called over HTTP with a timeout and retries."""
    from nonla.custom.importers import add_http_model
    from nonla.local import local_actor

    _done(add_http_model(protocol, url, schema, name=name, model=model, timeout=timeout, retries=retries,
                         api_key_env=api_key_env, actor=local_actor()))  # fmt: skip

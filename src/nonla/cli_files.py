"""What `nonla ocr` and `nonla transcribe` share: a file read into a function's base64 `data` field, the call run
under a progress bar that the function's own progress hook drives (pages, seconds of audio), the result printed
as text or JSON. Heavy modules are imported inside, so `nonla --help` stays fast."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from enum import StrEnum
from pathlib import Path
from typing import Any

Hook = Callable[[Callable[[float, float], None]], AbstractContextManager[Any]]


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


def run_file(ref: str, file: Path, fields: dict[str, Any], *, what: str, doing: str, hook: Hook,
             count: Any) -> Any:  # fmt: skip
    """Run ``ref`` on the file's bytes plus ``fields`` under a progress bar (``count``: the rich column that shows
    the amount done); a missing file is a NotFound error that names ``what`` the file should be."""
    import base64

    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from nonla.core.errors import NotFound
    from nonla.local import run_one

    if not file.is_file():
        raise NotFound(f"There is no file at {file}.", hint=f"Check the path of {what}.")
    fields = {"data": base64.b64encode(file.read_bytes()).decode("ascii"), **fields}
    with Progress(TextColumn("{task.description}"), BarColumn(), count, TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as bar:  # fmt: skip
        task = bar.add_task(f"{doing} {file.name}", total=None)
        with hook(lambda done, total: bar.update(task, completed=done, total=total)):
            return run_one(ref, fields)


def print_result(result: Any, out: OutputFormat, text: str) -> None:
    """The whole result as one line of JSON, or ``text`` (the part a person reads)."""
    print(json.dumps(result.model_dump(mode="json"), ensure_ascii=False) if out is OutputFormat.json else text)

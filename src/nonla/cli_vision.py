"""`nonla ocr FILE`: read a scan, photo or PDF through vision.ocr (audited like every call), page by page.

The generic `nonla run vision.ocr --field data=<base64>` works too; this command reads the file and shows a
progress bar for PDFs. Heavy modules are imported inside the command so `nonla --help` stays fast.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


def ocr_cmd(
    file: Path = typer.Argument(..., help="Image (PNG, JPEG, TIFF, WebP, BMP, GIF) or PDF to read."),
    out: OutputFormat = typer.Option(
        OutputFormat.text, "--out", help="text: the text only; json: pages, lines, boxes."
    ),
    languages: str = typer.Option("vie", "--languages", "-l", help="vie, vie+eng or eng."),
    force_ocr: bool = typer.Option(False, "--force-ocr", help="OCR every PDF page, even those with a text layer."),
) -> None:
    """Read the text of a scanned document or photo (PDF text layers are kept; scanned pages are OCR'd)."""
    import base64

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from nonla.core.errors import NotFound
    from nonla.functions.vision.ocr_pages import page_progress
    from nonla.local import run_one

    if not file.is_file():
        raise NotFound(f"There is no file at {file}.", hint="Check the path of the file to read.")
    fields = {"data": base64.b64encode(file.read_bytes()).decode("ascii"), "languages": languages,
              "force_ocr": force_ocr}  # fmt: skip
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(f"Reading {file.name}", total=None)
        with page_progress(lambda done, total: bar.update(task, completed=done, total=total)):
            result = run_one("vision.ocr", fields)
    if out is OutputFormat.json:
        print(json.dumps(result.model_dump(mode="json"), ensure_ascii=False))
    else:
        print(result.text.replace("\f", "\n\n"))  # type: ignore[attr-defined]

"""`nonla ocr FILE`: read a scan, photo or PDF through vision.ocr (audited like every call), page by page.

The generic `nonla run vision.ocr --field data=<base64>` works too; this command reads the file and shows a
progress bar for PDFs. Heavy modules are imported inside the command so `nonla --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path

import typer

from nonla.cli_files import OutputFormat, print_result, run_file


def ocr_cmd(
    file: Path = typer.Argument(..., help="Image (PNG, JPEG, TIFF, WebP, BMP, GIF) or PDF to read."),
    out: OutputFormat = typer.Option(
        OutputFormat.text, "--out", help="text: the text only; json: pages, lines, boxes."
    ),
    languages: str = typer.Option("vie", "--languages", "-l", help="vie, vie+eng or eng."),
    force_ocr: bool = typer.Option(False, "--force-ocr", help="OCR every PDF page, even those with a text layer."),
) -> None:
    """Read the text of a scanned document or photo (PDF text layers are kept; scanned pages are OCR'd)."""
    from rich.progress import MofNCompleteColumn

    from nonla.functions.vision.ocr_pages import page_progress

    result = run_file("vision.ocr", file, {"languages": languages, "force_ocr": force_ocr}, what="the file to read",
                      doing="Reading", hook=page_progress, count=MofNCompleteColumn())  # fmt: skip
    print_result(result, out, result.text.replace("\f", "\n\n"))

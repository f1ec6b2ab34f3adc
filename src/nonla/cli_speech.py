"""`nonla transcribe FILE`: a recording (WAV, MP3, Ogg, FLAC) to text through speech.asr (audited like every call),
with a progress bar over the audio, span by span, as `nonla ocr` shows pages.

The generic `nonla run speech.asr --field data=<base64>` works too. Heavy modules are imported inside the command
so `nonla --help` stays fast.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from nonla.cli_vision import OutputFormat  # text or json, as `nonla ocr` takes it


def transcribe_cmd(
    file: Path = typer.Argument(..., help="Recording: WAV, MP3, Ogg (Vorbis or Opus) or FLAC, at most 30 minutes."),
    out: OutputFormat = typer.Option(
        OutputFormat.text, "--out", help="text: the transcript only; json: segments and word timings too."
    ),
    words: bool = typer.Option(True, "--words/--no-words", help="Align each word's time (a second model pass)."),
) -> None:
    """Transcribe Vietnamese speech to text."""
    import base64

    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from nonla.core.errors import NotFound
    from nonla.functions.speech.audio import audio_progress
    from nonla.local import run_one

    if not file.is_file():
        raise NotFound(f"There is no file at {file}.", hint="Check the path of the recording.")
    fields = {"data": base64.b64encode(file.read_bytes()).decode("ascii"), "words": words}
    columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed:.0f} s"),
               TimeRemainingColumn())  # fmt: skip
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(f"Transcribing {file.name}", total=None)
        with audio_progress(lambda done, total: bar.update(task, completed=done, total=total)):
            result = run_one("speech.asr", fields)
    if out is OutputFormat.json:
        print(json.dumps(result.model_dump(mode="json"), ensure_ascii=False))
    else:
        print(result.text)  # type: ignore[attr-defined]

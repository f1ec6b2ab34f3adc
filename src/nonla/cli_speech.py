"""`nonla transcribe FILE`: a recording (WAV, MP3, Ogg, FLAC) to text through speech.asr (audited like every call),
with a progress bar over the audio, span by span, as `nonla ocr` shows pages.

The generic `nonla run speech.asr --field data=<base64>` works too. Heavy modules are imported inside the command
so `nonla --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path

import typer

from nonla.cli_files import OutputFormat, print_result, run_file


def transcribe_cmd(
    file: Path = typer.Argument(..., help="Recording: WAV, MP3, Ogg (Vorbis or Opus) or FLAC, at most 30 minutes."),
    out: OutputFormat = typer.Option(
        OutputFormat.text, "--out", help="text: the transcript only; json: segments and word timings too."
    ),
    words: bool = typer.Option(True, "--words/--no-words", help="Align each word's time (a second model pass)."),
) -> None:
    """Transcribe Vietnamese speech to text."""
    from rich.progress import TextColumn

    from nonla.functions.speech.audio import audio_progress

    result = run_file("speech.asr", file, {"words": words}, what="the recording", doing="Transcribing",
                      hook=audio_progress, count=TextColumn("{task.completed:.0f} s"))  # fmt: skip
    print_result(result, out, result.text)

"""speech.tts — Vietnamese text to speech with espeak-ng (northern, central or southern voice), as a WAV file.

>>> import nonla
>>> out = nonla.run("speech.tts", text="Xin chào", voice="vi-vn-x-south")
>>> out.sample_rate, out.duration > 0.3
(22050, True)
"""

from __future__ import annotations

import base64
import io
import shutil
import subprocess
import wave
from typing import Literal

from pydantic import BaseModel, Field

from nonla.core.errors import ModelUnavailable
from nonla.core.function import Card, Risk, Text, function
from nonla.core.models import Models

Voice = Literal["vi", "vi-vn-x-central", "vi-vn-x-south"]
MAX_TTS_CHARS = 5000


class Input(BaseModel):
    text: Text = Field(max_length=MAX_TTS_CHARS, description="Vietnamese text (with diacritics reads best).")
    voice: Voice = Field("vi", description="vi: northern; vi-vn-x-central: central; vi-vn-x-south: southern.")
    speed: int = Field(150, ge=80, le=320, description="Words per minute.")


class Output(BaseModel):
    data: str = Field(description="The speech as a 16-bit mono WAV file, base64.")
    sample_rate: int
    duration: float = Field(description="Seconds.")
    voice: Voice


CARD = Card(
    summary="Vietnamese text to speech (espeak-ng formant voices: northern, central, southern) as a WAV file.",
    languages=["vi"],
    licence="Apache-2.0 (code); espeak-ng (GPL-3.0-or-later, run as a separate program, Debian package)",
    models=[],
    metrics={
        "round-trip WER % (northern)": 79.19,
        "sentences understood % (northern)": 0.0,
        "round-trip WER % (central)": 88.83,
        "sentences understood % (central)": 0.0,
        "round-trip WER % (southern)": 87.15,
        "sentences understood % (southern)": 0.0,
    },
    peers={},
    evaluation="python evaluation/speech_tts.py",
    evaluation_data="50 UD-VTB test sentences (716 words) spoken in each voice and transcribed by speech.asr "
    "(viet-asr); 'understood' = at most one wrong word in the sentence",
    risk=Risk.LIMITED,
    intended_use="Reading notices, answers and queue numbers aloud at kiosks and hotlines; accessibility.",
    limitations="No neural Vietnamese voice can be had offline, so the voice is espeak-ng's formant synthesis: "
    "robotic, with flat tones in long sentences; the speech recogniser gets 79-89 % of its words wrong (see "
    "metrics), so expect listeners to need the text too, and do not use it where a misheard word matters. Text without diacritics is read as written "
    "(wrong tones): restore the marks with vi.diacritics first. Numbers and abbreviations are read digit by digit "
    "or letter by letter.",
    examples=[
        {"text": "Xin chào, đây là tổng đài dịch vụ công."},
        {"text": "Mời số 25 đến quầy 3.", "voice": "vi-vn-x-south"},
    ],
)


def synthesise(text: str, voice: str, speed: int) -> bytes:
    program = shutil.which("espeak-ng")
    if program is None:
        raise ModelUnavailable("speech.tts needs the espeak-ng program.", hint="sudo apt-get install espeak-ng")
    # The text goes through stdin so that nothing in it can be read as an option.
    done = subprocess.run([program, "-v", voice, "-s", str(speed), "-b", "1", "--stdout"], input=text.encode("utf-8"),
                          capture_output=True, timeout=300, check=False)  # fmt: skip
    if done.returncode != 0 or not done.stdout.startswith(b"RIFF"):
        raise ModelUnavailable(f"espeak-ng failed ({done.stderr.decode(errors='replace')[:200]}).",
                               hint="Check that its Vietnamese voices are installed: espeak-ng --voices=vi")  # fmt: skip
    return done.stdout


def _wav_header_fixed(wav: bytes) -> tuple[bytes, int, float]:
    """espeak-ng writes an open-ended header to stdout; rewrite it with the real length."""
    data_at = wav.find(b"data") + 8
    rate = int.from_bytes(wav[24:28], "little")
    pcm = wav[data_at:]
    pcm = pcm[: len(pcm) // 2 * 2]
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(pcm)
    return out.getvalue(), rate, round(len(pcm) / 2 / rate, 3)


@function("speech.tts", version=1, card=CARD, batch_size=8)
def run(batch: list[Input], models: Models) -> list[Output]:
    outputs = []
    for item in batch:
        wav, rate, seconds = _wav_header_fixed(synthesise(item.text, item.voice, item.speed))
        outputs.append(Output(data=base64.b64encode(wav).decode("ascii"), sample_rate=rate, duration=seconds,
                              voice=item.voice))  # fmt: skip
    return outputs

"""speech.asr — Vietnamese speech to text, with the time of each spoken segment.

>>> import nonla
>>> from nonla.functions.speech.examples import HELLO_WAV
>>> out = nonla.run("speech.asr", data=HELLO_WAV)
>>> out.sample_rate, out.text.split()[:2]
(8000, ['hôm', 'nay'])
"""

from __future__ import annotations

import atexit
import threading
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from nonla.core.errors import ModelUnavailable
from nonla.core.function import Card, Risk, function
from nonla.core.models import ModelRef, Models
from nonla.functions.speech.audio import MAX_AUDIO_CHARS, decode, speech_spans
from nonla.functions.speech.examples import HELLO_WAV

ASR_MODEL = ModelRef("viet-asr", "0.1.0.dev11", file="_native/libvietasr.so", source="package:vietasr",
                     sha256="0b4a3e8ebe72e7aa8342d66b19c60a73061d3032877eba5def0a1ce900e4cb52",
                     licence="Apache-2.0 (viet-asr, ONNX model inside its library)")  # fmt: skip


class Input(BaseModel):
    data: str = Field(json_schema_extra={"contentEncoding": "base64"}, min_length=1, max_length=MAX_AUDIO_CHARS,
                      description="The audio, base64: a 16-bit PCM WAV file (any rate, mono or stereo), or raw "
                      "16-bit little-endian PCM with format='pcm_s16le'. At most 30 minutes.")  # fmt: skip
    format: Literal["wav", "pcm_s16le"] = "wav"
    sample_rate: int | None = Field(None, ge=4000, le=192_000, description="Raw PCM only: samples per second.")


class Segment(BaseModel):
    start: float = Field(description="Seconds from the start.")
    end: float
    text: str


class Output(BaseModel):
    text: str = Field(description="The whole transcript: lower case, without punctuation.")
    segments: list[Segment]
    duration: float
    sample_rate: int


CARD = Card(
    summary="Vietnamese speech recognition: a WAV or PCM recording to text, with timed segments.",
    languages=["vi"],
    licence="Apache-2.0 (code); viet-asr 0.1.0.dev11 (Apache-2.0)",
    models=[ASR_MODEL],
    metrics={
        "WER % (as synthesised (22.05 kHz))": 79.19,
        "WER % (telephone (8 kHz))": 81.28,
        "WER % (white noise, 20 dB SNR)": 76.12,
        "CER % (as synthesised (22.05 kHz))": 55.28,
    },
    peers={},
    evaluation="python evaluation/speech_asr.py",
    evaluation_data="SYNTHETIC speech: 50 UD-VTB test sentences (716 words) spoken by espeak-ng's northern voice, "
    "as synthesised, at 8 kHz and with white noise at 20 dB SNR; no real recordings we may redistribute are at hand",
    risk=Risk.LIMITED,
    intended_use="Transcribing hotline calls, voice messages and meetings in Vietnamese for search and triage.",
    limitations="Measured here only on synthetic speech: espeak-ng's robotic voice is far from the real speech "
    "viet-asr was trained on, hence the high WER above; its authors report about 10 % WER on real speech, which "
    "we have not been able to check. Output is lower case without punctuation; names, numbers and foreign words are often misheard. "
    "Segments are cut at pauses by loudness, so noisy recordings give long segments.",
    examples=[{"data": HELLO_WAV}],
)


class Recogniser:
    """viet-asr's 'transcribe' pipeline; one native pipeline, so calls are serialised."""

    def __init__(self, path: Path) -> None:
        try:
            import vietasr
        except ImportError:
            raise ModelUnavailable(
                "speech.asr needs the 'viet-asr' package.", hint="pip install 'nonla[speech]'"
            ) from None
        self._pipeline = vietasr.Pipeline.preset("transcribe")
        self._lock = threading.Lock()
        atexit.register(self.close)  # freed later, at module teardown, its finaliser prints a traceback

    def close(self) -> None:
        with self._lock:
            self._pipeline.close()

    def transcribe(self, samples: Any, rate: int) -> str:
        import numpy as np

        # The recogniser drops words at the very edges of a clip: give it some silence on both sides.
        pad = np.zeros(int(rate * 0.4), dtype=np.int16)
        with self._lock:
            text = self._pipeline.transcribe(np.concatenate([pad, samples, pad]), float(rate)).text
        return " ".join(text.split())


def transcribe(recogniser: Recogniser, samples: Any, rate: int) -> Output:
    segments = []
    for start, end in speech_spans(samples, rate):
        text = recogniser.transcribe(samples[start:end], rate)
        if text:
            segments.append(Segment(start=round(start / rate, 2), end=round(end / rate, 2), text=text))
    return Output(text=" ".join(s.text for s in segments), segments=segments,
                  duration=round(len(samples) / rate, 3), sample_rate=rate)  # fmt: skip


@function("speech.asr", version=1, card=CARD, batch_size=4)
def run(batch: list[Input], models: Models) -> list[Output]:
    recogniser = models.load(ASR_MODEL, Recogniser)
    outputs = []
    for item in batch:
        samples, rate = decode(item.data, item.format, item.sample_rate)
        outputs.append(transcribe(recogniser, samples, rate))
    return outputs

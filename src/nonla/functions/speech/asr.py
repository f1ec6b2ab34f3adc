"""speech.asr — Vietnamese speech to text, with the time of each spoken segment and word.

Off until an operator accepts its model's unverified licence (see the card), as this example does:

>>> import os
>>> os.environ["NONLA_ACCEPT_UNVERIFIED_MODELS"] = "speech.asr"
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

from nonla.core.config import settings
from nonla.core.errors import ModelNotCleared, ModelUnavailable
from nonla.core.function import Card, Risk, function
from nonla.core.models import ModelRef, Models
from nonla.functions.speech.asr_words import ONNX_SHA256, WordAligner
from nonla.functions.speech.audio import MAX_AUDIO_CHARS, decode, report_progress, speech_spans
from nonla.functions.speech.examples import HELLO_WAV

ASR_MODEL = ModelRef("viet-asr", "0.1.0.dev11", file="_native/libvietasr.so", source="package:vietasr",
                     sha256="0b4a3e8ebe72e7aa8342d66b19c60a73061d3032877eba5def0a1ce900e4cb52",
                     licence="Apache-2.0 as the viet-asr wheel states it; the embedded model's own licence is unverified")  # fmt: skip


class Input(BaseModel):
    data: str = Field(json_schema_extra={"contentEncoding": "base64"}, min_length=1, max_length=MAX_AUDIO_CHARS,
                      description="The audio, base64: a WAV, MP3, Ogg (Vorbis or Opus) or FLAC file (any rate, mono "
                      "or stereo), or raw 16-bit little-endian PCM with format='pcm_s16le'. At most 30 minutes.")  # fmt: skip
    format: Literal["auto", "wav", "mp3", "ogg", "flac", "pcm_s16le"] = Field(
        "auto", description="'auto' reads the file's own header; only raw PCM must be named."
    )
    words: bool = Field(True, description="Also give each word's start and end, aligned on the model's frames.")
    sample_rate: int | None = Field(None, ge=4000, le=192_000, description="Raw PCM only: samples per second.")


class Segment(BaseModel):
    start: float = Field(description="Seconds from the start.")
    end: float
    text: str


class Word(BaseModel):
    word: str
    start: float = Field(description="Seconds from the start, to the model's 40 ms frame.")
    end: float


class Output(BaseModel):
    text: str = Field(description="The whole transcript: lower case, without punctuation.")
    segments: list[Segment]
    duration: float
    sample_rate: int
    words: list[Word] | None = Field(None, description="Each word of the transcript in order, with its time.")


CARD = Card(
    summary="Vietnamese speech recognition: a WAV, MP3, Ogg or FLAC recording (or raw PCM) to text, with timed "
    "segments and word timings.",
    languages=["vi"],
    licence="Apache-2.0 (code); viet-asr 0.1.0.dev11: the wheel says Apache-2.0, but the licence of the model "
    "weights inside it is UNVERIFIED (see limitations)",
    models=[ASR_MODEL],
    metrics={
        "WER % (10 natural-sounding clips, 133 words)": 6.02,
        "CER % (10 natural-sounding clips)": 3.95,
        "espeak-ng WER % (as synthesised (22.05 kHz))": 79.19,
        "espeak-ng WER % (telephone (8 kHz))": 81.28,
        "espeak-ng WER % (white noise, 20 dB SNR)": 76.12,
        "espeak-ng CER % (as synthesised (22.05 kHz))": 55.28,
    },
    peers={},
    evaluation="python evaluation/speech_asr.py",
    evaluation_data="10 natural-sounding clips (35 s, 133 words once numbers are read out; 4 northern and 2 "
    "southern preset-voice samples and 4 voice-cloning reference clips shipped in the Apache-2.0 vieneu 3.8.3 wheel, "
    "in tests/data/speech_asr; who spoke them is not stated, and at 133 words one error moves the WER by 0.75 "
    "point), and SYNTHETIC speech: 50 UD-VTB test sentences (716 words) spoken by espeak-ng's northern voice, as "
    "synthesised, at 8 kHz and with white noise at 20 dB SNR. No larger set of Vietnamese recordings with "
    "transcripts that we may redistribute was found (searched: this machine's files, the packages installed here, "
    "the shared data sets, the package lists)",
    risk=Risk.LIMITED,
    intended_use="Transcribing hotline calls, voice messages and meetings in Vietnamese for search and triage.",
    limitations="Provenance: viet-asr's wheel (METADATA: Apache-2.0, 'vietasr contributors', "
    "github.com/dangvansam/viet-asr; no LICENSE file or model card inside) embeds one ONNX model in "
    "libvietasr.so: a streaming Conformer with a CTC head over 4,968 BPE pieces (tf2onnx 1.17.0, 69,420,285 "
    f"bytes, sha256 {ONNX_SHA256}). Its training data is not stated anywhere in the wheel or the project's "
    "documents, and the model's own doc string reads 'converted from /home/samdv/Debug Zalo Tiktok "
    "iOS/zasr_dump/model/encoder.tflite', which suggests weights taken from another vendor's mobile app: the "
    "Apache-2.0 of the wheel cannot be assumed to cover them; clear the licence before shipping this function. "
    "It therefore refuses calls (HTTP 451, model_licence_unverified) until an operator allows it with "
    "NONLA_ACCEPT_UNVERIFIED_MODELS=speech.asr after their own legal review. "
    "Accuracy on natural speech is measured on only 10 short, clean studio-like clips of unstated origin (6 % WER): "
    "not a test on phone calls, noise or spontaneous speech; espeak-ng's robotic voice, far from real speech, gives "
    "the high espeak-ng WER above. Output is lower case without punctuation; names, "
    "numbers and foreign words are often misheard. Segments are cut at pauses by loudness (at most 25 s each), so "
    "noisy recordings give long segments. Word timings come from aligning the transcript on the model's 40 ms "
    "frames (a CTC model marks a word where it recognises it, so a word's end is often early) and cost a second "
    "pass of the model (words=false skips it). MP3, Ogg and FLAC need the soundfile wheel (nonla[speech]).",
    examples=[{"data": HELLO_WAV}, {"data": HELLO_WAV, "words": False}],
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


def transcribe(recogniser: Recogniser, samples: Any, rate: int, aligner: WordAligner | None = None) -> Output:
    """Span by span (pauses, at most 25 s each), so memory stays bounded however long the recording; progress
    is reported in seconds of audio done after each span."""
    segments, words, spans = [], [], speech_spans(samples, rate)
    for start, end in spans:
        text = recogniser.transcribe(samples[start:end], rate)
        if text:
            segments.append(Segment(start=round(start / rate, 2), end=round(end / rate, 2), text=text))
            if aligner is not None:
                for word, begin, finish in aligner.align(text.split(), samples[start:end], rate):
                    words.append(Word(word=word, start=round(start / rate + begin, 2),
                                      end=round(min(end, start + finish * rate) / rate, 2)))  # fmt: skip
        report_progress(round(end / rate, 2), round(len(samples) / rate, 2))
    report_progress(round(len(samples) / rate, 2), round(len(samples) / rate, 2))
    return Output(text=" ".join(s.text for s in segments), segments=segments, duration=round(len(samples) / rate, 3),
                  sample_rate=rate, words=words if aligner is not None else None)  # fmt: skip


@function("speech.asr", version=1, card=CARD, batch_size=4)
def run(batch: list[Input], models: Models) -> list[Output]:
    if "speech.asr" not in settings().accepted_unverified:  # see the card: the model's licence is unverified
        raise ModelNotCleared(
            "speech.asr is off: the licence of its model (inside the viet-asr wheel) could not be verified."
        )
    recogniser = models.load(ASR_MODEL, Recogniser)
    outputs = []
    for item in batch:
        samples, rate = decode(item.data, item.format, item.sample_rate)
        aligner = models.load(ASR_MODEL, WordAligner) if item.words else None
        outputs.append(transcribe(recogniser, samples, rate, aligner))
    return outputs

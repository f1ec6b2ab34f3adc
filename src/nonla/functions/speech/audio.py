"""Audio as the speech functions take and give it: base64 WAV, MP3, Ogg or FLAC (or raw 16-bit PCM), mono int16
samples.

>>> import numpy as np
>>> wav = wav_bytes(np.zeros(1600, dtype=np.int16), 16000)
>>> samples, rate = decode(base64.b64encode(wav).decode(), "wav", None)
>>> (len(samples), rate)
(1600, 16000)
"""

from __future__ import annotations

import base64
import binascii
import io
import struct
import wave
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from nonla.core.errors import InvalidInput

MAX_AUDIO_BYTES = 50 * 1024 * 1024
MAX_AUDIO_CHARS = (MAX_AUDIO_BYTES + 2) // 3 * 4 + 200
MAX_SECONDS = 30 * 60
_BLOCK = 1 << 18  # frames decoded at a time: a few MB of float samples, whatever the recording's length

# (seconds of audio done, seconds in the recording): set by a caller that shows progress, read span by span.
_progress: ContextVar[Callable[[float, float], None] | None] = ContextVar("nonla_speech_progress", default=None)


@contextmanager
def audio_progress(callback: Callable[[float, float], None]) -> Iterator[None]:
    """Report each stretch of audio transcribed in this context (the runner calls functions in the caller's thread
    and context), as vision.ocr reports pages."""
    token = _progress.set(callback)
    try:
        yield
    finally:
        _progress.reset(token)


def report_progress(done: float, total: float) -> None:
    callback = _progress.get()
    if callback is not None:
        callback(done, total)


def _bytes(encoded: str) -> bytes:
    text = encoded.split(",", 1)[1] if encoded.startswith("data:") else encoded
    text = "".join(text.split())
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput("Field 'data' is not base64: send the audio's bytes base64-encoded.",
                           hint="Encode the file, e.g. `base64 -w0 call.wav`.", field="data") from None  # fmt: skip


def decode(encoded: str, kind: str, sample_rate: int | None) -> tuple[Any, int]:
    """(mono int16 samples, sample rate) from a base64 audio file (WAV, MP3, Ogg Vorbis/Opus, FLAC) or raw
    little-endian 16-bit PCM."""
    import numpy as np

    raw = _bytes(encoded)
    if kind == "pcm_s16le":
        if sample_rate is None:
            raise InvalidInput(
                "Raw PCM needs its sample_rate.", hint="For example sample_rate=16000.", field="sample_rate"
            )
        samples, rate, channels = np.frombuffer(raw[: len(raw) // 2 * 2], dtype="<i2"), sample_rate, 1
    elif raw[:4] == b"RIFF" and raw[8:12] == b"WAVE" and raw[20:22] == b"\x01\x00" and raw[34:36] == b"\x10\x00":
        samples, rate, channels = _pcm16_wav(raw)  # the common case needs no decoder library
    elif kind == "wav" and not (raw[:4] == b"RIFF" and raw[8:12] == b"WAVE"):
        raise InvalidInput("Field 'data' is not a WAV file.", field="data",
                           hint="Send a WAV, MP3, Ogg or FLAC file, or raw PCM with format='pcm_s16le'.")  # fmt: skip
    else:
        samples, rate, channels = _any_file(raw)
    if channels > 1:  # summed in int32: a float64 mean would take four times the samples' memory
        by_frame = samples[: len(samples) // channels * channels].reshape(-1, channels)
        samples = (by_frame.sum(axis=1, dtype=np.int32) // channels).astype(np.int16)
    _check_rate(rate)
    if len(samples) < rate // 10:
        raise InvalidInput("The audio is shorter than 0.1 seconds.", field="data")
    if len(samples) > rate * MAX_SECONDS:
        raise InvalidInput("The audio is longer than 30 minutes.", hint="Split it into parts.", field="data")
    return np.ascontiguousarray(samples, dtype=np.int16), int(rate)


def _check_rate(rate: int) -> None:
    if not 4000 <= rate <= 192_000:
        raise InvalidInput(
            f"A sample rate of {rate} Hz is not supported.", hint="Record or convert it at 4,000 to 192,000 Hz "
            "(16,000 Hz is what the model hears).", field="data"
        )


def _pcm16_wav(raw: bytes) -> tuple[Any, int, int]:
    import numpy as np

    try:
        with wave.open(io.BytesIO(raw)) as reader:
            rate, channels = reader.getframerate(), reader.getnchannels()
            pcm = reader.readframes(reader.getnframes())
            return np.frombuffer(pcm[: len(pcm) // 2 * 2], dtype="<i2"), rate, channels
    except (wave.Error, EOFError, RuntimeError, struct.error):  # a chunk running past the end raises RuntimeError
        raise InvalidInput("The WAV file could not be read.", hint="Check that the file is complete.",
                           field="data") from None  # fmt: skip


def _any_file(raw: bytes) -> tuple[Any, int, int]:
    """Decoded by libsndfile (bundled in the soundfile wheel): WAV of any depth, MP3, Ogg Vorbis/Opus, FLAC.

    The length comes from the header before anything is decoded: a few MB of compressed silence can hold hours, and a
    damaged MP3 header can claim billions of frames. The audio is then read block by block and mixed down to mono
    int16 as it comes, so memory stays at the mono recording's size."""
    import numpy as np

    try:
        import soundfile
    except ImportError:
        raise InvalidInput("Only 16-bit PCM WAV files can be read here.", field="data",
                           hint="pip install 'nonla[speech]' to read MP3, Ogg and FLAC.") from None  # fmt: skip
    try:
        with soundfile.SoundFile(io.BytesIO(raw)) as audio:
            rate, frames = int(audio.samplerate), int(audio.frames)
            _check_rate(rate)
            if frames > rate * MAX_SECONDS:
                raise InvalidInput(f"The file says it holds {frames / rate / 60:,.0f} minutes of audio; the limit is "
                                   "30 minutes.", field="data", hint="Split it into parts; if it is shorter than "
                                   "that, its header is damaged: convert it again, e.g. `ffmpeg -i in.mp3 out.wav`.")  # fmt: skip
            samples, done = np.empty(frames, dtype=np.int16), 0
            while done < frames:
                block = audio.read(min(_BLOCK, frames - done), dtype="float32", always_2d=True)
                if not len(block):
                    break
                samples[done : done + len(block)] = _pcm16(block)
                done += len(block)
    except (RuntimeError, ValueError, TypeError, EOFError, MemoryError):  # libsndfile's errors are RuntimeErrors
        raise InvalidInput("The audio could not be read: it is not a complete WAV, MP3, Ogg or FLAC file.",
                           hint="Check the file, or convert it, e.g. `ffmpeg -i in.m4a out.wav`.",
                           field="data") from None  # fmt: skip
    return samples[:done], rate, 1


def _pcm16(block: Any) -> Any:
    """Mono int16 from float frames (frames x channels) in [-1, 1].

    Read as float, not int16: libsndfile does not scale float WAV/AIFF/CAF samples to integers, so they would all
    round to 0 or ±1. A 16-bit sample read as float is n / 32768, so it comes back exactly."""
    import numpy as np

    mono = block.mean(axis=1) if block.shape[1] > 1 else block[:, 0]
    mono = np.nan_to_num(mono, nan=0.0, posinf=1.0, neginf=-1.0)
    return np.clip(np.rint(mono * 32768.0), -32768, 32767).astype(np.int16)


def wav_bytes(samples: Any, rate: int) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(samples.astype("<i2").tobytes())
    return out.getvalue()


def with_info(wav: bytes, info: dict[str, str]) -> bytes:
    """The WAV file with a RIFF LIST/INFO chunk (ICMT, ISFT, ...) put before its data chunk; readers that do not
    know it skip it.

    >>> marked = with_info(wav_bytes(__import__("numpy").zeros(800, dtype="<i2"), 8000), {"ICMT": "made here"})
    >>> read_info(marked), wave.open(io.BytesIO(marked)).getnframes()
    ({'ICMT': 'made here'}, 800)
    """
    entries = b""
    for key, value in info.items():
        text = value.encode("utf-8") + b"\0"
        entries += key.encode("ascii") + struct.pack("<I", len(text)) + text + b"\0" * (len(text) % 2)
    chunk = b"LIST" + struct.pack("<I", 4 + len(entries)) + b"INFO" + entries
    data_at = wav.find(b"data", 12)
    body = wav[12:data_at] + chunk + wav[data_at:]
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WAVE" + body


def read_info(wav: bytes) -> dict[str, str]:
    """The entries of a WAV file's LIST/INFO chunks."""
    found, at = {}, 12
    while at + 8 <= len(wav):
        kind, size = wav[at : at + 4], struct.unpack("<I", wav[at + 4 : at + 8])[0]
        if kind == b"LIST" and wav[at + 8 : at + 12] == b"INFO":
            inner, end = at + 12, at + 8 + size
            while inner + 8 <= end:
                key, length = wav[inner : inner + 4], struct.unpack("<I", wav[inner + 4 : inner + 8])[0]
                found[key.decode("ascii")] = wav[inner + 8 : inner + 8 + length].rstrip(b"\0").decode("utf-8")
                inner += 8 + length + length % 2
        at += 8 + size + size % 2
    return found


def speech_spans(samples: Any, rate: int, min_silence: float = 0.35, max_span: float = 25.0) -> list[tuple[int, int]]:
    """Sample ranges holding speech, split at pauses of at least min_silence seconds (energy in 30 ms frames,
    against the clip's own loudness), none longer than max_span seconds."""
    import numpy as np

    frame = max(1, int(rate * 0.03))
    count = len(samples) // frame
    if count == 0:
        return [(0, len(samples))]
    energy = np.sqrt(np.mean(samples[: count * frame].astype(np.float64).reshape(count, frame) ** 2, axis=1))
    floor = max(60.0, 0.08 * float(np.percentile(energy, 95)))
    voiced = energy > floor
    spans, start, quiet = [], None, 0
    gap, longest = int(min_silence / 0.03), int(max_span / 0.03)
    for i, loud in enumerate(voiced):
        if loud:
            start = i if start is None else start
            quiet = 0
        elif start is not None:
            quiet += 1
            if quiet >= gap:
                spans.append((start, i - quiet + 1))
                start, quiet = None, 0
        if start is not None and i - start >= longest:
            spans.append((start, i + 1))
            start, quiet = None, 0
    if start is not None:
        spans.append((start, count))
    pad = int(0.15 / 0.03)
    return [(max(0, a - pad) * frame, min(count, b + pad) * frame) for a, b in spans]

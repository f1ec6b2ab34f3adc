"""speech.asr with the real viet-asr model: WAV and raw PCM in, timed segments out; bad audio is a clear 4xx."""

from __future__ import annotations

import base64
import io
import wave
from pathlib import Path

import numpy as np
import pytest

import nonla
from nonla.core.errors import InvalidInput
from nonla.functions.speech.audio import speech_spans, wav_bytes
from nonla.functions.speech.examples import HELLO_WAV


def samples_of(b64: str) -> tuple[np.ndarray, int]:
    with wave.open(io.BytesIO(base64.b64decode(b64))) as reader:
        return np.frombuffer(reader.readframes(reader.getnframes()), dtype="<i2"), reader.getframerate()


def test_transcribes_the_example_with_segments() -> None:
    out = nonla.run("speech.asr", data=HELLO_WAV)
    assert out.text.startswith("hôm nay") and out.sample_rate == 8000 and 2.0 < out.duration < 2.4
    assert out.segments and out.segments[0].start < out.segments[-1].end <= out.duration + 0.01


def test_natural_speech_in_flac_is_heard_word_for_word() -> None:
    # A clean 4-second clip of natural-sounding speech (tests/data/speech_asr): every word, with word timings in order.
    clip = Path(__file__).resolve().parents[1] / "data" / "speech_asr" / "ref-example-4.flac"
    out = nonla.run("speech.asr", data=base64.b64encode(clip.read_bytes()).decode("ascii"))
    assert out.text == "tết là dịp mọi người háo hức đón chào một năm mới với nhiều hy vọng và mong ước"
    assert out.sample_rate == 24000 and 3.5 < out.duration < 4.5
    starts = [w.start for w in out.words or []]
    assert len(starts) == 19 and starts == sorted(starts)


def test_raw_pcm_and_stereo_give_the_same_words() -> None:
    samples, rate = samples_of(HELLO_WAV)
    pcm = base64.b64encode(samples.astype("<i2").tobytes()).decode()
    assert (
        nonla.run("speech.asr", data=pcm, format="pcm_s16le", sample_rate=rate).text
        == nonla.run("speech.asr", data=HELLO_WAV).text
    )
    stereo = np.repeat(samples, 2)
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(2)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(stereo.astype("<i2").tobytes())
    assert nonla.run("speech.asr", data=base64.b64encode(out.getvalue()).decode()).text.startswith("hôm nay")


def test_pauses_split_segments() -> None:
    rate = 8000
    tone = (3000 * np.sin(np.arange(rate) * 2 * np.pi * 220 / rate)).astype(np.int16)
    clip = np.concatenate([tone, np.zeros(rate, dtype=np.int16), tone])
    assert len(speech_spans(clip, rate)) == 2


def test_bad_audio_is_a_clear_error() -> None:
    silence = base64.b64encode(wav_bytes(np.zeros(400, dtype=np.int16), 8000)).decode()  # 0.05 s
    for data, extra in (("không phải base64", {}), (base64.b64encode(b"RIFF....WAVE" + b"\x00" * 40).decode(), {}),
                        (base64.b64encode(b"ID3" + b"\x00" * 100).decode(), {}), (silence, {}),
                        (base64.b64encode(b"\x00" * 100).decode(), {"format": "pcm_s16le"})):  # fmt: skip
        with pytest.raises(InvalidInput) as bad:
            nonla.run("speech.asr", data=data, **extra)
        assert bad.value.http_status == 422 and bad.value.hint


def test_refused_until_an_operator_accepts_the_unverified_model(monkeypatch: pytest.MonkeyPatch) -> None:
    from fastapi.testclient import TestClient

    from nonla.api.app import create_app
    from nonla.core.errors import ModelNotCleared
    from nonla.governance import keys

    monkeypatch.delenv("NONLA_ACCEPT_UNVERIFIED_MODELS")
    with pytest.raises(ModelNotCleared) as refused:
        nonla.run("speech.asr", data=HELLO_WAV)
    assert refused.value.http_status == 451 and "NONLA_ACCEPT_UNVERIFIED_MODELS" in refused.value.hint
    key, _ = keys.create_key("caller", "hotline")
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        response = client.post("/v1/functions/speech.asr", headers={"Authorization": f"Bearer {key}"},
                               json={"data": HELLO_WAV})  # fmt: skip
    assert response.status_code == 451 and response.json()["error"]["code"] == "model_licence_unverified"
    monkeypatch.setenv("NONLA_ACCEPT_UNVERIFIED_MODELS", "vision.faces, speech.asr")
    assert nonla.run("speech.asr", data=HELLO_WAV).text.startswith("hôm nay")

"""speech.tts with the real espeak-ng: a valid WAV in each Vietnamese voice, text never read as options."""

from __future__ import annotations

import base64
import io
import wave

import pytest

import nonla
from nonla.core.errors import InvalidInput


@pytest.mark.parametrize("voice", ["vi", "vi-vn-x-central", "vi-vn-x-south"])
def test_each_voice_gives_a_wav(voice: str) -> None:
    out = nonla.run("speech.tts", text="Mời công dân số 25 đến quầy số 3.", voice=voice)
    with wave.open(io.BytesIO(base64.b64decode(out.data))) as reader:
        assert reader.getnchannels() == 1 and reader.getsampwidth() == 2
        assert reader.getframerate() == out.sample_rate == 22050
        assert abs(reader.getnframes() / reader.getframerate() - out.duration) < 0.01
    assert 1.0 < out.duration < 6.0 and out.voice == voice


def test_speed_and_option_like_text() -> None:
    slow = nonla.run("speech.tts", text="Xin chào các bạn", speed=100).duration
    fast = nonla.run("speech.tts", text="Xin chào các bạn", speed=250).duration
    assert slow > fast
    assert nonla.run("speech.tts", text="--help -v en").duration > 0.3


def test_bad_input() -> None:
    for fields in ({"text": "  "}, {"text": "Xin chào", "voice": "en"}, {"text": "Xin chào", "speed": 10}):
        with pytest.raises(InvalidInput):
            nonla.run("speech.tts", **fields)

"""speech.asr beyond WAV: MP3 and Ogg (Vorbis, Opus) at other rates give the WAV's words, word timings follow the
audio, and a long recording is transcribed span by span with progress."""

from __future__ import annotations

import base64
import difflib
import io
import json
import os
import shutil
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

import nonla
from nonla.core.errors import InvalidInput
from nonla.functions.speech.asr import ASR_MODEL
from nonla.functions.speech.asr_words import WordAligner
from nonla.functions.speech.audio import audio_progress, wav_bytes
from nonla.functions.speech.examples import HELLO_WAV


def hello() -> tuple[np.ndarray, int]:
    with wave.open(io.BytesIO(base64.b64decode(HELLO_WAV))) as reader:
        return np.frombuffer(reader.readframes(reader.getnframes()), dtype="<i2"), reader.getframerate()


def encoded(samples: np.ndarray, rate: int, kind: str, subtype: str) -> str:
    import soundfile

    out = io.BytesIO()
    soundfile.write(out, samples, rate, format=kind, subtype=subtype)
    return base64.b64encode(out.getvalue()).decode()


def b64_wav(samples: np.ndarray, rate: int) -> str:
    return base64.b64encode(wav_bytes(samples, rate)).decode()


def words_of(text: str) -> set[str]:
    return set(text.split())


def test_mp3_and_ogg_give_the_words_of_the_wav() -> None:
    pytest.importorskip("soundfile")
    samples, rate = hello()
    wav = nonla.run("speech.asr", data=HELLO_WAV, words=False).text
    assert wav.startswith("hôm nay")
    for kind, subtype, at in (("MP3", "MPEG_LAYER_III", 16000), ("OGG", "VORBIS", 22050), ("OGG", "OPUS", 48000)):
        resampled = np.interp(np.arange(len(samples) * at // rate) * rate / at, np.arange(len(samples)), samples)
        out = nonla.run("speech.asr", data=encoded(resampled.astype(np.int16), at, kind, subtype), words=False)
        assert out.sample_rate == at and abs(out.duration - len(samples) / rate) < 0.1, (kind, subtype)
        # lossy codecs may change a word at most; the sentence stays the WAV's
        assert len(words_of(out.text) & words_of(wav)) >= len(words_of(wav)) - 1, (kind, subtype, out.text, wav)


def test_unreadable_audio_is_a_clear_4xx() -> None:
    pytest.importorskip("soundfile")
    samples, rate = hello()
    mp3 = base64.b64decode(encoded(samples, rate, "MP3", "MPEG_LAYER_III"))
    # a PCM WAV header followed by noise: the noise reads as chunks whose sizes run past the end of the file
    truncated_wav = wav_bytes(samples, rate)[:36] + bytes((i * 73 + 41) % 256 for i in range(2048))
    for raw, kind in ((mp3[:40], "auto"), (b"OggS" + b"\x00" * 200, "auto"), (b"\xff\xfb" + b"\x13" * 300, "mp3"),
                      (b"%PDF-1.4 not audio" * 20, "auto"), (mp3, "wav"), (truncated_wav, "auto")):  # fmt: skip
        with pytest.raises(InvalidInput) as bad:
            nonla.run("speech.asr", data=base64.b64encode(raw).decode(), format=kind)
        assert bad.value.http_status == 422 and bad.value.hint and bad.value.code == "invalid_input"


def test_float_wav_gives_the_words_of_the_int16_wav() -> None:
    # libsndfile does not scale float samples to int16: read as int16 they were all 0 or ±1, and nothing was heard
    pytest.importorskip("soundfile")
    samples, rate = hello()
    wav = nonla.run("speech.asr", data=HELLO_WAV, words=False).text
    assert wav.startswith("hôm nay")
    floats = (samples.astype(np.float32) / 32768).reshape(-1, 1)
    assert nonla.run("speech.asr", data=encoded(floats, rate, "WAV", "FLOAT"), words=False).text == wav
    stereo = np.repeat(floats.astype(np.float64), 2, axis=1)
    assert nonla.run("speech.asr", data=encoded(stereo, rate, "AIFF", "DOUBLE"), words=False).text == wav


def refused_undecoded(raw: bytes, monkeypatch: pytest.MonkeyPatch) -> InvalidInput:
    """The error for audio that must be refused from its header, before a single sample is decoded."""
    soundfile = pytest.importorskip("soundfile")

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("decoded: a header claiming hours of audio is refused before any sample is read")

    monkeypatch.setattr(soundfile.SoundFile, "read", never)
    with pytest.raises(InvalidInput) as bad:
        nonla.run("speech.asr", data=base64.b64encode(raw).decode())
    assert bad.value.code == "invalid_input" and "30 minutes" in bad.value.message and bad.value.hint
    return bad.value


def test_compressed_silence_longer_than_the_limit_is_refused_undecoded(monkeypatch: pytest.MonkeyPatch) -> None:
    soundfile = pytest.importorskip("soundfile")
    silence = io.BytesIO()  # 31 minutes in 24 KB (3 hours of FLAC silence fit in 2 MB and took 7 GB decoded)
    with soundfile.SoundFile(silence, "w", 4000, 1, format="FLAC", subtype="PCM_16") as writer:
        for _ in range(31):
            writer.write(np.zeros(4000 * 60, dtype=np.int16))
    assert "31 minutes" in refused_undecoded(silence.getvalue(), monkeypatch).message


def test_an_mp3_whose_header_claims_too_many_frames_is_invalid_input(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("soundfile")
    mp3 = bytearray(base64.b64decode(encoded(np.zeros(4000, dtype=np.int16), 8000, "MP3", "MPEG_LAYER_III")))
    at = mp3.find(b"Xing") + 8
    mp3[at : at + 4] = b"\xa7\x00\x00\x09"  # a damaged Xing frame count: 1.6 million million frames
    refused_undecoded(bytes(mp3), monkeypatch)


def test_word_timings_are_ordered_inside_the_audio_and_move_with_it() -> None:
    samples, rate = hello()
    out = nonla.run("speech.asr", data=HELLO_WAV)
    assert out.words and [w.word for w in out.words] == out.text.split()
    starts = [w.start for w in out.words]
    assert starts == sorted(starts) and all(0 <= w.start <= w.end <= out.duration for w in out.words)
    assert all(a.end <= b.start + 0.04 for a, b in zip(out.words, out.words[1:], strict=False))
    silence = np.zeros(int(1.5 * rate), dtype=np.int16)
    later = nonla.run("speech.asr", data=b64_wav(np.concatenate([silence, samples]), rate))
    # the pause finder sees a different clip, so a word may come out differently: compare the words both heard
    heard = [w.word for w in later.words or []]
    same = difflib.SequenceMatcher(a=[w.word for w in out.words], b=heard, autojunk=False).get_matching_blocks()
    pairs = [(out.words[m.a + i], (later.words or [])[m.b + i]) for m in same for i in range(m.size)]
    assert len(pairs) >= len(out.words) // 2
    for before, after in pairs:
        assert abs(after.start - before.start - 1.5) <= 0.1 and abs(after.end - before.end - 1.5) <= 0.1
    # the same words aligned on the clip with and without the silence: every one moves by its length
    aligner = WordAligner(ASR_MODEL.path())
    words = out.text.split()
    alone, delayed = aligner.align(words, samples, rate), aligner.align(words, np.concatenate([silence, samples]), rate)
    for (_, start, end), (_, later_start, later_end) in zip(alone, delayed, strict=True):
        assert abs(later_start - start - 1.5) <= 0.1 and abs(later_end - end - 1.5) <= 0.1
    assert nonla.run("speech.asr", data=HELLO_WAV, words=False).words is None


SENTENCES = [
    "Hôm nay trời đẹp, tôi đi làm sớm.",
    "Chúng tôi họp lúc chín giờ sáng ở phòng lớn.",
    "Khách hàng gọi điện hỏi về hóa đơn tháng trước.",
    "Xin vui lòng chờ trong giây lát để được hỗ trợ.",
    "Thành phố có nhiều cây xanh và công viên rộng.",
    "Anh ấy đã gửi thư cho cô giáo vào buổi chiều.",
]


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng (Debian) makes the long recording")
def test_a_long_recording_goes_span_by_span_with_progress() -> None:
    parts, rate = [], 16000
    for n in range(30):  # about two minutes: 30 sentences with pauses between them
        wav = subprocess.run(["espeak-ng", "-v", "vi", "-s", "160", "--stdout", SENTENCES[n % len(SENTENCES)]],
                             capture_output=True, check=True).stdout  # fmt: skip
        with wave.open(io.BytesIO(wav)) as reader:
            voice = np.frombuffer(reader.readframes(reader.getnframes()), dtype="<i2")
            spoken = reader.getframerate()
        parts += [np.interp(np.arange(len(voice) * rate // spoken) * spoken / rate, np.arange(len(voice)), voice)
                  .astype(np.int16), np.zeros(int(0.8 * rate), dtype=np.int16)]  # fmt: skip
    recording = np.concatenate(parts)
    assert 100 < len(recording) / rate < 180
    seen: list[tuple[float, float]] = []
    with audio_progress(lambda done, total: seen.append((done, total))):
        out = nonla.run("speech.asr", data=b64_wav(recording, rate), words=False)
    assert len(out.segments) >= 10 and all(s.end - s.start <= 25.5 for s in out.segments)
    assert out.text == " ".join(s.text for s in out.segments)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen) and seen[-1][1] == round(len(recording) / rate, 2)
    assert len(seen) >= len(out.segments)
    # a span transcribed on its own gives the same words as inside the long recording
    middle = out.segments[len(out.segments) // 2]
    alone = recording[int(middle.start * rate) : int(middle.end * rate)]
    assert nonla.run("speech.asr", data=b64_wav(alone, rate), words=False).text == middle.text
    assert "hôm nay" in out.text and "khách hàng" in out.text


def test_cli_transcribes_an_mp3(tmp_path: Path, nonla_home: Path) -> None:
    pytest.importorskip("soundfile")
    samples, rate = hello()
    recording = tmp_path / "call.mp3"
    recording.write_bytes(base64.b64decode(encoded(samples, rate, "MP3", "MPEG_LAYER_III")))
    env = {**os.environ, "NONLA_HOME": str(nonla_home)}
    cli = [sys.executable, "-m", "nonla.cli", "transcribe"]
    out = subprocess.run([*cli, str(recording), "--out", "json"], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["text"].startswith("hôm") and result["words"][0]["word"] == "hôm"
    junk = tmp_path / "junk.mp3"
    junk.write_bytes(b"ID3 not really an mp3" * 10)
    failed = subprocess.run([*cli, str(junk), "--no-words"], capture_output=True, text=True, env=env)
    assert failed.returncode == 2 and "invalid_input" in failed.stderr and "Traceback" not in failed.stderr
    missing = subprocess.run([*cli, str(tmp_path / "none.wav")], capture_output=True, text=True, env=env)
    assert missing.returncode == 3 and "not_found" in missing.stderr and "Traceback" not in missing.stderr

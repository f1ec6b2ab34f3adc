"""Hypothesis over every catalogued function's Input: whatever a caller sends, the answer is an Output or a clear
error, never FunctionFailed (a crash on input the function accepted).

Strings mix schema-shaped text with adversarial cases (empty, whitespace, control characters, NUL, lone surrogates,
very long, mixed scripts, legacy TCVN3/VNI Vietnamese, emoji); base64 fields get random bytes and broken headers,
which must be refused with a 4xx error. CI runs a few derandomized examples per function;
NONLA_FUZZ_EXAMPLES=200 runs a deeper search.
"""

from __future__ import annotations

import base64
import io
import os
import wave
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from nonla.core.errors import FunctionFailed, NonlaError
from nonla.core.runner import Runner
from nonla.sources import catalog

# Functions that load large models or decode media: fewer examples in CI.
HEAVY = {"speech.asr", "speech.tts", "vision.faces", "vision.traffic", "vision.ocr", "vision.idcard", "text.embed",
         "legal.answer", "text.summarize", "text.classify"}  # fmt: skip
DEEP = int(os.environ.get("NONLA_FUZZ_EXAMPLES", "0"))

ADVERSARIAL = [
    "", " ", "\t\n \r", "\x00", "a\x00b", "\x01\x02\x1b[31m\x7f", "\u200b\u200d\ufeff", "\u202eabc", "\ud800",
    "Hà Nội", "Ha Noi", "Hà Nội",  # NFD: combining marks
    "Hμ Néi", "Thñ t­íng ChÝnh phñ",  # TCVN3 (ABC) read as Latin-1
    "Haø Noäi", "Thuû töôùng",  # VNI
    "Tòa án 北京 Москва عربى ☎ 0912 345 678",
    "👍🏽🇻🇳 tuyệt vời 😡", "Điều 173 Bộ luật Hình sự 2015 " * 3, "P.7, Q.3, TP.HCM", "1" * 40, "@#$%^&*()",
    "Nguyễn Văn A, CCCD 001099012345, email a@b.vn, sinh ngày 01/02/1990 tại Hà Nội. ",
]  # fmt: skip
# Very long texts, built on draw (as (piece, times)) so that hypothesis' reports stay short.
LONG = [("Nguyễn Văn A, CCCD 001099012345, sinh ngày 01/02/1990 tại Hà Nội. ", 40), ("x", 25_000), ("ả", 3000),
        ("\n", 500), ("a ", 5000), ("Điều 173 ", 400)]  # fmt: skip

PNG, JPEG = b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0"
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x40\x1f\x00\x00\x80\x3e\x00\x00\x02\x00\x10\x00"
HEADS = {"none": b"", "png": PNG, "jpeg": JPEG, "wav": WAV, "pdf": b"%PDF-1.4\n", "gif": b"GIF89a",
         "mp4": b"\x00\x00\x00\x18ftypmp42", "avi": b"RIFF\x00\x00\x00\x00AVI "}  # fmt: skip
MEDIA_HEADERS = list(HEADS.values())


def _text(schema: dict[str, Any]) -> st.SearchStrategy[str]:
    shaped = from_schema(schema) if "pattern" in schema or "format" in schema or "enum" in schema else st.nothing()
    long = st.sampled_from(LONG).map(lambda piece: piece[0] * piece[1])
    return st.one_of(st.sampled_from(ADVERSARIAL), long, st.text(max_size=300), shaped)


def _image(width: int, height: int, mode: str, fmt: str, seed: int) -> bytes:
    """A real, decodable image of any size (1x1 included) with noise pixels."""
    from PIL import Image

    channels = {"L": 1, "RGB": 3, "RGBA": 4}[mode]
    pixels = bytes((seed + i * 151) % 256 for i in range(width * height * channels))
    out = io.BytesIO()
    Image.frombytes(mode, (width, height), pixels).convert("RGB" if fmt == "JPEG" else mode).save(out, fmt)
    return out.getvalue()


def _wav(frames: int, rate: int, channels: int, seed: int) -> bytes:
    """A real 16-bit PCM WAV file, silent, noisy or empty."""
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(bytes((seed + i * 97) % 256 for i in range(frames * channels * 2)))
    return out.getvalue()


def _binary() -> st.SearchStrategy[str]:
    noise = st.builds(lambda head, tail: head + tail, st.sampled_from(MEDIA_HEADERS), st.binary(max_size=3000))
    images = st.builds(_image, st.integers(1, 48), st.integers(1, 48), st.sampled_from(["L", "RGB", "RGBA"]),
                       st.sampled_from(["PNG", "JPEG", "BMP"]), st.integers(0, 255))  # fmt: skip
    sounds = st.builds(_wav, st.integers(0, 6000), st.sampled_from([4000, 8000, 16000, 44100]), st.integers(1, 2),
                       st.integers(0, 255))  # fmt: skip
    raw = st.one_of(noise, images, sounds)
    encoded = raw.map(lambda data: base64.b64encode(data).decode())
    data_url = encoded.map(lambda text: "data:image/png;base64," + text)
    not_base64 = st.sampled_from(["!!!", "abc", "====", "data:,", "data:image/png;base64,", "\x00", "Zm9v\n Ym Fy"])
    return st.one_of(encoded, data_url, not_base64)


def _value(schema: dict[str, Any], defs: dict[str, Any]) -> st.SearchStrategy[Any]:
    """A strategy for one JSON-schema node (hypothesis-jsonschema only for patterns, formats and scalars)."""
    if "$ref" in schema:
        return _value(defs[schema["$ref"].rsplit("/", 1)[-1]], defs)
    if schema.get("contentEncoding") == "base64":
        return _binary()
    if "anyOf" in schema:
        return st.one_of([_value(option, defs) for option in schema["anyOf"]])
    kind = schema.get("type")
    if kind == "string" and "enum" not in schema:
        return _text(schema)
    if kind == "array":
        items = _value(schema.get("items", {}), defs)
        return st.lists(items, min_size=schema.get("minItems", 0), max_size=min(schema.get("maxItems", 8), 8))
    if kind == "object":
        if "properties" in schema:
            return inputs({**schema, "$defs": defs})
        values = _value(schema.get("additionalProperties", {"type": "string"}), defs)
        return st.dictionaries(_text({}), values, max_size=6)
    return from_schema(schema)


def inputs(schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Objects shaped by the Input's schema: required fields always, optional ones sometimes."""
    defs = schema.get("$defs", {})
    required = set(schema.get("required", []))
    fields = {name: _value(field, defs) for name, field in schema["properties"].items()}
    return st.fixed_dictionaries(
        {k: v for k, v in fields.items() if k in required},
        optional={k: v for k, v in fields.items() if k not in required},
    )


def _entries() -> list[Any]:
    return [pytest.param(entry, id=entry.ref) for entry in catalog().entries(latest_only=True)]


def _is_binary(schema: dict[str, Any]) -> bool:
    return any(field.get("contentEncoding") == "base64" for field in schema["properties"].values())


@pytest.mark.parametrize("entry", _entries())
def test_no_function_crashes_on_any_input(entry: Any) -> None:
    schema = entry.spec.input.model_json_schema()
    examples = DEEP or (4 if entry.name in HEAVY else 12)
    runner = Runner(catalog())

    @settings(max_examples=examples, derandomize=True, deadline=None, database=None, print_blob=True,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(item=inputs(schema))
    def check(item: dict[str, Any]) -> None:
        [result] = runner.call(entry.ref, [item]).results
        assert not isinstance(result, FunctionFailed), f"{entry.ref} crashed on {item!r:.300}: {result.message}"
        if isinstance(result, NonlaError):
            assert 400 <= result.http_status < 500 or result.code == "model_unavailable", result
        else:
            assert isinstance(result, entry.spec.output)

    check()


def _binary_cases() -> list[Any]:
    cases = []
    for param in _entries():
        entry = param.values[0]
        if not _is_binary(entry.spec.input.model_json_schema()):
            continue
        # "wav" on speech.asr: a header whose chunk runs past the end once crashed the WAV reader (RuntimeError).
        cases += [pytest.param(entry, head, id=f"{entry.ref}-{name}") for name, head in HEADS.items()]
    return cases


@pytest.mark.parametrize(("entry", "head"), _binary_cases())
def test_random_bytes_are_refused_clearly(entry: Any, head: bytes) -> None:
    field = next(k for k, v in entry.spec.input.model_json_schema()["properties"].items()
                 if v.get("contentEncoding") == "base64")  # fmt: skip
    noise = bytes((i * 73 + 41) % 256 for i in range(2048))
    [result] = Runner(catalog()).call(entry.ref, [{field: base64.b64encode(head + noise).decode()}]).results
    assert isinstance(result, NonlaError) and not isinstance(result, FunctionFailed), result
    assert 400 <= result.http_status < 500, result

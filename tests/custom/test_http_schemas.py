"""A remote model is registered only with a sidecar its protocol can carry (model_schema_mismatch, 422, as ONNX and
skops imports answer); one stored before that check fails each call with adapter_unavailable (503), never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from kserve_stub import kserve

import nonla
from nonla.custom import add_http_model, http_adapters, importers
from nonla.custom.errors import AdapterUnavailable

TEXT = [{"name": "text", "type": "text"}]
NUMBER = [{"name": "x", "type": "number"}]
CASES = {
    "openai_other_field": ("openai", {"fields": [{"name": "question", "type": "text"}]}, {"question": "xin chào"}),
    "openai_two_fields": ("openai", {"fields": TEXT + NUMBER}, {"text": "xin chào", "x": 1.0}),
    "openai_classifier": ("openai", {"task": "classification", "labels": ["a", "b"]}, {"text": "xin chào"}),
    "kserve_text": ("kserve", {"task": "classification", "labels": ["a", "b"], "fields": TEXT}, {"text": "xin chào"}),
    "kserve_generation": ("kserve", {"task": "generation", "fields": NUMBER}, {"x": 1.0}),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_sidecar_the_protocol_cannot_carry_is_refused_at_registration(case: str) -> None:
    protocol, sidecar, _ = CASES[case]
    with pytest.raises(nonla.NonlaError) as caught:
        add_http_model(protocol, "http://127.0.0.1:9", sidecar, name="remote", model="m", timeout=1, retries=0)
    assert (caught.value.code, caught.value.http_status) == ("model_schema_mismatch", 422), caught.value
    assert caught.value.hint


def answer(url: str, body: dict[str, Any], **_: Any) -> Any:
    """What a well-behaved server of each protocol answers (scores 0.2, 0.8 per row over KServe)."""
    if url.endswith("/chat/completions"):
        return {"choices": [{"message": {"content": "Đáp"}}]}
    rows = body["inputs"][0]["shape"][0]
    return {"outputs": [{"name": "p", "data": [0.2, 0.8] * rows}]}


@pytest.mark.parametrize("case", [c for c in CASES if c != "openai_two_fields"])  # that one answers, ignoring x
def test_a_version_stored_before_the_check_is_adapter_unavailable(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    protocol, sidecar, row = CASES[case]
    with monkeypatch.context() as unchecked:  # as registered by an earlier nonla
        unchecked.setattr(importers, "_chat_fields", lambda *_: None)
        unchecked.setattr(importers, "_matrix_fields", lambda *_: ("", []))
        add_http_model(protocol, "http://127.0.0.1:9", sidecar, name="stored", model="m", timeout=5, retries=0)
    monkeypatch.setattr(http_adapters, "post_json", answer)
    [called] = nonla.run_batch("custom.stored", [row])
    assert isinstance(called, AdapterUnavailable) and called.http_status == 503, called
    assert "cannot serve its declared schema" in called.message and "Register the model again" in called.hint


def test_sidecars_each_protocol_carries_still_register() -> None:
    add_http_model("openai", "http://127.0.0.1:9/v1", {}, name="chat", timeout=1, retries=0)
    add_http_model("openai", "http://127.0.0.1:9/v1", {"task": "generation", "fields": TEXT}, name="chat", timeout=1)
    with kserve() as base:
        add_http_model("kserve", base + "/good", {"task": "classification", "labels": ["a", "b"], "fields": NUMBER},
                       name="scores", model="m", timeout=5, retries=0)  # fmt: skip
        assert nonla.run("custom.scores", x=1.0).label == "b"  # type: ignore[attr-defined]

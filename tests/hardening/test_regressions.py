"""Inputs the fuzzers found that crashed a function, kept as plain tests (and their neighbours: edge-sized media)."""

from __future__ import annotations

import base64

import pytest
from tests.hardening.test_function_inputs import _image, _wav

from nonla.core.errors import FunctionFailed, NonlaError
from nonla.core.runner import Runner

EDGE_IMAGES = [(1, 1, "L"), (1, 40, "RGB"), (40, 1, "RGBA"), (3, 3, "RGB"), (48, 48, "L")]


@pytest.mark.parametrize(("width", "height", "mode"), EDGE_IMAGES)
def test_ocr_of_a_page_without_text_is_empty_not_a_crash(width: int, height: int, mode: str) -> None:
    """tesserocr raises RuntimeError('No text returned') on a blank or tiny page; that is an empty page."""
    data = base64.b64encode(_image(width, height, mode, "PNG", 0)).decode()
    [result] = Runner().call("vision.ocr", [{"data": data}]).results
    assert not isinstance(result, NonlaError), result
    assert result.text == "" and result.pages[0].lines == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("function", ["vision.idcard", "vision.faces"])
@pytest.mark.parametrize(("width", "height", "mode"), EDGE_IMAGES[:3])
def test_tiny_images_get_an_answer_or_a_clear_error(function: str, width: int, height: int, mode: str) -> None:
    data = base64.b64encode(_image(width, height, mode, "PNG", 0)).decode()
    [result] = Runner().call(function, [{"data": data}]).results
    assert not isinstance(result, FunctionFailed), result


@pytest.mark.parametrize(("frames", "rate", "channels"), [(0, 16000, 1), (1, 8000, 2), (1600, 16000, 1)])
def test_short_or_empty_wav_gets_a_clear_answer(frames: int, rate: int, channels: int) -> None:
    data = base64.b64encode(_wav(frames, rate, channels, 0)).decode()
    [result] = Runner().call("speech.asr", [{"data": data}]).results
    assert not isinstance(result, FunctionFailed), result


def test_an_id_beyond_64_bits_in_a_path_is_not_found_not_a_server_error(database: str) -> None:
    """SQLite raises OverflowError binding such an id (found by schemathesis on /v1/inbox/messages/{id}/answer);
    PostgreSQL refuses any id beyond its 32-bit integer columns (SQLSTATE 22003)."""
    from fastapi.testclient import TestClient

    from nonla.api.app import create_app
    from nonla.governance import keys

    key, _ = keys.create_key("admin", "overflow")
    headers = {"Authorization": f"Bearer {key}"}
    huge = 31817133290959217177353256960
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        for method, path, body in (("GET", f"/v1/inbox/messages/{huge}", None),
                                   ("GET", "/v1/inbox/messages/3000000000", None),
                                   ("POST", f"/v1/inbox/messages/{huge}/answer", {"text": "Đã xử lý."}),
                                   ("GET", f"/v1/review/{huge}", None)):  # fmt: skip
            response = client.request(method, path, json=body, headers=headers)
            assert response.status_code in (404, 422), (path, response.status_code, response.text)

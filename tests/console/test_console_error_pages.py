"""Failures outside a page's own checks still show the console's error page (HTML, the right status), never the
API's JSON body: ids the store cannot hold, NUL characters, forms the parser refuses, unknown paths and methods,
and uploads larger than their field allows (refused before they are read)."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator
from typing import Any

import pytest
from console_session import csrf, sign_in
from fastapi.testclient import TestClient
from starlette.datastructures import FormData, Headers, UploadFile

from nonla.api.app import create_app
from nonla.console import forms
from nonla.core.errors import InvalidInput


@pytest.fixture
def client(database: str) -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as found:
        yield found


def assert_error_page(response: Any, status: int, code: str | None = None) -> None:
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"].startswith("text/html"), response.text[:300]
    assert '<div class="error" role="alert">' in response.text and "See /docs" not in response.text
    if code is not None:
        assert f"<code>{code}</code>" in response.text


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/console/inbox/99999999999999999999"),
    ("GET", "/console/review/9223372036854775808"),
    ("POST", "/console/monitoring/alerts/99999999999999999999/ack"),
])  # fmt: skip
def test_an_id_past_64_bits_is_a_not_found_page(client: TestClient, method: str, path: str) -> None:
    token = sign_in(client)
    response = client.request(method, path, data={"csrf": token} if method == "POST" else None)
    assert_error_page(response, 404, "not_found")


def test_a_nul_character_is_refused_with_a_page(client: TestClient, database: str) -> None:
    token = sign_in(client)
    response = client.post("/console/inbox/messages", data={"csrf": token, "text": "Đèn đường hỏng\x00"},
                           follow_redirects=False)  # fmt: skip
    assert_error_page(response, 422, "invalid_input")  # on both stores: the inbox keeps no NUL, as REST keeps none


@pytest.mark.parametrize("case", ["big_field", "many_fields", "broken_multipart"])
def test_a_form_the_parser_refuses_is_a_page(client: TestClient, case: str) -> None:
    token = sign_in(client)
    if case == "big_field":
        response = client.post("/console/functions/vi.words", data={"csrf": token, "text": "x" * (1024 * 1024 + 1)})
    elif case == "many_fields":
        response = client.post("/console/inbox/messages", data={"csrf": token, **{f"f{i}": "1" for i in range(1001)}})
    else:
        response = client.post("/console/review/1", content=b"--broken",
                               headers={"content-type": "multipart/form-data; boundary=XyZ"})  # fmt: skip
    assert_error_page(response, 422, "invalid_input")


@pytest.mark.parametrize(("method", "path", "status"), [
    ("GET", "/console/signout", 405),
    ("GET", "/console/nothing", 404),
    ("GET", "/console/inbox/1/assign", 405),
])  # fmt: skip
def test_unknown_paths_and_methods_are_pages(client: TestClient, method: str, path: str, status: int) -> None:
    sign_in(client)
    assert_error_page(client.request(method, path), status, "not_found" if status == 404 else "method_not_allowed")


def test_unknown_paths_are_pages_when_signed_out_and_json_outside_the_console(client: TestClient) -> None:
    assert_error_page(client.get("/console/nothing"), 404, "not_found")
    outside = client.get("/v1/nothing")
    assert outside.status_code == 404 and outside.json()["error"]["code"] == "not_found"


class _CountingFile(io.BytesIO):
    """A file that records how many bytes were read from it."""

    taken = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.taken += len(data)
        return data


@pytest.mark.parametrize("size_known", [True, False])
def test_an_upload_over_its_field_limit_is_refused_before_it_is_read(size_known: bool) -> None:
    field = forms.Field(name="data", label="data", kind="file", required=True, max_length=400)  # 300 bytes
    file = _CountingFile(b"\x01" * 10_000)
    upload = UploadFile(file, size=10_000 if size_known else None, filename="big.bin",
                        headers=Headers({"content-type": "application/octet-stream"}))  # fmt: skip
    with pytest.raises(InvalidInput, match="the limit is 300 bytes"):
        asyncio.run(forms.parse([field], FormData([("data", upload)])))
    assert file.taken <= 301  # never the whole file


def test_an_upload_within_its_field_limit_is_read_whole() -> None:
    field = forms.Field(name="data", label="data", kind="file", required=True, max_length=400)
    upload = UploadFile(io.BytesIO(b"\x01" * 300), size=300, filename="ok.bin")
    item = asyncio.run(forms.parse([field], FormData([("data", upload)])))
    assert len(item["data"]) == 400


def test_file_fields_carry_their_schema_limit() -> None:
    schema = {"properties": {"data": {"type": "string", "contentEncoding": "base64", "maxLength": 800}}}
    assert forms.fields(schema)[0].max_length == 800


def test_a_file_sent_in_a_text_field_is_refused_not_stored_as_its_description(database: str) -> None:
    from nonla.inbox import service as inbox

    with TestClient(create_app(), raise_server_exceptions=False) as client:
        token = sign_in(client, "caller")
        sent = client.post("/console/inbox/messages", data={"csrf": token},
                           files={"text": ("t.txt", "Đường hỏng".encode(), "text/plain")})  # fmt: skip
    assert sent.status_code == 422 and "takes text, not a file" in sent.text and "text/html" in sent.headers["content-type"]
    assert inbox.messages()["total"] == 0


def _store_busy(*_: Any, **__: Any) -> None:
    from sqlalchemy.exc import OperationalError

    raise OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked"))


def test_a_busy_store_is_a_page_not_the_apis_json(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from nonla.console import pages_auth

    form = client.get("/console/signin")
    monkeypatch.setattr(pages_auth, "authenticate", _store_busy)  # a writer held the store past the wait
    response = client.post("/console/signin", data={"csrf": csrf(form.text), "key": "nonla_0_x"})
    assert_error_page(response, 503, "store_unavailable")
    assert "nonla.db" not in response.text and "locked" not in response.text  # where the store is: the log's only


def test_a_store_that_fails_while_the_visit_is_read_is_a_page(client: TestClient,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from nonla.console import web

    sign_in(client)
    monkeypatch.setattr(web, "_principal", _store_busy)
    assert_error_page(client.get("/console/functions"), 503, "store_unavailable")


def test_an_unexpected_failure_is_a_page(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from nonla.console import web

    def broken(*_: Any, **__: Any) -> None:
        raise RuntimeError("a bug")

    sign_in(client)
    monkeypatch.setattr(web, "_principal", broken)
    response = client.get("/console/functions")
    assert_error_page(response, 500, "internal_error")
    assert "a bug" not in response.text


def test_a_store_a_page_cannot_open_is_named_only_in_the_log(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """StoreUnavailable raised by a page's own code (the store's folder cannot be made) names the file or host:
    the page says the store is unavailable, as REST does, and the log keeps where."""
    from nonla.console import pages_functions
    from nonla.core.errors import StoreUnavailable

    def gone(*_: Any, **__: Any) -> None:
        raise StoreUnavailable("The store at sqlite:////srv/secret-place/nonla.db cannot be used: disk I/O error.")

    sign_in(client)
    monkeypatch.setattr(pages_functions, "_runner", gone)
    response = client.get("/console/functions")
    assert_error_page(response, 503, "store_unavailable")
    assert "secret-place" not in response.text

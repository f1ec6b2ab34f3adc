"""A request body past the server's limit is refused with a 413 before anything stores it, whether its size is
declared (Content-Length) or not (chunked); what was stored before stays."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer
from starlette.formparsers import MultiPartParser

from nonla.api import body_limit, jobs
from nonla.api.app import create_app

BOUNDARY = "nonla-test-boundary"


def multipart(filename: str, payload: bytes) -> bytes:
    head = (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="{filename}"\r\n'
            "Content-Type: text/plain\r\n\r\n").encode()  # fmt: skip
    return head + payload + f"\r\n--{BOUNDARY}--\r\n".encode()


def chunked(body: bytes, size: int = 64 * 1024) -> Iterator[bytes]:
    """The body as a stream of unknown length: the client sends it chunked, with no Content-Length."""
    for start in range(0, len(body), size):
        yield body[start : start + size]


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jobs, "MAX_UPLOAD_BYTES", 100_000)
    monkeypatch.setattr(body_limit, "MULTIPART_HEADERS_BYTES", 1_000)
    monkeypatch.setattr(body_limit, "MAX_BODY_BYTES", 50_000)


@pytest.fixture
def client(database: str, small_limits: None) -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as app:
        yield app


@pytest.fixture
def parsed_bytes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The bytes of file parts the form parser took in (and would have spooled to a temporary file)."""
    seen: list[int] = []
    original = MultiPartParser.on_part_data

    def counted(self: MultiPartParser, data: bytes, start: int, end: int) -> None:
        seen.append(end - start)
        original(self, data, start, end)

    monkeypatch.setattr(MultiPartParser, "on_part_data", counted)
    return seen


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
def test_an_upload_past_the_limit_is_refused_and_nothing_is_kept(
    client: TestClient, declared: bool, parsed_bytes: list[int]
) -> None:
    admin = bearer("admin")
    assert client.post("/v1/collections", headers=admin, json={"name": "docs"}).status_code == 201
    small = multipart("a.txt", "Cầu Rồng hỏng đèn.".encode())
    kind = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
    assert client.post("/v1/collections/docs/files", headers={**admin, **kind}, content=small).status_code == 200

    big = multipart("big.txt", b"a" * 300_000)
    parsed_bytes.clear()
    answer = client.post("/v1/collections/docs/files", headers={**admin, **kind},
                         content=big if declared else chunked(big))  # fmt: skip
    assert answer.status_code == 413, answer.text[:300]
    error = answer.json()["error"]
    assert error["code"] == "request_too_large" and "101,000 bytes" in error["message"], error
    assert "NONLA_MAX_UPLOAD_BYTES" in error["hint"]
    # declared: refused before a byte is parsed; chunked: cut off at the limit, not after the whole 300 kB
    assert sum(parsed_bytes) == 0 if declared else sum(parsed_bytes) <= 101_000, sum(parsed_bytes)
    listed = client.get("/v1/collections", headers=admin).json()["collections"]
    assert [(c["name"], c["documents"]) for c in listed] == [("docs", 1)], listed  # the earlier upload stays


@pytest.mark.parametrize("key", [None, "Bearer nonla_nope_nope"], ids=["no key", "unknown key"])
def test_an_upload_without_a_valid_key_is_refused_before_it_is_read(
    client: TestClient, key: str | None, parsed_bytes: list[int]
) -> None:
    headers = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}", **({"Authorization": key} if key else {})}
    for route in ("/v1/jobs/files", "/v1/collections/docs/files", "/v1/monitoring/baselines/vi.words"):
        answer = client.post(route, headers=headers, content=multipart("a.jsonl", b'{"text": "a"}\n' * 5_000))
        assert answer.status_code == 401 and answer.json()["error"]["code"] == "unauthorized", answer.text[:300]
    assert sum(parsed_bytes) == 0  # not a byte of the files was parsed, so none was spooled


@pytest.mark.parametrize(
    ("route", "role"),
    [("/v1/jobs/files", "reviewer"), ("/v1/collections/docs/files", "caller"),
     ("/v1/monitoring/baselines/vi.words", "developer"), ("/v1/civic/agencies/default/train", "caller")],
)  # fmt: skip
def test_an_upload_from_a_role_that_may_not_use_the_route_is_refused_before_it_is_read(
    client: TestClient, route: str, role: str, parsed_bytes: list[int]
) -> None:
    headers = {**bearer(role), "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
    answer = client.post(route, headers=headers, content=multipart("a.jsonl", b'{"text": "a"}\n' * 5_000))
    assert answer.status_code == 403 and answer.json()["error"]["code"] == "forbidden", answer.text[:300]
    assert sum(parsed_bytes) == 0  # the route would refuse the key too, but only after spooling the file


def test_an_upload_the_role_may_make_is_read(client: TestClient) -> None:
    admin = bearer("admin")
    client.post("/v1/collections", headers=admin, json={"name": "docs"})
    answer = client.post("/v1/collections/docs/files", headers=bearer("developer"),
                         files=[("files", ("a.txt", "Điều 1. Phạm vi điều chỉnh".encode()))])  # fmt: skip
    assert answer.status_code == 200, answer.text[:300]


def test_calling_a_body_multipart_does_not_buy_the_upload_limit(client: TestClient) -> None:
    """The limit follows the route: a function call sent as multipart/form-data keeps the JSON limit."""
    body = multipart("x.txt", b"a" * 70_000)  # past the 50 kB body limit, within the 101 kB upload limit
    headers = {**bearer("admin"), "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
    answer = client.post("/v1/functions/vi.words", headers=headers, content=body)
    assert answer.status_code == 413, answer.text[:300]
    assert "NONLA_MAX_BODY_BYTES" in answer.json()["error"]["hint"]


def test_the_console_shows_its_own_page_for_a_body_past_the_limit(client: TestClient) -> None:
    answer = client.post("/console/signin", data={"key": "k" * 60_000})
    assert answer.status_code == 413 and answer.headers["content-type"].startswith("text/html"), answer.text[:300]


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
def test_a_json_body_past_the_limit_is_refused(client: TestClient, declared: bool) -> None:
    body = ('{"text": "' + "Hà Nội " * 10_000 + '"}').encode()  # 70 kB, the limit is 50 kB
    headers = {**bearer("admin"), "Content-Type": "application/json"}
    answer = client.post("/v1/functions/vi.words", headers=headers, content=body if declared else chunked(body))
    assert answer.status_code == 413, answer.text[:300]
    assert answer.json()["error"]["code"] == "request_too_large"
    assert "NONLA_MAX_BODY_BYTES" in answer.json()["error"]["hint"]


def test_a_body_within_the_limit_is_served(client: TestClient) -> None:
    body = ('{"text": "' + "Hà Nội " * 1_000 + '"}').encode()
    headers = {**bearer("admin"), "Content-Type": "application/json"}
    answer = client.post("/v1/functions/vi.words", headers=headers, content=chunked(body, 1_000))
    assert answer.status_code == 200, answer.text[:300]



def test_every_upload_route_refuses_a_role_before_reading_or_not_at_all(
    client: TestClient, parsed_bytes: list[int]
) -> None:
    """UPLOAD_ROUTES names every route that takes a file, with the permission its handler asks for: a route left
    out, or a laxer permission, would spool an upload the handler then refuses; a stricter one would refuse a key
    the handler accepts. Either shows as a 403 given after the file was parsed."""
    from nonla.governance.roles import ROLES

    schema = client.get("/openapi.json").json()
    uploads = [path for path, ops in schema["paths"].items()
               if "multipart/form-data" in ops.get("post", {}).get("requestBody", {}).get("content", {})]  # fmt: skip
    assert len(uploads) >= 4, uploads
    values = {"{name}": "docs", "{ref}": "vi.words", "{agency}": "default"}
    for template in uploads:
        path = template
        for placeholder, value in values.items():
            path = path.replace(placeholder, value)
        assert any(pattern.fullmatch(path) for pattern, _, _ in body_limit.UPLOAD_ROUTES), template
        field = "files" if "/collections/" in path else "file" if path == "/v1/jobs/files" else "data"
        for role in ROLES:
            parsed_bytes.clear()
            answer = client.post(path, headers=bearer(role), data={"function": "vi.words"},
                                 files=[(field, ("a.jsonl", b'{"text": "a"}\n' * 100))])  # fmt: skip
            assert (answer.status_code == 403) == (sum(parsed_bytes) == 0), (template, role, answer.text[:200])

"""Input that parses but cannot be stored or answered gets a 4xx, and what was stored before stays readable.

Lone surrogate escapes, nesting past the recursion limit, numbers of thousands of digits, metadata of the wrong
type, over-long file names, broken .docx files, out-of-range dates and embeddings: each once answered 500, and
some were stored first and broke every later read of their rows.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from fastapi.testclient import TestClient

from nonla.collections import service
from nonla.governance import keys

JSON = {"content-type": "application/json"}
DEEP = b"[" * 5000 + b"]" * 5000
LONG_NUMBER = b'{"text": "x", "k": ' + b"9" * 5000 + b"}"


@pytest.fixture
def admin() -> dict[str, str]:
    key, _ = keys.create_key("admin", "input checks")
    return {"Authorization": f"Bearer {key}"}


def refused(response: object, status: int = 400) -> dict[str, str]:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    error = response.json()["error"]  # type: ignore[attr-defined]
    assert error["code"] and error["message"] and error["hint"]
    return error  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("path", "body", "code"),
    [
        ("/v1/keys", b'{"role": "caller", "name": "n", "scopes": ["\\ud800"]}', "invalid_utf8"),
        (
            "/v1/collections/docs/documents",
            b'{"documents": [{"text": "hi", "metadata": {"k": "\\ud800"}}]}',
            "invalid_utf8",
        ),
        ("/v1/jobs", b'{"function": "vi.words", "items": [{"text": "\\udc00"}]}', "invalid_utf8"),
        ("/v1/functions/vi.words", DEEP, "invalid_json"),
        ("/v1/functions/vi.words", LONG_NUMBER, "invalid_json"),
        ("/v1/collections/docs/documents", DEEP, "invalid_json"),
        ("/v1/collections/docs/documents", b'{"documents": [{"text": "\xed\xa0\x80"}]}', "invalid_utf8"),  # encoded
        ("/v1/keys", b'{"role": "caller", "name": "\xff"}', "invalid_utf8"),
        ("/v1/collections/docs/documents", b'{"documents": [{"text": "hi", "metadata": {"k": NaN}}]}', "invalid_json"),
        ("/v1/functions/vision.traffic", b'{"data": "x", "line": [0, 0.5, Infinity, 0.5]}', "invalid_json"),
        ("/v1/jobs", b'{"function": "vi.words", "items": [{"text": "a", "n": -1e999}]}', "invalid_json"),
    ],
)
def test_unusable_json_is_refused_at_the_door(
    app: TestClient, admin: dict[str, str], path: str, body: bytes, code: str
) -> None:
    service.create("docs")
    error = refused(app.post(path, content=body, headers={**admin, **JSON}))
    assert error["code"] == code
    assert app.get("/v1/keys", headers=admin).status_code == 200, "nothing half-stored breaks a later read"
    assert app.get("/v1/collections/docs/search", params={"q": "hello"}, headers=admin).status_code == 200


def test_a_surrogate_pair_is_one_character_and_passes(app: TestClient, admin: dict[str, str]) -> None:
    service.create("docs")
    body = '{"documents": [{"id": "emoji", "text": "Cảm ơn \\ud83d\\ude00"}]}'.encode()
    assert app.post("/v1/collections/docs/documents", content=body, headers={**admin, **JSON}).status_code == 200


def test_files_and_pipelines_that_cannot_be_read(app: TestClient, admin: dict[str, str]) -> None:
    jsonl = {"data": ("b.jsonl", DEEP + b"\n")}
    refused(app.post("/v1/monitoring/baselines/vi.words", files=jsonl, headers=admin))
    refused(app.post("/v1/pipelines", content=b"[" * 5000, headers={**admin, "content-type": "application/yaml"}), 422)
    # six levels of aliases, 400 bytes, stand for a million values that its card and every description of it
    # would write out (nine levels: billions)
    levels = "".join(f"      a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 6))
    bomb = ("name: bomb\nsteps:\n  - function: vi.words\n    inputs: {text: $input.text}\nexamples:\n  - text: hello\n"
            f"    defs:\n      a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n{levels}")  # fmt: skip
    error = refused(app.post("/v1/pipelines", content=bomb.encode(), headers={**admin, "content-type": "application/yaml"}),
                    422)  # fmt: skip
    assert "aliases" in error["message"]
    assert app.get("/v1/functions/pipeline.bomb", headers=admin).status_code == 404


@pytest.mark.parametrize(
    "document",
    [
        {"id": "keep", "text": "Văn bản khác", "metadata": {"year": "abc"}},
        {"id": "keep", "text": "Văn bản khác", "metadata": {"doc_type": {"a": 1}}},
        {"id": "keep", "text": "Văn bản khác", "metadata": {"year": 10**30}},
        {"id": "keep", "text": "Văn bản khác", "title": 5},
        {"id": "keep", "text": "Văn bản khác", "subject_id": "x" * 201},
    ],
)
def test_a_refused_replacement_leaves_the_stored_document_searchable(
    app: TestClient, admin: dict[str, str], document: dict[str, object]
) -> None:
    service.create("docs")
    service.add("docs", [{"id": "keep", "text": "Quy định về giấy phép xây dựng nhà ở riêng lẻ."}])
    refused(app.post("/v1/collections/docs/documents", json={"documents": [document]}, headers=admin), 422)
    found = app.get("/v1/collections/docs/search", params={"q": "giấy phép xây dựng"}, headers=admin).json()
    assert [hit["id"] for hit in found["results"]] == ["keep"]


def test_a_replacement_failing_half_way_puts_the_old_entries_back(monkeypatch: pytest.MonkeyPatch) -> None:
    service.create("docs")
    service.add("docs", [{"id": "keep", "text": "Quy định về giấy phép xây dựng nhà ở riêng lẻ."}])

    def disk_full(*_: object, **__: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(service, "_insert", disk_full)
    with pytest.raises(OSError):
        service.add("docs", [{"id": "keep", "text": "Văn bản khác hẳn."}])
    from nonla.collections.search import bm25_search

    assert [hit.document for hit in bm25_search("docs", "giấy phép xây dựng")] == ["keep"]


def test_untitled_documents_without_ids_do_not_replace_each_other() -> None:
    service.create("docs")
    first = service.add("docs", [{"text": "Đơn thứ nhất về tiền điện."}])
    second = service.add("docs", [{"text": "Đơn thứ hai về tiền nước."}])
    assert first["added"] == second["added"] == 1 and second["replaced"] == 0
    assert service.list_collections()[0]["documents"] == 2


def test_search_filters_files_dates_and_embeddings_out_of_range(app: TestClient, admin: dict[str, str]) -> None:
    service.create("docs")
    refused(app.get("/v1/collections/docs/search", params={"q": "x", "year": 10**20}, headers=admin), 422)
    long_names = [("files", ("a" * 300 + ".txt", b"Xin chao.")), ("files", ("a" * 300 + "b.txt", b"Tam biet."))]
    long_name = app.post("/v1/collections/docs/files", files=long_names, headers=admin)
    assert long_name.status_code == 200 and long_name.json()["added"] == 2, "shortened, still two documents"
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as zf:
        zf.writestr("[Content_Types].xml", "<bad")
    refused(
        app.post("/v1/collections/docs/files", files=[("files", ("d.docx", broken.getvalue()))], headers=admin), 422
    )
    breach = {"target": "vi.words", "severity": "low", "description": "d", "detected_at": "9999-12-31T23:00:00-05:00"}
    assert refused(app.post("/v1/incidents", json=breach, headers=admin), 422)["code"] == "invalid_input"
    search = {"embedding": [1e308] * 128}
    refused(app.post("/v1/faces/galleries/g/search", json=search, headers=admin), 422)


def test_an_error_quoting_a_surrogate_still_renders() -> None:
    from nonla.api.errors import error_response
    from nonla.core.errors import InvalidInput

    response = error_response(InvalidInput(f"Unknown role '{chr(0xD800)}'."))
    assert response.status_code == 422 and b"\\ud800" in response.body


def test_a_large_body_is_checked_too(app: TestClient, admin: dict[str, str]) -> None:
    service.create("docs")
    good = [{"id": "d", "text": "Điều 1. Công dân có quyền tự do kinh doanh.", "metadata": {"note": "x" * 300_000}}]
    assert app.post("/v1/collections/docs/documents", json={"documents": good}, headers=admin).json()["added"] == 1
    bad = b'{"documents": [' + b'{"text": "' + b"x" * 300_000 + b'\\ud800"}]}'
    assert refused(app.post("/v1/collections/docs/documents", content=bad, headers={**admin, **JSON}))["code"] == (
        "invalid_utf8"
    )


def nested_body(levels: int) -> str:
    return "[" * levels + "]" * levels


def refused_for_depth(response: object, levels: int) -> dict[str, str]:
    """422 from the checks behind the parser; 400 from the parser itself, whose limit depends on the stack it
    runs on (about 990 levels)."""
    codes = {422: "invalid_input"} if levels < 900 else {422: "invalid_input", 400: "invalid_json"}
    status = response.status_code  # type: ignore[attr-defined]
    assert status in codes, response.text  # type: ignore[attr-defined]
    error = refused(response, status)
    assert error["code"] == codes[status]
    return error


@pytest.mark.parametrize("levels", [300, 600, 980, 2000])
def test_deeply_nested_metadata_is_refused_and_nothing_is_stored(
    app: TestClient, admin: dict[str, str], levels: int
) -> None:
    service.create("docs")
    body = '{"documents": [{"id": "d", "text": "Điều 1. Xin chào", "metadata": {"x": ' + nested_body(levels) + "}}]}"
    response = app.post("/v1/collections/docs/documents", content=body.encode(), headers={**admin, **JSON})
    error = refused_for_depth(response, levels)
    assert error["code"] == "invalid_json" or "more than 64 levels deep" in error["message"]
    assert service.list_collections()[0]["documents"] == 0


@pytest.mark.parametrize("levels", [300, 600, 980, 2000])
@pytest.mark.parametrize("path", ["/v1/collections", "/v1/collections/docs/documents", "/v1/inbox/messages"])
def test_deep_nesting_beside_a_nul_character_is_refused(
    app: TestClient, admin: dict[str, str], path: str, levels: int
) -> None:
    service.create("docs")
    body = '{"extra": ' + nested_body(levels) + ', "name": "x\\u0000"}'
    error = refused_for_depth(app.post(path, content=body.encode(), headers={**admin, **JSON}), levels)
    assert error["code"] == "invalid_json" or "NUL" in error["message"]
    assert [c["name"] for c in service.list_collections()] == ["docs"]

"""Uploads to a collection that cannot all be stored: a 4xx naming the file, and nothing from the request stored.

Damaged .docx packages, encrypted PDFs and malformed HTML once answered 500, and a cut-short image quoted a Python
object's address; a request failing part-way kept the files before the bad one; two files that would be one
document kept only the last.
"""

from __future__ import annotations

import base64
import io
import zipfile
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer

pytestmark = pytest.mark.usefixtures("database")

W = "http://schemas.openxmlformats.org"
TYPES = (f'<Types xmlns="{W}/package/2006/content-types"><Default Extension="rels" '
         f'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
         'ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/'
         'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')  # fmt: skip
RELS = (f'<Relationships xmlns="{W}/package/2006/relationships"><Relationship Id="rId1" Type="{W}/officeDocument/'
        '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')  # fmt: skip
BODY = (f'<w:document xmlns:w="{W}/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
        "Tiếng ồn từ quán karaoke kéo dài đến nửa đêm.</w:t></w:r></w:p></w:body></w:document>")  # fmt: skip
# AES-256, empty user password, owner password set (restrictions only): pypdf needs the cryptography package for it
AES_PDF = base64.b64decode(
    "JVBERi0xLjMKJeLjz9MKMSAwIG9iago8PAovVHlwZSAvQ2F0YWxvZwovUGFnZXMgMiAwIFIKPj4KZW5kb2JqCjIgMCBvYmoKPDwKL1R5cGUgL1Bh"
    "Z2VzCi9LaWRzIFsgMyAwIFIgXQovQ291bnQgMQo+PgplbmRvYmoKMyAwIG9iago8PAovVHlwZSAvUGFnZQovUGFyZW50IDIgMCBSCi9NZWRpYUJv"
    "eCBbIDAgMCA2MTIgNzkyIF0KL1Jlc291cmNlcyA8PAovRm9udCA8PAovRjEgNCAwIFIKPj4KPj4KL0NvbnRlbnRzIDUgMCBSCj4+CmVuZG9iago0"
    "IDAgb2JqCjw8Ci9UeXBlIC9Gb250Ci9TdWJ0eXBlIC9UeXBlMQovQmFzZUZvbnQgL0hlbHZldGljYQo+PgplbmRvYmoKNSAwIG9iago8PAovRmls"
    "dGVyIC9GbGF0ZURlY29kZQovTGVuZ3RoIDExMgo+PgpzdHJlYW0KAil7UWO2WcXyPyv3x2vJDSEenxymRrIDlKBQZ6JmUBcvM+x1lcDQIVkeUejP"
    "CSOTxAEPLqL6p+rKg4OA3fvH37A6WR7MmyO4cfaokAELgfbZNVdqm48U+DGhn57jJX31JpMLDXgVrXlnkjbho49pBQplbmRzdHJlYW0KZW5kb2Jq"
    "CjYgMCBvYmoKPDwKL1YgNQovUiA2Ci9MZW5ndGggMjU2Ci9QIDQyOTQ5NjcyOTIKL0ZpbHRlciAvU3RhbmRhcmQKL08gPDE3MzkwYTI4MGY1NDNl"
    "YjlhYzFjZmEzYWNlYjBkYjVkZTczYjE1MzNlMzEyM2FiNGFkMWIxMjk1NDlkZjg3OWU4ZTE1ZGU0MjI3Y2U3OGViNmU1NzFiMGExMjQ2OGVmYz4K"
    "L1UgPGE3ZjE3MTExZTJiMmUwNWNkYzAyZGE3ZDU1OTY2MzIxNzQ5ODQ4Mzg0MzE3ODBmYjBjNTgzZTI5MTQyMDEzNDY0NzE2MGZjNDVhODZkNGQw"
    "ZjhjMzM5N2EzOTcxYmUxZT4KL0NGIDw8Ci9TdGRDRiA8PAovQXV0aEV2ZW50IC9Eb2NPcGVuCi9DRk0gL0FFU1YzCi9MZW5ndGggMzIKPj4KPj4K"
    "L1N0bUYgL1N0ZENGCi9TdHJGIC9TdGRDRgovT0UgPDQ3NzY5YmRlZDcwMzI3MmZjYzQ3NzQ4YTBiZjlkNDRhMzJiZThmZTE3NGYzYWI0ZDNmZTEw"
    "MGQxZGYzNjgxNDE+Ci9VRSA8N2M4MWUwNDc3MzQ3OTFiZTc4ZjE0ZTFkOGRhMzc3YjNhYzJmZjU3ZmE1YTA0YmQxNzc5ZWNmOGRhNzRhNDQzYT4K"
    "L1Blcm1zIDwyZTc0YzM4M2Y4YjAwYTg0YWQ5MDRiMjE4Zjc0MjY4Zj4KPj4KZW5kb2JqCnhyZWYKMCA3CjAwMDAwMDAwMDAgNjU1MzUgZiAKMDAw"
    "MDAwMDAxNSAwMDAwMCBuIAowMDAwMDAwMDY0IDAwMDAwIG4gCjAwMDAwMDAxMjMgMDAwMDAgbiAKMDAwMDAwMDI1MSAwMDAwMCBuIAowMDAwMDAw"
    "MzIxIDAwMDAwIG4gCjAwMDAwMDA1MDUgMDAwMDAgbiAKdHJhaWxlcgo8PAovU2l6ZSA3Ci9Sb290IDEgMCBSCi9JRCBbIDxmMWEzNWM3YjU3NDI3"
    "M2U5YTE2MGYxMTI2NzhjMDIyYT4gPGYxYTM1YzdiNTc0MjczZTlhMTYwZjExMjY3OGMwMjJhPiBdCi9FbmNyeXB0IDYgMCBSCj4+CnN0YXJ0eHJl"
    "ZgoxMDYwCiUlRU9GCg=="
)


def docx(document: str = BODY, types: str = TYPES) -> bytearray:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", types)
        package.writestr("_rels/.rels", RELS)
        package.writestr("word/document.xml", document)
    return bytearray(out.getvalue())


def patched(offset_local: int, offset_central: int, change: Callable[[int], int]) -> bytes:
    """A good .docx with one field of every zip header changed."""
    raw = docx()
    for signature, offset in ((b"PK\x03\x04", offset_local), (b"PK\x01\x02", offset_central)):
        at = raw.find(signature)
        while at >= 0:
            raw[at + offset] = change(raw[at + offset])
            at = raw.find(signature, at + 4)
    return bytes(raw)


def damaged_member() -> bytes:
    raw = docx()
    member = zipfile.ZipFile(io.BytesIO(bytes(raw))).getinfo("word/document.xml")
    start = member.header_offset + 30 + len(member.filename) + len(member.extra)
    for at in range(start + 2, start + 12):
        raw[at] ^= 0x55
    return bytes(raw)


def password_pdf(text_pdf: Callable[[list[str]], bytes]) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(["Dieu 1. Pham vi"]))))
    writer.encrypt("secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def cut_png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (300, 200), "white").save(out, "PNG")
    return out.getvalue()[:60]


UNREADABLE = {
    "wrong-root.docx": lambda _: bytes(docx(document="<foo/>")),
    "no-types.docx": lambda _: bytes(docx(types="<Types/>")),
    "zip-password.docx": lambda _: patched(6, 8, lambda flags: flags | 1),
    "zip-method.docx": lambda _: patched(8, 10, lambda _: 99),
    "damaged-member.docx": lambda _: damaged_member(),
    "word-password.docx": lambda _: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
    "password.pdf": password_pdf,
    "cut.png": lambda _: cut_png(),
    "declaration.html": lambda _: b"<![foo[ x",
}


@pytest.fixture
def admin(app: TestClient) -> dict[str, str]:
    headers = bearer("admin")
    assert app.post("/v1/collections", headers=headers, json={"name": "docs"}).status_code == 201
    kept = {"id": "kept", "text": "Quy định về giấy phép xây dựng nhà ở riêng lẻ."}
    assert app.post("/v1/collections/docs/documents", headers=headers, json={"documents": [kept]}).status_code == 200
    return headers


def upload(app: TestClient, admin: dict[str, str], *files: tuple[str, bytes]) -> object:
    return app.post("/v1/collections/docs/files", headers=admin, files=[("files", file) for file in files])


def stored(app: TestClient, admin: dict[str, str]) -> int:
    return next(c["documents"] for c in app.get("/v1/collections", headers=admin).json()["collections"])


@pytest.mark.parametrize("name", UNREADABLE)
def test_a_file_that_cannot_be_read_is_refused_by_name(
    app: TestClient, admin: dict[str, str], text_pdf: Callable[[list[str]], bytes], name: str
) -> None:
    if name.endswith(".png"):
        pytest.importorskip("tesserocr")  # images are read by vision.ocr
    refused = upload(app, admin, (name, UNREADABLE[name](text_pdf)))
    assert refused.status_code == 422, refused.text  # type: ignore[attr-defined]
    error = refused.json()["error"]  # type: ignore[attr-defined]
    assert error["code"] == "invalid_input" and error["message"].startswith(name) and error["hint"]
    assert " at 0x" not in error["message"] and "Error" not in error["message"], error["message"]
    if "password" in name:
        assert "password" in error["message"] or "encrypted" in error["message"]
    assert stored(app, admin) == 1


def test_one_bad_file_stores_nothing_from_its_request(app: TestClient, admin: dict[str, str]) -> None:
    refused = upload(app, admin, ("good.docx", bytes(docx())), ("no-types.docx", bytes(docx(types="<Types/>"))))
    assert refused.status_code == 422  # type: ignore[attr-defined]
    message = refused.json()["error"]["message"]  # type: ignore[attr-defined]
    assert message.startswith("no-types.docx") and "Nothing from this request was stored" in message
    assert stored(app, admin) == 1
    both = upload(app, admin, ("a.docx", b"PK"), ("note.txt", b"Xin chao."), ("b.txt", b"\xff\xfe\x00\xd8"))
    error = both.json()["error"]  # type: ignore[attr-defined]
    assert error["message"].startswith("2 of 3 files cannot be stored: a.docx, b.txt.")
    assert [f["file"] for f in error["details"]["files"]] == ["a.docx", "b.txt"]
    assert stored(app, admin) == 1
    assert upload(app, admin, ("good.docx", bytes(docx()))).json()["added"] == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize("names", [("a.txt", "a.txt"), ("x/c.txt", "y/c.txt"), ("b.txt", "b.md")])
def test_two_files_that_would_be_one_document_are_refused(
    app: TestClient, admin: dict[str, str], names: tuple[str, str]
) -> None:
    first, second = names
    refused = upload(app, admin, (first, b"Ho so ve dat dai."), (second, b"Ho so ve duong sa."))
    assert refused.status_code == 422  # type: ignore[attr-defined]
    message = refused.json()["error"]["message"]  # type: ignore[attr-defined]
    assert f"{first} and {second} would both be stored as document" in message, message
    assert stored(app, admin) == 1
    copies = upload(app, admin, (first, b"Ho so ve dat dai."), (second, b"Ho so ve dat dai."))
    assert (copies.json()["added"], copies.json()["unchanged"]) == (1, 1)  # type: ignore[attr-defined]


def test_an_encrypted_pdf_with_an_empty_password_is_read_where_it_can_be(
    app: TestClient, admin: dict[str, str]
) -> None:
    answer = upload(app, admin, ("restricted.pdf", AES_PDF))
    try:
        import pypdfium2  # noqa: F401
    except ImportError:  # neither the cryptography package nor PDFium here: a plain refusal
        assert "encrypted" in answer.json()["error"]["message"]  # type: ignore[attr-defined]
        return
    assert answer.json()["added"] == 1, answer.text  # type: ignore[attr-defined]
    found = app.get("/v1/collections/docs/search", headers=admin, params={"q": "pham vi dieu chinh", "mode": "bm25"})
    assert [hit["document"] for hit in found.json()["results"]] == ["restricted"]


def test_an_uploaded_document_keeps_the_name_it_was_sent_by_not_a_server_path(
    app: TestClient, admin: dict[str, str]
) -> None:
    from sqlalchemy import select

    from nonla.store.db import session
    from nonla.store.schema import Document

    sent = upload(app, admin, ("thong-bao.txt", "Điều 1. Thông báo lịch tiếp công dân.".encode()))
    assert sent.status_code == 200, sent.text  # type: ignore[attr-defined]
    with session() as s:
        sources = set(s.scalars(select(Document.source)))
    assert "thong-bao.txt" in sources and not any("/tmp" in str(x) for x in sources), sources

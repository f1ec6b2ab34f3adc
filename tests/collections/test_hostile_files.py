"""Files that would take the server down if read as they claim to be: a .docx zip bomb, a link to /dev/zero, a
FIFO, a link to a file outside the folder, a file too large. Each is refused (one file alone: a 4xx with a stable
code) or, in a folder, skipped and listed with the reason, before it is read; the built files are tiny."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer

from nonla.collections import extract, service
from nonla.collections.extract import FileTooLarge
from nonla.core.errors import InvalidInput


def _docx(path: Path, padding: int) -> Path:
    """A real .docx whose word/document.xml is padded with ``padding`` spaces (they compress to almost nothing)."""
    import docx

    document = docx.Document()
    document.add_paragraph("Tiếng ồn từ quán karaoke kéo dài đến nửa đêm.")
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + b" " * padding, 1)
            bomb.writestr(info.filename, data)
    return path


def test_a_docx_that_unpacks_past_the_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract, "MAX_XML_BYTES", 1 << 20)  # the same check as at 50 MB, on a file of a few KB
    bomb = _docx(tmp_path / "bomb.docx", 1 << 20)
    assert bomb.stat().st_size < 50_000  # python-docx's own template is most of it
    with pytest.raises(FileTooLarge) as refused:
        extract.extract(bomb)
    assert refused.value.code == "file_too_large" and refused.value.http_status == 413
    assert "bomb.docx unpacks to more than" in refused.value.message
    assert extract.extract(_docx(tmp_path / "fine.docx", 1000)).text.startswith("Tiếng ồn")


def test_a_docx_whose_parts_lie_about_their_size_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract, "MAX_XML_BYTES", 1 << 20)
    bomb = _docx(tmp_path / "liar.docx", 2 << 20)
    real = zipfile.ZipFile.infolist

    def infolist(self: zipfile.ZipFile) -> list[zipfile.ZipInfo]:  # a package declaring its parts tiny
        parts = real(self)
        for info in parts:
            info.file_size = min(info.file_size, 100)
        return parts

    monkeypatch.setattr(zipfile.ZipFile, "infolist", infolist)
    with pytest.raises(InvalidInput):  # too large, or damaged where the unpacked size contradicts the declared one
        extract.extract(bomb)


def test_text_past_the_limit_of_one_document_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract, "MAX_TEXT_CHARS", 100)
    (tmp_path / "long.txt").write_text("Điều 1. " * 20, encoding="utf-8")
    with pytest.raises(FileTooLarge, match="long.txt holds 160 characters of text; the limit for one document is 100"):
        extract.extract(tmp_path / "long.txt")


def test_a_file_past_the_size_limit_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extract, "MAX_FILE_BYTES", 100)
    (tmp_path / "big.txt").write_bytes(b"a" * 101)
    with pytest.raises(FileTooLarge, match="big.txt has 101 bytes; the limit is 100"):
        extract.extract(tmp_path / "big.txt")


def test_a_pipe_given_alone_is_refused_not_waited_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(InvalidInput, match="pipe.txt is not a regular file"):
        extract.extract(tmp_path / "pipe.txt")


def test_a_folder_reads_only_its_own_plain_files(
    database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "note.txt").write_text("Người dân phản ánh rác thải ở chợ Bến Thành.", encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "kept.md").write_text("Đường Nguyễn Huệ bị ngập sâu.", encoding="utf-8")
    (folder / "same.txt").symlink_to(folder / "sub" / "kept.md")  # a link inside the folder is read
    (tmp_path / "secret.txt").write_text("root:x:0:0:root:/root:/bin/bash", encoding="utf-8")
    (folder / "passwd.txt").symlink_to(tmp_path / "secret.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "dangling.txt").symlink_to(folder / "gone.txt")
    os.mkfifo(folder / "pipe.txt")
    (folder / "big.txt").write_bytes(b"a" * 101)
    monkeypatch.setattr(service, "MAX_FILE_BYTES", 100)
    service.create("inbox")
    counts = service.ingest("inbox", folder)
    skipped = {skip["file"]: skip["error"] for skip in counts["skipped"]}
    assert skipped == {
        "big.txt": "big.txt has 101 bytes; the limit is 100.",
        "dangling.txt": "dangling.txt cannot be opened (No such file or directory).",
        "passwd.txt": "passwd.txt is a link to a file outside the folder and was not read.",
        "pipe.txt": "pipe.txt is not a regular file (a device, pipe or socket) and was not read.",
        "zero.txt": "zero.txt is a link to a file outside the folder and was not read.",
    }
    assert (counts["files"], counts["added"], counts["unchanged"]) == (3, 2, 1)  # the link is its target's text again


def test_an_upload_past_the_limit_is_refused_without_being_kept(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nonla.api import collections as route
    from nonla.api.app import create_app

    monkeypatch.setattr(route, "MAX_FILE_BYTES", 1000)
    with TestClient(create_app(), raise_server_exceptions=False) as app:
        admin = bearer("admin")
        assert app.post("/v1/collections", headers=admin, json={"name": "docs"}).status_code == 201
        files = [("files", ("a.txt", "Cầu Rồng hỏng đèn.".encode())), ("files", ("big.txt", b"a" * 1001))]
        answer = app.post("/v1/collections/docs/files", headers=admin, files=files)
        assert answer.status_code == 413, answer.text
        assert answer.json()["error"]["code"] == "upload_too_large" and "big.txt" in answer.json()["error"]["message"]
        listed = app.get("/v1/collections", headers=admin).json()["collections"]
        assert [c["documents"] for c in listed] == [0]

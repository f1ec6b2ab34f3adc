"""A folder with files that cannot be stored: the others go in and each skipped file is listed with the reason,
from the service and from `nonla collections ingest` (no traceback); one such file given alone is an error."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from tests.test_cli import nonla

from nonla.collections import service
from nonla.collections.search import bm25_search


def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    (folder / "x").mkdir(parents=True)
    (folder / "y").mkdir()
    (folder / "note.txt").write_text("Người dân phản ánh rác thải ở chợ Bến Thành.", encoding="utf-8")
    with zipfile.ZipFile(folder / "broken.docx", "w") as package:  # a package python-docx cannot make sense of
        package.writestr("[Content_Types].xml", "<Types/>")
    (folder / "x" / "c.txt").write_text("Đường Nguyễn Huệ bị ngập sâu.", encoding="utf-8")
    (folder / "y" / "c.txt").write_text("Tiếng ồn từ quán karaoke.", encoding="utf-8")  # document 'c' too
    return folder


def test_a_folder_skips_what_it_cannot_store_and_says_why(database: str, tmp_path: Path) -> None:
    folder = inbox(tmp_path)
    service.create("inbox")
    counts = service.ingest("inbox", folder)
    assert (counts["files"], counts["added"]) == (4, 2)
    assert [skip["file"] for skip in counts["skipped"]] == ["broken.docx", "y/c.txt"]
    assert counts["skipped"][0]["error"] == "broken.docx is damaged or is not a Word (.docx) document."
    assert "x/c.txt and y/c.txt would both be stored as document 'c'" in counts["skipped"][1]["error"]
    assert bm25_search("inbox", "ngập sâu")[0].document == "c" and not bm25_search("inbox", "karaoke")
    assert service.ingest("inbox", folder)["unchanged"] == 2


def test_the_command_reports_skipped_files_without_a_traceback(database: str, nonla_home: Path, tmp_path: Path) -> None:
    folder = inbox(tmp_path)
    out = nonla("collections", "ingest", "inbox", str(folder), "--create", home=nonla_home)
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    assert [skip["file"] for skip in json.loads(out.stdout)["skipped"]] == ["broken.docx", "y/c.txt"]
    alone = nonla("collections", "ingest", "inbox", str(folder / "broken.docx"), home=nonla_home)
    assert alone.returncode == 2 and "Traceback" not in alone.stderr, alone.stderr
    assert "broken.docx is damaged" in alone.stderr and "What to do" in alone.stderr
    (tmp_path / "garbage.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)  # no xref, no EOF marker
    damaged = nonla("collections", "ingest", "inbox", str(tmp_path / "garbage.pdf"), home=nonla_home)
    assert damaged.returncode == 2 and "garbage.pdf is damaged" in damaged.stderr, damaged.stderr
    assert "EOF marker" not in damaged.stderr  # the PDF library's own notices are not shown to the user


def test_an_empty_file_and_a_folder_that_cannot_be_listed_are_said(
    database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    folder = inbox(tmp_path)
    (folder / "empty.txt").write_text("  \n", encoding="utf-8")
    (folder / "locked").mkdir()
    (folder / "locked" / "d.txt").write_text("Cầu Rồng hỏng đèn.", encoding="utf-8")
    real = os.scandir

    def scandir(path: object = ".") -> object:  # as chmod 000 does for any user but root, who runs these tests
        if str(path).endswith("locked"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    service.create("inbox")
    skipped = {skip["file"]: skip["error"] for skip in service.ingest("inbox", folder)["skipped"]}
    assert skipped["empty.txt"] == "empty.txt holds no text."
    assert skipped["locked"] == "locked cannot be opened (Permission denied)."


def test_an_empty_file_sent_alone_is_refused_not_silently_ingested(database: str, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient
    from rest_keys import bearer

    from nonla.api.app import create_app
    from nonla.core.errors import InvalidInput

    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    service.create("inbox")
    with pytest.raises(InvalidInput, match="empty.txt holds no text"):
        service.ingest("inbox", empty)
    with TestClient(create_app(), raise_server_exceptions=False) as app:
        sent = app.post("/v1/collections/inbox/files", headers=bearer("admin"),
                        files=[("files", ("empty.txt", b"", "text/plain"))])  # fmt: skip
    assert sent.status_code == 422 and "holds no text" in sent.text, sent.text
    assert service.list_collections()[0]["documents"] == 0

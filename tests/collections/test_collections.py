"""Collections on both databases: add, no-op re-add, replace, delete every trace, ingest each file type, search."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from nonla.collections import service
from nonla.collections.bm25 import Filters
from nonla.collections.search import bm25_search
from nonla.core.errors import Conflict, InvalidInput, NotFound
from nonla.governance import audit
from nonla.store.db import engine_for

RESIDENCE = "Luat-68-2020-QH14-cu-tru-435315"


def law(shared_data: Path, name: str) -> str:
    return (shared_data / "vn_laws_corpus_underthesea_vlc" / "processed" / f"{name}.txt").read_text(encoding="utf-8")


def count(sql: str) -> int:
    engine, _, _ = engine_for()
    with engine.connect() as conn:
        return int(conn.execute(text(sql)).scalar() or 0)


def test_add_search_readd_replace_delete(database: str, shared_data: Path) -> None:
    service.create("laws")
    with pytest.raises(Conflict):
        service.create("laws")
    body = law(shared_data, RESIDENCE)
    assert service.add("laws", [{"text": body}]) == {"added": 1, "unchanged": 0, "replaced": 0, "parts": 38}
    assert service.add("laws", [{"text": body}])["unchanged"] == 1
    for query in ("thủ tục đăng ký thường trú", "thu tuc dang ky thuong tru"):
        hits = bm25_search("laws", query, k=3)
        assert "luat-68-2020-qh14/dieu-22" in [h.key for h in hits], (query, [h.key for h in hits])
        assert hits[0].metadata["doc_type"] == "Luật" and hits[0].metadata["effective"] == "2021-07-01"
    assert not bm25_search("laws", "đăng ký thường trú", filters=Filters(year=1999))
    assert bm25_search("laws", "đăng ký thường trú", filters=Filters(in_force_on="2022-01-01"))
    assert not bm25_search("laws", "đăng ký thường trú", filters=Filters(in_force_on="2020-01-01"))
    changed = body.replace("Điều 38. Điều khoản thi hành", "Điều 38. Hiệu lực thi hành")
    assert changed != body
    assert service.add("laws", [{"text": changed}])["replaced"] == 1
    assert count("SELECT count(*) FROM parts") == 38
    service.delete_document("laws", "luat-68-2020-qh14")
    assert count("SELECT count(*) FROM parts") == count("SELECT count(*) FROM documents") == 0
    if database.startswith("sqlite"):
        assert count("SELECT count(*) FROM parts_fts") == 0
    assert bm25_search("laws", "đăng ký thường trú") == []
    actions = [row["action"] for row in audit.export()]
    assert actions.count("document.add") == 2 and "document.delete" in actions and audit.verify().ok
    with pytest.raises(NotFound):
        service.delete_document("laws", "luat-68-2020-qh14")


def test_ingest_a_folder_of_every_file_type(
    database: str, tmp_path: Path, text_pdf: Callable[[list[str]], bytes]
) -> None:
    import docx

    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "note.txt").write_text("Người dân phản ánh rác thải ở chợ Bến Thành.", encoding="utf-8")
    (folder / "page.html").write_text(
        "<html><body><p>Đường Nguyễn Huệ bị ngập sâu.</p><script>x()</script></body></html>", encoding="utf-8"
    )
    document = docx.Document()
    document.add_paragraph("Tiếng ồn từ quán karaoke kéo dài đến nửa đêm.")
    document.save(str(folder / "letter.docx"))
    (folder / "scan.pdf").write_bytes(text_pdf(["Dieu 1. Pham vi dieu chinh", "Dieu 2. Doi tuong ap dung"]))
    (folder / "ignored.exe").write_bytes(b"MZ")
    service.create("inbox")
    counts = service.ingest("inbox", folder)
    assert (counts["files"], counts["added"]) == (4, 4)
    assert service.ingest("inbox", folder)["unchanged"] == 4
    assert bm25_search("inbox", "karaoke")[0].document == "letter"
    assert bm25_search("inbox", "ngap sau")[0].document == "page"
    assert bm25_search("inbox", "pham vi dieu chinh")[0].document == "scan"  # the PDF text layer was read
    with pytest.raises(InvalidInput):
        service.ingest("inbox", folder / "ignored.exe")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(InvalidInput):
        service.ingest("inbox", folder / "broken.pdf")


def test_bad_names_and_missing_collections(database: str) -> None:
    with pytest.raises(InvalidInput):
        service.create("Không hợp lệ")
    with pytest.raises(NotFound):
        service.add("nowhere", [{"text": "x"}])
    service.create("c1")
    with pytest.raises(InvalidInput):
        service.add("c1", [{"text": "   "}])

"""Collections on both databases: add, no-op re-add, replace, delete every trace, ingest each file type, search."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

import nonla.collections
import nonla.inbox
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


def test_the_same_text_with_corrected_metadata_or_another_id_is_not_unchanged(database: str) -> None:
    """A corrected year or expiry under the same id replaced nothing ('unchanged'), and the same text under a new
    id was dropped: the filters kept answering from the wrong metadata."""
    text_ = "Điều 1. Phạm vi điều chỉnh\nNghị định này quy định về đăng ký hộ kinh doanh tại cấp xã."
    service.create("nd")
    first = {"id": "nd-1", "text": text_, "metadata": {"year": 2010, "expired": "2015-01-01"}}
    assert service.add("nd", [first])["added"] == 1
    assert service.add("nd", [first])["unchanged"] == 1  # the very same: a no-op still
    corrected = {"id": "nd-1", "text": text_, "metadata": {"year": 2020}}
    assert service.add("nd", [corrected])["replaced"] == 1
    assert bm25_search("nd", "đăng ký hộ kinh doanh", filters=Filters(year=2020))
    assert bm25_search("nd", "đăng ký hộ kinh doanh", filters=Filters(in_force_on="2024-01-01"))
    assert service.add("nd", [{**corrected, "id": "nd-2"}])["added"] == 1
    assert count("SELECT count(*) FROM documents") == 2
    assert service.add("nd", [{"text": text_}])["unchanged"] == 1  # no id: the same text is a copy


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


def test_a_batch_with_one_bad_document_stores_none_of_them(database: str) -> None:
    """Document 1 was stored before document 2 was found to have no text: the call was refused, yet it was found."""
    service.create("c1")
    batch = [{"id": "d1", "text": "Văn bản một về đất đai."}, {"id": "d2", "text": "   "},
             {"id": "d3", "text": "Văn bản ba về thuế."}]  # fmt: skip
    with pytest.raises(InvalidInput, match="Document 2 has no text"):
        service.add("c1", batch)
    with pytest.raises(InvalidInput, match="Document 2 has no text"):
        nonla.collections.add("c1", [batch[0], {"id": "d2"}, batch[2]])
    assert count("SELECT count(*) FROM documents") == 0
    assert bm25_search("c1", "đất đai") == []
    assert service.add("c1", [batch[0], batch[2]])["added"] == 2


def test_the_package_functions_outlive_imports_of_their_namesake_modules() -> None:
    """nonla.collections.search (the function) and nonla.collections.search (the module) share a name; so do
    nonla.inbox.submit and .stats: importing the module must never replace the function."""
    import importlib

    for package, name in ((nonla.collections, "search"), (nonla.inbox, "submit"), (nonla.inbox, "stats")):
        importlib.import_module(f"{package.__name__}.{name}")
        assert callable(getattr(package, name)), f"{package.__name__}.{name} became the module"
    nonla.collections.create("docs")
    nonla.collections.add("docs", [{"id": "a", "text": "Điều 1. Tạm trú là nơi công dân sinh sống."}])
    assert [h.document for h in nonla.collections.search("docs", "tạm trú", mode="bm25")[0]] == ["a"]
    # the limits of the CLI and REST hold in Python too, instead of a silent empty answer or a huge one
    for bad in ({"query": "  "}, {"query": "tạm trú", "k": 0}, {"query": "tạm trú", "k": 10**9},
                {"query": "tạm trú", "k": True}, {"query": "tạm trú", "mode": "fuzzy"}):  # fmt: skip
        with pytest.raises(InvalidInput):
            nonla.collections.search("docs", **bad)  # type: ignore[arg-type]


def test_legal_texts_without_number_or_title_do_not_replace_each_other(tmp_path: Path) -> None:
    folder = tmp_path / "excerpts"
    folder.mkdir()
    (folder / "trom-cap.txt").write_text("Điều 173. Tội trộm cắp tài sản\n1. Người nào trộm cắp tài sản...\n",
                                         encoding="utf-8")  # fmt: skip
    (folder / "dat-coc.txt").write_text("Điều 328. Đặt cọc\n1. Đặt cọc là việc một bên giao cho bên kia...\n",
                                        encoding="utf-8")  # fmt: skip
    nonla.collections.create("docs")
    assert nonla.collections.ingest("docs", folder)["added"] == 2
    added = nonla.collections.add("docs", [{"text": "Điều 1. Phạm vi điều chỉnh\nVăn bản này quy định..."},
                                           {"text": "Điều 1. Đối tượng áp dụng\nVăn bản này áp dụng..."}])  # fmt: skip
    assert (added["added"], added["replaced"]) == (2, 0)
    assert nonla.collections.list()[0]["documents"] == 4


def test_a_text_is_never_in_force_before_it_was_issued() -> None:
    decree = ("CHÍNH PHỦ\nSố: 100/2019/NĐ-CP\nHà Nội, ngày 30 tháng 12 năm 2019\nNGHỊ ĐỊNH\nQUY ĐỊNH XỬ PHẠT GIAO THÔNG\n"
              "Điều 1. Phạm vi điều chỉnh\nNghị định này quy định xử phạt vi phạm giao thông đường bộ.\n"
              "Điều 2. Hiệu lực thi hành\nNghị định này có hiệu lực thi hành kể từ ngày 01/01/2020.\n")  # fmt: skip
    decision = ("ỦY BAN NHÂN DÂN TỈNH BÌNH DƯƠNG\nSố: 25/2020/QĐ-UBND\nBình Dương, ngày 15 tháng 9 năm 2020\n"
                "QUYẾT ĐỊNH\nVỀ XỬ PHẠT GIAO THÔNG TRÊN ĐỊA BÀN TỈNH\nĐiều 1. Xử phạt vi phạm giao thông trên địa bàn tỉnh.\n"
                "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n")  # fmt: skip
    service.create("docs")
    service.add("docs", [{"text": decree}, {"text": decision}])

    def in_force(day: str) -> set[str]:
        return {hit.document for hit in bm25_search("docs", "xử phạt giao thông", k=10, filters=Filters(in_force_on=day))}

    assert in_force("2019-06-01") == set()
    assert in_force("2020-03-01") == {"nghi-dinh-100-2019-nd-cp"}
    assert in_force("2020-10-01") == {"nghi-dinh-100-2019-nd-cp", "quyet-dinh-25-2020-qd-ubnd"}


def test_text_files_in_utf16_need_their_mark_and_8_bit_files_are_refused(tmp_path: Path) -> None:
    service.create("docs")
    marked = tmp_path / "utf16.txt"
    marked.write_bytes("Điều 1. Tạm trú là nơi sinh sống.".encode("utf-16"))  # with its byte-order mark
    assert service.ingest("docs", marked)["added"] == 1
    legacy = tmp_path / "cp1258.txt"
    legacy.write_bytes(b"Quy \xae\xfanh v\xd2 t\xb9m tr\xf3 t\xb9i H\xb5 N\xe9i!".ljust(64, b" "))  # TCVN3, even length
    with pytest.raises(InvalidInput, match="neither UTF-8 nor UTF-16"):
        service.ingest("docs", legacy)
    assert service.list_collections()[0]["documents"] == 1


def windows_1258(text: str) -> bytes:
    """As Windows-1258 writes Vietnamese: letters with â/ă/ơ... precomposed, the tone mark as a combining one."""
    import unicodedata

    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            apart = unicodedata.normalize("NFD", char)
            out += unicodedata.normalize("NFC", apart[:-1]).encode("cp1258") + apart[-1].encode("cp1258")
    return out


def test_an_html_page_is_read_in_the_charset_it_declares(tmp_path: Path) -> None:
    """Pages saved by older Vietnamese sites declare Windows-1258; they were refused as 'neither UTF-8 nor UTF-16'."""
    service.create("docs")
    body = "Điều 1. Người dân đăng ký tạm trú tại Công an cấp xã."
    for number, (declaration, legacy) in enumerate([('<meta charset="windows-1258">', "cp1258"),
            ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">', None)]):  # fmt: skip
        page = tmp_path / f"page{number}.html"
        text = body if legacy else "Article 1. Residents register at the commune police - café."
        html = f"<html><head>{declaration}</head><body><p>{text}</p></body></html>"
        page.write_bytes(windows_1258(html) if legacy else html.encode("cp1252"))
        assert service.ingest("docs", page)["added"] == 1
    found = bm25_search("docs", "đăng ký tạm trú")
    assert found and "Người dân đăng ký tạm trú" in found[0].text
    lying = tmp_path / "lying.html"  # declares UTF-8, is not: refused as before, naming what it tried
    lying.write_bytes(b'<meta charset="utf-8"><p>t\xb9m tr\xf3</p>')
    with pytest.raises(InvalidInput, match="neither UTF-8 nor UTF-16"):
        service.ingest("docs", lying)

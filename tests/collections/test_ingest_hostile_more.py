"""Files whose names, encodings or structure once broke ingestion or lost text: a path that is not UTF-8, an HTML
meta naming a codec no page is written in, a byte-order mark against a stale meta, Word content controls and
tracked changes, a page of tiny tags, a .docx main part not named .xml, control characters and long names in an
upload, and a scan uploaded by a key scoped away from vision.ocr."""

from __future__ import annotations

import io
import os
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from rest_keys import bearer

from nonla.collections import extract, service
from nonla.collections.document_check import checked
from nonla.collections.search import search
from nonla.core.errors import InvalidInput

pytestmark = pytest.mark.usefixtures("database")

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _client() -> TestClient:
    from nonla.api.app import create_app

    return TestClient(create_app(), raise_server_exceptions=False)


def _docx(path: Path, body: str, part: str = "word/document.xml") -> Path:
    """A minimal .docx whose main part, named ``part``, holds ``body``."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                         'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
                         'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/'
                         f'xml"/><Override PartName="/{part}" ContentType="{MAIN}"/></Types>')  # fmt: skip
        package.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                         'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                         f'officeDocument/2006/relationships/officeDocument" Target="{part}"/></Relationships>')  # fmt: skip
        package.writestr(part, f'<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body></w:document>')
    return path


def _paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def test_a_folder_whose_path_is_not_utf8_is_ingested_whole(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    os.mkdir(folder + b"/Lu\xe2t")  # 'Luât' in Windows-1258 bytes, as an old disk or zip leaves it
    Path(os.fsdecode(folder + b"/Lu\xe2t/cu-tru.txt")).write_text("Văn bản trong thư mục cũ về cư trú.\n")
    (tmp_path / "z-good.txt").write_text("Văn bản tốt phải được nạp.\n")
    service.create("docs")
    report = service.ingest("docs", tmp_path)
    assert (report["added"], report["skipped"]) == (2, [])
    from sqlalchemy import select

    from nonla.store.db import session
    from nonla.store.schema import Document

    with session() as s:
        sources = sorted(doc.source for doc in s.scalars(select(Document)))
    assert sources[0].endswith("Lu\\xe2t/cu-tru.txt") and sources[1].endswith("z-good.txt")
    assert search("docs", "được nạp", 5, mode="bm25")[0]


def test_a_source_that_is_not_unicode_is_refused_before_it_is_stored() -> None:
    with pytest.raises(InvalidInput, match="not valid Unicode"):
        checked(1, {"text": "Điều 1.", "source": "Lu\udce2t/cu-tru.txt"})


@pytest.mark.parametrize("charset", ["undefined", "rot13", "base64", "idna", "utf-7", "no-such-codec"])
def test_a_meta_charset_that_is_no_page_encoding_is_passed_over(tmp_path: Path, charset: str) -> None:
    page = tmp_path / "trang.html"
    page.write_bytes(f'<html><head><meta charset="{charset}"></head><body><p>Xin chào</p></body></html>'.encode())
    assert extract.extract(page).text == "Xin chào"
    service.create("docs")
    with _client() as app:
        admin = bearer("admin")
        sent = app.post("/v1/collections/docs/files", headers=admin,
                        files=[("files", ("trang.html", page.read_bytes(), "text/html"))])  # fmt: skip
        assert sent.status_code == 200, sent.text


def test_a_byte_order_mark_outranks_the_meta_and_utf16_in_a_meta_means_utf8(tmp_path: Path) -> None:
    page = tmp_path / "trang.html"
    stale = '<html><head><meta charset="windows-1258"></head><body><p>Xin chào các bạn</p></body></html>'
    page.write_bytes(b"\xef\xbb\xbf" + stale.encode())
    assert extract.extract(page).text == "Xin chào các bạn"
    for declared in ("utf-16", "UTF-16LE", "utf-32"):
        body = f'<html><head><meta charset="{declared}"></head><body><p>Luật Cư trú năm 2020</p></body></html>'
        page.write_bytes(body.encode().ljust(400))  # an even length, as UTF-16 would need
        assert extract.extract(page).text == "Luật Cư trú năm 2020", declared


def test_docx_text_in_content_controls_and_tracked_changes_is_read(tmp_path: Path) -> None:
    body = (_paragraph("Điều 1. Phạm vi điều chỉnh")
            + f"<w:sdt><w:sdtPr><w:alias w:val='x'/></w:sdtPr><w:sdtContent>{_paragraph('Điều 2. Đối tượng')}"
            "</w:sdtContent></w:sdt>"
            "<w:p><w:r><w:t xml:space='preserve'>Điều 3. Giải thích </w:t></w:r><w:ins w:id='1' w:author='a'><w:r>"
            "<w:t>từ ngữ</w:t></w:r></w:ins><w:del w:id='2' w:author='a'><w:r><w:delText>bỏ đi</w:delText></w:r>"
            "</w:del></w:p>"
            "<w:p><w:r><w:t xml:space='preserve'>Ký tên: </w:t></w:r><w:sdt><w:sdtContent><w:r><w:t>Nguyễn Văn A"
            "</w:t></w:r></w:sdtContent></w:sdt><w:r><w:tab/><w:t>ngày </w:t></w:r><w:fldSimple w:instr='DATE'><w:r>"
            "<w:t>01/07/2021</w:t></w:r></w:fldSimple></w:p>"
            "<w:p><w:smartTag w:uri='u' w:element='place'><w:r><w:t>Hà Nội</w:t></w:r></w:smartTag></w:p>"
            f"<w:customXml w:element='x'>{_paragraph('Phụ lục')}</w:customXml>"
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Ô 1</w:t></w:r></w:p></w:tc><w:sdt><w:sdtContent><w:tc>"
            "<w:p><w:r><w:t>Ô 2</w:t></w:r></w:p></w:tc></w:sdtContent></w:sdt></w:tr></w:tbl>")  # fmt: skip
    text = extract.extract(_docx(tmp_path / "mau.docx", body)).text
    assert text.split("\n") == ["Điều 1. Phạm vi điều chỉnh", "Điều 2. Đối tượng", "Điều 3. Giải thích từ ngữ",
                                "Ký tên: Nguyễn Văn A\tngày 01/07/2021", "Hà Nội", "Phụ lục", "Ô 1 | Ô 2"]  # fmt: skip


def test_an_html_page_of_tiny_tags_is_read_in_little_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract, "MAX_FILE_BYTES", 2 << 20)  # the read's buffer is as large as the limit
    page = tmp_path / "the.html"
    page.write_bytes(b"<html><body>" + b"<b>x</b>" * (2**20 // 8) + b"</body></html>")
    tracemalloc.start()
    try:
        text = extract.extract(page).text
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert text == "x" * (2**20 // 8)
    assert peak < 20 * 2**20, peak  # a parsed tree of it took over 150 MB


def test_an_html_page_keeps_its_blocks_apart_and_leaves_out_what_is_not_shown(tmp_path: Path) -> None:
    page = tmp_path / "the.html"
    page.write_text("<html><head><title>Thông báo</title><style>p{}</style></head><body><p>Đường <b>Nguyễn Huệ</b>"
                    " ngập.</p><template><p>ẩn</p></template><noscript>bật script</noscript><ul><li>Một</li>"
                    "<li>Hai&nbsp;&amp; ba</li></ul>dòng<br>mới<script>x()</script></body></html>")  # fmt: skip
    assert extract.extract(page).text.split("\n") == ["Thông báo", "Đường Nguyễn Huệ ngập.", "Một", "Hai\xa0& ba",
                                                      "dòng", "mới"]  # fmt: skip


def test_a_docx_main_part_not_named_xml_counts_against_the_xml_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert extract.extract(_docx(tmp_path / "small.docx", _paragraph("Điều 1."), "word/document.dat")).text == "Điều 1."
    monkeypatch.setattr(extract, "MAX_XML_BYTES", 1 << 20)
    padded = _docx(tmp_path / "big.docx", " " * (2 << 20) + _paragraph("Điều 1."), "word/document.dat")
    with pytest.raises(extract.FileTooLarge, match="big.docx unpacks to more than"):
        extract.extract(padded)


def test_an_upload_name_with_control_characters_is_stored_under_a_clean_name() -> None:
    service.create("docs")
    boundary = b"XyZbOuNdArY"
    head = b'Content-Disposition: form-data; name="files"; filename="a\x00b.txt"\r\nContent-Type: text/plain'
    body = b"--%s\r\n%s\r\n\r\n%s\r\n--%s--\r\n" % (boundary, head, "Văn bản thử nghiệm.".encode(), boundary)
    with _client() as app:
        admin = bearer("admin")
        sent = app.post("/v1/collections/docs/files", headers={**admin, "Content-Type": "multipart/form-data; "
                        "boundary=XyZbOuNdArY"}, content=body)  # fmt: skip
        assert sent.status_code == 200, sent.text
        found = app.get("/v1/collections/docs/search", headers=admin, params={"q": "thử nghiệm", "mode": "bm25"})
        assert [hit["id"] for hit in found.json()["results"]] == ["ab"]


def test_an_upload_with_a_long_name_is_stored_as_ingest_stores_it(tmp_path: Path) -> None:
    name = ("Quyết định " * 22).encode()[:250].decode("utf-8", "ignore") + ".txt"
    (tmp_path / name).write_text("Văn bản có tên rất dài, văn bản thứ ba.\n")
    service.create("local")
    service.ingest("local", tmp_path / name)
    service.create("sent")
    with _client() as app:
        admin = bearer("admin")
        sent = app.post("/v1/collections/sent/files", headers=admin,
                        files=[("files", (name, (tmp_path / name).read_bytes(), "text/plain"))])  # fmt: skip
        assert sent.status_code == 200, sent.text
    local, uploaded = (search(c, "văn bản thứ ba", 5, mode="bm25")[0][0] for c in ("local", "sent"))
    assert (uploaded.key, uploaded.title) == (local.key, local.title)


def _scan() -> bytes:
    out = io.BytesIO()
    Image.new("L", (300, 60), 255).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("scan", ["scan.png", "scan.pdf"])
def test_a_key_scoped_away_from_ocr_cannot_have_a_scan_read_by_uploading_it(scan: str) -> None:
    service.create("docs")
    with _client() as app:
        scoped = bearer("developer", scopes=["vi.*"])
        refused = app.post("/v1/collections/docs/files", headers=scoped,
                           files=[("files", ("note.txt", "Ghi chú.".encode())), ("files", (scan, _scan()))])  # fmt: skip
        assert refused.status_code == 403 and "vision.ocr" in refused.json()["error"]["message"]
        listed = app.get("/v1/collections", headers=bearer("admin")).json()["collections"]
        assert [c["documents"] for c in listed] == [0]
        note = [("files", ("note.txt", "Ghi chú.".encode()))]
        assert app.post("/v1/collections/docs/files", headers=scoped, files=note).status_code == 200

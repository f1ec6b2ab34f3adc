"""A scanned (image-only) PDF and a photo of a page are ingested through vision.ocr and become searchable."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from nonla.collections import service
from nonla.collections.extract import extract
from nonla.collections.search import bm25_search

pytest.importorskip("tesserocr")
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def scan(lines: list[str]) -> object:
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(FONT, 36)
    page = Image.new("RGB", (1275, 1650), "white")  # A4-ish at 150 dpi
    draw = ImageDraw.Draw(page)
    for row, line in enumerate(lines):
        draw.text((120, 150 + 60 * row), line, font=font, fill="black")
    return page


def test_a_scanned_pdf_is_ocred_and_searchable(database: str, tmp_path: Path) -> None:
    pdf = tmp_path / "don-thu.pdf"
    buffer = io.BytesIO()
    first = scan(["Điều 1. Phạm vi điều chỉnh", "Luật này quy định về đăng ký thường trú."])
    first.save(buffer, "PDF", resolution=150, save_all=True,  # type: ignore[attr-defined]
               append_images=[scan(["Điều 2. Cơ quan quản lý cư trú là Công an xã."])])  # fmt: skip
    pdf.write_bytes(buffer.getvalue())
    extracted = extract(pdf)
    assert extracted.pages == 2 and extracted.scanned_pages == ()
    assert "đăng ký thường trú" in extracted.text and "Công an xã" in extracted.text
    photo = tmp_path / "anh-chup.png"
    scan(["Phản ánh: đèn đường hỏng ở ngõ 12."]).save(photo)  # type: ignore[attr-defined]
    service.create("scans")
    counts = service.ingest("scans", tmp_path)
    assert (counts["files"], counts["added"], counts["scanned_pages"]) == (2, 2, 0)
    assert any("đăng ký thường trú" in hit.text for hit in bm25_search("scans", "dang ky thuong tru", k=3))
    assert any("đèn đường hỏng" in hit.text for hit in bm25_search("scans", "đèn đường hỏng", k=3))

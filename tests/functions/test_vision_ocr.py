"""vision.ocr on pages drawn here: images, quarter turns, PDFs with and without a text layer, bad files, surfaces."""

from __future__ import annotations

import base64
import io
import json
import os
import struct
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from nonla.core.errors import InvalidInput, NonlaError
from nonla.core.runner import Runner

pytest.importorskip("tesserocr")
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LINES = ["Điều 1. Phạm vi điều chỉnh", "Luật này quy định về cư trú của công dân."]


def page_image(lines: list[str] = LINES, turn: int = 0) -> object:
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(FONT, 40)
    image = Image.new("L", (1400, 140 + 70 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(lines):
        draw.text((60, 60 + 70 * row), line, font=font, fill=0)
    return image.rotate(turn, expand=True) if turn else image


def encoded(image: object, kind: str = "PNG") -> str:
    buffer = io.BytesIO()
    image.save(buffer, kind)  # type: ignore[attr-defined]
    return base64.b64encode(buffer.getvalue()).decode()


def scanned_pdf(pages: list[list[str]]) -> bytes:
    images = [page_image(lines).convert("RGB") for lines in pages]  # type: ignore[attr-defined]
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", resolution=150, save_all=True, append_images=images[1:])
    return buffer.getvalue()


def call(items: list[dict[str, object]]) -> list[object]:
    return Runner().call("vision.ocr", items).results


def test_an_image_is_read_line_by_line_with_boxes() -> None:
    [out] = call([{"data": encoded(page_image())}])
    page = out.pages[0]  # type: ignore[attr-defined]
    assert out.text == "\n".join(LINES) and page.source == "ocr"  # type: ignore[attr-defined]
    assert [line.text for line in page.lines] == LINES
    first = page.lines[0]
    assert 40 <= first.box[0] <= 80 and first.box[2] > first.box[0] and 0.8 < first.confidence <= 1


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_quarter_turned_pages_are_read_upright(turn: int) -> None:
    [out] = call([{"data": encoded(page_image(turn=turn), "JPEG")}])
    assert out.text == "\n".join(LINES)  # type: ignore[attr-defined]
    assert out.pages[0].rotation == turn  # type: ignore[attr-defined]


def test_a_small_skew_is_straightened() -> None:
    from PIL import Image

    skewed = page_image().rotate(2.5, Image.Resampling.BICUBIC, expand=True, fillcolor=255)  # type: ignore[attr-defined]
    [out] = call([{"data": encoded(skewed)}])
    assert out.text == "\n".join(LINES) and 2.0 <= out.pages[0].skew <= 3.0  # type: ignore[attr-defined]


def test_a_scanned_pdf_is_ocred_page_by_page_with_progress() -> None:
    from nonla.functions.vision.ocr_pages import page_progress

    pdf = scanned_pdf([["Trang một: Quốc hội ban hành luật."], ["Trang hai: Chính phủ quy định chi tiết."]])
    seen: list[tuple[int, int]] = []
    with page_progress(lambda done, total: seen.append((done, total))):
        [out] = call([{"data": base64.b64encode(pdf).decode(), "dpi": 200}])
    assert out.media_type == "application/pdf" and seen == [(1, 2), (2, 2)]  # type: ignore[attr-defined]
    assert [p.source for p in out.pages] == ["ocr", "ocr"]  # type: ignore[attr-defined]
    assert out.pages[1].text == "Trang hai: Chính phủ quy định chi tiết."  # type: ignore[attr-defined]


def test_a_pdf_text_layer_is_kept_and_scanned_pages_ocred(text_pdf: Callable[[list[str]], bytes]) -> None:
    import pypdfium2 as pdfium

    mixed = pdfium.PdfDocument(text_pdf(["Dieu 1. Pham vi dieu chinh", "Dieu 2. Doi tuong ap dung"]))
    mixed.import_pages(pdfium.PdfDocument(scanned_pdf([["Điều 3. Giải thích từ ngữ"]])))
    buffer = io.BytesIO()
    mixed.save(buffer)
    [out] = call([{"data": base64.b64encode(buffer.getvalue()).decode()}])
    layer, scan = out.pages  # type: ignore[attr-defined]
    assert layer.source == "text_layer" and [line.text for line in layer.lines][:2] == [
        "Dieu 1. Pham vi dieu chinh",
        "Dieu 2. Doi tuong ap dung",
    ]
    assert layer.lines[0].box[0] == pytest.approx(300, abs=10)  # 72 pt from the left edge at 300 dpi
    assert scan.source == "ocr" and scan.text == "Điều 3. Giải thích từ ngữ"


def test_bad_files_are_clear_4xx_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    from nonla.functions.vision import ocr_pdf

    png = base64.b64decode(encoded(page_image()))
    bad = {
        "not base64 !": "not base64",
        base64.b64encode(b"just some text, no image").decode(): "neither an image",
        base64.b64encode(png[: len(png) // 2]).decode(): "cannot be read",
        base64.b64encode(b"%PDF-1.4 not really a pdf").decode(): "cannot be read",
    }
    results = call([{"data": data} for data in bad])
    for (data, words), out in zip(bad.items(), results, strict=True):
        assert isinstance(out, InvalidInput) and out.http_status == 422, (data[:20], out)
        assert words in out.message and out.hint
    monkeypatch.setattr(ocr_pdf, "MAX_PAGES", 1)
    [out] = call([{"data": base64.b64encode(scanned_pdf([["a"], ["b"]])).decode()}])
    assert isinstance(out, NonlaError) and out.details["problem"] == "too_many_pages"


def test_a_tiff_with_a_damaged_later_page_is_corrupt_input() -> None:
    from PIL import Image

    page, buffer = Image.new("L", (64, 32), 255), io.BytesIO()
    page.save(buffer, "TIFF", save_all=True, append_images=[page])
    tiff = bytearray(buffer.getvalue())
    first = struct.unpack_from("<I", tiff, 4)[0]
    second = struct.unpack_from("<I", tiff, first + 2 + 12 * struct.unpack_from("<H", tiff, first)[0])[0]
    for entry in range(second + 2, second + 2 + 12 * struct.unpack_from("<H", tiff, second)[0], 12):
        if struct.unpack_from("<H", tiff, entry)[0] == 256:  # the second page loses its ImageWidth tag
            struct.pack_into("<H", tiff, entry, 0xC000)
    [out] = call([{"data": base64.b64encode(bytes(tiff)).decode()}])
    assert isinstance(out, InvalidInput) and out.code == "invalid_input", out
    assert out.details["problem"] == "corrupt" and "cannot be read" in out.message


def test_rest_takes_base64_json() -> None:
    from fastapi.testclient import TestClient

    from nonla.api.app import create_app
    from nonla.governance import keys

    key, _ = keys.create_key("caller", "ocr test", None)
    headers = {"Authorization": f"Bearer {key}"}
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        ok = client.post("/v1/functions/vision.ocr", headers=headers, json={"data": encoded(page_image())})
        assert ok.status_code == 200 and ok.json()["output"]["text"] == "\n".join(LINES)
        bad = client.post("/v1/functions/vision.ocr", headers=headers, json={"data": "bm90IGFuIGltYWdl"})
        assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_input"


def test_cli_reads_a_file(tmp_path: Path, nonla_home: Path) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scanned_pdf([["Trang một: Quốc hội ban hành luật."]]))
    env = {**os.environ, "NONLA_HOME": str(nonla_home)}
    text = subprocess.run(
        [sys.executable, "-m", "nonla.cli", "ocr", str(scan)], capture_output=True, text=True, env=env
    )
    assert text.returncode == 0, text.stderr
    assert text.stdout.strip() == "Trang một: Quốc hội ban hành luật."
    out = subprocess.run([sys.executable, "-m", "nonla.cli", "ocr", str(scan), "--out", "json"], capture_output=True,
                         text=True, env=env)  # fmt: skip
    assert json.loads(out.stdout)["pages"][0]["source"] == "ocr"
    junk = tmp_path / "junk.png"
    junk.write_bytes(b"not an image at all")
    failed = subprocess.run(
        [sys.executable, "-m", "nonla.cli", "ocr", str(junk)], capture_output=True, text=True, env=env
    )
    assert failed.returncode == 2 and "invalid_input" in failed.stderr and "Traceback" not in failed.stderr
    missing = subprocess.run(
        [sys.executable, "-m", "nonla.cli", "ocr", str(tmp_path / "none.png")], capture_output=True, text=True, env=env
    )
    assert missing.returncode == 3 and "not_found" in missing.stderr and "Check the path of the file to read" in missing.stderr

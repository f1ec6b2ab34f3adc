"""vision.ocr on inputs as scanners and PDF writers make them: 16-bit and float greys, text-layer lines set in two
styles or two columns, and pages carrying /Rotate."""

from __future__ import annotations

import base64
import io

import pytest

import nonla

pytest.importorskip("tesserocr")
fpdf = pytest.importorskip("fpdf")
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
LINES = ["Cộng hòa xã hội chủ nghĩa Việt Nam", "Độc lập - Tự do - Hạnh phúc"]


def encoded(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def grey_scan() -> object:
    """Ink 0, paper 1, as a float array."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1000, 200), 255)
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(LINES):
        draw.text((60, 40 + 60 * row), line, font=ImageFont.truetype(FONT, 32), fill=0)
    return np.asarray(image, dtype=np.float64) / 255


@pytest.mark.parametrize("kind", ["PNG", "TIFF"])
def test_a_16_bit_grey_scan_is_read(kind: str) -> None:
    import numpy as np
    from PIL import Image

    scan = Image.fromarray((3000 + grey_scan() * 57000).astype(np.uint16))  # type: ignore[operator]
    assert scan.mode.startswith("I;16")
    buffer = io.BytesIO()
    scan.save(buffer, kind)
    assert nonla.run("vision.ocr", data=encoded(buffer.getvalue())).text == "\n".join(LINES)


def test_a_float_grey_scan_is_read() -> None:
    import numpy as np
    from PIL import Image

    scan = Image.fromarray(grey_scan().astype(np.float32))  # type: ignore[attr-defined]
    assert scan.mode == "F"
    buffer = io.BytesIO()
    scan.save(buffer, "TIFF")
    assert nonla.run("vision.ocr", data=encoded(buffer.getvalue())).text == "\n".join(LINES)


def text_pdf(write: object) -> bytes:
    document = fpdf.FPDF()
    document.add_font("dv", "", FONT)
    document.add_font("dv", "B", BOLD)
    document.add_page()
    write(document)  # type: ignore[operator]
    return bytes(document.output())


def test_a_text_layer_line_in_two_styles_keeps_its_order() -> None:
    rows = [("Điều 5. ", "Quyền của người lao động"), ("Chương I ", "NHỮNG QUY ĐỊNH CHUNG")]

    def write(document: object) -> None:
        for row, (lead, rest) in enumerate(rows):
            document.set_xy(20, 20 + row * 10)  # type: ignore[attr-defined]
            document.set_font("dv", "B", 12)  # type: ignore[attr-defined]
            document.write(8, lead)  # type: ignore[attr-defined]
            document.set_font("dv", "", 12)  # type: ignore[attr-defined]
            document.write(8, rest)  # type: ignore[attr-defined]

    out = nonla.run("vision.ocr", data=encoded(text_pdf(write)))
    assert out.pages[0].source == "text_layer"
    assert out.text.split("\n") == [lead + rest for lead, rest in rows]


def test_two_text_layer_columns_read_row_by_row_left_first() -> None:
    left = ["Điều 1. Phạm vi điều chỉnh", "người lao động."]
    right = ["Điều 2. Đối tượng áp dụng", "theo hợp đồng."]

    def write(document: object) -> None:
        document.set_font("dv", "", 11)  # type: ignore[attr-defined]
        for row, (first, second) in enumerate(zip(left, right, strict=True)):
            document.set_xy(15, 20 + row * 7)  # type: ignore[attr-defined]
            document.cell(85, 7, first)  # type: ignore[attr-defined]
            document.set_xy(110, 20 + row * 7)  # type: ignore[attr-defined]
            document.cell(85, 7, second)  # type: ignore[attr-defined]

    out = nonla.run("vision.ocr", data=encoded(text_pdf(write)))
    assert out.text.split("\n") == [f"{a} {b}" for a, b in zip(left, right, strict=True)]


def rotated(raw: bytes, degrees: int) -> bytes:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    for page in pypdf.PdfReader(io.BytesIO(raw)).pages:
        page.rotate(degrees)
        writer.add_page(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("degrees", [0, 90, 180, 270])
def test_text_layer_boxes_lie_on_the_ink_of_the_rendered_page(degrees: int) -> None:
    import numpy as np
    import pypdfium2 as pdfium

    def write(document: object) -> None:
        document.set_font("dv", "", 14)  # type: ignore[attr-defined]
        for line in LINES * 2:
            document.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")  # type: ignore[attr-defined]

    raw = rotated(text_pdf(write), degrees)
    page = nonla.run("vision.ocr", data=encoded(raw), dpi=100).pages[0]
    rendered = pdfium.PdfDocument(raw)[0].render(scale=100 / 72, grayscale=True).to_pil().convert("L")
    assert abs(page.width - rendered.width) <= 1 and abs(page.height - rendered.height) <= 1
    ink = np.asarray(rendered) < 128
    assert len(page.lines) == 4
    for line in page.lines:
        x0, y0, x1, y1 = line.box
        assert 0 <= x0 < x1 <= page.width and 0 <= y0 < y1 <= page.height
        assert (x1 - x0 > y1 - y0) == (degrees in (0, 180))  # sideways on the page when it is turned a quarter
        assert ink[y0:y1, x0:x1].mean() > 0.05


@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_a_one_line_page_turned_any_quarter_is_read_upright(degrees: int) -> None:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (900, 157), 255)
    ImageDraw.Draw(image).text((80, 60), LINES[0], font=ImageFont.truetype(FONT, 32), fill=0)
    buffer = io.BytesIO()
    image.rotate(degrees, expand=True).save(buffer, "PNG")  # counter-clockwise: reading it turns it back clockwise
    page = nonla.run("vision.ocr", data=encoded(buffer.getvalue())).pages[0]
    assert (page.text, page.rotation) == (LINES[0], degrees)
    assert (page.width, page.height) == (900, 157)
    x0, y0, x1, y1 = page.lines[0].box
    assert x1 - x0 > 5 * (y1 - y0)

"""PDF pages through PDFium: the text layer where a page has one, a 300 dpi grey raster where it does not.

Coordinates of text-layer lines are given on the same pixel grid as a rasterised page (origin top left, at the
requested dpi), so every page of a result reads the same way whichever path it took.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from nonla.core.errors import InvalidInput
from nonla.functions.vision.ocr_engine import Line
from nonla.functions.vision.ocr_pages import MAX_PAGES, MAX_PIXELS, _too_many, _unreadable

# Fewer visible characters than this and the page counts as scanned: a page number or a stamp is not a text layer.
MIN_TEXT_LAYER_CHARS = 20


@dataclass
class PdfPage:
    number: int
    width: int
    height: int
    image: Any = None  # a PIL image when the page must be OCR'd
    text: str = ""
    lines: tuple[Line, ...] = ()


def open_pdf(raw: bytes) -> Any:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise InvalidInput("The PDF is encrypted with a password.", hint="Send an unprotected copy.",
                               field="data", problem="encrypted") from None  # fmt: skip
        raise _unreadable("PDF", exc) from None
    if len(document) == 0:
        raise InvalidInput("The PDF has no pages.", field="data", problem="empty")
    if len(document) > MAX_PAGES:
        raise _too_many(len(document))
    return document


def _layer_lines(textpage: Any, scale: float, page_height: float) -> tuple[Line, ...]:
    """Text runs of the layer merged into lines (runs whose vertical extents mostly overlap, left to right)."""
    runs = []
    for index in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(index)
        text = " ".join(textpage.get_text_bounded(left, bottom, right, top).split())
        if text:
            runs.append([left, bottom, right, top, text])
    runs.sort(key=lambda r: (-round(r[3]), r[0]))
    merged: list[list[Any]] = []
    for run in runs:
        last = merged[-1] if merged else None
        if last is not None:
            overlap = min(last[3], run[3]) - max(last[1], run[1])
            if overlap > 0.5 * min(last[3] - last[1], run[3] - run[1]) and run[0] >= last[2] - 1:
                last[:5] = [last[0], min(last[1], run[1]), run[2], max(last[3], run[3]), f"{last[4]} {run[4]}"]
                continue
        merged.append(run)
    return tuple(
        Line(text, (round(left * scale), round((page_height - top) * scale), round(right * scale),
                    round((page_height - bottom) * scale)), 1.0)
        for left, bottom, right, top, text in merged
    )  # fmt: skip


def pdf_pages(document: Any, dpi: int, force_ocr: bool) -> Iterator[PdfPage]:
    """Each page in order; the raster is made only for pages that need OCR."""
    import pypdfium2 as pdfium

    for index in range(len(document)):
        try:
            page = document[index]
            width_pt, height_pt = page.get_size()
            scale = dpi / 72
            if width_pt * height_pt * scale * scale > MAX_PIXELS:  # odd page sizes: cap the raster, not refuse it
                scale = (MAX_PIXELS / (width_pt * height_pt)) ** 0.5
            size = (round(width_pt * scale), round(height_pt * scale))
            textpage = page.get_textpage()
            text = textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
            if not force_ocr and sum(not c.isspace() for c in text) >= MIN_TEXT_LAYER_CHARS:
                lines = _layer_lines(textpage, scale, height_pt)
                yield PdfPage(
                    index + 1, *size, text="\n".join(line.text for line in lines) or text.strip(), lines=lines
                )
                continue
            image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
            yield PdfPage(index + 1, image.width, image.height, image=image)
        except pdfium.PdfiumError as exc:
            raise _unreadable(f"PDF's page {index + 1}", exc) from None

"""PDF pages through PDFium: the text layer where a page has one, a 300 dpi grey raster where it does not.

Coordinates of text-layer lines are given on the same pixel grid as a rasterised page (origin top left, at the
requested dpi, after the page's /Rotate, as PDFium renders it), so every page of a result reads the same way
whichever path it took.
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

Run = tuple[float, float, float, float, str]  # left, bottom, right, top (PDF points, y up), text


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


def _layer_runs(textpage: Any) -> list[Run]:
    runs = []
    for index in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(index)
        text = " ".join(textpage.get_text_bounded(left, bottom, right, top).split())
        if text:
            runs.append((left, bottom, right, top, text))
    return runs


def _rows(runs: list[Run]) -> list[Run]:
    """Runs grouped into lines, top to bottom, each read left to right.

    A run joins the line its vertical extent overlaps most, by more than half the smaller of the two heights: runs
    of one line in two styles differ in height (bold, taller diacritics such as ồ or Ư), so neither their tops nor
    the order in which they are listed says which comes first. Runs side by side in two columns share a line, as
    OCR reads them.

    >>> _rows([(90, 700, 200, 716, "NHỮNG QUY ĐỊNH CHUNG"), (20, 700, 85, 712, "Chương I"), (20, 680, 60, 692, "x")])
    [(20, 700, 200, 716, 'Chương I NHỮNG QUY ĐỊNH CHUNG'), (20, 680, 60, 692, 'x')]
    """
    lines: list[list[Any]] = []  # [bottom, top, runs]
    for run in sorted(runs, key=lambda r: -(r[1] + r[3])):
        best, best_overlap = None, 0.0
        for line in lines:
            overlap = min(line[1], run[3]) - max(line[0], run[1])
            if overlap > 0.5 * min(line[1] - line[0], run[3] - run[1]) and overlap > best_overlap:
                best, best_overlap = line, overlap
        if best is None:
            lines.append([run[1], run[3], [run]])
        else:
            best[0], best[1] = min(best[0], run[1]), max(best[1], run[3])
            best[2].append(run)
    rows = []
    for bottom, top, members in lines:
        members.sort(key=lambda r: r[0])
        rows.append((members[0][0], bottom, max(r[2] for r in members), top, " ".join(r[4] for r in members)))
    return rows


def _on_rendered_page(page: Any, scale: float) -> Any:
    """A map from a rectangle in PDF points (left, bottom, right, top) to its pixel box on the page as PDFium renders
    it: origin at the top left of the crop box, after the page's /Rotate (clockwise) is applied.

    >>> class Page:
    ...     def get_bbox(self): return (0, 0, 600, 800)
    ...     def get_rotation(self): return 90
    >>> _on_rendered_page(Page(), 1.0)((10, 700, 110, 720))
    (700, 10, 720, 110)
    """
    crop_left, crop_bottom, crop_right, crop_top = page.get_bbox()  # the crop box, media box inheritance resolved
    width, height = crop_right - crop_left, crop_top - crop_bottom
    rotation = page.get_rotation() % 360

    def turned(x: float, y: float) -> tuple[float, float]:  # (x, y) from the top left of the unrotated crop box
        if rotation == 90:
            return height - y, x
        if rotation == 180:
            return width - x, height - y
        if rotation == 270:
            return y, width - x
        return x, y

    def box(rect: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
        left, bottom, right, top = rect
        x0, y0 = turned(left - crop_left, crop_top - top)
        x1, y1 = turned(right - crop_left, crop_top - bottom)
        return (round(min(x0, x1) * scale), round(min(y0, y1) * scale),
                round(max(x0, x1) * scale), round(max(y0, y1) * scale))  # fmt: skip

    return box


def _layer_lines(textpage: Any, page: Any, scale: float) -> tuple[Line, ...]:
    """The text layer's lines, boxed on the rendered page's pixel grid."""
    to_pixels = _on_rendered_page(page, scale)
    return tuple(Line(text, to_pixels((left, bottom, right, top)), 1.0)
                 for left, bottom, right, top, text in _rows(_layer_runs(textpage)))  # fmt: skip


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
                lines = _layer_lines(textpage, page, scale)
                yield PdfPage(
                    index + 1, *size, text="\n".join(line.text for line in lines) or text.strip(), lines=lines
                )
                continue
            image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
            yield PdfPage(index + 1, image.width, image.height, image=image)
        except pdfium.PdfiumError as exc:
            raise _unreadable(f"PDF's page {index + 1}", exc) from None

"""vision.ocr — text out of scans, photos and PDFs: the PDF's own text layer where it has one, OCR where not.

>>> import nonla
>>> from nonla.functions.vision.ocr_examples import LINE_PNG
>>> out = nonla.run("vision.ocr", data=LINE_PNG)
>>> out.text, out.pages[0].source
('Cộng hòa xã hội chủ nghĩa Việt Nam', 'ocr')
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from nonla.core.function import Card, Risk, function
from nonla.core.models import Models
from nonla.functions.vision.ocr_engine import TESSDATA, engines, has_osd, need
from nonla.functions.vision.ocr_examples import LINE_PNG
from nonla.functions.vision.ocr_pages import MAX_DATA_CHARS, decode, images, report_progress, sniff
from nonla.functions.vision.ocr_recognize import mean_confidence, recognise

Languages = Literal["vie", "vie+eng", "eng"]


class Input(BaseModel):
    data: str = Field(json_schema_extra={"contentEncoding": "base64"}, min_length=1, max_length=MAX_DATA_CHARS,
                      description="The file's bytes, base64-encoded (a data: URL works too): PNG, JPEG, TIFF (one or "
                      "many pages), WebP, BMP, GIF or PDF; at most 40 MB and 200 pages.")  # fmt: skip
    media_type: str | None = Field(None, max_length=100,
                                   description="Informative only: the type is read from the bytes themselves.")  # fmt: skip
    languages: Languages = Field("vie", description="Tesseract languages: 'vie', 'vie+eng' for mixed text, 'eng'.")
    dpi: int = Field(300, ge=72, le=400, description="Resolution at which PDF pages without a text layer are read.")
    force_ocr: bool = Field(False, description="OCR every PDF page, even those with a text layer.")


class TextLine(BaseModel):
    text: str
    box: list[int] = Field(min_length=4, max_length=4, description="[x0, y0, x1, y1] in pixels of the page as read.")
    confidence: float = Field(ge=0, le=1)


class Page(BaseModel):
    number: int
    width: int = Field(description="Width in pixels of the page as read (after turning and straightening).")
    height: int
    source: Literal["text_layer", "ocr"]
    text: str
    lines: list[TextLine]
    confidence: float = Field(ge=0, le=1, description="Mean line confidence, weighted by length (1 for a text layer).")
    rotation: int = Field(0, description="Degrees the page was turned clockwise to read it (0, 90, 180, 270).")
    skew: float = Field(0.0, description="Degrees the page was straightened by (counter-clockwise positive).")


class Output(BaseModel):
    text: str = Field(description="All pages' text, pages separated by a form feed (\\f).")
    media_type: str
    pages: list[Page]


CARD = Card(
    summary="OCR of Vietnamese scans, photos and PDFs (text layer kept, scanned pages OCR'd), with lines, boxes and confidence.",
    languages=["vi", "en"],
    licence="Apache-2.0 (code; tesseract and its vie/eng/osd language files, Debian packages); PDFium (BSD-3-Clause) via pypdfium2",
    models=[TESSDATA["vie"], TESSDATA["eng"], TESSDATA["osd"]],
    metrics={
        "CER % (all pages)": 0.57,
        "WER % (all pages)": 2.79,
        "CER % (clean)": 0.2,
        "WER % (clean)": 1.64,
        "CER % (noise)": 0.79,
        "WER % (noise)": 4.04,
        "CER % (blur)": 0.16,
        "WER % (blur)": 0.92,
        "CER % (skew)": 0.67,
        "WER % (skew)": 3.86,
        "CER % (grey JPEG scan)": 0.18,
        "WER % (grey JPEG scan)": 0.98,
        "CER % (quarter turn)": 1.04,
        "WER % (quarter turn)": 4.1,
    },
    peers={
        "trueocr CER % (all pages)": 2.55,
        "trueocr WER % (all pages)": 12.4,
        "trueocr CER % (clean)": 2.93,
        "trueocr WER % (clean)": 14.08,
        "trueocr CER % (noise)": 2.8,
        "trueocr WER % (noise)": 13.05,
        "trueocr CER % (blur)": 2.07,
        "trueocr WER % (blur)": 10.19,
        "trueocr CER % (skew)": 2.35,
        "trueocr WER % (skew)": 10.82,
        "trueocr CER % (grey JPEG scan)": 2.0,
        "trueocr WER % (grey JPEG scan)": 9.49,
        "trueocr CER % (quarter turn)": 2.8,
        "trueocr WER % (quarter turn)": 14.26,
    },
    evaluation="python evaluation/vision_ocr.py",
    evaluation_data="60 pages rendered by the evaluation (seeded): law text from the shared 208-law corpus and UD-VTB test "
    "sentences, 6 fonts, 150–300 dpi, noise, blur, small skew and quarter turns",
    risk=Risk.LIMITED,
    intended_use="Making scanned documents, forms and letters searchable; reading text for other functions (collections, "
    "vision.idcard). A person checks figures, names and numbers that matter.",
    limitations="Printed text only (no handwriting); tesseract's fast models: accuracy drops on photos with glare, perspective, "
    "low resolution (under ~150 dpi) or decorative fonts; tables come out line by line; pages are read one after "
    "another (about 1–3 s per A4 page on one core).",
    examples=[{"data": LINE_PNG}],
)


def _page(number: int, reading: Any) -> Page:
    lines = [TextLine(text=line.text, box=list(line.box), confidence=line.confidence) for line in reading.lines]
    return Page(number=number, width=reading.width, height=reading.height, source="ocr",
                text="\n".join(line.text for line in lines), lines=lines, confidence=reading.confidence,
                rotation=reading.rotation, skew=reading.skew)  # fmt: skip


def _read_pdf(raw: bytes, item: Input, models: Models, langs: str) -> list[Page]:
    from nonla.functions.vision.ocr_pdf import open_pdf, pdf_pages

    document = open_pdf(raw)
    total = len(document)
    pages: list[Page] = []
    try:
        for pdf_page in pdf_pages(document, item.dpi, item.force_ocr):
            if pdf_page.image is None:
                lines = [TextLine(text=line.text, box=list(line.box), confidence=1.0) for line in pdf_page.lines]
                pages.append(Page(number=pdf_page.number, width=pdf_page.width, height=pdf_page.height,
                                  source="text_layer", text=pdf_page.text, lines=lines, confidence=1.0))  # fmt: skip
            else:
                reading = recognise(pdf_page.image, engines(models, langs), langs, has_osd(models))
                pages.append(_page(pdf_page.number, reading))
            report_progress(len(pages), total)
    finally:
        document.close()
    return pages


def _read_images(raw: bytes, models: Models, langs: str) -> list[Page]:
    pool, use_osd = engines(models, langs), has_osd(models)
    pages = [_page(number, recognise(image, pool, langs, use_osd)) for number, image in images(raw)]
    report_progress(len(pages), len(pages))
    return pages


@function("vision.ocr", version=1, card=CARD, batch_size=2)
def run(batch: list[Input], models: Models) -> list[Output]:
    files = [decode(item.data) for item in batch]  # every item's bytes are checked before any page is read
    kinds = [sniff(raw) for raw in files]
    for module in ("PIL", "numpy", *(("pypdfium2",) if "application/pdf" in kinds else ())):
        need(module)
    outputs = []
    for item, raw, kind in zip(batch, files, kinds, strict=True):
        if kind == "application/pdf":
            pages = _read_pdf(raw, item, models, item.languages)
        else:
            pages = _read_images(raw, models, item.languages)
        outputs.append(Output(text="\f".join(page.text for page in pages), media_type=kind, pages=pages))
    return outputs


__all__ = ["Input", "Output", "Page", "TextLine", "run", "mean_confidence"]

"""Text out of the files agencies keep: .txt, .pdf, .docx, .html and scanned images (.png, .jpg, .tif).

Scanned PDF pages (no text layer) and image files are read by vision.ocr; pages it cannot read (OCR not installed)
are reported in ``scanned_pages``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nonla.core.errors import InvalidEncoding, InvalidInput, NonlaError

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
SUFFIXES = (".txt", ".md", ".pdf", ".docx", ".html", ".htm", *IMAGE_SUFFIXES)


@dataclass(frozen=True)
class Extracted:
    text: str
    pages: int = 1
    scanned_pages: tuple[int, ...] = ()


def _txt(path: Path) -> Extracted:
    raw = path.read_bytes()
    # UTF-16 only with its byte-order mark: without one almost any even-length 8-bit file (Windows-1258, TCVN3)
    # "decodes" as UTF-16 into CJK-looking garbage that would be indexed as text
    encodings = ("utf-16",) if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig",)
    for encoding in encodings:
        try:
            return Extracted(raw.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise InvalidEncoding(
        f"{path.name} is neither UTF-8 nor UTF-16 text (with its byte-order mark).",
        hint="Save it as UTF-8; for TCVN3/VNI or Windows-1258 text run vi.normalize on it.",
    )


def _pdf(path: Path) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError) as exc:
        raise InvalidInput(
            f"{path.name} is not a readable PDF ({type(exc).__name__}).", hint="Check the file is a complete PDF."
        ) from None
    scanned = tuple(i + 1 for i, page in enumerate(pages) if len(page.strip()) < 20)
    if scanned:
        try:
            read = _ocr(path)
        except NonlaError:  # OCR not installed here, or the file beyond its limits: report the scanned pages
            return Extracted("\n".join(pages), len(pages), scanned)
        for page in read.pages:
            if page.number in scanned:
                pages[page.number - 1] = page.text
        scanned = ()
    return Extracted("\n".join(pages), len(pages), scanned)


def _ocr(path: Path) -> Any:
    """The file through vision.ocr (via the runner, so it is validated like any call)."""
    import base64

    from nonla.core.runner import subcall

    [result] = subcall("vision.ocr", [{"data": base64.b64encode(path.read_bytes()).decode("ascii")}])
    if isinstance(result, NonlaError):
        result.message = f"{path.name}: {result.message}"
        raise result
    return result


def _image(path: Path) -> Extracted:
    read = _ocr(path)
    return Extracted("\n".join(page.text for page in read.pages), len(read.pages))


def _docx(path: Path) -> Extracted:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, ValueError, KeyError, zipfile.BadZipFile, XMLSyntaxError) as exc:
        raise InvalidInput(f"{path.name} is not a readable .docx file ({type(exc).__name__}).") from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    return Extracted("\n".join(lines))


def _html(path: Path) -> Extracted:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_txt(path).text, "html.parser")
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    lines = (line.strip() for line in soup.get_text("\n").splitlines())
    return Extracted("\n".join(line for line in lines if line))


def extract(path: Path) -> Extracted:
    """Read one file into text.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.html"
    >>> _ = p.write_text("<html><body><h1>Điều 1. Phạm vi</h1><script>x()</script><p>Luật này quy định.</p></body></html>")
    >>> extract(p).text
    'Điều 1. Phạm vi\\nLuật này quy định.'
    """
    suffix = path.suffix.lower()
    readers = {".txt": _txt, ".md": _txt, ".pdf": _pdf, ".docx": _docx, ".html": _html, ".htm": _html}
    readers |= dict.fromkeys(IMAGE_SUFFIXES, _image)
    if suffix not in readers:
        raise InvalidInput(f"{path.name}: files of type '{suffix or 'none'}' cannot be ingested.",
                           hint=f"Use one of: {', '.join(SUFFIXES)}.")  # fmt: skip
    return readers[suffix](path)

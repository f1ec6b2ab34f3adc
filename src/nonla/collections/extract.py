"""Text out of the files agencies keep: .txt, .pdf, .docx, .html and scanned images (.png, .jpg, .tif).

Scanned PDF pages (no text layer) and image files are read by vision.ocr; pages it cannot read (OCR not installed)
are reported in ``scanned_pages``.
"""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nonla.core.errors import InvalidEncoding, InvalidInput, NonlaError

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
SUFFIXES = (".txt", ".md", ".pdf", ".docx", ".html", ".htm", *IMAGE_SUFFIXES)
# What the PDF and .docx parsers raise on a damaged file besides their own errors: they trust the file's structure
# (a missing element is an AttributeError, a bad zip member a RuntimeError or zlib.error, a short field struct.error).
MALFORMED = (ValueError, KeyError, IndexError, TypeError, AttributeError, RuntimeError, EOFError, zlib.error,
             struct.error)  # fmt: skip


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
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    try:
        reader = PdfReader(str(path))  # an encrypted file is opened with the empty password when its cipher allows
        pages = [page.extract_text() or "" for page in reader.pages]
    except (DependencyError, FileNotDecryptedError):  # AES needs the cryptography package; or a real password
        pages = _encrypted_pdf(path)
    except (PyPdfError, *MALFORMED):
        hint = "Open it in a PDF reader, save or print it to a new PDF and send that copy."
        raise InvalidInput(f"{path.name} is damaged or is not a PDF.", hint=hint) from None
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


def _encrypted_pdf(path: Path) -> list[str]:
    """The pages of an encrypted PDF whose user password is empty (restrictions only, common in published
    documents), read by PDFium where the vision extra is installed; otherwise a plain refusal."""
    refusal = InvalidInput(f"{path.name} is an encrypted (password-protected) PDF and cannot be read.",
                           hint="Send a copy without encryption: remove the password in a PDF reader, or print the "
                           "document to a new PDF.")  # fmt: skip
    try:
        import pypdfium2 as pdfium
    except ImportError:
        raise refusal from None
    try:
        document = pdfium.PdfDocument(str(path), password="")
        try:
            return [page.get_textpage().get_text_bounded().replace("\r\n", "\n") for page in document]
        finally:
            document.close()
    except pdfium.PdfiumError:  # a user password is set: only its owner can open it
        raise refusal from None


def _ocr(path: Path) -> Any:
    """The file through vision.ocr (via the runner, so it is validated like any call)."""
    import base64

    from nonla.core.runner import subcall

    [result] = subcall("vision.ocr", [{"data": base64.b64encode(path.read_bytes()).decode("ascii")}])
    if isinstance(result, NonlaError):
        if result.details.get("problem") == "corrupt":  # the reader's own words name its exception and buffer
            result.message = f"{path.name} cannot be read: it is damaged or cut short."
        else:  # and never a Python object's address, whoever wrote the message
            result.message = f"{path.name}: " + re.sub(r"\s*<[^<>]* at 0x[0-9a-fA-F]+>", "", result.message)
        raise result
    return result


def _image(path: Path) -> Extracted:
    read = _ocr(path)
    return Extracted("\n".join(page.text for page in read.pages), len(read.pages))


def _docx(path: Path) -> Extracted:
    import zipfile

    import docx
    from docx.exceptions import PythonDocxError
    from docx.opc.exceptions import OpcError
    from lxml.etree import LxmlError

    try:
        document = docx.Document(str(path))
        lines = [p.text for p in document.paragraphs]
        for table in document.tables:
            lines += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    except (OpcError, PythonDocxError, LxmlError, zipfile.BadZipFile, zipfile.LargeZipFile, *MALFORMED) as exc:
        raise _unreadable_docx(path, exc) from None
    return Extracted("\n".join(lines))


def _unreadable_docx(path: Path, exc: Exception) -> InvalidInput:
    with path.open("rb") as file:
        ole = file.read(4) == b"\xd0\xcf\x11\xe0"  # Word stores a password-protected .docx (and a .doc) this way
    if ole or "password required" in str(exc):
        return InvalidInput(f"{path.name} is password-protected, or is an old Word (.doc) file named .docx.",
                            hint="Open it in Word or LibreOffice, remove any password, save it as .docx and send "
                            "that copy.")  # fmt: skip
    return InvalidInput(
        f"{path.name} is damaged or is not a Word (.docx) document.",
        hint="Open it in Word or LibreOffice, save it again as .docx and send that copy.",
    )


def _html(path: Path) -> Extracted:
    from bs4 import BeautifulSoup, ParserRejectedMarkup

    try:
        soup = BeautifulSoup(_txt(path).text, "html.parser")
    except ParserRejectedMarkup:  # html.parser gives up on a few malformed declarations ("<![foo[")
        hint = "Open it in a browser and save it again as HTML, or send its text as .txt."
        raise InvalidInput(f"{path.name} holds markup that cannot be read as HTML.", hint=hint) from None
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

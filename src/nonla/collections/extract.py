"""Text out of the files agencies keep: .txt, .pdf, .docx, .html and scanned images (.png, .jpg, .tif).

Scanned PDF pages (no text layer) and image files are read by vision.ocr; pages it cannot read (OCR not installed)
are reported in ``scanned_pages``.
"""

from __future__ import annotations

import os
import re
import stat
import struct
import unicodedata
import zipfile
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


MAX_FILE_BYTES = 100 * 2**20  # one file; a bigger one is refused before a byte of it is read
MAX_XML_BYTES = 50 * 2**20  # a .docx's XML unpacked: lxml holds several times this in memory while it parses
MAX_PACKAGE_BYTES = MAX_FILE_BYTES  # a .docx's parts unpacked together: python-docx loads every one into memory
MAX_TEXT_CHARS = 20_000_000  # one document, as POST /v1/collections/{name}/documents allows


class FileTooLarge(InvalidInput):
    code = "file_too_large"
    http_status = 413
    default_hint = "Split the document into smaller files and send those."


@dataclass(frozen=True)
class Extracted:
    text: str
    pages: int = 1
    scanned_pages: tuple[int, ...] = ()


def _checked_file(path: Path) -> None:
    """Refuse what is not a plain file (a FIFO would block the read forever, /dev/zero never end) or is too large,
    before it is opened."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise InvalidInput(f"{path.name} is not a regular file (a device, pipe or socket) and was not read.",
                           hint="Copy the document into a plain file and send that.")  # fmt: skip
    if info.st_size > MAX_FILE_BYTES:
        raise FileTooLarge(f"{path.name} has {info.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,}.",
                           limit=MAX_FILE_BYTES)  # fmt: skip


def _txt(path: Path) -> Extracted:
    return Extracted(_decoded(_raw(path), path.name))


def _raw(path: Path) -> bytes:
    # non-blocking, and checked again once open: the file may have been swapped for a pipe since it was listed
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(descriptor, "rb") as file:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise InvalidInput(f"{path.name} is not a regular file (a device, pipe or socket) and was not read.",
                               hint="Copy the document into a plain file and send that.")  # fmt: skip
        raw = file.read(MAX_FILE_BYTES + 1)  # it may have grown since it was checked: never more than the limit
    if len(raw) > MAX_FILE_BYTES:
        raise FileTooLarge(f"{path.name} is larger than the limit of {MAX_FILE_BYTES:,} bytes.", limit=MAX_FILE_BYTES)
    return raw


def _decoded(raw: bytes, name: str, declared: str | None = None) -> str:
    """UTF-8, UTF-16 with its byte-order mark, or the encoding the file declares (an HTML page's meta charset)."""
    if declared:
        try:
            return unicodedata.normalize("NFC", raw.decode(declared))  # Windows-1258 writes tone marks apart
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: read it as if there were none
    # UTF-16 only with its byte-order mark: without one almost any even-length 8-bit file (Windows-1258, TCVN3)
    # "decodes" as UTF-16 into CJK-looking garbage that would be indexed as text
    encodings = ("utf-16",) if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig",)
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidEncoding(
        f"{name} is neither UTF-8 nor UTF-16 text (with its byte-order mark)"
        + (f", nor {declared[:40]} as it declares." if declared else "."),
        hint="Save it as UTF-8; for TCVN3/VNI or Windows-1258 text run vi.normalize on it.",
    )


def _pdf(path: Path) -> Extracted:
    import logging

    from pypdf import PdfReader

    # pypdf tells of each repair it makes to a damaged file ("EOF marker not found", "incorrect startxref pointer")
    # as a warning, which reaches a command line's screen as stray lines: what counts is said in nonla's own words
    logging.getLogger("pypdf").setLevel(logging.ERROR)
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
    import docx
    from docx.exceptions import PythonDocxError
    from docx.opc.exceptions import OpcError
    from lxml.etree import LxmlError

    try:
        _checked_package(path)  # before python-docx unpacks every part into memory
        document = docx.Document(str(path))
        lines = _docx_lines(document.element.body, document)
    except (OpcError, PythonDocxError, LxmlError, zipfile.BadZipFile, zipfile.LargeZipFile, *MALFORMED) as exc:
        raise _unreadable_docx(path, exc) from None
    return Extracted("\n".join(lines))


def _docx_lines(container: Any, parent: Any) -> list[str]:
    """The paragraphs and tables of a document body (or of a table cell) in the order they stand, so a table is read
    where it is (inside the article that holds it): a paragraph is a line, a table row is a line of its cells joined
    by " | ", a cell spanning several columns is read once per row, a cell spanning several rows is read in its
    first row (the rows below hold an empty cell there), and a table inside a cell is read in that cell."""
    from docx.oxml.ns import qn
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(Paragraph(child, parent).text)
        elif child.tag == qn("w:tbl"):
            table = Table(child, parent)
            for row in table.rows:  # a row's own w:tc: one per cell however many columns it spans
                cells = ["" if tc.vMerge == "continue" else "\n".join(_docx_lines(tc, _Cell(tc, table)))
                         for tc in row._tr.tc_lst]  # fmt: skip
                lines.append(" | ".join(cells))
    return lines


def _checked_package(path: Path) -> None:
    """Refuse a .docx whose parts unpack to more than the limits (a zip bomb: a few MB that unpack to a GB). The
    sizes a package declares may lie, so its XML is also unpacked here, a chunk at a time, and counted."""
    with zipfile.ZipFile(path) as package:
        parts = [info for info in package.infolist() if not info.is_dir()]
        xml = [info for info in parts if info.filename.lower().endswith((".xml", ".rels"))]
        if sum(info.file_size for info in parts) > MAX_PACKAGE_BYTES or sum(i.file_size for i in xml) > MAX_XML_BYTES:
            raise _unpacks_too_large(path)
        unpacked = 0
        for info in xml:
            with package.open(info) as member:
                while chunk := member.read(1 << 20):
                    unpacked += len(chunk)
                    if unpacked > MAX_XML_BYTES:
                        raise _unpacks_too_large(path)


def _unpacks_too_large(path: Path) -> FileTooLarge:
    return FileTooLarge(f"{path.name} unpacks to more than the limit of {MAX_XML_BYTES:,} bytes of document text "
                        f"or {MAX_PACKAGE_BYTES:,} bytes in all.", limit=MAX_XML_BYTES,
                        hint="Split the document into smaller .docx files, or save its text as .txt and send that.")  # fmt: skip


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


# <meta charset="windows-1258"> or <meta http-equiv="Content-Type" content="text/html; charset=windows-1258">
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)


def _html(path: Path) -> Extracted:
    from bs4 import BeautifulSoup, ParserRejectedMarkup

    try:
        raw = _raw(path)
        declared = _META_CHARSET.search(raw[:4096])
        text = _decoded(raw, path.name, declared.group(1).decode("ascii") if declared else None)
        soup = BeautifulSoup(text, "html.parser")
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
    _checked_file(path)
    extracted: Extracted = readers[suffix](path)
    if len(extracted.text) > MAX_TEXT_CHARS:  # the limit one document sent as JSON has
        raise FileTooLarge(f"{path.name} holds {len(extracted.text):,} characters of text; the limit for one document "
                           f"is {MAX_TEXT_CHARS:,}.", limit=MAX_TEXT_CHARS)  # fmt: skip
    return extracted

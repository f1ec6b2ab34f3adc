"""Text out of the files agencies keep: .txt, .pdf, .docx, .html and scanned images (.png, .jpg, .tif).

Scanned PDF pages (no text layer) and image files are read by vision.ocr; pages it cannot read (OCR not installed)
are reported in ``scanned_pages``.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import stat
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from html.parser import HTMLParser
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
    """UTF-8, UTF-16 with its byte-order mark, or the encoding the file declares (an HTML page's meta charset).
    A byte-order mark outranks the declaration, as in a browser: an editor that saves a page again as UTF-8 keeps
    its old meta."""
    has_bom = raw[:3] == b"\xef\xbb\xbf" or raw[:2] in (b"\xff\xfe", b"\xfe\xff")
    encoding = None if has_bom else _page_encoding(declared)
    if encoding:
        try:
            return unicodedata.normalize("NFC", raw.decode(encoding))  # Windows-1258 writes tone marks apart
        except UnicodeError:
            pass  # a wrong declaration: read it as if there were none
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


# Codecs Python knows that no page is written in: one refuses every byte, the others read domain names or escapes
_NOT_PAGE_ENCODINGS = {"undefined", "idna", "punycode", "unicode-escape", "raw-unicode-escape", "utf-7", "palmos"}


def _page_encoding(declared: str | None) -> str | None:
    """The text encoding a page's meta names, read as the HTML standard reads it; None for a name that is not one
    (unknown, or a bytes-to-bytes codec such as base64 or rot13).

    >>> _page_encoding("Windows-1258"), _page_encoding("utf-16"), _page_encoding("undefined"), _page_encoding("rot13")
    ('cp1258', 'utf-8', None, None)
    """
    if not declared:
        return None
    try:
        info = codecs.lookup(declared)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_PAGE_ENCODINGS:
        return None
    # the meta was itself read as ASCII, so the page cannot be UTF-16 or UTF-32: the standard reads it as UTF-8
    return "utf-8" if info.name.startswith(("utf-16", "utf-32")) else info.name


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
        lines = _docx_lines(document.element.body)
    except (OpcError, PythonDocxError, LxmlError, zipfile.BadZipFile, zipfile.LargeZipFile, *MALFORMED) as exc:
        raise _unreadable_docx(path, exc) from None
    return Extracted("\n".join(lines))


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# around paragraphs, rows, cells and runs without being one: content controls (Word's forms and templates) and
# custom XML; their own properties (w:sdtPr) hold none of the document's text
_WRAPPERS = {_W + "sdt", _W + "sdtContent", _W + "customXml"}
# not read in a paragraph: tracked deletions and moves away (no longer in the document), properties, and drawings
# and embedded objects, whose text boxes Word stores twice (DrawingML and a VML fallback)
_NOT_TEXT = {_W + tag for tag in ("del", "moveFrom", "pPr", "rPr", "sdtPr", "drawing", "pict", "object")} | {
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"}  # fmt: skip


def _docx_lines(container: Any) -> list[str]:
    """The paragraphs and tables of a document body (or of a table cell) in the order they stand, so a table is read
    where it is (inside the article that holds it): a paragraph is a line, a table row is a line of its cells joined
    by " | ", a cell spanning several columns is read once per row, a cell spanning several rows is read in its
    first row (the rows below hold an empty cell there), and a table inside a cell is read in that cell. Content
    controls and custom XML are read through, where Word templates and forms keep most of their text."""
    lines: list[str] = []
    for child in _unwrapped(container):
        if child.tag == _W + "p":
            lines.append(_paragraph_text(child))
        elif child.tag == _W + "tbl":
            for row in (tr for tr in _unwrapped(child) if tr.tag == _W + "tr"):
                cells = ["" if _continues_merge(tc) else "\n".join(_docx_lines(tc))
                         for tc in _unwrapped(row) if tc.tag == _W + "tc"]  # fmt: skip
                lines.append(" | ".join(cells))
    return lines


def _unwrapped(element: Any) -> Any:
    """The children of an element, those inside content controls and custom XML among them in their place."""
    for child in element:
        if child.tag in _WRAPPERS:
            yield from _unwrapped(child)
        else:
            yield child


def _paragraph_text(element: Any) -> str:
    """A paragraph's text in order, its runs inside tracked insertions, fields, links, smart tags and content
    controls too (python-docx reads only the runs and links directly in the paragraph); a run reads as python-docx
    reads it (w:tab a tab, w:br a line break)."""
    pieces: list[str] = []
    for child in element:
        if child.tag == _W + "r":
            pieces.append(child.text)  # CT_R.text: its w:t, w:tab, w:br ... never its w:delText
        elif isinstance(child.tag, str) and child.tag not in _NOT_TEXT:  # comments have a function as their tag
            pieces.append(_paragraph_text(child))
    return "".join(pieces)


def _continues_merge(tc: Any) -> bool:
    """Whether a cell continues a merge from the row above (w:vMerge without a value means 'continue')."""
    merge = tc.find(f"{_W}tcPr/{_W}vMerge")
    return merge is not None and merge.get(_W + "val", "continue") == "continue"


def _checked_package(path: Path) -> None:
    """Refuse a .docx whose parts unpack to more than the limits (a zip bomb: a few MB that unpack to a GB). The
    sizes a package declares may lie, so its XML is also unpacked here, a chunk at a time, and counted. A part is XML
    by its name or by the content type the package gives it (a main part named word/document.dat is parsed too)."""
    with zipfile.ZipFile(path) as package:
        parts = [info for info in package.infolist() if not info.is_dir()]
        if sum(info.file_size for info in parts) > MAX_PACKAGE_BYTES:
            raise _unpacks_too_large(path)
        types = next((info for info in parts if info.filename == "[Content_Types].xml"), None)
        _counted(path, package, [types] if types else [])  # it is read to tell which other parts are XML
        xml_types = _xml_content_types(package.read(types)) if types else ([], [])
        xml = [info for info in parts if _is_xml(info.filename, *xml_types)]
        if sum(info.file_size for info in xml) > MAX_XML_BYTES:
            raise _unpacks_too_large(path)
        _counted(path, package, xml)


def _counted(path: Path, package: zipfile.ZipFile, parts: list[zipfile.ZipInfo]) -> None:
    unpacked = 0
    for info in parts:
        with package.open(info) as member:
            while chunk := member.read(1 << 20):
                unpacked += len(chunk)
                if unpacked > MAX_XML_BYTES:
                    raise _unpacks_too_large(path)


_TYPE_ENTRY = re.compile(r"""<(?:\w+:)?(Default|Override)\b([^>]*)>""")
_ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*["']([^"']*)["']""")


def _xml_content_types(types: bytes) -> tuple[list[str], list[str]]:
    """The extensions and part names [Content_Types].xml gives an XML content type (…/xml or …+xml), lower-cased."""
    extensions, names = [], []
    for kind, attributes in _TYPE_ENTRY.findall(types.decode("utf-8", "replace")):
        values = dict(_ATTRIBUTE.findall(attributes))
        if values.get("ContentType", "").lower().endswith("xml"):
            if kind == "Default":
                extensions.append("." + values.get("Extension", "").lower())
            else:
                names.append(values.get("PartName", "").lstrip("/").lower())
    return extensions, names


def _is_xml(name: str, extensions: list[str], names: list[str]) -> bool:
    lowered = name.lower()
    return lowered.endswith((".xml", ".rels", *extensions)) or lowered in names


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
    raw = _raw(path)
    declared = _META_CHARSET.search(raw[:4096])
    text = _decoded(raw, path.name, declared.group(1).decode("ascii") if declared else None)
    del raw  # the page is read a piece at a time into its text: never a tree of it, which took ~150x its size
    reader = _PageText()
    try:
        for start in range(0, len(text), 1 << 16):
            reader.feed(text[start : start + (1 << 16)])
        reader.close()
    except AssertionError:  # html.parser gives up on a few malformed declarations ("<![foo[")
        hint = "Open it in a browser and save it again as HTML, or send its text as .txt."
        raise InvalidInput(f"{path.name} holds markup that cannot be read as HTML.", hint=hint) from None
    lines = (line.strip() for line in reader.text().splitlines())
    return Extracted("\n".join(line for line in lines if line))


class _PageText(HTMLParser):
    """The text a page shows, as it streams past: what scripts, styles and templates hold is left out, and block
    elements (paragraphs, headings, list items, table cells, line breaks) start and end lines."""

    SKIPPED = frozenset({"script", "style", "noscript", "template"})
    BLOCKS = frozenset({"address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details", "div",
                        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
                        "h6", "head", "header", "hr", "html", "legend", "li", "main", "nav", "ol", "option", "p", "pre",
                        "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul"})  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._out = io.StringIO()
        self._skipping = 0  # how many skipped elements the parser is inside

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self._skipping += 1
        elif tag in self.BLOCKS:
            self._out.write("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED:
            self._skipping = max(0, self._skipping - 1)  # a stray end tag closes nothing
        elif tag in self.BLOCKS:
            self._out.write("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._out.write(data)

    def text(self) -> str:
        return self._out.getvalue()


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

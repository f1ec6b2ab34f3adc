"""From the bytes a caller sent to pages: base64 decoding, type sniffing, limits, images and multi-page TIFFs.

Every problem with the file itself is the caller's (InvalidInput, 4xx): not base64, not an image or PDF, corrupt,
too large, too many pages.

>>> decode("data:image/png;base64,iVBORw0KGgo=")[:4], sniff(b"%PDF-1.7 ...")
(b'\\x89PNG', 'application/pdf')
>>> decode("no base64 here!")
Traceback (most recent call last):
...
nonla.core.errors.InvalidInput: Field 'data' is not base64: send the file's bytes base64-encoded.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from nonla.core.errors import InvalidInput
from nonla.functions.vision.base64_data import base64_bytes

MAX_BYTES = 40 * 1024 * 1024  # decoded file size
MAX_DATA_CHARS = (MAX_BYTES + 2) // 3 * 4 + 200  # its base64 form, with room for a data: URL prefix
MAX_PAGES = 200
MAX_PIXELS = 60_000_000  # per page: an A3 sheet at 400 dpi is 31 million

_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
)
# What Pillow raises on damaged files: TIFF tag decoding also gives TypeError ("Missing dimensions") and KeyError.
_DAMAGED = (OSError, SyntaxError, ValueError, EOFError, TypeError, KeyError)

# (pages done, pages in the document): set by a caller that shows progress (the CLI), read page by page.
_progress: ContextVar[Callable[[int, int], None] | None] = ContextVar("nonla_ocr_progress", default=None)


@contextmanager
def page_progress(callback: Callable[[int, int], None]) -> Iterator[None]:
    """Report each page OCR'd in this context (the runner calls functions in the caller's thread and context)."""
    token = _progress.set(callback)
    try:
        yield
    finally:
        _progress.reset(token)


def report_progress(done: int, total: int) -> None:
    callback = _progress.get()
    if callback is not None:
        callback(done, total)


def decode(data: str) -> bytes:
    """The bytes of a base64 string or a data: URL (whitespace and missing padding are forgiven)."""
    raw = base64_bytes(data)
    if not raw:
        raise InvalidInput("Field 'data' is not base64: send the file's bytes base64-encoded.",
                           hint="Encode the file, e.g. `base64 -w0 scan.png`, or use `nonla ocr FILE`.", field="data")  # fmt: skip
    if len(raw) > MAX_BYTES:
        raise InvalidInput(f"The file has {len(raw):,} bytes; the limit is {MAX_BYTES:,}.",
                           hint="Split the PDF or send the pages one by one.", field="data", problem="too_large")  # fmt: skip
    return raw


def sniff(raw: bytes) -> str:
    """The media type the bytes really are, whatever the caller said (images and PDF only)."""
    head = raw[:16]
    if head[:4] == b"RIFF" and raw[8:12] == b"WEBP":
        return "image/webp"
    for signature, media_type in _SIGNATURES:
        if head.startswith(signature):
            return media_type
    if b"%PDF-" in raw[:1024]:  # some writers put junk before the header; PDF readers accept it
        return "application/pdf"
    raise InvalidInput("The file is neither an image (PNG, JPEG, TIFF, WebP, BMP, GIF) nor a PDF.",
                       hint="Send a scan or photo as PNG/JPEG/TIFF, or a PDF.", field="data", problem="unknown_type")  # fmt: skip


def _unreadable(what: str, exc: BaseException, field: str = "data") -> InvalidInput:
    said = re.sub(r"\s*<[^<>]* at 0x[0-9a-f]+>", "", str(exc))  # Pillow names the in-memory file object; say no more
    return InvalidInput(f"The {what} cannot be read ({type(exc).__name__}: {said[:120]}).",
                        hint="Check that the file is complete and not damaged.", field=field, problem="corrupt")  # fmt: skip


def _too_many(pages: int) -> InvalidInput:
    return InvalidInput(f"The file has {pages:,} pages; the limit is {MAX_PAGES}.",
                        hint="Split it into parts of at most that many pages.", field="data", problem="too_many_pages")  # fmt: skip


def _too_big(width: int, height: int, limit: int = MAX_PIXELS, field: str = "data") -> InvalidInput:
    return InvalidInput(f"The image is {width:,}×{height:,} pixels; the limit is {limit:,} pixels.",
                        hint="Downscale the image (for a scan, 300 dpi is enough).", field=field, problem="too_large")  # fmt: skip


def upright_rgb(image: Any) -> Any:
    """Grey-level page image: EXIF orientation applied, transparency flattened onto white, 16-bit and float
    greys brought to 8 bits."""
    from PIL import Image, ImageOps

    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "P", "PA"):
        rgba = image.convert("RGBA")
        image = Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba)
    if image.mode.startswith(("I", "F")):
        return eight_bit_grey(image)
    return image.convert("L")


def eight_bit_grey(image: Any) -> Any:
    """A 16-bit, 32-bit or float grey image stretched from its darkest to its lightest value onto 0-255.

    Pillow's own conversion clips every value above 255 to white, which turns a 16-bit scan into a blank page; the
    stretch also suits scanners that fill only 10 or 12 of the 16 bits.

    >>> import numpy as np
    >>> from PIL import Image
    >>> scan = Image.frombytes("I;16", (3, 1), bytes([0xB8, 0x0B, 0x60, 0xEA, 0x34, 0x7F]))  # 3000, 60000, 32564
    >>> np.asarray(eight_bit_grey(scan)).tolist()
    [[0, 255, 132]]
    >>> np.asarray(eight_bit_grey(Image.new("I;16", (2, 1), 40000))).tolist()
    [[255, 255]]
    """
    import numpy as np
    from PIL import Image

    values = np.asarray(image, dtype=np.float64)
    values = np.where(np.isfinite(values), values, 0.0)
    low, high = float(values.min()), float(values.max())
    if high <= low:  # a flat page holds no text: read it as blank paper
        return Image.new("L", image.size, 255)
    return Image.fromarray(np.round((values - low) * (255 / (high - low))).astype(np.uint8))


def images(raw: bytes) -> Iterator[tuple[int, Any]]:
    """(1-based page number, grey image) for each frame of an image file (a TIFF may hold many pages)."""
    from PIL import ImageSequence

    opened = open_image(raw)
    try:
        # n_frames walks every page's header, so a damaged later page fails here, not only when it is read
        frames = int(getattr(opened, "n_frames", 1))
        if frames > MAX_PAGES:
            raise _too_many(frames)
        for number, frame in enumerate(ImageSequence.Iterator(opened), 1):
            if frame.width * frame.height > MAX_PIXELS:
                raise _too_big(frame.width, frame.height)
            frame.load()
            yield number, upright_rgb(frame)
    except _DAMAGED as exc:
        raise _unreadable("image", exc) from None


def open_image(raw: bytes, max_pixels: int = MAX_PIXELS, field: str = "data") -> Any:
    """The image as Pillow opens it: from its header alone, no pixel decoded yet, so a small file that claims a huge
    size is refused before it takes any memory (vision.faces checks its photos with this too)."""
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            opened = Image.open(io.BytesIO(raw))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise InvalidInput(f"The image has more than {max_pixels:,} pixels.",
                               hint="Downscale the image (for a scan, 300 dpi is enough).", field=field,
                               problem="too_large") from None  # fmt: skip
        except _DAMAGED as exc:  # UnidentifiedImageError is an OSError
            raise _unreadable("image", exc, field) from None
    if opened.width * opened.height > max_pixels:
        raise _too_big(opened.width, opened.height, max_pixels, field)
    return opened

"""Images as the face functions take them: base64 PNG/JPEG bytes (the `data` field, as in vision.ocr), as RGB arrays.

>>> sniff(b"\\x89PNG\\r\\n\\x1a\\n...."), sniff(b"\\xff\\xd8\\xff\\xe0..."), sniff(b"GIF89a")
('png', 'jpeg', None)
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from nonla.core.errors import InvalidInput
from nonla.functions.vision.ocr_pages import open_image

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_BASE64_CHARS = (MAX_IMAGE_BYTES + 2) // 3 * 4 + 200  # with room for a data: URL prefix
MAX_PIXELS = 40_000_000
# MediaPipe's detector asserts each side is under 32,767 pixels and aborts the whole process otherwise (a 112-byte
# PNG of 32767x1 took the server down); no photograph of a face comes near this.
MAX_SIDE = 16_384


def sniff(data: bytes) -> str | None:
    """The image format from its first bytes (the only two we accept)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    return None


def image_bytes(encoded: str, field: str = "data") -> bytes:
    """The raw bytes of a base64 image (a data: URL works too), PNG or JPEG, as vision.ocr takes its files."""
    text = encoded.split(",", 1)[1] if encoded.startswith("data:") else encoded
    text = "".join(text.split())
    try:
        data = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput(f"Field '{field}' is not base64: send the image's bytes base64-encoded.",
                           hint="Encode the file, e.g. `base64 -w0 face.jpg`.", field=field) from None  # fmt: skip
    if sniff(data) is None:
        raise InvalidInput(f"Field '{field}' is not a PNG or JPEG image.", hint="Convert the image to PNG or JPEG.",
                           field=field)  # fmt: skip
    return data


def decode_rgb(data: bytes, field: str) -> Any:
    """RGB uint8 array (height, width, 3); a truncated or corrupt file is bad input, not a crash."""
    import cv2
    import numpy as np

    # The size from the header first: a small PNG can claim 20000x20000 and would take gigabytes once decoded.
    open_image(data, MAX_PIXELS, field)
    array = np.frombuffer(data, dtype=np.uint8)
    bgr = cv2.imdecode(array, cv2.IMREAD_COLOR)
    if bgr is None or bgr.size == 0:
        raise InvalidInput(f"The image in '{field}' could not be decoded.", hint="Check that the file is complete.",
                           field=field)  # fmt: skip
    if bgr.shape[0] * bgr.shape[1] > MAX_PIXELS:
        raise InvalidInput(f"The image in '{field}' has more than 40 megapixels.", hint="Resize it first.", field=field)
    if max(bgr.shape[:2]) > MAX_SIDE:
        raise InvalidInput(f"The image in '{field}' is {bgr.shape[1]}x{bgr.shape[0]} pixels; a side may be at most "
                           f"{MAX_SIDE:,}.", hint="Crop or resize it first.", field=field)  # fmt: skip
    return np.ascontiguousarray(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))


def load_rgb(encoded: str, field: str = "data") -> Any:
    return decode_rgb(image_bytes(encoded, field), field)


def encode_png(rgb: Any) -> str:
    """Base64 PNG of an RGB array (tests, examples and evaluation build inputs with it)."""
    import cv2

    ok, buffer = cv2.imencode(".png", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
    assert ok
    return base64.b64encode(buffer.tobytes()).decode("ascii")

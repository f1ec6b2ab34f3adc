"""The bytes of a base64 field, as every vision function takes its files: plain base64 or a data: URL.

One reading for all of them, so a file one function accepts is not refused by another: whitespace around and
inside the text is ignored, missing padding is forgiven and the data: prefix may be in any case.

>>> base64_bytes("  DATA:image/png;base64,iVBORw0KGgo=\\n"), base64_bytes("aGk")
(b'\\x89PNG\\r\\n\\x1a\\n', b'hi')
>>> base64_bytes("no base64 here!")
b''
"""

from __future__ import annotations

import base64
import binascii
import re

_DATA_URL = re.compile(r"^data:[\w.+/-]*(;[\w=-]+)*;base64,", re.IGNORECASE)


def base64_bytes(text: str) -> bytes:
    """The decoded bytes, or b"" when the text is not base64 (each caller words its own error)."""
    body = _DATA_URL.sub("", text.strip(), count=1)
    body = "".join(body.split())
    body += "=" * (-len(body) % 4)
    try:
        return base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        return b""

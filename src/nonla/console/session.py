"""The console's session: a signed cookie (HMAC-SHA256, secret kept under NONLA_HOME) holding the key id, a CSRF
token, the language and the token of its sign-in (console.signins). The API key itself never goes into the cookie:
each request looks the key id and the sign-in up again, so a revoked key or a signed-out session (even a copy of
its cookie) is signed out at once.

>>> import time
>>> secret = b"s" * 32
>>> cookie = encode({"kid": "abc", "csrf": "t", "lang": "vi", "auth_at": int(time.time())}, secret)
>>> decode(cookie, secret)["kid"]
'abc'
>>> forged = cookie[:-1] + ("1" if cookie.endswith("0") else "0")  # any other last digit of the signature
>>> decode(forged, secret) is None
True
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from pathlib import Path
from typing import Any

from nonla.core.config import settings

COOKIE = "nonla_console"
MAX_AGE_S = 8 * 3600  # one working day; sign in again after that
_SECRET_FILE = "console-secret"


def secret() -> bytes:
    """The signing secret: 32 random bytes written once under NONLA_HOME, readable by its owner only."""
    home = settings().home
    path = Path(home) / _SECRET_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(32))
    return path.read_bytes()


def _sign(payload: bytes, key: bytes) -> str:
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def encode(data: dict[str, Any], key: bytes) -> str:
    payload = base64.urlsafe_b64encode(json.dumps({**data, "iat": int(time.time())}).encode()).decode()
    return f"{payload}.{_sign(payload.encode(), key)}"


def decode(cookie: str | None, key: bytes) -> dict[str, Any] | None:
    """The session's data, or None when the cookie is missing, forged or older than MAX_AGE_S."""
    if not cookie or "." not in cookie:
        return None
    payload, signature = cookie.rsplit(".", 1)
    # bytes: compare_digest refuses str with non-ASCII characters, which a forged cookie may carry
    if not hmac.compare_digest(
        signature.encode("utf-8", "replace"), _sign(payload.encode("utf-8", "replace"), key).encode()
    ):
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(payload.encode()))
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or time.time() - float(data.get("iat", 0)) > MAX_AGE_S:
        return None
    # 'iat' moves on whenever the cookie is written again; the sign-in itself expires MAX_AGE_S after it happened
    if "kid" in data and time.time() - float(data.get("auth_at", 0)) > MAX_AGE_S:
        return None
    return data


def fresh(lang: str = "vi") -> dict[str, Any]:
    """A signed-out session: a CSRF token (the sign-in form needs one too) and the language."""
    return {"csrf": secrets.token_urlsafe(24), "lang": lang}


def csrf_ok(session: dict[str, Any], sent: str | None) -> bool:
    expected = str(session.get("csrf") or "")
    return (
        bool(expected) and bool(sent) and hmac.compare_digest(expected.encode(), str(sent).encode("utf-8", "replace"))
    )

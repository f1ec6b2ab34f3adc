"""Failed console sign-ins per client address: after MAX_FAILURES in a minute, sign-in waits until the minute ends.

Counted in the store (the counters of key quotas, under a digest of the address), so every server process sees the
same attempts and a guessing client cannot spread its tries over processes. Only failures count: a person who signs
in correctly is never slowed down, and a blocked address is refused before its key is even looked at.

>>> bucket("203.0.113.7")
'signin:fec52565aa0cf18f57d7cf5b'
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from sqlalchemy import select

from nonla.core.errors import RateLimited
from nonla.governance.quotas import _count, windows
from nonla.store.db import session
from nonla.store.schema_governance import KeyUsage

MAX_FAILURES = 5  # a minute, per client address
MESSAGES = {
    "vi": "Đăng nhập sai quá nhiều lần từ địa chỉ này. Hãy đợi {seconds} giây rồi thử lại.",
    "en": "Too many failed sign-in attempts from this address. Wait {seconds} seconds and try again.",
}
HINTS = {
    "vi": "Kiểm tra lại khoá API; nếu quên khoá, hãy nhờ quản trị viên cấp khoá mới.",
    "en": "Check the API key; if it is lost, ask an admin for a new one.",
}


def bucket(address: str) -> str:
    """The counter's name: a digest, so the store never holds client addresses (and it fits the key id column)."""
    return "signin:" + hashlib.sha256(address.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def refused(address: str, lang: str = "vi", now: datetime | None = None) -> RateLimited | None:
    """The error to show when the address used up its failures this minute, else None."""
    minute, _, seconds_left, _ = windows(now or datetime.now(UTC))
    with session() as s:
        used = s.scalar(select(KeyUsage.count).where(KeyUsage.key_id == bucket(address), KeyUsage.period == minute))
    if (used or 0) < MAX_FAILURES:
        return None
    lang = lang if lang in MESSAGES else "vi"
    return RateLimited(MESSAGES[lang].format(seconds=seconds_left), hint=HINTS[lang], retry_after=seconds_left)


def failed(address: str, now: datetime | None = None) -> None:
    """Count one failed sign-in of the address."""
    minute, _, _, _ = windows(now or datetime.now(UTC))
    with session(write=True) as s:
        _count(s, bucket(address), minute)

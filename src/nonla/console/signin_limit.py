"""Failed console sign-ins per client address: after MAX_FAILURES in a minute, sign-in waits until the minute ends.

Counted in the store (the counters of key quotas, under a digest of the address), so every server process sees the
same attempts and a guessing client cannot spread its tries over processes. Every attempt is counted before its key
is looked at, so a blocked address learns nothing about the keys it tries, and one that signs in is uncounted again:
only failures use up the address's attempts.

>>> bucket("203.0.113.7")
'signin:fec52565aa0cf18f57d7cf5b'
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from sqlalchemy import update

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


def take(address: str, lang: str = "vi", now: datetime | None = None) -> str:
    """Count one sign-in attempt of the address before its key is looked at; RateLimited once the minute's attempts
    pass MAX_FAILURES. Counting first, in one write transaction, means guesses sent in parallel cannot all read a count
    below the limit. Returns the minute counted, for ``give_back``."""
    minute, _, seconds_left, _ = windows(now or datetime.now(UTC))
    with session(write=True) as s:
        used = _count(s, bucket(address), minute)
    if used <= MAX_FAILURES:
        return minute
    lang = lang if lang in MESSAGES else "vi"
    raise RateLimited(MESSAGES[lang].format(seconds=seconds_left), hint=HINTS[lang], retry_after=seconds_left)


def give_back(address: str, minute: str) -> None:
    """Uncount the attempt of ``minute`` that signed in: only failures use up the address's attempts."""
    with session(write=True) as s:
        s.execute(update(KeyUsage)
                  .where(KeyUsage.key_id == bucket(address), KeyUsage.period == minute, KeyUsage.count > 0)
                  .values(count=KeyUsage.count - 1))  # fmt: skip

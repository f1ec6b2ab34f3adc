"""The store's record of console sign-ins, so that signing out ends a session everywhere.

The cookie carries a random token; the store keeps only its SHA-256 digest, so reading the table reveals no
session that could be replayed. A session is live while its row exists, its key is not revoked and its eight hours
have not passed; rows past that are purged at the next sign-in.
"""

from __future__ import annotations

import hashlib
import secrets
import time

from sqlalchemy import delete
from sqlalchemy.orm import Session

from nonla.console.session import MAX_AGE_S
from nonla.store.db import session
from nonla.store.schema_governance import ConsoleSession


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def start(key_id: str) -> str:
    """Record a sign-in of the key; the token the cookie must carry."""
    token, now = secrets.token_urlsafe(32), int(time.time())
    with session(write=True) as s:
        s.execute(delete(ConsoleSession).where(ConsoleSession.signed_in_at < now - MAX_AGE_S))
        s.add(ConsoleSession(digest=_digest(token), key_id=key_id, signed_in_at=now))
    return token


def live(s: Session, token: object, key_id: str) -> bool:
    """Whether the cookie's token is a recorded sign-in of this key, read in the caller's store session ``s``."""
    if not isinstance(token, str) or not token:
        return False
    row = s.get(ConsoleSession, _digest(token))
    return row is not None and row.key_id == key_id and time.time() - row.signed_in_at <= MAX_AGE_S


def end(token: object) -> None:
    """Forget a sign-in (signing out); an unknown token is already signed out."""
    if isinstance(token, str) and token:
        with session(write=True) as s:
            s.execute(delete(ConsoleSession).where(ConsoleSession.digest == _digest(token)))

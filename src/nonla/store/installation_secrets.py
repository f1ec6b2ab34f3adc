"""Secrets of the whole installation, kept in the store so that every server and CLI sharing the database uses the
same one (migration 0023).

A secret is made on first use: 32 random bytes, written once under its name; a process that finds the name taken
by another (two servers starting at once) reads the one that won. Values are cached per engine: they never change.
"""

from __future__ import annotations

import secrets
import threading
import weakref

from sqlalchemy import LargeBinary, String, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from nonla.store.db import engine_for, session
from nonla.store.schema import Base

SECRET_BYTES = 32
_lock = threading.Lock()
_cache: weakref.WeakKeyDictionary[Engine, dict[str, bytes]] = weakref.WeakKeyDictionary()


class InstallationSecret(Base):
    """One named secret; never shown over REST, in exports or in the audit log."""

    __tablename__ = "installation_secrets"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[bytes] = mapped_column(LargeBinary)


def _stored(s: Session, name: str) -> bytes | None:
    found = s.scalar(select(InstallationSecret.value).where(InstallationSecret.name == name))
    return None if found is None else bytes(found)


def _read_or_make(s: Session, name: str) -> tuple[bytes, bool]:
    """(the secret, whether this transaction made it)."""
    found = _stored(s, name)
    if found is not None:
        return found, False
    value = secrets.token_bytes(SECRET_BYTES)
    try:
        with s.begin_nested():
            s.add(InstallationSecret(name=name, value=value))
    except IntegrityError:  # another process made it first: theirs is the installation's
        return _stored(s, name) or value, False
    return value, True


def installation_secret(name: str, s: Session | None = None) -> bytes:
    """The installation's secret under ``name``, made on first use.

    Pass the caller's write session when one is open: a second writer would wait on the first's lock."""
    engine = engine_for()[0]
    with _lock:
        cached = _cache.get(engine, {}).get(name)
    if cached is not None:
        return cached
    if s is not None:
        value, made = _read_or_make(s, name)
        if made:  # the caller's transaction may still roll back: only a committed secret is remembered
            return value
    else:
        with session(write=True) as own:
            value, _ = _read_or_make(own, name)
    with _lock:
        _cache.setdefault(engine, {})[name] = value
    return value

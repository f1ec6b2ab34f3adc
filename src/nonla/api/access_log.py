"""The server's access log names a data subject by digest, as the audit log does, never by their id.

A subject's id is often a CCCD number, and the routes that export or erase a person's data carry it in the URL
(``/v1/subjects/{id}``, ``/v1/faces/subjects/{id}``, ``?subject_id=``). uvicorn writes every request line to its
access log, which outlives an erasure in files and journals the store never reaches; so the line is rewritten
before any handler sees it, with the same ``subject:<digest>`` the audit rows carry (an operator can still match
the two). An id may hold '/' (a dossier number), so the whole rest of the path is the id; a query key is compared
as the server reads it, percent-encoding undone.

>>> def shown(subject: str) -> str:
...     return f"<{subject}>"
>>> masked_path("/v1/subjects/079200001234?tenant=so-b", shown)
'/v1/subjects/<079200001234>?tenant=so-b'
>>> masked_path("/v1/faces/subjects/HS/2024/001234?gallery=cong", shown)
'/v1/faces/subjects/<HS/2024/001234>?gallery=cong'
>>> masked_path("/v1/consents?purpose=door&subject%5Fid=0792%2000001234", shown)
'/v1/consents?purpose=door&subject%5Fid=<0792 00001234>'
>>> masked_path("/v1/functions/vi.words", shown)
'/v1/functions/vi.words'
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from urllib.parse import unquote, unquote_plus

from nonla.governance.subjects import subject_digest

ACCESS_LOGGER = "uvicorn.access"
SUBJECT_KEY = "subject_id"
UNNAMED = "subject:?"  # when the installation's key cannot be read, the line names no subject at all
_IN_PATH = re.compile(r"^(/v1/(?:faces/)?subjects/)(.+)$")

Digest = Callable[[str], str]


def _safe_digest(subject: str) -> str:
    try:
        return subject_digest(subject)
    except Exception:  # a log line must never fail a request, nor fall back to the id
        return UNNAMED


def _masked(raw: str, unquoted: str, digest: Digest) -> str:
    subject = unquoted.strip()
    return digest(subject) if subject else raw


def _masked_query(query: str, digest: Digest) -> str:
    # pairs split and decoded as the server's own parser does (parse_qsl), so a key it reads as subject_id is one
    pairs = []
    for pair in query.split("&"):
        key, sep, value = pair.partition("=")
        if unquote_plus(key) == SUBJECT_KEY:
            pair = key + sep + _masked(value, unquote_plus(value), digest)
        pairs.append(pair)
    return "&".join(pairs)


def masked_path(path: str, digest: Digest = _safe_digest) -> str:
    """A request line's path and query with every data-subject id replaced by its digest."""
    path, sep, query = path.partition("?")
    path = _IN_PATH.sub(lambda m: m.group(1) + _masked(m.group(2), unquote(m.group(2)), digest), path)
    return path + sep + _masked_query(query, digest) if sep else path


class SubjectsByDigest(logging.Filter):
    """Rewrites uvicorn's access record ('%s - "%s %s HTTP/%s" %d': client, method, path, version, status)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], masked_path(args[2]), *args[3:])
        return True


def install() -> None:
    """Filter the access logger once (uvicorn's logging set-up adds handlers; it keeps a logger's filters)."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, SubjectsByDigest) for f in logger.filters):
        logger.addFilter(SubjectsByDigest())

"""The server's access log names a data subject by digest, as the audit log does, never by their id.

A subject's id is often a CCCD number, and the routes that export or erase a person's data carry it in the URL
(``/v1/subjects/{id}``, ``/v1/faces/subjects/{id}``, ``?subject_id=``). uvicorn writes every request line to its
access log, which outlives an erasure in files and journals the store never reaches; so the line is rewritten
before any handler sees it, with the same ``subject:<digest>`` the audit rows carry (an operator can still match
the two).

>>> masked_path("/v1/subjects/079200001234?tenant=so-b")
'/v1/subjects/subject:2abe25102fcf049f?tenant=so-b'
>>> masked_path("/v1/consents?purpose=door&subject_id=079200001234")
'/v1/consents?purpose=door&subject_id=subject:2abe25102fcf049f'
>>> masked_path("/v1/functions/vi.words")
'/v1/functions/vi.words'
"""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote, unquote_plus

from nonla.governance.subjects import subject_digest

ACCESS_LOGGER = "uvicorn.access"
_IN_PATH = re.compile(r"(/v1/(?:faces/)?subjects/)([^/?#]+)")
_IN_QUERY = re.compile(r"([?&]subject_id=)([^&#]*)")


def _digest(raw: str, unquoted: str) -> str:
    subject = unquoted.strip()
    return subject_digest(subject) if subject else raw


def masked_path(path: str) -> str:
    """A request line's path and query with every data-subject id replaced by its digest."""
    path = _IN_PATH.sub(lambda m: m.group(1) + _digest(m.group(2), unquote(m.group(2))), path)
    return _IN_QUERY.sub(lambda m: m.group(1) + _digest(m.group(2), unquote_plus(m.group(2))), path)


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

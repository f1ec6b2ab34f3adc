"""How stored rows name a call's input and output: the runner's digest (SHA-256 of the canonical JSON) keyed by a
secret of the installation, kept in the store.

The unkeyed digest of a single form field gives the field back: a CCCD number or a phone number has few enough
possible values to digest them all in a second. Keyed, the digest is the same on every server sharing the database
(a review item still names its call's audit row), different in another installation, and tells nothing to whoever
lacks the key. It keeps the unkeyed digest's form (64 hex digits), so the columns stay as they are. The runner
computes the unkeyed digest without touching the store; the rows are keyed where they are written (the audit log's
call rows, the review queue, the routed-call log of custom models). Rows written before the key carry the unkeyed
digest; old rows are never rewritten (the audit chain covers them).

>>> keyed_call_digest("0" * 64, b"k" * 32)
'8736e084a0d6e7b19bb438f6933db55a92966ef12fde48403cc20e64329a5627'
>>> keyed_call_digest("", b"k" * 32)
''
"""

from __future__ import annotations

import hashlib
import hmac

from sqlalchemy.orm import Session

from nonla.store.installation_secrets import installation_secret

DIGEST_SECRET = "call-digest"  # not the subject digest's: one key never serves two purposes


def keyed_call_digest(digest: str, key: bytes) -> str:
    """HMAC-SHA256 of the runner's digest under ``key``, as 64 hex digits; no digest stays none."""
    if not digest:
        return ""
    return hmac.new(key, digest.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


def stored_call_digest(digest: str, s: Session | None = None) -> str:
    """The runner's digest as stored rows hold it: keyed with the installation's secret.

    Pass the write session when one is open (the installation's key is made on first use)."""
    if not digest:
        return ""
    return keyed_call_digest(digest, installation_secret(DIGEST_SECRET, s))

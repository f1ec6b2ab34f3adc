"""Roles and what each may do. One table, read by every surface.

>>> allowed("caller", "functions.call"), allowed("auditor", "functions.call")
(True, False)
"""

from __future__ import annotations

from fnmatch import fnmatchcase

_CALL = {"functions.read", "functions.call"}
# The feedback inbox: submit citizens' messages, read them, handle them (assign, answer, close). Department staff
# hold caller keys; a system that only forwards messages (a portal, a hotline) holds a developer key.
_INBOX = {"inbox.submit", "inbox.read", "inbox.write"}
# Batch jobs: run (submit, cancel, resume) and read (status, results); pipelines: manage the stored definitions.
_JOBS = {"jobs.run", "jobs.read"}
# Face galleries: enrol and search faces; record or withdraw consent (withdrawing and erasing a subject delete faces).
_FACES = {"faces.enroll", "faces.search", "consent.manage"}
# Governance: data-subject requests (export, erase), retention, incidents and suspensions, quotas, oversight
# exceptions (manage); the risk register, incidents and impact reports (read).
_GOVERNANCE = {"subjects.manage", "governance.manage", "governance.read"}
# Monitoring: read the figures, drift and alerts; set thresholds and baselines, acknowledge alerts (admin).
_MONITORING = {"monitoring.read", "monitoring.admin"}
ROLES: dict[str, frozenset[str]] = {
    "admin": frozenset(
        _CALL | {"keys.manage", "audit.read", "review.decide", "pii.reveal", "models.manage", "collections.read", "collections.write",
                 "kb.write", "ratings.read", "review.manage", *_INBOX, *_JOBS, "pipelines.manage", *_FACES, *_GOVERNANCE,
                 *_MONITORING}
    ),
    "developer": frozenset(_CALL | {"models.manage", "collections.read", "collections.write", "inbox.submit",
                                    "inbox.read", *_JOBS, "pipelines.manage", "faces.enroll",
                                    "faces.search"}),
    "caller": frozenset(_CALL | {"collections.read", *_INBOX, *_JOBS, "faces.search"}),
    "reviewer": frozenset({"functions.read", "review.decide", "collections.read", "kb.write", "inbox.read"}),
    "auditor": frozenset({"functions.read", "audit.read", "ratings.read", "governance.read", "monitoring.read"}),
}


def allowed(role: str, permission: str) -> bool:
    return permission in ROLES.get(role, frozenset())


def in_scope(scopes: list[str], function_name: str) -> bool:
    """Scopes are shell patterns over function names; an empty list means every function.

    >>> in_scope(["vi.*"], "vi.words"), in_scope(["vi.*"], "text.language"), in_scope([], "x.y")
    (True, False, True)
    """
    return not scopes or any(fnmatchcase(function_name, pattern) for pattern in scopes)

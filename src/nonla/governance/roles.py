"""Roles and what each may do. One table, read by every surface.

>>> allowed("caller", "functions.call"), allowed("auditor", "functions.call")
(True, False)
"""

from __future__ import annotations

from fnmatch import fnmatchcase

_CALL = {"functions.read", "functions.call"}
ROLES: dict[str, frozenset[str]] = {
    "admin": frozenset(
        _CALL | {"keys.manage", "audit.read", "review.decide", "models.manage", "collections.read", "collections.write",
                 "kb.write", "ratings.read"}
    ),
    "developer": frozenset(_CALL | {"models.manage", "collections.read", "collections.write"}),
    "caller": frozenset(_CALL | {"collections.read"}),
    "reviewer": frozenset({"functions.read", "review.decide", "collections.read", "kb.write"}),
    "auditor": frozenset({"functions.read", "audit.read", "ratings.read"}),
}


def allowed(role: str, permission: str) -> bool:
    return permission in ROLES.get(role, frozenset())


def in_scope(scopes: list[str], function_name: str) -> bool:
    """Scopes are shell patterns over function names; an empty list means every function.

    >>> in_scope(["vi.*"], "vi.words"), in_scope(["vi.*"], "text.language"), in_scope([], "x.y")
    (True, False, True)
    """
    return not scopes or any(fnmatchcase(function_name, pattern) for pattern in scopes)

"""API keys: shown once, stored as SHA-256 hashes, looked up by their public id.

A key reads ``nonla_<id>_<secret>``; the id is public (lists, audit rows), the secret never leaves the caller.
Keys carry 256 bits of randomness, so one fast hash is enough (no password-style stretching needed).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from fnmatch import fnmatchcase

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nonla.core.context import check_tenant
from nonla.core.errors import Forbidden, InvalidInput, NotFound, Unauthorized
from nonla.core.events import KeyCreated, KeyRevoked, utc_now
from nonla.governance.audit import append
from nonla.governance.roles import ROLES, allowed, in_scope
from nonla.store.db import session
from nonla.store.schema import ApiKey

PREFIX = "nonla"
# The characters that make a scope a pattern rather than one function's name (fnmatch's syntax).
WILDCARDS = frozenset("*?[")


class ScopeBeyondOwn(Forbidden):
    """A key limited to some functions asked for a key that reaches further: it would get around its own limits."""

    code = "scope_beyond_own"
    default_hint = "Give the new key scopes within this key's own, or ask an admin of an unscoped key."


@dataclass(frozen=True)
class Principal:
    """Who is calling: the key's id, role, scopes and tenant."""

    key_id: str
    role: str
    scopes: tuple[str, ...] = ()
    tenant: str = "default"

    @property
    def actor(self) -> str:
        return f"key:{self.key_id}"

    def require(self, permission: str) -> None:
        if not allowed(self.role, permission):
            raise Forbidden(f"The role '{self.role}' may not do this ({permission}).")

    def may_use(self, function: str) -> bool:
        """Whether the key's scopes cover a function ('vi.words', 'custom.x@3', a job's 'privacy.pii@1')."""
        return in_scope(list(self.scopes), function.split("@", 1)[0])

    def require_scope(self, function: str) -> None:
        """Forbidden unless the key's scopes cover the function: REST and the console refuse alike."""
        if not self.may_use(function):
            raise Forbidden(f"This key is not allowed to use '{function[:100]}'.",
                            hint="Ask an admin to add it to the key's scopes.")  # fmt: skip

    def require_function(self, name: str) -> None:
        """Forbidden unless the role calls functions and the scopes cover ``name`` ('vi.words', 'pipeline.x@2'):
        for a pipeline, every step it runs (that version's, else every live version's)."""
        self.require("functions.call")
        outside = self.outside_scopes(name)
        if outside == name.partition("@")[0]:
            raise Forbidden(
                f"This key is not allowed to call '{outside}'.", hint="Ask an admin to add it to the key's scopes."
            )
        if outside:
            raise Forbidden(f"This key is not allowed to call '{name.partition('@')[0]}': its step '{outside}' is "
                            "outside the key's scopes.", hint="Ask an admin to add the pipeline's steps to the key's "
                            "scopes.")  # fmt: skip

    def require_within_scopes(self, scopes: list[str]) -> None:
        """Forbidden unless every function ``scopes`` reach is one this key reaches (a key makes no key wider than
        itself); a key without scopes reaches every function, and so may give any."""
        if not self.scopes:
            return
        hint = f"Give the new key scopes within this key's own: {', '.join(self.scopes)}."
        if not scopes:
            raise ScopeBeyondOwn("A key limited to some functions cannot create a key for every function.", hint=hint)
        wider = [pattern for pattern in scopes if not any(narrower(pattern, own) for own in self.scopes)]
        if wider:
            raise ScopeBeyondOwn(f"The scope '{wider[0][:100]}' reaches functions this key may not use.", hint=hint)

    def may_run(self, name: str) -> bool:
        """Whether the scopes cover everything ``name`` runs (a pipeline's steps too): what a key may see of a job
        is what it could have run itself, since the results are the steps' output."""
        return self.outside_scopes(name) is None

    def outside_scopes(self, name: str) -> str | None:
        """The function itself, or the first step of a pipeline, that the key's scopes do not cover; None when all
        are covered."""
        base, _, version = name.partition("@")
        if not in_scope(list(self.scopes), base):
            return base
        if self.scopes and base.startswith("pipeline."):  # a key without scopes calls everything: no lookup
            from nonla.governance.pipeline_scope import step_functions

            outside = sorted(f for f in step_functions(base, int(version) if version.isdigit() else None)
                             if not in_scope(list(self.scopes), f))  # fmt: skip
            return outside[0] if outside else None
        return None


def narrower(pattern: str, own: str) -> bool:
    """Whether every function name ``pattern`` matches is surely matched by ``own`` too. Only shapes that can be
    proved are accepted (the same pattern, one function's name that ``own`` matches, or a pattern that begins with
    the plain text before ``own``'s closing '*'); anything else counts as wider.

    >>> narrower("vi.*", "vi.*"), narrower("vi.words", "vi.*"), narrower("vi.w*", "vi.*"), narrower("vi.?", "vi.*")
    (True, True, True, True)
    >>> narrower("*", "vi.*"), narrower("v*", "vi.*"), narrower("[v]i.words", "vi.*"), narrower("vi.*", "vi.words")
    (False, False, False, False)
    """
    if pattern == own:
        return True
    if not WILDCARDS & set(pattern):  # one function's name
        return fnmatchcase(pattern, own)
    stem = own[:-1]
    if not own.endswith("*") or WILDCARDS & set(stem):
        return False
    # every name the pattern matches begins with its leading plain text, so with the stem when that text starts so
    return pattern.startswith(stem) and not WILDCARDS & set(pattern[: len(stem)])


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_key(role: str, name: str, scopes: list[str] | None = None, tenant: str = "default", actor: str = "local",
               creator: Principal | None = None) -> tuple[str, ApiKey]:  # fmt: skip
    """Create a key; returns (the key, shown this once, and its stored record). ``creator`` is the key asking for
    it (over REST): a key limited to some functions gives no scope beyond its own (ScopeBeyondOwn)."""
    key, record = _new_key(role, name, scopes, tenant, actor)
    if creator is not None:
        creator.require_within_scopes(record.scopes)
    with session(write=True) as s:
        _store(s, record, actor)
    return key, record


def create_first_admin(name: str, actor: str) -> str | None:
    """An admin key, made only when the store holds no key at all (None otherwise). The store is counted in the
    writing transaction, and writers take turns: two servers starting at once on an empty database make one key."""
    key, record = _new_key("admin", name, None, "default", actor)
    with session(write=True) as s:
        if s.scalar(select(func.count()).select_from(ApiKey)):
            return None
        _store(s, record, actor)
    return key


def _new_key(role: str, name: str, scopes: list[str] | None, tenant: str, actor: str) -> tuple[str, ApiKey]:
    if role not in ROLES:
        raise InvalidInput(f"Unknown role '{role}'.", hint=f"Choose one of: {', '.join(ROLES)}.")
    if not name.strip():
        raise InvalidInput("A key needs a name.", hint="Name it after the person or system that will use it.")
    check_tenant(tenant)
    _check_scopes(scopes or [])
    key_id = secrets.token_hex(6)
    key = f"{PREFIX}_{key_id}_{secrets.token_urlsafe(32)}"
    record = ApiKey(id=key_id, name=name.strip(), role=role, scopes=list(scopes or []), tenant=tenant,
                    secret_hash=_digest(key), created_at=utc_now(), created_by=actor)  # fmt: skip
    return key, record


def _store(s: Session, record: ApiKey, actor: str) -> None:
    s.add(record)
    append(s, KeyCreated(actor=actor, key_id=record.id, role=record.role, name=record.name, tenant=record.tenant))


def _check_scopes(scopes: list[str]) -> None:
    """Refuse a blank pattern: stored, it made a key that may call nothing, which a list of its scopes hides."""
    if any(not isinstance(pattern, str) or not pattern.strip() for pattern in scopes):
        raise InvalidInput("A scope is empty: a scope is a function pattern such as 'vi.*' or 'legal.answer'.",
                           field="scopes", hint="Give each scope a pattern, or give no scope for a key that may "
                           "call every function.")  # fmt: skip


def authenticate(key: str | None) -> Principal:
    if not key:
        raise Unauthorized("This request has no API key.")
    parts = key.strip().split("_")
    if len(parts) < 3 or parts[0] != PREFIX:
        raise Unauthorized("The API key is not valid.")
    with session() as s:
        record = s.get(ApiKey, parts[1])
    if record is None or not hmac.compare_digest(record.secret_hash, _digest(key.strip())):
        raise Unauthorized("The API key is not valid.")
    if record.revoked_at:
        raise Unauthorized("This API key was revoked.", hint="Ask an admin for a new key.")
    return Principal(record.id, record.role, tuple(record.scopes or ()), record.tenant)


def list_keys() -> list[ApiKey]:
    with session() as s:
        return list(s.scalars(select(ApiKey).order_by(ApiKey.created_at)))


def revoke_key(key_id: str, actor: str = "local") -> ApiKey:
    with session(write=True) as s:
        record = s.get(ApiKey, key_id)
        if record is None:
            raise NotFound(f"There is no key with id '{key_id}'.", hint="List keys with `nonla keys list`.")
        if not record.revoked_at:
            record.revoked_at = utc_now()
            append(s, KeyRevoked(actor=actor, key_id=key_id))
        return record

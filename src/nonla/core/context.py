"""The tenant a call runs for, visible to the code it runs without widening any function's signature.

The runner sets it around every call (``Runner.call(..., tenant=...)``), so a function that reads tenant-owned data
(collections, custom models, pipelines) finds that tenant's and no other's. Outside any call it is the default
tenant: the CLI and the Python API without keys keep working on the installation's own data.

>>> current_tenant()
'default'
>>> with tenant_scope("so-y-te"):
...     current_tenant()
'so-y-te'
>>> current_tenant()
'default'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from nonla.core.errors import InvalidInput

DEFAULT_TENANT = "default"
OWNED = ("custom.", "pipeline.")  # prefixes of the functions each tenant names and owns (the rest are built in)
# What a tenant (agency) id looks like: a plain slug, since it names the tenant's data everywhere, folders of the
# model store included. Checked when a key is made for it.
TENANT_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")  # used with fullmatch: "$" alone lets a final newline through


def check_tenant(tenant: str) -> str:
    """``tenant`` when it is a tenant id (as keys are made for); anything else is refused before it is stored under
    a name no key can ever act for.

    >>> check_tenant("so-y-te")
    'so-y-te'
    >>> check_tenant("So Y Te")
    Traceback (most recent call last):
    nonla.core.errors.InvalidInput: 'So Y Te' is not a tenant id.
    >>> check_tenant("so-y-te" + chr(10))  # a line's end read with the name: no key could have it
    Traceback (most recent call last):
    nonla.core.errors.InvalidInput: 'so-y-te\\n' is not a tenant id.
    """
    if not isinstance(tenant, str) or not TENANT_ID.fullmatch(tenant):
        raise InvalidInput(f"{tenant!r} is not a tenant id.", field="tenant",
                           hint="Use lower-case letters, digits and hyphens, e.g. 'so-y-te' (at most 64).")  # fmt: skip
    return tenant


_tenant: ContextVar[str] = ContextVar("nonla_tenant", default=DEFAULT_TENANT)
_warming: ContextVar[bool] = ContextVar("nonla_warming", default=False)


def current_tenant() -> str:
    """The tenant of the call in progress (the default tenant outside any call)."""
    return _tenant.get()


@contextmanager
def tenant_scope(tenant: str | None) -> Iterator[str]:
    """Run the block for ``tenant``; None keeps the tenant already in force (nested calls inherit it)."""
    chosen = tenant or current_tenant()
    token = _tenant.set(chosen)
    try:
        yield chosen
    finally:
        _tenant.reset(token)


def use_tenant(tenant: str) -> None:
    """Set the tenant for the rest of the current context, without a block: for a web request signed in with a key
    (each request runs in a context of its own, so the value ends with the request)."""
    _tenant.set(tenant)


def warming_up() -> bool:
    """Is the code running only to load models (``Runner.warm``), for no caller? Then nothing it does is a call:
    a routed custom model neither logs it for its rollout report nor runs a shadow beside it.

    >>> warming_up()
    False
    >>> with warm_up():
    ...     warming_up()
    True
    """
    return _warming.get()


@contextmanager
def warm_up() -> Iterator[None]:
    """Run the block as a warm-up (see ``warming_up``)."""
    token = _warming.set(True)
    try:
        yield
    finally:
        _warming.reset(token)

"""Inputs that make a function hand back the personal data it removed: privacy.pii's ``reversible`` returns the
mapping from placeholders to the originals. Only keys whose role holds ``pii.reveal`` may ask for it, on every
surface a key reaches (REST, the console, batch jobs); Python and the CLI run as the local operator.

>>> asks_to_reveal("privacy.pii", [{"text": "x", "reversible": True}]), asks_to_reveal("vi.words", [{"reversible": 1}])
(True, False)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from nonla.core.errors import Forbidden

PERMISSION = "pii.reveal"
REVEALING = {"privacy.pii": "reversible"}  # function name -> the input field that asks for the originals back


def asks_to_reveal(function: str, items: Iterable[Any]) -> bool:
    field = REVEALING.get(function.split("@", 1)[0])
    return field is not None and any(isinstance(item, dict) and item.get(field) for item in items)


def check(role: str, function: str, items: Iterable[Any]) -> None:
    """Forbidden unless the role may see the originals, when any item asks for them."""
    from nonla.governance.roles import allowed

    if asks_to_reveal(function, items) and not allowed(role, PERMISSION):
        field = REVEALING[function.split("@", 1)[0]]
        raise Forbidden(f"'{field}' returns the personal data {function.split('@', 1)[0]} removed; the role "
                        f"'{role}' may not ask for it ({PERMISSION}).",
                        hint=f"Leave '{field}' out, or ask an admin for a key that may see personal data.")  # fmt: skip


def role_of(actor: str) -> str | None:
    """The role of the key an actor names ("key:ID"), or None for the local operator (Python, the CLI)."""
    if not actor.startswith("key:"):
        return None
    from nonla.store.db import session
    from nonla.store.schema import ApiKey

    with session() as s:
        key = s.get(ApiKey, actor.removeprefix("key:"))
    return key.role if key is not None else ""  # a key deleted since may reveal nothing


def refused_items(actor: str, function: str, items: list[Any]) -> set[int]:
    """Indices of the items a batch job of ``actor`` may not run: those asking for originals its role may not see."""
    if not asks_to_reveal(function, items):
        return set()
    role = role_of(actor)
    from nonla.governance.roles import allowed

    if role is None or allowed(role, PERMISSION):
        return set()
    return {i for i, item in enumerate(items) if asks_to_reveal(function, [item])}

"""Which audit rows a tenant may read: its keys' actions, its function calls and changes to its data.

The installation's own tenant (its keys run the server) reads every row; any other tenant reads a row when the row
records a call made for it (the ``tenant`` column), an action of one of its keys, or a change whose detail names it.

>>> visible({"actor": "key:a1", "tenant": None, "detail": {}}, "so-y-te", {"key:a1"})
True
>>> visible({"actor": "local", "tenant": "so-xay-dung", "detail": {}}, "so-y-te", set())
False
>>> visible({"actor": "local", "tenant": None, "detail": "{broken"}, "so-y-te", set())
False
"""

from __future__ import annotations

from typing import Any

from nonla.core.context import DEFAULT_TENANT


def installation_wide(tenant: str) -> bool:
    """Keys of the default tenant run the installation; every other tenant's keys see only their own tenant."""
    return tenant == DEFAULT_TENANT


def tenant_actors(tenant: str) -> set[str]:
    """The audit actors of the tenant's keys (revoked ones too: their past actions stay the tenant's)."""
    from nonla.governance import keys

    return {f"key:{k.id}" for k in keys.list_keys() if k.tenant == tenant}


def visible(row: dict[str, Any], tenant: str, actors: set[str]) -> bool:
    if installation_wide(tenant):
        return True
    detail = row.get("detail")  # a hand-edited row's may be text or a list: it names no tenant then
    return row.get("tenant") == tenant or row["actor"] in actors or (isinstance(detail, dict) and detail.get("tenant") == tenant)

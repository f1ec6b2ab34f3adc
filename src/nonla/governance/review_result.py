"""A held result, read back by the key that made the call once a reviewer has released it.

A ``required`` review policy answers the caller with the review item's id instead of the output (REST 202). The
queue itself is for reviewers (``review.decide``); the caller reads only its own items, and only their outcome:
the output that counts (the correction, once made) when released, else that it is still held.
"""

from __future__ import annotations

from typing import Any

from nonla.core.errors import NotFound
from nonla.governance import review
from nonla.governance.keys import Principal
from nonla.governance.roles import allowed


def result_for(item_id: int, who: Principal) -> dict[str, Any]:
    """The item's outcome for the key that made the call (or a reviewer); another key's item does not exist."""
    item = review.get(item_id, who.tenant)
    if item["caller"] != who.actor and not allowed(who.role, "review.decide"):
        raise NotFound(f"There is no review item {item_id}.", hint="Use the id your call was answered with.")
    found: dict[str, Any] = {"id": item["id"], "function": item["function"], "status": item["status"],
                             "released": item["released"]}  # fmt: skip
    if item["released"]:
        found["output"] = item["result"]
    return found

"""What a caller gets for a result a ``required`` review policy holds back: the review item's id, never the
output, until a reviewer accepts or corrects it (the released result is then read from the review queue).

>>> held_items([{"index": 1, "id": 7, "reason": "always", "held": True}, {"index": 2, "id": 8, "reason": "low", "held": False}])
{1: {'review_id': 7, 'reason': 'always', 'status': 'pending'}}
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def held_items(review: Sequence[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """{index of the call's item: what stands in for its output} for each result held back."""
    return {r["index"]: {"review_id": r["id"], "reason": r["reason"], "status": "pending"}
            for r in review if r.get("held")}  # fmt: skip

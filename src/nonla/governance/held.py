"""What a caller gets for a result a ``required`` review policy holds back: the review item's id, never the
output, until a reviewer accepts or corrects it (the released result is then read from the review queue). A
pipeline's result is held too when one of its steps' results is (nonla.core.step_review); ``step`` names that step.

>>> held_items([{"index": 1, "id": 7, "reason": "always", "held": True}, {"index": 2, "id": 8, "reason": "low", "held": False}])
{1: {'review_id': 7, 'reason': 'always', 'status': 'pending'}}
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def held_items(review: Sequence[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """{index of the call's item: what stands in for its output} for each result held back."""
    held: dict[int, dict[str, Any]] = {}
    for r in review:  # the first entry holding an item names it: the call's own item comes before a step's
        if r.get("held") and r["index"] not in held:
            held[r["index"]] = {"review_id": r["id"], "reason": r["reason"], "status": "pending",
                                **({"step": r["step"]} if "step" in r else {})}  # fmt: skip
    return held

"""Training examples: each reviewer's correction, an input with the output that is right, exported as JSONL to retrain.

One JSON object per line: ``{"function", "version", "input", "output", "original", "review_id", "created_at"}``;
``output`` is the correction, ``original`` what the function had said. Data-subject ids stay in the store.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import select

from nonla.store.db import session
from nonla.store.schema import TrainingExample

BATCH = 1_000


def _example(row: TrainingExample) -> dict[str, Any]:
    return {"id": row.id, "function": row.function, "version": row.version, "input": row.input, "output": row.output,
            "original": row.original, "review_id": row.review_id, "created_by": row.created_by,
            "created_at": row.created_at}  # fmt: skip


def iter_examples(function: str, tenant: str = "default") -> Iterator[dict[str, Any]]:
    """The function's examples, oldest first, read in batches (an export never holds them all in memory)."""
    name = function.split("@", 1)[0]
    last = 0
    while True:
        query = select(TrainingExample).where(
            TrainingExample.tenant == tenant, TrainingExample.function == name, TrainingExample.id > last
        )
        with session() as s:
            rows = [_example(row) for row in s.scalars(query.order_by(TrainingExample.id).limit(BATCH))]
        if not rows:
            if not last:  # none at all: a misspelt name must say so, not export an empty file as a success
                _known(name, tenant)
            return
        yield from rows
        last = rows[-1]["id"]


def _known(name: str, tenant: str) -> None:
    """UnknownFunction unless ``name`` is a function of the tenant (examples of one removed since still export)."""
    from nonla.core.context import tenant_scope
    from nonla.sources import catalog

    with tenant_scope(tenant):
        catalog().resolve(name)


def examples(function: str, tenant: str = "default", limit: int | None = None) -> list[dict[str, Any]]:
    """The function's training examples (all versions), oldest first."""
    found: list[dict[str, Any]] = []
    for example in iter_examples(function, tenant):
        if limit is not None and len(found) >= limit:
            break
        found.append(example)
    return found


def export_line(example: dict[str, Any]) -> str:
    """One JSONL line for retraining (no internal ids beyond the review it came from).

    >>> export_line({"id": 1, "function": "text.language", "version": 1, "input": {"text": "xin chao"},
    ...              "output": {"language": "vi"}, "original": {"language": "en"}, "review_id": 3,
    ...              "created_by": "key:x", "created_at": "t"})
    '{"function": "text.language", "version": 1, "input": {"text": "xin chao"}, "output": {"language": "vi"}, "original": {"language": "en"}, "review_id": 3, "created_at": "t"}'
    """
    keep = ("function", "version", "input", "output", "original", "review_id", "created_at")
    return json.dumps({k: example[k] for k in keep}, ensure_ascii=False)


def export_examples(function: str, path: Path | str, tenant: str = "default") -> int:
    """Write the function's examples to a JSONL file; returns how many were written."""
    count = 0
    with Path(path).open("w", encoding="utf-8") as out:
        for example in iter_examples(function, tenant):
            out.write(export_line(example) + "\n")
            count += 1
    return count

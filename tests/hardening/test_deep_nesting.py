"""Nesting as deep as a caller likes: the checks of text to be stored walk it without recursion, and a document's
metadata past METADATA_LEVELS is refused as InvalidInput before anything is written.

Deeply nested metadata once broke has_nul() with a RecursionError: a 500 on REST, a bare RecursionError in Python.
"""

from __future__ import annotations

from typing import Any

import pytest

import nonla.collections
from nonla.collections import service
from nonla.collections.document_check import METADATA_LEVELS
from nonla.core.errors import InvalidInput
from nonla.core.strict_json import deeper_than, has_nul, storable

DEPTHS = [300, 600, 980, 2000]


def nested(levels: int, inner: Any) -> list[Any]:
    """inner inside levels lists, built without recursion."""
    value: list[Any] = [inner]
    for _ in range(levels - 1):
        value = [value]
    return value


@pytest.mark.parametrize("levels", [*DEPTHS, 100_000])
def test_the_checks_of_text_to_be_stored_follow_any_depth(levels: int) -> None:
    assert has_nul(nested(levels, "x\x00")) and has_nul({"a": nested(levels, {"k\x00": 1})})
    assert not has_nul(nested(levels, "Hà Nội"))
    assert storable(nested(levels, "Hà Nội")) and storable({"a": nested(levels, [1, 2.5, None, True])})
    assert not storable(nested(levels, chr(0xD800))) and not storable(nested(levels, {chr(0xDC00): 1}))
    assert not storable(nested(levels, {1, 2}))
    assert deeper_than(nested(levels, 1), levels - 1) and not deeper_than(nested(levels, 1), levels)


def test_shared_and_circular_values_end_the_walk() -> None:
    shared = nested(2000, "x")
    assert storable([shared, shared]) and not has_nul([shared, shared])
    circular: list[Any] = ["x\x00"]
    circular.append(circular)
    assert has_nul(circular) and not storable(circular) and deeper_than(circular, 64)
    deep_then_circular = nested(2000, circular)
    assert not storable(deep_then_circular) and has_nul(deep_then_circular)


def metadata(levels: int) -> dict[str, Any]:
    """Metadata nested levels deep, the metadata object being the first level."""
    return {"x": nested(levels - 1, "Hà Nội")}


@pytest.mark.parametrize("levels", DEPTHS)
def test_deeply_nested_metadata_is_refused_and_nothing_is_stored(database: str, levels: int) -> None:
    nonla.collections.create("docs")
    document = {"id": "d", "text": "Điều 1. Xin chào", "metadata": metadata(levels)}
    with pytest.raises(InvalidInput, match=f"more than {METADATA_LEVELS} levels deep") as refused:
        nonla.collections.add("docs", [document])
    assert refused.value.details == {"field": "metadata"}
    assert service.list_collections()[0]["documents"] == 0


def test_metadata_at_the_limit_is_kept(database: str) -> None:
    nonla.collections.create("docs")
    kept = {"id": "d", "text": "Điều 1. Xin chào", "metadata": metadata(METADATA_LEVELS)}
    assert nonla.collections.add("docs", [kept])["added"] == 1
    with pytest.raises(InvalidInput, match="levels deep"):
        nonla.collections.add("docs", [{**kept, "id": "e", "metadata": metadata(METADATA_LEVELS + 1)}])
    assert service.list_collections()[0]["documents"] == 1

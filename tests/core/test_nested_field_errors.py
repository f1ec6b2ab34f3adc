"""A value of the wrong type inside an input names its field; only an item that is no object gets the general message."""

from __future__ import annotations

from typing import Any

import pytest

import nonla
from nonla.core.errors import InvalidInput

GENERAL = "Each input must be a JSON object with the function's fields."


@pytest.mark.parametrize(
    ("name", "fields", "field"),
    [
        ("text.summarize", {"documents": ["Hà Nội là thủ đô của Việt Nam."]}, "documents.0"),
        (
            "text.classify",
            {"text": "Tôi muốn đăng ký tạm trú", "labels": ["cư trú", "thuế"],
             "examples": [{"text": "nộp thuế", "label": "thuế"}]},
            "examples",
        ),
    ],
)  # fmt: skip
def test_a_wrong_typed_nested_value_names_its_field(name: str, fields: dict[str, Any], field: str) -> None:
    [error] = nonla.run_batch(name, [fields])
    assert isinstance(error, InvalidInput) and error.http_status == 422, error
    assert error.details["field"] == field and error.message == f"Field '{field}' must be a JSON object."


def test_an_item_that_is_no_object_keeps_the_general_message() -> None:
    results = nonla.run_batch("vi.words", [{"text": "xin chào"}, ["xin chào"]])
    assert isinstance(results[1], InvalidInput) and results[1].message == GENERAL
    assert "field" not in results[1].details and results[1].details["index"] == 1

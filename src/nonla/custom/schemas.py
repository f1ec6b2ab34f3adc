"""A stored version's pydantic Input and Output, built from its declared fields and task.

>>> Input = input_model([{"name": "age", "type": "number"}, {"name": "city", "type": "category"}])
>>> Input(age=31, city="Huế").model_dump()
{'age': 31.0, 'city': 'Huế'}
>>> sorted(output_model("classification").model_fields)
['confidence', 'label', 'scores']
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, create_model

from nonla.core.errors import InvalidInput
from nonla.core.function import Text

FIELD_TYPES = ("text", "number", "category")
TASKS = ("classification", "regression", "generation")
Category = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
Number = Annotated[float, Field(allow_inf_nan=False)]


def _blank_is_missing(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


# a number the model was trained to do without (blank cells in its training file): null, blank or left out
MaybeNumber = Annotated[Number | None, BeforeValidator(_blank_is_missing)]


def check_fields(fields: Any) -> list[dict[str, Any]]:
    """Declared input fields: a non-empty list of {name, type[, categories, description]}."""
    if not isinstance(fields, list) or not fields:
        raise InvalidInput("A model needs a non-empty list of input fields.", field="fields")
    seen: set[str] = set()
    for field in fields:
        name = field.get("name") if isinstance(field, dict) else None
        if not isinstance(name, str) or not name.isidentifier() or name.startswith("_") or name in seen:
            raise InvalidInput(f"Input field {name!r} needs a unique name made of letters, digits and '_'.",
                               field="fields")  # fmt: skip
        if field.get("type") not in FIELD_TYPES:
            raise InvalidInput(f"Input field '{name}' has type {field.get('type')!r}; use one of "
                               f"{', '.join(FIELD_TYPES)}.", field="fields")  # fmt: skip
        seen.add(name)
    return fields


def input_model(fields: list[dict[str, Any]]) -> type[BaseModel]:
    """The version's input. An optional number field (``"optional": true``) may be null, blank or left out: it reaches
    the model as a missing value (NaN).

    >>> input_model([{"name": "age", "type": "number", "optional": True}])(age=" ").model_dump()
    {'age': None}
    """
    definitions: dict[str, Any] = {}
    for field in check_fields(fields):
        description = field.get("description", "")
        if field["type"] == "number" and field.get("optional") is True:
            definitions[field["name"]] = (MaybeNumber, Field(None, description=description))
            continue
        annotation = {"text": Text, "number": Number, "category": Category}[field["type"]]
        definitions[field["name"]] = (annotation, Field(description=description))
    return create_model("Input", __config__=ConfigDict(extra="forbid"), **definitions)


class ClassOutput(BaseModel):
    label: str = Field(description="The label with the highest score.")
    scores: dict[str, float] = Field(description="Probability of each label (6 decimals).")
    confidence: float = Field(ge=0, le=1, description="The probability of the chosen label.")


class ValueOutput(BaseModel):
    value: float = Field(description="The predicted number.")


class TextOutput(BaseModel):
    text: str = Field(description="The remote model's answer.")


def output_model(task: str) -> type[BaseModel]:
    if task not in TASKS:
        raise InvalidInput(f"Task '{task}' is not one of {', '.join(TASKS)}.", field="task")
    outputs: dict[str, type[BaseModel]] = {"classification": ClassOutput, "regression": ValueOutput,
                                           "generation": TextOutput}  # fmt: skip
    return outputs[task]


def agree(task: str, a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two versions gave the same answer: same label, same text, or numbers within 5 %.

    >>> agree("regression", {"value": 100.0}, {"value": 104.0}), agree("classification", {"label": "a"}, {"label": "b"})
    (True, False)
    """
    if task == "regression":
        return bool(abs(a["value"] - b["value"]) <= 0.05 * max(1.0, abs(a["value"])))
    key = "label" if task == "classification" else "text"
    return bool(a.get(key) == b.get(key))

"""The function contract: Input, Output, CARD and a batch-first ``run`` tagged by ``@function``.

>>> from pydantic import BaseModel
>>> class Input(BaseModel):
...     text: Text
>>> class Output(BaseModel):
...     upper: str
>>> @function("demo.upper", version=1, card=Card(summary="Upper-case", metrics={"accuracy": 1.0}))
... def run(batch: list[Input], models: Models) -> list[Output]:
...     return [Output(upper=item.text.upper()) for item in batch]
>>> spec = run.__nonla_spec__
>>> (spec.ref, spec.input is Input, run([Input(text="xin chào")], None)[0].upper)
('demo.upper@1', True, 'XIN CHÀO')
"""

from __future__ import annotations

import re
import sys
import typing
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from nonla.core.config import MAX_TEXT_CHARS
from nonla.core.models import ModelRef, Models


class Risk(StrEnum):
    MINIMAL = "minimal"
    LIMITED = "limited"
    HIGH = "high"


class Card(BaseModel):
    """What a function is, what it was measured at, and how to reproduce the measurement."""

    model_config = ConfigDict(frozen=True)

    summary: str
    languages: list[str] = Field(default_factory=lambda: ["vi"])
    licence: str = ""
    models: list[ModelRef] = Field(default_factory=list)
    metrics: dict[str, float] = Field(default_factory=dict)
    evaluation: str = ""  # the command that reproduces every figure in metrics
    evaluation_data: str = ""
    peers: dict[str, float] = Field(default_factory=dict)  # the same metrics for peer libraries, same data
    risk: Risk = Risk.MINIMAL
    intended_use: str = ""
    limitations: str = ""
    examples: list[dict[str, Any]] = Field(default_factory=list)  # valid inputs: docs, console, conformance suite

    @property
    def model(self) -> ModelRef | None:
        return self.models[0] if self.models else None

    @property
    def model_sha256(self) -> str:
        return "+".join(ref.sha256 for ref in self.models)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_visible(value: str) -> bool:
    # Format characters (zero-width space, BOM, soft hyphen) are as invisible as spaces: text of only those says nothing.
    return any(not char.isspace() and unicodedata.category(char) != "Cf" for char in value)


def _visible(value: str) -> str:
    if not _has_visible(value):
        raise PydanticCustomError(
            "string_too_short", "String should have at least 1 visible character", {"min_length": 1}
        )
    if _SURROGATE.search(value):
        # A lone surrogate cannot be encoded as UTF-8: refuse it here rather than crash a model or the audit digest.
        raise PydanticCustomError("invalid_unicode", "String contains an unpaired surrogate code point")
    return value


Text = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT_CHARS), AfterValidator(_visible)]
"""A user's text: at least one visible character, at most MAX_TEXT_CHARS characters, valid Unicode."""


def text_up_to(max_chars: int) -> Any:
    """Text with a lower limit than MAX_TEXT_CHARS. ``Field(max_length=...)`` on a Text field does not lower it:
    Text's own limit wins, which let 200,000 characters through to speech.tts (13 KB of audio each).

    >>> from pydantic import TypeAdapter, ValidationError
    >>> try:
    ...     TypeAdapter(text_up_to(5)).validate_python("xin chào")
    ... except ValidationError as exc:
    ...     print(exc.errors()[0]["type"])
    string_too_long
    """
    return Annotated[str, StringConstraints(min_length=1, max_length=max_chars), AfterValidator(_visible)]


def fields_marked(model: type[BaseModel], key: str, value: Any = True) -> set[str]:
    """The input fields whose JSON-schema extras set ``key`` to ``value``: media fields
    (``contentEncoding: base64``) and fields sent only for context (``context_only``) are marked this way.

    >>> class Item(BaseModel):
    ...     data: str = Field(json_schema_extra={"contentEncoding": "base64"})
    ...     note: str = ""
    >>> fields_marked(Item, "contentEncoding", "base64"), fields_marked(Item, "context_only")
    ({'data'}, set())
    """
    return {name for name, field in model.model_fields.items()
            if isinstance(field.json_schema_extra, dict) and field.json_schema_extra.get(key) == value}  # fmt: skip


RunFn = Callable[[list[Any], Models], list[Any]]


@dataclass(frozen=True)
class FunctionSpec:
    name: str
    version: int
    input: type[BaseModel]
    output: type[BaseModel]
    run: RunFn
    card: Card
    batch_size: int = 64

    @property
    def ref(self) -> str:
        # version 0 is a catalogue source's route for the bare name (see catalog.ROUTE_VERSION)
        return self.name if self.version == 0 else f"{self.name}@{self.version}"


def _item_type(hint: Any, what: str, fn: Callable[..., Any]) -> type[BaseModel]:
    args = typing.get_args(hint)
    if typing.get_origin(hint) is not list or not args or not issubclass(args[0], BaseModel):
        raise TypeError(f"{fn.__qualname__}: {what} must be annotated as list[<pydantic model>]")
    return args[0]  # type: ignore[no-any-return]


def function(name: str, *, version: int, card: Card, batch_size: int = 64) -> Callable[[RunFn], RunFn]:
    """Tag a batch-first ``run(batch: list[Input], models: Models) -> list[Output]`` with its catalogue metadata."""
    if "." not in name or version < 1:
        raise ValueError("function names are 'domain.name' and versions are integers ≥ 1")

    def tag(fn: RunFn) -> RunFn:
        # The decorating scope's locals resolve Input/Output defined inside a function (tests, custom models).
        hints = typing.get_type_hints(fn, localns=sys._getframe(1).f_locals)
        params = [p for p in hints if p != "return"]
        spec = FunctionSpec(
            name=name,
            version=version,
            input=_item_type(hints[params[0]], "the first parameter", fn),
            output=_item_type(hints["return"], "the return value", fn),
            run=fn,
            card=card,
            batch_size=batch_size,
        )
        fn.__nonla_spec__ = spec  # type: ignore[attr-defined]
        return fn

    return tag


def spec_of(obj: Any) -> FunctionSpec:
    spec = getattr(obj, "__nonla_spec__", None)
    if not isinstance(spec, FunctionSpec):
        raise TypeError(f"{obj!r} is not a @function")
    return spec

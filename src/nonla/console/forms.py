"""Playground forms generated from a function's Input schema, and the submitted form turned back into an input.

Text fields become text areas, numbers number inputs, booleans checkboxes, enums selects, base64 fields file inputs,
and anything nested (lists of objects, mappings) a JSON text area.

>>> from pydantic import BaseModel, Field as F
>>> class Demo(BaseModel):
...     text: str = F(min_length=1)
...     k: int = F(3, ge=1)
...     mode: str | None = F(None, max_length=20)
>>> [(f.name, f.kind, f.required) for f in fields(Demo.model_json_schema())]
[('text', 'textarea', True), ('k', 'number', False), ('mode', 'text', False)]
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import FormData, UploadFile

from nonla.core.errors import InvalidInput
from nonla.core.strict_json import loads

_LONG_TEXT = 300  # a string that may hold more than this gets a text area


@dataclass
class Field:
    name: str
    label: str
    kind: str  # textarea, text, date, number, checkbox, select, multiselect, json, file
    required: bool
    description: str = ""
    default: Any = None
    options: list[str] = field(default_factory=list)
    integer: bool = False
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None  # a string's limit in characters: for a file, of its base64 text


def _branches(schema: dict[str, Any]) -> tuple[list[dict[str, Any]], bool]:
    options = schema.get("anyOf") or schema.get("oneOf") or [schema]
    concrete = [o for o in options if o.get("type") != "null"]
    return concrete, len(concrete) < len(options)


def _kind(schema: dict[str, Any], defs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    concrete, _ = _branches(schema)
    if len(concrete) != 1:
        return "json", schema
    one = concrete[0]
    if "$ref" in one:
        return "json", defs.get(one["$ref"].rsplit("/", 1)[-1], one)
    kind = one.get("type")
    if "enum" in one or "const" in one:
        return "select", one
    if kind == "string":
        encoding = one.get("contentEncoding") or schema.get("contentEncoding")  # an optional field keeps it outside
        if one.get("format") in ("base64", "binary") or encoding == "base64":
            return "file", one
        if one.get("format") == "date":
            return "date", one
        limit = one.get("maxLength")
        return ("textarea" if limit is None or limit > _LONG_TEXT else "text"), one
    if kind in ("integer", "number"):
        return "number", one
    if kind == "boolean":
        return "checkbox", one
    if kind == "array" and "enum" in one.get("items", {}):
        return "multiselect", one
    return "json", one


def fields(schema: dict[str, Any]) -> list[Field]:
    """The form's fields, in the schema's order."""
    defs = schema.get("$defs", {})
    required = set(schema.get("required", []))
    found = []
    for name, prop in schema.get("properties", {}).items():
        kind, one = _kind(prop, defs)
        options = [str(o) for o in one.get("enum", [])] or (
            [str(one["const"])] if "const" in one else [str(o) for o in one.get("items", {}).get("enum", [])]
        )
        found.append(Field(
            name=name, label=prop.get("title") or name, kind=kind, required=name in required,
            description=prop.get("description", ""), default=prop.get("default"), options=options,
            integer=one.get("type") == "integer", minimum=one.get("minimum"), maximum=one.get("maximum"),
            max_length=one.get("maxLength"),
        ))  # fmt: skip
    return found


def _as_text(f: Field, value: Any) -> Any:
    if f.kind == "json" and value is not None and not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False, indent=1)
    return value


def shown(spec_fields: list[Field], values: dict[str, Any]) -> dict[str, Any]:
    """What each input shows: the submitted (or asked-for example) value, else the schema's default; JSON fields
    as text."""
    return {f.name: _as_text(f, values.get(f.name, f.default)) for f in spec_fields}


_HINTED = ("textarea", "text", "number", "json")  # inputs a browser shows a placeholder in


def placeholders(spec_fields: list[Field], example: dict[str, Any]) -> dict[str, str]:
    """The example's value of each field, shown greyed out in the empty input: a hint, never sent with the form.

    >>> placeholders([Field("text", "text", "textarea", True), Field("k", "k", "number", False)], {"text": "Xin chào"})
    {'text': 'Xin chào'}
    """
    found = {}
    for f in spec_fields:
        value = example.get(f.name)
        if f.kind in _HINTED and value is not None:
            found[f.name] = str(_as_text(f, value))
    return found


async def parse(spec_fields: list[Field], form: FormData) -> dict[str, Any]:
    """The function's input from a submitted form; empty optional fields are left out so defaults apply."""
    item: dict[str, Any] = {}
    for f in spec_fields:
        if f.kind == "checkbox":
            item[f.name] = f.name in form
            continue
        if f.kind == "multiselect":
            chosen = [str(v) for v in form.getlist(f.name) if str(v)]
            if chosen:
                item[f.name] = chosen
            continue
        raw = form.get(f.name)
        if isinstance(raw, UploadFile):
            try:
                data = await _read_upload(f, raw)
            finally:
                await raw.close()  # its spooled temporary file, now, not when the collector finds it
            if data:
                item[f.name] = base64.b64encode(data).decode()
            continue
        value = "" if raw is None else str(raw)
        if not value.strip():
            if f.required:
                item[f.name] = value  # the runner says, in its own words, that the field is empty
            continue
        item[f.name] = _convert(f, value)
    return item


async def _read_upload(f: Field, raw: UploadFile) -> bytes:
    """The file's bytes, refused before they are read when their base64 text would pass the field's maxLength:
    a huge upload must not be held in memory (and again, a third larger, as base64) only to be refused."""
    if f.max_length is None:
        return await raw.read()
    limit = f.max_length // 4 * 3  # the most bytes whose base64 text fits in max_length characters
    if raw.size is not None and raw.size > limit:
        raise _too_large(f, limit, raw.size)
    data = await raw.read(limit + 1)  # the size may be unknown: read one byte past the limit, never the rest
    if len(data) > limit:
        raise _too_large(f, limit, None)
    return data


def _too_large(f: Field, limit: int, size: int | None) -> InvalidInput:
    has = f"has {size:,} bytes" if size is not None else "is too large"
    return InvalidInput(f"The file in field '{f.name}' {has}; the limit is {limit:,} bytes.",
                        hint="Send a smaller or shorter file.", field=f.name, limit=limit)  # fmt: skip


def _convert(f: Field, value: str) -> Any:
    if f.kind == "number":
        try:
            return int(value) if f.integer else float(value)
        except ValueError:
            raise InvalidInput(f"Field '{f.name}' must be a number.", field=f.name) from None
    if f.kind == "json":
        try:
            return loads(value)
        except json.JSONDecodeError as exc:
            raise InvalidInput(
                f"Field '{f.name}' is not valid JSON ({exc.msg}, line {exc.lineno}).",
                hint='Write a JSON value, e.g. ["a", "b"] or {"key": "value"}.',
                field=f.name,
            ) from None
    return value

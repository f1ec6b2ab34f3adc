"""What a document added to a collection must look like, checked whole before anything is written.

A replaced document's old entries leave the BM25 index before the new rows go in, so a value that fails half-way
(a year that is not a number, a dict where the issuer goes) once hid the stored document from search. Values the
filters and headings read are normalised here the way callers write them: a year as "2020", a number as 12; the
data-subject id is trimmed (nonla.governance.review.check_subject). Metadata may nest lists and objects up to
METADATA_LEVELS deep (the metadata object being the first level): filters read its top level only, and deeper
nesting once broke the checks below with a RecursionError.

>>> checked(1, {"text": "Điều 1. Phạm vi.", "metadata": {"year": "2020", "number": 12}})["metadata"]
{'year': 2020, 'number': '12'}
>>> checked(1, {"text": "Đơn.", "subject_id": " cccd-1 "})["subject_id"]
'cccd-1'
>>> checked(1, {"text": "Điều 1. Phạm vi.", "metadata": {"expired": " ", "effective": "1/7/2021"}})["metadata"]
{'effective': '2021-07-01'}
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from nonla.collections.chunking import COLUMN_CHARS, KEY_CHARS
from nonla.core.errors import InvalidInput
from nonla.core.strict_json import deeper_than, has_nul, storable
from nonla.governance.review import check_subject

SHAPE = 'Each document is {"id": ..., "text": ..., "title": ..., "metadata": {...}}.'
TEXT_METADATA = ("title", "doc_type", "issuer", "number", "issued", "effective", "expired")  # filters, headings
DATES = ("issued", "effective", "expired")  # the in-force filter reads them (effective, else issued; expired)
METADATA_LEVELS = 64


def checked(number: int, item: Any) -> dict[str, Any]:
    """The document as it will be stored, or InvalidInput naming what is wrong with it."""
    if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not item["text"].strip():
        raise InvalidInput(f"Document {number} has no text.", hint=SHAPE)
    for field in ("id", "title", "subject_id"):
        if item.get(field) is not None and not isinstance(item[field], str):
            raise InvalidInput(f"Document {number}: '{field}' must be a string.", field=field, hint=SHAPE)
    meta = item.get("metadata") or {}
    if not isinstance(meta, dict):
        raise InvalidInput(f"Document {number}: 'metadata' must be an object.", field="metadata", hint=SHAPE)
    if deeper_than(meta, METADATA_LEVELS):
        raise InvalidInput(f"Document {number}: metadata nests lists and objects more than {METADATA_LEVELS} levels "
                           "deep.", field="metadata", hint="Flatten the metadata: search filters read only its "
                           "top-level fields.")  # fmt: skip
    meta = dict(meta)
    for field in TEXT_METADATA:
        value = meta.get(field)
        if isinstance(value, int | float) and not isinstance(value, bool):
            meta[field] = str(value)
        elif value is not None and not isinstance(value, str):
            raise InvalidInput(f"Document {number}: metadata '{field}' must be text.", field=field, hint=SHAPE)
    if meta.get("year") is not None:
        meta["year"] = _year(number, meta["year"])
    for field in DATES:
        if isinstance(meta.get(field), str) and not meta[field].strip():
            # an empty cell says nothing: stored, it would hide the document from the in-force filter ("expired")
            # or override the date read from the text ("effective")
            del meta[field]
        elif meta.get(field) is not None:
            meta[field] = _date(number, field, meta[field])
    source = str(item.get("source") or "")  # a file's path: it holds whatever its file system lets through
    strings = [item["text"], item.get("id"), item.get("title"), item.get("subject_id"), source]
    if not storable(strings):
        raise InvalidInput(f"Document {number} holds text that is not valid Unicode (a lone surrogate).",
                           hint="Send UTF-8 text; legacy TCVN3/VNI text can be converted with vi.normalize.")  # fmt: skip
    if not storable(meta):
        raise InvalidInput(f"Document {number}: metadata must be JSON (text, numbers, lists, objects) in valid "
                           "Unicode.", field="metadata", hint=SHAPE)  # fmt: skip
    if has_nul([strings, meta]):
        raise InvalidInput(f"Document {number} holds the NUL character (U+0000), which cannot be stored.",
                           hint="Remove NUL characters (a file saved as UTF-16 read as UTF-8 is full of them).")  # fmt: skip
    for field, limit, value in (("id", KEY_CHARS, item.get("id")), *((f, n, meta.get(f)) for f, n in COLUMN_CHARS.items())):
        if isinstance(value, str) and len(value) > limit:
            raise InvalidInput(f"Document {number}: '{field}' is longer than {limit} characters.", field=field,
                               hint=f"Shorten '{field}'.")  # fmt: skip
    return {**item, "metadata": meta, "subject_id": check_subject(item.get("subject_id"))}


def _date(number: int, field: str, value: str) -> str:
    """An ISO date (the in-force filter compares them as text), read from 2021-07-01, 2021-07-01T00:00:00+07:00
    or the Vietnamese 01/07/2021.

    >>> _date(1, "effective", "1/7/2021"), _date(1, "effective", "2021-07-01T00:00:00+07:00")
    ('2021-07-01', '2021-07-01')
    """
    text = value.strip()
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?", text)
    local = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if not (iso or local):
        raise InvalidInput(f"Document {number}: metadata '{field}' must be a date such as 2021-07-01 or 01/07/2021.",
                           field=field)  # fmt: skip
    year, month, day = iso.groups() if iso else (local.group(3), local.group(2), local.group(1))  # type: ignore[union-attr]
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        raise InvalidInput(f"Document {number}: metadata '{field}' is not a date of the calendar.", field=field) from None


def _year(number: int, value: Any) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 9999:
        raise InvalidInput(f"Document {number}: metadata 'year' must be a whole year such as 2020.", field="year")
    return value

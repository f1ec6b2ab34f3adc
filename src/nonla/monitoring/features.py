"""The cheap, generic measurements taken of every input and output.

Inputs:
- ``size``: characters of all the text in the input (every string value, nested ones included); an input with no
  text (an image given as numbers, a table row) measures the length of its JSON form instead;
- ``plain_share``: the share of its syllables written without any Vietnamese diacritic (``"khach san"`` is 1.0,
  ``"khách sạn"`` 0.0). Text typed without diacritics, or a feed that lost them, moves this at once. Measured on
  the first few thousand characters, so a very long input costs no more than a short one.

Outputs: ``confidence`` is the output's top-level ``confidence`` field when it has one; otherwise the mean of the
``confidence`` of the elements of its list fields (entities, labels, ...); otherwise none.

>>> input_features({"text": "khach san dep"})
{'size': 13.0, 'plain_share': 1.0}
>>> input_features({"text": "Khách sạn đẹp, giá rẻ"})["plain_share"]
0.0
>>> output_confidence({"entities": [{"confidence": 0.5}, {"confidence": 1.0}]})
0.75
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import Any

from pydantic import BaseModel

SAMPLE_CHARS = 5_000
_SYLLABLE = re.compile(r"[^\W\d_]+")


@cache
def _marked_syllable() -> re.Pattern[str]:
    """A syllable holding a letter with a diacritic (tone or vowel mark, or đ), precomposed (built once)."""
    marks = "".join(c for c in map(chr, range(0xC0, 0x1EFA)) if c.isalpha() and (
        c in "đĐ" or any(unicodedata.combining(m) for m in unicodedata.normalize("NFD", c))))  # fmt: skip
    # starts only where a syllable starts: tried from every letter, a long run of letters cost its length squared
    return re.compile(f"(?<![^\\W\\d_])(?:(?![{marks}])[^\\W\\d_])*[{marks}][^\\W\\d_]*")


def _plain(data: Any) -> Any:
    return data.model_dump(mode="json") if isinstance(data, BaseModel) else data


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _strings(inner)
    elif isinstance(value, list | tuple):
        for inner in value:
            yield from _strings(inner)


def input_features(item: Any) -> dict[str, float]:
    """``size`` always; ``plain_share`` when the input has letters."""
    data = _plain(item)
    texts = list(_strings(data))
    if not texts:
        return {"size": float(len(json.dumps(data, ensure_ascii=False, default=str)))}
    features = {"size": float(sum(len(text) for text in texts))}
    sample = unicodedata.normalize("NFC", "\n".join(texts)[:SAMPLE_CHARS])
    syllables = len(_SYLLABLE.findall(sample))
    if syllables:  # two passes of one regex each: no Python loop over syllables
        features["plain_share"] = 1 - len(_marked_syllable().findall(sample)) / syllables
    return features


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def output_confidence(result: Any) -> float | None:
    """The output's confidence (see the module's notes), or None."""
    if isinstance(result, BaseModel) and (top := _number(getattr(result, "confidence", None))) is not None:
        return top  # the common case, without dumping the output
    data = _plain(result)
    if not isinstance(data, dict):
        return None
    top = _number(data.get("confidence"))
    if top is not None:
        return top
    found = [
        number
        for value in data.values()
        if isinstance(value, list)
        for element in value
        if isinstance(element, dict) and (number := _number(element.get("confidence"))) is not None
    ]
    return sum(found) / len(found) if found else None

"""JSON that can be stored and sent back: json.loads, refusing what it accepts but nothing downstream can keep.

Python's json module reads a lone UTF-16 surrogate written as an escape ("\\ud800") into a str that no UTF-8
encoder will write again (the database, a JSON response), nests arrays until the interpreter's recursion limit
breaks, turns a 5,000-digit number into an int() error, and reads NaN, Infinity and 1e999 as floats that no JSON
answer can carry back (a review correction holding one broke its function's training-example export for good).
Each of those is refused here as UnusableJSON, a JSONDecodeError, so every caller's existing "not valid JSON"
message covers them.

>>> loads('{"text": "Hà Nội"}')
{'text': 'Hà Nội'}
>>> loads('{"text": "\\\\ud800"}')
Traceback (most recent call last):
nonla.core.strict_json.LoneSurrogate: a lone surrogate escape (\\ud800-\\udfff), which is not a character: line 1 column 1 (char 0)
>>> loads("[" * 5000 + "]" * 5000)
Traceback (most recent call last):
nonla.core.strict_json.UnusableJSON: arrays or objects nested too deeply: line 1 column 1 (char 0)
>>> loads('{"score": NaN}')
Traceback (most recent call last):
nonla.core.strict_json.UnusableJSON: NaN, Infinity or a number too large for a float (NaN): line 1 column 1 (char 0)
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class UnusableJSON(json.JSONDecodeError):
    """Well-formed JSON that cannot be kept or sent back."""


class LoneSurrogate(UnusableJSON):
    """A string of it is not Unicode text: the caller's encoding is at fault, not the JSON."""


def loads(text: str | bytes) -> Any:
    """Raises UnicodeDecodeError for bytes that are not UTF-8 (json.loads would let encoded surrogates through)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    try:
        value = json.loads(text, parse_constant=_not_a_number, parse_float=_finite)
    except RecursionError:
        raise _refused("arrays or objects nested too deeply", text) from None
    except json.JSONDecodeError:
        raise
    except _NotFinite as exc:
        raise _refused(f"NaN, Infinity or a number too large for a float ({str(exc)[:20]})", text) from None
    except ValueError:  # int() of more digits than sys.get_int_max_str_digits()
        raise _refused("a number with too many digits", text) from None
    if _SURROGATE_ESCAPE.search(text) and not storable(value):  # a pair escaping one character is fine
        raise LoneSurrogate("a lone surrogate escape (\\ud800-\\udfff), which is not a character", text, 0)
    return value


class _NotFinite(ValueError):
    pass


def _not_a_number(word: str) -> float:
    raise _NotFinite(word)


def _finite(digits: str) -> float:
    value = float(digits)
    if math.isinf(value):  # '1e999'
        raise _NotFinite(digits)
    return value


def storable(value: Any) -> bool:
    """Whether every string in value (keys too) can be written as UTF-8.

    >>> storable({"a": ["Hà Nội"]}), storable({"a": chr(0xD800)})
    (True, False)
    """
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except RecursionError:  # nesting json.dumps cannot follow: each key and value is checked on its own instead
        return _storable_deep(value)
    except (UnicodeEncodeError, TypeError, ValueError):  # a lone surrogate; not JSON at all (a set, a cycle)
        return False
    return True


def has_nul(value: Any) -> bool:
    """Whether any string in value (keys too) holds U+0000, which PostgreSQL's text columns cannot store.

    Walked with a list as its stack, so no nesting that the parser (or a Python caller) lets through can break it.

    >>> has_nul({"a": ["x\\x00"]}), has_nul({"a\\x00": 1}), has_nul(["Hà Nội", 0])
    (True, True, False)
    """
    stack, walked = [value], set()
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict | list | tuple) and id(item) not in walked:  # shared or circular: walked once
            walked.add(id(item))
            stack.extend((*item.keys(), *item.values()) if isinstance(item, dict) else item)
    return False


def deeper_than(value: Any, levels: int) -> bool:
    """Whether lists and objects in value nest more than levels deep (value itself being the first level).

    Never walks past levels + 1, so a Python value that holds itself ends the walk as too deep instead of looping.

    >>> deeper_than({"a": [1, {"b": []}]}, 4), deeper_than({"a": [1, {"b": []}]}, 3), deeper_than("text", 0)
    (False, True, False)
    """
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list | tuple):
            if level > levels:
                return True
            stack.extend((inner, level + 1) for inner in item)
    return False


def _storable_deep(value: Any) -> bool:
    """storable() without recursion: json.dumps' checks of each key and each value that is not a list or an
    object, and of circular nesting, which json.dumps refuses."""
    open_now: set[int] = set()  # the lists and objects on the path being walked
    walked: set[int] = set()
    stack: list[tuple[Any, bool]] = [(value, False)]
    try:
        while stack:
            item, leaving = stack.pop()
            if leaving:
                open_now.discard(id(item))
                walked.add(id(item))
            elif not isinstance(item, dict | list | tuple):
                json.dumps(item, ensure_ascii=False).encode("utf-8")
            elif id(item) in open_now:
                return False
            elif id(item) not in walked:
                open_now.add(id(item))
                stack.append((item, True))
                if isinstance(item, dict):
                    json.dumps(dict.fromkeys(item), ensure_ascii=False).encode("utf-8")
                stack.extend((inner, False) for inner in (item.values() if isinstance(item, dict) else item))
    except (UnicodeEncodeError, TypeError, ValueError):
        return False
    return True


def _refused(reason: str, text: str) -> UnusableJSON:
    return UnusableJSON(reason, text, 0)

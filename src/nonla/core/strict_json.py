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
    except (UnicodeEncodeError, TypeError, ValueError):  # a lone surrogate; not JSON at all (a set, a cycle)
        return False
    return True


def has_nul(value: Any) -> bool:
    """Whether any string in value (keys too) holds U+0000, which PostgreSQL's text columns cannot store.

    >>> has_nul({"a": ["x\\x00"]}), has_nul({"a\\x00": 1}), has_nul(["Hà Nội", 0])
    (True, True, False)
    """
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_nul(v) for v in value)
    return False


def _refused(reason: str, text: str) -> UnusableJSON:
    return UnusableJSON(reason, text, 0)

r"""How nonla reads a JSONL file given whole (an upload, a file named on the command line): UTF-8 with or without
a byte-order mark, one JSON value per line. Batch jobs stream their input instead (nonla.jobs.formats), one line
at a time, and give a bad line its own error row rather than refusing the file.

A line ends at "\n" alone (a "\r" before it is dropped, for files written on Windows). ``str.splitlines`` is not
used: it also ends lines at U+2028, U+2029, U+0085 and \x1c-\x1e, which a JSON writer leaves unescaped inside
strings, so a valid file would be cut in the middle of a value.

>>> list(records('{"text": "một\u2028hai"}\r\n\n{"text": "ba"}', "in.jsonl"))
[(1, {'text': 'một\u2028hai'}), (3, {'text': 'ba'})]
>>> list(records('{"text": "một"}\n{oops', "in.jsonl"))
Traceback (most recent call last):
...
nonla.core.errors.InvalidJSON: Line 2 of in.jsonl is not valid JSON (Expecting property name enclosed in double quotes).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from nonla.core.errors import InvalidEncoding, InvalidJSON
from nonla.core.strict_json import loads


def decoded(data: bytes, where: str) -> str:
    """``data`` as text: UTF-8, a leading byte-order mark dropped (Notepad's "UTF-8 with BOM")."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidEncoding(f"{where} is not UTF-8 (byte {exc.start}).") from None


def read_text(path: Path, where: str | None = None) -> str:
    """The text of the JSONL file at ``path`` (named ``where`` in errors, the path itself unless given)."""
    return decoded(path.read_bytes(), str(path) if where is None else where)


def lines(text: str) -> Iterator[tuple[int, str]]:
    r"""Each line of ``text`` that is not blank, with its number counted from 1.

    >>> list(lines('a\r\n\n  \nb\x85c'))
    [(1, 'a'), (4, 'b\x85c')]
    """
    for number, line in enumerate(text.split("\n"), 1):
        line = line.removesuffix("\r")
        if line.strip():
            yield number, line


def records(text: str, where: str) -> Iterator[tuple[int, Any]]:
    """Each line's JSON value with its line number; a line that is not JSON is refused, naming it and ``where``."""
    for number, line in lines(text):
        try:
            yield number, loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidJSON(f"Line {number} of {where} is not valid JSON ({exc.msg}).",
                              hint="Write one JSON object per line.") from None  # fmt: skip

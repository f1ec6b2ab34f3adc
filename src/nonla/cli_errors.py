r"""The CLI's last word on a failure that is the caller's to fix but reached it as a plain Python error.

Commands raise NonlaError for what they check themselves; these are what the operating system, SQLite and the
JSON reader raise about the caller's arguments wherever they are first touched: an output path that is a folder,
an id of thirty digits (nonla.store.db_errors reads what either store says about it), an input file nested too
deeply to read or not in its format, a full disk or a device that refuses to be written. A job whose worker
process died ends with how to resume it. A store that cannot be opened or answered too late (a damaged file, a
server that is down, a writer holding it past the wait) is StoreUnavailable. Each becomes the same plain message and
exit code as a NonlaError (2 bad input, 3 not found, 6 store unavailable) instead of a traceback.

``shown`` is how every value read from the store or the caller reaches the terminal: rich markup escaped, control
characters (an escape sequence that would clear the screen or retitle the window) written as visible escapes.

>>> err = caller_error(IsADirectoryError(21, "Is a directory", "out"))
>>> (err.code, err.exit_code, err.message)
('invalid_input', 2, "Cannot use 'out': it is a folder.")
>>> caller_error(OSError(28, "No space left on device", "/dev/full")).message
"Cannot use '/dev/full': No space left on device."
>>> caller_error(OverflowError("Python int too large to convert to SQLite INTEGER")).exit_code
3
>>> caller_error(KeyError("x")) is None
True
>>> print(shown("hi \x1b[2J [bold]there\x9b\x7f"))
hi \x1b[2J \[bold]there\x9b\x7f
"""

from __future__ import annotations

import errno
import json
import os
import re
from typing import Any

from nonla.core.errors import FunctionFailed, InvalidEncoding, InvalidInput, NonlaError

# C0 controls, DEL and C1 controls (ESC starts the sequences that move the cursor, clear the screen, set the window's
# title; 0x9b is CSI on its own), the bidirectional overrides and isolates (text shown in another order than stored)
_CONTROLS = {c: f"\\x{c:02x}" for c in [*range(0x20), *range(0x7F, 0xA0)]}
_CONTROLS.update({c: f"\\u{c:04x}" for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]})
_LINES = {k: v for k, v in _CONTROLS.items() if k not in (0x09, 0x0A)}
_SURROGATE = re.compile("[\ud800-\udfff]")  # a lone surrogate cannot be written to the terminal at all

STORE_INT_MAX = 2**63 - 1  # the store's integers: a larger offset, limit or sequence number is refused as it is read


def shown(value: Any, lines: bool = False, markup: bool = True) -> str:
    """``value`` as text safe to print: control characters (and, unless ``lines``, tabs and line ends) as visible
    escapes such as \\x1b, lone surrogates as U+FFFD, rich markup escaped (``markup=False`` for typer.echo and
    print, which read none); None as ''."""
    text = "" if value is None else str(value)
    text = _SURROGATE.sub("\ufffd", text.translate(_LINES if lines else _CONTROLS))
    if not markup:
        return text
    from rich.markup import escape

    return escape(text)


# JSON shown on the terminal: the same characters written as JSON escapes (\u202e), so the text stays valid JSON
# that reads back as stored; a lone surrogate too, which the terminal cannot take at all
_JSON_UNSAFE = {c: f"\\u{c:04x}" for c in [*_CONTROLS, *range(0xD800, 0xE000)] if c >= 0x7F}  # JSON escapes C0 itself


def shown_json(body: Any, indent: int | None = None) -> str:
    """``body`` as JSON safe to print: control characters, bidirectional overrides and lone surrogates escaped.

    >>> print(shown_json({"text": "abc\u202edef"}))
    {"text": "abc\\u202edef"}
    """
    return json.dumps(body, ensure_ascii=False, indent=indent).translate(_JSON_UNSAFE)


def tenant_id(value: str) -> str:
    """The typer callback of every --tenant option: a value that is not a tenant id (as `keys create` takes) is
    refused as invalid_input (exit 2) before the command reads or stores anything under it."""
    from nonla.core.context import check_tenant

    return check_tenant(value)


def _database_url() -> str:
    try:
        from nonla.core.config import settings

        return settings().database_url
    except Exception:  # the settings themselves are what is wrong: name no URL
        return "the configured database"


def caller_error(exc: BaseException) -> NonlaError | None:
    """The NonlaError that tells the caller what to fix, or None for a failure that is not theirs."""
    import csv  # here, not above: every command imports this module, `nonla --help` loads no store
    from concurrent.futures.process import BrokenProcessPool

    from nonla.store import db_errors

    stored = db_errors.caller_error(exc)  # an id past the store's integers, NUL in text, a raced unique key
    if stored is not None:
        return stored
    down = db_errors.unavailable(exc, _database_url())  # a damaged file, a server down, a writer holding it too long
    if down is not None:
        return down
    if isinstance(exc, OverflowError):
        return InvalidInput("A number or date given is out of range.", hint="Give a smaller number or a real date.")
    if isinstance(exc, UnicodeDecodeError):
        return InvalidEncoding(f"The input is not UTF-8 (byte {exc.start}).", hint="Save the file as UTF-8.")
    if isinstance(exc, csv.Error):  # a field past the CSV reader's limit, a stray quote
        return InvalidInput(f"The CSV file cannot be read: {exc}.", hint="Check the file's quoting and line ends.")
    names = {cls.__name__ for cls in type(exc).__mro__}  # matched by name: pyarrow and distributed load lazily
    if "ArrowException" in names:
        return InvalidInput(f"The file cannot be read as Parquet: {exc}", hint="Check that it is a Parquet file.")
    if isinstance(exc, BrokenProcessPool):
        return FunctionFailed("A worker process died; the job stopped at its last checkpoint.",
                              hint="Resume it with `nonla jobs resume ID` (`nonla jobs list` shows the id).")  # fmt: skip
    if names & {"CommClosedError", "FutureCancelledError"}:  # a Dask scheduler that went away mid-job
        from nonla.jobs.executors import lost_scheduler

        lost = lost_scheduler(exc)
        if lost is not None:
            return lost
    if isinstance(exc, RecursionError):
        return InvalidInput("The input is nested too deeply to read.", hint="Flatten the JSON or YAML given.")
    if isinstance(exc, ValueError) and "integer string conversion" in str(exc):
        return InvalidInput("The input holds a number with thousands of digits.", hint="Send ordinary numbers.")
    if isinstance(exc, OSError):  # a path given: a folder, missing, not ours to write, a full disk, a device
        return _path_error(exc)
    return None


_REASONS = {errno.EISDIR: "it is a folder", errno.ENOTDIR: "part of it is not a folder",
            errno.ENOENT: "it or its folder does not exist", errno.EACCES: "permission denied",
            errno.EPERM: "permission denied", errno.EEXIST: "something of that name is already there"}  # fmt: skip
_HINTS = {errno.ENOSPC: "Free some space on that disk, or write somewhere else.",
          errno.EDQUOT: "Free some space within your quota, or write somewhere else.",
          errno.EROFS: "Write to a disk that is not read-only.",
          errno.EEXIST: "Give a path where nothing is in the way, or remove what is there."}  # fmt: skip


def _path_error(exc: OSError) -> NonlaError:
    path = exc.filename or "the path given"
    said = exc.strerror or str(exc) or type(exc).__name__
    # the plain words for the common ones, unless whoever raised it explained more than the system's sentence
    reason = _REASONS.get(exc.errno or 0, said) if said == os.strerror(exc.errno or 0) else said
    hint = _HINTS.get(exc.errno or 0, "Give a file path in a folder that exists and that you may write to.")
    return InvalidInput(f"Cannot use '{path}': {reason}.", hint=hint)

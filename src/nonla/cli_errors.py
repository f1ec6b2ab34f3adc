"""The CLI's last word on a failure that is the caller's to fix but reached it as a plain Python error.

Commands raise NonlaError for what they check themselves; these are what the operating system, SQLite and the
JSON reader raise about the caller's arguments wherever they are first touched: an output path that is a folder,
an id of thirty digits (nonla.store.db_errors reads what either store says about it), an input file nested too
deeply to read or not in its format. A job whose worker process died ends with how to resume it. Each becomes the same plain message and exit
code as a NonlaError (2 bad input, 3 not found) instead of a traceback.

>>> err = caller_error(IsADirectoryError(21, "Is a directory", "out"))
>>> (err.code, err.exit_code, err.message)
('invalid_input', 2, "Cannot use 'out': it is a folder.")
>>> caller_error(OverflowError("Python int too large to convert to SQLite INTEGER")).exit_code
3
>>> caller_error(KeyError("x")) is None
True
"""

from __future__ import annotations

import csv
from concurrent.futures.process import BrokenProcessPool

from nonla.core.errors import FunctionFailed, InvalidEncoding, InvalidInput, NonlaError
from nonla.store import db_errors


def caller_error(exc: BaseException) -> NonlaError | None:
    """The NonlaError that tells the caller what to fix, or None for a failure that is not theirs."""
    stored = db_errors.caller_error(exc)  # an id past the store's integers, NUL in text, a raced unique key
    if stored is not None:
        return stored
    if isinstance(exc, OverflowError):
        return InvalidInput("A number or date given is out of range.", hint="Give a smaller number or a real date.")
    if isinstance(exc, UnicodeDecodeError):
        return InvalidEncoding(f"The input is not UTF-8 (byte {exc.start}).", hint="Save the file as UTF-8.")
    if isinstance(exc, csv.Error):  # a field past the CSV reader's limit, a stray quote
        return InvalidInput(f"The CSV file cannot be read: {exc}.", hint="Check the file's quoting and line ends.")
    names = {cls.__name__ for cls in type(exc).__mro__}  # matched by name: pyarrow and distributed load lazily
    if "ArrowException" in names:
        return InvalidInput(f"The file cannot be read as Parquet: {exc}", hint="Check that it is a Parquet file.")
    if isinstance(exc, BrokenProcessPool) or "CommClosedError" in names:
        what = "A worker process died" if isinstance(exc, BrokenProcessPool) else "The Dask scheduler closed the line"
        return FunctionFailed(f"{what}; the job stopped at its last checkpoint.",
                              hint="Resume it with `nonla jobs resume ID` (`nonla jobs list` shows the id).")  # fmt: skip
    if isinstance(exc, RecursionError):
        return InvalidInput("The input is nested too deeply to read.", hint="Flatten the JSON or YAML given.")
    if isinstance(exc, ValueError) and "integer string conversion" in str(exc):
        return InvalidInput("The input holds a number with thousands of digits.", hint="Send ordinary numbers.")
    if isinstance(exc, IsADirectoryError | NotADirectoryError | FileNotFoundError | PermissionError):
        path = exc.filename or "the path given"
        reason = {IsADirectoryError: "it is a folder", NotADirectoryError: "part of it is not a folder",
                  FileNotFoundError: "it or its folder does not exist",
                  PermissionError: "permission denied"}[type(exc)]  # fmt: skip
        return InvalidInput(f"Cannot use '{path}': {reason}.", hint="Give a file path in a folder that exists.")
    return None

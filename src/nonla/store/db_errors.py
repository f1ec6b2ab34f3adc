"""What a database refusal caused by the caller's input means to them: one NonlaError for both stores and every
surface (REST's handlers, the CLI's last word), so SQLite and PostgreSQL answer the same.

SQLite raises OverflowError for an id past its 64-bit integers; PostgreSQL raises DataError for an id past its
column's range (SQLSTATE 22003), for text longer than its column (22001) and, through psycopg, for a NUL
character, which its text columns cannot hold. A unique key two writers raced for is an IntegrityError.

>>> caller_error(OverflowError("Python int too large to convert to SQLite INTEGER")).code
'not_found'
>>> caller_error(OverflowError("date value out of range")) is None
True
"""

from __future__ import annotations

from sqlalchemy.exc import DataError, IntegrityError

from nonla.core.errors import Conflict, InvalidInput, NonlaError, NotFound

NO_SUCH_ID = "There is nothing with this id."
NO_SUCH_ID_HINT = "Check the id; the list command or route shows those that exist."


def caller_error(exc: BaseException) -> NonlaError | None:
    """The NonlaError for a database refusal the caller can fix, or None for anything else."""
    if isinstance(exc, OverflowError):
        return NotFound(NO_SUCH_ID, hint=NO_SUCH_ID_HINT) if "INTEGER" in str(exc) else None
    if isinstance(exc, DataError):
        state = getattr(exc.orig, "sqlstate", None)
        if state == "22003":  # an integer out of range: as on SQLite, no row can have that id
            return NotFound(NO_SUCH_ID, hint=NO_SUCH_ID_HINT)
        if "NUL" in str(exc.orig):
            return InvalidInput("Text may not contain the NUL character (U+0000).",
                                hint="Remove NUL characters from the values sent.")  # fmt: skip
        if state == "22001":
            return InvalidInput("A value is longer than its field allows.", hint="Shorten the values sent.")
        return InvalidInput("A value does not fit where it is stored.", hint="Correct the values sent.")
    if isinstance(exc, IntegrityError):
        if getattr(exc.orig, "sqlstate", None) == "23505":  # a unique key another writer took first
            return Conflict("Another request changed the same record at the same moment.",
                            hint="Send the request again.")  # fmt: skip
        return Conflict("The change conflicts with what is stored.")
    return None

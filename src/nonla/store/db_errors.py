"""What a database refusal caused by the caller's input means to them: one NonlaError for both stores and every
surface (REST's handlers, the CLI's last word), so SQLite and PostgreSQL answer the same.

SQLite raises OverflowError for an id past its 64-bit integers; PostgreSQL raises DataError for an id past its
column's range (SQLSTATE 22003), for text longer than its column (22001) and, through psycopg, for a NUL
character, which its text columns cannot hold. A unique key two writers raced for is an IntegrityError.

A store that cannot answer at all is no caller's input but is theirs to fix all the same (the operator's): a file
that is not a database, a server that is down, another writer holding the store past the wait. ``unavailable``
turns these into StoreUnavailable, naming the store without its password.

>>> caller_error(OverflowError("Python int too large to convert to SQLite INTEGER")).code
'not_found'
>>> caller_error(OverflowError("date value out of range")) is None
True
>>> shown_url("postgresql+psycopg://nonla:s3cret@db.local:5432/nonla")
'postgresql+psycopg://nonla:***@db.local:5432/nonla'
>>> shown_url("mysql://root:s3cret@localhost/nonla?password=s3cret")
'mysql://root:***@localhost/nonla?password=***'
"""

from __future__ import annotations

import re

from sqlalchemy.exc import (
    DatabaseError,
    DataError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    ProgrammingError,
)

from nonla.core.errors import Conflict, InvalidInput, NonlaError, NotFound, StoreUnavailable

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


_PASSWORD = re.compile(r"(://[^:/@\s]*:)[^@\s]*@")  # scheme://user:PASSWORD@host
_PASSWORD_PARAM = re.compile(r"(password=)[^&\s]*", re.IGNORECASE)  # ?password=... in a URL's query


def shown_url(url: str) -> str:
    """The database URL as it may be printed: its password (in the authority or the query) replaced by ***."""
    return _PASSWORD_PARAM.sub(r"\1***", _PASSWORD.sub(r"\1***@", url))


def _tables_gone(exc: BaseException) -> bool:
    """PostgreSQL's undefined_table (42P01): every table nonla uses is made by its migrations before it serves, so one
    missing means the database under it was dropped, emptied or swapped, not a statement gone wrong."""
    return isinstance(exc, ProgrammingError) and getattr(getattr(exc, "orig", None), "sqlstate", None) == "42P01"


def unavailable(exc: BaseException, url: str) -> StoreUnavailable | None:
    """StoreUnavailable for a failure to open or reach the store at ``url``, or None for anything else.

    >>> from sqlalchemy.exc import OperationalError
    >>> err = unavailable(OperationalError("BEGIN", {}, Exception("database is locked")), "sqlite:////x/nonla.db")
    >>> err.code, err.exit_code, err.http_status
    ('store_unavailable', 6, 503)
    >>> err.message
    'The store at sqlite:////x/nonla.db is busy: another process held it longer than the 30 s a writer waits.'
    """
    if _tables_gone(exc):
        return StoreUnavailable(
            f"The store at {shown_url(url)} has lost its tables: the database was emptied or replaced while nonla ran.",
            hint="Restart nonla, which sets up an empty store on start, or restore the database from a backup.",
        )
    if not (type(exc) is DatabaseError or isinstance(exc, OperationalError | InterfaceError)):
        return None  # a refused value (DataError, IntegrityError) is the caller's input; a ProgrammingError a bug
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    said, where = shown_url(lines[0] if lines else type(exc).__name__), shown_url(url)
    if "no such table" in said or "no such column" in said or "syntax error" in said:
        return None  # SQLite's word for a statement that does not fit the schema: a bug, not the store's state
    if "locked" in said or "lock timeout" in said:
        return StoreUnavailable(
            f"The store at {where} is busy: another process held it longer than the 30 s a writer waits.",
            hint="Try again when the other process (a job, a server, an import) has finished writing.",
        )
    if "not a database" in said or "malformed" in said:
        return StoreUnavailable(
            f"The store at {where} cannot be read: {said}.",
            hint="The file is damaged or is not a nonla store: restore it from a backup, or point NONLA_HOME "
            "(or NONLA_DATABASE_URL) at another store.",
        )
    return StoreUnavailable(
        f"The store at {where} cannot be used: {said}.",
        hint="Check NONLA_DATABASE_URL (host, port, database, user) and that the database server is up; for the "
        "file under NONLA_HOME, that its folder exists, may be written and has free space.",
    )

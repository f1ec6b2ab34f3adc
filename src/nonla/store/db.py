"""Engines and sessions for the configured database, migrated to the latest schema on first use.

SQLite runs in WAL mode with BEGIN IMMEDIATE so that concurrent writers (server, CLI, workers) queue instead of
failing; ``postgresql://`` URLs use psycopg 3, and their writers queue on one advisory lock for the same reason:
the writes check what is stored and then change it ("is this id taken? then insert"), which two PostgreSQL
transactions at READ COMMITTED would both pass, one failing on the unique key. Readers never wait, on either.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from nonla.core.config import settings
from nonla.core.errors import StoreIncompatible, StoreUnavailable
from nonla.store.db_errors import shown_url

_engines: dict[str, tuple[Engine, sessionmaker[Session], sessionmaker[Session]]] = {}
_lock = threading.Lock()


def normalise_url(url: str) -> str:
    """Pick the psycopg 3 driver for plain PostgreSQL URLs.

    >>> normalise_url("postgresql://u@localhost/db")
    'postgresql+psycopg://u@localhost/db'
    """
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _unicode_lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # let the 'begin' hook below issue BEGIN itself
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(
            "PRAGMA secure_delete=ON"
        )  # deleted rows are overwritten, not left in free pages (some builds' default)
        cur.close()
        # SQLite's own lower() folds ASCII only: 'CHÍNH PHỦ' stayed 'chÍnh phỦ', so a filter on issuer "chính phủ"
        # found nothing, where PostgreSQL and the tantivy index (Python's str.lower) match it
        dbapi_conn.create_function("lower", 1, _unicode_lower, deterministic=True)

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # Writers take the lock up front (IMMEDIATE) so two writers queue on busy_timeout instead of one failing
        # when it tries to upgrade a read lock; readers stay deferred and never block anyone under WAL.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("nonla_write") else "BEGIN")


WRITERS_LOCK = 0x6E6F6E6C61  # the advisory lock key PostgreSQL writers queue on (one per database)
WRITER_WAIT = "30s"  # as SQLite's busy timeout: a writer waits this long for the others, then fails


def _postgres_writers_queue(engine: Engine) -> None:
    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        if conn.get_execution_options().get("nonla_write"):
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{WRITER_WAIT}'")
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITERS_LOCK})")  # released at commit or rollback


@contextmanager
def _migration_lock(url: str) -> Iterator[None]:
    if not url.startswith("sqlite:///"):
        yield  # PostgreSQL: Alembic's DDL runs in one transaction there
        return
    from nonla.store.file_lock import file_lock

    with file_lock(url.removeprefix("sqlite:///") + ".migrate-lock"):
        yield


def engine_for(url: str | None = None) -> tuple[Engine, sessionmaker[Session], sessionmaker[Session]]:
    """(engine, writer sessions, reader sessions) for the URL, migrated to the latest schema once per process.

    A store that cannot be opened is StoreUnavailable, naming the store without its password: a URL that names no
    database nonla can use, a server that is down, a NONLA_HOME that is a file or may not be written, a file that
    is not a database (see nonla.store.migrate)."""
    url = normalise_url(url or settings().database_url)
    with _lock:
        if url not in _engines:
            _engines[url] = _open(url)
    return _engines[url]


def _open(url: str) -> tuple[Engine, sessionmaker[Session], sessionmaker[Session]]:
    try:
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
            _sqlite_pragmas(engine)
        else:
            engine = create_engine(url, pool_pre_ping=True)
            _postgres_writers_queue(engine)
    except OSError as exc:  # NONLA_HOME (or a folder above the file) is a file, or may not be written
        where = exc.filename or shown_url(url)
        why = "it is a file, not a folder" if isinstance(exc, FileExistsError | NotADirectoryError) else exc.strerror
        raise StoreUnavailable(
            f"The store's folder cannot be made at '{where}': {why or exc}.",
            hint="Point NONLA_HOME at a folder (or a path where one may be created) that you may write to.",
        ) from None
    except (ArgumentError, ImportError, ValueError) as exc:  # not a URL, no such dialect, its driver missing
        raise StoreUnavailable(
            f"NONLA_DATABASE_URL names no database nonla can use ({shown_url(url)}): {shown_url(str(exc))}.",
            hint="Use postgresql://USER:PASSWORD@HOST:PORT/DATABASE, or leave NONLA_DATABASE_URL unset for the "
            "SQLite file under NONLA_HOME.",
        ) from None
    from nonla.store.migrate import upgrade

    # Several processes opening a fresh SQLite store at once (worker pools, a server and a CLI) must not
    # migrate it twice. SQLite's write lock alone does not do it (Alembic treats SQLite DDL as
    # non-transactional), so the processes of one machine also queue on a lock file beside the database.
    try:
        with _migration_lock(url):
            upgrade(engine.execution_options(nonla_write=True))
    except OSError as exc:  # the lock file beside the database cannot be made
        engine.dispose()
        raise StoreUnavailable(
            f"The store at {shown_url(url)} cannot be opened: '{exc.filename}': {exc.strerror or exc}.",
            hint="Check that the store's folder exists and that you may write to it.",
        ) from None
    except BaseException:
        engine.dispose()
        raise
    _writers_check_revision(engine, url)
    writer = engine.execution_options(nonla_write=True)
    return engine, sessionmaker(writer, expire_on_commit=False), sessionmaker(engine, expire_on_commit=False)


def _revision(conn: Any) -> list[str]:
    return sorted(conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars())


def _writers_check_revision(engine: Engine, url: str) -> None:
    """Refuse every write once the store is no longer at the revision this process migrated it to.

    The revision is checked when the process opens the store; a newer nonla may migrate it later, while this one
    still runs (an upgrade that left a server running), and rows this one wrote then would miss what the newer
    schema asks of them. The check runs at the start of each write transaction, after the writers' lock: a
    migration holds that lock, so no write slips in between. One indexed read of a one-row table per write
    transaction; reads are left alone (they change nothing, and a schema that dropped what they read fails them)."""
    with engine.connect() as conn:
        migrated = _revision(conn)

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        if not conn.get_execution_options().get("nonla_write"):
            return
        found = _revision(conn)
        if found != migrated:
            raise StoreIncompatible(
                f"The store at {shown_url(url)} was migrated to revision {', '.join(found) or 'none'} while this "
                f"nonla ran at {', '.join(migrated)}: it writes nothing more to it.",
                hint="Stop every nonla server before an upgrade; start them again with the nonla that migrated it.",
            )


@contextmanager
def session(write: bool = False, url: str | None = None) -> Iterator[Session]:
    """A transaction: committed when the block ends, rolled back on error. Pass write=True to change data."""
    _, writer, reader = engine_for(url)
    with (writer if write else reader).begin() as sess:
        yield sess


def dispose_all() -> None:
    with _lock:
        for engine, _, _ in _engines.values():
            engine.dispose()
        _engines.clear()

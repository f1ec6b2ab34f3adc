"""Run Alembic migrations programmatically; `nonla` never asks users to run alembic by hand."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.util.exc import CommandError
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from nonla.core.errors import StoreIncompatible
from nonla.store.db_errors import unavailable

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the store to ``revision``; a store this nonla cannot use is StoreIncompatible, one it cannot open,
    read or reach (a file that is not a database, a server that is down, a lock held too long) StoreUnavailable."""
    shown = engine.url.render_as_string(hide_password=True)
    try:
        command.upgrade(alembic_config(engine), revision)
    except CommandError as exc:  # a store written by a newer nonla names a revision this one does not know
        raise StoreIncompatible(f"The store at {shown} cannot be used: {exc}.") from None
    except DBAPIError as exc:
        refused = unavailable(exc, shown)
        if refused is None:
            raise
        raise refused from None

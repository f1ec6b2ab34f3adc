"""Run Alembic migrations programmatically; `nonla` never asks users to run alembic by hand."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.util.exc import CommandError
from sqlalchemy import Engine

from nonla.core.errors import StoreIncompatible

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    try:
        command.upgrade(alembic_config(engine), revision)
    except CommandError as exc:  # a store written by a newer nonla names a revision this one does not know
        raise StoreIncompatible(
            f"The store at {engine.url.render_as_string(hide_password=True)} cannot be used: {exc}."
        ) from None

"""Alembic environment: uses the engine handed over by nonla.store.migrate (no alembic.ini, no URL in files)."""

from __future__ import annotations

from alembic import context

from nonla.store.schema import Base

engine = context.config.attributes["engine"]

with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()

"""Persistence: SQLAlchemy 2 models, engines and Alembic migrations (SQLite by default, PostgreSQL by URL)."""

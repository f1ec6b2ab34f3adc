"""Index terms of every part kept in the parts table, so any BM25 index can be rebuilt from the store.

SQLite: the four term columns PostgreSQL already has (until now they lived only inside the FTS5 table, copied
from there), plus, on both, the terms of the part's context (its law's title and chapter/section headings),
which the tantivy index searches as a field of its own.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TERMS = ("words", "plain", "title_words", "title_plain")
CONTEXT = ("context_words", "context_plain")


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for column in (*TERMS, *CONTEXT) if sqlite else CONTEXT:
        op.add_column("parts", sa.Column(column, sa.Text, nullable=True))
    if sqlite:
        op.execute(
            "UPDATE parts SET words = f.words, plain = f.plain, title_words = f.title_words, "
            "title_plain = f.title_plain FROM parts_fts f WHERE f.rowid = parts.id"
        )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("parts") as batch:
        for column in (*TERMS, *CONTEXT) if sqlite else CONTEXT:
            batch.drop_column(column)

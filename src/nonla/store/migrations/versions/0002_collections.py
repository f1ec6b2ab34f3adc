"""Document collections, their documents and searchable parts; an FTS5 index of the parts on SQLite.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "collections",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("tenant", sa.String(64), nullable=False, server_default="default"),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.UniqueConstraint("tenant", "name", name="uq_collection_name"),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("collection_id", sa.Integer, nullable=False, index=True),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False, index=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("metadata", sa.JSON, nullable=False),
        sa.Column("subject_id", sa.String(200), nullable=True, index=True),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.UniqueConstraint("collection_id", "key", name="uq_document_key"),
    )
    op.create_table(
        "parts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.Integer, nullable=False, index=True),
        sa.Column("collection_id", sa.Integer, nullable=False, index=True),
        sa.Column("key", sa.String(300), nullable=False, index=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("metadata", sa.JSON, nullable=False),
        sa.Column("doc_type", sa.String(40), nullable=True, index=True),
        sa.Column("issuer", sa.String(120), nullable=True, index=True),
        sa.Column("year", sa.Integer, nullable=True, index=True),
        sa.Column("effective_from", sa.String(10), nullable=True),
        sa.Column("effective_to", sa.String(10), nullable=True),
    )
    if op.get_bind().dialect.name == "sqlite":
        # Word-segmented text (syllables of a word joined by '_'), marks kept; a second column without marks
        # serves queries typed without diacritics; the same two for the part's title, weighted higher. rowid = parts.id.
        op.execute(
            "CREATE VIRTUAL TABLE parts_fts USING fts5(words, plain, title_words, title_plain, "
            "tokenize = \"unicode61 remove_diacritics 0 tokenchars '_'\")"
        )
    else:
        for column in ("words", "plain", "title_words", "title_plain"):
            op.add_column("parts", sa.Column(column, sa.Text, nullable=True))
        op.execute(
            "ALTER TABLE parts ADD COLUMN tsv tsvector GENERATED ALWAYS AS "
            "(setweight(to_tsvector('simple', coalesce(title_words, '') || ' ' || coalesce(title_plain, '')), 'A') || "
            "to_tsvector('simple', coalesce(words, '') || ' ' || coalesce(plain, ''))) STORED"
        )
        op.execute("CREATE INDEX parts_tsv ON parts USING GIN (tsv)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS parts_fts")
    op.drop_table("parts")
    op.drop_table("documents")
    op.drop_table("collections")

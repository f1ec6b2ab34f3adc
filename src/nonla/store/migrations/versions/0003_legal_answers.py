"""Answered questions (a knowledge base per collection, searchable by BM25) and ratings of legal answers.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "legal_kb",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("collection_id", sa.Integer, nullable=False, index=True),
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("sources", sa.JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        # Index terms of the question (with and without marks), kept here so similarity needs no re-segmentation.
        sa.Column("words", sa.Text, nullable=False),
        sa.Column("plain", sa.Text, nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.UniqueConstraint("collection_id", "key", name="uq_legal_kb_key"),
    )
    op.create_table(
        "legal_ratings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant", sa.String(64), nullable=False, server_default="default"),
        sa.Column("collection", sa.String(100), nullable=False, index=True),
        sa.Column("answer_id", sa.String(64), nullable=False, index=True),
        sa.Column("question_digest", sa.String(64), nullable=True),
        sa.Column("question", sa.Text, nullable=True),  # only when the caller opts in
        sa.Column("rating", sa.Integer, nullable=True),
        sa.Column("helpful", sa.Boolean, nullable=True),
        sa.Column("comment", sa.Text, nullable=True),
        sa.Column("key_id", sa.String(64), nullable=False),
        sa.Column("subject_id", sa.String(200), nullable=True, index=True),
        sa.Column("created_at", sa.String(32), nullable=False, index=True),
    )
    if op.get_bind().dialect.name == "sqlite":
        # Same tokenizer as parts_fts; rowid = legal_kb.id.
        op.execute(
            "CREATE VIRTUAL TABLE legal_kb_fts USING fts5(words, plain, "
            "tokenize = \"unicode61 remove_diacritics 0 tokenchars '_'\")"
        )
    else:
        op.execute(
            "ALTER TABLE legal_kb ADD COLUMN tsv tsvector GENERATED ALWAYS AS "
            "(to_tsvector('simple', words || ' ' || plain)) STORED"
        )
        op.execute("CREATE INDEX legal_kb_tsv ON legal_kb USING GIN (tsv)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS legal_kb_fts")
    op.drop_table("legal_ratings")
    op.drop_table("legal_kb")

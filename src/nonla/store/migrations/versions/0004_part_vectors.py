"""Dense vectors of parts in PostgreSQL, when the server has the pgvector extension.

Without pgvector (or on SQLite) nothing is created here and vectors live in usearch files beside the store
(nonla.collections.vectors). ON DELETE CASCADE: deleting a part deletes its vector in the same transaction.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    if not bind.execute(sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")).first():
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS vector")
    op.execute(
        "CREATE TABLE part_vectors (part_id integer PRIMARY KEY REFERENCES parts(id) ON DELETE CASCADE, "
        "collection_id integer NOT NULL, embedding vector(384) NOT NULL)"
    )
    op.execute("CREATE INDEX ix_part_vectors_collection ON part_vectors (collection_id)")
    op.execute("CREATE INDEX ix_part_vectors_hnsw ON part_vectors USING hnsw (embedding vector_cosine_ops)")


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS part_vectors")

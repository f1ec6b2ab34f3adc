"""Parts looked up by key within a collection use one index on (collection_id, key).

Without table statistics SQLite chose the collection_id index for ``collection_id = ? AND key IN (...)`` and read
every part of the collection: 23 ms for the five articles legal.answer quotes from the 17,795 parts of the demo
laws. The composite index makes such lookups (answers, citation resolution) a handful of index probes.

Revision ID: 0015
Revises: 0014
"""

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_parts_collection_key", "parts", ["collection_id", "key"])


def downgrade() -> None:
    op.drop_index("ix_parts_collection_key", table_name="parts")

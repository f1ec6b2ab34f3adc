"""Dense vectors per piece of a part: its passage (piece 0) and the windows of the rest of a long part.

Existing vectors become piece 0, which is what they were; the windows are embedded by the next
``nonla collections embed``. Only where migration 0004 created ``part_vectors`` (PostgreSQL with pgvector).

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def _has_vectors() -> bool:
    bind = op.get_bind()
    return bind.dialect.name == "postgresql" and bool(
        bind.execute(sa.text("SELECT to_regclass('part_vectors') IS NOT NULL")).scalar()
    )


def upgrade() -> None:
    if not _has_vectors():
        return
    op.execute("ALTER TABLE part_vectors ADD COLUMN piece integer NOT NULL DEFAULT 0")
    op.execute("ALTER TABLE part_vectors DROP CONSTRAINT part_vectors_pkey")
    op.execute("ALTER TABLE part_vectors ADD PRIMARY KEY (part_id, piece)")


def downgrade() -> None:
    if not _has_vectors():
        return
    op.execute("DELETE FROM part_vectors WHERE piece > 0")
    op.execute("ALTER TABLE part_vectors DROP CONSTRAINT part_vectors_pkey")
    op.execute("ALTER TABLE part_vectors ADD PRIMARY KEY (part_id)")
    op.execute("ALTER TABLE part_vectors DROP COLUMN piece")

"""Jobs over a collection read its parts by id, not by position.

A job over a collection went on from its n-th part after a pause: a document added, deleted or replaced in the
meantime shifted every position, so a resumed job skipped one document, ran another twice and still ended done.
A job now records the last part id it committed (``input_after``) and the highest part id there was when it was
submitted (``input_upto``): it resumes after the one and never reads past the other. Jobs submitted before this
revision keep reading by position (both columns empty).

Revision ID: 0020
Revises: 0019
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("jobs", sa.Column("input_after", sa.BigInteger, nullable=True))
    op.add_column("jobs", sa.Column("input_upto", sa.BigInteger, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("input_upto")
        batch.drop_column("input_after")

"""Console sign-ins are recorded in the store.

The console's session was only a signed cookie: signing out cleared it in one browser, but a copy taken before
kept working until its eight hours ended. Each sign-in now has a row (the digest of a random token the cookie
carries); signing out deletes it.

Revision ID: 0018
Revises: 0017
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "console_sessions",
        sa.Column("digest", sa.String(64), primary_key=True),
        sa.Column("key_id", sa.String(32), nullable=False, index=True),
        sa.Column("signed_in_at", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("console_sessions")

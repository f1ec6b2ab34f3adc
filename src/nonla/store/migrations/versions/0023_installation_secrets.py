"""Secrets of the whole installation, kept in the store.

Audit rows and the access log named a data subject by an unkeyed digest of their id; an id with few possible
values (a CCCD number) could be found again from it by trying them all. The digest is now keyed by a secret every
server sharing the database must know, so it lives here; it is made on first use (nonla.store.installation_secrets).

Revision ID: 0023
Revises: 0022
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "installation_secrets",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("installation_secrets")

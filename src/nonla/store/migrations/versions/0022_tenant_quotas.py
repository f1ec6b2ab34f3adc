"""Agency-wide limits: requests per minute and per UTC day over all keys of a tenant.

Limits were per key only, so an agency's admin could create more keys of its agency, each unlimited until someone
limited it. The installation now limits an agency as a whole; its requests are counted per window like a key's.

Revision ID: 0022
Revises: 0021
"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tenant_quotas",
        sa.Column("tenant", sa.String(64), primary_key=True),
        sa.Column("per_minute", sa.Integer, nullable=True),
        sa.Column("per_day", sa.Integer, nullable=True),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "tenant_usage",
        sa.Column("tenant", sa.String(64), primary_key=True),
        sa.Column("period", sa.String(24), primary_key=True),
        sa.Column("count", sa.Integer, nullable=False, server_default="0"),
    )


def downgrade() -> None:
    op.drop_table("tenant_usage")
    op.drop_table("tenant_quotas")

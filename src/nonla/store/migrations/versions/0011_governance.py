"""Governance: incidents and suspensions, breach records, retention policies, quotas, oversight exceptions.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant", sa.String(64), nullable=False, server_default="default", index=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("target", sa.String(200), nullable=False, index=True),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="open"),
        sa.Column("detected_at", sa.String(32), nullable=False),
        sa.Column("notified_at", sa.String(32), nullable=True),
        sa.Column("closed_at", sa.String(32), nullable=True),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "suspensions",
        sa.Column("target", sa.String(200), primary_key=True),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("incident_id", sa.Integer, nullable=True),
        sa.Column("suspended_by", sa.String(64), nullable=False),
        sa.Column("suspended_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "retention_policies",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant", sa.String(64), nullable=False, server_default="default"),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("max_age_days", sa.Integer, nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.UniqueConstraint("tenant", "kind", name="uq_retention_policies_kind"),
    )
    op.create_table(
        "key_quotas",
        sa.Column("key_id", sa.String(32), primary_key=True),
        sa.Column("per_minute", sa.Integer, nullable=True),
        sa.Column("per_day", sa.Integer, nullable=True),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "key_usage",
        sa.Column("key_id", sa.String(32), primary_key=True),
        sa.Column("period", sa.String(24), primary_key=True),
        sa.Column("count", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "oversight_exceptions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant", sa.String(64), nullable=False, server_default="default"),
        sa.Column("function", sa.String(100), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.UniqueConstraint("tenant", "function", name="uq_oversight_exceptions_function"),
    )


def downgrade() -> None:
    for table in ("oversight_exceptions", "key_usage", "key_quotas", "retention_policies", "suspensions"):
        op.drop_table(table)
    op.drop_index("ix_incidents_target", table_name="incidents")
    op.drop_index("ix_incidents_tenant", table_name="incidents")
    op.drop_table("incidents")

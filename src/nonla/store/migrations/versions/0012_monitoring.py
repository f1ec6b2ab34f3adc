"""Monitoring: evaluation baselines and alert records per function and model.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "monitoring_windows",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant", sa.String(64), nullable=False, server_default="default"),
        sa.Column("function", sa.String(100), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("bucket", sa.String(32), nullable=False, index=True),
        sa.Column("calls", sa.Integer, nullable=False, server_default="0"),
        sa.Column("items", sa.Integer, nullable=False, server_default="0"),
        sa.Column("errors", sa.Integer, nullable=False, server_default="0"),
        sa.Column("review", sa.Integer, nullable=False, server_default="0"),
        sa.Column("histograms", sa.JSON, nullable=False),
        sa.UniqueConstraint("tenant", "function", "version", "bucket", name="uq_monitoring_windows_key"),
    )
    op.create_table(
        "monitoring_baselines",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant", sa.String(64), nullable=False, server_default="default"),
        sa.Column("function", sa.String(100), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("items", sa.Integer, nullable=False),
        sa.Column("histograms", sa.JSON, nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.UniqueConstraint("tenant", "function", "version", name="uq_monitoring_baselines_key"),
    )
    op.create_table(
        "monitoring_thresholds",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant", sa.String(64), nullable=False, server_default="default"),
        sa.Column("function", sa.String(100), nullable=False),
        sa.Column("error_rate", sa.Float, nullable=False),
        sa.Column("review_share", sa.Float, nullable=False),
        sa.Column("latency_p95_ms", sa.Float, nullable=False),
        sa.Column("psi", sa.Float, nullable=False),
        sa.Column("min_calls", sa.Integer, nullable=False),
        sa.Column("window_minutes", sa.Integer, nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.UniqueConstraint("tenant", "function", name="uq_monitoring_thresholds_function"),
    )
    op.create_table(
        "monitoring_alerts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant", sa.String(64), nullable=False, server_default="default", index=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("function", sa.String(100), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("threshold", sa.Float, nullable=False),
        sa.Column("window_minutes", sa.Integer, nullable=False),
        sa.Column("window_start", sa.String(32), nullable=False),
        sa.Column("window_end", sa.String(32), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("acknowledged", sa.Boolean, nullable=False, server_default=sa.false(), index=True),
        sa.Column("acknowledged_by", sa.String(64), nullable=True),
        sa.Column("acknowledged_at", sa.String(32), nullable=True),
    )


def downgrade() -> None:
    op.drop_index("ix_monitoring_alerts_acknowledged", table_name="monitoring_alerts")
    op.drop_index("ix_monitoring_alerts_tenant", table_name="monitoring_alerts")
    op.drop_table("monitoring_alerts")
    op.drop_table("monitoring_thresholds")
    op.drop_table("monitoring_baselines")
    op.drop_index("ix_monitoring_windows_bucket", table_name="monitoring_windows")
    op.drop_table("monitoring_windows")

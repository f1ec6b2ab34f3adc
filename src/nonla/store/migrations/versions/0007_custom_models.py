"""Custom models: the model store (versions, stages, rollout) and evaluation reports.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "custom_model_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False, index=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("stage", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("task", sa.String(32), nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("intended_use", sa.Text, nullable=False),
        sa.Column("risk", sa.String(16), nullable=False),
        sa.Column("data_digest", sa.String(64), nullable=False),
        sa.Column("metrics", sa.JSON, nullable=False),
        sa.Column("card", sa.JSON, nullable=False),
        sa.Column("config", sa.JSON, nullable=False),
        sa.Column("main_file", sa.String(200), nullable=False),
        sa.Column("files", sa.JSON, nullable=False),
        sa.Column("report", sa.JSON, nullable=True),
        sa.Column("conformance", sa.JSON, nullable=True),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("stage_changed_at", sa.String(32), nullable=False),
        sa.UniqueConstraint("name", "version", name="uq_custom_model_version"),
    )
    op.create_table(
        "custom_stage_changes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False, index=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("from_stage", sa.String(16), nullable=False),
        sa.Column("to_stage", sa.String(16), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
    )
    op.create_table(
        "custom_rollouts",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("candidate", sa.Integer, nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("percent", sa.Float, nullable=False),
        sa.Column("started_at", sa.String(32), nullable=False),
        sa.Column("started_by", sa.String(64), nullable=False),
    )
    op.create_table(
        "custom_routed_calls",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("served", sa.Integer, nullable=False),
        sa.Column("compared", sa.Integer, nullable=True),
        sa.Column("agree", sa.Boolean, nullable=True),
        sa.Column("served_ms", sa.Float, nullable=False),
        sa.Column("compared_ms", sa.Float, nullable=True),
        sa.Column("input_digest", sa.String(64), nullable=False),
    )
    op.create_index("ix_custom_routed_calls_name_at", "custom_routed_calls", ["name", "at"])
    op.create_table(
        "custom_train_jobs",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("progress", sa.Float, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("result", sa.JSON, nullable=True),
        sa.Column("error", sa.JSON, nullable=True),
        sa.Column("cancel_requested", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("custom_train_jobs")
    op.drop_index("ix_custom_routed_calls_name_at", table_name="custom_routed_calls")
    op.drop_table("custom_routed_calls")
    op.drop_table("custom_rollouts")
    op.drop_table("custom_stage_changes")
    op.drop_table("custom_model_versions")

"""Batch jobs and pipelines: job state, checkpoints, results.

A job's checkpoint is (done, output_offset), written together after each chunk's results are fsynced.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("tenant", sa.String(64), nullable=False, server_default="default", index=True),
        sa.Column("function", sa.String(200), nullable=False),
        sa.Column("input_kind", sa.String(16), nullable=False),
        sa.Column("input_ref", sa.Text, nullable=False),
        sa.Column("output_format", sa.String(16), nullable=False),
        sa.Column("output_path", sa.Text, nullable=False),
        sa.Column("executor", sa.String(16), nullable=False, server_default="local"),
        sa.Column("scheduler", sa.String(300), nullable=True),
        sa.Column("workers", sa.Integer, nullable=False, server_default="1"),
        sa.Column("chunk_size", sa.Integer, nullable=False, server_default="256"),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("total", sa.Integer, nullable=False, server_default="0"),
        sa.Column("done", sa.Integer, nullable=False, server_default="0"),
        sa.Column("errors", sa.Integer, nullable=False, server_default="0"),
        sa.Column("output_offset", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("seconds", sa.Float, nullable=False, server_default="0"),
        sa.Column("failure", sa.JSON, nullable=True),
        sa.Column("subject_id", sa.String(200), nullable=True, index=True),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False, index=True),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.Column("finished_at", sa.String(32), nullable=True),
    )
    op.create_table(
        "pipelines",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False, index=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("deleted_at", sa.String(32), nullable=True),
        sa.UniqueConstraint("name", "version", name="uq_pipelines_name_version"),
    )


def downgrade() -> None:
    op.drop_table("pipelines")
    op.drop_table("jobs")

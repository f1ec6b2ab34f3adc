"""The human review queue: per-agency policies, queued results and the training examples corrections make.

Queued results and examples hold inputs and outputs, so both carry the data-subject tag.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_policies",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant", sa.String(64), nullable=False, server_default="default"),
        sa.Column("function", sa.String(100), nullable=False),
        sa.Column("threshold", sa.Float, nullable=True),
        sa.Column("always", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("required", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.UniqueConstraint("tenant", "function", name="uq_review_policies_function"),
    )
    op.create_table(
        "review_items",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant", sa.String(64), nullable=False, server_default="default"),
        sa.Column("function", sa.String(100), nullable=False, index=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("model_sha256", sa.Text, nullable=False, server_default=""),
        sa.Column("reason", sa.String(16), nullable=False),
        sa.Column("confidence", sa.Float, nullable=True),
        sa.Column("threshold", sa.Float, nullable=True),
        sa.Column("required", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("status", sa.String(16), nullable=False, server_default="pending"),
        sa.Column("input", sa.JSON, nullable=False),
        sa.Column("output", sa.JSON, nullable=False),
        sa.Column("correction", sa.JSON, nullable=True),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("caller", sa.String(64), nullable=False),
        sa.Column("call_digest", sa.String(64), nullable=False, server_default=""),
        sa.Column("subject_id", sa.String(200), nullable=True, index=True),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("decided_by", sa.String(64), nullable=True),
        sa.Column("decided_at", sa.String(32), nullable=True),
    )
    # The reviewers' queue: one tenant's pending items, oldest first.
    op.create_index("ix_review_items_queue", "review_items", ["tenant", "status", "id"])
    op.create_table(
        "training_examples",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant", sa.String(64), nullable=False, server_default="default"),
        sa.Column("function", sa.String(100), nullable=False, index=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("input", sa.JSON, nullable=False),
        sa.Column("output", sa.JSON, nullable=False),
        sa.Column("original", sa.JSON, nullable=False),
        sa.Column("review_id", sa.Integer, nullable=True, index=True),
        sa.Column("subject_id", sa.String(200), nullable=True, index=True),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("training_examples")
    op.drop_index("ix_review_items_queue", table_name="review_items")
    op.drop_table("review_items")
    op.drop_table("review_policies")

"""The feedback inbox: citizens' messages with their triage and handling, and each message's history.

Messages keep the redacted text; the original text and the citizen's contact only with a data-subject tag.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inbox_messages",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant", sa.String(64), nullable=False, server_default="default"),
        sa.Column("key", sa.String(100), nullable=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("received_at", sa.String(32), nullable=False),
        sa.Column("received_on", sa.String(10), nullable=False, index=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("original", sa.Text, nullable=True),
        sa.Column("contact", sa.String(300), nullable=True),
        sa.Column("subject_id", sa.String(200), nullable=True, index=True),
        sa.Column("agency", sa.String(64), nullable=False),
        sa.Column("category", sa.String(64), nullable=False, index=True),
        sa.Column("category_confidence", sa.Float, nullable=True),
        sa.Column("department", sa.String(200), nullable=False, index=True),
        sa.Column("urgency", sa.String(16), nullable=False),
        sa.Column("urgency_confidence", sa.Float, nullable=True),
        sa.Column("ward", sa.String(200), nullable=True, index=True),
        sa.Column("province", sa.String(200), nullable=True, index=True),
        sa.Column("duplicate_group", sa.String(100), nullable=True, index=True),
        sa.Column("deadline", sa.String(10), nullable=True),
        sa.Column("triage", sa.JSON, nullable=False),
        sa.Column("review_id", sa.Integer, nullable=True, index=True),
        sa.Column("review_status", sa.String(16), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("assignee", sa.String(200), nullable=True),
        sa.Column("answer", sa.Text, nullable=True),
        sa.Column("answered_at", sa.String(32), nullable=True),
        sa.Column("answered_by", sa.String(64), nullable=True),
        sa.Column("closed_at", sa.String(32), nullable=True),
        sa.Column("close_reason", sa.String(16), nullable=True),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        # The sender's id: submitting the same message again (a re-run import, the demo data) is a no-op.
        sa.UniqueConstraint("tenant", "key", name="uq_inbox_messages_key"),
    )
    # The staff's list: one agency's messages in a status, newest first.
    op.create_index("ix_inbox_messages_list", "inbox_messages", ["tenant", "status", "received_at"])
    op.create_table(
        "inbox_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("message_id", sa.Integer, nullable=False, index=True),
        sa.Column("tenant", sa.String(64), nullable=False, server_default="default"),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("from_status", sa.String(20), nullable=True),
        sa.Column("to_status", sa.String(20), nullable=False),
        sa.Column("detail", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("inbox_history")
    op.drop_index("ix_inbox_messages_list", table_name="inbox_messages")
    op.drop_table("inbox_messages")

"""Tenancy: the tenant of function-call audit rows, custom models (and their training jobs) and pipelines.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# Rows written before this revision belong to the installation's own tenant; audit rows keep NULL (unknown), so
# their hashes, which never covered a tenant, still verify.
OWNED = ("custom_model_versions", "custom_train_jobs", "pipelines")


def upgrade() -> None:
    op.add_column("audit_log", sa.Column("tenant", sa.String(64), nullable=True))
    op.create_index("ix_audit_log_tenant", "audit_log", ["tenant"])
    for table in OWNED:
        op.add_column(table, sa.Column("tenant", sa.String(64), nullable=False, server_default="default"))
        op.create_index(f"ix_{table}_tenant", table, ["tenant"])


def downgrade() -> None:
    for table in OWNED:
        op.drop_index(f"ix_{table}_tenant", table_name=table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("tenant")
    op.drop_index("ix_audit_log_tenant", table_name="audit_log")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("tenant")

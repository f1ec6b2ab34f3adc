"""Biometric consent records and per-tenant face galleries.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consents",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant", sa.String(64), nullable=False, server_default="default"),
        sa.Column("subject_id", sa.String(200), nullable=False, index=True),
        sa.Column("purpose", sa.String(64), nullable=False),
        sa.Column("legal_basis", sa.String(32), nullable=False),
        sa.Column("granted_by", sa.String(200), nullable=False),
        sa.Column("granted_at", sa.String(32), nullable=False),
        sa.Column("expires_at", sa.String(32), nullable=True),
        sa.Column("revoked_at", sa.String(32), nullable=True),
        sa.Column("revoked_by", sa.String(64), nullable=True),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_consents_lookup", "consents", ["tenant", "subject_id", "purpose"])
    op.create_table(
        "face_gallery",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant", sa.String(64), nullable=False, server_default="default"),
        sa.Column("gallery", sa.String(100), nullable=False),
        sa.Column("subject_id", sa.String(200), nullable=False, index=True),
        sa.Column("embedding", sa.LargeBinary, nullable=False),
        sa.Column("model", sa.String(100), nullable=False),
        sa.Column("consent_id", sa.Integer, nullable=False, index=True),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
    )
    op.create_index("ix_face_gallery_gallery", "face_gallery", ["tenant", "gallery"])


def downgrade() -> None:
    op.drop_index("ix_face_gallery_gallery", table_name="face_gallery")
    op.drop_table("face_gallery")
    op.drop_index("ix_consents_lookup", table_name="consents")
    op.drop_table("consents")

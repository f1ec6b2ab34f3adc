"""Key quotas record who set them: the installation or the key's own agency.

Any admin key could set or remove the limits of any key of its tenant, its own included, so an agency's admin
lifted the daily quota the installation had put on it. A quota now says who set it; an agency's admins may change
only the limits their agency set, and never their own key's.

Rows written before this revision are the installation's, unless the key that last changed them belonged to an
agency: a limit whose author is not known must not become one the limited agency can lift.

Revision ID: 0019
Revises: 0018
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

AGENCY_KEYS = "SELECT 'key:' || id FROM api_keys WHERE tenant <> 'default'"  # the audit actors of agencies' keys


def upgrade() -> None:
    op.add_column("key_quotas", sa.Column("set_by", sa.String(16), nullable=False, server_default="installation"))
    op.execute(f"UPDATE key_quotas SET set_by = 'agency' WHERE updated_by IN ({AGENCY_KEYS})")


def downgrade() -> None:
    with op.batch_alter_table("key_quotas") as batch:
        batch.drop_column("set_by")

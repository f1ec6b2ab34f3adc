"""Jobs count the server starts that found them interrupted without progress since.

A job runs in the server's own process when it has one worker: an item that kills the process (a native library
aborting on it) was picked up again at every start and killed the server again, so the server never stayed up.
The worker now counts such starts per job and fails the job after a few, naming where it stopped.

Revision ID: 0017
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("jobs", sa.Column("restarts", sa.Integer, nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("restarts")

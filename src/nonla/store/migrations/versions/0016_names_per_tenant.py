"""Custom model and pipeline names are each tenant's own: two agencies may both have a ``phan_loai``.

Until now a name belonged to the tenant that used it first, installation-wide, and another tenant was refused with
a 409 that also told it the name existed elsewhere. Versions and pipelines become unique per (tenant, name,
version); the stage history, rollouts and routed calls, which were keyed by the name alone, gain the tenant. Rows
written before this revision take the tenant of the model that bears their name (names were unique then).

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

OWNER = "COALESCE((SELECT MIN(v.tenant) FROM custom_model_versions v WHERE v.name = {table}.name), 'default')"
ROLLOUT_COLUMNS = "name, candidate, mode, percent, started_at, started_by"


def _rollouts_table(name: str, by_tenant: bool) -> None:
    """custom_rollouts keyed by (tenant, name), or by name alone as before this revision."""
    key = ["tenant", "name"] if by_tenant else ["name"]
    op.create_table(
        name,
        *([sa.Column("tenant", sa.String(64), nullable=False, server_default="default")] if by_tenant else []),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("candidate", sa.Integer, nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("percent", sa.Float, nullable=False),
        sa.Column("started_at", sa.String(32), nullable=False),
        sa.Column("started_by", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint(*key, name=f"pk_{name}"),
    )


def upgrade() -> None:
    for table, constraint in (("custom_model_versions", "uq_custom_model_version"),
                              ("pipelines", "uq_pipelines_name_version")):  # fmt: skip
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(constraint, type_="unique")
            batch.create_unique_constraint(constraint, ["tenant", "name", "version"])
    for table in ("custom_stage_changes", "custom_routed_calls"):
        op.add_column(table, sa.Column("tenant", sa.String(64), nullable=False, server_default="default"))
        op.execute(f"UPDATE {table} SET tenant = {OWNER.format(table=table)}")
    op.create_index("ix_custom_stage_changes_tenant_name", "custom_stage_changes", ["tenant", "name"])
    op.drop_index("ix_custom_routed_calls_name_at", table_name="custom_routed_calls")
    op.create_index("ix_custom_routed_calls_tenant_name_at", "custom_routed_calls", ["tenant", "name", "at"])

    # A rollout's key becomes (tenant, name): a new table, the rows copied with their owner, the old one dropped.
    _rollouts_table("custom_rollouts_by_tenant", by_tenant=True)
    op.execute(f"INSERT INTO custom_rollouts_by_tenant (tenant, {ROLLOUT_COLUMNS}) "
               f"SELECT {OWNER.format(table='custom_rollouts')}, {ROLLOUT_COLUMNS} FROM custom_rollouts")  # fmt: skip
    op.drop_table("custom_rollouts")
    op.rename_table("custom_rollouts_by_tenant", "custom_rollouts")


def downgrade() -> None:
    # Only possible while no name is used by two tenants (the old unique constraints would refuse the rows).
    # The database only: model files written since the upgrade stay under models/custom/.tenants/<tenant>/, where
    # code before this revision does not look; move each <name>/<version> folder up to models/custom/ by hand.
    _rollouts_table("custom_rollouts_by_name", by_tenant=False)
    op.execute(f"INSERT INTO custom_rollouts_by_name ({ROLLOUT_COLUMNS}) SELECT {ROLLOUT_COLUMNS} FROM custom_rollouts")
    op.drop_table("custom_rollouts")
    op.rename_table("custom_rollouts_by_name", "custom_rollouts")
    op.drop_index("ix_custom_routed_calls_tenant_name_at", table_name="custom_routed_calls")
    op.create_index("ix_custom_routed_calls_name_at", "custom_routed_calls", ["name", "at"])
    op.drop_index("ix_custom_stage_changes_tenant_name", table_name="custom_stage_changes")
    for table in ("custom_stage_changes", "custom_routed_calls"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("tenant")
    for table, constraint in (("custom_model_versions", "uq_custom_model_version"),
                              ("pipelines", "uq_pipelines_name_version")):  # fmt: skip
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(constraint, type_="unique")
            batch.create_unique_constraint(constraint, ["name", "version"])

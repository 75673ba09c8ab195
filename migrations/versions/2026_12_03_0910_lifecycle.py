"""Case lifecycle: an extension closes the period it extends; the move to the region, the
cancellation reason and the housing coefficient on inclusions; state-order places and an
override with its reason on education quota lines.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 09:30:00
"""
import datetime as dt

from alembic import op
import sqlalchemy as sa


revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_INCLUSION = ("arrived_address", "cancel_reason", "housing_coefficient")
_EDUCATION = ("state_order_places", "kandas_places_override", "override_reason")


def _as_date(value):
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _close_extended_periods(bind) -> None:
    """Each person's granted periods in order: a period followed by a granted extension ends
    'extended' on the day the extension starts (domain.kandas_status.extension_start)."""
    rows = bind.execute(sa.text(
        "SELECT id, person_id, kind, granted_on, valid_until, ended_on FROM kandas_status "
        "WHERE decision = 'granted' AND granted_on IS NOT NULL AND valid_until IS NOT NULL "
        "ORDER BY person_id, granted_on, id")).all()
    previous = None
    for row in rows:
        if previous is not None and previous.person_id == row.person_id and row.kind == "extension" \
                and previous.ended_on is None:
            start = max(_as_date(previous.valid_until) + dt.timedelta(days=1), _as_date(row.granted_on))
            bind.execute(sa.text("UPDATE kandas_status SET ended_on = :day, end_reason = 'extended' WHERE id = :id"),
                         {"day": start, "id": previous.id})
        previous = row


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy): recreating a table on SQLite would cascade-delete its children.
    op.add_column("quota_inclusion", sa.Column("arrived_address", sa.String(length=500), server_default="",
                                               nullable=False))
    op.add_column("quota_inclusion", sa.Column("cancel_reason", sa.String(length=500), server_default="",
                                               nullable=False))
    op.add_column("quota_inclusion", sa.Column("housing_coefficient", sa.Numeric(10, 2), nullable=True))
    op.add_column("education_quota", sa.Column("state_order_places", sa.Integer(), nullable=True))
    op.add_column("education_quota", sa.Column("kandas_places_override", sa.Integer(), nullable=True))
    op.add_column("education_quota", sa.Column("override_reason", sa.String(length=500), server_default="",
                                               nullable=False))
    # The coefficient the clerk chose is the one its housing items carry.
    op.execute("UPDATE quota_inclusion SET housing_coefficient = (SELECT min(i.mrp_coefficient) FROM subsidy_item i "
               "WHERE i.inclusion_id = quota_inclusion.id AND i.kind = 'housing_monthly')")
    _close_extended_periods(op.get_bind())


def downgrade() -> None:
    op.execute("UPDATE kandas_status SET ended_on = NULL, end_reason = NULL WHERE end_reason = 'extended'")
    for table, columns in (("quota_inclusion", _INCLUSION), ("education_quota", _EDUCATION)):
        for column in columns:
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")  # SQLite 3.35+ and PostgreSQL alike

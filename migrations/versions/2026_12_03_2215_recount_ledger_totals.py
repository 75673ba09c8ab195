"""The ledger's running totals counted again from the items and payments.

A register shared with ``host init`` before this revision had its totals copied as rows while
the ledger triggers counted every copied item and payment a second time on top, so a hosted
register's monthly report showed the subsidies owed and paid twice. The copy now pauses those
triggers (``storage.ledger_totals.paused``); this revision puts the totals of every register, hosted
or not, back to a recount of its ledger. Nothing else changes; on a register that was right the
recount writes the same rows.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03 22:15:00
"""
from alembic import op

from storage import ledger_totals

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(f"DELETE FROM {ledger_totals.DUE}")
    op.execute(f"DELETE FROM {ledger_totals.PAID}")
    for statement in ledger_totals.fill_statements(op.get_bind().dialect.name):
        op.execute(statement)


def downgrade() -> None:
    pass  # the recounted totals are right at every earlier revision too

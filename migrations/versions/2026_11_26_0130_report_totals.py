"""Running totals of the subsidy ledger for the monthly report, kept by database triggers.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 01:30:00

``subsidy_due_total`` holds, per subsidy kind and due month, the cents owed and the number of
items; ``subsidy_paid_total`` per kind, due month of the item and month of payment the cents paid
and the number of payments. Months are whole calendar months, so every figure of the report's
subsidy table is a sum over a few hundred of these rows instead of a scan of millions.

Triggers on ``subsidy_item`` and ``payment`` keep them right for every writer (services, the
import, merges, cascading deletes, raw SQL) on SQLite and PostgreSQL (plpgsql functions there).
An item's payments move with it when its kind or due month changes; when an item is deleted its
BEFORE DELETE trigger takes its payments off, and the payments' own delete trigger then finds no
item (both databases delete the parent row before cascading) and does nothing.

Amounts are kept in integer cents: exact sums on SQLite too, where NUMERIC columns hold floats.
The trigger DDL lives in ``storage.ledger_totals`` (shared with a schema built from the models);
that module never edits it in place, so this revision still creates what it shipped.
"""
from alembic import op
import sqlalchemy as sa

from storage import ledger_totals


revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

DUE, PAID = ledger_totals.DUE, ledger_totals.PAID


def upgrade() -> None:
    op.create_table(
        DUE,
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("due_month", sa.Date(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "due_month", name=op.f("pk_subsidy_due_total")),
    )
    op.create_table(
        PAID,
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("due_month", sa.Date(), nullable=False),
        sa.Column("paid_month", sa.Date(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("payments", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "due_month", "paid_month", name=op.f("pk_subsidy_paid_total")),
    )
    dialect = op.get_bind().dialect.name
    sqlite = dialect == "sqlite"
    # filled and armed in the same transaction as the rest of the upgrade. SQLite has one writer;
    # on PostgreSQL a seat still running the previous version could commit a payment between the
    # fill and the triggers, so the ledger is held still (reads go on) until this commits.
    if not sqlite:
        op.execute(sa.text("LOCK TABLE subsidy_item, payment IN SHARE ROW EXCLUSIVE MODE"))
    for statement in ledger_totals.fill_statements(dialect) + ledger_totals.create_statements(dialect):
        op.execute(sa.text(statement))


def downgrade() -> None:
    for statement in ledger_totals.drop_statements(op.get_bind().dialect.name):
        op.execute(sa.text(statement))
    op.drop_table(PAID)
    op.drop_table(DUE)

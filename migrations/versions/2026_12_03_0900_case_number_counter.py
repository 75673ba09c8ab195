"""A counter row per year gives out case numbers under a lock (storage/case_numbers.py).

The row of a year is created, from the highest case number of that year already in
``family``, the first time a number of that year is taken; this revision only adds the table.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 09:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_number_counter",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_case_number_counter")),
    )


def downgrade() -> None:
    op.drop_table("case_number_counter")

"""Approved (frozen) months: the monthly report's figures, PDF and payment register as approved,
with a SHA-256 hash over them (services/closed_months.py).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "closed_month",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("approved_at", sa.DateTime(), nullable=False),
        sa.Column("approved_by", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("figures_json", sa.Text(), nullable=False),
        sa.Column("register_json", sa.Text(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("month", name=op.f("pk_closed_month")),
    )


def downgrade() -> None:
    op.drop_table("closed_month")

"""Families carry a copy of the head's name, IIN and birth date and the member count, so a
registry page reads family rows alone (see storage/family_summary.py).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 01:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# domain.names.full_name: the non-empty parts joined by one space (SQLite and PostgreSQL alike).
_HEAD_NAME = ("substr(CASE WHEN h.surname <> '' THEN ' ' || h.surname ELSE '' END"
              " || CASE WHEN h.given_name <> '' THEN ' ' || h.given_name ELSE '' END"
              " || CASE WHEN COALESCE(h.patronymic, '') <> '' THEN ' ' || h.patronymic ELSE '' END, 2)")


def _head(expression: str) -> str:
    return (f"(SELECT {expression} FROM person h WHERE h.family_id = family.id AND h.relation = 'head' "
            f"ORDER BY h.id LIMIT 1)")


def upgrade() -> None:
    # Plain ADD/DROP COLUMN, never a batch table copy: recreating ``family`` on SQLite would drop
    # the old table, and with foreign keys on, its persons and every other row pointing at it.
    op.add_column("family", sa.Column("head_name", sa.String(length=302), server_default="", nullable=False))
    op.add_column("family", sa.Column("head_iin", sa.String(length=12), nullable=True))
    op.add_column("family", sa.Column("head_birth_date", sa.Date(), nullable=True))
    op.add_column("family", sa.Column("member_count", sa.Integer(), server_default="0", nullable=False))
    op.execute(
        f"UPDATE family SET head_name = COALESCE({_head(_HEAD_NAME)}, ''), head_iin = {_head('h.iin')}, "
        f"head_birth_date = {_head('h.birth_date')}, "
        "member_count = (SELECT count(*) FROM person m WHERE m.family_id = family.id)")


def downgrade() -> None:
    for column in ("member_count", "head_birth_date", "head_iin", "head_name"):
        op.execute(f"ALTER TABLE family DROP COLUMN {column}")  # SQLite 3.35+ and PostgreSQL alike

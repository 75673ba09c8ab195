"""Letter templates the administrator edits (certificate, referral; kk, ru); an audit index for history.

The shipped texts live in domain/letters.py; a row here is the centre's own text for one kind of
letter in one language and replaces the shipped one.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 13:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "letter_template",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.UniqueConstraint("kind", "language", name="uq_letter_template_kind_language"),
    )
    # the history of a family or person finds its deleted rows without reading every entry
    op.create_index("ix_audit_log_action_entity", "audit_log", ["action", "entity", "entity_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_audit_log_action_entity", table_name="audit_log")
    op.drop_table("letter_template")

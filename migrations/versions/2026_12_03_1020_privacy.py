"""Personal data: a basis of processing per person, the legal grounds list, and a log of views.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 12:00:00
"""
import datetime as dt

from alembic import op
import sqlalchemy as sa


revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# The two laws under which a centre processes kandas data without consent; the administrator
# edits, adds or retires grounds afterwards (services/privacy_grounds.py).
GROUNDS = (
    ("migration_law", "«Халықтың көші-қоны туралы» Қазақстан Республикасының Заңы",
     "Закон Республики Казахстан «О миграции населения»",
     "Law of the Republic of Kazakhstan «On population migration»"),
    ("social_code", "Қазақстан Республикасының Әлеуметтік кодексі",
     "Социальный кодекс Республики Казахстан", "Social Code of the Republic of Kazakhstan"),
)


def upgrade() -> None:
    legal_ground = op.create_table(
        "legal_ground",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name_kk", sa.String(length=300), nullable=False),
        sa.Column("name_ru", sa.String(length=300), nullable=False),
        sa.Column("name_en", sa.String(length=300), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_legal_ground")),
    )
    op.create_table(
        "processing_basis",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("legal_ground_code", sa.String(length=32), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("consent_form", sa.String(length=16), nullable=True),
        sa.Column("attachment_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=500), server_default="", nullable=False),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("withdrawal_note", sa.String(length=500), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(["attachment_id"], ["attachment.id"],
                                name=op.f("fk_processing_basis_attachment_id_attachment"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["legal_ground_code"], ["legal_ground.code"],
                                name=op.f("fk_processing_basis_legal_ground_code_legal_ground")),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"],
                                name=op.f("fk_processing_basis_person_id_person"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_processing_basis")),
    )
    op.create_index("ix_processing_basis_in_force", "processing_basis", ["person_id", "valid_from", "withdrawn_on"],
                    unique=False)
    op.create_table(
        "record_view",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("actor_login", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.String(length=500), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_view")),
    )
    op.create_index("ix_record_view_family", "record_view", ["family_id", "occurred_at"], unique=False)
    op.create_index("ix_record_view_actor", "record_view", ["actor_login", "occurred_at"], unique=False)
    op.create_index("ix_record_view_occurred_at", "record_view", ["occurred_at"], unique=False)
    now = dt.datetime(2026, 12, 3, 12, 0)
    op.bulk_insert(legal_ground, [{"code": code, "name_kk": kk, "name_ru": ru, "name_en": en, "active": True,
                                   "updated_at": now, "updated_by": "system"} for code, kk, ru, en in GROUNDS])


def downgrade() -> None:
    op.drop_index("ix_record_view_occurred_at", table_name="record_view")
    op.drop_index("ix_record_view_actor", table_name="record_view")
    op.drop_index("ix_record_view_family", table_name="record_view")
    op.drop_table("record_view")
    op.drop_index("ix_processing_basis_in_force", table_name="processing_basis")
    op.drop_table("processing_basis")
    op.drop_table("legal_ground")

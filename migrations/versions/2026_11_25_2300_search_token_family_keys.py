"""Search tokens carry the person's family and the family's head sort key (index-only search),
IINs become tokens too, and case numbers get an index with the head sort key.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 23:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_person_search_token_key", ["token", "head_sort_key", "family_id", "person_id"]),
    ("ix_person_search_token_family", ["family_id", "token", "person_id"]),
    ("ix_person_search_token_person", ["person_id", "token"]),  # replaces the index on person_id alone
)


def upgrade() -> None:
    op.drop_index("ix_person_search_token_person_id", table_name="person_search_token")
    with op.batch_alter_table("person_search_token") as batch:
        batch.add_column(sa.Column("family_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("head_sort_key", sa.String(length=200), server_default="", nullable=True))
    # A token of a person that no longer exists (written while foreign keys were off) has no family.
    op.execute("DELETE FROM person_search_token WHERE person_id NOT IN (SELECT id FROM person)")
    op.execute(
        "UPDATE person_search_token SET "
        "family_id = (SELECT p.family_id FROM person p WHERE p.id = person_search_token.person_id), "
        "head_sort_key = (SELECT f.head_sort_key FROM person p JOIN family f ON f.id = p.family_id "
        "WHERE p.id = person_search_token.person_id)")
    with op.batch_alter_table("person_search_token") as batch:
        batch.alter_column("family_id", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("head_sort_key", existing_type=sa.String(length=200), existing_server_default="",
                           nullable=False)
    # Each IIN becomes one more token ("#" + digits), so an IIN prefix uses the same indexes.
    op.execute(
        "INSERT INTO person_search_token (token, person_id, family_id, head_sort_key) "
        "SELECT '#' || p.iin, p.id, p.family_id, f.head_sort_key FROM person p JOIN family f ON f.id = p.family_id "
        "WHERE p.iin IS NOT NULL AND p.iin <> ''")
    for name, columns in INDEXES:
        op.create_index(name, "person_search_token", columns, unique=False)
    op.create_index("ix_family_case_number_key", "family", ["case_number", "head_sort_key"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_family_case_number_key", table_name="family")
    op.execute("DELETE FROM person_search_token WHERE token LIKE '#%'")
    for name, _columns in reversed(INDEXES):
        op.drop_index(name, table_name="person_search_token")
    with op.batch_alter_table("person_search_token") as batch:
        batch.drop_column("head_sort_key")
        batch.drop_column("family_id")
    op.create_index("ix_person_search_token_person_id", "person_search_token", ["person_id"], unique=False)

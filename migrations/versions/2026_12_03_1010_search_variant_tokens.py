"""Variant-key search tokens (``~`` + key) for every existing person, so that search finds a
person under another spelling of their name (see domain/search.py and docs/search.md).

The keys come from ``domain.search.name_tokens`` (the rules of ``domain.name_variants``): the
same function every writer uses, so the tokens written here equal those a later edit writes.
Should those rules change, a new revision rewrites the ``~`` tokens the same way.
Persons are read and written in batches of ``BATCH`` ids, so a million persons never sit in memory.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 12:30:00
"""
from alembic import op
import sqlalchemy as sa

from domain.search import VARIANT_MARK, name_tokens

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

BATCH = 5000
_PERSONS = sa.text(
    "SELECT p.id, p.family_id, p.surname, p.given_name, p.patronymic, p.latin_name, f.head_sort_key "
    "FROM person p JOIN family f ON f.id = p.family_id WHERE p.id > :after ORDER BY p.id LIMIT :batch")
_INSERT = sa.text("INSERT INTO person_search_token (token, person_id, family_id, head_sort_key) "
                  "VALUES (:token, :person_id, :family_id, :head_sort_key)")


def _full_name(*parts) -> str:
    return " ".join(part for part in parts if part)


def upgrade() -> None:
    connection = op.get_bind()
    connection.execute(sa.text(f"DELETE FROM person_search_token WHERE token LIKE '{VARIANT_MARK}%'"))
    after = 0
    while True:
        persons = connection.execute(_PERSONS, {"after": after, "batch": BATCH}).all()
        if not persons:
            break
        rows = [{"token": token[:100], "person_id": person_id, "family_id": family_id, "head_sort_key": key}
                for person_id, family_id, surname, given, patronymic, latin, key in persons
                for token in name_tokens(_full_name(surname, given, patronymic), latin or "")
                if token.startswith(VARIANT_MARK)]
        if rows:
            connection.execute(_INSERT, rows)
        after = persons[-1][0]


def downgrade() -> None:
    op.execute(f"DELETE FROM person_search_token WHERE token LIKE '{VARIANT_MARK}%'")

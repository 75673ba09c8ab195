"""Revision 0003 fills the tokens' copies of the family id and head sort key and adds IIN tokens."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import command

from storage import schema
from storage.engine import create_engine


def _upgrade(engine, target):
    with engine.begin() as connection:
        command.upgrade(schema.alembic_config(connection), target)


def test_upgrade_fills_family_and_head_key_of_existing_tokens(any_db_url):
    engine = create_engine(any_db_url)
    _upgrade(engine, "0002")
    now = dt.datetime(2025, 1, 1, 9, 0)
    stamp = {"created_at": now, "created_by": "t", "updated_at": now, "updated_by": "t"}
    with engine.begin() as connection:
        schema.ensure_reference_data(connection, now)
        for family_id, key in ((1, "k1"), (2, "k2")):
            connection.execute(sa.text(
                "INSERT INTO family (id, case_number, stage, head_sort_key, address, phone, notes, created_at, "
                "created_by, updated_at, updated_by, version) VALUES (:id, :case, 'arrived', :key, '', '', '', "
                ":created_at, :created_by, :updated_at, :updated_by, 1)"),
                {"id": family_id, "case": f"2025-0000{family_id}", "key": key, **stamp})
        for person_id, family_id, surname in ((1, 1, "Қасымов"), (2, 2, "Омаров"), (3, 2, "Омарова")):
            connection.execute(sa.text(
                "INSERT INTO person (id, family_id, relation, surname, given_name, patronymic, latin_name, iin, "
                "profession, search_key, sort_key, created_at, created_by, updated_at, updated_by, version) VALUES "
                "(:id, :family_id, 'head', :surname, 'Нұрлан', '', '', :iin, '', 'x', 'x', "
                ":created_at, :created_by, :updated_at, :updated_by, 1)"),
                {"id": person_id, "family_id": family_id, "surname": surname,
                 "iin": "871008401427" if person_id == 2 else None, **stamp})
            connection.execute(sa.text("INSERT INTO person_search_token (token, person_id) VALUES ('nurlan', :id)"),
                               {"id": person_id})
    _upgrade(engine, "0003")
    with engine.connect() as connection:
        rows = connection.execute(sa.text(
            "SELECT token, person_id, family_id, head_sort_key FROM person_search_token "
            "ORDER BY person_id, token")).all()
    # Every token has its family and head key; the IIN is a token of its own ("#" + digits).
    assert [tuple(row) for row in rows] == [("nurlan", 1, 1, "k1"), ("#871008401427", 2, 2, "k2"),
                                            ("nurlan", 2, 2, "k2"), ("nurlan", 3, 2, "k2")]
    engine.dispose()

"""Revision 0012 gives every existing person the variant-key tokens a writer would give them."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import command

from domain.search import VARIANT_MARK, name_tokens
from storage import schema
from storage.engine import create_engine

PERSONS = ((1, 1, "Әбдірахманов", "Нұрсұлтан", "Серікұлы", "ABDIRAKHMANOV NURSULTAN"),
           (2, 2, "Сейітқали", "Тимур", "", ""), (3, 2, "Сейітқалиева", "Айгүл", "", ""))


def _run(engine, action, target):
    with engine.begin() as connection:
        action(schema.alembic_config(connection), target)


def _variant_tokens(engine) -> list[tuple]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(sa.text(
            "SELECT person_id, token, family_id, head_sort_key FROM person_search_token "
            f"WHERE token LIKE '{VARIANT_MARK}%' ORDER BY person_id, token"))]


def _add_persons(engine, persons) -> None:
    now = dt.datetime(2025, 1, 1, 9, 0)
    stamp = {"created_at": now, "created_by": "t", "updated_at": now, "updated_by": "t"}
    with engine.begin() as connection:
        schema.ensure_reference_data(connection, now)
        for family_id in (1, 2):
            connection.execute(sa.text(
                "INSERT INTO family (id, case_number, stage, head_sort_key, address, phone, notes, created_at, "
                "created_by, updated_at, updated_by, version) VALUES (:id, :case, 'arrived', :key, '', '', '', "
                ":created_at, :created_by, :updated_at, :updated_by, 1)"),
                {"id": family_id, "case": f"2025-0000{family_id}", "key": f"k{family_id}", **stamp})
        for person_id, family_id, surname, given, patronymic, latin in persons:
            connection.execute(sa.text(
                "INSERT INTO person (id, family_id, relation, surname, given_name, patronymic, latin_name, "
                "profession, search_key, sort_key, created_at, created_by, updated_at, updated_by, version) VALUES "
                "(:id, :family_id, 'head', :surname, :given, :patronymic, :latin, '', 'x', 'x', "
                ":created_at, :created_by, :updated_at, :updated_by, 1)"),
                {"id": person_id, "family_id": family_id, "surname": surname, "given": given,
                 "patronymic": patronymic, "latin": latin, **stamp})


def _expected(persons) -> list[tuple]:
    return sorted((person_id, token, family_id, f"k{family_id}")
                  for person_id, family_id, surname, given, patronymic, latin in persons
                  for token in name_tokens(" ".join(p for p in (surname, given, patronymic) if p), latin)
                  if token.startswith(VARIANT_MARK))


def test_backfill_and_downgrade(any_db_url):
    engine = create_engine(any_db_url)
    _run(engine, command.upgrade, "0011")
    _add_persons(engine, PERSONS)
    _run(engine, command.upgrade, "head")
    expected = _expected(PERSONS)
    assert _variant_tokens(engine) == expected
    assert ("1", "~abdrkmnv") in {(str(p), t) for p, t, _f, _k in expected}
    _run(engine, command.downgrade, "0011")
    assert _variant_tokens(engine) == []
    engine.dispose()


def test_revision_0020_rewrites_keys_of_patronymics_spelled_with_kazakh_letters(any_db_url):
    """«Серікөвич» had the key of its whole word under 0012's rule; 0020 writes the father's
    name's key, the one search now computes (and «Серикович» has)."""
    engine = create_engine(any_db_url)
    _run(engine, command.upgrade, "0019")
    persons = ((1, 1, "Ахметов", "Бекзат", "Серікөвич", ""), (2, 2, "Жұмабаев", "Ерлан", "Ермекіч", ""))
    _add_persons(engine, persons)
    with engine.begin() as connection:  # the tokens as 0012's rule wrote them
        for person_id, family_id, stale in ((1, 1, "~srkvch"), (2, 2, "~armkch")):
            connection.execute(sa.text(
                "INSERT INTO person_search_token (token, person_id, family_id, head_sort_key) "
                "VALUES (:token, :person_id, :family_id, :key)"),
                {"token": stale, "person_id": person_id, "family_id": family_id, "key": f"k{family_id}"})
    _run(engine, command.upgrade, "head")
    tokens = _variant_tokens(engine)
    assert tokens == _expected(persons)
    assert (1, "~srk", 1, "k1") in tokens and (2, "~armk", 2, "k2") in tokens
    assert not {"~srkvch", "~armkch"} & {token for _p, token, _f, _k in tokens}
    engine.dispose()

"""Revision 0006 fills the registry row's copies on ``family`` from the persons, the same
values ``storage.family_summary`` computes at run time, and downgrades cleanly."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import command

from domain.names import full_name
from storage import family_summary, schema, tables
from storage.engine import create_engine

REVISION = "0006"
# (family id, [(person id, relation, surname, given name, patronymic, IIN, birth date)])
FAMILIES = (
    (1, [(1, "head", "Қасымов", "Нұрлан", "Серікұлы", "871008401427", "1987-10-08"),
         (2, "spouse", "Қасымова", "Дана", "", None, None)]),
    (2, [(3, "child", "Омаров", "Айбек", "", None, None)]),  # no head: an empty name, one member
    (3, [(4, "head", "Әбдіков", "", "", None, "1990-01-01")]),  # an empty given name: no double space
    (4, []),  # no members at all
)


def _upgrade(engine, target):
    with engine.begin() as connection:
        command.upgrade(schema.alembic_config(connection), target)


def _downgrade(engine, target):
    with engine.begin() as connection:
        command.downgrade(schema.alembic_config(connection), target)


def _fill(engine) -> None:
    now = dt.datetime(2025, 1, 1, 9, 0)
    stamp = {"created_at": now, "created_by": "t", "updated_at": now, "updated_by": "t"}
    with engine.begin() as connection:
        schema.ensure_reference_data(connection, now)
        for family_id, persons in FAMILIES:
            connection.execute(sa.text(
                "INSERT INTO family (id, case_number, stage, head_sort_key, address, phone, notes, created_at, "
                "created_by, updated_at, updated_by, version) VALUES (:id, :case, 'arrived', 'k', '', '', '', "
                ":created_at, :created_by, :updated_at, :updated_by, 1)"),
                {"id": family_id, "case": f"2025-0000{family_id}", **stamp})
            for person_id, relation, surname, given, patronymic, iin, birth in persons:
                connection.execute(sa.text(
                    "INSERT INTO person (id, family_id, relation, surname, given_name, patronymic, latin_name, iin, "
                    "birth_date, profession, search_key, sort_key, created_at, created_by, updated_at, updated_by, "
                    "version) VALUES (:id, :family_id, :relation, :surname, :given, :patronymic, '', :iin, :birth, "
                    "'', 'x', 'x', :created_at, :created_by, :updated_at, :updated_by, 1)"),
                    {"id": person_id, "family_id": family_id, "relation": relation, "surname": surname,
                     "given": given, "patronymic": patronymic, "iin": iin,
                     "birth": dt.date.fromisoformat(birth) if birth else None, **stamp})


def test_upgrade_fills_the_copies_and_downgrade_removes_them(any_db_url):
    engine = create_engine(any_db_url)
    try:
        _upgrade(engine, "0005")
        _fill(engine)
        _upgrade(engine, REVISION)
        with engine.connect() as connection:
            rows = connection.execute(sa.select(tables.family.c.id, tables.family.c.head_name, tables.family.c.head_iin,
                                                tables.family.c.head_birth_date, tables.family.c.member_count)
                                      .order_by(tables.family.c.id)).all()
        assert [tuple(row) for row in rows] == [
            (1, full_name("Қасымов", "Нұрлан", "Серікұлы"), "871008401427", dt.date(1987, 10, 8), 2),
            (2, "", None, None, 1),
            (3, "Әбдіков", None, dt.date(1990, 1, 1), 1),
            (4, "", None, None, 0)]
        _downgrade(engine, "0005")
        columns = {column["name"] for column in sa.inspect(engine).get_columns("family")}
        assert not columns & set(family_summary.COLUMNS)
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT count(*) FROM person")).scalar() == 4
        _upgrade(engine, "head")  # and back up again, with the copies of later revisions too
        with engine.connect() as connection:
            # The run-time computation agrees with the migration's SQL: nothing to rewrite.
            assert family_summary.refresh(connection, [family_id for family_id, _ in FAMILIES]) == 0
    finally:
        engine.dispose()


def test_head_name_is_the_domain_full_name(any_db_url, monkeypatch):
    """The copy is ``domain.names.full_name`` of the head's parts: no SQL copy of that rule."""
    names = [("Қасымов", "Нұрлан", "Серікұлы"), ("Қасымов", "", "Серікұлы"), ("", "Дана", ""),
             ("", "", ""), ("Ли", "Ён", ""), ("O'Neil", "Ann-Mari", "Ұлықбекқызы")]
    families = tuple((index + 1, [(index + 1, "head", *name, None, None)]) for index, name in enumerate(names))
    monkeypatch.setitem(globals(), "FAMILIES", families)
    engine = create_engine(any_db_url)
    try:
        _upgrade(engine, "head")  # storage.family_summary reads the copies of later revisions too
        _fill(engine)
        with engine.begin() as connection:
            connection.execute(tables.family.update().values(head_name="stale"))
            assert family_summary.refresh(connection, [family_id for family_id, _ in families]) == len(names)
            got = connection.execute(sa.select(tables.family.c.head_name).order_by(tables.family.c.id)).scalars().all()
        assert got == [full_name(*name) for name in names]
    finally:
        engine.dispose()

"""Revision 0017 fills each family's copy of its members' earliest current status end
(``family.status_valid_until``) from the statuses already there, the same value
``storage.family_summary`` computes at run time and ``domain.case_due`` recounts, on SQLite, on
PostgreSQL and on a hosted register (audit triggers installed), and downgrades cleanly."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from alembic import command

from domain.case_due import StatusSpan, status_valid_until
from storage import family_summary, schema, tables
from storage.engine import create_engine

BEFORE, REVISION = "0016", "0017"
D = dt.date
# family id → members; each member a list of statuses (decision, valid until, ended on, end reason)
FAMILIES: dict[int, list[list[tuple]]] = {
    # extended (the first grant ended by the extension) and a spouse ending earlier: the spouse's end
    1: [[("granted", D(2026, 5, 1), D(2026, 4, 20), "extended"), ("granted", D(2027, 5, 1), None, None)],
        [("granted", D(2027, 3, 1), None, None)]],
    2: [[("pending", None, None, None)]],  # applied, not decided: none
    3: [[("granted", D(2026, 1, 9), D(2025, 6, 1), "citizenship")]],  # ended by citizenship: none
    4: [[("granted", D(2025, 2, 1), None, None)], []],  # expired, not ended: its past end
    5: [],  # no members
    6: [[("refused", D(2030, 1, 1), None, None)], [("granted", None, None, None)]],  # nothing counts
}


def _alembic(engine, action, target):
    with engine.begin() as connection:
        action(schema.alembic_config(connection), target)


def _fill(engine) -> list[StatusSpan]:
    """The families above, written as plain rows at revision 0016; returns every status as a span."""
    now = dt.datetime(2025, 1, 1, 9, 0)
    stamp = {"created_at": now, "created_by": "t", "updated_at": now, "updated_by": "t"}
    spans: list[StatusSpan] = []
    person_id = 0
    with engine.begin() as connection:
        schema.ensure_reference_data(connection, now)
        for family_id, members in FAMILIES.items():
            connection.execute(tables.family.insert().values(
                id=family_id, case_number=f"2025-{family_id:05d}", stage="arrived", **stamp))
            for statuses in members:
                person_id += 1
                connection.execute(tables.person.insert().values(
                    id=person_id, family_id=family_id, relation="head", surname="С",
                    given_name="Г", search_key="x", sort_key="x", **stamp))
                for decision, until, ended_on, reason in statuses:
                    connection.execute(sa.text(
                        "INSERT INTO kandas_status (person_id, kind, decision, certificate_number, granted_on, "
                        "valid_until, ended_on, end_reason, created_at, created_by, updated_at, updated_by, version) "
                        "VALUES (:person, 'initial', :decision, '', :granted, :until, :ended, :reason, :created_at, "
                        ":created_by, :updated_at, :updated_by, 1)"),
                        {"person": person_id, "decision": decision, "granted": until and until - dt.timedelta(365),
                         "until": until, "ended": ended_on, "reason": reason, **stamp})
                    spans.append(StatusSpan(person_id, decision, until, ended_on))
    return spans


def _expected(spans: list[StatusSpan]) -> dict[int, dt.date | None]:
    person_family = {}
    person_id = 0
    for family_id, members in FAMILIES.items():
        for _ in members:
            person_id += 1
            person_family[person_id] = family_id
    return {family_id: status_valid_until(s for s in spans if person_family[s.person_id] == family_id)
            for family_id in FAMILIES}


def _copies(engine) -> dict[int, dt.date | None]:
    with engine.connect() as connection:
        return dict(connection.execute(sa.select(tables.family.c.id, tables.family.c.status_valid_until)).all())


def test_upgrade_fills_the_status_end_and_downgrade_removes_it(any_db_url):
    engine = create_engine(any_db_url)
    try:
        _alembic(engine, command.upgrade, BEFORE)
        spans = _fill(engine)
        _alembic(engine, command.upgrade, REVISION)
        expected = _expected(spans)
        assert expected == {1: D(2027, 3, 1), 2: None, 3: None, 4: D(2025, 2, 1), 5: None, 6: None}
        assert _copies(engine) == expected
        _alembic(engine, command.upgrade, "head")
        with engine.begin() as connection:  # the run-time computation agrees with the migration's SQL
            family_summary.refresh(connection, FAMILIES)
        assert _copies(engine) == expected
        _alembic(engine, command.downgrade, BEFORE)
        inspector = sa.inspect(engine)
        assert "status_valid_until" not in {column["name"] for column in inspector.get_columns("family")}
        assert "ix_family_status_valid_until" not in {index["name"] for index in inspector.get_indexes("family")}
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT count(*) FROM kandas_status")).scalar() == len(spans)
        _alembic(engine, command.upgrade, "head")  # and back up again
        assert _copies(engine) == expected
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_a_hosted_register_is_backfilled_without_an_audit_entry_per_family(pg_url):
    """On a hosted register (``storage.pg_roles`` installed, statement audit triggers on
    ``family``) the backfill runs with the family trigger off for that one statement: the copies
    are filled, no audit entry repeats statuses already audited, and the trigger is back on, so a
    later change of a family is audited as before."""
    from storage import pg_roles
    engine = create_engine(pg_url)
    try:
        _alembic(engine, command.upgrade, BEFORE)
        spans = _fill(engine)
        with engine.begin() as connection:
            pg_roles.install(connection)
        pg_roles.forget()
        with engine.connect() as connection:
            entries = connection.execute(sa.text("SELECT count(*) FROM audit_log")).scalar()
        _alembic(engine, command.upgrade, REVISION)
        assert _copies(engine) == _expected(spans)
        with engine.begin() as connection:
            assert connection.execute(sa.text("SELECT count(*) FROM audit_log")).scalar() == entries
            assert connection.execute(sa.text(
                "SELECT tgenabled FROM pg_trigger WHERE tgrelid = 'family'::regclass "
                "AND tgname = 'qandas_audit_update'")).scalar() == "O"
            connection.execute(sa.text("UPDATE family SET notes = 'after' WHERE id = 1"))
            logged = connection.execute(sa.text(
                "SELECT count(*) FROM audit_log WHERE entity = 'family' AND entity_id = '1'")).scalar()
        assert logged == 1
    finally:
        engine.dispose()

"""Revision 0008 closes every period that a granted extension continues ('extended',
on the day the extension starts), keeps the other periods as they were, takes the housing
coefficient from the housing items, and downgrades cleanly."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import command

from storage import schema
from storage.engine import create_engine

REVISION = "0008"
D = dt.date
# (status id, person id, kind, granted on, valid until, ended on, end reason)
STATUSES = (
    (1, 1, "initial", D(2023, 3, 1), D(2024, 2, 29), None, None),
    (2, 1, "extension", D(2024, 2, 10), D(2025, 2, 28), None, None),  # timely: starts the day after
    (3, 1, "extension", D(2025, 4, 1), D(2026, 3, 31), None, None),   # late: starts on its decision
    (4, 2, "initial", D(2024, 5, 5), D(2025, 5, 4), D(2025, 1, 10), "citizenship"),  # ended by hand: kept
    (5, 3, "initial", D(2024, 1, 1), D(2024, 12, 31), None, None),  # never extended: stays open
)


def _run(engine, verb, target):
    with engine.begin() as connection:
        getattr(command, verb)(schema.alembic_config(connection), target)


def _fill(engine) -> None:
    now = dt.datetime(2025, 1, 1, 9, 0)
    stamp = {"created_at": now, "created_by": "t", "updated_at": now, "updated_by": "t"}
    with engine.begin() as connection:
        schema.ensure_reference_data(connection, now)
        connection.execute(sa.text(
            "INSERT INTO family (id, case_number, stage, head_sort_key, address, phone, notes, created_at, "
            "created_by, updated_at, updated_by, version) VALUES (1, '2025-00001', 'arrived', 'k', '', '', '', "
            ":created_at, :created_by, :updated_at, :updated_by, 1)"), stamp)
        for person_id in (1, 2, 3):
            connection.execute(sa.text(
                "INSERT INTO person (id, family_id, relation, surname, given_name, patronymic, latin_name, "
                "profession, search_key, sort_key, created_at, created_by, updated_at, updated_by, version) "
                "VALUES (:id, 1, 'head', 'Қасымов', 'Нұрлан', '', '', '', 'x', 'x', :created_at, :created_by, "
                ":updated_at, :updated_by, 1)"), {"id": person_id, **stamp})
        for status_id, person_id, kind, granted, until, ended, reason in STATUSES:
            connection.execute(sa.text(
                "INSERT INTO kandas_status (id, person_id, kind, decision, certificate_number, granted_on, "
                "valid_until, ended_on, end_reason, created_at, created_by, updated_at, updated_by, version) "
                "VALUES (:id, :person, :kind, 'granted', '', :granted, :until, :ended, :reason, :created_at, "
                ":created_by, :updated_at, :updated_by, 1)"),
                {"id": status_id, "person": person_id, "kind": kind, "granted": granted, "until": until,
                 "ended": ended, "reason": reason, **stamp})
        connection.execute(sa.text(
            "INSERT INTO quota_inclusion (id, family_id, year, region_code, settlement, decision_date, "
            "decision_number, persons_count, over_plan_override, override_reason, created_at, created_by, "
            "updated_at, updated_by, version) VALUES (1, 1, 2024, 'PAVLODAR', '', :day, 'K-1', 1, false, '', "
            ":created_at, :created_by, :updated_at, :updated_by, 1)"), {"day": D(2024, 6, 1), **stamp})
        connection.execute(sa.text(
            "INSERT INTO subsidy_item (inclusion_id, kind, period_month, due_date, amount_due, mrp_year, "
            "mrp_coefficient, persons, created_at, created_by) VALUES (1, 'housing_monthly', :month, :due, 55380, "
            "2024, 15, 1, :created_at, :created_by)"),
            {"month": D(2024, 6, 1), "due": D(2024, 6, 30), **stamp})


def test_upgrade_closes_extended_periods_and_downgrade_reopens_them(any_db_url):
    engine = create_engine(any_db_url)
    try:
        _run(engine, "upgrade", "0006")
        _fill(engine)
        _run(engine, "upgrade", REVISION)
        with engine.connect() as connection:
            rows = connection.execute(sa.text(
                "SELECT id, ended_on, end_reason FROM kandas_status ORDER BY id")).all()
            coefficient = connection.execute(sa.text(
                "SELECT housing_coefficient, arrived_address, cancel_reason FROM quota_inclusion")).one()
        got = [(row[0], D.fromisoformat(row[1]) if isinstance(row[1], str) else row[1], row[2]) for row in rows]
        assert got == [(1, D(2024, 3, 1), "extended"), (2, D(2025, 4, 1), "extended"), (3, None, None),
                       (4, D(2025, 1, 10), "citizenship"), (5, None, None)]
        assert float(coefficient[0]) == 15.0 and coefficient[1:] == ("", "")
        _run(engine, "downgrade", "0006")
        with engine.connect() as connection:
            assert connection.execute(sa.text(
                "SELECT count(*) FROM kandas_status WHERE end_reason = 'extended'")).scalar() == 0
            assert connection.execute(sa.text("SELECT count(*) FROM kandas_status")).scalar() == 5
        columns = {column["name"] for column in sa.inspect(engine).get_columns("quota_inclusion")}
        assert "arrived_address" not in columns
        _run(engine, "upgrade", REVISION)
    finally:
        engine.dispose()

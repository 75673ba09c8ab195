"""Case numbers come from a counter row per year, which starts after the cases already there."""
from __future__ import annotations

import sqlite3

import datetime as dt

from services.dto import PersonInput
from tests.services.test_registration import family


def _register(services, **overrides) -> str:
    head = PersonInput("Қасымов", "Нұрлан", relation="head", birth_date=dt.date(1980, 1, 2), sex="M")
    return services.registration.register_family(family(head, **overrides), confirm_duplicates=True).case_number


def test_numbers_follow_each_other_and_the_counter_starts_after_existing_cases(services, db_path):
    assert [_register(services) for _ in range(2)] == ["2026-00001", "2026-00002"]
    with sqlite3.connect(db_path) as connection:  # cases written before the counter existed
        connection.execute("UPDATE family SET case_number = '2026-99999' WHERE case_number = '2026-00001'")
        connection.execute("UPDATE family SET case_number = '2026-100000' WHERE case_number = '2026-00002'")
        connection.execute("DELETE FROM case_number_counter")
    assert _register(services) == "2026-100001"  # the longest number, not the greatest text
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT year, last_number FROM case_number_counter").fetchall() == [(2026, 100001)]


"""The demo tells a centre's true story: staff of every role, a worker per family, each family's
events at its own dates, one script per name, and reminders a real centre would have today."""
from __future__ import annotations

import datetime as dt
import re
import sqlite3

from domain.permissions import Role
from services.demo.staff import STAFF, demo_password
from tests.conftest import FIXED_NOW

TODAY = FIXED_NOW.date()
LATIN = re.compile(r"[A-Za-z]")


def _rows(db_path, query: str) -> list[tuple]:
    with sqlite3.connect(db_path) as connection:
        return connection.execute(query).fetchall()


def test_demo_staff_sign_in_and_every_family_has_a_worker(services, db_path):
    services.demo(families=30, seed=7)  # families_only leaves accounts out
    roles = {login: role for login, role, _name in STAFF}
    assert set(roles.values()) == set(Role.ALL)
    assert dict(_rows(db_path, "SELECT login, role FROM app_user")) == roles
    for login in ("admin", "viewer"):  # signing in re-hashes with the full cost: two are enough
        assert services.users.authenticate(login, demo_password(login)).role == roles[login]
    workers = dict(_rows(db_path, "SELECT id, role FROM app_user"))
    responsible = [row[0] for row in _rows(db_path, "SELECT responsible_user_id FROM family")]
    assert len(responsible) == 30 and all(workers.get(r) in (Role.CASE_WORKER, Role.SUPERVISOR) for r in responsible)
    assert services.centre.details().name("ru")  # the demo centre has its details for the reports
    services.demo(families=5, seed=8)  # a second run reuses the accounts
    assert len(_rows(db_path, "SELECT id FROM app_user")) == len(STAFF)


def test_demo_events_are_dated_by_the_family_and_names_keep_one_script(services, db_path):
    services.demo(families=30, seed=7, families_only=True)
    registered = _rows(db_path, "SELECT f.arrival_date, e.occurred_at, f.created_at FROM family_event e "
                                "JOIN family f ON f.id = e.family_id WHERE e.kind = 'registered'")
    assert len(registered) == 30
    for arrival, occurred, created in registered:
        assert occurred[:10] == arrival == created[:10]
    for surname, given, patronymic, latin in _rows(db_path, "SELECT surname, given_name, patronymic, latin_name "
                                                            "FROM person"):
        assert not LATIN.search(surname + given + (patronymic or "")), (surname, given)
        assert latin and latin == latin.upper() and not re.search(r"[^A-Z ]", latin), latin


def test_demo_reminders_are_those_of_a_working_centre(services, db_path):
    services.demo(families=25, seed=7)
    assigned = _rows(db_path, "SELECT t.assignee_id, f.responsible_user_id FROM task t JOIN family f "
                              "ON f.id = t.family_id WHERE t.kind = 'manual'")
    assert assigned and all(a == r for a, r in assigned)
    tasks = _rows(db_path, "SELECT e.occurred_at FROM family_event e WHERE e.kind = 'task'")
    assert tasks and len({occurred[:10] for (occurred,) in tasks}) > 10  # not one demo minute
    open_tasks = _rows(db_path, "SELECT due_date FROM task WHERE kind = 'manual' AND done_at IS NULL")
    assert open_tasks
    for (due,) in open_tasks:
        assert TODAY - dt.timedelta(days=7) <= dt.date.fromisoformat(due) <= TODAY + dt.timedelta(days=31)
    done = _rows(db_path, "SELECT due_date, done_at FROM task WHERE kind = 'manual' AND done_at IS NOT NULL")
    assert done and all(dt.date.fromisoformat(due) < TODAY for due, _ in done)
    services.tasks.generate_reminders()
    no_contact = _rows(db_path, "SELECT due_date FROM task WHERE kind = 'no_contact' AND done_at IS NULL")
    assert all((TODAY - dt.date.fromisoformat(due)).days <= 30 for (due,) in no_contact), no_contact


def test_the_same_seed_gives_the_same_families_people_and_tasks(tmp_path, clock):
    from services import AppServices
    from services.database import prepare_database

    def run(name: str) -> list:
        engine, _ = prepare_database(str(tmp_path / name))
        try:
            AppServices(engine, clock=clock).demo(families=12, seed=11)
        finally:
            engine.dispose()
        return [_rows(tmp_path / name, query) for query in (
            "SELECT case_number, arrival_date, created_at, responsible_user_id, last_contact_date FROM family",
            "SELECT surname, given_name, latin_name, iin, birth_date FROM person ORDER BY id",
            "SELECT family_id, title, due_date, done_at FROM task ORDER BY id",
            "SELECT family_id, kind, occurred_at FROM family_event WHERE kind IN ('registered', 'task') ORDER BY id")]

    assert run("a.sqlite3") == run("b.sqlite3")

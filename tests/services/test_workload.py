"""Responsibility, "My work" and the registry's due columns through the real services, on both engines."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from domain.errors import NotFound, PermissionDenied, ValidationError
from domain.permissions import Actor, Role
from domain.search import FamilyFilter
from domain.workload import DueFilter, WorkSection
from services.dto import FamilyInput, PersonInput, StatusInput
from services.records_dto import TaskInput
from services.workload import UNASSIGNED
from storage import tables
from tests.services.test_task_service import _subsidy, add_user

TODAY = dt.date(2026, 11, 25)  # a Wednesday: the week ends on Sunday 29 November


def as_user(services, login, role=Role.CASE_WORKER):
    user_id = add_user(services.engine, login, role)
    return services.for_actor(Actor(user_id, login, role, login.title())), user_id


def register(services, surname="Қасымов", arrival=dt.date(2026, 3, 1), worker=None) -> int:
    return services.registration.register_family(FamilyInput(
        members=(PersonInput(surname, "Ерлан", birth_date=dt.date(1985, 1, 2), sex="M"),),
        arrival_date=arrival, origin_country_code="CN", region_code="PAVLODAR", responsible_user_id=worker),
        confirm_duplicates=True).id


@pytest.fixture
def office(db_services):
    worker, worker_id = as_user(db_services, "aigerim")
    other, other_id = as_user(db_services, "bolat")
    boss, _ = as_user(db_services, "sara", Role.SUPERVISOR)
    return db_services, worker, worker_id, other, other_id, boss


def test_who_registers_a_family_is_its_worker_and_its_tasks_follow_them(office):
    services, worker, worker_id, other, other_id, boss = office
    family_id = register(worker)
    chosen = register(worker, "Омаров", worker=other_id)
    assert worker.cases.details(family_id).responsible_user_id == worker_id
    assert worker.cases.details(chosen).responsible_user_id == other_id
    # a supervisor adds a task to the family: it goes to the family's worker, not to the supervisor
    boss.tasks.add_task(TaskInput(family_id=chosen, title="Call", due_date=TODAY))
    assert [t.assignee_id for t in boss.tasks.family_tasks(chosen)] == [other_id]


def test_my_work_lists_each_section_of_the_worker_only(office):
    services, worker, worker_id, other, other_id, boss = office
    late = register(worker, "Әлиев")
    worker.tasks.add_task(TaskInput(family_id=late, title="Overdue visit", due_date=TODAY - dt.timedelta(days=2)))
    worker.tasks.add_task(TaskInput(family_id=late, title="Sunday call", due_date=dt.date(2026, 11, 29)))
    worker.tasks.add_task(TaskInput(family_id=late, title="Next Monday", due_date=dt.date(2026, 11, 30)))
    expiring = register(worker, "Бекова")
    head = worker.cases.details(expiring).members[0].id
    # granted 2026-01-10 for a year: valid until 2027-01-09, 45 days ahead (inside 60)
    worker.registration.add_status(head, StatusInput(applied_on=dt.date(2026, 1, 1), decision="granted",
                                                     decided_on=dt.date(2026, 1, 10), granted_on=dt.date(2026, 1, 10),
                                                     certificate_number="K-1"))
    paying = register(worker, "Жұмабаев")
    _subsidy(services.engine, paying, dt.date(2026, 11, 20), "64875.00", paid=("30000.00",))
    _subsidy(services.engine, paying, dt.date(2027, 1, 20), "64875.00")  # not due yet
    with services.engine.begin() as connection:  # contact last recorded 91 days ago
        connection.execute(tables.family.update().where(tables.family.c.id == late)
                           .values(last_contact_date=TODAY - dt.timedelta(days=91)))
    register(other, "Серікова")  # someone else's family shows nowhere in aigerim's day
    other.tasks.add_task(TaskInput(title="Bolat's own", due_date=TODAY - dt.timedelta(days=1)))

    work = worker.workload.my_work()
    assert [i.detail for i in work.section(WorkSection.OVERDUE_TASKS)] == ["Overdue visit"]
    assert [i.detail for i in work.section(WorkSection.WEEK_TASKS)] == ["Sunday call"]
    assert [(i.family_id, i.day) for i in work.section(WorkSection.STATUS_EXPIRING)] == [
        (expiring, dt.date(2027, 1, 9))]
    assert [(i.family_id, str(i.amount)) for i in work.section(WorkSection.PAYMENTS_DUE)] == [
        (paying, "34875.00")]
    assert [i.family_id for i in work.section(WorkSection.NO_CONTACT)] == [late]
    assert all(i.family_id is not None and i.case_number for i in work.items)  # each opens a card
    # a case worker cannot peek at a colleague's day; a supervisor can, and at the unassigned
    assert worker.workload.my_work(other_id).worker_id == worker_id
    assert [i.detail for i in boss.workload.my_work(other_id).section(WorkSection.OVERDUE_TASKS)] == [
        "Bolat's own"]
    assert boss.workload.my_work(UNASSIGNED).items == ()


def test_supervisor_reassigns_many_families_at_once_and_their_open_tasks_follow(office):
    services, worker, worker_id, other, other_id, boss = office
    first, second = register(worker, "Әлиев"), register(worker, "Бекова")
    worker.tasks.add_task(TaskInput(family_id=first, title="Open", due_date=TODAY))
    done = worker.tasks.add_task(TaskInput(family_id=first, title="Done", due_date=TODAY)).id
    worker.tasks.set_done(done, None)
    result = boss.workload.reassign([first, second], other_id)
    assert result.count == 2
    assert {boss.cases.details(f).responsible_user_id for f in (first, second)} == {other_id}
    assignees = {t.title: t.assignee_id for t in boss.tasks.family_tasks(first)}
    assert assignees == {"Open": other_id, "Done": worker_id}  # history keeps who did it
    assert [i.detail for i in other.workload.my_work().section(WorkSection.WEEK_TASKS)] == ["Open"]


def test_reassigning_is_for_supervisors_and_bad_input_changes_nothing(office):
    services, worker, worker_id, other, other_id, boss = office
    family_id = register(worker)
    with pytest.raises(PermissionDenied):
        worker.workload.reassign([family_id], other_id)
    with pytest.raises(ValidationError):
        boss.workload.reassign([family_id], 999_999)
    with pytest.raises(NotFound):
        boss.workload.reassign([family_id, 999_999], other_id)  # one missing family: none moves
    assert boss.cases.details(family_id).responsible_user_id == worker_id


def test_close_tasks_of_selected_families(office):
    services, worker, worker_id, other, other_id, boss = office
    first, second, untouched = register(worker, "Әлиев"), register(worker, "Бекова"), register(worker, "Омаров")
    for family_id in (first, second, second, untouched):
        worker.tasks.add_task(TaskInput(family_id=family_id, title="Call", due_date=TODAY))
    assert worker.workload.close_tasks([first, second]).count == 3
    assert [t.state for t in worker.tasks.family_tasks(second)] == ["done", "done"]
    assert [t.state for t in worker.tasks.family_tasks(untouched)] == ["due_today"]


def test_registry_rows_sort_and_filter_on_what_is_due(office):
    services, worker, worker_id, other, other_id, boss = office
    late, soon, calm = register(worker, "Әлиев"), register(worker, "Бекова"), register(worker, "Омаров")
    worker.tasks.add_task(TaskInput(family_id=late, title="Late", due_date=TODAY - dt.timedelta(days=3)))
    worker.tasks.add_task(TaskInput(family_id=soon, title="Soon", due_date=TODAY + dt.timedelta(days=2)))
    head = worker.cases.details(soon).members[0].id
    worker.registration.add_status(head, StatusInput(applied_on=dt.date(2026, 1, 1), decision="granted",
                                                     decided_on=dt.date(2026, 1, 10), granted_on=dt.date(2026, 1, 10),
                                                     certificate_number="K-1"))
    rows = {r.family_id: r for r in worker.cases.rows([late, soon, calm])}
    assert (rows[late].next_due_date, rows[late].overdue) == (TODAY - dt.timedelta(days=3), True)
    assert (rows[soon].next_due_date, rows[soon].overdue) == (TODAY + dt.timedelta(days=2), False)
    assert rows[soon].status_valid_until == dt.date(2027, 1, 9) and rows[late].status_valid_until is None
    assert rows[calm].next_due_date is None and not rows[calm].overdue
    assert worker.cases.search(FamilyFilter(), "next_due") == [late, soon, calm]  # undated last
    assert worker.cases.search(FamilyFilter(), "next_due", descending=True) == [soon, late, calm]
    assert worker.cases.search(FamilyFilter(), "status_valid_until") == [soon, late, calm]
    assert worker.cases.search(FamilyFilter(due=DueFilter.OVERDUE)) == [late]
    assert set(worker.cases.search(FamilyFilter(due=DueFilter.DUE_WEEK))) == {late, soon}
    assert worker.cases.first_page(FamilyFilter(text="Бекова"), "next_due", limit=5)[0].family_id == soon


def test_migration_backfills_workers_and_assignees(db_services):
    """The revision's backfill statements, run on rows written the old way (no worker, no assignee)."""
    import importlib
    revision = importlib.import_module("migrations.versions.2026_12_03_1000_responsibility")
    services = db_services
    worker, worker_id = as_user(services, "aigerim")
    family_id = register(worker)
    worker.tasks.add_task(TaskInput(family_id=family_id, title="Call", due_date=TODAY))
    with services.engine.begin() as connection:
        connection.execute(tables.family.update().values(responsible_user_id=None))
        connection.execute(tables.task.update().values(assignee_id=None))

    class Op:
        def __init__(self, connection):
            self.connection = connection

        def execute(self, statement):
            self.connection.execute(statement)

        def batch_alter_table(self, *args, **kwargs):  # the index exists already at head
            import contextlib
            return contextlib.nullcontext(type("B", (), {"create_index": lambda *a, **k: None})())

    original = revision.op
    with services.engine.begin() as connection:
        revision.op = Op(connection)
        try:
            revision.upgrade()
        finally:
            revision.op = original
        assert connection.scalar(sa.select(tables.family.c.responsible_user_id)) == worker_id
        assert connection.scalar(sa.select(tables.task.c.assignee_id)) == worker_id


def test_a_case_worker_cannot_hand_a_family_over_on_its_card(office):
    from services.dto import FamilyFieldsInput
    services, worker, worker_id, other, other_id, boss = office
    family_id = register(worker)
    details = worker.cases.details(family_id)
    fields = dict(arrival_date=details.arrival_date, origin_country_code=details.origin_country_code,
                  region_code=details.region_code)
    worker.registration.update_family(family_id, details.version, FamilyFieldsInput(
        **fields, notes="kept", responsible_user_id=worker_id))  # other edits stay open to the worker
    with pytest.raises(PermissionDenied):
        worker.registration.update_family(family_id, None, FamilyFieldsInput(**fields, responsible_user_id=other_id))
    boss.registration.update_family(family_id, None, FamilyFieldsInput(**fields, responsible_user_id=other_id))
    assert boss.cases.details(family_id).responsible_user_id == other_id

"""Tasks and automatic reminders through the real services on a real SQLite file."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import sqlalchemy as sa

from domain.errors import ConflictError, PermissionDenied, RuleViolation, ValidationError
from domain.permissions import Actor, Role
from domain.tasks import TaskKind, TaskListFilter, TaskState
from services.changes import NOTHING
from services.dto import DocumentInput, FamilyInput, PersonInput, StatusInput
from services.records_dto import ExtensionInput, StatusEndInput, TaskInput
from storage import tables

TODAY = dt.date(2026, 11, 25)


def register(services, surname="Қасымов", given="Ерлан", iin=None, arrival=dt.date(2026, 3, 1)) -> int:
    result = services.registration.register_family(FamilyInput(
        members=(PersonInput(surname, given, birth_date=dt.date(1985, 1, 2), sex="M", iin=iin),),
        arrival_date=arrival, origin_country_code="CN", region_code="PAVLODAR"))
    return result.id


def head_id(services, family_id) -> int:
    return services.cases.details(family_id).members[0].id


def tasks_of(services, family_id, kind=None):
    return [t for t in services.tasks.family_tasks(family_id) if kind is None or t.kind == kind]


def add_user(engine, login="aigerim", role=Role.CASE_WORKER) -> int:
    now = dt.datetime(2026, 1, 1)
    with engine.begin() as connection:
        return connection.execute(tables.app_user.insert().values(
            login=login, display_name=login.title(), role=role, created_at=now, created_by="system",
            updated_at=now, updated_by="system")).inserted_primary_key[0]


def grant(services, person_id, granted_on) -> int:
    return services.registration.add_status(person_id, StatusInput(
        applied_on=granted_on - dt.timedelta(days=30), decision="granted", decided_on=granted_on,
        granted_on=granted_on, certificate_number="K-1")).id


def test_nothing_to_remind_changes_nothing(services):
    summary = services.tasks.generate_reminders()
    assert (summary.created, summary.closed, summary.changes) == (0, 0, NOTHING)


def test_expiring_certificate_creates_exactly_one_task_however_often_run(services):
    family_id = register(services)
    # Granted 2025-12-10 for 12 months: valid until 2026-12-09, 14 days from "today".
    grant(services, head_id(services, family_id), dt.date(2025, 12, 10))
    first = services.tasks.generate_reminders()
    second = services.tasks.generate_reminders()
    services.tasks.generate_reminders(TODAY + dt.timedelta(days=3))
    reminders = tasks_of(services, family_id, TaskKind.STATUS_EXPIRY)
    assert first.created == 1 and second.created == 0
    assert len(reminders) == 1
    assert reminders[0].due_date == dt.date(2026, 12, 9)
    assert reminders[0].params["name"].startswith("Қасымов Ерлан")


def test_certificate_far_from_expiry_makes_no_reminder(services):
    family_id = register(services)
    grant(services, head_id(services, family_id), dt.date(2026, 6, 1))
    assert services.tasks.generate_reminders().created == 0
    assert tasks_of(services, family_id) == []


def test_extension_closes_the_certificate_reminder(services):
    family_id = register(services)
    status_id = grant(services, head_id(services, family_id), dt.date(2025, 12, 10))
    services.tasks.generate_reminders()
    status = services.cases.details(family_id).members[0].statuses[0]
    services.records.extend_status(status_id, status.version, ExtensionInput(
        applied_on=TODAY, decision="granted", decided_on=TODAY, certificate_number="K-2"))
    reminder = tasks_of(services, family_id, TaskKind.STATUS_EXPIRY)[0]
    assert reminder.state == TaskState.DONE
    statuses = services.cases.details(family_id).members[0].statuses
    # The extension continues the first period without a gap.
    assert statuses[1].valid_until == dt.date(2027, 12, 9)


def test_extension_after_expiry_is_refused(services, clock):
    family_id = register(services)
    status_id = grant(services, head_id(services, family_id), dt.date(2025, 1, 10))
    with pytest.raises(ValidationError) as error:
        services.records.extend_status(status_id, None, ExtensionInput(applied_on=TODAY))
    assert error.value.field == "applied_on"


def test_ending_status_by_citizenship(services):
    family_id = register(services)
    status_id = grant(services, head_id(services, family_id), dt.date(2025, 12, 10))
    services.records.end_status(status_id, 1, StatusEndInput(ended_on=TODAY, reason="citizenship"))
    status = services.cases.details(family_id).members[0].statuses[0]
    assert status.end_reason == "citizenship" and status.ended_on == TODAY
    with pytest.raises(RuleViolation):
        services.records.end_status(status_id, None, StatusEndInput(ended_on=TODAY, reason="expired"))
    assert services.tasks.generate_reminders().created == 0


def test_expiring_identity_document_creates_one_reminder(services):
    family_id = register(services)
    person_id = head_id(services, family_id)
    services.registration.add_document(person_id, DocumentInput(
        "passport", "E1234567", issue_date=dt.date(2016, 12, 1), expiry_date=dt.date(2026, 12, 1)))
    services.registration.add_document(person_id, DocumentInput(
        "passport", "E7654321", issue_date=dt.date(2020, 1, 1), expiry_date=dt.date(2030, 1, 1)))
    assert services.tasks.generate_reminders().created == 1
    assert services.tasks.generate_reminders().created == 0
    reminder = tasks_of(services, family_id, TaskKind.DOCUMENT_EXPIRY)[0]
    assert reminder.params["number"] == "E1234567"
    # The worker corrects the date: the old reminder closes, none is made for a far date.
    document = services.cases.details(family_id).members[0].documents[0]
    services.records.update_document(document.id, document.version, DocumentInput(
        "passport", "E1234567", issue_date=dt.date(2016, 12, 1), expiry_date=dt.date(2031, 12, 1)))
    assert tasks_of(services, family_id, TaskKind.DOCUMENT_EXPIRY)[0].state == TaskState.DONE


def _subsidy(engine, family_id, due, amount, paid=()):
    now = dt.datetime(2026, 1, 1)
    edit = dict(created_at=now, created_by="system", updated_at=now, updated_by="system")
    with engine.begin() as connection:
        inclusion = connection.execute(tables.quota_inclusion.insert().values(
            family_id=family_id, year=2026, region_code="PAVLODAR", decision_date=dt.date(2026, 2, 1),
            decision_number="17", persons_count=1, **edit)).inserted_primary_key[0]
        item = connection.execute(tables.subsidy_item.insert().values(
            inclusion_id=inclusion, kind="housing_monthly", due_date=due, amount_due=Decimal(amount),
            mrp_year=2026, mrp_coefficient=Decimal("15"), created_at=now, created_by="system")).inserted_primary_key[0]
        for value in paid:
            connection.execute(tables.payment.insert().values(
                subsidy_item_id=item, paid_on=dt.date(2026, 11, 1), amount=Decimal(value), document_number="П-1",
                created_at=now, created_by="system"))
    return item


def test_payment_due_reminder_only_for_unpaid_items_due_soon(services, engine):
    family_id = register(services)
    overdue = _subsidy(engine, family_id, dt.date(2026, 11, 20), "64875.00", paid=("30000.00",))
    _subsidy(engine, family_id, dt.date(2026, 11, 30), "64875.00", paid=("64875.00",))  # fully paid
    _subsidy(engine, family_id, dt.date(2026, 12, 25), "64875.00")  # too far ahead
    soon = _subsidy(engine, family_id, dt.date(2026, 11, 30), "64875.00")
    assert services.tasks.generate_reminders().created == 2
    reminders = {t.auto_key: t for t in tasks_of(services, family_id, TaskKind.PAYMENT_DUE)}
    assert set(reminders) == {f"payment_due:{overdue}", f"payment_due:{soon}"}
    assert reminders[f"payment_due:{overdue}"].params["amount"] == "34875.00"
    assert reminders[f"payment_due:{overdue}"].state == TaskState.OVERDUE
    # A part payment keeps the reminder and lowers the amount it names.
    with engine.begin() as connection:
        connection.execute(tables.payment.insert().values(
            subsidy_item_id=overdue, paid_on=TODAY, amount=Decimal("4875.00"), document_number="П-1a",
            created_at=dt.datetime(2026, 11, 25), created_by="system"))
    assert services.tasks.generate_reminders().created == 0
    reminders = {t.auto_key: t for t in tasks_of(services, family_id, TaskKind.PAYMENT_DUE)}
    assert reminders[f"payment_due:{overdue}"].params["amount"] == "30000.00"
    # Paying the rest settles the reminder on the next run.
    with engine.begin() as connection:
        connection.execute(tables.payment.insert().values(
            subsidy_item_id=overdue, paid_on=TODAY, amount=Decimal("30000.00"), document_number="П-2",
            created_at=dt.datetime(2026, 11, 25), created_by="system"))
    assert services.tasks.generate_reminders().closed == 1


def test_ninety_days_without_contact_and_recording_contact_closes_it(services, clock):
    clock.now = dt.datetime(2026, 7, 1, 9, 0)
    family_id = register(services)
    quiet_id = register(services, "Омаров", "Бауыржан")
    clock.now = dt.datetime(2026, 9, 28, 9, 0)  # 89 days later
    assert services.tasks.generate_reminders().created == 0
    clock.now = dt.datetime(2026, 9, 29, 9, 0)  # 90 days
    assert services.tasks.generate_reminders().created == 2
    version = services.cases.details(family_id).version
    services.records.record_contact(family_id, version)
    assert tasks_of(services, family_id, TaskKind.NO_CONTACT)[0].state == TaskState.DONE
    assert tasks_of(services, quiet_id, TaskKind.NO_CONTACT)[0].state == TaskState.DUE_TODAY
    assert services.tasks.generate_reminders().created == 0
    assert "Contact" in services.cases.details(family_id).events[0].message


def test_closed_case_gets_no_contact_reminder(services, clock):
    clock.now = dt.datetime(2026, 1, 5, 9, 0)
    family_id = register(services, arrival=dt.date(2026, 1, 2))
    services.registration.change_stage(family_id, None, "closed", "left")
    clock.now = dt.datetime(2026, 11, 25, 9, 0)
    assert services.tasks.generate_reminders().created == 0


def test_reminder_goes_to_the_responsible_worker_and_my_tasks(services, engine):
    user_id = add_user(engine)
    result = services.registration.register_family(FamilyInput(
        members=(PersonInput("Әлиева", "Айгүл", birth_date=dt.date(1990, 1, 1), sex="F"),),
        region_code="ABAI", responsible_user_id=user_id))
    grant(services, head_id(services, result.id), dt.date(2025, 12, 1))
    services.tasks.generate_reminders()
    worker = services.for_actor(Actor(user_id, "aigerim", Role.CASE_WORKER))
    mine = worker.tasks.rows(worker.tasks.ids())
    assert [t.kind for t in mine] == [TaskKind.STATUS_EXPIRY]
    assert mine[0].assignee_name == "Aigerim" and mine[0].case_number == result.case_number
    # A case worker cannot widen the list to everyone's tasks; a supervisor can.
    other = services.for_actor(Actor(None, "boss", Role.SUPERVISOR))
    # (given to a colleague: a task on the family would otherwise go to its worker)
    services.tasks.add_task(TaskInput("Call the akimat", family_id=result.id, due_date=TODAY,
                                      assignee_id=add_user(engine, "bolat")))
    assert len(worker.tasks.ids(everyone=True)) == 1
    assert len(other.tasks.ids(everyone=True)) == 2


def test_manual_task_done_undone_and_overdue_filter(services):
    family_id = register(services)
    task_id = services.tasks.add_task(TaskInput("Bring the school certificate", family_id=family_id,
                                                due_date=TODAY - dt.timedelta(days=2))).id
    services.tasks.add_task(TaskInput("Visit", family_id=family_id, due_date=TODAY))
    overdue = services.tasks.ids(TaskListFilter.OVERDUE, everyone=True)
    assert overdue == [task_id]
    states = {t.title: t.state for t in tasks_of(services, family_id)}
    assert states == {"Bring the school certificate": TaskState.OVERDUE, "Visit": TaskState.DUE_TODAY}
    done = services.tasks.set_done(task_id, 1, True)
    assert services.tasks.ids(TaskListFilter.DONE, everyone=True) == [task_id]
    with pytest.raises(ConflictError):
        services.tasks.set_done(task_id, 1, False)  # stale version
    services.tasks.set_done(task_id, done.version, False)
    assert task_id in services.tasks.ids(TaskListFilter.OPEN, everyone=True)
    assert [e.kind for e in services.cases.details(family_id).events[:3]] == ["task", "task", "task"]


def test_blank_task_is_refused_and_nothing_saved(services, engine):
    with pytest.raises(ValidationError) as error:
        services.tasks.add_task(TaskInput("   "))
    assert error.value.field == "title"
    with engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(tables.task)).scalar() == 0


def test_reminder_cannot_be_deleted_and_read_only_cannot_generate(services):
    family_id = register(services)
    grant(services, head_id(services, family_id), dt.date(2025, 12, 10))
    services.tasks.generate_reminders()
    reminder = tasks_of(services, family_id)[0]
    with pytest.raises(RuleViolation):
        services.tasks.delete_task(reminder.id, reminder.version)
    reader = services.for_actor(Actor(None, "clerk", Role.READ_ONLY))
    with pytest.raises(PermissionDenied):
        reader.tasks.generate_reminders()


def test_attachment_kept_with_hash_and_damage_noticed(services, engine, tmp_path):
    family_id = register(services)
    scan = tmp_path / "паспорт.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    result = services.attachments.add_file(family_id, scan, "Passport scan")
    rows = services.attachments.for_family(family_id)
    assert rows[0].file_name == "паспорт.pdf" and len(rows[0].sha256) == 64 and rows[0].size == 13
    assert services.attachments.content(result.id) == ("паспорт.pdf", b"%PDF-1.4 scan")
    with pytest.raises(RuleViolation):
        services.attachments.add_file(family_id, scan)  # the same file twice
    with engine.begin() as connection:
        connection.execute(tables.attachment.update().values(content=b"tampered"))
    with pytest.raises(RuleViolation):
        services.attachments.content(result.id)
    with pytest.raises(ConflictError):
        services.attachments.remove(result.id, 7)
    services.attachments.remove(result.id, 1)
    assert services.attachments.for_family(family_id) == []


def test_document_edit_with_stale_version_is_a_conflict(services):
    family_id = register(services)
    person_id = head_id(services, family_id)
    services.registration.add_document(person_id, DocumentInput("passport", "E1"))
    document = services.cases.details(family_id).members[0].documents[0]
    services.records.update_document(document.id, document.version, DocumentInput("passport", "E2"))
    with pytest.raises(ConflictError):
        services.records.update_document(document.id, document.version, DocumentInput("passport", "E3"))
    services.records.remove_document(document.id, document.version + 1)
    assert services.cases.details(family_id).members[0].documents == ()


def test_decision_on_a_pending_extension_continues_the_period(services):
    from services.records_dto import DecisionInput
    family_id = register(services)
    status_id = grant(services, head_id(services, family_id), dt.date(2025, 12, 10))
    extension = services.records.extend_status(status_id, 1, ExtensionInput(applied_on=TODAY))
    with pytest.raises(ValidationError) as error:
        services.records.decide_status(extension.id, 1, DecisionInput("granted", TODAY - dt.timedelta(days=1)))
    assert error.value.field == "decided_on"  # before the application
    services.records.decide_status(extension.id, 1, DecisionInput("granted", TODAY, "K-9"))
    statuses = services.cases.details(family_id).members[0].statuses
    assert (statuses[1].decision, statuses[1].valid_until, statuses[1].certificate_number) == \
        ("granted", dt.date(2027, 12, 9), "K-9")
    with pytest.raises(RuleViolation):
        services.records.decide_status(extension.id, None, DecisionInput("refused", TODAY))


def test_reminders_idempotent_on_sqlite_and_postgresql(migrated_db_url, clock):
    """The reminder queries (EXISTS, CASE ordering, sums of payments, JSON params) on both dialects."""
    from services import AppServices
    from services.database import prepare_database
    engine, _ = prepare_database(migrated_db_url)
    try:
        services = AppServices(engine, clock=clock)
        family_id = register(services)
        grant(services, head_id(services, family_id), dt.date(2025, 12, 10))
        _subsidy(engine, family_id, dt.date(2026, 11, 20), "64875.00", paid=("30000.00",))
        services.tasks.add_task(TaskInput("Undated", family_id=family_id))
        assert services.tasks.generate_reminders().created == 2
        assert services.tasks.generate_reminders().created == 0
        rows = services.tasks.rows(services.tasks.ids(everyone=True))
        assert [r.kind for r in rows] == [TaskKind.PAYMENT_DUE, TaskKind.STATUS_EXPIRY, TaskKind.MANUAL]
        assert rows[0].params["amount"] == "34875.00"
    finally:
        engine.dispose()

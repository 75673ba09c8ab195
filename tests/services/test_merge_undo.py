"""A merge of two person records taken back: everything as it was, or refused when it changed since."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import sqlalchemy as sa

from domain.errors import PermissionDenied, RuleViolation
from domain.permissions import Actor, Role
from services.dto import DocumentInput, FamilyInput, PersonInput, StatusInput
from services.quota_dto import InclusionInput
from services.records_dto import TaskInput
from tests.services.test_next_due_copy import recount, stored

BIRTH = dt.date(1987, 10, 8)
_VOLATILE = {"version", "updated_at", "updated_by"}
_TABLES = ("family", "person", "identity_document", "kandas_status", "quota_inclusion", "subsidy_item", "payment",
           "duplicate_candidate", "family_event", "person_search_token")


def _state(engine) -> dict:
    """Every row of the tables a merge touches, without the columns every edit moves."""
    with engine.connect() as connection:
        state = {}
        for name in _TABLES:
            table = sa.Table(name, sa.MetaData(), autoload_with=connection)
            columns = [c for c in table.c if c.name not in _VOLATILE]
            state[name] = sorted(tuple(str(v) for v in row) for row in connection.execute(sa.select(*columns)))
        return state


@pytest.fixture
def households(services):
    return _households(services)


def _households(services):
    """Case 1: Нұрлан alone. Case 2: the same Нұрлан (with an IIN, a passport and a status) heading
    a household with his son, a quota inclusion and a payment."""
    first = services.registration.register_family(FamilyInput(
        members=(PersonInput("Сейітқали", "Нұрлан", birth_date=BIRTH, sex="M"),),
        arrival_date=dt.date(2026, 1, 10), origin_country_code="UZ", region_code="ABAI"))
    second = services.registration.register_family(FamilyInput(
        members=(PersonInput("Seitkali", "Nurlan", birth_date=BIRTH, sex="M", iin="871008312347"),
                 PersonInput("Сейітқали", "Әлібек", relation="child", birth_date=dt.date(2015, 6, 1), sex="M")),
        arrival_date=dt.date(2026, 2, 1), origin_country_code="UZ", region_code="ABAI"), confirm_duplicates=True)
    other = services.cases.details(second.id).members[0]
    services.registration.add_document(other.id, DocumentInput("passport", "UZ1234567"))
    services.registration.add_status(other.id, StatusInput(decision="granted", applied_on=dt.date(2026, 2, 2),
                                                           decided_on=dt.date(2026, 3, 1),
                                                           granted_on=dt.date(2026, 3, 1)))
    services.quotas.include_family(InclusionInput(second.id, 2026, "PAVLODAR", dt.date(2026, 3, 10), "Q-1",
                                                  Decimal("15")))
    item = services.quotas.family_quota(second.id).schedule[0]
    services.payments.record_payment(item.id, dt.date(2026, 3, 20), item.amount_due, "PP-1")
    row = services.duplicates.open_pairs()[0]
    kept = services.cases.details(first.id).members[0]
    return row, first.id, second.id, kept.id, other.id


@pytest.mark.parametrize("household", [False, True], ids=["person", "household"])
def test_undo_puts_back_every_row_the_merge_changed(services, engine, households, household):
    row, first_id, second_id, kept_id, other_id = households
    before = _state(engine)
    result = services.duplicates.merge(row.id, kept_id, move_household=household)
    assert (result.removed_family_id == second_id) is household
    services.duplicates.undo_merge(result.merge_id)
    after = _state(engine)
    events = [r for r in after["family_event"] if r not in before["family_event"]]
    assert {r[4] for r in events} >= {"duplicate_merged", "duplicate_merge_undone"}  # the history says so
    after["family_event"] = [r for r in after["family_event"] if r in before["family_event"]]
    assert after == {**before, "family_event": after["family_event"]}
    assert sorted(m.full_name for m in services.cases.details(second_id).members) == [
        "Seitkali Nurlan", "Сейітқали Әлібек"]
    assert services.cases.details(second_id).members[0].relation == "head"
    assert [p.document_number for p in services.quotas.family_quota(second_id).payments] == ["PP-1"]
    assert services.cases.search("871008312347") == [second_id]  # tokens and row copies are back
    assert services.duplicates.open_pairs()[0].id == row.id  # the pair waits for a decision again
    with engine.connect() as connection:
        actions = [a for (a,) in connection.execute(sa.text("SELECT action FROM audit_log ORDER BY id"))]
    assert actions[-1] == "undo_merge" and "merge" in actions
    with pytest.raises(RuleViolation) as twice:
        services.duplicates.undo_merge(result.merge_id)
    assert twice.value.rule == "merge_undone"


def test_undo_is_refused_once_the_kept_person_was_edited(services, engine, households):
    row, first_id, second_id, kept_id, other_id = households
    result = services.duplicates.merge(row.id, kept_id)
    kept = next(m for m in services.cases.details(first_id).members if m.id == kept_id)
    services.registration.update_member(kept_id, kept.version, PersonInput(
        "Сейітқали", "Нұрлан", patronymic="Ерланұлы", relation="head", birth_date=BIRTH, sex="M",
        iin=kept.iin))
    state = _state(engine)
    with pytest.raises(RuleViolation) as refused:
        services.duplicates.undo_merge(result.merge_id)
    assert refused.value.rule == "merge_changed"
    assert _state(engine) == state  # nothing half-done


def test_undo_is_refused_when_a_moved_record_moved_on(services, engine, households):
    row, first_id, second_id, kept_id, other_id = households
    result = services.duplicates.merge(row.id, kept_id, move_household=True)
    third = services.registration.register_family(FamilyInput(
        members=(PersonInput("Омаров", "Ерлан", birth_date=dt.date(1990, 1, 1), sex="M"),),
        arrival_date=dt.date(2026, 1, 10), origin_country_code="UZ", region_code="ABAI"))
    with engine.begin() as connection:  # the quota inclusion the merge moved was moved on since
        connection.execute(sa.text("UPDATE quota_inclusion SET family_id = :id"), {"id": third.id})
    state = _state(engine)
    with pytest.raises(RuleViolation) as refused:
        services.duplicates.undo_merge(result.merge_id)
    assert refused.value.rule == "merge_changed" and "quota_inclusion" in str(refused.value.params)
    assert _state(engine) == state


def test_only_supervisors_undo(services, households):
    row, first_id, second_id, kept_id, other_id = households
    result = services.duplicates.merge(row.id, kept_id)
    worker = services.for_actor(Actor(None, "worker", Role.CASE_WORKER))
    with pytest.raises(PermissionDenied):
        worker.duplicates.undo_merge(result.merge_id)


@pytest.mark.parametrize("household", [False, True], ids=["person", "household"])
def test_undo_on_each_engine(db_services, household):
    """The same round trip on SQLite and PostgreSQL (ids put back by hand, JSON snapshots, locks)."""
    row, first_id, second_id, kept_id, other_id = _households(db_services)
    before = _state(db_services.engine)
    result = db_services.duplicates.merge(row.id, kept_id, move_household=household)
    db_services.duplicates.undo_merge(result.merge_id)
    after = _state(db_services.engine)
    after["family_event"] = [r for r in after["family_event"] if r in before["family_event"]]
    assert after == {**before, "family_event": after["family_event"]}
    family = db_services.registration.register_family(FamilyInput(
        members=(PersonInput("Омаров", "Ерлан", birth_date=dt.date(1990, 1, 1), sex="M"),),
        arrival_date=dt.date(2026, 1, 10), origin_country_code="UZ", region_code="ABAI"))
    assert family.id > second_id  # the sequence was not set back by the rows put back with their ids


def test_a_household_merge_and_its_undo_carry_the_next_due_copy(db_services):
    """The merge moves the other household's tasks to the kept family, and the undo moves them
    back, both with SQL of their own: the family rows' copy of the earliest open task follows."""
    row, first_id, second_id, kept_id, _other_id = _households(db_services)
    today = dt.date(2026, 11, 25)
    db_services.tasks.add_task(TaskInput("Visit", family_id=second_id, due_date=today + dt.timedelta(days=5)))
    result = db_services.duplicates.merge(row.id, kept_id, move_household=True)
    assert stored(db_services.engine)[first_id] == today + dt.timedelta(days=5) == recount(db_services.engine)[first_id]
    db_services.tasks.add_task(TaskInput("Call", family_id=first_id, due_date=today + dt.timedelta(days=9)))
    db_services.duplicates.undo_merge(result.merge_id)
    assert stored(db_services.engine) == recount(db_services.engine)
    assert stored(db_services.engine)[first_id] == today + dt.timedelta(days=9)
    assert stored(db_services.engine)[second_id] == today + dt.timedelta(days=5)

"""The duplicate review list: merge and mark distinct, through the real services on SQLite."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from domain.errors import ConflictError, PermissionDenied, RuleViolation
from domain.permissions import Actor, Role
from services.dto import DocumentInput, FamilyInput, PersonInput, StatusInput

BIRTH = dt.date(1987, 10, 8)


def _rows(engine, sql: str, **params):
    with engine.connect() as connection:
        return connection.execute(sa.text(sql), params).all()


@pytest.fixture
def pair(services):
    """Two cases with the same person (no IIN in the first), the second registered 'anyway'."""
    first = services.registration.register_family(FamilyInput(
        members=(PersonInput("Сейітқали", "Нұрлан", relation="head", birth_date=BIRTH, sex="M"),
                 PersonInput("Сейітқали", "Айгүл", relation="spouse", birth_date=dt.date(1990, 2, 3), sex="F")),
        arrival_date=dt.date(2026, 1, 10), origin_country_code="UZ", region_code="ABAI"))
    second = services.registration.register_family(FamilyInput(
        members=(PersonInput("Сейітқали", "Нұрлан", relation="head", birth_date=BIRTH, sex="M",
                             iin="871008312347", latin_name="SEYITKALI NURLAN"),
                 PersonInput("Сейітқали", "Әлібек", relation="child", birth_date=dt.date(2015, 6, 1), sex="M")),
        arrival_date=dt.date(2026, 2, 1), origin_country_code="UZ", region_code="ABAI"),
        confirm_duplicates=True)
    kept = services.cases.details(first.id).members[0]
    other = services.cases.details(second.id).members[0]
    services.registration.add_document(other.id, DocumentInput("passport", "UZ1234567",
                                                               expiry_date=dt.date(2030, 1, 1)))
    services.registration.add_status(other.id, StatusInput(decision="granted", applied_on=dt.date(2026, 2, 2),
                                                           decided_on=dt.date(2026, 3, 1),
                                                           granted_on=dt.date(2026, 3, 1)))
    rows = services.duplicates.open_pairs()
    assert len(rows) == 1
    return rows[0], first.id, second.id, kept.id, other.id


def test_registering_anyway_lists_the_pair_for_review(services, pair):
    row, first_id, second_id, kept_id, other_id = pair
    assert {row.person_a_id, row.person_b_id} == {kept_id, other_id}
    assert row.reason == "same_name_and_birth_date"
    details = services.duplicates.pair(row.id)
    sides = {details.a.person.id: details.a, details.b.person.id: details.b}
    assert sides[other_id].person.documents[0].number == "UZ1234567"
    assert sides[other_id].other_members == ("Сейітқали Әлібек",)


def test_merge_with_the_household_moves_documents_statuses_members_and_history_in_one_go(services, engine, pair):
    row, first_id, second_id, kept_id, other_id = pair
    result = services.duplicates.merge(row.id, kept_id, move_household=True)
    assert result.kept_family_id == first_id and result.removed_family_id == second_id
    details = services.cases.details(first_id)
    kept = next(m for m in details.members if m.id == kept_id)
    assert [d.number for d in kept.documents] == ["UZ1234567"]
    assert [s.decision for s in kept.statuses] == ["granted"]
    assert kept.iin == "871008312347"  # taken from the removed record, still unique
    assert kept.latin_name == "SEYITKALI NURLAN"
    assert sorted(m.full_name for m in details.members) == ["Сейітқали Айгүл", "Сейітқали Нұрлан",
                                                            "Сейітқали Әлібек"]
    assert [m.relation for m in details.members].count("head") == 1
    kinds = [e.kind for e in details.events]
    assert kinds[0] == "duplicate_merged"
    assert kinds.count("registered") == 2  # the removed case's history came along
    assert _rows(engine, "SELECT id FROM person WHERE id = :id", id=other_id) == []
    assert _rows(engine, "SELECT id FROM family WHERE id = :id", id=second_id) == []
    assert _rows(engine, "SELECT count(*) FROM person WHERE iin = '871008312347'")[0][0] == 1
    assert _rows(engine, "SELECT action FROM audit_log WHERE action = 'merge'") == [("merge",)]
    assert services.duplicates.open_pairs() == []
    assert services.cases.search("seyitkali nurlan") == [first_id]


def test_merge_can_keep_either_person(services, pair):
    row, first_id, second_id, kept_id, other_id = pair
    services.duplicates.merge(row.id, other_id, move_household=True)
    details = services.cases.details(second_id)
    assert sorted(m.full_name for m in details.members) == ["Сейітқали Айгүл", "Сейітқали Нұрлан",
                                                            "Сейітқали Әлібек"]
    spouse = next(m for m in details.members if m.given_name == "Айгүл")
    assert spouse.relation == "spouse"
    with pytest.raises(Exception):
        services.cases.details(first_id)


def test_two_different_iins_are_never_merged_and_nothing_changes(services, engine, pair):
    row, first_id, second_id, kept_id, other_id = pair
    kept = services.cases.details(first_id).members[0]
    services.registration.update_member(kept_id, kept.version, PersonInput(
        "Сейітқали", "Нұрлан", relation="head", birth_date=BIRTH, sex="M", iin="871008356785"))
    audit_before = _rows(engine, "SELECT count(*) FROM audit_log")[0][0]
    with pytest.raises(RuleViolation) as caught:
        services.duplicates.merge(row.id, kept_id)
    assert caught.value.rule == "different_iins"
    assert len(services.cases.details(second_id).members) == 2
    assert len(services.cases.details(second_id).members[0].documents) == 1
    assert _rows(engine, "SELECT count(*) FROM audit_log")[0][0] == audit_before
    assert len(services.duplicates.open_pairs()) == 1


def test_merge_refuses_a_person_changed_since_the_comparison_was_opened(services, pair):
    row, first_id, second_id, kept_id, other_id = pair
    seen = services.duplicates.pair(row.id)
    kept = services.cases.details(first_id).members[0]
    services.registration.update_member(kept_id, kept.version, PersonInput(
        "Сейітқали", "Нұрлан", patronymic="Ерланұлы", relation="head", birth_date=BIRTH, sex="M"))
    with pytest.raises(ConflictError):
        services.duplicates.merge(row.id, kept_id, {seen.a.person.id: seen.a.person.version,
                                                    seen.b.person.id: seen.b.person.version})


def test_mark_distinct_removes_the_pair_and_it_is_not_flagged_again(services, engine, pair):
    row, first_id, second_id, kept_id, other_id = pair
    services.duplicates.mark_distinct(row.id)
    assert services.duplicates.open_pairs() == []
    assert _rows(engine, "SELECT status, resolved_by FROM duplicate_candidate") == [("distinct", "system")]
    assert services.cases.details(first_id).events[0].kind == "duplicate_distinct"
    with pytest.raises(RuleViolation):
        services.duplicates.merge(row.id, kept_id)


def test_only_supervisors_merge(services, pair):
    row, first_id, second_id, kept_id, other_id = pair
    worker = services.for_actor(Actor(None, "worker", Role.CASE_WORKER))
    with pytest.raises(PermissionDenied):
        worker.duplicates.merge(row.id, kept_id)
    worker.duplicates.mark_distinct(row.id)
    assert services.duplicates.open_pairs() == []


def test_a_merge_moves_the_person_and_leaves_the_other_household_with_its_quota_and_payments(
        services, engine, pair):
    from decimal import Decimal
    from services.quota_dto import InclusionInput
    row, first_id, second_id, kept_id, other_id = pair
    other_family_before = services.cases.details(second_id)
    inclusion = services.quotas.include_family(InclusionInput(second_id, 2026, "PAVLODAR", dt.date(2026, 3, 10),
                                                              "Q-1", Decimal("15")))
    schedule = services.quotas.family_quota(second_id).schedule
    services.payments.record_payment(schedule[0].id, dt.date(2026, 3, 20), schedule[0].amount_due, "PP-1")
    result = services.duplicates.merge(row.id, kept_id)  # the person only
    assert result.removed_family_id is None and result.kept_family_id == first_id
    kept = next(m for m in services.cases.details(first_id).members if m.id == kept_id)
    assert [d.number for d in kept.documents] == ["UZ1234567"] and [s.decision for s in kept.statuses] == ["granted"]
    assert sorted(m.full_name for m in services.cases.details(first_id).members) == [
        "Сейітқали Айгүл", "Сейітқали Нұрлан"]  # nobody of the other household came along
    other_family = services.cases.details(second_id)
    assert [(m.full_name, m.relation) for m in other_family.members] == [("Сейітқали Әлібек", "head")]
    assert other_family.events[0].kind == "duplicate_merged_away"
    quota = services.quotas.family_quota(second_id)
    assert [i.id for i in quota.inclusions] == [inclusion.id]  # the household's inclusion stays with it
    assert [p.document_number for p in quota.payments] == ["PP-1"]
    assert services.quotas.family_quota(first_id).inclusions == ()
    audit = _rows(engine, "SELECT after FROM audit_log WHERE action = 'merge'")
    assert '"household_moved": false' in audit[0][0]
    assert other_family_before.case_number in services.cases.details(first_id).events[0].params.values()


def test_a_case_left_with_nobody_moves_to_the_kept_family(services, engine):
    first = services.registration.register_family(FamilyInput(
        members=(PersonInput("Омаров", "Ерлан", birth_date=BIRTH, sex="M"),),
        arrival_date=dt.date(2026, 1, 10), origin_country_code="UZ", region_code="ABAI"))
    second = services.registration.register_family(FamilyInput(
        members=(PersonInput("Omarov", "Yerlan", birth_date=BIRTH, sex="M"),),
        arrival_date=dt.date(2026, 2, 1), origin_country_code="UZ", region_code="ABAI"), confirm_duplicates=True)
    row = services.duplicates.open_pairs()[0]
    kept_id = services.cases.details(first.id).members[0].id
    result = services.duplicates.merge(row.id, kept_id)
    assert result.removed_family_id == second.id
    assert _rows(engine, "SELECT id FROM family WHERE id = :id", id=second.id) == []
    assert [e.kind for e in services.cases.details(first.id).events].count("registered") == 2

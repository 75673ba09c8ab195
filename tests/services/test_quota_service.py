"""Quota inclusion and payments on a real SQLite file: rules, nothing written when refused, audit."""
from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal as D

import pytest

from domain.errors import PermissionDenied, RuleViolation, ValidationError
from domain.permissions import Actor, Role
from domain.quotas import QuotaRule
from services.quota_dto import InclusionInput
from tests.services.quota_helpers import family_with_status


def counts(db_path) -> tuple:
    with sqlite3.connect(db_path) as c:
        return tuple(c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("quota_inclusion", "subsidy_item", "payment", "audit_log"))


def inclusion(family_id, **changes) -> InclusionInput:
    values = dict(family_id=family_id, year=2026, region_code="PAVLODAR", decision_date=dt.date(2026, 3, 10),
                  decision_number="КВ-2026-0001", housing_coefficient=D("15"), settlement="Екібастұз")
    values.update(changes)
    # The family moves in the month of its decision unless a test says otherwise: rent runs from there.
    values.setdefault("arrived_on", values["decision_date"])
    values.setdefault("arrived_address", "Екібастұз, Энергетиктер к-сі 12" if values["arrived_on"] else "")
    return InclusionInput(**values)


def test_inclusion_creates_the_schedule_and_is_audited(services, db_path):
    family = family_with_status(services, members=3)
    result = services.quotas.include_family(inclusion(family))
    assert result.changes.quotas and result.changes.payments and not result.over_plan
    details = services.quotas.family_quota(family)
    assert details.inclusions[0].persons_count == 3
    relocation = details.schedule[0]
    assert relocation.amount_due == D("908250.00")  # 70 × 4 325 × 3
    housing = details.schedule[1:]
    assert len(housing) == 12 and housing[0].amount_due == D("64875.00")
    assert housing[-1].period_month == dt.date(2027, 2, 1) and housing[-1].mrp_year == 2026  # 2027 MRP not set
    assert details.inclusions[0].amount_owed == D("908250.00") + D("64875.00") * 12
    with sqlite3.connect(db_path) as c:
        audited = {row[0] for row in c.execute("SELECT entity FROM audit_log")}
        stage = c.execute("SELECT stage FROM family WHERE id = ?", (family,)).fetchone()[0]
    assert {"quota_inclusion", "subsidy_item"} <= audited
    assert stage == "settled"  # included and moved to the region
    plan = [p for p in services.quotas.plans(2026) if p.region_code == "PAVLODAR"][0]
    assert (plan.families_included, plan.persons_included) == (1, 3)


@pytest.mark.parametrize("changes, rule", [
    (dict(region_code="ALMATY"), QuotaRule.REGION_NOT_RECEIVING),
    (dict(decision_date=dt.date(2027, 3, 1), year=2027), None),  # future date: a field problem
])
def test_bad_inclusions_write_nothing(services, db_path, changes, rule):
    family = family_with_status(services)
    before = counts(db_path)
    with pytest.raises((RuleViolation, ValidationError)) as caught:
        services.quotas.include_family(inclusion(family, **changes))
    if rule:
        assert caught.value.rule == rule
    assert counts(db_path) == before


def test_expired_status_is_refused(services, db_path, clock):
    family = family_with_status(services, granted_on=dt.date(2025, 2, 1))
    before = counts(db_path)
    with pytest.raises(RuleViolation) as caught:
        services.quotas.include_family(inclusion(family))
    assert caught.value.rule == QuotaRule.STATUS_NOT_VALID
    assert counts(db_path) == before


def test_twice_in_a_year_is_refused_until_cancelled(services, db_path):
    family = family_with_status(services)
    first = services.quotas.include_family(inclusion(family))
    with pytest.raises(RuleViolation) as caught:
        services.quotas.include_family(inclusion(family, region_code="AKMOLA", decision_number="2"))
    assert caught.value.rule == QuotaRule.ALREADY_INCLUDED
    with pytest.raises(ValidationError):
        services.quotas.cancel_inclusion(first.id, dt.date(2026, 4, 1), " ")
    services.quotas.cancel_inclusion(first.id, dt.date(2026, 4, 1), "The family moved to Almaty")
    details = services.quotas.family_quota(family)
    assert details.inclusions[0].cancelled_on == dt.date(2026, 4, 1)
    assert [s.due_date for s in details.schedule] == [dt.date(2026, 3, 31), dt.date(2026, 3, 31)]
    services.quotas.include_family(inclusion(family, region_code="AKMOLA", decision_number="2",
                                             decision_date=dt.date(2026, 5, 1)))


def test_over_plan_needs_a_supervisors_override_with_a_reason(services, db_path):
    services.quotas.save_plan(2026, "WEST_KZ", persons_planned=4, families_planned=None, order_reference="Order 1")
    first = family_with_status(services, members=3, region="WEST_KZ")
    second = family_with_status(services, members=2, region="WEST_KZ", surname="Омаров")
    services.quotas.include_family(inclusion(first, region_code="WEST_KZ"))
    before = counts(db_path)
    with pytest.raises(RuleViolation) as caught:
        services.quotas.include_family(inclusion(second, region_code="WEST_KZ", decision_number="2"))
    assert caught.value.rule == QuotaRule.OVER_PLAN
    worker = services.for_actor(Actor(None, "worker", Role.CASE_WORKER))
    with pytest.raises(PermissionDenied):
        worker.quotas.include_family(inclusion(second, region_code="WEST_KZ", override=True, override_reason="x"))
    assert counts(db_path) == before
    result = services.quotas.include_family(inclusion(second, region_code="WEST_KZ", decision_number="2",
                                                      override=True, override_reason="Akim's letter No. 5"))
    assert result.over_plan
    row = [r for r in services.quotas.inclusions(2026, "WEST_KZ") if r.family_id == second][0]
    assert row.over_plan_override and row.override_reason == "Akim's letter No. 5"


def test_payments_refuse_bad_input_and_write_nothing(services, db_path):
    family = family_with_status(services, members=2)
    services.quotas.include_family(inclusion(family))
    item = services.quotas.family_quota(family).schedule[0]
    assert item.amount_due == D("605500.00")
    before = counts(db_path)
    for amount, paid_on in ((D("605500.01"), dt.date(2026, 3, 20)), (D("-1"), dt.date(2026, 3, 20)),
                            (D("0"), dt.date(2026, 3, 20)), (D("100"), dt.date(2026, 3, 9)),
                            ("abc", dt.date(2026, 3, 20))):
        with pytest.raises(ValidationError):
            services.payments.record_payment(item.id, paid_on, amount, "ПП-1")
    assert counts(db_path) == before
    services.payments.record_payment(item.id, dt.date(2026, 3, 20), "300 000,00", "ПП-1")
    services.payments.record_payment(item.id, dt.date(2026, 3, 25), D("305500.00"), "ПП-2")
    with pytest.raises(ValidationError):
        services.payments.record_payment(item.id, dt.date(2026, 3, 26), D("0.01"), "ПП-3")
    details = services.quotas.family_quota(family)
    assert details.schedule[0].paid == D("605500.00") and not details.schedule[0].overdue
    assert sum((p.amount for p in details.payments), D("0")) == D("605500.00")
    totals = services.payments.totals(2026)
    assert [(t.month, t.region_code, t.total, t.payments) for t in totals] == [(3, "PAVLODAR", D("605500.00"), 2)]


def test_unpaid_and_overdue_lists(services):
    family = family_with_status(services, members=1)
    services.quotas.include_family(inclusion(family))
    overdue = services.payments.outstanding(overdue_only=True)
    # Today is 25 Nov 2026: relocation and housing for March–October are overdue, November is due.
    assert len(overdue) == 9 and all(row.overdue for row in overdue)
    assert overdue[0].due_date == dt.date(2026, 3, 31) and overdue[0].head_name.startswith("Сейітқали")
    unpaid = services.payments.outstanding()
    assert len(unpaid) == 10 and unpaid[-1].due_date == dt.date(2026, 11, 30) and not unpaid[-1].overdue


def test_member_added_after_the_decision_changes_nothing_until_amended(services):
    family = family_with_status(services, members=2)
    result = services.quotas.include_family(inclusion(family))
    from services.dto import PersonInput
    services.registration.add_member(family, PersonInput("Сейітқали", "Ерлан", birth_date=dt.date(2026, 6, 1),
                                                         sex="M", relation="child"))
    details = services.quotas.family_quota(family)
    assert details.members == 3 and details.schedule[0].amount_due == D("605500.00")
    services.quotas.amend_inclusion(result.id, 3, "КВ-2026-0001/1")
    details = services.quotas.family_quota(family)
    assert details.schedule[0].amount_due == D("908250.00") and details.inclusions[0].persons_count == 3


def test_rule_change_mid_year_applies_to_later_decisions_only(services):
    services.quota_reference.add_support_rule("relocation_per_member", dt.date(2026, 7, 1), D("80"))
    early = family_with_status(services, members=1)
    late = family_with_status(services, members=1, surname="Омаров")
    services.quotas.include_family(inclusion(early))
    services.quotas.include_family(inclusion(late, decision_date=dt.date(2026, 7, 1), decision_number="2"))
    assert services.quotas.family_quota(early).schedule[0].amount_due == D("302750.00")
    assert services.quotas.family_quota(late).schedule[0].amount_due == D("346000.00")
    rules = [r for r in services.quota_reference.support_rules() if r.kind == "relocation_per_member"]
    assert rules[0].valid_to == dt.date(2026, 6, 30) and rules[1].valid_to is None


def test_reference_editing_needs_an_administrator(services):
    supervisor = services.for_actor(Actor(None, "boss", Role.SUPERVISOR))
    with pytest.raises(PermissionDenied):
        supervisor.quota_reference.set_mrp(2027, D("4500"))
    with pytest.raises(PermissionDenied):
        supervisor.quotas.save_plan(2027, "PAVLODAR", 900)
    services.quota_reference.set_mrp(2027, D("4500"))
    services.quota_reference.set_receiving_regions(2027, ["PAVLODAR", "Ақмола облысы"])
    assert services.reference.receiving_regions(2027) == {"PAVLODAR", "AKMOLA"}
    with pytest.raises(ValidationError):
        services.quota_reference.set_receiving_regions(2027, ["Atlantis"])


def test_entering_next_years_mrp_reprices_provisional_items_only(services):
    family = family_with_status(services, members=1)
    services.quotas.include_family(inclusion(family, decision_date=dt.date(2026, 6, 15)))
    before = services.quotas.family_quota(family).schedule
    assert [i.mrp_year for i in before if i.due_date.year == 2027] == [2026] * 5
    services.quota_reference.set_mrp(2027, D("4500"))
    after = services.quotas.family_quota(family).schedule
    for old, new in zip(before, after):
        if old.due_date.year == 2027:
            assert (new.mrp_year, new.amount_due) == (2027, D("67500.00"))  # 15 × 4 500
        else:
            assert (new.mrp_year, new.amount_due) == (old.mrp_year, old.amount_due)


@pytest.mark.parametrize("typed, value", [("302 750,00", "302750.00"), ("302,750.00", "302750.00"),
                                          ("302.750,5", "302750.5"), ("302\u00a0750 ₸", "302750"),
                                          ("1,5", "1.5"), ("1,000,000", "1000000"), ("64875.00", "64875.00")])
def test_amounts_are_read_as_people_type_them(typed, value):
    from services.payments import parse_amount
    assert parse_amount(typed) == D(value)


@pytest.mark.parametrize("typed", ["", "abc", "1.2.3", "NaN", "Infinity"])
def test_unreadable_amounts_are_refused(typed):
    from services.payments import parse_amount
    with pytest.raises(ValidationError):
        parse_amount(typed)

"""The case lifecycle through the services on real databases (shared/domain.md §9): the move
creates the rent items from its month, one live inclusion per family, relocation once per
person, citizenship closes the case and stops the unpaid support due after it, an extension
closes the period it extends, and the education quota's applicant and places rules."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from domain.errors import RuleViolation, ValidationError
from domain.quotas import QuotaRule
from domain.subsidies import SupportKind
from services.quota_dto import InclusionInput
from services.records_dto import DecisionInput, ExtensionInput, StatusEndInput
from tests.services.quota_helpers import family_with_status

DAY = dt.date


def include(services, family, *, region="PAVLODAR", decided=DAY(2026, 3, 10), persons=None, moved=None,
            number="КВ-2026-0001"):
    return services.quotas.include_family(InclusionInput(
        family, decided.year, region, decided, number, D("15"), settlement="Екібастұз", persons=persons,
        arrived_on=moved, arrived_address="Екібастұз, Энергетиктер к-сі 12" if moved else "")).id


def schedule(services, family, inclusion_id):
    return [row for row in services.quotas.family_quota(family).schedule if row.inclusion_id == inclusion_id]


def event(details, kind):
    return next(e for e in details.events if e.kind == kind)


def pay_in_full(services, rows):
    for row in rows:
        services.payments.record_payment(row.id, min(row.due_date, DAY(2026, 11, 25)), row.amount_due,
                                         f"ПП-{row.id}")


def test_the_move_creates_the_rent_items_from_its_month(db_services):
    services = db_services
    family = family_with_status(services, members=2)
    inclusion = include(services, family)
    assert [row.kind for row in schedule(services, family, inclusion)] == [SupportKind.RELOCATION]  # no rent yet
    version = services.quotas.family_quota(family).inclusions[0].version
    with pytest.raises(ValidationError) as caught:
        services.quotas.record_move(inclusion, DAY(2026, 5, 20), "  ", version)
    assert caught.value.problems[0].field == "arrived_address"
    services.quotas.record_move(inclusion, DAY(2026, 5, 20), "Екібастұз, Абай к-сі 4", version)
    rent = [row for row in schedule(services, family, inclusion) if row.kind == SupportKind.HOUSING]
    assert len(rent) == 12 and rent[0].period_month == DAY(2026, 5, 1) and rent[0].due_date == DAY(2026, 5, 31)
    assert rent[-1].period_month == DAY(2027, 4, 1)
    row = services.quotas.family_quota(family).inclusions[0]
    assert (row.arrived_on, row.arrived_address) == (DAY(2026, 5, 20), "Екібастұз, Абай к-сі 4")
    details = services.cases.details(family)
    assert details.stage == "settled" and event(details, "quota_moved").params["date"] == "2026-05-20"
    with pytest.raises(RuleViolation):  # recorded once: the ledger was built from it
        services.quotas.record_move(inclusion, DAY(2026, 6, 1), "Павлодар")
    assert len(schedule(services, family, inclusion)) == 13


def test_a_new_inclusion_needs_the_old_one_cancelled_and_relocation_is_paid_once_per_person(db_services):
    services = db_services
    family = family_with_status(services, members=3)
    first = include(services, family, persons=2, moved=DAY(2026, 3, 15))
    rows = schedule(services, family, first)
    pay_in_full(services, [row for row in rows if row.due_date == DAY(2026, 3, 31)])  # relocation, March rent
    with pytest.raises(RuleViolation) as caught:
        include(services, family, region="AKMOLA", decided=DAY(2026, 5, 1), number="2")
    assert caught.value.rule == QuotaRule.ALREADY_INCLUDED
    services.quotas.cancel_inclusion(first, DAY(2026, 4, 20), "Отбасы Ақмола облысына көшті")
    kept = schedule(services, family, first)
    assert [(row.kind, row.due_date) for row in kept] == [
        (SupportKind.RELOCATION, DAY(2026, 3, 31)), (SupportKind.HOUSING, DAY(2026, 3, 31))]  # April rent went
    cancelled = services.quotas.family_quota(family).inclusions[0]
    assert cancelled.cancel_reason == "Отбасы Ақмола облысына көшті"
    assert event(services.cases.details(family), "quota_cancelled").params["reason"] == "Отбасы Ақмола облысына көшті"
    second = include(services, family, region="AKMOLA", decided=DAY(2026, 5, 1), persons=3, number="2")
    relocation = [row for row in schedule(services, family, second) if row.kind == SupportKind.RELOCATION]
    assert [(row.persons, row.amount_due) for row in relocation] == [(1, D("302750.00"))]  # only the third person


def test_citizenship_closes_the_case_and_stops_unpaid_support_after_its_date(db_services):
    services = db_services
    family = family_with_status(services, members=1)
    inclusion = include(services, family, moved=DAY(2026, 3, 10))
    rows = schedule(services, family, inclusion)
    pay_in_full(services, [row for row in rows if row.due_date <= DAY(2026, 6, 30)])
    september = next(row for row in rows if row.period_month == DAY(2026, 9, 1))
    services.payments.record_payment(september.id, DAY(2026, 7, 1), D("1000.00"), "ПП-ЕРТЕ")  # paid in part, early
    head = services.cases.details(family).members[0]
    status = head.statuses[0]
    result = services.records.end_status(status.id, status.version, StatusEndInput(
        DAY(2026, 7, 15), "citizenship", close_case=True))
    assert result.changes.quotas and result.changes.payments
    left = schedule(services, family, inclusion)
    # Paid stays (relocation, March–June, the part-paid September); July on, unpaid, is cancelled.
    assert [row.due_date for row in left] == [DAY(2026, 3, 31), DAY(2026, 3, 31), DAY(2026, 4, 30),
                                              DAY(2026, 5, 31), DAY(2026, 6, 30), DAY(2026, 9, 30)]
    assert sum(row.paid for row in left) == sum(row.amount_due for row in left[:5]) + D("1000.00")
    details = services.cases.details(family)
    assert details.stage == "citizenship"
    assert event(details, "support_stopped").params["count"] == 7


def test_ending_without_closing_keeps_the_case_and_its_support(db_services):
    services = db_services
    family = family_with_status(services, members=1)
    inclusion = include(services, family, moved=DAY(2026, 3, 10))
    before = len(schedule(services, family, inclusion))
    status = services.cases.details(family).members[0].statuses[0]
    services.records.end_status(status.id, status.version, StatusEndInput(DAY(2026, 7, 15), "citizenship"))
    assert len(schedule(services, family, inclusion)) == before
    assert services.cases.details(family).stage == "settled"


def test_the_citizenship_stage_is_reachable_after_inclusion_and_stops_support(services):
    family = family_with_status(services, members=1)
    inclusion = include(services, family)  # not moved: only the relocation item, unpaid, due 31 March
    details = services.cases.details(family)
    assert details.stage == "quota_included"
    services.registration.change_stage(family, details.version, "citizenship")
    assert services.cases.details(family).stage == "citizenship"
    # No citizenship date recorded: today's date applies; the March item fell due before it and stays owed.
    assert len(schedule(services, family, inclusion)) == 1


def test_an_extension_closes_the_period_it_extends(db_services):
    services = db_services
    family = family_with_status(services, members=1)  # granted 1 Feb 2026, valid to 31 Jan 2027
    status = services.cases.details(family).members[0].statuses[0]
    services.records.extend_status(status.id, status.version, ExtensionInput(
        DAY(2026, 11, 20), "egov", "granted", DAY(2026, 11, 24), "KD-EXT"))
    first, extension = services.cases.details(family).members[0].statuses
    assert (first.ended_on, first.end_reason) == (DAY(2027, 2, 1), "extended")
    assert (extension.granted_on, extension.valid_until) == (DAY(2026, 11, 24), DAY(2028, 1, 31))
    with pytest.raises(RuleViolation):  # the extended period is closed
        services.records.end_status(first.id, first.version, StatusEndInput(DAY(2026, 11, 25), "death"))


def test_a_pending_extension_closes_the_period_when_it_is_granted(services):
    family = family_with_status(services, members=1)
    status = services.cases.details(family).members[0].statuses[0]
    services.records.extend_status(status.id, status.version, ExtensionInput(DAY(2026, 11, 20), "egov"))
    first, pending = services.cases.details(family).members[0].statuses
    assert first.ended_on is None  # a pending application leaves the period open
    services.records.decide_status(pending.id, pending.version, DecisionInput("granted", DAY(2026, 11, 25)))
    first = services.cases.details(family).members[0].statuses[0]
    assert (first.ended_on, first.end_reason) == (DAY(2027, 2, 1), "extended")
    with pytest.raises(ValidationError):  # never chosen by hand
        services.records.end_status(pending.id, None, StatusEndInput(DAY(2026, 11, 25), "extended"))


def test_education_applicants_need_a_valid_status_and_no_citizenship(services):
    family = family_with_status(services, members=2)
    head, child = services.cases.details(family).members
    line = services.education.save_line(2026, "college", "Павлодар колледжі", "Мейіргер ісі", 100).id
    with pytest.raises(RuleViolation) as caught:
        services.education.apply(child.id, 2026, line, DAY(2026, 7, 1))
    assert caught.value.rule == "education_needs_status"
    services.education.apply(head.id, 2026, line, DAY(2026, 7, 1))
    status = services.cases.details(family).members[0].statuses[0]
    services.records.end_status(status.id, status.version, StatusEndInput(DAY(2026, 8, 1), "citizenship"))
    with pytest.raises(RuleViolation) as caught:
        services.education.apply(head.id, 2026, line, DAY(2026, 8, 10))
    assert caught.value.rule == "education_citizen"
    assert len(services.education.applications(family)) == 1


def test_kandas_places_are_four_percent_of_the_state_order_and_an_override_needs_a_reason(services):
    line = services.education.save_line(2026, "university", "Торайғыров университеті", "Педагогика", 250)
    row = services.education.lines(2026)[0]
    assert (row.id, row.state_order_places, row.places, row.places_override) == (line.id, 250, 10, None)
    with pytest.raises(ValidationError) as caught:
        services.education.save_line(2026, "university", "Торайғыров университеті", "Педагогика", 250, 12, " ")
    assert caught.value.problems[0].field == "override_reason"
    assert services.education.lines(2026)[0].places == 10  # nothing changed
    services.education.save_line(2026, "university", "Торайғыров университеті", "Педагогика", 250, 12,
                                 "Облыс әкімдігінің қосымша гранттары")
    row = services.education.lines(2026)[0]
    assert (row.places, row.places_override, row.override_reason) == (12, 12, "Облыс әкімдігінің қосымша гранттары")
    with pytest.raises(ValidationError):  # 4 % of 10 places rounds to none
        services.education.save_line(2026, "college", "Колледж", "Құрылыс", 10)

"""The employer subsidy claimed on a job placement, as an item of the quota ledger (real SQLite file)."""
from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal as D

import pytest

from domain.errors import PermissionDenied, RuleViolation, ValidationError
from domain.permissions import Actor, Role
from domain.subsidies import SupportKind
from services.quota_dto import InclusionInput
from tests.services.quota_helpers import family_with_status

GOOD_BIN = "050140001238"


def counts(db_path) -> tuple:
    with sqlite3.connect(db_path) as c:
        return tuple(c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("job_placement", "subsidy_item", "payment", "audit_log"))


def included_family(services, decision=dt.date(2026, 3, 10)) -> tuple[int, int]:
    family = family_with_status(services, members=2)
    services.quotas.include_family(InclusionInput(family, decision.year, "PAVLODAR", decision, "КВ-1", D("15")))
    return family, services.cases.details(family).members[0].id


def place(services, person, started=dt.date(2026, 5, 12), claimed=True):
    return services.employment.add_placement(person, "«Ертіс Агро» ЖШС", GOOD_BIN, "агроном", started, None,
                                             claimed)


def employer_items(services, family):
    return [i for i in services.quotas.family_quota(family).schedule if i.kind == SupportKind.EMPLOYER]


def test_claim_adds_one_item_priced_from_the_rule_and_the_payment_years_mrp(services, db_path):
    family, head = included_family(services)
    result = place(services, head)
    assert result.changes.employment and result.changes.payments and result.changes.quotas
    [item] = employer_items(services, family)
    assert item.amount_due == D("1730000.00")  # 400 × 4 325 (2026)
    assert (item.due_date, item.mrp_year, item.mrp_coefficient, item.persons) == (dt.date(2026, 5, 31), 2026,
                                                                                  D("400"), 1)
    assert item.period_month is None
    quota = services.quotas.family_quota(family).inclusions[0]
    assert quota.amount_owed == sum(i.amount_due for i in services.quotas.family_quota(family).schedule)
    [placement] = services.employment.placements(family)
    assert placement.subsidy_due == D("1730000.00") and placement.subsidy_paid == D("0.00")
    with sqlite3.connect(db_path) as c:
        audited = c.execute("SELECT action, entity FROM audit_log ORDER BY id DESC LIMIT 2").fetchall()
        events = [r[0] for r in c.execute("SELECT kind FROM family_event WHERE family_id = ?", (family,))]
    assert ("insert", "subsidy_item") in audited and "employer_subsidy" in events


def test_a_rule_change_applies_to_jobs_starting_after_it(services):
    services.quota_reference.add_support_rule(SupportKind.EMPLOYER, dt.date(2026, 6, 1), D("500"))
    family, head = included_family(services)
    spouse = services.cases.details(family).members[1].id
    place(services, head, dt.date(2026, 5, 31))
    place(services, spouse, dt.date(2026, 6, 1))
    amounts = sorted((i.due_date, i.mrp_coefficient, i.amount_due) for i in employer_items(services, family))
    assert amounts == [(dt.date(2026, 5, 31), D("400"), D("1730000.00")),
                       (dt.date(2026, 6, 30), D("500"), D("2162500.00"))]


def test_a_year_without_mrp_is_priced_provisionally_then_repriced(services):
    family, head = included_family(services)
    place(services, head, dt.date(2027, 1, 15))
    [item] = employer_items(services, family)
    assert (item.due_date, item.mrp_year, item.amount_due) == (dt.date(2027, 1, 31), 2026, D("1730000.00"))
    services.quota_reference.set_mrp(2027, D("4500"))
    [item] = employer_items(services, family)
    assert (item.mrp_year, item.amount_due) == (2027, D("1800000.00"))


def test_without_any_mrp_before_the_year_the_claim_is_refused(services, db_path):
    family, head = included_family(services)
    with sqlite3.connect(db_path) as c:
        c.execute("DELETE FROM mrp_rate")
    before = counts(db_path)
    with pytest.raises(ValidationError) as refused:
        place(services, head)
    assert "MRP" in refused.value.message
    assert counts(db_path) == before


def test_claiming_again_is_a_no_op_and_editing_keeps_one_item(services, db_path):
    family, head = included_family(services)
    placement = place(services, head).id
    row = services.employment.placements(family)[0]
    changes = services.employment.update_placement(placement, row.employer_name, row.employer_bin, "бас агроном",
                                                   row.started_on, None, True, row.version)
    assert not changes.payments  # the ledger did not change
    assert len(employer_items(services, family)) == 1
    row = services.employment.placements(family)[0]
    services.employment.update_placement(placement, row.employer_name, row.employer_bin, row.position,
                                         dt.date(2026, 7, 1), None, True, row.version)
    [item] = employer_items(services, family)
    assert item.due_date == dt.date(2026, 7, 31)
    with sqlite3.connect(db_path) as c:
        with pytest.raises(sqlite3.IntegrityError):  # the database holds one item per placement too
            c.execute("INSERT INTO subsidy_item (inclusion_id, kind, due_date, amount_due, mrp_year, "
                      "mrp_coefficient, persons, created_at, created_by, placement_id) "
                      "SELECT inclusion_id, kind, due_date, amount_due, mrp_year, mrp_coefficient, persons, "
                      "created_at, created_by, placement_id FROM subsidy_item WHERE placement_id IS NOT NULL")


def test_unticking_or_deleting_removes_the_unpaid_item(services, db_path):
    family, head = included_family(services)
    first = place(services, head).id
    second = place(services, services.cases.details(family).members[1].id).id
    row = [p for p in services.employment.placements(family) if p.id == first][0]
    changes = services.employment.update_placement(first, row.employer_name, row.employer_bin, row.position,
                                                   row.started_on, None, False, row.version)
    assert changes.payments
    changes = services.employment.delete_placement(second)
    assert changes.payments and changes.employment
    assert employer_items(services, family) == []
    assert [p.id for p in services.employment.placements(family)] == [first]
    with sqlite3.connect(db_path) as c:
        deleted = c.execute("SELECT entity FROM audit_log WHERE action = 'delete'").fetchall()
    assert deleted.count(("subsidy_item",)) == 2 and ("job_placement",) in deleted


def test_a_paid_item_cannot_be_withdrawn_deleted_or_moved(services, db_path):
    family, head = included_family(services)
    placement = place(services, head).id
    [item] = employer_items(services, family)
    services.payments.record_payment(item.id, dt.date(2026, 6, 5), D("1000000"), "ПП-77")
    row = services.employment.placements(family)[0]
    before = counts(db_path)
    for claimed, started in ((False, row.started_on), (True, dt.date(2026, 8, 1))):  # untick; move the start
        with pytest.raises(RuleViolation) as refused:
            services.employment.update_placement(placement, row.employer_name, row.employer_bin, row.position,
                                                 started, None, claimed, row.version)
        assert "already been paid" in refused.value.message
    with pytest.raises(RuleViolation):
        services.employment.delete_placement(placement)
    assert counts(db_path) == before
    # what does not touch the item stays allowed
    services.employment.update_placement(placement, row.employer_name, row.employer_bin, "бас агроном",
                                         row.started_on, dt.date(2026, 10, 1), True, row.version)


@pytest.mark.parametrize("setup, words", [
    ("none", "not included"),
    ("cancelled", "cancelled"),
    ("before", "before the quota inclusion decision"),
])
def test_no_valid_inclusion_refuses_the_claim_and_writes_nothing(services, db_path, setup, words):
    if setup == "none":
        family = family_with_status(services, members=1)
        head = services.cases.details(family).members[0].id
    else:
        family, head = included_family(services)
    if setup == "cancelled":
        inclusion = services.quotas.family_quota(family).inclusions[0]
        services.quotas.cancel_inclusion(inclusion.id, dt.date(2026, 4, 1), "moved away")
    before = counts(db_path)
    with pytest.raises(ValidationError) as refused:
        place(services, head, dt.date(2026, 3, 1) if setup == "before" else dt.date(2026, 5, 12))
    assert refused.value.field == "employer_subsidy" and words in refused.value.message
    assert counts(db_path) == before
    place(services, head, claimed=False)  # the job itself, without the claim, is fine


def test_cancelling_the_inclusion_drops_the_unpaid_claim_and_unticks_it(services):
    family, head = included_family(services)
    place(services, head, dt.date(2026, 9, 3))
    inclusion = services.quotas.family_quota(family).inclusions[0]
    services.quotas.cancel_inclusion(inclusion.id, dt.date(2026, 8, 1), "moved away")
    assert employer_items(services, family) == []
    [row] = services.employment.placements(family)
    assert not row.employer_subsidy and row.subsidy_due is None
    services.employment.update_placement(row.id, row.employer_name, row.employer_bin, row.position,
                                         row.started_on, dt.date(2026, 11, 1), False, row.version)


@pytest.mark.parametrize("role", Role.ALL)
def test_claim_needs_manage_quotas_besides_edit_cases(services, db_path, role):
    family, head = included_family(services)
    as_role = services.for_actor(Actor(user_id=None, login=f"t_{role}", role=role))
    before = counts(db_path)
    if role in (Role.ADMINISTRATOR, Role.SUPERVISOR):
        placement = place(as_role, head).id
        assert counts(db_path)[1] == before[1] + 1
        as_role.employment.delete_placement(placement)
        return
    with pytest.raises(PermissionDenied) as refused:
        place(as_role, head)
    assert counts(db_path) == before
    if role == Role.CASE_WORKER:  # a case worker records jobs; the supervisor claims the money
        assert refused.value.action == "manage_quotas"
        placement = place(as_role, head, claimed=False).id
        placement_row = as_role.employment.placements(family)[0]
        with pytest.raises(PermissionDenied):
            as_role.employment.update_placement(placement, placement_row.employer_name, placement_row.employer_bin,
                                                placement_row.position, placement_row.started_on, None, True,
                                                placement_row.version)
        place(services, head)  # claimed by an administrator
        claimed = [p for p in as_role.employment.placements(family) if p.subsidy_due][0]
        with pytest.raises(PermissionDenied):
            as_role.employment.delete_placement(claimed.id)


def test_claimed_item_is_in_the_overdue_list_and_payment_totals(services, clock):
    family, head = included_family(services)
    place(services, head, dt.date(2026, 5, 12))
    overdue = [r for r in services.payments.outstanding(overdue_only=True) if r.kind == SupportKind.EMPLOYER]
    assert len(overdue) == 1 and overdue[0].outstanding == D("1730000.00") and overdue[0].family_id == family
    services.payments.record_payment(overdue[0].item_id, dt.date(2026, 6, 2), D("1730000.00"), "ПП-1")
    assert not [r for r in services.payments.outstanding() if r.kind == SupportKind.EMPLOYER]
    june = [t for t in services.payments.totals(2026) if t.month == 6]
    assert june[0].total == D("1730000.00")


def test_claim_pay_and_refuse_withdrawal_on_sqlite_and_postgresql(db_services):
    services = db_services
    family, head = included_family(services)
    placement = place(services, head).id
    place(services, services.cases.details(family).members[1].id, dt.date(2026, 6, 1))
    items = employer_items(services, family)
    assert [i.amount_due for i in items] == [D("1730000.00")] * 2 and all(isinstance(i.amount_due, D) for i in items)
    paid_item = [i for i in items if i.due_date == dt.date(2026, 5, 31)][0]
    services.payments.record_payment(paid_item.id, dt.date(2026, 6, 2), D("1730000.00"), "ПП-3")
    with pytest.raises(RuleViolation):
        services.employment.delete_placement(placement)
    other = [p for p in services.employment.placements(family) if p.id != placement][0]
    services.employment.delete_placement(other.id, other.version)
    assert [i.id for i in employer_items(services, family)] == [paid_item.id]
    summary = services.reporting.monthly_summary(dt.date(2026, 6, 1))
    employer = [s for s in summary.subsidies if s.kind == SupportKind.EMPLOYER][0]
    assert employer.paid_month == D("1730000.00")


def test_demo_claims_employer_subsidies_through_the_same_rule(services, db_path):
    services.demo(families=120, seed=5)
    with sqlite3.connect(db_path) as c:
        items = c.execute("""SELECT s.id, s.amount_due, s.mrp_coefficient, s.due_date, j.started_on,
                                    i.decision_date, i.cancelled_on, j.employer_subsidy
                             FROM subsidy_item s JOIN job_placement j ON j.id = s.placement_id
                             JOIN quota_inclusion i ON i.id = s.inclusion_id
                             WHERE s.kind = 'employer'""").fetchall()
        flagged = c.execute("SELECT count(*) FROM job_placement WHERE employer_subsidy").fetchone()[0]
        paid = c.execute("""SELECT count(DISTINCT s.id) FROM subsidy_item s JOIN payment p
                            ON p.subsidy_item_id = s.id WHERE s.kind = 'employer'""").fetchone()[0]
    assert len(items) >= 3 and flagged == len(items) and paid >= 1
    for _id, amount, coefficient, due, started, decision, cancelled, flag in items:
        assert D(str(coefficient)) == D("400") and flag and cancelled is None
        assert decision <= started and due[:7] == started[:7]


def test_a_paid_claim_survives_cancellation_and_the_job_stays_editable(services):
    family, head = included_family(services)
    placement = place(services, head).id
    [item] = employer_items(services, family)
    services.payments.record_payment(item.id, dt.date(2026, 6, 2), D("1730000.00"), "ПП-5")
    inclusion = services.quotas.family_quota(family).inclusions[0]
    services.quotas.cancel_inclusion(inclusion.id, dt.date(2026, 7, 1), "moved away")
    row = services.employment.placements(family)[0]
    assert row.employer_subsidy and row.subsidy_paid == D("1730000.00")
    services.employment.update_placement(placement, row.employer_name, row.employer_bin, "бас агроном",
                                         row.started_on, dt.date(2026, 11, 1), True, row.version)
    assert [i.id for i in employer_items(services, family)] == [item.id]

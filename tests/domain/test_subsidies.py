"""Subsidy maths: rules on the decision date, MRP of the payment year, exact tenge, month ends."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from domain.errors import RuleViolation, ValidationError
from domain.reference import MrpRate, MrpTable
from domain.subsidies import (ItemBalance, SupportKind, SupportRule, amended_relocation, build_schedule,
                              check_payment, money, rule_in_force, validate_rule)

MRP = MrpTable([MrpRate(2025, D("3932")), MrpRate(2026, D("4325")), MrpRate(2027, D("4500")),
                MrpRate(2028, D("4700"))])
RULES = [SupportRule(SupportKind.RELOCATION, dt.date(2023, 1, 1), D("70")),
         SupportRule(SupportKind.HOUSING, dt.date(2023, 1, 1), D("15"), D("30"), 12)]


def moved_on_decision(rules, mrp, decision_date, persons, coefficient):
    """The schedule of a family that moved in the month of its decision (rent from that month)."""
    return build_schedule(rules, mrp, decision_date, persons, coefficient, arrived_on=decision_date)


def test_relocation_is_70_mrp_per_member_of_the_payment_year_exact_in_tenge():
    items = moved_on_decision(RULES, MRP, dt.date(2026, 3, 10), 4, D("15"))
    relocation = items[0]
    assert relocation.kind == SupportKind.RELOCATION
    assert relocation.amount_due == D("1211000.00")  # 70 × 4 325 × 4
    assert relocation.persons == 4 and relocation.mrp_year == 2026
    assert D("302750") * 4 == relocation.amount_due  # lada.kz: 302 750 ₸ per member in 2026


def test_housing_runs_the_rule_months_with_month_ends_and_payment_year_mrp():
    items = moved_on_decision(RULES, MRP, dt.date(2026, 8, 20), 2, D("30"))
    housing = [i for i in items if i.kind == SupportKind.HOUSING]
    assert len(housing) == 12
    assert housing[0].period_month == dt.date(2026, 8, 1) and housing[0].due_date == dt.date(2026, 8, 31)
    assert housing[0].amount_due == D("129750.00")  # 30 × 4 325, as published for 2026
    assert housing[6].period_month == dt.date(2027, 2, 1) and housing[6].due_date == dt.date(2027, 2, 28)
    assert housing[6].amount_due == D("135000.00") and housing[6].mrp_year == 2027
    assert housing[-1].due_date == dt.date(2027, 7, 31)


def test_february_of_a_leap_year_ends_on_the_29th():
    items = moved_on_decision(RULES, MRP, dt.date(2027, 12, 31), 1, D("15"))
    february = [i for i in items if i.period_month == dt.date(2028, 2, 1)][0]
    assert february.due_date == dt.date(2028, 2, 29)
    assert items[0].due_date == dt.date(2027, 12, 31)


def test_decision_on_29_february_is_due_that_day():
    items = moved_on_decision(RULES, MRP, dt.date(2028, 2, 29), 1, D("15"))
    assert items[0].due_date == dt.date(2028, 2, 29) and items[1].due_date == dt.date(2028, 2, 29)


def test_missing_mrp_for_a_payment_year_uses_the_latest_known_and_says_so():
    table = MrpTable([MrpRate(2026, D("4325"))])
    items = moved_on_decision(RULES, table, dt.date(2026, 11, 5), 1, D("15"))
    january = [i for i in items if i.due_date.year == 2027][0]
    assert january.mrp_year == 2026 and january.amount_due == D("64875.00")


def test_no_mrp_at_all_is_refused():
    with pytest.raises(ValidationError):
        moved_on_decision(RULES, MrpTable([]), dt.date(2026, 1, 5), 1, D("15"))


def test_rule_change_mid_year_applies_only_to_decisions_after_it():
    rules = RULES + [SupportRule(SupportKind.RELOCATION, dt.date(2026, 7, 1), D("80")),
                     SupportRule(SupportKind.HOUSING, dt.date(2026, 7, 1), D("20"), D("35"), 6)]
    before = moved_on_decision(rules, MRP, dt.date(2026, 6, 30), 1, D("15"))
    after = moved_on_decision(rules, MRP, dt.date(2026, 7, 1), 1, D("20"))
    assert before[0].amount_due == D("302750.00") and len(before) == 13
    assert after[0].amount_due == D("346000.00") and len(after) == 7
    # items of the earlier decision paid after the change keep the earlier coefficient
    assert {i.coefficient for i in before[1:]} == {D("15")}
    with pytest.raises(ValidationError):  # 15 is below the new minimum
        moved_on_decision(rules, MRP, dt.date(2026, 7, 1), 1, D("15"))


def test_rule_with_an_end_date_stops_applying():
    rules = [SupportRule(SupportKind.RELOCATION, dt.date(2023, 1, 1), D("70"), valid_to=dt.date(2025, 12, 31))]
    assert rule_in_force(rules, SupportKind.RELOCATION, dt.date(2025, 12, 31)).coefficient == D("70")
    with pytest.raises(RuleViolation) as caught:
        rule_in_force(rules, SupportKind.RELOCATION, dt.date(2026, 1, 1))
    assert caught.value.rule == "no_support_rule"


@pytest.mark.parametrize("coefficient", [D("14.99"), D("30.01"), D("0")])
def test_housing_coefficient_outside_the_rule_range_is_refused(coefficient):
    with pytest.raises(ValidationError) as caught:
        moved_on_decision(RULES, MRP, dt.date(2026, 3, 10), 1, coefficient)
    assert caught.value.field == "housing_coefficient"


def test_fractional_coefficient_is_rounded_to_tiyn_once():
    items = moved_on_decision(RULES, MRP, dt.date(2026, 3, 10), 1, D("22.5"))
    assert items[1].amount_due == D("97312.50")
    assert money(D("0.005")) == D("0.01")


def test_member_added_after_the_decision_changes_nothing_until_the_decision_is_amended():
    items = moved_on_decision(RULES, MRP, dt.date(2026, 3, 10), 3, D("15"))
    relocation = items[0]
    assert relocation.amount_due == D("908250.00")  # the schedule knows only the 3 persons decided
    amended = amended_relocation(relocation, 4, already_paid=D("908250.00"))
    assert amended.amount_due == D("1211000.00") and amended.persons == 4
    assert amended.mrp_year == relocation.mrp_year and amended.due_date == relocation.due_date
    with pytest.raises(RuleViolation):
        amended_relocation(relocation, 2, already_paid=D("908250.00"))


def test_sums_of_many_items_are_exact():
    items = moved_on_decision(RULES, MRP, dt.date(2026, 1, 15), 5, D("15"))
    total = sum((i.amount_due for i in items), D("0"))
    assert total == D("1513750.00") + D("64875.00") * 12
    assert isinstance(total, D)


def test_payment_checks():
    ok = dict(amount=D("100.00"), paid_on=dt.date(2026, 3, 10), decision_date=dt.date(2026, 3, 10),
              today=dt.date(2026, 3, 11), outstanding=D("100.00"), document_number="PP-1")
    check_payment(**ok)
    for changes, field in ((dict(amount=D("0")), "amount"), (dict(amount=D("-5")), "amount"),
                           (dict(amount=D("100.01")), "amount"), (dict(amount=D("1.005")), "amount"),
                           (dict(paid_on=dt.date(2026, 3, 9)), "paid_on"),
                           (dict(paid_on=dt.date(2026, 3, 12)), "paid_on"),
                           (dict(document_number=" "), "document_number")):
        with pytest.raises(ValidationError) as caught:
            check_payment(**{**ok, **changes})
        assert caught.value.field == field


def test_balance_and_overdue():
    balance = ItemBalance(D("100"), D("40"))
    assert balance.outstanding == D("60")
    assert balance.is_overdue(dt.date(2026, 1, 31), dt.date(2026, 2, 1))
    assert not balance.is_overdue(dt.date(2026, 1, 31), dt.date(2026, 1, 31))
    assert not ItemBalance(D("100"), D("100")).is_overdue(dt.date(2026, 1, 31), dt.date(2026, 5, 1))


def test_rule_validation():
    validate_rule(SupportKind.HOUSING, dt.date(2027, 1, 1), None, D("15"), D("30"), 12)
    with pytest.raises(ValidationError) as caught:
        validate_rule(SupportKind.HOUSING, dt.date(2027, 1, 1), dt.date(2026, 1, 1), D("15"), D("10"), 0)
    assert {p.field for p in caught.value.problems} == {"mrp_coefficient_max", "months", "valid_to"}


def test_repricing_never_goes_below_what_was_paid():
    from domain.subsidies import repriced_amount
    assert repriced_amount(D("15"), 1, D("4500"), D("0")) == D("67500.00")
    assert repriced_amount(D("15"), 1, D("4000"), D("64875.00")) is None

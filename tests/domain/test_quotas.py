"""Inclusion rules: every refusal names its rule."""
from __future__ import annotations

import datetime as dt

import pytest

from domain.errors import RuleViolation, ValidationError
from domain.kandas_status import KandasStatus
from domain.quotas import (InclusionRequest, QuotaPlanFigures, QuotaRule, QuotaUsage, check_inclusion,
                           exceeds_plan, head_status_valid, validate_cancellation, validate_plan,
                           validate_request)

DAY = dt.date(2026, 5, 12)
RECEIVING = {"PAVLODAR", "AKMOLA"}
PLAN = QuotaPlanFigures(2026, "PAVLODAR", persons_planned=10, families_planned=None)


def request(**changes) -> InclusionRequest:
    values = dict(year=2026, region_code="PAVLODAR", decision_date=DAY, decision_number="Q-1", persons=4)
    values.update(changes)
    return InclusionRequest(**values)


def check(req=None, **kwargs):
    values = dict(status_valid=True, receiving_regions=RECEIVING, included_years=(), plan=PLAN,
                  usage=QuotaUsage(1, 3))
    values.update(kwargs)
    return check_inclusion(req or request(), **values)


def test_eligible_family_is_included_within_plan():
    verdict = check()
    assert verdict.over_plan is False and verdict.override_reason == ""


def test_expired_status_is_refused_by_the_status_rule():
    status = KandasStatus()
    status.grant(dt.date(2025, 3, 1), 12)
    assert head_status_valid([status], dt.date(2026, 2, 28))
    assert not head_status_valid([status], dt.date(2026, 3, 1))
    with pytest.raises(RuleViolation) as caught:
        check(status_valid=head_status_valid([status], DAY))
    assert caught.value.rule == QuotaRule.STATUS_NOT_VALID
    assert "kandas status" in str(caught.value)


def test_status_ended_by_citizenship_is_not_valid():
    status = KandasStatus()
    status.grant(dt.date(2026, 1, 10), 12)
    status.end(dt.date(2026, 4, 1), "citizenship")
    assert not head_status_valid([status], DAY)


def test_non_receiving_region_is_refused():
    with pytest.raises(RuleViolation) as caught:
        check(request(region_code="ALMATY"))
    assert caught.value.rule == QuotaRule.REGION_NOT_RECEIVING
    assert "does not receive" in str(caught.value)


def test_any_live_inclusion_refuses_a_new_one_whatever_its_year():
    """One live inclusion per family (shared/domain.md §9): another year does not help."""
    for live in ([2026], [2025]):
        with pytest.raises(RuleViolation) as caught:
            check(included_years=live)
        assert caught.value.rule == QuotaRule.ALREADY_INCLUDED
        assert "cancel" in str(caught.value)
    assert check(included_years=[]).over_plan is False


def test_missing_plan_is_refused():
    with pytest.raises(RuleViolation) as caught:
        check(plan=None)
    assert caught.value.rule == QuotaRule.NO_PLAN


def test_exactly_filling_the_plan_is_allowed():
    assert check(usage=QuotaUsage(2, 6)).over_plan is False  # 6 + 4 == 10


def test_over_plan_without_override_is_refused():
    with pytest.raises(RuleViolation) as caught:
        check(usage=QuotaUsage(2, 7))
    assert caught.value.rule == QuotaRule.OVER_PLAN
    assert caught.value.params == {"year": 2026, "used": 7, "planned": 10, "persons": 4}


def test_over_plan_with_override_needs_a_reason_and_is_recorded():
    with pytest.raises(RuleViolation) as caught:
        check(request(override=True, override_reason="  "), usage=QuotaUsage(2, 7))
    assert caught.value.rule == QuotaRule.OVERRIDE_REASON
    verdict = check(request(override=True, override_reason=" Akim's letter 12 "), usage=QuotaUsage(2, 7))
    assert verdict.over_plan is True and verdict.override_reason == "Akim's letter 12"


def test_override_within_plan_is_not_marked_over_plan():
    assert check(request(override=True, override_reason="x")).over_plan is False


def test_families_planned_also_limits():
    plan = QuotaPlanFigures(2026, "PAVLODAR", persons_planned=100, families_planned=2)
    assert not exceeds_plan(plan, QuotaUsage(1, 3), 4)
    assert exceeds_plan(plan, QuotaUsage(2, 6), 1)
    with pytest.raises(RuleViolation) as caught:
        check(plan=plan, usage=QuotaUsage(2, 6))
    assert caught.value.rule == QuotaRule.OVER_PLAN


def test_rules_are_checked_in_order_status_first():
    with pytest.raises(RuleViolation) as caught:
        check(request(region_code="ALMATY"), status_valid=False, included_years=[2026])
    assert caught.value.rule == QuotaRule.STATUS_NOT_VALID


def test_request_fields_are_validated_together():
    with pytest.raises(ValidationError) as caught:
        validate_request(request(decision_number=" ", persons=0, decision_date=dt.date(2026, 12, 1)),
                         today=dt.date(2026, 11, 25))
    assert {p.field for p in caught.value.problems} == {"decision_number", "persons", "decision_date"}


def test_plan_validation():
    validate_plan(2026, 10, 3)
    with pytest.raises(ValidationError):
        validate_plan(2026, -1, None)
    with pytest.raises(ValidationError):
        validate_plan(2026, 2, 3)


def test_cancellation_rules():
    validate_cancellation(DAY, DAY, DAY, False, "moved abroad")
    with pytest.raises(RuleViolation):
        validate_cancellation(DAY, DAY, DAY, True, "x")
    with pytest.raises(ValidationError) as caught:
        validate_cancellation(DAY, DAY - dt.timedelta(days=1), DAY, False, "")
    assert {p.field for p in caught.value.problems} == {"cancelled_on", "reason"}

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from domain.adaptation import (ServiceKind, is_overstay, stay_limit, stays_overlap, validate_check_in,
                               validate_check_out, validate_service)
from domain.education import ApplicationResult, check_places_left, validate_application, validate_quota_line
from domain.employment import PlanFact, validate_bin, validate_measure, validate_placement
from domain.errors import RuleViolation, ValidationError
from domain.iin import check_digit

TODAY = dt.date(2026, 11, 25)


def a_bin(first_eleven: str = "05014000123") -> str:
    return first_eleven + str(check_digit(first_eleven))


def test_bin_needs_twelve_digits_and_a_right_check_digit():
    good = a_bin()
    assert validate_bin(good[:6] + " " + good[6:]) == good
    assert validate_bin("") == ""
    wrong = good[:11] + str((int(good[11]) + 1) % 10)
    for bad in ("12345", "12345678901a", wrong):
        with pytest.raises(ValidationError) as caught:
            validate_bin(bad)
        assert caught.value.field == "employer_bin"


def test_placement_validation_lists_every_problem():
    with pytest.raises(ValidationError) as caught:
        validate_placement(employer_name=" ", employer_bin="1", position="x", started_on=TODAY,
                           ended_on=TODAY - dt.timedelta(days=1), today=TODAY)
    assert {p.field for p in caught.value.problems} == {"employer_name", "employer_bin", "ended_on"}


def test_measure_kind_is_checked():
    validate_measure(kind="microcredit", started_on=TODAY, ended_on=None, today=TODAY)
    with pytest.raises(ValidationError):
        validate_measure(kind="lottery", started_on=TODAY, ended_on=None, today=TODAY)


def test_plan_fact_percent():
    assert PlanFact(200, 50).percent == Decimal("25.0")
    assert PlanFact(None, 5).percent is None and PlanFact(0, 5).percent is None


def test_education_application_rules():
    validate_application(year=2026, applied_on=dt.date(2026, 7, 1), result=ApplicationResult.ADMITTED,
                         decided_on=dt.date(2026, 8, 20), today=TODAY, quota_year=2026)
    with pytest.raises(ValidationError) as caught:
        validate_application(year=2026, applied_on=dt.date(2026, 7, 1), result=ApplicationResult.ADMITTED,
                             decided_on=None, today=TODAY, quota_year=2025)
    assert {p.field for p in caught.value.problems} == {"decided_on", "education_quota_id"}
    with pytest.raises(ValidationError):
        validate_quota_line(year=2026, level="school", institution="", specialty_group="", places=0)
    check_places_left(3, 2)
    with pytest.raises(RuleViolation):
        check_places_left(3, 3)


def test_service_kinds_and_dates():
    validate_service(kind=ServiceKind.LEGAL, delivered_on=TODAY, today=TODAY)
    with pytest.raises(ValidationError):
        validate_service(kind="massage", delivered_on=TODAY, today=TODAY)
    with pytest.raises(ValidationError):
        validate_service(kind=ServiceKind.LEGAL, delivered_on=TODAY + dt.timedelta(days=1), today=TODAY)


def test_stay_limit_uses_month_ends_and_leap_years():
    assert stay_limit(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 27)
    assert stay_limit(dt.date(2027, 8, 31), 6) == dt.date(2028, 2, 28)
    assert stay_limit(dt.date(2026, 1, 1), 6) == dt.date(2026, 6, 30)
    assert is_overstay(dt.date(2026, 1, 1), None, 6, dt.date(2026, 7, 1))
    assert not is_overstay(dt.date(2026, 1, 1), dt.date(2026, 6, 30), 6, TODAY)


def test_check_in_and_out_rules():
    with pytest.raises(RuleViolation):
        validate_check_in(TODAY, TODAY, open_stays=1)
    with pytest.raises(ValidationError):
        validate_check_out(TODAY, TODAY - dt.timedelta(days=1), TODAY, False)
    with pytest.raises(RuleViolation):
        validate_check_out(TODAY, TODAY, TODAY, True)
    assert stays_overlap([(dt.date(2026, 1, 1), None)], dt.date(2026, 2, 1))
    assert not stays_overlap([(dt.date(2026, 1, 1), dt.date(2026, 2, 1))], dt.date(2026, 2, 1))

"""When a finished case is due for anonymisation (domain.retention)."""
from __future__ import annotations

import datetime as dt

import pytest

from domain import retention
from domain.errors import ValidationError
from domain.stages import CloseReason, Stage


def test_the_period_runs_from_the_day_the_case_finished():
    closed = dt.date(2021, 3, 15)
    assert not retention.is_due(closed, 5, dt.date(2026, 3, 14))
    assert retention.is_due(closed, 5, dt.date(2026, 3, 15))
    assert not retention.is_due(closed, None, dt.date(2100, 1, 1))  # no period: kept


def test_29_february_becomes_28_february():
    assert retention.due_on(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)


def test_kind_of_case():
    assert retention.case_kind(Stage.CITIZENSHIP, None) == CloseReason.CITIZENSHIP
    assert retention.case_kind(Stage.CLOSED, CloseReason.REFUSED) == CloseReason.REFUSED
    assert retention.case_kind(Stage.SETTLED, None) is None


@pytest.mark.parametrize("text", ["0", "-1", "101", "five", "2.5"])
def test_bad_periods_are_refused(text):
    with pytest.raises(ValidationError) as error:
        retention.clean_years(CloseReason.LEFT, text)
    assert error.value.field == "years"


def test_unknown_kind_and_empty_reason_are_refused():
    with pytest.raises(ValidationError):
        retention.clean_years("someday", "5")
    assert retention.clean_years(CloseReason.LEFT, " ") is None
    with pytest.raises(ValidationError):
        retention.clean_reason("   ")

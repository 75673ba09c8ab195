import datetime as dt

import pytest

from domain.errors import ValidationError
from domain.kandas_status import EndReason, KandasStatus, add_months, validate_status_dates


def test_status_is_valid_for_the_configured_months_inclusive():
    status = KandasStatus()
    status.grant(dt.date(2025, 3, 1), 12, "KD-1")
    assert status.valid_until == dt.date(2026, 2, 28)
    assert status.is_valid_on(dt.date(2026, 2, 28))
    assert not status.is_valid_on(dt.date(2026, 3, 1))
    assert not status.is_valid_on(dt.date(2025, 2, 28))


def test_leap_day_grant_runs_to_the_day_before_the_anniversary():
    status = KandasStatus()
    status.grant(dt.date(2024, 2, 29), 12)
    assert status.valid_until == dt.date(2025, 2, 27)


def test_add_months_clamps_to_month_end():
    assert add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2025, 11, 15), 3) == dt.date(2026, 2, 15)


def test_citizenship_ends_the_status():
    status = KandasStatus()
    status.grant(dt.date(2025, 1, 10), 12)
    status.end(dt.date(2025, 6, 1), EndReason.CITIZENSHIP)
    assert status.is_valid_on(dt.date(2025, 5, 31))
    assert not status.is_valid_on(dt.date(2025, 6, 1))
    with pytest.raises(ValidationError):
        status.end(dt.date(2024, 1, 1), EndReason.CITIZENSHIP)


def test_status_dates_are_checked_in_order():
    today = dt.date(2026, 1, 1)
    with pytest.raises(ValidationError) as caught:
        validate_status_dates(dt.date(2025, 5, 1), dt.date(2025, 4, 1), None, today)
    assert caught.value.field == "decided_on"
    with pytest.raises(ValidationError) as caught:
        validate_status_dates(dt.date(2026, 5, 1), None, None, today)
    assert caught.value.field == "applied_on"

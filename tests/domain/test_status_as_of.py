"""A person's status on a day for the register export (domain.status_as_of)."""
from __future__ import annotations

import datetime as dt

from domain.status_as_of import RegisterState, StatusRecord, status_as_of

D = dt.date


def rec(id_, kind="initial", decision="granted", granted=D(2025, 3, 1), until=D(2026, 2, 28), ended=None, reason=None):
    return StatusRecord(id_, kind, decision, f"KD-{id_}", granted if decision == "granted" else None,
                        until if decision == "granted" else None, ended, reason)


def test_a_pending_extension_does_not_hide_the_valid_status():
    result = status_as_of([rec(1), rec(2, "extension", "pending")], D(2026, 2, 1))
    assert result.state == RegisterState.VALID and result.record.id == 1


def test_a_period_that_ran_out_is_expired_from_the_next_day():
    result = status_as_of([rec(1)], D(2026, 3, 5))
    assert (result.state, result.end_reason, result.ended_on) == (RegisterState.EXPIRED, "expired", D(2026, 3, 1))


def test_citizenship_on_any_record_ends_the_status_for_good():
    records = [rec(1, ended=D(2026, 3, 1), reason="extended"),
               rec(2, "extension", granted=D(2026, 2, 20), until=D(2027, 2, 28), ended=D(2026, 6, 1),
                   reason="citizenship")]
    assert status_as_of(records, D(2026, 5, 31)).state == RegisterState.VALID  # "extended" is not an end
    ended = status_as_of(records, D(2026, 6, 1))
    assert (ended.state, ended.end_reason, ended.ended_on) == (RegisterState.ENDED, "citizenship", D(2026, 6, 1))


def test_a_record_granted_after_the_day_does_not_count_yet():
    assert status_as_of([rec(1, granted=D(2026, 5, 1))], D(2026, 4, 30)).state == RegisterState.NONE
    assert status_as_of([rec(1, decision="refused")], D(2026, 4, 30)).state == RegisterState.REFUSED

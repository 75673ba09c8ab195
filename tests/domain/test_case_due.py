"""The card header's due dates: the registry's rules, on plain values."""
from __future__ import annotations

import datetime as dt

from domain.case_due import StatusSpan, case_due

TODAY = dt.date(2026, 11, 25)


def test_status_valid_until_is_the_earliest_member_latest_grant():
    spans = [StatusSpan(1, "granted", dt.date(2026, 12, 9), None),
             StatusSpan(1, "granted", dt.date(2027, 12, 9), None),   # 1's extension outlasts the first grant
             StatusSpan(2, "granted", dt.date(2027, 3, 1), None),
             StatusSpan(3, "granted", dt.date(2026, 1, 1), dt.date(2026, 5, 1)),  # ended: not current
             StatusSpan(4, "refused", dt.date(2026, 1, 2), None),
             StatusSpan(5, "pending", None, None)]
    due = case_due(spans, [], TODAY)
    assert due.status_valid_until == dt.date(2027, 3, 1)
    assert due.next_due_date is None and not due.overdue


def test_next_due_is_the_earliest_open_task_and_overdue_before_today():
    due = case_due([], [None, dt.date(2026, 12, 1), dt.date(2026, 11, 24)], TODAY)
    assert due.next_due_date == dt.date(2026, 11, 24) and due.overdue
    due = case_due([], [dt.date(2026, 11, 25)], TODAY)
    assert due.next_due_date == TODAY and not due.overdue  # due today is not overdue yet

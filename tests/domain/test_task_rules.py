"""Task deadlines and the reminder rules, without a database."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from domain.tasks import (ContactFact, DocumentFact, ReminderPolicy, StatusFact, SubsidyFact, TaskState,
                          parse_auto_key, plan_reminders, standing_key, task_state)

TODAY = dt.date(2026, 11, 25)
POLICY = ReminderPolicy()


def test_task_states():
    assert task_state(TODAY - dt.timedelta(days=1), False, TODAY) == TaskState.OVERDUE
    assert task_state(TODAY, False, TODAY) == TaskState.DUE_TODAY
    assert task_state(TODAY + dt.timedelta(days=7), False, TODAY) == TaskState.DUE_SOON
    assert task_state(TODAY + dt.timedelta(days=8), False, TODAY) == TaskState.OPEN
    assert task_state(None, False, TODAY) == TaskState.OPEN
    assert task_state(TODAY - dt.timedelta(days=9), True, TODAY) == TaskState.DONE


def test_status_reminder_window_and_settled_statuses():
    def fact(days, ended=False, superseded=False):
        return StatusFact(1, 9, "А", TODAY + dt.timedelta(days=days), ended, superseded)
    assert plan_reminders(TODAY, POLICY, statuses=[fact(30)]).keys() == {"status_expiry:1"}
    assert plan_reminders(TODAY, POLICY, statuses=[fact(31)]) == {}
    assert plan_reminders(TODAY, POLICY, statuses=[fact(-31)]) == {}
    assert plan_reminders(TODAY, POLICY, statuses=[fact(3, ended=True)]) == {}
    assert plan_reminders(TODAY, POLICY, statuses=[fact(3, superseded=True)]) == {}
    assert standing_key(fact(-300)) == "status_expiry:1"
    assert standing_key(fact(3, superseded=True)) is None


def test_document_key_carries_the_expiry_date():
    document = DocumentFact(5, 9, "А", "passport", "N1", TODAY + dt.timedelta(days=10))
    assert list(plan_reminders(TODAY, POLICY, documents=[document])) == ["document_expiry:5:2026-12-05"]


def test_payment_due_needs_an_unpaid_remainder_within_seven_days():
    def item(days, paid):
        return SubsidyFact(3, 9, "housing_monthly", TODAY + dt.timedelta(days=days), Decimal("100.00"), Decimal(paid))
    assert plan_reminders(TODAY, POLICY, subsidies=[item(7, "0")]).keys() == {"payment_due:3"}
    assert plan_reminders(TODAY, POLICY, subsidies=[item(-100, "99.99")])["payment_due:3"].params["amount"] == "0.01"
    assert plan_reminders(TODAY, POLICY, subsidies=[item(8, "0")]) == {}
    assert plan_reminders(TODAY, POLICY, subsidies=[item(0, "100.00")]) == {}


def test_no_contact_after_ninety_days_counted_from_registration_when_never_contacted():
    never = ContactFact(9, "2026-00009", None, TODAY - dt.timedelta(days=90), False)
    recent = ContactFact(9, "2026-00009", TODAY - dt.timedelta(days=89), TODAY - dt.timedelta(days=400), False)
    closed = ContactFact(9, "2026-00009", None, TODAY - dt.timedelta(days=400), True)
    planned = plan_reminders(TODAY, POLICY, contacts=[never])
    assert planned["no_contact:9:2026-08-27"].due_date == TODAY
    assert plan_reminders(TODAY, POLICY, contacts=[recent, closed]) == {}


def test_policy_reads_settings_and_ignores_garbage():
    policy = ReminderPolicy.from_settings({"reminder_no_contact_days": "60", "reminder_status_expiry_days": "x"}.get)
    assert policy.contact_days == 60 and policy.status_days == 30


def test_parse_auto_key():
    assert parse_auto_key("document_expiry:5:2026-12-05") == ("document_expiry", 5)
    assert parse_auto_key("something:5") is None

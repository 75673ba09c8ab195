"""The case lifecycle rules of shared/domain.md §9: an extension closes the period it extends,
a status ends with a reason inside its period, which items stop on cancellation or citizenship,
relocation once per person, rent from the month of the move, the move itself, citizenship
from every stage after registration, and the education quota's applicant and places rules."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import given, settings, strategies as st

from domain.education import check_applicant, kandas_places, line_places
from domain.errors import RuleViolation, ValidationError
from domain.kandas_status import (EndReason, KandasStatus, StatusKind, check_end, close_extended, extended_period)
from domain.quotas import moved_as_of, validate_move
from domain.reference import MrpRate, MrpTable
from domain.stages import Stage, can_close_for_citizenship, check_transition, stage_after_move
from domain.subsidies import (LedgerItem, SupportKind, SupportRule, build_schedule, housing_items, items_to_cancel,
                              relocation_persons)

MRP = MrpTable([MrpRate(2025, D("3932")), MrpRate(2026, D("4325")), MrpRate(2027, D("4500"))])
RULES = [SupportRule(SupportKind.RELOCATION, dt.date(2023, 1, 1), D("70")),
         SupportRule(SupportKind.HOUSING, dt.date(2023, 1, 1), D("15"), D("30"), 12)]


def granted(on: dt.date, kind: str = StatusKind.INITIAL) -> KandasStatus:
    status = KandasStatus(kind)
    status.grant(on, 12)
    return status


def extension_of(previous: KandasStatus, decided: dt.date) -> KandasStatus:
    extension = KandasStatus(StatusKind.EXTENSION)
    extension.grant_extension(decided, 12, previous.valid_until)
    close_extended(previous, extension)
    return extension


# --- extension and end -------------------------------------------------------------------------
def test_a_timely_extension_closes_the_period_the_day_after_it_and_leaves_no_gap():
    first = granted(dt.date(2025, 3, 1))  # valid to 2026-02-28
    extension = extension_of(first, dt.date(2026, 2, 10))
    assert (first.ended_on, first.end_reason) == (dt.date(2026, 3, 1), EndReason.EXTENDED)
    assert first.is_valid_on(dt.date(2026, 2, 28)) and not first.is_valid_on(dt.date(2026, 3, 1))
    assert extension.is_valid_on(dt.date(2026, 3, 1)) and extension.valid_until == dt.date(2027, 2, 28)


def test_a_late_extension_closes_the_period_on_its_decision_day():
    first = granted(dt.date(2025, 3, 1))
    extension = extension_of(first, dt.date(2026, 4, 15))
    assert first.ended_on == dt.date(2026, 4, 15) == extension.granted_on


def test_an_ended_period_cannot_be_extended_and_extended_is_not_chosen_by_hand():
    first = granted(dt.date(2025, 3, 1))
    first.end(dt.date(2025, 9, 1), EndReason.CITIZENSHIP)
    with pytest.raises(RuleViolation):
        extension_of(first, dt.date(2026, 2, 1))
    with pytest.raises(ValidationError):
        check_end(granted(dt.date(2025, 3, 1)), dt.date(2025, 9, 1), EndReason.EXTENDED, dt.date(2026, 1, 1))


def test_extended_period_is_the_latest_open_granted_one_before_the_extension():
    first = granted(dt.date(2024, 3, 1))
    second = extension_of(first, dt.date(2025, 2, 20))
    pending = KandasStatus(StatusKind.EXTENSION)
    assert extended_period([first, second, pending], pending) is second


@pytest.mark.parametrize("reason", EndReason.CHOSEN)
def test_every_chosen_reason_ends_a_status_inside_its_period(reason):
    status = granted(dt.date(2025, 3, 1))
    check_end(status, dt.date(2025, 10, 1), reason, dt.date(2026, 1, 1))
    check_end(status, dt.date(2026, 3, 1), reason, dt.date(2026, 6, 1))  # the day after its last day


@pytest.mark.parametrize("ended_on, field", [(dt.date(2025, 2, 1), "ended_on"), (dt.date(2026, 3, 2), "ended_on"),
                                             (dt.date(2026, 7, 1), "ended_on")])
def test_an_end_outside_the_period_or_in_the_future_is_refused(ended_on, field):
    with pytest.raises(ValidationError) as caught:
        check_end(granted(dt.date(2025, 3, 1)), ended_on, EndReason.DEATH, dt.date(2026, 6, 1))
    assert caught.value.problems[0].field == field


def test_a_pending_status_cannot_end():
    with pytest.raises(RuleViolation):
        check_end(KandasStatus(), dt.date(2025, 3, 1), EndReason.REFUSED, dt.date(2026, 1, 1))


# --- which items stop ----------------------------------------------------------------------------
def test_items_to_cancel_are_the_unpaid_ones_due_after_the_date():
    day = dt.date(2026, 5, 15)
    items = [LedgerItem(1, dt.date(2026, 4, 30), D("0")),        # due before: still owed
             LedgerItem(2, dt.date(2026, 5, 15), D("0")),        # due on the day: still owed
             LedgerItem(3, dt.date(2026, 5, 31), D("0")),        # due after, unpaid: stops
             LedgerItem(4, dt.date(2026, 6, 30), D("100.00")),   # due after, partly paid: stays
             LedgerItem(5, dt.date(2026, 7, 31), D("0"))]
    assert [item.id for item in items_to_cancel(items, day)] == [3, 5]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 400), st.sampled_from([D("0"), D("1.00"), D("55000.00")])), max_size=20),
       st.integers(0, 400))
def test_items_to_cancel_never_touches_paid_money_or_past_items(raw, offset):
    start = dt.date(2025, 1, 1)
    items = [LedgerItem(i, start + dt.timedelta(days=d), paid) for i, (d, paid) in enumerate(raw)]
    day = start + dt.timedelta(days=offset)
    stop = items_to_cancel(items, day)
    assert all(item.paid == 0 and item.due_date > day for item in stop)
    kept = [item for item in items if item not in stop]
    assert all(item.paid > 0 or item.due_date <= day for item in kept)


# --- relocation once per person, rent from the move ----------------------------------------------
def test_relocation_only_for_persons_not_yet_covered():
    assert relocation_persons(4, 0) == 4
    assert relocation_persons(4, 3) == 1
    assert relocation_persons(4, 4) == 0 and relocation_persons(2, 5) == 0
    items = build_schedule(RULES, MRP, dt.date(2026, 3, 10), 4, D("15"), relocation_for=0)
    assert items == []  # no relocation and, without a move, no rent yet
    items = build_schedule(RULES, MRP, dt.date(2026, 3, 10), 4, D("15"), relocation_for=1)
    assert [(i.kind, i.persons, i.amount_due) for i in items] == [(SupportKind.RELOCATION, 1, D("302750.00"))]


def test_rent_runs_from_the_month_of_the_move_under_the_decision_date_rule():
    changed = RULES + [SupportRule(SupportKind.HOUSING, dt.date(2026, 6, 1), D("20"), D("40"), 6)]
    items = housing_items(changed, MRP, dt.date(2026, 3, 10), dt.date(2026, 7, 20), D("15"))
    assert len(items) == 12  # the rule of the decision date (12 months), not the one in force at the move
    assert items[0].period_month == dt.date(2026, 7, 1) and items[0].due_date == dt.date(2026, 7, 31)
    assert items[-1].period_month == dt.date(2027, 6, 1) and items[-1].mrp_year == 2027
    schedule = build_schedule(RULES, MRP, dt.date(2026, 3, 10), 2, D("15"), arrived_on=dt.date(2026, 5, 2))
    assert [i.period_month for i in schedule if i.kind == SupportKind.HOUSING][0] == dt.date(2026, 5, 1)


def test_the_move_needs_a_date_inside_the_inclusion_and_an_address():
    args = dict(decision_date=dt.date(2026, 3, 10), today=dt.date(2026, 6, 1), cancelled=False, already_moved=False)
    validate_move(arrived_on=dt.date(2026, 3, 10), address="Павлодар, Кутузов к-сі 5", **args)
    for arrived_on, address, field in ((None, "x", "arrived_on"), (dt.date(2026, 3, 9), "x", "arrived_on"),
                                       (dt.date(2026, 6, 2), "x", "arrived_on"),
                                       (dt.date(2026, 4, 1), "  ", "arrived_address"),
                                       (dt.date(2026, 4, 1), "x" * 501, "arrived_address")):
        with pytest.raises(ValidationError) as caught:
            validate_move(arrived_on=arrived_on, address=address, **args)
        assert caught.value.problems[0].field == field
    with pytest.raises(RuleViolation):
        validate_move(arrived_on=dt.date(2026, 4, 1), address="x", **{**args, "already_moved": True})
    with pytest.raises(RuleViolation):
        validate_move(arrived_on=dt.date(2026, 4, 1), address="x", **{**args, "cancelled": True})


def test_moved_as_of_a_date():
    assert not moved_as_of(None, dt.date(2026, 1, 1))
    assert not moved_as_of(dt.date(2026, 2, 1), dt.date(2026, 1, 31))
    assert moved_as_of(dt.date(2026, 2, 1), dt.date(2026, 2, 1))


# --- stages --------------------------------------------------------------------------------------
@pytest.mark.parametrize("stage", [Stage.STATUS_PENDING, Stage.STATUS_GRANTED, Stage.QUOTA_INCLUDED, Stage.SETTLED])
def test_citizenship_is_reachable_from_every_stage_after_registration(stage):
    check_transition(stage, Stage.CITIZENSHIP)
    assert can_close_for_citizenship(stage)


def test_citizenship_is_not_reachable_from_registration_or_a_closed_case():
    for stage in (Stage.ARRIVED, Stage.CLOSED, Stage.CITIZENSHIP):
        assert not can_close_for_citizenship(stage)
    assert stage_after_move(Stage.QUOTA_INCLUDED) == Stage.SETTLED
    assert stage_after_move(Stage.CITIZENSHIP) == Stage.CITIZENSHIP


# --- education -----------------------------------------------------------------------------------
def test_an_applicant_needs_a_valid_status_on_the_date_and_no_citizenship():
    status = granted(dt.date(2025, 3, 1))
    check_applicant([status], dt.date(2025, 7, 1))
    with pytest.raises(RuleViolation) as caught:
        check_applicant([], dt.date(2025, 7, 1))
    assert caught.value.rule == "education_needs_status"
    with pytest.raises(RuleViolation):
        check_applicant([status], dt.date(2026, 7, 1))  # expired by then
    status.end(dt.date(2025, 6, 1), EndReason.CITIZENSHIP)
    with pytest.raises(RuleViolation) as caught:
        check_applicant([status], dt.date(2025, 7, 1))
    assert caught.value.rule == "education_citizen"
    check_applicant([status], dt.date(2025, 5, 31))  # before the citizenship, the status still held


def test_kandas_places_are_the_percent_of_the_state_order_rounded_half_up():
    assert kandas_places(100, D("4")) == 4
    assert kandas_places(250, D("4")) == 10
    assert kandas_places(37, D("4")) == 1   # 1.48
    assert kandas_places(38, D("4")) == 2   # 1.52
    assert kandas_places(100, D("2")) == 2  # the 2002 share, if the setting goes back


def test_an_override_of_the_places_needs_a_reason():
    assert line_places(100, D("4"), None, "") == 4
    assert line_places(100, D("4"), 6, "Әкімдік қосымша бөлді") == 6
    with pytest.raises(ValidationError) as caught:
        line_places(100, D("4"), 6, " ")
    assert caught.value.problems[0].field == "override_reason"
    with pytest.raises(ValidationError) as caught:
        line_places(0, D("4"), None, "")
    assert caught.value.problems[0].field == "state_order_places"

"""The 400-MRP employer subsidy: when a claim is payable, and the ledger item it becomes.

The subsidy goes to an employer who takes on a person resettled under the regional quota
(shared/domain.md §2 "Support"), so it belongs in the ledger of the family's quota inclusion:

- A claim needs an **active** (not cancelled) inclusion of the person's family whose decision
  was taken **on or before the job's start**: a job found before the family was included is
  not resettlement the employer helped with. Without one the claim is refused, saying why;
  there is no ledger to hold a "not payable" item, and a ticked box that owes nothing would
  mislead the accountant.
- The amount is the coefficient of the employer rule **in force on the start date** × the MRP
  of the payment year, priced like every other item (``domain.subsidies``).
- It falls due on the **last day of the start month**, the same convention as the other items:
  the employer claims once the person is at work, and the centre pays within that month.
- One item per placement; withdrawing the claim (or deleting the placement) removes the item
  only while nothing is paid on it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable

from domain.errors import RuleViolation, ValidationError
from domain.messages import N_
from domain.reference import MrpTable
from domain.subsidies import (ScheduleItem, SupportKind, SupportRule, money, month_end, mrp_for_payment_year,
                              rule_in_force)

FIELD = "employer_subsidy"


@dataclass(frozen=True)
class InclusionFact:
    id: int
    decision_date: dt.date
    cancelled_on: dt.date | None


def inclusion_for_claim(inclusions: Iterable[InclusionFact], started_on: dt.date) -> int:
    """The inclusion whose ledger takes the claim: the latest active one decided by the start date."""
    inclusions = list(inclusions)
    if not inclusions:
        raise ValidationError(FIELD, N_(
            "The family is not included in the regional quota, so there is no employer subsidy to claim."))
    active = [i for i in inclusions if i.cancelled_on is None]
    if not active:
        raise ValidationError(FIELD, N_(
            "The family's quota inclusion was cancelled, so there is no employer subsidy to claim."))
    decided = [i for i in active if i.decision_date <= started_on]
    if not decided:
        first = min(i.decision_date for i in active)
        raise ValidationError(FIELD, N_(
            "The job started on {started}, before the quota inclusion decision of {date}; the employer subsidy "
            "is only for jobs taken after inclusion."), started=started_on, date=first)
    return max(decided, key=lambda i: (i.decision_date, i.id)).id


def employer_subsidy_item(rules: Iterable[SupportRule], mrp: MrpTable, started_on: dt.date) -> ScheduleItem:
    """The ledger item for a placement starting on ``started_on`` (one-time, due at the month's end)."""
    rule = rule_in_force(rules, SupportKind.EMPLOYER, started_on)
    due = month_end(started_on)
    year, rate = mrp_for_payment_year(mrp, due.year)
    return ScheduleItem(SupportKind.EMPLOYER, None, due, money(rule.coefficient * rate), year, rule.coefficient, 1)


def same_terms(item: ScheduleItem, stored: dict[str, Any]) -> bool:
    """Whether a stored item already says what ``item`` says (due date, amount, basis)."""
    return (stored["due_date"] == item.due_date and Decimal(stored["amount_due"]) == item.amount_due
            and stored["mrp_year"] == item.mrp_year and Decimal(stored["mrp_coefficient"]) == item.coefficient)


def refuse_change_of_paid(paid: Decimal) -> None:
    """An item with money paid on it stays as it is: the payment document refers to it."""
    if paid > 0:
        raise RuleViolation("employer_subsidy_paid", N_(
            "{paid} has already been paid on this employer subsidy; it cannot be withdrawn or changed. "
            "Correct the payment record first."), paid=paid)

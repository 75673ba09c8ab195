"""State support owed to a family in the quota, as a schedule of items (Decimal tenge).

- The **rules in force on the decision date** apply to the whole schedule: a rule that
  changes mid-year affects decisions taken after the change, never earlier ones.
- Each item is priced with the MRP of the **payment year** (the year the item falls
  due, shared/domain.md §3). Where that year's MRP is not entered yet, the latest
  earlier year is used and the item records which year it used (``mrp_year``).
- One-time relocation support = coefficient × MRP × persons **included by the decision**.
  A member who joins the family later does not change it; only an amended decision
  (``amended_relocation``) does.
  It is paid **once per person, ever** (shared/domain.md §9): persons already covered by a
  relocation item of an earlier inclusion of the family (paid, or unpaid and not cancelled)
  are not counted again (``relocation_persons``).
- Monthly housing support runs for the rule's ``months`` **from the month of the move to the
  region** (shared/domain.md §9) with a coefficient chosen at inclusion within the rule's
  range (what decides 15 vs 30 MRP is unverified, so the clerk states it). A family that has
  not moved yet has no housing items; recording the move creates them (``housing_items``).
  Every item falls due on the last day of its month, so February gets the 28th or, in leap
  years, the 29th.
- When an inclusion is cancelled or the family obtains citizenship on a date, the items that
  stop are the unpaid ones falling due after it (``items_to_cancel``); paid money stays.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable

from domain.errors import FieldProblem, RuleViolation, ValidationError
from domain.kandas_status import add_months
from domain.messages import N_
from domain.reference import MrpTable

TIYN = Decimal("0.01")


class SupportKind:
    RELOCATION = "relocation_per_member"
    HOUSING = "housing_monthly"
    EMPLOYER = "employer"
    ALL = (RELOCATION, HOUSING, EMPLOYER)
    LABELS = {RELOCATION: N_("Relocation support"), HOUSING: N_("Housing support"),
              EMPLOYER: N_("Employer subsidy")}


@dataclass(frozen=True)
class SupportRule:
    kind: str
    valid_from: dt.date
    coefficient: Decimal
    coefficient_max: Decimal | None = None
    months: int = 0
    valid_to: dt.date | None = None
    id: int | None = None

    def applies_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class ScheduleItem:
    kind: str
    period_month: dt.date | None
    due_date: dt.date
    amount_due: Decimal
    mrp_year: int
    coefficient: Decimal
    persons: int


def month_end(day: dt.date) -> dt.date:
    return dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def money(value: Decimal) -> Decimal:
    """Tenge with tiyn, rounded half up once, at the end of the sum."""
    return value.quantize(TIYN, rounding=ROUND_HALF_UP)


def rule_in_force(rules: Iterable[SupportRule], kind: str, day: dt.date) -> SupportRule:
    candidates = [rule for rule in rules if rule.kind == kind and rule.applies_on(day)]
    if not candidates:
        raise RuleViolation("no_support_rule", N_(
            "No support rule «{kind}» is in force on {date}; an administrator must enter it."),
            kind=kind, date=day)
    return max(candidates, key=lambda rule: rule.valid_from)


def mrp_for_payment_year(mrp: MrpTable, year: int) -> tuple[int, Decimal]:
    """(year used, MRP): the payment year's MRP, or the latest earlier one not yet replaced."""
    known = [y for y in mrp.years() if y <= year]
    if not known:
        return year, mrp.mrp(year)  # raises the "no MRP" message
    used = max(known)
    return used, mrp.mrp(used)


def validate_housing_coefficient(rule: SupportRule, coefficient: Decimal) -> None:
    low, high = rule.coefficient, rule.coefficient_max or rule.coefficient
    if not low <= coefficient <= high:
        raise ValidationError("housing_coefficient", N_(
            "The housing support must be between {low} and {high} MRP a month."), low=low, high=high)


def relocation_persons(persons: int, already_covered: int) -> int:
    """How many of the ``persons`` included get the one-time relocation support: those not yet
    covered by a relocation item of an earlier inclusion (once per person, ever)."""
    return max(0, persons - max(0, already_covered))


def build_schedule(rules: Iterable[SupportRule], mrp: MrpTable, decision_date: dt.date, persons: int,
                   housing_coefficient: Decimal, *, arrived_on: dt.date | None = None,
                   relocation_for: int | None = None) -> list[ScheduleItem]:
    """Every item the family is owed under the rules in force on ``decision_date``.

    ``relocation_for``: persons who get relocation support (default: all ``persons``; 0: none).
    ``arrived_on``: the move to the region; without it no housing month is owed yet."""
    rules = list(rules)
    if persons < 1:
        raise ValidationError("persons", N_("At least one person must be included."))
    relocation = rule_in_force(rules, SupportKind.RELOCATION, decision_date)
    housing = rule_in_force(rules, SupportKind.HOUSING, decision_date)
    validate_housing_coefficient(housing, housing_coefficient)
    covered = persons if relocation_for is None else relocation_for
    items: list[ScheduleItem] = []
    if covered > 0:
        due = month_end(decision_date)
        year, rate = mrp_for_payment_year(mrp, due.year)
        items.append(ScheduleItem(SupportKind.RELOCATION, None, due, money(relocation.coefficient * rate * covered),
                                  year, relocation.coefficient, covered))
    if arrived_on is not None:
        items.extend(housing_items(rules, mrp, decision_date, arrived_on, housing_coefficient))
    return items


def housing_items(rules: Iterable[SupportRule], mrp: MrpTable, decision_date: dt.date, arrived_on: dt.date,
                  housing_coefficient: Decimal) -> list[ScheduleItem]:
    """The monthly housing items from the month of the move, under the rule in force on the
    decision date (a rule changed between decision and move does not apply to this family)."""
    housing = rule_in_force(list(rules), SupportKind.HOUSING, decision_date)
    validate_housing_coefficient(housing, housing_coefficient)
    items: list[ScheduleItem] = []
    first_month = arrived_on.replace(day=1)
    for index in range(housing.months):
        period = add_months(first_month, index)
        due = month_end(period)
        year, rate = mrp_for_payment_year(mrp, due.year)
        items.append(ScheduleItem(SupportKind.HOUSING, period, due, money(housing_coefficient * rate),
                                  year, housing_coefficient, 1))
    return items


def amended_relocation(item: ScheduleItem, persons: int, already_paid: Decimal) -> ScheduleItem:
    """The relocation item after an amended decision changes the number of persons included.

    The coefficient and MRP year stay those of the original decision; the sum cannot
    drop below what was already paid out."""
    if persons < 1:
        raise ValidationError("persons", N_("At least one person must be included."))
    per_person = item.amount_due / item.persons
    amount = money(per_person * persons)
    if amount < already_paid:
        raise RuleViolation("amended_below_paid", N_(
            "The amended relocation support {amount} would be less than the {paid} already paid."),
            amount=amount, paid=already_paid)
    return ScheduleItem(item.kind, item.period_month, item.due_date, amount, item.mrp_year,
                        item.coefficient, persons)


def repriced_amount(coefficient: Decimal, persons: int, mrp: Decimal, already_paid: Decimal) -> Decimal | None:
    """The amount of an item once its payment year's MRP is known, or None to keep it.

    Used when an administrator enters the MRP of a year for which items were priced
    provisionally with an earlier year's MRP. An item is never priced below what was paid."""
    amount = money(coefficient * mrp * persons)
    return amount if amount >= already_paid else None


@dataclass(frozen=True)
class LedgerItem:
    """What decides whether an item stops: when it falls due and whether anything was paid."""

    id: int
    due_date: dt.date
    paid: Decimal


def items_to_cancel(items: Iterable[LedgerItem], on_date: dt.date) -> list[LedgerItem]:
    """The items that stop when an inclusion is cancelled or the family obtains citizenship on
    ``on_date`` (shared/domain.md §9): unpaid and falling due after that date. Anything with a
    payment on it stays, and so does what fell due up to that date (still owed)."""
    return [item for item in items if item.due_date > on_date and item.paid <= 0]


@dataclass(frozen=True)
class ItemBalance:
    amount_due: Decimal
    paid: Decimal

    @property
    def outstanding(self) -> Decimal:
        return self.amount_due - self.paid

    def is_overdue(self, due_date: dt.date, today: dt.date) -> bool:
        return self.outstanding > 0 and due_date < today


def check_payment(*, amount: Decimal, paid_on: dt.date, decision_date: dt.date, today: dt.date,
                  outstanding: Decimal, document_number: str) -> None:
    """A payment is positive, not more than is still owed, dated between decision and today."""
    problems: list[FieldProblem] = []
    if amount <= 0:
        problems.append(FieldProblem("amount", N_("The amount must be more than zero.")))
    elif amount != money(amount):
        problems.append(FieldProblem("amount", N_("The amount can have at most two decimal places.")))
    elif amount > outstanding:
        problems.append(FieldProblem("amount", N_(
            "The amount is more than is still owed on this item ({outstanding})."), {"outstanding": outstanding}))
    if paid_on < decision_date:
        problems.append(FieldProblem("paid_on", N_(
            "The payment date cannot be before the decision ({date})."), {"date": decision_date}))
    if paid_on > today:
        problems.append(FieldProblem("paid_on", N_("The date cannot be in the future.")))
    if not document_number.strip():
        problems.append(FieldProblem("document_number", N_("Enter the number of the payment document.")))
    elif len(document_number.strip()) > 64:
        problems.append(FieldProblem("document_number", N_("The document number is too long.")))
    if problems:
        raise ValidationError(problems)


def validate_rule(kind: str, valid_from: dt.date, valid_to: dt.date | None, coefficient: Decimal,
                  coefficient_max: Decimal | None, months: int) -> None:
    problems: list[FieldProblem] = []
    if kind not in SupportKind.ALL:
        problems.append(FieldProblem("kind", N_("Choose the kind of support.")))
    if coefficient <= 0:
        problems.append(FieldProblem("mrp_coefficient", N_("The coefficient must be more than zero.")))
    if coefficient_max is not None and coefficient_max < coefficient:
        problems.append(FieldProblem("mrp_coefficient_max", N_("The maximum cannot be below the minimum.")))
    if months < 0 or months > 120:
        problems.append(FieldProblem("months", N_("Enter a number of months from 0 to 120.")))
    if kind == SupportKind.HOUSING and months < 1:
        problems.append(FieldProblem("months", N_("Housing support needs at least one month.")))
    if valid_to is not None and valid_to < valid_from:
        problems.append(FieldProblem("valid_to", N_("The end date cannot be before the start date.")))
    if problems:
        raise ValidationError(problems)

"""The subsidy table of the monthly report, read from the ledger's running totals.

``subsidy_due_total`` and ``subsidy_paid_total`` (revision 0005) hold per subsidy kind
and calendar month the cents owed and paid; database triggers on ``subsidy_item`` and ``payment``
keep them right for every writer. A report that ends on the last day of a month is a sum over a
few hundred of their rows (it used to scan 1.6 million items and 1.5 million payments at 1M
persons). The report of the current month ends today, mid-month: its whole months come from the
totals and the days of the unfinished month from the rows themselves, through the ``due_date``
and ``paid_on`` indexes (a few thousand rows at most).

The figures are exactly those of a full scan: ``due_total``/``items`` are items falling due up to
the end, ``paid_total`` what was paid up to the end on those items; the month and the year to date
count by due date (owed) and payment date (paid).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from storage import tables

CENT = Decimal("0.01")
FIELDS = ("due_month", "due_ytd", "due_total", "items", "paid_month", "paid_ytd", "paid_total",
          "payments_month", "payments")
MONEY_FIELDS = ("due_month", "due_ytd", "due_total", "paid_month", "paid_ytd", "paid_total")


def _sum_if(condition, value):
    return sa.func.coalesce(sa.func.sum(sa.case((condition, value), else_=0)), 0)


def _cents(amount):
    """An amount in integer cents, so sums are exact on SQLite (whose NUMERIC holds floats) too."""
    return sa.cast(sa.func.round(amount * sa.literal_column("100")), sa.BigInteger)


def _first_month_not_covered(end: dt.date) -> dt.date:
    """The totals cover whole months before this day; the days from it to ``end`` are read as rows."""
    following = dt.date(end.year + end.month // 12, end.month % 12 + 1, 1)
    return following if end + dt.timedelta(days=1) == following else end.replace(day=1)


def subsidy_figures(session: Session, year_start: dt.date, month_start: dt.date, end: dt.date) -> list[dict]:
    """By subsidy kind (sorted): owed and paid in the month, year to date and up to ``end``.

    ``year_start`` and ``month_start`` are first days of months (the totals know months, not days)."""
    if year_start.day != 1 or month_start.day != 1:
        raise ValueError("the year and the month must start on the first day of a month")
    cut = _first_month_not_covered(end)
    figures: dict[str, dict] = {}

    def add(kind: str, **values) -> None:
        entry = figures.setdefault(kind, dict.fromkeys(FIELDS, 0))
        for key, value in values.items():
            entry[key] += int(value or 0)

    due, paid = tables.subsidy_due_total, tables.subsidy_paid_total
    for row in session.execute(
            sa.select(due.c.kind, _sum_if(due.c.due_month >= month_start, due.c.amount_cents).label("due_month"),
                      _sum_if(due.c.due_month >= year_start, due.c.amount_cents).label("due_ytd"),
                      sa.func.sum(due.c.amount_cents).label("due_total"), sa.func.sum(due.c["items"]).label("items"))
            .where(due.c.due_month < cut).group_by(due.c.kind)):
        add(row.kind, due_month=row.due_month, due_ytd=row.due_ytd, due_total=row.due_total, items=row.items)
    for row in session.execute(
            sa.select(paid.c.kind, _sum_if(paid.c.paid_month >= month_start, paid.c.amount_cents).label("paid_month"),
                      _sum_if(paid.c.paid_month >= year_start, paid.c.amount_cents).label("paid_ytd"),
                      _sum_if(paid.c.due_month < cut, paid.c.amount_cents).label("paid_total"),
                      _sum_if(paid.c.paid_month >= month_start, paid.c.payments).label("payments_month"),
                      sa.func.sum(paid.c.payments).label("payments"))
            .where(paid.c.paid_month < cut).group_by(paid.c.kind)):
        add(row.kind, paid_month=row.paid_month, paid_ytd=row.paid_ytd, paid_total=row.paid_total,
            payments_month=row.payments_month, payments=row.payments)
    if cut <= end:
        _add_unfinished_month(session, add, year_start, month_start, cut, end)
    return _report_rows(figures)


def _add_unfinished_month(session: Session, add, year_start: dt.date, month_start: dt.date, cut: dt.date,
                          end: dt.date) -> None:
    """Items falling due and payments made from ``cut`` to ``end``, and what was paid before ``cut``
    on items falling due in those days (it counts towards what is paid on items due by ``end``)."""
    si, pay = tables.subsidy_item, tables.payment
    owed, paid_amount = _cents(si.c.amount_due), _cents(pay.c.amount)
    for row in session.execute(
            sa.select(si.c.kind, _sum_if(si.c.due_date >= month_start, owed).label("due_month"),
                      _sum_if(si.c.due_date >= year_start, owed).label("due_ytd"),
                      sa.func.sum(owed).label("due_total"), sa.func.count().label("items"))
            .where(si.c.due_date >= cut, si.c.due_date <= end).group_by(si.c.kind)):
        add(row.kind, due_month=row.due_month, due_ytd=row.due_ytd, due_total=row.due_total, items=row.items)
    for row in session.execute(
            sa.select(si.c.kind, _sum_if(pay.c.paid_on >= month_start, paid_amount).label("paid_month"),
                      _sum_if(pay.c.paid_on >= year_start, paid_amount).label("paid_ytd"),
                      _sum_if(si.c.due_date <= end, paid_amount).label("paid_total"),
                      _sum_if(pay.c.paid_on >= month_start, 1).label("payments_month"),
                      sa.func.count().label("payments"))
            .select_from(pay).join(si, si.c.id == pay.c.subsidy_item_id)
            .where(pay.c.paid_on >= cut, pay.c.paid_on <= end).group_by(si.c.kind)):
        add(row.kind, paid_month=row.paid_month, paid_ytd=row.paid_ytd, paid_total=row.paid_total,
            payments_month=row.payments_month, payments=row.payments)
    for row in session.execute(
            sa.select(si.c.kind, sa.func.sum(paid_amount).label("paid_total"))
            .select_from(si).join(pay, pay.c.subsidy_item_id == si.c.id)
            .where(si.c.due_date >= cut, si.c.due_date <= end, pay.c.paid_on < cut).group_by(si.c.kind)):
        add(row.kind, paid_total=row.paid_total)


def _report_rows(figures: dict[str, dict]) -> list[dict]:
    """Kinds with an item due or a payment made by the end, money back in Decimal."""
    rows = []
    for kind in sorted(figures):
        entry = figures[kind]
        if not entry["items"] and not entry["payments"]:
            continue
        row = {"kind": kind, **{key: entry[key] for key in ("items", "payments_month")}}
        for key in MONEY_FIELDS:
            # a kind with items but no payment yet (or the other way round) reports zeros for the rest
            row[key] = (Decimal(entry[key]) / 100).quantize(CENT)
        rows.append(row)
    return rows

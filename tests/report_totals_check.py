"""The slow, obvious way to the subsidy figures, to check the running totals against.

The product reads ``subsidy_due_total``/``subsidy_paid_total`` (kept by triggers); these helpers
recompute the same things from every ``subsidy_item`` and ``payment`` row: the totals in Python
with Decimal, and the report's figures with the full-scan query the report used before the totals
(kept here only as the reference), and the arrivals by the join the report used before.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa

from storage import tables as t

CENT = Decimal("0.01")


def cents(value) -> int:
    return int((Decimal(str(value)) * 100).to_integral_value())


def scan_totals(connection) -> tuple[dict, dict]:
    """({(kind, due month): (cents, items)}, {(kind, due month, paid month): (cents, payments)})."""
    si, pay = t.subsidy_item, t.payment
    items = {row.id: row for row in connection.execute(sa.select(si.c.id, si.c.kind, si.c.due_date, si.c.amount_due))}
    due: dict = {}
    for row in items.values():
        key = (row.kind, row.due_date.replace(day=1))
        amount, count = due.get(key, (0, 0))
        due[key] = (amount + cents(row.amount_due), count + 1)
    paid: dict = {}
    for row in connection.execute(sa.select(pay.c.subsidy_item_id, pay.c.paid_on, pay.c.amount)):
        item = items.get(row.subsidy_item_id)
        if item is None:  # an orphan left while foreign keys were off: the ledger's join never saw it
            continue
        key = (item.kind, item.due_date.replace(day=1), row.paid_on.replace(day=1))
        amount, count = paid.get(key, (0, 0))
        paid[key] = (amount + cents(row.amount), count + 1)
    return due, paid


def stored_totals(connection) -> tuple[dict, dict]:
    """The running totals in the same shape (rows worn down to zero left out)."""
    due_t, paid_t = t.subsidy_due_total, t.subsidy_paid_total
    due = {(r.kind, r.due_month): (int(r.amount_cents), int(r.items)) for r in connection.execute(sa.select(due_t))
           if r.amount_cents or r.items}
    paid = {(r.kind, r.due_month, r.paid_month): (int(r.amount_cents), int(r.payments))
            for r in connection.execute(sa.select(paid_t)) if r.amount_cents or r.payments}
    return due, paid


def assert_totals_match(engine) -> None:
    with engine.connect() as connection:
        stored, scanned = stored_totals(connection), scan_totals(connection)
    assert stored[0] == scanned[0], "owed per kind and month"
    assert stored[1] == scanned[1], "paid per kind, due month and paid month"


def _money(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(CENT)


def _between(column, start, end):
    return sa.and_(column >= start, column <= end)


def _count_if(condition):
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def scan_subsidies(connection, year_start: dt.date, month_start: dt.date, month_end: dt.date) -> list[dict]:
    """The monthly report's subsidy figures by a scan of both tables (the query before the totals)."""
    si, pay = t.subsidy_item, t.payment
    due_by_end = si.c.due_date <= month_end
    due = (sa.select(si.c.kind,
                     sa.func.sum(sa.case((_between(si.c.due_date, month_start, month_end), si.c.amount_due),
                                         else_=0)).label("due_month"),
                     sa.func.sum(sa.case((_between(si.c.due_date, year_start, month_end), si.c.amount_due),
                                         else_=0)).label("due_ytd"),
                     sa.func.sum(sa.case((due_by_end, si.c.amount_due), else_=0)).label("due_total"),
                     _count_if(due_by_end).label("items"))
           .group_by(si.c.kind))
    paid_by_end = pay.c.paid_on <= month_end
    paid = (sa.select(si.c.kind,
                      sa.func.sum(sa.case((_between(pay.c.paid_on, month_start, month_end), pay.c.amount),
                                          else_=0)).label("paid_month"),
                      sa.func.sum(sa.case((_between(pay.c.paid_on, year_start, month_end), pay.c.amount),
                                          else_=0)).label("paid_ytd"),
                      sa.func.sum(sa.case((sa.and_(paid_by_end, due_by_end), pay.c.amount), else_=0))
                      .label("paid_total"),
                      _count_if(_between(pay.c.paid_on, month_start, month_end)).label("payments_month"),
                      _count_if(paid_by_end).label("payments"))
            .select_from(pay).join(si, si.c.id == pay.c.subsidy_item_id)
            .group_by(si.c.kind))
    result: dict[str, dict] = {}
    for row in connection.execute(due):
        if not row.items:
            continue
        result[row.kind] = {"kind": row.kind, "due_month": _money(row.due_month), "due_ytd": _money(row.due_ytd),
                            "due_total": _money(row.due_total), "items": int(row.items)}
    for row in connection.execute(paid):
        if not row.payments:
            continue
        entry = result.setdefault(row.kind, {"kind": row.kind, "due_month": _money(0), "due_ytd": _money(0),
                                             "due_total": _money(0), "items": 0})
        entry.update(paid_month=_money(row.paid_month), paid_ytd=_money(row.paid_ytd),
                     paid_total=_money(row.paid_total), payments_month=int(row.payments_month))
    for entry in result.values():
        for key in ("paid_month", "paid_ytd", "paid_total"):
            entry.setdefault(key, _money(0))
        entry.setdefault("payments_month", 0)
    return sorted(result.values(), key=lambda e: e["kind"])


def join_arrivals(connection, year_start: dt.date, month_start: dt.date, month_end: dt.date) -> list[dict]:
    """The report's arrivals by (country, region) by joining every person (the query before the
    materialised per-family count), sorted."""
    f, p = t.family, t.person
    in_month = f.c.arrival_date >= month_start
    query = (sa.select(f.c.origin_country_code.label("country"), f.c.region_code.label("region"),
                       sa.func.count(sa.distinct(sa.case((in_month, f.c.id)))).label("families_month"),
                       _count_if(in_month).label("persons_month"),
                       sa.func.count(sa.distinct(f.c.id)).label("families_ytd"),
                       sa.func.count(p.c.id).label("persons_ytd"))
             .select_from(f).join(p, p.c.family_id == f.c.id)
             .where(_between(f.c.arrival_date, year_start, month_end))
             .group_by(f.c.origin_country_code, f.c.region_code))
    return sorted(({k: (int(v) if k not in ("country", "region") else v) for k, v in row._asdict().items()}
                   for row in connection.execute(query)), key=lambda r: (r["country"] or "", r["region"] or ""))


def report_periods(months: list[dt.date]) -> list[tuple[dt.date, dt.date, dt.date]]:
    """(year start, month start, end) for each month: the whole month, and cut short on the 1st and the
    15th, as the report of the current month is (it ends today)."""
    periods = []
    for first in months:
        following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        for end in (following - dt.timedelta(days=1), first, first + dt.timedelta(days=14)):
            periods.append((dt.date(first.year, 1, 1), first, end))
    return periods

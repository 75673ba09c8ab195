"""Approved (frozen) months: reading and storing them, and what later changed about them."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from storage import tables

cm = tables.closed_month


# The first key of the advisory locks that keep an approval and the writers of its month apart.
_MONTH_LOCK = 7301


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _is_whole_month(start: dt.date, end: dt.date) -> bool:
    """``start``..``end`` is one calendar month from its first day to its last."""
    return start.day == 1 and month_start(end) == start and (end + dt.timedelta(days=1)).day == 1


class ClosedMonthRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _month_lock(self, day: dt.date, shared: bool) -> None:
        """On PostgreSQL a writer of a fact dated in a month holds that month's lock shared until it
        commits, and the approval of the month holds it alone: an approval waits for the writers in
        flight and counts what they wrote, and a writer waits for an approval and then sees it.
        SQLite needs none: its write transactions begin with the database's one write lock."""
        if self.session.get_bind().dialect.name != "postgresql":
            return
        function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
        self.session.execute(sa.text(f"SELECT {function}(:kind, :month)"),
                             {"kind": _MONTH_LOCK, "month": day.year * 100 + day.month})

    def lock_for_approval(self, month: dt.date) -> None:
        self._month_lock(month, shared=False)

    def is_closed(self, day: dt.date) -> bool:
        """Whether the month of ``day`` is approved (one primary-key probe), holding the month's
        lock shared until commit (``_month_lock``)."""
        self._month_lock(day, shared=True)
        return self.session.scalar(sa.select(sa.func.count()).select_from(cm)
                                   .where(cm.c.month == month_start(day))) > 0

    def get(self, month: dt.date) -> dict | None:
        row = self.session.execute(sa.select(cm).where(cm.c.month == month_start(month))).first()
        return row._asdict() if row else None

    def months(self) -> list[dict]:
        """Every approved month without its PDF, newest first."""
        query = sa.select(cm.c.month, cm.c.approved_at, cm.c.approved_by, cm.c.language, cm.c.sha256)
        return [r._asdict() for r in self.session.execute(query.order_by(cm.c.month.desc()))]

    def add(self, values: dict) -> None:
        self.session.execute(cm.insert().values(**values))

    def late_payments(self, start: dt.date, end: dt.date) -> list[dict]:
        """Payments dated ``start``..``end`` on items that fell due in an approved month before
        ``start``, by that month: what the open month records about closed ones.

        No approved month before ``start``: nothing to read. A month read to its last day comes
        from the ledger's running totals (``subsidy_paid_total``: kind, due month, paid month), a
        few rows; only a month still running reads its payments and their items. Joining the
        month's payments to their items looks up every item at random: at 1M persons (16 761
        payments in a month) that read 420 MB cold from disk and made the monthly report's
        slowest runs (issue 21)."""
        closed = sorted(self.session.scalars(sa.select(cm.c.month).where(cm.c.month < start)))
        if not closed:
            return []
        if _is_whole_month(start, end):
            return self._late_payments_from_totals(start)
        return self._late_payments_from_rows(start, end, closed)

    def _late_payments_from_rows(self, start: dt.date, end: dt.date, closed: list[dt.date]) -> list[dict]:
        """``late_payments`` from the payments dated ``start``..``end`` and their items (``closed``:
        the approved months before ``start``, oldest first)."""
        pay, si = tables.payment, tables.subsidy_item
        rows = self.session.execute(
            sa.select(si.c.due_date, pay.c.amount)
            .select_from(pay).join(si, si.c.id == pay.c.subsidy_item_id)
            .where(pay.c.paid_on >= start, pay.c.paid_on <= end,
                   si.c.due_date >= closed[0], si.c.due_date < start)).all()
        closed_months = set(closed)
        by_month: dict[dt.date, dict] = {}
        for due_date, amount in rows:
            month = month_start(due_date)
            if month in closed_months:
                entry = by_month.setdefault(month, {"month": month, "payments": 0, "amount_cents": 0})
                entry["payments"] += 1
                entry["amount_cents"] += int(round(amount * 100))
        return [by_month[m] for m in sorted(by_month)]

    def _late_payments_from_totals(self, month: dt.date) -> list[dict]:
        """``late_payments`` of the whole month ``month``: the totals count every payment dated in
        it under its item's due month, in cents rounded per payment as above (storage.ledger_totals)."""
        paid = tables.subsidy_paid_total
        payments = sa.func.sum(paid.c.payments)
        query = (sa.select(paid.c.due_month, payments.label("payments"),
                           sa.func.sum(paid.c.amount_cents).label("amount_cents"))
                 .where(paid.c.paid_month == month, paid.c.due_month < month,
                        paid.c.due_month.in_(sa.select(cm.c.month).where(cm.c.month < month)))
                 .group_by(paid.c.due_month).having(payments != 0).order_by(paid.c.due_month))
        return [{"month": row.due_month, "payments": int(row.payments), "amount_cents": int(row.amount_cents)}
                for row in self.session.execute(query)]

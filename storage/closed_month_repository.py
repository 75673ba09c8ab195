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
        ``start``, by that month: what the open month records about closed ones."""
        pay, si = tables.payment, tables.subsidy_item
        rows = self.session.execute(
            sa.select(si.c.due_date, pay.c.amount)
            .select_from(pay).join(si, si.c.id == pay.c.subsidy_item_id)
            .where(pay.c.paid_on >= start, pay.c.paid_on <= end, si.c.due_date < start)).all()
        if not rows:
            return []
        closed = set(self.session.scalars(sa.select(cm.c.month).where(cm.c.month < start)))
        by_month: dict[dt.date, dict] = {}
        for due_date, amount in rows:
            month = month_start(due_date)
            if month in closed:
                entry = by_month.setdefault(month, {"month": month, "payments": 0, "amount_cents": 0})
                entry["payments"] += 1
                entry["amount_cents"] += int(round(amount * 100))
        return [by_month[m] for m in sorted(by_month)]

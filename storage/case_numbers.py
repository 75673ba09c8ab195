"""Case numbers ("2026-00042") given out from a counter row per year, under a lock.

Reading ``MAX(case_number)`` and inserting the next one is two steps: two seats registering
at the same moment read the same maximum and one of them fails on the unique key. Here a
number is taken by an ``UPDATE`` of the year's row in ``case_number_counter``; PostgreSQL
makes the second seat wait for that row until the first commits (or rolls back, and then
the number is given again), SQLite's ``BEGIN IMMEDIATE`` already lets one writer in at a time.

``lock`` holds the row without taking a number: registration and import hold it while they
look for duplicates, so a person being registered on one seat is seen by the other seat's check.

The row of a year is created the first time it is needed, starting from the highest case
number of that year already in ``family`` (written before this counter existed, or restored).
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from storage import tables
from storage.queries import prefix_range

counter_t, family_t = tables.case_number_counter, tables.family
WIDTH = 5


def format_number(year: int, number: int) -> str:
    return f"{year}-{number:0{WIDTH}d}"


def _highest_in_family(session: Session, year: int) -> int:
    """The highest number of ``year`` among the cases (the longest, then the greatest text)."""
    column = family_t.c.case_number
    last = session.scalar(sa.select(column).where(prefix_range(column, f"{year}-"))
                          .order_by(sa.func.length(column).desc(), column.desc()).limit(1))
    digits = last.rpartition("-")[2] if last else ""
    return int(digits) if digits.isdigit() else 0


def _ensure_row(session: Session, year: int) -> None:
    if session.scalar(sa.select(counter_t.c.year).where(counter_t.c.year == year)) is not None:
        return
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    # Two seats may both get here; the second one's insert does nothing (on PostgreSQL it waits
    # for the first to commit), and both then go through the row.
    session.execute(insert(counter_t).values(year=year, last_number=_highest_in_family(session, year))
                    .on_conflict_do_nothing(index_elements=[counter_t.c.year]))


def lock(session: Session, year: int) -> None:
    """Hold the year's counter row until the transaction ends (no number is taken)."""
    _ensure_row(session, year)
    session.execute(sa.select(counter_t.c.last_number).where(counter_t.c.year == year).with_for_update())


def take(session: Session, year: int, count: int = 1) -> list[str]:
    """``count`` new case numbers of ``year``, in order; the row stays locked until commit."""
    if count <= 0:
        return []
    _ensure_row(session, year)
    session.execute(counter_t.update().where(counter_t.c.year == year)
                    .values(last_number=counter_t.c.last_number + count))
    last = session.scalar(sa.select(counter_t.c.last_number).where(counter_t.c.year == year))
    return [format_number(year, number) for number in range(last - count + 1, last + 1)]

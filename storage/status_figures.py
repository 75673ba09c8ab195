"""The kandas-status figures of a report "as of" a date, in SQL (definitions: docs/reports.md).

Every figure is a function of dated facts (``granted_on``, ``valid_until``, ``ended_on``) and the
report's ``as_of`` day, so a month's figures do not change when a later fact is recorded with a
later date. An *extension* closes the period it extends: a granted row counts as extended when a
granted extension row of the same person, granted on or after it and by ``as_of``, was granted on
or before the day after the row's ``valid_until`` (a timely extension). Once the lifecycle rules
close the extended row with ``end_reason = 'extended'`` and ``ended_on`` = the start of the new
period (never before ``valid_until + 1``), the same rows come out, so the figures are right on data
written before and after that change.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from storage import tables

GRANTED = "granted"
FINAL_END_REASONS = ("citizenship", "death")  # after these a person never holds the status again


class day_after(FunctionElement):  # noqa: N801 - reads as a SQL function
    """The day after a date column (dialects differ in date arithmetic)."""

    type = sa.Date()
    name = "day_after"
    inherit_cache = True


@compiles(day_after)
def _day_after_default(element, compiler, **kw):  # PostgreSQL: date + integer is a date
    return "(%s + 1)" % compiler.process(element.clauses, **kw)


@compiles(day_after, "sqlite")
def _day_after_sqlite(element, compiler, **kw):  # SQLite keeps dates as ISO text
    return "date(%s, '+1 day')" % compiler.process(element.clauses, **kw)


# Built once: making an alias rebuilds its column collection, which cost more than the queries.
_STATUS = tables.kandas_status.alias("status")
_EXTENSION = tables.kandas_status.alias("extension")
_FINAL_END = tables.kandas_status.alias("final_end")


def _count_if(condition):
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def extended_by(row, as_of: dt.date):
    """EXISTS: ``row`` (an alias of kandas_status) was extended in time, as known on ``as_of``."""
    ext = _EXTENSION
    return sa.exists().where(
        ext.c.person_id == row.c.person_id, ext.c.id != row.c.id, ext.c.kind == "extension",
        ext.c.decision == GRANTED, ext.c.granted_on >= row.c.granted_on, ext.c.granted_on <= as_of,
        ext.c.granted_on <= day_after(row.c.valid_until))


def expired_without_end_condition(row, as_of: dt.date):
    """A granted row whose period ran out with neither a timely extension nor an end dated on or
    before its last valid day."""
    ended_in_time = sa.and_(row.c.ended_on.is_not(None), row.c.ended_on <= row.c.valid_until)
    return sa.and_(row.c.decision == GRANTED, sa.not_(ended_in_time), sa.not_(extended_by(row, as_of)))


def status_figures(session: Session, year_start: dt.date, first: dt.date, as_of: dt.date,
                   soon_end: dt.date) -> dict:
    """Granted and extended (month, year to date), citizenship ends in the month, periods that ran
    out in the month without an end, persons holding a valid status on ``as_of``, and periods
    running out within (as_of, soon_end] that are not extended yet."""
    s = _STATUS
    granted = s.c.decision == GRANTED
    issued = {kind: {"month": 0, "ytd": 0} for kind in ("initial", "extension")}
    for row in session.execute(
            sa.select(s.c.kind, _count_if(s.c.granted_on >= first).label("month"), sa.func.count().label("ytd"))
            .where(granted, s.c.granted_on >= year_start, s.c.granted_on <= as_of).group_by(s.c.kind)):
        issued.setdefault(row.kind, {"month": 0, "ytd": 0}).update(month=int(row.month), ytd=int(row.ytd))
    ended_citizenship = session.scalar(
        sa.select(sa.func.count(sa.distinct(s.c.person_id)))
        .where(s.c.end_reason == "citizenship", s.c.ended_on >= first, s.c.ended_on <= as_of))
    expired = session.scalar(
        sa.select(sa.func.count()).select_from(s)
        .where(s.c.valid_until >= first, s.c.valid_until <= as_of, expired_without_end_condition(s, as_of)))
    expiring = session.scalar(
        sa.select(sa.func.count()).select_from(s)
        .where(s.c.valid_until > as_of, s.c.valid_until <= soon_end, s.c.granted_on <= as_of,
               expired_without_end_condition(s, as_of), sa.or_(s.c.ended_on.is_(None), s.c.ended_on > as_of)))
    return {"issued": issued, "ended_citizenship": int(ended_citizenship or 0),
            "expired_in_month": int(expired or 0), "expiring_soon": int(expiring or 0),
            "valid_at_end": valid_persons(session, as_of)}


def valid_persons(session: Session, day: dt.date) -> int:
    """Persons holding a valid status on ``day``: a granted row with granted_on <= day <= valid_until
    and no end on or before ``day``, and no citizenship or death dated on or before ``day``."""
    s, final = _STATUS, _FINAL_END
    gone = sa.exists().where(final.c.person_id == s.c.person_id, final.c.end_reason.in_(FINAL_END_REASONS),
                             final.c.ended_on <= day)
    return int(session.scalar(
        sa.select(sa.func.count(sa.distinct(s.c.person_id)))
        .where(s.c.decision == GRANTED, s.c.valid_until >= day, s.c.granted_on <= day,
               sa.or_(s.c.ended_on.is_(None), s.c.ended_on > day), sa.not_(gone))) or 0)

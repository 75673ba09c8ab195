"""Demonstration status histories: what a centre sees over two years.

A family applies together, so its members share one timeline. The first status is valid one
period (``status_validity_months``); about a third of the people are extended before their
period runs out (the extension closes the old period, shared/domain.md §9); citizenship comes
a year or more after the first grant, while the status is in force; a few statuses end because
the person left the country, died or gave the status up, and some simply expire unextended.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from domain.kandas_status import (Channel, Decision, EndReason, KandasStatus, StatusKind, add_months,
                                  close_extended)
from domain.stages import Stage
from services.context import ServiceContext, stamp


@dataclass(frozen=True)
class StatusTimeline:
    channel: str
    applied_on: dt.date
    granted_on: dt.date | None  # None: the application is still pending
    extension_applied_on: dt.date | None = None
    extension_decided_on: dt.date | None = None
    ended_on: dt.date | None = None
    end_reason: str | None = None


def _day_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(0, max(1, (end - start).days + 1)))


def plan_timeline(rng: random.Random, today: dt.date, arrival: dt.date, stage: str, months: int,
                  closed_reason: str | None = None) -> tuple[StatusTimeline | None, str]:
    """(the family's status timeline, the stage it supports): a family drawn at "citizenship" whose
    status is too recent for citizenship a year after the grant is still settled."""
    if stage == Stage.ARRIVED:
        return None, stage
    channel = rng.choice(Channel.ALL)
    applied = min(arrival + dt.timedelta(days=rng.randrange(3, 40)), today)
    if stage == Stage.STATUS_PENDING:
        return StatusTimeline(channel, applied, None), stage
    granted = min(applied + dt.timedelta(days=rng.randrange(4, 30)), today)
    until = add_months(granted, months) - dt.timedelta(days=1)
    ext_applied = ext_decided = None
    last_day = until
    wants_extension = stage in (Stage.CITIZENSHIP, Stage.SETTLED, Stage.QUOTA_INCLUDED) or rng.random() < 0.55
    if wants_extension and until - dt.timedelta(days=45) <= today:  # the period nears its end: extended
        ext_applied = until - dt.timedelta(days=rng.randrange(10, 45))
        ext_decided = min(ext_applied + dt.timedelta(days=rng.randrange(3, 25)), today)
        last_day = add_months(max(until + dt.timedelta(days=1), ext_decided), months) - dt.timedelta(days=1)
    ended_on = reason = None
    earliest_citizenship = add_months(granted, 12) + dt.timedelta(days=rng.randrange(0, 90))
    if stage == Stage.CITIZENSHIP or (stage == Stage.CLOSED and closed_reason == "citizenship"):
        earliest_citizenship = max(earliest_citizenship, ext_decided or earliest_citizenship)
        if ext_decided is not None and earliest_citizenship <= min(today, last_day):
            ended_on, reason = _day_between(rng, earliest_citizenship, min(today, last_day)), EndReason.CITIZENSHIP
        elif stage == Stage.CITIZENSHIP:
            stage = Stage.SETTLED  # too early for citizenship: the family is still receiving support
    elif stage == Stage.CLOSED and closed_reason == "left":
        ended_on, reason = _day_between(rng, granted, min(today, last_day)), EndReason.LEFT_COUNTRY
    elif stage in (Stage.STATUS_GRANTED, Stage.SETTLED) and rng.random() < 0.03:
        ended_on = _day_between(rng, granted, min(today, last_day))
        reason = rng.choice((EndReason.REFUSED, EndReason.DEATH, EndReason.REVOKED))
    if ended_on is not None and ext_decided is not None and ended_on < ext_decided:
        ext_applied = ext_decided = None  # it ended before the extension would have been decided
        if ended_on > until:
            ended_on = until
    return StatusTimeline(channel, applied, granted, ext_applied, ext_decided, ended_on, reason), stage


def statuses_for(ctx: ServiceContext, rng: random.Random, timeline: StatusTimeline | None,
                 months: int) -> list[KandasStatus]:
    """One member's status records following the family's timeline."""
    if timeline is None:
        return []
    first = KandasStatus(channel=timeline.channel, applied_on=timeline.applied_on)
    records = [first]
    if timeline.granted_on is None:
        first.decision = Decision.PENDING
    else:
        first.grant(timeline.granted_on, months, f"KD-{timeline.granted_on.year}-{rng.randrange(10**5, 10**6)}")
        current = first
        if timeline.extension_decided_on is not None:
            extension = KandasStatus(StatusKind.EXTENSION, channel=timeline.channel,
                                     applied_on=timeline.extension_applied_on)
            assert first.valid_until is not None  # set by grant()
            extension.grant_extension(timeline.extension_decided_on, months, first.valid_until,
                                      f"KD-{timeline.extension_decided_on.year}-{rng.randrange(10**5, 10**6)}")
            close_extended(first, extension)
            records.append(extension)
            current = extension
        if timeline.ended_on is not None and timeline.end_reason is not None:
            current.end(max(timeline.ended_on, current.granted_on or timeline.ended_on), timeline.end_reason)
    for record in records:
        stamp(record, ctx, created=True)
    return records

"""Citizenship closes the case (shared/domain.md §9): the stage becomes "citizenship obtained"
and the support items that stop on the citizenship date are cancelled with that reason in every
live inclusion of the family; everything paid, and what fell due up to that date, stays."""
from __future__ import annotations

import datetime as dt

from domain.kandas_status import EndReason
from domain.messages import N_
from domain.stages import CloseReason, Stage, check_transition
from services.context import ServiceContext, stamp
from services.quotas import drop_unpaid_items
from storage.unit_of_work import SqlAlchemyUnitOfWork

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from domain.families import Family


def citizenship_date(family: Family) -> dt.date | None:
    """The first citizenship end recorded on a member of the family, if any."""
    days = [s.ended_on for person in family.members for s in person.statuses
            if s.end_reason == EndReason.CITIZENSHIP and s.ended_on is not None]
    return min(days) if days else None


def close_for_citizenship(ctx: ServiceContext, uow: SqlAlchemyUnitOfWork, family: Family, on_date: dt.date) -> int:
    """Move the case to "citizenship obtained" and stop its support after ``on_date``; the number
    of items cancelled. No commit: the caller's transaction holds the status end as well."""
    if family.stage != Stage.CITIZENSHIP:
        check_transition(family.stage, Stage.CITIZENSHIP)
        previous, family.stage = family.stage, Stage.CITIZENSHIP
        stamp(family, ctx)
        uow.flush()
        uow.families.add_event(family.id, "stage", N_("Stage changed from «{old}» to «{new}»."),
                               {"old": previous, "new": Stage.CITIZENSHIP}, ctx.actor.login, ctx.now())
    cancelled = 0
    for inclusion_id in uow.quotas.live_inclusion_ids(family.id):
        cancelled += drop_unpaid_items(ctx, uow, inclusion_id, on_date)
    if cancelled:
        uow.families.add_event(family.id, "support_stopped", N_(
            "Unpaid support due after {date} cancelled: {reason}"),
            {"date": on_date.isoformat(), "count": cancelled, "reason": CloseReason.CITIZENSHIP},
            ctx.actor.login, ctx.now())
    return cancelled

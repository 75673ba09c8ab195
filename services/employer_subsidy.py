"""Keeps a job placement's employer-subsidy claim and its item in the quota ledger in step.

Called inside the unit of work of the placement write (add, edit, delete) and by the demo, so the
placement and its ledger item are written in one transaction, or not at all. Creating, changing or
removing money owed needs ``MANAGE_QUOTAS`` (as an inclusion's schedule does), on top of the
``EDIT_CASES`` the placement itself needs; a placement edit that leaves the item as it is does not.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from domain.employer_subsidy import employer_subsidy_item, inclusion_for_claim, refuse_change_of_paid, same_terms
from domain.messages import N_
from domain.subsidies import ScheduleItem
from domain.permissions import Action
from services.context import ServiceContext
from storage.unit_of_work import SqlAlchemyUnitOfWork


def _audit_values(inclusion_id: int, placement_id: int, item: ScheduleItem) -> dict[str, Any]:
    return {"inclusion_id": inclusion_id, "placement_id": placement_id, "kind": item.kind,
            "period_month": item.period_month, "due_date": item.due_date, "amount_due": item.amount_due,
            "mrp_year": item.mrp_year, "mrp_coefficient": item.coefficient, "persons": item.persons}


def withdraw_claim_in(ctx: ServiceContext, uow: SqlAlchemyUnitOfWork, placement: dict[str, Any],
                      family_id: int) -> bool:
    """Remove the placement's unpaid item; refused when money was paid on it. True if one was removed."""
    existing = uow.employer_subsidies.item_for_placement(placement["id"])
    if existing is None:
        return False
    ctx.actor.require(Action.MANAGE_QUOTAS)
    refuse_change_of_paid(existing["paid"])
    uow.employer_subsidies.delete_item(existing["id"])
    uow.audit("delete", "subsidy_item", existing["id"],
              {k: existing[k] for k in ("inclusion_id", "placement_id", "kind", "due_date", "amount_due",
                                        "mrp_year", "mrp_coefficient")}, None)
    uow.families.add_event(family_id, "employer_subsidy", N_("Employer subsidy claim of {employer} withdrawn."),
                           {"employer": placement["employer_name"]}, ctx.actor.login, ctx.now())
    return True


def sync_claim_in(ctx: ServiceContext, uow: SqlAlchemyUnitOfWork, placement: dict[str, Any], family_id: int,
                  previous_start: dt.date | None = None) -> bool:
    """Make the ledger match the placement as it now is; True if the ledger changed.

    Claimed: one item, priced from the placement's start date; claiming again is a no-op, and so is
    an edit that keeps the start date (the claim stands as recorded, even if the inclusion was
    cancelled after it was paid). Not claimed: the item goes, unless something was paid on it."""
    if not placement["employer_subsidy"]:
        return withdraw_claim_in(ctx, uow, placement, family_id)
    existing = uow.employer_subsidies.item_for_placement(placement["id"])
    if existing is not None and placement["started_on"] == previous_start:
        return False
    if existing is None:
        ctx.actor.require(Action.MANAGE_QUOTAS)
    inclusion_id = inclusion_for_claim(uow.employer_subsidies.inclusions(family_id, lock=True),
                                       placement["started_on"])
    item = employer_subsidy_item(uow.quotas.support_rules(), uow.reference.mrp_table(), placement["started_on"])
    values = _audit_values(inclusion_id, placement["id"], item)
    if existing is None:
        item_id = uow.employer_subsidies.add_item(inclusion_id, placement["id"], item, ctx.actor.login, ctx.now())
        uow.audit("insert", "subsidy_item", item_id, None, values)
        uow.families.add_event(family_id, "employer_subsidy", N_(
            "Employer subsidy of {amount} claimed by {employer}, due {date}."),
            {"amount": str(item.amount_due), "employer": placement["employer_name"], "date": str(item.due_date)},
            ctx.actor.login, ctx.now())
        return True
    if existing["inclusion_id"] == inclusion_id and same_terms(item, existing):
        return False
    ctx.actor.require(Action.MANAGE_QUOTAS)
    refuse_change_of_paid(existing["paid"])
    uow.employer_subsidies.update_item(existing["id"], inclusion_id, item)
    uow.audit("update", "subsidy_item", existing["id"], {k: existing[k] for k in values if k in existing}, values)
    return True


def drop_claim_flag(ctx: ServiceContext, uow: SqlAlchemyUnitOfWork, placement_id: int) -> None:
    """Untick a placement's claim whose item a cancelled inclusion dropped, so flag and ledger agree."""
    now, login = ctx.now(), ctx.actor.login
    uow.programmes.update("job_placement", placement_id,
                          {"employer_subsidy": False, "updated_at": now, "updated_by": login})
    uow.audit("update", "job_placement", placement_id, {"employer_subsidy": True}, {"employer_subsidy": False})

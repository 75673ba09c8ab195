"""Regional quota: plans per year and region, including a family, amending and cancelling."""
from __future__ import annotations

from typing import Any

import datetime as dt
from decimal import Decimal

from domain.errors import ConflictError, NotFound, ValidationError
from domain.families import Family
from domain.messages import N_, Nn_
from domain.permissions import Action
from domain.quotas import (InclusionRequest, QuotaPlanFigures, QuotaUsage, check_inclusion, head_status_valid,
                           validate_cancellation, validate_move, validate_plan, validate_request)
from domain.stages import stage_after_move, stage_after_quota_inclusion
from domain.subsidies import (ScheduleItem, SupportKind, amended_relocation, build_schedule, housing_items,
                              relocation_persons)
from services.changes import Changes
from services.closed_months import ensure_open
from services.context import ServiceContext, stamp
from services.employer_subsidy import drop_claim_flag
from services.quota_dto import (FamilyQuotaDetails, InclusionInput, InclusionRow, PaymentRow, QuotaPlanRow,
                                QuotaWriteResult, ScheduleRow)
from storage.unit_of_work import SqlAlchemyUnitOfWork

QUOTA_CHANGED = Changes(quotas=True, payments=True, families=True)


def inclusion_row(row: dict[str, Any]) -> InclusionRow:
    return InclusionRow(
        id=row["id"], family_id=row["family_id"], case_number=row.get("case_number", ""),
        head_name=row.get("head_name") or "", year=row["year"], region_code=row["region_code"],
        settlement=row["settlement"], decision_date=row["decision_date"], decision_number=row["decision_number"],
        persons_count=row["persons_count"], over_plan_override=bool(row["over_plan_override"]),
        override_reason=row["override_reason"], cancelled_on=row["cancelled_on"],
        amount_owed=Decimal(row.get("owed") or 0).quantize(Decimal("0.01")),
        amount_paid=Decimal(row.get("paid") or 0).quantize(Decimal("0.01")), version=row["version"],
        arrived_on=row.get("arrived_on"), arrived_address=row.get("arrived_address") or "",
        cancel_reason=row.get("cancel_reason") or "")


def schedule_row(row: dict[str, Any], today: dt.date) -> ScheduleRow:
    amount = Decimal(row["amount_due"]).quantize(Decimal("0.01"))
    return ScheduleRow(row["id"], row["inclusion_id"], row["kind"], row["period_month"], row["due_date"], amount,
                       row["paid"], row["mrp_year"], Decimal(row["mrp_coefficient"]), row["persons"],
                       row["paid"] < amount and row["due_date"] < today)


class QuotaService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- plans ------------------------------------------------------------------------
    def years(self) -> list[int]:
        self.ctx.actor.require(Action.VIEW_CASES)
        with self.ctx.reading() as uow:
            return uow.quotas.plan_years()

    def plans(self, year: int) -> list[QuotaPlanRow]:
        self.ctx.actor.require(Action.VIEW_CASES)
        with self.ctx.reading() as uow:
            fact = {row["region_code"]: row for row in uow.quotas.quota_plan_vs_fact(year)}
            return [QuotaPlanRow(p["id"], p["year"], p["region_code"], p["persons_planned"], p["families_planned"],
                                 p["order_reference"], fact[p["region_code"]]["families_included"],
                                 fact[p["region_code"]]["persons_included"], p["version"])
                    for p in uow.quotas.plans(year)]

    def save_plan(self, year: int, region_code: str, persons_planned: int, families_planned: int | None = None,
                  order_reference: str = "", expected_version: int | None = None) -> Changes:
        """Set the plan of one region and year (reference data from the Minister's order)."""
        self.ctx.actor.require(Action.MANAGE_REFERENCE)
        validate_plan(year, persons_planned, families_planned)
        with self.ctx.uow() as uow:
            region = uow.reference.regions().require(region_code)
            if region is None:
                raise ValidationError("region_code", N_("Choose the region."))
            before = uow.quotas.plan(year, region, lock=True)
            if before is not None:
                check_row_version(uow, before, expected_version, "quota_plan")
            values = {"persons_planned": persons_planned, "families_planned": families_planned,
                      "order_reference": order_reference.strip()[:200]}
            plan_id = uow.quotas.save_plan(year, region, values, self.ctx.actor.login, self.ctx.now())
            uow.audit("insert" if before is None else "update", "quota_plan", plan_id,
                      {k: before[k] for k in values} if before else None, {"year": year, "region_code": region,
                                                                           **values})
            uow.commit()
        return Changes(quotas=True, reference=True)

    # --- inclusions -------------------------------------------------------------------
    def _family(self, uow: SqlAlchemyUnitOfWork, family_id: int) -> Family:
        family = uow.families.existing(family_id)
        if family is None:
            raise NotFound("family", family_id)
        return family

    def include_family(self, data: InclusionInput) -> QuotaWriteResult:
        """Check every inclusion rule, record the decision and the support schedule, in one transaction."""
        self.ctx.actor.require(Action.MANAGE_QUOTAS)
        if data.override:
            self.ctx.actor.require(Action.OVERRIDE_QUOTA)
        with self.ctx.uow() as uow:
            inclusion_id, over_plan = include_in(self.ctx, uow, data)
            uow.commit()
        return QuotaWriteResult(inclusion_id, QUOTA_CHANGED, over_plan)

    def _inclusion(self, uow: SqlAlchemyUnitOfWork, inclusion_id: int) -> dict[str, Any]:
        row = uow.quotas.inclusion(inclusion_id, lock=True)  # held while its version is checked
        if row is None:
            raise NotFound("quota_inclusion", inclusion_id)
        return row

    def cancel_inclusion(self, inclusion_id: int, cancelled_on: dt.date, reason: str,
                         expected_version: int | None = None) -> Changes:
        """Cancel a decision: its places return to the plan; items falling due later and unpaid are dropped."""
        self.ctx.actor.require(Action.MANAGE_QUOTAS)
        with self.ctx.uow() as uow:
            row = self._inclusion(uow, inclusion_id)
            check_row_version(uow, row, expected_version, "quota_inclusion")
            cancel_in(self.ctx, uow, row, cancelled_on, reason)
            uow.commit()
        return QUOTA_CHANGED

    def record_move(self, inclusion_id: int, arrived_on: dt.date | None, address: str,
                    expected_version: int | None = None) -> Changes:
        """The family moved to the region: the date and address, and the rent items from that month."""
        self.ctx.actor.require(Action.MANAGE_QUOTAS)
        with self.ctx.uow() as uow:
            row = self._inclusion(uow, inclusion_id)
            check_row_version(uow, row, expected_version, "quota_inclusion")
            record_move_in(self.ctx, uow, row, arrived_on, address)
            uow.commit()
        return QUOTA_CHANGED

    def amend_inclusion(self, inclusion_id: int, persons: int, decision_number: str,
                        expected_version: int | None = None) -> Changes:
        """An amended decision changes the number of persons; only then does relocation support change."""
        self.ctx.actor.require(Action.MANAGE_QUOTAS)
        if not decision_number.strip():
            raise ValidationError("decision_number", N_("Enter the number of the inclusion decision."))
        with self.ctx.uow() as uow:
            row = self._inclusion(uow, inclusion_id)
            check_row_version(uow, row, expected_version, "quota_inclusion")
            family = self._family(uow, row["family_id"])
            if row["cancelled_on"] is not None:
                raise ValidationError("persons", N_("This inclusion is already cancelled."))
            if persons > len(family.members):
                raise ValidationError("persons", Nn_("The family has only {count} member.",
                                                     "The family has only {count} members."), count=len(family.members))
            relocation = [i for i in uow.quotas.items(inclusion_id) if i["kind"] == SupportKind.RELOCATION]
            for item in relocation:
                current = ScheduleItem(item["kind"], item["period_month"], item["due_date"],
                                       Decimal(item["amount_due"]), item["mrp_year"],
                                       Decimal(item["mrp_coefficient"]), item["persons"])
                # Persons covered by an earlier inclusion stay uncovered here (once per person, ever).
                covered = max(1, persons - (row["persons_count"] - item["persons"]))
                amended = amended_relocation(current, covered, item["paid"])
                if amended.amount_due != current.amount_due:  # an approved month's amount due stays
                    ensure_open(uow, item["due_date"], "persons")
                uow.quotas.update_item_amount(item["id"], amended.amount_due, covered)
                uow.audit("update", "subsidy_item", item["id"],
                          {"amount_due": current.amount_due, "persons": current.persons},
                          {"amount_due": amended.amount_due, "persons": covered})
            uow.quotas.update_inclusion(inclusion_id, {"persons_count": persons,
                                                       "decision_number": decision_number.strip()},
                                        self.ctx.actor.login, self.ctx.now())
            uow.audit("update", "quota_inclusion", inclusion_id,
                      {"persons_count": row["persons_count"], "decision_number": row["decision_number"]},
                      {"persons_count": persons, "decision_number": decision_number.strip()})
            uow.commit()
        return QUOTA_CHANGED

    # --- reading ----------------------------------------------------------------------
    def inclusions(self, year: int | None = None, region_code: str | None = None) -> list[InclusionRow]:
        self.ctx.actor.require(Action.VIEW_CASES)
        with self.ctx.reading() as uow:
            return [inclusion_row(r) for r in uow.quotas.inclusions(year=year, region_code=region_code)]

    def family_quota(self, family_id: int) -> FamilyQuotaDetails:
        self.ctx.actor.require(Action.VIEW_CASES)
        today = self.ctx.today()
        with self.ctx.reading() as uow:
            family = self._family(uow, family_id)
            inclusions = [inclusion_row(r) for r in uow.quotas.inclusions(family_id=family_id)]
            schedule: list[ScheduleRow] = []
            payments: list[PaymentRow] = []
            for inclusion in inclusions:
                schedule.extend(schedule_row(r, today) for r in uow.quotas.items(inclusion.id))
                payments.extend(PaymentRow(p["id"], p["subsidy_item_id"], p["kind"], p["period_month"], p["paid_on"],
                                           Decimal(p["amount"]).quantize(Decimal("0.01")), p["document_number"],
                                           p["created_by"]) for p in uow.quotas.payments(inclusion.id))
            return FamilyQuotaDetails(family_id, len(family.members), tuple(inclusions), tuple(schedule),
                                      tuple(payments))


def check_row_version(uow: SqlAlchemyUnitOfWork, row: dict[str, Any], expected: int | None, what: str) -> None:
    """Optimistic locking for Core rows (``check_version`` does it for mapped entities).

    ``row`` must have been read with its lock (``lock=True``), so no other seat's save can come
    between this check and the write (PostgreSQL; on SQLite the writer lock does it)."""
    if expected is not None and row["version"] != expected:
        raise ConflictError(what, changed_by=uow.reference.user_name(row["updated_by"]),
                            changed_at=row["updated_at"])


def include_in(ctx: ServiceContext, uow: SqlAlchemyUnitOfWork, data: InclusionInput) -> tuple[int, bool]:
    """The inclusion inside an open unit of work (the service and the demo share it); no commit.

    The family row and then the plan row are locked before anything is counted, so seats
    including at once take turns (PostgreSQL; on SQLite the unit of work's writer lock does it):
    the places each one counts include those taken by the seats before it, and a family is not
    included twice in one year from two seats."""
    family = uow.families.existing(data.family_id, lock=True)
    if family is None:
        raise NotFound("family", data.family_id)
    region = uow.reference.regions().require(data.region_code)
    if region is None:
        raise ValidationError("region_code", N_("Choose the region."))
    persons = len(family.members) if data.persons is None else data.persons
    if persons > len(family.members):
        raise ValidationError("persons", Nn_("The family has only {count} member.",
                                             "The family has only {count} members."), count=len(family.members))
    request = InclusionRequest(data.year, region, data.decision_date, data.decision_number.strip(), persons,
                               data.settlement.strip(), data.override, data.override_reason)
    validate_request(request, ctx.today())
    ensure_open(uow, data.decision_date, "decision_date")
    head = family.head
    plan = uow.quotas.plan(data.year, region, lock=True)
    verdict = check_inclusion(
        request, status_valid=head is not None and head_status_valid(head.statuses, data.decision_date),
        receiving_regions=uow.reference.receiving_regions(data.year),
        included_years=uow.quotas.included_years(family.id),
        plan=QuotaPlanFigures(plan["year"], region, plan["persons_planned"], plan["families_planned"])
        if plan else None,
        usage=QuotaUsage(*uow.quotas.usage(data.year, region)))
    # No rent items yet: they run from the month of the move (record_move_in).
    schedule = build_schedule(uow.quotas.support_rules(), uow.reference.mrp_table(), data.decision_date,
                              persons, data.housing_coefficient,
                              relocation_for=relocation_persons(persons, uow.quotas.relocation_persons_covered(family.id)))
    now, login = ctx.now(), ctx.actor.login
    values = {"family_id": family.id, "year": data.year, "region_code": region, "settlement": request.settlement,
              "decision_date": data.decision_date, "decision_number": request.decision_number,
              "persons_count": persons, "over_plan_override": verdict.over_plan,
              "override_reason": verdict.override_reason, "housing_coefficient": data.housing_coefficient}
    inclusion_id = uow.quotas.add_inclusion({**values, "created_at": now, "created_by": login,
                                             "updated_at": now, "updated_by": login})
    uow.audit("insert", "quota_inclusion", inclusion_id, None, values)
    _add_items(ctx, uow, inclusion_id, schedule)
    family.stage = stage_after_quota_inclusion(family.stage)
    stamp(family, ctx)
    uow.flush()
    message = (N_("Included in the quota for {year} over the plan by override: {reason}")
               if verdict.over_plan else N_("Included in the quota for {year}, decision {number}."))
    uow.families.add_event(family.id, "quota_included", message,
                           {"year": data.year, "number": request.decision_number,
                            "reason": verdict.override_reason, "region": region}, login, now)
    if data.arrived_on is not None:
        record_move_in(ctx, uow, inclusion_or_not_found(uow, inclusion_id), data.arrived_on, data.arrived_address)
    return inclusion_id, verdict.over_plan


def _add_items(ctx: ServiceContext, uow: SqlAlchemyUnitOfWork, inclusion_id: int, schedule: list[ScheduleItem]) -> None:
    ids = uow.quotas.add_items(inclusion_id, schedule, ctx.actor.login, ctx.now())
    for item_id, item in zip(ids, schedule):
        uow.audit("insert", "subsidy_item", item_id, None, {
            "inclusion_id": inclusion_id, "kind": item.kind, "period_month": item.period_month,
            "due_date": item.due_date, "amount_due": item.amount_due, "mrp_year": item.mrp_year,
            "mrp_coefficient": item.coefficient, "persons": item.persons})


def inclusion_or_not_found(uow: SqlAlchemyUnitOfWork, inclusion_id: int) -> dict[str, Any]:
    row = uow.quotas.inclusion(inclusion_id)
    if row is None:
        raise NotFound("quota_inclusion", inclusion_id)
    return row


def record_move_in(ctx: ServiceContext, uow: SqlAlchemyUnitOfWork, row: dict[str, Any], arrived_on: dt.date | None,
                   address: str) -> None:
    """Record the move of an inclusion's family and create its rent items from the month of the
    move, under the rule in force on the decision date (the service, the import and the demo share it)."""
    validate_move(decision_date=row["decision_date"], arrived_on=arrived_on, address=address, today=ctx.today(),
                  cancelled=row["cancelled_on"] is not None, already_moved=row["arrived_on"] is not None)
    ensure_open(uow, arrived_on, "arrived_on")  # a move dated in an approved month is a correction for the open one
    assert arrived_on is not None  # validate_move refused a move without a date
    address = address.strip()
    coefficient = row.get("housing_coefficient")
    if coefficient is None:  # an inclusion from before the move was recorded: its items' coefficient
        coefficient = next((Decimal(i["mrp_coefficient"]) for i in uow.quotas.items(row["id"])
                            if i["kind"] == SupportKind.HOUSING), None)
    housing = [] if coefficient is None or any(
        i["kind"] == SupportKind.HOUSING for i in uow.quotas.items(row["id"])) else housing_items(
        uow.quotas.support_rules(), uow.reference.mrp_table(), row["decision_date"], arrived_on, Decimal(coefficient))
    if not uow.quotas.record_move(row["id"], arrived_on, address, ctx.actor.login, ctx.now()):
        validate_move(decision_date=row["decision_date"], arrived_on=arrived_on, address=address,
                      today=ctx.today(), cancelled=False, already_moved=True)  # raises: recorded meanwhile
    uow.audit("update", "quota_inclusion", row["id"], {"arrived_on": None, "arrived_address": ""},
              {"arrived_on": arrived_on, "arrived_address": address})
    _add_items(ctx, uow, row["id"], housing)
    family = uow.families.existing(row["family_id"])
    family.stage = stage_after_move(family.stage)
    stamp(family, ctx)
    uow.flush()
    uow.families.add_event(row["family_id"], "quota_moved", N_("Moved to the region on {date}: {address}."),
                           {"date": arrived_on.isoformat(), "address": address, "year": row["year"]},
                           ctx.actor.login, ctx.now())


def drop_unpaid_items(ctx: ServiceContext, uow: SqlAlchemyUnitOfWork, inclusion_id: int, on_date: dt.date) -> int:
    """Delete, with an audit entry each, the inclusion's items that stop on ``on_date``
    (``domain.subsidies.items_to_cancel``); the caller writes the family event with the reason."""
    dropped = uow.quotas.delete_unpaid_items_after(inclusion_id, on_date)
    for item in dropped:
        uow.audit("delete", "subsidy_item", item["id"], item, None)
        if item.get("placement_id"):  # the employer's claim is no longer payable: untick it
            drop_claim_flag(ctx, uow, item["placement_id"])
    return len(dropped)


def cancel_in(ctx: ServiceContext, uow: SqlAlchemyUnitOfWork, row: dict[str, Any], cancelled_on: dt.date,
              reason: str) -> None:
    """Cancel an inclusion with its reason: its places return to the plan and the items that stop
    on that date go (the service and the demo share it); no commit."""
    validate_cancellation(row["decision_date"], cancelled_on, ctx.today(), row["cancelled_on"] is not None, reason)
    ensure_open(uow, cancelled_on, "cancelled_on")
    reason = reason.strip()
    uow.quotas.update_inclusion(row["id"], {"cancelled_on": cancelled_on, "cancel_reason": reason},
                                ctx.actor.login, ctx.now())
    uow.audit("update", "quota_inclusion", row["id"], {"cancelled_on": None, "cancel_reason": ""},
              {"cancelled_on": cancelled_on, "cancel_reason": reason})
    drop_unpaid_items(ctx, uow, row["id"], cancelled_on)
    uow.families.add_event(row["family_id"], "quota_cancelled", N_("Quota inclusion for {year} cancelled: {reason}"),
                           {"year": row["year"], "reason": reason}, ctx.actor.login, ctx.now())

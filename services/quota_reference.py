"""Reference data of the quota area an administrator edits: MRP, support rules, receiving regions."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from domain.errors import RuleViolation, ValidationError
from domain.messages import N_
from domain.permissions import Action
from domain.reference import MrpRate
from domain.subsidies import SupportRule, repriced_amount, validate_rule
from services.changes import Changes

from services.context import ServiceContext

REFERENCE_CHANGED = Changes(reference=True, quotas=True)


class QuotaReferenceService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def support_rules(self) -> list[SupportRule]:
        self.ctx.actor.require(Action.VIEW_CASES)
        with self.ctx.reading() as uow:
            return uow.quotas.support_rules()

    def mrp_rates(self) -> list[MrpRate]:
        self.ctx.actor.require(Action.VIEW_CASES)
        with self.ctx.reading() as uow:
            table = uow.reference.mrp_table()
            return [MrpRate(year, table.mrp(year)) for year in table.years()]

    def add_support_rule(self, kind: str, valid_from: dt.date, coefficient: Decimal,
                         coefficient_max: Decimal | None = None, months: int = 0) -> Changes:
        """A new rule from ``valid_from``; the rule it replaces ends the day before.

        Inclusions decided earlier keep their schedules: the rule of the decision date applies."""
        self.ctx.actor.require(Action.MANAGE_REFERENCE)
        validate_rule(kind, valid_from, None, coefficient, coefficient_max, months)
        with self.ctx.uow() as uow:
            if uow.quotas.rule_exists(kind, valid_from) is not None:
                raise RuleViolation("rule_exists", N_("A rule of this kind already starts on {date}."), date=valid_from)
            login, now = self.ctx.actor.login, self.ctx.now()
            for rule in uow.quotas.support_rules():
                if rule.kind == kind and rule.valid_from < valid_from and (rule.valid_to is None
                                                                            or rule.valid_to >= valid_from):
                    end = valid_from - dt.timedelta(days=1)
                    uow.quotas.save_rule(rule.id, {"valid_to": end}, login, now)
                    uow.audit("update", "support_rule", rule.id, {"valid_to": rule.valid_to}, {"valid_to": end})
            values = {"kind": kind, "valid_from": valid_from, "valid_to": None, "mrp_coefficient": coefficient,
                      "mrp_coefficient_max": coefficient_max, "months": months}
            rule_id = uow.quotas.save_rule(None, values, login, now)
            uow.audit("insert", "support_rule", rule_id, None, values)
            uow.commit()
        return REFERENCE_CHANGED

    def set_mrp(self, year: int, mrp: Decimal, mzp: Decimal | None = None) -> Changes:
        """The MRP of a year (from the budget law).

        Items falling due that year that were priced provisionally with an earlier
        year's MRP are re-priced with the new one (never below what was paid on them);
        items already priced with this year's MRP keep their amounts."""
        self.ctx.actor.require(Action.MANAGE_REFERENCE)
        if not 2000 <= year <= 2100:
            raise ValidationError("year", N_("Enter a year between 2000 and 2100."))
        if mrp <= 0:
            raise ValidationError("mrp", N_("The MRP must be a positive amount."))
        with self.ctx.uow() as uow:
            table = uow.reference.mrp_table()
            before = {"mrp": str(table.mrp(year))} if year in table.years() else None
            uow.reference.set_mrp(year, mrp, mzp, self.ctx.actor.login, self.ctx.now())
            uow.audit("update" if before else "insert", "mrp_rate", year, before, {"mrp": mrp, "mzp": mzp})
            for item in uow.quotas.provisional_items(year):
                amount = repriced_amount(Decimal(item["mrp_coefficient"]), item["persons"], mrp, item["paid"])
                if amount is not None:
                    uow.quotas.reprice_item(item["id"], amount, year)
                    uow.audit("update", "subsidy_item", item["id"],
                              {"amount_due": item["amount_due"], "mrp_year": item["mrp_year"]},
                              {"amount_due": amount, "mrp_year": year})
            uow.commit()
        return REFERENCE_CHANGED

    def set_receiving_regions(self, year: int, region_codes: list[str]) -> Changes:
        self.ctx.actor.require(Action.MANAGE_REFERENCE)
        if not 2000 <= year <= 2100:
            raise ValidationError("year", N_("Enter a year between 2000 and 2100."))
        with self.ctx.uow() as uow:
            catalog = uow.reference.regions()
            codes = [catalog.require(code, "region_codes") for code in region_codes]
            before, after = uow.quotas.set_receiving_regions(year, [c for c in codes if c])
            uow.audit("update", "receiving_region", year, {"regions": sorted(before)}, {"regions": sorted(after)})
            uow.commit()
        return REFERENCE_CHANGED

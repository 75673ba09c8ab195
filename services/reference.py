"""Reference data for forms and filters: regions, countries, rates, settings."""
from __future__ import annotations

from decimal import Decimal

from domain.errors import ValidationError
from domain.messages import N_
from domain.permissions import Action
from services.changes import Changes
from services.context import ServiceContext
from services.dto import CountryRow, RegionRow


class ReferenceService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def regions(self) -> list[RegionRow]:
        with self.ctx.reading() as uow:
            return [RegionRow(r.code, r.kind, r.name_kk, r.name_ru, r.name_en) for r in uow.reference.regions().regions]

    def receiving_regions(self, year: int) -> set[str]:
        with self.ctx.reading() as uow:
            return uow.reference.receiving_regions(year)

    def resolve_region(self, text: str) -> str | None:
        with self.ctx.reading() as uow:
            return uow.reference.regions().resolve(text)

    def countries(self) -> list[CountryRow]:
        with self.ctx.reading() as uow:
            return [CountryRow(c.code, c.name_kk, c.name_ru, c.name_en) for c in uow.reference.countries()]

    def mrp(self, year: int) -> Decimal:
        with self.ctx.reading() as uow:
            return uow.reference.mrp_table().mrp(year)

    def set_mrp(self, year: int, mrp: Decimal, mzp: Decimal | None = None) -> Changes:
        self.ctx.actor.require(Action.MANAGE_REFERENCE)
        if mrp <= 0:
            raise ValidationError("mrp", N_("The MRP must be a positive amount."))
        with self.ctx.uow() as uow:
            before = {str(y): str(uow.reference.mrp_table().mrp(y)) for y in uow.reference.mrp_table().years()
                      if y == year}
            uow.reference.set_mrp(year, mrp, mzp, self.ctx.actor.login, self.ctx.now())
            uow.audit("update", "mrp_rate", year, before or None, {"mrp": str(mrp), "mzp": str(mzp)})
            uow.commit()
        return Changes(reference=True)

    def setting(self, key: str, default: str | None = None) -> str | None:
        with self.ctx.reading() as uow:
            return uow.reference.setting(key, default)

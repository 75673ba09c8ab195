"""Plan vs fact for a year: regional quota per region, employment and education (window and CLI)."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from domain.permissions import Action
from services.context import ServiceContext
from services.quota_dto import DashboardSummary, PlanFactFigure, RegionPlanFact


class DashboardService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def years(self) -> list[int]:
        """Years worth showing: those with plans or inclusions, and the current one."""
        self.ctx.actor.require(Action.VIEW_REPORTS)
        with self.ctx.reading() as uow:
            years = set(uow.quotas.plan_years())
        years.add(self.ctx.today().year)
        return sorted(years)

    def summary(self, year: int) -> DashboardSummary:
        self.ctx.actor.require(Action.VIEW_REPORTS)
        today = self.ctx.today()
        with self.ctx.reading() as uow:
            quota = tuple(RegionPlanFact(**row) for row in uow.quotas.quota_plan_vs_fact(year))
            plan = uow.programmes.employment_plan(year)
            placements = PlanFactFigure(plan["placements_planned"] if plan else None,
                                        uow.programmes.placements_started(year))
            measures = PlanFactFigure(plan["measures_planned"] if plan else None, uow.programmes.measures_started(year))
            totals = uow.programmes.education_totals(year)
            by_level = tuple(uow.programmes.education_by_level(year))
            paid = sum((row["total"] for row in uow.quotas.payment_totals(year)), Decimal("0"))
            overdue = uow.quotas.overdue_total(today)
            return DashboardSummary(
                year=year, quota=quota, employment_placements=placements, employment_measures=measures,
                placements_by_region=uow.programmes.placements_by_region(year),
                education=PlanFactFigure(totals.get("places") or None, totals.get("admitted", 0)),
                education_by_level=by_level,
                education_results={k: v for k, v in totals.items() if k != "places"},
                services_per_month=tuple(uow.programmes.services_per_month(year)),
                payments_total=paid.quantize(Decimal("0.01")), outstanding_overdue=overdue.quantize(Decimal("0.01")))

    def plan_vs_fact(self, years: list[int] | None = None) -> dict[str, Any]:
        """The ``plan_vs_fact`` section of ``info --json``: plain numbers per year."""
        result: dict[str, Any] = {}
        for year in years or self.years():
            summary = self.summary(year)
            result[str(year)] = {
                "quota": {row.region_code: {"families_planned": row.families_planned,
                                            "persons_planned": row.persons_planned,
                                            "families_included": row.families_included,
                                            "persons_included": row.persons_included} for row in summary.quota},
                "quota_total": {
                    "persons_planned": sum(r.persons_planned or 0 for r in summary.quota),
                    "persons_included": sum(r.persons_included for r in summary.quota),
                    "families_included": sum(r.families_included for r in summary.quota)},
                "employment": {"placements_planned": summary.employment_placements.planned,
                               "placements_achieved": summary.employment_placements.achieved,
                               "measures_planned": summary.employment_measures.planned,
                               "measures_achieved": summary.employment_measures.achieved,
                               "placements_by_region": summary.placements_by_region},
                "education": {"places_planned": summary.education.planned,
                              "admitted": summary.education.achieved,
                              "results": summary.education_results},
            }
        return result

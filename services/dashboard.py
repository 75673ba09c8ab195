"""Plan vs fact for a year: regional quota per region, employment and education (window and CLI)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from domain.permissions import Action
from services.context import ServiceContext
from services.quota_dto import DashboardSummary, PlanFactFigure, RegionPlanFact


def education_figures(data: dict[str, Any]) -> tuple[dict[str, int], tuple[dict[str, Any], ...]]:
    """Totals by result (plus places) and places/admitted by level, from the report's education
    figures as of a day (``ReportingRepository.education``)."""
    totals: dict[str, int] = {"places": sum(data["places"].values())}
    admitted: dict[str, int] = {}
    for row in data["applications"]:
        totals[row["result"]] = totals.get(row["result"], 0) + row["count"]
        if row["result"] == "admitted":
            admitted[row["level"]] = admitted.get(row["level"], 0) + row["count"]
    levels = sorted((set(data["places"]) | set(admitted)) - {""})
    return totals, tuple({"level": level, "places": data["places"].get(level, 0), "admitted": admitted.get(level, 0)}
                         for level in levels)


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
        as_of = min(today, dt.date(year, 12, 31))  # the same "as of" figures as the monthly report
        with self.ctx.reading() as uow:
            quota = tuple(RegionPlanFact(r["code"], r["families_planned"], r["persons_planned"],
                                         r["families_included"], r["persons_included"], r["families_arrived"],
                                         r["persons_arrived"])
                          for r in uow.reporting.quota_plan_vs_fact(year, as_of))
            plan = uow.programmes.employment_plan(year)
            placements = PlanFactFigure(plan["placements_planned"] if plan else None,
                                        uow.programmes.placements_started(year))
            measures = PlanFactFigure(plan["measures_planned"] if plan else None, uow.programmes.measures_started(year))
            totals, by_level = education_figures(uow.reporting.education(year, as_of))
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
                                            "persons_included": row.persons_included,
                                            "families_moved": row.families_moved,
                                            "persons_moved": row.persons_moved} for row in summary.quota},
                "quota_total": {
                    "persons_planned": sum(r.persons_planned or 0 for r in summary.quota),
                    "persons_included": sum(r.persons_included for r in summary.quota),
                    "families_included": sum(r.families_included for r in summary.quota),
                    "persons_moved": sum(r.persons_moved for r in summary.quota),
                    "families_moved": sum(r.families_moved for r in summary.quota)},
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

"""The monthly report's figures as one plain JSON object (``report monthly --json``, frozen months).

This is a public interface: keys are only ever added, never renamed or removed (docs/reports.md
shows an example). It is computed from the same ``MonthlySummary`` the PDF is drawn from, so the
JSON, the PDF and the window show the same numbers.
"""
from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from services.reporting_dto import MonthlySummary

SCHEMA_VERSION = 1
CENT = Decimal("0.01")


def _money(value: Decimal) -> str:
    return str(Decimal(value).quantize(CENT))


def _pair(families: int | None, persons: int | None) -> dict[str, int | None]:
    return {"families": families, "persons": persons}


def figures_of(summary: MonthlySummary) -> dict[str, Any]:
    """Every figure of the report as plain JSON values (money as decimal strings)."""
    arrivals = summary.arrival_totals()
    c = summary.certificates
    e = summary.employment
    subsidies = summary.subsidies
    total = {key: sum((getattr(r, key) for r in subsidies), Decimal(0))
             for key in ("due_month", "paid_month", "due_ytd", "paid_ytd", "outstanding")}
    education_total = {"places": sum(r.places for r in summary.education),
                       "applications": sum(r.applications for r in summary.education),
                       "admitted": sum(r.admitted for r in summary.education),
                       "not_admitted": sum(r.not_admitted for r in summary.education),
                       "pending": sum(r.pending for r in summary.education),
                       "withdrew": sum(r.withdrew for r in summary.education)}
    return {
        "schema": SCHEMA_VERSION,
        "month": summary.month.strftime("%Y-%m"),
        "as_of": summary.as_of.isoformat(),
        "arrivals": {**_pair(arrivals.families_month, arrivals.persons_month),
                     "families_ytd": arrivals.families_ytd, "persons_ytd": arrivals.persons_ytd,
                     "by_country": {r.code or "": _pair(r.families_month, r.persons_month)
                                    for r in summary.arrivals_by_country},
                     "by_region": {r.code or "": _pair(r.families_month, r.persons_month)
                                   for r in summary.arrivals_by_region}},
        "status": {"granted": c.initial_month, "granted_ytd": c.initial_ytd,
                   "extended": c.extension_month, "extended_ytd": c.extension_ytd,
                   "ended_citizenship": c.ended_citizenship, "expired_without_end": c.expired_in_month,
                   "valid_at_end": c.valid_at_end, "expiring_soon": c.expiring_soon,
                   "expiring_until": c.expiring_until.isoformat()},
        "quota": {q.code: {"plan": _pair(q.families_planned, q.persons_planned),
                           "included": _pair(q.families_included, q.persons_included),
                           "moved": _pair(q.families_arrived, q.persons_arrived)} for q in summary.quota},
        "subsidies": {"due": _money(total["due_month"]), "paid": _money(total["paid_month"]),
                      "outstanding": _money(total["outstanding"]),
                      "due_ytd": _money(total["due_ytd"]), "paid_ytd": _money(total["paid_ytd"]),
                      "by_kind": {r.kind: {"due": _money(r.due_month), "paid": _money(r.paid_month),
                                           "due_ytd": _money(r.due_ytd), "paid_ytd": _money(r.paid_ytd),
                                           "outstanding": _money(r.outstanding),
                                           "payments": r.payments_month} for r in subsidies}},
        "employment": {"placements_planned": e.placements_planned, "placements": e.placements_month,
                       "placements_ytd": e.placements_ytd, "with_employer_subsidy": e.with_employer_subsidy,
                       "measures_planned": e.measures_planned, "measures": e.measures_month,
                       "measures_ytd": e.measures_ytd},
        "education": {**education_total,
                      "by_level": {r.level: {"places": r.places, "applications": r.applications,
                                             "admitted": r.admitted, "not_admitted": r.not_admitted,
                                             "pending": r.pending, "withdrew": r.withdrew}
                                   for r in summary.education}},
        "accommodation": {"checked_in": summary.accommodation.checked_in,
                          "checked_out": summary.accommodation.checked_out,
                          "living_at_end": summary.accommodation.living_at_end},
        "overdue_tasks": summary.overdue_total,
        "corrections": [{"month": c.month.strftime("%Y-%m"), "payments": c.payments, "amount": _money(c.amount)}
                        for c in summary.corrections],
        "personal_data": {"families_without_basis": summary.families_without_basis},
    }


def figures_text(figures: dict[str, Any]) -> str:
    """The canonical JSON text of a report's figures (what is stored and printed)."""
    return json.dumps(figures, ensure_ascii=False, indent=2, sort_keys=True)

"""Data for the monthly report and the ministry exports, with permission checks and audit.

The figures are SQL aggregates (``storage.reporting_repository``); this service turns
them into frozen DTOs. Exports stream their rows page by page from one read
transaction; ``record_report``/``record_export`` write the audit entry once the file
is in place, so the audit lists files that really left the centre.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Iterator

from domain.centre import CentreDetails
from domain.errors import ValidationError
from domain.messages import N_
from domain.permissions import Action
from services.centre import read_centre
from services.context import ServiceContext
from services.view_log import ViewKind, log_view
from services.report_figures import figures_of, figures_text
from services.reporting_dto import (
    AccommodationSummary, ArrivalRow, CertificateSummary, CorrectionRow, CountRow, EducationRow, EmploymentSummary, ExportRequest,
    LocalName, MonthlySummary, OverdueTask, QuotaRow, ReferenceNames, SubsidyRow, month_end,
)

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.unit_of_work import SqlAlchemyUnitOfWork

EXPORT_KINDS = ("register", "quota", "employment", "education", "payments")
EXPIRING_WINDOW_DAYS = 30  # "expiring soon" in the report: within a month after the report date
OVERDUE_LISTED = 25
CENT = Decimal("0.01")


def _local(names: dict[str, Any], code: str | None) -> LocalName:
    if code is None:
        return LocalName("Көрсетілмеген", "Не указано", "Not stated")
    entry = names.get(code)
    return LocalName(entry[0], entry[1], entry[2]) if entry else LocalName.same(code)


def validate_month(month: dt.date, today: dt.date) -> dt.date:
    first = month.replace(day=1)
    if first > today:
        raise ValidationError("month", N_("The month {month} has not begun yet."), month=first.strftime("%Y-%m"))
    if first.year < 2000:
        raise ValidationError("month", N_("Choose a month from the year 2000 on."))
    return first


def validate_export(request: ExportRequest) -> None:
    if request.kind not in EXPORT_KINDS:
        raise ValidationError("kind", N_("Unknown export “{kind}”: choose one of {kinds}."),
                              kind=request.kind, kinds=", ".join(EXPORT_KINDS))
    if request.year is not None and not 2000 <= request.year <= 2100:
        raise ValidationError("year", N_("Enter a year between 2000 and 2100."))
    if request.year is not None and request.month is not None and request.month.year != request.year:
        raise ValidationError("month", N_("The month {month} is not in the year {year}."),
                              month=request.month.strftime("%Y-%m"), year=request.year)


def _sum_by(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    totals: dict[str, Any] = {}
    for row in rows:
        entry = totals.setdefault(row[key], {"code": row[key], "families_month": 0, "persons_month": 0,
                                             "families_ytd": 0, "persons_ytd": 0})
        for field in ("families_month", "persons_month", "families_ytd", "persons_ytd"):
            entry[field] += int(row[field])
    return list(totals.values())


def _filters(request: ExportRequest) -> tuple[int | None, dt.date | None, dt.date | None]:
    """(quota/school year, first day, last day): quota and education rows belong to a year of their
    own, so a year selects by it and only a month selects by date; the other kinds select by date."""
    if request.kind in ("quota", "education"):
        return request.year, request.month, month_end(request.month) if request.month else None
    return request.year, request.start, request.end


def _arrivals(rows: list[dict[str, Any]], names: dict[str, Any]) -> tuple[ArrivalRow, ...]:
    result = [ArrivalRow(r["code"], _local(names, r["code"]), int(r["families_month"]), int(r["persons_month"]),
                         int(r["families_ytd"]), int(r["persons_ytd"])) for r in rows]
    result.sort(key=lambda a: (-a.persons_ytd, a.code or "~"))
    return tuple(result)


def _education(data: dict[str, Any]) -> tuple[EducationRow, ...]:
    levels = sorted(set(data["places"]) | {a["level"] for a in data["applications"]})
    rows = []
    for level in levels:
        counts: dict[str, int] = {}
        for app in data["applications"]:
            if app["level"] == level:
                counts[app["result"]] = counts.get(app["result"], 0) + app["count"]
        rows.append(EducationRow(level, data["places"].get(level, 0), sum(counts.values()),
                                 counts.get("admitted", 0), counts.get("not_admitted", 0),
                                 counts.get("pending", 0), counts.get("withdrew", 0)))
    return tuple(rows)


def summary_in(ctx: ServiceContext, uow: SqlAlchemyUnitOfWork, first: dt.date) -> MonthlySummary:
    """The month's figures inside an open unit of work (the report, its JSON and an approval share it)."""
    today = ctx.today()
    last = month_end(first)
    as_of = min(last, today)
    year_start = dt.date(first.year, 1, 1)
    repo = uow.reporting
    region_names, country_names = repo.names()
    centre = read_centre(uow)
    arrivals = repo.arrivals(year_start, first, as_of)
    by_country = _arrivals(_sum_by(arrivals, "country"), country_names)
    by_region = _arrivals(_sum_by(arrivals, "region"), region_names)
    soon = as_of + dt.timedelta(days=EXPIRING_WINDOW_DAYS)
    cert = repo.certificates(year_start, first, as_of, soon)
    quota = [QuotaRow(r["code"], _local(region_names, r["code"]), r["persons_planned"],
                      r["families_planned"], r["persons_included"], r["families_included"],
                      r["persons_arrived"], r["families_arrived"])
             for r in repo.quota_plan_vs_fact(first.year, as_of)]
    order = {code: names[3] for code, names in region_names.items()}
    quota.sort(key=lambda q: (-(q.persons_planned or 0), order.get(q.code, 9999), q.code))
    subsidies = tuple(SubsidyRow(r["kind"], r["due_month"], r["paid_month"], r["due_ytd"], r["paid_ytd"],
                                 r["due_total"] - r["paid_total"], r["payments_month"])
                      for r in repo.subsidies(year_start, first, as_of))
    emp = repo.employment(first.year, year_start, first, as_of)
    education = _education(repo.education(first.year, as_of))
    services = tuple(sorted((CountRow(r["kind"], r["month"], r["ytd"], r["families_month"])
                             for r in repo.services_delivered(year_start, first, as_of)),
                            key=lambda c: (-c.ytd, c.kind)))
    accommodation = AccommodationSummary(**repo.accommodation(first, as_of))
    overdue = repo.overdue_tasks(as_of, OVERDUE_LISTED)
    corrections = tuple(CorrectionRow(r["month"], r["payments"], (Decimal(r["amount_cents"]) / 100).quantize(CENT))
                        for r in uow.closed_months.late_payments(first, as_of))
    head_hash, head_count = uow.audit_log.head()  # the audit anchor printed in the footer
    issued = cert["issued"]
    return MonthlySummary(
        month=first, as_of=as_of, printed_at=ctx.now(), centre_name=centre.name("kk"), centre=centre,
        audit_anchor=(head_count or 0, head_hash or ""),
        arrivals_by_country=by_country, arrivals_by_region=by_region,
        certificates=CertificateSummary(issued["initial"]["month"], issued["initial"]["ytd"],
                                        issued["extension"]["month"], issued["extension"]["ytd"],
                                        cert["expired_in_month"], cert["expiring_soon"], soon,
                                        cert["ended_citizenship"], cert["valid_at_end"]),
        quota=tuple(quota), subsidies=subsidies,
        employment=EmploymentSummary(emp["placements_planned"], emp["placements_month"], emp["placements_ytd"],
                                     emp["with_employer_subsidy"], emp["measures_planned"],
                                     tuple(CountRow(m["kind"], m["month"], m["ytd"]) for m in emp["measures"])),
        education=education, services=services, accommodation=accommodation,
        overdue_total=sum(overdue["by_kind"].values()),
        overdue_by_kind=tuple(sorted(overdue["by_kind"].items(), key=lambda kv: (-kv[1], kv[0]))),
        overdue_oldest=tuple(OverdueTask(r["kind"], r["title"], dict(r["params"] or {}), r["due_date"],
                                         r["case_number"] or "", (as_of - r["due_date"]).days)
                             for r in overdue["oldest"]),
        corrections=corrections, families_without_basis=uow.privacy.families_without_basis(as_of))


class ReportingService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- the monthly report --------------------------------------------------------------
    def monthly_summary(self, month: dt.date) -> MonthlySummary:
        self.ctx.actor.require(Action.VIEW_REPORTS)
        first = validate_month(month, self.ctx.today())
        with self.ctx.reading() as uow:
            return summary_in(self.ctx, uow, first)

    def monthly_figures(self, month: dt.date) -> tuple[str, bool]:
        """The report's figures as JSON text, and whether they are the approved ones: an approved
        month gives its stored text unchanged, an open month a fresh count."""
        self.ctx.actor.require(Action.VIEW_REPORTS)
        first = validate_month(month, self.ctx.today())
        with self.ctx.uow() as uow:
            stored = uow.closed_months.get(first)
            if stored is not None:
                return stored["figures_json"], True
            return figures_text(figures_of(summary_in(self.ctx, uow, first))), False

    def record_report(self, month: dt.date, file_name: str, language: str, pages: int) -> None:
        """Audit a monthly report that was written (who printed what, for which month)."""
        self.ctx.actor.require(Action.VIEW_REPORTS)
        with self.ctx.uow() as uow:
            uow.audit("report", "monthly_report", month.strftime("%Y-%m"), None,
                      {"file": file_name, "language": language, "pages": pages})
            log_view(uow, self.ctx, ViewKind.PRINT, detail=f"monthly_report {month:%Y-%m} {file_name}")
            uow.commit()

    # --- the ministry exports ------------------------------------------------------------
    def export_header(self, request: ExportRequest) -> tuple[ReferenceNames, CentreDetails, int]:
        """Reference names, the centre's details and the number of rows the export will have."""
        self.ctx.actor.require(Action.EXPORT)
        validate_export(request)
        with self.ctx.reading() as uow:
            region_names, country_names = uow.reporting.names()
            centre = read_centre(uow)
            total = uow.reporting.count_rows(request.kind, *_filters(request))
        names = ReferenceNames({c: LocalName(*v[:3]) for c, v in region_names.items()},
                               {c: LocalName(*v) for c, v in country_names.items()})
        return names, centre, total

    def export_pages(self, request: ExportRequest, sheet: str | None = None) -> Iterator[list[dict[str, Any]]]:
        """The export's rows as plain dicts, page by page, from one read transaction; ``sheet`` names
        a further sheet of the export ("payment_items": the payments export's items). Statuses,
        inclusions and what is paid are as of the export date (today)."""
        self.ctx.actor.require(Action.EXPORT)
        validate_export(request)
        today = self.ctx.today()
        with self.ctx.reading() as uow:
            repo = uow.reporting
            year, start, end = _filters(request)
            if sheet == "payment_items":
                pages = repo.payment_item_pages(start, end, today)
            elif sheet is not None:
                raise ValidationError("sheet", N_("Unknown export “{kind}”: choose one of {kinds}."),
                                      kind=sheet, kinds="payment_items")
            elif request.kind == "register":
                pages = repo.register_pages(start, end, today)
            elif request.kind == "quota":
                pages = repo.quota_inclusion_pages(year, start, end)
            elif request.kind == "payments":
                pages = repo.payment_pages(start, end)
            elif request.kind == "employment":
                pages = repo.employment_pages(start, end)
            else:
                pages = repo.education_pages(year, start, end)
            yield from pages

    def record_export(self, request: ExportRequest, file_name: str, language: str, rows: int) -> None:
        self.ctx.actor.require(Action.EXPORT)
        with self.ctx.uow() as uow:
            uow.audit("export", request.kind, None, None,
                      {"file": file_name, "language": language, "rows": rows, "year": request.year,
                       "month": request.month.strftime("%Y-%m") if request.month else None})
            log_view(uow, self.ctx, ViewKind.EXPORT, detail=f"{request.kind} {file_name} ({rows})")
            uow.commit()

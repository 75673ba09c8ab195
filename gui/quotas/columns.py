"""Column declarations of the quota area's tables, shared by screens and family tabs."""
from __future__ import annotations

from domain.adaptation import ServiceKind
from domain.education import ApplicationResult, EducationLevel
from domain.employment import MeasureKind
from domain.messages import N_
from domain.subsidies import SupportKind
from gui.quotas.row_model import Column



def kind_text(labels: dict):
    return lambda row, tr: tr._(labels.get(row.kind, row.kind))


def period_text(row, tr) -> str:
    return tr.format_month(row.period_month) if row.period_month else tr._("one-time")


def region_column(names: dict) -> Column:
    return Column("region", N_("Region"), lambda row, tr: names.get(tr.language, {}).get(row.region_code,
                                                                                         row.region_code))


PLAN_COLUMNS = lambda names: [  # noqa: E731 - a table of columns reads best as data
    region_column(names),
    Column("persons_planned", N_("Persons planned"), lambda r, tr: tr.format_number(r.persons_planned),
           lambda r: r.persons_planned, True),
    Column("persons_included", N_("Persons included"), lambda r, tr: tr.format_number(r.persons_included),
           lambda r: r.persons_included, True),
    Column("families_planned", N_("Families planned"), lambda r, tr: tr.format_number(r.families_planned),
           lambda r: r.families_planned, True),
    Column("families_included", N_("Families included"), lambda r, tr: tr.format_number(r.families_included),
           lambda r: r.families_included, True),
    Column("share", N_("Done, %"), lambda r, tr: tr.format_number(
        r.persons_included * 100 / r.persons_planned, 1) if r.persons_planned else "", None, True),
]

INCLUSION_COLUMNS = lambda names: [  # noqa: E731
    Column("case_number", N_("Case"), lambda r, tr: r.case_number),
    Column("head_name", N_("Head of family"), lambda r, tr: r.head_name),
    Column("year", N_("Year"), lambda r, tr: str(r.year), lambda r: r.year),
    region_column(names),
    Column("settlement", N_("Settlement"), lambda r, tr: r.settlement),
    Column("decision", N_("Decision"), lambda r, tr: tr.format("No. {number} of {date}", number=r.decision_number,
                                                                date=tr.format_date(r.decision_date))),
    Column("persons_count", N_("Persons"), lambda r, tr: tr.format_number(r.persons_count), None, True),
    Column("owed", N_("Owed"), lambda r, tr: tr.format_money(r.amount_owed), lambda r: r.amount_owed, True),
    Column("paid", N_("Paid"), lambda r, tr: tr.format_money(r.amount_paid), lambda r: r.amount_paid, True),
    Column("state", N_("Note"), lambda r, tr: tr.format("Cancelled on {date}", date=tr.format_date(r.cancelled_on))
           if r.cancelled_on else (tr.format("Over the plan: {reason}", reason=r.override_reason)
                                   if r.over_plan_override else "")),
]

OUTSTANDING_COLUMNS = lambda names: [  # noqa: E731
    Column("due_date", N_("Due"), lambda r, tr: tr.format_date(r.due_date), lambda r: r.due_date),
    Column("case_number", N_("Case"), lambda r, tr: r.case_number),
    Column("head_name", N_("Head of family"), lambda r, tr: r.head_name),
    region_column(names),
    Column("kind", N_("Support"), kind_text(SupportKind.LABELS)),
    Column("period", N_("Month"), period_text),
    Column("amount_due", N_("Owed"), lambda r, tr: tr.format_money(r.amount_due), lambda r: r.amount_due, True),
    Column("outstanding", N_("Still to pay"), lambda r, tr: tr.format_money(r.outstanding),
           lambda r: r.outstanding, True),
]

SCHEDULE_COLUMNS = [
    Column("kind", N_("Support"), kind_text(SupportKind.LABELS)),
    Column("period", N_("Month"), period_text),
    Column("due_date", N_("Due"), lambda r, tr: tr.format_date(r.due_date), lambda r: r.due_date),
    Column("basis", N_("Basis"), lambda r, tr: tr.format("{coefficient} MRP × {persons} ({year})",
                                                         coefficient=tr.format_number(r.mrp_coefficient, 2),
                                                         persons=r.persons, year=r.mrp_year)),
    Column("amount_due", N_("Owed"), lambda r, tr: tr.format_money(r.amount_due), lambda r: r.amount_due, True),
    Column("paid", N_("Paid"), lambda r, tr: tr.format_money(r.paid), lambda r: r.paid, True),
    Column("outstanding", N_("Still to pay"), lambda r, tr: tr.format_money(r.outstanding),
           lambda r: r.outstanding, True),
]

PAYMENT_COLUMNS = [
    Column("paid_on", N_("Paid on"), lambda r, tr: tr.format_date(r.paid_on), lambda r: r.paid_on),
    Column("kind", N_("Support"), kind_text(SupportKind.LABELS)),
    Column("period", N_("Month"), period_text),
    Column("amount", N_("Amount"), lambda r, tr: tr.format_money(r.amount), lambda r: r.amount, True),
    Column("document_number", N_("Document"), lambda r, tr: r.document_number),
    Column("created_by", N_("Recorded by"), lambda r, tr: r.created_by),
]

PLACEMENT_COLUMNS = [
    Column("person_name", N_("Person"), lambda r, tr: r.person_name),
    Column("employer_name", N_("Employer"), lambda r, tr: r.employer_name),
    Column("employer_bin", N_("BIN"), lambda r, tr: r.employer_bin),
    Column("position", N_("Position"), lambda r, tr: r.position),
    Column("started_on", N_("From"), lambda r, tr: tr.format_date(r.started_on), lambda r: r.started_on),
    Column("ended_on", N_("To"), lambda r, tr: tr.format_date(r.ended_on), lambda r: r.ended_on),
    Column("employer_subsidy", N_("Employer subsidy"), lambda r, tr: employer_subsidy_text(r, tr)),
]


def employer_subsidy_text(row, tr) -> str:
    if row.subsidy_due is not None:
        return tr.format("{owed}, paid {paid}", owed=tr.format_money(row.subsidy_due),
                         paid=tr.format_money(row.subsidy_paid or 0))
    return tr._("claimed, not in the schedule") if row.employer_subsidy else ""


MEASURE_COLUMNS = [
    Column("person_name", N_("Person"), lambda r, tr: r.person_name),
    Column("kind", N_("Measure"), kind_text(MeasureKind.LABELS)),
    Column("provider", N_("Provider"), lambda r, tr: r.provider),
    Column("started_on", N_("From"), lambda r, tr: tr.format_date(r.started_on), lambda r: r.started_on),
    Column("ended_on", N_("To"), lambda r, tr: tr.format_date(r.ended_on), lambda r: r.ended_on),
]

APPLICATION_COLUMNS = [
    Column("person_name", N_("Person"), lambda r, tr: r.person_name),
    Column("year", N_("Year"), lambda r, tr: str(r.year), lambda r: r.year),
    Column("level", N_("Level"), lambda r, tr: tr._(EducationLevel.LABELS.get(r.level, r.level))),
    Column("institution", N_("Institution"), lambda r, tr: r.institution),
    Column("specialty_group", N_("Specialty group"), lambda r, tr: r.specialty_group),
    Column("applied_on", N_("Applied on"), lambda r, tr: tr.format_date(r.applied_on), lambda r: r.applied_on),
    Column("result", N_("Result"), lambda r, tr: tr._(ApplicationResult.LABELS.get(r.result, r.result))),
    Column("decided_on", N_("Result date"), lambda r, tr: tr.format_date(r.decided_on), lambda r: r.decided_on),
]

SERVICE_COLUMNS = [
    Column("delivered_on", N_("Date"), lambda r, tr: tr.format_date(r.delivered_on), lambda r: r.delivered_on),
    Column("kind", N_("Service"), kind_text(ServiceKind.LABELS)),
    Column("person_name", N_("Person"), lambda r, tr: r.person_name),
    Column("note", N_("Note"), lambda r, tr: r.note),
]

STAY_COLUMNS = [
    Column("room", N_("Room"), lambda r, tr: r.room),
    Column("check_in", N_("Check-in"), lambda r, tr: tr.format_date(r.check_in), lambda r: r.check_in),
    Column("check_out", N_("Check-out"), lambda r, tr: tr.format_date(r.check_out), lambda r: r.check_out),
    Column("stay_limit", N_("Allowed until"), lambda r, tr: tr.format_date(r.stay_limit), lambda r: r.stay_limit),
    Column("leave_reason", N_("Reason for leaving"), lambda r, tr: r.leave_reason),
]

"""Frozen values for the monthly report and the ministry exports (no database object crosses)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from domain.centre import CentreDetails


@dataclass(frozen=True)
class LocalName:
    """A reference name in the three languages; a report picks its own."""

    kk: str
    ru: str
    en: str

    def get(self, language: str) -> str:
        return {"kk": self.kk, "ru": self.ru}.get(language, self.en)

    @classmethod
    def same(cls, text: str) -> "LocalName":
        return cls(text, text, text)


@dataclass(frozen=True)
class ArrivalRow:
    code: str | None
    name: LocalName
    families_month: int
    persons_month: int
    families_ytd: int
    persons_ytd: int


@dataclass(frozen=True)
class CertificateSummary:
    initial_month: int
    initial_ytd: int
    extension_month: int
    extension_ytd: int
    expired_in_month: int
    expiring_soon: int
    expiring_until: dt.date
    ended_citizenship: int = 0  # persons whose status ended by citizenship in the month
    valid_at_end: int = 0  # persons holding a valid status on the report's "as of" day


@dataclass(frozen=True)
class QuotaRow:
    code: str
    name: LocalName
    persons_planned: int | None
    families_planned: int | None
    persons_included: int
    families_included: int
    persons_arrived: int
    families_arrived: int

    @property
    def fulfilment(self) -> Decimal | None:
        """Persons included as a share of the plan (None without a plan)."""
        if not self.persons_planned:
            return None
        return (Decimal(self.persons_included) / Decimal(self.persons_planned)).quantize(Decimal("0.001"))


@dataclass(frozen=True)
class SubsidyRow:
    kind: str
    due_month: Decimal
    paid_month: Decimal
    due_ytd: Decimal
    paid_ytd: Decimal
    outstanding: Decimal
    payments_month: int


@dataclass(frozen=True)
class CountRow:
    kind: str
    month: int
    ytd: int
    families_month: int = 0


@dataclass(frozen=True)
class EmploymentSummary:
    placements_planned: int | None
    placements_month: int
    placements_ytd: int
    with_employer_subsidy: int
    measures_planned: int | None
    measures: tuple[CountRow, ...]

    @property
    def measures_ytd(self) -> int:
        return sum(m.ytd for m in self.measures)

    @property
    def measures_month(self) -> int:
        return sum(m.month for m in self.measures)


@dataclass(frozen=True)
class EducationRow:
    level: str
    places: int
    applications: int
    admitted: int
    not_admitted: int
    pending: int
    withdrew: int


@dataclass(frozen=True)
class AccommodationSummary:
    checked_in: int
    checked_out: int
    living_at_end: int


@dataclass(frozen=True)
class OverdueTask:
    kind: str
    title: str
    params: dict[str, Any]
    due_date: dt.date
    case_number: str
    days_overdue: int


@dataclass(frozen=True)
class CorrectionRow:
    """Payments recorded in the reported month on items that fell due in an approved month."""

    month: dt.date  # the approved month the items fell due in
    payments: int
    amount: Decimal


@dataclass(frozen=True)
class MonthlySummary:
    month: dt.date  # the first day of the reported month
    as_of: dt.date  # the month's last day, or today while the month runs
    printed_at: dt.datetime
    centre_name: str
    arrivals_by_country: tuple[ArrivalRow, ...]
    arrivals_by_region: tuple[ArrivalRow, ...]
    certificates: CertificateSummary
    quota: tuple[QuotaRow, ...]
    subsidies: tuple[SubsidyRow, ...]
    employment: EmploymentSummary
    education: tuple[EducationRow, ...]
    services: tuple[CountRow, ...]
    accommodation: AccommodationSummary
    overdue_total: int
    overdue_by_kind: tuple[tuple[str, int], ...]
    overdue_oldest: tuple[OverdueTask, ...] = field(default=())
    centre: CentreDetails = field(default=CentreDetails())  # name per language, director, executor
    audit_anchor: tuple[int, str] | None = None  # (entries, newest hash) when printed: the footer shows it
    corrections: tuple[CorrectionRow, ...] = field(default=())
    # families with a member lacking a basis of processing on ``as_of`` (None: not counted)
    families_without_basis: int | None = None

    @property
    def year(self) -> int:
        return self.month.year

    def arrival_totals(self) -> ArrivalRow:
        rows = self.arrivals_by_country
        return ArrivalRow(None, LocalName("Барлығы", "Итого", "Total"),
                          sum(r.families_month for r in rows), sum(r.persons_month for r in rows),
                          sum(r.families_ytd for r in rows), sum(r.persons_ytd for r in rows))


@dataclass(frozen=True)
class ExportRequest:
    """What a ministry export covers: a kind, and a year or a month (or everything)."""

    kind: str
    year: int | None = None
    month: dt.date | None = None  # first day of the month

    @property
    def start(self) -> dt.date | None:
        if self.month is not None:
            return self.month
        return dt.date(self.year, 1, 1) if self.year is not None else None

    @property
    def end(self) -> dt.date | None:
        if self.month is not None:
            return month_end(self.month)
        return dt.date(self.year, 12, 31) if self.year is not None else None


@dataclass(frozen=True)
class ExportResult:
    kind: str
    path: str
    rows: int


@dataclass(frozen=True)
class ReferenceNames:
    """Region and country names in three languages, for export value getters."""

    regions: dict[str, LocalName]
    countries: dict[str, LocalName]

    def region(self, code: str | None, language: str) -> str:
        return self.regions[code].get(language) if code in self.regions else (code or "")

    def country(self, code: str | None, language: str) -> str:
        return self.countries[code].get(language) if code in self.countries else (code or "")


def month_end(first: dt.date) -> dt.date:
    following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)

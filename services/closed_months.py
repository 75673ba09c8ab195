"""Approved (frozen) months: a supervisor approves a month's report; afterwards nothing dated in
that month may be recorded, and the report reprints exactly as approved.

``ensure_open`` is the one check every writer of a dated fact calls (payments, kandas statuses,
quota inclusions) inside its unit of work, so the window, the command line, imports and the demo
are all refused alike. A correction goes into an open month; the report of that month lists it
under "corrections to earlier months" (docs/reports.md).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable

from domain.errors import NotFound, RuleViolation, ValidationError
from domain.messages import N_
from domain.permissions import Action
from services.context import ServiceContext
from services.report_figures import figures_of, figures_text
from services.reporting import summary_in
from services.reporting_dto import MonthlySummary, month_end

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.unit_of_work import SqlAlchemyUnitOfWork


@dataclass(frozen=True)
class ClosedMonth:
    month: dt.date
    approved_at: dt.datetime
    approved_by: str
    language: str
    sha256: str


@dataclass(frozen=True)
class StoredReport:
    """What was approved, exactly: the figures' JSON text, the PDF bytes and the payment register."""

    month: ClosedMonth
    figures_json: str
    pdf: bytes
    register_json: str

    @property
    def figures(self) -> dict[str, Any]:
        figures: dict[str, Any] = json.loads(self.figures_json)
        return figures

    def hash_matches(self) -> bool:
        return approval_hash(self.figures_json, self.pdf, self.register_json) == self.month.sha256


def approval_hash(figures_json: str, pdf: bytes, register_json: str) -> str:
    """SHA-256 over the three parts, each prefixed with its length so no byte can move between them."""
    digest = hashlib.sha256()
    for part in (figures_json.encode("utf-8"), pdf, register_json.encode("utf-8")):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def ensure_open(uow: SqlAlchemyUnitOfWork, day: dt.date | None, field: str) -> None:
    """Refuse a fact dated in an approved month, naming the field and the month."""
    if day is not None and uow.closed_months.is_closed(day):
        raise ValidationError(field, N_(
            "The month {month} is approved and closed: nothing dated {date} can be recorded or changed. "
            "Record the correction with a date in an open month; that month's report lists it."),
            month=day.strftime("%Y-%m"), date=day.isoformat())


def _register_value(value: object) -> object:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _closed(row: dict[str, Any]) -> ClosedMonth:
    return ClosedMonth(row["month"], row["approved_at"], row["approved_by"], row["language"], row["sha256"])


class ClosedMonthService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def months(self) -> list[ClosedMonth]:
        self.ctx.actor.require(Action.VIEW_REPORTS)
        with self.ctx.uow() as uow:
            return [_closed(r) for r in uow.closed_months.months()]

    def stored(self, month: dt.date) -> StoredReport | None:
        """The approved report of ``month``, or None while the month is open."""
        self.ctx.actor.require(Action.VIEW_REPORTS)
        with self.ctx.uow() as uow:
            row = uow.closed_months.get(month)
        if row is None:
            return None
        return StoredReport(_closed(row), row["figures_json"], bytes(row["pdf"]), row["register_json"])

    def approve(self, month: dt.date, language: str, render_pdf: Callable[[MonthlySummary], bytes]) -> ClosedMonth:
        """Approve ``month``: store its figures, its PDF (drawn by ``render_pdf`` from the same
        summary) and its payment register with their hash, in one transaction, and audit it."""
        self.ctx.actor.require(Action.APPROVE_MONTHS)
        first = month.replace(day=1)
        last = month_end(first)
        if last >= self.ctx.today():
            raise ValidationError("month", N_("The month {month} has not ended yet; it can be approved from the "
                                              "first day of the next month."), month=first.strftime("%Y-%m"))
        with self.ctx.uow() as uow:
            uow.closed_months.lock_for_approval(first)  # writers of the month in flight finish first
            if uow.closed_months.get(first) is not None:
                raise RuleViolation("month_closed", N_("The month {month} is already approved."),
                                    month=first.strftime("%Y-%m"))
            summary = summary_in(self.ctx, uow, first)
            figures_json = figures_text(figures_of(summary))
            register = [{key: _register_value(value) for key, value in row.items()}
                        for page in uow.reporting.payment_pages(first, last) for row in page]
            register_json = json.dumps(register, ensure_ascii=False, sort_keys=True)
            pdf = render_pdf(summary)
            digest = approval_hash(figures_json, pdf, register_json)
            now, login = self.ctx.now(), self.ctx.actor.login
            uow.closed_months.add({"month": first, "approved_at": now, "approved_by": login, "language": language,
                                   "figures_json": figures_json, "register_json": register_json, "pdf": pdf,
                                   "sha256": digest})
            uow.audit("approve", "closed_month", first.strftime("%Y-%m"), None,
                      {"sha256": digest, "language": language, "payments": len(register),
                       "pdf_bytes": len(pdf)})
            uow.commit()
        return ClosedMonth(first, now, login, language, digest)


def require_stored(service: ClosedMonthService, month: dt.date) -> StoredReport:
    stored = service.stored(month)
    if stored is None:
        raise NotFound("closed_month", month.strftime("%Y-%m"))
    return stored

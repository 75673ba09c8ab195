"""Payments of subsidies: recording one, what is unpaid or overdue, totals per month and region."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from domain.errors import NotFound, RuleViolation, ValidationError
from domain.messages import N_
from domain.permissions import Action
from domain.subsidies import check_payment, month_end
from services.changes import Changes
from services.closed_months import ensure_open
from services.context import ServiceContext
from services.quota_dto import OutstandingRow, PaymentTotalRow, QuotaWriteResult

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.unit_of_work import SqlAlchemyUnitOfWork

PAYMENT_CHANGED = Changes(payments=True, quotas=True)


def parse_amount(text: str | Decimal, field: str = "amount") -> Decimal:
    """What a clerk types («302 750,00», «302,750.00», «302750.5») as Decimal; never through float.

    Spaces, no-break spaces and ₸ are dropped; when both ',' and '.' appear the last one is the
    decimal separator; a lone ',' is the decimal comma used in Kazakh and Russian."""
    if isinstance(text, Decimal):
        return text
    cleaned = str(text).replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("₸", "")
    if "," in cleaned and "." in cleaned:
        thousands = "," if cleaned.rfind(".") > cleaned.rfind(",") else "."
        cleaned = cleaned.replace(thousands, "").replace(",", ".")
    elif cleaned.count(",") == 1:
        cleaned = cleaned.replace(",", ".")
    elif cleaned.count(",") > 1:
        cleaned = cleaned.replace(",", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError(field, N_("Enter a number, e.g. 64875.00.")) from None
    if not value.is_finite():
        raise ValidationError(field, N_("Enter a number, e.g. 64875.00."))
    return value


class PaymentService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def record_payment(self, item_id: int, paid_on: dt.date, amount: Decimal | str,
                       document_number: str) -> QuotaWriteResult:
        """Record money paid on one schedule item; refused if it is more than still owed."""
        self.ctx.actor.require(Action.RECORD_PAYMENTS)
        value = parse_amount(amount)
        with self.ctx.uow() as uow:
            payment_id = record_payment_in(self.ctx, uow, item_id, paid_on, value, document_number)
            uow.commit()
        return QuotaWriteResult(payment_id, PAYMENT_CHANGED)

    def outstanding(self, overdue_only: bool = False, region_code: str | None = None,
                    limit: int = 2000) -> list[OutstandingRow]:
        """Items with money still owed (due by today, or only the overdue ones), oldest first."""
        self.ctx.actor.require(Action.VIEW_CASES)
        today = self.ctx.today()
        with self.ctx.reading() as uow:
            rows = uow.quotas.outstanding(today, overdue_only=overdue_only, region_code=region_code,
                                          due_until=None if overdue_only else month_end(today), limit=limit)
        return [OutstandingRow(r["id"], r["family_id"], r["case_number"], r["head_name"] or "", r["region_code"],
                               r["decision_number"], r["kind"], r["period_month"], r["due_date"],
                               Decimal(r["amount_due"]).quantize(Decimal("0.01")), r["paid"], r["due_date"] < today)
                for r in rows]

    def totals(self, year: int) -> list[PaymentTotalRow]:
        self.ctx.actor.require(Action.VIEW_REPORTS)
        with self.ctx.reading() as uow:
            return [PaymentTotalRow(**row) for row in uow.quotas.payment_totals(year)]



def record_payment_in(ctx: ServiceContext, uow: SqlAlchemyUnitOfWork, item_id: int, paid_on: dt.date, value: Decimal,
                      document_number: str) -> int:
    """The payment inside an open unit of work (the service and the demo share it); no commit."""
    ensure_open(uow, paid_on, "paid_on")
    item = uow.quotas.item(item_id)  # locked until commit on PostgreSQL
    if item is None:
        raise NotFound("subsidy_item", item_id)
    if item["cancelled_on"] is not None and item["due_date"] > item["cancelled_on"]:
        raise RuleViolation("inclusion_cancelled", N_("The quota inclusion was cancelled; nothing is owed."))
    outstanding = Decimal(item["amount_due"]) - item["paid"]
    check_payment(amount=value, paid_on=paid_on, decision_date=item["decision_date"], today=ctx.today(),
                  outstanding=outstanding, document_number=document_number)
    values = {"subsidy_item_id": item_id, "paid_on": paid_on, "amount": value,
              "document_number": document_number.strip()}
    payment_id = uow.quotas.add_payment({**values, "created_at": ctx.now(), "created_by": ctx.actor.login})
    uow.audit("insert", "payment", payment_id, None, values)
    uow.families.add_event(item["family_id"], "payment", N_("Payment of {amount} recorded, document {number}."),
                           {"amount": str(value), "number": document_number.strip()}, ctx.actor.login, ctx.now())
    return payment_id

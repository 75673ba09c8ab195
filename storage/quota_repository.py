"""Quota plans, inclusions, subsidy schedules, payments and support rules (Core queries).

These records are written with Core statements; the service records each write in the
audit chain through ``uow.audit``. Sums are computed in SQL and come back as Decimal.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain.subsidies import LedgerItem, ScheduleItem, SupportKind, SupportRule, items_to_cancel
from storage import tables

plan_t, inc_t, item_t, pay_t = tables.quota_plan, tables.quota_inclusion, tables.subsidy_item, tables.payment
rule_t, fam_t, per_t = tables.support_rule, tables.family, tables.person
ZERO = Decimal("0")


def head_name_subquery():
    """family_id → the head's full name, for lists: the family row's copy (``storage.family_summary``,
    ``domain.names.full_name`` of the head), not a second spelling of that rule in SQL."""
    return sa.select(fam_t.c.id.label("family_id"), fam_t.c.head_name).subquery()


def _dec(value) -> Decimal:
    return ZERO if value is None else Decimal(value).quantize(Decimal("0.01"))


class QuotaRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- plans ----------------------------------------------------------------------
    def plans(self, year: int) -> list[dict]:
        query = sa.select(plan_t).where(plan_t.c.year == year).order_by(plan_t.c.persons_planned.desc())
        return [row._asdict() for row in self.session.execute(query)]

    def plan(self, year: int, region_code: str, lock: bool = False) -> dict | None:
        """The plan row; ``lock`` holds it until commit so two seats cannot both take the last place."""
        query = sa.select(plan_t).where(plan_t.c.year == year, plan_t.c.region_code == region_code)
        row = self.session.execute(query.with_for_update() if lock else query).first()
        return row._asdict() if row else None

    def plan_years(self) -> list[int]:
        years = set(self.session.scalars(sa.select(plan_t.c.year).distinct()))
        years |= set(self.session.scalars(sa.select(inc_t.c.year).distinct()))
        return sorted(years)

    def save_plan(self, year: int, region_code: str, values: dict, actor: str, now: dt.datetime) -> int:
        existing = self.plan(year, region_code)
        if existing is None:
            result = self.session.execute(plan_t.insert().values(
                year=year, region_code=region_code, created_at=now, created_by=actor, updated_at=now,
                updated_by=actor, **values))
            return result.inserted_primary_key[0]
        self.session.execute(plan_t.update().where(plan_t.c.id == existing["id"]).values(
            updated_at=now, updated_by=actor, version=plan_t.c.version + 1, **values))
        return existing["id"]

    def usage(self, year: int, region_code: str) -> tuple[int, int]:
        row = self.session.execute(sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(inc_t.c.persons_count), 0))
                                   .where(inc_t.c.year == year, inc_t.c.region_code == region_code,
                                          inc_t.c.cancelled_on.is_(None))).one()
        return int(row[0]), int(row[1])

    def quota_plan_vs_fact(self, year: int) -> list[dict]:
        """Per region with a plan or an inclusion: planned and included families/persons."""
        included = (sa.select(inc_t.c.region_code, sa.func.count().label("families_included"),
                              sa.func.sum(inc_t.c.persons_count).label("persons_included"))
                    .where(inc_t.c.year == year, inc_t.c.cancelled_on.is_(None))
                    .group_by(inc_t.c.region_code))
        fact = {row.region_code: row for row in self.session.execute(included)}
        result = []
        plans = {row["region_code"]: row for row in self.plans(year)}
        for code in list(plans) + [c for c in fact if c not in plans]:
            plan, got = plans.get(code), fact.get(code)
            result.append({"region_code": code,
                           "families_planned": plan["families_planned"] if plan else None,
                           "persons_planned": plan["persons_planned"] if plan else None,
                           "families_included": int(got.families_included) if got else 0,
                           "persons_included": int(got.persons_included or 0) if got else 0})
        return result

    # --- inclusions -------------------------------------------------------------------
    def included_years(self, family_id: int) -> list[int]:
        return list(self.session.scalars(sa.select(inc_t.c.year).where(
            inc_t.c.family_id == family_id, inc_t.c.cancelled_on.is_(None))))

    def add_inclusion(self, values: dict) -> int:
        return self.session.execute(inc_t.insert().values(**values)).inserted_primary_key[0]

    def inclusion(self, inclusion_id: int, lock: bool = False) -> dict | None:
        query = sa.select(inc_t).where(inc_t.c.id == inclusion_id)
        row = self.session.execute(query.with_for_update() if lock else query).first()
        return row._asdict() if row else None

    def update_inclusion(self, inclusion_id: int, values: dict, actor: str, now: dt.datetime) -> None:
        self.session.execute(inc_t.update().where(inc_t.c.id == inclusion_id).values(
            updated_at=now, updated_by=actor, version=inc_t.c.version + 1, **values))

    def record_move(self, inclusion_id: int, arrived_on: dt.date, address: str, actor: str, now: dt.datetime) -> bool:
        """Set the move of a live inclusion that has none yet; False when another seat got there first
        (the condition is re-checked by the UPDATE itself, so two seats never both build rent items)."""
        result = self.session.execute(inc_t.update().where(
            inc_t.c.id == inclusion_id, inc_t.c.arrived_on.is_(None), inc_t.c.cancelled_on.is_(None)).values(
            arrived_on=arrived_on, arrived_address=address, updated_at=now, updated_by=actor,
            version=inc_t.c.version + 1))
        return result.rowcount == 1

    def inclusions(self, *, year: int | None = None, region_code: str | None = None,
                   family_id: int | None = None, limit: int = 5000) -> list[dict]:
        heads = head_name_subquery()
        # Paid and owed per inclusion as correlated sums (two index searches per row listed), not
        # as sums grouped over the whole ledger: those read every item and payment of the register
        # (1.6 M items at 1 M persons, seconds) even when the card asks for one family.
        paid = (sa.select(sa.func.sum(pay_t.c.amount)).select_from(item_t)
                .join(pay_t, pay_t.c.subsidy_item_id == item_t.c.id)
                .where(item_t.c.inclusion_id == inc_t.c.id).scalar_subquery())
        owed = sa.select(sa.func.sum(item_t.c.amount_due)).where(item_t.c.inclusion_id == inc_t.c.id).scalar_subquery()
        query = (sa.select(inc_t, fam_t.c.case_number, heads.c.head_name, paid.label("paid"), owed.label("owed"))
                 .join(fam_t, fam_t.c.id == inc_t.c.family_id)
                 .outerjoin(heads, heads.c.family_id == inc_t.c.family_id))
        if year is not None:
            query = query.where(inc_t.c.year == year)
        if region_code:
            query = query.where(inc_t.c.region_code == region_code)
        if family_id is not None:
            query = query.where(inc_t.c.family_id == family_id)
        query = query.order_by(inc_t.c.decision_date.desc(), inc_t.c.id.desc()).limit(limit)
        return [row._asdict() for row in self.session.execute(query)]

    # --- schedule and payments --------------------------------------------------------------
    def add_items(self, inclusion_id: int, items: Iterable[ScheduleItem], actor: str, now: dt.datetime) -> list[int]:
        ids = []
        for item in items:
            ids.append(self.session.execute(item_t.insert().values(
                inclusion_id=inclusion_id, kind=item.kind, period_month=item.period_month, due_date=item.due_date,
                amount_due=item.amount_due, mrp_year=item.mrp_year, mrp_coefficient=item.coefficient,
                persons=item.persons, created_at=now, created_by=actor)).inserted_primary_key[0])
        return ids

    def _paid(self):
        return (sa.select(pay_t.c.subsidy_item_id, sa.func.sum(pay_t.c.amount).label("paid"),
                          sa.func.max(pay_t.c.paid_on).label("last_paid_on"))
                .group_by(pay_t.c.subsidy_item_id).subquery())

    def items(self, inclusion_id: int) -> list[dict]:
        # The inclusion's items joined to their own payments and grouped by item (the primary key:
        # PostgreSQL accepts the item's other columns), not joined to ``_paid()``, which sums every
        # payment of the register before the one inclusion's items are picked.
        query = (sa.select(item_t, sa.func.sum(pay_t.c.amount).label("paid"),
                           sa.func.max(pay_t.c.paid_on).label("last_paid_on"))
                 .outerjoin(pay_t, pay_t.c.subsidy_item_id == item_t.c.id)
                 .where(item_t.c.inclusion_id == inclusion_id).group_by(item_t.c.id)
                 .order_by(item_t.c.due_date, item_t.c.id))
        return [{**row._asdict(), "paid": _dec(row.paid)} for row in self.session.execute(query)]

    def item(self, item_id: int) -> dict | None:
        """The item with its inclusion's dates and what is paid on it, the item row locked until commit.

        Two statements on purpose: the lock first, then the sum. On PostgreSQL a statement that
        waited for the lock still sees what was committed when it started, so a sum read in the
        same statement as ``FOR UPDATE`` would miss the payment of the seat it waited for."""
        row = self.session.execute(
            sa.select(item_t, inc_t.c.decision_date, inc_t.c.cancelled_on, inc_t.c.family_id, inc_t.c.region_code)
            .join(inc_t, inc_t.c.id == item_t.c.inclusion_id)
            .where(item_t.c.id == item_id).with_for_update(of=item_t)).first()
        if row is None:
            return None
        return {**row._asdict(), "paid": self.paid_on(item_id)}

    def paid_on(self, item_id: int) -> Decimal:
        """What is paid on one item (read after the item is locked, see ``item``)."""
        return _dec(self.session.scalar(sa.select(sa.func.sum(pay_t.c.amount))
                                        .where(pay_t.c.subsidy_item_id == item_id)))

    def provisional_items(self, year: int) -> list[dict]:
        """Items falling due in ``year`` that were priced with an earlier year's MRP."""
        paid = self._paid()
        query = (sa.select(item_t, paid.c.paid).outerjoin(paid, paid.c.subsidy_item_id == item_t.c.id)
                 .where(item_t.c.due_date >= dt.date(year, 1, 1), item_t.c.due_date <= dt.date(year, 12, 31),
                        item_t.c.mrp_year < year))
        return [{**row._asdict(), "paid": _dec(row.paid)} for row in self.session.execute(query)]

    def reprice_item(self, item_id: int, amount: Decimal, mrp_year: int) -> None:
        self.session.execute(item_t.update().where(item_t.c.id == item_id).values(amount_due=amount, mrp_year=mrp_year))

    def update_item_amount(self, item_id: int, amount: Decimal, persons: int) -> None:
        self.session.execute(item_t.update().where(item_t.c.id == item_id).values(amount_due=amount, persons=persons))

    def delete_unpaid_items_after(self, inclusion_id: int, day: dt.date) -> list[dict]:
        """Delete the items that stop on ``day`` (the rule is ``domain.subsidies.items_to_cancel``:
        unpaid and falling due after it) and return them as they were, for the audit."""
        rows = {row["id"]: row for row in self.items(inclusion_id)}
        stop = items_to_cancel((LedgerItem(r["id"], r["due_date"], r["paid"]) for r in rows.values()), day)
        dropped = [{k: v for k, v in rows[item.id].items() if k not in ("paid", "last_paid_on")} for item in stop]
        if dropped:
            self.session.execute(item_t.delete().where(item_t.c.id.in_([r["id"] for r in dropped])))
        return dropped

    def relocation_persons_covered(self, family_id: int) -> int:
        """Persons of the family already given relocation support by any inclusion: every relocation
        item still in the ledger counts (paid, or unpaid and not cancelled; cancelled ones are deleted)."""
        return int(self.session.scalar(
            sa.select(sa.func.coalesce(sa.func.sum(item_t.c.persons), 0))
            .join(inc_t, inc_t.c.id == item_t.c.inclusion_id)
            .where(inc_t.c.family_id == family_id, item_t.c.kind == SupportKind.RELOCATION)) or 0)

    def live_inclusion_ids(self, family_id: int) -> list[int]:
        return list(self.session.scalars(sa.select(inc_t.c.id).where(
            inc_t.c.family_id == family_id, inc_t.c.cancelled_on.is_(None)).order_by(inc_t.c.id)))

    def add_payment(self, values: dict) -> int:
        return self.session.execute(pay_t.insert().values(**values)).inserted_primary_key[0]

    def payments(self, inclusion_id: int) -> list[dict]:
        query = (sa.select(pay_t, item_t.c.kind, item_t.c.period_month)
                 .join(item_t, item_t.c.id == pay_t.c.subsidy_item_id)
                 .where(item_t.c.inclusion_id == inclusion_id).order_by(pay_t.c.paid_on, pay_t.c.id))
        return [row._asdict() for row in self.session.execute(query)]

    def outstanding(self, today: dt.date, *, overdue_only: bool, region_code: str | None = None,
                    due_until: dt.date | None = None, limit: int = 2000) -> list[dict]:
        """Items of active inclusions with money still owed, the oldest first."""
        paid = self._paid()
        heads = head_name_subquery()
        left = item_t.c.amount_due - sa.func.coalesce(paid.c.paid, 0)
        query = (sa.select(item_t, paid.c.paid, inc_t.c.family_id, inc_t.c.region_code, inc_t.c.decision_date,
                           inc_t.c.decision_number, fam_t.c.case_number, heads.c.head_name)
                 .outerjoin(paid, paid.c.subsidy_item_id == item_t.c.id)
                 .join(inc_t, inc_t.c.id == item_t.c.inclusion_id)
                 .join(fam_t, fam_t.c.id == inc_t.c.family_id)
                 .outerjoin(heads, heads.c.family_id == inc_t.c.family_id)
                 .where(left > 0, inc_t.c.cancelled_on.is_(None)))
        if overdue_only:
            query = query.where(item_t.c.due_date < today)
        if due_until is not None:
            query = query.where(item_t.c.due_date <= due_until)
        if region_code:
            query = query.where(inc_t.c.region_code == region_code)
        query = query.order_by(item_t.c.due_date, item_t.c.id).limit(limit)
        return [{**row._asdict(), "paid": _dec(row.paid)} for row in self.session.execute(query)]

    def overdue_total(self, today: dt.date) -> Decimal:
        """Money still owed on items of active inclusions that fell due before ``today``, summed in SQL."""
        paid = self._paid()
        left = item_t.c.amount_due - sa.func.coalesce(paid.c.paid, 0)
        query = (sa.select(sa.func.coalesce(sa.func.sum(left), 0))
                 .select_from(item_t).outerjoin(paid, paid.c.subsidy_item_id == item_t.c.id)
                 .join(inc_t, inc_t.c.id == item_t.c.inclusion_id)
                 .where(left > 0, item_t.c.due_date < today, inc_t.c.cancelled_on.is_(None)))
        return _dec(self.session.scalar(query))

    def payment_totals(self, year: int) -> list[dict]:
        """Paid per month and region in ``year`` (payment date), as Decimal."""
        month = sa.extract("month", pay_t.c.paid_on)
        query = (sa.select(month.label("month"), inc_t.c.region_code, sa.func.sum(pay_t.c.amount).label("total"),
                           sa.func.count().label("payments"))
                 .join(item_t, item_t.c.id == pay_t.c.subsidy_item_id)
                 .join(inc_t, inc_t.c.id == item_t.c.inclusion_id)
                 .where(pay_t.c.paid_on >= dt.date(year, 1, 1), pay_t.c.paid_on <= dt.date(year, 12, 31))
                 .group_by(month, inc_t.c.region_code).order_by(month, inc_t.c.region_code))
        return [{"month": int(row.month), "region_code": row.region_code, "total": _dec(row.total),
                 "payments": int(row.payments)} for row in self.session.execute(query)]

    # --- support rules and receiving regions -----------------------------------------------
    def support_rules(self) -> list[SupportRule]:
        rows = self.session.execute(sa.select(rule_t).order_by(rule_t.c.kind, rule_t.c.valid_from))
        return [SupportRule(row.kind, row.valid_from, Decimal(row.mrp_coefficient),
                            Decimal(row.mrp_coefficient_max) if row.mrp_coefficient_max is not None else None,
                            row.months, row.valid_to, row.id) for row in rows]

    def rule_exists(self, kind: str, valid_from: dt.date) -> int | None:
        return self.session.scalar(sa.select(rule_t.c.id).where(rule_t.c.kind == kind,
                                                                rule_t.c.valid_from == valid_from))

    def save_rule(self, rule_id: int | None, values: dict, actor: str, now: dt.datetime) -> int:
        if rule_id is None:
            return self.session.execute(rule_t.insert().values(
                created_at=now, created_by=actor, updated_at=now, updated_by=actor, **values)).inserted_primary_key[0]
        self.session.execute(rule_t.update().where(rule_t.c.id == rule_id).values(
            updated_at=now, updated_by=actor, version=rule_t.c.version + 1, **values))
        return rule_id

    def set_receiving_regions(self, year: int, codes: Iterable[str]) -> tuple[set[str], set[str]]:
        rr = tables.receiving_region
        before = set(self.session.scalars(sa.select(rr.c.region_code).where(rr.c.year == year)))
        after = set(codes)
        if before - after:
            self.session.execute(rr.delete().where(rr.c.year == year, rr.c.region_code.in_(before - after)))
        if after - before:
            self.session.execute(rr.insert(), [{"year": year, "region_code": c} for c in sorted(after - before)])
        return before, after

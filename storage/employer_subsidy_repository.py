"""The employer-subsidy items of the quota ledger, found by their job placement (Core queries)."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain.employer_subsidy import InclusionFact
from domain.subsidies import ScheduleItem
from storage import tables
from storage.quota_repository import _dec

item_t, pay_t, inc_t, jp_t = tables.subsidy_item, tables.payment, tables.quota_inclusion, tables.job_placement


class EmployerSubsidyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def inclusions(self, family_id: int, lock: bool = False) -> list[InclusionFact]:
        query = sa.select(inc_t.c.id, inc_t.c.decision_date, inc_t.c.cancelled_on).where(
            inc_t.c.family_id == family_id)
        if lock:  # a cancellation on another seat waits until this claim is committed
            query = query.with_for_update()
        return [InclusionFact(r.id, r.decision_date, r.cancelled_on) for r in self.session.execute(query)]

    def item_for_placement(self, placement_id: int) -> dict | None:
        """The placement's item with what was paid on it, locked until commit on PostgreSQL.

        The sum is read after the lock, in its own statement (see ``QuotaRepository.item``), so a
        payment committed by the seat this one waited for is counted."""
        row = self.session.execute(sa.select(item_t).where(item_t.c.placement_id == placement_id)
                                   .with_for_update()).first()
        if row is None:
            return None
        paid = self.session.scalar(sa.select(sa.func.sum(pay_t.c.amount)).where(pay_t.c.subsidy_item_id == row.id))
        return {**row._asdict(), "paid": _dec(paid)}

    def amounts_by_placement(self, placement_ids: list[int]) -> dict[int, tuple]:
        """placement id → (amount due, paid) of its employer-subsidy item."""
        if not placement_ids:
            return {}
        # The placements' items joined to their own payments, not to a sum over every payment of
        # the register (the family card asks this for one family's placements).
        query = (sa.select(item_t.c.placement_id, item_t.c.amount_due, sa.func.sum(pay_t.c.amount).label("paid"))
                 .outerjoin(pay_t, pay_t.c.subsidy_item_id == item_t.c.id)
                 .where(item_t.c.placement_id.in_(placement_ids)).group_by(item_t.c.id))
        return {r.placement_id: (_dec(r.amount_due), _dec(r.paid)) for r in self.session.execute(query)}

    def add_item(self, inclusion_id: int, placement_id: int, item: ScheduleItem, actor: str,
                 now: dt.datetime) -> int:
        return self.session.execute(item_t.insert().values(
            inclusion_id=inclusion_id, placement_id=placement_id, kind=item.kind, period_month=item.period_month,
            due_date=item.due_date, amount_due=item.amount_due, mrp_year=item.mrp_year,
            mrp_coefficient=item.coefficient, persons=item.persons, created_at=now,
            created_by=actor)).inserted_primary_key[0]

    def update_item(self, item_id: int, inclusion_id: int, item: ScheduleItem) -> None:
        self.session.execute(item_t.update().where(item_t.c.id == item_id).values(
            inclusion_id=inclusion_id, due_date=item.due_date, amount_due=item.amount_due, mrp_year=item.mrp_year,
            mrp_coefficient=item.coefficient))

    def delete_item(self, item_id: int) -> None:
        self.session.execute(item_t.delete().where(item_t.c.id == item_id))

    def placement(self, placement_id: int, lock: bool = False) -> dict | None:
        query = sa.select(jp_t).where(jp_t.c.id == placement_id)
        row = self.session.execute(query.with_for_update() if lock else query).first()
        return row._asdict() if row else None

    def delete_placement(self, placement_id: int) -> None:
        self.session.execute(jp_t.delete().where(jp_t.c.id == placement_id))

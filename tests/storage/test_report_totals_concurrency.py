"""PostgreSQL: one seat changes a subsidy item's kind while another pays on it; the running totals
file the payment under what the item is once the first seat commits (the payment trigger reads
the item ``FOR SHARE``, so the second seat waits)."""
from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest

from storage import schema, tables as t
from storage.engine import create_engine
from tests.report_totals_check import scan_totals, stored_totals

pytestmark = pytest.mark.postgres
NOW = dt.datetime(2026, 11, 25, 10)
STAMP = {"created_at": NOW, "created_by": "t", "updated_at": NOW, "updated_by": "t", "version": 1}


def _item(db) -> int:
    family = db.execute(t.family.insert().values(case_number="2026-00001", stage="arrived", **STAMP)).inserted_primary_key[0]
    inclusion = db.execute(t.quota_inclusion.insert().values(
        family_id=family, year=2026, region_code="PAVLODAR", decision_date=dt.date(2025, 1, 5), decision_number="Q",
        persons_count=2, **STAMP)).inserted_primary_key[0]
    return db.execute(t.subsidy_item.insert().values(
        inclusion_id=inclusion, kind="relocation", due_date=dt.date(2026, 11, 10), amount_due=Decimal("100.00"),
        mrp_year=2026, mrp_coefficient=Decimal(1), created_at=NOW, created_by="t")).inserted_primary_key[0]


def _pay(db, item: int, amount: str) -> None:
    db.execute(t.payment.insert().values(subsidy_item_id=item, paid_on=dt.date(2026, 11, 20), amount=Decimal(amount),
                                         document_number="x", created_at=NOW, created_by="t"))


@pytest.mark.parametrize("paid_before", [False, True])
def test_a_payment_while_the_item_changes_kind_is_filed_under_the_new_kind(migrated_pg_url, paid_before):
    schema.upgrade(migrated_pg_url)
    engine = create_engine(migrated_pg_url)
    try:
        with engine.begin() as db:
            item = _item(db)
            if paid_before:
                _pay(db, item, "10.00")
        first, second = engine.connect(), engine.connect()
        change = first.begin()
        first.execute(t.subsidy_item.update().where(t.subsidy_item.c.id == item).values(kind="housing"))

        def pay_meanwhile():
            with second.begin():
                _pay(second, item, "5.00")
        seat = threading.Thread(target=pay_meanwhile)
        seat.start()
        seat.join(1.0)
        assert seat.is_alive()  # the payment waits for the item's change
        change.commit()
        seat.join(30)
        first.close()
        second.close()
        with engine.connect() as connection:
            assert stored_totals(connection) == scan_totals(connection)
    finally:
        engine.dispose()

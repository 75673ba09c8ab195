"""The ledger's running totals stay equal to a full scan whatever writes the rows, and the monthly
report's subsidy figures read from them equal the old full-scan query (SQLite file and PostgreSQL)."""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.orm import Session

from storage import schema, tables as t
from storage.engine import create_engine
from storage.report_subsidies import subsidy_figures
from tests.report_totals_check import assert_totals_match, report_periods, scan_subsidies, scan_totals, stored_totals

NOW = dt.datetime(2026, 11, 25, 10, 0)
KINDS = ("relocation_per_member", "housing_monthly", "employer_subsidy")
REGIONS = ("PAVLODAR", "AKMOLA", "ABAI")
MONTHS = [dt.date(2025, 1, 1), dt.date(2025, 12, 1), dt.date(2026, 2, 1), dt.date(2026, 6, 1),
          dt.date(2026, 10, 1), dt.date(2026, 11, 1), dt.date(2027, 3, 1)]


# what the random sequence does, and how often: mostly schedules and payments, sometimes the rest
WRITES = {"family": 3, "item": 6, "items": 4, "pay": 14, "reversal": 2, "delete_payment": 2, "payment_amount": 2,
          "payment_date": 2, "payment_item": 1, "item_amount": 2, "item_due": 2, "item_kind": 1, "delete_item": 2,
          "delete_inclusion": 1, "delete_family": 1, "merge": 1}


def _edit() -> dict:
    return {"created_at": NOW, "created_by": "t", "updated_at": NOW, "updated_by": "t", "version": 1}


def _day(rng: random.Random) -> dt.date:
    return dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(820))  # 2025-01 … 2027-03


def _amount(rng: random.Random, negative: bool = False) -> Decimal:
    value = Decimal(rng.randrange(1, 40_000_000)) / 100
    return -value if negative else value


def _add_family(db, number: int) -> int:
    return db.execute(t.family.insert().values(case_number=f"2026-{number:05d}", stage="arrived",
                                               **_edit())).inserted_primary_key[0]


def _add_inclusion(db, family_id: int, rng: random.Random) -> int:
    return db.execute(t.quota_inclusion.insert().values(
        family_id=family_id, year=2026, region_code=rng.choice(REGIONS), decision_date=dt.date(2025, 1, 5),
        decision_number=f"Q-{family_id}", persons_count=2, **_edit())).inserted_primary_key[0]


def _add_item(db, inclusion_id: int, rng: random.Random) -> int:
    return db.execute(t.subsidy_item.insert().values(
        inclusion_id=inclusion_id, kind=rng.choice(KINDS), due_date=_day(rng), amount_due=_amount(rng),
        mrp_year=2026, mrp_coefficient=Decimal("70"), persons=1, created_at=NOW, created_by="t")
    ).inserted_primary_key[0]


def _add_payment(db, item_id: int, rng: random.Random, negative: bool = False) -> int:
    return db.execute(t.payment.insert().values(
        subsidy_item_id=item_id, paid_on=_day(rng), amount=_amount(rng, negative), document_number="ПП",
        created_at=NOW, created_by="t")).inserted_primary_key[0]


def _ids(db, table) -> list[int]:
    return list(db.scalars(sa.select(table.c.id).order_by(table.c.id)))


def _random_write(db, rng: random.Random, counter: list[int]) -> None:
    """One write of the kinds the application (or anyone with SQL) makes to the ledger."""
    families, inclusions = _ids(db, t.family), _ids(db, t.quota_inclusion)
    items, payments = _ids(db, t.subsidy_item), _ids(db, t.payment)
    si, pay = t.subsidy_item, t.payment
    action = rng.choices(list(WRITES), weights=list(WRITES.values()))[0]
    if action == "family" or not inclusions:
        counter[0] += 1
        _add_inclusion(db, _add_family(db, counter[0]), rng)
    elif action in ("item", "items") or not items:
        for _ in range(1 if action != "items" else rng.randrange(2, 13)):  # a whole schedule at once
            _add_item(db, rng.choice(inclusions), rng)
    elif action == "pay" or (not payments and action != "reversal"):
        _add_payment(db, rng.choice(items), rng)
    elif action == "reversal":  # a correcting entry with a negative amount
        _add_payment(db, rng.choice(items), rng, negative=True)
    elif action == "delete_payment":
        db.execute(pay.delete().where(pay.c.id == rng.choice(payments)))
    elif action == "payment_amount":
        db.execute(pay.update().where(pay.c.id == rng.choice(payments)).values(amount=_amount(rng)))
    elif action == "payment_date":
        db.execute(pay.update().where(pay.c.id == rng.choice(payments)).values(paid_on=_day(rng)))
    elif action == "payment_item":
        db.execute(pay.update().where(pay.c.id == rng.choice(payments)).values(subsidy_item_id=rng.choice(items)))
    elif action == "item_amount":
        db.execute(si.update().where(si.c.id == rng.choice(items)).values(amount_due=_amount(rng)))
    elif action == "item_due":
        db.execute(si.update().where(si.c.id == rng.choice(items)).values(due_date=_day(rng)))
    elif action == "item_kind":
        db.execute(si.update().where(si.c.id == rng.choice(items)).values(kind=rng.choice(KINDS)))
    elif action == "delete_item":  # its payments go by cascade
        db.execute(si.delete().where(si.c.id.in_(rng.sample(items, min(len(items), rng.randrange(1, 4))))))
    elif action == "delete_inclusion":
        db.execute(t.quota_inclusion.delete().where(t.quota_inclusion.c.id == rng.choice(inclusions)))
    elif action == "delete_family":
        db.execute(t.family.delete().where(t.family.c.id == rng.choice(families)))
    elif action == "merge" and len(families) > 1:  # the inclusions of one case move to another
        source, target = rng.sample(families, 2)
        db.execute(t.quota_inclusion.update().where(t.quota_inclusion.c.family_id == source)
                   .values(family_id=target))


@pytest.fixture
def ledger_engine(migrated_db_url):
    schema.upgrade(migrated_db_url)
    engine = create_engine(migrated_db_url)
    yield engine
    engine.dispose()


def test_random_writes_keep_the_totals_equal_to_a_full_scan(ledger_engine):
    rng, counter = random.Random(8), [0]
    for batch in range(6):
        with ledger_engine.begin() as db:
            for _ in range(60):
                _random_write(db, rng, counter)
        assert_totals_match(ledger_engine)
    with ledger_engine.connect() as db:  # a transaction rolled back takes its totals with it
        before = stored_totals(db)
        db.rollback()
        with db.begin() as transaction:
            for _ in range(30):
                _random_write(db, rng, counter)
            transaction.rollback()
        assert stored_totals(db) == before
    with ledger_engine.connect() as db:
        due, paid = scan_totals(db)
    assert len(due) > 20 and len(paid) > 20 and {kind for kind, _month in due} == set(KINDS)


def test_report_figures_from_the_totals_equal_the_full_scan(ledger_engine):
    rng, counter = random.Random(21), [0]
    with ledger_engine.begin() as db:
        for _ in range(250):
            _random_write(db, rng, counter)
        # items and payments on the days that cut a month short (the 1st, the 15th, the 16th)
        inclusion = _ids(db, t.quota_inclusion)[0]
        for day in (dt.date(2026, 11, 1), dt.date(2026, 11, 15), dt.date(2026, 11, 16), dt.date(2026, 10, 31)):
            item = _add_item(db, inclusion, rng)
            db.execute(t.subsidy_item.update().where(t.subsidy_item.c.id == item).values(due_date=day))
            payment = _add_payment(db, item, rng)
            db.execute(t.payment.update().where(t.payment.c.id == payment).values(paid_on=day - dt.timedelta(days=40)))
            payment = _add_payment(db, item, rng)
            db.execute(t.payment.update().where(t.payment.c.id == payment).values(paid_on=day))
    compared = 0
    with Session(ledger_engine) as session:
        for year_start, month_start, end in report_periods(MONTHS):
            expected = scan_subsidies(session.connection(), year_start, month_start, end)
            assert subsidy_figures(session, year_start, month_start, end) == expected, (month_start, end)
            compared += len(expected)
    assert compared > 40


def test_months_must_start_on_the_first(ledger_engine):
    with Session(ledger_engine) as session, pytest.raises(ValueError):
        subsidy_figures(session, dt.date(2026, 1, 1), dt.date(2026, 10, 2), dt.date(2026, 10, 31))


def _totals_revision():
    for script in schema.script_directory().walk_revisions():
        if getattr(script.module, "DUE", None) == "subsidy_due_total":
            return script
    raise AssertionError("no revision creates the running totals")


def test_upgrade_of_a_database_holding_a_ledger_fills_the_totals(any_db_url):
    revision = _totals_revision()
    engine = create_engine(any_db_url)
    try:
        with engine.begin() as connection:
            command.upgrade(schema.alembic_config(connection), revision.down_revision)
        with engine.begin() as db:
            schema.ensure_reference_data(db, NOW)
            rng = random.Random(3)
            for number in range(1, 9):
                inclusion = _add_inclusion(db, _add_family(db, number), rng)
                for _ in range(12):
                    item = _add_item(db, inclusion, rng)
                    for _ in range(rng.randrange(3)):
                        _add_payment(db, item, rng)
        with engine.begin() as connection:
            command.upgrade(schema.alembic_config(connection), revision.revision)
        assert_totals_match(engine)
        with engine.connect() as db:
            assert len(stored_totals(db)[1]) > 10
        with engine.begin() as connection:  # down again: tables and triggers go, the ledger stays writable
            command.downgrade(schema.alembic_config(connection), revision.down_revision)
        with engine.begin() as db:
            assert not {"subsidy_due_total", "subsidy_paid_total"} & set(sa.inspect(db).get_table_names())
            _add_payment(db, _ids(db, t.subsidy_item)[0], random.Random(4))
            db.execute(t.subsidy_item.delete().where(t.subsidy_item.c.id == _ids(db, t.subsidy_item)[1]))
        with engine.begin() as connection:
            command.upgrade(schema.alembic_config(connection), "head")
        assert_totals_match(engine)
    finally:
        engine.dispose()


def _scan_late_payments(db, start: dt.date, end: dt.date) -> list[dict]:
    """Every payment and its item read whole: what ``late_payments`` must count."""
    closed = set(db.scalars(sa.select(t.closed_month.c.month)))
    found: dict[dt.date, dict] = {}
    for due_date, paid_on, amount in db.execute(
            sa.select(t.subsidy_item.c.due_date, t.payment.c.paid_on, t.payment.c.amount)
            .select_from(t.payment).join(t.subsidy_item, t.subsidy_item.c.id == t.payment.c.subsidy_item_id)):
        month = due_date.replace(day=1)
        if start <= paid_on <= end and due_date < start and month in closed:
            entry = found.setdefault(month, {"month": month, "payments": 0, "amount_cents": 0})
            entry["payments"] += 1
            entry["amount_cents"] += int(round(amount * 100))
    return [found[month] for month in sorted(found)]


def test_late_payments_from_the_totals_equal_a_full_scan(ledger_engine):
    """The report's corrections to approved months: a whole month is read from the totals, a month
    cut short from the payments and their items (issue 21); both equal a scan of every payment."""
    from storage.closed_month_repository import ClosedMonthRepository
    rng, counter = random.Random(95), [0]
    every_month = [dt.date(2025 + index // 12, index % 12 + 1, 1) for index in range(27)]  # 2025-01 … 2027-03
    with ledger_engine.begin() as db:
        for _ in range(250):
            _random_write(db, rng, counter)
    with Session(ledger_engine) as session:
        repository = ClosedMonthRepository(session)
        assert all(repository.late_payments(first, end) == [] for _y, first, end in report_periods(every_month))
    with ledger_engine.begin() as db:
        for month in sorted(set(every_month[::2] + every_month[-4:])):  # every other month, the last four
            db.execute(t.closed_month.insert().values(month=month, approved_at=NOW, approved_by="t", language="ru",
                                                      figures_json="{}", register_json="[]", pdf=b"%PDF",
                                                      sha256="0" * 64))
    listed = 0
    with Session(ledger_engine) as session:
        repository = ClosedMonthRepository(session)
        for _year, first, end in report_periods(every_month):
            expected = _scan_late_payments(session.connection(), first, end)
            assert repository.late_payments(first, end) == expected, (first, end)
            listed += sum(entry["payments"] for entry in expected)
    assert listed > 10

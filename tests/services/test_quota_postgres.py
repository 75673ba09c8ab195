"""The inclusion and payment flow on SQLite and on a real PostgreSQL server."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from domain.errors import RuleViolation, ValidationError
from services.quota_dto import InclusionInput
from tests.services.quota_helpers import family_with_status


def test_inclusion_and_payment_flow(db_services):
    services = db_services
    family = family_with_status(services, members=2)
    data = InclusionInput(family, 2026, "PAVLODAR", dt.date(2026, 3, 10), "КВ-1", D("30"),
                          arrived_on=dt.date(2026, 3, 10), arrived_address="Павлодар")  # rent from March
    services.quotas.include_family(data)
    with pytest.raises(RuleViolation):
        services.quotas.include_family(data)
    item = services.quotas.family_quota(family).schedule[1]
    assert item.amount_due == D("129750.00")
    with pytest.raises(ValidationError):
        services.payments.record_payment(item.id, dt.date(2026, 3, 31), D("129750.01"), "ПП-9")
    services.payments.record_payment(item.id, dt.date(2026, 3, 31), D("129750.00"), "ПП-9")
    details = services.quotas.family_quota(family)
    assert details.schedule[1].paid == D("129750.00") and details.payments[0].document_number == "ПП-9"
    totals = services.payments.totals(2026)
    assert totals[0].total == D("129750.00") and isinstance(totals[0].total, D)
    assert services.dashboard.plan_vs_fact([2026])["2026"]["quota"]["PAVLODAR"]["persons_included"] == 2
    overdue = services.payments.outstanding(overdue_only=True)
    assert item.id not in {row.item_id for row in overdue} and len(overdue) == 8


def test_demo_and_dashboard_on_each_database(db_services):
    db_services.demo(families=30, seed=9)
    section = db_services.dashboard.plan_vs_fact()
    assert set(section) >= {"2025", "2026"}
    assert sum(r["persons_included"] for r in section["2026"]["quota"].values()) >= 0
    summary = db_services.dashboard.summary(2026)
    assert summary.payments_total >= 0 and isinstance(summary.payments_total, D)
    assert all(isinstance(row["month"], int) for row in summary.services_per_month)
    assert db_services.adaptation.stays_per_month(2026)


@pytest.mark.postgres
def test_two_seats_cannot_both_take_the_last_places(migrated_pg_url, clock):
    import threading

    from services import AppServices
    from services.database import prepare_database
    engine, _ = prepare_database(migrated_pg_url)
    services = AppServices(engine, clock=clock)
    services.quotas.save_plan(2026, "WEST_KZ", persons_planned=3)
    families = [family_with_status(services, members=2, region="WEST_KZ", surname=name)
                for name in ("Сейітқали", "Омаров")]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def include(family_id: int) -> None:
        barrier.wait()
        try:
            services.quotas.include_family(InclusionInput(family_id, 2026, "WEST_KZ", dt.date(2026, 3, 10),
                                                          f"КВ-{family_id}", D("15")))
            outcomes.append("included")
        except RuleViolation as error:
            outcomes.append(error.rule)

    threads = [threading.Thread(target=include, args=(family,)) for family in families]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    engine.dispose()
    assert sorted(outcomes) == ["included", "over_plan"]

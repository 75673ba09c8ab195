"""Two seats on one PostgreSQL server record the move of the same inclusion at the same instant:
exactly one succeeds, the other gets the "already recorded" refusal, and the rent items exist once."""
from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal as D

import pytest
import sqlalchemy as sa

from domain.errors import RuleViolation
from domain.permissions import Actor, Role
from services import AppServices
from services.database import prepare_database
from services.quota_dto import InclusionInput
from tests.services.quota_helpers import family_with_status

pytestmark = pytest.mark.postgres

ROUNDS = 12


SURNAMES = ("Омаров", "Сейітов", "Қасымов", "Жұмабаев", "Оспанов", "Байжанов", "Төлеуов", "Смағұлов")


def test_two_seats_never_both_record_a_move(migrated_pg_url, clock):
    engine, _ = prepare_database(migrated_pg_url)
    setup = AppServices(engine, clock=clock)
    inclusions = []
    for n in range(ROUNDS):
        family = family_with_status(setup, members=1, surname=SURNAMES[n % len(SURNAMES)])
        inclusions.append(setup.quotas.include_family(InclusionInput(
            family, 2026, "PAVLODAR", dt.date(2026, 3, 10), f"КВ-{n}", D("15"))).id)
    engines = [sa.create_engine(engine.url, pool_size=2) for _ in (1, 2)]
    seats = [AppServices(seat_engine, Actor(None, f"seat{n}", Role.SUPERVISOR), clock=clock)
             for n, seat_engine in enumerate(engines, 1)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    lock = threading.Lock()

    def seat(n: int) -> None:
        for inclusion in inclusions:
            barrier.wait(timeout=60)
            try:
                seats[n].quotas.record_move(inclusion, dt.date(2026, 4, 1 + n), f"Павлодар, {n}")
                outcome = "ok"
            except RuleViolation as error:
                outcome = error.rule
            except Exception as error:  # noqa: BLE001 - counted and shown below
                outcome = repr(error)
            with lock:
                outcomes.append(outcome)

    threads = [threading.Thread(target=seat, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already_moved"] * ROUNDS + ["ok"] * ROUNDS
    with engine.connect() as connection:
        rent = connection.execute(sa.text(
            "SELECT inclusion_id, count(*) FROM subsidy_item WHERE kind = 'housing_monthly' "
            "GROUP BY inclusion_id")).all()
    assert sorted(count for _, count in rent) == [12] * ROUNDS
    for each in (*engines, engine):
        each.dispose()

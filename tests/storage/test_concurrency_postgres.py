"""Two seats on one PostgreSQL server editing the same family: no lost update, no forked audit chain."""
from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from domain.errors import ConflictError
from domain.permissions import Actor, Role
from services import AppServices
from services.database import prepare_database
from services.dto import FamilyFieldsInput

pytestmark = pytest.mark.postgres

ROUNDS = 500  # two edits per round: 1 000 conflicting edits


def _fields(details, address: str) -> FamilyFieldsInput:
    return FamilyFieldsInput(arrival_date=details.arrival_date, origin_country_code=details.origin_country_code,
                             region_code=details.region_code, address=address, phone=details.phone,
                             notes=details.notes)


def test_thousand_conflicting_edits_lose_nothing(migrated_pg_url):
    from tests.services.test_registration import family
    engine, _ = prepare_database(migrated_pg_url)
    setup = AppServices(engine)
    family_id = setup.registration.register_family(family()).id
    seats = [AppServices(sa.create_engine(engine.url, pool_size=2), Actor(None, f"seat{n}", Role.CASE_WORKER,
                                                                          f"Seat {n}")) for n in (1, 2)]
    opened = setup.cases.details(family_id)
    start_version = opened.version
    barrier = threading.Barrier(2)
    results: dict[str, list] = {"ok": [], "conflict": [], "other": []}
    lock = threading.Lock()

    def seat(n: int) -> None:
        services = seats[n]
        for round_no in range(ROUNDS):
            version = services.cases.rows([family_id])[0].version
            barrier.wait(timeout=60)  # both seats opened the same version; now both save
            try:
                saved = services.registration.update_family(family_id, version,
                                                            _fields(opened, f"seat {n} round {round_no}"))
                outcome = ("ok", (version, saved.version))
            except ConflictError as error:
                outcome = ("conflict", error.params["changed_by"])
            except Exception as error:  # noqa: BLE001 - counted and reported below
                outcome = ("other", repr(error))
            with lock:
                results[outcome[0]].append(outcome[1])
            barrier.wait(timeout=60)  # next round starts from the saved state

    threads = [threading.Thread(target=seat, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results["other"] == []
    assert len(results["ok"]) + len(results["conflict"]) == 2 * ROUNDS
    # exactly one of the two saves of each round wins, and each win moves the version by one
    assert len(results["ok"]) == ROUNDS and len(results["conflict"]) == ROUNDS
    assert all(after == before + 1 for before, after in results["ok"])
    assert set(results["conflict"]) <= {"Seat 1", "Seat 2", "seat1", "seat2"}
    final = setup.cases.details(family_id)
    assert final.version == start_version + ROUNDS
    assert sum(1 for e in final.events if e.kind == "edited") == ROUNDS
    verification = setup.audit.verify()
    assert verification.ok, verification
    with engine.connect() as connection:
        forks = connection.scalar(sa.text("SELECT count(*) - count(DISTINCT prev_hash) FROM audit_log"))
    assert forks == 0
    for services in seats:
        services.engine.dispose()
    engine.dispose()

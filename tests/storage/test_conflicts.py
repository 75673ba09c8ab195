"""The second of two overlapping saves is refused naming who saved first and when."""
from __future__ import annotations

import datetime as dt

import pytest

from domain.errors import ConflictError
from domain.permissions import Actor, Role
from i18n import Translator
from services.dto import FamilyFieldsInput
from tests.services.test_registration import family


def _fields(address: str) -> FamilyFieldsInput:
    return FamilyFieldsInput(arrival_date=dt.date(2026, 3, 1), origin_country_code="CN", region_code="PAVLODAR",
                             address=address, phone="", notes="")


def _two_seats(services):
    services.users.create("aigul", Role.CASE_WORKER, "aigul-password", "Айгүл Серікова")
    family_id = services.registration.register_family(family()).id
    first = services.for_actor(Actor(None, "aigul", Role.CASE_WORKER, "Айгүл Серікова"))
    second = services.for_actor(Actor(None, "erlan", Role.CASE_WORKER, "Ерлан"))
    return family_id, first, second


@pytest.fixture
def two_seats(services):
    return _two_seats(services)


@pytest.fixture
def two_seats_on_postgres(migrated_pg_url, clock):
    from services import AppServices
    from services.database import prepare_database
    engine, _ = prepare_database(migrated_pg_url)
    yield _two_seats(AppServices(engine, clock=clock))
    engine.dispose()


def test_stale_version_is_refused_with_name_and_time(two_seats, clock):
    family_id, first, second = two_seats
    opened = second.cases.details(family_id).version
    clock.now = dt.datetime(2026, 11, 25, 14, 30)
    first.registration.update_family(family_id, first.cases.details(family_id).version, _fields("Абай 2"))
    with pytest.raises(ConflictError) as refused:
        second.registration.update_family(family_id, opened, _fields("Абай 3"))
    text = Translator("ru").error(refused.value)
    assert "Айгүл Серікова" in text and "14:30" in text
    assert second.cases.details(family_id).address == "Абай 2"


@pytest.mark.postgres
def test_a_save_overtaken_inside_its_transaction_is_refused_the_same_way(two_seats_on_postgres, clock):
    """The race check_version cannot see: the UPDATE … WHERE version = old matches no row.

    Only PostgreSQL lets another seat commit inside an open write transaction; on SQLite the
    other seat waits for it (next test)."""
    family_id, first, second = two_seats_on_postgres
    with second.ctx.uow() as uow:
        loaded = uow.families.get(family_id)
        loaded.address = "Абай 4"
        clock.now = dt.datetime(2026, 11, 25, 15, 45)
        first.registration.update_family(family_id, None, _fields("Абай 5"))  # commits meanwhile
        with pytest.raises(ConflictError) as refused:
            uow.commit()
    assert refused.value.params["changed_by"] == "Айгүл Серікова"
    assert refused.value.params["changed_at"] == dt.datetime(2026, 11, 25, 15, 45)
    assert first.cases.details(family_id).address == "Абай 5"


def test_on_sqlite_a_second_save_waits_for_an_open_write_transaction(two_seats):
    """A unit of work that may write begins with BEGIN IMMEDIATE: another seat's save waits for
    its commit instead of slipping in between its read and its write, then saves on top of it."""
    import threading
    family_id, first, second = two_seats
    with second.ctx.uow() as uow:
        uow.families.get(family_id).address = "Абай 4"
        uow.flush()
        other = threading.Thread(target=first.registration.update_family,
                                 args=(family_id, None, _fields("Абай 5")))
        other.start()
        other.join(1.0)
        assert other.is_alive()  # waiting for the write lock
        uow.commit()
    other.join(30)
    assert not other.is_alive()
    details = first.cases.details(family_id)
    assert details.address == "Абай 5" and details.version == 3

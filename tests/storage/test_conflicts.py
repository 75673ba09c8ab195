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


@pytest.fixture
def two_seats(services):
    services.users.create("aigul", Role.CASE_WORKER, "aigul-password", "Айгүл Серікова")
    family_id = services.registration.register_family(family()).id
    first = services.for_actor(Actor(None, "aigul", Role.CASE_WORKER, "Айгүл Серікова"))
    second = services.for_actor(Actor(None, "erlan", Role.CASE_WORKER, "Ерлан"))
    return family_id, first, second


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


def test_a_save_overtaken_inside_its_transaction_is_refused_the_same_way(two_seats, clock):
    """The race check_version cannot see: the UPDATE … WHERE version = old matches no row."""
    family_id, first, second = two_seats
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

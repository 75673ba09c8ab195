"""Registering and editing families through the real services on a real SQLite file."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from domain.errors import ConflictError, PermissionDenied, RuleViolation, ValidationError
from domain.permissions import Actor, Role
from domain.stages import Stage
from services.dto import FamilyFieldsInput, FamilyInput, PersonInput, StatusInput
from services.registration import PossibleDuplicateError


def head(**overrides) -> PersonInput:
    values = dict(surname="Қасымова", given_name="Нұрлан", patronymic="Серікқызы", relation="head",
                  birth_date=dt.date(1987, 10, 8), sex="F", iin="871008401427")
    values.update(overrides)
    return PersonInput(**values)


def family(*members: PersonInput, **overrides) -> FamilyInput:
    values = dict(members=members or (head(),), arrival_date=dt.date(2026, 3, 1), origin_country_code="CN",
                  region_code="Павлодарская область", address="Павлодар, Абай көшесі 1", phone="+7 701 000 00 00")
    values.update(overrides)
    return FamilyInput(**values)


def _count(engine, table: str) -> int:
    with engine.connect() as connection:
        return connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()


def test_register_family_with_members(services, engine):
    result = services.registration.register_family(family(
        head(), PersonInput("Қасымов", "Ерлан", relation="spouse", birth_date=dt.date(1985, 1, 2), sex="M"),
        PersonInput("Қасымов", "Әлібек", relation="child", birth_date=dt.date(2015, 6, 1), sex="M")))
    assert result.case_number == "2026-00001"
    details = services.cases.details(result.id)
    assert details.region_code == "PAVLODAR"
    assert [m.relation for m in details.members] == ["head", "spouse", "child"]
    assert details.created_by == "system"
    assert details.events[0].kind == "registered"
    assert _count(engine, "audit_log") >= 4


def test_bad_input_names_every_field_and_writes_nothing(services, engine):
    bad = family(head(iin="821214240092"), PersonInput("", "Ерлан", relation="spouse",
                                                       birth_date=dt.date(2030, 1, 1)),
                 region_code="Марс")
    with pytest.raises(ValidationError) as caught:
        services.registration.register_family(bad)
    fields = {p.field for p in caught.value.problems}
    assert {"members.0.iin", "members.1.surname", "members.1.birth_date", "region_code"} <= fields
    assert _count(engine, "family") == 0
    assert _count(engine, "person") == 0
    assert _count(engine, "audit_log") == 0


def test_iin_is_unique_when_present(services):
    services.registration.register_family(family())
    with pytest.raises(ValidationError) as caught:
        services.registration.register_family(family(head(surname="Другая", given_name="Айгүл")))
    assert caught.value.field == "members.0.iin"
    assert caught.value.params["case_number"] == "2026-00001"


def test_iin_mismatch_is_saved_with_a_warning(services):
    result = services.registration.register_family(family(head(birth_date=dt.date(1987, 10, 9))))
    assert [w.field for w in result.warnings] == ["members.0.iin"]


def test_same_name_and_birth_date_asks_for_confirmation_then_lands_in_review(services, engine):
    services.registration.register_family(family(head(iin=None)))
    twin = family(head(iin=None, surname="Касымова", given_name="Nurlan"))
    hints = services.registration.find_duplicates(twin)
    assert hints and hints[0].reason == "same_name_and_birth_date"
    with pytest.raises(PossibleDuplicateError):
        services.registration.register_family(twin)
    assert _count(engine, "family") == 1
    services.registration.register_family(twin, confirm_duplicates=True)
    assert services.info.summary()["counts"]["open_duplicates"] == 1


def test_search_finds_every_spelling_and_iin_and_case_number(services):
    services.registration.register_family(family(head(surname="Сейітқали", given_name="Нұрлан")))
    services.registration.register_family(family(head(surname="Омаров", given_name="Бауыржан", iin=None,
                                                      sex="M")))
    for text in ("nurlan", "нурлан", "Нұрлан", "NURLAN", "seitkali nur", "сейиткали", "8710", "2026-00001"):
        ids = services.cases.search(text)
        assert len(ids) == 1, text
        assert services.cases.rows(ids)[0].head_name.startswith("Сейітқали")
    assert services.cases.search("Жоқ") == []
    assert len(services.cases.search("")) == 2


def test_registry_sorts_names_in_kazakh_order(services):
    for surname, iin in (("Ұлықбек", None), ("Улы", None), ("Әбіш", None), ("Ахмет", None)):
        services.registration.register_family(family(head(surname=surname, iin=iin)))
    ids = services.cases.search("", sort="name")
    assert [r.head_name.split()[0] for r in services.cases.rows(ids)] == ["Ахмет", "Әбіш", "Улы", "Ұлықбек"]


def test_edit_with_stale_version_is_refused_with_who_and_when(services, clock):
    result = services.registration.register_family(family())
    first = services.cases.details(result.id)
    clock.now += dt.timedelta(minutes=5)
    services.registration.update_family(result.id, first.version, FamilyFieldsInput(
        arrival_date=first.arrival_date, region_code="ABAI", address="Семей"))
    with pytest.raises(ConflictError) as caught:
        services.registration.update_family(result.id, first.version, FamilyFieldsInput(region_code="AKMOLA"))
    assert caught.value.params["changed_by"] == "system"
    assert caught.value.params["changed_at"] == dt.datetime(2026, 11, 25, 10, 5)
    assert services.cases.details(result.id).region_code == "ABAI"


def test_stage_change_is_checked_and_lands_on_the_timeline(services):
    result = services.registration.register_family(family())
    version = services.cases.details(result.id).version
    with pytest.raises(RuleViolation):
        services.registration.change_stage(result.id, version, Stage.SETTLED)
    services.registration.change_stage(result.id, version, Stage.STATUS_PENDING)
    events = services.cases.details(result.id).events
    assert events[0].kind == "stage" and events[0].params["new"] == Stage.STATUS_PENDING


def test_members_can_be_added_edited_and_removed(services):
    result = services.registration.register_family(family())
    added = services.registration.add_member(result.id, PersonInput("Қасымов", "Dauren", relation="child",
                                                                    birth_date=dt.date(2012, 2, 2)))
    person = [m for m in services.cases.details(result.id).members if m.id == added.id][0]
    services.registration.update_member(added.id, person.version, PersonInput(
        "Қасымов", "Дәурен", relation="child", birth_date=dt.date(2012, 2, 2)))
    assert services.cases.search("daur") == [result.id]
    head_id = services.cases.details(result.id).members[0].id
    with pytest.raises(RuleViolation):
        services.registration.remove_member(head_id, None)
    services.registration.remove_member(added.id, None)
    assert len(services.cases.details(result.id).members) == 1


def test_granted_status_is_valid_for_the_configured_year(services):
    result = services.registration.register_family(family())
    person_id = services.cases.details(result.id).members[0].id
    services.registration.add_status(person_id, StatusInput(channel="egov", applied_on=dt.date(2026, 3, 2),
                                                            decision="granted", granted_on=dt.date(2026, 3, 10)))
    status = services.cases.details(result.id).members[0].statuses[0]
    assert status.valid_until == dt.date(2027, 3, 9)


def test_read_only_user_cannot_register(services):
    reader = services.for_actor(Actor(5, "auditor", Role.READ_ONLY))
    with pytest.raises(PermissionDenied):
        reader.registration.register_family(family())
    assert reader.cases.search("") == []

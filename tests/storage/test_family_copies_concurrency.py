"""Two seats on PostgreSQL write the same family at once: the head and member-count copies stay true.

Under READ COMMITTED an UPDATE that waited for a row writes what its subqueries saw before the
wait; ``storage.family_summary`` locks the family rows first. Each order of the two writers is
run with the second one really waiting on the first (checked), then the copies are compared
with the persons."""
from __future__ import annotations

import datetime as dt
import threading

import pytest
import sqlalchemy as sa

from domain.names import full_name
from services import AppServices
from services.database import prepare_database
from services.dto import FamilyInput, PersonInput

pytestmark = pytest.mark.postgres
BIRTH = dt.date(1987, 10, 8)


def _seat(url):
    engine, _ = prepare_database(url)
    clock = {"now": dt.datetime(2026, 11, 25, 10, 0)}
    services = AppServices(engine, clock=lambda: clock["now"])
    family = services.registration.register_family(FamilyInput(members=(
        PersonInput("Қасымов", "Нұрлан", "Серікұлы", relation="head", birth_date=BIRTH, sex="M"),
        PersonInput("Қасымов", "Әлібек", relation="child", birth_date=dt.date(2015, 6, 1), sex="M")),
        arrival_date=dt.date(2026, 1, 10), origin_country_code="UZ", region_code="ABAI"), confirm_duplicates=True)
    clock["now"] = dt.datetime(2026, 11, 25, 11, 0)
    return engine, services, family.id, clock


def _import_member(uow, family_id, now):
    """What the import's writer does for a row joining a family already registered."""
    batch = uow.imports.create_batch("r.xlsx", "x" * 64, "Sheet1", "admin", now)
    uow.imports.insert_persons([{
        "family_id": family_id, "relation": "spouse", "surname": "Қасымова", "given_name": "Дана",
        "patronymic": "", "latin_name": "", "birth_date": dt.date(1990, 1, 1), "sex": "F", "iin": None,
        "citizenship_code": None, "search_key": "kasymova dana", "sort_key": "kasymova dana",
        "created_at": now, "created_by": "admin", "updated_at": now, "updated_by": "admin", "version": 1,
        "import_batch_id": batch}])


def _rename_head(services, family_id):
    head = services.cases.details(family_id).members[0]
    services.registration.update_member(head.id, head.version, PersonInput(
        "Әбдіков", "Нұрлан", "", relation="head", birth_date=BIRTH, sex="M"))


def _copies_and_truth(engine, family_id):
    with engine.connect() as connection:
        stored = connection.execute(sa.text("SELECT head_name, member_count FROM family WHERE id = :f"),
                                    {"f": family_id}).one()
        persons = connection.execute(sa.text("SELECT surname, given_name, patronymic, relation FROM person "
                                             "WHERE family_id = :f ORDER BY id"), {"f": family_id}).all()
    head = next(full_name(s, g, p) for s, g, p, relation in persons if relation == "head")
    return tuple(stored), (head, len(persons))


@pytest.mark.parametrize("first", ["import", "edit"])
def test_an_import_and_a_head_rename_of_the_same_family_both_count(migrated_pg_url, first):
    engine, services, family_id, clock = _seat(migrated_pg_url)
    try:
        if first == "import":
            uow = services.ctx.uow().__enter__()
            _import_member(uow, family_id, clock["now"])
            second = threading.Thread(target=_rename_head, args=(services, family_id))
        else:
            uow = services.ctx.uow().__enter__()
            person = uow.families.get_person(services.cases.details(family_id).members[0].id)
            person.surname, person.patronymic = "Әбдіков", ""
            uow.flush()

            def import_in_its_own_transaction():
                with services.ctx.uow() as other:
                    _import_member(other, family_id, clock["now"])
                    other.session.commit()
            second = threading.Thread(target=import_in_its_own_transaction)
        second.start()
        second.join(1.0)
        assert second.is_alive()  # the second writer waits for the family row
        uow.session.commit()
        uow.__exit__(None, None, None)
        second.join(30)
        assert not second.is_alive()
        stored, truth = _copies_and_truth(engine, family_id)
        assert stored == truth == ("Әбдіков Нұрлан", 3)
    finally:
        engine.dispose()

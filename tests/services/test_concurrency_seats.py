"""Several seats (real processes) doing the same check-then-write at the same instant.

On a real SQLite file and a real PostgreSQL database, every seat is a separate process
(``tests/services/seat_pool.py``) released by one barrier. Whatever the order the database
lets them in, the counts must hold: never more paid than due, never a duplicate family or case
number, never a place over the plan, and every seat that is refused gets a domain error (a
sentence), never a raw database error. Each test runs a few rounds.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal as D

import openpyxl
import pytest
import sqlalchemy as sa

from domain.iin import Iin
from services.dto import FamilyInput, PersonInput, StatusInput
from services.quota_dto import InclusionInput
from tests.services.quota_helpers import family_with_status
from tests.services.seat_pool import SeatPool

ROUNDS = 3
SEATS = 5


@pytest.fixture(scope="module")
def seats():
    pool = SeatPool(6)
    yield pool
    pool.stop()


@pytest.fixture
def db(migrated_db_url, clock, seats):
    """(url, the parent's services) on a fresh database; the seats let go of it afterwards."""
    from services import AppServices
    from services.database import prepare_database
    engine, _ = prepare_database(migrated_db_url)
    yield migrated_db_url, AppServices(engine, clock=clock), engine
    seats.release(migrated_db_url)
    engine.dispose()


def _no_raw_errors(outcomes):
    raw = [o for o in outcomes if o.kind == "raw"]
    assert not raw, f"a seat got a raw error: {raw}"


def _scalar(engine, sql: str, **params):
    with engine.connect() as connection:
        return connection.execute(sa.text(sql), params).scalar()


def test_seats_paying_one_item_at_once_never_pay_more_than_due(db, seats):
    url, services, engine = db
    services.quotas.save_plan(2026, "PAVLODAR", persons_planned=100)
    family = family_with_status(services, members=2)
    services.quotas.include_family(InclusionInput(family, 2026, "PAVLODAR", dt.date(2026, 3, 10), "КВ-1", D("30")))
    items = services.quotas.family_quota(family).schedule[1:1 + ROUNDS]
    for number, item in enumerate(items):
        part = (item.amount_due * D("0.4")).quantize(D("0.01"))  # two parts fit, a third does not
        outcomes = seats.round(url, "pay", [(item.id, str(part), f"ПП-{number}-{seat}") for seat in range(SEATS)])
        _no_raw_errors(outcomes)
        assert sorted(o.kind for o in outcomes) == ["ok"] * 2 + ["refused"] * (SEATS - 2), outcomes
        assert {o.error for o in outcomes if o.kind == "refused"} == {"ValidationError"}
        paid = _scalar(engine, "SELECT sum(amount) FROM payment WHERE subsidy_item_id = :i", i=item.id)
        assert D(paid) == 2 * part <= item.amount_due


def _iin(birth: dt.date, sex: str, serial: int) -> str:
    """A valid IIN (some serials give no valid check digit: take the next one)."""
    while (built := Iin.build(birth, sex, serial)) is None:
        serial += 1
    return built.value


def test_paying_an_employer_subsidy_while_its_placement_is_deleted_loses_no_payment(db, seats):
    """The claim is withdrawn only while nothing is paid: the withdrawal locks the item and then
    reads what is paid. Read in the same statement, a withdrawal that waited for a payment kept
    "nothing paid", deleted the item and, by the cascade, the payment with it (PostgreSQL)."""
    from tests.services.test_employer_subsidy import employer_items, included_family, place
    url, services, engine = db
    for round_no in range(ROUNDS):
        family, head = included_family(services)
        placement = place(services, head).id
        [item] = employer_items(services, family)
        part = (item.amount_due * D("0.1")).quantize(D("0.01"))
        actions = ["pay", "delete_placement", "pay", "delete_placement", "pay"]
        args = [(item.id, str(part), f"ПП-{round_no}-{seat}") if action == "pay" else (placement,)
                for seat, action in enumerate(actions)]
        outcomes = seats.round(url, actions, args)
        _no_raw_errors(outcomes)
        paid_ok = sum(1 for o, action in zip(outcomes, actions) if action == "pay" and o.kind == "ok")
        stored = _scalar(engine, "SELECT count(*) FROM payment WHERE subsidy_item_id = :i", i=item.id)
        placements = _scalar(engine, "SELECT count(*) FROM job_placement WHERE id = :p", p=placement)
        assert stored == paid_ok, outcomes  # every accepted payment is still there
        assert placements == (1 if paid_ok else 0), outcomes  # a paid claim's placement stays


def _person(surname: str, given: str, birth: dt.date, sex: str, serial: int, relation: str = "head"):
    return PersonInput(surname, given, relation=relation, birth_date=birth, sex=sex,
                       iin=_iin(birth, sex, serial))


def test_seats_registering_at_once_get_distinct_case_numbers_and_one_iin_once(db, seats):
    url, services, engine = db
    surnames = ["Омаров", "Сейітқали", "Жұмабаев", "Қасымов", "Әбдіков", "Нұрланов"]
    serial = 100
    for round_no in range(ROUNDS):
        families = []
        for seat in range(6):  # every seat registers a family of its own
            serial += 1
            birth = dt.date(1970 + round_no, 1 + seat, 1 + seat)
            families.append((FamilyInput(members=(_person(surnames[seat], "Нұрлан", birth, "M", serial),),
                                         arrival_date=dt.date(2026, 1, 10), region_code="ABAI"),))
        outcomes = seats.round(url, "register", families)
        _no_raw_errors(outcomes)
        assert [o.kind for o in outcomes] == ["ok"] * 6, outcomes
        # every seat registers the same person: one case, five refusals naming the case
        serial += 1
        same = FamilyInput(members=(_person("Бекұлы", "Ерлан", dt.date(1980, 5, 5 + round_no), "M", serial),),
                           arrival_date=dt.date(2026, 1, 10), region_code="ABAI")
        outcomes = seats.round(url, "register", [(same,)] * 6)
        _no_raw_errors(outcomes)
        assert sorted(o.kind for o in outcomes) == ["ok"] + ["refused"] * 5, outcomes
        assert {(o.error, o.rule) for o in outcomes if o.kind == "refused"} == {("ValidationError", "members.0.iin")}
    with engine.connect() as connection:
        numbers = [row[0] for row in connection.execute(sa.text("SELECT case_number FROM family"))]
        iins = [row[0] for row in connection.execute(sa.text("SELECT iin FROM person"))]
    assert len(numbers) == ROUNDS * 7 and len(set(numbers)) == len(numbers)
    assert sorted(numbers) == [f"2026-{n:05d}" for n in range(1, len(numbers) + 1)]  # no gaps, no doubles
    assert not [iin for iin, count in Counter(iins).items() if count > 1]


def _register_file(path, round_no: int, families: int = 20, surname: str = "Сейітқали", serial: int = 1000):
    """A clean register of ``families`` two-person families; every other family without IINs, so
    the duplicate look-up by name and birth date is exercised as well as the one by IIN."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["№", "№ семьи", "Фамилия", "Имя", "Отчество", "ИИН", "Дата рождения", "Пол", "Родство",
                  "Дата прибытия", "Страна", "Область"])
    row = 0
    for family in range(families):
        head_birth = dt.date(1960 + family, 1 + round_no, 3)
        child_birth = dt.date(1990 + family, 1 + round_no, 5)
        with_iin = family % 2 == 0
        for member, (given, birth, sex, relation) in enumerate(((
                "Нұрлан", head_birth, "M", "глава"), ("Айгүл", child_birth, "F", "ребенок"))):
            row += 1
            iin = _iin(birth, sex, serial + family * 2 + member) if with_iin else None
            sheet.append([row, family + 1 if member == 0 else None, surname, given, "", iin, birth,
                          "М" if sex == "M" else "Ж", relation, dt.date(2025, 6, 1), "Китай", "Абай"])
    book.save(path)
    return path


def test_the_same_register_imported_on_two_seats_at_once_is_written_once(db, seats, tmp_path):
    url, services, engine = db
    for round_no in range(ROUNDS):
        path = _register_file(tmp_path / f"register-{round_no}.xlsx", round_no)
        outcomes = seats.round(url, "import_register", [(str(path),)] * 2)
        _no_raw_errors(outcomes)
        assert [o.kind for o in outcomes] == ["ok", "ok"], outcomes
        # one seat wrote the 20 families; the other waited, then found every row already there
        assert sorted(o.value for o in outcomes) == [(0, 0, 40), (40, 20, 0)], outcomes
    families = _scalar(engine, "SELECT count(*) FROM family")
    doubled = _scalar(engine, "SELECT count(*) FROM (SELECT search_key, birth_date FROM person "
                              "GROUP BY search_key, birth_date HAVING count(*) > 1) AS twice")
    numbers = _scalar(engine, "SELECT count(DISTINCT case_number) FROM family")
    assert families == numbers == ROUNDS * 20 and doubled == 0


def test_two_registers_imported_on_two_seats_at_once_both_land_whole(db, seats, tmp_path):
    """Two different registers of 60 rows (over the row count from which a server takes them by
    COPY with ids from its sequences) at the same instant: both are written, every id, case
    number and search token belongs to the person and family it was written for."""
    url, services, engine = db
    for round_no in range(ROUNDS):
        paths = [(str(_register_file(tmp_path / f"{name}-{round_no}.xlsx", round_no, 30, name, serial)),)
                 for name, serial in (("Сейітқали", 1000), ("Жұмабаев", 5000))]
        outcomes = seats.round(url, "import_register", paths)
        _no_raw_errors(outcomes)
        assert [o.value for o in outcomes] == [(60, 30, 0), (60, 30, 0)], outcomes
    with engine.connect() as connection:
        people = connection.execute(sa.text(
            "SELECT p.id, p.family_id, p.surname, p.iin, f.head_sort_key, f.import_batch_id, p.import_batch_id "
            "FROM person p JOIN family f ON f.id = p.family_id")).all()
        tokens = connection.execute(sa.text(
            "SELECT token, person_id, family_id, head_sort_key FROM person_search_token")).all()
        numbers = [row[0] for row in connection.execute(sa.text("SELECT case_number FROM family"))]
    assert len(people) == 2 * 60 * ROUNDS and len(numbers) == 2 * 30 * ROUNDS
    assert sorted(numbers) == [f"2026-{n:05d}" for n in range(1, len(numbers) + 1)]
    assert all(family_batch == person_batch for *_, family_batch, person_batch in people)
    # a family holds one register's surname: no person landed in the other seat's family
    surnames = {}
    for _, family_id, surname, *_rest in people:
        surnames.setdefault(family_id, set()).add(surname)
    assert all(len(names) == 1 for names in surnames.values())
    by_person = {person_id: (family_id, key, iin) for person_id, family_id, _, iin, key, *_ in people}
    assert {person_id for _, person_id, *_ in tokens} == set(by_person)
    for token, person_id, family_id, key in tokens:
        assert (family_id, key) == by_person[person_id][:2], token
    iin_tokens = {person_id for token, person_id, *_ in tokens if token.startswith("#")}
    assert iin_tokens == {person_id for person_id, (_, _, iin) in by_person.items() if iin}
    # the ids the imports gave came from the tables' own sequences: the next registration's are free
    assert family_with_status(services, members=2, surname="Омаров")


def test_seats_including_into_a_plan_with_one_place_left_take_it_once(db, seats):
    url, services, engine = db
    regions = ["AKMOLA", "KOSTANAY", "NORTH_KZ"][:ROUNDS]
    for region in regions:
        services.quotas.save_plan(2026, region, persons_planned=3)
        first = family_with_status(services, members=2, region=region, surname="Омаров")
        services.quotas.include_family(InclusionInput(first, 2026, region, dt.date(2026, 3, 10), "КВ-0", D("30")))
        candidates = [family_with_status(services, members=1, region=region, surname=name)
                      for name in ("Сейітқали", "Жұмабаев", "Қасымов", "Әбдіков", "Нұрланов")[:SEATS]]
        outcomes = seats.round(url, "include", [(InclusionInput(family, 2026, region, dt.date(2026, 3, 10),
                                                                f"КВ-{family}", D("30")),)
                                                for family in candidates])
        _no_raw_errors(outcomes)
        assert sorted(o.kind for o in outcomes) == ["ok"] + ["refused"] * (SEATS - 1), outcomes
        assert {o.rule for o in outcomes if o.kind == "refused"} == {"over_plan"}
        persons = _scalar(engine, "SELECT sum(persons_count) FROM quota_inclusion WHERE year = 2026 "
                                  "AND region_code = :r AND cancelled_on IS NULL", r=region)
        assert persons == 3


def test_seats_admitting_to_an_education_line_with_one_place_left_take_it_once(db, seats):
    url, services, engine = db
    families = [family_with_status(services, members=1 + ROUNDS, surname=name, granted_on=None)
                for name in ("Сейітқали", "Жұмабаев", "Қасымов", "Әбдіков", "Нұрланов", "Омаров")[:SEATS + 1]]
    members = [services.cases.details(family).members for family in families]
    for round_no in range(ROUNDS):
        # 50 state-order places: 2 for kandas (4 %); applicants need a status valid on the application date
        line = services.education.save_line(2026, "university", "Торайғыров университеті", f"Топ {round_no}", 50).id
        for family_members in members:
            services.registration.add_status(family_members[1 + round_no].id, StatusInput(
                applied_on=dt.date(2026, 1, 20), decision="granted", granted_on=dt.date(2026, 2, 1), channel="egov",
                certificate_number=f"KD-{round_no}"))
        already = members[SEATS][1 + round_no].id
        services.education.apply(already, 2026, line, dt.date(2026, 7, 1), "admitted", dt.date(2026, 8, 1))
        outcomes = seats.round(url, "admit", [(members[seat][1 + round_no].id, line) for seat in range(SEATS)])
        _no_raw_errors(outcomes)
        assert sorted(o.kind for o in outcomes) == ["ok"] + ["refused"] * (SEATS - 1), outcomes
        assert {o.rule for o in outcomes if o.kind == "refused"} == {"education_quota_full"}
        admitted = _scalar(engine, "SELECT count(*) FROM education_application WHERE education_quota_id = :l "
                                   "AND result = 'admitted'", l=line)
        assert admitted == 2


def test_seats_saving_the_same_inclusion_version_at_once_save_it_once(db, seats):
    """Optimistic locking of rows written with Core: the row is read with its lock, so of the seats
    that opened the same version exactly one saves and the others are told who changed it."""
    url, services, engine = db
    family = family_with_status(services, members=3)
    inclusion = services.quotas.include_family(InclusionInput(family, 2026, "PAVLODAR", dt.date(2026, 3, 10),
                                                              "КВ-1", D("30"))).id
    for round_no in range(ROUNDS):
        version = _scalar(engine, "SELECT version FROM quota_inclusion WHERE id = :i", i=inclusion)
        outcomes = seats.round(url, "amend", [(inclusion, 2 + (seat + round_no) % 2, f"КВ-{round_no}-{seat}",
                                               version) for seat in range(4)])
        _no_raw_errors(outcomes)
        assert sorted(o.kind for o in outcomes) == ["ok"] + ["refused"] * 3, outcomes
        assert {o.error for o in outcomes if o.kind == "refused"} == {"ConflictError"}
        saved = next(o.value for o in outcomes if o.kind == "ok")
        stored = _scalar(engine, "SELECT decision_number FROM quota_inclusion WHERE id = :i", i=inclusion)
        assert stored == saved
        assert _scalar(engine, "SELECT version FROM quota_inclusion WHERE id = :i", i=inclusion) == version + 1

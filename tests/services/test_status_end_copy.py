"""The family's copy of its members' earliest current status end (``family.status_valid_until``,
``storage.family_summary``) stays equal to a recount from the status rows, whatever happens to
the statuses and the persons: statuses added (granted, pending, refused; back-dated so that they
have expired), decided, extended, ended (also back-dated), members added and removed, a person
merged into another case (alone or with their household) and the merge undone. The recount is
``domain.case_due.status_valid_until``, the family card's rule, over every status row."""
from __future__ import annotations

import datetime as dt
import itertools

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings, strategies as st

from domain.case_due import StatusSpan, status_valid_until
from domain.errors import DomainError
from domain.search import FamilyFilter, StatusFilter
from services.dto import FamilyInput, PersonInput, StatusInput
from services.records_dto import DecisionInput, ExtensionInput, StatusEndInput
from tests.copy_recounts import as_date, letters

TODAY = dt.date(2026, 11, 25)  # tests/conftest.py's FIXED_NOW
_names = itertools.count(1)


def recount(engine) -> dict[int, dt.date | None]:
    """family id → the earliest current status end of its members, from the status rows."""
    with engine.connect() as connection:
        families = {family_id: [] for (family_id,) in connection.execute(sa.text("SELECT id FROM family"))}
        for family_id, person_id, decision, until, ended in connection.execute(sa.text(
                "SELECT p.family_id, s.person_id, s.decision, s.valid_until, s.ended_on "
                "FROM kandas_status s JOIN person p ON p.id = s.person_id")):
            families[family_id].append(StatusSpan(person_id, decision, as_date(until), as_date(ended)))
    return {family_id: status_valid_until(spans) for family_id, spans in families.items()}


def stored(engine) -> dict[int, dt.date | None]:
    with engine.connect() as connection:
        return {family_id: as_date(day) for family_id, day in connection.execute(
            sa.text("SELECT id, status_valid_until FROM family"))}


def assert_copy_exact(services, engine) -> None:
    expected = recount(engine)
    assert stored(engine) == expected
    ids = sorted(expected)
    # what the registry shows: its rows and the "status valid until" sort
    assert {row.family_id: row.status_valid_until for row in services.cases.rows(ids)} == expected
    with_end = sorted((day, family_id) for family_id, day in expected.items() if day is not None)
    without = sorted(family_id for family_id, day in expected.items() if day is None)
    assert services.cases.search(FamilyFilter(), "status_valid_until") == [i for _, i in with_end] + without
    soon = {i for i, day in expected.items() if day is not None and TODAY <= day <= TODAY + dt.timedelta(days=30)}
    assert set(services.cases.search(FamilyFilter(status=StatusFilter.EXPIRING, today=TODAY))) == soon


def _register(services, surname: str, birth: dt.date) -> int:
    return services.registration.register_family(FamilyInput(
        members=(PersonInput(surname, "Нұрлан", relation="head", birth_date=birth, sex="M"),
                 PersonInput(surname, "Әлібек", relation="child", birth_date=dt.date(2015, 6, 1), sex="M")),
        arrival_date=dt.date(2024, 1, 10), origin_country_code="UZ", region_code="ABAI"),
        confirm_duplicates=True).id


def _persons(engine, families: set[int]) -> list[tuple[int, int, str]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(
            sa.select(sa.text("id, family_id, relation")).select_from(sa.text("person"))
            .where(sa.text("family_id IN (" + ",".join(str(i) for i in sorted(families)) + ")"))
            .order_by(sa.text("id")))]


def _statuses(engine, person_id: int) -> list[tuple]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(sa.text(
            "SELECT id, version, decision, valid_until, ended_on FROM kandas_status WHERE person_id = :p "
            "ORDER BY id"), {"p": person_id})]


DAYS = st.integers(min_value=0, max_value=900)  # how many days before today
OPERATIONS = st.lists(st.one_of(
    st.tuples(st.just("add"), st.integers(0, 9), st.sampled_from(("granted", "granted", "pending", "refused")), DAYS),
    st.tuples(st.just("decide"), st.integers(0, 9), st.sampled_from(("granted", "refused")), DAYS),
    st.tuples(st.just("extend"), st.integers(0, 9), st.sampled_from(("granted", "pending")), DAYS),
    st.tuples(st.just("end"), st.integers(0, 9), st.sampled_from(("citizenship", "cancelled", "death")), DAYS),
    st.tuples(st.just("add_member"), st.integers(0, 9), st.just(""), DAYS),
    st.tuples(st.just("remove_member"), st.integers(0, 9), st.just(""), DAYS),
    st.tuples(st.just("merge"), st.integers(0, 9), st.sampled_from(("person", "household")), st.booleans()),
), min_size=1, max_size=8)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(grants=st.lists(DAYS, min_size=3, max_size=3), operations=OPERATIONS)
def test_random_status_histories_keep_the_copy_equal_to_a_recount(services, engine, grants, operations):
    surname = "Қасым" + letters(next(_names)) + "ов"
    birth = dt.date(1987, 10, 8)
    families = {_register(services, surname, birth), _register(services, "Омар" + surname, dt.date(1990, 1, 1))}
    # granted statuses to start from (back-dated: some expired already), for the changes to act on
    for (person_id, _family, _relation), days in zip(_persons(engine, families), grants):
        _apply(services, engine, families, surname, birth, "add", person_id, 0, "", [], "granted", days)
    assert_copy_exact(services, engine)
    for action, index, choice, extra in operations:
        persons = _persons(engine, families)
        person_id, family_id, relation = persons[index % len(persons)]
        statuses = _statuses(engine, person_id)
        try:
            _apply(services, engine, families, surname, birth, action, person_id, family_id, relation, statuses,
                   choice, extra)
        except DomainError:
            pass  # refused (an extension applied after the end, a head removed …): nothing changed
        assert_copy_exact(services, engine)


def _apply(services, engine, families, surname, birth, action, person_id, family_id, relation, statuses,
           choice, extra) -> None:
    records, registration = services.records, services.registration
    day = TODAY - dt.timedelta(days=extra) if isinstance(extra, int) and not isinstance(extra, bool) else TODAY
    if action == "add":
        granted = choice == "granted"
        registration.add_status(person_id, StatusInput(
            decision=choice, applied_on=day - dt.timedelta(days=20),
            decided_on=day if choice != "pending" else None, granted_on=day if granted else None))
    elif action == "decide":
        pending = [s for s in statuses if s[2] == "pending"]
        if pending:
            records.decide_status(pending[-1][0], pending[-1][1], DecisionInput(choice, TODAY))
    elif action == "extend":
        current = [s for s in statuses if s[2] == "granted" and s[4] is None]
        if current:
            until = as_date(current[-1][3])
            applied = min(until, TODAY) - dt.timedelta(days=extra % 30)
            records.extend_status(current[-1][0], current[-1][1], ExtensionInput(
                applied, decision=choice, decided_on=TODAY if choice == "granted" else None))
    elif action == "end":
        current = [s for s in statuses if s[2] == "granted" and s[4] is None]
        if current:
            until = as_date(current[0][3])
            records.end_status(current[0][0], current[0][1], StatusEndInput(min(until, day, TODAY), choice))
    elif action == "add_member":
        registration.add_member(family_id, PersonInput(surname, "Бала" + letters(extra), relation="child",
                                                       birth_date=dt.date(2016, 1, 1), sex="F"))
    elif action == "remove_member" and relation != "head":
        version = services.cases.details(family_id).members
        member = next(m for m in version if m.id == person_id)
        registration.remove_member(person_id, member.version)
    elif action == "merge":
        _merge_and_maybe_undo(services, engine, families, surname, birth, choice == "household", extra)


def _merge_and_maybe_undo(services, engine, families, surname, birth, household: bool, undo: bool) -> None:
    """A third case holding the same person as the first (a duplicate pair), merged into the first
    (the person alone, or with their household), the copies checked, then perhaps undone."""
    duplicate = _register(services, surname, birth)
    families.add(duplicate)
    head = _persons(engine, {duplicate})[0][0]
    services.registration.add_status(head, StatusInput(
        decision="granted", applied_on=TODAY - dt.timedelta(days=400), decided_on=TODAY - dt.timedelta(days=390),
        granted_on=TODAY - dt.timedelta(days=390)))
    pair = next(row for row in services.duplicates.open_pairs() if head in (row.person_a_id, row.person_b_id))
    kept = pair.person_b_id if pair.person_a_id == head else pair.person_a_id
    result = services.duplicates.merge(pair.id, kept, move_household=household)
    assert_copy_exact(services, engine)
    if undo:
        services.duplicates.undo_merge(result.merge_id)
    elif result.removed_family_id is not None:
        families.discard(result.removed_family_id)

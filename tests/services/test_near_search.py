"""Near spellings in the registry search (issue 20.2): a name typed one letter off is found after
the exact, prefix and variant matches, each group in Kazakh alphabet order; the near lookup runs
only while the page is short. On SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event

from domain.search import FamilyFilter, MatchKind
from services.dto import FamilyInput, PersonInput

BIRTH = dt.date(1987, 10, 8)


@pytest.fixture
def db_services(migrated_db_url):
    from services import AppServices
    from services.database import prepare_database
    engine, _ = prepare_database(migrated_db_url)
    yield AppServices(engine, clock=lambda: dt.datetime(2026, 11, 25, 10, 0)), engine
    engine.dispose()


def _family(services, surname: str, given: str) -> int:
    return services.registration.register_family(FamilyInput(
        members=(PersonInput(surname, given, "", relation="head", birth_date=BIRTH, sex="M"),),
        arrival_date=dt.date(2026, 1, 10), origin_country_code="UZ", region_code="ABAI"),
        confirm_duplicates=True).id


def test_exact_then_prefix_then_variant_then_near(db_services):
    services, _engine = db_services
    near_b = _family(services, "Сейітқари", "Бекзат")       # Р for Л: one letter off
    exact_b = _family(services, "Сейиткали", "Айдос")        # the Russian form folds to the same letters
    prefix = _family(services, "Сейітқалиев", "Ерлан")
    exact = _family(services, "Сейітқали", "Тимур")
    variant = _family(services, "Saitkali", "Akhmet")        # another spelling: the same variant key
    near_c = _family(services, "Сейітғали", "Арман")          # Ғ for Қ
    _family(services, "Омаров", "Ерлан")
    page = services.cases.ranked_page("Сейітқали")
    groups = {kind: [f for f, k in zip(page.family_ids, page.kinds) if k == kind] for kind in MatchKind.ALL}
    assert groups == {MatchKind.EXACT: [exact_b, exact], MatchKind.PREFIX: [prefix], MatchKind.VARIANT: [variant],
                      MatchKind.NEAR: [near_c, near_b]}  # each in Kazakh alphabet order (И before І, Ғ before Қ)
    assert list(page.kinds) == sorted(page.kinds)
    full = services.cases.search("Сейітқали")
    assert full == list(page.family_ids) and services.cases.count("Сейітқали") == len(full) == 6
    for limit in (1, 3, 5, 6):
        assert services.cases.search("Сейітқали", limit=limit) == full[:limit]
    # Other sorts and filters go through the set plans: the same families, the same groups.
    assert services.cases.search(FamilyFilter(text="Сейітқали", region_code="ABAI")) == full
    assert set(services.cases.search("Сейітқали", sort="case_number", limit=10)) == set(full)


def test_a_typo_in_one_word_of_two_still_finds_the_person(db_services):
    services, _engine = db_services
    wanted = _family(services, "Әбдірахманов", "Нұрсұлтан")
    _family(services, "Әбдірахманов", "Ерлан")
    page = services.cases.ranked_page("Әбдірахпанов Нұрс")
    assert page.family_ids == (wanted,) and page.kinds == (MatchKind.NEAR,)
    assert services.cases.ranked_page("Әбдірахпанов Ерл").family_ids != (wanted,)


def test_the_near_lookup_runs_only_when_the_page_is_short(db_services):
    services, engine = db_services
    for given in ("Айдос", "Бекзат", "Ерлан"):
        _family(services, "Сейітқали", given)
    _family(services, "Сейітқари", "Арман")
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    from storage import raw_sql
    original = raw_sql.Cursor.execute

    def counting(self, sql, params=()):
        statements.append(sql)
        return original(self, sql, params)

    raw_sql.Cursor.execute = counting
    try:
        assert len(services.cases.ranked_page("Сейітқали", limit=3).family_ids) == 3
        assert not any("WITH wanted" in sql for sql in statements)  # the page was full: no near lookup
        statements.clear()
        assert len(services.cases.ranked_page("Сейітқали", limit=10).family_ids) == 4
        assert sum("WITH wanted" in sql for sql in statements) == 1  # one statement for all the keys
    finally:
        raw_sql.Cursor.execute = original

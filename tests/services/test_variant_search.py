"""Search finds a person under any spelling of their name and ranks what it finds.

Exact whole words (and a whole IIN) come first, then prefixes, then other spellings
(``domain.search.MatchKind``); the first page while typing is the head of the full ranked list;
the count holds the variant matches. On SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from domain.iin import check_digit
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


def _family(services, head: tuple[str, str, str], other: tuple[str, str] = ("Қасымова", "Айгүл"), iin=None):
    surname, given, patronymic = head
    return services.registration.register_family(FamilyInput(
        members=(PersonInput(surname, given, patronymic, relation="head", birth_date=BIRTH, sex="M", iin=iin),
                 PersonInput(*other, relation="spouse", birth_date=dt.date(1990, 3, 1), sex="F")),
        arrival_date=dt.date(2026, 1, 10), origin_country_code="UZ", region_code="ABAI"),
        confirm_duplicates=True).id


def test_exact_family_first_then_prefix_then_variant(db_services):
    services, _engine = db_services
    # In name order «Сейітқали Тимурлан» and a family whose spouse is «Сейітқали Тимур…» come
    # before the family headed by «Сейітқали Тимур» itself; the exact one must lead.
    prefix = _family(services, ("Абаев", "Бекзат", ""), other=("Сейітқалиева", "Тимура"))
    longer = _family(services, ("Сейітқали", "Тимурлан", ""))
    exact = _family(services, ("Сейітқали", "Тимур", "Серікұлы"))
    variant = _family(services, ("Сейиткалиев", "Темир", ""))  # Russian form, Темір/Тимур
    _family(services, ("Омаров", "Ерлан", ""))
    ranked = services.cases.search("сейітқали тимур")
    assert ranked[0] == exact
    assert set(ranked[1:3]) == {prefix, longer} and ranked[3] == variant and len(ranked) == 4
    assert services.cases.count("сейітқали тимур") == 4
    for limit in (1, 2, 3, 4, 10):
        assert services.cases.search("сейітқали тимур", limit=limit) == ranked[:limit]
    # The same with another filter: the set plans rank alike.
    flt = FamilyFilter(text="сейітқали тимур", region_code="ABAI")
    assert services.cases.search(flt) == ranked
    assert services.cases.search(flt, limit=2) == ranked[:2]


@pytest.mark.parametrize("typed", ["Абдрахманов", "Abdrakhmanov", "Äbdırahmanov", "абдрахманов нурсултан"])
def test_other_spellings_find_the_person(db_services, typed):
    services, _engine = db_services
    wanted = _family(services, ("Әбдірахманов", "Нұрсұлтан", ""))
    _family(services, ("Ахметов", "Нұрлан", ""))
    assert services.cases.search(typed) == [wanted]
    assert services.cases.search(typed, sort="case_number", limit=5) == [wanted]


def test_whole_iin_is_exact_and_prefix_follows(db_services):
    services, _engine = db_services
    iin = "8710083" + "0123"
    iin += str(check_digit(iin))
    first = _family(services, ("Әлиев", "Нұрлан", ""), iin=iin)
    page = services.cases.ranked_page(iin)
    assert page.family_ids == (first,) and page.kinds == (MatchKind.EXACT,)
    assert services.cases.ranked_page("8710").kinds == (MatchKind.PREFIX,)


def test_every_person_has_variant_tokens(db_services):
    services, engine = db_services
    _family(services, ("Сейітқали", "Тимур", ""))
    with engine.connect() as connection:
        missing = connection.execute(sa.text(
            "SELECT p.id FROM person p WHERE NOT EXISTS (SELECT 1 FROM person_search_token t "
            "WHERE t.person_id = p.id AND t.token LIKE '~%')")).all()
    assert missing == []

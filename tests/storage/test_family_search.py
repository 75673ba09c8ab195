"""The first page while typing is exactly the head of the full, ordered result, whichever plan runs."""
from __future__ import annotations

import pytest

from domain.search import FamilyFilter
from storage import family_search

TEXTS = ["Н", "нұр", "nurlan", "Жұмабаева А", "ас", "8", "87", "2026-0", "2026-00001", "20", "ә", "омаров ер",
         "zzz", "1 2", "-"]


@pytest.fixture(scope="module")
def demo_services(tmp_path_factory, sqlite_template):
    import datetime as dt
    from services import AppServices
    from services.database import prepare_database
    from tests.db_templates import copy_of_template
    engine, _ = prepare_database(str(copy_of_template(sqlite_template, tmp_path_factory.mktemp("search") / "q.sqlite3")))
    services = AppServices(engine, clock=lambda: dt.datetime(2026, 11, 25, 10, 0))
    services.demo(families=150, seed=11)
    yield services
    engine.dispose()


def _force(monkeypatch, plan: str) -> None:
    """Make the planner pick ``plan``: ordered merge of few words, set (collect and sort) or the
    bounded walk of the display order (which gives up and falls back when too short)."""
    if plan in ("probe", "probe_sampled"):  # every other word typed is probed per person, not listed;
        monkeypatch.setattr(family_search, "LIST_CAP", 0)  # on PostgreSQL unless a sample says rare
        monkeypatch.setattr(family_search, "PROBE_BUDGET", 10**9 if plan == "probe" else -1)  # counts of 0 exceed -1
        return
    if plan != "merge":  # more distinct words than allowed: never the word-by-word merge
        monkeypatch.setattr(family_search, "MAX_WORDS", 0)
    if plan in ("set", "merge"):  # no word counts as common, and a walk gives up at once
        monkeypatch.setattr(family_search, "DENSE_MIN_PERSONS", 10**9)
        monkeypatch.setattr(family_search, "WALK_BUDGET", 1)
    else:  # every word counts as common, so the bounded walk runs (and may give up when too short)
        monkeypatch.setattr(family_search, "DENSE_MIN_PERSONS", 0)
        monkeypatch.setattr(family_search, "DENSE_SHARE", 0.0)
        monkeypatch.setattr(family_search, "WALK_BUDGET", 3 if plan == "walk_too_short" else 100_000)


@pytest.mark.parametrize("plan", ["merge", "set", "walk", "walk_too_short", "set_small_pages", "probe",
                                  "probe_sampled"])
@pytest.mark.parametrize("sort,descending", [("name", False), ("name", True), ("case_number", False),
                                             ("arrival_date", True)])
def test_first_page_is_the_head_of_the_full_search(demo_services, monkeypatch, plan, sort, descending):
    if plan == "set_small_pages":  # a family matches through several members: pages continue after the last
        monkeypatch.setattr(family_search, "FETCH_FACTOR", 1)
        plan = "set"
    _force(monkeypatch, plan)
    cases = demo_services.cases
    for text in TEXTS:
        for stage in (None, "status_granted"):
            flt = FamilyFilter(text=text, stage=stage)
            full = cases.search(flt, sort, descending)
            for limit in (1, 7, 40):
                assert cases.search(flt, sort, descending, limit=limit) == full[:limit], (text, stage, limit)


def test_search_terms_split_iin_digits_and_name_tokens():
    assert family_search.search_terms("Нұрлан 8710") == [("token", "nurlan"), ("iin", "8710")]
    assert family_search.search_terms("2021-001") == [("iin", "2021001")]


_CLOCK_NOW = (2026, 11, 25, 10, 0)


def _fill_demo(url: str) -> None:
    import datetime as dt
    from services import AppServices
    from services.database import prepare_database
    engine, _ = prepare_database(url)
    try:
        AppServices(engine, clock=lambda: dt.datetime(*_CLOCK_NOW)).demo(families=40, seed=3)
    finally:
        engine.dispose()  # on SQLite the last close folds the write-ahead log into the file


@pytest.fixture(scope="module")
def demo_sqlite_file(tmp_path_factory, sqlite_template):
    """The 40 demo families on SQLite, filled once for the module's plans; each test copies it."""
    from tests.db_templates import copy_of_template
    path = copy_of_template(sqlite_template, tmp_path_factory.mktemp("demo40") / "demo.sqlite3")
    _fill_demo(f"sqlite:///{path}")
    assert not path.with_name(path.name + "-wal").exists()
    return path


@pytest.fixture(scope="module")
def demo_pg_database(postgres_server, pg_template):
    """The 40 demo families on PostgreSQL, filled once; ``CREATE DATABASE … TEMPLATE`` copies it."""
    name = postgres_server.create_database(template=pg_template)
    _fill_demo(postgres_server.url(name))
    yield name
    postgres_server.drop_database(name)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def demo_db_url(request, tmp_path):
    """A database of its own holding the 40 demo families, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        from tests.db_templates import copy_of_template
        yield f"sqlite:///{copy_of_template(request.getfixturevalue('demo_sqlite_file'), tmp_path / 'q.sqlite3')}"
        return
    server = request.getfixturevalue("postgres_server")
    name = server.create_database(template=request.getfixturevalue("demo_pg_database"))
    yield server.url(name)
    server.drop_database(name)


# "probe": every other word probed per row, pages asked for in growing rounds (PostgreSQL);
# "probe_sampled": a sample of every driver word says "list", so one hash serves all words
@pytest.mark.parametrize("plan", ["merge", "set", "walk", "probe", "probe_sampled"])
def test_every_plan_agrees_with_the_full_search_on_every_engine(demo_db_url, monkeypatch, plan):
    import datetime as dt
    from services import AppServices
    from services.database import prepare_database
    _force(monkeypatch, plan)
    engine, _ = prepare_database(demo_db_url)
    try:
        services = AppServices(engine, clock=lambda: dt.datetime(*_CLOCK_NOW))
        assert len(services.cases.search("")) == 40  # the demo families are there
        for text in ("н", "ер", "8", "2026-0", "Жұмабаева А", "а а", "Нұрлан 8", "ас н", "Нұрлан Жұмабаев"):
            for sort, descending in (("name", False), ("name", True), ("arrival_date", False)):
                full = services.cases.search(text, sort, descending)
                assert services.cases.search(text, sort, descending, limit=5) == full[:5], (text, sort)
    finally:
        engine.dispose()

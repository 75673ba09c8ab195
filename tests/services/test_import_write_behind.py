"""An import on a server writes one chunk while it judges the next (services.import_write_behind):
the chunks are written in order by one other thread, a failed write or a cancel leaves nothing,
and the look-ups of registered persons, made meanwhile on a second session, find what they
found when the same session wrote and read."""
from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from domain.errors import DomainError
from services.import_write_behind import WriteBehind
from services.progress import Cancelled
from tests.register_files import big_register


def test_chunks_are_written_in_order_by_one_other_thread():
    seen = []
    writes = WriteBehind(lambda chunk: seen.append((chunk, threading.current_thread().name)))
    for chunk in range(6):
        writes.submit(chunk)
    writes.drain()
    assert seen == [(chunk, "import-writer") for chunk in range(6)]


def test_a_failed_write_reaches_the_caller_and_nothing_after_it_is_written():
    seen = []

    def write(chunk):
        if chunk == 1:
            raise OSError("the server went away")
        seen.append(chunk)

    writes = WriteBehind(write)
    with pytest.raises(OSError, match="went away"):
        for chunk in range(8):
            writes.submit(chunk)
        writes.drain()
    writes.abandon()
    assert seen == [0] and not writes._thread.is_alive()


def test_abandon_waits_for_the_write_under_way_and_drops_the_rest():
    begun, release, seen = threading.Event(), threading.Event(), []

    def write(chunk):
        begun.set()
        assert release.wait(10)
        seen.append(chunk)

    writes = WriteBehind(write)
    writes.submit(0)
    assert begun.wait(10)
    writes.submit(1)  # waits behind the write under way
    threading.Timer(0.1, release.set).start()
    writes.abandon()  # returns only when chunk 0 is written: its session is the caller's again
    assert seen == [0] and not writes._thread.is_alive()


@pytest.fixture()
def small_chunks(monkeypatch):
    """500 rows a server write instead of 5 000, so a register of a few hundred families is many
    chunks written behind."""
    monkeypatch.setattr("services.imports.SERVER_CHUNKS", 1)


@pytest.fixture()
def app(migrated_db_url, clock, small_chunks):
    from services import AppServices
    from services.database import prepare_database
    engine, _ = prepare_database(migrated_db_url)
    yield AppServices(engine, clock=clock), engine
    engine.dispose()


def _counts(engine) -> tuple[int, ...]:
    with engine.connect() as connection:
        return tuple(connection.scalar(sa.text(f"SELECT count(*) FROM {table}"))
                     for table in ("family", "person", "person_search_token", "import_batch"))


def test_a_register_imported_again_in_many_chunks_finds_every_person(app, tmp_path):
    services, engine = app
    path, persons = big_register(tmp_path / "reg.xlsx", 700)
    first = services.imports.import_file(path)
    assert first.imported == persons > 1500
    written = _counts(engine)
    again = services.imports.import_file(path)  # every row is a person registered before
    assert (again.imported, again.ok, again.duplicate) == (0, 0, persons)
    told = [row for row in again.rows if not row.details_dropped]  # the report keeps the first rows' details
    assert told and {(row.status, row.duplicate_of) for row in told} == {("duplicate", "existing")}
    assert _counts(engine) == written


@pytest.mark.postgres
def test_a_write_refused_by_the_server_mid_import_leaves_nothing(migrated_pg_url, clock, small_chunks, tmp_path):
    from services import AppServices
    from services.database import prepare_database
    path, persons = big_register(tmp_path / "big.xlsx", 700)
    engine, _ = prepare_database(migrated_pg_url)
    try:
        with engine.begin() as connection:  # the third chunk's persons are refused by the server itself
            connection.execute(sa.text(
                "CREATE FUNCTION refuse_late_person() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                "IF (SELECT count(*) FROM person) > 1200 THEN RAISE EXCEPTION 'refused'; END IF; "
                "RETURN NULL; END $$"))
            connection.execute(sa.text("CREATE TRIGGER refuse_late_person AFTER INSERT ON person "
                                       "FOR EACH STATEMENT EXECUTE FUNCTION refuse_late_person()"))
        services = AppServices(engine, clock=clock)
        with pytest.raises(DomainError):
            services.imports.import_file(path)
        assert _counts(engine) == (0, 0, 0, 0)
        assert not any(thread.name == "import-writer" for thread in threading.enumerate())
        with engine.begin() as connection:
            connection.execute(sa.text("DROP TRIGGER refuse_late_person ON person"))
        assert services.imports.import_file(path).imported == persons
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_a_cancel_mid_import_on_postgresql_leaves_nothing(migrated_pg_url, clock, small_chunks, tmp_path):
    from services import AppServices
    from services.database import prepare_database
    path, persons = big_register(tmp_path / "big.xlsx", 700)

    class CancelSoon:
        def step(self, done, total=None, message=""):
            if done >= 1500:  # two chunks submitted, one of them perhaps still being written
                raise Cancelled()

        def check(self):
            pass

    engine, _ = prepare_database(migrated_pg_url)
    try:
        services = AppServices(engine, clock=clock)
        with pytest.raises(Cancelled):
            services.imports.import_file(path, progress=CancelSoon())
        assert _counts(engine) == (0, 0, 0, 0)
        assert not any(thread.name == "import-writer" for thread in threading.enumerate())
        assert services.imports.import_file(path).imported == persons
    finally:
        engine.dispose()

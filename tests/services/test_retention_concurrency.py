"""Retention against a seat editing the same family, as real processes on one SQLite file and on
one PostgreSQL database (issue #19).

Either the anonymisation waits for the edit (SQLite's single write lock, ``BEGIN IMMEDIATE``; on
PostgreSQL the edited person's row lock) and removes what the edit wrote too, or the edit, opened
before the removal, is refused as a conflict (the removal gives the records a new version).
Nothing is half done and ``audit verify`` stays ok. The same for recording a consent: it lands
before the removal (and is anonymised with the rest) or it is refused, never re-personalising a
removed person — also when the consent was checked just before the removal and written just
after it, the window PostgreSQL's row-level concurrency leaves open unless the check locks."""
from __future__ import annotations

import datetime as dt
import multiprocessing
import time

import pytest
import sqlalchemy as sa

from domain.errors import ConflictError, RuleViolation
from domain.stages import CloseReason, Stage
from services import AppServices
from services.database import prepare_database
from storage.engine import create_engine
from services.dto import DocumentInput, FamilyInput, PersonInput
from services.privacy_dto import ConsentInput
from tests.services.seat_pool import seat_context, start_seat as _start
from storage import tables

NOW = dt.datetime(2026, 11, 25, 10, 0)
DUE_DAY = dt.date(2028, 12, 1)  # closed 2026 + one year's period: due
WAIT = 120
NEW_SURNAME = "Жаңатегі"


def _services(url):
    """A seat's own engine, connected once before the race (the database is at head already:
    opening it writes nothing, so it does not wait behind the lock the race is about)."""
    engine = create_engine(url)
    engine.connect().close()
    return engine, AppServices(engine, clock=lambda: NOW)


# --- what each process does (module level: a spawned process imports them by name) -------------
def _edit_holding_the_lock(url, person_id, holding, release, results) -> None:
    engine, services = _services(url)
    try:
        with services.ctx.uow() as uow:
            person = uow.families.get_person(person_id)
            person.surname = NEW_SURNAME
            uow.flush()  # BEGIN IMMEDIATE: this seat holds the write lock from here
            holding.set()
            release.wait(WAIT)
            uow.commit()
        results.put(("edit", "saved"))
    except Exception as error:  # noqa: BLE001 - the test fails on anything but the expected
        results.put(("edit", repr(error)))
    finally:
        engine.dispose()


def _retention(url, wait_for, started, results) -> None:
    engine, services = _services(url)
    try:
        if wait_for is not None:
            wait_for.wait(WAIT)
        started.set()
        results.put(("retention", services.retention.apply(today=DUE_DAY).families))
    except Exception as error:  # noqa: BLE001
        results.put(("retention", repr(error)))
    finally:
        engine.dispose()


def _consent(url, person_id, wait_for, started, results) -> None:
    engine, services = _services(url)
    try:
        if wait_for is not None:
            wait_for.wait(WAIT)
        started.set()
        services.privacy.record_consent(person_id, ConsentInput(
            dt.date(2026, 11, 20), "written", scan_name="consent.pdf", scan_content=b"%PDF-1.4 signed"))
        results.put(("consent", "recorded"))
    except RuleViolation as error:
        results.put(("consent", f"refused:{error.rule}"))
    except Exception as error:  # noqa: BLE001
        results.put(("consent", repr(error)))
    finally:
        engine.dispose()


def _slow_consent(url, person_id, checked, go_on, results) -> None:
    """A consent whose seat pauses between the check "not removed" and writing the basis (a slow
    network, a busy PC): the removal runs in that pause, unless the check holds it off."""
    import services.privacy as privacy

    record = privacy.record_basis_in

    def paused(*args, **kwargs):
        checked.set()
        go_on.wait(WAIT)
        return record(*args, **kwargs)

    privacy.record_basis_in = paused
    _consent(url, person_id, None, multiprocessing.Event(), results)


def _hold_write_lock(url, holding, release) -> None:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            else:  # writers and row lockers of person wait; plain reads go on
                connection.exec_driver_sql("BEGIN")
                connection.exec_driver_sql("LOCK TABLE person IN EXCLUSIVE MODE")
            holding.set()
            release.wait(WAIT)
            connection.exec_driver_sql("COMMIT")
    finally:
        engine.dispose()


# --- the test's side -----------------------------------------------------------------------------
@pytest.fixture
def world(tmp_path, migrated_db_url, monkeypatch):
    monkeypatch.setenv("QANDAS_DATA_DIR", str(tmp_path / "data"))
    url = migrated_db_url
    engine, _ = prepare_database(url)
    services = AppServices(engine, clock=lambda: NOW)
    family_id = services.registration.register_family(FamilyInput(
        members=(PersonInput("Сейітқали", "Нұрлан", birth_date=dt.date(1987, 10, 8), sex="M", iin="871008401427"),),
        arrival_date=dt.date(2026, 1, 10), origin_country_code="UZ", region_code="ABAI")).id
    services.registration.change_stage(family_id, None, Stage.CLOSED, CloseReason.LEFT)
    services.retention.set_period(CloseReason.LEFT, "1")
    head = services.cases.details(family_id).members[0]
    yield url, engine, services, family_id, head
    engine.dispose()


def _collect(results, count: int) -> dict:
    found = dict(results.get(timeout=WAIT) for _ in range(count))
    return found


def _person(engine, person_id):
    with engine.connect() as connection:
        return connection.execute(sa.select(tables.person).where(tables.person.c.id == person_id)).mappings().one()


def _values_naming(engine, text: str) -> int:
    a = tables.audit_log
    with engine.connect() as connection:
        return connection.scalar(sa.select(sa.func.count()).select_from(a).where(
            sa.or_(sa.cast(a.c.before, sa.Text).contains(text), sa.cast(a.c.after, sa.Text).contains(text))))


def _anonymised_and_verified(engine, services, head) -> None:
    row = _person(engine, head.id)
    assert (row["surname"], row["given_name"], row["iin"]) == ("", "", None) and row["anonymised_at"] is not None
    assert _values_naming(engine, "Сейітқали") == 0 and _values_naming(engine, NEW_SURNAME) == 0
    assert services.audit.verify().ok


def test_the_anonymisation_waits_for_an_edit_and_removes_it_too(world):
    url, engine, services, _family_id, head = world
    context = seat_context()
    holding, release, started, results = context.Event(), context.Event(), context.Event(), context.Queue()
    editor = _start(_edit_holding_the_lock, url, head.id, holding, release, results)
    remover = _start(_retention, url, holding, started, results)
    assert started.wait(WAIT)
    time.sleep(0.5)  # only gives the removal time to reach the lock; the outcome does not depend on it
    release.set()
    outcome = _collect(results, 2)
    for process in (editor, remover):
        process.join(WAIT)
    assert outcome == {"edit": "saved", "retention": 1}
    _anonymised_and_verified(engine, services, head)


def test_an_edit_opened_before_the_removal_is_refused_as_a_conflict(world):
    url, engine, services, _family_id, head = world
    context = seat_context()
    started, results = context.Event(), context.Queue()
    remover = _start(_retention, url, None, started, results)
    assert _collect(results, 1) == {"retention": 1}
    remover.join(WAIT)
    with pytest.raises(ConflictError):  # the form was opened with the version before the removal
        services.registration.update_member(head.id, head.version, PersonInput(
            NEW_SURNAME, "Нұрлан", birth_date=dt.date(1987, 10, 8), sex="M", iin="871008401427"))
    with pytest.raises(RuleViolation) as refused:
        services.privacy.record_consent(head.id, ConsentInput(dt.date(2026, 11, 20), "written"))
    assert refused.value.rule == "anonymised"
    removed = services.cases.details(_family_id).members[0]  # opened after the removal: its version is current
    with pytest.raises(RuleViolation) as refused:
        services.registration.update_member(removed.id, removed.version, PersonInput(
            NEW_SURNAME, "Нұрлан", birth_date=dt.date(1987, 10, 8), sex="M", iin="871008401427"))
    assert refused.value.rule == "anonymised"
    with pytest.raises(RuleViolation) as refused:
        services.registration.add_document(removed.id, DocumentInput("passport", "N1234567"))
    assert refused.value.rule == "anonymised"
    _anonymised_and_verified(engine, services, head)


def test_a_consent_and_the_removal_at_once_end_anonymised_either_way(world):
    url, engine, services, family_id, head = world
    context = seat_context()
    holding, release = context.Event(), context.Event()
    consent_started, removal_started, results = context.Event(), context.Event(), context.Queue()
    blocker = _start(_hold_write_lock, url, holding, release)
    consent = _start(_consent, url, head.id, holding, consent_started, results)
    remover = _start(_retention, url, holding, removal_started, results)
    assert consent_started.wait(WAIT) and removal_started.wait(WAIT)
    time.sleep(0.5)  # both are queued behind the lock; which gets it first is the database's choice
    release.set()
    outcome = _collect(results, 2)
    for process in (blocker, consent, remover):
        process.join(WAIT)
    assert outcome["retention"] == 1
    assert outcome["consent"] in ("recorded", "refused:anonymised"), outcome
    _anonymised_and_verified(engine, services, head)
    with engine.connect() as connection:  # the scanned form did not survive the removal
        assert connection.scalar(sa.select(sa.func.count()).select_from(tables.attachment).where(
            tables.attachment.c.family_id == family_id)) == 0


def test_a_consent_checked_before_the_removal_and_written_after_it_is_removed_or_refused(world):
    url, engine, services, family_id, head = world
    context = seat_context()
    checked, go_on, started, results = context.Event(), context.Event(), context.Event(), context.Queue()
    consent = _start(_slow_consent, url, head.id, checked, go_on, results)
    assert checked.wait(WAIT)  # the consent has seen "not removed" and is about to write
    remover = _start(_retention, url, None, started, results)
    assert started.wait(WAIT)
    time.sleep(1.0)  # lets the removal finish if nothing holds it off; the outcome must not depend on it
    go_on.set()
    outcome = _collect(results, 2)
    for process in (consent, remover):
        process.join(WAIT)
    assert outcome["retention"] == 1
    assert outcome["consent"] in ("recorded", "refused:anonymised"), outcome
    _anonymised_and_verified(engine, services, head)
    with engine.connect() as connection:
        assert connection.scalar(sa.select(sa.func.count()).select_from(tables.attachment).where(
            tables.attachment.c.family_id == family_id)) == 0, "the consent's scan outlived the removal"

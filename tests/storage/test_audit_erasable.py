"""Erasable audit values (issue #19): the hash covers a salted digest of the values, so erasing
the values keeps the chain verifiable; entries written before revision 0014 are converted
and still match an anchor written before the upgrade (both engines)."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from alembic import command

from domain.permissions import Role
from storage import audit as chain
from storage import schema
from storage.audit_anchor import Anchor, anchor_path, write_anchor
from storage.engine import create_engine

LEGACY_REVISION = "0013"


def _legacy_entries(engine, count: int) -> tuple[int, str]:
    """Entries in the format before 0014, written as that code wrote them (values hashed)."""
    a = sa.table("audit_log", *(sa.column(c) for c in (
        "occurred_at", "actor_login", "action", "entity", "entity_id", "prev_hash", "hash")),
                 sa.column("before", sa.JSON), sa.column("after", sa.JSON))
    prev = chain.GENESIS_HASH
    with engine.begin() as connection:
        for number in range(count):
            when = dt.datetime(2025, 1, 1, 9, 0, number)
            after = {"surname": f"Қасымов{number}", "iin": f"87100840142{number % 10}"}
            digest = chain.entry_hash(prev, when.isoformat(), "boss", "insert", "person", str(number), None, after)
            connection.execute(a.insert().values(occurred_at=when, actor_login="boss", action="insert",
                                                 entity="person", entity_id=str(number), before=None,
                                                 after=after,
                                                 prev_hash=prev, hash=digest))
            prev = digest
        connection.execute(sa.text("INSERT INTO setting (key, value, updated_at, updated_by) VALUES "
                                   "('audit.head_hash', :h, :t, 'boss'), ('audit.count', :c, :t, 'boss')"),
                           {"h": prev, "c": str(count), "t": dt.datetime(2025, 1, 1, 9)})
    return count, prev


@pytest.fixture
def legacy_db(any_db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("QANDAS_DATA_DIR", str(tmp_path / "data"))
    engine = create_engine(any_db_url)
    with engine.begin() as connection:
        command.upgrade(schema.alembic_config(connection), LEGACY_REVISION)
    count, head = _legacy_entries(engine, 5)
    url = engine.url.render_as_string(hide_password=False)
    write_anchor(anchor_path(url), Anchor(count, head))  # the anchor this computer kept before the upgrade
    yield engine, url, count, head
    engine.dispose()


def _services(engine, clock):
    from services import AppServices
    with engine.begin() as connection:
        command.upgrade(schema.alembic_config(connection), "head")
    services = AppServices(engine, clock=clock)
    return services


def test_legacy_entries_are_converted_and_still_match_the_old_anchor(legacy_db, clock):
    engine, url, count, old_head = legacy_db
    services = _services(engine, clock)
    a = chain.tables.audit_log
    with engine.connect() as connection:
        rows = [dict(r._mapping) for r in connection.execute(sa.select(a).order_by(a.c.id))]
    assert [r["legacy_hash"] for r in rows][-1] == old_head
    assert all(r["values_digest"] and r["values_salt"] for r in rows)
    result = services.audit.verify()
    assert (result.ok, result.checked, result.anchor_state) == (True, count, "matches")
    # the next entry moves the anchor to the new format's hash, and everything still verifies
    services.users.create("boss", Role.ADMINISTRATOR, "boss-password")
    result = services.audit.verify()
    assert (result.ok, result.anchor_state) == (True, "matches") and result.checked > count


def test_erasing_values_keeps_the_chain_verifiable_and_putting_them_back_is_found(logged_services, clock):
    services, engine = logged_services
    a = chain.tables.audit_log
    with engine.begin() as connection:
        person_ids = [r for r in connection.execute(
            sa.select(a.c.entity_id).where(a.c.entity == "person").distinct().limit(2)).scalars()]
        where = sa.and_(a.c.entity == "person", a.c.entity_id.in_(person_ids))
        original = connection.execute(sa.select(a.c.id, a.c.after, a.c.values_salt).where(where)
                                      .order_by(a.c.id)).first()
    with sa.orm.Session(engine) as session:
        erased = chain.erase_values(session, where, dt.datetime(2031, 1, 1))
        session.commit()
    assert erased >= 2
    with engine.connect() as connection:
        left = connection.execute(sa.select(a.c.before, a.c.after, a.c.values_salt).where(where)).all()
    assert all(tuple(row) == (None, None, None) for row in left)
    result = services.audit.verify()
    assert result.ok, result.reason
    with engine.begin() as connection:  # someone puts the values back into an erased entry
        connection.execute(a.update().where(a.c.id == original.id).values(after=original.after,
                                                                         values_salt=original.values_salt))
    result = services.audit.verify()
    assert (result.ok, result.reason, result.broken_id) == (False, "edited", original.id)


def test_changing_the_values_of_an_entry_is_found(logged_services):
    services, engine = logged_services
    a = chain.tables.audit_log
    with engine.begin() as connection:
        entry = connection.execute(sa.select(a.c.id, a.c.after).where(a.c.entity == "person")
                                   .order_by(a.c.id).limit(1)).one()
        changed = {**entry.after, "surname": "Басқа"}
        connection.execute(a.update().where(a.c.id == entry.id).values(after=changed))
    result = services.audit.verify()
    assert (result.ok, result.reason) == (False, "edited")


@pytest.fixture
def logged_services(migrated_db_url, clock, tmp_path, monkeypatch):
    monkeypatch.setenv("QANDAS_DATA_DIR", str(tmp_path / "data"))
    from services import AppServices
    from services.database import prepare_database
    engine, _ = prepare_database(migrated_db_url)
    services = AppServices(engine, clock=clock)
    services.users.create("boss", Role.ADMINISTRATOR, "boss-password")
    services.demo(families=2, seed=3, families_only=True)
    yield services, engine
    engine.dispose()

"""The audit chain: every write recorded, and any edited or deleted entry detected by verify()."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from domain.permissions import Role
from services.dto_admin import AuditFilter


@pytest.fixture
def logged(services, clock):
    """A database with a few dozen audit entries by several users on several days."""
    services.users.create("boss", Role.ADMINISTRATOR, "boss-password")
    services.demo(families=5, seed=3)
    clock.now += dt.timedelta(days=2)
    services.users.create("dana", Role.CASE_WORKER, "dana-password")
    services.users.authenticate("dana", "dana-password")
    return services


def _ids(engine) -> list[int]:
    with engine.connect() as connection:
        return list(connection.scalars(sa.text("SELECT id FROM audit_log ORDER BY id")))


def test_intact_chain_verifies(logged, engine):
    result = logged.audit.verify()
    assert result.ok and result.checked == len(_ids(engine)) > 20


def test_edited_entry_is_named(logged, engine):
    target = _ids(engine)[7]
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE audit_log SET actor_login = 'someone' WHERE id = :i"), {"i": target})
    result = logged.audit.verify()
    assert (result.ok, result.broken_id, result.reason) == (False, target, "edited")


def test_deleted_middle_entry_breaks_the_link_of_the_next_one(logged, engine):
    ids = _ids(engine)
    with engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM audit_log WHERE id = :i"), {"i": ids[10]})
    result = logged.audit.verify()
    assert (result.ok, result.broken_id, result.reason) == (False, ids[11], "unlinked")


def test_deleted_first_entry_is_detected(logged, engine):
    ids = _ids(engine)
    with engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM audit_log WHERE id = :i"), {"i": ids[0]})
    assert logged.audit.verify().broken_id == ids[1]


def test_deleted_newest_entries_are_detected_by_the_head_count(logged, engine):
    ids = _ids(engine)
    with engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM audit_log WHERE id >= :i"), {"i": ids[-2]})
    result = logged.audit.verify()
    assert (result.ok, result.reason, result.broken_id) == (False, "missing_tail", ids[-3] + 1)


def test_filters_by_user_record_and_period(logged, clock):
    dana = logged.audit.list(AuditFilter(actor="dana"))
    assert [r.action for r in dana] == ["login"]
    today = clock.now.date()
    recent = logged.audit.list(AuditFilter(since=today))
    assert {r.actor_login for r in recent} == {"system", "dana"}
    assert all(r.occurred_at.date() == today for r in recent)
    older = logged.audit.list(AuditFilter(until=today - dt.timedelta(days=1)))
    assert older and all(r.occurred_at.date() < today for r in older)
    from tests.services.test_registration import family
    family_id = logged.registration.register_family(family()).id
    about = logged.audit.list(AuditFilter(entity="family", entity_id=str(family_id)))
    assert about and all(r.entity == "family" and r.entity_id == str(family_id) for r in about)
    assert logged.audit.count(AuditFilter(entity="family")) == len(logged.audit.list(AuditFilter(entity="family")))
    by_user = logged.audit.rows(logged.audit.search(sort="actor_login", descending=False))
    assert [r.actor_login for r in by_user] == sorted(r.actor_login for r in by_user)


def test_before_and_after_values_of_an_edit(logged):
    logged.reference.set_mrp(2026, __import__("decimal").Decimal("4400"))
    entry = logged.audit.list(AuditFilter(entity="mrp_rate"))[0]
    assert entry.after["mrp"] == "4400"
    assert entry.before is not None


def test_recording_an_entry_by_hand_is_for_administrators_only(services, engine):
    from domain.errors import PermissionDenied
    from domain.permissions import Actor
    for role in (Role.READ_ONLY, Role.CASE_WORKER, Role.SUPERVISOR):
        other = services.for_actor(Actor(None, "dana", role, "Dana"))
        with pytest.raises(PermissionDenied):
            other.audit.record("export", "family", None, {"file": "register.xlsx", "rows": 120})
    assert services.audit.list(AuditFilter(actor="dana")) == []
    boss = services.for_actor(Actor(None, "boss", Role.ADMINISTRATOR, "Boss"))
    boss.audit.record("note", "database", None, {"text": "paper register archived"})
    entry = services.audit.list(AuditFilter(actor="boss"))[0]
    assert (entry.action, entry.after) == ("note", {"text": "paper register archived"})
    assert services.audit.verify().ok

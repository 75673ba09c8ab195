"""Accounts through the real services on a database: what is stored (an argon2id hash, never the
password), the audit table, the SQL version check, and the application hasher's strength. The
account rules (lockout, last administrator, field problems) run on the in-memory unit of work in
test_users_rules.py."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from domain.errors import RuleViolation
from domain.permissions import Actor, Role


def _audit_text(engine) -> str:
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT action, before, after FROM audit_log")).all()
    return json.dumps([list(map(str, r)) for r in rows], ensure_ascii=False)


def test_first_administrator_then_sign_in_returns_an_actor(services, engine):
    assert services.users.needs_first_administrator()
    services.users.create_first_administrator("Admin", "correct horse", "Әсел Нұрова")
    assert not services.users.needs_first_administrator()
    with pytest.raises(RuleViolation):
        services.users.create_first_administrator("second", "correct horse 2")
    actor = services.users.authenticate(" ADMIN ", "correct horse")
    assert (actor.login, actor.role, actor.display_name) == ("admin", Role.ADMINISTRATOR, "Әсел Нұрова")
    with engine.connect() as connection:
        stored = connection.scalar(sa.text("SELECT password_hash FROM app_user"))
        actions = [r[0] for r in connection.execute(sa.text("SELECT action FROM audit_log ORDER BY id"))]
    assert stored.startswith("$argon2id$") and "correct horse" not in stored
    assert actions[-1] == "login"
    assert "correct horse" not in _audit_text(engine)


def test_user_changes_are_attributed_and_refuse_a_stale_version(services):
    admin = services.for_actor(Actor(None, "boss", Role.ADMINISTRATOR, "Boss"))
    row = admin.users.create("erlan", Role.CASE_WORKER, "erlan-password")
    admin.users.change_role("erlan", Role.SUPERVISOR, expected_version=row.version)
    from domain.errors import ConflictError
    with pytest.raises(ConflictError):
        admin.users.change_role("erlan", Role.READ_ONLY, expected_version=row.version)
    entries = admin.audit.list()
    assert entries[0].actor_login == "boss" and entries[0].after == {"role": Role.SUPERVISOR}


def test_the_application_hashes_with_argon2id_at_full_cost(cheap_password_hashes):
    """The tests hash cheaply (tests/cheap_hashes.py); the application's own hasher does not."""
    from argon2 import Type, extract_parameters
    from argon2.profiles import RFC_9106_LOW_MEMORY
    parameters = extract_parameters(cheap_password_hashes.hash("correct horse"))
    assert parameters.type is Type.ID
    for name in ("time_cost", "memory_cost", "parallelism"):
        assert getattr(parameters, name) >= getattr(RFC_9106_LOW_MEMORY, name), name

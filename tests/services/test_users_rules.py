"""Account rules on the in-memory unit of work (tests/memory_uow.py): argon2, lockout, the last
administrator, field problems, versions and what the audit keeps. What needs the database (the
stored hash, the audit table, the SQL version check) stays in test_users.py."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from domain.errors import NotFound, PermissionDenied, RuleViolation, ValidationError
from domain.permissions import Actor, Role
from services.users import AuthenticationError


def _audit_text(memory_services) -> str:
    return json.dumps([[e.action, str(e.before), str(e.after)] for e in memory_services.database.audit],
                      ensure_ascii=False)


def test_wrong_passwords_lock_the_account_for_the_configured_minutes(memory_services, clock):
    services = memory_services
    services.users.create("nurlan", Role.CASE_WORKER, "first-password")
    services.database.committed.settings.update({"security.max_failed_logins": "3", "security.lockout_minutes": "10"})
    for _ in range(2):
        with pytest.raises(AuthenticationError) as wrong:
            services.users.authenticate("nurlan", "bad-password")
        assert wrong.value.message == "Wrong login or password."
    with pytest.raises(AuthenticationError) as locked:
        services.users.authenticate("nurlan", "bad-password")
    assert locked.value.message == "Wrong login or password."  # the lock is not announced to a stranger
    assert services.users.get("nurlan").locked_until == clock.now + dt.timedelta(minutes=10)
    with pytest.raises(AuthenticationError):  # even the right password while locked
        services.users.authenticate("nurlan", "first-password")
    clock.now += dt.timedelta(minutes=11)
    assert services.users.authenticate("nurlan", "first-password").login == "nurlan"
    failed = [e for e in services.database.audit if e.action == "login_failed"]
    assert len(failed) == 4 and all(entry.actor_login == "nurlan" for entry in failed)
    assert "bad-password" not in _audit_text(services)


def test_unknown_login_is_refused_with_the_same_message_and_not_stored(memory_services):
    with pytest.raises(AuthenticationError) as refused:
        memory_services.users.authenticate("my-secret-typed-here", "x")
    assert refused.value.message == "Wrong login or password."
    assert [e.action for e in memory_services.database.audit] == ["login_failed"]
    assert "my-secret-typed-here" not in _audit_text(memory_services)


def test_switched_off_account_cannot_sign_in(memory_services):
    services = memory_services
    services.users.create("boss", Role.ADMINISTRATOR, "boss-password")
    services.users.create("aigul", Role.SUPERVISOR, "aigul-password")
    services.users.deactivate("aigul")
    with pytest.raises(AuthenticationError):
        services.users.authenticate("aigul", "aigul-password")
    services.users.activate("aigul")
    assert services.users.authenticate("aigul", "aigul-password").role == Role.SUPERVISOR


def test_the_last_administrator_cannot_be_demoted_or_switched_off(memory_services):
    services = memory_services
    services.users.create("boss", Role.ADMINISTRATOR, "boss-password")
    with pytest.raises(RuleViolation):
        services.users.change_role("boss", Role.SUPERVISOR)
    with pytest.raises(RuleViolation):
        services.users.deactivate("boss")
    assert services.users.get("boss").role == Role.ADMINISTRATOR and services.users.get("boss").active
    services.users.create("deputy", Role.ADMINISTRATOR, "deputy-password")
    assert services.users.change_role("boss", Role.SUPERVISOR).role == Role.SUPERVISOR


def test_bad_input_names_each_field(memory_services):
    services = memory_services
    with pytest.raises(ValidationError) as caught:
        services.users.create("no spaces!", "king", "short")
    assert {p.field for p in caught.value.problems} == {"login", "role", "password"}
    services.users.create("taken", Role.READ_ONLY, "long-password")
    with pytest.raises(ValidationError) as again:
        services.users.create("TAKEN", Role.READ_ONLY, "long-password")
    assert again.value.field == "login"
    with pytest.raises(NotFound):
        services.users.reset_password("nobody", "long-password")
    assert [u.login for u in services.users.list_users()] == ["taken"]


def test_reset_password_unlocks_and_own_password_change_needs_the_old_one(memory_services):
    services = memory_services
    services.users.create("boss", Role.ADMINISTRATOR, "boss-password")
    services.users.create("dana", Role.CASE_WORKER, "dana-password")
    services.users.reset_password("dana", "dana-new-password")
    actor = services.users.authenticate("dana", "dana-new-password")
    as_dana = services.for_actor(actor)
    with pytest.raises(ValidationError):
        as_dana.users.change_own_password("wrong", "dana-third-password")
    as_dana.users.change_own_password("dana-new-password", "dana-third-password")
    assert services.users.authenticate("dana", "dana-third-password").login == "dana"
    with pytest.raises(PermissionDenied):
        as_dana.users.list_users()
    assert "dana-third-password" not in _audit_text(services)


def test_a_refused_change_leaves_nothing_behind(memory_services):
    """No commit, no change: the in-memory unit of work rolls back as the SQL one does."""
    services = memory_services
    admin = services.for_actor(Actor(None, "boss", Role.ADMINISTRATOR, "Boss"))
    row = admin.users.create("erlan", Role.CASE_WORKER, "erlan-password")
    admin.users.change_role("erlan", Role.SUPERVISOR, expected_version=row.version)
    entries = len(services.database.audit)
    from domain.errors import ConflictError
    with pytest.raises(ConflictError):
        admin.users.change_role("erlan", Role.READ_ONLY, expected_version=row.version)
    assert services.users.get("erlan").role == Role.SUPERVISOR and len(services.database.audit) == entries
    last = services.database.audit[-1]
    assert last.actor_login == "boss" and last.after == {"role": Role.SUPERVISOR}


def test_lockout_policy_is_a_setting_administrators_change(memory_services):
    services = memory_services
    assert services.users.lockout_policy() == (5, 15)
    services.users.set_lockout_policy(3, 30)
    assert services.users.lockout_policy() == (3, 30)
    with pytest.raises(ValidationError) as caught:
        services.users.set_lockout_policy(0, 5000)
    assert {p.field for p in caught.value.problems} == {"max_failed_logins", "lockout_minutes"}
    with pytest.raises(PermissionDenied):
        services.for_actor(Actor(None, "s", Role.SUPERVISOR)).users.set_lockout_policy(4, 4)
    assert services.users.lockout_policy() == (3, 30)


class _CountingHasher:
    """The real argon2 hasher, counting the hashes it verifies."""

    def __init__(self, real) -> None:
        self.real, self.verified = real, []

    def verify(self, stored, password):
        self.verified.append(stored)
        return self.real.verify(stored, password)

    def __getattr__(self, name):
        return getattr(self.real, name)


def test_a_locked_account_answers_like_a_wrong_password_after_the_same_argon2_work(
        memory_services, clock, monkeypatch):
    from argon2 import extract_parameters

    import services.users as users_module
    services = memory_services
    user_id = services.users.create("nurlan", Role.CASE_WORKER, "first-password").id
    services.database.committed.users[user_id]["locked_until"] = clock.now + dt.timedelta(minutes=5)
    counting = _CountingHasher(users_module._hasher)
    monkeypatch.setattr(users_module, "_hasher", counting)
    answers = {}
    for case, (login, password) in {"locked, right password": ("nurlan", "first-password"),
                                    "locked, wrong password": ("nurlan", "bad-password"),
                                    "unknown login": ("nobody", "bad-password")}.items():
        before = len(counting.verified)
        with pytest.raises(AuthenticationError) as refused:
            services.users.authenticate(login, password)
        answers[case] = refused.value.message
        assert len(counting.verified) == before + 1, case  # one argon2 verification, as for a wrong password
    assert set(answers.values()) == {"Wrong login or password."}
    stored = services.database.committed.users[user_id]["password_hash"]
    # the hash verified for the locked account costs what the account's own hash costs
    assert all(extract_parameters(h) == extract_parameters(stored) for h in counting.verified)


def test_a_read_only_unit_of_work_refuses_to_write(memory_services):
    """The fake is not a yes-machine: a reading unit of work refuses a write, and one left without
    a commit leaves nothing behind."""
    from tests.memory_uow import ReadOnlyWriteError
    database = memory_services.database
    with database(memory_services.ctx.actor, read_only=True) as uow:
        with pytest.raises(ReadOnlyWriteError):
            uow.reference.set_setting("k", "v", "system", dt.datetime(2026, 1, 1))
    with database(memory_services.ctx.actor) as uow:
        uow.reference.set_setting("k", "v", "system", dt.datetime(2026, 1, 1))
    assert "k" not in database.committed.settings  # left without commit: rolled back

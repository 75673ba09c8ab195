"""Accounts through the real services: argon2 hashes, lockout, last administrator, audit without passwords."""
from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa

from domain.errors import NotFound, PermissionDenied, RuleViolation, ValidationError
from domain.permissions import Actor, Role
from services.users import AuthenticationError


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


def test_wrong_passwords_lock_the_account_for_the_configured_minutes(services, engine, clock):
    services.users.create("nurlan", Role.CASE_WORKER, "first-password")
    with engine.begin() as connection:
        for key, value in (("security.max_failed_logins", "3"), ("security.lockout_minutes", "10")):
            connection.execute(sa.text("INSERT INTO setting (key, value, updated_at, updated_by) "
                                       "VALUES (:k, :v, :t, 'test')"), {"k": key, "v": value, "t": clock.now})
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
    with engine.connect() as connection:
        failed = connection.execute(sa.text(
            "SELECT actor_login, after FROM audit_log WHERE action = 'login_failed'")).all()
    assert len(failed) == 4 and all(row[0] == "nurlan" for row in failed)
    assert "bad-password" not in _audit_text(engine)


def test_unknown_login_is_refused_with_the_same_message_and_not_stored(services, engine):
    with pytest.raises(AuthenticationError) as refused:
        services.users.authenticate("my-secret-typed-here", "x")
    assert refused.value.message == "Wrong login or password."
    assert "my-secret-typed-here" not in _audit_text(engine)


def test_switched_off_account_cannot_sign_in(services):
    services.users.create("boss", Role.ADMINISTRATOR, "boss-password")
    services.users.create("aigul", Role.SUPERVISOR, "aigul-password")
    services.users.deactivate("aigul")
    with pytest.raises(AuthenticationError):
        services.users.authenticate("aigul", "aigul-password")
    services.users.activate("aigul")
    assert services.users.authenticate("aigul", "aigul-password").role == Role.SUPERVISOR


def test_the_last_administrator_cannot_be_demoted_or_switched_off(services):
    services.users.create("boss", Role.ADMINISTRATOR, "boss-password")
    with pytest.raises(RuleViolation):
        services.users.change_role("boss", Role.SUPERVISOR)
    with pytest.raises(RuleViolation):
        services.users.deactivate("boss")
    services.users.create("deputy", Role.ADMINISTRATOR, "deputy-password")
    assert services.users.change_role("boss", Role.SUPERVISOR).role == Role.SUPERVISOR


def test_bad_input_names_each_field(services):
    with pytest.raises(ValidationError) as caught:
        services.users.create("no spaces!", "king", "short")
    assert {p.field for p in caught.value.problems} == {"login", "role", "password"}
    services.users.create("taken", Role.READ_ONLY, "long-password")
    with pytest.raises(ValidationError) as again:
        services.users.create("TAKEN", Role.READ_ONLY, "long-password")
    assert again.value.field == "login"
    with pytest.raises(NotFound):
        services.users.reset_password("nobody", "long-password")


def test_reset_password_unlocks_and_own_password_change_needs_the_old_one(services):
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


def test_user_changes_are_attributed_and_refuse_a_stale_version(services):
    admin = services.for_actor(Actor(None, "boss", Role.ADMINISTRATOR, "Boss"))
    row = admin.users.create("erlan", Role.CASE_WORKER, "erlan-password")
    admin.users.change_role("erlan", Role.SUPERVISOR, expected_version=row.version)
    from domain.errors import ConflictError
    with pytest.raises(ConflictError):
        admin.users.change_role("erlan", Role.READ_ONLY, expected_version=row.version)
    entries = admin.audit.list()
    assert entries[0].actor_login == "boss" and entries[0].after == {"role": Role.SUPERVISOR}


def test_lockout_policy_is_a_setting_administrators_change(services):
    assert services.users.lockout_policy() == (5, 15)
    services.users.set_lockout_policy(3, 30)
    assert services.users.lockout_policy() == (3, 30)
    with pytest.raises(ValidationError) as caught:
        services.users.set_lockout_policy(0, 5000)
    assert {p.field for p in caught.value.problems} == {"max_failed_logins", "lockout_minutes"}
    with pytest.raises(PermissionDenied):
        services.for_actor(Actor(None, "s", Role.SUPERVISOR)).users.set_lockout_policy(4, 4)


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
        services, engine, clock, monkeypatch):
    from argon2 import extract_parameters

    import services.users as users_module
    services.users.create("nurlan", Role.CASE_WORKER, "first-password")
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE app_user SET locked_until = :until WHERE login = 'nurlan'"),
                           {"until": clock.now + dt.timedelta(minutes=5)})
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
    with engine.connect() as connection:
        stored = connection.scalar(sa.text("SELECT password_hash FROM app_user WHERE login = 'nurlan'"))
    # the hash verified for the locked account costs what the account's own hash costs
    assert all(extract_parameters(h) == extract_parameters(stored) for h in counting.verified)

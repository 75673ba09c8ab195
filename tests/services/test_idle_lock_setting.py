"""The idle lock's minutes: set by the administrator only, checked, audited; unlock counts as sign-in.
The rules run on the in-memory unit of work (tests/memory_uow.py); the CLI on a real file."""
from __future__ import annotations

import json

import pytest

from domain.centre import DEFAULT_IDLE_LOCK_MINUTES
from domain.errors import PermissionDenied, ValidationError
from domain.permissions import Role
from services.users import AuthenticationError
from tests.cli.test_admin_cli import run


def test_minutes_default_then_set_and_audited(memory_services):
    services = memory_services
    assert services.centre.idle_lock_minutes() == DEFAULT_IDLE_LOCK_MINUTES
    assert services.centre.set_idle_lock_minutes(3).any()
    assert services.centre.idle_lock_minutes() == 3
    assert not services.centre.set_idle_lock_minutes(3).any()  # the same value changes nothing
    entries = [e for e in services.database.audit if e.entity_id == "security.idle_lock_minutes"]
    assert len(entries) == 1
    assert entries[0].before == {"idle_lock_minutes": DEFAULT_IDLE_LOCK_MINUTES}
    assert entries[0].after == {"idle_lock_minutes": 3}


@pytest.mark.parametrize("bad", [-1, 481, "ten", ""])
def test_a_bad_value_is_named_and_nothing_changes(memory_services, bad):
    services = memory_services
    with pytest.raises(ValidationError) as caught:
        services.centre.update({"idle_lock_minutes": bad, "address": "Павлодар"})
    assert caught.value.field == "idle_lock_minutes"
    assert services.centre.idle_lock_minutes() == DEFAULT_IDLE_LOCK_MINUTES
    assert services.centre.details().address == ""  # one transaction: the valid field was not kept either


def test_only_the_administrator_sets_the_minutes(memory_services):
    services = memory_services
    services.users.create("worker", Role.CASE_WORKER, "worker-password")
    worker = services.for_actor(services.users.authenticate("worker", "worker-password"))
    with pytest.raises(PermissionDenied):
        worker.centre.set_idle_lock_minutes(1)
    assert worker.centre.idle_lock_minutes() == DEFAULT_IDLE_LOCK_MINUTES  # but every user reads it


def test_unlock_is_checked_audited_and_locked_out_like_a_sign_in(memory_services):
    services = memory_services
    services.users.create("worker", Role.CASE_WORKER, "worker-password")
    services.users.set_lockout_policy(2, 15)
    worker = services.for_actor(services.users.authenticate("worker", "worker-password"))
    assert worker.users.unlock("worker-password").login == "worker"
    for _attempt in range(2):
        with pytest.raises(AuthenticationError):
            worker.users.unlock("wrong-password")
    with pytest.raises(AuthenticationError):  # locked now: even the right password waits
        worker.users.unlock("worker-password")
    assert services.users.get("worker").locked_until is not None
    unlocks = [(e.action, e.after.get("reason")) for e in services.database.audit
               if isinstance(e.after, dict) and e.after.get("purpose") == "unlock"]
    assert sorted(unlocks, key=str) == sorted([("login", None), ("login_failed", "password"),
                                               ("login_failed", "password"), ("login_failed", "locked")], key=str)


def test_settings_cli_sets_and_shows_the_minutes(tmp_path):
    db = str(tmp_path / "s.sqlite3")
    assert run("--db", db, "settings", "set", "idle_lock_minutes", "5").returncode == 0
    assert json.loads(run("--db", db, "settings", "show", "--json").stdout)["idle_lock_minutes"] == 5
    refused = run("--db", db, "settings", "set", "idle_lock_minutes", "999")
    assert refused.returncode == 1 and "480" in refused.stderr
    assert json.loads(run("--db", db, "settings", "show", "--json").stdout)["idle_lock_minutes"] == 5

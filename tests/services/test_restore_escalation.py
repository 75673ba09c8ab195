"""Restore cannot promote anyone: a doctored backup, a lower role, a backup without administrator.

The scenario of issue 15: a supervisor backs up, edits their own role in the payload, recomputes
the manifest's checksum and restores. Every refusal leaves the database exactly as it was.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from domain.errors import DomainError, PermissionDenied, RuleViolation
from domain.permissions import Actor, Role, command_line_actor
from services import backup
from storage import audit as chain
from tests.services.test_backup import snapshot


@pytest.fixture
def centre(services, tmp_path):
    """An administrator (boss) and a supervisor (sup), both signed in."""
    services.users.create("boss", Role.ADMINISTRATOR, "boss-password")
    services.users.create("sup", Role.SUPERVISOR, "sup-password")
    boss = services.for_actor(services.users.authenticate("boss", "boss-password"))
    sup = services.for_actor(services.users.authenticate("sup", "sup-password"))
    return boss, sup


def doctor(original: Path, target: Path, change) -> Path:
    """Unpack the backup's SQLite payload, let ``change(connection)`` edit it, repack it with a
    manifest whose SHA-256 and size are recomputed — what anyone holding the file can do."""
    work = target.with_suffix(".sqlite3")
    with zipfile.ZipFile(original) as bundle:
        manifest = json.loads(bundle.read("manifest.json"))
        work.write_bytes(bundle.read(manifest["payload"]))
    connection = sqlite3.connect(work)
    change(connection)
    connection.commit()
    connection.close()
    data = work.read_bytes()
    manifest.update(sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    with zipfile.ZipFile(target, "w") as bundle:
        bundle.writestr("manifest.json", json.dumps(manifest))
        bundle.writestr(manifest["payload"], data)
    return target


def promote(connection) -> None:
    connection.execute("UPDATE app_user SET role = 'administrator' WHERE login = 'sup'")


def promote_and_rewrite_the_log(connection) -> None:
    """Promote, and make the audit log agree: the entry creating sup now says administrator, and
    every later hash and the head are recomputed (the chain has no key, so this is possible)."""
    promote(connection)
    rows = connection.execute("SELECT id, occurred_at, actor_login, action, entity, entity_id, before, after "
                              "FROM audit_log ORDER BY id").fetchall()
    prev = chain.GENESIS_HASH
    for id_, occurred, actor, action, entity, entity_id, before, after in rows:
        after_value = json.loads(after) if after else None
        if entity == "app_user" and action == "insert" and after_value.get("login") == "sup":
            after_value["role"] = "administrator"
        before_value = json.loads(before) if before else None
        row = chain.chain_row(prev, chain.AuditEntry(action, entity, entity_id, before_value, after_value), actor,
                              dt.datetime.fromisoformat(occurred))
        connection.execute("UPDATE audit_log SET after = ?, values_salt = ?, values_digest = ?, legacy_hash = NULL, "
                           "prev_hash = ?, hash = ? WHERE id = ?",
                           (json.dumps(after_value), row["values_salt"], row["values_digest"], prev, row["hash"],
                            id_))
        prev = row["hash"]
    connection.execute("UPDATE setting SET value = ? WHERE key = 'audit.head_hash'", (prev,))


def refreshed_manifest_anchor(original: Path, target: Path) -> None:
    """Also fix the anchor in the manifest, so only the live history can tell."""
    with zipfile.ZipFile(target) as bundle:
        manifest = json.loads(bundle.read("manifest.json"))
        payload = bundle.read(manifest["payload"])
    work = target.with_suffix(".check.sqlite3")
    work.write_bytes(payload)
    with sqlite3.connect(work) as connection:
        manifest["audit_head"] = connection.execute(
            "SELECT value FROM setting WHERE key = 'audit.head_hash'").fetchone()[0]
    with zipfile.ZipFile(target, "w") as bundle:
        bundle.writestr("manifest.json", json.dumps(manifest))
        bundle.writestr(manifest["payload"], payload)


def roles(engine) -> dict[str, str]:
    with engine.connect() as connection:
        return dict(connection.execute(sa.text("SELECT login, role FROM app_user")).all())


def test_supervisor_cannot_restore_even_their_own_backup(centre, engine, tmp_path):
    boss, sup = centre
    made = sup.backup.create(tmp_path / "sup.qbak")  # backing up is allowed: protecting data is no privilege
    doctored = doctor(Path(made.path), tmp_path / "doctored.qbak", promote)
    before = snapshot(engine)
    for path in (made.path, doctored):
        with pytest.raises(PermissionDenied):
            sup.backup.restore(path)
        with pytest.raises(PermissionDenied):  # the module function checks too (the command line uses it)
            backup.restore(str(engine.url), Path(path), sup.actor)
    assert snapshot(engine) == before
    assert roles(engine)["sup"] == Role.SUPERVISOR


def test_administrator_restoring_the_doctored_backup_is_refused_as_altered(centre, engine, tmp_path):
    boss, sup = centre
    made = sup.backup.create(tmp_path / "sup.qbak")
    doctored = doctor(Path(made.path), tmp_path / "doctored.qbak", promote)
    before = snapshot(engine)
    with pytest.raises(RuleViolation) as refused:
        boss.backup.restore(doctored)
    assert refused.value.rule == "backup_account_altered" and refused.value.params["login"] == "sup"
    assert snapshot(engine) == before
    assert not (engine.url.database + ".before-restore" and Path(engine.url.database + ".before-restore").exists())


def test_a_doctored_backup_whose_log_was_rewritten_too_differs_from_the_live_history(centre, engine, tmp_path):
    boss, sup = centre
    made = sup.backup.create(tmp_path / "sup.qbak")
    doctored = doctor(Path(made.path), tmp_path / "doctored.qbak", promote_and_rewrite_the_log)
    refreshed_manifest_anchor(Path(made.path), doctored)
    before = snapshot(engine)
    with pytest.raises(RuleViolation) as refused:
        boss.backup.restore(doctored)
    assert refused.value.rule == "backup_history_differs"
    assert snapshot(engine) == before


def test_a_backup_without_an_active_administrator_is_refused_and_first_run_stays_closed(services, engine, tmp_path):
    services.demo(families=2, seed=1, families_only=True)
    no_accounts = tmp_path / "empty-accounts.qbak"
    services.backup.create(no_accounts)  # made before anyone had an account
    services.users.create("boss", Role.ADMINISTRATOR, "boss-password")
    boss = services.for_actor(services.users.authenticate("boss", "boss-password"))
    before = snapshot(engine)
    with pytest.raises(RuleViolation) as refused:
        boss.backup.restore(no_accounts)
    assert refused.value.rule == "restorer_not_admin"
    assert snapshot(engine) == before
    assert not services.users.needs_first_administrator()


def test_the_command_line_account_alone_cannot_restore(centre, engine, tmp_path):
    boss, _sup = centre
    made = boss.backup.create(tmp_path / "b.qbak")
    before = snapshot(engine)
    with pytest.raises(RuleViolation) as refused:
        backup.restore(str(engine.url), Path(made.path), command_line_actor("root"))
    assert refused.value.rule == "restorer_not_admin_here"
    wrong = Actor(None, "boss", Role.ADMINISTRATOR)
    with pytest.raises(RuleViolation):
        backup.restore(str(engine.url), Path(made.path), wrong, password="not-the-password")
    assert snapshot(engine) == before


def test_a_restore_keeps_the_restorer_an_administrator_and_is_audited_inside(centre, services, engine, tmp_path):
    boss, _sup = centre
    made = boss.backup.create(tmp_path / "b.qbak")
    services.users.create("later", Role.READ_ONLY, "later-password")
    boss.backup.restore(made.path)
    assert roles(engine) == {"boss": Role.ADMINISTRATOR, "sup": Role.SUPERVISOR}
    last = boss.audit.list(limit=1)[0]
    assert (last.action, last.actor_login, last.after["history"]) == ("restore", "boss", "continues")
    assert last.after["replaced_head"]["count"] > last.after["backup_head"]["count"]
    verified = boss.audit.verify()
    assert verified.ok and verified.anchor_state == "matches"


def test_going_back_to_a_backup_of_the_branch_a_restore_replaced_is_allowed(centre, engine, tmp_path):
    boss, _sup = centre
    older = boss.backup.create(tmp_path / "older.qbak")
    boss.reference.set_mrp(2026, __import__("decimal").Decimal("4400"))
    newer = boss.backup.create(tmp_path / "newer.qbak")
    boss.backup.restore(older.path)  # the wrong one
    boss.backup.restore(newer.path)  # its history forks at the first restore: still this database
    last = boss.audit.list(limit=1)[0]
    assert last.action == "restore" and last.after["history"].startswith("branch replaced")
    assert boss.audit.verify().ok


def test_a_new_database_is_restored_by_an_administrator_of_the_backup(centre, tmp_path):
    boss, _sup = centre
    made = boss.backup.create(tmp_path / "b.qbak")
    fresh = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    with pytest.raises(RuleViolation):
        backup.restore(fresh, Path(made.path), Actor(None, "boss", Role.ADMINISTRATOR), password="wrong-password")
    with pytest.raises(RuleViolation):  # sup is in the backup, but no administrator
        backup.restore(fresh, Path(made.path), Actor(None, "sup", Role.ADMINISTRATOR), password="sup-password")
    assert not (tmp_path / "new.sqlite3").exists()
    backup.restore(fresh, Path(made.path), Actor(None, "boss", Role.ADMINISTRATOR), password="boss-password",
                   via="cli:test")
    engine = sa.create_engine(fresh)
    try:
        assert roles(engine)["boss"] == Role.ADMINISTRATOR
    finally:
        engine.dispose()


def test_first_run_opens_only_for_a_database_that_never_had_an_account(services, engine):
    services.demo(families=2, seed=1, families_only=True)  # demonstration data before the first administrator
    assert services.users.needs_first_administrator()
    services.users.create("boss", Role.ADMINISTRATOR, "boss-password")
    with engine.begin() as connection:  # accounts removed behind the program's back
        connection.execute(sa.text("DELETE FROM app_user"))
    assert not services.users.needs_first_administrator()
    with pytest.raises(DomainError):
        services.users.create_first_administrator("intruder", "intruder-password")
    with engine.begin() as connection:  # …and their audit entries and head too: the anchor still counts them
        connection.execute(sa.text("DELETE FROM audit_log"))
        connection.execute(sa.text("DELETE FROM setting WHERE key LIKE 'audit.%'"))
    assert not services.users.needs_first_administrator()


@pytest.mark.postgres
def test_on_postgresql_the_doctored_backup_is_refused_and_nothing_changes(migrated_pg_url, postgres_server, clock, tmp_path):
    from services import AppServices
    from services.database import prepare_database
    from storage import backup as files
    engine, _ = prepare_database(migrated_pg_url)
    try:
        services = AppServices(engine, clock=clock)
        services.users.create("boss", Role.ADMINISTRATOR, "boss-password")
        services.users.create("sup", Role.SUPERVISOR, "sup-password")
        boss = services.for_actor(services.users.authenticate("boss", "boss-password"))
        sup = services.for_actor(services.users.authenticate("sup", "sup-password"))
        made = Path(sup.backup.create(tmp_path / "sup.qbak").path)
        # the supervisor loads the dump into a database of their own, promotes themself, dumps it again
        scratch = postgres_server.create_database()
        scratch_url = postgres_server.url(scratch)
        manifest = backup.inspect_backup(made)
        dump = tmp_path / manifest.payload
        files.extract_payload(made, manifest, dump)
        files.restore_postgres(dump, scratch_url)
        other = sa.create_engine(scratch_url)
        with other.begin() as connection:
            connection.execute(sa.text("UPDATE app_user SET role = 'administrator' WHERE login = 'sup'"))
        other.dispose()
        files._run_pg_tool("pg_dump", ["-Fc", "--no-owner", "--no-privileges", "-f", str(dump)], scratch_url)
        data = dump.read_bytes()
        doctored = tmp_path / "doctored.qbak"
        with zipfile.ZipFile(made) as source:
            fields = json.loads(source.read("manifest.json"))
        fields.update(sha256=hashlib.sha256(data).hexdigest(), size=len(data))
        with zipfile.ZipFile(doctored, "w") as bundle:
            bundle.writestr("manifest.json", json.dumps(fields))
            bundle.writestr(manifest.payload, data)
        postgres_server.drop_database(scratch)
        before = snapshot(engine)
        with pytest.raises(PermissionDenied):
            sup.backup.restore(doctored)
        with pytest.raises(RuleViolation) as refused:
            boss.backup.restore(doctored)
        assert refused.value.rule == "backup_account_altered"
        assert snapshot(engine) == before
        boss.backup.restore(made)  # the genuine one restores, audited inside
        assert roles(engine)["sup"] == Role.SUPERVISOR
        last = boss.audit.list(limit=1)[0]
        assert (last.action, last.actor_login) == ("restore", "boss")
        assert boss.audit.verify().ok
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_an_empty_postgresql_database_is_restored_by_an_administrator_of_the_backup(pg_url, postgres_server,
                                                                                  clock, tmp_path):
    from services import AppServices
    from services.database import prepare_database
    engine, _ = prepare_database(pg_url)
    try:
        services = AppServices(engine, clock=clock)
        services.users.create("boss", Role.ADMINISTRATOR, "boss-password")
        made = Path(services.backup.create(tmp_path / "b.qbak").path)
    finally:
        engine.dispose()
    empty = postgres_server.url(postgres_server.create_database())
    with pytest.raises(RuleViolation):
        backup.restore(empty, made, Actor(None, "boss", Role.ADMINISTRATOR), password="wrong-password")
    backup.restore(empty, made, Actor(None, "boss", Role.ADMINISTRATOR), password="boss-password", via="cli:t")
    restored = sa.create_engine(empty)
    try:
        assert roles(restored) == {"boss": Role.ADMINISTRATOR}
    finally:
        restored.dispose()


def test_the_backup_service_never_hands_out_the_database_password():
    from services import AppServices
    engine = sa.create_engine("postgresql+psycopg://qandas:s3cret-pw@server/qandas")  # never connects
    try:
        url = AppServices(engine).backup.url
    finally:
        engine.dispose()
    assert url == "postgresql+psycopg://qandas:***@server/qandas"


def test_a_sqlite_restore_leaves_only_the_replaced_copy_beside_the_database(centre, db_path, tmp_path):
    boss, _sup = centre
    made = boss.backup.create(tmp_path / "b.qbak")
    before = {p.name for p in db_path.parent.iterdir()}
    boss.backup.restore(made.path)
    after = {p.name for p in db_path.parent.iterdir()}
    assert after - before <= {db_path.name + ".before-restore"}

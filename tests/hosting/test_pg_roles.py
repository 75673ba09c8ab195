"""The hosted register's roles are enforced by PostgreSQL, not only by the application.

Each test connects with plain psycopg as a Qandas user's own login role (the test server trusts
local connections, so no password is needed here; tests/hosting/test_host_cluster.py signs in with
passwords over TLS) and tries what its role must not do.
"""
from __future__ import annotations

import psycopg
import pytest
import sqlalchemy as sa

from tests.hosting.hosted_register import dsn

pytestmark = pytest.mark.postgres


def _as(url: str, login: str, sql: str, params=None):
    with psycopg.connect(dsn(url, login), autocommit=True) as connection:
        return connection.execute(sql, params).fetchall() if sql.lstrip().upper().startswith("SELECT") \
            else connection.execute(sql, params).rowcount


def test_read_only_user_cannot_update_or_delete_with_plain_psycopg(hosted):
    _engine, url, admin = hosted
    admin.demo(families=2, seed=1, families_only=True)
    assert _as(url, "rita", "SELECT count(*) FROM family")[0][0] == 2
    for sql in ("UPDATE family SET notes = 'x'", "DELETE FROM person", "INSERT INTO region (code) VALUES ('x')",
                "UPDATE app_user SET role = 'administrator'"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            _as(url, "rita", sql)


def test_case_worker_cannot_touch_users_reference_or_plans(hosted):
    _engine, url, _admin = hosted
    for sql in ("UPDATE app_user SET role = 'administrator' WHERE login = 'anna'",
                "DELETE FROM country", "DELETE FROM quota_plan"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            _as(url, "anna", sql)
    # other users' rows and the sign-in policy are invisible to a case worker's writes
    assert _as(url, "anna", "UPDATE app_user SET password_hash = 'x' WHERE login = 'boss'") == 0
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        _as(url, "anna", "INSERT INTO setting VALUES ('security.max_failed_logins', '99', now(), 'anna')")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        _as(url, "anna", "SELECT qandas_manage_login('create', 'me', 'administrator', 'pw')")


def test_nobody_can_update_or_delete_audit_rows(hosted, postgres_server):
    _engine, url, _admin = hosted
    for login in ("boss", "anna", "rita", "sam"):
        for sql in ("UPDATE audit_log SET actor_login = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                _as(url, login, sql)
    owner = f"host=127.0.0.1 port={postgres_server.port} dbname={sa.make_url(url).database} user=postgres"
    with psycopg.connect(owner, autocommit=True) as connection:  # not even the owner
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("DELETE FROM audit_log")


def test_a_change_made_with_raw_sql_is_audited_and_the_chain_verifies(hosted):
    _engine, url, admin = hosted
    admin.demo(families=2, seed=1, families_only=True)
    family_id = _as(url, "anna", "SELECT min(id) FROM family")[0][0]
    assert _as(url, "anna", "UPDATE family SET notes = %s WHERE id = %s",
               ("Ескерту \"quoted\"\n\\ ok", family_id)) == 1
    entries = _as(url, "rita", "SELECT actor_login, action, entity, entity_id, after FROM audit_log "
                               "ORDER BY id DESC LIMIT 1")
    assert entries[0][:4] == ("anna", "update", "family", str(family_id))
    assert entries[0][4] == {"notes": "Ескерту \"quoted\"\n\\ ok"}
    # written in the erasable format: the hash covers a salted digest of the values
    assert _as(url, "rita", "SELECT values_salt IS NOT NULL AND values_digest IS NOT NULL AND legacy_hash IS NULL "
                            "FROM audit_log ORDER BY id DESC LIMIT 1") == [(True,)]
    verification = admin.audit.verify()
    assert verification.ok, verification


def test_only_an_administrator_erases_values_and_the_chain_still_verifies(hosted):
    """Retention's one exception to append-only: values and salt erased, every hashed column kept."""
    _engine, url, admin = hosted
    admin.demo(families=1, seed=2, families_only=True)
    _as(url, "anna", "UPDATE family SET notes = 'Телефон 8 701 000 00 00' WHERE id = (SELECT min(id) FROM family)")
    entry = _as(url, "rita", "SELECT max(id) FROM audit_log")[0][0]
    erase = ("UPDATE audit_log SET before = NULL, after = NULL, values_salt = NULL, erased_at = now() "
             f"WHERE id = {entry}")
    for login in ("anna", "sam", "rita"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            _as(url, login, erase)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):  # an administrator cannot rewrite what is hashed
        _as(url, "boss", f"UPDATE audit_log SET before = NULL, after = NULL, values_salt = NULL, "
                         f"erased_at = now(), actor_login = 'x' WHERE id = {entry}")
    assert _as(url, "boss", erase) == 1
    assert _as(url, "rita", f"SELECT after FROM audit_log WHERE id = {entry}") == [(None,)]
    with pytest.raises(psycopg.errors.InsufficientPrivilege):  # erased once: not again, not back
        _as(url, "boss", f"UPDATE audit_log SET after = '{{}}' WHERE id = {entry}")
    verification = admin.audit.verify()
    assert verification.ok, verification


def test_a_retention_request_on_a_hosted_register_erases_the_databases_own_entries(hosted):
    """The database writes the audit entries of the anonymising changes; they are erased with the rest."""
    _engine, url, admin = hosted
    admin.demo(families=1, seed=4, families_only=True)
    person_id = _as(url, "rita", "SELECT min(id) FROM person")[0][0]
    admin.retention.anonymise_person(person_id, "the person asked")
    about = _as(url, "rita", "SELECT action, before IS NULL AND after IS NULL AND values_salt IS NULL "
                             "FROM audit_log WHERE entity = 'person' AND entity_id = %s", (str(person_id),))
    assert {action for action, _ in about} >= {"insert", "update"}  # the registration and the anonymisation
    assert all(erased for action, erased in about if action != "anonymise"), about  # its own entry: no values
    assert admin.audit.verify().ok


def test_app_writes_are_audited_once_and_the_chain_verifies(hosted):
    _engine, url, admin = hosted
    admin.demo(families=1, seed=3, families_only=True)
    rows = _as(url, "rita", "SELECT entity, entity_id, count(*) FROM audit_log WHERE action = 'insert' "
                            "GROUP BY entity, entity_id HAVING count(*) > 1")
    assert rows == []
    assert admin.audit.verify().ok


def test_a_disabled_user_cannot_sign_in_to_the_database(hosted):
    _engine, url, admin = hosted
    admin.users.deactivate("anna")
    with pytest.raises(psycopg.OperationalError):
        _as(url, "anna", "SELECT 1")
    admin.users.activate("anna")
    assert _as(url, "anna", "SELECT 1") == [(1,)]

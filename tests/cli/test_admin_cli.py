"""``user``, ``audit``, ``backup`` and ``restore`` as scripts call them: real processes and exit codes."""
from __future__ import annotations

import json
import sqlite3

import pytest

from tests.cli.in_process import run_cli


def run(*args: str, stdin: str = ""):
    """The command line in this process (a real parse, real database, real exit code)."""
    return run_cli(*args, stdin=stdin)


def _input(*args: str, stdin: str = "") -> "object":
    import os
    import subprocess
    import sys
    from tests.cli.test_cli import ROOT
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], input=stdin, capture_output=True,
                          text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=300)


def test_user_add_reads_the_password_from_stdin_and_it_appears_nowhere(tmp_path):
    db = tmp_path / "u.sqlite3"
    added = _input("--db", str(db), "user", "add", "Aigul", "--role", "supervisor", "--name", "Айгүл",
                   stdin="very-secret-1\n")
    assert added.returncode == 0, added.stderr
    listed = run("--db", str(db), "user", "list", "--json")
    users = json.loads(listed.stdout)["users"]
    assert [(u["login"], u["role"], u["name"]) for u in users] == [("aigul", "supervisor", "Айгүл")]
    assert run("--db", str(db), "user", "add", "x", "--role", "king").returncode == 2
    assert run("--db", str(db), "user", "add", "bob", "--role", "read_only", stdin="short\n").returncode == 1
    assert run("--db", str(db), "user", "passwd", "aigul", stdin="another-secret\n").returncode == 0
    assert run("--db", str(db), "user", "disable", "aigul").returncode == 0
    audit = run("--db", str(db), "audit", "list", "--json")
    entries = json.loads(audit.stdout)["entries"]
    assert {e["user"] for e in entries if e["entity"] == "app_user"} == {f"cli:{__import__('getpass').getuser()}"}
    dump = db.read_bytes() + audit.stdout.encode()
    assert b"very-secret-1" not in dump and b"another-secret" not in dump


def test_audit_verify_exit_codes_for_edited_and_deleted_entries(tmp_path):
    db = tmp_path / "a.sqlite3"
    assert run("--db", str(db), "demo", "--families", "5").returncode == 0
    intact = run("--db", str(db), "audit", "verify", "--json")
    assert intact.returncode == 0 and json.loads(intact.stdout)["ok"]
    with sqlite3.connect(db) as connection:
        ids = [r[0] for r in connection.execute("SELECT id FROM audit_log ORDER BY id")]
        connection.execute("UPDATE audit_log SET after = '{}' WHERE id = ?", (ids[3],))
    edited = run("--db", str(db), "audit", "verify")
    assert edited.returncode == 1 and str(ids[3]) in edited.stderr
    with sqlite3.connect(db) as connection:
        connection.execute("DELETE FROM audit_log WHERE id <= ?", (ids[3],))
        connection.execute("DELETE FROM audit_log WHERE id = ?", (ids[-1],))
    deleted = run("--db", str(db), "audit", "verify", "--json")
    assert deleted.returncode == 1 and json.loads(deleted.stdout)["broken_id"] == ids[4]


def test_backup_then_restore_by_command(tmp_path):
    db = tmp_path / "b.sqlite3"
    out = tmp_path / "copy.qbak"
    assert run("--db", str(db), "demo", "--families", "8").returncode == 0
    assert run("--db", str(db), "user", "add", "boss", "--role", "administrator", stdin="boss-password\n").returncode == 0
    made = run("--db", str(db), "backup", "--out", str(out))
    assert made.returncode == 0, made.stderr
    assert run("--db", str(db), "demo", "--families", "3").returncode == 0
    unnamed = run("--db", str(db), "restore", str(out))  # the OS account alone does not restore
    assert unnamed.returncode == 1 and "--login" in unnamed.stderr
    wrong = run("--db", str(db), "restore", str(out), "--login", "boss", stdin="guess\n")
    assert wrong.returncode == 1
    restored = run("--db", str(db), "restore", str(out), "--login", "boss", stdin="boss-password\n")
    assert restored.returncode == 0, restored.stderr
    entries = json.loads(run("--db", str(db), "audit", "list", "--limit", "1", "--json").stdout)["entries"]
    assert entries[0]["action"] == "restore" and entries[0]["user"] == "boss"
    assert entries[0]["after"]["via"].startswith("cli:")
    info = json.loads(run("--db", str(db), "info", "--json").stdout)
    assert info["counts"]["families"] == 8
    bogus = tmp_path / "bogus.qbak"
    bogus.write_bytes(b"PK\x03\x04 not really")
    refused = run("--db", str(db), "restore", str(bogus), "--login", "boss", stdin="boss-password\n")
    assert refused.returncode == 1 and "backup" in refused.stderr.lower()


@pytest.mark.postgres
def test_postgresql_upgrade_backup_restore_and_verify(pg_url, tmp_path):
    url = pg_url.replace("postgresql+psycopg://", "postgresql://")
    assert run("--db", url, "db", "upgrade").returncode == 0
    assert run("--db", url, "demo", "--families", "6").returncode == 0
    assert run("--db", url, "user", "add", "boss", "--role", "administrator", stdin="boss-password\n").returncode == 0
    out = tmp_path / "pg.qbak"
    made = run("--db", url, "backup", "--out", str(out))
    assert made.returncode == 0, made.stderr
    assert run("--db", url, "demo", "--families", "2").returncode == 0
    restored = run("--db", url, "restore", str(out), "--login", "boss", stdin="boss-password\n")
    assert restored.returncode == 0, restored.stderr
    assert json.loads(run("--db", url, "info", "--json").stdout)["counts"]["families"] == 6
    assert run("--db", url, "audit", "verify").returncode == 0

"""``backup passphrase`` and restoring an encrypted backup from a script (passphrase on stdin)."""
from __future__ import annotations

import json

from tests.cli.test_admin_cli import run


def test_encrypted_backup_by_command(tmp_path, monkeypatch):
    monkeypatch.setenv("QANDAS_DATA_DIR", str(tmp_path / "data"))
    db = tmp_path / "e.sqlite3"
    out = tmp_path / "enc.qbak"
    assert run("--db", str(db), "demo", "--families", "4").returncode == 0
    assert run("--db", str(db), "user", "add", "boss", "--role", "administrator", stdin="boss-password\n").returncode == 0
    assert run("--db", str(db), "backup", "passphrase", stdin="short\n").returncode == 1
    assert run("--db", str(db), "backup", "passphrase", stdin="a long enough passphrase\n").returncode == 0
    made = run("--db", str(db), "backup", "--out", str(out))
    assert made.returncode == 0, made.stderr
    assert run("--db", str(db), "demo", "--families", "2").returncode == 0
    wrong = run("--db", str(db), "restore", str(out), "--login", "boss", stdin="boss-password\nnot it at all\n")
    assert wrong.returncode == 1 and "passphrase" in wrong.stderr
    restored = run("--db", str(db), "restore", str(out), "--login", "boss",
                   stdin="boss-password\na long enough passphrase\n")
    assert restored.returncode == 0, restored.stderr
    assert json.loads(run("--db", str(db), "info", "--json").stdout)["counts"]["families"] == 4

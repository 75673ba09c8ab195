"""The command line as scripts at the centres call it: real files and exit codes, in this process
(tests/cli/in_process.py); a real process where the process itself is tested (exit status,
stderr's bytes in Kazakh)."""
from __future__ import annotations

import json
import sqlite3

from tests.cli.in_process import ROOT, run_process
from tests.cli.in_process import run_cli as run

__all__ = ["ROOT", "run"]  # what other test modules take from here


def test_demo_then_info_json_shows_the_counts(tmp_path):
    db = tmp_path / "c.sqlite3"
    done = run("--db", str(db), "demo", "--families", "40", "--seed", "7")
    assert done.returncode == 0, done.stderr
    info = run("--db", str(db), "info", "--json")
    assert info.returncode == 0, info.stderr
    payload = json.loads(info.stdout)
    assert payload["database"].endswith("c.sqlite3")
    assert payload["schema_revision"]
    assert payload["counts"]["families"] == 40
    assert payload["counts"]["persons"] > 40
    assert payload["counts"]["kandas_status"] > 0


def test_demo_is_repeatable_with_a_seed(tmp_path):
    names = []
    for name in ("a", "b"):
        db = tmp_path / f"{name}.sqlite3"
        assert run("--db", str(db), "demo", "--families", "5", "--seed", "11").returncode == 0
        with sqlite3.connect(db) as connection:
            names.append(connection.execute("SELECT surname, given_name, iin FROM person ORDER BY id").fetchall())
    assert names[0] == names[1]


def test_default_database_comes_from_qandas_db(tmp_path):
    db = tmp_path / "env.sqlite3"
    assert run("db", "upgrade", env={"QANDAS_DB": str(db)}).returncode == 0
    assert db.exists()


def test_db_check_passes_on_a_good_file_and_fails_on_a_damaged_one(tmp_path):
    db = tmp_path / "k.sqlite3"
    assert run("--db", str(db), "db", "upgrade").returncode == 0
    ok = run("--db", str(db), "db", "check", "--json")
    assert ok.returncode == 0 and json.loads(ok.stdout)["ok"] is True
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffffffff'")
    bad = run("--db", str(db), "db", "check")
    assert bad.returncode == 1


def test_usage_errors_exit_2(tmp_path):
    assert run_process("no-such-command").returncode == 2  # the status the shell sees
    assert run("--db", str(tmp_path / "x.sqlite3"), "demo", "--families", "zero").returncode == 2
    assert run("--lang", "de", "info").returncode == 2


def test_bad_database_gives_one_line_and_exit_1(tmp_path):
    text_file = tmp_path / "notes.sqlite3"
    text_file.write_text("not a database")
    result = run_process("--db", str(text_file), "info")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    missing_folder = run("--db", str(tmp_path / "nope" / "x.sqlite3"), "info")
    assert missing_folder.returncode == 1
    assert "Traceback" not in missing_folder.stderr
    assert run("--db", "", "info").returncode == 1
    assert run("--db", "foo://bar", "info").returncode == 1
    bad_url = run("--db", "postgresql://user:secret@127.0.0.1:1/qandas", "info")
    assert bad_url.returncode == 1
    assert "secret" not in bad_url.stderr and "Traceback" not in bad_url.stderr


def test_errors_speak_the_chosen_language(tmp_path):
    text_file = tmp_path / "notes.sqlite3"
    text_file.write_text("not a database")
    russian = run("--db", str(text_file), "--lang", "ru", "info")
    kazakh = run_process("--db", str(text_file), "--lang", "kk", "info")  # Kazakh letters through a real pipe
    english = run("--db", str(text_file), "--lang", "en", "info")
    assert russian.returncode == kazakh.returncode == 1
    assert russian.stderr != english.stderr and kazakh.stderr != english.stderr
    assert any("\u0400" <= ch <= "\u04ff" for ch in russian.stderr)
    assert any(ch in "әғқңөұүһі" for ch in kazakh.stderr.lower())


def test_console_script_is_declared_like_main():
    text = (ROOT / "pyproject.toml").read_text()
    assert 'qandas = "main:main"' in text

"""Nothing personal leaks: not through an error, the log, a file's permissions or a leftover copy.

Real files, real processes: a statement that fails on an IIN (a race between two seats), the
log file written by the command line's own logging set-up, files created under umask 022,
a backup process killed half-way, and ``python main.py`` run with a faked ``USER``.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
import stat
import subprocess
import sys
import traceback
from pathlib import Path

import pytest

from domain.errors import DomainError
from i18n import Translator
from services import AppServices
from services.database import prepare_database
from services.dto import FamilyInput, PersonInput
from services.records_dto import TaskInput
from storage import private_files, schema
from storage.family_repository import FamilyRepository

ROOT = Path(__file__).resolve().parents[2]
IIN = "871008312347"
posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX permissions")


def _family(surname: str) -> FamilyInput:
    return FamilyInput(members=(PersonInput(surname, "Нұрлан", relation="head", birth_date=dt.date(1987, 10, 8),
                                            sex="M", iin=IIN),),
                       arrival_date=dt.date(2026, 1, 10), origin_country_code="UZ", region_code="ABAI")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def log_file(tmp_path, monkeypatch):
    """The log exactly as the program sets it up (cli.app.setup_logging), in a private data folder."""
    from cli.app import setup_logging
    import logging.handlers  # noqa: F401 - setup_logging expects it loaded, as cli.app.main does
    monkeypatch.setenv("QANDAS_DATA_DIR", str(tmp_path / "data"))
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    setup_logging()
    yield tmp_path / "data" / "qandas.log"
    for handler in [h for h in root.handlers if h not in handlers]:
        handler.close()
        root.removeHandler(handler)
    root.setLevel(level)


@pytest.fixture
def umask_022():
    """Create files as a default desktop session would: readable by everyone unless made private."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_a_statement_failing_on_an_iin_shows_and_logs_no_iin(db_services, log_file, monkeypatch):
    db_services.registration.register_family(_family("Сейітқали"))
    # another seat committed the same IIN after this seat's check: the database itself refuses
    monkeypatch.setattr(FamilyRepository, "persons_by_iins", lambda self, iins: {})
    with pytest.raises(DomainError) as refused:
        db_services.registration.register_family(_family("Бекова"), confirm_duplicates=True)
    shown = {"english": str(refused.value), "russian": Translator("ru").error(refused.value),
             "traceback": "".join(traceback.format_exception(refused.value))}
    for where, text in shown.items():
        assert IIN not in text, where
        assert "INSERT" not in text and "person" not in text, where
    for handler in logging.getLogger().handlers:
        handler.flush()
    logged = log_file.read_text(encoding="utf-8")
    assert "database error (conflict)" in logged  # the failure is logged, as a summary
    assert IIN not in logged


@posix_only
def test_database_backup_and_upgrade_copy_are_readable_by_the_owner_only(tmp_path, clock, umask_022):
    path = tmp_path / "qandas.sqlite3"
    engine, _ = prepare_database(str(path))
    try:
        services = AppServices(engine, clock=clock)
        services.tasks.add_task(TaskInput("Call back"))
        result = services.backup.create(tmp_path / "b.qbak")
        kept = schema.backup_sqlite(path, "before-test")
        files = [path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(result.path), kept]
        assert {f.name: _mode(f) for f in files} == {f.name: 0o600 for f in files}
        # nothing but the database, its WAL and the two copies: no temporary copy, no empty folder
        assert {p.name for p in tmp_path.iterdir()} == {f.name for f in files}
    finally:
        engine.dispose()


_KILLED_BACKUP = """
import datetime, sys, time
from pathlib import Path
from storage import backup as files
real_snapshot = files.snapshot_sqlite
def snapshot_then_hang(source, target, step=None):
    real_snapshot(source, target, step)
    print(target, flush=True)  # the plaintext copy exists now: kill me here
    time.sleep(120)
files.snapshot_sqlite = snapshot_then_hang
files.write_backup(sys.argv[1], Path(sys.argv[2]), "0", None, datetime.datetime.now())
"""


def test_copies_left_by_a_killed_backup_go_at_the_next_start_and_live_ones_stay(tmp_path):
    path = tmp_path / "qandas.sqlite3"
    prepare_database(str(path))[0].dispose()
    backup = subprocess.Popen([sys.executable, "-c", _KILLED_BACKUP, f"sqlite:///{path}", str(tmp_path / "b.qbak")],
                              stdout=subprocess.PIPE, text=True, cwd=ROOT)
    copy = Path(backup.stdout.readline().strip())
    backup.kill()
    backup.wait()
    backup.stdout.close()
    assert copy.exists() and copy.parent.parent == tmp_path / private_files.TEMP_FOLDER
    assert _mode(copy.parent.parent) == 0o700 or os.name != "posix"  # the plaintext copy is private
    assert not any(p.name.startswith(".") and p.name != private_files.TEMP_FOLDER for p in tmp_path.iterdir())
    # a second program that is still at work on its own copy keeps it
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        busy = tmp_path / private_files.TEMP_FOLDER / f"{sleeper.pid}-working.backup"
        busy.mkdir()
        prepare_database(str(path))[0].dispose()  # the next start
        assert not copy.parent.exists()
        assert busy.exists()
    finally:
        sleeper.kill()
        sleeper.wait()
    prepare_database(str(path))[0].dispose()
    assert not busy.exists()


@posix_only
def test_the_command_line_names_the_real_account_and_keeps_its_files_private(tmp_path):
    import pwd
    data = tmp_path / "data"
    env = {**os.environ, "QANDAS_DATA_DIR": str(data), "USER": "fake", "LOGNAME": "fake",
           "QT_QPA_PLATFORM": "offscreen"}
    env.pop("QANDAS_DB", None)
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "backup", "--out", str(tmp_path / "b.qbak")],
                          capture_output=True, text=True, env=env, timeout=300,
                          preexec_fn=lambda: os.umask(0o022))
    assert done.returncode == 0, done.stderr
    database = data / "qandas.sqlite3"
    with sqlite3.connect(database) as connection:
        actors = {row[0] for row in connection.execute("SELECT actor_login FROM audit_log WHERE action = 'backup'")}
    assert actors == {f"cli:{pwd.getpwuid(os.getuid()).pw_name}"} != {"cli:fake"}
    assert _mode(data) == 0o700
    assert {name: _mode(data / name) for name in ("qandas.sqlite3", "qandas.log")} == \
        {"qandas.sqlite3": 0o600, "qandas.log": 0o600}
    assert _mode(tmp_path / "b.qbak") == 0o600


def test_the_command_line_prints_the_sentence_of_a_database_error_and_exits_1(tmp_path, monkeypatch, capsys):
    """A database error outside a unit of work (here raised by the command itself) is still a sentence."""
    import sqlalchemy as sa

    import cli.app
    import cli.info
    import services.database
    from storage.db_errors import DISK_FULL, MESSAGES

    def fails(_args, _ctx):
        raise sa.exc.OperationalError("INSERT INTO person (iin) VALUES (?)", (IIN,),
                                      sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(cli.info, "run", fails)
    monkeypatch.setattr(cli.app, "setup_logging", lambda: None)  # this process keeps its own log set-up
    monkeypatch.setattr(services.database, "restrict_process_umask", lambda: None)
    code = cli.app.main(["--db", str(tmp_path / "q.sqlite3"), "--lang", "ru", "info"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip() == Translator("ru").gettext(MESSAGES[DISK_FULL])
    assert IIN not in err and "INSERT" not in err

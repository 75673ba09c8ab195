"""SIGKILL at random moments during a backup and during a schema upgrade.

After every kill the database passes ``PRAGMA integrity_check``, the upgrade is all or
nothing (a later run finishes it), and no partial backup sits under the final name.
"""
from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storage import backup as files
from storage import private_files, schema
from storage.engine import create_engine

ROOT = Path(__file__).resolve().parents[2]
KILLS = 10
pytestmark = pytest.mark.slow

BACKUP_CHILD = """
import sys
sys.path.insert(0, {root!r})
from domain.permissions import SYSTEM_ACTOR
from services import backup
print("ready", flush=True)
backup.write(sys.argv[1], __import__("pathlib").Path(sys.argv[2]), SYSTEM_ACTOR)
"""

UPGRADE_CHILD = """
import sys
sys.path.insert(0, {root!r})
from storage import private_files, schema
print("ready", flush=True)
schema.upgrade(sys.argv[1])
"""


def _timed_run(code: str, *args: str) -> float:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return time.monotonic() - started


def _kill_at_random(code: str, args: list[str], window: float, rng: random.Random) -> None:
    child = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "ready"  # imports done: the work itself starts now
    time.sleep(rng.uniform(0, window))
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)


def _integrity(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


def test_killed_backups_never_leave_a_partial_file_or_a_damaged_database(tmp_path, sqlite_template):
    from services import AppServices
    from services.database import prepare_database
    from tests.db_templates import copy_of_template
    db = copy_of_template(sqlite_template, tmp_path / "live.sqlite3")
    engine, _ = prepare_database(str(db))
    AppServices(engine).demo(families=150, seed=9)
    engine.dispose()
    code = BACKUP_CHILD.format(root=str(ROOT))
    out = tmp_path / "out" / "b.qbak"
    out.parent.mkdir()
    window = _timed_run(code, f"sqlite:///{db}", str(out)) * 0.8
    out.unlink()
    rng = random.Random(2026)
    finished = 0
    for _ in range(KILLS):
        _kill_at_random(code, [f"sqlite:///{db}", str(out)], window, rng)
        assert _integrity(db) == "ok"
        if out.exists():  # the rename happened: then the file is whole
            manifest = files.read_manifest(out)
            files.extract_payload(out, manifest, tmp_path / "check.sqlite3")
            assert _integrity(tmp_path / "check.sqlite3") == "ok"
            finished += 1
            out.unlink()
        # a killed backup leaves its copies in the private temporary folder only, never beside the
        # backups under any name; the next start (remove_leftovers) takes them away
        assert [p.name for p in out.parent.iterdir()] in ([], [private_files.TEMP_FOLDER])
        private_files.remove_leftovers(out.parent)
        assert list(out.parent.iterdir()) == []
    engine = create_engine(str(db))
    try:
        assert schema.integrity_problems(engine) == []
    finally:
        engine.dispose()


def test_killed_upgrades_are_all_or_nothing(tmp_path):
    code = UPGRADE_CHILD.format(root=str(ROOT))
    reference = tmp_path / "reference.sqlite3"
    window = _timed_run(code, str(reference)) * 0.9
    rng = random.Random(7)
    states = []
    for attempt in range(KILLS):
        db = tmp_path / f"u{attempt}.sqlite3"
        _kill_at_random(code, [str(db)], window, rng)
        if db.exists():
            assert _integrity(db) == "ok"
        engine = create_engine(str(db))
        try:
            state = schema.database_state(engine)
            states.append(state.kind)
            assert state.kind in ("empty", "current")  # never half a schema
            schema.upgrade(str(db), engine=engine)  # a later start finishes the job
            assert schema.database_state(engine).kind == "current"
            assert schema.integrity_problems(engine) == []
        finally:
            engine.dispose()
    assert len(states) == KILLS

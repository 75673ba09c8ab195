"""SIGKILL at random moments during a backup and during a schema upgrade.

After every kill the database passes ``PRAGMA integrity_check``, the upgrade is all or
nothing (a later run finishes it), and no partial backup sits under the final name.
"""
from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from storage import backup as files
from storage import private_files, schema
from storage.engine import create_engine
from tests.storage.crash_children import Seat

KILLS = 6
pytestmark = pytest.mark.slow


@pytest.fixture
def seat():
    """Kills land in children forked from one process that imported Qandas once
    (tests/storage/crash_children.py), not in a fresh interpreter each."""
    seat = Seat()
    yield seat
    seat.close()


def _integrity(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


def test_killed_backups_never_leave_a_partial_file_or_a_damaged_database(tmp_path, sqlite_template, seat):
    from services import AppServices
    from services.database import prepare_database
    from tests.db_templates import copy_of_template
    db = copy_of_template(sqlite_template, tmp_path / "live.sqlite3")
    engine, _ = prepare_database(str(db))
    AppServices(engine).demo(families=150, seed=9)
    engine.dispose()
    url = f"sqlite:///{db}"
    out = tmp_path / "out" / "b.qbak"
    out.parent.mkdir()
    window = seat.run("backup", url, str(out)) * 0.8
    out.unlink()
    rng = random.Random(2026)
    finished = 0
    for _ in range(KILLS):
        seat.kill_after(rng.uniform(0, window), "backup", url, str(out))
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


def test_killed_upgrades_are_all_or_nothing(tmp_path, seat):
    window = seat.run("upgrade", str(tmp_path / "reference.sqlite3")) * 0.9
    rng = random.Random(7)
    states = []
    for attempt in range(KILLS):
        db = tmp_path / f"u{attempt}.sqlite3"
        seat.kill_after(rng.uniform(0, window), "upgrade", str(db))
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

"""``retention`` from a script: periods, ``--dry-run --json``, ``apply`` and ``person``."""
from __future__ import annotations

import datetime as dt
import json

from tests.cli.test_admin_cli import run


def _closed_long_ago(db: str) -> tuple[int, int]:
    """A database where one case closed in 2019 (the clock of that day) and another is open."""
    from domain.stages import CloseReason, Stage
    from services import AppServices
    from services.database import prepare_database
    engine, _ = prepare_database(f"sqlite:///{db}")
    try:
        services = AppServices(engine, clock=lambda: dt.datetime(2019, 5, 6, 10))
        services.demo(families=3, seed=5, families_only=True)
        closed, other = services.cases.search("")[:2]
        services.registration.change_stage(closed, None, Stage.CLOSED, CloseReason.REFUSED)
        person = services.cases.details(other).members[0].id
    finally:
        engine.dispose()
    return closed, person


def test_dry_run_apply_and_one_person(tmp_path, monkeypatch):
    monkeypatch.setenv("QANDAS_DATA_DIR", str(tmp_path / "data"))
    db = str(tmp_path / "r.sqlite3")
    closed, person = _closed_long_ago(db)
    assert json.loads(run("--db", db, "retention", "--dry-run", "--json").stdout)["due"] == []
    assert run("--db", db, "retention", "set", "refused", "5").returncode == 0
    assert json.loads(run("--db", db, "retention", "periods", "--json").stdout)["refused"] == 5
    due = json.loads(run("--db", db, "retention", "--dry-run", "--json").stdout)["due"]
    assert [(row["family_id"], row["kind"], row["due_on"]) for row in due] == [(closed, "refused", "2024-05-06")]
    assert run("--db", db, "retention").returncode == 2  # neither --dry-run nor an action
    applied = json.loads(run("--db", db, "retention", "apply", "--json").stdout)
    assert (applied["families"], applied["cases"]) == (1, [due[0]["case_number"]])
    assert json.loads(run("--db", db, "retention", "--dry-run", "--json").stdout)["due"] == []
    refused = run("--db", db, "retention", "person", "--person", str(person), "--reason", " ")
    assert refused.returncode == 1
    done = run("--db", db, "retention", "person", "--person", str(person), "--reason", "written request of 2 Dec")
    assert done.returncode == 0, done.stderr
    assert run("--db", db, "audit", "verify").returncode == 0
    assert run("--db", db, "retention", "set", "someday", "5").returncode == 1

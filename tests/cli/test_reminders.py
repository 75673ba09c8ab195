"""``reminders`` as a scheduled job calls it: a real process on a real file, idempotent."""
from __future__ import annotations

import json

from tests.cli.test_cli import run


def test_reminders_twice_creates_nothing_the_second_time(tmp_path):
    db = tmp_path / "r.sqlite3"
    assert run("--db", str(db), "demo", "--families", "30", "--seed", "5").returncode == 0
    first = run("--db", str(db), "reminders", "--date", "2027-01-15", "--json")
    assert first.returncode == 0, first.stderr
    created = json.loads(first.stdout)["created"]
    assert created > 0
    second = run("--db", str(db), "reminders", "--date", "2027-01-15", "--json")
    assert json.loads(second.stdout) == {"created": 0, "closed": 0}


def test_reminders_rejects_a_bad_date_with_usage_code(tmp_path):
    done = run("--db", str(tmp_path / "x.sqlite3"), "reminders", "--date", "15.01.2027")
    assert done.returncode == 2

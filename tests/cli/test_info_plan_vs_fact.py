"""``info --json`` carries plan vs fact per year, as a script reads it (in this process:
tests/cli/in_process.py)."""
from __future__ import annotations

import json
import sqlite3

from tests.cli.in_process import run_cli as run


def test_info_json_has_plan_vs_fact_per_year(tmp_path):
    db = tmp_path / "p.sqlite3"
    assert run("--db", str(db), "demo", "--families", "60", "--seed", "3").returncode == 0
    done = run("--db", str(db), "info", "--json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    section = payload["plan_vs_fact"]
    years = sorted(section)
    assert len(years) >= 2 and int(years[-1]) - int(years[-2]) == 1
    for year in years[-2:]:
        figures = section[year]
        assert figures["quota"]["PAVLODAR"]["persons_planned"] > 0
        assert set(figures["quota"]["PAVLODAR"]) == {"families_planned", "persons_planned", "families_included",
                                                     "persons_included", "families_moved", "persons_moved"}
        assert figures["employment"]["placements_planned"] is not None
        assert figures["education"]["places_planned"] > 0
    included = sum(r["persons_included"] for y in years for r in section[y]["quota"].values())
    assert included > 0
    # Cancelled inclusions (the demo has a few, with reasons) free their places: not included.
    with sqlite3.connect(db) as connection:
        live = connection.execute("SELECT count(*) FROM quota_inclusion WHERE cancelled_on IS NULL").fetchone()[0]
    assert live <= payload["counts"]["quota_inclusion"]
    assert sum(section[y]["quota_total"]["families_included"] for y in years) == live

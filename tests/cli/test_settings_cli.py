"""``settings show|set``: the centre's details from a script, with the README's exit codes."""
from __future__ import annotations

import json

from tests.cli.test_admin_cli import run


def test_settings_set_and_show_with_exit_codes(tmp_path):
    db = str(tmp_path / "s.sqlite3")
    assert run("--db", db, "settings", "set", "name_ru", "Центр адаптации кандасов").returncode == 0
    assert run("--db", db, "settings", "set", "executor_phone", "+7 7182 55 12 40").returncode == 0
    shown = json.loads(run("--db", db, "settings", "show", "--json").stdout)
    assert shown["name_ru"] == "Центр адаптации кандасов" and shown["executor_phone"] == "+7 7182 55 12 40"
    assert shown["name_kk"] == ""  # no shipped name pretends to be the centre's
    unknown = run("--db", db, "settings", "set", "colour", "red")
    assert unknown.returncode == 2 and "colour" in unknown.stderr
    refused = run("--db", db, "settings", "set", "address", "one\ntwo")
    assert refused.returncode == 1 and "address" in refused.stderr
    assert json.loads(run("--db", db, "settings", "show", "--json").stdout)["address"] == ""
    assert "Центр адаптации кандасов" in run("--db", db, "settings", "show").stdout
    assert run("--db", db, "settings").returncode == 2

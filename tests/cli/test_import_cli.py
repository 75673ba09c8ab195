"""``python main.py import …``: JSON shape, exit codes, error list in this process
(tests/cli/in_process.py); the JSON's bytes and SIGKILL in a real process."""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import openpyxl
import pytest

from tests.cli.in_process import run_process
from tests.cli.test_cli import ROOT, run
from tests.register_files import big_register, messy_register, write_sheet


def db_counts(db) -> tuple[int, int]:
    with sqlite3.connect(db) as connection:
        return tuple(connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("family", "person"))


def test_json_has_exactly_the_public_shape(tmp_path):
    db, path = tmp_path / "c.sqlite3", messy_register(tmp_path / "reg.xlsx")
    result = run_process("--db", str(db), "--lang", "ru", "import", str(path), "--json")
    assert result.returncode == 1, result.stderr
    payload = json.loads(result.stdout)
    assert list(payload) == ["file", "sheet", "header_row", "rows", "summary"]
    assert (payload["file"], payload["sheet"], payload["header_row"]) == ("reg.xlsx", "Тізілім", 4)
    assert payload["summary"] == {"ok": 4, "invalid": 3, "duplicate": 1, "imported": 0}
    for row in payload["rows"]:
        assert list(row) == ["row", "status", "errors", "warnings", "repairs", "duplicate_of"]
        for kind in ("errors", "warnings", "repairs"):
            assert all(list(m) == ["column", "message"] for m in row[kind])
    rows = {r["row"]: r for r in payload["rows"]}
    assert rows[11]["status"] == "duplicate" and rows[11]["duplicate_of"] == 6
    assert rows[12]["errors"][0]["column"] == "ЖСН"
    assert rows[12]["errors"][0]["message"] != "The IIN check digit is wrong: please check every digit."
    assert rows[13]["errors"][0]["message"] != "The date «{value}» does not exist."
    assert "31.02.1990" in rows[13]["errors"][0]["message"]
    assert "Размер обуви" in result.stderr  # unknown column reported, not fatal
    assert db_counts(db) == (0, 0)


def test_skip_invalid_imports_and_exit_0_then_reimport_adds_nothing(tmp_path):
    db, path = tmp_path / "c.sqlite3", messy_register(tmp_path / "reg.xlsx")
    first = run("--db", str(db), "import", str(path), "--skip-invalid", "--json")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["summary"]["imported"] == 4
    again = run("--db", str(db), "import", str(path), "--skip-invalid", "--json")
    assert again.returncode == 0
    assert json.loads(again.stdout)["summary"] == {"ok": 0, "invalid": 3, "duplicate": 5, "imported": 0}
    assert db_counts(db) == (2, 4)
    batches = json.loads(run("--db", str(db), "import-batches", "--json").stdout)["batches"]
    assert [b["rows"] for b in batches] == [4]
    undo = run("--db", str(db), "import-undo", str(batches[0]["id"]))
    assert undo.returncode == 0 and db_counts(db) == (0, 0)
    assert run("--db", str(db), "import-undo", str(batches[0]["id"])).returncode == 1
    assert run("--db", str(db), "import-undo", "999").returncode == 1


def test_dry_run_exit_codes(tmp_path):
    db = tmp_path / "c.sqlite3"
    clean = write_sheet(tmp_path / "ok.xlsx", [["Фамилия", "Имя"], ["Омаров", "Нұрлан"]])
    result = run("--db", str(db), "import", str(clean), "--dry-run")
    assert result.returncode == 0 and db_counts(db) == (0, 0)
    assert run("--db", str(db), "import", str(messy_register(tmp_path / "m.xlsx")), "--dry-run").returncode == 1


def test_unreadable_files_and_usage_errors_exit_2(tmp_path):
    db = tmp_path / "c.sqlite3"
    text = tmp_path / "text.xlsx"
    text.write_text("not a workbook")
    good = messy_register(tmp_path / "reg.xlsx")
    for args in ((str(tmp_path / "missing.xlsx"),), (str(text),), (str(good), "--sheet", "Нет такого"),
                 ("--no-such-option", str(good)), ()):
        result = run("--db", str(db), "import", *args)
        assert result.returncode == 2, (args, result.stderr)
        assert "Traceback" not in result.stderr and result.stderr.strip()
    assert run("--db", str(db), "import-undo", "one").returncode == 2


def test_errors_out_writes_the_problem_rows(tmp_path):
    db, errors = tmp_path / "c.sqlite3", tmp_path / "out" / "errors.xlsx"
    result = run("--db", str(db), "--lang", "kk", "import", str(messy_register(tmp_path / "reg.xlsx")),
                 "--errors-out", str(errors))
    assert result.returncode == 1
    sheet = openpyxl.load_workbook(errors).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Жол", "Күйі", "Баған", "Түрі", "Хабарлама")
    assert {r[0] for r in rows[1:]} == {11, 12, 13, 14}
    assert ("ЖСН" in {r[2] for r in rows[1:]}) and all(isinstance(r[0], int) for r in rows[1:])
    assert not [p for p in errors.parent.iterdir() if p.name != "errors.xlsx"]  # no temporary left


@pytest.mark.slow
def test_sigkill_during_import_leaves_all_or_nothing(tmp_path):
    """Kill the import at random moments; the database stays sound and holds the whole file or none of it."""
    db = tmp_path / "k.sqlite3"
    path, persons = big_register(tmp_path / "big.xlsx", 2500, seed=5)
    assert run("--db", str(db), "db", "upgrade").returncode == 0
    rng = random.Random(7)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for _attempt in range(4):
        child = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--db", str(db), "import", str(path)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        time.sleep(rng.uniform(0.3, 3.0))
        child.send_signal(signal.SIGKILL)
        child.wait()
        with sqlite3.connect(db) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db_counts(db)[1] in (0, persons)
        if db_counts(db)[1] == persons:
            break
    final = run("--db", str(db), "import", str(path), "--json")
    assert final.returncode == 0
    assert db_counts(db)[1] == persons
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("SELECT count(*) FROM import_batch").fetchone()[0] == 1

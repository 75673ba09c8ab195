"""``report monthly`` and ``export KIND`` as scripts call them: real files and exit codes, in this
process (tests/cli/in_process.py); the refusals' exit status also from a real process."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from tests.cli.in_process import run_process
from tests.cli.in_process import run_cli as run


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "c.sqlite3"
    done = run("--db", str(db), "demo", "--families", "30", "--seed", "3")
    assert done.returncode == 0, done.stderr
    return db


def test_monthly_report_in_the_language_asked_for(database, tmp_path):
    out = tmp_path / "m.pdf"
    done = run("--db", str(database), "report", "monthly", "--month", "2026-01", "--lang", "kk", "--out", str(out))
    assert done.returncode == 0, done.stderr
    text = "".join(page.extract_text() for page in PdfReader(str(out)).pages)
    assert "Айлық есеп" in text and "Қаңтар 2026" in text.replace("қаңтар", "Қаңтар")
    assert str(out) in done.stdout


def test_language_before_the_command_is_used_for_messages_and_report(database, tmp_path):
    out = tmp_path / "r.pdf"
    done = run("--db", str(database), "--lang", "ru", "report", "monthly", "--month", "2026-02", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "Записано" in done.stdout
    assert "Ежемесячный отчёт" in PdfReader(str(out)).pages[0].extract_text()


@pytest.mark.parametrize("kind", ["register", "quota", "employment", "education", "payments"])
def test_every_export_kind_writes_an_xlsx(database, tmp_path, kind):
    out = tmp_path / f"{kind}.xlsx"
    done = run("--db", str(database), "export", kind, "--out", str(out), "--year", "2026", "--lang", "ru")
    assert done.returncode == 0, done.stderr
    ws = openpyxl.load_workbook(out).active
    assert ws["A3"].value == "Период: 2026 год"


@pytest.mark.parametrize("args, fragment", [
    (["report", "monthly", "--month", "2026-13", "--out", "x.pdf"], "--month"),
    (["report", "monthly", "--month", "March", "--out", "x.pdf"], "YYYY-MM"),
    (["report", "monthly", "--out", "x.pdf"], "--month"),
    (["report", "weekly", "--month", "2026-01", "--out", "x.pdf"], "weekly"),
    (["export", "ledger", "--out", "x.xlsx"], "ledger"),
    (["export", "register", "--year", "26", "--out", "x.xlsx"], "--year"),
    (["export", "register", "--month", "2026/03", "--out", "x.xlsx"], "--month"),
    (["export", "register", "--year", "2025", "--month", "2026-03", "--out", "x.xlsx"], "2026-03"),
])
def test_bad_arguments_are_usage_errors_with_a_clear_message(database, tmp_path, args, fragment):
    done = run("--db", str(database), *args)
    assert done.returncode == 2
    assert fragment in done.stderr
    assert not list(tmp_path.iterdir())


def test_refusals_exit_with_one(database, tmp_path):
    future = run_process("--db", str(database), "report", "monthly", "--month", "2099-01", "--out", str(tmp_path / "f.pdf"))
    assert future.returncode == 1 and "2099-01" in future.stderr
    missing = run("--db", str(database), "export", "register", "--out", str(tmp_path / "no" / "such" / "r.xlsx"))
    assert missing.returncode == 1 and "does not exist" in missing.stderr
    assert not list(tmp_path.iterdir())


def test_json_figures_approve_and_show_give_back_the_approved_report(database, tmp_path):
    import json
    before = run("--db", str(database), "report", "monthly", "--month", "2026-03", "--json")
    assert before.returncode == 0, before.stderr
    figures = json.loads(before.stdout)
    assert figures["as_of"] == "2026-03-31" and set(figures["arrivals"]) >= {"families", "persons"}
    assert set(figures["status"]) >= {"granted", "extended", "ended_citizenship", "expired_without_end",
                                      "valid_at_end"}
    assert all(set(q) == {"plan", "included", "moved"} for q in figures["quota"].values())
    assert all(isinstance(figures["subsidies"][k], str) for k in ("due", "paid", "outstanding"))
    assert set(figures["education"]) >= {"applications", "admitted"} and "employment" in figures
    approved = run("--db", str(database), "report", "approve", "--month", "2026-03", "--lang", "kk")
    assert approved.returncode == 0, approved.stderr
    assert "SHA-256" in approved.stdout
    shown, printed = tmp_path / "shown.pdf", tmp_path / "printed.pdf"
    assert run("--db", str(database), "report", "show", "--month", "2026-03", "--out", str(shown)).returncode == 0
    assert run("--db", str(database), "report", "monthly", "--month", "2026-03", "--out",
               str(printed)).returncode == 0
    assert shown.read_bytes() == printed.read_bytes() and shown.read_bytes().startswith(b"%PDF")
    after = run("--db", str(database), "report", "monthly", "--month", "2026-03", "--json")
    assert after.stdout == before.stdout
    again = run("--db", str(database), "report", "approve", "--month", "2026-03")
    assert again.returncode == 1 and "2026-03" in again.stderr
    assert run("--db", str(database), "report", "show", "--month", "2026-04", "--json").returncode == 1

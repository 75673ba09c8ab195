"""Register content on the command line: hostile names, a sheet with only its header, an error
list that must never carry a formula, a damaged sheet said in words (not «list index out of range»)."""
from __future__ import annotations

import sqlite3

import openpyxl

from tests.cli.test_cli import run
from tests.crafted_workbooks import crafted_workbook, header_row, row, text_cell
from tests.register_files import write_sheet


def persons(db) -> int:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT count(*) FROM person").fetchone()[0]


def test_a_sheet_with_only_its_header_is_refused(tmp_path):
    db = tmp_path / "c.sqlite3"
    path = write_sheet(tmp_path / "header.xlsx", [["Реестр"], ["Фамилия", "Имя", "ИИН"]])
    result = run("--db", str(db), "--lang", "en", "import", str(path))
    assert result.returncode == 1, result.stderr
    assert "header in row 2 but no rows of data" in result.stderr
    assert "already in the database" not in result.stdout + result.stderr
    assert persons(db) == 0


def test_errors_out_writes_text_never_a_formula(tmp_path):
    db, out = tmp_path / "c.sqlite3", tmp_path / "errors.xlsx"
    # texts that start with «=» (inline strings: openpyxl would have written formulas)
    path = crafted_workbook(tmp_path / "formula.xlsx", [
        header_row(("=Фамилия", "Имя")), row(2, text_cell("A2", "Омаров")),
        row(3, text_cell("A3", '=HYPERLINK("http://x","Омаров")'), text_cell("B3", "Нұрлан"))])
    result = run("--db", str(db), "--lang", "en", "import", str(path), "--errors-out", str(out))
    assert result.returncode == 1, result.stderr
    assert "Row 3 «=Фамилия»: error: A name cannot start with «=»" in result.stdout
    sheet = openpyxl.load_workbook(out).active
    cells = [cell for line in sheet.iter_rows(min_row=2) for cell in line if isinstance(cell.value, str)]
    assert any(cell.value == "=Фамилия" for cell in cells)
    assert all(cell.data_type == "s" for cell in cells)  # a text, not a formula
    assert persons(db) == 0


def test_a_damaged_sheet_says_what_is_wrong(tmp_path):
    db = tmp_path / "c.sqlite3"
    path = crafted_workbook(tmp_path / "damaged.xlsx", [header_row(("Фамилия", "Имя")),
                                                        row(2, '<c r="A2" t="s"><v>7</v></c>')])
    result = run("--db", str(db), "--lang", "en", "import", str(path))
    assert result.returncode == 2, result.stderr
    assert "Cell A2 of the sheet «Тізілім» refers to text number 7" in result.stderr
    assert "list index out of range" not in result.stderr and "Traceback" not in result.stderr

""".xls, .xlsb and .ods registers: read whole by python-calamine, so their rectangle is walked first
(services/sheet_extent.py). A small file that spans a huge rectangle is refused with a message that
names its size, before calamine allocates anything; real registers in these formats import.
The files are written byte by byte in the test (tests/crafted_legacy.py), never committed."""
from __future__ import annotations

from pathlib import Path

import pytest

from i18n import Translator
from services.import_limits import MAX_WHOLE_SHEET_CELLS, RegisterLimitError
from services.register_reader import RegisterWorkbook, UnreadableRegisterError
from services.sheet_extent import widest_sheet
from tests.crafted_legacy import (ods_cell, ods_from_cells, ods_row, ods_workbook, rows_to_cells, xls_workbook,
                                  xlsb_workbook)
from tests.crafted_workbooks import cyrillic_name
from tests.services.test_import_limits import PEAK_LIMIT_MB, counts, refused, run_measured

HEADER = ["Фамилия", "Имя", "Отчество"]
ROWS = [HEADER] + [[cyrillic_name(n), "Нұрлан", "Серікұлы"] for n in range(2, 12)]


def register(path: Path) -> Path:
    """Ten valid rows under a header, in the format the suffix names."""
    if path.suffix == ".ods":
        return ods_from_cells(path, [("Тізілім", ROWS)])
    writer = xls_workbook if path.suffix == ".xls" else xlsb_workbook
    return writer(path, [("Тізілім", rows_to_cells(ROWS))])


def far_corner(path: Path) -> Path:
    """The header, one row, and one number far down and to the right: a file of a few KB whose
    rectangle is 65 536 rows × 256 columns (16.7 million cells; calamine took 1.06 GB for the .xls)."""
    cells = rows_to_cells(ROWS[:2]) + [(65_535, 255, 1.0)]
    if path.suffix == ".ods":
        return ods_workbook(path, [("Тізілім", [
            ods_row(*(ods_cell(v) for v in ROWS[0])), ods_row(*(ods_cell(v) for v in ROWS[1])),
            ods_row(ods_cell(), repeat=65_533), ods_row(ods_cell(None, repeat=255), ods_cell(1.0))])])
    writer = xls_workbook if path.suffix == ".xls" else xlsb_workbook
    return writer(path, [("Тізілім", cells)])


def repeated_rows(path: Path) -> Path:
    """The .ods trick: one row with a text repeated across 1 000 columns, repeated 100 000 times
    (1 KB of XML, 100 million cells)."""
    return ods_workbook(path, [("Тізілім", [ods_row(*(ods_cell(v) for v in HEADER)),
                                            ods_row(ods_cell("Ж", repeat=1000), repeat=100_000)])])


@pytest.fixture
def calamine_calls(monkeypatch):
    import python_calamine

    calls = []
    real = python_calamine.CalamineWorkbook.from_path
    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path",
                        lambda *a, **k: calls.append(a) or real(*a, **k))
    return calls


@pytest.mark.parametrize("suffix", [".xls", ".xlsb", ".ods"])
def test_a_register_in_an_older_format_imports(services, db_path, tmp_path, suffix, calamine_calls):
    path = register(tmp_path / f"register{suffix}")
    assert widest_sheet(path).cells == len(ROWS) * len(HEADER)
    report = services.imports.import_file(path)
    assert (report.invalid, report.imported) == (0, len(ROWS) - 1)
    assert calamine_calls  # read by the whole-sheet reader once its rectangle was found small


@pytest.mark.parametrize("suffix", [".xls", ".xlsb", ".ods"])
def test_a_huge_rectangle_is_refused_before_the_whole_sheet_reader_allocates_it(
        services, db_path, tmp_path, suffix, calamine_calls):
    path = far_corner(tmp_path / f"far{suffix}")
    assert path.stat().st_size < 20_000
    error = refused(services, db_path, path)
    assert isinstance(error, RegisterLimitError)
    assert (error.params["rows"], error.params["columns"]) == ("65 536", "256")
    for language in ("ru", "kk"):
        text = Translator(language).error(error)
        assert "65 536" in text and "256" in text and f"far{suffix}" in text and ".xlsx" in text
        assert text != Translator("en").error(error)  # translated, not the English source
    assert calamine_calls == []


def test_ods_repeats_count_as_the_cells_they_stand_for(services, db_path, tmp_path, calamine_calls):
    path = repeated_rows(tmp_path / "repeated.ods")
    extent = widest_sheet(path)
    assert (extent.rows, extent.columns) == (100_001, 1000) and extent.cells > MAX_WHOLE_SHEET_CELLS
    assert isinstance(refused(services, db_path, path), RegisterLimitError)
    assert calamine_calls == []


def test_ods_trailing_empty_cells_and_rows_cost_nothing(services, db_path, tmp_path):
    """LibreOffice ends every row with a run of empty cells and the sheet with a million empty rows:
    those are not cells calamine stores, and such a register imports."""
    rows = [ods_row(*(ods_cell(v) for v in values), ods_cell(None, repeat=1021)) for values in ROWS]
    path = ods_workbook(tmp_path / "libreoffice.ods", [("Тізілім", rows + [
        ods_row(ods_cell(None, repeat=1024), repeat=1_048_565)])])
    assert (widest_sheet(path).rows, widest_sheet(path).columns) == (len(ROWS), len(HEADER))
    assert services.imports.import_file(path).imported == len(ROWS) - 1


@pytest.mark.parametrize("suffix", [".xls", ".xlsb", ".ods"])
def test_a_file_that_is_not_its_format_is_refused_as_unreadable(services, db_path, tmp_path, suffix, calamine_calls):
    path = tmp_path / f"fake{suffix}"
    path.write_bytes(b"<html><body>not a workbook</body></html>" * 20)
    error = refused(services, db_path, path)
    assert not isinstance(error, RegisterLimitError) and error.params["name"] == path.name
    assert calamine_calls == []


def test_the_xls_walk_names_each_sheet_and_takes_the_widest(tmp_path):
    path = xls_workbook(tmp_path / "two.xls", [("Бірінші", [(0, 0, "a"), (9, 2, 1.0)]),
                                                ("Екінші", [(0, 0, "a"), (99, 9, "b")])])
    extent = widest_sheet(path)
    assert (extent.sheet, extent.rows, extent.columns) == ("Екінші", 100, 10)
    with RegisterWorkbook(path) as book:
        assert book.sheet_names == ["Бірінші", "Екінші"]


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory is read from /proc (Linux)")
@pytest.mark.parametrize("name, build", [("far.xls", far_corner), ("far.xlsb", far_corner),
                                         ("far.ods", far_corner), ("repeated.ods", repeated_rows)])
def test_crafted_older_formats_on_the_command_line_stay_under_the_memory_bound(tmp_path, name, build):
    db = tmp_path / "c.sqlite3"
    path = build(tmp_path / name)
    result, peak_mb = run_measured("--db", str(db), "import", str(path))
    assert result.returncode == 2, result.stderr
    assert peak_mb < PEAK_LIMIT_MB, f"peak {peak_mb:.0f} MB"
    assert "Traceback" not in result.stderr and ".xlsx" in result.stderr
    assert counts(db)[:2] == (0, 0)


def test_an_unwalkable_file_never_reaches_the_whole_sheet_reader(tmp_path):
    path = tmp_path / "empty.xls"
    path.write_bytes(b"")
    with pytest.raises(UnreadableRegisterError):
        RegisterWorkbook(path)

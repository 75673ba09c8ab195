"""The registry's xlsx writer: rows and dates read back, progress, and a cancel that leaves no file."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from reports.registry_export import STEP, render_registry_xlsx
from services.progress import Cancelled, ProgressState


def test_rows_and_dates_read_back(tmp_path):
    path = tmp_path / "registry.xlsx"
    rows = [["2026-0001", "Қасымов Ерлан", dt.date(2026, 12, 9)], ["2026-0002", "Омаров Бауыржан", None]]
    assert render_registry_xlsx("Тізілім", ["Іс №", "Отбасы басшысы", "Келесі мерзім"], iter(rows), path) == 2
    sheet = openpyxl.load_workbook(path).active
    assert sheet.title == "Тізілім"
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0] == ["Іс №", "Отбасы басшысы", "Келесі мерзім"]
    assert values[1][2].date() == dt.date(2026, 12, 9) and sheet["C2"].number_format == "DD.MM.YYYY"
    assert values[2] == ["2026-0002", "Омаров Бауыржан", None]


def test_cancel_midway_leaves_no_file_and_keeps_an_older_one(tmp_path):
    path = tmp_path / "registry.xlsx"
    path.write_bytes(b"the previous export")
    progress = ProgressState()

    def rows():
        for index in range(STEP * 3):
            if index == STEP + 1:
                progress.cancel()
            yield [index, f"row {index}"]

    with pytest.raises(Cancelled):
        render_registry_xlsx("Registry", ["n", "name"], rows(), path, progress, STEP * 3)
    assert path.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["registry.xlsx"]  # no temporary file left behind
    assert progress.snapshot()[0] == STEP  # progress was reported before the cancel

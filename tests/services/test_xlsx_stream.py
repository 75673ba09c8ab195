"""The streaming .xlsx reader gives the same values as python-calamine, row by row,
whatever Excel (or openpyxl) put in the file: shared and inline strings, rich text,
dates in both calendars, formulas, gaps, cells written out of order."""
from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from services.register_reader import RegisterWorkbook, UnreadableRegisterError, _CalamineBook, _StreamBook
from services.xlsx_stream import XlsxStream


def _trimmed(rows):
    """Rows without trailing empty cells (calamine pads every row to the sheet's width)."""
    out = []
    for number, values in rows:
        values = list(values)
        while values and values[-1] is None:
            values.pop()
        out.append((number, values))
    while out and not out[-1][1]:
        out.pop()
    return out


def _same_as_calamine(path: Path, sheet: str, errors: tuple[tuple[int, int], ...] = ()) -> list:
    """The streamed rows, checked against calamine's; an error cell («#N/A») reads as its text
    here where calamine gives an empty cell: the user then sees what the cell shows."""
    stream, calamine = _StreamBook(path), _CalamineBook(path)
    try:
        streamed = _trimmed(stream.rows(sheet))
        expected = [(n, list(v)) for n, v in streamed]
        for row, column in errors:
            expected[row - 1][1][column] = None
        assert _trimmed(expected) == _trimmed(calamine.rows(sheet))
        return streamed
    finally:
        stream.close()
        calamine.close()


def test_a_register_as_excel_saves_it_reads_like_calamine(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Тізілім"
    sheet["A1"] = "Қандастар тізілімі"
    sheet.merge_cells("A1:F1")
    sheet.append([])
    sheet.append(["№", "Тегі", "Аты", "ЖСН", "Туған күні", "Келген уақыты", "Барды ма"])
    sheet.append([1, "Әбілқасымов ", "Нұрлан", 850412312347, dt.date(1985, 4, 12), dt.datetime(2025, 2, 19, 9, 30), True])
    sheet.append([2.5, CellRichText(["Ұлы", TextBlock(InlineFont(b=True), "құлова")]), "Айгүл", "041231600345",
                  "12.04.1985", dt.datetime(2025, 3, 1), False])
    sheet.append([3, "=B4&B5", "=1/0", "#N/A", None, None, None])
    sheet["C20"] = "кейінгі жол"  # rows 7–19 are not in the file
    sheet["E4"].number_format = "dd.mm.yyyy"
    path = tmp_path / "register.xlsx"
    book.save(path)
    rows = _same_as_calamine(path, "Тізілім", errors=((6, 3),))
    assert rows[3] == (4, [1.0, "Әбілқасымов ", "Нұрлан", 850412312347.0, dt.date(1985, 4, 12),
                           dt.datetime(2025, 2, 19, 9, 30), True])
    assert rows[4][1][1] == "Ұлықұлова" and rows[4][1][5] == dt.date(2025, 3, 1)
    assert rows[5] == (6, [3.0, None, None, "#N/A"])  # formulas openpyxl saved without a cached value
    assert [n for n, _ in rows] == list(range(1, 21)) and rows[19] == (20, [None, None, "кейінгі жол"])


def test_inline_strings_and_the_1904_calendar(tmp_path):
    book = openpyxl.Workbook(write_only=True)
    book.epoch = CALENDAR_MAC_1904
    sheet = book.create_sheet("Sheet")
    sheet.append(["Фамилия", "Дата прибытия"])
    for day in range(1, 40):
        sheet.append([f"Омаров {day}", dt.date(2024, 1, 1) + dt.timedelta(days=day)])
    path = tmp_path / "inline.xlsx"
    book.save(path)
    rows = _same_as_calamine(path, "Sheet")
    assert rows[1] == (2, ["Омаров 1", dt.date(2024, 1, 2)])
    assert len(rows) == 40


def test_row_estimate_follows_the_dimension_or_the_bytes_read(tmp_path):
    book = openpyxl.Workbook(write_only=True)  # write-only files carry no <dimension>
    sheet = book.create_sheet("S")
    for n in range(3000):
        sheet.append([f"Тегі {n}", n])
    path = tmp_path / "big.xlsx"
    book.save(path)
    stream = XlsxStream(str(path))
    estimates = [stream.row_estimate for number, _ in stream.rows("S") if number % 500 == 0]
    assert all(2500 <= e <= 3500 for e in estimates[1:]) and estimates[-1] == 3000
    stream.close()
    full = openpyxl.Workbook()
    for n in range(50):
        full.active.append([n])
    full.save(tmp_path / "dim.xlsx")
    stream = XlsxStream(str(tmp_path / "dim.xlsx"))
    first = next(iter(stream.rows(stream.sheet_names[0])))
    assert first == (1, [0.0]) and stream.row_estimate == 50
    stream.close()


def _rewrite_sheet(source: Path, target: Path, body: str) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = body.encode()
            new.writestr(item, data)


def _minimal(tmp_path: Path) -> Path:
    book = openpyxl.Workbook()
    book.active.append(["Фамилия", "Имя"])
    path = tmp_path / "base.xlsx"
    book.save(path)
    return path


NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def test_entities_are_never_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    body = (f'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file://{secret}">]>'
            f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row>'
            "</sheetData></worksheet>")
    path = tmp_path / "xxe.xlsx"
    _rewrite_sheet(_minimal(tmp_path), path, body)
    with RegisterWorkbook(path) as book:
        rows = list(book.rows(book.sheet_names[0]))
    assert "top secret" not in repr(rows)


@pytest.mark.parametrize("cells", [
    '<c r="A1" t="s"><v>999</v></c>',  # a shared string that does not exist
    '<c r="1A"><v>1</v></c>',  # a reference with no column letters
    '<c r="A1"><v>1</v>',  # XML cut short
])
def test_a_damaged_sheet_names_the_sheet(tmp_path, cells):
    _refused(tmp_path, "1", cells)


def test_a_row_number_beyond_excels_last_row_is_refused(tmp_path):
    # read on, it would hand out two billion empty rows before the first cell
    _refused(tmp_path, "2000000000", '<c t="inlineStr"><is><t>Омаров</t></is></c>')


def _refused(tmp_path: Path, row: str, cells: str) -> None:
    path = tmp_path / "damaged.xlsx"
    _rewrite_sheet(_minimal(tmp_path), path, f"<worksheet {NS}><sheetData><row r=\"{row}\">{cells}</row></sheetData></worksheet>")
    with RegisterWorkbook(path) as book, pytest.raises(UnreadableRegisterError) as raised:
        list(book.rows(book.sheet_names[0]))
    assert raised.value.params["sheet"] == book.sheet_names[0]


def test_inline_strings_leave_out_phonetic_guides(tmp_path):
    # Japanese-locale Excel adds <rPh> reading guides; the value is the text alone, as calamine reads it
    cells = ('<c r="A1" t="inlineStr"><is><t>Омаров</t><rPh sb="0" eb="2"><t>おまろふ</t></rPh></is></c>'
             '<c r="B1" t="inlineStr"><is><r><t>Ай</t></r><r><rPr><b/></rPr><t>гүл</t></r>'
             '<rPh sb="0" eb="1"><t>あい</t></rPh></is></c>'
             '<c r="C1" t="inlineStr"><is><t/></is></c><c r="D1" t="inlineStr"/>')
    path = tmp_path / "phonetic.xlsx"
    _rewrite_sheet(_minimal(tmp_path), path, f'<worksheet {NS}><sheetData><row r="1">{cells}</row></sheetData></worksheet>')
    stream = XlsxStream(str(path))
    assert list(stream.rows(stream.sheet_names[0])) == [(1, ["Омаров", "Айгүл", "", None])]
    stream.close()

"""Where the rows of a register are judged (services/register_reader.py ``RegisterWorkbook.judged``):
when python-calamine reads the sheet in its child process, the child also applies the form's rules
(``domain.register_rows.RowReader``) and computes the keys and search words the writer stores, on the
second core; everywhere else (the stream reader: a small file, a sheet above the child's bound, a
child that cannot start) they are judged in the import's process. Either way the report and the
rows written are the same. Tested by the choice made, never by time."""
from __future__ import annotations

import os
import sqlite3

import pytest

from domain.register_header import HEADER_SEARCH_ROWS, find_header
from domain.register_rows import CountryLookup, RowReader
from services import register_child_reader, sheet_child
from services.register_reader import RegisterWorkbook
from tests.register_files import messy_register, write_sheet

pytestmark = pytest.mark.skipif(os.name != "posix",
                                reason="the child reader runs only where its memory can be capped")


def judged_by(services, path) -> tuple[str, bool, list]:
    """(reader, rules judged in the child, the judged rows) of the first sheet, as the import reads it."""
    with services.ctx.reading() as uow:
        regions, countries = uow.reference.regions(), CountryLookup(uow.reference.countries())
    with RegisterWorkbook(path) as book:
        sheet = book.sheet_names[0]
        rows = book.rows(sheet)
        header = find_header(rows)
        book.keep_columns(max(header.fields) + 1)
        reader = RowReader(header, services.ctx.today(), regions, countries)
        judged = [(seen, None if parsed is None else (parsed.row, parsed.values, parsed.errors, parsed.warnings,
                                                       parsed.repairs, parsed.name_key))
                  for seen, parsed in book.judged(sheet, rows, header, reader)]
        return getattr(book._book, "reader", "stream"), getattr(book._book, "rules_in_child", False), judged


def report_rows(report) -> list:
    def said(messages):
        return [(m.column, m.field, m.message, m.params) for m in messages]
    return [(r.row, r.status, said(r.errors), said(r.warnings), said(r.repairs), r.duplicate_of) for r in report.rows]


def test_the_child_judges_the_rows_as_the_import_process_does(services, tmp_path, monkeypatch):
    path = messy_register(tmp_path / "messy.xlsx")  # title block, numbering, blank and total rows, every problem
    in_process = judged_by(services, path)
    monkeypatch.setattr(register_child_reader, "CHILD_MIN_BYTES", 0)
    in_child = judged_by(services, path)
    assert in_process[:2] == ("stream", False) and in_child[:2] == ("calamine", True)
    assert in_child[2] == in_process[2] and sum(1 for _, row in in_child[2] if row is None) >= 2


def test_an_import_judged_in_the_child_reports_and_writes_the_same(services, tmp_path, monkeypatch):
    path = messy_register(tmp_path / "messy.xlsx")
    streamed = services.imports.analyse(path)
    monkeypatch.setattr(register_child_reader, "CHILD_MIN_BYTES", 0)
    through_child = services.imports.import_file(path, skip_invalid=True)
    assert report_rows(through_child) == report_rows(streamed)
    assert through_child.imported == streamed.ok == 4
    with sqlite3.connect(services.engine.url.database) as connection:
        persons = connection.execute("SELECT surname, search_key, sort_key FROM person ORDER BY id").fetchall()
        tokens = connection.execute("SELECT count(*) FROM person_search_token").fetchone()[0]
        heads = connection.execute("SELECT head_name, member_count FROM family ORDER BY id").fetchall()
    assert [p[0] for p in persons] == ["Сейітқали", "Сейітқали", "Сейітқали", "Омаров"]
    assert all(key and sort for _, key, sort in persons) and tokens > 4 * 3
    assert heads == [("Сейітқали Нұрлан Бекұлы", 3), ("Омаров Бауыржан", 1)]


def test_a_sheet_above_the_childs_bound_is_judged_in_the_import_process(services, tmp_path, monkeypatch):
    """The reader choice: a file whose parts declare more than the child may unpack goes through the
    stream reader, and its rows are judged in the import's own process."""
    path = messy_register(tmp_path / "messy.xlsx")
    monkeypatch.setattr(register_child_reader, "CHILD_MIN_BYTES", 0)
    assert register_child_reader.child_reader_fits(path)
    monkeypatch.setattr(register_child_reader, "CHILD_MAX_UNPACKED", 1024)
    assert not register_child_reader.child_reader_fits(path)
    reader, in_child, _ = judged_by(services, path)
    assert (reader, in_child) == ("stream", False)


def test_a_header_low_in_the_sheet_is_still_found_before_the_child_judges(services, tmp_path, monkeypatch):
    """The child sends the first rows for the header search and judges only the rows below the header
    the import found there: a header on the last row the search reads loses no row."""
    assert sheet_child.PREFIX_ROWS > HEADER_SEARCH_ROWS
    title = [[f"Тізілім, {n}-жол"] for n in range(1, HEADER_SEARCH_ROWS)]
    data = [[f"Сейітқали{'а' * (n % 7)}", "Нұрлан", f"{1 + n % 28:02d}.04.1985"] for n in range(60)]
    path = write_sheet(tmp_path / "low.xlsx", title + [["Фамилия", "Имя", "Дата рождения"]] + data)
    streamed = services.imports.analyse(path)
    monkeypatch.setattr(register_child_reader, "CHILD_MIN_BYTES", 0)
    assert judged_by(services, path)[:2] == ("calamine", True)
    through_child = services.imports.analyse(path)
    assert through_child.header_row == HEADER_SEARCH_ROWS
    assert report_rows(through_child) == report_rows(streamed) and len(through_child.rows) == 60

"""Crafted registers against the import's limits (services/import_limits.py): each is refused
with a message naming the limit, or read at a cost bounded by what it really holds; nothing
is ever written. The files are generated here with zipfile, never committed.

Peak memory is measured in a child process running the real command line: its ``VmHWM`` (the
peak resident set of the process since it started the program; ``resource.getrusage`` on Linux
keeps the parent's peak across ``exec``, and a test process that has just built a big file
would be measured instead). The million refused rows run at ``QANDAS_HOSTILE_ROWS`` rows (5 000 by default, so the
suite stays fast; ``QANDAS_HOSTILE_ROWS=1000000`` runs the issue's full case)."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from i18n import Translator
from services import import_limits, register_reader, xlsx_stream
from services.import_limits import COLUMN_MARGIN, MAX_CELLS_PER_ROW, RegisterLimitError
from services.import_report import MAX_DETAILED_ROWS
from services.register_reader import RegisterWorkbook, UnreadableRegisterError
from tests.cli.test_cli import ROOT
from tests.crafted_workbooks import crafted_workbook, cyrillic_name, header_row, row, text_cell

TR = Translator("ru")
PEAK_LIMIT_MB = 400
HOSTILE_ROWS = int(os.environ.get("QANDAS_HOSTILE_ROWS", "5000"))


def counts(db_path) -> tuple[int, int, int]:
    if not Path(db_path).exists():
        return (0, 0, 0)
    with sqlite3.connect(db_path) as connection:
        return tuple(connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("family", "person", "import_batch"))


def refused(services, db_path, path: Path) -> RegisterLimitError | UnreadableRegisterError:
    """The import refuses the file with a translated message, and writes nothing."""
    before = counts(db_path)
    with pytest.raises(UnreadableRegisterError) as raised:
        services.imports.import_file(path)
    assert counts(db_path) == before
    text = TR.error(raised.value)
    assert text.strip() and "{" not in text
    return raised.value


def run_measured(*args: str) -> tuple[subprocess.CompletedProcess, float]:
    """``python main.py ARGS`` in a child process; its exit code, output and peak memory in MB."""
    code = ("import atexit, runpy, sys\n"
            "atexit.register(lambda: sys.stderr.write('\\nPEAK_KB=%s\\n' % next(\n"
            "    line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM:'))))\n"
            f"sys.argv = [{str(ROOT / 'main.py')!r}] + sys.argv[1:]\n"
            "runpy.run_path(sys.argv[0], run_name='__main__')\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env,
                            timeout=900)
    peak = [line for line in result.stderr.splitlines() if line.startswith("PEAK_KB=")]
    assert peak, result.stderr
    return result, int(peak[-1].split("=")[1]) / 1024


# --- the files ------------------------------------------------------------------

def five_million_cells(path: Path) -> Path:
    """One row of five million empty cells: 20 MB of XML in a file of about a quarter megabyte."""
    return crafted_workbook(path, [header_row(), '<row r="2">', *(["<c/>" * 100_000] * 50), "</row>"])


def strings_bomb(path: Path, megabytes: int = 64) -> Path:
    """Shared strings that inflate a thousand times (the issue's file: 1.5 MB to 1.5 GB; here smaller,
    still past every limit but the total)."""
    text = "Ж" * 50_000
    return crafted_workbook(path, [header_row(), row(2, '<c r="A2" t="s"><v>0</v></c>')],
                            shared=(f"<si><t>{text}</t></si>" for _ in range(megabytes * 10)))


def test_one_row_of_five_million_cells_is_refused(services, db_path, tmp_path):
    path = five_million_cells(tmp_path / "row.xlsx")
    assert path.stat().st_size < 1_000_000
    error = refused(services, db_path, path)
    assert isinstance(error, RegisterLimitError)  # here the ratio trips first: «unpacks more than 200 times»
    assert error.params["limit"] == import_limits.MAX_RATIO


def test_a_row_past_excels_cell_count_is_refused_naming_the_row(services, db_path, tmp_path):
    # stored, not deflated: only the cell count can refuse this one
    path = crafted_workbook(tmp_path / "cells.xlsx", [header_row(), row(2, "<c/>" * (MAX_CELLS_PER_ROW + 1))],
                            compression=zipfile.ZIP_STORED)
    error = refused(services, db_path, path)
    assert isinstance(error, RegisterLimitError)
    assert (error.params["row"], error.params["limit"]) == ("2", "16 384")
    assert "16 384" in TR.error(error) and "2" in TR.error(error)


def test_a_limit_met_after_rows_were_written_leaves_nothing(services, db_path, tmp_path):
    # 1 200 valid rows are written in chunks of 500 inside the transaction before row 1 202 is met
    rows = [row(n, text_cell(f"A{n}", cyrillic_name(n)), text_cell(f"B{n}", "Нұрлан")) for n in range(2, 1202)]
    path = crafted_workbook(tmp_path / "late.xlsx", [header_row(("Фамилия", "Имя")), *rows,
                                                     row(1202, "<c/>" * (MAX_CELLS_PER_ROW + 1))],
                            compression=zipfile.ZIP_STORED)
    error = refused(services, db_path, path)
    assert isinstance(error, RegisterLimitError) and error.params["row"] == "1202"
    assert counts(db_path) == (0, 0, 0)


def test_a_shared_strings_bomb_is_refused(services, db_path, tmp_path):
    path = strings_bomb(tmp_path / "bomb.xlsx")
    assert path.stat().st_size < 1_000_000
    error = refused(services, db_path, path)
    assert isinstance(error, RegisterLimitError) and error.params["part"] == "xl/sharedStrings.xml"


@pytest.mark.parametrize("limit, strings, length, param", [
    ("MAX_SHARED_STRINGS", 101, 1, "100"),
    ("MAX_SHARED_CHARACTERS", 3, 600, "1 000"),
])
def test_the_table_of_texts_is_bounded_in_count_and_characters(services, db_path, tmp_path, monkeypatch,
                                                              limit, strings, length, param):
    # the real limits (1 000 000 texts, 32 000 000 characters) would need a 30 MB file: the same
    # check with a smaller limit, on a file that compresses too little to be refused by its ratio
    monkeypatch.setattr(xlsx_stream, limit, 100 if limit == "MAX_SHARED_STRINGS" else 1000)
    monkeypatch.setattr(import_limits, limit, 100 if limit == "MAX_SHARED_STRINGS" else 1000)
    path = crafted_workbook(tmp_path / "sst.xlsx", [header_row()], compression=zipfile.ZIP_STORED,
                            shared=(f"<si><t>{'Ж' * length}</t></si>" for _ in range(strings)))
    error = refused(services, db_path, path)
    assert isinstance(error, RegisterLimitError) and error.params["limit"] == param


def test_the_unpacked_size_is_counted_while_inflating(services, db_path, tmp_path, monkeypatch):
    monkeypatch.setattr(import_limits, "MAX_UNPACKED_BYTES", 200_000)
    path = crafted_workbook(tmp_path / "big.xlsx", [header_row()] + [
        row(n, text_cell(f"A{n}", cyrillic_name(n)), text_cell(f"B{n}", "Нұрлан")) for n in range(2, 3000)])
    error = refused(services, db_path, path)
    assert isinstance(error, RegisterLimitError) and error.params["limit"] == 0  # MB, rounded down

    # and a part that says it is small but inflates to more is stopped by the count, not by what it says
    budget = import_limits.UnpackBudget(limit=1000)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        part = import_limits.CountedPart(archive.open(info), budget, info, None)
        with pytest.raises(RegisterLimitError):
            while part.read(4096):
                pass


def test_rows_past_the_limit_are_refused(services, db_path, tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_stream, "MAX_ROWS", 50)
    path = crafted_workbook(tmp_path / "rows.xlsx", [header_row()] + [
        row(n, text_cell(f"A{n}", cyrillic_name(n))) for n in range(2, 60)])
    error = refused(services, db_path, path)
    assert isinstance(error, RegisterLimitError)


def test_far_right_cells_cost_nothing(services, db_path, tmp_path):
    """Every data row has a cell in column XFD (the issue's 5 MB file ran for ten minutes): the rows
    come out no wider than the header's columns plus the margin, and the register imports."""
    count = 3000
    path = crafted_workbook(tmp_path / "far.xlsx", [header_row(("Фамилия", "Имя"))] + [
        row(n, text_cell(f"A{n}", cyrillic_name(n)), text_cell(f"B{n}", "Нұрлан"), f'<c r="XFD{n}"><v>1</v></c>')
        for n in range(2, count + 2)])
    with RegisterWorkbook(path) as book:
        rows = book.rows(book.sheet_names[0])
        number, header = next(rows)
        assert number == 1 and len(header) == 2
        book.keep_columns(2)
        widths = {len(values) for _n, values in rows}
    assert max(widths) <= 2 + COLUMN_MARGIN
    report = services.imports.import_file(path)
    # (some generated names fold to one search key and count as duplicates)
    assert report.invalid == 0 and report.imported == report.ok > count // 2


def test_a_workbook_in_another_namespace_is_streamed_not_loaded_whole(services, db_path, tmp_path, monkeypatch):
    """The spreadsheet elements in an unknown namespace, or with an odd prefix, are read by local
    name; the whole-sheet reader is never asked (it held 1.85 GB for a 34 MB file)."""
    import python_calamine

    def whole_sheet(*_args, **_kwargs):
        raise AssertionError("the whole-sheet reader was used")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", whole_sheet)
    rows = [header_row(("Фамилия", "Имя"))] + [
        row(n, text_cell(f"A{n}", cyrillic_name(n)), text_cell(f"B{n}", "Айгүл")) for n in range(2, 12)]
    for name, namespace, prefix in (("odd.xlsx", "urn:a-trick", ""),
                                    ("prefix.xlsx", "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                                     "x")):
        path = crafted_workbook(tmp_path / name, rows, namespace=namespace, prefix=prefix)
        assert services.imports.analyse(path).ok == 10


def test_a_broken_namespace_is_refused_and_never_handed_to_a_whole_sheet_reader(services, db_path, tmp_path,
                                                                                monkeypatch):
    import python_calamine

    calls = []
    real = python_calamine.CalamineWorkbook.from_path
    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", lambda *a, **k: calls.append(a) or real(*a))
    monkeypatch.setattr(register_reader, "MAX_WHOLE_SHEET_FILE", 10_000)
    # an undeclared prefix: not XML a reader can parse, and bigger than a whole-sheet reader may take
    path = crafted_workbook(tmp_path / "broken.xlsx", [header_row()] + [
        row(n, text_cell(f"A{n}", cyrillic_name(n))) for n in range(2, 2000)], prefix="x", declare=False)
    assert path.stat().st_size > 10_000
    error = refused(services, db_path, path)
    assert not isinstance(error, RegisterLimitError) and error.params["name"] == "broken.xlsx"
    assert calls == []


def test_a_million_refused_rows_keep_their_messages_for_the_first_thousand_only(services, db_path, tmp_path):
    count = min(HOSTILE_ROWS, 20_000)  # the service-level check; the full count runs on the command line
    path = crafted_workbook(tmp_path / "refused.xlsx", [header_row(("Фамилия", "Имя"))] + [
        row(n, text_cell(f"A{n}", cyrillic_name(n))) for n in range(2, count + 2)])
    report = services.imports.import_file(path)
    assert (report.invalid, report.imported, len(report.rows)) == (count, 0, count)
    assert len(report.problem_rows()) == MAX_DETAILED_ROWS and report.dropped_rows == count - MAX_DETAILED_ROWS
    [problem] = report.problems
    assert (problem.rows, problem.first_row, problem.example.message) == (count, 2, "The given name is required.")
    assert report.rows[-1].details_dropped and report.rows[-1].status == "invalid"
    assert counts(db_path) == (0, 0, 0)


# --- the command line, measured -------------------------------------------------------------

def refused_rows(path: Path, count: int) -> Path:
    def rows():
        yield header_row(("Фамилия", "Имя"))
        for n in range(2, count + 2):
            yield row(n, text_cell(f"A{n}", "Омаров"))
    return crafted_workbook(path, rows())


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory is read from /proc (Linux)")
@pytest.mark.parametrize("build, code", [
    (five_million_cells, 2),
    (strings_bomb, 2),
    (lambda path: refused_rows(path, HOSTILE_ROWS), 1),
], ids=["five-million-cells", "strings-bomb", "refused-rows"])
def test_crafted_files_on_the_command_line_stay_under_the_memory_bound(tmp_path, build, code):
    db = tmp_path / "c.sqlite3"
    path = build(tmp_path / "crafted.xlsx")
    result, peak_mb = run_measured("--db", str(db), "import", str(path))
    assert result.returncode == code, result.stderr
    assert peak_mb < PEAK_LIMIT_MB, f"peak {peak_mb:.0f} MB"
    assert counts(db)[:2] == (0, 0)
    if code == 2:
        assert "Traceback" not in result.stderr and result.stderr.strip()
    else:
        assert "not listed one by one" in result.stdout


def test_a_small_file_that_would_be_a_huge_rectangle_never_reaches_the_whole_sheet_reader(
        services, db_path, tmp_path, monkeypatch):
    """python-calamine holds a sheet as a dense rectangle: a 10 KB file with a cell in column XFD on
    a thousand rows took 523 MB. When the stream reader cannot read such a file, it is refused."""
    import python_calamine

    def stream_fails(*_args, **_kwargs):
        raise ValueError("simulated: the stream reader does not understand this file")

    def whole_sheet(*_args, **_kwargs):
        raise AssertionError("the whole-sheet reader was used")

    monkeypatch.setattr(xlsx_stream.XlsxStream, "__init__", stream_fails)
    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", whole_sheet)
    path = crafted_workbook(tmp_path / "rectangle.xlsx", [header_row(("Фамилия", "Имя"))] + [
        row(n, text_cell(f"A{n}", "Ом"), f'<c r="XFD{n}"><v>1</v></c>') for n in range(2, 1002)])
    assert path.stat().st_size < 50_000
    refused(services, db_path, path)

"""The reader chosen by size (services/register_child_reader.py): python-calamine in a child process
whose memory is capped gives the same rows as the stream reader; a child that dies of its cap, or
cannot start, leaves the import to the stream reader with the same result; the import's process and
the child each stay under 400 MB on a file whose rectangle would take calamine past a gigabyte."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from services import register_child_reader
from services.register_reader import RegisterWorkbook
from tests.cli.test_cli import ROOT
from tests.crafted_workbooks import crafted_workbook, cyrillic_name, header_row, row, text_cell
from tests.services.test_import_limits import PEAK_LIMIT_MB

pytestmark = pytest.mark.skipif(os.name != "posix",
                                reason="the child reader runs only where its memory can be capped")


def register(path: Path, count: int = 300) -> Path:
    return crafted_workbook(path, [header_row(("Фамилия", "Имя", "Туған күні"))] + [
        row(n, text_cell(f"A{n}", cyrillic_name(n)), text_cell(f"B{n}", "Нұрлан"), f'<c r="C{n}"><v>{30000 + n}</v></c>')
        for n in range(2, count + 2)])


def all_rows(path: Path) -> tuple[str, list]:
    with RegisterWorkbook(path) as book:
        rows = list(book.rows(book.sheet_names[0]))
        return getattr(book._book, "reader", "stream"), rows


def test_the_child_reads_the_same_rows_as_the_stream_reader(tmp_path, monkeypatch):
    path = register(tmp_path / "r.xlsx")
    stream_reader, streamed = all_rows(path)
    monkeypatch.setattr(register_child_reader, "CHILD_MIN_BYTES", 0)
    child_reader, from_child = all_rows(path)
    assert (stream_reader, child_reader) == ("stream", "calamine")

    def trimmed(rows):
        out = []
        for number, values in rows:
            values = list(values)
            while values and values[-1] is None:
                values.pop()
            out.append((number, values))
        return out

    assert trimmed(from_child) == trimmed(streamed) and len(streamed) == 301


def test_an_import_through_the_child_gives_the_streamed_report(services, db_path, tmp_path, monkeypatch):
    path = register(tmp_path / "r.xlsx")
    streamed = services.imports.analyse(path)
    monkeypatch.setattr(register_child_reader, "CHILD_MIN_BYTES", 0)
    through_child = services.imports.import_file(path)
    assert (through_child.ok, through_child.invalid, through_child.duplicate) == \
        (streamed.ok, streamed.invalid, streamed.duplicate)
    assert through_child.imported == streamed.ok > 250


@pytest.mark.parametrize("breakage", ["memory cap", "no interpreter"])
def test_a_child_that_fails_leaves_the_sheet_to_the_stream_reader(tmp_path, monkeypatch, breakage):
    path = register(tmp_path / "r.xlsx")
    _, streamed = all_rows(path)
    monkeypatch.setattr(register_child_reader, "CHILD_MIN_BYTES", 0)
    if breakage == "memory cap":  # below what the interpreter already holds: calamine cannot load
        # (8 MB was enough in a fresh virtual environment, whose interpreter starts smaller)
        monkeypatch.setattr(register_child_reader, "CHILD_MEMORY_LIMIT", 1 << 20)
    else:
        monkeypatch.setattr(register_child_reader, "CHILD_SCRIPT", tmp_path / "missing.py")
        monkeypatch.setattr(register_child_reader.Path, "is_file", lambda self: True)
    reader, rows = all_rows(path)
    assert reader == "stream" and [n for n, _ in rows] == [n for n, _ in streamed]


def test_the_bundled_application_never_starts_a_child(tmp_path, monkeypatch):
    path = register(tmp_path / "r.xlsx")
    monkeypatch.setattr(register_child_reader, "CHILD_MIN_BYTES", 0)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert not register_child_reader.child_reader_fits(path)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory is read from /proc (Linux)")
def test_a_huge_rectangle_kills_only_the_child_and_the_import_stays_bounded(tmp_path):
    """1 000 rows each with a cell in column XFD: calamine would allocate 16 million cells (523 MB
    measured); the child dies of its cap, the stream reader reads the register, and the import
    process and its child each peak under 400 MB."""
    path = crafted_workbook(tmp_path / "far.xlsx", [header_row(("Фамилия", "Имя"))] + [
        row(n, text_cell(f"A{n}", cyrillic_name(n)), text_cell(f"B{n}", "Нұрлан"), f'<c r="XFD{n}"><v>1</v></c>')
        for n in range(2, 1002)])
    db = tmp_path / "c.sqlite3"
    code = ("import atexit, resource, runpy, sys\n"
            "from services import register_child_reader\n"
            "register_child_reader.CHILD_MIN_BYTES = 0\n"
            "atexit.register(lambda: sys.stderr.write('\\nPEAK_KB=%s CHILD_KB=%s\\n' % (next(\n"
            "    line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM:')),\n"
            "    resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)))\n"
            f"sys.argv = [{str(ROOT / 'main.py')!r}] + sys.argv[1:]\n"
            "runpy.run_path(sys.argv[0], run_name='__main__')\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", code, "--db", str(db), "import", str(path)],
                            capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr
    line = [part for part in result.stderr.split() if part.startswith(("PEAK_KB=", "CHILD_KB="))]
    peak, child = (int(part.split("=")[1]) / 1024 for part in line[-2:])
    assert peak < PEAK_LIMIT_MB and child < PEAK_LIMIT_MB, (peak, child)


def test_a_sheet_left_half_read_does_not_mix_its_rows_into_the_next(services, tmp_path, monkeypatch):
    """The import looks for the header sheet by sheet; a first sheet of notes is left half read
    while its rows still fill the child's pipe, and the register on the second sheet is read whole."""
    import openpyxl
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Ескертпе"
    for n in range(1, 3001):
        notes.append([f"жазба {n}"])
    sheet = book.create_sheet("Тізілім")
    sheet.append(["Фамилия", "Имя"])
    for n in range(2, 52):
        sheet.append([cyrillic_name(n), "Нұрлан"])
    path = tmp_path / "two.xlsx"
    book.save(path)
    streamed = services.imports.analyse(path)
    monkeypatch.setattr(register_child_reader, "CHILD_MIN_BYTES", 0)
    with RegisterWorkbook(path) as opened:
        first = opened.rows("Ескертпе")
        assert [next(first)[1] for _ in range(40)][-1] == ["жазба 40"]  # then left, as the header search does
        rows = list(opened.rows("Тізілім"))
        assert opened._book.reader == "calamine"  # a new child, not the stream reader as a fallback
    assert [values[:2] for _, values in rows[:2]] == [["Фамилия", "Имя"], [cyrillic_name(2), "Нұрлан"]]
    through_child = services.imports.analyse(path)
    counted = (through_child.sheet, through_child.ok, through_child.duplicate, through_child.invalid)
    assert counted == (streamed.sheet, streamed.ok, streamed.duplicate, streamed.invalid)
    assert through_child.sheet == "Тізілім" and through_child.ok + through_child.duplicate == 50

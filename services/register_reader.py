"""Reading the cells of a register file.

.xlsx and .xlsm go through ``services.xlsx_stream`` (rows stream with constant memory,
so a 100 000-row register costs no more memory than a 10 000-row one); other formats
(.xls, .xlsb, .ods) and a workbook that reader does not understand go through
python-calamine, then openpyxl read-only as the last resort, and only while the file is
small (``services.import_limits``: both hold a whole sheet in memory). A file past one of
the import's limits is refused (``RegisterLimitError``), never handed to another reader. Every reader gives rows as
plain Python values (str, float, bool, date/datetime, None) with their Excel row
numbers; formulas give their cached value (a file saved by a program that does not
calculate has none, and the cell reads as empty). Anything that is not a readable
workbook becomes ``UnreadableRegisterError`` with a message for the user.
"""
from __future__ import annotations

import hashlib
import re
import zipfile
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from domain.errors import DomainError
from domain.messages import N_
from domain.register_header import Header, skip_reason
from domain.register_rows import ParsedRow, RowReader
from services.import_limits import (COLUMN_MARGIN, MAX_CELLS_PER_ROW, MAX_RATIO, MAX_ROWS, MAX_WHOLE_SHEET_FILE,
                                    MAX_WHOLE_SHEET_CELLS, MAX_WHOLE_SHEET_UNPACKED, RegisterLimitError, too_big_for_whole_sheet,
                                    too_many_cells, too_many_rows, too_wide_for_whole_sheet)
from services.register_errors import UnreadableRegisterError
from services.register_child_reader import TooManyCells, _ChildFirstBook, child_reader_fits
from services.sheet_child import plain_row, sheet_rows
from services.sheet_extent import WALKED_SUFFIXES, NotWalkable, SheetExtent, widest_sheet

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
_OPENPYXL_SUFFIXES = (".xlsx", ".xlsm")
Row = tuple[int, list[Any]]


__all__ = ["RegisterWorkbook", "UnreadableRegisterError", "RegisterLimitError", "file_sha256"]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


_plain_row = plain_row


class _StreamBook:
    def __init__(self, path: Path) -> None:
        from services.xlsx_stream import XlsxStream
        self._book = XlsxStream(str(path))
        self.sheet_names = self._book.sheet_names
        if not self.sheet_names:
            self._book.close()
            raise ValueError("no worksheets")  # let the next reader say what the file is

    @property
    def row_estimate(self) -> int | None:
        return self._book.row_estimate

    def keep_columns(self, count: int) -> None:
        self._book.column_limit = count

    def rows(self, name: str) -> Iterator[Row]:
        for number, values in self._book.rows(name):
            yield number, _plain_row(values)

    def close(self) -> None:
        self._book.close()


def _check_whole_sheet(path: Path) -> None:
    """Refuses (``RegisterLimitError``) a file that a reader holding a whole sheet in memory may not
    open: a large file; a zip whose parts say they unpack to much (python-calamine trusts what they
    say); a sheet whose cells span a rectangle past ``MAX_WHOLE_SHEET_CELLS``, walked before any
    reader allocates it (``services.sheet_extent``; an .xlsx/.xlsm by its cell references)."""
    if path.stat().st_size > MAX_WHOLE_SHEET_FILE:
        raise too_big_for_whole_sheet(path.name)
    infos = None
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as archive:
                infos = archive.infolist()
        except (zipfile.BadZipFile, OSError):
            infos = None  # the reader itself will say the file is damaged
        if infos is not None and not (sum(i.file_size for i in infos) <= MAX_WHOLE_SHEET_UNPACKED
                                      and all(i.file_size <= MAX_RATIO * max(i.compress_size, 1) for i in infos)):
            raise too_big_for_whole_sheet(path.name)
    if path.suffix.lower() in WALKED_SUFFIXES:
        try:
            extent = widest_sheet(path)
        except NotWalkable as problem:
            raise _not_a_workbook(path) from problem
    elif infos is not None:
        extent = _dense_cells(path, infos)
    else:
        return
    if extent.cells > MAX_WHOLE_SHEET_CELLS:
        raise too_wide_for_whole_sheet(path.name, extent.rows, extent.columns)


def _not_a_workbook(path: Path) -> UnreadableRegisterError:
    return UnreadableRegisterError(N_(
        "The file {name} cannot be read as an Excel workbook; it may be damaged or of another kind "
        "renamed to {suffix}."), name=path.name, suffix=path.suffix)


_REFERENCE = re.compile(rb'\br="\$?([A-Z]{1,3})\$?([0-9]{1,7})"')


def _dense_cells(path: Path, infos: list[zipfile.ZipInfo]) -> SheetExtent:
    """The cells python-calamine would allocate for the widest sheet of an .xlsx/.xlsm: it holds a
    sheet as a dense rectangle up to its last row and column, so one cell in column XFD on a
    thousand rows is 16 million cells (523 MB measured for a 10 KB file)."""
    largest = SheetExtent("", 0, 0)
    with zipfile.ZipFile(path) as archive:
        for info in infos:
            if "worksheets/" not in info.filename or not info.filename.endswith(".xml"):
                continue
            rows = columns = 0
            tail = b""
            with archive.open(info) as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    chunk = tail + block
                    for letters, digits in _REFERENCE.findall(chunk):
                        column = 0
                        for char in letters:
                            column = column * 26 + char - 64
                        columns = max(columns, column)
                        rows = max(rows, int(digits))
                    tail = chunk[-32:]
            if rows * columns > largest.cells:
                largest = SheetExtent(info.filename, rows, columns)
    return largest


class _CalamineBook:
    def __init__(self, path: Path) -> None:
        import python_calamine
        self._book = python_calamine.CalamineWorkbook.from_path(str(path))
        self.sheet_names = list(self._book.sheet_names)

    def rows(self, name: str) -> Iterator[Row]:
        sheet = self._book.get_sheet_by_name(name)
        self.row_estimate = sheet.total_height + 1
        yield from sheet_rows(sheet)

    def close(self) -> None:
        self._book.close()


class _OpenpyxlBook:
    def __init__(self, path: Path) -> None:
        import openpyxl
        self._book = openpyxl.load_workbook(str(path), read_only=True, data_only=True, keep_links=False)
        self.sheet_names = list(self._book.sheetnames)

    def rows(self, name: str) -> Iterator[Row]:
        sheet = self._book[name]
        self.row_estimate = sheet.max_row
        for index, values in enumerate(sheet.iter_rows(values_only=True)):
            yield index + 1, _plain_row(values)

    def close(self) -> None:
        self._book.close()


def _xml_syntax_error() -> type[Exception]:
    # lxml (35 ms to import) is loaded when a register is read, not when the window starts
    from lxml import etree
    error: type[Exception] = etree.XMLSyntaxError  # lxml is read without stubs
    return error


class RegisterWorkbook:
    """An open register file; ``rows(sheet)`` streams one sheet."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise UnreadableRegisterError(N_("The file does not exist: {path}"), path=str(self.path))
        if self.path.suffix.lower() not in EXCEL_SUFFIXES:
            raise UnreadableRegisterError(N_(
                "This is not an Excel workbook (.xlsx, .xlsm or .xls): {name}"), name=self.path.name)
        self._book = self._open()
        if not self.sheet_names:
            raise UnreadableRegisterError(N_("The workbook has no sheets: {name}"), name=self.path.name)

    def _open(self) -> _StreamBook | _ChildFirstBook | _CalamineBook | _OpenpyxlBook:
        error: Exception | None = None
        if self.path.suffix.lower() in _OPENPYXL_SUFFIXES and zipfile.is_zipfile(self.path):
            try:
                stream = _StreamBook(self.path)
                return _ChildFirstBook(self.path, stream) if child_reader_fits(self.path) else stream
            except RegisterLimitError:
                raise  # past a limit: no other reader gets the file
            except Exception as problem:  # noqa: BLE001 - any reader failure means "try the next reader"
                error = problem
        try:
            _check_whole_sheet(self.path)
        except RegisterLimitError:
            if error is not None:  # an .xlsx the stream reader refused: too big to try a whole-sheet reader
                raise _not_a_workbook(self.path) from error
            raise
        try:
            return _CalamineBook(self.path)
        except Exception as problem:  # noqa: BLE001 - any reader failure means "try the other reader"
            error = problem
        if self.path.suffix.lower() in _OPENPYXL_SUFFIXES and zipfile.is_zipfile(self.path):
            try:
                return _OpenpyxlBook(self.path)
            except Exception as problem:  # noqa: BLE001
                error = problem
        if "password" in str(error).lower() or "encrypt" in str(error).lower():
            raise UnreadableRegisterError(N_("The workbook is protected by a password: {name}"),
                                          name=self.path.name)
        raise _not_a_workbook(self.path)

    @property
    def sheet_names(self) -> list[str]:
        return self._book.sheet_names

    def sheet(self, name: str) -> str:
        """The sheet's exact name; a sheet that does not exist is refused with the list of sheets."""
        if name in self.sheet_names:
            return name
        for candidate in self.sheet_names:
            if candidate.strip().casefold() == name.strip().casefold():
                return candidate
        raise UnreadableRegisterError(N_("The workbook has no sheet «{sheet}». Its sheets: {sheets}."),
                                      sheet=name, sheets=", ".join(f"«{s}»" for s in self.sheet_names))

    @property
    def row_estimate(self) -> int | None:
        """How many rows the sheet being read has (for the progress bar), when the reader knows."""
        return getattr(self._book, "row_estimate", None)

    def keep_columns(self, count: int) -> None:
        """From the next row on, only the first ``count`` columns (the header's, plus ``COLUMN_MARGIN``)
        are read: a cell far to the right costs nothing."""
        self._columns = max(1, min(count + COLUMN_MARGIN, MAX_CELLS_PER_ROW))
        keep = getattr(self._book, "keep_columns", None)
        if keep is not None:
            keep(self._columns)

    def rows(self, sheet: str) -> Iterator[Row]:
        self._columns = MAX_CELLS_PER_ROW
        seen = 0
        with self._reading(sheet):
            for number, values in self._book.rows(sheet):
                seen += 1
                if seen > MAX_ROWS:
                    raise too_many_rows()
                if len(values) > self._columns:  # the whole-sheet readers pad every row to the sheet's width
                    if len(values) > MAX_CELLS_PER_ROW:
                        raise too_many_cells(number)
                    values = values[:self._columns]
                yield number, values

    def judged(self, sheet: str, rows: Iterator[Row], header: Header,
               reader: RowReader) -> Iterator[tuple[int, ParsedRow | None]]:
        """The rows of ``rows`` (the sheet's rows below ``header``) judged by ``reader``: (rows seen
        so far, the ``ParsedRow``, or None for a row that is not data — ``skip_reason``).

        Where python-calamine reads the sheet in its child process and only the header search
        has read from it, the child judges the rows (``services.sheet_child``) while this process
        groups, checks for duplicates and writes the previous ones: the form's rules, half of the
        import's own work, run on the second core. Otherwise they are judged here, row by row."""
        book = self._book
        if isinstance(book, _ChildFirstBook) and book.can_judge(sheet):
            yield from self._judged_in_child(book, sheet, header, reader)
            return
        seen = 0
        for number, cells in rows:
            seen += 1
            yield seen, (None if skip_reason(cells, header) is not None else reader.read(number, cells))

    def _judged_in_child(self, book: _ChildFirstBook, sheet: str, header: Header,
                         reader: RowReader) -> Iterator[tuple[int, ParsedRow | None]]:
        seen = 0
        with self._reading(sheet):
            try:
                for last, batch in book.judged(header.row, self._columns, MAX_CELLS_PER_ROW, reader):
                    if last > MAX_ROWS:
                        raise too_many_rows()
                    for item in batch:
                        seen += 1
                        yield seen, (None if isinstance(item, int) else item)
            except TooManyCells as wide:
                raise too_many_cells(wide.row) from None

    @contextmanager
    def _reading(self, sheet: str) -> Iterator[None]:
        """A failure while a sheet is read, said to the user: a limit as it is, a damaged sheet plainly."""
        try:
            yield
        except (DomainError, GeneratorExit):  # a limit as it is; a generator left by its reader
            raise
        except _xml_syntax_error() as error:
            raise UnreadableRegisterError(N_(
                "The sheet «{sheet}» is damaged: its XML is cut short or malformed (line {line}). Open the file "
                "in Excel and save it again."), sheet=sheet, line=getattr(error, "lineno", "?")) from error
        except (zipfile.BadZipFile, zlib.error, EOFError) as error:
            raise UnreadableRegisterError(N_(
                "The sheet «{sheet}» is damaged: its compressed data fails the check. Open the file in Excel "
                "and save it again."), sheet=sheet) from error
        except Exception as error:  # noqa: BLE001 - a damaged sheet part in a way not foreseen above
            raise UnreadableRegisterError(N_(
                "The sheet «{sheet}» cannot be read; the file may be damaged. Open it in Excel and save it "
                "again."), sheet=sheet, detail=str(error)[:200]) from error

    def close(self) -> None:
        try:
            self._book.close()
        except Exception:  # noqa: BLE001 - closing a reader never matters to the user
            pass

    def __enter__(self) -> "RegisterWorkbook":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

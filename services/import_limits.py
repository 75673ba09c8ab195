"""How much of a register file an import is willing to read, whatever the file says about itself.

A register is a few hundred thousand rows of a dozen columns at most; a crafted workbook can
claim anything (five million cells in one row, a 1.5 MB file whose texts inflate to 1.5 GB,
a cell in the last of Excel's 16 384 columns on every row). Each limit below keeps memory
under 400 MB and time proportional to what the file really holds; past one, the file is
refused as a whole with ``RegisterLimitError`` naming the limit (the command line exits 2),
and nothing is written. docs/imports.md («Limits and hostile files») lists each limit with the
test that proves it.
"""
from __future__ import annotations

import zipfile
from typing import IO

from domain.messages import N_
from services.register_errors import UnreadableRegisterError

MB = 1 << 20

# Excel's own sheet size: a row never has more cells than this, a sheet never more rows.
MAX_CELLS_PER_ROW = 16_384
MAX_ROWS = 1_048_576
# Columns kept of each data row beyond the last column the header understands: the cells there
# still tell a title or a total row from data; cells further right are never padded nor stored.
COLUMN_MARGIN = 4
# The table of shared texts stays in memory for the whole read (a list of Python strings).
MAX_SHARED_STRINGS = 1_000_000
MAX_SHARED_CHARACTERS = 32_000_000
# Excel keeps at most 32 767 characters in a cell; a longer text is cut to one more than that
# (the row check then refuses it as too long).
MAX_CELL_CHARACTERS = 32_768
# Every part read, decompressed, in total; parts parsed as a whole tree (workbook, relationships,
# styles) each at most MAX_TREE_PART.
MAX_UNPACKED_BYTES = 1024 * MB
MAX_TREE_PART = 16 * MB
# XML deflates 5-20 times, a column of one repeated value up to ~100; a bomb ~1000 times.
# Parts under RATIO_FLOOR are not judged by their ratio (a tiny styles part may compress far).
MAX_RATIO = 200
RATIO_FLOOR = 8 * MB
# The stream reader frees each cell and row as it ends; anything else the parser builds (junk
# between cells, a cell with a million children) is refused when this much XML passes without one.
MAX_QUIET_BYTES = 4 * MB
# Readers that hold a whole sheet in memory (python-calamine, openpyxl) only for small files.
MAX_WHOLE_SHEET_FILE = 16 * MB
MAX_WHOLE_SHEET_UNPACKED = 64 * MB
# ... and while its widest sheet spans at most this many cells (last row × last column, walked
# before reading by services.sheet_extent for .ods/.xls/.xlsb): python-calamine allocates the whole
# rectangle, 32-64 bytes a cell measured (5 million cells of an .ods: 328 MB).
MAX_WHOLE_SHEET_CELLS = 4_000_000


class RegisterLimitError(UnreadableRegisterError):
    """The file goes past one of the import's limits; nothing of it is imported."""


def too_many_cells(row: int) -> RegisterLimitError:
    return RegisterLimitError(N_(
        "Row {row} of the sheet has more than {limit} cells, more than Excel allows in a row: "
        "the file was not imported."), row=row, limit=f"{MAX_CELLS_PER_ROW:,}".replace(",", " "))


def too_many_rows() -> RegisterLimitError:
    return RegisterLimitError(N_(
        "The sheet has more than {limit} rows, more than Excel allows: the file was not imported."),
        limit=f"{MAX_ROWS:,}".replace(",", " "))


def too_many_strings() -> RegisterLimitError:
    return RegisterLimitError(N_(
        "The workbook's table of texts holds more than {limit} texts: the file was not imported."),
        limit=f"{MAX_SHARED_STRINGS:,}".replace(",", " "))


def too_many_characters() -> RegisterLimitError:
    return RegisterLimitError(N_(
        "The workbook's table of texts holds more than {limit} characters: the file was not imported."),
        limit=f"{MAX_SHARED_CHARACTERS:,}".replace(",", " "))


def too_big_unpacked(limit_bytes: int) -> RegisterLimitError:
    return RegisterLimitError(N_(
        "The workbook unpacks to more than {limit} MB, more than a register import reads: "
        "the file was not imported."), limit=limit_bytes // MB)


def too_compressed(part: str) -> RegisterLimitError:
    return RegisterLimitError(N_(
        "The part «{part}» of the workbook unpacks more than {limit} times larger than it is stored; "
        "such a file is built to exhaust memory: it was not imported."), part=part, limit=MAX_RATIO)


def too_much_outside_cells(part: str) -> RegisterLimitError:
    return RegisterLimitError(N_(
        "The part «{part}» of the workbook holds more than {limit} MB of XML in one stretch outside any cell "
        "or text: the file was not imported."), part=part, limit=MAX_QUIET_BYTES // MB)


def too_big_for_whole_sheet(name: str) -> RegisterLimitError:
    return RegisterLimitError(N_(
        "The file {name} is too large to be read in this format (at most {limit} MB): save it as .xlsx "
        "and import it again."), name=name, limit=MAX_WHOLE_SHEET_FILE // MB)


def too_wide_for_whole_sheet(name: str, rows: int, columns: int) -> RegisterLimitError:
    return RegisterLimitError(N_(
        "A sheet of the file {name} spans {rows} rows by {columns} columns; in this format the whole "
        "rectangle would be held in memory, and at most {limit} cells are read this way: save the file as "
        ".xlsx and import it again."), name=name, rows=_spaced(rows), columns=_spaced(columns),
        limit=_spaced(MAX_WHOLE_SHEET_CELLS))


def _spaced(number: int) -> str:
    return f"{number:,}".replace(",", " ")


class UnpackBudget:
    """Decompressed bytes read from one workbook: the declared sizes are checked before a part is
    opened, the real bytes counted while it inflates (a zip may lie about its sizes)."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = MAX_UNPACKED_BYTES if limit is None else limit
        self.used = 0

    def check_declared(self, info: zipfile.ZipInfo, part_limit: int | None = None) -> None:
        if part_limit is not None and info.file_size > part_limit:
            raise too_big_unpacked(part_limit)
        if self.used + info.file_size > self.limit:
            raise too_big_unpacked(self.limit)
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise too_compressed(info.filename)

    def open(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, part_limit: int | None = None) -> "CountedPart":
        self.check_declared(info, part_limit)
        return CountedPart(archive.open(info), self, info, part_limit)


class CountedPart:
    """A zip member opened for reading that counts what it inflates and stops past a limit."""

    def __init__(self, handle: IO[bytes], budget: UnpackBudget, info: zipfile.ZipInfo,
                 part_limit: int | None) -> None:
        self._handle, self._budget, self._info, self._part_limit = handle, budget, info, part_limit
        self.read_bytes = 0
        # the reader sets ``mark`` each time it frees what it parsed; past ``quiet_limit`` bytes
        # without that, the parser is building a tree nobody frees
        self.mark = 0
        self.quiet_limit: int | None = None

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:  # the whole rest, still counted block by block
            return b"".join(iter(lambda: self.read(1 << 16), b""))
        data = self._handle.read(size)
        count = len(data)
        self.read_bytes += count
        self._budget.used += count
        if self._part_limit is not None and self.read_bytes > self._part_limit:
            raise too_big_unpacked(self._part_limit)
        if self._budget.used > self._budget.limit:
            raise too_big_unpacked(self._budget.limit)
        if self.quiet_limit is not None and self.read_bytes - self.mark > self.quiet_limit:
            raise too_much_outside_cells(self._info.filename)
        if self.read_bytes > RATIO_FLOOR and self.read_bytes > MAX_RATIO * max(self._info.compress_size, 1):
            raise too_compressed(self._info.filename)
        return data

    def tell(self) -> int:
        return self.read_bytes

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> "CountedPart":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

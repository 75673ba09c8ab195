"""How many cells python-calamine would allocate for the widest sheet of an .ods, .xls or .xlsb.

python-calamine holds a sheet as a dense rectangle from its first to its last cell (about 60
bytes a cell measured: 20 million cells took 1.27 GB), and a small file can claim a huge one — an
.ods row «repeated» a hundred thousand times with a cell in column 1000, an .xls with one number
in A1 and one in IV65536. So before a whole-sheet reader opens such a file, its cells are walked
here with constant memory, counting what they say about their position without keeping a value:

* .ods: ``content.xml`` streamed with lxml (each cell and row freed when it ends); the
  ``number-rows-repeated`` and ``number-columns-repeated`` attributes multiply arithmetically;
* .xlsb: the binary records of each ``xl/worksheets/*.bin`` part (row header, then cells);
* .xls: the BIFF records of the compound file's ``Workbook`` stream (read with olefile), each cell
  record's row and column.

The position of *every* cell counts, empty or not: calamine's rectangle runs to the last cell it
stores, and a count that errs keeps a file out rather than letting it in. The walks also read
through ``UnpackBudget`` (zip parts) so a part that lies about its size is stopped while inflating.
"""
from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from services.import_limits import MAX_QUIET_BYTES, MAX_WHOLE_SHEET_UNPACKED, UnpackBudget

# a repeat count larger than this is already a refusal; clamping keeps the arithmetic small
_REPEAT_CAP = 1 << 32


@dataclass(frozen=True)
class SheetExtent:
    sheet: str
    rows: int
    columns: int

    @property
    def cells(self) -> int:
        return self.rows * self.columns


NO_CELLS = SheetExtent("", 0, 0)


class NotWalkable(Exception):
    """The file is not what its name says, or is damaged: no whole-sheet reader gets it."""


WALKED_SUFFIXES = (".ods", ".xlsb", ".xls")


def widest_sheet(path: Path) -> SheetExtent:
    """The sheet with the largest rectangle of an .ods, .xlsb or .xls. A file whose cells cannot be
    walked raises ``NotWalkable`` (it is not handed to calamine on trust); a limit of
    ``services.import_limits`` passed while inflating raises its ``RegisterLimitError``."""
    from lxml import etree  # loaded when a file is read, not at start-up
    walk = {".ods": _ods_extents, ".xlsb": _xlsb_extents, ".xls": _xls_extents}[path.suffix.lower()]
    try:
        return _largest(walk(path))
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError, struct.error, ValueError, EOFError,
            IndexError, zlib.error) as problem:
        raise NotWalkable(str(problem)) from problem


def _largest(extents) -> SheetExtent:
    return max(extents, key=lambda e: e.cells, default=NO_CELLS)


# --- OpenDocument --------------------------------------------------------------------------
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_ROWS_REPEATED = f"{{{_TABLE}}}number-rows-repeated"
_COLUMNS_REPEATED = f"{{{_TABLE}}}number-columns-repeated"
_VALUE_TYPE = f"{{{_OFFICE}}}value-type"


def _repeat(element, attribute: str) -> int:
    try:
        return min(max(int(element.get(attribute, "1")), 1), _REPEAT_CAP)
    except ValueError:
        return 1


def _free(element) -> None:
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _ods_extents(path: Path):
    """Rows × columns of each table up to its last cell with a value or content; trailing empty
    cells (LibreOffice writes a run of 1 000+ at the end of each row) cost calamine nothing."""
    from lxml import etree
    budget = UnpackBudget(MAX_WHOLE_SHEET_UNPACKED)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("content.xml")
        with budget.open(archive, info) as handle:
            handle.quiet_limit = MAX_QUIET_BYTES
            name, row, rows, columns = "", 0, 0, 0
            column = last = 0
            for event, element in etree.iterparse(
                    handle, events=("start", "end"), resolve_entities=False, no_network=True, load_dtd=False,
                    tag=(f"{{{_TABLE}}}table", f"{{{_TABLE}}}table-row", f"{{{_TABLE}}}table-cell",
                         f"{{{_TABLE}}}covered-table-cell")):
                local = element.tag.rpartition("}")[2]
                if event == "start":
                    if local == "table":
                        name, row, rows, columns = element.get(f"{{{_TABLE}}}name", ""), 0, 0, 0
                    elif local == "table-row":
                        column = last = 0
                    continue
                handle.mark = handle.read_bytes
                if local in ("table-cell", "covered-table-cell"):
                    span = _repeat(element, _COLUMNS_REPEATED)
                    if element.get(_VALUE_TYPE) is not None or len(element) or element.text:
                        last = column + span
                    column += span
                    _free(element)
                elif local == "table-row":
                    span = _repeat(element, _ROWS_REPEATED)
                    if last:
                        rows, columns = row + span, max(columns, last)
                    row += span
                    _free(element)
                else:
                    yield SheetExtent(name, rows, columns)
                    _free(element)


# --- Excel binary workbook (.xlsb) ----------------------------------------------------------
_BRT_ROW_HDR = 0x0000
_BRT_CELLS = frozenset(range(0x0001, 0x000C))  # blank, rk, error, bool, real, st, isst, formula ×4
_BRT_END_SHEET_DATA = 0x0092


def _varint(data: bytes, at: int, most: int) -> tuple[int, int]:
    value = shift = 0
    for _ in range(most):
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            break
    return value, at


def _xlsb_records(handle):
    """(type, payload) of each record, read in blocks (a record's payload is at most a few KB in
    a real file; a larger one is skipped without being kept)."""
    buffer, at = b"", 0
    while True:
        if len(buffer) - at < 16:
            buffer = buffer[at:] + handle.read(1 << 16)
            at = 0
            if not buffer:
                return
        kind, at = _varint(buffer, at, 2)
        size, at = _varint(buffer, at, 4)
        while len(buffer) - at < min(size, 16):
            more = handle.read(1 << 16)
            if not more:
                return
            buffer = buffer[at:] + more
            at = 0
        yield kind, buffer[at:at + min(size, 16)]
        skip = size - (len(buffer) - at)
        if skip > 0:
            buffer, at = b"", 0
            while skip > 0:
                chunk = handle.read(min(skip, 1 << 16))
                if not chunk:
                    return
                skip -= len(chunk)
        else:
            at += size


def _xlsb_extents(path: Path):
    budget = UnpackBudget(MAX_WHOLE_SHEET_UNPACKED)
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if "worksheets/" not in info.filename or not info.filename.endswith(".bin"):
                continue
            row, rows, columns = 0, 0, 0
            with budget.open(archive, info) as handle:
                for kind, payload in _xlsb_records(handle):
                    if kind == _BRT_ROW_HDR and len(payload) >= 4:
                        row = struct.unpack_from("<I", payload)[0]
                    elif kind in _BRT_CELLS and len(payload) >= 4:
                        rows = max(rows, row + 1)
                        columns = max(columns, struct.unpack_from("<I", payload)[0] + 1)
                    elif kind == _BRT_END_SHEET_DATA:
                        break
            yield SheetExtent(info.filename.rpartition("/")[2], rows, columns)


# --- Excel 97-2003 (.xls) -----------------------------------------------------------------------
_BIFF_BOF, _BIFF_EOF, _BIFF_BOUNDSHEET, _BIFF_FILEPASS = 0x0809, 0x000A, 0x0085, 0x002F
# cell records that start with row and column: BLANK, NUMBER, LABEL, BOOLERR, RK, LABELSST, FORMULA,
# RSTRING (and their BIFF2-4 forms)
_BIFF_CELLS = frozenset((0x0201, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x0006, 0x0406, 0x00D6,
                         0x0001, 0x0002, 0x0003, 0x0004, 0x0005))
_BIFF_MULTI = frozenset((0x00BD, 0x00BE))  # MULRK, MULBLANK: row, first column, …, last column


def _xls_extents(path: Path):
    import olefile
    with olefile.OleFileIO(str(path)) as ole:
        stream = "Workbook" if ole.exists("Workbook") else "Book"
        if not ole.exists(stream):
            return
        with ole.openstream(stream) as handle:
            data = handle.read()  # the file is at most MAX_WHOLE_SHEET_FILE: its stream is no larger
    names: list[str] = []
    depth, substream, rows, columns, at = 0, -1, 0, 0, 0  # substream 0: the workbook globals
    while at + 4 <= len(data):
        kind, size = struct.unpack_from("<HH", data, at)
        body = data[at + 4:at + 4 + size]
        at += 4 + size
        if kind == _BIFF_BOF:
            depth += 1
            if depth == 1:
                substream, rows, columns = substream + 1, 0, 0
        elif kind == _BIFF_EOF:
            depth = max(0, depth - 1)
            if depth == 0 and substream >= 1:
                index = substream - 1
                yield SheetExtent(names[index] if index < len(names) else str(index + 1), rows, columns)
        elif depth != 1:
            continue  # an embedded chart's records
        elif kind == _BIFF_FILEPASS:
            return  # encrypted from here on: positions would be noise; calamine says «password»
        elif kind == _BIFF_BOUNDSHEET and substream == 0:
            names.append(_boundsheet_name(body))
        elif kind in _BIFF_CELLS and len(body) >= 4:
            row, column = struct.unpack_from("<HH", body)
            rows, columns = max(rows, row + 1), max(columns, column + 1)
        elif kind in _BIFF_MULTI and len(body) >= 6:
            row, = struct.unpack_from("<H", body)
            last, = struct.unpack_from("<H", body, len(body) - 2)
            rows, columns = max(rows, row + 1), max(columns, last + 1)


def _boundsheet_name(body: bytes) -> str:
    if len(body) < 8:
        return ""
    count, flags = body[6], body[7]
    raw = body[8:]
    try:
        return raw[:count * 2].decode("utf-16-le") if flags & 1 else raw[:count].decode("latin-1")
    except UnicodeDecodeError:
        return ""

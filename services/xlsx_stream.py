"""Streaming the rows of one .xlsx/.xlsm worksheet with constant memory.

python-calamine reads a whole sheet into memory before the first row comes out (about
1 KB per register row: 110 MB for 100 000 rows), and openpyxl's read-only mode streams
but builds a cell object per value (six times slower). A register import needs neither
styles nor formulas, only each cell's value, so this reader walks the sheet's XML with
lxml's ``iterparse`` and frees every row once it is handed on. Only the shared strings
table and the date-ness of each cell style stay in memory.

Values come out as the other readers give them: str, float (int for whole numbers
typed as such), bool, ``datetime.date`` (or ``datetime.datetime`` with a time of day) for
cells whose number format is a date, ``None`` for empty cells; a formula gives its cached
value; an error cell (``#N/A``) gives its text.
"""
from __future__ import annotations

import datetime as dt
import posixpath
import zipfile
from typing import Any, Iterator

from lxml import etree

from domain.messages import N_
from services.import_limits import (MAX_CELL_CHARACTERS, MAX_CELLS_PER_ROW, MAX_ROWS, MAX_SHARED_CHARACTERS,
                                    MAX_QUIET_BYTES, MAX_SHARED_STRINGS, MAX_TREE_PART, CountedPart, UnpackBudget,
                                    too_many_cells, too_many_characters, too_many_rows, too_many_strings)
from services.register_errors import UnreadableRegisterError

Row = tuple[int, list[Any]]


CALENDAR_WINDOWS_1900 = dt.datetime(1899, 12, 30)
CALENDAR_MAC_1904 = dt.datetime(1904, 1, 1)

class XlsxFormatError(UnreadableRegisterError):
    """The package is a zip but not a workbook this reader understands, or a sheet is damaged."""


def _parser_options() -> dict[str, Any]:
    # a register is data typed by people: no entities, no DTDs, no network; huge_tree stays off,
    # so libxml2 refuses a single text node over 10 MB before it is built
    return {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}


class _Local(dict):
    """The local name of a tag, whatever its namespace ("{urn:any}row" -> "row"), memoised.

    Elements are recognised by local name only: a workbook that writes the spreadsheet
    namespace in an unusual way (another prefix, the Strict URI, none at all) is read like
    any other instead of being handed to a reader that loads the whole sheet."""

    def __missing__(self, tag) -> str:
        local = tag.rpartition("}")[2] if isinstance(tag, str) else ""
        if len(self) < 512:  # a file cannot grow this memo by inventing namespaces
            self[tag] = local
        return local


def _children(element, local: str, names: _Local) -> list[Any]:
    return [child for child in element if names[child.tag] == local]


def _child(element, local: str, names: _Local):
    return next((child for child in element if names[child.tag] == local), None)


def _relationship_id(sheet) -> str | None:
    """The ``r:id`` of a ``<sheet>``: a namespaced attribute named ``id`` in whatever namespace."""
    for key, value in sheet.attrib.items():
        if key.startswith("{") and key.rpartition("}")[2] == "id":
            return value
    return None


class XlsxStream:
    """An open workbook: ``sheet_names`` and ``rows(name)`` streaming (row number, values)."""

    def __init__(self, path: str) -> None:
        self._zip = zipfile.ZipFile(path)
        self._names = _Local()
        self.budget = UnpackBudget()
        # cells at or beyond this column are skipped unread (the caller narrows it once the header is known)
        self.column_limit = MAX_CELLS_PER_ROW
        try:
            workbook = self._xml(self._workbook_part())
            if self._names[workbook.tag] != "workbook":
                raise XlsxFormatError(N_("The file is a zip archive but not an Excel workbook."))
            self._epoch = self._calendar(workbook)
            self._sheets = self._sheet_parts(workbook)
            self._strings: list[str] | None = None
            self._date_styles: list[bool] | None = None
        except Exception:
            self._zip.close()
            raise
        self._dimension_rows: int | None = None
        self._reading: CountedPart | None = None
        self._sheet_bytes = 0
        self._rows_read = 0

    @property
    def row_estimate(self) -> int | None:
        """The sheet's last row as its dimension says; else extrapolated from the bytes read so far."""
        if self._dimension_rows is not None and self._dimension_rows >= self._rows_read:
            return self._dimension_rows
        if self._reading is None or self._rows_read == 0:
            return None
        done = self._reading.tell()
        return max(self._rows_read, round(self._rows_read * self._sheet_bytes / done)) if done else None

    # -- the package -----------------------------------------------------------------
    def _open(self, name: str, part_limit: int | None = None) -> CountedPart:
        try:
            info = self._zip.getinfo(name)
        except KeyError as missing:
            raise XlsxFormatError(N_("The workbook lacks its part «{part}»."), part=name) from missing
        return self.budget.open(self._zip, info, part_limit)

    def _workbook_part(self) -> str:
        root_rels = self._xml("_rels/.rels")
        for rel in root_rels.iter("{*}Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                return rel.get("Target", "").lstrip("/")
        raise XlsxFormatError(N_("The file is a zip archive but not an Excel workbook."))

    def _xml(self, name: str):
        """A small part parsed as a whole tree (at most MAX_TREE_PART unpacked)."""
        with self._open(name, MAX_TREE_PART) as handle:
            return etree.parse(handle, etree.XMLParser(**_parser_options())).getroot()

    def _calendar(self, workbook) -> dt.datetime:
        # the same moments as openpyxl.utils.datetime's CALENDAR_MAC_1904 / CALENDAR_WINDOWS_1900
        properties = _child(workbook, "workbookPr", self._names)
        if properties is not None and properties.get("date1904") in ("1", "true"):
            return CALENDAR_MAC_1904
        return CALENDAR_WINDOWS_1900

    def _rels(self, part: str) -> dict[str, str]:
        folder, name = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", name + ".rels")
        if rels_name not in self._zip.NameToInfo:
            return {}
        targets = {}
        for rel in self._xml(rels_name).iter("{*}Relationship"):
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            targets[rel.get("Id")] = path
            targets[rel.get("Type", "").rsplit("/", 1)[-1]] = path
        return targets

    def _sheet_parts(self, workbook) -> dict[str, str]:
        self._workbook_rels = self._rels(self._workbook_part())
        parts = {}
        sheets = _child(workbook, "sheets", self._names)
        for sheet in _children(sheets, "sheet", self._names) if sheets is not None else ():
            target = self._workbook_rels.get(_relationship_id(sheet))
            if target is not None and target in self._zip.NameToInfo:
                parts[sheet.get("name")] = target  # chartsheets and dialog sheets have no rows: left out
        return parts

    @property
    def sheet_names(self) -> list[str]:
        return list(self._sheets)

    # -- shared parts, read once on the first sheet ------------------------------------
    def _load_shared(self) -> None:
        if self._strings is not None:
            return
        strings: list[str] = []
        strings_part = self._workbook_rels.get("sharedStrings")
        if strings_part and strings_part in self._zip.NameToInfo:
            names, characters = self._names, 0
            with self._open(strings_part) as handle:
                handle.quiet_limit = MAX_QUIET_BYTES
                for _, element in etree.iterparse(handle, events=("end",), tag="{*}si", **_parser_options()):
                    handle.mark = handle.read_bytes
                    # rich text runs are joined; phonetic guides (rPh) are not part of the value
                    text = "".join(t.text or "" for t in element.iter("{*}t")
                                   if names[t.getparent().tag] != "rPh")[:MAX_CELL_CHARACTERS]
                    characters += len(text)
                    if len(strings) >= MAX_SHARED_STRINGS:
                        raise too_many_strings()
                    if characters > MAX_SHARED_CHARACTERS:
                        raise too_many_characters()
                    strings.append(text)
                    _free(element)
        self._strings = strings
        self._date_styles = self._styles()

    def _styles(self) -> list[bool]:
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format  # see _date
        styles_part = self._workbook_rels.get("styles")
        if not styles_part or styles_part not in self._zip.NameToInfo:
            return []
        names = self._names
        styles = self._xml(styles_part)
        formats = dict(BUILTIN_FORMATS)
        custom = _child(styles, "numFmts", names)
        for number_format in _children(custom, "numFmt", names) if custom is not None else ():
            try:
                formats[int(number_format.get("numFmtId"))] = number_format.get("formatCode")
            except (TypeError, ValueError):
                continue
        cell_formats = _child(styles, "cellXfs", names)
        dates = []
        for xf in _children(cell_formats, "xf", names) if cell_formats is not None else ():
            try:
                dates.append(is_date_format(formats.get(int(xf.get("numFmtId", "0")))))
            except (TypeError, ValueError):
                dates.append(False)
        return dates

    # -- rows ---------------------------------------------------------------------------
    def rows(self, name: str) -> Iterator[Row]:
        """Every row from row 1 on (rows missing from the file come out empty), cells padded from column A
        up to ``column_limit`` (cells further right are skipped without being read)."""
        self._load_shared()
        part = self._sheets[name]
        self._dimension_rows, self._rows_read = None, 0
        self._sheet_bytes = self._zip.getinfo(part).file_size
        with self._open(part) as handle:
            self._reading = handle
            try:
                yield from self._walk(handle)
            except XlsxFormatError as error:
                error.params.setdefault("sheet", name)  # the damaged-sheet messages name the sheet
                raise
            finally:
                self._reading = None

    def _walk(self, handle: CountedPart) -> Iterator[Row]:
        """Each cell is handled when it ends and emptied at once, each row freed once handed on, so
        a row of five million cells never exists as a tree; a row is refused past
        ``MAX_CELLS_PER_ROW`` cells, a sheet past ``MAX_ROWS`` rows. Elements that are neither
        (junk between cells) are built by the parser until the next cell: ``handle.quiet_limit``
        refuses the file when more than ``MAX_QUIET_BYTES`` pass without one."""
        names, strings, epoch = self._names, self._strings, self._epoch
        date_style = _DateStyles(self._date_styles)
        columns = _Columns()
        expected, row_elements = 1, 0
        values: list[Any] = []
        cells = next_column = 0
        limit = self.column_limit
        handle.quiet_limit = MAX_QUIET_BYTES
        for _, element in etree.iterparse(handle, events=("end",), tag=("{*}c", "{*}row", "{*}dimension"),
                                          **_parser_options()):
            # the tag filter lets only <c>, <row> and <dimension> through, whatever their namespace:
            # the last letter tells them apart
            last = element.tag[-1]
            if last == "c":
                cells += 1
                if not cells & 15:
                    handle.mark = handle.read_bytes
                if cells > MAX_CELLS_PER_ROW:
                    raise too_many_cells(_row_of(element, expected))
                reference = element.get("r")
                column = columns[reference.rstrip(_DIGITS)] if reference else next_column
                next_column = column + 1
                if column < limit:
                    value = _cell_value(element, names, strings, date_style, epoch)
                    if column == len(values):
                        values.append(value)
                    elif column > len(values):
                        values.extend([None] * (column - len(values)))
                        values.append(value)
                    else:  # a cell written twice or out of order: the later one wins, as in Excel
                        values[column] = value
                element.clear()  # the emptied cell stays in its row (at most MAX_CELLS_PER_ROW of them)
            elif last == "w":
                handle.mark = handle.read_bytes
                row_elements += 1
                if row_elements > MAX_ROWS:
                    raise too_many_rows()
                number = _row_number(element.get("r"), expected)
                _free(element)
                while expected < number:  # rows with nothing in them are not written by Excel
                    yield expected, []
                    expected += 1
                self._rows_read = number
                row, values, cells, next_column = values, [], 0, 0
                yield number, row
                expected = number + 1
                limit = self.column_limit
            else:
                self._dimension_rows = _last_row(element.get("ref", ""))

    def close(self) -> None:
        self._zip.close()


def _free(element) -> None:
    """Free an element that has ended, with every sibling before it (the parser keeps the tree)."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _row_of(cell, expected: int) -> int | str:
    row = cell.getparent()
    number = row.get("r") if row is not None else None
    return number[:20] if number else expected


def _row_number(text: str | None, expected: int) -> int:
    try:
        number = int(text) if text else expected
    except ValueError:
        number = -1
    if not 0 < number <= MAX_ROWS:
        raise XlsxFormatError(N_("The sheet «{sheet}» names a row {row} outside Excel's rows 1 to 1 048 576: "
                                 "the file is damaged."), row=str(text)[:20])
    return number


def _cell_value(cell, names: _Local, strings: list[str], date_style, epoch):
    kind = cell.get("t")
    if kind == "inlineStr":
        text = _inline_text(cell, names)
        return text[:MAX_CELL_CHARACTERS] if text is not None else None
    raw = None
    for child in cell:  # <f>, <v>, <extLst>: a plain loop costs less than findtext
        if names[child.tag] == "v":
            raw = child.text
            break
    if not raw:  # no value, or a formula never calculated (an empty <v/>)
        return None
    if kind == "s":
        try:
            return strings[int(raw)]
        except (IndexError, ValueError):
            raise XlsxFormatError(N_(
                "Cell {cell} of the sheet «{sheet}» refers to text number {index} of the workbook's table of "
                "texts, which holds only {count}: the file is damaged."), cell=(cell.get("r") or "?")[:20],
                index=raw[:20], count=len(strings)) from None
    if kind is None or kind == "n":
        return _number(raw, cell.get("s"), date_style, epoch)
    return _typed(raw, kind)


def _inline_text(cell, names: _Local) -> str | None:
    """The text of ``<is><t>…</t></is>``, or of its rich-text runs ``<is><r><t>…</t></r>…</is>``
    (phonetic guides, ``<rPh>``, are not part of the value)."""
    for box in cell:
        if names[box.tag] != "is":
            continue
        for part in box:
            if names[part.tag] == "t":
                return part.text or ""
        return "".join(t.text or "" for run in box if names[run.tag] == "r" for t in run if names[t.tag] == "t")
    return None


class _DateStyles(dict):
    """Whether a cell style (its ``s`` attribute) shows a date, memoised per style text."""

    def __init__(self, dates: list[bool] | None) -> None:
        super().__init__()
        self._dates = dates or []

    def __missing__(self, style: str) -> bool:
        try:
            index = int(style)
        except ValueError:
            index = -1
        self[style] = is_date = 0 <= index < len(self._dates) and self._dates[index]
        return is_date


_DIGITS = "0123456789"


class _Columns(dict):
    """Column index of a reference's letters ("AB" -> 27), memoised."""

    def __missing__(self, letters: str) -> int:
        index = 0
        for char in letters.replace("$", "").upper():
            if not "A" <= char <= "Z":
                raise _bad_reference(letters)
            index = index * 26 + ord(char) - 64
            if index > 16384:
                raise _bad_reference(letters)
        if index <= 0:
            raise _bad_reference(letters)
        self[letters] = index - 1
        return index - 1


def _bad_reference(letters: str) -> XlsxFormatError:
    return XlsxFormatError(N_("The sheet «{sheet}» has a cell in column «{column}», which is not one of Excel's "
                              "columns A to XFD: the file is damaged."), column=letters[:20])


def _number(raw: str, style: str | None, date_style: _DateStyles, epoch):
    try:
        number = float(raw)
    except ValueError:
        return raw[:MAX_CELL_CHARACTERS]  # not a number after all: its text, which the row check judges
    if style is not None and date_style[style]:
        return _date(number, epoch)
    return number


def _typed(raw: str, kind: str):
    if kind == "b":
        return raw.strip() in ("1", "true")
    if kind == "d":
        return _iso_date(raw)
    return raw[:MAX_CELL_CHARACTERS]  # "str" (a formula's text) and "e" (an error such as #N/A) read as their text


def _date(serial: float, epoch) -> dt.date | dt.datetime | float:
    # openpyxl (≈0.5 s of CPU to import) is loaded once a sheet is read here, not when the file is
    # opened: where python-calamine reads the sheet in its child, this reader only names the sheets
    from openpyxl.utils.datetime import from_excel
    try:
        moment = from_excel(serial, epoch)
    except (OverflowError, ValueError):
        return serial  # a number far outside the calendar stays a number; the row check refuses it
    if isinstance(moment, dt.datetime) and moment.time() == dt.time():
        return moment.date()
    return moment if isinstance(moment, dt.datetime) else serial


def _iso_date(raw: str):
    try:
        moment = dt.datetime.fromisoformat(raw.rstrip("Z"))
    except ValueError:
        return raw
    return moment.date() if moment.time() == dt.time() else moment


def _last_row(reference: str) -> int | None:
    last = reference.rpartition(":")[2]
    digits = last.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ$").replace("$", "")
    return int(digits) if digits.isdigit() else None

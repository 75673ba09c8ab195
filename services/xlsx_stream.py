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
from typing import IO, Iterator

from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

Row = tuple[int, list]
EXCEL_MAX_ROWS = 1_048_576


class XlsxFormatError(Exception):
    """The package is a zip but not a workbook this reader understands."""


def _parser_options() -> dict:
    # a register is data typed by people: no entities, no DTDs, no network
    return {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}


class XlsxStream:
    """An open workbook: ``sheet_names`` and ``rows(name)`` streaming (row number, values)."""

    def __init__(self, path: str) -> None:
        self._zip = zipfile.ZipFile(path)
        try:
            self._ns = MAIN
            workbook = self._xml(self._workbook_part())
            if workbook.tag == f"{{{STRICT_MAIN}}}workbook":
                self._ns = STRICT_MAIN
            self._epoch = self._calendar(workbook)
            self._sheets = self._sheet_parts(workbook)
            self._strings: list[str] | None = None
            self._date_styles: list[bool] | None = None
        except Exception:
            self._zip.close()
            raise
        self._dimension_rows: int | None = None
        self._reading: IO[bytes] | None = None
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
    def _workbook_part(self) -> str:
        root_rels = self._xml("_rels/.rels")
        for rel in root_rels.iter(f"{{{PACKAGE_REL}}}Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                return rel.get("Target", "").lstrip("/")
        raise XlsxFormatError("no workbook part")

    def _xml(self, name: str):
        try:
            with self._zip.open(name) as handle:
                return etree.parse(handle, etree.XMLParser(**_parser_options())).getroot()
        except KeyError as missing:
            raise XlsxFormatError(f"missing part {name}") from missing

    def _tag(self, local: str) -> str:
        return f"{{{self._ns}}}{local}"

    def _calendar(self, workbook) -> dt.datetime:
        properties = workbook.find(self._tag("workbookPr"))
        if properties is not None and properties.get("date1904") in ("1", "true"):
            return CALENDAR_MAC_1904
        return CALENDAR_WINDOWS_1900

    def _rels(self, part: str) -> dict[str, str]:
        folder, name = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", name + ".rels")
        if rels_name not in self._zip.NameToInfo:
            return {}
        targets = {}
        for rel in self._xml(rels_name).iter(f"{{{PACKAGE_REL}}}Relationship"):
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            targets[rel.get("Id")] = path
            targets[rel.get("Type", "").rsplit("/", 1)[-1]] = path
        return targets

    def _sheet_parts(self, workbook) -> dict[str, str]:
        self._workbook_rels = self._rels(self._workbook_part())
        parts = {}
        sheets = workbook.find(self._tag("sheets"))
        for sheet in sheets if sheets is not None else ():
            rel_id = sheet.get(f"{{{REL}}}id") or sheet.get(f"{{{STRICT_REL}}}id")
            target = self._workbook_rels.get(rel_id)
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
        self._strings = []
        strings_part = self._workbook_rels.get("sharedStrings")
        if strings_part and strings_part in self._zip.NameToInfo:
            item, text, phonetic = self._tag("si"), self._tag("t"), self._tag("rPh")
            with self._zip.open(strings_part) as handle:
                for _, element in etree.iterparse(handle, events=("end",), tag=item, **_parser_options()):
                    # rich text runs are joined; phonetic guides (rPh) are not part of the value
                    self._strings.append("".join(t.text or "" for t in element.iter(text)
                                                 if t.getparent().tag != phonetic))
                    element.clear()
        self._date_styles = self._styles()

    def _styles(self) -> list[bool]:
        styles_part = self._workbook_rels.get("styles")
        if not styles_part or styles_part not in self._zip.NameToInfo:
            return []
        styles = self._xml(styles_part)
        formats = dict(BUILTIN_FORMATS)
        custom = styles.find(self._tag("numFmts"))
        for number_format in custom if custom is not None else ():
            try:
                formats[int(number_format.get("numFmtId"))] = number_format.get("formatCode")
            except (TypeError, ValueError):
                continue
        cell_formats = styles.find(self._tag("cellXfs"))
        dates = []
        for xf in cell_formats if cell_formats is not None else ():
            try:
                dates.append(is_date_format(formats.get(int(xf.get("numFmtId", "0")))))
            except ValueError:
                dates.append(False)
        return dates

    # -- rows ---------------------------------------------------------------------------
    def rows(self, name: str) -> Iterator[Row]:
        """Every row from row 1 on (rows missing from the file come out empty), cells padded from column A."""
        self._load_shared()
        part = self._sheets[name]
        self._dimension_rows, self._rows_read = None, 0
        self._sheet_bytes = self._zip.getinfo(part).file_size
        with self._zip.open(part) as handle:
            self._reading = handle
            try:
                yield from self._walk(handle)
            finally:
                self._reading = None

    def _walk(self, handle: IO[bytes]) -> Iterator[Row]:
        row_tag, cell_tag, dimension_tag = self._tag("row"), self._tag("c"), self._tag("dimension")
        value_tag, inline_tag, text_tag, run_tag = self._tag("v"), self._tag("is"), self._tag("t"), self._tag("r")
        strings, epoch = self._strings, self._epoch
        date_style = _DateStyles(self._date_styles)
        columns = _Columns()
        expected = 1
        for _, element in etree.iterparse(handle, events=("end",), tag=(row_tag, dimension_tag),
                                          **_parser_options()):
            if element.tag == dimension_tag:
                self._dimension_rows = _last_row(element.get("ref", ""))
                continue
            number = element.get("r")
            number = int(number) if number else expected
            if not 0 < number <= EXCEL_MAX_ROWS:
                raise XlsxFormatError(f"row number {number} outside the sheet")
            while expected < number:  # rows with nothing in them are not written by Excel
                yield expected, []
                expected += 1
            values: list = []
            for cell in element.iterchildren(cell_tag):
                reference = cell.get("r")
                kind = cell.get("t")
                if kind == "inlineStr":
                    value = _inline_text(cell, inline_tag, text_tag, run_tag)
                else:
                    raw = None
                    for child in cell:  # <f>, <v>, <extLst>: a plain loop costs less than findtext
                        if child.tag == value_tag:
                            raw = child.text
                            break
                    if not raw:  # no value, or a formula never calculated (an empty <v/>)
                        value = None
                    elif kind == "s":
                        value = strings[int(raw)]
                    elif kind is None or kind == "n":
                        value = _number(raw, cell.get("s"), date_style, epoch)
                    else:
                        value = _typed(raw, kind)
                column = columns[reference.rstrip(_DIGITS)] if reference else len(values)
                if column == len(values):
                    values.append(value)
                elif column > len(values):
                    values.extend([None] * (column - len(values)))
                    values.append(value)
                else:  # a cell written twice or out of order: the later one wins, as in Excel
                    values[column] = value
            self._rows_read = number
            yield number, values
            expected = number + 1
            # free the row and everything parsed before it
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]

    def close(self) -> None:
        self._zip.close()


def _inline_text(cell, inline_tag: str, text_tag: str, run_tag: str) -> str | None:
    """The text of ``<is><t>…</t></is>``, or of its rich-text runs ``<is><r><t>…</t></r>…</is>``
    (phonetic guides, ``<rPh>``, are not part of the value)."""
    for box in cell:
        if box.tag != inline_tag:
            continue
        for part in box:
            if part.tag == text_tag:
                return part.text or ""
        return "".join(t.text or "" for run in box if run.tag == run_tag for t in run if t.tag == text_tag)
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
                raise XlsxFormatError(f"bad cell reference {letters!r}")
            index = index * 26 + ord(char) - 64
        if not 0 < index <= 16384:
            raise XlsxFormatError(f"bad cell reference {letters!r}")
        self[letters] = index - 1
        return index - 1


def _number(raw: str, style: str | None, date_style: _DateStyles, epoch):
    try:
        number = float(raw)
    except ValueError:
        return raw  # not a number after all: its text, which the row check judges
    if style is not None and date_style[style]:
        return _date(number, epoch)
    return number


def _typed(raw: str, kind: str):
    if kind == "b":
        return raw.strip() in ("1", "true")
    if kind == "d":
        return _iso_date(raw)
    return raw  # "str" (a formula's text) and "e" (an error such as #N/A) read as their text


def _date(serial: float, epoch) -> dt.date | dt.datetime | float:
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

"""Data rows of a write-only openpyxl sheet written as openpyxl writes them, without its per-cell work.

A register export writes 2.5 million cells. openpyxl binds each value into a cell (type
inference, string checks, the date format), asks the workbook for the cell's style id, builds
an attribute dict and opens three nested lxml elements per cell: two thirds of the export's time
went there (docs/bench.md). Every cell of a data column has the same style, so ``RowWriter``
does that work once per column and builds each row as one lxml element, which lxml serialises
in C. The bytes are those openpyxl writes (tests/reports/test_xlsx_rows.py compares the sheet
XML of both paths): a value of a kind this module does not handle (a bool, a NaN, a time, a
date in a column without a date format) goes through openpyxl's own cell writer
with the column's reusable cell, exactly as before.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from math import isfinite
from typing import Any, Iterator

from openpyxl import LXML
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.cell._writer import write_cell
from openpyxl.styles.numbers import is_date_format
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.xml.constants import XML_NS

if LXML:
    from lxml.etree import Element, SubElement

MAX_TEXT = 32767  # Excel's limit on a cell's text; openpyxl cuts longer text there
_SPACE = "{%s}space" % XML_NS
_NUMBERS = (int, float, Decimal)


def fast_rows_possible() -> bool:
    """The element path needs lxml (openpyxl's own writer uses it then too)."""
    return bool(LXML)


class RowWriter:
    """``write_row(xf, values, row_index)`` for a write-only sheet's writer, one cell per column.

    ``cells`` are the columns' reusable openpyxl cells (number format and alignment set); the
    values of a row come in column order, ``None`` for an empty cell."""

    def __init__(self, ws: Any, cells: list[Cell]) -> None:
        self._ws = ws
        self._cells = cells
        self._letters = [get_column_letter(index) for index in range(1, len(cells) + 1)]
        self._dates = [is_date_format(cell.number_format) for cell in cells]
        self._styles: list[str | None] = [None] * len(cells)  # taken when the column's first value is
        self._epoch = ws.parent.epoch
        self._iso_dates = ws.parent.iso_dates

    def _style(self, index: int) -> dict[str, str]:
        # openpyxl numbers styles in the order cells first ask: a column asks at its first value
        cell = self._cells[index]
        if not cell.has_style:
            return {}
        style = self._styles[index]
        if style is None:
            style = self._styles[index] = f"{cell.style_id}"
        return {"s": style}

    def write_row(self, xf: Any, values: list[Any], row_index: int) -> None:
        attrs = {"r": f"{row_index}"}
        attrs.update(self._ws.row_dimensions.get(row_index, {}))
        row = Element("row", attrs)
        for index, value in enumerate(values):
            if value is None:
                continue
            coordinate = f"{self._letters[index]}{row_index}"
            kind = value.__class__
            if kind is str:
                if ILLEGAL_CHARACTERS_RE.search(value):
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters from old registers
                self._text(row, coordinate, index, value[:MAX_TEXT])
            elif kind in _NUMBERS and isfinite(value):
                self._number(row, coordinate, index, value)
            elif (kind is dt.date or (kind is dt.datetime and value.tzinfo is None)) and self._dates[index] \
                    and not self._iso_dates:
                self._number(row, coordinate, index, to_excel(value, self._epoch))
            else:
                return self._openpyxl_row(xf, values, attrs, row_index)
        if not len(row):
            row.text = ""  # an empty row as openpyxl writes it: <row …></row>
        xf.write(row)
        return None

    def _text(self, row: Any, coordinate: str, index: int, value: str) -> None:
        cell = SubElement(row, "c", {"r": coordinate, **self._style(index), "t": "inlineStr"})
        if not value:  # openpyxl writes an empty text as an empty element: <c …></c>
            cell.text = ""
            return
        text = SubElement(SubElement(cell, "is"), "t", {_SPACE: "preserve"} if value != value.strip() else {})
        text.text = value

    def _number(self, row: Any, coordinate: str, index: int, value: Any) -> None:
        cell = SubElement(row, "c", {"r": coordinate, **self._style(index), "t": "n"})
        SubElement(cell, "v").text = "%.16g" % value

    def _openpyxl_row(self, xf: Any, values: list[Any], attrs: dict[str, str], row_index: int) -> None:
        """The row as openpyxl's own writer writes it, with the columns' reusable cells."""
        with xf.element("row", attrs):
            for cell in openpyxl_cells(self._cells, values, row_index):
                write_cell(xf, self._ws, cell, cell.has_style)
        # a date in a column without a date format gave its cell one: ask again
        self._dates = [is_date_format(cell.number_format) for cell in self._cells]
        self._styles = [None] * len(self._cells)


def openpyxl_cells(cells: list[Cell], values: list[Any], row_index: int) -> Iterator[Cell]:
    """The values of a row bound into the columns' reusable cells, one after the other (openpyxl's
    writer consumes each cell before the next is bound). Text starting with "=" stays text: a name
    typed as a formula must never run in the ministry clerk's Excel."""
    for column_index, (value, cell) in enumerate(zip(values, cells), 1):
        if value is None:
            continue
        if value.__class__ is str and ILLEGAL_CHARACTERS_RE.search(value):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters from old registers
        cell.value = value
        if cell.data_type in ("f", "e"):  # text that looks like a formula or "#N/A" stays text
            cell.data_type = "s"
        cell.row, cell.column = row_index, column_index
        yield cell

"""The quota area's small tables of frozen DTO rows (hundreds at most: one family, one year's plan).

The shared column model, with the quota screens' habits: ``alarm(row)`` paints a whole row
red, rows are numbered in the vertical header, ``UserRole`` gives a column's raw value (a
Decimal as text) and cells have no tooltips.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from gui.widgets.column_model import Column, ColumnTableModel
from i18n import Translator

OVERDUE_COLOUR = QColor("#b3261e")

__all__ = ["OVERDUE_COLOUR", "Column", "RowTableModel"]


class RowTableModel(ColumnTableModel):
    show_tooltips = False

    def __init__(self, columns: Sequence[Column], translator: Translator, parent=None,
                 alarm: Callable[[Any], bool] | None = None) -> None:
        super().__init__(columns, translator, parent,
                         colour=(lambda row: OVERDUE_COLOUR if alarm(row) else None) if alarm else None)

    def row(self, index: int) -> Any:
        return self.row_at(index)

    def user_data(self, row: int, column: Column) -> Any:
        item = self.row_at(row)
        value = column.value(item) if column.value else column.text(item, self.translator)
        return str(value) if isinstance(value, Decimal) else value

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return super().headerData(section, orientation, role)

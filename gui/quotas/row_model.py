"""A small read-only table of frozen DTO rows (hundreds at most: one family, one year's plan).

Columns are declared as data: a key, an N_() header and a function that renders a row
with the current translator. Numbers align right; ``UserRole`` gives the raw value.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from i18n import Translator

OVERDUE_BRUSH = QBrush(QColor("#b3261e"))


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # an N_() msgid
    text: Callable[[Any, Translator], str]
    value: Callable[[Any], Any] | None = None
    numeric: bool = False


class RowTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], translator: Translator, parent=None,
                 alarm: Callable[[Any], bool] | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.i18n = translator
        self.rows: list[Any] = []
        self.alarm = alarm

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def retranslate(self, translator: Translator) -> None:
        self.i18n = translator
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1))

    def row(self, index: int) -> Any:
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row, self.i18n)
        if role == Qt.ItemDataRole.UserRole:
            value = column.value(row) if column.value else column.text(row, self.i18n)
            return str(value) if isinstance(value, Decimal) else value
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and self.alarm is not None and self.alarm(row):
            return OVERDUE_BRUSH
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.i18n._(self.columns[section].title)
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

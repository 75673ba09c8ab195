"""A small read-only table over a list of frozen rows (a family's members, documents, events).

Only for short lists that the card loads whole; the task list of a worker uses the
id-based lazy model in ``gui/tasks``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from i18n import Translator

OVERDUE_COLOUR = QColor("#c62828")
WARNING_COLOUR = QColor("#e65100")
MUTED_COLOUR = QColor("#757575")


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # msgid
    text: Callable[[Any, Translator], str]


class RowsModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], translator: Translator, parent=None,
                 colour: Callable[[Any], QColor | None] | None = None,
                 bold: Callable[[Any], bool] | None = None, colour_columns: Sequence[str] | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.translator = translator
        self._rows: list[Any] = []
        self._colour = colour
        self._bold = bold
        # Colour only these columns (a whole red row shouts; a red date is enough).
        self._colour_columns = set(colour_columns) if colour_columns else None

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list[Any]:
        return list(self._rows)

    def retranslate(self, translator: Translator) -> None:
        self.translator = translator
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if 0 <= section < len(self.columns):
            return self.translator.gettext(self.columns[section].title)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.columns[index.column()].text(row, self.translator)
        if role == Qt.ItemDataRole.UserRole:
            return getattr(row, "id", None)
        if role == Qt.ItemDataRole.ForegroundRole and self._colour is not None and (
                self._colour_columns is None or self.columns[index.column()].key in self._colour_columns):
            colour = self._colour(row)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.FontRole and self._bold is not None and self._bold(row):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

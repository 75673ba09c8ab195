"""A worker's task list: ordered task ids from SQL, rows fetched a page at a time.

Overdue tasks are red and tasks due today bold, as the worker expects from a to-do list.
"""
from __future__ import annotations

from typing import Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from domain.tasks import TaskState
from gui.family_card.rows_model import MUTED_COLOUR, OVERDUE_COLOUR
from gui.family_card.tasks_tab import HIGHLIGHTED_COLUMNS, task_columns
from i18n import Translator
from services.records_dto import TaskRow

PAGE_SIZE = 200


class TaskTableModel(QAbstractTableModel):
    def __init__(self, fetch_rows: Callable[[Sequence[int]], list[TaskRow]], translator: Translator,
                 parent=None) -> None:
        super().__init__(parent)
        self._fetch_rows = fetch_rows
        self.translator = translator
        self.columns = task_columns(with_family=True)
        self._ids: list[int] = []
        self._cache: dict[int, TaskRow] = {}

    def set_ids(self, ids: Sequence[int]) -> None:
        self.beginResetModel()
        self._ids = list(ids)
        self._cache.clear()
        self.endResetModel()

    def task(self, row: int) -> TaskRow | None:
        if not 0 <= row < len(self._ids):
            return None
        task_id = self._ids[row]
        if task_id not in self._cache:
            start = (row // PAGE_SIZE) * PAGE_SIZE
            for item in self._fetch_rows(self._ids[start:start + PAGE_SIZE]):
                self._cache[item.id] = item
        return self._cache.get(task_id)

    def ids(self) -> list[int]:
        return list(self._ids)

    def retranslate(self, translator: Translator) -> None:
        self.translator = translator
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(self.columns) - 1))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if 0 <= section < len(self.columns):
            return self.translator.gettext(self.columns[section].title)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._ids)):
            return None
        if role == Qt.ItemDataRole.UserRole:
            return self._ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole,
                        Qt.ItemDataRole.FontRole):
            return None
        task = self.task(index.row())
        if task is None:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if self.columns[index.column()].key not in HIGHLIGHTED_COLUMNS:
                return None
            if task.state == TaskState.OVERDUE:
                return QBrush(OVERDUE_COLOUR)
            return QBrush(MUTED_COLOUR) if task.state == TaskState.DONE else None
        if role == Qt.ItemDataRole.FontRole:
            if task.state != TaskState.DUE_TODAY:
                return None
            font = QFont()
            font.setBold(True)
            return font
        return self.columns[index.column()].text(task, self.translator)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

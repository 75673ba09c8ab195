"""A worker's task list: ordered task ids from SQL, rows fetched a page at a time.

Overdue tasks are red and tasks due today bold, as the worker expects from a to-do list
(the same columns and colours as the family card's task tab).
"""
from __future__ import annotations

from typing import Callable, Sequence

from domain.tasks import TaskState
from gui.family_card.tasks_tab import HIGHLIGHTED_COLUMNS, task_colour, task_columns
from gui.widgets.column_model import Column, ColumnTableModel
from i18n import Translator
from services.records_dto import TaskRow

PAGE_SIZE = 200


class TaskTableModel(ColumnTableModel):
    def __init__(self, fetch_rows: Callable[[Sequence[int]], list[TaskRow]], translator: Translator,
                 parent=None) -> None:
        super().__init__(task_columns(with_family=True), translator, parent, colour=task_colour,
                         colour_columns=HIGHLIGHTED_COLUMNS, bold=lambda task: task.state == TaskState.DUE_TODAY)
        self._fetch_rows = fetch_rows
        self._ids: list[int] = []
        self._cache: dict[int, TaskRow] = {}

    def set_ids(self, ids: Sequence[int]) -> None:
        self.beginResetModel()
        self._ids = list(ids)
        self._cache.clear()
        self.endResetModel()

    def ids(self) -> list[int]:
        return list(self._ids)

    def row_count(self) -> int:
        return len(self._ids)

    def row_at(self, row: int) -> TaskRow | None:
        if not 0 <= row < len(self._ids):
            return None
        task_id = self._ids[row]
        if task_id not in self._cache:
            start = (row // PAGE_SIZE) * PAGE_SIZE
            for item in self._fetch_rows(self._ids[start:start + PAGE_SIZE]):
                self._cache[item.id] = item
        return self._cache.get(task_id)

    task = row_at

    def user_data(self, row: int, column: Column) -> int:
        return self._ids[row]  # without fetching the row

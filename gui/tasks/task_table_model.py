"""A worker's task list: ordered task ids from SQL, rows fetched a page at a time.

Overdue tasks are red and tasks due today bold, as the worker expects from a to-do list
(the same columns and colours as the family card's task tab).
"""
from __future__ import annotations

from typing import Callable, Sequence

from domain.tasks import TaskState
from gui.tasks.task_columns import HIGHLIGHTED_COLUMNS, task_colour, task_columns
from gui.widgets.column_model import PagedColumnTableModel
from i18n import Translator
from services.records_dto import TaskRow


class TaskTableModel(PagedColumnTableModel):
    def __init__(self, fetch_rows: Callable[[Sequence[int]], list[TaskRow]], translator: Translator,
                 parent=None, *, jobs) -> None:
        super().__init__(task_columns(with_family=True), fetch_rows, translator, parent, jobs=jobs, colour=task_colour,
                         colour_columns=HIGHLIGHTED_COLUMNS, bold=lambda task: task.state == TaskState.DUE_TODAY)

    task = PagedColumnTableModel.row_at

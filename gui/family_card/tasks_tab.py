"""This family's tasks and reminders."""
from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, \
    QWidget

from domain.messages import N_
from domain.tasks import TaskState
from gui.family_card.rows_model import MUTED_COLOUR, OVERDUE_COLOUR
from gui.widgets.column_model import Column, ColumnTableModel
from gui.tasks.task_dialog import TaskDialog
from reports.message_text import kind_label, task_text
from gui.widgets.tables import button_row, push_button, row_table
from i18n import Translator
from services.records_dto import TaskRow


def task_colour(task: TaskRow):
    if task.state == TaskState.OVERDUE:
        return OVERDUE_COLOUR
    if task.state == TaskState.DONE:
        return MUTED_COLOUR
    return None


def task_columns(with_family: bool) -> list[Column]:
    columns = [
        Column("due_date", N_("Due date"), lambda t, tr: tr.format_date(t.due_date)),
        Column("state", N_("State"), lambda t, tr: tr.pgettext(TaskState.CONTEXT, TaskState.LABELS[t.state])),
        Column("title", N_("Task"), lambda t, tr: task_text(t, tr)),
        Column("assignee", N_("Assigned to"), lambda t, tr: t.assignee_name),
        Column("kind", N_("Kind"), lambda t, tr: kind_label(t.kind, tr)),
        Column("done", N_("Completed on"), lambda t, tr: f"{tr.format_datetime(t.done_at)} {t.done_by or ''}".strip()),
    ]
    if with_family:
        columns[2:2] = [Column("case_number", N_("Case"), lambda t, tr: t.case_number),
                        Column("head", N_("Head of family"), lambda t, tr: t.head_name)]
    return columns


HIGHLIGHTED_COLUMNS = ("due_date", "state")


class TasksTab(QWidget):
    def __init__(self, card) -> None:
        super().__init__(card)
        self.card = card
        self.setObjectName("tasks_tab")
        self.model = ColumnTableModel(task_columns(False), card.i18n, self, colour=task_colour,
                               bold=lambda t: t.state == TaskState.DUE_TODAY, colour_columns=HIGHLIGHTED_COLUMNS)
        self.table = row_table(self, self.model, "family_tasks_table", self.edit_task)
        self.add_button = push_button(self, "add_task_button", self.add_task)
        self.edit_button = push_button(self, "edit_task_button", self.edit_task)
        self.done_button = push_button(self, "done_task_button", self.toggle_done)
        buttons = button_row(self.add_button, self.edit_button, self.done_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.dialog: TaskDialog | None = None
        self.retranslate_ui(card.i18n)

    def retranslate_ui(self, translator: Translator) -> None:
        self.add_button.setText(translator._("Add task…"))
        self.edit_button.setText(translator._("Edit…"))
        self.done_button.setText(translator._("Done / reopen"))
        self.model.retranslate(translator)
        if self.dialog is not None:
            self.dialog.retranslate_ui(translator)

    def set_details(self, details) -> None:
        pass  # tasks arrive with set_tasks

    def set_tasks(self, tasks) -> None:
        self.model.set_rows(tasks)

    def set_editable(self, editable: bool) -> None:
        for button in (self.add_button, self.edit_button, self.done_button):
            button.setEnabled(editable)

    def selected(self) -> TaskRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _open(self, task: TaskRow | None) -> TaskDialog:
        self.dialog = TaskDialog(self.card, task, self.card.family_id)
        self.dialog.finished.connect(self._on_dialog_finished)
        self.dialog.open()
        return self.dialog

    def _on_dialog_finished(self, _result: int) -> None:
        self.dialog = None

    def add_task(self) -> TaskDialog:
        return self._open(None)

    def edit_task(self) -> TaskDialog | None:
        task = self.selected()
        return self._open(task) if task is not None else None

    def toggle_done(self) -> None:
        task = self.selected()
        if task is None:
            return
        tasks = self.card.services.tasks
        self.card.run_write(lambda _p: tasks.set_done(task.id, task.version, task.done_at is None))

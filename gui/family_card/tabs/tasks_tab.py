"""This family's tasks and reminders."""
from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, \
    QWidget

from domain.tasks import TaskState
from gui.widgets.column_model import ColumnTableModel
from gui.tasks.task_dialog import TaskDialog
from gui.tasks.task_columns import HIGHLIGHTED_COLUMNS, task_colour, task_columns
from gui.widgets.tables import button_row, push_button, row_table
from gui.family_card.card_context import CardContext, FamilyRead, SharedReadSection
from i18n import Translator
from services.records_dto import TaskRow


class TasksTab(SharedReadSection, QWidget):
    def __init__(self, ctx: CardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("tasks_tab")
        self.model = ColumnTableModel(task_columns(False), ctx.i18n, self, colour=task_colour,
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
        self.retranslate_ui(ctx.i18n)

    def retranslate_ui(self, translator: Translator) -> None:
        self.add_button.setText(translator._("Add task…"))
        self.edit_button.setText(translator._("Edit…"))
        self.done_button.setText(translator._("Done / reopen"))
        self.model.retranslate(translator)
        if self.dialog is not None:
            self.dialog.retranslate_ui(translator)

    # --- the CardTab protocol (gui.screens), shown from the card's shared read ---
    def show_read(self, read: FamilyRead) -> None:
        self.model.set_rows(read.tasks)

    def set_editable(self, editable: bool) -> None:
        for button in (self.add_button, self.edit_button, self.done_button):
            button.setEnabled(editable)

    def selected(self) -> TaskRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _open(self, task: TaskRow | None) -> TaskDialog:
        self.dialog = TaskDialog(self.ctx, task, self.ctx.family_id)
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
        tasks = self.ctx.services.tasks
        self.ctx.run_write(lambda _p: tasks.set_done(task.id, task.version, task.done_at is None))

"""This family's tasks and reminders."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from domain.messages import N_
from domain.tasks import TaskState
from gui.widgets.column_model import ColumnTableModel
from gui.tasks.task_dialog import TaskDialog
from gui.tasks.task_columns import HIGHLIGHTED_COLUMNS, task_colour, task_columns
from gui.family_card.card_context import CardContext, FamilyRead
from gui.family_card.list_section import ListAction, ListSection
from services.records_dto import TaskRow


class TasksTab(ListSection):
    actions = (ListAction("add_button", "add_task_button", N_("Add task…"), "add_task"),
               ListAction("edit_button", "edit_task_button", N_("Edit…"), "edit_task", on_row=True),
               ListAction("done_button", "done_task_button", N_("Done / reopen"), "toggle_done", on_row=True))
    table_name, activate = "family_tasks_table", "edit_task"

    def __init__(self, ctx: CardContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "tasks_tab", parent)
        self.retranslate_ui(ctx.i18n)

    def make_model(self, ctx: CardContext) -> ColumnTableModel:
        return ColumnTableModel(task_columns(False), ctx.i18n, self, colour=task_colour,
                                bold=lambda t: t.state == TaskState.DUE_TODAY, colour_columns=HIGHLIGHTED_COLUMNS)

    # --- the CardTab protocol (gui.screens), shown from the card's shared read ---
    def show_read(self, read: FamilyRead) -> None:
        self.model.set_rows(read.tasks)

    def add_task(self) -> TaskDialog:
        return self.open_dialog(TaskDialog(self.ctx, None, self.ctx.family_id))

    def edit_task(self) -> TaskDialog | None:
        return self.open_for_selected(lambda task: TaskDialog(self.ctx, task, self.ctx.family_id))

    def toggle_done(self) -> None:
        task: TaskRow | None = self.selected()
        if task is None:
            return
        tasks = self.ctx.services.tasks
        self.ctx.run_write(lambda _p: tasks.set_done(task.id, task.version, task.done_at is None))

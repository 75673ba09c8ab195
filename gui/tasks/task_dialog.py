"""Adding or editing one task: what to do, by when, by whom."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit

from domain.messages import N_
from gui.family_card.form_widgets import DateField, select_data
from gui.family_card.record_dialog import RecordDialog
from reports.message_text import task_text
from i18n import Translator
from services.records_dto import TaskInput, TaskRow


class TaskDialog(RecordDialog):
    """``owner`` offers ``services``, ``i18n``, ``today()``, ``users()`` and ``run_write``."""

    def __init__(self, owner, task: TaskRow | None, family_id: int | None = None) -> None:
        tasks = owner.services.tasks
        self.task = task
        if task is None:
            save = tasks.add_task
            title = N_("Add a task")
        else:
            save = lambda data: tasks.update_task(task.id, task.version, data)  # noqa: E731
            title = N_("Edit task")
        super().__init__(owner, title, save)
        self.setObjectName("task_dialog")
        self.family_id = family_id if task is None else task.family_id
        self.title_edit = self.add_field("title", QLineEdit(self))
        self.due_date = self.add_field("due_date", DateField(self))
        self.assignee = self.add_field("assignee_id", QComboBox(self))
        self.setMinimumWidth(480)
        self.assignee.addItem("—", None)
        for user in owner.users():
            self.assignee.addItem(user.display_name or user.login, user.id)
        if task is None:
            self.due_date.set_value(owner.today())
            select_data(self.assignee, owner.services.actor.user_id)
        else:
            self.title_edit.setText(task_text(task, owner.i18n))
            self.title_edit.setReadOnly(task.automatic)  # a reminder's text comes from its rule
            self.due_date.set_value(task.due_date)
            select_data(self.assignee, task.assignee_id)
        self.retranslate_ui(owner.i18n)

    def retranslate_ui(self, translator: Translator) -> None:
        super().retranslate_ui(translator)
        if self.task is not None and self.task.automatic:
            self.title_edit.setText(task_text(self.task, translator))

    def values(self) -> TaskInput:
        return TaskInput(title=self.title_edit.text(), family_id=self.family_id,
                         assignee_id=self.assignee.currentData(), due_date=self.due_date.value())

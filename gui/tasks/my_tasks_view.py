"""The "Tasks" screen: the signed-in worker's tasks (everyone's for a supervisor).

Reminders are brought up to date when the window opens and on F5, through a write job.
"""
from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QPushButton,
                               QVBoxLayout, QWidget)

from domain.errors import DomainError
from domain.messages import N_
from domain.permissions import Action
from domain.tasks import TaskListFilter
from gui.jobs import Latest
from gui.errors import show_error
from gui.forms.form_widgets import fill_combo
from gui.tasks.task_dialog import TaskDialog
from gui.tasks.task_table_model import TaskTableModel
from gui.widgets.tables import long_table
from i18n import Translator

SCOPES = {"mine": N_("My tasks"), "all": N_("All tasks")}
COLUMN_WIDTHS = (95, 110, 95, 240, 520, 140, 200, 130)


class MyTasksView(QWidget):
    family_opened = Signal(int)
    loaded = Signal(int)  # number of tasks listed

    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        self.services = ctx.services
        self.i18n: Translator = ctx.translator
        self.editable = self.services.actor.can(Action.EDIT_CASES)
        self._latest = Latest()
        self._users: list = []
        self.scope_edit = QComboBox(self)
        self.scope_edit.setObjectName("scope_edit")
        self.scope_edit.setVisible(self.services.tasks.can_see_all())
        self.state_edit = QComboBox(self)
        self.state_edit.setObjectName("state_edit")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("count_label")
        self.notice = QLabel(self)
        self.notice.setObjectName("tasks_notice")
        self.model = TaskTableModel(self.services.tasks.rows, self.i18n, self, jobs=ctx.jobs)
        self.table = long_table(self, self.model, "tasks_table")
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        from gui.session.empty_messages import tasks_empty_message
        from gui.widgets.empty_state import install_empty_state
        self.empty_state = install_empty_state(self.table, lambda: tasks_empty_message(self.i18n), "tasks_empty")
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("open_family_button")
        self.open_button.clicked.connect(self.open_selected_family)
        self.done_button = QPushButton(self)
        self.done_button.setObjectName("done_task_button")
        self.done_button.clicked.connect(self.toggle_done)
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("add_task_button")
        self.add_button.clicked.connect(self.add_task)
        for button in (self.done_button, self.add_button):
            button.setEnabled(self.editable)
        top = QHBoxLayout()
        top.addWidget(self.scope_edit)
        top.addWidget(self.state_edit)
        top.addWidget(self.count_label)
        top.addStretch(1)
        # The commands get their own row under the list: beside the filters they made the screen
        # wider than 1366x768 at 125 % leaves it in Kazakh (issue 17 §5).
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.done_button)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.notice)
        self.dialog: TaskDialog | None = None
        self.retranslate_ui(self.i18n)
        self.scope_edit.currentIndexChanged.connect(lambda _i: self.refresh())
        self.state_edit.currentIndexChanged.connect(lambda _i: self.refresh())

    def retranslate_ui(self, translator: Translator) -> None:
        self.i18n = translator
        fill_combo(self.scope_edit, SCOPES, translator)
        fill_combo(self.state_edit, TaskListFilter.LABELS, translator)
        self.open_button.setText(translator._("Open family"))
        self.done_button.setText(translator._("Done / reopen"))
        self.add_button.setText(translator._("Add task…"))
        self.model.retranslate(translator)
        self._fit_columns()
        self._show_count(self.model.rowCount())
        if self.dialog is not None:
            self.dialog.retranslate_ui(translator)

    def _fit_columns(self) -> None:
        """Fixed widths (no resize-to-contents on a long list), never narrower than the header."""
        header = self.table.horizontalHeader()
        for column, width in enumerate(COLUMN_WIDTHS):
            self.table.setColumnWidth(column, max(width, header.sectionSizeFromContents(column).width() + 8))

    def _show_count(self, count: int) -> None:
        self.count_label.setText(self.i18n.ngettext("{count} task", "{count} tasks", count).format(
            count=self.i18n.format_number(count)))

    # --- loading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        generation = self._latest.next()
        state = self.state_edit.currentData() or TaskListFilter.OPEN
        everyone = self.scope_edit.currentData() == "all"
        services, tasks = self.services, self.services.tasks

        need_users = not self._users

        def work(_progress):
            with services.reading_together():  # the ids and the users in one read
                return tasks.ids(state, everyone), tasks.users() if need_users else None

        def done(result) -> None:
            ids, users = result
            if users is not None:
                self._users = users
            if self._latest.is_current(generation):
                self.model.set_ids(ids)
                self._show_count(len(ids))
                self.loaded.emit(len(ids))

        self.ctx.jobs.run(work, on_success=done)

    def generate_reminders(self) -> None:
        if not self.editable:
            self.refresh()
            return
        tasks = self.services.tasks

        def done(summary) -> None:
            if summary.created or summary.closed:
                self.notice.setText(self.i18n.format("Reminders: {created} new, {closed} settled.",
                                                     created=summary.created, closed=summary.closed))
            self.refresh()

        self.ctx.jobs.run(lambda _p: tasks.generate_reminders(), on_success=done, write=True, initiator=self)

    def on_changes(self, changes, initiator) -> None:
        if initiator is not self and (changes.tasks or changes.families):
            self.refresh()

    # --- actions -----------------------------------------------------------------------
    def selected_task(self):
        rows = self.table.selectionModel().selectedRows()
        return self.model.task(rows[0].row()) if rows else None

    def _on_table_double_clicked(self, index) -> None:
        task = self.model.task(index.row())
        if task is not None and task.family_id is not None:
            self.family_opened.emit(task.family_id)

    def open_selected_family(self) -> None:
        task = self.selected_task()
        if task is not None and task.family_id is not None:
            self.family_opened.emit(task.family_id)

    def toggle_done(self) -> None:
        task = self.selected_task()
        if task is None:
            return
        self.run_write(lambda _p: self.services.tasks.set_done(task.id, task.version, task.done_at is None))

    def add_task(self) -> TaskDialog:
        self.dialog = TaskDialog(self, None, None)
        self.dialog.finished.connect(self._on_dialog_finished)
        self.dialog.open()
        return self.dialog

    def _on_dialog_finished(self, _result: int) -> None:
        self.dialog = None

    # What TaskDialog needs of its owner.
    def users(self) -> list:
        return self._users  # loaded with the list, off the GUI thread

    def today(self):
        return self.services.clock().date()

    def run_write(self, fn, on_success=None, on_failure=None, label: str = ""):
        def succeeded(result) -> None:
            if on_success is not None:
                on_success(result)
            self.refresh()

        def failed(error: Exception) -> None:
            if on_failure is not None and on_failure(error):
                return
            if isinstance(error, DomainError):
                self.notice.setText(self.i18n.error(error))
            else:
                show_error(self, error, self.i18n)

        return self.ctx.jobs.run(fn, on_success=succeeded, on_failure=failed, write=True, label=label,
                                 parent_widget=self, initiator=self)


def _create(ctx) -> MyTasksView:
    view = MyTasksView(ctx)
    window = ctx.window
    if window is not None:
        view.family_opened.connect(window.open_family)

    def start() -> None:
        # The window builds its F5 action after the screens: hook it once the window exists.
        if window is not None:
            window.refresh_action.triggered.connect(view.generate_reminders)
        registry = getattr(window, "registry", None)
        if registry is None or registry.searched:
            view.generate_reminders()
            return

        # The reminders pass reads every status, document and subsidy item (seconds at 1M persons):
        # it starts once the registry has shown its first search, not against its first rows.
        def after_first_search(_count: int) -> None:
            registry.search_finished.disconnect(after_first_search)
            view.generate_reminders()
        registry.search_finished.connect(after_first_search)

    QTimer.singleShot(0, view, start)
    return view


def _register() -> None:
    from gui.screens import ScreenSpec, register_screen
    register_screen(ScreenSpec("tasks", N_("Tasks"), _create, order=20, action=Action.VIEW_CASES))


_register()

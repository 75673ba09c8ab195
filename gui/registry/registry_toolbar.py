"""The registry's second row: named saved filters, export to Excel, and actions on the selected rows.

Saved filters keep the search text, the filters, the sort and the columns the worker switched on
or off, under a name, in the UI settings (per user of the computer). Bulk actions work on every
selected family in one service call (one transaction): assign a worker (supervisors), close the
families' open tasks, export the selection.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QComboBox, QFileDialog, QHBoxLayout, QLineEdit, QMenu, QMessageBox,
                               QPushButton, QToolButton, QWidget)

from domain.errors import DomainError
from domain.messages import N_
from domain.permissions import Action
from gui import settings as keys
from gui.dialogs import message_box
from gui.errors import show_error
from gui.forms.prompt_dialog import PromptDialog
from gui.registry.assign_dialog import AssignWorkerDialog
from gui.registry.view_export import export_job
from i18n import Translator


class RegistryToolbar(QWidget):
    def __init__(self, view, translator: Translator) -> None:
        super().__init__(view)
        self.setObjectName("registry_toolbar")
        self.view = view
        self.i18n = translator
        self.saved: dict[str, dict] = {}
        self.dialog = None  # the open name / worker / confirmation dialog, for tests and retranslation
        self.last_export: str | None = None
        services = view.services
        self.can_export = services.actor.can(Action.EXPORT)
        self.can_edit = services.actor.can(Action.EDIT_CASES)
        self.can_assign = services.workload.can_reassign()
        self.saved_combo = QComboBox(self)
        self.saved_combo.setObjectName("saved_filter_combo")
        # as wide as its longest name: a length in average characters overshoots Kazakh text and
        # pushed the window past 1024 px (1280x800 at 125 %)
        self.saved_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.saved_combo.setMaximumWidth(240)  # a long name is cut rather than widen the window
        self.saved_combo.activated.connect(self._on_saved_combo_activated)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("save_filter_button")
        self.save_button.clicked.connect(self.ask_filter_name)
        self.delete_button = QPushButton(self)
        self.delete_button.setObjectName("delete_filter_button")
        self.delete_button.clicked.connect(self.delete_current)
        self.export_button = QPushButton(self)
        self.export_button.setObjectName("export_view_button")
        self.export_button.clicked.connect(lambda: self.export())
        self.export_button.setEnabled(self.can_export)
        self.selection_button = QToolButton(self)
        self.selection_button.setObjectName("selection_button")
        self.selection_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.selection_button)
        menu.setObjectName("selection_menu")
        self.assign_action = menu.addAction("", self.ask_worker)
        self.assign_action.setObjectName("assign_worker_action")
        self.assign_action.setVisible(self.can_assign)
        self.close_tasks_action = menu.addAction("", self.confirm_close_tasks)
        self.close_tasks_action.setObjectName("close_tasks_action")
        self.close_tasks_action.setEnabled(self.can_edit)
        self.export_selection_action = menu.addAction("", lambda: self.export(selection=True))
        self.export_selection_action.setObjectName("export_selection_action")
        self.export_selection_action.setEnabled(self.can_export)
        self.selection_button.setMenu(menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.saved_combo, self.save_button, self.delete_button):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.selection_button)
        layout.addWidget(self.export_button)
        self.retranslate_ui(translator)

    # --- language ---------------------------------------------------------------------------
    def retranslate_ui(self, translator: Translator) -> None:
        self.i18n = translator
        _ = translator._
        self.save_button.setText(_("Save filter…"))
        self.save_button.setToolTip(_("Keep the search, filters, sort and columns under a name"))
        self.delete_button.setText(_("Delete"))
        self.delete_button.setToolTip(_("Delete the chosen saved filter"))
        self.saved_combo.setToolTip(_("Saved filters"))
        self.export_button.setText(_("Export to Excel…"))
        self.export_button.setToolTip(_("Save the rows as they are listed (filters, sort, shown columns) in an .xlsx file"))
        self.assign_action.setText(_("Assign worker…"))
        self.close_tasks_action.setText(_("Close their open tasks…"))
        self.export_selection_action.setText(_("Export selected rows…"))
        self.selection_button.setToolTip(_("Actions on the selected families (Ctrl+click or Shift+click to select several)"))
        self._fill_saved()
        self.update_selection(len(self.view.selected_family_ids()))

    def update_selection(self, count: int) -> None:
        self.selection_button.setText(self.i18n.ngettext("{count} selected", "{count} selected", count).format(
            count=self.i18n.format_number(count)))
        self.selection_button.setEnabled(count > 0)

    # --- saved filters -----------------------------------------------------------------------
    def restore(self, settings) -> None:
        value = settings.get(keys.REGISTRY_SAVED_FILTERS)
        self.saved = {str(k): v for k, v in value.items() if isinstance(v, dict)}
        self._fill_saved()

    def store(self, settings) -> None:
        settings.set(keys.REGISTRY_SAVED_FILTERS, self.saved)

    def _fill_saved(self, current: str | None = None) -> None:
        current = current if current is not None else self.saved_combo.currentData()
        self.saved_combo.blockSignals(True)
        self.saved_combo.clear()
        placeholder = self.i18n._("Saved filters")
        self.saved_combo.addItem(placeholder, None)
        for name in sorted(self.saved, key=str.casefold):
            self.saved_combo.addItem(name, name)
        self.saved_combo.setCurrentIndex(max(self.saved_combo.findData(current), 0) if current else 0)
        self.saved_combo.blockSignals(False)
        self.delete_button.setEnabled(self.saved_combo.currentData() is not None)

    def ask_filter_name(self) -> PromptDialog:
        dialog = PromptDialog(self.i18n, N_("Save filter"), self, ok_text=N_("Save"),
                              object_name="filter_name_dialog")
        name = dialog.add_field("filter_name", QLineEdit(dialog), N_("Name of the filter:"), required=True)
        name.setText(self.saved_combo.currentData() or "")
        dialog.retranslate_ui(self.i18n)
        dialog.submitted.connect(lambda values: self.save_current(values["filter_name"]))
        self.dialog = dialog
        dialog.open()
        return dialog

    def save_current(self, name: str) -> None:
        name = " ".join(name.split())[:60]
        if not name:
            return
        self.saved[name] = self.view.view_state()
        self._persist()
        self._fill_saved(name)

    def delete_current(self) -> None:
        name = self.saved_combo.currentData()
        if name in self.saved:
            del self.saved[name]
            self._persist()
            self._fill_saved("")

    def apply_saved(self, name: str) -> None:
        if name in self.saved:
            self._fill_saved(name)
            self.view.apply_view_state(self.saved[name])

    def _on_saved_combo_activated(self, index: int) -> None:
        name = self.saved_combo.itemData(index)
        self.delete_button.setEnabled(name is not None)
        if name is not None:
            self.apply_saved(name)

    def _persist(self) -> None:
        settings = self.view.settings
        if settings is not None:
            self.store(settings)
            settings.sync()

    # --- export ------------------------------------------------------------------------------
    def export(self, path: str | None = None, selection: bool = False):
        """Export the listed rows (or the selected ones); without ``path`` the worker chooses the file."""
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(self, self.i18n._("Export to Excel"),
                                                        self.i18n._("registry") + ".xlsx", "Excel (*.xlsx)")
            if not path:
                return None
        view = self.view
        sort, descending = view.sort_order()
        columns = view.shown_columns()
        widths = [view.table.columnWidth(view.column_index(c)) for c in columns]
        work = export_job(view.services, view.model, columns, widths, view.current_filter(), sort, descending, path,
                          view.selected_family_ids() if selection else None)

        def done(count: int) -> None:
            self.last_export = str(path)
            view.show_message(self.i18n.ngettext("{count} row exported to {file}.", "{count} rows exported to {file}.",
                                                 count).format(count=self.i18n.format_number(count),
                                                               file=Path(path).name))

        return view.jobs.run(work, on_success=done, on_failure=self._failed, label=self.i18n._("Exporting…"),
                             parent_widget=view)

    # --- bulk actions ------------------------------------------------------------------------
    def ask_worker(self) -> AssignWorkerDialog | None:
        ids = self.view.selected_family_ids()
        if not ids or not self.can_assign:
            return None
        dialog = AssignWorkerDialog(self, self.i18n, self.view.active_workers(), len(ids))
        dialog.accepted.connect(lambda: self.assign(ids, dialog.worker_id()))
        self.dialog = dialog
        dialog.open()
        return dialog

    def assign(self, ids: list[int], worker_id: int | None):
        workload = self.view.services.workload
        return self._write(lambda _p: workload.reassign(ids, worker_id),
                           lambda result: self.i18n.ngettext("Worker changed for {count} family.",
                                                             "Worker changed for {count} families.", result.count))

    def confirm_close_tasks(self) -> QMessageBox | None:
        ids = self.view.selected_family_ids()
        if not ids:
            return None
        box = message_box(self, self.i18n, QMessageBox.Icon.Question, self.i18n.ngettext(
            "Mark every open task of the selected family done?",
            "Mark every open task of the {count} selected families done?", len(ids)).format(count=len(ids)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, object_name="close_tasks_box")
        box.finished.connect(lambda _r: self.close_tasks(ids)
                             if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes) else None)
        self.dialog = box
        box.open()
        return box

    def close_tasks(self, ids: list[int]):
        workload = self.view.services.workload
        return self._write(lambda _p: workload.close_tasks(ids),
                           lambda result: self.i18n.ngettext("{count} task closed.", "{count} tasks closed.",
                                                             result.count))

    def _write(self, fn, message):
        view = self.view

        def done(result) -> None:
            view.show_message(message(result).format(count=self.i18n.format_number(result.count)))
            view.refresh()

        # the job announces result.changes to the other screens; this view refreshes itself
        return view.jobs.run(fn, on_success=done, on_failure=self._failed, write=True, parent_widget=view,
                             initiator=view)

    def _failed(self, error: Exception) -> None:
        if isinstance(error, DomainError):
            self.view.show_message(self.i18n.error(error))
        else:
            show_error(self, error, self.i18n)

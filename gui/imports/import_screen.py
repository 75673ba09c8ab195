"""The Import screen: choose a register, see the verdict of every row, import, undo.

Nothing is read until «Check file» is pressed (choosing a file only names it), nothing is
written until «Import» is pressed; the analysis and the import run through
``JobRunner`` (the import on the write lane) with a progress bar and Cancel on the
screen itself; a cancelled import writes nothing (the service rolls back).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QCheckBox, QComboBox, QGroupBox, QHBoxLayout, QHeaderView,
                               QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget)

from domain.errors import DomainError
from domain.messages import N_
from domain.permissions import Action
from gui.imports.batch_model import BatchTableModel
from gui.imports.dialogs import ImportDialogs
from gui.imports.verdict_model import VerdictTableModel
from gui.widgets.tables import long_table
from gui.forms.inline_errors import ERROR_COLOUR
from i18n import Translator


class ImportScreen(QWidget):
    def __init__(self, services, jobs, events, translator: Translator, parent=None) -> None:
        super().__init__(parent)
        self.services, self.jobs, self.events, self.i18n = services, jobs, events, translator
        self.dialogs = ImportDialogs(self)
        self.path: str | None = None
        self.report = None
        self.job = None
        self._status: tuple[str, dict, bool] = (N_("Choose an Excel register to check it before anything is written."),
                                                {}, False)
        self.choose_button = QPushButton(self, objectName="choose_button")
        self.file_label = QLabel(self, objectName="file_label")
        self.check_button = QPushButton(self, objectName="check_button")
        self.sheet_label = QLabel(self)
        self.sheet_combo = QComboBox(self, objectName="sheet_combo")
        self.sheet_combo.setMinimumWidth(160)
        self.summary_label = QLabel(self, objectName="summary_label")
        self.summary_label.setWordWrap(True)
        self.problems_only_check = QCheckBox(self, objectName="problems_only_check")
        self.model = VerdictTableModel(translator, self)
        self.table = long_table(self, self.model, "verdict_table", (70, 120, 200))
        self.skip_invalid_check = QCheckBox(self, objectName="skip_invalid_check")
        self.export_button = QPushButton(self, objectName="export_button")
        self.import_button = QPushButton(self, objectName="import_button")
        self.progress_bar = QProgressBar(self, objectName="progress_bar")
        self.cancel_button = QPushButton(self, objectName="cancel_button")
        self.status_label = QLabel(self, objectName="status_label")
        self.status_label.setWordWrap(True)
        self.batches_box = QGroupBox(self)
        self.batch_model = BatchTableModel(translator, self)
        self.batch_table = long_table(self.batches_box, self.batch_model, "batch_table",
                                      (50, 130, 90, 220, 110, 70, 90))
        self.batch_table.setMaximumHeight(170)
        from gui.session.empty_messages import import_history_empty_message, import_rows_empty_message
        from gui.widgets.empty_state import install_empty_state
        self.history_empty = install_empty_state(self.batch_table, lambda: import_history_empty_message(self.i18n),
                                                 "import_history_empty")
        self.rows_empty = install_empty_state(self.table, lambda: import_rows_empty_message(
            self.i18n, self.report is not None), "import_rows_empty")
        # a short list: columns may size to their contents (never done on the big verdict table)
        self.batch_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.batch_table.horizontalHeader().setStretchLastSection(True)
        self.undo_button = QPushButton(self.batches_box, objectName="undo_button")
        self._layout()
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        self.check_button.clicked.connect(self._on_check_button_clicked)
        self.sheet_combo.activated.connect(self._on_sheet_combo_activated)
        self.problems_only_check.toggled.connect(self.model.set_problems_only)
        self.skip_invalid_check.toggled.connect(lambda _checked: self._update_buttons())
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.undo_button.clicked.connect(self._on_undo_button_clicked)
        self.batch_table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.progress_bar.hide()
        self.cancel_button.hide()
        self.retranslate_ui(translator)
        self._update_buttons()

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.choose_button)
        top.addWidget(self.file_label, 1)
        top.addWidget(self.check_button)
        top.addWidget(self.sheet_label)
        top.addWidget(self.sheet_combo)
        # Two rows: the choices, then the commands; on one row they were wider than 1366x768 at
        # 125 % leaves the screen in Kazakh and Russian (issue 17 §5).
        choices = QHBoxLayout()
        choices.addWidget(self.problems_only_check)
        choices.addStretch(1)
        choices.addWidget(self.skip_invalid_check)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.export_button)
        actions.addWidget(self.import_button)
        progress = QHBoxLayout()
        progress.addWidget(self.progress_bar, 1)
        progress.addWidget(self.cancel_button)
        batches = QVBoxLayout(self.batches_box)
        batches.addWidget(self.batch_table)
        undo_row = QHBoxLayout()
        undo_row.addStretch(1)
        undo_row.addWidget(self.undo_button)
        batches.addLayout(undo_row)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(choices)
        layout.addLayout(actions)
        layout.addLayout(progress)
        layout.addWidget(self.status_label)
        layout.addWidget(self.batches_box)

    # --- texts ----------------------------------------------------------------------------
    def retranslate_ui(self, translator: Translator) -> None:
        self.i18n = translator
        self.history_empty.update()
        self.rows_empty.update()
        _ = translator.gettext
        self.choose_button.setText(_("Choose file…"))
        self.check_button.setText(_("Check file"))
        self.sheet_label.setText(_("Sheet:"))
        self.problems_only_check.setText(_("Only rows with remarks"))
        self.skip_invalid_check.setText(_("Import the valid rows, skip the invalid ones"))
        self.export_button.setText(_("Export the problems…"))
        self.import_button.setText(_("Import"))
        self.cancel_button.setText(_("Cancel"))
        self.batches_box.setTitle(_("Past imports"))
        self.undo_button.setText(_("Undo the selected import…"))
        self.file_label.setText(self.path or _("No file chosen"))
        self.model.retranslate(translator)
        self.batch_model.retranslate(translator)
        self._show_summary()
        message, params, error = self._status
        self._set_status(message, error, **params)

    def _set_status(self, message: str, error: bool = False, **params) -> None:
        self._status = (message, params, error)
        text = self.i18n.gettext(message).format(**params) if params else self.i18n.gettext(message)
        self.status_label.setText(text)
        self.status_label.setStyleSheet(f"color: {ERROR_COLOUR};" if error else "")

    def _show_error(self, error: Exception) -> None:
        if isinstance(error, DomainError):
            self._status = ("", {}, True)
            self.status_label.setText(self.i18n.error(error))
            self.status_label.setStyleSheet(f"color: {ERROR_COLOUR};")
        else:
            self._set_status(N_("Sorry, something went wrong. Your data is safe; the details are in the log file."),
                             True)

    def _show_summary(self) -> None:
        report, tr = self.report, self.i18n
        if report is None:
            self.summary_label.setText("")
            return
        text = tr.format("Sheet «{sheet}», header in row {row}: {ok} ok, {invalid} invalid, {duplicate} duplicate.",
                         sheet=report.sheet, row=report.header_row, ok=tr.format_number(report.ok),
                         invalid=tr.format_number(report.invalid), duplicate=tr.format_number(report.duplicate))
        if report.unknown_columns:
            text += " " + tr.format("Columns not understood (ignored): {columns}.",
                                    columns=", ".join(f"«{c}»" for c in report.unknown_columns))
        self.summary_label.setText(text)

    def _update_buttons(self) -> None:
        busy = self.job is not None
        report = self.report
        can_import = (report is not None and report.ok > 0 and (report.invalid == 0 or self.skip_invalid_check.isChecked())
                      and self.services.actor.can(Action.IMPORT))
        self.import_button.setEnabled(not busy and can_import)
        self.export_button.setEnabled(not busy and report is not None and bool(report.problem_rows()))
        self.choose_button.setEnabled(not busy)
        self.check_button.setEnabled(not busy and self.path is not None)
        self.sheet_combo.setEnabled(not busy and self.sheet_combo.count() > 1)
        batch = self._selected_batch()
        self.undo_button.setEnabled(not busy and batch is not None and batch.undone_at is None)

    # --- jobs ---------------------------------------------------------------------------------
    def _start(self, fn, on_success, *, write: bool, message: str) -> None:
        self.progress_bar.setRange(0, 0)
        self.progress_bar.show()
        self.cancel_button.show()
        self._set_status(message)

        def failed(error: Exception) -> None:
            self._show_error(error)

        self.job = self.jobs.run(fn, on_success=on_success, on_failure=failed, write=write, parent_widget=self,
                                initiator=self)
        self.job.finished.connect(self._on_job_finished)
        self.job.show_in(self.progress_bar)
        self._update_buttons()

    def _on_job_finished(self) -> None:
        job, self.job = self.job, None
        self.progress_bar.hide()
        self.cancel_button.hide()
        if job is not None and job.outcome == "cancelled":
            self._set_status(N_("Cancelled: nothing was written."))
        self._update_buttons()

    def _on_cancel_button_clicked(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def analyse(self, path: str, sheet: str | None = None) -> None:
        self.path = path
        self.file_label.setText(path)
        imports = self.services.imports
        self._start(lambda progress: imports.analyse(path, sheet, progress), self._on_analysed, write=False,
                    message=N_("Checking the register…"))

    def _on_analysed(self, report) -> None:
        self.report = report
        self.model.set_report(report)
        self.sheet_combo.clear()
        self.sheet_combo.addItems(list(report.sheet_names))
        self.sheet_combo.setCurrentText(report.sheet)
        self._show_summary()
        if report.invalid and not self.skip_invalid_check.isChecked():
            self._set_status(N_("Nothing has been written. Correct the invalid rows in the file, or tick "
                                "«Import the valid rows» to import the others."))
        else:
            self._set_status(N_("Nothing has been written yet. Press «Import» to import the new rows."))

    def _on_choose_button_clicked(self) -> None:
        path = self.dialogs.open_register(self.i18n)
        if path:
            # choosing names the file; reading it (which may take a while for a big one) waits for
            # «Check file», and runs as a job the user can cancel
            self.dialogs.folder = str(Path(path).parent)
            self.path = path
            self.file_label.setText(path)
            self.report = None
            self.model.set_report(None)
            self.sheet_combo.clear()
            self._show_summary()
            self._set_status(N_("Press «Check file» to check the register before anything is written."))
            self._update_buttons()

    def _on_check_button_clicked(self) -> None:
        if self.path:
            self.report = None
            self.model.set_report(None)
            self.analyse(self.path)

    def _on_sheet_combo_activated(self, _index: int) -> None:
        if self.path and self.sheet_combo.currentText() and self.report is not None \
                and self.sheet_combo.currentText() != self.report.sheet:
            self.analyse(self.path, self.sheet_combo.currentText())

    def _on_import_button_clicked(self) -> None:
        if self.report is None or self.path is None:
            return
        path, sheet, skip = self.path, self.report.sheet, self.skip_invalid_check.isChecked()
        imports = self.services.imports
        self._start(lambda progress: imports.import_file(path, sheet, skip_invalid=skip, progress=progress),
                    self._on_imported, write=True, message=N_("Importing…"))

    def _on_imported(self, report) -> None:
        self.report = report
        self.model.set_report(report)
        self._show_summary()
        if report.refused:
            self._set_status(N_("Nothing was imported: some rows are invalid."), True)
        elif report.imported:
            self._set_status(N_("Imported {persons} persons in {families} new families as import batch {batch}."),
                             persons=report.imported, families=report.families_imported, batch=report.batch_id)
        else:
            self._set_status(N_("Nothing new to import: every valid row is already in the database."))
        self.refresh()

    def _on_export_button_clicked(self) -> None:
        if self.report is None:
            return
        suggested = str(Path(self.path or "register").with_name(Path(self.path or "register").stem + "-problems.xlsx"))
        target = self.dialogs.save_errors(self.i18n, suggested)
        if not target:
            return
        from reports.import_errors import write_error_list
        report, tr = self.report, self.i18n
        self._start(lambda _progress: write_error_list(report, tr, target),
                    lambda path: self._set_status(N_("The list of problems was saved to {path}."), path=str(path)),
                    write=False, message=N_("Saving the list of problems…"))

    # --- batches --------------------------------------------------------------------------------
    def _selected_batch(self):
        rows = self.batch_table.selectionModel().selectedRows() if self.batch_table.selectionModel() else []
        return self.batch_model.batch(rows[0].row()) if rows else None

    def refresh(self) -> None:
        imports = self.services.imports
        self.jobs.run(lambda _progress: imports.batches(), on_success=self._on_batches_loaded)

    def _on_batches_loaded(self, batches) -> None:
        self.batch_model.set_batches(batches)
        self._update_buttons()

    def _on_undo_button_clicked(self) -> None:
        batch = self._selected_batch()
        if batch is None:
            return
        question = self.i18n.format(
            "Remove the {persons} persons imported from {file} on {when} (import {batch})?",
            persons=batch.rows_imported, file=batch.file_name, when=self.i18n.format_datetime(batch.imported_at),
            batch=batch.id)
        if not self.dialogs.confirm(self.i18n, question):
            return
        imports = self.services.imports
        self._start(lambda _progress: imports.undo_batch(batch.id), self._on_undone, write=True,
                    message=N_("Undoing the import…"))

    def _on_undone(self, result) -> None:
        self._set_status(N_("Import {batch} was undone: {families} families and {persons} persons removed."),
                         batch=result.batch_id, families=result.families_removed, persons=result.persons_removed)
        self.refresh()

    def on_changes(self, changes, initiator) -> None:
        if initiator is not self and (changes.imports or changes.families):
            self.refresh()


def _create(ctx) -> ImportScreen:
    return ImportScreen(ctx.services, ctx.jobs, ctx.events, ctx.translator)


def _register() -> None:
    from gui.screens import ScreenSpec, register_screen
    register_screen(ScreenSpec("imports", N_("Import"), _create, order=80, action=Action.IMPORT))


_register()

"""The centre's details (Administration screen): names in kk/ru/en, address, director, executor.

Every report and ministry form prints them (reports/pdf_centre.py, reports/ministry_export.py).
The form only collects text; the rules (one line, a length limit) and the permission live in
``domain.centre`` and ``services.centre``, and a refusal is shown beside the field it names.
"""
from __future__ import annotations

from PySide6.QtWidgets import (QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox,
                               QVBoxLayout)

from domain.centre import FIELDS, IDLE_LOCK_KEY, IDLE_LOCK_LABEL, MAX_IDLE_LOCK_MINUTES, MAX_LENGTH
from domain.errors import DomainError, ValidationError
from gui.forms.inline_errors import mark_invalid
from i18n import Translator


class CentreForm(QGroupBox):
    def __init__(self, services, jobs, translator: Translator, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("centre_form")
        self.services = services
        self.jobs = jobs
        self.i18n = translator
        self.edits: dict[str, QLineEdit] = {}
        self.captions: dict[str, QLabel] = {}
        form = QFormLayout()
        for key in FIELDS:
            edit = QLineEdit(self)
            edit.setObjectName(f"centre_{key}_edit")
            edit.setMaxLength(MAX_LENGTH)
            caption = QLabel(self)
            self.edits[key], self.captions[key] = edit, caption
            form.addRow(caption, edit)
        # The idle lock (issue 19 §6) is set here too: one form, one save, one transaction.
        self.idle_lock_edit = QSpinBox(self)
        self.idle_lock_edit.setObjectName("idle_lock_minutes_edit")
        self.idle_lock_edit.setRange(0, MAX_IDLE_LOCK_MINUTES)
        self.idle_lock_caption = QLabel(self)
        form.addRow(self.idle_lock_caption, self.idle_lock_edit)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("centre_save_button")
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.result = QLabel(self)
        self.result.setObjectName("centre_result")
        self.result.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.result, 1)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(row)
        self.retranslate_ui(translator)

    def retranslate_ui(self, translator: Translator) -> None:
        self.i18n = translator
        _ = translator.gettext
        self.setTitle(_("Centre details for reports and forms"))
        for key, label in FIELDS.items():
            self.captions[key].setText(_(label) + ":")
        self.edits["director_position"].setPlaceholderText(_("Director"))
        self.idle_lock_caption.setText(_(IDLE_LOCK_LABEL) + ":")
        self.idle_lock_edit.setToolTip(_("After this many minutes without a key or mouse movement every window "
                                         "of Qandas is covered and asks for the password again."))
        self.save_button.setText(_("Save centre details"))

    def refresh(self) -> None:
        centre = self.services.centre
        self.jobs.run(lambda _progress: (centre.details(), centre.idle_lock_minutes()),
                      on_success=self._show_details)

    def _show_details(self, loaded) -> None:
        details, idle_lock_minutes = loaded
        for key, value in details.as_dict().items():
            self.edits[key].setText(value)
            self.edits[key].setCursorPosition(0)  # a long name shows its beginning, not its end
            mark_invalid(self.edits[key], False)
        self.idle_lock_edit.setValue(idle_lock_minutes)

    def values(self) -> dict[str, str]:
        values: dict = {key: edit.text() for key, edit in self.edits.items()}
        values[IDLE_LOCK_KEY] = self.idle_lock_edit.value()
        return values

    def _on_save_button_clicked(self) -> None:
        values = self.values()
        self.result.setText("")
        self.jobs.run(lambda _progress: self.services.centre.update(values), on_success=self._on_saved,
                      on_failure=self._on_failed, write=True, initiator=self)

    def _on_saved(self, changes) -> None:
        self.refresh()
        self.result.setText(self.i18n._("Saved.") if changes.any() else self.i18n._("Nothing to save."))

    def _on_failed(self, error: Exception) -> None:
        if not isinstance(error, DomainError):  # not a refusal: the window's usual error message
            self.jobs.job_failed.emit(error, "")
            return
        problems = error.problems if isinstance(error, ValidationError) else [error]
        for problem in problems:
            if getattr(problem, "field", None) in self.edits:
                mark_invalid(self.edits[problem.field], True)
        self.result.setText("\n".join(self.i18n.error(p) for p in problems))

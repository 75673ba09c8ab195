"""The centre's details (Administration screen): names in kk/ru/en, address, director, executor.

Every report and ministry form prints them (reports/pdf_centre.py, reports/ministry_export.py).
The form only collects text; the rules (one line, a length limit) and the permission live in
``domain.centre`` and ``services.centre``, and a refusal is shown beside the field it names.
"""
from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout

from domain.centre import FIELDS, IDLE_LOCK_KEY, IDLE_LOCK_LABEL, MAX_IDLE_LOCK_MINUTES, MAX_LENGTH
from domain.errors import DomainError
from gui.forms.field_rows import FieldRows
from gui.forms.inline_errors import InlineErrors, error_line, set_error_line
from i18n import Translator


class CentreForm(FieldRows, QGroupBox):
    """On a screen rather than in a dialog, with the form kit's rows: a refusal stands under its
    field, the save runs as a write job whose ``Changes`` the job runner announces."""

    label_suffix = ":"

    def __init__(self, services, jobs, translator: Translator, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("centre_form")
        self.services = services
        self.jobs = jobs
        self.i18n = translator
        form = self.init_field_rows()
        self.edits: dict[str, QLineEdit] = {}
        for key, label in FIELDS.items():
            self.edits[key] = self.add_field(key, QLineEdit(self), label)
            self.edits[key].setMaxLength(MAX_LENGTH)
        # The idle lock (issue 19 §6) is set here too: one form, one save, one transaction.
        self.idle_lock_edit = self.add_field(IDLE_LOCK_KEY, QSpinBox(self), IDLE_LOCK_LABEL)
        self.idle_lock_edit.setRange(0, MAX_IDLE_LOCK_MINUTES)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("centre_save_button")
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.result = QLabel(self)
        self.result.setObjectName("centre_result")
        self.result.setWordWrap(True)
        self.error_label = error_line(self)
        self.errors = InlineErrors(self, self.error_label)
        row = QHBoxLayout()
        row.addWidget(self.result, 1)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addLayout(row)
        self.retranslate_ui(translator)

    def retranslate_ui(self, translator: Translator) -> None:
        self.i18n = translator
        _ = translator.gettext
        self.setTitle(_("Centre details for reports and forms"))
        self.retranslate_fields(translator)
        self.edits["director_position"].setPlaceholderText(_("Director"))
        self.idle_lock_edit.setToolTip(_("After this many minutes without a key or mouse movement every window "
                                         "of Qandas is covered and asks for the password again."))
        self.save_button.setText(_("Save centre details"))

    def refresh(self) -> None:
        centre = self.services.centre
        self.jobs.run(lambda _progress: (centre.details(), centre.idle_lock_minutes()),
                      on_success=self._show_details)

    def _show_details(self, loaded) -> None:
        details, idle_lock_minutes = loaded
        self.errors.clear()
        for key, value in details.as_dict().items():
            self.edits[key].setText(value)
            self.edits[key].setCursorPosition(0)  # a long name shows its beginning, not its end
        self.idle_lock_edit.setValue(idle_lock_minutes)

    def values(self) -> dict[str, object]:
        return self.field_values()

    def _on_save_button_clicked(self) -> None:
        values = self.values()
        self.result.setText("")
        self.errors.clear()
        centre = self.services.centre
        self.jobs.run(lambda _progress: centre.update(values), on_success=self._on_saved,
                      on_failure=self._on_failed, write=True, initiator=self)

    def _on_saved(self, changes) -> None:
        self.refresh()
        self.result.setText(self.i18n._("Saved.") if changes.any() else self.i18n._("Nothing to save."))

    def _on_failed(self, error: Exception) -> None:
        if self.errors.show(error, self.i18n):  # refused fields: the message under each
            return
        if isinstance(error, DomainError):  # a refusal of the whole form (the permission)
            set_error_line(self.error_label, self.i18n.error(error))
            return
        self.jobs.job_failed.emit(error, "")  # not a refusal: the window's usual error message

    def error_text(self) -> str:
        """Every refusal the form shows now, one a line."""
        lines = [row.message.text() for row in self.rows.values() if row.has_error()]
        return "\n".join(filter(None, lines + [self.error_label.text()]))

"""A small form dialog declared as data; it submits through a write job and shows refusals inline.

Each input is named ``<field>_edit`` so tests and error messages find it; a refused field
is marked and its message shown under the form, translated, and nothing closes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QLineEdit, QSpinBox, QVBoxLayout, QWidget)

from domain.errors import DomainError, ValidationError
from gui.errors import show_error
from gui.forms.date_edit import OptionalDateEdit
from i18n import Translator

INVALID_STYLE = "border: 1px solid #b3261e;"


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str  # an N_() msgid
    kind: str = "text"  # text, date, optional_date, int, choice, check
    default: Any = None
    choices: tuple[tuple[Any, str], ...] = ()  # (value, text already translated)
    aliases: tuple[str, ...] = ()  # service field names that point at this input
    maximum: int = 100000
    minimum: int = 0


@dataclass
class FormDialogSpec:
    title: str  # an N_() msgid
    fields: list[FieldSpec]
    submit: Callable[[dict], Any]  # runs in a worker thread
    hint: str = ""  # an N_() msgid shown above the form
    extra: dict = field(default_factory=dict)
    ok_text: str = "Save"  # an N_() msgid for the button that submits ("Delete" for a confirmation)


class FormDialog(QDialog):
    submitted = Signal(object)  # the service's result

    def __init__(self, spec: FormDialogSpec, jobs, translator: Translator, parent: QWidget | None = None,
                 initiator: object | None = None) -> None:
        super().__init__(parent)
        self.initiator = initiator if initiator is not None else parent  # named when the write is announced
        self.setObjectName("form_dialog")
        self.spec, self.jobs, self.i18n = spec, jobs, translator
        self.inputs: dict[str, QWidget] = {}
        self.result_value = None
        self.setWindowTitle(translator._(spec.title))
        layout = QVBoxLayout(self)
        if spec.hint:
            hint = QLabel(translator._(spec.hint), self)
            hint.setWordWrap(True)
            layout.addWidget(hint)
        form = QFormLayout()
        for item in spec.fields:
            widget = self._make_input(item)
            widget.setObjectName(f"{item.key}_edit")
            self.inputs[item.key] = widget
            form.addRow(translator._(item.label), widget)
        layout.addLayout(form)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("error_label")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e;")
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(translator._(spec.ok_text))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(translator._("Cancel"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def _make_input(self, item: FieldSpec) -> QWidget:
        if item.kind == "optional_date":
            widget = OptionalDateEdit(self, empty_text=self.i18n._("not set"))
            widget.set_value(item.default)
            return widget
        if item.kind == "date":
            widget = QDateEdit(self)
            widget.setCalendarPopup(True)
            widget.setDisplayFormat("dd.MM.yyyy")
            value = item.default
            if value:
                widget.setDate(QDate(value.year, value.month, value.day))
            return widget
        if item.kind == "int":
            widget = QSpinBox(self)
            widget.setRange(item.minimum, item.maximum)
            widget.setValue(int(item.default or 0))
            return widget
        if item.kind == "choice":
            widget = QComboBox(self)
            for value, text in item.choices:
                widget.addItem(text, value)
            index = widget.findData(item.default)
            widget.setCurrentIndex(max(index, 0))
            return widget
        if item.kind == "check":
            widget = QCheckBox(self)
            widget.setChecked(bool(item.default))
            return widget
        widget = QLineEdit(self)
        widget.setText("" if item.default is None else str(item.default))
        return widget

    def values(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for item in self.spec.fields:
            widget = self.inputs[item.key]
            if isinstance(widget, OptionalDateEdit):
                result[item.key] = widget.value()
            elif isinstance(widget, QDateEdit):
                result[item.key] = widget.date().toPython()
            elif isinstance(widget, QSpinBox):
                result[item.key] = widget.value()
            elif isinstance(widget, QComboBox):
                result[item.key] = widget.currentData()
            elif isinstance(widget, QCheckBox):
                result[item.key] = widget.isChecked()
            else:
                result[item.key] = widget.text()
        return result

    def set_value(self, key: str, value: Any) -> None:
        widget = self.inputs[key]
        if isinstance(widget, OptionalDateEdit):
            widget.set_value(value)
        elif isinstance(widget, QDateEdit):
            widget.setDate(QDate(value.year, value.month, value.day))
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(value))
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(widget.findData(value))
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        else:
            widget.setText(str(value))

    def submit(self) -> None:
        for widget in self.inputs.values():
            widget.setStyleSheet("")
        self.error_label.clear()
        self.buttons.setEnabled(False)
        values = self.values()
        submit = self.spec.submit
        self.jobs.run(lambda _progress: submit(values), on_success=self._on_job_succeeded,
                      on_failure=self._on_job_failed, write=True, parent_widget=self,
                      initiator=self.initiator)

    def _on_job_succeeded(self, result) -> None:
        self.buttons.setEnabled(True)
        self.result_value = result
        self.submitted.emit(result)
        self.accept()

    def _on_job_failed(self, error: Exception) -> None:
        self.buttons.setEnabled(True)
        if not isinstance(error, DomainError):
            show_error(self, error, self.i18n)
            return
        lines = []
        problems = error.problems if isinstance(error, ValidationError) else []
        for problem in problems:
            widget = self._input_for(problem.field)
            if widget is not None:
                widget.setStyleSheet(INVALID_STYLE)
            lines.append(self.i18n.error(problem))
        self.error_label.setText("\n".join(lines) if lines else self.i18n.error(error))

    def _input_for(self, name: str) -> QWidget | None:
        if name in self.inputs:
            return self.inputs[name]
        for item in self.spec.fields:
            if name in item.aliases:
                return self.inputs[item.key]
        return None


class FormHost:
    """For screens and tabs that open FormDialogs: the job runner tells the other screens what a
    dialog's write changed (this screen is the initiator), and this one reloads."""

    def open_form(self, spec: FormDialogSpec) -> "FormDialog":
        dialog = FormDialog(spec, self.jobs, self.i18n, self)
        dialog.submitted.connect(self._on_form_submitted)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def _on_form_submitted(self, _result) -> None:
        self.refresh()

"""The form dialogs of the window: one base, and the declarative dialog built on it.

``FormDialogBase`` is what every form gets: fields in rows with their labels from
``domain.field_labels`` (a required one marked «*»), inline errors under the fields, the
conflict banner, Save/Cancel, a write run as a job (never on the GUI thread), and a close
guard that asks before unsaved changes are lost (Esc, Cancel and the window's close button).
``FormDialog`` declares its fields as data (``FieldSpec``); the card's ``RecordDialog``, the
admin dialogs and the new-family form build theirs in code on the same base (the new-family form
puts the field rows inside a larger body with ``place_form`` and routes a refusal about a member
to its member with ``show_problems``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QLayout, QLineEdit, QSpinBox, QVBoxLayout, QWidget)

from domain.errors import ConflictError, DomainError, FieldProblem, ValidationError
from domain.messages import N_
from gui.dialogs import translate_buttons
from gui.errors import show_error
from gui.forms.close_guard import CloseGuard
from gui.forms.date_edit import OptionalDateEdit
from gui.forms.field_rows import FieldRows
from gui.forms.form_widgets import ConflictBanner
from gui.forms.inline_errors import InlineErrors, error_line, set_error_line
from gui.forms.values import set_widget_value
from i18n import Translator

_SB = QDialogButtonBox.StandardButton


class FormDialogBase(FieldRows, QDialog):
    """Subclasses add fields with ``add_field``, implement ``values()`` and ``start_write``."""

    submitted = Signal(object)  # the service's result
    guards_changes = True  # False for a prompt whose typed values are not worth keeping (a password)

    def __init__(self, translator: Translator, title: str, parent: QWidget | None = None,
                 ok_text: str = N_("Save"), hint: str = "") -> None:
        super().__init__(parent)
        self.i18n = translator
        self._title, self._ok_text, self._hint = title, ok_text, hint
        self.banner = ConflictBanner(self)
        self.banner.reload_requested.connect(self.close_without_asking)  # the screen behind reloads
        self.hint_label = QLabel(self)
        self.hint_label.setWordWrap(True)
        self.hint_label.setVisible(bool(hint))
        self.init_field_rows()
        self.error_label = error_line(self)
        self.errors = InlineErrors(self, self.error_label)
        # a form that saves has the standard Save button: Qt's own retranslation of the box (when
        # the language changes) then keeps the word "Save" rather than putting "OK" back
        accept = _SB.Save if ok_text == N_("Save") else _SB.Ok
        self.buttons = QDialogButtonBox(accept | _SB.Cancel, self)
        self.ok_button = self.buttons.button(accept)
        self.ok_button.setObjectName("save_button")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.hint_label)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.saving = False
        self.result_value: Any = None
        self.close_guard = CloseGuard(self.snapshot, self.submit)
        self._guard_armed = False

    def place_form(self, build: Callable[[QFormLayout], QLayout]) -> None:
        """Put the field rows inside a larger body: ``build(form)`` returns the layout holding
        ``form``, shown where the rows were, taking the dialog's spare height."""
        layout = self.layout()
        index = next(i for i in range(layout.count()) if layout.itemAt(i).layout() is self.form)
        layout.removeItem(self.form)
        layout.insertLayout(index, build(self.form), 1)

    # --- fields (added with FieldRows.add_field) ------------------------------------------
    def values(self) -> Any:
        raise NotImplementedError

    def snapshot(self) -> Any:
        """What the close guard compares: the inputs' values (``values()`` may ask questions)."""
        return self.field_values()

    def retranslate_ui(self, translator: Translator) -> None:
        self.i18n = translator
        _ = translator.gettext
        if self._title:
            self.setWindowTitle(_(self._title))
        self.retranslate_fields(translator)
        if self._hint:
            self.hint_label.setText(_(self._hint))
        translate_buttons(self.buttons, translator)
        self.ok_button.setText(_(self._ok_text))
        self.banner.retranslate_ui(translator)

    def error_text(self) -> str:
        """Every refusal the form shows now, under its fields and below the form, one a line."""
        lines = [row.message.text() for row in self.rows.values() if row.has_error()]
        lines += [label.text() for label in self.findChildren(QLabel) if label.objectName().endswith("_error")
                  and label.isVisibleTo(self) and label.parentWidget() not in self.rows.values()]
        return "\n".join(filter(None, lines + [self.error_label.text()]))

    # --- saving ----------------------------------------------------------------------------
    def check(self) -> list[FieldProblem]:
        """Problems found before any write: the required fields left empty."""
        return self.missing_required()

    def submit(self) -> None:
        if self.saving:
            return
        self.errors.clear()
        problems = self.check()
        if problems:
            self.show_problems(ValidationError(problems))
            self.fit_to_contents()
            return
        values = self.values()
        self.set_saving(True)
        self.start_write(values)

    def show_problems(self, error: ValidationError) -> bool:
        """Each refusal under the field it names (the first one focused), the rest below the form."""
        return self.errors.show(error, self.i18n)

    def set_saving(self, saving: bool) -> None:
        """While a write (or a check before it) runs, Save and Cancel wait and the form stays open."""
        self.saving = saving
        self.buttons.setEnabled(not saving)

    def start_write(self, values: Any) -> None:
        """Run the write as a job with ``on_saved`` / ``on_failed`` as its outcome."""
        raise NotImplementedError

    def on_saved(self, result: Any) -> None:
        self.set_saving(False)
        self.result_value = result
        self.submitted.emit(result)
        self.accept()

    def on_failed(self, error: Exception) -> bool:
        """True when the refusal is shown on the form; False leaves it to the caller."""
        self.set_saving(False)
        if isinstance(error, ConflictError):
            self.banner.show_conflict(error, self.i18n)
        elif isinstance(error, ValidationError):
            self.show_problems(error)
        elif isinstance(error, DomainError):
            set_error_line(self.error_label, self.i18n.error(error))
        else:
            return False
        self.fit_to_contents()
        return True

    def fit_to_contents(self) -> None:
        """Grow to show the messages that appeared under the fields (never shrink what the user sized)."""
        layout = self.layout()
        layout.activate()
        height = max(layout.totalHeightForWidth(self.width()), layout.totalMinimumSize().height())
        if height > self.height():
            self.resize(self.width(), height)

    # --- closing ---------------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        if not self._guard_armed:  # the values the form opened with are its clean state
            self._guard_armed = True
            self.close_guard.mark_clean()
        super().showEvent(event)

    def reject(self) -> None:
        if self.saving:
            return
        if not self.guards_changes or self.close_guard.may_close(self, self.i18n):
            super().reject()

    def close_without_asking(self) -> None:
        self.close_guard.mark_clean()
        super().reject()


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str = ""  # an N_() msgid; empty: the field's label from domain.field_labels
    kind: str = "text"  # text, date, optional_date, int, choice, check
    default: Any = None
    choices: tuple[tuple[Any, str], ...] = ()  # (value, text already translated)
    aliases: tuple[str, ...] = ()  # service field names that point at this input
    maximum: int = 100000
    minimum: int = 0
    required: bool = False


@dataclass
class FormDialogSpec:
    title: str  # an N_() msgid
    fields: list[FieldSpec]
    submit: Callable[[dict], Any]  # runs in a worker thread
    hint: str = ""  # an N_() msgid shown above the form
    extra: dict = field(default_factory=dict)
    ok_text: str = N_("Save")  # an N_() msgid for the button that submits ("Delete" for a confirmation)


class FormDialog(FormDialogBase):
    """A form declared as data; each input is named ``<field>_edit`` so tests and errors find it."""

    def __init__(self, spec: FormDialogSpec, jobs, translator: Translator, parent: QWidget | None = None,
                 initiator: object | None = None) -> None:
        super().__init__(translator, spec.title, parent, ok_text=spec.ok_text, hint=spec.hint)
        self.initiator = initiator if initiator is not None else parent  # named when the write is announced
        self.setObjectName("form_dialog")
        self.spec, self.jobs = spec, jobs
        for item in spec.fields:
            self.add_field(item.key, self._make_input(item), item.label, item.required)
        self.retranslate_ui(translator)
        self.setMinimumWidth(460)

    def _make_input(self, item: FieldSpec) -> QWidget:
        widget: QWidget
        if item.kind == "optional_date":
            widget = OptionalDateEdit(self, empty_text=self.i18n._("not set"))
        elif item.kind == "date":
            widget = QDateEdit(self)
            widget.setCalendarPopup(True)
            widget.setDisplayFormat("dd.MM.yyyy")
        elif item.kind == "int":
            widget = QSpinBox(self)
            widget.setRange(item.minimum, item.maximum)
        elif item.kind == "choice":
            widget = QComboBox(self)
            for value, text in item.choices:
                widget.addItem(text, value)
        elif item.kind == "check":
            widget = QCheckBox(self)
        else:
            widget = QLineEdit(self)
        if item.default is not None or item.kind in ("int", "check"):
            set_widget_value(widget, item.default if item.default is not None else 0)
        return widget

    def values(self) -> dict[str, Any]:
        return self.field_values()

    def set_value(self, key: str, value: Any) -> None:
        set_widget_value(self.inputs[key], value)

    def start_write(self, values: Any) -> None:
        submit = self.spec.submit
        self.jobs.run(lambda _progress: submit(values), on_success=self.on_saved, on_failure=self._failed,
                      write=True, parent_widget=self, initiator=self.initiator)

    def _failed(self, error: Exception) -> None:
        if isinstance(error, ValidationError):
            error = ValidationError([self._renamed(problem) for problem in error.problems])
        if not self.on_failed(error):
            show_error(self, error, self.i18n)

    def _renamed(self, problem: FieldProblem) -> FieldProblem:
        """The service's field name → the input's key (``aliases`` in the spec)."""
        for item in self.spec.fields:
            if problem.field in item.aliases:
                return FieldProblem(item.key, problem.message, problem.params)
        return problem


class FormHost:
    """For screens and tabs that open FormDialogs: the job runner tells the other screens what a
    dialog's write changed (this screen is the initiator), and this one reloads."""

    def open_form(self, spec: FormDialogSpec) -> FormDialog:
        dialog = FormDialog(spec, self.jobs, self.i18n, self)  # type: ignore[attr-defined]
        dialog.submitted.connect(self._on_form_submitted)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def _on_form_submitted(self, _result) -> None:
        self.refresh()  # type: ignore[attr-defined]

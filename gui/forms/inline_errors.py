"""The one inline-error mechanism: a message under the field and a red frame around it.

``FieldRow`` wraps one editor (whose object name is ``<field>_edit``) with a label
``<field>_error`` below it. ``InlineErrors`` puts each problem of a ``ValidationError`` on the
row of its field (``members.0.iin`` lands on ``iin``), sends what has no field on the form to
one general line, and focuses the first refused field. Every form and dialog uses these, so an
error looks the same everywhere (``error_line`` for a dialog's general message).
"""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from domain.errors import ValidationError
from domain.field_labels import field_key
from i18n import Translator

ERROR_COLOUR = "#b71c1c"
WARNING_COLOUR = "#8a5a00"


def mark_invalid(editor: QWidget, invalid: bool) -> None:
    """The red frame of a refused input (scoped to the input, so its popups keep their look)."""
    frame = f"border: 2px solid {ERROR_COLOUR};"
    name = editor.objectName()
    editor.setStyleSheet(("#" + name + " { " + frame + " }" if name else frame) if invalid else "")


def error_line(parent: QWidget, name: str = "error_label") -> QLabel:
    """A dialog's general error message (one that names no field), in the one error colour."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {ERROR_COLOUR};")
    return label


def set_error_line(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class FieldRow(QWidget):
    def __init__(self, field: str, editor: QWidget, parent=None) -> None:
        super().__init__(parent)
        self.field = field
        self.editor = editor
        editor.setObjectName(f"{field}_edit")
        self.message = QLabel(self)
        self.message.setObjectName(f"{field}_error")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.state = ""  # "", "error" or "warning"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(editor)
        layout.addWidget(self.message)

    def set_error(self, text: str) -> None:
        self._show(text, ERROR_COLOUR, "error")
        mark_invalid(self.editor, True)

    def set_warning(self, text: str) -> None:
        self._show(text, WARNING_COLOUR, "warning")
        mark_invalid(self.editor, False)

    def clear(self) -> None:
        self.state = ""
        self.message.clear()
        self.message.setVisible(False)
        mark_invalid(self.editor, False)

    def has_error(self) -> bool:
        return self.state == "error"

    def _show(self, text: str, colour: str, state: str) -> None:
        self.state = state
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {colour};")
        self.message.setVisible(True)


class InlineErrors:
    """Shows a ``ValidationError`` on the fields of ``form``: on the ``FieldRow`` of each named
    field, or as a red frame on a bare ``<field>_edit`` input; what names no input goes to ``label``."""

    def __init__(self, form: QWidget, label: QLabel) -> None:
        self.form = form
        self.label = label
        if not label.objectName():
            label.setObjectName("error_label")
        label.setWordWrap(True)
        label.setStyleSheet(f"color: {ERROR_COLOUR};")
        label.hide()
        self._rows: list[FieldRow] = []
        self._marked: list[QWidget] = []

    def clear(self) -> None:
        for row in self._rows:
            row.clear()
        for widget in self._marked:
            mark_invalid(widget, False)
            widget.setToolTip("")
        self._rows, self._marked = [], []
        set_error_line(self.label, "")

    def show(self, error: Exception, translator: Translator) -> bool:
        """Show a ValidationError on its fields; False for any other error (the caller decides)."""
        if not isinstance(error, ValidationError):
            return False
        self.clear()
        general: list[str] = []
        first: QWidget | None = None
        for problem in error.problems:
            text = translator.error(problem)
            widget = self.form.findChild(QWidget, f"{field_key(problem.field)}_edit")
            row = widget.parentWidget() if widget is not None else None
            if isinstance(row, FieldRow):
                row.set_error(text)
                self._rows.append(row)
            elif widget is not None:
                mark_invalid(widget, True)
                widget.setToolTip(text)
                self._marked.append(widget)
                general.append(text)
            else:
                general.append(text)
            first = first or widget
        if first is not None:
            first.setFocus()
        set_error_line(self.label, "\n".join(general))
        return True

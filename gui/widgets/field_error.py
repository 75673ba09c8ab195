"""Inline errors: a message under the field and a red frame around it.

``FieldRow`` wraps one editor (whose object name is ``<field>_edit``) with a label
``<field>_error`` below it; forms keep a dict of rows by field name so a
``ValidationError`` naming ``members.0.iin`` lands on the right widget.
"""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

ERROR_COLOUR = "#b71c1c"
WARNING_COLOUR = "#8a5a00"


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
        self.editor.setStyleSheet(f"#{self.editor.objectName()} {{ border: 2px solid {ERROR_COLOUR}; }}")

    def set_warning(self, text: str) -> None:
        self._show(text, WARNING_COLOUR, "warning")
        self.editor.setStyleSheet("")

    def clear(self) -> None:
        self.state = ""
        self.message.clear()
        self.message.setVisible(False)
        self.editor.setStyleSheet("")

    def has_error(self) -> bool:
        return self.state == "error"

    def _show(self, text: str, colour: str, state: str) -> None:
        self.state = state
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {colour};")
        self.message.setVisible(True)

"""Reading and setting the value of any input the forms use (a date, a number, a code, a flag or text)."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from gui.forms.date_edit import OptionalDateEdit


def widget_value(widget: QWidget) -> Any:
    """The value of any input the forms use (a date, a number, a code, a flag or text)."""
    if isinstance(widget, OptionalDateEdit):
        return widget.value()
    if isinstance(widget, QDateEdit):
        return widget.date().toPython()
    if isinstance(widget, QSpinBox):
        return widget.value()
    if isinstance(widget, QComboBox):
        return widget.currentData()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QLineEdit):
        return widget.text()
    return None


def set_widget_value(widget: QWidget, value: Any) -> None:
    if isinstance(widget, OptionalDateEdit):
        widget.set_value(value)
    elif isinstance(widget, QDateEdit):
        widget.setDate(QDate(value.year, value.month, value.day))
    elif isinstance(widget, QSpinBox):
        widget.setValue(int(value))
    elif isinstance(widget, QComboBox):
        widget.setCurrentIndex(max(0, widget.findData(value)))
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText("" if value is None else str(value))
    elif isinstance(widget, QLineEdit):
        widget.setText("" if value is None else str(value))

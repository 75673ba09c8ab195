"""A date editor that may be empty (a child without a known birth date, no arrival date yet)."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QDateEdit

EMPTY = QDate(1900, 1, 1)


class OptionalDateEdit(QDateEdit):
    """``value()`` is a ``date`` or None; the empty state shows the special value text."""

    value_changed = Signal(object)

    def __init__(self, parent=None, maximum: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("dd.MM.yyyy")
        self.setMinimumDate(EMPTY)
        if maximum is not None:
            self.setMaximumDate(QDate(maximum.year, maximum.month, maximum.day))
        self.setDate(EMPTY)
        self.setSpecialValueText("—")
        self.dateChanged.connect(lambda _date: self.value_changed.emit(self.value()))

    def value(self) -> dt.date | None:
        date = self.date()
        return None if date == EMPTY else date.toPython()

    def set_value(self, value: dt.date | None) -> None:
        self.setDate(EMPTY if value is None else QDate(value.year, value.month, value.day))

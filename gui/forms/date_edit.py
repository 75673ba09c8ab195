"""The one date editor that may be empty: no birth date known, no arrival date yet, a filter
without a bound. Every form and filter uses it, so "no date" is one value with one look."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import QDateEdit, QWidget

NO_DATE = QDate(1900, 1, 1)  # below every real date the centre records; shown as the empty text


class OptionalDateEdit(QDateEdit):
    """``value()`` is a ``date`` or None; the empty state shows ``empty_text`` (a dash unless a
    filter says "from", "to" or "any")."""

    value_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None, maximum: dt.date | None = None,
                 name: str | None = None, empty_text: str = "—") -> None:
        super().__init__(parent)
        if name:
            self.setObjectName(name)
        self.setCalendarPopup(True)
        self.setDisplayFormat("dd.MM.yyyy")
        self.setMinimumDate(NO_DATE)
        if maximum is not None:
            self.setMaximumDate(QDate(maximum.year, maximum.month, maximum.day))
        self.setDate(NO_DATE)
        self.setSpecialValueText(empty_text)
        self.dateChanged.connect(lambda _date: self.value_changed.emit(self.value()))

    def value(self) -> dt.date | None:
        date = self.date()
        return None if date == NO_DATE else date.toPython()

    def set_value(self, value: dt.date | None) -> None:
        self.setDate(NO_DATE if value is None else QDate(value.year, value.month, value.day))

    def set_empty_text(self, text: str) -> None:
        self.setSpecialValueText(text)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        """Tab leaves an empty field: Qt's date edit would keep it, cycling through the sections
        of a date that is not shown (a keyboard trap in every form with an empty date)."""
        if self.value() is None and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) \
                and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier:
            QWidget.focusNextPrevChild(self, event.key() == Qt.Key.Key_Tab
                                       and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            return
        super().keyPressEvent(event)

    def set_today_on_popup(self, today: dt.date) -> None:
        """The calendar opens on today while the field is still empty (not on 1900)."""
        self.calendarWidget().setSelectedDate(QDate(today.year, today.month, today.day))

"""The shape of the quota area's year screens (Quotas, Programmes): a «Year:» choice over tabs of tables.

Each screen reads one year in a job (newest result wins) and shows its tables; this base holds the
year box, the tabs, a page (buttons over a table) and the showing of the tables, so the screens
keep only what they read and what their buttons do.
"""
from __future__ import annotations

from typing import Iterable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTabWidget, QTableView, QVBoxLayout, QWidget

from gui.forms.form_dialog import FormDialog, FormHost
from gui.jobs import Latest
from gui.quotas.common import fill_years, fit_columns
from gui.widgets.tables import button_row
from i18n import Translator


class YearTabs(FormHost, QWidget):
    """Subclasses set ``tab_titles`` (N_() msgids), add pages with ``add_page`` and call ``finish``."""

    loaded = Signal()
    tab_titles: tuple[str, ...] = ()

    def __init__(self, services, jobs, translator: Translator, events=None, parent=None) -> None:
        super().__init__(parent)
        self.services, self.jobs, self.i18n, self.events = services, jobs, translator, events
        self.last_dialog: FormDialog | None = None
        self._latest = Latest()
        self.year_label = QLabel(self)
        self.year_edit = QComboBox(self)
        self.year_edit.setObjectName("year_edit")
        self.year_edit.currentIndexChanged.connect(lambda _i: self.refresh())
        self.tabs = QTabWidget(self)

    def add_page(self, table: QTableView, *widgets: QWidget) -> None:
        """A tab: the widgets in a row over the table."""
        page = QWidget(self)
        layout = QVBoxLayout(page)
        if widgets:
            layout.addLayout(button_row(*widgets))
        layout.addWidget(table, 1)
        self.tabs.addTab(page, "")

    def finish(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.year_label)
        top.addWidget(self.year_edit)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.retranslate_ui(self.i18n)

    def retranslate_ui(self, translator: Translator) -> None:
        self.i18n = translator
        self.year_label.setText(translator._("Year:"))
        for index, title in enumerate(self.tab_titles):
            self.tabs.setTabText(index, translator._(title))

    def show_year(self, years: list[int], year: int, tables: Iterable[tuple[object, list, QTableView]]) -> None:
        """The years to choose from, the year shown, and each (model, rows, table) filled and fitted."""
        fill_years(self.year_edit, years, year)
        for model, rows, table in tables:
            model.set_rows(rows)
            fit_columns(table)

    def refresh(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

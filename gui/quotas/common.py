"""Helpers the quota area's screens share: region names per language, table setup, year box."""
from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QTableView, QWidget

from gui.widgets.tables import single_row_table
from i18n.translator import LANGUAGES


def region_names(services) -> dict[str, dict[str, str]]:
    """{language: {code: name}}; called inside a job (it reads the database)."""
    regions = services.reference.regions()
    return {language: {r.code: r.name(language) for r in regions} for language in LANGUAGES}


def make_table(parent: QWidget, model, name: str) -> QTableView:
    """A row table (``gui.widgets.tables``) with alternating rows and columns the user can size."""
    table = single_row_table(parent, model, name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    from gui.widgets.width_fit import fit_columns_to_width
    fit_columns_to_width(table)  # no column of a plan or a rule off-screen at 1366x768 at 125 %
    return table


def wrap_long_names(table: QTableView) -> None:
    """Names (support kinds, institutions) wrap onto more lines and the row grows, rather than
    ending in "…" beside short date and number columns: the name is what the row is about."""
    table.setWordWrap(True)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)


def fit_columns(table: QTableView) -> None:
    table.resizeColumnsToContents()
    header = table.horizontalHeader()
    last = header.count() - 1 if header.stretchLastSection() else header.count()
    for column in range(last):  # the stretched last column takes what is left, no scroll bar
        header.resizeSection(column, min(header.sectionSize(column) + 12, 320))


def fill_years(combo: QComboBox, years: list[int], wanted: int | None) -> None:
    current = wanted if wanted is not None else combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for year in sorted(set(years), reverse=True):
        combo.addItem(str(year), year)
    index = combo.findData(current)
    combo.setCurrentIndex(index if index >= 0 else 0)
    combo.blockSignals(False)

"""Pieces many screens are made of: row tables, long tables and a bar of buttons."""
from __future__ import annotations

from typing import Callable, Sequence

from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QPushButton, QTableView, QWidget


def single_row_table(parent: QWidget, model, object_name: str) -> QTableView:
    """A table of ``model`` that selects one whole row at a time and shows no row numbers."""
    table = QTableView(parent)
    table.setObjectName(object_name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    return table


def row_table(parent: QWidget, model, object_name: str,
              on_activate: Callable[[], object] | None = None) -> QTableView:
    """A read-only table of whole rows, one selected at a time; double-click runs ``on_activate``."""
    table = single_row_table(parent, model, object_name)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    if on_activate is not None:
        table.doubleClicked.connect(lambda _index: on_activate())
    return table


def long_table(parent: QWidget, model, object_name: str, widths: Sequence[int] = ()) -> QTableView:
    """A read-only table of many rows, one selected at a time: rows of a fixed height (nothing is
    measured per row), the given column widths, the last column stretched."""
    table = single_row_table(parent, model, object_name)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(24)
    table.horizontalHeader().setStretchLastSection(True)
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)
    from gui.widgets.width_fit import fit_columns_to_width
    fit_columns_to_width(table)
    return table


def push_button(parent: QWidget, object_name: str, on_click: Callable[[], object]) -> QPushButton:
    button = QPushButton(parent)
    button.setObjectName(object_name)
    button.clicked.connect(lambda _checked=False: on_click())
    return button


def button_row(*buttons: QWidget) -> QHBoxLayout:
    """Buttons side by side, left-aligned."""
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row

"""Columns shrink to the visible width and come back when there is room again."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel

from gui.widgets.width_fit import FLOOR, share_width

pytestmark = pytest.mark.gui


def test_columns_that_fit_keep_their_width():
    assert share_width([100, 300], 1000) == [100, 300]
    assert share_width([80, 120, 60], 260) == [80, 120, 60]


def test_the_widest_give_way_first_narrow_ones_stay_whole_none_below_the_floor():
    widths = share_width([80, 400, 300, 60], 600)
    assert sum(widths) <= 600
    assert widths[0] == 80 and widths[3] == 60  # a date and a number stay whole
    assert widths[1] == widths[2] < 300  # the two long ones share one cap
    fitted = share_width([100, 300], 300)
    assert sum(fitted) <= 300 and fitted[1] > fitted[0] and min(fitted) >= FLOOR
    assert share_width([60, 60], 10) == [FLOOR, FLOOR]
    assert share_width([500, 500, 500], 30, floor=48) == [48, 48, 48]


def test_a_table_fits_a_narrow_window_and_gets_its_widths_back(qtbot):
    from gui.widgets.tables import long_table
    from PySide6.QtWidgets import QWidget
    parent = QWidget()
    qtbot.addWidget(parent)
    model = QStandardItemModel(3, 6)
    table = long_table(parent, model, "t", (200, 200, 200, 200, 200))
    parent.resize(1400, 300)
    table.resize(1400, 300)
    parent.show()
    qtbot.waitExposed(parent)
    bar = table.horizontalScrollBar()
    table.resize(600, 300)
    qtbot.waitUntil(lambda: table.columnWidth(0) < 200 and not bar.isVisible(), timeout=3000)
    table.resize(1400, 300)
    qtbot.waitUntil(lambda: table.columnWidth(0) == 200, timeout=3000)
    table.setColumnWidth(1, 400)  # the worker drags a column wider: it is kept while it fits
    table.resize(1500, 300)
    qtbot.waitUntil(lambda: table.columnWidth(1) == 400 and table.columnWidth(0) == 200, timeout=3000)
    from gui.widgets.width_fit import HeadingStyle
    assert isinstance(table.horizontalHeader().style(), HeadingStyle)  # "Capt…", not "apti"

"""Columns shrink to the visible width and come back when there is room again."""
from __future__ import annotations

import pytest
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


def test_an_empty_column_gives_its_headings_room_to_a_column_of_long_names():
    # names want 220 px, an empty "Terminated" column wants its heading's 90, a date 80
    wanted, content, heading = [220, 90, 80], [220, 0, 80], [60, 90, 80]
    widths = share_width(wanted, 360, content=content, heading=heading)
    assert widths == [220, 60, 80]  # the names stay whole, the empty column's heading is cut
    # without knowing the contents the widest (the names) would have been cut first
    assert share_width(wanted, 360)[0] < 220
    assert share_width(wanted, 300, content=content, heading=heading)[1] == FLOOR  # never below the floor


def test_a_heading_takes_two_lines_before_anything_is_cut():
    # "Planned persons": 140 px on one line, 80 on two; its numbers need 50; names need 200
    wanted, content, heading = [140, 140, 200], [50, 50, 200], [80, 80, 60]
    widths = share_width(wanted, 380, content=content, heading=heading)
    assert widths == [90, 90, 200]  # both headings still readable (on two lines), names whole
    cut = share_width(wanted, 330, content=content, heading=heading)
    assert cut == [80, 80, 170]  # then the tail of the names gives way, the headings stay readable
    tight = share_width(wanted, 200, content=content, heading=heading)
    assert sum(tight) <= 200 and tight[0] >= FLOOR and tight[2] < 200  # last, the headings and names

def test_a_long_text_keeps_a_fifth_of_the_width_before_headings_are_cut():
    # an institution's name of 400 px beside four numbers whose headings need 90 px on two lines
    wanted, content, heading = [400, 120, 120, 120, 120], [400, 40, 40, 40, 40], [100, 90, 90, 90, 90]
    widths = share_width(wanted, 600, content=content, heading=heading)
    assert widths[1:] == [90, 90, 90, 90] and widths[0] == 600 - 360  # headings readable, the name cut
    assert share_width(wanted, 400, content=content, heading=heading)[0] >= 400 // 5


def test_a_table_cuts_an_empty_column_before_a_column_of_names(qtbot):
    from PySide6.QtGui import QStandardItem
    from PySide6.QtWidgets import QTableView

    from gui.widgets.width_fit import fit_columns_to_width, heading_lines, heading_width
    model = QStandardItemModel(2, 3)
    model.setHorizontalHeaderLabels(["Member", "Terminated on the day", "Note"])
    for row in range(2):
        model.setItem(row, 0, QStandardItem("Сейітқали Нұрлан Ерланұлы"))
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    header = table.horizontalHeader()
    fit_columns_to_width(table)
    names = table.sizeHintForColumn(0)
    table.setColumnWidth(0, names + 20)  # what a screen sets: the names whole and the heading on one line
    table.setColumnWidth(1, heading_width(header, 1))
    table.resize(names + 180, 200)
    table.show()
    qtbot.waitExposed(table)
    qtbot.waitUntil(lambda: header.length() <= table.viewport().width(), timeout=3000)
    assert header.sectionSize(0) >= names  # the names stay whole
    assert header.sectionSize(1) < heading_width(header, 1)  # the empty column gave way:
    assert header.sectionSize(1) >= heading_width(header, 1, 2) and heading_lines(header) == 2  # two lines
    frame = table.width() - table.viewport().width()
    table.resize(frame + (names + 12) + 2 * FLOOR + 6, 200)  # the names whole, not two lines of heading
    qtbot.waitUntil(lambda: header.length() <= table.viewport().width(), timeout=3000)
    assert header.sectionSize(1) < heading_width(header, 1, 2)
    assert header.sectionSize(0) >= names and heading_lines(header) == 1  # then one line, "…"
    table.resize(names + 600, 200)
    qtbot.waitUntil(lambda: header.sectionSize(1) >= heading_width(header, 1), timeout=3000)
    assert heading_lines(header) == 1


def test_room_to_spare_goes_to_a_column_the_screen_set_narrower_than_its_cells(qtbot):
    from PySide6.QtGui import QStandardItem
    from PySide6.QtWidgets import QTableView

    from gui.widgets.width_fit import fit_columns_to_width
    model = QStandardItemModel(1, 3)
    model.setHorizontalHeaderLabels(["Support", "Month", "Note"])
    model.setItem(0, 0, QStandardItem("Тұрғын үйді жалдауға арналған субсидия"))
    model.setItem(0, 1, QStandardItem("Қыркүйек 2026"))
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.horizontalHeader().setStretchLastSection(True)
    fit_columns_to_width(table)
    table.setColumnWidth(0, 120)  # what a screen set: shorter than the name
    table.resize(900, 200)
    table.show()
    qtbot.waitExposed(table)
    wanted = table.sizeHintForColumn(0)
    qtbot.waitUntil(lambda: table.columnWidth(0) >= wanted, timeout=3000)
    assert table.horizontalHeader().length() <= table.viewport().width()

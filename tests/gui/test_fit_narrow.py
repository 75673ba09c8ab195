"""The widgets that keep a narrow window readable: filters that wrap onto a second row, columns
that step aside by priority (and the worker's own choice of columns, remembered)."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QTableView, QWidget

from gui.widgets.column_priorities import ColumnPriorities
from gui.widgets.flow_layout import FlowLayout
from gui.widgets.width_fit import HEADING_LINES, fit_columns_to_width, heading_width

pytestmark = pytest.mark.gui


def _row_of_choices(qtbot, count: int = 5) -> tuple[QWidget, FlowLayout, list[QComboBox]]:
    bar = QWidget()
    qtbot.addWidget(bar)
    layout = FlowLayout(bar)
    combos = []
    for index in range(count):
        combo = QComboBox(bar)
        combo.addItem(f"A rather long choice number {index}")
        layout.addWidget(combo)
        combos.append(combo)
    bar.show()
    qtbot.waitExposed(bar)
    return bar, layout, combos


def test_choices_share_one_row_when_wide_and_wrap_whole_when_narrow(qtbot):
    bar, layout, combos = _row_of_choices(qtbot)
    one_row = layout.sizeHint().width()
    bar.resize(one_row + 40, layout.heightForWidth(one_row + 40))
    qtbot.waitUntil(lambda: combos[-1].geometry().y() == combos[0].geometry().y())
    assert len(layout.rows(bar.width())) == 1
    assert sum(c.width() for c in combos) >= one_row - 4 * layout._spacing  # the spare room is shared

    narrow = one_row // 2
    bar.resize(narrow, layout.heightForWidth(narrow))
    qtbot.waitUntil(lambda: combos[-1].geometry().y() > combos[0].geometry().y())
    assert len(layout.rows(narrow)) >= 2
    assert layout.heightForWidth(narrow) > layout.heightForWidth(one_row)
    for combo in combos:  # every choice keeps the width its text needs and stays inside the bar
        assert combo.width() >= combo.sizeHint().width()
        assert combo.geometry().right() <= bar.width()


def test_hidden_choices_take_no_room(qtbot):
    bar, layout, combos = _row_of_choices(qtbot, 3)
    combos[1].hide()
    assert [item.widget() for row in layout.rows(10_000) for item in row] == [combos[0], combos[2]]


HEADINGS = ["Member", "Valid until", "Days left", "Certificate number", "Filed through", "Applied on"]
KEYS = ["member", "valid_until", "days_left", "certificate", "channel", "applied_on"]
PRIORITIES = [0, 0, 9, 5, 2, 3]


def _table(qtbot, chosen=None, remembered=None):
    model = QStandardItemModel(2, len(HEADINGS))
    model.setHorizontalHeaderLabels(HEADINGS)
    for row in range(2):
        for column in range(len(HEADINGS)):
            model.setItem(row, column, QStandardItem(f"value {row}.{column}"))
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.horizontalHeader().setStretchLastSection(True)
    fit_columns_to_width(table)
    priorities = ColumnPriorities(table, KEYS, PRIORITIES, chosen,
                                  on_chosen=(remembered.append if remembered is not None else None),
                                  hidden_hint=lambda names: "Hidden: " + ", ".join(names))
    table.resize(1200, 200)
    table.show()
    qtbot.waitExposed(table)
    return table, priorities


def _hidden(table) -> list[str]:
    header = table.horizontalHeader()
    return [KEYS[c] for c in range(len(KEYS)) if header.isSectionHidden(c)]


def _no_heading_cut(table) -> bool:
    header = table.horizontalHeader()
    return all(header.sectionSize(c) >= heading_width(header, c, HEADING_LINES) - 1
               for c in range(len(KEYS)) if not header.isSectionHidden(c))


def test_low_priority_columns_step_aside_when_narrow_and_come_back_when_wide(qtbot):
    table, _priorities = _table(qtbot)
    qtbot.waitUntil(lambda: _hidden(table) == [])
    assert table.horizontalHeader().toolTip() == ""

    table.resize(260, 200)
    qtbot.waitUntil(lambda: "channel" in _hidden(table))
    assert "member" not in _hidden(table) and "valid_until" not in _hidden(table)  # priority 0 never hides
    hidden = _hidden(table)  # lower priorities went first
    assert all(PRIORITIES[KEYS.index(k)] >= PRIORITIES[KEYS.index(h)] for h in hidden
               for k in KEYS if k not in hidden and PRIORITIES[KEYS.index(k)] > 0) and hidden
    assert _no_heading_cut(table)
    assert "Filed through" in table.horizontalHeader().toolTip()  # what is hidden is named

    table.resize(1200, 200)
    qtbot.waitUntil(lambda: _hidden(table) == [])


def test_the_header_menu_chooses_columns_and_the_choice_is_remembered(qtbot):
    remembered: list[dict] = []
    table, priorities = _table(qtbot, remembered=remembered)
    qtbot.waitUntil(lambda: _hidden(table) == [])
    menu = priorities.show_menu()
    action = next(a for a in menu.actions() if a.objectName() == "column_days_left")
    assert action.isChecked()
    action.trigger()  # untick "Days left"
    assert "days_left" in _hidden(table)
    assert remembered[-1] == {"days_left": False}

    table.resize(260, 200)  # a column the worker asked for stays even when narrow
    priorities.choose("certificate", True)
    qtbot.waitUntil(lambda: "channel" in _hidden(table))
    assert "certificate" not in _hidden(table)

    again, _ = _table(qtbot, chosen=remembered[-1])  # the next card starts from the choice
    qtbot.waitUntil(lambda: "days_left" in _hidden(again) and "certificate" not in _hidden(again))

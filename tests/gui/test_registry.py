"""The registry window driven with qtbot on real services and a real SQLite file."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt

from domain.search import StatusFilter
from i18n import Translator
from services.dto import StatusInput
from tests.gui.shell_fixtures import wait_idle

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("typed", ["nurlan", "нурлан", "Нұрлан", "8710"])
def test_typing_any_spelling_finds_the_person(qtbot, window, typed):
    registry = window.registry
    if typed.isascii():
        qtbot.keyClicks(registry.search_edit, typed)
    else:  # QTest cannot synthesise non-Latin key events; insert() is what an input method does
        registry.search_edit.insert(typed)
    qtbot.waitUntil(lambda: registry.model.rowCount() == 1, timeout=10000)
    index = registry.model.index(0, 1)
    assert registry.model.data(index).startswith("Сейітқали Нұрлан")
    assert "1" in registry.count_label.text()


def test_model_passes_qt_model_tester(qtmodeltester, window):
    qtmodeltester.check(window.registry.model)


def test_switching_to_kazakh_changes_the_labels(qtbot, window):
    english = window.navigation.item(0).text()
    header = window.registry.model.headerData(1, Qt.Orientation.Horizontal)
    window.set_language(Translator("kk"))
    assert window.navigation.item(0).text() != english
    assert window.registry.model.headerData(1, Qt.Orientation.Horizontal) != header
    assert "Registry" not in window.windowTitle()


def _choose(combo, value) -> None:
    combo.setCurrentIndex(combo.findData(value))


def test_filters_narrow_the_registry_in_sql(qtbot, window):
    registry, bar = window.registry, window.registry.filter_bar
    qtbot.waitUntil(lambda: bar.reference_loaded, timeout=10000)
    _choose(bar.region_combo, "PAVLODAR")
    qtbot.waitUntil(lambda: registry.model.rowCount() == 1, timeout=10000)
    assert registry.model.data(registry.model.index(0, 1)).startswith("Омаров")
    _choose(bar.region_combo, None)
    _choose(bar.country_combo, "UZ")
    qtbot.waitUntil(lambda: registry.model.rowCount() == 2, timeout=10000)
    bar.arrived_from_edit.setDate(QDate(2025, 1, 1))
    qtbot.waitUntil(lambda: registry.model.rowCount() == 1, timeout=10000)
    bar.clear()
    qtbot.waitUntil(lambda: registry.model.rowCount() == 3, timeout=10000)
    _choose(bar.stage_combo, "closed")
    qtbot.waitUntil(lambda: registry.model.rowCount() == 0, timeout=10000)


def test_status_filter_finds_families_whose_status_ends_soon(qtbot, window, filled):
    person_id = filled.cases.details(filled.cases.search("nurlan")[0]).members[0].id
    filled.registration.add_status(person_id, StatusInput(
        decision="granted", applied_on=dt.date(2025, 11, 1), decided_on=dt.date(2025, 12, 10),
        granted_on=dt.date(2025, 12, 10)))
    registry, bar = window.registry, window.registry.filter_bar
    _choose(bar.status_combo, StatusFilter.EXPIRING)
    qtbot.waitUntil(lambda: registry.model.rowCount() == 1, timeout=10000)
    _choose(bar.status_combo, StatusFilter.NONE)
    qtbot.waitUntil(lambda: registry.model.rowCount() == 2, timeout=10000)


def test_selection_is_kept_by_id_across_reloads_and_sorting(qtbot, window):
    registry = window.registry
    registry.table.selectRow(2)
    chosen = registry.selected_family_id()
    header = registry.table.horizontalHeader()
    with qtbot.waitSignal(registry.search_finished, timeout=10000):
        header.sectionClicked.emit(1)  # name, now descending
    assert registry.model.family_id(0) == chosen
    assert registry.table.currentIndex().row() == 0
    with qtbot.waitSignal(registry.search_finished, timeout=10000):
        registry.refresh()
    assert registry.model.family_id(registry.table.currentIndex().row()) == chosen


def test_enter_and_double_click_open_the_family(qtbot, window):
    registry = window.registry
    registry.table.setFocus()
    registry.table.selectRow(1)
    wanted = registry.model.family_id(1)
    with qtbot.waitSignal(registry.family_opened, timeout=2000) as blocker:
        qtbot.keyClick(registry.table, Qt.Key.Key_Return)
    assert blocker.args == [wanted]
    with qtbot.waitSignal(registry.family_opened, timeout=2000) as blocker:
        registry.table.doubleClicked.emit(registry.model.index(0, 1))
    assert blocker.args == [registry.model.family_id(0)]


def test_newer_keystrokes_supersede_older_searches(qtbot, window):
    registry = window.registry
    registry.search_edit.setText("омаров")
    registry.refresh()
    registry.search_edit.setText("nurlan")
    registry.refresh()
    wait_idle(qtbot, window)
    assert registry.model.rowCount() == 1
    assert registry.model.data(registry.model.index(0, 1)).startswith("Сейітқали")


def test_rows_have_a_fixed_height(window):
    from PySide6.QtWidgets import QHeaderView
    assert window.registry.table.verticalHeader().sectionResizeMode(0) == QHeaderView.ResizeMode.Fixed

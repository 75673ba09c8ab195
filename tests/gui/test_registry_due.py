"""The registry answers "what is due", driven through real widgets on a real SQLite file:
due columns and filters, multi-select bulk actions, saved filters, export of the view, and
columns that fit a 1280×800 screen in every language."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox

from domain.permissions import Role
from domain.workload import DueFilter
from gui.registry.case_table_model import COLUMNS
from gui.settings import UiSettings
from i18n import Translator
from services.records_dto import TaskInput
from tests.gui.shell_fixtures import make_window, wait_idle
from tests.services.test_task_service import add_user

pytestmark = pytest.mark.gui
TODAY = dt.date(2026, 11, 25)


def _ids_by_name(services) -> dict[str, int]:
    return {row.head_name.split()[0]: row.family_id for row in services.cases.rows(services.cases.search())}


@pytest.fixture
def due_window(qtbot, filled):
    """Омаров has an overdue task, Әлиева one due in three days, Сейітқали none."""
    ids = _ids_by_name(filled)
    filled.tasks.add_task(TaskInput(family_id=ids["Омаров"], title="Late", due_date=TODAY - dt.timedelta(days=4)))
    filled.tasks.add_task(TaskInput(family_id=ids["Әлиева"], title="Soon", due_date=TODAY + dt.timedelta(days=3)))
    window = make_window(qtbot, filled)
    window.show_screen("registry")
    qtbot.waitUntil(lambda: window.registry.model.rowCount() == 3, timeout=10000)
    wait_idle(qtbot, window)
    yield window, ids
    from gui.app import apply_language, ensure_application
    apply_language(ensure_application(), Translator("en"))


def _cell(registry, row: int, column: str) -> str:
    return registry.model.data(registry.model.index(row, COLUMNS.index(column))) or ""


def _names(registry) -> list[str]:
    return [_cell(registry, row, "name").split()[0] for row in range(registry.model.rowCount())]


def _select(registry, rows) -> None:
    selection = registry.table.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(registry.model.index(row, 0),
                         QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)


def test_due_columns_sort_and_filter(qtbot, due_window):
    window, ids = due_window
    registry = window.registry
    header = registry.table.horizontalHeader()
    header.sectionClicked.emit(COLUMNS.index("next_due"))
    qtbot.waitUntil(lambda: _names(registry) == ["Омаров", "Әлиева", "Сейітқали"], timeout=10000)
    assert _cell(registry, 0, "overdue") == "Overdue" and _cell(registry, 1, "overdue") == ""
    assert _cell(registry, 0, "next_due") == Translator("en").format_date(TODAY - dt.timedelta(days=4))
    red = registry.model.data(registry.model.index(0, COLUMNS.index("next_due")), Qt.ItemDataRole.ForegroundRole)
    assert red is not None and red.color().red() > 150
    bar = registry.filter_bar
    qtbot.waitUntil(lambda: bar.reference_loaded, timeout=10000)
    bar.due_combo.setCurrentIndex(bar.due_combo.findData(DueFilter.OVERDUE))
    qtbot.waitUntil(lambda: _names(registry) == ["Омаров"], timeout=10000)
    bar.due_combo.setCurrentIndex(bar.due_combo.findData(DueFilter.DUE_WEEK))
    qtbot.waitUntil(lambda: sorted(_names(registry)) == ["Омаров", "Әлиева"], timeout=10000)
    wait_idle(qtbot, window)


def test_bulk_assign_and_close_tasks_of_selected_rows(qtbot, due_window):
    window, ids = due_window
    registry, toolbar = window.registry, window.registry.toolbar
    worker_id = add_user(window.services.engine, "aigerim", Role.CASE_WORKER)
    registry._load_reference()  # the new colleague appears in the lists
    wait_idle(qtbot, window)
    _select(registry, [0, 1])
    assert toolbar.selection_button.isEnabled() and "2" in toolbar.selection_button.text()
    chosen = registry.selected_family_ids()
    dialog = toolbar.ask_worker()
    dialog.worker_edit.setCurrentIndex(dialog.worker_edit.findData(worker_id))
    dialog.accept()
    qtbot.waitUntil(lambda: {window.services.cases.details(f).responsible_user_id for f in chosen} == {worker_id},
                    timeout=10000)
    wait_idle(qtbot, window)
    _select(registry, range(3))
    box = toolbar.confirm_close_tasks()
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: all(t.state == "done" for f in ids.values()
                                for t in window.services.tasks.family_tasks(f)), timeout=10000)
    qtbot.waitUntil(lambda: _cell(registry, 0, "next_due") == "" and "2" in registry.message_label.text(),
                    timeout=10000)
    wait_idle(qtbot, window)


def test_export_of_the_view_and_of_the_selection(qtbot, due_window, tmp_path):
    window, ids = due_window
    registry, toolbar = window.registry, window.registry.toolbar
    registry.table.horizontalHeader().sectionClicked.emit(COLUMNS.index("next_due"))
    qtbot.waitUntil(lambda: _names(registry)[0] == "Омаров", timeout=10000)
    registry.set_column_chosen("members", False)
    path = tmp_path / "view.xlsx"
    toolbar.export(str(path))
    qtbot.waitUntil(lambda: toolbar.last_export == str(path), timeout=10000)
    sheet = openpyxl.load_workbook(path, read_only=True).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    shown = registry.shown_columns()
    assert "members" not in shown
    assert rows[0] == [registry.model.headerData(COLUMNS.index(c), Qt.Orientation.Horizontal) for c in shown]
    assert [r[shown.index("name")].split()[0] for r in rows[1:]] == ["Омаров", "Әлиева", "Сейітқали"]
    assert rows[1][shown.index("next_due")].date() == TODAY - dt.timedelta(days=4)  # a date, not text
    _select(registry, [2])
    selection = tmp_path / "selection.xlsx"
    toolbar.export(str(selection), selection=True)
    qtbot.waitUntil(lambda: toolbar.last_export == str(selection), timeout=10000)
    rows = list(openpyxl.load_workbook(selection, read_only=True).active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][shown.index("name")].startswith("Сейітқали")
    wait_idle(qtbot, window)


def test_saved_filters_come_back_by_name_and_after_a_restart(qtbot, due_window):
    window, ids = due_window
    registry, toolbar, bar = window.registry, window.registry.toolbar, window.registry.filter_bar
    qtbot.waitUntil(lambda: bar.reference_loaded, timeout=10000)
    bar.due_combo.setCurrentIndex(bar.due_combo.findData(DueFilter.OVERDUE))
    qtbot.waitUntil(lambda: registry.model.rowCount() == 1, timeout=10000)
    dialog = toolbar.ask_filter_name()
    dialog.inputs["filter_name"].setText("   ")
    dialog.ok_button.click()
    assert dialog.rows["filter_name"].has_error() and dialog.isVisible()  # a name is needed, under the field
    dialog.inputs["filter_name"].setText("  Overdue  cases ")
    dialog.ok_button.click()
    assert toolbar.saved_combo.findData("Overdue cases") > 0
    bar.clear()
    qtbot.waitUntil(lambda: registry.model.rowCount() == 3, timeout=10000)
    toolbar.apply_saved("Overdue cases")
    qtbot.waitUntil(lambda: _names(registry) == ["Омаров"], timeout=10000)
    wait_idle(qtbot, window)
    window.save_state()
    again = make_window(qtbot, window.services, settings=UiSettings())
    assert again.registry.toolbar.saved_combo.findData("Overdue cases") > 0
    toolbar.delete_current()
    assert toolbar.saved_combo.findData("Overdue cases") == -1
    wait_idle(qtbot, again)
    wait_idle(qtbot, window)


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
@pytest.mark.parametrize("size", [(1280, 800), (1366, 768)])
def test_registry_fits_an_office_screen(qtbot, filled, language, size):
    window = make_window(qtbot, filled, language)
    window.resize(*size)
    window.show_screen("registry")
    registry = window.registry
    qtbot.waitUntil(lambda: registry.model.rowCount() == 3, timeout=10000)
    wait_idle(qtbot, window)
    assert window.width() <= size[0]  # nothing forces the window wider than the screen
    shown = registry.shown_columns()
    assert {"case_number", "name", "next_due", "overdue"} <= set(shown)
    used = sum(registry.table.columnWidth(COLUMNS.index(c)) for c in shown[:-1])  # the last one stretches
    assert used <= registry.table.viewport().width()
    for widget in (registry.filter_bar, registry.toolbar):  # filters and buttons are not cut
        assert widget.width() >= widget.minimumSizeHint().width()
    hidden = [c for c in COLUMNS if c not in shown]
    if hidden:  # the worker can bring back a column the width left out
        registry.set_column_chosen(hidden[0], True)
        assert hidden[0] in registry.shown_columns()
    nav = window.navigation
    assert nav.sizeHintForColumn(0) <= nav.viewport().width() + 2  # titles on one line, none cut
    from gui.app import apply_language, ensure_application
    apply_language(ensure_application(), Translator("en"))


def test_navigation_width_survives_a_restart(qtbot, filled):
    window = make_window(qtbot, filled, "ru")
    window.resize(1280, 800)
    wait_idle(qtbot, window)
    wide = window.navigation.minimumWidth() + 40
    window.splitter.setSizes([wide, 1280 - wide])
    assert window.splitter.sizes()[0] == wide
    window.save_state()
    again = make_window(qtbot, filled, "ru", settings=UiSettings())
    again.resize(1280, 800)
    qtbot.waitUntil(lambda: again.splitter.sizes()[0] == wide, timeout=5000)
    again.resize(1366, 768)  # a larger window widens the screen, not the column
    qtbot.waitUntil(lambda: again.splitter.sizes()[0] == wide, timeout=5000)
    wait_idle(qtbot, again)
    wait_idle(qtbot, window)
    from gui.app import apply_language, ensure_application
    apply_language(ensure_application(), Translator("en"))


def test_cancelling_an_export_leaves_no_file(qtbot, due_window, tmp_path):
    import threading
    window, ids = due_window
    toolbar, cases = window.registry.toolbar, window.services.cases
    release = threading.Event()
    rows = cases.rows
    cases.rows = lambda page: (release.wait(10), rows(page))[1]  # the export's page waits for the test
    try:
        folder = tmp_path / "exports"
        folder.mkdir()
        path = folder / "cancelled.xlsx"
        job = toolbar.export(str(path))
        job.cancel()  # what the progress dialog's Cancel button does
        release.set()
        qtbot.waitUntil(lambda: job.outcome is not None, timeout=10000)
    finally:
        cases.rows = rows
    assert job.outcome == "cancelled"
    assert list(folder.iterdir()) == [] and toolbar.last_export is None  # no file, no temporary left
    wait_idle(qtbot, window)

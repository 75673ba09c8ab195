"""The family card's groups fit an office screen in every language; its header shows what is due.

Real widgets on a real SQLite file (fixtures of test_family_card). 1093 px is a 1366 px screen at
125 % scaling (1366 / 1.25): the logical width Qt lays the card out in there.
"""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QTableView, QWidget

from domain.permissions import Role
from i18n import Translator
from services.records_dto import TaskInput
from tests.services.test_task_service import add_user
from tests.gui.test_family_card import card, family_id, wait_reload, window  # noqa: F401 - fixtures

pytestmark = pytest.mark.gui

GROUPS = ["people", "status", "quota", "work", "adaptation", "tasks", "attachments", "privacy"]
WIDTHS = ((1280, 800), (1093, 614))  # 1280x800 at 100 %; 1366x768 at 125 %


def _page_key(widget: QWidget) -> str:
    return widget.objectName().removesuffix("_tab").removesuffix("_group")


def _cut_buttons(root: QWidget) -> list[str]:
    return [f"{button.objectName()}: {button.text()!r}" for button in root.findChildren(QAbstractButton)
            if button.isVisible() and button.width() < button.sizeHint().width()]


def _clipped_tables(root: QWidget) -> list[str]:
    """Tables whose columns run past the visible width (a horizontal scroll bar)."""
    clipped = []
    for table in root.findChildren(QTableView):
        if table.isVisible() and table.horizontalScrollBar().maximum() > 0:
            clipped.append(table.objectName())
    return clipped


@pytest.mark.parametrize("language", ["en", "kk", "ru"])
def test_the_groups_fit_without_scroll_arrows_and_nothing_is_cut(qtbot, window, card, language):  # noqa: F811
    window.set_language(Translator(language))
    assert [_page_key(card.tabs.widget(i)) for i in range(card.tabs.count())] == GROUPS
    bar = card.tabs.tabBar()
    for width, height in WIDTHS:
        card.resize(width, height)
        assert card.minimumSizeHint().width() <= width and card.minimumSizeHint().height() <= height, \
            (language, width, card.minimumSizeHint())
        qtbot.waitUntil(lambda: card.width() == width, timeout=5000)
        assert bar.sizeHint().width() <= card.tabs.width(), (language, width)  # no scroll arrows needed
        assert bar.tabRect(bar.count() - 1).right() <= bar.width()
        for index in range(card.tabs.count()):
            card.tabs.setCurrentIndex(index)
            qtbot.wait(5)  # the columns are fitted once the resize has been handled
            assert _cut_buttons(card) == [], (language, width, index)
            assert _clipped_tables(card) == [], (language, width, index)


def test_a_narrowed_cell_carries_its_whole_text_in_a_tooltip(qtbot, card):  # noqa: F811
    card.resize(1093, 614)
    card.tabs.setCurrentIndex(0)
    model = card.members_tab.model
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    index = model.index(0, 0)
    assert model.data(index, Qt.ItemDataRole.ToolTipRole) == model.data(index)
    assert model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == "Full name"


def test_header_shows_current_stage_status_until_next_due_overdue_and_worker(qtbot, card, services):  # noqa: F811
    values = card.header_values
    assert values["stage"].text() == "Arrived, registered"  # the current stage, not one it may move to
    assert card.stage_edit.currentIndex() == -1 and card.stage_edit.placeholderText()
    assert values["status_until"].text() == "09.12.2026"  # granted 10.12.2025 for a year
    assert values["responsible"].text() == "—"
    reminders = [task.due_date for task in card.tasks if task.done_at is None and task.due_date]
    assert not reminders or min(reminders) > dt.date(2026, 11, 20)
    services.tasks.add_task(TaskInput("Call about the school", family_id=card.family_id,
                                      due_date=dt.date(2026, 11, 20)))  # before today (25.11.2026)
    card.reload()
    wait_reload(qtbot, card, lambda: "20.11.2026" in values["next_due"].text())
    assert values["next_due"].text() == "20.11.2026 — overdue"
    assert "c62828" in values["next_due"].styleSheet()
    user_id = add_user(services.engine, "aigerim", Role.CASE_WORKER)
    services.registration.update_family(card.family_id, card.details.version, _with_worker(card, user_id))
    card.reload()
    wait_reload(qtbot, card, lambda: values["responsible"].text() != "—")
    user = next(u for u in services.tasks.users() if u.id == user_id)
    assert values["responsible"].text() == (user.display_name or user.login)


def _with_worker(opened, user_id):
    from services.dto import FamilyFieldsInput
    d = opened.details
    return FamilyFieldsInput(arrival_date=d.arrival_date, origin_country_code=d.origin_country_code,
                             region_code=d.region_code, address=d.address, phone=d.phone, notes=d.notes,
                             responsible_user_id=user_id)


def test_ctrl_tab_cycles_the_groups_from_a_field(qtbot, card):  # noqa: F811
    card.show()
    qtbot.waitExposed(card)
    card.activateWindow()
    tabs = card.tabs
    tabs.setCurrentIndex(0)
    table = card.members_tab.table
    table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table, timeout=5000)
    qtbot.keyClick(table, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentIndex() == 1
    qtbot.keyClick(tabs.currentWidget(), Qt.Key.Key_Backtab,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert tabs.currentIndex() == 0
    for _step in range(tabs.count()):  # round the end back to the first group
        qtbot.keyClick(tabs.currentWidget(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentIndex() == 0

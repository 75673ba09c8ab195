"""Desktop manners (issue 17 §10) through real widgets: DD.MM.YYYY in every language, Ctrl+Tab through
a card's tabs, Help (shortcuts and a guide per language), a tooltip on every button, an Excel file
dropped on the window, and empty screens that say why."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QTabBar, QWidget

from gui.widgets.tooltip_texts import STANDARD_BUTTONS, TOOLTIPS
from i18n import Translator
from tests.gui.shell_fixtures import make_window, wait_idle
from tests.register_files import messy_register

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("language", ["en", "kk", "ru"])
def test_dates_are_dd_mm_yyyy_in_every_language(language):
    translator = Translator(language)
    assert translator.format_date(dt.date(1980, 11, 25)) == "25.11.1980"
    assert translator.format_datetime(dt.datetime(1980, 11, 25, 9, 5)) == "25.11.1980 09:05"


def test_the_english_registry_shows_dd_mm_yyyy(window):
    model = window.registry.model
    from gui.registry.case_table_model import COLUMNS
    column = COLUMNS.index("arrival_date")
    shown = {model.data(model.index(row, column)) for row in range(model.rowCount())}
    assert "10.01.2026" in shown and not any("/" in text for text in shown)


def _focusable_in(qtbot, page):
    """A field of the tab page (once its rows have loaded), not the tab bar."""
    def fields():
        return [w for w in page.findChildren(QWidget) if w.isVisible() and w.isEnabled()
                and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    qtbot.waitUntil(lambda: bool(fields()), timeout=10000)
    return fields()[0]


def test_ctrl_tab_moves_through_the_card_tabs(qtbot, window):
    card = window.open_family(window.registry.model.family_id(0))
    qtbot.waitExposed(card)
    card.activateWindow()
    tabs = card.tabs
    tabs.setCurrentIndex(0)
    field = _focusable_in(qtbot, tabs.currentWidget())  # a field of the tab, not the tab bar
    field.setFocus()
    assert QApplication.focusWidget() is field
    qtbot.keyClick(field, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentIndex() == 1
    field = _focusable_in(qtbot, tabs.currentWidget())
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Backtab,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert tabs.currentIndex() == 0
    from gui.widgets.tab_cycling import step_tab
    step_tab(tabs, -1)  # round the start to the last tab
    assert tabs.currentIndex() == tabs.count() - 1
    card.close()


@pytest.mark.parametrize("language, heading", [("en", "# Qandas — a short guide"),
                                               ("kk", "# Qandas — қысқаша нұсқаулық"),
                                               ("ru", "# Qandas — краткое руководство")])
def test_help_shows_the_guide_and_the_shortcuts_in_the_language(qtbot, filled, language, heading):
    from gui.help.help_dialogs import guide_text
    assert guide_text(language).startswith(heading)
    window = make_window(qtbot, filled, language)
    assert window.session.guide_action in window.help_menu.actions()
    window.session.guide_action.trigger()
    guide = window.findChild(QDialog, "guide_dialog")
    assert guide.isVisible() and heading.lstrip("# ") in guide.browser.toPlainText()
    window.session.shortcuts_action.trigger()
    shortcuts = window.findChild(QDialog, "shortcuts_dialog")
    table = shortcuts.table
    rows = {table.item(row, 0).text(): table.item(row, 1).text() for row in range(table.rowCount())}
    assert rows["Ctrl+N"] == window.new_family_action.text().replace("&", "")
    assert "Ctrl+Tab" in rows and "Ctrl+L" in rows and "F5" in rows
    guide.close()
    shortcuts.close()
    window.close()


def _caption(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def _says_nothing(tooltip: str, caption: str) -> bool:
    """No tooltip, or only the caption again (perhaps with its shortcut)."""
    tooltip = tooltip.strip()
    return not tooltip or tooltip == caption or tooltip.startswith(f"{caption} (")


def _buttons_without_help(root) -> list[str]:
    missing = []
    for button in root.findChildren(QAbstractButton):
        if not button.isVisible() or isinstance(button.parentWidget(), QTabBar) \
                or type(button).__name__ == "QAbstractButton":  # tab scroll arrows, a table's corner
            continue
        if _says_nothing(button.toolTip(), _caption(button.text())):
            missing.append(f"{root.objectName()}/{button.objectName() or button.text()}: {button.toolTip()!r}")
    return missing


def _actions_without_help(window) -> list[str]:
    missing = []
    menus = [action.menu() for action in window.menuBar().actions() if action.menu() is not None]
    while menus:
        menu = menus.pop()
        for action in menu.actions():
            if action.menu() is not None:
                menus.append(action.menu())
            if action.isSeparator() or action.menu() is not None or not action.isVisible():
                continue
            if _says_nothing(action.toolTip(), _caption(action.text())):
                missing.append(f"{menu.objectName()}/{action.objectName()}: {action.toolTip()!r}")
        if not menu.toolTipsVisible():
            missing.append(f"{menu.objectName()} does not show its tooltips")
    return missing


def test_every_button_and_command_says_what_it_does(qtbot, filled, language="en"):
    """Walks every screen, every tab of a card, the new-family form and the Help dialogs."""
    window = make_window(qtbot, filled, language)
    qtbot.waitUntil(lambda: window.registry.model.rowCount() == 3, timeout=10000)
    missing = _actions_without_help(window)
    for key, _widget in window.screens:
        window.show_screen(key)
        wait_idle(qtbot, window)
        qtbot.wait(10)
        missing += _buttons_without_help(window)
    card = window.open_family(window.registry.model.family_id(0))
    qtbot.waitExposed(card)
    for index in range(card.tabs.count()):
        card.tabs.setCurrentIndex(index)
        qtbot.wait(10)
        missing += _buttons_without_help(card)
    dialog = window.new_family()
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    missing += _buttons_without_help(dialog)
    for action in (window.session.guide_action, window.session.shortcuts_action):
        action.trigger()
    for name in ("guide_dialog", "shortcuts_dialog"):
        help_dialog = window.findChild(QDialog, name)
        qtbot.waitExposed(help_dialog)
        missing += _buttons_without_help(help_dialog)
        help_dialog.close()
    assert missing == [], "\n".join(missing)
    tooltip = window.find_action.toolTip()
    assert tooltip.endswith("(Ctrl+F)") and tooltip != _caption(window.find_action.text()) + " (Ctrl+F)"
    card.close()
    dialog.close()
    window.close()


def test_tooltips_follow_the_language_at_once(qtbot, window):
    button = window.registry.findChild(QAbstractButton, "clear_filters_button")
    english = button.toolTip()
    assert "&" not in english and english != _caption(button.text())
    window.set_language(Translator("ru"))
    assert button.toolTip() not in ("", english)
    assert window.find_action.toolTip().startswith(Translator("ru").gettext(TOOLTIPS["find_action"]))
    window.set_language(Translator("en"))
    assert button.toolTip() == english


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_tooltip_is_translated(language):
    translator = Translator(language)
    untranslated = [msgid for msgid in [*TOOLTIPS.values(), *STANDARD_BUTTONS.values()]
                    if translator.gettext(msgid) == msgid]
    assert untranslated == []


def _drop(window, path) -> tuple[bool, bool]:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(400, 300), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    drop = QDropEvent(QPointF(400, 300), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    return enter.isAccepted(), drop.isAccepted()


def test_an_excel_file_dropped_on_the_window_opens_the_import(qtbot, window, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a register", encoding="utf-8")
    assert _drop(window, notes) == (False, False)
    assert window.stack.currentWidget() is window.registry
    register = messy_register(tmp_path / "register.xlsx")
    assert window.acceptDrops()
    assert _drop(window, register) == (True, True)
    screen = window.screen("imports")
    assert window.stack.currentWidget() is screen
    qtbot.waitUntil(lambda: screen.report is not None and screen.job is None, timeout=20000)
    assert screen.path == str(register) and screen.model.rowCount() > 0  # checked, nothing written yet


def test_empty_screens_say_why_and_what_to_do(qtbot, services):
    window = make_window(qtbot, services)
    wait_idle(qtbot, window)
    registry = window.registry
    qtbot.waitUntil(lambda: registry.empty_state.text != "", timeout=10000)
    assert "New family" in registry.empty_state.text and "Ctrl+N" in registry.empty_state.text
    window.set_language(Translator("ru"))
    qtbot.waitUntil(lambda: "Новая семья" in registry.empty_state.text, timeout=5000)
    window.set_language(Translator("en"))
    tasks = window.show_screen("tasks")
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: tasks.empty_state.text != "", timeout=10000)
    assert "Add task" in tasks.empty_state.text
    window.close()


def test_a_search_without_results_says_so(qtbot, window):
    registry = window.registry
    assert registry.empty_state.text == ""  # three families: nothing to explain
    registry.search_edit.setText("Жоқ-мұндай-адам")
    registry.refresh()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: registry.model.rowCount() == 0, timeout=10000)
    assert "No family matches the search" in registry.empty_state.text


def test_every_empty_list_says_why_and_what_to_do(qtbot, window):
    """Three families, no pairs, no imports, no files: each list says so in a sentence, and an
    audit filter that matches nothing says which way to widen it."""
    expected = {"duplicates": ("list_empty", "No possible duplicates"),
                "imports": ("history_empty", "No register has been imported yet")}
    for key, (attribute, start) in expected.items():
        screen = window.show_screen(key)
        wait_idle(qtbot, window)
        state = getattr(screen, attribute)
        qtbot.waitUntil(lambda state=state: state.text != "", timeout=10000)
        assert state.text.startswith(start)
    audit = window.show_screen("audit")
    wait_idle(qtbot, window)
    assert audit.empty_state.text == ""  # registering three families was recorded
    audit.case_edit.setText("NO-SUCH-CASE")
    audit.refresh()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: audit.empty_state.text != "", timeout=10000)
    assert "widen the period" in audit.empty_state.text
    window.set_language(Translator("kk"))
    from gui.session.empty_messages import audit_empty_message
    assert audit.empty_state.text == audit_empty_message(Translator("kk")) != audit_empty_message(Translator("en"))
    window.set_language(Translator("en"))
    card = window.open_family(window.registry.model.family_id(0))
    qtbot.waitExposed(card)
    files = card.attachments_tab
    qtbot.waitUntil(lambda: files.empty_state.text != "", timeout=10000)
    assert "Attach file…" in files.empty_state.text
    card.close()

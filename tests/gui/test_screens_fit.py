"""Every main screen fits an ordinary office screen (issue 17 §5) in kk, ru and en: 1280x800, and
1366x768 at 125 % scaling, which leaves the window 1093x614 of Qt's own pixels (the scale factor
is read once per process, so this test lays the window out at that size; ``python main.py
--screenshot DIR --size 1366x768 --scale 1.25`` shows the scaled rendering itself).

Fits means: the window is not pushed wider than the screen by a screen's minimum size, no list
or page of the screen needs a horizontal scroll bar, and every visible button is given at
least the width its caption needs (a narrower button cuts its text)."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QApplication

from tests.gui.shell_fixtures import make_window, wait_idle

pytestmark = pytest.mark.gui

SIZES = {"1280x800": (1280, 800), "1366x768@125%": (round(1366 / 1.25), round(768 / 1.25))}


def _visible(widget, page) -> bool:
    return widget.isVisibleTo(page) and widget.isVisible()


def _problems(page, key: str) -> list[str]:
    problems = []
    for area in page.findChildren(QAbstractScrollArea):
        if _visible(area, page) and area.horizontalScrollBar().isVisible():
            problems.append(f"{key}: {area.objectName() or type(area).__name__} scrolls sideways")
    for button in page.findChildren(QAbstractButton):
        if not _visible(button, page) or type(button).__name__ == "QAbstractButton":
            continue  # the corner button of a table
        if button.width() < button.sizeHint().width():
            problems.append(f"{key}: {button.objectName() or button.text()!r} is {button.width()} px "
                            f"wide, its caption needs {button.sizeHint().width()}")
    return problems


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_every_main_screen_fits_the_screen(qtbot, filled, language, size):
    width, height = SIZES[size]
    window = make_window(qtbot, filled, language)
    window.resize(width, height)
    wait_idle(qtbot, window)
    problems = []
    for key, page in window.screens:
        window.show_screen(key)
        wait_idle(qtbot, window)
        QApplication.processEvents()
        if window.width() > width:
            problems.append(f"{key}: the window grew to {window.width()} px")
        try:  # columns are fitted once the rows have arrived and the event that brought them is done
            qtbot.waitUntil(lambda page=page, key=key: not _problems(page, key), timeout=2000)
        except qtbot.TimeoutError:
            problems += _problems(page, key)
    window.close()
    assert problems == [], "\n".join(problems)


def test_the_navigation_column_elides_a_long_title_rather_than_crowd_the_screens(qtbot, filled):
    from gui.main_window import NAVIGATION_MAX_MINIMUM
    window = make_window(qtbot, filled, "kk")
    navigation = window.navigation
    assert navigation.minimumWidth() <= NAVIGATION_MAX_MINIMUM
    for row in range(navigation.count()):
        item = navigation.item(row)
        assert item.toolTip() == item.text()  # the whole title, also when it is elided
    window.close()


def test_a_cut_filter_shows_its_whole_choice_in_the_tooltip(qtbot, window):
    bar = window.registry.filter_bar
    combo = bar.region_combo
    combo.setCurrentIndex(combo.findData("ABAI"))
    assert combo.toolTip() == f"Region: {combo.currentText()}" and combo.currentText()

"""Ctrl+Tab / Ctrl+Shift+Tab through a QTabWidget's tabs, wherever the focus is inside it.

Qt only cycles tabs this way when the tab bar itself has focus; a worker typing in a field of the
family card expects the browser's keys to work too (issue 17 §10).
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QTabWidget


def step_tab(tabs: QTabWidget, step: int) -> None:
    """Move ``step`` tabs on (negative: back), round the end, skipping disabled or hidden tabs."""
    count = tabs.count()
    index = tabs.currentIndex()
    for _attempt in range(count):
        index = (index + step) % count
        if tabs.isTabEnabled(index) and tabs.isTabVisible(index):
            tabs.setCurrentIndex(index)
            return


def install_tab_cycling(tabs: QTabWidget) -> tuple[QShortcut, QShortcut]:
    forward = QShortcut(QKeySequence("Ctrl+Tab"), tabs)
    backward = QShortcut(QKeySequence("Ctrl+Shift+Tab"), tabs)
    for shortcut, step in ((forward, 1), (backward, -1)):
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(lambda step=step: step_tab(tabs, step))
    tabs._tab_cycling = (forward, backward)  # kept alive with the widget
    return forward, backward

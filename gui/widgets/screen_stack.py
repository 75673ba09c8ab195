"""A stack of screens that asks only for the room of the screen on show.

``QStackedWidget`` reports the largest minimum width of all its pages. With a dozen screens in
Russian or Kazakh that was 1 100 px, so at 1280×800 the main splitter squeezed the navigation
column to its minimum, and the worker's chosen width was lost on the next start. The room a
hidden screen would need does not matter until it is shown.
"""
from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QStackedWidget


class ScreenStack(QStackedWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        current = self.currentWidget()
        return current.minimumSizeHint() if current is not None else super().minimumSizeHint()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        current = self.currentWidget()
        return current.sizeHint() if current is not None else super().sizeHint()

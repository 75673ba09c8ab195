"""A sentence in the middle of an empty list saying why it is empty and what to do (issue 17 §10).

It appears only after the list has been loaded at least once (a list being filled is not empty)
and asks ``message()`` each time, so the sentence follows the filters and the language.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel


class EmptyState(QObject):
    def __init__(self, view: QAbstractItemView, message: Callable[[], str], object_name: str,
                 language_changed=None) -> None:
        super().__init__(view)
        self.view = view
        self.message = message
        self.loaded = False
        self.label = QLabel(view.viewport())
        self.label.setObjectName(object_name)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setStyleSheet("color: palette(mid); font-size: 11pt; padding: 24px;")
        self.label.hide()
        model = view.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(self._on_model_changed)
        if language_changed is not None:
            language_changed.connect(lambda *_args: self.update())
        view.viewport().installEventFilter(self)

    def _on_model_changed(self, *_args) -> None:
        self.loaded = True
        self.update()

    def update(self) -> None:
        empty = self.loaded and self.view.model().rowCount() == 0
        if empty:
            self.label.setText(self.message())
            self.label.setGeometry(self.view.viewport().rect())
        self.label.setVisible(empty)

    @property
    def text(self) -> str:
        return self.label.text() if not self.label.isHidden() else ""  # also on a tab not in front

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Resize:
            self.label.setGeometry(self.view.viewport().rect())
        elif event.type() == QEvent.Type.LanguageChange:  # the window switched language (gui.app.apply_language)
            self.update()
        return False


def install_empty_state(view: QAbstractItemView, message: Callable[[], str], object_name: str,
                        language_changed=None) -> EmptyState:
    state = EmptyState(view, message, object_name, language_changed)
    view._empty_state = state  # kept alive with the view
    return state

"""Driving a dialog that runs its own ``exec()`` loop: a timer waits for it, then acts on it."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def when_modal(object_name: str, action, seen: list | None = None, tries: int = 400) -> None:
    """Call ``action(dialog)`` once the modal dialog named ``object_name`` is up (polling every 25 ms)."""
    def poll(left: int = tries) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None and dialog.objectName() == object_name and dialog.isVisible():
            if seen is not None:
                seen.append(dialog)
            action(dialog)
        elif left > 0:
            QTimer.singleShot(25, lambda: poll(left - 1))
    QTimer.singleShot(0, poll)

"""``--screenshot DIR``: PNG images of the main screens, for review and the README."""
from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication


def wait_for_jobs(window, timeout_ms: int = 30000) -> None:
    # Block until events arrive rather than spinning: with PySide6 6.12.0 on CPython 3.11 each
    # call of a void Qt method (QCoreApplication.processEvents among them) drops a reference to
    # None, and the thousands of spins of a long job abort the process (docs/bench.md).
    loop = QEventLoop()
    deadline = time.monotonic() + timeout_ms / 1000
    while window.jobs.busy() and time.monotonic() < deadline:
        loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents | QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    QApplication.processEvents()


def settle(ms: int = 100) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def take_screenshots(window, folder: str) -> list[Path]:
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    window.show()
    settle()
    wait_for_jobs(window)
    paths = []
    for row, (key, _widget) in enumerate(window.screens):
        window.navigation.setCurrentRow(row)
        settle()
        wait_for_jobs(window)
        path = target / f"{row + 1:02d}_{key}_{window.i18n.language}.png"
        window.grab().save(str(path))
        paths.append(path)
    return paths

"""``--screenshot DIR``: PNG images of the main screens, for review and the README."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication


def wait_for_jobs(window, timeout_ms: int = 30000) -> None:
    loop_time = 0
    while window.jobs.busy() and loop_time < timeout_ms:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        loop_time += 50
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

"""PNG images of every group of a family card at the office screen sizes (for ``--screenshot`` and review).

The card is a window of its own: each picture shows it at the full size of a screen, as a
worker who maximises it would see it, so text cut at 1280 px shows in the picture.
"""
from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QTabWidget

SCREEN_SIZES = ((1280, 800), (1366, 768))  # the ordinary office screens of issue 17


def _wait(jobs, timeout_s: float = 30.0) -> None:
    # Count real time: processEvents returns at once when nothing is queued, so counting
    # calls would give up long before a slow job ends.
    deadline = time.monotonic() + timeout_s
    while jobs.busy() and time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    loop = QEventLoop()
    QTimer.singleShot(100, loop.quit)  # let layouts settle after the results arrive
    loop.exec()


def grab_card_groups(card, jobs, folder: str | Path, language: str, first_number: int = 30,
                     sizes=SCREEN_SIZES) -> list[Path]:
    """Save one PNG per group of ``card`` and screen size: ``30_card_people_kk.png`` at the first
    size, ``30_card_people_kk_1366x768.png`` at the others."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    tabs: QTabWidget = card.tabs
    paths: list[Path] = []
    from gui.screenshots import logical_size
    for size_index, (width, height) in enumerate(sizes):
        card.resize(*logical_size((width, height)))  # at 125 % a 1366 px screen is 1093 of Qt's pixels
        _wait(jobs)
        suffix = "" if size_index == 0 else f"_{width}x{height}"
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            _wait(jobs)
            name = tabs.widget(index).objectName().removesuffix("_tab").removesuffix("_group") or f"tab{index + 1}"
            path = target / f"{first_number + index:02d}_card_{name}_{language}{suffix}.png"
            card.grab().save(str(path))
            paths.append(path)
    tabs.setCurrentIndex(0)
    return paths


def take_family_card_screenshots(window, family_id: int, folder: str | Path, sizes=SCREEN_SIZES) -> list[Path]:
    """Open the family's card from ``window`` (a MainWindow), save every group at every size, close it."""
    card = window.open_family(family_id)
    _wait(window.jobs)
    paths = grab_card_groups(card, window.jobs, folder, window.i18n.language, sizes=sizes)
    card.close()
    return paths

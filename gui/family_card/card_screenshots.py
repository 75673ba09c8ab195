"""PNG images of every tab of a family card (for ``--screenshot`` and for review)."""
from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop


def _wait(jobs, timeout_s: float = 30.0) -> None:
    # Count real time: processEvents returns at once when nothing is queued, so counting
    # calls would give up long before a slow job ends.
    deadline = time.monotonic() + timeout_s
    while jobs.busy() and time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    QCoreApplication.processEvents()


def take_family_card_screenshots(window, family_id: int, folder: str | Path, prefix: str = "card") -> list[Path]:
    """Open the family's card from ``window`` (a MainWindow) and save one PNG per tab."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    card = window.open_family(family_id)
    _wait(window.jobs)
    paths = []
    language = window.i18n.language
    for index in range(card.tabs.count()):
        card.tabs.setCurrentIndex(index)
        _wait(window.jobs)
        key = card.tabs.widget(index).objectName().removesuffix("_tab")
        path = target / f"{prefix}_{index + 1:02d}_{key}_{language}.png"
        card.grab().save(str(path))
        paths.append(path)
    card.close()
    return paths

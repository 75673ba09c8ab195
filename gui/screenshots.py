"""``--screenshot DIR``: PNG images of the main screens, the new-family form with a validation
error showing, the duplicate review and every tab of a family card, for review and the README.

The window gets its own throw-away UI settings so that a user's saved filters or sizes never
change what the pictures show.
"""
from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

SIZE = (1280, 800)  # an ordinary office screen (issue 17): what must fit


def parse_size(text: str | None) -> tuple[int, int]:
    """``1366x768`` -> (1366, 768); nothing -> the default size. The size is in the window's own
    (scaled) pixels: at QT_SCALE_FACTOR=1.25 a 1366x768 screen gives the window 1093x614."""
    if not text:
        return SIZE
    width, _, height = text.lower().partition("x")
    size = (int(width), int(height))
    if min(size) < 200:
        raise ValueError(text)
    return size


def logical_size(physical: tuple[int, int]) -> tuple[int, int]:
    """What a screen of ``physical`` pixels leaves the window at the current scale factor."""
    scale = QApplication.instance().devicePixelRatio() if QApplication.instance() else 1.0
    return round(physical[0] / scale), round(physical[1] / scale)


def wait_for_jobs(window, timeout_ms: int = 30000) -> None:
    """Let running jobs finish and deliver their results, measured in real time
    (processEvents returns at once when nothing is queued yet)."""
    deadline = time.monotonic() + timeout_ms / 1000
    while window.jobs.busy() and time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)
    QApplication.processEvents()


def settle(ms: int = 100) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _ready(window, ms: int = 150) -> None:
    settle(ms)
    wait_for_jobs(window)
    settle(50)
    wait_for_jobs(window)


def _save(widget: QWidget, path: Path, paths: list[Path]) -> None:
    widget.grab().save(str(path))
    paths.append(path)


def take_screenshots(services, translator, folder: str, size: tuple[int, int] = SIZE) -> int:
    """Save the pictures, print their paths and return the exit code (0)."""
    from gui.main_window import MainWindow
    from gui.settings import UiSettings
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    language = translator.language
    with tempfile.TemporaryDirectory() as config:
        window = MainWindow(services, translator, database_label=services.info.place(),
                            settings=UiSettings(config))
        window.resize(*logical_size(size))
        window.show()
        _ready(window, 300)
        paths: list[Path] = []
        for row, (key, _widget) in enumerate(window.screens):
            window.navigation.setCurrentRow(row)
            _ready(window, 300)
            _save(window, target / f"{row + 1:02d}_{key}_{language}.png", paths)
        paths.extend(_new_family_form(window, target, language))
        paths.extend(_family_card(window, target, language))
        window.settings.clear()
        window.close()
        window.deleteLater()
        settle(50)
    for path in paths:
        print(path)
    return 0


def _new_family_form(window, target: Path, language: str) -> list[Path]:
    """The form with a typical slip: the IIN's check digit is wrong."""
    dialog = window.new_family()
    _ready(window)
    editor = dialog.editor
    editor.surname.setText("Сейітқали")
    editor.given_name.setText("Нұрлан")
    editor.patronymic.setText("Ерланұлы")
    editor.latin_name.setText("SEYITKALI NURLAN")
    editor.iin.setText("871008401428")
    editor.changed.emit("iin")
    dialog.origin_country_code.setCurrentIndex(max(0, dialog.origin_country_code.findData("CN")))
    dialog.region_code.setCurrentIndex(max(0, dialog.region_code.findData("PAVLODAR")))
    dialog.address.setText("Павлодар, Абай көшесі 12, 5")
    dialog.address.setCursorPosition(0)
    dialog.phone.setText("+7 701 555 12 34")
    dialog.arrival_date.set_value(services_today(window) - dt.timedelta(days=3))
    dialog.submit()
    _ready(window)
    paths: list[Path] = []
    path = target / f"20_new_family_{language}.png"
    _save(dialog, path, paths)
    dialog.close_without_asking()
    dialog.deleteLater()
    return paths


def services_today(window) -> dt.date:
    return window.services.clock().date()


def _family_card(window, target: Path, language: str) -> list[Path]:
    """Every group of the first family's card at 1280x800 and 1366x768, when the card feature provides one."""
    from gui.family_card.card_screenshots import grab_card_groups
    registry = window.registry
    if registry is None or registry.model.rowCount() == 0:
        return []
    family_id = registry.model.family_id(0)
    card = window.open_family(family_id)
    tabs = getattr(card, "tabs", None)
    if not isinstance(tabs, QTabWidget):
        return []
    _ready(window, 300)
    paths = grab_card_groups(card, window.jobs, target, language)  # the card is a window of its own
    card.close()
    return paths

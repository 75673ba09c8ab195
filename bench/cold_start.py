"""A cold start, run as a fresh process: ``python bench/cold_start.py app DB`` or ``raw``.

``app`` does what ``python main.py`` does up to an interactive main window (as
``gui.app.run_gui``): Qt application with our fonts, translations, the database
opened and checked, the ``MainWindow`` built, shown, and the registry's first rows
on screen (the full id list for the count keeps loading in a background job). ``raw`` is the floor: import PySide6, show an empty ``QMainWindow``.
Each prints ``ready`` when the window can take input; the parent times the process.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def raw() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1200, 760)
    window.show()
    app.processEvents()
    print("ready", flush=True)


def app(db: str) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    # in the order main.py imports them: gui.app loads the layers below before PySide6 (whose
    # import hook would otherwise read the source of each of them)
    from cli.context import CliContext
    from gui.app import apply_language, ensure_application
    from PySide6.QtCore import QEventLoop
    from i18n import Translator
    from services.database import normalize_url
    application = ensure_application()
    translator = Translator("kk")
    apply_language(application, translator)
    ctx = CliContext(tr=translator, db_url=normalize_url(db))
    services = ctx.services()
    from gui.main_window import MainWindow
    window = MainWindow(services, translator, database_label=services.info.location())
    window.show()
    registry = window.registry
    # Wait for events instead of spinning: with PySide6 6.12.0 on CPython 3.11 every call of a
    # void Qt method drops a reference to None, and a few thousand spins abort the process.
    loop = QEventLoop()
    while registry.model.rowCount() == 0:  # the first rows are on screen (the rest load behind)
        loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents | QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
    print("ready", flush=True)
    # The measurement ends here. Leave at once: the window's background jobs (the reminders
    # pass of *My tasks* over every person, minutes at 1M on a fresh file) must neither hold the
    # runner up nor commit anything into the cached benchmark database.
    os._exit(0)


if __name__ == "__main__":
    if sys.argv[1] == "raw":
        raw()
    else:
        app(sys.argv[2])

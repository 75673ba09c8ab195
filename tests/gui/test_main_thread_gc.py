"""Cycles of Qt objects are freed on the GUI thread, never in a job's worker thread
(gui/main_thread_gc.py says why: a widget freed in a worker leaves its timers registered with the
GUI thread, and they fire into freed memory)."""
from __future__ import annotations

import gc
import threading

import pytest
from PySide6.QtCore import QObject, QTimer

pytestmark = pytest.mark.gui


class _Holder:
    """A Python cycle holding a parentless QObject with a running timer, as a closed dialog is."""

    def __init__(self, deaths: list) -> None:
        self.me = self
        self.object = QObject()
        self.timer = QTimer(self.object)
        self.timer.start(60_000)
        self.object.destroyed.connect(lambda *_: deaths.append(threading.current_thread()))


def test_automatic_collection_is_off_once_the_application_exists(qtbot):
    from gui import main_thread_gc
    from gui.app import ensure_application
    ensure_application()
    assert not gc.isenabled()
    assert main_thread_gc.install(ensure_application()) is main_thread_gc.install(ensure_application())


def test_a_cycle_dropped_while_a_worker_allocates_is_freed_on_the_gui_thread(qtbot):
    from gui.app import ensure_application
    ensure_application()
    deaths: list = []
    _Holder(deaths)  # garbage at once, but only a collection can free it

    def allocate() -> None:  # a job's worker making cycles, far past every threshold
        for _ in range(200_000):
            cycle: list = []
            cycle.append(cycle)

    worker = threading.Thread(target=allocate)
    worker.start()
    worker.join()
    assert deaths == []  # the worker crossed the thresholds without collecting
    qtbot.waitUntil(lambda: bool(deaths), timeout=5000)
    assert deaths == [threading.main_thread()]

"""Python's cyclic garbage collector, run on the GUI thread only.

CPython collects cycles in whichever thread happens to allocate when a generation's threshold is
crossed. With jobs in worker threads (``gui.jobs``) that is often a worker: it then frees the Qt
objects of closed windows and dialogs that were waiting in cycles, on the wrong thread. Their
timers cannot be stopped from there (Qt: «QBasicTimer::stop: Failed. Possibly trying to stop
from a different thread»), stay registered with the GUI thread and later fire into freed memory:
a segmentation fault in ``QTimerInfoList::activateTimers``. Reproduced by signing in and opening
the main window a dozen times in one process, each time with the reminders job in flight.

So automatic collection is switched off and a timer on the GUI thread collects, generation by
generation, when the counts cross the thresholds Python would have used (the scheme of calibre's
``GarbageCollector``). Non-cyclic garbage is still freed at once by reference counting.
"""
from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500

_collector: "MainThreadCollector | None" = None


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start()

    def collect_due(self) -> int:
        """Collect the generations whose counts crossed their thresholds; objects found unreachable."""
        first, second, third = gc.get_count()
        found = 0
        if first > self.thresholds[0]:
            found += gc.collect(0)
            if second > self.thresholds[1]:
                found += gc.collect(1)
                if third > self.thresholds[2]:
                    found += gc.collect(2)
        return found


def install(app: QObject) -> MainThreadCollector:
    """Start collecting on the thread of ``app`` (the GUI thread); once per process."""
    global _collector
    if _collector is None:
        _collector = MainThreadCollector(app)
    return _collector


def collect_due() -> int:
    """What the timer does, for a caller on the GUI thread whose event loop is not running (tests)."""
    return _collector.collect_due() if _collector is not None else 0

"""Running service calls off the GUI thread (Anki's CollectionOp/QueryOp, Picard's pools).

Writes go through one lane (a pool of one thread) so that SQLite sees one writer;
reads use a small pool. Each job opens its own unit of work inside the worker, so no
session ever crosses threads. Progress is a plain ``ProgressState`` polled every
100 ms; the dialog appears only after 500 ms; Cancel raises ``Cancelled`` at the
service's next check and the work rolls back.

A write job's result carries its ``Changes`` (a ``Changes`` value, or a result with a
``changes`` field); the runner announces them through ``AppEvents.changes_applied`` naming
the job's initiator, so no screen emits by hand and none can forget to. ``Latest`` keeps
only the newest of a screen's overlapping reads ("newest result wins").
"""
from __future__ import annotations

import logging
import traceback
import weakref
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Qt, Signal
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import QProgressDialog, QWidget
from shiboken6 import isValid

from services.changes import Changes
from services.database import as_domain_error
from services.progress import Cancelled, ProgressState

log = logging.getLogger(__name__)

DIALOG_DELAY_MS = 500
CURSOR_DELAY_MS = 300
POLL_MS = 100


class _Signals(QObject):
    """A job's worker → GUI thread signals. ``left`` is the worker's last touch of this object.

    Neither the job nor the runner owns it: a runner (with its jobs) may be destroyed while a
    worker still emits, and a job may be deleted as soon as its callback ran while the worker is
    still inside ``emit``. Deleting the emitter under a running worker is the segfault at worker
    teardown; so the object stays in ``_IN_FLIGHT`` (GUI thread only) until ``left`` arrives.
    Its parent is the application, so Qt owns it, not Python: the worker's runnable drops its
    reference on the worker thread, and a Python-owned object would then be deleted there while
    the GUI thread deletes it too (``deleteLater`` in ``left``) — a crash in the event loop."""

    succeeded = Signal(object)
    failed = Signal(object, str)
    cancelled = Signal()
    left = Signal()


_IN_FLIGHT: set[_Signals] = set()


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[ProgressState], Any], progress: ProgressState, signals: _Signals) -> None:
        super().__init__()
        self.fn, self.progress, self.signals = fn, progress, signals
        self.setAutoDelete(True)

    def run(self) -> None:  # worker thread: never touch widgets here
        try:
            result = self.fn(self.progress)
        except Cancelled:
            self.signals.cancelled.emit()
        except Exception as error:  # noqa: BLE001 - delivered to the GUI thread
            translated = as_domain_error(error)
            if translated is not None:
                # a database error outside a unit of work: its sentence, and no driver text (a
                # PostgreSQL DETAIL line repeats row values) in the trace that goes to the log
                error, trace = translated, f"{type(translated).__name__}: {translated}"
            else:
                trace = traceback.format_exc()
            # The traceback's first frame holds this runnable; carried to the GUI thread it would keep
            # the wrapper alive there while the pool deletes the C++ object here (a rare segfault).
            error.__traceback__ = None
            self.signals.failed.emit(error, trace)
        else:
            self.signals.succeeded.emit(result)
        finally:
            self.signals.left.emit()


class Job(QObject):
    """One running operation; ``finished`` fires after its callback ran, whatever the outcome."""

    finished = Signal()

    def __init__(self, runner: "JobRunner", label: str, parent_widget: QWidget | None) -> None:
        super().__init__(runner)
        self.progress = ProgressState()
        self.label = label
        self.parent_widget = parent_widget
        self.outcome: str | None = None  # "succeeded", "failed", "cancelled"
        self._dialog: QProgressDialog | None = None
        self._cursor_set = False
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._on_timer_tick)
        self._elapsed = 0
        self._inline: tuple | None = None
        self._delivered = self._worker_left = False

    def _mark(self, *, delivered: bool = False, worker_left: bool = False) -> None:
        """Delete the job once its callback ran and its worker left its signals, not before."""
        self._delivered |= delivered
        self._worker_left |= worker_left
        if self._delivered and self._worker_left:
            self.deleteLater()

    def cancel(self) -> None:
        self.progress.cancel()

    def show_in(self, bar, label=None, translate: Callable[[str], str] = lambda message: message) -> None:
        """Keep a screen's own inline bar (and ``label``, for the message) up to date while the job runs."""
        self._inline = (bar, label, translate)
        self._update_inline()

    def _update_inline(self) -> None:
        if self._inline is None:
            return
        bar, label, translate = self._inline
        done, total, message = self.progress.snapshot()
        try:
            if total:
                bar.setRange(0, total)
                bar.setValue(min(done, total))
            if message and label is not None:
                label.setText(translate(message))
        except RuntimeError as error:  # the screen was closed while its job ran
            if "already deleted" not in str(error):
                raise
            self._inline = None

    def _start_feedback(self) -> None:
        self._timer.start()

    def _on_timer_tick(self) -> None:
        self._elapsed += POLL_MS
        self._update_inline()
        if self.label and not self._cursor_set and self._elapsed >= CURSOR_DELAY_MS:
            QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.BusyCursor))
            self._cursor_set = True
        if self.label and self._dialog is None and self._elapsed >= DIALOG_DELAY_MS:
            self._dialog = QProgressDialog(self.label, self.runner_cancel_text(), 0, 0, self.parent_widget)
            self._dialog.setObjectName("job_progress_dialog")
            self._dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self._dialog.setMinimumDuration(0)
            self._dialog.canceled.connect(self.cancel)
            self._dialog.show()
        if self._dialog is not None:
            done, total, message = self.progress.snapshot()
            if total:
                self._dialog.setMaximum(total)
                self._dialog.setValue(min(done, total))
            if message:
                self._dialog.setLabelText(f"{self.label}\n{self.runner_translate(message)}")

    def runner_translate(self, message: str) -> str:
        runner = self.parent()
        return runner.translate(message) if isinstance(runner, JobRunner) else message

    def runner_cancel_text(self) -> str:
        runner = self.parent()
        return runner.cancel_text() if isinstance(runner, JobRunner) else "Cancel"

    def _stop_feedback(self) -> None:
        self._timer.stop()
        if self._cursor_set:
            QGuiApplication.restoreOverrideCursor()
            self._cursor_set = False
        if self._dialog is not None:
            self._dialog.canceled.disconnect(self.cancel)
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None


def _deliver(callback: Callable[[Any], None], value: Any) -> None:
    """Run a result callback; a screen closed while its job ran has lost its C++ widgets,
    and its result is then simply dropped instead of raising inside the event loop."""
    try:
        callback(value)
    except RuntimeError as error:
        if "already deleted" not in str(error):
            raise
        log.debug("result for a closed screen dropped: %s", error)


def changes_of(result: Any) -> Changes | None:
    """The ``Changes`` a write result carries: the result itself, or its ``changes`` field."""
    if isinstance(result, Changes):
        return result
    changes = getattr(result, "changes", None)
    return changes if isinstance(changes, Changes) else None


class Latest:
    """"Newest result wins" for a screen whose reads may overlap (a keystroke, a reload).

    ``ticket = latest.next()`` before starting a read; ``latest.wrap(callback)`` gives a callback
    that drops the result unless no newer read started since (``latest.is_current(ticket)``
    answers the same inside a worker, to skip work a newer read supersedes)."""

    def __init__(self) -> None:
        self._newest = 0

    def next(self) -> int:
        self._newest += 1
        return self._newest

    def is_current(self, ticket: int) -> bool:
        return ticket == self._newest

    def wrap(self, callback: Callable[[Any], None], ticket: int | None = None) -> Callable[[Any], None]:
        ticket = self.next() if ticket is None else ticket

        def deliver(result: Any) -> None:
            if ticket == self._newest:
                callback(result)
        return deliver


class JobRunner(QObject):
    """Starts jobs; one write lane, a small read pool. With ``events``, a successful write
    announces the ``Changes`` its result carries (``changes`` for a service that returns a
    plain row) before its ``on_success`` runs."""

    job_failed = Signal(object, str)  # unhandled failures, for the error box
    job_cancelled = Signal()

    def __init__(self, parent: QObject | None = None, cancel_text: Callable[[], str] = lambda: "Cancel",
                 translate: Callable[[str], str] = lambda message: message, events: Any = None) -> None:
        super().__init__(parent)
        self.events = events  # gui.events.AppEvents, or None in tests that run bare jobs
        self._write_pool = QThreadPool(self)
        self._write_pool.setMaxThreadCount(1)
        self._read_pool = QThreadPool(self)
        self._read_pool.setMaxThreadCount(2)
        self._cancel_text = cancel_text
        self._translate = translate
        self._active: set[Job] = set()
        self._closed = False

    def cancel_text(self) -> str:
        return self._cancel_text()

    def translate(self, message: str) -> str:
        """Progress messages are msgids from the services; show them in the window's language."""
        return self._translate(message)

    def run(self, fn: Callable[[ProgressState], Any], *, on_success: Callable[[Any], None] | None = None,
            on_failure: Callable[[Exception], None] | None = None, write: bool = False, label: str = "",
            parent_widget: QWidget | None = None, initiator: object | None = None,
            changes: Changes | None = None) -> Job:
        job = Job(self, label, parent_widget)
        signals = _Signals(QCoreApplication.instance())  # owned by the application: see _Signals
        _IN_FLIGHT.add(signals)
        # The callbacks outlive neither the runner nor the job: they are queued from a worker and may
        # arrive after either was destroyed, so they hold both weakly and check the C++ side.
        runner_ref = weakref.ref(self)
        job_ref = weakref.ref(job)

        def alive() -> tuple[JobRunner, Job] | None:
            runner, live_job = runner_ref(), job_ref()
            if runner is None or live_job is None or not (isValid(runner) and isValid(live_job)):
                return None
            return runner, live_job

        def succeeded(result: Any) -> None:
            if (pair := alive()) is None:
                return
            runner, live_job = pair
            live_job._stop_feedback()
            live_job.outcome = "succeeded"
            try:
                if write and not runner._closed:
                    runner._announce(changes_of(result) or changes, initiator)
                if on_success is not None and not runner._closed:
                    _deliver(on_success, result)
            finally:
                runner._finish(live_job)

        def failed(error: Exception, trace: str) -> None:
            log.info("job failed: %s", trace)
            if (pair := alive()) is None:
                return
            runner, live_job = pair
            live_job._stop_feedback()
            live_job.outcome = "failed"
            try:
                if runner._closed:
                    pass
                elif on_failure is not None:
                    _deliver(on_failure, error)
                else:
                    runner.job_failed.emit(error, trace)
            finally:
                runner._finish(live_job)

        def cancelled() -> None:
            if (pair := alive()) is None:
                return
            runner, live_job = pair
            live_job._stop_feedback()
            live_job.outcome = "cancelled"
            runner.job_cancelled.emit()
            runner._finish(live_job)

        def left() -> None:  # queued after the result: the worker no longer touches ``signals``
            _IN_FLIGHT.discard(signals)
            signals.deleteLater()
            if (pair := alive()) is not None:
                pair[1]._mark(worker_left=True)

        signals.succeeded.connect(succeeded, Qt.ConnectionType.QueuedConnection)
        signals.failed.connect(failed, Qt.ConnectionType.QueuedConnection)
        signals.cancelled.connect(cancelled, Qt.ConnectionType.QueuedConnection)
        signals.left.connect(left, Qt.ConnectionType.QueuedConnection)
        self._active.add(job)
        job._start_feedback()
        (self._write_pool if write else self._read_pool).start(_Runnable(fn, job.progress, signals))
        return job

    def _announce(self, changes: Changes | None, initiator: object | None) -> None:
        self.announce(changes, initiator)

    def announce(self, changes: Changes | None, initiator: object | None) -> None:
        """Tell the screens what a write changed. Jobs do this themselves; only a write made
        outside a job (the new-user dialog, which also runs before the window exists) calls it."""
        if changes is not None and changes.any() and self.events is not None:
            self.events.changes_applied.emit(changes, initiator)

    def _finish(self, job: Job) -> None:
        self._active.discard(job)
        job.finished.emit()
        job._mark(delivered=True)

    def busy(self) -> bool:
        return bool(self._active)

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """Cancel what runs and wait a bounded time (Spyder's _stop_and_reset_thread);
        results that arrive after this are dropped, their screens are closing."""
        self._closed = True
        for job in list(self._active):
            job.cancel()
        self._write_pool.waitForDone(timeout_ms)
        self._read_pool.waitForDone(timeout_ms)

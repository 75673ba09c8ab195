"""Progress reporting and cooperative cancel for long services (plain Python, no Qt)."""
from __future__ import annotations

import threading
from typing import Protocol


class Cancelled(Exception):
    """The user asked to stop; the unit of work rolls back. Not an error."""


class Progress(Protocol):
    def step(self, done: int, total: int | None = None, message: str = "") -> None: ...

    def check(self) -> None: ...


class NullProgress:
    def step(self, done: int, total: int | None = None, message: str = "") -> None:
        pass

    def check(self) -> None:
        pass


class ProgressState:
    """Thread-safe progress that a window polls every ~100 ms and can cancel."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancel = threading.Event()
        self.done = 0
        self.total: int | None = None
        self.message = ""

    def step(self, done: int, total: int | None = None, message: str = "") -> None:
        with self._lock:
            self.done, self.total = done, total if total is not None else self.total
            if message:
                self.message = message
        self.check()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def snapshot(self) -> tuple[int, int | None, str]:
        with self._lock:
            return self.done, self.total, self.message

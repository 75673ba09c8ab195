"""An import's chunks written in a thread of their own while the next chunk is judged (on a server).

On a hosted register the server spends a chunk's write (``COPY``, the indexes, the audit's
statement triggers) on its own cores while this process waits, and this process then judges the
next chunk (the reader's rows, the look-ups of registered persons, the duplicate scoring) while
the server waits. ``WriteBehind`` lets the two overlap: the import's own session is used by the
writing thread only, from the first ``submit`` until ``drain``; the look-ups go through a second,
read-only session (``services.imports``). SQLite writes in the caller's thread (``WriteNow``):
its writes are this process's own work, there is nothing to overlap.
"""
from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

_STOP = object()


class WriteNow:
    """Each chunk written when it is submitted."""

    def __init__(self, write: Callable[[Any], None]) -> None:
        self._write = write

    def submit(self, chunk: Any) -> None:
        self._write(chunk)

    def drain(self) -> None:
        return None

    def abandon(self) -> None:
        return None


class WriteBehind:
    """Chunks written one at a time, in order, by one thread; at most one more waits. A failure of
    a write stops the writing and is raised in the caller at its next ``submit`` or ``drain``."""

    def __init__(self, write: Callable[[Any], None]) -> None:
        self._write = write
        self._waiting: queue.Queue[Any] = queue.Queue(maxsize=1)
        self._failure: BaseException | None = None
        self._abandoned = False
        self._thread = threading.Thread(target=self._run, name="import-writer", daemon=True)
        self._thread.start()

    def submit(self, chunk: Any) -> None:
        self._raise_failure()
        self._waiting.put(chunk)

    def drain(self) -> None:
        """Wait until every submitted chunk is written (the session is the caller's again)."""
        self._stop()
        self._raise_failure()

    def abandon(self) -> None:
        """Drop the chunks not yet begun and wait for the one being written: the caller's unit of
        work may roll back only when no other thread uses its session."""
        self._abandoned = True
        self._stop()

    def _stop(self) -> None:
        if self._thread.is_alive():
            self._waiting.put(_STOP)
            self._thread.join()

    def _raise_failure(self) -> None:
        if self._failure is not None:
            failure, self._failure = self._failure, None
            self._abandoned = True
            raise failure

    def _run(self) -> None:
        while True:
            chunk = self._waiting.get()
            if chunk is _STOP:
                return
            if self._abandoned or self._failure is not None:
                continue
            try:
                self._write(chunk)
            except BaseException as failure:  # noqa: BLE001 - handed to the caller's thread
                self._failure = failure

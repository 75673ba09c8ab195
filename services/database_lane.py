"""One thread that runs an import's database work, in order, beside the thread that reads.

Reading and judging a register is Python work; inserting its rows is mostly the database
engine's own work, during which the driver lets other Python threads run (sqlite3 and psycopg
release the GIL while a statement executes). With the writes of one chunk on this lane while
the caller reads and checks the next chunk, a 100 000-row import uses a second core instead of
waiting.

Every use of the unit of work goes through the lane once it is open, so the session is only
ever used by one thread at a time, and calls run in the order they were made: a duplicate
look-up made after a write sees that write, as it did when everything ran on one thread.
At most one write waits behind the one running, so memory stays bounded. A write that fails
is raised in the caller at its next call to the lane, before anything else is done.
"""
from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import Callable, TypeVar

T = TypeVar("T")


class DatabaseLane:
    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-database")
        self._writes: list[Future] = []

    def call(self, fn: Callable[..., T], *args) -> T:
        """Run ``fn`` after every earlier call and write, and return its result."""
        future = self._executor.submit(fn, *args)
        self._raise_failed_writes(wait=True)
        return future.result()

    def write(self, fn: Callable[..., object], *args) -> None:
        """Queue ``fn``; return once no more than this one write is waiting."""
        self._raise_failed_writes(wait=len(self._writes) >= 1)
        self._writes.append(self._executor.submit(fn, *args))

    def drain(self) -> None:
        """Wait for every queued write; raise the first that failed."""
        self._raise_failed_writes(wait=True)

    def _raise_failed_writes(self, wait: bool) -> None:
        """Forget finished writes (waiting for all of them when ``wait``); raise the first failure."""
        for write in list(self._writes):
            if not wait and not write.done():
                continue
            self._writes.remove(write)
            error = write.exception()  # blocks while the write still runs
            if error is not None:
                raise error

    def close(self) -> None:
        # The caller's transaction ends after this: nothing may still be writing into it.
        self._executor.shutdown(wait=True, cancel_futures=True)
        self._writes.clear()

    def __enter__(self) -> "DatabaseLane":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

"""An insert-only map of exact keys to numbers that costs about 16 bytes an entry, not 100 to 170.

The import's in-file duplicate index keeps every IIN and every name + birth date of the file
until its end: as Python dicts of objects it was the one part of the import's memory that grew
with the rows (≈24 MB at 100 000 rows). Here the entries sit in two sorted arrays (keys, values),
found by binary search; new entries wait in a small dict and are merged in when it is full, the
stretches between them copied whole. Integer keys go into an ``array('q')``; text keys into a sorted list (each key
string is kept once, without a dict entry or a value object beside it). Exact: no hashing of keys.
"""
from __future__ import annotations

from array import array
from bisect import bisect_left
from typing import Generic, TypeVar

K = TypeVar("K", int, str)

PENDING = 16384  # entries that wait in a dict before a merge (≈2.5 MB at most)


class SortedIndex(Generic[K]):
    def __init__(self, integer_keys: bool, pending: int = PENDING) -> None:
        self._keys: array[int] | list[str] = array("q") if integer_keys else []
        self._values = array("q")
        self._pending: dict[K, int] = {}
        self._limit = pending

    def __len__(self) -> int:
        return len(self._keys) + len(self._pending)

    def get(self, key: K) -> int | None:
        found = self._pending.get(key)
        if found is not None:
            return found
        keys = self._keys
        index = bisect_left(keys, key)
        if index < len(keys) and keys[index] == key:
            return self._values[index]
        return None

    def add(self, key: K, value: int) -> None:
        """Keeps ``value`` for ``key`` unless the key is there already (the first one stays)."""
        if self.get(key) is None:
            self._pending[key] = value
            if len(self._pending) >= self._limit:
                self._merge()

    def _merge(self) -> None:
        """The waiting entries put in their places: the stretches of the arrays between two of them
        are copied whole (in C), so a merge costs one pass of Python per waiting entry, not per entry."""
        old_keys, old_values = self._keys, self._values
        keys: array[int] | list[str] = array("q") if isinstance(old_keys, array) else []
        values = array("q")
        start = 0
        for key, value in sorted(self._pending.items()):
            end = bisect_left(old_keys, key, start)
            keys.extend(old_keys[start:end])  # type: ignore[arg-type]
            values.extend(old_values[start:end])
            keys.append(key)  # type: ignore[arg-type]
            values.append(value)
            start = end
        keys.extend(old_keys[start:])  # type: ignore[arg-type]
        values.extend(old_values[start:])
        self._keys, self._values, self._pending = keys, values, {}

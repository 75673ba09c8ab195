"""The error every register reader raises for a file it will not read (kept apart so the
readers and the limits can share it without importing each other)."""
from __future__ import annotations

from domain.errors import DomainError


class UnreadableRegisterError(DomainError):
    """The file cannot be read as a workbook (or the sheet asked for is not in it)."""
